/* lw-rds-matches.h — the RDS instances that match the search, as stable row slots */
#pragma once

#include <gio/gio.h>

#include "lw-rds-filter.h"
#include "lw-rds-model.h"

G_BEGIN_DECLS

#define LW_TYPE_RDS_SLOT (lw_rds_slot_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsSlot, lw_rds_slot, LW, RDS_SLOT, GObject)

/* The instance shown at the slot's position now (NULL once the slot is beyond the matches). */
LwRdsItem  *lw_rds_slot_get_item (LwRdsSlot *self);

#define LW_TYPE_RDS_MATCHES (lw_rds_matches_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsMatches, lw_rds_matches, LW, RDS_MATCHES, GObject)

/*
 * A GListModel of LwRdsSlot: position i always holds the same slot object, which points at the
 * i-th LwRdsItem of the source model that the filter matches. Why not a GtkFilterListModel: when a
 * search changes which instances match, GTK 4.8's list view destroys the row widgets of items that
 * left and creates new ones for those that came (about 200 at a time, tens of milliseconds per
 * keystroke at 5,000 instances). Here only the tail of the list changes (items-changed for the
 * positions past the shorter of the old and new counts) and "retargeted" tells the view to refresh
 * the content of the rows it shows, in place.
 *
 * Matching reads each item's precomputed lower-case search text; a narrowing search only re-checks
 * the current matches.
 *
 * With lw_rds_matches_set_min_slots() the model keeps at least that many positions (no more than
 * there are items): the ones past the matches hold slots without an item, which the view hides.
 * GTK 4.8's list view then keeps its ~200 row widgets when a search narrows below 200 matches
 * and widens again, instead of destroying and creating them. "n-matches" is the number of matches.
 */
LwRdsMatches *lw_rds_matches_new       (LwRdsFilter  *filter);
/* source: a GListModel of LwRdsItem (an LwRdsModel), or NULL. */
void          lw_rds_matches_set_model (LwRdsMatches *self,
                                        GListModel   *source);
GListModel   *lw_rds_matches_get_model (LwRdsMatches *self);
/* The matching item at position (no reference), or NULL. */
LwRdsItem    *lw_rds_matches_peek_item (LwRdsMatches *self,
                                        guint         position);
/* How many items match now (n-matches). */
guint         lw_rds_matches_get_n_matches (LwRdsMatches *self);
/* The model has at least min(min_slots, items in the source) positions: those past the matches
 * hold slots without an item (lw_rds_slot_get_item() returns NULL), for the view to hide. */
void          lw_rds_matches_set_min_slots (LwRdsMatches *self,
                                            guint         min_slots);
/* How many searches were answered from the matches kept for recent queries (for tests). */
guint         lw_rds_matches_get_cache_hits (LwRdsMatches *self);

G_END_DECLS
