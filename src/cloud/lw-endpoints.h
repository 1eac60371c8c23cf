/* lw-endpoints.h: products, API versions, hosts per region, endpoint override
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LW_PRODUCT_STS,
  LW_PRODUCT_RDS,
  LW_PRODUCT_VPC,
  LW_PRODUCT_NLB,
  LW_PRODUCT_PRIVATELINK,
  LW_PRODUCT_POLARDB,
  LW_PRODUCT_ECS,
} LwProduct;

#define LW_PRODUCT_LAST LW_PRODUCT_ECS

/* "sts", "rds", "vpc", "nlb", "privatelink", "polardb", "ecs" */
const char *lw_product_get_name         (LwProduct    product);
/* "2015-04-01", "2014-08-15", "2016-04-28", "2022-04-30", "2020-04-15", "2017-08-01", "2014-05-26" */
const char *lw_product_get_version      (LwProduct    product);
/* Case-insensitive lookup of a product name. */
gboolean    lw_product_from_name        (const char  *name,
                                         LwProduct   *product);
/* TRUE when the official SDKs send this product's parameters in a form body (NLB; PolarDB, whose
 * @alicloud/polardb20170801 sends every parameter in the body through @alicloud/rpc-client), FALSE
 * for the query string (STS, RDS, VPC, PrivateLink, ECS). */
gboolean    lw_product_params_in_body   (LwProduct    product);

/* The public host for @product in @region_id (central hosts for RDS/VPC where their endpoint
 * maps say so, regional for NLB/PrivateLink, sts.aliyuncs.com for STS). */
char       *lw_endpoints_get_host       (LwProduct    product,
                                         const char  *region_id);

#define LW_TIDB_SERVERLESS_BASE_URL "https://serverless.tidbapi.com"
#define LW_TIDB_IAM_BASE_URL        "https://iam.tidbapi.com"

/* Checks an endpoint override base URL ("https://host[:port]" or "http://127.0.0.1:PORT").
 * Plain http is refused unless the host is loopback (127.0.0.0/8, ::1, localhost).
 * Returns the normalised base URL without a trailing slash, or NULL with
 * LW_CLOUD_ERROR_INVALID_INPUT. */
char       *lw_endpoints_check_override (const char  *base_url,
                                         GError     **error);

G_END_DECLS
