/* lw-tidb-page.c — TiDB Cloud: automatic (API key) or manual (account ID and zones) mode
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-tidb-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-tidb-page.h"
#include "lw-secrets.h"
#include "lw-validate.h"

struct _LwTidbPage
{
  LwPage                parent_instance;

  GtkCheckButton       *automatic_check;
  GtkCheckButton       *manual_check;
  AdwPreferencesGroup  *automatic_group;
  AdwPreferencesGroup  *manual_group;
  AdwEntryRow          *public_key_row;
  AdwEntryRow          *private_key_row;
  AdwActionRow         *connect_row;
  GtkSpinner           *spinner;
  GtkButton            *load_button;
  AdwComboRow          *project_row;
  AdwComboRow          *cluster_row;
  AdwActionRow         *zones_info_row;
  AdwEntryRow          *account_row;
  AdwEntryRow          *zones_row;
  GtkLabel             *error_label;

  GtkStringList        *project_names;
  GtkStringList        *cluster_names;
  GPtrArray            *projects;   /* LwDiscProject */
  GPtrArray            *clusters;   /* LwDiscCluster, of the selected project */
  GPtrArray            *all_clusters;
  GCancellable         *cancellable;
  GCancellable         *zones_cancellable;
  char                 *load_error;
  gboolean              prefilled;
  gboolean              updating;
  gboolean              zones_loaded;
  gboolean              zones_refused;  /* the cluster's API refused :getAvailabilityZones: typed in */
  gboolean              advance_after_load;
};

G_DEFINE_FINAL_TYPE (LwTidbPage, lw_tidb_page, LW_TYPE_PAGE)

static void lw_tidb_page_validate (LwTidbPage *self);

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static LwInputs *
get_inputs (LwTidbPage *self)
{
  return lw_session_get_inputs (lw_page_get_session (LW_PAGE (self)));
}

static void
set_busy (LwTidbPage *self,
          gboolean    busy)
{
  lw_page_set_busy (LW_PAGE (self), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static LwDiscCluster *
selected_cluster (LwTidbPage *self)
{
  guint pos = adw_combo_row_get_selected (self->cluster_row);

  if (self->clusters == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->clusters->len)
    return NULL;
  return g_ptr_array_index (self->clusters, pos);
}

/* Why a cluster cannot be used, or NULL when it can. */
static char *
cluster_problem (LwDiscCluster *cluster,
                 const char    *region)
{
  g_autofree char *want = g_strdup_printf ("alicloud-%s", region ? region : "");

  if (g_strcmp0 (cluster->cloud_provider, "alicloud") != 0)
    return g_strdup_printf (_("Cluster “%s” is not on Alibaba Cloud: choose an Essential cluster on Alibaba Cloud."), cluster->display_name);
  if (g_strcmp0 (cluster->region_id, want) != 0)
    return g_strdup_printf (_("Cluster “%s” is in %s, not in %s: PrivateLink works only within one region. Choose a cluster in %s, or go back and choose its region."),
                            cluster->display_name, cluster->region_id, region, region);
  if (cluster->cluster_plan != NULL && g_ascii_strcasecmp (cluster->cluster_plan, "ESSENTIAL") != 0)
    return g_strdup_printf (_("Cluster “%s” is not an Essential cluster (%s)."), cluster->display_name, cluster->cluster_plan);
  if (g_strcmp0 (cluster->state, "ACTIVE") != 0)
    return g_strdup_printf (_("Cluster “%s” is %s: wait until it is ACTIVE."), cluster->display_name, cluster->state);
  return NULL;
}

/* ---- automatic mode: projects, clusters, zones ------------------------------------------------ */

static void
zones_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwTidbPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscTidbZones) zones = NULL;
  LwInputs *in;

  zones = lw_discovery_tidb_zones_finish (LW_DISCOVERY (object), result, &error);
  if (lw_engine_error_is_cancelled (error))
    return;
  in = get_inputs (self);
  set_busy (self, FALSE);

  if (zones == NULL && g_error_matches (error, LW_ENGINE_ERROR, LW_ENGINE_ERROR_API_REFUSED))
    {
      /* A cluster on a newer TiDB Cloud API version: the account and zones come from the console,
       * as in manual mode; the setup itself switches to manual mode when TiDB Cloud refuses it. */
      self->zones_refused = TRUE;
      self->zones_loaded = TRUE;
      g_clear_pointer (&self->load_error, g_free);
      adw_action_row_set_subtitle (self->zones_info_row,
                                   _("TiDB Cloud’s API does not give them for this cluster: enter them from the TiDB Cloud console below"));
    }
  else if (zones == NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_free (self->load_error);
      self->load_error = g_strdup_printf (_("The cluster’s availability zones could not be read: %s"), text);
      adw_action_row_set_subtitle (self->zones_info_row, _("Not available"));
    }
  else
    {
      g_autofree char *joined = g_strjoinv (", ", zones->az_ids);
      g_autofree char *subtitle = g_strdup_printf (_("Account %s, zones %s"), zones->account_id, joined);

      lw_session_set_string (&in->tidb_account_id, zones->account_id);
      g_strfreev (in->tidb_zone_ids);
      in->tidb_zone_ids = g_strdupv (zones->az_ids);
      adw_action_row_set_subtitle (self->zones_info_row, subtitle);
      self->zones_loaded = TRUE;
      g_clear_pointer (&self->load_error, g_free);
    }
  lw_tidb_page_validate (self);

  if (self->advance_after_load && lw_page_get_valid (LW_PAGE (self)))
    {
      self->advance_after_load = FALSE;
      lw_page_advance (LW_PAGE (self));
    }
}

static void
on_cluster_selected (LwTidbPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwDiscCluster *cluster;
  LwInputs *in;
  g_autofree char *problem = NULL;

  if (session == NULL || self->updating)
    return;
  in = get_inputs (self);
  self->zones_loaded = FALSE;
  self->zones_refused = FALSE;
  g_clear_pointer (&self->load_error, g_free);
  g_cancellable_cancel (self->zones_cancellable);
  g_clear_object (&self->zones_cancellable);

  cluster = selected_cluster (self);
  lw_session_set_string (&in->tidb_cluster_id, cluster ? cluster->cluster_id : NULL);
  adw_action_row_set_subtitle (self->zones_info_row, _("Read from the cluster once it is chosen"));

  if (cluster != NULL && (problem = cluster_problem (cluster, in->region)) == NULL)
    {
      self->zones_cancellable = g_cancellable_new ();
      set_busy (self, TRUE);
      lw_discovery_tidb_zones_async (lw_session_get_discovery (session), cluster->cluster_id, LW_LOOKUP_NONE,
                                     self->zones_cancellable, zones_cb, g_object_ref (self));
    }
  lw_tidb_page_validate (self);
}

static void
fill_clusters (LwTidbPage *self)
{
  guint pos = adw_combo_row_get_selected (self->project_row);
  LwDiscProject *project = NULL;
  LwInputs *in = get_inputs (self);
  guint select = 0;

  if (self->projects != NULL && pos != GTK_INVALID_LIST_POSITION && pos < self->projects->len)
    project = g_ptr_array_index (self->projects, pos);
  lw_session_set_string (&in->tidb_project_id, project ? project->id : NULL);

  g_ptr_array_set_size (self->clusters, 0);
  gtk_string_list_splice (self->cluster_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cluster_names)), NULL);
  for (guint i = 0; self->all_clusters != NULL && i < self->all_clusters->len; i++)
    {
      LwDiscCluster *cluster = g_ptr_array_index (self->all_clusters, i);
      g_autofree char *label = NULL;
      g_autofree char *problem = NULL;

      if (project != NULL && cluster->project_id != NULL && g_strcmp0 (cluster->project_id, project->id) != 0)
        continue;
      if (g_strcmp0 (cluster->cloud_provider, "alicloud") != 0)
        continue;
      problem = cluster_problem (cluster, in->region);
      if (problem == NULL && select == 0 && self->clusters->len > 0)
        select = self->clusters->len;
      label = g_strdup_printf ("%s (%s, %s)", cluster->display_name, cluster->state, cluster->region_id);
      g_ptr_array_add (self->clusters, cluster);
      gtk_string_list_append (self->cluster_names, label);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->cluster_row), self->clusters->len > 0);
  adw_combo_row_set_selected (self->cluster_row, self->clusters->len > 0 ? select : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
  on_cluster_selected (self);
}

static void
on_project_selected (LwTidbPage *self)
{
  if (self->updating || lw_page_get_session (LW_PAGE (self)) == NULL)
    return;
  self->updating = TRUE;
  fill_clusters (self);
}

static void
clusters_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwTidbPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clusters = lw_discovery_tidb_clusters_finish (LW_DISCOVERY (object), result, &error);

  if (lw_engine_error_is_cancelled (error) || g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  if (clusters == NULL)
    {
      g_free (self->load_error);
      self->load_error = lw_ui_explain_error (error);
      self->advance_after_load = FALSE;
      lw_tidb_page_validate (self);
      return;
    }
  g_clear_pointer (&self->all_clusters, g_ptr_array_unref);
  self->all_clusters = g_steal_pointer (&clusters);
  adw_action_row_set_subtitle (self->connect_row, _("Loaded"));
  self->updating = TRUE;
  fill_clusters (self);
}

static void
projects_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwTidbPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = lw_discovery_tidb_projects_finish (LW_DISCOVERY (object), result, &error);
  LwInputs *in;

  if (lw_engine_error_is_cancelled (error) || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (projects == NULL)
    {
      set_busy (self, FALSE);
      g_free (self->load_error);
      self->load_error = lw_ui_explain_error (error);
      self->advance_after_load = FALSE;
      adw_action_row_set_subtitle (self->connect_row, _("Could not load"));
      lw_tidb_page_validate (self);
      return;
    }
  in = get_inputs (self);

  /* The key works: keep it if the user wants (same switch as the AccessKey). */
  if (in->remember)
    lw_secrets_store_async (LW_SECRET_KIND_TIDB_API_KEY, in->tidb_public_key, in->tidb_private_key,
                            NULL, NULL, NULL);

  g_clear_pointer (&self->projects, g_ptr_array_unref);
  self->projects = g_steal_pointer (&projects);
  self->updating = TRUE;
  gtk_string_list_splice (self->project_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->project_names)), NULL);
  for (guint i = 0; i < self->projects->len; i++)
    {
      LwDiscProject *project = g_ptr_array_index (self->projects, i);
      gtk_string_list_append (self->project_names, project->name ? project->name : project->id);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->project_row), self->projects->len > 0);
  adw_combo_row_set_selected (self->project_row, 0);
  self->updating = FALSE;

  lw_discovery_tidb_clusters_async (LW_DISCOVERY (object), LW_LOOKUP_REFRESH, self->cancellable,
                                    clusters_cb, g_object_ref (self));
}

static gboolean
keys_valid (LwTidbPage *self)
{
  return lw_validate_tidb_public_key (row_text (self->public_key_row), NULL) &&
         lw_validate_tidb_private_key (row_text (self->private_key_row), NULL);
}

static void
start_load (LwTidbPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));

  if (!keys_valid (self) || lw_page_get_busy (LW_PAGE (self)))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->zones_loaded = FALSE;
  self->zones_refused = FALSE;
  g_clear_pointer (&self->load_error, g_free);
  set_busy (self, TRUE);
  adw_action_row_set_subtitle (self->connect_row, _("Loading…"));
  /* Load asks again (refresh): the user wants to know whether this key works now. */
  lw_discovery_tidb_projects_async (lw_session_get_discovery (session), LW_LOOKUP_REFRESH, self->cancellable,
                                    projects_cb, g_object_ref (self));
}

static void
load_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  start_load (LW_TIDB_PAGE (widget));
}

/* ---- validation ------------------------------------------------------------------------------- */

static void
lw_tidb_page_validate (LwTidbPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in;
  g_autofree char *message = NULL;
  gboolean valid;

  if (session == NULL)
    return;
  in = lw_session_get_inputs (session);
  in->tidb_automatic = gtk_check_button_get_active (self->automatic_check);
  gtk_widget_set_visible (GTK_WIDGET (self->automatic_group), in->tidb_automatic);
  gtk_widget_set_visible (GTK_WIDGET (self->manual_group), !in->tidb_automatic || self->zones_refused);

  if (in->tidb_automatic)
    {
      const char *pub = row_text (self->public_key_row);
      const char *priv = row_text (self->private_key_row);
      g_autofree char *pub_msg = NULL;
      g_autofree char *priv_msg = NULL;
      gboolean pub_ok = lw_validate_tidb_public_key (pub, &pub_msg);
      gboolean priv_ok = lw_validate_tidb_private_key (priv, &priv_msg);
      LwDiscCluster *cluster = selected_cluster (self);
      g_autofree char *problem = cluster ? cluster_problem (cluster, in->region) : NULL;
      /* Typed in only when the API refused to give them (zones_refused). */
      gboolean account_ok = TRUE;
      gboolean zones_ok = TRUE;
      g_autofree char *account_msg = NULL;
      g_autofree char *zones_msg = NULL;

      lw_widget_set_error (GTK_WIDGET (self->public_key_row), !pub_ok && *pub);
      lw_widget_set_error (GTK_WIDGET (self->private_key_row), !priv_ok && *priv);
      lw_widget_set_error (GTK_WIDGET (self->cluster_row), problem != NULL);
      lw_widget_set_error (GTK_WIDGET (self->account_row), FALSE);
      lw_widget_set_error (GTK_WIDGET (self->zones_row), FALSE);
      if (self->zones_refused)
        {
          const char *account = row_text (self->account_row);
          const char *zones = row_text (self->zones_row);
          g_auto(GStrv) zone_ids = NULL;

          account_ok = lw_validate_account_id (account, &account_msg);
          zones_ok = lw_validate_zone_list (zones, lw_session_get_region_zones (session), &zone_ids, &zones_msg);
          lw_widget_set_error (GTK_WIDGET (self->account_row), !account_ok && *account);
          lw_widget_set_error (GTK_WIDGET (self->zones_row), !zones_ok && *zones);
          if (account_ok && zones_ok)
            {
              lw_session_set_string (&in->tidb_account_id, account);
              g_strfreev (in->tidb_zone_ids);
              in->tidb_zone_ids = g_steal_pointer (&zone_ids);
            }
        }
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "tidb.load", pub_ok && priv_ok);

      if (!pub_ok && *pub)
        message = g_steal_pointer (&pub_msg);
      else if (!priv_ok && *priv)
        message = g_steal_pointer (&priv_msg);
      else if (self->load_error != NULL)
        message = g_strdup (self->load_error);
      else if (problem != NULL)
        message = g_steal_pointer (&problem);
      else if (self->all_clusters != NULL && self->clusters->len == 0)
        message = g_strdup_printf (_("This project has no Essential cluster on Alibaba Cloud. Create one in %s in the TiDB Cloud console, or choose another project."), in->region);
      else if (!account_ok && *row_text (self->account_row))
        message = g_steal_pointer (&account_msg);
      else if (!zones_ok && *row_text (self->zones_row))
        message = g_steal_pointer (&zones_msg);

      valid = pub_ok && priv_ok && cluster != NULL && problem == NULL && self->zones_loaded && account_ok && zones_ok;
      /* Keys typed but not loaded yet: Next loads, then moves on. */
      if (pub_ok && priv_ok && self->all_clusters == NULL && self->load_error == NULL)
        valid = TRUE;
    }
  else
    {
      const char *account = row_text (self->account_row);
      const char *zones = row_text (self->zones_row);
      g_autofree char *account_msg = NULL;
      g_autofree char *zones_msg = NULL;
      g_auto(GStrv) zone_ids = NULL;
      gboolean account_ok = lw_validate_account_id (account, &account_msg);
      gboolean zones_ok = lw_validate_zone_list (zones, lw_session_get_region_zones (session), &zone_ids, &zones_msg);

      lw_widget_set_error (GTK_WIDGET (self->account_row), !account_ok && *account);
      lw_widget_set_error (GTK_WIDGET (self->zones_row), !zones_ok && *zones);
      lw_widget_set_error (GTK_WIDGET (self->public_key_row), FALSE);
      lw_widget_set_error (GTK_WIDGET (self->private_key_row), FALSE);
      lw_widget_set_error (GTK_WIDGET (self->cluster_row), FALSE);

      if (!account_ok && *account)
        message = g_steal_pointer (&account_msg);
      else if (!zones_ok && *zones)
        message = g_steal_pointer (&zones_msg);

      if (account_ok && zones_ok)
        {
          lw_session_set_string (&in->tidb_account_id, account);
          g_strfreev (in->tidb_zone_ids);
          in->tidb_zone_ids = g_steal_pointer (&zone_ids);
        }
      valid = account_ok && zones_ok;
    }

  lw_label_set_message (self->error_label, message);
  lw_page_set_valid (LW_PAGE (self), valid);
}

static void
on_keys_changed (LwTidbPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in;

  if (session == NULL)
    return;
  in = lw_session_get_inputs (session);
  if (g_strcmp0 (in->tidb_public_key, row_text (self->public_key_row)) != 0 ||
      g_strcmp0 (in->tidb_private_key, row_text (self->private_key_row)) != 0)
    {
      lw_session_set_string (&in->tidb_public_key, row_text (self->public_key_row));
      lw_session_set_secret (&in->tidb_private_key, row_text (self->private_key_row));
      /* Another key may see other projects. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      set_busy (self, FALSE);
      g_clear_pointer (&self->all_clusters, g_ptr_array_unref);
      g_clear_pointer (&self->load_error, g_free);
      self->zones_loaded = FALSE;
      self->zones_refused = FALSE;
      self->updating = TRUE;
      gtk_string_list_splice (self->project_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->project_names)), NULL);
      g_ptr_array_set_size (self->clusters, 0);
      gtk_string_list_splice (self->cluster_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cluster_names)), NULL);
      self->updating = FALSE;
      adw_action_row_set_subtitle (self->connect_row, _("Not loaded yet"));
    }
  lw_tidb_page_validate (self);
}

static void
tidb_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LwTidbPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSecretString) secret = lw_secrets_lookup_finish (result, &error);

  if (secret != NULL && *row_text (self->private_key_row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->private_key_row), secret);
}

static void
tidb_list_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LwTidbPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = lw_secrets_list_key_ids_finish (result, &error);

  if (ids == NULL || ids[0] == NULL || *row_text (self->public_key_row) != '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->public_key_row), ids[0]);
  lw_secrets_lookup_async (LW_SECRET_KIND_TIDB_API_KEY, ids[0], NULL, tidb_lookup_cb, g_object_ref (self));
}

static void
lw_tidb_page_enter (LwPage *page)
{
  LwTidbPage *self = LW_TIDB_PAGE (page);
  LwSession *session = lw_page_get_session (page);

  if (!self->prefilled)
    {
      const char *demo = lw_session_get_demo_value (session, "tidb-public-key");
      GSettings *settings = lw_settings_get ();

      self->prefilled = TRUE;
      if (settings != NULL)
        {
          g_autofree char *mode = g_settings_get_string (settings, "last-tidb-mode");
          if (g_strcmp0 (mode, "manual") == 0)
            gtk_check_button_set_active (self->manual_check, TRUE);
        }
      if (demo != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->public_key_row), demo);
          gtk_editable_set_text (GTK_EDITABLE (self->private_key_row),
                                 lw_session_get_demo_value (session, "tidb-private-key"));
        }
      else
        lw_secrets_list_key_ids_async (LW_SECRET_KIND_TIDB_API_KEY, NULL, tidb_list_cb, g_object_ref (self));
    }

  /* The region may have changed since the clusters were listed. */
  if (self->all_clusters != NULL)
    {
      self->updating = TRUE;
      fill_clusters (self);
    }
  else if (gtk_check_button_get_active (self->automatic_check) && keys_valid (self))
    start_load (self);

  lw_page_set_next_label (page, lw_session_get_resume_setup (session) ? _("_Resume") : NULL);
  lw_tidb_page_validate (self);
}

static gboolean
lw_tidb_page_next (LwPage *page)
{
  LwTidbPage *self = LW_TIDB_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  LwInputs *in = lw_session_get_inputs (session);
  GSettings *settings = lw_settings_get ();
  LwSetup *resume = lw_session_get_resume_setup (session);

  if (in->tidb_automatic && (!self->zones_loaded || selected_cluster (self) == NULL))
    {
      self->advance_after_load = TRUE;
      if (!lw_page_get_busy (page))
        start_load (self);
      return FALSE;
    }

  if (settings != NULL)
    g_settings_set_string (settings, "last-tidb-mode", in->tidb_automatic ? "automatic" : "manual");

  if (resume != NULL)
    {
      g_autoptr(LwRunner) runner = lw_session_dup_runner_for (session, resume);

      lw_session_set_runner (session, runner);
      lw_session_set_resume_setup (session, NULL);
      lw_page_go_to (page, "progress");
      return FALSE;
    }
  return TRUE;
}

static void
lw_tidb_page_dispose (GObject *object)
{
  LwTidbPage *self = LW_TIDB_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->zones_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->zones_cancellable);
  g_clear_pointer (&self->clusters, g_ptr_array_unref);
  g_clear_pointer (&self->all_clusters, g_ptr_array_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->load_error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_TIDB_PAGE);

  G_OBJECT_CLASS (lw_tidb_page_parent_class)->dispose (object);
}

static void
lw_tidb_page_class_init (LwTidbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_tidb_page_dispose;
  page_class->enter = lw_tidb_page_enter;
  page_class->next = lw_tidb_page_next;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-tidb-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, automatic_check);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, manual_check);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, automatic_group);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, manual_group);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, public_key_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, private_key_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, connect_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, load_button);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, project_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, cluster_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, zones_info_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, zones_row);
  gtk_widget_class_bind_template_child (widget_class, LwTidbPage, error_label);

  gtk_widget_class_install_action (widget_class, "tidb.load", NULL, load_action);
}

static void
lw_tidb_page_init (LwTidbPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->clusters = g_ptr_array_new ();
  self->project_names = gtk_string_list_new (NULL);
  self->cluster_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->project_row, G_LIST_MODEL (self->project_names));
  adw_combo_row_set_model (self->cluster_row, G_LIST_MODEL (self->cluster_names));
  g_object_unref (self->project_names);
  g_object_unref (self->cluster_names);

  lw_page_set_title (LW_PAGE (self), _("TiDB Cloud"));

  g_signal_connect_swapped (self->automatic_check, "notify::active", G_CALLBACK (lw_tidb_page_validate), self);
  g_signal_connect_swapped (self->public_key_row, "changed", G_CALLBACK (on_keys_changed), self);
  g_signal_connect_swapped (self->private_key_row, "changed", G_CALLBACK (on_keys_changed), self);
  g_signal_connect_swapped (self->account_row, "changed", G_CALLBACK (lw_tidb_page_validate), self);
  g_signal_connect_swapped (self->zones_row, "changed", G_CALLBACK (lw_tidb_page_validate), self);
  g_signal_connect_swapped (self->project_row, "notify::selected", G_CALLBACK (on_project_selected), self);
  g_signal_connect_swapped (self->cluster_row, "notify::selected", G_CALLBACK (on_cluster_selected), self);
}
