/* sim-test-util.h — test-only clients for the simulated cloud (independent of src/cloud/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "lw-sim.h"

G_BEGIN_DECLS

#define V_RDS "2014-08-15"
#define V_VPC "2016-04-28"
#define V_STS "2015-04-01"
#define V_NLB "2022-04-30"
#define V_PL  "2020-04-15"
#define V_POLARDB "2017-08-01"
#define V_ECS "2014-05-26"

typedef struct {
  LwSimServer *sim;
  SoupSession *session;
  char        *url;
  const char  *tidb_user;
  const char  *tidb_password;
  guint        auth_prompts;
} SimTest;

typedef struct {
  const char *key_id;      /* NULL = demo key */
  const char *secret;
  const char *date;        /* NULL = now */
  const char *nonce;       /* NULL = random */
  gboolean    in_body;     /* parameters in a form body instead of the query */
  gboolean    tamper;      /* change a byte of the signature */
  gboolean    v1;          /* old HMAC-SHA1 signature */
  const char *method;      /* NULL = POST */
  const char *security_token; /* STS token (x-acs-security-token / SecurityToken) */
  gboolean    allow_io_error; /* return NULL instead of failing on a transport error */
} SimRpcOpts;

SimTest    *sim_test_new       (const char       *profile,
                                double            time_scale,
                                const char       *seed_file);
/* A built-in world by name (NULL = the default, Singapore); sim_test_new() without a seed file is
 * the cn-hangzhou world. */
SimTest    *sim_test_new_world (const char       *profile,
                                double            time_scale,
                                const char       *world);
void        sim_test_free      (SimTest          *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimTest, sim_test_free)

/* Sends msg and iterates the main context until the answer (bounded); returns the body. */
GBytes     *sim_send           (SimTest          *t,
                                SoupMessage      *msg,
                                guint            *status,
                                GError          **error);
JsonObject *sim_rpc_full       (SimTest          *t,
                                const SimRpcOpts *opts,
                                const char       *version,
                                const char       *action,
                                guint            *status,
                                const char *const *params);
JsonObject *sim_rpc            (SimTest          *t,
                                const char       *version,
                                const char       *action,
                                guint            *status,
                                ...) G_GNUC_NULL_TERMINATED;
JsonNode   *sim_tidb           (SimTest          *t,
                                const char       *method,
                                const char       *path,
                                const char       *json_body,
                                guint            *status);
JsonObject *sim_admin          (SimTest          *t,
                                const char       *method,
                                const char       *path,
                                const char       *body,
                                guint            *status);
/* Iterates the main context until cond (bounded by a deadline); FALSE on timeout. */
gboolean    sim_iterate_until  (gboolean        (*cond) (gpointer),
                                gpointer          data,
                                guint             timeout_ms);
/* Polls a Get/List call until member == want; returns the last reply. */
JsonObject *sim_poll_until     (SimTest          *t,
                                const char       *version,
                                const char       *action,
                                const char       *id_param,
                                const char       *id,
                                const char       *path /* "Servers.0.Status" */,
                                const char       *want);
char       *sim_take_string    (JsonObject       *reply,
                                const char       *member);
const char *sim_code           (JsonObject       *reply);

/* The whole Alibaba side for rm-bp1demomysql0001: returns the endpoint service ID (and name). */
char       *sim_build_service  (SimTest          *t,
                                const char       *rds_ip,
                                char            **out_service_name,
                                char            **out_lb_id);

G_END_DECLS
