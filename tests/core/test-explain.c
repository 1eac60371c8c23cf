/* test-explain.c — the permission hint (Forbidden.RAM) names the system policy of the source kind and
 * step whose call was refused: the write step of each kind, a source product's read call, the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-engine-private.h"

static char *
explain_forbidden (const char *step_id, const char *action)
{
  g_autoptr(GError) error = lw_cloud_error_new_api (403, "Forbidden.RAM", "User not authorized.", "r-1");

  if (action != NULL)
    lw_cloud_error_set_action (error, action);
  return lw_explain_error (step_id, error);
}

static void
assert_has (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("\"%s\" does not name %s", text, part);
}

static void
assert_lacks (const char *text, const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("\"%s\" names %s", text, part);
}

static void
test_forbidden_per_kind (void)
{
  g_autofree char *polardb_read = explain_forbidden (LW_STEP_LOAD_BALANCER, "DescribeDBClusterEndpoints");
  g_autofree char *ecs_read = explain_forbidden (LW_STEP_LOAD_BALANCER, "DescribeSecurityGroupAttribute");
  g_autofree char *polardb_write = explain_forbidden (LW_STEP_POLARDB_WHITELIST, "ModifyDBClusterAccessWhitelist");
  g_autofree char *ecs_write = explain_forbidden (LW_STEP_ECS_SECURITY_RULE, "AuthorizeSecurityGroup");
  g_autofree char *rds_write = explain_forbidden (LW_STEP_RDS_WHITELIST, "ModifySecurityIps");
  g_autofree char *nlb = explain_forbidden (LW_STEP_LOAD_BALANCER, "CreateLoadBalancer");
  g_autofree char *unknown = explain_forbidden (LW_STEP_LOAD_BALANCER, NULL);

  assert_has (polardb_read, "AliyunPolardbReadOnlyAccess");
  assert_lacks (polardb_read, "AliyunRDSReadOnlyAccess");
  assert_has (ecs_read, "AliyunECSReadOnlyAccess");
  assert_lacks (ecs_read, "AliyunRDSReadOnlyAccess");
  /* The read-only policies do not allow the writes of the opt-in steps. */
  assert_has (polardb_write, "polardb:ModifyDBClusterAccessWhitelist");
  assert_lacks (polardb_write, "ReadOnlyAccess");
  assert_has (ecs_write, "ecs:AuthorizeSecurityGroup");
  assert_lacks (ecs_write, "ReadOnlyAccess");
  assert_has (rds_write, "rds:ModifySecurityIps");
  assert_lacks (rds_write, "ReadOnlyAccess");
  /* The NLB's own calls: its policy, PrivateLink's and each kind's read-only policy. */
  assert_has (nlb, "AliyunNLBFullAccess");
  assert_has (nlb, "AliyunRDSReadOnlyAccess");
  assert_has (nlb, "AliyunPolardbReadOnlyAccess");
  assert_has (nlb, "AliyunECSReadOnlyAccess");
  g_assert_cmpstr (unknown, ==, nlb);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/explain/forbidden-per-kind", test_forbidden_per_kind);
  return g_test_run ();
}
