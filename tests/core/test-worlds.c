/* test-worlds.c — the default simulated world (ap-southeast-1, like the real offering of TiDB Cloud
 * Essential on Alibaba Cloud) end to end: TiDB's zones, preflight, full setup, health, teardown.
 * Every other core test uses the cn-hangzhou world (core_test_sim_new).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"
#include "lw-cloud.h"

typedef struct {
  gboolean     done;
  GListModel  *checks;
  LwTidbAvailabilityZones *zones;
} Wait;

static void
zones_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  g_autoptr(GError) error = NULL;

  w->zones = lw_tidb_client_get_availability_zones_finish (LW_TIDB_CLIENT (source), res, &error);
  g_assert_no_error (error);
  w->done = TRUE;
}

/* What TiDB Cloud says for the default world's cluster (GET …:getAvailabilityZones). */
static LwTidbAvailabilityZones *
tidb_zones (LwSimServer *sim)
{
  g_autoptr(LwTidbClient) tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                                     lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };

  g_assert_true (lw_tidb_client_set_endpoint_override (tidb, lw_sim_server_get_base_url (sim), &error));
  g_assert_no_error (error);
  lw_tidb_client_get_availability_zones_async (tidb, "10000000000000000001", NULL, zones_cb, &w);
  core_test_wait (&w.done, 30);
  return w.zones;
}

static void
test_default_world_constants (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new_world ("instant", 1.0, NULL);
  g_autoptr(LwTidbAvailabilityZones) zones = tidb_zones (sim);

  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "world"), ==, "singapore");
  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "region"), ==, "ap-southeast-1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "rds-instance-id"), ==, "rm-t4ndemomysql0001");
  /* The demo credentials are the same in every world. */
  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "access-key-id"), ==, "LWDEMOKEYID00001");
  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "tidb-public-key"), ==, "LWDEMOPUBLICKEY1");
  g_assert_cmpstr (lw_sim_server_lookup_demo (sim, "account-id"), ==, "1234567890123456");
  /* TiDB's zones are real Singapore zone IDs, overlapping the user's vSwitches (1a, 1b) in 1b only. */
  g_assert_cmpstr (zones->account_id, ==, "5000000000000001");
  g_assert_cmpuint (g_strv_length (zones->az_ids), ==, 2);
  g_assert_cmpstr (zones->az_ids[0], ==, "ap-southeast-1b");
  g_assert_cmpstr (zones->az_ids[1], ==, "ap-southeast-1c");
}

static void
test_default_world_setup_teardown (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new_world ("instant", 0.02, NULL);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwTidbAvailabilityZones) zones = tidb_zones (sim);
  g_autoptr(LwSetup) setup = lw_setup_new ();
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *console = NULL;
  g_autofree char *prefix = NULL;
  Wait pre = { 0 }, health = { 0 };

  lw_setup_set_region (setup, lw_sim_server_lookup_demo (sim, "region"));
  lw_setup_set_rds_instance_id (setup, lw_sim_server_lookup_demo (sim, "rds-instance-id"));
  lw_setup_set_rds_ip (setup, "192.168.1.10");
  lw_setup_set_rds_port (setup, 3306);
  lw_setup_set_vpc_id (setup, "vpc-t4ndemo000000000001");
  /* NLB zones as the Network page picks them: TiDB's zone 1b, then 1a for the two-zone minimum. */
  lw_setup_add_zone_mapping (setup, "ap-southeast-1b", "vsw-t4ndemob000000001", "192.168.2.0/24");
  lw_setup_add_zone_mapping (setup, "ap-southeast-1a", "vsw-t4ndemoa000000001", "192.168.1.0/24");
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_AUTOMATIC);
  lw_setup_set_tidb_account_id (setup, zones->account_id);
  lw_setup_set_tidb_zone_ids (setup, (const char * const *) zones->az_ids);
  lw_setup_set_tidb_project_id (setup, "1372813089209061");
  lw_setup_set_tidb_cluster_id (setup, "10000000000000000001");

  pre.checks = core_test_preflight (setup, ctx);
  g_assert_true (lw_checks_all_ok (pre.checks));
  g_clear_object (&pre.checks);
  core_test_assert_counts (sim, 0, 0, TRUE);

  runner = lw_runner_new (setup, ctx);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  core_test_assert_counts (sim, 1, 1, TRUE);
  prefix = g_strdup_printf ("com.aliyuncs.privatelink.%s.", "ap-southeast-1");
  g_assert_true (g_str_has_prefix (lw_setup_get_service_name (setup), prefix));
  g_assert_true (g_str_has_prefix (lw_setup_get_load_balancer_id (setup), "nlb-"));

  /* Done's "Open in console" link for this setup: the international console, Singapore. */
  console = lw_console_url (LW_CONSOLE_ENDPOINT_SERVICE, lw_setup_get_region (setup), lw_setup_get_service_id (setup));
  g_assert_nonnull (console);
  g_assert_true (g_str_has_prefix (console, "https://vpc.console.alibabacloud.com/endpointservice/ap-southeast-1/endpointservices/"));
  g_assert_true (g_str_has_suffix (console, lw_setup_get_service_id (setup)));

  health.checks = core_test_health (setup, ctx);
  g_assert_true (lw_checks_all_ok (health.checks));
  g_clear_object (&health.checks);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_ROLLED_BACK);
  core_test_assert_counts (sim, 0, -1, TRUE);
}

static void
address_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  g_autoptr(GError) error = NULL;

  w->checks = (gpointer) lw_discovery_source_address_finish (LW_DISCOVERY (source), res, &error);
  g_assert_no_error (error);
  w->done = TRUE;
}

/* One run per new source kind in the default world, the source chosen as the pages do (its address
 * through LwDiscovery), with the access fix (the "-fix" demo source): preflight, setup, health,
 * teardown, nothing left. */
static void
test_default_world_kind (gconstpointer data)
{
  LwSourceKind kind = GPOINTER_TO_INT (data);
  g_autoptr(LwSimServer) sim = core_test_sim_new_world ("instant", 0.02, NULL);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwTidbAvailabilityZones) zones = tidb_zones (sim);
  g_autoptr(LwDiscovery) disc = lw_discovery_new ();
  g_autoptr(LwSetup) setup = lw_setup_new ();
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) address = NULL;
  const char *id = lw_sim_server_lookup_demo (sim, kind == LW_SOURCE_KIND_POLARDB ? "polardb-cluster-id-fix"
                                                                                   : "ecs-instance-id-fix");
  const char *live_kind = kind == LW_SOURCE_KIND_POLARDB ? "polardb-whitelist" : "ecs-security-rule";
  Wait w = { 0 }, pre = { 0 }, health = { 0 };

  g_assert_nonnull (id);
  lw_discovery_set_context (disc, ctx);
  lw_discovery_source_address_async (disc, kind, lw_sim_server_lookup_demo (sim, "region"), id, LW_LOOKUP_NONE,
                                     NULL, address_cb, &w);
  core_test_wait (&w.done, 30);
  address = (LwDiscAddress *) w.checks;
  g_assert_nonnull (address->ip_address);
  g_assert_cmpstr (address->vpc_id, ==, "vpc-t4ndemo000000000001");

  lw_setup_set_source_kind (setup, kind);
  lw_setup_set_region (setup, lw_sim_server_lookup_demo (sim, "region"));
  lw_setup_set_rds_instance_id (setup, id);
  lw_setup_set_rds_ip (setup, address->ip_address);
  /* ECS: the port MySQL listens on is the user's to type. */
  lw_setup_set_rds_port (setup, address->port ? address->port : 3306);
  lw_setup_set_source_endpoint_id (setup, address->endpoint_id);
  if (address->security_group_ids != NULL)
    lw_setup_set_source_security_group_id (setup, address->security_group_ids[0]);
  lw_setup_set_vpc_id (setup, address->vpc_id);
  lw_setup_add_zone_mapping (setup, "ap-southeast-1b", "vsw-t4ndemob000000001", "192.168.2.0/24");
  lw_setup_add_zone_mapping (setup, "ap-southeast-1a", "vsw-t4ndemoa000000001", "192.168.1.0/24");
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_AUTOMATIC);
  lw_setup_set_tidb_account_id (setup, zones->account_id);
  lw_setup_set_tidb_zone_ids (setup, (const char * const *) zones->az_ids);
  lw_setup_set_tidb_project_id (setup, "1372813089209061");
  lw_setup_set_tidb_cluster_id (setup, "10000000000000000001");
  lw_setup_set_fix_whitelist (setup, TRUE);

  pre.checks = core_test_preflight (setup, ctx);
  g_assert_true (lw_checks_all_ok (pre.checks));
  g_clear_object (&pre.checks);

  runner = lw_runner_new (setup, ctx);
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  core_test_assert_counts (sim, 1, 1, TRUE);
  g_assert_cmpuint (lw_sim_server_count_live (sim, live_kind), >, 0);

  health.checks = core_test_health (setup, ctx);
  g_assert_true (lw_checks_all_ok (health.checks));
  g_clear_object (&health.checks);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_ROLLED_BACK);
  core_test_assert_counts (sim, 0, -1, TRUE);
  g_assert_cmpuint (lw_sim_server_count_live (sim, live_kind), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/worlds/default-constants", test_default_world_constants);
  g_test_add_func ("/core/worlds/default-setup-teardown", test_default_world_setup_teardown);
  g_test_add_data_func ("/core/worlds/default-polardb", GINT_TO_POINTER (LW_SOURCE_KIND_POLARDB), test_default_world_kind);
  g_test_add_data_func ("/core/worlds/default-ecs", GINT_TO_POINTER (LW_SOURCE_KIND_ECS), test_default_world_kind);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
