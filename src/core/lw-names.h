/* lw-names.h — the names and descriptions Linkwright sends, and the table of rules they must meet
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules (length in characters, allowed characters, the cloud's error code, the documentation
 * they come from) live in data/api-string-rules.json, compiled into this library's GResource and,
 * separately, into the simulator's. Every generator below returns a value that satisfies every rule
 * of every parameter it is sent in; values that had to be changed (characters outside the allowed
 * set, or too long) get a stable suffix: "-" and the first 8 hex digits of the SHA-256 of the
 * original value, so two different inputs never end up with the same name.
 */
#pragma once

#include <glib.h>

/* The cloud library's parameter list (lw-params.h), opaque here: no cloud header in core's public API. */
typedef struct _LwParams LwParams;

G_BEGIN_DECLS

#define LW_NAMES_MAX_LENGTH 64 /* TiDB displayName; the NLB names allow 128 */

/* "lw-<rds instance id>-<setup id>": ServerGroupName, LoadBalancerName, ListenerDescription, the TiDB
 * connection's displayName. ASCII letters, digits and '-', starts with a letter, 2..64 characters. */
char       *lw_names_setup_name             (const char *rds_instance_id,
                                             const char *setup_id);
/* ServiceDescription of the endpoint service (letters, digits, _ and - only). */
char       *lw_names_service_description    (const char *setup_name);
/* Servers.N.Description of the RDS backend (AddServersToServerGroup). */
const char *lw_names_backend_description    (void);
/* DBInstanceIPArrayName of the optional RDS whitelist group: "lw_<setup id>". */
char       *lw_names_whitelist_group        (const char *setup_id);
/* DBClusterIPArrayName of the optional PolarDB whitelist group: "lw<setup id>". The PolarDB 2017-08-01
 * reference (ModifyDBClusterAccessWhitelist) allows only lower-case letters and digits, 2..120
 * characters, a letter first and a letter or digit last: no "_" as in RDS's group name. */
char       *lw_names_polardb_whitelist_group (const char *setup_id);
/* A tag value (Tag.N.Value) made valid. */
char       *lw_names_tag_value              (const char *value);

/* The input gate: TRUE when the RDS instance ID can be used in names (lower-case letters, digits and
 * dashes, 1..48 characters, as Alibaba Cloud's IDs are); otherwise a translated message. */
gboolean    lw_names_check_rds_instance_id  (const char *rds_instance_id,
                                             char      **message);

/* The rule table. api: "nlb", "privatelink", "rds", "tidb". parameter: the concrete name
 * ("Tag.2.Key", "Servers.1.Description"). Returns FALSE with a message naming the rule and its
 * source when value breaks a rule; TRUE when it meets it or no rule applies. */
gboolean    lw_string_rules_check           (const char *api,
                                             const char *action,
                                             const char *parameter,
                                             const char *value,
                                             char      **message);
/* Every parameter of a call, as above. */
gboolean    lw_string_rules_check_params    (const char     *api,
                                             const char     *action,
                                             const LwParams *params,
                                             char          **message);
/* Number of rules, and the (api, action, parameter, error code) of rule i (for tests). */
guint       lw_string_rules_count           (void);
void        lw_string_rules_get             (guint        i,
                                             const char **api,
                                             const char * const **actions,
                                             const char **parameter,
                                             const char **error_code);

G_END_DECLS
