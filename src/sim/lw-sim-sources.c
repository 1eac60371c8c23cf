/* lw-sim-sources.c — the MySQL sources behind an NLB backend address, for the NLB health check and
 * TiDB Cloud's changefeed test: RDS instances, PolarDB cluster endpoints and ECS instances
 * (lw-sim-private.h says what "healthy" means per kind), and the drift hook that moves one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-sources"

#include "lw-sim-private.h"

#include <string.h>

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static gint64
port_of (JsonObject *obj,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return fallback;
}

static gboolean
all_covered (GPtrArray  *cidrs,
             gboolean  (*accepts) (gpointer source, const char *cidr, gpointer data),
             gpointer    source,
             gpointer    data)
{
  for (guint i = 0; cidrs && i < cidrs->len; i++)
    if (!accepts (source, g_ptr_array_index (cidrs, i), data))
      return FALSE;
  return TRUE;
}

static gboolean
polardb_accepts (gpointer    cluster,
                 const char *cidr,
                 gpointer    data)
{
  return lw_sim_polardb_accepts (cluster, cidr);
}

typedef struct {
  LwSimServer *sim;
  gint64       port;
} EcsCheck;

static gboolean
ecs_accepts (gpointer    instance,
             const char *cidr,
             gpointer    data)
{
  EcsCheck *check = data;
  return lw_sim_ecs_accepts (check->sim, instance, check->port, cidr);
}

gboolean
lw_sim_source_healthy (LwSimServer      *sim,
                       const char       *ip,
                       gint64            port,
                       const char       *vpc_id,
                       GPtrArray        *cidrs,
                       JsonObject      **out_obj,
                       LwSimSourceKind  *out_kind)
{
  /* Addresses may repeat across kinds (a stopped RDS instance and a PolarDB endpoint): any healthy
   * source at the address answers. */
  for (guint i = 0; i < sim->rds->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (sim->rds, i);

      if (g_strcmp0 (str (inst, "IPAddress"), ip) == 0 && port_of (inst, "Port", 3306) == port &&
          g_strcmp0 (str (inst, "VpcId"), vpc_id) == 0 && g_strcmp0 (str (inst, "DBInstanceStatus"), "Running") == 0)
        {
          if (out_obj)
            *out_obj = inst;
          if (out_kind)
            *out_kind = LW_SIM_SOURCE_RDS;
          return TRUE;
        }
    }
  for (guint i = 0; i < sim->polardb->len; i++)
    {
      JsonObject *c = g_ptr_array_index (sim->polardb, i);
      JsonNode *node = json_object_get_member (c, "Endpoints");
      JsonArray *endpoints = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (g_strcmp0 (str (c, "VpcId"), vpc_id) != 0 || g_strcmp0 (str (c, "DBClusterStatus"), "Running") != 0 ||
          g_strcmp0 (str (c, "DBType"), "MySQL") != 0)
        continue;
      for (guint e = 0; endpoints && e < json_array_get_length (endpoints); e++)
        {
          JsonObject *ep = json_array_get_object_element (endpoints, e);

          if (g_strcmp0 (str (ep, "IPAddress"), ip) == 0 && port_of (ep, "Port", 3306) == port &&
              all_covered (cidrs, polardb_accepts, c, NULL))
            {
              if (out_obj)
                *out_obj = c;
              if (out_kind)
                *out_kind = LW_SIM_SOURCE_POLARDB;
              return TRUE;
            }
        }
    }
  for (guint i = 0; i < sim->ecs->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (sim->ecs, i);
      EcsCheck check = { sim, port };

      /* MySQL listens on the instance's "MysqlPort" (seed world; 3306). */
      if (g_strcmp0 (str (inst, "PrivateIpAddress"), ip) == 0 && port_of (inst, "MysqlPort", 3306) == port &&
          g_strcmp0 (str (inst, "InstanceNetworkType"), "vpc") == 0 &&
          g_strcmp0 (str (inst, "VpcId"), vpc_id) == 0 && g_strcmp0 (str (inst, "Status"), "Running") == 0 &&
          all_covered (cidrs, ecs_accepts, inst, &check))
        {
          if (out_obj)
            *out_obj = inst;
          if (out_kind)
            *out_kind = LW_SIM_SOURCE_ECS;
          return TRUE;
        }
    }
  return FALSE;
}

GPtrArray *
lw_sim_nlb_group_cidrs (LwSimServer *sim,
                        const char  *server_group_id)
{
  GPtrArray *cidrs = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *listeners = lw_sim_res_list (sim, "listener");

  for (guint i = 0; i < listeners->len; i++)
    {
      JsonObject *l = g_ptr_array_index (listeners, i);
      JsonObject *lb;
      JsonNode *node;
      JsonArray *mappings;

      if (g_strcmp0 (str (l, "ServerGroupId"), server_group_id) != 0)
        continue;
      lb = lw_sim_res_find (sim, "load-balancer", "LoadBalancerId", str (l, "LoadBalancerId"));
      node = lb ? json_object_get_member (lb, "ZoneMappings") : NULL;
      mappings = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      for (guint m = 0; mappings && m < json_array_get_length (mappings); m++)
        {
          JsonObject *vsw = lw_sim_find_vswitch (sim, str (json_array_get_object_element (mappings, m), "VSwitchId"));
          const char *cidr = vsw ? str (vsw, "CidrBlock") : "";
          gboolean seen = FALSE;

          for (guint k = 0; k < cidrs->len && !seen; k++)
            seen = strcmp (g_ptr_array_index (cidrs, k), cidr) == 0;
          if (*cidr && !seen)
            g_ptr_array_add (cidrs, g_strdup (cidr));
        }
    }
  return cidrs;
}

gboolean
lw_sim_server_move_source (LwSimServer *self,
                           const char  *source_id,
                           const char  *new_ip)
{
  JsonObject *obj;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (new_ip != NULL, FALSE);

  if (source_id == NULL)
    return FALSE;
  if ((obj = g_hash_table_lookup (self->rds_by_id, source_id)) != NULL)
    {
      json_object_set_string_member (obj, "IPAddress", new_ip);
      return TRUE;
    }
  if ((obj = lw_sim_polardb_find (self, source_id)) != NULL)
    {
      JsonNode *node = json_object_get_member (obj, "Endpoints");
      JsonArray *endpoints = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint e = 0; endpoints && e < json_array_get_length (endpoints); e++)
        {
          JsonObject *ep = json_array_get_object_element (endpoints, e);
          if (g_strcmp0 (str (ep, "EndpointType"), "Cluster") == 0)
            json_object_set_string_member (ep, "IPAddress", new_ip);
        }
      return TRUE;
    }
  if ((obj = lw_sim_ecs_find_instance (self, source_id)) != NULL)
    {
      json_object_set_string_member (obj, "PrivateIpAddress", new_ip);
      return TRUE;
    }
  return FALSE;
}
