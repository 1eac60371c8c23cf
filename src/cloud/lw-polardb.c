/* lw-polardb.c: PolarDB 2017-08-01 (PolarDB for MySQL clusters as a source)
 *
 * The request side of every PolarDB action Linkwright sends, as data (lw-wire.h), from the pinned
 * official SDK @alicloud/polardb20170801 (tests/conformance/package.json): that SDK sends every
 * parameter in a POST form body through @alicloud/rpc-client (lw_product_params_in_body()), and
 * its DescribeDBClusterEndpoints / DescribeDBClusterAccessWhitelist / ModifyDBClusterAccessWhitelist
 * requests take no RegionId (the host is regional or central per its endpoint map).
 *
 * Answers are parsed by the structs described below: the fields the typed calls read are declared
 * there, and tests/core/test-wire-alibaba.c holds them (and the requests) to the official model
 * (tests/data/alibaba-official-models-polardb-ecs.json, generated from the pinned SDK).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-polardb"

#include "lw-cloud-private.h"
#include "lw-polardb.h"
#include "lw-wire.h"

/* Requests */

static const LwWireParam polardb_list_params[] = {
  LW_P_STR ("RegionId", BODY), LW_P_STR ("DBClusterIds", BODY), LW_P_STR ("DBClusterDescription", BODY),
  LW_P_STR ("DBClusterStatus", BODY), LW_P_STR ("DBType", BODY), LW_P_NUM ("PageSize", BODY),
  LW_P_NUM ("PageNumber", BODY), LW_WIRE_END
};
static const LwWireParam polardb_cluster_params[] = {
  LW_P_STR ("DBClusterId", BODY), LW_WIRE_END
};
static const LwWireParam polardb_endpoints_params[] = {
  LW_P_STR ("DBClusterId", BODY), LW_P_STR ("DBEndpointId", BODY), LW_WIRE_END
};
static const LwWireParam polardb_modify_whitelist_params[] = {
  LW_P_STR ("DBClusterId", BODY), LW_P_STR ("SecurityIps", BODY), LW_P_STR ("DBClusterIPArrayName", BODY),
  LW_P_STR ("DBClusterIPArrayAttribute", BODY), LW_P_STR ("WhiteListType", BODY),
  LW_P_STR ("ModifyMode", BODY), LW_WIRE_END
};

/* Answers */

/* A number the API sends as a string (AddressItems[].Port), stored as guint. */
#define F_UINT_TEXT(p, T, m) { p, LW_WIRE_STRING, LW_FIELD_UINT, G_STRUCT_OFFSET (T, m), NULL }

static const LwWireStruct cluster_struct = {
  sizeof (LwPolardbCluster), (const LwWireField[]) {
    LW_F_STR ("DBClusterId", LwPolardbCluster, db_cluster_id),
    LW_F_STR ("DBClusterDescription", LwPolardbCluster, description),
    LW_F_STR ("DBClusterStatus", LwPolardbCluster, status),
    LW_F_STR ("DBType", LwPolardbCluster, db_type),
    LW_F_STR ("DBVersion", LwPolardbCluster, db_version),
    LW_F_STR ("DBClusterNetworkType", LwPolardbCluster, network_type),
    LW_F_STR ("RegionId", LwPolardbCluster, region_id),
    LW_F_STR ("ZoneId", LwPolardbCluster, zone_id),
    LW_F_STR ("VpcId", LwPolardbCluster, vpc_id),
    LW_F_STR ("Engine", LwPolardbCluster, engine),
    LW_F_STR ("LockMode", LwPolardbCluster, lock_mode),
    LW_F_STR ("PayType", LwPolardbCluster, pay_type),
    LW_F_END }, (GDestroyNotify) lw_polardb_cluster_free
};

static const LwWireStruct cluster_page_struct = {
  sizeof (LwPolardbClusterPage), (const LwWireField[]) {
    LW_F_LIST ("Items.DBCluster", LwPolardbClusterPage, clusters, &cluster_struct),
    LW_F_UINT ("PageNumber", LwPolardbClusterPage, page_number),
    LW_F_UINT ("PageRecordCount", LwPolardbClusterPage, page_record_count),
    LW_F_UINT ("TotalRecordCount", LwPolardbClusterPage, total_record_count),
    LW_F_STR ("RequestId", LwPolardbClusterPage, request_id),
    LW_F_END }, (GDestroyNotify) lw_polardb_cluster_page_free
};

static const LwWireStruct attribute_struct = {
  sizeof (LwPolardbClusterAttribute), (const LwWireField[]) {
    LW_F_STR ("DBClusterId", LwPolardbClusterAttribute, db_cluster_id),
    LW_F_STR ("DBClusterDescription", LwPolardbClusterAttribute, description),
    LW_F_STR ("DBClusterStatus", LwPolardbClusterAttribute, status),
    LW_F_STR ("DBType", LwPolardbClusterAttribute, db_type),
    LW_F_STR ("DBVersion", LwPolardbClusterAttribute, db_version),
    LW_F_STR ("DBClusterNetworkType", LwPolardbClusterAttribute, network_type),
    LW_F_STR ("RegionId", LwPolardbClusterAttribute, region_id),
    LW_F_STR ("ZoneIds", LwPolardbClusterAttribute, zone_ids),
    LW_F_STR ("VPCId", LwPolardbClusterAttribute, vpc_id),
    LW_F_STR ("VSwitchId", LwPolardbClusterAttribute, vswitch_id),
    LW_F_STR ("RequestId", LwPolardbClusterAttribute, request_id),
    LW_F_END }, (GDestroyNotify) lw_polardb_cluster_attribute_free
};

static const LwWireStruct address_struct = {
  sizeof (LwPolardbAddress), (const LwWireField[]) {
    LW_F_STR ("ConnectionString", LwPolardbAddress, connection_string),
    LW_F_STR ("IPAddress", LwPolardbAddress, ip_address),
    LW_F_STR ("NetType", LwPolardbAddress, net_type),
    F_UINT_TEXT ("Port", LwPolardbAddress, port),
    LW_F_STR ("VPCId", LwPolardbAddress, vpc_id),
    LW_F_STR ("VSwitchId", LwPolardbAddress, vswitch_id),
    LW_F_END }, (GDestroyNotify) lw_polardb_address_free
};

static const LwWireStruct endpoint_struct = {
  sizeof (LwPolardbEndpoint), (const LwWireField[]) {
    LW_F_STR ("DBEndpointId", LwPolardbEndpoint, db_endpoint_id),
    LW_F_STR ("EndpointType", LwPolardbEndpoint, endpoint_type),
    LW_F_STR ("ReadWriteMode", LwPolardbEndpoint, read_write_mode),
    LW_F_STR ("Nodes", LwPolardbEndpoint, nodes),
    LW_F_LIST ("AddressItems", LwPolardbEndpoint, addresses, &address_struct),
    LW_F_END }, (GDestroyNotify) lw_polardb_endpoint_free
};

static const LwWireStruct whitelist_struct = {
  sizeof (LwPolardbWhitelist), (const LwWireField[]) {
    LW_F_STR ("DBClusterIPArrayName", LwPolardbWhitelist, name),
    LW_F_STR ("DBClusterIPArrayAttribute", LwPolardbWhitelist, attribute),
    LW_F_STR ("SecurityIps", LwPolardbWhitelist, security_ips),
    LW_F_END }, (GDestroyNotify) lw_polardb_whitelist_free
};

#define POLARDB(action, params, list, result, pages, page_size) \
  { LW_PRODUCT_POLARDB, action, params, list, result, NULL, LW_WIRE_PAGES_##pages, page_size, FALSE }

/* DescribeDBClusters is described by its page (one page per call); lw_polardb_describe_all_*
 * follows PageNumber itself. PageSize 100: the API takes 30, 50 or 100 only. */
const LwWireCall lw_polardb_wire_calls[] = {
  POLARDB ("DescribeDBClusters", polardb_list_params, NULL, &cluster_page_struct, NONE, 100),
  POLARDB ("DescribeDBClusterAttribute", polardb_cluster_params, NULL, &attribute_struct, NONE, 0),
  POLARDB ("DescribeDBClusterEndpoints", polardb_endpoints_params, "Items", &endpoint_struct, NONE, 0),
  POLARDB ("DescribeDBClusterAccessWhitelist", polardb_cluster_params, "Items.DBClusterIPArray", &whitelist_struct,
           NONE, 0),
  POLARDB ("ModifyDBClusterAccessWhitelist", polardb_modify_whitelist_params, NULL, NULL, NONE, 0),
  { 0 }
};

#define polardb_call(action) lw_wire_get (LW_PRODUCT_POLARDB, action)

void lw_polardb_cluster_free (LwPolardbCluster *self) { lw_wire_free_struct (&cluster_struct, self); }
void lw_polardb_cluster_page_free (LwPolardbClusterPage *self) { lw_wire_free_struct (&cluster_page_struct, self); }
void lw_polardb_cluster_attribute_free (LwPolardbClusterAttribute *self) { lw_wire_free_struct (&attribute_struct, self); }
void lw_polardb_address_free (LwPolardbAddress *self) { lw_wire_free_struct (&address_struct, self); }
void lw_polardb_endpoint_free (LwPolardbEndpoint *self) { lw_wire_free_struct (&endpoint_struct, self); }
void lw_polardb_whitelist_free (LwPolardbWhitelist *self) { lw_wire_free_struct (&whitelist_struct, self); }

const LwPolardbAddress *
lw_polardb_endpoint_find_private (const LwPolardbEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      const LwPolardbAddress *a = g_ptr_array_index (self->addresses, i);
      if (g_strcmp0 (a->net_type, "Private") == 0)
        return a;
    }
  return NULL;
}

const LwPolardbEndpoint *
lw_polardb_endpoints_find_type (GPtrArray  *endpoints,
                                const char *endpoint_type)
{
  g_return_val_if_fail (endpoints != NULL, NULL);

  for (guint i = 0; i < endpoints->len; i++)
    {
      const LwPolardbEndpoint *e = g_ptr_array_index (endpoints, i);
      if (g_strcmp0 (e->endpoint_type, endpoint_type) == 0)
        return e;
    }
  return NULL;
}

/* DescribeDBClusters */

static guint
query_page_size (const LwPolardbClusterQuery *query)
{
  guint size = query != NULL ? query->page_size : 0;

  /* "Valid values: 30, 50, and 100." Anything else becomes the next allowed value up. */
  if (size == 0 || size > 50)
    return 100;
  return size > 30 ? 50 : 30;
}

static LwParams *
cluster_query_params (LwRpcClient                 *client,
                      const LwPolardbClusterQuery *query)
{
  LwParams *p = lw_region_params (client);

  if (query != NULL)
    {
      lw_params_add_nonnull (p, "DBType", query->db_type);
      lw_params_add_nonnull (p, "DBClusterStatus", query->status);
      lw_params_add_nonnull (p, "DBClusterIds", query->cluster_ids);
      lw_params_add_nonnull (p, "DBClusterDescription", query->description);
    }
  return p;
}

void
lw_polardb_describe_db_clusters_async (LwRpcClient                 *client,
                                       const LwPolardbClusterQuery *query,
                                       guint                        page_number,
                                       GCancellable                *cancellable,
                                       GAsyncReadyCallback          callback,
                                       gpointer                     user_data)
{
  LwParams *p = cluster_query_params (client, query);

  lw_params_add_uint (p, "PageNumber", MAX (page_number, 1));
  lw_params_add_uint (p, "PageSize", query_page_size (query));
  lw_wire_call_async (client, polardb_call ("DescribeDBClusters"), p, LW_CALL_FLAGS_NONE,
                      lw_polardb_describe_db_clusters_async, cancellable, callback, user_data);
}

LwPolardbClusterPage *
lw_polardb_describe_db_clusters_finish (LwRpcClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return lw_typed_call_finish (client, result, lw_polardb_describe_db_clusters_async, error);
}

static gboolean
parse_clusters_into (JsonObject  *response,
                     GPtrArray   *items,
                     GError     **error)
{
  LwPolardbClusterPage *page = lw_wire_parse_struct (&cluster_page_struct, response);

  g_ptr_array_extend_and_steal (items, g_steal_pointer (&page->clusters));
  lw_polardb_cluster_page_free (page);
  return TRUE;
}

void
lw_polardb_describe_all_db_clusters_async (LwRpcClient                 *client,
                                           const LwPolardbClusterQuery *query,
                                           GCancellable                *cancellable,
                                           GAsyncReadyCallback          callback,
                                           gpointer                     user_data)
{
  lw_paged_call (client, LW_PRODUCT_POLARDB, "DescribeDBClusters", cluster_query_params (client, query),
                 LW_PAGING_PAGE_NUMBER, query_page_size (query), parse_clusters_into,
                 (GDestroyNotify) lw_polardb_cluster_free, lw_polardb_describe_all_db_clusters_async,
                 cancellable, callback, user_data);
}

GPtrArray *
lw_polardb_describe_all_db_clusters_finish (LwRpcClient   *client,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return lw_paged_call_finish (client, result, lw_polardb_describe_all_db_clusters_async, error);
}

/* Per-cluster reads: DBClusterId (and no RegionId: the official model has none). */

static LwParams *
cluster_id_params (const char *db_cluster_id)
{
  LwParams *p = lw_params_new ();

  lw_params_add (p, "DBClusterId", db_cluster_id);
  return p;
}

void
lw_polardb_describe_db_cluster_attribute_async (LwRpcClient         *client,
                                                const char          *db_cluster_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  lw_wire_call_async (client, polardb_call ("DescribeDBClusterAttribute"), cluster_id_params (db_cluster_id),
                      LW_CALL_FLAGS_NONE, lw_polardb_describe_db_cluster_attribute_async, cancellable, callback,
                      user_data);
}

LwPolardbClusterAttribute *
lw_polardb_describe_db_cluster_attribute_finish (LwRpcClient   *client,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  return lw_typed_call_finish (client, result, lw_polardb_describe_db_cluster_attribute_async, error);
}

void
lw_polardb_describe_db_cluster_endpoints_async (LwRpcClient         *client,
                                                const char          *db_cluster_id,
                                                const char          *db_endpoint_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  LwParams *p = cluster_id_params (db_cluster_id);

  lw_params_add_nonnull (p, "DBEndpointId", db_endpoint_id);
  lw_wire_call_async (client, polardb_call ("DescribeDBClusterEndpoints"), p, LW_CALL_FLAGS_NONE,
                      lw_polardb_describe_db_cluster_endpoints_async, cancellable, callback, user_data);
}

GPtrArray *
lw_polardb_describe_db_cluster_endpoints_finish (LwRpcClient   *client,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  return lw_typed_call_finish (client, result, lw_polardb_describe_db_cluster_endpoints_async, error);
}

void
lw_polardb_describe_db_cluster_access_whitelist_async (LwRpcClient         *client,
                                                       const char          *db_cluster_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data)
{
  lw_wire_call_async (client, polardb_call ("DescribeDBClusterAccessWhitelist"), cluster_id_params (db_cluster_id),
                      LW_CALL_FLAGS_NONE, lw_polardb_describe_db_cluster_access_whitelist_async, cancellable,
                      callback, user_data);
}

GPtrArray *
lw_polardb_describe_db_cluster_access_whitelist_finish (LwRpcClient   *client,
                                                        GAsyncResult  *result,
                                                        GError       **error)
{
  return lw_typed_call_finish (client, result, lw_polardb_describe_db_cluster_access_whitelist_async, error);
}

/* ModifyDBClusterAccessWhitelist */


void
lw_polardb_modify_db_cluster_access_whitelist_async (LwRpcClient         *client,
                                                     const char          *db_cluster_id,
                                                     const char          *group_name,
                                                     const char          *security_ips,
                                                     const char          *modify_mode,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  LwParams *p = cluster_id_params (db_cluster_id);

  lw_params_add (p, "WhiteListType", "IP");
  lw_params_add_nonnull (p, "DBClusterIPArrayName", group_name);
  lw_params_add (p, "SecurityIps", security_ips);
  lw_params_add (p, "ModifyMode", modify_mode != NULL ? modify_mode : "Cover");
  lw_typed_call (client, LW_PRODUCT_POLARDB, "ModifyDBClusterAccessWhitelist", p, LW_CALL_FLAGS_NONE, lw_parse_ok,
                 NULL, lw_polardb_modify_db_cluster_access_whitelist_async, cancellable, callback, user_data);
}

gboolean
lw_polardb_modify_db_cluster_access_whitelist_finish (LwRpcClient   *client,
                                                      GAsyncResult  *result,
                                                      GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_polardb_modify_db_cluster_access_whitelist_async,
                                                error));
}

void
lw_polardb_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_polardb_cluster_free);
  g_autoptr(GPtrArray) endpoints = NULL;

  lw_wire_fuzz_calls (lw_polardb_wire_calls, response);
  parse_clusters_into (response, items, NULL);
  endpoints = lw_wire_parse_answer (polardb_call ("DescribeDBClusterEndpoints"), response);
  for (guint i = 0; i < endpoints->len; i++)
    (void) lw_polardb_endpoint_find_private (g_ptr_array_index (endpoints, i));
  (void) lw_polardb_endpoints_find_type (endpoints, "Cluster");
}
