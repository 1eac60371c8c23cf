/* test-world.c — seed worlds (demo constants, the 5,000-instance world, bad seeds), RDS reads,
 * reset, and the linkwright-sim executable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sim-test-util.h"

static char *sim_exe;

static void
assert_code (JsonObject *reply,
             const char *code)
{
  g_assert_cmpstr (sim_code (reply), ==, code);
  json_object_unref (reply);
}

static JsonArray *
items (JsonObject *reply,
       const char *wrapper,
       const char *inner)
{
  return json_object_get_array_member (json_object_get_object_member (reply, wrapper), inner);
}

static void
test_demo_world (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  JsonObject *r, *info;
  guint status;

  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "access-key-id"), ==, "LWDEMOKEYID00001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "access-key-secret"), ==, "lw-demo-access-key-secret");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "tidb-public-key"), ==, "LWDEMOPUBLICKEY1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "tidb-private-key"), ==, "lw-demo-tidb-private-key");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "region"), ==, "cn-hangzhou");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "account-id"), ==, "1234567890123456");
  g_assert_true (g_str_has_prefix (lw_sim_server_get_base_url (t->sim), "http://127.0.0.1:"));

  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", "Engine", "MySQL", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 4);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 5);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-shanghai", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 0);
  json_object_unref (r);

  r = sim_rpc (t, V_RDS, "DescribeDBInstanceNetInfo", &status, "DBInstanceId", "rm-bp1demomysql0001", NULL);
  info = json_array_get_object_element (items (r, "DBInstanceNetInfos", "DBInstanceNetInfo"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "IPAddress"), ==, "172.16.2.10");
  g_assert_cmpstr (json_object_get_string_member (info, "Port"), ==, "3306");
  g_assert_cmpstr (json_object_get_string_member (info, "IPType"), ==, "Private");
  g_assert_cmpstr (json_object_get_string_member (info, "VPCId"), ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (json_object_get_string_member (r, "InstanceNetworkType"), ==, "VPC");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceNetInfo", &status, "DBInstanceId", "rm-bp1democlassic01", NULL);
  info = json_array_get_object_element (items (r, "DBInstanceNetInfos", "DBInstanceNetInfo"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "IPType"), ==, "Inner");
  json_object_unref (r);

  r = sim_rpc (t, V_RDS, "DescribeDBInstanceAttribute", &status, "DBInstanceId", "rm-bp1demostopped01", NULL);
  info = json_array_get_object_element (items (r, "Items", "DBInstanceAttribute"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "DBInstanceStatus"), ==, "Stopped");
  g_assert_cmpstr (json_object_get_string_member (info, "VpcId"), ==, "vpc-bp1demo000000000001");
  json_object_unref (r);

  r = sim_rpc (t, V_RDS, "DescribeDBInstanceIPArrayList", &status, "DBInstanceId", "rm-bp1demomysql0002", NULL);
  info = json_array_get_object_element (items (r, "Items", "DBInstanceIPArray"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "SecurityIPList"), ==, "127.0.0.1");
  json_object_unref (r);

  assert_code (sim_rpc (t, V_RDS, "DescribeDBInstanceAttribute", &status, "DBInstanceId", "rm-nope", NULL),
               "InvalidDBInstanceId.NotFound");
  assert_code (sim_rpc (t, V_RDS, "ModifySecurityIps", &status, "DBInstanceId", "rm-bp1demomysql0002",
                        "SecurityIps", "172.16.1.0/99", NULL),
               "InvalidSecurityIPList.Format");
  assert_code (sim_rpc (t, V_RDS, "ModifySecurityIps", &status, "DBInstanceId", "rm-bp1demostopped01",
                        "SecurityIps", "172.16.1.0/24", NULL),
               "IncorrectDBInstanceState");
  assert_code (sim_rpc (t, V_RDS, "ModifySecurityIps", &status, "DBInstanceId", "rm-bp1demomysql0002",
                        "SecurityIps", "172.16.1.0/24", "ModifyMode", "Replace", NULL),
               "IllegalParam.ModifyMode");
}

/* The default world: ap-southeast-1 (Singapore), like the real offering of TiDB Cloud Essential
 * on Alibaba Cloud; the same demo credentials as the cn-hangzhou world. */
static void
test_default_world (void)
{
  g_autoptr(SimTest) t = sim_test_new_world ("instant", 1.0, NULL);
  g_autoptr(JsonNode) cluster = NULL, zones = NULL;
  JsonObject *r, *info, *region;
  JsonArray *rows, *az;
  guint status;

  g_assert_cmpstr (lw_sim_world_names ()[0], ==, LW_SIM_WORLD_DEFAULT);
  g_assert_cmpstr (LW_SIM_WORLD_DEFAULT, ==, "singapore");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "world"), ==, "singapore");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "region"), ==, "ap-southeast-1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "access-key-id"), ==, "LWDEMOKEYID00001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "access-key-secret"), ==, "lw-demo-access-key-secret");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "restricted-access-key-id"), ==, "LWRESTRICTEDKEY1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "tidb-public-key"), ==, "LWDEMOPUBLICKEY1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "account-id"), ==, "1234567890123456");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "tidb-account-id"), ==, "5000000000000001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "rds-instance-id"), ==, "rm-t4ndemomysql0001");

  /* Real Singapore zone IDs. */
  r = sim_rpc (t, V_VPC, "DescribeZones", &status, "RegionId", "ap-southeast-1", NULL);
  g_assert_cmpuint (status, ==, 200);
  rows = items (r, "Zones", "Zone");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "ZoneId"), ==, "ap-southeast-1a");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2), "ZoneId"), ==, "ap-southeast-1c");
  json_object_unref (r);

  /* The same variety of instances, with Singapore-shaped IDs (rm-t4n…, vpc-t4n…, vsw-t4n…). */
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "ap-southeast-1", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 5);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "ap-southeast-1", "Engine", "MySQL", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 4);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 0);
  json_object_unref (r);

  r = sim_rpc (t, V_RDS, "DescribeDBInstanceNetInfo", &status, "DBInstanceId", "rm-t4ndemomysql0001", NULL);
  info = json_array_get_object_element (items (r, "DBInstanceNetInfos", "DBInstanceNetInfo"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "IPAddress"), ==, "192.168.1.10");
  g_assert_cmpstr (json_object_get_string_member (info, "IPType"), ==, "Private");
  g_assert_cmpstr (json_object_get_string_member (info, "VPCId"), ==, "vpc-t4ndemo000000000001");
  g_assert_cmpstr (json_object_get_string_member (info, "ConnectionString"), ==,
                   "rm-t4ndemomysql0001.mysql.singapore.rds.aliyuncs.com");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceIPArrayList", &status, "DBInstanceId", "rm-t4ndemomysql0002", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items (r, "Items", "DBInstanceIPArray"), 0),
                                                  "SecurityIPList"), ==, "127.0.0.1");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceAttribute", &status, "DBInstanceId", "rm-t4ndemostopped01", NULL);
  info = json_array_get_object_element (items (r, "Items", "DBInstanceAttribute"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "DBInstanceStatus"), ==, "Stopped");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceAttribute", &status, "DBInstanceId", "rm-t4ndemoclassic01", NULL);
  info = json_array_get_object_element (items (r, "Items", "DBInstanceAttribute"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "InstanceNetworkType"), ==, "Classic");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceAttribute", &status, "DBInstanceId", "pgm-t4ndemopg00001", NULL);
  info = json_array_get_object_element (items (r, "Items", "DBInstanceAttribute"), 0);
  g_assert_cmpstr (json_object_get_string_member (info, "Engine"), ==, "PostgreSQL");
  json_object_unref (r);

  /* The user's vSwitches are in 1a and 1b ... */
  r = sim_rpc (t, V_VPC, "DescribeVSwitches", &status, "RegionId", "ap-southeast-1", "VpcId", "vpc-t4ndemo000000000001", NULL);
  rows = items (r, "VSwitches", "VSwitch");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *vsw = json_array_get_object_element (rows, i);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (vsw, "VSwitchId"), "vsw-t4n"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (vsw, "ZoneId"), "ap-southeast-1"));
      g_assert_cmpstr (json_object_get_string_member (vsw, "ZoneId"), !=, "ap-southeast-1c");
    }
  json_object_unref (r);

  /* ... and TiDB's cluster is in regions/alicloud-ap-southeast-1 with zones 1b and 1c: they overlap in 1b. */
  cluster = sim_tidb (t, "GET", "/v1beta1/clusters/10000000000000000001", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  region = json_object_get_object_member (json_node_get_object (cluster), "region");
  g_assert_cmpstr (json_object_get_string_member (region, "name"), ==, "regions/alicloud-ap-southeast-1");
  g_assert_cmpstr (json_object_get_string_member (region, "regionId"), ==, "alicloud-ap-southeast-1");
  zones = sim_tidb (t, "GET", "/v1beta1/clusters/10000000000000000001/privateLinkConnections:getAvailabilityZones",
                    NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (zones), "accountId"), ==, "5000000000000001");
  az = json_object_get_array_member (json_node_get_object (zones), "azIds");
  g_assert_cmpuint (json_array_get_length (az), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (az, 0), ==, "ap-southeast-1b");
  g_assert_cmpstr (json_array_get_string_element (az, 1), ==, "ap-southeast-1c");
}

/* Worlds by name: the hangzhou world is the tests' world; an unknown name is refused. */
static void
test_named_worlds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSimServer) hangzhou = lw_sim_server_new_world ("instant", 1.0, LW_SIM_WORLD_HANGZHOU, &error);
  g_autoptr(LwSimServer) singapore = lw_sim_server_new_world ("instant", 1.0, "singapore", &error);
  g_autoptr(LwSimServer) plain = lw_sim_server_new ("instant", 1.0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lw_sim_server_lookup_demo (hangzhou, "region"), ==, "cn-hangzhou");
  g_assert_cmpstr (lw_sim_server_lookup_demo (hangzhou, "rds-instance-id"), ==, "rm-bp1demomysql0001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (singapore, "region"), ==, "ap-southeast-1");
  /* lw_sim_server_new() without a seed file is the default world. */
  g_assert_cmpstr (lw_sim_server_lookup_demo (plain, "region"), ==, "ap-southeast-1");
  g_assert_cmpuint (g_strv_length ((char **) lw_sim_world_names ()), ==, 2);
  g_assert_true (g_strv_contains (lw_sim_world_names (), "hangzhou"));

  g_assert_null (lw_sim_server_new_world ("instant", 1.0, "atlantis", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "atlantis"));
}

static void
test_large_world (void)
{
  const char *root = g_getenv ("LW_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autoptr(SimTest) t = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 total = 0;
  JsonObject *r;
  guint status;

  if (root == NULL)
    {
      g_test_skip ("LW_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (root, "src", "sim", "worlds", "large.json", NULL);
  t = sim_test_new ("instant", 1.0, path);

  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 5000);
  json_object_unref (r);

  /* Walk every MySQL page of 100. */
  for (guint page = 1; page <= 60; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      JsonArray *rows;

      r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", "Engine", "MySQL",
                   "PageSize", "100", "PageNumber", number, NULL);
      g_assert_cmpuint (status, ==, 200);
      total = json_object_get_int_member (r, "TotalRecordCount");
      rows = items (r, "Items", "DBInstance");
      g_assert_cmpint (json_object_get_int_member (r, "PageRecordCount"), ==, json_array_get_length (rows));
      for (guint i = 0; i < json_array_get_length (rows); i++)
        g_hash_table_add (seen, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                                        "DBInstanceId")));
      if (json_array_get_length (rows) < 100)
        {
          json_object_unref (r);
          break;
        }
      json_object_unref (r);
    }
  g_assert_cmpint (total, ==, 4999);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 4999);

  /* MaxResults/NextToken paging, as the RDS API also offers. */
  {
    g_autofree char *token = NULL;
    guint pages = 0, rows = 0;

    do
      {
        JsonArray *page;

        r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", "Engine", "MySQL",
                     "MaxResults", "100", token ? "NextToken" : NULL, token, NULL);
        g_assert_cmpuint (status, ==, 200);
        page = items (r, "Items", "DBInstance");
        g_assert_cmpuint (json_array_get_length (page), <=, 100);
        rows += json_array_get_length (page);
        g_free (token);
        token = g_strdup (json_object_get_string_member_with_default (r, "NextToken", NULL));
        json_object_unref (r);
        pages++;
      }
    while (token != NULL && pages < 100);
    g_assert_cmpuint (rows, ==, 4999);
    g_assert_cmpuint (pages, ==, 50);
  }

  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", "SearchKey", "app-0042", NULL);
  g_assert_cmpint (json_object_get_int_member (r, "TotalRecordCount"), ==, 1);
  json_object_unref (r);
  assert_code (sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "cn-hangzhou", "PageSize", "1000", NULL),
               "InvalidParameter");
}

static void
test_bad_seeds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lw-sim-XXXXXX", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.json", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  const char *files[] = { "/nonexistent/world.json", garbage, empty };
  g_autoptr(GError) error = NULL;
  LwSimServer *sim;

  g_assert_true (g_file_set_contents (garbage, "{\"alibaba\": [", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "{}", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_clear_error (&error);
      sim = lw_sim_server_new ("instant", 1.0, files[i], &error);
      g_assert_null (sim);
      g_assert_nonnull (error);
    }
  g_clear_error (&error);
  g_assert_null (lw_sim_server_new ("glacial", 1.0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (lw_sim_server_new ("demo", -1.0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_unlink (garbage);
  g_unlink (empty);
  g_rmdir (dir);
}

static void
test_reset (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *r;
  guint status;

  r = sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "lw-sg", "VpcId", "vpc-bp1demo000000000001",
               "ClientToken", "lw-reset", NULL);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "ModifySecurityIps", &status, "DBInstanceId", "rm-bp1demomysql0002",
               "SecurityIps", "172.16.0.0/16", NULL);
  json_object_unref (r);
  g_assert_true (lw_sim_server_add_faults (t->sim, "GetCallerIdentity:5xx:*", &error));
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 1);

  lw_sim_server_reset (t->sim);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "server-group"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, NULL), ==, 0);
  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceIPArrayList", &status, "DBInstanceId", "rm-bp1demomysql0002", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items (r, "Items", "DBInstanceIPArray"), 0),
                                                  "SecurityIPList"), ==, "127.0.0.1");
  json_object_unref (r);
  /* The same token creates anew after a reset. */
  r = sim_rpc (t, V_NLB, "CreateServerGroup", &status, "ServerGroupName", "lw-sg", "VpcId", "vpc-bp1demo000000000001",
               "ClientToken", "lw-reset", NULL);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 1);
}

static void
test_executable (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *line = NULL, *state_uri = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^LINKWRIGHT_SIM_URL=http://127\\.0\\.0\\.1:[0-9]+$", 0, 0, NULL);

  if (sim_exe == NULL)
    {
      g_test_skip ("the linkwright-sim path was not passed to the test");
      return;
    }
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim_exe, "--port", "0", "--profile", "instant",
                           "--faults", "GetCallerIdentity:throttling", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_regex_match (re, line, 0, NULL));

  /* Another process: a blocking call is fine here. */
  state_uri = g_strconcat (line + strlen ("LINKWRIGHT_SIM_URL="), "/_sim/state", NULL);
  msg = soup_message_new ("GET", state_uri);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"profile\":\"instant\""));

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* --world: the default is Singapore, hangzhou on request; an unknown name or --world with --seed
   * is refused. */
  {
    const char *worlds[][2] = { { NULL, "(region ap-southeast-1)" }, { "hangzhou", "(region cn-hangzhou)" } };

    for (guint i = 0; i < G_N_ELEMENTS (worlds); i++)
      {
        g_autoptr(GDataInputStream) lines = NULL;
        gboolean seen = FALSE;

        g_clear_object (&proc);
        if (worlds[i][0] != NULL)
          proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim_exe, "--world", worlds[i][0], NULL);
        else
          proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim_exe, NULL);
        g_assert_no_error (error);
        lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
        /* The banner is a handful of lines; the account line names the region. */
        for (guint n = 0; n < 10 && !seen; n++)
          {
            g_autofree char *l = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
            g_assert_no_error (error);
            g_assert_nonnull (l);
            seen = strstr (l, worlds[i][1]) != NULL;
          }
        g_assert_true (seen);
        /* (Possibly before its signal handlers exist: the clean exit is checked above.) */
        g_subprocess_force_exit (proc);
        g_assert_true (g_subprocess_wait (proc, NULL, &error));
      }
    g_clear_object (&proc);
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             sim_exe, "--world", "atlantis", NULL);
    g_assert_true (g_subprocess_wait (proc, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
    g_clear_object (&proc);
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             sim_exe, "--world", "hangzhou", "--seed", "/nonexistent.json", NULL);
    g_assert_true (g_subprocess_wait (proc, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  }

  g_clear_object (&proc);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           sim_exe, "--faults", "Nope", NULL);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* meson passes the linkwright-sim path as a positional argument. */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-' && g_str_has_suffix (argv[i], "linkwright-sim"))
      {
        sim_exe = argv[i];
        for (int j = i; j < argc; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/world/demo", test_demo_world);
  g_test_add_func ("/sim/world/default-singapore", test_default_world);
  g_test_add_func ("/sim/world/named", test_named_worlds);
  g_test_add_func ("/sim/world/large", test_large_world);
  g_test_add_func ("/sim/world/bad-seeds", test_bad_seeds);
  g_test_add_func ("/sim/world/reset", test_reset);
  g_test_add_func ("/sim/world/executable", test_executable);
  return g_test_run ();
}
