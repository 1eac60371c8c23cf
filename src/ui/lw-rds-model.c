/* lw-rds-model.c — the source databases of one kind (RDS instances, PolarDB clusters, ECS
 * instances), fetched a page at a time
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds-model"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-rds-model.h"

#define PAGE_SIZE 100
/* Fetch the next page when a list asks for an item this close to the end of what is loaded. */
#define PREFETCH_DISTANCE 30

struct _LwRdsItem
{
  GObject        parent_instance;
  LwDiscInstance *instance;
  char          *problem;
  char          *search_text;
  char          *title;
  char          *subtitle;
};

G_DEFINE_FINAL_TYPE (LwRdsItem, lw_rds_item, G_TYPE_OBJECT)

static void
lw_rds_item_finalize (GObject *object)
{
  LwRdsItem *self = LW_RDS_ITEM (object);

  g_clear_pointer (&self->instance, lw_disc_instance_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (lw_rds_item_parent_class)->finalize (object);
}

static void
lw_rds_item_class_init (LwRdsItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_rds_item_finalize;
}

static void
lw_rds_item_init (LwRdsItem *self)
{
}

static inline const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

LwRdsItem *
lw_rds_item_new (LwDiscInstance *instance)
{
  LwRdsItem *self = g_object_new (LW_TYPE_RDS_ITEM, NULL);
  g_autofree char *text = NULL;

  self->instance = instance;
  self->problem = lw_disc_instance_dup_problem (instance);
  self->title = instance->description && *instance->description
              ? g_strdup_printf ("%s — %s", or_empty (instance->db_instance_id), instance->description)
              : g_strdup (or_empty (instance->db_instance_id));
  /* What tells sources of the kind apart: engine and version for RDS and PolarDB (DBType, DBVersion);
   * ECS has no engine to read, its private IP is what the user knows it by. Empty parts are left out
   * (a classic-network source has no VPC, a classic ECS instance no VPC address). */
  {
    g_autofree char *engine = g_strstrip (g_strdup_printf ("%s %s", or_empty (instance->engine),
                                                          or_empty (instance->engine_version)));
    g_autofree char *network = g_strstrip (g_strdup_printf ("%s %s", or_empty (instance->network_type),
                                                           or_empty (instance->vpc_id)));
    const char *parts[] = {
      instance->kind == LW_SOURCE_KIND_ECS ? NULL : engine,
      instance->status, network, instance->zone_id,
      instance->kind == LW_SOURCE_KIND_ECS ? instance->private_ip : NULL,
    };
    GString *subtitle = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      if (parts[i] != NULL && *parts[i] != '\0')
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", parts[i]);
    self->subtitle = g_string_free (subtitle, FALSE);
  }
  text = g_strjoin (" ", or_empty (instance->db_instance_id), or_empty (instance->description),
                    or_empty (instance->vpc_id), or_empty (instance->zone_id),
                    or_empty (instance->private_ip), NULL);
  self->search_text = g_utf8_strdown (text, -1);
  return self;
}

const LwDiscInstance *
lw_rds_item_get_instance (LwRdsItem *self)
{
  g_return_val_if_fail (LW_IS_RDS_ITEM (self), NULL);
  return self->instance;
}

const char *
lw_rds_item_get_problem (LwRdsItem *self)
{
  g_return_val_if_fail (LW_IS_RDS_ITEM (self), NULL);
  return self->problem;
}

const char *
lw_rds_item_get_search_text (LwRdsItem *self)
{
  g_return_val_if_fail (LW_IS_RDS_ITEM (self), NULL);
  return self->search_text;
}

const char *
lw_rds_item_get_title (LwRdsItem *self)
{
  g_return_val_if_fail (LW_IS_RDS_ITEM (self), NULL);
  return self->title;
}

const char *
lw_rds_item_get_subtitle (LwRdsItem *self)
{
  g_return_val_if_fail (LW_IS_RDS_ITEM (self), NULL);
  return self->subtitle;
}

/* ---- the model -------------------------------------------------------------------------------- */

struct _LwRdsModel
{
  GObject       parent_instance;

  LwDiscovery  *discovery;
  LwSourceKind  kind;
  char         *region;
  GPtrArray    *items;
  GCancellable *cancellable;
  GError       *error;
  guint         next_page;
  guint         total;
  gboolean      loading;
  gboolean      complete;
  gboolean      load_all;
};

static void lw_rds_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwRdsModel, lw_rds_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lw_rds_model_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_COMPLETE,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void lw_rds_model_fetch (LwRdsModel *self);

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LwRdsModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscInstancePage) page = NULL;
  guint before;
  guint added = 0;

  page = lw_discovery_sources_finish (LW_DISCOVERY (object), result, &error);
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->loading = FALSE;
  if (page == NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  before = self->items->len;
  if (page->instances != NULL)
    {
      gsize n = 0;
      /* Take the instances out of the page so that they are not freed with it. */
      g_autofree gpointer *instances = g_ptr_array_steal (page->instances, &n);

      for (gsize i = 0; i < n; i++)
        g_ptr_array_add (self->items, lw_rds_item_new (instances[i]));
      added = n;
    }
  self->next_page++;
  if (page->total != self->total)
    {
      self->total = page->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (added == 0 || self->items->len >= self->total)
    {
      self->complete = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (self->load_all && !self->complete)
    lw_rds_model_fetch (self);
}

static void
lw_rds_model_fetch (LwRdsModel *self)
{
  if (self->loading || self->complete || self->discovery == NULL)
    return;

  /* Every engine (DBType) is listed so that PostgreSQL instances and clusters show why they cannot
   * be used; for RDS this is the same lookup and cache as lw_discovery_instances_async(). */
  self->loading = TRUE;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  lw_discovery_sources_async (self->discovery, self->kind, self->region, self->next_page, PAGE_SIZE,
                              LW_LOOKUP_NONE, self->cancellable, page_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
fetch_idle (gpointer data)
{
  lw_rds_model_fetch (data);
  return G_SOURCE_REMOVE;
}

static GType
lw_rds_model_get_item_type (GListModel *model)
{
  return LW_TYPE_RDS_ITEM;
}

static guint
lw_rds_model_get_n_items (GListModel *model)
{
  return LW_RDS_MODEL (model)->items->len;
}

static gpointer
lw_rds_model_get_item (GListModel *model,
                       guint       position)
{
  LwRdsModel *self = LW_RDS_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  /* The list is scrolling towards the end: fetch the next page (not from inside get_item, which
   * must not emit items-changed). */
  if (!self->complete && !self->loading && position + PREFETCH_DISTANCE >= self->items->len)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fetch_idle, g_object_ref (self), g_object_unref);
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
lw_rds_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lw_rds_model_get_item_type;
  iface->get_n_items = lw_rds_model_get_n_items;
  iface->get_item = lw_rds_model_get_item;
}

static void
lw_rds_model_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LwRdsModel *self = LW_RDS_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_rds_model_dispose (GObject *object)
{
  LwRdsModel *self = LW_RDS_MODEL (object);

  lw_rds_model_cancel (self);
  g_clear_object (&self->discovery);

  G_OBJECT_CLASS (lw_rds_model_parent_class)->dispose (object);
}

static void
lw_rds_model_finalize (GObject *object)
{
  LwRdsModel *self = LW_RDS_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->region, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (lw_rds_model_parent_class)->finalize (object);
}

static void
lw_rds_model_class_init (LwRdsModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_rds_model_dispose;
  object_class->finalize = lw_rds_model_finalize;
  object_class->get_property = lw_rds_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_rds_model_init (LwRdsModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_page = 1;
}

LwRdsModel *
lw_rds_model_new (LwDiscovery *discovery,
                  const char  *region)
{
  return lw_rds_model_new_for_kind (discovery, LW_SOURCE_KIND_RDS, region);
}

LwRdsModel *
lw_rds_model_new_for_kind (LwDiscovery  *discovery,
                           LwSourceKind  kind,
                           const char   *region)
{
  LwRdsModel *self = g_object_new (LW_TYPE_RDS_MODEL, NULL);

  self->discovery = discovery ? g_object_ref (discovery) : NULL;
  self->kind = kind;
  self->region = g_strdup (region);
  lw_rds_model_fetch (self);
  return self;
}

LwSourceKind
lw_rds_model_get_kind (LwRdsModel *self)
{
  g_return_val_if_fail (LW_IS_RDS_MODEL (self), LW_SOURCE_KIND_RDS);
  return self->kind;
}

void
lw_rds_model_resume (LwRdsModel *self)
{
  g_return_if_fail (LW_IS_RDS_MODEL (self));
  if (self->items->len == 0 || self->load_all)
    lw_rds_model_fetch (self);
}

void
lw_rds_model_load_all (LwRdsModel *self)
{
  g_return_if_fail (LW_IS_RDS_MODEL (self));
  self->load_all = TRUE;
  lw_rds_model_fetch (self);
}

gboolean
lw_rds_model_get_loading (LwRdsModel *self)
{
  g_return_val_if_fail (LW_IS_RDS_MODEL (self), FALSE);
  return self->loading;
}

gboolean
lw_rds_model_get_complete (LwRdsModel *self)
{
  g_return_val_if_fail (LW_IS_RDS_MODEL (self), FALSE);
  return self->complete;
}

guint
lw_rds_model_get_total (LwRdsModel *self)
{
  g_return_val_if_fail (LW_IS_RDS_MODEL (self), 0);
  return self->total;
}

const GError *
lw_rds_model_get_error (LwRdsModel *self)
{
  g_return_val_if_fail (LW_IS_RDS_MODEL (self), NULL);
  return self->error;
}

void
lw_rds_model_cancel (LwRdsModel *self)
{
  g_return_if_fail (LW_IS_RDS_MODEL (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}
