/* lw-test-util.h — helpers shared by the UI tests */
#pragma once

#include <adwaita.h>
#include <string.h>

G_BEGIN_DECLS

typedef gboolean (*LwTestCondition) (gpointer data);

/* Iterates the default main context until condition holds or timeout_ms pass; returns whether
 * it holds. Never sleeps: each iteration waits for an event (with a short wake-up timer so a
 * condition on state without events is re-checked). */
static inline gboolean
lw_test_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static inline gboolean
lw_test_iterate_until (LwTestCondition condition,
                       gpointer        data,
                       guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (20, lw_test_wake, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

/* A missing or unloadable icon is cosmetic (some headless machines lack an SVG pixbuf loader for
 * GTK's built-in icons): do not let it abort a test. Everything else stays fatal. */
static inline gboolean
lw_test_fatal_filter (const char     *log_domain,
                      GLogLevelFlags  log_level,
                      const char     *message,
                      gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "Gtk") == 0 && message != NULL && strstr (message, "Failed to load icon") != NULL);
}

static inline void
lw_test_isolate_data_home (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-ui-test-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

typedef gboolean (*LwTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget at or below root, depth first, that match accepts, or NULL. */
static inline GtkWidget *
lw_test_find_widget (GtkWidget         *root,
                     LwTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = lw_test_find_widget (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

G_END_DECLS
