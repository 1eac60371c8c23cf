/* test-rds-filter.c — the RDS picker's search stays correct under every keystroke sequence
 *
 * The picker filters thousands of instances per keystroke with LwRdsFilter (a precomputed
 * lower-case search key, and change hints that let a model re-check only part of the list) and
 * shows them through LwRdsMatches (stable row slots, only the tail of the list changes). Random
 * typing — characters, backspaces, pasted and cleared text, pages of instances arriving between
 * keystrokes — must show exactly what a brute-force filter of the same text shows, both through
 * LwRdsMatches (also as seen by a view that only follows items-changed) and through GTK's own
 * GtkFilterListModel, which trusts the change hints. A second LwRdsMatches keeps at least 200
 * positions (lw_rds_matches_set_min_slots(), as the picker does with GTK 4.8): the matches first,
 * in order, then slots without an item, and n-matches says how many match. No display needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lw-rds-filter.h"
#include "lw-rds-matches.h"
#include "lw-rds-model.h"

#define N_INSTANCES 2000
#define PADDED      200

static const char *descriptions[] = { "orders", "Users-DB", "billing", "Zürich ÄRZTE", "audit log", "", "app-0042" };

static LwRdsItem *
make_item (guint n)
{
  LwDiscInstance *instance = g_new0 (LwDiscInstance, 1);

  instance->db_instance_id = g_strdup_printf ("rm-bp1large%07u", n);
  instance->description = g_strdup_printf ("%s %u", descriptions[n % G_N_ELEMENTS (descriptions)], n % 300);
  instance->status = g_strdup (n % 17 ? "Running" : "Stopped");
  instance->engine = g_strdup ("MySQL");
  instance->network_type = g_strdup ("VPC");
  instance->vpc_id = g_strdup (n % 5 ? "vpc-bp1demo000000000001" : "vpc-bp1other00000000002");
  instance->zone_id = g_strdup_printf ("cn-hangzhou-%c", "hij"[n % 3]);
  return lw_rds_item_new (instance);
}

/* What the picker must show for text: every item whose ID, description, VPC or zone contains
 * the text, case-insensitively, after stripping surrounding spaces. */
static GPtrArray *
brute_force (GListModel *source,
             const char *text)
{
  g_autofree char *query = g_strstrip (g_utf8_strdown (text, -1));
  GPtrArray *shown = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (source);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwRdsItem) item = g_list_model_get_item (source, i);
      const LwDiscInstance *in = lw_rds_item_get_instance (item);
      g_autofree char *haystack = g_strjoin (" ", in->db_instance_id, in->description, in->vpc_id, in->zone_id, NULL);
      g_autofree char *lower = g_utf8_strdown (haystack, -1);

      if (*query == '\0' || strstr (lower, query) != NULL)
        g_ptr_array_add (shown, item);
    }
  return shown;
}

/* A view that knows the matches model only through items-changed, like GtkListView. */
typedef struct {
  GPtrArray *slots;   /* LwRdsSlot, a reference each */
} View;

static void
view_items_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    View       *view)
{
  g_assert_cmpuint (position + removed, <=, view->slots->len);
  g_ptr_array_remove_range (view->slots, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (view->slots, position + i, g_list_model_get_item (model, position + i));
}

static void
assert_shown (GListModel   *source,
              const char   *text,
              LwRdsMatches *matches,
              View         *view,
              GListModel   *gtk_model)
{
  g_autoptr(GPtrArray) expected = brute_force (source, text);
  guint n = expected->len;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (matches)), ==, n);
  g_assert_cmpuint (view->slots->len, ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwRdsSlot) slot = g_list_model_get_item (G_LIST_MODEL (matches), i);
      g_autoptr(LwRdsItem) gtk_item = g_list_model_get_item (gtk_model, i);

      g_assert_true (lw_rds_slot_get_item (slot) == g_ptr_array_index (expected, i));
      /* Position i keeps its slot: the view's copy is the same object and shows the same item. */
      g_assert_true (g_ptr_array_index (view->slots, i) == slot);
      g_assert_true (lw_rds_matches_peek_item (matches, i) == g_ptr_array_index (expected, i));
      g_assert_true (gtk_item == g_ptr_array_index (expected, i));
    }
}

/* The same, through a matches model that keeps at least min_slots positions (what the picker
 * uses with GTK 4.8's list view): the matches first, then slots without an item. */
static void
assert_padded (GListModel   *source,
               const char   *text,
               LwRdsMatches *padded,
               guint         min_slots,
               View         *view)
{
  g_autoptr(GPtrArray) expected = brute_force (source, text);
  guint n = expected->len;
  guint n_slots = MAX (n, MIN (min_slots, g_list_model_get_n_items (source)));
  guint n_matches = G_MAXUINT;

  g_object_get (padded, "n-matches", &n_matches, NULL);
  g_assert_cmpuint (n_matches, ==, n);
  g_assert_cmpuint (lw_rds_matches_get_n_matches (padded), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (padded)), ==, n_slots);
  g_assert_cmpuint (view->slots->len, ==, n_slots);
  for (guint i = 0; i < n_slots; i++)
    {
      g_autoptr(LwRdsSlot) slot = g_list_model_get_item (G_LIST_MODEL (padded), i);

      g_assert_true (lw_rds_slot_get_item (slot) == (i < n ? g_ptr_array_index (expected, i) : NULL));
      g_assert_true (g_ptr_array_index (view->slots, i) == slot);
      g_assert_true (lw_rds_matches_peek_item (padded, i) == (i < n ? g_ptr_array_index (expected, i) : NULL));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (padded), n_slots));
}

/* One keystroke: a character (mostly one that occurs in the data), a backspace, or a paste/clear. */
static void
keystroke (GString *text)
{
  static const char *pieces[] = { "r", "m", "-", "b", "p", "1", "l", "a", "r", "g", "e", "0", "0", "2", "3", "7",
                                  "9", "u", "s", "e", "R", "S", "ü", "Ä", "z", " ", "h", "i", "v", "c", "x", "q" };
  static const char *pastes[] = { "rm-bp1large0001", "  USERS-db ", "zürich", "cn-hangzhou-j", "vpc-bp1other", "2 ", "" };
  guint32 what = g_test_rand_int_range (0, 100);

  if (what < 60)
    g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
  else if (what < 92)
    {
      /* Backspace: one whole UTF-8 character. */
      if (text->len > 0)
        {
          const char *last = g_utf8_find_prev_char (text->str, text->str + text->len);
          g_string_truncate (text, last != NULL ? (gsize) (last - text->str) : 0);
        }
    }
  else
    {
      g_string_assign (text, pastes[g_test_rand_int_range (0, G_N_ELEMENTS (pastes))]);
    }
}

static void
test_random_typing (void)
{
  g_autoptr(GListStore) source = g_list_store_new (LW_TYPE_RDS_ITEM);
  g_autoptr(LwRdsFilter) filter = lw_rds_filter_new ();
  g_autoptr(LwRdsMatches) matches = lw_rds_matches_new (filter);
  g_autoptr(GtkFilterListModel) gtk_model = NULL;
  View view = { g_ptr_array_new_with_free_func (g_object_unref) };
  /* A second matches model on the same filter, with at least PADDED positions. */
  g_autoptr(LwRdsMatches) padded = lw_rds_matches_new (filter);
  View padded_view = { g_ptr_array_new_with_free_func (g_object_unref) };
  guint padded_shrank = 0;
  guint loaded = 0;
  guint narrowing = 0, widening = 0;

  /* The first page is in; more arrive while the user types (the picker loads them all). */
  for (; loaded < 100; loaded++)
    {
      g_autoptr(LwRdsItem) item = make_item (loaded);
      g_list_store_append (source, item);
    }
  g_signal_connect (matches, "items-changed", G_CALLBACK (view_items_changed), &view);
  lw_rds_matches_set_model (matches, G_LIST_MODEL (source));
  g_signal_connect (padded, "items-changed", G_CALLBACK (view_items_changed), &padded_view);
  lw_rds_matches_set_model (padded, G_LIST_MODEL (source));
  /* Fewer items than PADDED: as many positions as items, the ones past the matches empty. */
  lw_rds_filter_set_query (filter, "rm-bp1large000004");
  lw_rds_matches_set_min_slots (padded, PADDED);
  assert_padded (G_LIST_MODEL (source), "rm-bp1large000004", padded, PADDED, &padded_view);
  g_assert_cmpuint (padded_view.slots->len, ==, 100);
  lw_rds_filter_set_query (filter, "");
  gtk_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (source)), GTK_FILTER (g_object_ref (filter)));
  assert_shown (G_LIST_MODEL (source), "", matches, &view, G_LIST_MODEL (gtk_model));

  for (guint sequence = 0; sequence < 60; sequence++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_keys = g_test_rand_int_range (1, 40);

      for (guint k = 0; k < n_keys; k++)
        {
          g_autofree char *before = g_strdup (lw_rds_filter_get_query (filter));
          g_autofree char *expected_query = NULL;

          keystroke (text);
          lw_rds_filter_set_query (filter, text->str);
          expected_query = g_strstrip (g_utf8_strdown (text->str, -1));
          g_assert_cmpstr (lw_rds_filter_get_query (filter), ==, expected_query);
          if (strcmp (before, expected_query) != 0 && strstr (expected_query, before) != NULL)
            narrowing++;
          else if (strcmp (before, expected_query) != 0 && strstr (before, expected_query) != NULL)
            widening++;
          assert_shown (G_LIST_MODEL (source), text->str, matches, &view, G_LIST_MODEL (gtk_model));
          assert_padded (G_LIST_MODEL (source), text->str, padded, PADDED, &padded_view);
          if (lw_rds_matches_get_n_matches (padded) < PADDED && g_list_model_get_n_items (G_LIST_MODEL (padded)) == PADDED)
            padded_shrank++;

          /* Sometimes a page of instances arrives between two keystrokes. */
          if (loaded < N_INSTANCES && g_test_rand_int_range (0, 4) == 0)
            {
              guint until = MIN (N_INSTANCES, loaded + 100);
              g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

              for (; loaded < until; loaded++)
                g_ptr_array_add (page, make_item (loaded));
              g_list_store_splice (source, g_list_model_get_n_items (G_LIST_MODEL (source)), 0, page->pdata, page->len);
              assert_shown (G_LIST_MODEL (source), text->str, matches, &view, G_LIST_MODEL (gtk_model));
              assert_padded (G_LIST_MODEL (source), text->str, padded, PADDED, &padded_view);
            }
        }
    }
  /* The sequences exercised both kinds of incremental change, not only full re-checks, and the
   * matches kept for recent queries answered some of them (checked like every other keystroke). */
  g_assert_cmpuint (narrowing, >, 50);
  g_assert_cmpuint (widening, >, 50);
  g_assert_cmpuint (lw_rds_matches_get_cache_hits (matches), >, 20);
  g_test_message ("%u keystrokes answered from the matches of recent queries", lw_rds_matches_get_cache_hits (matches));
  g_test_message ("%u narrowing and %u widening keystrokes, %u instances loaded", narrowing, widening, loaded);
  /* The padded model kept its PADDED positions with fewer matches than that, many times. */
  g_assert_cmpuint (padded_shrank, >, 20);

  /* Another region: the source is replaced while a search is active. */
  {
    g_autoptr(GListStore) other = g_list_store_new (LW_TYPE_RDS_ITEM);

    for (guint i = 0; i < 300; i++)
      {
        g_autoptr(LwRdsItem) item = make_item (N_INSTANCES + i);
        g_list_store_append (other, item);
      }
    lw_rds_filter_set_query (filter, "zürich");
    lw_rds_matches_set_model (matches, G_LIST_MODEL (other));
    lw_rds_matches_set_model (padded, G_LIST_MODEL (other));
    gtk_filter_list_model_set_model (gtk_model, G_LIST_MODEL (other));
    assert_shown (G_LIST_MODEL (other), "zürich", matches, &view, G_LIST_MODEL (gtk_model));
    assert_padded (G_LIST_MODEL (other), "zürich", padded, PADDED, &padded_view);
    g_assert_cmpuint (view.slots->len, >, 0);
    lw_rds_filter_set_query (filter, "");
    assert_shown (G_LIST_MODEL (other), "", matches, &view, G_LIST_MODEL (gtk_model));
    assert_padded (G_LIST_MODEL (other), "", padded, PADDED, &padded_view);
    /* No minimum: exactly the matches again. */
    lw_rds_filter_set_query (filter, "zürich");
    lw_rds_matches_set_min_slots (padded, 0);
    assert_padded (G_LIST_MODEL (other), "zürich", padded, 0, &padded_view);
    g_assert_cmpuint (padded_view.slots->len, ==, lw_rds_matches_get_n_matches (padded));
  }

  g_ptr_array_unref (view.slots);
  g_ptr_array_unref (padded_view.slots);
}

/* Typing a query one character at a time (each keystroke only adds characters at the end, which
 * the matches model answers from where the shorter query first occurred in each text), over
 * texts where the query occurs more than once and where its first occurrence is not followed by
 * the next character: "bp1" is in the ID and in the VPC, "bp1o" only in the VPC, "0000" overlaps
 * itself. Every step against the brute-force filter. */
static void
test_typed_suffix (void)
{
  static const char *queries[] = { "bp1other", "vpc-bp1demo0000000", "00000000002", "0042 ", "e 1",
                                   "hangzhou-j", "rm-bp1large0000", "zürich ärzte 1", "o" };
  g_autoptr(GListStore) source = g_list_store_new (LW_TYPE_RDS_ITEM);
  g_autoptr(LwRdsFilter) filter = lw_rds_filter_new ();
  g_autoptr(LwRdsMatches) matches = lw_rds_matches_new (filter);

  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(LwRdsItem) item = make_item (i);
      g_list_store_append (source, item);
    }
  lw_rds_matches_set_model (matches, G_LIST_MODEL (source));
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      const char *query = queries[q];

      lw_rds_filter_set_query (filter, "");
      for (const char *end = query; *end; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (query, g_utf8_next_char (end) - query);
          g_autoptr(GPtrArray) expected = brute_force (G_LIST_MODEL (source), typed);

          lw_rds_filter_set_query (filter, typed);
          g_assert_cmpuint (lw_rds_matches_get_n_matches (matches), ==, expected->len);
          for (guint i = 0; i < expected->len; i++)
            g_assert_true (lw_rds_matches_peek_item (matches, i) == g_ptr_array_index (expected, i));
        }
      /* And back, which the kept matches answer, then forward again from them. */
      lw_rds_filter_set_query (filter, "b");
      lw_rds_filter_set_query (filter, "bp");
      {
        g_autoptr(GPtrArray) expected = brute_force (G_LIST_MODEL (source), "bp");
        g_assert_cmpuint (lw_rds_matches_get_n_matches (matches), ==, expected->len);
      }
    }
}

/* The change hints: narrowing, widening, or neither; and no signal when nothing changed. */
static void
on_changed (GtkFilter       *filter,
            GtkFilterChange  change,
            gpointer         data)
{
  *(int *) data = (int) change;
}

static void
test_change_hints (void)
{
  g_autoptr(LwRdsFilter) filter = lw_rds_filter_new ();
  int change = -1;

  g_signal_connect (filter, "changed", G_CALLBACK (on_changed), &change);
  g_assert_true (lw_rds_filter_set_query (filter, "RM-"));
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpstr (lw_rds_filter_get_query (filter), ==, "rm-");
  change = -1;
  g_assert_false (lw_rds_filter_set_query (filter, "  rm- "));
  g_assert_cmpint (change, ==, -1);
  g_assert_true (lw_rds_filter_set_query (filter, "rm-b"));
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_MORE_STRICT);
  g_assert_true (lw_rds_filter_set_query (filter, "rm"));
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_true (lw_rds_filter_set_query (filter, "vpc"));
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_DIFFERENT);
  g_assert_true (lw_rds_filter_set_query (filter, NULL));
  g_assert_cmpint (change, ==, GTK_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_true (lw_rds_filter_match_text ("rm-bp1 zürich", "zü"));
  g_assert_false (lw_rds_filter_match_text ("rm-bp1", "rm-bp2"));
  g_assert_false (lw_rds_filter_match_text (NULL, "a"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/rds-filter/change-hints", test_change_hints);
  g_test_add_func ("/ui/rds-filter/random-typing", test_random_typing);
  g_test_add_func ("/ui/rds-filter/typed-suffix", test_typed_suffix);

  return g_test_run ();
}
