/* lw-plan.c — the runner's plan graph
 *
 * Owns the plan of product.md §3 as a table (`plan`: per step its title, dependencies in automatic and in
 * manual mode, the modes it belongs to, its typical duration, and how it runs and is undone), which steps
 * apply to a setup, their dependencies in the setup's mode, and the scheduler that starts every step
 * whose dependencies are done or skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-runner-private.h"

/* ---- the plan ---- */

const StepDef plan[] = {
  { LW_STEP_RDS_WHITELIST, N_("Allow the load balancer in the RDS whitelist"),
    { NULL }, { NULL }, MODE_BOTH, 0, &whitelist_ops, resource_run, resource_undo },
  { LW_STEP_POLARDB_WHITELIST, N_("Allow the load balancer in the PolarDB whitelist"),
    { NULL }, { NULL }, MODE_BOTH, 0, &polardb_whitelist_ops, resource_run, resource_undo },
  { LW_STEP_ECS_SECURITY_RULE, N_("Allow the load balancer in the ECS security group"),
    { NULL }, { NULL }, MODE_BOTH, 0, NULL, ecs_rule_run, ecs_rule_undo },
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

const guint plan_length = G_N_ELEMENTS (plan);

static gboolean is_access_step (const char *id);

gboolean
step_applies (LwRunner *self, const StepDef *def)
{
  guint mode = lw_setup_get_tidb_mode (self->setup) == LW_TIDB_MODE_AUTOMATIC ? MODE_AUTO : MODE_MANUAL;

  if (!(def->modes & mode))
    return FALSE;
  /* The source's access step: only the one of the setup's kind, and only when opted in (or when it left
   * something to undo). */
  if (is_access_step (def->id))
    return (lw_setup_get_fix_whitelist (self->setup) && g_str_equal (def->id, lw_setup_get_access_step_id (self->setup)))
           || lw_setup_get_step_record (self->setup, def->id) != LW_STEP_RECORD_NONE;
  return TRUE;
}

static gboolean
is_access_step (const char *id)
{
  return g_str_equal (id, LW_STEP_RDS_WHITELIST) || g_str_equal (id, LW_STEP_POLARDB_WHITELIST)
         || g_str_equal (id, LW_STEP_ECS_SECURITY_RULE);
}

gboolean
step_in_plan (LwRunner *self, const StepDef *def)
{
  return !is_access_step (def->id) || g_str_equal (def->id, lw_setup_get_access_step_id (self->setup))
         || lw_setup_get_step_record (self->setup, def->id) != LW_STEP_RECORD_NONE;
}

const char *
step_title (LwRunner *self, const StepDef *def)
{
  if (g_str_equal (def->id, LW_STEP_BACKEND))
    switch (lw_setup_get_source_kind (self->setup))
      {
      case LW_SOURCE_KIND_POLARDB: return _("Add the PolarDB cluster as backend");
      case LW_SOURCE_KIND_ECS: return _("Add the ECS instance as backend");
      case LW_SOURCE_KIND_RDS:
      default:
        break;
      }
  return _(def->title);
}

const char * const *
step_deps (LwRunner *self, const StepDef *def)
{
  return lw_setup_get_tidb_mode (self->setup) == LW_TIDB_MODE_AUTOMATIC ? def->deps_auto : def->deps_manual;
}

/* ---- scheduling ---- */

void
runner_schedule (LwRunner *self)
{
  if (self->task == NULL)
    return;

  if (self->first_error == NULL && !self->cancel_requested)
    {
      for (guint i = 0; i < plan_length; i++)
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
