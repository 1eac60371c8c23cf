/* lw-sim-polardb.c — simulated PolarDB 2017-08-01 (PolarDB for MySQL clusters as a source)
 *
 * Clusters come from the seed world ("polardb_clusters"). Answers carry the fields of the pinned
 * official SDK's model (@alicloud/polardb20170801 1.0.0, src/client.ts), with the types the real
 * service answers with. That SDK sends every parameter in a POST form body through
 * @alicloud/rpc-client, signed with HMAC-SHA1 over query + body: lw-sim.c's V1 verifier.
 *
 * Rules from the PolarDB API reference (ModifyDBClusterAccessWhitelist, DescribeDBClusters):
 * - DescribeDBClusters: RegionId required; PageSize 30, 50 or 100 (default 30); PageNumber > 0;
 *   DBType MySQL, PostgreSQL or Oracle.
 * - ModifyDBClusterAccessWhitelist: WhiteListType IP (default) or SecurityGroup; ModifyMode Cover
 *   (default), Append or Delete, only with WhiteListType IP; DBClusterIPArrayName 2-120 characters,
 *   lowercase letters and digits, starting with a letter and ending with a letter or a digit ("default"
 *   when omitted; a new name creates the group, at most 50 groups per cluster); SecurityIps IPv4
 *   addresses or CIDR blocks separated by commas, at most 1,000 in all groups;
 *   DBClusterIPArrayAttribute "hidden". A group that a Delete leaves empty is removed ("default"
 *   stays). The cluster must be Running.
 * - Unknown DBClusterId: 404 InvalidDBClusterId.NotFound.
 * DBClusterIPArrayName's and SecurityIps' forms are rows of data/api-string-rules.json, refused by
 * lw-sim-strings.c before the handler runs (as the client checks them before sending).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-polardb"

#include "lw-sim-private.h"

#include <string.h>

#define MAX_WHITELIST_ENTRIES 1000
#define MAX_WHITELIST_GROUPS  50
#define WHITELIST_KIND        "polardb-whitelist"

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

JsonObject *
lw_sim_polardb_find (LwSimServer *sim,
                     const char  *cluster_id)
{
  for (guint i = 0; cluster_id && i < sim->polardb->len; i++)
    {
      JsonObject *c = g_ptr_array_index (sim->polardb, i);
      if (strcmp (str (c, "DBClusterId"), cluster_id) == 0)
        return c;
    }
  return NULL;
}

gboolean
lw_sim_polardb_accepts (JsonObject *cluster,
                        const char *cidr)
{
  JsonArray *groups = lw_sim_array_member (cluster, "Whitelists");

  for (guint g = 0; g < json_array_get_length (groups); g++)
    {
      g_auto(GStrv) entries = g_strsplit (str (json_array_get_object_element (groups, g), "SecurityIps"), ",", -1);
      for (guint e = 0; entries[e]; e++)
        if (lw_sim_cidr_covers (g_strstrip (entries[e]), cidr))
          return TRUE;
    }
  return FALSE;
}

static JsonObject *
find_cluster (LwSimCall *call)
{
  JsonObject *c = lw_sim_polardb_find (call->sim, lw_sim_param (call, "DBClusterId"));

  if (c == NULL)
    lw_sim_call_error (call, 404, "InvalidDBClusterId.NotFound",
                       "The DBClusterId provided does not exist in our records.");
  return c;
}

static gboolean
matches (JsonObject *c,
         LwSimCall  *call,
         const char *param)
{
  const char *want = lw_sim_param (call, param);

  return want == NULL || *want == '\0' || g_strcmp0 (str (c, param), want) == 0;
}

static char *
node_id (JsonObject *c,
         guint       n)
{
  /* pc-xxxx -> pi-xxxx<n>: stable per cluster, like the real node IDs' shape. */
  const char *id = str (c, "DBClusterId");
  return g_strdup_printf ("pi-%s%u", strlen (id) > 3 ? id + 3 : id, n);
}

static JsonObject *
cluster_row (JsonObject *c)
{
  JsonObject *row = json_object_new ();
  JsonObject *nodes = json_object_new ();
  JsonObject *tags = json_object_new ();
  JsonArray *node_rows = json_array_new ();

  json_object_set_string_member (row, "DBClusterId", str (c, "DBClusterId"));
  json_object_set_string_member (row, "DBClusterDescription", str (c, "DBClusterDescription"));
  json_object_set_string_member (row, "PayType", "Postpaid");
  json_object_set_string_member (row, "DBClusterNetworkType", str (c, "DBClusterNetworkType"));
  json_object_set_string_member (row, "RegionId", str (c, "RegionId"));
  json_object_set_string_member (row, "ZoneId", str (c, "ZoneId"));
  json_object_set_string_member (row, "ExpireTime", "");
  json_object_set_string_member (row, "Expired", "false");
  json_object_set_string_member (row, "DBClusterStatus", str (c, "DBClusterStatus"));
  json_object_set_string_member (row, "Engine", "POLARDB");
  json_object_set_string_member (row, "DBType", str (c, "DBType"));
  json_object_set_string_member (row, "DBVersion", str (c, "DBVersion"));
  json_object_set_string_member (row, "LockMode", "Unlock");
  json_object_set_int_member (row, "DeletionLock", 0);
  json_object_set_string_member (row, "CreateTime", "2025-06-01T08:00:00Z");
  json_object_set_string_member (row, "VpcId", str (c, "VpcId"));
  json_object_set_int_member (row, "DBNodeNumber", 2);
  json_object_set_string_member (row, "DBNodeClass", "polar.mysql.x4.medium");
  json_object_set_int_member (row, "StorageUsed", 3221225472);
  json_object_set_string_member (row, "ResourceGroupId", "rg-acfmdemo00000001");
  for (guint n = 1; n <= 2; n++)
    {
      JsonObject *node = json_object_new ();
      g_autofree char *id = node_id (c, n);

      json_object_set_string_member (node, "DBNodeId", id);
      json_object_set_string_member (node, "DBNodeClass", "polar.mysql.x4.medium");
      json_object_set_string_member (node, "DBNodeRole", n == 1 ? "Writer" : "Reader");
      json_object_set_string_member (node, "RegionId", str (c, "RegionId"));
      json_object_set_string_member (node, "ZoneId", str (c, "ZoneId"));
      json_array_add_object_element (node_rows, node);
    }
  json_object_set_array_member (nodes, "DBNode", node_rows);
  json_object_set_object_member (row, "DBNodes", nodes);
  json_object_set_array_member (tags, "Tag", json_array_new ());
  json_object_set_object_member (row, "Tags", tags);
  return row;
}

static void
describe_db_clusters (LwSimCall *call)
{
  const char *region = lw_sim_param (call, "RegionId");
  const char *ids = lw_sim_param (call, "DBClusterIds");
  const char *description = lw_sim_param (call, "DBClusterDescription");
  const char *page_size = lw_sim_param (call, "PageSize");
  const char *db_type;
  g_auto(GStrv) id_list = ids && *ids ? g_strsplit (ids, ",", -1) : NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  gint64 number = 1, size = 30;
  JsonObject *reply, *items;
  JsonArray *rows;
  guint64 start;
  guint count = 0;

  if (!lw_sim_param_enum (call, "DBType", "MySQL|PostgreSQL|Oracle", NULL, &db_type))
    return;
  /* "Valid values: 30, 50, and 100. Default value: 30." */
  if (page_size != NULL && *page_size != '\0' && strcmp (page_size, "30") != 0 && strcmp (page_size, "50") != 0 &&
      strcmp (page_size, "100") != 0)
    {
      lw_sim_call_error (call, 400, "InvalidPageSize.Malformed",
                         "The specified parameter PageSize is not valid: valid values are 30, 50 and 100.");
      return;
    }
  if (page_size != NULL && *page_size != '\0')
    size = g_ascii_strtoll (page_size, NULL, 10);
  if (!lw_sim_param_int (call, "PageNumber", 1, G_MAXINT32, 1, &number))
    return;

  for (guint i = 0; i < call->sim->polardb->len; i++)
    {
      JsonObject *c = g_ptr_array_index (call->sim->polardb, i);

      if (g_strcmp0 (str (c, "RegionId"), region) != 0)
        continue;
      if (!matches (c, call, "DBClusterStatus") || !matches (c, call, "DBType"))
        continue;
      if (id_list && !g_strv_contains ((const char * const *) id_list, str (c, "DBClusterId")))
        continue;
      if (description && *description && !strstr (str (c, "DBClusterDescription"), description) &&
          !strstr (str (c, "DBClusterId"), description))
        continue;
      g_ptr_array_add (hits, c);
    }

  reply = lw_sim_call_ok (call);
  items = json_object_new ();
  rows = json_array_new ();
  start = (guint64) (number - 1) * (guint64) size;
  for (guint64 i = start; i < hits->len && count < (guint) size; i++, count++)
    json_array_add_object_element (rows, cluster_row (g_ptr_array_index (hits, i)));
  json_object_set_array_member (items, "DBCluster", rows);
  json_object_set_int_member (reply, "PageNumber", number);
  json_object_set_int_member (reply, "TotalRecordCount", hits->len);
  json_object_set_int_member (reply, "PageRecordCount", count);
  json_object_set_object_member (reply, "Items", items);
}

static void
describe_db_cluster_attribute (LwSimCall *call)
{
  JsonObject *c = find_cluster (call);
  JsonObject *reply;
  JsonArray *nodes;

  if (c == NULL)
    return;
  reply = lw_sim_call_ok (call);
  json_object_set_string_member (reply, "RegionId", str (c, "RegionId"));
  json_object_set_string_member (reply, "DBClusterNetworkType", str (c, "DBClusterNetworkType"));
  json_object_set_string_member (reply, "VPCId", str (c, "VpcId"));
  json_object_set_string_member (reply, "VSwitchId", str (c, "VSwitchId"));
  json_object_set_string_member (reply, "PayType", "Postpaid");
  json_object_set_string_member (reply, "DBClusterId", str (c, "DBClusterId"));
  json_object_set_string_member (reply, "DBClusterStatus", str (c, "DBClusterStatus"));
  json_object_set_string_member (reply, "DBClusterDescription", str (c, "DBClusterDescription"));
  json_object_set_string_member (reply, "Engine", "POLARDB");
  json_object_set_string_member (reply, "DBType", str (c, "DBType"));
  json_object_set_string_member (reply, "DBVersion", str (c, "DBVersion"));
  json_object_set_string_member (reply, "LockMode", "Unlock");
  json_object_set_int_member (reply, "DeletionLock", 0);
  json_object_set_string_member (reply, "CreationTime", "2025-06-01T08:00:00Z");
  json_object_set_string_member (reply, "ExpireTime", "");
  json_object_set_string_member (reply, "Expired", "false");
  json_object_set_string_member (reply, "MaintainTime", "18:00Z-19:00Z");
  json_object_set_int_member (reply, "StorageUsed", 3221225472);
  json_object_set_int_member (reply, "StorageMax", 109951162777600);
  json_object_set_string_member (reply, "ZoneIds", str (c, "ZoneId"));
  json_object_set_int_member (reply, "SQLSize", 0);
  json_object_set_boolean_member (reply, "IsLatestVersion", TRUE);
  json_object_set_string_member (reply, "ResourceGroupId", "rg-acfmdemo00000001");
  json_object_set_int_member (reply, "DataLevel1BackupChainSize", 0);
  json_object_set_array_member (reply, "Tags", json_array_new ());
  nodes = json_array_new ();
  for (guint n = 1; n <= 2; n++)
    {
      JsonObject *node = json_object_new ();
      g_autofree char *id = node_id (c, n);
      gboolean running = g_strcmp0 (str (c, "DBClusterStatus"), "Running") == 0;

      json_object_set_string_member (node, "DBNodeId", id);
      json_object_set_string_member (node, "ZoneId", str (c, "ZoneId"));
      json_object_set_string_member (node, "DBNodeStatus", running ? "Running" : str (c, "DBClusterStatus"));
      json_object_set_string_member (node, "CreationTime", "2025-06-01T08:00:00Z");
      json_object_set_string_member (node, "DBNodeClass", "polar.mysql.x4.medium");
      json_object_set_string_member (node, "DBNodeRole", n == 1 ? "Writer" : "Reader");
      json_object_set_int_member (node, "MaxIOPS", 8000);
      json_object_set_int_member (node, "MaxConnections", 1200);
      json_object_set_int_member (node, "FailoverPriority", n);
      json_array_add_object_element (nodes, node);
    }
  json_object_set_array_member (reply, "DBNodes", nodes);
}

static void
describe_db_cluster_endpoints (LwSimCall *call)
{
  JsonObject *c = find_cluster (call);
  const char *endpoint_id = lw_sim_param (call, "DBEndpointId");
  JsonArray *endpoints, *rows;
  JsonObject *reply;

  if (c == NULL)
    return;
  endpoints = lw_sim_array_member (c, "Endpoints");
  reply = lw_sim_call_ok (call);
  rows = json_array_new ();
  for (guint i = 0; i < json_array_get_length (endpoints); i++)
    {
      JsonObject *e = json_array_get_object_element (endpoints, i);
      JsonObject *row, *address;
      JsonArray *addresses;
      g_autofree char *nodes = NULL, *n1 = node_id (c, 1), *n2 = node_id (c, 2);
      g_autofree char *conn = NULL;
      gboolean primary = g_strcmp0 (str (e, "EndpointType"), "Primary") == 0;

      if (endpoint_id && *endpoint_id && g_strcmp0 (str (e, "DBEndpointId"), endpoint_id) != 0)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "DBEndpointId", str (e, "DBEndpointId"));
      json_object_set_string_member (row, "EndpointType", str (e, "EndpointType"));
      nodes = primary ? g_strdup (n1) : g_strdup_printf ("%s,%s", n1, n2);
      json_object_set_string_member (row, "Nodes", nodes);
      json_object_set_string_member (row, "ReadWriteMode", "ReadWrite");
      json_object_set_string_member (row, "AutoAddNewNodes", primary ? "Disable" : "Enable");
      json_object_set_string_member (row, "EndpointConfig", "{}");
      addresses = json_array_new ();
      address = json_object_new ();
      conn = g_strdup_printf ("%s.rwlb.%s.polardb.rds.aliyuncs.com", str (c, "DBClusterId"), str (c, "RegionId"));
      json_object_set_string_member (address, "ConnectionString", conn);
      json_object_set_string_member (address, "IPAddress", str (e, "IPAddress"));
      json_object_set_string_member (address, "NetType", "Private");
      /* Port is a string in the model and on the wire. */
      json_object_set_string_member (address, "Port", str (e, "Port"));
      json_object_set_string_member (address, "VPCId", str (c, "VpcId"));
      json_object_set_string_member (address, "VSwitchId", str (c, "VSwitchId"));
      json_object_set_string_member (address, "VpcInstanceId", str (e, "DBEndpointId"));
      json_object_set_string_member (address, "PrivateZoneConnectionString", "");
      json_array_add_object_element (addresses, address);
      json_object_set_array_member (row, "AddressItems", addresses);
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (reply, "Items", rows);
}

static void
describe_db_cluster_access_whitelist (LwSimCall *call)
{
  JsonObject *c = find_cluster (call);
  JsonObject *reply, *items, *sgs;
  JsonArray *groups, *rows, *sg_rows;
  const char *sg_ids;

  if (c == NULL)
    return;
  groups = lw_sim_array_member (c, "Whitelists");
  reply = lw_sim_call_ok (call);
  items = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "DBClusterIPArrayName", str (g, "DBClusterIPArrayName"));
      json_object_set_string_member (row, "DBClusterIPArrayAttribute", str (g, "DBClusterIPArrayAttribute"));
      json_object_set_string_member (row, "SecurityIps", str (g, "SecurityIps"));
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (items, "DBClusterIPArray", rows);
  json_object_set_object_member (reply, "Items", items);

  sgs = json_object_new ();
  sg_rows = json_array_new ();
  sg_ids = str (c, "SecurityGroupIds");
  if (*sg_ids)
    {
      g_auto(GStrv) list = g_strsplit (sg_ids, ",", -1);
      for (guint i = 0; list[i]; i++)
        {
          JsonObject *row = json_object_new ();
          json_object_set_string_member (row, "SecurityGroupId", list[i]);
          json_object_set_string_member (row, "SecurityGroupName", list[i]);
          json_array_add_object_element (sg_rows, row);
        }
    }
  json_object_set_array_member (sgs, "DBClusterSecurityGroup", sg_rows);
  json_object_set_object_member (reply, "DBClusterSecurityGroups", sgs);
}

static guint
count_entries (JsonArray  *groups,
               JsonObject *except)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      g_auto(GStrv) entries = NULL;

      if (g == except)
        continue;
      entries = g_strsplit (str (g, "SecurityIps"), ",", -1);
      for (guint e = 0; entries[e]; e++)
        if (*entries[e])
          n++;
    }
  return n;
}

static void
remove_group (LwSimServer *sim,
              JsonArray   *groups,
              guint        index)
{
  JsonObject *g = json_array_get_object_element (groups, index);
  GPtrArray *live = lw_sim_res_list (sim, WHITELIST_KIND);

  /* The live list holds a reference to the same object when the API created the group. */
  for (guint i = 0; i < live->len; i++)
    if (g_ptr_array_index (live, i) == g)
      {
        g_ptr_array_remove_index (live, i);
        break;
      }
  json_array_remove_element (groups, index);
}

static void
modify_db_cluster_access_whitelist (LwSimCall *call)
{
  JsonObject *c = find_cluster (call);
  const char *type, *mode, *attribute;
  const char *name = lw_sim_param (call, "DBClusterIPArrayName");
  const char *ips = lw_sim_param (call, "SecurityIps");
  g_auto(GStrv) entries = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autofree char *joined = NULL;
  JsonArray *groups;
  JsonObject *group = NULL;
  guint group_index = 0;

  if (c == NULL)
    return;
  if (!lw_sim_param_enum (call, "WhiteListType", "IP|SecurityGroup", "IP", &type) ||
      !lw_sim_param_enum (call, "ModifyMode", "Cover|Append|Delete", "Cover", &mode) ||
      !lw_sim_param_enum (call, "DBClusterIPArrayAttribute", "hidden", "", &attribute))
    return;
  if (g_strcmp0 (str (c, "DBClusterStatus"), "Running") != 0)
    {
      lw_sim_call_error (call, 403, "OperationDenied.DBClusterStatus",
                         "The operation is not permitted due to status of cluster.");
      return;
    }

  if (strcmp (type, "SecurityGroup") == 0)
    {
      const char *sg_ids = lw_sim_param (call, "SecurityGroupIds");

      /* ModifyMode, SecurityIps and the group name apply to WhiteListType IP only. */
      if (sg_ids == NULL)
        {
          lw_sim_call_error (call, 400, "MissingParam.SecurityGroupIds",
                             "The parameter SecurityGroupIds that is mandatory for WhiteListType SecurityGroup "
                             "is not supplied.");
          return;
        }
      json_object_set_string_member (c, "SecurityGroupIds", sg_ids);
      lw_sim_call_ok (call);
      return;
    }

  /* DBClusterIPArrayName's and SecurityIps' documented forms (and SecurityIps' 1,000 entries per call):
   * data/api-string-rules.json, checked before this handler (lw-sim-strings.c). */
  if (name == NULL || *name == '\0')
    name = "default";
  if (ips == NULL || *ips == '\0')
    {
      lw_sim_call_error (call, 400, "MissingParam.SecurityIps",
                         "The parameter SecurityIps that is mandatory for WhiteListType IP is not supplied.");
      return;
    }
  entries = g_strsplit (ips, ",", -1);
  for (guint i = 0; entries[i]; i++)
    g_strstrip (entries[i]);

  groups = lw_sim_array_member (c, "Whitelists");
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      if (g_strcmp0 (str (g, "DBClusterIPArrayName"), name) == 0)
        {
          group = g;
          group_index = i;
        }
    }

  result = lw_sim_ip_list_apply (group != NULL ? str (group, "SecurityIps") : NULL, entries, mode);
  if (count_entries (groups, group) + result->len > MAX_WHITELIST_ENTRIES)
    {
      lw_sim_call_error (call, 400, "InvalidSecurityIPList.Exceeded",
                         "The IP whitelist groups of a cluster hold at most %u addresses or CIDR blocks.",
                         MAX_WHITELIST_ENTRIES);
      return;
    }

  if (group == NULL)
    {
      if (strcmp (mode, "Delete") == 0)
        {
          /* Nothing to delete from a group that does not exist. */
          lw_sim_call_ok (call);
          return;
        }
      if (json_array_get_length (groups) >= MAX_WHITELIST_GROUPS)
        {
          lw_sim_call_error (call, 400, "QuotaExceeded.DBClusterIPArray",
                             "A cluster has at most %u IP whitelist groups.", MAX_WHITELIST_GROUPS);
          return;
        }
      group = json_object_new ();
      json_object_set_string_member (group, "DBClusterIPArrayName", name);
      json_object_set_string_member (group, "SecurityIps", "");
      json_object_set_string_member (group, "_DBClusterId", str (c, "DBClusterId"));
      json_array_add_object_element (groups, group);
      group_index = json_array_get_length (groups) - 1;
      lw_sim_res_add (call->sim, WHITELIST_KIND, json_object_ref (group), lw_sim_param (call, "ClientToken"));
    }
  if (*attribute)
    json_object_set_string_member (group, "DBClusterIPArrayAttribute", attribute);

  if (result->len == 0 && strcmp (name, "default") != 0)
    remove_group (call->sim, groups, group_index);
  else
    {
      g_ptr_array_add (result, NULL);
      joined = g_strjoinv (",", (char **) result->pdata);
      json_object_set_string_member (group, "SecurityIps", joined);
    }
  lw_sim_call_ok (call);
}

const LwSimAction lw_sim_polardb_actions[] = {
  { "DescribeDBClusters", "RegionId", describe_db_clusters },
  { "DescribeDBClusterAttribute", "DBClusterId", describe_db_cluster_attribute },
  { "DescribeDBClusterEndpoints", "DBClusterId", describe_db_cluster_endpoints },
  { "DescribeDBClusterAccessWhitelist", "DBClusterId", describe_db_cluster_access_whitelist },
  { "ModifyDBClusterAccessWhitelist", "DBClusterId", modify_db_cluster_access_whitelist },
  { NULL, NULL, NULL }
};
