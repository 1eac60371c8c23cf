/* lw-privatelink.c: PrivateLink 2020-04-15, described as data (lw-wire.h)
 *
 * Every parameter goes in the query, as the official SDK (privatelink-20200415 client.ts) sends
 * it. CheckProductOpen and OpenPrivateLinkService take no RegionId: they act on the account, and
 * the endpoint (privatelink.<region>.aliyuncs.com) already names the region.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-privatelink"

#include "lw-cloud-private.h"
#include "lw-privatelink.h"
#include "lw-wire.h"

static const LwWireParam tag_members[] = { LW_M_STR ("Key"), LW_M_STR ("Value"), LW_WIRE_END };
static const LwWireParam resource_members[] = {
  LW_M_STR ("ResourceType"), LW_M_STR ("ResourceId"), LW_M_STR ("ZoneId"), LW_WIRE_END
};

#define WRITE_QUERY LW_P_STR ("RegionId", QUERY), LW_P_STR ("ClientToken", QUERY), LW_P_BOOL ("DryRun", QUERY)

static const LwWireParam no_params[] = { LW_WIRE_END };
static const LwWireParam create_service_params[] = {
  WRITE_QUERY, LW_P_STR ("ServiceResourceType", QUERY), LW_P_BOOL ("AutoAcceptEnabled", QUERY),
  LW_P_STR ("ServiceDescription", QUERY), LW_P_OBJS ("Resource", QUERY, resource_members),
  LW_P_OBJS ("Tag", QUERY, tag_members), LW_WIRE_END
};
static const LwWireParam service_query_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("ServiceId", QUERY), LW_WIRE_END
};
static const LwWireParam service_write_params[] = { WRITE_QUERY, LW_P_STR ("ServiceId", QUERY), LW_WIRE_END };
static const LwWireParam service_list_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("ServiceId", QUERY), LW_P_NUM ("MaxResults", QUERY),
  LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireParam list_users_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("ServiceId", QUERY), LW_P_NUM ("UserId", QUERY),
  LW_P_NUM ("MaxResults", QUERY), LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireParam user_params[] = {
  WRITE_QUERY, LW_P_STR ("ServiceId", QUERY), LW_P_NUM ("UserId", QUERY), LW_WIRE_END
};
static const LwWireParam list_connections_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_STR ("ServiceId", QUERY), LW_P_NUM ("EndpointOwnerId", QUERY),
  LW_P_NUM ("MaxResults", QUERY), LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireParam connection_write_params[] = {
  WRITE_QUERY, LW_P_STR ("ServiceId", QUERY), LW_P_STR ("EndpointId", QUERY), LW_WIRE_END
};

#define SERVICE_FIELDS \
    LW_F_STR ("RequestId", LwPrivateLinkService, request_id), \
    LW_F_BOOL ("DryRunOperation", LwPrivateLinkService, dry_run), \
    LW_F_STR ("ServiceId", LwPrivateLinkService, service_id), \
    LW_F_STR ("ServiceName", LwPrivateLinkService, service_name), \
    LW_F_STR ("ServiceDomain", LwPrivateLinkService, service_domain), \
    LW_F_STR ("ServiceStatus", LwPrivateLinkService, service_status), \
    LW_F_STR ("ServiceBusinessStatus", LwPrivateLinkService, service_business_status), \
    LW_F_BOOL ("AutoAcceptEnabled", LwPrivateLinkService, auto_accept_enabled)

/* CreateVpcEndpointService answers neither the resource type nor the zones. */
static const LwWireStruct created_service_struct = {
  sizeof (LwPrivateLinkService), (const LwWireField[]) {
    SERVICE_FIELDS, LW_F_STR ("-", LwPrivateLinkService, service_resource_type),
    LW_F_STRV ("-", LwPrivateLinkService, zones), LW_F_END
  }, (GDestroyNotify) lw_private_link_service_free
};
static const LwWireStruct service_struct = {
  sizeof (LwPrivateLinkService), (const LwWireField[]) {
    SERVICE_FIELDS, LW_F_STR ("ServiceResourceType", LwPrivateLinkService, service_resource_type),
    LW_F_STRV ("Zones", LwPrivateLinkService, zones), LW_F_END
  }, (GDestroyNotify) lw_private_link_service_free
};
static const LwWireStruct connection_struct = {
  sizeof (LwPrivateLinkConnection), (const LwWireField[]) {
    LW_F_STR ("EndpointId", LwPrivateLinkConnection, endpoint_id),
    LW_F_UINT64 ("EndpointOwnerId", LwPrivateLinkConnection, endpoint_owner_id),
    LW_F_STR ("EndpointVpcId", LwPrivateLinkConnection, endpoint_vpc_id),
    LW_F_STR ("ServiceId", LwPrivateLinkConnection, service_id),
    LW_F_STR ("ConnectionStatus", LwPrivateLinkConnection, connection_status),
    LW_F_BOOL ("ResourceOwner", LwPrivateLinkConnection, resource_owner),
    LW_F_END }, (GDestroyNotify) lw_private_link_connection_free
};
static const LwWireStruct resource_struct = {
  sizeof (LwPrivateLinkResource), (const LwWireField[]) {
    LW_F_STR ("ResourceId", LwPrivateLinkResource, resource_id),
    LW_F_STR ("ResourceType", LwPrivateLinkResource, resource_type),
    LW_F_STR ("ZoneId", LwPrivateLinkResource, zone_id),
    LW_F_STR ("VpcId", LwPrivateLinkResource, vpc_id),
    LW_F_STR ("VSwitchId", LwPrivateLinkResource, vswitch_id),
    LW_F_STR ("Ip", LwPrivateLinkResource, ip),
    LW_F_END }, (GDestroyNotify) lw_private_link_resource_free
};

static const LwWireParam list_services_params[] = {
  LW_P_STR ("RegionId", QUERY), LW_P_NUM ("MaxResults", QUERY), LW_P_STR ("NextToken", QUERY), LW_WIRE_END
};
static const LwWireField services_reads[] = {
  LW_F_READ ("Services", ARRAY), LW_F_READ ("Services[].ServiceId", STRING),
  LW_F_READ ("Services[].ServiceName", STRING), LW_F_READ ("Services[].ServiceStatus", STRING), LW_F_END
};
static const LwWireField product_open_reads[] = { LW_F_READ ("Success", BOOLEAN), LW_F_END };
static const LwWireField users_reads[] = {
  LW_F_READ ("Users", ARRAY), LW_F_READ ("Users[].UserId", NUMBER), LW_F_END
};

#define PL(action, params, list, result, reads, pages) \
  { LW_PRODUCT_PRIVATELINK, action, params, list, result, reads, LW_WIRE_PAGES_##pages, 50, TRUE }

/* Page sizes: ListVpcEndpointServiceUsers documents 1-50, ListVpcEndpointConnections 1-1000
 * (default 50); 50 is within every documented range. */
const LwWireCall lw_privatelink_wire_calls[] = {
  PL ("CheckProductOpen", no_params, NULL, NULL, product_open_reads, NONE),
  PL ("OpenPrivateLinkService", no_params, NULL, NULL, NULL, NONE),
  /* Only the read-only account check lists services; this action is not in the official models
   * file (tests/core/test-wire-alibaba.c says so), so its description follows the API reference. */
  PL ("ListVpcEndpointServices", list_services_params, NULL, NULL, services_reads, TOKEN),
  PL ("CreateVpcEndpointService", create_service_params, NULL, &created_service_struct, NULL, NONE),
  PL ("GetVpcEndpointServiceAttribute", service_query_params, NULL, &service_struct, NULL, NONE),
  PL ("DeleteVpcEndpointService", service_write_params, NULL, NULL, NULL, NONE),
  PL ("ListVpcEndpointServiceResources", service_list_params, "Resources", &resource_struct, NULL, TOKEN),
  PL ("AddUserToVpcEndpointService", user_params, NULL, NULL, NULL, NONE),
  PL ("RemoveUserFromVpcEndpointService", user_params, NULL, NULL, NULL, NONE),
  PL ("ListVpcEndpointServiceUsers", list_users_params, NULL, NULL, users_reads, TOKEN),
  PL ("ListVpcEndpointConnections", list_connections_params, "Connections", &connection_struct, NULL, TOKEN),
  PL ("EnableVpcEndpointConnection", connection_write_params, NULL, NULL, NULL, NONE),
  PL ("DisableVpcEndpointConnection", connection_write_params, NULL, NULL, NULL, NONE),
  { 0 }
};

#define pl_call(action) lw_wire_get (LW_PRODUCT_PRIVATELINK, action)

void lw_private_link_service_free (LwPrivateLinkService *self) { lw_wire_free_struct (&created_service_struct, self); }
void lw_private_link_connection_free (LwPrivateLinkConnection *self) { lw_wire_free_struct (&connection_struct, self); }
void lw_private_link_resource_free (LwPrivateLinkResource *self) { lw_wire_free_struct (&resource_struct, self); }

static void
add_client_token (LwParams   *params,
                  const char *client_token)
{
  g_autofree char *token = client_token != NULL ? g_strdup (client_token) : lw_rpc_client_new_client_token ();
  lw_params_set (params, "ClientToken", token);
}


/* CheckProductOpen / OpenPrivateLinkService */

static gpointer
parse_product_open (JsonObject  *response,
                    GError     **error)
{
  /* Answer: {"Success": true|false}; pointer-encode the tri-state (2 = open, 1 = not open). */
  return GINT_TO_POINTER (lw_json_get_bool (response, "Success", FALSE) ? 2 : 1);
}

void
lw_privatelink_check_product_open_async (LwRpcClient         *client,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, "CheckProductOpen", lw_params_new (),
                 LW_CALL_FLAGS_NONE, parse_product_open, NULL,
                 lw_privatelink_check_product_open_async, cancellable, callback, user_data);
}

gboolean
lw_privatelink_check_product_open_finish (LwRpcClient   *client,
                                          GAsyncResult  *result,
                                          gboolean      *is_open,
                                          GError       **error)
{
  int v = GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_privatelink_check_product_open_async, error));

  if (is_open != NULL)
    *is_open = v == 2;
  return v != 0;
}

static void
open_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;

  response = lw_rpc_client_call_finish (LW_RPC_CLIENT (object), result, &error);
  /* Activating an account that is already active answers ORDER.OPEND: the goal is reached. */
  if (response == NULL && !lw_cloud_error_has_code (error, "ORDER.OPEND"))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

void
lw_privatelink_open_service_async (LwRpcClient         *client,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(LwParams) params = lw_params_new ();
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, lw_privatelink_open_service_async);
  lw_rpc_client_call_async (client, LW_PRODUCT_PRIVATELINK, "OpenPrivateLinkService", params,
                            LW_CALL_FLAGS_NONE, cancellable, open_service_cb, task);
}

gboolean
lw_privatelink_open_service_finish (LwRpcClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Endpoint services */

void
lw_privatelink_create_endpoint_service_async (LwRpcClient                    *client,
                                              const LwPrivateLinkServiceSpec *spec,
                                              const char                     *client_token,
                                              LwCallFlags                     flags,
                                              GCancellable                   *cancellable,
                                              GAsyncReadyCallback             callback,
                                              gpointer                        user_data)
{
  LwParams *p = lw_region_params (client);

  g_return_if_fail (spec != NULL);

  lw_params_add_nonnull (p, "ServiceResourceType", spec->service_resource_type);
  lw_params_add_bool (p, "AutoAcceptEnabled", spec->auto_accept_enabled);
  lw_params_add_nonnull (p, "ServiceDescription", spec->service_description);
  for (guint i = 0; i < spec->n_resources; i++)
    {
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceType", spec->resources[i].resource_type);
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceId", spec->resources[i].resource_id);
      lw_params_add_indexed (p, "Resource", i + 1, "ZoneId", spec->resources[i].zone_id);
    }
  lw_params_add_tags (p, spec->tags);
  add_client_token (p, client_token);
  lw_wire_call_async (client, pl_call ("CreateVpcEndpointService"), p, flags,
                      lw_privatelink_create_endpoint_service_async, cancellable, callback, user_data);
}

LwPrivateLinkService *
lw_privatelink_create_endpoint_service_finish (LwRpcClient   *client,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return lw_typed_call_finish (client, result, lw_privatelink_create_endpoint_service_async, error);
}

/* Readers of one service: its ID in, the described struct(s) out. */
#define SERVICE_READER(fn, Type, action)                                                       \
  void fn##_async (LwRpcClient *client, const char *service_id, GCancellable *cancellable,      \
                   GAsyncReadyCallback callback, gpointer user_data)                           \
  {                                                                                             \
    LwParams *p = lw_region_params (client);                                                    \
    lw_params_add (p, "ServiceId", service_id);                                                 \
    lw_wire_call_async (client, pl_call (action), p, LW_CALL_FLAGS_NONE, fn##_async, cancellable, \
                        callback, user_data);                                                   \
  }                                                                                             \
  Type fn##_finish (LwRpcClient *client, GAsyncResult *result, GError **error)                  \
  {                                                                                             \
    return lw_typed_call_finish (client, result, fn##_async, error);                            \
  }
SERVICE_READER (lw_privatelink_get_endpoint_service, LwPrivateLinkService *, "GetVpcEndpointServiceAttribute")
SERVICE_READER (lw_privatelink_list_resources, GPtrArray *, "ListVpcEndpointServiceResources")
#undef SERVICE_READER

/* Write calls with no result */

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
  add_client_token (params, client_token);
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, action, params, flags, lw_parse_ok, NULL,
                 lw_privatelink_write_finish, cancellable, callback, user_data);
}

gboolean
lw_privatelink_write_finish (LwRpcClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_privatelink_write_finish, error));
}

/* The write calls on a service: its ID, and one more parameter where the action takes one. */
static void
service_write (LwRpcClient         *client,
               const char          *action,
               const char          *service_id,
               const char          *name,
               const char          *value,
               const char          *client_token,
               LwCallFlags          flags,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  if (name != NULL)
    lw_params_add (p, name, value);
  write_call (client, action, p, client_token, flags, cancellable, callback, user_data);
}

void
lw_privatelink_delete_endpoint_service_async (LwRpcClient *client, const char *service_id, const char *client_token,
                                              LwCallFlags flags, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data)
{
  service_write (client, "DeleteVpcEndpointService", service_id, NULL, NULL, client_token, flags,
                 cancellable, callback, user_data);
}

#define USER_CALL(fn, action)                                                                    \
  void fn (LwRpcClient *client, const char *service_id, guint64 user_id, const char *client_token, \
           LwCallFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback,             \
           gpointer user_data)                                                                     \
  {                                                                                                \
    char id[24];                                                                                   \
    g_snprintf (id, sizeof id, "%" G_GUINT64_FORMAT, user_id);                                     \
    service_write (client, action, service_id, "UserId", id, client_token, flags, cancellable,     \
                   callback, user_data);                                                           \
  }
USER_CALL (lw_privatelink_add_user_async, "AddUserToVpcEndpointService")
USER_CALL (lw_privatelink_remove_user_async, "RemoveUserFromVpcEndpointService")
#undef USER_CALL

#define CONNECTION_CALL(fn, action)                                                                   \
  void fn (LwRpcClient *client, const char *service_id, const char *endpoint_id, const char *client_token, \
           LwCallFlags flags, GCancellable *cancellable, GAsyncReadyCallback callback,                  \
           gpointer user_data)                                                                          \
  {                                                                                                     \
    service_write (client, action, service_id, "EndpointId", endpoint_id, client_token, flags,          \
                   cancellable, callback, user_data);                                                   \
  }
CONNECTION_CALL (lw_privatelink_enable_connection_async, "EnableVpcEndpointConnection")
CONNECTION_CALL (lw_privatelink_disable_connection_async, "DisableVpcEndpointConnection")
#undef CONNECTION_CALL

/* Lists */

static gboolean
parse_users (JsonObject  *response,
             GPtrArray   *items,
             GError     **error)
{
  JsonArray *users = lw_json_get_list (response, "Users", "User");

  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      JsonNode *node = json_array_get_element (users, i);

      /* UserId is an int64 in the API definition; lw_json_dup_string prints it in decimal. */
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          char *id = lw_json_dup_string (json_node_get_object (node), "UserId");
          if (id != NULL)
            g_ptr_array_add (items, id);
        }
    }
  return TRUE;
}

/* Source tag of the inner paged call of ListVpcEndpointServiceUsers. */
static void
list_users_pages_tag (void)
{
}

static void
list_users_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  GError *error = NULL;

  ids = lw_paged_call_finish (LW_RPC_CLIENT (object), result, list_users_pages_tag, &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < ids->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (ids, i));
  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
}

void
lw_privatelink_list_users_async (LwRpcClient         *client,
                                 const char          *service_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  LwParams *p = lw_region_params (client);

  g_task_set_source_tag (task, lw_privatelink_list_users_async);
  lw_params_add (p, "ServiceId", service_id);
  lw_paged_call (client, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointServiceUsers", p, LW_PAGING_NEXT_TOKEN, 50,
                 parse_users, g_free, list_users_pages_tag, cancellable, list_users_cb, task);
}

char **
lw_privatelink_list_users_finish (LwRpcClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return lw_typed_call_finish (client, result, lw_privatelink_list_users_async, error);
}

void
lw_privatelink_list_connections_async (LwRpcClient         *client,
                                       const char          *service_id,
                                       guint64              endpoint_owner_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add_nonnull (p, "ServiceId", service_id);
  if (endpoint_owner_id != 0)
    lw_params_add_uint (p, "EndpointOwnerId", endpoint_owner_id);
  lw_wire_call_async (client, pl_call ("ListVpcEndpointConnections"), p, LW_CALL_FLAGS_NONE,
                      lw_privatelink_list_connections_async, cancellable, callback, user_data);
}

GPtrArray *
lw_privatelink_list_connections_finish (LwRpcClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return lw_paged_call_finish (client, result, lw_privatelink_list_connections_async, error);
}

void
lw_privatelink_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);

  lw_wire_fuzz_calls (lw_privatelink_wire_calls, response);
  (void) parse_product_open (response, NULL);
  parse_users (response, users, NULL);
}
