/* test-endpoints.c: hosts per product and region, endpoint override rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-cloud.h"

static void
check_host (LwProduct product, const char *region, const char *expected)
{
  g_autofree char *host = lw_endpoints_get_host (product, region);
  g_assert_cmpstr (host, ==, expected);
}

static void
test_hosts (void)
{
  check_host (LW_PRODUCT_RDS, "cn-hangzhou", "rds.aliyuncs.com");
  check_host (LW_PRODUCT_RDS, "ap-southeast-1", "rds.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_RDS, "cn-heyuan", "rds.aliyuncs.com");
  /* As the pinned official SDKs' endpoint maps have them. */
  check_host (LW_PRODUCT_POLARDB, "ap-southeast-1", "polardb.aliyuncs.com");
  check_host (LW_PRODUCT_POLARDB, "cn-hangzhou", "polardb.aliyuncs.com");
  check_host (LW_PRODUCT_POLARDB, "ap-northeast-1", "polardb.ap-northeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_ECS, "ap-southeast-1", "ecs.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_ECS, "cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com");
  check_host (LW_PRODUCT_RDS, "eu-central-1", "rds.eu-central-1.aliyuncs.com");
  check_host (LW_PRODUCT_RDS, "cn-wulanchabu", "rds.cn-wulanchabu.aliyuncs.com");
  check_host (LW_PRODUCT_VPC, "cn-shanghai", "vpc.aliyuncs.com");
  /* cn-heyuan is central for RDS but not in VPC's map. */
  check_host (LW_PRODUCT_VPC, "cn-heyuan", "vpc.cn-heyuan.aliyuncs.com");
  check_host (LW_PRODUCT_VPC, "ap-northeast-1", "vpc.ap-northeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_NLB, "cn-hangzhou", "nlb.cn-hangzhou.aliyuncs.com");
  check_host (LW_PRODUCT_NLB, "ap-southeast-1", "nlb.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_PRIVATELINK, "cn-shanghai", "privatelink.cn-shanghai.aliyuncs.com");
  check_host (LW_PRODUCT_STS, "cn-hangzhou", "sts.aliyuncs.com");
}

/* The region of the real offering (TiDB Cloud Essential on Alibaba Cloud, the default simulated
 * world): every product on the host the official endpoint lists name for Singapore. */
static void
test_hosts_singapore (void)
{
  check_host (LW_PRODUCT_RDS, "ap-southeast-1", "rds.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_VPC, "ap-southeast-1", "vpc.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_NLB, "ap-southeast-1", "nlb.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_PRIVATELINK, "ap-southeast-1", "privatelink.ap-southeast-1.aliyuncs.com");
  check_host (LW_PRODUCT_STS, "ap-southeast-1", "sts.aliyuncs.com");
  /* The mainland regions keep the central hosts of the SDK maps. */
  check_host (LW_PRODUCT_RDS, "cn-hangzhou", "rds.aliyuncs.com");
  check_host (LW_PRODUCT_VPC, "cn-hangzhou", "vpc.aliyuncs.com");
}

static void
test_products (void)
{
  LwProduct p;

  g_assert_cmpstr (lw_product_get_version (LW_PRODUCT_RDS), ==, "2014-08-15");
  g_assert_cmpstr (lw_product_get_version (LW_PRODUCT_VPC), ==, "2016-04-28");
  g_assert_cmpstr (lw_product_get_version (LW_PRODUCT_NLB), ==, "2022-04-30");
  g_assert_cmpstr (lw_product_get_version (LW_PRODUCT_PRIVATELINK), ==, "2020-04-15");
  g_assert_cmpstr (lw_product_get_version (LW_PRODUCT_STS), ==, "2015-04-01");
  /* NLB in the form body, the rest in the query, as the SDKs do. */
  g_assert_true (lw_product_params_in_body (LW_PRODUCT_NLB));
  g_assert_false (lw_product_params_in_body (LW_PRODUCT_PRIVATELINK));
  g_assert_false (lw_product_params_in_body (LW_PRODUCT_RDS));
  g_assert_false (lw_product_params_in_body (LW_PRODUCT_VPC));
  g_assert_false (lw_product_params_in_body (LW_PRODUCT_STS));
  g_assert_true (lw_product_params_in_body (LW_PRODUCT_POLARDB));
  g_assert_false (lw_product_params_in_body (LW_PRODUCT_ECS));
  g_assert_true (lw_product_from_name ("PrivateLink", &p));
  g_assert_cmpint (p, ==, LW_PRODUCT_PRIVATELINK);
  g_assert_true (lw_product_from_name ("ECS", &p));
  g_assert_cmpint (p, ==, LW_PRODUCT_ECS);
  g_assert_false (lw_product_from_name ("oss", &p));
}

static void
test_override (void)
{
  struct { const char *url; const char *expected; } ok[] = {
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "http://127.1.2.3:9", "http://127.1.2.3:9" },
    { "http://localhost:1234", "http://localhost:1234" },
    { "http://[::1]:1234", "http://[::1]:1234" },
    { "https://example.com", "https://example.com" },
    { "https://10.0.0.1:8443/base", "https://10.0.0.1:8443/base" },
  };
  const char *refused[] = {
    "http://10.0.0.1:80", "http://example.com", "http://192.168.1.2:8080", "ftp://127.0.0.1/",
    "not a url", "", "https://user:pw@example.com", "https://example.com/?a=b", "http://127.0.0.1.evil.com/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = lw_endpoints_check_override (ok[i].url, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got, ==, ok[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = lw_endpoints_check_override (refused[i], &error);
      g_test_message ("refused: %s", refused[i]);
      g_assert_null (got);
      g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *got = lw_endpoints_check_override ("http://10.0.0.1:80", &error);
    /* The message says why. */
    g_assert_null (got);
    g_assert_nonnull (strstr (error->message, "plain HTTP"));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LwRpcClient) client = lw_rpc_client_new (NULL, "cn-hangzhou");
    g_autoptr(LwTidbClient) tidb = lw_tidb_client_new ("pub", "priv");

    g_assert_false (lw_rpc_client_set_endpoint_override (client, "http://example.com", &error));
    g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_null (lw_rpc_client_get_endpoint_override (client));
    g_assert_true (lw_rpc_client_set_endpoint_override (client, "http://127.0.0.1:1/", &error));
    g_assert_cmpstr (lw_rpc_client_get_endpoint_override (client), ==, "http://127.0.0.1:1");
    g_assert_false (lw_tidb_client_set_endpoint_override (tidb, "http://example.com", &error));
    g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/endpoints/hosts", test_hosts);
  g_test_add_func ("/cloud/endpoints/hosts-singapore", test_hosts_singapore);
  g_test_add_func ("/cloud/endpoints/products", test_products);
  g_test_add_func ("/cloud/endpoints/override", test_override);
  return g_test_run ();
}
