/* test-validate.c — the input rules of the assistant's forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lw-validate.h"

static void
test_access_key_id (void)
{
  g_autofree char *msg = NULL;

  g_assert_true (lw_validate_access_key_id ("LWDEMOKEYID00001", NULL));
  g_assert_true (lw_validate_access_key_id ("LWFAKEtAbCdEfGhIjKlMnOpQ", NULL));
  g_assert_false (lw_validate_access_key_id ("", &msg));
  g_assert_nonnull (msg);
  g_clear_pointer (&msg, g_free);
  g_assert_false (lw_validate_access_key_id (NULL, NULL));
  g_assert_false (lw_validate_access_key_id ("LWDEMO KEYID0001", &msg));
  g_assert_nonnull (strstr (msg, "spaces"));
  g_clear_pointer (&msg, g_free);
  g_assert_false (lw_validate_access_key_id ("lw-demo-access-key-secret", &msg));
  g_assert_nonnull (strstr (msg, "secret"));
  g_clear_pointer (&msg, g_free);
  g_assert_false (lw_validate_access_key_id ("LTAI123", &msg));
  g_assert_nonnull (strstr (msg, "16 to 32"));
}

static void
test_access_key_secret (void)
{
  g_assert_true (lw_validate_access_key_secret ("lw-demo-access-key-secret", NULL));
  g_assert_false (lw_validate_access_key_secret ("", NULL));
  g_assert_false (lw_validate_access_key_secret ("short", NULL));
  g_assert_false (lw_validate_access_key_secret ("lw-demo-access-key secret", NULL));
  g_assert_true (lw_validate_sts_token ("", NULL));
  g_assert_true (lw_validate_sts_token (NULL, NULL));
  g_assert_true (lw_validate_sts_token ("CAIS.token+value/==", NULL));
  g_assert_false (lw_validate_sts_token ("two words", NULL));
}

static void
test_region (void)
{
  g_assert_true (lw_validate_region ("cn-hangzhou", NULL));
  g_assert_true (lw_validate_region ("ap-southeast-1", NULL));
  g_assert_false (lw_validate_region ("", NULL));
  g_assert_false (lw_validate_region ("CN Hangzhou", NULL));

  /* Length cap (FINDINGS.md F1): 64 characters pass, 65 do not, with a message saying how to fix. */
  {
    g_autofree char *at_cap = g_strnfill (64, 'a');
    g_autofree char *over_cap = g_strnfill (65, 'a');
    g_autofree char *msg = NULL;

    g_assert_true (lw_validate_region (at_cap, NULL));
    g_assert_false (lw_validate_region (over_cap, &msg));
    g_assert_nonnull (strstr (msg, "64"));
    g_assert_nonnull (strstr (msg, "choose the region"));
  }
}

static void
test_tidb_keys (void)
{
  g_assert_true (lw_validate_tidb_public_key ("LWDEMOPUBLICKEY1", NULL));
  g_assert_false (lw_validate_tidb_public_key ("", NULL));
  g_assert_false (lw_validate_tidb_public_key ("ABC", NULL));
  g_assert_false (lw_validate_tidb_public_key ("lw-demo-tidb-private-key", NULL));
  g_assert_true (lw_validate_tidb_private_key ("lw-demo-tidb-private-key", NULL));
  g_assert_false (lw_validate_tidb_private_key ("", NULL));
  g_assert_false (lw_validate_tidb_private_key ("a b c d e f g h", NULL));

  /* Length cap (FINDINGS.md F1): 256 characters pass, 257 do not. */
  {
    g_autofree char *at_cap = g_strnfill (256, 'k');
    g_autofree char *over_cap = g_strnfill (257, 'k');
    g_autofree char *msg = NULL;

    g_assert_true (lw_validate_tidb_private_key (at_cap, NULL));
    g_assert_false (lw_validate_tidb_private_key (over_cap, &msg));
    g_assert_nonnull (strstr (msg, "256"));
    g_assert_nonnull (strstr (msg, "Copy only the private key"));
  }
}

static void
test_account_id (void)
{
  g_autofree char *msg = NULL;

  g_assert_true (lw_validate_account_id ("5000000000000001", NULL));
  g_assert_false (lw_validate_account_id ("", NULL));
  g_assert_false (lw_validate_account_id ("50000000000000a1", &msg));
  g_assert_nonnull (strstr (msg, "digits only"));
  g_clear_pointer (&msg, g_free);
  g_assert_false (lw_validate_account_id ("5000-0000-0000-0001", NULL));
  g_assert_false (lw_validate_account_id ("500000000000001", &msg));
  g_assert_nonnull (strstr (msg, "16 digits"));
}

static void
test_zone_list (void)
{
  const char *known[] = { "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k", NULL };
  g_auto(GStrv) zones = NULL;
  g_autofree char *msg = NULL;

  g_assert_true (lw_validate_zone_list ("cn-hangzhou-i, cn-hangzhou-j", known, &zones, NULL));
  g_assert_cmpuint (g_strv_length (zones), ==, 2);
  g_assert_cmpstr (zones[0], ==, "cn-hangzhou-i");
  g_assert_cmpstr (zones[1], ==, "cn-hangzhou-j");
  g_clear_pointer (&zones, g_strfreev);

  /* Duplicates and any separator. */
  g_assert_true (lw_validate_zone_list ("cn-hangzhou-i;cn-hangzhou-i cn-hangzhou-k", known, &zones, NULL));
  g_assert_cmpuint (g_strv_length (zones), ==, 2);

  g_assert_false (lw_validate_zone_list ("", known, NULL, NULL));
  g_assert_false (lw_validate_zone_list (" , ", known, NULL, NULL));
  g_assert_false (lw_validate_zone_list ("cn-shanghai-b", known, NULL, &msg));
  g_assert_nonnull (strstr (msg, "cn-shanghai-b"));
  g_clear_pointer (&msg, g_free);
  /* Without the region's zones, only the form is checked. */
  g_assert_true (lw_validate_zone_list ("cn-shanghai-b", NULL, NULL, NULL));
  g_assert_false (lw_validate_zone_list ("Hangzhou I", NULL, NULL, &msg));
}

static void
test_port (void)
{
  guint port = 0;

  g_assert_true (lw_validate_port ("3306", &port, NULL));
  g_assert_cmpuint (port, ==, 3306);
  g_assert_true (lw_validate_port ("1", NULL, NULL));
  g_assert_true (lw_validate_port ("65535", NULL, NULL));
  g_assert_false (lw_validate_port ("0", NULL, NULL));
  g_assert_false (lw_validate_port ("65536", NULL, NULL));
  g_assert_false (lw_validate_port ("-1", NULL, NULL));
  g_assert_false (lw_validate_port ("33o6", NULL, NULL));
  g_assert_false (lw_validate_port ("", NULL, NULL));
}

static void
test_zone_selection (void)
{
  const char *tidb[] = { "cn-hangzhou-i", "cn-hangzhou-j", NULL };
  const char *good[] = { "cn-hangzhou-h", "cn-hangzhou-i", NULL };
  const char *one[] = { "cn-hangzhou-i", NULL };
  const char *no_overlap[] = { "cn-hangzhou-h", "cn-hangzhou-k", NULL };
  g_autofree char *msg = NULL;

  g_assert_true (lw_validate_zone_selection (good, tidb, NULL));
  g_assert_false (lw_validate_zone_selection (one, tidb, &msg));
  g_assert_nonnull (strstr (msg, "two zones"));
  g_clear_pointer (&msg, g_free);
  g_assert_false (lw_validate_zone_selection (no_overlap, tidb, &msg));
  g_assert_nonnull (strstr (msg, "TiDB"));
  g_assert_false (lw_validate_zone_selection (NULL, tidb, NULL));
}

static void
test_mysql_user (void)
{
  g_assert_true (lw_validate_mysql_user ("lw_check", NULL));
  g_assert_false (lw_validate_mysql_user ("", NULL));
  g_assert_false (lw_validate_mysql_user ("a user", NULL));
  g_assert_false (lw_validate_mysql_user ("a_very_long_user_name_that_is_too_long", NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/access-key-id", test_access_key_id);
  g_test_add_func ("/validate/access-key-secret", test_access_key_secret);
  g_test_add_func ("/validate/region", test_region);
  g_test_add_func ("/validate/tidb-keys", test_tidb_keys);
  g_test_add_func ("/validate/account-id", test_account_id);
  g_test_add_func ("/validate/zone-list", test_zone_list);
  g_test_add_func ("/validate/port", test_port);
  g_test_add_func ("/validate/zone-selection", test_zone_selection);
  g_test_add_func ("/validate/mysql-user", test_mysql_user);

  return g_test_run ();
}
