/* lw-polardb.c: PolarDB 2017-08-01 (PolarDB for MySQL clusters as a source)
 *
 * The request side of every PolarDB action Linkwright sends, as data (lw-wire.h), from the pinned
 * official SDK @alicloud/polardb20170801 (tests/conformance/package.json): that SDK sends every
 * parameter in a POST form body through @alicloud/rpc-client (lw_product_params_in_body()), and
 * its DescribeDBClusterEndpoints / DescribeDBClusterAccessWhitelist / ModifyDBClusterAccessWhitelist
 * requests take no RegionId (the host is regional or central per its endpoint map).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-polardb"

#include "lw-wire.h"

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

#define POLARDB(action, params, page_size) \
  { LW_PRODUCT_POLARDB, action, params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, page_size, FALSE }

const LwWireCall lw_polardb_wire_calls[] = {
  POLARDB ("DescribeDBClusters", polardb_list_params, 100),
  POLARDB ("DescribeDBClusterAttribute", polardb_cluster_params, 0),
  POLARDB ("DescribeDBClusterEndpoints", polardb_endpoints_params, 0),
  POLARDB ("DescribeDBClusterAccessWhitelist", polardb_cluster_params, 0),
  POLARDB ("ModifyDBClusterAccessWhitelist", polardb_modify_whitelist_params, 0),
  { 0 }
};
