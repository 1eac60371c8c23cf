/* test-runner.c — full setups, manual mode, rollback/teardown, preflight and health on the simulated cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"
#include "lw-cloud.h"
#include "lw-sim-private.h"

static void
print_call_counts (LwRunner *runner, const char *what)
{
  GHashTable *counts = lw_runner_get_call_counts (runner);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc)g_strcmp0);

  g_test_message ("%s: %u Alibaba Cloud calls, %u TiDB Cloud calls", what,
                  lw_runner_get_alibaba_call_count (runner), lw_runner_get_tidb_call_count (runner));
  for (GList *l = keys; l; l = l->next)
    g_test_message ("  %-34s %u", (char *)l->data, GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));
}

static void
assert_all_steps (LwRunner *runner, LwStepState state, gboolean allow_skipped)
{
  GListModel *steps = lw_runner_get_steps (runner);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LwStep) step = g_list_model_get_item (steps, i);
      if (allow_skipped && lw_step_get_state (step) == LW_STEP_STATE_SKIPPED)
        continue;
      if (lw_step_get_state (step) != state)
        g_error ("step %s is in state %d, expected %d", lw_step_get_id (step), lw_step_get_state (step), state);
    }
}

/* Records the moments each step started running: proves the server group and the LB run concurrently. */
typedef struct {
  gboolean sg_running;
  gboolean lb_running;
  gboolean overlap;
} Concurrency;

static void
on_step_changed (LwRunner *runner, LwStep *step, gpointer data)
{
  Concurrency *c = data;
  gboolean running = lw_step_get_state (step) == LW_STEP_STATE_RUNNING;

  if (g_str_equal (lw_step_get_id (step), LW_STEP_SERVER_GROUP))
    c->sg_running = running;
  if (g_str_equal (lw_step_get_id (step), LW_STEP_LOAD_BALANCER))
    c->lb_running = running;
  if (c->sg_running && c->lb_running)
    c->overlap = TRUE;
}

static void
test_runner_automatic (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("demo", 0.02);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) saved = NULL;
  g_autofree char *dir = lw_setup_store_get_dir ();
  g_autofree char *hcl = NULL;
  Concurrency c = { 0 };

  g_signal_connect (runner, "step-changed", G_CALLBACK (on_step_changed), &c);
  g_assert_cmpuint (g_list_model_get_n_items (lw_runner_get_steps (runner)), ==, 10);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  print_call_counts (runner, "full setup, automatic mode (demo profile)");

  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  assert_all_steps (runner, LW_STEP_STATE_DONE, TRUE);
  g_assert_true (c.overlap);
  core_test_assert_counts (sim, 1, 1, TRUE);
  g_assert_nonnull (lw_setup_get_service_name (setup));
  g_assert_true (g_str_has_prefix (lw_setup_get_service_name (setup), "com.aliyuncs.privatelink.cn-hangzhou."));
  g_assert_true (g_str_has_prefix (lw_setup_get_load_balancer_id (setup), "nlb-"));
  g_assert_nonnull (lw_setup_get_tidb_connection_id (setup));
  g_assert_nonnull (lw_setup_get_endpoint_id (setup));
  g_assert_nonnull (lw_step_get_request_ids (lw_runner_get_step (runner, LW_STEP_SERVER_GROUP))[0]);
  g_assert_cmpuint (lw_runner_get_alibaba_call_count (runner), <=, 60);
  g_assert_cmpuint (lw_runner_get_tidb_call_count (runner), <=, 15);

  /* The saved state resumes to the same thing; secrets are nowhere on disk. */
  saved = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (saved), ==, LW_SETUP_STATE_DONE);
  g_assert_cmpstr (lw_setup_get_listener_id (saved), ==, lw_setup_get_listener_id (setup));
  g_assert_false (core_test_dir_contains (dir, lw_sim_server_lookup_demo (sim, "access-key-secret")));
  g_assert_false (core_test_dir_contains (dir, lw_sim_server_lookup_demo (sim, "tidb-private-key")));

  hcl = lw_terraform_export (setup);
  g_assert_nonnull (strstr (hcl, lw_setup_get_listener_id (setup)));

  /* Running a finished setup again only checks it: nothing new is created. */
  g_assert_true (core_test_run (runner, &error));
  core_test_assert_counts (sim, 1, 1, TRUE);

  /* Teardown of a finished setup leaves nothing. */
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_ROLLED_BACK);
  core_test_assert_counts (sim, 0, -1, TRUE);
}

/* product.md §6: at most 60 Alibaba Cloud and 15 TiDB Cloud calls for a full setup on the realistic
 * profile (both clocks scaled by the same factor), and close to the critical path. */
static void
test_runner_budget_realistic (void)
{
  const double scale = 0.01;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("realistic", scale);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double elapsed;

  lw_engine_context_set_time_scale (ctx, scale);
  lw_engine_context_set_request_timeout (ctx, 30);
  runner = lw_runner_new (setup, ctx);
  start = g_get_monotonic_time ();
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  elapsed = (g_get_monotonic_time () - start) / 1e6 / scale;
  print_call_counts (runner, "full setup, automatic mode (realistic profile)");
  g_test_message ("elapsed %.0f s (unscaled); critical path LB 60 + service 60 + TiDB request 30 + accept 30 + active 30 = 210 s", elapsed);
  g_assert_cmpuint (lw_runner_get_alibaba_call_count (runner), <=, 60);
  g_assert_cmpuint (lw_runner_get_tidb_call_count (runner), <=, 15);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), <=, 75);
  core_test_assert_counts (sim, 1, 1, TRUE);
}

/* The simulator's demo profile provisions ~10× faster than the real clouds; with the expected-duration
 * scale of that profile, a full setup must end close to the profile's own critical path instead of
 * sleeping through real-cloud durations (which took ~200 s). Demo delays (src/sim/lw-sim-profile.c):
 * load balancer 5 s → endpoint service 3 s → whitelist 0 → TiDB connection 2 s → accept 2 s → TiDB
 * active 1 s = 13 s (the listener branch, 5 + 2 s, is shorter). */
#define DEMO_CRITICAL_PATH 13.0

static void
test_runner_demo_profile (void)
{
  const double scale = 0.1;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("demo", scale);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double elapsed;

  g_assert_cmpfloat (lw_engine_context_get_expected_scale (ctx), ==, 1.0);
  g_assert_cmpfloat (lw_engine_expected_scale_for_sim_profile ("realistic"), ==, 1.0);
  g_assert_cmpfloat (lw_engine_expected_scale_for_sim_profile (NULL), ==, 1.0);
  lw_engine_context_set_expected_scale (ctx, lw_engine_expected_scale_for_sim_profile ("demo"));
  g_assert_cmpfloat (lw_engine_context_get_expected_scale (ctx), <, 0.2);
  lw_engine_context_set_time_scale (ctx, scale);
  lw_engine_context_set_request_timeout (ctx, 30);
  runner = lw_runner_new (setup, ctx);
  start = g_get_monotonic_time ();
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  elapsed = (g_get_monotonic_time () - start) / 1e6 / scale;
  print_call_counts (runner, "full setup, automatic mode (demo profile)");
  g_test_message ("elapsed %.1f s (unscaled); demo critical path %.0f s", elapsed, DEMO_CRITICAL_PATH);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  core_test_assert_counts (sim, 1, 1, TRUE);
  /* A correctness bound of the schedule, generous for a loaded 2-core machine; the old schedule took
   * ~15× the critical path here. */
  g_assert_cmpfloat (elapsed, >=, DEMO_CRITICAL_PATH);
  g_assert_cmpfloat (elapsed, <=, 2 * DEMO_CRITICAL_PATH + 3);
  /* Polling sooner must not cost a flood of calls either. */
  g_assert_cmpuint (lw_runner_get_alibaba_call_count (runner), <=, 60);
  g_assert_cmpuint (lw_runner_get_tidb_call_count (runner), <=, 15);
}

typedef struct {
  LwSimServer *sim;
  LwRunner *runner;
  gboolean injected;
  gboolean stop;
  char *foreign_id;
  LwTidbClient *tidb;
} ManualData;

static void
tidb_created_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn =
    lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conn);
}

static void
tidb_listed_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr(LwSetup) setup = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = lw_tidb_client_list_private_link_connections_finish (LW_TIDB_CLIENT (source), res, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  lw_tidb_client_create_private_link_connection_async (LW_TIDB_CLIENT (source), lw_setup_get_tidb_cluster_id (setup),
                                                       "from-console", lw_setup_get_service_name (setup), NULL,
                                                       tidb_created_cb, NULL);
}

/* When the accept step waits, do what the user does in the TiDB Cloud console — and, first, let an
 * endpoint of some other account ask for a connection too. */
static void
on_accept_state (LwStep *step, GParamSpec *pspec, gpointer data)
{
  ManualData *md = data;
  LwSetup *setup = lw_runner_get_setup (md->runner);
  JsonObject *conn;
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(GError) error = NULL;

  if (lw_step_get_state (step) != LW_STEP_STATE_WAITING || md->injected)
    return;
  md->injected = TRUE;
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_WAITING_FOR_USER);
  g_assert_nonnull (lw_setup_get_service_name (setup));

  conn = json_object_new ();
  md->foreign_id = g_strdup ("ep-foreign0000000001");
  json_object_set_string_member (conn, "EndpointId", md->foreign_id);
  json_object_set_int_member (conn, "EndpointOwnerId", G_GINT64_CONSTANT (9999000000000001));
  json_object_set_string_member (conn, "EndpointVpcId", "vpc-foreign000000001");
  json_object_set_string_member (conn, "ServiceId", lw_setup_get_service_id (setup));
  json_object_set_string_member (conn, "ConnectionStatus", "Disconnected");
  json_object_set_boolean_member (conn, "ResourceOwner", FALSE);
  json_object_set_array_member (conn, "Zones", json_array_new ());
  json_object_set_string_member (conn, "_RegionId", "cn-hangzhou");
  lw_sim_res_add (md->sim, "endpoint-connection", conn, NULL);

  if (md->stop)
    {
      lw_runner_stop_waiting (md->runner);
      return;
    }
  tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (md->sim, "tidb-public-key"),
                             lw_sim_server_lookup_demo (md->sim, "tidb-private-key"));
  g_assert_true (lw_tidb_client_set_endpoint_override (tidb, lw_sim_server_get_base_url (md->sim), &error));
  /* As in the console: look at the list, then create. */
  lw_tidb_client_list_private_link_connections_async (tidb, lw_setup_get_tidb_cluster_id (setup), NULL, NULL,
                                                      tidb_listed_cb, g_object_ref (setup));
  md->tidb = g_steal_pointer (&tidb);
}

static void
test_runner_manual (gconstpointer data)
{
  gboolean stop_first = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_MANUAL);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  ManualData md = { sim, runner, FALSE, stop_first, NULL, NULL };
  JsonObject *foreign;

  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)), ==, LW_STEP_STATE_SKIPPED);
  g_signal_connect (lw_runner_get_step (runner, LW_STEP_ACCEPT), "notify::state", G_CALLBACK (on_accept_state), &md);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_true (md.injected);

  if (stop_first)
    {
      g_autoptr(LwRunner) resumed = NULL;
      g_autoptr(LwSetup) loaded = NULL;

      /* Stopped waiting: the setup is kept as WAITING_FOR_USER; a new process resumes it later. */
      g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_WAITING_FOR_USER);
      g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_ACCEPT)), !=, LW_STEP_STATE_DONE);
      loaded = lw_setup_store_load (lw_setup_get_id (setup), &error);
      g_assert_no_error (error);
      g_assert_cmpint (lw_setup_get_state (loaded), ==, LW_SETUP_STATE_WAITING_FOR_USER);
      resumed = lw_runner_new (loaded, ctx);
      md.runner = resumed;
      md.injected = FALSE;
      md.stop = FALSE;
      g_clear_pointer (&md.foreign_id, g_free);
      /* The foreign request is already there; inject no second one. */
      md.injected = FALSE;
      g_signal_connect (lw_runner_get_step (resumed, LW_STEP_ACCEPT), "notify::state", G_CALLBACK (on_accept_state), &md);
      /* on_accept_state adds a second foreign endpoint with the same ID: remove the first to keep one. */
      lw_sim_res_remove (sim, "endpoint-connection", lw_sim_res_find (sim, "endpoint-connection", "EndpointId", "ep-foreign0000000001"));
      g_assert_true (core_test_run (resumed, &error));
      g_assert_no_error (error);
      g_object_unref (setup);
      setup = g_object_ref (loaded);
      g_object_unref (runner);
      runner = g_object_ref (resumed);
    }

  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  assert_all_steps (runner, LW_STEP_STATE_DONE, TRUE);
  print_call_counts (runner, stop_first ? "manual mode, resumed" : "full setup, manual mode (instant profile)");

  /* Ours is Connected; the foreign request is left exactly as it was. */
  foreign = lw_sim_res_find (sim, "endpoint-connection", "EndpointId", "ep-foreign0000000001");
  g_assert_nonnull (foreign);
  g_assert_cmpstr (json_object_get_string_member (foreign, "ConnectionStatus"), ==, "Disconnected");
  g_assert_cmpstr (lw_setup_get_endpoint_id (setup), !=, "ep-foreign0000000001");
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "EnableVpcEndpointConnection"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "endpoint-connection"), ==, 2);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (lw_sim_server_count_live (sim, core_test_kinds[i]), ==, 0);
  g_free (md.foreign_id);
  g_clear_object (&md.tidb);
}

static void
test_runner_cancel_and_resume (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("demo", 0.02);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) loaded = NULL;
  g_autoptr(LwRunner) resumed = NULL;
  gboolean lb_created = FALSE;

  /* Cancel once the load balancer exists (its create returned), i.e. in the middle of the run. */
  while (TRUE)
    {
      LwStep *lb = lw_runner_get_step (runner, LW_STEP_LOAD_BALANCER);
      if (!lw_runner_get_busy (runner) && !lb_created)
        lw_runner_run_async (runner, cancellable, NULL, NULL);
      g_main_context_iteration (NULL, TRUE);
      if (lw_step_get_resource_id (lb) != NULL)
        break;
    }
  lb_created = TRUE;
  g_cancellable_cancel (cancellable);
  while (lw_runner_get_busy (runner))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_CANCELLED);

  loaded = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  resumed = lw_runner_new (loaded, ctx);
  g_assert_true (core_test_run (resumed, &error));
  g_assert_no_error (error);
  core_test_assert_counts (sim, 1, 1, TRUE);
}

static LwCheck *
find_check (GListModel *checks, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      if (g_str_equal (lw_check_get_id (c), id))
        return c;
    }
  return NULL;
}

static GListModel *
run_preflight (LwSetup *setup, LwEngineContext *ctx)
{
  return core_test_preflight (setup, ctx);
}

static void
test_preflight_happy (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(GListModel) checks = run_preflight (setup, ctx);

  g_assert_true (lw_checks_all_ok (checks));
  g_assert_nonnull (find_check (checks, "dry-run-CreateLoadBalancer"));
  g_assert_nonnull (find_check (checks, "dry-run-CreateVpcEndpointService"));
  g_assert_nonnull (find_check (checks, "tidb-cluster"));
  g_assert_nonnull (find_check (checks, "rds-whitelist"));
  core_test_assert_counts (sim, 0, 0, TRUE);
}

static void
open_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (lw_preflight_open_privatelink_finish (res, &error));
  g_assert_no_error (error);
  *(gboolean *)data = TRUE;
}

static void
test_preflight_open_privatelink (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_MANUAL);
  gboolean done = FALSE;

  lw_preflight_open_privatelink_async (setup, ctx, NULL, open_cb, &done);
  core_test_wait (&done, 30);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "OpenPrivateLinkService"), ==, 1);
}

static void
test_preflight_restricted (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, TRUE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(GListModel) checks = run_preflight (setup, ctx);
  LwCheck *c;

  g_assert_false (lw_checks_all_ok (checks));
  c = find_check (checks, "dry-run-CreateServerGroup");
  g_assert_nonnull (c);
  g_assert_false (lw_check_get_ok (c));
  g_assert_cmpstr (lw_check_get_field (c), ==, "permissions");
  g_assert_nonnull (strstr (lw_check_get_message (c), "Forbidden.RAM"));
  g_assert_nonnull (strstr (lw_check_get_message (c), "RAM console"));
  c = find_check (checks, "dry-run-CreateVpcEndpointService");
  g_assert_false (lw_check_get_ok (c));
  /* Nothing exists: preflight failed before any resource. */
  core_test_assert_counts (sim, 0, 0, TRUE);
}

static void
test_preflight_whitelist_and_bad_instance (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_MANUAL);
  g_autoptr(GListModel) checks = NULL;
  LwCheck *c;

  lw_setup_set_rds_instance_id (setup, "rm-bp1demomysql0002");
  lw_setup_set_rds_ip (setup, "172.16.1.20");
  checks = run_preflight (setup, ctx);
  c = find_check (checks, "rds-whitelist");
  g_assert_false (lw_check_get_ok (c));
  g_assert_true (lw_check_get_repairable (c));
  g_assert_cmpstr (lw_check_get_field (c), ==, "fix-whitelist");
  g_clear_object (&checks);

  /* Opting in makes the check pass, and the run adds (then rollback removes) the whitelist group. */
  lw_setup_set_fix_whitelist (setup, TRUE);
  checks = run_preflight (setup, ctx);
  g_assert_true (lw_check_get_ok (find_check (checks, "rds-whitelist")));
  g_clear_object (&checks);

  lw_setup_set_rds_instance_id (setup, "rm-bp1democlassic01");
  checks = run_preflight (setup, ctx);
  c = find_check (checks, "rds-instance");
  g_assert_false (lw_check_get_ok (c));
  g_assert_nonnull (strstr (lw_check_get_message (c), "classic"));
  g_clear_object (&checks);

  lw_setup_set_rds_instance_id (setup, "rm-bp1demostopped01");
  checks = run_preflight (setup, ctx);
  g_assert_false (lw_check_get_ok (find_check (checks, "rds-instance")));
}

static void
test_whitelist_fix_run (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GListModel) checks = NULL;
  g_autoptr(GError) error = NULL;

  lw_setup_set_rds_instance_id (setup, "rm-bp1demomysql0002");
  lw_setup_set_rds_ip (setup, "172.16.1.20");
  lw_setup_set_fix_whitelist (setup, TRUE);
  runner = lw_runner_new (setup, ctx);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_RDS_WHITELIST)), ==, LW_STEP_STATE_DONE);
  lw_setup_set_fix_whitelist (setup, FALSE);
  checks = run_preflight (setup, ctx);
  g_assert_true (lw_check_get_ok (find_check (checks, "rds-whitelist")));
  g_clear_object (&checks);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  checks = run_preflight (setup, ctx);
  g_assert_false (lw_check_get_ok (find_check (checks, "rds-whitelist")));
  core_test_assert_counts (sim, 0, -1, TRUE);
}

static void
test_health (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) checks = NULL;

  g_assert_true (core_test_run (runner, &error));
  checks = core_test_health (setup, ctx);
  /* backend-ip, source-access (the whitelist), backend-healthy, listener-running, endpoint-connected,
   * tidb-active. */
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 6);
  g_assert_true (lw_checks_all_ok (checks));
  g_assert_nonnull (find_check (checks, "source-access"));
}

static void
repair_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (lw_health_repair_finish (res, &error));
  g_assert_no_error (error);
  *(gboolean *)data = TRUE;
}

static GListModel *
run_health (LwSetup *setup, LwEngineContext *ctx)
{
  return core_test_health (setup, ctx);
}

/* The RDS instance moves to another private IP (migration): the check sees it, the repair swaps the
 * backend without a moment with no backend, and the check is green again. */
static void
test_health_drift_repair (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GListModel) checks = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *inst;
  LwCheck *c;
  gboolean repaired = FALSE;

  g_assert_true (core_test_run (runner, &error));
  inst = g_hash_table_lookup (sim->rds_by_id, "rm-bp1demomysql0001");
  g_assert_nonnull (inst);
  json_object_set_string_member (inst, "IPAddress", "172.16.2.77");

  checks = run_health (setup, ctx);
  c = find_check (checks, "backend-ip");
  g_assert_false (lw_check_get_ok (c));
  g_assert_true (lw_check_get_repairable (c));
  g_assert_nonnull (strstr (lw_check_get_message (c), "172.16.2.77"));
  g_clear_object (&checks);

  lw_health_repair_async (setup, ctx, NULL, repair_cb, &repaired);
  core_test_wait (&repaired, 30);
  g_assert_cmpstr (lw_setup_get_rds_ip (setup), ==, "172.16.2.77");
  g_assert_cmpstr (lw_setup_get_resource_id (setup, LW_STEP_BACKEND), ==, "172.16.2.77:3306");

  checks = run_health (setup, ctx);
  g_assert_true (lw_check_get_ok (find_check (checks, "backend-ip")));
  g_assert_true (lw_check_get_ok (find_check (checks, "backend-healthy")));
  g_assert_cmpuint (lw_sim_server_count_live (sim, "server"), ==, 1);

  /* Teardown removes the new backend too. */
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  core_test_assert_counts (sim, 0, -1, TRUE);
}

typedef struct {
  gboolean done;
  gboolean ok;
  char *explanation;
  GError *error;
} TestResult;

static void
connection_test_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  TestResult *r = data;
  r->ok = lw_connection_test_finish (res, &r->explanation, &r->error);
  r->done = TRUE;
}

static gboolean
connection_test (LwSetup *setup, LwEngineContext *ctx, const char *user, const char *password, char **explanation,
                 GError **error)
{
  TestResult r = { 0 };
  lw_connection_test_async (setup, ctx, user, password, NULL, connection_test_cb, &r);
  core_test_wait (&r.done, 30);
  *explanation = r.explanation;
  if (r.error)
    g_propagate_error (error, r.error);
  return r.ok;
}

/* Step 10: TiDB Cloud logs in to RDS through the link; each failure gets its own plain explanation. */
static void
test_connection_test (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwSetup) blocked = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(LwRunner) blocked_runner = NULL;
  g_autoptr(GError) error = NULL;
  const char *user = lw_sim_server_lookup_demo (sim, "mysql-user");
  const char *password = lw_sim_server_lookup_demo (sim, "mysql-password");
  char *explanation = NULL;

  g_assert_true (core_test_run (runner, &error));
  g_assert_true (connection_test (setup, ctx, user, password, &explanation, &error));
  g_assert_no_error (error);
  g_assert_nonnull (explanation);
  g_clear_pointer (&explanation, g_free);

  g_assert_false (connection_test (setup, ctx, user, "wrong-password", &explanation, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "MYSQL_ACCESS_DENIED");
  g_assert_nonnull (strstr (explanation, "password"));
  /* TiDB Cloud's own message comes first, our verdict after it, in the explanation and in the error. */
  {
    const char *message = lw_cloud_error_get_cloud_message (error);

    g_assert_nonnull (message);
    g_assert_true (g_str_has_prefix (explanation, message));
    g_assert_true (strstr (explanation, "TiDB Cloud reached RDS") > explanation + strlen (message));
    g_assert_true (g_str_has_prefix (error->message, message));
    g_assert_nonnull (strstr (error->message, "MYSQL_ACCESS_DENIED"));
  }
  g_clear_pointer (&explanation, g_free);
  g_clear_error (&error);

  /* A reason we have no verdict for (the real service's are not documented): its message, then our hint. */
  g_assert_true (lw_sim_server_add_faults (sim, "tidb:TestChangefeed:error=SINK_UNREACHABLE", &error));
  g_assert_false (connection_test (setup, ctx, user, password, &explanation, &error));
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "SINK_UNREACHABLE");
  g_assert_true (g_str_has_prefix (explanation, lw_cloud_error_get_cloud_message (error)));
  g_assert_nonnull (strstr (explanation, "\n"));
  g_assert_cmpuint (strlen (explanation), >, strlen (lw_cloud_error_get_cloud_message (error)) + 1);
  g_clear_pointer (&explanation, g_free);
  g_clear_error (&error);

  /* rm-bp1demomysql0002's whitelist lacks the vSwitches (no fix chosen): TiDB reaches RDS, RDS refuses. */
  lw_setup_set_rds_instance_id (blocked, "rm-bp1demomysql0002");
  lw_setup_set_rds_ip (blocked, "172.16.1.20");
  blocked_runner = lw_runner_new (blocked, ctx);
  g_assert_true (core_test_run (blocked_runner, &error));
  g_assert_false (connection_test (blocked, ctx, user, password, &explanation, &error));
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "MYSQL_HOST_NOT_ALLOWED");
  g_assert_nonnull (strstr (explanation, "whitelist"));
  g_clear_pointer (&explanation, g_free);
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/runner/automatic", test_runner_automatic);
  g_test_add_func ("/core/runner/budget-realistic", test_runner_budget_realistic);
  g_test_add_func ("/core/runner/demo-profile", test_runner_demo_profile);
  g_test_add_data_func ("/core/runner/manual", GINT_TO_POINTER (FALSE), test_runner_manual);
  g_test_add_data_func ("/core/runner/manual-stop-waiting-resume", GINT_TO_POINTER (TRUE), test_runner_manual);
  g_test_add_func ("/core/runner/cancel-and-resume", test_runner_cancel_and_resume);
  g_test_add_func ("/core/runner/whitelist-fix", test_whitelist_fix_run);
  g_test_add_func ("/core/preflight/happy", test_preflight_happy);
  g_test_add_func ("/core/preflight/restricted", test_preflight_restricted);
  g_test_add_func ("/core/preflight/open-privatelink", test_preflight_open_privatelink);
  g_test_add_func ("/core/preflight/whitelist-and-bad-instance", test_preflight_whitelist_and_bad_instance);
  g_test_add_func ("/core/health/finished", test_health);
  g_test_add_func ("/core/connection-test/verdicts", test_connection_test);
  g_test_add_func ("/core/health/drift-repair", test_health_drift_repair);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
