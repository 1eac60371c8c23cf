/* lw-rds-page.c — the Source Database page: choose the kind (RDS for MySQL, PolarDB for MySQL, MySQL
 * on ECS), then the instance or cluster; read its private address (and, for ECS, take the port)
 *
 * The type keeps its name (LwRdsPage, page id "rds"): the window, the screenshot walk and the
 * benchmarks refer to it, and a rename would touch files other helpers change at the same time.
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
#include "lw-rds-filter.h"
#include "lw-rds-row.h"
#include "lw-rds-matches.h"
#include "lw-validate.h"

struct _LwRdsPage
{
  LwPage              parent_instance;

  GtkToggleButton    *kind_rds;
  GtkToggleButton    *kind_polardb;
  GtkToggleButton    *kind_ecs;
  GtkSearchEntry     *search_entry;
  GtkLabel           *status_label;
  GtkListView        *list_view;
  AdwActionRow       *address_row;
  AdwEntryRow        *port_row;
  AdwActionRow       *security_group_row;
  GtkSpinner         *spinner;
  GtkLabel           *error_label;

  LwRdsModel         *model;
  LwRdsMatches       *filter_model;
  LwRdsFilter        *filter;
  char               *search;
  char               *selected_id;
  char               *loaded_region;
  LwSourceKind        kind;          /* of the list shown (the toggles' state) */
  LwSourceKind        loaded_kind;
  GPtrArray          *bound_items;   /* GtkListItem currently showing a row */
  GCancellable       *cancellable;
  gboolean            address_ok;
  gboolean            port_ok;
  gboolean            port_message;  /* the error label says what is wrong with the port */
  gboolean            syncing_kind;  /* the toggles are being set from the inputs */
};

G_DEFINE_FINAL_TYPE (LwRdsPage, lw_rds_page, LW_TYPE_PAGE)

static char *
status_text (LwSourceKind kind,
             guint        total)
{
  switch (kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      return g_strdup_printf (ngettext ("%u PolarDB cluster in this region; MySQL clusters in a VPC that are running can be used",
                                        "%u PolarDB clusters in this region; MySQL clusters in a VPC that are running can be used", total),
                              total);
    case LW_SOURCE_KIND_ECS:
      return g_strdup_printf (ngettext ("%u ECS instance in this region; instances in a VPC that are running can be used",
                                        "%u ECS instances in this region; instances in a VPC that are running can be used", total),
                              total);
    case LW_SOURCE_KIND_RDS:
    default:
      return g_strdup_printf (ngettext ("%u instance in this region; MySQL instances in a VPC that are running can be used",
                                        "%u instances in this region; MySQL instances in a VPC that are running can be used", total),
                              total);
    }
}

static void
update_status (LwRdsPage *self)
{
  g_autofree char *text = NULL;
  const GError *error = self->model ? lw_rds_model_get_error (self->model) : NULL;
  guint shown;

  if (self->model == NULL)
    return;
  shown = lw_rds_matches_get_n_matches (self->filter_model);
  if (error != NULL)
    {
      g_autofree char *explained = lw_ui_explain_error (error);
      text = g_strdup_printf (self->loaded_kind == LW_SOURCE_KIND_POLARDB ? _("The clusters could not be listed: %s")
                                                                          : _("The instances could not be listed: %s"),
                              explained);
    }
  else if (lw_rds_model_get_loading (self->model) && g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    text = g_strdup (self->loaded_kind == LW_SOURCE_KIND_POLARDB ? _("Loading clusters…") : _("Loading instances…"));
  else if (self->search != NULL && *self->search)
    text = g_strdup_printf (self->loaded_kind == LW_SOURCE_KIND_POLARDB
                            ? ngettext ("%u cluster matches", "%u clusters match", shown)
                            : ngettext ("%u instance matches", "%u instances match", shown), shown);
  else
    text = status_text (self->loaded_kind, lw_rds_model_get_total (self->model));
  gtk_label_set_text (self->status_label, text);
  lw_page_set_busy (LW_PAGE (self), lw_rds_model_get_loading (self->model) ||
                                    gtk_widget_get_visible (GTK_WIDGET (self->spinner)));
}

static void
validate (LwRdsPage *self)
{
  gboolean port_ok = self->loaded_kind != LW_SOURCE_KIND_ECS || self->port_ok;

  lw_page_set_valid (LW_PAGE (self), self->selected_id != NULL && self->address_ok && port_ok);
}

/* MySQL on ECS: the port MySQL listens on, typed by the user (ECS has no port to read). */
static void
on_port_changed (LwRdsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  LwInputs *in = lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));
  guint port = 0;

  self->port_ok = lw_validate_port (text, &port, NULL);
  if (self->port_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->port_row), "error");
      if (self->loaded_kind == LW_SOURCE_KIND_ECS)
        in->rds_port = port;
      if (self->port_message)
        lw_label_set_message (self->error_label, NULL);
      self->port_message = FALSE;
    }
  else
    {
      g_autofree char *message = NULL;

      gtk_widget_add_css_class (GTK_WIDGET (self->port_row), "error");
      if (text == NULL || *text == '\0')
        message = g_strdup (_("MySQL Port: enter the port MySQL listens on in the ECS instance, a number from 1 to 65535 (usually 3306)."));
      else
        message = g_strdup_printf (_("MySQL Port: “%s” is not a port. Enter a whole number from 1 to 65535 (MySQL usually listens on 3306)."),
                                   text);
      lw_label_set_message (self->error_label, message);
      self->port_message = TRUE;
    }
  validate (self);
}

/* ---- rows ------------------------------------------------------------------------------------- */

static void
update_row (LwRdsPage   *self,
            GtkListItem *list_item)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  LwRdsSlot *slot = gtk_list_item_get_item (list_item);
  LwRdsItem *item = slot != NULL ? lw_rds_slot_get_item (slot) : NULL;
  gboolean selected;

  if (item == NULL)
    return;
  selected = g_strcmp0 (lw_rds_item_get_instance (item)->db_instance_id, self->selected_id) == 0;
  lw_rds_row_set_selected (LW_RDS_ROW (gtk_button_get_child (GTK_BUTTON (button))), selected);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                               selected ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE, -1);
}

static void
net_info_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwRdsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) entry = lw_discovery_source_address_finish (LW_DISCOVERY (object), result, &error);
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
      switch (self->loaded_kind)
        {
        case LW_SOURCE_KIND_POLARDB:
          lw_label_set_message (self->error_label, _("This cluster has no private address on its cluster endpoint. Check the endpoints in the PolarDB console (Basic Information), then choose it again."));
          break;
        case LW_SOURCE_KIND_ECS:
          lw_label_set_message (self->error_label, _("This instance has no private IP address in its VPC. Check its network interface in the ECS console, then choose it again."));
          break;
        case LW_SOURCE_KIND_RDS:
        default:
          lw_label_set_message (self->error_label, _("This instance has no private VPC address. Add one in the RDS console (Database Connection), then choose it again."));
          break;
        }
      adw_action_row_set_subtitle (self->address_row, _("None"));
    }
  else
    {
      g_autofree char *text = NULL;

      lw_session_set_string (&in->rds_ip, entry->ip_address);
      if (entry->vpc_id != NULL && *entry->vpc_id)
        lw_session_set_string (&in->vpc_id, entry->vpc_id);
      switch (self->loaded_kind)
        {
        case LW_SOURCE_KIND_ECS:
          /* The port is the user's (the entry below); the rule would go into the first group. */
          g_clear_pointer (&in->source_security_group_ids, g_strfreev);
          in->source_security_group_ids = g_strdupv (entry->security_group_ids);
          lw_session_set_string (&in->source_security_group_id,
                                 entry->security_group_ids ? entry->security_group_ids[0] : NULL);
          text = g_strdup (entry->ip_address);
          if (in->source_security_group_ids != NULL && in->source_security_group_ids[0] != NULL)
            {
              g_autofree char *groups = g_strjoinv (", ", in->source_security_group_ids);

              if (in->source_security_group_ids[1] != NULL)
                {
                  /* Translators: the instance's security groups, then the first of them. */
                  g_autofree char *text2 = g_strdup_printf (_("%s (an inbound rule, if one is needed, goes into %s)"),
                                                            groups, in->source_security_group_ids[0]);
                  adw_action_row_set_subtitle (self->security_group_row, text2);
                }
              else
                adw_action_row_set_subtitle (self->security_group_row, groups);
            }
          else
            adw_action_row_set_subtitle (self->security_group_row, _("None"));
          gtk_widget_set_visible (GTK_WIDGET (self->security_group_row), TRUE);
          break;
        case LW_SOURCE_KIND_POLARDB:
          in->rds_port = entry->port ? entry->port : 3306;
          lw_session_set_string (&in->source_endpoint_id, entry->endpoint_id);
          /* Translators: the PolarDB cluster endpoint's private address: IP:port (endpoint ID, domain name). */
          text = g_strdup_printf (_("%s:%u (endpoint %s, %s)"), entry->ip_address, in->rds_port,
                                  entry->endpoint_id ? entry->endpoint_id : "",
                                  entry->connection_string ? entry->connection_string : "");
          break;
        case LW_SOURCE_KIND_RDS:
        default:
          in->rds_port = entry->port ? entry->port : 3306;
          text = g_strdup_printf ("%s:%u (%s)", entry->ip_address, in->rds_port,
                                  entry->connection_string ? entry->connection_string : "");
          break;
        }
      adw_action_row_set_subtitle (self->address_row, text);
      lw_label_set_message (self->error_label, NULL);
      self->address_ok = TRUE;
      if (self->loaded_kind == LW_SOURCE_KIND_ECS)
        on_port_changed (self);  /* the port typed so far goes into the inputs, or says what is wrong */
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
  lw_session_set_string (&in->source_endpoint_id, NULL);
  lw_session_set_string (&in->source_security_group_id, NULL);
  g_clear_pointer (&in->source_security_group_ids, g_strfreev);
  in->source_kind = self->loaded_kind;
  lw_session_inputs_changed (session, "rds");

  self->address_ok = FALSE;
  validate (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->address_row,
                               self->loaded_kind == LW_SOURCE_KIND_POLARDB ? _("Reading the cluster’s endpoints…")
                                                                           : _("Reading the instance’s network addresses…"));
  gtk_widget_set_visible (GTK_WIDGET (self->security_group_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  lw_page_set_busy (LW_PAGE (self), TRUE);
  lw_discovery_source_address_async (lw_session_get_discovery (session), self->loaded_kind, in->region,
                                     instance->db_instance_id, LW_LOOKUP_NONE, self->cancellable,
                                     net_info_cb, g_object_ref (self));
}

static void
on_row_clicked (GtkButton   *button,
                GtkListItem *list_item)
{
  LwRdsPage *self = g_object_get_data (G_OBJECT (button), "page");
  LwRdsSlot *slot = gtk_list_item_get_item (list_item);
  LwRdsItem *item = slot != NULL ? lw_rds_slot_get_item (slot) : NULL;

  if (item != NULL)
    select_item (self, item);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           LwRdsPage                *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *row = lw_rds_row_new ();

  /* Two widgets per row (lw-rds-row.c), made once: with GTK 4.8 the list keeps at least 200
   * positions (lw_rds_page_init), so a search hides and shows rows instead of destroying and
   * making them. The text is in the button's accessible label (bind_row); selection is its
   * pressed state. */
  gtk_widget_add_css_class (button, "flat");
  gtk_button_set_child (GTK_BUTTON (button), row);
  g_object_set_data (G_OBJECT (button), "page", self);
  g_signal_connect (button, "clicked", G_CALLBACK (on_row_clicked), list_item);
  gtk_list_item_set_child (list_item, button);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

/* Shows the instance the row's slot points at now (also when a search retargets the slots). */
static void
bind_content (LwRdsPage   *self,
              GtkListItem *list_item)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  LwRdsSlot *slot = gtk_list_item_get_item (list_item);
  LwRdsItem *item = slot != NULL ? lw_rds_slot_get_item (slot) : NULL;
  const LwDiscInstance *instance;
  const char *problem;
  const char *subtitle;
  g_autofree char *accessible = NULL;

  if (item == NULL)
    {
      /* A slot past the matches (lw_rds_matches_set_min_slots): the row is kept, hidden. */
      if (gtk_widget_get_parent (button) != NULL)
        gtk_widget_set_visible (gtk_widget_get_parent (button), FALSE);
      return;
    }
  if (gtk_widget_get_parent (button) != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (button), TRUE);
  instance = lw_rds_item_get_instance (item);
  problem = lw_rds_item_get_problem (item);
  subtitle = lw_rds_item_get_subtitle (item);
  lw_rds_row_set (LW_RDS_ROW (gtk_button_get_child (GTK_BUTTON (button))), lw_rds_item_get_title (item), subtitle, problem);
  gtk_widget_set_sensitive (button, problem == NULL);

  /* Tests and screen readers find the row by the instance ID first. */
  accessible = problem ? g_strdup_printf ("%s, %s, %s", instance->db_instance_id, subtitle, problem)
                       : g_strdup_printf ("%s, %s", instance->db_instance_id, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  update_row (self, list_item);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          LwRdsPage                *self)
{
  g_ptr_array_add (self->bound_items, list_item);
  bind_content (self, list_item);
}

/* The search changed what the slots show: refresh the rows in place (no widget is made). */
static void
on_retargeted (LwRdsPage *self)
{
  for (guint i = 0; i < self->bound_items->len; i++)
    bind_content (self, g_ptr_array_index (self->bound_items, i));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            LwRdsPage                *self)
{
  g_ptr_array_remove_fast (self->bound_items, list_item);
}

/* End goes to the last row; with hidden rows past the matches (lw_rds_matches_set_min_slots) the
 * list view's own End would pick the last, hidden one and not move: focus the last match. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     LwRdsPage             *self)
{
  guint n = lw_rds_matches_get_n_matches (self->filter_model);

  if ((keyval != GDK_KEY_End && keyval != GDK_KEY_KP_End) || n == 0 ||
      n == g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)))
    return GDK_EVENT_PROPAGATE;
  for (guint i = 0; i < self->bound_items->len; i++)
    {
      GtkListItem *list_item = g_ptr_array_index (self->bound_items, i);

      if (gtk_list_item_get_position (list_item) == n - 1)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
          gtk_widget_grab_focus (gtk_list_item_get_child (list_item));
          return GDK_EVENT_STOP;
        }
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- search ----------------------------------------------------------------------------------- */

static void
on_search_changed (LwRdsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The filter (lw-rds-filter.c) tells the incremental filter model how the matches change. */
  if (!lw_rds_filter_set_query (self->filter, text) && self->search != NULL)
    return;
  g_free (self->search);
  self->search = g_strdup (lw_rds_filter_get_query (self->filter));
  if (*self->search && self->model != NULL)
    lw_rds_model_load_all (self->model);
  update_status (self);
}

/* What the page says about the sources of its kind. */
static void
apply_kind_texts (LwRdsPage *self)
{
  const char *placeholder;
  const char *search_label;
  const char *list_label;

  switch (self->loaded_kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      placeholder = _("Search by cluster ID, description, VPC or zone");
      search_label = _("Search PolarDB clusters");
      list_label = _("PolarDB clusters");
      break;
    case LW_SOURCE_KIND_ECS:
      placeholder = _("Search by ID, name, VPC, zone or private IP");
      search_label = _("Search ECS instances");
      list_label = _("ECS instances");
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      placeholder = _("Search by ID, description, VPC or zone");
      search_label = _("Search RDS instances");
      list_label = _("RDS instances");
      break;
    }
  g_object_set (self->search_entry, "placeholder-text", placeholder, NULL);  /* a property in GTK 4.8, a setter only in 4.10 */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, search_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, list_label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->port_row), self->loaded_kind == LW_SOURCE_KIND_ECS);
  gtk_widget_set_visible (GTK_WIDGET (self->security_group_row), FALSE);
}

static const char *
choose_prompt (LwSourceKind kind)
{
  return kind == LW_SOURCE_KIND_POLARDB ? _("Choose a cluster") : _("Choose an instance");
}

/* Lists the sources of self->kind in the inputs' region; the lookups of the previous list (its pages
 * and the chosen source's address) are cancelled. The search stays. */
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
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_spinner_set_spinning (self->spinner, FALSE);

  g_clear_object (&self->model);
  self->loaded_kind = self->kind;
  self->model = lw_rds_model_new_for_kind (lw_session_get_discovery (session), self->kind, in->region);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->model, "notify::total", G_CALLBACK (update_status), self);
  lw_rds_matches_set_model (self->filter_model, G_LIST_MODEL (self->model));
  g_free (self->loaded_region);
  self->loaded_region = g_strdup (in->region);
  g_clear_pointer (&self->selected_id, g_free);
  self->address_ok = FALSE;
  apply_kind_texts (self);
  adw_action_row_set_subtitle (self->address_row, choose_prompt (self->loaded_kind));
  lw_label_set_message (self->error_label, NULL);
  self->port_message = FALSE;
  if (self->loaded_kind == LW_SOURCE_KIND_ECS)
    on_port_changed (self);
  if (self->search != NULL && *self->search)
    lw_rds_model_load_all (self->model);
  update_status (self);
  validate (self);
}

static void
sync_toggles (LwRdsPage *self)
{
  self->syncing_kind = TRUE;
  gtk_toggle_button_set_active (self->kind == LW_SOURCE_KIND_POLARDB ? self->kind_polardb :
                                self->kind == LW_SOURCE_KIND_ECS ? self->kind_ecs : self->kind_rds, TRUE);
  self->syncing_kind = FALSE;
}

static void
set_kind (LwRdsPage    *self,
          LwSourceKind  kind)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);

  if (kind == self->kind && self->model != NULL && kind == self->loaded_kind)
    return;
  self->kind = kind;
  sync_toggles (self);
  /* What was chosen belonged to the other kind. */
  if (in->source_kind != kind || in->rds_instance_id != NULL)
    {
      in->source_kind = kind;
      lw_session_set_string (&in->rds_instance_id, NULL);
      lw_session_set_string (&in->rds_ip, NULL);
      lw_session_set_string (&in->source_endpoint_id, NULL);
      lw_session_set_string (&in->source_security_group_id, NULL);
      g_clear_pointer (&in->source_security_group_ids, g_strfreev);
      in->rds_port = 3306;
      lw_session_inputs_changed (session, "rds");
    }
  if (in->region != NULL)
    lw_rds_page_load (self);
}

static void
on_kind_toggled (GtkToggleButton *button,
                 LwRdsPage       *self)
{
  if (self->syncing_kind || !gtk_toggle_button_get_active (button))
    return;
  set_kind (self, button == self->kind_polardb ? LW_SOURCE_KIND_POLARDB :
                  button == self->kind_ecs ? LW_SOURCE_KIND_ECS : LW_SOURCE_KIND_RDS);
}

static void
lw_rds_page_enter (LwPage *page)
{
  LwRdsPage *self = LW_RDS_PAGE (page);
  LwInputs *in = lw_session_get_inputs (lw_page_get_session (page));

  if (self->model == NULL || g_strcmp0 (self->loaded_region, in->region) != 0 || self->loaded_kind != self->kind)
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
        adw_action_row_set_subtitle (self->address_row, choose_prompt (self->loaded_kind));
      update_status (self);
      validate (self);
    }
}

void
lw_rds_page_prefetch (LwRdsPage *self)
{
  LwInputs *in;

  g_return_if_fail (LW_IS_RDS_PAGE (self));
  in = lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));
  if (in->region != NULL &&
      (self->model == NULL || g_strcmp0 (self->loaded_region, in->region) != 0 || self->loaded_kind != self->kind))
    lw_rds_page_load (self);
}

void
lw_rds_page_set_kind (LwRdsPage    *self,
                      LwSourceKind  kind)
{
  g_return_if_fail (LW_IS_RDS_PAGE (self));
  set_kind (self, kind);
}

LwSourceKind
lw_rds_page_get_kind (LwRdsPage *self)
{
  g_return_val_if_fail (LW_IS_RDS_PAGE (self), LW_SOURCE_KIND_RDS);
  return self->kind;
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

  g_type_ensure (ADW_TYPE_ENTRY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-rds-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, kind_rds);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, kind_polardb);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, kind_ecs);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, security_group_row);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwRdsPage, error_label);
}

static void
lw_rds_page_init (LwRdsPage *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("Source Database"));
  self->kind = LW_SOURCE_KIND_RDS;
  self->loaded_kind = LW_SOURCE_KIND_RDS;
  self->port_ok = TRUE;
  gtk_button_set_label (GTK_BUTTON (self->kind_rds), lw_source_kind_get_label (LW_SOURCE_KIND_RDS));
  gtk_button_set_label (GTK_BUTTON (self->kind_polardb), lw_source_kind_get_label (LW_SOURCE_KIND_POLARDB));
  gtk_button_set_label (GTK_BUTTON (self->kind_ecs), lw_source_kind_get_label (LW_SOURCE_KIND_ECS));
  /* The three side by side fit the narrowest window (360 px) when their labels wrap at words. */
  for (GtkWidget *toggle = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (self->kind_rds)));
       toggle != NULL; toggle = gtk_widget_get_next_sibling (toggle))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (toggle));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
    }
  g_signal_connect (self->kind_rds, "toggled", G_CALLBACK (on_kind_toggled), self);
  g_signal_connect (self->kind_polardb, "toggled", G_CALLBACK (on_kind_toggled), self);
  g_signal_connect (self->kind_ecs, "toggled", G_CALLBACK (on_kind_toggled), self);
  g_signal_connect_swapped (self->port_row, "changed", G_CALLBACK (on_port_changed), self);

  self->bound_items = g_ptr_array_new ();
  self->filter = lw_rds_filter_new ();
  self->filter_model = lw_rds_matches_new (self->filter);
  g_object_unref (self->filter);  /* the matches model holds it */
  /* GTK 4.8 and 4.9's list view keep a row widget for each of up to ~200 positions around the
   * anchor: a search that takes the matches below 200 destroyed the rows past them, and the next
   * keystroke that widened it created them again (issue #13: ~220,000 instructions per row, 100
   * rows at a time). With at least 200 positions, those rows stay (hidden, bound to no instance). */
  if (gtk_get_major_version () == 4 && gtk_get_minor_version () < 10)
    lw_rds_matches_set_min_slots (self->filter_model, 200);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->filter_model));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  if (gtk_get_major_version () == 4 && gtk_get_minor_version () < 10)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
      gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
    }
  /* Not items-changed: with hidden rows the number of positions need not change with the matches. */
  g_signal_connect_swapped (self->filter_model, "notify::n-matches", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->filter_model, "retargeted", G_CALLBACK (on_retargeted), self);
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

char *
lw_rds_page_dup_problem (LwRdsPage  *self,
                         const char *instance_id)
{
  guint n;

  g_return_val_if_fail (LW_IS_RDS_PAGE (self), NULL);
  if (self->model == NULL)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwRdsItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      if (g_strcmp0 (lw_rds_item_get_instance (item)->db_instance_id, instance_id) == 0)
        return g_strdup (lw_rds_item_get_problem (item));
    }
  return NULL;
}
