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
#include "lw-tidb-calls.h"
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
  /* The service's message first: its codes (ErrorInfo reasons) are not words for people. */
  error = lw_cloud_error_new_api_message_first (status, code, message, trace_id);
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
               LwTidbHost           host,
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

  base = host == LW_TIDB_HOST_IAM ? self->iam_base : self->serverless_base;
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
  /* The IAM host serves the projects; everything else is on the serverless host. */
  request_start (self, g_str_has_prefix (path_and_query, "/v1beta1/projects") ? LW_TIDB_HOST_IAM : LW_TIDB_HOST_SERVERLESS,
                 method, path_and_query, body, FALSE, cancellable, callback, user_data);
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

/* The calls, as data (lw-tidb-calls.h). Paths, methods, parameter and field names and enum values are
 * those of ../shared/data/tidb-cloud-official-api.json; tests/cloud/test-wire-tidb.c checks them. */

#define END { NULL, 0, NULL, NULL, FALSE }
#define READ_END { NULL, 0, 0 }
#define PAGE_SIZE(size) { "pageSize", LW_TIDB_VALUE_INT, NULL, size, FALSE }
#define PAGE_TOKEN { "pageToken", LW_TIDB_VALUE_STRING, "pageToken", NULL, FALSE }

static const LwTidbSend list_projects_query[] = { PAGE_SIZE ("100"), PAGE_TOKEN, END };
/* filter: AIP syntax with the official keys, e.g. region.provider="alicloud" AND projectId="…". */
static const LwTidbSend list_clusters_query[] = {
  PAGE_SIZE ("100"), { "filter", LW_TIDB_VALUE_STRING, "filter", NULL, FALSE }, PAGE_TOKEN, END
};
static const LwTidbSend list_plcs_query[] = {
  PAGE_SIZE ("100"), { "state", LW_TIDB_VALUE_STRING, "state", NULL, FALSE }, PAGE_TOKEN, END
};

/* The shape the CLI sends; clusterId is repeated in the body because the model requires it. */
static const LwTidbSend create_plc_body[] = {
  { "/privateLinkConnection/clusterId", LW_TIDB_VALUE_STRING, "clusterId", NULL, FALSE },
  { "/privateLinkConnection/displayName", LW_TIDB_VALUE_STRING, "displayName", NULL, FALSE },
  { "/privateLinkConnection/type", LW_TIDB_VALUE_STRING, NULL, "ALICLOUD_ENDPOINT_SERVICE", FALSE },
  { "/privateLinkConnection/alicloudEndpointService/name", LW_TIDB_VALUE_STRING, "endpointServiceName", NULL, FALSE },
  END
};

/* changefeeds:test takes the SinkInfo itself as the body (no {"changefeed": …} wrapper). */
static const LwTidbSend test_changefeed_body[] = {
  { "/sink/type", LW_TIDB_VALUE_STRING, NULL, "MYSQL", FALSE },
  { "/sink/mysql/network/networkType", LW_TIDB_VALUE_STRING, NULL, "PRIVATE_LINK", FALSE },
  { "/sink/mysql/network/privateLink/privateLinkConnectionId", LW_TIDB_VALUE_STRING, "privateLinkConnectionId", NULL, FALSE },
  { "/sink/mysql/network/privateLink/port", LW_TIDB_VALUE_INT, "port", NULL, FALSE },
  { "/sink/mysql/authentication/userName", LW_TIDB_VALUE_STRING, "userName", NULL, FALSE },
  { "/sink/mysql/authentication/password", LW_TIDB_VALUE_STRING, "password", NULL, TRUE },
  END
};

#define R(type, member, path, kind) { path, LW_TIDB_VALUE_##kind, G_STRUCT_OFFSET (type, member) }

static const LwTidbRead project_reads[] = {
  R (LwTidbProject, id, "/id", STRING),
  R (LwTidbProject, name, "/name", STRING),
  /* The IAM API uses snake_case. */
  R (LwTidbProject, org_id, "/org_id", STRING),
  R (LwTidbProject, cluster_count, "/cluster_count", UINT),
  READ_END
};

static const LwTidbRead cluster_reads[] = {
  R (LwTidbCluster, cluster_id, "/clusterId", STRING),
  R (LwTidbCluster, display_name, "/displayName", STRING),
  R (LwTidbCluster, state, "/state", STRING),
  R (LwTidbCluster, cluster_plan, "/clusterPlan", STRING),
  R (LwTidbCluster, version, "/version", STRING),
  R (LwTidbCluster, region_name, "/region/name", STRING),
  R (LwTidbCluster, region_id, "/region/regionId", STRING),
  R (LwTidbCluster, cloud_provider, "/region/cloudProvider", STRING),
  R (LwTidbCluster, cloud_provider, "/region/provider", STRING),   /* deprecated spelling, fallback */
  R (LwTidbCluster, project_id, "/labels/tidb.cloud~1project", STRING),
  READ_END
};

static const LwTidbRead zones_reads[] = {
  R (LwTidbAvailabilityZones, account_id, "/accountId", STRING),
  R (LwTidbAvailabilityZones, az_ids, "/azIds", STRV),
  READ_END
};

static const LwTidbRead plc_reads[] = {
  R (LwTidbPrivateLinkConnection, private_link_connection_id, "/privateLinkConnectionId", STRING),
  R (LwTidbPrivateLinkConnection, cluster_id, "/clusterId", STRING),
  R (LwTidbPrivateLinkConnection, display_name, "/displayName", STRING),
  R (LwTidbPrivateLinkConnection, type, "/type", STRING),
  R (LwTidbPrivateLinkConnection, state, "/state", STRING),
  R (LwTidbPrivateLinkConnection, message, "/message", STRING),
  R (LwTidbPrivateLinkConnection, endpoint_service_name, "/alicloudEndpointService/name", STRING),
  R (LwTidbPrivateLinkConnection, endpoint_id, "/alicloudEndpointService/endpointId", STRING),
  R (LwTidbPrivateLinkConnection, availability_zone_ids, "/alicloudEndpointService/availabilityZoneIds", STRV),
  READ_END
};

#undef R

#define PLC_PATH "/v1beta1/clusters/{clusterId}/privateLinkConnections"
#define PLC_RESULT plc_reads, sizeof (LwTidbPrivateLinkConnection), (GDestroyNotify) lw_tidb_private_link_connection_free

enum {
  CALL_LIST_PROJECTS,
  CALL_LIST_CLUSTERS,
  CALL_GET_CLUSTER,
  CALL_GET_ZONES,
  CALL_CREATE_PLC,
  CALL_GET_PLC,
  CALL_LIST_PLCS,
  CALL_DELETE_PLC,
  CALL_TEST_CHANGEFEED,
  N_CALLS
};

static const LwTidbCallDef calls[N_CALLS] = {
  [CALL_LIST_PROJECTS] = { "ListProjects", "GET", LW_TIDB_HOST_IAM, "/v1beta1/projects",
                           list_projects_query, NULL, "projects",
                           project_reads, sizeof (LwTidbProject), (GDestroyNotify) lw_tidb_project_free },
  [CALL_LIST_CLUSTERS] = { "ClusterService_ListClusters", "GET", LW_TIDB_HOST_SERVERLESS, "/v1beta1/clusters",
                           list_clusters_query, NULL, "clusters",
                           cluster_reads, sizeof (LwTidbCluster), (GDestroyNotify) lw_tidb_cluster_free },
  [CALL_GET_CLUSTER] = { "ClusterService_GetCluster", "GET", LW_TIDB_HOST_SERVERLESS, "/v1beta1/clusters/{clusterId}",
                         NULL, NULL, NULL,
                         cluster_reads, sizeof (LwTidbCluster), (GDestroyNotify) lw_tidb_cluster_free },
  [CALL_GET_ZONES] = { "PrivateLinkConnectionService_GetAvailabilityZones", "GET", LW_TIDB_HOST_SERVERLESS,
                       PLC_PATH ":getAvailabilityZones", NULL, NULL, NULL,
                       zones_reads, sizeof (LwTidbAvailabilityZones), (GDestroyNotify) lw_tidb_availability_zones_free },
  [CALL_CREATE_PLC] = { "PrivateLinkConnectionService_CreatePrivateLinkConnection", "POST", LW_TIDB_HOST_SERVERLESS,
                        PLC_PATH, NULL, create_plc_body, NULL, PLC_RESULT },
  [CALL_GET_PLC] = { "PrivateLinkConnectionService_GetPrivateLinkConnection", "GET", LW_TIDB_HOST_SERVERLESS,
                     PLC_PATH "/{privateLinkConnectionId}", NULL, NULL, NULL, PLC_RESULT },
  [CALL_LIST_PLCS] = { "PrivateLinkConnectionService_ListPrivateLinkConnections", "GET", LW_TIDB_HOST_SERVERLESS,
                       PLC_PATH, list_plcs_query, NULL, "privateLinkConnections", PLC_RESULT },
  [CALL_DELETE_PLC] = { "PrivateLinkConnectionService_DeletePrivateLinkConnection", "DELETE", LW_TIDB_HOST_SERVERLESS,
                        PLC_PATH "/{privateLinkConnectionId}", NULL, NULL, NULL, PLC_RESULT },
  [CALL_TEST_CHANGEFEED] = { "ChangefeedService_TestChangefeed", "POST", LW_TIDB_HOST_SERVERLESS,
                             "/v1beta1/clusters/{clusterId}/changefeeds:test", NULL, test_changefeed_body, NULL,
                             NULL, 0, NULL },
};

const LwTidbCallDef *
lw_tidb_client_get_call_table (guint *n_calls)
{
  if (n_calls != NULL)
    *n_calls = N_CALLS;
  return calls;
}

/* The generic path */

/* Arguments: name, value, name, value, …, NULL. */
static const char *
arg_lookup (const char * const *args,
            const char         *name)
{
  for (guint i = 0; args != NULL && args[i] != NULL; i += 2)
    if (g_str_equal (args[i], name))
      return args[i + 1];
  return NULL;
}

static const char *
send_value (const LwTidbSend  *send,
            const char * const *args)
{
  return send->arg != NULL ? arg_lookup (args, send->arg) : send->constant;
}

static char *
build_path (const LwTidbCallDef *def,
            const char * const  *args,
            const char          *page_token)
{
  g_autoptr(GString) path = g_string_new (NULL);
  const char *p = def->path;
  char sep = '?';

  while (*p != '\0')
    {
      const char *close;

      if (*p == '{' && (close = strchr (p, '}')) != NULL)
        {
          g_autofree char *name = g_strndup (p + 1, close - p - 1);
          const char *value = arg_lookup (args, name);

          g_string_append_uri_escaped (path, value != NULL ? value : "", NULL, FALSE);
          p = close + 1;
        }
      else
        g_string_append_c (path, *p++);
    }
  for (const LwTidbSend *q = def->query; q != NULL && q->name != NULL; q++)
    {
      const char *value = g_strcmp0 (q->arg, "pageToken") == 0 ? page_token : send_value (q, args);

      if (value == NULL || *value == '\0')
        continue;
      /* "=" may stay literal inside a query value (RFC 3986 sub-delims; servers split a pair at its
       * first "="), which also keeps the CLI's filter=projectId=<id> form byte-identical. */
      g_string_append_printf (path, "%c%s=", sep, q->name);
      g_string_append_uri_escaped (path, value, "=", FALSE);
      sep = '&';
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* RFC 6901 segment: "~1" is "/", "~0" is "~". */
static char *
pointer_segment (const char  *pointer,
                 const char **rest)
{
  GString *segment = g_string_new (NULL);
  const char *p = pointer + 1;

  for (; *p != '\0' && *p != '/'; p++)
    {
      if (p[0] == '~' && (p[1] == '1' || p[1] == '0'))
        {
          g_string_append_c (segment, p[1] == '1' ? '/' : '~');
          p++;
        }
      else
        g_string_append_c (segment, *p);
    }
  *rest = p;
  return g_string_free (segment, FALSE);
}

/* The object holding the pointer's last member (created on the way when @create), and that member. */
static JsonObject *
pointer_parent (JsonObject  *root,
                const char  *pointer,
                gboolean     create,
                char       **last)
{
  JsonObject *object = root;
  const char *rest = pointer;

  *last = NULL;
  while (object != NULL && *rest == '/')
    {
      g_autofree char *segment = pointer_segment (rest, &rest);

      if (*rest == '\0')
        {
          *last = g_steal_pointer (&segment);
          return object;
        }
      if (create && !json_object_has_member (object, segment))
        json_object_set_object_member (object, segment, json_object_new ());
      object = lw_json_get_object (object, segment);
    }
  return NULL;
}

static JsonNode *
build_body (const LwTidbCallDef *def,
            const char * const  *args)
{
  JsonObject *root = json_object_new ();

  for (const LwTidbSend *f = def->body; f->name != NULL; f++)
    {
      const char *value = send_value (f, args);
      g_autofree char *last = NULL;
      JsonObject *parent;

      if (value == NULL)
        continue;
      parent = pointer_parent (root, f->name, TRUE, &last);
      g_assert (parent != NULL && last != NULL);
      if (f->kind == LW_TIDB_VALUE_INT)
        json_object_set_int_member (parent, last, g_ascii_strtoll (value, NULL, 10));
      else
        json_object_set_string_member (parent, last, value);
    }
  {
    /* json_node_init_object() would add a reference: the node takes ours. */
    JsonNode *node = json_node_new (JSON_NODE_OBJECT);
    json_node_take_object (node, root);
    return node;
  }
}

/* The request keeps its own (wiped-on-free) serialisation: wipe the secrets inside the JSON tree. */
static void
wipe_body_secrets (const LwTidbCallDef *def,
                   JsonNode            *body)
{
  for (const LwTidbSend *f = def->body; f->name != NULL; f++)
    {
      g_autofree char *last = NULL;
      JsonObject *parent;
      char *p;

      if (!f->secret || (parent = pointer_parent (json_node_get_object (body), f->name, FALSE, &last)) == NULL ||
          !json_object_has_member (parent, last) ||
          (p = (char *) json_object_get_string_member_with_default (parent, last, NULL)) == NULL)
        continue;
      explicit_bzero (p, strlen (p));
    }
}

static gpointer
parse_result (const LwTidbCallDef *def,
              JsonObject          *o)
{
  guint8 *result = g_malloc0 (def->result_size);

  for (const LwTidbRead *r = def->reads; r->path != NULL; r++)
    {
      g_autofree char *last = NULL;
      JsonObject *parent = pointer_parent (o, r->path, FALSE, &last);
      gpointer field = result + r->offset;

      if (parent == NULL)
        continue;
      switch (r->kind)
        {
        case LW_TIDB_VALUE_STRING:
          if (*(char **) field == NULL)
            *(char **) field = lw_json_dup_string (parent, last);
          break;
        case LW_TIDB_VALUE_STRV:
          if (*(char ***) field == NULL)
            *(char ***) field = lw_json_dup_strv (parent, last, NULL);
          break;
        case LW_TIDB_VALUE_UINT:
          *(guint *) field = (guint) CLAMP (lw_json_get_int (parent, last, 0), 0, G_MAXUINT);
          break;
        case LW_TIDB_VALUE_INT:
        default:
          g_assert_not_reached ();
        }
    }
  /* Every string vector is a vector, never NULL (as the typed API promised before the table). */
  for (const LwTidbRead *r = def->reads; r->path != NULL; r++)
    if (r->kind == LW_TIDB_VALUE_STRV && *(char ***) (result + r->offset) == NULL)
      *(char ***) (result + r->offset) = g_new0 (char *, 1);
  return result;
}

typedef struct {
  const LwTidbCallDef *def;
  char               **args;    /* owned copy of the arguments without secrets */
  GPtrArray           *items;   /* paged calls */
  guint                pages;
  char                *token;
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *cd = data;

  g_strfreev (cd->args);
  g_clear_pointer (&cd->items, g_ptr_array_unref);
  g_free (cd->token);
  g_free (cd);
}

static void call_next_page (GTask *task);

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  LwTidbClient *self = LW_TIDB_CLIENT (object);
  CallData *cd = g_task_get_task_data (task);
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
  if (cd->def->result_size == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                               "TiDB Cloud answered %s with something that is not a JSON object", cd->def->operation_id);
      g_object_unref (task);
      return;
    }
  o = json_node_get_object (node);
  if (cd->def->items == NULL)
    {
      g_task_return_pointer (task, parse_result (cd->def, o), cd->def->result_free);
      g_object_unref (task);
      return;
    }

  array = lw_json_get_list (o, cd->def->items, NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = lw_json_array_get_object (array, i);
      if (item != NULL)
        g_ptr_array_add (cd->items, parse_result (cd->def, item));
    }

  /* Follow nextPageToken until empty, never more than max_pages, and never the same token twice
   * (the CLI's infinite-loop bug). */
  next = lw_json_dup_string (o, "nextPageToken");
  if (next == NULL || *next == '\0' || g_strcmp0 (next, cd->token) == 0 || cd->pages >= self->max_pages)
    {
      if (next != NULL && *next != '\0')
        g_debug ("%s: stopped after %u pages (hard cap or repeated token)", cd->def->operation_id, cd->pages);
      g_task_return_pointer (task, g_ptr_array_ref (cd->items), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  g_free (cd->token);
  cd->token = g_steal_pointer (&next);
  call_next_page (task);
}

static void
call_next_page (GTask *task)
{
  LwTidbClient *self = g_task_get_source_object (task);
  CallData *cd = g_task_get_task_data (task);
  g_autofree char *path = build_path (cd->def, (const char * const *) cd->args, cd->token);

  cd->pages++;
  request_start (self, cd->def->host, cd->def->method, path, NULL, FALSE, g_task_get_cancellable (task),
                 call_cb, task);
}

/* Runs table entry @id with @args (name, value, …, NULL); the finish is tidb_call_finish(). */
static void
tidb_call (LwTidbClient        *self,
           guint                id,
           const char * const  *args,
           gpointer             tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  const LwTidbCallDef *def = &calls[id];
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  CallData *cd = g_new0 (CallData, 1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  gboolean secret = FALSE;

  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, tag);
  cd->def = def;
  for (const LwTidbSend *f = def->body; f != NULL && f->name != NULL; f++)
    secret |= f->secret;
  /* Only a paged call needs its arguments later, and no paged call has a body (or a secret). */
  for (guint i = 0; def->items != NULL && args != NULL && args[i] != NULL; i += 2)
    {
      g_strv_builder_add (kept, args[i]);
      g_strv_builder_add (kept, args[i + 1] != NULL ? args[i + 1] : "");
    }
  cd->args = g_strv_builder_end (kept);
  if (def->items != NULL)
    cd->items = g_ptr_array_new_with_free_func (def->result_free);
  g_task_set_task_data (task, cd, call_data_free);

  if (def->items != NULL)
    {
      call_next_page (task);
      return;
    }
  path = build_path (def, args, NULL);
  if (def->body != NULL)
    body = build_body (def, args);
  request_start (self, def->host, def->method, path, body, secret, cancellable, call_cb, task);
  if (body != NULL && secret)
    wipe_body_secrets (def, body);
}

static gpointer
tidb_call_finish (LwTidbClient  *self,
                  GAsyncResult  *result,
                  gpointer       tag,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

#define ARGS(...) ((const char * const []) { __VA_ARGS__, NULL })

/* Typed calls */

void
lw_tidb_client_list_projects_async (LwTidbClient        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_LIST_PROJECTS, NULL, lw_tidb_client_list_projects_async, cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_projects_finish (LwTidbClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_list_projects_async, error);
}

void
lw_tidb_client_list_clusters_async (LwTidbClient        *self,
                                    const char          *filter,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_LIST_CLUSTERS, ARGS ("filter", filter), lw_tidb_client_list_clusters_async,
             cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_clusters_finish (LwTidbClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_list_clusters_async, error);
}

void
lw_tidb_client_get_cluster_async (LwTidbClient        *self,
                                  const char          *cluster_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_GET_CLUSTER, ARGS ("clusterId", cluster_id), lw_tidb_client_get_cluster_async,
             cancellable, callback, user_data);
}

LwTidbCluster *
lw_tidb_client_get_cluster_finish (LwTidbClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_get_cluster_async, error);
}

void
lw_tidb_client_get_availability_zones_async (LwTidbClient        *self,
                                             const char          *cluster_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_GET_ZONES, ARGS ("clusterId", cluster_id), lw_tidb_client_get_availability_zones_async,
             cancellable, callback, user_data);
}

LwTidbAvailabilityZones *
lw_tidb_client_get_availability_zones_finish (LwTidbClient  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_get_availability_zones_async, error);
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
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_CREATE_PLC,
             ARGS ("clusterId", cluster_id, "displayName", display_name, "endpointServiceName", endpoint_service_name),
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
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_GET_PLC, ARGS ("clusterId", cluster_id, "privateLinkConnectionId", private_link_connection_id),
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
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_DELETE_PLC, ARGS ("clusterId", cluster_id, "privateLinkConnectionId", private_link_connection_id),
             lw_tidb_client_private_link_connection_finish, cancellable, callback, user_data);
}

LwTidbPrivateLinkConnection *
lw_tidb_client_private_link_connection_finish (LwTidbClient  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_private_link_connection_finish, error);
}

void
lw_tidb_client_list_private_link_connections_async (LwTidbClient        *self,
                                                    const char          *cluster_id,
                                                    const char          *state,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  tidb_call (self, CALL_LIST_PLCS, ARGS ("clusterId", cluster_id, "state", state),
             lw_tidb_client_list_private_link_connections_async, cancellable, callback, user_data);
}

GPtrArray *
lw_tidb_client_list_private_link_connections_finish (LwTidbClient  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error)
{
  return tidb_call_finish (self, result, lw_tidb_client_list_private_link_connections_async, error);
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
  char port_text[16];

  g_return_if_fail (LW_IS_TIDB_CLIENT (self));
  g_snprintf (port_text, sizeof port_text, "%u", port);
  tidb_call (self, CALL_TEST_CHANGEFEED,
             ARGS ("clusterId", cluster_id, "privateLinkConnectionId", private_link_connection_id,
                   "port", port_text, "userName", user_name, "password", password),
             lw_tidb_client_test_mysql_sink_async, cancellable, callback, user_data);
}

gboolean
lw_tidb_client_test_mysql_sink_finish (LwTidbClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lw_tidb_client_test_mysql_sink_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lw_tidb_client_fuzz_parsers (JsonObject *response)
{
  GError *error = tidb_error_from_response (429, response, "trace");

  g_error_free (error);
  for (guint i = 0; i < N_CALLS; i++)
    if (calls[i].result_size > 0)
      calls[i].result_free (parse_result (&calls[i], response));
}
