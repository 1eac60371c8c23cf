/* lw-sim.h — the simulated cloud (Alibaba Cloud RDS/VPC/STS/NLB/PrivateLink + TiDB Cloud)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LW_TYPE_SIM_SERVER (lw_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (LwSimServer, lw_sim_server, LW, SIM_SERVER, GObject)

/* profile: "instant" | "demo" | "realistic"; time_scale multiplies every delay;
 * seed_file NULL = the default built-in world (LW_SIM_WORLD_DEFAULT). */
LwSimServer *lw_sim_server_new            (const char   *profile,
                                           double        time_scale,
                                           const char   *seed_file,
                                           GError      **error);
/* The built-in worlds (HACKING.md has their constants):
 *   "singapore" (the default): ap-southeast-1, like the real offering of TiDB Cloud Essential on
 *               Alibaba Cloud;
 *   "hangzhou": the cn-hangzhou world that the test suites select explicitly. */
#define LW_SIM_WORLD_DEFAULT "singapore"
#define LW_SIM_WORLD_HANGZHOU "hangzhou"
/* world NULL = LW_SIM_WORLD_DEFAULT; an unknown name is a G_IO_ERROR_INVALID_ARGUMENT. */
LwSimServer *lw_sim_server_new_world      (const char   *profile,
                                           double        time_scale,
                                           const char   *world,
                                           GError      **error);
/* NULL-terminated, static: the names lw_sim_server_new_world() accepts, the default first. */
const char * const *lw_sim_world_names    (void);
/* Binds 127.0.0.1 only; serves on the thread-default GMainContext. port 0 = any free port. */
gboolean     lw_sim_server_listen_local   (LwSimServer  *self,
                                           guint         port,
                                           GError      **error);
const char  *lw_sim_server_get_base_url   (LwSimServer  *self);
/* keys: "access-key-id", "access-key-secret", "tidb-public-key", "tidb-private-key",
 * "region", "account-id" (also "tidb-account-id", "restricted-access-key-id",
 * "restricted-access-key-secret", "sts-access-key-id", "sts-access-key-secret",
 * "sts-security-token", "mysql-user", "mysql-password", "rds-instance-id", "polardb-cluster-id",
 * "polardb-cluster-id-fix" (its whitelist lacks the VPC), "ecs-instance-id",
 * "ecs-instance-id-fix" (its security group lacks the MySQL rule)) */
const char  *lw_sim_server_lookup_demo    (LwSimServer  *self,
                                           const char   *key);
gboolean     lw_sim_server_add_faults     (LwSimServer  *self,
                                           const char   *spec,
                                           GError      **error);
void         lw_sim_server_clear_faults   (LwSimServer  *self);
/* kinds: "server-group", "server", "load-balancer", "listener", "endpoint-service",
 * "endpoint-service-user", "endpoint-connection", "tidb-connection", and the source-access changes
 * made through the API that still exist: "polardb-whitelist" (whitelist groups created by
 * ModifyDBClusterAccessWhitelist), "ecs-security-rule" (rules created by AuthorizeSecurityGroup) */
guint        lw_sim_server_count_live     (LwSimServer  *self,
                                           const char   *kind);
guint        lw_sim_server_count_created  (LwSimServer  *self,
                                           const char   *kind);
/* action NULL = all; RPC calls by action name, TiDB calls as "tidb:METHOD /path-pattern"
 * (e.g. "tidb:POST /v1beta1/clusters/{clusterId}/privateLinkConnections") or "tidb:<Operation>". */
guint        lw_sim_server_count_calls    (LwSimServer  *self,
                                           const char   *action);
JsonNode    *lw_sim_server_dump_state     (LwSimServer  *self);
/* When on, every entry of the call log (GET /_sim/calls) also holds the request as received
 * ("query" and "body": name -> value objects for RPC calls; "body": the JSON body for TiDB) and
 * the answer ("response"). For the wire-truth tests; off by default. */
void         lw_sim_server_set_record_wire (LwSimServer *self,
                                            gboolean     record);
/* A copy of the call log (what GET /_sim/calls answers). */
JsonArray   *lw_sim_server_dup_calls      (LwSimServer  *self);
/* Adds a RAM user's AccessKey whose permissions are exactly @policy_json (a RAM policy document:
 * {"Version":"1","Statement":[{"Effect":"Allow"|"Deny","Action":"nlb:*"|[…],"Resource":…}]}): every RPC
 * action no Allow statement matches (wildcards as in RAM: "nlb:*", "nlb:List*"; case-insensitive), or a
 * Deny matches, answers 403 Forbidden.RAM (DryRun too). Resources and conditions are not evaluated.
 * STS GetCallerIdentity is always allowed. @account_id NULL = the demo account. The key lasts until
 * reset. Same as POST /_sim/keys. */
gboolean     lw_sim_server_add_key_with_policy (LwSimServer *self,
                                                const char  *id,
                                                const char  *secret,
                                                const char  *policy_json,
                                                const char  *account_id,
                                                GError     **error);
/* What the user does in the TiDB Cloud console: creates a private link connection of @cluster_id to
 * the endpoint service @service_name (no API call, so no API fault applies; TiDB's endpoint then
 * asks the service for a connection). Returns the new connection's ID, or NULL with @error. */
char        *lw_sim_server_tidb_console_connect (LwSimServer  *self,
                                                 const char   *cluster_id,
                                                 const char   *service_name,
                                                 GError      **error);
/* Drift tests: moves the private IP of the source @source_id to @new_ip: an RDS instance (rm-…),
 * a PolarDB cluster (pc-…: its Cluster endpoint gets @new_ip) or an ECS instance (i-…: its primary
 * private IP). FALSE for an unknown ID. */
gboolean     lw_sim_server_move_source    (LwSimServer  *self,
                                           const char   *source_id,
                                           const char   *new_ip);
/* Back to the seed world: resources, tokens, nonces, faults, call log. */
void         lw_sim_server_reset          (LwSimServer  *self);

G_END_DECLS
