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

struct _LwDonePage
{
  LwPage               parent_instance;

  AdwStatusPage       *status_page;
  GtkLabel            *service_name_label;
  GtkButton           *copy_button;
  AdwPreferencesGroup *next_steps_group;
  GtkLabel            *next_steps_label;
  GtkListBox          *details_list;
  AdwPreferencesGroup *test_group;
  GtkSpinner          *test_spinner;
  AdwEntryRow         *mysql_user_row;
  AdwEntryRow         *mysql_password_row;
  GtkLabel            *test_label;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (LwDonePage, lw_done_page, LW_TYPE_PAGE)

static LwSetup *
get_setup (LwDonePage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  return session ? lw_session_get_setup (session) : NULL;
}

static void
add_detail (LwDonePage *self,
            GString    *text,
            const char *title,
            const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->details_list, row);
  g_string_append_printf (text, "%s: %s\n", title, value);
}

/* Fills the page; returns the same details as plain text (for Copy Details). */
static char *
fill (LwDonePage *self)
{
  LwSetup *setup = get_setup (self);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *child;
  g_autofree char *listener = NULL;
  g_autofree char *port = NULL;
  gboolean automatic;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_list))))
    gtk_list_box_remove (self->details_list, child);
  if (setup == NULL)
    return g_strdup ("");

  automatic = lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC;
  gtk_label_set_text (self->service_name_label, lw_setup_get_service_name (setup));
  add_detail (self, text, _("Endpoint Service Name"), lw_setup_get_service_name (setup));
  add_detail (self, text, _("Endpoint service ID"), lw_setup_get_service_id (setup));
  add_detail (self, text, _("Network Load Balancer ID"), lw_setup_get_load_balancer_id (setup));
  add_detail (self, text, _("Load balancer DNS name"), lw_setup_get_nlb_dns_name (setup));
  listener = g_strdup_printf (_("%s (TCP %u)"), lw_setup_get_listener_id (setup), lw_setup_get_listener_port (setup));
  if (lw_setup_get_listener_id (setup) != NULL)
    add_detail (self, text, _("Listener"), listener);
  add_detail (self, text, _("Server group ID"), lw_setup_get_server_group_id (setup));
  add_detail (self, text, _("Whitelisted account"), lw_setup_get_tidb_account_id (setup));
  add_detail (self, text, _("Accepted endpoint"), lw_setup_get_endpoint_id (setup));
  if (automatic)
    {
      port = g_strdup_printf ("%u", lw_setup_get_listener_port (setup));
      add_detail (self, text, _("TiDB Cloud connection ID"), lw_setup_get_tidb_connection_id (setup));
      add_detail (self, text, _("Port for TiDB Cloud"), port);
      adw_status_page_set_description (self->status_page,
                                       _("TiDB Cloud’s private link connection is active: changefeeds and data migration can reach the database privately."));
    }
  else
    adw_status_page_set_description (self->status_page,
                                     _("The endpoint service is ready and TiDB Cloud’s request was accepted."));

  gtk_widget_set_visible (GTK_WIDGET (self->next_steps_group), !automatic);
  gtk_widget_set_visible (GTK_WIDGET (self->test_group), automatic);
  if (!automatic)
    {
      g_autofree char *steps = g_strdup_printf (_("1. In the TiDB Cloud console, open the cluster → Networking → Private Link Connection.\n"
                                                  "2. The connection with Endpoint Service Name %s is now Active.\n"
                                                  "3. Create the changefeed or migration with connection type Private Link, that connection, and port %u."),
                                                lw_setup_get_service_name (setup), lw_setup_get_listener_port (setup));
      gtk_label_set_text (self->next_steps_label, steps);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
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
  g_autofree char *details = NULL;

  /* The plain-text copy is for Copy Details; here only the page is filled. */
  details = fill (self);

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
  g_autofree char *text = fill (self);

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
  uri = g_strdup_printf ("https://vpc.console.aliyun.com/endpointservice/%s/endpointservices/%s",
                         lw_setup_get_region (setup), lw_setup_get_service_id (setup));
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwDonePage, status_page);
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
  g_signal_connect_swapped (self->mysql_user_row, "changed", G_CALLBACK (validate_test), self);
  g_signal_connect_swapped (self->mysql_password_row, "changed", G_CALLBACK (validate_test), self);
}
