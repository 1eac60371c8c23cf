/* lw-bench-probe.c — an LD_PRELOAD probe for the GUI benchmarks (not part of the application)
 *
 * The application has no benchmark hooks yet, so the GUI benchmarks put their probe into its
 * process from the outside, through public GTK/GLib API only. It interposes
 * gtk_window_present() to learn about the first window, and is configured by environment:
 *
 *   LW_PROBE_FIRST_FRAME=1   print "FIRST_FRAME <CLOCK_MONOTONIC µs>" after the first window's
 *                            first painted frame and quit (what LW_BENCH_FIRST_FRAME_EXIT=1 will
 *                            do inside linkwright; used for both programs, so the comparison
 *                            stays fair).
 *   LW_PROBE_LATENCY=FILE    a G_PRIORITY_HIGH source that should run every 5 ms records how late
 *                            it runs (a main-loop stall); the report goes to FILE at exit.
 *   LW_PROBE_NO_SCREENSHOTS=1  with linkwright --screenshot (which walks the assistant through a
 *                            full simulated setup), skip rendering and writing the PNGs so that
 *                            the walk's own screenshot work does not count as a stall.
 *   LW_PROBE_SEED=FILE       the in-process simulator loads FILE instead of its built-in demo
 *                            world (interposes g_resource_lookup_data for ".../sim/demo.json").
 *   LW_PROBE_SCALE=1         drive linkwright --simulate to the RDS page, report when its first
 *                            rows are painted, then type into the search entry and report, per
 *                            keystroke, the time spent filtering plus the following frame's work;
 *                            prints "SCALE …" lines and quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-bench-probe"
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>

/* The interposed functions (gtk_window_present, g_resource_lookup_data, gsk_renderer_render_texture,
 * gdk_texture_save_to_png) keep their public signatures and call the real ones via RTLD_NEXT. */

static gboolean probe_is_target (void);

static GtkWindow *probe_window;
static gint64     probe_first_frame;     /* monotonic µs, 0 = not yet */
static GtkStack  *probe_stack;           /* the assistant's page stack, once found */

/* ---- widget tree helpers ------------------------------------------------------------------- */

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget    *root,
             Match         match,
             gconstpointer data)
{
  if (root == NULL)
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_page_stack (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "start") != NULL;
}

static gboolean
is_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
has_action (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static const char *
visible_page (void)
{
  if (probe_stack == NULL && probe_window != NULL)
    {
      probe_stack = (GtkStack *) find_widget (GTK_WIDGET (probe_window), is_page_stack, NULL);
      /* Cleared when the window goes at the end of the walk, while the 5-ms source still runs. */
      if (probe_stack != NULL)
        g_object_add_weak_pointer (G_OBJECT (probe_stack), (gpointer *) &probe_stack);
    }
  return probe_stack ? gtk_stack_get_visible_child_name (probe_stack) : NULL;
}

static void
probe_quit (void)
{
  GApplication *app = g_application_get_default ();

  if (app != NULL)
    g_application_quit (app);
  else
    exit (0);
}

/* ---- main-loop latency ------------------------------------------------------------------------ */

#define LATENCY_PERIOD_US 5000
#define N_WORST 8

typedef struct {
  gint64  late;        /* µs */
  gint64  at;          /* µs since the first frame */
  char   *page;
  gboolean screenshot; /* a --screenshot capture ran during the stall */
} Stall;

static GSource *latency_source;
static gint64   latency_expected;
static gint64   latency_last_screenshot;
static gint64   probe_sync_last_end;
static gint64   probe_sync_max;
static gint64   probe_sync_total;
static guint    probe_sync_count;
static GArray  *latency_samples;        /* gint64 lateness, after the first frame */
static gint64   latency_before_first;   /* worst before the first frame (start-up) */
static Stall    latency_worst[N_WORST];
static GString *latency_late;           /* every stall over 2 ms: "late <s> <ms> <page> <snapshot 0/1> <fsync 0/1> <cpu ms> <frame phases>" */
static gint64   latency_cpu_last;       /* the main thread's CPU time at the previous tick, µs */

/* The frame clock's phases of the last frames (monotonic µs), to say what a stall was: GDK's frame
 * (its update phase: animations and tick callbacks; layout: measuring and allocating; paint:
 * snapshot and drawing) or other work between frames (handlers, idles, network callbacks). */
#define N_FRAMES 8
typedef struct {
  gint64 begin;    /* before-paint */
  gint64 updated;  /* after the update phase's handlers, 0 = no update phase */
  gint64 laid_out; /* after the layout phase's handlers, 0 = no layout phase */
  gint64 end;      /* after-paint */
} Frame;
static Frame frames[N_FRAMES];
static guint frames_next;

static void
frame_on_before_paint (GdkFrameClock *clock, gpointer data)
{
  Frame *f = &frames[frames_next % N_FRAMES];

  f->begin = g_get_monotonic_time ();
  f->updated = f->laid_out = f->end = 0;
}

/* Connected after GDK's and GTK's own handlers: each marks the end of its phase. */
static void
frame_on_update (GdkFrameClock *clock, gpointer data)
{
  frames[frames_next % N_FRAMES].updated = g_get_monotonic_time ();
}

static void
frame_on_layout (GdkFrameClock *clock, gpointer data)
{
  frames[frames_next % N_FRAMES].laid_out = g_get_monotonic_time ();
}

static void
frame_on_after_paint (GdkFrameClock *clock, gpointer data)
{
  frames[frames_next++ % N_FRAMES].end = g_get_monotonic_time ();
}

/* The part of [from, to] each phase of the frames took, µs: "update+layout+paint/other". */
static void
frame_split (gint64 from, gint64 to, GString *out)
{
  gint64 update = 0, layout = 0, paint = 0;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      const Frame *f = &frames[i];
      gint64 l, p;

      if (f->end == 0 || f->end < from || f->begin > to)
        continue;
      l = f->updated ? f->updated : f->begin;
      p = f->laid_out ? f->laid_out : l;
      update += MAX (0, MIN (l, to) - MAX (f->begin, from));
      layout += MAX (0, MIN (p, to) - MAX (l, from));
      paint += MAX (0, MIN (f->end, to) - MAX (p, from));
    }
  g_string_append_printf (out, " frame:%.2f+%.2f+%.2f/other:%.2f", update / 1000.0, layout / 1000.0, paint / 1000.0,
                          MAX (0, (to - from) - update - layout - paint) / 1000.0);
}

/* The calling thread's CPU time, µs: what a stall cost the main thread itself, which other processes
 * on a loaded machine do not inflate (they delay it, which the wall-clock lateness shows). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
latency_record (gint64 late,
                gint64 now,
                gint64 cpu)
{
  gboolean screenshot = latency_last_screenshot > latency_expected - LATENCY_PERIOD_US;
  guint slot = N_WORST;

  if (probe_first_frame == 0)
    {
      latency_before_first = MAX (latency_before_first, late);
      return;
    }
  g_array_append_val (latency_samples, late);
  if (late > 2000)
    {
      g_string_append_printf (latency_late, "late %.4f %.2f %s %d %d %.2f", (now - probe_first_frame) / 1e6, late / 1000.0,
                              visible_page () ? visible_page () : "?", screenshot,
                              probe_sync_last_end > latency_expected - LATENCY_PERIOD_US, cpu / 1000.0);
      frame_split (now - late, now, latency_late);
      g_string_append_c (latency_late, '\n');
    }
  for (guint i = 0; i < N_WORST; i++)
    if (latency_worst[i].page == NULL || late > latency_worst[i].late)
      {
        slot = i;
        break;
      }
  if (slot == N_WORST)
    return;
  g_free (latency_worst[N_WORST - 1].page);
  memmove (&latency_worst[slot + 1], &latency_worst[slot], (N_WORST - 1 - slot) * sizeof (Stall));
  latency_worst[slot].late = late;
  latency_worst[slot].at = now - probe_first_frame;
  latency_worst[slot].page = g_strdup (visible_page () ? visible_page () : "?");
  latency_worst[slot].screenshot = screenshot;
}

static gboolean
latency_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 cpu_used = latency_cpu_last > 0 ? cpu - latency_cpu_last : 0;

  latency_cpu_last = cpu;
  /* GLib rounds its poll timeout up to whole milliseconds, so up to ~1 ms late is the clock,
   * not a stall. */
  /* A stall that began before the first frame counts only from the first frame on. */
  latency_record (MAX (0, now - MAX (latency_expected, probe_first_frame)), now, cpu_used);
  latency_expected = now + LATENCY_PERIOD_US;
  g_source_set_ready_time (source, latency_expected);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs latency_funcs = { .dispatch = latency_dispatch };

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* When each page became visible (µs since the first frame), for the report. */
static GString *latency_pages;

static void
latency_on_page (GtkStack *stack, GParamSpec *pspec, gpointer data)
{
  g_string_append_printf (latency_pages, "page %.3f %s\n", (g_get_monotonic_time () - probe_first_frame) / 1e6,
                          gtk_stack_get_visible_child_name (stack));
}

static void
latency_track_pages (void)
{
  if (latency_samples == NULL || visible_page () == NULL)
    return;
  latency_pages = g_string_new (NULL);
  latency_on_page (probe_stack, NULL, NULL);
  g_signal_connect (probe_stack, "notify::visible-child-name", G_CALLBACK (latency_on_page), NULL);
}

static void
latency_report (void)
{
  const char *path = g_getenv ("LW_PROBE_LATENCY");
  FILE *out;
  guint n, over_20 = 0;
  gint64 worst = 0, worst_real = 0, p99 = 0, p50 = 0;

  if (latency_samples == NULL || path == NULL || (out = fopen (path, "w")) == NULL)
    return;
  n = latency_samples->len;
  g_array_sort (latency_samples, compare_gint64);
  if (n > 0)
    {
      worst = g_array_index (latency_samples, gint64, n - 1);
      p99 = g_array_index (latency_samples, gint64, (guint) (n * 0.99));
      p50 = g_array_index (latency_samples, gint64, n / 2);
    }
  for (guint i = 0; i < n; i++)
    over_20 += g_array_index (latency_samples, gint64, i) > 20000;
  for (guint i = 0; i < N_WORST; i++)
    if (latency_worst[i].page != NULL && !latency_worst[i].screenshot)
      {
        worst_real = latency_worst[i].late;
        break;
      }
  fprintf (out, "samples %u\nworst_us %" G_GINT64_FORMAT "\nworst_excluding_screenshots_us %" G_GINT64_FORMAT "\n"
           "p99_us %" G_GINT64_FORMAT "\np50_us %" G_GINT64_FORMAT "\nover_20ms %u\nbefore_first_frame_us %" G_GINT64_FORMAT "\n",
           n, worst, worst_real, p99, p50, over_20, latency_before_first);
  /* CLOCK_MONOTONIC µs of the first frame, to line the report up with a profile (perf record -k mono). */
  fprintf (out, "first_frame_monotonic_us %" G_GINT64_FORMAT "\n", probe_first_frame);
  fprintf (out, "fsync_count %u\nfsync_max_us %" G_GINT64_FORMAT "\nfsync_total_us %" G_GINT64_FORMAT "\n",
           probe_sync_count, probe_sync_max, probe_sync_total);
  for (guint i = 0; i < N_WORST; i++)
    if (latency_worst[i].page != NULL)
      fprintf (out, "stall %.1f ms at %.3f s on page %s%s\n", latency_worst[i].late / 1000.0,
               latency_worst[i].at / 1e6, latency_worst[i].page,
               latency_worst[i].screenshot ? " (during a --screenshot capture)" : "");
  if (latency_pages != NULL)
    fputs (latency_pages->str, out);
  fputs (latency_late->str, out);
  fclose (out);
}

static void
latency_start (void)
{
  latency_samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  latency_late = g_string_new (NULL);
  latency_source = g_source_new (&latency_funcs, sizeof (GSource));
  g_source_set_priority (latency_source, G_PRIORITY_HIGH);
  g_source_set_name (latency_source, "[lw-bench-probe] latency");
  latency_expected = g_get_monotonic_time () + LATENCY_PERIOD_US;
  g_source_set_ready_time (latency_source, latency_expected);
  g_source_attach (latency_source, NULL);
  atexit (latency_report);
}

/* ---- fsync on the main thread ---------------------------------------------------------------- */

/* The engine writes its state durably (g_file_set_contents_full → fsync) on the main thread;
 * time spent there is a stall, so the report attributes stalls to it. */
int
fsync (int fd)
{
  static int (*real) (int);
  gint64 start = g_get_monotonic_time (), took;
  int saved, ret;

  if (real == NULL)
    real = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
  ret = real (fd);
  saved = errno;
  took = g_get_monotonic_time () - start;
  if (probe_first_frame != 0 && g_main_context_is_owner (g_main_context_default ()))
    {
      probe_sync_last_end = start + took;
      probe_sync_max = MAX (probe_sync_max, took);
      probe_sync_total += took;
      probe_sync_count++;
    }
  errno = saved;
  return ret;
}

/* ---- --screenshot without the screenshots ---------------------------------------------------- */

GdkTexture *
gsk_renderer_render_texture (GskRenderer           *renderer,
                             GskRenderNode         *root,
                             const graphene_rect_t *viewport)
{
  static GdkTexture *(*real) (GskRenderer *, GskRenderNode *, const graphene_rect_t *);

  latency_last_screenshot = g_get_monotonic_time ();
  if (g_getenv ("LW_PROBE_NO_SCREENSHOTS") != NULL)
    return NULL;
  if (real == NULL)
    real = (GdkTexture *(*) (GskRenderer *, GskRenderNode *, const graphene_rect_t *)) dlsym (RTLD_NEXT, "gsk_renderer_render_texture");
  return real (renderer, root, viewport);
}

gboolean
gdk_texture_save_to_png (GdkTexture *texture,
                         const char *filename)
{
  static gboolean (*real) (GdkTexture *, const char *);

  latency_last_screenshot = g_get_monotonic_time ();
  if (g_getenv ("LW_PROBE_NO_SCREENSHOTS") != NULL)
    return TRUE;
  if (real == NULL)
    real = (gboolean (*) (GdkTexture *, const char *)) dlsym (RTLD_NEXT, "gdk_texture_save_to_png");
  return real (texture, filename);
}

/* ---- a different seed world for the in-process simulator ------------------------------------- */

GBytes *
g_resource_lookup_data (GResource            *resource,
                        const char           *path,
                        GResourceLookupFlags  flags,
                        GError              **error)
{
  static GBytes *(*real) (GResource *, const char *, GResourceLookupFlags, GError **);
  const char *seed = g_getenv ("LW_PROBE_SEED");

  if (seed != NULL && path != NULL && g_str_has_suffix (path, "/sim/demo.json"))
    {
      char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (seed, &contents, &length, error))
        return g_bytes_new_take (contents, length);
      return NULL;
    }
  if (real == NULL)
    real = (GBytes *(*) (GResource *, const char *, GResourceLookupFlags, GError **)) dlsym (RTLD_NEXT, "g_resource_lookup_data");
  return real (resource, path, flags, error);
}

/* ---- scale: the RDS list with thousands of instances ------------------------------------------ */

/* What is typed into the search entry, one character at a time, then deleted again:
 * LW_PROBE_SCALE_QUERY (bench-scale.py passes the ID of one instance of the seed world). */
#define SCALE_QUERY (scale.query)

typedef struct {
  GtkWidget   *page;
  GtkListView *list;
  GtkEditable *search;
  GObject     *rds_model;
  gint64       entered;
  gint64       first_rows;
  gint64       complete;
  guint        step;              /* keystroke index */
  gint64       sc_start, sc_end;  /* search-changed emission */
  gint64       frame_start;
  gint64       frame_layout;      /* GTK's layout phase work is done */
  gint64       frame_paint;       /* GTK's paint phase work is done */
  gboolean     waiting_frame;
  GArray      *filter_us;
  GArray      *frame_us;
  guint        nav_source;
  char        *last_page;
  gint64       last_nav;
  const char  *query;
} Scale;

static Scale scale;

static void scale_next_keystroke (void);

static guint
scale_shown (void)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (scale.list));
  GObject *matches = model && GTK_IS_NO_SELECTION (model) ? G_OBJECT (gtk_no_selection_get_model (GTK_NO_SELECTION (model))) : NULL;
  guint n = 0;

  /* The picker's matches model may keep more positions than matches (hidden rows): it says how
   * many match in its "n-matches" property. */
  if (matches != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (matches), "n-matches") != NULL)
    {
      g_object_get (matches, "n-matches", &n, NULL);
      return n;
    }
  return model ? g_list_model_get_n_items (model) : 0;
}

/* Row widgets the list view has instantiated: a virtualized list only has the visible ones. */
static guint
scale_row_widgets (void)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (scale.list)); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static const char *
scale_text (guint step)
{
  static char buf[64];
  guint len = strlen (SCALE_QUERY);

  /* Keystrokes 1..len type the query, len+1..2·len delete it again. */
  if (step <= len)
    g_strlcpy (buf, SCALE_QUERY, step + 1);
  else
    g_strlcpy (buf, SCALE_QUERY, 2 * len - step + 1);
  return buf;
}

static gboolean
scale_finish (gpointer data)
{
  guint n = scale.filter_us->len;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      gint64 t = g_array_index (scale.filter_us, gint64, i) + g_array_index (scale.frame_us, gint64, i);
      g_array_append_val (total, t);
    }
  g_array_sort (total, compare_gint64);
  g_print ("SCALE items %u\n", scale.rds_model ? g_list_model_get_n_items (G_LIST_MODEL (scale.rds_model)) : 0);
  g_print ("SCALE first_rows_ms %.1f\n", (scale.first_rows - scale.entered) / 1000.0);
  g_print ("SCALE row_widgets %u\n", scale_row_widgets ());
  g_print ("SCALE all_loaded_ms %.1f\n", scale.complete ? (scale.complete - scale.entered) / 1000.0 : -1.0);
  if (n > 0)
    g_print ("SCALE keystrokes %u median_ms %.2f max_ms %.2f\n", n,
             g_array_index (total, gint64, n / 2) / 1000.0, g_array_index (total, gint64, n - 1) / 1000.0);
  fflush (stdout);
  probe_quit ();
  return G_SOURCE_REMOVE;
}

static void
scale_on_before_paint (GdkFrameClock *clock, gpointer data)
{
  scale.frame_start = g_get_monotonic_time ();
  scale.frame_layout = scale.frame_paint = 0;
}

static void
scale_on_layout (GdkFrameClock *clock, gpointer data)
{
  scale.frame_layout = g_get_monotonic_time ();
}

static void
scale_on_paint (GdkFrameClock *clock, gpointer data)
{
  scale.frame_paint = g_get_monotonic_time ();
}

static gboolean
scale_keystroke_timeout (gpointer data)
{
  scale_next_keystroke ();
  return G_SOURCE_REMOVE;
}

static void
scale_on_after_paint (GdkFrameClock *clock, gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (scale.first_rows == 0)
    {
      if (scale_shown () > 0 && gtk_widget_get_first_child (GTK_WIDGET (scale.list)) != NULL)
        {
          scale.first_rows = now;
          /* The first keystroke makes the page fetch every page (a search must see them all). */
          g_timeout_add (50, scale_keystroke_timeout, NULL);
        }
      return;
    }
  if (scale.waiting_frame && scale.sc_end != 0)
    {
      gint64 filter = scale.sc_end - scale.sc_start;
      gint64 frame = now - MAX (scale.frame_start, scale.sc_end);

      scale.waiting_frame = FALSE;
      /* Keystroke 1 also starts fetching the remaining pages: not a filtering measurement. */
      if (scale.step > 1)
        {
          g_array_append_val (scale.filter_us, filter);
          g_array_append_val (scale.frame_us, frame);
          /* These handlers run after GTK's own for the same phase: "layout" marks the end of
           * style validation and size allocation, "paint" the end of snapshot and rendering. */
          gint64 layout = scale.frame_layout ? scale.frame_layout - MAX (scale.frame_start, scale.sc_end) : 0;
          gint64 paint = scale.frame_layout && scale.frame_paint ? scale.frame_paint - scale.frame_layout : 0;

          g_print ("SCALE keystroke %u \"%s\" shown %u widgets %u filter_ms %.2f frame_ms %.2f (style+layout %.2f, paint %.2f) latency_ms %.2f at_us %" G_GINT64_FORMAT "\n",
                   scale.step, scale_text (scale.step), scale_shown (), scale_row_widgets (), filter / 1000.0,
                   frame / 1000.0, layout / 1000.0, paint / 1000.0, (now - scale.sc_start) / 1000.0, scale.sc_start);
        }
      g_timeout_add (60, scale_keystroke_timeout, NULL);
    }
}

static gboolean
scale_emission_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  if (G_VALUE_HOLDS_OBJECT (&values[0]) && g_value_get_object (&values[0]) == (gpointer) scale.search)
    {
      scale.sc_start = g_get_monotonic_time ();
      scale.sc_end = 0;
    }
  return TRUE;
}

static void
scale_after_search_changed (GtkSearchEntry *entry, gpointer data)
{
  /* Only the search for what has been typed so far counts. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), scale_text (scale.step)) != 0)
    return;
  scale.sc_end = g_get_monotonic_time ();
  scale.waiting_frame = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (probe_window));
}

static gboolean
scale_wait_complete (gpointer data)
{
  gboolean complete = FALSE;

  g_object_get (scale.rds_model, "complete", &complete, NULL);
  if (!complete)
    return G_SOURCE_CONTINUE;
  scale.complete = g_get_monotonic_time ();
  scale_next_keystroke ();
  return G_SOURCE_REMOVE;
}

static void
scale_next_keystroke (void)
{
  guint last = 2 * strlen (SCALE_QUERY);

  if (scale.step == 1 && scale.complete == 0)
    {
      /* Let the remaining pages arrive before measuring filtering. */
      g_timeout_add (20, scale_wait_complete, NULL);
      return;
    }
  if (scale.step >= last)
    {
      g_idle_add (scale_finish, NULL);
      return;
    }
  scale.step++;
  /* Type like a person: one character inserted at the end, or the last one deleted. (Replacing
   * the whole text would first empty the entry, and an empty search entry reports at once.) */
  if (scale.step <= strlen (SCALE_QUERY))
    {
      int pos = (int) scale.step - 1;
      gtk_editable_insert_text (scale.search, &SCALE_QUERY[scale.step - 1], 1, &pos);
    }
  else
    {
      int len = (int) strlen (gtk_editable_get_text (scale.search));
      gtk_editable_delete_text (scale.search, len - 1, len);
    }
}

/* Runs just after the page's enter() (which loads its model) has run. */
static gboolean
scale_enter_rds (gpointer data)
{
  GtkWidget *filter_model;

  scale.page = gtk_stack_get_visible_child (probe_stack);
  scale.list = (GtkListView *) find_widget (scale.page, is_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW));
  scale.search = (GtkEditable *) find_widget (scale.page, is_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  if (scale.list == NULL || scale.search == NULL)
    {
      g_printerr ("lw-bench-probe: the RDS page has no list view or search entry\n");
      probe_quit ();
      return G_SOURCE_REMOVE;
    }
  /* list view → GtkNoSelection → the matches (a GtkFilterListModel, or any model with a "model"
   * property) → the page's lazily paged model */
  filter_model = (GtkWidget *) gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (scale.list)));
  if (GTK_IS_FILTER_LIST_MODEL (filter_model))
    scale.rds_model = G_OBJECT (gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (filter_model)));
  else if (filter_model != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (filter_model), "model") != NULL)
    {
      g_object_get (filter_model, "model", &scale.rds_model, NULL);
      if (scale.rds_model != NULL)
        g_object_unref (scale.rds_model);  /* the page holds it; a reference is taken below */
    }
  if (scale.rds_model == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (scale.rds_model), "complete") == NULL)
    {
      g_printerr ("lw-bench-probe: cannot reach the RDS model\n");
      probe_quit ();
      return G_SOURCE_REMOVE;
    }
  g_object_ref (scale.rds_model);
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              scale_emission_hook, NULL, NULL);
  g_signal_connect_after (scale.search, "search-changed", G_CALLBACK (scale_after_search_changed), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (probe_window)), "before-paint",
                    G_CALLBACK (scale_on_before_paint), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (probe_window)), "layout",
                    G_CALLBACK (scale_on_layout), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (probe_window)), "paint",
                    G_CALLBACK (scale_on_paint), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (probe_window)), "after-paint",
                    G_CALLBACK (scale_on_after_paint), NULL);
  return G_SOURCE_REMOVE;
}

/* Walks Start → Alibaba Cloud → TiDB Cloud → RDS with the demo values the simulated session
 * fills in; re-activates Next when a page did not move on (it may still have been loading). */
static gboolean
scale_navigate (gpointer data)
{
  const char *page = visible_page ();
  gint64 now = g_get_monotonic_time ();

  if (page == NULL)
    return G_SOURCE_CONTINUE;
  if (g_strcmp0 (page, "rds") == 0)
    {
      scale.nav_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (page, scale.last_page) == 0 && now - scale.last_nav < 3 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  g_free (scale.last_page);
  scale.last_page = g_strdup (page);
  scale.last_nav = now;
  if (g_strcmp0 (page, "start") == 0)
    {
      GtkWidget *button = find_widget (GTK_WIDGET (probe_window), has_action, "start.new");
      if (button != NULL)
        gtk_widget_activate (button);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (probe_window), "win.next", NULL);
  return G_SOURCE_CONTINUE;
}

static void
scale_on_page (GtkStack *stack, GParamSpec *pspec, gpointer data)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "rds") == 0 && scale.entered == 0)
    {
      scale.entered = g_get_monotonic_time ();
      g_idle_add_full (G_PRIORITY_HIGH, scale_enter_rds, NULL, NULL);
    }
}

static void
scale_start (void)
{
  if (visible_page () == NULL)
    {
      g_printerr ("lw-bench-probe: no assistant page stack in the window\n");
      probe_quit ();
      return;
    }
  scale.query = g_getenv ("LW_PROBE_SCALE_QUERY");
  if (scale.query == NULL || *scale.query == '\0' || strlen (scale.query) > 60)
    scale.query = "rm-bp1demomysql0001";
  scale.filter_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  scale.frame_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (probe_stack, "notify::visible-child-name", G_CALLBACK (scale_on_page), NULL);
  scale.nav_source = g_timeout_add (100, scale_navigate, NULL);
}

/* ---- the first frame ------------------------------------------------------------------------ */

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
  probe_first_frame = g_get_monotonic_time ();
  if (g_getenv ("LW_PROBE_FIRST_FRAME") != NULL)
    {
      g_print ("FIRST_FRAME %" G_GINT64_FORMAT "\n", probe_first_frame);
      fflush (stdout);
      probe_quit ();
      return;
    }
  latency_track_pages ();
  if (g_getenv ("LW_PROBE_SCALE") != NULL)
    scale_start ();
}

static void
on_map (GtkWidget *window,
        gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_map, user_data);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  if (latency_samples != NULL)
    {
      g_signal_connect (clock, "before-paint", G_CALLBACK (frame_on_before_paint), NULL);
      g_signal_connect_after (clock, "update", G_CALLBACK (frame_on_update), NULL);
      g_signal_connect_after (clock, "layout", G_CALLBACK (frame_on_layout), NULL);
      g_signal_connect_after (clock, "after-paint", G_CALLBACK (frame_on_after_paint), NULL);
    }
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real) (GtkWindow *);
  static gboolean seen;

  if (real == NULL)
    real = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");

  if (!seen && probe_is_target ())
    {
      seen = TRUE;
      probe_window = window;
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &probe_window);
      if (gtk_widget_get_mapped (GTK_WIDGET (window)))
        on_map (GTK_WIDGET (window), NULL);
      else
        g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
    }
  real (window);
}

/* LD_PRELOAD also reaches helpers started with the same environment (timeout, xvfb-run's
 * children): only the measured programs get a probe. */
static gboolean
probe_is_target (void)
{
  const char *target = g_getenv ("LW_PROBE_TARGET");

  if (target != NULL && *target != '\0')
    return strcmp (program_invocation_short_name, target) == 0;
  return strcmp (program_invocation_short_name, "linkwright") == 0 ||
         strcmp (program_invocation_short_name, "minimal-window") == 0;
}

__attribute__((constructor)) static void
probe_init (void)
{
  if (g_getenv ("LW_PROBE_LATENCY") != NULL && probe_is_target ())
    latency_start ();
}
