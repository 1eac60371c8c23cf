/* lw-step-row.c — one step of the plan as a row of the Progress page
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-step-row.h"
#include "lw-window.h"

typedef struct
{
  LwStep       *step;
  GtkStack     *state_stack;
  GtkImage     *icon;
  GtkSpinner   *spinner;
  GtkInscription *elapsed;
  gboolean      details_shown;
  AdwActionRow *requests_row;
  AdwActionRow *error_row;
  AdwActionRow *recommend_row;
  AdwActionRow *explain_row;
} StepRowData;

static void
step_row_data_free (gpointer data)
{
  StepRowData *d = data;

  g_clear_object (&d->step);
  g_free (d);
}

static StepRowData *
get_data (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "lw-step-row");
}

static char *
format_elapsed (gint64 usec)
{
  guint sec, min;

  if (usec <= 0)
    return g_strdup ("");
  /* Plain %u in the translatable strings: with G_GINT64_FORMAT spliced in, xgettext extracts only
   * "%". A step never runs for anything near G_MAXUINT seconds; clamp anyway. */
  sec = (guint) MIN (usec / G_USEC_PER_SEC, (gint64) G_MAXUINT);
  if (sec < 60)
    /* Translators: elapsed time of a step, in seconds (abbreviated) */
    return g_strdup_printf (ngettext ("%u s", "%u s", sec), sec);
  min = sec / 60;
  /* Translators: elapsed time of a step, minutes and seconds (abbreviated); the plural is the minutes' */
  return g_strdup_printf (ngettext ("%u min %02u s", "%u min %02u s", min), min, sec % 60);
}

void
lw_step_row_update_elapsed (GtkWidget *row)
{
  StepRowData *d = get_data (row);
  g_autofree char *text = NULL;

  if (d == NULL)
    return;
  text = format_elapsed (lw_step_get_elapsed (d->step));
  gtk_inscription_set_text (d->elapsed, text);
}

static AdwActionRow *
add_detail_row (GtkWidget  *row,
                const char *title)
{
  GtkWidget *child = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 0);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (child), FALSE);
  gtk_widget_add_css_class (child, "property");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
  return ADW_ACTION_ROW (child);
}

/* The detail rows are made when the row is first expanded (a plan has a dozen steps; four action rows
 * each made the Progress page's first show ~13 ms, issue #13). */
static void
ensure_details (GtkWidget *row)
{
  StepRowData *d = get_data (row);

  if (d->requests_row != NULL)
    return;
  d->requests_row = add_detail_row (row, _("Request IDs"));
  d->error_row = add_detail_row (row, _("Error"));
  d->recommend_row = add_detail_row (row, _("Recommendation"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (d->recommend_row), TRUE);
  d->explain_row = add_detail_row (row, _("What This Means"));
}

static void
update (GtkWidget *row)
{
  StepRowData *d = get_data (row);
  LwStep *step = d->step;
  LwStepState state = lw_step_get_state (step);
  const char *icon = "content-loading-symbolic";
  const char *state_text = _("Pending");
  const char *resource = lw_step_get_resource_id (step);
  const char *detail = lw_step_get_detail (step);
  const char * const *request_ids = lw_step_get_request_ids (step);
  const GError *error = lw_step_get_error (step);
  const char *explanation = lw_step_get_explanation (step);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (d->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (d->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (d->icon), "dim-label");

  switch (state)
    {
    case LW_STEP_STATE_RUNNING:
      state_text = _("Running");
      break;
    case LW_STEP_STATE_DONE:
      icon = "emblem-ok-symbolic";
      state_text = _("Done");
      gtk_widget_add_css_class (GTK_WIDGET (d->icon), "success");
      break;
    case LW_STEP_STATE_FAILED:
      icon = "dialog-error-symbolic";
      state_text = _("Failed");
      gtk_widget_add_css_class (GTK_WIDGET (d->icon), "error");
      break;
    case LW_STEP_STATE_SKIPPED:
      icon = "action-unavailable-symbolic";
      state_text = _("Skipped");
      gtk_widget_add_css_class (GTK_WIDGET (d->icon), "dim-label");
      break;
    case LW_STEP_STATE_WAITING:
      icon = "alarm-symbolic";
      state_text = _("Waiting for you");
      break;
    case LW_STEP_STATE_PENDING:
    default:
      gtk_widget_add_css_class (GTK_WIDGET (d->icon), "dim-label");
      break;
    }

  gtk_image_set_from_icon_name (d->icon, icon);
  gtk_stack_set_visible_child_name (d->state_stack, state == LW_STEP_STATE_RUNNING ? "spinner" : "icon");
  gtk_spinner_set_spinning (d->spinner, state == LW_STEP_STATE_RUNNING);

  if (resource != NULL && detail != NULL && state == LW_STEP_STATE_RUNNING)
    subtitle = g_strdup_printf ("%s — %s", resource, detail);
  else if (resource != NULL)
    subtitle = g_strdup (resource);
  else if (detail != NULL)
    subtitle = g_strdup (detail);
  else
    subtitle = g_strdup (state_text);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  accessible = g_strdup_printf ("%s: %s", lw_step_get_title (step), state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state_text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible, -1);

  /* A failure is what the user wants to read: show it without a click. */
  if (error != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  /* The detail rows exist once the row is first expanded: a collapsed expander row still measures
   * the rows it holds (GtkRevealer), and a plan has a dozen steps whose subtitles change while it
   * runs (issue #13). Once made they stay, hidden while the row is collapsed
   * (lw_expander_row_measure_when_open(), set up in lw_step_row_new()). */
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    d->details_shown = TRUE;
  if (d->details_shown)
    {
      ensure_details (row);
      if (request_ids != NULL && request_ids[0] != NULL)
        {
          g_autofree char *ids = g_strjoinv ("\n", (char **) request_ids);
          adw_action_row_set_subtitle (d->requests_row, ids);
        }
      else
        adw_action_row_set_subtitle (d->requests_row, _("No calls yet"));
      gtk_widget_set_visible (GTK_WIDGET (d->error_row), error != NULL);
      gtk_widget_set_visible (GTK_WIDGET (d->explain_row), error != NULL && explanation != NULL);
      gtk_widget_set_visible (GTK_WIDGET (d->recommend_row), FALSE);
    }
  if (d->details_shown && error != NULL)
    {
      const char *recommend = lw_engine_error_get_recommend (error);
      /* What the service said ("<Code>: <Message>"; TiDB Cloud's message first). */
      const char *text = lw_engine_error_get_detail (error);

      adw_action_row_set_subtitle (d->error_row, text);
      if (explanation != NULL)
        adw_action_row_set_subtitle (d->explain_row, explanation);
      if (recommend != NULL && *recommend)
        {
          g_autofree char *escaped = g_markup_escape_text (recommend, -1);
          g_autofree char *markup = g_strdup_printf ("<a href=\"%s\">%s</a>", escaped, escaped);
          adw_action_row_set_subtitle (d->recommend_row, markup);
          gtk_widget_set_visible (GTK_WIDGET (d->recommend_row), TRUE);
        }
    }

  lw_step_row_update_elapsed (row);
}

static void
on_step_notify (LwStep     *step,
                GParamSpec *pspec,
                GtkWidget  *row)
{
  update (row);
}

static void
on_expanded (GtkWidget  *row,
             GParamSpec *pspec,
             gpointer    user_data)
{
  StepRowData *d = get_data (row);

  if (d != NULL && !d->details_shown && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    update (row);
}

GtkWidget *
lw_step_row_new (LwStep *step)
{
  GtkWidget *row = adw_expander_row_new ();
  StepRowData *d = g_new0 (StepRowData, 1);

  d->step = g_object_ref (step);
  g_object_set_data_full (G_OBJECT (row), "lw-step-row", d, step_row_data_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lw_step_get_title (step));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  d->state_stack = GTK_STACK (gtk_stack_new ());
  d->icon = GTK_IMAGE (gtk_image_new ());
  d->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_stack_add_named (d->state_stack, GTK_WIDGET (d->icon), "icon");
  gtk_stack_add_named (d->state_stack, GTK_WIDGET (d->spinner), "spinner");
  gtk_widget_set_valign (GTK_WIDGET (d->state_stack), GTK_ALIGN_CENTER);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), GTK_WIDGET (d->state_stack));

  /* An inscription: its size does not follow its text, so the ticking time of a running step
   * redraws the label instead of laying the row out again every second (issue #13). */
  d->elapsed = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (d->elapsed, 8);
  gtk_inscription_set_nat_chars (d->elapsed, 12);
  gtk_inscription_set_xalign (d->elapsed, 1.0);
  gtk_widget_set_valign (GTK_WIDGET (d->elapsed), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (d->elapsed), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (d->elapsed), "numeric");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), GTK_WIDGET (d->elapsed));

  g_signal_connect_object (step, "notify", G_CALLBACK (on_step_notify), row, 0);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), NULL);
  /* Once made, the detail rows are hidden again whenever the row has collapsed. */
  lw_expander_row_measure_when_open (ADW_EXPANDER_ROW (row));
  update (row);
  return row;
}

LwStep *
lw_step_row_get_step (GtkWidget *row)
{
  StepRowData *d = get_data (row);
  return d ? d->step : NULL;
}
