/* test-faults.c — the fault matrix of product.md §7
 *
 * Every step × {throttling, 5xx, dropped connection, timeout, busy, transient IncorrectStatus} ends
 * Connected with exactly one of each resource; every step × a permanent error stops cleanly with the
 * right message and a resumable state, resumes once the fault is lifted, and rolls back to zero.
 * Each case prints one line of the table for the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"

typedef struct {
  const char *step;
  const char *action;      /* the call of the step the fault hits */
  const char *fail_step;   /* the step a permanent error of that call stops (its first user) */
} Target;

static const Target targets[] = {
  { LW_STEP_SERVER_GROUP, "CreateServerGroup", LW_STEP_SERVER_GROUP },
  { LW_STEP_BACKEND, "AddServersToServerGroup", LW_STEP_BACKEND },
  { LW_STEP_LOAD_BALANCER, "CreateLoadBalancer", LW_STEP_LOAD_BALANCER },
  { LW_STEP_LISTENER, "CreateListener", LW_STEP_LISTENER },
  { LW_STEP_ENDPOINT_SERVICE, "CreateVpcEndpointService", LW_STEP_ENDPOINT_SERVICE },
  { LW_STEP_SERVICE_USER, "AddUserToVpcEndpointService", LW_STEP_SERVICE_USER },
  { LW_STEP_TIDB_CONNECTION, "tidb:CreateConnection", LW_STEP_TIDB_CONNECTION },
  { LW_STEP_ACCEPT, "EnableVpcEndpointConnection", LW_STEP_ACCEPT },
  /* The connection's GET is first used by the wait of the create step. */
  { LW_STEP_TIDB_ACTIVE, "tidb:GetConnection", LW_STEP_TIDB_CONNECTION },
};

static const char *transient_kinds[] = { "throttling", "5xx", "drop", "timeout", "busy", "incorrect-status" };

static LwSimServer *
fresh_sim (void)
{
  /* Instant provisioning; "timeout" holds a response 120 s × 0.05 = 6 s, beyond the client's
   * per-request timeout (CORE_TEST_REQUEST_TIMEOUT × CORE_TEST_TIME_SCALE = 1 s). */
  return core_test_sim_new ("instant", 0.05);
}

static void
test_faults_transient (void)
{
  g_autoptr(LwSimServer) sim = fresh_sim ();
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  g_test_message ("| step | call | fault | result | live resources |");
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    for (guint k = 0; k < G_N_ELEMENTS (transient_kinds); k++)
      {
        g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
        g_autoptr(LwRunner) runner = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *spec = g_strdup_printf ("%s:%s", targets[t].action, transient_kinds[k]);
        gboolean ok;
        gint64 start = g_get_monotonic_time ();

        /* TiDB Cloud has no IncorrectStatus: its 400 is permanent by design (see the permanent test). */
        if (g_str_has_prefix (targets[t].action, "tidb:") && g_str_equal (transient_kinds[k], "incorrect-status"))
          continue;
        lw_sim_server_reset (sim);
        g_assert_true (lw_sim_server_add_faults (sim, spec, &error));
        runner = lw_runner_new (setup, ctx);
        ok = core_test_run (runner, &error);
        g_test_message ("| %s | %s | %s | %s | %s | %.1f s |", targets[t].step, targets[t].action, transient_kinds[k],
                        ok ? "Connected" : error->message, ok ? "1 each" : "-",
                        (g_get_monotonic_time () - start) / 1e6);
        g_assert_no_error (error);
        g_assert_true (ok);
        g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
        core_test_assert_counts (sim, 1, 1, TRUE);
      }
}

static void
test_faults_permanent (gconstpointer data)
{
  gboolean rollback_first = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = fresh_sim ();
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(LwSetup) loaded = NULL;
      g_autoptr(LwRunner) runner = NULL;
      g_autoptr(LwRunner) resumed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *spec = g_strdup_printf ("%s:error=Forbidden.RAM:*", targets[t].action);
      LwStep *failed;

      lw_sim_server_reset (sim);
      g_assert_true (lw_sim_server_add_faults (sim, spec, &error));
      runner = lw_runner_new (setup, ctx);
      g_assert_false (core_test_run (runner, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "Forbidden.RAM"));
      g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_FAILED);
      failed = lw_runner_get_step (runner, targets[t].fail_step);
      g_assert_cmpint (lw_step_get_state (failed), ==, LW_STEP_STATE_FAILED);
      g_assert_nonnull (lw_step_get_error (failed));
      g_assert_nonnull (strstr (lw_step_get_error (failed)->message, "Forbidden.RAM"));
      g_assert_nonnull (lw_step_get_explanation (failed));
      if (!g_str_has_prefix (targets[t].action, "tidb:"))
        g_assert_nonnull (strstr (lw_step_get_explanation (failed), "RAM"));
      else
        g_assert_nonnull (strstr (lw_step_get_explanation (failed), "Organization Owner"));
      g_clear_error (&error);
      lw_sim_server_clear_faults (sim);

      /* What a new process finds on disk. */
      loaded = lw_setup_store_load (lw_setup_get_id (setup), &error);
      g_assert_no_error (error);
      g_assert_cmpint (lw_setup_get_state (loaded), ==, LW_SETUP_STATE_FAILED);
      g_assert_nonnull (lw_setup_get_step_error (loaded, targets[t].fail_step));
      resumed = lw_runner_new (loaded, ctx);
      g_assert_cmpint (lw_step_get_state (lw_runner_get_step (resumed, targets[t].fail_step)), ==, LW_STEP_STATE_FAILED);

      if (rollback_first)
        {
          g_assert_true (core_test_rollback (resumed, &error));
          g_assert_no_error (error);
          g_test_message ("| %s | %s | error=Forbidden.RAM | stopped with the message, rolled back | 0 |",
                          targets[t].step, targets[t].action);
          core_test_assert_counts (sim, 0, -1, TRUE);
          continue;
        }
      g_assert_true (core_test_run (resumed, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lw_setup_get_state (loaded), ==, LW_SETUP_STATE_DONE);
      core_test_assert_counts (sim, 1, 1, TRUE);
      g_test_message ("| %s | %s | error=Forbidden.RAM | stopped with the message, resumed: Connected | 1 each |",
                      targets[t].step, targets[t].action);
      g_assert_true (core_test_rollback (resumed, &error));
      core_test_assert_counts (sim, 0, -1, TRUE);
    }
}

static void
test_faults_create_failed (void)
{
  g_autoptr(LwSimServer) sim = fresh_sim ();
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_sim_server_add_faults (sim, "CreateLoadBalancer:create-failed", &error));
  g_assert_false (core_test_run (runner, &error));
  g_assert_nonnull (strstr (error->message, "CreateFailed"));
  g_clear_error (&error);
  /* Retry creates a fresh load balancer; the failed one is deleted. */
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  core_test_assert_counts (sim, 1, -1, TRUE);
  g_test_message ("| load-balancer | CreateLoadBalancer | create-failed | stopped, Retry: Connected | 1 each |");
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/faults/transient", test_faults_transient);
  g_test_add_data_func ("/core/faults/permanent-then-resume", GINT_TO_POINTER (FALSE), test_faults_permanent);
  g_test_add_data_func ("/core/faults/permanent-then-rollback", GINT_TO_POINTER (TRUE), test_faults_permanent);
  g_test_add_func ("/core/faults/create-failed", test_faults_create_failed);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
