/* lw-ecs.c: ECS 2014-05-26 (self-managed MySQL on an ECS instance as a source)
 *
 * The request side of every ECS action Linkwright sends, as data (lw-wire.h), from the pinned
 * official SDK @alicloud/ecs20140526 (tests/conformance/package.json), whose client.ts puts every
 * parameter of these actions in the query. InstanceIds is one string (a JSON array of IDs), as
 * the model types it; Permissions is an array of objects flattened to Permissions.N.Member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-ecs"

#include "lw-wire.h"

static const LwWireParam ecs_instances_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("VpcId", QUERY), LW_P_STR ("VSwitchId", QUERY),
  LW_P_STR ("ZoneId", QUERY), LW_P_STR ("InstanceIds", QUERY), LW_P_STR ("InstanceName", QUERY),
  LW_P_STR ("InstanceNetworkType", QUERY), LW_P_STR ("Status", QUERY),
  LW_P_STR ("PrivateIpAddresses", QUERY), LW_P_NUM ("PageNumber", QUERY), LW_P_NUM ("PageSize", QUERY),
  LW_P_STR ("NextToken", QUERY), LW_P_NUM ("MaxResults", QUERY), LW_P_BOOL ("DryRun", QUERY),
  LW_WIRE_END
};
static const LwWireParam ecs_sg_attribute_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("SecurityGroupId", QUERY), LW_P_STR ("Direction", QUERY),
  LW_P_STR ("NicType", QUERY), LW_P_STR ("NextToken", QUERY), LW_P_NUM ("MaxResults", QUERY),
  LW_WIRE_END
};
static const LwWireParam ecs_permission_members[] = {
  LW_M_STR ("IpProtocol"), LW_M_STR ("PortRange"), LW_M_STR ("SourceCidrIp"), LW_M_STR ("Policy"),
  LW_M_STR ("Priority"), LW_M_STR ("Description"), LW_M_STR ("NicType"), LW_WIRE_END
};
static const LwWireParam ecs_authorize_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("SecurityGroupId", QUERY), LW_P_STR ("ClientToken", QUERY),
  LW_P_OBJS ("Permissions", QUERY, ecs_permission_members), LW_WIRE_END
};
static const LwWireParam ecs_revoke_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("SecurityGroupId", QUERY), LW_P_STR ("ClientToken", QUERY),
  LW_P_STRS ("SecurityGroupRuleId", QUERY), LW_P_OBJS ("Permissions", QUERY, ecs_permission_members),
  LW_WIRE_END
};

#define ECS(action, params, page_size) \
  { LW_PRODUCT_ECS, action, params, NULL, NULL, NULL, LW_WIRE_PAGES_NONE, page_size, FALSE }

const LwWireCall lw_ecs_wire_calls[] = {
  ECS ("DescribeInstances", ecs_instances_params, 100),
  ECS ("DescribeSecurityGroupAttribute", ecs_sg_attribute_params, 0),
  ECS ("AuthorizeSecurityGroup", ecs_authorize_params, 0),
  ECS ("RevokeSecurityGroup", ecs_revoke_params, 0),
  { 0 }
};
