/* lw-privatelink.h: PrivateLink 2020-04-15 (parameters in the query, as the SDK sends them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

typedef struct {
  const char *resource_type;     /* "nlb" */
  const char *resource_id;       /* "nlb-…" */
  const char *zone_id;
} LwPrivateLinkResourceSpec;

typedef struct {
  const char *service_resource_type;          /* "nlb" */
  const LwPrivateLinkResourceSpec *resources; /* one per NLB zone */
  guint       n_resources;
  gboolean    auto_accept_enabled;            /* always sent (Linkwright: FALSE) */
  const char *service_description;
  const char * const *tags;                   /* key, value, …, NULL */
} LwPrivateLinkServiceSpec;

/* CreateVpcEndpointService / GetVpcEndpointServiceAttribute. For a dry run only request_id is set
 * and dry_run is TRUE. */
typedef struct {
  char    *service_id;
  char    *service_name;               /* com.aliyuncs.privatelink.<region>.epsrv-… */
  char    *service_domain;
  char    *service_status;             /* "Creating" | "Pending" | "Active" | "Deleting" | "Inactive" */
  char    *service_business_status;
  char    *service_resource_type;
  gboolean auto_accept_enabled;
  char   **zones;
  char    *request_id;
  gboolean dry_run;
} LwPrivateLinkService;

typedef struct {
  char   *endpoint_id;
  guint64 endpoint_owner_id;
  char   *endpoint_vpc_id;
  char   *service_id;
  char   *connection_status;           /* "Pending" | "Connecting" | "Connected" | "Disconnected" … */
  gboolean resource_owner;
} LwPrivateLinkConnection;

typedef struct {
  char *resource_id;
  char *resource_type;
  char *zone_id;
  char *vpc_id;
  char *vswitch_id;
  char *ip;
} LwPrivateLinkResource;

void lw_private_link_service_free    (LwPrivateLinkService    *self);
void lw_private_link_connection_free (LwPrivateLinkConnection *self);
void lw_private_link_resource_free   (LwPrivateLinkResource   *self);

/* CheckProductOpen: *@is_open tells whether PrivateLink is activated for the account. */
void     lw_privatelink_check_product_open_async  (LwRpcClient         *client,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean lw_privatelink_check_product_open_finish (LwRpcClient         *client,
                                                   GAsyncResult        *result,
                                                   gboolean            *is_open,
                                                   GError             **error);
/* OpenPrivateLinkService (only with the user's consent). An account that is already activated
 * (ORDER.OPEND) counts as success. */
void     lw_privatelink_open_service_async        (LwRpcClient         *client,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean lw_privatelink_open_service_finish       (LwRpcClient         *client,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void     lw_privatelink_create_endpoint_service_async  (LwRpcClient                    *client,
                                                        const LwPrivateLinkServiceSpec *spec,
                                                        const char                     *client_token,
                                                        LwCallFlags                     flags,
                                                        GCancellable                   *cancellable,
                                                        GAsyncReadyCallback             callback,
                                                        gpointer                        user_data);
LwPrivateLinkService *lw_privatelink_create_endpoint_service_finish (LwRpcClient       *client,
                                                        GAsyncResult                   *result,
                                                        GError                        **error);

/* GetVpcEndpointServiceAttribute. */
void     lw_privatelink_get_endpoint_service_async     (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
LwPrivateLinkService *lw_privatelink_get_endpoint_service_finish (LwRpcClient  *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* The following write calls finish with lw_privatelink_write_finish() (TRUE on success,
 * including a successful dry run). */
void     lw_privatelink_delete_endpoint_service_async  (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        const char          *client_token,
                                                        LwCallFlags          flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* AddUserToVpcEndpointService / RemoveUserFromVpcEndpointService with an account ID. */
void     lw_privatelink_add_user_async                 (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        guint64              user_id,
                                                        const char          *client_token,
                                                        LwCallFlags          flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void     lw_privatelink_remove_user_async              (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        guint64              user_id,
                                                        const char          *client_token,
                                                        LwCallFlags          flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* EnableVpcEndpointConnection (accept) / DisableVpcEndpointConnection (reject, disconnect). */
void     lw_privatelink_enable_connection_async        (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        const char          *endpoint_id,
                                                        const char          *client_token,
                                                        LwCallFlags          flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void     lw_privatelink_disable_connection_async       (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        const char          *endpoint_id,
                                                        const char          *client_token,
                                                        LwCallFlags          flags,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean lw_privatelink_write_finish                   (LwRpcClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* ListVpcEndpointServiceUsers (every page) → NULL-terminated decimal account IDs (may be empty). */
void     lw_privatelink_list_users_async               (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char   **lw_privatelink_list_users_finish              (LwRpcClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* ListVpcEndpointConnections (@endpoint_owner_id 0 = any owner; every page)
 * → GPtrArray of LwPrivateLinkConnection. */
void       lw_privatelink_list_connections_async       (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        guint64              endpoint_owner_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray *lw_privatelink_list_connections_finish      (LwRpcClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* ListVpcEndpointServiceResources (every page) → GPtrArray of LwPrivateLinkResource. */
void       lw_privatelink_list_resources_async         (LwRpcClient         *client,
                                                        const char          *service_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray *lw_privatelink_list_resources_finish        (LwRpcClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPrivateLinkService, lw_private_link_service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPrivateLinkConnection, lw_private_link_connection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwPrivateLinkResource, lw_private_link_resource_free)

G_END_DECLS
