/* lw-application.c — the Linkwright application: actions, command-line options
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lw-application.h"
#include "lw-sim.h"
#include "ui/lw-window.h"
#include "ui/lw-session.h"

struct _LwApplication
{
  AdwApplication  parent_instance;

  gboolean        simulate;
  char           *endpoint_override;
  char           *sim_profile;
  char           *sim_world;
  char           *screenshot_dir;
  double          time_scale;

  LwSession      *session;
};

G_DEFINE_FINAL_TYPE (LwApplication, lw_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "simulate", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the built-in simulated cloud with demo credentials"), NULL },
  { "endpoint-override", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Send every cloud request to URL (a loopback simulator)"), N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  /* Hidden: for tests and benchmarks. */
  { "sim-profile", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "Latency profile of the simulated cloud (instant, demo, realistic)", "PROFILE" },
  { "sim-world", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
    "World of the simulated cloud: singapore (default; ap-southeast-1) or hangzhou (cn-hangzhou)", "NAME" },
  { "time-scale", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL,
    "Scale the simulator's delays and the engine's timers", "X" },
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    "Save a PNG of every page (light and dark) into DIR and quit", "DIR" },
  { NULL }
};

static int
lw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  LwApplication *self = LW_APPLICATION (app);
  const char *str = NULL;
  double scale = 0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "linkwright", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "simulate"))
    self->simulate = TRUE;

  if (g_variant_dict_lookup (options, "endpoint-override", "&s", &str) ||
      ((str = g_getenv ("LINKWRIGHT_ENDPOINT_OVERRIDE")) && *str))
    {
      g_autoptr(GError) error = NULL;
      /* Plain HTTP only to loopback (the simulator): refuse anything else before a window opens. */
      g_autofree char *url = lw_engine_check_endpoint_override (str, &error);

      if (url == NULL)
        {
          g_printerr (_("Cannot use the endpoint override: %s\n"), error->message);
          return 2;
        }
      g_free (self->endpoint_override);
      self->endpoint_override = g_steal_pointer (&url);
    }

  if (g_variant_dict_lookup (options, "sim-profile", "&s", &str))
    {
      if (g_strcmp0 (str, "instant") != 0 && g_strcmp0 (str, "demo") != 0 &&
          g_strcmp0 (str, "realistic") != 0)
        {
          g_printerr (_("Unknown simulator profile “%s” (use instant, demo or realistic)\n"), str);
          return 2;
        }
      g_free (self->sim_profile);
      self->sim_profile = g_strdup (str);
    }

  if (g_variant_dict_lookup (options, "sim-world", "&s", &str))
    {
      if (!g_strv_contains (lw_sim_world_names (), str))
        {
          g_autofree char *names = g_strjoinv (", ", (char **) lw_sim_world_names ());
          g_printerr (_("Unknown simulated world “%s” (use one of: %s)\n"), str, names);
          return 2;
        }
      g_free (self->sim_world);
      self->sim_world = g_strdup (str);
      self->simulate = TRUE;
    }

  if (g_variant_dict_lookup (options, "time-scale", "d", &scale))
    {
      if (!(scale > 0 && scale <= 1000))
        {
          g_printerr (_("The time scale must be a number above 0\n"));
          return 2;
        }
      self->time_scale = scale;
    }

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &str))
    {
      g_free (self->screenshot_dir);
      self->screenshot_dir = g_strdup (str);
      self->simulate = TRUE;
    }

  /* Each simulated or screenshot run gets its own in-process cloud, so it must not hand its
   * activation to an instance that is already running. */
  if (self->simulate || self->screenshot_dir != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
lw_application_ensure_session (LwApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->session != NULL)
    return;

  self->session = lw_session_new_full (self->simulate,
                                       self->endpoint_override,
                                       self->sim_profile ? self->sim_profile : "demo",
                                       self->sim_world,
                                       self->time_scale > 0 ? self->time_scale : 1.0,
                                       &error);
  if (self->session == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }

  if (lw_session_get_sim_url (self->session) != NULL)
    {
      /* Tests read this line to reach the simulator's admin API. */
      fprintf (stdout, "LINKWRIGHT_SIM_URL=%s\n", lw_session_get_sim_url (self->session));
      fflush (stdout);
    }
}

/* LW_BENCH_FIRST_FRAME_EXIT=1 (benchmarks/bench-startup.py): report the first painted frame and quit,
 * exactly as benchmarks/minimal-window.c does, so that both are measured the same way. */
static void
bench_after_paint (GdkFrameClock *clock,
                   gpointer       user_data)
{
  GApplication *app = user_data;

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint, user_data);
  fprintf (stdout, "FIRST_FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_application_quit (app);
}

static void
bench_window_mapped (GtkWidget *window,
                     gpointer   app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, bench_window_mapped, app);
  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_after_paint), app);
}

static void
lw_application_activate (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      lw_application_ensure_session (self);
      if (self->session == NULL)
        return;

      window = GTK_WINDOW (lw_window_new (self, self->session));
      if (self->screenshot_dir != NULL)
        lw_window_take_screenshots (LW_WINDOW (window), self->screenshot_dir);
      if (g_strcmp0 (g_getenv ("LW_BENCH_FIRST_FRAME_EXIT"), "1") == 0)
        g_signal_connect (window, "map", G_CALLBACK (bench_window_mapped), app);
    }

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Linkwright authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Linkwright"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Linkwright authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Connect a TiDB Cloud Essential cluster to Alibaba Cloud RDS for MySQL over PrivateLink, safely and resumably."),
                        "developers", developers,
                        "copyright", "© 2026 The Linkwright authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows (rather than g_application_quit) lets them save their size. */
  for (GList *l = windows; l != NULL; )
    {
      GList *next = l->next;
      gtk_window_close (l->data);
      l = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static void
lw_application_startup (GApplication *app)
{
  static const GActionEntry app_actions[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", "<Control>F1", NULL };

  G_APPLICATION_CLASS (lw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
  lw_window_set_accels (GTK_APPLICATION (app));
}

static void
lw_application_shutdown (GApplication *app)
{
  LwApplication *self = LW_APPLICATION (app);

  g_clear_object (&self->session);

  G_APPLICATION_CLASS (lw_application_parent_class)->shutdown (app);
}

static void
lw_application_finalize (GObject *object)
{
  LwApplication *self = LW_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint_override, g_free);
  g_clear_pointer (&self->sim_profile, g_free);
  g_clear_pointer (&self->sim_world, g_free);
  g_clear_pointer (&self->screenshot_dir, g_free);

  G_OBJECT_CLASS (lw_application_parent_class)->finalize (object);
}

static void
lw_application_class_init (LwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lw_application_finalize;
  app_class->handle_local_options = lw_application_handle_local_options;
  app_class->activate = lw_application_activate;
  app_class->startup = lw_application_startup;
  app_class->shutdown = lw_application_shutdown;
}

static void
lw_application_init (LwApplication *self)
{
  self->time_scale = 1.0;
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Connect TiDB Cloud to Alibaba Cloud RDS for MySQL over PrivateLink."));
}

LwApplication *
lw_application_new (void)
{
  return g_object_new (LW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/linkwright/Linkwright",
                       NULL);
}

gboolean
lw_application_get_simulate (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), FALSE);
  return self->simulate;
}

void
lw_application_set_simulate (LwApplication *self,
                             gboolean       simulate)
{
  g_return_if_fail (LW_IS_APPLICATION (self));
  self->simulate = !!simulate;
}

const char *
lw_application_get_endpoint_override (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);
  return self->endpoint_override;
}

const char *
lw_application_get_sim_profile (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), NULL);
  return self->sim_profile;
}

double
lw_application_get_time_scale (LwApplication *self)
{
  g_return_val_if_fail (LW_IS_APPLICATION (self), 1.0);
  return self->time_scale;
}
