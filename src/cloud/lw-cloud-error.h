/* lw-cloud-error.h: the error domain of the cloud client library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LW_CLOUD_ERROR (lw_cloud_error_quark ())

/**
 * LwCloudError:
 * @LW_CLOUD_ERROR_API: the cloud answered with an error (see lw_cloud_error_get_code())
 * @LW_CLOUD_ERROR_NETWORK: connection refused, reset, DNS failure, malformed HTTP
 * @LW_CLOUD_ERROR_TLS: certificate not trusted, hostname mismatch, handshake failure
 * @LW_CLOUD_ERROR_TIMEOUT: no answer within the per-request timeout
 * @LW_CLOUD_ERROR_PARSE: the answer was not the JSON we expected
 * @LW_CLOUD_ERROR_INVALID_INPUT: refused before sending (bad endpoint, missing argument)
 * @LW_CLOUD_ERROR_CANCELLED: the GCancellable was triggered
 *
 * Cloud fields (HTTP status, Code, Message, RequestId, Recommend, AccessDeniedDetail) are attached
 * to every error of this domain with G_DEFINE_EXTENDED_ERROR, and survive g_error_copy().
 */
typedef enum {
  LW_CLOUD_ERROR_API,
  LW_CLOUD_ERROR_NETWORK,
  LW_CLOUD_ERROR_TLS,
  LW_CLOUD_ERROR_TIMEOUT,
  LW_CLOUD_ERROR_PARSE,
  LW_CLOUD_ERROR_INVALID_INPUT,
  LW_CLOUD_ERROR_CANCELLED,
} LwCloudError;

GQuark       lw_cloud_error_quark                   (void);

/* Builds an LW_CLOUD_ERROR_API error; the GError message reads
 * "<Code>: <Message> (HTTP <status>, request ID <RequestId>)". */
GError      *lw_cloud_error_new_api                 (guint         http_status,
                                                     const char   *code,
                                                     const char   *message,
                                                     const char   *request_id);
/* As lw_cloud_error_new_api(), for a service whose codes are its own reasons rather than words
 * for people (TiDB Cloud): the GError message reads "<Message> (<Code>, HTTP <status>, request ID
 * <RequestId>)" so that whoever shows it puts the service's message first, and
 * lw_cloud_error_get_message_first() is TRUE. Without a message it is lw_cloud_error_new_api(). */
GError      *lw_cloud_error_new_api_message_first   (guint         http_status,
                                                     const char   *code,
                                                     const char   *message,
                                                     const char   *request_id);
gboolean     lw_cloud_error_get_message_first       (const GError *error);
/* Setters for the extended fields (no-op on errors of other domains). */
void         lw_cloud_error_set_recommend           (GError       *error,
                                                     const char   *recommend);
void         lw_cloud_error_set_access_denied_detail(GError       *error,
                                                     const char   *detail);
void         lw_cloud_error_set_action              (GError       *error,
                                                     const char   *action);
void         lw_cloud_error_set_retry_after         (GError       *error,
                                                     double        seconds);
void         lw_cloud_error_add_attempt             (GError       *error,
                                                     const char   *request_id);

/* Accessors: NULL / 0 when the error is not LW_CLOUD_ERROR or the field is unknown. */
guint        lw_cloud_error_get_http_status         (const GError *error);
const char  *lw_cloud_error_get_code                (const GError *error);
const char  *lw_cloud_error_get_cloud_message       (const GError *error);
const char  *lw_cloud_error_get_request_id          (const GError *error);
const char  *lw_cloud_error_get_recommend           (const GError *error);
const char  *lw_cloud_error_get_access_denied_detail(const GError *error);
const char  *lw_cloud_error_get_action              (const GError *error);
/* Seconds the server asked us to wait (TiDB 429 X-Ratelimit-Reset), or < 0 if none. */
double       lw_cloud_error_get_retry_after         (const GError *error);
/* Number of attempts made for the logical call that failed (>= 1 once sent). */
guint        lw_cloud_error_get_attempts            (const GError *error);
/* RequestIds of every attempt, in order (NULL entries are not stored). NULL-terminated, owned by the error. */
const char * const *lw_cloud_error_get_request_ids  (const GError *error);

/* TRUE if the error code equals @code (LW_CLOUD_ERROR_API only). */
gboolean     lw_cloud_error_has_code                (const GError *error,
                                                     const char   *code);
/* TRUE for errors the retry table (lw-retry.h, product.md §3) treats as transient. */
gboolean     lw_cloud_error_is_transient            (const GError *error);
/* TRUE for "the resource does not exist": HTTP 404, codes *.NotFound, ResourceNotFound.*,
 * EndpointServiceNotFound, EndpointNotFound (rollback counts these as done). */
gboolean     lw_cloud_error_is_not_found            (const GError *error);
/* TRUE for LW_CLOUD_ERROR_CANCELLED and G_IO_ERROR_CANCELLED. */
gboolean     lw_cloud_error_is_cancelled            (const GError *error);

G_END_DECLS
