/* main-call.c: linkwright-call, a diagnostic command line over the cloud library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   linkwright-call [OPTION…] PRODUCT ACTION [Name=Value…]   (PRODUCT: sts rds vpc nlb privatelink)
 *   linkwright-call [OPTION…] tidb METHOD PATH [JSON-BODY]
 *   linkwright-call [OPTION…] check [TIDB-CLUSTER-ID]            (the read-only account check)
 *
 * Credentials come only from the environment (never argv): ALIBABA_CLOUD_ACCESS_KEY_ID,
 * ALIBABA_CLOUD_ACCESS_KEY_SECRET (ALIBABA_CLOUD_SECURITY_TOKEN), TIDB_CLOUD_PUBLIC_KEY,
 * TIDB_CLOUD_PRIVATE_KEY.
 */
#define G_LOG_DOMAIN "linkwright-call"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lw-cloud.h"

static char *opt_endpoint;
static char *opt_region;
static char *opt_ca_file;
static gboolean opt_dry_run;
static gboolean opt_no_retry;
static gboolean opt_in_query;
static gboolean opt_in_body;
static double opt_time_scale = 1.0;
static double opt_timeout = 30.0;
static gboolean opt_verbose;

static const GOptionEntry entries[] = {
  { "endpoint-override", 'e', 0, G_OPTION_ARG_STRING, &opt_endpoint, "Send every call to this base URL (http only for loopback)", "URL" },
  { "region", 'r', 0, G_OPTION_ARG_STRING, &opt_region, "Region ID (default cn-hangzhou); added as RegionId unless given", "REGION" },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca_file, "Also trust the CA certificates in this PEM file", "FILE" },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run, "Send DryRun=true (success = DryRunOperation)", NULL },
  { "no-retry", 0, 0, G_OPTION_ARG_NONE, &opt_no_retry, "Make one attempt only", NULL },
  { "in-query", 0, 0, G_OPTION_ARG_NONE, &opt_in_query, "Send the parameters in the query string", NULL },
  { "in-body", 0, 0, G_OPTION_ARG_NONE, &opt_in_body, "Send the parameters in a form body", NULL },
  { "time-scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt_time_scale, "Multiply backoff delays and timeouts", "X" },
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout, "Per-request timeout in seconds (default 30)", "S" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print every attempt on stderr", NULL },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  JsonNode  *result;
  GError    *error;
} CallState;

static void
attempt_cb (GObject      *client,
            const char   *action,
            guint         attempt,
            const char   *request_id,
            const GError *error,
            gpointer      user_data)
{
  if (opt_verbose)
    g_printerr ("attempt %u of %s: %s%s%s\n", attempt, action,
                request_id != NULL ? request_id : "(no request ID)",
                error != NULL ? " — " : "", error != NULL ? error->message : "");
}

static void
rpc_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CallState *state = user_data;
  JsonObject *o = lw_rpc_client_call_finish (LW_RPC_CLIENT (object), result, &state->error);

  if (o != NULL)
    {
      state->result = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (state->result, o);
    }
  g_main_loop_quit (state->loop);
}

static void
tidb_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CallState *state = user_data;

  state->result = lw_tidb_client_request_finish (LW_TIDB_CLIENT (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static int
print_error (const GError *error)
{
  const char *s;

  g_printerr ("Error: %s\n", error->message);
  if ((s = lw_cloud_error_get_code (error)) != NULL)
    g_printerr ("Code: %s\n", s);
  if (lw_cloud_error_get_http_status (error) != 0)
    g_printerr ("HTTP status: %u\n", lw_cloud_error_get_http_status (error));
  if ((s = lw_cloud_error_get_request_id (error)) != NULL)
    g_printerr ("RequestId: %s\n", s);
  if ((s = lw_cloud_error_get_recommend (error)) != NULL)
    g_printerr ("Recommend: %s\n", s);
  if ((s = lw_cloud_error_get_access_denied_detail (error)) != NULL)
    g_printerr ("AccessDeniedDetail: %s\n", s);
  if (lw_cloud_error_get_attempts (error) > 1)
    g_printerr ("Attempts: %u\n", lw_cloud_error_get_attempts (error));
  return 1;
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *lines;
  GError *error;
} CheckState;

static void
check_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CheckState *state = user_data;

  state->lines = lw_account_check_finish (res, &state->error);
  g_main_loop_quit (state->loop);
}

/* linkwright-call check [TIDB-CLUSTER-ID]: the read-only account check (lw-account-check.h), one line
 * per call; exit status 0 when every line passed (skipped TiDB lines included), 1 otherwise. */
static int
run_check (const char *endpoint, const char *cluster_id)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(LwCredentials) credentials = NULL;
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(GError) error = NULL;
  CheckState state = { loop, NULL, NULL };
  int rc = 0;

  credentials = lw_credentials_new_from_environment (&error);
  if (credentials == NULL)
    return print_error (error);
  client = lw_rpc_client_new (credentials, opt_region != NULL ? opt_region : "cn-hangzhou");
  if ((endpoint != NULL && !lw_rpc_client_set_endpoint_override (client, endpoint, &error)) ||
      (opt_ca_file != NULL && !lw_rpc_client_set_ca_file (client, opt_ca_file, &error)))
    return print_error (error);
  lw_rpc_client_set_time_scale (client, opt_time_scale);
  lw_rpc_client_set_timeout (client, opt_timeout);
  if (g_getenv ("TIDB_CLOUD_PUBLIC_KEY") != NULL)
    {
      tidb = lw_tidb_client_new_from_environment (&error);
      if (tidb == NULL ||
          (endpoint != NULL && !lw_tidb_client_set_endpoint_override (tidb, endpoint, &error)) ||
          (opt_ca_file != NULL && !lw_tidb_client_set_ca_file (tidb, opt_ca_file, &error)))
        return print_error (error);
      lw_tidb_client_set_time_scale (tidb, opt_time_scale);
      lw_tidb_client_set_timeout (tidb, opt_timeout);
    }
  lw_account_check_async (client, tidb, cluster_id, NULL, check_done, &state);
  g_main_loop_run (loop);
  if (state.lines == NULL)
    {
      rc = print_error (state.error);
      g_clear_error (&state.error);
      return rc;
    }
  for (guint i = 0; i < state.lines->len; i++)
    {
      LwAccountCheckLine *line = g_ptr_array_index (state.lines, i);
      g_autofree char *text = lw_account_check_line_format (line);

      g_print ("%s\n", text);
      if (!line->ok && !line->skipped)
        rc = 1;
    }
  g_ptr_array_unref (state.lines);
  return rc;
}

static int
usage (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CallState state = { loop, NULL, NULL };
  const char *endpoint;

  context = g_option_context_new ("PRODUCT ACTION [Name=Value…] | tidb METHOD PATH [JSON-BODY] | check [TIDB-CLUSTER-ID]");
  g_option_context_set_summary (context,
    "Calls one Alibaba Cloud or TiDB Cloud API and prints the JSON answer.\n"
    "Products: sts, rds, vpc, nlb, privatelink, tidb. Credentials are read from\n"
    "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET and\n"
    "TIDB_CLOUD_PUBLIC_KEY / TIDB_CLOUD_PRIVATE_KEY.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  endpoint = opt_endpoint != NULL ? opt_endpoint : g_getenv ("LINKWRIGHT_ENDPOINT_OVERRIDE");

  if (argc >= 2 && g_str_equal (argv[1], "check"))
    return run_check (endpoint, argc > 2 ? argv[2] : NULL);
  if (argc < 3)
    return usage (context);

  if (g_ascii_strcasecmp (argv[1], "tidb") == 0)
    {
      g_autoptr(LwTidbClient) client = NULL;
      g_autoptr(JsonNode) body = NULL;

      if (argc < 3 || argc > 5 || argc == 3)
        return usage (context);
      client = lw_tidb_client_new_from_environment (&error);
      if (client == NULL ||
          (endpoint != NULL && !lw_tidb_client_set_endpoint_override (client, endpoint, &error)) ||
          (opt_ca_file != NULL && !lw_tidb_client_set_ca_file (client, opt_ca_file, &error)))
        return print_error (error);
      lw_tidb_client_set_time_scale (client, opt_time_scale);
      lw_tidb_client_set_timeout (client, opt_timeout);
      if (opt_no_retry)
        {
          LwRetryPolicy policy = LW_RETRY_POLICY_DEFAULT;
          policy.max_attempts = 1;
          lw_tidb_client_set_retry_policy (client, &policy);
        }
      if (argc == 5)
        {
          body = json_from_string (argv[4], &error);
          if (body == NULL)
            {
              g_printerr ("The body is not valid JSON: %s\n", error->message);
              return 2;
            }
        }
      g_signal_connect (client, "attempt", G_CALLBACK (attempt_cb), NULL);
      lw_tidb_client_request_async (client, argv[2], argv[3], body, NULL, tidb_done, &state);
      g_main_loop_run (loop);
    }
  else
    {
      g_autoptr(LwCredentials) credentials = NULL;
      g_autoptr(LwRpcClient) client = NULL;
      g_autoptr(LwParams) params = lw_params_new ();
      LwCallFlags flags = LW_CALL_FLAGS_NONE;
      LwProduct product;

      if (!lw_product_from_name (argv[1], &product))
        {
          g_printerr ("Unknown product “%s” (sts, rds, vpc, nlb, privatelink, polardb, ecs, tidb)\n", argv[1]);
          return 2;
        }
      for (int i = 3; i < argc; i++)
        {
          const char *eq = strchr (argv[i], '=');
          g_autofree char *name = NULL;

          if (eq == NULL || eq == argv[i])
            {
              g_printerr ("Parameters are Name=Value, not “%s”\n", argv[i]);
              return 2;
            }
          name = g_strndup (argv[i], eq - argv[i]);
          lw_params_add (params, name, eq + 1);
        }
      /* RegionId only where the action's description has one (not STS, not RDS's per-instance
       * reads, not PolarDB's per-cluster calls, not NLB's GetJobStatus). */
      if (lw_params_lookup (params, "RegionId") == NULL && product != LW_PRODUCT_STS &&
          !(product == LW_PRODUCT_RDS && g_str_has_prefix (argv[2], "DescribeDBInstance") &&
            !g_str_equal (argv[2], "DescribeDBInstances")) &&
          lw_rpc_action_takes_param (product, argv[2], "RegionId"))
        lw_params_add (params, "RegionId", opt_region != NULL ? opt_region : "cn-hangzhou");

      credentials = lw_credentials_new_from_environment (&error);
      if (credentials == NULL)
        return print_error (error);
      client = lw_rpc_client_new (credentials, opt_region != NULL ? opt_region : "cn-hangzhou");
      if ((endpoint != NULL && !lw_rpc_client_set_endpoint_override (client, endpoint, &error)) ||
          (opt_ca_file != NULL && !lw_rpc_client_set_ca_file (client, opt_ca_file, &error)))
        return print_error (error);
      lw_rpc_client_set_time_scale (client, opt_time_scale);
      lw_rpc_client_set_timeout (client, opt_timeout);
      if (opt_dry_run)
        flags |= LW_CALL_FLAGS_DRY_RUN;
      if (opt_no_retry)
        flags |= LW_CALL_FLAGS_NO_RETRY;
      if (opt_in_query)
        flags |= LW_CALL_FLAGS_IN_QUERY;
      if (opt_in_body)
        flags |= LW_CALL_FLAGS_IN_BODY;
      g_signal_connect (client, "attempt", G_CALLBACK (attempt_cb), NULL);
      lw_rpc_client_call_async (client, product, argv[2], params, flags, NULL, rpc_done, &state);
      g_main_loop_run (loop);
    }

  if (state.error != NULL)
    {
      int rc = print_error (state.error);
      g_clear_error (&state.error);
      return rc;
    }
  else
    {
      g_autofree char *text = json_to_string (state.result, TRUE);
      g_print ("%s\n", text);
      json_node_unref (state.result);
    }
  return 0;
}
