/* lw-account-page.c — Alibaba Cloud credentials, Verify, region, keyring
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-account-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-account-page.h"
#include "lw-ram-policy.h"
#include "lw-secrets.h"
#include "lw-validate.h"
#include "lw-window.h"

struct _LwAccountPage
{
  LwPage          parent_instance;

  AdwEntryRow    *access_key_id_row;
  AdwEntryRow    *secret_row;
  AdwEntryRow    *sts_row;
  AdwActionRow   *identity_row;
  GtkSpinner     *verify_spinner;
  GtkButton      *verify_button;
  GtkLabel       *error_label;
  AdwComboRow    *region_row;
  AdwActionRow   *remember_row;
  GtkSwitch      *remember_switch;
  AdwActionRow   *forget_row;
  GtkButton      *forget_button;
  AdwExpanderRow *policy_row;
  GtkLabel       *policy_steps_label;
  GtkLabel       *policy_label;
  AdwExpanderRow *check_row;
  GtkSpinner     *check_spinner;
  GtkButton      *check_button;
  GPtrArray      *check_rows;      /* AdwActionRows in check_row, reused by each check; the last check's
                                    * lines show, the rest are hidden */
  guint           check_rows_idle;

  GtkStringList  *regions;
  GCancellable   *cancellable;
  char           *verify_error;
  gboolean        prefilled;
  gboolean        updating;
  gboolean        advance_after_verify;
  gboolean        keyring_available;
};

G_DEFINE_FINAL_TYPE (LwAccountPage, lw_account_page, LW_TYPE_PAGE)

static void lw_account_page_validate (LwAccountPage *self);
static void update_policy (LwAccountPage *self);

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_regions (LwAccountPage      *self,
             const char * const *ids,
             const char         *selected)
{
  guint pos = 0;

  self->updating = TRUE;
  gtk_string_list_splice (self->regions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->regions)), ids);
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], selected) == 0)
      pos = i;
  adw_combo_row_set_selected (self->region_row, pos);
  self->updating = FALSE;
}

static const char *
selected_region (LwAccountPage *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->region_row);
  return item ? gtk_string_object_get_string (item) : NULL;
}

static void
set_busy (LwAccountPage *self,
          gboolean       busy)
{
  lw_page_set_busy (LW_PAGE (self), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), busy);
  gtk_spinner_set_spinning (self->verify_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->verify_button), !busy);
}

static void
update_forget_row (LwAccountPage *self,
                   const char    *key_id)
{
  if (!self->keyring_available)
    {
      adw_action_row_set_subtitle (self->forget_row, _("No keyring service is available on this system: credentials will not be remembered"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
      return;
    }
  if (key_id != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("AccessKey %s is stored in the keyring"), key_id);
      adw_action_row_set_subtitle (self->forget_row, text);
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), TRUE);
    }
  else
    {
      adw_action_row_set_subtitle (self->forget_row, _("None stored"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
    }
}

/* ---- keyring ---------------------------------------------------------------------------------- */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSecretString) secret = lw_secrets_lookup_finish (result, &error);

  if (secret == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  /* Only fill what the user has not typed meanwhile. */
  if (*row_text (self->secret_row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret);
}

static void
list_key_ids_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = lw_secrets_list_key_ids_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  update_forget_row (self, ids && ids[0] ? ids[0] : NULL);
  if (ids == NULL || ids[0] == NULL || *row_text (self->access_key_id_row) != '\0')
    return;

  /* Offer the most recently stored credentials. */
  gtk_editable_set_text (GTK_EDITABLE (self->access_key_id_row), ids[0]);
  lw_secrets_lookup_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, ids[0], self->cancellable,
                           lookup_cb, g_object_ref (self));
}

static void
check_available_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->keyring_available = lw_secrets_check_available_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (!self->keyring_available)
    {
      g_debug ("No Secret Service: %s", error ? error->message : "unknown");
      gtk_switch_set_active (self->remember_switch, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->remember_row), FALSE);
      adw_action_row_set_subtitle (self->remember_row, _("No keyring service is available: you can continue, but the credentials will not be remembered"));
      update_forget_row (self, NULL);
      return;
    }

  lw_secrets_list_key_ids_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, self->cancellable,
                                 list_key_ids_cb, g_object_ref (self));
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lw_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lw_page_toast (LW_PAGE (self), _("The credentials could not be stored in the keyring"));
      return;
    }
  update_forget_row (self, row_text (self->access_key_id_row));
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lw_secrets_clear_finish (result, &error) && error != NULL)
    {
      lw_page_toast (LW_PAGE (self), _("The keyring could not be changed"));
      return;
    }
  update_forget_row (self, NULL);
  lw_page_toast (LW_PAGE (self), _("Stored credentials forgotten"));
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (widget);

  lw_secrets_clear_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, NULL, self->cancellable,
                          clear_cb, g_object_ref (self));
}

/* ---- verify ----------------------------------------------------------------------------------- */

static void
regions_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regions = lw_discovery_regions_finish (LW_DISCOVERY (object), result, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = g_strdup (selected_region (self));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);

  if (regions == NULL)
    {
      g_autofree char *text = lw_ui_explain_error (error);
      g_free (self->verify_error);
      self->verify_error = g_strdup_printf (_("The regions could not be listed: %s"), text);
      self->advance_after_verify = FALSE;
      lw_account_page_validate (self);
      return;
    }

  g_hash_table_remove_all (in->region_zones);
  for (guint i = 0; i < regions->len; i++)
    {
      LwDiscRegion *region = g_ptr_array_index (regions, i);

      g_hash_table_insert (in->region_zones, g_strdup (region->region_id), g_strdupv (region->zone_ids));
      g_ptr_array_add (ids, g_strdup (region->region_id));
    }
  g_ptr_array_sort (ids, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (ids, NULL);
  set_regions (self, (const char * const *) ids->pdata, keep);
  lw_session_set_string (&in->region, selected_region (self));

  in->verified = TRUE;
  update_policy (self);
  lw_account_page_validate (self);

  if (self->advance_after_verify && lw_page_get_valid (LW_PAGE (self)))
    {
      self->advance_after_verify = FALSE;
      if (LW_PAGE_GET_CLASS (self)->next (LW_PAGE (self)))
        lw_page_advance (LW_PAGE (self));
    }
}

static void
identity_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = lw_session_get_inputs (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscIdentity) identity = NULL;
  g_autofree char *subtitle = NULL;

  identity = lw_discovery_identity_finish (LW_DISCOVERY (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (identity == NULL)
    {
      set_busy (self, FALSE);
      g_free (self->verify_error);
      self->verify_error = lw_ui_explain_error (error);
      self->advance_after_verify = FALSE;
      adw_action_row_set_subtitle (self->identity_row, _("Verification failed"));
      lw_account_page_validate (self);
      return;
    }

  lw_session_set_string (&in->account_id, identity->account_id);
  lw_session_set_string (&in->arn, identity->arn);
  subtitle = g_strdup_printf (_("%s — %s"), identity->account_id, identity->arn ? identity->arn : "");
  adw_action_row_set_subtitle (self->identity_row, subtitle);
  g_clear_pointer (&self->verify_error, g_free);
  update_policy (self);

  if (gtk_switch_get_active (self->remember_switch) && self->keyring_available)
    lw_secrets_store_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, in->access_key_id, in->access_key_secret,
                            self->cancellable, store_cb, g_object_ref (self));

  /* Verify asks again (refresh): the user wants to know whether these credentials work now. */
  lw_discovery_regions_async (LW_DISCOVERY (object), in->region, LW_LOOKUP_REFRESH, self->cancellable,
                              regions_cb, g_object_ref (self));
}

static void
start_verify (LwAccountPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));

  /* Never send anything from an invalid form. */
  if (!lw_page_get_valid (LW_PAGE (self)) || lw_page_get_busy (LW_PAGE (self)))
    return;

  set_busy (self, TRUE);
  lw_discovery_identity_async (lw_session_get_discovery (session), lw_session_get_inputs (session)->region,
                               LW_LOOKUP_REFRESH, self->cancellable, identity_cb, g_object_ref (self));
}

/* ---- RAM policy and account check ------------------------------------------------------------ */

/* The policy for the chosen region and the verified account ("*" until they are known). */
static void
update_policy (LwAccountPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in = session ? lw_session_get_inputs (session) : NULL;
  g_autofree char *json = lw_ram_policy_to_json (selected_region (self), in && in->verified ? in->account_id : NULL);

  gtk_label_set_text (self->policy_label, json);
}

static void
copy_policy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (widget);

  update_policy (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_text (self->policy_label));
  adw_expander_row_set_subtitle (self->policy_row, _("Copied to the clipboard"));
}

/* How a check line's row shows its outcome: passed, skipped, failed. */
typedef struct {
  const char *icon;
  const char *css_class;
  const char *label;  /* translated when used */
} CheckOutcome;

static const CheckOutcome check_outcomes[] = {
  { "emblem-ok-symbolic", "success", N_("Passed") },
  { "action-unavailable-symbolic", "dim-label", N_("Skipped") },
  { "dialog-error-symbolic", "error", N_("Failed") },
};

/* A check line's row, hidden until a check fills it in (check_cb). */
static AdwActionRow *
make_check_row (LwAccountPage *self)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon = gtk_image_new ();

  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (row, 4);
  gtk_widget_add_css_class (GTK_WIDGET (row), "property");
  adw_action_row_add_prefix (row, icon);
  g_object_set_data (G_OBJECT (row), "lw-icon", icon);
  lw_layout_adopt (GTK_WIDGET (row));  /* issue #13: no search over widths per label (lw-window.c) */
  adw_expander_row_add_row (self->check_row, GTK_WIDGET (row));
  g_ptr_array_add (self->check_rows, row);
  return row;
}

/* Makes the rows the running check will fill (one per line, and every check has as many), one per
 * idle dispatch while it waits for the clouds (issue #13: making its 14 rows when the answer came
 * took one 11–13 ms dispatch). */
static gboolean
make_check_rows_idle (gpointer data)
{
  LwAccountPage *self = data;

  if (self->check_rows->len >= lw_discovery_account_check_n_lines ())
    {
      self->check_rows_idle = 0;
      return G_SOURCE_REMOVE;
    }
  make_check_row (self);
  return G_SOURCE_CONTINUE;
}

static void
clear_check_rows (LwAccountPage *self)
{
  for (guint i = 0; i < self->check_rows->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->check_rows, i), FALSE);
}

static void
set_check_busy (LwAccountPage *self,
                gboolean       busy)
{
  lw_page_set_busy (LW_PAGE (self), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), busy);
  gtk_spinner_set_spinning (self->check_spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.check", !busy && lw_page_get_valid (LW_PAGE (self)));
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LwAccountPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = lw_discovery_account_check_finish (LW_DISCOVERY (object), result, &error);
  guint failed = 0;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_check_busy (self, FALSE);
  if (lines == NULL)
    {
      adw_expander_row_set_subtitle (self->check_row, error->message);
      return;
    }
  g_clear_handle_id (&self->check_rows_idle, g_source_remove);
  for (guint i = 0; i < lines->len; i++)
    {
      LwDiscCheckLine *line = g_ptr_array_index (lines, i);
      AdwActionRow *row = i < self->check_rows->len ? g_ptr_array_index (self->check_rows, i) : make_check_row (self);
      GtkWidget *icon = g_object_get_data (G_OBJECT (row), "lw-icon");
      const CheckOutcome *outcome = &check_outcomes[line->ok ? 0 : line->skipped ? 1 : 2];
      g_autofree char *title = line->dry_run ? g_strdup_printf (_("%s (dry run)"), line->call) : g_strdup (line->call);
      g_autofree char *subtitle = NULL;

      if (line->ok)
        subtitle = g_strdup (line->detail);
      else if (line->skipped)
        subtitle = g_strdup_printf (_("Skipped: %s"), line->detail);
      else
        {
          failed++;
          subtitle = line->request_id != NULL
                     ? g_strdup_printf (_("%s: %s (RequestId %s)"), line->code ? line->code : _("Error"),
                                        line->message, line->request_id)
                     : g_strdup_printf (_("%s: %s"), line->code ? line->code : _("Error"), line->message);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), outcome->icon);
      gtk_widget_set_css_classes (icon, (const char *[]) { outcome->css_class, NULL });
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _(outcome->label), -1);
      gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
    }
  {
    g_autofree char *summary = failed == 0
      ? g_strdup (_("Every call passed"))
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call failed", "%u calls failed", failed), failed);
    adw_expander_row_set_subtitle (self->check_row, summary);
  }
  adw_expander_row_set_expanded (self->check_row, TRUE);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (widget);
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in;

  if (session == NULL || !lw_page_get_valid (LW_PAGE (self)))
    return;
  in = lw_session_get_inputs (session);
  clear_check_rows (self);
  adw_expander_row_set_subtitle (self->check_row, _("Checking…"));
  set_check_busy (self, TRUE);
  if (self->check_rows_idle == 0 && self->check_rows->len < lw_discovery_account_check_n_lines ())
    self->check_rows_idle = g_idle_add_full (G_PRIORITY_LOW, make_check_rows_idle, self, NULL);
  /* The region chosen here; the TiDB Cloud lines need the key from the next page (skipped until then). */
  lw_session_set_string (&in->region, selected_region (self));
  lw_discovery_account_check_async (lw_session_get_discovery (session), in->region, in->tidb_cluster_id,
                                    self->cancellable, check_cb, g_object_ref (self));
}

/* Scrolls the page so that @row is at the top (after the expansion's layout). */
static gboolean
scroll_to_row_cb (gpointer data)
{
  GtkWidget *row = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content = scrolled ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  double x = 0, y = 0;

  if (content != NULL && gtk_widget_translate_coordinates (row, content, 0, 0, &x, &y))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), MAX (0, y - 48));
  g_object_unref (row);
  return G_SOURCE_REMOVE;
}

void
lw_account_page_set_screenshot_state (LwAccountPage *self,
                                      guint          state)
{
  g_return_if_fail (LW_IS_ACCOUNT_PAGE (self));

  adw_expander_row_set_expanded (self->policy_row, state == 1);
  adw_expander_row_set_expanded (self->check_row, state == 2);
  if (state == 1)
    g_timeout_add (300, scroll_to_row_cb, g_object_ref (self->policy_row));
  else if (state == 2)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "account.check", NULL);
      g_timeout_add (300, scroll_to_row_cb, g_object_ref (self->check_row));
    }
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  start_verify (LW_ACCOUNT_PAGE (widget));
}

/* ---- validation ------------------------------------------------------------------------------- */

static void
lw_account_page_validate (LwAccountPage *self)
{
  const char *id = row_text (self->access_key_id_row);
  const char *secret = row_text (self->secret_row);
  const char *sts = row_text (self->sts_row);
  g_autofree char *id_msg = NULL;
  g_autofree char *secret_msg = NULL;
  g_autofree char *sts_msg = NULL;
  gboolean id_ok = lw_validate_access_key_id (id, &id_msg);
  gboolean secret_ok = lw_validate_access_key_secret (secret, &secret_msg);
  gboolean sts_ok = lw_validate_sts_token (sts, &sts_msg);
  const char *message = NULL;

  /* An empty field is not yet wrong: it only keeps Next insensitive. */
  lw_widget_set_error (GTK_WIDGET (self->access_key_id_row), !id_ok && *id);
  lw_widget_set_error (GTK_WIDGET (self->secret_row), !secret_ok && *secret);
  lw_widget_set_error (GTK_WIDGET (self->sts_row), !sts_ok);

  if (!id_ok && *id)
    message = id_msg;
  else if (!secret_ok && *secret)
    message = secret_msg;
  else if (!sts_ok)
    message = sts_msg;
  else if (self->verify_error != NULL)
    message = self->verify_error;
  lw_label_set_message (self->error_label, message);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.verify", id_ok && secret_ok && sts_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.check",
                                 id_ok && secret_ok && sts_ok && !gtk_widget_get_visible (GTK_WIDGET (self->check_spinner)));
  lw_page_set_valid (LW_PAGE (self), id_ok && secret_ok && sts_ok);
}

static void
on_credentials_changed (LwAccountPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in;

  if (session == NULL || self->updating)
    return;
  in = lw_session_get_inputs (session);

  lw_session_set_string (&in->access_key_id, row_text (self->access_key_id_row));
  lw_session_set_secret (&in->access_key_secret, row_text (self->secret_row));
  lw_session_set_secret (&in->sts_token, row_text (self->sts_row));
  /* Other credentials are another account: verify again. */
  if (in->verified)
    {
      in->verified = FALSE;
      adw_action_row_set_subtitle (self->identity_row, _("Not verified yet"));
    }
  g_clear_pointer (&self->verify_error, g_free);
  lw_account_page_validate (self);
}

static void
on_region_selected (LwAccountPage *self)
{
  LwSession *session = lw_page_get_session (LW_PAGE (self));
  LwInputs *in;

  if (session == NULL || self->updating)
    return;
  in = lw_session_get_inputs (session);
  if (g_strcmp0 (in->region, selected_region (self)) == 0)
    return;
  lw_session_set_string (&in->region, selected_region (self));
  lw_session_inputs_changed (session, "region");
  update_policy (self);
}

static void
lw_account_page_enter (LwPage *page)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  LwSetup *resume = lw_session_get_resume_setup (session);
  LwInputs *in = lw_session_get_inputs (session);

  if (resume != NULL)
    {
      /* A resumed setup keeps its region. */
      const char *ids[] = { lw_setup_get_region (resume), NULL };
      lw_session_set_string (&in->region, ids[0]);
      set_regions (self, ids, ids[0]);
      lw_page_set_next_label (page, _("_Resume"));
    }
  else
    lw_page_set_next_label (page, NULL);

  if (!self->prefilled)
    {
      const char *demo_id = lw_session_get_demo_value (session, "access-key-id");
      const char *region = NULL;
      GSettings *settings = lw_settings_get ();
      g_autofree char *last_region = settings ? g_settings_get_string (settings, "last-region") : NULL;

      self->prefilled = TRUE;
      if (demo_id != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->access_key_id_row), demo_id);
          gtk_editable_set_text (GTK_EDITABLE (self->secret_row),
                                 lw_session_get_demo_value (session, "access-key-secret"));
          region = lw_session_get_demo_value (session, "region");
        }
      if (region == NULL && last_region != NULL && *last_region)
        region = last_region;
      /* TiDB Cloud Essential on Alibaba Cloud is documented in Singapore. */
      if (region == NULL)
        region = "ap-southeast-1";
      if (resume == NULL)
        {
          const char *ids[] = { region, NULL };
          set_regions (self, ids, region);
          lw_session_set_string (&in->region, region);
        }

      lw_secrets_check_available_async (self->cancellable, check_available_cb, g_object_ref (self));
    }

  lw_account_page_validate (self);
  update_policy (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->access_key_id_row));
}

static gboolean
lw_account_page_next (LwPage *page)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (page);
  LwSession *session = lw_page_get_session (page);
  LwInputs *in = lw_session_get_inputs (session);
  GSettings *settings = lw_settings_get ();
  LwSetup *resume = lw_session_get_resume_setup (session);

  in->remember = gtk_switch_get_active (self->remember_switch);

  if (!in->verified || selected_region (self) == NULL)
    {
      /* Next verifies first, then moves on by itself. */
      self->advance_after_verify = TRUE;
      start_verify (self);
      return FALSE;
    }

  lw_session_set_string (&in->region, selected_region (self));
  if (settings != NULL)
    g_settings_set_string (settings, "last-region", in->region);

  if (resume != NULL)
    {
      g_autoptr(LwRunner) runner = NULL;

      if (lw_setup_get_tidb_mode (resume) == LW_TIDB_MODE_AUTOMATIC &&
          (in->tidb_public_key == NULL || *in->tidb_public_key == '\0'))
        {
          /* Automatic mode needs the TiDB Cloud key again: the TiDB page asks for it. */
          lw_page_go_to (page, "tidb");
          return FALSE;
        }
      runner = lw_session_dup_runner_for (session, resume);
      lw_session_set_runner (session, runner);
      lw_session_set_resume_setup (session, NULL);
      lw_page_go_to (page, "progress");
      return FALSE;
    }

  return TRUE;
}

static void
lw_account_page_dispose (GObject *object)
{
  LwAccountPage *self = LW_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->verify_error, g_free);
  g_clear_handle_id (&self->check_rows_idle, g_source_remove);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_ACCOUNT_PAGE);

  G_OBJECT_CLASS (lw_account_page_parent_class)->dispose (object);
}

static void
lw_account_page_class_init (LwAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_account_page_dispose;
  page_class->enter = lw_account_page_enter;
  page_class->next = lw_account_page_next;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, access_key_id_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, sts_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, region_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, forget_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, forget_button);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, policy_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, policy_steps_label);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, policy_label);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, check_row);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, LwAccountPage, check_button);

  gtk_widget_class_install_action (widget_class, "account.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "account.forget", NULL, forget_action);
  gtk_widget_class_install_action (widget_class, "account.copy-policy", NULL, copy_policy_action);
  gtk_widget_class_install_action (widget_class, "account.check", NULL, check_action);
}

static void
lw_account_page_init (LwAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->keyring_available = TRUE;
  self->regions = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (self->regions));
  g_object_unref (self->regions);

  lw_page_set_title (LW_PAGE (self), _("Alibaba Cloud Account"));
  self->check_rows = g_ptr_array_new ();
  /* The policy's 127 lines and the check's 14 rows were most of the page's layout, collapsed. */
  lw_expander_row_measure_when_open (self->policy_row);
  lw_expander_row_measure_when_open (self->check_row);
  {
    g_autofree char *steps = g_markup_printf_escaped ("%s\n%s\n%s",
      _("1. RAM console › Identities › Users › Create User, with “Using permanent AccessKey to access” (OpenAPI access); keep the AccessKey secret."),
      _("2. Permissions › Policies › Create Policy › JSON: paste this document (Copy button), save it."),
      _("3. Users › the new user › Add Permissions (Grant): choose the policy. Then enter the AccessKey above and run the account check."));
    gtk_label_set_markup (self->policy_steps_label, steps);
  }
  update_forget_row (self, NULL);

  g_signal_connect_swapped (self->access_key_id_row, "changed", G_CALLBACK (on_credentials_changed), self);
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (on_credentials_changed), self);
  g_signal_connect_swapped (self->sts_row, "changed", G_CALLBACK (on_credentials_changed), self);
  g_signal_connect_swapped (self->region_row, "notify::selected", G_CALLBACK (on_region_selected), self);
}
