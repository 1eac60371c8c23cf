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
 * seed_file NULL = the built-in demo world. */
LwSimServer *lw_sim_server_new            (const char   *profile,
                                           double        time_scale,
                                           const char   *seed_file,
                                           GError      **error);
/* Binds 127.0.0.1 only; serves on the thread-default GMainContext. port 0 = any free port. */
gboolean     lw_sim_server_listen_local   (LwSimServer  *self,
                                           guint         port,
                                           GError      **error);
const char  *lw_sim_server_get_base_url   (LwSimServer  *self);
/* keys: "access-key-id", "access-key-secret", "tidb-public-key", "tidb-private-key",
 * "region", "account-id" (also "tidb-account-id", "restricted-access-key-id",
 * "restricted-access-key-secret", "sts-access-key-id", "sts-access-key-secret",
 * "sts-security-token", "mysql-user", "mysql-password") */
const char  *lw_sim_server_lookup_demo    (LwSimServer  *self,
                                           const char   *key);
gboolean     lw_sim_server_add_faults     (LwSimServer  *self,
                                           const char   *spec,
                                           GError      **error);
void         lw_sim_server_clear_faults   (LwSimServer  *self);
/* kinds: "server-group", "server", "load-balancer", "listener", "endpoint-service",
 * "endpoint-service-user", "endpoint-connection", "tidb-connection" */
guint        lw_sim_server_count_live     (LwSimServer  *self,
                                           const char   *kind);
guint        lw_sim_server_count_created  (LwSimServer  *self,
                                           const char   *kind);
/* action NULL = all; RPC calls by action name, TiDB calls as "tidb:METHOD /path-pattern"
 * (e.g. "tidb:POST /v1beta1/clusters/{clusterId}/privateLinkConnections") or "tidb:<Operation>". */
guint        lw_sim_server_count_calls    (LwSimServer  *self,
                                           const char   *action);
JsonNode    *lw_sim_server_dump_state     (LwSimServer  *self);
/* Back to the seed world: resources, tokens, nonces, faults, call log. */
void         lw_sim_server_reset          (LwSimServer  *self);

G_END_DECLS
