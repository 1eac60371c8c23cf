/* lw-engine-error.h — the engine's error domain: what the UI is told when a cloud call fails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LW_ENGINE_ERROR (lw_engine_error_quark ())

/**
 * LwEngineError:
 * @LW_ENGINE_ERROR_FAILED: anything else (the message says what)
 * @LW_ENGINE_ERROR_CANCELLED: the lookup or step was cancelled
 * @LW_ENGINE_ERROR_NETWORK: the cloud could not be reached
 * @LW_ENGINE_ERROR_TLS: the cloud's certificate was not trusted
 * @LW_ENGINE_ERROR_TIMEOUT: the cloud did not answer in time
 * @LW_ENGINE_ERROR_CREDENTIALS: the AccessKey, secret, STS token or TiDB Cloud key was refused
 * @LW_ENGINE_ERROR_PERMISSION: the key may not make this call (RAM policy, TiDB role)
 * @LW_ENGINE_ERROR_NOT_FOUND: the resource does not exist
 * @LW_ENGINE_ERROR_INVALID_INPUT: an input was refused (by us before sending, or by the service)
 * @LW_ENGINE_ERROR_THROTTLED: the service asked to slow down
 * @LW_ENGINE_ERROR_SERVICE: the service refused for another reason (see the service code)
 * @LW_ENGINE_ERROR_API_REFUSED: TiDB Cloud refuses its v1beta1 private link API for this cluster
 *   (the account and zones come from the console instead; see lw-tidb-fallback.h)
 *
 * The GError message is the user-facing text, translated: the service's own message first when the
 * service's codes are not words for people (TiDB Cloud), then Linkwright's hint. The service's fields
 * travel with the error (G_DEFINE_EXTENDED_ERROR, they survive g_error_copy()).
 */
typedef enum {
  LW_ENGINE_ERROR_FAILED,
  LW_ENGINE_ERROR_CANCELLED,
  LW_ENGINE_ERROR_NETWORK,
  LW_ENGINE_ERROR_TLS,
  LW_ENGINE_ERROR_TIMEOUT,
  LW_ENGINE_ERROR_CREDENTIALS,
  LW_ENGINE_ERROR_PERMISSION,
  LW_ENGINE_ERROR_NOT_FOUND,
  LW_ENGINE_ERROR_INVALID_INPUT,
  LW_ENGINE_ERROR_THROTTLED,
  LW_ENGINE_ERROR_SERVICE,
  LW_ENGINE_ERROR_API_REFUSED,
} LwEngineError;

GQuark       lw_engine_error_quark              (void);

/* Any error → a new LW_ENGINE_ERROR (a copy when it already is one). NULL → NULL. */
GError      *lw_engine_error_from               (const GError *error);
/* The user-facing text of any error: that of lw_engine_error_from() for a cloud error, else its
 * message. */
char        *lw_engine_error_explain            (const GError *error);
/* TRUE for LW_ENGINE_ERROR_CANCELLED, G_IO_ERROR_CANCELLED and a cloud call's cancellation. */
gboolean     lw_engine_error_is_cancelled       (const GError *error);

/* Fields of an LW_ENGINE_ERROR (NULL / 0 for other errors or when unknown). */
/* Linkwright's advice alone (translated), without the service's message. */
const char  *lw_engine_error_get_hint           (const GError *error);
/* The service's own code ("Forbidden.RAM", "FAILED_PRECONDITION") and message. */
const char  *lw_engine_error_get_service_code   (const GError *error);
const char  *lw_engine_error_get_service_message(const GError *error);
const char  *lw_engine_error_get_request_id     (const GError *error);
guint        lw_engine_error_get_http_status    (const GError *error);
/* A documentation link the service recommends. */
const char  *lw_engine_error_get_recommend      (const GError *error);
/* What the service said, in one line for a details row: "<Code>: <Message>" for Alibaba Cloud, the
 * message first for TiDB Cloud ("<Message> (<Code>, HTTP …)"), or the original error text. */
const char  *lw_engine_error_get_detail         (const GError *error);

G_END_DECLS
