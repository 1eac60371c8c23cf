/* lw-sim-privatelink.c — simulated PrivateLink 2020-04-15: endpoint services, their resources,
 * whitelist users and endpoint connections
 *
 * Endpoint connections are created by the TiDB Cloud side (lw-sim-tidb.c) and wait for
 * acceptance as Disconnected until EnableVpcEndpointConnection (then Connecting -> Connected).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-privatelink"

#include "lw-sim-private.h"

#include <string.h>

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static JsonObject *
find_service (LwSimCall *call)
{
  JsonObject *svc = lw_sim_res_find (call->sim, "endpoint-service", "ServiceId", lw_sim_param (call, "ServiceId"));

  if (svc == NULL || g_strcmp0 (str (svc, "RegionId"), lw_sim_param (call, "RegionId")) != 0)
    {
      lw_sim_call_error (call, 404, "EndpointServiceNotFound", "The specified endpoint service %s is not found.",
                         lw_sim_param (call, "ServiceId"));
      return NULL;
    }
  return svc;
}

static gboolean
require_active (LwSimCall  *call,
                JsonObject *svc)
{
  if (g_strcmp0 (str (svc, "ServiceStatus"), "Active") == 0)
    return TRUE;
  lw_sim_call_error (call, 400, "EndpointServiceOperationDenied",
                     "The endpoint service %s is %s; the operation needs it Active.",
                     str (svc, "ServiceId"), str (svc, "ServiceStatus"));
  return FALSE;
}

static JsonObject *
account_state (LwSimCall *call)
{
  return g_hash_table_lookup (call->sim->accounts, call->key->account_id);
}

static void
check_product_open (LwSimCall *call)
{
  JsonObject *state = account_state (call);
  JsonObject *reply = lw_sim_call_ok (call);

  json_object_set_boolean_member (reply, "Success",
                                  state && json_object_get_boolean_member_with_default (state, "privatelink_open", FALSE));
}

static void
open_private_link_service (LwSimCall *call)
{
  JsonObject *state = account_state (call);
  JsonObject *reply;
  g_autofree char *order = NULL;

  if (state && json_object_get_boolean_member_with_default (state, "privatelink_open", FALSE))
    {
      lw_sim_call_error (call, 400, "ORDER.OPEND", "The service has been opened.");
      return;
    }
  if (state)
    json_object_set_boolean_member (state, "privatelink_open", TRUE);
  reply = lw_sim_call_ok (call);
  order = g_strdup_printf ("%" G_GUINT64_FORMAT, 220000000000000 + call->sim->serial++);
  json_object_set_string_member (reply, "OrderId", order);
}

static void
create_vpc_endpoint_service (LwSimCall *call)
{
  const char *resource_type, *payer;
  gboolean auto_accept, affinity;
  const char *region = lw_sim_param (call, "RegionId");
  const char *desc = lw_sim_param (call, "ServiceDescription");
  JsonObject *state = account_state (call);
  g_autoptr(JsonArray) resources = json_array_new ();
  JsonArray *zones;
  g_autofree char *id = NULL, *name = NULL, *domain = NULL, *now = lw_sim_now_iso ();
  JsonObject *svc, *reply;

  if (!lw_sim_param_enum (call, "ServiceResourceType", "slb|alb|nlb|gwlb", "slb", &resource_type) ||
      !lw_sim_param_enum (call, "Payer", "Endpoint|EndpointService", "Endpoint", &payer) ||
      !lw_sim_param_bool (call, "AutoAcceptEnabled", FALSE, &auto_accept) ||
      !lw_sim_param_bool (call, "ZoneAffinityEnabled", FALSE, &affinity))
    return;
  if (state == NULL || !json_object_get_boolean_member_with_default (state, "privatelink_open", FALSE))
    {
      lw_sim_call_error (call, 400, "OperationDenied.PrivateLinkServiceNotOpen",
                         "PrivateLink is not activated for this account; call OpenPrivateLinkService first.");
      return;
    }
  if (desc && g_utf8_strlen (desc, -1) > 256)
    {
      lw_sim_call_error (call, 400, "IllegalParam.ServiceDescription", "The param of ServiceDescription is illegal.");
      return;
    }

  zones = json_array_new ();
  for (guint n = 1; n <= 20 && (lw_sim_param_nth (call, "Resource", n, "ResourceId") ||
                                lw_sim_param_nth (call, "Resource", n, "ResourceType")); n++)
    {
      const char *rid = lw_sim_param_nth (call, "Resource", n, "ResourceId");
      const char *rtype = lw_sim_param_nth (call, "Resource", n, "ResourceType");
      const char *zone = lw_sim_param_nth (call, "Resource", n, "ZoneId");
      JsonObject *lb, *res = NULL;
      JsonArray *mappings;

      if (n > 10)
        {
          lw_sim_call_error (call, 400, "IllegalParam.Resource", "Up to 10 resources can be added at creation.");
          json_array_unref (zones);
          return;
        }
      if (rid == NULL || g_strcmp0 (rtype, resource_type) != 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ResourceType",
                             "Resource.%u must have ResourceId and ResourceType %s.", n, resource_type);
          json_array_unref (zones);
          return;
        }
      if (strcmp (resource_type, "nlb") != 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ServiceResourceType",
                             "The simulator only has nlb resources.");
          json_array_unref (zones);
          return;
        }
      lb = lw_sim_res_find (call->sim, "load-balancer", "LoadBalancerId", rid);
      if (lb == NULL || g_strcmp0 (str (lb, "RegionId"), region) != 0)
        {
          lw_sim_call_error (call, 404, "EndpointServiceResourceNotFound",
                             "The resource %s is not found in region %s.", rid, region);
          json_array_unref (zones);
          return;
        }
      if (g_strcmp0 (str (lb, "LoadBalancerStatus"), "Active") != 0)
        {
          lw_sim_call_error (call, 400, "IncorrectStatus.nlb",
                             "The load balancer %s is %s; it must be Active.", rid, str (lb, "LoadBalancerStatus"));
          json_array_unref (zones);
          return;
        }
      if (g_strcmp0 (str (lb, "AddressType"), "Intranet") != 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ResourceId",
                             "Only internal-facing (Intranet) load balancers can back an endpoint service.");
          json_array_unref (zones);
          return;
        }
      mappings = json_object_get_array_member (lb, "ZoneMappings");
      for (guint m = 0; mappings && m < json_array_get_length (mappings); m++)
        {
          JsonObject *zm = json_array_get_object_element (mappings, m);
          if (g_strcmp0 (str (zm, "ZoneId"), zone) == 0)
            {
              JsonArray *addrs = json_object_get_array_member (zm, "LoadBalancerAddresses");
              res = json_object_new ();
              json_object_set_string_member (res, "ResourceId", rid);
              json_object_set_string_member (res, "ResourceType", rtype);
              json_object_set_string_member (res, "ZoneId", zone);
              json_object_set_string_member (res, "RegionId", region);
              json_object_set_string_member (res, "VpcId", str (lb, "VpcId"));
              json_object_set_string_member (res, "VSwitchId", str (zm, "VSwitchId"));
              json_object_set_string_member (res, "Ip", addrs && json_array_get_length (addrs) ?
                                             str (json_array_get_object_element (addrs, 0), "PrivateIPv4Address") : "");
              json_object_set_boolean_member (res, "ResourceSupportIPv6", FALSE);
            }
        }
      if (res == NULL)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ZoneId",
                             "The load balancer %s has no zone %s.", rid, zone ? zone : "(none)");
          json_array_unref (zones);
          return;
        }
      json_array_add_object_element (resources, res);
      json_array_add_string_element (zones, zone);
    }

  id = lw_sim_new_id (call->sim, "epsrv-");
  name = g_strdup_printf ("com.aliyuncs.privatelink.%s.%s", region, id);
  domain = g_strdup_printf ("%s.%s.privatelink.aliyuncs.com", id, region);
  svc = json_object_new ();
  json_object_set_string_member (svc, "ServiceId", id);
  json_object_set_string_member (svc, "ServiceName", name);
  json_object_set_string_member (svc, "ServiceDomain", domain);
  json_object_set_string_member (svc, "ServiceStatus", "Creating");
  json_object_set_string_member (svc, "ServiceBusinessStatus", "Normal");
  json_object_set_string_member (svc, "ServiceDescription", desc ? desc : "");
  json_object_set_boolean_member (svc, "AutoAcceptEnabled", auto_accept);
  json_object_set_boolean_member (svc, "ZoneAffinityEnabled", affinity);
  json_object_set_string_member (svc, "ServiceResourceType", resource_type);
  json_object_set_string_member (svc, "ServiceType", "Interface");
  json_object_set_string_member (svc, "Payer", payer);
  json_object_set_string_member (svc, "AddressIpVersion", "IPv4");
  json_object_set_int_member (svc, "ConnectBandwidth", 3072);
  json_object_set_int_member (svc, "MinBandwidth", 100);
  json_object_set_int_member (svc, "MaxBandwidth", 10240);
  json_object_set_array_member (svc, "Zones", zones);
  json_object_set_array_member (svc, "SupportedRegionSet", json_array_new ());
  json_object_set_string_member (svc, "RegionId", region);
  json_object_set_string_member (svc, "ResourceGroupId", "rg-acfmdemo00000001");
  json_object_set_string_member (svc, "CreateTime", now);
  json_object_set_array_member (svc, "_Resources", json_array_ref (resources));
  lw_sim_res_add (call->sim, "endpoint-service", svc, lw_sim_param (call, "ClientToken"));
  lw_sim_schedule_transition (call->sim, "eps.create", "endpoint-service", "ServiceId", id,
                              "ServiceStatus", "Active", NULL, NULL);

  reply = lw_sim_call_ok (call);
  json_object_set_string_member (reply, "ServiceId", id);
  json_object_set_string_member (reply, "ServiceName", name);
  json_object_set_string_member (reply, "ServiceDomain", domain);
  json_object_set_string_member (reply, "ServiceStatus", "Creating");
  json_object_set_string_member (reply, "ServiceBusinessStatus", "Normal");
  json_object_set_boolean_member (reply, "AutoAcceptEnabled", auto_accept);
  json_object_set_boolean_member (reply, "ZoneAffinityEnabled", affinity);
  json_object_set_string_member (reply, "ResourceGroupId", "rg-acfmdemo00000001");
  json_object_set_string_member (reply, "CreateTime", now);
}

static void
get_vpc_endpoint_service_attribute (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  g_autoptr(JsonNode) pub = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *reply;

  if (svc == NULL)
    return;
  pub = lw_sim_public_node (svc);
  reply = lw_sim_call_ok (call);
  members = json_object_get_members (json_node_get_object (pub));
  for (GList *l = members; l; l = l->next)
    json_object_set_member (reply, l->data,
                            json_node_copy (json_object_get_member (json_node_get_object (pub), l->data)));
}

/* The account's endpoint services in the region (MaxResults 1-1000, default 50, as the API
 * reference documents). */
static void
list_vpc_endpoint_services (LwSimCall *call)
{
  GPtrArray *all = lw_sim_res_list (call->sim, "endpoint-service");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  JsonObject *reply;

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *svc = g_ptr_array_index (all, i);
      if (g_strcmp0 (str (svc, "RegionId"), lw_sim_param (call, "RegionId")) == 0)
        g_ptr_array_add (hits, svc);
    }
  reply = lw_sim_call_ok (call);
  page = lw_sim_page_tokens (call, hits, 50, 1000, reply, TRUE);
  if (page == NULL)
    return;
  json_object_set_array_member (reply, "Services", lw_sim_public_array (page));
}

static void
remove_where (LwSimServer *sim,
              const char  *kind,
              const char  *field,
              const char  *value)
{
  GPtrArray *list = lw_sim_res_list (sim, kind);

  for (guint i = list->len; i > 0; i--)
    if (g_strcmp0 (str (g_ptr_array_index (list, i - 1), field), value) == 0)
      g_ptr_array_remove_index (list, i - 1);
}

static void
delete_vpc_endpoint_service (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  GPtrArray *conns;
  const char *id;

  if (svc == NULL)
    return;
  id = str (svc, "ServiceId");
  if (g_strcmp0 (str (svc, "ServiceStatus"), "Active") != 0 &&
      g_strcmp0 (str (svc, "ServiceStatus"), "Inactive") != 0)
    {
      lw_sim_call_error (call, 400, "ConcurrentCallNotSupported",
                         "The operation conflicts with other operations. Please try again later.");
      return;
    }
  conns = lw_sim_res_list (call->sim, "endpoint-connection");
  for (guint i = 0; i < conns->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conns, i);
      const char *status = str (c, "ConnectionStatus");

      if (g_strcmp0 (str (c, "ServiceId"), id) == 0 &&
          (strcmp (status, "Connected") == 0 || strcmp (status, "Connecting") == 0 ||
           strcmp (status, "Disconnecting") == 0))
        {
          lw_sim_call_error (call, 400, "EndpointServiceConnectionDependence",
                             "The endpoint service %s still has endpoint connection %s (%s).", id,
                             str (c, "EndpointId"), status);
          return;
        }
    }

  /* Whitelist entries and waiting connection requests go with the service. */
  remove_where (call->sim, "endpoint-service-user", "ServiceId", id);
  remove_where (call->sim, "endpoint-connection", "ServiceId", id);
  json_object_set_string_member (svc, "ServiceStatus", "Deleting");
  lw_sim_schedule_transition (call->sim, "eps.delete", "endpoint-service", "ServiceId", id,
                              NULL, NULL, NULL, NULL);
  lw_sim_call_ok (call);
  lw_sim_reconcile (call->sim);
}

static void
list_vpc_endpoint_service_resources (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  JsonArray *res;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  JsonObject *reply;

  if (svc == NULL)
    return;
  res = json_object_get_array_member (svc, "_Resources");
  for (guint i = 0; res && i < json_array_get_length (res); i++)
    {
      JsonObject *r = json_array_get_object_element (res, i);
      if (lw_sim_param (call, "ZoneId") == NULL || g_strcmp0 (lw_sim_param (call, "ZoneId"), str (r, "ZoneId")) == 0)
        g_ptr_array_add (items, r);
    }
  reply = lw_sim_call_ok (call);
  page = lw_sim_page_tokens (call, items, 50, 50, reply, TRUE);
  if (page == NULL)
    return;
  /* The official model of this answer has no TotalCount. */
  json_object_remove_member (reply, "TotalCount");
  json_object_set_array_member (reply, "Resources", lw_sim_public_array (page));
}

static gboolean
parse_user (LwSimCall   *call,
            char       **out_uid)
{
  const char *uid = lw_sim_param (call, "UserId");
  const char *arn = lw_sim_param (call, "UserARN");
  guint64 value;

  if ((uid == NULL || *uid == '\0') && arn && *arn)
    {
      /* acs:ram:*:<account-id>:* */
      g_auto(GStrv) parts = g_strsplit (arn, ":", -1);
      if (g_strv_length (parts) == 5 && strcmp (parts[0], "acs") == 0 && strcmp (parts[1], "ram") == 0)
        uid = NULL, *out_uid = g_strdup (parts[3]);
      else
        {
          lw_sim_call_error (call, 400, "IllegalParam.UserARN", "The param of UserARN is illegal.");
          return FALSE;
        }
    }
  else if (uid == NULL || *uid == '\0')
    {
      lw_sim_call_error (call, 400, "MissingParam.UserId",
                         "The parameter UserId that is mandatory for processing this request is not supplied.");
      return FALSE;
    }
  else
    *out_uid = g_strdup (uid);

  if (!g_ascii_string_to_unsigned (*out_uid, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_clear_pointer (out_uid, g_free);
      lw_sim_call_error (call, 400, "IllegalParam.UserId", "The param of UserId is illegal.");
      return FALSE;
    }
  return TRUE;
}

static void
add_user (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  g_autofree char *uid = NULL;
  g_autofree char *key = NULL;
  JsonObject *user;

  if (svc == NULL || !require_active (call, svc) || !parse_user (call, &uid))
    return;
  key = g_strdup_printf ("%s/%s", str (svc, "ServiceId"), uid);
  if (lw_sim_res_find (call->sim, "endpoint-service-user", "_Key", key) == NULL)
    {
      user = json_object_new ();
      json_object_set_string_member (user, "_Key", key);
      json_object_set_string_member (user, "ServiceId", str (svc, "ServiceId"));
      json_object_set_int_member (user, "UserId", g_ascii_strtoll (uid, NULL, 10));
      json_object_set_string_member (user, "_UserId", uid);
      lw_sim_res_add (call->sim, "endpoint-service-user", user, lw_sim_param (call, "ClientToken"));
    }
  lw_sim_call_ok (call);
}

static void
remove_user (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  g_autofree char *uid = NULL;
  g_autofree char *key = NULL;
  JsonObject *user;

  if (svc == NULL || !parse_user (call, &uid))
    return;
  key = g_strdup_printf ("%s/%s", str (svc, "ServiceId"), uid);
  user = lw_sim_res_find (call->sim, "endpoint-service-user", "_Key", key);
  if (user)
    lw_sim_res_remove (call->sim, "endpoint-service-user", user);
  lw_sim_call_ok (call);
}

static void
list_users (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  const char *filter = lw_sim_param (call, "UserId");
  const char *list_type = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all;
  JsonObject *reply;
  JsonArray *rows;

  if (svc == NULL || !lw_sim_param_enum (call, "UserListType", "Users|UserARNs", "Users", &list_type))
    return;
  all = lw_sim_res_list (call->sim, "endpoint-service-user");
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *u = g_ptr_array_index (all, i);
      if (g_strcmp0 (str (u, "ServiceId"), str (svc, "ServiceId")) == 0 &&
          (filter == NULL || *filter == '\0' || g_strcmp0 (filter, str (u, "_UserId")) == 0))
        g_ptr_array_add (hits, u);
    }
  reply = lw_sim_call_ok (call);
  page = lw_sim_page_tokens (call, hits, 50, 50, reply, TRUE);
  if (page == NULL)
    return;
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    {
      JsonObject *u = g_ptr_array_index (page, i);
      JsonObject *row = json_object_new ();

      if (strcmp (list_type, "UserARNs") == 0)
        {
          g_autofree char *arn = g_strdup_printf ("acs:ram:*:%s:*", str (u, "_UserId"));
          json_object_set_string_member (row, "UserARN", arn);
        }
      else
        json_object_set_int_member (row, "UserId", json_object_get_int_member (u, "UserId"));
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (reply, strcmp (list_type, "UserARNs") == 0 ? "UserARNs" : "Users", rows);
}

static void
list_connections (LwSimCall *call)
{
  const char *service_id = lw_sim_param (call, "ServiceId");
  const char *endpoint_id = lw_sim_param (call, "EndpointId");
  const char *owner = lw_sim_param (call, "EndpointOwnerId");
  const char *status = lw_sim_param (call, "ConnectionStatus");
  const char *region = lw_sim_param (call, "RegionId");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all = lw_sim_res_list (call->sim, "endpoint-connection");
  JsonObject *reply;

  if (owner && *owner && !g_ascii_string_to_unsigned (owner, 10, 0, G_MAXINT64, NULL, NULL))
    {
      lw_sim_call_error (call, 400, "IllegalParam.EndpointOwnerId", "The param of EndpointOwnerId is illegal.");
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *c = g_ptr_array_index (all, i);
      g_autofree char *c_owner = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (c, "EndpointOwnerId"));

      if (g_strcmp0 (str (c, "_RegionId"), region) != 0)
        continue;
      if ((service_id && *service_id && g_strcmp0 (service_id, str (c, "ServiceId")) != 0) ||
          (endpoint_id && *endpoint_id && g_strcmp0 (endpoint_id, str (c, "EndpointId")) != 0) ||
          (owner && *owner && g_strcmp0 (owner, c_owner) != 0) ||
          (status && *status && g_strcmp0 (status, str (c, "ConnectionStatus")) != 0))
        continue;
      g_ptr_array_add (hits, c);
    }
  reply = lw_sim_call_ok (call);
  page = lw_sim_page_tokens (call, hits, 50, 1000, reply, TRUE);
  if (page == NULL)
    return;
  json_object_set_array_member (reply, "Connections", lw_sim_public_array (page));
}

static JsonObject *
find_connection (LwSimCall  *call,
                 JsonObject *svc)
{
  const char *endpoint_id = lw_sim_param (call, "EndpointId");
  JsonObject *c = lw_sim_res_find (call->sim, "endpoint-connection", "EndpointId", endpoint_id);

  if (c == NULL || g_strcmp0 (str (c, "ServiceId"), str (svc, "ServiceId")) != 0)
    {
      lw_sim_call_error (call, 404, "EndpointNotFound", "The specified endpoint %s is not found.", endpoint_id);
      return NULL;
    }
  return c;
}

static void
set_modified (JsonObject *c)
{
  g_autofree char *now = lw_sim_now_iso ();
  json_object_set_string_member (c, "ModifiedTime", now);
}

static void
enable_connection (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  JsonObject *c;
  const char *status;

  if (svc == NULL || !require_active (call, svc) || (c = find_connection (call, svc)) == NULL)
    return;
  status = str (c, "ConnectionStatus");
  if (strcmp (status, "Disconnected") == 0 || strcmp (status, "Pending") == 0)
    {
      json_object_set_string_member (c, "ConnectionStatus", "Connecting");
      set_modified (c);
      lw_sim_schedule_transition (call->sim, "conn.enable", "endpoint-connection", "EndpointId",
                                  str (c, "EndpointId"), "ConnectionStatus", "Connected", NULL, NULL);
    }
  else if (strcmp (status, "Connected") != 0 && strcmp (status, "Connecting") != 0)
    {
      lw_sim_call_error (call, 400, "EndpointConnectionOperationDenied",
                         "The endpoint connection %s is %s.", str (c, "EndpointId"), status);
      return;
    }
  lw_sim_call_ok (call);
}

static void
disable_connection (LwSimCall *call)
{
  JsonObject *svc = find_service (call);
  JsonObject *c;
  const char *status;

  if (svc == NULL || (c = find_connection (call, svc)) == NULL)
    return;
  status = str (c, "ConnectionStatus");
  if (strcmp (status, "Connected") == 0)
    {
      json_object_set_string_member (c, "ConnectionStatus", "Disconnecting");
      set_modified (c);
      lw_sim_schedule_transition (call->sim, "conn.disable", "endpoint-connection", "EndpointId",
                                  str (c, "EndpointId"), "ConnectionStatus", "Disconnected", NULL, NULL);
      lw_sim_reconcile (call->sim);
    }
  else if (strcmp (status, "Disconnected") != 0 && strcmp (status, "Disconnecting") != 0)
    {
      lw_sim_call_error (call, 400, "EndpointConnectionOperationDenied",
                         "The endpoint connection %s is %s.", str (c, "EndpointId"), status);
      return;
    }
  lw_sim_call_ok (call);
}

const LwSimAction lw_sim_privatelink_actions[] = {
  { "CheckProductOpen", NULL, check_product_open },
  { "OpenPrivateLinkService", NULL, open_private_link_service },
  { "CreateVpcEndpointService", "RegionId", create_vpc_endpoint_service },
  { "GetVpcEndpointServiceAttribute", "RegionId ServiceId", get_vpc_endpoint_service_attribute },
  { "DeleteVpcEndpointService", "RegionId ServiceId", delete_vpc_endpoint_service },
  { "ListVpcEndpointServices", "RegionId", list_vpc_endpoint_services },
  { "ListVpcEndpointServiceResources", "RegionId ServiceId", list_vpc_endpoint_service_resources },
  { "AddUserToVpcEndpointService", "RegionId ServiceId", add_user },
  { "RemoveUserFromVpcEndpointService", "RegionId ServiceId", remove_user },
  { "ListVpcEndpointServiceUsers", "RegionId ServiceId", list_users },
  { "ListVpcEndpointConnections", "RegionId", list_connections },
  { "EnableVpcEndpointConnection", "RegionId ServiceId EndpointId", enable_connection },
  { "DisableVpcEndpointConnection", "RegionId ServiceId EndpointId", disable_connection },
  { NULL, NULL, NULL }
};
