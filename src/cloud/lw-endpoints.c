/* lw-endpoints.c: hosts per product and region (alibaba-cloud-api.md §0 "Endpoints")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-endpoints"

#include <string.h>

#include <gio/gio.h>

#include "lw-cloud-error.h"
#include "lw-endpoints.h"

typedef struct {
  const char *name;
  const char *version;
  gboolean    params_in_body;
} ProductInfo;

static const ProductInfo products[] = {
  [LW_PRODUCT_STS]         = { "sts", "2015-04-01", FALSE },
  [LW_PRODUCT_RDS]         = { "rds", "2014-08-15", FALSE },
  [LW_PRODUCT_VPC]         = { "vpc", "2016-04-28", FALSE },
  [LW_PRODUCT_NLB]         = { "nlb", "2022-04-30", TRUE },
  [LW_PRODUCT_PRIVATELINK] = { "privatelink", "2020-04-15", FALSE },
  [LW_PRODUCT_POLARDB]     = { "polardb", "2017-08-01", TRUE },
  [LW_PRODUCT_ECS]         = { "ecs", "2014-05-26", FALSE },
};

/* Regions the SDKs' endpoint maps send to the central host (TS-RDS / C# VPC _endpointMap), except
 * ap-southeast-1 (Singapore, where TiDB Cloud Essential on Alibaba Cloud is offered): the official
 * endpoint lists (RDS 2014-08-15 and VPC 2016-04-28 "Endpoints" pages) name the regional hosts
 * rds.ap-southeast-1.aliyuncs.com and vpc.ap-southeast-1.aliyuncs.com, which the international
 * site's own tools use. */
static const char * const rds_central_regions[] = {
  "cn-qingdao", "cn-beijing", "cn-hangzhou", "cn-shanghai", "cn-shenzhen", "cn-heyuan",
  "cn-hongkong", "us-west-1", "us-east-1",
  "cn-hangzhou-finance", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-north-2-gov-1",
  NULL
};
/* @alicloud/polardb20170801's _endpointMap: these regions use the central host (us-east-1 goes to
 * polardb.ap-northeast-1.aliyuncs.com there, kept as the SDK has it); the rest are regional. */
static const char * const polardb_central_regions[] = {
  "cn-qingdao", "cn-beijing", "cn-hangzhou", "cn-shanghai", "cn-shenzhen", "cn-hongkong",
  "ap-southeast-1", "us-west-1", "cn-hangzhou-finance", "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1", "cn-north-2-gov-1",
  NULL
};
static const char * const vpc_central_regions[] = {
  "cn-qingdao", "cn-beijing", "cn-hangzhou", "cn-shanghai", "cn-shenzhen",
  "cn-hongkong", "us-west-1", "us-east-1",
  "cn-hangzhou-finance", "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-north-2-gov-1",
  NULL
};

const char *
lw_product_get_name (LwProduct product)
{
  g_return_val_if_fail (product <= LW_PRODUCT_LAST, NULL);
  return products[product].name;
}

const char *
lw_product_get_version (LwProduct product)
{
  g_return_val_if_fail (product <= LW_PRODUCT_LAST, NULL);
  return products[product].version;
}

gboolean
lw_product_params_in_body (LwProduct product)
{
  g_return_val_if_fail (product <= LW_PRODUCT_LAST, FALSE);
  return products[product].params_in_body;
}

gboolean
lw_product_from_name (const char *name,
                      LwProduct  *product)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    if (g_ascii_strcasecmp (name, products[i].name) == 0)
      {
        if (product != NULL)
          *product = (LwProduct) i;
        return TRUE;
      }
  return FALSE;
}

char *
lw_endpoints_get_host (LwProduct   product,
                       const char *region_id)
{
  g_return_val_if_fail (product <= LW_PRODUCT_LAST, NULL);

  switch (product)
    {
    case LW_PRODUCT_STS:
      /* The global STS host works from every region. */
      return g_strdup ("sts.aliyuncs.com");
    case LW_PRODUCT_RDS:
      if (region_id == NULL || g_strv_contains (rds_central_regions, region_id))
        return g_strdup ("rds.aliyuncs.com");
      return g_strdup_printf ("rds.%s.aliyuncs.com", region_id);
    case LW_PRODUCT_VPC:
      if (region_id == NULL || g_strv_contains (vpc_central_regions, region_id))
        return g_strdup ("vpc.aliyuncs.com");
      return g_strdup_printf ("vpc.%s.aliyuncs.com", region_id);
    case LW_PRODUCT_POLARDB:
      if (region_id == NULL || g_strv_contains (polardb_central_regions, region_id))
        return g_strdup ("polardb.aliyuncs.com");
      if (g_str_equal (region_id, "us-east-1"))
        return g_strdup ("polardb.ap-northeast-1.aliyuncs.com");
      return g_strdup_printf ("polardb.%s.aliyuncs.com", region_id);
    case LW_PRODUCT_ECS:
      /* @alicloud/ecs20140526's _endpointMap: cn-hangzhou has its own host name; regional elsewhere. */
      if (region_id == NULL || g_str_equal (region_id, "cn-hangzhou"))
        return g_strdup ("ecs-cn-hangzhou.aliyuncs.com");
      return g_strdup_printf ("ecs.%s.aliyuncs.com", region_id);
    case LW_PRODUCT_NLB:
    case LW_PRODUCT_PRIVATELINK:
      return g_strdup_printf ("%s.%s.aliyuncs.com", products[product].name,
                              region_id != NULL ? region_id : "cn-hangzhou");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
lw_endpoints_check_override (const char  *base_url,
                             GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  g_autofree char *text = NULL;

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                           "The endpoint override is empty");
      return NULL;
    }

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                   "The endpoint override “%s” is not a valid URL: %s", base_url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                   "The endpoint override “%s” has no host", base_url);
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0)
        {
          g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                       "The endpoint override must use https, not “%s”", scheme);
          return NULL;
        }
      if (!host_is_loopback (host))
        {
          g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                       "Refusing plain HTTP to %s: credentials and signed requests would travel "
                       "unencrypted. Use https, or http only with a loopback address such as 127.0.0.1",
                       host);
          return NULL;
        }
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                   "The endpoint override “%s” must be a base URL without user or query", base_url);
      return NULL;
    }

  path = g_uri_get_path (uri);
  text = g_uri_to_string (uri);
  if (path != NULL && g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return g_steal_pointer (&text);
}
