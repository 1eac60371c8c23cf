/* lw-source-private.h — reading a source database of any kind (RDS, PolarDB, ECS) from the cloud
 *
 * Shared by discovery (the pages' lookups), preflight and the health check: one place that knows which
 * calls answer what for each kind and how their answers are shaped (PolarDB 2017-08-01 and ECS
 * 2014-05-26 as the pinned official SDKs model them). Every call goes through lw_rpc_client_call_async();
 * errors are the cloud library's (LW_CLOUD_ERROR), so that callers can tell a refused permission
 * from a missing resource. Not for the UI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-discovery.h"
#include "lw-engine-private.h"

G_BEGIN_DECLS

/* The cloud's typed answers (lw-polardb.h, lw-ecs.h parse them) as core's types. */
LwDiscInstance *lw_source_polardb_instance  (const LwPolardbCluster *cluster);            /* DescribeDBClusters row */
LwDiscInstance *lw_source_polardb_attribute (const LwPolardbClusterAttribute *attribute); /* DescribeDBClusterAttribute */
LwDiscInstance *lw_source_ecs_instance      (const LwEcsInstance *instance);

/* DescribeDBClusterEndpoints (LwPolardbEndpoint) → the private address of @endpoint_id, or (NULL) of the
 * Cluster endpoint, else the Primary one. ip_address NULL when none has a private address. */
LwDiscAddress  *lw_source_polardb_address  (GPtrArray *endpoints, const char *endpoint_id);
/* DescribeDBClusterAccessWhitelist (LwPolardbWhitelist) → every group's SecurityIps, comma-separated ("" when
 * none). */
char           *lw_source_polardb_access   (GPtrArray *whitelists);
/* DescribeSecurityGroupAttribute → appends to @out the SourceCidrIp of each accept ingress rule for TCP or
 * ALL whose port range covers @port. */
void            lw_source_ecs_access       (const LwEcsSecurityGroup *group, guint port, GString *out);
/* DescribeSecurityGroupAttribute → the SecurityGroupRuleId of each ingress rule with this description,
 * (optional) source CIDR and port range. */
GPtrArray      *lw_source_ecs_rule_ids     (const LwEcsSecurityGroup *group, const char *description,
                                            const char *source_cidr, const char *port_range);

/* The lookups (RDS too, with the RDS calls the engine always used):
 * - list: one page of the region's sources (LwDiscInstancePage)
 * - instance: one source by id (LwDiscInstance), G_IO_ERROR_NOT_FOUND when the cloud does not know it
 * - address: its private address (LwDiscAddress); @endpoint_id: PolarDB's chosen endpoint or NULL
 * - access: the comma-separated addresses/CIDRs it accepts connections from on @port (char *) */
void     lw_source_list_async     (LwRpcClient *rpc, LwSourceKind kind, const char *region, guint page_number,
                                   guint page_size, GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
void     lw_source_instance_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void     lw_source_address_async  (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                                   const char *endpoint_id, GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
void     lw_source_access_async   (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                                   guint port, GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
/* Each finishes with the pointer above (caller frees) or NULL and the error. */
gpointer lw_source_finish         (GAsyncResult *result, GError **error);

/* The product and action that reads / changes the source's access, for messages and RAM names. */
LwProduct   lw_source_kind_product         (LwSourceKind kind);

/* The vSwitch CIDRs of @setup that the comma-separated @allowed list does not cover, ", "-joined ("" if
 * none); coverage by lw_cidr_list_covers(). */
char       *lw_source_missing_cidrs        (LwSetup *setup, const char *allowed);

G_END_DECLS
