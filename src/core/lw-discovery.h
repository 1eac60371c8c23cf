/* lw-discovery.h — what the assistant's pages look up in the clouds, through the engine
 *
 * One LwDiscovery per window: it holds the engine context (credentials, TiDB Cloud key, endpoint
 * override, time scale), makes the clients, and answers lookups: the account (caller identity),
 * regions and their zones, RDS instances a page at a time, an instance's private address, a VPC's
 * vSwitches, an instance's whitelists, TiDB Cloud projects, clusters and availability zones, and
 * the read-only account check.
 *
 * Every lookup takes a GCancellable (a page cancels its lookups when it leaves or goes away; the
 * callback then runs once with LW_ENGINE_ERROR_CANCELLED, after the cloud call has ended) and
 * completes on the caller's main context. Answers are cached per context (same credentials, keys and
 * endpoint), region and query: asking again gives the cached answer without a call, until
 * LW_LOOKUP_REFRESH bypasses (and renews) it or another context is set. Failures are never cached.
 * Errors are LW_ENGINE_ERROR (lw-engine-error.h). Results are the caller's to free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-engine-context.h"
#include "lw-setup.h"

G_BEGIN_DECLS

typedef enum {
  LW_LOOKUP_NONE    = 0,
  LW_LOOKUP_REFRESH = 1 << 0,   /* ask the cloud even when a cached answer exists */
} LwLookupFlags;

/* The caller identity of the credentials (STS GetCallerIdentity). */
typedef struct {
  char *account_id;
  char *arn;
  char *identity_type;
} LwDiscIdentity;

/* A region and its zone ids (NULL-terminated). */
typedef struct {
  char  *region_id;
  char **zone_ids;
} LwDiscRegion;

/* A source as the picker lists it: an RDS instance, a PolarDB cluster or an ECS instance. For PolarDB,
 * engine = DBType ("MySQL"), engine_version = DBVersion; for ECS, engine and engine_version are NULL
 * (MySQL is the user's word), description = InstanceName; network_type is "VPC" | "Classic" for every
 * kind. */
typedef struct {
  LwSourceKind kind;
  char *db_instance_id;       /* rm-…, pc-…, i-… */
  char *description;
  char *status;               /* "Running", "Stopped", … */
  char *engine;               /* "MySQL", "PostgreSQL", … */
  char *engine_version;
  char *network_type;         /* "VPC" | "Classic" */
  char *region_id;
  char *zone_id;
  char *vpc_id;
  char *vswitch_id;
  char *private_ip;           /* ECS: the primary private IP; NULL for the other kinds */
  char **security_group_ids;  /* ECS: the instance's security groups; NULL for the other kinds */
} LwDiscInstance;

/* One page of the instance list. */
typedef struct {
  GPtrArray *instances;       /* LwDiscInstance */
  guint      page_number;
  guint      total;           /* instances in the region (TotalRecordCount) */
} LwDiscInstancePage;

/* The private (VPC) address of a source. */
typedef struct {
  char  *ip_address;
  guint  port;                /* 0 for ECS: the port MySQL listens on is the user's to say */
  char  *vpc_id;
  char  *connection_string;
  char  *endpoint_id;         /* PolarDB: the DBEndpointId of the address (Cluster endpoint, else Primary) */
  char **security_group_ids;  /* ECS: the instance's security groups */
} LwDiscAddress;

typedef struct {
  char   *vswitch_id;
  char   *zone_id;
  char   *cidr_block;
  char   *status;             /* "Available" | "Pending" */
  gint64  available_ip_count;
} LwDiscVSwitch;

/* One whitelist group of an RDS instance. */
typedef struct {
  char *name;
  char *attribute;            /* "hidden" for system groups */
  char *security_ip_list;     /* comma-separated */
} LwDiscWhitelist;

typedef struct {
  char *id;
  char *name;
} LwDiscProject;

typedef struct {
  char *cluster_id;
  char *display_name;
  char *state;                /* "ACTIVE", … */
  char *cluster_plan;         /* "ESSENTIAL", … */
  char *region_id;            /* "alicloud-cn-hangzhou" */
  char *cloud_provider;       /* "alicloud" */
  char *project_id;
} LwDiscCluster;

/* TiDB Cloud's account to whitelist and the cluster's availability zones. */
typedef struct {
  char  *account_id;
  char **az_ids;
} LwDiscTidbZones;

/* One line of the account check: one call, nothing created. */
typedef struct {
  char     *call;             /* "sts:GetCallerIdentity", "nlb:CreateListener", … */
  gboolean  dry_run;
  gboolean  ok;
  gboolean  skipped;
  char     *detail;           /* pass: what was read; skipped: why */
  char     *code;             /* failure: the service's code (NULL for a transport error) */
  char     *message;
  char     *request_id;
} LwDiscCheckLine;

void lw_disc_identity_free       (LwDiscIdentity     *self);
void lw_disc_region_free         (LwDiscRegion       *self);
void lw_disc_instance_free       (LwDiscInstance     *self);
void lw_disc_instance_page_free  (LwDiscInstancePage *self);
void lw_disc_address_free        (LwDiscAddress      *self);
void lw_disc_vswitch_free        (LwDiscVSwitch      *self);
void lw_disc_whitelist_free      (LwDiscWhitelist    *self);
void lw_disc_project_free        (LwDiscProject      *self);
void lw_disc_cluster_free        (LwDiscCluster      *self);
void lw_disc_tidb_zones_free     (LwDiscTidbZones    *self);
void lw_disc_check_line_free     (LwDiscCheckLine    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscIdentity, lw_disc_identity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscRegion, lw_disc_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscInstance, lw_disc_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscInstancePage, lw_disc_instance_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscAddress, lw_disc_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscVSwitch, lw_disc_vswitch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscWhitelist, lw_disc_whitelist_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscProject, lw_disc_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscCluster, lw_disc_cluster_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscTidbZones, lw_disc_tidb_zones_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwDiscCheckLine, lw_disc_check_line_free)

/* Why a source of any kind cannot be used (translated), or NULL when it can. */
char *lw_disc_instance_dup_problem (const LwDiscInstance *instance);

#define LW_TYPE_DISCOVERY (lw_discovery_get_type ())
G_DECLARE_FINAL_TYPE (LwDiscovery, lw_discovery, LW, DISCOVERY, GObject)

LwDiscovery *lw_discovery_new          (void);
/* The context of the next lookups. The answers of a cloud whose credentials (AccessKey, STS token; or
 * TiDB Cloud key), endpoint and time scale stay the same are kept; the others are dropped with their
 * client. Lookups already running keep their context. */
void         lw_discovery_set_context  (LwDiscovery     *self,
                                        LwEngineContext *context);
/* Forgets every cached answer. */
void         lw_discovery_clear_cache  (LwDiscovery     *self);
/* Lookups started and not yet completed (for tests and leak checks). */
guint        lw_discovery_get_pending  (LwDiscovery     *self);

/* @region: the region to ask (NULL = cn-hangzhou) for the Alibaba Cloud lookups. */
void            lw_discovery_identity_async       (LwDiscovery *self, const char *region, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
LwDiscIdentity *lw_discovery_identity_finish      (LwDiscovery *self, GAsyncResult *result, GError **error);

/* GPtrArray of LwDiscRegion, sorted by id. */
void       lw_discovery_regions_async             (LwDiscovery *self, const char *region, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_regions_finish            (LwDiscovery *self, GAsyncResult *result, GError **error);

/* One page (1-based) of every engine's instances in @region, @page_size per page (0 = 100). */
void                lw_discovery_instances_async  (LwDiscovery *self, const char *region, guint page_number, guint page_size,
                                                   LwLookupFlags flags, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
LwDiscInstancePage *lw_discovery_instances_finish (LwDiscovery *self, GAsyncResult *result, GError **error);

/* The instance's private address (ip_address NULL when it has none). */
void           lw_discovery_address_async         (LwDiscovery *self, const char *region, const char *db_instance_id,
                                                   LwLookupFlags flags, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
LwDiscAddress *lw_discovery_address_finish        (LwDiscovery *self, GAsyncResult *result, GError **error);

/* GPtrArray of LwDiscVSwitch of @vpc_id, every zone. */
void       lw_discovery_vswitches_async           (LwDiscovery *self, const char *region, const char *vpc_id,
                                                   LwLookupFlags flags, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_vswitches_finish          (LwDiscovery *self, GAsyncResult *result, GError **error);

/* GPtrArray of LwDiscWhitelist of @db_instance_id. */
void       lw_discovery_whitelists_async          (LwDiscovery *self, const char *region, const char *db_instance_id,
                                                   LwLookupFlags flags, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_whitelists_finish         (LwDiscovery *self, GAsyncResult *result, GError **error);

/* Sources of any kind (RDS: the same answers as the RDS lookups above, and the same cache).
 * One page (1-based) of @kind's sources in @region (every engine / DBType / instance), @page_size per page
 * (0 = 100; ECS takes at most 100; PolarDB's DescribeDBClusters takes only 30, 50 or 100, so its pages are
 * the next of these sizes up). */
void                lw_discovery_sources_async    (LwDiscovery *self, LwSourceKind kind, const char *region,
                                                   guint page_number, guint page_size, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                                   gpointer user_data);
LwDiscInstancePage *lw_discovery_sources_finish   (LwDiscovery *self, GAsyncResult *result, GError **error);
/* The source's private address: RDS its private connection; PolarDB the Cluster endpoint's private address
 * (endpoint_id says which); ECS the primary private IP, port 0, and its security groups. */
void           lw_discovery_source_address_async  (LwDiscovery *self, LwSourceKind kind, const char *region,
                                                   const char *source_id, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                                   gpointer user_data);
LwDiscAddress *lw_discovery_source_address_finish (LwDiscovery *self, GAsyncResult *result, GError **error);
/* Comma-separated IPv4 addresses/CIDRs the source accepts connections from on @port: RDS and PolarDB every
 * whitelist group (@port unused); ECS the accept ingress rules for TCP or ALL whose port range covers
 * @port, over all the instance's security groups. */
void           lw_discovery_source_access_async   (LwDiscovery *self, LwSourceKind kind, const char *region,
                                                   const char *source_id, guint port, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                                   gpointer user_data);
char          *lw_discovery_source_access_finish  (LwDiscovery *self, GAsyncResult *result, GError **error);

/* TiDB Cloud (the context's key): GPtrArray of LwDiscProject / LwDiscCluster (every project's). */
void       lw_discovery_tidb_projects_async       (LwDiscovery *self, LwLookupFlags flags, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_tidb_projects_finish      (LwDiscovery *self, GAsyncResult *result, GError **error);
void       lw_discovery_tidb_clusters_async       (LwDiscovery *self, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_tidb_clusters_finish      (LwDiscovery *self, GAsyncResult *result, GError **error);
/* A cluster refused by TiDB Cloud's private link API fails with LW_ENGINE_ERROR_API_REFUSED. */
void             lw_discovery_tidb_zones_async    (LwDiscovery *self, const char *cluster_id, LwLookupFlags flags,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
LwDiscTidbZones *lw_discovery_tidb_zones_finish   (LwDiscovery *self, GAsyncResult *result, GError **error);

/* The read-only account check (never cached): GPtrArray of LwDiscCheckLine in a fixed order; the
 * TiDB Cloud lines are skipped without a key. @tidb_cluster_id NULL = the key's first cluster. */
void       lw_discovery_account_check_async       (LwDiscovery *self, const char *region, const char *tidb_cluster_id,
                                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *lw_discovery_account_check_finish      (LwDiscovery *self, GAsyncResult *result, GError **error);
/* How many lines every account check completes with. */
guint      lw_discovery_account_check_n_lines     (void);

/* Checks a base URL given on the command line for every cloud call (loopback only); returns the
 * normalised URL or NULL with an LW_ENGINE_ERROR. */
char      *lw_engine_check_endpoint_override      (const char *url, GError **error);

G_END_DECLS
