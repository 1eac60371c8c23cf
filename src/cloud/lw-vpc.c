/* lw-vpc.c: VPC 2016-04-28 (parameters in the query)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-vpc"

#include "lw-cloud-private.h"
#include "lw-vpc.h"
#include "lw-wire.h"

void
lw_vpc_vswitch_free (LwVpcVSwitch *self)
{
  if (self == NULL)
    return;
  g_free (self->vswitch_id);
  g_free (self->vswitch_name);
  g_free (self->vpc_id);
  g_free (self->zone_id);
  g_free (self->cidr_block);
  g_free (self->status);
  g_free (self);
}

void
lw_vpc_zone_free (LwVpcZone *self)
{
  if (self == NULL)
    return;
  g_free (self->zone_id);
  g_free (self->local_name);
  g_free (self->zone_type);
  g_free (self);
}

static gboolean
parse_vswitches (JsonObject  *response,
                 GPtrArray   *items,
                 GError     **error)
{
  JsonArray *array = lw_json_get_list (response, "VSwitches", "VSwitch");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      LwVpcVSwitch *v;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      v = g_new0 (LwVpcVSwitch, 1);
      v->vswitch_id = lw_json_dup_string (o, "VSwitchId");
      v->vswitch_name = lw_json_dup_string (o, "VSwitchName");
      v->vpc_id = lw_json_dup_string (o, "VpcId");
      v->zone_id = lw_json_dup_string (o, "ZoneId");
      v->cidr_block = lw_json_dup_string (o, "CidrBlock");
      v->status = lw_json_dup_string (o, "Status");
      v->available_ip_count = lw_json_get_int (o, "AvailableIpAddressCount", -1);
      v->is_default = lw_json_get_bool (o, "IsDefault", FALSE);
      g_ptr_array_add (items, v);
    }
  return TRUE;
}

void
lw_vpc_describe_vswitches_async (LwRpcClient         *client,
                                 const char          *vpc_id,
                                 const char          *zone_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  LwParams *params = lw_params_new ();

  lw_typed_result_add_region (client, params);
  lw_params_add_nonnull (params, "VpcId", vpc_id);
  lw_params_add_nonnull (params, "ZoneId", zone_id);
  /* PageSize is at most 50 for DescribeVSwitches. */
  lw_paged_call (client, LW_PRODUCT_VPC, "DescribeVSwitches", params, LW_PAGING_PAGE_NUMBER, 50,
                 parse_vswitches, (GDestroyNotify) lw_vpc_vswitch_free, lw_vpc_describe_vswitches_async,
                 cancellable, callback, user_data);
}

GPtrArray *
lw_vpc_describe_vswitches_finish (LwRpcClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return lw_paged_call_finish (client, result, lw_vpc_describe_vswitches_async, error);
}

static gpointer
parse_zones (JsonObject  *response,
             GError     **error)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_vpc_zone_free);
  JsonArray *array = lw_json_get_list (response, "Zones", "Zone");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      LwVpcZone *z;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      z = g_new0 (LwVpcZone, 1);
      z->zone_id = lw_json_dup_string (json_node_get_object (node), "ZoneId");
      z->local_name = lw_json_dup_string (json_node_get_object (node), "LocalName");
      z->zone_type = lw_json_dup_string (json_node_get_object (node), "ZoneType");
      g_ptr_array_add (items, z);
    }
  return items;
}

void
lw_vpc_describe_zones_async (LwRpcClient         *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LwParams *params = lw_params_new ();

  lw_typed_result_add_region (client, params);
  lw_typed_call (client, LW_PRODUCT_VPC, "DescribeZones", params, LW_CALL_FLAGS_NONE,
                 parse_zones, (GDestroyNotify) g_ptr_array_unref, lw_vpc_describe_zones_async,
                 cancellable, callback, user_data);
}

GPtrArray *
lw_vpc_describe_zones_finish (LwRpcClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return lw_typed_call_finish (client, result, lw_vpc_describe_zones_async, error);
}

void
lw_vpc_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_vpc_vswitch_free);

  parse_vswitches (response, items, NULL);
  g_ptr_array_unref (parse_zones (response, NULL));
}

/* The request side, as data (lw-wire.h); answers are held to the official @alicloud/vpc20160428
 * SDK by the conformance suite. */
static const LwWireParam vswitches_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("VpcId", QUERY), LW_P_STR ("ZoneId", QUERY),
  LW_P_NUM ("PageNumber", QUERY), LW_P_NUM ("PageSize", QUERY), LW_WIRE_END
};
static const LwWireParam zones_params[] = { LW_P_STR ("RegionId", QUERY), LW_WIRE_END };

const LwWireCall lw_vpc_wire_calls[] = {
  { LW_PRODUCT_VPC, "DescribeVSwitches", vswitches_params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, 50, FALSE },
  { LW_PRODUCT_VPC, "DescribeZones", zones_params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, 0, FALSE },
  { 0 }
};
