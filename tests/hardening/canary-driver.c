/* canary-driver.c — one full setup and teardown in its own process, for test-canary: the test then
 * inspects this process's argv and environment and everything it wrote or logged.
 *
 * Credentials come on stdin, one per line (never argv or environment, so that their absence there
 * means something): access key ID, access key secret, TiDB public key, TiDB private key, simulator
 * URL, setup ID. Prints "CANARY-DRIVER READY <status>" after the run and the teardown and stays
 * alive until stdin is closed, so that the test can read /proc/<pid>/{cmdline,environ}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdio.h>
#include <string.h>

#include "lw-core.h"

typedef struct {
  gboolean done;
  gboolean ok;
} Result;

static void
run_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  g_autoptr(GError) error = NULL;

  r->ok = lw_runner_run_finish (LW_RUNNER (source), res, &error);
  if (error != NULL)
    g_printerr ("canary-driver: run: %s\n", error->message);
  r->done = TRUE;
}

static void
rollback_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  g_autoptr(GError) error = NULL;

  r->ok = lw_runner_rollback_finish (LW_RUNNER (source), res, &error);
  if (error != NULL)
    g_printerr ("canary-driver: rollback: %s\n", error->message);
  r->done = TRUE;
}

static char *
read_line (void)
{
  char buf[4096];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  len = strlen (buf);
  if (len > 0 && buf[len - 1] == '\n')
    buf[--len] = '\0';
  {
    char *line = g_strndup (buf, len);
    explicit_bzero (buf, sizeof buf);
    return line;
  }
}

static void
wipe_free (char *s)
{
  if (s != NULL)
    explicit_bzero (s, strlen (s));
  g_free (s);
}

int
main (int argc, char *argv[])
{
  char *ak_id = read_line (), *ak_secret = read_line (), *tidb_public = read_line (), *tidb_private = read_line ();
  g_autofree char *url = read_line (), *setup_id = read_line ();
  g_autoptr(LwSetup) setup = NULL;
  g_autoptr(LwEngineContext) ctx = NULL;
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  Result run = { 0 }, teardown = { 0 };
  int c;

  if (setup_id == NULL)
    return 2;
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  setup = lw_setup_store_load (setup_id, &error);
  if (setup == NULL)
    {
      g_printerr ("canary-driver: %s\n", error->message);
      return 2;
    }
  ctx = lw_engine_context_new (ak_id, ak_secret, NULL);
  lw_engine_context_set_tidb_keys (ctx, tidb_public, tidb_private);
  /* The context has its own copies now. */
  wipe_free (ak_secret);
  wipe_free (tidb_private);
  g_free (ak_id);
  g_free (tidb_public);
  lw_engine_context_set_endpoint_override (ctx, url);
  lw_engine_context_set_time_scale (ctx, 0.002);
  lw_engine_context_set_request_timeout (ctx, 250);

  runner = lw_runner_new (setup, ctx);
  lw_runner_run_async (runner, NULL, run_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.ok)
    {
      lw_runner_rollback_async (runner, NULL, rollback_cb, &teardown);
      while (!teardown.done)
        g_main_context_iteration (NULL, TRUE);
    }

  g_print ("CANARY-DRIVER READY %s\n", run.ok && teardown.ok ? "ok" : "failed");
  fflush (stdout);
  /* Stay alive (and keep the context, secrets included) until the test has looked at /proc. */
  while ((c = getchar ()) != EOF)
    ;
  return run.ok && teardown.ok ? 0 : 1;
}
