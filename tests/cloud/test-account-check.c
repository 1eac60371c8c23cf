/* test-account-check.c: the read-only account check (lw-account-check.h) and `linkwright-call check`,
 * against the in-process simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-sim.h"
#include "cloud-test-util.h"

static const char *kinds[] = {
  "server-group", "server", "load-balancer", "listener", "endpoint-service", "endpoint-service-user",
  "endpoint-connection", "tidb-connection", NULL
};

static LwSimServer *
sim_new (void)
{
  g_autoptr(GError) error = NULL;
  LwSimServer *sim = cloud_test_sim_new ("instant", 0.01, &error);

  g_assert_no_error (error);
  g_assert_true (lw_sim_server_listen_local (sim, 0, &error));
  g_assert_no_error (error);
  return sim;
}

static void
assert_nothing_created (LwSimServer *sim)
{
  for (guint i = 0; kinds[i]; i++)
    g_assert_cmpuint (lw_sim_server_count_created (sim, kinds[i]), ==, 0);
}

static GPtrArray *
run_check (LwSimServer *sim, gboolean restricted, gboolean with_tidb, char **text)
{
  g_autoptr(LwCredentials) creds = lw_credentials_new (
    lw_sim_server_lookup_demo (sim, restricted ? "restricted-access-key-id" : "access-key-id"),
    lw_sim_server_lookup_demo (sim, restricted ? "restricted-access-key-secret" : "access-key-secret"), NULL);
  g_autoptr(LwRpcClient) rpc = lw_rpc_client_new (creds, lw_sim_server_lookup_demo (sim, "region"));
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  Waiter w = { NULL };
  GPtrArray *lines;

  g_assert_true (lw_rpc_client_set_endpoint_override (rpc, lw_sim_server_get_base_url (sim), &error));
  if (with_tidb)
    {
      tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                 lw_sim_server_lookup_demo (sim, "tidb-private-key"));
      g_assert_true (lw_tidb_client_set_endpoint_override (tidb, lw_sim_server_get_base_url (sim), &error));
    }
  /* No cluster ID: the check asks for the key's first cluster. */
  lw_account_check_async (rpc, tidb, NULL, NULL, waiter_cb, &w);
  lines = lw_account_check_finish (wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 14);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *line = lw_account_check_line_format (g_ptr_array_index (lines, i));
      g_test_message ("%s", line);
      g_string_append_printf (all, "%s\n", line);
    }
  *text = g_string_free (g_steal_pointer (&all), FALSE);
  return lines;
}

static LwAccountCheckLine *
find_line (GPtrArray *lines, const char *call)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (((LwAccountCheckLine *)g_ptr_array_index (lines, i))->call, call))
      return g_ptr_array_index (lines, i);
  g_error ("no line %s", call);
  return NULL;
}

static void
assert_no_secret (LwSimServer *sim, const char *text)
{
  const char *keys[] = { "access-key-secret", "restricted-access-key-secret", "tidb-private-key" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_null (strstr (text, lw_sim_server_lookup_demo (sim, keys[i])));
}

static void
test_demo_key (void)
{
  g_autoptr(LwSimServer) sim = sim_new ();
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = run_check (sim, FALSE, TRUE, &text);

  for (guint i = 0; i < lines->len; i++)
    g_assert_true (((LwAccountCheckLine *)g_ptr_array_index (lines, i))->ok);
  g_assert_true (find_line (lines, "nlb:CreateListener")->dry_run);
  g_assert_nonnull (strstr (find_line (lines, "tidb:GetAvailabilityZones")->detail, "5000000000000001"));
  g_assert_nonnull (strstr (text, "PASS  nlb:CreateLoadBalancer (DryRun)"));
  assert_no_secret (sim, text);
  assert_nothing_created (sim);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "GetCallerIdentity"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, "ListLoadBalancers"), ==, 1);
}

static void
test_restricted_key (void)
{
  g_autoptr(LwSimServer) sim = sim_new ();
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = run_check (sim, TRUE, FALSE, &text);
  const char *creates[] = { "nlb:CreateServerGroup", "nlb:CreateLoadBalancer", "nlb:CreateListener",
                            "privatelink:CreateVpcEndpointService" };
  LwAccountCheckLine *l;

  /* Reads pass; the create DryRuns the restricted key may not make fail with the service's code,
   * message and RequestId. */
  g_assert_true (find_line (lines, "sts:GetCallerIdentity")->ok);
  g_assert_true (find_line (lines, "rds:DescribeDBInstances")->ok);
  for (guint i = 0; i < G_N_ELEMENTS (creates); i++)
    {
      g_autofree char *line = NULL;

      l = find_line (lines, creates[i]);
      g_assert_false (l->ok);
      g_assert_cmpstr (l->code, ==, "Forbidden.RAM");
      g_assert_nonnull (l->message);
      g_assert_nonnull (l->request_id);
      line = lw_account_check_line_format (l);
      g_assert_true (g_str_has_prefix (line, "FAIL  "));
      g_assert_nonnull (strstr (line, "Forbidden.RAM: "));
      g_assert_nonnull (strstr (line, l->request_id));
    }
  /* Without a TiDB Cloud key the TiDB lines say so. */
  l = find_line (lines, "tidb:GetCluster");
  g_assert_true (l->skipped);
  g_assert_false (l->ok);
  assert_no_secret (sim, text);
  assert_nothing_created (sim);
}

/* linkwright-call check, end to end. */
static char *
call_path (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  return g_build_filename (builddir != NULL ? builddir : ".", "..", "src", "cloud", "linkwright-call", NULL);
}

static void
communicate_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  waiter_cb (object, result, user_data);
}

static void
test_cli (void)
{
  g_autoptr(LwSimServer) sim = sim_new ();
  g_autofree char *call = call_path ();
  const char *keys[] = { "access-key", "restricted-access-key" };

  if (!g_file_test (call, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("linkwright-call was not found next to the tests (G_TEST_BUILDDIR/../src/cloud)");
      return;
    }
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id_key = g_strconcat (keys[k], "-id", NULL);
      g_autofree char *secret_key = g_strconcat (keys[k], "-secret", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      Waiter w = { NULL };

      g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_ID", lw_sim_server_lookup_demo (sim, id_key), TRUE);
      g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", lw_sim_server_lookup_demo (sim, secret_key), TRUE);
      g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PUBLIC_KEY", lw_sim_server_lookup_demo (sim, "tidb-public-key"), TRUE);
      g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PRIVATE_KEY", lw_sim_server_lookup_demo (sim, "tidb-private-key"), TRUE);
      g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LINKWRIGHT_ENDPOINT_OVERRIDE");
      proc = g_subprocess_launcher_spawn (launcher, &error, call, "--endpoint-override", lw_sim_server_get_base_url (sim),
                                          "--region", lw_sim_server_lookup_demo (sim, "region"), "check",
                                          "10000000000000000001", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &w);
      g_subprocess_communicate_utf8_finish (proc, wait_for_result (&w), &out, &err, &error);
      g_assert_no_error (error);
      waiter_clear (&w);
      while (!g_subprocess_get_if_exited (proc))
        g_main_context_iteration (NULL, TRUE);
      g_test_message ("%s", out);

      /* One line per call. */
      {
        /* (GLib prints debug messages on stdout too, with G_MESSAGES_DEBUG=all.) */
        g_auto(GStrv) rows = g_strsplit (out, "\n", -1);
        guint n = 0;
        for (guint i = 0; rows[i]; i++)
          n += g_str_has_prefix (rows[i], "PASS  ") || g_str_has_prefix (rows[i], "FAIL  ")
               || g_str_has_prefix (rows[i], "SKIP  ");
        g_assert_cmpuint (n, ==, 14);
      }
      if (k == 0)
        {
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
          g_assert_null (strstr (out, "FAIL"));
          g_assert_nonnull (strstr (out, "PASS  tidb:GetCluster  demo-essential"));
        }
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
          g_assert_nonnull (strstr (out, "FAIL  nlb:CreateListener (DryRun)  Forbidden.RAM: "));
          g_assert_nonnull (strstr (out, "RequestId: "));
        }
      assert_no_secret (sim, out);
      assert_no_secret (sim, err);
    }
  assert_nothing_created (sim);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/account-check/demo-key", test_demo_key);
  g_test_add_func ("/cloud/account-check/restricted-key", test_restricted_key);
  g_test_add_func ("/cloud/account-check/cli", test_cli);
  return g_test_run ();
}
