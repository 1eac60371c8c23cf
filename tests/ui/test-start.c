/* test-start.c — the Start page of the real application, run from the build tree: the app icon
 * comes from the GResource (not the missing-image placeholder), New Connection is above the fold
 * at the default window size (light and dark) and at 360 px, and --simulate is the default world.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lw-application.h"
#include "lw-window.h"
#include "lw-page.h"
#include "lw-session.h"
#include "lw-test-util.h"

#define ICON_RESOURCE "/io/github/linkwright/Linkwright/icons/scalable/apps/" APP_ID ".svg"

typedef struct {
  LwApplication *app;
  LwWindow      *window;
} Fixture;

static gboolean
has_window (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWidget *
start_child (Fixture    *f,
             const char *name)
{
  GtkWidget *page = lw_window_get_page (f->window, "start");
  return (GtkWidget *) gtk_widget_get_template_child (page, g_type_from_name ("LwStartPage"), name);
}

/* One application for every test: a second one in this process would find its D-Bus object path
 * taken. */
static Fixture shared;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (shared.app != NULL)
    {
      *f = shared;
      return;
    }

  f->app = lw_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  /* As `linkwright --simulate` (the README's RUN command): the in-process simulated cloud. */
  lw_application_set_simulate (f->app, TRUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
  g_assert_true (lw_test_iterate_until (has_window, f->app, 10000));
  f->window = LW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_cmpstr (lw_window_get_visible_page (f->window), ==, "start");
  shared = *f;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
shared_free (void)
{
  if (shared.app == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (shared.window));
  g_application_quit (G_APPLICATION (shared.app));
  g_clear_object (&shared.app);
}

/* An installed copy of the icon in a data dir would hide whether the resource works. */
static gboolean
icon_installed (void)
{
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "icons", "hicolor", "scalable", "apps",
                                            APP_ID ".svg", NULL);

  if (g_file_test (user, G_FILE_TEST_EXISTS))
    return TRUE;
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "icons", "hicolor", "scalable", "apps", APP_ID ".svg", NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

static void
test_icon (Fixture       *f,
           gconstpointer  data)
{
  /* The page builds the status page's look itself (lw-start-page.ui): its icon is an image. */
  GtkImage *image = GTK_IMAGE (start_child (f, "icon"));
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->window)));
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  g_assert_cmpint (gtk_image_get_storage_type (image), ==, GTK_IMAGE_ICON_NAME);
  g_assert_cmpstr (gtk_image_get_icon_name (image), ==, APP_ID);
  /* Both icons are in the UI resources, under the application's resource base path. */
  g_assert_true (g_resources_get_info (ICON_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL));
  g_assert_true (g_resources_get_info ("/io/github/linkwright/Linkwright/icons/symbolic/apps/" APP_ID "-symbolic.svg",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL));

  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  g_assert_nonnull (icon);
  /* Not the placeholder GTK draws for a missing icon. */
  g_assert_cmpstr (gtk_icon_paintable_get_icon_name (icon), ==, APP_ID);
  file = gtk_icon_paintable_get_file (icon);
  g_assert_nonnull (file);
  uri = g_file_get_uri (file);
  g_test_message ("the Start page's icon: %s", uri);
  if (icon_installed ())
    g_test_message ("an installed copy of the icon exists; the theme may prefer it");
  else
    g_assert_cmpstr (uri, ==, "resource://" ICON_RESOURCE);
}

typedef struct {
  GtkWidget *widget;
  int        width;
} SizeWait;

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
has_width (gpointer data)
{
  SizeWait *w = data;
  return gtk_widget_get_width (w->widget) == w->width;
}

/* New Connection lies inside the visible part of its scrolled window, which is not scrolled. */
static void
assert_above_fold (Fixture    *f,
                   const char *what)
{
  GtkWidget *button = start_child (f, "new_button");
  GtkWidget *scrolled = gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *vadj;
  graphene_rect_t b;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_get_mapped (button));
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0.0);
  g_assert_true (gtk_widget_compute_bounds (button, scrolled, &b));
  g_test_message ("%s: window %d×%d, scrolled window %d×%d, button at (%.0f, %.0f) %.0f×%.0f, content height %.0f",
                  what, gtk_widget_get_width (GTK_WIDGET (f->window)), gtk_widget_get_height (GTK_WIDGET (f->window)),
                  gtk_widget_get_width (scrolled), gtk_widget_get_height (scrolled),
                  b.origin.x, b.origin.y, b.size.width, b.size.height, gtk_adjustment_get_upper (vadj));
  g_assert_cmpfloat (b.size.height, >, 0);
  g_assert_cmpfloat (b.origin.y, >=, 0);
  g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (scrolled));
  g_assert_cmpfloat (b.origin.x, >=, 0);
  g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (scrolled));
}

/* The default size includes the client-side decoration's shadow; the window widget's own width
 * does not. width and height are the default size; widget_width what the window widget gets. */
static void
resize (Fixture *f,
        int      width,
        int      height,
        int      widget_width)
{
  SizeWait w = { GTK_WIDGET (f->window), widget_width };

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  if (!lw_test_iterate_until (has_width, &w, 5000))
    g_error ("the window is %d×%d, not %d wide", gtk_widget_get_width (w.widget), gtk_widget_get_height (w.widget),
             widget_width);
  /* The children's layout follows in the same frame; run what is pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_fold (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                                                      APP_ID, TRUE);
  g_autoptr(GVariant) dw = NULL, dh = NULL;
  g_autoptr(GSettingsSchemaKey) kw = NULL, kh = NULL;
  int width, height, decoration;

  /* The default size is the schema's default (nothing stored in this fresh world). */
  g_assert_nonnull (schema);
  kw = g_settings_schema_get_key (schema, "window-width");
  kh = g_settings_schema_get_key (schema, "window-height");
  dw = g_settings_schema_key_get_default_value (kw);
  dh = g_settings_schema_key_get_default_value (kh);
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, g_variant_get_int32 (dw));
  g_assert_cmpint (height, ==, g_variant_get_int32 (dh));
  /* The simulated cloud's badge takes room too. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "simulated"));

  /* The window was presented at its default size. */
  g_assert_true (lw_test_iterate_until (allocated, f->window, 5000));
  decoration = width - gtk_widget_get_width (GTK_WIDGET (f->window));
  g_assert_cmpint (decoration, >=, 0);
  g_assert_cmpint (decoration, <, 100);

  resize (f, width, height, width - decoration);
  assert_above_fold (f, "default size, light");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  resize (f, width, height, width - decoration);
  assert_above_fold (f, "default size, dark");

  /* 360 px: the narrowest the window allows (its width-request). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  resize (f, 360 + decoration, height, 360);
  assert_above_fold (f, "360 px wide, light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  resize (f, 360 + decoration, height, 360);
  assert_above_fold (f, "360 px wide, dark");
}

/* `linkwright --simulate` runs on the default world: Singapore, like the real offering. */
static void
test_simulate_world (Fixture       *f,
                     gconstpointer  data)
{
  LwSession *session = lw_window_get_session (f->window);

  g_assert_true (lw_session_get_simulate (session));
  g_assert_cmpstr (lw_session_get_demo_value (session, "world"), ==, "singapore");
  g_assert_cmpstr (lw_session_get_demo_value (session, "region"), ==, "ap-southeast-1");
  g_assert_cmpstr (lw_session_get_demo_value (session, "rds-instance-id"), ==, "rm-t4ndemomysql0001");
}

/* --sim-world takes only a built-in world's name. */
static void
test_bad_world (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LwApplication) app = lw_application_new ();
      char *argv[] = { (char *) "linkwright", (char *) "--sim-world", (char *) "atlantis", NULL };
      exit (g_application_run (G_APPLICATION (app), 3, argv));
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Unknown simulated world*atlantis*singapore, hangzhou*");
}

int
main (int argc, char *argv[])
{
  int ret;

  lw_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (lw_test_fatal_filter, NULL);

  g_test_add ("/start/icon-from-resources", Fixture, NULL, fixture_setup, test_icon, fixture_teardown);
  g_test_add ("/start/new-connection-above-fold", Fixture, NULL, fixture_setup, test_fold, fixture_teardown);
  g_test_add ("/start/simulate-default-world", Fixture, NULL, fixture_setup, test_simulate_world, fixture_teardown);
  g_test_add_func ("/start/bad-sim-world", test_bad_world);
  ret = g_test_run ();
  shared_free ();
  return ret;
}
