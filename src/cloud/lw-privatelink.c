/* lw-privatelink.c: PrivateLink 2020-04-15 (parameters in the query)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-privatelink"

#include "lw-cloud-private.h"
#include "lw-privatelink.h"

void
lw_private_link_service_free (LwPrivateLinkService *self)
{
  if (self == NULL)
    return;
  g_free (self->service_id);
  g_free (self->service_name);
  g_free (self->service_domain);
  g_free (self->service_status);
  g_free (self->service_business_status);
  g_free (self->service_resource_type);
  g_strfreev (self->zones);
  g_free (self->request_id);
  g_free (self);
}

void
lw_private_link_connection_free (LwPrivateLinkConnection *self)
{
  if (self == NULL)
    return;
  g_free (self->endpoint_id);
  g_free (self->endpoint_vpc_id);
  g_free (self->service_id);
  g_free (self->connection_status);
  g_free (self);
}

void
lw_private_link_resource_free (LwPrivateLinkResource *self)
{
  if (self == NULL)
    return;
  g_free (self->resource_id);
  g_free (self->resource_type);
  g_free (self->zone_id);
  g_free (self->vpc_id);
  g_free (self->vswitch_id);
  g_free (self->ip);
  g_free (self);
}

static void
add_client_token (LwParams   *params,
                  const char *client_token)
{
  g_autofree char *token = client_token != NULL ? g_strdup (client_token) : lw_rpc_client_new_client_token ();
  lw_params_set (params, "ClientToken", token);
}

static gpointer
parse_ok (JsonObject  *response,
          GError     **error)
{
  return GINT_TO_POINTER (TRUE);
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
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, "CheckProductOpen", lw_region_params (client),
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
  g_autoptr(LwParams) params = lw_region_params (client);
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

static gpointer
parse_service (JsonObject  *response,
               GError     **error)
{
  LwPrivateLinkService *s = g_new0 (LwPrivateLinkService, 1);

  s->dry_run = lw_json_get_bool (response, "DryRunOperation", FALSE);
  s->request_id = lw_json_dup_string (response, "RequestId");
  s->service_id = lw_json_dup_string (response, "ServiceId");
  s->service_name = lw_json_dup_string (response, "ServiceName");
  s->service_domain = lw_json_dup_string (response, "ServiceDomain");
  s->service_status = lw_json_dup_string (response, "ServiceStatus");
  s->service_business_status = lw_json_dup_string (response, "ServiceBusinessStatus");
  s->service_resource_type = lw_json_dup_string (response, "ServiceResourceType");
  s->auto_accept_enabled = lw_json_get_bool (response, "AutoAcceptEnabled", FALSE);
  s->zones = lw_json_dup_strv (response, "Zones", "Zone");
  if (!s->dry_run && s->service_id == NULL)
    {
      lw_private_link_service_free (s);
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                           "The endpoint service answer has no ServiceId");
      return NULL;
    }
  return s;
}

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
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, "CreateVpcEndpointService", p, flags,
                 parse_service, (GDestroyNotify) lw_private_link_service_free,
                 lw_privatelink_create_endpoint_service_async, cancellable, callback, user_data);
}

LwPrivateLinkService *
lw_privatelink_create_endpoint_service_finish (LwRpcClient   *client,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return lw_typed_call_finish (client, result, lw_privatelink_create_endpoint_service_async, error);
}

void
lw_privatelink_get_endpoint_service_async (LwRpcClient         *client,
                                           const char          *service_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, "GetVpcEndpointServiceAttribute", p, LW_CALL_FLAGS_NONE,
                 parse_service, (GDestroyNotify) lw_private_link_service_free,
                 lw_privatelink_get_endpoint_service_async, cancellable, callback, user_data);
}

LwPrivateLinkService *
lw_privatelink_get_endpoint_service_finish (LwRpcClient   *client,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return lw_typed_call_finish (client, result, lw_privatelink_get_endpoint_service_async, error);
}

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
  lw_typed_call (client, LW_PRODUCT_PRIVATELINK, action, params, flags, parse_ok, NULL,
                 lw_privatelink_write_finish, cancellable, callback, user_data);
}

gboolean
lw_privatelink_write_finish (LwRpcClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  return GPOINTER_TO_INT (lw_typed_call_finish (client, result, lw_privatelink_write_finish, error));
}

void
lw_privatelink_delete_endpoint_service_async (LwRpcClient         *client,
                                              const char          *service_id,
                                              const char          *client_token,
                                              LwCallFlags          flags,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  write_call (client, "DeleteVpcEndpointService", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_privatelink_add_user_async (LwRpcClient         *client,
                               const char          *service_id,
                               guint64              user_id,
                               const char          *client_token,
                               LwCallFlags          flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_params_add_uint (p, "UserId", user_id);
  write_call (client, "AddUserToVpcEndpointService", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_privatelink_remove_user_async (LwRpcClient         *client,
                                  const char          *service_id,
                                  guint64              user_id,
                                  const char          *client_token,
                                  LwCallFlags          flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_params_add_uint (p, "UserId", user_id);
  write_call (client, "RemoveUserFromVpcEndpointService", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_privatelink_enable_connection_async (LwRpcClient         *client,
                                        const char          *service_id,
                                        const char          *endpoint_id,
                                        const char          *client_token,
                                        LwCallFlags          flags,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_params_add (p, "EndpointId", endpoint_id);
  write_call (client, "EnableVpcEndpointConnection", p, client_token, flags, cancellable, callback, user_data);
}

void
lw_privatelink_disable_connection_async (LwRpcClient         *client,
                                         const char          *service_id,
                                         const char          *endpoint_id,
                                         const char          *client_token,
                                         LwCallFlags          flags,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_params_add (p, "EndpointId", endpoint_id);
  write_call (client, "DisableVpcEndpointConnection", p, client_token, flags, cancellable, callback, user_data);
}

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

static gboolean
parse_connections (JsonObject  *response,
                   GPtrArray   *items,
                   GError     **error)
{
  JsonArray *array = lw_json_get_list (response, "Connections", "Connection");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = lw_json_array_get_object (array, i);
      LwPrivateLinkConnection *c;
      g_autofree char *owner = NULL;

      if (o == NULL)
        continue;
      c = g_new0 (LwPrivateLinkConnection, 1);
      c->endpoint_id = lw_json_dup_string (o, "EndpointId");
      owner = lw_json_dup_string (o, "EndpointOwnerId");
      if (owner != NULL)
        g_ascii_string_to_unsigned (owner, 10, 0, G_MAXUINT64, &c->endpoint_owner_id, NULL);
      c->endpoint_vpc_id = lw_json_dup_string (o, "EndpointVpcId");
      c->service_id = lw_json_dup_string (o, "ServiceId");
      c->connection_status = lw_json_dup_string (o, "ConnectionStatus");
      c->resource_owner = lw_json_get_bool (o, "ResourceOwner", FALSE);
      g_ptr_array_add (items, c);
    }
  return TRUE;
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
  lw_paged_call (client, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointConnections", p, LW_PAGING_NEXT_TOKEN, 50,
                 parse_connections, (GDestroyNotify) lw_private_link_connection_free,
                 lw_privatelink_list_connections_async, cancellable, callback, user_data);
}

GPtrArray *
lw_privatelink_list_connections_finish (LwRpcClient   *client,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return lw_paged_call_finish (client, result, lw_privatelink_list_connections_async, error);
}

static gboolean
parse_resources (JsonObject  *response,
                 GPtrArray   *items,
                 GError     **error)
{
  JsonArray *array = lw_json_get_list (response, "Resources", "Resource");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = lw_json_array_get_object (array, i);
      LwPrivateLinkResource *r;

      if (o == NULL)
        continue;
      r = g_new0 (LwPrivateLinkResource, 1);
      r->resource_id = lw_json_dup_string (o, "ResourceId");
      r->resource_type = lw_json_dup_string (o, "ResourceType");
      r->zone_id = lw_json_dup_string (o, "ZoneId");
      r->vpc_id = lw_json_dup_string (o, "VpcId");
      r->vswitch_id = lw_json_dup_string (o, "VSwitchId");
      r->ip = lw_json_dup_string (o, "Ip");
      g_ptr_array_add (items, r);
    }
  return TRUE;
}

void
lw_privatelink_list_resources_async (LwRpcClient         *client,
                                     const char          *service_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  LwParams *p = lw_region_params (client);

  lw_params_add (p, "ServiceId", service_id);
  lw_paged_call (client, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointServiceResources", p, LW_PAGING_NEXT_TOKEN, 50,
                 parse_resources, (GDestroyNotify) lw_private_link_resource_free,
                 lw_privatelink_list_resources_async, cancellable, callback, user_data);
}

GPtrArray *
lw_privatelink_list_resources_finish (LwRpcClient   *client,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return lw_paged_call_finish (client, result, lw_privatelink_list_resources_async, error);
}

void
lw_privatelink_fuzz_parsers (JsonObject *response)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_private_link_connection_free);
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_private_link_resource_free);

  (void) parse_product_open (response, NULL);
  lw_private_link_service_free (parse_service (response, NULL));
  parse_users (response, users, NULL);
  parse_connections (response, conns, NULL);
  parse_resources (response, resources, NULL);
}
