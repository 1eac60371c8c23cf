/* lw-step.c — one observable step of the plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-step"

#include "config.h"

#include "lw-step.h"
#include "lw-engine-error.h"
#include "lw-engine-private.h"

struct _LwStep
{
  GObject parent_instance;

  char *id;
  char *title;
  GStrv depends_on;
  LwStepState state;
  char *resource_id;
  gint64 started;
  gint64 finished;
  GPtrArray *request_ids; /* NULL-terminated */
  GError *error;
  char *explanation;
  char *detail;
};

G_DEFINE_FINAL_TYPE (LwStep, lw_step, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (LwStepState, lw_step_state,
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_SKIPPED, "skipped"),
  G_DEFINE_ENUM_VALUE (LW_STEP_STATE_WAITING, "waiting"))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STATE,
  PROP_RESOURCE_ID,
  PROP_STARTED,
  PROP_FINISHED,
  PROP_REQUEST_IDS,
  PROP_ERROR,
  PROP_EXPLANATION,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lw_step_finalize (GObject *object)
{
  LwStep *self = (LwStep *)object;

  g_free (self->id);
  g_free (self->title);
  g_strfreev (self->depends_on);
  g_free (self->resource_id);
  g_ptr_array_unref (self->request_ids);
  g_clear_error (&self->error);
  g_free (self->explanation);
  g_free (self->detail);

  G_OBJECT_CLASS (lw_step_parent_class)->finalize (object);
}

static void
lw_step_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwStep *self = LW_STEP (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_RESOURCE_ID: g_value_set_string (value, self->resource_id); break;
    case PROP_STARTED: g_value_set_int64 (value, self->started); break;
    case PROP_FINISHED: g_value_set_int64 (value, self->finished); break;
    case PROP_REQUEST_IDS: g_value_set_boxed (value, self->request_ids->pdata); break;
    case PROP_ERROR: g_value_set_boxed (value, self->error); break;
    case PROP_EXPLANATION: g_value_set_string (value, self->explanation); break;
    case PROP_DETAIL: g_value_set_string (value, self->detail); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_step_class_init (LwStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lw_step_finalize;
  object_class->get_property = lw_step_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LW_TYPE_STEP_STATE, LW_STEP_STATE_PENDING, ro);
  properties[PROP_RESOURCE_ID] = g_param_spec_string ("resource-id", NULL, NULL, NULL, ro);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_FINISHED] = g_param_spec_int64 ("finished", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_REQUEST_IDS] = g_param_spec_boxed ("request-ids", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, ro);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lw_step_init (LwStep *self)
{
  self->request_ids = g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

LwStep *
lw_step_new (const char *id, const char *title, const char * const *depends_on)
{
  LwStep *self = g_object_new (LW_TYPE_STEP, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->depends_on = g_strdupv ((char **)depends_on);
  if (self->depends_on == NULL)
    self->depends_on = g_new0 (char *, 1);
  return self;
}

const char *lw_step_get_id (LwStep *self) { return self->id; }
const char *lw_step_get_title (LwStep *self) { return self->title; }
LwStepState lw_step_get_state (LwStep *self) { return self->state; }
const char *lw_step_get_resource_id (LwStep *self) { return self->resource_id; }
gint64 lw_step_get_started (LwStep *self) { return self->started; }
gint64 lw_step_get_finished (LwStep *self) { return self->finished; }
const char * const *lw_step_get_request_ids (LwStep *self) { return (const char * const *)self->request_ids->pdata; }
const GError *lw_step_get_error (LwStep *self) { return self->error; }
const char *lw_step_get_explanation (LwStep *self) { return self->explanation; }
const char *lw_step_get_detail (LwStep *self) { return self->detail; }
const char * const *lw_step_get_depends_on (LwStep *self) { return (const char * const *)self->depends_on; }

gint64
lw_step_get_elapsed (LwStep *self)
{
  if (self->started == 0)
    return 0;
  if (self->finished != 0)
    return self->finished - self->started;
  return g_get_monotonic_time () - self->started;
}

void
lw_step_set_state (LwStep *self, LwStepState state)
{
  g_return_if_fail (LW_IS_STEP (self));

  if (self->state == state)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (state == LW_STEP_STATE_RUNNING)
    {
      /* A retry starts the clock again and forgets the previous failure. */
      self->started = g_get_monotonic_time ();
      self->finished = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
      if (self->error != NULL)
        {
          g_clear_error (&self->error);
          g_clear_pointer (&self->explanation, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
        }
    }
  else if (state == LW_STEP_STATE_DONE || state == LW_STEP_STATE_FAILED)
    {
      if (self->started == 0)
        self->started = g_get_monotonic_time ();
      self->finished = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
    }
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
lw_step_set_resource_id (LwStep *self, const char *resource_id)
{
  if (g_strcmp0 (self->resource_id, resource_id) == 0)
    return;
  g_free (self->resource_id);
  self->resource_id = g_strdup (resource_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_ID]);
}

void
lw_step_add_request_id (LwStep *self, const char *request_id)
{
  if (request_id == NULL || *request_id == '\0')
    return;
  g_ptr_array_add (self->request_ids, g_strdup (request_id));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_IDS]);
}

void
lw_step_set_error (LwStep *self, const GError *error, const char *explanation)
{
  g_clear_error (&self->error);
  /* A cloud failure reaches the UI in the engine's domain (lw-engine-error.h); others as they are. */
  if (error != NULL && error->domain == LW_CLOUD_ERROR)
    self->error = lw_engine_error_from (error);
  else
    self->error = error ? g_error_copy (error) : NULL;
  g_free (self->explanation);
  self->explanation = g_strdup (explanation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
}

void
lw_step_set_detail (LwStep *self, const char *detail)
{
  if (g_strcmp0 (self->detail, detail) == 0)
    return;
  g_free (self->detail);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}
