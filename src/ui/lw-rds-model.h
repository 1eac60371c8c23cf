/* lw-rds-model.h — the source databases of one kind in a region (RDS instances, PolarDB clusters or
 * ECS instances) as a GListModel that fetches pages lazily */
#pragma once

#include <gio/gio.h>

#include "lw-core.h"

G_BEGIN_DECLS

#define LW_TYPE_RDS_ITEM (lw_rds_item_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsItem, lw_rds_item, LW, RDS_ITEM, GObject)

/* Takes ownership of instance. */
LwRdsItem            *lw_rds_item_new          (LwDiscInstance *instance);
const LwDiscInstance *lw_rds_item_get_instance (LwRdsItem      *self);
/* Why the instance cannot be used (translated), or NULL when it can. */
const char          *lw_rds_item_get_problem  (LwRdsItem     *self);
/* Lower-case text the search matches against. */
const char          *lw_rds_item_get_search_text (LwRdsItem  *self);
/* The row's text: "<id> — <description>" and what tells sources of the kind apart (engine, version,
 * status, network, VPC, zone; ECS: status, network, VPC, zone and private IP). */
const char          *lw_rds_item_get_title    (LwRdsItem     *self);
const char          *lw_rds_item_get_subtitle (LwRdsItem     *self);

#define LW_TYPE_RDS_MODEL (lw_rds_model_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsModel, lw_rds_model, LW, RDS_MODEL, GObject)

/*
 * Items (LwRdsItem) appear page by page: the first page is fetched at once, a further page when a
 * list shows an item near the end of what is loaded, or when lw_rds_model_load_all() is called
 * (a search must see every instance). Properties: "loading", "complete" (every page fetched),
 * "total" (TotalRecordCount), "error" (GError of the last failed fetch, boxed).
 */
/* The RDS instances of @region, looked up through @discovery (pages already seen come from its cache). */
LwRdsModel   *lw_rds_model_new          (LwDiscovery  *discovery,
                                         const char   *region);
/* The sources of @kind in @region (lw_discovery_sources_async: RDS instances, PolarDB clusters of
 * every DBType, ECS instances). */
LwRdsModel   *lw_rds_model_new_for_kind (LwDiscovery  *discovery,
                                         LwSourceKind  kind,
                                         const char   *region);
LwSourceKind  lw_rds_model_get_kind     (LwRdsModel   *self);
void          lw_rds_model_load_all     (LwRdsModel   *self);
/* Fetches again what lw_rds_model_cancel() stopped (the first page, or every page after load_all). */
void          lw_rds_model_resume       (LwRdsModel   *self);
gboolean      lw_rds_model_get_loading  (LwRdsModel   *self);
gboolean      lw_rds_model_get_complete (LwRdsModel   *self);
guint         lw_rds_model_get_total    (LwRdsModel   *self);
const GError *lw_rds_model_get_error    (LwRdsModel   *self);
void          lw_rds_model_cancel       (LwRdsModel   *self);

G_END_DECLS
