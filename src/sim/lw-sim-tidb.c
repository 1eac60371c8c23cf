/* lw-sim-tidb.c — simulated TiDB Cloud v1beta1 (projects, clusters, private link connections,
 * changefeeds:test), linked to the simulated Alibaba Cloud side
 *
 * Creating a private link connection asks the named endpoint service for an endpoint owned by
 * the TiDB account: it only works when the service exists in the cluster's region, is Active and
 * whitelists that account; otherwise the connection goes FAILED with a message. It stays
 * PENDING_ACCEPTANCE until the Alibaba side is Connected, then becomes ACTIVE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-tidb"

#include "lw-sim-private.h"

#include <string.h>

#define RATE_LIMIT 100
#define RATE_WINDOW_S 60

/* google.rpc.Code values */
enum {
  RPC_INVALID_ARGUMENT = 3,
  RPC_NOT_FOUND = 5,
  RPC_ALREADY_EXISTS = 6,
  RPC_PERMISSION_DENIED = 7,
  RPC_FAILED_PRECONDITION = 9,
  RPC_UNAVAILABLE = 14,
  RPC_RESOURCE_EXHAUSTED = 8,
};

typedef struct {
  LwSimServer        *sim;
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *response_headers;
  GBytes             *body;
  const char         *public_key;
  char              *operation;  /* "tidb:CreateConnection" */
  char              *pattern;    /* "tidb:POST /v1beta1/clusters/{clusterId}/privateLinkConnections" */
  char             **segments;   /* path split on "/" after /v1beta1/ */
  guint              status;
  JsonNode          *reply;
} TidbCall;

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static void
tidb_error (TidbCall   *call,
            guint       status,
            int         code,
            const char *reason,
            const char *format,
            ...) G_GNUC_PRINTF (5, 6);

static void
tidb_error (TidbCall   *call,
            guint       status,
            int         code,
            const char *reason,
            const char *format,
            ...)
{
  JsonObject *body = json_object_new ();
  JsonArray *details = json_array_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_int_member (body, "code", code);
  json_object_set_string_member (body, "message", message);
  if (reason != NULL)
    {
      JsonObject *info = json_object_new ();
      json_object_set_string_member (info, "@type", "type.googleapis.com/google.rpc.ErrorInfo");
      json_object_set_string_member (info, "reason", reason);
      json_object_set_string_member (info, "domain", "tidbcloud.com");
      json_array_add_object_element (details, info);
    }
  json_object_set_array_member (body, "details", details);
  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_node_take (body);
  call->status = status;
}

static void
tidb_ok (TidbCall   *call,
         JsonObject *body)
{
  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_node_take (body);
  call->status = 200;
}

/* ------------------------------------------------------------------------------------------ */

char *
lw_sim_tidb_operation (const char  *method,
                       const char  *path,
                       char       **pattern)
{
  g_auto(GStrv) seg = NULL;
  guint n;
  const char *op = NULL;
  const char *pat = NULL;

  if (!g_str_has_prefix (path, "/v1beta1/"))
    return NULL;
  seg = g_strsplit (path + strlen ("/v1beta1/"), "/", -1);
  n = g_strv_length (seg);

  if (n == 1 && strcmp (seg[0], "projects") == 0 && strcmp (method, "GET") == 0)
    op = "ListProjects", pat = "GET /v1beta1/projects";
  else if (n == 1 && strcmp (seg[0], "clusters") == 0 && strcmp (method, "GET") == 0)
    op = "ListClusters", pat = "GET /v1beta1/clusters";
  else if (n == 2 && strcmp (seg[0], "clusters") == 0 && strcmp (method, "GET") == 0 && !strchr (seg[1], ':'))
    op = "GetCluster", pat = "GET /v1beta1/clusters/{clusterId}";
  else if (n == 3 && strcmp (seg[0], "clusters") == 0 &&
           strcmp (seg[2], "privateLinkConnections:getAvailabilityZones") == 0 && strcmp (method, "GET") == 0)
    op = "GetAvailabilityZones", pat = "GET /v1beta1/clusters/{clusterId}/privateLinkConnections:getAvailabilityZones";
  else if (n == 3 && strcmp (seg[0], "clusters") == 0 && strcmp (seg[2], "privateLinkConnections") == 0)
    {
      if (strcmp (method, "POST") == 0)
        op = "CreateConnection", pat = "POST /v1beta1/clusters/{clusterId}/privateLinkConnections";
      else if (strcmp (method, "GET") == 0)
        op = "ListConnections", pat = "GET /v1beta1/clusters/{clusterId}/privateLinkConnections";
    }
  else if (n == 4 && strcmp (seg[0], "clusters") == 0 && strcmp (seg[2], "privateLinkConnections") == 0 &&
           !strchr (seg[3], ':'))
    {
      if (strcmp (method, "GET") == 0)
        op = "GetConnection", pat = "GET /v1beta1/clusters/{clusterId}/privateLinkConnections/{privateLinkConnectionId}";
      else if (strcmp (method, "DELETE") == 0)
        op = "DeleteConnection", pat = "DELETE /v1beta1/clusters/{clusterId}/privateLinkConnections/{privateLinkConnectionId}";
    }
  else if (n == 3 && strcmp (seg[0], "clusters") == 0 && strcmp (seg[2], "changefeeds:test") == 0 &&
           strcmp (method, "POST") == 0)
    op = "TestChangefeed", pat = "POST /v1beta1/clusters/{clusterId}/changefeeds:test";

  if (op == NULL)
    return NULL;
  if (pattern)
    *pattern = g_strconcat ("tidb:", pat, NULL);
  return g_strconcat ("tidb:", op, NULL);
}

static JsonObject *
find_cluster (TidbCall   *call,
              const char *cluster_id)
{
  JsonArray *clusters = json_object_get_array_member (call->sim->tidb, "clusters");

  for (guint i = 0; clusters && i < json_array_get_length (clusters); i++)
    {
      JsonObject *c = json_array_get_object_element (clusters, i);
      if (g_strcmp0 (str (c, "clusterId"), cluster_id) == 0)
        return c;
    }
  tidb_error (call, 404, RPC_NOT_FOUND, "CLUSTER_NOT_FOUND", "cluster %s not found", cluster_id);
  return NULL;
}

static JsonNode *
public_cluster (JsonObject *cluster)
{
  JsonNode *node = lw_sim_public_node (cluster);

  json_object_remove_member (json_node_get_object (node), "azIds");
  return node;
}

static const char *
query_param (TidbCall   *call,
             GHashTable *query,
             const char *name)
{
  return query ? g_hash_table_lookup (query, name) : NULL;
}

/* pageSize/pageToken paging; the token is an offset with a prefix. */
static gboolean
page_bounds (TidbCall   *call,
             GHashTable *query,
             guint       total,
             guint       default_size,
             guint       zero_size,
             guint      *start,
             guint      *size,
             char      **next)
{
  const char *ps = query_param (call, query, "pageSize");
  const char *pt = query_param (call, query, "pageToken");
  guint64 v;

  *start = 0;
  *size = default_size;
  if (ps && *ps)
    {
      if (!g_ascii_string_to_unsigned (ps, 10, 0, 100000, &v, NULL))
        {
          tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "invalid pageSize %s", ps);
          return FALSE;
        }
      *size = v == 0 ? zero_size : (guint) MIN (v, 100);
    }
  if (pt && *pt)
    {
      if (!g_str_has_prefix (pt, "lwpt-") || !g_ascii_string_to_unsigned (pt + 5, 10, 0, total, &v, NULL))
        {
          tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "invalid pageToken");
          return FALSE;
        }
      *start = (guint) v;
    }
  *next = *start + *size < total ? g_strdup_printf ("lwpt-%u", *start + *size) : g_strdup ("");
  return TRUE;
}

static void
list_projects (TidbCall   *call,
               GHashTable *query)
{
  JsonArray *projects = json_object_get_array_member (call->sim->tidb, "projects");
  guint total = projects ? json_array_get_length (projects) : 0;
  guint start, size;
  g_autofree char *next = NULL;
  JsonObject *body;
  JsonArray *rows;

  if (!page_bounds (call, query, total, 100, 100, &start, &size, &next))
    return;
  body = json_object_new ();
  rows = json_array_new ();
  for (guint i = start; i < total && i < start + size; i++)
    json_array_add_element (rows, json_node_copy (json_array_get_element (projects, i)));
  json_object_set_array_member (body, "projects", rows);
  json_object_set_string_member (body, "nextPageToken", next);
  tidb_ok (call, body);
}

/* Google AIP filter, the subset the CLI uses: key="value" [AND key="value"]... */
static gboolean
cluster_matches (JsonObject *cluster,
                 const char *filter,
                 gboolean   *valid)
{
  g_auto(GStrv) terms = NULL;

  *valid = TRUE;
  if (filter == NULL || *filter == '\0')
    return TRUE;
  terms = g_strsplit (filter, " AND ", -1);
  for (guint i = 0; terms[i]; i++)
    {
      g_autofree char *term = g_strstrip (g_strdup (terms[i]));
      char *eq = strchr (term, '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const char *have = NULL;
      JsonObject *region = json_object_get_object_member (cluster, "region");
      JsonObject *labels = json_object_get_object_member (cluster, "labels");

      if (eq == NULL)
        {
          *valid = FALSE;
          return FALSE;
        }
      key = g_strstrip (g_strndup (term, eq - term));
      value = g_strstrip (g_strdup (eq + 1));
      if (value[0] == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
        {
          value[strlen (value) - 1] = '\0';
          memmove (value, value + 1, strlen (value));
        }

      if (strcmp (key, "region.provider") == 0 || strcmp (key, "region.cloudProvider") == 0)
        have = region ? str (region, "cloudProvider") : "";
      else if (strcmp (key, "region.name") == 0)
        have = region ? str (region, "name") : "";
      else if (strcmp (key, "state") == 0 || strcmp (key, "clusterId") == 0 || strcmp (key, "displayName") == 0)
        have = str (cluster, key);
      else if (strcmp (key, "projectId") == 0)
        have = labels ? str (labels, "tidb.cloud/project") : "";
      else if (g_str_has_prefix (key, "labels."))
        have = labels ? str (labels, key + strlen ("labels.")) : "";
      else
        {
          *valid = FALSE;
          return FALSE;
        }
      if (g_strcmp0 (have, value) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
list_clusters (TidbCall   *call,
               GHashTable *query)
{
  JsonArray *clusters = json_object_get_array_member (call->sim->tidb, "clusters");
  const char *filter = query_param (call, query, "filter");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  guint start, size;
  g_autofree char *next = NULL;
  JsonObject *body;
  JsonArray *rows;

  for (guint i = 0; clusters && i < json_array_get_length (clusters); i++)
    {
      JsonObject *c = json_array_get_object_element (clusters, i);
      gboolean valid;

      if (cluster_matches (c, filter, &valid))
        g_ptr_array_add (hits, c);
      if (!valid)
        {
          tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "invalid filter: %s", filter);
          return;
        }
    }
  if (!page_bounds (call, query, hits->len, 10, 10, &start, &size, &next))
    return;
  body = json_object_new ();
  rows = json_array_new ();
  for (guint i = start; i < hits->len && i < start + size; i++)
    json_array_add_element (rows, public_cluster (g_ptr_array_index (hits, i)));
  json_object_set_array_member (body, "clusters", rows);
  json_object_set_string_member (body, "nextPageToken", next);
  json_object_set_int_member (body, "totalSize", hits->len);
  tidb_ok (call, body);
}

static void
get_cluster (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);

  if (cluster == NULL)
    return;
  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = public_cluster (cluster);
  call->status = 200;
}

static void
get_availability_zones (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);
  JsonObject *body;

  if (cluster == NULL)
    return;
  body = json_object_new ();
  json_object_set_string_member (body, "accountId", call->sim->tidb_account_id);
  json_object_set_member (body, "azIds", json_object_has_member (cluster, "azIds")
                                         ? json_node_copy (json_object_get_member (cluster, "azIds"))
                                         : json_node_init_array (json_node_alloc (), json_array_new ()));
  tidb_ok (call, body);
}

static const char *
alibaba_region (JsonObject *cluster)
{
  JsonObject *region = json_object_get_object_member (cluster, "region");
  const char *id = region ? str (region, "regionId") : "";

  return g_str_has_prefix (id, "alicloud-") ? id + strlen ("alicloud-") : id;
}

/* CREATING -> PENDING_ACCEPTANCE (endpoint requested) or FAILED (with the reason). */
static void
plc_created (LwSimServer *sim,
             gpointer     data)
{
  JsonObject *plc = lw_sim_res_find (sim, "tidb-connection", "privateLinkConnectionId", data);
  JsonObject *svc = NULL, *eps, *conn;
  GPtrArray *services;
  const char *name, *region;
  g_autofree char *key = NULL;
  g_autofree char *endpoint_id = NULL, *now = lw_sim_now_iso ();
  g_autoptr(JsonArray) azs = NULL;
  JsonArray *svc_zones, *res, *conn_zones, *cluster_azs = NULL;
  JsonArray *clusters = json_object_get_array_member (sim->tidb, "clusters");

  if (plc == NULL || g_strcmp0 (str (plc, "state"), "CREATING") != 0)
    return;
  eps = json_object_get_object_member (plc, "alicloudEndpointService");
  name = str (eps, "name");
  region = str (plc, "_Region");
  for (guint i = 0; clusters && i < json_array_get_length (clusters); i++)
    {
      JsonObject *c = json_array_get_object_element (clusters, i);
      if (g_strcmp0 (str (c, "clusterId"), str (plc, "clusterId")) == 0 && json_object_has_member (c, "azIds"))
        cluster_azs = json_object_get_array_member (c, "azIds");
    }

  services = lw_sim_res_list (sim, "endpoint-service");
  for (guint i = 0; i < services->len; i++)
    {
      JsonObject *s = g_ptr_array_index (services, i);
      if (g_strcmp0 (str (s, "ServiceName"), name) == 0 && g_strcmp0 (str (s, "RegionId"), region) == 0)
        svc = s;
    }
  json_object_set_string_member (plc, "updateTime", now);
  if (svc == NULL)
    {
      json_object_set_string_member (plc, "state", "FAILED");
      json_object_set_string_member (plc, "message", "The endpoint service does not exist in the cluster's region.");
      return;
    }
  if (g_strcmp0 (str (svc, "ServiceStatus"), "Active") != 0)
    {
      json_object_set_string_member (plc, "state", "FAILED");
      json_object_set_string_member (plc, "message", "The endpoint service is not active.");
      return;
    }
  key = g_strdup_printf ("%s/%s", str (svc, "ServiceId"), sim->tidb_account_id);
  if (lw_sim_res_find (sim, "endpoint-service-user", "_Key", key) == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The endpoint service does not whitelist the TiDB Cloud account %s.",
                                              sim->tidb_account_id);
      json_object_set_string_member (plc, "state", "FAILED");
      json_object_set_string_member (plc, "message", msg);
      return;
    }

  /* The endpoint lands in the zones both sides have. */
  azs = json_array_new ();
  conn_zones = json_array_new ();
  svc_zones = json_object_get_array_member (svc, "Zones");
  res = json_object_get_array_member (svc, "_Resources");
  for (guint i = 0; cluster_azs && i < json_array_get_length (cluster_azs); i++)
    {
      const char *az = json_array_get_string_element (cluster_azs, i);
      for (guint z = 0; svc_zones && z < json_array_get_length (svc_zones); z++)
        if (g_strcmp0 (az, json_array_get_string_element (svc_zones, z)) == 0)
          {
            JsonObject *zone = json_object_new ();
            g_autofree char *eni = lw_sim_new_id (sim, "eni-");
            JsonObject *r = res && z < json_array_get_length (res) ? json_array_get_object_element (res, z) : NULL;
            g_autofree char *zone_domain = NULL;

            json_array_add_string_element (azs, az);
            json_object_set_string_member (zone, "ZoneId", az);
            json_object_set_string_member (zone, "VSwitchId", "vsw-tidbcloud0000001");
            json_object_set_string_member (zone, "EniId", eni);
            json_object_set_string_member (zone, "ResourceId", r ? str (r, "ResourceId") : "");
            zone_domain = g_strdup_printf ("%s-%s.%s", str (plc, "privateLinkConnectionId"), az, str (svc, "ServiceDomain"));
            json_object_set_string_member (zone, "ZoneDomain", zone_domain);
            json_object_set_string_member (zone, "ZoneStatus", "Wait");
            json_array_add_object_element (conn_zones, zone);
          }
    }
  if (json_array_get_length (azs) == 0)
    {
      json_array_unref (conn_zones);
      json_object_set_string_member (plc, "state", "FAILED");
      json_object_set_string_member (plc, "message",
                                     "The endpoint service has no zone in common with the cluster's availability zones.");
      return;
    }

  endpoint_id = lw_sim_new_id (sim, "ep-");
  conn = json_object_new ();
  json_object_set_string_member (conn, "EndpointId", endpoint_id);
  json_object_set_int_member (conn, "EndpointOwnerId", g_ascii_strtoll (sim->tidb_account_id, NULL, 10));
  json_object_set_string_member (conn, "EndpointVpcId", "vpc-tidbcloud00000001");
  json_object_set_string_member (conn, "ServiceId", str (svc, "ServiceId"));
  json_object_set_string_member (conn, "ConnectionStatus", "Disconnected");
  json_object_set_int_member (conn, "Bandwidth", 3072);
  json_object_set_string_member (conn, "ModifiedTime", now);
  json_object_set_boolean_member (conn, "ResourceOwner", FALSE);
  json_object_set_string_member (conn, "ResourceGroupId", "rg-acfmdemo00000001");
  json_object_set_string_member (conn, "TrafficControlMode", "fixed");
  json_object_set_array_member (conn, "Zones", conn_zones);
  json_object_set_string_member (conn, "_RegionId", region);
  lw_sim_res_add (sim, "endpoint-connection", conn, NULL);

  json_object_set_string_member (eps, "endpointId", endpoint_id);
  json_object_set_array_member (eps, "availabilityZoneIds", json_array_ref (azs));
  json_object_set_string_member (plc, "state", "PENDING_ACCEPTANCE");

  if (json_object_get_boolean_member_with_default (svc, "AutoAcceptEnabled", FALSE))
    {
      json_object_set_string_member (conn, "ConnectionStatus", "Connecting");
      lw_sim_schedule_transition (sim, "conn.enable", "endpoint-connection", "EndpointId", endpoint_id,
                                  "ConnectionStatus", "Connected", NULL, NULL);
    }
}

static void
plc_activate (LwSimServer *sim,
              gpointer     data)
{
  JsonObject *plc = lw_sim_res_find (sim, "tidb-connection", "privateLinkConnectionId", data);
  JsonObject *eps, *conn;
  g_autofree char *now = lw_sim_now_iso ();

  if (plc == NULL)
    return;
  json_object_remove_member (plc, "_Activating");
  eps = json_object_get_object_member (plc, "alicloudEndpointService");
  conn = lw_sim_res_find (sim, "endpoint-connection", "EndpointId", str (eps, "endpointId"));
  if (g_strcmp0 (str (plc, "state"), "PENDING_ACCEPTANCE") == 0 && conn &&
      g_strcmp0 (str (conn, "ConnectionStatus"), "Connected") == 0)
    {
      json_object_set_string_member (plc, "state", "ACTIVE");
      json_object_set_string_member (plc, "updateTime", now);
    }
}

void
lw_sim_reconcile (LwSimServer *sim)
{
  GPtrArray *plcs = lw_sim_res_list (sim, "tidb-connection");
  GPtrArray *conns = lw_sim_res_list (sim, "endpoint-connection");

  for (guint i = 0; i < conns->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conns, i);
      JsonArray *zones = json_object_get_array_member (c, "Zones");
      const char *status = str (c, "ConnectionStatus");
      const char *zone_status = strcmp (status, "Connected") == 0 ? "Connected" :
                                strcmp (status, "Connecting") == 0 ? "Connecting" :
                                strcmp (status, "Disconnecting") == 0 ? "Disconnecting" : "Wait";

      for (guint z = 0; zones && z < json_array_get_length (zones); z++)
        json_object_set_string_member (json_array_get_object_element (zones, z), "ZoneStatus", zone_status);
    }

  for (guint i = 0; i < plcs->len; i++)
    {
      JsonObject *plc = g_ptr_array_index (plcs, i);
      JsonObject *eps = json_object_get_object_member (plc, "alicloudEndpointService");
      const char *state = str (plc, "state");
      JsonObject *conn;

      if (strcmp (state, "PENDING_ACCEPTANCE") != 0 && strcmp (state, "ACTIVE") != 0)
        continue;
      conn = lw_sim_res_find (sim, "endpoint-connection", "EndpointId", str (eps, "endpointId"));
      if (conn == NULL)
        {
          json_object_set_string_member (plc, "state", "FAILED");
          json_object_set_string_member (plc, "message", "The endpoint service or its endpoint connection was deleted.");
        }
      else if (strcmp (state, "ACTIVE") == 0 && g_strcmp0 (str (conn, "ConnectionStatus"), "Connected") != 0)
        json_object_set_string_member (plc, "state", "PENDING_ACCEPTANCE");
      else if (strcmp (state, "PENDING_ACCEPTANCE") == 0 &&
               g_strcmp0 (str (conn, "ConnectionStatus"), "Connected") == 0 &&
               !json_object_has_member (plc, "_Activating"))
        {
          json_object_set_boolean_member (plc, "_Activating", TRUE);
          lw_sim_schedule (sim, "plc.active", plc_activate,
                           g_strdup (str (plc, "privateLinkConnectionId")), g_free);
        }
    }
}

static JsonObject *
parse_body (TidbCall *call)
{
  GBytes *body = call->body;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_debug ("TiDB body: %" G_GSIZE_FORMAT " bytes, Content-Length %s, Transfer-Encoding %s", g_bytes_get_size (body),
           soup_message_headers_get_one (call->request_headers, "Content-Length"),
           soup_message_headers_get_one (call->request_headers, "Transfer-Encoding"));

  if (g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > 1024 * 1024 ||
      !g_utf8_validate (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "the request body is not a valid JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonObject *
member_object (JsonObject *obj,
               const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
create_connection (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);
  g_autoptr(JsonObject) body = NULL;
  JsonObject *in, *in_eps, *plc, *eps;
  const char *display_name, *type, *name, *body_cluster;
  GPtrArray *plcs;
  g_autofree char *id = NULL, *now = NULL, *created_by = NULL;

  if (cluster == NULL || (body = parse_body (call)) == NULL)
    return;
  in = member_object (body, "privateLinkConnection");
  if (in == NULL)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "privateLinkConnection is required");
      return;
    }
  display_name = member_string (in, "displayName");
  type = member_string (in, "type");
  in_eps = member_object (in, "alicloudEndpointService");
  name = member_string (in_eps, "name");
  body_cluster = member_string (in, "clusterId");

  if (display_name == NULL || *display_name == '\0' || g_utf8_strlen (display_name, -1) > 64)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "displayName is required (at most 64 characters)");
      return;
    }
  if (g_strcmp0 (type, "ALICLOUD_ENDPOINT_SERVICE") != 0 && g_strcmp0 (type, "AWS_ENDPOINT_SERVICE") != 0)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "type must be ALICLOUD_ENDPOINT_SERVICE or AWS_ENDPOINT_SERVICE");
      return;
    }
  if (body_cluster != NULL && strcmp (body_cluster, call->segments[1]) != 0)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "clusterId in the body does not match the path");
      return;
    }
  if (strcmp (type, "ALICLOUD_ENDPOINT_SERVICE") != 0 ||
      g_strcmp0 (str (json_object_get_object_member (cluster, "region"), "cloudProvider"), "alicloud") != 0)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "the connection type does not match the cluster's cloud provider");
      return;
    }
  if (name == NULL || !g_str_has_prefix (name, "com.aliyuncs.privatelink."))
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "alicloudEndpointService.name must be an endpoint service name (com.aliyuncs.privatelink.<region>.epsrv-…)");
      return;
    }
  if (g_strcmp0 (str (cluster, "state"), "ACTIVE") != 0)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "CLUSTER_NOT_ACTIVE", "cluster %s is %s, not ACTIVE",
                  call->segments[1], str (cluster, "state"));
      return;
    }
  plcs = lw_sim_res_list (call->sim, "tidb-connection");
  for (guint i = 0; i < plcs->len; i++)
    {
      JsonObject *other = g_ptr_array_index (plcs, i);
      JsonObject *other_eps = json_object_get_object_member (other, "alicloudEndpointService");
      const char *state = str (other, "state");

      /* Assumption: one live connection per endpoint service per cluster. */
      if (g_strcmp0 (str (other, "clusterId"), call->segments[1]) == 0 &&
          g_strcmp0 (str (other_eps, "name"), name) == 0 &&
          strcmp (state, "FAILED") != 0 && strcmp (state, "DELETING") != 0)
        {
          tidb_error (call, 409, RPC_ALREADY_EXISTS, "ALREADY_EXISTS",
                      "private link connection %s already uses endpoint service %s",
                      str (other, "privateLinkConnectionId"), name);
          return;
        }
    }

  id = lw_sim_new_id (call->sim, "plc-");
  now = lw_sim_now_iso ();
  created_by = g_strdup_printf ("apikey-%s", call->public_key);
  plc = json_object_new ();
  json_object_set_string_member (plc, "privateLinkConnectionId", id);
  json_object_set_string_member (plc, "clusterId", call->segments[1]);
  json_object_set_string_member (plc, "displayName", display_name);
  json_object_set_string_member (plc, "type", type);
  json_object_set_string_member (plc, "state", "CREATING");
  json_object_set_string_member (plc, "message", "");
  json_object_set_string_member (plc, "createdBy", created_by);
  json_object_set_string_member (plc, "createTime", now);
  json_object_set_null_member (plc, "updateTime");
  eps = json_object_new ();
  json_object_set_string_member (eps, "name", name);
  json_object_set_string_member (eps, "endpointId", "");
  json_object_set_array_member (eps, "availabilityZoneIds", json_array_new ());
  json_object_set_object_member (plc, "alicloudEndpointService", eps);
  json_object_set_string_member (plc, "_Region", alibaba_region (cluster));
  lw_sim_res_add (call->sim, "tidb-connection", plc, NULL);
  lw_sim_schedule (call->sim, "conn.create", plc_created, g_strdup (id), g_free);

  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_public_node (plc);
  call->status = 200;
}

static JsonObject *
find_plc (TidbCall *call)
{
  JsonObject *plc = lw_sim_res_find (call->sim, "tidb-connection", "privateLinkConnectionId", call->segments[3]);

  if (plc == NULL || g_strcmp0 (str (plc, "clusterId"), call->segments[1]) != 0)
    {
      tidb_error (call, 404, RPC_NOT_FOUND, "PRIVATE_LINK_CONNECTION_NOT_FOUND",
                  "private link connection %s not found", call->segments[3]);
      return NULL;
    }
  return plc;
}

static void
get_connection (TidbCall *call)
{
  JsonObject *plc;

  if (find_cluster (call, call->segments[1]) == NULL || (plc = find_plc (call)) == NULL)
    return;
  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_public_node (plc);
  json_object_set_array_member (json_node_get_object (call->reply), "attachedDomains", json_array_new ());
  call->status = 200;
}

static void
list_connections (TidbCall   *call,
                  GHashTable *query)
{
  const char *state = query_param (call, query, "state");
  GPtrArray *all = lw_sim_res_list (call->sim, "tidb-connection");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autofree char *next = NULL;
  guint start, size;
  JsonObject *body;
  JsonArray *rows;

  if (find_cluster (call, call->segments[1]) == NULL)
    return;
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *plc = g_ptr_array_index (all, i);
      if (g_strcmp0 (str (plc, "clusterId"), call->segments[1]) == 0 &&
          (state == NULL || *state == '\0' || g_strcmp0 (state, str (plc, "state")) == 0))
        g_ptr_array_add (hits, plc);
    }
  if (!page_bounds (call, query, hits->len, 10, 10, &start, &size, &next))
    return;
  body = json_object_new ();
  rows = json_array_new ();
  for (guint i = start; i < hits->len && i < start + size; i++)
    json_array_add_element (rows, lw_sim_public_node (g_ptr_array_index (hits, i)));
  json_object_set_array_member (body, "privateLinkConnections", rows);
  json_object_set_string_member (body, "nextPageToken", next);
  json_object_set_int_member (body, "totalSize", hits->len);
  tidb_ok (call, body);
}

static void
plc_deleted (LwSimServer *sim,
             gpointer     data)
{
  JsonObject *plc = lw_sim_res_find (sim, "tidb-connection", "privateLinkConnectionId", data);
  JsonObject *eps, *conn;

  if (plc == NULL)
    return;
  /* TiDB deletes its endpoint: the Alibaba side's connection goes away with it. */
  eps = json_object_get_object_member (plc, "alicloudEndpointService");
  conn = lw_sim_res_find (sim, "endpoint-connection", "EndpointId", str (eps, "endpointId"));
  if (conn)
    lw_sim_res_remove (sim, "endpoint-connection", conn);
  lw_sim_res_remove (sim, "tidb-connection", plc);
  lw_sim_reconcile (sim);
}

static void
delete_connection (TidbCall *call)
{
  JsonObject *plc;

  if (find_cluster (call, call->segments[1]) == NULL || (plc = find_plc (call)) == NULL)
    return;
  if (g_strcmp0 (str (plc, "state"), "DELETING") != 0)
    {
      json_object_set_string_member (plc, "state", "DELETING");
      lw_sim_schedule (call->sim, "plc.delete", plc_deleted, g_strdup (call->segments[3]), g_free);
    }
  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_public_node (plc);
  call->status = 200;
}

/* changefeeds:test — the body shape this simulator accepts (documented in README.md):
 * {"sink":{"type":"MYSQL","mysql":{"network":{"networkType":"PRIVATE_LINK","privateLink":
 *   {"privateLinkConnectionId":"plc-…","port":3306}},"authentication":{"userName":"…","password":"…"}}}}
 * optionally wrapped in {"changefeed":{…}}. Success is 200 with {}; each failure is 400
 * FAILED_PRECONDITION with an ErrorInfo reason the app can map to a plain explanation. */
static void
test_changefeed (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);
  g_autoptr(JsonObject) body = NULL;
  JsonObject *root, *sink, *mysql, *network, *pl, *auth, *plc, *eps, *conn, *svc, *lb = NULL;
  JsonObject *listener = NULL, *sg, *healthy = NULL, *inst = NULL;
  const char *plc_id, *user, *password;
  JsonNode *port_node;
  gint64 port;
  JsonArray *res, *mappings;
  GPtrArray *listeners, *servers;
  gboolean user_ok = FALSE;

  if (cluster == NULL || (body = parse_body (call)) == NULL)
    return;
  root = member_object (body, "changefeed") ? member_object (body, "changefeed") : body;
  sink = member_object (root, "sink");
  mysql = member_object (sink, "mysql");
  network = member_object (mysql, "network");
  pl = member_object (network, "privateLink");
  auth = member_object (mysql, "authentication");
  plc_id = member_string (pl, "privateLinkConnectionId");
  port_node = pl ? json_object_get_member (pl, "port") : NULL;
  user = member_string (auth, "userName");
  password = member_string (auth, "password");

  if (g_strcmp0 (member_string (sink, "type"), "MYSQL") != 0 ||
      g_strcmp0 (member_string (network, "networkType"), "PRIVATE_LINK") != 0 ||
      plc_id == NULL || port_node == NULL || !JSON_NODE_HOLDS_VALUE (port_node) ||
      user == NULL || password == NULL)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "sink.type MYSQL with network PRIVATE_LINK (privateLinkConnectionId, port) and authentication "
                  "(userName, password) is required");
      return;
    }
  port = json_node_get_value_type (port_node) == G_TYPE_STRING
         ? g_ascii_strtoll (json_node_get_string (port_node), NULL, 10) : json_node_get_int (port_node);

  plc = lw_sim_res_find (call->sim, "tidb-connection", "privateLinkConnectionId", plc_id);
  if (plc == NULL || g_strcmp0 (str (plc, "clusterId"), call->segments[1]) != 0)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "PRIVATE_LINK_CONNECTION_NOT_FOUND",
                  "private link connection %s not found", plc_id);
      return;
    }
  if (g_strcmp0 (str (plc, "state"), "ACTIVE") != 0)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "PRIVATE_LINK_CONNECTION_NOT_ACTIVE",
                  "private link connection %s is %s, not ACTIVE", plc_id, str (plc, "state"));
      return;
    }
  eps = json_object_get_object_member (plc, "alicloudEndpointService");
  conn = lw_sim_res_find (call->sim, "endpoint-connection", "EndpointId", str (eps, "endpointId"));
  svc = conn ? lw_sim_res_find (call->sim, "endpoint-service", "ServiceId", str (conn, "ServiceId")) : NULL;
  res = svc ? json_object_get_array_member (svc, "_Resources") : NULL;

  listeners = lw_sim_res_list (call->sim, "listener");
  for (guint r = 0; res && r < json_array_get_length (res) && listener == NULL; r++)
    {
      const char *lb_id = str (json_array_get_object_element (res, r), "ResourceId");
      for (guint i = 0; i < listeners->len; i++)
        {
          JsonObject *l = g_ptr_array_index (listeners, i);
          if (g_strcmp0 (str (l, "LoadBalancerId"), lb_id) == 0 && json_object_get_int_member (l, "ListenerPort") == port &&
              g_strcmp0 (str (l, "ListenerProtocol"), "TCP") == 0 && g_strcmp0 (str (l, "ListenerStatus"), "Running") == 0)
            {
              listener = l;
              lb = lw_sim_res_find (call->sim, "load-balancer", "LoadBalancerId", lb_id);
            }
        }
    }
  if (listener == NULL || lb == NULL)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "CONNECTION_REFUSED",
                  "connection refused: no running TCP listener on port %" G_GINT64_FORMAT " behind the endpoint service",
                  port);
      return;
    }

  sg = lw_sim_res_find (call->sim, "server-group", "ServerGroupId", str (listener, "ServerGroupId"));
  servers = lw_sim_res_list (call->sim, "server");
  for (guint i = 0; sg && i < servers->len && healthy == NULL; i++)
    {
      JsonObject *s = g_ptr_array_index (servers, i);
      if (g_strcmp0 (str (s, "ServerGroupId"), str (sg, "ServerGroupId")) == 0 &&
          lw_sim_nlb_server_healthy (call->sim, s, str (sg, "VpcId")))
        healthy = s;
    }
  if (healthy == NULL)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "BACKEND_UNHEALTHY",
                  "connection timed out: the load balancer has no healthy backend (is the RDS IP and port right?)");
      return;
    }
  for (guint i = 0; i < call->sim->rds->len; i++)
    {
      JsonObject *candidate = g_ptr_array_index (call->sim->rds, i);
      if (g_strcmp0 (str (candidate, "IPAddress"), str (healthy, "ServerIp")) == 0)
        inst = candidate;
    }

  /* With client IP preservation off, RDS sees the NLB's addresses in its vSwitches. */
  mappings = json_object_get_array_member (lb, "ZoneMappings");
  for (guint m = 0; inst && mappings && m < json_array_get_length (mappings); m++)
    {
      JsonObject *zm = json_array_get_object_element (mappings, m);
      JsonObject *vsw = lw_sim_find_vswitch (call->sim, str (zm, "VSwitchId"));
      JsonArray *groups = json_object_get_array_member (inst, "SecurityIPGroups");
      const char *cidr = vsw ? str (vsw, "CidrBlock") : "";
      gboolean covered = FALSE;

      for (guint g = 0; groups && g < json_array_get_length (groups) && !covered; g++)
        {
          g_auto(GStrv) entries = g_strsplit (str (json_array_get_object_element (groups, g), "SecurityIPList"), ",", -1);
          for (guint e = 0; entries[e] && !covered; e++)
            covered = lw_sim_cidr_covers (g_strstrip (entries[e]), cidr);
        }
      if (!covered)
        {
          tidb_error (call, 400, RPC_FAILED_PRECONDITION, "MYSQL_HOST_NOT_ALLOWED",
                      "Host is not allowed to connect to this MySQL server: the whitelist of %s does not cover "
                      "the load balancer's vSwitch %s (%s)", str (inst, "DBInstanceId"), str (zm, "VSwitchId"), cidr);
          return;
        }
    }

  for (guint i = 0; i < call->sim->mysql_users->len; i++)
    {
      JsonObject *u = g_ptr_array_index (call->sim->mysql_users, i);
      if (g_strcmp0 (str (u, "user"), user) == 0 && g_strcmp0 (str (u, "password"), password) == 0)
        user_ok = TRUE;
    }
  if (!user_ok)
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "MYSQL_ACCESS_DENIED",
                  "Access denied for user '%s' (using password: %s)", user, *password ? "YES" : "NO");
      return;
    }
  tidb_ok (call, json_object_new ());
}

/* ------------------------------------------------------------------------------------------ */

static gboolean
rate_limited (TidbCall *call)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  gint64 *window = g_hash_table_lookup (call->sim->rate, call->public_key);
  SoupMessageHeaders *headers = call->response_headers;
  g_autofree char *remaining = NULL, *reset = NULL;

  if (window == NULL)
    {
      window = g_new0 (gint64, 2);
      window[0] = now;
      g_hash_table_insert (call->sim->rate, g_strdup (call->public_key), window);
    }
  if (now - window[0] >= RATE_WINDOW_S)
    {
      window[0] = now;
      window[1] = 0;
    }
  window[1]++;

  remaining = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (0, RATE_LIMIT - window[1]));
  reset = g_strdup_printf ("%" G_GINT64_FORMAT, RATE_WINDOW_S - (now - window[0]));
  soup_message_headers_replace (headers, "X-Ratelimit-Limit-Minute", G_STRINGIFY (RATE_LIMIT));
  soup_message_headers_replace (headers, "X-Ratelimit-Remaining-Minute", remaining);
  soup_message_headers_replace (headers, "X-Ratelimit-Reset", reset);

  if (window[1] > RATE_LIMIT)
    {
      tidb_error (call, 429, 49900007, NULL,
                  "The request exceeded the limit of 100 times per apikey per minute. "
                  "For more information, see the API documentation.");
      return TRUE;
    }
  return FALSE;
}

static gboolean
apply_before_fault (TidbCall *call)
{
  LwSimFault *fault = lw_sim_faults_take (call->sim, call->operation, TRUE);

  if (fault == NULL)
    return FALSE;
  switch (fault->kind)
    {
    case LW_SIM_FAULT_THROTTLING:
      soup_message_headers_replace (call->response_headers, "X-Ratelimit-Remaining-Minute", "0");
      tidb_error (call, 429, 49900007, NULL, "The request exceeded the limit of 100 times per apikey per minute.");
      return TRUE;
    case LW_SIM_FAULT_5XX:
    case LW_SIM_FAULT_BUSY:
      tidb_error (call, 503, RPC_UNAVAILABLE, NULL, "The service is temporarily unavailable.");
      return TRUE;
    case LW_SIM_FAULT_INCORRECT_STATUS:
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "INCORRECT_STATUS", "The resource is busy; try again later.");
      return TRUE;
    case LW_SIM_FAULT_ERROR:
      if (g_str_has_prefix (fault->code, "Forbidden"))
        tidb_error (call, 403, RPC_PERMISSION_DENIED, fault->code, "Injected permanent error %s.", fault->code);
      else
        tidb_error (call, 400, RPC_FAILED_PRECONDITION, fault->code, "Injected permanent error %s.", fault->code);
      return TRUE;
    case LW_SIM_FAULT_CREATE_FAILED:
    case LW_SIM_FAULT_DROP:
    case LW_SIM_FAULT_TIMEOUT:
    default:
      return FALSE;
    }
}

guint
lw_sim_tidb_process (LwSimServer         *sim,
                     const char          *method,
                     const char          *path,
                     const char          *raw_query,
                     SoupMessageHeaders  *request_headers,
                     GBytes              *body,
                     SoupMessageHeaders  *response_headers,
                     const char          *public_key,
                     JsonNode           **reply,
                     char               **operation)
{
  TidbCall call = { 0 };
  g_autoptr(GHashTable) query = NULL;

  g_return_val_if_fail (g_str_has_prefix (path, "/v1beta1/"), 0);

  call.sim = sim;
  call.request_headers = request_headers;
  call.response_headers = response_headers;
  call.body = body;
  call.public_key = public_key ? public_key : "";
  call.operation = lw_sim_tidb_operation (method, path, &call.pattern);
  call.segments = g_strsplit (path + strlen ("/v1beta1/"), "/", -1);

  if (raw_query != NULL)
    {
      query = g_uri_parse_params (raw_query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
      if (query == NULL)
        tidb_error (&call, 400, RPC_INVALID_ARGUMENT, NULL, "malformed query string");
    }

  if (call.reply == NULL && call.operation == NULL)
    tidb_error (&call, 404, RPC_NOT_FOUND, NULL, "%s %s is not an API of this service", method, path);
  if (call.reply == NULL && !rate_limited (&call) && !apply_before_fault (&call))
    {
      const char *op = call.operation + strlen ("tidb:");

      if (strcmp (op, "ListProjects") == 0)
        list_projects (&call, query);
      else if (strcmp (op, "ListClusters") == 0)
        list_clusters (&call, query);
      else if (strcmp (op, "GetCluster") == 0)
        get_cluster (&call);
      else if (strcmp (op, "GetAvailabilityZones") == 0)
        get_availability_zones (&call);
      else if (strcmp (op, "CreateConnection") == 0)
        create_connection (&call);
      else if (strcmp (op, "ListConnections") == 0)
        list_connections (&call, query);
      else if (strcmp (op, "GetConnection") == 0)
        get_connection (&call);
      else if (strcmp (op, "DeleteConnection") == 0)
        delete_connection (&call);
      else if (strcmp (op, "TestChangefeed") == 0)
        test_changefeed (&call);
    }
  if (call.reply == NULL)
    tidb_error (&call, 500, 13, NULL, "internal error");

  if (call.operation != NULL)
    {
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (call.reply) ? json_node_get_object (call.reply) : NULL;
      g_autofree char *code = NULL;

      if (call.status != 200 && obj)
        code = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (obj, "code", 0));
      lw_sim_log_call (sim, "TiDB", call.pattern, call.operation, call.public_key, call.status, code);
    }

  soup_message_headers_replace (response_headers, "X-Debug-Trace-Id", call.operation ? call.operation + 5 : "none");
  *reply = g_steal_pointer (&call.reply);
  *operation = g_steal_pointer (&call.operation);
  g_strfreev (call.segments);
  g_free (call.pattern);
  return call.status;
}

void
lw_sim_tidb_handle (LwSimServer       *sim,
                    SoupServerMessage *msg,
                    const char        *path,
                    const char        *public_key)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *operation = NULL;
  guint status;

  status = lw_sim_tidb_process (sim, soup_server_message_get_method (msg), path,
                                g_uri_get_query (soup_server_message_get_uri (msg)),
                                soup_server_message_get_request_headers (msg), body,
                                soup_server_message_get_response_headers (msg), public_key, &reply, &operation);
  lw_sim_respond_json (sim, msg, status, reply, operation, operation != NULL);
}
