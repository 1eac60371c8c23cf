/* lw-progress-page.c — the run: one row per step; Cancel, Retry, Roll back
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-progress-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-progress-page.h"
#include "lw-window.h"
#include "lw-step-row.h"

struct _LwProgressPage
{
  LwPage               parent_instance;

  GtkLabel            *state_label;
  GtkLabel            *error_label;
  GtkLabel            *fallback_label;
  AdwPreferencesGroup *manual_group;
  AdwActionRow        *service_name_row;
  GtkLabel            *manual_steps_label;
  GtkListBox          *steps_list;
  GtkButton           *cancel_button;
  GtkButton           *stop_waiting_button;
  GtkButton           *retry_button;
  GtkButton           *rollback_button;
  GtkButton           *start_over_button;

  LwRunner            *runner;
  GCancellable        *cancellable;
  guint                tick_source;
};

G_DEFINE_FINAL_TYPE (LwProgressPage, lw_progress_page, LW_TYPE_PAGE)

static gboolean
any_step_waiting (LwProgressPage *self)
{
  GListModel *steps = lw_runner_get_steps (self->runner);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LwStep) step = g_list_model_get_item (steps, i);
      if (lw_step_get_state (step) == LW_STEP_STATE_WAITING)
        return TRUE;
    }
  return FALSE;
}

static gboolean
tick (gpointer data)
{
  LwProgressPage *self = data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    lw_step_row_update_elapsed (row);
  return G_SOURCE_CONTINUE;
}

static void
update_state (LwProgressPage *self)
{
  LwSetup *setup;
  LwSetupState state;
  gboolean busy;
  gboolean waiting;
  const char *text;
  const char *service_name;

  if (self->runner == NULL)
    return;
  setup = lw_runner_get_setup (self->runner);
  state = lw_setup_get_state (setup);
  busy = lw_runner_get_busy (self->runner);
  waiting = busy && any_step_waiting (self);

  switch (state)
    {
    case LW_SETUP_STATE_RUNNING:
      text = waiting ? _("Waiting for the connection request from TiDB Cloud…") : _("Creating the private link…");
      break;
    case LW_SETUP_STATE_WAITING_FOR_USER:
      text = _("Waiting for the connection request from TiDB Cloud. Resume later from the start page.");
      break;
    case LW_SETUP_STATE_DONE:
      text = _("The private link is ready");
      break;
    case LW_SETUP_STATE_FAILED:
      text = _("A step failed. Read what happened below, then retry or roll back.");
      break;
    case LW_SETUP_STATE_CANCELLED:
      text = busy ? _("Stopping after the call in flight…") : _("Cancelled. What was created is kept: retry to continue, or roll back.");
      break;
    case LW_SETUP_STATE_ROLLING_BACK:
      text = _("Rolling back: deleting what this setup created, in reverse order…");
      break;
    case LW_SETUP_STATE_ROLLED_BACK:
      text = _("Rolled back: everything this setup created has been deleted.");
      break;
    case LW_SETUP_STATE_DRAFT:
    default:
      text = _("Starting…");
      break;
    }
  gtk_label_set_text (self->state_label, text);

  service_name = lw_setup_get_service_name (setup);
  gtk_widget_set_visible (GTK_WIDGET (self->manual_group),
                          lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_MANUAL && service_name != NULL &&
                          state != LW_SETUP_STATE_DONE && state != LW_SETUP_STATE_ROLLED_BACK &&
                          state != LW_SETUP_STATE_ROLLING_BACK);
  adw_action_row_set_subtitle (self->service_name_row, service_name ? service_name : "");
  if (gtk_widget_get_visible (GTK_WIDGET (self->manual_group)))
    {
      g_autofree char *steps = lw_tidb_console_steps (service_name, lw_setup_get_tidb_account_id (setup));
      if (g_strcmp0 (gtk_label_get_text (self->manual_steps_label), steps) != 0)
        gtk_label_set_text (self->manual_steps_label, steps);
    }

  /* An automatic setup that TiDB Cloud's API refused goes on in manual mode: say so, and why. */
  if (lw_setup_get_tidb_fallback_reason (setup) != NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("The TiDB Cloud step switched to manual mode: TiDB Cloud refused its API for this cluster (“%s”). The Alibaba Cloud side is completed as planned; create the connection in the TiDB Cloud console and Linkwright accepts it."),
                                                   lw_setup_get_tidb_fallback_reason (setup));
      lw_label_set_message (self->fallback_label, fallback);
    }
  else
    lw_label_set_message (self->fallback_label, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy && state != LW_SETUP_STATE_ROLLING_BACK);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_waiting_button), waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), !busy &&
                          (state == LW_SETUP_STATE_FAILED || state == LW_SETUP_STATE_CANCELLED ||
                           state == LW_SETUP_STATE_WAITING_FOR_USER));
  gtk_widget_set_visible (GTK_WIDGET (self->rollback_button), !busy && state != LW_SETUP_STATE_ROLLED_BACK &&
                          state != LW_SETUP_STATE_DONE);
  gtk_widget_set_visible (GTK_WIDGET (self->start_over_button), !busy && state != LW_SETUP_STATE_DONE);

  lw_page_set_busy (LW_PAGE (self), busy);
  lw_page_set_can_go_back (LW_PAGE (self), FALSE);
  lw_page_set_show_next (LW_PAGE (self), state == LW_SETUP_STATE_DONE);
  lw_page_set_valid (LW_PAGE (self), state == LW_SETUP_STATE_DONE);

  if (busy && self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, tick, self);
  else if (!busy)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      tick (self);
    }
}

static void
run_finished (LwProgressPage *self,
              gboolean        ok,
              GError         *error)
{
  LwSetup *setup = lw_runner_get_setup (self->runner);

  if (!ok && error != NULL && !lw_engine_error_is_cancelled (error))
    {
      g_autofree char *text = lw_ui_explain_error (error);
      lw_label_set_message (self->error_label, text);
    }
  update_state (self);
  if (ok && lw_setup_get_state (setup) == LW_SETUP_STATE_DONE)
    lw_page_advance (LW_PAGE (self));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(LwProgressPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = lw_runner_run_finish (LW_RUNNER (object), result, &error);

  if (LW_RUNNER (object) != self->runner)
    return;
  run_finished (self, ok, error);
}

static void
retry_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwProgressPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = lw_runner_retry_finish (LW_RUNNER (object), result, &error);

  if (LW_RUNNER (object) != self->runner)
    return;
  run_finished (self, ok, error);
}

static void
rollback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwProgressPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lw_runner_rollback_finish (LW_RUNNER (object), result, &error))
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_autofree char *message = g_strdup_printf (_("The rollback stopped: %s. Roll back again to continue."), text);
      if (LW_RUNNER (object) == self->runner)
        lw_label_set_message (self->error_label, message);
    }
  else
    lw_page_toast (LW_PAGE (self), _("Rolled back"));
  if (LW_RUNNER (object) == self->runner)
    update_state (self);
}

static void
bind_runner (LwProgressPage *self,
             LwRunner       *runner)
{
  GListModel *steps;

  if (self->runner == runner)
    return;
  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      g_signal_handlers_disconnect_by_data (lw_runner_get_setup (self->runner), self);
    }
  g_set_object (&self->runner, runner);
  lw_label_set_message (self->error_label, NULL);

  while (gtk_widget_get_first_child (GTK_WIDGET (self->steps_list)))
    gtk_list_box_remove (self->steps_list, gtk_widget_get_first_child (GTK_WIDGET (self->steps_list)));
  if (runner == NULL)
    return;

  steps = lw_runner_get_steps (runner);
  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LwStep) step = g_list_model_get_item (steps, i);
      gtk_list_box_append (self->steps_list, lw_step_row_new (step));
    }
  g_signal_connect_swapped (runner, "notify::busy", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (runner, "notify::service-name", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (runner, "step-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (lw_runner_get_setup (runner), "notify::state", G_CALLBACK (update_state), self);
}

static void
lw_progress_page_enter (LwPage *page)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  LwRunner *runner = lw_session_get_runner (session);
  LwSetupState state;

  bind_runner (self, runner);
  if (runner == NULL)
    return;

  state = lw_setup_get_state (lw_runner_get_setup (runner));
  /* Entering with a runner at rest that has work left: run (or resume) it. */
  if (!lw_runner_get_busy (runner) && state != LW_SETUP_STATE_DONE && state != LW_SETUP_STATE_ROLLED_BACK)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      lw_runner_run_async (runner, self->cancellable, run_cb, g_object_ref (self));
    }
  update_state (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (widget);

  if (self->runner != NULL)
    lw_runner_cancel (self->runner);
  update_state (self);
}

static void
stop_waiting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (widget);

  if (self->runner != NULL)
    lw_runner_stop_waiting (self->runner);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (widget);

  if (self->runner == NULL || lw_runner_get_busy (self->runner))
    return;
  lw_label_set_message (self->error_label, NULL);
  if (lw_setup_get_state (lw_runner_get_setup (self->runner)) == LW_SETUP_STATE_WAITING_FOR_USER)
    lw_runner_run_async (self->runner, self->cancellable, run_cb, g_object_ref (self));
  else
    lw_runner_retry_async (self->runner, self->cancellable, retry_cb, g_object_ref (self));
  update_state (self);
}

static void
on_rollback_response (AdwMessageDialog *dialog,
                      const char       *response,
                      LwProgressPage   *self)
{
  if (g_strcmp0 (response, "rollback") != 0 || self->runner == NULL || lw_runner_get_busy (self->runner))
    return;
  lw_label_set_message (self->error_label, NULL);
  lw_runner_rollback_async (self->runner, NULL, rollback_cb, g_object_ref (self));
  update_state (self);
}

GtkWidget *
lw_confirm_rollback_dialog_new (GtkWidget *parent)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (parent);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Roll Back This Setup?"),
                                   _("Everything this setup created is deleted, in reverse order: the TiDB Cloud connection, the endpoint connection, the whitelist entry, the endpoint service, the listener, the load balancer and the server group. TiDB Cloud loses its private path to the database."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"),
                                    "rollback", _("_Roll Back"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rollback", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
rollback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (widget);
  GtkWidget *dialog;

  if (self->runner == NULL || lw_runner_get_busy (self->runner))
    return;
  dialog = lw_confirm_rollback_dialog_new (widget);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rollback_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  lw_page_go_to (LW_PAGE (widget), "start");
}

static void
copy_service_name_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (widget);
  const char *name = self->runner ? lw_setup_get_service_name (lw_runner_get_setup (self->runner)) : NULL;

  if (name == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), name);
  lw_page_toast (LW_PAGE (self), _("Copied"));
}

static void
lw_progress_page_dispose (GObject *object)
{
  LwProgressPage *self = LW_PROGRESS_PAGE (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      g_signal_handlers_disconnect_by_data (lw_runner_get_setup (self->runner), self);
      g_clear_object (&self->runner);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_PROGRESS_PAGE);

  G_OBJECT_CLASS (lw_progress_page_parent_class)->dispose (object);
}

static void
lw_progress_page_class_init (LwProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_progress_page_dispose;
  page_class->enter = lw_progress_page_enter;

  g_type_ensure (LW_TYPE_WIDTH_FIRST_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, manual_group);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, manual_steps_label);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, service_name_row);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, stop_waiting_button);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, rollback_button);
  gtk_widget_class_bind_template_child (widget_class, LwProgressPage, start_over_button);

  gtk_widget_class_install_action (widget_class, "progress.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "progress.stop-waiting", NULL, stop_waiting_action);
  gtk_widget_class_install_action (widget_class, "progress.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "progress.rollback", NULL, rollback_action);
  gtk_widget_class_install_action (widget_class, "progress.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "progress.copy-service-name", NULL, copy_service_name_action);
}

static void
lw_progress_page_init (LwProgressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  lw_page_set_title (LW_PAGE (self), _("Progress"));
  lw_page_set_can_go_back (LW_PAGE (self), FALSE);
  lw_page_set_show_next (LW_PAGE (self), FALSE);
}
