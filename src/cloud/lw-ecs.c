/* lw-ecs.c: ECS 2014-05-26 (self-managed MySQL on an ECS instance as a source)
 *
 * The request side of every ECS action Linkwright sends, as data (lw-wire.h), from the pinned
 * official SDK @alicloud/ecs20140526 (tests/conformance/package.json), whose client.ts puts every
 * parameter of these actions in the query. InstanceIds is one string (a JSON array of IDs), as
 * the model types it; Permissions is an array of objects flattened to Permissions.N.Member.
 *
 * Answers are parsed by the structs described below: the fields the typed calls read are declared
 * there, and tests/core/test-wire-alibaba.c holds them (and the requests) to the official model
 * (tests/data/alibaba-official-models-polardb-ecs.json, generated from the pinned SDK).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-ecs"

#include "lw-cloud-private.h"
#include "lw-ecs.h"
#include "lw-wire.h"

/* Requests */

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

/* Answers */

static const LwWireStruct network_interface_struct = {
  sizeof (LwEcsNetworkInterface), (const LwWireField[]) {
    LW_F_STR ("NetworkInterfaceId", LwEcsNetworkInterface, network_interface_id),
    LW_F_STR ("Type", LwEcsNetworkInterface, type),
    LW_F_STR ("PrimaryIpAddress", LwEcsNetworkInterface, primary_ip_address),
    LW_F_END }, (GDestroyNotify) lw_ecs_network_interface_free
};

static const LwWireStruct instance_struct = {
  sizeof (LwEcsInstance), (const LwWireField[]) {
    LW_F_STR ("InstanceId", LwEcsInstance, instance_id),
    LW_F_STR ("InstanceName", LwEcsInstance, instance_name),
    LW_F_STR ("Status", LwEcsInstance, status),
    LW_F_STR ("InstanceNetworkType", LwEcsInstance, network_type),
    LW_F_STR ("RegionId", LwEcsInstance, region_id),
    LW_F_STR ("ZoneId", LwEcsInstance, zone_id),
    LW_F_STR ("VpcAttributes.VpcId", LwEcsInstance, vpc_id),
    LW_F_STR ("VpcAttributes.VSwitchId", LwEcsInstance, vswitch_id),
    LW_F_STRV ("VpcAttributes.PrivateIpAddress.IpAddress", LwEcsInstance, private_ips),
    LW_F_STRV ("InnerIpAddress.IpAddress", LwEcsInstance, inner_ips),
    LW_F_STRV ("SecurityGroupIds.SecurityGroupId", LwEcsInstance, security_group_ids),
    LW_F_LIST ("NetworkInterfaces.NetworkInterface", LwEcsInstance, network_interfaces, &network_interface_struct),
    LW_F_END }, (GDestroyNotify) lw_ecs_instance_free
};

static const LwWireStruct instance_page_struct = {
  sizeof (LwEcsInstancePage), (const LwWireField[]) {
    LW_F_LIST ("Instances.Instance", LwEcsInstancePage, instances, &instance_struct),
    LW_F_UINT ("PageNumber", LwEcsInstancePage, page_number),
    LW_F_UINT ("PageSize", LwEcsInstancePage, page_size),
    LW_F_UINT ("TotalCount", LwEcsInstancePage, total_count),
    LW_F_STR ("NextToken", LwEcsInstancePage, next_token),
    LW_F_STR ("RequestId", LwEcsInstancePage, request_id),
    LW_F_END }, (GDestroyNotify) lw_ecs_instance_page_free
};

static const LwWireStruct rule_struct = {
  sizeof (LwEcsRule), (const LwWireField[]) {
    LW_F_STR ("SecurityGroupRuleId", LwEcsRule, rule_id),
    LW_F_STR ("Direction", LwEcsRule, direction),
    LW_F_STR ("IpProtocol", LwEcsRule, ip_protocol),
    LW_F_STR ("PortRange", LwEcsRule, port_range),
    LW_F_STR ("SourceCidrIp", LwEcsRule, source_cidr_ip),
    LW_F_STR ("Policy", LwEcsRule, policy),
    LW_F_STR ("Priority", LwEcsRule, priority),
    LW_F_STR ("Description", LwEcsRule, description),
    LW_F_STR ("NicType", LwEcsRule, nic_type),
    LW_F_END }, (GDestroyNotify) lw_ecs_rule_free
};

static const LwWireStruct security_group_struct = {
  sizeof (LwEcsSecurityGroup), (const LwWireField[]) {
    LW_F_STR ("SecurityGroupId", LwEcsSecurityGroup, security_group_id),
    LW_F_STR ("SecurityGroupName", LwEcsSecurityGroup, security_group_name),
    LW_F_STR ("VpcId", LwEcsSecurityGroup, vpc_id),
    LW_F_STR ("RegionId", LwEcsSecurityGroup, region_id),
    LW_F_LIST ("Permissions.Permission", LwEcsSecurityGroup, rules, &rule_struct),
    LW_F_STR ("RequestId", LwEcsSecurityGroup, request_id),
    LW_F_END }, (GDestroyNotify) lw_ecs_security_group_free
};

#define ECS(action, params, result, page_size) \
  { LW_PRODUCT_ECS, action, params, NULL, result, NULL, LW_WIRE_PAGES_NONE, page_size, FALSE }

/* DescribeInstances is described by its page; lw_ecs_describe_all_instances_* follows NextToken
 * itself (MaxResults 100, the documented maximum). */
const LwWireCall lw_ecs_wire_calls[] = {
  ECS ("DescribeInstances", ecs_instances_params, &instance_page_struct, 100),
  ECS ("DescribeSecurityGroupAttribute", ecs_sg_attribute_params, &security_group_struct, 0),
  ECS ("AuthorizeSecurityGroup", ecs_authorize_params, NULL, 0),
  ECS ("RevokeSecurityGroup", ecs_revoke_params, NULL, 0),
  { 0 }
};

#define ecs_call(action) lw_wire_get (LW_PRODUCT_ECS, action)

void lw_ecs_network_interface_free (LwEcsNetworkInterface *self) { lw_wire_free_struct (&network_interface_struct, self); }
void lw_ecs_instance_free (LwEcsInstance *self) { lw_wire_free_struct (&instance_struct, self); }
void lw_ecs_instance_page_free (LwEcsInstancePage *self) { lw_wire_free_struct (&instance_page_struct, self); }
void lw_ecs_rule_free (LwEcsRule *self) { lw_wire_free_struct (&rule_struct, self); }
void lw_ecs_security_group_free (LwEcsSecurityGroup *self) { lw_wire_free_struct (&security_group_struct, self); }

const char *
lw_ecs_instance_get_private_ip (const LwEcsInstance *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->private_ips != NULL && self->private_ips[0] != NULL && *self->private_ips[0] != '\0')
    return self->private_ips[0];
  if (self->inner_ips != NULL && self->inner_ips[0] != NULL && *self->inner_ips[0] != '\0')
    return self->inner_ips[0];
  return NULL;
}

/* DescribeInstances */

static char *
json_string_array (const char * const *values)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static guint
query_page_size (const LwEcsInstanceQuery *query)
{
  return (query != NULL && query->page_size > 0) ? MIN (query->page_size, 100) : 100;
}

static LwParams *
instance_query_params (LwRpcClient              *client,
                       const LwEcsInstanceQuery *query)
{
  LwParams *p = lw_region_params (client);

  if (query == NULL)
    return p;
  lw_params_add_nonnull (p, "VpcId", query->vpc_id);
  lw_params_add_nonnull (p, "VSwitchId", query->vswitch_id);
  lw_params_add_nonnull (p, "ZoneId", query->zone_id);
  lw_params_add_nonnull (p, "Status", query->status);
  lw_params_add_nonnull (p, "InstanceNetworkType", query->network_type);
  lw_params_add_nonnull (p, "InstanceName", query->instance_name);
  /* One string holding a JSON array, as the model types InstanceIds and PrivateIpAddresses. */
  if (query->instance_ids != NULL && query->instance_ids[0] != NULL)
    {
      g_autofree char *ids = json_string_array (query->instance_ids);
      lw_params_add (p, "InstanceIds", ids);
    }
  if (query->private_ips != NULL && query->private_ips[0] != NULL)
    {
      g_autofree char *ips = json_string_array (query->private_ips);
      lw_params_add (p, "PrivateIpAddresses", ips);
    }
  return p;
}

void
lw_ecs_describe_instances_async (LwRpcClient              *client,
                                 const LwEcsInstanceQuery *query,
                                 guint                     page_number,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  LwParams *p = instance_query_params (client, query);

  lw_params_add_uint (p, "PageNumber", MAX (page_number, 1));
  lw_params_add_uint (p, "PageSize", query_page_size (query));
  lw_wire_call_async (client, ecs_call ("DescribeInstances"), p, LW_CALL_FLAGS_NONE,
                      lw_ecs_describe_instances_async, cancellable, callback, user_data);
}

LwEcsInstancePage *
lw_ecs_describe_instances_finish (LwRpcClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return lw_typed_call_finish (client, result, lw_ecs_describe_instances_async, error);
}

static gboolean
parse_instances_into (JsonObject  *response,
                      GPtrArray   *items,
                      GError     **error)
{
  LwEcsInstancePage *page = lw_wire_parse_struct (&instance_page_struct, response);

  g_ptr_array_extend_and_steal (items, g_steal_pointer (&page->instances));
  lw_ecs_instance_page_free (page);
  return TRUE;
}

void
lw_ecs_describe_all_instances_async (LwRpcClient              *client,
                                     const LwEcsInstanceQuery *query,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  lw_paged_call (client, LW_PRODUCT_ECS, "DescribeInstances", instance_query_params (client, query),
                 LW_PAGING_NEXT_TOKEN, query_page_size (query), parse_instances_into,
                 (GDestroyNotify) lw_ecs_instance_free, lw_ecs_describe_all_instances_async,
                 cancellable, callback, user_data);
}

GPtrArray *
lw_ecs_describe_all_instances_finish (LwRpcClient   *client,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return lw_paged_call_finish (client, result, lw_ecs_describe_all_instances_async, error);
}

/* DescribeSecurityGroupAttribute */

void
lw_ecs_describe_security_group_attribute_async (LwRpcClient         *client,
                                                const char          *security_group_id,
                                                const char          *direction,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "SecurityGroupId", security_group_id);
  lw_params_add_nonnull (p, "Direction", direction);
  lw_wire_call_async (client, ecs_call ("DescribeSecurityGroupAttribute"), p, LW_CALL_FLAGS_NONE,
                      lw_ecs_describe_security_group_attribute_async, cancellable, callback, user_data);
}

LwEcsSecurityGroup *
lw_ecs_describe_security_group_attribute_finish (LwRpcClient   *client,
                                                 GAsyncResult  *result,
                                                 GError       **error)
{
  return lw_typed_call_finish (client, result, lw_ecs_describe_security_group_attribute_async, error);
}

LwEcsSecurityGroup *
lw_ecs_security_group_from_answer (JsonObject *answer)
{
  g_return_val_if_fail (answer != NULL, NULL);

  return lw_wire_parse_struct (&security_group_struct, answer);
}

/* AuthorizeSecurityGroup / RevokeSecurityGroup: only a RequestId comes back. */


static LwParams *
write_params (LwRpcClient *client,
              const char  *security_group_id,
              const char  *client_token)
{
  LwParams *p = lw_region_params (client);
  g_autofree char *token = client_token != NULL ? g_strdup (client_token) : lw_rpc_client_new_client_token ();

  lw_params_add (p, "SecurityGroupId", security_group_id);
  lw_params_add (p, "ClientToken", token);
  return p;
}

void
lw_ecs_authorize_security_group_async (LwRpcClient           *client,
                                       const char            *security_group_id,
                                       const LwEcsPermission *permissions,
                                       guint                  n_permissions,
                                       const char            *client_token,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  LwParams *p = write_params (client, security_group_id, client_token);

  for (guint i = 0; i < n_permissions; i++)
    {
      const LwEcsPermission *perm = &permissions[i];

      lw_params_add_indexed (p, "Permissions", i + 1, "IpProtocol", perm->ip_protocol);
      lw_params_add_indexed (p, "Permissions", i + 1, "PortRange", perm->port_range);
      lw_params_add_indexed (p, "Permissions", i + 1, "SourceCidrIp", perm->source_cidr_ip);
      lw_params_add_indexed (p, "Permissions", i + 1, "Policy", perm->policy);
      lw_params_add_indexed (p, "Permissions", i + 1, "Priority", perm->priority);
      lw_params_add_indexed (p, "Permissions", i + 1, "Description", perm->description);
      lw_params_add_indexed (p, "Permissions", i + 1, "NicType", perm->nic_type);
    }
  lw_typed_call (client, LW_PRODUCT_ECS, "AuthorizeSecurityGroup", p, LW_CALL_FLAGS_NONE, lw_parse_ok, NULL,
                 lw_ecs_authorize_security_group_async, cancellable, callback, user_data);
}

gboolean
lw_ecs_authorize_security_group_finish (LwRpcClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_ecs_authorize_security_group_async, error));
}

void
lw_ecs_revoke_security_group_async (LwRpcClient         *client,
                                    const char          *security_group_id,
                                    const char * const  *rule_ids,
                                    const char          *client_token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  LwParams *p = write_params (client, security_group_id, client_token);

  lw_params_add_list (p, "SecurityGroupRuleId", rule_ids);
  lw_typed_call (client, LW_PRODUCT_ECS, "RevokeSecurityGroup", p, LW_CALL_FLAGS_NONE, lw_parse_ok, NULL,
                 lw_ecs_revoke_security_group_async, cancellable, callback, user_data);
}

gboolean
lw_ecs_revoke_security_group_finish (LwRpcClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_ecs_revoke_security_group_async, error));
}

void
lw_ecs_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_ecs_instance_free);

  lw_wire_fuzz_calls (lw_ecs_wire_calls, response);
  parse_instances_into (response, items, NULL);
  for (guint i = 0; i < items->len; i++)
    (void) lw_ecs_instance_get_private_ip (g_ptr_array_index (items, i));
}
