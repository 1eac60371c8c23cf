/* lw-sim-private.h — internals shared by the simulator's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include "lw-sim.h"

G_BEGIN_DECLS

/* The TiDB Cloud account that owns the endpoints TiDB creates (HACKING.md demo world). */
#define LW_SIM_TIDB_ACCOUNT_DEFAULT "5000000000000001"

typedef struct {
  char       *id;
  char       *secret;
  char       *account_id;
  GHashTable *forbidden;  /* action name -> itself */
  char       *security_token;  /* STS keys only */
  char       *identity_type;   /* "Account", "RAMUser" or "AssumedRoleUser" */
  char       *arn;
  char       *principal_id;
  JsonNode   *policy;          /* allow-list RAM policy (keys added with POST /_sim/keys), or NULL */
} LwSimAccessKey;

typedef enum {
  LW_SIM_FAULT_THROTTLING,
  LW_SIM_FAULT_5XX,
  LW_SIM_FAULT_DROP,
  LW_SIM_FAULT_TIMEOUT,
  LW_SIM_FAULT_BUSY,
  LW_SIM_FAULT_INCORRECT_STATUS,
  LW_SIM_FAULT_ERROR,
  LW_SIM_FAULT_CREATE_FAILED,
  LW_SIM_FAULT_API_VERSION,   /* TiDB: the v1beta1 API refused for the cluster (see README) */
} LwSimFaultKind;

typedef struct {
  char           *action;
  LwSimFaultKind  kind;
  char           *code;       /* for LW_SIM_FAULT_ERROR */
  int             remaining;  /* -1 = unlimited */
} LwSimFault;

struct _LwSimServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  GHashTable     *digest_nonces;    /* issued Digest nonces -> expiry */
  GMainContext   *context;
  char           *base_url;

  char           *profile;
  double          time_scale;
  char           *seed_file;
  char           *world;            /* built-in world name (seed_file NULL): "singapore", "hangzhou" */
  JsonNode       *seed;             /* kept for reset */

  /* the world from the seed */
  GHashTable     *access_keys;      /* id -> LwSimAccessKey */
  GHashTable     *accounts;         /* account id -> JsonObject (privatelink_open etc.) */
  JsonArray      *regions;
  JsonArray      *vpcs;
  JsonArray      *vswitches;
  GPtrArray      *rds;              /* JsonObject*, seed order */
  GHashTable     *rds_by_id;        /* id -> JsonObject* (borrowed from rds) */
  GPtrArray      *polardb;          /* JsonObject* PolarDB clusters, seed order (lw-sim-polardb.c) */
  GPtrArray      *ecs;              /* JsonObject* ECS instances, seed order (lw-sim-ecs.c) */
  GPtrArray      *security_groups;  /* JsonObject* ECS security groups, seed order */
  GPtrArray      *mysql_users;      /* JsonObject* {user, password} */
  JsonObject     *tidb;             /* the seed's "tidb" object (copy) */
  GHashTable     *tidb_keys;        /* public key -> private key */
  char           *tidb_account_id;
  GHashTable     *demo;             /* lookup_demo() keys */

  /* live state */
  GHashTable     *live;             /* kind -> GPtrArray of JsonObject* */
  GHashTable     *created;          /* kind -> GUINT_TO_POINTER (count) */
  GHashTable     *token_creations;  /* ClientToken -> GUINT_TO_POINTER (count) */
  GHashTable     *token_replies;    /* "key\naction\ntoken" -> JsonObject* (successful reply) */
  GHashTable     *jobs;             /* JobId -> status string */
  GHashTable     *nonces;           /* nonce -> expiry (gint64 boxed) */
  GPtrArray      *calls;            /* JsonObject* log entries */
  GHashTable     *call_counts;      /* action or tidb pattern/op -> count */
  GPtrArray      *faults;           /* LwSimFault* */
  GHashTable     *rate;             /* public key -> window (gint64[2] : start, count) */
  GHashTable     *sources;          /* pending GSource* */
  guint64         serial;
  gboolean        record_wire;      /* call log keeps each request's parameters and the answer */
};

typedef struct {
  LwSimServer       *sim;
  SoupServerMessage *msg;
  const char        *product;      /* "Rds", "Vpc", "Sts", "Nlb", "Privatelink" */
  char              *action;
  GHashTable        *params;       /* merged query + body, owned */
  LwSimAccessKey    *key;
  char              *request_id;
  guint              status;
  JsonObject        *reply;
  gboolean           create_failed; /* fault: CreateLoadBalancer ends in CreateFailed */
  GHashTable        *query_params;  /* as received in the query (record_wire only), owned */
  GHashTable        *body_params;   /* as received in the form body (record_wire only), owned */
} LwSimCall;

typedef void (*LwSimActionFunc) (LwSimCall *call);

typedef struct {
  const char      *name;
  const char      *required;  /* space-separated parameter names */
  LwSimActionFunc  func;
} LwSimAction;

extern const LwSimAction lw_sim_rds_actions[];
extern const LwSimAction lw_sim_vpc_actions[];
extern const LwSimAction lw_sim_sts_actions[];
extern const LwSimAction lw_sim_nlb_actions[];
extern const LwSimAction lw_sim_privatelink_actions[];
extern const LwSimAction lw_sim_polardb_actions[];
extern const LwSimAction lw_sim_ecs_actions[];

/* lw-sim-verify.c: pure signature helpers (tested against the shared vectors) */
char       *lw_sim_percent_encode         (const char   *s);
char       *lw_sim_v3_canonical_query     (GHashTable   *query);
char       *lw_sim_v3_signature           (const char   *method,
                                           const char   *pathname,
                                           GHashTable   *query,
                                           GHashTable   *headers /* lowercase name -> value */,
                                           const char   *signed_headers /* "a;b;c" */,
                                           const char   *body,
                                           gsize         body_len,
                                           const char   *secret,
                                           char        **out_string_to_sign,
                                           char        **out_canonical_request);
char       *lw_sim_v1_signature           (const char   *method,
                                           GHashTable   *params /* without Signature */,
                                           const char   *secret,
                                           char        **out_string_to_sign);
gboolean    lw_sim_parse_v3_authorization (const char   *header,
                                           char        **credential,
                                           char        **signed_headers,
                                           char        **signature);
gboolean    lw_sim_parse_timestamp        (const char   *s,
                                           gint64       *out_unix);
gboolean    lw_sim_constant_time_equal    (const char   *a,
                                           const char   *b);

/* lw-sim-strings.c: data/api-string-rules.json (issue 16). check_rpc answers the rule's error code
 * and returns FALSE on a violation; check_value returns NULL or the message of the broken rule. */
gboolean    lw_sim_strings_check_rpc      (LwSimCall    *call);
char       *lw_sim_strings_check_value    (const char   *api,
                                           const char   *action,
                                           const char   *name,
                                           const char   *value);

/* lw-sim-world.c */
gboolean    lw_sim_world_load             (LwSimServer  *sim,
                                           GError      **error);
void        lw_sim_world_clear            (LwSimServer  *sim);
GPtrArray  *lw_sim_res_list               (LwSimServer  *sim,
                                           const char   *kind);
JsonObject *lw_sim_res_add                (LwSimServer  *sim,
                                           const char   *kind,
                                           JsonObject   *obj,
                                           const char   *client_token);
JsonObject *lw_sim_res_find               (LwSimServer  *sim,
                                           const char   *kind,
                                           const char   *field,
                                           const char   *value);
void        lw_sim_res_remove             (LwSimServer  *sim,
                                           const char   *kind,
                                           JsonObject   *obj);
JsonNode   *lw_sim_public_node            (JsonObject   *obj);
char       *lw_sim_new_id                 (LwSimServer  *sim,
                                           const char   *prefix);
char       *lw_sim_job_new                (LwSimServer  *sim);
void        lw_sim_job_set                (LwSimServer  *sim,
                                           const char   *job_id,
                                           const char   *status);
JsonObject *lw_sim_find_vswitch           (LwSimServer  *sim,
                                           const char   *vswitch_id);
gboolean    lw_sim_region_exists          (LwSimServer  *sim,
                                           const char   *region_id);
gboolean    lw_sim_cidr_covers            (const char   *outer,
                                           const char   *inner);
/* @obj's array @member, created empty when it is missing or not an array. */
JsonArray  *lw_sim_array_member           (JsonObject   *obj,
                                           const char   *member);
/* A whitelist's ModifyMode (RDS ModifySecurityIps, PolarDB ModifyDBClusterAccessWhitelist) on the
 * comma-separated @current: Cover = @entries, Append = @current and the entries it lacks, Delete =
 * @current without @entries; duplicates dropped. The new entries (char *, free with the array). */
GPtrArray  *lw_sim_ip_list_apply          (const char   *current,
                                           char *const  *entries,
                                           const char   *mode);
char       *lw_sim_now_iso                (void);
void        lw_sim_reconcile              (LwSimServer  *sim);
gboolean    lw_sim_nlb_server_healthy     (LwSimServer  *sim,
                                           JsonObject   *server,
                                           const char   *vpc_id);

/* lw-sim-sources.c: the MySQL sources behind an NLB backend address (RDS instance, PolarDB
 * endpoint, ECS instance). A source is healthy for the NLB when it is Running at @ip:@port in
 * @vpc_id and accepts connections from every CIDR in @cidrs: a PolarDB whitelist covering it, an ECS
 * accept ingress rule (TCP or ALL) whose port range covers @port; RDS as before (its whitelist
 * is checked by the TiDB changefeed test, MYSQL_HOST_NOT_ALLOWED). */
typedef enum {
  LW_SIM_SOURCE_RDS,
  LW_SIM_SOURCE_POLARDB,
  LW_SIM_SOURCE_ECS,
} LwSimSourceKind;
gboolean    lw_sim_source_healthy         (LwSimServer      *sim,
                                           const char       *ip,
                                           gint64            port,
                                           const char       *vpc_id,
                                           GPtrArray        *cidrs /* const char*, may be NULL */,
                                           JsonObject      **out_obj,
                                           LwSimSourceKind  *out_kind);
/* The CIDR blocks of the vSwitches of every load balancer whose listeners use @server_group_id. */
GPtrArray  *lw_sim_nlb_group_cidrs        (LwSimServer      *sim,
                                           const char       *server_group_id);
/* lw-sim-polardb.c / lw-sim-ecs.c (world loading and the drift hook) */
JsonObject *lw_sim_polardb_find           (LwSimServer      *sim,
                                           const char       *cluster_id);
gboolean    lw_sim_polardb_accepts        (JsonObject       *cluster,
                                           const char       *cidr);
JsonObject *lw_sim_ecs_find_instance      (LwSimServer      *sim,
                                           const char       *instance_id);
gboolean    lw_sim_ecs_accepts            (LwSimServer      *sim,
                                           JsonObject       *instance,
                                           gint64            port,
                                           const char       *cidr);

/* lw-sim-profile.c */
guint       lw_sim_delay_ms               (LwSimServer  *sim,
                                           const char   *key);
gboolean    lw_sim_profile_exists         (const char   *profile);

/* lw-sim-faults.c */
GPtrArray  *lw_sim_faults_parse           (const char   *spec,
                                           GError      **error);
void        lw_sim_fault_free             (LwSimFault   *fault);
LwSimFault *lw_sim_faults_take            (LwSimServer  *sim,
                                           const char   *action,
                                           gboolean      before);

/* lw-sim.c: timers and call helpers */
typedef void (*LwSimTimerFunc) (LwSimServer *sim, gpointer data);
void        lw_sim_schedule               (LwSimServer   *sim,
                                           const char    *delay_key,
                                           LwSimTimerFunc func,
                                           gpointer       data,
                                           GDestroyNotify destroy);
/* After the profile delay: set obj[field]=value on the live resource kind/id_field=id (if still
 * live), finish the job (if any) with job_status, remove it if value is NULL, then reconcile. */
void        lw_sim_schedule_transition    (LwSimServer  *sim,
                                           const char   *delay_key,
                                           const char   *kind,
                                           const char   *id_field,
                                           const char   *id,
                                           const char   *field,
                                           const char   *value,
                                           const char   *job_id,
                                           const char   *job_status);

JsonObject *lw_sim_call_ok                (LwSimCall    *call);
void        lw_sim_call_error             (LwSimCall    *call,
                                           guint         status,
                                           const char   *code,
                                           const char   *format,
                                           ...) G_GNUC_PRINTF (4, 5);
const char *lw_sim_param                  (LwSimCall    *call,
                                           const char   *name);
const char *lw_sim_param_nth              (LwSimCall    *call,
                                           const char   *list,
                                           guint         n /* 1-based */,
                                           const char   *member /* NULL for a plain list */);
GPtrArray  *lw_sim_param_list             (LwSimCall    *call,
                                           const char   *list);
gboolean    lw_sim_param_enum             (LwSimCall    *call,
                                           const char   *name,
                                           const char   *allowed /* "a|b|c" */,
                                           const char   *fallback,
                                           const char  **out);
gboolean    lw_sim_param_int              (LwSimCall    *call,
                                           const char   *name,
                                           gint64        min,
                                           gint64        max,
                                           gint64        fallback,
                                           gint64       *out);
gboolean    lw_sim_param_bool             (LwSimCall    *call,
                                           const char   *name,
                                           gboolean      fallback,
                                           gboolean     *out);
/* NextToken/MaxResults paging: fills reply NextToken/MaxResults/TotalCount, returns the page. */
GPtrArray  *lw_sim_page_tokens            (LwSimCall    *call,
                                           GPtrArray    *items,
                                           guint         default_max,
                                           guint         max,
                                           JsonObject   *reply,
                                           gboolean      total_as_string);
/* PageNumber/PageSize paging. */
GPtrArray  *lw_sim_page_numbers           (LwSimCall    *call,
                                           GPtrArray    *items,
                                           guint         default_size,
                                           guint         max_size,
                                           guint        *page_number,
                                           guint        *page_size);
JsonArray  *lw_sim_public_array           (GPtrArray    *items);

/* lw-sim-policy.c: per-key RAM policies (allow-list) */
/* FALSE when the call's key has a policy and no Allow statement matches "<product>:<Action>" (or a
 * Deny does). STS GetCallerIdentity is always allowed. */
gboolean    lw_sim_policy_allows_call     (LwSimCall         *call);
/* POST /_sim/keys: body {"id","secret","policy","account_id"?,"ram_user"?{"name","id"}}. */
void        lw_sim_policy_admin_add_key   (LwSimServer       *sim,
                                           SoupServerMessage *msg,
                                           JsonObject        *reply,
                                           guint             *status);

/* lw-sim-tidb.c */
/* One TiDB call without a SoupServerMessage (the handler and the fuzzer); returns the status. */
guint       lw_sim_tidb_process           (LwSimServer         *sim,
                                           const char          *method,
                                           const char          *path,
                                           const char          *raw_query,
                                           SoupMessageHeaders  *request_headers,
                                           GBytes              *body,
                                           SoupMessageHeaders  *response_headers,
                                           const char          *public_key,
                                           JsonNode           **reply,
                                           char               **operation);
void        lw_sim_tidb_handle            (LwSimServer       *sim,
                                           SoupServerMessage *msg,
                                           const char        *path,
                                           const char        *public_key);
char       *lw_sim_tidb_operation         (const char        *method,
                                           const char        *path,
                                           char             **pattern);

/* lw-sim.c: shared response helpers for the TiDB side */
void        lw_sim_respond_json           (LwSimServer       *sim,
                                           SoupServerMessage *msg,
                                           guint              status,
                                           JsonNode          *body,
                                           const char        *action,
                                           gboolean           apply_after_faults);
/* Returns the new log entry (owned by the log) so that a caller may add "request"/"response"
 * members when sim->record_wire is set. */
JsonObject *lw_sim_log_call               (LwSimServer       *sim,
                                           const char        *product,
                                           const char        *action,
                                           const char        *operation,
                                           const char        *key_id,
                                           guint              status,
                                           const char        *code);

static inline JsonNode *
lw_sim_node_take (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  return node;
}

G_END_DECLS
