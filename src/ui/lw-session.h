/* lw-session.h — what the assistant's pages share: the inputs typed so far, the secrets (in memory
 * only), and how to reach the clouds (the in-process simulator for --simulate) */
#pragma once

#include <gio/gio.h>

#include "lw-core.h"

G_BEGIN_DECLS

#define LW_TYPE_SESSION (lw_session_get_type ())
G_DECLARE_FINAL_TYPE (LwSession, lw_session, LW, SESSION, GObject)

/* One zone of the RDS VPC with the vSwitch the NLB would use there. */
typedef struct {
  char  *zone_id;
  char  *vswitch_id;
  char  *cidr;
  guint  free_ips;
  gboolean tidb_zone;  /* the TiDB cluster has an availability zone there */
  gboolean selected;
} LwZoneChoice;

/* What the user chose, page by page. Secrets are wiped when replaced or freed. */
typedef struct {
  /* Alibaba Cloud account */
  char     *access_key_id;
  char     *access_key_secret;      /* secret */
  char     *sts_token;              /* secret, optional */
  char     *account_id;             /* from GetCallerIdentity */
  char     *arn;
  char     *region;
  GHashTable *region_zones;         /* region id → GStrv of its zone ids (DescribeRegions) */
  gboolean  verified;               /* GetCallerIdentity succeeded for these credentials */
  gboolean  remember;
  /* TiDB Cloud */
  gboolean  tidb_automatic;
  char     *tidb_public_key;
  char     *tidb_private_key;       /* secret */
  char     *tidb_project_id;
  char     *tidb_cluster_id;
  char     *tidb_account_id;
  GStrv     tidb_zone_ids;
  /* Source database (every kind uses the rds_* fields, as LwSetup does: the source's id — rm-…,
   * pc-…, i-… —, private IP and port; for ECS the port is the one the user typed) */
  LwSourceKind source_kind;
  char     *rds_instance_id;
  char     *rds_description;
  char     *rds_zone_id;
  char     *vpc_id;
  char     *rds_ip;
  guint     rds_port;
  char     *source_endpoint_id;       /* PolarDB: the DBEndpointId of rds_ip:rds_port */
  char     *source_security_group_id; /* ECS: the security group an inbound rule would go into */
  GStrv     source_security_group_ids;/* ECS: every security group of the instance */
  /* Network */
  GPtrArray *zones;                 /* LwZoneChoice */
  gboolean  fix_whitelist;
} LwInputs;

LwSession  *lw_session_new              (gboolean     simulate,
                                         const char  *endpoint_override,
                                         const char  *sim_profile,
                                         double       time_scale,
                                         GError     **error);
/* sim_world: a built-in simulated world (lw_sim_world_names()); NULL = the default (Singapore). */
LwSession  *lw_session_new_full         (gboolean     simulate,
                                         const char  *endpoint_override,
                                         const char  *sim_profile,
                                         const char  *sim_world,
                                         double       time_scale,
                                         GError     **error);
gboolean    lw_session_get_simulate     (LwSession   *self);
const char *lw_session_get_sim_url      (LwSession   *self);
/* The base URL every cloud call goes to, or NULL for the real clouds. */
const char *lw_session_get_endpoint_override (LwSession *self);
double      lw_session_get_time_scale   (LwSession   *self);
/* A demo value of the simulated world ("access-key-id", "region", ...), or NULL. */
const char *lw_session_get_demo_value   (LwSession   *self,
                                         const char  *key);
LwInputs   *lw_session_get_inputs       (LwSession   *self);
/* Tells the pages that the inputs changed in a way that matters downstream (a new region, ...). */
void        lw_session_inputs_changed   (LwSession   *self,
                                         const char  *what);
/* Replaces a secret string, wiping the old one. */
void        lw_session_set_secret       (char       **slot,
                                         const char  *value);
void        lw_session_set_string       (char       **slot,
                                         const char  *value);

/* The lookups of the pages (lw-discovery.h), with the current inputs' context (credentials, TiDB
 * Cloud key, endpoint override, time scale): answers stay cached while those do not change. */
LwDiscovery     *lw_session_get_discovery   (LwSession  *self);
/* A new engine context from the current inputs (secrets included). */
LwEngineContext *lw_session_create_engine_context (LwSession *self);
/* A new DRAFT setup from the current inputs. */
LwSetup         *lw_session_build_setup     (LwSession  *self);
/* The setup being run or shown (Progress, Done) and its runner. */
LwSetup         *lw_session_get_setup       (LwSession  *self);
LwRunner        *lw_session_get_runner      (LwSession  *self);
void             lw_session_set_runner      (LwSession  *self,
                                             LwRunner   *runner);
/* A stored setup to resume once the credentials are entered again (NULL: a new setup). */
LwSetup         *lw_session_get_resume_setup (LwSession *self);
void             lw_session_set_resume_setup (LwSession *self,
                                              LwSetup   *setup);
/* Zone ids of the chosen region, when known. */
const char * const *lw_session_get_region_zones (LwSession *self);
/* A runner for setup: the current one if it runs the same setup, else a new one. */
LwRunner        *lw_session_dup_runner_for  (LwSession  *self,
                                             LwSetup    *setup);

LwZoneChoice *lw_zone_choice_new        (const char  *zone_id,
                                         const char  *vswitch_id,
                                         const char  *cidr,
                                         guint        free_ips);
void          lw_zone_choice_free       (LwZoneChoice *choice);

G_END_DECLS
