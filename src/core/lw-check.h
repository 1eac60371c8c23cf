/* lw-check.h — one preflight or health-check result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LW_TYPE_CHECK (lw_check_get_type ())
G_DECLARE_FINAL_TYPE (LwCheck, lw_check, LW, CHECK, GObject)

/*
 * Properties (read-only): "id" (e.g. "dry-run-CreateLoadBalancer", "zone-overlap", "rds-status",
 * "rds-whitelist", "backend-ip"), "field" (the input it concerns: "region", "access-key", "rds-instance-id",
 * "zone-mappings", "tidb-zone-ids", "tidb-account-id", "tidb-cluster-id", "fix-whitelist", "permissions";
 * may be NULL), "ok", "message" (translated: what is wrong and how to fix it, or what was verified),
 * "repairable" (a health check that lw_health_repair_async() can fix; also a whitelist check that
 * setting fix-whitelist would fix).
 */
LwCheck    *lw_check_new            (const char *id, const char *field, gboolean ok, const char *message);
const char *lw_check_get_id         (LwCheck *self);
const char *lw_check_get_field      (LwCheck *self);
gboolean    lw_check_get_ok         (LwCheck *self);
const char *lw_check_get_message    (LwCheck *self);
gboolean    lw_check_get_repairable (LwCheck *self);
void        lw_check_set_repairable (LwCheck *self, gboolean repairable);

/* TRUE if every LwCheck in the model is ok. */
gboolean    lw_checks_all_ok        (GListModel *checks);

G_END_DECLS
