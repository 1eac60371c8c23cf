/* test-server.c — routing, authentication, DryRun, permissions, malformed requests, admin API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"

static void
test_v3_query_and_body (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  const char *params[] = { "RegionId", "cn-hangzhou", "VpcId", "vpc-bp1demo000000000001", NULL };
  SimRpcOpts body = { .in_body = TRUE };
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(JsonObject) c = NULL;
  guint status;

  a = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (a, "AccountId"), ==, "1234567890123456");
  g_assert_cmpstr (json_object_get_string_member (a, "Arn"), ==, "acs:ram::1234567890123456:root");
  g_assert_nonnull (json_object_get_string_member (a, "RequestId"));

  /* Routed by version: the same base URL answers VPC with its own shapes. */
  b = sim_rpc_full (t, NULL, V_VPC, "DescribeVSwitches", &status, params);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (b, "TotalCount"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (b, "VSwitches"), "VSwitch")), ==, 3);

  c = sim_rpc_full (t, &body, V_VPC, "DescribeVSwitches", &status, params);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (c, "TotalCount"), ==, 3);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "DescribeVSwitches"), ==, 2);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, NULL), ==, 3);
}

static void
test_v1_get_and_post (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  const char *params[] = { "RegionId", "cn-hangzhou", NULL };
  SimRpcOpts get = { .v1 = TRUE, .method = "GET" };
  SimRpcOpts post = { .v1 = TRUE };
  SimRpcOpts bad = { .v1 = TRUE, .tamper = TRUE };
  g_autoptr(JsonObject) a = NULL, b = NULL, c = NULL;
  guint status;

  a = sim_rpc_full (t, &get, V_VPC, "DescribeZones", &status, params);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (a, "Zones"), "Zone")), ==, 4);
  b = sim_rpc_full (t, &post, V_RDS, "DescribeRegions", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (b, "Regions"), "RDSRegion")), ==, 9);
  c = sim_rpc_full (t, &bad, V_RDS, "DescribeRegions", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (sim_code (c), ==, "SignatureDoesNotMatch");
  g_assert_nonnull (strstr (json_object_get_string_member (c, "Message"), "GET&%2F&") == NULL ?
                    strstr (json_object_get_string_member (c, "Message"), "POST&%2F&") : "x");
}

/* tea-rpc style: common parameters in the query, business parameters in a chunked form body,
 * the signature over the merge. */
static void
test_v1_chunked_form_body (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ts = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *ets = g_uri_escape_string (ts, NULL, FALSE);
  g_autofree char *nonce = g_uuid_string_random ();
  g_autoptr(GString) canon = g_string_new (NULL);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) "lw-demo-access-key-secret&", 26);
  g_autofree char *uri = NULL, *sig = NULL, *esig = NULL, *sts = NULL, *ecanon = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const char *body = "RegionId=cn-hangzhou&VpcId=vpc-bp1demo000000000001";
  guint8 digest[20];
  gsize len = sizeof digest;
  guint status;

  /* Sorted: AccessKeyId Action Format RegionId SignatureMethod SignatureNonce SignatureVersion Timestamp Version VpcId */
  g_string_append_printf (canon, "AccessKeyId=LWDEMOKEYID00001&Action=DescribeVSwitches&Format=JSON&RegionId=cn-hangzhou"
                          "&SignatureMethod=HMAC-SHA1&SignatureNonce=%s&SignatureVersion=1.0&Timestamp=%s"
                          "&Version=2016-04-28&VpcId=vpc-bp1demo000000000001", nonce, ets);
  ecanon = g_uri_escape_string (canon->str, "-_.~", FALSE);
  sts = g_strdup_printf ("POST&%%2F&%s", ecanon);
  g_hmac_update (hmac, (const guchar *) sts, -1);
  g_hmac_get_digest (hmac, digest, &len);
  sig = g_base64_encode (digest, len);
  esig = g_uri_escape_string (sig, NULL, FALSE);
  uri = g_strdup_printf ("%s/?AccessKeyId=LWDEMOKEYID00001&Action=DescribeVSwitches&Format=JSON"
                         "&SignatureMethod=HMAC-SHA1&SignatureNonce=%s&SignatureVersion=1.0&Timestamp=%s"
                         "&Version=2016-04-28&Signature=%s", t->url, nonce, ets, esig);
  msg = soup_message_new ("POST", uri);
  /* A stream of unknown length: libsoup sends it chunked, without Content-Length. */
  stream = g_memory_input_stream_new_from_data (body, -1, NULL);
  soup_message_set_request_body (msg, "application/x-www-form-urlencoded", stream, -1);
  reply = sim_send (t, msg, &status, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (reply, NULL), "\"TotalCount\":3"));
}

static void
test_auth_errors (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_minutes (now, -16);
  g_autofree char *old_date = g_date_time_format (old, "%Y-%m-%dT%H:%M:%SZ");
  SimRpcOpts unknown = { .key_id = "NOSUCHKEY", .secret = "x" };
  SimRpcOpts tampered = { .tamper = TRUE };
  SimRpcOpts expired = { .date = old_date };
  SimRpcOpts bad_date = { .date = "yesterday" };
  SimRpcOpts once = { .nonce = "lw-test-nonce-1" };
  SimRpcOpts wrong_secret = { .secret = "not-the-secret" };
  JsonObject *r;
  guint status;

  r = sim_rpc_full (t, &unknown, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidAccessKeyId.NotFound");
  g_assert_cmpuint (status, ==, 404);
  json_object_unref (r);

  r = sim_rpc_full (t, &tampered, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "SignatureDoesNotMatch");
  g_assert_cmpuint (status, ==, 400);
  /* As the real service does, the message carries the server's string to sign. */
  g_assert_nonnull (strstr (json_object_get_string_member (r, "Message"), "ACS3-HMAC-SHA256\n"));
  g_assert_null (strstr (json_object_get_string_member (r, "Message"), "lw-demo-access-key-secret"));
  g_assert_nonnull (json_object_get_string_member (r, "HostId"));
  g_assert_nonnull (strstr (json_object_get_string_member (r, "Recommend"), "SignatureDoesNotMatch"));
  json_object_unref (r);

  r = sim_rpc_full (t, &wrong_secret, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "SignatureDoesNotMatch");
  json_object_unref (r);

  r = sim_rpc_full (t, &expired, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidTimeStamp.Expired");
  json_object_unref (r);

  r = sim_rpc_full (t, &bad_date, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidTimeStamp.Format");
  json_object_unref (r);

  r = sim_rpc_full (t, &once, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc_full (t, &once, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "SignatureNonceUsed");
  json_object_unref (r);

  once.v1 = TRUE;
  once.nonce = "lw-test-nonce-2";
  r = sim_rpc_full (t, &once, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc_full (t, &once, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "SignatureNonceUsed");
  json_object_unref (r);
}

static void
test_routing_errors (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  JsonObject *r;
  guint status;

  r = sim_rpc (t, "1999-01-01", "DescribeRegions", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidVersion");
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DeleteEverything", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidAction.NotFound");
  g_assert_cmpuint (status, ==, 404);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "MissingParam.RegionId");
  g_assert_cmpuint (status, ==, 400);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstances", &status, "RegionId", "mars-north-1", NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidRegionId");
  json_object_unref (r);
}

static void
test_dry_run_and_ram (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts restricted = { .key_id = "LWRESTRICTEDKEY1", .secret = "lw-restricted-access-key-secret" };
  const char *params[] = { "RegionId", "cn-hangzhou", "ServerGroupName", "lw-dry", "VpcId", "vpc-bp1demo000000000001",
                           "DryRun", "true", NULL };
  const char *missing[] = { "RegionId", "cn-hangzhou", "DryRun", "true", NULL };
  const char *reads[] = { "RegionId", "cn-hangzhou", NULL };
  JsonObject *r;
  guint status;

  r = sim_rpc_full (t, NULL, V_NLB, "CreateServerGroup", &status, params);
  g_assert_cmpstr (sim_code (r), ==, "DryRunOperation");
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "server-group"), ==, 0);

  /* Validation still happens before the DryRun verdict. */
  r = sim_rpc_full (t, NULL, V_NLB, "CreateServerGroup", &status, missing);
  g_assert_cmpstr (sim_code (r), ==, "MissingParam.ServerGroupName");
  json_object_unref (r);

  r = sim_rpc_full (t, &restricted, V_NLB, "CreateServerGroup", &status, params);
  g_assert_cmpstr (sim_code (r), ==, "Forbidden.RAM");
  g_assert_cmpuint (status, ==, 403);
  json_object_unref (r);
  r = sim_rpc_full (t, &restricted, V_NLB, "ListServerGroups", &status, reads);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
}

static void
test_malformed (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  struct {
    const char *query;
    const char *content_type;
    const char *body;
    const char *authorization;
  } cases[] = {
    { "Action=DescribeRegions&Version=2014-08-15", "application/x-www-form-urlencoded", "%%%%zz=%G0&&==", NULL },
    { "Action=Describe%FFRegions&Version=2014-08-15", NULL, NULL, NULL },
    { "RegionId=%C3%28", NULL, NULL, "ACS3-HMAC-SHA256 Credential=LWDEMOKEYID00001,SignedHeaders=host,Signature=00" },
    { "", NULL, NULL, "ACS3-HMAC-SHA256 garbage" },
    { "", NULL, NULL, "ACS3-HMAC-SHA256 Credential=LWDEMOKEYID00001,SignedHeaders=host,Signature=00" },
    { "", "application/x-www-form-urlencoded", "\x01\x02\xff\xfe binary", NULL },
    { "", "application/json", "{\"not\":\"form\"}", NULL },
    { "Action=DescribeRegions&Version=2014-08-15&Signature=abc", NULL, NULL, NULL },
  };
  g_autofree char *huge = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = g_strdup_printf ("%s/?%s", t->url, cases[i].query);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      guint status;

      if (msg == NULL)
        continue;
      if (cases[i].body)
        {
          g_autoptr(GBytes) b = g_bytes_new (cases[i].body, strlen (cases[i].body));
          soup_message_set_request_body_from_bytes (msg, cases[i].content_type, b);
        }
      if (cases[i].authorization)
        {
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", cases[i].authorization);
          soup_message_headers_replace (soup_message_get_request_headers (msg), "x-acs-action", "DescribeRegions");
          soup_message_headers_replace (soup_message_get_request_headers (msg), "x-acs-version", V_RDS);
        }
      reply = sim_send (t, msg, &status, NULL);
      g_assert_nonnull (reply);
      g_test_message ("case %u → %u %.*s", i, status, (int) g_bytes_get_size (reply),
                      (const char *) g_bytes_get_data (reply, NULL));
      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <, 500);
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                                 (gssize) g_bytes_get_size (reply), NULL));
      g_assert_nonnull (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "Code"));
    }

  /* A huge parameter. */
  huge = g_strnfill (200 * 1024, 'a');
  {
    g_autofree char *body = g_strconcat ("Action=DescribeRegions&Version=2014-08-15&X=", huge, NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", t->url);
    g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
    g_autoptr(GBytes) reply = NULL;
    guint status;

    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", b);
    reply = sim_send (t, msg, &status, NULL);
    g_assert_cmpuint (status, ==, 400);
  }

  /* Still alive and well. */
  {
    guint status;
    g_autoptr(JsonObject) r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
    g_assert_cmpuint (status, ==, 200);
  }
}

/* Random garbage (seeded, so a failure is reproducible with the printed seed): always a 4xx JSON
 * answer, never a crash. */
static void
test_random_garbage (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  static const char *alphabet = "=&%+.AZaz09~-_ \xc3\xa9\xff";
  guint status;

  for (guint i = 0; i < 150; i++)
    {
      GString *query = g_string_new ("Action=DescribeRegions&Version=2014-08-15&");
      GString *body = g_string_new (NULL);
      g_autofree char *uri = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guint n = g_rand_int_range (rand, 0, 64);

      for (guint k = 0; k < n; k++)
        g_string_append_printf (query, "%%%02X", g_rand_int_range (rand, 0, 256));
      n = g_rand_int_range (rand, 0, 256);
      for (guint k = 0; k < n; k++)
        g_string_append_c (body, alphabet[g_rand_int_range (rand, 0, strlen (alphabet))]);
      uri = g_strdup_printf ("%s/?%s", t->url, query->str);
      msg = soup_message_new ("POST", uri);
      if (msg != NULL)
        {
          bytes = g_bytes_new (body->str, body->len);
          soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
          if (g_rand_boolean (rand))
            soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                          g_rand_boolean (rand) ? "ACS3-HMAC-SHA256 Credential=LWDEMOKEYID00001,SignedHeaders=host,Signature=0"
                                                                : "ACS3-HMAC-SHA256 ,,,==");
          reply = sim_send (t, msg, &status, NULL);
          g_assert_nonnull (reply);
          g_assert_cmpuint (status, >=, 400);
          g_assert_cmpuint (status, <, 500);
        }
      g_string_free (query, TRUE);
      g_string_free (body, TRUE);
    }
  g_rand_free (rand);

  {
    g_autoptr(JsonObject) r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
    g_assert_cmpuint (status, ==, 200);
  }
}

static void
test_admin_api (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonObject) state = NULL, calls = NULL, bad = NULL, ok = NULL, reset = NULL, missing = NULL;
  JsonObject *r;
  guint status;

  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  json_object_unref (r);

  state = sim_admin (t, "GET", "/_sim/state", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_has_member (json_object_get_object_member (state, "live"), "load-balancer"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "calls"), "GetCallerIdentity"), ==, 1);

  calls = sim_admin (t, "GET", "/_sim/calls", NULL, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (calls, "calls")), ==, 1);

  bad = sim_admin (t, "POST", "/_sim/faults", "CreateListener:explode", &status);
  g_assert_cmpuint (status, ==, 400);
  ok = sim_admin (t, "POST", "/_sim/faults", "GetCallerIdentity:throttling:1", &status);
  g_assert_cmpuint (status, ==, 200);
  r = sim_rpc (t, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "Throttling.User");
  json_object_unref (r);

  reset = sim_admin (t, "POST", "/_sim/reset", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, NULL), ==, 0);
  missing = sim_admin (t, "GET", "/_sim/nothing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_identities_and_sts_tokens (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  SimRpcOpts restricted = { .key_id = "LWRESTRICTEDKEY1", .secret = "lw-restricted-access-key-secret" };
  SimRpcOpts sts = { .key_id = "STS.LWDEMOTEMPKEY0001", .secret = "lw-demo-sts-access-key-secret",
                     .security_token = "lw-demo-sts-security-token" };
  SimRpcOpts sts_v1 = sts;
  SimRpcOpts sts_missing = { .key_id = "STS.LWDEMOTEMPKEY0001", .secret = "lw-demo-sts-access-key-secret" };
  SimRpcOpts sts_wrong = sts;
  SimRpcOpts stray = { .security_token = "never-issued-token" };
  JsonObject *r;
  guint status;

  sts_v1.v1 = TRUE;
  sts_wrong.security_token = "forged";

  r = sim_rpc_full (t, &restricted, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (json_object_get_string_member (r, "IdentityType"), ==, "RAMUser");
  g_assert_cmpstr (json_object_get_string_member (r, "Arn"), ==, "acs:ram::1234567890123456:user/lw-restricted");
  g_assert_cmpstr (json_object_get_string_member (r, "AccountId"), ==, "1234567890123456");
  json_object_unref (r);

  r = sim_rpc_full (t, &sts, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (r, "IdentityType"), ==, "AssumedRoleUser");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "Arn"), "acs:ram::1234567890123456:assumed-role/"));
  json_object_unref (r);
  r = sim_rpc_full (t, &sts_v1, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);

  r = sim_rpc_full (t, &sts_missing, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "MissingSecurityToken");
  json_object_unref (r);
  r = sim_rpc_full (t, &sts_wrong, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidSecurityToken.Malformed");
  json_object_unref (r);
  r = sim_rpc_full (t, &stray, V_STS, "GetCallerIdentity", &status, NULL);
  g_assert_cmpstr (sim_code (r), ==, "InvalidSecurityToken.MismatchWithAccessKey");
  json_object_unref (r);
  g_assert_cmpstr (lw_sim_server_lookup_demo (t->sim, "sts-access-key-id"), ==, "STS.LWDEMOTEMPKEY0001");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/server/v3-query-and-body", test_v3_query_and_body);
  g_test_add_func ("/sim/server/v1-get-and-post", test_v1_get_and_post);
  g_test_add_func ("/sim/server/v1-chunked-form-body", test_v1_chunked_form_body);
  g_test_add_func ("/sim/server/auth-errors", test_auth_errors);
  g_test_add_func ("/sim/server/routing-errors", test_routing_errors);
  g_test_add_func ("/sim/server/dry-run-and-ram", test_dry_run_and_ram);
  g_test_add_func ("/sim/server/malformed", test_malformed);
  g_test_add_func ("/sim/server/random-garbage", test_random_garbage);
  g_test_add_func ("/sim/server/admin-api", test_admin_api);
  g_test_add_func ("/sim/server/identities-and-sts-tokens", test_identities_and_sts_tokens);
  return g_test_run ();
}
