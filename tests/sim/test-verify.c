/* test-verify.c — the simulator's signature verifier against the shared vectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-sim-private.h"

static JsonObject *
load_vectors (void)
{
  const char *shared = g_getenv ("LW_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "data", "signature-vectors.json", NULL);
  if (!json_parser_load_from_file (parser, path, &error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static GHashTable *
object_to_table (JsonObject *obj)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    g_hash_table_insert (table, g_strdup (l->data), g_strdup (json_object_get_string_member (obj, l->data)));
  return table;
}

static char *
auth_part (const char *authorization,
           const char *name)
{
  g_autofree char *credential = NULL, *signed_headers = NULL, *signature = NULL;

  g_assert_true (lw_sim_parse_v3_authorization (authorization, &credential, &signed_headers, &signature));
  if (strcmp (name, "Credential") == 0)
    return g_steal_pointer (&credential);
  if (strcmp (name, "SignedHeaders") == 0)
    return g_steal_pointer (&signed_headers);
  return g_steal_pointer (&signature);
}

static char *
sign_v3 (JsonObject *v,
         GHashTable *query,
         GHashTable *headers,
         const char *body,
         char      **canonical)
{
  g_autofree char *signed_headers = auth_part (json_object_get_string_member (v, "authorization"), "SignedHeaders");

  return lw_sim_v3_signature (json_object_get_string_member (v, "method"),
                              json_object_get_string_member (v, "pathname"),
                              query, headers, signed_headers, body, strlen (body),
                              json_object_get_string_member (v, "access_key_secret"), NULL, canonical);
}

static void
test_v3_vectors (void)
{
  g_autoptr(JsonObject) vectors = load_vectors ();
  JsonArray *v3;

  if (vectors == NULL)
    {
      g_test_skip ("LW_SHARED_DIR/data/signature-vectors.json is not available");
      return;
    }
  v3 = json_object_get_array_member (vectors, "v3");
  g_assert_cmpuint (json_array_get_length (v3), >=, 5);

  for (guint i = 0; i < json_array_get_length (v3); i++)
    {
      JsonObject *v = json_array_get_object_element (v3, i);
      g_autoptr(GHashTable) query = object_to_table (json_object_get_object_member (v, "query"));
      g_autoptr(GHashTable) headers = object_to_table (json_object_get_object_member (v, "headers"));
      const char *body = json_object_get_string_member (v, "body");
      g_autofree char *want = auth_part (json_object_get_string_member (v, "authorization"), "Signature");
      g_autofree char *credential = auth_part (json_object_get_string_member (v, "authorization"), "Credential");
      g_autofree char *canonical = NULL;
      g_autofree char *got = sign_v3 (v, query, headers, body, &canonical);
      g_autofree char *tampered = NULL;
      const char *first_key;
      GHashTableIter iter;

      g_test_message ("V3 vector: %s", json_object_get_string_member (v, "name"));
      g_assert_cmpstr (credential, ==, json_object_get_string_member (v, "access_key_id"));
      g_assert_cmpstr (got, ==, want);
      if (json_object_has_member (v, "hashed_canonical_request"))
        {
          g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
          g_assert_cmpstr (hash, ==, json_object_get_string_member (v, "hashed_canonical_request"));
        }

      /* Tampering with anything signed must change the signature. */
      if (g_hash_table_size (query) > 0)
        {
          g_hash_table_iter_init (&iter, query);
          g_hash_table_iter_next (&iter, (gpointer *) &first_key, NULL);
          g_hash_table_replace (query, g_strdup (first_key), g_strdup ("tampered"));
        }
      else
        g_hash_table_replace (headers, g_strdup ("x-acs-date"), g_strdup ("2026-11-25T08:30:01Z"));
      tampered = sign_v3 (v, query, headers, body, NULL);
      g_assert_cmpstr (tampered, !=, want);
    }
}

static void
test_v3_body_tamper (void)
{
  g_autoptr(JsonObject) vectors = load_vectors ();
  JsonArray *v3;

  if (vectors == NULL)
    {
      g_test_skip ("LW_SHARED_DIR/data/signature-vectors.json is not available");
      return;
    }
  v3 = json_object_get_array_member (vectors, "v3");
  for (guint i = 0; i < json_array_get_length (v3); i++)
    {
      JsonObject *v = json_array_get_object_element (v3, i);
      g_autoptr(GHashTable) query = object_to_table (json_object_get_object_member (v, "query"));
      g_autoptr(GHashTable) headers = object_to_table (json_object_get_object_member (v, "headers"));
      g_autofree char *want = auth_part (json_object_get_string_member (v, "authorization"), "Signature");
      g_autofree char *got = NULL;

      if (*json_object_get_string_member (v, "body") == '\0')
        continue;
      got = sign_v3 (v, query, headers, "ServerGroupName=evil", NULL);
      g_assert_cmpstr (got, !=, want);
      return;
    }
  g_assert_not_reached ();
}

static void
test_v1_vectors (void)
{
  g_autoptr(JsonObject) vectors = load_vectors ();
  JsonArray *v1;

  if (vectors == NULL)
    {
      g_test_skip ("LW_SHARED_DIR/data/signature-vectors.json is not available");
      return;
    }
  v1 = json_object_get_array_member (vectors, "v1");
  g_assert_cmpuint (json_array_get_length (v1), >=, 3);
  for (guint i = 0; i < json_array_get_length (v1); i++)
    {
      JsonObject *v = json_array_get_object_element (v1, i);
      g_autoptr(GHashTable) params = object_to_table (json_object_get_object_member (v, "params"));
      const char *method = json_object_get_string_member (v, "method");
      const char *secret = json_object_get_string_member (v, "access_key_secret");
      g_autofree char *got = lw_sim_v1_signature (method, params, secret, NULL);
      g_autofree char *tampered = NULL;
      g_autofree char *other_method = NULL;

      g_test_message ("V1 vector: %s", json_object_get_string_member (v, "name"));
      g_assert_cmpstr (got, ==, json_object_get_string_member (v, "signature"));

      /* A Signature parameter in the set is not signed. */
      g_hash_table_replace (params, g_strdup ("Signature"), g_strdup ("whatever"));
      g_clear_pointer (&got, g_free);
      got = lw_sim_v1_signature (method, params, secret, NULL);
      g_assert_cmpstr (got, ==, json_object_get_string_member (v, "signature"));

      other_method = lw_sim_v1_signature (strcmp (method, "GET") == 0 ? "POST" : "GET", params, secret, NULL);
      g_assert_cmpstr (other_method, !=, json_object_get_string_member (v, "signature"));
      g_hash_table_replace (params, g_strdup ("SignatureNonce"), g_strdup ("0000"));
      tampered = lw_sim_v1_signature (method, params, secret, NULL);
      g_assert_cmpstr (tampered, !=, json_object_get_string_member (v, "signature"));
    }
}

static void
test_v1_doc_string_to_sign (void)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *sts = NULL;
  g_autofree char *sig = NULL;

  g_hash_table_insert (params, g_strdup ("AccessKeyId"), g_strdup ("testid"));
  g_hash_table_insert (params, g_strdup ("Action"), g_strdup ("DescribeDedicatedHosts"));
  g_hash_table_insert (params, g_strdup ("Format"), g_strdup ("JSON"));
  g_hash_table_insert (params, g_strdup ("RegionId"), g_strdup ("cn-beijing"));
  g_hash_table_insert (params, g_strdup ("SignatureMethod"), g_strdup ("HMAC-SHA1"));
  g_hash_table_insert (params, g_strdup ("SignatureNonce"), g_strdup ("edb2b34af0af9a6d14deaf7c1a5315eb"));
  g_hash_table_insert (params, g_strdup ("SignatureVersion"), g_strdup ("1.0"));
  g_hash_table_insert (params, g_strdup ("Timestamp"), g_strdup ("2023-03-13T08:34:30Z"));
  g_hash_table_insert (params, g_strdup ("Version"), g_strdup ("2014-05-26"));
  sig = lw_sim_v1_signature ("GET", params, "testsecret", &sts);
  g_assert_cmpstr (sts, ==, "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON"
                   "%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb"
                   "%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26");
  g_assert_cmpstr (sig, ==, "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
}

static void
test_percent_encode (void)
{
  g_autofree char *a = lw_sim_percent_encode (" ~/*-+");
  g_autofree char *b = lw_sim_percent_encode ("连");

  g_assert_cmpstr (a, ==, "%20~%2F%2A-%2B");
  g_assert_cmpstr (b, ==, "%E8%BF%9E");
}

static void
test_authorization_parse (void)
{
  g_autofree char *c = NULL, *h = NULL, *s = NULL;

  g_assert_false (lw_sim_parse_v3_authorization ("Bearer x", &c, &h, &s));
  g_assert_false (lw_sim_parse_v3_authorization ("ACS3-HMAC-SHA256 Credential=a", &c, &h, &s));
  g_assert_null (c);
  g_assert_false (lw_sim_parse_v3_authorization ("ACS3-HMAC-SHA256 ", &c, &h, &s));
  g_assert_true (lw_sim_parse_v3_authorization ("ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host,Signature=ff",
                                                &c, &h, &s));
  g_assert_cmpstr (c, ==, "a");
  g_assert_cmpstr (h, ==, "host");
  g_assert_cmpstr (s, ==, "ff");
}

static void
test_timestamp (void)
{
  gint64 t = 0;

  g_assert_true (lw_sim_parse_timestamp ("2023-10-26T10:22:32Z", &t));
  g_assert_cmpint (t, ==, 1698315752);
  g_assert_false (lw_sim_parse_timestamp ("2023-10-26 10:22:32Z", &t));
  g_assert_false (lw_sim_parse_timestamp ("2023-10-26T10:22:32+08:00", &t));
  g_assert_false (lw_sim_parse_timestamp ("2023-13-26T10:22:32Z", &t));
  g_assert_false (lw_sim_parse_timestamp ("", &t));
  g_assert_false (lw_sim_parse_timestamp (NULL, &t));
}

static void
test_cidr (void)
{
  g_assert_true (lw_sim_cidr_covers ("172.16.0.0/16", "172.16.2.0/24"));
  g_assert_true (lw_sim_cidr_covers ("0.0.0.0/0", "10.1.2.3"));
  g_assert_false (lw_sim_cidr_covers ("127.0.0.1", "172.16.1.0/24"));
  g_assert_false (lw_sim_cidr_covers ("172.16.1.0/24", "172.16.0.0/16"));
  g_assert_false (lw_sim_cidr_covers ("300.1.1.1", "300.1.1.1"));
  g_assert_false (lw_sim_cidr_covers ("garbage", "172.16.1.0/24"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/verify/v3-vectors", test_v3_vectors);
  g_test_add_func ("/sim/verify/v3-body-tamper", test_v3_body_tamper);
  g_test_add_func ("/sim/verify/v1-vectors", test_v1_vectors);
  g_test_add_func ("/sim/verify/v1-doc-string-to-sign", test_v1_doc_string_to_sign);
  g_test_add_func ("/sim/verify/percent-encode", test_percent_encode);
  g_test_add_func ("/sim/verify/authorization-parse", test_authorization_parse);
  g_test_add_func ("/sim/verify/timestamp", test_timestamp);
  g_test_add_func ("/sim/verify/cidr", test_cidr);
  return g_test_run ();
}
