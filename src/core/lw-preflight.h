/* lw-preflight.h — everything checked before anything billable exists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-check.h"
#include "lw-engine-context.h"
#include "lw-setup.h"

G_BEGIN_DECLS

/*
 * Checks, without creating anything: PrivateLink activated, DryRun of every create call (missing RAM
 * permission), zone overlap with TiDB's zones, NLB two-zone minimum, the RDS instance (Running, VPC network,
 * MySQL, in the setup's VPC), the RDS whitelist covering the chosen vSwitch CIDRs (failure is "repairable"
 * by setting fix-whitelist), in automatic mode the TiDB cluster (ACTIVE, Alibaba Cloud, same region) and
 * its account/zones. Completes with a GListModel of LwCheck (all of them, ok or not); GError only when the
 * checks could not run at all (cancelled, endpoint refused). When an offline check
 * (lw_preflight_check_inputs()) fails, completes with the offline checks alone and sends no request.
 */
void        lw_preflight_run_async  (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
GListModel *lw_preflight_run_finish (GAsyncResult *result, GError **error);

/* Activates PrivateLink for the account (OpenPrivateLinkService). Only call it after the user agreed
 * (the "privatelink-open" check failed and the user pressed the button offering it). */
void        lw_preflight_open_privatelink_async  (LwSetup *setup, LwEngineContext *context,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean    lw_preflight_open_privatelink_finish (GAsyncResult *result, GError **error);

/* Offline input checks only (no calls): the same LwCheck ids/fields as above for what can be known
 * from the inputs alone. */
GListModel *lw_preflight_check_inputs (LwSetup *setup);

G_END_DECLS
