/* lw-rds-matches.c — the RDS instances that match the search, as stable row slots
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds-matches"
#define _GNU_SOURCE   /* memmem */

#include "config.h"

#include <string.h>

#include "lw-rds-matches.h"

struct _LwRdsSlot
{
  GObject    parent_instance;
  LwRdsItem *item;   /* no reference: the source model holds it while the slot shows it */
};

G_DEFINE_FINAL_TYPE (LwRdsSlot, lw_rds_slot, G_TYPE_OBJECT)

static void
lw_rds_slot_class_init (LwRdsSlotClass *klass)
{
}

static void
lw_rds_slot_init (LwRdsSlot *self)
{
}

LwRdsItem *
lw_rds_slot_get_item (LwRdsSlot *self)
{
  g_return_val_if_fail (LW_IS_RDS_SLOT (self), NULL);
  return self->item;
}

/* ---- the model ------------------------------------------------------------------------------- */

struct _LwRdsMatches
{
  GObject      parent_instance;

  LwRdsFilter *filter;
  GListModel  *source;
  GPtrArray   *items;     /* LwRdsItem, a reference each: every item of the source, in order */
  /* The items' search texts side by side, each ended by a NUL, and where each begins: one pass
   * over contiguous memory finds every match, instead of visiting every item (issue #13). */
  GString     *texts;
  GArray      *starts;    /* gsize, one per item */
  GArray      *matches;   /* guint: indices into items; never changed once published */
  /* Where the query first occurs in each match's text (guint, one per match), or NULL when not
   * known (matches taken from the cache): with it, a query that only adds characters at the end
   * checks those characters right after that occurrence and searches the text again only when
   * they differ (issue #13: typing an ID at 50,000 instances re-checked every match with strstr). */
  GArray      *offsets;
  char        *matched_query; /* the query of matches and offsets */
  GPtrArray   *slots;     /* LwRdsSlot, made when first asked for */
  /* Positions published: the matches, then empty slots up to min_slots (never more than there
   * are items), so that the number of rows does not follow the number of matches below it. */
  guint        n_slots;
  guint        min_slots;
  /* The matches of the last few queries (query → GArray), for as long as the items stay the same:
   * a backspace goes back to a query typed a moment ago, which would otherwise re-check every
   * item (issue #13: the widening keystrokes at 50,000 instances). */
  GHashTable  *cache;
  GQueue       cache_order; /* the cached queries, oldest first (the hash table's keys) */
  guint        cache_hits;
};

#define CACHE_SIZE 24

static void lw_rds_matches_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwRdsMatches, lw_rds_matches, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, lw_rds_matches_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_N_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RETARGETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
lw_rds_matches_get_item_type (GListModel *model)
{
  return LW_TYPE_RDS_SLOT;
}

static guint
lw_rds_matches_get_n_items (GListModel *model)
{
  return LW_RDS_MATCHES (model)->n_slots;
}

static gpointer
lw_rds_matches_get_item (GListModel *model,
                         guint       position)
{
  LwRdsMatches *self = LW_RDS_MATCHES (model);
  LwRdsSlot *slot;

  if (position >= self->n_slots)
    return NULL;
  while (self->slots->len <= position)
    g_ptr_array_add (self->slots, g_object_new (LW_TYPE_RDS_SLOT, NULL));
  slot = g_ptr_array_index (self->slots, position);
  slot->item = position < self->matches->len
               ? g_ptr_array_index (self->items, g_array_index (self->matches, guint, position))
               : NULL;
  return g_object_ref (slot);
}

static void
lw_rds_matches_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = lw_rds_matches_get_item_type;
  iface->get_n_items = lw_rds_matches_get_n_items;
  iface->get_item = lw_rds_matches_get_item;
}

static void
add_item (LwRdsMatches *self,
          LwRdsItem    *item)
{
  const char *text = lw_rds_item_get_search_text (item);
  gsize start = self->texts->len;

  g_ptr_array_add (self->items, item);
  g_array_append_val (self->starts, start);
  g_string_append (self->texts, text != NULL ? text : "");
  g_string_append_c (self->texts, '\0');
}

static void
rebuild_texts (LwRdsMatches *self)
{
  g_string_truncate (self->texts, 0);
  g_array_set_size (self->starts, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      const char *text = lw_rds_item_get_search_text (g_ptr_array_index (self->items, i));
      gsize start = self->texts->len;

      g_array_append_val (self->starts, start);
      g_string_append (self->texts, text != NULL ? text : "");
      g_string_append_c (self->texts, '\0');
    }
}

/* Every item that matches, in order: the filter's rule (lw_rds_filter_match_text(): a substring of the item's
 * text; the query holds no NUL, so a match never spans two texts), found by searching all texts
 * at once and mapping each hit to its item; offsets gets where each match's first hit is. */
static void
match_all (LwRdsMatches *self,
           GArray       *matches,
           GArray       *offsets)
{
  const char *query = lw_rds_filter_get_query (self->filter);
  gsize query_len = strlen (query);
  const char *texts = self->texts->str;
  gsize len = self->texts->len;
  const gsize *starts = (const gsize *) (gpointer) self->starts->data;
  guint n = self->starts->len;
  guint found = 0;
  guint *out;
  gsize pos = 0;

  /* Room for every item, written in place (one call per match was a tenth of a keystroke at
   * 50,000 instances), then cut to what was found. */
  g_array_set_size (matches, n);
  g_array_set_size (offsets, n);
  out = (guint *) (gpointer) matches->data;
  if (query_len == 0)
    {
      memset (offsets->data, 0, n * sizeof (guint));
      for (guint index = 0; index < n; index++)
        out[index] = index;
      return;
    }
  while (pos < len)
    {
      const char *hit = memmem (texts + pos, len - pos, query, query_len);
      gsize offset;
      guint lo = 0, hi = n;

      if (hit == NULL)
        break;
      offset = (gsize) (hit - texts);
      /* The item whose text contains the hit: the last one that starts at or before it. */
      while (hi - lo > 1)
        {
          guint mid = lo + (hi - lo) / 2;

          if (starts[mid] <= offset)
            lo = mid;
          else
            hi = mid;
        }
      g_array_index (offsets, guint, found) = (guint) (offset - starts[lo]);
      out[found++] = lo;
      pos = lo + 1 < n ? starts[lo + 1] : len;
    }
  g_array_set_size (matches, found);
  g_array_set_size (offsets, found);
}

/* Points the slots that exist at the new matches, and tells the list view how many positions
 * there are now: only the tail past the shorter count changes. */
static guint
n_slots_for (LwRdsMatches *self,
             guint         n_matches)
{
  return MAX (n_matches, MIN (self->min_slots, self->items->len));
}

/* offsets: where the query first occurs in each match's text, or NULL (not known). */
static void
lw_rds_matches_publish (LwRdsMatches *self,
                        GArray       *matches,
                        GArray       *offsets)
{
  guint before = self->n_slots;
  guint after = n_slots_for (self, matches->len);
  guint common = MIN (before, after);
  guint n_matches_before = self->matches->len;
  gboolean retargeted = FALSE;

  g_array_ref (matches);
  g_array_unref (self->matches);
  self->matches = matches;
  if (offsets != NULL)
    g_array_ref (offsets);
  g_clear_pointer (&self->offsets, g_array_unref);
  self->offsets = offsets;
  if (g_strcmp0 (self->matched_query, lw_rds_filter_get_query (self->filter)) != 0)
    {
      g_free (self->matched_query);
      self->matched_query = g_strdup (lw_rds_filter_get_query (self->filter));
    }
  for (guint i = 0; i < self->slots->len; i++)
    {
      LwRdsSlot *slot = g_ptr_array_index (self->slots, i);
      LwRdsItem *item = i < matches->len ? g_ptr_array_index (self->items, g_array_index (matches, guint, i)) : NULL;

      retargeted |= i < common && slot->item != item;
      slot->item = item;
    }
  self->n_slots = after;
  if (before != after)
    g_list_model_items_changed (G_LIST_MODEL (self), common, before - common, after - common);
  if (retargeted)
    g_signal_emit (self, signals[RETARGETED], 0);
  if (n_matches_before != matches->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static void
lw_rds_matches_clear_cache (LwRdsMatches *self)
{
  g_queue_clear (&self->cache_order);
  g_hash_table_remove_all (self->cache);
}

static void
lw_rds_matches_cache (LwRdsMatches *self,
                      const char   *query,
                      GArray       *matches)
{
  char *key;

  if (g_hash_table_contains (self->cache, query))
    return;
  if (self->cache_order.length >= CACHE_SIZE)
    g_hash_table_remove (self->cache, g_queue_pop_head (&self->cache_order));
  key = g_strdup (query);
  g_hash_table_insert (self->cache, key, g_array_ref (matches));
  g_queue_push_tail (&self->cache_order, key);
}

static void
lw_rds_matches_refilter (LwRdsMatches    *self,
                         GtkFilterChange  change)
{
  const char *query = lw_rds_filter_get_query (self->filter);
  GArray *cached = g_hash_table_lookup (self->cache, query);
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) offsets = NULL;

  if (cached != NULL)
    {
      self->cache_hits++;
      lw_rds_matches_publish (self, cached, NULL);
      return;
    }
  matches = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->matches->len);
  offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->matches->len);
  if (change == GTK_FILTER_CHANGE_MORE_STRICT)
    {
      /* Narrower: only what matched can still match (a search in each of them is quicker than
       * match_all()'s memmem() over all texts, even when nearly every item matches). */
      const guint *before = (const guint *) (gpointer) self->matches->data;
      const gsize *starts = (const gsize *) (gpointer) self->starts->data;
      const char *texts = self->texts->str;
      gsize old_len = self->matched_query != NULL ? strlen (self->matched_query) : 0;
      /* The query is the old one and more characters: a match has the old query at its offset,
       * and has the new one there if those characters follow it; if not, the new one can only
       * be further on (every occurrence of the new query is one of the old). */
      gboolean appended = self->offsets != NULL && self->offsets->len == self->matches->len &&
                          self->matched_query != NULL && strlen (query) > old_len &&
                          g_str_has_prefix (query, self->matched_query);
      const char *added = query + old_len;
      gsize added_len = strlen (added);
      guint found = 0;
      guint *out;
      guint *out_offsets;
      guint n = self->matches->len;
      const guint *old_offsets = appended ? (const guint *) (gpointer) self->offsets->data : NULL;

      g_array_set_size (matches, n);
      g_array_set_size (offsets, n);
      out = (guint *) (gpointer) matches->data;
      out_offsets = (guint *) (gpointer) offsets->data;
      for (guint i = 0; i < n; i++)
        {
          const char *text = texts + starts[before[i]];
          const char *hit;

          if (old_offsets != NULL)
            {
              guint offset = old_offsets[i];
              const char *after = text + offset + old_len;

              /* (One character typed: compared here, without a call.) */
              if (after[0] == added[0] && (added_len == 1 || strncmp (after + 1, added + 1, added_len - 1) == 0))
                hit = text + offset;
              else if (text[offset] != '\0')  /* (the old query may be empty, and so the text) */
                hit = strstr (text + offset + 1, query);
              else
                hit = NULL;
            }
          else
            hit = strstr (text, query);
          if (hit != NULL)
            {
              out_offsets[found] = (guint) (hit - text);
              out[found++] = before[i];
            }
        }
      g_array_set_size (matches, found);
      g_array_set_size (offsets, found);
    }
  else
    {
      match_all (self, matches, offsets);
    }
  lw_rds_matches_cache (self, query, matches);
  lw_rds_matches_publish (self, matches, offsets);
}

static void
on_filter_changed (GtkFilter       *filter,
                   GtkFilterChange  change,
                   LwRdsMatches    *self)
{
  lw_rds_matches_refilter (self, change);
}

static void
on_source_items_changed (GListModel   *source,
                         guint         position,
                         guint         removed,
                         guint         added,
                         LwRdsMatches *self)
{
  /* Other items: every cached result is out of date. */
  lw_rds_matches_clear_cache (self);
  if (removed == 0 && position == self->items->len)
    {
      /* Appended (the next page arrived): check only the new items. */
      const char *query = lw_rds_filter_get_query (self->filter);
      g_autoptr(GArray) matches = g_array_copy (self->matches);
      g_autoptr(GArray) offsets = self->offsets != NULL ? g_array_copy (self->offsets) : NULL;

      for (guint i = 0; i < added; i++)
        {
          const char *text;
          const char *hit;

          add_item (self, g_list_model_get_item (source, position + i));
          text = self->texts->str + g_array_index (self->starts, gsize, position + i);
          hit = strstr (text, query);
          if (hit != NULL)
            {
              guint index = position + i;
              guint offset = (guint) (hit - text);

              g_array_append_val (matches, index);
              if (offsets != NULL)
                g_array_append_val (offsets, offset);
            }
        }
      lw_rds_matches_cache (self, query, matches);
      lw_rds_matches_publish (self, matches, offsets);
      return;
    }
  g_ptr_array_remove_range (self->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->items, position + i, g_list_model_get_item (source, position + i));
  rebuild_texts (self);
  lw_rds_matches_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
lw_rds_matches_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LwRdsMatches *self = LW_RDS_MATCHES (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->source);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, self->matches->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_rds_matches_dispose (GObject *object)
{
  LwRdsMatches *self = LW_RDS_MATCHES (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  for (guint i = 0; i < self->slots->len; i++)
    LW_RDS_SLOT (g_ptr_array_index (self->slots, i))->item = NULL;
  g_ptr_array_set_size (self->items, 0);
  g_string_truncate (self->texts, 0);
  g_array_set_size (self->starts, 0);

  G_OBJECT_CLASS (lw_rds_matches_parent_class)->dispose (object);
}

static void
lw_rds_matches_finalize (GObject *object)
{
  LwRdsMatches *self = LW_RDS_MATCHES (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (self->texts != NULL)
    g_string_free (g_steal_pointer (&self->texts), TRUE);
  g_clear_pointer (&self->starts, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->offsets, g_array_unref);
  g_clear_pointer (&self->matched_query, g_free);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_queue_clear (&self->cache_order);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (lw_rds_matches_parent_class)->finalize (object);
}

static void
lw_rds_matches_class_init (LwRdsMatchesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_rds_matches_dispose;
  object_class->finalize = lw_rds_matches_finalize;
  object_class->get_property = lw_rds_matches_get_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How many items match (the model has at least as many positions, see min-slots). */
  properties[PROP_N_MATCHES] = g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The slots now point at other items: refresh the rows on screen. */
  signals[RETARGETED] = g_signal_new ("retargeted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lw_rds_matches_init (LwRdsMatches *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->texts = g_string_new (NULL);
  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_queue_init (&self->cache_order);
}

LwRdsMatches *
lw_rds_matches_new (LwRdsFilter *filter)
{
  LwRdsMatches *self = g_object_new (LW_TYPE_RDS_MATCHES, NULL);

  g_return_val_if_fail (LW_IS_RDS_FILTER (filter), self);
  self->filter = g_object_ref (filter);
  g_signal_connect (filter, "changed", G_CALLBACK (on_filter_changed), self);
  return self;
}

void
lw_rds_matches_set_model (LwRdsMatches *self,
                          GListModel   *source)
{
  guint n;

  g_return_if_fail (LW_IS_RDS_MATCHES (self));

  if (self->source == source)
    return;
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_set_object (&self->source, source);
  lw_rds_matches_clear_cache (self);
  g_ptr_array_set_size (self->items, 0);
  g_string_truncate (self->texts, 0);
  g_array_set_size (self->starts, 0);
  n = source != NULL ? g_list_model_get_n_items (source) : 0;
  for (guint i = 0; i < n; i++)
    add_item (self, g_list_model_get_item (source, i));
  if (source != NULL)
    g_signal_connect (source, "items-changed", G_CALLBACK (on_source_items_changed), self);
  lw_rds_matches_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
lw_rds_matches_get_model (LwRdsMatches *self)
{
  g_return_val_if_fail (LW_IS_RDS_MATCHES (self), NULL);
  return self->source;
}

LwRdsItem *
lw_rds_matches_peek_item (LwRdsMatches *self,
                          guint         position)
{
  g_return_val_if_fail (LW_IS_RDS_MATCHES (self), NULL);
  if (position >= self->matches->len)
    return NULL;
  return g_ptr_array_index (self->items, g_array_index (self->matches, guint, position));
}

guint
lw_rds_matches_get_cache_hits (LwRdsMatches *self)
{
  g_return_val_if_fail (LW_IS_RDS_MATCHES (self), 0);
  return self->cache_hits;
}

guint
lw_rds_matches_get_n_matches (LwRdsMatches *self)
{
  g_return_val_if_fail (LW_IS_RDS_MATCHES (self), 0);
  return self->matches->len;
}

void
lw_rds_matches_set_min_slots (LwRdsMatches *self,
                              guint         min_slots)
{
  g_autoptr(GArray) matches = NULL;

  g_return_if_fail (LW_IS_RDS_MATCHES (self));
  if (self->min_slots == min_slots)
    return;
  self->min_slots = min_slots;
  matches = g_array_ref (self->matches);
  lw_rds_matches_publish (self, matches, self->offsets);
}
