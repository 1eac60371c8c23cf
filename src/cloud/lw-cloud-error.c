/* lw-cloud-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-cloud-error"

#include <gio/gio.h>

#include "lw-cloud-error.h"
#include "lw-retry.h"

typedef struct {
  guint      http_status;
  char      *code;
  char      *cloud_message;
  char      *request_id;
  char      *recommend;
  char      *access_denied_detail;
  char      *action;
  double     retry_after;
  guint      attempts;
  GPtrArray *request_ids;   /* NULL-terminated once non-empty */
  gboolean   message_first; /* lw_cloud_error_new_api_message_first() */
} LwCloudErrorPrivate;

static void
lw_cloud_error_private_init (LwCloudErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
lw_cloud_error_private_copy (const LwCloudErrorPrivate *src,
                             LwCloudErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->code = g_strdup (src->code);
  dest->cloud_message = g_strdup (src->cloud_message);
  dest->request_id = g_strdup (src->request_id);
  dest->recommend = g_strdup (src->recommend);
  dest->access_denied_detail = g_strdup (src->access_denied_detail);
  dest->action = g_strdup (src->action);
  dest->retry_after = src->retry_after;
  dest->attempts = src->attempts;
  dest->message_first = src->message_first;
  if (src->request_ids != NULL)
    {
      dest->request_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < src->request_ids->len; i++)
        g_ptr_array_add (dest->request_ids, g_strdup (g_ptr_array_index (src->request_ids, i)));
    }
}

static void
lw_cloud_error_private_clear (LwCloudErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->cloud_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->recommend, g_free);
  g_clear_pointer (&priv->access_denied_detail, g_free);
  g_clear_pointer (&priv->action, g_free);
  g_clear_pointer (&priv->request_ids, g_ptr_array_unref);
}

/* GLib's macro casts its guint8 * private area to our struct; clang's -Wcast-align flags that
 * cast although GLib allocates the area suitably aligned. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (LwCloudError, lw_cloud_error)
#pragma GCC diagnostic pop

static LwCloudErrorPrivate *
get_priv (const GError *error)
{
  if (error == NULL || error->domain != LW_CLOUD_ERROR)
    return NULL;
  return lw_cloud_error_get_private (error);
}

GError *
lw_cloud_error_new_api (guint       http_status,
                        const char *code,
                        const char *message,
                        const char *request_id)
{
  GError *error;
  LwCloudErrorPrivate *priv;
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, code != NULL ? code : "UnknownError");
  if (message != NULL && *message != '\0')
    g_string_append_printf (text, ": %s", message);
  if (http_status != 0 || request_id != NULL)
    {
      g_string_append (text, " (");
      if (http_status != 0)
        g_string_append_printf (text, "HTTP %u", http_status);
      if (http_status != 0 && request_id != NULL)
        g_string_append (text, ", ");
      if (request_id != NULL)
        g_string_append_printf (text, "request ID %s", request_id);
      g_string_append (text, ")");
    }

  error = g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, text->str);
  priv = get_priv (error);
  priv->http_status = http_status;
  priv->code = g_strdup (code);
  priv->cloud_message = g_strdup (message);
  priv->request_id = g_strdup (request_id);
  return error;
}

GError *
lw_cloud_error_new_api_message_first (guint       http_status,
                                      const char *code,
                                      const char *message,
                                      const char *request_id)
{
  GError *error;
  g_autoptr(GString) text = NULL;

  if (message == NULL || *message == '\0')
    return lw_cloud_error_new_api (http_status, code, message, request_id);
  error = lw_cloud_error_new_api (http_status, code, message, request_id);
  get_priv (error)->message_first = TRUE;
  text = g_string_new (message);
  g_string_append_printf (text, " (%s", code != NULL ? code : "UnknownError");
  if (http_status != 0)
    g_string_append_printf (text, ", HTTP %u", http_status);
  if (request_id != NULL)
    g_string_append_printf (text, ", request ID %s", request_id);
  g_string_append (text, ")");
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&text), FALSE);
  return error;
}

gboolean
lw_cloud_error_get_message_first (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL && priv->message_first;
}

void
lw_cloud_error_set_recommend (GError     *error,
                              const char *recommend)
{
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv != NULL)
    { g_free (priv->recommend); priv->recommend = g_strdup (recommend); }
}

void
lw_cloud_error_set_access_denied_detail (GError     *error,
                                         const char *detail)
{
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv != NULL)
    { g_free (priv->access_denied_detail); priv->access_denied_detail = g_strdup (detail); }
}

void
lw_cloud_error_set_action (GError     *error,
                           const char *action)
{
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv != NULL)
    { g_free (priv->action); priv->action = g_strdup (action); }
}

void
lw_cloud_error_set_retry_after (GError *error,
                                double  seconds)
{
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv != NULL)
    priv->retry_after = seconds;
}

void
lw_cloud_error_add_attempt (GError     *error,
                            const char *request_id)
{
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv == NULL)
    return;
  priv->attempts++;
  if (request_id == NULL)
    return;
  if (priv->request_ids == NULL)
    priv->request_ids = g_ptr_array_new_with_free_func (g_free);
  else
    g_ptr_array_remove_index (priv->request_ids, priv->request_ids->len - 1);
  g_ptr_array_add (priv->request_ids, g_strdup (request_id));
  g_ptr_array_add (priv->request_ids, NULL);
}

guint
lw_cloud_error_get_http_status (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->http_status : 0;
}

const char *
lw_cloud_error_get_code (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->code : NULL;
}

const char *
lw_cloud_error_get_cloud_message (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->cloud_message : NULL;
}

const char *
lw_cloud_error_get_request_id (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->request_id : NULL;
}

const char *
lw_cloud_error_get_recommend (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->recommend : NULL;
}

const char *
lw_cloud_error_get_access_denied_detail (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->access_denied_detail : NULL;
}

const char *
lw_cloud_error_get_action (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->action : NULL;
}

double
lw_cloud_error_get_retry_after (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->retry_after : -1;
}

guint
lw_cloud_error_get_attempts (const GError *error)
{
  LwCloudErrorPrivate *priv = get_priv (error);
  return priv != NULL ? priv->attempts : 0;
}

const char * const *
lw_cloud_error_get_request_ids (const GError *error)
{
  static const char * const empty[] = { NULL };
  LwCloudErrorPrivate *priv = get_priv (error);

  if (priv == NULL || priv->request_ids == NULL)
    return empty;
  return (const char * const *) priv->request_ids->pdata;
}

gboolean
lw_cloud_error_has_code (const GError *error,
                         const char   *code)
{
  const char *have = lw_cloud_error_get_code (error);
  return have != NULL && code != NULL && g_str_equal (have, code);
}

gboolean
lw_cloud_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != LW_CLOUD_ERROR)
    return FALSE;

  switch ((LwCloudError) error->code)
    {
    case LW_CLOUD_ERROR_NETWORK:
    case LW_CLOUD_ERROR_TIMEOUT:
      return TRUE;
    case LW_CLOUD_ERROR_API:
      return lw_retry_is_retryable_code (lw_cloud_error_get_code (error)) ||
             lw_retry_is_retryable_status (lw_cloud_error_get_http_status (error));
    case LW_CLOUD_ERROR_TLS:
    case LW_CLOUD_ERROR_PARSE:
    case LW_CLOUD_ERROR_INVALID_INPUT:
    case LW_CLOUD_ERROR_CANCELLED:
    default:
      return FALSE;
    }
}

gboolean
lw_cloud_error_is_not_found (const GError *error)
{
  const char *code = lw_cloud_error_get_code (error);

  if (error == NULL || error->domain != LW_CLOUD_ERROR || error->code != LW_CLOUD_ERROR_API)
    return FALSE;
  if (lw_cloud_error_get_http_status (error) == 404)
    return TRUE;
  if (code == NULL)
    return FALSE;
  return g_str_has_suffix (code, ".NotFound") ||
         g_str_has_prefix (code, "ResourceNotFound") ||
         g_str_equal (code, "EndpointServiceNotFound") ||
         g_str_equal (code, "EndpointNotFound") ||
         g_str_has_prefix (code, "InvalidDBInstanceId.NotFound");
}

gboolean
lw_cloud_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
