/* lw-connection-test.h — step 10: TiDB Cloud tests the path to RDS (changefeeds:test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-engine-context.h"
#include "lw-setup.h"

G_BEGIN_DECLS

/*
 * Asks TiDB Cloud to test a MySQL sink that goes through the setup's private link connection (automatic
 * mode, after DONE), logging in with a MySQL user and password typed for this test only: they are sent
 * once and never stored or logged. Completes TRUE when TiDB Cloud reached RDS and logged in. On FALSE,
 * @explanation (translated, plain words: the whitelist blocks the load balancer, wrong password, …) says
 * what to do; the GError carries TiDB Cloud's own reason and message.
 */
void     lw_connection_test_async  (LwSetup *setup, LwEngineContext *context, const char *mysql_user,
                                    const char *mysql_password, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
gboolean lw_connection_test_finish (GAsyncResult *result, char **explanation, GError **error);

G_END_DECLS
