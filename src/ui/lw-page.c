/* lw-page.c — base class of the assistant's pages
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-page.h"

typedef struct
{
  char      *title;
  char      *next_label;
  LwSession *session;
  guint      valid : 1;
  guint      can_go_back : 1;
  guint      show_next : 1;
  guint      busy : 1;
} LwPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LwPage, lw_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_VALID,
  PROP_CAN_GO_BACK,
  PROP_SHOW_NEXT,
  PROP_NEXT_LABEL,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

enum {
  ADVANCE,
  GO_TO,
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
lw_page_real_next (LwPage *self)
{
  return TRUE;
}

static void
lw_page_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lw_page_parent_class)->dispose (object);
}

static void
lw_page_finalize (GObject *object)
{
  LwPagePrivate *priv = lw_page_get_instance_private (LW_PAGE (object));

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (lw_page_parent_class)->finalize (object);
}

static void
lw_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LwPage *self = LW_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, lw_page_get_title (self));
      break;
    case PROP_VALID:
      g_value_set_boolean (value, lw_page_get_valid (self));
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, lw_page_get_can_go_back (self));
      break;
    case PROP_SHOW_NEXT:
      g_value_set_boolean (value, lw_page_get_show_next (self));
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, lw_page_get_next_label (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, lw_page_get_session (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, lw_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LwPage *self = LW_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lw_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_VALID:
      lw_page_set_valid (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_GO_BACK:
      lw_page_set_can_go_back (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_NEXT:
      lw_page_set_show_next (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT_LABEL:
      lw_page_set_next_label (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      lw_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_BUSY:
      lw_page_set_busy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_page_class_init (LwPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lw_page_dispose;
  object_class->finalize = lw_page_finalize;
  object_class->get_property = lw_page_get_property;
  object_class->set_property = lw_page_set_property;

  klass->next = lw_page_real_next;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_NEXT] =
    g_param_spec_boolean ("show-next", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Loading from a cloud or running: tests and the screenshot tool wait for it to clear. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The window listens to these: pages never reach into the window. */
  signals[ADVANCE] = g_signal_new ("advance", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[GO_TO] = g_signal_new ("go-to", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lw_page_init (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);

  priv->can_go_back = TRUE;
  priv->show_next = TRUE;
}

const char *
lw_page_get_title (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), NULL);
  return priv->title;
}

void
lw_page_set_title (LwPage     *self,
                   const char *title)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
lw_page_get_valid (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), FALSE);
  return priv->valid;
}

void
lw_page_set_valid (LwPage  *self,
                   gboolean valid)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  valid = !!valid;
  if (priv->valid == valid)
    return;
  priv->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

gboolean
lw_page_get_can_go_back (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), FALSE);
  return priv->can_go_back;
}

void
lw_page_set_can_go_back (LwPage  *self,
                         gboolean can_go_back)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  can_go_back = !!can_go_back;
  if (priv->can_go_back == can_go_back)
    return;
  priv->can_go_back = can_go_back;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

gboolean
lw_page_get_show_next (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), FALSE);
  return priv->show_next;
}

void
lw_page_set_show_next (LwPage  *self,
                       gboolean show_next)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  show_next = !!show_next;
  if (priv->show_next == show_next)
    return;
  priv->show_next = show_next;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_NEXT]);
}

const char *
lw_page_get_next_label (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), NULL);
  return priv->next_label;
}

void
lw_page_set_next_label (LwPage     *self,
                        const char *label)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  if (g_strcmp0 (priv->next_label, label) == 0)
    return;
  g_free (priv->next_label);
  priv->next_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

gboolean
lw_page_get_busy (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), FALSE);
  return priv->busy;
}

void
lw_page_set_busy (LwPage  *self,
                  gboolean busy)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  busy = !!busy;
  if (priv->busy == busy)
    return;
  priv->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

LwSession *
lw_page_get_session (LwPage *self)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_val_if_fail (LW_IS_PAGE (self), NULL);
  return priv->session;
}

void
lw_page_set_session (LwPage    *self,
                     LwSession *session)
{
  LwPagePrivate *priv = lw_page_get_instance_private (self);
  g_return_if_fail (LW_IS_PAGE (self));
  if (g_set_object (&priv->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
lw_page_enter (LwPage *self)
{
  g_return_if_fail (LW_IS_PAGE (self));
  if (LW_PAGE_GET_CLASS (self)->enter)
    LW_PAGE_GET_CLASS (self)->enter (self);
}

void
lw_page_leave (LwPage *self)
{
  g_return_if_fail (LW_IS_PAGE (self));
  if (LW_PAGE_GET_CLASS (self)->leave)
    LW_PAGE_GET_CLASS (self)->leave (self);
}

gboolean
lw_page_next (LwPage *self)
{
  g_return_val_if_fail (LW_IS_PAGE (self), FALSE);
  /* Nothing leaves an invalid page (and so nothing is sent to a cloud from one). */
  if (!lw_page_get_valid (self))
    return FALSE;
  return LW_PAGE_GET_CLASS (self)->next (self);
}

void
lw_page_advance (LwPage *self)
{
  g_return_if_fail (LW_IS_PAGE (self));
  g_signal_emit (self, signals[ADVANCE], 0);
}

void
lw_page_go_to (LwPage     *self,
               const char *page_name)
{
  g_return_if_fail (LW_IS_PAGE (self));
  g_signal_emit (self, signals[GO_TO], 0, page_name);
}

void
lw_page_toast (LwPage     *self,
               const char *message)
{
  g_return_if_fail (LW_IS_PAGE (self));
  g_signal_emit (self, signals[TOAST], 0, message);
}

void
lw_widget_set_error (GtkWidget *widget,
                     gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

GSettings *
lw_settings_get (void)
{
  static GSettings *settings;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new (APP_ID);
      g_once_init_leave (&initialized, 1);
    }
  return settings;
}

void
lw_label_set_message (GtkLabel   *label,
                      const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

/* Every failure reaches the pages as the engine's error (lw-engine-error.h): its message is already
 * the user-facing text (the service's message first where that matters, then the hint). */
char *
lw_ui_explain_error (const GError *error)
{
  return lw_engine_error_explain (error);
}

void
lw_fix_mnemonic_names (GtkWidget *root)
{
  /* GTK 4.8 names a button with a mnemonic label "_Verify Verify" (the raw label, then the
   * label widget's text): give screen readers the plain text once. */
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (root));

      if (GTK_IS_LABEL (label))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          gtk_label_get_text (GTK_LABEL (label)), -1);
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
        }
    }
  /* libadwaita 1.2's show/hide toggle of a password row has no accessible name. */
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL &&
      gtk_widget_get_ancestor (root, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Show or hide the text"), -1);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    lw_fix_mnemonic_names (child);
}
