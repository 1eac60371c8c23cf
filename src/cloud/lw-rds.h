/* lw-rds.h: RDS 2014-08-15
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

/* One row per zone, as DescribeRegions answers. */
typedef struct {
  char *region_id;
  char *zone_id;
  char *local_name;
  char *zone_name;
  char *region_endpoint;
} LwRdsRegion;

/* From DescribeDBInstances (list) or DescribeDBInstanceAttribute (port, security_ip_list set). */
typedef struct {
  char *db_instance_id;
  char *description;
  char *status;               /* DBInstanceStatus, e.g. "Running" */
  char *engine;               /* "MySQL", "PostgreSQL", … */
  char *engine_version;
  char *network_type;         /* InstanceNetworkType: "VPC" | "Classic" */
  char *db_instance_type;     /* "Primary" | "Readonly" | … */
  char *region_id;
  char *zone_id;
  char *vpc_id;
  char *vswitch_id;
  char *connection_string;
  char *lock_mode;
  char *security_ip_list;     /* attribute only */
  guint port;                 /* attribute only (the API sends a string), 0 if unknown */
} LwRdsInstance;

typedef struct {
  GPtrArray *instances;       /* LwRdsInstance */
  guint      page_number;
  guint      page_record_count;
  guint      total_record_count;
  char      *request_id;
} LwRdsInstancePage;

typedef struct {
  char *connection_string;
  char *connection_string_type;  /* "Normal" | "ReadWriteSplitting" */
  char *ip_address;
  char *ip_type;                 /* "Private" | "Public" | "Inner" */
  guint port;                    /* parsed from the string Port */
  char *vpc_id;                  /* from VPCId */
  char *vswitch_id;
} LwRdsNetInfoEntry;

typedef struct {
  char      *instance_network_type;
  GPtrArray *entries;            /* LwRdsNetInfoEntry */
  char      *request_id;
} LwRdsNetInfo;

typedef struct {
  char *name;                    /* DBInstanceIPArrayName */
  char *attribute;               /* "hidden" for system groups */
  char *security_ip_list;        /* comma-separated */
  char *security_ip_type;
  char *whitelist_network_type;
} LwRdsIpArray;

typedef struct {
  const char *engine;            /* e.g. "MySQL"; NULL = all engines */
  const char *status;            /* DBInstanceStatus filter, NULL = any */
  const char *vpc_id;            /* NULL = any */
  const char *search_key;        /* NULL = none */
  guint       page_size;         /* 0 = 100 */
} LwRdsInstanceQuery;

void               lw_rds_region_free                 (LwRdsRegion       *self);
void               lw_rds_instance_free               (LwRdsInstance     *self);
void               lw_rds_instance_page_free          (LwRdsInstancePage *self);
void               lw_rds_net_info_entry_free         (LwRdsNetInfoEntry *self);
void               lw_rds_net_info_free               (LwRdsNetInfo      *self);
void               lw_rds_ip_array_free               (LwRdsIpArray      *self);

/* The entry with IPType "Private" and ConnectionStringType "Normal" (or NULL). */
const LwRdsNetInfoEntry *lw_rds_net_info_find_private (const LwRdsNetInfo *self);

/* DescribeRegions → GPtrArray of LwRdsRegion. */
void               lw_rds_describe_regions_async      (LwRpcClient         *client,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray         *lw_rds_describe_regions_finish     (LwRpcClient         *client,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* DescribeDBInstances, one page (1-based @page_number) — for the picker. */
void               lw_rds_describe_db_instances_async (LwRpcClient              *client,
                                                       const LwRdsInstanceQuery *query,
                                                       guint                     page_number,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
LwRdsInstancePage *lw_rds_describe_db_instances_finish(LwRpcClient              *client,
                                                       GAsyncResult             *result,
                                                       GError                  **error);

/* DescribeDBInstances, every page (bounded by a hard page cap) → GPtrArray of LwRdsInstance. */
void               lw_rds_describe_all_db_instances_async (LwRpcClient              *client,
                                                           const LwRdsInstanceQuery *query,
                                                           GCancellable             *cancellable,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
GPtrArray         *lw_rds_describe_all_db_instances_finish(LwRpcClient              *client,
                                                           GAsyncResult             *result,
                                                           GError                  **error);

/* DescribeDBInstanceAttribute → LwRdsInstance (with port and security_ip_list). */
void               lw_rds_describe_db_instance_attribute_async (LwRpcClient         *client,
                                                                const char          *db_instance_id,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
LwRdsInstance     *lw_rds_describe_db_instance_attribute_finish(LwRpcClient         *client,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* DescribeDBInstanceNetInfo. */
void               lw_rds_describe_db_instance_net_info_async (LwRpcClient         *client,
                                                               const char          *db_instance_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
LwRdsNetInfo      *lw_rds_describe_db_instance_net_info_finish(LwRpcClient         *client,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* DescribeDBInstanceIPArrayList → GPtrArray of LwRdsIpArray. */
void               lw_rds_describe_db_instance_ip_array_list_async (LwRpcClient         *client,
                                                                    const char          *db_instance_id,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
GPtrArray         *lw_rds_describe_db_instance_ip_array_list_finish(LwRpcClient         *client,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

/* ModifySecurityIps: @security_ips comma-separated, @modify_mode "Cover" | "Append" | "Delete"
 * (NULL = Cover), @group_name the DBInstanceIPArrayName (NULL = default group). */
void               lw_rds_modify_security_ips_async   (LwRpcClient         *client,
                                                       const char          *db_instance_id,
                                                       const char          *group_name,
                                                       const char          *security_ips,
                                                       const char          *modify_mode,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           lw_rds_modify_security_ips_finish  (LwRpcClient         *client,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwRdsRegion, lw_rds_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwRdsInstance, lw_rds_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwRdsInstancePage, lw_rds_instance_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwRdsNetInfo, lw_rds_net_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwRdsIpArray, lw_rds_ip_array_free)

G_END_DECLS
