/* test-policy.c — per-key RAM policies: POST /_sim/keys and the allow-list evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"

static const char *sg_dry[] = { "RegionId", "cn-hangzhou", "ServerGroupName", "lw-dry", "VpcId",
                                "vpc-bp1demo000000000001", "DryRun", "true", NULL };
static const char *reads[] = { "RegionId", "cn-hangzhou", NULL };

static guint
status_of (SimTest *t, const SimRpcOpts *o, const char *version, const char *action, const char **params,
           char **detail)
{
  guint status = 0;
  JsonObject *r = sim_rpc_full (t, o, version, action, &status, params);

  if (detail != NULL)
    *detail = g_strdup (json_object_get_string_member_with_default (r, "AccessDeniedDetail", ""));
  if (status == 403)
    g_assert_cmpstr (sim_code (r), ==, "Forbidden.RAM");
  json_object_unref (r);
  return status;
}

static void
test_admin_key (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts key = { .key_id = "LWPOLICYSIM00001", .secret = "lw-policy-sim-secret" };
  const char *body = "{\"id\":\"LWPOLICYSIM00001\",\"secret\":\"lw-policy-sim-secret\",\"policy\":{\"Version\":\"1\","
                     "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"nlb:List*\",\"rds:DescribeRegions\"],"
                     "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"PRIVATELINK:*\",\"Resource\":\"*\"},"
                     "{\"Effect\":\"Deny\",\"Action\":\"privatelink:OpenPrivateLinkService\",\"Resource\":\"*\"}]}}";
  g_autofree char *detail = NULL;
  JsonObject *r;
  guint status;

  r = sim_admin (t, "POST", "/_sim/keys", body, &status);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  /* The same ID again: 409; a policy that is not a document: 400. */
  r = sim_admin (t, "POST", "/_sim/keys", body, &status);
  g_assert_cmpuint (status, ==, 409);
  json_object_unref (r);
  r = sim_admin (t, "POST", "/_sim/keys", "{\"id\":\"LWPOLICYSIM00002\",\"secret\":\"s\",\"policy\":{\"Statement\":7}}",
                 &status);
  g_assert_cmpuint (status, ==, 400);
  json_object_unref (r);

  /* Wildcard "nlb:List*" allows ListServerGroups, not CreateServerGroup (not even its DryRun). */
  g_assert_cmpuint (status_of (t, &key, V_NLB, "ListServerGroups", reads, NULL), ==, 200);
  g_assert_cmpuint (status_of (t, &key, V_NLB, "CreateServerGroup", sg_dry, &detail), ==, 403);
  g_assert_nonnull (strstr (detail, "nlb:CreateServerGroup"));
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 0);
  /* Case-insensitive product wildcard, and a Deny wins over it. */
  g_assert_cmpuint (status_of (t, &key, V_PL, "CheckProductOpen", reads, NULL), ==, 200);
  g_assert_cmpuint (status_of (t, &key, V_PL, "OpenPrivateLinkService", reads, NULL), ==, 403);
  g_assert_cmpuint (status_of (t, &key, V_RDS, "DescribeRegions", NULL, NULL), ==, 200);
  g_assert_cmpuint (status_of (t, &key, V_RDS, "DescribeDBInstances", reads, NULL), ==, 403);
  /* GetCallerIdentity needs no permission; the key is a RAM user. */
  r = sim_rpc_full (t, &key, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (r, "IdentityType"), ==, "RAMUser");
  json_object_unref (r);

  /* Reset goes back to the seed world: the added key is gone. */
  lw_sim_server_reset (t->sim);
  r = sim_rpc_full (t, &key, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidAccessKeyId.NotFound");
  json_object_unref (r);
}

static void
test_c_api (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts key = { .key_id = "LWPOLICYSIM00003", .secret = "lw-policy-sim-secret" };
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_sim_server_add_key_with_policy (t->sim, key.key_id, key.secret,
                                                    "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                                                    "\"Action\":\"nlb:CreateServerGroup\",\"Resource\":\"*\"}]}",
                                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status_of (t, &key, V_NLB, "CreateServerGroup", sg_dry, NULL), ==, 400); /* DryRunOperation */
  g_assert_cmpuint (status_of (t, &key, V_NLB, "ListServerGroups", reads, NULL), ==, 403);
  g_assert_false (lw_sim_server_add_key_with_policy (t->sim, "LWPOLICYSIM00004", "s", "[1]", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/policy/admin-key", test_admin_key);
  g_test_add_func ("/sim/policy/c-api", test_c_api);
  return g_test_run ();
}
