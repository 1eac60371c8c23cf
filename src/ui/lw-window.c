/* lw-window.c — the assistant window
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-window.h"
#include "lw-page.h"
#include "lw-pages.h"

struct _LwWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkLabel             *sim_badge;
  GtkStack             *stack;

  LwSession            *session;
  GSettings            *settings;
  /* Names of the pages we came from, for Back. */
  GPtrArray            *history;
  LwPage               *current;
  gulong                current_handlers[4];
  /* Pages other than Start are built when first needed, or one per idle after the first frame. */
  guint                 build_idle;
  guint                 prefetch_idle;
  guint                 measure_idle;
  guint                 allocate_idle;
  gulong                first_frame_handler;

  /* --screenshot */
  char                 *screenshot_dir;
  guint                 screenshot_index;
  guint                 screenshot_source;
  gboolean              screenshot_dark;
  gboolean              screenshot_progress_done;
  guint                 screenshot_account_state;  /* 0, 1 policy, 2 check (light run only) */
};

G_DEFINE_FINAL_TYPE (LwWindow, lw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* LwWidthFirstLayout: a bin layout whose width does not depend on a height. In GTK 4.8, GtkViewport
 * measures its child's width for the viewport's height on every allocation, and GtkStack its visible
 * page's width for the stack's height; through vertical boxes that becomes a search over widths,
 * each step measuring every wrapping label again at a new width (issue #13: most of a page's layout
 * time). Content that wraps text is height-for-width: its width for a height is its plain width. */
struct _LwWidthFirstLayout
{
  GtkLayoutManager parent_instance;

  GtkWidget       *watched;  /* the scrolled window whose policy and propagation decide (weak) */
};

G_DEFINE_FINAL_TYPE (LwWidthFirstLayout, lw_width_first_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Both width-first layouts: content that wraps text is height-for-width. */
static GtkSizeRequestMode
width_first_get_request_mode (GtkLayoutManager *manager,
                              GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Whether @widget's height at width -1 goes unused: GtkScrolledWindow asks its child for it in its
 * own size request and uses it only when it has no vertical scrollbar (policy NEVER) or propagates
 * the natural height (gtkscrolledwindow.c, GTK 4.8); nothing else asks for it in a viewport. For
 * content that wraps text it is the dearest measure there is (each label laid out at its minimum
 * and natural widths; issue #13: most of the Done page's 8.75-ms measure before its first show). */
#if !GTK_CHECK_VERSION (4, 10, 0)
static gboolean
height_at_any_width_unused (LwWidthFirstLayout *self,
                            GtkWidget          *widget)
{
  GtkWidget *viewport = gtk_widget_get_parent (widget);
  GtkWidget *scrolled = viewport != NULL ? gtk_widget_get_parent (viewport) : NULL;
  GtkPolicyType vpolicy;

  if (!GTK_IS_VIEWPORT (viewport) || !GTK_IS_SCROLLED_WINDOW (scrolled) ||
      gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) != viewport)
    return FALSE;
  /* The answer (cached with the content's sizes) changes with these. */
  if (self->watched != scrolled)
    {
      if (self->watched != NULL)
        {
          g_signal_handlers_disconnect_by_func (self->watched, gtk_layout_manager_layout_changed, self);
          g_object_remove_weak_pointer (G_OBJECT (self->watched), (gpointer *) &self->watched);
        }
      self->watched = scrolled;
      g_object_add_weak_pointer (G_OBJECT (scrolled), (gpointer *) &self->watched);
      g_signal_connect_object (scrolled, "notify::propagate-natural-height",
                               G_CALLBACK (gtk_layout_manager_layout_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scrolled, "notify::vscrollbar-policy",
                               G_CALLBACK (gtk_layout_manager_layout_changed), self, G_CONNECT_SWAPPED);
    }
  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scrolled), NULL, &vpolicy);
  return vpolicy != GTK_POLICY_NEVER && !gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled));
}
#endif

static void
lw_width_first_layout_measure (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               GtkOrientation    orientation,
                               int               for_size,
                               int              *minimum,
                               int              *natural,
                               int              *minimum_baseline,
                               int              *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;
#if !GTK_CHECK_VERSION (4, 10, 0)  /* checked against GTK 4.8's scrolled window only */
  else if (for_size < 0 && height_at_any_width_unused (LW_WIDTH_FIRST_LAYOUT (manager), widget))
    return;  /* 0: thrown away by the scrolled window */
#endif
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0, child_min_baseline = -1, child_nat_baseline = -1;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, &child_min_baseline, &child_nat_baseline);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
      if (child_min_baseline > -1)
        *minimum_baseline = MAX (*minimum_baseline, child_min_baseline);
      if (child_nat_baseline > -1)
        *natural_baseline = MAX (*natural_baseline, child_nat_baseline);
    }
}

static void
lw_width_first_layout_allocate (GtkLayoutManager *manager,
                                GtkWidget        *widget,
                                int               width,
                                int               height,
                                int               baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
lw_width_first_layout_finalize (GObject *object)
{
  LwWidthFirstLayout *self = LW_WIDTH_FIRST_LAYOUT (object);

  if (self->watched != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->watched), (gpointer *) &self->watched);
  G_OBJECT_CLASS (lw_width_first_layout_parent_class)->finalize (object);
}

static void
lw_width_first_layout_class_init (LwWidthFirstLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = lw_width_first_layout_finalize;

  manager_class->get_request_mode = width_first_get_request_mode;
  manager_class->measure = lw_width_first_layout_measure;
  manager_class->allocate = lw_width_first_layout_allocate;
}

static void
lw_width_first_layout_init (LwWidthFirstLayout *self)
{
}

/* LwWidthFirstBoxLayout: a vertical box layout whose width does not depend on a height. A
 * horizontal GtkBox measures its children's widths for its own height when it allocates them, and for
 * their minimum height when it measures itself (gtkboxlayout.c); a vertical box answers that with a
 * search over widths (GTK 4.8) in which every wrapping label inside is laid out again at each step.
 * AdwActionRow's title and subtitle, AdwPreferencesGroup's title and description and
 * AdwPreferencesPage's groups all sit in such boxes (issue #13: most of the remaining stalls on the
 * Account, TiDB Cloud, Network and Review pages). This layout delegates to a GtkBoxLayout with the
 * box's settings and drops the height from width requests: content that wraps text is
 * height-for-width, so its width for a height is its plain width. */
struct _LwWidthFirstBoxLayout
{
  GtkLayoutManager  parent_instance;
  GtkLayoutManager *box;  /* a GtkBoxLayout, not attached to a widget: measure and allocate only */
};

G_DEFINE_FINAL_TYPE (LwWidthFirstBoxLayout, lw_width_first_box_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
lw_width_first_box_layout_measure (GtkLayoutManager *manager,
                                   GtkWidget        *widget,
                                   GtkOrientation    orientation,
                                   int               for_size,
                                   int              *minimum,
                                   int              *natural,
                                   int              *minimum_baseline,
                                   int              *natural_baseline)
{
  LwWidthFirstBoxLayout *self = LW_WIDTH_FIRST_BOX_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;
  gtk_layout_manager_measure (self->box, widget, orientation, for_size, minimum, natural,
                              minimum_baseline, natural_baseline);
}

static void
lw_width_first_box_layout_allocate (GtkLayoutManager *manager,
                                    GtkWidget        *widget,
                                    int               width,
                                    int               height,
                                    int               baseline)
{
  LwWidthFirstBoxLayout *self = LW_WIDTH_FIRST_BOX_LAYOUT (manager);

  gtk_layout_manager_allocate (self->box, widget, width, height, baseline);
}

static void
lw_width_first_box_layout_finalize (GObject *object)
{
  LwWidthFirstBoxLayout *self = LW_WIDTH_FIRST_BOX_LAYOUT (object);

  g_clear_object (&self->box);
  G_OBJECT_CLASS (lw_width_first_box_layout_parent_class)->finalize (object);
}

static void
lw_width_first_box_layout_class_init (LwWidthFirstBoxLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->finalize = lw_width_first_box_layout_finalize;
  manager_class->get_request_mode = width_first_get_request_mode;
  manager_class->measure = lw_width_first_box_layout_measure;
  manager_class->allocate = lw_width_first_box_layout_allocate;
}

static void
lw_width_first_box_layout_init (LwWidthFirstBoxLayout *self)
{
}

gboolean
lw_width_first_wanted (void)
{
  /* Measured on GTK 4.8 (Debian 12, the floor). Newer GTK keeps its own box layout: the search over
   * widths is unmeasured there, and a newer libadwaita may change a box's spacing or orientation at
   * run time, which needs a GtkBoxLayout (a critical otherwise). */
  return gtk_get_major_version () == 4 && gtk_get_minor_version () < 10;
}

/* A word longer than this many characters may not fit the narrowest window's rows (360 px: ~250 px for
 * a row's text, about 30 characters of the body font): its label keeps breaking within words. */
#define LW_WRAP_LONGEST_WORD 20

static void
on_wrap_auto_label (GtkLabel   *label,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  const char *text = gtk_label_get_text (label);
  glong run = 0;
  gboolean long_word = FALSE;

  for (const char *p = text; *p != '\0' && !long_word; p = g_utf8_next_char (p))
    {
      run = g_unichar_isspace (g_utf8_get_char (p)) ? 0 : run + 1;
      long_word = run > LW_WRAP_LONGEST_WORD;
    }
  gtk_label_set_wrap_mode (label, long_word ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
}

static void
layout_adopt (GtkWidget *root,
              gboolean   width_first)
{
  GtkLayoutManager *manager = gtk_widget_get_layout_manager (root);

  if (width_first && GTK_IS_BOX (root) && GTK_IS_BOX_LAYOUT (manager) &&
      gtk_orientable_get_orientation (GTK_ORIENTABLE (root)) == GTK_ORIENTATION_VERTICAL)
    {
      LwWidthFirstBoxLayout *layout = g_object_new (LW_TYPE_WIDTH_FIRST_BOX_LAYOUT, NULL);
      GtkBoxLayout *box = GTK_BOX_LAYOUT (gtk_box_layout_new (GTK_ORIENTATION_VERTICAL));

      gtk_box_layout_set_spacing (box, gtk_box_layout_get_spacing (GTK_BOX_LAYOUT (manager)));
      gtk_box_layout_set_homogeneous (box, gtk_box_layout_get_homogeneous (GTK_BOX_LAYOUT (manager)));
      gtk_box_layout_set_baseline_position (box, gtk_box_layout_get_baseline_position (GTK_BOX_LAYOUT (manager)));
      layout->box = GTK_LAYOUT_MANAGER (box);
      gtk_widget_set_layout_manager (root, GTK_LAYOUT_MANAGER (layout));
    }
  else if (GTK_IS_LABEL (root) && gtk_label_get_wrap (GTK_LABEL (root)) &&
           gtk_label_get_wrap_mode (GTK_LABEL (root)) == PANGO_WRAP_WORD_CHAR &&
           g_object_get_data (G_OBJECT (root), "lw-wrap-auto") == NULL)
    {
      g_object_set_data (G_OBJECT (root), "lw-wrap-auto", GINT_TO_POINTER (TRUE));
      g_signal_connect (root, "notify::label", G_CALLBACK (on_wrap_auto_label), NULL);
      on_wrap_auto_label (GTK_LABEL (root), NULL, NULL);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    layout_adopt (child, width_first);
}

/* Makes root and everything below it cheaper to lay out; call it on rows built at run time, before
 * they are first allocated (cheap to call again after adding rows):
 * - wrapping labels that break at words, or within a word that does not fit (PANGO_WRAP_WORD_CHAR,
 *   libadwaita's rows and group headers), break at words only while their text has no word longer
 *   than LW_WRAP_LONGEST_WORD characters (checked again whenever the text changes): a label's minimum
 *   width is measured with a layout of width 0, which for WORD_CHAR puts every character on a line of
 *   its own and shapes the rest of the text again at each (issue #13: a third of the time to the first
 *   frame, most of a page's first show). Host names, ARNs and service names keep WORD_CHAR; labels
 *   that must break anywhere say so with PANGO_WRAP_CHAR (the Endpoint Service Name).
 * - on GTK 4.8/4.9 (lw_width_first_wanted()), every vertical GtkBox gets an LwWidthFirstBoxLayout
 *   with the box's spacing, homogeneity and baseline position. Only for boxes whose orientation and
 *   spacing do not change afterwards (gtk_box_set_spacing() and the orientation expect a
 *   GtkBoxLayout); AdwActionRow, AdwExpanderRow, AdwPreferencesGroup/Page and the pages' own boxes
 *   set theirs once, when built. Boxes already adopted are skipped. */
void
lw_layout_adopt (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  layout_adopt (root, lw_width_first_wanted ());
}

/* lw_expander_row_measure_when_open(): GtkRevealer measures its child whatever its state, so a
 * collapsed AdwExpanderRow costs every layout of its page as much as an expanded one. */
static void
expander_sync_content (AdwExpanderRow *row)
{
  GtkRevealer *revealer = g_object_get_data (G_OBJECT (row), "lw-revealer");
  GtkWidget *content = revealer ? gtk_revealer_get_child (revealer) : NULL;

  /* Shown before the expansion animates; hidden once the collapse has. */
  if (content != NULL)
    gtk_widget_set_visible (content, adw_expander_row_get_expanded (row) || gtk_revealer_get_child_revealed (revealer));
}

static void
on_expander_changed (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    row)
{
  expander_sync_content (ADW_EXPANDER_ROW (row));
}

static GtkRevealer *
find_revealer (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      /* AdwExpanderRow's revealer holds the list of its rows. */
      GtkRevealer *found = GTK_IS_REVEALER (c) && GTK_IS_LIST_BOX (gtk_revealer_get_child (GTK_REVEALER (c)))
                           ? GTK_REVEALER (c) : find_revealer (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
lw_expander_row_measure_when_open (AdwExpanderRow *row)
{
  GtkRevealer *revealer;

  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));
  revealer = find_revealer (GTK_WIDGET (row));
  if (revealer == NULL || g_object_get_data (G_OBJECT (row), "lw-revealer") != NULL)
    return;
  g_object_set_data (G_OBJECT (row), "lw-revealer", revealer);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_expander_changed), row, 0);
  g_signal_connect_object (revealer, "notify::child-revealed", G_CALLBACK (on_expander_changed), row, 0);
  expander_sync_content (row);
}

/* The assistant's pages in order (product.md §2); Manage lives beside them. */
static const struct {
  const char *name;
  GType     (*get_type) (void);
} page_table[] = {
  { "start", lw_start_page_get_type },
  { "account", lw_account_page_get_type },
  { "tidb", lw_tidb_page_get_type },
  { "rds", lw_rds_page_get_type },
  { "network", lw_network_page_get_type },
  { "review", lw_review_page_get_type },
  { "progress", lw_progress_page_get_type },
  { "done", lw_done_page_get_type },
  { "manage", lw_manage_page_get_type },
};

static const char *
next_page_name (const char *name)
{
  for (guint i = 0; i + 1 < G_N_ELEMENTS (page_table); i++)
    {
      if (g_strcmp0 (page_table[i].name, name) == 0)
        {
          /* Done is the last page of the assistant; Manage is reached from Start. */
          if (g_strcmp0 (name, "done") == 0)
            return NULL;
          return page_table[i + 1].name;
        }
    }
  return NULL;
}

static void
lw_window_update_actions (LwWindow *self)
{
  LwPage *page = self->current;
  gboolean can_back = page != NULL && lw_page_get_can_go_back (page) && self->history->len > 0;
  gboolean show_next = page != NULL && lw_page_get_show_next (page);
  const char *label = page != NULL ? lw_page_get_next_label (page) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 show_next && lw_page_get_valid (page));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_back);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), show_next);
  gtk_button_set_label (self->next_button, label != NULL ? label : _("_Next"));
  lw_fix_mnemonic_names (GTK_WIDGET (self->next_button));
  adw_window_title_set_title (self->window_title, page ? lw_page_get_title (page) : _("Linkwright"));
}

static void
on_page_notify (LwPage     *page,
                GParamSpec *pspec,
                LwWindow   *self)
{
  lw_window_update_actions (self);
}

static void
on_page_advance (LwPage   *page,
                 LwWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  const char *next = next_page_name (name);

  if (page != self->current || next == NULL)
    return;
  lw_window_show_page (self, next);
}

static void
on_page_go_to (LwPage     *page,
               const char *name,
               LwWindow   *self)
{
  if (page != self->current)
    return;
  lw_window_show_page (self, name);
}

static void
on_page_toast (LwPage     *page,
               const char *message,
               LwWindow   *self)
{
  lw_window_add_toast (self, message);
}

static int
page_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    if (g_strcmp0 (page_table[i].name, name) == 0)
      return (int) i;
  return -1;
}

/* The page called name, built now if it has not been yet (NULL for an unknown name). Only Start
 * is built before the first frame (start-up time); the others when first shown or asked for, or
 * in the idle time after the first frame (build_next_page_idle). */
static LwPage *
lw_window_ensure_page (LwWindow   *self,
                       const char *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);
  GtkStackPage *stack_page;
  int i = page_index (name);

  if (page != NULL || i < 0)
    return page != NULL ? LW_PAGE (page) : NULL;

  page = g_object_new (page_table[i].get_type (), "session", self->session, NULL);
  gtk_widget_set_layout_manager (page, g_object_new (LW_TYPE_WIDTH_FIRST_LAYOUT, NULL));
  lw_layout_adopt (page);
  stack_page = gtk_stack_add_named (self->stack, page, page_table[i].name);
  gtk_stack_page_set_title (stack_page, lw_page_get_title (LW_PAGE (page)));
  g_signal_connect (page, "advance", G_CALLBACK (on_page_advance), self);
  g_signal_connect (page, "go-to", G_CALLBACK (on_page_go_to), self);
  g_signal_connect (page, "toast", G_CALLBACK (on_page_toast), self);
  lw_fix_mnemonic_names (page);
  return LW_PAGE (page);
}

/* One page per idle dispatch, so that the main loop never waits for more than one page's
 * construction (and its styling in the next frame); low priority, after drawing and input. */
static gboolean
build_next_page_idle (gpointer data)
{
  LwWindow *self = data;

  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    if (gtk_stack_get_child_by_name (self->stack, page_table[i].name) == NULL)
      {
        lw_window_ensure_page (self, page_table[i].name);
        return G_SOURCE_CONTINUE;
      }
  self->build_idle = 0;
  return G_SOURCE_REMOVE;
}

static void
on_first_frame (GdkFrameClock *clock,
                LwWindow      *self)
{
  g_clear_signal_handler (&self->first_frame_handler, clock);
  if (self->build_idle == 0)
    self->build_idle = g_idle_add_full (G_PRIORITY_LOW, build_next_page_idle, self, NULL);
}

static void
lw_window_map (GtkWidget *widget)
{
  LwWindow *self = LW_WINDOW (widget);

  GTK_WIDGET_CLASS (lw_window_parent_class)->map (widget);
  if (self->first_frame_handler == 0 && self->build_idle == 0)
    self->first_frame_handler = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                                  G_CALLBACK (on_first_frame), self);
}

static void
lw_window_unmap (GtkWidget *widget)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->first_frame_handler != 0)
    g_clear_signal_handler (&self->first_frame_handler, gtk_widget_get_frame_clock (widget));
  GTK_WIDGET_CLASS (lw_window_parent_class)->unmap (widget);
}

static void
lw_window_set_current (LwWindow *self,
                       LwPage   *page)
{
  if (self->current != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->current_handlers); i++)
        g_clear_signal_handler (&self->current_handlers[i], self->current);
    }

  self->current = page;
  self->current_handlers[0] = g_signal_connect (page, "notify::valid", G_CALLBACK (on_page_notify), self);
  self->current_handlers[1] = g_signal_connect (page, "notify::can-go-back", G_CALLBACK (on_page_notify), self);
  self->current_handlers[2] = g_signal_connect (page, "notify::show-next", G_CALLBACK (on_page_notify), self);
  self->current_handlers[3] = g_signal_connect (page, "notify::next-label", G_CALLBACK (on_page_notify), self);
}

/* While the TiDB Cloud page is shown, the RDS page lists the region's instances, so that its list
 * is there when the user arrives (issue #13: first rows within 50 ms of the page opening). */
static gboolean
prefetch_rds_idle (gpointer data)
{
  LwWindow *self = data;

  self->prefetch_idle = 0;
  if (self->current != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "tidb") == 0)
    lw_rds_page_prefetch (LW_RDS_PAGE (lw_window_ensure_page (self, "rds")));
  return G_SOURCE_REMOVE;
}

/* A page that the user has left is hidden once it has slid out, so that a change of style (light to
 * dark, high contrast) restyles the pages on screen only; a hidden page is styled again when it is
 * next shown (issue #13: the whole window's pages took ~10 ms to restyle). Pages built in idle time
 * and not shown yet stay visible: styling them early is what keeps their first show short. */
static void
hide_left_pages (LwWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != visible && g_object_steal_data (G_OBJECT (child), "lw-left") != NULL)
      gtk_widget_set_visible (child, FALSE);
}

static void
on_transition_running (GtkStack   *stack,
                       GParamSpec *pspec,
                       LwWindow   *self)
{
  if (!gtk_stack_get_transition_running (stack))
    hide_left_pages (self);
}

/* The page being shown, while the stack is on screen with a size to lay it out at (else NULL). */
static GtkWidget *
page_to_lay_out (LwWindow *self)
{
  if (gtk_widget_get_width (GTK_WIDGET (self->stack)) <= 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->stack)))
    return NULL;
  return gtk_stack_get_visible_child (self->stack);
}

/* After measure_ahead_idle(), allocates the page at the size the stack will give it, in a dispatch
 * of its own (issue #13): a page's content sits in a GtkScrolledWindow, which measures it only at
 * width -1 for its own size request and lays it out at its real width only when allocated. The
 * frame that starts the slide then finds the page allocated at that size (GTK keeps the allocation
 * and only moves the page): in alternating runs, the first show of Review 5.2–7.9 → 5.3 ms of
 * layout, and TiDB Cloud's no longer among the worst stalls. */
static gboolean
allocate_ahead_idle (gpointer data)
{
  LwWindow *self = data;
  GtkWidget *page = page_to_lay_out (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self->stack));
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));
  int min, nat;

  self->allocate_idle = 0;
  if (page == NULL)
    return G_SOURCE_REMOVE;
  /* As gtk_stack_size_allocate() does (GTK 4.8). */
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, height, &min, &nat, NULL, NULL);
  width = MAX (width, min);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  gtk_widget_allocate (page, width, MAX (height, min), -1, NULL);
  return G_SOURCE_REMOVE;
}

/* Measures the page that is being shown at the width the stack gives it, in a dispatch of its own
 * between the handler that showed it (the page's enter(), which may build rows) and the frame that
 * starts the slide: that frame then allocates from the size caches and only draws the two pages
 * (issue #13: a page's first show laid it out and drew two pages in one frame, 13-21 ms). */
static gboolean
measure_ahead_idle (gpointer data)
{
  LwWindow *self = data;
  GtkWidget *page = page_to_lay_out (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self->stack));
  int min, nat;

  self->measure_idle = 0;
  if (page == NULL)
    return G_SOURCE_REMOVE;
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, MAX (width, min), &min, &nat, NULL, NULL);
  if (self->allocate_idle == 0)
    self->allocate_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, allocate_ahead_idle, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
lw_window_present_page (LwWindow   *self,
                        const char *name)
{
  LwPage *page = lw_window_ensure_page (self, name);

  g_return_if_fail (page != NULL);
  if (self->current != NULL && self->current != page)
    {
      lw_page_leave (self->current);
      g_object_set_data (G_OBJECT (self->current), "lw-left", GINT_TO_POINTER (TRUE));
    }
  lw_window_set_current (self, page);
  g_object_set_data (G_OBJECT (page), "lw-left", NULL);
  gtk_widget_set_visible (GTK_WIDGET (page), TRUE);
  gtk_stack_set_visible_child_name (self->stack, name);
  if (!gtk_stack_get_transition_running (self->stack))
    hide_left_pages (self);
  lw_page_enter (page);
  lw_layout_adopt (GTK_WIDGET (page));  /* rows that enter() built */
  /* Before the next frame (GDK draws at G_PRIORITY_HIGH_IDLE + 20). */
  if (self->measure_idle == 0)
    self->measure_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, measure_ahead_idle, self, NULL);
  lw_window_update_actions (self);
  if (g_strcmp0 (name, "tidb") == 0 && self->prefetch_idle == 0)
    self->prefetch_idle = g_idle_add_full (G_PRIORITY_LOW, prefetch_rds_idle, self, NULL);
  /* Focus moves into the new page so that keyboard users continue where they read (unless the
   * page chose a widget itself). */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
    if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (page)))
      gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD);
  }
}

void
lw_window_show_page (LwWindow   *self,
                     const char *name)
{
  const char *current;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (page_index (name) >= 0);

  current = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (current, name) == 0)
    return;

  /* Going back to Start, or into Progress, starts a new history: Back from Progress would be unsafe. */
  if (g_strcmp0 (name, "start") == 0 || g_strcmp0 (name, "progress") == 0)
    g_ptr_array_set_size (self->history, 0);
  else if (current != NULL)
    g_ptr_array_add (self->history, g_strdup (current));

  lw_window_present_page (self, name);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LwWindow *self = LW_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->history->len == 0 || self->current == NULL || !lw_page_get_can_go_back (self->current))
    return;

  name = g_ptr_array_steal_index (self->history, self->history->len - 1);
  lw_window_present_page (self, name);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LwWindow *self = LW_WINDOW (widget);

  if (self->current == NULL || !lw_page_get_show_next (self->current))
    return;
  if (lw_page_next (self->current))
    on_page_advance (self->current, self);
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LwWindow *self = LW_WINDOW (widget);
  const char *current = gtk_stack_get_visible_child_name (self->stack);

  /* Never leave a run in progress through the menu. */
  if (g_strcmp0 (current, "progress") == 0 && self->current && lw_page_get_busy (self->current))
    {
      lw_window_add_toast (self, _("Wait for the setup to stop before leaving this page"));
      return;
    }
  lw_window_show_page (self, "manage");
}

void
lw_window_add_toast (LwWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GSettings *
lw_window_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running uninstalled without GSETTINGS_SCHEMA_DIR must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APP_ID);
}

static gboolean
lw_window_close_request (GtkWindow *window)
{
  LwWindow *self = LW_WINDOW (window);

  if (self->settings != NULL && self->screenshot_dir == NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (lw_window_parent_class)->close_request (window);
}

static void
lw_window_constructed (GObject *object)
{
  LwWindow *self = LW_WINDOW (object);

  G_OBJECT_CLASS (lw_window_parent_class)->constructed (object);

  /* Only the Start page before the first frame; the others follow (lw_window_ensure_page). */
  lw_window_ensure_page (self, "start");

  gtk_widget_set_visible (GTK_WIDGET (self->sim_badge),
                          self->session != NULL && lw_session_get_simulate (self->session));
  if (self->session != NULL && lw_session_get_simulate (self->session))
    gtk_widget_add_css_class (GTK_WIDGET (self), "simulated");

  lw_fix_mnemonic_names (GTK_WIDGET (self));
  lw_window_present_page (self, "start");
}

static void
lw_window_dispose (GObject *object)
{
  LwWindow *self = LW_WINDOW (object);

  g_clear_handle_id (&self->screenshot_source, g_source_remove);
  g_clear_handle_id (&self->build_idle, g_source_remove);
  g_clear_handle_id (&self->prefetch_idle, g_source_remove);
  g_clear_handle_id (&self->measure_idle, g_source_remove);
  g_clear_handle_id (&self->allocate_idle, g_source_remove);
  if (self->current != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->current_handlers); i++)
        g_clear_signal_handler (&self->current_handlers[i], self->current);
      self->current = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_WINDOW);

  G_OBJECT_CLASS (lw_window_parent_class)->dispose (object);
}

static void
lw_window_finalize (GObject *object)
{
  LwWindow *self = LW_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->screenshot_dir, g_free);

  G_OBJECT_CLASS (lw_window_parent_class)->finalize (object);
}

static void
lw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LwWindow *self = LW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The keyboard shortcuts window is built when it is first asked for, not with the window: GtkApplication
 * builds <resource-base-path>/gtk/help-overlay.ui for every new window before its first frame (issue
 * #13: ~15 M instructions, 2 % of start-up), so the file lives under ui/ instead. Once set, GTK's own
 * help-overlay action of the window exists as well; this class action keeps answering the shortcut. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/linkwright/Linkwright/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
lw_window_class_init (LwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lw_window_constructed;
  object_class->dispose = lw_window_dispose;
  object_class->finalize = lw_window_finalize;
  object_class->get_property = lw_window_get_property;
  object_class->set_property = lw_window_set_property;
  window_class->close_request = lw_window_close_request;
  widget_class->map = lw_window_map;
  widget_class->unmap = lw_window_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, sim_badge);
  gtk_widget_class_bind_template_child (widget_class, LwWindow, stack);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.manage", NULL, manage_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);

  /* Escape / Alt+Left go back where it is safe (the action is disabled where it is not). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    g_type_ensure (page_table[i].get_type ());
}

/* The main menu's popover is made when first opened (by a click or F10): made with the window it
 * was 5 M instructions before the first frame (issue #13). */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       data)
{
  LwWindow *self = data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
lw_window_init (LwWindow *self)
{
  self->history = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->stack, "notify::transition-running", G_CALLBACK (on_transition_running), self);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);

  /* Enter in any field activates Next (rows set activates-default). */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));

  self->settings = lw_window_create_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

LwWindow *
lw_window_new (gpointer   application,
               LwSession *session)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LW_IS_SESSION (session), NULL);

  return g_object_new (LW_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

LwSession *
lw_window_get_session (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
lw_window_get_visible_page (LwWindow *self)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
lw_window_get_page (LwWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (LW_IS_WINDOW (self), NULL);
  return (GtkWidget *) lw_window_ensure_page (self, name);
}

void
lw_window_set_accels (GtkApplication *app)
{
  static const char *back_accels[] = { "<Alt>Left", NULL };
  static const char *manage_accels[] = { "<Control>m", NULL };

  gtk_application_set_accels_for_action (app, "win.back", back_accels);
  gtk_application_set_accels_for_action (app, "win.manage", manage_accels);
}

/* ---- --screenshot ---------------------------------------------------------------------------- */

static gboolean
save_snapshot (LwWindow   *self,
               const char *path,
               GError    **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  GdkRGBA background = { 1, 1, 1, 1 };

  /* The window's own paintable snapshots the whole window, CSD shadow included; render the
   * content only (what a store listing shows), on the window's background colour, which
   * gtk_widget_snapshot() would otherwise draw around the class handler. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing rendered");
      return FALSE;
    }
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean screenshot_tick (gpointer data);

static void
schedule_screenshot (LwWindow *self,
                     guint     delay_ms)
{
  g_clear_handle_id (&self->screenshot_source, g_source_remove);
  self->screenshot_source = g_timeout_add (delay_ms, screenshot_tick, self);
}

static gboolean
screenshot_tick (gpointer data)
{
  LwWindow *self = data;
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  self->screenshot_source = 0;

  /* Wait while the page slides in, loads from the (simulated) cloud or the run goes on; the
   * Progress page is shown mid-run. */
  if (gtk_stack_get_transition_running (self->stack) ||
      (self->current != NULL && lw_page_get_busy (self->current) && g_strcmp0 (name, "progress") != 0 &&
       self->screenshot_index++ < 600))
    {
      schedule_screenshot (self, 100);
      return G_SOURCE_REMOVE;
    }
  self->screenshot_index = 0;
  if (g_strcmp0 (name, "progress") == 0 && self->screenshot_progress_done)
    {
      /* Shot already: wait for the run to reach Done. */
      schedule_screenshot (self, 200);
      return G_SOURCE_REMOVE;
    }

  /* Choose the demo world's happy-path instance, as a user would. */
  if (g_strcmp0 (name, "rds") == 0 && !lw_page_get_valid (self->current) &&
      lw_session_get_demo_value (self->session, "rds-instance-id") != NULL &&
      lw_rds_page_select_instance (LW_RDS_PAGE (self->current),
                                   lw_session_get_demo_value (self->session, "rds-instance-id")))
    {
      schedule_screenshot (self, 300);
      return G_SOURCE_REMOVE;
    }

  if (g_strcmp0 (name, "account") == 0 && self->screenshot_account_state > 0 && self->screenshot_account_state < 3)
    file = g_strdup_printf ("account-%s-light.png", self->screenshot_account_state == 1 ? "policy" : "check");
  else
    file = g_strdup_printf ("%s-%s.png", name, self->screenshot_dark ? "dark" : "light");
  path = g_build_filename (self->screenshot_dir, file, NULL);
  if (!save_snapshot (self, path, &error))
    g_printerr ("%s\n", error->message);
  else
    g_print ("screenshot %s\n", path);

  if (g_strcmp0 (name, "account") == 0 && !self->screenshot_dark && self->screenshot_account_state < 2)
    {
      /* The RAM policy, then the account check's lines (the page is busy until they arrive). */
      lw_account_page_set_screenshot_state (LW_ACCOUNT_PAGE (self->current), ++self->screenshot_account_state);
      schedule_screenshot (self, 800);
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (name, "account") == 0 && self->screenshot_account_state == 2)
    {
      self->screenshot_account_state = 3;
      lw_account_page_set_screenshot_state (LW_ACCOUNT_PAGE (self->current), 0);
    }

  if (g_strcmp0 (name, "manage") == 0)
    {
      if (self->screenshot_dark)
        {
          gtk_window_close (GTK_WINDOW (self));
          return G_SOURCE_REMOVE;
        }
      /* Same walk again in dark style. */
      self->screenshot_dark = TRUE;
      self->screenshot_progress_done = FALSE;
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      lw_window_show_page (self, "start");
    }
  else if (g_strcmp0 (name, "done") == 0)
    lw_window_show_page (self, "manage");
  else if (g_strcmp0 (name, "progress") == 0)
    self->screenshot_progress_done = TRUE;
  else if (g_strcmp0 (name, "start") == 0)
    lw_window_show_page (self, "account");
  else if (g_strcmp0 (name, "progress") != 0)
    next_action (GTK_WIDGET (self), "win.next", NULL);

  schedule_screenshot (self, 500);
  return G_SOURCE_REMOVE;
}

void
lw_window_take_screenshots (LwWindow   *self,
                            const char *dir)
{
  const char *width = g_getenv ("LW_SCREENSHOT_WIDTH");

  g_return_if_fail (LW_IS_WINDOW (self));

  g_free (self->screenshot_dir);
  self->screenshot_dir = g_strdup (dir);
  g_mkdir_with_parents (dir, 0755);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (self), width ? (int) g_ascii_strtoll (width, NULL, 10) : 720, 760);
  schedule_screenshot (self, 800);
}
