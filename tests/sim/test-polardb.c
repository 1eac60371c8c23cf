/* test-polardb.c — simulated PolarDB 2017-08-01: every action, its errors, paging, the whitelist
 * group lifecycle and the live count, signed as @alicloud/rpc-client does (V1 over query + form body)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"

static const SimRpcOpts body_v1 = { .v1 = TRUE, .in_body = TRUE };

static JsonObject *
polardb (SimTest    *t,
         const char *action,
         guint      *status,
         const char * const *params)
{
  return sim_rpc_full (t, &body_v1, V_POLARDB, action, status, params);
}

static void
expect_error (SimTest            *t,
              const char         *action,
              const char * const *params,
              guint               want_status,
              const char         *want_code)
{
  guint status = 0;
  g_autoptr(JsonObject) r = polardb (t, action, &status, params);

  g_assert_cmpstr (sim_code (r), ==, want_code);
  g_assert_cmpuint (status, ==, want_status);
  /* The error shape of the other Alibaba products. */
  g_assert_true (json_object_has_member (r, "RequestId"));
  g_assert_cmpstr (json_object_get_string_member (r, "HostId"), ==, "polardb.aliyuncs.com");
  g_assert_true (json_object_has_member (r, "Message"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "Recommend"), want_code));
}

static void
test_list (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) r = NULL, page2 = NULL, mysql = NULL;
  JsonArray *rows;
  JsonObject *first;
  guint status;

  r = polardb (t, "DescribeDBClusters", &status, (const char *[]) { "RegionId", "cn-hangzhou", NULL });
  g_assert_cmpuint (status, ==, 200);
  rows = json_object_get_array_member (json_object_get_object_member (r, "Items"), "DBCluster");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (r, "PageRecordCount"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (r, "PageNumber"), ==, 1);
  first = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "DBClusterId"), ==, "pc-bp1demopolar0001");
  g_assert_cmpstr (json_object_get_string_member (first, "DBType"), ==, "MySQL");
  g_assert_cmpstr (json_object_get_string_member (first, "DBVersion"), ==, "8.0");
  g_assert_cmpstr (json_object_get_string_member (first, "DBClusterStatus"), ==, "Running");
  g_assert_cmpstr (json_object_get_string_member (first, "DBClusterNetworkType"), ==, "VPC");
  g_assert_cmpstr (json_object_get_string_member (first, "ZoneId"), ==, "cn-hangzhou-i");
  g_assert_cmpstr (json_object_get_string_member (first, "VpcId"), ==, "vpc-bp1demo000000000001");
  /* Numbers are JSON numbers, as the model types them. */
  g_assert_cmpuint (json_node_get_value_type (json_object_get_member (first, "DeletionLock")), ==, G_TYPE_INT64);

  /* Filters. */
  mysql = polardb (t, "DescribeDBClusters", &status, (const char *[]) { "RegionId", "cn-hangzhou", "DBType", "MySQL",
                                                                        "DBClusterStatus", "Running", NULL });
  g_assert_cmpint (json_object_get_int_member (mysql, "TotalRecordCount"), ==, 2);
  json_object_unref (polardb (t, "DescribeDBClusters", &status, (const char *[]) { "RegionId", "cn-shanghai", NULL }));
  g_assert_cmpuint (status, ==, 200);

  /* Paging: PageSize is 30, 50 or 100 (the reference), anything else is refused. */
  page2 = polardb (t, "DescribeDBClusters", &status, (const char *[]) { "RegionId", "cn-hangzhou", "PageSize", "30",
                                                                        "PageNumber", "2", NULL });
  g_assert_cmpint (json_object_get_int_member (page2, "PageRecordCount"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (page2, "TotalRecordCount"), ==, 4);
  expect_error (t, "DescribeDBClusters", (const char *[]) { "RegionId", "cn-hangzhou", "PageSize", "10", NULL },
                400, "InvalidPageSize.Malformed");
  expect_error (t, "DescribeDBClusters", (const char *[]) { "RegionId", "cn-hangzhou", "PageNumber", "0", NULL },
                400, "InvalidParameter");
  expect_error (t, "DescribeDBClusters", (const char *[]) { "RegionId", "cn-hangzhou", "DBType", "mongodb", NULL },
                400, "IllegalParam.DBType");
  expect_error (t, "DescribeDBClusters", (const char *[]) { "DBType", "MySQL", NULL }, 400, "MissingParam.RegionId");
}

static void
test_attribute_endpoints (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) attr = NULL, eps = NULL, one = NULL;
  JsonArray *items, *addresses;
  JsonObject *cluster, *address;
  guint status;

  attr = polardb (t, "DescribeDBClusterAttribute", &status, (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", NULL });
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (attr, "DBVersion"), ==, "5.7");
  g_assert_cmpstr (json_object_get_string_member (attr, "VPCId"), ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (json_object_get_string_member (attr, "VSwitchId"), ==, "vsw-bp1demoh000000001");
  g_assert_cmpstr (json_object_get_string_member (attr, "ZoneIds"), ==, "cn-hangzhou-h");

  eps = polardb (t, "DescribeDBClusterEndpoints", &status, (const char *[]) { "DBClusterId", "pc-bp1demopolar0001", NULL });
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (eps, "Items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  cluster = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (cluster, "DBEndpointId"), ==, "pe-bp1democluster01");
  g_assert_cmpstr (json_object_get_string_member (cluster, "EndpointType"), ==, "Cluster");
  addresses = json_object_get_array_member (cluster, "AddressItems");
  address = json_array_get_object_element (addresses, 0);
  g_assert_cmpstr (json_object_get_string_member (address, "IPAddress"), ==, "172.16.2.30");
  g_assert_cmpstr (json_object_get_string_member (address, "NetType"), ==, "Private");
  /* Port is a string on the wire, as the model says. */
  g_assert_cmpstr (json_object_get_string_member (address, "Port"), ==, "3306");
  g_assert_cmpstr (json_object_get_string_member (address, "VPCId"), ==, "vpc-bp1demo000000000001");

  one = polardb (t, "DescribeDBClusterEndpoints", &status, (const char *[]) { "DBClusterId", "pc-bp1demopolar0001",
                                                                              "DBEndpointId", "pe-bp1demoprimary01", NULL });
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (one, "Items")), ==, 1);

  /* Drift hook: the Cluster endpoint moves. */
  g_assert_true (lw_sim_server_move_source (t->sim, "pc-bp1demopolar0001", "172.16.2.77"));
  g_clear_pointer (&eps, json_object_unref);
  eps = polardb (t, "DescribeDBClusterEndpoints", &status, (const char *[]) { "DBClusterId", "pc-bp1demopolar0001", NULL });
  address = json_array_get_object_element (json_object_get_array_member (
              json_array_get_object_element (json_object_get_array_member (eps, "Items"), 0), "AddressItems"), 0);
  g_assert_cmpstr (json_object_get_string_member (address, "IPAddress"), ==, "172.16.2.77");

  for (guint i = 0; i < 3; i++)
    {
      const char *actions[] = { "DescribeDBClusterAttribute", "DescribeDBClusterEndpoints",
                                "DescribeDBClusterAccessWhitelist" };
      expect_error (t, actions[i], (const char *[]) { "DBClusterId", "pc-doesnotexist00", NULL },
                    404, "InvalidDBClusterId.NotFound");
      expect_error (t, actions[i], (const char *[]) { "RegionId", "cn-hangzhou", NULL }, 400, "MissingParam.DBClusterId");
    }
}

static char *
whitelist_of (SimTest    *t,
              const char *cluster,
              const char *group)
{
  guint status;
  g_autoptr(JsonObject) r = polardb (t, "DescribeDBClusterAccessWhitelist", &status,
                                     (const char *[]) { "DBClusterId", cluster, NULL });
  JsonArray *groups = json_object_get_array_member (json_object_get_object_member (r, "Items"), "DBClusterIPArray");

  g_assert_cmpuint (status, ==, 200);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      if (g_strcmp0 (json_object_get_string_member (g, "DBClusterIPArrayName"), group) == 0)
        return g_strdup (json_object_get_string_member (g, "SecurityIps"));
    }
  return NULL;
}

static void
test_whitelist (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *ips = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  guint status;

  ips = whitelist_of (t, "pc-bp1demopolar0002", "default");
  g_assert_cmpstr (ips, ==, "127.0.0.1");
  g_clear_pointer (&ips, g_free);

  /* A new group is created (and counted live), then appended to, then removed by deleting all. */
  json_object_unref (polardb (t, "ModifyDBClusterAccessWhitelist", &status,
                              (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", "DBClusterIPArrayName", "lwabc123",
                                                 "SecurityIps", "172.16.2.0/24", "ModifyMode", "Append", NULL }));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "polardb-whitelist"), ==, 1);
  json_object_unref (polardb (t, "ModifyDBClusterAccessWhitelist", &status,
                              (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", "DBClusterIPArrayName", "lwabc123",
                                                 "SecurityIps", "172.16.3.0/24,172.16.2.0/24", "ModifyMode", "Append", NULL }));
  ips = whitelist_of (t, "pc-bp1demopolar0002", "lwabc123");
  g_assert_cmpstr (ips, ==, "172.16.2.0/24,172.16.3.0/24");
  g_clear_pointer (&ips, g_free);
  json_object_unref (polardb (t, "ModifyDBClusterAccessWhitelist", &status,
                              (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", "DBClusterIPArrayName", "lwabc123",
                                                 "SecurityIps", "172.16.2.0/24,172.16.3.0/24", "ModifyMode", "Delete",
                                                 NULL }));
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (whitelist_of (t, "pc-bp1demopolar0002", "lwabc123"));
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "polardb-whitelist"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "polardb-whitelist"), ==, 1);
  /* The seeded default group is untouched; Cover replaces it. */
  ips = whitelist_of (t, "pc-bp1demopolar0002", "default");
  g_assert_cmpstr (ips, ==, "127.0.0.1");
  g_clear_pointer (&ips, g_free);
  json_object_unref (polardb (t, "ModifyDBClusterAccessWhitelist", &status,
                              (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", "SecurityIps", "10.0.0.1", NULL }));
  ips = whitelist_of (t, "pc-bp1demopolar0002", "default");
  g_assert_cmpstr (ips, ==, "10.0.0.1");

  /* The documented rules. */
#define MODIFY(...) (const char *[]) { "DBClusterId", "pc-bp1demopolar0001", __VA_ARGS__, NULL }
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("DBClusterIPArrayName", "lw_abc", "SecurityIps", "10.0.0.1"),
                400, "InvalidDBClusterIPArrayName.Malformed");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("DBClusterIPArrayName", "Lwabc", "SecurityIps", "10.0.0.1"),
                400, "InvalidDBClusterIPArrayName.Malformed");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("DBClusterIPArrayName", "a", "SecurityIps", "10.0.0.1"),
                400, "InvalidDBClusterIPArrayName.Malformed");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("DBClusterIPArrayName", "9abc", "SecurityIps", "10.0.0.1"),
                400, "InvalidDBClusterIPArrayName.Malformed");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("SecurityIps", "10.0.0.0/33"), 400, "InvalidSecurityIPList.Format");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("SecurityIps", "10.0.0.1, 10.0.0.2"), 400,
                "InvalidSecurityIPList.Format");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("SecurityIps", "10.0.0.1", "ModifyMode", "Replace"), 400,
                "IllegalParam.ModifyMode");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("SecurityIps", "10.0.0.1", "WhiteListType", "Ip"), 400,
                "IllegalParam.WhiteListType");
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("WhiteListType", "IP"), 400, "MissingParam.SecurityIps");
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (many, "%s10.%u.%u.1", i ? "," : "", i / 250, i % 250);
  expect_error (t, "ModifyDBClusterAccessWhitelist", MODIFY ("SecurityIps", many->str), 400,
                "InvalidSecurityIPList.Exceeded");
  expect_error (t, "ModifyDBClusterAccessWhitelist",
                (const char *[]) { "DBClusterId", "pc-bp1demopolarstop", "SecurityIps", "10.0.0.1", NULL },
                403, "OperationDenied.DBClusterStatus");
  expect_error (t, "ModifyDBClusterAccessWhitelist",
                (const char *[]) { "DBClusterId", "pc-nosuchcluster1", "SecurityIps", "10.0.0.1", NULL },
                404, "InvalidDBClusterId.NotFound");
#undef MODIFY
}

/* Signatures: V1 over query + body as rpc-client sends it; a tampered one is refused; RAM. */
static void
test_signature_and_ram (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts tampered = { .v1 = TRUE, .in_body = TRUE, .tamper = TRUE };
  SimRpcOpts v3_query = { 0 };
  SimRpcOpts limited = { .v1 = TRUE, .in_body = TRUE, .key_id = "LWPOLARREADONLY1", .secret = "lw-polar-read-secret" };
  const char *params[] = { "RegionId", "cn-hangzhou", NULL };
  const char *modify[] = { "DBClusterId", "pc-bp1demopolar0001", "SecurityIps", "10.0.0.1",
                           "DBClusterIPArrayName", "lwro0001", NULL };
  g_autoptr(GError) error = NULL;
  JsonObject *r;
  guint status;

  r = sim_rpc_full (t, &tampered, V_POLARDB, "DescribeDBClusters", &status, params);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (sim_code (r), ==, "SignatureDoesNotMatch");
  json_object_unref (r);
  r = sim_rpc_full (t, &v3_query, V_POLARDB, "DescribeDBClusters", &status, params);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);

  g_assert_true (lw_sim_server_add_key_with_policy (t->sim, "LWPOLARREADONLY1", "lw-polar-read-secret",
                                                    "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                                                    "\"Action\":[\"polardb:Describe*\"],\"Resource\":\"*\"}]}",
                                                    NULL, &error));
  g_assert_no_error (error);
  r = sim_rpc_full (t, &limited, V_POLARDB, "DescribeDBClusters", &status, params);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc_full (t, &limited, V_POLARDB, "ModifyDBClusterAccessWhitelist", &status, modify);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (sim_code (r), ==, "Forbidden.RAM");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "AccessDeniedDetail"),
                            "polardb:ModifyDBClusterAccessWhitelist"));
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "polardb-whitelist"), ==, 0);
}

static void
test_default_world (void)
{
  g_autoptr(SimTest) t = sim_test_new_world ("instant", 1.0, NULL);
  g_autoptr(JsonObject) eps = NULL;
  g_autofree char *ips = NULL;
  JsonObject *address;
  guint status;

  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "polardb-cluster-id"), ==, "pc-t4ndemopolar0001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "polardb-cluster-id-fix"), ==, "pc-t4ndemopolar0002");
  eps = polardb (t, "DescribeDBClusterEndpoints", &status, (const char *[]) { "DBClusterId", "pc-t4ndemopolar0001", NULL });
  address = json_array_get_object_element (json_object_get_array_member (
              json_array_get_object_element (json_object_get_array_member (eps, "Items"), 0), "AddressItems"), 0);
  g_assert_cmpstr (json_object_get_string_member (address, "IPAddress"), ==, "192.168.1.30");
  ips = whitelist_of (t, "pc-t4ndemopolar0001", "default");
  g_assert_cmpstr (ips, ==, "192.168.0.0/16");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/polardb/list", test_list);
  g_test_add_func ("/sim/polardb/attribute-endpoints", test_attribute_endpoints);
  g_test_add_func ("/sim/polardb/whitelist", test_whitelist);
  g_test_add_func ("/sim/polardb/signature-and-ram", test_signature_and_ram);
  g_test_add_func ("/sim/polardb/default-world", test_default_world);
  return g_test_run ();
}
