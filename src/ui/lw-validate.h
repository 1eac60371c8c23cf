/* lw-validate.h — the input rules of the assistant's forms, as pure functions
 *
 * Each returns TRUE when the value is acceptable; otherwise FALSE and, if message is not NULL, a
 * translated sentence saying what is wrong and how to fix it (free with g_free).
 */
#pragma once

#include <glib.h>

#include "lw-cidr.h"   /* lw_cidr_list_covers(): whether a whitelist lets a vSwitch in */

G_BEGIN_DECLS

gboolean lw_validate_access_key_id     (const char         *value,
                                        char              **message);
gboolean lw_validate_access_key_secret (const char         *value,
                                        char              **message);
/* Optional: empty is fine. */
gboolean lw_validate_sts_token         (const char         *value,
                                        char              **message);
gboolean lw_validate_region            (const char         *value,
                                        char              **message);
gboolean lw_validate_tidb_public_key   (const char         *value,
                                        char              **message);
gboolean lw_validate_tidb_private_key  (const char         *value,
                                        char              **message);
/* An Alibaba Cloud account ID (UID): 16 digits. */
gboolean lw_validate_account_id        (const char         *value,
                                        char              **message);
/* A comma- or space-separated list of zone IDs, each one of known_zones (when known_zones is not
 * NULL). On success *zones_out (if not NULL) gets the parsed, deduplicated list. */
gboolean lw_validate_zone_list         (const char         *value,
                                        const char * const *known_zones,
                                        GStrv              *zones_out,
                                        char              **message);
gboolean lw_validate_port              (const char         *value,
                                        guint              *port_out,
                                        char              **message);
/* NLB needs two zones, and at least one must be one of TiDB's (the document requires overlap). */
gboolean lw_validate_zone_selection    (const char * const *selected_zones,
                                        const char * const *tidb_zones,
                                        char              **message);
gboolean lw_validate_mysql_user        (const char         *value,
                                        char              **message);
/* An RDS instance ID as it goes into every name Linkwright sends (src/core/lw-names.c). */
gboolean lw_validate_rds_instance_id   (const char         *value,
                                        char              **message);

G_END_DECLS
