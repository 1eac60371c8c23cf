/* lw-review-page.c — the plan, the preflight check, Create
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-review-page.h"
#include "lw-window.h"

struct _LwReviewPage
{
  LwPage        parent_instance;

  GtkListBox   *plan_list;
  GtkListBox   *checks_list;
  GtkSpinner   *spinner;
  GtkButton    *check_button;
  GtkLabel     *error_label;

  LwSetup      *setup;
  GCancellable *cancellable;
  gboolean      checked_ok;
  guint         rows_idle;
};

G_DEFINE_FINAL_TYPE (LwReviewPage, lw_review_page, LW_TYPE_PAGE)

/* The rows of both lists are made once and then reused: an action row costs about a million
 * instructions to make, and the Review page's first show made a dozen (issue #13). The plan's rows
 * are made ahead, one per idle dispatch, while the user is on an earlier page. */
#define LW_REVIEW_PLAN_ROWS 9

static GtkWidget *
make_row (GtkListBox *list)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "lw-icon", icon);
  gtk_widget_set_visible (row, FALSE);
  lw_layout_adopt (row);  /* issue #13: no search over widths per label (lw-window.c) */
  gtk_list_box_append (list, row);
  return row;
}

/* The index-th row of list (made if there are fewer), shown with these texts. */
static void
set_row (GtkListBox *list,
         guint       index,
         const char *icon_name,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, (int) index));
  GtkWidget *icon;

  if (row == NULL)
    row = make_row (list);
  icon = g_object_get_data (G_OBJECT (row), "lw-icon");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  if (g_str_has_prefix (icon_name, "emblem-ok"))
    gtk_widget_add_css_class (icon, "success");
  else
    gtk_widget_remove_css_class (icon, "success");
  if (g_str_has_prefix (icon_name, "dialog-error"))
    gtk_widget_add_css_class (icon, "error");
  else
    gtk_widget_remove_css_class (icon, "error");
  gtk_widget_set_visible (row, TRUE);
}

/* Hides (and empties) the rows from index used on. */
static void
trim_list (GtkListBox *list,
           guint       used)
{
  GtkListBoxRow *row;

  for (guint i = used; (row = gtk_list_box_get_row_at_index (list, (int) i)) != NULL; i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "");
    }
}

static gboolean
make_plan_rows_idle (gpointer data)
{
  LwReviewPage *self = data;
  GtkListBoxRow *last = gtk_list_box_get_row_at_index (self->plan_list, LW_REVIEW_PLAN_ROWS - 1);

  if (last != NULL)
    {
      self->rows_idle = 0;
      return G_SOURCE_REMOVE;
    }
  make_row (self->plan_list);
  return G_SOURCE_CONTINUE;
}

static void
fill_plan (LwReviewPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);
  g_autofree char *name = lw_setup_dup_name (self->setup);
  g_autofree char *rds = NULL;
  g_autofree char *group = NULL;
  g_autofree char *listener = NULL;
  g_autofree char *service = NULL;
  g_autofree char *user = NULL;
  g_autofree char *tidb = NULL;
  g_autoptr(GString) zone_text = g_string_new (NULL);
  GPtrArray *mappings = lw_setup_get_zone_mappings (self->setup);
  guint n = 0;

  for (guint i = 0; mappings != NULL && i < mappings->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (mappings, i);
      g_string_append_printf (zone_text, "%s%s (%s, %s)", zone_text->len ? "\n" : "", m->zone_id, m->vswitch_id, m->cidr);
    }

  switch (in->source_kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      /* Translators: cluster ID, endpoint ID, IP:port, VPC ID, region ID. */
      rds = g_strdup_printf (_("%s, endpoint %s at %s:%u in %s, region %s"), in->rds_instance_id,
                             in->source_endpoint_id ? in->source_endpoint_id : "", in->rds_ip, in->rds_port,
                             in->vpc_id, in->region);
      set_row (self->plan_list, n++, "drive-harddisk-symbolic", _("PolarDB for MySQL cluster"), rds);
      break;
    case LW_SOURCE_KIND_ECS:
      /* Translators: instance ID, IP:port (the port the user typed), VPC ID, region ID. */
      rds = g_strdup_printf (_("%s at %s:%u (the MySQL port you entered) in %s, region %s"), in->rds_instance_id,
                             in->rds_ip, in->rds_port, in->vpc_id, in->region);
      set_row (self->plan_list, n++, "drive-harddisk-symbolic", _("MySQL on ECS instance"), rds);
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      rds = g_strdup_printf (_("%s at %s:%u in %s, region %s"), in->rds_instance_id, in->rds_ip, in->rds_port,
                             in->vpc_id, in->region);
      set_row (self->plan_list, n++, "drive-harddisk-symbolic", _("RDS for MySQL instance"), rds);
      break;
    }
  group = g_strdup_printf (_("%s — TCP, IP type, health check on, client address not preserved; backend %s:%u"),
                           name, in->rds_ip, in->rds_port);
  set_row (self->plan_list, n++, "network-server-symbolic", _("Server group"), group);
  set_row (self->plan_list, n++, "network-workgroup-symbolic", _("Network Load Balancer (internal, IPv4)"), zone_text->str);
  listener = g_strdup_printf (_("TCP port %u → the server group"), lw_setup_get_listener_port (self->setup));
  set_row (self->plan_list, n++, "network-transmit-receive-symbolic", _("Listener"), listener);
  service = g_strdup_printf (_("%s — automatic acceptance off: only requests from the whitelisted account are accepted"), name);
  set_row (self->plan_list, n++, "network-wired-symbolic", _("Endpoint service"), service);
  user = g_strdup_printf (_("Alibaba Cloud account %s (TiDB Cloud)"), in->tidb_account_id);
  set_row (self->plan_list, n++, "system-users-symbolic", _("Endpoint service whitelist"), user);
  if (in->tidb_automatic)
    tidb = g_strdup_printf (_("Automatic: Linkwright creates the connection for cluster %s and accepts it"), in->tidb_cluster_id);
  else
    tidb = g_strdup (_("Manual: you create the connection in the TiDB Cloud console; Linkwright accepts it"));
  set_row (self->plan_list, n++, "emblem-shared-symbolic", _("TiDB Cloud private link connection"), tidb);
  if (in->fix_whitelist)
    {
      g_autofree char *group_name = lw_names_whitelist_group (lw_setup_get_id (self->setup));
      g_autofree char *fix = NULL;
      g_autoptr(GString) cidrs = g_string_new (NULL);

      for (guint i = 0; mappings != NULL && i < mappings->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (mappings, i);
          g_string_append_printf (cidrs, "%s%s", cidrs->len ? ", " : "", m->cidr);
        }
      switch (in->source_kind)
        {
        case LW_SOURCE_KIND_POLARDB:
          fix = g_strdup_printf (_("A whitelist group “%s” with %s is added; removed on teardown"), group_name, cidrs->str);
          set_row (self->plan_list, n++, "security-high-symbolic", _("PolarDB whitelist"), fix);
          break;
        case LW_SOURCE_KIND_ECS:
          /* Translators: security group ID, port, the vSwitch CIDR blocks. */
          fix = g_strdup_printf (_("Inbound rules in %s: TCP port %u from %s; revoked on teardown"),
                                 in->source_security_group_id ? in->source_security_group_id : "", in->rds_port, cidrs->str);
          set_row (self->plan_list, n++, "security-high-symbolic", _("Security group rules"), fix);
          break;
        case LW_SOURCE_KIND_RDS:
        default:
          fix = g_strdup_printf (_("A whitelist group “%s” with %s is added; removed on teardown"), group_name, cidrs->str);
          set_row (self->plan_list, n++, "security-high-symbolic", _("RDS whitelist"), fix);
          break;
        }
    }
  trim_list (self->plan_list, n);
}

static void
set_checking (LwReviewPage *self,
              gboolean      checking)
{
  lw_page_set_busy (LW_PAGE (self), checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.check", !checking);
}

static void
show_checks (LwReviewPage *self,
             GListModel   *checks)
{
  guint n = g_list_model_get_n_items (checks);
  guint failed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwCheck) check = g_list_model_get_item (checks, i);
      gboolean ok = lw_check_get_ok (check);

      failed += !ok;
      set_row (self->checks_list, i, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic",
               lw_check_get_message (check), NULL);
    }
  trim_list (self->checks_list, n);
  if (failed > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u check failed: fix it (go back to change the inputs), then check again.",
                                                         "%u checks failed: fix them (go back to change the inputs), then check again.", failed),
                                               failed);
      lw_label_set_message (self->error_label, text);
    }
  else
    lw_label_set_message (self->error_label, NULL);
}

static void
preflight_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwReviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) checks = lw_preflight_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_checking (self, FALSE);
  if (checks == NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      lw_label_set_message (self->error_label, text);
      self->checked_ok = FALSE;
    }
  else
    {
      show_checks (self, checks);
      self->checked_ok = lw_checks_all_ok (checks);
    }
  lw_page_set_valid (LW_PAGE (self), self->checked_ok);
}

static void
start_check (LwReviewPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  g_autoptr(LwEngineContext) context = NULL;

  if (self->setup == NULL || lw_page_get_busy (LW_PAGE (self)))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->checked_ok = FALSE;
  lw_page_set_valid (LW_PAGE (self), FALSE);
  trim_list (self->checks_list, 0);
  lw_label_set_message (self->error_label, NULL);
  set_checking (self, TRUE);
  context = lw_session_create_engine_context (session);
  lw_preflight_run_async (self->setup, context, self->cancellable, preflight_cb, g_object_ref (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start_check (LW_REVIEW_PAGE (widget));
}

static void
lw_review_page_enter (LwPage *page)
{
  LwReviewPage *self = LW_REVIEW_PAGE (page);
  LwSession *session = lw_page_get_session (page);

  g_cancellable_cancel (self->cancellable);
  set_checking (self, FALSE);
  g_clear_object (&self->setup);
  self->setup = lw_session_build_setup (session);
  fill_plan (self);
  /* The preflight creates nothing (dry runs and reads), so it runs at once. */
  start_check (self);
}

static gboolean
lw_review_page_next (LwPage *page)
{
  LwReviewPage *self = LW_REVIEW_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  g_autoptr(LwEngineContext) context = NULL;
  g_autoptr(LwRunner) runner = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->checked_ok || self->setup == NULL)
    return FALSE;

  /* Saved before anything is created, so that a crash leaves a setup that can be resumed. */
  lw_setup_set_state (self->setup, LW_SETUP_STATE_DRAFT);
  if (!lw_setup_save (self->setup, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The setup could not be saved, so nothing was created: %s"), error->message);
      lw_label_set_message (self->error_label, text);
      return FALSE;
    }
  context = lw_session_create_engine_context (session);
  runner = lw_runner_new (self->setup, context);
  lw_session_set_runner (session, runner);
  g_clear_object (&self->setup);
  return TRUE;
}

static void
lw_review_page_dispose (GObject *object)
{
  LwReviewPage *self = LW_REVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->setup);
  g_clear_handle_id (&self->rows_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (lw_review_page_parent_class)->dispose (object);
}

static void
lw_review_page_class_init (LwReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_review_page_dispose;
  page_class->enter = lw_review_page_enter;
  page_class->next = lw_review_page_next;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwReviewPage, plan_list);
  gtk_widget_class_bind_template_child (widget_class, LwReviewPage, checks_list);
  gtk_widget_class_bind_template_child (widget_class, LwReviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwReviewPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, LwReviewPage, error_label);

  gtk_widget_class_install_action (widget_class, "review.check", NULL, check_action);
}

static void
lw_review_page_init (LwReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("Review"));
  lw_page_set_next_label (LW_PAGE (self), _("_Create"));
  self->rows_idle = g_idle_add_full (G_PRIORITY_LOW, make_plan_rows_idle, self, NULL);
}
