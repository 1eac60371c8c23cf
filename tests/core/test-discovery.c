/* test-discovery.c — the pages' lookups through the engine (LwDiscovery) against the simulator:
 * answers in core's types, the cache (a second lookup makes no call; refresh and another context do),
 * cancellation (one callback, after the cloud call ended; nothing cached), cloud errors as
 * LW_ENGINE_ERROR, and the 5,000-instance picker's pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "core-test-util.h"

typedef struct {
  GAsyncResult *result;
  guint         calls;
} Wait;

static void
done_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->calls++;
  g_clear_object (&w->result);
  w->result = g_object_ref (result);
}

static gboolean
wait_done (Wait *w)
{
  gboolean done = FALSE;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (w->result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  done = w->result != NULL;
  g_assert_true (done);
  return done;
}

typedef struct {
  LwSimServer     *sim;
  LwEngineContext *context;
  LwDiscovery     *discovery;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->sim = core_test_sim_new ("instant", 1.0);
  f->context = core_test_context_new (f->sim, FALSE);
  f->discovery = lw_discovery_new ();
  lw_discovery_set_context (f->discovery, f->context);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->discovery);
  lw_engine_context_unref (f->context);
  g_clear_object (&f->sim);
}

static GPtrArray *
get_regions (Fixture *f, LwLookupFlags flags, GError **error)
{
  Wait w = { 0 };
  GPtrArray *regions;

  lw_discovery_regions_async (f->discovery, "cn-hangzhou", flags, NULL, done_cb, &w);
  wait_done (&w);
  regions = lw_discovery_regions_finish (f->discovery, w.result, error);
  g_object_unref (w.result);
  return regions;
}

static LwDiscInstancePage *
get_instances (LwDiscovery *discovery, guint page, LwLookupFlags flags, GError **error)
{
  Wait w = { 0 };
  LwDiscInstancePage *result;

  lw_discovery_instances_async (discovery, "cn-hangzhou", page, 100, flags, NULL, done_cb, &w);
  wait_done (&w);
  result = lw_discovery_instances_finish (discovery, w.result, error);
  g_object_unref (w.result);
  return result;
}

/* Every lookup the pages make answers in core's types with the world's values. */
static void
test_lookups (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(LwDiscIdentity) identity = NULL;
  g_autoptr(LwDiscInstancePage) page = NULL;
  g_autoptr(LwDiscAddress) address = NULL;
  g_autoptr(GPtrArray) vswitches = NULL;
  g_autoptr(GPtrArray) whitelists = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) clusters = NULL;
  g_autoptr(LwDiscTidbZones) zones = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  LwDiscRegion *hangzhou = NULL;
  gboolean found = FALSE;
  Wait w = { 0 };

  lw_discovery_identity_async (f->discovery, "cn-hangzhou", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  identity = lw_discovery_identity_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account_id, ==, "1234567890123456");

  regions = get_regions (f, LW_LOOKUP_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < regions->len; i++)
    {
      LwDiscRegion *region = g_ptr_array_index (regions, i);
      if (i > 0)
        g_assert_cmpstr (((LwDiscRegion *) g_ptr_array_index (regions, i - 1))->region_id, <, region->region_id);
      if (g_strcmp0 (region->region_id, "cn-hangzhou") == 0)
        hangzhou = region;
    }
  g_assert_nonnull (hangzhou);
  g_assert_true (g_strv_contains ((const char * const *) hangzhou->zone_ids, "cn-hangzhou-i"));
  g_assert_cmpuint (g_strv_length (hangzhou->zone_ids), ==, 4);

  page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->total, ==, page->instances->len);
  for (guint i = 0; i < page->instances->len; i++)
    {
      LwDiscInstance *instance = g_ptr_array_index (page->instances, i);
      g_autofree char *problem = lw_disc_instance_dup_problem (instance);

      if (g_strcmp0 (instance->db_instance_id, "rm-bp1demomysql0001") == 0)
        {
          found = TRUE;
          g_assert_null (problem);
          g_assert_cmpstr (instance->vpc_id, ==, "vpc-bp1demo000000000001");
        }
      else if (g_strcmp0 (instance->db_instance_id, "rm-bp1democlassic01") == 0 ||
               g_strcmp0 (instance->db_instance_id, "pgm-bp1demopg00001") == 0)
        g_assert_nonnull (problem);
    }
  g_assert_true (found);

  lw_discovery_address_async (f->discovery, "cn-hangzhou", "rm-bp1demomysql0001", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  address = lw_discovery_address_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpstr (address->ip_address, ==, "172.16.2.10");
  g_assert_cmpuint (address->port, ==, 3306);

  lw_discovery_vswitches_async (f->discovery, "cn-hangzhou", "vpc-bp1demo000000000001", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  vswitches = lw_discovery_vswitches_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (vswitches->len, ==, 3);

  lw_discovery_whitelists_async (f->discovery, "cn-hangzhou", "rm-bp1demomysql0001", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  whitelists = lw_discovery_whitelists_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  found = FALSE;
  for (guint i = 0; i < whitelists->len; i++)
    found |= g_strcmp0 (((LwDiscWhitelist *) g_ptr_array_index (whitelists, i))->security_ip_list, "172.16.0.0/16") == 0;
  g_assert_true (found);

  lw_discovery_tidb_projects_async (f->discovery, LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  projects = lw_discovery_tidb_projects_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >=, 1);
  g_assert_cmpstr (((LwDiscProject *) g_ptr_array_index (projects, 0))->id, ==, "1372813089209061");

  lw_discovery_tidb_clusters_async (f->discovery, LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  clusters = lw_discovery_tidb_clusters_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, >=, 1);
  g_assert_cmpstr (((LwDiscCluster *) g_ptr_array_index (clusters, 0))->region_id, ==, "alicloud-cn-hangzhou");

  lw_discovery_tidb_zones_async (f->discovery, "10000000000000000001", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  zones = lw_discovery_tidb_zones_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpstr (zones->account_id, ==, "5000000000000001");
  g_assert_true (g_strv_contains ((const char * const *) zones->az_ids, "cn-hangzhou-j"));

  lw_discovery_account_check_async (f->discovery, "cn-hangzhou", NULL, NULL, done_cb, &w);
  wait_done (&w);
  lines = lw_discovery_account_check_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >, 5);
  for (guint i = 0; i < lines->len; i++)
    {
      LwDiscCheckLine *line = g_ptr_array_index (lines, i);
      g_assert_true (line->ok);
    }
  g_assert_cmpuint (lw_discovery_get_pending (f->discovery), ==, 0);
}

/* Same context + region + query → the cached answer, no second call; refresh and another
 * context ask again; a new context object with the same credentials keeps the cache. */
static void
test_cache (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwEngineContext) same = core_test_context_new (f->sim, FALSE);
  g_autoptr(LwEngineContext) other = core_test_context_new (f->sim, TRUE);
  guint before;

  before = lw_sim_server_count_calls (f->sim, "DescribeDBInstances");
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->instances->len, >, 0);
      /* A copy each time: the caller may take the instances out of it. */
      g_ptr_array_set_size (page->instances, 0);
    }
  g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 1);

  {
    g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 1, LW_LOOKUP_REFRESH, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->instances->len, >, 0);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 2);
  }
  {
    /* Another page is another query. */
    g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 2, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 3);
  }

  lw_discovery_set_context (f->discovery, same);
  {
    g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 3);
  }

  /* Another TiDB Cloud key keeps the Alibaba Cloud answers but not TiDB Cloud's. */
  {
    g_autoptr(LwEngineContext) tidb_other = core_test_context_new (f->sim, FALSE);
    Wait w = { 0 };
    GPtrArray *projects;

    lw_discovery_tidb_projects_async (f->discovery, LW_LOOKUP_NONE, NULL, done_cb, &w);
    wait_done (&w);
    projects = lw_discovery_tidb_projects_finish (f->discovery, w.result, &error);
    g_clear_object (&w.result);
    g_assert_no_error (error);
    g_ptr_array_unref (projects);

    lw_engine_context_set_tidb_keys (tidb_other, lw_sim_server_lookup_demo (f->sim, "tidb-public-key"), "another-key");
    lw_discovery_set_context (f->discovery, tidb_other);
    {
      g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 3);
    }
    lw_discovery_tidb_projects_async (f->discovery, LW_LOOKUP_NONE, NULL, done_cb, &w);
    wait_done (&w);
    projects = lw_discovery_tidb_projects_finish (f->discovery, w.result, &error);
    g_clear_object (&w.result);
    g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CREDENTIALS);  /* asked again, refused */
    g_assert_null (projects);
    g_clear_error (&error);
  }

  lw_discovery_set_context (f->discovery, other);
  {
    g_autoptr(LwDiscInstancePage) page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + 4);
  }

  /* Regions too (the Account page), and clear_cache forgets. */
  {
    g_autoptr(GPtrArray) a = get_regions (f, LW_LOOKUP_NONE, &error);
    g_autoptr(GPtrArray) b = NULL;
    guint regions_before = lw_sim_server_count_calls (f->sim, "DescribeRegions");

    g_assert_no_error (error);
    b = get_regions (f, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (a->len, ==, b->len);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeRegions"), ==, regions_before);
    lw_discovery_clear_cache (f->discovery);
    g_clear_pointer (&b, g_ptr_array_unref);
    b = get_regions (f, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeRegions"), ==, regions_before + 1);
  }
}

/* A page leaving cancels its lookups: the callback runs exactly once, with CANCELLED, only after the
 * cloud call ended (nothing pending, so nothing can call back later), and nothing is cached. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscInstancePage) page = NULL;
  guint before = lw_sim_server_count_calls (f->sim, "DescribeDBInstances");
  Wait w = { 0 };
  Wait w2 = { 0 };

  lw_discovery_instances_async (f->discovery, "cn-hangzhou", 1, 100, LW_LOOKUP_NONE, cancellable, done_cb, &w);
  g_assert_cmpuint (lw_discovery_get_pending (f->discovery), ==, 1);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (w.calls, ==, 0);  /* never synchronously from cancel */
  wait_done (&w);
  g_assert_cmpuint (w.calls, ==, 1);
  g_assert_cmpuint (lw_discovery_get_pending (f->discovery), ==, 0);
  page = lw_discovery_instances_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_null (page);
  g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED);
  g_assert_true (lw_engine_error_is_cancelled (error));
  g_clear_error (&error);

  /* A lookup cancelled before it starts sends nothing. */
  g_cancellable_cancel (early);
  lw_discovery_instances_async (f->discovery, "cn-hangzhou", 1, 100, LW_LOOKUP_NONE, early, done_cb, &w2);
  wait_done (&w2);
  g_assert_cmpuint (w2.calls, ==, 1);
  page = lw_discovery_instances_finish (f->discovery, w2.result, &error);
  g_clear_object (&w2.result);
  g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The cancelled answer was not cached: the next lookup asks. */
  {
    guint sent = lw_sim_server_count_calls (f->sim, "DescribeDBInstances") - before;

    g_assert_cmpuint (sent, <=, 1);
    page = get_instances (f->discovery, 1, LW_LOOKUP_NONE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (page);
    g_assert_cmpuint (lw_sim_server_count_calls (f->sim, "DescribeDBInstances"), ==, before + sent + 1);
  }
  /* Still exactly one callback each after everything settled. */
  g_assert_cmpuint (w.calls, ==, 1);
  g_assert_cmpuint (w2.calls, ==, 1);
}

/* Cloud errors come out as LW_ENGINE_ERROR with a code the UI can map, the user-facing message and the
 * service's fields. */
static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(LwEngineContext) wrong = lw_engine_context_new (lw_sim_server_lookup_demo (f->sim, "access-key-id"),
                                                             "not-the-secret", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscIdentity) identity = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  Wait w = { 0 };

  lw_engine_context_set_endpoint_override (wrong, lw_sim_server_get_base_url (f->sim));
  lw_engine_context_set_time_scale (wrong, CORE_TEST_TIME_SCALE);
  lw_engine_context_set_tidb_keys (wrong, lw_sim_server_lookup_demo (f->sim, "tidb-public-key"), "not-the-key");
  lw_discovery_set_context (f->discovery, wrong);

  lw_discovery_identity_async (f->discovery, "cn-hangzhou", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  identity = lw_discovery_identity_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_null (identity);
  g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CREDENTIALS);
  g_assert_cmpstr (lw_engine_error_get_service_code (error), ==, "SignatureDoesNotMatch");
  g_assert_nonnull (lw_engine_error_get_hint (error));
  /* The message is the hint with the code and request ID. */
  g_assert_true (g_str_has_prefix (error->message, lw_engine_error_get_hint (error)));
  g_assert_nonnull (strstr (error->message, "SignatureDoesNotMatch"));
  g_assert_nonnull (lw_engine_error_get_request_id (error));
  g_assert_nonnull (strstr (error->message, lw_engine_error_get_request_id (error)));
  g_assert_true (g_str_has_prefix (lw_engine_error_get_detail (error), "SignatureDoesNotMatch: "));
  g_clear_error (&error);

  /* TiDB Cloud: 401, the service's message first when it sent one. */
  lw_discovery_tidb_projects_async (f->discovery, LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  projects = lw_discovery_tidb_projects_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_null (projects);
  g_assert_error (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CREDENTIALS);
  g_assert_cmpuint (lw_engine_error_get_http_status (error), ==, 401);
  g_assert_nonnull (lw_engine_error_get_hint (error));
  if (lw_engine_error_get_service_message (error) != NULL && *lw_engine_error_get_service_message (error))
    g_assert_true (g_str_has_prefix (error->message, lw_engine_error_get_service_message (error)));
  else
    g_assert_true (g_str_has_prefix (error->message, lw_engine_error_get_hint (error)));
  g_clear_error (&error);

  /* A failure is not cached: the right credentials then get the answer. */
  lw_discovery_set_context (f->discovery, f->context);
  lw_discovery_identity_async (f->discovery, "cn-hangzhou", LW_LOOKUP_NONE, NULL, done_cb, &w);
  wait_done (&w);
  identity = lw_discovery_identity_finish (f->discovery, w.result, &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account_id, ==, "1234567890123456");

  /* Errors of other domains convert too. */
  {
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
    g_autoptr(GError) engine = lw_engine_error_from (io);

    g_assert_error (engine, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED);
    g_assert_true (lw_engine_error_is_cancelled (io));
  }
}

/* Writes the hangzhou world plus generated MySQL instances up to @n into a temporary file. */
static char *
write_large_world (guint n)
{
  g_autofree char *source = g_build_filename (g_getenv ("LW_SOURCE_ROOT"), "src", "sim", "worlds", "demo.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = NULL;
  JsonObject *alibaba;
  JsonArray *instances;
  JsonObject *template = NULL;
  int fd;

  g_assert_true (json_parser_load_from_file (parser, source, &error));
  g_assert_no_error (error);
  alibaba = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "alibaba");
  instances = json_object_get_array_member (alibaba, "rds_instances");
  for (guint i = 0; i < json_array_get_length (instances); i++)
    {
      JsonObject *o = json_array_get_object_element (instances, i);
      if (g_strcmp0 (json_object_get_string_member (o, "DBInstanceId"), "rm-bp1demomysql0001") == 0)
        template = o;
    }
  g_assert_nonnull (template);
  for (guint k = 0; json_array_get_length (instances) < n; k++)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (template);
      g_autofree char *id = g_strdup_printf ("rm-bp1bench%07u", k);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (template, l->data)));
      json_object_set_string_member (copy, "DBInstanceId", id);
      json_object_set_string_member (copy, "DBInstanceStatus", k % 17 ? "Running" : "Stopped");
      json_node_take_object (node, copy);
      json_array_add_element (instances, node);
    }
  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    json_generator_set_root (generator, json_parser_get_root (parser));
    text = json_generator_to_data (generator, NULL);
  }
  fd = g_file_open_tmp ("lw-discovery-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

/* The picker's 5,000 instances: every page once (50 calls), then all of them again from the cache
 * without a call. The times are printed for the report. */
static void
test_picker_5000 (void)
{
  g_autofree char *path = write_large_world (5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSimServer) sim = lw_sim_server_new ("instant", 1.0, path, &error);
  g_autoptr(LwEngineContext) context = NULL;
  g_autoptr(LwDiscovery) discovery = lw_discovery_new ();
  guint pages = 0;
  gint64 start;
  double first_ms = 0, cached_ms = 0;

  g_assert_no_error (error);
  g_assert_true (lw_sim_server_listen_local (sim, 0, &error));
  context = core_test_context_new (sim, FALSE);
  lw_discovery_set_context (discovery, context);

  for (guint round = 0; round < 2; round++)
    {
      guint loaded = 0, total = G_MAXUINT;

      start = g_get_monotonic_time ();
      for (guint page_number = 1; loaded < total; page_number++)
        {
          g_autoptr(LwDiscInstancePage) page = get_instances (discovery, page_number, LW_LOOKUP_NONE, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (page->instances->len, >, 0);
          loaded += page->instances->len;
          total = page->total;
          if (round == 0)
            pages++;
        }
      g_assert_cmpuint (loaded, ==, 5000);
      if (round == 0)
        first_ms = (g_get_monotonic_time () - start) / 1000.0;
      else
        cached_ms = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_assert_cmpuint (pages, ==, 50);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "DescribeDBInstances"), ==, 50);
  g_test_message ("5,000 instances: %u pages from the simulator in %.1f ms, again from the cache in %.1f ms",
                  pages, first_ms, cached_ms);
  g_assert_cmpfloat (cached_ms, <, first_ms);
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = core_test_isolate_dirs ();
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/core/discovery/lookups", Fixture, NULL, fixture_setup, test_lookups, fixture_teardown);
  g_test_add ("/core/discovery/cache", Fixture, NULL, fixture_setup, test_cache, fixture_teardown);
  g_test_add ("/core/discovery/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/core/discovery/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add_func ("/core/discovery/picker-5000", test_picker_5000);
  rc = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&dir));
  return rc;
}
