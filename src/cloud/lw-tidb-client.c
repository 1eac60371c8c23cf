/* lw-tidb-client.c: TiDB Cloud v1beta1 API (tidb-cloud-api.md) with HTTP Digest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-tidb-client"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lw-cloud-private.h"
#include "lw-endpoints.h"
#include "lw-tidb-client.h"

struct _LwTidbClient
{
  GObject        parent_instance;

  char          *public_key;
  char          *private_key;
  char          *serverless_base;
  char          *iam_base;
  gboolean       overridden;
  SoupSession   *session;
  GTlsDatabase  *extra_ca;
  LwClock       *clock;
  LwRetryPolicy  policy;
  double         timeout;
  double         time_scale;
  guint          max_pages;
  guint          request_count;
};

G_DEFINE_FINAL_TYPE (LwTidbClient, lw_tidb_client, G_TYPE_OBJECT)

enum {
  SIGNAL_ATTEMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wipe_free (char *s)
{
  if (s == NULL)
    return;
  explicit_bzero (s, strlen (s));
  g_free (s);
}

static void
lw_tidb_client_finalize (GObject *object)
{
  LwTidbClient *self = LW_TIDB_CLIENT (object);

  g_free (self->public_key);
  wipe_free (self->private_key);
  g_free (self->serverless_base);
  g_free (self->iam_base);
  g_clear_object (&self->session);
  g_clear_object (&self->extra_ca);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (lw_tidb_client_parent_class)->finalize (object);
}

static void
lw_tidb_client_class_init (LwTidbClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lw_tidb_client_finalize;

  signals[SIGNAL_ATTEMPT] =
    g_signal_new ("attempt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
lw_tidb_client_init (LwTidbClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Linkwright/" PACKAGE_VERSION, NULL);
  soup_session_set_timeout (self->session, 0);
  self->serverless_base = g_strdup (LW_TIDB_SERVERLESS_BASE_URL);
  self->iam_base = g_strdup (LW_TIDB_IAM_BASE_URL);
  self->clock = g_object_ref (lw_clock_get_system ());
  self->policy = LW_RETRY_POLICY_DEFAULT;
  self->timeout = 30.0;
  self->time_scale = 1.0;
  self->max_pages = 50;
}

LwTidbClient *
lw_tidb_client_new (const char *public_key,
                    const char *private_key)
{
  LwTidbClient *self = g_object_new (LW_TYPE_TIDB_CLIENT, NULL);

  self->public_key = g_strdup (public_key);
  self->private_key = g_strdup (private_key);
  return self;
}

LwTidbClient *
lw_tidb_client_new_from_environment (GError **error)
{
  const char *pub = g_getenv ("TIDB_CLOUD_PUBLIC_KEY");
  const char *priv = g_getenv ("TIDB_CLOUD_PRIVATE_KEY");

  if (pub == NULL || *pub == '\0' || priv == NULL || *priv == '\0')
    {
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                           "Set TIDB_CLOUD_PUBLIC_KEY and TIDB_CLOUD_PRIVATE_KEY");
      return NULL;
    }
  return lw_tidb_client_new (pub, priv);
}

gboolean
lw_tidb_client_set_endpoint_override (LwTidbClient  *self,
                                      const char    *base_url,
                                      GError       **error)
{
  g_autofree char *checked = NULL;

  g_return_val_if_fail (LW_IS_TIDB_CLIENT (self), FALSE);

  if (base_url == NULL)
    {
      g_free (self->serverless_base);
      g_free (self->iam_base);
      self->serverless_base = g_strdup (LW_TIDB_SERVERLESS_BASE_URL);
      self->iam_base = g_strdup (LW_TIDB_IAM_BASE_URL);
      self->overridden = FALSE;
      return TRUE;
    }
  if ((checked = lw_endpoints_check_override (base_url, error)) == NULL)
    return FALSE;
  g_free (self->serverless_base);
  g_free (self->iam_base);
  self->serverless_base = g_strdup (checked);
  self->iam_base = g_strdup (checked);
  self->overridden = TRUE;
  return TRUE;
}

gboolean
lw_tidb_client_set_ca_file (LwTidbClient  *self,
                            const char    *path,
                            GError       **error)
{
  GTlsDatabase *db = NULL;

  g_return_val_if_fail (LW_IS_TIDB_CLIENT (self), FALSE);
  if (path != NULL && (db = lw_tls_load_ca_file (path, error)) == NULL)
    return FALSE;
  g_clear_object (&self->extra_ca);
  self->extra_ca = db;
  return TRUE;
}

void
lw_tidb_client_set_timeout (LwTidbClient *self,
                            double        seconds)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  self->timeout = seconds > 0 ? seconds : 30.0;
}

void
lw_tidb_client_set_time_scale (LwTidbClient *self,
                               double        time_scale)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  self->time_scale = time_scale > 0 ? time_scale : 1.0;
}

void
lw_tidb_client_set_retry_policy (LwTidbClient        *self,
                                 const LwRetryPolicy *policy)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  self->policy = *policy;
  if (self->policy.max_attempts == 0)
    self->policy.max_attempts = 1;
}

void
lw_tidb_client_set_clock (LwTidbClient *self,
                          LwClock      *clock)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  g_set_object ((GObject **) &self->clock, clock != NULL ? (GObject *) clock : (GObject *) lw_clock_get_system ());
}

void
lw_tidb_client_set_max_pages (LwTidbClient *self,
                              guint         max_pages)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  self->max_pages = MAX (max_pages, 1);
}

guint
lw_tidb_client_get_request_count (LwTidbClient *self)
{
  g_return_val_if_fail (LW_IS_TIDB_CLIENT (self), 0);
  return self->request_count;
}

/* One logical request */

typedef struct {
  char         *method;
  char         *url;
  char         *what;           /* "GET /v1beta1/…" for logs and the attempt signal */
  GBytes       *body;
  gboolean      wipe_body;      /* the body holds a password */
  char         *host;
  guint         attempt;
  GPtrArray    *trace_ids;
  SoupMessage  *message;
  GCancellable *attempt_cancellable;
  gulong        cancelled_id;
  GSource      *timeout_source;
  gboolean      timed_out;
} RequestData;

static void
request_data_free (gpointer data)
{
  RequestData *rd = data;

  g_free (rd->method);
  g_free (rd->url);
  g_free (rd->what);
  g_clear_object (&rd->message);
  if (rd->body != NULL && rd->wipe_body)
    {
      gsize len = 0;
      gpointer bytes_data = (gpointer) g_bytes_get_data (rd->body, &len);

      /* We allocated these bytes (g_bytes_new_take) and the message that shared them is gone. */
      if (bytes_data != NULL)
        explicit_bzero (bytes_data, len);
    }
  g_clear_pointer (&rd->body, g_bytes_unref);
  g_free (rd->host);
  g_ptr_array_unref (rd->trace_ids);
  g_clear_object (&rd->attempt_cancellable);
  if (rd->timeout_source != NULL)
    {
      g_source_destroy (rd->timeout_source);
      g_source_unref (rd->timeout_source);
    }
  g_free (rd);
}

static void request_attempt (GTask *task);

static gboolean
authenticate_cb (SoupMessage *msg,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 gpointer     user_data)
{
  LwTidbClient *self = user_data;

  /* A second challenge means the key was refused: let the 401 through instead of looping. */
  if (retrying || self->public_key == NULL || self->private_key == NULL)
    return FALSE;
  soup_auth_authenticate (auth, self->public_key, self->private_key);
  return TRUE;
}

static void
restarted_cb (SoupMessage *msg,
              gpointer     user_data)
{
  GBytes *body = user_data;

  /* libsoup re-sends the message after the Digest challenge but has consumed the body stream:
   * give it the body again. */
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
}

static gboolean
tidb_accept_certificate_cb (SoupMessage          *msg,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            gpointer              user_data)
{
  LwTidbClient *self = user_data;
  return lw_tls_accept_with_ca_file (msg, certificate, errors, self->extra_ca,
                                     g_uri_get_host (soup_message_get_uri (msg)));
}

static GError *
tidb_error_from_response (guint       status,
                          JsonObject *object,
                          const char *trace_id)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  GError *error;

  if (object != NULL)
    {
      /* google.rpc Status: {"code": int, "message": …, "details": […]};
       * IAM OpenApiError: {"code": "…", "error": {…}, "msgPrefix": "…", "status": int}. */
      JsonArray *details = lw_json_get_list (object, "details", NULL);

      /* A google.rpc ErrorInfo reason says more than the numeric code: prefer it. */
      for (guint i = 0; details != NULL && i < json_array_get_length (details) && code == NULL; i++)
        code = lw_json_dup_string (lw_json_array_get_object (details, i), "reason");
      if (code == NULL)
        code = lw_json_dup_string (object, "code");
      message = lw_json_dup_string (object, "message");
      if (message == NULL)
        message = lw_json_dup_string (object, "msgPrefix");
      if (message == NULL && json_object_has_member (object, "error"))
        {
          JsonNode *e = json_object_get_member (object, "error");
          message = JSON_NODE_HOLDS_VALUE (e) ? lw_json_dup_string (object, "error") : json_to_string (e, FALSE);
        }
    }
  if (code == NULL)
    code = g_strdup_printf ("HTTP%u", status);
  if (message == NULL)
    message = g_strdup (soup_status_get_phrase (status));
  error = lw_cloud_error_new_api (status, code, message, trace_id);
  return error;
}

static gboolean
method_is_idempotent (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "DELETE") || g_str_equal (method, "HEAD");
}

static void
request_sleep_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!lw_clock_sleep_finish (LW_CLOCK (object), result, NULL))
    {
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED, "The request was cancelled");
      return;
    }
  request_attempt (g_steal_pointer (&task));
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  RequestData *rd = g_task_get_task_data (task);

  if (error->domain == LW_CLOUD_ERROR)
    {
      lw_cloud_error_set_action (error, rd->what);
      for (guint i = 0; i < rd->trace_ids->len; i++)
        lw_cloud_error_add_attempt (error, g_ptr_array_index (rd->trace_ids, i));
    }
  g_task_return_error (task, error);
}

static void
request_send_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LwTidbClient *self = g_task_get_source_object (task);
  RequestData *rd = g_task_get_task_data (task);
  GCancellable *outer = g_task_get_cancellable (task);
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root = NULL;
  const char *trace_id = NULL;
  guint status = 0;
  double retry_after = -1;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport_error);
  if (rd->timeout_source != NULL)
    {
      g_source_destroy (rd->timeout_source);
      g_clear_pointer (&rd->timeout_source, g_source_unref);
    }
  if (rd->cancelled_id != 0)
    {
      g_cancellable_disconnect (outer, rd->cancelled_id);
      rd->cancelled_id = 0;
    }

  if (bytes == NULL)
    error = lw_cloud_error_from_transport (transport_error, rd->timed_out, g_cancellable_is_cancelled (outer),
                                           rd->message, rd->host);
  else
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (rd->message);
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      status = soup_message_get_status (rd->message);
      trace_id = soup_message_headers_get_one (headers, "X-Debug-Trace-Id");
      if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL))
        root = json_parser_get_root (parser);

      if (status >= 200 && status < 300)
        {
          if (len > 0 && root == NULL)
            error = g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                                 "%s answered %s with invalid JSON", rd->host, rd->what);
        }
      else
        {
          const char *reset = soup_message_headers_get_one (headers, "X-Ratelimit-Reset");

          error = tidb_error_from_response (status,
                                            root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL,
                                            trace_id);
          if (status == 429 && reset != NULL)
            {
              retry_after = g_ascii_strtod (reset, NULL);
              /* Whatever the header says, wait a sane, finite time. */
              if (!isfinite (retry_after) || retry_after < 0)
                retry_after = -1;
              else
                lw_cloud_error_set_retry_after (error, retry_after);
            }
        }
    }

  g_ptr_array_add (rd->trace_ids, g_strdup (trace_id));
  g_debug ("%s attempt %u: HTTP %u%s%s", rd->what, rd->attempt, status,
           error ? ": " : "", error ? error->message : "");
  g_signal_emit (self, signals[SIGNAL_ATTEMPT], 0, rd->what, rd->attempt, trace_id, error);

  if (error == NULL)
    {
      JsonNode *ret = root != NULL ? json_node_copy (root) : json_node_new (JSON_NODE_NULL);
      g_task_return_pointer (task, ret, (GDestroyNotify) json_node_unref);
      return;
    }

  /* 429 means "not executed", so even a POST may be repeated; other transient failures only for
   * idempotent methods (TiDB Cloud has no idempotency token). */
  if (rd->attempt < self->policy.max_attempts &&
      (status == 429 || (method_is_idempotent (rd->method) && lw_cloud_error_is_transient (error))))
    {
      double delay;

      if (status == 429 && retry_after >= 0)
        delay = MIN (retry_after, self->policy.max_rate_limit_wait);
      else
        delay = lw_retry_backoff_delay (&self->policy, rd->attempt, lw_clock_random_double (self->clock));
      lw_clock_sleep_async (self->clock, (gint64) (delay * self->time_scale * G_USEC_PER_SEC), outer,
                            request_sleep_cb, g_steal_pointer (&task));
      return;
    }

  request_return_error (task, g_steal_pointer (&error));
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  RequestData *rd = user_data;

  rd->timed_out = TRUE;
  g_clear_pointer (&rd->timeout_source, g_source_unref);
  g_cancellable_cancel (rd->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_outer_cancelled_cb (GCancellable *outer,
                            gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
request_attempt (GTask *task)
{
  LwTidbClient *self = g_task_get_source_object (task);
  RequestData *rd = g_task_get_task_data (task);
  GCancellable *outer = g_task_get_cancellable (task);

  if (g_cancellable_is_cancelled (outer))
    {
      request_return_error (task, g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED,
                                                       "The request was cancelled"));
      g_object_unref (task);
      return;
    }

  rd->attempt++;
  rd->timed_out = FALSE;
  g_clear_object (&rd->message);
  rd->message = soup_message_new (rd->method, rd->url);
  if (rd->message == NULL)
    {
      request_return_error (task, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                               "Invalid TiDB Cloud URL %s", rd->url));
      g_object_unref (task);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (rd->message), "Accept", "application/json");
  if (rd->body != NULL)
    {
      soup_message_set_request_body_from_bytes (rd->message, "application/json", rd->body);
      g_signal_connect_data (rd->message, "restarted", G_CALLBACK (restarted_cb),
                             g_bytes_ref (rd->body), (GClosureNotify) (void (*) (void)) g_bytes_unref, 0);
    }
  g_signal_connect (rd->message, "authenticate", G_CALLBACK (authenticate_cb), self);
  if (self->extra_ca != NULL)
    g_signal_connect (rd->message, "accept-certificate", G_CALLBACK (tidb_accept_certificate_cb), self);

  g_clear_object (&rd->attempt_cancellable);
  rd->attempt_cancellable = g_cancellable_new ();
  if (outer != NULL)
    rd->cancelled_id = g_cancellable_connect (outer, G_CALLBACK (request_outer_cancelled_cb),
                                              g_object_ref (rd->attempt_cancellable), g_object_unref);
  rd->timeout_source = g_timeout_source_new ((guint) MAX (1, self->timeout * self->time_scale * 1000));
  g_source_set_callback (rd->timeout_source, request_timeout_cb, rd, NULL);
  g_source_attach (rd->timeout_source, g_task_get_context (task));

  self->request_count++;
  soup_session_send_and_read_async (self->session, rd->message, G_PRIORITY_DEFAULT,
                                    rd->attempt_cancellable, request_send_cb, task);
}

static void
request_start (LwTidbClient        *self,
               const char          *method,
               const char          *path_and_query,
               JsonNode            *body,
               gboolean             wipe_body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  RequestData *rd;
  const char *base;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, lw_tidb_client_request_async);
  rd = g_new0 (RequestData, 1);
  rd->trace_ids = g_ptr_array_new_with_free_func (g_free);
  rd->method = g_ascii_strup (method, -1);
  g_task_set_task_data (task, rd, request_data_free);

  if (path_and_query[0] != '/')
    {
      request_return_error (task, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                               "A TiDB Cloud path must start with /, not “%s”", path_and_query));
      g_object_unref (task);
      return;
    }

  base = g_str_has_prefix (path_and_query, "/v1beta1/projects") ? self->iam_base : self->serverless_base;
  rd->url = g_strconcat (base, path_and_query, NULL);
  rd->what = g_strdup_printf ("%s %s", rd->method, path_and_query);
  uri = g_uri_parse (rd->url, G_URI_FLAGS_NONE, NULL);
  rd->host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : base);
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      rd->body = g_bytes_new_take (g_steal_pointer (&text), len);
      rd->wipe_body = wipe_body;
    }

  request_attempt (task);
}

void
lw_tidb_client_request_async (LwTidbClient        *self,
                              const char          *method,
                              const char          *path_and_query,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  request_start (self, method, path_and_query, body, FALSE, cancellable, callback, user_data);
}

JsonNode *
lw_tidb_client_request_finish (LwTidbClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Result types */

void
lw_tidb_project_free (LwTidbProject *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->org_id);
  g_free (self);
}

void
lw_tidb_cluster_free (LwTidbCluster *self)
{
  if (self == NULL)
    return;
  g_free (self->cluster_id);
  g_free (self->display_name);
  g_free (self->state);
  g_free (self->cluster_plan);
  g_free (self->region_name);
  g_free (self->region_id);
  g_free (self->cloud_provider);
  g_free (self->project_id);
  g_free (self->version);
  g_free (self);
}

void
lw_tidb_availability_zones_free (LwTidbAvailabilityZones *self)
{
  if (self == NULL)
    return;
  g_free (self->account_id);
  g_strfreev (self->az_ids);
  g_free (self);
}

void
lw_tidb_private_link_connection_free (LwTidbPrivateLinkConnection *self)
{
  if (self == NULL)
    return;
  g_free (self->private_link_connection_id);
  g_free (self->cluster_id);
  g_free (self->display_name);
  g_free (self->type);
  g_free (self->state);
  g_free (self->message);
  g_free (self->endpoint_service_name);
  g_free (self->endpoint_id);
  g_strfreev (self->availability_zone_ids);
  g_free (self);
}

static gpointer
parse_project (JsonObject *o)
{
  LwTidbProject *p = g_new0 (LwTidbProject, 1);

  p->id = lw_json_dup_string (o, "id");
  p->name = lw_json_dup_string (o, "name");
  /* The IAM API uses snake_case. */
  p->org_id = lw_json_dup_string (o, "org_id");
  p->cluster_count = (guint) lw_json_get_int (o, "cluster_count", 0);
  return p;
}

static gpointer
parse_cluster (JsonObject *o)
{
  LwTidbCluster *c = g_new0 (LwTidbCluster, 1);
  JsonObject *region = lw_json_get_object (o, "region");
  JsonObject *labels = lw_json_get_object (o, "labels");

  c->cluster_id = lw_json_dup_string (o, "clusterId");
  c->display_name = lw_json_dup_string (o, "displayName");
  c->state = lw_json_dup_string (o, "state");
  c->cluster_plan = lw_json_dup_string (o, "clusterPlan");
  c->version = lw_json_dup_string (o, "version");
  c->region_name = lw_json_dup_string (region, "name");
  c->region_id = lw_json_dup_string (region, "regionId");
  c->cloud_provider = lw_json_dup_string (region, "cloudProvider");
  if (c->cloud_provider == NULL)
    c->cloud_provider = lw_json_dup_string (region, "provider");  /* deprecated spelling */
  c->project_id = lw_json_dup_string (labels, "tidb.cloud/project");
  return c;
}

static gpointer
parse_plc (JsonObject *o)
{
  LwTidbPrivateLinkConnection *c = g_new0 (LwTidbPrivateLinkConnection, 1);
  JsonObject *svc = lw_json_get_object (o, "alicloudEndpointService");

  c->private_link_connection_id = lw_json_dup_string (o, "privateLinkConnectionId");
  c->cluster_id = lw_json_dup_string (o, "clusterId");
  c->display_name = lw_json_dup_string (o, "displayName");
  c->type = lw_json_dup_string (o, "type");
  c->state = lw_json_dup_string (o, "state");
  c->message = lw_json_dup_string (o, "message");
  c->endpoint_service_name = lw_json_dup_string (svc, "name");
  c->endpoint_id = lw_json_dup_string (svc, "endpointId");
  c->availability_zone_ids = lw_json_dup_strv (svc, "availabilityZoneIds", NULL);
  return c;
}

/* Typed single requests */

typedef gpointer (*TidbParseFunc) (JsonObject *object);

typedef struct {
  TidbParseFunc  parse;
  GDestroyNotify free_func;
} TidbTypedData;

static void
tidb_typed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TidbTypedData *td = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = lw_tidb_client_request_finish (LW_TIDB_CLIENT (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                               "TiDB Cloud answered with something that is not a JSON object");
      return;
    }
  g_task_return_pointer (task, td->parse (json_node_get_object (node)), td->free_func);
}

static void
tidb_typed (LwTidbClient        *self,
            const char          *method,
            const char          *path,
            JsonNode            *body,
            TidbParseFunc        parse,
            GDestroyNotify       free_func,
            gpointer             tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  TidbTypedData *td = g_new0 (TidbTypedData, 1);

  td->parse = parse;
  td->free_func = free_func;
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, td, g_free);
  lw_tidb_client_request_async (self, method, path, body, cancellable, tidb_typed_cb, task);
}

static gpointer
tidb_typed_finish (LwTidbClient  *self,
                   GAsyncResult  *result,
                   gpointer       tag,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Paged requests: follow nextPageToken until empty, never more than max_pages, and never the same
 * token twice (the CLI's infinite-loop bug). */

typedef struct {
  char          *path;          /* without query */
  char          *query;         /* extra query, encoded, or NULL */
  char          *items_member;
  TidbParseFunc  parse;
  GPtrArray     *items;
  guint          pages;
  char          *token;
} TidbPagedData;

static void
tidb_paged_data_free (gpointer data)
{
  TidbPagedData *pd = data;

  g_free (pd->path);
  g_free (pd->query);
  g_free (pd->items_member);
  g_ptr_array_unref (pd->items);
  g_free (pd->token);
  g_free (pd);
}

static void tidb_paged_next (GTask *task);

static void
tidb_paged_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  LwTidbClient *self = LW_TIDB_CLIENT (object);
  TidbPagedData *pd = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *next = NULL;
  GError *error = NULL;
  JsonObject *o;
  JsonArray *array;

  node = lw_tidb_client_request_finish (self, result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                               "TiDB Cloud answered a list with something that is not a JSON object");
      g_object_unref (task);
      return;
    }
  o = json_node_get_object (node);
  array = lw_json_get_list (o, pd->items_member, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (pd->items, pd->parse (json_node_get_object (item)));
    }

  next = lw_json_dup_string (o, "nextPageToken");
  if (next == NULL || *next == '\0' || g_strcmp0 (next, pd->token) == 0 || pd->pages >= self->max_pages)
    {
      if (next != NULL && *next != '\0')
        g_debug ("%s: stopped after %u pages (hard cap or repeated token)", pd->path, pd->pages);
      g_task_return_pointer (task, g_ptr_array_ref (pd->items), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  g_free (pd->token);
  pd->token = g_steal_pointer (&next);
  tidb_paged_next (task);
}

static void
tidb_paged_next (GTask *task)
{
  TidbPagedData *pd = g_task_get_task_data (task);
  g_autoptr(GString) path = g_string_new (pd->path);

  pd->pages++;
  g_string_append (path, "?pageSize=100");
  if (pd->query != NULL)
    g_string_append_printf (path, "&%s", pd->query);
  if (pd->token != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (pd->token, NULL, FALSE);
      g_string_append_printf (path, "&pageToken=%s", escaped);
    }
  lw_tidb_client_request_async (g_task_get_source_object (task), "GET", path->str, NULL,
                                g_task_get_cancellable (task), tidb_paged_cb, task);
}

static void
tidb_paged (LwTidbClient        *self,
            const char          *path,
            const char          *query,
            const char          *items_member,
            TidbParseFunc        parse,
            GDestroyNotify       item_free,
            gpointer             tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  TidbPagedData *pd = g_new0 (TidbPagedData, 1);

  pd->path = g_strdup (path);
  pd->query = g_strdup (query);
  pd->items_member = g_strdup (items_member);
  pd->parse = parse;
  pd->items = g_ptr_array_new_with_free_func (item_free);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, pd, tidb_paged_data_free);
  tidb_paged_next (task);
}

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment != NULL ? segment : "", NULL, FALSE);
}

void
lw_tidb_client_list_projects_async (LwTidbClient        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  tidb_paged (self, "/v1beta1/projects", NULL, "projects", parse_project,
              (GDestroyNotify) lw_tidb_project_free, lw_tidb_client_list_projects_async,
              cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_projects_finish (LwTidbClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_list_projects_async, error);
}

void
lw_tidb_client_list_clusters_async (LwTidbClient        *self,
                                    const char          *filter,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *query = NULL;

  if (filter != NULL && *filter != '\0')
    {
      /* "=" may stay literal inside a query value (RFC 3986 sub-delims; servers split a pair
       * at its first "="), which also keeps the CLI's filter=projectId=<id> form byte-identical. */
      g_autofree char *escaped = g_uri_escape_string (filter, "=", FALSE);
      query = g_strdup_printf ("filter=%s", escaped);
    }
  tidb_paged (self, "/v1beta1/clusters", query, "clusters", parse_cluster,
              (GDestroyNotify) lw_tidb_cluster_free, lw_tidb_client_list_clusters_async,
              cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_clusters_finish (LwTidbClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_list_clusters_async, error);
}

void
lw_tidb_client_get_cluster_async (LwTidbClient        *self,
                                  const char          *cluster_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s", id);

  tidb_typed (self, "GET", path, NULL, parse_cluster, (GDestroyNotify) lw_tidb_cluster_free,
              lw_tidb_client_get_cluster_async, cancellable, callback, user_data);
}

LwTidbCluster *
lw_tidb_client_get_cluster_finish (LwTidbClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_get_cluster_async, error);
}

static gpointer
parse_zones (JsonObject *o)
{
  LwTidbAvailabilityZones *z = g_new0 (LwTidbAvailabilityZones, 1);

  z->account_id = lw_json_dup_string (o, "accountId");
  z->az_ids = lw_json_dup_strv (o, "azIds", NULL);
  return z;
}

void
lw_tidb_client_get_availability_zones_async (LwTidbClient        *self,
                                             const char          *cluster_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/privateLinkConnections:getAvailabilityZones", id);

  tidb_typed (self, "GET", path, NULL, parse_zones, (GDestroyNotify) lw_tidb_availability_zones_free,
              lw_tidb_client_get_availability_zones_async, cancellable, callback, user_data);
}

LwTidbAvailabilityZones *
lw_tidb_client_get_availability_zones_finish (LwTidbClient  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_get_availability_zones_async, error);
}

void
lw_tidb_client_create_private_link_connection_async (LwTidbClient        *self,
                                                     const char          *cluster_id,
                                                     const char          *display_name,
                                                     const char          *endpoint_service_name,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/privateLinkConnections", id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  /* The shape the CLI sends; clusterId is repeated in the body because the model requires it. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "privateLinkConnection");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "clusterId");
  json_builder_add_string_value (b, cluster_id);
  json_builder_set_member_name (b, "displayName");
  json_builder_add_string_value (b, display_name);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "ALICLOUD_ENDPOINT_SERVICE");
  json_builder_set_member_name (b, "alicloudEndpointService");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, endpoint_service_name);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  tidb_typed (self, "POST", path, body, parse_plc, (GDestroyNotify) lw_tidb_private_link_connection_free,
              lw_tidb_client_private_link_connection_finish, cancellable, callback, user_data);
}

void
lw_tidb_client_get_private_link_connection_async (LwTidbClient        *self,
                                                  const char          *cluster_id,
                                                  const char          *private_link_connection_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *plc = escape_segment (private_link_connection_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/privateLinkConnections/%s", id, plc);

  tidb_typed (self, "GET", path, NULL, parse_plc, (GDestroyNotify) lw_tidb_private_link_connection_free,
              lw_tidb_client_private_link_connection_finish, cancellable, callback, user_data);
}

void
lw_tidb_client_delete_private_link_connection_async (LwTidbClient        *self,
                                                     const char          *cluster_id,
                                                     const char          *private_link_connection_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *plc = escape_segment (private_link_connection_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/privateLinkConnections/%s", id, plc);

  tidb_typed (self, "DELETE", path, NULL, parse_plc, (GDestroyNotify) lw_tidb_private_link_connection_free,
              lw_tidb_client_private_link_connection_finish, cancellable, callback, user_data);
}

LwTidbPrivateLinkConnection *
lw_tidb_client_private_link_connection_finish (LwTidbClient  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_private_link_connection_finish, error);
}

void
lw_tidb_client_list_private_link_connections_async (LwTidbClient        *self,
                                                    const char          *cluster_id,
                                                    const char          *state,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/privateLinkConnections", id);
  g_autofree char *query = NULL;

  if (state != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (state, NULL, FALSE);
      query = g_strdup_printf ("state=%s", escaped);
    }
  tidb_paged (self, path, query, "privateLinkConnections", parse_plc,
              (GDestroyNotify) lw_tidb_private_link_connection_free,
              lw_tidb_client_list_private_link_connections_async, cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_private_link_connections_finish (LwTidbClient  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return tidb_typed_finish (self, result, lw_tidb_client_list_private_link_connections_async, error);
}

void
lw_tidb_client_fuzz_parsers (JsonObject *response)
{
  GError *error = tidb_error_from_response (429, response, "trace");

  g_error_free (error);
  lw_tidb_project_free (parse_project (response));
  lw_tidb_cluster_free (parse_cluster (response));
  lw_tidb_availability_zones_free (parse_zones (response));
  lw_tidb_private_link_connection_free (parse_plc (response));
}

/* changefeeds:test */

static void
test_sink_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = lw_tidb_client_request_finish (LW_TIDB_CLIENT (object), result, &error);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
lw_tidb_client_test_mysql_sink_async (LwTidbClient        *self,
                                      const char          *cluster_id,
                                      const char          *private_link_connection_id,
                                      guint                port,
                                      const char          *user_name,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *id = escape_segment (cluster_id);
  g_autofree char *path = g_strdup_printf ("/v1beta1/clusters/%s/changefeeds:test", id);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;
  JsonObject *auth;

  g_return_if_fail (LW_IS_TIDB_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, lw_tidb_client_test_mysql_sink_async);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sink");
  json_builder_begin_object (b);
  add_string (b, "type", "MYSQL");
  json_builder_set_member_name (b, "mysql");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "network");
  json_builder_begin_object (b);
  add_string (b, "networkType", "PRIVATE_LINK");
  json_builder_set_member_name (b, "privateLink");
  json_builder_begin_object (b);
  add_string (b, "privateLinkConnectionId", private_link_connection_id);
  json_builder_set_member_name (b, "port");
  json_builder_add_int_value (b, port);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "authentication");
  json_builder_begin_object (b);
  add_string (b, "userName", user_name);
  add_string (b, "password", password);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  request_start (self, "POST", path, body, TRUE, cancellable, test_sink_cb, task);

  /* The request holds its own (wiped-on-free) copy: wipe the password inside the JSON tree. */
  auth = lw_json_get_object (lw_json_get_object (lw_json_get_object (json_node_get_object (body), "sink"),
                                                 "mysql"), "authentication");
  if (auth != NULL && json_object_has_member (auth, "password"))
    {
      char *p = (char *) json_object_get_string_member (auth, "password");
      if (p != NULL)
        explicit_bzero (p, strlen (p));
    }
}

gboolean
lw_tidb_client_test_mysql_sink_finish (LwTidbClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
