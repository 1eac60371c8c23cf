/* core-test-util.c — shared helpers of the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"

const char *core_test_kinds[] = {
  "server-group", "server", "load-balancer", "listener", "endpoint-service", "endpoint-service-user",
  "endpoint-connection", "tidb-connection", NULL
};

/* The cn-hangzhou world: the constants of core_test_setup_new() and of every core test. */
LwSimServer *
core_test_sim_new (const char *profile, double time_scale)
{
  return core_test_sim_new_world (profile, time_scale, LW_SIM_WORLD_HANGZHOU);
}

LwSimServer *
core_test_sim_new_world (const char *profile, double time_scale, const char *world)
{
  g_autoptr(GError) error = NULL;
  LwSimServer *sim = lw_sim_server_new_world (profile, time_scale, world, &error);

  g_assert_no_error (error);
  g_assert_true (lw_sim_server_listen_local (sim, 0, &error));
  g_assert_no_error (error);
  return sim;
}

LwEngineContext *
core_test_context_new (LwSimServer *sim, gboolean restricted)
{
  LwEngineContext *ctx;

  ctx = lw_engine_context_new (lw_sim_server_lookup_demo (sim, restricted ? "restricted-access-key-id" : "access-key-id"),
                               lw_sim_server_lookup_demo (sim, restricted ? "restricted-access-key-secret" : "access-key-secret"),
                               NULL);
  lw_engine_context_set_tidb_keys (ctx, lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                   lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  lw_engine_context_set_endpoint_override (ctx, lw_sim_server_get_base_url (sim));
  lw_engine_context_set_time_scale (ctx, CORE_TEST_TIME_SCALE);
  lw_engine_context_set_request_timeout (ctx, CORE_TEST_REQUEST_TIMEOUT);
  return ctx;
}

LwSetup *
core_test_setup_new (LwSimServer *sim, LwTidbMode mode)
{
  LwSetup *setup = lw_setup_new ();
  const char *zones[] = { "cn-hangzhou-i", "cn-hangzhou-j", NULL };

  lw_setup_set_region (setup, "cn-hangzhou");
  lw_setup_set_rds_instance_id (setup, "rm-bp1demomysql0001");
  lw_setup_set_rds_ip (setup, "172.16.2.10");
  lw_setup_set_rds_port (setup, 3306);
  lw_setup_set_vpc_id (setup, "vpc-bp1demo000000000001");
  lw_setup_add_zone_mapping (setup, "cn-hangzhou-i", "vsw-bp1demoi000000001", "172.16.2.0/24");
  lw_setup_add_zone_mapping (setup, "cn-hangzhou-j", "vsw-bp1demoj000000001", "172.16.3.0/24");
  lw_setup_set_tidb_mode (setup, mode);
  lw_setup_set_tidb_account_id (setup, "5000000000000001");
  lw_setup_set_tidb_zone_ids (setup, zones);
  lw_setup_set_tidb_project_id (setup, "1372813089209061");
  lw_setup_set_tidb_cluster_id (setup, "10000000000000000001");
  return setup;
}

LwSetup *
core_test_setup_new_kind (LwSimServer *sim, LwTidbMode mode, LwSourceKind kind, gboolean fix)
{
  LwSetup *setup = core_test_setup_new (sim, mode);

  lw_setup_set_source_kind (setup, kind);
  lw_setup_set_fix_whitelist (setup, fix);
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      lw_setup_set_rds_instance_id (setup, lw_sim_server_lookup_demo (sim, fix ? "polardb-cluster-id-fix" : "polardb-cluster-id"));
      lw_setup_set_rds_ip (setup, fix ? "172.16.1.40" : "172.16.2.30");
      lw_setup_set_source_endpoint_id (setup, fix ? "pe-bp1democluster02" : "pe-bp1democluster01");
      break;
    case LW_SOURCE_KIND_ECS:
      lw_setup_set_rds_instance_id (setup, lw_sim_server_lookup_demo (sim, fix ? "ecs-instance-id-fix" : "ecs-instance-id"));
      lw_setup_set_rds_ip (setup, fix ? "172.16.1.60" : "172.16.2.60");
      lw_setup_set_source_security_group_id (setup, fix ? "sg-bp1demoecsnorule1" : "sg-bp1demoecsmysql01");
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      if (fix)
        {
          lw_setup_set_rds_instance_id (setup, "rm-bp1demomysql0002");
          lw_setup_set_rds_ip (setup, "172.16.1.20");
        }
      break;
    }
  lw_setup_set_rds_port (setup, 3306);
  return setup;
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
core_test_wait (gboolean *done, double seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint)(seconds * 1000), deadline_cb, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  if (!*done)
    g_error ("Timed out after %.0f s", seconds);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} Result;

static void
run_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->ok = lw_runner_run_finish (LW_RUNNER (source), res, &r->error);
  r->done = TRUE;
}

static void
rollback_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->ok = lw_runner_rollback_finish (LW_RUNNER (source), res, &r->error);
  r->done = TRUE;
}

gboolean
core_test_run (LwRunner *runner, GError **error)
{
  Result r = { 0 };

  lw_runner_run_async (runner, NULL, run_cb, &r);
  core_test_wait (&r.done, 60);
  if (!r.ok)
    {
      GListModel *steps = lw_runner_get_steps (runner);
      g_test_message ("run failed: %s", r.error ? r.error->message : "?");
      for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
        {
          g_autoptr(LwStep) step = g_list_model_get_item (steps, i);
          g_test_message ("  step %-18s state %d %s", lw_step_get_id (step), lw_step_get_state (step),
                          lw_step_get_error (step) ? lw_step_get_error (step)->message : "");
        }
    }
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

gboolean
core_test_rollback (LwRunner *runner, GError **error)
{
  Result r = { 0 };

  lw_runner_rollback_async (runner, NULL, rollback_cb, &r);
  core_test_wait (&r.done, 60);
  if (!r.ok)
    g_test_message ("rollback failed: %s", r.error ? r.error->message : "?");
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

typedef struct {
  gboolean    done;
  GListModel *checks;
  gboolean    health;
} ChecksWait;

static void
checks_done (GObject *source, GAsyncResult *res, gpointer data)
{
  ChecksWait *w = data;
  g_autoptr(GError) error = NULL;

  w->checks = w->health ? lw_health_check_finish (res, &error) : lw_preflight_run_finish (res, &error);
  g_assert_no_error (error);
  w->done = TRUE;
}

static GListModel *
checks_log (const char *what, GListModel *checks)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      g_test_message ("%s %-36s %s %s", what, lw_check_get_id (c), lw_check_get_ok (c) ? "ok  " : "FAIL",
                      lw_check_get_message (c));
    }
  return checks;
}

GListModel *
core_test_preflight (LwSetup *setup, LwEngineContext *ctx)
{
  ChecksWait w = { FALSE, NULL, FALSE };

  lw_preflight_run_async (setup, ctx, NULL, checks_done, &w);
  core_test_wait (&w.done, 60);
  return checks_log ("check", w.checks);
}

GListModel *
core_test_health (LwSetup *setup, LwEngineContext *ctx)
{
  ChecksWait w = { FALSE, NULL, TRUE };

  lw_health_check_async (setup, ctx, NULL, checks_done, &w);
  core_test_wait (&w.done, 60);
  return checks_log ("health", w.checks);
}

void
core_test_assert_counts (LwSimServer *sim, guint live, int created, gboolean with_tidb)
{
  for (guint i = 0; core_test_kinds[i]; i++)
    {
      guint n_live = lw_sim_server_count_live (sim, core_test_kinds[i]);
      if (!with_tidb && g_str_equal (core_test_kinds[i], "tidb-connection"))
        continue;
      if (n_live != live)
        g_error ("%s: %u live, expected %u", core_test_kinds[i], n_live, live);
      if (created >= 0 && lw_sim_server_count_created (sim, core_test_kinds[i]) != (guint)created)
        g_error ("%s: %u created, expected %d", core_test_kinds[i],
                 lw_sim_server_count_created (sim, core_test_kinds[i]), created);
    }
}

gboolean
core_test_dir_contains (const char *dir_path, const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (core_test_dir_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &len, NULL)
               && g_strstr_len (contents, len, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

char *
core_test_isolate_dirs (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("lw-core-test-XXXXXX", &error);
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  data = g_build_filename (dir, "data", NULL);
  g_setenv ("HOME", dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  /* The isolated HOME hides nothing GIO needs, but GNOME's proxy resolver would read GSettings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  return dir;
}

static void
remove_recursive (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));
      remove_recursive (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

void
core_test_remove_dir (char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  remove_recursive (file);
  g_free (dir);
}
