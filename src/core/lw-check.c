/* lw-check.c — one preflight or health-check result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-check"

#include "config.h"

#include "lw-check.h"

struct _LwCheck
{
  GObject parent_instance;
  char *id;
  char *field;
  char *message;
  gboolean ok;
  gboolean repairable;
};

G_DEFINE_FINAL_TYPE (LwCheck, lw_check, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_FIELD, PROP_OK, PROP_MESSAGE, PROP_REPAIRABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
lw_check_finalize (GObject *object)
{
  LwCheck *self = (LwCheck *)object;
  g_free (self->id);
  g_free (self->field);
  g_free (self->message);
  G_OBJECT_CLASS (lw_check_parent_class)->finalize (object);
}

static void
lw_check_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwCheck *self = LW_CHECK (object);
  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_FIELD: g_value_set_string (value, self->field); break;
    case PROP_OK: g_value_set_boolean (value, self->ok); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_REPAIRABLE: g_value_set_boolean (value, self->repairable); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_check_class_init (LwCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lw_check_finalize;
  object_class->get_property = lw_check_get_property;
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, ro);
  properties[PROP_OK] = g_param_spec_boolean ("ok", NULL, NULL, FALSE, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_REPAIRABLE] = g_param_spec_boolean ("repairable", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_check_init (LwCheck *self)
{
}

LwCheck *
lw_check_new (const char *id, const char *field, gboolean ok, const char *message)
{
  LwCheck *self = g_object_new (LW_TYPE_CHECK, NULL);
  self->id = g_strdup (id);
  self->field = g_strdup (field);
  self->ok = !!ok;
  self->message = g_strdup (message);
  return self;
}

const char *lw_check_get_id (LwCheck *self) { return self->id; }
const char *lw_check_get_field (LwCheck *self) { return self->field; }
gboolean lw_check_get_ok (LwCheck *self) { return self->ok; }
const char *lw_check_get_message (LwCheck *self) { return self->message; }
gboolean lw_check_get_repairable (LwCheck *self) { return self->repairable; }

void
lw_check_set_repairable (LwCheck *self, gboolean repairable)
{
  repairable = !!repairable;
  if (self->repairable == repairable)
    return;
  self->repairable = repairable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPAIRABLE]);
}

gboolean
lw_checks_all_ok (GListModel *checks)
{
  guint n = g_list_model_get_n_items (checks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LwCheck) check = g_list_model_get_item (checks, i);
      if (!check->ok)
        return FALSE;
    }
  return TRUE;
}
