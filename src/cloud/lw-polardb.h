/* lw-polardb.h: PolarDB 2017-08-01 (PolarDB for MySQL clusters as a source)
 *
 * Typed calls over the described actions of lw-polardb.c. Every parameter goes in the POST form
 * body (as the pinned official SDK sends it); the per-cluster calls take no RegionId.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

/* One row of DescribeDBClusters. */
typedef struct {
  char *db_cluster_id;
  char *description;          /* DBClusterDescription */
  char *status;               /* DBClusterStatus, e.g. "Running" */
  char *db_type;              /* "MySQL" | "PostgreSQL" | "Oracle" */
  char *db_version;           /* "8.0", "5.7", … */
  char *network_type;         /* DBClusterNetworkType: "VPC" | "Classic" */
  char *region_id;
  char *zone_id;
  char *vpc_id;
  char *engine;               /* "POLARDB" */
  char *lock_mode;
  char *pay_type;
} LwPolardbCluster;

typedef struct {
  GPtrArray *clusters;        /* LwPolardbCluster */
  guint      page_number;
  guint      page_record_count;
  guint      total_record_count;
  char      *request_id;
} LwPolardbClusterPage;

/* DescribeDBClusterAttribute (the fields Linkwright needs). */
typedef struct {
  char *db_cluster_id;
  char *description;
  char *status;
  char *db_type;
  char *db_version;
  char *network_type;
  char *region_id;
  char *zone_ids;             /* ZoneIds: comma-separated, primary zone first */
  char *vpc_id;               /* VPCId */
  char *vswitch_id;           /* VSwitchId */
  char *request_id;
} LwPolardbClusterAttribute;

typedef struct {
  char *connection_string;
  char *ip_address;           /* IPAddress */
  char *net_type;             /* "Private" | "Public" */
  guint port;                 /* the API sends a string; 0 if unknown */
  char *vpc_id;               /* VPCId */
  char *vswitch_id;
} LwPolardbAddress;

typedef struct {
  char      *db_endpoint_id;
  char      *endpoint_type;   /* "Cluster" | "Primary" | "Custom" */
  char      *read_write_mode;
  char      *nodes;
  GPtrArray *addresses;       /* LwPolardbAddress */
} LwPolardbEndpoint;

typedef struct {
  char *name;                 /* DBClusterIPArrayName */
  char *attribute;            /* DBClusterIPArrayAttribute ("hidden" for system groups) */
  char *security_ips;         /* comma-separated */
} LwPolardbWhitelist;

typedef struct {
  const char *db_type;        /* e.g. "MySQL"; NULL = any */
  const char *status;         /* DBClusterStatus; NULL = any */
  const char *cluster_ids;    /* comma-separated DBClusterIds; NULL = all */
  const char *description;    /* DBClusterDescription (fuzzy); NULL = none */
  guint       page_size;      /* 30, 50 or 100 (the only values the API takes); 0 = 100 */
} LwPolardbClusterQuery;

void lw_polardb_cluster_free            (LwPolardbCluster          *self);
void lw_polardb_cluster_page_free       (LwPolardbClusterPage      *self);
void lw_polardb_cluster_attribute_free  (LwPolardbClusterAttribute *self);
void lw_polardb_address_free            (LwPolardbAddress          *self);
void lw_polardb_endpoint_free           (LwPolardbEndpoint         *self);
void lw_polardb_whitelist_free          (LwPolardbWhitelist        *self);

/* The endpoint's address with NetType "Private" (or NULL). */
const LwPolardbAddress *lw_polardb_endpoint_find_private (const LwPolardbEndpoint *self);
/* The first endpoint of @endpoints (LwPolardbEndpoint) of @endpoint_type ("Cluster"), or NULL. */
const LwPolardbEndpoint *lw_polardb_endpoints_find_type  (GPtrArray               *endpoints,
                                                          const char              *endpoint_type);

/* DescribeDBClusters, one page (1-based @page_number) of the client's region. */
void                  lw_polardb_describe_db_clusters_async      (LwRpcClient                 *client,
                                                                  const LwPolardbClusterQuery *query,
                                                                  guint                        page_number,
                                                                  GCancellable                *cancellable,
                                                                  GAsyncReadyCallback          callback,
                                                                  gpointer                     user_data);
LwPolardbClusterPage *lw_polardb_describe_db_clusters_finish     (LwRpcClient                 *client,
                                                                  GAsyncResult                *result,
                                                                  GError                     **error);

/* DescribeDBClusters, every page (bounded by the hard page cap) → GPtrArray of LwPolardbCluster. */
void                  lw_polardb_describe_all_db_clusters_async  (LwRpcClient                 *client,
                                                                  const LwPolardbClusterQuery *query,
                                                                  GCancellable                *cancellable,
                                                                  GAsyncReadyCallback          callback,
                                                                  gpointer                     user_data);
GPtrArray            *lw_polardb_describe_all_db_clusters_finish (LwRpcClient                 *client,
                                                                  GAsyncResult                *result,
                                                                  GError                     **error);

/* DescribeDBClusterAttribute. */
void                       lw_polardb_describe_db_cluster_attribute_async  (LwRpcClient         *client,
                                                                            const char          *db_cluster_id,
                                                                            GCancellable        *cancellable,
                                                                            GAsyncReadyCallback  callback,
                                                                            gpointer             user_data);
LwPolardbClusterAttribute *lw_polardb_describe_db_cluster_attribute_finish (LwRpcClient         *client,
                                                                            GAsyncResult        *result,
                                                                            GError             **error);

/* DescribeDBClusterEndpoints (@db_endpoint_id NULL = all) → GPtrArray of LwPolardbEndpoint. */
void       lw_polardb_describe_db_cluster_endpoints_async  (LwRpcClient         *client,
                                                            const char          *db_cluster_id,
                                                            const char          *db_endpoint_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray *lw_polardb_describe_db_cluster_endpoints_finish (LwRpcClient         *client,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* DescribeDBClusterAccessWhitelist → GPtrArray of LwPolardbWhitelist (the IP groups). */
void       lw_polardb_describe_db_cluster_access_whitelist_async  (LwRpcClient         *client,
                                                                   const char          *db_cluster_id,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
GPtrArray *lw_polardb_describe_db_cluster_access_whitelist_finish (LwRpcClient         *client,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);

/* ModifyDBClusterAccessWhitelist (WhiteListType IP): @security_ips comma-separated IPv4
 * addresses/CIDR blocks, @modify_mode "Cover" | "Append" | "Delete" (NULL = Cover), @group_name the
 * DBClusterIPArrayName (NULL = "default"; 2-120 lowercase letters and digits, starting with a
 * letter: no "_"). A new name creates the group; deleting all of a group's entries removes it. */
void     lw_polardb_modify_db_cluster_access_whitelist_async  (LwRpcClient         *client,
                                                               const char          *db_cluster_id,
                                                               const char          *group_name,
                                                               const char          *security_ips,
                                                               const char          *modify_mode,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean lw_polardb_modify_db_cluster_access_whitelist_finish (LwRpcClient         *client,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbCluster, lw_polardb_cluster_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbClusterPage, lw_polardb_cluster_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbClusterAttribute, lw_polardb_cluster_attribute_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbAddress, lw_polardb_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbEndpoint, lw_polardb_endpoint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPolardbWhitelist, lw_polardb_whitelist_free)

G_END_DECLS
