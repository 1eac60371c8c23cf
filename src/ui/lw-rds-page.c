/* lw-rds-page.c — pick the RDS for MySQL instance; read its private address
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rds-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-rds-page.h"
#include "lw-rds-model.h"

struct _LwRdsPage
{
  LwPage              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkListView        *list_view;
  AdwActionRow       *address_row;
  GtkSpinner         *spinner;
  GtkLabel           *error_label;

  LwRdsModel         *model;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  char               *search;
  char               *selected_id;
  char               *loaded_region;
  GPtrArray          *bound_items;   /* GtkListItem currently showing a row */
  GCancellable       *cancellable;
  gboolean            address_ok;
};

G_DEFINE_FINAL_TYPE (LwRdsPage, lw_rds_page, LW_TYPE_PAGE)

static void
update_status (LwRdsPage *self)
{
  g_autofree char *text = NULL;
  const GError *error = self->model ? lw_rds_model_get_error (self->model) : NULL;
  guint shown;

  if (self->model == NULL)
    return;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  if (error != NULL)
    {
      g_autofree char *explained = lw_ui_explain_error (error);
      text = g_strdup_printf (_("The instances could not be listed: %s"), explained);
    }
  else if (lw_rds_model_get_loading (self->model) && g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    text = g_strdup (_("Loading instances…"));
  else if (self->search != NULL && *self->search)
    text = g_strdup_printf (ngettext ("%u instance matches", "%u instances match", shown), shown);
  else
    {
      guint total = lw_rds_model_get_total (self->model);
      text = g_strdup_printf (ngettext ("%u instance in this region; MySQL instances in a VPC that are running can be used",
                                        "%u instances in this region; MySQL instances in a VPC that are running can be used", total),
                              total);
    }
  gtk_label_set_text (self->status_label, text);
  lw_page_set_busy (LW_PAGE (self), lw_rds_model_get_loading (self->model) ||
                                    gtk_widget_get_visible (GTK_WIDGET (self->spinner)));
}

static void
validate (LwRdsPage *self)
{
  lw_page_set_valid (LW_PAGE (self), self->selected_id != NULL && self->address_ok);
}

/* ---- rows ------------------------------------------------------------------------------------- */

static void
update_row (LwRdsPage   *self,
            GtkListItem *list_item)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  GtkWidget *check = g_object_get_data (G_OBJECT (button), "check");
  LwRdsItem *item = gtk_list_item_get_item (list_item);
  const LwDiscInstance *instance;

  if (item == NULL)
    return;
  instance = lw_rds_item_get_instance (item);
  gtk_widget_set_opacity (check, g_strcmp0 (instance->db_instance_id, self->selected_id) == 0 ? 1.0 : 0.0);
}

static void
net_info_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwRdsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) entry = lw_discovery_address_finish (LW_DISCOVERY (object), result, &error);
  LwInputs *in;

  if (lw_engine_error_is_cancelled (error) || g_cancellable_is_cancelled (self->cancellable))
    return;
  in = lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (entry == NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      lw_label_set_message (self->error_label, text);
      adw_action_row_set_subtitle (self->address_row, _("Unknown"));
    }
  else if (entry->ip_address == NULL)
    {
      lw_label_set_message (self->error_label, _("This instance has no private VPC address. Add one in the RDS console (Database Connection), then choose it again."));
      adw_action_row_set_subtitle (self->address_row, _("None"));
    }
  else
    {
      g_autofree char *text = NULL;

      lw_session_set_string (&in->rds_ip, entry->ip_address);
      in->rds_port = entry->port ? entry->port : 3306;
      if (entry->vpc_id != NULL && *entry->vpc_id)
        lw_session_set_string (&in->vpc_id, entry->vpc_id);
      text = g_strdup_printf ("%s:%u (%s)", entry->ip_address, in->rds_port,
                              entry->connection_string ? entry->connection_string : "");
      adw_action_row_set_subtitle (self->address_row, text);
      lw_label_set_message (self->error_label, NULL);
      self->address_ok = TRUE;
    }
  update_status (self);
  validate (self);
}

static void
select_item (LwRdsPage *self,
             LwRdsItem *item)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);
  const LwDiscInstance *instance = lw_rds_item_get_instance (item);

  if (lw_rds_item_get_problem (item) != NULL)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (instance->db_instance_id);
  for (guint i = 0; i < self->bound_items->len; i++)
    update_row (self, g_ptr_array_index (self->bound_items, i));

  lw_session_set_string (&in->rds_instance_id, instance->db_instance_id);
  lw_session_set_string (&in->rds_description, instance->description);
  lw_session_set_string (&in->rds_zone_id, instance->zone_id);
  lw_session_set_string (&in->vpc_id, instance->vpc_id);
  lw_session_set_string (&in->rds_ip, NULL);
  lw_session_inputs_changed (session, "rds");

  self->address_ok = FALSE;
  validate (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->address_row, _("Reading the instance’s network addresses…"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  lw_page_set_busy (LW_PAGE (self), TRUE);
  lw_discovery_address_async (lw_session_get_discovery (session), in->region, instance->db_instance_id,
                              LW_LOOKUP_NONE, self->cancellable, net_info_cb, g_object_ref (self));
}

static void
on_row_clicked (GtkButton   *button,
                GtkListItem *list_item)
{
  LwRdsPage *self = g_object_get_data (G_OBJECT (button), "page");
  LwRdsItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    select_item (self, item);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           LwRdsPage                *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *problem = gtk_label_new (NULL);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* One line, not wrapped: a wrapping label is measured height-for-width with several Pango
   * layouts, and a search that changes the matches rebinds ~200 rows at once (180 ms of layout
   * with wrapping). The full text stays in the row's accessible label. */
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_single_line_mode (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (problem, "warning");
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"), -1);

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (labels), problem);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_button_set_child (GTK_BUTTON (button), box);

  g_object_set_data (G_OBJECT (button), "page", self);
  g_object_set_data (G_OBJECT (button), "check", check);
  g_object_set_data (G_OBJECT (button), "title", title);
  g_object_set_data (G_OBJECT (button), "subtitle", subtitle);
  g_object_set_data (G_OBJECT (button), "problem", problem);
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_clicked), list_item);
  gtk_list_item_set_child (list_item, button);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          LwRdsPage                *self)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  LwRdsItem *item = gtk_list_item_get_item (list_item);
  const LwDiscInstance *instance = lw_rds_item_get_instance (item);
  const char *problem = lw_rds_item_get_problem (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;

  title = instance->description && *instance->description
        ? g_strdup_printf ("%s — %s", instance->db_instance_id, instance->description)
        : g_strdup (instance->db_instance_id);
  subtitle = g_strdup_printf ("%s %s · %s · %s %s · %s",
                              instance->engine ? instance->engine : "",
                              instance->engine_version ? instance->engine_version : "",
                              instance->status ? instance->status : "",
                              instance->network_type ? instance->network_type : "",
                              instance->vpc_id ? instance->vpc_id : "",
                              instance->zone_id ? instance->zone_id : "");
  gtk_label_set_text (g_object_get_data (G_OBJECT (button), "title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (button), "subtitle"), subtitle);
  gtk_label_set_text (g_object_get_data (G_OBJECT (button), "problem"), problem ? problem : "");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (button), "problem"), problem != NULL);
  gtk_widget_set_sensitive (button, problem == NULL);

  /* Tests and screen readers find the row by the instance ID first. */
  accessible = problem ? g_strdup_printf ("%s, %s, %s", instance->db_instance_id, subtitle, problem)
                       : g_strdup_printf ("%s, %s", instance->db_instance_id, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_ptr_array_add (self->bound_items, list_item);
  update_row (self, list_item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            LwRdsPage                *self)
{
  g_ptr_array_remove_fast (self->bound_items, list_item);
}

/* ---- search ----------------------------------------------------------------------------------- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  LwRdsPage *self = user_data;

  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  return strstr (lw_rds_item_get_search_text (item), self->search) != NULL;
}

static void
on_search_changed (LwRdsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *down = g_strstrip (g_utf8_strdown (text, -1));
  const char *old = self->search != NULL ? self->search : "";
  GtkFilterChange change;

  if (self->search != NULL && strcmp (old, down) == 0)
    return;
  /* A substring match: a longer text that contains the old one only narrows the list (the filter
   * model then re-checks only what is shown), a shorter one only widens it (it re-checks only what
   * is hidden); anything else re-checks everything. */
  if (strstr (down, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, down) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  g_free (self->search);
  self->search = g_steal_pointer (&down);
  if (*self->search && self->model != NULL)
    lw_rds_model_load_all (self->model);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_status (self);
}

static void
lw_rds_page_load (LwRdsPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);

  if (self->model != NULL)
    {
      lw_rds_model_cancel (self->model);
      g_signal_handlers_disconnect_by_data (self->model, self);
    }
  g_clear_object (&self->model);
  self->model = lw_rds_model_new (lw_session_get_discovery (session), in->region);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->model, "notify::total", G_CALLBACK (update_status), self);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->model));
  g_free (self->loaded_region);
  self->loaded_region = g_strdup (in->region);
  g_clear_pointer (&self->selected_id, g_free);
  self->address_ok = FALSE;
  adw_action_row_set_subtitle (self->address_row, _("Choose an instance"));
  lw_label_set_message (self->error_label, NULL);
  if (self->search != NULL && *self->search)
    lw_rds_model_load_all (self->model);
  update_status (self);
  validate (self);
}

static void
lw_rds_page_enter (LwPage *page)
{
  LwRdsPage *self = LW_RDS_PAGE (page);
  LwInputs *in = lw_session_get_inputs (lw_page_get_session (page));

  if (self->model == NULL || g_strcmp0 (self->loaded_region, in->region) != 0)
    lw_rds_page_load (self);
  else
    lw_rds_model_resume (self->model);  /* what leaving cancelled, if anything */
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Leaving cancels the lookups still running: the instance pages (fetched again on demand, from the
 * cache when already seen) and the chosen instance's address (choose it again). */
static void
lw_rds_page_leave (LwPage *page)
{
  LwRdsPage *self = LW_RDS_PAGE (page);

  if (self->model != NULL && lw_rds_model_get_loading (self->model))
    lw_rds_model_cancel (self->model);
  if (gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      if (!self->address_ok)
        adw_action_row_set_subtitle (self->address_row, _("Choose an instance"));
      update_status (self);
      validate (self);
    }
}

static void
lw_rds_page_dispose (GObject *object)
{
  LwRdsPage *self = LW_RDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    {
      lw_rds_model_cancel (self->model);
      g_signal_handlers_disconnect_by_data (self->model, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_RDS_PAGE);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bound_items, g_ptr_array_unref);

  G_OBJECT_CLASS (lw_rds_page_parent_class)->dispose (object);
}

static void
lw_rds_page_finalize (GObject *object)
{
  LwRdsPage *self = LW_RDS_PAGE (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->loaded_region, g_free);

  G_OBJECT_CLASS (lw_rds_page_parent_class)->finalize (object);
}

static void
lw_rds_page_class_init (LwRdsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_rds_page_dispose;
  object_class->finalize = lw_rds_page_finalize;
  page_class->enter = lw_rds_page_enter;
  page_class->leave = lw_rds_page_leave;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-rds-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, error_label);
}

static void
lw_rds_page_init (LwRdsPage *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("RDS Instance"));

  self->bound_items = g_ptr_array_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_object_ref (self->filter);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->filter_model));
  g_object_unref (self->filter);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
}

gboolean
lw_rds_page_select_instance (LwRdsPage  *self,
                             const char *instance_id)
{
  guint n;

  g_return_val_if_fail (LW_IS_RDS_PAGE (self), FALSE);
  if (self->model == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwRdsItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      if (g_strcmp0 (lw_rds_item_get_instance (item)->db_instance_id, instance_id) == 0)
        {
          if (lw_rds_item_get_problem (item) != NULL)
            return FALSE;
          select_item (self, item);
          return TRUE;
        }
    }
  return FALSE;
}
