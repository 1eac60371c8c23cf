/* test-tidb.c — simulated TiDB Cloud: digest auth, rate limit, clusters, private link connections
 * linked to the Alibaba side, changefeeds:test verdicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "sim-test-util.h"
#include "lw-sim-private.h"

#define CLUSTER "10000000000000000001"
#define PLC_PATH "/v1beta1/clusters/" CLUSTER "/privateLinkConnections"

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

static void
test_digest (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *uri = g_strconcat (t->url, "/v1beta1/projects", NULL);
  g_autoptr(SoupMessage) raw = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) projects = NULL;
  g_autoptr(JsonNode) denied = NULL;
  const char *challenge;
  JsonObject *p;
  guint status;

  /* Without credentials: a Digest challenge, MD5 with qop=auth. */
  body = sim_send (t, raw, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  challenge = soup_message_headers_get_one (soup_message_get_response_headers (raw), "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Digest "));
  g_assert_nonnull (strstr (challenge, "qop=\"auth\""));
  g_assert_nonnull (strstr (challenge, "algorithm=MD5"));

  /* With the key: 401 first, the session answers the challenge, then 200. */
  projects = sim_tidb (t, "GET", "/v1beta1/projects", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (t->auth_prompts, ==, 1);
  p = json_array_get_object_element (json_object_get_array_member (json_node_get_object (projects), "projects"), 0);
  g_assert_cmpstr (json_object_get_string_member (p, "id"), ==, "1372813089209061");
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "Demo project");
  g_assert_true (json_object_has_member (p, "org_id"));
  g_assert_true (json_object_has_member (p, "cluster_count"));

  {
    g_autoptr(SimTest) t2 = sim_test_new ("instant", 1.0, NULL);
    t2->tidb_password = "wrong";
    denied = sim_tidb (t2, "GET", "/v1beta1/projects", NULL, &status);
    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpuint (lw_sim_server_count_calls (t2->sim, NULL), ==, 0);
  }
}

static void
test_rate_limit (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *uri = g_strconcat (t->url, "/v1beta1/clusters/" CLUSTER, NULL);
  guint status = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(JsonNode) n = sim_tidb (t, "GET", "/v1beta1/clusters/" CLUSTER, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
    }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) body = NULL;
    SoupMessageHeaders *h;

    g_signal_connect_swapped (msg, "authenticate", G_CALLBACK (soup_auth_authenticate), NULL);
    /* The session pre-authenticates now: no new challenge. */
    body = sim_send (t, msg, &status, NULL);
    g_assert_cmpuint (status, ==, 429);
    h = soup_message_get_response_headers (msg);
    g_assert_cmpstr (soup_message_headers_get_one (h, "X-Ratelimit-Limit-Minute"), ==, "100");
    g_assert_cmpstr (soup_message_headers_get_one (h, "X-Ratelimit-Remaining-Minute"), ==, "0");
    g_assert_nonnull (soup_message_headers_get_one (h, "X-Ratelimit-Reset"));
    g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "49900007"));
  }
}

static void
test_clusters (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(JsonNode) list = NULL, none = NULL, bad = NULL, cluster = NULL, missing = NULL, zones = NULL;
  JsonObject *c;
  guint status;

  list = sim_tidb (t, "GET", "/v1beta1/clusters?filter=region.provider%3D%22alicloud%22%20AND%20state%3D%22ACTIVE%22&pageSize=10",
                   NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "totalSize"), ==, 1);
  c = json_array_get_object_element (json_object_get_array_member (json_node_get_object (list), "clusters"), 0);
  g_assert_cmpstr (json_object_get_string_member (c, "displayName"), ==, "demo-essential");
  g_assert_cmpstr (json_object_get_string_member (c, "clusterPlan"), ==, "ESSENTIAL");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "region"), "regionId"), ==,
                   "alicloud-cn-hangzhou");

  none = sim_tidb (t, "GET", "/v1beta1/clusters?filter=state%3D%22PAUSED%22", NULL, &status);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (none), "totalSize"), ==, 0);
  bad = sim_tidb (t, "GET", "/v1beta1/clusters?filter=nonsense", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (bad), "code"), ==, 3);

  cluster = sim_tidb (t, "GET", "/v1beta1/clusters/" CLUSTER, NULL, &status);
  g_assert_cmpstr (member (cluster, "state"), ==, "ACTIVE");
  g_assert_false (json_object_has_member (json_node_get_object (cluster), "azIds"));
  missing = sim_tidb (t, "GET", "/v1beta1/clusters/42", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (missing), "code"), ==, 5);
  g_assert_true (json_object_has_member (json_node_get_object (missing), "details"));

  zones = sim_tidb (t, "GET", PLC_PATH ":getAvailabilityZones", NULL, &status);
  g_assert_cmpstr (member (zones, "accountId"), ==, "5000000000000001");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (zones), "azIds")), ==, 2);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "tidb:GetAvailabilityZones"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_calls (t->sim, "tidb:GET /v1beta1/clusters/{clusterId}"), ==, 2);
}

static char *
create_plc (SimTest    *t,
            const char *service_name,
            guint      *status)
{
  g_autofree char *body = g_strdup_printf ("{\"privateLinkConnection\":{\"clusterId\":\"" CLUSTER "\","
                                           "\"displayName\":\"lw-test\",\"type\":\"ALICLOUD_ENDPOINT_SERVICE\","
                                           "\"alicloudEndpointService\":{\"name\":\"%s\"}}}", service_name);
  g_autoptr(JsonNode) plc = sim_tidb (t, "POST", PLC_PATH, body, status);

  if (*status != 200)
    {
      g_autofree char *text = plc ? json_to_string (plc, FALSE) : g_strdup ("(empty)");
      g_test_message ("create: %u %s", *status, text);
      return NULL;
    }
  g_assert_cmpstr (member (plc, "state"), ==, "CREATING");
  return g_strdup (member (plc, "privateLinkConnectionId"));
}

static JsonNode *
poll_plc (SimTest    *t,
          const char *id,
          const char *state)
{
  g_autofree char *path = g_strdup_printf (PLC_PATH "/%s", id);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      guint status;
      JsonNode *plc = sim_tidb (t, "GET", path, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
      if (g_strcmp0 (member (plc, "state"), state) == 0)
        return plc;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      json_node_unref (plc);
      g_main_context_iteration (NULL, FALSE);
    }
}

static guint
changefeed_test (SimTest    *t,
                 const char *plc,
                 guint       port,
                 const char *password,
                 char      **reason)
{
  g_autofree char *body = g_strdup_printf ("{\"sink\":{\"type\":\"MYSQL\",\"mysql\":{\"network\":{\"networkType\":\"PRIVATE_LINK\","
                                           "\"privateLink\":{\"privateLinkConnectionId\":\"%s\",\"port\":%u}},"
                                           "\"authentication\":{\"userName\":\"lw_check\",\"password\":\"%s\"}}}}",
                                           plc, port, password);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  reply = sim_tidb (t, "POST", "/v1beta1/clusters/" CLUSTER "/changefeeds:test", body, &status);
  if (reason)
    {
      JsonArray *details = json_object_get_array_member (json_node_get_object (reply), "details");
      *reason = details && json_array_get_length (details)
                ? g_strdup (json_object_get_string_member (json_array_get_object_element (details, 0), "reason"))
                : NULL;
    }
  return status;
}

static char *
accept_connection (SimTest    *t,
                   const char *svc,
                   const char *endpoint_id)
{
  guint status;
  JsonObject *r, *conn;

  r = sim_rpc (t, V_PL, "ListVpcEndpointConnections", &status, "RegionId", "cn-hangzhou", "ServiceId", svc,
               "EndpointOwnerId", "5000000000000001", NULL);
  g_assert_cmpstr (json_object_get_string_member_with_default (r, "Code", "no error"), ==, "no error");
  g_assert_cmpstr (json_object_get_string_member (r, "TotalCount"), ==, "1");
  conn = json_array_get_object_element (json_object_get_array_member (r, "Connections"), 0);
  g_assert_cmpstr (json_object_get_string_member (conn, "ConnectionStatus"), ==, "Disconnected");
  g_assert_cmpint (json_object_get_int_member (conn, "EndpointOwnerId"), ==, 5000000000000001);
  g_assert_cmpstr (json_object_get_string_member (conn, "EndpointId"), ==, endpoint_id);
  json_object_unref (r);

  r = sim_rpc (t, V_PL, "EnableVpcEndpointConnection", &status, "RegionId", "cn-hangzhou", "ServiceId", svc,
               "EndpointId", endpoint_id, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  return sim_take_string (sim_poll_until (t, V_PL, "ListVpcEndpointConnections", "EndpointId", endpoint_id,
                                          "Connections.0.ConnectionStatus", "Connected"), "RequestId");
}

static void
test_full_flow (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *name = NULL, *svc = NULL, *plc = NULL, *reason = NULL, *endpoint = NULL, *path = NULL;
  g_autoptr(JsonNode) pending = NULL, active = NULL, list = NULL, deleting = NULL, dup = NULL;
  JsonObject *r;
  guint status;

  svc = sim_build_service (t, "172.16.2.10", &name, NULL);
  plc = create_plc (t, name, &status);
  g_assert_nonnull (plc);

  /* Only one live connection per service per cluster. */
  g_free (create_plc (t, name, &status));
  g_assert_cmpuint (status, ==, 409);

  pending = poll_plc (t, plc, "PENDING_ACCEPTANCE");
  endpoint = g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (pending),
                                                                                     "alicloudEndpointService"),
                                                      "endpointId"));
  g_assert_true (g_str_has_prefix (endpoint, "ep-"));
  g_assert_cmpuint (changefeed_test (t, plc, 3306, "lw-demo-mysql-password", &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "PRIVATE_LINK_CONNECTION_NOT_ACTIVE");
  g_clear_pointer (&reason, g_free);

  g_free (accept_connection (t, svc, endpoint));
  active = poll_plc (t, plc, "ACTIVE");

  g_assert_cmpuint (changefeed_test (t, plc, 3306, "lw-demo-mysql-password", NULL), ==, 200);
  g_assert_cmpuint (changefeed_test (t, plc, 3306, "wrong", &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "MYSQL_ACCESS_DENIED");
  g_clear_pointer (&reason, g_free);
  g_assert_cmpuint (changefeed_test (t, plc, 3307, "lw-demo-mysql-password", &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "CONNECTION_REFUSED");

  list = sim_tidb (t, "GET", PLC_PATH "?state=ACTIVE&pageSize=5", NULL, &status);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "totalSize"), ==, 1);

  /* The service cannot go while the connection is up. */
  r = sim_rpc (t, V_PL, "DeleteVpcEndpointService", &status, "RegionId", "cn-hangzhou", "ServiceId", svc, NULL);
  g_assert_cmpstr (sim_code (r), ==, "EndpointServiceConnectionDependence");
  json_object_unref (r);

  /* Deleting the TiDB side removes its endpoint; then the service can be deleted. */
  path = g_strdup_printf (PLC_PATH "/%s", plc);
  deleting = sim_tidb (t, "DELETE", path, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (member (deleting, "state"), ==, "DELETING");
  r = sim_poll_until (t, V_PL, "ListVpcEndpointConnections", "ServiceId", svc, "TotalCount", "0");
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "tidb-connection"), ==, 0);
  r = sim_rpc (t, V_PL, "DeleteVpcEndpointService", &status, "RegionId", "cn-hangzhou", "ServiceId", svc, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "endpoint-connection"), ==, 1);
  g_assert_cmpuint (lw_sim_server_count_created (t->sim, "tidb-connection"), ==, 1);
}

static void
test_failed_connections (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *name = NULL, *svc = NULL, *plc = NULL, *plc2 = NULL;
  g_autoptr(JsonNode) failed = NULL, failed2 = NULL, bad = NULL;
  JsonObject *r;
  guint status;

  plc = create_plc (t, "com.aliyuncs.privatelink.cn-hangzhou.epsrv-doesnotexist", &status);
  failed = poll_plc (t, plc, "FAILED");
  g_assert_nonnull (strstr (member (failed, "message"), "does not exist"));

  svc = sim_build_service (t, "172.16.2.10", &name, NULL);
  r = sim_rpc (t, V_PL, "RemoveUserFromVpcEndpointService", &status, "RegionId", "cn-hangzhou",
               "ServiceId", svc, "UserId", "5000000000000001", NULL);
  json_object_unref (r);
  plc2 = create_plc (t, name, &status);
  failed2 = poll_plc (t, plc2, "FAILED");
  g_assert_nonnull (strstr (member (failed2, "message"), "whitelist"));
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "endpoint-connection"), ==, 0);

  bad = sim_tidb (t, "POST", PLC_PATH, "{\"privateLinkConnection\":{\"displayName\":\"x\",\"type\":\"GCP\"}}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&bad, json_node_unref);
  bad = sim_tidb (t, "POST", PLC_PATH, "not json", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&bad, json_node_unref);
  bad = sim_tidb (t, "GET", PLC_PATH "/plc-missing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&bad, json_node_unref);
  bad = sim_tidb (t, "GET", "/v1beta1/nothing", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_changefeed_whitelist (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *name = NULL, *svc = NULL, *plc = NULL, *reason = NULL, *endpoint = NULL;
  g_autoptr(JsonNode) pending = NULL, active = NULL;
  JsonObject *r;
  guint status;

  /* rm-bp1demomysql0002 only allows 127.0.0.1. */
  svc = sim_build_service (t, "172.16.1.20", &name, NULL);
  plc = create_plc (t, name, &status);
  pending = poll_plc (t, plc, "PENDING_ACCEPTANCE");
  endpoint = g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (pending),
                                                                                     "alicloudEndpointService"),
                                                      "endpointId"));
  g_free (accept_connection (t, svc, endpoint));
  active = poll_plc (t, plc, "ACTIVE");

  g_assert_cmpuint (changefeed_test (t, plc, 3306, "lw-demo-mysql-password", &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "MYSQL_HOST_NOT_ALLOWED");

  r = sim_rpc (t, V_RDS, "ModifySecurityIps", &status, "DBInstanceId", "rm-bp1demomysql0002",
               "SecurityIps", "172.16.2.0/24,172.16.3.0/24", "DBInstanceIPArrayName", "linkwright",
               "ModifyMode", "Append", NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  r = sim_rpc (t, V_RDS, "DescribeDBInstanceIPArrayList", &status, "DBInstanceId", "rm-bp1demomysql0002", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (r, "Items"),
                                                                         "DBInstanceIPArray")), ==, 2);
  json_object_unref (r);
  g_assert_cmpuint (changefeed_test (t, plc, 3306, "lw-demo-mysql-password", NULL), ==, 200);
}

/* Issue 11: the iam host's errors are api.OpenApiError {code (string), error, msgPrefix, status}. */
static void
test_iam_error_shape (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) denied = NULL, cluster_error = NULL;
  JsonObject *o;
  guint status;

  g_assert_true (lw_sim_server_add_faults (t->sim, "tidb:ListProjects:error=Forbidden.Iam", &error));
  denied = sim_tidb (t, "GET", "/v1beta1/projects", NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  o = json_node_get_object (denied);
  g_assert_cmpstr (json_object_get_string_member (o, "code"), ==, "Forbidden.Iam");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "error")));
  g_assert_nonnull (json_object_get_string_member (o, "msgPrefix"));
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 403);
  g_assert_false (json_object_has_member (o, "message"));
  g_assert_false (json_object_has_member (o, "details"));

  /* The serverless host keeps google.rpc Status. */
  cluster_error = sim_tidb (t, "GET", "/v1beta1/clusters/42", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_true (json_node_get_value_type (json_object_get_member (json_node_get_object (cluster_error), "code")) == G_TYPE_INT64);
}

static guint
list_status (SimTest    *t,
             const char *query,
             JsonNode  **out)
{
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters?%s", query);
  guint status;

  *out = sim_tidb (t, "GET", path, NULL, &status);
  return status;
}

static guint
list_total (JsonNode *list)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (list), "clusters"));
}

/* Issue 11: the official filter keys with comma-separated lists, orderBy, skip, pageSize; no
 * unofficial region.cloudProvider. */
static void
test_cluster_filters (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  JsonArray *clusters = json_object_get_array_member (t->sim->tidb, "clusters");
  JsonObject *second = json_object_new ();
  JsonNode *list = NULL;

  /* A second cluster: "aaa-starter", PAUSED, on AWS in another project. */
  json_object_set_string_member (second, "clusterId", "10000000000000000002");
  json_object_set_string_member (second, "displayName", "aaa-starter");
  json_object_set_string_member (second, "state", "PAUSED");
  json_object_set_object_member (second, "region", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (second, "region"), "cloudProvider", "aws");
  json_object_set_string_member (json_object_get_object_member (second, "region"), "name", "regions/aws-us-east-1");
  json_object_set_object_member (second, "labels", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (second, "labels"), "tidb.cloud/project", "42");
  json_array_add_object_element (clusters, second);

  g_assert_cmpuint (list_status (t, "filter=region.cloudProvider%3D%22alicloud%22", &list), ==, 400);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "code"), ==, 3);
  g_clear_pointer (&list, json_node_unref);

  g_assert_cmpuint (list_status (t, "filter=region.provider%3D%22alicloud%2Caws%22", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "filter=clusterId%3D10000000000000000002%2C99", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "filter=projectId%3D1372813089209061%2C42%20AND%20state%3D%22PAUSED%22", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "filter=labels.tidb.cloud%2Fproject%3D%2242%22%20AND%20displayName%3D%22aaa-starter%22", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 1);
  g_clear_pointer (&list, json_node_unref);

  /* orderBy: seed order is demo-essential, aaa-starter. */
  g_assert_cmpuint (list_status (t, "orderBy=displayName", &list), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (list), "clusters"), 0), "displayName"), ==, "aaa-starter");
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "orderBy=displayName%20desc", &list), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (list), "clusters"), 0), "displayName"), ==, "demo-essential");
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "orderBy=nonsense", &list), ==, 400);
  g_clear_pointer (&list, json_node_unref);

  /* skip, pageSize (default 10, at most 100). */
  g_assert_cmpuint (list_status (t, "skip=1&pageSize=1000", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "totalSize"), ==, 2);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "skip=5", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 0);
  g_assert_false (json_object_has_member (json_node_get_object (list), "nextPageToken"));
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpuint (list_status (t, "pageSize=1", &list), ==, 200);
  g_assert_cmpuint (list_total (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (list), "nextPageToken"), !=, "");
  g_clear_pointer (&list, json_node_unref);
}

static guint
changefeed_raw (SimTest    *t,
                const char *body,
                char      **reason)
{
  g_autoptr(JsonNode) reply = NULL;
  guint status;
  JsonArray *details;

  reply = sim_tidb (t, "POST", "/v1beta1/clusters/" CLUSTER "/changefeeds:test", body, &status);
  details = json_object_has_member (json_node_get_object (reply), "details")
            ? json_object_get_array_member (json_node_get_object (reply), "details") : NULL;
  if (reason)
    *reason = details && json_array_get_length (details)
              ? g_strdup (json_object_get_string_member (json_array_get_object_element (details, 0), "reason"))
              : NULL;
  if (status != 200)
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (reply), "code"), >, 0);
  return status;
}

#define PUBLIC_BODY(endpoint, tls) \
  "{\"sink\":{\"type\":\"MYSQL\",\"mysql\":{\"network\":{\"networkType\":\"PUBLIC\",\"publicEndpoint\":\"" endpoint "\"}," \
  "\"authentication\":{\"userName\":\"lw_check\",\"password\":\"lw-demo-mysql-password\"" tls "}}}}"

/* Issue 11: no {"changefeed"} wrapper, PUBLIC and PRIVATE_LINK, enableTls honoured, port an integer. */
static void
test_changefeed_shapes (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  JsonObject *inst = g_ptr_array_index (t->sim->rds, 0);
  char *reason = NULL;

  g_assert_cmpstr (json_object_get_string_member (inst, "DBInstanceId"), ==, "rm-bp1demomysql0001");
  g_assert_cmpuint (changefeed_raw (t, "{\"changefeed\":" PUBLIC_BODY ("172.16.2.10:3306", "") "}", NULL), ==, 400);
  g_assert_cmpuint (changefeed_raw (t, "{\"sink\":{\"type\":\"MYSQL\",\"mysql\":{\"network\":{\"networkType\":\"PRIVATE_LINK\","
                                       "\"privateLink\":{\"privateLinkConnectionId\":\"plc-x\",\"port\":\"3306\"}},"
                                       "\"authentication\":{\"userName\":\"u\",\"password\":\"p\"}}}}", NULL), ==, 400);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":\"yes\""), NULL), ==, 400);

  /* PUBLIC: the demo RDS accepts TLS and plain connections. */
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ""), NULL), ==, 200);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":true"), NULL), ==, 200);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":false"), NULL), ==, 200);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.9.9:3306", ""), &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "CONNECTION_REFUSED");
  g_clear_pointer (&reason, g_free);

  /* An instance without SSL refuses TLS; one requiring secure transport refuses plain connections. */
  json_object_set_boolean_member (inst, "SSLEnabled", FALSE);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":true"), &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "MYSQL_TLS_UNAVAILABLE");
  g_clear_pointer (&reason, g_free);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":false"), NULL), ==, 200);
  json_object_set_boolean_member (inst, "SSLEnabled", TRUE);
  json_object_set_boolean_member (inst, "RequireSecureTransport", TRUE);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":false"), &reason), ==, 400);
  g_assert_cmpstr (reason, ==, "MYSQL_INSECURE_TRANSPORT");
  g_clear_pointer (&reason, g_free);
  g_assert_cmpuint (changefeed_raw (t, PUBLIC_BODY ("172.16.2.10:3306", ",\"enableTls\":true"), NULL), ==, 200);
}

/* An ACTIVE private link connection to a new endpoint service whose NLB backend is @ip:3306. */
static char *
active_plc_for (SimTest    *t,
                const char *ip)
{
  g_autofree char *name = NULL, *svc = NULL, *plc = NULL, *endpoint = NULL;
  g_autoptr(JsonNode) pending = NULL, active = NULL;
  guint status;

  svc = sim_build_service (t, ip, &name, NULL);
  plc = create_plc (t, name, &status);
  g_assert_nonnull (plc);
  pending = poll_plc (t, plc, "PENDING_ACCEPTANCE");
  endpoint = g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (pending),
                                                                                     "alicloudEndpointService"),
                                                      "endpointId"));
  g_free (accept_connection (t, svc, endpoint));
  active = poll_plc (t, plc, "ACTIVE");
  return g_steal_pointer (&plc);
}

static void
assert_changefeed (SimTest    *t,
                   const char *plc,
                   const char *want_reason /* NULL: success */)
{
  g_autofree char *reason = NULL;
  guint status = changefeed_test (t, plc, 3306, "lw-demo-mysql-password", want_reason ? &reason : NULL);

  if (want_reason == NULL)
    g_assert_cmpuint (status, ==, 200);
  else
    {
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (reason, ==, want_reason);
    }
}

/* issue 15: a PolarDB cluster endpoint and an ECS private IP behind the NLB are sources like an RDS
 * address: the backend is healthy only when the source is Running and lets the load balancer's
 * vSwitch CIDRs in (PolarDB whitelist; ECS accept ingress rule on the port), and drift moves them. */
static void
test_changefeed_sources (void)
{
  g_autoptr(SimTest) t = sim_test_new ("instant", 1.0, NULL);
  g_autofree char *polar = NULL, *polar_fix = NULL, *ecs = NULL, *ecs_fix = NULL;
  g_autoptr(JsonObject) rules = NULL;
  JsonObject *r;
  JsonArray *perms;
  const char *rule_id = NULL;
  guint status;

  polar = active_plc_for (t, "172.16.2.30");
  assert_changefeed (t, polar, NULL);
  polar_fix = active_plc_for (t, "172.16.1.40");
  assert_changefeed (t, polar_fix, "BACKEND_UNHEALTHY");
  ecs = active_plc_for (t, "172.16.2.60");
  assert_changefeed (t, ecs, NULL);
  ecs_fix = active_plc_for (t, "172.16.1.60");
  assert_changefeed (t, ecs_fix, "BACKEND_UNHEALTHY");

  /* The fixes: a whitelist group for the VPC, an accept rule on 3306 per vSwitch CIDR. */
  r = sim_rpc_full (t, &(SimRpcOpts) { .v1 = TRUE, .in_body = TRUE }, V_POLARDB, "ModifyDBClusterAccessWhitelist",
                    &status, (const char *[]) { "DBClusterId", "pc-bp1demopolar0002", "DBClusterIPArrayName", "lwtest01",
                                                "SecurityIps", "172.16.2.0/24,172.16.3.0/24", NULL });
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  assert_changefeed (t, polar_fix, NULL);
  r = sim_rpc (t, V_ECS, "AuthorizeSecurityGroup", &status, "RegionId", "cn-hangzhou",
               "SecurityGroupId", "sg-bp1demoecsnorule1", "ClientToken", "lw-test-rule-1",
               "Permissions.1.IpProtocol", "TCP", "Permissions.1.PortRange", "3306/3306",
               "Permissions.1.SourceCidrIp", "172.16.2.0/24", "Permissions.1.Policy", "accept",
               "Permissions.1.Priority", "1", "Permissions.1.Description", "lw-test", NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  /* One of the two vSwitches is not enough. */
  assert_changefeed (t, ecs_fix, "BACKEND_UNHEALTHY");
  r = sim_rpc (t, V_ECS, "AuthorizeSecurityGroup", &status, "RegionId", "cn-hangzhou",
               "SecurityGroupId", "sg-bp1demoecsnorule1", "Permissions.1.IpProtocol", "tcp",
               "Permissions.1.PortRange", "3306/3306", "Permissions.1.SourceCidrIp", "172.16.3.0/24",
               "Permissions.1.Description", "lw-test", NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  assert_changefeed (t, ecs_fix, NULL);
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 2);

  /* Revoking one rule makes the backend unhealthy again. */
  rules = sim_rpc (t, V_ECS, "DescribeSecurityGroupAttribute", &status, "RegionId", "cn-hangzhou",
                   "SecurityGroupId", "sg-bp1demoecsnorule1", "Direction", "ingress", NULL);
  perms = json_object_get_array_member (json_object_get_object_member (rules, "Permissions"), "Permission");
  for (guint i = 0; i < json_array_get_length (perms); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (perms, i), "SourceCidrIp"),
                   "172.16.3.0/24") == 0)
      rule_id = json_object_get_string_member (json_array_get_object_element (perms, i), "SecurityGroupRuleId");
  g_assert_nonnull (rule_id);
  r = sim_rpc (t, V_ECS, "RevokeSecurityGroup", &status, "RegionId", "cn-hangzhou",
               "SecurityGroupId", "sg-bp1demoecsnorule1", "SecurityGroupRuleId.1", rule_id, NULL);
  g_assert_cmpuint (status, ==, 200);
  json_object_unref (r);
  assert_changefeed (t, ecs_fix, "BACKEND_UNHEALTHY");
  g_assert_cmpuint (lw_sim_server_count_live (t->sim, "ecs-security-rule"), ==, 1);

  /* Drift: the source moves, the backend is gone; unknown IDs are refused. */
  g_assert_true (lw_sim_server_move_source (t->sim, "pc-bp1demopolar0001", "172.16.2.99"));
  assert_changefeed (t, polar, "BACKEND_UNHEALTHY");
  g_assert_true (lw_sim_server_move_source (t->sim, "i-bp1demomysqlecs01", "172.16.2.98"));
  assert_changefeed (t, ecs, "BACKEND_UNHEALTHY");
  g_assert_true (lw_sim_server_move_source (t->sim, "i-bp1demomysqlecs01", "172.16.2.60"));
  assert_changefeed (t, ecs, NULL);
  g_assert_false (lw_sim_server_move_source (t->sim, "pc-doesnotexist", "172.16.2.97"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/tidb/digest", test_digest);
  g_test_add_func ("/sim/tidb/rate-limit", test_rate_limit);
  g_test_add_func ("/sim/tidb/clusters", test_clusters);
  g_test_add_func ("/sim/tidb/full-flow", test_full_flow);
  g_test_add_func ("/sim/tidb/failed-connections", test_failed_connections);
  g_test_add_func ("/sim/tidb/changefeed-whitelist", test_changefeed_whitelist);
  g_test_add_func ("/sim/tidb/iam-error-shape", test_iam_error_shape);
  g_test_add_func ("/sim/tidb/cluster-filters", test_cluster_filters);
  g_test_add_func ("/sim/tidb/changefeed-shapes", test_changefeed_shapes);
  g_test_add_func ("/sim/tidb/changefeed-sources", test_changefeed_sources);
  return g_test_run ();
}
