/* cloud-test-util.h: helpers shared by the cloud tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-cloud.h"

/* Collects one GAsyncResult; wait_for_result() iterates the default main context until it arrives,
 * failing the test after a bounded deadline (never sleeps). */
typedef struct {
  GAsyncResult *result;
} Waiter;

static inline void
waiter_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *w = user_data;
  g_assert_null (w->result);
  w->result = g_object_ref (result);
}

static inline gboolean
waiter_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static inline GAsyncResult *
wait_for_result (Waiter *w)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, waiter_tick, NULL);

  while (w->result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return w->result;
}

static inline void
waiter_clear (Waiter *w)
{
  g_clear_object (&w->result);
}

#ifdef LW_SIM_WORLD_HANGZHOU
/* For the tests that include lw-sim.h first: the simulator on the cn-hangzhou world, whose
 * constants (HACKING.md) the cloud tests use. */
static inline LwSimServer *
cloud_test_sim_new (const char  *profile,
                    double       time_scale,
                    GError     **error)
{
  return lw_sim_server_new_world (profile, time_scale, LW_SIM_WORLD_HANGZHOU, error);
}
#endif

/* Records the "attempt" signal. */
typedef struct {
  guint      count;
  GPtrArray *request_ids;
  GPtrArray *actions;
} AttemptLog;

static inline void
attempt_log_cb (GObject      *client,
                const char   *action,
                guint         attempt,
                const char   *request_id,
                const GError *error,
                gpointer      user_data)
{
  AttemptLog *log = user_data;

  log->count++;
  g_ptr_array_add (log->request_ids, g_strdup (request_id));
  g_ptr_array_add (log->actions, g_strdup (action));
}

static inline void
attempt_log_init (AttemptLog *log)
{
  log->count = 0;
  log->request_ids = g_ptr_array_new_with_free_func (g_free);
  log->actions = g_ptr_array_new_with_free_func (g_free);
}

static inline void
attempt_log_clear (AttemptLog *log)
{
  g_clear_pointer (&log->request_ids, g_ptr_array_unref);
  g_clear_pointer (&log->actions, g_ptr_array_unref);
}
