/* test-ram-policy.c — the generated least-privilege RAM policy is exact
 *
 * (a) A key holding exactly the generated policy completes everything Linkwright does (the assistant's
 *     reads, the account check, preflight, PrivateLink activation, setup with the whitelist fix, health
 *     check, drift repair, teardown) against the simulator, and the set of RAM actions the simulator
 *     logged for that key equals the policy's called actions plus the exempt ones: an action missing from
 *     the policy fails the flow, an unused one fails the equality.
 * (b) For each action of the policy, a key with that one action removed: preflight stops before anything
 *     is created and names the action (or, where preflight cannot probe it, the flow that needs it fails
 *     there, naming it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"
#include "lw-cloud.h"
#include "lw-engine-private.h"
#include "lw-sim-private.h"

#define REGION "cn-hangzhou"

static LwEngineContext *
context_for_key (LwSimServer *sim, const char *id, const char *secret)
{
  LwEngineContext *ctx = lw_engine_context_new (id, secret, NULL);

  lw_engine_context_set_tidb_keys (ctx, lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                   lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  lw_engine_context_set_endpoint_override (ctx, lw_sim_server_get_base_url (sim));
  lw_engine_context_set_time_scale (ctx, CORE_TEST_TIME_SCALE);
  lw_engine_context_set_request_timeout (ctx, CORE_TEST_REQUEST_TIMEOUT);
  return ctx;
}

static void
add_policy_key (LwSimServer *sim, const char *id, const char *omit_action, LwSourceKind kind)
{
  const char *omit[] = { omit_action, NULL };
  g_autofree char *policy = lw_ram_policy_to_json_for_kind (kind, REGION,
                                                            lw_sim_server_lookup_demo (sim, "account-id"),
                                                            omit_action ? omit : NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_sim_server_add_key_with_policy (sim, id, "lw-policy-test-secret", policy, NULL, &error));
  g_assert_no_error (error);
}

/* The access fix path too: rm-bp1demomysql0002 allows only 127.0.0.1; the PolarDB and ECS "-fix"
 * sources lack the vSwitches likewise. */
static LwSetup *
setup_new (LwSimServer *sim, LwSourceKind kind)
{
  return core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, kind, TRUE);
}

typedef struct {
  gboolean done;
  GListModel *checks;
  GPtrArray *lines;
  GError *error;
  JsonObject *result;
} Wait;

static void
preflight_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->checks = lw_preflight_run_finish (res, &w->error);
  w->done = TRUE;
}

static GListModel *
preflight (LwSetup *setup, LwEngineContext *ctx)
{
  Wait w = { 0 };

  lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  return w.checks;
}

static void
call_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &w->error);
  w->done = TRUE;
}

/* One call as the assistant's pages make it (Account, RDS instance, Network pages). */
static void
page_read (LwRpcClient *rpc, LwProduct product, const char *action, const char *name, const char *value)
{
  g_autoptr(LwParams) p = lw_params_new ();
  Wait w = { 0 };

  if (lw_rpc_action_takes_param (product, action, "RegionId"))
    lw_params_add (p, "RegionId", REGION);
  if (name != NULL)
    lw_params_add (p, name, value);
  lw_rpc_client_call_async (rpc, product, action, p, LW_CALL_FLAGS_NONE, NULL, call_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  g_clear_pointer (&w.result, json_object_unref);
}

static void
check_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->lines = lw_account_check_finish (res, &w->error);
  w->done = TRUE;
}

static void
health_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->checks = lw_health_check_finish (res, &w->error);
  w->done = TRUE;
}

static void
repair_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  lw_health_repair_finish (res, &w->error);
  w->done = TRUE;
}

static void
open_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  lw_preflight_open_privatelink_finish (res, &w->error);
  w->done = TRUE;
}

static void
log_checks (GListModel *checks)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      g_test_message ("check %-40s %s %s", lw_check_get_id (c), lw_check_get_ok (c) ? "ok  " : "FAIL", lw_check_get_message (c));
    }
}

/* RAM actions ("nlb:CreateListener") the simulator logged for @key, and whether any was refused. */
static GHashTable *
logged_actions (LwSimServer *sim, const char *key, guint *refused)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *refused = 0;
  for (guint i = 0; i < sim->calls->len; i++)
    {
      JsonObject *e = g_ptr_array_index (sim->calls, i);
      const char *product = json_object_get_string_member_with_default (e, "product", NULL);
      const char *action = json_object_get_string_member_with_default (e, "action", NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (e, "key", NULL), key) != 0 || product == NULL
          || action == NULL)
        continue;
      if (g_strcmp0 (json_object_get_string_member_with_default (e, "code", NULL), "Forbidden.RAM") == 0)
        (*refused)++;
      g_hash_table_add (set, lw_ram_policy_action_name (product, action));
    }
  return set;
}

static void
test_exact_policy (gconstpointer data)
{
  LwSourceKind kind = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = NULL;
  g_autoptr(LwSetup) setup = setup_new (sim, kind);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(LwRpcClient) rpc = NULL;
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(GListModel) checks = NULL;
  g_autoptr(GHashTable) logged = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const LwRamAction *table;
  const char * const *exempt = lw_ram_policy_get_exempt_actions ();
  JsonObject *inst;
  guint n, refused;
  Wait w = { 0 };

  add_policy_key (sim, "LWPOLICYEXACT001", NULL, kind);
  ctx = context_for_key (sim, "LWPOLICYEXACT001", "lw-policy-test-secret");
  rpc = lw_engine_context_create_rpc_client (ctx, REGION, &error);
  g_assert_no_error (error);
  tidb = lw_engine_context_create_tidb_client (ctx, &error);
  g_assert_no_error (error);

  /* The assistant's pages: Account (identity, regions), RDS (instances, the chosen one's address),
   * Network (vSwitches of its VPC, its whitelist). */
  page_read (rpc, LW_PRODUCT_STS, "GetCallerIdentity", NULL, NULL);
  page_read (rpc, LW_PRODUCT_RDS, "DescribeRegions", NULL, NULL);
  page_read (rpc, LW_PRODUCT_VPC, "DescribeVSwitches", "VpcId", "vpc-bp1demo000000000001");
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      /* The Source page (clusters, the chosen one's endpoint), the Network page (its whitelist). */
      page_read (rpc, LW_PRODUCT_POLARDB, "DescribeDBClusters", NULL, NULL);
      page_read (rpc, LW_PRODUCT_POLARDB, "DescribeDBClusterEndpoints", "DBClusterId", lw_setup_get_rds_instance_id (setup));
      page_read (rpc, LW_PRODUCT_POLARDB, "DescribeDBClusterAccessWhitelist", "DBClusterId", lw_setup_get_rds_instance_id (setup));
      break;
    case LW_SOURCE_KIND_ECS:
      /* The Source page (instances), the Network page (the security group's rules). */
      page_read (rpc, LW_PRODUCT_ECS, "DescribeInstances", NULL, NULL);
      page_read (rpc, LW_PRODUCT_ECS, "DescribeSecurityGroupAttribute", "SecurityGroupId",
                 lw_setup_get_source_security_group_id (setup));
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      page_read (rpc, LW_PRODUCT_RDS, "DescribeDBInstances", "Engine", "MySQL");
      page_read (rpc, LW_PRODUCT_RDS, "DescribeDBInstanceNetInfo", "DBInstanceId", "rm-bp1demomysql0002");
      page_read (rpc, LW_PRODUCT_RDS, "DescribeDBInstanceIPArrayList", "DBInstanceId", "rm-bp1demomysql0002");
      break;
    }

  /* The account check: every line passes. */
  lw_account_check_async (rpc, tidb, "10000000000000000001", NULL, check_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  for (guint i = 0; i < w.lines->len; i++)
    {
      LwAccountCheckLine *line = g_ptr_array_index (w.lines, i);
      g_autofree char *text = lw_account_check_line_format (line);
      g_test_message ("%s", text);
      g_assert_true (line->ok);
    }
  g_clear_pointer (&w.lines, g_ptr_array_unref);

  /* Preflight, and PrivateLink activation (on consent; idempotent on an activated account). */
  {
    guint before = lw_sim_server_count_calls (sim, NULL);
    checks = preflight (setup, ctx);
    /* Measured for the report: preflight's calls with the whitelist fix (Alibaba Cloud + TiDB Cloud). */
    g_test_message ("preflight: %u calls", lw_sim_server_count_calls (sim, NULL) - before);
  }
  log_checks (checks);
  g_assert_true (lw_checks_all_ok (checks));
  memset (&w, 0, sizeof w);
  lw_preflight_open_privatelink_async (setup, ctx, NULL, open_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);

  /* Setup (with the whitelist fix), health check, drift repair, teardown. */
  runner = lw_runner_new (setup, ctx);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  core_test_assert_counts (sim, 1, -1, TRUE);
  memset (&w, 0, sizeof w);
  lw_health_check_async (setup, ctx, NULL, health_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  log_checks (w.checks);
  g_assert_true (lw_checks_all_ok (w.checks));
  g_clear_object (&w.checks);

  if (kind == LW_SOURCE_KIND_RDS)
    {
      inst = g_hash_table_lookup (sim->rds_by_id, "rm-bp1demomysql0002");
      g_assert_nonnull (inst);
      json_object_set_string_member (inst, "IPAddress", "172.16.1.77");
    }
  else
    g_assert_true (lw_sim_server_move_source (sim, lw_setup_get_rds_instance_id (setup), "172.16.1.77"));
  memset (&w, 0, sizeof w);
  lw_health_repair_async (setup, ctx, NULL, repair_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  g_assert_cmpstr (lw_setup_get_rds_ip (setup), ==, "172.16.1.77");

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  core_test_assert_counts (sim, 0, -1, TRUE);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "polardb-whitelist"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 0);

  /* The logged set equals the policy's called actions plus the exempt ones. */
  logged = logged_actions (sim, "LWPOLICYEXACT001", &refused);
  g_assert_cmpuint (refused, ==, 0);
  table = lw_ram_policy_get_actions (&n);
  for (guint i = 0; i < n; i++)
    if (table[i].product != NULL  /* ram:CreateServiceLinkedRole is the service's call, not ours */
        && lw_ram_action_for_kind (&table[i], kind))
      g_hash_table_add (expected, (gpointer)table[i].action);
  for (guint i = 0; exempt[i]; i++)
    g_hash_table_add (expected, (gpointer)exempt[i]);
  {
    GHashTableIter it;
    gpointer k;
    guint missing = 0;

    g_hash_table_iter_init (&it, expected);
    while (g_hash_table_iter_next (&it, &k, NULL))
      if (!g_hash_table_contains (logged, k))
        {
          g_test_message ("in the policy but never called: %s", (char *)k);
          missing++;
        }
    g_hash_table_iter_init (&it, logged);
    while (g_hash_table_iter_next (&it, &k, NULL))
      if (!g_hash_table_contains (expected, k))
        {
          g_test_message ("called but not in the policy: %s", (char *)k);
          missing++;
        }
    g_assert_cmpuint (missing, ==, 0);
    g_assert_cmpuint (g_hash_table_size (logged), ==, g_hash_table_size (expected));
  }
}

static gboolean
some_failed_check_names (GListModel *checks, const char *action)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      if (!lw_check_get_ok (c) && strstr (lw_check_get_message (c), action) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_each_action_removed (gconstpointer data)
{
  LwSourceKind kind = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  const LwRamAction *table;
  guint n, checked = 0, other_kinds = 0;

  table = lw_ram_policy_get_actions (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("LWPOLICYMINUS%03u", i);
      g_autoptr(LwEngineContext) ctx = NULL;
      g_autoptr(LwSetup) setup = setup_new (sim, kind);
      g_autoptr(GListModel) checks = NULL;

      if (!lw_ram_action_for_kind (&table[i], kind))
        {
          other_kinds++;
          continue;
        }
      if (table[i].product == NULL)
        {
          /* ram:CreateServiceLinkedRole: the NLB service calls it when the first load balancer of the
           * account is created; the simulator models no service-linked roles, so its absence cannot fail. */
          g_test_message ("%s: dependent action, not called by Linkwright", table[i].action);
          continue;
        }
      add_policy_key (sim, id, table[i].action, kind);
      ctx = context_for_key (sim, id, "lw-policy-test-secret");

      if (g_str_equal (table[i].action, "privatelink:OpenPrivateLinkService"))
        {
          /* Not probed by preflight (it activates PrivateLink, only after the user agreed; no DryRun):
           * the activation itself fails, naming the action. */
          Wait w = { 0 };
          lw_preflight_open_privatelink_async (setup, ctx, NULL, open_cb, &w);
          core_test_wait (&w.done, 30);
          g_assert_error (w.error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API);
          g_assert_cmpstr (lw_cloud_error_get_code (w.error), ==, "Forbidden.RAM");
          g_assert_nonnull (strstr (lw_cloud_error_get_access_denied_detail (w.error), table[i].action));
          g_clear_error (&w.error);
          checked++;
          continue;
        }

      if (g_str_equal (table[i].action, "ecs:RevokeSecurityGroup"))
        {
          /* Teardown only, and not probed (no DryRun): the setup completes, the rollback stops at the
           * rule step; with full rights it then leaves nothing. */
          g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
          g_autoptr(LwEngineContext) full = NULL;
          g_autoptr(GError) error = NULL;

          g_assert_true (core_test_run (runner, &error));
          g_assert_no_error (error);
          g_assert_false (core_test_rollback (runner, &error));
          g_assert_nonnull (error);
          g_clear_error (&error);
          g_clear_object (&runner);
          full = core_test_context_new (sim, FALSE);
          runner = lw_runner_new (setup, full);
          g_assert_true (core_test_rollback (runner, &error));
          g_assert_no_error (error);
          core_test_assert_counts (sim, 0, -1, TRUE);
          g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 0);
          lw_sim_server_reset (sim);
          checked++;
          continue;
        }

      if (g_str_equal (table[i].action, "rds:ModifySecurityIps")
          || g_str_equal (table[i].action, "polardb:ModifyDBClusterAccessWhitelist")
          || g_str_equal (table[i].action, "ecs:AuthorizeSecurityGroup"))
        {
          /* Not probed by preflight either: RDS documents no DryRun for it, and a real "dry run" could
           * add a whitelist group. The whitelist step stops naming the action; a rollback leaves nothing. */
          g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
          g_autoptr(LwEngineContext) full = NULL;
          g_autoptr(GError) error = NULL;

          g_assert_false (core_test_run (runner, &error));
          g_assert_nonnull (error);
          g_clear_error (&error);
          g_clear_object (&runner);
          /* Undoing the whitelist step needs the same permission: roll back with full rights. */
          full = core_test_context_new (sim, FALSE);
          runner = lw_runner_new (setup, full);
          g_assert_true (core_test_rollback (runner, &error));
          g_assert_no_error (error);
          core_test_assert_counts (sim, 0, -1, TRUE);
          g_assert_cmpuint (lw_sim_server_count_calls (sim, strchr (table[i].action, ':') + 1), >, 0);
          g_assert_cmpuint (lw_sim_server_count_live (sim, "polardb-whitelist"), ==, 0);
          g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 0);
          /* The next cases count creations from zero. */
          lw_sim_server_reset (sim);
          checked++;
          continue;
        }

      checks = preflight (setup, ctx);
      if (!some_failed_check_names (checks, table[i].action))
        {
          log_checks (checks);
          g_error ("preflight without %s did not name it", table[i].action);
        }
      g_assert_false (lw_checks_all_ok (checks));
      /* Stopped before anything was created. */
      core_test_assert_counts (sim, 0, 0, TRUE);
      checked++;
    }
  g_assert_cmpuint (checked, ==, n - 1 - other_kinds);
}

/* The document itself: Version "1", Allow statements, region/account substituted, "*" without them. */
static void
test_document (void)
{
  g_autofree char *json = lw_ram_policy_to_json ("ap-southeast-1", "1234567890123456");
  g_autofree char *generic = lw_ram_policy_to_json (NULL, NULL);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonArray *statements;
  guint n, actions = 0;

  g_assert_nonnull (root);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "Version"), ==, "1");
  statements = json_object_get_array_member (json_node_get_object (root), "Statement");
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *st = json_array_get_object_element (statements, i);
      g_assert_cmpstr (json_object_get_string_member (st, "Effect"), ==, "Allow");
      actions += json_array_get_length (json_object_get_array_member (st, "Action"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (st, "Resource")), >, 0);
    }
  lw_ram_policy_get_actions (&n);
  g_assert_cmpuint (actions, ==, n);
  g_assert_nonnull (strstr (json, "acs:nlb:ap-southeast-1:1234567890123456:servergroup/*"));
  g_assert_nonnull (strstr (json, "\"ram:ServiceName\""));
  g_assert_null (strstr (json, "{regionId}"));
  g_assert_nonnull (strstr (generic, "acs:nlb:*:*:servergroup/*"));
  g_assert_null (strstr (json, "sts:GetCallerIdentity"));
  /* Every entry names its source page. */
  for (guint i = 0; i < n; i++)
    g_assert_true (g_str_has_prefix (lw_ram_policy_get_actions (NULL)[i].source, "https://"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = core_test_isolate_dirs ();
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/ram-policy/document", test_document);
  g_test_add_data_func ("/core/ram-policy/exact", GINT_TO_POINTER (LW_SOURCE_KIND_RDS), test_exact_policy);
  g_test_add_data_func ("/core/ram-policy/each-action-removed", GINT_TO_POINTER (LW_SOURCE_KIND_RDS),
                        test_each_action_removed);
  g_test_add_data_func ("/core/ram-policy/polardb/exact", GINT_TO_POINTER (LW_SOURCE_KIND_POLARDB), test_exact_policy);
  g_test_add_data_func ("/core/ram-policy/polardb/each-action-removed", GINT_TO_POINTER (LW_SOURCE_KIND_POLARDB),
                        test_each_action_removed);
  g_test_add_data_func ("/core/ram-policy/ecs/exact", GINT_TO_POINTER (LW_SOURCE_KIND_ECS), test_exact_policy);
  g_test_add_data_func ("/core/ram-policy/ecs/each-action-removed", GINT_TO_POINTER (LW_SOURCE_KIND_ECS),
                        test_each_action_removed);
  rc = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&dir));
  return rc;
}
