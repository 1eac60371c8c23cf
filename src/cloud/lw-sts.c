/* lw-sts.c: STS 2015-04-01
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sts"

#include "lw-cloud-private.h"
#include "lw-sts.h"
#include "lw-wire.h"

void
lw_sts_caller_identity_free (LwStsCallerIdentity *self)
{
  if (self == NULL)
    return;
  g_free (self->account_id);
  g_free (self->arn);
  g_free (self->identity_type);
  g_free (self->principal_id);
  g_free (self->user_id);
  g_free (self->role_id);
  g_free (self->request_id);
  g_free (self);
}

static gpointer
parse_caller_identity (JsonObject  *response,
                       GError     **error)
{
  LwStsCallerIdentity *id = g_new0 (LwStsCallerIdentity, 1);

  id->account_id = lw_json_dup_string (response, "AccountId");
  id->arn = lw_json_dup_string (response, "Arn");
  id->identity_type = lw_json_dup_string (response, "IdentityType");
  id->principal_id = lw_json_dup_string (response, "PrincipalId");
  id->user_id = lw_json_dup_string (response, "UserId");
  id->role_id = lw_json_dup_string (response, "RoleId");
  id->request_id = lw_json_dup_string (response, "RequestId");
  if (id->account_id == NULL)
    {
      lw_sts_caller_identity_free (id);
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                           "GetCallerIdentity answered without an AccountId");
      return NULL;
    }
  return id;
}

void
lw_sts_get_caller_identity_async (LwRpcClient         *client,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_STS, "GetCallerIdentity", lw_params_new (), LW_CALL_FLAGS_NONE,
                 parse_caller_identity, (GDestroyNotify) lw_sts_caller_identity_free,
                 lw_sts_get_caller_identity_async, cancellable, callback, user_data);
}

LwStsCallerIdentity *
lw_sts_get_caller_identity_finish (LwRpcClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return lw_typed_call_finish (client, result, lw_sts_get_caller_identity_async, error);
}

void
lw_sts_fuzz_parsers (JsonObject *response)
{
  lw_sts_caller_identity_free (parse_caller_identity (response, NULL));
}

/* GetCallerIdentity takes no parameter (lw-wire.h); its answer is held to the official
 * @alicloud/sts20150401 SDK by the conformance suite. */
static const LwWireParam sts_no_params[] = { LW_WIRE_END };

const LwWireCall lw_sts_wire_calls[] = {
  { LW_PRODUCT_STS, "GetCallerIdentity", sts_no_params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, 0, FALSE },
  { 0 }
};
