/* test-params.c: RPC parameter building and flattening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lw-cloud.h"

static void
test_scalars (void)
{
  g_autoptr(LwParams) p = lw_params_new ();
  g_autofree char *encoded = NULL;

  lw_params_add_bool (p, "DryRun", TRUE);
  lw_params_add_bool (p, "AutoAcceptEnabled", FALSE);
  lw_params_add_int (p, "Port", 3306);
  lw_params_add_int (p, "Negative", -5);
  lw_params_add_uint (p, "UserId", G_GUINT64_CONSTANT (5000000000000001));
  lw_params_add_uint (p, "Big", G_MAXUINT64);
  lw_params_add_nonnull (p, "Skipped", NULL);
  lw_params_add (p, "Empty", "");
  lw_params_add (p, "Name", NULL);

  g_assert_cmpstr (lw_params_lookup (p, "DryRun"), ==, "true");
  g_assert_cmpstr (lw_params_lookup (p, "AutoAcceptEnabled"), ==, "false");
  g_assert_cmpstr (lw_params_lookup (p, "Port"), ==, "3306");
  g_assert_cmpstr (lw_params_lookup (p, "Negative"), ==, "-5");
  g_assert_cmpstr (lw_params_lookup (p, "UserId"), ==, "5000000000000001");
  g_assert_cmpstr (lw_params_lookup (p, "Big"), ==, "18446744073709551615");
  g_assert_null (lw_params_lookup (p, "Skipped"));
  g_assert_cmpstr (lw_params_lookup (p, "Name"), ==, "");

  encoded = lw_params_to_encoded (p);
  /* Insertion order, empty values as "name=". */
  g_assert_cmpstr (encoded, ==, "DryRun=true&AutoAcceptEnabled=false&Port=3306&Negative=-5&UserId=5000000000000001"
                                "&Big=18446744073709551615&Empty=&Name=");
}

static void
test_lists_and_objects (void)
{
  g_autoptr(LwParams) p = lw_params_new ();
  const char *ids[] = { "sgp-1", "sgp-2", NULL };
  const char *tags[] = { "created-by", "linkwright", "setup", "abc", NULL };

  lw_params_add_list (p, "ServerGroupIds", ids);
  lw_params_add_list (p, "Nothing", NULL);
  lw_params_add_indexed (p, "Servers", 1, "ServerId", "172.16.2.10");
  lw_params_add_indexed (p, "Servers", 1, "Port", "3306");
  lw_params_add_indexed (p, "ZoneMappings", 2, "VSwitchId", "vsw-2");
  lw_params_add_indexed (p, "ZoneMappings", 2, "PrivateIPv4Address", NULL);
  lw_params_add (p, "HealthCheckConfig.HealthCheckEnabled", "true");
  lw_params_add_tags (p, tags);

  g_assert_cmpuint (lw_params_get_length (p), ==, 10);
  g_assert_cmpstr (lw_params_lookup (p, "ServerGroupIds.1"), ==, "sgp-1");
  g_assert_cmpstr (lw_params_lookup (p, "ServerGroupIds.2"), ==, "sgp-2");
  g_assert_cmpstr (lw_params_lookup (p, "Servers.1.ServerId"), ==, "172.16.2.10");
  g_assert_cmpstr (lw_params_lookup (p, "ZoneMappings.2.VSwitchId"), ==, "vsw-2");
  g_assert_null (lw_params_lookup (p, "ZoneMappings.2.PrivateIPv4Address"));
  g_assert_cmpstr (lw_params_lookup (p, "Tag.1.Key"), ==, "created-by");
  g_assert_cmpstr (lw_params_lookup (p, "Tag.1.Value"), ==, "linkwright");
  g_assert_cmpstr (lw_params_lookup (p, "Tag.2.Key"), ==, "setup");
  g_assert_cmpstr (lw_params_lookup (p, "Tag.2.Value"), ==, "abc");
}

static void
test_json_flattening (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (
    "{\"tag\":{\"key\":\"value\"},\"strs\":[\"str1\",\"str2\"],"
    "\"HealthCheckConfig\":{\"HealthCheckEnabled\":true,\"HealthCheckConnectPort\":0,"
    "\"HealthCheckHttpCode\":[\"http_2xx\",\"http_3xx\"],\"Skip\":null},"
    "\"Servers\":[{\"ServerId\":\"i-1\",\"Port\":3306},{\"ServerId\":\"i-2\",\"Weight\":50}],"
    "\"UserId\":5000000000000001,\"Enabled\":false}", &error);
  g_autoptr(LwParams) p = lw_params_new ();

  g_assert_no_error (error);
  lw_params_add_json (p, NULL, node);

  /* The SDK's own test case: tag.key=value, strs.1=str1, strs.2=str2. */
  g_assert_cmpstr (lw_params_lookup (p, "tag.key"), ==, "value");
  g_assert_cmpstr (lw_params_lookup (p, "strs.1"), ==, "str1");
  g_assert_cmpstr (lw_params_lookup (p, "strs.2"), ==, "str2");
  g_assert_cmpstr (lw_params_lookup (p, "HealthCheckConfig.HealthCheckEnabled"), ==, "true");
  g_assert_cmpstr (lw_params_lookup (p, "HealthCheckConfig.HealthCheckConnectPort"), ==, "0");
  g_assert_cmpstr (lw_params_lookup (p, "HealthCheckConfig.HealthCheckHttpCode.2"), ==, "http_3xx");
  g_assert_null (lw_params_lookup (p, "HealthCheckConfig.Skip"));
  g_assert_cmpstr (lw_params_lookup (p, "Servers.1.ServerId"), ==, "i-1");
  g_assert_cmpstr (lw_params_lookup (p, "Servers.1.Port"), ==, "3306");
  g_assert_cmpstr (lw_params_lookup (p, "Servers.2.Weight"), ==, "50");
  g_assert_null (lw_params_lookup (p, "Servers.2.Port"));
  g_assert_cmpstr (lw_params_lookup (p, "UserId"), ==, "5000000000000001");
  g_assert_cmpstr (lw_params_lookup (p, "Enabled"), ==, "false");
  g_assert_cmpuint (lw_params_get_length (p), ==, 13);
}

static void
test_canonical_order (void)
{
  g_autoptr(LwParams) p = lw_params_new ();
  g_autoptr(LwParams) copy = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *encoded = NULL;

  /* Byte order: upper case before lower case, "Servers.10" before "Servers.2". */
  lw_params_add (p, "b", "2");
  lw_params_add (p, "Servers.2.Port", "2");
  lw_params_add (p, "Servers.10.Port", "10");
  lw_params_add (p, "A", "1");
  lw_params_add (p, "dup", "first");
  lw_params_add (p, "dup", "second");
  lw_params_add (p, "Desc", "连接 * ~/+=&");

  canonical = lw_params_to_canonical (p);
  g_assert_cmpstr (canonical, ==, "A=1&Desc=%E8%BF%9E%E6%8E%A5%20%2A%20~%2F%2B%3D%26&Servers.10.Port=10&"
                                  "Servers.2.Port=2&b=2&dup=first&dup=second");

  copy = lw_params_copy (p);
  lw_params_set (copy, "dup", "only");
  lw_params_remove (copy, "b");
  encoded = lw_params_to_encoded (copy);
  g_assert_cmpstr (encoded, ==, "Servers.2.Port=2&Servers.10.Port=10&A=1&Desc=%E8%BF%9E%E6%8E%A5%20%2A%20~%2F%2B%3D%26&dup=only");
  /* The original is untouched. */
  g_assert_cmpuint (lw_params_get_length (p), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/params/scalars", test_scalars);
  g_test_add_func ("/cloud/params/lists-objects", test_lists_and_objects);
  g_test_add_func ("/cloud/params/json-flattening", test_json_flattening);
  g_test_add_func ("/cloud/params/canonical-order", test_canonical_order);
  return g_test_run ();
}
