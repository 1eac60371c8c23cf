/* lw-manage-page.c — the setups made so far: health check, resume, export, tear down
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-manage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-manage-page.h"
#include "lw-window.h"

struct _LwManagePage
{
  LwPage              parent_instance;

  GtkStack           *stack;
  GtkBox             *list_box;
  GtkLabel           *info_label;

  GPtrArray          *groups;    /* a vertical GtkBox, one per setup */
  GHashTable         *runners;   /* setup id → LwRunner of a teardown in progress */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (LwManagePage, lw_manage_page, LW_TYPE_PAGE)

static void lw_manage_page_refresh (LwManagePage *self);

static LwSetup *
group_setup (GtkWidget *widget)
{
  while (widget != NULL && g_object_get_data (G_OBJECT (widget), "setup") == NULL)
    widget = gtk_widget_get_parent (widget);
  return widget ? g_object_get_data (G_OBJECT (widget), "setup") : NULL;
}

static GtkLabel *
group_result_label (GtkWidget *widget)
{
  while (widget != NULL && g_object_get_data (G_OBJECT (widget), "result") == NULL)
    widget = gtk_widget_get_parent (widget);
  return widget ? g_object_get_data (G_OBJECT (widget), "result") : NULL;
}

static gboolean
have_credentials (LwManagePage *self)
{
  LwInputs *in = lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));

  if (in->verified)
    return TRUE;
  /* Credentials are never stored with a setup: ask for them first. */
  lw_page_toast (LW_PAGE (self), _("Enter and verify your Alibaba Cloud credentials first"));
  lw_page_go_to (LW_PAGE (self), "account");
  return FALSE;
}

/* ---- health ----------------------------------------------------------------------------------- */

typedef struct {
  LwManagePage *self;
  GtkLabel     *label;
  LwSetup      *setup;
} OpData;

static OpData *
op_data_new (LwManagePage *self,
             GtkLabel     *label,
             LwSetup      *setup)
{
  OpData *op = g_new0 (OpData, 1);

  op->self = g_object_ref (self);
  op->label = label ? g_object_ref (label) : NULL;
  op->setup = g_object_ref (setup);
  return op;
}

static void
op_data_free (OpData *op)
{
  g_clear_object (&op->self);
  g_clear_object (&op->label);
  g_clear_object (&op->setup);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpData, op_data_free)

static void
repair_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpData) op = user_data;
  g_autoptr(GError) error = NULL;

  lw_page_set_busy (LW_PAGE (op->self), FALSE);
  if (!lw_health_repair_finish (result, &error))
    {
      g_autofree char *text = lw_ui_explain_error (error);
      lw_label_set_message (op->label, text);
      return;
    }
  lw_label_set_message (op->label, _("Repaired: the backend now points at the RDS instance’s current address."));
}

static void
on_repair_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  OpData *op = g_object_get_data (G_OBJECT (dialog), "op");
  g_autoptr(LwEngineContext) context = NULL;

  if (g_strcmp0 (response, "repair") != 0 || op == NULL)
    return;
  context = lw_session_create_engine_context (lw_page_get_session (LW_PAGE (op->self)));
  lw_label_set_message (op->label, _("Repairing the backend address…"));
  lw_page_set_busy (LW_PAGE (op->self), TRUE);
  lw_health_repair_async (op->setup, context, op->self->cancellable, repair_cb,
                          op_data_new (op->self, op->label, op->setup));
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpData) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) checks = lw_health_check_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean repairable = FALSE;

  lw_page_set_busy (LW_PAGE (op->self), FALSE);
  if (checks == NULL)
    {
      g_autofree char *explained = lw_ui_explain_error (error);
      lw_label_set_message (op->label, explained);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) check = g_list_model_get_item (checks, i);
      g_string_append_printf (text, "%s %s\n", lw_check_get_ok (check) ? "✓" : "✗", lw_check_get_message (check));
      repairable |= !lw_check_get_ok (check) && lw_check_get_repairable (check);
    }
  if (repairable)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (op->self));
      GtkWidget *dialog;

      /* One click, but asked: the swap briefly changes what the load balancer points at. */
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Repair the Backend?"),
                                       _("The RDS instance’s private address changed (after a migration or an upgrade). Linkwright can add the new address to the server group, wait until it is healthy, then remove the old one."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Not Now"),
                                        "repair", _("_Repair"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "repair", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "repair");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "op", op_data_new (op->self, op->label, op->setup),
                              (GDestroyNotify) op_data_free);
      g_signal_connect (dialog, "response", G_CALLBACK (on_repair_response), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  lw_label_set_message (op->label, g_strstrip (text->str));
}

static void
health_clicked (GtkButton    *button,
                LwManagePage *self)
{
  LwSetup *setup = group_setup (GTK_WIDGET (button));
  GtkLabel *label = group_result_label (GTK_WIDGET (button));
  g_autoptr(LwEngineContext) context = NULL;

  if (setup == NULL || !have_credentials (self))
    return;
  lw_label_set_message (label, _("Checking…"));
  lw_page_set_busy (LW_PAGE (self), TRUE);
  context = lw_session_create_engine_context (lw_page_get_session (LW_PAGE (self)));
  lw_health_check_async (setup, context, self->cancellable, health_cb, op_data_new (self, label, setup));
}

/* ---- resume ----------------------------------------------------------------------------------- */

static void
resume_clicked (GtkButton    *button,
                LwManagePage *self)
{
  LwSetup *setup = group_setup (GTK_WIDGET (button));
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);

  if (setup == NULL)
    return;
  if (!in->verified)
    {
      lw_session_set_resume_setup (session, setup);
      lw_page_go_to (LW_PAGE (self), "account");
      return;
    }
  {
    g_autoptr(LwRunner) runner = lw_session_dup_runner_for (session, setup);

    lw_session_set_runner (session, runner);
    lw_page_go_to (LW_PAGE (self), "progress");
  }
}

/* ---- export ----------------------------------------------------------------------------------- */

static void
export_clicked (GtkButton    *button,
                LwManagePage *self)
{
  LwSetup *setup = group_setup (GTK_WIDGET (button));

  if (setup != NULL)
    lw_export_terraform (LW_PAGE (self), setup);
}

/* ---- tear down -------------------------------------------------------------------------------- */

static void
teardown_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OpData) op = user_data;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (op->self->runners, lw_setup_get_id (op->setup));
  lw_page_set_busy (LW_PAGE (op->self), g_hash_table_size (op->self->runners) > 0);
  if (!lw_runner_rollback_finish (LW_RUNNER (object), result, &error))
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_autofree char *message = g_strdup_printf (_("The teardown stopped: %s. Tear down again to continue."), text);
      lw_page_toast (LW_PAGE (op->self), message);
    }
  else
    lw_page_toast (LW_PAGE (op->self), _("Torn down"));
  lw_manage_page_refresh (op->self);
}

static void
on_teardown_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LwManagePage *self = g_object_get_data (G_OBJECT (dialog), "page");
  LwSetup *setup = g_object_get_data (G_OBJECT (dialog), "setup");
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "label");
  LwSession *session;
  LwRunner *current;
  g_autoptr(LwRunner) runner = NULL;

  if (g_strcmp0 (response, "rollback") != 0 || g_hash_table_contains (self->runners, lw_setup_get_id (setup)))
    return;

  session = lw_page_get_session (LW_PAGE (self));
  current = lw_session_get_runner (session);
  /* The setup just made is still held by its runner: tear down through it. */
  if (current != NULL && g_strcmp0 (lw_setup_get_id (lw_runner_get_setup (current)), lw_setup_get_id (setup)) == 0 &&
      !lw_runner_get_busy (current))
    runner = g_object_ref (current);
  else
    {
      g_autoptr(LwEngineContext) context = lw_session_create_engine_context (session);
      runner = lw_runner_new (setup, context);
    }

  g_hash_table_insert (self->runners, g_strdup (lw_setup_get_id (setup)), g_object_ref (runner));
  lw_label_set_message (label, _("Tearing down: deleting what this setup created, in reverse order…"));
  lw_page_set_busy (LW_PAGE (self), TRUE);
  lw_runner_rollback_async (runner, NULL, teardown_cb, op_data_new (self, label, lw_runner_get_setup (runner)));
}

static void
teardown_clicked (GtkButton    *button,
                  LwManagePage *self)
{
  LwSetup *setup = group_setup (GTK_WIDGET (button));
  GtkWidget *dialog;

  if (setup == NULL || !have_credentials (self))
    return;
  dialog = lw_confirm_rollback_dialog_new (GTK_WIDGET (self));
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "setup", g_object_ref (setup), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "label", g_object_ref (group_result_label (GTK_WIDGET (button))), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_teardown_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forget_clicked (GtkButton    *button,
                LwManagePage *self)
{
  LwSetup *setup = group_setup (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (setup == NULL)
    return;
  if (!lw_setup_store_delete (lw_setup_get_id (setup), &error))
    lw_page_toast (LW_PAGE (self), error->message);
  lw_manage_page_refresh (self);
}

/* ---- the list --------------------------------------------------------------------------------- */

static GtkWidget *
add_button (GtkWidget    *box,
            const char   *label,
            const char   *accessible_context,
            GCallback     callback,
            LwManagePage *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  accessible_context, -1);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect (button, "clicked", callback, self);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), button);
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_append (GTK_FLOW_BOX (box), child);
  return button;
}

/* A row with a title above a value on one line (an AdwActionRow's look, without its wrapping). */
static GtkWidget *
property_row_new (const char *title,
                  const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", title, value);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (title_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "title");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (value_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  /* libadwaita's "row label.subtitle": smaller and dimmed. */
  gtk_widget_add_css_class (value_label, "subtitle");
  gtk_widget_set_tooltip_text (value_label, value);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static GtkWidget *
build_group (LwManagePage *self,
             LwSetup      *setup)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *result = gtk_label_new (NULL);
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (lw_setup_get_created (setup) / G_USEC_PER_SEC);
  g_autofree char *when = created ? g_date_time_format (created, "%x %X") : g_strdup ("");
  g_autofree char *description = NULL;
  LwSetupState state = lw_setup_get_state (setup);
  gboolean unfinished = state == LW_SETUP_STATE_RUNNING || state == LW_SETUP_STATE_FAILED ||
                        state == LW_SETUP_STATE_CANCELLED || state == LW_SETUP_STATE_WAITING_FOR_USER;
  const char *ids[][2] = {
    { N_("Endpoint Service Name"), lw_setup_get_service_name (setup) },
    { N_("Load balancer"), lw_setup_get_load_balancer_id (setup) },
    { N_("Server group"), lw_setup_get_server_group_id (setup) },
  };

  description = g_strdup_printf (_("%s · %s · %s, created %s"), lw_setup_state_get_label (state),
                                 lw_setup_get_region (setup), lw_setup_get_rds_instance_id (setup), when);
  /* A preferences group's look from plain widgets, and rows that do not wrap: a group's header
   * and an action row put wrapping labels in horizontal boxes, which GTK 4.8 measures with a
   * search over widths (issue #13). The IDs ellipsize in the middle; the full value is in the
   * tooltip, the accessible label and the selection. */
  gtk_label_set_text (GTK_LABEL (title), name);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (title, "h4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (GTK_BOX (group), title);
  gtk_label_set_text (GTK_LABEL (subtitle), description);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_bottom (subtitle, 6);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (group), subtitle);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *row;

      if (ids[i][1] == NULL)
        continue;
      row = property_row_new (_(ids[i][0]), ids[i][1]);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (gtk_widget_get_first_child (list) != NULL)
    gtk_box_append (GTK_BOX (group), list);
  else
    g_object_ref_sink (list), g_object_unref (list);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_widget_set_margin_top (flow, 6);
  if (state == LW_SETUP_STATE_DONE)
    add_button (flow, _("_Health Check"), name, G_CALLBACK (health_clicked), self);
  if (unfinished)
    add_button (flow, _("_Resume"), name, G_CALLBACK (resume_clicked), self);
  if (state != LW_SETUP_STATE_ROLLED_BACK && state != LW_SETUP_STATE_DRAFT)
    {
      GtkWidget *b = add_button (flow, _("_Tear Down"), name, G_CALLBACK (teardown_clicked), self);
      gtk_widget_add_css_class (b, "destructive-action");
    }
  if (state != LW_SETUP_STATE_DRAFT && state != LW_SETUP_STATE_ROLLED_BACK)
    add_button (flow, _("_Export as Terraform…"), name, G_CALLBACK (export_clicked), self);
  if (state == LW_SETUP_STATE_ROLLED_BACK || state == LW_SETUP_STATE_DRAFT)
    add_button (flow, _("_Remove from List"), name, G_CALLBACK (forget_clicked), self);
  gtk_box_append (GTK_BOX (group), flow);
  lw_fix_mnemonic_names (flow);

  gtk_label_set_wrap (GTK_LABEL (result), TRUE);
  gtk_label_set_xalign (GTK_LABEL (result), 0);
  gtk_label_set_selectable (GTK_LABEL (result), TRUE);
  gtk_widget_set_visible (result, FALSE);
  gtk_widget_set_margin_top (result, 6);
  gtk_box_append (GTK_BOX (group), result);

  g_object_set_data_full (G_OBJECT (group), "setup", g_object_ref (setup), g_object_unref);
  g_object_set_data (G_OBJECT (group), "result", result);
  if (g_hash_table_contains (self->runners, lw_setup_get_id (setup)))
    lw_label_set_message (GTK_LABEL (result), _("Tearing down: deleting what this setup created, in reverse order…"));
  return group;
}

static void
lw_manage_page_refresh (LwManagePage *self)
{
  g_autoptr(GPtrArray) setups = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->list_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  /* A few small local files: reading them here does not stall the main loop. */
  setups = lw_setup_store_list (&error);
  if (setups == NULL && error != NULL)
    lw_label_set_message (self->info_label, error->message);
  for (guint i = 0; setups != NULL && i < setups->len; i++)
    {
      GtkWidget *group = build_group (self, g_ptr_array_index (setups, i));
      gtk_box_append (self->list_box, group);
      g_ptr_array_add (self->groups, group);
    }
  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "list" : "empty");
}

static void
lw_manage_page_enter (LwPage *page)
{
  lw_manage_page_refresh (LW_MANAGE_PAGE (page));
}

static void
lw_manage_page_dispose (GObject *object)
{
  LwManagePage *self = LW_MANAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_MANAGE_PAGE);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->runners, g_hash_table_unref);

  G_OBJECT_CLASS (lw_manage_page_parent_class)->dispose (object);
}

static void
lw_manage_page_class_init (LwManagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_manage_page_dispose;
  page_class->enter = lw_manage_page_enter;

  g_type_ensure (LW_TYPE_WIDTH_FIRST_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-manage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwManagePage, stack);
  gtk_widget_class_bind_template_child (widget_class, LwManagePage, list_box);
  gtk_widget_class_bind_template_child (widget_class, LwManagePage, info_label);
}

static void
lw_manage_page_init (LwManagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->runners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  lw_page_set_title (LW_PAGE (self), _("Existing Setups"));
  lw_page_set_show_next (LW_PAGE (self), FALSE);
}
