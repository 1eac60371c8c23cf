/* lw-runner.c — runs, resumes and rolls back the plan of a setup: the LwRunner object and its API
 *
 * The plan (product.md §3) is a table (lw-plan.c): each row names its dependencies and how to create,
 * wait for, verify and delete its resource. The runner starts every step whose dependencies are done,
 * all at once, and records each create before and after the call so that a crash at any instant resumes
 * without a duplicate (the saved ClientToken makes the cloud return the same resource).
 *
 * This file owns the GObject (properties, the "step-changed" signal, construction with the steps rebuilt
 * from the setup's saved records, the clients and their call counts) and the public API: run/retry (with
 * the input gate), cancel, stop waiting, rollback. The other parts are listed in lw-runner-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-preflight.h"
#include "lw-runner-private.h"

G_DEFINE_FINAL_TYPE (LwRunner, lw_runner, G_TYPE_OBJECT)

enum { PROP_0, PROP_SETUP, PROP_BUSY, PROP_SERVICE_NAME, N_PROPS };
enum { STEP_CHANGED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
step_changed (LwRunner *self, LwStep *step)
{
  g_signal_emit (self, signals[STEP_CHANGED], 0, step);
}

void
runner_notify_service_name (LwRunner *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_NAME]);
}

void
set_busy (LwRunner *self, gboolean busy)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
cancel_in_context (gpointer data)
{
  lw_runner_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
external_cancelled (GCancellable *cancellable, gpointer user_data)
{
  LwRunner *self = user_data;
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* Always deferred: this may run in another thread, and disconnecting from inside the "cancelled"
   * emission would deadlock. */
  g_source_set_callback (idle, cancel_in_context, g_object_ref (self), g_object_unref);
  g_source_attach (idle, self->main_context);
}

static gboolean
runner_begin (LwRunner *self, GTask *task, gboolean rollback)
{
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("The setup is already running"));
      return FALSE;
    }
  if (self->rpc == NULL)
    {
      g_task_return_error (task, g_error_copy (self->client_error));
      return FALSE;
    }
  self->task = g_object_ref (task);
  self->cancel_requested = FALSE;
  self->stop_waiting = FALSE;
  self->rolling_back = rollback;
  g_clear_error (&self->first_error);
  g_free (self->started);
  self->started = g_new0 (gboolean, plan_length);
  if (g_task_get_cancellable (task) != NULL)
    {
      self->external = g_object_ref (g_task_get_cancellable (task));
      self->external_handler = g_cancellable_connect (self->external, G_CALLBACK (external_cancelled), self, NULL);
    }
  set_busy (self, TRUE);
  return TRUE;
}

/* The engine's own input gate: the UI validates every page, but any caller of the runner (CLI, tests, a
 * resumed state file edited by hand) must not reach the cloud with inputs that the offline checks already
 * refuse — a missing RDS instance once completed a setup pointing at nothing. NULL when all pass. */
static GError *
input_error (LwSetup *setup)
{
  g_autoptr(GListModel) checks = lw_preflight_check_inputs (setup);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) check = g_list_model_get_item (checks, i);

      if (lw_check_get_ok (check))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, lw_check_get_message (check));
    }
  if (text->len == 0)
    return NULL;
  return g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT, text->str);
}

void
lw_runner_run_async (LwRunner *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error;

  g_return_if_fail (LW_IS_RUNNER (self));
  g_task_set_source_tag (task, lw_runner_run_async);
  g_task_set_check_cancellable (task, FALSE);
  /* Before runner_begin (nothing changes: no state, no save, no call), but a run already going on is
   * reported as busy rather than judged again. Rollback is never gated: undoing must always be possible. */
  if (self->task == NULL && (error = input_error (self->setup)) != NULL)
    {
      g_debug ("Refusing to run setup %s: its inputs fail the offline checks", lw_setup_get_id (self->setup));
      g_task_return_error (task, error);
      return;
    }
  if (!runner_begin (self, task, FALSE))
    return;

  for (guint i = 0; i < plan_length; i++)
    {
      LwStep *step = lw_runner_get_step (self, plan[i].id);
      if (!step_applies (self, &plan[i]))
        lw_step_set_state (step, LW_STEP_STATE_SKIPPED);
      else if (lw_step_get_state (step) != LW_STEP_STATE_DONE)
        lw_step_set_state (step, LW_STEP_STATE_PENDING);
    }
  lw_setup_set_state (self->setup, LW_SETUP_STATE_RUNNING);
  /* Counted as running, so that a Cancel meanwhile completes the run only after this save. */
  self->n_running++;
  lw_setup_save_async (self->setup, NULL, run_started_saved, g_object_ref (self));
}

gboolean
lw_runner_run_finish (LwRunner *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lw_runner_retry_async (LwRunner *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  lw_runner_run_async (self, cancellable, callback, user_data);
}

gboolean
lw_runner_retry_finish (LwRunner *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
wake_sleepers (LwRunner *self)
{
  g_autoptr(GPtrArray) sleepers = g_ptr_array_copy (self->sleeping, NULL, NULL);

  for (guint i = 0; i < sleepers->len; i++)
    {
      Op *op = g_ptr_array_index (sleepers, i);
      g_clear_handle_id (&op->sleep_id, g_source_remove);
      op_sleep_done (op);
    }
}

void
lw_runner_cancel (LwRunner *self)
{
  g_return_if_fail (LW_IS_RUNNER (self));

  if (self->task == NULL || self->cancel_requested)
    return;
  self->cancel_requested = TRUE;
  /* Calls in flight finish (their result is recorded); waits stop now. */
  g_object_ref (self);
  wake_sleepers (self);
  g_object_unref (self);
}

void
lw_runner_stop_waiting (LwRunner *self)
{
  LwStep *accept = lw_runner_get_step (self, LW_STEP_ACCEPT);

  if (self->task == NULL || self->rolling_back)
    return;
  self->stop_waiting = TRUE;
  if (lw_step_get_state (accept) == LW_STEP_STATE_WAITING)
    {
      /* Only the accept wait is stopped; everything else already finished. */
      self->cancel_requested = TRUE;
      g_object_ref (self);
      wake_sleepers (self);
      g_object_unref (self);
    }
}


void
lw_runner_rollback_async (LwRunner *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (LW_IS_RUNNER (self));
  g_task_set_source_tag (task, lw_runner_rollback_async);
  g_task_set_check_cancellable (task, FALSE);
  if (!runner_begin (self, task, TRUE))
    return;
  lw_setup_set_state (self->setup, LW_SETUP_STATE_ROLLING_BACK);
  save_later (self->setup);
  self->rollback_index = plan_length;
  g_object_ref (self);
  rollback_next (self);
  g_object_unref (self);
}

gboolean
lw_runner_rollback_finish (LwRunner *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- object ---- */

static void
count_call (LwRunner *self, const char *key, gboolean tidb)
{
  gpointer old = g_hash_table_lookup (self->call_counts, key);

  g_hash_table_replace (self->call_counts, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
  if (tidb)
    self->tidb_calls++;
  else
    self->alibaba_calls++;
}

static void
on_rpc_attempt (LwRpcClient *client, const char *action, guint attempt, const char *request_id,
                const GError *error, gpointer user_data)
{
  count_call (user_data, action, FALSE);
}

static void
on_tidb_attempt (LwTidbClient *client, const char *what, guint attempt, const char *trace_id,
                 const GError *error, gpointer user_data)
{
  g_autofree char *key = g_strconcat ("tidb:", what, NULL);
  count_call (user_data, key, TRUE);
}

static void
lw_runner_constructed (GObject *object)
{
  LwRunner *self = LW_RUNNER (object);

  G_OBJECT_CLASS (lw_runner_parent_class)->constructed (object);

  for (guint i = 0; i < plan_length; i++)
    {
      const StepDef *def = &plan[i];
      g_autoptr(LwStep) step = lw_step_new (def->id, step_title (self, def), step_deps (self, def));
      LwStepRecord record = lw_setup_get_step_record (self->setup, def->id);
      const char *saved_error = lw_setup_get_step_error (self->setup, def->id);

      lw_step_set_resource_id (step, lw_setup_get_resource_id (self->setup, def->id));
      if (!step_applies (self, def))
        lw_step_set_state (step, LW_STEP_STATE_SKIPPED);
      else if (record == LW_STEP_RECORD_DONE)
        lw_step_set_state (step, LW_STEP_STATE_DONE);
      else if (saved_error != NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, saved_error);
          g_autofree char *explanation = lw_explain_error (def->id, error);
          lw_step_set_error (step, error, explanation);
          lw_step_set_state (step, LW_STEP_STATE_FAILED);
        }
      g_ptr_array_add (self->all_steps, g_object_ref (step));
      if (step_in_plan (self, def))
        g_list_store_append (self->steps, step);
    }
}

static void
lw_runner_dispose (GObject *object)
{
  LwRunner *self = LW_RUNNER (object);

  if (self->rpc != NULL)
    g_signal_handlers_disconnect_by_data (self->rpc, self);
  if (self->tidb != NULL)
    g_signal_handlers_disconnect_by_data (self->tidb, self);
  g_clear_object (&self->rpc);
  g_clear_object (&self->tidb);
  G_OBJECT_CLASS (lw_runner_parent_class)->dispose (object);
}

static void
lw_runner_finalize (GObject *object)
{
  LwRunner *self = LW_RUNNER (object);

  g_clear_object (&self->setup);
  g_clear_pointer (&self->context, lw_engine_context_unref);
  g_clear_error (&self->client_error);
  g_clear_error (&self->first_error);
  g_clear_object (&self->steps);
  g_clear_pointer (&self->all_steps, g_ptr_array_unref);
  g_clear_pointer (&self->call_counts, g_hash_table_unref);
  g_clear_pointer (&self->sleeping, g_ptr_array_unref);
  g_free (self->started);
  g_main_context_unref (self->main_context);
  G_OBJECT_CLASS (lw_runner_parent_class)->finalize (object);
}

static void
lw_runner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwRunner *self = LW_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SETUP: g_value_set_object (value, self->setup); break;
    case PROP_BUSY: g_value_set_boolean (value, self->task != NULL); break;
    case PROP_SERVICE_NAME: g_value_set_string (value, lw_setup_get_service_name (self->setup)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_runner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwRunner *self = LW_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SETUP: self->setup = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_runner_class_init (LwRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lw_runner_constructed;
  object_class->dispose = lw_runner_dispose;
  object_class->finalize = lw_runner_finalize;
  object_class->get_property = lw_runner_get_property;
  object_class->set_property = lw_runner_set_property;

  properties[PROP_SETUP] = g_param_spec_object ("setup", NULL, NULL, LW_TYPE_SETUP,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, LW_TYPE_STEP);
}

static void
lw_runner_init (LwRunner *self)
{
  self->steps = g_list_store_new (LW_TYPE_STEP);
  self->all_steps = g_ptr_array_new_with_free_func (g_object_unref);
  self->call_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sleeping = g_ptr_array_new ();
  self->main_context = g_main_context_ref_thread_default ();
}

LwRunner *
lw_runner_new (LwSetup *setup, LwEngineContext *context)
{
  LwRunner *self;

  g_return_val_if_fail (LW_IS_SETUP (setup), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  self = g_object_new (LW_TYPE_RUNNER, "setup", setup, NULL);
  self->context = lw_engine_context_ref (context);
  self->rpc = lw_engine_context_create_rpc_client (context, lw_setup_get_region (setup), &self->client_error);
  if (self->rpc != NULL)
    g_signal_connect (self->rpc, "attempt", G_CALLBACK (on_rpc_attempt), self);
  if (self->client_error == NULL)
    self->tidb = lw_engine_context_create_tidb_client (context, &self->client_error);
  if (self->tidb != NULL)
    g_signal_connect (self->tidb, "attempt", G_CALLBACK (on_tidb_attempt), self);
  return self;
}

LwSetup *lw_runner_get_setup (LwRunner *self) { return self->setup; }
GListModel *lw_runner_get_steps (LwRunner *self) { return G_LIST_MODEL (self->steps); }
gboolean lw_runner_get_busy (LwRunner *self) { return self->task != NULL || self->completing; }
GHashTable *lw_runner_get_call_counts (LwRunner *self) { return self->call_counts; }
guint lw_runner_get_alibaba_call_count (LwRunner *self) { return self->alibaba_calls; }
guint lw_runner_get_tidb_call_count (LwRunner *self) { return self->tidb_calls; }

LwStep *
lw_runner_get_step (LwRunner *self, const char *step_id)
{
  /* Every row of the plan, shown or not (another kind's access step stays SKIPPED). */
  for (guint i = 0; i < self->all_steps->len; i++)
    {
      LwStep *step = g_ptr_array_index (self->all_steps, i);
      if (g_str_equal (lw_step_get_id (step), step_id))
        return step;
    }
  return NULL;
}
