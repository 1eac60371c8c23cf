/* test-fallback.c — TiDB Cloud refuses its v1beta1 private link API for the cluster: the setup goes on
 * in manual mode (classifier per status/code, end to end on the simulator, crash and resume, errors
 * that must not fall back, preflight)
 *
 * The simulator's fault "tidb:PrivateLink:api-version:*" refuses every v1beta1 private link call
 * (create/list/get/delete and :getAvailabilityZones) with 400 FAILED_PRECONDITION "This API version
 * is not supported for this cluster, please use v1beta2." (an assumption: see src/sim/README.md).
 * What the user does in the TiDB Cloud console is lw_sim_server_tidb_console_connect().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "core-test-util.h"
#include "lw-cloud.h"
#include "lw-sim-private.h"

#define REFUSE_ALL "tidb:PrivateLink:api-version:*"

/* ---- the classifier, per status and code ---- */

typedef struct {
  guint status;
  const char *code;
  const char *message;
  gboolean refusal;
} Case;

static const Case cases[] = {
  /* the simulator's refusal, and the same with the numeric google.rpc code only */
  { 400, "API_VERSION_NOT_SUPPORTED", "This API version is not supported for this cluster, please use v1beta2.", TRUE },
  { 400, "9", "This API version is not supported for this cluster, please use v1beta2.", TRUE },
  { 400, "FAILED_PRECONDITION", "please use the v1beta2 API", TRUE },
  { 400, "UNSUPPORTED_API_VERSION", "", TRUE },
  /* 400 about something else: stop with the message */
  { 400, "CLUSTER_NOT_ACTIVE", "cluster 1 is CREATING, not ACTIVE", FALSE },
  { 400, "9", "The resource is busy; try again later.", FALSE },
  /* validation, even when the message mentions a version */
  { 400, "3", "displayName is required (at most 64 characters)", FALSE },
  { 400, "INVALID_ARGUMENT", "unsupported value for type", FALSE },
  /* authentication and permissions */
  { 401, "16", "Unauthorized", FALSE },
  { 401, "HTTP401", NULL, FALSE },
  { 403, "7", "This API version is not supported for your key", FALSE },
  { 403, "Forbidden.RAM", "Injected permanent error Forbidden.RAM.", FALSE },
  /* the API is not there for this cluster */
  { 404, "5", "Not Found", TRUE },
  { 404, "HTTP404", NULL, TRUE },
  { 405, "HTTP405", "Method Not Allowed", TRUE },
  { 409, "ALREADY_EXISTS", "private link connection plc-1 already uses endpoint service com.aliyuncs…", TRUE },
  { 410, "HTTP410", "Gone", TRUE },
  { 412, "9", "Precondition Failed", TRUE },
  /* a resource of ours not found is handled by the runner (re-created), not a refusal */
  { 404, "PRIVATE_LINK_CONNECTION_NOT_FOUND", "private link connection plc-1 not found", FALSE },
  { 404, "CLUSTER_NOT_FOUND", "cluster 1 not found", FALSE },
  /* retried by the client, then reported */
  { 429, "49900007", "The request exceeded the limit", FALSE },
  { 500, "13", "internal error", FALSE },
  { 501, "12", "This API version is not implemented", FALSE },
  { 503, "14", "The service is temporarily unavailable.", FALSE },
};

static void
test_classify (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = lw_cloud_error_new_api (cases[i].status, cases[i].code, cases[i].message, "trace-1");

      g_test_message ("%u %s “%s” → %s", cases[i].status, cases[i].code, cases[i].message ? cases[i].message : "",
                      cases[i].refusal ? "manual mode" : "stop");
      if (lw_tidb_error_is_api_refusal (error) != cases[i].refusal)
        g_error ("HTTP %u %s “%s” classified as %s", cases[i].status, cases[i].code, cases[i].message,
                 cases[i].refusal ? "stop" : "refusal");
    }

  /* Not answers of the cloud. */
  {
    g_autoptr(GError) network = g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK, "Connection refused");
    g_autoptr(GError) timeout = g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT, "version timeout");
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not supported");

    g_assert_false (lw_tidb_error_is_api_refusal (NULL));
    g_assert_false (lw_tidb_error_is_api_refusal (network));
    g_assert_false (lw_tidb_error_is_api_refusal (timeout));
    g_assert_false (lw_tidb_error_is_api_refusal (io));
  }
}

/* The same through the wire: the simulator's fault, parsed by the real TiDB client. */
typedef struct {
  gboolean done;
  GError *error;
} ListResult;

static void
listed_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  ListResult *r = data;
  g_autoptr(GPtrArray) list = lw_tidb_client_list_private_link_connections_finish (LW_TIDB_CLIENT (source), res, &r->error);

  r->done = TRUE;
}

static GError *
list_with_fault (LwSimServer *sim, const char *fault)
{
  g_autoptr(LwTidbClient) tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                                     lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  g_autoptr(GError) error = NULL;
  ListResult r = { 0 };

  g_assert_true (lw_tidb_client_set_endpoint_override (tidb, lw_sim_server_get_base_url (sim), &error));
  lw_sim_server_clear_faults (sim);
  g_assert_true (lw_sim_server_add_faults (sim, fault, &error));
  lw_tidb_client_list_private_link_connections_async (tidb, "10000000000000000001", NULL, NULL, listed_cb, &r);
  core_test_wait (&r.done, 30);
  g_assert_nonnull (r.error);
  return r.error;
}

static void
test_classify_wire (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(GError) refused = list_with_fault (sim, REFUSE_ALL);
  g_autoptr(GError) forbidden = list_with_fault (sim, "tidb:PrivateLink:error=Forbidden.RAM:*");
  g_autoptr(GError) invalid = list_with_fault (sim, "tidb:ListConnections:error=INVALID_ARGUMENT");

  g_assert_cmpuint (lw_cloud_error_get_http_status (refused), ==, 400);
  g_assert_cmpstr (lw_cloud_error_get_code (refused), ==, "API_VERSION_NOT_SUPPORTED");
  g_assert_nonnull (strstr (lw_cloud_error_get_cloud_message (refused), "v1beta2"));
  g_assert_true (lw_tidb_error_is_api_refusal (refused));
  g_assert_cmpuint (lw_cloud_error_get_http_status (forbidden), ==, 403);
  g_assert_false (lw_tidb_error_is_api_refusal (forbidden));
  g_assert_false (lw_tidb_error_is_api_refusal (invalid));
}

/* ---- end to end ---- */

/* When the accept step waits for the request, check what is on disk, then do what the user does in
 * the TiDB Cloud console. */
typedef struct {
  LwSimServer *sim;
  LwRunner *runner;
  gboolean connected;
  guint tidb_api_calls;   /* TiDB API calls of the simulator when the wait began */
} Console;

static guint
tidb_call_count (LwSimServer *sim)
{
  static const char * const ops[] = {
    "tidb:CreateConnection", "tidb:GetConnection", "tidb:ListConnections", "tidb:DeleteConnection",
    "tidb:GetAvailabilityZones",
  };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    n += lw_sim_server_count_calls (sim, ops[i]);
  return n;
}

static void
on_accept_waiting (LwStep *step, GParamSpec *pspec, gpointer data)
{
  Console *console = data;
  LwSetup *setup = lw_runner_get_setup (console->runner);
  g_autoptr(LwSetup) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plc = NULL;

  if (lw_step_get_state (step) != LW_STEP_STATE_WAITING || console->connected)
    return;
  console->connected = TRUE;
  /* The switch is durable: a crash now resumes in manual mode. */
  on_disk = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_tidb_mode (on_disk), ==, LW_TIDB_MODE_MANUAL);
  g_assert_nonnull (lw_setup_get_tidb_fallback_reason (on_disk));
  g_assert_nonnull (lw_setup_get_service_name (on_disk));
  g_assert_cmpint (lw_setup_get_step_record (on_disk, LW_STEP_SERVICE_USER), ==, LW_STEP_RECORD_DONE);
  g_assert_cmpint (lw_setup_get_step_record (on_disk, LW_STEP_TIDB_CONNECTION), ==, LW_STEP_RECORD_NONE);
  console->tidb_api_calls = tidb_call_count (console->sim);

  plc = lw_sim_server_tidb_console_connect (console->sim, lw_setup_get_tidb_cluster_id (setup),
                                            lw_setup_get_service_name (setup), &error);
  g_assert_no_error (error);
  g_assert_nonnull (plc);
}

static void
assert_fallback_done (LwSimServer *sim, LwRunner *runner, LwSetup *setup)
{
  g_autoptr(LwSetup) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *conn;

  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  g_assert_cmpint (lw_setup_get_tidb_mode (setup), ==, LW_TIDB_MODE_MANUAL);
  g_assert_nonnull (lw_setup_get_tidb_fallback_reason (setup));
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)), ==, LW_STEP_STATE_SKIPPED);
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_TIDB_ACTIVE)), ==, LW_STEP_STATE_SKIPPED);
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_ACCEPT)), ==, LW_STEP_STATE_DONE);
  for (guint i = 0; i < 7; i++)
    if (lw_sim_server_count_live (sim, core_test_kinds[i]) != 1)
      g_error ("%u live %s, expected 1", lw_sim_server_count_live (sim, core_test_kinds[i]), core_test_kinds[i]);
  /* The request from the whitelisted account was accepted, once. */
  conn = lw_sim_res_find (sim, "endpoint-connection", "EndpointId", lw_setup_get_endpoint_id (setup));
  g_assert_nonnull (conn);
  g_assert_cmpstr (json_object_get_string_member (conn, "ConnectionStatus"), ==, "Connected");
  g_assert_cmpint (json_object_get_int_member (conn, "EndpointOwnerId"), ==,
                   g_ascii_strtoll (lw_setup_get_tidb_account_id (setup), NULL, 10));
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "EnableVpcEndpointConnection"), ==, 1);

  on_disk = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (on_disk), ==, LW_SETUP_STATE_DONE);
  g_assert_cmpint (lw_setup_get_tidb_mode (on_disk), ==, LW_TIDB_MODE_MANUAL);
  g_assert_cmpstr (lw_setup_get_tidb_fallback_reason (on_disk), ==, lw_setup_get_tidb_fallback_reason (setup));
}

static void
assert_rollback_leaves_nothing (LwSimServer *sim, LwRunner *runner)
{
  g_autoptr(GError) error = NULL;
  guint tidb_before = tidb_call_count (sim);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (lw_sim_server_count_live (sim, core_test_kinds[i]), ==, 0);
  /* The connection the user made in the console is theirs to delete; the refused API is not called. */
  g_assert_cmpuint (tidb_call_count (sim), ==, tidb_before);
}

static void
test_fallback_run (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  Console console = { sim, runner, FALSE, 0 };

  g_assert_true (lw_sim_server_add_faults (sim, REFUSE_ALL, &error));
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)), !=, LW_STEP_STATE_SKIPPED);
  g_signal_connect (lw_runner_get_step (runner, LW_STEP_ACCEPT), "notify::state", G_CALLBACK (on_accept_waiting), &console);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_true (console.connected);
  assert_fallback_done (sim, runner, setup);
  g_assert_nonnull (strstr (lw_setup_get_tidb_fallback_reason (setup), "API_VERSION_NOT_SUPPORTED"));
  g_assert_nonnull (strstr (lw_setup_get_tidb_fallback_reason (setup), "v1beta2"));
  /* The only TiDB API call was the refused lookup; nothing was POSTed and nothing after the switch. */
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "tidb:ListConnections"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "tidb:CreateConnection"), ==, 0);
  g_assert_cmpuint (tidb_call_count (sim), ==, console.tidb_api_calls);
  g_assert_nonnull (strstr (lw_step_get_detail (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)), "manual"));

  /* Running the finished setup again stays in manual mode and calls no TiDB API. */
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tidb_call_count (sim), ==, console.tidb_api_calls);

  assert_rollback_leaves_nothing (sim, runner);
}

static void
on_service_user_done (LwStep *step, GParamSpec *pspec, gpointer data)
{
  Console *console = data;
  LwSetup *setup = lw_runner_get_setup (console->runner);
  g_autoptr(GError) error = NULL;
  g_autofree char *plc = NULL;

  if (lw_step_get_state (step) != LW_STEP_STATE_DONE || console->connected)
    return;
  console->connected = TRUE;
  plc = lw_sim_server_tidb_console_connect (console->sim, lw_setup_get_tidb_cluster_id (setup),
                                            lw_setup_get_service_name (setup), &error);
  g_assert_no_error (error);
}

/* Only the create is refused (the list works) — e.g. 409: the user already made the connection in
 * the console. Both end in manual mode with the request accepted. */
static void
test_fallback_create_refused (gconstpointer data)
{
  gboolean console_first = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  Console console = { sim, runner, FALSE, 0 };

  if (console_first)
    /* The user pressed Create in the console as soon as the service whitelisted TiDB's account:
     * the API's create then answers 409 ALREADY_EXISTS. */
    g_signal_connect (lw_runner_get_step (runner, LW_STEP_SERVICE_USER), "notify::state",
                      G_CALLBACK (on_service_user_done), &console);
  else
    g_assert_true (lw_sim_server_add_faults (sim, "tidb:CreateConnection:api-version:*", &error));
  g_signal_connect (lw_runner_get_step (runner, LW_STEP_ACCEPT), "notify::state", G_CALLBACK (on_accept_waiting), &console);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  assert_fallback_done (sim, runner, setup);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "tidb:CreateConnection"), ==, 1);
  g_assert_nonnull (strstr (lw_setup_get_tidb_fallback_reason (setup), console_first ? "ALREADY_EXISTS" : "v1beta2"));
  assert_rollback_leaves_nothing (sim, runner);
}

/* Errors that are no refusal of the API stop the setup with their message, in automatic mode. */
static void
test_fallback_not_for (gconstpointer data)
{
  const char *what = data;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) on_disk = NULL;
  guint expected_status;

  if (g_str_equal (what, "auth"))
    {
      /* A wrong private key: HTTP Digest fails with 401. */
      lw_engine_context_set_tidb_keys (ctx, lw_sim_server_lookup_demo (sim, "tidb-public-key"), "not-the-private-key");
      expected_status = 401;
    }
  else if (g_str_equal (what, "permission"))
    {
      g_assert_true (lw_sim_server_add_faults (sim, "tidb:PrivateLink:error=Forbidden.RAM:*", &error));
      expected_status = 403;
    }
  else
    {
      g_assert_true (lw_sim_server_add_faults (sim, "tidb:PrivateLink:error=INVALID_ARGUMENT:*", &error));
      expected_status = 400;
    }
  runner = lw_runner_new (setup, ctx);
  g_assert_false (core_test_run (runner, &error));
  g_assert_nonnull (error);
  g_test_message ("%s: %s", what, error->message);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, expected_status);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_FAILED);
  g_assert_cmpint (lw_setup_get_tidb_mode (setup), ==, LW_TIDB_MODE_AUTOMATIC);
  g_assert_null (lw_setup_get_tidb_fallback_reason (setup));
  g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)), ==, LW_STEP_STATE_FAILED);
  g_assert_nonnull (lw_step_get_error (lw_runner_get_step (runner, LW_STEP_TIDB_CONNECTION)));
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "EnableVpcEndpointConnection"), ==, 0);
  g_clear_error (&error);
  on_disk = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_tidb_mode (on_disk), ==, LW_TIDB_MODE_AUTOMATIC);
  g_assert_cmpint (lw_setup_get_state (on_disk), ==, LW_SETUP_STATE_FAILED);
}

/* ---- crash in the middle of the fallback, resume in a new process ---- */

typedef struct {
  gboolean exited;
} Child;

static void
wait_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Child *child = data;
  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  child->exited = TRUE;
}

/* Runs crash-driver (the setup in its own process) until it exits; credentials in its environment. */
static GSubprocess *
run_driver (LwSimServer *sim, const char *setup_id, const char *kill_spec)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *driver = g_test_build_filename (G_TEST_BUILT, "core", "crash-driver", NULL);
  GSubprocess *proc;
  Child child = { FALSE };

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_URL", lw_sim_server_get_base_url (sim), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_AK_ID", lw_sim_server_lookup_demo (sim, "access-key-id"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_AK_SECRET", lw_sim_server_lookup_demo (sim, "access-key-secret"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_TIDB_PUBLIC", lw_sim_server_lookup_demo (sim, "tidb-public-key"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_TIDB_PRIVATE", lw_sim_server_lookup_demo (sim, "tidb-private-key"), TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, driver, setup_id, kill_spec, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, wait_cb, &child);
  core_test_wait (&child.exited, 60);
  return proc;
}

static void
test_fallback_crash_resume (gconstpointer data)
{
  const char *kill_spec = data;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwSetup) loaded = NULL;
  g_autoptr(LwRunner) resumed = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Console console = { sim, NULL, FALSE, 0 };
  guint refused_before;

  g_assert_true (lw_setup_save (setup, &error));
  g_assert_true (lw_sim_server_add_faults (sim, REFUSE_ALL, &error));

  proc = run_driver (sim, lw_setup_get_id (setup), kill_spec);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);

  loaded = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  if (g_str_equal (kill_spec, "start:accept"))
    {
      /* Killed after the switch: the file says manual mode, with the reason. */
      g_assert_cmpint (lw_setup_get_tidb_mode (loaded), ==, LW_TIDB_MODE_MANUAL);
      g_assert_nonnull (lw_setup_get_tidb_fallback_reason (loaded));
    }
  else
    g_assert_cmpint (lw_setup_get_tidb_mode (loaded), ==, LW_TIDB_MODE_AUTOMATIC);

  refused_before = lw_sim_server_count_calls (sim, "tidb:ListConnections");
  resumed = lw_runner_new (loaded, ctx);
  console.runner = resumed;
  if (lw_setup_get_tidb_mode (loaded) == LW_TIDB_MODE_MANUAL)
    g_assert_cmpint (lw_step_get_state (lw_runner_get_step (resumed, LW_STEP_TIDB_CONNECTION)), ==, LW_STEP_STATE_SKIPPED);
  g_signal_connect (lw_runner_get_step (resumed, LW_STEP_ACCEPT), "notify::state", G_CALLBACK (on_accept_waiting), &console);
  g_assert_true (core_test_run (resumed, &error));
  g_assert_no_error (error);
  assert_fallback_done (sim, resumed, loaded);
  /* Resumed in manual mode, the refused API is not asked again; before the switch, once more. */
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "tidb:ListConnections"), ==,
                    refused_before + (g_str_equal (kill_spec, "start:accept") ? 0 : 1));
  assert_rollback_leaves_nothing (sim, resumed);
}

/* ---- preflight ---- */

static void
test_fallback_preflight (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) checks = NULL;
  gboolean found = FALSE;

  g_assert_true (lw_sim_server_add_faults (sim, REFUSE_ALL, &error));
  checks = core_test_preflight (setup, ctx);
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) check = g_list_model_get_item (checks, i);

      /* Every TiDB check passes (the others are another test's business). */
      if (g_str_has_prefix (lw_check_get_id (check), "tidb"))
        g_assert_true (lw_check_get_ok (check));
      if (g_str_equal (lw_check_get_id (check), "tidb-account"))
        {
          found = TRUE;
          g_assert_true (lw_check_get_ok (check));
          g_assert_nonnull (strstr (lw_check_get_message (check), "console"));
        }
    }
  g_assert_true (found);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "tidb:GetAvailabilityZones"), ==, 1);
}

static void
test_console_steps (void)
{
  g_autofree char *steps = lw_tidb_console_steps ("com.aliyuncs.privatelink.ap-southeast-1.epsrv-x", "5000000000000001");
  g_auto(GStrv) lines = g_strsplit (steps, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u. ", i + 1);
      g_assert_true (g_str_has_prefix (lines[i], number));
    }
  g_assert_nonnull (strstr (lines[0], "Networking"));
  g_assert_nonnull (strstr (lines[1], "Create Private Link Connection"));
  g_assert_nonnull (strstr (lines[2], "com.aliyuncs.privatelink.ap-southeast-1.epsrv-x"));
  g_assert_nonnull (strstr (lines[4], "5000000000000001"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/fallback/classify", test_classify);
  g_test_add_func ("/core/fallback/classify-wire", test_classify_wire);
  g_test_add_func ("/core/fallback/console-steps", test_console_steps);
  g_test_add_func ("/core/fallback/run", test_fallback_run);
  g_test_add_data_func ("/core/fallback/create-refused", GINT_TO_POINTER (FALSE), test_fallback_create_refused);
  g_test_add_data_func ("/core/fallback/console-first-409", GINT_TO_POINTER (TRUE), test_fallback_create_refused);
  g_test_add_data_func ("/core/fallback/not-for-auth", "auth", test_fallback_not_for);
  g_test_add_data_func ("/core/fallback/not-for-permission", "permission", test_fallback_not_for);
  g_test_add_data_func ("/core/fallback/not-for-validation", "validation", test_fallback_not_for);
  g_test_add_data_func ("/core/fallback/crash-before-switch-resume", "start:tidb-connection", test_fallback_crash_resume);
  g_test_add_data_func ("/core/fallback/crash-after-switch-resume", "start:accept", test_fallback_crash_resume);
  g_test_add_func ("/core/fallback/preflight", test_fallback_preflight);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
