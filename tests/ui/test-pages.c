/* test-pages.c — each page's validation rules, in-process, on the simulated cloud
 *
 * One window walks the assistant like a user: at every page, invalid input keeps Next disabled and
 * marks the field with the `error` style and a message; valid input enables it. The walk ends on
 * the Done page with the simulator's Endpoint Service Name on the clipboard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lw-window.h"
#include "lw-page.h"
#include "lw-pages.h"
#include "lw-session.h"
#include "lw-secrets.h"
#include "lw-sim.h"
#include "lw-rds-row.h"

#include <libsoup/soup.h>
#include "lw-test-util.h"

typedef struct {
  AdwApplication *app;
  LwSession      *session;
  LwWindow       *window;
} Fixture;

static GtkWidget *
child (Fixture    *f,
       const char *page,
       const char *name)
{
  GtkWidget *widget = lw_window_get_page (f->window, page);
  GtkWidget *found = (GtkWidget *) gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);

  g_assert_nonnull (found);
  return found;
}

static LwPage *
page (Fixture    *f,
      const char *name)
{
  return LW_PAGE (lw_window_get_page (f->window, name));
}

static void
set_text (Fixture    *f,
          const char *page_name,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, page_name, row)), text);
}

static gboolean
label_shows (GtkWidget *label)
{
  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static gboolean
next_enabled (Fixture *f)
{
  GtkWidget *button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (f->window), LW_TYPE_WINDOW, "next_button");
  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static gboolean
page_idle (gpointer data)
{
  return !lw_page_get_busy (data);
}

static gboolean
page_valid (gpointer data)
{
  return lw_page_get_valid (data) && !lw_page_get_busy (data);
}

typedef struct {
  Fixture    *f;
  const char *name;
} PageIs;

static gboolean
page_is (gpointer data)
{
  PageIs *p = data;
  return g_strcmp0 (lw_window_get_visible_page (p->f->window), p->name) == 0;
}

static void
wait_for_page (Fixture    *f,
               const char *name,
               guint       timeout_ms)
{
  PageIs p = { f, name };

  if (!lw_test_iterate_until (page_is, &p, timeout_ms))
    g_error ("Expected page %s, still on %s", name, lw_window_get_visible_page (f->window));
}

static void
press_next (Fixture *f)
{
  g_assert_true (next_enabled (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next", NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  /* A fresh ID per test: the previous application's D-Bus objects may still be exported. */
  g_autofree char *app_id = g_strdup_printf ("io.github.linkwright.Linkwright.Test%u", n++);
  g_autoptr(GError) error = NULL;

  f->app = adw_application_new (app_id, G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (f->app), "/io/github/linkwright/Linkwright");
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  /* Instant simulator, engine timers scaled down: the whole walk takes seconds. */
  /* The cn-hangzhou world, whose constants (HACKING.md) these tests use; test-e2e-atspi.py walks
   * the default (Singapore) world. */
  f->session = lw_session_new_full (TRUE, NULL, "instant", LW_SIM_WORLD_HANGZHOU, 0.05, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lw_session_get_sim_url (f->session));
  f->window = lw_window_new (f->app, f->session);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->session);
  g_clear_object (&f->app);
}

/* ---- account ---------------------------------------------------------------------------------- */

static void
check_account_page (Fixture *f)
{
  LwPage *account = page (f, "account");
  GtkWidget *id_row = child (f, "account", "access_key_id_row");
  GtkWidget *secret_row = child (f, "account", "secret_row");
  GtkWidget *error_label = child (f, "account", "error_label");

  /* Pre-filled with the simulator's demo credentials. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (id_row)), ==, "LWDEMOKEYID00001");
  g_assert_true (lw_page_get_valid (account));

  /* Empty: Next disabled, but no shouting yet. */
  set_text (f, "account", "access_key_id_row", "");
  g_assert_false (lw_page_get_valid (account));
  g_assert_false (next_enabled (f));
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));

  /* Wrong: the error style and a message that says what to do. */
  set_text (f, "account", "access_key_id_row", "LTAI 123");
  g_assert_false (lw_page_get_valid (account));
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  g_assert_true (label_shows (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "spaces"));

  set_text (f, "account", "access_key_id_row", "LWDEMOKEYID00001");
  set_text (f, "account", "secret_row", "short");
  g_assert_false (lw_page_get_valid (account));
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));
  g_assert_true (gtk_widget_has_css_class (secret_row, "error"));

  set_text (f, "account", "sts_row", "two words");
  g_assert_true (gtk_widget_has_css_class (child (f, "account", "sts_row"), "error"));
  set_text (f, "account", "sts_row", "");

  /* A well-formed but wrong secret: Verify asks the (simulated) cloud, which refuses. */
  set_text (f, "account", "secret_row", "this-is-not-the-right-secret");
  g_assert_true (lw_page_get_valid (account));
  gtk_widget_activate_action (GTK_WIDGET (account), "account.verify", NULL);
  g_assert_true (lw_test_iterate_until (page_idle, account, 10000));
  g_assert_true (label_shows (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "secret"));
  g_assert_false (lw_session_get_inputs (f->session)->verified);

  /* Right: Next verifies, lists the regions and moves on. */
  set_text (f, "account", "secret_row", "lw-demo-access-key-secret");
  g_assert_false (label_shows (error_label));
  press_next (f);
  wait_for_page (f, "tidb", 10000);
  g_assert_true (lw_session_get_inputs (f->session)->verified);
  g_assert_cmpstr (lw_session_get_inputs (f->session)->account_id, ==, "1234567890123456");
  g_assert_cmpstr (lw_session_get_inputs (f->session)->region, ==, "cn-hangzhou");
  g_assert_nonnull (lw_session_get_region_zones (f->session));
  g_assert_true (g_strv_contains (lw_session_get_region_zones (f->session), "cn-hangzhou-i"));
}

/* The RAM policy (issue 12): shown for the verified account and region, Copy puts the same text on
 * the clipboard; the account check lists one row per call and creates nothing. */
typedef struct {
  gboolean done;
  char *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  ClipboardRead *r = data;
  r->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), res, NULL);
  r->done = TRUE;
}

static gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

typedef struct {
  gboolean done;
  GBytes *body;
} StateRead;

static void
state_read_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  StateRead *r = data;
  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, NULL);
  r->done = TRUE;
}

static gboolean
state_done (gpointer data)
{
  return ((StateRead *) data)->done;
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* The account check's visible line rows (AdwActionRows with the "property" class) under @root. */
static void
collect_check_rows (GtkWidget *root,
                    GPtrArray *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (ADW_IS_ACTION_ROW (c) && gtk_widget_has_css_class (c, "property"))
        {
          if (gtk_widget_get_visible (c))
            g_ptr_array_add (rows, c);
          continue;
        }
      collect_check_rows (c, rows);
    }
}

static void
test_account_policy (Fixture       *f,
                     gconstpointer  data)
{
  LwPage *account;
  GtkWidget *policy_label;
  GtkWidget *check_row;
  ClipboardRead r = { FALSE, NULL };
  const char *text;

  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  account = page (f, "account");
  policy_label = child (f, "account", "policy_label");
  check_row = child (f, "account", "check_row");

  /* A collapsed expander row's content is hidden, so that the page's layouts do not measure the
   * policy's lines (GtkRevealer measures its child in any state; issue #13); it shows as the row
   * starts to expand and hides again once the row has collapsed. */
  {
    AdwExpanderRow *policy_row = ADW_EXPANDER_ROW (child (f, "account", "policy_row"));
    GtkWidget *content = gtk_widget_get_ancestor (policy_label, GTK_TYPE_LIST_BOX);

    g_assert_nonnull (content);
    g_assert_false (adw_expander_row_get_expanded (policy_row));
    g_assert_false (gtk_widget_get_visible (content));
    adw_expander_row_set_expanded (policy_row, TRUE);
    g_assert_true (gtk_widget_get_visible (content));
    adw_expander_row_set_expanded (policy_row, FALSE);
    g_assert_true (lw_test_iterate_until (widget_hidden, content, 5000));
  }

  /* Before Verify: the account is unknown, so "*". */
  text = gtk_label_get_text (GTK_LABEL (policy_label));
  g_assert_nonnull (strstr (text, "\"nlb:CreateListener\""));
  g_assert_nonnull (strstr (text, "acs:nlb:cn-hangzhou:*:servergroup/*"));
  gtk_widget_activate_action (GTK_WIDGET (account), "account.verify", NULL);
  g_assert_true (lw_test_iterate_until (page_idle, account, 10000));
  text = gtk_label_get_text (GTK_LABEL (policy_label));
  g_assert_nonnull (strstr (text, "acs:nlb:cn-hangzhou:1234567890123456:servergroup/*"));

  gtk_widget_activate_action (GTK_WIDGET (account), "account.copy-policy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (account)), NULL, clipboard_read_cb, &r);
  g_assert_true (lw_test_iterate_until (clipboard_done, &r, 5000));
  g_assert_cmpstr (r.text, ==, gtk_label_get_text (GTK_LABEL (policy_label)));
  g_free (r.text);

  /* The check: reads and dry runs pass with the demo key (TiDB lines skipped: no key yet). */
  gtk_widget_activate_action (GTK_WIDGET (account), "account.check", NULL);
  g_assert_true (lw_page_get_busy (account));
  g_assert_true (lw_test_iterate_until (page_idle, account, 10000));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (check_row)), ==, "Every call passed");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (check_row)));
  /* One row per call; a second check fills the same rows in again (they are made ahead while a check
   * runs, issue #13), with no row left over from the first. */
  {
    g_autoptr(GPtrArray) first = g_ptr_array_new ();
    g_autoptr(GPtrArray) second = g_ptr_array_new ();

    collect_check_rows (check_row, first);
    g_assert_cmpuint (first->len, ==, lw_discovery_account_check_n_lines ());
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (first, 0)), ==, "sts:GetCallerIdentity");
    gtk_widget_activate_action (GTK_WIDGET (account), "account.check", NULL);
    collect_check_rows (check_row, second);
    g_assert_cmpuint (second->len, ==, 0);  /* hidden while the check runs */
    g_assert_true (lw_test_iterate_until (page_idle, account, 10000));
    collect_check_rows (check_row, second);
    g_assert_cmpuint (second->len, ==, first->len);
    for (guint i = 0; i < first->len; i++)
      g_assert_true (g_ptr_array_index (first, i) == g_ptr_array_index (second, i));
    g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (check_row)), ==, "Every call passed");
  }
  /* Nothing was created: the simulator's "created" counts are all zero. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strdup_printf ("%s/_sim/state", lw_session_get_sim_url (f->session));
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(JsonParser) parser = json_parser_new ();
    StateRead st = { FALSE, NULL };
    JsonObject *created;
    g_autoptr(GList) members = NULL;

    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, state_read_cb, &st);
    g_assert_true (lw_test_iterate_until (state_done, &st, 5000));
    g_assert_nonnull (st.body);
    g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (st.body, NULL), g_bytes_get_size (st.body), NULL));
    g_bytes_unref (st.body);
    created = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "created");
    members = json_object_get_members (created);
    for (GList *l = members; l != NULL; l = l->next)
      g_assert_cmpint (json_object_get_int_member (created, l->data), ==, 0);
  }
}

/* ---- TiDB ------------------------------------------------------------------------------------- */

static void
check_tidb_page (Fixture *f)
{
  LwPage *tidb = page (f, "tidb");
  GtkWidget *account_row = child (f, "tidb", "account_row");
  GtkWidget *zones_row = child (f, "tidb", "zones_row");
  GtkWidget *error_label = child (f, "tidb", "error_label");
  LwInputs *in = lw_session_get_inputs (f->session);

  /* Manual mode: the account ID and zones as the TiDB Cloud console shows them. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "manual_check")), TRUE);
  g_assert_true (gtk_widget_get_visible (child (f, "tidb", "manual_group")));
  g_assert_false (gtk_widget_get_visible (child (f, "tidb", "automatic_group")));
  g_assert_false (lw_page_get_valid (tidb));

  set_text (f, "tidb", "account_row", "5000-0000-0000-0001");
  g_assert_true (gtk_widget_has_css_class (account_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "digits"));
  set_text (f, "tidb", "account_row", "5000000000000001");
  g_assert_false (gtk_widget_has_css_class (account_row, "error"));
  g_assert_false (lw_page_get_valid (tidb));

  /* Zones must exist in the chosen region. */
  set_text (f, "tidb", "zones_row", "cn-shanghai-b");
  g_assert_true (gtk_widget_has_css_class (zones_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "cn-shanghai-b"));
  g_assert_false (lw_page_get_valid (tidb));
  set_text (f, "tidb", "zones_row", "cn-hangzhou-i, cn-hangzhou-j");
  g_assert_false (gtk_widget_has_css_class (zones_row, "error"));
  g_assert_true (lw_page_get_valid (tidb));
  g_assert_true (next_enabled (f));
  g_assert_cmpstr (in->tidb_account_id, ==, "5000000000000001");
  g_assert_cmpuint (g_strv_length (in->tidb_zone_ids), ==, 2);

  /* Automatic mode: a malformed key is refused before anything is sent. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "automatic_check")), TRUE);
  set_text (f, "tidb", "public_key_row", "abc");
  g_assert_true (gtk_widget_has_css_class (child (f, "tidb", "public_key_row"), "error"));
  g_assert_false (lw_page_get_valid (tidb));

  /* The demo key lists the project and the Essential cluster, then reads its zones. */
  set_text (f, "tidb", "public_key_row", "LWDEMOPUBLICKEY1");
  set_text (f, "tidb", "private_key_row", "lw-demo-tidb-private-key");
  gtk_widget_activate_action (GTK_WIDGET (tidb), "tidb.load", NULL);
  g_assert_true (lw_test_iterate_until (page_valid, tidb, 15000));
  g_assert_cmpstr (in->tidb_cluster_id, ==, "10000000000000000001");
  g_assert_cmpstr (in->tidb_project_id, ==, "1372813089209061");
  g_assert_cmpstr (in->tidb_account_id, ==, "5000000000000001");
  g_assert_true (g_strv_contains ((const char * const *) in->tidb_zone_ids, "cn-hangzhou-i"));
  press_next (f);
  wait_for_page (f, "rds", 5000);
}

/* ---- RDS -------------------------------------------------------------------------------------- */

static gboolean
rds_loaded (gpointer data)
{
  Fixture *f = data;
  GtkWidget *label = child (f, "rds", "status_label");
  return !lw_page_get_busy (page (f, "rds")) && strstr (gtk_label_get_text (GTK_LABEL (label)), "5 ") != NULL;
}

static void
check_rds_page (Fixture *f)
{
  LwRdsPage *rds = LW_RDS_PAGE (page (f, "rds"));
  LwInputs *in = lw_session_get_inputs (f->session);

  g_assert_true (lw_test_iterate_until (rds_loaded, f, 10000));
  g_assert_false (lw_page_get_valid (LW_PAGE (rds)));

  /* Instances that cannot be used are listed but not selectable. */
  g_assert_false (lw_rds_page_select_instance (rds, "rm-bp1democlassic01"));
  g_assert_false (lw_rds_page_select_instance (rds, "rm-bp1demostopped01"));
  g_assert_false (lw_rds_page_select_instance (rds, "pgm-bp1demopg00001"));
  g_assert_false (lw_page_get_valid (LW_PAGE (rds)));

  /* Search filters locally. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "rds", "search_entry")), "legacy");
  g_assert_true (lw_test_iterate_until (page_idle, rds, 5000));

  g_assert_true (lw_rds_page_select_instance (rds, "rm-bp1demomysql0001"));
  g_assert_true (lw_test_iterate_until (page_valid, rds, 10000));
  g_assert_cmpstr (in->rds_ip, ==, "172.16.2.10");
  g_assert_cmpuint (in->rds_port, ==, 3306);
  g_assert_cmpstr (in->vpc_id, ==, "vpc-bp1demo000000000001");
  press_next (f);
  wait_for_page (f, "network", 5000);
}

/* ---- network ---------------------------------------------------------------------------------- */

static void
check_network_page (Fixture *f)
{
  LwPage *network = page (f, "network");
  LwInputs *in = lw_session_get_inputs (f->session);
  guint selected = 0;
  gboolean overlap = FALSE;

  g_assert_true (lw_test_iterate_until (page_idle, network, 10000));
  g_assert_cmpuint (in->zones->len, ==, 3);
  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      selected += zone->selected;
      overlap |= zone->selected && zone->tidb_zone;
    }
  /* TiDB's zones i and j are preselected. */
  g_assert_cmpuint (selected, ==, 2);
  g_assert_true (overlap);
  g_assert_true (lw_page_get_valid (network));
  /* The demo instance's whitelist (172.16.0.0/16) covers the vSwitches: no fix offered. */
  g_assert_false (gtk_widget_get_visible (child (f, "network", "fix_row")));

  /* Dropping to one zone breaks NLB's two-zone minimum. */
  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (g_strcmp0 (zone->zone_id, "cn-hangzhou-j") == 0)
        zone->selected = FALSE;
    }
  lw_page_enter (network);
  g_assert_false (lw_page_get_valid (network));
  g_assert_true (label_shows (child (f, "network", "error_label")));
  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (g_strcmp0 (zone->zone_id, "cn-hangzhou-j") == 0)
        zone->selected = TRUE;
    }
  lw_page_enter (network);
  g_assert_true (lw_page_get_valid (network));
  press_next (f);
  wait_for_page (f, "review", 5000);
}

/* ---- review, progress, done ------------------------------------------------------------------- */

typedef struct {
  char     *text;
  gboolean  done;
} ClipRead;

static void
clip_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ClipRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clip_done (gpointer data)
{
  return ((ClipRead *) data)->done;
}

static gboolean plan_has_title (GtkWidget *list, const char *title, const char *subtitle_part);

static void
check_review_to_done (Fixture *f)
{
  LwPage *review = page (f, "review");
  GtkWidget *label;
  LwSetup *setup;
  ClipRead read = { 0 };
  GdkClipboard *clipboard;

  /* The preflight runs by itself; Create stays disabled until it passes. */
  g_assert_true (lw_test_iterate_until (page_valid, review, 20000));
  g_assert_false (label_shows (child (f, "review", "error_label")));

  /* Back and forth: the plan and the checks are shown again in the rows made the first time (issue
   * #13), every row that shows has its text, and the rows that do not show are hidden. */
  {
    GtkWidget *lists[] = { child (f, "review", "plan_list"), child (f, "review", "checks_list") };
    guint rows[2], shown[2];

    for (guint round = 0; round < 2; round++)
      {
        for (guint l = 0; l < 2; l++)
          {
            guint n = 0, visible = 0;

            for (GtkWidget *row = gtk_widget_get_first_child (lists[l]); row != NULL; row = gtk_widget_get_next_sibling (row))
              {
                if (!ADW_IS_ACTION_ROW (row))
                  continue;
                n++;
                if (round == 0)
                  g_object_set_data (G_OBJECT (row), "test-made-before", GINT_TO_POINTER (TRUE));
                if (!gtk_widget_get_visible (row))
                  continue;
                visible++;
                /* The rows that show were there the first time (the page may have made more hidden
                 * ones ahead since, in idle time). */
                if (round == 1)
                  g_assert_nonnull (g_object_get_data (G_OBJECT (row), "test-made-before"));
                g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), !=, "");
              }
            g_assert_cmpuint (visible, >, 0);
            if (round == 0)
              {
                rows[l] = n;
                shown[l] = visible;
              }
            else
              {
                g_assert_cmpuint (n, >=, rows[l]);
                g_assert_cmpuint (visible, ==, shown[l]);
              }
          }
        if (round == 0)
          {
            gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL);
            wait_for_page (f, "network", 5000);
            press_next (f);
            wait_for_page (f, "review", 5000);
            g_assert_true (lw_test_iterate_until (page_valid, review, 20000));
          }
      }
  }
  g_assert_true (plan_has_title (child (f, "review", "plan_list"), "Server group", NULL));
  press_next (f);
  wait_for_page (f, "progress", 5000);
  /* No way back from a run. */
  g_assert_false (lw_page_get_can_go_back (page (f, "progress")));
  wait_for_page (f, "done", 60000);

  setup = lw_session_get_setup (f->session);
  g_assert_nonnull (setup);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  label = child (f, "done", "service_name_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, lw_setup_get_service_name (setup));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "com.aliyuncs.privatelink.cn-hangzhou."));

  gtk_widget_activate_action (GTK_WIDGET (page (f, "done")), "done.copy", NULL);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  gdk_clipboard_read_text_async (clipboard, NULL, clip_cb, &read);
  g_assert_true (lw_test_iterate_until (clip_done, &read, 5000));
  g_assert_cmpstr (read.text, ==, lw_setup_get_service_name (setup));
  g_free (read.text);

  /* Step 10: TiDB Cloud tests the path. A wrong password is explained; the demo one works. */
  g_assert_true (gtk_widget_get_visible (child (f, "done", "test_group")));
  set_text (f, "done", "mysql_user_row", "a user");
  g_assert_true (gtk_widget_has_css_class (child (f, "done", "mysql_user_row"), "error"));
  set_text (f, "done", "mysql_user_row", "lw_check");
  set_text (f, "done", "mysql_password_row", "not-the-password");
  gtk_widget_activate_action (GTK_WIDGET (page (f, "done")), "done.test", NULL);
  g_assert_true (lw_page_get_busy (page (f, "done")));
  g_assert_true (lw_test_iterate_until (page_idle, page (f, "done"), 30000));
  label = child (f, "done", "test_label");
  g_assert_true (label_shows (label));
  g_assert_true (gtk_widget_has_css_class (label, "warning"));
  set_text (f, "done", "mysql_password_row", "lw-demo-mysql-password");
  gtk_widget_activate_action (GTK_WIDGET (page (f, "done")), "done.test", NULL);
  g_assert_true (lw_test_iterate_until (page_idle, page (f, "done"), 30000));
  g_assert_true (gtk_widget_has_css_class (label, "success"));
}

static void
test_walk (Fixture       *f,
           gconstpointer  data)
{
  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  check_account_page (f);
  check_tidb_page (f);
  check_rds_page (f);
  check_network_page (f);
  check_review_to_done (f);

  /* With the walk's real texts in them (names, IDs, host names, the Endpoint Service Name), every
   * page still fits the narrowest window (360 px): a label breaks at words unless one of its words
   * is long enough to need breaking within (lw_layout_adopt()). */
  {
    static const char *names[] = { "start", "account", "tidb", "rds", "network", "review", "progress", "done", "manage" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        int min, nat;

        gtk_widget_measure (lw_window_get_page (f->window, names[i]), GTK_ORIENTATION_HORIZONTAL, -1,
                            &min, &nat, NULL, NULL);
        if (min > 360)
          g_error ("page %s needs %d px, more than the narrowest window (360 px)", names[i], min);
      }
  }
}

/* ---- the whitelist fix, and the keyring -------------------------------------------------------- */

typedef struct {
  GStrv    ids;
  gboolean available;
  gboolean done;
} KeyList;

static void
available_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KeyList *list = user_data;
  list->available = lw_secrets_check_available_finish (result, NULL);
  list->done = TRUE;
}

static void
key_ids_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KeyList *list = user_data;
  list->ids = lw_secrets_list_key_ids_finish (result, NULL);
  list->done = TRUE;
}

static gboolean
key_list_done (gpointer data)
{
  return ((KeyList *) data)->done;
}

static gboolean
key_stored (gpointer data)
{
  KeyList list = { 0 };
  gboolean found;

  lw_secrets_list_key_ids_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, NULL, key_ids_cb, &list);
  lw_test_iterate_until (key_list_done, &list, 5000);
  found = list.ids != NULL && g_strv_contains ((const char * const *) list.ids, "LWDEMOKEYID00001");
  g_strfreev (list.ids);
  return found;
}

static void
test_whitelist_fix (Fixture       *f,
                    gconstpointer  data)
{
  LwInputs *in = lw_session_get_inputs (f->session);
  LwPage *network = page (f, "network");
  KeyList keyring = { 0 };

  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  press_next (f);
  wait_for_page (f, "tidb", 10000);

  /* "Remember in keyring" is on by default: the verified AccessKey is offered next time. */
  lw_secrets_check_available_async (NULL, available_cb, &keyring);
  g_assert_true (lw_test_iterate_until (key_list_done, &keyring, 10000));
  if (keyring.available)
    g_assert_true (lw_test_iterate_until (key_stored, NULL, 10000));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "manual_check")), TRUE);
  set_text (f, "tidb", "account_row", "5000000000000001");
  set_text (f, "tidb", "zones_row", "cn-hangzhou-h");
  press_next (f);
  wait_for_page (f, "rds", 5000);
  g_assert_true (lw_test_iterate_until (rds_loaded, f, 10000));
  g_assert_true (lw_rds_page_select_instance (LW_RDS_PAGE (page (f, "rds")), "rm-bp1demomysql0002"));
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "rds"), 10000));
  press_next (f);
  wait_for_page (f, "network", 5000);
  g_assert_true (lw_test_iterate_until (page_idle, network, 10000));

  /* This instance only whitelists 127.0.0.1: the page explains, and offers the fix (opt-in). */
  g_assert_true (gtk_widget_get_visible (child (f, "network", "fix_row")));
  g_assert_false (in->fix_whitelist);
  gtk_switch_set_active (GTK_SWITCH (child (f, "network", "fix_switch")), TRUE);
  g_assert_true (in->fix_whitelist);
  g_assert_true (lw_page_get_valid (network));
  press_next (f);
  wait_for_page (f, "review", 5000);
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "review"), 20000));
  g_assert_true (lw_setup_get_fix_whitelist (lw_session_build_setup (f->session)) == TRUE);
}

/* ---- cancel, resume, health check ------------------------------------------------------------- */

static gboolean
is_mapped_button_labelled (GtkWidget     *widget,
                           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return lw_test_find_widget (root, is_mapped_button_labelled, label);
}

static gboolean
setup_failed (gpointer data)
{
  Fixture *f = data;
  LwRunner *runner = lw_session_get_runner (f->session);
  return runner != NULL && !lw_runner_get_busy (runner) &&
         lw_setup_get_state (lw_runner_get_setup (runner)) == LW_SETUP_STATE_FAILED;
}

typedef struct {
  gboolean done;
  guint    status;
} Post;

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Post *post = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  g_clear_pointer (&body, g_bytes_unref);
  post->status = msg ? soup_message_get_status (msg) : 0;
  post->done = TRUE;
}

static gboolean
post_done (gpointer data)
{
  return ((Post *) data)->done;
}

/* Asks the in-process simulator for a fault (it serves on this main context, so asynchronously). */
static void
add_sim_fault (Fixture    *f,
               const char *spec)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sim/faults", lw_session_get_sim_url (f->session));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (spec, strlen (spec));
  Post post = { 0 };

  soup_message_set_request_body_from_bytes (msg, "text/plain", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, post_cb, &post);
  g_assert_true (lw_test_iterate_until (post_done, &post, 5000));
  g_assert_cmpuint (post.status, ==, 200);
}

typedef struct {
  Fixture    *f;
  const char *label;
} ButtonIn;

static gboolean
button_shown (gpointer data)
{
  ButtonIn *b = data;
  return find_button (GTK_WIDGET (b->f->window), b->label) != NULL;
}

static gboolean
health_reported (gpointer data)
{
  Fixture *f = data;
  GtkWidget *manage = lw_window_get_page (f->window, "manage");
  return !lw_page_get_busy (LW_PAGE (manage)) && find_button (manage, "_Health Check") != NULL;
}

/* From the RDS page (just reached) to the Review page: the demo instance, its network, Next. */
static void
walk_rds_to_review (Fixture *f)
{
  wait_for_page (f, "rds", 10000);
  g_assert_true (lw_test_iterate_until (rds_loaded, f, 10000));
  g_assert_true (lw_rds_page_select_instance (LW_RDS_PAGE (page (f, "rds")), "rm-bp1demomysql0001"));
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "rds"), 10000));
  press_next (f);
  wait_for_page (f, "network", 5000);
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "network"), 10000));
  press_next (f);
  wait_for_page (f, "review", 5000);
}

static void
walk_to_review (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  press_next (f);
  wait_for_page (f, "tidb", 10000);
  /* The last mode is remembered (GSettings): choose automatic explicitly. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "automatic_check")), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page (f, "tidb")), "tidb.load", NULL);
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "tidb"), 15000));
  press_next (f);
  walk_rds_to_review (f);
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "review"), 20000));
}

static void
test_fail_resume (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *resume;
  ButtonIn health = { f, "_Health Check" };

  walk_to_review (f);
  /* TiDB Cloud refuses the connection once (a permanent error): the run stops there. */
  add_sim_fault (f, "tidb:CreateConnection:error=PERMISSION_DENIED");
  press_next (f);
  wait_for_page (f, "progress", 5000);
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "cancel_button")));

  /* The failure is explained; what was created is kept: Retry and Roll back are offered. */
  g_assert_true (lw_test_iterate_until (setup_failed, f, 30000));
  g_assert_true (label_shows (child (f, "progress", "error_label")));
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "retry_button")));
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "rollback_button")));
  g_assert_false (gtk_widget_get_visible (child (f, "progress", "cancel_button")));
  g_assert_cmpstr (lw_window_get_visible_page (f->window), ==, "progress");

  /* Start over: the start page offers to resume the unfinished setup. */
  gtk_widget_activate_action (GTK_WIDGET (page (f, "progress")), "progress.start-over", NULL);
  wait_for_page (f, "start", 5000);
  resume = child (f, "start", "resume_button");
  g_assert_true (gtk_widget_get_visible (resume));

  /* Resume asks for the credentials again (verified already here), then continues the run with
   * the setup read back from its file. */
  gtk_widget_activate (resume);
  wait_for_page (f, "account", 5000);
  press_next (f);
  wait_for_page (f, "done", 60000);
  g_assert_cmpint (lw_setup_get_state (lw_session_get_setup (f->session)), ==, LW_SETUP_STATE_DONE);

  /* Manage existing: the finished setup is listed; its health check passes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.manage", NULL);
  wait_for_page (f, "manage", 5000);
  g_assert_true (lw_test_iterate_until (button_shown, &health, 5000));
  g_signal_emit_by_name (find_button (GTK_WIDGET (f->window), "_Health Check"), "clicked");
  g_assert_true (lw_page_get_busy (page (f, "manage")));
  g_assert_true (lw_test_iterate_until (health_reported, f, 30000));
  {
    GtkWidget *button = find_button (GTK_WIDGET (f->window), "_Health Check");
    GtkWidget *group = button;
    GtkLabel *result = NULL;

    while (group != NULL && (result = g_object_get_data (G_OBJECT (group), "result")) == NULL)
      group = gtk_widget_get_parent (group);
    g_assert_nonnull (result);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (result)));
    g_assert_nonnull (strstr (gtk_label_get_text (result), "✓"));
    g_assert_null (strstr (gtk_label_get_text (result), "✗"));
  }
}

/* ---- TiDB Cloud refuses its API for the cluster: manual mode, the console steps, Done ---------- */

static gboolean
accept_waiting (gpointer data)
{
  Fixture *f = data;
  LwRunner *runner = lw_session_get_runner (f->session);
  return runner != NULL && lw_step_get_state (lw_runner_get_step (runner, LW_STEP_ACCEPT)) == LW_STEP_STATE_WAITING;
}

/* What the user does in the TiDB Cloud console, through the simulator's admin API. */
static void
console_connect (Fixture    *f,
                 LwSetup    *setup)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/_sim/tidb-console/connect", lw_session_get_sim_url (f->session));
  g_autofree char *body = g_strdup_printf ("{\"clusterId\":\"%s\",\"serviceName\":\"%s\"}",
                                           lw_setup_get_tidb_cluster_id (setup), lw_setup_get_service_name (setup));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  Post post = { 0 };

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, post_cb, &post);
  g_assert_true (lw_test_iterate_until (post_done, &post, 5000));
  g_assert_cmpuint (post.status, ==, 200);
}

typedef struct {
  GtkWidget *widget;
  guint      frames;
} Frames;

static void
count_frame (Frames *frames)
{
  frames->frames++;
  gtk_widget_queue_draw (frames->widget);
}

static gboolean
two_frames (gpointer data)
{
  return ((Frames *) data)->frames >= 2;
}

static gboolean
only_page_mapped (gpointer data)
{
  Fixture *f = data;
  const char *visible = lw_window_get_visible_page (f->window);
  const char * const pages[] = { "progress", "done" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i], visible) != 0 && gtk_widget_get_mapped (lw_window_get_page (f->window, pages[i])))
      return FALSE;
  return TRUE;
}

/* With LW_SCREENSHOT_DIR set, renders the window's content to DIR/NAME (the app's --screenshot
 * does the same for the regular walk). */
static void
maybe_screenshot (Fixture    *f,
                  const char *name)
{
  const char *dir = g_getenv ("LW_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (f->window);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GdkRGBA background = { 1, 1, 1, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  /* Let the page finish sliding in (the previous one is unmapped then) and lay out. */
  g_assert_true (lw_test_iterate_until (only_page_mapped, f, 5000));
  {
    /* Two painted frames: every allocation is current. */
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    Frames frames = { widget, 0 };
    gulong handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_frame), &frames);

    gtk_widget_queue_draw (widget);
    g_assert_true (lw_test_iterate_until (two_frames, &frames, 5000));
    g_signal_handler_disconnect (clock, handler);
  }
  snapshot = gtk_snapshot_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

static gboolean
console_entry_asked (gpointer data)
{
  Fixture *f = data;
  return page_idle (page (f, "tidb")) && gtk_widget_get_visible (child (f, "tidb", "manual_group"));
}

/* The fault is on from the start: :getAvailabilityZones is refused too, so the TiDB page asks for
 * the account ID and zones from the console (as in manual mode) although the mode is automatic. */
static void
walk_to_review_zones_refused (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  press_next (f);
  wait_for_page (f, "tidb", 10000);
  add_sim_fault (f, "tidb:PrivateLink:api-version:*");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "automatic_check")), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page (f, "tidb")), "tidb.load", NULL);
  g_assert_true (lw_test_iterate_until (console_entry_asked, f, 15000));
  g_assert_true (gtk_widget_get_visible (child (f, "tidb", "automatic_group")));
  g_assert_true (gtk_widget_get_visible (child (f, "tidb", "manual_group")));
  g_assert_false (lw_page_get_valid (page (f, "tidb")));
  g_assert_false (label_shows (child (f, "tidb", "error_label")));
  set_text (f, "tidb", "account_row", "5000000000000001x");
  g_assert_false (lw_page_get_valid (page (f, "tidb")));
  g_assert_true (label_shows (child (f, "tidb", "error_label")));
  set_text (f, "tidb", "account_row", "5000000000000001");
  set_text (f, "tidb", "zones_row", "cn-hangzhou-i, cn-hangzhou-j");
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "tidb"), 5000));
  press_next (f);
  walk_rds_to_review (f);
  /* The preflight passes on the typed-in account and zones. */
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "review"), 20000));
}

static void
test_tidb_fallback (Fixture       *f,
                    gconstpointer  data)
{
  gboolean zones_refused = GPOINTER_TO_INT (data);
  LwSetup *setup;
  GtkWidget *label;
  const char *text;
  ClipRead read = { 0 };

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 760);
  if (zones_refused)
    walk_to_review_zones_refused (f);
  else
    {
      walk_to_review (f);
      /* The cluster is on a newer TiDB Cloud version: every v1beta1 private link call is refused. */
      add_sim_fault (f, "tidb:PrivateLink:api-version:*");
    }
  press_next (f);
  wait_for_page (f, "progress", 5000);

  /* The Alibaba Cloud side completes; the TiDB step says it switched to manual mode, and why. */
  g_assert_true (lw_test_iterate_until (accept_waiting, f, 30000));
  setup = lw_session_get_setup (f->session);
  g_assert_cmpint (lw_setup_get_tidb_mode (setup), ==, LW_TIDB_MODE_MANUAL);
  label = child (f, "progress", "fallback_label");
  g_assert_true (label_shows (label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "manual mode"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "v1beta2"));
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (lw_session_get_runner (f->session), LW_STEP_TIDB_CONNECTION)),
                   ==, LW_STEP_STATE_SKIPPED);
  /* The Endpoint Service Name and the console steps, while Linkwright waits. */
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "manual_group")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "progress", "service_name_row"))), ==,
                   lw_setup_get_service_name (setup));
  label = child (f, "progress", "manual_steps_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Create Private Link Connection"));
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "stop_waiting_button")));
  g_assert_cmpstr (lw_window_get_visible_page (f->window), ==, "progress");
  if (!zones_refused)
    maybe_screenshot (f, "progress-fallback-light.png");

  /* The user creates the connection in the TiDB Cloud console: the request is accepted, Done. */
  console_connect (f, setup);
  wait_for_page (f, "done", 30000);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  g_assert_nonnull (lw_setup_get_endpoint_id (setup));

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "done", "service_name_label"))), ==,
                   lw_setup_get_service_name (setup));
  g_assert_true (gtk_widget_get_visible (child (f, "done", "next_steps_group")));
  g_assert_false (gtk_widget_get_visible (child (f, "done", "test_group")));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (child (f, "done", "next_steps_group"))), ==,
                   "Create the Connection in the TiDB Cloud Console");
  text = gtk_label_get_text (GTK_LABEL (child (f, "done", "next_steps_label")));
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u. ", i);
      g_assert_nonnull (strstr (text, number));
    }
  g_assert_nonnull (strstr (text, lw_setup_get_service_name (setup)));
  g_assert_nonnull (strstr (text, "Accepted"));
  g_assert_nonnull (strstr (text, lw_setup_get_endpoint_id (setup)));
  g_assert_nonnull (strstr (text, lw_setup_get_tidb_account_id (setup)));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (f, "done", "next_steps_group"))),
                            "v1beta2"));

  if (!zones_refused)
    maybe_screenshot (f, "done-fallback-light.png");

  /* Copyable, as in automatic mode. */
  gtk_widget_activate_action (GTK_WIDGET (page (f, "done")), "done.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, clip_cb, &read);
  g_assert_true (lw_test_iterate_until (clip_done, &read, 5000));
  g_assert_cmpstr (read.text, ==, lw_setup_get_service_name (setup));
  g_free (read.text);
}

static gboolean
setup_cancelled (gpointer data)
{
  Fixture *f = data;
  LwRunner *runner = lw_session_get_runner (f->session);
  return runner != NULL && !lw_runner_get_busy (runner) &&
         lw_setup_get_state (lw_runner_get_setup (runner)) == LW_SETUP_STATE_CANCELLED;
}

static void
test_cancel_retry (Fixture       *f,
                   gconstpointer  data)
{
  walk_to_review (f);
  press_next (f);
  wait_for_page (f, "progress", 5000);

  /* Cancel stops after the calls in flight; the state is kept and Retry continues. */
  gtk_widget_activate_action (GTK_WIDGET (page (f, "progress")), "progress.cancel", NULL);
  g_assert_true (lw_test_iterate_until (setup_cancelled, f, 30000));
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "retry_button")));
  g_assert_true (gtk_widget_get_visible (child (f, "progress", "rollback_button")));
  g_assert_false (gtk_widget_get_visible (child (f, "progress", "cancel_button")));
  gtk_widget_activate_action (GTK_WIDGET (page (f, "progress")), "progress.retry", NULL);
  wait_for_page (f, "done", 60000);
  g_assert_cmpint (lw_setup_get_state (lw_session_get_setup (f->session)), ==, LW_SETUP_STATE_DONE);
}

/* ---- the Source Database page: PolarDB for MySQL and MySQL on ECS (issue 15) ------------------- */

typedef struct {
  LwSourceKind  kind;
  const char   *happy;        /* demo key of the happy-path source */
  const char   *fix;          /* demo key of the source whose access must be fixed */
  const char   *unusable[2];  /* listed, greyed, with their reason */
  const char   *reason[2];    /* a word the reason contains */
  const char   *toggle;       /* template child of the kind */
  const char   *count_text;   /* the status line once listed */
  const char   *ip;           /* the happy source's private IP */
  const char   *plan_title;   /* the Review page's summary row */
} KindWalk;

static const KindWalk polardb_walk = {
  LW_SOURCE_KIND_POLARDB, "polardb-cluster-id", "polardb-cluster-id-fix",
  { "pc-bp1demopolarstop", "pc-bp1demopolarpg01" }, { "Stopped", "PostgreSQL" },
  "kind_polardb", "4 PolarDB clusters in this region", "172.16.2.30", "PolarDB for MySQL cluster",
};

static const KindWalk ecs_walk = {
  LW_SOURCE_KIND_ECS, "ecs-instance-id", "ecs-instance-id-fix",
  { "i-bp1demoecsstop01", "i-bp1demoecsclassic" }, { "Stopped", "Classic" },
  "kind_ecs", "4 ECS instances in this region", "172.16.2.60", "MySQL on ECS instance",
};

typedef struct {
  Fixture    *f;
  const char *text;
} StatusIs;

static gboolean
status_starts_with (gpointer data)
{
  StatusIs *st = data;
  GtkWidget *label = child (st->f, "rds", "status_label");
  return !lw_page_get_busy (page (st->f, "rds")) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), st->text);
}

static void
wait_status (Fixture    *f,
             const char *text)
{
  StatusIs st = { f, text };

  if (!lw_test_iterate_until (status_starts_with, &st, 10000))
    g_error ("Expected the status “%s…”, got “%s”", text,
             gtk_label_get_text (GTK_LABEL (child (f, "rds", "status_label"))));
}

/* The row (a flat button holding an LwRdsRow) that shows the source with this ID, if bound. */
static gboolean
is_source_row (GtkWidget     *widget,
               gconstpointer  id)
{
  return GTK_IS_BUTTON (widget) && LW_IS_RDS_ROW (gtk_button_get_child (GTK_BUTTON (widget))) &&
         g_str_has_prefix (lw_rds_row_get_title (LW_RDS_ROW (gtk_button_get_child (GTK_BUTTON (widget)))), id);
}

static GtkWidget *
find_source_row (GtkWidget  *root,
                 const char *id)
{
  return lw_test_find_widget (root, is_source_row, id);
}

static gboolean
rows_bound (gpointer data)
{
  Fixture *f = data;
  return find_source_row (child (f, "rds", "list_view"), "pc-bp1demopolar0001") != NULL ||
         find_source_row (child (f, "rds", "list_view"), "i-bp1demomysqlecs01") != NULL;
}

/* Account and TiDB (automatic, the demo key), then the Source Database page. */
static void
walk_to_source_page (Fixture  *f,
                     gboolean  manual_zone_h)
{
  gtk_widget_activate_action (GTK_WIDGET (page (f, "start")), "start.new", NULL);
  wait_for_page (f, "account", 5000);
  press_next (f);
  wait_for_page (f, "tidb", 10000);
  if (manual_zone_h)
    {
      /* The fix sources are in cn-hangzhou-h: a TiDB zone there makes the NLB use its vSwitch. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "manual_check")), TRUE);
      set_text (f, "tidb", "account_row", "5000000000000001");
      set_text (f, "tidb", "zones_row", "cn-hangzhou-h");
    }
  else
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, "tidb", "automatic_check")), TRUE);
      gtk_widget_activate_action (GTK_WIDGET (page (f, "tidb")), "tidb.load", NULL);
      g_assert_true (lw_test_iterate_until (page_valid, page (f, "tidb"), 15000));
    }
  press_next (f);
  wait_for_page (f, "rds", 10000);
  g_assert_cmpstr (lw_page_get_title (page (f, "rds")), ==, "Source Database");
  /* RDS for MySQL first, as before issue 15. */
  wait_status (f, "5 instances in this region");
  g_assert_cmpint (lw_rds_page_get_kind (LW_RDS_PAGE (page (f, "rds"))), ==, LW_SOURCE_KIND_RDS);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_rds"))));
  g_assert_false (gtk_widget_get_visible (child (f, "rds", "port_row")));
}

static void
choose_kind (Fixture        *f,
             const KindWalk *walk)
{
  LwRdsPage *rds = LW_RDS_PAGE (page (f, "rds"));

  /* As a user does: the kind's toggle. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", walk->toggle)), TRUE);
  g_assert_cmpint (lw_rds_page_get_kind (rds), ==, walk->kind);
  g_assert_cmpint (lw_session_get_inputs (f->session)->source_kind, ==, walk->kind);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_rds"))));
  wait_status (f, walk->count_text);
  g_assert_false (lw_page_get_valid (LW_PAGE (rds)));
  g_assert_cmpint (gtk_widget_get_visible (child (f, "rds", "port_row")), ==, walk->kind == LW_SOURCE_KIND_ECS);
}

/* Unusable sources are listed, greyed (insensitive) and say why; they cannot be chosen. */
static void
check_unusable (Fixture        *f,
                const KindWalk *walk)
{
  LwRdsPage *rds = LW_RDS_PAGE (page (f, "rds"));

  g_assert_true (lw_test_iterate_until (rows_bound, f, 5000));
  for (guint i = 0; i < G_N_ELEMENTS (walk->unusable); i++)
    {
      g_autofree char *problem = lw_rds_page_dup_problem (rds, walk->unusable[i]);
      GtkWidget *row = find_source_row (child (f, "rds", "list_view"), walk->unusable[i]);

      g_assert_nonnull (problem);
      g_assert_nonnull (strstr (problem, walk->reason[i]));
      g_assert_nonnull (row);
      g_assert_false (gtk_widget_get_sensitive (row));
      g_assert_false (lw_rds_page_select_instance (rds, walk->unusable[i]));
    }
  {
    const char *happy = lw_session_get_demo_value (f->session, walk->happy);
    GtkWidget *row = find_source_row (child (f, "rds", "list_view"), happy);
    g_autofree char *problem = lw_rds_page_dup_problem (rds, happy);

    g_assert_null (problem);
    g_assert_nonnull (row);
    g_assert_true (gtk_widget_get_sensitive (row));
  }
  g_assert_false (lw_page_get_valid (LW_PAGE (rds)));
}

static gboolean
plan_has_title (GtkWidget  *list,
                const char *title,
                const char *subtitle_part)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && gtk_widget_get_visible (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0 &&
        (subtitle_part == NULL || strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle_part) != NULL))
      return TRUE;
  return FALSE;
}

static void
test_source_kind (Fixture       *f,
                  gconstpointer  data)
{
  const KindWalk *walk = data;
  LwInputs *in = lw_session_get_inputs (f->session);
  LwRdsPage *rds;
  LwPage *network = page (f, "network");
  const char *happy;
  g_autoptr(LwSetup) setup = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 760);
  walk_to_source_page (f, FALSE);
  rds = LW_RDS_PAGE (page (f, "rds"));
  happy = lw_session_get_demo_value (f->session, walk->happy);
  g_assert_nonnull (happy);

  /* An RDS instance chosen first is dropped with its kind. */
  g_assert_true (lw_rds_page_select_instance (rds, "rm-bp1demomysql0001"));
  g_assert_true (lw_test_iterate_until (page_valid, rds, 10000));
  choose_kind (f, walk);
  g_assert_null (in->rds_instance_id);
  g_assert_null (in->rds_ip);
  check_unusable (f, walk);

  /* The search works on the new kind's list (the sources named "legacy"). */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "rds", "search_entry")), "legacy");
  wait_status (f, walk->kind == LW_SOURCE_KIND_POLARDB ? "1 cluster matches" : "1 instance matches");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "rds", "search_entry")), "");
  wait_status (f, walk->count_text);

  g_assert_true (lw_rds_page_select_instance (rds, happy));
  g_assert_true (lw_test_iterate_until (page_valid, rds, 10000));
  g_assert_cmpint (in->source_kind, ==, walk->kind);
  g_assert_cmpstr (in->rds_instance_id, ==, happy);
  g_assert_cmpstr (in->rds_ip, ==, walk->ip);
  g_assert_cmpuint (in->rds_port, ==, 3306);
  g_assert_cmpstr (in->vpc_id, ==, "vpc-bp1demo000000000001");
  if (walk->kind == LW_SOURCE_KIND_POLARDB)
    {
      g_assert_cmpstr (in->source_endpoint_id, ==, "pe-bp1democluster01");
      g_assert_null (in->source_security_group_id);
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "rds", "address_row"))),
                                "172.16.2.30:3306"));
    }
  else
    {
      GtkWidget *port_row = child (f, "rds", "port_row");
      GtkWidget *error_label = child (f, "rds", "error_label");

      g_assert_null (in->source_endpoint_id);
      g_assert_cmpstr (in->source_security_group_id, ==, "sg-bp1demoecsmysql01");
      g_assert_true (gtk_widget_get_visible (child (f, "rds", "security_group_row")));
      /* The port: 3306 unless typed otherwise, 1–65535, and the message names the field. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (port_row)), ==, "3306");
      for (guint i = 0; i < 4; i++)
        {
          static const char *bad[] = { "0", "65536", "33o6", "" };
          set_text (f, "rds", "port_row", bad[i]);
          g_assert_false (lw_page_get_valid (LW_PAGE (rds)));
          g_assert_false (next_enabled (f));
          g_assert_true (gtk_widget_has_css_class (port_row, "error"));
          g_assert_true (label_shows (error_label));
          g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)), "MySQL Port:"));
        }
      set_text (f, "rds", "port_row", "3307");
      g_assert_true (lw_page_get_valid (LW_PAGE (rds)));
      g_assert_false (gtk_widget_has_css_class (port_row, "error"));
      g_assert_false (label_shows (error_label));
      g_assert_cmpuint (in->rds_port, ==, 3307);
      set_text (f, "rds", "port_row", "3306");
      g_assert_cmpuint (in->rds_port, ==, 3306);
    }
  maybe_screenshot (f, walk->kind == LW_SOURCE_KIND_POLARDB ? "source-polardb-light.png" : "source-ecs-light.png");
  if (walk->kind == LW_SOURCE_KIND_ECS)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      maybe_screenshot (f, "source-ecs-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
    }
  press_next (f);
  wait_for_page (f, "network", 5000);

  /* The access check for the kind: the happy source already accepts the vSwitches. */
  g_assert_true (lw_test_iterate_until (page_idle, network, 10000));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (child (f, "network", "access_group"))), ==,
                   walk->kind == LW_SOURCE_KIND_POLARDB ? "PolarDB Whitelist" : "ECS Security Group");
  g_assert_false (gtk_widget_get_visible (child (f, "network", "fix_row")));
  g_assert_true (lw_page_get_valid (network));
  press_next (f);
  wait_for_page (f, "review", 5000);

  /* The setup that Create would run holds the kind's inputs. */
  setup = lw_session_build_setup (f->session);
  g_assert_cmpint (lw_setup_get_source_kind (setup), ==, walk->kind);
  g_assert_cmpstr (lw_setup_get_rds_instance_id (setup), ==, happy);
  g_assert_cmpstr (lw_setup_get_rds_ip (setup), ==, walk->ip);
  g_assert_cmpuint (lw_setup_get_rds_port (setup), ==, 3306);
  g_assert_cmpstr (lw_setup_get_source_endpoint_id (setup), ==,
                   walk->kind == LW_SOURCE_KIND_POLARDB ? "pe-bp1democluster01" : NULL);
  g_assert_cmpstr (lw_setup_get_source_security_group_id (setup), ==,
                   walk->kind == LW_SOURCE_KIND_ECS ? "sg-bp1demoecsmysql01" : NULL);
  g_assert_true (plan_has_title (child (f, "review", "plan_list"), walk->plan_title, happy));
  g_assert_false (plan_has_title (child (f, "review", "plan_list"), "RDS for MySQL instance", NULL));
  /* The preflight passes for the kind. */
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "review"), 20000));
  g_assert_false (label_shows (child (f, "review", "error_label")));
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The source that does not accept the vSwitches: the fix is offered in the kind's words (opt-in). */
static void
test_source_fix (Fixture       *f,
                 gconstpointer  data)
{
  const KindWalk *walk = data;
  LwInputs *in = lw_session_get_inputs (f->session);
  LwPage *network = page (f, "network");
  const char *fix_id;
  const char *title;
  g_autoptr(LwSetup) setup = NULL;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 760);
  walk_to_source_page (f, TRUE);
  choose_kind (f, walk);
  fix_id = lw_session_get_demo_value (f->session, walk->fix);
  g_assert_nonnull (fix_id);
  g_assert_true (lw_rds_page_select_instance (LW_RDS_PAGE (page (f, "rds")), fix_id));
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "rds"), 10000));
  press_next (f);
  wait_for_page (f, "network", 5000);
  g_assert_true (lw_test_iterate_until (page_idle, network, 10000));

  g_assert_true (gtk_widget_get_visible (child (f, "network", "fix_row")));
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (f, "network", "fix_row")));
  if (walk->kind == LW_SOURCE_KIND_POLARDB)
    g_assert_cmpstr (title, ==, "_Add the Ranges to the PolarDB Whitelist");
  else
    g_assert_cmpstr (title, ==, "_Add an Inbound Rule to Security Group sg-bp1demoecsnorule1 for Port 3306");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "network", "whitelist_row"))),
                            "172.16.1.0/24"));
  g_assert_false (in->fix_whitelist);
  gtk_switch_set_active (GTK_SWITCH (child (f, "network", "fix_switch")), TRUE);
  g_assert_true (in->fix_whitelist);
  g_assert_true (lw_page_get_valid (network));
  if (walk->kind == LW_SOURCE_KIND_ECS)
    {
      /* Once the Source Database page has slid out. */
      g_assert_true (lw_test_iterate_until (widget_unmapped, lw_window_get_page (f->window, "rds"), 5000));
      maybe_screenshot (f, "network-ecs-rule-light.png");
    }
  press_next (f);
  wait_for_page (f, "review", 5000);
  setup = lw_session_build_setup (f->session);
  g_assert_true (lw_setup_get_fix_whitelist (setup));
  g_assert_cmpint (lw_setup_get_source_kind (setup), ==, walk->kind);
  g_assert_true (plan_has_title (child (f, "review", "plan_list"),
                                 walk->kind == LW_SOURCE_KIND_POLARDB ? "PolarDB whitelist" : "Security group rules",
                                 walk->kind == LW_SOURCE_KIND_POLARDB ? "172.16.1.0/24" : "sg-bp1demoecsnorule1"));
  g_assert_true (lw_test_iterate_until (page_valid, page (f, "review"), 20000));
}

static gboolean
discovery_idle (gpointer data)
{
  Fixture *f = data;
  return lw_discovery_get_pending (lw_session_get_discovery (f->session)) == 0;
}

/* Switching kinds while a list loads cancels its lookups; the last kind chosen is what is listed. */
static void
test_source_switch (Fixture       *f,
                    gconstpointer  data)
{
  LwRdsPage *rds;

  walk_to_source_page (f, FALSE);
  rds = LW_RDS_PAGE (page (f, "rds"));
  lw_discovery_clear_cache (lw_session_get_discovery (f->session));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_polardb")), TRUE);
  g_assert_true (lw_page_get_busy (LW_PAGE (rds)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_ecs")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_rds")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_ecs")), TRUE);
  wait_status (f, ecs_walk.count_text);
  g_assert_true (lw_test_iterate_until (discovery_idle, f, 10000));
  g_assert_cmpint (lw_rds_page_get_kind (rds), ==, LW_SOURCE_KIND_ECS);
  g_assert_true (lw_rds_page_select_instance (rds, "i-bp1demomysqlecs01"));
  g_assert_false (lw_rds_page_select_instance (rds, "pc-bp1demopolar0001"));
  g_assert_false (lw_rds_page_select_instance (rds, "rm-bp1demomysql0001"));
  g_assert_true (lw_test_iterate_until (page_valid, rds, 10000));
  /* Back and forth: the previous kind's list comes from the cache, and the choice is dropped. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "rds", "kind_rds")), TRUE);
  wait_status (f, "5 instances in this region");
  g_assert_false (lw_page_get_valid (LW_PAGE (rds)));
  g_assert_null (lw_session_get_inputs (f->session)->rds_instance_id);
}

int
main (int argc, char *argv[])
{
  /* Setups are written under XDG_DATA_HOME: a fresh one per run (G_TEST_OPTION_ISOLATE_DIRS would
   * also hide the system's GSettings schemas, which GTK needs). */
  lw_test_isolate_data_home ();
  g_test_init (&argc, &argv, NULL);
  g_test_log_set_fatal_handler (lw_test_fatal_filter, NULL);

  g_test_add ("/pages/walk", Fixture, NULL, fixture_setup, test_walk, fixture_teardown);
  g_test_add ("/pages/account-policy", Fixture, NULL, fixture_setup, test_account_policy, fixture_teardown);
  g_test_add ("/pages/whitelist-fix", Fixture, NULL, fixture_setup, test_whitelist_fix, fixture_teardown);
  g_test_add ("/pages/cancel-retry", Fixture, NULL, fixture_setup, test_cancel_retry, fixture_teardown);
  g_test_add ("/pages/fail-resume", Fixture, NULL, fixture_setup, test_fail_resume, fixture_teardown);
  g_test_add ("/pages/tidb-fallback", Fixture, GINT_TO_POINTER (FALSE), fixture_setup, test_tidb_fallback, fixture_teardown);
  g_test_add ("/pages/source/polardb", Fixture, &polardb_walk, fixture_setup, test_source_kind, fixture_teardown);
  g_test_add ("/pages/source/ecs", Fixture, &ecs_walk, fixture_setup, test_source_kind, fixture_teardown);
  g_test_add ("/pages/source/polardb-fix", Fixture, &polardb_walk, fixture_setup, test_source_fix, fixture_teardown);
  g_test_add ("/pages/source/ecs-fix", Fixture, &ecs_walk, fixture_setup, test_source_fix, fixture_teardown);
  g_test_add ("/pages/source/switch-kind", Fixture, NULL, fixture_setup, test_source_switch, fixture_teardown);
  g_test_add ("/pages/tidb-fallback-zones-refused", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_tidb_fallback,
              fixture_teardown);

  return g_test_run ();
}
