/* lw-source.c — reading a source database of any kind (RDS, PolarDB, ECS) from the cloud
 *
 * Answer shapes, from the pinned official SDKs (tests/conformance/package.json):
 * - PolarDB 2017-08-01 (@alicloud/polardb20170801 1.0.0): DescribeDBClusters → Items.DBCluster[]
 *   {DBClusterId, DBClusterDescription, DBClusterStatus, DBType, DBVersion, DBClusterNetworkType, ZoneId,
 *   VpcId, RegionId}; DescribeDBClusterAttribute → the cluster at the top level (VPCId, VSwitchId, ZoneIds
 *   comma-separated); DescribeDBClusterEndpoints → Items[] {DBEndpointId, EndpointType, AddressItems[]
 *   {NetType, IPAddress, Port (a string), VPCId, ConnectionString}}; DescribeDBClusterAccessWhitelist →
 *   Items.DBClusterIPArray[] {DBClusterIPArrayName, DBClusterIPArrayAttribute, SecurityIps}.
 * - ECS 2014-05-26 (@alicloud/ecs20140526): DescribeInstances → Instances.Instance[] {InstanceId,
 *   InstanceName, Status, InstanceNetworkType ("vpc" | "classic"), ZoneId, RegionId, VpcAttributes {VpcId,
 *   VSwitchId, PrivateIpAddress.IpAddress[]}, NetworkInterfaces.NetworkInterface[] {Type, PrimaryIpAddress},
 *   SecurityGroupIds.SecurityGroupId[]}, TotalCount; DescribeSecurityGroupAttribute → Permissions.Permission[]
 *   {SecurityGroupRuleId, Direction, IpProtocol, PortRange "from/to", SourceCidrIp, Policy, Description}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-source-private.h"

#define DEFAULT_PAGE_SIZE 100

/* ---- JSON ---- */

char *
lw_source_json_string (JsonObject *o, const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64: return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN: return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default: return NULL;
    }
}

JsonArray *
lw_source_json_array (JsonObject *o, const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
lw_source_json_object (JsonObject *o, const char *name)
{
  JsonNode *node = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* {"Wrapper": {"Name": [...]}} → the array (the RPC APIs' XML-shaped lists). */
static JsonArray *
wrapped_array (JsonObject *o, const char *wrapper, const char *name)
{
  return lw_source_json_array (lw_source_json_object (o, wrapper), name);
}

static char **
string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (b, json_node_get_string (node));
    }
  return g_strv_builder_end (b);
}

/* "VPC" / "Classic" whatever case the API uses ("vpc" in ECS). */
static char *
network_type (const char *value)
{
  if (value == NULL)
    return NULL;
  if (g_ascii_strcasecmp (value, "vpc") == 0)
    return g_strdup ("VPC");
  if (g_ascii_strcasecmp (value, "classic") == 0)
    return g_strdup ("Classic");
  return g_strdup (value);
}

LwDiscInstance *
lw_source_polardb_instance (JsonObject *c)
{
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);
  g_autofree char *net = lw_source_json_string (c, "DBClusterNetworkType");

  dst->kind = LW_SOURCE_KIND_POLARDB;
  dst->db_instance_id = lw_source_json_string (c, "DBClusterId");
  dst->description = lw_source_json_string (c, "DBClusterDescription");
  dst->status = lw_source_json_string (c, "DBClusterStatus");
  dst->engine = lw_source_json_string (c, "DBType");
  dst->engine_version = lw_source_json_string (c, "DBVersion");
  dst->network_type = network_type (net);
  dst->region_id = lw_source_json_string (c, "RegionId");
  dst->zone_id = lw_source_json_string (c, "ZoneId");
  /* DescribeDBClusters spells it VpcId, DescribeDBClusterAttribute VPCId. */
  dst->vpc_id = lw_source_json_string (c, "VpcId");
  if (dst->vpc_id == NULL)
    dst->vpc_id = lw_source_json_string (c, "VPCId");
  dst->vswitch_id = lw_source_json_string (c, "VSwitchId");
  if (dst->zone_id == NULL)
    {
      /* The attribute has ZoneIds ("cn-hangzhou-i,cn-hangzhou-j"): the first is the primary zone. */
      g_autofree char *zones = lw_source_json_string (c, "ZoneIds");
      g_auto(GStrv) parts = zones ? g_strsplit (zones, ",", 2) : NULL;
      dst->zone_id = parts && parts[0] && *parts[0] ? g_strdup (parts[0]) : NULL;
    }
  return dst;
}

LwDiscInstance *
lw_source_ecs_instance (JsonObject *o)
{
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);
  JsonObject *vpc = lw_source_json_object (o, "VpcAttributes");
  g_autofree char *net = lw_source_json_string (o, "InstanceNetworkType");
  JsonArray *ips = wrapped_array (vpc, "PrivateIpAddress", "IpAddress");
  JsonArray *nics = wrapped_array (o, "NetworkInterfaces", "NetworkInterface");

  dst->kind = LW_SOURCE_KIND_ECS;
  dst->db_instance_id = lw_source_json_string (o, "InstanceId");
  dst->description = lw_source_json_string (o, "InstanceName");
  dst->status = lw_source_json_string (o, "Status");
  dst->network_type = network_type (net);
  dst->region_id = lw_source_json_string (o, "RegionId");
  dst->zone_id = lw_source_json_string (o, "ZoneId");
  dst->vpc_id = lw_source_json_string (vpc, "VpcId");
  dst->vswitch_id = lw_source_json_string (vpc, "VSwitchId");
  /* The primary network interface's primary address; else the first VPC address. */
  for (guint i = 0; nics != NULL && i < json_array_get_length (nics) && dst->private_ip == NULL; i++)
    {
      JsonObject *nic = json_array_get_object_element (nics, i);
      g_autofree char *type = lw_source_json_string (nic, "Type");
      if (type == NULL || g_str_equal (type, "Primary"))
        dst->private_ip = lw_source_json_string (nic, "PrimaryIpAddress");
    }
  if (dst->private_ip == NULL && ips != NULL && json_array_get_length (ips) > 0)
    dst->private_ip = g_strdup (json_array_get_string_element (ips, 0));
  if (dst->private_ip != NULL && *dst->private_ip == '\0')
    g_clear_pointer (&dst->private_ip, g_free);
  dst->security_group_ids = string_array (wrapped_array (o, "SecurityGroupIds", "SecurityGroupId"));
  return dst;
}

LwDiscAddress *
lw_source_polardb_address (JsonObject *r, const char *endpoint_id)
{
  static const char * const preferred[] = { "Cluster", "Primary", NULL };
  LwDiscAddress *dst = g_new0 (LwDiscAddress, 1);
  JsonArray *items = lw_source_json_array (r, "Items");
  JsonObject *chosen = NULL;

  for (guint pass = 0; chosen == NULL && pass < (endpoint_id ? 1 : G_N_ELEMENTS (preferred) - 1); pass++)
    for (guint i = 0; items != NULL && i < json_array_get_length (items) && chosen == NULL; i++)
      {
        JsonObject *e = json_array_get_object_element (items, i);
        g_autofree char *id = lw_source_json_string (e, "DBEndpointId");
        g_autofree char *type = lw_source_json_string (e, "EndpointType");

        if (endpoint_id ? g_strcmp0 (id, endpoint_id) == 0 : g_strcmp0 (type, preferred[pass]) == 0)
          chosen = e;
      }
  if (chosen != NULL)
    {
      JsonArray *addresses = lw_source_json_array (chosen, "AddressItems");

      dst->endpoint_id = lw_source_json_string (chosen, "DBEndpointId");
      for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
        {
          JsonObject *a = json_array_get_object_element (addresses, i);
          g_autofree char *net = lw_source_json_string (a, "NetType");
          g_autofree char *port = lw_source_json_string (a, "Port");
          guint64 port_value = 0;

          if (g_strcmp0 (net, "Private") != 0)
            continue;
          dst->ip_address = lw_source_json_string (a, "IPAddress");
          if (port != NULL)
            g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_value, NULL);
          dst->port = (guint) port_value;
          dst->vpc_id = lw_source_json_string (a, "VPCId");
          dst->connection_string = lw_source_json_string (a, "ConnectionString");
          break;
        }
    }
  return dst;
}

char *
lw_source_polardb_access (JsonObject *r)
{
  JsonArray *groups = wrapped_array (r, "Items", "DBClusterIPArray");
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      g_autofree char *ips = lw_source_json_string (json_array_get_object_element (groups, i), "SecurityIps");
      if (ips == NULL || *ips == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, ips);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "3306/3306", "1/65535", "-1/-1" (every port) → does it cover @port? */
static gboolean
port_range_covers (const char *range, guint port)
{
  g_auto(GStrv) parts = range ? g_strsplit (range, "/", 2) : NULL;
  gint64 from, to;

  if (parts == NULL || parts[0] == NULL || parts[1] == NULL)
    return FALSE;
  from = g_ascii_strtoll (parts[0], NULL, 10);
  to = g_ascii_strtoll (parts[1], NULL, 10);
  if (from == -1 && to == -1)
    return TRUE;
  return from <= port && port <= to;
}

static gboolean
is_ingress (JsonObject *rule)
{
  g_autofree char *direction = lw_source_json_string (rule, "Direction");

  /* DescribeSecurityGroupAttribute without Direction answers both; a rule without one is ingress. */
  return direction == NULL || g_ascii_strcasecmp (direction, "ingress") == 0;
}

void
lw_source_ecs_access (JsonObject *r, guint port, GString *out)
{
  JsonArray *rules = wrapped_array (r, "Permissions", "Permission");

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      g_autofree char *protocol = lw_source_json_string (rule, "IpProtocol");
      g_autofree char *range = lw_source_json_string (rule, "PortRange");
      g_autofree char *policy = lw_source_json_string (rule, "Policy");
      g_autofree char *cidr = lw_source_json_string (rule, "SourceCidrIp");

      if (!is_ingress (rule) || cidr == NULL || *cidr == '\0')
        continue;
      /* Policy defaults to accept (AuthorizeSecurityGroup). */
      if (policy != NULL && g_ascii_strcasecmp (policy, "accept") != 0)
        continue;
      if (protocol == NULL || (g_ascii_strcasecmp (protocol, "tcp") != 0 && g_ascii_strcasecmp (protocol, "all") != 0))
        continue;
      if (g_ascii_strcasecmp (protocol, "all") != 0 && !port_range_covers (range, port))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, cidr);
    }
}

GPtrArray *
lw_source_ecs_rule_ids (JsonObject *r, const char *description, const char *source_cidr, const char *port_range)
{
  JsonArray *rules = wrapped_array (r, "Permissions", "Permission");
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      g_autofree char *desc = lw_source_json_string (rule, "Description");
      g_autofree char *cidr = lw_source_json_string (rule, "SourceCidrIp");
      g_autofree char *range = lw_source_json_string (rule, "PortRange");
      char *id = lw_source_json_string (rule, "SecurityGroupRuleId");

      if (id == NULL || !is_ingress (rule) || g_strcmp0 (desc, description) != 0
          || (source_cidr != NULL && g_strcmp0 (cidr, source_cidr) != 0)
          || (port_range != NULL && g_strcmp0 (range, port_range) != 0))
        {
          g_free (id);
          continue;
        }
      g_ptr_array_add (ids, id);
    }
  return ids;
}

LwProduct
lw_source_kind_product (LwSourceKind kind)
{
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB: return LW_PRODUCT_POLARDB;
    case LW_SOURCE_KIND_ECS: return LW_PRODUCT_ECS;
    case LW_SOURCE_KIND_RDS:
    default:
      return LW_PRODUCT_RDS;
    }
}

static gboolean
parse_cidr (const char *text, guint32 *addr, guint *bits)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", 2);
  g_autoptr(GInetAddress) inet = NULL;
  const guint8 *bytes;

  if (parts[0] == NULL)
    return FALSE;
  g_strstrip (parts[0]);
  inet = g_inet_address_new_from_string (parts[0]);
  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  bytes = g_inet_address_to_bytes (inet);
  *addr = ((guint32)bytes[0] << 24) | ((guint32)bytes[1] << 16) | ((guint32)bytes[2] << 8) | bytes[3];
  *bits = 32;
  if (parts[1] != NULL)
    {
      guint64 b;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 32, &b, NULL))
        return FALSE;
      *bits = b;
    }
  return TRUE;
}

gboolean
lw_source_cidr_covers (const char *outer, const char *inner)
{
  guint32 oa, ia, mask;
  guint ob, ib;

  if (!parse_cidr (outer, &oa, &ob) || !parse_cidr (inner, &ia, &ib))
    return FALSE;
  if (ob > ib)
    return FALSE;
  mask = ob == 0 ? 0 : 0xffffffffu << (32 - ob);
  return (oa & mask) == (ia & mask);
}

char *
lw_source_missing_cidrs (LwSetup *setup, const char *allowed)
{
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_auto(GStrv) entries = g_strsplit (allowed ? allowed : "", ",", -1);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      gboolean covered = FALSE;

      if (m->cidr == NULL)
        continue;
      for (guint j = 0; entries[j] != NULL && !covered; j++)
        covered = lw_source_cidr_covers (entries[j], m->cidr);
      if (!covered)
        {
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, m->cidr);
        }
    }
  return g_string_free (g_steal_pointer (&missing), FALSE);
}

/* ---- the lookups ---- */

typedef enum { Q_LIST, Q_INSTANCE, Q_ADDRESS, Q_ACCESS } Query;

typedef struct {
  LwRpcClient *rpc;
  Query query;
  LwSourceKind kind;
  char *region;
  char *source_id;
  char *endpoint_id;
  guint port;
  guint page_number;
  guint page_size;
  guint pending;        /* ECS access: security groups still to read */
  GString *access;
  GError *error;
} Lookup;

static void
lookup_free (Lookup *l)
{
  g_clear_object (&l->rpc);
  g_free (l->region);
  g_free (l->source_id);
  g_free (l->endpoint_id);
  if (l->access != NULL)
    g_string_free (l->access, TRUE);
  g_clear_error (&l->error);
  g_free (l);
}

static GTask *
lookup_new (LwRpcClient *rpc, Query query, LwSourceKind kind, const char *region, const char *source_id,
            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Lookup *l = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, lookup_new);
  l->rpc = g_object_ref (rpc);
  l->query = query;
  l->kind = kind;
  l->region = g_strdup (region);
  l->source_id = g_strdup (source_id);
  g_task_set_task_data (task, l, (GDestroyNotify) lookup_free);
  return task;
}

static void
not_found (GTask *task, LwSourceKind kind, const char *id)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("%s %s does not exist in this region."), lw_source_kind_get_label (kind), id);
}

static void
call (GTask *task, LwProduct product, const char *action, LwParams *params, GAsyncReadyCallback cb)
{
  Lookup *l = g_task_get_task_data (task);

  lw_rpc_client_call_async (l->rpc, product, action, params, LW_CALL_FLAGS_NONE, g_task_get_cancellable (task),
                            cb, task);
  lw_params_free (params);
}

/* ECS DescribeInstances of one instance: InstanceIds is one string, a JSON array of IDs. */
static LwParams *
ecs_instance_params (Lookup *l)
{
  LwParams *p = lw_params_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *ids = NULL;

  json_builder_begin_array (b);
  json_builder_add_string_value (b, l->source_id);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  ids = json_generator_to_data (gen, NULL);
  lw_params_add (p, "RegionId", l->region);
  lw_params_add (p, "InstanceIds", ids);
  return p;
}

static void
list_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  LwDiscInstancePage *page;
  JsonArray *rows;
  g_autofree char *total = NULL;

  if (r == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page = g_new0 (LwDiscInstancePage, 1);
  page->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_instance_free);
  page->page_number = l->page_number;
  if (l->kind == LW_SOURCE_KIND_POLARDB)
    {
      rows = wrapped_array (r, "Items", "DBCluster");
      total = lw_source_json_string (r, "TotalRecordCount");
    }
  else
    {
      rows = wrapped_array (r, "Instances", "Instance");
      total = lw_source_json_string (r, "TotalCount");
    }
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_ptr_array_add (page->instances, l->kind == LW_SOURCE_KIND_POLARDB ? lw_source_polardb_instance (o)
                                                                          : lw_source_ecs_instance (o));
    }
  page->total = total ? (guint) g_ascii_strtoull (total, NULL, 10) : page->instances->len;
  g_task_return_pointer (task, page, (GDestroyNotify) lw_disc_instance_page_free);
}

void
lw_source_list_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, guint page_number,
                      guint page_size, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_LIST, kind, region, NULL, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);
  LwParams *p = lw_params_new ();

  l->page_number = page_number ? page_number : 1;
  l->page_size = page_size ? MIN (page_size, DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  /* DescribeDBClusters takes PageSize 30, 50 or 100 only (the PolarDB 2017-08-01 reference): the next
   * allowed size up. */
  if (kind == LW_SOURCE_KIND_POLARDB)
    l->page_size = l->page_size <= 30 ? 30 : l->page_size <= 50 ? 50 : 100;
  lw_params_add (p, "RegionId", region);
  lw_params_add_uint (p, "PageNumber", l->page_number);
  lw_params_add_uint (p, "PageSize", l->page_size);
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      /* Every DBType, so that PostgreSQL and Oracle clusters show why they cannot be used. */
      call (task, LW_PRODUCT_POLARDB, "DescribeDBClusters", p, list_cb);
      break;
    case LW_SOURCE_KIND_ECS:
      call (task, LW_PRODUCT_ECS, "DescribeInstances", p, list_cb);
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      lw_params_free (p);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "RDS is listed by lw-discovery.c");
      g_object_unref (task);
      break;
    }
}

static void
rds_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(LwRdsInstance) rds = lw_rds_describe_db_instance_attribute_finish (LW_RPC_CLIENT (source), res, &error);
  LwDiscInstance *dst;

  if (rds == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  dst = g_new0 (LwDiscInstance, 1);
  dst->kind = LW_SOURCE_KIND_RDS;
  dst->db_instance_id = g_strdup (rds->db_instance_id);
  dst->description = g_strdup (rds->description);
  dst->status = g_strdup (rds->status);
  dst->engine = g_strdup (rds->engine);
  dst->engine_version = g_strdup (rds->engine_version);
  dst->network_type = g_strdup (rds->network_type);
  dst->region_id = g_strdup (rds->region_id);
  dst->zone_id = g_strdup (rds->zone_id);
  dst->vpc_id = g_strdup (rds->vpc_id);
  dst->vswitch_id = g_strdup (rds->vswitch_id);
  g_task_return_pointer (task, dst, (GDestroyNotify) lw_disc_instance_free);
}

static void
polardb_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_instance (r), (GDestroyNotify) lw_disc_instance_free);
}

/* The one instance of a DescribeInstances by id (NULL when the answer has none). */
static JsonObject *
ecs_only_instance (JsonObject *r, const char *id)
{
  JsonArray *rows = wrapped_array (r, "Instances", "Instance");

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_autofree char *this_id = lw_source_json_string (o, "InstanceId");
      if (g_strcmp0 (this_id, id) == 0)
        return o;
    }
  return NULL;
}

static void
ecs_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  JsonObject *o;

  if (r == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((o = ecs_only_instance (r, l->source_id)) == NULL)
    {
      not_found (task, l->kind, l->source_id);
      return;
    }
  g_task_return_pointer (task, lw_source_ecs_instance (o), (GDestroyNotify) lw_disc_instance_free);
}

void
lw_source_instance_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_INSTANCE, kind, region, source_id, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);
  LwParams *p;

  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      p = lw_params_new ();
      lw_params_add (p, "DBClusterId", source_id);  /* no RegionId in the official model */
      call (task, LW_PRODUCT_POLARDB, "DescribeDBClusterAttribute", p, polardb_instance_cb);
      break;
    case LW_SOURCE_KIND_ECS:
      call (task, LW_PRODUCT_ECS, "DescribeInstances", ecs_instance_params (l), ecs_instance_cb);
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      lw_rds_describe_db_instance_attribute_async (rpc, source_id, cancellable, rds_instance_cb, task);
      break;
    }
}

static void
rds_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(LwRdsNetInfo) info = lw_rds_describe_db_instance_net_info_finish (LW_RPC_CLIENT (source), res, &error);
  const LwRdsNetInfoEntry *entry;
  LwDiscAddress *dst;

  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  dst = g_new0 (LwDiscAddress, 1);
  if ((entry = lw_rds_net_info_find_private (info)) != NULL)
    {
      dst->ip_address = g_strdup (entry->ip_address);
      dst->port = entry->port;
      dst->vpc_id = g_strdup (entry->vpc_id);
      dst->connection_string = g_strdup (entry->connection_string);
    }
  g_task_return_pointer (task, dst, (GDestroyNotify) lw_disc_address_free);
}

static void
polardb_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_address (r, l->endpoint_id), (GDestroyNotify) lw_disc_address_free);
}

static void
ecs_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autoptr(LwDiscInstance) instance = NULL;
  LwDiscAddress *dst;
  JsonObject *o;

  if (r == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((o = ecs_only_instance (r, l->source_id)) == NULL)
    {
      not_found (task, l->kind, l->source_id);
      return;
    }
  instance = lw_source_ecs_instance (o);
  dst = g_new0 (LwDiscAddress, 1);
  dst->ip_address = g_steal_pointer (&instance->private_ip);
  dst->port = 0;   /* MySQL's port on ECS is the user's to say */
  dst->vpc_id = g_steal_pointer (&instance->vpc_id);
  dst->security_group_ids = g_steal_pointer (&instance->security_group_ids);
  g_task_return_pointer (task, dst, (GDestroyNotify) lw_disc_address_free);
}

void
lw_source_address_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                         const char *endpoint_id, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_ADDRESS, kind, region, source_id, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);
  LwParams *p;

  l->endpoint_id = g_strdup (endpoint_id);
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      p = lw_params_new ();
      lw_params_add (p, "DBClusterId", source_id);
      call (task, LW_PRODUCT_POLARDB, "DescribeDBClusterEndpoints", p, polardb_address_cb);
      break;
    case LW_SOURCE_KIND_ECS:
      call (task, LW_PRODUCT_ECS, "DescribeInstances", ecs_instance_params (l), ecs_address_cb);
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      lw_rds_describe_db_instance_net_info_async (rpc, source_id, cancellable, rds_address_cb, task);
      break;
    }
}

static void
rds_access_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) groups = lw_rds_describe_db_instance_ip_array_list_finish (LW_RPC_CLIENT (source), res, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  if (groups == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < groups->len; i++)
    {
      LwRdsIpArray *group = g_ptr_array_index (groups, i);
      if (group->security_ip_list == NULL || *group->security_ip_list == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, group->security_ip_list);
    }
  g_task_return_pointer (task, g_string_free (g_steal_pointer (&out), FALSE), g_free);
}

static void
polardb_access_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_access (r), g_free);
}

static void
ecs_group_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL && l->error == NULL)
    l->error = error;
  else if (r == NULL)
    g_error_free (error);
  else
    lw_source_ecs_access (r, l->port, l->access);
  if (--l->pending > 0)
    return;
  if (l->error != NULL)
    g_task_return_error (task, g_steal_pointer (&l->error));
  else
    g_task_return_pointer (task, g_strdup (l->access->str), g_free);
  g_object_unref (task);
}

static void
ecs_access_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autoptr(LwDiscInstance) instance = NULL;
  JsonObject *o;

  if (r == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if ((o = ecs_only_instance (r, l->source_id)) == NULL)
    {
      not_found (task, l->kind, l->source_id);
      g_object_unref (task);
      return;
    }
  instance = lw_source_ecs_instance (o);
  l->access = g_string_new (NULL);
  if (instance->security_group_ids == NULL || instance->security_group_ids[0] == NULL)
    {
      g_task_return_pointer (task, g_strdup (""), g_free);
      g_object_unref (task);
      return;
    }
  /* The rules of every security group of the instance apply together. */
  for (guint i = 0; instance->security_group_ids[i] != NULL; i++)
    l->pending++;
  for (guint i = 0; instance->security_group_ids[i] != NULL; i++)
    {
      LwParams *p = lw_params_new ();

      lw_params_add (p, "RegionId", l->region);
      lw_params_add (p, "SecurityGroupId", instance->security_group_ids[i]);
      lw_params_add (p, "Direction", "ingress");
      lw_rpc_client_call_async (l->rpc, LW_PRODUCT_ECS, "DescribeSecurityGroupAttribute", p, LW_CALL_FLAGS_NONE,
                                g_task_get_cancellable (task), ecs_group_cb, task);
      lw_params_free (p);
    }
}

void
lw_source_access_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                        guint port, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_ACCESS, kind, region, source_id, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);
  LwParams *p;

  l->port = port;
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      p = lw_params_new ();
      lw_params_add (p, "DBClusterId", source_id);
      call (task, LW_PRODUCT_POLARDB, "DescribeDBClusterAccessWhitelist", p, polardb_access_cb);
      break;
    case LW_SOURCE_KIND_ECS:
      call (task, LW_PRODUCT_ECS, "DescribeInstances", ecs_instance_params (l), ecs_access_instance_cb);
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      lw_rds_describe_db_instance_ip_array_list_async (rpc, source_id, cancellable, rds_access_cb, task);
      break;
    }
}

gpointer
lw_source_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, lookup_new), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
