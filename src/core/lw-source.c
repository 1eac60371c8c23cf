/* lw-source.c — reading a source database of any kind (RDS, PolarDB, ECS) from the cloud
 *
 * The answers are read by the cloud library's typed calls (lw-polardb.h, lw-ecs.h, lw-rds.h), whose
 * declared fields tests/core/test-wire-alibaba.c holds to the pinned official SDKs' models; this file only
 * turns them into core's types (LwDiscInstance, LwDiscAddress, access lists) and chooses: PolarDB's Cluster
 * endpoint (else Primary), ECS's primary network interface address, the ECS rules that let a port in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-cidr.h"
#include "lw-source-private.h"

#define DEFAULT_PAGE_SIZE 100

/* ---- the cloud's typed answers as core's types ---- */

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
lw_source_polardb_instance (const LwPolardbCluster *c)
{
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);

  dst->kind = LW_SOURCE_KIND_POLARDB;
  dst->db_instance_id = g_strdup (c->db_cluster_id);
  dst->description = g_strdup (c->description);
  dst->status = g_strdup (c->status);
  dst->engine = g_strdup (c->db_type);
  dst->engine_version = g_strdup (c->db_version);
  dst->network_type = network_type (c->network_type);
  dst->region_id = g_strdup (c->region_id);
  dst->zone_id = g_strdup (c->zone_id);
  dst->vpc_id = g_strdup (c->vpc_id);   /* a DescribeDBClusters row has no VSwitchId */
  return dst;
}

LwDiscInstance *
lw_source_polardb_attribute (const LwPolardbClusterAttribute *a)
{
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);
  /* ZoneIds ("cn-hangzhou-i,cn-hangzhou-j"): the first is the primary zone. */
  g_auto(GStrv) zones = a->zone_ids ? g_strsplit (a->zone_ids, ",", 2) : NULL;

  dst->kind = LW_SOURCE_KIND_POLARDB;
  dst->db_instance_id = g_strdup (a->db_cluster_id);
  dst->description = g_strdup (a->description);
  dst->status = g_strdup (a->status);
  dst->engine = g_strdup (a->db_type);
  dst->engine_version = g_strdup (a->db_version);
  dst->network_type = network_type (a->network_type);
  dst->region_id = g_strdup (a->region_id);
  dst->zone_id = zones && zones[0] && *zones[0] ? g_strdup (zones[0]) : NULL;
  dst->vpc_id = g_strdup (a->vpc_id);
  dst->vswitch_id = g_strdup (a->vswitch_id);
  return dst;
}

LwDiscInstance *
lw_source_ecs_instance (const LwEcsInstance *o)
{
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);

  dst->kind = LW_SOURCE_KIND_ECS;
  dst->db_instance_id = g_strdup (o->instance_id);
  dst->description = g_strdup (o->instance_name);
  dst->status = g_strdup (o->status);
  dst->network_type = network_type (o->network_type);
  dst->region_id = g_strdup (o->region_id);
  dst->zone_id = g_strdup (o->zone_id);
  dst->vpc_id = g_strdup (o->vpc_id);
  dst->vswitch_id = g_strdup (o->vswitch_id);
  /* The primary network interface's primary address; else the first VPC address. */
  for (guint i = 0; i < o->network_interfaces->len && dst->private_ip == NULL; i++)
    {
      const LwEcsNetworkInterface *nic = g_ptr_array_index (o->network_interfaces, i);
      if (nic->type == NULL || g_str_equal (nic->type, "Primary"))
        dst->private_ip = g_strdup (nic->primary_ip_address);
    }
  if (dst->private_ip == NULL && o->private_ips[0] != NULL)
    dst->private_ip = g_strdup (o->private_ips[0]);
  if (dst->private_ip != NULL && *dst->private_ip == '\0')
    g_clear_pointer (&dst->private_ip, g_free);
  dst->security_group_ids = g_strdupv (o->security_group_ids);
  return dst;
}

LwDiscAddress *
lw_source_polardb_address (GPtrArray *endpoints, const char *endpoint_id)
{
  LwDiscAddress *dst = g_new0 (LwDiscAddress, 1);
  const LwPolardbEndpoint *chosen = NULL;
  const LwPolardbAddress *a;

  if (endpoint_id != NULL)
    {
      for (guint i = 0; i < endpoints->len && chosen == NULL; i++)
        if (g_strcmp0 (((LwPolardbEndpoint *) g_ptr_array_index (endpoints, i))->db_endpoint_id, endpoint_id) == 0)
          chosen = g_ptr_array_index (endpoints, i);
    }
  else if ((chosen = lw_polardb_endpoints_find_type (endpoints, "Cluster")) == NULL)
    chosen = lw_polardb_endpoints_find_type (endpoints, "Primary");
  if (chosen == NULL)
    return dst;
  dst->endpoint_id = g_strdup (chosen->db_endpoint_id);
  if ((a = lw_polardb_endpoint_find_private (chosen)) != NULL)
    {
      dst->ip_address = g_strdup (a->ip_address);
      dst->port = a->port <= 65535 ? a->port : 0;
      dst->vpc_id = g_strdup (a->vpc_id);
      dst->connection_string = g_strdup (a->connection_string);
    }
  return dst;
}

char *
lw_source_polardb_access (GPtrArray *whitelists)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < whitelists->len; i++)
    {
      const LwPolardbWhitelist *group = g_ptr_array_index (whitelists, i);
      if (group->security_ips == NULL || *group->security_ips == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, group->security_ips);
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
is_ingress (const LwEcsRule *rule)
{
  /* DescribeSecurityGroupAttribute without Direction answers both; a rule without one is ingress. */
  return rule->direction == NULL || g_ascii_strcasecmp (rule->direction, "ingress") == 0;
}

void
lw_source_ecs_access (const LwEcsSecurityGroup *group, guint port, GString *out)
{
  for (guint i = 0; i < group->rules->len; i++)
    {
      const LwEcsRule *rule = g_ptr_array_index (group->rules, i);
      const char *protocol = rule->ip_protocol;

      if (!is_ingress (rule) || rule->source_cidr_ip == NULL || *rule->source_cidr_ip == '\0')
        continue;
      /* Policy defaults to accept (AuthorizeSecurityGroup). */
      if (rule->policy != NULL && g_ascii_strcasecmp (rule->policy, "accept") != 0)
        continue;
      if (protocol == NULL || (g_ascii_strcasecmp (protocol, "tcp") != 0 && g_ascii_strcasecmp (protocol, "all") != 0))
        continue;
      if (g_ascii_strcasecmp (protocol, "all") != 0 && !port_range_covers (rule->port_range, port))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, rule->source_cidr_ip);
    }
}

GPtrArray *
lw_source_ecs_rule_ids (const LwEcsSecurityGroup *group, const char *description, const char *source_cidr,
                        const char *port_range)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < group->rules->len; i++)
    {
      const LwEcsRule *rule = g_ptr_array_index (group->rules, i);

      if (rule->rule_id == NULL || !is_ingress (rule) || g_strcmp0 (rule->description, description) != 0
          || (source_cidr != NULL && g_strcmp0 (rule->source_cidr_ip, source_cidr) != 0)
          || (port_range != NULL && g_strcmp0 (rule->port_range, port_range) != 0))
        continue;
      g_ptr_array_add (ids, g_strdup (rule->rule_id));
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

char *
lw_source_missing_cidrs (LwSetup *setup, const char *allowed)
{
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);

      if (m->cidr == NULL)
        continue;
      if (!lw_cidr_list_covers (allowed, m->cidr))
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

/* ECS DescribeInstances of one instance (InstanceIds: a JSON array of one ID). */
static void
ecs_describe_one (GTask *task, GAsyncReadyCallback cb)
{
  Lookup *l = g_task_get_task_data (task);
  const char *ids[] = { l->source_id, NULL };
  LwEcsInstanceQuery query = { .instance_ids = ids };

  lw_ecs_describe_instances_async (l->rpc, &query, 1, g_task_get_cancellable (task), cb, task);
}

static void
list_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(LwPolardbClusterPage) clusters = NULL;
  g_autoptr(LwEcsInstancePage) instances = NULL;
  LwDiscInstancePage *page;

  if (l->kind == LW_SOURCE_KIND_POLARDB)
    clusters = lw_polardb_describe_db_clusters_finish (LW_RPC_CLIENT (source), res, &error);
  else
    instances = lw_ecs_describe_instances_finish (LW_RPC_CLIENT (source), res, &error);
  if (clusters == NULL && instances == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page = g_new0 (LwDiscInstancePage, 1);
  page->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_instance_free);
  page->page_number = l->page_number;
  for (guint i = 0; clusters != NULL && i < clusters->clusters->len; i++)
    g_ptr_array_add (page->instances, lw_source_polardb_instance (g_ptr_array_index (clusters->clusters, i)));
  for (guint i = 0; instances != NULL && i < instances->instances->len; i++)
    g_ptr_array_add (page->instances, lw_source_ecs_instance (g_ptr_array_index (instances->instances, i)));
  page->total = clusters != NULL ? clusters->total_record_count : instances->total_count;
  if (page->total == 0)
    page->total = page->instances->len;
  g_task_return_pointer (task, page, (GDestroyNotify) lw_disc_instance_page_free);
}

void
lw_source_list_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, guint page_number,
                      guint page_size, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_LIST, kind, region, NULL, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);

  l->page_number = page_number ? page_number : 1;
  l->page_size = page_size ? MIN (page_size, DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  /* The typed calls send the client's RegionId (the engine context's client for @region). */
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      {
        /* Every DBType, so that PostgreSQL and Oracle clusters show why they cannot be used; PageSize
         * 30, 50 or 100 only (the typed call takes the next allowed size up). */
        LwPolardbClusterQuery query = { .page_size = l->page_size };
        lw_polardb_describe_db_clusters_async (rpc, &query, l->page_number, cancellable, list_cb, task);
      }
      break;
    case LW_SOURCE_KIND_ECS:
      {
        LwEcsInstanceQuery query = { .page_size = l->page_size };
        lw_ecs_describe_instances_async (rpc, &query, l->page_number, cancellable, list_cb, task);
      }
      break;
    case LW_SOURCE_KIND_RDS:
    default:
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
  g_autoptr(LwPolardbClusterAttribute) a = lw_polardb_describe_db_cluster_attribute_finish (LW_RPC_CLIENT (source),
                                                                                            res, &error);

  if (a == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_attribute (a), (GDestroyNotify) lw_disc_instance_free);
}

/* The one instance of a DescribeInstances by id (NULL, after returning the error, when there is none). */
static const LwEcsInstance *
ecs_only_instance (GTask *task, LwEcsInstancePage *page, GError *error)
{
  Lookup *l = g_task_get_task_data (task);

  if (page == NULL)
    {
      g_task_return_error (task, error);
      return NULL;
    }
  for (guint i = 0; i < page->instances->len; i++)
    {
      const LwEcsInstance *o = g_ptr_array_index (page->instances, i);
      if (g_strcmp0 (o->instance_id, l->source_id) == 0)
        return o;
    }
  not_found (task, l->kind, l->source_id);
  return NULL;
}

static void
ecs_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(LwEcsInstancePage) page = lw_ecs_describe_instances_finish (LW_RPC_CLIENT (source), res, &error);
  const LwEcsInstance *o = ecs_only_instance (task, page, error);

  if (o != NULL)
    g_task_return_pointer (task, lw_source_ecs_instance (o), (GDestroyNotify) lw_disc_instance_free);
}

void
lw_source_instance_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_INSTANCE, kind, region, source_id, cancellable, callback, user_data);

  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      lw_polardb_describe_db_cluster_attribute_async (rpc, source_id, cancellable, polardb_instance_cb, task);
      break;
    case LW_SOURCE_KIND_ECS:
      ecs_describe_one (task, ecs_instance_cb);
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
  g_autoptr(GPtrArray) endpoints = lw_polardb_describe_db_cluster_endpoints_finish (LW_RPC_CLIENT (source), res,
                                                                                     &error);

  if (endpoints == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_address (endpoints, l->endpoint_id),
                           (GDestroyNotify) lw_disc_address_free);
}

static void
ecs_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(LwEcsInstancePage) page = lw_ecs_describe_instances_finish (LW_RPC_CLIENT (source), res, &error);
  const LwEcsInstance *o = ecs_only_instance (task, page, error);
  g_autoptr(LwDiscInstance) instance = NULL;
  LwDiscAddress *dst;

  if (o == NULL)
    return;
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

  l->endpoint_id = g_strdup (endpoint_id);
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      lw_polardb_describe_db_cluster_endpoints_async (rpc, source_id, NULL, cancellable, polardb_address_cb, task);
      break;
    case LW_SOURCE_KIND_ECS:
      ecs_describe_one (task, ecs_address_cb);
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
  g_autoptr(GPtrArray) groups = lw_polardb_describe_db_cluster_access_whitelist_finish (LW_RPC_CLIENT (source), res,
                                                                                         &error);

  if (groups == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lw_source_polardb_access (groups), g_free);
}

static void
ecs_group_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Lookup *l = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(LwEcsSecurityGroup) group = lw_ecs_describe_security_group_attribute_finish (LW_RPC_CLIENT (source), res,
                                                                                         &error);

  if (group == NULL && l->error == NULL)
    l->error = error;
  else if (group == NULL)
    g_error_free (error);
  else
    lw_source_ecs_access (group, l->port, l->access);
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
  g_autoptr(LwEcsInstancePage) page = lw_ecs_describe_instances_finish (LW_RPC_CLIENT (source), res, &error);
  const LwEcsInstance *o = ecs_only_instance (task, page, error);
  char * const *groups;

  if (o == NULL)
    {
      g_object_unref (task);
      return;
    }
  groups = o->security_group_ids;
  l->access = g_string_new (NULL);
  if (groups[0] == NULL)
    {
      g_task_return_pointer (task, g_strdup (""), g_free);
      g_object_unref (task);
      return;
    }
  /* The rules of every security group of the instance apply together. */
  l->pending = g_strv_length ((char **) groups);
  for (guint i = 0; groups[i] != NULL; i++)
    lw_ecs_describe_security_group_attribute_async (l->rpc, groups[i], "ingress", g_task_get_cancellable (task),
                                                    ecs_group_cb, task);
}

void
lw_source_access_async (LwRpcClient *rpc, LwSourceKind kind, const char *region, const char *source_id,
                        guint port, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = lookup_new (rpc, Q_ACCESS, kind, region, source_id, cancellable, callback, user_data);
  Lookup *l = g_task_get_task_data (task);

  l->port = port;
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      lw_polardb_describe_db_cluster_access_whitelist_async (rpc, source_id, cancellable, polardb_access_cb, task);
      break;
    case LW_SOURCE_KIND_ECS:
      ecs_describe_one (task, ecs_access_instance_cb);
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
