/* test-poll.c — the adaptive poll schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lw-poll.h"

static void
test_poll_grows_to_cap (void)
{
  LwPollSchedule s;
  double last = 0;

  lw_poll_schedule_init (&s, 0.5, 1.5, 5.0, 600, 0, 1.0);
  g_assert_cmpfloat_with_epsilon (lw_poll_schedule_next (&s), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (lw_poll_schedule_next (&s), 0.75, 1e-9);
  for (guint i = 0; i < 20; i++)
    {
      double d = lw_poll_schedule_next (&s);
      if (d < 0)
        break;
      g_assert_cmpfloat (d, <=, 5.0);
      g_assert_cmpfloat (d, >=, last - 1e-9);
      last = d;
    }
  g_assert_cmpfloat_with_epsilon (last, 5.0, 1e-9);
}

static void
test_poll_timeout (void)
{
  LwPollSchedule s;
  double total = 0, d;
  guint n = 0;

  lw_poll_schedule_init (&s, 1.0, 2.0, 4.0, 10, 0, 1.0);
  while ((d = lw_poll_schedule_next (&s)) >= 0 && n < 100)
    {
      total += d;
      n++;
    }
  g_assert_cmpfloat_with_epsilon (total, 10.0, 1e-9);
  g_assert_cmpuint (n, <, 10);
}

static void
test_poll_expected_and_scale (void)
{
  LwPollSchedule s;
  guint calls = 0;
  double t = 0, d;

  /* A 60 s wait is found within 1 s of its end with few calls. */
  lw_poll_schedule_init (&s, 0.5, 1.5, 5.0, 900, 60, 1.0);
  while ((d = lw_poll_schedule_next (&s)) >= 0)
    {
      t += d;
      calls++;
      if (t >= 60)
        break;
    }
  g_assert_cmpfloat (t - 60, <, 1.0);
  g_assert_cmpuint (calls, <=, 7);

  lw_poll_schedule_init (&s, 0.5, 1.5, 5.0, 900, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (lw_poll_schedule_next (&s), 0.005, 1e-9);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/poll/grows-to-cap", test_poll_grows_to_cap);
  g_test_add_func ("/core/poll/timeout", test_poll_timeout);
  g_test_add_func ("/core/poll/expected-and-scale", test_poll_expected_and_scale);
  return g_test_run ();
}
