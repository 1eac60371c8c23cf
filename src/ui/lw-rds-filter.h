/* lw-rds-filter.h — the RDS picker's search as a GtkFilter over LwRdsItem */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_RDS_FILTER (lw_rds_filter_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsFilter, lw_rds_filter, LW, RDS_FILTER, GtkFilter)

/*
 * Matches the LwRdsItems whose precomputed lower-case search text (lw_rds_item_get_search_text)
 * contains the query, lower-cased and stripped; an empty query matches everything. Setting a query
 * tells the filter models whether the change only narrows the matches (the new query contains the
 * old one), only widens them (the old contains the new) or changes them otherwise, so that an
 * incremental GtkFilterListModel re-checks as few items as it can.
 */
LwRdsFilter *lw_rds_filter_new        (void);
/* Returns TRUE when the (normalised) query changed. */
gboolean     lw_rds_filter_set_query  (LwRdsFilter *self,
                                       const char  *text);
/* The normalised query ("" when none). */
const char  *lw_rds_filter_get_query  (LwRdsFilter *self);
/* The match rule itself, for tests: query must be normalised already. */
gboolean     lw_rds_filter_match_text (const char  *search_text,
                                       const char  *query);

G_END_DECLS
