/* test-kinds.c — PolarDB for MySQL and MySQL on ECS as sources, end to end against the simulated cloud
 * (cn-hangzhou world): discovery of both kinds, a full setup + health check + drift repair + teardown
 * per kind leaving nothing behind, the access fix (a PolarDB whitelist group / ECS security group rules,
 * added on opt-in and removed on rollback), and preflight's refusals of the unusable sources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"

static const LwSourceKind both[] = { LW_SOURCE_KIND_POLARDB, LW_SOURCE_KIND_ECS };

static LwCheck *
find_check (GListModel *checks, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      LwCheck *c = g_list_model_get_item (checks, i);
      if (g_str_equal (lw_check_get_id (c), id))
        return c;
      g_object_unref (c);
    }
  return NULL;
}

static void
assert_zero_left (LwSimServer *sim)
{
  core_test_assert_counts (sim, 0, -1, TRUE);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "polardb-whitelist"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 0);
}

/* ---- discovery ---- */

typedef struct {
  gboolean done;
  gpointer value;
  GError *error;
} Wait;

static void
sources_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->value = lw_discovery_sources_finish (LW_DISCOVERY (source), res, &w->error);
  w->done = TRUE;
}

static void
address_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->value = lw_discovery_source_address_finish (LW_DISCOVERY (source), res, &w->error);
  w->done = TRUE;
}

static void
access_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Wait *w = data;
  w->value = lw_discovery_source_access_finish (LW_DISCOVERY (source), res, &w->error);
  w->done = TRUE;
}

static LwDiscInstancePage *
sources (LwDiscovery *disc, LwSourceKind kind, GCancellable *cancellable, GError **error)
{
  Wait w = { 0 };

  lw_discovery_sources_async (disc, kind, "cn-hangzhou", 1, 0, LW_LOOKUP_NONE, cancellable, sources_cb, &w);
  core_test_wait (&w.done, 30);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.value;
}

static LwDiscAddress *
address (LwDiscovery *disc, LwSourceKind kind, const char *id)
{
  Wait w = { 0 };

  lw_discovery_source_address_async (disc, kind, "cn-hangzhou", id, LW_LOOKUP_NONE, NULL, address_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  return w.value;
}

static char *
source_access (LwDiscovery *disc, LwSourceKind kind, const char *id, guint port)
{
  Wait w = { 0 };

  lw_discovery_source_access_async (disc, kind, "cn-hangzhou", id, port, LW_LOOKUP_NONE, NULL, access_cb, &w);
  core_test_wait (&w.done, 30);
  g_assert_no_error (w.error);
  return w.value;
}

static const LwDiscInstance *
find_instance (LwDiscInstancePage *page, const char *id)
{
  for (guint i = 0; i < page->instances->len; i++)
    {
      LwDiscInstance *inst = g_ptr_array_index (page->instances, i);
      if (g_str_equal (inst->db_instance_id, id))
        return inst;
    }
  g_error ("%s is not listed", id);
  return NULL;
}

static void
assert_problem (LwDiscInstancePage *page, const char *id, const char *needle)
{
  g_autofree char *problem = lw_disc_instance_dup_problem (find_instance (page, id));

  if (needle == NULL)
    g_assert_null (problem);
  else
    {
      g_assert_nonnull (problem);
      g_assert_nonnull (strstr (problem, needle));
    }
}

static void
test_discovery (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwDiscovery) disc = lw_discovery_new ();
  g_autoptr(GError) error = NULL;

  lw_discovery_set_context (disc, ctx);

  {
    g_autoptr(LwDiscInstancePage) page = sources (disc, LW_SOURCE_KIND_POLARDB, NULL, &error);
    g_autoptr(LwDiscInstancePage) again = NULL;
    g_autoptr(LwDiscAddress) addr = address (disc, LW_SOURCE_KIND_POLARDB, "pc-bp1demopolar0001");
    g_autofree char *ok = source_access (disc, LW_SOURCE_KIND_POLARDB, "pc-bp1demopolar0001", 3306);
    g_autofree char *lacking = source_access (disc, LW_SOURCE_KIND_POLARDB, "pc-bp1demopolar0002", 3306);
    const LwDiscInstance *happy;
    guint calls;

    g_assert_no_error (error);
    g_assert_cmpuint (page->total, ==, page->instances->len);
    happy = find_instance (page, "pc-bp1demopolar0001");
    g_assert_cmpint (happy->kind, ==, LW_SOURCE_KIND_POLARDB);
    g_assert_cmpstr (happy->engine, ==, "MySQL");
    g_assert_cmpstr (happy->engine_version, ==, "8.0");
    g_assert_cmpstr (happy->network_type, ==, "VPC");
    g_assert_cmpstr (happy->vpc_id, ==, "vpc-bp1demo000000000001");
    assert_problem (page, "pc-bp1demopolar0001", NULL);
    assert_problem (page, "pc-bp1demopolar0002", NULL);
    assert_problem (page, "pc-bp1demopolarstop", "Stopped");
    assert_problem (page, "pc-bp1demopolarpg01", "PostgreSQL");

    /* The Cluster endpoint's private address. */
    g_assert_cmpstr (addr->ip_address, ==, "172.16.2.30");
    g_assert_cmpuint (addr->port, ==, 3306);
    g_assert_cmpstr (addr->endpoint_id, ==, "pe-bp1democluster01");
    g_assert_cmpstr (addr->vpc_id, ==, "vpc-bp1demo000000000001");
    g_assert_nonnull (strstr (ok, "172.16.0.0/16"));
    g_assert_cmpstr (lacking, ==, "127.0.0.1");

    /* Asked again: the cached answer, no call. */
    calls = lw_sim_server_count_calls (sim, NULL);
    again = sources (disc, LW_SOURCE_KIND_POLARDB, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->instances->len, ==, page->instances->len);
    g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, calls);
  }

  {
    g_autoptr(LwDiscInstancePage) page = sources (disc, LW_SOURCE_KIND_ECS, NULL, &error);
    g_autoptr(LwDiscAddress) addr = address (disc, LW_SOURCE_KIND_ECS, "i-bp1demomysqlecs01");
    g_autofree char *ok = source_access (disc, LW_SOURCE_KIND_ECS, "i-bp1demomysqlecs01", 3306);
    g_autofree char *ssh_only = source_access (disc, LW_SOURCE_KIND_ECS, "i-bp1demomysqlecs02", 3306);
    g_autofree char *ssh = source_access (disc, LW_SOURCE_KIND_ECS, "i-bp1demomysqlecs02", 22);
    const LwDiscInstance *happy;

    g_assert_no_error (error);
    happy = find_instance (page, "i-bp1demomysqlecs01");
    g_assert_cmpint (happy->kind, ==, LW_SOURCE_KIND_ECS);
    g_assert_null (happy->engine);
    g_assert_cmpstr (happy->private_ip, ==, "172.16.2.60");
    g_assert_nonnull (happy->security_group_ids);
    g_assert_cmpstr (happy->security_group_ids[0], ==, "sg-bp1demoecsmysql01");
    assert_problem (page, "i-bp1demomysqlecs01", NULL);
    assert_problem (page, "i-bp1demomysqlecs02", NULL);
    assert_problem (page, "i-bp1demoecsstop01", "Stopped");
    assert_problem (page, "i-bp1demoecsclassic", "Classic");

    g_assert_cmpstr (addr->ip_address, ==, "172.16.2.60");
    g_assert_cmpuint (addr->port, ==, 0);
    g_assert_cmpstr (addr->security_group_ids[0], ==, "sg-bp1demoecsmysql01");
    g_assert_nonnull (strstr (ok, "172.16.0.0/16"));
    /* Only the SSH rule: nothing on 3306, 0.0.0.0/0 on 22. */
    g_assert_cmpstr (ssh_only, ==, "");
    g_assert_cmpstr (ssh, ==, "0.0.0.0/0");
  }

  /* A cancelled lookup answers CANCELLED. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(LwDiscInstancePage) page = NULL;

    g_cancellable_cancel (cancellable);
    page = sources (disc, LW_SOURCE_KIND_ECS, cancellable, &error);
    g_assert_null (page);
    g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (lw_discovery_get_pending (disc), ==, 0);
}

/* ---- full setup per kind ---- */

typedef struct {
  gboolean done;
  GError *error;
} Done;

static void
repair_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Done *d = data;
  lw_health_repair_finish (res, &d->error);
  d->done = TRUE;
}

/* data: the kind, | 0x100 for the access fix. */
static void
test_full_kind (gconstpointer data)
{
  LwSourceKind kind = GPOINTER_TO_INT (data) & 0xff;
  gboolean fix = (GPOINTER_TO_INT (data) & 0x100) != 0;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, kind, fix);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GListModel) pre = NULL;
  g_autoptr(GListModel) health = NULL;
  g_autoptr(GListModel) drifted = NULL;
  g_autoptr(GListModel) repaired = NULL;
  g_autoptr(LwCheck) backend_ip = NULL;
  g_autoptr(LwCheck) acc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *moved = NULL;
  const char *access_step = kind == LW_SOURCE_KIND_POLARDB ? LW_STEP_POLARDB_WHITELIST : LW_STEP_ECS_SECURITY_RULE;
  const char *live_kind = kind == LW_SOURCE_KIND_POLARDB ? "polardb-whitelist" : "ecs-security-rule";
  const char *new_ip = fix ? "172.16.1.77" : "172.16.2.77";
  Done d = { 0 };

  pre = core_test_preflight (setup, ctx);
  g_assert_true (lw_checks_all_ok (pre));
  g_assert_cmpuint (lw_sim_server_count_live (sim, live_kind), ==, 0);

  runner = lw_runner_new (setup, ctx);
  /* Ten rows as for RDS (only this kind's access step); the backend step names the kind. */
  g_assert_cmpuint (g_list_model_get_n_items (lw_runner_get_steps (runner)), ==, 10);
  g_assert_nonnull (strstr (lw_step_get_title (lw_runner_get_step (runner, LW_STEP_BACKEND)),
                            kind == LW_SOURCE_KIND_POLARDB ? "PolarDB" : "ECS"));
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  core_test_assert_counts (sim, 1, -1, TRUE);
  if (fix)
    {
      g_assert_cmpint (lw_setup_get_step_record (setup, access_step), ==, LW_STEP_RECORD_DONE);
      g_assert_nonnull (lw_setup_get_resource_id (setup, access_step));
      /* One whitelist group; one rule per vSwitch CIDR (two zones). */
      g_assert_cmpuint (lw_sim_server_count_live (sim, live_kind), ==, kind == LW_SOURCE_KIND_POLARDB ? 1 : 2);
      if (kind == LW_SOURCE_KIND_ECS)
        g_assert_nonnull (strchr (lw_setup_get_resource_id (setup, access_step), ','));
      else
        {
          g_autofree char *group = g_strconcat ("lw", lw_setup_get_id (setup), NULL);
          g_assert_cmpstr (lw_setup_get_resource_id (setup, access_step), ==, group);
        }
    }
  else
    {
      g_assert_cmpint (lw_step_get_state (lw_runner_get_step (runner, access_step)), ==, LW_STEP_STATE_SKIPPED);
      g_assert_cmpuint (lw_sim_server_count_live (sim, live_kind), ==, 0);
    }
  backend = g_strdup_printf ("%s:3306", lw_setup_get_rds_ip (setup));
  g_assert_cmpstr (lw_setup_get_resource_id (setup, LW_STEP_BACKEND), ==, backend);

  health = core_test_health (setup, ctx);
  g_assert_true (lw_checks_all_ok (health));
  acc = find_check (health, "source-access");
  g_assert_nonnull (acc);
  g_assert_true (lw_check_get_ok (acc));

  /* Drift: the source's private IP moves; the check says so, repair swaps the backend. */
  g_assert_true (lw_sim_server_move_source (sim, lw_setup_get_rds_instance_id (setup), new_ip));
  drifted = core_test_health (setup, ctx);
  backend_ip = find_check (drifted, "backend-ip");
  g_assert_nonnull (backend_ip);
  g_assert_false (lw_check_get_ok (backend_ip));
  g_assert_true (lw_check_get_repairable (backend_ip));
  g_assert_nonnull (strstr (lw_check_get_message (backend_ip), new_ip));
  lw_health_repair_async (setup, ctx, NULL, repair_cb, &d);
  core_test_wait (&d.done, 60);
  g_assert_no_error (d.error);
  g_assert_cmpstr (lw_setup_get_rds_ip (setup), ==, new_ip);
  moved = g_strdup_printf ("%s:3306", new_ip);
  g_assert_cmpstr (lw_setup_get_resource_id (setup, LW_STEP_BACKEND), ==, moved);
  repaired = core_test_health (setup, ctx);
  g_assert_true (lw_checks_all_ok (repaired));
  /* One backend again (the old one removed). */
  g_assert_cmpuint (lw_sim_server_count_live (sim, "server"), ==, 1);

  /* Teardown: nothing left, the whitelist group / rules included. */
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  assert_zero_left (sim);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_ROLLED_BACK);
}

/* Without the opt-in, preflight refuses the source whose access lacks the vSwitches, offering the fix. */
static void
test_fix_offered (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (both); k++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, both[k], TRUE);
      g_autoptr(GListModel) checks = NULL;
      g_autoptr(LwCheck) c = NULL;
      const char *id = lw_setup_get_access_step_id (setup);

      lw_setup_set_fix_whitelist (setup, FALSE);
      checks = core_test_preflight (setup, ctx);
      g_assert_false (lw_checks_all_ok (checks));
      c = find_check (checks, id);
      g_assert_nonnull (c);
      g_assert_false (lw_check_get_ok (c));
      g_assert_true (lw_check_get_repairable (c));
      g_assert_cmpstr (lw_check_get_field (c), ==, "fix-whitelist");
      g_assert_nonnull (strstr (lw_check_get_message (c), "172.16.2.0/24"));
      /* Nothing but the failing access check. */
      for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
        {
          g_autoptr(LwCheck) other = g_list_model_get_item (checks, i);
          if (!g_str_equal (lw_check_get_id (other), id))
            g_assert_true (lw_check_get_ok (other));
        }
    }
  assert_zero_left (sim);
}

/* The unusable sources: preflight names the source field and why. */
static void
test_refusals (void)
{
  static const struct { LwSourceKind kind; const char *id; const char *ip; const char *check; const char *needle; } cases[] = {
    { LW_SOURCE_KIND_POLARDB, "pc-bp1demopolarstop", "172.16.2.32", "polardb-cluster", "Stopped" },
    { LW_SOURCE_KIND_POLARDB, "pc-bp1demopolarpg01", "172.16.2.33", "polardb-cluster", "PostgreSQL" },
    { LW_SOURCE_KIND_POLARDB, "pc-bp1nosuchcluster", "172.16.2.34", "polardb-cluster", "does not exist" },
    { LW_SOURCE_KIND_ECS, "i-bp1demoecsstop01", "172.16.2.61", "ecs-instance", "Stopped" },
    { LW_SOURCE_KIND_ECS, "i-bp1demoecsclassic", "10.110.30.40", "ecs-instance", "classic" },
    { LW_SOURCE_KIND_ECS, "i-bp1nosuchinstance", "172.16.2.62", "ecs-instance", "does not exist" },
    /* The happy instance with a wrong private IP. */
    { LW_SOURCE_KIND_ECS, "i-bp1demomysqlecs01", "172.16.2.99", "ecs-instance", "172.16.2.60" },
  };
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, cases[i].kind, FALSE);
      g_autoptr(GListModel) checks = NULL;
      g_autoptr(LwCheck) c = NULL;

      lw_setup_set_rds_instance_id (setup, cases[i].id);
      lw_setup_set_rds_ip (setup, cases[i].ip);
      lw_setup_set_source_security_group_id (setup, NULL);
      lw_setup_set_source_endpoint_id (setup, NULL);
      checks = core_test_preflight (setup, ctx);
      g_assert_false (lw_checks_all_ok (checks));
      c = find_check (checks, cases[i].check);
      g_assert_nonnull (c);
      g_assert_false (lw_check_get_ok (c));
      g_assert_cmpstr (lw_check_get_field (c), ==, "rds-instance-id");
      if (strstr (lw_check_get_message (c), cases[i].needle) == NULL)
        g_error ("%s: \"%s\" does not say %s", cases[i].id, lw_check_get_message (c), cases[i].needle);
    }

  /* ECS without a port: refused offline, naming the port field, before any call. */
  {
    g_autoptr(LwSetup) setup = core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, LW_SOURCE_KIND_ECS, FALSE);
    g_autoptr(GListModel) checks = NULL;
    g_autoptr(LwCheck) c = NULL;
    guint calls = lw_sim_server_count_calls (sim, NULL);

    lw_setup_set_rds_port (setup, 0);
    checks = core_test_preflight (setup, ctx);
    c = find_check (checks, "rds-port");
    g_assert_nonnull (c);
    g_assert_cmpstr (lw_check_get_field (c), ==, "rds-port");
    g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, calls);
  }
  assert_zero_left (sim);
}

/* The ECS rule step when the setup names no security group: the instance's first is used, and saved. */
static void
test_ecs_security_group_found (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new_kind (sim, LW_TIDB_MODE_MANUAL, LW_SOURCE_KIND_ECS, TRUE);
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;

  lw_setup_set_source_security_group_id (setup, NULL);
  runner = lw_runner_new (setup, ctx);
  /* Manual mode stops at the accept step (waiting for the person); the rule step is done by then. */
  lw_runner_run_async (runner, NULL, NULL, NULL);
  while (lw_setup_get_step_record (setup, LW_STEP_ECS_SECURITY_RULE) != LW_STEP_RECORD_DONE
         && lw_step_get_state (lw_runner_get_step (runner, LW_STEP_ECS_SECURITY_RULE)) != LW_STEP_STATE_FAILED)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (lw_setup_get_step_record (setup, LW_STEP_ECS_SECURITY_RULE), ==, LW_STEP_RECORD_DONE);
  g_assert_cmpstr (lw_setup_get_source_security_group_id (setup), ==, "sg-bp1demoecsnorule1");
  g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 2);
  lw_runner_cancel (runner);
  while (lw_runner_get_busy (runner))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  assert_zero_left (sim);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = core_test_isolate_dirs ();
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/kinds/discovery", test_discovery);
  g_test_add_data_func ("/core/kinds/polardb/full", GINT_TO_POINTER (LW_SOURCE_KIND_POLARDB), test_full_kind);
  g_test_add_data_func ("/core/kinds/polardb/fix", GINT_TO_POINTER (LW_SOURCE_KIND_POLARDB | 0x100), test_full_kind);
  g_test_add_data_func ("/core/kinds/ecs/full", GINT_TO_POINTER (LW_SOURCE_KIND_ECS), test_full_kind);
  g_test_add_data_func ("/core/kinds/ecs/fix", GINT_TO_POINTER (LW_SOURCE_KIND_ECS | 0x100), test_full_kind);
  g_test_add_func ("/core/kinds/fix-offered", test_fix_offered);
  g_test_add_func ("/core/kinds/refusals", test_refusals);
  g_test_add_func ("/core/kinds/ecs/security-group-found", test_ecs_security_group_found);
  rc = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&dir));
  return rc;
}
