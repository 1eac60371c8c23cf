/* test-ecs.c — simulated ECS 2014-05-26: instances (filters, both paging styles, DryRun), security
 * group attribute, AuthorizeSecurityGroup / RevokeSecurityGroup (documented rules, duplicates,
 * ClientToken idempotency, the live count), errors and RAM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"

#define SG_HAPPY "sg-bp1demoecsmysql01"
#define SG_FIX   "sg-bp1demoecsnorule1"

static void
expect_error (SimTest            *t,
              const char         *action,
              const char * const *params,
              guint               want_status,
              const char         *want_code)
{
  guint status = 0;
  g_autoptr(JsonObject) r = sim_rpc_full (t, NULL, V_ECS, action, &status, params);

  g_assert_cmpstr (sim_code (r), ==, want_code);
  g_assert_cmpuint (status, ==, want_status);
  g_assert_true (json_object_has_member (r, "RequestId"));
  g_assert_cmpstr (json_object_get_string_member (r, "HostId"), ==, "ecs.aliyuncs.com");
  g_assert_true (json_object_has_member (r, "Message"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "Recommend"), want_code));
}

static JsonArray *
instances_of (JsonObject *r)
{
  return json_object_get_array_member (json_object_get_object_member (r, "Instances"), "Instance");
}

static void
test_instances (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) all = NULL, some = NULL, p1 = NULL, p2 = NULL, tok1 = NULL, tok2 = NULL, running = NULL;
  JsonObject *inst, *vpc;
  guint status;

  all = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (instances_of (all)), ==, 4);
  g_assert_cmpint (json_object_get_int_member (all, "TotalCount"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (all, "PageSize"), ==, 10);
  inst = json_array_get_object_element (instances_of (all), 0);
  g_assert_cmpstr (json_object_get_string_member (inst, "InstanceId"), ==, "i-bp1demomysqlecs01");
  g_assert_cmpstr (json_object_get_string_member (inst, "InstanceNetworkType"), ==, "vpc");
  g_assert_cmpstr (json_object_get_string_member (inst, "Status"), ==, "Running");
  vpc = json_object_get_object_member (inst, "VpcAttributes");
  g_assert_cmpstr (json_object_get_string_member (vpc, "VpcId"), ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (json_object_get_string_member (vpc, "VSwitchId"), ==, "vsw-bp1demoi000000001");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (vpc, "PrivateIpAddress"), "IpAddress"), 0), ==, "172.16.2.60");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (inst, "SecurityGroupIds"), "SecurityGroupId"), 0), ==, SG_HAPPY);

  /* InstanceIds is a JSON array; an unknown ID is simply absent. */
  some = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou",
                  "InstanceIds", "[\"i-bp1demomysqlecs02\",\"i-doesnotexist000001\"]", NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (some)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (instances_of (some), 0), "InstanceId"),
                   ==, "i-bp1demomysqlecs02");
  running = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", "Status", "Running",
                     "InstanceNetworkType", "vpc", "VpcId", "vpc-bp1demo000000000001", NULL);
  g_assert_cmpint (json_object_get_int_member (running, "TotalCount"), ==, 2);

  /* PageNumber/PageSize. */
  p1 = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", "PageSize", "3", NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (p1)), ==, 3);
  p2 = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", "PageSize", "3", "PageNumber", "2", NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (p2)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (p2, "PageNumber"), ==, 2);
  /* NextToken/MaxResults. */
  tok1 = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", "MaxResults", "3", NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (tok1)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (tok1, "NextToken"), !=, "");
  tok2 = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "cn-hangzhou", "MaxResults", "3",
                  "NextToken", json_object_get_string_member (tok1, "NextToken"), NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (tok2)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (tok2, "NextToken"), ==, "");

#define DI(...) (const char *[]) { "RegionId", "cn-hangzhou", __VA_ARGS__, NULL }
  expect_error (t, "DescribeInstances", DI ("PageSize", "101"), 400, "InvalidParameter");
  expect_error (t, "DescribeInstances", DI ("MaxResults", "101"), 400, "InvalidParameter");
  expect_error (t, "DescribeInstances", DI ("NextToken", "garbage"), 400, "IllegalParam.NextToken");
  expect_error (t, "DescribeInstances", DI ("InstanceIds", "i-bp1demomysqlecs01"), 400, "InvalidInstanceIds.Malformed");
  expect_error (t, "DescribeInstances", DI ("Status", "running"), 400, "IllegalParam.Status");
  expect_error (t, "DescribeInstances", DI ("InstanceNetworkType", "VPC"), 400, "IllegalParam.InstanceNetworkType");
  expect_error (t, "DescribeInstances", DI ("DryRun", "true"), 400, "DryRunOperation");
#undef DI
}

static JsonArray *
rules_of (SimTest    *t,
          const char *sg,
          JsonObject **holder)
{
  guint status;

  *holder = sim_rpc (t, V_ECS, "DescribeSecurityGroupAttribute", &status, "RegionId", "cn-hangzhou",
                     "SecurityGroupId", sg, "Direction", "ingress", NULL);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_array_member (json_object_get_object_member (*holder, "Permissions"), "Permission");
}

static void
test_security_group_attribute (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) r = NULL;
  JsonArray *rules = rules_of (t, SG_HAPPY, &r);
  JsonObject *rule = json_array_get_object_element (rules, 0);

  g_assert_cmpuint (json_array_get_length (rules), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (r, "VpcId"), ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (json_object_get_string_member (rule, "IpProtocol"), ==, "TCP");
  g_assert_cmpstr (json_object_get_string_member (rule, "PortRange"), ==, "3306/3306");
  g_assert_cmpstr (json_object_get_string_member (rule, "SourceCidrIp"), ==, "172.16.0.0/16");
  g_assert_cmpstr (json_object_get_string_member (rule, "Policy"), ==, "Accept");
  /* Priority is a string in the model. */
  g_assert_cmpstr (json_object_get_string_member (rule, "Priority"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (rule, "Direction"), ==, "ingress");

#define SGA(...) (const char *[]) { "RegionId", "cn-hangzhou", __VA_ARGS__, NULL }
  expect_error (t, "DescribeSecurityGroupAttribute", SGA ("SecurityGroupId", "sg-doesnotexist0001"), 404,
                "InvalidSecurityGroupId.NotFound");
  expect_error (t, "DescribeSecurityGroupAttribute",
                (const char *[]) { "RegionId", "cn-shanghai", "SecurityGroupId", SG_HAPPY, NULL }, 404,
                "InvalidSecurityGroupId.NotFound");
  expect_error (t, "DescribeSecurityGroupAttribute", SGA ("SecurityGroupId", SG_HAPPY, "Direction", "in"), 400,
                "IllegalParam.Direction");
  expect_error (t, "DescribeSecurityGroupAttribute", SGA ("SecurityGroupId", SG_HAPPY, "MaxResults", "5"), 400,
                "InvalidParameter");
  expect_error (t, "DescribeSecurityGroupAttribute", SGA ("Direction", "all"), 400, "MissingParam.SecurityGroupId");
#undef SGA
}

#define AUTH(...) (const char *[]) { "RegionId", "cn-hangzhou", "SecurityGroupId", SG_FIX, __VA_ARGS__, NULL }
#define PERM(proto, range, cidr) "Permissions.1.IpProtocol", proto, "Permissions.1.PortRange", range, \
                                 "Permissions.1.SourceCidrIp", cidr

static void
test_authorize_revoke (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) before = NULL, after = NULL, again = NULL, gone = NULL;
  g_autoptr(GString) long_desc = g_string_new (NULL);
  const char *rule_id = NULL;
  JsonArray *rules;
  JsonObject *r;
  guint status;

  rules = rules_of (t, SG_FIX, &before);
  g_assert_cmpuint (json_array_get_length (rules), ==, 1);

  /* Two permissions in one call, with a ClientToken: the answer is only a RequestId. */
  r = sim_rpc_full (t, NULL, V_ECS, "AuthorizeSecurityGroup", &status,
                    AUTH ("ClientToken", "lw-ecs-token-1", PERM ("TCP", "3306/3306", "172.16.2.0/24"),
                          "Permissions.1.Policy", "accept", "Permissions.1.Priority", "1",
                          "Permissions.1.Description", "lw-test-rule", "Permissions.1.NicType", "intranet",
                          "Permissions.2.IpProtocol", "tcp", "Permissions.2.PortRange", "3306/3306",
                          "Permissions.2.SourceCidrIp", "172.16.3.0/24", "Permissions.2.Description", "lw-test-rule"));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_object_get_size (r), ==, 1);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 2);
  rules = rules_of (t, SG_FIX, &after);
  g_assert_cmpuint (json_array_get_length (rules), ==, 3);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      if (g_strcmp0 (json_object_get_string_member (rule, "SourceCidrIp"), "172.16.3.0/24") == 0)
        {
          rule_id = json_object_get_string_member (rule, "SecurityGroupRuleId");
          g_assert_cmpstr (json_object_get_string_member (rule, "Description"), ==, "lw-test-rule");
          g_assert_cmpstr (json_object_get_string_member (rule, "IpProtocol"), ==, "TCP");
          g_assert_cmpstr (json_object_get_string_member (rule, "Policy"), ==, "Accept");
        }
    }
  g_assert_true (g_str_has_prefix (rule_id, "sgr-"));

  /* The same ClientToken: the same answer, nothing created. An identical rule without a token:
   * success, nothing added (the reference). */
  r = sim_rpc_full (t, NULL, V_ECS, "AuthorizeSecurityGroup", &status,
                    AUTH ("ClientToken", "lw-ecs-token-1", PERM ("TCP", "3306/3306", "172.16.2.0/24")));
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc_full (t, NULL, V_ECS, "AuthorizeSecurityGroup", &status,
                    AUTH (PERM ("TCP", "3306/3306", "172.16.2.0/24"), "Permissions.1.Description", "other"));
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 2);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "ecs-security-rule"), ==, 2);

  /* Revoke by ID (with a token, idempotent), then by the rule's parameters. */
  r = sim_rpc_full (t, NULL, V_ECS, "RevokeSecurityGroup", &status,
                    AUTH ("ClientToken", "lw-ecs-revoke-1", "SecurityGroupRuleId.1", rule_id));
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc_full (t, NULL, V_ECS, "RevokeSecurityGroup", &status,
                    AUTH ("ClientToken", "lw-ecs-revoke-1", "SecurityGroupRuleId.1", rule_id));
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  expect_error (t, "RevokeSecurityGroup", AUTH ("SecurityGroupRuleId.1", rule_id), 404,
                "InvalidSecurityGroupRuleId.NotFound");
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 1);
  r = sim_rpc_full (t, NULL, V_ECS, "RevokeSecurityGroup", &status,
                    AUTH (PERM ("TCP", "3306/3306", "172.16.2.0/24"), "Permissions.1.Policy", "Accept"));
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 0);
  rules = rules_of (t, SG_FIX, &gone);
  g_assert_cmpuint (json_array_get_length (rules), ==, 1);

  /* The documented rules. */
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("SCTP", "3306/3306", "10.0.0.0/8")), 400,
                "InvalidIpProtocol.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306", "10.0.0.0/8")), 400, "InvalidPortRange.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "0/3306", "10.0.0.0/8")), 400, "InvalidPortRange.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3307/3306", "10.0.0.0/8")), 400,
                "InvalidPortRange.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "1/65536", "10.0.0.0/8")), 400,
                "InvalidPortRange.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("ALL", "1/65535", "10.0.0.0/8")), 400,
                "InvalidPortRange.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/40")), 400,
                "InvalidSourceCidrIp.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.Policy", "allow"),
                400, "InvalidPolicy.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.Priority", "101"),
                400, "InvalidPriority.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.Priority", "0"),
                400, "InvalidPriority.Malformed");
  expect_error (t, "AuthorizeSecurityGroup",
                AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.Description", "https://example.com"),
                400, "InvalidDescription.Malformed");
  for (guint i = 0; i < 513; i++)
    g_string_append_c (long_desc, 'd');
  expect_error (t, "AuthorizeSecurityGroup",
                AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.Description", long_desc->str),
                400, "InvalidDescription.Malformed");
  expect_error (t, "AuthorizeSecurityGroup", AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8"), "Permissions.1.NicType", "internet"),
                400, "InvalidNicType.ValueNotSupported");
  expect_error (t, "AuthorizeSecurityGroup", AUTH ("ClientToken", "x"), 400, "MissingParam.Permissions");
  expect_error (t, "AuthorizeSecurityGroup",
                (const char *[]) { "RegionId", "cn-hangzhou", "SecurityGroupId", "sg-doesnotexist0001",
                                   PERM ("TCP", "3306/3306", "10.0.0.0/8"), NULL },
                404, "InvalidSecurityGroupId.NotFound");
  expect_error (t, "RevokeSecurityGroup", AUTH ("ClientToken", "y"), 400, "MissingParam.Permissions");
  /* Nothing of the refused calls was created. */
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "ecs-security-rule"), ==, 2);
}

static void
test_ram_and_signature (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts limited = { .key_id = "LWECSREADONLY001", .secret = "lw-ecs-read-secret" };
  SimRpcOpts tampered = { .tamper = TRUE };
  SimRpcOpts v1_query = { .v1 = TRUE };
  g_autoptr(GError) error = NULL;
  JsonObject *r;
  guint status;

  g_assert_true (lw_sim_server_add_key_with_policy (t->sim, "LWECSREADONLY001", "lw-ecs-read-secret",
                                                    "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                                                    "\"Action\":[\"ecs:DescribeInstances\","
                                                    "\"ecs:DescribeSecurityGroupAttribute\"],\"Resource\":\"*\"}]}",
                                                    NULL, &error));
  g_assert_no_error (error);
  r = sim_rpc_full (t, &limited, V_ECS, "DescribeInstances", &status,
                    (const char *[]) { "RegionId", "cn-hangzhou", "DryRun", "true", NULL });
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
  r = sim_rpc_full (t, &limited, V_ECS, "AuthorizeSecurityGroup", &status,
                    AUTH (PERM ("TCP", "3306/3306", "10.0.0.0/8")));
  g_assert_cmpuint (status, ==, 403);
  g_assert_nonnull (strstr (json_object_get_string_member (r, "AccessDeniedDetail"), "ecs:AuthorizeSecurityGroup"));
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 0);

  r = sim_rpc_full (t, &tampered, V_ECS, "DescribeInstances", &status,
                    (const char *[]) { "RegionId", "cn-hangzhou", NULL });
  g_assert_cmpstr (sim_code (r), ==, "SignatureDoesNotMatch");
  json_object_unref (r);
  r = sim_rpc_full (t, &v1_query, V_ECS, "DescribeInstances", &status, (const char *[]) { "RegionId", "cn-hangzhou", NULL });
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
}

static void
test_default_world (void)
{
  g_autoptr(SimTest) t = sim_test_new_world ("instant", 1.0, NULL);
  g_autoptr(JsonObject) r = NULL, sg = NULL;
  guint status;

  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "ecs-instance-id"), ==, "i-t4ndemomysqlecs01");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "ecs-instance-id-fix"), ==, "i-t4ndemomysqlecs02");
  r = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "ap-southeast-1",
               "InstanceIds", "[\"i-t4ndemomysqlecs01\"]", NULL);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (
                     json_object_get_object_member (json_array_get_object_element (instances_of (r), 0), "VpcAttributes"),
                     "PrivateIpAddress"), "IpAddress"), 0), ==, "192.168.1.50");
  g_assert_true (lw_sim_server_move_source (t->sim, "i-t4ndemomysqlecs01", "192.168.1.99"));
  g_clear_pointer (&r, json_object_unref);
  r = sim_rpc (t, V_ECS, "DescribeInstances", &status, "RegionId", "ap-southeast-1", "PrivateIpAddresses",
               "[\"192.168.1.99\"]", NULL);
  g_assert_cmpuint (json_array_get_length (instances_of (r)), ==, 1);
  sg = sim_rpc (t, V_ECS, "DescribeSecurityGroupAttribute", &status, "RegionId", "ap-southeast-1",
                "SecurityGroupId", "sg-t4ndemoecsnorule1", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (sg, "Permissions"),
                                                                         "Permission")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/ecs/instances", test_instances);
  g_test_add_func ("/sim/ecs/security-group-attribute", test_security_group_attribute);
  g_test_add_func ("/sim/ecs/authorize-revoke", test_authorize_revoke);
  g_test_add_func ("/sim/ecs/ram-and-signature", test_ram_and_signature);
  g_test_add_func ("/sim/ecs/default-world", test_default_world);
  return g_test_run ();
}
