/* test-sources.c — reading PolarDB clusters and ECS instances: the answers as the official SDKs model
 * them (tests/conformance/node_modules/@alicloud/{polardb20170801,ecs20140526}), parsed by the cloud's
 * typed calls' descriptions (lw-polardb.c, lw-ecs.c) → core's types, the access lists and the problems
 * the picker shows. No cloud needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-cidr.h"
#include "lw-source-private.h"
#include "lw-wire.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* @json as the typed call of @action parses it (a struct, or a GPtrArray for the list answers). */
static gpointer
answer (LwProduct product, const char *action, const char *json)
{
  g_autoptr(JsonObject) r = parse (json);
  const LwWireCall *call = lw_wire_lookup (product, action);

  g_assert_nonnull (call);
  return lw_wire_parse_answer (call, r);
}

static const char polardb_clusters[] =
  "{\"RequestId\":\"r\",\"PageNumber\":1,\"TotalRecordCount\":2,\"PageRecordCount\":2,\"Items\":{\"DBCluster\":["
  "{\"DBClusterId\":\"pc-bp1demopolar0001\",\"DBClusterDescription\":\"orders\",\"DBClusterStatus\":\"Running\","
  "\"DBType\":\"MySQL\",\"DBVersion\":\"8.0\",\"DBClusterNetworkType\":\"VPC\",\"ZoneId\":\"cn-hangzhou-i\","
  "\"VpcId\":\"vpc-bp1demo000000000001\",\"RegionId\":\"cn-hangzhou\"},"
  "{\"DBClusterId\":\"pc-bp1demopolarpg01\",\"DBClusterStatus\":\"Running\",\"DBType\":\"PostgreSQL\","
  "\"DBVersion\":\"14\",\"DBClusterNetworkType\":\"VPC\",\"VpcId\":\"vpc-bp1demo000000000001\"}]}}";

static void
test_polardb_instances (void)
{
  g_autoptr(LwPolardbClusterPage) r = answer (LW_PRODUCT_POLARDB, "DescribeDBClusters", polardb_clusters);
  GPtrArray *rows = r->clusters;
  g_autoptr(LwDiscInstance) ok = lw_source_polardb_instance (g_ptr_array_index (rows, 0));
  g_autoptr(LwDiscInstance) pg = lw_source_polardb_instance (g_ptr_array_index (rows, 1));
  g_autofree char *ok_problem = lw_disc_instance_dup_problem (ok);
  g_autofree char *pg_problem = lw_disc_instance_dup_problem (pg);
  g_autoptr(LwPolardbClusterAttribute) attr = answer (LW_PRODUCT_POLARDB, "DescribeDBClusterAttribute", "{\"DBClusterId\":\"pc-bp1demopolarstop\",\"DBClusterStatus\":\"Stopped\","
                                      "\"DBType\":\"MySQL\",\"DBClusterNetworkType\":\"VPC\","
                                      "\"VPCId\":\"vpc-bp1demo000000000001\",\"VSwitchId\":\"vsw-bp1demoh000000001\","
                                      "\"ZoneIds\":\"cn-hangzhou-h,cn-hangzhou-i\"}");
  g_autoptr(LwDiscInstance) stopped = lw_source_polardb_attribute (attr);
  g_autofree char *stopped_problem = lw_disc_instance_dup_problem (stopped);

  g_assert_cmpint (ok->kind, ==, LW_SOURCE_KIND_POLARDB);
  g_assert_cmpstr (ok->db_instance_id, ==, "pc-bp1demopolar0001");
  g_assert_cmpstr (ok->description, ==, "orders");
  g_assert_cmpstr (ok->engine, ==, "MySQL");
  g_assert_cmpstr (ok->engine_version, ==, "8.0");
  g_assert_cmpstr (ok->network_type, ==, "VPC");
  g_assert_cmpstr (ok->zone_id, ==, "cn-hangzhou-i");
  g_assert_cmpstr (ok->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_null (ok->private_ip);
  g_assert_null (ok->security_group_ids);
  g_assert_null (ok_problem);
  g_assert_nonnull (strstr (pg_problem, "PostgreSQL"));
  /* DescribeDBClusterAttribute: VPCId and the first of ZoneIds. */
  g_assert_cmpstr (stopped->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (stopped->zone_id, ==, "cn-hangzhou-h");
  g_assert_cmpstr (stopped->vswitch_id, ==, "vsw-bp1demoh000000001");
  g_assert_nonnull (strstr (stopped_problem, "Stopped"));
}

static const char polardb_endpoints[] =
  "{\"RequestId\":\"r\",\"Items\":["
  "{\"DBEndpointId\":\"pe-bp1demoprimary01\",\"EndpointType\":\"Primary\",\"AddressItems\":["
  "{\"NetType\":\"Private\",\"IPAddress\":\"172.16.2.31\",\"Port\":\"3306\",\"VPCId\":\"vpc-bp1demo000000000001\"}]},"
  "{\"DBEndpointId\":\"pe-bp1democluster01\",\"EndpointType\":\"Cluster\",\"AddressItems\":["
  "{\"NetType\":\"Public\",\"IPAddress\":\"47.1.2.3\",\"Port\":\"3306\"},"
  "{\"NetType\":\"Private\",\"IPAddress\":\"172.16.2.30\",\"Port\":\"3307\",\"VPCId\":\"vpc-bp1demo000000000001\","
  "\"ConnectionString\":\"pc-bp1demopolar0001.rwlb.rds.aliyuncs.com\"}]}]}";

static void
test_polardb_address (void)
{
  g_autoptr(GPtrArray) r = answer (LW_PRODUCT_POLARDB, "DescribeDBClusterEndpoints", polardb_endpoints);
  g_autoptr(LwDiscAddress) cluster = lw_source_polardb_address (r, NULL);
  g_autoptr(LwDiscAddress) primary = lw_source_polardb_address (r, "pe-bp1demoprimary01");
  g_autoptr(LwDiscAddress) unknown = lw_source_polardb_address (r, "pe-nothere");

  /* The Cluster endpoint first (it follows failovers), its private address, Port parsed from the string. */
  g_assert_cmpstr (cluster->endpoint_id, ==, "pe-bp1democluster01");
  g_assert_cmpstr (cluster->ip_address, ==, "172.16.2.30");
  g_assert_cmpuint (cluster->port, ==, 3307);
  g_assert_cmpstr (cluster->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (cluster->connection_string, ==, "pc-bp1demopolar0001.rwlb.rds.aliyuncs.com");
  g_assert_cmpstr (primary->ip_address, ==, "172.16.2.31");
  g_assert_cmpuint (primary->port, ==, 3306);
  g_assert_null (unknown->ip_address);
  g_assert_null (unknown->endpoint_id);
}

static void
test_polardb_access (void)
{
  g_autoptr(GPtrArray) r = answer (LW_PRODUCT_POLARDB, "DescribeDBClusterAccessWhitelist", "{\"Items\":{\"DBClusterIPArray\":["
                                   "{\"DBClusterIPArrayName\":\"default\",\"SecurityIps\":\"127.0.0.1\"},"
                                   "{\"DBClusterIPArrayName\":\"lw_0a1b2c3d\",\"SecurityIps\":\"172.16.2.0/24,172.16.3.0/24\"}]}}");
  g_autofree char *access = lw_source_polardb_access (r);
  g_autoptr(LwSetup) setup = lw_setup_new ();
  g_autofree char *missing = NULL;
  g_autofree char *missing_default = NULL;

  g_assert_cmpstr (access, ==, "127.0.0.1,172.16.2.0/24,172.16.3.0/24");
  lw_setup_add_zone_mapping (setup, "cn-hangzhou-i", "vsw-i", "172.16.2.0/24");
  lw_setup_add_zone_mapping (setup, "cn-hangzhou-j", "vsw-j", "172.16.3.0/24");
  missing = lw_source_missing_cidrs (setup, access);
  g_assert_cmpstr (missing, ==, "");
  missing_default = lw_source_missing_cidrs (setup, "127.0.0.1,172.16.3.0/25");
  g_assert_cmpstr (missing_default, ==, "172.16.2.0/24, 172.16.3.0/24");
}

static const char ecs_instances[] =
  "{\"RequestId\":\"r\",\"TotalCount\":3,\"PageNumber\":1,\"PageSize\":10,\"Instances\":{\"Instance\":["
  "{\"InstanceId\":\"i-bp1demomysqlecs01\",\"InstanceName\":\"mysql-1\",\"Status\":\"Running\","
  "\"InstanceNetworkType\":\"vpc\",\"ZoneId\":\"cn-hangzhou-i\",\"RegionId\":\"cn-hangzhou\","
  "\"VpcAttributes\":{\"VpcId\":\"vpc-bp1demo000000000001\",\"VSwitchId\":\"vsw-bp1demoi000000001\","
  "\"PrivateIpAddress\":{\"IpAddress\":[\"172.16.2.50\"]}},"
  "\"NetworkInterfaces\":{\"NetworkInterface\":[{\"Type\":\"Primary\",\"PrimaryIpAddress\":\"172.16.2.50\"}]},"
  "\"SecurityGroupIds\":{\"SecurityGroupId\":[\"sg-bp1demoecsmysql01\",\"sg-bp1demoother01\"]}},"
  "{\"InstanceId\":\"i-bp1demoecsclassic\",\"Status\":\"Running\",\"InstanceNetworkType\":\"classic\","
  "\"VpcAttributes\":{\"VpcId\":\"\",\"PrivateIpAddress\":{\"IpAddress\":[]}},"
  "\"SecurityGroupIds\":{\"SecurityGroupId\":[]}},"
  "{\"InstanceId\":\"i-bp1demoecsstop01\",\"Status\":\"Stopped\",\"InstanceNetworkType\":\"vpc\","
  "\"VpcAttributes\":{\"VpcId\":\"vpc-bp1demo000000000001\",\"PrivateIpAddress\":{\"IpAddress\":[\"172.16.1.70\"]}}}]}}";

static void
test_ecs_instances (void)
{
  g_autoptr(LwEcsInstancePage) r = answer (LW_PRODUCT_ECS, "DescribeInstances", ecs_instances);
  GPtrArray *rows = r->instances;
  g_autoptr(LwDiscInstance) ok = lw_source_ecs_instance (g_ptr_array_index (rows, 0));
  g_autoptr(LwDiscInstance) classic = lw_source_ecs_instance (g_ptr_array_index (rows, 1));
  g_autoptr(LwDiscInstance) stopped = lw_source_ecs_instance (g_ptr_array_index (rows, 2));
  g_autofree char *ok_problem = lw_disc_instance_dup_problem (ok);
  g_autofree char *classic_problem = lw_disc_instance_dup_problem (classic);
  g_autofree char *stopped_problem = lw_disc_instance_dup_problem (stopped);

  g_assert_cmpint (ok->kind, ==, LW_SOURCE_KIND_ECS);
  g_assert_cmpstr (ok->db_instance_id, ==, "i-bp1demomysqlecs01");
  g_assert_cmpstr (ok->description, ==, "mysql-1");
  g_assert_null (ok->engine);
  g_assert_cmpstr (ok->network_type, ==, "VPC");
  g_assert_cmpstr (ok->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (ok->vswitch_id, ==, "vsw-bp1demoi000000001");
  g_assert_cmpstr (ok->private_ip, ==, "172.16.2.50");
  g_assert_cmpuint (g_strv_length (ok->security_group_ids), ==, 2);
  g_assert_cmpstr (ok->security_group_ids[0], ==, "sg-bp1demoecsmysql01");
  g_assert_null (ok_problem);
  g_assert_cmpstr (classic->network_type, ==, "Classic");
  g_assert_nonnull (strstr (classic_problem, "Classic"));
  /* No NetworkInterfaces: the VPC address. */
  g_assert_cmpstr (stopped->private_ip, ==, "172.16.1.70");
  g_assert_nonnull (strstr (stopped_problem, "Stopped"));
}

/* The primary network interface's address wins over the order of VpcAttributes' list. */
static void
test_ecs_primary_nic (void)
{
  g_autoptr(LwEcsInstancePage) r = answer (LW_PRODUCT_ECS, "DescribeInstances",
    "{\"Instances\":{\"Instance\":[{\"InstanceId\":\"i-1\",\"InstanceNetworkType\":\"vpc\","
    "\"VpcAttributes\":{\"PrivateIpAddress\":{\"IpAddress\":[\"172.16.2.51\",\"172.16.2.50\"]}},"
    "\"NetworkInterfaces\":{\"NetworkInterface\":[{\"Type\":\"Secondary\",\"PrimaryIpAddress\":\"172.16.2.52\"},"
    "{\"Type\":\"Primary\",\"PrimaryIpAddress\":\"172.16.2.50\"}]}}]}}");
  g_autoptr(LwDiscInstance) one = lw_source_ecs_instance (g_ptr_array_index (r->instances, 0));

  g_assert_cmpstr (one->private_ip, ==, "172.16.2.50");
}

static const char ecs_rules[] =
  "{\"SecurityGroupId\":\"sg-1\",\"Permissions\":{\"Permission\":["
  "{\"SecurityGroupRuleId\":\"sgr-a\",\"Direction\":\"ingress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"3306/3306\","
  "\"SourceCidrIp\":\"172.16.0.0/16\",\"Policy\":\"Accept\",\"Description\":\"\"},"
  "{\"SecurityGroupRuleId\":\"sgr-b\",\"Direction\":\"ingress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"22/22\","
  "\"SourceCidrIp\":\"0.0.0.0/0\",\"Policy\":\"Accept\"},"
  "{\"SecurityGroupRuleId\":\"sgr-c\",\"Direction\":\"ingress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"1/65535\","
  "\"SourceCidrIp\":\"10.0.0.0/8\",\"Policy\":\"Drop\"},"
  "{\"SecurityGroupRuleId\":\"sgr-d\",\"Direction\":\"ingress\",\"IpProtocol\":\"ALL\",\"PortRange\":\"-1/-1\","
  "\"SourceCidrIp\":\"192.168.9.0/24\",\"Policy\":\"accept\"},"
  "{\"SecurityGroupRuleId\":\"sgr-e\",\"Direction\":\"egress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"3306/3306\","
  "\"SourceCidrIp\":\"11.0.0.0/8\",\"Policy\":\"Accept\"},"
  "{\"SecurityGroupRuleId\":\"sgr-f\",\"Direction\":\"ingress\",\"IpProtocol\":\"UDP\",\"PortRange\":\"3306/3306\","
  "\"SourceCidrIp\":\"12.0.0.0/8\",\"Policy\":\"Accept\"},"
  "{\"SecurityGroupRuleId\":\"sgr-g\",\"Direction\":\"ingress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"3306/3306\","
  "\"SourceCidrIp\":\"172.16.2.0/24\",\"Policy\":\"Accept\",\"Description\":\"lw-i-1-0a1b2c3d\"},"
  "{\"SecurityGroupRuleId\":\"sgr-h\",\"Direction\":\"ingress\",\"IpProtocol\":\"TCP\",\"PortRange\":\"3306/3306\","
  "\"SourceCidrIp\":\"172.16.3.0/24\",\"Policy\":\"Accept\",\"Description\":\"lw-i-1-0a1b2c3d\"}]}}";

static void
test_ecs_access (void)
{
  g_autoptr(LwEcsSecurityGroup) r = answer (LW_PRODUCT_ECS, "DescribeSecurityGroupAttribute", ecs_rules);
  g_autoptr(GString) on_3306 = g_string_new (NULL);
  g_autoptr(GString) on_22 = g_string_new (NULL);
  g_autoptr(GPtrArray) ours = lw_source_ecs_rule_ids (r, "lw-i-1-0a1b2c3d", NULL, "3306/3306");
  g_autoptr(GPtrArray) one = lw_source_ecs_rule_ids (r, "lw-i-1-0a1b2c3d", "172.16.3.0/24", "3306/3306");
  g_autoptr(GPtrArray) other_port = lw_source_ecs_rule_ids (r, "lw-i-1-0a1b2c3d", NULL, "3307/3307");

  /* Accept, ingress, TCP or ALL, port covered: not the Drop rule, the egress one, UDP or port 22. */
  lw_source_ecs_access (r, 3306, on_3306);
  g_assert_cmpstr (on_3306->str, ==, "172.16.0.0/16,192.168.9.0/24,172.16.2.0/24,172.16.3.0/24");
  lw_source_ecs_access (r, 22, on_22);
  g_assert_cmpstr (on_22->str, ==, "0.0.0.0/0,192.168.9.0/24");
  g_assert_cmpuint (ours->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ours, 0), ==, "sgr-g");
  g_assert_cmpstr (g_ptr_array_index (ours, 1), ==, "sgr-h");
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (one, 0), ==, "sgr-h");
  g_assert_cmpuint (other_port->len, ==, 0);
}

static void
test_cidr_covers (void)
{
  g_assert_true (lw_cidr_covers ("172.16.0.0/16", "172.16.2.0/24"));
  g_assert_true (lw_cidr_covers ("0.0.0.0/0", "172.16.2.0/24"));
  g_assert_false (lw_cidr_covers ("172.16.2.0/24", "172.16.0.0/16"));
  g_assert_false (lw_cidr_covers ("127.0.0.1", "172.16.2.0/24"));
  g_assert_false (lw_cidr_covers ("not-an-ip", "172.16.2.0/24"));
  g_assert_true (lw_cidr_covers ("172.16.2.0/24", "172.16.2.0/24"));
}

/* Moved from tests/ui/test-validate.c (the UI's lw_whitelist_covers_cidr() is now this one), unchanged. */
static void
test_cidr_list_covers (void)
{
  g_assert_true (lw_cidr_list_covers ("172.16.0.0/16", "172.16.2.0/24"));
  g_assert_true (lw_cidr_list_covers ("127.0.0.1,172.16.2.0/24", "172.16.2.0/24"));
  g_assert_true (lw_cidr_list_covers ("0.0.0.0/0", "10.1.0.0/24"));
  g_assert_false (lw_cidr_list_covers ("127.0.0.1", "172.16.1.0/24"));
  g_assert_false (lw_cidr_list_covers ("172.16.2.0/25", "172.16.2.0/24"));
  g_assert_false (lw_cidr_list_covers ("172.17.0.0/16", "172.16.2.0/24"));
  g_assert_false (lw_cidr_list_covers (NULL, "172.16.2.0/24"));
  g_assert_false (lw_cidr_list_covers ("172.16.0.0/16", "not-a-cidr"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sources/polardb-instances", test_polardb_instances);
  g_test_add_func ("/core/sources/polardb-address", test_polardb_address);
  g_test_add_func ("/core/sources/polardb-access", test_polardb_access);
  g_test_add_func ("/core/sources/ecs-instances", test_ecs_instances);
  g_test_add_func ("/core/sources/ecs-primary-nic", test_ecs_primary_nic);
  g_test_add_func ("/core/sources/ecs-access", test_ecs_access);
  g_test_add_func ("/core/sources/cidr-covers", test_cidr_covers);
  g_test_add_func ("/core/sources/cidr-list-covers", test_cidr_list_covers);
  return g_test_run ();
}
