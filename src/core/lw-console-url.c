/* lw-console-url.c — "Open in console" links on the international console
 *
 * Formats (https, the alibabacloud.com console of the international site):
 *   NLB instance      slb.console.alibabacloud.com/nlb/<region>/nlbs/<id>
 *   NLB server group  slb.console.alibabacloud.com/nlb/<region>/server-groups/<id>
 *   endpoint service  vpc.console.alibabacloud.com/endpointservice/<region>/endpointservices/<id>
 *   RDS instance      rds.console.alibabacloud.com/detail/<id>/basicInfo?region=<region>
 * The seed guide names the host and list pages of the first three (slb.console.alibabacloud.com/nlb/
 * ap-southeast-1/server-groups, slb.console.alibabacloud.com/nlb, vpc.console.alibabacloud.com/
 * endpointservice); the detail routes append the resource ID to the region's list page, as the
 * consoles' own list links do (Alibaba Cloud help pages link …/nlb/<region>/nlbs and
 * …/endpointservice/<region>/endpointservices). The RDS route is the one Alibaba Cloud's own ROS
 * templates output for an instance.
 *   PolarDB cluster   polardb.console.alibabacloud.com/<region>/cluster/<id>
 *   ECS instance      ecs.console.alibabacloud.com/#/server/<id>/detail?regionId=<region>
 *   security group    ecs.console.alibabacloud.com/#/securityGroupDetail/region/<region>/groupId/<id>/rule/intranetIngress
 * The ECS instance route is the TypePageLink that Resource Center's official SDK models give as the
 * example for ACS::ECS::Instance (ListSupportedProducts: …/#/server/@{ResourceId}/detail?regionId=
 * @{RegionId}); the security group route (its inbound rules for the VPC) is the link of the official
 * Security Center SDK's example answers; the PolarDB route is the cluster page the consoles' resource
 * links use (…/{regionId}/cluster/{id}), not confirmed by an official page: the cluster list of the
 * region is one click away if it changes. All on the international host (alibabacloud.com), as above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-console-url"

#include <string.h>

#include "lw-console-url.h"

static gboolean
id_shaped (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 128)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_' || *p == '.'))
      return FALSE;
  return TRUE;
}

char *
lw_console_url (LwConsoleKind  kind,
                const char    *region_id,
                const char    *resource_id)
{
  g_autofree char *region = NULL;
  g_autofree char *id = NULL;

  if (!id_shaped (region_id) || !id_shaped (resource_id))
    return NULL;
  region = g_uri_escape_string (region_id, NULL, FALSE);
  id = g_uri_escape_string (resource_id, NULL, FALSE);

  switch (kind)
    {
    case LW_CONSOLE_NLB_INSTANCE:
      return g_strdup_printf ("https://slb.console.alibabacloud.com/nlb/%s/nlbs/%s", region, id);
    case LW_CONSOLE_NLB_SERVER_GROUP:
      return g_strdup_printf ("https://slb.console.alibabacloud.com/nlb/%s/server-groups/%s", region, id);
    case LW_CONSOLE_ENDPOINT_SERVICE:
      return g_strdup_printf ("https://vpc.console.alibabacloud.com/endpointservice/%s/endpointservices/%s",
                              region, id);
    case LW_CONSOLE_RDS_INSTANCE:
      return g_strdup_printf ("https://rds.console.alibabacloud.com/detail/%s/basicInfo?region=%s", id, region);
    case LW_CONSOLE_POLARDB_CLUSTER:
      return g_strdup_printf ("https://polardb.console.alibabacloud.com/%s/cluster/%s", region, id);
    case LW_CONSOLE_ECS_INSTANCE:
      return g_strdup_printf ("https://ecs.console.alibabacloud.com/#/server/%s/detail?regionId=%s", id, region);
    case LW_CONSOLE_ECS_SECURITY_GROUP:
      return g_strdup_printf ("https://ecs.console.alibabacloud.com/#/securityGroupDetail/region/%s/groupId/%s/rule/intranetIngress",
                              region, id);
    default:
      g_return_val_if_reached (NULL);
    }
}
