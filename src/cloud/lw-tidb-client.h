/* lw-tidb-client.h: TiDB Cloud v1beta1 API with HTTP Digest authentication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lw-retry.h"

G_BEGIN_DECLS

typedef struct {
  char  *id;
  char  *name;
  char  *org_id;
  guint  cluster_count;
} LwTidbProject;

typedef struct {
  char *cluster_id;
  char *display_name;
  char *state;              /* "ACTIVE", "CREATING", … */
  char *cluster_plan;       /* "ESSENTIAL" | "STARTER" */
  char *region_name;        /* "regions/alicloud-cn-hangzhou" */
  char *region_id;          /* "alicloud-cn-hangzhou" */
  char *cloud_provider;     /* "alicloud" */
  char *project_id;         /* labels["tidb.cloud/project"] */
  char *version;
} LwTidbCluster;

typedef struct {
  char  *account_id;        /* the Alibaba Cloud account to whitelist */
  char **az_ids;
} LwTidbAvailabilityZones;

typedef struct {
  char  *private_link_connection_id;
  char  *cluster_id;
  char  *display_name;
  char  *type;              /* "ALICLOUD_ENDPOINT_SERVICE" */
  char  *state;             /* CREATING | ACTIVE | FAILED | PENDING_ACCEPTANCE | DELETING */
  char  *message;           /* why it failed */
  char  *endpoint_service_name;
  char  *endpoint_id;
  char **availability_zone_ids;
} LwTidbPrivateLinkConnection;

void lw_tidb_project_free                 (LwTidbProject               *self);
void lw_tidb_cluster_free                 (LwTidbCluster               *self);
void lw_tidb_availability_zones_free      (LwTidbAvailabilityZones     *self);
void lw_tidb_private_link_connection_free (LwTidbPrivateLinkConnection *self);

#define LW_TYPE_TIDB_CLIENT (lw_tidb_client_get_type ())
G_DECLARE_FINAL_TYPE (LwTidbClient, lw_tidb_client, LW, TIDB_CLIENT, GObject)

/* The private key is used only in SoupMessage::authenticate and wiped on finalize. */
LwTidbClient *lw_tidb_client_new                  (const char          *public_key,
                                                   const char          *private_key);
/* From TIDB_CLOUD_PUBLIC_KEY / TIDB_CLOUD_PRIVATE_KEY. */
LwTidbClient *lw_tidb_client_new_from_environment (GError             **error);
/* Sends both the serverless and the IAM paths to @base_url (NULL = the public hosts). */
gboolean      lw_tidb_client_set_endpoint_override(LwTidbClient        *self,
                                                   const char          *base_url,
                                                   GError             **error);
gboolean      lw_tidb_client_set_ca_file          (LwTidbClient        *self,
                                                   const char          *path,
                                                   GError             **error);
void          lw_tidb_client_set_timeout          (LwTidbClient        *self,
                                                   double               seconds);
void          lw_tidb_client_set_time_scale       (LwTidbClient        *self,
                                                   double               time_scale);
void          lw_tidb_client_set_retry_policy     (LwTidbClient        *self,
                                                   const LwRetryPolicy *policy);
void          lw_tidb_client_set_clock            (LwTidbClient        *self,
                                                   LwClock             *clock);
/* Hard cap on pages followed by the list calls (default 50). */
void          lw_tidb_client_set_max_pages        (LwTidbClient        *self,
                                                   guint                max_pages);
guint         lw_tidb_client_get_request_count    (LwTidbClient        *self);

/* Signal "attempt" (const char *what, guint attempt, const char *trace_id, const GError *error),
 * as LwRpcClient's. Errors carry http status, code (the google.rpc ErrorInfo reason if the answer
 * has one, else the google.rpc numeric code as a string, or the IAM error code), message and request ID (= X-Debug-Trace-Id). A 429 is retried after
 * X-Ratelimit-Reset seconds (scaled); GET/DELETE are also retried on 5xx and network errors,
 * POST only on 429 (TiDB Cloud has no idempotency token). */

/* Generic call: @path_and_query starts with "/v1beta1/"; "/v1beta1/projects…" goes to the IAM
 * host, the rest to the serverless host. @body may be NULL. Returns the parsed JSON response. */
void          lw_tidb_client_request_async        (LwTidbClient        *self,
                                                   const char          *method,
                                                   const char          *path_and_query,
                                                   JsonNode            *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonNode     *lw_tidb_client_request_finish       (LwTidbClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Every page → GPtrArray of LwTidbProject. */
void          lw_tidb_client_list_projects_async  (LwTidbClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray    *lw_tidb_client_list_projects_finish (LwTidbClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Every page → GPtrArray of LwTidbCluster. @filter is AIP syntax, e.g.
 * region.provider="alicloud" AND projectId="1372813089209061" (NULL = none). */
void          lw_tidb_client_list_clusters_async  (LwTidbClient        *self,
                                                   const char          *filter,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray    *lw_tidb_client_list_clusters_finish (LwTidbClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void          lw_tidb_client_get_cluster_async    (LwTidbClient        *self,
                                                   const char          *cluster_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
LwTidbCluster *lw_tidb_client_get_cluster_finish  (LwTidbClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET …/privateLinkConnections:getAvailabilityZones */
void          lw_tidb_client_get_availability_zones_async  (LwTidbClient        *self,
                                                            const char          *cluster_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
LwTidbAvailabilityZones *lw_tidb_client_get_availability_zones_finish (LwTidbClient *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Private link connections (type ALICLOUD_ENDPOINT_SERVICE). Create, get and delete finish with
 * lw_tidb_client_private_link_connection_finish(). */
void          lw_tidb_client_create_private_link_connection_async (LwTidbClient        *self,
                                                            const char          *cluster_id,
                                                            const char          *display_name,
                                                            const char          *endpoint_service_name,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          lw_tidb_client_get_private_link_connection_async    (LwTidbClient        *self,
                                                            const char          *cluster_id,
                                                            const char          *private_link_connection_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void          lw_tidb_client_delete_private_link_connection_async (LwTidbClient        *self,
                                                            const char          *cluster_id,
                                                            const char          *private_link_connection_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
LwTidbPrivateLinkConnection *lw_tidb_client_private_link_connection_finish (LwTidbClient *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Every page (@state NULL = any) → GPtrArray of LwTidbPrivateLinkConnection. */
void          lw_tidb_client_list_private_link_connections_async  (LwTidbClient        *self,
                                                            const char          *cluster_id,
                                                            const char          *state,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray    *lw_tidb_client_list_private_link_connections_finish (LwTidbClient        *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* End-to-end test (product step 10): POST …/changefeeds:test with a MySQL sink reached over
 * PRIVATE_LINK (connection ID + port) and a MySQL user/password typed for this test only. The body
 * is {"sink":{"type":"MYSQL","mysql":{"network":{"networkType":"PRIVATE_LINK","privateLink":
 * {"privateLinkConnectionId":…,"port":…}},"authentication":{"userName":…,"password":…}}}}, the shape
 * the simulator documents. TRUE = reachable and the login worked; otherwise the error's code is
 * the google.rpc ErrorInfo reason (e.g. "CONNECTION_REFUSED") when the answer carries one. The
 * password is sent once, in the body only, and the buffer is wiped afterwards. */
void          lw_tidb_client_test_mysql_sink_async  (LwTidbClient        *self,
                                                     const char          *cluster_id,
                                                     const char          *private_link_connection_id,
                                                     guint                port,
                                                     const char          *user_name,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean      lw_tidb_client_test_mysql_sink_finish (LwTidbClient        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTidbProject, lw_tidb_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTidbCluster, lw_tidb_cluster_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTidbAvailabilityZones, lw_tidb_availability_zones_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTidbPrivateLinkConnection, lw_tidb_private_link_connection_free)

G_END_DECLS
