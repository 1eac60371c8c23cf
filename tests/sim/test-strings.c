/* test-strings.c — the simulator refuses every violation of data/api-string-rules.json with the
 * rule's error code (issue 16), and accepts what Linkwright generates.
 *
 * The table is read from the source tree (LW_SOURCE_ROOT), the same file the simulator compiles in;
 * for every rule two bad values are sent: one longer than max_length and one with a character outside
 * the allowed set (rules that allow every printable character get a control character or a reserved
 * prefix instead).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim-test-util.h"

#define VPC "vpc-bp1demo000000000001"
#define PLC_PATH "/v1beta1/clusters/10000000000000000001/privateLinkConnections"

/* Parameters every action needs besides the one under test (the required ones come first in the
 * simulator, as on the real gateway). */
static const char *const *
base_params (const char *action)
{
  static const char *const sg[] = { "RegionId", "cn-hangzhou", "ServerGroupName", "lw-sg", "VpcId", VPC,
                                    "ServerGroupType", "Ip", "DryRun", "true", NULL };
  static const char *const add[] = { "RegionId", "cn-hangzhou", "ServerGroupId", "sgp-missing", "Servers.1.ServerId",
                                     "172.16.2.10", "Servers.1.ServerType", "Ip", "Servers.1.ServerIp", "172.16.2.10",
                                     "Servers.1.Port", "3306", "DryRun", "true", NULL };
  static const char *const lb[] = { "RegionId", "cn-hangzhou", "AddressType", "Intranet", "VpcId", VPC,
                                    "DryRun", "true", NULL };
  static const char *const lsn[] = { "RegionId", "cn-hangzhou", "ListenerProtocol", "TCP", "ListenerPort", "3306",
                                     "LoadBalancerId", "nlb-missing", "ServerGroupId", "sgp-missing", "DryRun", "true", NULL };
  static const char *const eps[] = { "RegionId", "cn-hangzhou", "ServiceResourceType", "nlb", "DryRun", "true", NULL };
  static const char *const ips[] = { "DBInstanceId", "rm-bp1demomysql0001", "SecurityIps", "172.16.2.0/24",
                                     "DBInstanceIPArrayName", "lw_test", "DryRun", "true", NULL };

  static const char *const polar[] = { "DBClusterId", "pc-bp1demopolar0001", "SecurityIps", "172.16.2.0/24",
                                       "DBClusterIPArrayName", "lwtest", "DryRun", "true", NULL };
  static const char *const perm[] = { "RegionId", "cn-hangzhou", "SecurityGroupId", "sg-bp1demoecsnorule1",
                                      "Permissions.1.IpProtocol", "TCP", "Permissions.1.PortRange", "3306/3306",
                                      "Permissions.1.SourceCidrIp", "172.16.1.0/24", "Permissions.1.Description",
                                      "lw-test", "DryRun", "true", NULL };

  if (g_str_equal (action, "ModifyDBClusterAccessWhitelist")) return polar;
  if (g_str_equal (action, "AuthorizeSecurityGroup") || g_str_equal (action, "RevokeSecurityGroup")) return perm;
  if (g_str_equal (action, "CreateServerGroup")) return sg;
  if (g_str_equal (action, "AddServersToServerGroup")) return add;
  if (g_str_equal (action, "CreateLoadBalancer")) return lb;
  if (g_str_equal (action, "CreateListener")) return lsn;
  if (g_str_equal (action, "CreateVpcEndpointService")) return eps;
  if (g_str_equal (action, "ModifySecurityIps")) return ips;
  return NULL;
}

static const char *
version_of (const char *api)
{
  if (g_str_equal (api, "nlb")) return V_NLB;
  if (g_str_equal (api, "privatelink")) return V_PL;
  if (g_str_equal (api, "rds")) return V_RDS;
  if (g_str_equal (api, "polardb")) return V_POLARDB;
  if (g_str_equal (api, "ecs")) return V_ECS;
  return NULL;
}

/* A value with a character the rule does not allow (NULL: the rule has no character restriction
 * that a test value can break besides the length). */
static const char *
bad_chars (const char *api, const char *parameter)
{
  if (g_str_has_suffix (parameter, ".Key"))
    return "acs:reserved";
  if (g_str_has_suffix (parameter, ".Value"))
    return "see https://example.invalid";
  if (g_str_equal (parameter, "SecurityIps"))
    return "172.16.300.0/24";
  if (g_str_equal (parameter, "displayName"))
    return "line\nbreak";
  if (g_str_equal (parameter, "DBInstanceIPArrayName"))
    return "Lw-Group";
  if (g_str_equal (parameter, "DBClusterIPArrayName"))
    return "lw_abc";                    /* RDS allows "_", PolarDB does not */
  if (g_str_equal (parameter, "Permissions.N.SourceCidrIp"))
    return "172.16.1.0/24,172.16.2.0/24"; /* one block per rule, not a list */
  if (g_str_equal (parameter, "Permissions.N.Description"))
    return "";                          /* only a length is documented: below the minimum of 1 */
  if (g_str_equal (api, "nlb") && !g_str_has_suffix (parameter, "Name"))
    return "Linkwright: RDS MySQL private address"; /* the value of issue 16 */
  return "1 starts with a digit (and has spaces)";
}

static char *
too_long (JsonObject *rule)
{
  gint64 max = json_object_get_int_member (rule, "max_length");
  const char *parameter = json_object_get_string_member (rule, "parameter");
  GString *s = g_string_new (NULL);

  if (g_str_equal (parameter, "SecurityIps"))
    {
      /* 1,001 entries (and more characters than max_length). */
      for (guint i = 0; i < 1001 || s->len <= (gsize) max; i++)
        g_string_append_printf (s, "%s10.%u.%u.%u", s->len ? "," : "", (i >> 16) & 255, (i >> 8) & 255, i & 255);
      return g_string_free (s, FALSE);
    }
  g_string_append (s, "lw");
  while (s->len <= (gsize) max)
    g_string_append_c (s, 'a');
  return g_string_free (s, FALSE);
}

static char *
concrete (const char *parameter)
{
  g_auto(GStrv) parts = g_strsplit (parameter, ".N.", -1);
  return g_strjoinv (".1.", parts);
}

static void
send_bad (SimTest *t, JsonObject *rule, const char *action, const char *value, guint *checked)
{
  const char *api = json_object_get_string_member (rule, "api");
  const char *code = json_object_get_string_member (rule, "error_code");
  g_autofree char *parameter = concrete (json_object_get_string_member (rule, "parameter"));
  guint status = 0;

  if (g_str_equal (api, "tidb"))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *body = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "privateLinkConnection");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "displayName");
      json_builder_add_string_value (b, value);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "ALICLOUD_ENDPOINT_SERVICE");
      json_builder_set_member_name (b, "alicloudEndpointService");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "com.aliyuncs.privatelink.cn-hangzhou.epsrv-missing");
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      body = json_generator_to_data (gen, NULL);
      reply = sim_tidb (t, "POST", PLC_PATH, body, &status);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "code"), ==, 3);
      g_assert_cmpstr (code, ==, "INVALID_ARGUMENT");
    }
  else
    {
      const char *const *base = base_params (action);
      g_autoptr(GPtrArray) params = g_ptr_array_new ();
      JsonObject *reply;

      g_assert_nonnull (base);
      for (guint i = 0; base[i] != NULL; i += 2)
        if (!g_str_equal (base[i], parameter))
          {
            g_ptr_array_add (params, (gpointer) base[i]);
            g_ptr_array_add (params, (gpointer) base[i + 1]);
          }
      g_ptr_array_add (params, parameter);
      g_ptr_array_add (params, (gpointer) value);
      /* A tag value needs its key. */
      if (g_str_has_suffix (parameter, ".Value"))
        {
          g_ptr_array_add (params, (gpointer) "Tag.1.Key");
          g_ptr_array_add (params, (gpointer) "created-by");
        }
      g_ptr_array_add (params, NULL);
      reply = sim_rpc_full (t, NULL, version_of (api), action, &status, (const char *const *) params->pdata);
      if (g_strcmp0 (sim_code (reply), code) != 0)
        g_error ("%s %s %s=\"%.40s…\": got %s, want %s", api, action, parameter, value, sim_code (reply), code);
      g_assert_cmpuint (status, ==, (guint) json_object_get_int_member (rule, "http_status"));
      json_object_unref (reply);
    }
  (*checked)++;
}

static void
test_strings_every_rule_refused (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *path = g_build_filename (g_getenv ("LW_SOURCE_ROOT"), "data", "api-string-rules.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rules;
  guint checked = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  rules = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rules");
  g_assert_cmpuint (json_array_get_length (rules), >=, 12);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      JsonArray *actions = json_object_get_array_member (rule, "actions");
      const char *api = json_object_get_string_member (rule, "api");
      const char *parameter = json_object_get_string_member (rule, "parameter");

      for (guint k = 0; k < json_array_get_length (actions); k++)
        {
          const char *action = json_array_get_string_element (actions, k);
          g_autofree char *long_value = too_long (rule);

          send_bad (t, rule, action, long_value, &checked);
          send_bad (t, rule, action, bad_chars (api, parameter), &checked);
        }
    }
  /* 12 rules, 16 (rule, action) pairs, two bad values each. */
  g_assert_cmpuint (checked, ==, 44);
}

/* What Linkwright sends passes (the DryRun answer means every check passed). */
static void
test_strings_generated_accepted (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  guint status = 0;
  JsonObject *r;

  r = sim_rpc (t, V_NLB, "CreateServerGroup", &status, "RegionId", "cn-hangzhou", "ServerGroupName",
               "lw-rm-bp1demomysql0001-0a1b2c3d", "VpcId", VPC, "ServerGroupType", "Ip",
               "Tag.1.Key", "created-by", "Tag.1.Value", "linkwright", "Tag.2.Key", "linkwright-setup",
               "Tag.2.Value", "0a1b2c3d", "DryRun", "true", NULL);
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
  r = sim_rpc (t, V_NLB, "AddServersToServerGroup", &status, "RegionId", "cn-hangzhou", "ServerGroupId", "sgp-x",
               "Servers.1.ServerId", "172.16.2.10", "Servers.1.ServerType", "Ip", "Servers.1.Port", "3306",
               "Servers.1.Description", "Linkwright/RDS-MySQL-private-address", "DryRun", "true", NULL);
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
  r = sim_rpc (t, V_PL, "CreateVpcEndpointService", &status, "RegionId", "cn-hangzhou", "ServiceResourceType", "nlb",
               "ServiceDescription", "lw-rm-bp1demomysql0001-0a1b2c3d_created-by-Linkwright-for-TiDB-Cloud",
               "DryRun", "true", NULL);
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
  /* Chinese is allowed where the reference says so. */
  r = sim_rpc (t, V_NLB, "CreateLoadBalancer", &status, "RegionId", "cn-hangzhou", "AddressType", "Intranet",
               "VpcId", VPC, "LoadBalancerName", "实例-nlb", "DryRun", "true", NULL);
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/strings/every-rule-refused", test_strings_every_rule_refused);
  g_test_add_func ("/sim/strings/generated-accepted", test_strings_generated_accepted);
  return g_test_run ();
}
