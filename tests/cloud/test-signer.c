/* test-signer.c: ACS3-HMAC-SHA256 and HMAC-SHA1 against the official vectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-cloud.h"

static JsonNode *
load_vectors (void)
{
  const char *shared = g_getenv ("LW_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (shared);
  path = g_build_filename (shared, "data", "signature-vectors.json", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static LwParams *
params_from_object (JsonObject *object)
{
  LwParams *params = lw_params_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    lw_params_add (params, name, json_node_get_string (value));
  return params;
}

static void
test_v3_vectors (void)
{
  g_autoptr(JsonNode) root = load_vectors ();
  JsonArray *v3 = json_object_get_array_member (json_node_get_object (root), "v3");

  g_assert_cmpuint (json_array_get_length (v3), >=, 5);
  for (guint i = 0; i < json_array_get_length (v3); i++)
    {
      JsonObject *v = json_array_get_object_element (v3, i);
      g_autoptr(LwParams) query = params_from_object (json_object_get_object_member (v, "query"));
      g_autoptr(LwParams) headers = params_from_object (json_object_get_object_member (v, "headers"));
      const char *body = json_object_get_string_member (v, "body");
      g_autofree char *hashed = lw_signer_hex_sha256 (body, strlen (body));
      g_autofree char *auth = NULL;

      g_test_message ("vector: %s", json_object_get_string_member (v, "name"));
      /* The payload hash we compute equals the x-acs-content-sha256 the vector signed. */
      g_assert_cmpstr (hashed, ==, lw_params_lookup (headers, "x-acs-content-sha256"));

      if (json_object_has_member (v, "hashed_canonical_request"))
        {
          g_autofree char *canonical = lw_signer_v3_canonical_request (json_object_get_string_member (v, "method"),
                                                                       json_object_get_string_member (v, "pathname"),
                                                                       query, headers, hashed, NULL);
          g_autofree char *h = lw_signer_hex_sha256 (canonical, strlen (canonical));
          g_assert_cmpstr (h, ==, json_object_get_string_member (v, "hashed_canonical_request"));
        }

      auth = lw_signer_v3_authorization (json_object_get_string_member (v, "access_key_id"),
                                         json_object_get_string_member (v, "access_key_secret"),
                                         json_object_get_string_member (v, "method"),
                                         json_object_get_string_member (v, "pathname"),
                                         query, headers, hashed);
      g_assert_cmpstr (auth, ==, json_object_get_string_member (v, "authorization"));
    }
}

/* The V3 documentation's fixed example, step by step. */
static void
test_v3_doc_steps (void)
{
  g_autoptr(LwParams) query = lw_params_new ();
  g_autoptr(LwParams) headers = lw_params_new ();
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *auth = NULL;
  const char *expected_canonical =
    "POST\n"
    "/\n"
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
    "host:ecs.cn-shanghai.aliyuncs.com\n"
    "x-acs-action:RunInstances\n"
    "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "x-acs-date:2023-10-26T10:22:32Z\n"
    "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
    "x-acs-version:2014-05-26\n"
    "\n"
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /* Deliberately out of order: the signer sorts. */
  lw_params_add (query, "RegionId", "cn-shanghai");
  lw_params_add (query, "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd");
  lw_params_add (headers, "x-acs-version", "2014-05-26");
  lw_params_add (headers, "Host", "ecs.cn-shanghai.aliyuncs.com");
  lw_params_add (headers, "x-acs-action", "RunInstances");
  lw_params_add (headers, "x-acs-date", "2023-10-26T10:22:32Z");
  lw_params_add (headers, "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
  lw_params_add (headers, "x-acs-content-sha256", LW_SIGNER_EMPTY_SHA256);
  lw_params_add (headers, "accept", "application/json");     /* not signed */
  lw_params_add (headers, "user-agent", "Linkwright");        /* not signed */

  canonical = lw_signer_v3_canonical_request ("POST", "/", query, headers, LW_SIGNER_EMPTY_SHA256, &signed_headers);
  g_assert_cmpstr (canonical, ==, expected_canonical);
  g_assert_cmpstr (signed_headers, ==, "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");

  sts = lw_signer_v3_string_to_sign (canonical);
  g_assert_cmpstr (sts, ==, "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");

  signature = lw_signer_v3_signature ("YourAccessKeySecret", sts);
  g_assert_cmpstr (signature, ==, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

  auth = lw_signer_v3_authorization ("YourAccessKeyId", "YourAccessKeySecret", "POST", "/", query, headers,
                                     LW_SIGNER_EMPTY_SHA256);
  g_assert_cmpstr (auth, ==, "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                             "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                             "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
}

/* OAU Go Test_GetAuthorization: repeated, mixed-case header names merge; empty value "empty=". */
static void
test_v3_sdk_go_vector (void)
{
  g_autoptr(LwParams) query = lw_params_new ();
  g_autoptr(LwParams) headers = lw_params_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *auth = NULL;
  const char *payload = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";

  lw_params_add (query, "test", "ok");
  lw_params_add (query, "empty", "");
  lw_params_add (headers, "x-acs-test", "http");
  lw_params_add (headers, "x-acs-TEST", "https");

  canonical = lw_signer_v3_canonical_request ("", "/", query, headers, payload, NULL);
  g_assert_cmpstr (canonical, ==, "\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n"
                                  "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23");
  auth = lw_signer_v3_authorization ("acesskey", "secret", "", "/", query, headers, payload);
  g_assert_cmpstr (auth, ==, "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,"
                             "Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3");
}

static void
test_hash_and_encoding (void)
{
  g_autofree char *h = lw_signer_hex_sha256 ("test", 4);
  g_autofree char *empty = lw_signer_hex_sha256 ("", 0);
  g_autoptr(LwParams) q = lw_params_new ();
  g_autofree char *canonical = NULL;
  struct { const char *in, *out; } cases[] = {
    { " ", "%20" },
    { "*", "%2A" },
    { "~", "~" },
    { "/", "%2F" },
    { "+", "%2B" },
    { "=", "%3D" },
    { "&", "%26" },
    { "-_.", "-_." },
    { "连接", "%E8%BF%9E%E6%8E%A5" },
    { "", "" },
  };

  g_assert_cmpstr (h, ==, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  g_assert_cmpstr (empty, ==, LW_SIGNER_EMPTY_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *enc = lw_signer_percent_encode (cases[i].in);
      g_assert_cmpstr (enc, ==, cases[i].out);
    }

  /* The python SDK test: space, tilde, slash, star, minus, plus. */
  lw_params_add (q, "test", " ~/*-+");
  lw_params_add (q, "name", "");
  canonical = lw_params_to_canonical (q);
  g_assert_cmpstr (canonical, ==, "name=&test=%20~%2F%2A-%2B");
}

static void
test_v3_edge_changes_signature (void)
{
  /* Any change of a signed input changes the signature; unsigned headers do not. */
  g_autoptr(LwParams) query = lw_params_new ();
  g_autoptr(LwParams) headers = lw_params_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  lw_params_add (query, "ServiceDescription", "连接 TiDB Cloud (测试) * ~/+=&");
  lw_params_add (headers, "host", "privatelink.cn-hangzhou.aliyuncs.com");
  a = lw_signer_v3_authorization ("id", "secret", "POST", "/", query, headers, LW_SIGNER_EMPTY_SHA256);
  lw_params_add (headers, "User-Agent", "x");
  b = lw_signer_v3_authorization ("id", "secret", "POST", "/", query, headers, LW_SIGNER_EMPTY_SHA256);
  g_assert_cmpstr (a, ==, b);
  lw_params_add (headers, "Content-Type", "application/x-www-form-urlencoded");
  c = lw_signer_v3_authorization ("id", "secret", "POST", "/", query, headers, LW_SIGNER_EMPTY_SHA256);
  g_assert_cmpstr (a, !=, c);
  g_assert_nonnull (strstr (c, "SignedHeaders=content-type;host,"));
}

static void
test_v1_vectors (void)
{
  g_autoptr(JsonNode) root = load_vectors ();
  JsonArray *v1 = json_object_get_array_member (json_node_get_object (root), "v1");
  g_autoptr(LwParams) go = lw_params_new ();
  g_autoptr(LwParams) py = lw_params_new ();
  g_autofree char *go_sig = NULL;
  g_autofree char *py_sig = NULL;

  g_assert_cmpuint (json_array_get_length (v1), >=, 3);
  for (guint i = 0; i < json_array_get_length (v1); i++)
    {
      JsonObject *v = json_array_get_object_element (v1, i);
      g_autoptr(LwParams) params = params_from_object (json_object_get_object_member (v, "params"));
      g_autofree char *sig = lw_signer_v1_signature (json_object_get_string_member (v, "method"), params,
                                                     json_object_get_string_member (v, "access_key_secret"));

      g_test_message ("vector: %s", json_object_get_string_member (v, "name"));
      g_assert_cmpstr (sig, ==, json_object_get_string_member (v, "signature"));
    }

  lw_params_add (go, "test", "ok");
  go_sig = lw_signer_v1_signature ("", go, "accessKeySecret");
  g_assert_cmpstr (go_sig, ==, "jHx/oHoHNrbVfhncHEvPdHXZwHU=");

  lw_params_add (py, "query", "test");
  lw_params_add (py, "body", "test");
  py_sig = lw_signer_v1_signature ("GET", py, "secret");
  g_assert_cmpstr (py_sig, ==, "XlUyV4sXjOuX5FnjUz9IF9tm5rU=");
}

static void
test_nonce_and_timestamp (void)
{
  g_autofree char *a = lw_signer_new_nonce ();
  g_autofree char *b = lw_signer_new_nonce ();
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2023, 10, 26, 10, 22, 32);
  g_autofree char *ts = lw_signer_format_timestamp (dt);

  g_assert_cmpuint (strlen (a), ==, 32);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (ts, ==, "2023-10-26T10:22:32Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/signer/v3-vectors", test_v3_vectors);
  g_test_add_func ("/cloud/signer/v3-doc-steps", test_v3_doc_steps);
  g_test_add_func ("/cloud/signer/v3-sdk-go", test_v3_sdk_go_vector);
  g_test_add_func ("/cloud/signer/encoding", test_hash_and_encoding);
  g_test_add_func ("/cloud/signer/v3-edges", test_v3_edge_changes_signature);
  g_test_add_func ("/cloud/signer/v1-vectors", test_v1_vectors);
  g_test_add_func ("/cloud/signer/nonce-timestamp", test_nonce_and_timestamp);
  return g_test_run ();
}
