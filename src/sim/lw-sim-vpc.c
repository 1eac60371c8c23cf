/* lw-sim-vpc.c — simulated VPC 2016-04-28 and STS 2015-04-01 (read-only, from the seed world)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-vpc"

#include "lw-sim-private.h"

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static gboolean
matches (JsonObject *obj,
         LwSimCall  *call,
         const char *param)
{
  const char *want = lw_sim_param (call, param);

  return want == NULL || *want == '\0' || g_strcmp0 (str (obj, param), want) == 0;
}

static void
describe_vswitches (LwSimCall *call)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  guint number = 0, size = 0;
  JsonObject *reply, *wrapper;
  JsonArray *rows;

  for (guint i = 0; i < json_array_get_length (call->sim->vswitches); i++)
    {
      JsonObject *vsw = json_array_get_object_element (call->sim->vswitches, i);

      if (matches (vsw, call, "RegionId") && matches (vsw, call, "VpcId") &&
          matches (vsw, call, "ZoneId") && matches (vsw, call, "VSwitchId"))
        g_ptr_array_add (hits, vsw);
    }

  page = lw_sim_page_numbers (call, hits, 10, 50, &number, &size);
  if (page == NULL)
    return;
  reply = lw_sim_call_ok (call);
  wrapper = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    {
      JsonObject *vsw = g_ptr_array_index (page, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "VSwitchId", str (vsw, "VSwitchId"));
      json_object_set_string_member (row, "VSwitchName", str (vsw, "VSwitchName"));
      json_object_set_string_member (row, "VpcId", str (vsw, "VpcId"));
      json_object_set_string_member (row, "ZoneId", str (vsw, "ZoneId"));
      json_object_set_string_member (row, "CidrBlock", str (vsw, "CidrBlock"));
      json_object_set_string_member (row, "Status", "Available");
      json_object_set_int_member (row, "AvailableIpAddressCount",
                                  json_object_get_int_member_with_default (vsw, "AvailableIpAddressCount", 250));
      json_object_set_boolean_member (row, "IsDefault", FALSE);
      json_object_set_string_member (row, "CreationTime", "2025-06-01T08:00:00Z");
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (wrapper, "VSwitch", rows);
  json_object_set_object_member (reply, "VSwitches", wrapper);
  json_object_set_int_member (reply, "TotalCount", hits->len);
  json_object_set_int_member (reply, "PageNumber", number);
  json_object_set_int_member (reply, "PageSize", size);
}

static void
describe_vpcs (LwSimCall *call)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  guint number = 0, size = 0;
  JsonObject *reply, *wrapper;
  JsonArray *rows;

  for (guint i = 0; i < json_array_get_length (call->sim->vpcs); i++)
    {
      JsonObject *vpc = json_array_get_object_element (call->sim->vpcs, i);
      if (matches (vpc, call, "RegionId") && matches (vpc, call, "VpcId"))
        g_ptr_array_add (hits, vpc);
    }
  page = lw_sim_page_numbers (call, hits, 10, 50, &number, &size);
  if (page == NULL)
    return;
  reply = lw_sim_call_ok (call);
  wrapper = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    {
      JsonObject *vpc = g_ptr_array_index (page, i);
      JsonObject *row = json_object_new ();
      JsonObject *ids = json_object_new ();
      JsonArray *vsw_ids = json_array_new ();

      json_object_set_string_member (row, "VpcId", str (vpc, "VpcId"));
      json_object_set_string_member (row, "VpcName", str (vpc, "VpcName"));
      json_object_set_string_member (row, "RegionId", str (vpc, "RegionId"));
      json_object_set_string_member (row, "CidrBlock", str (vpc, "CidrBlock"));
      json_object_set_string_member (row, "Status", "Available");
      for (guint v = 0; v < json_array_get_length (call->sim->vswitches); v++)
        {
          JsonObject *vsw = json_array_get_object_element (call->sim->vswitches, v);
          if (g_strcmp0 (str (vsw, "VpcId"), str (vpc, "VpcId")) == 0)
            json_array_add_string_element (vsw_ids, str (vsw, "VSwitchId"));
        }
      json_object_set_array_member (ids, "VSwitchId", vsw_ids);
      json_object_set_object_member (row, "VSwitchIds", ids);
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (wrapper, "Vpc", rows);
  json_object_set_object_member (reply, "Vpcs", wrapper);
  json_object_set_int_member (reply, "TotalCount", hits->len);
  json_object_set_int_member (reply, "PageNumber", number);
  json_object_set_int_member (reply, "PageSize", size);
}

static void
describe_zones (LwSimCall *call)
{
  const char *region = lw_sim_param (call, "RegionId");
  JsonObject *reply = lw_sim_call_ok (call);
  JsonObject *wrapper = json_object_new ();
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < json_array_get_length (call->sim->regions); i++)
    {
      JsonObject *r = json_array_get_object_element (call->sim->regions, i);
      JsonArray *zones = json_object_get_array_member (r, "Zones");

      if (g_strcmp0 (str (r, "RegionId"), region) != 0)
        continue;
      for (guint z = 0; zones && z < json_array_get_length (zones); z++)
        {
          JsonObject *zone = json_array_get_object_element (zones, z);
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "ZoneId", str (zone, "ZoneId"));
          json_object_set_string_member (row, "LocalName", str (zone, "LocalName"));
          json_object_set_string_member (row, "ZoneType", "AvailabilityZone");
          json_array_add_object_element (rows, row);
        }
    }
  json_object_set_array_member (wrapper, "Zone", rows);
  json_object_set_object_member (reply, "Zones", wrapper);
}

const LwSimAction lw_sim_vpc_actions[] = {
  { "DescribeVSwitches", "RegionId", describe_vswitches },
  { "DescribeVpcs", "RegionId", describe_vpcs },
  { "DescribeZones", "RegionId", describe_zones },
  { NULL, NULL, NULL }
};

static void
get_caller_identity (LwSimCall *call)
{
  JsonObject *reply = lw_sim_call_ok (call);
  LwSimAccessKey *key = call->key;

  json_object_set_string_member (reply, "AccountId", key->account_id);
  json_object_set_string_member (reply, "Arn", key->arn);
  json_object_set_string_member (reply, "IdentityType", key->identity_type);
  json_object_set_string_member (reply, "PrincipalId", key->principal_id);
  if (g_strcmp0 (key->identity_type, "AssumedRoleUser") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (key->principal_id, ":", 2);
      json_object_set_string_member (reply, "RoleId", parts[0]);
    }
  else
    json_object_set_string_member (reply, "UserId", key->principal_id);
}

const LwSimAction lw_sim_sts_actions[] = {
  { "GetCallerIdentity", NULL, get_caller_identity },
  { NULL, NULL, NULL }
};
