/* test-tls.c — TLS refusals where users hit them: through the engine (LwEngineContext endpoint
 * override → preflight and runner), not only the cloud client (tests/cloud/test-transport.c).
 *
 * 1. An untrusted certificate: refused, the message says the certificate is not trusted, and no
 *    request reaches the server.
 * 2. A certificate for another host name: refused, the message says so, nothing reaches the server.
 * 3. Plain HTTP to a non-loopback endpoint override: refused before any connection, with a message
 *    that says why and what to use instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core-test-util.h"

typedef struct {
  SoupServer *server;
  char       *base_url;
  guint       requests;
} Tls;

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Tls *t = data;

  t->requests++;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

static Tls *
tls_server_new (GTlsCertificate *cert)
{
  Tls *t = g_new0 (Tls, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  t->server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (t->server, NULL, handler, t, NULL);
  g_assert_true (soup_server_listen_local (t->server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (t->server);
  t->base_url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return t;
}

static void
tls_server_free (Tls *t)
{
  soup_server_disconnect (t->server);
  g_object_unref (t->server);
  g_free (t->base_url);
  g_free (t);
}

static gboolean
run_openssl (const char *dir, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* A CA nobody trusts, a certificate for 127.0.0.1 and one for other.example, both signed by it. */
static void
make_certs (const char *dir)
{
  const char *ca[] = { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                       "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Linkwright hardening CA", NULL };
  const char *names[] = { "good", "bad" };
  const char *subjects[] = { "/CN=127.0.0.1", "/CN=other.example" };
  const char *sans[] = { "subjectAltName=IP:127.0.0.1\n", "subjectAltName=DNS:other.example\n" };

  g_assert_true (run_openssl (dir, ca));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s.key", names[i]);
      g_autofree char *csr = g_strdup_printf ("%s.csr", names[i]);
      g_autofree char *pem = g_strdup_printf ("%s.pem", names[i]);
      g_autofree char *ext = g_strdup_printf ("%s.ext", names[i]);
      g_autofree char *ext_path = g_build_filename (dir, ext, NULL);
      const char *req[] = { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", key, "-out", csr, "-subj", subjects[i], NULL };
      const char *sign[] = { "x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                             "-out", pem, "-days", "2", "-extfile", ext, NULL };

      g_assert_true (g_file_set_contents (ext_path, sans[i], -1, NULL));
      g_assert_true (run_openssl (dir, req));
      g_assert_true (run_openssl (dir, sign));
    }
}

static GTlsCertificate *
load_cert (const char *dir, const char *name)
{
  g_autofree char *pem = g_strdup_printf ("%s/%s.pem", dir, name);
  g_autofree char *key = g_strdup_printf ("%s/%s.key", dir, name);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_files (pem, key, &error);

  g_assert_no_error (error);
  return cert;
}

typedef struct {
  gboolean    done;
  gboolean    ok;
  GError     *error;
  GListModel *checks;
} Result;

static void
run_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->ok = lw_runner_run_finish (LW_RUNNER (source), res, &r->error);
  r->done = TRUE;
}

static void
preflight_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->checks = lw_preflight_run_finish (res, &r->error);
  r->done = TRUE;
}

static LwEngineContext *
context_for (const char *url)
{
  LwEngineContext *ctx = lw_engine_context_new ("LWDEMOKEYID00001", "lw-demo-access-key-secret", NULL);

  lw_engine_context_set_tidb_keys (ctx, "LWDEMOPUBLICKEY1", "lw-demo-tidb-private-key");
  lw_engine_context_set_endpoint_override (ctx, url);
  lw_engine_context_set_time_scale (ctx, CORE_TEST_TIME_SCALE);
  lw_engine_context_set_request_timeout (ctx, 2000); /* a TLS refusal must not look like a timeout */
  return ctx;
}

static LwSetup *
demo_setup (void)
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
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_AUTOMATIC);
  lw_setup_set_tidb_account_id (setup, "5000000000000001");
  lw_setup_set_tidb_zone_ids (setup, zones);
  lw_setup_set_tidb_project_id (setup, "1372813089209061");
  lw_setup_set_tidb_cluster_id (setup, "10000000000000000001");
  return setup;
}

/* Runs the runner and the preflight against @url; returns the runner's error message and every
 * failed check's message, joined. */
static char *
engine_messages (const char *url, gboolean *preflight_error)
{
  g_autoptr(LwEngineContext) ctx = context_for (url);
  g_autoptr(LwSetup) setup = demo_setup ();
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  GString *all = g_string_new (NULL);
  Result r = { 0 }, p = { 0 };

  lw_runner_run_async (runner, NULL, run_cb, &r);
  core_test_wait (&r.done, 60);
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_string_append_printf (all, "runner: %s\n", r.error->message);
  g_clear_error (&r.error);

  lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
  core_test_wait (&p.done, 60);
  *preflight_error = p.error != NULL;
  if (p.error != NULL)
    g_string_append_printf (all, "preflight: %s\n", p.error->message);
  for (guint i = 0; p.checks != NULL && i < g_list_model_get_n_items (p.checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (p.checks, i);
      if (!lw_check_get_ok (c))
        g_string_append_printf (all, "check %s: %s\n", lw_check_get_id (c), lw_check_get_message (c));
    }
  g_clear_error (&p.error);
  g_clear_object (&p.checks);
  return g_string_free (all, FALSE);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
tls_checks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GTlsCertificate) good = NULL, bad = NULL;
  gboolean preflight_error;

  g_assert_true (g_tls_backend_supports_tls (g_tls_backend_get_default ()));
  dir = g_dir_make_tmp ("lw-hardening-tls-XXXXXX", &error);
  g_assert_no_error (error);
  make_certs (dir);
  good = load_cert (dir, "good");
  bad = load_cert (dir, "bad");
  remove_dir (dir);

  /* 1. Untrusted certificate (right name, unknown CA). */
  {
    Tls *t = tls_server_new (good);
    g_autofree char *messages = engine_messages (t->base_url, &preflight_error);

    g_print ("untrusted certificate:\n%s", messages);
    g_assert_nonnull (strstr (messages, "runner: The TLS certificate of 127.0.0.1"));
    g_assert_nonnull (strstr (messages, "not signed by a trusted certificate authority"));
    g_assert_null (strstr (messages, "does not match the host name"));
    /* F5: the dry-run check quotes the certificate reason once, with one full stop, and does not send
     * the user to the inputs for a certificate problem. */
    g_assert_nonnull (strstr (messages, "check dry-run-CreateServerGroup: The dry run of CreateServerGroup failed: "
                                        "The TLS certificate of 127.0.0.1"));
    g_assert_null (strstr (messages, ".."));
    g_assert_null (strstr (messages, "Check the inputs"));
    g_assert_cmpuint (t->requests, ==, 0);
    tls_server_free (t);
  }

  /* 2. Certificate for another host name. */
  {
    Tls *t = tls_server_new (bad);
    g_autofree char *messages = engine_messages (t->base_url, &preflight_error);

    g_print ("host name mismatch:\n%s", messages);
    g_assert_nonnull (strstr (messages, "runner: The TLS certificate of 127.0.0.1"));
    g_assert_nonnull (strstr (messages, "does not match the host name"));
    g_assert_cmpuint (t->requests, ==, 0);
    tls_server_free (t);
  }
}

static void
test_tls_refused (void)
{
  /* In a child that leaves with _exit(), as tests/cloud/test-transport.c does: glib-networking
   * dlopens GnuTLS, whose dynamic TLS blocks make LeakSanitizer's exit-time scan crash on this
   * toolchain. */
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (g_test_subprocess ())
    {
      tls_checks ();
      fflush (stdout);
      _exit (g_test_failed () ? 1 : 0);
    }
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed, so no test certificates can be made");
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*untrusted certificate:*not signed by a trusted certificate authority*"
                             "host name mismatch:*does not match the host name*");
}

/* 3. Plain HTTP to a host that is not loopback: refused before any connection is tried. */
static void
test_plain_http_refused (void)
{
  const char *urls[] = { "http://example.invalid:80", "http://10.0.0.1:8080", "http://[2001:db8::1]/" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      gboolean preflight_error = FALSE;
      g_autofree char *messages = engine_messages (urls[i], &preflight_error);

      g_test_message ("%s:\n%s", urls[i], messages);
      g_assert_nonnull (strstr (messages, "runner: Refusing plain HTTP"));
      g_assert_nonnull (strstr (messages, "unencrypted"));
      g_assert_nonnull (strstr (messages, "https"));
      /* The preflight cannot run at all: an error, not a list of failed checks. */
      g_assert_true (preflight_error);
      g_assert_nonnull (strstr (messages, "preflight: Refusing plain HTTP"));
    }

  /* Loopback plain HTTP stays allowed (the simulator): the refusal is about the host, not the scheme. */
  {
    g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
    g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
    g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
    Result p = { 0 };

    lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
    core_test_wait (&p.done, 60);
    g_assert_no_error (p.error);
    g_assert_true (lw_checks_all_ok (p.checks));
    g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), >, 0);
    g_clear_object (&p.checks);
  }
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/hardening/tls/certificate-refused", test_tls_refused);
  g_test_add_func ("/hardening/tls/plain-http-refused", test_plain_http_refused);
  return g_test_run ();
}
