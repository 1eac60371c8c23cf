/* test-nlb.c — simulated NLB: state machines, preconditions, ClientToken, paging, rollback
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
  g_assert_cmpstr (sim_code (reply), ==, code);
  json_object_unref (reply);
}

static char *
create_group (SimTest    *t,
              const char *name,
              const char *token)
{
  guint status;
  JsonObject *r = sim_rpc (t, V_NLB, "CreateServerGroup", &status, "RegionId", "cn-hangzhou",
                           "ServerGroupName", name, "ServerGroupType", "Ip", "VpcId", VPC,
                           "ClientToken", token ? token : "", NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (json_object_get_string_member (r, "JobId"));
  return sim_take_string (r, "ServerGroupId");
}

static char *
create_lb (SimTest *t)
{
  guint status;
  JsonObject *r = sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou",
                           "AddressType", "Intranet", "AddressIpVersion", "ipv4", "VpcId", VPC,
                           "LoadBalancerName", "lw-test-nlb",
                           "ZoneMappings.1.ZoneId", "cn-hangzhou-h", "ZoneMappings.1.VSwitchId", "vsw-bp1demoh000000001",
                           "ZoneMappings.2.ZoneId", "cn-hangzhou-i", "ZoneMappings.2.VSwitchId", "vsw-bp1demoi000000001",
                           "LoadBalancerBillingConfig.PayType", "PostPay", NULL);
  g_assert_cmpuint (status, ==, 200);
  /* The real response spells it with a lower-case b. */
  g_assert_false (json_object_has_member (r, "LoadBalancerId"));
  return sim_take_string (r, "LoadbalancerId");
}

static void
test_state_machines (void)
{
  /* The demo profile's delays (scaled) make the intermediate states observable. */
  g_autoptr(SimTest) t = sim_test_new ("demo", 1.0, NULL);
  g_autofree char *sg = NULL, *lb = NULL, *lsn = NULL, *job = NULL;
  JsonObject *r;
  JsonObject *server;
  guint status;

  r = sim_rpc (t, V_NLB, "CreateServerGroup", &status, "RegionId", "cn-hangzhou", "ServerGroupName", "lw-sg",
               "ServerGroupType", "Ip", "VpcId", VPC, "Protocol", "TCP", "PreserveClientIpEnabled", "false",
               "HealthCheckConfig.HealthCheckEnabled", "true", "HealthCheckConfig.HealthCheckType", "TCP", NULL);
  job = g_strdup (json_object_get_string_member (r, "JobId"));
  sg = sim_take_string (r, "ServerGroupId");
  g_assert_true (g_str_has_prefix (sg, "sgp-"));

  r = sim_rpc (t, V_NLB, "GetJobStatus", &status, "JobId", job, NULL);
  g_assert_cmpstr (json_object_get_string_member (r, "Status"), ==, "processing");
  json_object_unref (r);
  r = sim_rpc (t, V_NLB, "ListServerGroups", &status, "RegionId", "cn-hangzhou", "ServerGroupIds.1", sg, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (r, "ServerGroups"), 0), "ServerGroupStatus"), ==, "Creating");
  json_object_unref (r);

  /* Not Available yet: the transient error Terraform retries. */
  assert_code (sim_rpc (t, V_NLB, "AddServersToServerGroup", &status, "ServerGroupId", sg,
                        "Servers.1.ServerId", "172.16.2.10", "Servers.1.ServerType", "Ip",
                        "Servers.1.ServerIp", "172.16.2.10", "Servers.1.Port", "3306", NULL),
               "IncorrectStatus.serverGroup");

  lb = create_lb (t);
  r = sim_rpc (t, V_NLB, "GetLoadBalancerAttribute", &status, "LoadBalancerId", lb, NULL);
  g_assert_cmpstr (json_object_get_string_member (r, "LoadBalancerStatus"), ==, "Provisioning");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (r, "DNSName"), ".cn-hangzhou.nlb.aliyuncs.com"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "ZoneMappings")), ==, 2);
  json_object_unref (r);

  json_object_unref (sim_poll_until (t, V_NLB, "ListServerGroups", "ServerGroupIds.1", sg,
                                     "ServerGroups.0.ServerGroupStatus", "Available"));
  r = sim_rpc (t, V_NLB, "GetJobStatus", &status, "JobId", job, NULL);
  g_assert_cmpstr (json_object_get_string_member (r, "Status"), ==, "Succeeded");
  json_object_unref (r);

  /* A listener needs an Active load balancer. */
  assert_code (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP", "ListenerPort", "3306",
                        "LoadBalancerId", lb, "ServerGroupId", sg, NULL),
               "IncorrectStatus.loadBalancer");

  r = sim_rpc (t, V_NLB, "AddServersToServerGroup", &status, "ServerGroupId", sg,
               "Servers.1.ServerId", "172.16.2.10", "Servers.1.ServerType", "Ip",
               "Servers.1.ServerIp", "172.16.2.10", "Servers.1.Port", "3306", NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc (t, V_NLB, "ListServerGroupServers", &status, "ServerGroupId", sg, NULL);
  server = json_array_get_object_element (json_object_get_array_member (r, "Servers"), 0);
  g_assert_cmpstr (json_object_get_string_member (server, "Status"), ==, "Adding");
  g_assert_cmpint (json_object_get_int_member (server, "Port"), ==, 3306);
  g_assert_cmpstr (json_object_get_string_member (server, "ZoneId"), ==, "cn-hangzhou-i");
  json_object_unref (r);
  json_object_unref (sim_poll_until (t, V_NLB, "ListServerGroupServers", "ServerGroupId", sg,
                                     "Servers.0.Status", "Available"));

  json_object_unref (sim_poll_until (t, V_NLB, "GetLoadBalancerAttribute", "LoadBalancerId", lb,
                                     "LoadBalancerStatus", "Active"));
  lsn = sim_take_string (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP",
                                  "ListenerPort", "3306", "LoadBalancerId", lb, "ServerGroupId", sg, NULL),
                         "ListenerId");
  r = sim_rpc (t, V_NLB, "GetListenerAttribute", &status, "ListenerId", lsn, NULL);
  g_assert_cmpstr (json_object_get_string_member (r, "ListenerStatus"), ==, "Provisioning");
  json_object_unref (r);
  json_object_unref (sim_poll_until (t, V_NLB, "GetListenerAttribute", "ListenerId", lsn, "ListenerStatus", "Running"));

  /* The backend is the healthy RDS instance. */
  r = sim_rpc (t, V_NLB, "GetListenerHealthStatus", &status, "ListenerId", lsn, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (
                      json_object_get_array_member (json_array_get_object_element (
                        json_object_get_array_member (r, "ListenerHealthStatus"), 0), "ServerGroupInfos"), 0),
                      "NonNormalServers")), ==, 0);
  json_object_unref (r);

  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "load-balancer"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "listener"), ==, 1);
}

static gboolean
no_load_balancers (gpointer data)
{
  return lw_sim_server_count_live (data, "load-balancer") == 0;
}

static void
test_create_failed (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *lb = NULL;
  JsonObject *r;
  guint status;

  g_assert_true (lw_sim_server_add_faults (t->sim, "CreateLoadBalancer:create-failed", &error));
  lb = create_lb (t);
  json_object_unref (sim_poll_until (t, V_NLB, "GetLoadBalancerAttribute", "LoadBalancerId", lb,
                                     "LoadBalancerStatus", "CreateFailed"));
  /* A failed load balancer can only be deleted. */
  r = sim_rpc (t, V_NLB, "DeleteLoadBalancer", &status, "LoadBalancerId", lb, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_true (sim_iterate_until (no_load_balancers, t->sim, 5000));
}

static void
test_preconditions (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *sg = NULL, *lb = NULL, *lsn = NULL, *sg_udp = NULL;
  JsonObject *r;
  guint status;

  /* Two zones are required in a region that has them. */
  assert_code (sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou", "AddressType", "Intranet",
                        "VpcId", VPC, "ZoneMappings.1.ZoneId", "cn-hangzhou-h",
                        "ZoneMappings.1.VSwitchId", "vsw-bp1demoh000000001", NULL),
               "IllegalParam.ZoneMappings");
  assert_code (sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou", "AddressType", "Intranet",
                        "VpcId", VPC, "ZoneMappings.1.ZoneId", "cn-hangzhou-h",
                        "ZoneMappings.1.VSwitchId", "vsw-bp1demoi000000001",
                        "ZoneMappings.2.ZoneId", "cn-hangzhou-j", "ZoneMappings.2.VSwitchId", "vsw-bp1demoj000000001", NULL),
               "IllegalParam.ZoneId");
  assert_code (sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou", "AddressType", "Outer",
                        "VpcId", VPC, NULL),
               "IllegalParam.AddressType");
  assert_code (sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou", "AddressType", "Intranet",
                        "VpcId", "vpc-nope", NULL),
               "ResourceNotFound.vpc");
  assert_code (sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "lw-sg", "VpcId", VPC,
                        "ServerGroupType", "Fancy", NULL),
               "IllegalParam.ServerGroupType");
  assert_code (sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "1-starts-with-digit",
                        "VpcId", VPC, NULL),
               "IllegalParam.serverGroupName"); /* data/api-string-rules.json */
  assert_code (sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "lw-sg", "VpcId", VPC,
                        "HealthCheckConfig.HealthyThreshold", "99", NULL),
               "InvalidParameter");
  assert_code (sim_rpc (t, V_NLB, "GetLoadBalancerAttribute", &status, "LoadBalancerId", "nlb-missing", NULL),
               "ResourceNotFound.loadBalancer");
  assert_code (sim_rpc (t, V_NLB, "GetListenerAttribute", &status, "ListenerId", "lsn-missing", NULL),
               "ResourceNotFound.listener");
  assert_code (sim_rpc (t, V_NLB, "DeleteServerGroup", &status, "ServerGroupId", "sgp-missing", NULL),
               "ResourceNotFound.serverGroup");
  assert_code (sim_rpc (t, V_NLB, "GetJobStatus", &status, "JobId", "nope", NULL), "ResourceNotFound.job");

  sg = create_group (t, "lw-sg", NULL);
  sg_udp = sim_take_string (sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "lw-udp",
                                     "VpcId", VPC, "ServerGroupType", "Ip", "Protocol", "UDP", NULL), "ServerGroupId");
  lb = create_lb (t);
  json_object_unref (sim_poll_until (t, V_NLB, "GetLoadBalancerAttribute", "LoadBalancerId", lb,
                                     "LoadBalancerStatus", "Active"));
  json_object_unref (sim_poll_until (t, V_NLB, "ListServerGroups", "ServerGroupIds.1", sg,
                                     "ServerGroups.0.ServerGroupStatus", "Available"));
  json_object_unref (sim_poll_until (t, V_NLB, "ListServerGroups", "ServerGroupIds.1", sg_udp,
                                     "ServerGroups.0.ServerGroupStatus", "Available"));

  assert_code (sim_rpc (t, V_NLB, "AddServersToServerGroup", &status, "ServerGroupId", sg,
                        "Servers.1.ServerId", "i-ecs", "Servers.1.ServerType", "Ecs", "Servers.1.Port", "3306", NULL),
               "IllegalParam.ServerType");
  assert_code (sim_rpc (t, V_NLB, "AddServersToServerGroup", &status, "ServerGroupId", sg,
                        "Servers.1.ServerId", "172.16.2.10", "Servers.1.ServerType", "Ip", NULL),
               "IllegalParam.Port");
  assert_code (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP", "ListenerPort", "3306",
                        "LoadBalancerId", lb, "ServerGroupId", sg_udp, NULL),
               "IllegalParam.ServerGroupId");
  assert_code (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "HTTP", "ListenerPort", "3306",
                        "LoadBalancerId", lb, "ServerGroupId", sg, NULL),
               "IllegalParam.ListenerProtocol");
  assert_code (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP", "ListenerPort", "70000",
                        "LoadBalancerId", lb, "ServerGroupId", sg, NULL),
               "InvalidParameter");
  lsn = sim_take_string (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP",
                                  "ListenerPort", "3306", "LoadBalancerId", lb, "ServerGroupId", sg, NULL), "ListenerId");
  json_object_unref (sim_poll_until (t, V_NLB, "GetListenerAttribute", "ListenerId", lsn, "ListenerStatus", "Running"));
  assert_code (sim_rpc (t, V_NLB, "CreateListener", &status, "ListenerProtocol", "TCP", "ListenerPort", "3306",
                        "LoadBalancerId", lb, "ServerGroupId", sg, NULL),
               "Conflict.Port");

  /* A server group used by a listener cannot be deleted. */
  assert_code (sim_rpc (t, V_NLB, "DeleteServerGroup", &status, "ServerGroupId", sg, NULL), "ResourceInUse.serverGroup");

  /* Rollback order: listener, load balancer, server group; each answers with a job. */
  r = sim_rpc (t, V_NLB, "DeleteListener", &status, "ListenerId", lsn, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (sim_poll_until (t, V_NLB, "GetJobStatus", "JobId", json_object_get_string_member (r, "JobId"),
                                     "Status", "Succeeded"));
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "listener"), ==, 0);
  r = sim_rpc (t, V_NLB, "DeleteLoadBalancer", &status, "LoadBalancerId", lb, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_true (sim_iterate_until (no_load_balancers, t->sim, 5000));
  r = sim_rpc (t, V_NLB, "DeleteServerGroup", &status, "ServerGroupId", sg, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (sim_poll_until (t, V_NLB, "GetJobStatus", "JobId", json_object_get_string_member (r, "JobId"),
                                     "Status", "Succeeded"));
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 2);
}

static void
test_client_token (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *a = create_group (t, "lw-sg", "lw-token-1");
  g_autofree char *b = create_group (t, "lw-sg", "lw-token-1");
  g_autofree char *c = create_group (t, "lw-sg", "lw-token-2");
  g_autoptr(JsonNode) state = NULL;
  JsonObject *tokens;

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 2);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 2);
  state = lw_sim_server_dump_state (t->sim);
  tokens = json_object_get_object_member (json_node_get_object (state), "client_tokens");
  g_assert_cmpint (json_object_get_int_member (tokens, "lw-token-1"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (tokens, "lw-token-2"), ==, 1);
  /* Both calls were served and counted. */
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "CreateServerGroup"), ==, 3);
}

static void
test_paging (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = g_strdup ("");
  guint pages = 0, status;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("lw-sg-%u", i);
      g_free (create_group (t, name, NULL));
    }
  do
    {
      JsonObject *r = sim_rpc (t, V_NLB, "ListServerGroups", &status, "RegionId", "cn-hangzhou",
                               "MaxResults", "2", "NextToken", token, NULL);
      JsonArray *groups = json_object_get_array_member (r, "ServerGroups");

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (r, "TotalCount"), ==, 5);
      g_assert_cmpint (json_object_get_int_member (r, "MaxResults"), ==, 2);
      g_assert_cmpuint (json_array_get_length (groups), <=, 2);
      for (guint i = 0; i < json_array_get_length (groups); i++)
        g_hash_table_add (seen, g_strdup (json_object_get_string_member (json_array_get_object_element (groups, i),
                                                                        "ServerGroupId")));
      g_free (token);
      token = g_strdup (json_object_get_string_member (r, "NextToken"));
      json_object_unref (r);
      pages++;
    }
  while (*token && pages < 10);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);

  assert_code (sim_rpc (t, V_NLB, "ListServerGroups", &status, "NextToken", "garbage", NULL), "IllegalParam.NextToken");
  assert_code (sim_rpc (t, V_NLB, "ListServerGroups", &status, "MaxResults", "1000", NULL), "InvalidParameter");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/nlb/state-machines", test_state_machines);
  g_test_add_func ("/sim/nlb/create-failed", test_create_failed);
  g_test_add_func ("/sim/nlb/preconditions", test_preconditions);
  g_test_add_func ("/sim/nlb/client-token", test_client_token);
  g_test_add_func ("/sim/nlb/paging", test_paging);
  return g_test_run ();
}
