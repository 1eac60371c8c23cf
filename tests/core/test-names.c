/* test-names.c — every name and description Linkwright generates meets data/api-string-rules.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-core.h"

/* Setup inputs as they may reach the generators (the RDS instance ID and the setup ID come from the
 * cloud, the list, or a hand-edited state file). */
static const char *inputs[][2] = {
  { "rm-bp1demomysql0001", "0a1b2c3d" },
  { NULL, "0a1b2c3d" },
  { "", "" },
  { "rm-" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ffffffff" },
  { "实例-测试", "0a1b2c3d" },
  { "rm: \"x\" (y) ${z}\n#", "id with spaces" },
  { "rm-bp1", "aliyun-setup" },
  { "RM_UPPER.case", "ACS:0A1B" },
  { "-", "-" },
  { "rm-bp1demomysql0001", "https://example.invalid/x" },
};

static void
assert_ok (const char *api, const char *action, const char *parameter, const char *value)
{
  g_autofree char *message = NULL;

  if (!lw_string_rules_check (api, action, parameter, value, &message))
    g_error ("%s %s %s = \"%s\": %s", api, action, parameter, value, message);
}

static void
test_names_generated_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *name = lw_names_setup_name (inputs[i][0], inputs[i][1]);
      g_autofree char *description = lw_names_service_description (name);
      g_autofree char *group = lw_names_whitelist_group (inputs[i][1]);
      g_autofree char *tag = lw_names_tag_value (inputs[i][1]);
      g_autofree char *polar_group = lw_names_polardb_whitelist_group (inputs[i][1]);
      g_autofree char *again = lw_names_setup_name (inputs[i][0], inputs[i][1]);

      g_test_message ("%s / %s → %s, %s, %s, %s", inputs[i][0], inputs[i][1], name, description, group, tag);
      assert_ok ("nlb", "CreateServerGroup", "ServerGroupName", name);
      assert_ok ("nlb", "CreateLoadBalancer", "LoadBalancerName", name);
      assert_ok ("nlb", "CreateListener", "ListenerDescription", name);
      assert_ok ("tidb", "CreatePrivateLinkConnection", "displayName", name);
      assert_ok ("privatelink", "CreateVpcEndpointService", "ServiceDescription", description);
      assert_ok ("rds", "ModifySecurityIps", "DBInstanceIPArrayName", group);
      /* PolarDB 2017-08-01 ModifyDBClusterAccessWhitelist: DBClusterIPArrayName 2..120 characters, lower-case
       * letters and digits, a letter first, a letter or digit last (the API reference). */
      assert_ok ("polardb", "ModifyDBClusterAccessWhitelist", "DBClusterIPArrayName", polar_group);
      g_assert_true (g_regex_match_simple ("^[a-z][a-z0-9]{0,118}[a-z0-9]$", polar_group, 0, 0));
      /* ECS 2014-05-26 AuthorizeSecurityGroup: Permissions.N.Description 1..512 characters, no http(s):// start;
       * the rule's description is the setup name. */
      assert_ok ("ecs", "AuthorizeSecurityGroup", "Permissions.1.Description", name);
      g_assert_true (strlen (name) >= 1 && strlen (name) <= 512);
      g_assert_false (g_str_has_prefix (name, "http://") || g_str_has_prefix (name, "https://"));
      for (guint k = 0; k < 3; k++)
        {
          const char *action = (const char *[]) { "CreateServerGroup", "CreateLoadBalancer", "CreateListener" }[k];
          assert_ok ("nlb", action, "Tag.2.Key", "linkwright-setup");
          assert_ok ("nlb", action, "Tag.2.Value", tag);
          assert_ok ("nlb", action, "Tag.1.Key", "created-by");
          assert_ok ("nlb", action, "Tag.1.Value", "linkwright");
        }
      assert_ok ("privatelink", "CreateVpcEndpointService", "Tag.2.Value", tag);
      /* ASCII only, and stable: the same input always gives the same name (resume finds it again). */
      for (const char *p = name; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-');
      g_assert_cmpstr (name, ==, again);
      g_assert_cmpuint (strlen (name), <=, LW_NAMES_MAX_LENGTH);
    }
  assert_ok ("nlb", "AddServersToServerGroup", "Servers.1.Description", lw_names_backend_description ());
}

static void
test_names_unchanged_when_valid (void)
{
  g_autofree char *name = lw_names_setup_name ("rm-bp1demomysql0001", "0a1b2c3d");
  g_autofree char *group = lw_names_whitelist_group ("0a1b2c3d");

  /* Existing setups keep their names (resume and rollback look resources up by them). */
  g_assert_cmpstr (name, ==, "lw-rm-bp1demomysql0001-0a1b2c3d");
  g_assert_cmpstr (group, ==, "lw_0a1b2c3d");
  {
    g_autofree char *polar = lw_names_polardb_whitelist_group ("0a1b2c3d");
    g_autofree char *polar_odd = lw_names_polardb_whitelist_group ("0A_1b");
    g_autofree char *polar_odd2 = lw_names_polardb_whitelist_group ("0a-1b");

    g_assert_cmpstr (polar, ==, "lw0a1b2c3d");
    /* Characters dropped: the hash keeps two such ids apart. */
    g_assert_cmpstr (polar_odd, !=, polar_odd2);
  }
}

static void
test_names_distinct_when_changed (void)
{
  g_autofree char *a = lw_names_setup_name ("实例一", "0a1b2c3d");
  g_autofree char *b = lw_names_setup_name ("实例二", "0a1b2c3d");
  g_autofree char *l1 = lw_names_setup_name ("rm-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "x");
  g_autofree char *l2 = lw_names_setup_name ("rm-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "x");

  /* Both become "lw-<hash>"-style names: the hash of the full value keeps them apart. */
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (l1, !=, l2);
  g_assert_cmpuint (strlen (l1), ==, LW_NAMES_MAX_LENGTH);
}

/* The table refuses what issue 16 found, so the checks above can fail. */
static void
test_names_table_refuses (void)
{
  g_autofree char *message = NULL;

  g_assert_cmpuint (lw_string_rules_count (), >=, 12);
  g_assert_false (lw_string_rules_check ("nlb", "AddServersToServerGroup", "Servers.3.Description",
                                         "Linkwright: RDS MySQL private address", &message));
  g_assert_nonnull (strstr (message, "Servers.3.Description"));
  g_clear_pointer (&message, g_free);
  g_assert_false (lw_string_rules_check ("privatelink", "CreateVpcEndpointService", "ServiceDescription",
                                         "x (created by Linkwright for TiDB Cloud)", &message));
  g_clear_pointer (&message, g_free);
  g_assert_false (lw_string_rules_check ("nlb", "CreateServerGroup", "ServerGroupName", "1abc", &message));
  g_clear_pointer (&message, g_free);
  g_assert_false (lw_string_rules_check ("tidb", "CreatePrivateLinkConnection", "displayName",
                                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &message));
  /* Another action, or a parameter without a rule: nothing to check. */
  g_assert_true (lw_string_rules_check ("nlb", "ListServerGroups", "ServerGroupName", "1abc", NULL));
  g_assert_true (lw_string_rules_check ("nlb", "CreateServerGroup", "VpcId", "", NULL));
}

static void
test_names_input_gate (void)
{
  g_autofree char *message = NULL;

  g_assert_true (lw_names_check_rds_instance_id ("rm-bp1demomysql0001", NULL));
  g_assert_false (lw_names_check_rds_instance_id ("rm-实例", &message));
  g_assert_nonnull (strstr (message, "RDS instance ID"));
  g_assert_false (lw_names_check_rds_instance_id ("RM-UPPER", NULL));
  g_assert_false (lw_names_check_rds_instance_id ("", NULL));
  g_assert_false (lw_names_check_rds_instance_id (NULL, NULL));
  g_assert_false (lw_names_check_rds_instance_id ("rm-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/names/generated-valid", test_names_generated_valid);
  g_test_add_func ("/core/names/unchanged-when-valid", test_names_unchanged_when_valid);
  g_test_add_func ("/core/names/distinct-when-changed", test_names_distinct_when_changed);
  g_test_add_func ("/core/names/table-refuses", test_names_table_refuses);
  g_test_add_func ("/core/names/input-gate", test_names_input_gate);
  return g_test_run ();
}
