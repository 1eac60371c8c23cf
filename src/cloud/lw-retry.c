/* lw-retry.c: retry table (product.md §3), backoff, clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-retry"

#include <math.h>
#include <string.h>

#include "lw-cloud-error.h"
#include "lw-retry.h"

/* Transient error codes. Prefix entries end with '*'. Data, not logic: extend here. */
static const char * const retryable_codes[] = {
  "Throttling*",                       /* Throttling, Throttling.User, Throttling.Api, … */
  "Rejected.Throttling",
  "ServiceUnavailable*",
  "SystemBusy*",
  "IncorrectStatus*",                  /* IncorrectStatus.serverGroup, .loadBalancer, … */
  "Conflict.Lock",
  "ConcurrentCallNotSupported",
  "EndpointServiceOperationDenied",
  "EndpointServiceLocked",
  "InternalError",
  "UnknownError",
  NULL
};

gboolean
lw_retry_is_retryable_code (const char *code)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; retryable_codes[i] != NULL; i++)
    {
      const char *entry = retryable_codes[i];
      gsize len = strlen (entry);

      if (entry[len - 1] == '*')
        {
          if (strncmp (code, entry, len - 1) == 0)
            return TRUE;
        }
      else if (g_str_equal (code, entry))
        return TRUE;
    }
  return FALSE;
}

gboolean
lw_retry_is_retryable_status (guint http_status)
{
  return http_status == 429 || (http_status >= 500 && http_status <= 599);
}

double
lw_retry_backoff_delay (const LwRetryPolicy *policy,
                        guint                retry_number,
                        double               random01)
{
  double ceiling;

  g_return_val_if_fail (policy != NULL, 0);

  if (retry_number == 0)
    return 0;
  /* Cap the exponent before computing: 2^64 is not interesting and overflows nothing useful. */
  ceiling = policy->base_delay * ldexp (1.0, (int) MIN (retry_number - 1, 60));
  ceiling = MIN (ceiling, policy->max_delay);
  return CLAMP (random01, 0.0, 1.0) * ceiling;
}

/* LwClock */

G_DEFINE_INTERFACE (LwClock, lw_clock, G_TYPE_OBJECT)

static void
lw_clock_default_init (LwClockInterface *iface)
{
}

gint64
lw_clock_now_us (LwClock *self)
{
  g_return_val_if_fail (LW_IS_CLOCK (self), 0);
  return LW_CLOCK_GET_IFACE (self)->now_us (self);
}

double
lw_clock_random_double (LwClock *self)
{
  g_return_val_if_fail (LW_IS_CLOCK (self), 0);
  return LW_CLOCK_GET_IFACE (self)->random_double (self);
}

void
lw_clock_sleep_async (LwClock             *self,
                      gint64               delay_us,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (LW_IS_CLOCK (self));
  LW_CLOCK_GET_IFACE (self)->sleep_async (self, delay_us, cancellable, callback, user_data);
}

gboolean
lw_clock_sleep_finish (LwClock       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (LW_IS_CLOCK (self), FALSE);
  return LW_CLOCK_GET_IFACE (self)->sleep_finish (self, result, error);
}

/* The system clock. */

#define LW_TYPE_SYSTEM_CLOCK (lw_system_clock_get_type ())
G_DECLARE_FINAL_TYPE (LwSystemClock, lw_system_clock, LW, SYSTEM_CLOCK, GObject)

struct _LwSystemClock
{
  GObject parent_instance;
};

static void lw_system_clock_iface_init (LwClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwSystemClock, lw_system_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LW_TYPE_CLOCK, lw_system_clock_iface_init))

typedef struct {
  GSource      *timeout;        /* holds a reference on the task until it fires or is destroyed */
  GCancellable *cancellable;
  gulong        cancelled_id;
  gboolean      done;
} SleepData;

static void
sleep_data_free (gpointer data)
{
  SleepData *sd = data;

  g_clear_object (&sd->cancellable);
  g_free (sd);
}

static void
sleep_complete (GTask    *task,
                gboolean  cancelled)
{
  SleepData *sd = g_task_get_task_data (task);
  GSource *timeout;

  if (sd->done)
    return;
  sd->done = TRUE;
  if (sd->cancellable != NULL)
    g_cancellable_disconnect (sd->cancellable, sd->cancelled_id);
  sd->cancelled_id = 0;

  /* Keep the task alive while returning: the timeout source may own the last reference. */
  g_object_ref (task);
  if (cancelled)
    g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_boolean (task, TRUE);
  timeout = g_steal_pointer (&sd->timeout);
  if (timeout != NULL)
    {
      g_source_destroy (timeout);
      g_source_unref (timeout);
    }
  g_object_unref (task);
}

static gboolean
sleep_timeout_cb (gpointer user_data)
{
  sleep_complete (G_TASK (user_data), FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled_idle_cb (gpointer user_data)
{
  sleep_complete (G_TASK (user_data), TRUE);
  return G_SOURCE_REMOVE;
}

static void
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GSource) idle = g_idle_source_new ();

  /* May run in another thread, and disconnecting from inside the handler would deadlock:
   * finish in the task's own context instead. */
  g_source_set_callback (idle, sleep_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
}

static gint64
lw_system_clock_now_us (LwClock *clock)
{
  return g_get_monotonic_time ();
}

static double
lw_system_clock_random_double (LwClock *clock)
{
  return g_random_double ();
}

static void
lw_system_clock_sleep_async (LwClock             *clock,
                             gint64               delay_us,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (clock, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  SleepData *sd = g_new0 (SleepData, 1);

  g_task_set_source_tag (task, lw_system_clock_sleep_async);
  g_task_set_task_data (task, sd, sleep_data_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      sd->done = TRUE;
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED, "Cancelled");
      return;
    }

  sd->timeout = g_timeout_source_new ((guint) MIN (MAX (delay_us, 0) / 1000, G_MAXUINT));
  g_source_set_callback (sd->timeout, sleep_timeout_cb, g_object_ref (task), g_object_unref);
  g_source_attach (sd->timeout, g_task_get_context (task));
  if (cancellable != NULL)
    {
      sd->cancellable = g_object_ref (cancellable);
      sd->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (sleep_cancelled_cb), task, NULL);
    }
}

static gboolean
lw_clock_task_finish (LwClock       *clock,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lw_system_clock_iface_init (LwClockInterface *iface)
{
  iface->now_us = lw_system_clock_now_us;
  iface->random_double = lw_system_clock_random_double;
  iface->sleep_async = lw_system_clock_sleep_async;
  iface->sleep_finish = lw_clock_task_finish;
}

static void
lw_system_clock_class_init (LwSystemClockClass *klass)
{
}

static void
lw_system_clock_init (LwSystemClock *self)
{
}

LwClock *
lw_clock_get_system (void)
{
  static LwClock *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (LW_TYPE_SYSTEM_CLOCK, NULL));
  return instance;
}

/* The fake clock. */

struct _LwFakeClock
{
  GObject parent_instance;
  gint64  now_us;
  double  random;
  GArray *sleeps;
};

static void lw_fake_clock_iface_init (LwClockInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LwFakeClock, lw_fake_clock, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LW_TYPE_CLOCK, lw_fake_clock_iface_init))

static gint64
lw_fake_clock_now_us (LwClock *clock)
{
  return LW_FAKE_CLOCK (clock)->now_us;
}

static double
lw_fake_clock_random_double (LwClock *clock)
{
  return LW_FAKE_CLOCK (clock)->random;
}

static void
lw_fake_clock_sleep_async (LwClock             *clock,
                           gint64               delay_us,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  LwFakeClock *self = LW_FAKE_CLOCK (clock);
  g_autoptr(GTask) task = g_task_new (clock, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);

  g_task_set_source_tag (task, lw_fake_clock_sleep_async);
  g_array_append_val (self->sleeps, delay_us);
  self->now_us += MAX (delay_us, 0);
  /* g_task_return_* from here completes in a later main-loop iteration, never re-entrantly. */
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_boolean (task, TRUE);
}

static void
lw_fake_clock_iface_init (LwClockInterface *iface)
{
  iface->now_us = lw_fake_clock_now_us;
  iface->random_double = lw_fake_clock_random_double;
  iface->sleep_async = lw_fake_clock_sleep_async;
  iface->sleep_finish = lw_clock_task_finish;
}

static void
lw_fake_clock_finalize (GObject *object)
{
  LwFakeClock *self = LW_FAKE_CLOCK (object);

  g_array_unref (self->sleeps);
  G_OBJECT_CLASS (lw_fake_clock_parent_class)->finalize (object);
}

static void
lw_fake_clock_class_init (LwFakeClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_fake_clock_finalize;
}

static void
lw_fake_clock_init (LwFakeClock *self)
{
  self->random = 1.0;
  self->now_us = 1000000;
  self->sleeps = g_array_new (FALSE, FALSE, sizeof (gint64));
}

LwFakeClock *
lw_fake_clock_new (void)
{
  return g_object_new (LW_TYPE_FAKE_CLOCK, NULL);
}

void
lw_fake_clock_set_random (LwFakeClock *self,
                          double       value)
{
  g_return_if_fail (LW_IS_FAKE_CLOCK (self));
  self->random = value;
}

const GArray *
lw_fake_clock_get_sleeps (LwFakeClock *self)
{
  g_return_val_if_fail (LW_IS_FAKE_CLOCK (self), NULL);
  return self->sleeps;
}

void
lw_fake_clock_clear_sleeps (LwFakeClock *self)
{
  g_return_if_fail (LW_IS_FAKE_CLOCK (self));
  g_array_set_size (self->sleeps, 0);
}
