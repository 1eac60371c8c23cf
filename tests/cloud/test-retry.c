/* test-retry.c: retry table, backoff schedule, clocks, error fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cloud-test-util.h"

static void
test_table (void)
{
  const char *transient[] = {
    "Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "ServiceUnavailable",
    "SystemBusy", "IncorrectStatus.serverGroup", "IncorrectStatus.loadBalancer", "Conflict.Lock",
    "ConcurrentCallNotSupported", "EndpointServiceOperationDenied", "InternalError",
  };
  const char *permanent[] = {
    "SignatureDoesNotMatch", "Forbidden.RAM", "InvalidParameter", "MissingParameter",
    "InvalidAccessKeyId.NotFound", "ResourceNotFound.loadBalancer", "DryRunOperation",
    "EndpointServiceConnectionDependence", "Conflict", "", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (transient); i++)
    g_assert_true (lw_retry_is_retryable_code (transient[i]));
  for (guint i = 0; i < G_N_ELEMENTS (permanent); i++)
    g_assert_false (lw_retry_is_retryable_code (permanent[i]));

  g_assert_true (lw_retry_is_retryable_status (500));
  g_assert_true (lw_retry_is_retryable_status (503));
  g_assert_true (lw_retry_is_retryable_status (429));
  g_assert_false (lw_retry_is_retryable_status (400));
  g_assert_false (lw_retry_is_retryable_status (403));
  g_assert_false (lw_retry_is_retryable_status (404));
  g_assert_false (lw_retry_is_retryable_status (200));
}

static void
test_backoff (void)
{
  LwRetryPolicy policy = { 8, 0.5, 4.0, 60.0 };
  const double expected[] = { 0.5, 1.0, 2.0, 4.0, 4.0, 4.0 };

  g_assert_cmpfloat (lw_retry_backoff_delay (&policy, 0, 1.0), ==, 0.0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      /* random 1.0 → the ceiling; 0.0 → no wait; 0.25 → a quarter (full jitter). */
      g_assert_cmpfloat_with_epsilon (lw_retry_backoff_delay (&policy, i + 1, 1.0), expected[i], 1e-9);
      g_assert_cmpfloat (lw_retry_backoff_delay (&policy, i + 1, 0.0), ==, 0.0);
      g_assert_cmpfloat_with_epsilon (lw_retry_backoff_delay (&policy, i + 1, 0.25), expected[i] / 4, 1e-9);
    }
  /* Huge retry numbers do not overflow past the cap. */
  g_assert_cmpfloat (lw_retry_backoff_delay (&policy, 5000, 1.0), ==, 4.0);

  /* The system clock's jitter stays inside the ceiling. */
  for (guint i = 0; i < 100; i++)
    {
      double d = lw_retry_backoff_delay (&policy, 3, lw_clock_random_double (lw_clock_get_system ()));
      g_assert_cmpfloat (d, >=, 0.0);
      g_assert_cmpfloat (d, <=, 2.0);
    }
}

static void
test_fake_clock (void)
{
  g_autoptr(LwFakeClock) clock = lw_fake_clock_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter w = { NULL };
  gint64 t0 = lw_clock_now_us (LW_CLOCK (clock));

  lw_fake_clock_set_random (clock, 0.5);
  g_assert_cmpfloat (lw_clock_random_double (LW_CLOCK (clock)), ==, 0.5);

  lw_clock_sleep_async (LW_CLOCK (clock), 3 * G_USEC_PER_SEC, NULL, waiter_cb, &w);
  g_assert_true (lw_clock_sleep_finish (LW_CLOCK (clock), wait_for_result (&w), &error));
  g_assert_no_error (error);
  waiter_clear (&w);
  g_assert_cmpint (lw_clock_now_us (LW_CLOCK (clock)) - t0, ==, 3 * G_USEC_PER_SEC);

  g_cancellable_cancel (cancellable);
  lw_clock_sleep_async (LW_CLOCK (clock), 1000, cancellable, waiter_cb, &w);
  g_assert_false (lw_clock_sleep_finish (LW_CLOCK (clock), wait_for_result (&w), &error));
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED);
  waiter_clear (&w);

  g_assert_cmpuint (lw_fake_clock_get_sleeps (clock)->len, ==, 2);
  lw_fake_clock_clear_sleeps (clock);
  g_assert_cmpuint (lw_fake_clock_get_sleeps (clock)->len, ==, 0);
}

static void
test_system_clock (void)
{
  LwClock *clock = lw_clock_get_system ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter w = { NULL };
  gint64 start = lw_clock_now_us (clock);

  /* A short real sleep completes and takes at least its time. */
  lw_clock_sleep_async (clock, 20 * 1000, NULL, waiter_cb, &w);
  g_assert_true (lw_clock_sleep_finish (clock, wait_for_result (&w), &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_clock_now_us (clock) - start, >=, 19 * 1000);
  waiter_clear (&w);

  /* A long sleep is interrupted by its cancellable. */
  lw_clock_sleep_async (clock, (gint64) 3600 * G_USEC_PER_SEC, cancellable, waiter_cb, &w);
  g_cancellable_cancel (cancellable);
  g_assert_false (lw_clock_sleep_finish (clock, wait_for_result (&w), &error));
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED);
  waiter_clear (&w);
}

static void
test_error_fields (void)
{
  g_autoptr(GError) error = lw_cloud_error_new_api (403, "Forbidden.RAM", "User not authorized", "REQ-1");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GError) io_cancel = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) nf = lw_cloud_error_new_api (400, "ResourceNotFound.loadBalancer", "gone", NULL);
  g_autoptr(GError) nf2 = lw_cloud_error_new_api (404, "5", "not found", NULL);
  g_autoptr(GError) throttled = lw_cloud_error_new_api (400, "Throttling.User", "slow down", "REQ-3");
  g_autoptr(GError) net = g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK, "refused");
  const char * const *ids;

  lw_cloud_error_set_recommend (error, "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM");
  lw_cloud_error_set_access_denied_detail (error, "{\"PolicyType\":\"AccountLevelIdentityBasedPolicy\"}");
  lw_cloud_error_set_action (error, "CreateServerGroup");
  lw_cloud_error_add_attempt (error, "REQ-0");
  lw_cloud_error_add_attempt (error, NULL);
  lw_cloud_error_add_attempt (error, "REQ-1");

  g_assert_cmpstr (error->message, ==, "Forbidden.RAM: User not authorized (HTTP 403, request ID REQ-1)");

  /* The extended fields survive a copy (the engine stores errors). */
  copy = g_error_copy (error);
  g_assert_cmpuint (lw_cloud_error_get_http_status (copy), ==, 403);
  g_assert_cmpstr (lw_cloud_error_get_code (copy), ==, "Forbidden.RAM");
  g_assert_cmpstr (lw_cloud_error_get_cloud_message (copy), ==, "User not authorized");
  g_assert_cmpstr (lw_cloud_error_get_request_id (copy), ==, "REQ-1");
  g_assert_cmpstr (lw_cloud_error_get_recommend (copy), ==, "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM");
  g_assert_nonnull (lw_cloud_error_get_access_denied_detail (copy));
  g_assert_cmpstr (lw_cloud_error_get_action (copy), ==, "CreateServerGroup");
  g_assert_cmpuint (lw_cloud_error_get_attempts (copy), ==, 3);
  ids = lw_cloud_error_get_request_ids (copy);
  g_assert_cmpstr (ids[0], ==, "REQ-0");
  g_assert_cmpstr (ids[1], ==, "REQ-1");
  g_assert_null (ids[2]);
  g_assert_true (lw_cloud_error_has_code (copy, "Forbidden.RAM"));
  g_assert_false (lw_cloud_error_is_transient (copy));
  g_assert_cmpfloat (lw_cloud_error_get_retry_after (copy), <, 0);

  /* Other domains answer "nothing". */
  g_assert_null (lw_cloud_error_get_code (other));
  g_assert_cmpuint (lw_cloud_error_get_http_status (other), ==, 0);
  g_assert_null (lw_cloud_error_get_request_ids (other)[0]);
  lw_cloud_error_set_recommend (other, "ignored");

  g_assert_true (lw_cloud_error_is_cancelled (io_cancel));
  g_assert_true (lw_cloud_error_is_not_found (nf));
  g_assert_true (lw_cloud_error_is_not_found (nf2));
  g_assert_false (lw_cloud_error_is_not_found (error));
  g_assert_true (lw_cloud_error_is_transient (throttled));
  g_assert_true (lw_cloud_error_is_transient (net));
}

static void
test_credentials (void)
{
  g_autoptr(LwCredentials) c = lw_credentials_new ("LWDEMOKEYID00001", "secret", "");
  g_autoptr(LwCredentials) t = lw_credentials_new ("id", "secret", "sts-token");
  g_autoptr(LwCredentials) env = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (lw_credentials_get_access_key_id (c), ==, "LWDEMOKEYID00001");
  g_assert_cmpstr (lw_credentials_get_access_key_secret (c), ==, "secret");
  /* An empty token is no token. */
  g_assert_null (lw_credentials_get_security_token (c));
  g_assert_cmpstr (lw_credentials_get_security_token (t), ==, "sts-token");
  lw_credentials_unref (lw_credentials_ref (c));

  g_unsetenv ("ALIBABA_CLOUD_ACCESS_KEY_ID");
  env = lw_credentials_new_from_environment (&error);
  g_assert_null (env);
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/retry/table", test_table);
  g_test_add_func ("/cloud/retry/backoff", test_backoff);
  g_test_add_func ("/cloud/retry/fake-clock", test_fake_clock);
  g_test_add_func ("/cloud/retry/system-clock", test_system_clock);
  g_test_add_func ("/cloud/retry/error-fields", test_error_fields);
  g_test_add_func ("/cloud/retry/credentials", test_credentials);
  return g_test_run ();
}
