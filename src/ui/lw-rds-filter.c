/* lw-rds-filter.c — the RDS picker's search as a GtkFilter over LwRdsItem
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds-filter"

#include "config.h"

#include <string.h>

#include "lw-rds-filter.h"
#include "lw-rds-model.h"

struct _LwRdsFilter
{
  GtkFilter  parent_instance;
  char      *query;   /* normalised: lower case, stripped; never NULL */
};

G_DEFINE_FINAL_TYPE (LwRdsFilter, lw_rds_filter, GTK_TYPE_FILTER)

gboolean
lw_rds_filter_match_text (const char *search_text,
                          const char *query)
{
  if (query == NULL || *query == '\0')
    return TRUE;
  return search_text != NULL && strstr (search_text, query) != NULL;
}

static gboolean
lw_rds_filter_match (GtkFilter *filter,
                     gpointer   item)
{
  LwRdsFilter *self = LW_RDS_FILTER (filter);

  /* The item's search text was lower-cased once, when it was made (lw_rds_item_new). */
  return lw_rds_filter_match_text (lw_rds_item_get_search_text (item), self->query);
}

static GtkFilterMatch
lw_rds_filter_get_strictness (GtkFilter *filter)
{
  LwRdsFilter *self = LW_RDS_FILTER (filter);

  return *self->query == '\0' ? GTK_FILTER_MATCH_ALL : GTK_FILTER_MATCH_SOME;
}

static void
lw_rds_filter_finalize (GObject *object)
{
  LwRdsFilter *self = LW_RDS_FILTER (object);

  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (lw_rds_filter_parent_class)->finalize (object);
}

static void
lw_rds_filter_class_init (LwRdsFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = lw_rds_filter_finalize;
  filter_class->match = lw_rds_filter_match;
  filter_class->get_strictness = lw_rds_filter_get_strictness;
}

static void
lw_rds_filter_init (LwRdsFilter *self)
{
  self->query = g_strdup ("");
}

LwRdsFilter *
lw_rds_filter_new (void)
{
  return g_object_new (LW_TYPE_RDS_FILTER, NULL);
}

gboolean
lw_rds_filter_set_query (LwRdsFilter *self,
                         const char  *text)
{
  g_autofree char *query = NULL;
  GtkFilterChange change;

  g_return_val_if_fail (LW_IS_RDS_FILTER (self), FALSE);

  query = g_strstrip (g_utf8_strdown (text != NULL ? text : "", -1));
  if (strcmp (query, self->query) == 0)
    return FALSE;
  /* A substring match: a query that contains the old one only narrows the matches (the filter
   * model then re-checks only what is shown), one that the old contains only widens them (it
   * re-checks only what is hidden); anything else re-checks everything. */
  if (strstr (query, self->query) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->query, query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  g_free (self->query);
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self), change);
  return TRUE;
}

const char *
lw_rds_filter_get_query (LwRdsFilter *self)
{
  g_return_val_if_fail (LW_IS_RDS_FILTER (self), "");
  return self->query;
}
