/* lw-nlb.c: NLB 2022-04-30, described as data (lw-wire.h)
 *
 * Parameter locations follow the official SDK (nlb-20220430 client.ts): the write actions and
 * ListServerGroups / ListServerGroupServers take a form body, GetLoadBalancerAttribute,
 * ListLoadBalancers, GetListenerAttribute, ListListeners, GetListenerHealthStatus and GetJobStatus
 * a query. GetJobStatus has no RegionId: the endpoint (nlb.<region>.aliyuncs.com) is regional.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-nlb"

#include "lw-cloud-private.h"
#include "lw-nlb.h"
#include "lw-wire.h"

/* Request parameters */

static const LwWireParam tag_members[] = { LW_M_STR ("Key"), LW_M_STR ("Value"), LW_WIRE_END };
static const LwWireParam health_check_members[] = {
  LW_M_BOOL ("HealthCheckEnabled"), LW_M_STR ("HealthCheckType"), LW_M_NUM ("HealthCheckConnectPort"),
  LW_M_NUM ("HealthCheckConnectTimeout"), LW_M_NUM ("HealthCheckInterval"), LW_M_NUM ("HealthyThreshold"),
  LW_M_NUM ("UnhealthyThreshold"), LW_WIRE_END
};
static const LwWireParam server_members[] = {
  LW_M_STR ("ServerId"), LW_M_STR ("ServerType"), LW_M_STR ("ServerIp"), LW_M_NUM ("Port"),
  LW_M_NUM ("Weight"), LW_M_STR ("Description"), LW_WIRE_END
};
static const LwWireParam server_key_members[] = {
  LW_M_STR ("ServerId"), LW_M_STR ("ServerType"), LW_M_STR ("ServerIp"), LW_M_NUM ("Port"), LW_WIRE_END
};
static const LwWireParam zone_mapping_members[] = {
  LW_M_STR ("ZoneId"), LW_M_STR ("VSwitchId"), LW_M_STR ("PrivateIPv4Address"), LW_WIRE_END
};
static const LwWireParam billing_members[] = { LW_M_STR ("PayType"), LW_WIRE_END };

#define WRITE_BODY LW_P_STR ("RegionId", BODY), LW_P_STR ("ClientToken", BODY), LW_P_BOOL ("DryRun", BODY)

static const LwWireParam create_server_group_params[] = {
  WRITE_BODY, LW_P_STR ("ServerGroupName", BODY), LW_P_STR ("ServerGroupType", BODY),
  LW_P_STR ("VpcId", BODY), LW_P_STR ("Protocol", BODY), LW_P_BOOL ("PreserveClientIpEnabled", BODY),
  LW_P_OBJ ("HealthCheckConfig", BODY, health_check_members), LW_P_OBJS ("Tag", BODY, tag_members), LW_WIRE_END
};
static const LwWireParam list_server_groups_params[] = {
  LW_P_STR ("RegionId", BODY), LW_P_STRS ("ServerGroupIds", BODY), LW_P_NUM ("MaxResults", BODY),
  LW_P_STR ("NextToken", BODY), LW_WIRE_END
};
static const LwWireParam server_group_write_params[] = { WRITE_BODY, LW_P_STR ("ServerGroupId", BODY), LW_WIRE_END };
static const LwWireParam add_servers_params[] = {
  WRITE_BODY, LW_P_STR ("ServerGroupId", BODY), LW_P_OBJS ("Servers", BODY, server_members), LW_WIRE_END
};
static const LwWireParam remove_servers_params[] = {
  WRITE_BODY, LW_P_STR ("ServerGroupId", BODY), LW_P_OBJS ("Servers", BODY, server_key_members), LW_WIRE_END
};
static const LwWireParam list_servers_params[] = {
  LW_P_STR ("RegionId", BODY), LW_P_STR ("ServerGroupId", BODY), LW_P_NUM ("MaxResults", BODY),
  LW_P_STR ("NextToken", BODY), LW_WIRE_END
};
static const LwWireParam create_load_balancer_params[] = {
  WRITE_BODY, LW_P_STR ("LoadBalancerName", BODY), LW_P_STR ("LoadBalancerType", BODY),
  LW_P_STR ("AddressType", BODY), LW_P_STR ("AddressIpVersion", BODY), LW_P_STR ("VpcId", BODY),
  LW_P_OBJS ("ZoneMappings", BODY, zone_mapping_members),
  LW_P_OBJ ("LoadBalancerBillingConfig", BODY, billing_members), LW_P_OBJS ("Tag", BODY, tag_members), LW_WIRE_END
};
static const LwWireParam load_balancer_query_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("LoadBalancerId", QUERY), LW_WIRE_END
};
static const LwWireParam list_load_balancers_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STRS ("LoadBalancerIds", QUERY), LW_P_NUM ("MaxResults", QUERY),
  LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireParam load_balancer_write_params[] = { WRITE_BODY, LW_P_STR ("LoadBalancerId", BODY), LW_WIRE_END };
static const LwWireParam create_listener_params[] = {
  WRITE_BODY, LW_P_STR ("ListenerProtocol", BODY), LW_P_NUM ("ListenerPort", BODY),
  LW_P_STR ("LoadBalancerId", BODY), LW_P_STR ("ServerGroupId", BODY), LW_P_STR ("ListenerDescription", BODY),
  LW_P_NUM ("IdleTimeout", BODY), LW_P_OBJS ("Tag", BODY, tag_members), LW_WIRE_END
};
static const LwWireParam listener_query_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("ListenerId", QUERY), LW_WIRE_END
};
static const LwWireParam list_listeners_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STRS ("LoadBalancerIds", QUERY), LW_P_NUM ("MaxResults", QUERY),
  LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireParam listener_write_params[] = { WRITE_BODY, LW_P_STR ("ListenerId", BODY), LW_WIRE_END };
static const LwWireParam job_status_params[] = { LW_P_STR ("JobId", QUERY), LW_WIRE_END };

/* Answers */

#define JOB_COMMON(T) LW_F_STR ("RequestId", T, request_id), LW_F_BOOL ("DryRunOperation", T, dry_run)

static const LwWireField job_fields[] = { JOB_COMMON (LwNlbJobResult), LW_F_STR ("JobId", LwNlbJobResult, job_id), LW_F_END };
static const LwWireField job_server_group_fields[] = {
  JOB_COMMON (LwNlbJobResult), LW_F_STR ("JobId", LwNlbJobResult, job_id),
  LW_F_STR ("ServerGroupId", LwNlbJobResult, resource_id), LW_F_END
};
/* CreateLoadBalancer answers "LoadbalancerId" (lower-case b) and a numeric OrderId, no JobId. */
static const LwWireField job_load_balancer_fields[] = {
  JOB_COMMON (LwNlbJobResult), LW_F_STR ("LoadbalancerId", LwNlbJobResult, resource_id),
  LW_F_NUMTEXT ("OrderId", LwNlbJobResult, order_id), LW_F_END
};
static const LwWireField job_listener_fields[] = {
  JOB_COMMON (LwNlbJobResult), LW_F_STR ("JobId", LwNlbJobResult, job_id),
  LW_F_STR ("ListenerId", LwNlbJobResult, resource_id), LW_F_END
};
/* Every member, for freeing. */
static const LwWireField job_all_fields[] = {
  JOB_COMMON (LwNlbJobResult), LW_F_STR ("JobId", LwNlbJobResult, job_id),
  LW_F_STR ("-", LwNlbJobResult, resource_id), LW_F_STR ("-", LwNlbJobResult, order_id), LW_F_END
};
#define JOB_STRUCT(fields) { sizeof (LwNlbJobResult), fields, (GDestroyNotify) lw_nlb_job_result_free }
static const LwWireStruct job_struct = JOB_STRUCT (job_fields);
static const LwWireStruct job_server_group_struct = JOB_STRUCT (job_server_group_fields);
static const LwWireStruct job_load_balancer_struct = JOB_STRUCT (job_load_balancer_fields);
static const LwWireStruct job_listener_struct = JOB_STRUCT (job_listener_fields);
static const LwWireStruct job_all_struct = JOB_STRUCT (job_all_fields);

static const LwWireStruct server_group_struct = {
  sizeof (LwNlbServerGroup), (const LwWireField[]) {
    LW_F_STR ("ServerGroupId", LwNlbServerGroup, server_group_id),
    LW_F_STR ("ServerGroupName", LwNlbServerGroup, server_group_name),
    LW_F_STR ("ServerGroupType", LwNlbServerGroup, server_group_type),
    LW_F_STR ("ServerGroupStatus", LwNlbServerGroup, status),
    LW_F_STR ("VpcId", LwNlbServerGroup, vpc_id),
    LW_F_STR ("Protocol", LwNlbServerGroup, protocol),
    LW_F_STRV ("RelatedLoadBalancerIds", LwNlbServerGroup, related_load_balancer_ids),
    LW_F_UINT ("ServerCount", LwNlbServerGroup, server_count),
    LW_F_END }, (GDestroyNotify) lw_nlb_server_group_free
};

static const LwWireStruct backend_struct = {
  sizeof (LwNlbBackendServer), (const LwWireField[]) {
    LW_F_STR ("ServerGroupId", LwNlbBackendServer, server_group_id),
    LW_F_STR ("ServerId", LwNlbBackendServer, server_id),
    LW_F_STR ("ServerIp", LwNlbBackendServer, server_ip),
    LW_F_STR ("ServerType", LwNlbBackendServer, server_type),
    LW_F_UINT ("Port", LwNlbBackendServer, port),
    LW_F_UINT ("Weight", LwNlbBackendServer, weight),
    LW_F_STR ("Status", LwNlbBackendServer, status),
    LW_F_STR ("ZoneId", LwNlbBackendServer, zone_id),
    LW_F_STR ("Description", LwNlbBackendServer, description),
    LW_F_END }, (GDestroyNotify) lw_nlb_backend_server_free
};

static const LwWireStruct zone_mapping_struct = {
  sizeof (LwNlbZoneMapping), (const LwWireField[]) {
    LW_F_STR ("ZoneId", LwNlbZoneMapping, zone_id),
    LW_F_STR ("VSwitchId", LwNlbZoneMapping, vswitch_id),
    LW_F_STR ("Status", LwNlbZoneMapping, status),
    LW_F_STR ("LoadBalancerAddresses[0].PrivateIPv4Address", LwNlbZoneMapping, private_ipv4_address),
    LW_F_END }, (GDestroyNotify) lw_nlb_zone_mapping_free
};

#define LOAD_BALANCER_FIELDS \
    LW_F_STR ("LoadBalancerId", LwNlbLoadBalancer, load_balancer_id), \
    LW_F_STR ("LoadBalancerName", LwNlbLoadBalancer, load_balancer_name), \
    LW_F_STR ("LoadBalancerStatus", LwNlbLoadBalancer, status), \
    LW_F_STR ("LoadBalancerBusinessStatus", LwNlbLoadBalancer, business_status), \
    LW_F_STR ("AddressType", LwNlbLoadBalancer, address_type), \
    LW_F_STR ("AddressIpVersion", LwNlbLoadBalancer, address_ip_version), \
    LW_F_STR ("VpcId", LwNlbLoadBalancer, vpc_id), \
    LW_F_STR ("DNSName", LwNlbLoadBalancer, dns_name), \
    LW_F_LIST ("ZoneMappings", LwNlbLoadBalancer, zone_mappings, &zone_mapping_struct)

/* GetLoadBalancerAttribute answers with the load balancer at the top, next to RequestId. */
static const LwWireStruct load_balancer_struct = {
  sizeof (LwNlbLoadBalancer), (const LwWireField[]) {
    LOAD_BALANCER_FIELDS, LW_F_STR ("RequestId", LwNlbLoadBalancer, request_id), LW_F_END
  }, (GDestroyNotify) lw_nlb_load_balancer_free
};
static const LwWireStruct load_balancer_item_struct = {
  sizeof (LwNlbLoadBalancer), (const LwWireField[]) { LOAD_BALANCER_FIELDS, LW_F_END },
  (GDestroyNotify) lw_nlb_load_balancer_free
};

#define LISTENER_FIELDS \
    LW_F_STR ("ListenerId", LwNlbListener, listener_id), \
    LW_F_STR ("LoadBalancerId", LwNlbListener, load_balancer_id), \
    LW_F_STR ("ServerGroupId", LwNlbListener, server_group_id), \
    LW_F_STR ("ListenerProtocol", LwNlbListener, listener_protocol), \
    LW_F_UINT ("ListenerPort", LwNlbListener, listener_port), \
    LW_F_STR ("ListenerStatus", LwNlbListener, status), \
    LW_F_STR ("ListenerDescription", LwNlbListener, listener_description)

static const LwWireStruct listener_struct = {
  sizeof (LwNlbListener), (const LwWireField[]) {
    LISTENER_FIELDS, LW_F_STR ("RequestId", LwNlbListener, request_id), LW_F_END
  }, (GDestroyNotify) lw_nlb_listener_free
};
static const LwWireStruct listener_item_struct = {
  sizeof (LwNlbListener), (const LwWireField[]) { LISTENER_FIELDS, LW_F_END },
  (GDestroyNotify) lw_nlb_listener_free
};

static const LwWireStruct server_health_struct = {
  sizeof (LwNlbServerHealth), (const LwWireField[]) {
    LW_F_STR ("-", LwNlbServerHealth, server_group_id), LW_F_STR ("-", LwNlbServerHealth, server_id),
    LW_F_STR ("-", LwNlbServerHealth, server_ip), LW_F_STR ("-", LwNlbServerHealth, status),
    LW_F_STR ("-", LwNlbServerHealth, reason_code), LW_F_END
  }, (GDestroyNotify) lw_nlb_server_health_free
};
static const LwWireStruct listener_health_struct = {
  sizeof (LwNlbListenerHealth), (const LwWireField[]) {
    LW_F_STR ("-", LwNlbListenerHealth, listener_id), LW_F_STR ("-", LwNlbListenerHealth, request_id),
    LW_F_LIST ("-", LwNlbListenerHealth, non_normal_servers, &server_health_struct), LW_F_END
  }, (GDestroyNotify) lw_nlb_listener_health_free
};

/* Read by hand (nested one level deeper than a typed struct) and by src/core. */
static const LwWireField job_status_reads[] = { LW_F_READ ("Status", STRING), LW_F_END };
static const LwWireField listener_health_reads[] = {
  LW_F_READ ("ListenerHealthStatus", ARRAY),
  LW_F_READ ("ListenerHealthStatus[].ListenerId", STRING),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].ServerGroupId", STRING),
  /* sic: the API spells it "HeathCheckEnabled". */
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].HeathCheckEnabled", BOOLEAN),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].NonNormalServers[].ServerId", STRING),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].NonNormalServers[].ServerIp", STRING),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].NonNormalServers[].Port", NUMBER),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].NonNormalServers[].Status", STRING),
  LW_F_READ ("ListenerHealthStatus[].ServerGroupInfos[].NonNormalServers[].Reason.ReasonCode", STRING),
  LW_F_END
};

#define NLB(action, params, list, result, reads, pages) \
  { LW_PRODUCT_NLB, action, params, list, result, reads, LW_WIRE_PAGES_##pages, 100, TRUE }

const LwWireCall lw_nlb_wire_calls[] = {
  NLB ("CreateServerGroup", create_server_group_params, NULL, &job_server_group_struct, NULL, NONE),
  NLB ("ListServerGroups", list_server_groups_params, "ServerGroups", &server_group_struct, NULL, TOKEN),
  NLB ("DeleteServerGroup", server_group_write_params, NULL, &job_struct, NULL, NONE),
  NLB ("AddServersToServerGroup", add_servers_params, NULL, &job_server_group_struct, NULL, NONE),
  NLB ("ListServerGroupServers", list_servers_params, "Servers", &backend_struct, NULL, TOKEN),
  NLB ("RemoveServersFromServerGroup", remove_servers_params, NULL, &job_server_group_struct, NULL, NONE),
  NLB ("CreateLoadBalancer", create_load_balancer_params, NULL, &job_load_balancer_struct, NULL, NONE),
  NLB ("GetLoadBalancerAttribute", load_balancer_query_params, NULL, &load_balancer_struct, NULL, NONE),
  NLB ("ListLoadBalancers", list_load_balancers_params, "LoadBalancers", &load_balancer_item_struct, NULL, TOKEN),
  NLB ("DeleteLoadBalancer", load_balancer_write_params, NULL, &job_struct, NULL, NONE),
  NLB ("CreateListener", create_listener_params, NULL, &job_listener_struct, NULL, NONE),
  NLB ("GetListenerAttribute", listener_query_params, NULL, &listener_struct, NULL, NONE),
  NLB ("ListListeners", list_listeners_params, "Listeners", &listener_item_struct, NULL, TOKEN),
  NLB ("DeleteListener", listener_write_params, NULL, &job_struct, NULL, NONE),
  NLB ("GetListenerHealthStatus", listener_query_params, NULL, NULL, listener_health_reads, NONE),
  NLB ("GetJobStatus", job_status_params, NULL, NULL, job_status_reads, NONE),
  { 0 }
};

#define nlb_call(action) lw_wire_get (LW_PRODUCT_NLB, action)

void lw_nlb_job_result_free (LwNlbJobResult *self) { lw_wire_free_struct (&job_all_struct, self); }
void lw_nlb_server_group_free (LwNlbServerGroup *self) { lw_wire_free_struct (&server_group_struct, self); }
void lw_nlb_backend_server_free (LwNlbBackendServer *self) { lw_wire_free_struct (&backend_struct, self); }
void lw_nlb_zone_mapping_free (LwNlbZoneMapping *self) { lw_wire_free_struct (&zone_mapping_struct, self); }
void lw_nlb_load_balancer_free (LwNlbLoadBalancer *self) { lw_wire_free_struct (&load_balancer_struct, self); }
void lw_nlb_listener_free (LwNlbListener *self) { lw_wire_free_struct (&listener_struct, self); }
void lw_nlb_server_health_free (LwNlbServerHealth *self) { lw_wire_free_struct (&server_health_struct, self); }
void lw_nlb_listener_health_free (LwNlbListenerHealth *self) { lw_wire_free_struct (&listener_health_struct, self); }

/* Write calls */

static void
write_call (LwRpcClient         *client,
            const char          *action,
            LwParams            *params,
            const char          *client_token,
            LwCallFlags          flags,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *token = client_token != NULL ? g_strdup (client_token) : lw_rpc_client_new_client_token ();

  lw_params_set (params, "ClientToken", token);
  lw_wire_call_async (client, nlb_call (action), params, flags, lw_nlb_job_finish, cancellable, callback, user_data);
}

LwNlbJobResult *
lw_nlb_job_finish (LwRpcClient   *client,
                   GAsyncResult  *result,
                   GError       **error)
{
  return lw_typed_call_finish (client, result, lw_nlb_job_finish, error);
}

void
lw_nlb_create_server_group_async (LwRpcClient                *client,
                                  const LwNlbServerGroupSpec *spec,
                                  const char                 *client_token,
                                  LwCallFlags                 flags,
                                  GCancellable               *cancellable,
                                  GAsyncReadyCallback         callback,
                                  gpointer                    user_data)
{
  LwParams *p = lw_region_params (client);

  g_return_if_fail (spec != NULL);

  lw_params_add_nonnull (p, "ServerGroupName", spec->server_group_name);
  lw_params_add_nonnull (p, "ServerGroupType", spec->server_group_type);
  lw_params_add_nonnull (p, "VpcId", spec->vpc_id);
  lw_params_add_nonnull (p, "Protocol", spec->protocol);
  lw_params_add_bool (p, "PreserveClientIpEnabled", spec->preserve_client_ip_enabled);
  lw_params_add_bool (p, "HealthCheckConfig.HealthCheckEnabled", spec->health_check_enabled);
  lw_params_add_nonnull (p, "HealthCheckConfig.HealthCheckType", spec->health_check_type);
#define ADD_POSITIVE(name, value) if ((value) > 0) lw_params_add_uint (p, "HealthCheckConfig." name, (value))
  ADD_POSITIVE ("HealthCheckConnectPort", spec->health_check_connect_port);
  ADD_POSITIVE ("HealthCheckConnectTimeout", spec->health_check_connect_timeout);
  ADD_POSITIVE ("HealthCheckInterval", spec->health_check_interval);
  ADD_POSITIVE ("HealthyThreshold", spec->healthy_threshold);
  ADD_POSITIVE ("UnhealthyThreshold", spec->unhealthy_threshold);
#undef ADD_POSITIVE
  lw_params_add_tags (p, spec->tags);
  write_call (client, "CreateServerGroup", p, client_token, flags, cancellable, callback, user_data);
}

/* Delete calls: one ID parameter. */
static void
delete_call (LwRpcClient         *client,
             const char          *action,
             const char          *id_name,
             const char          *id,
             const char          *client_token,
             LwCallFlags          flags,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, id_name, id);
  write_call (client, action, p, client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_delete_server_group_async (LwRpcClient *client, const char *server_group_id, const char *client_token,
                                  LwCallFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  delete_call (client, "DeleteServerGroup", "ServerGroupId", server_group_id, client_token, flags,
               cancellable, callback, user_data);
}

void
lw_nlb_delete_load_balancer_async (LwRpcClient *client, const char *load_balancer_id, const char *client_token,
                                   LwCallFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  delete_call (client, "DeleteLoadBalancer", "LoadBalancerId", load_balancer_id, client_token, flags,
               cancellable, callback, user_data);
}

void
lw_nlb_delete_listener_async (LwRpcClient *client, const char *listener_id, const char *client_token,
                              LwCallFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  delete_call (client, "DeleteListener", "ListenerId", listener_id, client_token, flags,
               cancellable, callback, user_data);
}

static void
servers_call (LwRpcClient           *client,
              const char            *action,
              const char            *server_group_id,
              const LwNlbServerSpec *servers,
              guint                  n_servers,
              gboolean               full,
              const char            *client_token,
              LwCallFlags            flags,
              GCancellable          *cancellable,
              GAsyncReadyCallback    callback,
              gpointer               user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServerGroupId", server_group_id);
  for (guint i = 0; i < n_servers; i++)
    {
      const LwNlbServerSpec *s = &servers[i];
      char number[16];

      lw_params_add_indexed (p, "Servers", i + 1, "ServerId", s->server_id);
      lw_params_add_indexed (p, "Servers", i + 1, "ServerType", s->server_type);
      lw_params_add_indexed (p, "Servers", i + 1, "ServerIp", s->server_ip);
      g_snprintf (number, sizeof number, "%u", s->port);
      lw_params_add_indexed (p, "Servers", i + 1, "Port", number);
      if (full && s->weight > 0)
        {
          g_snprintf (number, sizeof number, "%u", s->weight);
          lw_params_add_indexed (p, "Servers", i + 1, "Weight", number);
        }
      if (full)
        lw_params_add_indexed (p, "Servers", i + 1, "Description", s->description);
    }
  write_call (client, action, p, client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_add_servers_to_server_group_async (LwRpcClient *client, const char *server_group_id,
                                          const LwNlbServerSpec *servers, guint n_servers,
                                          const char *client_token, LwCallFlags flags,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  servers_call (client, "AddServersToServerGroup", server_group_id, servers, n_servers, TRUE,
                client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_remove_servers_from_server_group_async (LwRpcClient *client, const char *server_group_id,
                                               const LwNlbServerSpec *servers, guint n_servers,
                                               const char *client_token, LwCallFlags flags,
                                               GCancellable *cancellable, GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  servers_call (client, "RemoveServersFromServerGroup", server_group_id, servers, n_servers, FALSE,
                client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_create_load_balancer_async (LwRpcClient                 *client,
                                   const LwNlbLoadBalancerSpec *spec,
                                   const char                  *client_token,
                                   LwCallFlags                  flags,
                                   GCancellable                *cancellable,
                                   GAsyncReadyCallback          callback,
                                   gpointer                     user_data)
{
  LwParams *p = lw_region_params (client);

  g_return_if_fail (spec != NULL);

  lw_params_add_nonnull (p, "LoadBalancerName", spec->load_balancer_name);
  lw_params_add_nonnull (p, "AddressType", spec->address_type);
  /* Note the spelling: "AddressIpVersion" here, "AddressIPVersion" on server groups. */
  lw_params_add_nonnull (p, "AddressIpVersion", spec->address_ip_version);
  lw_params_add_nonnull (p, "VpcId", spec->vpc_id);
  for (guint i = 0; i < spec->n_zone_mappings; i++)
    {
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "ZoneId", spec->zone_mappings[i].zone_id);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "VSwitchId", spec->zone_mappings[i].vswitch_id);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "PrivateIPv4Address",
                             spec->zone_mappings[i].private_ipv4_address);
    }
  lw_params_add_nonnull (p, "LoadBalancerBillingConfig.PayType", spec->pay_type);
  lw_params_add_tags (p, spec->tags);
  write_call (client, "CreateLoadBalancer", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_create_listener_async (LwRpcClient             *client,
                              const LwNlbListenerSpec *spec,
                              const char              *client_token,
                              LwCallFlags              flags,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  LwParams *p = lw_region_params (client);

  g_return_if_fail (spec != NULL);

  lw_params_add_nonnull (p, "ListenerProtocol", spec->listener_protocol);
  lw_params_add_uint (p, "ListenerPort", spec->listener_port);
  lw_params_add_nonnull (p, "LoadBalancerId", spec->load_balancer_id);
  lw_params_add_nonnull (p, "ServerGroupId", spec->server_group_id);
  lw_params_add_nonnull (p, "ListenerDescription", spec->listener_description);
  if (spec->idle_timeout > 0)
    lw_params_add_uint (p, "IdleTimeout", spec->idle_timeout);
  lw_params_add_tags (p, spec->tags);
  write_call (client, "CreateListener", p, client_token, flags, cancellable, callback, user_data);
}

/* GetJobStatus */

static gpointer
parse_job_status (JsonObject  *response,
                  GError     **error)
{
  char *status = lw_json_dup_string (response, "Status");

  if (status == NULL)
    g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE, "GetJobStatus answered without a Status");
  return status;
}

void
lw_nlb_get_job_status_async (LwRpcClient         *client,
                             const char          *job_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LwParams *p = lw_params_new ();

  lw_params_add (p, "JobId", job_id);
  lw_typed_call (client, LW_PRODUCT_NLB, "GetJobStatus", p, LW_CALL_FLAGS_NONE, parse_job_status, g_free,
                 lw_nlb_get_job_status_async, cancellable, callback, user_data);
}

char *
lw_nlb_get_job_status_finish (LwRpcClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return lw_typed_call_finish (client, result, lw_nlb_get_job_status_async, error);
}

/* Readers: one ID (or a list of IDs) in, the described struct(s) out. */

static void
read_call (LwRpcClient         *client,
           const char          *action,
           const char          *name,
           const char          *value,
           const char * const  *values,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add_nonnull (p, name, value);
  if (values != NULL)
    lw_params_add_list (p, name, values);
  lw_wire_call_async (client, nlb_call (action), p, LW_CALL_FLAGS_NONE, source_tag, cancellable, callback,
                      user_data);
}

#define READER(fn, Type, action, name, ValueType, value, values)                              \
  void fn##_async (LwRpcClient *client, ValueType arg, GCancellable *cancellable,               \
                   GAsyncReadyCallback callback, gpointer user_data)                           \
  {                                                                                             \
    read_call (client, action, name, value, values, fn##_async, cancellable, callback, user_data); \
  }                                                                                             \
  Type fn##_finish (LwRpcClient *client, GAsyncResult *result, GError **error)                  \
  {                                                                                             \
    return lw_typed_call_finish (client, result, fn##_async, error);                            \
  }

READER (lw_nlb_list_server_groups, GPtrArray *, "ListServerGroups", "ServerGroupIds",
        const char * const *, NULL, arg)
READER (lw_nlb_list_server_group_servers, GPtrArray *, "ListServerGroupServers", "ServerGroupId",
        const char *, arg, NULL)
READER (lw_nlb_get_load_balancer, LwNlbLoadBalancer *, "GetLoadBalancerAttribute", "LoadBalancerId",
        const char *, arg, NULL)
READER (lw_nlb_list_load_balancers, GPtrArray *, "ListLoadBalancers", "LoadBalancerIds",
        const char * const *, NULL, arg)
READER (lw_nlb_get_listener, LwNlbListener *, "GetListenerAttribute", "ListenerId", const char *, arg, NULL)
/* ListListeners filters by a list of load balancers; we ask for one (or all with NULL). */
READER (lw_nlb_list_listeners, GPtrArray *, "ListListeners", "LoadBalancerIds.1", const char *, arg, NULL)

#undef READER

/* GetListenerHealthStatus: the non-normal servers of every server group of the listener. */

static gpointer
parse_listener_health (JsonObject  *response,
                       GError     **error)
{
  LwNlbListenerHealth *h = g_new0 (LwNlbListenerHealth, 1);
  JsonArray *listeners = lw_json_get_list (response, "ListenerHealthStatus", NULL);

  h->non_normal_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_server_health_free);
  h->request_id = lw_json_dup_string (response, "RequestId");

  for (guint i = 0; listeners != NULL && i < json_array_get_length (listeners); i++)
    {
      JsonObject *lo = lw_json_array_get_object (listeners, i);
      JsonArray *groups = lo != NULL ? lw_json_get_list (lo, "ServerGroupInfos", NULL) : NULL;

      if (lo != NULL && h->listener_id == NULL)
        h->listener_id = lw_json_dup_string (lo, "ListenerId");
      for (guint j = 0; groups != NULL && j < json_array_get_length (groups); j++)
        {
          JsonObject *go = lw_json_array_get_object (groups, j);
          JsonArray *servers = go != NULL ? lw_json_get_list (go, "NonNormalServers", NULL) : NULL;

          if (go != NULL && lw_json_get_bool (go, "HeathCheckEnabled", FALSE))
            h->health_check_enabled = TRUE;
          for (guint k = 0; servers != NULL && k < json_array_get_length (servers); k++)
            {
              JsonObject *so = lw_json_array_get_object (servers, k);
              LwNlbServerHealth *s;

              if (so == NULL)
                continue;
              s = g_new0 (LwNlbServerHealth, 1);
              s->server_group_id = lw_json_dup_string (go, "ServerGroupId");
              s->server_id = lw_json_dup_string (so, "ServerId");
              s->server_ip = lw_json_dup_string (so, "ServerIp");
              s->port = (guint) CLAMP (lw_json_get_int (so, "Port", 0), 0, G_MAXUINT);
              s->status = lw_json_dup_string (so, "Status");
              s->reason_code = lw_json_dup_string (lw_json_get_object (so, "Reason"), "ReasonCode");
              g_ptr_array_add (h->non_normal_servers, s);
            }
        }
    }
  return h;
}

void
lw_nlb_get_listener_health_status_async (LwRpcClient         *client,
                                         const char          *listener_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ListenerId", listener_id);
  lw_typed_call (client, LW_PRODUCT_NLB, "GetListenerHealthStatus", p, LW_CALL_FLAGS_NONE,
                 parse_listener_health, (GDestroyNotify) lw_nlb_listener_health_free,
                 lw_nlb_get_listener_health_status_async, cancellable, callback, user_data);
}

LwNlbListenerHealth *
lw_nlb_get_listener_health_status_finish (LwRpcClient   *client,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return lw_typed_call_finish (client, result, lw_nlb_get_listener_health_status_async, error);
}

void
lw_nlb_fuzz_parsers (JsonObject *response)
{
  lw_wire_fuzz_calls (lw_nlb_wire_calls, response);
  g_free (parse_job_status (response, NULL));
  lw_nlb_listener_health_free (parse_listener_health (response, NULL));
}
