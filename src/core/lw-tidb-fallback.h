/* lw-tidb-fallback.h — when TiDB Cloud refuses its v1beta1 private link API for a cluster
 *
 * TiDB Cloud Essential clusters on newer TiDB versions (CLOUD.202603.x and later) use a v1beta2 API
 * that has no public definition yet, so a v1beta1 private link call may be refused for such a
 * cluster. The setup then goes on in manual mode: the Alibaba Cloud side is completed, the user
 * creates the connection in the TiDB Cloud console, and Linkwright accepts the endpoint connection
 * request from the whitelisted account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * lw_tidb_error_is_api_refusal:
 * @error: (nullable): the error of a TiDB Cloud private link call
 *
 * TRUE when TiDB Cloud refused the call for this cluster as such (the API, not the request): HTTP
 * 404, 405, 409, 410 or 412, or a 400 whose google.rpc code/reason/message says that the API version
 * is not supported (FAILED_PRECONDITION and the like). FALSE for authentication and permission
 * (401, 403), validation (400 INVALID_ARGUMENT, code 3), throttling and server errors (429, 5xx:
 * retried by the client), and anything that is not an answer of the cloud.
 */
gboolean lw_tidb_error_is_api_refusal (const GError *error);

/* The numbered steps (translated, one per line) to create the private link connection in the
 * TiDB Cloud console with @service_name, as TiDB Cloud's guide describes them; @account_id is the
 * whitelisted TiDB Cloud account whose request Linkwright accepts. */
char    *lw_tidb_console_steps        (const char *service_name,
                                       const char *account_id);

G_END_DECLS
