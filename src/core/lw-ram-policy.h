/* lw-ram-policy.h — the least-privilege RAM policy for Linkwright's AccessKey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lw-setup.h"

G_BEGIN_DECLS

/* How preflight proves a permission without creating anything. */
typedef enum {
  LW_RAM_PROBE_NONE,     /* not probed: see the entry's comment (consent-only call, or a dependent action) */
  LW_RAM_PROBE_DRY_RUN,  /* the call with DryRun=true (create, delete, enable, disable) */
  LW_RAM_PROBE_READ,     /* a read (placeholder IDs where it needs one: "not found" still proves the permission) */
} LwRamProbe;

typedef struct {
  const char *action;     /* RAM action, "nlb:CreateServerGroup" */
  const char *product;    /* RPC product of the call: "rds", "vpc", "nlb", "privatelink"; NULL = not called by us */
  const char *resources;  /* space-separated ARN patterns with {regionId} and {accountId}, or "*" */
  const char *condition;  /* JSON object of the statement's Condition, or NULL */
  const char *used_by;    /* what calls it: "account", "preflight", "setup", "health", "repair", "teardown", "check" */
  LwRamProbe  probe;
  const char *source;     /* the API reference page of the action (its "Authorization information" table) */
  guint       kinds;      /* the source kinds that need it: bits 1 << LwSourceKind; 0 = every kind */
} LwRamAction;

#define LW_RAM_KIND(k) (1u << (k))

/* Every entry of the policy, in a fixed order (sorted by product). */
const LwRamAction *lw_ram_policy_get_actions   (guint *n_actions);
/* TRUE when a setup of @kind needs @action (its kinds are 0 or include @kind). */
gboolean           lw_ram_action_for_kind      (const LwRamAction *action, LwSourceKind kind);
/* The entry of @action ("nlb:CreateListener"), or NULL. */
const LwRamAction *lw_ram_policy_lookup        (const char *action);
/* The RAM action of an RPC call: (LW_PRODUCT_NLB's "nlb", "CreateListener") → "nlb:CreateListener". */
char              *lw_ram_policy_action_name   (const char *product, const char *api_action);
/* RAM actions Linkwright calls that need no permission (sts:GetCallerIdentity): not in the policy. */
const char * const *lw_ram_policy_get_exempt_actions (void);

/* The policy document: {"Version":"1","Statement":[{"Effect":"Allow","Action":[…],"Resource":[…]}…]}.
 * Statements group the actions that share a resource list; region_id / account_id substitute
 * {regionId} / {accountId} (NULL or "" → "*"). @omit: RAM actions to leave out (tests), may be NULL. */
char              *lw_ram_policy_to_json_full  (const char         *region_id,
                                                const char         *account_id,
                                                const char * const *omit);
char              *lw_ram_policy_to_json       (const char         *region_id,
                                                const char         *account_id);
/* The same for the setups of one source kind only (what a key for RDS, PolarDB or ECS sources needs).
 * The two functions above cover every kind. */
char              *lw_ram_policy_to_json_for_kind (LwSourceKind        kind,
                                                   const char         *region_id,
                                                   const char         *account_id,
                                                   const char * const *omit);

G_END_DECLS
