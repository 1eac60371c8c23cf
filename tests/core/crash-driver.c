/* crash-driver.c — runs one setup in its own process, for test-crash: the test SIGKILLs it (or it
 * SIGKILLs itself) at a chosen instant, then runs it again to resume.
 *
 * Usage: crash-driver SETUP-ID [start:STEP | done:STEP | saved:STEP]
 * Environment: LW_TEST_URL (simulator), LW_TEST_AK_ID / LW_TEST_AK_SECRET / LW_TEST_TIDB_PUBLIC /
 * LW_TEST_TIDB_PRIVATE (credentials never go on a command line), XDG_DATA_HOME (the state file).
 * Exit status: 0 = the setup is DONE, 1 = it failed, 2 = usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "lw-core.h"

static char *kill_kind;
static char *kill_step;

static void
on_step_state (LwStep *step, GParamSpec *pspec, gpointer data)
{
  LwStepState state = lw_step_get_state (step);

  if (g_strcmp0 (lw_step_get_id (step), kill_step) != 0)
    return;
  if ((g_str_equal (kill_kind, "start") && state == LW_STEP_STATE_RUNNING)
      || (g_str_equal (kill_kind, "done") && state == LW_STEP_STATE_DONE))
    raise (SIGKILL);
}

static gint64 saved_deadline;

/* "saved:STEP": dies as soon as the ClientToken record is durable in the state file and before the
 * create call can be sent. The runner writes the file on a worker thread and sends the create from the
 * save's completion callback (default priority); this source is G_PRIORITY_HIGH and stays ready until
 * it fires, so that callback cannot run in between: the instant is "recorded, not yet answered". */
static gboolean
kill_when_saved (gpointer data)
{
  LwSetup *setup = data;
  g_autoptr(LwSetup) on_disk = lw_setup_store_load (lw_setup_get_id (setup), NULL);

  if ((on_disk != NULL && lw_setup_get_step_record (on_disk, kill_step) == LW_STEP_RECORD_REQUESTED)
      || g_get_monotonic_time () > saved_deadline)
    raise (SIGKILL);
  return G_SOURCE_CONTINUE;
}

static void
on_setup_changed (LwSetup *setup, gpointer data)
{
  static gboolean armed;

  if (!armed && kill_kind != NULL && g_str_equal (kill_kind, "saved")
      && lw_setup_get_step_record (setup, kill_step) == LW_STEP_RECORD_REQUESTED)
    {
      armed = TRUE;
      /* Bounded: if the record never reaches the disk, die anyway and let the test's check fail. */
      saved_deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      g_idle_add_full (G_PRIORITY_HIGH, kill_when_saved, setup, NULL);
    }
}

static void
run_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  int *status = data;
  g_autoptr(GError) error = NULL;

  *status = lw_runner_run_finish (LW_RUNNER (source), res, &error) ? 0 : 1;
  if (error != NULL)
    g_printerr ("crash-driver: %s\n", error->message);
}

int
main (int argc, char *argv[])
{
  g_autoptr(LwSetup) setup = NULL;
  g_autoptr(LwEngineContext) ctx = NULL;
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *steps;
  int status = -1;

  if (argc < 2)
    return 2;
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (argc >= 3)
    {
      g_auto(GStrv) parts = g_strsplit (argv[2], ":", 2);
      if (g_strv_length (parts) != 2)
        return 2;
      kill_kind = g_strdup (parts[0]);
      kill_step = g_strdup (parts[1]);
    }

  setup = lw_setup_store_load (argv[1], &error);
  if (setup == NULL)
    {
      g_printerr ("crash-driver: %s\n", error->message);
      return 2;
    }
  ctx = lw_engine_context_new (g_getenv ("LW_TEST_AK_ID"), g_getenv ("LW_TEST_AK_SECRET"), NULL);
  lw_engine_context_set_tidb_keys (ctx, g_getenv ("LW_TEST_TIDB_PUBLIC"), g_getenv ("LW_TEST_TIDB_PRIVATE"));
  lw_engine_context_set_endpoint_override (ctx, g_getenv ("LW_TEST_URL"));
  lw_engine_context_set_time_scale (ctx, 0.002);
  lw_engine_context_set_request_timeout (ctx, 500);

  runner = lw_runner_new (setup, ctx);
  steps = lw_runner_get_steps (runner);
  for (guint i = 0; kill_step != NULL && i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(LwStep) step = g_list_model_get_item (steps, i);
      g_signal_connect (step, "notify::state", G_CALLBACK (on_step_state), NULL);
    }
  g_signal_connect (setup, "changed", G_CALLBACK (on_setup_changed), NULL);

  lw_runner_run_async (runner, NULL, run_cb, &status);
  while (status < 0)
    g_main_context_iteration (NULL, TRUE);
  return status;
}
