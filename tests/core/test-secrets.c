/* test-secrets.c — a full setup with every debug message on: no secret in any log line or state file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

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
  /* Errors and criticals still reach the test harness. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

static void
test_no_secret_in_logs_or_files (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = lw_setup_store_get_dir ();
  const char *secrets[] = {
    lw_sim_server_lookup_demo (sim, "access-key-secret"),
    lw_sim_server_lookup_demo (sim, "tidb-private-key"),
  };

  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_true (core_test_rollback (runner, &error));
  /* The capture works (the run logged something) and holds no secret. */
  g_assert_cmpuint (captured->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_assert_nonnull (secrets[i]);
      g_assert_null (strstr (captured->str, secrets[i]));
      g_assert_false (core_test_dir_contains (dir, secrets[i]));
    }
}

int
main (int argc, char *argv[])
{
  captured = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/secrets/not-in-logs-or-files", test_no_secret_in_logs_or_files);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
