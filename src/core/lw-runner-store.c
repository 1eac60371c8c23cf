/* lw-runner-store.c — the runner's persistence and recovery
 *
 * Owns the saves the runner waits for (a step goes on only once its record is durable: the ClientToken
 * before a create, the resource ID before the wait), fire-and-forget saves, the run's end (overall state
 * from the steps' outcome, saved before the task returns), and the rollback order (strictly one step at
 * a time, in reverse plan order, only steps that recorded something). What a record means on resume is
 * decided where the step runs (lw-runner-ops.c, lw-runner-connection.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-runner-private.h"

static void runner_complete_saved (GObject *source, GAsyncResult *res, gpointer user_data);

static void
op_save_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  OpFunc next = op->after_save;
  g_autoptr(GError) error = NULL;

  op->after_save = NULL;
  if (!lw_setup_save_finish (LW_SETUP (source), res, &error))
    {
      /* Without a durable record the next create could duplicate a resource: stop here. */
      op_fail (op, g_steal_pointer (&error));
      return;
    }
  next (op);
}

/* Saves the setup off the main thread (fsync takes up to ~100 ms) and goes on with @next only once
 * the record is durable: a create is sent only after its ClientToken is on disk. */
void
op_save_then (Op *op, OpFunc next)
{
  g_assert (op->after_save == NULL);
  op->after_save = next;
  lw_setup_save_async (op->runner->setup, NULL, op_save_cb, op);
}

/* A save nobody waits for (state changes, failures): still written in order with the others. */
void
save_later (LwSetup *setup)
{
  lw_setup_save_async (setup, NULL, NULL, NULL);
}

void
runner_complete (LwRunner *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = g_steal_pointer (&self->first_error);
  gboolean all_done = TRUE;

  if (self->external_handler != 0)
    g_cancellable_disconnect (self->external, self->external_handler);
  self->external_handler = 0;
  g_clear_object (&self->external);

  for (guint i = 0; i < plan_length; i++)
    {
      LwStep *step = lw_runner_get_step (self, plan[i].id);
      LwStepState state = lw_step_get_state (step);
      if (state != LW_STEP_STATE_DONE && state != LW_STEP_STATE_SKIPPED)
        all_done = FALSE;
    }

  if (self->rolling_back)
    {
      self->rolling_back = FALSE;
      lw_setup_set_state (self->setup, error ? LW_SETUP_STATE_FAILED : LW_SETUP_STATE_ROLLED_BACK);
    }
  else if (error == NULL && all_done)
    lw_setup_set_state (self->setup, LW_SETUP_STATE_DONE);
  else if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->stop_waiting)
    {
      g_clear_error (&error);
      lw_setup_set_state (self->setup, LW_SETUP_STATE_WAITING_FOR_USER);
    }
  else if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lw_setup_set_state (self->setup, LW_SETUP_STATE_CANCELLED);
  else if (error != NULL)
    lw_setup_set_state (self->setup, LW_SETUP_STATE_FAILED);
  else if (self->cancel_requested)
    {
      /* Cancelled between calls: the steps in flight finished, none was left to fail with the
       * cancellation itself (e.g. Cancel pressed while the run's first save was on its way). */
      lw_setup_set_state (self->setup, LW_SETUP_STATE_CANCELLED);
      error = cancelled_error ();
    }
  else
    {
      lw_setup_set_state (self->setup, LW_SETUP_STATE_FAILED);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("Some steps could not start"));
    }

  g_clear_pointer (&self->started, g_free);
  self->completing = TRUE;
  /* The task ends only once the final state is durable (a CLI may exit right after it). */
  if (error != NULL)
    g_task_set_task_data (task, g_steal_pointer (&error), (GDestroyNotify)g_error_free);
  lw_setup_save_async (self->setup, NULL, runner_complete_saved, g_steal_pointer (&task));
}

static void
runner_complete_saved (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  LwRunner *self = g_task_get_source_object (task);
  g_autoptr(GError) save_error = NULL;
  GError *error = g_task_get_task_data (task);
  gboolean saved = lw_setup_save_finish (LW_SETUP (source), res, &save_error);

  /* Busy until the caller has the outcome: a UI seeing "not busy" can rely on the run's result
   * (error message included) having been delivered. */
  self->completing = FALSE;
  g_object_ref (self);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else if (!saved)
    g_task_return_error (task, g_steal_pointer (&save_error));
  else
    g_task_return_boolean (task, TRUE);
  /* A run may have begun again meanwhile (the task was already given up): then it owns "busy". */
  if (self->task == NULL)
    set_busy (self, FALSE);
  g_object_unref (self);
}

void
run_started_saved (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(LwRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_running--;
  if (!lw_setup_save_finish (LW_SETUP (source), res, &error) && self->first_error == NULL)
    self->first_error = g_steal_pointer (&error);
  runner_schedule (self);
}


/* ---- rollback ---- */

static gboolean
step_has_something (LwRunner *self, const StepDef *def)
{
  LwStepRecord record = lw_setup_get_step_record (self->setup, def->id);

  if (def->undo == NULL || record == LW_STEP_RECORD_NONE || record == LW_STEP_RECORD_DELETED)
    return FALSE;
  if (g_str_equal (def->id, LW_STEP_TIDB_CONNECTION) || g_str_equal (def->id, LW_STEP_ACCEPT))
    return TRUE;
  return lw_setup_get_resource_id (self->setup, def->id) != NULL
         || lw_setup_get_client_token (self->setup, def->id) != NULL;
}

void
rollback_next (LwRunner *self)
{
  if (self->task == NULL)
    return;
  if (self->first_error != NULL || self->cancel_requested)
    {
      if (self->first_error == NULL)
        self->first_error = cancelled_error ();
      runner_complete (self);
      return;
    }
  /* Strictly one at a time, in reverse plan order: each delete waits for its job, and the next one
   * depends on it (a server group cannot go while a listener uses it). */
  while (self->rollback_index > 0)
    {
      const StepDef *def = &plan[--self->rollback_index];
      LwStep *step = lw_runner_get_step (self, def->id);

      if (!step_has_something (self, def))
        {
          if (lw_step_get_state (step) != LW_STEP_STATE_SKIPPED)
            lw_step_set_state (step, LW_STEP_STATE_PENDING);
          continue;
        }
      lw_step_set_state (step, LW_STEP_STATE_RUNNING);
      step_changed (self, step);
      def->undo (op_new (self, def, TRUE));
      return;
    }
  runner_complete (self);
}
