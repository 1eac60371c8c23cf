/* test-canary.c — secrets canary (issue #7, item 3)
 *
 * A seed world whose AccessKey secret and TiDB private key are unique per run (random hex), a full
 * simulated setup and teardown in a separate process (canary-driver) with G_MESSAGES_DEBUG=all,
 * linkwright-call with the canary in its environment; then the canary (and its random part, and
 * its base64 form) is searched in: every file under the isolated HOME/XDG dirs, the setup's state
 * file, everything both processes printed, this process's own log (the simulator runs here), and
 * /proc/<pid>/cmdline and /proc/<pid>/environ of the engine process. It must appear nowhere.
 *
 * The app itself (linkwright --simulate) always uses the built-in demo world, so it cannot be given
 * the canary: it is not driven here (see FINDINGS.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem, explicit_bzero */
#include <string.h>

#include <glib/gstdio.h>

#include "core-test-util.h"

static GString *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured, fields[i].value);
      else
        g_string_append_len (captured, fields[i].value, fields[i].length);
      g_string_append_c (captured, '\n');
    }
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

static char *
random_hex (guint bytes)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < bytes; i++)
    g_string_append_printf (s, "%02x", g_random_int_range (0, 256));
  return g_string_free (s, FALSE);
}

/* Every form of the canary that a leak could take. */
typedef struct {
  char *needles[6];
} Canary;

static void
canary_init (Canary *c, const char *ak_secret, const char *ak_random, const char *tidb_private,
             const char *tidb_random)
{
  c->needles[0] = g_strdup (ak_secret);
  c->needles[1] = g_strdup (ak_random);
  c->needles[2] = g_base64_encode ((const guchar *) ak_secret, strlen (ak_secret));
  c->needles[3] = g_strdup (tidb_private);
  c->needles[4] = g_strdup (tidb_random);
  c->needles[5] = g_base64_encode ((const guchar *) tidb_private, strlen (tidb_private));
}

static void
canary_clear (Canary *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->needles); i++)
    g_free (c->needles[i]);
}

static const char *
find_canary (const Canary *c, const char *data, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->needles); i++)
    if (memmem (data, len, c->needles[i], strlen (c->needles[i])) != NULL)
      return c->needles[i];
  return NULL;
}

static void
assert_clean (const Canary *c, const char *what, const char *data, gsize len)
{
  if (find_canary (c, data, len) != NULL)
    g_error ("The canary appears in %s", what);
}

/* The first regular file under @dir (recursively) that holds the canary, or NULL; counts files. */
static char *
dir_find_canary (const Canary *c, const char *dir, guint *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          char *found = dir_find_canary (c, path, n_files);
          if (found != NULL)
            return found;
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *data = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (path, &data, &len, NULL));
          (*n_files)++;
          if (find_canary (c, data, len) != NULL)
            return g_steal_pointer (&path);
        }
    }
  return NULL;
}

static char *
make_seed (const char *dir, const char *ak_secret, const char *tidb_private)
{
  const char *root = g_getenv ("LW_SOURCE_ROOT");
  g_autofree char *demo = g_build_filename (root, "src", "sim", "worlds", "demo.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, "canary-world.json", NULL);
  g_auto(GStrv) parts = NULL;
  g_autofree char *step = NULL, *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (demo, &text, NULL, &error));
  g_assert_no_error (error);
  parts = g_strsplit (text, "\"lw-demo-access-key-secret\"", -1);
  g_assert_cmpuint (g_strv_length (parts), >=, 3); /* the demo table and the key itself */
  {
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", ak_secret);
    step = g_strjoinv (quoted, parts);
  }
  g_strfreev (parts);
  parts = g_strsplit (step, "\"lw-demo-tidb-private-key\"", -1);
  g_assert_cmpuint (g_strv_length (parts), >=, 3);
  {
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", tidb_private);
    out = g_strjoinv (quoted, parts);
  }
  g_assert_true (g_file_set_contents (path, out, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
build_path (const char *relative)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  g_assert_nonnull (builddir);
  return g_build_filename (builddir, relative, NULL);
}

static gchar *
read_proc (GPid pid, const char *file, gsize *len)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int) pid, file);
  char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return data;
}

/* The children write where this test's isolated dirs are (GLib's test isolation does not export them). */
static void
isolate_env (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
}

typedef struct {
  gboolean done;
  char    *line;
  GBytes  *out;
  gboolean ok;
  GError  *error;
} Async;

static void
line_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Async *a = data;
  a->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), res, NULL, &a->error);
  a->done = TRUE;
}

/* The simulator runs in this process, so every wait iterates the main context. */
static char *
read_line (GDataInputStream *in)
{
  Async a = { 0 };

  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, line_cb, &a);
  core_test_wait (&a.done, 120);
  g_assert_no_error (a.error);
  return a.line;
}

static void
wait_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Async *a = data;
  a->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), res, &a->error);
  a->done = TRUE;
}

static void
communicate_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Async *a = data;
  a->ok = g_subprocess_communicate_finish (G_SUBPROCESS (source), res, &a->out, NULL, &a->error);
  a->done = TRUE;
}

/* Runs linkwright-call with the canary in its environment (how that tool takes credentials). */
static char *
run_call (const Canary *c, const char *call, const char *url, const char *ak_id, const char *ak_secret,
          const char *tidb_public, const char *tidb_private, gboolean expect_ok, const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Async a = { 0 };
  gsize len;
  char *text;

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  isolate_env (launcher);
  g_subprocess_launcher_setenv (launcher, "LINKWRIGHT_ENDPOINT_OVERRIDE", url, TRUE);
  g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_ID", ak_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", ak_secret, TRUE);
  g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PUBLIC_KEY", tidb_public, TRUE);
  g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PRIVATE_KEY", tidb_private, TRUE);
  g_ptr_array_add (argv, (gpointer) call);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (proc, NULL, NULL, communicate_cb, &a);
  core_test_wait (&a.done, 60);
  g_assert_no_error (a.error);
  a.done = FALSE;
  g_subprocess_wait_async (proc, NULL, (GAsyncReadyCallback) wait_cb, &a);
  core_test_wait (&a.done, 60);
  g_clear_error (&a.error);
  text = g_bytes_unref_to_data (a.out, &len);
  text = g_realloc (text, len + 1);
  text[len] = '\0';
  g_test_message ("linkwright-call %s %s: exit %d, %" G_GSIZE_FORMAT " bytes of output", args[0], args[1],
                  g_subprocess_get_exit_status (proc), len);
  g_assert_cmpint (g_subprocess_get_successful (proc), ==, expect_ok);
  assert_clean (c, "the output of linkwright-call", text, len);
  return text;
}

static void
test_canary (void)
{
  g_autofree char *ak_random = random_hex (16), *tidb_random = random_hex (16);
  g_autofree char *ak_secret = g_strdup_printf ("lwcanaryAK%s", ak_random);
  g_autofree char *tidb_private = g_strdup_printf ("lwcanaryTIDB%s", tidb_random);
  g_autofree char *seed_dir = NULL, *seed = NULL, *driver = NULL, *call = NULL, *state_path = NULL;
  g_autofree char *dirs_root = NULL, *cmdline = NULL, *environ_ = NULL, *input = NULL, *found = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSimServer) sim = NULL;
  g_autoptr(LwSetup) setup = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GString *driver_output = g_string_new (NULL);
  gboolean ready = FALSE;
  const char *ak_id, *tidb_public, *url;
  Async w = { 0 };
  Canary c;
  gsize len;
  GPid pid;
  guint files = 0;

  canary_init (&c, ak_secret, ak_random, tidb_private, tidb_random);
  g_test_message ("canary: AccessKey secret lwcanaryAK<32 random hex>, TiDB private key lwcanaryTIDB<32 random hex>");

  /* The seed world lives outside the searched dirs and is gone before the run. */
  seed_dir = g_dir_make_tmp ("lw-canary-seed-XXXXXX", &error);
  g_assert_no_error (error);
  seed = make_seed (seed_dir, ak_secret, tidb_private);
  sim = lw_sim_server_new ("instant", 1.0, seed, &error);
  g_assert_no_error (error);
  g_assert_true (lw_sim_server_listen_local (sim, 0, &error));
  g_assert_no_error (error);
  g_remove (seed);
  g_rmdir (seed_dir);
  ak_id = lw_sim_server_lookup_demo (sim, "access-key-id");
  tidb_public = lw_sim_server_lookup_demo (sim, "tidb-public-key");
  url = lw_sim_server_get_base_url (sim);

  setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_assert_true (lw_setup_save (setup, &error));
  g_assert_no_error (error);
  state_path = lw_setup_store_get_path (lw_setup_get_id (setup));

  /* 1. The engine in its own process, every debug message on, credentials on stdin. */
  driver = build_path ("hardening/canary-driver");
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  isolate_env (launcher);
  proc = g_subprocess_launcher_spawn (launcher, &error, driver, NULL);
  g_assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
  input = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s\n", ak_id, ak_secret, tidb_public, tidb_private, url,
                           lw_setup_get_id (setup));
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), input, strlen (input), NULL, NULL,
                                            &error));
  g_assert_no_error (error);
  explicit_bzero (input, strlen (input));

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while (!ready)
    {
      g_autofree char *line = read_line (out);

      if (line == NULL)
        g_error ("The engine process ended before it was ready:\n%s", driver_output->str);
      g_string_append_printf (driver_output, "%s\n", line);
      if (g_str_has_prefix (line, "CANARY-DRIVER READY"))
        {
          g_assert_cmpstr (line, ==, "CANARY-DRIVER READY ok");
          ready = TRUE;
        }
    }

  /* 2. Its argv and environment while it still holds the secrets. */
  cmdline = read_proc (pid, "cmdline", &len);
  assert_clean (&c, "/proc/<driver>/cmdline", cmdline, len);
  environ_ = read_proc (pid, "environ", &len);
  assert_clean (&c, "/proc/<driver>/environ", environ_, len);
  /* The right process was read (its environment has what this test gave it). */
  g_assert_nonnull (memmem (environ_, len, "G_MESSAGES_DEBUG=all", strlen ("G_MESSAGES_DEBUG=all")));

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (proc), NULL, &error));
  g_assert_no_error (error);
  for (;;)
    {
      g_autofree char *line = read_line (out);
      if (line == NULL)
        break;
      g_string_append_printf (driver_output, "%s\n", line);
    }
  g_subprocess_wait_check_async (proc, NULL, wait_cb, &w);
  core_test_wait (&w.done, 60);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);

  /* The setup really ran with the canary credentials, and debug logging was really on. */
  g_assert_cmpuint (lw_sim_server_count_created (sim, "load-balancer"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_created (sim, "tidb-connection"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "load-balancer"), ==, 0);
  g_assert_nonnull (strstr (driver_output->str, "-DEBUG"));
  g_test_message ("engine process: %" G_GSIZE_FORMAT " bytes of output with G_MESSAGES_DEBUG=all", driver_output->len);
  assert_clean (&c, "the engine process's output", driver_output->str, driver_output->len);

  /* 3. linkwright-call, credentials in its environment by design; success and error paths. */
  call = build_path ("../src/cloud/linkwright-call");
  {
    const char *sts[] = { "sts", "GetCallerIdentity", NULL };
    const char *rds[] = { "rds", "DescribeDBInstanceAttribute", "DBInstanceId=rm-bp1doesnotexist1", NULL };
    const char *tidb[] = { "tidb", "GET", "/v1beta1/projects", NULL };
    g_autofree char *o1 = run_call (&c, call, url, ak_id, ak_secret, tidb_public, tidb_private, TRUE, sts);
    g_autofree char *o2 = run_call (&c, call, url, ak_id, ak_secret, tidb_public, tidb_private, FALSE, rds);
    g_autofree char *o3 = run_call (&c, call, url, ak_id, ak_secret, tidb_public, tidb_private, TRUE, tidb);
    g_autofree char *o4 = run_call (&c, call, url, ak_id, "lwwrongsecret0000000000000000000", tidb_public,
                                    tidb_private, FALSE, sts);

    g_assert_nonnull (strstr (o1, "1234567890123456"));
    g_assert_nonnull (strstr (o2, "InvalidDBInstanceId.NotFound"));
    g_assert_nonnull (strstr (o3, "1372813089209061"));
    g_assert_nonnull (strstr (o4, "SignatureDoesNotMatch"));
  }

  /* 4. Every file under HOME and the XDG dirs, and the state file. */
  g_assert_true (g_file_get_contents (state_path, &state, &len, &error));
  assert_clean (&c, "the setup state file", state, len);
  dirs_root = g_path_get_dirname (g_get_home_dir ());
  found = dir_find_canary (&c, dirs_root, &files);
  g_test_message ("searched %u files under %s", files, dirs_root);
  if (found != NULL)
    g_error ("The canary appears in %s", found);
  g_assert_cmpuint (files, >=, 1);

  /* 5. This process's own log (the simulator ran here, with all debug messages). */
  g_assert_cmpuint (captured->len, >, 0);
  assert_clean (&c, "the test process's log", captured->str, captured->len);

  /* The search itself works: a planted canary is found. */
  {
    g_autofree char *plant = g_build_filename (g_get_user_cache_dir (), "planted", NULL);
    g_autofree char *found2 = NULL;
    guint n = 0;

    g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
    g_assert_true (g_file_set_contents (plant, c.needles[1], -1, NULL));
    found2 = dir_find_canary (&c, dirs_root, &n);
    g_assert_cmpstr (found2, ==, plant);
    g_remove (plant);
  }

  g_string_free (driver_output, TRUE);
  canary_clear (&c);
}

int
main (int argc, char *argv[])
{
  captured = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/hardening/canary/nowhere", test_canary);
  return g_test_run ();
}
