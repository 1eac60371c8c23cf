/* lw-discovery.c — the pages' lookups: one engine context, its clients, cancellation and a cache
 *
 * Each lookup is an Op: a cache key (kind, region, query; the context is the cache's own), the client
 * it runs on, and the GTask of the caller. A cached answer completes the task on the next main-context
 * iteration with a copy; otherwise the cloud call runs with the caller's cancellable, and its answer
 * is converted to core's types (never the cloud library's) and, when the context did not change in
 * between, stored in the cache. Cloud errors become LW_ENGINE_ERROR (lw-engine-error.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-discovery.h"
#include "lw-engine-error.h"
#include "lw-engine-private.h"
#include "lw-source-private.h"

/* TiDB Cloud Essential on Alibaba Cloud is documented in Singapore. */
#define DEFAULT_REGION "ap-southeast-1"
#define DEFAULT_PAGE_SIZE 100

typedef enum {
  OP_IDENTITY,
  OP_REGIONS,
  OP_INSTANCES,
  OP_ADDRESS,
  OP_VSWITCHES,
  OP_WHITELISTS,
  OP_PROJECTS,
  OP_CLUSTERS,
  OP_TIDB_ZONES,
  OP_CHECK,
  OP_SOURCES,         /* PolarDB / ECS pages (RDS pages are OP_INSTANCES) */
  OP_SOURCE_ADDRESS,  /* PolarDB / ECS addresses (RDS: OP_ADDRESS) */
  OP_ACCESS,          /* char *: what the source accepts connections from */
} OpKind;

struct _LwDiscovery
{
  GObject          parent_instance;

  LwEngineContext *context;
  /* SHA-256 of what the context sends to each cloud (memory only), and a generation bumped when it
   * changes: a new TiDB Cloud key keeps the Alibaba Cloud answers, and the other way round. */
  char            *fingerprint[2];
  guint            generation[2];
  GHashTable      *rpc_clients;   /* region → LwRpcClient */
  LwTidbClient    *tidb;
  GHashTable      *cache;         /* key → CacheEntry */
  guint            pending;
};

G_DEFINE_FINAL_TYPE (LwDiscovery, lw_discovery, G_TYPE_OBJECT)

typedef struct {
  OpKind   kind;
  gpointer value;
} CacheEntry;

typedef enum {
  CLOUD_ALIBABA,
  CLOUD_TIDB,
} Cloud;

typedef struct {
  OpKind        kind;
  char         *key;
  guint         generation;
  GCancellable *cancellable;
} Op;

/* ---- result types ------------------------------------------------------------------------------ */

void lw_disc_identity_free (LwDiscIdentity *self) { if (!self) return; g_free (self->account_id); g_free (self->arn); g_free (self->identity_type); g_free (self); }
void lw_disc_region_free (LwDiscRegion *self) { if (!self) return; g_free (self->region_id); g_strfreev (self->zone_ids); g_free (self); }
void lw_disc_address_free (LwDiscAddress *self) { if (!self) return; g_free (self->ip_address); g_free (self->vpc_id); g_free (self->connection_string); g_free (self->endpoint_id); g_strfreev (self->security_group_ids); g_free (self); }
void lw_disc_whitelist_free (LwDiscWhitelist *self) { if (!self) return; g_free (self->name); g_free (self->attribute); g_free (self->security_ip_list); g_free (self); }
void lw_disc_project_free (LwDiscProject *self) { if (!self) return; g_free (self->id); g_free (self->name); g_free (self); }
void lw_disc_tidb_zones_free (LwDiscTidbZones *self) { if (!self) return; g_free (self->account_id); g_strfreev (self->az_ids); g_free (self); }

void
lw_disc_instance_free (LwDiscInstance *self)
{
  if (self == NULL)
    return;
  g_free (self->db_instance_id);
  g_free (self->description);
  g_free (self->status);
  g_free (self->engine);
  g_free (self->engine_version);
  g_free (self->network_type);
  g_free (self->region_id);
  g_free (self->zone_id);
  g_free (self->vpc_id);
  g_free (self->vswitch_id);
  g_free (self->private_ip);
  g_strfreev (self->security_group_ids);
  g_free (self);
}

void
lw_disc_instance_page_free (LwDiscInstancePage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->instances, g_ptr_array_unref);
  g_free (self);
}

void
lw_disc_vswitch_free (LwDiscVSwitch *self)
{
  if (self == NULL)
    return;
  g_free (self->vswitch_id);
  g_free (self->zone_id);
  g_free (self->cidr_block);
  g_free (self->status);
  g_free (self);
}

void
lw_disc_cluster_free (LwDiscCluster *self)
{
  if (self == NULL)
    return;
  g_free (self->cluster_id);
  g_free (self->display_name);
  g_free (self->state);
  g_free (self->cluster_plan);
  g_free (self->region_id);
  g_free (self->cloud_provider);
  g_free (self->project_id);
  g_free (self);
}

void
lw_disc_check_line_free (LwDiscCheckLine *self)
{
  if (self == NULL)
    return;
  g_free (self->call);
  g_free (self->detail);
  g_free (self->code);
  g_free (self->message);
  g_free (self->request_id);
  g_free (self);
}

char *
lw_disc_instance_dup_problem (const LwDiscInstance *instance)
{
  /* ECS: no engine to read (the user says MySQL runs there). */
  if (instance->engine != NULL && g_ascii_strcasecmp (instance->engine, "MySQL") != 0)
    return g_strdup_printf (_("Not MySQL (%s)"), instance->engine);
  if (instance->kind != LW_SOURCE_KIND_ECS && instance->kind != LW_SOURCE_KIND_RDS && instance->engine == NULL)
    return g_strdup (_("Not MySQL (unknown)"));
  if (instance->network_type != NULL && g_ascii_strcasecmp (instance->network_type, "VPC") != 0)
    return g_strdup (_("Classic network: PrivateLink needs an instance in a VPC"));
  if (g_strcmp0 (instance->status, "Running") != 0)
    return g_strdup_printf (_("Not running (%s)"), instance->status ? instance->status : _("unknown"));
  if (instance->vpc_id == NULL || *instance->vpc_id == '\0')
    return g_strdup (_("No VPC"));
  if (instance->kind == LW_SOURCE_KIND_ECS && (instance->private_ip == NULL || *instance->private_ip == '\0'))
    return g_strdup (_("No private IP address"));
  return NULL;
}

static gpointer
identity_copy (const LwDiscIdentity *src)
{
  LwDiscIdentity *dst = g_new0 (LwDiscIdentity, 1);
  dst->account_id = g_strdup (src->account_id);
  dst->arn = g_strdup (src->arn);
  dst->identity_type = g_strdup (src->identity_type);
  return dst;
}

static gpointer
region_copy (gconstpointer p, gpointer unused)
{
  const LwDiscRegion *src = p;
  LwDiscRegion *dst = g_new0 (LwDiscRegion, 1);
  dst->region_id = g_strdup (src->region_id);
  dst->zone_ids = g_strdupv (src->zone_ids);
  return dst;
}

static gpointer
instance_copy (gconstpointer p, gpointer unused)
{
  const LwDiscInstance *src = p;
  LwDiscInstance *dst = g_new0 (LwDiscInstance, 1);
  dst->db_instance_id = g_strdup (src->db_instance_id);
  dst->description = g_strdup (src->description);
  dst->status = g_strdup (src->status);
  dst->engine = g_strdup (src->engine);
  dst->engine_version = g_strdup (src->engine_version);
  dst->network_type = g_strdup (src->network_type);
  dst->region_id = g_strdup (src->region_id);
  dst->zone_id = g_strdup (src->zone_id);
  dst->vpc_id = g_strdup (src->vpc_id);
  dst->vswitch_id = g_strdup (src->vswitch_id);
  dst->kind = src->kind;
  dst->private_ip = g_strdup (src->private_ip);
  dst->security_group_ids = g_strdupv (src->security_group_ids);
  return dst;
}

static gpointer
vswitch_copy (gconstpointer p, gpointer unused)
{
  const LwDiscVSwitch *src = p;
  LwDiscVSwitch *dst = g_new0 (LwDiscVSwitch, 1);
  dst->vswitch_id = g_strdup (src->vswitch_id);
  dst->zone_id = g_strdup (src->zone_id);
  dst->cidr_block = g_strdup (src->cidr_block);
  dst->status = g_strdup (src->status);
  dst->available_ip_count = src->available_ip_count;
  return dst;
}

static gpointer
whitelist_copy (gconstpointer p, gpointer unused)
{
  const LwDiscWhitelist *src = p;
  LwDiscWhitelist *dst = g_new0 (LwDiscWhitelist, 1);
  dst->name = g_strdup (src->name);
  dst->attribute = g_strdup (src->attribute);
  dst->security_ip_list = g_strdup (src->security_ip_list);
  return dst;
}

static gpointer
project_copy (gconstpointer p, gpointer unused)
{
  const LwDiscProject *src = p;
  LwDiscProject *dst = g_new0 (LwDiscProject, 1);
  dst->id = g_strdup (src->id);
  dst->name = g_strdup (src->name);
  return dst;
}

static gpointer
cluster_copy (gconstpointer p, gpointer unused)
{
  const LwDiscCluster *src = p;
  LwDiscCluster *dst = g_new0 (LwDiscCluster, 1);
  dst->cluster_id = g_strdup (src->cluster_id);
  dst->display_name = g_strdup (src->display_name);
  dst->state = g_strdup (src->state);
  dst->cluster_plan = g_strdup (src->cluster_plan);
  dst->region_id = g_strdup (src->region_id);
  dst->cloud_provider = g_strdup (src->cloud_provider);
  dst->project_id = g_strdup (src->project_id);
  return dst;
}

static GDestroyNotify
value_free_func (OpKind kind)
{
  switch (kind)
    {
    case OP_IDENTITY: return (GDestroyNotify) lw_disc_identity_free;
    case OP_INSTANCES:
    case OP_SOURCES: return (GDestroyNotify) lw_disc_instance_page_free;
    case OP_ADDRESS:
    case OP_SOURCE_ADDRESS: return (GDestroyNotify) lw_disc_address_free;
    case OP_ACCESS: return g_free;
    case OP_TIDB_ZONES: return (GDestroyNotify) lw_disc_tidb_zones_free;
    case OP_REGIONS:
    case OP_VSWITCHES:
    case OP_WHITELISTS:
    case OP_PROJECTS:
    case OP_CLUSTERS:
    case OP_CHECK:
    default:
      return (GDestroyNotify) g_ptr_array_unref;
    }
}

static gpointer
value_copy (OpKind kind, gconstpointer value)
{
  switch (kind)
    {
    case OP_IDENTITY:
      return identity_copy (value);
    case OP_ACCESS:
      return g_strdup (value);
    case OP_INSTANCES:
    case OP_SOURCES:
      {
        const LwDiscInstancePage *src = value;
        LwDiscInstancePage *dst = g_new0 (LwDiscInstancePage, 1);
        dst->instances = g_ptr_array_copy (src->instances, instance_copy, NULL);
        g_ptr_array_set_free_func (dst->instances, (GDestroyNotify) lw_disc_instance_free);
        dst->page_number = src->page_number;
        dst->total = src->total;
        return dst;
      }
    case OP_ADDRESS:
    case OP_SOURCE_ADDRESS:
      {
        const LwDiscAddress *src = value;
        LwDiscAddress *dst = g_new0 (LwDiscAddress, 1);
        dst->ip_address = g_strdup (src->ip_address);
        dst->port = src->port;
        dst->vpc_id = g_strdup (src->vpc_id);
        dst->connection_string = g_strdup (src->connection_string);
        dst->endpoint_id = g_strdup (src->endpoint_id);
        dst->security_group_ids = g_strdupv (src->security_group_ids);
        return dst;
      }
    case OP_TIDB_ZONES:
      {
        const LwDiscTidbZones *src = value;
        LwDiscTidbZones *dst = g_new0 (LwDiscTidbZones, 1);
        dst->account_id = g_strdup (src->account_id);
        dst->az_ids = g_strdupv (src->az_ids);
        return dst;
      }
    case OP_REGIONS:
    case OP_VSWITCHES:
    case OP_WHITELISTS:
    case OP_PROJECTS:
    case OP_CLUSTERS:
      {
        static const struct { GCopyFunc copy; GDestroyNotify free; } funcs[] = {
          [OP_REGIONS] = { region_copy, (GDestroyNotify) lw_disc_region_free },
          [OP_VSWITCHES] = { vswitch_copy, (GDestroyNotify) lw_disc_vswitch_free },
          [OP_WHITELISTS] = { whitelist_copy, (GDestroyNotify) lw_disc_whitelist_free },
          [OP_PROJECTS] = { project_copy, (GDestroyNotify) lw_disc_project_free },
          [OP_CLUSTERS] = { cluster_copy, (GDestroyNotify) lw_disc_cluster_free },
        };
        GPtrArray *dst = g_ptr_array_copy ((GPtrArray *) value, funcs[kind].copy, NULL);
        g_ptr_array_set_free_func (dst, funcs[kind].free);
        return dst;
      }
    case OP_CHECK:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static Cloud
kind_cloud (OpKind kind)
{
  return kind == OP_PROJECTS || kind == OP_CLUSTERS || kind == OP_TIDB_ZONES ? CLOUD_TIDB : CLOUD_ALIBABA;
}

static void
cache_entry_free (CacheEntry *entry)
{
  value_free_func (entry->kind) (entry->value);
  g_free (entry);
}

/* ---- conversion of the cloud's answers ------------------------------------------------------ */

static gpointer
convert_identity (LwStsCallerIdentity *identity)
{
  LwDiscIdentity *dst = g_new0 (LwDiscIdentity, 1);
  dst->account_id = g_strdup (identity->account_id);
  dst->arn = g_strdup (identity->arn);
  dst->identity_type = g_strdup (identity->identity_type);
  return dst;
}

static gint
region_compare (gconstpointer a, gconstpointer b)
{
  const LwDiscRegion *ra = *(LwDiscRegion * const *) a;
  const LwDiscRegion *rb = *(LwDiscRegion * const *) b;
  return g_strcmp0 (ra->region_id, rb->region_id);
}

/* DescribeRegions answers one row per zone: one LwDiscRegion per region with its zones. */
static gpointer
convert_regions (GPtrArray *rows)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_region_free);
  g_autoptr(GHashTable) zones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      LwRdsRegion *row = g_ptr_array_index (rows, i);
      GPtrArray *list;

      if (row->region_id == NULL)
        continue;
      list = g_hash_table_lookup (zones, row->region_id);
      if (list == NULL)
        {
          LwDiscRegion *region = g_new0 (LwDiscRegion, 1);

          region->region_id = g_strdup (row->region_id);
          g_ptr_array_add (regions, region);
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (zones, region->region_id, list);
        }
      if (row->zone_id != NULL)
        g_ptr_array_add (list, g_strdup (row->zone_id));
    }
  for (guint i = 0; i < regions->len; i++)
    {
      LwDiscRegion *region = g_ptr_array_index (regions, i);
      GPtrArray *list = g_hash_table_lookup (zones, region->region_id);

      g_ptr_array_add (list, NULL);
      region->zone_ids = g_strdupv ((char **) list->pdata);
    }
  g_ptr_array_sort (regions, region_compare);
  return regions;
}

static gpointer
convert_instances (LwRdsInstancePage *page)
{
  LwDiscInstancePage *dst = g_new0 (LwDiscInstancePage, 1);

  dst->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_instance_free);
  for (guint i = 0; page->instances != NULL && i < page->instances->len; i++)
    {
      LwRdsInstance *src = g_ptr_array_index (page->instances, i);
      LwDiscInstance *instance = g_new0 (LwDiscInstance, 1);

      instance->db_instance_id = g_strdup (src->db_instance_id);
      instance->description = g_strdup (src->description);
      instance->status = g_strdup (src->status);
      instance->engine = g_strdup (src->engine);
      instance->engine_version = g_strdup (src->engine_version);
      instance->network_type = g_strdup (src->network_type);
      instance->region_id = g_strdup (src->region_id);
      instance->zone_id = g_strdup (src->zone_id);
      instance->vpc_id = g_strdup (src->vpc_id);
      instance->vswitch_id = g_strdup (src->vswitch_id);
      g_ptr_array_add (dst->instances, instance);
    }
  dst->page_number = page->page_number;
  dst->total = page->total_record_count;
  return dst;
}

static gpointer
convert_address (LwRdsNetInfo *info)
{
  const LwRdsNetInfoEntry *entry = lw_rds_net_info_find_private (info);
  LwDiscAddress *dst = g_new0 (LwDiscAddress, 1);

  if (entry != NULL)
    {
      dst->ip_address = g_strdup (entry->ip_address);
      dst->port = entry->port;
      dst->vpc_id = g_strdup (entry->vpc_id);
      dst->connection_string = g_strdup (entry->connection_string);
    }
  return dst;
}

static gpointer
convert_vswitches (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_vswitch_free);

  for (guint i = 0; i < src->len; i++)
    {
      LwVpcVSwitch *vsw = g_ptr_array_index (src, i);
      LwDiscVSwitch *out = g_new0 (LwDiscVSwitch, 1);

      out->vswitch_id = g_strdup (vsw->vswitch_id);
      out->zone_id = g_strdup (vsw->zone_id);
      out->cidr_block = g_strdup (vsw->cidr_block);
      out->status = g_strdup (vsw->status);
      out->available_ip_count = vsw->available_ip_count;
      g_ptr_array_add (dst, out);
    }
  return dst;
}

static gpointer
convert_whitelists (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_whitelist_free);

  for (guint i = 0; i < src->len; i++)
    {
      LwRdsIpArray *array = g_ptr_array_index (src, i);
      LwDiscWhitelist *out = g_new0 (LwDiscWhitelist, 1);

      out->name = g_strdup (array->name);
      out->attribute = g_strdup (array->attribute);
      out->security_ip_list = g_strdup (array->security_ip_list);
      g_ptr_array_add (dst, out);
    }
  return dst;
}

static gpointer
convert_projects (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_project_free);

  for (guint i = 0; i < src->len; i++)
    {
      LwTidbProject *project = g_ptr_array_index (src, i);
      LwDiscProject *out = g_new0 (LwDiscProject, 1);

      out->id = g_strdup (project->id);
      out->name = g_strdup (project->name);
      g_ptr_array_add (dst, out);
    }
  return dst;
}

static gpointer
convert_clusters (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_cluster_free);

  for (guint i = 0; i < src->len; i++)
    {
      LwTidbCluster *cluster = g_ptr_array_index (src, i);
      LwDiscCluster *out = g_new0 (LwDiscCluster, 1);

      out->cluster_id = g_strdup (cluster->cluster_id);
      out->display_name = g_strdup (cluster->display_name);
      out->state = g_strdup (cluster->state);
      out->cluster_plan = g_strdup (cluster->cluster_plan);
      out->region_id = g_strdup (cluster->region_id);
      out->cloud_provider = g_strdup (cluster->cloud_provider);
      out->project_id = g_strdup (cluster->project_id);
      g_ptr_array_add (dst, out);
    }
  return dst;
}

static gpointer
convert_tidb_zones (LwTidbAvailabilityZones *zones)
{
  LwDiscTidbZones *dst = g_new0 (LwDiscTidbZones, 1);

  dst->account_id = g_strdup (zones->account_id);
  dst->az_ids = g_strdupv (zones->az_ids);
  return dst;
}

static gpointer
convert_check (GPtrArray *src)
{
  GPtrArray *dst = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_disc_check_line_free);

  for (guint i = 0; i < src->len; i++)
    {
      LwAccountCheckLine *line = g_ptr_array_index (src, i);
      LwDiscCheckLine *out = g_new0 (LwDiscCheckLine, 1);

      out->call = g_strdup (line->call);
      out->dry_run = line->dry_run;
      out->ok = line->ok;
      out->skipped = line->skipped;
      out->detail = g_strdup (line->detail);
      out->code = g_strdup (line->code);
      out->message = g_strdup (line->message);
      out->request_id = g_strdup (line->request_id);
      g_ptr_array_add (dst, out);
    }
  return dst;
}

/* ---- the object --------------------------------------------------------------------------------- */

static void
lw_discovery_finalize (GObject *object)
{
  LwDiscovery *self = LW_DISCOVERY (object);

  g_clear_pointer (&self->context, lw_engine_context_unref);
  g_clear_pointer (&self->fingerprint[CLOUD_ALIBABA], g_free);
  g_clear_pointer (&self->fingerprint[CLOUD_TIDB], g_free);
  g_clear_pointer (&self->rpc_clients, g_hash_table_unref);
  g_clear_object (&self->tidb);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (lw_discovery_parent_class)->finalize (object);
}

static void
lw_discovery_class_init (LwDiscoveryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_discovery_finalize;
}

static void
lw_discovery_init (LwDiscovery *self)
{
  self->rpc_clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cache_entry_free);
}

LwDiscovery *
lw_discovery_new (void)
{
  return g_object_new (LW_TYPE_DISCOVERY, NULL);
}

static void
checksum_add (GChecksum *checksum, const char *value)
{
  /* A marker for NULL, and each value ends with a NUL, so that no two inputs hash alike. */
  if (value == NULL)
    g_checksum_update (checksum, (const guchar *) "\1", 1);
  else
    g_checksum_update (checksum, (const guchar *) value, (gssize) strlen (value) + 1);
}

static char *
context_fingerprint (LwEngineContext *context,
                     Cloud            cloud)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  LwCredentials *credentials = lw_engine_context_get_credentials (context);
  char scale[G_ASCII_DTOSTR_BUF_SIZE];

  if (cloud == CLOUD_ALIBABA)
    {
      checksum_add (checksum, lw_credentials_get_access_key_id (credentials));
      checksum_add (checksum, lw_credentials_get_access_key_secret (credentials));
      checksum_add (checksum, lw_credentials_get_security_token (credentials));
    }
  else
    {
      checksum_add (checksum, lw_engine_context_get_tidb_public_key (context));
      checksum_add (checksum, lw_engine_context_get_tidb_private_key (context));
    }
  checksum_add (checksum, lw_engine_context_get_endpoint_override (context));
  checksum_add (checksum, g_ascii_dtostr (scale, sizeof scale, lw_engine_context_get_time_scale (context)));
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
entry_of_cloud (gpointer key, gpointer value, gpointer cloud)
{
  return kind_cloud (((CacheEntry *) value)->kind) == GPOINTER_TO_INT (cloud);
}

void
lw_discovery_set_context (LwDiscovery     *self,
                          LwEngineContext *context)
{
  g_return_if_fail (LW_IS_DISCOVERY (self));
  g_return_if_fail (context != NULL);

  if (self->context == context)
    return;
  g_clear_pointer (&self->context, lw_engine_context_unref);
  self->context = lw_engine_context_ref (context);
  for (Cloud cloud = CLOUD_ALIBABA; cloud <= CLOUD_TIDB; cloud++)
    {
      g_autofree char *fingerprint = context_fingerprint (context, cloud);

      if (g_strcmp0 (fingerprint, self->fingerprint[cloud]) == 0)
        continue;
      g_free (self->fingerprint[cloud]);
      self->fingerprint[cloud] = g_steal_pointer (&fingerprint);
      self->generation[cloud]++;
      if (cloud == CLOUD_ALIBABA)
        g_hash_table_remove_all (self->rpc_clients);
      else
        g_clear_object (&self->tidb);
      g_hash_table_foreach_remove (self->cache, entry_of_cloud, GINT_TO_POINTER (cloud));
    }
}

void
lw_discovery_clear_cache (LwDiscovery *self)
{
  g_return_if_fail (LW_IS_DISCOVERY (self));
  g_hash_table_remove_all (self->cache);
}

guint
lw_discovery_get_pending (LwDiscovery *self)
{
  g_return_val_if_fail (LW_IS_DISCOVERY (self), 0);
  return self->pending;
}

static LwRpcClient *
get_rpc (LwDiscovery *self, const char *region, GError **error)
{
  LwRpcClient *client;

  if (self->context == NULL)
    {
      g_set_error_literal (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CREDENTIALS, _("No credentials entered yet."));
      return NULL;
    }
  client = g_hash_table_lookup (self->rpc_clients, region);
  if (client == NULL)
    {
      g_autoptr(GError) local = NULL;

      client = lw_engine_context_create_rpc_client (self->context, region, &local);
      if (client == NULL)
        {
          g_propagate_error (error, lw_engine_error_from (local));
          return NULL;
        }
      g_hash_table_insert (self->rpc_clients, g_strdup (region), client);
    }
  return client;
}

static LwTidbClient *
get_tidb (LwDiscovery *self, GError **error)
{
  if (self->tidb == NULL && self->context != NULL)
    {
      g_autoptr(GError) local = NULL;

      self->tidb = lw_engine_context_create_tidb_client (self->context, &local);
      if (self->tidb == NULL && local != NULL)
        {
          g_propagate_error (error, lw_engine_error_from (local));
          return NULL;
        }
    }
  if (self->tidb == NULL)
    g_set_error_literal (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CREDENTIALS, _("No TiDB Cloud API key entered yet."));
  return self->tidb;
}

static void
op_free (Op *op)
{
  g_free (op->key);
  g_clear_object (&op->cancellable);
  g_free (op);
}

/* Starts a lookup: returns the task to run the cloud call for, or NULL when it was answered (from
 * the cache, or with an error). */
static GTask *
op_start (LwDiscovery         *self,
          OpKind               kind,
          char                *key,   /* owned; NULL = never cached */
          LwLookupFlags        flags,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);
  CacheEntry *entry;

  g_task_set_source_tag (task, tag);
  /* A cancelled lookup answers LW_ENGINE_ERROR_CANCELLED itself, once its cloud call has ended. */
  g_task_set_check_cancellable (task, FALSE);
  op->kind = kind;
  op->key = key;
  op->generation = self->generation[kind_cloud (kind)];
  op->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED, "%s", _("Cancelled."));
      return NULL;
    }
  if (key != NULL && !(flags & LW_LOOKUP_REFRESH) && (entry = g_hash_table_lookup (self->cache, key)) != NULL)
    {
      g_debug ("cached: %s", key);
      g_task_return_pointer (task, value_copy (kind, entry->value), value_free_func (kind));
      return NULL;
    }
  self->pending++;
  return g_steal_pointer (&task);
}

/* Completes a lookup with the cloud's answer (converted) or its error. */
static void
op_complete (GTask        *task,
             gpointer      value,   /* owned, core's type */
             const GError *cloud_error)
{
  LwDiscovery *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);

  g_assert (self->pending > 0);
  self->pending--;
  if (g_cancellable_is_cancelled (op->cancellable))
    {
      if (value != NULL)
        value_free_func (op->kind) (value);
      g_task_return_new_error (task, LW_ENGINE_ERROR, LW_ENGINE_ERROR_CANCELLED, "%s", _("Cancelled."));
      return;
    }
  if (value == NULL)
    {
      g_task_return_error (task, op->kind == OP_TIDB_ZONES ? lw_engine_error_from_tidb (cloud_error)
                                                           : lw_engine_error_from (cloud_error));
      return;
    }
  if (op->key != NULL && op->generation == self->generation[kind_cloud (op->kind)])
    {
      CacheEntry *entry = g_new0 (CacheEntry, 1);

      entry->kind = op->kind;
      entry->value = value_copy (op->kind, value);
      g_hash_table_replace (self->cache, g_strdup (op->key), entry);
    }
  g_task_return_pointer (task, value, value_free_func (op->kind));
}

static gpointer
op_finish (LwDiscovery *self, GAsyncResult *result, gpointer tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, tag), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
make_key (OpKind kind, const char *region, const char *arg1, const char *arg2)
{
  return g_strdup_printf ("%d\x1f%s\x1f%s\x1f%s", kind, region ? region : "", arg1 ? arg1 : "", arg2 ? arg2 : "");
}

#define REGION(r) ((r) != NULL && *(r) != '\0' ? (r) : DEFAULT_REGION)

/* ---- the lookups ----------------------------------------------------------------------------------- */

static void
identity_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwStsCallerIdentity) identity = lw_sts_get_caller_identity_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, identity ? convert_identity (identity) : NULL, error);
}

void
lw_discovery_identity_async (LwDiscovery *self, const char *region, LwLookupFlags flags,
                             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_IDENTITY, make_key (OP_IDENTITY, REGION (region), NULL, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_identity_async);
  if (task == NULL)
    return;
  if ((rpc = get_rpc (self, REGION (region), &error)) == NULL)
    {
      self->pending--;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  lw_sts_get_caller_identity_async (rpc, cancellable, identity_cb, task);
}

LwDiscIdentity *
lw_discovery_identity_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_identity_async, error);
}

static void
regions_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = lw_rds_describe_regions_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, rows ? convert_regions (rows) : NULL, error);
}

/* The common start of an Alibaba Cloud lookup: the client of @region, or the task answered. */
static LwRpcClient *
rpc_for_task (LwDiscovery *self, GTask *task, const char *region)
{
  GError *error = NULL;
  LwRpcClient *rpc = get_rpc (self, region, &error);

  if (rpc == NULL)
    {
      self->pending--;
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  return rpc;
}

static LwTidbClient *
tidb_for_task (LwDiscovery *self, GTask *task)
{
  GError *error = NULL;
  LwTidbClient *tidb = get_tidb (self, &error);

  if (tidb == NULL)
    {
      self->pending--;
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  return tidb;
}

void
lw_discovery_regions_async (LwDiscovery *self, const char *region, LwLookupFlags flags,
                            GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_REGIONS, make_key (OP_REGIONS, REGION (region), NULL, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_regions_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_rds_describe_regions_async (rpc, cancellable, regions_cb, task);
}

GPtrArray *
lw_discovery_regions_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_regions_async, error);
}

static void
instances_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwRdsInstancePage) page = lw_rds_describe_db_instances_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, page ? convert_instances (page) : NULL, error);
}

static void
instances_start (LwDiscovery *self, const char *region, guint page_number, guint page_size,
                 LwLookupFlags flags, GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  /* Every engine is listed so that PostgreSQL instances show why they cannot be used. */
  LwRdsInstanceQuery query = { .page_size = page_size ? page_size : DEFAULT_PAGE_SIZE };
  g_autofree char *page = g_strdup_printf ("%u", page_number);
  g_autofree char *size = g_strdup_printf ("%u", query.page_size);
  LwRpcClient *rpc;
  GTask *task;

  task = op_start (self, OP_INSTANCES, make_key (OP_INSTANCES, REGION (region), page, size), flags, cancellable,
                   callback, user_data, tag);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_rds_describe_db_instances_async (rpc, &query, page_number, cancellable, instances_cb, task);
}

void
lw_discovery_instances_async (LwDiscovery *self, const char *region, guint page_number, guint page_size,
                              LwLookupFlags flags, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LW_IS_DISCOVERY (self));
  instances_start (self, region, page_number, page_size, flags, cancellable, callback, user_data,
                   lw_discovery_instances_async);
}

LwDiscInstancePage *
lw_discovery_instances_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_instances_async, error);
}

static void
address_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwRdsNetInfo) info = lw_rds_describe_db_instance_net_info_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, info ? convert_address (info) : NULL, error);
}

static void
address_start (LwDiscovery *self, const char *region, const char *db_instance_id,
               LwLookupFlags flags, GCancellable *cancellable,
               GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  LwRpcClient *rpc;
  GTask *task;

  task = op_start (self, OP_ADDRESS, make_key (OP_ADDRESS, REGION (region), db_instance_id, NULL), flags,
                   cancellable, callback, user_data, tag);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_rds_describe_db_instance_net_info_async (rpc, db_instance_id, cancellable, address_cb, task);
}

void
lw_discovery_address_async (LwDiscovery *self, const char *region, const char *db_instance_id,
                            LwLookupFlags flags, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (LW_IS_DISCOVERY (self));
  address_start (self, region, db_instance_id, flags, cancellable, callback, user_data, lw_discovery_address_async);
}

LwDiscAddress *
lw_discovery_address_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_address_async, error);
}

static void
vswitches_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = lw_vpc_describe_vswitches_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, list ? convert_vswitches (list) : NULL, error);
}

void
lw_discovery_vswitches_async (LwDiscovery *self, const char *region, const char *vpc_id,
                              LwLookupFlags flags, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_VSWITCHES, make_key (OP_VSWITCHES, REGION (region), vpc_id, NULL), flags,
                   cancellable, callback, user_data, lw_discovery_vswitches_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_vpc_describe_vswitches_async (rpc, vpc_id, NULL, cancellable, vswitches_cb, task);
}

GPtrArray *
lw_discovery_vswitches_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_vswitches_async, error);
}

static void
whitelists_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = lw_rds_describe_db_instance_ip_array_list_finish (LW_RPC_CLIENT (object), result, &error);

  op_complete (task, list ? convert_whitelists (list) : NULL, error);
}

void
lw_discovery_whitelists_async (LwDiscovery *self, const char *region, const char *db_instance_id,
                               LwLookupFlags flags, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_WHITELISTS, make_key (OP_WHITELISTS, REGION (region), db_instance_id, NULL), flags,
                   cancellable, callback, user_data, lw_discovery_whitelists_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_rds_describe_db_instance_ip_array_list_async (rpc, db_instance_id, cancellable, whitelists_cb, task);
}

GPtrArray *
lw_discovery_whitelists_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_whitelists_async, error);
}

/* ---- sources of any kind ---- */

static void
source_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gpointer value = lw_source_finish (result, &error);

  op_complete (task, value, error);
}

static const char *
kind_key (LwSourceKind kind)
{
  return lw_source_kind_to_string (kind);
}

void
lw_discovery_sources_async (LwDiscovery *self, LwSourceKind kind, const char *region, guint page_number,
                            guint page_size, LwLookupFlags flags, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *page = NULL;
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  if (kind == LW_SOURCE_KIND_RDS)
    {
      instances_start (self, region, page_number, page_size, flags, cancellable, callback, user_data,
                       lw_discovery_sources_async);
      return;
    }
  page_size = page_size ? MIN (page_size, DEFAULT_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  if (kind == LW_SOURCE_KIND_POLARDB)
    page_size = page_size <= 30 ? 30 : page_size <= 50 ? 50 : 100;
  page = g_strdup_printf ("%u\x1f%u", page_number, page_size);
  task = op_start (self, OP_SOURCES, make_key (OP_SOURCES, REGION (region), kind_key (kind), page), flags,
                   cancellable, callback, user_data, lw_discovery_sources_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_source_list_async (rpc, kind, REGION (region), page_number, page_size, cancellable, source_cb, task);
}

LwDiscInstancePage *
lw_discovery_sources_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_sources_async, error);
}

void
lw_discovery_source_address_async (LwDiscovery *self, LwSourceKind kind, const char *region,
                                   const char *source_id, LwLookupFlags flags, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  if (kind == LW_SOURCE_KIND_RDS)
    {
      address_start (self, region, source_id, flags, cancellable, callback, user_data,
                     lw_discovery_source_address_async);
      return;
    }
  task = op_start (self, OP_SOURCE_ADDRESS, make_key (OP_SOURCE_ADDRESS, REGION (region), kind_key (kind), source_id),
                   flags, cancellable, callback, user_data, lw_discovery_source_address_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_source_address_async (rpc, kind, REGION (region), source_id, NULL, cancellable, source_cb, task);
}

LwDiscAddress *
lw_discovery_source_address_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_source_address_async, error);
}

void
lw_discovery_source_access_async (LwDiscovery *self, LwSourceKind kind, const char *region,
                                  const char *source_id, guint port, LwLookupFlags flags,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *what = NULL;
  LwRpcClient *rpc;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  /* The whitelists do not depend on the port; the security group rules do. */
  what = g_strdup_printf ("%s\x1f%s\x1f%u", kind_key (kind), source_id ? source_id : "",
                          kind == LW_SOURCE_KIND_ECS ? port : 0);
  task = op_start (self, OP_ACCESS, make_key (OP_ACCESS, REGION (region), what, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_source_access_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  lw_source_access_async (rpc, kind, REGION (region), source_id, port, cancellable, source_cb, task);
}

char *
lw_discovery_source_access_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_source_access_async, error);
}

static void
projects_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = lw_tidb_client_list_projects_finish (LW_TIDB_CLIENT (object), result, &error);

  op_complete (task, list ? convert_projects (list) : NULL, error);
}

void
lw_discovery_tidb_projects_async (LwDiscovery *self, LwLookupFlags flags, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  LwTidbClient *tidb;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_PROJECTS, make_key (OP_PROJECTS, NULL, NULL, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_tidb_projects_async);
  if (task == NULL || (tidb = tidb_for_task (self, task)) == NULL)
    return;
  lw_tidb_client_list_projects_async (tidb, cancellable, projects_cb, task);
}

GPtrArray *
lw_discovery_tidb_projects_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_tidb_projects_async, error);
}

static void
clusters_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = lw_tidb_client_list_clusters_finish (LW_TIDB_CLIENT (object), result, &error);

  op_complete (task, list ? convert_clusters (list) : NULL, error);
}

void
lw_discovery_tidb_clusters_async (LwDiscovery *self, LwLookupFlags flags, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  LwTidbClient *tidb;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_CLUSTERS, make_key (OP_CLUSTERS, NULL, NULL, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_tidb_clusters_async);
  if (task == NULL || (tidb = tidb_for_task (self, task)) == NULL)
    return;
  lw_tidb_client_list_clusters_async (tidb, NULL, cancellable, clusters_cb, task);
}

GPtrArray *
lw_discovery_tidb_clusters_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_tidb_clusters_async, error);
}

static void
tidb_zones_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbAvailabilityZones) zones = lw_tidb_client_get_availability_zones_finish (LW_TIDB_CLIENT (object), result, &error);

  op_complete (task, zones ? convert_tidb_zones (zones) : NULL, error);
}

void
lw_discovery_tidb_zones_async (LwDiscovery *self, const char *cluster_id, LwLookupFlags flags,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  LwTidbClient *tidb;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_TIDB_ZONES, make_key (OP_TIDB_ZONES, NULL, cluster_id, NULL), flags, cancellable,
                   callback, user_data, lw_discovery_tidb_zones_async);
  if (task == NULL || (tidb = tidb_for_task (self, task)) == NULL)
    return;
  lw_tidb_client_get_availability_zones_async (tidb, cluster_id, cancellable, tidb_zones_cb, task);
}

LwDiscTidbZones *
lw_discovery_tidb_zones_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_tidb_zones_async, error);
}

static void
check_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = lw_account_check_finish (result, &error);

  op_complete (task, lines ? convert_check (lines) : NULL, error);
}

void
lw_discovery_account_check_async (LwDiscovery *self, const char *region, const char *tidb_cluster_id,
                                  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  LwRpcClient *rpc;
  LwTidbClient *tidb = NULL;
  GTask *task;

  g_return_if_fail (LW_IS_DISCOVERY (self));
  task = op_start (self, OP_CHECK, NULL, LW_LOOKUP_REFRESH, cancellable, callback, user_data,
                   lw_discovery_account_check_async);
  if (task == NULL || (rpc = rpc_for_task (self, task, REGION (region))) == NULL)
    return;
  if (self->context != NULL && lw_engine_context_has_tidb_keys (self->context))
    tidb = get_tidb (self, NULL);
  lw_account_check_async (rpc, tidb, tidb_cluster_id, cancellable, check_cb, task);
}

GPtrArray *
lw_discovery_account_check_finish (LwDiscovery *self, GAsyncResult *result, GError **error)
{
  return op_finish (self, result, lw_discovery_account_check_async, error);
}

guint
lw_discovery_account_check_n_lines (void)
{
  return LW_ACCOUNT_CHECK_N_LINES;
}

char *
lw_engine_check_endpoint_override (const char *url, GError **error)
{
  g_autoptr(GError) local = NULL;
  char *normalised = lw_endpoints_check_override (url, &local);

  if (normalised == NULL)
    g_propagate_error (error, lw_engine_error_from (local));
  return normalised;
}
