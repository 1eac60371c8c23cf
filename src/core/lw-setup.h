/* lw-setup.h — the setup model: inputs (never secrets), per-step records, durable state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * LwTidbMode:
 * @LW_TIDB_MODE_AUTOMATIC: Linkwright creates and accepts the TiDB Cloud connection (API keys needed).
 * @LW_TIDB_MODE_MANUAL: the user creates the connection in the TiDB Cloud console; Linkwright shows the
 *   Endpoint Service Name and accepts the request from the whitelisted account.
 */
typedef enum {
  LW_TIDB_MODE_AUTOMATIC,
  LW_TIDB_MODE_MANUAL,
} LwTidbMode;

/**
 * LwSourceKind:
 * @LW_SOURCE_KIND_RDS: ApsaraDB RDS for MySQL (the only kind before issue #15; a state file without
 *   "source_kind" is RDS).
 * @LW_SOURCE_KIND_POLARDB: PolarDB for MySQL: a cluster's private endpoint (PolarDB API 2017-08-01).
 * @LW_SOURCE_KIND_ECS: self-managed MySQL on an ECS instance (ECS API 2014-05-26), port typed by the user.
 *
 * The setup's rds_instance_id / rds_ip / rds_port hold the source's id (rm-…, pc-…, i-…), private IP and
 * port for every kind.
 */
typedef enum {
  LW_SOURCE_KIND_RDS,
  LW_SOURCE_KIND_POLARDB,
  LW_SOURCE_KIND_ECS,
} LwSourceKind;

/**
 * LwSetupState:
 * Overall state of a setup, persisted with it.
 */
typedef enum {
  LW_SETUP_STATE_DRAFT,
  LW_SETUP_STATE_RUNNING,
  LW_SETUP_STATE_WAITING_FOR_USER, /* manual mode: waiting for the endpoint connection request */
  LW_SETUP_STATE_DONE,
  LW_SETUP_STATE_FAILED,
  LW_SETUP_STATE_CANCELLED,
  LW_SETUP_STATE_ROLLING_BACK,
  LW_SETUP_STATE_ROLLED_BACK,
} LwSetupState;

GType lw_source_kind_get_type (void) G_GNUC_CONST;
GType lw_tidb_mode_get_type (void) G_GNUC_CONST;
GType lw_setup_state_get_type (void) G_GNUC_CONST;
#define LW_TYPE_SOURCE_KIND (lw_source_kind_get_type ())
#define LW_TYPE_TIDB_MODE   (lw_tidb_mode_get_type ())
#define LW_TYPE_SETUP_STATE (lw_setup_state_get_type ())

/* "rds" | "polardb" | "ecs" (the state file's "source_kind"); from_string FALSE for anything else. */
const char   *lw_source_kind_to_string   (LwSourceKind kind);
gboolean      lw_source_kind_from_string (const char *nick, LwSourceKind *kind);
/* Translated: "RDS for MySQL" | "PolarDB for MySQL" | "MySQL on ECS". */
const char   *lw_source_kind_get_label   (LwSourceKind kind);

/* Untranslated nick ("draft", "running", ...) and a translated label for the UI. */
const char *lw_setup_state_to_string (LwSetupState state);
const char *lw_setup_state_get_label (LwSetupState state);

/**
 * LwZoneMapping:
 * One NLB zone: the zone and the vSwitch (in the RDS VPC) the NLB gets an address in, with the vSwitch's
 * CIDR (used by the RDS whitelist check and fix).
 */
typedef struct {
  char *zone_id;
  char *vswitch_id;
  char *cidr;
} LwZoneMapping;

#define LW_TYPE_ZONE_MAPPING (lw_zone_mapping_get_type ())
GType          lw_zone_mapping_get_type (void) G_GNUC_CONST;
LwZoneMapping *lw_zone_mapping_new      (const char *zone_id, const char *vswitch_id, const char *cidr);
LwZoneMapping *lw_zone_mapping_copy     (const LwZoneMapping *mapping);
void           lw_zone_mapping_free     (LwZoneMapping *mapping);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwZoneMapping, lw_zone_mapping_free)

/**
 * Step identifiers (the plan of product.md §3). These strings are also the keys in the state file and the
 * ids of the #LwStep objects, and the keys of lw_setup_get_resource_id().
 */
#define LW_STEP_RDS_WHITELIST    "rds-whitelist"    /* opt-in ModifySecurityIps (fix_whitelist) */
/* PolarDB source, opt-in (fix_whitelist): ModifyDBClusterAccessWhitelist adds the group lw_<setup-id> with
 * the vSwitch CIDRs; removed on rollback. Resource id = the group name. */
#define LW_STEP_POLARDB_WHITELIST "polardb-whitelist"
/* ECS source, opt-in (fix_whitelist): AuthorizeSecurityGroup, one ingress rule per vSwitch CIDR on the
 * port; resource id = the SecurityGroupRuleId(s), comma-separated; revoked on rollback. */
#define LW_STEP_ECS_SECURITY_RULE "ecs-security-rule"
#define LW_STEP_SERVER_GROUP     "server-group"     /* resource id sgp-… */
#define LW_STEP_BACKEND          "backend"          /* resource id = RDS IP:port */
#define LW_STEP_LOAD_BALANCER    "load-balancer"    /* nlb-… */
#define LW_STEP_LISTENER         "listener"         /* lsn-… */
#define LW_STEP_ENDPOINT_SERVICE "endpoint-service" /* epsrv-… */
#define LW_STEP_SERVICE_USER     "service-user"     /* the whitelisted TiDB account ID */
#define LW_STEP_TIDB_CONNECTION  "tidb-connection"  /* plc-… (automatic mode only) */
#define LW_STEP_ACCEPT           "accept"           /* ep-… (the accepted endpoint) */
#define LW_STEP_TIDB_ACTIVE      "tidb-active"      /* automatic mode only */

#define LW_TYPE_SETUP (lw_setup_get_type ())
G_DECLARE_FINAL_TYPE (LwSetup, lw_setup, LW, SETUP, GObject)

/* A new DRAFT setup with a fresh short random id (8 hex digits). Nothing is written until lw_setup_save(). */
LwSetup      *lw_setup_new                  (void);

const char   *lw_setup_get_id               (LwSetup *self);
LwSetupState  lw_setup_get_state            (LwSetup *self);
void          lw_setup_set_state            (LwSetup *self, LwSetupState state);
/* Wall-clock creation / last change (GLib real time, µs since the epoch). */
gint64        lw_setup_get_created          (LwSetup *self);
gint64        lw_setup_get_updated          (LwSetup *self);

/* Inputs (properties of the same names, with notify). Setting inputs is only meaningful in DRAFT. */
LwSourceKind  lw_setup_get_source_kind      (LwSetup *self);
void          lw_setup_set_source_kind      (LwSetup *self, LwSourceKind kind);
const char   *lw_setup_get_region           (LwSetup *self);
void          lw_setup_set_region           (LwSetup *self, const char *region);
const char   *lw_setup_get_rds_instance_id  (LwSetup *self);
void          lw_setup_set_rds_instance_id  (LwSetup *self, const char *rds_instance_id);
const char   *lw_setup_get_rds_ip           (LwSetup *self);
void          lw_setup_set_rds_ip           (LwSetup *self, const char *rds_ip);
guint         lw_setup_get_rds_port         (LwSetup *self);
void          lw_setup_set_rds_port         (LwSetup *self, guint rds_port);
/* PolarDB: the DBEndpointId whose private address is rds_ip:rds_port (NULL for other kinds). */
const char   *lw_setup_get_source_endpoint_id (LwSetup *self);
void          lw_setup_set_source_endpoint_id (LwSetup *self, const char *endpoint_id);
/* ECS: the security group the inbound rule goes into (NULL for other kinds). */
const char   *lw_setup_get_source_security_group_id (LwSetup *self);
void          lw_setup_set_source_security_group_id (LwSetup *self, const char *security_group_id);
const char   *lw_setup_get_vpc_id           (LwSetup *self);
void          lw_setup_set_vpc_id           (LwSetup *self, const char *vpc_id);
/* Element type LwZoneMapping; the returned array is owned by the setup. set copies. */
GPtrArray    *lw_setup_get_zone_mappings    (LwSetup *self);
void          lw_setup_set_zone_mappings    (LwSetup *self, GPtrArray *mappings);
void          lw_setup_add_zone_mapping     (LwSetup *self, const char *zone_id, const char *vswitch_id,
                                             const char *cidr);
LwTidbMode    lw_setup_get_tidb_mode        (LwSetup *self);
void          lw_setup_set_tidb_mode        (LwSetup *self, LwTidbMode mode);
const char   *lw_setup_get_tidb_account_id  (LwSetup *self);
void          lw_setup_set_tidb_account_id  (LwSetup *self, const char *account_id);
const char * const *lw_setup_get_tidb_zone_ids (LwSetup *self);
void          lw_setup_set_tidb_zone_ids    (LwSetup *self, const char * const *zone_ids);
const char   *lw_setup_get_tidb_project_id  (LwSetup *self);
void          lw_setup_set_tidb_project_id  (LwSetup *self, const char *project_id);
const char   *lw_setup_get_tidb_cluster_id  (LwSetup *self);
void          lw_setup_set_tidb_cluster_id  (LwSetup *self, const char *cluster_id);
/* Set when an automatic setup switched to manual mode because TiDB Cloud refused its private link
 * API for the cluster (the cloud's answer, for the user); NULL otherwise. Persisted. */
const char   *lw_setup_get_tidb_fallback_reason (LwSetup *self);
void          lw_setup_set_tidb_fallback_reason (LwSetup *self, const char *reason);
/* Opt-in fix of the source's access: RDS / PolarDB whitelist group; for ECS "add the inbound security
 * group rule". */
gboolean      lw_setup_get_fix_whitelist    (LwSetup *self);
void          lw_setup_set_fix_whitelist    (LwSetup *self, gboolean fix_whitelist);

/* The plan step that opens the source to the NLB for the setup's kind (LW_STEP_RDS_WHITELIST,
 * LW_STEP_POLARDB_WHITELIST, LW_STEP_ECS_SECURITY_RULE). */
const char   *lw_setup_get_access_step_id   (LwSetup *self);

/* Resource name for every resource: "lw-<rds-instance-id>-<setup-id>". */
char         *lw_setup_dup_name             (LwSetup *self);
/* Listener port (= the RDS port; what TiDB should use in its sink). */
guint         lw_setup_get_listener_port    (LwSetup *self);

/* Results, by step id (LW_STEP_*); NULL until known. */
const char   *lw_setup_get_resource_id      (LwSetup *self, const char *step_id);
const char   *lw_setup_get_service_name     (LwSetup *self); /* com.aliyuncs.privatelink.<region>.epsrv-… */
const char   *lw_setup_get_nlb_dns_name     (LwSetup *self);
/* Convenience accessors for the Done page. */
const char   *lw_setup_get_server_group_id  (LwSetup *self);
const char   *lw_setup_get_load_balancer_id (LwSetup *self);
const char   *lw_setup_get_listener_id      (LwSetup *self);
const char   *lw_setup_get_service_id       (LwSetup *self);
const char   *lw_setup_get_tidb_connection_id (LwSetup *self);
const char   *lw_setup_get_endpoint_id      (LwSetup *self);

/* Per-step durable record (used by the runner; read-only for the UI). */
typedef enum {
  LW_STEP_RECORD_NONE,      /* nothing sent */
  LW_STEP_RECORD_REQUESTED, /* ClientToken persisted, create may be in flight */
  LW_STEP_RECORD_CREATED,   /* resource ID persisted, may still be provisioning */
  LW_STEP_RECORD_DONE,      /* waited until ready */
  LW_STEP_RECORD_DELETED,   /* rolled back */
} LwStepRecord;

LwStepRecord  lw_setup_get_step_record      (LwSetup *self, const char *step_id);
void          lw_setup_set_step_record      (LwSetup *self, const char *step_id, LwStepRecord record);
/* Returns the step's ClientToken, creating (not saving) one if there is none yet. */
const char   *lw_setup_ensure_client_token  (LwSetup *self, const char *step_id);
const char   *lw_setup_get_client_token     (LwSetup *self, const char *step_id);
void          lw_setup_set_resource_id      (LwSetup *self, const char *step_id, const char *resource_id);
void          lw_setup_set_service_name     (LwSetup *self, const char *service_name);
void          lw_setup_set_nlb_dns_name     (LwSetup *self, const char *dns_name);
/* Last error of a step (code and message as the cloud gave them), persisted for the Manage page. */
const char   *lw_setup_get_step_error       (LwSetup *self, const char *step_id);
void          lw_setup_set_step_error       (LwSetup *self, const char *step_id, const char *error_text);

/* JSON (no secrets ever). */
char         *lw_setup_to_json              (LwSetup *self);
LwSetup      *lw_setup_new_from_json        (const char *json, GError **error);

/* Durable state under $XDG_DATA_HOME/linkwright/setups/ (g_get_user_data_dir()). */
char         *lw_setup_store_get_dir        (void);
char         *lw_setup_store_get_path       (const char *setup_id);
/* Atomic: temp file, fsync, rename. Creates the directory (0700). Blocks on the disk (fsync): for tests,
 * the CLI and one-off saves; the runner uses lw_setup_save_async(). */
gboolean      lw_setup_save                 (LwSetup *self, GError **error);
/* The same off the calling thread: the JSON snapshot is taken now, written by a per-setup worker thread.
 * Saves of one setup are written in order and never overtaken (a newer snapshot already on disk makes
 * an older one's write a no-op; queued snapshots are coalesced into the newest). The callback runs, in
 * the caller's thread-default main context, only once this snapshot or a newer one is durable (or the
 * write failed). @callback may be NULL (fire and forget, still ordered). @cancellable is ignored: a
 * queued save is always carried out. */
void          lw_setup_save_async           (LwSetup *self, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean      lw_setup_save_finish          (LwSetup *self, GAsyncResult *result, GError **error);
LwSetup      *lw_setup_store_load           (const char *setup_id, GError **error);
/* Every readable setup, newest first (element type LwSetup). Unreadable files are skipped with a g_debug. */
GPtrArray    *lw_setup_store_list           (GError **error);
gboolean      lw_setup_store_delete         (const char *setup_id, GError **error);

G_END_DECLS
