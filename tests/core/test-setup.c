/* test-setup.c — the setup model and its durable state file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "core-test-util.h"
#include "lw-engine-private.h"

static LwSetup *
make_setup (void)
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
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_MANUAL);
  lw_setup_set_tidb_account_id (setup, "5000000000000001");
  lw_setup_set_tidb_zone_ids (setup, zones);
  lw_setup_set_fix_whitelist (setup, TRUE);
  return setup;
}

static void
test_setup_id_and_name (void)
{
  g_autoptr(LwSetup) a = make_setup ();
  g_autoptr(LwSetup) b = lw_setup_new ();
  g_autofree char *name = lw_setup_dup_name (a);
  g_autofree char *expected = g_strdup_printf ("lw-rm-bp1demomysql0001-%s", lw_setup_get_id (a));

  g_assert_cmpuint (strlen (lw_setup_get_id (a)), ==, 8);
  g_assert_cmpstr (lw_setup_get_id (a), !=, lw_setup_get_id (b));
  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpint (lw_setup_get_state (a), ==, LW_SETUP_STATE_DRAFT);
}

static void
test_setup_json_roundtrip (void)
{
  g_autoptr(LwSetup) setup = make_setup ();
  g_autoptr(LwSetup) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *json2 = NULL;
  const char *token;
  LwZoneMapping *m;

  token = lw_setup_ensure_client_token (setup, LW_STEP_SERVER_GROUP);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, ==, lw_setup_ensure_client_token (setup, LW_STEP_SERVER_GROUP));
  lw_setup_set_step_record (setup, LW_STEP_SERVER_GROUP, LW_STEP_RECORD_CREATED);
  lw_setup_set_resource_id (setup, LW_STEP_SERVER_GROUP, "sgp-123");
  lw_setup_set_service_name (setup, "com.aliyuncs.privatelink.cn-hangzhou.epsrv-1");
  lw_setup_set_state (setup, LW_SETUP_STATE_FAILED);
  lw_setup_set_step_error (setup, LW_STEP_LOAD_BALANCER, "Forbidden.RAM: no");

  json = lw_setup_to_json (setup);
  copy = lw_setup_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_setup_get_id (copy), ==, lw_setup_get_id (setup));
  g_assert_cmpint (lw_setup_get_state (copy), ==, LW_SETUP_STATE_FAILED);
  g_assert_cmpstr (lw_setup_get_region (copy), ==, "cn-hangzhou");
  g_assert_cmpuint (lw_setup_get_rds_port (copy), ==, 3306);
  g_assert_cmpint (lw_setup_get_tidb_mode (copy), ==, LW_TIDB_MODE_MANUAL);
  g_assert_true (lw_setup_get_fix_whitelist (copy));
  g_assert_cmpuint (lw_setup_get_zone_mappings (copy)->len, ==, 2);
  m = g_ptr_array_index (lw_setup_get_zone_mappings (copy), 1);
  g_assert_cmpstr (m->vswitch_id, ==, "vsw-bp1demoj000000001");
  g_assert_cmpstr (m->cidr, ==, "172.16.3.0/24");
  g_assert_cmpstr (lw_setup_get_tidb_zone_ids (copy)[1], ==, "cn-hangzhou-j");
  g_assert_cmpstr (lw_setup_get_client_token (copy, LW_STEP_SERVER_GROUP), ==, token);
  g_assert_cmpint (lw_setup_get_step_record (copy, LW_STEP_SERVER_GROUP), ==, LW_STEP_RECORD_CREATED);
  g_assert_cmpstr (lw_setup_get_server_group_id (copy), ==, "sgp-123");
  g_assert_cmpstr (lw_setup_get_service_name (copy), ==, "com.aliyuncs.privatelink.cn-hangzhou.epsrv-1");
  g_assert_cmpstr (lw_setup_get_step_error (copy, LW_STEP_LOAD_BALANCER), ==, "Forbidden.RAM: no");
  json2 = lw_setup_to_json (copy);
  g_assert_cmpstr (json, ==, json2);

  lw_setup_reset_step (copy, LW_STEP_SERVER_GROUP);
  g_assert_null (lw_setup_get_client_token (copy, LW_STEP_SERVER_GROUP));
  g_assert_cmpint (lw_setup_get_step_record (copy, LW_STEP_SERVER_GROUP), ==, LW_STEP_RECORD_NONE);
}

static void
test_setup_invalid_json (void)
{
  const char *bad[] = { "", "[]", "{}", "{\"id\":\"x\"}", "{\"id\":\"x\",\"inputs\":{},\"state\":\"bogus\"}", "{\"id\":" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LwSetup) setup = lw_setup_new_from_json (bad[i], &error);
      g_assert_null (setup);
      g_assert_nonnull (error);
    }
}

static void
test_setup_store (void)
{
  g_autoptr(LwSetup) a = make_setup ();
  g_autoptr(LwSetup) b = make_setup ();
  g_autoptr(LwSetup) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_setup_store_get_dir ();
  g_autofree char *path = lw_setup_store_get_path (lw_setup_get_id (a));
  g_autofree char *expected_dir = g_build_filename (g_get_user_data_dir (), "linkwright", "setups", NULL);
  g_autofree char *junk = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *tmp = g_build_filename (dir, "deadbeef.json.X1Y2Z3", NULL);
  GStatBuf st;

  g_assert_cmpstr (dir, ==, expected_dir);
  list = lw_setup_store_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (lw_setup_save (a, &error));
  g_assert_no_error (error);
  g_assert_true (lw_setup_save (b, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A torn temp file of an interrupted save and an unreadable file do not break the list. */
  g_assert_true (g_file_set_contents (junk, "{not json", -1, NULL));
  g_assert_true (g_file_set_contents (tmp, "{\"id\":", -1, NULL));

  loaded = lw_setup_store_load (lw_setup_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lw_setup_get_rds_ip (loaded), ==, "172.16.2.10");

  list = lw_setup_store_list (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Saving again replaces the file (rename over it). */
  lw_setup_set_rds_port (a, 3307);
  g_assert_true (lw_setup_save (a, &error));
  g_clear_object (&loaded);
  loaded = lw_setup_store_load (lw_setup_get_id (a), &error);
  g_assert_cmpuint (lw_setup_get_rds_port (loaded), ==, 3307);

  g_assert_true (lw_setup_store_delete (lw_setup_get_id (a), &error));
  g_assert_true (lw_setup_store_delete (lw_setup_get_id (a), &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static guint
disk_port (LwSetup *setup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) on_disk = lw_setup_store_load (lw_setup_get_id (setup), &error);

  g_assert_no_error (error);
  return lw_setup_get_rds_port (on_disk);
}

typedef struct {
  LwSetup *setup;
  guint port;            /* the snapshot this save was asked for */
  guint *n_done;
  guint *last_port;      /* of the previous callback */
} SaveWaiter;

static void
save_async_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  SaveWaiter *w = data;
  g_autoptr(GError) error = NULL;
  guint on_disk;

  g_assert_true (lw_setup_save_finish (LW_SETUP (source), res, &error));
  g_assert_no_error (error);
  /* This snapshot, or a newer one, is durable when the callback runs... */
  on_disk = disk_port (w->setup);
  g_assert_cmpuint (on_disk, >=, w->port);
  /* ...and the callbacks come in the order the saves were asked for. */
  g_assert_cmpuint (w->port, >, *w->last_port);
  *w->last_port = w->port;
  (*w->n_done)++;
  g_free (w);
}

static void
save_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lw_setup_save_finish (LW_SETUP (source), res, &error));
  *(gboolean *)data = TRUE;
}

/* lw_setup_save_async(): the disk work happens off the calling thread, saves of one setup are never
 * overtaken by older ones (a synchronous save in between included), and each callback runs only once
 * its snapshot or a newer one is on disk. */
static void
test_setup_save_async (void)
{
  g_autoptr(LwSetup) setup = make_setup ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = lw_setup_store_get_path (lw_setup_get_id (setup));
  const guint n = 40;
  guint n_done = 0, last_port = 0, n_asked = 0;
  gint64 deadline;

  /* Written without the main loop turning: the write is not done on this thread's main loop. */
  lw_setup_set_rds_port (setup, 1);
  lw_setup_save_async (setup, NULL, NULL, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_thread_yield ();
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (disk_port (setup), ==, 1);

  for (guint i = 2; i < 2 + n; i++)
    {
      SaveWaiter *w = g_new0 (SaveWaiter, 1);

      lw_setup_set_rds_port (setup, i);
      w->setup = setup;
      w->port = i;
      w->n_done = &n_done;
      w->last_port = &last_port;
      n_asked++;
      lw_setup_save_async (setup, NULL, save_async_cb, w);
      if (i == n / 2)
        {
          /* A synchronous save while async ones are queued: its snapshot is on disk when it returns,
           * and no older queued snapshot may overwrite it later. */
          lw_setup_set_rds_port (setup, 1000);
          g_assert_true (lw_setup_save (setup, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (disk_port (setup), ==, 1000);
          deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
          while (n_done < n_asked && g_get_monotonic_time () < deadline)
            g_main_context_iteration (NULL, FALSE);
          g_assert_cmpuint (n_done, ==, n_asked);
          g_assert_cmpuint (disk_port (setup), ==, 1000);
          lw_setup_set_rds_port (setup, i);
        }
    }
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (n_done < n_asked && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_done, ==, n_asked);
  /* The newest snapshot is the one left on disk. */
  g_assert_cmpuint (disk_port (setup), ==, 1 + n);

  /* The race an ordered writer must win: an async save still in flight when a synchronous save of a
   * newer snapshot returns must not land after it. Repeated, as the worker is often already done. */
  for (guint round = 0; round < 20; round++)
    {
      gboolean done = FALSE;

      lw_setup_set_rds_port (setup, 2000 + round);
      lw_setup_save_async (setup, NULL, save_done_cb, &done);
      lw_setup_set_rds_port (setup, 3000 + round);
      g_assert_true (lw_setup_save (setup, &error));
      deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (!done && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_true (done);
      g_assert_cmpuint (disk_port (setup), ==, 3000 + round);
    }
  g_assert_true (lw_setup_store_delete (lw_setup_get_id (setup), &error));
}

static void
notify_count (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *)data)++;
}

static void
test_setup_notify (void)
{
  g_autoptr(LwSetup) setup = lw_setup_new ();
  guint n = 0;

  g_signal_connect (setup, "notify::state", G_CALLBACK (notify_count), &n);
  lw_setup_set_state (setup, LW_SETUP_STATE_RUNNING);
  lw_setup_set_state (setup, LW_SETUP_STATE_RUNNING);
  lw_setup_set_state (setup, LW_SETUP_STATE_DONE);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (lw_setup_state_to_string (LW_SETUP_STATE_WAITING_FOR_USER), ==, "waiting-for-user");
  g_assert_nonnull (lw_setup_state_get_label (LW_SETUP_STATE_DONE));
}

static void
test_step_model (void)
{
  const char *deps[] = { "a", NULL };
  g_autoptr(LwStep) step = lw_step_new ("x", "Title", deps);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  guint n = 0;

  g_signal_connect (step, "notify::state", G_CALLBACK (notify_count), &n);
  g_assert_cmpint (lw_step_get_state (step), ==, LW_STEP_STATE_PENDING);
  g_assert_cmpint (lw_step_get_elapsed (step), ==, 0);
  lw_step_set_state (step, LW_STEP_STATE_RUNNING);
  g_assert_cmpint (lw_step_get_started (step), >, 0);
  lw_step_add_request_id (step, "R1");
  lw_step_add_request_id (step, NULL);
  lw_step_add_request_id (step, "R2");
  g_assert_cmpuint (g_strv_length ((char **)lw_step_get_request_ids (step)), ==, 2);
  lw_step_set_error (step, error, "explained");
  lw_step_set_state (step, LW_STEP_STATE_FAILED);
  g_assert_cmpint (lw_step_get_finished (step), >=, lw_step_get_started (step));
  g_assert_error (lw_step_get_error (step), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (lw_step_get_explanation (step), ==, "explained");
  /* Running again clears the previous failure. */
  lw_step_set_state (step, LW_STEP_STATE_RUNNING);
  g_assert_null (lw_step_get_error (step));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (lw_step_get_depends_on (step)[0], ==, "a");
}

static void
test_engine_context (void)
{
  g_autoptr(LwEngineContext) ctx = lw_engine_context_new ("AKID", "secret", NULL);

  g_assert_cmpstr (lw_engine_context_get_access_key_id (ctx), ==, "AKID");
  g_assert_false (lw_engine_context_has_tidb_keys (ctx));
  lw_engine_context_set_tidb_keys (ctx, "pub", "priv");
  g_assert_true (lw_engine_context_has_tidb_keys (ctx));
  lw_engine_context_set_time_scale (ctx, -1);
  g_assert_cmpfloat (lw_engine_context_get_time_scale (ctx), ==, 1.0);
  lw_engine_context_set_time_scale (ctx, 0.01);
  g_assert_cmpfloat (lw_engine_context_get_time_scale (ctx), ==, 0.01);
}

static void
test_input_checks (void)
{
  g_autoptr(LwSetup) setup = make_setup ();
  g_autoptr(GListModel) checks = NULL;
  g_autoptr(LwSetup) bad = lw_setup_new ();
  const char *other[] = { "cn-hangzhou-k", NULL };
  gboolean found = FALSE;

  checks = lw_preflight_check_inputs (setup);
  g_assert_true (lw_checks_all_ok (checks));
  g_clear_object (&checks);

  lw_setup_set_tidb_zone_ids (setup, other);
  lw_setup_set_tidb_account_id (setup, "12ab");
  checks = lw_preflight_check_inputs (setup);
  g_assert_false (lw_checks_all_ok (checks));
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      if (g_str_equal (lw_check_get_id (c), "zone-overlap"))
        {
          found = TRUE;
          g_assert_false (lw_check_get_ok (c));
          g_assert_cmpstr (lw_check_get_field (c), ==, "zone-mappings");
          g_assert_nonnull (strstr (lw_check_get_message (c), "cn-hangzhou-k"));
        }
      if (g_str_equal (lw_check_get_id (c), "tidb-account-id"))
        g_assert_false (lw_check_get_ok (c));
    }
  g_assert_true (found);
  g_clear_object (&checks);

  /* An empty setup: one zone minimum failure among others, and nothing claims to be fine wrongly. */
  lw_setup_add_zone_mapping (bad, "cn-hangzhou-i", "vsw-1", NULL);
  checks = lw_preflight_check_inputs (bad);
  g_assert_false (lw_checks_all_ok (checks));
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      if (g_str_equal (lw_check_get_id (c), "nlb-zone-minimum"))
        g_assert_false (lw_check_get_ok (c));
    }
}

/* A state file written before PolarDB and ECS sources existed (no "source_kind") loads as RDS, and
 * saving it again gives the same document. */
static void
test_setup_old_state_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", "setup-done.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) setup = NULL;
  g_autoptr(JsonParser) before = json_parser_new ();
  g_autoptr(JsonParser) after = json_parser_new ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (contents, "source_kind"));
  setup = lw_setup_new_from_json (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_source_kind (setup), ==, LW_SOURCE_KIND_RDS);
  g_assert_cmpstr (lw_setup_get_access_step_id (setup), ==, LW_STEP_RDS_WHITELIST);
  g_assert_null (lw_setup_get_source_endpoint_id (setup));
  g_assert_null (lw_setup_get_source_security_group_id (setup));
  g_assert_cmpstr (lw_setup_get_rds_instance_id (setup), ==, "rm-bp1demomysql0001");

  json = lw_setup_to_json (setup);
  g_assert_null (strstr (json, "source_kind"));
  g_assert_true (json_parser_load_from_data (before, contents, -1, &error));
  g_assert_true (json_parser_load_from_data (after, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (before), json_parser_get_root (after)));
}

static void
test_setup_source_kinds (void)
{
  static const struct { LwSourceKind kind; const char *nick; const char *label; const char *step; } kinds[] = {
    { LW_SOURCE_KIND_RDS, "rds", "RDS for MySQL", LW_STEP_RDS_WHITELIST },
    { LW_SOURCE_KIND_POLARDB, "polardb", "PolarDB for MySQL", LW_STEP_POLARDB_WHITELIST },
    { LW_SOURCE_KIND_ECS, "ecs", "MySQL on ECS", LW_STEP_ECS_SECURITY_RULE },
  };
  LwSourceKind parsed = LW_SOURCE_KIND_ECS;

  g_assert_false (lw_source_kind_from_string ("mysql", &parsed));
  g_assert_false (lw_source_kind_from_string (NULL, &parsed));
  g_assert_cmpint (parsed, ==, LW_SOURCE_KIND_ECS);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(LwSetup) setup = lw_setup_new ();
      g_autoptr(LwSetup) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json2 = NULL;
      GEnumClass *klass = g_type_class_ref (LW_TYPE_SOURCE_KIND);

      g_assert_cmpstr (lw_source_kind_to_string (kinds[i].kind), ==, kinds[i].nick);
      g_assert_true (lw_source_kind_from_string (kinds[i].nick, &parsed));
      g_assert_cmpint (parsed, ==, kinds[i].kind);
      g_assert_cmpstr (lw_source_kind_get_label (kinds[i].kind), ==, kinds[i].label);
      g_assert_cmpstr (g_enum_get_value (klass, kinds[i].kind)->value_nick, ==, kinds[i].nick);
      g_type_class_unref (klass);

      g_object_set (setup, "source-kind", kinds[i].kind, NULL);
      g_assert_cmpint (lw_setup_get_source_kind (setup), ==, kinds[i].kind);
      g_assert_cmpstr (lw_setup_get_access_step_id (setup), ==, kinds[i].step);
      lw_setup_set_rds_instance_id (setup, kinds[i].kind == LW_SOURCE_KIND_ECS ? "i-bp1demomysqlecs01" : "pc-bp1demopolar0001");
      if (kinds[i].kind == LW_SOURCE_KIND_POLARDB)
        lw_setup_set_source_endpoint_id (setup, "pe-bp1democluster01");
      if (kinds[i].kind == LW_SOURCE_KIND_ECS)
        lw_setup_set_source_security_group_id (setup, "sg-bp1demoecsmysql01");
      lw_setup_set_resource_id (setup, kinds[i].step, "sgr-1,sgr-2");
      json = lw_setup_to_json (setup);
      g_assert_true ((strstr (json, "\"source_kind\"") != NULL) == (kinds[i].kind != LW_SOURCE_KIND_RDS));
      copy = lw_setup_new_from_json (json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (lw_setup_get_source_kind (copy), ==, kinds[i].kind);
      g_assert_cmpstr (lw_setup_get_source_endpoint_id (copy), ==, lw_setup_get_source_endpoint_id (setup));
      g_assert_cmpstr (lw_setup_get_source_security_group_id (copy), ==,
                       lw_setup_get_source_security_group_id (setup));
      g_assert_cmpstr (lw_setup_get_resource_id (copy, kinds[i].step), ==, "sgr-1,sgr-2");
      json2 = lw_setup_to_json (copy);
      g_assert_cmpstr (json, ==, json2);
    }
}

/* A kind this version does not know is refused rather than run as RDS. */
static void
test_setup_unknown_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSetup) setup = lw_setup_new_from_json ("{\"id\":\"0a1b2c3d\",\"inputs\":{\"source_kind\":\"oracle\"}}",
                                                     &error);

  g_assert_null (setup);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/setup/id-and-name", test_setup_id_and_name);
  g_test_add_func ("/core/setup/json-roundtrip", test_setup_json_roundtrip);
  g_test_add_func ("/core/setup/invalid-json", test_setup_invalid_json);
  g_test_add_func ("/core/setup/old-state-file", test_setup_old_state_file);
  g_test_add_func ("/core/setup/source-kinds", test_setup_source_kinds);
  g_test_add_func ("/core/setup/unknown-source-kind", test_setup_unknown_kind);
  g_test_add_func ("/core/setup/store", test_setup_store);
  g_test_add_func ("/core/setup/save-async", test_setup_save_async);
  g_test_add_func ("/core/setup/notify", test_setup_notify);
  g_test_add_func ("/core/step/model", test_step_model);
  g_test_add_func ("/core/engine-context", test_engine_context);
  g_test_add_func ("/core/preflight/input-checks", test_input_checks);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
