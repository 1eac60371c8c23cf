/* lw-runner-ops.c — running one step of the runner's plan
 *
 * Owns the Op (one step being run or undone): its Alibaba Cloud calls (request IDs recorded, nothing
 * sent after Cancel), the adaptive waits and polls, success and failure, and the generic path of every
 * ResourceOps row: create with the saved ClientToken → wait until ready, or on resume verify against the
 * cloud (gone → created again once); undo: learn an unanswered create's ID through its token, delete,
 * wait for the NLB job or until gone. Also the small JSON helpers the steps share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-runner-private.h"

/* Poll schedule: first check after 0.5 s (or just before the typical duration), growing ×1.5 to 5 s;
 * a wait gives up after 15 minutes. Manual mode waits for a person, so it polls gently, for a day. */
#define POLL_INITIAL   0.5
#define POLL_FACTOR    1.5
#define POLL_CAP       5.0
#define POLL_TIMEOUT   900.0
#define MANUAL_CAP     15.0
#define MANUAL_TIMEOUT 86400.0

/* ---- small JSON helpers ---- */

/* A member as a string whatever its JSON type (the APIs mix "3306" and 3306, user IDs as numbers). */
char *
member_dup_string (JsonObject *o, const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NULL;
  node = json_object_get_member (o, name);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64: return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE: return g_strdup_printf ("%.0f", json_node_get_double (node));
    case G_TYPE_BOOLEAN: return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default: return NULL;
    }
}

gboolean
member_equals (JsonObject *o, const char *name, const char *value)
{
  g_autofree char *s = member_dup_string (o, name);
  return value != NULL && g_strcmp0 (s, value) == 0;
}

/* Arrays come bare ("Servers": [...]) or in an XML-style wrapper ("Users": {"User": [...]}). */
JsonArray *
member_array (JsonObject *o, const char *name)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, name))
    return NULL;
  node = json_object_get_member (o, name);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *inner = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (inner);
      if (members != NULL && members->next == NULL
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (inner, members->data)))
        return json_object_get_array_member (inner, members->data);
    }
  return NULL;
}

/* ---- ops ---- */

Op *
op_new (LwRunner *self, const StepDef *def, gboolean rollback)
{
  Op *op = g_new0 (Op, 1);
  op->runner = g_object_ref (self);
  op->def = def;
  op->step = g_object_ref (lw_runner_get_step (self, def->id));
  op->rollback = rollback;
  self->n_running++;
  return op;
}

static void
op_free (Op *op)
{
  g_assert (op->sleep_id == 0);
  g_free (op->job_id);
  g_free (op->resource_id);
  g_clear_pointer (&op->cidrs, g_ptr_array_unref);
  g_free (op->accept_endpoint);
  g_free (op->accept_status);
  g_object_unref (op->step);
  g_object_unref (op->runner);
  g_free (op);
}

const char *
op_setup_id (Op *op, const char *step_id)
{
  return lw_setup_get_resource_id (op->runner->setup, step_id);
}

void
op_add_request_ids (Op *op, JsonObject *result, const GError *error)
{
  if (result != NULL)
    {
      g_autofree char *rid = member_dup_string (result, "RequestId");
      lw_step_add_request_id (op->step, rid);
    }
  if (error != NULL)
    {
      const char * const *ids = lw_cloud_error_get_request_ids (error);
      for (guint i = 0; ids && ids[i]; i++)
        lw_step_add_request_id (op->step, ids[i]);
      if ((ids == NULL || ids[0] == NULL) && lw_cloud_error_get_request_id (error))
        lw_step_add_request_id (op->step, lw_cloud_error_get_request_id (error));
    }
}

GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped by the user"));
}

typedef struct {
  Op *op;
  RpcDone done;
} RpcCall;

static void
op_rpc_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  RpcCall *call = user_data;
  Op *op = call->op;
  RpcDone done = call->done;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;

  g_free (call);
  result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  op_add_request_ids (op, result, error);
  done (op, result, g_steal_pointer (&error));
}

/* One Alibaba Cloud call of a step. @params is consumed. Not sent once the user pressed Cancel; a call
 * already in flight is let finish so that its result is recorded. */
void
op_rpc (Op *op, LwProduct product, const char *action, LwParams *params, LwCallFlags flags, RpcDone done)
{
  LwRunner *self = op->runner;
  RpcCall *call;

  if (self->cancel_requested)
    {
      lw_params_free (params);
      done (op, NULL, cancelled_error ());
      return;
    }
  /* Not every action takes one: GetJobStatus's endpoint already names the region. */
  if (lw_params_lookup (params, "RegionId") == NULL && lw_rpc_action_takes_param (product, action, "RegionId"))
    lw_params_add (params, "RegionId", lw_setup_get_region (self->setup));
  call = g_new0 (RpcCall, 1);
  call->op = op;
  call->done = done;
  lw_rpc_client_call_async (self->rpc, product, action, params, flags, NULL, op_rpc_cb, call);
  lw_params_free (params);
}

gboolean
op_sleep_done (gpointer data)
{
  Op *op = data;

  op->sleep_id = 0;
  g_ptr_array_remove (op->runner->sleeping, op);
  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return G_SOURCE_REMOVE;
    }
  op->poll_once (op);
  return G_SOURCE_REMOVE;
}

void
op_wait (Op *op, double expected, OpFunc poll_once, OpFunc on_ready)
{
  gboolean manual_wait = g_str_equal (op->def->id, LW_STEP_ACCEPT)
                         && lw_setup_get_tidb_mode (op->runner->setup) == LW_TIDB_MODE_MANUAL;

  /* The hints are real-cloud durations; the context shrinks them for a faster (simulated) cloud. */
  expected *= lw_engine_context_get_expected_scale (op->runner->context);
  lw_poll_schedule_init (&op->sched, POLL_INITIAL, POLL_FACTOR, manual_wait ? MANUAL_CAP : POLL_CAP,
                         manual_wait ? MANUAL_TIMEOUT : POLL_TIMEOUT, expected,
                         lw_engine_context_get_time_scale (op->runner->context));
  op->poll_once = poll_once;
  op->on_ready = on_ready;
  /* The first check is immediate when nothing suggests a delay (verifying a finished step). */
  if (expected <= 0)
    {
      op->sched.n_polls = 1;
      poll_once (op);
    }
  else
    op_wait_next (op);
}

void
op_wait_next (Op *op)
{
  double delay = lw_poll_schedule_next (&op->sched);

  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return;
    }
  if (delay < 0)
    {
      op_fail (op, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                _("“%s” did not finish within %.0f minutes"),
                                lw_step_get_title (op->step), op->sched.timeout / 60.0));
      return;
    }
  g_ptr_array_add (op->runner->sleeping, op);
  op->sleep_id = g_timeout_add_full (G_PRIORITY_DEFAULT, MAX (1, (guint)(delay * 1000.0 + 0.5)),
                                     op_sleep_done, op, NULL);
}

void
op_finish (Op *op)
{
  LwRunner *self = op->runner;

  g_object_ref (self);
  self->n_running--;
  op_free (op);
  if (self->rolling_back)
    rollback_next (self);
  else
    runner_schedule (self);
  g_object_unref (self);
}

void
op_succeed (Op *op)
{
  LwSetup *setup = op->runner->setup;

  lw_step_set_detail (op->step, NULL);
  if (op->rollback)
    {
      g_autofree char *rid = g_strdup (lw_setup_get_resource_id (setup, op->def->id));
      /* Forget the ClientToken too: a later run must create a new resource, not get the deleted one. */
      lw_setup_reset_step (setup, op->def->id);
      lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_DELETED);
      lw_setup_set_resource_id (setup, op->def->id, rid);
      lw_step_set_state (op->step, LW_STEP_STATE_PENDING);
      lw_step_set_detail (op->step, rid ? _("Deleted") : NULL);
    }
  else
    {
      lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_DONE);
      lw_setup_set_step_error (setup, op->def->id, NULL);
      lw_step_set_state (op->step, LW_STEP_STATE_DONE);
    }
  step_changed (op->runner, op->step);
  op_save_then (op, op_finish);
}

void
op_fail (Op *op, GError *error)
{
  LwRunner *self = op->runner;
  g_autofree char *explanation = lw_explain_error (op->def->id, error);

  g_debug ("Step %s failed: %s", op->def->id, error->message);
  lw_step_set_detail (op->step, NULL);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    lw_step_set_state (op->step, op->rollback ? LW_STEP_STATE_PENDING :
                       (lw_setup_get_step_record (self->setup, op->def->id) == LW_STEP_RECORD_DONE
                        ? LW_STEP_STATE_DONE : LW_STEP_STATE_PENDING));
  else
    {
      lw_step_set_error (op->step, error, explanation);
      lw_step_set_state (op->step, LW_STEP_STATE_FAILED);
      lw_setup_set_step_error (self->setup, op->def->id, error->message);
      /* Best effort: the failure itself is what we report. */
      save_later (self->setup);
    }
  step_changed (self, op->step);
  if (self->first_error == NULL)
    self->first_error = error;
  else
    g_error_free (error);
  op_finish (op);
}

/* ---- generic resource steps: create → wait → (verify) → delete ---- */

static void resource_poll_once (Op *op);
static void resource_create (Op *op);

static void
resource_poll_cb (Op *op, JsonObject *result, GError *error)
{
  LwSetup *setup = op->runner->setup;
  g_autoptr(GError) check_error = NULL;
  PollVerdict verdict;

  if (error != NULL && !lw_cloud_error_is_not_found (error))
    {
      op_fail (op, error);
      return;
    }
  verdict = error != NULL ? POLL_GONE : op->def->ops->poll_check (op, result, &check_error);
  g_clear_error (&error);

  switch (verdict)
    {
    case POLL_READY:
      op->on_ready (op);
      break;
    case POLL_ERROR:
      op_fail (op, g_steal_pointer (&check_error));
      break;
    case POLL_GONE:
      if (op->recreated)
        {
          op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("%s does not exist any more"),
                                    lw_setup_get_resource_id (setup, op->def->id)));
          break;
        }
      /* Deleted behind our back (or never finished): create it again, once, with a fresh token. */
      g_debug ("%s %s not found, creating it again", op->def->id, lw_setup_get_resource_id (setup, op->def->id));
      op->recreated = TRUE;
      lw_setup_reset_step (setup, op->def->id);
      lw_step_set_resource_id (op->step, NULL);
      resource_create (op);
      break;
    case POLL_WAIT:
    default:
      op_wait_next (op);
      break;
    }
}

static void
resource_poll_once (Op *op)
{
  LwParams *params = lw_params_new ();

  op->def->ops->poll_params (op, params);
  op_rpc (op, op->def->ops->product, op->def->ops->poll_action, params, LW_CALL_FLAGS_NONE, resource_poll_cb);
}

static void
resource_wait_ready (Op *op)
{
  lw_step_set_detail (op->step, _("Waiting until it is ready…"));
  op_wait (op, op->def->expected, resource_poll_once, op_succeed);
}

static void
resource_create_cb (Op *op, JsonObject *result, GError *error)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *id = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  id = op->def->ops->create_result (op, result);
  if (id == NULL)
    {
      op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                                _("%s returned no resource ID"), op->def->ops->create_action));
      return;
    }
  lw_setup_set_resource_id (setup, op->def->id, id);
  lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_CREATED);
  lw_step_set_resource_id (op->step, id);
  step_changed (op->runner, op->step);
  op_save_then (op, resource_wait_ready);
}

static void resource_create_send (Op *op);

static void
resource_create (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return;
    }
  /* Record before: the ClientToken is durable before the call can reach the cloud. */
  lw_setup_ensure_client_token (setup, op->def->id);
  lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_REQUESTED);
  op_save_then (op, resource_create_send);
}

static void
resource_create_send (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwParams *params;

  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return;
    }
  params = lw_params_new ();
  op->def->ops->create_params (op, params);
  /* Not every create takes one (PolarDB's ModifyDBClusterAccessWhitelist does not). */
  if (lw_rpc_action_takes_param (op->def->ops->product, op->def->ops->create_action, "ClientToken"))
    lw_params_set (params, "ClientToken", lw_setup_get_client_token (setup, op->def->id));
  lw_step_set_detail (op->step, _("Creating…"));
  op_rpc (op, op->def->ops->product, op->def->ops->create_action, params, LW_CALL_FLAGS_NONE, resource_create_cb);
}

void
resource_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, op->def->id);

  if ((record == LW_STEP_RECORD_CREATED || record == LW_STEP_RECORD_DONE)
      && lw_setup_get_resource_id (setup, op->def->id) != NULL)
    {
      /* Resume: check it against the cloud instead of trusting the file. */
      lw_step_set_detail (op->step, _("Checking…"));
      op_wait (op, record == LW_STEP_RECORD_DONE ? 0 : op->def->expected * 0.5, resource_poll_once, op_succeed);
      return;
    }
  /* NONE, DELETED, or REQUESTED (the create may have been in flight: re-sent with the same token). */
  resource_create (op);
}

/* Undo: the resource was requested but its ID never recorded → re-send the create with the same
 * ClientToken to learn the ID (the cloud returns the existing resource), then delete it. */
static void resource_delete (Op *op);

static void
resource_undo_learn_cb (Op *op, JsonObject *result, GError *error)
{
  g_autofree char *id = NULL;

  if (error != NULL)
    {
      /* Its parent is gone or the request is refused: nothing of ours can exist. */
      g_debug ("Could not re-send %s during rollback: %s", op->def->ops->create_action, error->message);
      g_error_free (error);
      op_succeed (op);
      return;
    }
  id = op->def->ops->create_result (op, result);
  if (id == NULL)
    {
      op_succeed (op);
      return;
    }
  lw_setup_set_resource_id (op->runner->setup, op->def->id, id);
  lw_setup_set_step_record (op->runner->setup, op->def->id, LW_STEP_RECORD_CREATED);
  op_save_then (op, resource_delete);
}

static void
job_poll_cb (Op *op, JsonObject *result, GError *error)
{
  g_autofree char *status = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  status = member_dup_string (result, "Status");
  /* The official model documents "Succeeded" and "processing" (lower case); any other value, or
   * none, ends the wait instead of polling on until the step's timeout. */
  if (g_strcmp0 (status, "Succeeded") == 0)
    op->on_ready (op);
  else if (g_strcmp0 (status, "processing") == 0)
    op_wait_next (op);
  else
    op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("The job %s ended as “%s”"), op->job_id,
                              status != NULL ? status : _("(no status)")));
}

static void
job_poll_once (Op *op)
{
  LwParams *params = lw_params_new ();
  lw_params_add (params, "JobId", op->job_id);
  op_rpc (op, LW_PRODUCT_NLB, "GetJobStatus", params, LW_CALL_FLAGS_NONE, job_poll_cb);
}

static void
gone_poll_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL)
    {
      if (lw_cloud_error_is_not_found (error))
        {
          g_error_free (error);
          op_succeed (op);
        }
      else
        op_fail (op, error);
      return;
    }
  op_wait_next (op);
}

static void
gone_poll_once (Op *op)
{
  LwParams *params = lw_params_new ();
  op->def->ops->poll_params (op, params);
  op_rpc (op, op->def->ops->product, op->def->ops->poll_action, params, LW_CALL_FLAGS_NONE, gone_poll_cb);
}

static void
resource_delete_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL)
    {
      if (lw_cloud_error_is_not_found (error))
        {
          g_error_free (error);
          op_succeed (op);
          return;
        }
      /* The service still has an endpoint connection going away: wait and try again. */
      if (lw_cloud_error_has_code (error, "EndpointServiceConnectionDependence")
          || lw_cloud_error_is_transient (error))
        {
          g_error_free (error);
          op->poll_once = resource_delete;
          op_wait_next (op);
          return;
        }
      op_fail (op, error);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting until it is deleted…"));
  g_free (op->job_id);
  op->job_id = member_dup_string (result, "JobId");
  if (op->def->ops->delete_wait == DELETE_WAIT_JOB && op->job_id != NULL)
    op_wait (op, op->def->expected * 0.5, job_poll_once, op_succeed);
  else if (op->def->ops->delete_wait != DELETE_WAIT_NONE)
    op_wait (op, op->def->expected * 0.3, gone_poll_once, op_succeed);
  else
    op_succeed (op);
}

static void
resource_delete (Op *op)
{
  LwParams *params = lw_params_new ();

  lw_step_set_detail (op->step, _("Deleting…"));
  op->def->ops->delete_params (op, params);
  op_rpc (op, op->def->ops->product, op->def->ops->delete_action, params, LW_CALL_FLAGS_NONE, resource_delete_cb);
}

void
resource_undo (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, op->def->id);

  /* The schedule for EndpointServiceConnectionDependence retries. */
  lw_poll_schedule_init (&op->sched, 1.0, POLL_FACTOR, POLL_CAP, POLL_TIMEOUT, 0,
                         lw_engine_context_get_time_scale (op->runner->context));
  if (record == LW_STEP_RECORD_REQUESTED && lw_setup_get_resource_id (setup, op->def->id) == NULL)
    {
      LwParams *params;

      /* Without a ClientToken the create cannot be re-sent to learn an ID: it names its resource
       * itself (the PolarDB whitelist group), so delete that. */
      if (!lw_rpc_action_takes_param (op->def->ops->product, op->def->ops->create_action, "ClientToken"))
        {
          resource_delete (op);
          return;
        }
      params = lw_params_new ();
      op->def->ops->create_params (op, params);
      lw_params_set (params, "ClientToken", lw_setup_get_client_token (setup, op->def->id));
      op_rpc (op, op->def->ops->product, op->def->ops->create_action, params, LW_CALL_FLAGS_NONE,
              resource_undo_learn_cb);
      return;
    }
  resource_delete (op);
}
