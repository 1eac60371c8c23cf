/* lw-network-page.c — NLB zones and vSwitches, and the source's access check (RDS or PolarDB
 * whitelist; ECS security group rules on the MySQL port)
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-network-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-network-page.h"
#include "lw-validate.h"
#include "lw-window.h"

struct _LwNetworkPage
{
  LwPage        parent_instance;

  GtkSpinner   *spinner;
  GtkListBox   *zones_list;
  GtkLabel     *error_label;
  AdwPreferencesGroup *access_group;
  AdwActionRow *whitelist_row;
  GtkImage     *whitelist_icon;
  AdwActionRow *fix_row;
  GtkSwitch    *fix_switch;

  GCancellable *cancellable;
  char         *loaded_for;     /* region/vpc/instance the zones were read for */
  char         *security_ips;   /* what the source accepts connections from (lw_discovery_source_access) */
  char         *load_error;
  guint         pending;
  gboolean      whitelist_known;
};

G_DEFINE_FINAL_TYPE (LwNetworkPage, lw_network_page, LW_TYPE_PAGE)

static LwInputs *
get_inputs (LwNetworkPage *self)
{
  return lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));
}

static GStrv
dup_selected_zones (LwNetworkPage *self)
{
  LwInputs *in = get_inputs (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; in->zones != NULL && i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (zone->selected)
        g_strv_builder_add (builder, zone->zone_id);
    }
  return g_strv_builder_end (builder);
}

static void
validate (LwNetworkPage *self)
{
  LwInputs *in = get_inputs (self);
  g_auto(GStrv) selected = dup_selected_zones (self);
  g_autofree char *message = NULL;
  gboolean ok;
  g_autoptr(GString) uncovered = g_string_new (NULL);

  ok = lw_validate_zone_selection ((const char * const *) selected,
                                   (const char * const *) in->tidb_zone_ids, &message);
  if (self->load_error != NULL)
    {
      g_free (message);
      message = g_strdup (self->load_error);
      ok = FALSE;
    }
  lw_label_set_message (self->error_label, in->zones->len > 0 || self->load_error ? message : NULL);

  /* The whitelist check, for the zones chosen now. */
  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (zone->selected && !lw_cidr_list_covers (self->security_ips, zone->cidr))
        g_string_append_printf (uncovered, "%s%s", uncovered->len ? ", " : "", zone->cidr);
    }
  if (!self->whitelist_known)
    {
      gtk_image_set_from_icon_name (self->whitelist_icon, "content-loading-symbolic");
      adw_action_row_set_subtitle (self->whitelist_row,
                                   in->source_kind == LW_SOURCE_KIND_ECS ? _("Reading the instance’s security group rules…")
                                   : in->source_kind == LW_SOURCE_KIND_POLARDB ? _("Reading the cluster’s whitelist…")
                                   : _("Reading the instance’s whitelist…"));
      gtk_widget_set_visible (GTK_WIDGET (self->fix_row), FALSE);
    }
  else if (uncovered->len == 0)
    {
      gtk_image_set_from_icon_name (self->whitelist_icon, "emblem-ok-symbolic");
      adw_action_row_set_subtitle (self->whitelist_row,
                                   in->source_kind == LW_SOURCE_KIND_ECS
                                   ? _("The security group rules already allow the chosen vSwitches on this port")
                                   : _("The whitelist already allows the chosen vSwitches"));
      gtk_widget_set_visible (GTK_WIDGET (self->fix_row), FALSE);
      in->fix_whitelist = FALSE;
    }
  else
    {
      g_autofree char *text = NULL;

      switch (in->source_kind)
        {
        case LW_SOURCE_KIND_POLARDB:
          text = g_strdup_printf (_("The whitelist does not allow %s, so PolarDB would refuse the load balancer’s connections. Add the ranges here, or in the PolarDB console (Whitelists)."),
                                  uncovered->str);
          break;
        case LW_SOURCE_KIND_ECS:
          text = g_strdup_printf (_("No inbound rule of the instance’s security groups allows %s on TCP port %u, so the load balancer could not reach MySQL. Add a rule here, or in the ECS console (Security Groups)."),
                                  uncovered->str, in->rds_port);
          break;
        case LW_SOURCE_KIND_RDS:
        default:
          text = g_strdup_printf (_("The whitelist does not allow %s, so RDS would refuse the load balancer’s connections. Add the ranges here, or in the RDS console (Whitelist and SecGroup)."),
                                  uncovered->str);
          break;
        }
      /* An ECS instance without a security group has nowhere to add the rule. */
      gboolean fixable = in->source_kind != LW_SOURCE_KIND_ECS ||
                         (in->source_security_group_id != NULL && *in->source_security_group_id);

      gtk_image_set_from_icon_name (self->whitelist_icon, "dialog-warning-symbolic");
      adw_action_row_set_subtitle (self->whitelist_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->fix_row), fixable);
      in->fix_whitelist = fixable && gtk_switch_get_active (self->fix_switch);
    }

  lw_page_set_valid (LW_PAGE (self), ok && self->pending == 0);
}

static void
on_zone_toggled (GtkCheckButton *check,
                 LwNetworkPage  *self)
{
  LwZoneChoice *zone = g_object_get_data (G_OBJECT (check), "zone");

  zone->selected = gtk_check_button_get_active (check);
  validate (self);
}

static void
rebuild_rows (LwNetworkPage *self)
{
  LwInputs *in = get_inputs (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->zones_list))))
    gtk_list_box_remove (self->zones_list, child);

  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf (ngettext ("%s · %s · %u free address", "%s · %s · %u free addresses", zone->free_ips),
                                  zone->vswitch_id, zone->cidr, zone->free_ips);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), zone->zone_id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), zone->selected);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, zone->zone_id, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (zone->tidb_zone)
        {
          GtkWidget *tag = gtk_label_new (_("TiDB"));
          gtk_widget_add_css_class (tag, "zone-tag");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (tag, _("TiDB Cloud has an endpoint in this zone"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
      g_object_set_data (G_OBJECT (check), "zone", zone);
      g_signal_connect (check, "toggled", G_CALLBACK (on_zone_toggled), self);
      lw_layout_adopt (row);  /* issue #13: no search over widths per label (lw-window.c) */
      gtk_list_box_append (self->zones_list, row);
    }
}

static void
finish_one (LwNetworkPage *self)
{
  if (self->pending > 0)
    self->pending--;
  if (self->pending == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      lw_page_set_busy (LW_PAGE (self), FALSE);
    }
  validate (self);
}

static void
vswitches_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwNetworkPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vswitches = lw_discovery_vswitches_finish (LW_DISCOVERY (object), result, &error);
  LwInputs *in;
  guint n_selected = 0;

  if (lw_engine_error_is_cancelled (error) || g_cancellable_is_cancelled (self->cancellable))
    return;
  in = get_inputs (self);

  if (vswitches == NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_free (self->load_error);
      self->load_error = g_strdup_printf (_("The VPC’s vSwitches could not be listed: %s"), text);
      finish_one (self);
      return;
    }

  /* One vSwitch per zone: the available one with the most free addresses. */
  g_ptr_array_set_size (in->zones, 0);
  for (guint i = 0; i < vswitches->len; i++)
    {
      LwDiscVSwitch *vsw = g_ptr_array_index (vswitches, i);
      LwZoneChoice *found = NULL;

      if (vsw->status != NULL && g_strcmp0 (vsw->status, "Available") != 0)
        continue;
      for (guint j = 0; j < in->zones->len; j++)
        {
          LwZoneChoice *zone = g_ptr_array_index (in->zones, j);
          if (g_strcmp0 (zone->zone_id, vsw->zone_id) == 0)
            found = zone;
        }
      if (found == NULL)
        g_ptr_array_add (in->zones, lw_zone_choice_new (vsw->zone_id, vsw->vswitch_id, vsw->cidr_block,
                                                        (guint) MAX (vsw->available_ip_count, 0)));
      else if (vsw->available_ip_count > found->free_ips)
        {
          lw_session_set_string (&found->vswitch_id, vsw->vswitch_id);
          lw_session_set_string (&found->cidr, vsw->cidr_block);
          found->free_ips = (guint) vsw->available_ip_count;
        }
    }

  /* Preselect every zone TiDB also has, then enough others for NLB's two-zone minimum. */
  for (guint i = 0; i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      zone->tidb_zone = in->tidb_zone_ids != NULL && g_strv_contains ((const char * const *) in->tidb_zone_ids, zone->zone_id);
      zone->selected = zone->tidb_zone;
      n_selected += zone->selected;
    }
  for (guint i = 0; i < in->zones->len && n_selected < 2; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (!zone->selected)
        {
          zone->selected = TRUE;
          n_selected++;
        }
    }
  if (in->zones->len == 0)
    {
      g_free (self->load_error);
      self->load_error = g_strdup (_("The source database’s VPC has no available vSwitch. Create vSwitches in two zones (one of them a TiDB zone) in the VPC console."));
    }

  rebuild_rows (self);
  finish_one (self);
}

static void
access_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LwNetworkPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *accepted = lw_discovery_source_access_finish (LW_DISCOVERY (object), result, &error);

  if (lw_engine_error_is_cancelled (error) || g_cancellable_is_cancelled (self->cancellable))
    return;

  if (error != NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_autofree char *subtitle = g_strdup_printf (get_inputs (self)->source_kind == LW_SOURCE_KIND_ECS
                                                   ? _("The security group rules could not be read: %s")
                                                   : _("The whitelist could not be read: %s"), text);
      /* Not fatal: the preflight checks it again. */
      adw_action_row_set_subtitle (self->whitelist_row, subtitle);
    }
  else
    {
      g_free (self->security_ips);
      self->security_ips = accepted ? g_steal_pointer (&accepted) : g_strdup ("");
      self->whitelist_known = TRUE;
    }
  finish_one (self);
}

/* The access group's wording for the source's kind (RDS, PolarDB whitelist; ECS security group). */
static void
apply_kind_texts (LwNetworkPage *self)
{
  LwInputs *in = get_inputs (self);
  g_autofree char *fix_title = NULL;
  const char *fix_subtitle;

  switch (in->source_kind)
    {
    case LW_SOURCE_KIND_POLARDB:
      adw_preferences_group_set_title (self->access_group, _("PolarDB Whitelist"));
      adw_preferences_group_set_description (self->access_group, _("PolarDB accepts connections only from whitelisted addresses; the load balancer connects from its vSwitches."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->whitelist_row), _("Whitelist Check"));
      fix_title = g_strdup (_("_Add the Ranges to the PolarDB Whitelist"));
      fix_subtitle = _("As a separate whitelist group, when the setup runs; removed on teardown");
      break;
    case LW_SOURCE_KIND_ECS:
      adw_preferences_group_set_title (self->access_group, _("ECS Security Group"));
      adw_preferences_group_set_description (self->access_group, _("The instance’s security groups must allow the load balancer’s vSwitches to connect to the MySQL port."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->whitelist_row), _("Inbound Rule Check"));
      /* Translators: %s is a security group ID (sg-…), %u the MySQL port. */
      fix_title = g_strdup_printf (_("_Add an Inbound Rule to Security Group %s for Port %u"),
                                   in->source_security_group_id ? in->source_security_group_id : "", in->rds_port);
      fix_subtitle = _("One rule per vSwitch range, when the setup runs; revoked on teardown");
      break;
    case LW_SOURCE_KIND_RDS:
    default:
      adw_preferences_group_set_title (self->access_group, _("RDS Whitelist"));
      adw_preferences_group_set_description (self->access_group, _("RDS accepts connections only from whitelisted addresses; the load balancer connects from its vSwitches."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->whitelist_row), _("Whitelist Check"));
      fix_title = g_strdup (_("_Add the vSwitch Ranges to the Whitelist"));
      fix_subtitle = _("As a separate whitelist group, when the setup runs; removed on teardown");
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->fix_row), fix_title);
  adw_action_row_set_subtitle (self->fix_row, fix_subtitle);
  {
    /* The switch's name for screen readers: the row's title without the mnemonic. */
    g_autoptr(GString) plain = g_string_new (fix_title);
    g_string_replace (plain, "_", "", 1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->fix_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
  }
}

static void
lw_network_page_enter (LwPage *page)
{
  LwNetworkPage *self = LW_NETWORK_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  LwInputs *in = lw_session_get_inputs (session);
  g_autofree char *key = NULL;
  g_autofree char *tidb = in->tidb_zone_ids ? g_strjoinv (",", in->tidb_zone_ids) : NULL;
  LwDiscovery *discovery;

  apply_kind_texts (self);
  /* The ECS check depends on the port (the rules must cover it). */
  key = g_strdup_printf ("%s/%s/%s/%s/%s/%u", in->region, in->vpc_id, lw_source_kind_to_string (in->source_kind),
                         in->rds_instance_id, tidb, in->source_kind == LW_SOURCE_KIND_ECS ? in->rds_port : 0);
  if (g_strcmp0 (key, self->loaded_for) == 0)
    {
      validate (self);
      return;
    }

  g_free (self->loaded_for);
  self->loaded_for = g_steal_pointer (&key);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->security_ips, g_free);
  self->whitelist_known = FALSE;
  g_ptr_array_set_size (in->zones, 0);
  rebuild_rows (self);

  self->pending = 2;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  lw_page_set_busy (page, TRUE);
  discovery = lw_session_get_discovery (session);
  /* vSwitches seldom change (cached per VPC); the whitelist or the security group rules are read
   * afresh: the user may just have changed them in the console. */
  lw_discovery_vswitches_async (discovery, in->region, in->vpc_id, LW_LOOKUP_NONE, self->cancellable,
                                vswitches_cb, g_object_ref (self));
  lw_discovery_source_access_async (discovery, in->source_kind, in->region, in->rds_instance_id, in->rds_port,
                                    LW_LOOKUP_REFRESH, self->cancellable, access_cb, g_object_ref (self));
  validate (self);
}

/* Leaving while the lookups run cancels them; the next visit looks up again (the vSwitches from the
 * cache). */
static void
lw_network_page_leave (LwPage *page)
{
  LwNetworkPage *self = LW_NETWORK_PAGE (page);

  if (self->pending == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->loaded_for, g_free);
  self->pending = 1;
  finish_one (self);
}

static void
lw_network_page_dispose (GObject *object)
{
  LwNetworkPage *self = LW_NETWORK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_NETWORK_PAGE);

  G_OBJECT_CLASS (lw_network_page_parent_class)->dispose (object);
}

static void
lw_network_page_finalize (GObject *object)
{
  LwNetworkPage *self = LW_NETWORK_PAGE (object);

  g_clear_pointer (&self->loaded_for, g_free);
  g_clear_pointer (&self->security_ips, g_free);
  g_clear_pointer (&self->load_error, g_free);

  G_OBJECT_CLASS (lw_network_page_parent_class)->finalize (object);
}

static void
lw_network_page_class_init (LwNetworkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_network_page_dispose;
  object_class->finalize = lw_network_page_finalize;
  page_class->enter = lw_network_page_enter;
  page_class->leave = lw_network_page_leave;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-network-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, zones_list);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, access_group);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, whitelist_row);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, whitelist_icon);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, fix_row);
  gtk_widget_class_bind_template_child (widget_class, LwNetworkPage, fix_switch);
}

static void
lw_network_page_init (LwNetworkPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("Network"));
  g_signal_connect_swapped (self->fix_switch, "notify::active", G_CALLBACK (validate), self);
}
