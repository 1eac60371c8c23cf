/* lw-rds.c: RDS 2014-08-15 (parameters in the query)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds"

#include "lw-cloud-private.h"
#include "lw-rds.h"
#include "lw-wire.h"

void
lw_rds_region_free (LwRdsRegion *self)
{
  if (self == NULL)
    return;
  g_free (self->region_id);
  g_free (self->zone_id);
  g_free (self->local_name);
  g_free (self->zone_name);
  g_free (self->region_endpoint);
  g_free (self);
}

void
lw_rds_instance_free (LwRdsInstance *self)
{
  if (self == NULL)
    return;
  g_free (self->db_instance_id);
  g_free (self->description);
  g_free (self->status);
  g_free (self->engine);
  g_free (self->engine_version);
  g_free (self->network_type);
  g_free (self->db_instance_type);
  g_free (self->region_id);
  g_free (self->zone_id);
  g_free (self->vpc_id);
  g_free (self->vswitch_id);
  g_free (self->connection_string);
  g_free (self->lock_mode);
  g_free (self->security_ip_list);
  g_free (self);
}

void
lw_rds_instance_page_free (LwRdsInstancePage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->instances, g_ptr_array_unref);
  g_free (self->request_id);
  g_free (self);
}

void
lw_rds_net_info_entry_free (LwRdsNetInfoEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->connection_string);
  g_free (self->connection_string_type);
  g_free (self->ip_address);
  g_free (self->ip_type);
  g_free (self->vpc_id);
  g_free (self->vswitch_id);
  g_free (self);
}

void
lw_rds_net_info_free (LwRdsNetInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->instance_network_type);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_free (self->request_id);
  g_free (self);
}

void
lw_rds_ip_array_free (LwRdsIpArray *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->attribute);
  g_free (self->security_ip_list);
  g_free (self->security_ip_type);
  g_free (self->whitelist_network_type);
  g_free (self);
}

const LwRdsNetInfoEntry *
lw_rds_net_info_find_private (const LwRdsNetInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const LwRdsNetInfoEntry *e = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (e->ip_type, "Private") == 0 &&
          (e->connection_string_type == NULL || g_strcmp0 (e->connection_string_type, "Normal") == 0))
        return e;
    }
  return NULL;
}

static guint
parse_port (JsonObject *object)
{
  gint64 port = lw_json_get_int (object, "Port", 0);
  return port > 0 && port <= 65535 ? (guint) port : 0;
}

static char *
dup_vpc_id (JsonObject *object)
{
  /* RDS spells it VpcId in lists and VPCId in NetInfo. */
  char *id = lw_json_dup_string (object, "VpcId");
  return id != NULL ? id : lw_json_dup_string (object, "VPCId");
}

static LwRdsInstance *
parse_instance (JsonObject *o)
{
  LwRdsInstance *inst = g_new0 (LwRdsInstance, 1);

  inst->db_instance_id = lw_json_dup_string (o, "DBInstanceId");
  inst->description = lw_json_dup_string (o, "DBInstanceDescription");
  inst->status = lw_json_dup_string (o, "DBInstanceStatus");
  inst->engine = lw_json_dup_string (o, "Engine");
  inst->engine_version = lw_json_dup_string (o, "EngineVersion");
  inst->network_type = lw_json_dup_string (o, "InstanceNetworkType");
  inst->db_instance_type = lw_json_dup_string (o, "DBInstanceType");
  inst->region_id = lw_json_dup_string (o, "RegionId");
  inst->zone_id = lw_json_dup_string (o, "ZoneId");
  inst->vpc_id = dup_vpc_id (o);
  inst->vswitch_id = lw_json_dup_string (o, "VSwitchId");
  inst->connection_string = lw_json_dup_string (o, "ConnectionString");
  inst->lock_mode = lw_json_dup_string (o, "LockMode");
  inst->security_ip_list = lw_json_dup_string (o, "SecurityIPList");
  inst->port = parse_port (o);
  return inst;
}

/* DescribeRegions */

static gpointer
parse_region (JsonObject *o)
{
  LwRdsRegion *r = g_new0 (LwRdsRegion, 1);

  r->region_id = lw_json_dup_string (o, "RegionId");
  r->zone_id = lw_json_dup_string (o, "ZoneId");
  r->local_name = lw_json_dup_string (o, "LocalName");
  r->zone_name = lw_json_dup_string (o, "ZoneName");
  r->region_endpoint = lw_json_dup_string (o, "RegionEndpoint");
  return r;
}

static gpointer
parse_regions (JsonObject  *response,
               GError     **error)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_rds_region_free);
  lw_json_append_objects (lw_json_get_list (response, "Regions", "RDSRegion"), items, parse_region);
  return items;
}

void
lw_rds_describe_regions_async (LwRpcClient         *client,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_RDS, "DescribeRegions", lw_params_new (), LW_CALL_FLAGS_NONE,
                 parse_regions, (GDestroyNotify) g_ptr_array_unref,
                 lw_rds_describe_regions_async, cancellable, callback, user_data);
}

GPtrArray *
lw_rds_describe_regions_finish (LwRpcClient   *client,
                                GAsyncResult  *result,
                                GError       **error)
{
  return lw_typed_call_finish (client, result, lw_rds_describe_regions_async, error);
}

/* DescribeDBInstances */

static LwParams *
instance_query_params (LwRpcClient              *client,
                       const LwRdsInstanceQuery *query)
{
  LwParams *params = lw_params_new ();

  lw_typed_result_add_region (client, params);
  if (query != NULL)
    {
      lw_params_add_nonnull (params, "Engine", query->engine);
      lw_params_add_nonnull (params, "DBInstanceStatus", query->status);
      lw_params_add_nonnull (params, "VpcId", query->vpc_id);
      lw_params_add_nonnull (params, "SearchKey", query->search_key);
    }
  return params;
}

static guint
query_page_size (const LwRdsInstanceQuery *query)
{
  return (query != NULL && query->page_size > 0) ? MIN (query->page_size, 100) : 100;
}

static gpointer
parse_instance_cb (JsonObject *o)
{
  return parse_instance (o);
}

static gpointer
parse_instance_page (JsonObject  *response,
                     GError     **error)
{
  LwRdsInstancePage *page = g_new0 (LwRdsInstancePage, 1);

  page->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_rds_instance_free);
  lw_json_append_objects (lw_json_get_list (response, "Items", "DBInstance"), page->instances, parse_instance_cb);
  page->page_number = (guint) lw_json_get_int (response, "PageNumber", 0);
  page->page_record_count = (guint) lw_json_get_int (response, "PageRecordCount", page->instances->len);
  page->total_record_count = (guint) lw_json_get_int (response, "TotalRecordCount", page->instances->len);
  page->request_id = lw_json_dup_string (response, "RequestId");
  return page;
}

void
lw_rds_describe_db_instances_async (LwRpcClient              *client,
                                    const LwRdsInstanceQuery *query,
                                    guint                     page_number,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  LwParams *params = instance_query_params (client, query);

  lw_params_add_uint (params, "PageNumber", MAX (page_number, 1));
  lw_params_add_uint (params, "PageSize", query_page_size (query));
  lw_typed_call (client, LW_PRODUCT_RDS, "DescribeDBInstances", params, LW_CALL_FLAGS_NONE,
                 parse_instance_page, (GDestroyNotify) lw_rds_instance_page_free,
                 lw_rds_describe_db_instances_async, cancellable, callback, user_data);
}

LwRdsInstancePage *
lw_rds_describe_db_instances_finish (LwRpcClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return lw_typed_call_finish (client, result, lw_rds_describe_db_instances_async, error);
}

static gboolean
parse_instances_into (JsonObject  *response,
                      GPtrArray   *items,
                      GError     **error)
{
  return lw_json_append_objects (lw_json_get_list (response, "Items", "DBInstance"), items, parse_instance_cb);
}

void
lw_rds_describe_all_db_instances_async (LwRpcClient              *client,
                                        const LwRdsInstanceQuery *query,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  lw_paged_call (client, LW_PRODUCT_RDS, "DescribeDBInstances", instance_query_params (client, query),
                 LW_PAGING_PAGE_NUMBER, query_page_size (query), parse_instances_into,
                 (GDestroyNotify) lw_rds_instance_free, lw_rds_describe_all_db_instances_async,
                 cancellable, callback, user_data);
}

GPtrArray *
lw_rds_describe_all_db_instances_finish (LwRpcClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return lw_paged_call_finish (client, result, lw_rds_describe_all_db_instances_async, error);
}

/* DescribeDBInstanceAttribute */

static gpointer
parse_attribute (JsonObject  *response,
                 GError     **error)
{
  JsonArray *items = lw_json_get_list (response, "Items", "DBInstanceAttribute");

  if (items == NULL || json_array_get_length (items) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
    {
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                           "DescribeDBInstanceAttribute answered without Items.DBInstanceAttribute");
      return NULL;
    }
  return parse_instance (lw_json_array_get_object (items, 0));
}

static LwParams *
instance_id_params (const char *db_instance_id)
{
  LwParams *params = lw_params_new ();
  lw_params_add (params, "DBInstanceId", db_instance_id);
  return params;
}

void
lw_rds_describe_db_instance_attribute_async (LwRpcClient         *client,
                                             const char          *db_instance_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_RDS, "DescribeDBInstanceAttribute", instance_id_params (db_instance_id),
                 LW_CALL_FLAGS_NONE, parse_attribute, (GDestroyNotify) lw_rds_instance_free,
                 lw_rds_describe_db_instance_attribute_async, cancellable, callback, user_data);
}

LwRdsInstance *
lw_rds_describe_db_instance_attribute_finish (LwRpcClient   *client,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return lw_typed_call_finish (client, result, lw_rds_describe_db_instance_attribute_async, error);
}

/* DescribeDBInstanceNetInfo */

static gpointer
parse_net_info_entry (JsonObject *o)
{
  LwRdsNetInfoEntry *e = g_new0 (LwRdsNetInfoEntry, 1);

  e->connection_string = lw_json_dup_string (o, "ConnectionString");
  e->connection_string_type = lw_json_dup_string (o, "ConnectionStringType");
  e->ip_address = lw_json_dup_string (o, "IPAddress");
  e->ip_type = lw_json_dup_string (o, "IPType");
  e->port = parse_port (o);
  e->vpc_id = dup_vpc_id (o);
  e->vswitch_id = lw_json_dup_string (o, "VSwitchId");
  return e;
}

static gpointer
parse_net_info (JsonObject  *response,
                GError     **error)
{
  LwRdsNetInfo *info = g_new0 (LwRdsNetInfo, 1);

  info->instance_network_type = lw_json_dup_string (response, "InstanceNetworkType");
  info->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_rds_net_info_entry_free);
  lw_json_append_objects (lw_json_get_list (response, "DBInstanceNetInfos", "DBInstanceNetInfo"), info->entries,
                  parse_net_info_entry);
  info->request_id = lw_json_dup_string (response, "RequestId");
  return info;
}

void
lw_rds_describe_db_instance_net_info_async (LwRpcClient         *client,
                                            const char          *db_instance_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_RDS, "DescribeDBInstanceNetInfo", instance_id_params (db_instance_id),
                 LW_CALL_FLAGS_NONE, parse_net_info, (GDestroyNotify) lw_rds_net_info_free,
                 lw_rds_describe_db_instance_net_info_async, cancellable, callback, user_data);
}

LwRdsNetInfo *
lw_rds_describe_db_instance_net_info_finish (LwRpcClient   *client,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return lw_typed_call_finish (client, result, lw_rds_describe_db_instance_net_info_async, error);
}

/* DescribeDBInstanceIPArrayList */

static gpointer
parse_ip_array (JsonObject *o)
{
  LwRdsIpArray *a = g_new0 (LwRdsIpArray, 1);

  a->name = lw_json_dup_string (o, "DBInstanceIPArrayName");
  a->attribute = lw_json_dup_string (o, "DBInstanceIPArrayAttribute");
  a->security_ip_list = lw_json_dup_string (o, "SecurityIPList");
  a->security_ip_type = lw_json_dup_string (o, "SecurityIPType");
  a->whitelist_network_type = lw_json_dup_string (o, "WhitelistNetworkType");
  return a;
}

static gpointer
parse_ip_arrays (JsonObject  *response,
                 GError     **error)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_rds_ip_array_free);
  lw_json_append_objects (lw_json_get_list (response, "Items", "DBInstanceIPArray"), items, parse_ip_array);
  return items;
}

void
lw_rds_describe_db_instance_ip_array_list_async (LwRpcClient         *client,
                                                 const char          *db_instance_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_RDS, "DescribeDBInstanceIPArrayList", instance_id_params (db_instance_id),
                 LW_CALL_FLAGS_NONE, parse_ip_arrays, (GDestroyNotify) g_ptr_array_unref,
                 lw_rds_describe_db_instance_ip_array_list_async, cancellable, callback, user_data);
}

GPtrArray *
lw_rds_describe_db_instance_ip_array_list_finish (LwRpcClient   *client,
                                                  GAsyncResult  *result,
                                                  GError       **error)
{
  return lw_typed_call_finish (client, result, lw_rds_describe_db_instance_ip_array_list_async, error);
}

/* ModifySecurityIps */


void
lw_rds_modify_security_ips_async (LwRpcClient         *client,
                                  const char          *db_instance_id,
                                  const char          *group_name,
                                  const char          *security_ips,
                                  const char          *modify_mode,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  LwParams *params = instance_id_params (db_instance_id);

  lw_params_add (params, "SecurityIps", security_ips);
  lw_params_add_nonnull (params, "DBInstanceIPArrayName", group_name);
  lw_params_add (params, "ModifyMode", modify_mode != NULL ? modify_mode : "Cover");
  lw_typed_call (client, LW_PRODUCT_RDS, "ModifySecurityIps", params, LW_CALL_FLAGS_NONE,
                 lw_parse_ok, NULL, lw_rds_modify_security_ips_async, cancellable, callback, user_data);
}

gboolean
lw_rds_modify_security_ips_finish (LwRpcClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_rds_modify_security_ips_async, error));
}

void
lw_rds_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_rds_instance_free);
  LwRdsNetInfo *net;

  g_ptr_array_unref (parse_regions (response, NULL));
  lw_rds_instance_page_free (parse_instance_page (response, NULL));
  parse_instances_into (response, items, NULL);
  lw_rds_instance_free (parse_attribute (response, NULL));
  net = parse_net_info (response, NULL);
  (void) lw_rds_net_info_find_private (net);
  lw_rds_net_info_free (net);
  g_ptr_array_unref (parse_ip_arrays (response, NULL));
}

/* The request side of every RDS action, as data (lw-wire.h). RDS is not in the official models
 * file; its requests and answers are held to the official @alicloud/rds20140815 SDK by the
 * conformance suite instead, so answers are parsed by hand above and not cut down. */
static const LwWireParam rds_instance_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("DBInstanceId", QUERY), LW_WIRE_END
};
static const LwWireParam rds_list_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("Engine", QUERY), LW_P_STR ("DBInstanceStatus", QUERY),
  LW_P_STR ("VpcId", QUERY), LW_P_STR ("SearchKey", QUERY), LW_P_NUM ("PageNumber", QUERY),
  LW_P_NUM ("PageSize", QUERY), LW_WIRE_END
};
static const LwWireParam rds_modify_ips_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("DBInstanceId", QUERY), LW_P_STR ("SecurityIps", QUERY),
  LW_P_STR ("DBInstanceIPArrayName", QUERY), LW_P_STR ("ModifyMode", QUERY),
  /* No DryRun: RDS documents none for ModifySecurityIps (a "dry run" could change the whitelist). */
  LW_P_STR ("ClientToken", QUERY), LW_WIRE_END
};
static const LwWireParam rds_no_params[] = { LW_WIRE_END };

#define RDS(action, params, page_size) \
  { LW_PRODUCT_RDS, action, params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, page_size, FALSE }

const LwWireCall lw_rds_wire_calls[] = {
  RDS ("DescribeRegions", rds_no_params, 0),
  RDS ("DescribeDBInstances", rds_list_params, 100),
  RDS ("DescribeDBInstanceAttribute", rds_instance_params, 0),
  RDS ("DescribeDBInstanceNetInfo", rds_instance_params, 0),
  RDS ("DescribeDBInstanceIPArrayList", rds_instance_params, 0),
  RDS ("ModifySecurityIps", rds_modify_ips_params, 0),
  { 0 }
};
