/* lw-engine-private.h — what core's units share with each other (not for the UI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-cloud.h"
#include "lw-engine-context.h"
#include "lw-setup.h"

G_BEGIN_DECLS

LwCredentials *lw_engine_context_get_credentials      (LwEngineContext *self);
const char    *lw_engine_context_get_tidb_public_key  (LwEngineContext *self);
const char    *lw_engine_context_get_tidb_private_key (LwEngineContext *self);
/* A client for the setup's region with the override and the time scale applied. */
LwRpcClient   *lw_engine_context_create_rpc_client    (LwEngineContext *self, const char *region, GError **error);
/* NULL (no error) when the context has no TiDB keys. */
LwTidbClient  *lw_engine_context_create_tidb_client   (LwEngineContext *self, GError **error);

/* Forget a step's record entirely (resource gone): next run creates it again with a fresh ClientToken. */
void           lw_setup_reset_step                    (LwSetup *self, const char *step_id);

/* Plain-language explanation of a cloud error for a step (translated). */
char          *lw_explain_error                       (const char *step_id, const GError *error);
/* @hint after the service's message when the error wants its message first (TiDB Cloud), else @hint. */
char          *lw_explain_with_message                (const GError *error, const char *hint);

/* lw_engine_error_from() for a TiDB Cloud lookup: a refusal of the API (lw_tidb_error_is_api_refusal())
 * becomes LW_ENGINE_ERROR_API_REFUSED. */
GError        *lw_engine_error_from_tidb              (const GError *error);

G_END_DECLS
