/* lw-rpc-client.h: signed Alibaba Cloud RPC calls with retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lw-credentials.h"
#include "lw-endpoints.h"
#include "lw-params.h"
#include "lw-retry.h"

G_BEGIN_DECLS

typedef enum {
  LW_CALL_FLAGS_NONE       = 0,
  /* Adds DryRun=true; the call succeeds when the cloud answers DryRunOperation. */
  LW_CALL_FLAGS_DRY_RUN    = 1 << 0,
  /* One attempt only. */
  LW_CALL_FLAGS_NO_RETRY   = 1 << 1,
  /* Override the placement of parameters (and send them unchecked, see below). */
  LW_CALL_FLAGS_IN_QUERY   = 1 << 2,
  LW_CALL_FLAGS_IN_BODY    = 1 << 3,
  /* Send the parameters as given, in the product's default place, even for an action that
   * lw-wire.c describes (diagnostics only; implied by IN_QUERY / IN_BODY). */
  LW_CALL_FLAGS_RAW        = 1 << 4,
} LwCallFlags;

#define LW_TYPE_RPC_CLIENT (lw_rpc_client_get_type ())
G_DECLARE_FINAL_TYPE (LwRpcClient, lw_rpc_client, LW, RPC_CLIENT, GObject)

LwRpcClient   *lw_rpc_client_new                   (LwCredentials        *credentials,
                                                    const char           *region_id);
LwCredentials *lw_rpc_client_get_credentials       (LwRpcClient          *self);
void           lw_rpc_client_set_credentials       (LwRpcClient          *self,
                                                    LwCredentials        *credentials);
const char    *lw_rpc_client_get_region            (LwRpcClient          *self);
void           lw_rpc_client_set_region            (LwRpcClient          *self,
                                                    const char           *region_id);
/* Sends every product to @base_url (NULL restores the public endpoints). See
 * lw_endpoints_check_override() for what is accepted. */
gboolean       lw_rpc_client_set_endpoint_override (LwRpcClient          *self,
                                                    const char           *base_url,
                                                    GError              **error);
const char    *lw_rpc_client_get_endpoint_override (LwRpcClient          *self);
/* Trusts the PEM CA certificates in @path in addition to the system database. */
gboolean       lw_rpc_client_set_ca_file           (LwRpcClient          *self,
                                                    const char           *path,
                                                    GError              **error);
/* Per-request timeout in seconds (default 30), multiplied by the time scale. */
void           lw_rpc_client_set_timeout           (LwRpcClient          *self,
                                                    double                seconds);
/* Multiplies backoff delays and the per-request timeout (default 1.0). */
void           lw_rpc_client_set_time_scale        (LwRpcClient          *self,
                                                    double                time_scale);
double         lw_rpc_client_get_time_scale        (LwRpcClient          *self);
void           lw_rpc_client_set_retry_policy      (LwRpcClient          *self,
                                                    const LwRetryPolicy  *policy);
void           lw_rpc_client_get_retry_policy      (LwRpcClient          *self,
                                                    LwRetryPolicy        *policy);
void           lw_rpc_client_set_clock             (LwRpcClient          *self,
                                                    LwClock              *clock);
/* Number of HTTP requests sent so far (all attempts). */
guint          lw_rpc_client_get_request_count     (LwRpcClient          *self);

/* Signals:
 *   "attempt" (const char *action, guint attempt, const char *request_id, const GError *error):
 *   emitted after every HTTP attempt; @request_id may be NULL (network error), @error is NULL on
 *   success (a DryRunOperation counts as success). Emitted in the thread-default main context
 *   of the call. */

/* The generic call. For an action described in lw-wire.c every parameter must be one the
 * description lists (else the call fails with LW_CLOUD_ERROR_INVALID_INPUT and nothing is sent)
 * and goes where the official SDK puts it (query or form body); for NLB and PrivateLink the
 * answer holds only the declared reads. Typed calls add RegionId themselves; this function adds
 * only the signature headers, and DryRun=true for LW_CALL_FLAGS_DRY_RUN.
 * Returns the parsed JSON object of the response (for DryRun success:
 * {"DryRunOperation": true, "RequestId": …}). */
void           lw_rpc_client_call_async            (LwRpcClient          *self,
                                                    LwProduct             product,
                                                    const char           *action,
                                                    const LwParams       *params,
                                                    LwCallFlags           flags,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
JsonObject    *lw_rpc_client_call_finish           (LwRpcClient          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* TRUE when @action of @product takes a parameter @name in its official definition (e.g. NLB
 * GetJobStatus takes no RegionId); TRUE for actions Linkwright does not describe. */
gboolean       lw_rpc_action_takes_param           (LwProduct             product,
                                                    const char           *action,
                                                    const char           *name);
/* A fresh ClientToken ("lw-" + 32 hex digits). Persist it before the create call and pass the same
 * token again on resume; retries inside one call always reuse it. */
char          *lw_rpc_client_new_client_token      (void);

G_END_DECLS
