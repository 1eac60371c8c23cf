/* lw-runner.c — runs, resumes and rolls back the plan of a setup
 *
 * The plan (product.md §3) is the table `plan` below: each row names its dependencies and how to
 * create, wait for, verify and delete its resource. The runner starts every step whose dependencies are
 * done, all at once, and records each create before and after the call so that a crash at any instant
 * resumes without a duplicate (the saved ClientToken makes the cloud return the same resource).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-engine-private.h"
#include "lw-names.h"
#include "lw-poll.h"
#include "lw-preflight.h"
#include "lw-runner.h"
#include "lw-tidb-fallback.h"

typedef struct _Op Op;
typedef void (*OpFunc) (Op *op);

/* Verdict of one poll. */
typedef enum {
  POLL_WAIT,
  POLL_READY,
  POLL_ERROR,
  POLL_GONE,     /* the resource does not exist (any more) */
} PollVerdict;

typedef enum {
  DELETE_WAIT_NONE,
  DELETE_WAIT_JOB,     /* NLB: GetJobStatus until Succeeded */
  DELETE_WAIT_GONE,    /* poll the resource until not found */
} DeleteWait;

typedef struct {
  LwProduct product;
  const char *create_action;
  void (*create_params) (Op *op, LwParams *params);
  char *(*create_result) (Op *op, JsonObject *result);
  const char *poll_action;
  void (*poll_params) (Op *op, LwParams *params);
  PollVerdict (*poll_check) (Op *op, JsonObject *result, GError **error);
  const char *delete_action;
  void (*delete_params) (Op *op, LwParams *params);
  DeleteWait delete_wait;
} ResourceOps;

enum { MODE_AUTO = 1 << 0, MODE_MANUAL = 1 << 1, MODE_BOTH = MODE_AUTO | MODE_MANUAL };

typedef struct {
  const char *id;
  const char *title;
  const char *deps_auto[4];      /* NULL-terminated */
  const char *deps_manual[4];
  guint modes;
  double expected;             /* typical seconds from create to ready: the poll schedule's hint */
  const ResourceOps *ops;      /* generic create → wait → delete, or NULL for the custom ones */
  OpFunc run;
  OpFunc undo;
} StepDef;

struct _Op
{
  LwRunner *runner;
  const StepDef *def;
  LwStep *step;
  gboolean rollback;
  gboolean verifying;
  gboolean recreated;
  LwPollSchedule sched;
  OpFunc poll_once;
  OpFunc on_ready;
  OpFunc after_save;
  char *accept_endpoint;  /* the endpoint connection being accepted, and its last status */
  char *accept_status;
  guint sleep_id;
  guint attempts;
  char *job_id;
  char *resource_id;    /* what an undo deletes */
};

struct _LwRunner
{
  GObject parent_instance;

  LwSetup *setup;
  LwEngineContext *context;
  LwRpcClient *rpc;
  LwTidbClient *tidb;
  GError *client_error;
  GListStore *steps;
  GHashTable *call_counts;
  guint alibaba_calls;
  guint tidb_calls;

  GTask *task;
  gboolean rolling_back;
  gboolean cancel_requested;
  gboolean completing;          /* final state being saved; the task not yet returned */
  gboolean stop_waiting;
  gboolean *started;        /* per plan row, this run */
  guint n_running;
  guint rollback_index;
  GError *first_error;
  GPtrArray *sleeping;      /* Op */
  GCancellable *external;
  gulong external_handler;
  GMainContext *main_context;
};

G_DEFINE_FINAL_TYPE (LwRunner, lw_runner, G_TYPE_OBJECT)

enum { PROP_0, PROP_SETUP, PROP_BUSY, PROP_SERVICE_NAME, N_PROPS };
enum { STEP_CHANGED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Poll schedule: first check after 0.5 s (or just before the typical duration), growing ×1.5 to 5 s;
 * a wait gives up after 15 minutes. Manual mode waits for a person, so it polls gently, for a day. */
#define POLL_INITIAL   0.5
#define POLL_FACTOR    1.5
#define POLL_CAP       5.0
#define POLL_TIMEOUT   900.0
#define MANUAL_CAP     15.0
#define MANUAL_TIMEOUT 86400.0

static void op_wait (Op *op, double expected, OpFunc poll_once, OpFunc on_ready);
static void op_wait_next (Op *op);
static void op_succeed (Op *op);
static void op_fail (Op *op, GError *error);
static void runner_schedule (LwRunner *self);
static void runner_complete_saved (GObject *source, GAsyncResult *res, gpointer user_data);
static void rollback_next (LwRunner *self);

/* ---- small JSON helpers ---- */

/* A member as a string whatever its JSON type (the APIs mix "3306" and 3306, user IDs as numbers). */
static char *
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

static gboolean
member_equals (JsonObject *o, const char *name, const char *value)
{
  g_autofree char *s = member_dup_string (o, name);
  return value != NULL && g_strcmp0 (s, value) == 0;
}

/* Arrays come bare ("Servers": [...]) or in an XML-style wrapper ("Users": {"User": [...]}). */
static JsonArray *
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

static Op *
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
  g_free (op->accept_endpoint);
  g_free (op->accept_status);
  g_object_unref (op->step);
  g_object_unref (op->runner);
  g_free (op);
}

static const char *
op_setup_id (Op *op, const char *step_id)
{
  return lw_setup_get_resource_id (op->runner->setup, step_id);
}

static void
step_changed (LwRunner *self, LwStep *step)
{
  g_signal_emit (self, signals[STEP_CHANGED], 0, step);
}

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
static void
op_save_then (Op *op, OpFunc next)
{
  g_assert (op->after_save == NULL);
  op->after_save = next;
  lw_setup_save_async (op->runner->setup, NULL, op_save_cb, op);
}

/* A save nobody waits for (state changes, failures): still written in order with the others. */
static void
save_later (LwSetup *setup)
{
  lw_setup_save_async (setup, NULL, NULL, NULL);
}

static void
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

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped by the user"));
}

typedef void (*RpcDone) (Op *op, JsonObject *result, GError *error);

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
static void
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

static gboolean
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

static void
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

static void
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

static void
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

static void
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

static void
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
  lw_params_set (params, "ClientToken", lw_setup_get_client_token (setup, op->def->id));
  lw_step_set_detail (op->step, _("Creating…"));
  op_rpc (op, op->def->ops->product, op->def->ops->create_action, params, LW_CALL_FLAGS_NONE, resource_create_cb);
}

static void
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

static void
resource_undo (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, op->def->id);

  /* The schedule for EndpointServiceConnectionDependence retries. */
  lw_poll_schedule_init (&op->sched, 1.0, POLL_FACTOR, POLL_CAP, POLL_TIMEOUT, 0,
                         lw_engine_context_get_time_scale (op->runner->context));
  if (record == LW_STEP_RECORD_REQUESTED && lw_setup_get_resource_id (setup, op->def->id) == NULL)
    {
      LwParams *params = lw_params_new ();
      op->def->ops->create_params (op, params);
      lw_params_set (params, "ClientToken", lw_setup_get_client_token (setup, op->def->id));
      op_rpc (op, op->def->ops->product, op->def->ops->create_action, params, LW_CALL_FLAGS_NONE,
              resource_undo_learn_cb);
      return;
    }
  resource_delete (op);
}

/* ---- the resources ---- */

static const char *
tag_pairs[] = { "created-by", "linkwright", NULL };

static void
add_tags (Op *op, LwParams *params)
{
  g_autofree char *setup_tag = lw_names_tag_value (lw_setup_get_id (op->runner->setup));

  lw_params_add (params, "Tag.1.Key", tag_pairs[0]);
  lw_params_add (params, "Tag.1.Value", tag_pairs[1]);
  lw_params_add (params, "Tag.2.Key", "linkwright-setup");
  lw_params_add (params, "Tag.2.Value", setup_tag);
}

/* server group */
static void
sg_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "ServerGroupName", name);
  lw_params_add (p, "ServerGroupType", "Ip");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  lw_params_add (p, "Protocol", "TCP");
  /* RDS then sees the NLB's own addresses in the chosen vSwitches, which the whitelist check covers. */
  lw_params_add_bool (p, "PreserveClientIpEnabled", FALSE);
  lw_params_add_bool (p, "HealthCheckConfig.HealthCheckEnabled", TRUE);
  lw_params_add (p, "HealthCheckConfig.HealthCheckType", "TCP");
  add_tags (op, p);
}

static char *sg_create_result (Op *op, JsonObject *r) { return member_dup_string (r, "ServerGroupId"); }

static void
sg_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupIds.1", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

static PollVerdict
sg_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *groups = member_array (r, "ServerGroups");
  const char *id = op_setup_id (op, LW_STEP_SERVER_GROUP);

  for (guint i = 0; groups && i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      if (!member_equals (g, "ServerGroupId", id))
        continue;
      if (member_equals (g, "ServerGroupStatus", "Available"))
        return POLL_READY;
      return POLL_WAIT;
    }
  return POLL_GONE;
}

static void
sg_delete_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

static const ResourceOps sg_ops = {
  LW_PRODUCT_NLB, "CreateServerGroup", sg_create_params, sg_create_result,
  "ListServerGroups", sg_poll_params, sg_poll_check,
  "DeleteServerGroup", sg_delete_params, DELETE_WAIT_JOB,
};

/* backend server */
static void
backend_server_params (Op *op, LwParams *p, gboolean full)
{
  LwSetup *setup = op->runner->setup;
  const char *ip = lw_setup_get_rds_ip (setup);
  g_autofree char *port = g_strdup_printf ("%u", lw_setup_get_rds_port (setup));
  g_autofree char *rid = g_strdup (lw_setup_get_resource_id (setup, LW_STEP_BACKEND));

  /* Undo uses the backend that was added (its "ip:port"), which may differ after an RDS IP change. */
  if (!full && rid != NULL && strchr (rid, ':') != NULL)
    {
      char *colon = strrchr (rid, ':');
      *colon = '\0';
      ip = rid;
      g_free (port);
      port = g_strdup (colon + 1);
      lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
      lw_params_add (p, "Servers.1.ServerId", ip);
      lw_params_add (p, "Servers.1.ServerType", "Ip");
      lw_params_add (p, "Servers.1.ServerIp", ip);
      lw_params_add (p, "Servers.1.Port", port);
      return;
    }
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
  lw_params_add (p, "Servers.1.ServerId", ip);
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", ip);
  lw_params_add (p, "Servers.1.Port", port);
  if (full)
    lw_params_add (p, "Servers.1.Description", lw_names_backend_description ());
}

static void backend_create_params (Op *op, LwParams *p) { backend_server_params (op, p, TRUE); }
static void backend_delete_params (Op *op, LwParams *p) { backend_server_params (op, p, FALSE); }

static char *
backend_create_result (Op *op, JsonObject *r)
{
  LwSetup *setup = op->runner->setup;
  return g_strdup_printf ("%s:%u", lw_setup_get_rds_ip (setup), lw_setup_get_rds_port (setup));
}

static void
backend_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

static PollVerdict
backend_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *servers = member_array (r, "Servers");
  g_autofree char *rid = g_strdup (op_setup_id (op, LW_STEP_BACKEND));
  char *colon = rid ? strrchr (rid, ':') : NULL;

  if (colon == NULL)
    return POLL_WAIT;
  *colon = '\0';
  for (guint i = 0; servers && i < json_array_get_length (servers); i++)
    {
      JsonObject *s = json_array_get_object_element (servers, i);
      if (!(member_equals (s, "ServerIp", rid) || member_equals (s, "ServerId", rid))
          || !member_equals (s, "Port", colon + 1))
        continue;
      return member_equals (s, "Status", "Available") ? POLL_READY : POLL_WAIT;
    }
  return POLL_GONE;
}

static const ResourceOps backend_ops = {
  LW_PRODUCT_NLB, "AddServersToServerGroup", backend_create_params, backend_create_result,
  "ListServerGroupServers", backend_poll_params, backend_poll_check,
  "RemoveServersFromServerGroup", backend_delete_params, DELETE_WAIT_JOB,
};

/* load balancer */
static void
lb_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "LoadBalancerName", name);
  lw_params_add (p, "LoadBalancerType", "Network");
  lw_params_add (p, "AddressType", "Intranet");
  lw_params_add (p, "AddressIpVersion", "ipv4");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "ZoneId", m->zone_id);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "VSwitchId", m->vswitch_id);
    }
  lw_params_add (p, "LoadBalancerBillingConfig.PayType", "PostPay");
  add_tags (op, p);
}

/* The API spells it "LoadbalancerId" (lower-case b); accept both. */
static char *
lb_create_result (Op *op, JsonObject *r)
{
  char *id = member_dup_string (r, "LoadbalancerId");
  return id ? id : member_dup_string (r, "LoadBalancerId");
}

static void
lb_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
}

static PollVerdict
lb_poll_check (Op *op, JsonObject *r, GError **error)
{
  g_autofree char *status = member_dup_string (r, "LoadBalancerStatus");
  g_autofree char *dns = member_dup_string (r, "DNSName");

  if (dns != NULL)
    lw_setup_set_nlb_dns_name (op->runner->setup, dns);
  if (g_strcmp0 (status, "Active") == 0)
    return POLL_READY;
  if (g_strcmp0 (status, "CreateFailed") == 0)
    {
      LwParams *params = lw_params_new ();

      /* A CreateFailed NLB can only be deleted. Delete it (fire and forget: the next run polls it) and
       * forget it, so that Retry creates a fresh one instead of waiting on a dead one. */
      lw_params_add (params, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
      lw_rpc_client_call_async (op->runner->rpc, LW_PRODUCT_NLB, "DeleteLoadBalancer", params,
                                LW_CALL_FLAGS_NONE, NULL, NULL, NULL);
      lw_params_free (params);
      lw_setup_reset_step (op->runner->setup, LW_STEP_LOAD_BALANCER);
      lw_step_set_resource_id (op->step, NULL);
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API,
                   _("The load balancer could not be created (CreateFailed); it is being deleted"));
      return POLL_ERROR;
    }
  return POLL_WAIT;
}

static void
lb_delete_params (Op *op, LwParams *p)
{
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
}

static const ResourceOps lb_ops = {
  LW_PRODUCT_NLB, "CreateLoadBalancer", lb_create_params, lb_create_result,
  "GetLoadBalancerAttribute", lb_poll_params, lb_poll_check,
  "DeleteLoadBalancer", lb_delete_params, DELETE_WAIT_JOB,
};

/* listener */
static void
listener_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "ListenerProtocol", "TCP");
  lw_params_add_uint (p, "ListenerPort", lw_setup_get_listener_port (setup));
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
  lw_params_add (p, "ListenerDescription", name);
  add_tags (op, p);
}

static char *listener_create_result (Op *op, JsonObject *r) { return member_dup_string (r, "ListenerId"); }

static void
listener_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ListenerId", op_setup_id (op, LW_STEP_LISTENER));
}

static PollVerdict
listener_poll_check (Op *op, JsonObject *r, GError **error)
{
  return member_equals (r, "ListenerStatus", "Running") ? POLL_READY : POLL_WAIT;
}

static const ResourceOps listener_ops = {
  LW_PRODUCT_NLB, "CreateListener", listener_create_params, listener_create_result,
  "GetListenerAttribute", listener_poll_params, listener_poll_check,
  "DeleteListener", listener_poll_params, DELETE_WAIT_JOB,
};

/* endpoint service */
static void
eps_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *description = lw_names_service_description (name);

  lw_params_add (p, "ServiceResourceType", "nlb");
  /* The document recommends reviewing each connection request: never auto-accept. */
  lw_params_add_bool (p, "AutoAcceptEnabled", FALSE);
  lw_params_add (p, "ServiceDescription", description);
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceType", "nlb");
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
      lw_params_add_indexed (p, "Resource", i + 1, "ZoneId", m->zone_id);
    }
  add_tags (op, p);
}

static void
eps_take_name (Op *op, JsonObject *r)
{
  g_autofree char *name = member_dup_string (r, "ServiceName");

  if (name != NULL && g_strcmp0 (name, lw_setup_get_service_name (op->runner->setup)) != 0)
    {
      lw_setup_set_service_name (op->runner->setup, name);
      g_object_notify_by_pspec (G_OBJECT (op->runner), properties[PROP_SERVICE_NAME]);
    }
}

static char *
eps_create_result (Op *op, JsonObject *r)
{
  eps_take_name (op, r);
  return member_dup_string (r, "ServiceId");
}

static void
eps_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
}

static PollVerdict
eps_poll_check (Op *op, JsonObject *r, GError **error)
{
  eps_take_name (op, r);
  return member_equals (r, "ServiceStatus", "Active") ? POLL_READY : POLL_WAIT;
}

static const ResourceOps eps_ops = {
  LW_PRODUCT_PRIVATELINK, "CreateVpcEndpointService", eps_create_params, eps_create_result,
  "GetVpcEndpointServiceAttribute", eps_poll_params, eps_poll_check,
  "DeleteVpcEndpointService", eps_poll_params, DELETE_WAIT_GONE,
};

/* service whitelist (the TiDB account) */
static void
user_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (p, "UserId", lw_setup_get_tidb_account_id (op->runner->setup));
}

static char *
user_create_result (Op *op, JsonObject *r)
{
  return g_strdup (lw_setup_get_tidb_account_id (op->runner->setup));
}

static PollVerdict
user_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *users = member_array (r, "Users");

  for (guint i = 0; users && i < json_array_get_length (users); i++)
    if (member_equals (json_array_get_object_element (users, i), "UserId",
                       lw_setup_get_tidb_account_id (op->runner->setup)))
      return POLL_READY;
  return POLL_WAIT;
}

static const ResourceOps user_ops = {
  LW_PRODUCT_PRIVATELINK, "AddUserToVpcEndpointService", user_params, user_create_result,
  "ListVpcEndpointServiceUsers", user_params, user_poll_check,
  "RemoveUserFromVpcEndpointService", user_params, DELETE_WAIT_NONE,
};

/* RDS whitelist fix (opt-in): a separate group with the vSwitch CIDRs, removed on rollback. */
static char *
whitelist_group_name (LwSetup *setup)
{
  return lw_names_whitelist_group (lw_setup_get_id (setup));
}

static char *
whitelist_cidrs (LwSetup *setup)
{
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      if (m->cidr == NULL)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, m->cidr);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
whitelist_params (Op *op, LwParams *p, const char *mode)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *group = whitelist_group_name (setup);
  g_autofree char *cidrs = whitelist_cidrs (setup);

  lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
  lw_params_add (p, "SecurityIps", cidrs);
  lw_params_add (p, "DBInstanceIPArrayName", group);
  lw_params_add (p, "ModifyMode", mode);
}

static void whitelist_create_params (Op *op, LwParams *p) { whitelist_params (op, p, "Cover"); }
static void whitelist_delete_params (Op *op, LwParams *p) { whitelist_params (op, p, "Delete"); }
static char *whitelist_create_result (Op *op, JsonObject *r) { return whitelist_group_name (op->runner->setup); }

static void
whitelist_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (op->runner->setup));
}

static PollVerdict
whitelist_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonObject *items = json_object_has_member (r, "Items") ? json_object_get_object_member (r, "Items") : NULL;
  JsonArray *arrays = member_array (items, "DBInstanceIPArray");
  g_autofree char *group = whitelist_group_name (op->runner->setup);

  for (guint i = 0; arrays && i < json_array_get_length (arrays); i++)
    if (member_equals (json_array_get_object_element (arrays, i), "DBInstanceIPArrayName", group))
      return POLL_READY;
  return POLL_WAIT;
}

static const ResourceOps whitelist_ops = {
  LW_PRODUCT_RDS, "ModifySecurityIps", whitelist_create_params, whitelist_create_result,
  "DescribeDBInstanceIPArrayList", whitelist_poll_params, whitelist_poll_check,
  "ModifySecurityIps", whitelist_delete_params, DELETE_WAIT_NONE,
};

/* ---- TiDB connection (automatic mode) ---- */

static void
tidb_add_request_id (Op *op, const GError *error)
{
  op_add_request_ids (op, NULL, error);
}

static gboolean
tidb_ready (Op *op)
{
  if (op->runner->tidb == NULL)
    {
      op_fail (op, op->runner->client_error ? g_error_copy (op->runner->client_error)
               : g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                      _("Automatic mode needs the TiDB Cloud API key")));
      return FALSE;
    }
  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return FALSE;
    }
  return TRUE;
}

static void tidb_conn_poll_once (Op *op);
static void tidb_conn_find_cb (GObject *source, GAsyncResult *res, gpointer user_data);

static void
tidb_fall_back_saved (Op *op)
{
  lw_step_set_state (op->step, LW_STEP_STATE_SKIPPED);
  step_changed (op->runner, op->step);
  op_finish (op);
}

/* TiDB Cloud refused its (v1beta1) private link API for this cluster — a cluster on a newer API
 * version: go on in manual mode without losing anything. The Alibaba Cloud side is kept, the user
 * creates the connection in the TiDB Cloud console, and the accept step waits for the request from
 * the whitelisted account. The switch (mode and reason) is durable before the accept step starts,
 * so a resume after a crash continues in manual mode. @error is consumed. */
static void
tidb_fall_back (Op *op, GError *error)
{
  LwRunner *self = op->runner;
  LwSetup *setup = self->setup;
  LwStep *active = lw_runner_get_step (self, LW_STEP_TIDB_ACTIVE);

  g_debug ("TiDB Cloud refused the private link API for cluster %s (%s): switching to manual mode",
           lw_setup_get_tidb_cluster_id (setup), error->message);
  lw_setup_set_tidb_fallback_reason (setup, error->message);
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_MANUAL);
  /* Nothing exists in TiDB Cloud: no record, so that a rollback does not call the refused API. */
  lw_setup_reset_step (setup, LW_STEP_TIDB_CONNECTION);
  lw_setup_reset_step (setup, LW_STEP_TIDB_ACTIVE);
  lw_step_set_detail (op->step, _("Switched to manual mode: TiDB Cloud refused its API for this cluster"));
  lw_step_set_state (active, LW_STEP_STATE_SKIPPED);
  step_changed (self, active);
  g_error_free (error);
  /* The accept step waits for this one (manual deps): it starts only once the switch is on disk. */
  op_save_then (op, tidb_fall_back_saved);
}

static void
tidb_conn_poll_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;
  gboolean want_active = g_str_equal (op->def->id, LW_STEP_TIDB_ACTIVE);

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL)
    {
      if (op->rollback && lw_cloud_error_is_not_found (error))
        op_succeed (op);
      else if (!op->rollback && !want_active && lw_cloud_error_is_not_found (error) && !op->recreated)
        {
          op->recreated = TRUE;
          lw_setup_reset_step (op->runner->setup, op->def->id);
          lw_step_set_resource_id (op->step, NULL);
          op->def->run (op);
        }
      else if (!op->rollback && !want_active && lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  if (op->rollback)
    {
      op_wait_next (op);
      return;
    }
  if (g_strcmp0 (conn->state, "FAILED") == 0)
    {
      op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("TiDB Cloud reports the connection as failed: %s"),
                                conn->message ? conn->message : _("no reason given")));
      return;
    }
  if (g_strcmp0 (conn->state, "ACTIVE") == 0
      || (!want_active && g_strcmp0 (conn->state, "PENDING_ACCEPTANCE") == 0))
    {
      op->on_ready (op);
      return;
    }
  op_wait_next (op);
}

static void
tidb_conn_poll_once (Op *op)
{
  if (!tidb_ready (op))
    return;
  lw_tidb_client_get_private_link_connection_async (op->runner->tidb,
                                                    lw_setup_get_tidb_cluster_id (op->runner->setup),
                                                    op_setup_id (op, LW_STEP_TIDB_CONNECTION),
                                                    NULL, tidb_conn_poll_cb, op);
}

static void
tidb_conn_after_created (Op *op)
{
  if (op->rollback)
    {
      op->def->undo (op);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting for TiDB Cloud to request the connection…"));
  op_wait (op, op->def->expected, tidb_conn_poll_once, op_succeed);
}

static void
tidb_conn_created (Op *op, const char *id)
{
  LwSetup *setup = op->runner->setup;

  lw_setup_set_resource_id (setup, LW_STEP_TIDB_CONNECTION, id);
  lw_setup_set_step_record (setup, LW_STEP_TIDB_CONNECTION, LW_STEP_RECORD_CREATED);
  lw_step_set_resource_id (op->step, id);
  step_changed (op->runner, op->step);
  op_save_then (op, tidb_conn_after_created);
}

static void
tidb_conn_create_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL)
    {
      gboolean unsure = lw_cloud_error_is_transient (error)
                        || g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK)
                        || g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT);

      /* The POST may have been carried out with its answer lost: look it up by name before any
       * second POST (TiDB Cloud has no idempotency token, and its client does not retry POSTs). */
      if (unsure && ++op->attempts <= 5 && !op->runner->cancel_requested)
        {
          lw_tidb_client_list_private_link_connections_async (op->runner->tidb,
                                                              lw_setup_get_tidb_cluster_id (op->runner->setup),
                                                              NULL, NULL, tidb_conn_find_cb, op);
          return;
        }
      if (lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  tidb_conn_created (op, conn->private_link_connection_id);
}

static void tidb_conn_create_send (Op *op);

static void
tidb_conn_create (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (!tidb_ready (op))
    return;
  lw_setup_set_step_record (setup, LW_STEP_TIDB_CONNECTION, LW_STEP_RECORD_REQUESTED);
  op_save_then (op, tidb_conn_create_send);
}

static void
tidb_conn_create_send (Op *op)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  if (!tidb_ready (op))
    return;
  lw_step_set_detail (op->step, _("Creating…"));
  lw_tidb_client_create_private_link_connection_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                       name, lw_setup_get_service_name (setup),
                                                       NULL, tidb_conn_create_cb, op);
}

/* TiDB Cloud has no ClientToken: a create that may have been in flight is found again by its unique
 * display name (lw-<rds>-<setup id>) before anything is re-sent. */
static void
tidb_conn_find_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conns = NULL;
  g_autofree char *name = lw_setup_dup_name (op->runner->setup);

  conns = lw_tidb_client_list_private_link_connections_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conns == NULL)
    {
      if (!op->rollback && lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < conns->len; i++)
    {
      LwTidbPrivateLinkConnection *c = g_ptr_array_index (conns, i);
      if (g_strcmp0 (c->display_name, name) == 0 && g_strcmp0 (c->state, "DELETING") != 0)
        {
          tidb_conn_created (op, c->private_link_connection_id);
          return;
        }
    }
  if (op->rollback)
    op_succeed (op);
  else
    tidb_conn_create (op);
}

static void
tidb_conn_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, LW_STEP_TIDB_CONNECTION);

  if (!tidb_ready (op))
    return;
  if ((record == LW_STEP_RECORD_CREATED || record == LW_STEP_RECORD_DONE) && op_setup_id (op, LW_STEP_TIDB_CONNECTION))
    {
      lw_step_set_detail (op->step, _("Checking…"));
      op_wait (op, 0, tidb_conn_poll_once, op_succeed);
    }
  else
    /* Always look for our connection by name first, also on a fresh run: a create of an earlier process
     * may have gone through with its answer lost (TiDB Cloud has no ClientToken). */
    lw_tidb_client_list_private_link_connections_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                        NULL, NULL, tidb_conn_find_cb, op);
}

static void
tidb_conn_delete_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL && !lw_cloud_error_is_not_found (error))
    {
      op_fail (op, g_steal_pointer (&error));
      return;
    }
  if (conn == NULL)
    {
      op_succeed (op);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting until it is deleted…"));
  op_wait (op, op->def->expected * 0.5, tidb_conn_poll_once, op_succeed);
}

static void
tidb_conn_undo (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (!tidb_ready (op))
    return;
  if (op_setup_id (op, LW_STEP_TIDB_CONNECTION) == NULL)
    {
      lw_tidb_client_list_private_link_connections_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                          NULL, NULL, tidb_conn_find_cb, op);
      return;
    }
  lw_step_set_detail (op->step, _("Deleting…"));
  lw_tidb_client_delete_private_link_connection_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                       op_setup_id (op, LW_STEP_TIDB_CONNECTION),
                                                       NULL, tidb_conn_delete_cb, op);
}

static void
tidb_active_run (Op *op)
{
  if (!tidb_ready (op))
    return;
  lw_step_set_detail (op->step, _("Waiting for TiDB Cloud to report the connection active…"));
  op_wait (op, lw_setup_get_step_record (op->runner->setup, LW_STEP_TIDB_ACTIVE) == LW_STEP_RECORD_DONE ? 0 : op->def->expected,
           tidb_conn_poll_once, op_succeed);
}

/* ---- accept the endpoint connection (only from the whitelisted account) ---- */

static void accept_poll_once (Op *op);

static void
accept_enable_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting until the connection is connected…"));
  op_wait (op, op->def->expected, accept_poll_once, op_succeed);
}

static void
accept_send_enable (Op *op)
{
  LwParams *params = lw_params_new ();

  lw_step_set_detail (op->step, _("Accepting the endpoint connection…"));
  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointId", op->accept_endpoint);
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "EnableVpcEndpointConnection", params, LW_CALL_FLAGS_NONE, accept_enable_cb);
}

/* The endpoint connection found by the last poll (and its ID durable): act on its status. */
static void
accept_on_status (Op *op)
{
  if (g_strcmp0 (op->accept_status, "Connected") == 0)
    op_succeed (op);
  else if (g_strcmp0 (op->accept_status, "Connecting") == 0)
    op_wait_next (op);
  else
    {
      lw_setup_set_step_record (op->runner->setup, LW_STEP_ACCEPT, LW_STEP_RECORD_REQUESTED);
      op_save_then (op, accept_send_enable);
    }
}

static void
accept_poll_cb (Op *op, JsonObject *result, GError *error)
{
  LwRunner *self = op->runner;
  LwSetup *setup = self->setup;
  const char *account = lw_setup_get_tidb_account_id (setup);
  const char *known = op_setup_id (op, LW_STEP_ACCEPT);
  JsonArray *conns;
  JsonObject *mine = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  conns = member_array (result, "Connections");
  for (guint i = 0; conns && i < json_array_get_length (conns); i++)
    {
      JsonObject *c = json_array_get_object_element (conns, i);
      /* The filter is also sent to the API, but a request from any other account must never be
       * accepted, so the owner is checked here again. */
      if (!member_equals (c, "EndpointOwnerId", account))
        continue;
      if (!member_equals (c, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE))
          && json_object_has_member (c, "ServiceId"))
        continue;
      if (member_equals (c, "ConnectionStatus", "Deleting") || member_equals (c, "ConnectionStatus", "Deleted"))
        continue;
      /* Prefer the endpoint we already started to accept. */
      if (mine == NULL || (known != NULL && member_equals (c, "EndpointId", known)))
        mine = c;
    }

  if (mine == NULL)
    {
      if (lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_MANUAL)
        {
          if (self->stop_waiting)
            {
              lw_step_set_detail (op->step, NULL);
              op_fail (op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped waiting")));
              return;
            }
          if (lw_step_get_state (op->step) != LW_STEP_STATE_WAITING)
            {
              lw_setup_set_state (setup, LW_SETUP_STATE_WAITING_FOR_USER);
              save_later (setup);
              lw_step_set_detail (op->step, _("Waiting for the endpoint connection request from TiDB Cloud…"));
              lw_step_set_state (op->step, LW_STEP_STATE_WAITING);
              step_changed (self, op->step);
            }
        }
      op_wait_next (op);
      return;
    }

  g_free (op->accept_endpoint);
  g_free (op->accept_status);
  op->accept_endpoint = member_dup_string (mine, "EndpointId");
  op->accept_status = member_dup_string (mine, "ConnectionStatus");
  if (lw_step_get_state (op->step) == LW_STEP_STATE_WAITING)
    {
      lw_step_set_state (op->step, LW_STEP_STATE_RUNNING);
      lw_setup_set_state (setup, LW_SETUP_STATE_RUNNING);
    }
  if (g_strcmp0 (known, op->accept_endpoint) != 0)
    {
      lw_setup_set_resource_id (setup, LW_STEP_ACCEPT, op->accept_endpoint);
      lw_step_set_resource_id (op->step, op->accept_endpoint);
      step_changed (self, op->step);
      op_save_then (op, accept_on_status);
      return;
    }
  accept_on_status (op);
}

static void
accept_poll_once (Op *op)
{
  LwParams *params = lw_params_new ();

  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointOwnerId", lw_setup_get_tidb_account_id (op->runner->setup));
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointConnections", params, LW_CALL_FLAGS_NONE, accept_poll_cb);
}

static void
accept_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  gboolean automatic = lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC;
  LwStepRecord record = lw_setup_get_step_record (setup, LW_STEP_ACCEPT);

  lw_step_set_detail (op->step, automatic ? _("Looking for the endpoint connection request…")
                                          : _("Waiting for the endpoint connection request from TiDB Cloud…"));
  /* In automatic mode TiDB Cloud has already reported PENDING_ACCEPTANCE: the request is there. */
  (void)record;
  op_wait (op, 0, accept_poll_once, op_succeed);
}

static void
accept_undo_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL && !lw_cloud_error_is_not_found (error))
    {
      op_fail (op, error);
      return;
    }
  g_clear_error (&error);
  op_succeed (op);
}

static void
accept_undo (Op *op)
{
  LwParams *params;

  if (op_setup_id (op, LW_STEP_ACCEPT) == NULL || op_setup_id (op, LW_STEP_ENDPOINT_SERVICE) == NULL)
    {
      op_succeed (op);
      return;
    }
  params = lw_params_new ();
  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointId", op_setup_id (op, LW_STEP_ACCEPT));
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "DisableVpcEndpointConnection", params, LW_CALL_FLAGS_NONE, accept_undo_cb);
}

/* ---- the plan ---- */

static const StepDef plan[] = {
  { LW_STEP_RDS_WHITELIST, N_("Allow the load balancer in the RDS whitelist"),
    { NULL }, { NULL }, MODE_BOTH, 0, &whitelist_ops, resource_run, resource_undo },
  { LW_STEP_SERVER_GROUP, N_("Create the server group"),
    { NULL }, { NULL }, MODE_BOTH, 5, &sg_ops, resource_run, resource_undo },
  { LW_STEP_BACKEND, N_("Add the RDS instance as backend"),
    { LW_STEP_SERVER_GROUP }, { LW_STEP_SERVER_GROUP }, MODE_BOTH, 10, &backend_ops, resource_run, resource_undo },
  { LW_STEP_LOAD_BALANCER, N_("Create the internal load balancer"),
    { NULL }, { NULL }, MODE_BOTH, 60, &lb_ops, resource_run, resource_undo },
  { LW_STEP_LISTENER, N_("Create the TCP listener"),
    { LW_STEP_BACKEND, LW_STEP_LOAD_BALANCER }, { LW_STEP_BACKEND, LW_STEP_LOAD_BALANCER },
    MODE_BOTH, 10, &listener_ops, resource_run, resource_undo },
  { LW_STEP_ENDPOINT_SERVICE, N_("Create the endpoint service"),
    { LW_STEP_LOAD_BALANCER }, { LW_STEP_LOAD_BALANCER }, MODE_BOTH, 60, &eps_ops, resource_run, resource_undo },
  { LW_STEP_SERVICE_USER, N_("Whitelist the TiDB Cloud account"),
    { LW_STEP_ENDPOINT_SERVICE }, { LW_STEP_ENDPOINT_SERVICE }, MODE_BOTH, 0, &user_ops, resource_run, resource_undo },
  { LW_STEP_TIDB_CONNECTION, N_("Create the TiDB Cloud private link connection"),
    { LW_STEP_SERVICE_USER, LW_STEP_LISTENER }, { NULL }, MODE_AUTO, 30, NULL, tidb_conn_run, tidb_conn_undo },
  { LW_STEP_ACCEPT, N_("Accept the endpoint connection"),
    /* Manual mode: the TiDB step is skipped, or still switching (fallback) until the switch is durable. */
    { LW_STEP_TIDB_CONNECTION }, { LW_STEP_SERVICE_USER, LW_STEP_LISTENER, LW_STEP_TIDB_CONNECTION },
    MODE_BOTH, 30, NULL, accept_run, accept_undo },
  { LW_STEP_TIDB_ACTIVE, N_("Wait for TiDB Cloud to activate the connection"),
    { LW_STEP_ACCEPT }, { NULL }, MODE_AUTO, 30, NULL, tidb_active_run, NULL },
};

static gboolean
step_applies (LwRunner *self, const StepDef *def)
{
  guint mode = lw_setup_get_tidb_mode (self->setup) == LW_TIDB_MODE_AUTOMATIC ? MODE_AUTO : MODE_MANUAL;

  if (!(def->modes & mode))
    return FALSE;
  if (g_str_equal (def->id, LW_STEP_RDS_WHITELIST))
    return lw_setup_get_fix_whitelist (self->setup)
           || lw_setup_get_step_record (self->setup, def->id) != LW_STEP_RECORD_NONE;
  return TRUE;
}

static const char * const *
step_deps (LwRunner *self, const StepDef *def)
{
  return lw_setup_get_tidb_mode (self->setup) == LW_TIDB_MODE_AUTOMATIC ? def->deps_auto : def->deps_manual;
}

/* ---- scheduling ---- */

static void
set_busy (LwRunner *self, gboolean busy)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
runner_complete (LwRunner *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = g_steal_pointer (&self->first_error);
  gboolean all_done = TRUE;

  if (self->external_handler != 0)
    g_cancellable_disconnect (self->external, self->external_handler);
  self->external_handler = 0;
  g_clear_object (&self->external);

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
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

static void
runner_schedule (LwRunner *self)
{
  if (self->task == NULL)
    return;

  if (self->first_error == NULL && !self->cancel_requested)
    {
      for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
        {
          const StepDef *def = &plan[i];
          LwStep *step = lw_runner_get_step (self, def->id);
          const char * const *deps = step_deps (self, def);
          gboolean ready = TRUE;
          Op *op;

          if (self->started[i] || lw_step_get_state (step) == LW_STEP_STATE_SKIPPED)
            continue;
          for (guint d = 0; deps[d] != NULL; d++)
            {
              LwStepState dep_state = lw_step_get_state (lw_runner_get_step (self, deps[d]));
              if (dep_state != LW_STEP_STATE_DONE && dep_state != LW_STEP_STATE_SKIPPED)
                ready = FALSE;
            }
          if (!ready)
            continue;
          /* A step already done is still started: its op checks it against the cloud. */
          self->started[i] = TRUE;
          op = op_new (self, def, FALSE);
          lw_step_set_state (step, LW_STEP_STATE_RUNNING);
          step_changed (self, step);
          def->run (op);
        }
    }

  if (self->n_running == 0 && self->task != NULL)
    runner_complete (self);
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
  self->started = g_new0 (gboolean, G_N_ELEMENTS (plan));
  if (g_task_get_cancellable (task) != NULL)
    {
      self->external = g_object_ref (g_task_get_cancellable (task));
      self->external_handler = g_cancellable_connect (self->external, G_CALLBACK (external_cancelled), self, NULL);
    }
  set_busy (self, TRUE);
  return TRUE;
}

static void
run_started_saved (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(LwRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_running--;
  if (!lw_setup_save_finish (LW_SETUP (source), res, &error) && self->first_error == NULL)
    self->first_error = g_steal_pointer (&error);
  runner_schedule (self);
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

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
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

static void
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
  self->rollback_index = G_N_ELEMENTS (plan);
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

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      const StepDef *def = &plan[i];
      g_autoptr(LwStep) step = lw_step_new (def->id, _(def->title), step_deps (self, def));
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
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));

  for (guint i = 0; i < n; i++)
    {
      LwStep *step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
      g_object_unref (step); /* the store keeps it alive */
      if (g_str_equal (lw_step_get_id (step), step_id))
        return step;
    }
  return NULL;
}
