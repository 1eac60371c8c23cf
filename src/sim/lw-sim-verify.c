/* lw-sim-verify.c — the simulator's own signature verifier (ACS3-HMAC-SHA256 and RPC HMAC-SHA1)
 *
 * Deliberately independent of src/cloud/: if both sides shared code, a bug in it would make the
 * simulator accept what the real cloud rejects. Checked against the shared signature vectors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#define G_LOG_DOMAIN "lw-sim-verify"

#include "lw-sim-private.h"

#include <string.h>

char *
lw_sim_percent_encode (const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_sized_new (strlen (s) + 8);

  /* RFC 3986 unreserved characters stay; everything else (bytes of UTF-8) is %XX, upper-case. */
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
        g_string_append_c (out, (char) *p);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
canonical_params (GHashTable *params,
                  const char *skip)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  GString *out = g_string_new (NULL);

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (skip == NULL || strcmp (key, skip) != 0)
          g_ptr_array_add (keys, key);
    }
  g_ptr_array_sort (keys, compare_strings);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      const char *v = g_hash_table_lookup (params, k);
      g_autofree char *ek = lw_sim_percent_encode (k);
      g_autofree char *ev = lw_sim_percent_encode (v ? v : "");

      if (i > 0)
        g_string_append_c (out, '&');
      /* An empty value is "name=" (V3 doc and the Go SDK; the Python SDK differs). */
      g_string_append_printf (out, "%s=%s", ek, ev);
    }
  return g_string_free (out, FALSE);
}

char *
lw_sim_v3_canonical_query (GHashTable *query)
{
  return canonical_params (query, NULL);
}

char *
lw_sim_v3_signature (const char  *method,
                     const char  *pathname,
                     GHashTable  *query,
                     GHashTable  *headers,
                     const char  *signed_headers,
                     const char  *body,
                     gsize        body_len,
                     const char  *secret,
                     char       **out_string_to_sign,
                     char       **out_canonical_request)
{
  g_autofree char *cquery = lw_sim_v3_canonical_query (query);
  g_autofree char *payload_hash = NULL;
  g_autofree char *request_hash = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) creq = g_string_new (NULL);
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *sts = NULL;

  payload_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                              (const guchar *) (body ? body : ""),
                                              body ? body_len : 0);

  g_string_append_printf (creq, "%s\n%s\n%s\n", method,
                          (pathname && *pathname) ? pathname : "/", cquery);

  names = g_strsplit (signed_headers ? signed_headers : "", ";", -1);
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);
      const char *value;
      g_autofree char *trimmed = NULL;

      if (*lower == '\0')
        continue;
      value = g_hash_table_lookup (headers, lower);
      trimmed = g_strstrip (g_strdup (value ? value : ""));
      g_string_append_printf (creq, "%s:%s\n", lower, trimmed);
    }
  g_string_append_printf (creq, "\n%s\n%s", signed_headers ? signed_headers : "", payload_hash);

  request_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, creq->str, creq->len);
  sts = g_strconcat ("ACS3-HMAC-SHA256\n", request_hash, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) sts, strlen (sts));

  if (out_canonical_request)
    *out_canonical_request = g_strdup (creq->str);
  if (out_string_to_sign)
    *out_string_to_sign = g_steal_pointer (&sts);
  return g_strdup (g_hmac_get_string (hmac));
}

char *
lw_sim_v1_signature (const char  *method,
                     GHashTable  *params,
                     const char  *secret,
                     char       **out_string_to_sign)
{
  g_autofree char *canon = canonical_params (params, "Signature");
  g_autofree char *enc_canon = lw_sim_percent_encode (canon);
  g_autofree char *sts = g_strdup_printf ("%s&%%2F&%s", method, enc_canon);
  g_autofree char *key = g_strconcat (secret, "&", NULL);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key, strlen (key));
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) sts, strlen (sts));
  g_hmac_get_digest (hmac, digest, &digest_len);
  explicit_bzero (key, strlen (key));
  if (out_string_to_sign)
    *out_string_to_sign = g_steal_pointer (&sts);
  return g_base64_encode (digest, digest_len);
}

gboolean
lw_sim_parse_v3_authorization (const char  *header,
                               char       **credential,
                               char       **signed_headers,
                               char       **signature)
{
  g_auto(GStrv) parts = NULL;

  *credential = *signed_headers = *signature = NULL;
  if (header == NULL || !g_str_has_prefix (header, "ACS3-HMAC-SHA256 "))
    return FALSE;

  parts = g_strsplit (header + strlen ("ACS3-HMAC-SHA256 "), ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *p = parts[i];

      while (*p == ' ')
        p++;
      if (g_str_has_prefix (p, "Credential=") && *credential == NULL)
        *credential = g_strdup (p + strlen ("Credential="));
      else if (g_str_has_prefix (p, "SignedHeaders=") && *signed_headers == NULL)
        *signed_headers = g_strdup (p + strlen ("SignedHeaders="));
      else if (g_str_has_prefix (p, "Signature=") && *signature == NULL)
        *signature = g_strdup (p + strlen ("Signature="));
    }

  if (*credential && **credential && *signed_headers && *signature && **signature)
    return TRUE;

  g_clear_pointer (credential, g_free);
  g_clear_pointer (signed_headers, g_free);
  g_clear_pointer (signature, g_free);
  return FALSE;
}

gboolean
lw_sim_parse_timestamp (const char *s,
                        gint64     *out_unix)
{
  /* Exactly yyyy-MM-ddTHH:mm:ssZ, as both signatures require. */
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  g_autoptr(GDateTime) dt = NULL;

  if (s == NULL || strlen (s) != strlen (pattern))
    return FALSE;
  for (guint i = 0; pattern[i]; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != pattern[i])
        return FALSE;
    }
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
lw_sim_constant_time_equal (const char *a,
                            const char *b)
{
  gsize la, lb;
  guchar diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;
  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return FALSE;
  for (gsize i = 0; i < la; i++)
    diff |= (guchar) (a[i] ^ b[i]);
  return diff == 0;
}
