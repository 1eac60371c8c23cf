/* lw-ram-policy.c — the least-privilege RAM policy for Linkwright's AccessKey
 *
 * One table: every Alibaba Cloud RAM action that the assistant's pages, the account check, preflight,
 * setup (runner), health check (with backend repair and whitelist fix) and teardown/rollback call, with
 * the resource ARN patterns where the action's API reference page ("Authorization information" / "RAM
 * authorization" table) scopes it, and that page as the source. Where the table could not be read or
 * confirmed, the entry says so and uses "*" (never a guessed narrower scope, which would break the call).
 * tests/core/test-ram-policy.c proves the table is exact: a key holding only this policy completes every
 * flow, the set of actions the simulator logged equals the table's called actions, and removing any one
 * of them makes preflight (or the flow that needs it) fail naming it.
 *
 * Sources, as read with the project's documentation search (2026-12-03):
 *   NLB-RAM   https://www.alibabacloud.com/help/zh/slb/network-load-balancer/developer-reference/api-nlb-2022-04-30-ram
 *             (NLB's RAM code is "nlb", granularity RESOURCE; rows seen: DeleteServerGroup, CreateListener, TagResources)
 *   PL-RAM    https://help.aliyun.com/document_detail/469319.html (PrivateLink's RAM code "privatelink", RESOURCE)
 *   NLB-FULL  https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunnlbfullaccess
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-ram-policy"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lw-ram-policy.h"

#define NLB_API(a) "https://www.alibabacloud.com/help/en/slb/network-load-balancer/developer-reference/api-nlb-2022-04-30-" a
#define PL_API(a)  "https://www.alibabacloud.com/help/en/privatelink/developer-reference/api-privatelink-2020-04-15-" a
#define RDS_API(a) "https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-" a
#define VPC_API(a) "https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-" a
#define POLARDB_API(a) "https://www.alibabacloud.com/help/en/polardb/api-polardb-2017-08-01-" a
#define ECS_API(a) "https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-" a
/* ECS's table of RAM authentication rules (Action → the ARNs checked), doc-detail/25497: the security group
 * calls check acs:ecs:$regionid:$accountid:securitygroup/$securitygroupid, DescribeInstances
 * acs:ecs:$regionid:$accountid:instance/ *. */
#define ECS_RAM "https://www.alibabacloud.com/help/doc-detail/25497.htm"
#define RDS_ONLY LW_RAM_KIND (LW_SOURCE_KIND_RDS)
#define POLARDB_ONLY LW_RAM_KIND (LW_SOURCE_KIND_POLARDB)
#define ECS_ONLY LW_RAM_KIND (LW_SOURCE_KIND_ECS)

/* "unconfirmed" below: the page's table could not be read in full; "*" is used. */
static const LwRamAction actions[] = {
  /* ---- NLB ---- */
  /* unconfirmed → "*". Async: the runner polls ListServerGroups. */
  { "nlb:CreateServerGroup", "nlb", "*", NULL, "preflight setup", LW_RAM_PROBE_DRY_RUN, NLB_API ("createservergroup") },
  /* unconfirmed → "*" (a List action; NLB's List actions seen were "All Resources"). */
  { "nlb:ListServerGroups", "nlb", "*", NULL, "setup", LW_RAM_PROBE_READ, NLB_API ("listservergroups") },
  /* NLB-RAM row: *ServerGroup acs:nlb:{#regionId}:{#accountId}:servergroup/{#ServerGroupId}. */
  { "nlb:DeleteServerGroup", "nlb", "acs:nlb:{regionId}:{accountId}:servergroup/*", NULL, "teardown",
    LW_RAM_PROBE_DRY_RUN, NLB_API ("deleteservergroup") },
  /* unconfirmed → "*". Also the health repair (the new backend). */
  { "nlb:AddServersToServerGroup", "nlb", "*", NULL, "preflight setup repair", LW_RAM_PROBE_DRY_RUN,
    NLB_API ("addserverstoservergroup") },
  /* Page: nlb:ListServerGroupServers, List, resource column empty = All Resources → "*". */
  { "nlb:ListServerGroupServers", "nlb", "*", NULL, "setup health repair", LW_RAM_PROBE_READ,
    "https://www.alibabacloud.com/help/en/slb/api-listservergroupservers-nlb" },
  /* unconfirmed → "*". Teardown and the health repair (the old backend). */
  { "nlb:RemoveServersFromServerGroup", "nlb", "*", NULL, "repair teardown", LW_RAM_PROBE_DRY_RUN,
    NLB_API ("removeserversfromservergroup") },
  /* unconfirmed → "*". The page says the service-linked role AliyunServiceRoleForNlb is created with the
   * first NLB: see ram:CreateServiceLinkedRole below. */
  { "nlb:CreateLoadBalancer", "nlb", "*", NULL, "preflight setup", LW_RAM_PROBE_DRY_RUN, NLB_API ("createloadbalancer") },
  /* unconfirmed → "*". */
  { "nlb:GetLoadBalancerAttribute", "nlb", "*", NULL, "setup", LW_RAM_PROBE_READ, NLB_API ("getloadbalancerattribute") },
  /* unconfirmed → "*" (List action). The account check. */
  { "nlb:ListLoadBalancers", "nlb", "*", NULL, "check", LW_RAM_PROBE_READ, NLB_API ("listloadbalancers") },
  /* unconfirmed → "*". Teardown, and a load balancer that ended in CreateFailed. */
  { "nlb:DeleteLoadBalancer", "nlb", "*", NULL, "setup teardown", LW_RAM_PROBE_DRY_RUN, NLB_API ("deleteloadbalancer") },
  /* NLB-RAM row: *ServerGroup acs:nlb:{#regionId}:{#accountId}:servergroup/{#ServerGroupId}, SecurityPolicy …;
   * the rest of the row was cut off, so the load balancer and listener types are allowed too (same
   * region and account) in case the row names them. */
  { "nlb:CreateListener", "nlb",
    "acs:nlb:{regionId}:{accountId}:servergroup/* acs:nlb:{regionId}:{accountId}:loadbalancer/* "
    "acs:nlb:{regionId}:{accountId}:listener/*", NULL, "preflight setup", LW_RAM_PROBE_DRY_RUN, NLB_API ("createlistener") },
  /* unconfirmed → "*". */
  { "nlb:GetListenerAttribute", "nlb", "*", NULL, "setup health", LW_RAM_PROBE_READ, NLB_API ("getlistenerattribute") },
  /* unconfirmed → "*". */
  { "nlb:DeleteListener", "nlb", "*", NULL, "teardown", LW_RAM_PROBE_DRY_RUN, NLB_API ("deletelistener") },
  /* unconfirmed → "*". Deletes are asynchronous: the runner waits on the job. */
  { "nlb:GetJobStatus", "nlb", "*", NULL, "teardown", LW_RAM_PROBE_READ, NLB_API ("getjobstatus") },

  /* ---- PrivateLink ---- */
  /* unconfirmed → "*" (account-level call). Also the account check's PrivateLink read. */
  { "privatelink:CheckProductOpen", "privatelink", "*", NULL, "preflight check", LW_RAM_PROBE_READ,
    PL_API ("checkproductopen") },
  /* Page (help doc-detail/183543, "PrivateLink:ListVpcEndpointServices", Authorization information):
   * Read, VpcEndpointService acs:privatelink:{#regionId}:{#accountId}:vpcendpointservice/(all). */
  { "privatelink:ListVpcEndpointServices", "privatelink",
    "acs:privatelink:{regionId}:{accountId}:vpcendpointservice/*", NULL, "check", LW_RAM_PROBE_READ,
    PL_API ("listvpcendpointservices") },
  /* unconfirmed → "*". Not probed: it activates PrivateLink, so it is only sent after the user agreed
   * (the "privatelink-open" check failed); it has no DryRun. */
  { "privatelink:OpenPrivateLinkService", "privatelink", "*", NULL, "preflight", LW_RAM_PROBE_NONE,
    PL_API ("openprivatelinkservice") },
  /* Page (zh, alibabacloud.com/help/zh/privatelink/api-createvpcendpointservice): *VpcEndpointService
   * acs:privatelink:{#regionId}:{#accountId}:vpcendpointservice/(all), *LoadBalancer
   * acs:nlb:{#regionId}:{#accountId}:loadbalancer/{#LoadBalancerId} (also alb/slb/NAT, which we do not use). */
  { "privatelink:CreateVpcEndpointService", "privatelink",
    "acs:privatelink:{regionId}:{accountId}:vpcendpointservice/* acs:nlb:{regionId}:{accountId}:loadbalancer/*", NULL,
    "preflight setup", LW_RAM_PROBE_DRY_RUN, PL_API ("createvpcendpointservice") },
  /* unconfirmed → "*". */
  { "privatelink:GetVpcEndpointServiceAttribute", "privatelink", "*", NULL, "setup", LW_RAM_PROBE_READ,
    PL_API ("getvpcendpointserviceattribute") },
  /* unconfirmed → "*". */
  { "privatelink:DeleteVpcEndpointService", "privatelink", "*", NULL, "teardown", LW_RAM_PROBE_DRY_RUN,
    PL_API ("deletevpcendpointservice") },
  /* PL-RAM row: VpcEndpointService acs:privatelink:{#regionId}:{#accountId}:vpcendpointservice/{#ServiceId}. */
  { "privatelink:AddUserToVpcEndpointService", "privatelink",
    "acs:privatelink:{regionId}:{accountId}:vpcendpointservice/*", NULL, "preflight setup", LW_RAM_PROBE_DRY_RUN,
    PL_API ("addusertovpcendpointservice") },
  /* unconfirmed → "*". */
  { "privatelink:ListVpcEndpointServiceUsers", "privatelink", "*", NULL, "setup", LW_RAM_PROBE_READ,
    PL_API ("listvpcendpointserviceusers") },
  /* unconfirmed → "*". */
  { "privatelink:RemoveUserFromVpcEndpointService", "privatelink", "*", NULL, "teardown", LW_RAM_PROBE_DRY_RUN,
    PL_API ("removeuserfromvpcendpointservice") },
  /* unconfirmed → "*". */
  { "privatelink:ListVpcEndpointConnections", "privatelink", "*", NULL, "setup health", LW_RAM_PROBE_READ,
    PL_API ("listvpcendpointconnections") },
  /* unconfirmed → "*". */
  { "privatelink:EnableVpcEndpointConnection", "privatelink", "*", NULL, "setup", LW_RAM_PROBE_DRY_RUN,
    PL_API ("enablevpcendpointconnection") },
  /* unconfirmed → "*". */
  { "privatelink:DisableVpcEndpointConnection", "privatelink", "*", NULL, "teardown", LW_RAM_PROBE_DRY_RUN,
    PL_API ("disablevpcendpointconnection") },

  /* ---- RDS ---- (the RDS pages' tables were not readable in the excerpts: all unconfirmed → "*") */
  /* The Account page's regions and the account check's RDS read: every kind. */
  { "rds:DescribeRegions", "rds", "*", NULL, "account", LW_RAM_PROBE_READ, RDS_API ("describeregions") },
  { "rds:DescribeDBInstances", "rds", "*", NULL, "account check", LW_RAM_PROBE_READ, RDS_API ("describedbinstances") },
  { "rds:DescribeDBInstanceAttribute", "rds", "*", NULL, "preflight", LW_RAM_PROBE_READ,
    RDS_API ("describedbinstanceattribute"), RDS_ONLY },
  { "rds:DescribeDBInstanceNetInfo", "rds", "*", NULL, "account health repair", LW_RAM_PROBE_READ,
    RDS_API ("describedbinstancenetinfo"), RDS_ONLY },
  { "rds:DescribeDBInstanceIPArrayList", "rds", "*", NULL, "account preflight setup", LW_RAM_PROBE_READ,
    RDS_API ("describedbinstanceiparraylist"), RDS_ONLY },
  /* Only with "fix the whitelist" (its own group, removed again on teardown). RDS documents no DryRun
   * for it, so preflight probes it only when the fix is chosen (then its DryRun is sent, as before). */
  { "rds:ModifySecurityIps", "rds", "*", NULL, "setup teardown", LW_RAM_PROBE_NONE,
    "https://www.alibabacloud.com/help/en/rds/api-modify-ip-address-whitelist", RDS_ONLY },

  /* ---- PolarDB (PolarDB for MySQL sources) ---- */
  /* unconfirmed → "*" (a Describe of the region's clusters: the source picker). */
  { "polardb:DescribeDBClusters", "polardb", "*", NULL, "account", LW_RAM_PROBE_READ,
    POLARDB_API ("describedbclusters"), POLARDB_ONLY },
  /* unconfirmed → "*". Preflight: exists, running, MySQL, VPC. */
  { "polardb:DescribeDBClusterAttribute", "polardb", "*", NULL, "preflight", LW_RAM_PROBE_READ,
    POLARDB_API ("describedbclusterattribute"), POLARDB_ONLY },
  /* unconfirmed → "*". The private endpoint address: picker, preflight, health check, drift repair. */
  { "polardb:DescribeDBClusterEndpoints", "polardb", "*", NULL, "account preflight health repair", LW_RAM_PROBE_READ,
    POLARDB_API ("describedbclusterendpoints"), POLARDB_ONLY },
  /* unconfirmed → "*". The whitelist: Network page, preflight, the fix's verification, health check. */
  { "polardb:DescribeDBClusterAccessWhitelist", "polardb", "*", NULL, "account preflight setup health",
    LW_RAM_PROBE_READ, POLARDB_API ("describedbclusteraccesswhitelist"), POLARDB_ONLY },
  /* Page's RAM table: update, *dbcluster acs:polardb:{#regionId}:{#accountId}:dbcluster/{#dbclusterId}.
   * Only with the whitelist fix. Not probed: the API has no DryRun, and a real call would change the
   * whitelist; a missing permission stops the whitelist step cleanly. */
  { "polardb:ModifyDBClusterAccessWhitelist", "polardb", "acs:polardb:{regionId}:{accountId}:dbcluster/*", NULL,
    "setup teardown", LW_RAM_PROBE_NONE, POLARDB_API ("modifydbclusteraccesswhitelist"), POLARDB_ONLY },

  /* ---- ECS (MySQL on ECS sources) ---- */
  /* ECS-RAM: instance/ *. The picker, preflight (also its DryRun), health check, drift repair, and the rule
   * step when the setup names no security group. */
  { "ecs:DescribeInstances", "ecs", "acs:ecs:{regionId}:{accountId}:instance/*", NULL,
    "account preflight setup health repair", LW_RAM_PROBE_DRY_RUN, ECS_API ("describeinstances") " + " ECS_RAM,
    ECS_ONLY },
  /* ECS-RAM: securitygroup/$securitygroupid. */
  { "ecs:DescribeSecurityGroupAttribute", "ecs", "acs:ecs:{regionId}:{accountId}:securitygroup/*", NULL,
    "account preflight setup health teardown", LW_RAM_PROBE_READ,
    ECS_API ("describesecuritygroupattribute") " + " ECS_RAM, ECS_ONLY },
  /* ECS-RAM: securitygroup/$securitygroupid. Only with the rule fix; not probed (no DryRun: a real call
   * would add a rule). */
  { "ecs:AuthorizeSecurityGroup", "ecs", "acs:ecs:{regionId}:{accountId}:securitygroup/*", NULL, "setup",
    LW_RAM_PROBE_NONE, ECS_API ("authorizesecuritygroup") " + " ECS_RAM, ECS_ONLY },
  /* ECS-RAM: securitygroup/$securitygroupid. Teardown of the rule fix; not probed (no DryRun). */
  { "ecs:RevokeSecurityGroup", "ecs", "acs:ecs:{regionId}:{accountId}:securitygroup/*", NULL, "teardown",
    LW_RAM_PROBE_NONE, ECS_API ("revokesecuritygroup") " + " ECS_RAM, ECS_ONLY },

  /* ---- VPC ---- */
  /* Page: vpc:DescribeVSwitches, List, resource column empty = All Resources → "*". */
  { "vpc:DescribeVSwitches", "vpc", "*", NULL, "account check", LW_RAM_PROBE_READ,
    "https://www.alibabacloud.com/help/doc-detail/35748.html" },

  /* ---- RAM (dependent: the service calls it, Linkwright does not) ---- */
  /* The first NLB of an account creates the service-linked role AliyunServiceRoleForNlb (CreateLoadBalancer
   * page, operation description); the system policy AliyunNLBFullAccess (NLB-FULL) grants exactly this,
   * limited by the condition below. */
  { "ram:CreateServiceLinkedRole", NULL, "*", "{\"StringEquals\":{\"ram:ServiceName\":\"nlb.aliyuncs.com\"}}",
    "setup", LW_RAM_PROBE_NONE, NLB_API ("createloadbalancer") " + https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunnlbfullaccess" },
};

/* https://help.aliyun.com/en/ram/developer-reference/api-sts-2015-04-01-getcalleridentity: "RAM
 * authorization: No authorization for this operation." */
static const char * const exempt[] = { "sts:GetCallerIdentity", NULL };

const LwRamAction *
lw_ram_policy_get_actions (guint *n_actions)
{
  if (n_actions != NULL)
    *n_actions = G_N_ELEMENTS (actions);
  return actions;
}

gboolean
lw_ram_action_for_kind (const LwRamAction *action, LwSourceKind kind)
{
  return action->kinds == 0 || (action->kinds & LW_RAM_KIND (kind)) != 0;
}

const LwRamAction *
lw_ram_policy_lookup (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_ascii_strcasecmp (actions[i].action, action) == 0)
      return &actions[i];
  return NULL;
}

char *
lw_ram_policy_action_name (const char *product, const char *api_action)
{
  g_autofree char *lower = g_ascii_strdown (product, -1);

  return g_strconcat (lower, ":", api_action, NULL);
}

const char * const *
lw_ram_policy_get_exempt_actions (void)
{
  return exempt;
}

static char *
substitute (const char *pattern, const char *region_id, const char *account_id)
{
  g_autoptr(GString) s = g_string_new (pattern);

  g_string_replace (s, "{regionId}", region_id != NULL && *region_id ? region_id : "*", 0);
  g_string_replace (s, "{accountId}", account_id != NULL && *account_id ? account_id : "*", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct {
  char *key;          /* resources + "\n" + condition */
  GPtrArray *actions; /* borrowed names */
  const LwRamAction *first;
} Group;

static void
group_free (Group *g)
{
  g_free (g->key);
  g_ptr_array_unref (g->actions);
  g_free (g);
}

static char *
policy_to_json (int kind, const char *region_id, const char *account_id, const char * const *omit)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify)group_free);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  /* Group by (resources, condition), in table order of each group's first action. */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *key = g_strconcat (actions[i].resources, "\n", actions[i].condition ? actions[i].condition : "", NULL);
      Group *g = NULL;

      if (omit != NULL && g_strv_contains (omit, actions[i].action))
        continue;
      if (kind >= 0 && !lw_ram_action_for_kind (&actions[i], (LwSourceKind) kind))
        continue;
      for (guint j = 0; j < groups->len && g == NULL; j++)
        if (g_str_equal (((Group *)g_ptr_array_index (groups, j))->key, key))
          g = g_ptr_array_index (groups, j);
      if (g == NULL)
        {
          g = g_new0 (Group, 1);
          g->key = g_steal_pointer (&key);
          g->actions = g_ptr_array_new ();
          g->first = &actions[i];
          g_ptr_array_add (groups, g);
        }
      g_ptr_array_add (g->actions, (gpointer)actions[i].action);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Version");
  json_builder_add_string_value (b, "1");
  json_builder_set_member_name (b, "Statement");
  json_builder_begin_array (b);
  for (guint j = 0; j < groups->len; j++)
    {
      Group *g = g_ptr_array_index (groups, j);
      g_auto(GStrv) resources = g_strsplit (g->first->resources, " ", -1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Effect");
      json_builder_add_string_value (b, "Allow");
      json_builder_set_member_name (b, "Action");
      json_builder_begin_array (b);
      for (guint k = 0; k < g->actions->len; k++)
        json_builder_add_string_value (b, g_ptr_array_index (g->actions, k));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "Resource");
      json_builder_begin_array (b);
      for (guint k = 0; resources[k]; k++)
        {
          g_autofree char *arn = substitute (resources[k], region_id, account_id);
          json_builder_add_string_value (b, arn);
        }
      json_builder_end_array (b);
      if (g->first->condition != NULL)
        {
          g_autoptr(JsonNode) cond = json_from_string (g->first->condition, NULL);
          json_builder_set_member_name (b, "Condition");
          json_builder_add_value (b, g_steal_pointer (&cond));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

char *
lw_ram_policy_to_json_full (const char *region_id, const char *account_id, const char * const *omit)
{
  return policy_to_json (-1, region_id, account_id, omit);
}

char *
lw_ram_policy_to_json_for_kind (LwSourceKind kind, const char *region_id, const char *account_id,
                                const char * const *omit)
{
  return policy_to_json ((int) kind, region_id, account_id, omit);
}

char *
lw_ram_policy_to_json (const char *region_id, const char *account_id)
{
  return lw_ram_policy_to_json_full (region_id, account_id, NULL);
}
