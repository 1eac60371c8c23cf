/* lw-runner-private.h — what the runner's files share (not for the rest of core, nor the UI)
 *
 * The runner is one GObject spread over files by responsibility:
 *   lw-runner.c            the GObject, its properties and signal, and the public API (run, retry, cancel,
 *                          stop waiting, rollback, call counts)
 *   lw-plan.c              the plan graph: the step table, which steps apply, their dependencies, readiness
 *   lw-runner-ops.c        running one step: the Op, Alibaba Cloud calls, waits and polls, success and
 *                          failure, and the generic create → wait → verify → delete of a ResourceOps row
 *   lw-runner-resources.c  the ResourceOps of each Alibaba Cloud resource (parameters, IDs, poll verdicts)
 *   lw-runner-connection.c the connection steps: TiDB Cloud's private link connection (with its lookup by
 *                          name and the switch to manual mode), accepting the endpoint connection, TiDB active
 *   lw-runner-store.c      persistence and recovery: durable saves before going on, the final state,
 *                          rollback order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-engine-private.h"
#include "lw-poll.h"
#include "lw-runner.h"

G_BEGIN_DECLS

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
  GPtrArray *cidrs;     /* ECS security group rule: the vSwitch CIDRs still without a rule */
};

struct _LwRunner
{
  GObject parent_instance;

  LwSetup *setup;
  LwEngineContext *context;
  LwRpcClient *rpc;
  LwTidbClient *tidb;
  GError *client_error;
  GListStore *steps;        /* the steps the UI shows: the plan without other kinds' access steps */
  GPtrArray *all_steps;     /* LwStep of every plan row, in plan order */
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

/* lw-runner.c */
void  step_changed               (LwRunner *self, LwStep *step);
void  set_busy                   (LwRunner *self, gboolean busy);
void  runner_notify_service_name (LwRunner *self);

/* lw-plan.c: the plan of product.md §3, in order (rollback runs it backwards), and its number of rows. */
extern const StepDef plan[];
extern const guint plan_length;
gboolean            step_applies    (LwRunner *self, const StepDef *def);
/* The step's title (translated): the backend step names the setup's source kind. */
const char         *step_title      (LwRunner *self, const StepDef *def);
/* FALSE for the access step of another source kind (never shown, never run) unless it left a record. */
gboolean            step_in_plan    (LwRunner *self, const StepDef *def);
const char * const *step_deps       (LwRunner *self, const StepDef *def);
void                runner_schedule (LwRunner *self);

/* lw-runner-ops.c */
typedef void (*RpcDone) (Op *op, JsonObject *result, GError *error);

char       *member_dup_string  (JsonObject *o, const char *name);
gboolean    member_equals      (JsonObject *o, const char *name, const char *value);
JsonArray  *member_array       (JsonObject *o, const char *name);
Op         *op_new             (LwRunner *self, const StepDef *def, gboolean rollback);
const char *op_setup_id        (Op *op, const char *step_id);
void        op_add_request_ids (Op *op, JsonObject *result, const GError *error);
GError     *cancelled_error    (void);
void        op_rpc             (Op *op, LwProduct product, const char *action, LwParams *params,
                                LwCallFlags flags, RpcDone done);
gboolean    op_sleep_done      (gpointer data);
void        op_wait            (Op *op, double expected, OpFunc poll_once, OpFunc on_ready);
void        op_wait_next       (Op *op);
void        op_finish          (Op *op);
void        op_succeed         (Op *op);
void        op_fail            (Op *op, GError *error);
void        resource_run       (Op *op);
void        resource_undo      (Op *op);

/* lw-runner-resources.c */
extern const ResourceOps whitelist_ops;
extern const ResourceOps polardb_whitelist_ops;
extern const ResourceOps sg_ops;
extern const ResourceOps backend_ops;
extern const ResourceOps lb_ops;
extern const ResourceOps listener_ops;
extern const ResourceOps eps_ops;
extern const ResourceOps user_ops;

/* lw-runner-resources.c: the ECS security group rules (several calls per create and delete) */
void ecs_rule_run  (Op *op);
void ecs_rule_undo (Op *op);

/* lw-runner-connection.c */
void tidb_conn_run   (Op *op);
void tidb_conn_undo  (Op *op);
void accept_run      (Op *op);
void accept_undo     (Op *op);
void tidb_active_run (Op *op);

/* lw-runner-store.c */
void op_save_then      (Op *op, OpFunc next);
void save_later        (LwSetup *setup);
void runner_complete   (LwRunner *self);
void run_started_saved (GObject *source, GAsyncResult *res, gpointer user_data);
void rollback_next     (LwRunner *self);

G_END_DECLS
