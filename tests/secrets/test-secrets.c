/* test-secrets.c — store / lookup / list / clear against the real Secret Service of the test
 * session (gnome-keyring in a private D-Bus session, see build-aux/test-session). */
#include "config.h"

#include <string.h>

#include "lw-secrets.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_for (Waiter *w)
{
  GAsyncResult *result;

  g_main_loop_run (w->loop);
  result = w->result;
  w->result = NULL;
  return result;
}

static void
setup (Waiter        *w,
       gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  w->loop = g_main_loop_new (NULL, FALSE);
  lw_secrets_check_available_async (NULL, got_result, w);
  result = wait_for (w);
  /* The README TEST command always provides gnome-keyring: an unavailable Secret Service is a
   * broken test environment, not a reason to skip. */
  if (!lw_secrets_check_available_finish (result, &error))
    g_error ("No Secret Service on this session bus (%s): run the tests through build-aux/dev test",
             error->message);
}

static void
teardown (Waiter        *w,
          gconstpointer  data)
{
  g_main_loop_unref (w->loop);
}

static void
test_round_trip (Waiter        *w,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result;
  g_autoptr(LwSecretString) secret = NULL;
  g_auto(GStrv) ids = NULL;
  gboolean ok;

  lw_secrets_store_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, "LWTESTKEYID00001",
                          "first-secret", NULL, got_result, w);
  result = wait_for (w);
  ok = lw_secrets_store_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* Storing again under the same key ID replaces the secret rather than adding an item. */
  lw_secrets_store_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, "LWTESTKEYID00001",
                          "second-secret 密钥", NULL, got_result, w);
  result = wait_for (w);
  g_assert_true (lw_secrets_store_finish (result, &error));
  g_object_unref (result);
  g_assert_no_error (error);

  lw_secrets_store_async (LW_SECRET_KIND_TIDB_API_KEY, "LWTESTPUBKEY0001",
                          "tidb-private", NULL, got_result, w);
  result = wait_for (w);
  g_assert_true (lw_secrets_store_finish (result, &error));
  g_object_unref (result);

  lw_secrets_lookup_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, "LWTESTKEYID00001", NULL, got_result, w);
  result = wait_for (w);
  secret = lw_secrets_lookup_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "second-secret 密钥");

  lw_secrets_list_key_ids_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, NULL, got_result, w);
  result = wait_for (w);
  ids = lw_secrets_list_key_ids_finish (result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, "LWTESTKEYID00001");

  /* A different kind is a different item: the TiDB key does not shadow the AccessKey. */
  lw_secrets_clear_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, "LWTESTKEYID00001", NULL, got_result, w);
  result = wait_for (w);
  g_assert_true (lw_secrets_clear_finish (result, &error));
  g_object_unref (result);
  g_assert_no_error (error);

  lw_secrets_lookup_async (LW_SECRET_KIND_ALIBABA_ACCESS_KEY, "LWTESTKEYID00001", NULL, got_result, w);
  result = wait_for (w);
  g_assert_null (lw_secrets_lookup_finish (result, &error));
  g_object_unref (result);
  g_assert_no_error (error);

  lw_secrets_lookup_async (LW_SECRET_KIND_TIDB_API_KEY, "LWTESTPUBKEY0001", NULL, got_result, w);
  result = wait_for (w);
  {
    g_autoptr(LwSecretString) tidb = lw_secrets_lookup_finish (result, &error);
    g_assert_cmpstr (tidb, ==, "tidb-private");
  }
  g_object_unref (result);

  /* Forget every TiDB key; clearing again reports that nothing was removed. */
  lw_secrets_clear_async (LW_SECRET_KIND_TIDB_API_KEY, NULL, NULL, got_result, w);
  result = wait_for (w);
  g_assert_true (lw_secrets_clear_finish (result, &error));
  g_object_unref (result);
  lw_secrets_clear_async (LW_SECRET_KIND_TIDB_API_KEY, NULL, NULL, got_result, w);
  result = wait_for (w);
  g_assert_false (lw_secrets_clear_finish (result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/secrets/round-trip", Waiter, NULL, setup, test_round_trip, teardown);
  return g_test_run ();
}
