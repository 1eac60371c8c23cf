/* lw-engine-error.c — cloud errors turned into the engine's error domain, in plain words
 *
 * The only place where the UI's view of a failure is made from the cloud library's error: the
 * user-facing message (the service's message first when its codes are not words for people), a
 * hint, and the service's fields for the details rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-engine-error"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "lw-engine-error.h"
#include "lw-engine-private.h"
#include "lw-tidb-fallback.h"

typedef struct {
  char  *hint;
  char  *service_code;
  char  *service_message;
  char  *request_id;
  char  *recommend;
  char  *detail;
  guint  http_status;
} LwEngineErrorPrivate;

static void
lw_engine_error_private_init (LwEngineErrorPrivate *priv)
{
  (void) priv;
}

static void
lw_engine_error_private_copy (const LwEngineErrorPrivate *src,
                              LwEngineErrorPrivate       *dest)
{
  dest->hint = g_strdup (src->hint);
  dest->service_code = g_strdup (src->service_code);
  dest->service_message = g_strdup (src->service_message);
  dest->request_id = g_strdup (src->request_id);
  dest->recommend = g_strdup (src->recommend);
  dest->detail = g_strdup (src->detail);
  dest->http_status = src->http_status;
}

static void
lw_engine_error_private_clear (LwEngineErrorPrivate *priv)
{
  g_clear_pointer (&priv->hint, g_free);
  g_clear_pointer (&priv->service_code, g_free);
  g_clear_pointer (&priv->service_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->recommend, g_free);
  g_clear_pointer (&priv->detail, g_free);
}

G_DEFINE_EXTENDED_ERROR (LwEngineError, lw_engine_error)

/* The cloud errors a user meets while filling the forms, in plain words. */
static const struct {
  const char   *code_prefix;
  LwEngineError kind;
  const char   *explanation;
} explanations[] = {
  { "InvalidAccessKeyId", LW_ENGINE_ERROR_CREDENTIALS, N_("Alibaba Cloud does not know this AccessKey ID. Check that you copied it completely and that the AccessKey is enabled in the RAM console.") },
  { "SignatureDoesNotMatch", LW_ENGINE_ERROR_CREDENTIALS, N_("The AccessKey secret does not match the AccessKey ID. Paste the secret again; if it was lost, create a new AccessKey in the RAM console.") },
  { "IncompleteSignature", LW_ENGINE_ERROR_CREDENTIALS, N_("The AccessKey secret does not match the AccessKey ID. Paste the secret again.") },
  { "InvalidSecurityToken", LW_ENGINE_ERROR_CREDENTIALS, N_("The STS token is invalid or has expired. Get a new one, or leave the field empty for a RAM user’s AccessKey.") },
  { "Forbidden", LW_ENGINE_ERROR_PERMISSION, N_("The RAM user lacks a permission Linkwright needs. Grant it the policies for RDS, VPC, NLB and PrivateLink in the RAM console.") },
  { "NoPermission", LW_ENGINE_ERROR_PERMISSION, N_("The RAM user lacks a permission Linkwright needs. Grant it the policies for RDS, VPC, NLB and PrivateLink in the RAM console.") },
  { "InvalidTimeStamp", LW_ENGINE_ERROR_CREDENTIALS, N_("This computer’s clock is wrong by more than 15 minutes. Correct the date and time, then try again.") },
  { "Throttling", LW_ENGINE_ERROR_THROTTLED, N_("Alibaba Cloud asks to slow down. Wait a minute and try again.") },
  { "401", LW_ENGINE_ERROR_CREDENTIALS, N_("TiDB Cloud rejected the API key. Check the public and private key, and that the key has access to the project.") },
  { "16", LW_ENGINE_ERROR_CREDENTIALS, N_("TiDB Cloud rejected the API key. Check the public and private key, and that the key has access to the project.") },
  { "7", LW_ENGINE_ERROR_PERMISSION, N_("The TiDB Cloud API key has no permission for this project or cluster. Use a key with the Project Owner role.") },
};

static GError *
engine_error_new (LwEngineError code,
                  const char   *message,
                  const char   *hint,
                  const char   *detail)
{
  GError *error = g_error_new_literal (LW_ENGINE_ERROR, code, message);
  LwEngineErrorPrivate *priv = lw_engine_error_get_private (error);

  priv->hint = g_strdup (hint);
  priv->detail = g_strdup (detail);
  return error;
}

static GError *
from_cloud (const GError *error)
{
  const char *code = lw_cloud_error_get_code (error);
  const char *message = lw_cloud_error_get_cloud_message (error);
  const char *request_id = lw_cloud_error_get_request_id (error);
  gboolean message_first = lw_cloud_error_get_message_first (error);
  g_autofree char *detail = code && !message_first ? g_strdup_printf ("%s: %s", code, message ? message : "")
                                                   : g_strdup (error->message);
  g_autofree char *text = NULL;
  const char *hint = NULL;
  LwEngineError kind = LW_ENGINE_ERROR_SERVICE;
  LwEngineErrorPrivate *priv;
  GError *result;

  switch ((LwCloudError) error->code)
    {
    case LW_CLOUD_ERROR_NETWORK:
      kind = LW_ENGINE_ERROR_NETWORK;
      text = g_strdup_printf (_("The cloud could not be reached (%s). Check the network connection and try again."), error->message);
      break;
    case LW_CLOUD_ERROR_TLS:
      kind = LW_ENGINE_ERROR_TLS;
      text = g_strdup_printf (_("The cloud’s certificate was not trusted (%s). The connection was not used."), error->message);
      break;
    case LW_CLOUD_ERROR_TIMEOUT:
      kind = LW_ENGINE_ERROR_TIMEOUT;
      text = g_strdup (_("The cloud did not answer in time. Check the network connection and try again."));
      break;
    case LW_CLOUD_ERROR_CANCELLED:
      kind = LW_ENGINE_ERROR_CANCELLED;
      text = g_strdup (_("Cancelled."));
      break;
    case LW_CLOUD_ERROR_PARSE:
      kind = LW_ENGINE_ERROR_FAILED;
      break;
    case LW_CLOUD_ERROR_INVALID_INPUT:
      kind = LW_ENGINE_ERROR_INVALID_INPUT;
      break;
    case LW_CLOUD_ERROR_API:
    default:
      {
        const char *match = code;

        if (lw_cloud_error_is_not_found (error))
          kind = LW_ENGINE_ERROR_NOT_FOUND;
        else if (code != NULL && g_str_has_prefix (code, "InvalidParameter"))
          kind = LW_ENGINE_ERROR_INVALID_INPUT;
        if (match == NULL && lw_cloud_error_get_http_status (error) == 401)
          match = "401";
        if (lw_cloud_error_get_http_status (error) == 401)
          kind = LW_ENGINE_ERROR_CREDENTIALS;
        else if (lw_cloud_error_get_http_status (error) == 403)
          kind = LW_ENGINE_ERROR_PERMISSION;
        else if (lw_cloud_error_get_http_status (error) == 429)
          kind = LW_ENGINE_ERROR_THROTTLED;
        for (guint i = 0; match != NULL && i < G_N_ELEMENTS (explanations); i++)
          {
            if (!g_str_has_prefix (match, explanations[i].code_prefix))
              continue;
            kind = explanations[i].kind;
            hint = _(explanations[i].explanation);
            /* TiDB Cloud: the service's message first (its reasons are not words for people), then our hint. */
            if (message_first && message != NULL && *message != '\0')
              text = request_id != NULL
                     ? g_strdup_printf (_("%s\n%s (%s, request ID %s)"), message, hint, match, request_id)
                     : g_strdup_printf (_("%s\n%s (%s)"), message, hint, match);
            else if (request_id != NULL)
              text = g_strdup_printf (_("%s (%s, request ID %s)"), hint, match, request_id);
            else
              text = g_strdup_printf (_("%s (%s)"), hint, match);
            break;
          }
      }
      break;
    }

  result = engine_error_new (kind, text ? text : error->message, hint, detail);
  priv = lw_engine_error_get_private (result);
  priv->service_code = g_strdup (code);
  priv->service_message = g_strdup (message);
  priv->request_id = g_strdup (request_id);
  priv->recommend = g_strdup (lw_cloud_error_get_recommend (error));
  priv->http_status = lw_cloud_error_get_http_status (error);
  return result;
}

GError *
lw_engine_error_from (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == LW_ENGINE_ERROR)
    return g_error_copy (error);
  if (error->domain == LW_CLOUD_ERROR)
    return from_cloud (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return engine_error_new (LW_ENGINE_ERROR_CANCELLED, _("Cancelled."), NULL, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return engine_error_new (LW_ENGINE_ERROR_TIMEOUT, error->message, NULL, error->message);
  /* lw-source.c: the cloud answered, but without the source asked for (ECS DescribeInstances by id). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return engine_error_new (LW_ENGINE_ERROR_NOT_FOUND, error->message, NULL, error->message);
  return engine_error_new (LW_ENGINE_ERROR_FAILED, error->message, NULL, error->message);
}

/* Internal (lw-engine-private.h): as lw_engine_error_from(), for a TiDB Cloud lookup whose refusal
 * of the API means "enter it from the console" (LW_ENGINE_ERROR_API_REFUSED). */
GError *
lw_engine_error_from_tidb (const GError *error)
{
  GError *result = lw_engine_error_from (error);

  if (result != NULL && error->domain == LW_CLOUD_ERROR && lw_tidb_error_is_api_refusal (error))
    result->code = LW_ENGINE_ERROR_API_REFUSED;
  return result;
}

char *
lw_engine_error_explain (const GError *error)
{
  g_autoptr(GError) engine = NULL;

  if (error == NULL)
    return NULL;
  /* Only a cloud error needs words: the engine's already have them, and others (I/O, the state
   * store) say what they are. */
  if (error->domain != LW_CLOUD_ERROR)
    return g_strdup (error->message);
  engine = lw_engine_error_from (error);
  return g_strdup (engine->message);
}

gboolean
lw_engine_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         lw_cloud_error_is_cancelled (error);
}

static const LwEngineErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != LW_ENGINE_ERROR)
    return NULL;
  return lw_engine_error_get_private (error);
}

const char *lw_engine_error_get_hint (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->hint : NULL; }
const char *lw_engine_error_get_service_code (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->service_code : NULL; }
const char *lw_engine_error_get_service_message (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->service_message : NULL; }
const char *lw_engine_error_get_request_id (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->request_id : NULL; }
guint lw_engine_error_get_http_status (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->http_status : 0; }
const char *lw_engine_error_get_recommend (const GError *error) { const LwEngineErrorPrivate *p = get_private (error); return p ? p->recommend : NULL; }

const char *
lw_engine_error_get_detail (const GError *error)
{
  const LwEngineErrorPrivate *p = get_private (error);

  if (p != NULL && p->detail != NULL)
    return p->detail;
  return error ? error->message : NULL;
}
