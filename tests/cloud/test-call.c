/* test-call.c: the linkwright-call command against the in-process simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-sim.h"
#include "cloud-test-util.h"

typedef struct {
  LwSimServer *sim;
  char        *call;      /* path of linkwright-call */
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waiter *w = user_data;
  waiter_cb (object, result, w);
}

/* Runs linkwright-call with @secret in the environment, serving the simulator meanwhile. */
static void
run_call (Fixture     *f,
          const char  *secret,
          Run         *r,
          const char  *first_arg,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Waiter w = { NULL };
  va_list ap;

  g_ptr_array_add (argv, f->call);
  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_ID", lw_sim_server_lookup_demo (f->sim, "access-key-id"), TRUE);
  g_subprocess_launcher_setenv (launcher, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret, TRUE);
  g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PUBLIC_KEY", lw_sim_server_lookup_demo (f->sim, "tidb-public-key"), TRUE);
  g_subprocess_launcher_setenv (launcher, "TIDB_CLOUD_PRIVATE_KEY", lw_sim_server_lookup_demo (f->sim, "tidb-private-key"), TRUE);
  /* Every debug message on: the secrets must still not show up. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LINKWRIGHT_ENDPOINT_OVERRIDE");

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &w);
  g_subprocess_communicate_utf8_finish (proc, wait_for_result (&w), &r->out, &r->err, &error);
  g_assert_no_error (error);
  waiter_clear (&w);
  /* wait_check is immediate once the pipes closed and the child was reaped. */
  while (!g_subprocess_get_if_exited (proc))
    g_main_context_iteration (NULL, TRUE);
  r->status = g_subprocess_get_exit_status (proc);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  f->call = g_build_filename (builddir != NULL ? builddir : ".", "..", "src", "cloud", "linkwright-call", NULL);
  f->sim = cloud_test_sim_new ("instant", 0.01, &error);
  g_assert_no_error (error);
  lw_sim_server_listen_local (f->sim, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->sim);
  g_free (f->call);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
have_call (Fixture *f)
{
  if (!g_file_test (f->call, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("linkwright-call was not found next to the tests (G_TEST_BUILDDIR/../src/cloud)");
      return FALSE;
    }
  return TRUE;
}

static void
assert_no_secrets (Fixture *f, Run *r)
{
  const char *keys[] = { "access-key-secret", "tidb-private-key" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *secret = lw_sim_server_lookup_demo (f->sim, keys[i]);
      g_assert_null (strstr (r->out, secret));
      g_assert_null (strstr (r->err, secret));
    }
}

static void
test_rpc (Fixture *f, gconstpointer data)
{
  Run r = { 0 };
  const char *secret;

  if (!have_call (f))
    return;
  secret = lw_sim_server_lookup_demo (f->sim, "access-key-secret");

  run_call (f, secret, &r, "--endpoint-override", lw_sim_server_get_base_url (f->sim), "--region", "cn-hangzhou",
            "-v", "nlb", "CreateServerGroup", "VpcId=vpc-bp1demo000000000001", "ServerGroupName=lw-call-test",
            "ServerGroupType=Ip", "Protocol=TCP", "HealthCheckConfig.HealthCheckEnabled=true", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"ServerGroupId\""));
  g_assert_nonnull (strstr (r.out, "\"RequestId\""));
  assert_no_secrets (f, &r);
  g_assert_cmpuint (lw_sim_server_count_live (f->sim, "server-group"), ==, 1);
  run_clear (&r);

  run_call (f, secret, &r, "-e", lw_sim_server_get_base_url (f->sim), "--dry-run", "privatelink",
            "CreateVpcEndpointService", "ServiceResourceType=nlb", "AutoAcceptEnabled=false", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "\"DryRunOperation\" : true"));
  run_clear (&r);

  run_call (f, secret, &r, "-e", lw_sim_server_get_base_url (f->sim), "sts", "GetCallerIdentity", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, lw_sim_server_lookup_demo (f->sim, "account-id")));
  run_clear (&r);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  Run r = { 0 };

  if (!have_call (f))
    return;

  run_call (f, "not-the-secret", &r, "-e", lw_sim_server_get_base_url (f->sim), "sts", "GetCallerIdentity", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Code: SignatureDoesNotMatch"));
  g_assert_nonnull (strstr (r.err, "RequestId: "));
  g_assert_null (strstr (r.err, "not-the-secret"));
  run_clear (&r);

  run_call (f, "whatever", &r, "-e", "http://192.0.2.1:80", "sts", "GetCallerIdentity", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "plain HTTP"));
  run_clear (&r);

  run_call (f, "whatever", &r, "oss", "ListBuckets", NULL);
  g_assert_cmpint (r.status, ==, 2);
  run_clear (&r);
}

static void
test_tidb (Fixture *f, gconstpointer data)
{
  Run r = { 0 };

  if (!have_call (f))
    return;

  run_call (f, "unused", &r, "-e", lw_sim_server_get_base_url (f->sim), "tidb", "GET", "/v1beta1/clusters", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "10000000000000000001"));
  assert_no_secrets (f, &r);
  run_clear (&r);

  run_call (f, "unused", &r, "-e", lw_sim_server_get_base_url (f->sim), "tidb", "GET",
            "/v1beta1/clusters/10000000000000000001/privateLinkConnections:getAvailabilityZones", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "5000000000000001"));
  run_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cloud/call/rpc", Fixture, NULL, fixture_setup, test_rpc, fixture_teardown);
  g_test_add ("/cloud/call/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/cloud/call/tidb", Fixture, NULL, fixture_setup, test_tidb, fixture_teardown);
  return g_test_run ();
}
