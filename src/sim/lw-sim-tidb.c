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
  gboolean           iam;        /* the iam host's API (projects): api.OpenApiError bodies */
  guint              status;
  JsonNode          *reply;
  JsonNode          *request_json; /* the parsed request body (kept for the wire record) */
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

  if (call->iam)
    {
      /* The iam host answers api.OpenApiError: {"code": string, "error": object, "msgPrefix": string,
       * "status": integer} (tidb-cloud-official-api.json, error_body.iam_service). */
      g_autofree char *code_text = reason != NULL ? g_strdup (reason) : g_strdup_printf ("%d", code);
      JsonObject *detail = json_object_new ();

      json_array_unref (details);
      json_object_set_string_member (body, "code", code_text);
      json_object_set_object_member (body, "error", detail);
      json_object_set_string_member (body, "msgPrefix", message);
      json_object_set_int_member (body, "status", status);
      g_clear_pointer (&call->reply, json_node_unref);
      call->reply = lw_sim_node_take (body);
      call->status = status;
      return;
    }
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

/* Google AIP filter as ClusterService_ListClusters documents it: key="value" [AND key="value"]...
 * with the keys region.provider, region.name, state, projectId, clusterId (each a comma-separated
 * list of values), displayName and labels.<key>. Any other key (e.g. the unofficial
 * region.cloudProvider) makes the filter invalid. */
static gboolean
cluster_matches (JsonObject *cluster,
                 const char *filter,
                 gboolean   *valid)
{
  g_auto(GStrv) terms = NULL;
  gboolean match = TRUE;

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
      gboolean list = TRUE;
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

      if (strcmp (key, "region.provider") == 0)
        have = region ? str (region, "cloudProvider") : "";
      else if (strcmp (key, "region.name") == 0)
        have = region ? str (region, "name") : "";
      else if (strcmp (key, "state") == 0 || strcmp (key, "clusterId") == 0)
        have = str (cluster, key);
      else if (strcmp (key, "projectId") == 0)
        have = labels ? str (labels, "tidb.cloud/project") : "";
      else if (strcmp (key, "displayName") == 0)
        have = str (cluster, key), list = FALSE;
      else if (g_str_has_prefix (key, "labels.") && key[strlen ("labels.")] != '\0')
        have = labels ? str (labels, key + strlen ("labels.")) : "", list = FALSE;
      else
        {
          *valid = FALSE;
          return FALSE;
        }
      if (list)
        {
          g_auto(GStrv) values = g_strsplit (value, ",", -1);
          gboolean any = FALSE;

          for (guint v = 0; values[v] && !any; v++)
            any = g_strcmp0 (have, g_strstrip (values[v])) == 0;
          match = match && any;
        }
      else
        match = match && g_strcmp0 (have, value) == 0;
    }
  return match;
}

/* orderBy: "field [asc|desc][, field [asc|desc]]…" over these fields. */
static const char *order_fields[] = { "clusterId", "displayName", "state", "createTime", "region.name", NULL };

typedef struct {
  char     *field;
  gboolean  desc;
} OrderKey;

static const char *
order_value (JsonObject *cluster,
             const char *field)
{
  if (strcmp (field, "region.name") == 0)
    {
      JsonObject *region = json_object_get_object_member (cluster, "region");
      return region ? str (region, "name") : "";
    }
  return str (cluster, field);
}

static gint
order_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GArray *keys = data;

  for (guint i = 0; i < keys->len; i++)
    {
      OrderKey *k = &g_array_index (keys, OrderKey, i);
      int c = g_strcmp0 (order_value (*(JsonObject **) a, k->field), order_value (*(JsonObject **) b, k->field));
      if (c != 0)
        return k->desc ? -c : c;
    }
  return 0;
}

static void
order_key_clear (gpointer data)
{
  g_free (((OrderKey *) data)->field);
}

static GArray *
parse_order_by (const char *order_by)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, TRUE, sizeof (OrderKey));
  g_auto(GStrv) parts = g_strsplit (order_by, ",", -1);

  g_array_set_clear_func (keys, order_key_clear);
  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (parts[i]), " \t", -1);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) w = NULL;
      OrderKey key = { 0 };

      for (guint j = 0; words[j]; j++)
        if (*words[j] != '\0')
          g_strv_builder_add (b, words[j]);
      w = g_strv_builder_end (b);
      if (w[0] == NULL || !g_strv_contains (order_fields, w[0]) ||
          (w[1] != NULL && (w[2] != NULL || (g_ascii_strcasecmp (w[1], "asc") != 0 && g_ascii_strcasecmp (w[1], "desc") != 0))))
        return NULL;
      key.field = g_strdup (w[0]);
      key.desc = w[1] != NULL && g_ascii_strcasecmp (w[1], "desc") == 0;
      g_array_append_val (keys, key);
    }
  return g_steal_pointer (&keys);
}

static void
list_clusters (TidbCall   *call,
               GHashTable *query)
{
  JsonArray *clusters = json_object_get_array_member (call->sim->tidb, "clusters");
  const char *filter = query_param (call, query, "filter");
  const char *order_by = query_param (call, query, "orderBy");
  const char *skip_text = query_param (call, query, "skip");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  guint start, size;
  guint64 skip = 0;
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
  if (order_by != NULL && *order_by != '\0')
    {
      g_autoptr(GArray) keys = parse_order_by (order_by);

      if (keys == NULL)
        {
          tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "invalid orderBy: %s", order_by);
          return;
        }
      g_ptr_array_sort_with_data (hits, order_compare, keys);
    }
  if (skip_text != NULL && *skip_text != '\0' &&
      !g_ascii_string_to_unsigned (skip_text, 10, 0, G_MAXINT32, &skip, NULL))
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "invalid skip %s", skip_text);
      return;
    }
  if (!page_bounds (call, query, hits->len, 10, 10, &start, &size, &next))
    return;
  /* skip counts from the start of the results; a page token already holds the absolute offset. */
  if (query_param (call, query, "pageToken") == NULL || *query_param (call, query, "pageToken") == '\0')
    {
      start = (guint) MIN (skip, (guint64) hits->len);
      g_free (next);
      next = start + size < hits->len ? g_strdup_printf ("lwpt-%u", start + size) : g_strdup ("");
    }
  body = json_object_new ();
  rows = json_array_new ();
  for (guint i = start; i < hits->len && i < start + size; i++)
    json_array_add_element (rows, public_cluster (g_ptr_array_index (hits, i)));
  json_object_set_array_member (body, "clusters", rows);
  /* Beyond the total: 200, an empty list and no nextPageToken at all. */
  if (skip == 0 || skip < hits->len)
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
  if (call->sim->record_wire && call->request_json == NULL)
    call->request_json = json_node_copy (root);
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

static JsonObject *plc_insert (LwSimServer *sim, JsonObject *cluster, const char *display_name,
                               const char *type, const char *name, const char *created_by);

static void
create_connection (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);
  g_autoptr(JsonObject) body = NULL;
  JsonObject *in, *in_eps, *plc;
  const char *display_name, *type, *name, *body_cluster;
  GPtrArray *plcs;
  g_autofree char *created_by = NULL;

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

  if (display_name == NULL || *display_name == '\0')
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "displayName is required (at most 64 characters)");
      return;
    }
  {
    /* The rule of data/api-string-rules.json (issue 16). */
    g_autofree char *bad = lw_sim_strings_check_value ("tidb", "CreatePrivateLinkConnection", "displayName", display_name);
    if (bad != NULL)
      {
        tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "%s", bad);
        return;
      }
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

  created_by = g_strdup_printf ("apikey-%s", call->public_key);
  plc = plc_insert (call->sim, cluster, display_name, type, name, created_by);

  g_clear_pointer (&call->reply, json_node_unref);
  call->reply = lw_sim_public_node (plc);
  call->status = 200;
}

/* A new connection, CREATING until conn.create has asked the endpoint service for an endpoint. */
static JsonObject *
plc_insert (LwSimServer *sim,
            JsonObject  *cluster,
            const char  *display_name,
            const char  *type,
            const char  *name,
            const char  *created_by)
{
  g_autofree char *id = lw_sim_new_id (sim, "plc-");
  g_autofree char *now = lw_sim_now_iso ();
  JsonObject *plc, *eps;

  plc = json_object_new ();
  json_object_set_string_member (plc, "privateLinkConnectionId", id);
  json_object_set_string_member (plc, "clusterId", str (cluster, "clusterId"));
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
  plc = lw_sim_res_add (sim, "tidb-connection", plc, NULL);
  lw_sim_schedule (sim, "conn.create", plc_created, g_strdup (id), g_free);
  return plc;
}

/* What a user does in the TiDB Cloud console (Settings → Networking → Create Private Link
 * Connection): not an API call, so no API fault applies. The same rules as the API's create. */
char *
lw_sim_server_tidb_console_connect (LwSimServer  *sim,
                                    const char   *cluster_id,
                                    const char   *service_name,
                                    GError      **error)
{
  JsonArray *clusters = json_object_get_array_member (sim->tidb, "clusters");
  JsonObject *cluster = NULL, *plc;
  GPtrArray *plcs;
  g_autofree char *display_name = NULL;

  for (guint i = 0; clusters && i < json_array_get_length (clusters); i++)
    if (g_strcmp0 (str (json_array_get_object_element (clusters, i), "clusterId"), cluster_id) == 0)
      cluster = json_array_get_object_element (clusters, i);
  if (cluster == NULL || g_strcmp0 (str (cluster, "state"), "ACTIVE") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No active cluster %s", cluster_id ? cluster_id : "");
      return NULL;
    }
  if (service_name == NULL || !g_str_has_prefix (service_name, "com.aliyuncs.privatelink."))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not an endpoint service name");
      return NULL;
    }
  plcs = lw_sim_res_list (sim, "tidb-connection");
  for (guint i = 0; i < plcs->len; i++)
    {
      JsonObject *other = g_ptr_array_index (plcs, i);
      JsonObject *other_eps = json_object_get_object_member (other, "alicloudEndpointService");

      if (g_strcmp0 (str (other, "clusterId"), cluster_id) == 0 && g_strcmp0 (str (other_eps, "name"), service_name) == 0 &&
          g_strcmp0 (str (other, "state"), "FAILED") != 0 && g_strcmp0 (str (other, "state"), "DELETING") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "A connection to %s exists", service_name);
          return NULL;
        }
    }
  display_name = g_strdup_printf ("console-%u", plcs->len + 1);
  plc = plc_insert (sim, cluster, display_name, "ALICLOUD_ENDPOINT_SERVICE", service_name, "console");
  return g_strdup (str (plc, "privateLinkConnectionId"));
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

/* A JSON integer member (never a string: "3306" is refused), or -1. */
static gint64
member_int (JsonObject *obj,
            const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return -1;
}

static gint64
rds_port (JsonObject *inst)
{
  JsonNode *node = json_object_get_member (inst, "Port");

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 3306;
}

/* The simulated MySQL server behind @inst: TLS, then the login. TLS: an RDS instance accepts TLS
 * connections unless its seed says "SSLEnabled": false (then enableTls true fails), and accepts plain
 * ones unless it says "RequireSecureTransport": true (then enableTls false fails); the demo world's
 * instances accept both. */
static void
mysql_login (TidbCall   *call,
             JsonObject *inst,
             const char *user,
             const char *password,
             gboolean    tls)
{
  gboolean user_ok = FALSE;

  if (inst != NULL && tls && !json_object_get_boolean_member_with_default (inst, "SSLEnabled", TRUE))
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "MYSQL_TLS_UNAVAILABLE",
                  "TLS was requested, but the MySQL server %s does not support SSL connections",
                  str (inst, "DBInstanceId"));
      return;
    }
  if (inst != NULL && !tls && json_object_get_boolean_member_with_default (inst, "RequireSecureTransport", FALSE))
    {
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "MYSQL_INSECURE_TRANSPORT",
                  "Connections using insecure transport are prohibited while --require_secure_transport=ON");
      return;
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

/* networkType PUBLIC: the simulator has no Internet; a public endpoint "host:port" is reachable when
 * it is a Running seeded RDS instance's IPAddress and Port (the demo addresses stand in for public
 * ones; the RDS whitelist is not modelled for public access). */
static void
test_public (TidbCall   *call,
             const char *endpoint,
             const char *user,
             const char *password,
             gboolean    tls)
{
  const char *colon = endpoint ? strrchr (endpoint, ':') : NULL;
  g_autofree char *host = NULL;
  guint64 port = 0;

  if (colon == NULL || colon == endpoint ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "sink.mysql.network.publicEndpoint must be host:port for networkType PUBLIC");
      return;
    }
  host = g_strndup (endpoint, colon - endpoint);
  for (guint i = 0; i < call->sim->rds->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (call->sim->rds, i);

      if (g_strcmp0 (str (inst, "IPAddress"), host) == 0 && rds_port (inst) == (gint64) port &&
          g_strcmp0 (str (inst, "DBInstanceStatus"), "Running") == 0)
        {
          mysql_login (call, inst, user, password, tls);
          return;
        }
    }
  tidb_error (call, 400, RPC_FAILED_PRECONDITION, "CONNECTION_REFUSED",
              "dial tcp %s: connection refused", endpoint);
}

/* changefeeds:test (ChangefeedService_TestChangefeed). The body is {"sink": SinkInfo} and nothing else:
 * an unknown member — e.g. a {"changefeed": …} wrapper — is 400 INVALID_ARGUMENT, as a protojson
 * decoder refuses unknown fields. SinkInfo as the definition has it:
 * {"type":"MYSQL","mysql":{"network":{"networkType":"PRIVATE_LINK","privateLink":{"privateLinkConnectionId":"plc-…",
 *  "port":3306}} | {"networkType":"PUBLIC","publicEndpoint":"host:port"},
 *  "authentication":{"userName":"…","password":"…","enableTls":false}}}
 * port must be a JSON integer and enableTls a boolean. Success is 200 with {}; each failure of the
 * path is 400 FAILED_PRECONDITION with an ErrorInfo reason (ours: the definition lists none). */
static void
test_changefeed (TidbCall *call)
{
  JsonObject *cluster = find_cluster (call, call->segments[1]);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *sink, *mysql, *network, *pl, *auth, *plc, *eps, *conn, *svc, *lb = NULL;
  JsonObject *listener = NULL, *sg, *healthy = NULL, *inst = NULL;
  LwSimSourceKind kind = LW_SIM_SOURCE_RDS;
  JsonNode *tls_node;
  const char *plc_id, *user, *password, *network_type;
  gint64 port;
  gboolean tls = FALSE;
  JsonArray *res, *mappings;
  GPtrArray *listeners, *servers;

  if (cluster == NULL || (body = parse_body (call)) == NULL)
    return;
  members = json_object_get_members (body);
  for (GList *l = members; l; l = l->next)
    if (strcmp (l->data, "sink") != 0)
      {
        tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "proto: unknown field \"%s\" in the request body",
                    (const char *) l->data);
        return;
      }
  sink = member_object (body, "sink");
  mysql = member_object (sink, "mysql");
  network = member_object (mysql, "network");
  auth = member_object (mysql, "authentication");
  network_type = member_string (network, "networkType");
  user = member_string (auth, "userName");
  password = member_string (auth, "password");
  tls_node = auth ? json_object_get_member (auth, "enableTls") : NULL;

  if (g_strcmp0 (member_string (sink, "type"), "MYSQL") != 0 || network_type == NULL ||
      user == NULL || password == NULL)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "sink.type MYSQL with sink.mysql.network (networkType) and authentication (userName, password) "
                  "is required");
      return;
    }
  if (tls_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (tls_node) || json_node_get_value_type (tls_node) != G_TYPE_BOOLEAN)
        {
          tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL, "sink.mysql.authentication.enableTls must be a boolean");
          return;
        }
      tls = json_node_get_boolean (tls_node);
    }
  if (strcmp (network_type, "PUBLIC") == 0)
    {
      test_public (call, member_string (network, "publicEndpoint"), user, password, tls);
      return;
    }
  if (strcmp (network_type, "PRIVATE_LINK") != 0)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "sink.mysql.network.networkType must be PUBLIC or PRIVATE_LINK, not %s", network_type);
      return;
    }
  pl = member_object (network, "privateLink");
  plc_id = member_string (pl, "privateLinkConnectionId");
  port = member_int (pl, "port");
  if (plc_id == NULL || port < 1 || port > 65535)
    {
      tidb_error (call, 400, RPC_INVALID_ARGUMENT, NULL,
                  "sink.mysql.network.privateLink needs privateLinkConnectionId and port (an integer 1-65535)");
      return;
    }

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
                  "connection timed out: the load balancer has no healthy backend (is the source IP and port right, and does it let the load balancer in?)");
      return;
    }
  {
    g_autoptr(GPtrArray) cidrs = lw_sim_nlb_group_cidrs (call->sim, str (sg, "ServerGroupId"));
    lw_sim_source_healthy (call->sim, str (healthy, "ServerIp"), json_object_get_int_member (healthy, "Port"),
                           str (sg, "VpcId"), cidrs, &inst, &kind);
  }

  /* With client IP preservation off, RDS sees the NLB's addresses in its vSwitches (a PolarDB or
   * ECS source that does not let them in is no healthy backend at all: lw-sim-sources.c). */
  mappings = json_object_get_array_member (lb, "ZoneMappings");
  for (guint m = 0; inst && kind == LW_SIM_SOURCE_RDS && mappings && m < json_array_get_length (mappings); m++)
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
  mysql_login (call, inst, user, password, tls);
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
    case LW_SIM_FAULT_API_VERSION:
      /* Assumption (no official example exists): how TiDB Cloud refuses a v1beta1 call for an
       * Essential cluster on a newer version that speaks v1beta2 only. See README.md. */
      tidb_error (call, 400, RPC_FAILED_PRECONDITION, "API_VERSION_NOT_SUPPORTED",
                  "This API version is not supported for this cluster, please use v1beta2.");
      return TRUE;
    case LW_SIM_FAULT_CREATE_FAILED:
    case LW_SIM_FAULT_DROP:
    case LW_SIM_FAULT_TIMEOUT:
    default:
      return FALSE;
    }
}

/* The wire record (lw_sim_server_set_record_wire): "query" (name -> value as received), "body" (the
 * parsed JSON body, when there was one, with the MySQL password replaced: secrets stay out of the
 * call log) and "response" (the JSON answer). */
static void
record_wire (JsonObject *entry,
             TidbCall   *call,
             GHashTable *query)
{
  JsonObject *q = json_object_new ();

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &k, &v))
        json_object_set_string_member (q, k, v);
    }
  json_object_set_object_member (entry, "query", q);
  if (call->request_json != NULL)
    {
      JsonNode *body = json_node_copy (call->request_json);
      JsonObject *auth = NULL;

      if (JSON_NODE_HOLDS_OBJECT (body))
        auth = member_object (member_object (member_object (json_node_get_object (body), "sink"), "mysql"),
                              "authentication");
      if (member_string (auth, "password") != NULL)
        json_object_set_string_member (auth, "password", "(redacted)");
      json_object_set_member (entry, "body", body);
    }
  if (call->reply != NULL)
    json_object_set_member (entry, "response", json_node_copy (call->reply));
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
  call.iam = g_strcmp0 (call.segments[0], "projects") == 0;

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
      JsonNode *code_node = obj ? json_object_get_member (obj, "code") : NULL;
      g_autofree char *code = NULL;
      JsonObject *entry;

      if (call.status != 200 && code_node && JSON_NODE_HOLDS_VALUE (code_node))
        code = json_node_get_value_type (code_node) == G_TYPE_STRING
               ? g_strdup (json_node_get_string (code_node))
               : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (code_node));
      entry = lw_sim_log_call (sim, "TiDB", call.pattern, call.operation, call.public_key, call.status, code);
      if (sim->record_wire && entry != NULL)
        record_wire (entry, &call, query);
    }

  {
    /* An opaque per-request trace ID, as the real service sends (hex digits). */
    char trace[33];
    for (guint i = 0; i < 32; i++)
      trace[i] = "0123456789abcdef"[g_random_int_range (0, 16)];
    trace[32] = '\0';
    soup_message_headers_replace (response_headers, "X-Debug-Trace-Id", trace);
  }
  *reply = g_steal_pointer (&call.reply);
  *operation = g_steal_pointer (&call.operation);
  g_strfreev (call.segments);
  g_free (call.pattern);
  g_clear_pointer (&call.request_json, json_node_unref);
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
