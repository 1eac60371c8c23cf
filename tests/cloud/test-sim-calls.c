/* test-sim-calls.c: every typed call against the in-process simulated cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-sim.h"
#include "cloud-test-util.h"

typedef struct {
  LwSimServer  *sim;
  LwRpcClient  *client;
  LwTidbClient *tidb;
  LwFakeClock  *clock;
  Waiter        w;
  AttemptLog    log;
} Fixture;

static GAsyncResult *
arm_ (Fixture *f)
{
  waiter_clear (&f->w);
  return NULL;
}

#define ARM(f) (arm_ (f), &(f)->w)
#define AWAIT(f) wait_for_result (&(f)->w)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwCredentials) creds = NULL;
  LwRetryPolicy policy = { 4, 0.5, 4.0, 10.0 };

  f->sim = cloud_test_sim_new ("instant", 0.01, &error);
  g_assert_no_error (error);
  lw_sim_server_listen_local (f->sim, 0, &error);
  g_assert_no_error (error);

  creds = lw_credentials_new (lw_sim_server_lookup_demo (f->sim, "access-key-id"),
                              lw_sim_server_lookup_demo (f->sim, "access-key-secret"), NULL);
  f->client = lw_rpc_client_new (creds, "cn-hangzhou");
  lw_rpc_client_set_endpoint_override (f->client, lw_sim_server_get_base_url (f->sim), &error);
  g_assert_no_error (error);
  /* Backoff goes through a fake clock: the schedule is recorded, nothing waits. */
  f->clock = lw_fake_clock_new ();
  lw_rpc_client_set_clock (f->client, LW_CLOCK (f->clock));
  lw_rpc_client_set_retry_policy (f->client, &policy);
  lw_rpc_client_set_timeout (f->client, 10);

  f->tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (f->sim, "tidb-public-key"),
                                lw_sim_server_lookup_demo (f->sim, "tidb-private-key"));
  lw_tidb_client_set_endpoint_override (f->tidb, lw_sim_server_get_base_url (f->sim), &error);
  g_assert_no_error (error);
  lw_tidb_client_set_clock (f->tidb, LW_CLOCK (f->clock));
  lw_tidb_client_set_retry_policy (f->tidb, &policy);

  attempt_log_init (&f->log);
  g_signal_connect (f->client, "attempt", G_CALLBACK (attempt_log_cb), &f->log);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  waiter_clear (&f->w);
  attempt_log_clear (&f->log);
  g_clear_object (&f->client);
  g_clear_object (&f->tidb);
  g_clear_object (&f->clock);
  g_clear_object (&f->sim);
  /* Let the server finish closing connections. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
strv_has (char **strv, const char *s)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, s);
}

/* STS */

static void
test_sts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwStsCallerIdentity) id = NULL;

  lw_sts_get_caller_identity_async (f->client, NULL, waiter_cb, ARM (f));
  id = lw_sts_get_caller_identity_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id->account_id, ==, lw_sim_server_lookup_demo (f->sim, "account-id"));
  g_assert_nonnull (id->arn);
  g_assert_nonnull (id->request_id);
  g_assert_cmpuint (f->log.count, ==, 1);
}

/* RDS */

static gboolean
instances_have (GPtrArray *instances, const char *id)
{
  for (guint i = 0; i < instances->len; i++)
    if (g_strcmp0 (((LwRdsInstance *) g_ptr_array_index (instances, i))->db_instance_id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_rds (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) all_engines = NULL;
  g_autoptr(LwRdsInstancePage) page = NULL;
  g_autoptr(LwRdsInstance) attr = NULL;
  g_autoptr(LwRdsNetInfo) net = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) arrays2 = NULL;
  LwRdsInstanceQuery mysql = { .engine = "MySQL" };
  LwRdsInstanceQuery small = { .engine = "MySQL", .page_size = 2 };
  const LwRdsNetInfoEntry *priv;
  gboolean found = FALSE;

  lw_rds_describe_regions_async (f->client, NULL, waiter_cb, ARM (f));
  regions = lw_rds_describe_regions_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < regions->len; i++)
    if (g_strcmp0 (((LwRdsRegion *) g_ptr_array_index (regions, i))->region_id, "cn-hangzhou") == 0)
      found = TRUE;
  g_assert_true (found);

  lw_rds_describe_all_db_instances_async (f->client, &mysql, NULL, waiter_cb, ARM (f));
  all = lw_rds_describe_all_db_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_true (instances_have (all, "rm-bp1demomysql0001"));
  g_assert_true (instances_have (all, "rm-bp1democlassic01"));
  g_assert_false (instances_have (all, "pgm-bp1demopg00001"));

  lw_rds_describe_all_db_instances_async (f->client, NULL, NULL, waiter_cb, ARM (f));
  all_engines = lw_rds_describe_all_db_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_true (instances_have (all_engines, "pgm-bp1demopg00001"));

  /* Page by page, as the picker does: a page of two, with the total. */
  lw_rds_describe_db_instances_async (f->client, &small, 1, NULL, waiter_cb, ARM (f));
  page = lw_rds_describe_db_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->instances->len, ==, 2);
  g_assert_cmpuint (page->total_record_count, ==, all->len);
  g_assert_cmpuint (page->page_number, ==, 1);

  lw_rds_describe_db_instance_attribute_async (f->client, "rm-bp1demomysql0001", NULL, waiter_cb, ARM (f));
  attr = lw_rds_describe_db_instance_attribute_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (attr->engine, ==, "MySQL");
  g_assert_cmpstr (attr->status, ==, "Running");
  g_assert_cmpstr (attr->network_type, ==, "VPC");
  g_assert_cmpstr (attr->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpuint (attr->port, ==, 3306);

  lw_rds_describe_db_instance_net_info_async (f->client, "rm-bp1demomysql0001", NULL, waiter_cb, ARM (f));
  net = lw_rds_describe_db_instance_net_info_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  priv = lw_rds_net_info_find_private (net);
  g_assert_nonnull (priv);
  g_assert_cmpstr (priv->ip_address, ==, "172.16.2.10");
  g_assert_cmpuint (priv->port, ==, 3306);
  g_assert_cmpstr (priv->vpc_id, ==, "vpc-bp1demo000000000001");

  lw_rds_describe_db_instance_ip_array_list_async (f->client, "rm-bp1demomysql0002", NULL, waiter_cb, ARM (f));
  arrays = lw_rds_describe_db_instance_ip_array_list_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, >=, 1);

  lw_rds_modify_security_ips_async (f->client, "rm-bp1demomysql0002", "linkwright", "172.16.1.0/24,172.16.2.0/24",
                                    "Append", NULL, waiter_cb, ARM (f));
  g_assert_true (lw_rds_modify_security_ips_finish (f->client, AWAIT (f), &error));
  g_assert_no_error (error);

  lw_rds_describe_db_instance_ip_array_list_async (f->client, "rm-bp1demomysql0002", NULL, waiter_cb, ARM (f));
  arrays2 = lw_rds_describe_db_instance_ip_array_list_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  found = FALSE;
  for (guint i = 0; i < arrays2->len; i++)
    {
      LwRdsIpArray *a = g_ptr_array_index (arrays2, i);
      if (a->security_ip_list != NULL && strstr (a->security_ip_list, "172.16.1.0/24") != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

/* PolarDB (issue 15): every typed call against the simulator, in the form body, no RegionId on
 * the per-cluster calls (the simulator records what arrived where). */
static void
test_polardb (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL, endpoints = NULL, one = NULL, groups = NULL, groups2 = NULL;
  g_autoptr(LwPolardbClusterPage) page = NULL;
  g_autoptr(LwPolardbClusterAttribute) attr = NULL;
  g_autoptr(JsonArray) calls = NULL;
  LwPolardbClusterQuery mysql = { .db_type = "MySQL" };
  LwPolardbClusterQuery small = { .page_size = 10 };
  const LwPolardbEndpoint *cluster;
  const LwPolardbAddress *address;
  LwPolardbCluster *first;
  gboolean found = FALSE;

  lw_sim_server_set_record_wire (f->sim, TRUE);
  lw_polardb_describe_all_db_clusters_async (f->client, &mysql, NULL, waiter_cb, ARM (f));
  all = lw_polardb_describe_all_db_clusters_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  first = g_ptr_array_index (all, 0);
  g_assert_cmpstr (first->db_cluster_id, ==, "pc-bp1demopolar0001");
  g_assert_cmpstr (first->db_type, ==, "MySQL");
  g_assert_cmpstr (first->db_version, ==, "8.0");
  g_assert_cmpstr (first->status, ==, "Running");
  g_assert_cmpstr (first->network_type, ==, "VPC");
  g_assert_cmpstr (first->zone_id, ==, "cn-hangzhou-i");
  g_assert_cmpstr (first->vpc_id, ==, "vpc-bp1demo000000000001");

  /* A page size the API does not take becomes the next one it does (30). */
  lw_polardb_describe_db_clusters_async (f->client, &small, 1, NULL, waiter_cb, ARM (f));
  page = lw_polardb_describe_db_clusters_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->clusters->len, ==, 4);
  g_assert_cmpuint (page->total_record_count, ==, 4);
  g_assert_cmpuint (page->page_number, ==, 1);
  g_assert_nonnull (page->request_id);

  lw_polardb_describe_db_cluster_attribute_async (f->client, "pc-bp1demopolar0002", NULL, waiter_cb, ARM (f));
  attr = lw_polardb_describe_db_cluster_attribute_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (attr->db_version, ==, "5.7");
  g_assert_cmpstr (attr->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (attr->vswitch_id, ==, "vsw-bp1demoh000000001");
  g_assert_cmpstr (attr->zone_ids, ==, "cn-hangzhou-h");

  lw_polardb_describe_db_cluster_endpoints_async (f->client, "pc-bp1demopolar0001", NULL, NULL, waiter_cb, ARM (f));
  endpoints = lw_polardb_describe_db_cluster_endpoints_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (endpoints->len, ==, 2);
  cluster = lw_polardb_endpoints_find_type (endpoints, "Cluster");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->db_endpoint_id, ==, "pe-bp1democluster01");
  address = lw_polardb_endpoint_find_private (cluster);
  g_assert_nonnull (address);
  g_assert_cmpstr (address->ip_address, ==, "172.16.2.30");
  g_assert_cmpuint (address->port, ==, 3306);
  g_assert_cmpstr (address->vpc_id, ==, "vpc-bp1demo000000000001");
  lw_polardb_describe_db_cluster_endpoints_async (f->client, "pc-bp1demopolar0001", "pe-bp1demoprimary01", NULL,
                                                  waiter_cb, ARM (f));
  one = lw_polardb_describe_db_cluster_endpoints_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_null (lw_polardb_endpoints_find_type (one, "Cluster"));

  lw_polardb_describe_db_cluster_access_whitelist_async (f->client, "pc-bp1demopolar0002", NULL, waiter_cb, ARM (f));
  groups = lw_polardb_describe_db_cluster_access_whitelist_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((LwPolardbWhitelist *) g_ptr_array_index (groups, 0))->security_ips, ==, "127.0.0.1");

  lw_polardb_modify_db_cluster_access_whitelist_async (f->client, "pc-bp1demopolar0002", "lwsetup01",
                                                       "172.16.2.0/24,172.16.3.0/24", "Append", NULL, waiter_cb,
                                                       ARM (f));
  g_assert_true (lw_polardb_modify_db_cluster_access_whitelist_finish (f->client, AWAIT (f), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "polardb-whitelist"), ==, 1);
  lw_polardb_describe_db_cluster_access_whitelist_async (f->client, "pc-bp1demopolar0002", NULL, waiter_cb, ARM (f));
  groups2 = lw_polardb_describe_db_cluster_access_whitelist_finish (f->client, AWAIT (f), &error);
  for (guint i = 0; i < groups2->len; i++)
    {
      LwPolardbWhitelist *g = g_ptr_array_index (groups2, i);
      if (g_strcmp0 (g->name, "lwsetup01") == 0)
        {
          g_assert_cmpstr (g->security_ips, ==, "172.16.2.0/24,172.16.3.0/24");
          found = TRUE;
        }
    }
  g_assert_true (found);
  lw_polardb_modify_db_cluster_access_whitelist_async (f->client, "pc-bp1demopolar0002", "lwsetup01",
                                                       "172.16.2.0/24,172.16.3.0/24", "Delete", NULL, waiter_cb,
                                                       ARM (f));
  g_assert_true (lw_polardb_modify_db_cluster_access_whitelist_finish (f->client, AWAIT (f), &error));
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "polardb-whitelist"), ==, 0);

  /* A documented refusal comes back as the cloud's error code. */
  lw_polardb_describe_db_cluster_attribute_async (f->client, "pc-doesnotexist00", NULL, waiter_cb, ARM (f));
  g_assert_null (lw_polardb_describe_db_cluster_attribute_finish (f->client, AWAIT (f), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidDBClusterId.NotFound"));
  g_clear_error (&error);

  /* On the wire: every parameter in the form body; RegionId only on DescribeDBClusters. */
  calls = lw_sim_server_dup_calls (f->sim);
  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *e = json_array_get_object_element (calls, i);
      JsonObject *query = json_object_get_object_member (e, "query");
      JsonObject *body = json_object_get_object_member (e, "body");
      const char *action = json_object_get_string_member (e, "action");

      g_assert_cmpstr (json_object_get_string_member (e, "product"), ==, "Polardb");
      g_assert_false (json_object_has_member (query, "DBClusterId"));
      g_assert_false (json_object_has_member (query, "RegionId"));
      if (g_str_equal (action, "DescribeDBClusters"))
        g_assert_cmpstr (json_object_get_string_member (body, "RegionId"), ==, "cn-hangzhou");
      else
        g_assert_false (json_object_has_member (body, "RegionId"));
    }
  g_assert_cmpuint (json_array_get_length (calls), ==, 10);
}

static gboolean
ecs_instances_have (GPtrArray *instances, const char *id)
{
  for (guint i = 0; i < instances->len; i++)
    if (g_strcmp0 (((LwEcsInstance *) g_ptr_array_index (instances, i))->instance_id, id) == 0)
      return TRUE;
  return FALSE;
}

/* ECS (issue 15): instances (one page, every page through NextToken), the security group, a rule
 * authorized (ClientToken) then found and revoked by its ID. */
static void
test_ecs (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL, running = NULL;
  g_autoptr(LwEcsInstancePage) page = NULL, by_id = NULL;
  g_autoptr(LwEcsSecurityGroup) sg = NULL, sg2 = NULL, sg3 = NULL;
  const char *ids[] = { "i-bp1demomysqlecs02", "i-doesnotexist0000001", NULL };
  LwEcsInstanceQuery by_ids = { .instance_ids = ids };
  LwEcsInstanceQuery small = { .page_size = 3 };
  LwEcsInstanceQuery vpc_running = { .vpc_id = "vpc-bp1demo000000000001", .status = "Running", .network_type = "vpc",
                                     .page_size = 1 };
  LwEcsPermission perms[] = {
    { "TCP", "3306/3306", "172.16.2.0/24", "accept", "1", "lw-test-setup", "intranet" },
    { "TCP", "3306/3306", "172.16.3.0/24", "accept", "1", "lw-test-setup", "intranet" },
  };
  g_autoptr(GStrvBuilder) created = g_strv_builder_new ();
  g_auto(GStrv) rule_ids = NULL;
  LwEcsInstance *inst;

  lw_ecs_describe_all_instances_async (f->client, NULL, NULL, waiter_cb, ARM (f));
  all = lw_ecs_describe_all_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  inst = g_ptr_array_index (all, 0);
  g_assert_cmpstr (inst->instance_id, ==, "i-bp1demomysqlecs01");
  g_assert_cmpstr (inst->network_type, ==, "vpc");
  g_assert_cmpstr (inst->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (inst->vswitch_id, ==, "vsw-bp1demoi000000001");
  g_assert_cmpstr (lw_ecs_instance_get_private_ip (inst), ==, "172.16.2.60");
  g_assert_cmpstr (inst->security_group_ids[0], ==, "sg-bp1demoecsmysql01");
  g_assert_true (ecs_instances_have (all, "i-bp1demoecsclassic"));
  inst = g_ptr_array_index (all, 3);
  g_assert_cmpstr (inst->network_type, ==, "classic");
  g_assert_cmpstr (lw_ecs_instance_get_private_ip (inst), ==, "10.110.30.40");

  /* Every page through NextToken, one instance per page. */
  lw_ecs_describe_all_instances_async (f->client, &vpc_running, NULL, waiter_cb, ARM (f));
  running = lw_ecs_describe_all_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (running->len, ==, 2);
  g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeInstances"), ==, 1 + 2);

  lw_ecs_describe_instances_async (f->client, &small, 2, NULL, waiter_cb, ARM (f));
  page = lw_ecs_describe_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->instances->len, ==, 1);
  g_assert_cmpuint (page->total_count, ==, 4);
  g_assert_cmpuint (page->page_number, ==, 2);

  lw_ecs_describe_instances_async (f->client, &by_ids, 1, NULL, waiter_cb, ARM (f));
  by_id = lw_ecs_describe_instances_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_id->instances->len, ==, 1);
  g_assert_cmpstr (((LwEcsInstance *) g_ptr_array_index (by_id->instances, 0))->instance_id, ==, "i-bp1demomysqlecs02");

  lw_ecs_describe_security_group_attribute_async (f->client, "sg-bp1demoecsnorule1", "ingress", NULL, waiter_cb, ARM (f));
  sg = lw_ecs_describe_security_group_attribute_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sg->rules->len, ==, 1);
  g_assert_cmpstr (sg->vpc_id, ==, "vpc-bp1demo000000000001");
  g_assert_cmpstr (((LwEcsRule *) g_ptr_array_index (sg->rules, 0))->port_range, ==, "22/22");

  lw_ecs_authorize_security_group_async (f->client, "sg-bp1demoecsnorule1", perms, G_N_ELEMENTS (perms), "lw-test-token-1",
                                         NULL, waiter_cb, ARM (f));
  g_assert_true (lw_ecs_authorize_security_group_finish (f->client, AWAIT (f), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "ecs-security-rule"), ==, 2);
  lw_ecs_describe_security_group_attribute_async (f->client, "sg-bp1demoecsnorule1", NULL, NULL, waiter_cb, ARM (f));
  sg2 = lw_ecs_describe_security_group_attribute_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sg2->rules->len; i++)
    {
      LwEcsRule *r = g_ptr_array_index (sg2->rules, i);
      if (g_strcmp0 (r->description, "lw-test-setup") == 0)
        {
          g_assert_cmpstr (r->port_range, ==, "3306/3306");
          g_assert_cmpstr (r->priority, ==, "1");
          g_strv_builder_add (created, r->rule_id);
        }
    }
  rule_ids = g_strv_builder_end (created);
  g_assert_cmpuint (g_strv_length (rule_ids), ==, 2);

  lw_ecs_revoke_security_group_async (f->client, "sg-bp1demoecsnorule1", (const char * const *) rule_ids, NULL, NULL,
                                      waiter_cb, ARM (f));
  g_assert_true (lw_ecs_revoke_security_group_finish (f->client, AWAIT (f), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "ecs-security-rule"), ==, 0);
  lw_ecs_describe_security_group_attribute_async (f->client, "sg-bp1demoecsnorule1", NULL, NULL, waiter_cb, ARM (f));
  sg3 = lw_ecs_describe_security_group_attribute_finish (f->client, AWAIT (f), &error);
  g_assert_cmpuint (sg3->rules->len, ==, 1);

  /* Refusals come back with the cloud's codes; nothing is created. */
  perms[0].port_range = "3306";
  lw_ecs_authorize_security_group_async (f->client, "sg-bp1demoecsnorule1", perms, 1, NULL, NULL, waiter_cb, ARM (f));
  g_assert_false (lw_ecs_authorize_security_group_finish (f->client, AWAIT (f), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidPortRange.Malformed"));
  g_clear_error (&error);
  lw_ecs_revoke_security_group_async (f->client, "sg-bp1demoecsnorule1", (const char * const *) rule_ids, NULL, NULL,
                                      waiter_cb, ARM (f));
  g_assert_false (lw_ecs_revoke_security_group_finish (f->client, AWAIT (f), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidSecurityGroupRuleId.NotFound"));
  g_clear_error (&error);
  lw_ecs_describe_security_group_attribute_async (f->client, "sg-doesnotexist00001", NULL, NULL, waiter_cb, ARM (f));
  g_assert_null (lw_ecs_describe_security_group_attribute_finish (f->client, AWAIT (f), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidSecurityGroupId.NotFound"));
  g_assert_cmpuint (lw_sim_server_count_created (f->sim, "ecs-security-rule"), ==, 2);
}

/* VPC */

static void
test_vpc (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vsw = NULL;
  g_autoptr(GPtrArray) zones = NULL;
  gboolean found = FALSE;

  lw_vpc_describe_vswitches_async (f->client, "vpc-bp1demo000000000001", NULL, NULL, waiter_cb, ARM (f));
  vsw = lw_vpc_describe_vswitches_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vsw->len, ==, 3);
  for (guint i = 0; i < vsw->len; i++)
    {
      LwVpcVSwitch *v = g_ptr_array_index (vsw, i);
      g_assert_cmpstr (v->vpc_id, ==, "vpc-bp1demo000000000001");
      g_assert_nonnull (v->cidr_block);
      g_assert_cmpint (v->available_ip_count, >, 0);
      if (g_strcmp0 (v->vswitch_id, "vsw-bp1demoi000000001") == 0)
        {
          g_assert_cmpstr (v->zone_id, ==, "cn-hangzhou-i");
          g_assert_cmpstr (v->cidr_block, ==, "172.16.2.0/24");
          found = TRUE;
        }
    }
  g_assert_true (found);

  lw_vpc_describe_zones_async (f->client, NULL, waiter_cb, ARM (f));
  zones = lw_vpc_describe_zones_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  found = FALSE;
  for (guint i = 0; i < zones->len; i++)
    if (g_strcmp0 (((LwVpcZone *) g_ptr_array_index (zones, i))->zone_id, "cn-hangzhou-k") == 0)
      found = TRUE;
  g_assert_true (found);
}

/* NLB + PrivateLink + TiDB: the whole resource chain, then its teardown. */

static void
wait_job (Fixture *f, const char *job_id)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *status = NULL;

      lw_nlb_get_job_status_async (f->client, job_id, NULL, waiter_cb, ARM (f));
      status = lw_nlb_get_job_status_finish (f->client, AWAIT (f), &error);
      g_assert_no_error (error);
      if (g_strcmp0 (status, "Succeeded") == 0)
        return;
      g_assert_cmpstr (status, ==, "processing");
    }
  g_assert_not_reached ();
}

static void
test_chain (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sg_token = lw_rpc_client_new_client_token ();
  g_autofree char *sg_id = NULL;
  g_autofree char *lb_id = NULL;
  g_autofree char *listener_id = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *service_name = NULL;
  g_autofree char *plc_id = NULL;
  const char *tidb_account = lw_sim_server_lookup_demo (f->sim, "tidb-account-id");
  guint64 tidb_uid = g_ascii_strtoull (tidb_account, NULL, 10);
  const char *tags[] = { "created-by", "linkwright", NULL };
  LwNlbServerGroupSpec sg = {
    .server_group_name = "lw-rm-bp1demomysql0001-test", .vpc_id = "vpc-bp1demo000000000001",
    .server_group_type = "Ip", .protocol = "TCP", .preserve_client_ip_enabled = FALSE,
    .health_check_enabled = TRUE, .health_check_type = "TCP", .health_check_connect_timeout = 5,
    .tags = tags,
  };
  LwNlbServerSpec server = { .server_id = "172.16.2.10", .server_type = "Ip", .server_ip = "172.16.2.10",
                             .port = 3306, .description = "RDS_rm-bp1demomysql0001" };
  LwNlbZoneMappingSpec zones[] = {
    { "cn-hangzhou-i", "vsw-bp1demoi000000001", NULL },
    { "cn-hangzhou-j", "vsw-bp1demoj000000001", NULL },
  };
  LwNlbLoadBalancerSpec lb = {
    .load_balancer_name = "lw-rm-bp1demomysql0001-test", .vpc_id = "vpc-bp1demo000000000001",
    .address_type = "Intranet", .address_ip_version = "ipv4", .zone_mappings = zones, .n_zone_mappings = 2,
    .pay_type = "PostPay", .tags = tags,
  };

  /* Dry run: validated, nothing created. */
  {
    g_autoptr(LwNlbJobResult) r = NULL;
    lw_nlb_create_server_group_async (f->client, &sg, NULL, LW_CALL_FLAGS_DRY_RUN, NULL, waiter_cb, ARM (f));
    r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_true (r->dry_run);
    g_assert_null (r->resource_id);
    g_assert_cmpuint (lw_sim_server_count_live (f->sim, "server-group"), ==, 0);
  }

  /* Create twice with one ClientToken (a resume): one server group. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(LwNlbJobResult) r = NULL;
      lw_nlb_create_server_group_async (f->client, &sg, sg_token, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
      r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
      g_assert_no_error (error);
      g_assert_false (r->dry_run);
      g_assert_true (g_str_has_prefix (r->resource_id, "sgp-"));
      if (sg_id == NULL)
        sg_id = g_strdup (r->resource_id);
      g_assert_cmpstr (r->resource_id, ==, sg_id);
      if (r->job_id != NULL)
        wait_job (f, r->job_id);
    }
  g_assert_cmpuint (lw_sim_server_count_created (f->sim, "server-group"), ==, 1);

  {
    const char *ids[] = { sg_id, NULL };
    g_autoptr(GPtrArray) groups = NULL;
    LwNlbServerGroup *g;

    lw_nlb_list_server_groups_async (f->client, ids, NULL, waiter_cb, ARM (f));
    groups = lw_nlb_list_server_groups_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (groups->len, ==, 1);
    g = g_ptr_array_index (groups, 0);
    g_assert_cmpstr (g->server_group_id, ==, sg_id);
    g_assert_cmpstr (g->server_group_type, ==, "Ip");
    g_assert_cmpstr (g->vpc_id, ==, "vpc-bp1demo000000000001");
  }

  {
    g_autoptr(LwNlbJobResult) r = NULL;
    g_autoptr(GPtrArray) servers = NULL;
    LwNlbBackendServer *s;

    lw_nlb_add_servers_to_server_group_async (f->client, sg_id, &server, 1, NULL, LW_CALL_FLAGS_NONE, NULL,
                                              waiter_cb, ARM (f));
    r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_nonnull (r->job_id);
    wait_job (f, r->job_id);

    lw_nlb_list_server_group_servers_async (f->client, sg_id, NULL, waiter_cb, ARM (f));
    servers = lw_nlb_list_server_group_servers_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (servers->len, ==, 1);
    s = g_ptr_array_index (servers, 0);
    g_assert_cmpstr (s->server_ip, ==, "172.16.2.10");
    g_assert_cmpuint (s->port, ==, 3306);
  }

  {
    g_autoptr(LwNlbJobResult) r = NULL;

    lw_nlb_create_load_balancer_async (f->client, &lb, NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
    r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    /* The API's "LoadbalancerId" spelling is read. */
    g_assert_true (g_str_has_prefix (r->resource_id, "nlb-"));
    lb_id = g_strdup (r->resource_id);
  }

  for (guint i = 0;; i++)
    {
      g_autoptr(LwNlbLoadBalancer) got = NULL;

      g_assert_cmpuint (i, <, 500);
      lw_nlb_get_load_balancer_async (f->client, lb_id, NULL, waiter_cb, ARM (f));
      got = lw_nlb_get_load_balancer_finish (f->client, AWAIT (f), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got->load_balancer_id, ==, lb_id);
      if (g_strcmp0 (got->status, "Active") == 0)
        {
          g_assert_cmpuint (got->zone_mappings->len, ==, 2);
          g_assert_nonnull (got->dns_name);
          break;
        }
    }

  {
    LwNlbListenerSpec ls = { .listener_protocol = "TCP", .listener_port = 3306, .load_balancer_id = lb_id,
                             .server_group_id = sg_id, .listener_description = "lw_test" };
    g_autoptr(LwNlbJobResult) r = NULL;

    lw_nlb_create_listener_async (f->client, &ls, NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
    r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (r->resource_id, "lsn-"));
    listener_id = g_strdup (r->resource_id);
  }

  for (guint i = 0;; i++)
    {
      g_autoptr(LwNlbListener) got = NULL;

      g_assert_cmpuint (i, <, 500);
      lw_nlb_get_listener_async (f->client, listener_id, NULL, waiter_cb, ARM (f));
      got = lw_nlb_get_listener_finish (f->client, AWAIT (f), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (got->listener_port, ==, 3306);
      if (g_strcmp0 (got->status, "Running") == 0)
        break;
    }

  {
    g_autoptr(LwNlbListenerHealth) h = NULL;
    g_autoptr(GPtrArray) lbs = NULL;
    g_autoptr(GPtrArray) listeners = NULL;
    const char *ids[] = { lb_id, NULL };

    lw_nlb_get_listener_health_status_async (f->client, listener_id, NULL, waiter_cb, ARM (f));
    h = lw_nlb_get_listener_health_status_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_nonnull (h->non_normal_servers);

    lw_nlb_list_load_balancers_async (f->client, ids, NULL, waiter_cb, ARM (f));
    lbs = lw_nlb_list_load_balancers_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lbs->len, ==, 1);

    lw_nlb_list_listeners_async (f->client, lb_id, NULL, waiter_cb, ARM (f));
    listeners = lw_nlb_list_listeners_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (listeners->len, ==, 1);
    g_assert_cmpstr (((LwNlbListener *) g_ptr_array_index (listeners, 0))->listener_id, ==, listener_id);
  }

  /* PrivateLink */
  {
    gboolean open = FALSE;

    lw_privatelink_check_product_open_async (f->client, NULL, waiter_cb, ARM (f));
    g_assert_true (lw_privatelink_check_product_open_finish (f->client, AWAIT (f), &open, &error));
    g_assert_no_error (error);
    g_assert_true (open);

    /* Activating again is harmless (ORDER.OPEND counts as done). */
    lw_privatelink_open_service_async (f->client, NULL, waiter_cb, ARM (f));
    g_assert_true (lw_privatelink_open_service_finish (f->client, AWAIT (f), &error));
    g_assert_no_error (error);
  }

  {
    LwPrivateLinkResourceSpec res[] = {
      { "nlb", lb_id, "cn-hangzhou-i" },
      { "nlb", lb_id, "cn-hangzhou-j" },
    };
    LwPrivateLinkServiceSpec spec = { .service_resource_type = "nlb", .resources = res, .n_resources = 2,
                                      .auto_accept_enabled = FALSE,
                                      /* The documented charset (data/api-string-rules.json): letters,
                                       * Chinese characters, digits, _ and -; still percent-encoded UTF-8. */
                                      .service_description = "Linkwright_TiDB-Cloud_RDS_测试",
                                      .tags = tags };
    g_autoptr(LwPrivateLinkService) dry = NULL;
    g_autoptr(LwPrivateLinkService) svc = NULL;

    lw_privatelink_create_endpoint_service_async (f->client, &spec, NULL, LW_CALL_FLAGS_DRY_RUN, NULL,
                                                  waiter_cb, ARM (f));
    dry = lw_privatelink_create_endpoint_service_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_true (dry->dry_run);
    g_assert_cmpuint (lw_sim_server_count_live (f->sim, "endpoint-service"), ==, 0);

    lw_privatelink_create_endpoint_service_async (f->client, &spec, NULL, LW_CALL_FLAGS_NONE, NULL,
                                                  waiter_cb, ARM (f));
    svc = lw_privatelink_create_endpoint_service_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (svc->service_id, "epsrv-"));
    service_id = g_strdup (svc->service_id);
  }

  for (guint i = 0;; i++)
    {
      g_autoptr(LwPrivateLinkService) got = NULL;

      g_assert_cmpuint (i, <, 500);
      lw_privatelink_get_endpoint_service_async (f->client, service_id, NULL, waiter_cb, ARM (f));
      got = lw_privatelink_get_endpoint_service_finish (f->client, AWAIT (f), &error);
      g_assert_no_error (error);
      g_assert_false (got->auto_accept_enabled);
      if (g_strcmp0 (got->service_status, "Active") == 0)
        {
          g_assert_true (g_str_has_prefix (got->service_name, "com.aliyuncs.privatelink.cn-hangzhou.epsrv-"));
          service_name = g_strdup (got->service_name);
          break;
        }
    }

  {
    g_autoptr(GPtrArray) resources = NULL;
    g_auto(GStrv) users = NULL;

    lw_privatelink_list_resources_async (f->client, service_id, NULL, waiter_cb, ARM (f));
    resources = lw_privatelink_list_resources_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (resources->len, ==, 2);
    g_assert_cmpstr (((LwPrivateLinkResource *) g_ptr_array_index (resources, 0))->resource_id, ==, lb_id);

    lw_privatelink_add_user_async (f->client, service_id, tidb_uid, NULL, LW_CALL_FLAGS_NONE, NULL,
                                   waiter_cb, ARM (f));
    g_assert_true (lw_privatelink_write_finish (f->client, AWAIT (f), &error));
    g_assert_no_error (error);

    lw_privatelink_list_users_async (f->client, service_id, NULL, waiter_cb, ARM (f));
    users = lw_privatelink_list_users_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_true (strv_has (users, tidb_account));
  }

  /* TiDB Cloud connection → endpoint connection request → accept → ACTIVE */
  {
    g_autoptr(LwTidbPrivateLinkConnection) plc = NULL;

    lw_tidb_client_create_private_link_connection_async (f->tidb, "10000000000000000001", "lw-test",
                                                         service_name, NULL, waiter_cb, ARM (f));
    plc = lw_tidb_client_private_link_connection_finish (f->tidb, AWAIT (f), &error);
    g_assert_no_error (error);
    g_assert_nonnull (plc->private_link_connection_id);
    g_assert_cmpstr (plc->type, ==, "ALICLOUD_ENDPOINT_SERVICE");
    g_assert_cmpstr (plc->endpoint_service_name, ==, service_name);
    plc_id = g_strdup (plc->private_link_connection_id);
  }

  {
    g_autofree char *endpoint_id = NULL;

    for (guint i = 0; endpoint_id == NULL; i++)
      {
        g_autoptr(GPtrArray) conns = NULL;

        g_assert_cmpuint (i, <, 500);
        lw_privatelink_list_connections_async (f->client, service_id, tidb_uid, NULL, waiter_cb, ARM (f));
        conns = lw_privatelink_list_connections_finish (f->client, AWAIT (f), &error);
        g_assert_no_error (error);
        if (conns->len > 0)
          {
            LwPrivateLinkConnection *c = g_ptr_array_index (conns, 0);
            g_assert_cmpuint (c->endpoint_owner_id, ==, tidb_uid);
            endpoint_id = g_strdup (c->endpoint_id);
          }
      }

    lw_privatelink_enable_connection_async (f->client, service_id, endpoint_id, NULL, LW_CALL_FLAGS_NONE, NULL,
                                            waiter_cb, ARM (f));
    g_assert_true (lw_privatelink_write_finish (f->client, AWAIT (f), &error));
    g_assert_no_error (error);

    for (guint i = 0;; i++)
      {
        g_autoptr(LwTidbPrivateLinkConnection) plc = NULL;

        g_assert_cmpuint (i, <, 2000);
        lw_tidb_client_get_private_link_connection_async (f->tidb, "10000000000000000001", plc_id, NULL,
                                                          waiter_cb, ARM (f));
        plc = lw_tidb_client_private_link_connection_finish (f->tidb, AWAIT (f), &error);
        g_assert_no_error (error);
        g_assert_cmpstr (plc->state, !=, "FAILED");
        if (g_strcmp0 (plc->state, "ACTIVE") == 0)
          break;
      }

    {
      g_autoptr(GPtrArray) plcs = NULL;

      lw_tidb_client_list_private_link_connections_async (f->tidb, "10000000000000000001", NULL, NULL,
                                                          waiter_cb, ARM (f));
      plcs = lw_tidb_client_list_private_link_connections_finish (f->tidb, AWAIT (f), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (plcs->len, ==, 1);
    }

    /* Step 10: the end-to-end test through the whole path, then a wrong password. */
    lw_tidb_client_test_mysql_sink_async (f->tidb, "10000000000000000001", plc_id, 3306,
                                          lw_sim_server_lookup_demo (f->sim, "mysql-user"),
                                          lw_sim_server_lookup_demo (f->sim, "mysql-password"),
                                          NULL, waiter_cb, ARM (f));
    g_assert_true (lw_tidb_client_test_mysql_sink_finish (f->tidb, AWAIT (f), &error));
    g_assert_no_error (error);

    lw_tidb_client_test_mysql_sink_async (f->tidb, "10000000000000000001", plc_id, 3306,
                                          lw_sim_server_lookup_demo (f->sim, "mysql-user"), "wrong-password",
                                          NULL, waiter_cb, ARM (f));
    g_assert_false (lw_tidb_client_test_mysql_sink_finish (f->tidb, AWAIT (f), &error));
    g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "MYSQL_ACCESS_DENIED");
    g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 400);
    g_clear_error (&error);

    /* Teardown in the product's rollback order. */
    {
      g_autoptr(LwTidbPrivateLinkConnection) deleted = NULL;
      lw_tidb_client_delete_private_link_connection_async (f->tidb, "10000000000000000001", plc_id, NULL,
                                                           waiter_cb, ARM (f));
      deleted = lw_tidb_client_private_link_connection_finish (f->tidb, AWAIT (f), &error);
      g_assert_no_error (error);
    }

    lw_privatelink_disable_connection_async (f->client, service_id, endpoint_id, NULL, LW_CALL_FLAGS_NONE, NULL,
                                             waiter_cb, ARM (f));
    lw_privatelink_write_finish (f->client, AWAIT (f), &error);
    /* The endpoint may already be gone with the TiDB connection; both outcomes are fine. */
    if (error != NULL)
      g_assert_true (lw_cloud_error_is_not_found (error) || lw_cloud_error_is_transient (error));
    g_clear_error (&error);
  }

  lw_privatelink_remove_user_async (f->client, service_id, tidb_uid, NULL, LW_CALL_FLAGS_NONE, NULL,
                                    waiter_cb, ARM (f));
  g_assert_true (lw_privatelink_write_finish (f->client, AWAIT (f), &error));
  g_assert_no_error (error);

  for (guint i = 0;; i++)
    {
      g_assert_cmpuint (i, <, 500);
      lw_privatelink_delete_endpoint_service_async (f->client, service_id, NULL, LW_CALL_FLAGS_NONE, NULL,
                                                    waiter_cb, ARM (f));
      if (lw_privatelink_write_finish (f->client, AWAIT (f), &error))
        break;
      /* EndpointServiceConnectionDependence while the connection drains: try again. */
      g_assert_true (lw_cloud_error_has_code (error, "EndpointServiceConnectionDependence") ||
                     lw_cloud_error_is_not_found (error));
      if (lw_cloud_error_is_not_found (error))
        break;
      g_clear_error (&error);
    }
  g_clear_error (&error);

  {
    g_autoptr(LwNlbJobResult) r1 = NULL;
    g_autoptr(LwNlbJobResult) r2 = NULL;
    g_autoptr(LwNlbJobResult) r3 = NULL;
    g_autoptr(LwNlbJobResult) r4 = NULL;

    lw_nlb_delete_listener_async (f->client, listener_id, NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
    r1 = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    wait_job (f, r1->job_id);

    lw_nlb_delete_load_balancer_async (f->client, lb_id, NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
    r2 = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    wait_job (f, r2->job_id);

    lw_nlb_remove_servers_from_server_group_async (f->client, sg_id, &server, 1, NULL, LW_CALL_FLAGS_NONE, NULL,
                                                   waiter_cb, ARM (f));
    r3 = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    wait_job (f, r3->job_id);

    lw_nlb_delete_server_group_async (f->client, sg_id, NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
    r4 = lw_nlb_job_finish (f->client, AWAIT (f), &error);
    g_assert_no_error (error);
    wait_job (f, r4->job_id);
  }

  {
    g_autoptr(LwNlbLoadBalancer) gone = NULL;

    lw_nlb_get_load_balancer_async (f->client, lb_id, NULL, waiter_cb, ARM (f));
    gone = lw_nlb_get_load_balancer_finish (f->client, AWAIT (f), &error);
    g_assert_null (gone);
    g_assert_true (lw_cloud_error_is_not_found (error));
    g_clear_error (&error);
  }

  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "server-group"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "load-balancer"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "listener"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "endpoint-service"), ==, 0);
}

/* TiDB reads */

static void
test_tidb (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(LwTidbCluster) cluster = NULL;
  g_autoptr(LwTidbAvailabilityZones) zones = NULL;
  g_autoptr(JsonNode) raw = NULL;
  LwTidbProject *p;
  LwTidbCluster *c;

  lw_tidb_client_list_projects_async (f->tidb, NULL, waiter_cb, ARM (f));
  projects = lw_tidb_client_list_projects_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >=, 1);
  p = g_ptr_array_index (projects, 0);
  g_assert_cmpstr (p->id, ==, "1372813089209061");
  g_assert_cmpstr (p->name, ==, "Demo project");

  /* The AIP form needs percent-encoding (quotes, spaces) under Digest authentication. */
  lw_tidb_client_list_clusters_async (f->tidb, "region.provider=\"alicloud\" AND projectId=\"1372813089209061\"",
                                      NULL, waiter_cb, ARM (f));
  clusters = lw_tidb_client_list_clusters_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 1);
  c = g_ptr_array_index (clusters, 0);
  g_assert_cmpstr (c->cluster_id, ==, "10000000000000000001");
  g_assert_cmpstr (c->display_name, ==, "demo-essential");
  g_assert_cmpstr (c->state, ==, "ACTIVE");
  g_assert_cmpstr (c->region_id, ==, "alicloud-cn-hangzhou");
  g_assert_cmpstr (c->cloud_provider, ==, "alicloud");

  /* The CLI's unquoted form. */
  lw_tidb_client_list_clusters_async (f->tidb, "region.provider=aws", NULL, waiter_cb, ARM (f));
  none = lw_tidb_client_list_clusters_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  lw_tidb_client_get_cluster_async (f->tidb, "10000000000000000001", NULL, waiter_cb, ARM (f));
  cluster = lw_tidb_client_get_cluster_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cluster->cluster_plan, ==, "ESSENTIAL");
  g_assert_cmpstr (cluster->region_name, ==, "regions/alicloud-cn-hangzhou");

  lw_tidb_client_get_availability_zones_async (f->tidb, "10000000000000000001", NULL, waiter_cb, ARM (f));
  zones = lw_tidb_client_get_availability_zones_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zones->account_id, ==, "5000000000000001");
  g_assert_true (strv_has (zones->az_ids, "cn-hangzhou-i"));
  g_assert_true (strv_has (zones->az_ids, "cn-hangzhou-j"));

  lw_tidb_client_request_async (f->tidb, "GET", "/v1beta1/clusters/10000000000000000001", NULL, NULL,
                                waiter_cb, ARM (f));
  raw = lw_tidb_client_request_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (raw));
}

static void
test_tidb_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbClient) bad = lw_tidb_client_new (lw_sim_server_lookup_demo (f->sim, "tidb-public-key"),
                                                    "not-the-private-key");
  g_autoptr(LwTidbCluster) cluster = NULL;
  g_autoptr(LwTidbCluster) missing = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  const GArray *sleeps;

  lw_tidb_client_set_endpoint_override (bad, lw_sim_server_get_base_url (f->sim), &error);
  g_assert_no_error (error);
  lw_tidb_client_get_cluster_async (bad, "10000000000000000001", NULL, waiter_cb, ARM (f));
  cluster = lw_tidb_client_get_cluster_finish (bad, AWAIT (f), &error);
  g_assert_null (cluster);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 401);
  g_clear_error (&error);

  lw_tidb_client_get_cluster_async (f->tidb, "99999999999999999999", NULL, waiter_cb, ARM (f));
  missing = lw_tidb_client_get_cluster_finish (f->tidb, AWAIT (f), &error);
  g_assert_null (missing);
  g_assert_true (lw_cloud_error_is_not_found (error));
  g_assert_nonnull (lw_cloud_error_get_cloud_message (error));
  g_clear_error (&error);

  /* A 429 is retried after X-Ratelimit-Reset (through the fake clock). */
  lw_sim_server_add_faults (f->sim, "tidb:ListClusters:throttling:1", &error);
  g_assert_no_error (error);
  lw_fake_clock_clear_sleeps (f->clock);
  lw_tidb_client_list_clusters_async (f->tidb, NULL, NULL, waiter_cb, ARM (f));
  clusters = lw_tidb_client_list_clusters_finish (f->tidb, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 1);
  sleeps = lw_fake_clock_get_sleeps (f->clock);
  g_assert_cmpuint (sleeps->len, ==, 1);
  g_assert_cmpint (g_array_index (sleeps, gint64, 0), >, 0);
  g_assert_cmpint (g_array_index (sleeps, gint64, 0), <=, 10 * G_USEC_PER_SEC);
}

/* Error paths of the RPC client */

static void
test_wrong_secret (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwCredentials) wrong = lw_credentials_new (lw_sim_server_lookup_demo (f->sim, "access-key-id"),
                                                       "not-the-secret", NULL);
  g_autoptr(LwStsCallerIdentity) id = NULL;

  lw_rpc_client_set_credentials (f->client, wrong);
  lw_sts_get_caller_identity_async (f->client, NULL, waiter_cb, ARM (f));
  id = lw_sts_get_caller_identity_finish (f->client, AWAIT (f), &error);
  g_assert_null (id);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "SignatureDoesNotMatch");
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), >=, 400);
  g_assert_nonnull (lw_cloud_error_get_request_id (error));
  g_assert_nonnull (lw_cloud_error_get_recommend (error));
  g_assert_cmpstr (lw_cloud_error_get_action (error), ==, "GetCallerIdentity");
  g_assert_nonnull (strstr (error->message, "SignatureDoesNotMatch"));
  /* Permanent: one attempt only. */
  g_assert_false (lw_cloud_error_is_transient (error));
  g_assert_cmpuint (lw_cloud_error_get_attempts (error), ==, 1);
  g_assert_cmpuint (f->log.count, ==, 1);
}

/* STS credentials: the token travels as x-acs-security-token and is signed; without it the key is refused. */
static void
test_sts_token (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *id = lw_sim_server_lookup_demo (f->sim, "sts-access-key-id");
  const char *secret = lw_sim_server_lookup_demo (f->sim, "sts-access-key-secret");
  const char *token = lw_sim_server_lookup_demo (f->sim, "sts-security-token");
  g_autoptr(LwCredentials) with_token = NULL;
  g_autoptr(LwCredentials) without = NULL;
  g_autoptr(LwStsCallerIdentity) who = NULL;
  g_autoptr(LwStsCallerIdentity) nobody = NULL;

  if (id == NULL || secret == NULL || token == NULL)
    {
      g_test_skip ("this simulator has no seeded STS key");
      return;
    }
  with_token = lw_credentials_new (id, secret, token);
  lw_rpc_client_set_credentials (f->client, with_token);
  lw_sts_get_caller_identity_async (f->client, NULL, waiter_cb, ARM (f));
  who = lw_sts_get_caller_identity_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (who->account_id);

  without = lw_credentials_new (id, secret, NULL);
  lw_rpc_client_set_credentials (f->client, without);
  lw_sts_get_caller_identity_async (f->client, NULL, waiter_cb, ARM (f));
  nobody = lw_sts_get_caller_identity_finish (f->client, AWAIT (f), &error);
  g_assert_null (nobody);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API);
}

static void
test_unknown_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwCredentials) unknown = lw_credentials_new ("LWNOSUCHKEY00001", "whatever", NULL);
  g_autoptr(GPtrArray) regions = NULL;

  lw_rpc_client_set_credentials (f->client, unknown);
  lw_rds_describe_regions_async (f->client, NULL, waiter_cb, ARM (f));
  regions = lw_rds_describe_regions_finish (f->client, AWAIT (f), &error);
  g_assert_null (regions);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "InvalidAccessKeyId.NotFound");
}

static void
test_restricted_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwCredentials) restricted =
    lw_credentials_new (lw_sim_server_lookup_demo (f->sim, "restricted-access-key-id"),
                        lw_sim_server_lookup_demo (f->sim, "restricted-access-key-secret"), NULL);
  LwNlbServerGroupSpec sg = { .server_group_name = "lw-denied", .vpc_id = "vpc-bp1demo000000000001",
                              .server_group_type = "Ip", .protocol = "TCP", .health_check_enabled = TRUE };
  g_autoptr(LwNlbJobResult) r = NULL;

  lw_rpc_client_set_credentials (f->client, restricted);
  /* The preflight's use: a dry run reveals the missing permission before anything exists. */
  lw_nlb_create_server_group_async (f->client, &sg, NULL, LW_CALL_FLAGS_DRY_RUN, NULL, waiter_cb, ARM (f));
  r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
  g_assert_null (r);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "Forbidden.RAM");
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 403);
  g_assert_cmpuint (lw_cloud_error_get_attempts (error), ==, 1);
}

static void
test_throttling_retried (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lw_rpc_client_new_client_token ();
  LwNlbServerGroupSpec sg = { .server_group_name = "lw-throttled", .vpc_id = "vpc-bp1demo000000000001",
                              .server_group_type = "Ip", .protocol = "TCP", .health_check_enabled = TRUE };
  g_autoptr(LwNlbJobResult) r = NULL;
  const GArray *sleeps;

  lw_sim_server_add_faults (f->sim, "CreateServerGroup:throttling:2", &error);
  g_assert_no_error (error);
  lw_nlb_create_server_group_async (f->client, &sg, token, LW_CALL_FLAGS_NONE, NULL, waiter_cb, ARM (f));
  r = lw_nlb_job_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->resource_id);

  g_assert_cmpuint (f->log.count, ==, 3);
  g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "CreateServerGroup"), ==, 3);
  /* Every attempt carried the same ClientToken: one resource. */
  g_assert_cmpuint (lw_sim_server_count_created (f->sim, "server-group"), ==, 1);
  /* Two backoffs, full jitter with random 1.0 = the ceiling: 0.5 s, then 1 s. */
  sleeps = lw_fake_clock_get_sleeps (f->clock);
  g_assert_cmpuint (sleeps->len, ==, 2);
  g_assert_cmpint (g_array_index (sleeps, gint64, 0), ==, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_array_index (sleeps, gint64, 1), ==, G_USEC_PER_SEC);
}

static void
test_5xx_storm (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  const char * const *ids;

  lw_sim_server_add_faults (f->sim, "DescribeRegions:5xx:100", &error);
  g_assert_no_error (error);
  lw_rds_describe_regions_async (f->client, NULL, waiter_cb, ARM (f));
  regions = lw_rds_describe_regions_finish (f->client, AWAIT (f), &error);
  g_assert_null (regions);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), >=, 500);
  g_assert_true (lw_cloud_error_is_transient (error));
  /* The policy's four attempts, then a clear error that says so. */
  g_assert_cmpuint (lw_cloud_error_get_attempts (error), ==, 4);
  g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeRegions"), ==, 4);
  ids = lw_cloud_error_get_request_ids (error);
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 4);
  g_assert_cmpuint (lw_fake_clock_get_sleeps (f->clock)->len, ==, 3);
}

static void
test_busy_and_incorrect_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  lw_sim_server_add_faults (f->sim, "ListServerGroups:busy:1,ListServerGroups:incorrect-status:1", &error);
  g_assert_no_error (error);
  lw_nlb_list_server_groups_async (f->client, NULL, NULL, waiter_cb, ARM (f));
  groups = lw_nlb_list_server_groups_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->log.count, ==, 3);
}

static void
test_dropped_connection (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) zones = NULL;

  lw_sim_server_add_faults (f->sim, "DescribeZones:drop:1", &error);
  g_assert_no_error (error);
  lw_vpc_describe_zones_async (f->client, NULL, waiter_cb, ARM (f));
  zones = lw_vpc_describe_zones_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zones->len, >, 0);
  g_assert_cmpuint (f->log.count, ==, 2);
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) zones = NULL;

  /* The simulator holds the answer (120 s × 0.01); the client gives up after 0.5 s and retries. */
  lw_rpc_client_set_timeout (f->client, 0.5);
  lw_sim_server_add_faults (f->sim, "DescribeZones:timeout:1", &error);
  g_assert_no_error (error);
  lw_vpc_describe_zones_async (f->client, NULL, waiter_cb, ARM (f));
  zones = lw_vpc_describe_zones_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  /* At least the timed-out attempt and the good one (a very loaded machine may time out more). */
  g_assert_cmpuint (f->log.count, >=, 2);
  g_assert_cmpuint (lw_fake_clock_get_sleeps (f->clock)->len, ==, f->log.count - 1);

  /* With retries off, the timeout surfaces as such. */
  lw_sim_server_add_faults (f->sim, "DescribeZones:timeout:1", &error);
  g_assert_no_error (error);
  lw_rpc_client_call_async (f->client, LW_PRODUCT_VPC, "DescribeZones", NULL, LW_CALL_FLAGS_NO_RETRY, NULL,
                            waiter_cb, ARM (f));
  g_assert_null (lw_rpc_client_call_finish (f->client, AWAIT (f), &error));
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) zones = NULL;

  lw_sim_server_add_faults (f->sim, "DescribeZones:timeout:1", &error);
  g_assert_no_error (error);
  lw_vpc_describe_zones_async (f->client, cancellable, waiter_cb, ARM (f));
  g_cancellable_cancel (cancellable);
  zones = lw_vpc_describe_zones_finish (f->client, AWAIT (f), &error);
  g_assert_null (zones);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED);
  g_assert_true (lw_cloud_error_is_cancelled (error));
}

static void
test_generic_call (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwParams) params = lw_params_new ();
  g_autoptr(JsonObject) o = NULL;

  /* Parameters in the query for NLB too: the gateway accepts either placement. */
  lw_params_add (params, "RegionId", "cn-hangzhou");
  lw_rpc_client_call_async (f->client, LW_PRODUCT_NLB, "ListServerGroups", params, LW_CALL_FLAGS_IN_QUERY,
                            NULL, waiter_cb, ARM (f));
  o = lw_rpc_client_call_finish (f->client, AWAIT (f), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (o, "RequestId"));
}

/* Independent steps run concurrently on one client (server group and load balancer). */
static void
test_concurrent (Fixture *f, gconstpointer data)
{
  Waiter w[8] = { { NULL } };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    {
      if (i % 2 == 0)
        lw_vpc_describe_zones_async (f->client, NULL, waiter_cb, &w[i]);
      else
        lw_rds_describe_regions_async (f->client, NULL, waiter_cb, &w[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    {
      g_autoptr(GPtrArray) list = NULL;

      if (i % 2 == 0)
        list = lw_vpc_describe_zones_finish (f->client, wait_for_result (&w[i]), &error);
      else
        list = lw_rds_describe_regions_finish (f->client, wait_for_result (&w[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, >, 0);
      waiter_clear (&w[i]);
    }
  g_assert_cmpuint (f->log.count, ==, G_N_ELEMENTS (w));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/cloud/sim/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("sts", test_sts);
  ADD ("rds", test_rds);
  ADD ("polardb", test_polardb);
  ADD ("ecs", test_ecs);
  ADD ("vpc", test_vpc);
  ADD ("chain", test_chain);
  ADD ("tidb", test_tidb);
  ADD ("tidb-errors", test_tidb_errors);
  ADD ("wrong-secret", test_wrong_secret);
  ADD ("unknown-key", test_unknown_key);
  ADD ("sts-token", test_sts_token);
  ADD ("restricted-key", test_restricted_key);
  ADD ("throttling-retried", test_throttling_retried);
  ADD ("5xx-storm", test_5xx_storm);
  ADD ("busy-incorrect-status", test_busy_and_incorrect_status);
  ADD ("dropped-connection", test_dropped_connection);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
  ADD ("generic-call", test_generic_call);
  ADD ("concurrent", test_concurrent);
#undef ADD
  return g_test_run ();
}
