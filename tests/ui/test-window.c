/* test-window.c — the real application window: start-up (smoke test), options, navigation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lw-application.h"
#include "lw-window.h"
#include "lw-page.h"
#include "lw-step-row.h"
#include "lw-engine-error.h"
#include "lw-test-util.h"

static gboolean
has_window (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);
  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWidget *
start_child (LwWindow   *window,
             const char *name)
{
  GtkWidget *page = lw_window_get_page (window, "start");
  return (GtkWidget *) gtk_widget_get_template_child (page, g_type_from_name ("LwStartPage"), name);
}

static gboolean
is_page (gpointer data)
{
  LwWindow *window = ((gpointer *) data)[0];
  return g_strcmp0 (lw_window_get_visible_page (window), ((gpointer *) data)[1]) == 0;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  return lw_test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

static void
test_smoke (void)
{
  g_autoptr(LwApplication) app = lw_application_new ();
  g_autoptr(GError) error = NULL;
  LwWindow *window;
  GtkWidget *new_button, *manage_button, *resume_button;
  gpointer args[2];

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  /* The real clouds (nothing is sent before the user acts); --simulate is covered by the other tests. */
  lw_application_set_simulate (app, FALSE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_assert_true (lw_test_iterate_until (has_window, app, 10000));
  window = LW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_cmpstr (lw_window_get_visible_page (window), ==, "start");

  new_button = start_child (window, "new_button");
  manage_button = start_child (window, "manage_button");
  resume_button = start_child (window, "resume_button");
  g_assert_true (gtk_widget_get_mapped (new_button));
  g_assert_true (gtk_widget_is_sensitive (new_button));
  g_assert_true (gtk_widget_get_mapped (manage_button));
  /* A fresh user has nothing to resume. */
  g_assert_false (gtk_widget_get_visible (resume_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (new_button)), ==, "_New Connection");

  /* Only a simulated run shows the "Simulated cloud" badge. */
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "simulated"));

  /* Nothing to go back to on Start; Next is not offered there. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL) &&
                  g_strcmp0 (lw_window_get_visible_page (window), "start") != 0);

  /* New Connection leads to the account page, where Next waits for valid input. */
  gtk_widget_activate (new_button);
  args[0] = window;
  args[1] = (gpointer) "account";
  g_assert_true (lw_test_iterate_until (is_page, args, 5000));

  /* Escape / Back returns to Start. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  args[1] = (gpointer) "start";
  g_assert_true (lw_test_iterate_until (is_page, args, 5000));

  /* Manage existing shows the empty state. */
  gtk_widget_activate (manage_button);
  args[1] = (gpointer) "manage";
  g_assert_true (lw_test_iterate_until (is_page, args, 5000));

  /* Shortcuts and About exist as actions. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  {
    const char * const *accels = NULL;
    g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
    g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
    accels = (const char * const *) quit;
    g_assert_true (g_strv_contains (accels, "<Control>q"));
    g_assert_true (g_strv_contains ((const char * const *) help, "<Control>question"));
  }

  /* Ctrl+? opens the shortcuts window loaded from the resources: built when first asked for (not
   * before the first frame), transient for the window, the same one the second time. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  {
    GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

    g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
    gtk_window_close (GTK_WINDOW (overlay));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
    g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    gtk_window_close (GTK_WINDOW (overlay));
  }

  /* The main menu is made when first opened (not before the first frame), from the window's menu
   * (Manage, Keyboard Shortcuts, About, Quit), and kept. */
  {
    GtkMenuButton *menu = GTK_MENU_BUTTON (find_widget_of_type (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON));
    GMenuModel *model;
    GtkPopover *popover;

    g_assert_nonnull (menu);
    g_assert_null (gtk_menu_button_get_menu_model (menu));
    g_assert_null (gtk_menu_button_get_popover (menu));
    gtk_menu_button_popup (menu);
    model = gtk_menu_button_get_menu_model (menu);
    popover = gtk_menu_button_get_popover (menu);
    g_assert_nonnull (model);
    g_assert_true (GTK_IS_POPOVER_MENU (popover));
    g_assert_cmpint (g_menu_model_get_n_items (model), ==, 2);  /* two sections */
    gtk_menu_button_popdown (menu);
    gtk_menu_button_popup (menu);
    g_assert_true (gtk_menu_button_get_popover (menu) == popover);
    gtk_menu_button_popdown (menu);
  }

  /* About opens, transient for the window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  {
    g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
    GtkWindow *about = NULL;
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);
        if (ADW_IS_ABOUT_WINDOW (toplevel))
          about = GTK_WINDOW (toplevel);
      }
    g_assert_nonnull (about);
    g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
    gtk_window_destroy (about);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

static void
test_version (void)
{
  /* --version is handled locally and exits 0 before any window. */
  if (g_test_subprocess ())
    {
      g_autoptr(LwApplication) app = lw_application_new ();
      char *argv[] = { (char *) "linkwright", (char *) "--version", NULL };
      exit (g_application_run (G_APPLICATION (app), 2, argv));
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("linkwright " PACKAGE_VERSION "*");
}

static void
test_bad_option (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(LwApplication) app = lw_application_new ();
      char *argv[] = { (char *) "linkwright", (char *) "--sim-profile", (char *) "sluggish", NULL };
      exit (g_application_run (G_APPLICATION (app), 3, argv));
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*sluggish*");
}

static void
test_bad_override (void)
{
  /* Plain HTTP to a remote host would send signed requests in clear text: refused at start-up. */
  if (g_test_subprocess ())
    {
      g_autoptr(LwApplication) app = lw_application_new ();
      char *argv[] = { (char *) "linkwright", (char *) "--endpoint-override", (char *) "http://example.com", NULL };
      exit (g_application_run (G_APPLICATION (app), 3, argv));
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*endpoint override*");
}

/* LwWidthFirstBoxLayout (issue #13): a vertical box under a horizontal one, as in AdwActionRow's
 * header, answers a width for a height with its plain width, and otherwise lays out as a GtkBox. */
static GtkWidget *
title_and_wrapping_label (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new ("Title");
  GtkWidget *subtitle = gtk_label_new ("A subtitle long enough to wrap over several lines in a narrow row, "
                                       "the way check results and plan rows do");

  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  return box;
}

static void
test_width_first_box_layout (void)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *adopted = title_and_wrapping_label ();
  GtkWidget *reference = title_and_wrapping_label ();
  GtkLayoutManager *manager;
  int min, nat, min_for, nat_for;

  gtk_init ();
  if (!lw_width_first_wanted ())
    {
      g_autofree char *why = g_strdup_printf ("GTK %u.%u keeps its own box layout: the width-first layout is "
                                              "the GTK 4.8/4.9 workaround, measured there only",
                                              gtk_get_major_version (), gtk_get_minor_version ());
      g_test_skip (why);
      return;
    }
  gtk_box_append (GTK_BOX (header), adopted);
  g_object_ref_sink (header);
  g_object_ref_sink (reference);

  lw_layout_adopt (header);
  manager = gtk_widget_get_layout_manager (adopted);
  g_assert_true (LW_IS_WIDTH_FIRST_BOX_LAYOUT (manager));
  /* Horizontal boxes keep their GtkBoxLayout; adopting again changes nothing. */
  g_assert_true (GTK_IS_BOX_LAYOUT (gtk_widget_get_layout_manager (header)));
  lw_layout_adopt (header);
  g_assert_true (gtk_widget_get_layout_manager (adopted) == manager);

  /* A width for a height is the plain width (a GtkBox would search for the narrowest width whose
   * height fits, laying the label out at every step). */
  gtk_widget_measure (adopted, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (adopted, GTK_ORIENTATION_HORIZONTAL, 40, &min_for, &nat_for, NULL, NULL);
  g_assert_cmpint (min_for, ==, min);
  g_assert_cmpint (nat_for, ==, nat);
  g_assert_cmpint (min, >, 0);

  /* Widths and heights for a width, spacing included, as the same box with a GtkBoxLayout. */
  {
    int ref_min, ref_nat;

    gtk_widget_measure (reference, GTK_ORIENTATION_HORIZONTAL, -1, &ref_min, &ref_nat, NULL, NULL);
    g_assert_cmpint (min, ==, ref_min);
    g_assert_cmpint (nat, ==, ref_nat);
  }
  for (int width = 120; width <= 600; width += 240)
    {
      int ref_min, ref_nat;
      graphene_rect_t bounds, ref_bounds;
      GtkWidget *subtitle = gtk_widget_get_last_child (adopted);
      GtkWidget *ref_subtitle = gtk_widget_get_last_child (reference);

      gtk_widget_measure (adopted, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
      gtk_widget_measure (reference, GTK_ORIENTATION_VERTICAL, width, &ref_min, &ref_nat, NULL, NULL);
      g_assert_cmpint (min, ==, ref_min);
      g_assert_cmpint (nat, ==, ref_nat);
      gtk_widget_allocate (adopted, width, nat, -1, NULL);
      gtk_widget_allocate (reference, width, ref_nat, -1, NULL);
      g_assert_true (gtk_widget_compute_bounds (subtitle, adopted, &bounds));
      g_assert_true (gtk_widget_compute_bounds (ref_subtitle, reference, &ref_bounds));
      g_assert_true (graphene_rect_equal (&bounds, &ref_bounds));
      g_assert_cmpfloat (bounds.origin.y, >, 0);  /* below the title and the spacing */
    }

  g_object_unref (reference);
  g_object_unref (header);
}

/* The wrapping labels below widget whose text is text (NULL: every wrapping label), in wrap modes. */
static void
collect_wrap_modes (GtkWidget  *widget,
                    const char *text,
                    GArray     *modes)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget)) &&
      (text == NULL || g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0))
    {
      PangoWrapMode mode = gtk_label_get_wrap_mode (GTK_LABEL (widget));
      g_array_append_val (modes, mode);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_wrap_modes (c, text, modes);
}

static PangoWrapMode
wrap_mode_of (GtkWidget  *widget,
              const char *text)
{
  g_autoptr(GArray) modes = g_array_new (FALSE, FALSE, sizeof (PangoWrapMode));

  collect_wrap_modes (widget, text, modes);
  g_assert_cmpuint (modes->len, ==, 1);
  return g_array_index (modes, PangoWrapMode, 0);
}

/* lw_layout_adopt() makes wrapping labels break at words while no word of theirs is long (a
 * minimum-width layout with PANGO_WRAP_WORD_CHAR puts every character on a line of its own, issue
 * #13) — libadwaita's own row labels included — and again whenever their text changes; labels with
 * a long word (host names, service names) keep breaking within it, so that they fit the narrowest
 * window; labels that break anywhere (PANGO_WRAP_CHAR) or do not wrap stay as they are. */
/* A scrolled window over a viewport over a bin with @layout holding a wrapping label. */
static GtkWidget *
scrolled_content (GtkLayoutManager *layout,
                  GtkWidget       **bin)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new ("Linkwright connects a TiDB Cloud Essential cluster to an ApsaraDB RDS for "
                                    "MySQL instance over Alibaba Cloud PrivateLink, so that changefeeds and data "
                                    "migration reach the database without the public internet.");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  *bin = adw_bin_new ();
  gtk_widget_set_layout_manager (*bin, layout);
  adw_bin_set_child (ADW_BIN (*bin), label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), gtk_viewport_new (NULL, NULL));
  gtk_viewport_set_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))), *bin);
  return g_object_ref_sink (scrolled);
}

/* LwWidthFirstLayout skips the height at width -1 that a scrolled window asks of its content only
 * to throw it away (issue #13), and answers it where it is used: the scrolled window measures the
 * same as with GtkBinLayout in every case. */
static void
test_width_first_skips_unused_height (void)
{
  GtkWidget *bin, *control_bin;
  g_autoptr(GtkWidget) scrolled = NULL, control = NULL;

  gtk_init ();
  adw_init ();
  scrolled = scrolled_content (g_object_new (LW_TYPE_WIDTH_FIRST_LAYOUT, NULL), &bin);
  control = scrolled_content (gtk_bin_layout_new (), &control_bin);
  for (guint i = 0; i < 3; i++)
    {
      int min = -1, nat = -1, cmin = -1, cnat = -1, bin_min = -1, bin_nat = -1;
      gboolean used = i > 0;

      if (i == 1)  /* the natural height propagates */
        for (GtkWidget *w = scrolled; w != NULL; w = w == scrolled ? control : NULL)
          gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (w), TRUE);
      if (i == 2)  /* no vertical scrollbar: the content's minimum height is the scrolled window's */
        for (GtkWidget *w = scrolled; w != NULL; w = w == scrolled ? control : NULL)
          {
            gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (w), FALSE);
            gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (w), GTK_POLICY_NEVER, GTK_POLICY_NEVER);
          }
      gtk_widget_measure (scrolled, GTK_ORIENTATION_VERTICAL, 360, &min, &nat, NULL, NULL);
      gtk_widget_measure (control, GTK_ORIENTATION_VERTICAL, 360, &cmin, &cnat, NULL, NULL);
      g_assert_cmpint (min, ==, cmin);
      g_assert_cmpint (nat, ==, cnat);
      gtk_widget_measure (bin, GTK_ORIENTATION_VERTICAL, -1, &bin_min, &bin_nat, NULL, NULL);
#if !GTK_CHECK_VERSION (4, 10, 0)
      if (!used)
        {
          g_assert_cmpint (bin_nat, ==, 0);  /* skipped */
          continue;
        }
#endif
      g_assert_cmpint (bin_nat, >, 0);
    }
}

static void
test_layout_adopt_wraps_at_words (void)
{
  static const char *sentence = "Points at the RDS instance’s private address";
  static const char *service = "com.aliyuncs.privatelink.ap-southeast-1.epsrv-t4n0123456789abcdef";
  static const char *host = "172.16.2.10:3306 (rm-t4n0demomysql0001.mysql.singapore.rds.aliyuncs.com)";
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *word_char = gtk_label_new (sentence);
  GtkWidget *chars = gtk_label_new (service);
  GtkWidget *plain = gtk_label_new ("Not wrapping");
  GtkWidget *changing = gtk_label_new (host);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (PangoWrapMode));
  int min, nat;

  gtk_init ();
  adw_init ();
  g_object_ref_sink (box);
  gtk_label_set_wrap (GTK_LABEL (word_char), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (word_char), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_wrap (GTK_LABEL (chars), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (chars), PANGO_WRAP_CHAR);
  gtk_label_set_wrap (GTK_LABEL (changing), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (changing), PANGO_WRAP_WORD_CHAR);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Endpoint service name");
  adw_action_row_set_subtitle (row, service);
  gtk_box_append (GTK_BOX (box), word_char);
  gtk_box_append (GTK_BOX (box), chars);
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), changing);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row));

  /* libadwaita's row labels break at words or characters before. */
  collect_wrap_modes (GTK_WIDGET (row), NULL, before);
  g_assert_cmpuint (before->len, >=, 2);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpint (g_array_index (before, PangoWrapMode, i), ==, PANGO_WRAP_WORD_CHAR);

  lw_layout_adopt (box);
  lw_layout_adopt (box);  /* again: nothing changes */

  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (word_char)), ==, PANGO_WRAP_WORD);
  g_assert_cmpint (wrap_mode_of (GTK_WIDGET (row), "Endpoint service name"), ==, PANGO_WRAP_WORD);
  g_assert_cmpint (wrap_mode_of (GTK_WIDGET (row), service), ==, PANGO_WRAP_WORD_CHAR);
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (chars)), ==, PANGO_WRAP_CHAR);
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (plain)));

  /* The choice follows the text. */
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (changing)), ==, PANGO_WRAP_WORD_CHAR);
  gtk_widget_measure (changing, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, <, 120);
  gtk_label_set_text (GTK_LABEL (changing), sentence);
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (changing)), ==, PANGO_WRAP_WORD);
  adw_action_row_set_subtitle (row, sentence);
  g_assert_cmpint (wrap_mode_of (GTK_WIDGET (row), sentence), ==, PANGO_WRAP_WORD);
  gtk_label_set_text (GTK_LABEL (changing), host);
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (changing)), ==, PANGO_WRAP_WORD_CHAR);

  g_object_unref (box);
}

/* The action row titled title below widget (the step row's detail rows), or NULL. */
static gboolean
is_action_row_titled (GtkWidget     *widget,
                      gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static AdwActionRow *
find_detail_row (GtkWidget  *widget,
                 const char *title)
{
  return (AdwActionRow *) lw_test_find_widget (widget, is_action_row_titled, title);
}

/* A step row's details (request IDs, the error, what it means) are made when the row is first
 * expanded — by the user, or by a failure, which expands it — and follow the step from then on. */
static void
test_step_row_details (void)
{
  g_autoptr(LwStep) step = lw_step_new ("create-nlb", "Create the load balancer", NULL);
  g_autoptr(LwStep) failed = lw_step_new ("create-listener", "Create the listener", NULL);
  g_autoptr(GError) error = g_error_new_literal (LW_ENGINE_ERROR, LW_ENGINE_ERROR_SERVICE,
                                                 "Conflict.Lock: the load balancer is being changed");
  GtkWidget *row, *failed_row;
  AdwActionRow *requests, *error_row, *explain;

  gtk_init ();
  adw_init ();
  row = g_object_ref_sink (lw_step_row_new (step));
  lw_step_set_state (step, LW_STEP_STATE_RUNNING);
  lw_step_add_request_id (step, "6F2C1B7E-REQ-0001");
  g_assert_null (find_detail_row (row, "Request IDs"));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  requests = find_detail_row (row, "Request IDs");
  error_row = find_detail_row (row, "Error");
  explain = find_detail_row (row, "What This Means");
  g_assert_nonnull (requests);
  g_assert_nonnull (error_row);
  g_assert_nonnull (explain);
  g_assert_cmpstr (adw_action_row_get_subtitle (requests), ==, "6F2C1B7E-REQ-0001");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_row)));

  lw_step_add_request_id (step, "6F2C1B7E-REQ-0002");
  g_assert_cmpstr (adw_action_row_get_subtitle (requests), ==, "6F2C1B7E-REQ-0001\n6F2C1B7E-REQ-0002");
  lw_step_set_error (step, error, "Another change of the load balancer is still running.");
  lw_step_set_state (step, LW_STEP_STATE_FAILED);
  g_assert_true (find_detail_row (row, "Error") == error_row);  /* made once */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (error_row), ==, "Conflict.Lock: the load balancer is being changed");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (explain)));
  g_assert_cmpstr (adw_action_row_get_subtitle (explain), ==, "Another change of the load balancer is still running.");
  /* Collapsed (here at once: the row is not mapped, so nothing animates), the details are hidden, so
   * that the plan's layouts do not measure them; expanded again, the same rows show. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (requests), GTK_TYPE_LIST_BOX)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (requests), GTK_TYPE_LIST_BOX)));
  g_assert_true (find_detail_row (row, "Request IDs") == requests);

  /* A step that has failed before its row exists: expanded, the error shown without a click. */
  lw_step_set_error (failed, error, NULL);
  lw_step_set_state (failed, LW_STEP_STATE_FAILED);
  failed_row = g_object_ref_sink (lw_step_row_new (failed));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (failed_row)));
  error_row = find_detail_row (failed_row, "Error");
  g_assert_nonnull (error_row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (find_detail_row (failed_row, "Request IDs")), ==, "No calls yet");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_detail_row (failed_row, "What This Means"))));

  g_object_unref (failed_row);
  g_object_unref (row);
}

/* Every GskBorderNode in node (containers, transforms, clips and the like walked through). */
static void
collect_border_nodes (GskRenderNode *node,
                      GPtrArray     *borders)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_BORDER_NODE:
      g_ptr_array_add (borders, node);
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_border_nodes (gsk_container_node_get_child (node, i), borders);
      break;
    case GSK_TRANSFORM_NODE:
      collect_border_nodes (gsk_transform_node_get_child (node), borders);
      break;
    case GSK_CLIP_NODE:
      collect_border_nodes (gsk_clip_node_get_child (node), borders);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      collect_border_nodes (gsk_rounded_clip_node_get_child (node), borders);
      break;
    case GSK_OPACITY_NODE:
      collect_border_nodes (gsk_opacity_node_get_child (node), borders);
      break;
    case GSK_DEBUG_NODE:
      collect_border_nodes (gsk_debug_node_get_child (node), borders);
      break;
    default:
      break;
    }
}

static gboolean
widget_is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The rows of a boxed list draw their 1-px separators as borders whose four colours are equal
 * (style.css): GTK's cairo renderer draws such a border as one filled path, and one with differing
 * colours as four clipped fills over the row (issue #13: half of the time to draw a page). */
static void
test_row_borders_one_colour (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *window, *group;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GPtrArray) borders = g_ptr_array_new ();
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  guint drawn = 0;

  gtk_init ();
  adw_init ();
  gtk_css_provider_load_from_resource (provider, "/io/github/linkwright/Linkwright/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = gtk_window_new ();
  group = adw_preferences_group_new ();
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Row");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_window_set_child (GTK_WINDOW (window), group);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 300);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (lw_test_iterate_until (widget_is_drawn, group, 5000));

  paintable = gtk_widget_paintable_new (group);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (group), gtk_widget_get_height (group));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  collect_border_nodes (node, borders);
  for (guint i = 0; i < borders->len; i++)
    {
      const float *widths = gsk_border_node_get_widths (borders->pdata[i]);
      const GdkRGBA *colors = gsk_border_node_get_colors (borders->pdata[i]);

      if (widths[0] + widths[1] + widths[2] + widths[3] <= 0)
        continue;
      drawn++;
      for (guint side = 1; side < 4; side++)
        g_assert_true (gdk_rgba_equal (&colors[side], &colors[0]));
    }
  g_assert_cmpuint (drawn, >=, 2);  /* the separators of the first two rows */

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  /* Setups are written under XDG_DATA_HOME: a fresh one per run (G_TEST_OPTION_ISOLATE_DIRS would
   * also hide the system's GSettings schemas, which GTK needs). */
  lw_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (lw_test_fatal_filter, NULL);

  g_test_add_func ("/window/smoke", test_smoke);
  g_test_add_func ("/window/version", test_version);
  g_test_add_func ("/window/bad-option", test_bad_option);
  g_test_add_func ("/window/bad-override", test_bad_override);
  g_test_add_func ("/window/width-first-box-layout", test_width_first_box_layout);
  g_test_add_func ("/window/layout-adopt-wraps-at-words", test_layout_adopt_wraps_at_words);
  g_test_add_func ("/window/width-first-skips-unused-height", test_width_first_skips_unused_height);
  g_test_add_func ("/window/step-row-details", test_step_row_details);
  g_test_add_func ("/window/row-borders-one-colour", test_row_borders_one_colour);

  return g_test_run ();
}
