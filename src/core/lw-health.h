/* lw-health.h — is a finished setup still working, and the RDS-IP drift repair
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
 * Checks: "backend-ip" (RDS private IP still equals the backend; repairable), "backend-healthy",
 * "listener-running", "endpoint-connected", "tidb-active" (automatic mode with TiDB keys).
 * Completes with a GListModel of LwCheck.
 */
void        lw_health_check_async   (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
GListModel *lw_health_check_finish  (GAsyncResult *result, GError **error);

/* Swaps the backend to the RDS instance's current private IP/port (add new, wait, remove old), updates
 * and saves the setup. */
void        lw_health_repair_async  (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean    lw_health_repair_finish (GAsyncResult *result, GError **error);

G_END_DECLS
