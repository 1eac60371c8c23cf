/* test-console-url.c — "Open in console" links: one format per resource kind (international console)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-core.h"

static void
check (LwConsoleKind kind, const char *region, const char *id, const char *expected)
{
  g_autofree char *url = lw_console_url (kind, region, id);

  g_assert_cmpstr (url, ==, expected);
}

/* The seed's server group list page is slb.console.alibabacloud.com/nlb/ap-southeast-1/server-groups. */
static void
test_server_group (void)
{
  check (LW_CONSOLE_NLB_SERVER_GROUP, "ap-southeast-1", "sgp-t4nabc123def456gh",
         "https://slb.console.alibabacloud.com/nlb/ap-southeast-1/server-groups/sgp-t4nabc123def456gh");
  check (LW_CONSOLE_NLB_SERVER_GROUP, "cn-hangzhou", "sgp-1",
         "https://slb.console.alibabacloud.com/nlb/cn-hangzhou/server-groups/sgp-1");
}

/* The seed's NLB page is slb.console.alibabacloud.com/nlb; the region's instances are …/nlb/<region>/nlbs. */
static void
test_nlb (void)
{
  check (LW_CONSOLE_NLB_INSTANCE, "ap-southeast-1", "nlb-t4nxyz000000000001",
         "https://slb.console.alibabacloud.com/nlb/ap-southeast-1/nlbs/nlb-t4nxyz000000000001");
}

/* The seed's endpoint service page is vpc.console.alibabacloud.com/endpointservice. */
static void
test_endpoint_service (void)
{
  check (LW_CONSOLE_ENDPOINT_SERVICE, "ap-southeast-1", "epsrv-t4n0000000000000001",
         "https://vpc.console.alibabacloud.com/endpointservice/ap-southeast-1/endpointservices/epsrv-t4n0000000000000001");
}

static void
test_rds (void)
{
  check (LW_CONSOLE_RDS_INSTANCE, "ap-southeast-1", "rm-t4ndemomysql0001",
         "https://rds.console.alibabacloud.com/detail/rm-t4ndemomysql0001/basicInfo?region=ap-southeast-1");
  check (LW_CONSOLE_POLARDB_CLUSTER, "ap-southeast-1", "pc-t4ndemopolar0001",
         "https://polardb.console.alibabacloud.com/ap-southeast-1/cluster/pc-t4ndemopolar0001");
  check (LW_CONSOLE_ECS_INSTANCE, "ap-southeast-1", "i-t4ndemomysqlecs01",
         "https://ecs.console.alibabacloud.com/#/server/i-t4ndemomysqlecs01/detail?regionId=ap-southeast-1");
  check (LW_CONSOLE_ECS_SECURITY_GROUP, "ap-southeast-1", "sg-t4ndemoecsmysql01",
         "https://ecs.console.alibabacloud.com/#/securityGroupDetail/region/ap-southeast-1/groupId/sg-t4ndemoecsmysql01/rule/intranetIngress");
}

/* Every kind: the international console over https, never the mainland one. */
static void
test_all_kinds_international (void)
{
  LwConsoleKind kinds[] = { LW_CONSOLE_NLB_INSTANCE, LW_CONSOLE_NLB_SERVER_GROUP,
                            LW_CONSOLE_ENDPOINT_SERVICE, LW_CONSOLE_RDS_INSTANCE,
                            LW_CONSOLE_POLARDB_CLUSTER, LW_CONSOLE_ECS_INSTANCE, LW_CONSOLE_ECS_SECURITY_GROUP };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *url = lw_console_url (kinds[i], "ap-southeast-1", "x-1");
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      g_assert_nonnull (uri);
      g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
      g_assert_true (g_str_has_suffix (g_uri_get_host (uri), ".console.alibabacloud.com"));
      g_assert_null (strstr (url, "aliyun.com"));
      g_assert_nonnull (strstr (url, "ap-southeast-1"));
      g_assert_nonnull (strstr (url, "x-1"));
    }
}

/* Nothing to open without a region and an ID; nothing that could change the URL's structure. */
static void
test_refused (void)
{
  const char *bad[] = { NULL, "", "ap-southeast-1/../x", "a b", "A", "id?x=1", "id#f", "%2F" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *a = lw_console_url (LW_CONSOLE_ENDPOINT_SERVICE, bad[i], "epsrv-1");
      g_autofree char *b = lw_console_url (LW_CONSOLE_RDS_INSTANCE, "ap-southeast-1", bad[i]);

      g_assert_null (a);
      g_assert_null (b);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/console-url/nlb-server-group", test_server_group);
  g_test_add_func ("/core/console-url/nlb-instance", test_nlb);
  g_test_add_func ("/core/console-url/endpoint-service", test_endpoint_service);
  g_test_add_func ("/core/console-url/rds-instance", test_rds);
  g_test_add_func ("/core/console-url/international", test_all_kinds_international);
  g_test_add_func ("/core/console-url/refused", test_refused);
  return g_test_run ();
}
