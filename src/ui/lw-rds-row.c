/* lw-rds-row.c — the content of one row of the RDS picker, drawn by one widget
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds-row"

#include "config.h"

#include <string.h>

#include "lw-rds-row.h"

#define MARGIN_Y      6     /* above and below the text */
#define LINE_SPACING  2     /* between the lines */
#define CHECK_SIZE    16
#define CHECK_SPACING 12    /* between the text and the check mark */
#define SMALL_SCALE   0.82  /* libadwaita's .caption */

struct _LwRdsRow
{
  GtkWidget    parent_instance;

  char        *title;
  char        *subtitle;
  char        *problem;
  char        *key;        /* the three texts, for the layout cache (made when first needed) */
  gboolean     selected;
  /* Taken from the layout cache (made there if needed) when first drawn (or measured, for the
   * wrapping problem), dropped when the text or the width changes. */
  PangoLayout *title_layout;
  PangoLayout *subtitle_layout;
  PangoLayout *problem_layout;
  int          problem_width;
};

G_DEFINE_FINAL_TYPE (LwRdsRow, lw_rds_row, GTK_TYPE_WIDGET)

/* Line heights of the title and the small lines for the widget's font, in pixels. The font rarely
 * changes: one cache for every row, keyed by the font description. */
typedef struct {
  PangoFontDescription *font;
  int                   title_height;
  int                   small_height;
} LineHeights;

static LineHeights line_heights;

static PangoFontDescription *
small_font (const PangoFontDescription *base)
{
  PangoFontDescription *font = pango_font_description_copy (base);
  int size = pango_font_description_get_size (base);

  if (size > 0)
    {
      if (pango_font_description_get_size_is_absolute (base))
        pango_font_description_set_absolute_size (font, size * SMALL_SCALE);
      else
        pango_font_description_set_size (font, (int) (size * SMALL_SCALE));
    }
  return font;
}

static int
font_line_height (PangoContext               *context,
                  const PangoFontDescription *font)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (context, font, NULL);
  int height = pango_font_metrics_get_height (metrics);

  if (height <= 0)
    height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);
  return PANGO_PIXELS_CEIL (height);
}

static const LineHeights *
lw_rds_row_line_heights (LwRdsRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *base = pango_context_get_font_description (context);

  if (line_heights.font == NULL || !pango_font_description_equal (line_heights.font, base))
    {
      g_autoptr(PangoFontDescription) bold = pango_font_description_copy (base);
      g_autoptr(PangoFontDescription) small = small_font (base);

      pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
      pango_font_description_set_weight (small, PANGO_WEIGHT_NORMAL);
      g_clear_pointer (&line_heights.font, pango_font_description_free);
      line_heights.font = pango_font_description_copy (base);
      line_heights.title_height = font_line_height (context, bold);
      line_heights.small_height = font_line_height (context, small);
    }
  return &line_heights;
}

/* ---- layouts of recently shown texts, shared by the rows ---------------------------------------
 *
 * A search moves instances between rows (one more or one fewer match above them shifts every row)
 * and a backspace brings back rows shown a moment ago: shaping their text again was about a fifth
 * of the frame that shows the result (issue #13). The rows take their layouts from here, keyed by
 * their texts; an entry is used only with the font, font options, resolution and direction, and
 * the width, it was made for. A row holds a reference on the layouts it shows, so dropping an
 * entry never takes a layout away from a row. */

#define LAYOUT_CACHE_SIZE 256

typedef struct {
  char                 *key;
  GList                 link;           /* in layout_lru; data is the entry */
  PangoFontDescription *font;
  gulong                options_hash;
  double                resolution;
  PangoDirection        direction;
  int                   text_width;     /* of title and subtitle */
  PangoLayout          *title;
  PangoLayout          *subtitle;
  int                   problem_width;  /* the row's width it was wrapped for */
  PangoLayout          *problem;
} LayoutEntry;

static GHashTable *layout_cache;  /* key → LayoutEntry */
static GQueue      layout_lru;    /* LayoutEntry, least recently used first */

static void
layout_entry_clear (LayoutEntry *entry)
{
  g_clear_pointer (&entry->font, pango_font_description_free);
  g_clear_object (&entry->title);
  g_clear_object (&entry->subtitle);
  g_clear_object (&entry->problem);
}

static void
layout_entry_free (LayoutEntry *entry)
{
  layout_entry_clear (entry);
  g_free (entry->key);
  g_free (entry);
}

/* The entry for the row's texts, valid for the row's font (emptied if it was made for another). */
static LayoutEntry *
layout_entry_for (LwRdsRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  gulong options_hash = options != NULL ? cairo_font_options_hash (options) : 0;
  double resolution = pango_cairo_context_get_resolution (context);
  PangoDirection direction = pango_context_get_base_dir (context);
  LayoutEntry *entry;

  if (self->key == NULL)
    {
      const char *title = self->title ? self->title : "";
      const char *subtitle = self->subtitle ? self->subtitle : "";

      /* Lengths first: no two different triples of texts make the same key. */
      self->key = g_strdup_printf ("%zu %zu %d %s%s%s", strlen (title), strlen (subtitle),
                                   self->problem ? (int) strlen (self->problem) : -1,
                                   title, subtitle, self->problem ? self->problem : "");
    }
  if (layout_cache == NULL)
    layout_cache = g_hash_table_new (g_str_hash, g_str_equal);
  entry = g_hash_table_lookup (layout_cache, self->key);
  if (entry == NULL)
    {
      entry = g_new0 (LayoutEntry, 1);
      entry->key = g_strdup (self->key);
      entry->link.data = entry;
      g_hash_table_insert (layout_cache, entry->key, entry);
      g_queue_push_tail_link (&layout_lru, &entry->link);
      while (layout_lru.length > LAYOUT_CACHE_SIZE)
        {
          LayoutEntry *oldest = g_queue_peek_head (&layout_lru);

          g_queue_unlink (&layout_lru, &oldest->link);
          g_hash_table_remove (layout_cache, oldest->key);
          layout_entry_free (oldest);
        }
    }
  else
    {
      g_queue_unlink (&layout_lru, &entry->link);
      g_queue_push_tail_link (&layout_lru, &entry->link);
    }
  if (entry->font == NULL || !pango_font_description_equal (entry->font, font) ||
      entry->options_hash != options_hash || entry->resolution != resolution || entry->direction != direction)
    {
      layout_entry_clear (entry);
      entry->font = pango_font_description_copy (font);
      entry->options_hash = options_hash;
      entry->resolution = resolution;
      entry->direction = direction;
    }
  return entry;
}

static PangoLayout *
make_layout (LwRdsRow   *self,
             const char *text,
             gboolean    bold,
             gboolean    small,
             int         width,
             gboolean    wrap)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoFontDescription) font = small ? small_font (pango_context_get_font_description (context))
                                               : pango_font_description_copy (pango_context_get_font_description (context));

  /* Explicit weights: the button around the row makes its font bold. */
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  if (wrap)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
    }
  return layout;
}

static int
text_width (int width)
{
  return MAX (1, width - CHECK_SIZE - CHECK_SPACING);
}

static int
problem_height (LwRdsRow *self,
                int       width)
{
  int height;

  if (self->problem_layout == NULL || self->problem_width != width)
    {
      LayoutEntry *entry = layout_entry_for (self);

      if (entry->problem == NULL || entry->problem_width != width)
        {
          g_clear_object (&entry->problem);
          entry->problem = make_layout (self, self->problem, FALSE, TRUE, text_width (width), TRUE);
          entry->problem_width = width;
        }
      g_set_object (&self->problem_layout, entry->problem);
      self->problem_width = width;
    }
  pango_layout_get_pixel_size (self->problem_layout, NULL, &height);
  return height;
}

static void
lw_rds_row_drop_layouts (LwRdsRow *self)
{
  g_clear_object (&self->title_layout);
  g_clear_object (&self->subtitle_layout);
  g_clear_object (&self->problem_layout);
}

static GtkSizeRequestMode
lw_rds_row_get_request_mode (GtkWidget *widget)
{
  return LW_RDS_ROW (widget)->problem != NULL ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
lw_rds_row_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  LwRdsRow *self = LW_RDS_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The text is ellipsized: any width will do, the clamp around the list decides. */
      *minimum = CHECK_SIZE + CHECK_SPACING + 48;
      *natural = CHECK_SIZE + CHECK_SPACING + 360;
    }
  else
    {
      const LineHeights *heights = lw_rds_row_line_heights (self);
      int height = 2 * MARGIN_Y + heights->title_height + LINE_SPACING + heights->small_height;

      if (self->problem != NULL)
        height += LINE_SPACING + (for_size > 0 ? problem_height (self, for_size) : heights->small_height);
      *minimum = *natural = MAX (height, CHECK_SIZE + 2 * MARGIN_Y);
    }
}

static void
lw_rds_row_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  LwRdsRow *self = LW_RDS_ROW (widget);

  if (self->title_layout != NULL &&
      pango_layout_get_width (self->title_layout) != text_width (width) * PANGO_SCALE)
    {
      g_clear_object (&self->title_layout);
      g_clear_object (&self->subtitle_layout);
    }
}

static void
get_color (GtkWidget *widget,
           GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  gboolean found;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return found;
}

static void
lw_rds_row_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  LwRdsRow *self = LW_RDS_ROW (widget);
  const LineHeights *heights = lw_rds_row_line_heights (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int text = text_width (width);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GdkRGBA color, dim, warning;
  int y = MARGIN_Y;

  get_color (widget, &color);
  dim = color;
  dim.alpha *= 0.55f;  /* libadwaita's .dim-label */
  if (!lookup_color (widget, "warning_color", &warning))
    warning = color;
  if (!gtk_widget_is_sensitive (widget))
    warning.alpha *= 0.5f;

  if (self->title_layout == NULL || self->subtitle_layout == NULL)
    {
      LayoutEntry *entry = layout_entry_for (self);

      if (entry->title == NULL || entry->text_width != text)
        {
          g_clear_object (&entry->title);
          g_clear_object (&entry->subtitle);
          entry->title = make_layout (self, self->title ? self->title : "", TRUE, FALSE, text, FALSE);
          entry->subtitle = make_layout (self, self->subtitle ? self->subtitle : "", FALSE, TRUE, text, FALSE);
          entry->text_width = text;
        }
      g_set_object (&self->title_layout, entry->title);
      g_set_object (&self->subtitle_layout, entry->subtitle);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rtl ? CHECK_SIZE + CHECK_SPACING : 0, y));
  gtk_snapshot_append_layout (snapshot, self->title_layout, &color);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, heights->title_height + LINE_SPACING));
  gtk_snapshot_append_layout (snapshot, self->subtitle_layout, &dim);
  if (self->problem != NULL)
    {
      problem_height (self, width);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, heights->small_height + LINE_SPACING));
      gtk_snapshot_append_layout (snapshot, self->problem_layout, &warning);
    }
  gtk_snapshot_restore (snapshot);

  if (self->selected)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
      g_autoptr(GtkIconPaintable) icon =
        gtk_icon_theme_lookup_icon (theme, "object-select-symbolic", NULL, CHECK_SIZE,
                                    gtk_widget_get_scale_factor (widget), gtk_widget_get_direction (widget), 0);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rtl ? 0 : width - CHECK_SIZE, (height - CHECK_SIZE) / 2));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, CHECK_SIZE, CHECK_SIZE,
                                                &color, 1);
      gtk_snapshot_restore (snapshot);
    }
}

static void
lw_rds_row_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lw_rds_row_parent_class)->css_changed (widget, change);
  /* Fonts may have changed: lay the text out again. */
  lw_rds_row_drop_layouts (LW_RDS_ROW (widget));
}

static void
lw_rds_row_finalize (GObject *object)
{
  LwRdsRow *self = LW_RDS_ROW (object);

  lw_rds_row_drop_layouts (self);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (lw_rds_row_parent_class)->finalize (object);
}

static void
lw_rds_row_class_init (LwRdsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lw_rds_row_finalize;
  widget_class->get_request_mode = lw_rds_row_get_request_mode;
  widget_class->measure = lw_rds_row_measure;
  widget_class->size_allocate = lw_rds_row_size_allocate;
  widget_class->snapshot = lw_rds_row_snapshot;
  widget_class->css_changed = lw_rds_row_css_changed;
  gtk_widget_class_set_css_name (widget_class, "rdsrow");
}

static void
lw_rds_row_init (LwRdsRow *self)
{
}

GtkWidget *
lw_rds_row_new (void)
{
  return g_object_new (LW_TYPE_RDS_ROW, NULL);
}

void
lw_rds_row_set (LwRdsRow   *self,
                const char *title,
                const char *subtitle,
                const char *problem)
{
  gboolean resize;

  g_return_if_fail (LW_IS_RDS_ROW (self));

  if (self->title != NULL && g_strcmp0 (title, self->title) == 0 && g_strcmp0 (subtitle, self->subtitle) == 0 &&
      g_strcmp0 (problem, self->problem) == 0)
    return;  /* the same texts: nothing to lay out or draw again */
  g_clear_pointer (&self->key, g_free);
  resize = (problem != NULL) != (self->problem != NULL) || g_strcmp0 (problem, self->problem) != 0;
  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_free (self->problem);
  self->problem = g_strdup (problem);
  lw_rds_row_drop_layouts (self);
  /* The height only depends on whether there is a problem and how it wraps. */
  if (resize)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lw_rds_row_set_selected (LwRdsRow *self,
                         gboolean  selected)
{
  g_return_if_fail (LW_IS_RDS_ROW (self));
  if (self->selected == !!selected)
    return;
  self->selected = !!selected;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
lw_rds_row_get_selected (LwRdsRow *self)
{
  g_return_val_if_fail (LW_IS_RDS_ROW (self), FALSE);
  return self->selected;
}

const char *
lw_rds_row_get_title (LwRdsRow *self)
{
  g_return_val_if_fail (LW_IS_RDS_ROW (self), NULL);
  return self->title;
}
