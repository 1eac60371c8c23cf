/* test-faults.c — fault injection: spec parsing and every kind, RPC and TiDB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"

#define VPC "vpc-bp1demo000000000001"

static void
assert_code (JsonObject *reply,
             const char *code)
{
  g_assert_nonnull (reply);
  g_assert_cmpstr (sim_code (reply), ==, code);
  json_object_unref (reply);
}

static void
test_spec_parsing (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  const char *good[] = {
    "CreateListener:busy", "CreateListener:busy:3,CreateServerGroup:5xx:1", " AddServersToServerGroup:incorrect-status:2 ",
    "CreateLoadBalancer:create-failed", "DeleteVpcEndpointService:error=EndpointServiceConnectionDependence:*",
    "tidb:CreateConnection:drop", "tidb:GetConnection:timeout:2", "GetJobStatus:throttling:5", "",
    "tidb:PrivateLink:api-version:*", "tidb:CreateConnection:api-version",
  };
  const char *bad[] = {
    "CreateListener", "CreateListener:explode", "CreateListener:busy:0", "CreateListener:busy:x",
    ":busy", "CreateListener:error=", "CreateListener:error=bad code", "a:b:c:d",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (lw_sim_server_add_faults (t->sim, good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_test_message ("bad spec: %s", bad[i]);
      g_assert_false (lw_sim_server_add_faults (t->sim, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static JsonObject *
create_group (SimTest    *t,
              const char *token,
              guint      *status)
{
  return sim_rpc (t, V_NLB, "CreateServerGroup", status, "RegionId", "cn-hangzhou", "ServerGroupName", "lw-sg",
                  "ServerGroupType", "Ip", "VpcId", VPC, "ClientToken", token, NULL);
}

static void
test_before_faults (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *r;
  guint status;

  g_assert_true (lw_sim_server_add_faults (t->sim, "CreateServerGroup:throttling:2,CreateServerGroup:5xx,"
                                           "CreateServerGroup:busy,CreateServerGroup:incorrect-status", &error));
  r = create_group (t, "a", &status);
  g_assert_cmpuint (status, ==, 400);
  assert_code (r, "Throttling.User");
  assert_code (create_group (t, "a", &status), "Throttling.User");
  r = create_group (t, "a", &status);
  g_assert_cmpuint (status, ==, 503);
  assert_code (r, "ServiceUnavailable");
  assert_code (create_group (t, "a", &status), "SystemBusy");
  assert_code (create_group (t, "a", &status), "IncorrectStatus.serverGroup");
  /* Before-faults answer without running the action. */
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 0);
  r = create_group (t, "a", &status);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "CreateServerGroup"), ==, 6);

  g_assert_true (lw_sim_server_add_faults (t->sim, "GetCallerIdentity:error=Forbidden.RiskControl:*,"
                                           "ListServerGroups:error=QuotaExceeded", &error));
  for (guint i = 0; i < 3; i++)
    {
      r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
      g_assert_cmpuint (status, ==, 403);
      assert_code (r, "Forbidden.RiskControl");
    }
  r = sim_rpc (t, V_NLB, "ListServerGroups", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  assert_code (r, "QuotaExceeded");
  r = sim_rpc (t, V_NLB, "ListServerGroups", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);

  lw_sim_server_clear_faults (t->sim);
  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
}

static void
test_drop_then_retry (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  const char *params[] = { "RegionId", "cn-hangzhou", "ServerGroupName", "lw-sg", "ServerGroupType", "Ip",
                           "VpcId", VPC, "ClientToken", "lw-drop-token", NULL };
  SimRpcOpts opts = { .allow_io_error = TRUE };
  JsonObject *r;
  guint status;
  g_autofree char *id = NULL;

  g_assert_true (lw_sim_server_add_faults (t->sim, "CreateServerGroup:drop", &error));
  r = sim_rpc_full (t, &opts, V_NLB, "CreateServerGroup", &status, params);
  /* No answer, but the action ran. */
  g_assert_null (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 1);

  r = sim_rpc_full (t, &opts, V_NLB, "CreateServerGroup", &status, params);
  g_assert_nonnull (r);
  g_assert_cmpuint (status, ==, 200);
  id = g_strdup (json_object_get_string_member (r, "ServerGroupId"));
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 1);
  r = sim_rpc (t, V_NLB, "ListServerGroups", &status, "ServerGroupIds.1", id, NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 1);
  json_object_unref (r);
}

static void
test_timeout (void)
{
  /* 120 s × 0.002 = 240 ms hold. */
  g_autoptr(SimTest) t = sim_test_new ("instant", 0.002, NULL);
  g_autoptr(GError) error = NULL;
  gint64 start;
  JsonObject *r;
  guint status;

  g_assert_true (lw_sim_server_add_faults (t->sim, "GetCallerIdentity:timeout", &error));
  start = g_get_monotonic_time ();
  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);

  start = g_get_monotonic_time ();
  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
  json_object_unref (r);
}

static void
test_tidb_faults (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  guint status;

  g_assert_true (lw_sim_server_add_faults (t->sim, "tidb:GetCluster:5xx,tidb:ListClusters:throttling,"
                                           "tidb:ListProjects:error=Forbidden", &error));
  {
    g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/clusters/10000000000000000001", NULL, &status);
    g_assert_cmpuint (status, ==, 503);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "code"), ==, 14);
  }
  {
    g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/clusters", NULL, &status);
    g_assert_cmpuint (status, ==, 429);
  }
  {
    g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/projects", NULL, &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/clusters/10000000000000000001", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "tidb:GetCluster"), ==, 2);
}

static gboolean
endpoint_requested (gpointer data)
{
  return lw_sim_server_count_live (((SimTest *) data)->sim, "endpoint-connection") == 1;
}

/* tidb:PrivateLink:api-version refuses every v1beta1 private link call (an assumed refusal: see
 * README.md), nothing else; the console side (admin API) still creates connections. */
static void
test_tidb_api_version (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *service_name = NULL;
  g_autofree char *svc = NULL;
  g_autofree char *body = NULL;
  const char *refused[][2] = {
    { "GET", "/v1beta1/clusters/10000000000000000001/privateLinkConnections" },
    { "POST", "/v1beta1/clusters/10000000000000000001/privateLinkConnections" },
    { "GET", "/v1beta1/clusters/10000000000000000001/privateLinkConnections/plc-x" },
    { "DELETE", "/v1beta1/clusters/10000000000000000001/privateLinkConnections/plc-x" },
    { "GET", "/v1beta1/clusters/10000000000000000001/privateLinkConnections:getAvailabilityZones" },
  };
  guint status;

  svc = sim_build_service (t, "172.16.2.10", &service_name, NULL);
  g_assert_true (lw_sim_server_add_faults (t->sim, "tidb:PrivateLink:api-version:*", &error));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) n = sim_tidb (t, refused[i][0], refused[i][1], "{}", &status);
      JsonObject *o = json_node_get_object (n);
      JsonObject *info = json_array_get_object_element (json_object_get_array_member (o, "details"), 0);

      g_test_message ("%s %s → %u", refused[i][0], refused[i][1], status);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpint (json_object_get_int_member (o, "code"), ==, 9);
      g_assert_nonnull (strstr (json_object_get_string_member (o, "message"), "v1beta2"));
      g_assert_cmpstr (json_object_get_string_member (info, "reason"), ==, "API_VERSION_NOT_SUPPORTED");
    }
  {
    /* The cluster itself is still readable. */
    g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/clusters/10000000000000000001", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "tidb-connection"), ==, 0);

  /* The user creates the connection in the console: TiDB's endpoint asks the service. */
  body = g_strdup_printf ("{\"clusterId\":\"10000000000000000001\",\"serviceName\":\"%s\"}", service_name);
  {
    g_autoptr(JsonObject) r = sim_admin (t, "POST", "/_sim/tidb-console/connect", body, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "privateLinkConnectionId"), "plc-"));
  }
  g_assert_true (sim_iterate_until (endpoint_requested, t, 5000));
  {
    g_autoptr(JsonObject) r = sim_rpc (t, V_PL, "ListVpcEndpointConnections", &status, "RegionId", "cn-hangzhou",
                                       "ServiceId", svc, NULL);
    JsonArray *conns = json_object_get_array_member (r, "Connections");

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpuint (json_array_get_length (conns), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (conns, 0), "EndpointOwnerId"), ==,
                     G_GINT64_CONSTANT (5000000000000001));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conns, 0), "ConnectionStatus"), ==,
                     "Disconnected");
  }
  {
    /* A second one to the same service, and a body that is not the expected object: refused. */
    g_autoptr(JsonObject) again = sim_admin (t, "POST", "/_sim/tidb-console/connect", body, &status);
    g_autoptr(JsonObject) bad = NULL;

    g_assert_cmpuint (status, ==, 400);
    g_assert_true (json_object_has_member (again, "error"));
    bad = sim_admin (t, "POST", "/_sim/tidb-console/connect", "[1]", &status);
    g_assert_cmpuint (status, ==, 400);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/faults/spec-parsing", test_spec_parsing);
  g_test_add_func ("/sim/faults/before", test_before_faults);
  g_test_add_func ("/sim/faults/drop-then-retry", test_drop_then_retry);
  g_test_add_func ("/sim/faults/timeout", test_timeout);
  g_test_add_func ("/sim/faults/tidb", test_tidb_faults);
  g_test_add_func ("/sim/faults/tidb-api-version", test_tidb_api_version);
  return g_test_run ();
}
