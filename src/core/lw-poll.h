/* lw-poll.h — adaptive poll schedule (private to core, exported for its tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One wait for a resource: the first check comes early (most small changes are done in a second or two),
 * then the interval grows by @factor to @cap, and the whole wait gives up after @timeout. When the typical
 * duration of the wait is known (@expected), the schedule sleeps through 95 % of it in one go, polls at a
 * steady 2 % of it around the end, then backs off as usual: this keeps the number of calls low (API budget) while finishing within a small
 * fraction of the real duration (the provisioning-time target). All values in seconds, unscaled; the
 * schedule multiplies them by @time_scale. The runner passes @expected already multiplied by the
 * context's expected-duration scale (lw_engine_context_set_expected_scale), which shrinks real-cloud
 * hints for a faster simulated cloud.
 */
typedef struct {
  double initial;
  double factor;
  double cap;
  double timeout;
  double expected;
  double time_scale;
  /* state */
  guint  n_polls;
  double elapsed;
  double last;
} LwPollSchedule;

void     lw_poll_schedule_init (LwPollSchedule *self, double initial, double factor, double cap,
                                double timeout, double expected, double time_scale);
/* Seconds (scaled) to wait before the next check, or < 0 when the overall timeout is reached. */
double   lw_poll_schedule_next (LwPollSchedule *self);

G_END_DECLS
