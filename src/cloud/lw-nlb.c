/* lw-nlb.c: NLB 2022-04-30 (parameters in the form body)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-nlb"

#include "lw-cloud-private.h"
#include "lw-nlb.h"

void
lw_nlb_job_result_free (LwNlbJobResult *self)
{
  if (self == NULL)
    return;
  g_free (self->request_id);
  g_free (self->job_id);
  g_free (self->resource_id);
  g_free (self->order_id);
  g_free (self);
}

void
lw_nlb_server_group_free (LwNlbServerGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->server_group_id);
  g_free (self->server_group_name);
  g_free (self->server_group_type);
  g_free (self->status);
  g_free (self->vpc_id);
  g_free (self->protocol);
  g_strfreev (self->related_load_balancer_ids);
  g_free (self);
}

void
lw_nlb_backend_server_free (LwNlbBackendServer *self)
{
  if (self == NULL)
    return;
  g_free (self->server_group_id);
  g_free (self->server_id);
  g_free (self->server_ip);
  g_free (self->server_type);
  g_free (self->status);
  g_free (self->zone_id);
  g_free (self->description);
  g_free (self);
}

void
lw_nlb_zone_mapping_free (LwNlbZoneMapping *self)
{
  if (self == NULL)
    return;
  g_free (self->zone_id);
  g_free (self->vswitch_id);
  g_free (self->status);
  g_free (self->private_ipv4_address);
  g_free (self);
}

void
lw_nlb_load_balancer_free (LwNlbLoadBalancer *self)
{
  if (self == NULL)
    return;
  g_free (self->load_balancer_id);
  g_free (self->load_balancer_name);
  g_free (self->status);
  g_free (self->business_status);
  g_free (self->address_type);
  g_free (self->address_ip_version);
  g_free (self->vpc_id);
  g_free (self->dns_name);
  g_clear_pointer (&self->zone_mappings, g_ptr_array_unref);
  g_free (self->request_id);
  g_free (self);
}

void
lw_nlb_listener_free (LwNlbListener *self)
{
  if (self == NULL)
    return;
  g_free (self->listener_id);
  g_free (self->load_balancer_id);
  g_free (self->server_group_id);
  g_free (self->listener_protocol);
  g_free (self->status);
  g_free (self->listener_description);
  g_free (self->request_id);
  g_free (self);
}

void
lw_nlb_server_health_free (LwNlbServerHealth *self)
{
  if (self == NULL)
    return;
  g_free (self->server_group_id);
  g_free (self->server_id);
  g_free (self->server_ip);
  g_free (self->status);
  g_free (self->reason_code);
  g_free (self);
}

void
lw_nlb_listener_health_free (LwNlbListenerHealth *self)
{
  if (self == NULL)
    return;
  g_free (self->listener_id);
  g_clear_pointer (&self->non_normal_servers, g_ptr_array_unref);
  g_free (self->request_id);
  g_free (self);
}

static guint
get_uint (JsonObject *o,
          const char *member)
{
  gint64 v = lw_json_get_int (o, member, 0);
  return v > 0 && v <= G_MAXUINT ? (guint) v : 0;
}

/* Write calls */

static gpointer
parse_job (JsonObject  *response,
           GError     **error)
{
  LwNlbJobResult *r = g_new0 (LwNlbJobResult, 1);

  r->request_id = lw_json_dup_string (response, "RequestId");
  r->dry_run = lw_json_get_bool (response, "DryRunOperation", FALSE);
  r->job_id = lw_json_dup_string (response, "JobId");
  /* CreateLoadBalancer answers "LoadbalancerId" (lower-case b); accept both spellings. */
  r->resource_id = lw_json_dup_string (response, "LoadbalancerId");
  if (r->resource_id == NULL)
    r->resource_id = lw_json_dup_string (response, "LoadBalancerId");
  if (r->resource_id == NULL)
    r->resource_id = lw_json_dup_string (response, "ListenerId");
  if (r->resource_id == NULL)
    r->resource_id = lw_json_dup_string (response, "ServerGroupId");
  r->order_id = lw_json_dup_string (response, "OrderId");
  return r;
}

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
  lw_typed_call (client, LW_PRODUCT_NLB, action, params, flags, parse_job,
                 (GDestroyNotify) lw_nlb_job_result_free, lw_nlb_job_finish,
                 cancellable, callback, user_data);
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
  if (spec->health_check_connect_port > 0)
    lw_params_add_uint (p, "HealthCheckConfig.HealthCheckConnectPort", spec->health_check_connect_port);
  if (spec->health_check_connect_timeout > 0)
    lw_params_add_uint (p, "HealthCheckConfig.HealthCheckConnectTimeout", spec->health_check_connect_timeout);
  if (spec->health_check_interval > 0)
    lw_params_add_uint (p, "HealthCheckConfig.HealthCheckInterval", spec->health_check_interval);
  if (spec->healthy_threshold > 0)
    lw_params_add_uint (p, "HealthCheckConfig.HealthyThreshold", spec->healthy_threshold);
  if (spec->unhealthy_threshold > 0)
    lw_params_add_uint (p, "HealthCheckConfig.UnhealthyThreshold", spec->unhealthy_threshold);
  lw_params_add_tags (p, spec->tags);
  write_call (client, "CreateServerGroup", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_delete_server_group_async (LwRpcClient         *client,
                                  const char          *server_group_id,
                                  const char          *client_token,
                                  LwCallFlags          flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServerGroupId", server_group_id);
  write_call (client, "DeleteServerGroup", p, client_token, flags, cancellable, callback, user_data);
}

static void
add_servers (LwParams              *p,
             const LwNlbServerSpec *servers,
             guint                  n_servers,
             gboolean               full)
{
  for (guint i = 0; i < n_servers; i++)
    {
      const LwNlbServerSpec *s = &servers[i];
      char port[16];

      lw_params_add_indexed (p, "Servers", i + 1, "ServerId", s->server_id);
      lw_params_add_indexed (p, "Servers", i + 1, "ServerType", s->server_type);
      lw_params_add_indexed (p, "Servers", i + 1, "ServerIp", s->server_ip);
      g_snprintf (port, sizeof port, "%u", s->port);
      lw_params_add_indexed (p, "Servers", i + 1, "Port", port);
      if (full && s->weight > 0)
        {
          char weight[16];
          g_snprintf (weight, sizeof weight, "%u", s->weight);
          lw_params_add_indexed (p, "Servers", i + 1, "Weight", weight);
        }
      if (full)
        lw_params_add_indexed (p, "Servers", i + 1, "Description", s->description);
    }
}

void
lw_nlb_add_servers_to_server_group_async (LwRpcClient           *client,
                                          const char            *server_group_id,
                                          const LwNlbServerSpec *servers,
                                          guint                  n_servers,
                                          const char            *client_token,
                                          LwCallFlags            flags,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServerGroupId", server_group_id);
  add_servers (p, servers, n_servers, TRUE);
  write_call (client, "AddServersToServerGroup", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_nlb_remove_servers_from_server_group_async (LwRpcClient           *client,
                                               const char            *server_group_id,
                                               const LwNlbServerSpec *servers,
                                               guint                  n_servers,
                                               const char            *client_token,
                                               LwCallFlags            flags,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServerGroupId", server_group_id);
  add_servers (p, servers, n_servers, FALSE);
  write_call (client, "RemoveServersFromServerGroup", p, client_token, flags, cancellable, callback, user_data);
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
lw_nlb_delete_load_balancer_async (LwRpcClient         *client,
                                   const char          *load_balancer_id,
                                   const char          *client_token,
                                   LwCallFlags          flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "LoadBalancerId", load_balancer_id);
  write_call (client, "DeleteLoadBalancer", p, client_token, flags, cancellable, callback, user_data);
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

void
lw_nlb_delete_listener_async (LwRpcClient         *client,
                              const char          *listener_id,
                              const char          *client_token,
                              LwCallFlags          flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ListenerId", listener_id);
  write_call (client, "DeleteListener", p, client_token, flags, cancellable, callback, user_data);
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
  LwParams *p = lw_region_params (client);

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

/* Readers */

static gpointer
parse_server_group (JsonObject *o)
{
  LwNlbServerGroup *g = g_new0 (LwNlbServerGroup, 1);

  g->server_group_id = lw_json_dup_string (o, "ServerGroupId");
  g->server_group_name = lw_json_dup_string (o, "ServerGroupName");
  g->server_group_type = lw_json_dup_string (o, "ServerGroupType");
  g->status = lw_json_dup_string (o, "ServerGroupStatus");
  g->vpc_id = lw_json_dup_string (o, "VpcId");
  g->protocol = lw_json_dup_string (o, "Protocol");
  g->related_load_balancer_ids = lw_json_dup_strv (o, "RelatedLoadBalancerIds", NULL);
  g->server_count = get_uint (o, "ServerCount");
  return g;
}

static gboolean
parse_server_groups (JsonObject  *response,
                     GPtrArray   *items,
                     GError     **error)
{
  return lw_json_append_objects (lw_json_get_list (response, "ServerGroups", "ServerGroup"), items, parse_server_group);
}

void
lw_nlb_list_server_groups_async (LwRpcClient         *client,
                                 const char * const  *server_group_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add_list (p, "ServerGroupIds", server_group_ids);
  lw_paged_call (client, LW_PRODUCT_NLB, "ListServerGroups", p, LW_PAGING_NEXT_TOKEN, 100,
                 parse_server_groups, (GDestroyNotify) lw_nlb_server_group_free,
                 lw_nlb_list_server_groups_async, cancellable, callback, user_data);
}

GPtrArray *
lw_nlb_list_server_groups_finish (LwRpcClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return lw_paged_call_finish (client, result, lw_nlb_list_server_groups_async, error);
}

static gpointer
parse_backend (JsonObject *o)
{
  LwNlbBackendServer *s = g_new0 (LwNlbBackendServer, 1);

  s->server_group_id = lw_json_dup_string (o, "ServerGroupId");
  s->server_id = lw_json_dup_string (o, "ServerId");
  s->server_ip = lw_json_dup_string (o, "ServerIp");
  s->server_type = lw_json_dup_string (o, "ServerType");
  s->port = get_uint (o, "Port");
  s->weight = get_uint (o, "Weight");
  s->status = lw_json_dup_string (o, "Status");
  s->zone_id = lw_json_dup_string (o, "ZoneId");
  s->description = lw_json_dup_string (o, "Description");
  return s;
}

static gboolean
parse_backends (JsonObject  *response,
                GPtrArray   *items,
                GError     **error)
{
  return lw_json_append_objects (lw_json_get_list (response, "Servers", "Server"), items, parse_backend);
}

void
lw_nlb_list_server_group_servers_async (LwRpcClient         *client,
                                        const char          *server_group_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServerGroupId", server_group_id);
  lw_paged_call (client, LW_PRODUCT_NLB, "ListServerGroupServers", p, LW_PAGING_NEXT_TOKEN, 100,
                 parse_backends, (GDestroyNotify) lw_nlb_backend_server_free,
                 lw_nlb_list_server_group_servers_async, cancellable, callback, user_data);
}

GPtrArray *
lw_nlb_list_server_group_servers_finish (LwRpcClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return lw_paged_call_finish (client, result, lw_nlb_list_server_group_servers_async, error);
}

static gpointer
parse_zone_mapping (JsonObject *o)
{
  LwNlbZoneMapping *z = g_new0 (LwNlbZoneMapping, 1);
  JsonArray *addresses = lw_json_get_list (o, "LoadBalancerAddresses", NULL);

  z->zone_id = lw_json_dup_string (o, "ZoneId");
  z->vswitch_id = lw_json_dup_string (o, "VSwitchId");
  z->status = lw_json_dup_string (o, "Status");
  if (addresses != NULL && json_array_get_length (addresses) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (addresses, 0)))
    z->private_ipv4_address = lw_json_dup_string (lw_json_array_get_object (addresses, 0),
                                                  "PrivateIPv4Address");
  return z;
}

static gpointer
parse_load_balancer_object (JsonObject *o)
{
  LwNlbLoadBalancer *lb = g_new0 (LwNlbLoadBalancer, 1);

  lb->load_balancer_id = lw_json_dup_string (o, "LoadBalancerId");
  lb->load_balancer_name = lw_json_dup_string (o, "LoadBalancerName");
  lb->status = lw_json_dup_string (o, "LoadBalancerStatus");
  lb->business_status = lw_json_dup_string (o, "LoadBalancerBusinessStatus");
  lb->address_type = lw_json_dup_string (o, "AddressType");
  lb->address_ip_version = lw_json_dup_string (o, "AddressIpVersion");
  lb->vpc_id = lw_json_dup_string (o, "VpcId");
  lb->dns_name = lw_json_dup_string (o, "DNSName");
  lb->zone_mappings = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_zone_mapping_free);
  lw_json_append_objects (lw_json_get_list (o, "ZoneMappings", NULL), lb->zone_mappings, parse_zone_mapping);
  lb->request_id = lw_json_dup_string (o, "RequestId");
  return lb;
}

static gpointer
parse_load_balancer (JsonObject  *response,
                     GError     **error)
{
  return parse_load_balancer_object (response);
}

void
lw_nlb_get_load_balancer_async (LwRpcClient         *client,
                                const char          *load_balancer_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "LoadBalancerId", load_balancer_id);
  lw_typed_call (client, LW_PRODUCT_NLB, "GetLoadBalancerAttribute", p, LW_CALL_FLAGS_NONE,
                 parse_load_balancer, (GDestroyNotify) lw_nlb_load_balancer_free,
                 lw_nlb_get_load_balancer_async, cancellable, callback, user_data);
}

LwNlbLoadBalancer *
lw_nlb_get_load_balancer_finish (LwRpcClient   *client,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return lw_typed_call_finish (client, result, lw_nlb_get_load_balancer_async, error);
}

static gboolean
parse_load_balancers (JsonObject  *response,
                      GPtrArray   *items,
                      GError     **error)
{
  return lw_json_append_objects (lw_json_get_list (response, "LoadBalancers", "LoadBalancer"), items,
                      parse_load_balancer_object);
}

void
lw_nlb_list_load_balancers_async (LwRpcClient         *client,
                                  const char * const  *load_balancer_ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add_list (p, "LoadBalancerIds", load_balancer_ids);
  lw_paged_call (client, LW_PRODUCT_NLB, "ListLoadBalancers", p, LW_PAGING_NEXT_TOKEN, 100,
                 parse_load_balancers, (GDestroyNotify) lw_nlb_load_balancer_free,
                 lw_nlb_list_load_balancers_async, cancellable, callback, user_data);
}

GPtrArray *
lw_nlb_list_load_balancers_finish (LwRpcClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return lw_paged_call_finish (client, result, lw_nlb_list_load_balancers_async, error);
}

static gpointer
parse_listener_object (JsonObject *o)
{
  LwNlbListener *l = g_new0 (LwNlbListener, 1);

  l->listener_id = lw_json_dup_string (o, "ListenerId");
  l->load_balancer_id = lw_json_dup_string (o, "LoadBalancerId");
  l->server_group_id = lw_json_dup_string (o, "ServerGroupId");
  l->listener_protocol = lw_json_dup_string (o, "ListenerProtocol");
  l->listener_port = get_uint (o, "ListenerPort");
  l->status = lw_json_dup_string (o, "ListenerStatus");
  l->listener_description = lw_json_dup_string (o, "ListenerDescription");
  l->request_id = lw_json_dup_string (o, "RequestId");
  return l;
}

static gpointer
parse_listener (JsonObject  *response,
                GError     **error)
{
  return parse_listener_object (response);
}

void
lw_nlb_get_listener_async (LwRpcClient         *client,
                           const char          *listener_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ListenerId", listener_id);
  lw_typed_call (client, LW_PRODUCT_NLB, "GetListenerAttribute", p, LW_CALL_FLAGS_NONE,
                 parse_listener, (GDestroyNotify) lw_nlb_listener_free,
                 lw_nlb_get_listener_async, cancellable, callback, user_data);
}

LwNlbListener *
lw_nlb_get_listener_finish (LwRpcClient   *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  return lw_typed_call_finish (client, result, lw_nlb_get_listener_async, error);
}

static gboolean
parse_listeners (JsonObject  *response,
                 GPtrArray   *items,
                 GError     **error)
{
  return lw_json_append_objects (lw_json_get_list (response, "Listeners", "Listener"), items, parse_listener_object);
}

void
lw_nlb_list_listeners_async (LwRpcClient         *client,
                             const char          *load_balancer_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  if (load_balancer_id != NULL)
    lw_params_add (p, "LoadBalancerIds.1", load_balancer_id);
  lw_paged_call (client, LW_PRODUCT_NLB, "ListListeners", p, LW_PAGING_NEXT_TOKEN, 100,
                 parse_listeners, (GDestroyNotify) lw_nlb_listener_free,
                 lw_nlb_list_listeners_async, cancellable, callback, user_data);
}

GPtrArray *
lw_nlb_list_listeners_finish (LwRpcClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return lw_paged_call_finish (client, result, lw_nlb_list_listeners_async, error);
}

/* GetListenerHealthStatus */

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
      JsonArray *groups;

      if (lo == NULL)
        continue;
      if (h->listener_id == NULL)
        h->listener_id = lw_json_dup_string (lo, "ListenerId");
      groups = lw_json_get_list (lo, "ServerGroupInfos", NULL);
      for (guint j = 0; groups != NULL && j < json_array_get_length (groups); j++)
        {
          JsonObject *go = lw_json_array_get_object (groups, j);
          JsonArray *servers;

          if (go == NULL)
            continue;
          /* The API spells it "HeathCheckEnabled"; accept the correct spelling too. */
          if (lw_json_get_bool (go, "HeathCheckEnabled", FALSE) || lw_json_get_bool (go, "HealthCheckEnabled", FALSE))
            h->health_check_enabled = TRUE;
          servers = lw_json_get_list (go, "NonNormalServers", NULL);
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
              s->port = get_uint (so, "Port");
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
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_server_group_free);
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_backend_server_free);
  g_autoptr(GPtrArray) lbs = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_load_balancer_free);
  g_autoptr(GPtrArray) listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_nlb_listener_free);

  lw_nlb_job_result_free (parse_job (response, NULL));
  g_free (parse_job_status (response, NULL));
  parse_server_groups (response, groups, NULL);
  parse_backends (response, servers, NULL);
  lw_nlb_load_balancer_free (parse_load_balancer (response, NULL));
  parse_load_balancers (response, lbs, NULL);
  lw_nlb_listener_free (parse_listener (response, NULL));
  parse_listeners (response, listeners, NULL);
  lw_nlb_listener_health_free (parse_listener_health (response, NULL));
}
