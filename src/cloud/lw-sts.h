/* lw-sts.h: STS 2015-04-01
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

typedef struct {
  char *account_id;
  char *arn;
  char *identity_type;
  char *principal_id;
  char *user_id;
  char *role_id;
  char *request_id;
} LwStsCallerIdentity;

void                 lw_sts_caller_identity_free      (LwStsCallerIdentity *self);

void                 lw_sts_get_caller_identity_async (LwRpcClient         *client,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
LwStsCallerIdentity *lw_sts_get_caller_identity_finish(LwRpcClient         *client,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwStsCallerIdentity, lw_sts_caller_identity_free)

G_END_DECLS
