/* lw-runner-resources.c — the Alibaba Cloud resources of the plan
 *
 * Owns the ResourceOps table of each resource the runner creates: RDS whitelist group, PolarDB whitelist
 * group, NLB server group, backend server, load balancer, listener, PrivateLink endpoint service and its
 * whitelisted account — the actions, their parameters (names, descriptions and tags from lw-names), the
 * created ID, and the verdict of one poll — and the ECS security group rules step, which needs more than
 * one call per create and delete (ecs_rule_run / ecs_rule_undo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-cidr.h"
#include "lw-names.h"
#include "lw-runner-private.h"
#include "lw-source-private.h"

/* ---- the resources ---- */

static const char *
tag_pairs[] = { "created-by", "linkwright", NULL };

static void
add_tags (Op *op, LwParams *params)
{
  g_autofree char *setup_tag = lw_names_tag_value (lw_setup_get_id (op->runner->setup));

  lw_params_add (params, "Tag.1.Key", tag_pairs[0]);
  lw_params_add (params, "Tag.1.Value", tag_pairs[1]);
  lw_params_add (params, "Tag.2.Key", "linkwright-setup");
  lw_params_add (params, "Tag.2.Value", setup_tag);
}

/* server group */
static void
sg_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "ServerGroupName", name);
  lw_params_add (p, "ServerGroupType", "Ip");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  lw_params_add (p, "Protocol", "TCP");
  /* RDS then sees the NLB's own addresses in the chosen vSwitches, which the whitelist check covers. */
  lw_params_add_bool (p, "PreserveClientIpEnabled", FALSE);
  lw_params_add_bool (p, "HealthCheckConfig.HealthCheckEnabled", TRUE);
  lw_params_add (p, "HealthCheckConfig.HealthCheckType", "TCP");
  add_tags (op, p);
}

static char *sg_create_result (Op *op, JsonObject *r) { return member_dup_string (r, "ServerGroupId"); }

static void
sg_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupIds.1", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

static PollVerdict
sg_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *groups = member_array (r, "ServerGroups");
  const char *id = op_setup_id (op, LW_STEP_SERVER_GROUP);

  for (guint i = 0; groups && i < json_array_get_length (groups); i++)
    {
      JsonObject *g = json_array_get_object_element (groups, i);
      if (!member_equals (g, "ServerGroupId", id))
        continue;
      if (member_equals (g, "ServerGroupStatus", "Available"))
        return POLL_READY;
      return POLL_WAIT;
    }
  return POLL_GONE;
}

static void
sg_delete_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

const ResourceOps sg_ops = {
  LW_PRODUCT_NLB, "CreateServerGroup", sg_create_params, sg_create_result,
  "ListServerGroups", sg_poll_params, sg_poll_check,
  "DeleteServerGroup", sg_delete_params, DELETE_WAIT_JOB,
};

/* backend server */
static void
backend_server_params (Op *op, LwParams *p, gboolean full)
{
  LwSetup *setup = op->runner->setup;
  const char *ip = lw_setup_get_rds_ip (setup);
  g_autofree char *port = g_strdup_printf ("%u", lw_setup_get_rds_port (setup));
  g_autofree char *rid = g_strdup (lw_setup_get_resource_id (setup, LW_STEP_BACKEND));

  /* Undo uses the backend that was added (its "ip:port"), which may differ after an RDS IP change. */
  if (!full && rid != NULL && strchr (rid, ':') != NULL)
    {
      char *colon = strrchr (rid, ':');
      *colon = '\0';
      ip = rid;
      g_free (port);
      port = g_strdup (colon + 1);
      lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
      lw_params_add (p, "Servers.1.ServerId", ip);
      lw_params_add (p, "Servers.1.ServerType", "Ip");
      lw_params_add (p, "Servers.1.ServerIp", ip);
      lw_params_add (p, "Servers.1.Port", port);
      return;
    }
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
  lw_params_add (p, "Servers.1.ServerId", ip);
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", ip);
  lw_params_add (p, "Servers.1.Port", port);
  if (full)
    lw_params_add (p, "Servers.1.Description", lw_names_backend_description ());
}

static void backend_create_params (Op *op, LwParams *p) { backend_server_params (op, p, TRUE); }
static void backend_delete_params (Op *op, LwParams *p) { backend_server_params (op, p, FALSE); }

static char *
backend_create_result (Op *op, JsonObject *r)
{
  LwSetup *setup = op->runner->setup;
  return g_strdup_printf ("%s:%u", lw_setup_get_rds_ip (setup), lw_setup_get_rds_port (setup));
}

static void
backend_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
}

static PollVerdict
backend_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *servers = member_array (r, "Servers");
  g_autofree char *rid = g_strdup (op_setup_id (op, LW_STEP_BACKEND));
  char *colon = rid ? strrchr (rid, ':') : NULL;

  if (colon == NULL)
    return POLL_WAIT;
  *colon = '\0';
  for (guint i = 0; servers && i < json_array_get_length (servers); i++)
    {
      JsonObject *s = json_array_get_object_element (servers, i);
      if (!(member_equals (s, "ServerIp", rid) || member_equals (s, "ServerId", rid))
          || !member_equals (s, "Port", colon + 1))
        continue;
      return member_equals (s, "Status", "Available") ? POLL_READY : POLL_WAIT;
    }
  return POLL_GONE;
}

const ResourceOps backend_ops = {
  LW_PRODUCT_NLB, "AddServersToServerGroup", backend_create_params, backend_create_result,
  "ListServerGroupServers", backend_poll_params, backend_poll_check,
  "RemoveServersFromServerGroup", backend_delete_params, DELETE_WAIT_JOB,
};

/* load balancer */
static void
lb_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "LoadBalancerName", name);
  lw_params_add (p, "LoadBalancerType", "Network");
  lw_params_add (p, "AddressType", "Intranet");
  lw_params_add (p, "AddressIpVersion", "ipv4");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "ZoneId", m->zone_id);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "VSwitchId", m->vswitch_id);
    }
  lw_params_add (p, "LoadBalancerBillingConfig.PayType", "PostPay");
  add_tags (op, p);
}

/* The API spells it "LoadbalancerId" (lower-case b); accept both. */
static char *
lb_create_result (Op *op, JsonObject *r)
{
  char *id = member_dup_string (r, "LoadbalancerId");
  return id ? id : member_dup_string (r, "LoadBalancerId");
}

static void
lb_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
}

static PollVerdict
lb_poll_check (Op *op, JsonObject *r, GError **error)
{
  g_autofree char *status = member_dup_string (r, "LoadBalancerStatus");
  g_autofree char *dns = member_dup_string (r, "DNSName");

  if (dns != NULL)
    lw_setup_set_nlb_dns_name (op->runner->setup, dns);
  if (g_strcmp0 (status, "Active") == 0)
    return POLL_READY;
  if (g_strcmp0 (status, "CreateFailed") == 0)
    {
      LwParams *params = lw_params_new ();

      /* A CreateFailed NLB can only be deleted. Delete it (fire and forget: the next run polls it) and
       * forget it, so that Retry creates a fresh one instead of waiting on a dead one. */
      lw_params_add (params, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
      lw_rpc_client_call_async (op->runner->rpc, LW_PRODUCT_NLB, "DeleteLoadBalancer", params,
                                LW_CALL_FLAGS_NONE, NULL, NULL, NULL);
      lw_params_free (params);
      lw_setup_reset_step (op->runner->setup, LW_STEP_LOAD_BALANCER);
      lw_step_set_resource_id (op->step, NULL);
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API,
                   _("The load balancer could not be created (CreateFailed); it is being deleted"));
      return POLL_ERROR;
    }
  return POLL_WAIT;
}

static void
lb_delete_params (Op *op, LwParams *p)
{
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
}

const ResourceOps lb_ops = {
  LW_PRODUCT_NLB, "CreateLoadBalancer", lb_create_params, lb_create_result,
  "GetLoadBalancerAttribute", lb_poll_params, lb_poll_check,
  "DeleteLoadBalancer", lb_delete_params, DELETE_WAIT_JOB,
};

/* listener */
static void
listener_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  lw_params_add (p, "ListenerProtocol", "TCP");
  lw_params_add_uint (p, "ListenerPort", lw_setup_get_listener_port (setup));
  lw_params_add (p, "LoadBalancerId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
  lw_params_add (p, "ServerGroupId", op_setup_id (op, LW_STEP_SERVER_GROUP));
  lw_params_add (p, "ListenerDescription", name);
  add_tags (op, p);
}

static char *listener_create_result (Op *op, JsonObject *r) { return member_dup_string (r, "ListenerId"); }

static void
listener_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ListenerId", op_setup_id (op, LW_STEP_LISTENER));
}

static PollVerdict
listener_poll_check (Op *op, JsonObject *r, GError **error)
{
  return member_equals (r, "ListenerStatus", "Running") ? POLL_READY : POLL_WAIT;
}

const ResourceOps listener_ops = {
  LW_PRODUCT_NLB, "CreateListener", listener_create_params, listener_create_result,
  "GetListenerAttribute", listener_poll_params, listener_poll_check,
  "DeleteListener", listener_poll_params, DELETE_WAIT_JOB,
};

/* endpoint service */
static void
eps_create_params (Op *op, LwParams *p)
{
  LwSetup *setup = op->runner->setup;
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *description = lw_names_service_description (name);

  lw_params_add (p, "ServiceResourceType", "nlb");
  /* The document recommends reviewing each connection request: never auto-accept. */
  lw_params_add_bool (p, "AutoAcceptEnabled", FALSE);
  lw_params_add (p, "ServiceDescription", description);
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceType", "nlb");
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceId", op_setup_id (op, LW_STEP_LOAD_BALANCER));
      lw_params_add_indexed (p, "Resource", i + 1, "ZoneId", m->zone_id);
    }
  add_tags (op, p);
}

static void
eps_take_name (Op *op, JsonObject *r)
{
  g_autofree char *name = member_dup_string (r, "ServiceName");

  if (name != NULL && g_strcmp0 (name, lw_setup_get_service_name (op->runner->setup)) != 0)
    {
      lw_setup_set_service_name (op->runner->setup, name);
      runner_notify_service_name (op->runner);
    }
}

static char *
eps_create_result (Op *op, JsonObject *r)
{
  eps_take_name (op, r);
  return member_dup_string (r, "ServiceId");
}

static void
eps_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
}

static PollVerdict
eps_poll_check (Op *op, JsonObject *r, GError **error)
{
  eps_take_name (op, r);
  return member_equals (r, "ServiceStatus", "Active") ? POLL_READY : POLL_WAIT;
}

const ResourceOps eps_ops = {
  LW_PRODUCT_PRIVATELINK, "CreateVpcEndpointService", eps_create_params, eps_create_result,
  "GetVpcEndpointServiceAttribute", eps_poll_params, eps_poll_check,
  "DeleteVpcEndpointService", eps_poll_params, DELETE_WAIT_GONE,
};

/* service whitelist (the TiDB account) */
static void
user_params (Op *op, LwParams *p)
{
  lw_params_add (p, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (p, "UserId", lw_setup_get_tidb_account_id (op->runner->setup));
}

static char *
user_create_result (Op *op, JsonObject *r)
{
  return g_strdup (lw_setup_get_tidb_account_id (op->runner->setup));
}

static PollVerdict
user_poll_check (Op *op, JsonObject *r, GError **error)
{
  JsonArray *users = member_array (r, "Users");

  for (guint i = 0; users && i < json_array_get_length (users); i++)
    if (member_equals (json_array_get_object_element (users, i), "UserId",
                       lw_setup_get_tidb_account_id (op->runner->setup)))
      return POLL_READY;
  return POLL_WAIT;
}

const ResourceOps user_ops = {
  LW_PRODUCT_PRIVATELINK, "AddUserToVpcEndpointService", user_params, user_create_result,
  "ListVpcEndpointServiceUsers", user_params, user_poll_check,
  "RemoveUserFromVpcEndpointService", user_params, DELETE_WAIT_NONE,
};

/* Whitelist fix (opt-in), RDS and PolarDB alike: a separate group with the vSwitch CIDRs (ModifyMode Cover on
 * a group name that does not exist creates it, as both references document), verified by reading the
 * groups back; removed on rollback by deleting those addresses (ModifyMode Delete). The two APIs differ
 * only in names: RDS ModifySecurityIps / DescribeDBInstanceIPArrayList on DBInstanceId (group
 * "lw_<setup id>"); PolarDB ModifyDBClusterAccessWhitelist / DescribeDBClusterAccessWhitelist on
 * DBClusterId (group "lw<setup id>": no "_" in PolarDB's names), which takes no ClientToken and no
 * RegionId. */
typedef struct {
  const char *step_id;
  const char *id_param;       /* DBInstanceId | DBClusterId */
  const char *name_param;     /* DBInstanceIPArrayName | DBClusterIPArrayName: in the request and the answer */
  const char *groups_member;  /* Items.<this>[]: DBInstanceIPArray | DBClusterIPArray */
  char     *(*group_name) (const char *setup_id);
} WhitelistApi;

static const WhitelistApi whitelist_apis[] = {
  { LW_STEP_RDS_WHITELIST, "DBInstanceId", "DBInstanceIPArrayName", "DBInstanceIPArray", lw_names_whitelist_group },
  { LW_STEP_POLARDB_WHITELIST, "DBClusterId", "DBClusterIPArrayName", "DBClusterIPArray",
    lw_names_polardb_whitelist_group },
};

static const WhitelistApi *
whitelist_api (Op *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (whitelist_apis); i++)
    if (g_strcmp0 (op->def->id, whitelist_apis[i].step_id) == 0)
      return &whitelist_apis[i];
  g_assert_not_reached ();
}

static char *
whitelist_group_name (Op *op)
{
  return whitelist_api (op)->group_name (lw_setup_get_id (op->runner->setup));
}

static char *
whitelist_cidrs (LwSetup *setup)
{
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      if (m->cidr == NULL)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, m->cidr);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
whitelist_params (Op *op, LwParams *p, const char *mode)
{
  const WhitelistApi *api = whitelist_api (op);
  g_autofree char *group = whitelist_group_name (op);
  g_autofree char *cidrs = whitelist_cidrs (op->runner->setup);

  lw_params_add (p, api->id_param, lw_setup_get_rds_instance_id (op->runner->setup));
  lw_params_add (p, "SecurityIps", cidrs);
  lw_params_add (p, api->name_param, group);
  lw_params_add (p, "ModifyMode", mode);
}

static void whitelist_create_params (Op *op, LwParams *p) { whitelist_params (op, p, "Cover"); }
static void whitelist_delete_params (Op *op, LwParams *p) { whitelist_params (op, p, "Delete"); }
static char *whitelist_create_result (Op *op, JsonObject *r) { return whitelist_group_name (op); }

static void
whitelist_poll_params (Op *op, LwParams *p)
{
  lw_params_add (p, whitelist_api (op)->id_param, lw_setup_get_rds_instance_id (op->runner->setup));
}

static PollVerdict
whitelist_poll_check (Op *op, JsonObject *r, GError **error)
{
  const WhitelistApi *api = whitelist_api (op);
  JsonObject *items = json_object_has_member (r, "Items") ? json_object_get_object_member (r, "Items") : NULL;
  JsonArray *arrays = member_array (items, api->groups_member);
  g_autofree char *group = whitelist_group_name (op);

  for (guint i = 0; arrays && i < json_array_get_length (arrays); i++)
    if (member_equals (json_array_get_object_element (arrays, i), api->name_param, group))
      return POLL_READY;
  return POLL_WAIT;
}

const ResourceOps whitelist_ops = {
  LW_PRODUCT_RDS, "ModifySecurityIps", whitelist_create_params, whitelist_create_result,
  "DescribeDBInstanceIPArrayList", whitelist_poll_params, whitelist_poll_check,
  "ModifySecurityIps", whitelist_delete_params, DELETE_WAIT_NONE,
};

const ResourceOps polardb_whitelist_ops = {
  LW_PRODUCT_POLARDB, "ModifyDBClusterAccessWhitelist", whitelist_create_params, whitelist_create_result,
  "DescribeDBClusterAccessWhitelist", whitelist_poll_params, whitelist_poll_check,
  "ModifyDBClusterAccessWhitelist", whitelist_delete_params, DELETE_WAIT_NONE,
};

/* ECS security group rule fix (opt-in): one ingress rule per vSwitch CIDR on the MySQL port (TCP, accept,
 * priority 1, Description = the setup's name). AuthorizeSecurityGroup answers only a RequestId, so the
 * rules' SecurityGroupRuleIds are read with DescribeSecurityGroupAttribute (matched on Description +
 * SourceCidrIp + PortRange) before (a resumed step finds what an earlier run created) and after, and
 * saved as the step's resource id (comma-separated). Rollback revokes them by SecurityGroupRuleId. */
static void ecs_rule_before_cb (Op *op, JsonObject *result, GError *error);
static void ecs_rule_after_cb (Op *op, JsonObject *result, GError *error);

static char *
ecs_port_range (LwSetup *setup)
{
  return g_strdup_printf ("%u/%u", lw_setup_get_rds_port (setup), lw_setup_get_rds_port (setup));
}

static void
ecs_rule_sg_params (Op *op, LwParams *p)
{
  lw_params_add (p, "RegionId", lw_setup_get_region (op->runner->setup));
  lw_params_add (p, "SecurityGroupId", lw_setup_get_source_security_group_id (op->runner->setup));
}

/* Reads the security group's ingress rules: before authorizing (done = ecs_rule_before_cb) and after,
 * for the IDs the new rules got (done = ecs_rule_after_cb). */
static void
ecs_rule_read_group (Op      *op,
                     RpcDone  done)
{
  LwParams *p = lw_params_new ();

  ecs_rule_sg_params (op, p);
  lw_params_add (p, "Direction", "ingress");
  op_rpc (op, LW_PRODUCT_ECS, "DescribeSecurityGroupAttribute", p, LW_CALL_FLAGS_NONE, done);
}

static void
ecs_rule_describe (Op *op)
{
  ecs_rule_read_group (op, ecs_rule_before_cb);
}

/* Our rules in a DescribeSecurityGroupAttribute answer: their IDs, comma-separated, or NULL when none.
 * op->cidrs is set to the vSwitch CIDRs that have none yet. */
static char *
ecs_rule_match (Op *op, JsonObject *r)
{
  g_autoptr(LwEcsSecurityGroup) group = lw_ecs_security_group_from_answer (r);
  LwSetup *setup = op->runner->setup;
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *range = ecs_port_range (setup);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&op->cidrs, g_ptr_array_unref);
  op->cidrs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      g_autoptr(GPtrArray) found = NULL;

      if (m->cidr == NULL)
        continue;
      found = lw_source_ecs_rule_ids (group, name, m->cidr, range);
      if (found->len == 0)
        g_ptr_array_add (op->cidrs, g_strdup (m->cidr));
      for (guint k = 0; k < found->len; k++)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (found, k)));
    }
  if (ids->len == 0)
    return NULL;
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static void
ecs_rule_done (Op *op, const char *ids)
{
  LwSetup *setup = op->runner->setup;

  lw_setup_set_resource_id (setup, op->def->id, ids);
  lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_CREATED);
  lw_step_set_resource_id (op->step, ids);
  step_changed (op->runner, op->step);
  op_succeed (op);
}

static void
ecs_rule_after_cb (Op *op, JsonObject *result, GError *error)
{
  g_autofree char *ids = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  ids = ecs_rule_match (op, result);
  if (op->cidrs->len > 0)
    {
      /* "If the specified security group rule already exists, the call is successful but no rule is
       * created" (AuthorizeSecurityGroup): a rule of the user's with another description may cover a
       * CIDR already; that CIDR needs no rule of ours. */
      g_autoptr(GString) allowed = g_string_new (NULL);
      g_autoptr(LwEcsSecurityGroup) group = lw_ecs_security_group_from_answer (result);

      lw_source_ecs_access (group, lw_setup_get_rds_port (op->runner->setup), allowed);
      for (guint i = op->cidrs->len; i > 0; i--)
        if (lw_cidr_list_covers (allowed->str, g_ptr_array_index (op->cidrs, i - 1)))
          g_ptr_array_remove_index (op->cidrs, i - 1);
    }
  if (op->cidrs->len > 0)
    {
      op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API,
                                _("The security group %s has no rule for %s after AuthorizeSecurityGroup"),
                                lw_setup_get_source_security_group_id (op->runner->setup),
                                (const char *) g_ptr_array_index (op->cidrs, 0)));
      return;
    }
  ecs_rule_done (op, ids);
}

static void
ecs_rule_authorized_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  /* The IDs the rules got: read back and saved before the step counts as done. */
  ecs_rule_read_group (op, ecs_rule_after_cb);
}

static void
ecs_rule_authorize (Op *op)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *range = ecs_port_range (setup);
  LwParams *p;

  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return;
    }
  p = lw_params_new ();
  ecs_rule_sg_params (op, p);
  lw_params_add (p, "ClientToken", lw_setup_get_client_token (setup, op->def->id));
  for (guint i = 0; i < op->cidrs->len; i++)
    {
      lw_params_add_indexed (p, "Permissions", i + 1, "IpProtocol", "TCP");
      lw_params_add_indexed (p, "Permissions", i + 1, "PortRange", range);
      lw_params_add_indexed (p, "Permissions", i + 1, "SourceCidrIp", g_ptr_array_index (op->cidrs, i));
      lw_params_add_indexed (p, "Permissions", i + 1, "Policy", "accept");
      lw_params_add_indexed (p, "Permissions", i + 1, "Priority", "1");
      lw_params_add_indexed (p, "Permissions", i + 1, "Description", name);
      /* A VPC security group wants intranet (the AuthorizeSecurityGroup reference), and the Terraform export
       * (nic_type) says the same. */
      lw_params_add_indexed (p, "Permissions", i + 1, "NicType", "intranet");
    }
  lw_step_set_detail (op->step, _("Creating…"));
  op_rpc (op, LW_PRODUCT_ECS, "AuthorizeSecurityGroup", p, LW_CALL_FLAGS_NONE, ecs_rule_authorized_cb);
}

static void
ecs_rule_before_cb (Op *op, JsonObject *result, GError *error)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *ids = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  ids = ecs_rule_match (op, result);
  if (op->cidrs->len == 0 && ids != NULL)
    {
      ecs_rule_done (op, ids);
      return;
    }
  if (op->verifying)
    {
      /* A finished step whose rules were removed behind our back: add them again, once, with a fresh token. */
      if (op->recreated)
        {
          op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("%s does not exist any more"),
                                    lw_setup_get_resource_id (setup, op->def->id)));
          return;
        }
      op->recreated = TRUE;
      op->verifying = FALSE;
      lw_setup_reset_step (setup, op->def->id);
      lw_step_set_resource_id (op->step, NULL);
      lw_setup_ensure_client_token (setup, op->def->id);
      lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_REQUESTED);
      op_save_then (op, ecs_rule_authorize);
      return;
    }
  ecs_rule_authorize (op);
}

/* The instance's first security group, when the setup does not name one. */
static void
ecs_rule_instance_cb (Op *op, JsonObject *result, GError *error)
{
  JsonArray *rows;
  JsonObject *instance = NULL;
  JsonArray *groups = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  rows = member_array (result, "Instances");
  if (rows != NULL && json_array_get_length (rows) > 0)
    instance = json_array_get_object_element (rows, 0);
  groups = member_array (instance, "SecurityGroupIds");
  if (groups == NULL || json_array_get_length (groups) == 0)
    {
      op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("The ECS instance %s has no security group"),
                                lw_setup_get_rds_instance_id (op->runner->setup)));
      return;
    }
  lw_setup_set_source_security_group_id (op->runner->setup, json_array_get_string_element (groups, 0));
  /* Durable before any rule can exist in it: rollback must know where to look. */
  op_save_then (op, ecs_rule_describe);
}

static void
ecs_rule_start (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (lw_setup_get_source_security_group_id (setup) == NULL)
    {
      LwParams *p = lw_params_new ();
      g_autofree char *ids = g_strdup_printf ("[\"%s\"]", lw_setup_get_rds_instance_id (setup));

      lw_params_add (p, "RegionId", lw_setup_get_region (setup));
      lw_params_add (p, "InstanceIds", ids);
      op_rpc (op, LW_PRODUCT_ECS, "DescribeInstances", p, LW_CALL_FLAGS_NONE, ecs_rule_instance_cb);
      return;
    }
  ecs_rule_describe (op);
}

void
ecs_rule_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, op->def->id);

  if ((record == LW_STEP_RECORD_CREATED || record == LW_STEP_RECORD_DONE)
      && lw_setup_get_resource_id (setup, op->def->id) != NULL)
    {
      /* Resume: check the rules against the cloud instead of trusting the file. */
      lw_step_set_detail (op->step, _("Checking…"));
      op->verifying = TRUE;
      ecs_rule_start (op);
      return;
    }
  /* The ClientToken is durable before AuthorizeSecurityGroup can reach the cloud. */
  lw_setup_ensure_client_token (setup, op->def->id);
  lw_setup_set_step_record (setup, op->def->id, LW_STEP_RECORD_REQUESTED);
  op_save_then (op, ecs_rule_start);
}

static void ecs_rule_undo_describe (Op *op);

static void
ecs_rule_revoked_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL && !lw_cloud_error_is_not_found (error))
    {
      /* A rule that went away since the read (RevokeSecurityGroup answers InvalidParam.SecurityGroupRuleId
       * for an unknown ID): read again, once, and revoke what is left. */
      if (lw_cloud_error_has_code (error, "InvalidParam.SecurityGroupRuleId") && !op->recreated)
        {
          g_error_free (error);
          op->recreated = TRUE;
          ecs_rule_undo_describe (op);
          return;
        }
      op_fail (op, error);
      return;
    }
  g_clear_error (&error);
  op_succeed (op);
}

static void
ecs_rule_revoke (Op *op, const char *ids)
{
  g_auto(GStrv) list = g_strsplit (ids, ",", -1);
  LwParams *p = lw_params_new ();

  lw_step_set_detail (op->step, _("Deleting…"));
  ecs_rule_sg_params (op, p);
  lw_params_add_list (p, "SecurityGroupRuleId", (const char * const *) list);
  op_rpc (op, LW_PRODUCT_ECS, "RevokeSecurityGroup", p, LW_CALL_FLAGS_NONE, ecs_rule_revoked_cb);
}

/* Revokes the rules of ours that still exist: the recorded IDs, and (a crash around AuthorizeSecurityGroup
 * left none recorded) those found by description, CIDR and port. An ID that no longer exists is not sent:
 * RevokeSecurityGroup refuses the whole call for it. */
static void
ecs_rule_undo_describe_cb (Op *op, JsonObject *result, GError *error)
{
  g_auto(GStrv) recorded = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GPtrArray) present = NULL;
  g_autoptr(GPtrArray) revoke = g_ptr_array_new_with_free_func (g_free);
  JsonArray *rules;

  if (error != NULL)
    {
      if (!lw_cloud_error_is_not_found (error))
        {
          op_fail (op, error);
          return;
        }
      /* The security group is gone, and our rules with it. */
      g_error_free (error);
      op_succeed (op);
      return;
    }
  found = ecs_rule_match (op, result);
  recorded = g_strsplit (lw_setup_get_resource_id (op->runner->setup, op->def->id)
                         ? lw_setup_get_resource_id (op->runner->setup, op->def->id) : "", ",", -1);
  present = g_ptr_array_new_with_free_func (g_free);
  rules = member_array (result, "Permissions");
  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      char *id = member_dup_string (json_array_get_object_element (rules, i), "SecurityGroupRuleId");
      if (id != NULL)
        g_ptr_array_add (present, id);
    }
  for (guint i = 0; recorded[i] != NULL; i++)
    if (*recorded[i] != '\0' && g_ptr_array_find_with_equal_func (present, recorded[i], g_str_equal, NULL))
      g_ptr_array_add (revoke, g_strdup (recorded[i]));
  if (found != NULL)
    {
      g_auto(GStrv) matched = g_strsplit (found, ",", -1);
      for (guint i = 0; matched[i] != NULL; i++)
        if (!g_ptr_array_find_with_equal_func (revoke, matched[i], g_str_equal, NULL))
          g_ptr_array_add (revoke, g_strdup (matched[i]));
    }
  if (revoke->len == 0)
    {
      op_succeed (op);
      return;
    }
  g_ptr_array_add (revoke, NULL);
  {
    g_autofree char *ids = g_strjoinv (",", (char **) revoke->pdata);
    ecs_rule_revoke (op, ids);
  }
}

static void
ecs_rule_undo_describe (Op *op)
{
  LwParams *p = lw_params_new ();

  ecs_rule_sg_params (op, p);
  lw_params_add (p, "Direction", "ingress");
  op_rpc (op, LW_PRODUCT_ECS, "DescribeSecurityGroupAttribute", p, LW_CALL_FLAGS_NONE, ecs_rule_undo_describe_cb);
}

void
ecs_rule_undo (Op *op)
{
  if (lw_setup_get_source_security_group_id (op->runner->setup) == NULL)
    {
      /* No security group was chosen: AuthorizeSecurityGroup was never sent. */
      op_succeed (op);
      return;
    }
  ecs_rule_undo_describe (op);
}
