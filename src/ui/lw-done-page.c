/* lw-done-page.c — the Endpoint Service Name and everything that was created
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-done-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-done-page.h"
#include "lw-validate.h"
#include "lw-window.h"

#define N_DETAILS_MAX 10

struct _LwDonePage
{
  LwPage               parent_instance;

  GtkLabel            *description_label;
  GtkLabel            *service_name_label;
  GtkButton           *copy_button;
  AdwPreferencesGroup *next_steps_group;
  GtkLabel            *next_steps_label;
  GtkListBox          *details_list;
  GtkWidget           *test_group;
  GtkSpinner          *test_spinner;
  AdwEntryRow         *mysql_user_row;
  AdwEntryRow         *mysql_password_row;
  GtkLabel            *test_label;
  GtkWidget           *detail_rows[N_DETAILS_MAX];
  GtkLabel            *detail_values[N_DETAILS_MAX];
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (LwDonePage, lw_done_page, LW_TYPE_PAGE)

static LwSetup *
get_setup (LwDonePage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  return session ? lw_session_get_setup (session) : NULL;
}

enum {
  DETAIL_SERVICE_NAME,
  DETAIL_SERVICE_ID,
  DETAIL_LOAD_BALANCER,
  DETAIL_DNS_NAME,
  DETAIL_LISTENER,
  DETAIL_SERVER_GROUP,
  DETAIL_ACCOUNT,
  DETAIL_ENDPOINT,
  DETAIL_TIDB_CONNECTION,
  DETAIL_TIDB_PORT,
  N_DETAILS
};
G_STATIC_ASSERT (N_DETAILS == N_DETAILS_MAX);

static const char * const detail_titles[N_DETAILS] = {
  N_("Endpoint Service Name"),
  N_("Endpoint service ID"),
  N_("Network Load Balancer ID"),
  N_("Load balancer DNS name"),
  N_("Listener"),
  N_("Server group ID"),
  N_("Whitelisted account"),
  N_("Accepted endpoint"),
  N_("TiDB Cloud connection ID"),
  N_("Port for TiDB Cloud"),
};

/* The setup's details, NULL where there is nothing to show; free each with g_free. */
static void
collect_details (LwSetup *setup,
                 char    *values[N_DETAILS])
{
  gboolean automatic = lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC;

  values[DETAIL_SERVICE_NAME] = g_strdup (lw_setup_get_service_name (setup));
  values[DETAIL_SERVICE_ID] = g_strdup (lw_setup_get_service_id (setup));
  values[DETAIL_LOAD_BALANCER] = g_strdup (lw_setup_get_load_balancer_id (setup));
  values[DETAIL_DNS_NAME] = g_strdup (lw_setup_get_nlb_dns_name (setup));
  values[DETAIL_LISTENER] = lw_setup_get_listener_id (setup) != NULL
    ? g_strdup_printf (_("%s (TCP %u)"), lw_setup_get_listener_id (setup), lw_setup_get_listener_port (setup))
    : NULL;
  values[DETAIL_SERVER_GROUP] = g_strdup (lw_setup_get_server_group_id (setup));
  values[DETAIL_ACCOUNT] = g_strdup (lw_setup_get_tidb_account_id (setup));
  values[DETAIL_ENDPOINT] = g_strdup (lw_setup_get_endpoint_id (setup));
  values[DETAIL_TIDB_CONNECTION] = automatic ? g_strdup (lw_setup_get_tidb_connection_id (setup)) : NULL;
  values[DETAIL_TIDB_PORT] = automatic ? g_strdup_printf ("%u", lw_setup_get_listener_port (setup)) : NULL;
}

/* The same details as plain text, for Copy Details: built without touching any widget. */
static char *
details_text (LwDonePage *self)
{
  LwSetup *setup = get_setup (self);
  GString *text = g_string_new (NULL);
  char *values[N_DETAILS];

  if (setup == NULL)
    return g_string_free (text, FALSE);
  collect_details (setup, values);
  for (guint i = 0; i < N_DETAILS; i++)
    {
      if (values[i] != NULL && *values[i] != '\0')
        g_string_append_printf (text, "%s: %s\n", _(detail_titles[i]), values[i]);
      g_free (values[i]);
    }
  return g_string_free (text, FALSE);
}

/* Fills the page. The detail rows are created once and only updated here: re-creating them each
 * time the page is shown cost a full style and layout pass over new widgets. */
static void
fill (LwDonePage *self)
{
  LwSetup *setup = get_setup (self);
  char *values[N_DETAILS];
  gboolean automatic;

  if (setup == NULL)
    {
      for (guint i = 0; i < N_DETAILS; i++)
        gtk_widget_set_visible (self->detail_rows[i], FALSE);
      return;
    }

  automatic = lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC;
  gtk_label_set_text (self->service_name_label, lw_setup_get_service_name (setup));
  collect_details (setup, values);
  for (guint i = 0; i < N_DETAILS; i++)
    {
      gboolean shown = values[i] != NULL && *values[i] != '\0';

      if (shown && g_strcmp0 (gtk_label_get_text (self->detail_values[i]), values[i]) != 0)
        {
          g_autofree char *accessible = g_strdup_printf ("%s: %s", _(detail_titles[i]), values[i]);

          gtk_label_set_text (self->detail_values[i], values[i]);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_values[i]), values[i]);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->detail_rows[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
        }
      gtk_widget_set_visible (self->detail_rows[i], shown);
      g_free (values[i]);
    }
  if (automatic)
    gtk_label_set_text (self->description_label,
                        _("TiDB Cloud’s private link connection is active: changefeeds and data migration can reach the database privately."));
  else if (lw_setup_get_tidb_fallback_reason (setup) != NULL)
    gtk_label_set_text (self->description_label,
                        _("TiDB Cloud refused its API for this cluster, so the connection is made in the TiDB Cloud console. The Alibaba Cloud side is ready."));
  else
    gtk_label_set_text (self->description_label,
                        _("The endpoint service is ready and TiDB Cloud’s request was accepted."));

  gtk_widget_set_visible (GTK_WIDGET (self->next_steps_group), !automatic);
  gtk_widget_set_visible (GTK_WIDGET (self->test_group), automatic);
  if (!automatic && lw_setup_get_tidb_fallback_reason (setup) != NULL)
    {
      /* Fallback: the console steps of TiDB Cloud's guide, then where the connection stands. */
      g_autofree char *console_steps = lw_tidb_console_steps (lw_setup_get_service_name (setup),
                                                              lw_setup_get_tidb_account_id (setup));
      g_autofree char *state = NULL;
      g_autofree char *text = NULL;
      g_autofree char *reason = NULL;

      if (lw_setup_get_endpoint_id (setup) != NULL && lw_setup_get_state (setup) == LW_SETUP_STATE_DONE)
        state = g_strdup_printf (_("Accepted: endpoint connection %s from TiDB Cloud’s account %s is Connected. Use the connection (type Private Link, port %u) in changefeeds and data migration."),
                                 lw_setup_get_endpoint_id (setup), lw_setup_get_tidb_account_id (setup),
                                 lw_setup_get_listener_port (setup));
      else
        state = g_strdup_printf (_("Waiting for the endpoint connection request from TiDB Cloud’s account %s."),
                                 lw_setup_get_tidb_account_id (setup));
      /* Where the connection stands first, then how it is made. */
      text = g_strdup_printf ("%s\n\n%s", state, console_steps);
      adw_preferences_group_set_title (self->next_steps_group, _("Create the Connection in the TiDB Cloud Console"));
      reason = g_strdup_printf (_("Why: TiDB Cloud answered “%s”."), lw_setup_get_tidb_fallback_reason (setup));
      adw_preferences_group_set_description (self->next_steps_group, reason);
      gtk_label_set_text (self->next_steps_label, text);
    }
  else if (!automatic)
    {
      adw_preferences_group_set_title (self->next_steps_group, _("Next Steps in TiDB Cloud"));
      adw_preferences_group_set_description (self->next_steps_group, NULL);
      g_autofree char *steps = g_strdup_printf (_("1. In the TiDB Cloud console, open the cluster → Networking → Private Link Connection.\n"
                                                  "2. The connection with Endpoint Service Name %s is now Active.\n"
                                                  "3. Create the changefeed or migration with connection type Private Link, that connection, and port %u."),
                                                lw_setup_get_service_name (setup), lw_setup_get_listener_port (setup));
      gtk_label_set_text (self->next_steps_label, steps);
    }
}

static void
validate_test (LwDonePage *self)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->mysql_user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->mysql_password_row));
  g_autofree char *message = NULL;
  gboolean user_ok = lw_validate_mysql_user (user, &message);

  lw_widget_set_error (GTK_WIDGET (self->mysql_user_row), !user_ok && *user);
  if (!user_ok && *user)
    {
      lw_label_set_message (self->test_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "error");
    }
  else if (gtk_widget_has_css_class (GTK_WIDGET (self->test_label), "error") &&
           !lw_page_get_busy (LW_PAGE (self)))
    lw_label_set_message (self->test_label, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "done.test",
                                 user_ok && *password != '\0' && !lw_page_get_busy (LW_PAGE (self)));
}

static void
test_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LwDonePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;
  gboolean ok = lw_connection_test_finish (result, &explanation, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  lw_page_set_busy (LW_PAGE (self), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "success");
  if (ok)
    {
      lw_label_set_message (self->test_label, _("TiDB Cloud reached the database through the private link and logged in."));
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "success");
    }
  else
    {
      g_autofree char *text = explanation != NULL ? g_strdup (explanation) : lw_ui_explain_error (error);
      lw_label_set_message (self->test_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->test_label), "warning");
    }
  validate_test (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LwDonePage *self = LW_DONE_PAGE (widget);
  LwSetup *setup = get_setup (self);
  g_autoptr(LwEngineContext) context = NULL;

  if (setup == NULL || lw_page_get_busy (LW_PAGE (self)))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lw_page_set_busy (LW_PAGE (self), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_label), "success");
  lw_label_set_message (self->test_label, _("TiDB Cloud is testing the connection…"));
  validate_test (self);
  context = lw_session_create_engine_context (lw_page_get_session (LW_PAGE (self)));
  lw_connection_test_async (setup, context,
                            gtk_editable_get_text (GTK_EDITABLE (self->mysql_user_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->mysql_password_row)),
                            self->cancellable, test_cb, g_object_ref (self));
}

static void
lw_done_page_enter (LwPage *page)
{
  LwDonePage *self = LW_DONE_PAGE (page);
  LwSession *session = lw_page_get_session (page);

  fill (self);

  /* The demo world's MySQL user, so that --simulate can run the test at once. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->mysql_user_row)) == '\0' &&
      lw_session_get_demo_value (session, "mysql-user") != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->mysql_user_row), lw_session_get_demo_value (session, "mysql-user"));
      gtk_editable_set_text (GTK_EDITABLE (self->mysql_password_row), lw_session_get_demo_value (session, "mysql-password"));
    }
  lw_label_set_message (self->test_label, NULL);
  validate_test (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LwDonePage *self = LW_DONE_PAGE (widget);
  LwSetup *setup = get_setup (self);

  if (setup == NULL || lw_setup_get_service_name (setup) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), lw_setup_get_service_name (setup));
  lw_page_toast (LW_PAGE (self), _("Copied"));
}

static void
copy_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LwDonePage *self = LW_DONE_PAGE (widget);
  g_autofree char *text = details_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  lw_page_toast (LW_PAGE (self), _("Details copied"));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(LwPage) page = user_data;
  LwSetup *setup = g_object_get_data (G_OBJECT (dialog), "setup");

  if (response == GTK_RESPONSE_ACCEPT && setup != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *hcl = lw_terraform_export (setup);
      g_autoptr(GError) error = NULL;

      /* Small, local: the replace is quick, and an error is reported right away. */
      if (!g_file_replace_contents (file, hcl, strlen (hcl), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);
          lw_page_toast (page, text);
        }
      else
        lw_page_toast (page, _("Terraform configuration saved"));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
lw_export_terraform (LwPage  *page,
                     LwSetup *setup)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("linkwright-%s.tf", lw_setup_get_id (setup));

  dialog = gtk_file_chooser_native_new (_("Export as Terraform"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "setup", g_object_ref (setup), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (page));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LwSetup *setup = get_setup (LW_DONE_PAGE (widget));

  if (setup != NULL)
    lw_export_terraform (LW_PAGE (widget), setup);
}

static void
open_console_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LwSetup *setup = get_setup (LW_DONE_PAGE (widget));
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (setup == NULL)
    return;
  uri = lw_console_url (LW_CONSOLE_ENDPOINT_SERVICE, lw_setup_get_region (setup), lw_setup_get_service_id (setup));
  if (uri == NULL)
    return;
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  lw_page_go_to (LW_PAGE (widget), "start");
}

static void
lw_done_page_dispose (GObject *object)
{
  LwDonePage *self = LW_DONE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LW_TYPE_DONE_PAGE);
  G_OBJECT_CLASS (lw_done_page_parent_class)->dispose (object);
}

static void
lw_done_page_class_init (LwDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_done_page_dispose;
  page_class->enter = lw_done_page_enter;

  g_type_ensure (LW_TYPE_WIDTH_FIRST_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, service_name_label);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, next_steps_group);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, next_steps_label);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, details_list);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, test_group);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, mysql_user_row);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, mysql_password_row);
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, test_label);
  gtk_widget_class_install_action (widget_class, "done.test", NULL, test_action);

  gtk_widget_class_install_action (widget_class, "done.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "done.copy-details", NULL, copy_details_action);
  gtk_widget_class_install_action (widget_class, "done.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "done.open-console", NULL, open_console_action);
  gtk_widget_class_install_action (widget_class, "done.close", NULL, close_action);
}

static void
lw_done_page_init (LwDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("Done"));
  lw_page_set_can_go_back (LW_PAGE (self), FALSE);
  lw_page_set_show_next (LW_PAGE (self), FALSE);
  /* Plain one-line rows rather than AdwActionRows: an action row's subtitle wraps at any character,
   * and measuring eight long unbreakable IDs that way cost ~100 ms of layout every time the page
   * was shown. The value ellipsizes in the middle (both ends of an ID are the telling parts); the
   * full value is in its tooltip, the row's accessible label, the label's selection and Copy Details. */
  for (guint i = 0; i < N_DETAILS; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *title = gtk_label_new (_(detail_titles[i]));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_single_line_mode (GTK_LABEL (title), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (title, "caption");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_single_line_mode (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), value);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_visible (row, FALSE);
      gtk_list_box_append (self->details_list, row);
      self->detail_rows[i] = row;
      self->detail_values[i] = GTK_LABEL (value);
    }
  g_signal_connect_swapped (self->mysql_user_row, "changed", G_CALLBACK (validate_test), self);
  g_signal_connect_swapped (self->mysql_password_row, "changed", G_CALLBACK (validate_test), self);
}
