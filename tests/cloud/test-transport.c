/* test-transport.c: TLS verification, retry schedule, request shapes and TiDB paging against a
 * local SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>
#include <stdio.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "cloud-test-util.h"

/* A scripted server: answers with the next scripted status (the last one repeats), records requests. */
typedef struct {
  SoupServer *server;
  char       *base_url;
  GArray     *statuses;       /* guint */
  GPtrArray  *bodies;         /* const char * response bodies, parallel to statuses (NULL = default) */
  GPtrArray  *headers;        /* extra response header "Name: value" per status, or NULL */
  guint       requests;
  /* the last request */
  char       *method;
  char       *path;
  char       *query;
  char       *body;
  SoupMessageHeaders *request_headers;
  GPtrArray  *nonces;
  GPtrArray  *client_tokens;
} Mock;

static void
mock_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Mock *m = user_data;
  guint i = MIN (m->requests, m->statuses->len - 1);
  guint status = g_array_index (m->statuses, guint, i);
  const char *body = g_ptr_array_index (m->bodies, i);
  const char *header = g_ptr_array_index (m->headers, i);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (request_body);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *nonce;
  char *token = NULL;

  m->requests++;
  g_free (m->method);
  m->method = g_strdup (soup_server_message_get_method (msg));
  g_free (m->path);
  m->path = g_strdup (path);
  g_free (m->query);
  m->query = g_strdup (g_uri_get_query (uri));
  g_free (m->body);
  m->body = g_strndup (g_bytes_get_data (flat, NULL), g_bytes_get_size (flat));
  g_clear_pointer (&m->request_headers, soup_message_headers_unref);
  m->request_headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  nonce = soup_message_headers_get_one (m->request_headers, "x-acs-signature-nonce");
  g_ptr_array_add (m->nonces, g_strdup (nonce));
  if (m->body != NULL && strstr (m->body, "ClientToken=") != NULL)
    token = g_strndup (strstr (m->body, "ClientToken=") + strlen ("ClientToken="),
                       strcspn (strstr (m->body, "ClientToken=") + strlen ("ClientToken="), "&"));
  g_ptr_array_add (m->client_tokens, token);

  if (header != NULL)
    {
      g_auto(GStrv) kv = g_strsplit (header, ": ", 2);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), kv[0], kv[1]);
    }
  soup_server_message_set_status (msg, status, NULL);
  if (body == NULL)
    body = status < 300 ? "{\"RequestId\":\"MOCK-OK\",\"JobId\":\"job-1\",\"ServerGroupId\":\"sgp-mock\"}"
                        : "{\"RequestId\":\"MOCK-ERR\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\"}";
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
mock_script (Mock *m, guint status, const char *body, const char *header)
{
  g_array_append_val (m->statuses, status);
  g_ptr_array_add (m->bodies, (gpointer) body);
  g_ptr_array_add (m->headers, (gpointer) header);
}

static Mock *
mock_new (GTlsCertificate *certificate)
{
  Mock *m = g_new0 (Mock, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  GUri *uri;

  m->server = certificate != NULL ? soup_server_new ("tls-certificate", certificate, NULL) : soup_server_new (NULL, NULL);
  m->statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  m->bodies = g_ptr_array_new ();
  m->headers = g_ptr_array_new ();
  m->nonces = g_ptr_array_new_with_free_func (g_free);
  m->client_tokens = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (m->server, NULL, mock_handler, m, NULL);
  soup_server_listen_local (m->server, 0, certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (m->server);
  uri = uris->data;
  m->base_url = g_strdup_printf ("%s://127.0.0.1:%d", certificate != NULL ? "https" : "http", g_uri_get_port (uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return m;
}

static void
mock_free (Mock *m)
{
  soup_server_disconnect (m->server);
  g_object_unref (m->server);
  g_free (m->base_url);
  g_array_unref (m->statuses);
  g_ptr_array_unref (m->bodies);
  g_ptr_array_unref (m->headers);
  g_ptr_array_unref (m->nonces);
  g_ptr_array_unref (m->client_tokens);
  g_free (m->method);
  g_free (m->path);
  g_free (m->query);
  g_free (m->body);
  g_clear_pointer (&m->request_headers, soup_message_headers_unref);
  g_free (m);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mock, mock_free)

static LwRpcClient *
client_for (Mock *m, LwClock *clock, const char *token)
{
  g_autoptr(LwCredentials) creds = lw_credentials_new ("TESTKEYID", "test-secret", token);
  LwRpcClient *client = lw_rpc_client_new (creds, "cn-hangzhou");
  g_autoptr(GError) error = NULL;

  lw_rpc_client_set_endpoint_override (client, m->base_url, &error);
  g_assert_no_error (error);
  if (clock != NULL)
    lw_rpc_client_set_clock (client, clock);
  return client;
}

/* Request shapes */

static void
test_nlb_form_body (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwNlbJobResult) r = NULL;
  g_autofree char *host = NULL;
  LwNlbServerSpec servers[] = {
    { .server_id = "172.16.2.10", .server_type = "Ip", .server_ip = "172.16.2.10", .port = 3306 },
    { .server_id = "172.16.2.11", .server_type = "Ip", .server_ip = "172.16.2.11", .port = 3307, .weight = 50 },
  };
  Waiter w = { NULL };
  const char *auth;

  mock_script (m, 200, NULL, NULL);
  client = client_for (m, LW_CLOCK (clock), "sts-token-value");
  lw_nlb_add_servers_to_server_group_async (client, "sgp-1", servers, 2, "lw-token-1", LW_CALL_FLAGS_NONE,
                                            NULL, waiter_cb, &w);
  r = lw_nlb_job_finish (client, wait_for_result (&w), &error);
  g_assert_no_error (error);
  waiter_clear (&w);
  g_assert_cmpstr (r->job_id, ==, "job-1");

  g_assert_cmpstr (m->method, ==, "POST");
  g_assert_cmpstr (m->path, ==, "/");
  g_assert_null (m->query);
  g_assert_cmpstr (m->body, ==, "RegionId=cn-hangzhou&ServerGroupId=sgp-1&Servers.1.ServerId=172.16.2.10&"
                                "Servers.1.ServerType=Ip&Servers.1.ServerIp=172.16.2.10&Servers.1.Port=3306&"
                                "Servers.2.ServerId=172.16.2.11&Servers.2.ServerType=Ip&Servers.2.ServerIp=172.16.2.11&"
                                "Servers.2.Port=3307&Servers.2.Weight=50&ClientToken=lw-token-1");
  g_assert_cmpstr (soup_message_headers_get_content_type (m->request_headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  g_assert_cmpstr (soup_message_headers_get_one (m->request_headers, "x-acs-action"), ==, "AddServersToServerGroup");
  g_assert_cmpstr (soup_message_headers_get_one (m->request_headers, "x-acs-version"), ==, "2022-04-30");
  g_assert_cmpstr (soup_message_headers_get_one (m->request_headers, "x-acs-security-token"), ==, "sts-token-value");
  host = g_strdup (soup_message_headers_get_one (m->request_headers, "Host"));
  g_assert_true (g_str_has_prefix (host, "127.0.0.1:"));
  auth = soup_message_headers_get_one (m->request_headers, "Authorization");
  g_assert_true (g_str_has_prefix (auth, "ACS3-HMAC-SHA256 Credential=TESTKEYID,SignedHeaders=content-type;host;"
                                         "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
                                         "x-acs-signature-nonce;x-acs-version,Signature="));
  /* The body hash header matches the body sent. */
  {
    g_autofree char *hash = lw_signer_hex_sha256 (m->body, strlen (m->body));
    g_assert_cmpstr (soup_message_headers_get_one (m->request_headers, "x-acs-content-sha256"), ==, hash);
  }
  /* The secret never travels. */
  g_assert_null (strstr (m->body, "test-secret"));
}

static void
test_privatelink_query (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  Waiter w = { NULL };

  mock_script (m, 200, NULL, NULL);
  client = client_for (m, NULL, NULL);
  lw_privatelink_add_user_async (client, "epsrv-1", G_GUINT64_CONSTANT (5000000000000001), "tok", LW_CALL_FLAGS_DRY_RUN,
                                 NULL, waiter_cb, &w);
  g_assert_true (lw_privatelink_write_finish (client, wait_for_result (&w), &error));
  g_assert_no_error (error);
  waiter_clear (&w);

  g_assert_cmpstr (m->method, ==, "POST");
  g_assert_cmpstr (m->body, ==, "");
  /* Sorted (canonical) query; int64 UserId in decimal; DryRun added by the flag. */
  g_assert_cmpstr (m->query, ==, "ClientToken=tok&DryRun=true&RegionId=cn-hangzhou&ServiceId=epsrv-1&UserId=5000000000000001");
  g_assert_cmpstr (soup_message_headers_get_one (m->request_headers, "x-acs-content-sha256"), ==, LW_SIGNER_EMPTY_SHA256);
  g_assert_null (soup_message_headers_get_one (m->request_headers, "x-acs-security-token"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (m->request_headers, "Authorization"),
                            "SignedHeaders=host;x-acs-action;"));
}

static void
test_dry_run_operation (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwNlbJobResult) r = NULL;
  g_autoptr(LwNlbJobResult) r2 = NULL;
  Waiter w = { NULL };
  const char *dry = "{\"RequestId\":\"DRY-1\",\"Code\":\"DryRunOperation\",\"Message\":\"Request validation has been passed with DryRun flag set.\"}";

  mock_script (m, 400, dry, NULL);
  client = client_for (m, NULL, NULL);
  lw_nlb_delete_listener_async (client, "lsn-1", NULL, LW_CALL_FLAGS_DRY_RUN, NULL, waiter_cb, &w);
  r = lw_nlb_job_finish (client, wait_for_result (&w), &error);
  g_assert_no_error (error);
  waiter_clear (&w);
  g_assert_true (r->dry_run);
  g_assert_cmpstr (r->request_id, ==, "DRY-1");

  /* Without the flag, DryRunOperation is just an error. */
  lw_nlb_delete_listener_async (client, "lsn-1", NULL, LW_CALL_FLAGS_NONE, NULL, waiter_cb, &w);
  r2 = lw_nlb_job_finish (client, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (r2);
  g_assert_true (lw_cloud_error_has_code (error, "DryRunOperation"));
}

/* Retry schedule */

static void
test_retry_schedule (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwNlbJobResult) r = NULL;
  LwRetryPolicy policy = { 5, 1.0, 3.0, 60.0 };
  const gint64 expected_us[] = { 500000, 1000000, 1500000, 1500000 };
  LwNlbServerGroupSpec sg = { .server_group_name = "x", .vpc_id = "vpc-1", .server_group_type = "Ip" };
  const GArray *sleeps;
  AttemptLog log;
  Waiter w = { NULL };

  mock_script (m, 503, NULL, NULL);
  client = client_for (m, LW_CLOCK (clock), NULL);
  lw_rpc_client_set_retry_policy (client, &policy);
  lw_rpc_client_set_time_scale (client, 0.5);
  attempt_log_init (&log);
  g_signal_connect (client, "attempt", G_CALLBACK (attempt_log_cb), &log);

  lw_nlb_create_server_group_async (client, &sg, "lw-same-token", LW_CALL_FLAGS_NONE, NULL, waiter_cb, &w);
  r = lw_nlb_job_finish (client, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (r);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 503);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "ServiceUnavailable");
  g_assert_cmpuint (lw_cloud_error_get_attempts (error), ==, 5);
  g_assert_cmpuint (m->requests, ==, 5);
  g_assert_cmpuint (log.count, ==, 5);
  g_assert_cmpuint (lw_rpc_client_get_request_count (client), ==, 5);

  /* min(cap, base × 2^(n−1)) × random(1.0) × time scale 0.5 */
  sleeps = lw_fake_clock_get_sleeps (clock);
  g_assert_cmpuint (sleeps->len, ==, G_N_ELEMENTS (expected_us));
  for (guint i = 0; i < sleeps->len; i++)
    g_assert_cmpint (g_array_index (sleeps, gint64, i), ==, expected_us[i]);

  /* One logical create: the same ClientToken every time, a new nonce every time. */
  for (guint i = 0; i < m->requests; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (m->client_tokens, i), ==, "lw-same-token");
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (g_ptr_array_index (m->nonces, i), !=, g_ptr_array_index (m->nonces, j));
    }
  attempt_log_clear (&log);
}

static void
test_no_retry_flag_and_parse_error (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  Waiter w = { NULL };

  mock_script (m, 503, NULL, NULL);
  mock_script (m, 200, "this is not json", NULL);
  client = client_for (m, LW_CLOCK (clock), NULL);

  lw_rpc_client_call_async (client, LW_PRODUCT_RDS, "DescribeRegions", NULL, LW_CALL_FLAGS_NO_RETRY, NULL,
                            waiter_cb, &w);
  g_assert_null (lw_rpc_client_call_finish (client, wait_for_result (&w), &error));
  waiter_clear (&w);
  g_assert_cmpuint (m->requests, ==, 1);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 503);
  g_clear_error (&error);

  lw_rpc_client_call_async (client, LW_PRODUCT_RDS, "DescribeRegions", NULL, LW_CALL_FLAGS_NONE, NULL,
                            waiter_cb, &w);
  o = lw_rpc_client_call_finish (client, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (o);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE);
  g_assert_cmpuint (m->requests, ==, 2);
}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwCredentials) creds = lw_credentials_new ("id", "secret", NULL);
  g_autoptr(LwRpcClient) client = lw_rpc_client_new (creds, "cn-hangzhou");
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *url = NULL;
  LwRetryPolicy policy = { 3, 0.1, 1.0, 1.0 };
  guint16 port;
  Waiter w = { NULL };

  /* Find a free port, then close it so nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  lw_rpc_client_set_endpoint_override (client, url, &error);
  g_assert_no_error (error);
  lw_rpc_client_set_clock (client, LW_CLOCK (clock));
  lw_rpc_client_set_retry_policy (client, &policy);

  lw_rpc_client_call_async (client, LW_PRODUCT_STS, "GetCallerIdentity", NULL, LW_CALL_FLAGS_NONE, NULL,
                            waiter_cb, &w);
  g_assert_null (lw_rpc_client_call_finish (client, wait_for_result (&w), &error));
  waiter_clear (&w);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK);
  g_assert_cmpuint (lw_cloud_error_get_attempts (error), ==, 3);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

/* TLS */

static gboolean
run_openssl (const char *dir, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static gboolean
make_certs (const char *dir)
{
  const char *ca[] = { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                       "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Linkwright test CA", NULL };
  const char *good_req[] = { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", "good.key", "-out", "good.csr", "-subj", "/CN=127.0.0.1", NULL };
  const char *good_sign[] = { "x509", "-req", "-in", "good.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                              "-CAcreateserial", "-out", "good.pem", "-days", "2", "-extfile", "good.ext", NULL };
  const char *bad_req[] = { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", "bad.key", "-out", "bad.csr", "-subj", "/CN=other.example", NULL };
  const char *bad_sign[] = { "x509", "-req", "-in", "bad.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                             "-CAcreateserial", "-out", "bad.pem", "-days", "2", "-extfile", "bad.ext", NULL };
  g_autofree char *good_ext = g_build_filename (dir, "good.ext", NULL);
  g_autofree char *bad_ext = g_build_filename (dir, "bad.ext", NULL);

  g_assert_true (g_file_set_contents (good_ext, "subjectAltName=IP:127.0.0.1\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_ext, "subjectAltName=DNS:other.example\n", -1, NULL));
  return run_openssl (dir, ca) && run_openssl (dir, good_req) && run_openssl (dir, good_sign) &&
         run_openssl (dir, bad_req) && run_openssl (dir, bad_sign);
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
  g_autofree char *ca_file = NULL;
  g_autoptr(GTlsCertificate) good = NULL;
  g_autoptr(GTlsCertificate) bad = NULL;
  g_autoptr(Mock) m = NULL;
  g_autoptr(Mock) mismatch = NULL;
  g_autoptr(LwRpcClient) client = NULL;
  g_autoptr(LwRpcClient) client2 = NULL;
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JsonObject) o2 = NULL;
  g_autoptr(JsonNode) n = NULL;
  LwRetryPolicy once = { 1, 0.1, 0.1, 0.1 };
  Waiter w = { NULL };

  /* glib-networking is a runtime requirement of the app: its absence is a failure. */
  g_assert_true (g_tls_backend_supports_tls (g_tls_backend_get_default ()));
  dir = g_dir_make_tmp ("lw-tls-XXXXXX", &error);
  g_assert_no_error (error);
  if (!make_certs (dir))
    {
      remove_dir (dir);
      g_error ("openssl could not make the test certificates");
    }
  ca_file = g_build_filename (dir, "ca.pem", NULL);
  good = load_cert (dir, "good");
  bad = load_cert (dir, "bad");

  m = mock_new (good);
  mock_script (m, 200, NULL, NULL);
  client = client_for (m, NULL, NULL);
  lw_rpc_client_set_retry_policy (client, &once);

  /* 1. Not trusted: refused, with a clear TLS error, and nothing reached the handler. */
  lw_rpc_client_call_async (client, LW_PRODUCT_STS, "GetCallerIdentity", NULL, LW_CALL_FLAGS_NONE, NULL,
                            waiter_cb, &w);
  g_assert_null (lw_rpc_client_call_finish (client, wait_for_result (&w), &error));
  waiter_clear (&w);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_TLS);
  g_print ("%s\n", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_nonnull (strstr (error->message, "trusted"));
  g_assert_false (lw_cloud_error_is_transient (error));
  g_assert_cmpuint (m->requests, ==, 0);
  g_clear_error (&error);

  /* 2. With the test CA trusted: accepted. */
  g_assert_true (lw_rpc_client_set_ca_file (client, ca_file, &error));
  g_assert_no_error (error);
  lw_rpc_client_call_async (client, LW_PRODUCT_STS, "GetCallerIdentity", NULL, LW_CALL_FLAGS_NONE, NULL,
                            waiter_cb, &w);
  o = lw_rpc_client_call_finish (client, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (o, "RequestId"), ==, "MOCK-OK");
  g_assert_cmpuint (m->requests, ==, 1);

  tidb = lw_tidb_client_new ("pub", "priv");
  g_assert_true (lw_tidb_client_set_endpoint_override (tidb, m->base_url, &error));
  g_assert_true (lw_tidb_client_set_ca_file (tidb, ca_file, &error));
  g_assert_no_error (error);
  lw_tidb_client_request_async (tidb, "GET", "/v1beta1/clusters", NULL, NULL, waiter_cb, &w);
  n = lw_tidb_client_request_finish (tidb, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpuint (m->requests, ==, 2);

  /* 3. Trusted CA but the wrong host name: still refused. */
  mismatch = mock_new (bad);
  mock_script (mismatch, 200, NULL, NULL);
  client2 = client_for (mismatch, NULL, NULL);
  lw_rpc_client_set_retry_policy (client2, &once);
  g_assert_true (lw_rpc_client_set_ca_file (client2, ca_file, &error));
  lw_rpc_client_call_async (client2, LW_PRODUCT_STS, "GetCallerIdentity", NULL, LW_CALL_FLAGS_NONE, NULL,
                            waiter_cb, &w);
  o2 = lw_rpc_client_call_finish (client2, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (o2);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "host name"));
  g_assert_cmpuint (mismatch->requests, ==, 0);
  g_clear_error (&error);

  /* A CA file that does not exist is an input error. */
  g_assert_false (lw_rpc_client_set_ca_file (client2, "/nonexistent/ca.pem", &error));
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);

  remove_dir (dir);
}

static void
test_tls (void)
{
  /* The checks run in a child that leaves with _exit(): glib-networking dlopens GnuTLS, whose
   * dynamic TLS blocks make LeakSanitizer's exit-time scan crash on this toolchain (GCC 12 /
   * glibc 2.36). Everything else in this file still runs under LeakSanitizer. */
  g_autofree char *openssl = NULL;

  if (g_test_subprocess ())
    {
      tls_checks ();
      fflush (stdout);
      _exit (g_test_failed () ? 1 : 0);
    }
  openssl = g_find_program_in_path ("openssl");
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed, so no test certificates can be made");
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*The TLS certificate of 127.0.0.1*was refused*not signed by a trusted*");
}

/* TiDB transport */

static LwTidbClient *
tidb_for (Mock *m, LwFakeClock *clock)
{
  g_autoptr(GError) error = NULL;
  LwTidbClient *tidb = lw_tidb_client_new ("pub", "priv");

  lw_tidb_client_set_endpoint_override (tidb, m->base_url, &error);
  g_assert_no_error (error);
  lw_tidb_client_set_clock (tidb, LW_CLOCK (clock));
  return tidb;
}

static void
test_tidb_paging_cap (void)
{
  g_autoptr(Mock) same = mock_new (NULL);
  g_autoptr(Mock) endless = mock_new (NULL);
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(LwTidbClient) t1 = NULL;
  g_autoptr(LwTidbClient) t2 = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GError) error = NULL;
  Waiter w = { NULL };

  /* A server that keeps answering the same token (the CLI's infinite loop): stop at once. */
  mock_script (same, 200, "{\"clusters\":[{\"clusterId\":\"1\"}],\"nextPageToken\":\"t\"}", NULL);
  t1 = tidb_for (same, clock);
  lw_tidb_client_list_clusters_async (t1, NULL, NULL, waiter_cb, &w);
  a = lw_tidb_client_list_clusters_finish (t1, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpuint (same->requests, ==, 2);
  g_assert_cmpuint (a->len, ==, 2);
  g_assert_nonnull (strstr (same->query, "pageToken=t"));

  /* A server with ever new tokens: the hard cap. */
  mock_script (endless, 200, "{\"privateLinkConnections\":[{\"privateLinkConnectionId\":\"plc-1\"}],\"nextPageToken\":\"a\"}", NULL);
  mock_script (endless, 200, "{\"privateLinkConnections\":[{\"privateLinkConnectionId\":\"plc-2\"}],\"nextPageToken\":\"b\"}", NULL);
  mock_script (endless, 200, "{\"privateLinkConnections\":[{\"privateLinkConnectionId\":\"plc-3\"}],\"nextPageToken\":\"c\"}", NULL);
  mock_script (endless, 200, "{\"privateLinkConnections\":[{\"privateLinkConnectionId\":\"plc-4\"}],\"nextPageToken\":\"d\"}", NULL);
  t2 = tidb_for (endless, clock);
  lw_tidb_client_set_max_pages (t2, 3);
  lw_tidb_client_list_private_link_connections_async (t2, "c1", "ACTIVE", NULL, waiter_cb, &w);
  b = lw_tidb_client_list_private_link_connections_finish (t2, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpuint (endless->requests, ==, 3);
  g_assert_cmpuint (b->len, ==, 3);
  g_assert_cmpstr (endless->path, ==, "/v1beta1/clusters/c1/privateLinkConnections");
  g_assert_nonnull (strstr (endless->query, "state=ACTIVE"));
}

static void
test_tidb_retry_rules (void)
{
  g_autoptr(Mock) m = mock_new (NULL);
  g_autoptr(Mock) post = mock_new (NULL);
  g_autoptr(Mock) iam = mock_new (NULL);
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(LwTidbClient) t = NULL;
  g_autoptr(LwTidbClient) tp = NULL;
  g_autoptr(LwTidbClient) ti = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbCluster) c = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) plc = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  const GArray *sleeps;
  Waiter w = { NULL };

  /* 429 with X-Ratelimit-Reset 7 (scaled by 0.1), then a 503, then success. */
  mock_script (m, 429, "{\"details\":[],\"code\":49900007,\"message\":\"The request exceeded the limit\"}",
               "X-Ratelimit-Reset: 7");
  mock_script (m, 503, "{\"code\":14,\"message\":\"unavailable\",\"details\":[]}", "X-Debug-Trace-Id: trace-503");
  mock_script (m, 200, "{\"clusterId\":\"c1\",\"displayName\":\"d\",\"state\":\"ACTIVE\","
                       "\"region\":{\"name\":\"regions/alicloud-cn-hangzhou\",\"regionId\":\"alicloud-cn-hangzhou\","
                       "\"cloudProvider\":\"alicloud\"},\"labels\":{\"tidb.cloud/project\":\"p1\"}}", NULL);
  t = tidb_for (m, clock);
  lw_tidb_client_set_time_scale (t, 0.1);
  lw_tidb_client_get_cluster_async (t, "c1", NULL, waiter_cb, &w);
  c = lw_tidb_client_get_cluster_finish (t, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpstr (c->project_id, ==, "p1");
  g_assert_cmpstr (c->cloud_provider, ==, "alicloud");
  g_assert_cmpuint (m->requests, ==, 3);
  sleeps = lw_fake_clock_get_sleeps (clock);
  g_assert_cmpuint (sleeps->len, ==, 2);
  g_assert_cmpint (g_array_index (sleeps, gint64, 0), ==, 700000);

  /* A POST is not repeated after a 5xx (no idempotency token in TiDB Cloud). */
  mock_script (post, 500, "{\"code\":13,\"message\":\"internal\",\"details\":[]}", "X-Debug-Trace-Id: trace-500");
  tp = tidb_for (post, clock);
  lw_tidb_client_create_private_link_connection_async (tp, "c1", "lw", "com.aliyuncs.privatelink.cn-hangzhou.epsrv-1",
                                                       NULL, waiter_cb, &w);
  plc = lw_tidb_client_private_link_connection_finish (tp, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (plc);
  g_assert_cmpuint (post->requests, ==, 1);
  g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 500);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "13");
  g_assert_cmpstr (lw_cloud_error_get_cloud_message (error), ==, "internal");
  g_assert_cmpstr (lw_cloud_error_get_request_id (error), ==, "trace-500");
  g_assert_nonnull (strstr (post->body, "\"type\":\"ALICLOUD_ENDPOINT_SERVICE\""));
  g_assert_nonnull (strstr (post->body, "\"clusterId\":\"c1\""));
  g_clear_error (&error);

  /* The IAM error shape, on the IAM path. */
  mock_script (iam, 400, "{\"code\":\"InvalidParameter\",\"error\":{},\"msgPrefix\":\"bad page size\",\"status\":400}", NULL);
  ti = tidb_for (iam, clock);
  lw_tidb_client_list_projects_async (ti, NULL, waiter_cb, &w);
  projects = lw_tidb_client_list_projects_finish (ti, wait_for_result (&w), &error);
  waiter_clear (&w);
  g_assert_null (projects);
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "InvalidParameter");
  g_assert_cmpstr (lw_cloud_error_get_cloud_message (error), ==, "bad page size");
  g_assert_cmpstr (iam->path, ==, "/v1beta1/projects");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/transport/nlb-form-body", test_nlb_form_body);
  g_test_add_func ("/cloud/transport/privatelink-query", test_privatelink_query);
  g_test_add_func ("/cloud/transport/dry-run-operation", test_dry_run_operation);
  g_test_add_func ("/cloud/transport/retry-schedule", test_retry_schedule);
  g_test_add_func ("/cloud/transport/no-retry-and-parse-error", test_no_retry_flag_and_parse_error);
  g_test_add_func ("/cloud/transport/connection-refused", test_connection_refused);
  g_test_add_func ("/cloud/transport/tls", test_tls);
  g_test_add_func ("/cloud/transport/tidb-paging-cap", test_tidb_paging_cap);
  g_test_add_func ("/cloud/transport/tidb-retry-rules", test_tidb_retry_rules);
  return g_test_run ();
}
