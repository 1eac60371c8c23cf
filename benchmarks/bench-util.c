/* bench-util.c — shared helpers of the provisioning benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bench-util.h"

/* A copy of the realistic column of src/sim/lw-sim-profile.c, used only when that file cannot be
 * read (the simulator has no public accessor for its delay table). Keep in step with it. */
static const struct {
  const char *key;
  guint       demo_ms;
  guint       realistic_ms;
} builtin_delays[] = {
  { "network", 30, 120 }, { "sg.create", 1000, 4300 }, { "server.add", 1500,  9700 },
  { "lb.create", 5000, 58700 }, { "listener.create", 2000, 8900 }, { "eps.create", 3000, 57700 },
  { "conn.create", 2000, 29300 }, { "conn.enable", 2000, 27900 }, { "plc.active", 1000, 28600 },
  { "changefeed.test", 500, 5000 },
};

static const char *bench_profile = "realistic";

void
bench_set_profile (const char *profile)
{
  bench_profile = g_intern_string (profile);
}

const char *
bench_get_profile (void)
{
  return bench_profile;
}

static GHashTable *
load_profile_table (void)
{
  const char *root = g_getenv ("LW_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *table;

  if (root == NULL || *root == '\0')
    root = BENCH_SOURCE_ROOT;
  path = g_build_filename (root, "src", "sim", "lw-sim-profile.c", NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;

  /* Rows look like: { "lb.create",       5000,  60000, "source" }, */
  regex = g_regex_new ("\\{\\s*\"([a-z.]+)\",\\s*(\\d+),\\s*(\\d+),", 0, 0, NULL);
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *key = g_match_info_fetch (match, 1);
      g_autofree char *ms = g_match_info_fetch (match, strcmp (bench_profile, "demo") == 0 ? 2 : 3);

      g_hash_table_replace (table, g_steal_pointer (&key),
                            GUINT_TO_POINTER ((guint) g_ascii_strtoull (ms, NULL, 10) + 1));
      g_match_info_next (match, NULL);
    }
  if (g_hash_table_size (table) == 0)
    g_clear_pointer (&table, g_hash_table_unref);
  return table;
}

double
bench_profile_delay (const char *key,
                     gboolean   *from_source)
{
  static GHashTable *table;
  static gsize initialized;
  gpointer value;

  if (g_once_init_enter (&initialized))
    {
      table = load_profile_table ();
      g_once_init_leave (&initialized, 1);
    }

  if (table != NULL && (value = g_hash_table_lookup (table, key)) != NULL)
    {
      if (from_source)
        *from_source = TRUE;
      /* Stored +1 so that a 0 ms delay is not mistaken for a missing key. */
      return (GPOINTER_TO_UINT (value) - 1) / 1000.0;
    }

  if (from_source)
    *from_source = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (builtin_delays); i++)
    if (strcmp (builtin_delays[i].key, key) == 0)
      return (strcmp (bench_profile, "demo") == 0 ? builtin_delays[i].demo_ms : builtin_delays[i].realistic_ms) / 1000.0;
  return 0;
}

double
bench_longest_chain (const BenchPlanNode *nodes,
                     guint                n_nodes,
                     gboolean             half_poll,
                     char               **chain)
{
  g_autofree double *finish = g_new0 (double, n_nodes);
  g_autofree int *pred = g_new0 (int, n_nodes);
  guint last = 0;

  for (guint i = 0; i < n_nodes; i++)
    {
      double start = 0, own = 0;

      pred[i] = -1;
      for (guint d = 0; nodes[i].depends_on[d] != NULL; d++)
        for (guint j = 0; j < i; j++)
          if (strcmp (nodes[j].id, nodes[i].depends_on[d]) == 0 && finish[j] > start)
            {
              start = finish[j];
              pred[i] = (int) j;
            }
      for (guint k = 0; nodes[i].delay_keys[k] != NULL; k++)
        own += bench_profile_delay (nodes[i].delay_keys[k], NULL);
      if (half_poll)
        own += nodes[i].poll_interval / 2;
      finish[i] = start + own;
      if (finish[i] > finish[last])
        last = i;
    }

  if (chain != NULL)
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      g_autoptr(GString) out = g_string_new (NULL);

      for (int i = (int) last; i >= 0; i = pred[i])
        g_ptr_array_insert (parts, 0, (gpointer) nodes[i].id);
      for (guint i = 0; i < parts->len; i++)
        g_string_append_printf (out, "%s%s", i ? " → " : "", (const char *) parts->pdata[i]);
      *chain = g_string_free (g_steal_pointer (&out), FALSE);
    }
  return finish[last];
}

LwSimServer *
bench_sim_new (const char *profile,
               double      time_scale)
{
  g_autoptr(GError) error = NULL;
  /* The cn-hangzhou world: the benchmarks' constants and earlier runs are from it. */
  g_autoptr(LwSimServer) sim = lw_sim_server_new_world (profile, time_scale, LW_SIM_WORLD_HANGZHOU, &error);

  if (sim == NULL || !lw_sim_server_listen_local (sim, 0, &error))
    g_error ("Could not start the simulated cloud: %s", error->message);
  return g_steal_pointer (&sim);
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
bench_wait (gboolean *done,
            double    seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), deadline_cb, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  if (!*done)
    g_error ("Gave up after %.0f s", seconds);
}

typedef struct {
  gboolean done;
  GBytes  *body;
  GError  *error;
} Fetch;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Fetch *fetch = data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &fetch->error);
  fetch->done = TRUE;
}

GHashTable *
bench_sim_call_counts (LwSimServer *sim,
                       guint       *n_alibaba,
                       guint       *n_tidb)
{
  g_autofree char *url = g_strconcat (lw_sim_server_get_base_url (sim), "/_sim/calls", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Fetch fetch = { 0 };
  JsonArray *calls;

  *n_alibaba = *n_tidb = 0;
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &fetch);
  bench_wait (&fetch.done, 30);
  if (fetch.error != NULL)
    g_error ("GET /_sim/calls: %s", fetch.error->message);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (fetch.body, NULL), g_bytes_get_size (fetch.body), &error))
    g_error ("GET /_sim/calls: %s", error->message);
  g_bytes_unref (fetch.body);

  calls = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "calls");
  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      const char *product = json_object_get_string_member_with_default (call, "product", "?");
      const char *action = json_object_get_string_member_with_default (call, "action", "?");
      const char *operation = json_object_get_string_member_with_default (call, "operation", NULL);
      gboolean tidb = g_ascii_strcasecmp (product, "tidb") == 0;
      g_autofree char *key = NULL;
      guint n;

      /* TiDB calls carry their operation as "tidb:CreateConnection". */
      if (tidb && operation != NULL)
        key = g_strdup_printf ("TiDB:%s", g_str_has_prefix (operation, "tidb:") ? operation + 5 : operation);
      else
        key = g_strdup_printf ("%s:%s", product, action);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
      g_hash_table_replace (counts, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
      if (tidb)
        (*n_tidb)++;
      else
        (*n_alibaba)++;
    }
  return counts;
}

void
bench_print_call_counts (GHashTable *counts)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);

  for (GList *l = keys; l != NULL; l = l->next)
    g_print ("    %-52s %3u\n", (const char *) l->data, GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));
}

char *
bench_private_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("linkwright-bench-XXXXXX", &error);

  if (dir == NULL)
    g_error ("%s", error->message);
  return dir;
}

void
bench_private_data_dir_remove (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        bench_private_data_dir_remove (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}
