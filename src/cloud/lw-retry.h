/* lw-retry.h: the retry table, backoff with full jitter, and an injectable clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint  max_attempts;          /* total attempts of one logical call, >= 1 */
  double base_delay;            /* seconds, before the time scale */
  double max_delay;             /* cap of one backoff delay, seconds */
  double max_rate_limit_wait;   /* cap of an honoured X-Ratelimit-Reset, seconds */
} LwRetryPolicy;

#define LW_RETRY_POLICY_DEFAULT ((LwRetryPolicy) { 6, 0.5, 16.0, 65.0 })

/* The table of product.md §3: Throttling*, ServiceUnavailable, SystemBusy, IncorrectStatus.*,
 * Conflict.Lock, ConcurrentCallNotSupported, EndpointServiceOperationDenied, … */
gboolean lw_retry_is_retryable_code   (const char          *code);
/* HTTP 5xx and 429. */
gboolean lw_retry_is_retryable_status (guint                http_status);
/* Full jitter: @random01 × min(max_delay, base_delay × 2^(retry_number − 1)), in seconds.
 * @retry_number is 1 for the delay before the second attempt. */
double   lw_retry_backoff_delay       (const LwRetryPolicy *policy,
                                       guint                retry_number,
                                       double               random01);

/* LwClock: where the retry layer takes time and randomness from. */
#define LW_TYPE_CLOCK (lw_clock_get_type ())
G_DECLARE_INTERFACE (LwClock, lw_clock, LW, CLOCK, GObject)

struct _LwClockInterface
{
  GTypeInterface parent_iface;

  gint64   (*now_us)       (LwClock              *self);
  double   (*random_double)(LwClock              *self);
  void     (*sleep_async)  (LwClock              *self,
                            gint64                delay_us,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*sleep_finish) (LwClock              *self,
                            GAsyncResult         *result,
                            GError              **error);
};

gint64   lw_clock_now_us        (LwClock              *self);
double   lw_clock_random_double (LwClock              *self);
void     lw_clock_sleep_async   (LwClock              *self,
                                 gint64                delay_us,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
/* FALSE with LW_CLOUD_ERROR_CANCELLED when cancelled. */
gboolean lw_clock_sleep_finish  (LwClock              *self,
                                 GAsyncResult         *result,
                                 GError              **error);
/* The real clock (monotonic time, g_random_double, GSource timers); a shared instance. */
LwClock *lw_clock_get_system    (void);

/* A fake clock for tests: sleeps complete at the next main-loop iteration, advance the virtual
 * time and are recorded; random_double returns a fixed value (default 1.0). */
#define LW_TYPE_FAKE_CLOCK (lw_fake_clock_get_type ())
G_DECLARE_FINAL_TYPE (LwFakeClock, lw_fake_clock, LW, FAKE_CLOCK, GObject)

LwFakeClock  *lw_fake_clock_new          (void);
void          lw_fake_clock_set_random   (LwFakeClock *self,
                                          double       value);
/* The requested sleeps in microseconds, in order (element type gint64). */
const GArray *lw_fake_clock_get_sleeps   (LwFakeClock *self);
void          lw_fake_clock_clear_sleeps (LwFakeClock *self);

G_END_DECLS
