/* lw-tidb-fallback.c — classifying a refusal of TiDB Cloud's v1beta1 private link API
 *
 * No official example of the refusal exists (TiDB Cloud's docs only say that Essential clusters on
 * CLOUD.202603.x and later use v1beta2). The rules below are deliberately narrow on 400 (only a
 * message or reason about the API version) and broad on the statuses a gateway uses for "this
 * API is not here for this resource" (404, 405, 409, 410, 412).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-tidb-fallback"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-cloud.h"
#include "lw-tidb-fallback.h"

static gboolean
mentions_api_version (const char *text)
{
  static const char * const words[] = {
    "version", "v1beta2", "not supported", "unsupported", "unimplemented", "not implemented",
  };
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
lw_tidb_error_is_api_refusal (const GError *error)
{
  const char *code;
  guint status;

  if (error == NULL || !g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API))
    return FALSE;
  status = lw_cloud_error_get_http_status (error);
  code = lw_cloud_error_get_code (error);

  switch (status)
    {
    case 404:
      /* "Our connection is gone" (PRIVATE_LINK_CONNECTION_NOT_FOUND, CLUSTER_NOT_FOUND) is not a
       * refusal of the API: those are handled (re-created, reported) by the caller. */
      return code == NULL || !g_str_has_suffix (code, "_NOT_FOUND");
    case 405:
    case 409:
    case 410:
    case 412:
      return TRUE;
    case 400:
      /* Validation errors stop the setup with their message. */
      if (g_strcmp0 (code, "3") == 0 || g_strcmp0 (code, "INVALID_ARGUMENT") == 0)
        return FALSE;
      return mentions_api_version (code) || mentions_api_version (lw_cloud_error_get_cloud_message (error));
    default:
      /* 401/403: authentication and permissions; 429 and 5xx: retried; anything else: stop. */
      return FALSE;
    }
}

char *
lw_tidb_console_steps (const char *service_name,
                       const char *account_id)
{
  GString *s = g_string_new (NULL);

  /* TiDB Cloud's guide: cluster overview → Settings → Networking → "Private Link Connection For
   * Dataflow" → "Create Private Link Connection". */
  g_string_append_printf (s, "%s\n",
                          _("1. In the TiDB Cloud console, open the cluster’s overview page and click Settings → Networking in the left navigation."));
  g_string_append_printf (s, "%s\n",
                          _("2. In the Private Link Connection For Dataflow area, click Create Private Link Connection."));
  g_string_append_printf (s, _("3. Enter a connection name, choose Alibaba Cloud Endpoint Service, and paste the Endpoint Service Name %s."),
                          service_name ? service_name : "");
  g_string_append_c (s, '\n');
  g_string_append_printf (s, "%s\n", _("4. Click Create."));
  g_string_append_printf (s, _("5. Linkwright accepts the endpoint connection request from TiDB Cloud’s account %s; the connection then becomes Active in TiDB Cloud."),
                          account_id ? account_id : "");
  return g_string_free (s, FALSE);
}
