/* lw-poll.c — adaptive poll schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-poll"

#include "config.h"

#include "lw-poll.h"

void
lw_poll_schedule_init (LwPollSchedule *self, double initial, double factor, double cap, double timeout,
                       double expected, double time_scale)
{
  self->initial = initial;
  self->factor = factor < 1.0 ? 1.0 : factor;
  self->cap = cap < initial ? initial : cap;
  self->timeout = timeout;
  self->expected = expected;
  self->time_scale = time_scale > 0 ? time_scale : 1.0;
  self->n_polls = 0;
  self->elapsed = 0;
  self->last = 0;
}

double
lw_poll_schedule_next (LwPollSchedule *self)
{
  double delay;

  if (self->n_polls == 0 && self->expected > 0)
    /* Skip most of the known duration in one sleep... */
    delay = self->expected * 0.95;
  else if (self->expected > 0 && self->elapsed < self->expected * 1.1)
    /* ...then check at a steady 2 % of it around the expected end (a geometric series here would
     * overshoot the end by a large step)... */
    delay = CLAMP (self->expected * 0.02, self->initial, self->cap);
  else if (self->last <= 0 || (self->expected > 0 && self->last < self->initial))
    delay = self->initial;
  else
    /* ...and back off to the cap when it takes longer than usual. */
    delay = MIN (self->last * self->factor, self->cap);

  if (self->elapsed + delay > self->timeout)
    {
      double rest = self->timeout - self->elapsed;
      if (rest <= 0)
        return -1;
      delay = rest;
    }

  self->n_polls++;
  self->last = delay;
  self->elapsed += delay;
  return delay * self->time_scale;
}
