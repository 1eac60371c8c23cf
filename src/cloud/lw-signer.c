/* lw-signer.c: Alibaba Cloud request signatures (alibaba-cloud-api.md §5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-signer"

#include <string.h>

#include "lw-signer.h"

char *
lw_signer_percent_encode (const char *value)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out;

  if (value == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (value) * 3 / 2 + 1);
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
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

char *
lw_signer_hex_sha256 (const void *data,
                      gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

typedef struct {
  char      *name;     /* lower-case */
  GPtrArray *values;   /* trimmed */
} HeaderEntry;

static void
header_entry_free (gpointer data)
{
  HeaderEntry *e = data;
  g_free (e->name);
  g_ptr_array_unref (e->values);
  g_free (e);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const HeaderEntry *ea = *(const HeaderEntry * const *) a;
  const HeaderEntry *eb = *(const HeaderEntry * const *) b;
  return strcmp (ea->name, eb->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
header_is_signed (const char *lower_name)
{
  return g_str_has_prefix (lower_name, "x-acs-") ||
         g_str_equal (lower_name, "host") ||
         g_str_equal (lower_name, "content-type");
}

char *
lw_signer_v3_canonical_request (const char     *method,
                                const char     *pathname,
                                const LwParams *query,
                                const LwParams *headers,
                                const char     *hashed_payload,
                                char          **signed_headers)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (header_entry_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) canonical_headers = g_string_new (NULL);
  g_autoptr(GString) signed_list = g_string_new (NULL);
  g_autofree char *canonical_query = lw_params_to_canonical (query);
  GString *out;

  for (guint i = 0; i < lw_params_get_length (headers); i++)
    {
      g_autofree char *lower = g_ascii_strdown (lw_params_get_name (headers, i), -1);
      HeaderEntry *e;

      if (!header_is_signed (lower))
        continue;
      e = g_hash_table_lookup (by_name, lower);
      if (e == NULL)
        {
          e = g_new0 (HeaderEntry, 1);
          e->name = g_steal_pointer (&lower);
          e->values = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (entries, e);
          g_hash_table_insert (by_name, e->name, e);
        }
      g_ptr_array_add (e->values, g_strstrip (g_strdup (lw_params_get_value (headers, i))));
    }

  /* Repeated names (any case) merge into one line, values sorted and comma-joined, as the
   * official SDK does (OAU Test_GetAuthorization). */
  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      HeaderEntry *e = g_ptr_array_index (entries, i);

      g_ptr_array_sort (e->values, compare_strings);
      g_string_append_printf (canonical_headers, "%s:", e->name);
      for (guint j = 0; j < e->values->len; j++)
        {
          if (j > 0)
            g_string_append_c (canonical_headers, ',');
          g_string_append (canonical_headers, g_ptr_array_index (e->values, j));
        }
      g_string_append_c (canonical_headers, '\n');
      if (i > 0)
        g_string_append_c (signed_list, ';');
      g_string_append (signed_list, e->name);
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n%s\n%s\n%s\n%s\n%s",
                          method != NULL ? method : "",
                          (pathname != NULL && *pathname != '\0') ? pathname : "/",
                          canonical_query,
                          canonical_headers->str,
                          signed_list->str,
                          hashed_payload != NULL ? hashed_payload : LW_SIGNER_EMPTY_SHA256);

  if (signed_headers != NULL)
    *signed_headers = g_strdup (signed_list->str);
  return g_string_free (out, FALSE);
}

char *
lw_signer_v3_string_to_sign (const char *canonical_request)
{
  g_autofree char *hashed = lw_signer_hex_sha256 (canonical_request, strlen (canonical_request));
  return g_strconcat (LW_SIGNER_V3_ALGORITHM "\n", hashed, NULL);
}

char *
lw_signer_v3_signature (const char *access_key_secret,
                        const char *string_to_sign)
{
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                    (const guchar *) access_key_secret, strlen (access_key_secret),
                                    string_to_sign, -1);
}

char *
lw_signer_v3_authorization (const char     *access_key_id,
                            const char     *access_key_secret,
                            const char     *method,
                            const char     *pathname,
                            const LwParams *query,
                            const LwParams *headers,
                            const char     *hashed_payload)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = lw_signer_v3_canonical_request (method, pathname, query, headers,
                                                               hashed_payload, &signed_headers);
  g_autofree char *string_to_sign = lw_signer_v3_string_to_sign (canonical);
  g_autofree char *signature = lw_signer_v3_signature (access_key_secret, string_to_sign);

  return g_strdup_printf (LW_SIGNER_V3_ALGORITHM " Credential=%s,SignedHeaders=%s,Signature=%s",
                          access_key_id, signed_headers, signature);
}

char *
lw_signer_v1_signature (const char     *method,
                        const LwParams *params,
                        const char     *access_key_secret)
{
  g_autoptr(LwParams) filtered = lw_params_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *encoded_canonical = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  for (guint i = 0; i < lw_params_get_length (params); i++)
    if (!g_str_equal (lw_params_get_name (params, i), "Signature"))
      lw_params_add (filtered, lw_params_get_name (params, i), lw_params_get_value (params, i));

  canonical = lw_params_to_canonical (filtered);
  encoded_canonical = lw_signer_percent_encode (canonical);
  string_to_sign = g_strdup_printf ("%s&%%2F&%s", method != NULL ? method : "", encoded_canonical);

  key = g_strconcat (access_key_secret, "&", NULL);
  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key, strlen (key));
  g_hmac_update (hmac, (const guchar *) string_to_sign, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  explicit_bzero (key, strlen (key));

  return g_base64_encode (digest, digest_len);
}

char *
lw_signer_new_nonce (void)
{
  GString *out = g_string_sized_new (33);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (out, "%08x", g_random_int ());
  return g_string_free (out, FALSE);
}

char *
lw_signer_format_timestamp (GDateTime *utc)
{
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}
