/* test-privatelink.c — simulated PrivateLink: service states, whitelist, resources, preconditions
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
active_lb (SimTest *t)
{
  guint status;
  g_autofree char *lb = sim_take_string (sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou",
                                                  "AddressType", "Intranet", "VpcId", VPC,
                                                  "ZoneMappings.1.ZoneId", "cn-hangzhou-i",
                                                  "ZoneMappings.1.VSwitchId", "vsw-bp1demoi000000001",
                                                  "ZoneMappings.2.ZoneId", "cn-hangzhou-j",
                                                  "ZoneMappings.2.VSwitchId", "vsw-bp1demoj000000001", NULL),
                                         "LoadbalancerId");
  json_object_unref (sim_poll_until (t, V_NLB, "GetLoadBalancerAttribute", "LoadBalancerId", lb,
                                     "LoadBalancerStatus", "Active"));
  return g_steal_pointer (&lb);
}

static void
test_service_lifecycle (void)
{
  g_autoptr(SimTest) t = sim_test_new ("demo", 0.6, NULL);
  g_autofree char *lb = active_lb (t);
  g_autofree char *svc = NULL;
  JsonObject *r;
  JsonArray *users;
  guint status;

  r = sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "RegionId", "cn-hangzhou", "ServiceResourceType", "nlb",
               "AutoAcceptEnabled", "false", "ServiceDescription", "Linkwright测试_服务-1",
               "Resource.1.ResourceType", "nlb", "Resource.1.ResourceId", lb, "Resource.1.ZoneId", "cn-hangzhou-i",
               "Resource.2.ResourceType", "nlb", "Resource.2.ResourceId", lb, "Resource.2.ZoneId", "cn-hangzhou-j",
               "ClientToken", "lw-eps-1", NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (r, "ServiceStatus"), ==, "Creating");
  svc = g_strdup (json_object_get_string_member (r, "ServiceId"));
  g_assert_true (g_str_has_prefix (svc, "epsrv-"));
  {
    g_autofree char *name = g_strdup_printf ("com.aliyuncs.privatelink.cn-hangzhou.%s", svc);
    g_assert_cmpstr (json_object_get_string_member (r, "ServiceName"), ==, name);
  }
  json_object_unref (r);

  /* The whitelist needs an Active service. */
  assert_code (sim_rpc (t, V_PL, "AddUserToVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                        "ServiceId", svc, "UserId", "5000000000000001", NULL),
               "EndpointServiceOperationDenied");

  r = sim_poll_until (t, V_PL, "GetVpcEndpointServiceAttribute", "ServiceId", svc, "ServiceStatus", "Active");
  g_assert_false (json_object_get_boolean_member (r, "AutoAcceptEnabled"));
  g_assert_cmpstr (json_object_get_string_member (r, "ServiceDescription"), ==, "Linkwright测试_服务-1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "Zones")), ==, 2);
  g_assert_false (json_object_has_member (r, "_Resources"));
  json_object_unref (r);

  for (guint i = 0; i < 2; i++)
    {
      r = sim_rpc (t, V_PL, "AddUserToVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                   "ServiceId", svc, "UserId", "5000000000000001", NULL);
      g_assert_cmpuint (status, ==, 200);
      json_object_unref (r);
    }
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "endpoint-service-user"), ==, 1);
  assert_code (sim_rpc (t, V_PL, "AddUserToVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                        "ServiceId", svc, "UserId", "not-a-number", NULL),
               "IllegalParam.UserId");

  r = sim_rpc (t, V_PL, "ListVpcEndpointServiceUsers", &status, "RegionId", "cn-hangzhou", "ServiceId", svc, NULL);
  users = json_object_get_array_member (r, "Users");
  g_assert_cmpuint (json_array_get_length (users), ==, 1);
  /* UserId is an integer in the API; TotalCount a string. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (users, 0), "UserId"), ==, 5000000000000001);
  g_assert_cmpstr (json_object_get_string_member (r, "TotalCount"), ==, "1");
  json_object_unref (r);
  r = sim_rpc (t, V_PL, "ListVpcEndpointServiceUsers", &status, "RegionId", "cn-hangzhou", "ServiceId", svc,
               "UserListType", "UserARNs", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (r, "UserARNs"), 0), "UserARN"), ==, "acs:ram:*:5000000000000001:*");
  json_object_unref (r);

  r = sim_rpc (t, V_PL, "ListVpcEndpointServiceResources", &status, "RegionId", "cn-hangzhou", "ServiceId", svc, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "Resources")), ==, 2);
  json_object_unref (r);

  r = sim_rpc (t, V_PL, "RemoveUserFromVpcEndpointService", &status, "RegionId", "cn-hangzhou",
               "ServiceId", svc, "UserId", "5000000000000001", NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "endpoint-service-user"), ==, 0);

  /* The load balancer behind a service cannot go first. */
  assert_code (sim_rpc (t, V_NLB, "DeleteLoadBalancer", &status, "LoadBalancerId", lb, NULL),
               "ResourceInUse.loadBalancer");
  r = sim_rpc (t, V_PL, "DeleteVpcEndpointService", &status, "RegionId", "cn-hangzhou", "ServiceId", svc, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_poll_until (t, V_PL, "GetVpcEndpointServiceAttribute", "ServiceId", svc, "Code", "EndpointServiceNotFound");
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "endpoint-service"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "endpoint-service"), ==, 1);
}

static void
test_preconditions (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *lb = active_lb (t);
  SimRpcOpts restricted = { .key_id = "LWRESTRICTEDKEY1", .secret = "lw-restricted-access-key-secret" };
  const char *dry[] = { "RegionId", "cn-hangzhou", "ServiceResourceType", "nlb", "DryRun", "true", NULL };
  JsonObject *r;
  guint status;

  r = sim_rpc (t, V_PL, "CheckProductOpen", &status, NULL);
  g_assert_true (json_object_get_boolean_member (r, "Success"));
  json_object_unref (r);
  assert_code (sim_rpc (t, V_PL, "OpenPrivateLinkService", &status, NULL), "ORDER.OPEND");

  assert_code (sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "ServiceResourceType", "nlb", NULL),
               "MissingParam.RegionId");
  assert_code (sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                        "ServiceResourceType", "ftp", NULL),
               "IllegalParam.ServiceResourceType");
  assert_code (sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                        "ServiceResourceType", "nlb", "Resource.1.ResourceType", "nlb",
                        "Resource.1.ResourceId", "nlb-missing", "Resource.1.ZoneId", "cn-hangzhou-i", NULL),
               "EndpointServiceResourceNotFound");
  assert_code (sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "RegionId", "cn-hangzhou",
                        "ServiceResourceType", "nlb", "Resource.1.ResourceType", "nlb",
                        "Resource.1.ResourceId", lb, "Resource.1.ZoneId", "cn-hangzhou-h", NULL),
               "IllegalParam.ZoneId");
  assert_code (sim_rpc (t, V_PL, "GetVpcEndpointServiceAttribute", &status, "RegionId", "cn-hangzhou",
                        "ServiceId", "epsrv-missing", NULL),
               "EndpointServiceNotFound");
  assert_code (sim_rpc_full (t, NULL, V_PL, "CreateVpcEndpointService", &status, dry), "DryRunOperation");
  assert_code (sim_rpc_full (t, &restricted, V_PL, "CreateVpcEndpointService", &status, dry), "Forbidden.RAM");
  assert_code (sim_rpc (t, V_PL, "EnableVpcEndpointConnection", &status, "RegionId", "cn-hangzhou",
                        "ServiceId", "epsrv-missing", "EndpointId", "ep-x", NULL),
               "EndpointServiceNotFound");
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "endpoint-service"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/privatelink/service-lifecycle", test_service_lifecycle);
  g_test_add_func ("/sim/privatelink/preconditions", test_preconditions);
  return g_test_run ();
}
