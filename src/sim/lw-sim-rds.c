/* lw-sim-rds.c — simulated RDS 2014-08-15 (instances come from the seed world)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-rds"

#include "lw-sim-private.h"

#include <string.h>

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static JsonObject *
find_instance (LwSimCall *call)
{
  const char *id = lw_sim_param (call, "DBInstanceId");
  JsonObject *inst = g_hash_table_lookup (call->sim->rds_by_id, id);

  if (inst == NULL)
    lw_sim_call_error (call, 404, "InvalidDBInstanceId.NotFound",
                       "Specified instance does not exist or not support.");
  return inst;
}

static char *
joined_security_ips (JsonObject *inst)
{
  JsonArray *groups = json_object_get_array_member (inst, "SecurityIPGroups");
  GString *s = g_string_new (NULL);

  for (guint i = 0; groups && i < json_array_get_length (groups); i++)
    {
      const char *ips = str (json_array_get_object_element (groups, i), "SecurityIPList");
      if (*ips == '\0')
        continue;
      if (s->len)
        g_string_append_c (s, ',');
      g_string_append (s, ips);
    }
  return g_string_free (s, FALSE);
}

static void
describe_regions (LwSimCall *call)
{
  JsonObject *reply = lw_sim_call_ok (call);
  JsonObject *wrapper = json_object_new ();
  JsonArray *rows = json_array_new ();
  JsonArray *regions = call->sim->regions;

  /* One row per zone, as the real API does. */
  for (guint i = 0; i < json_array_get_length (regions); i++)
    {
      JsonObject *r = json_array_get_object_element (regions, i);
      JsonArray *zones = json_object_get_array_member (r, "Zones");
      const char *region_id = str (r, "RegionId");
      g_autofree char *endpoint = g_strdup_printf ("rds.%s.aliyuncs.com", region_id);

      for (guint z = 0; zones && z < json_array_get_length (zones); z++)
        {
          JsonObject *zone = json_array_get_object_element (zones, z);
          JsonObject *row = json_object_new ();

          json_object_set_string_member (row, "RegionId", region_id);
          json_object_set_string_member (row, "LocalName", str (r, "LocalName"));
          json_object_set_string_member (row, "RegionEndpoint", endpoint);
          json_object_set_string_member (row, "ZoneId", str (zone, "ZoneId"));
          json_object_set_string_member (row, "ZoneName", str (zone, "LocalName"));
          json_array_add_object_element (rows, row);
        }
    }
  json_object_set_array_member (wrapper, "RDSRegion", rows);
  json_object_set_object_member (reply, "Regions", wrapper);
}

static gboolean
matches (JsonObject *inst,
         LwSimCall  *call,
         const char *param,
         const char *member)
{
  const char *want = lw_sim_param (call, param);

  return want == NULL || *want == '\0' || g_strcmp0 (str (inst, member), want) == 0;
}

static void
describe_db_instances (LwSimCall *call)
{
  const char *region = lw_sim_param (call, "RegionId");
  const char *search = lw_sim_param (call, "SearchKey");
  const char *ids = lw_sim_param (call, "DBInstanceId");
  g_auto(GStrv) id_list = ids && *ids ? g_strsplit (ids, ",", -1) : NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  guint number = 0, size = 0;
  JsonObject *reply, *items;
  JsonArray *rows;

  for (guint i = 0; i < call->sim->rds->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (call->sim->rds, i);

      if (g_strcmp0 (str (inst, "RegionId"), region) != 0)
        continue;
      if (!matches (inst, call, "Engine", "Engine") || !matches (inst, call, "VpcId", "VpcId") ||
          !matches (inst, call, "VSwitchId", "VSwitchId") || !matches (inst, call, "ZoneId", "ZoneId") ||
          !matches (inst, call, "DBInstanceStatus", "DBInstanceStatus") ||
          !matches (inst, call, "InstanceNetworkType", "InstanceNetworkType"))
        continue;
      if (id_list && !g_strv_contains ((const char * const *) id_list, str (inst, "DBInstanceId")))
        continue;
      if (search && *search && !strstr (str (inst, "DBInstanceId"), search) &&
          !strstr (str (inst, "DBInstanceDescription"), search))
        continue;
      g_ptr_array_add (hits, inst);
    }

  /* "If you specify MaxResults, PageSize and PageNumber are unavailable" (RDS API reference). */
  if (lw_sim_param (call, "MaxResults") != NULL || lw_sim_param (call, "NextToken") != NULL)
    {
      reply = lw_sim_call_ok (call);
      page = lw_sim_page_tokens (call, hits, 30, 100, reply, FALSE);
      if (page == NULL)
        return;
      json_object_remove_member (reply, "TotalCount");
      json_object_remove_member (reply, "MaxResults");
      if (*json_object_get_string_member (reply, "NextToken") == '\0')
        json_object_remove_member (reply, "NextToken");
      number = 1;
    }
  else
    {
      page = lw_sim_page_numbers (call, hits, 30, 100, &number, &size);
      if (page == NULL)
        return;
      reply = lw_sim_call_ok (call);
    }
  items = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    {
      static const char *fields[] = { "DBInstanceId", "DBInstanceDescription", "DBInstanceStatus", "Engine",
                                      "EngineVersion", "InstanceNetworkType", "DBInstanceNetType",
                                      "DBInstanceType", "DBInstanceClass", "ConnectionString", "RegionId",
                                      "ZoneId", "VpcId", "VSwitchId", "LockMode", "PayType", "CreateTime" };
      JsonObject *inst = g_ptr_array_index (page, i);
      JsonObject *row = json_object_new ();

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        json_object_set_string_member (row, fields[f], str (inst, fields[f]));
      json_object_set_string_member (row, "MutriORsignle", "false");
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (items, "DBInstance", rows);
  json_object_set_object_member (reply, "Items", items);
  json_object_set_int_member (reply, "PageNumber", number);
  json_object_set_int_member (reply, "PageRecordCount", page->len);
  json_object_set_int_member (reply, "TotalRecordCount", hits->len);
}

static void
describe_db_instance_attribute (LwSimCall *call)
{
  static const char *fields[] = { "DBInstanceId", "DBInstanceDescription", "DBInstanceStatus", "Engine",
                                  "EngineVersion", "InstanceNetworkType", "DBInstanceNetType", "DBInstanceType",
                                  "DBInstanceClass", "ConnectionString", "Port", "RegionId", "ZoneId", "VpcId",
                                  "VSwitchId", "LockMode", "PayType", "CreateTime", "Category" };
  JsonObject *inst = find_instance (call);
  JsonObject *reply, *items, *row;
  JsonArray *rows;
  g_autofree char *ips = NULL;

  if (inst == NULL)
    return;
  reply = lw_sim_call_ok (call);
  items = json_object_new ();
  rows = json_array_new ();
  row = json_object_new ();
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    json_object_set_string_member (row, fields[f], str (inst, fields[f]));
  ips = joined_security_ips (inst);
  json_object_set_string_member (row, "SecurityIPList", ips);
  json_object_set_string_member (row, "SecurityIPMode", "normal");
  json_object_set_string_member (row, "MasterZone", str (inst, "ZoneId"));
  json_object_set_string_member (row, "IPType", "IPv4");
  json_array_add_object_element (rows, row);
  json_object_set_array_member (items, "DBInstanceAttribute", rows);
  json_object_set_object_member (reply, "Items", items);
}

static void
describe_db_instance_net_info (LwSimCall *call)
{
  JsonObject *inst = find_instance (call);
  gboolean vpc;
  JsonObject *reply, *wrapper, *row;
  JsonArray *rows;

  if (inst == NULL)
    return;
  vpc = g_strcmp0 (str (inst, "InstanceNetworkType"), "VPC") == 0;
  reply = lw_sim_call_ok (call);
  json_object_set_string_member (reply, "InstanceNetworkType", str (inst, "InstanceNetworkType"));
  json_object_set_string_member (reply, "SecurityIPMode", "normal");

  wrapper = json_object_new ();
  rows = json_array_new ();
  row = json_object_new ();
  json_object_set_string_member (row, "ConnectionString", str (inst, "ConnectionString"));
  json_object_set_string_member (row, "ConnectionStringType", "Normal");
  json_object_set_string_member (row, "IPAddress", str (inst, "IPAddress"));
  json_object_set_string_member (row, "IPType", vpc ? "Private" : "Inner");
  /* Port is a string here: a real quirk clients must parse. */
  json_object_set_string_member (row, "Port", str (inst, "Port"));
  json_object_set_string_member (row, "VPCId", vpc ? str (inst, "VpcId") : "");
  json_object_set_string_member (row, "VSwitchId", vpc ? str (inst, "VSwitchId") : "");
  json_object_set_string_member (row, "Upgradeable", "Disabled");
  json_array_add_object_element (rows, row);
  json_object_set_array_member (wrapper, "DBInstanceNetInfo", rows);
  json_object_set_object_member (reply, "DBInstanceNetInfos", wrapper);
}

static void
describe_db_instance_ip_array_list (LwSimCall *call)
{
  JsonObject *inst = find_instance (call);
  JsonArray *groups;
  JsonObject *reply, *items;
  JsonArray *rows;

  if (inst == NULL)
    return;
  groups = json_object_get_array_member (inst, "SecurityIPGroups");
  reply = lw_sim_call_ok (call);
  items = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; groups && i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "DBInstanceIPArrayName", str (g, "DBInstanceIPArrayName"));
      json_object_set_string_member (row, "DBInstanceIPArrayAttribute", str (g, "DBInstanceIPArrayAttribute"));
      json_object_set_string_member (row, "SecurityIPList", str (g, "SecurityIPList"));
      json_object_set_string_member (row, "SecurityIPType", "IPv4");
      json_object_set_string_member (row, "WhitelistNetworkType", "MIX");
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (items, "DBInstanceIPArray", rows);
  json_object_set_object_member (reply, "Items", items);
}

static gboolean
valid_ip_entry (const char *entry)
{
  /* "a.b.c.d" or "a.b.c.d/n"; lw_sim_cidr_covers() parses strictly enough. */
  return lw_sim_cidr_covers (entry, entry);
}

static void
modify_security_ips (LwSimCall *call)
{
  JsonObject *inst = find_instance (call);
  const char *name = lw_sim_param (call, "DBInstanceIPArrayName");
  const char *mode;
  g_auto(GStrv) entries = NULL;
  JsonArray *groups;
  JsonObject *group = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autofree char *joined = NULL;
  JsonObject *reply;

  if (inst == NULL)
    return;
  if (!lw_sim_param_enum (call, "ModifyMode", "Cover|Append|Delete", "Cover", &mode))
    return;
  if (name == NULL || *name == '\0')
    name = "default";
  if (strlen (name) > 120)
    {
      lw_sim_call_error (call, 400, "InvalidDBInstanceIPArrayName.Malformed",
                         "Specified DBInstanceIPArrayName is not valid.");
      return;
    }
  if (g_strcmp0 (str (inst, "DBInstanceStatus"), "Running") != 0)
    {
      lw_sim_call_error (call, 403, "IncorrectDBInstanceState",
                         "Current DB instance state does not support this operation.");
      return;
    }

  entries = g_strsplit (lw_sim_param (call, "SecurityIps"), ",", -1);
  if (g_strv_length (entries) > 1000)
    {
      lw_sim_call_error (call, 400, "InvalidSecurityIPList.Duplicate", "Too many entries in SecurityIps.");
      return;
    }
  for (guint i = 0; entries[i]; i++)
    {
      g_strstrip (entries[i]);
      if (!valid_ip_entry (entries[i]))
        {
          lw_sim_call_error (call, 400, "InvalidSecurityIPList.Format",
                             "Specified security IP list is not valid: %s", entries[i]);
          return;
        }
    }

  groups = json_object_get_array_member (inst, "SecurityIPGroups");
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      if (g_strcmp0 (str (g, "DBInstanceIPArrayName"), name) == 0)
        group = g;
    }
  if (group == NULL)
    {
      group = json_object_new ();
      json_object_set_string_member (group, "DBInstanceIPArrayName", name);
      json_object_set_string_member (group, "SecurityIPList", "");
      json_array_add_object_element (groups, group);
    }
  {
    const char *attr = lw_sim_param (call, "DBInstanceIPArrayAttribute");
    if (attr)
      json_object_set_string_member (group, "DBInstanceIPArrayAttribute", attr);
  }

  result = lw_sim_ip_list_apply (str (group, "SecurityIPList"), entries, mode);
  g_ptr_array_add (result, NULL);
  joined = g_strjoinv (",", (char **) result->pdata);
  json_object_set_string_member (group, "SecurityIPList", joined);

  reply = lw_sim_call_ok (call);
  json_object_set_string_member (reply, "TaskId", "0");
}

const LwSimAction lw_sim_rds_actions[] = {
  { "DescribeRegions", NULL, describe_regions },
  { "DescribeDBInstances", "RegionId", describe_db_instances },
  { "DescribeDBInstanceAttribute", "DBInstanceId", describe_db_instance_attribute },
  { "DescribeDBInstanceNetInfo", "DBInstanceId", describe_db_instance_net_info },
  { "DescribeDBInstanceIPArrayList", "DBInstanceId", describe_db_instance_ip_array_list },
  { "ModifySecurityIps", "DBInstanceId SecurityIps", modify_security_ips },
  { NULL, NULL, NULL }
};
