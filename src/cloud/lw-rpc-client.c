/* lw-rpc-client.c: signed (ACS3-HMAC-SHA256) Alibaba Cloud RPC calls with retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-rpc-client"

#include "config.h"

#include <string.h>

#include "lw-cloud-private.h"
#include "lw-wire.h"
#include "lw-rpc-client.h"
#include "lw-signer.h"

struct _LwRpcClient
{
  GObject        parent_instance;

  LwCredentials *credentials;
  char          *region_id;
  char          *endpoint_override;
  GTlsDatabase  *extra_ca;
  SoupSession   *session;
  LwClock       *clock;
  LwRetryPolicy  policy;
  double         timeout;
  double         time_scale;
  guint          request_count;
};

G_DEFINE_FINAL_TYPE (LwRpcClient, lw_rpc_client, G_TYPE_OBJECT)

enum {
  SIGNAL_ATTEMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lw_rpc_client_finalize (GObject *object)
{
  LwRpcClient *self = LW_RPC_CLIENT (object);

  g_clear_pointer (&self->credentials, lw_credentials_unref);
  g_clear_pointer (&self->region_id, g_free);
  g_clear_pointer (&self->endpoint_override, g_free);
  g_clear_object (&self->extra_ca);
  g_clear_object (&self->session);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (lw_rpc_client_parent_class)->finalize (object);
}

static void
lw_rpc_client_class_init (LwRpcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_rpc_client_finalize;

  /**
   * LwRpcClient::attempt:
   * @action: the API action
   * @attempt: 1-based attempt number
   * @request_id: (nullable): the RequestId of this attempt
   * @error: (nullable): the error of this attempt
   */
  signals[SIGNAL_ATTEMPT] =
    g_signal_new ("attempt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
lw_rpc_client_init (LwRpcClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Linkwright/" PACKAGE_VERSION, NULL);
  /* Our own timer implements the (scaled) per-request timeout. */
  soup_session_set_timeout (self->session, 0);
  self->clock = g_object_ref (lw_clock_get_system ());
  self->policy = LW_RETRY_POLICY_DEFAULT;
  self->timeout = 30.0;
  self->time_scale = 1.0;
}

LwRpcClient *
lw_rpc_client_new (LwCredentials *credentials,
                   const char    *region_id)
{
  LwRpcClient *self = g_object_new (LW_TYPE_RPC_CLIENT, NULL);

  if (credentials != NULL)
    self->credentials = lw_credentials_ref (credentials);
  self->region_id = g_strdup (region_id);
  return self;
}

LwCredentials *
lw_rpc_client_get_credentials (LwRpcClient *self)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), NULL);
  return self->credentials;
}

void
lw_rpc_client_set_credentials (LwRpcClient   *self,
                               LwCredentials *credentials)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  if (credentials != NULL)
    lw_credentials_ref (credentials);
  g_clear_pointer (&self->credentials, lw_credentials_unref);
  self->credentials = credentials;
}

const char *
lw_rpc_client_get_region (LwRpcClient *self)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), NULL);
  return self->region_id;
}

void
lw_rpc_client_set_region (LwRpcClient *self,
                          const char  *region_id)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  g_free (self->region_id);
  self->region_id = g_strdup (region_id);
}

gboolean
lw_rpc_client_set_endpoint_override (LwRpcClient  *self,
                                     const char   *base_url,
                                     GError      **error)
{
  char *checked = NULL;

  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), FALSE);

  if (base_url != NULL && (checked = lw_endpoints_check_override (base_url, error)) == NULL)
    return FALSE;
  g_free (self->endpoint_override);
  self->endpoint_override = checked;
  return TRUE;
}

const char *
lw_rpc_client_get_endpoint_override (LwRpcClient *self)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), NULL);
  return self->endpoint_override;
}

gboolean
lw_rpc_client_set_ca_file (LwRpcClient  *self,
                           const char   *path,
                           GError      **error)
{
  GTlsDatabase *db = NULL;

  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), FALSE);
  if (path != NULL && (db = lw_tls_load_ca_file (path, error)) == NULL)
    return FALSE;
  g_clear_object (&self->extra_ca);
  self->extra_ca = db;
  return TRUE;
}

void
lw_rpc_client_set_timeout (LwRpcClient *self,
                           double       seconds)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  self->timeout = seconds > 0 ? seconds : 30.0;
}

void
lw_rpc_client_set_time_scale (LwRpcClient *self,
                              double       time_scale)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  self->time_scale = time_scale > 0 ? time_scale : 1.0;
}

double
lw_rpc_client_get_time_scale (LwRpcClient *self)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), 1.0);
  return self->time_scale;
}

void
lw_rpc_client_set_retry_policy (LwRpcClient         *self,
                                const LwRetryPolicy *policy)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  g_return_if_fail (policy != NULL);
  self->policy = *policy;
  if (self->policy.max_attempts == 0)
    self->policy.max_attempts = 1;
}

void
lw_rpc_client_get_retry_policy (LwRpcClient   *self,
                                LwRetryPolicy *policy)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  *policy = self->policy;
}

void
lw_rpc_client_set_clock (LwRpcClient *self,
                         LwClock     *clock)
{
  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  g_set_object ((GObject **) &self->clock, clock != NULL ? (GObject *) clock : (GObject *) lw_clock_get_system ());
}

guint
lw_rpc_client_get_request_count (LwRpcClient *self)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), 0);
  return self->request_count;
}

gboolean
lw_rpc_action_takes_param (LwProduct   product,
                           const char *action,
                           const char *name)
{
  return lw_wire_takes_param (product, action, name);
}

char *
lw_rpc_client_new_client_token (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *out = g_string_new ("lw-");

  for (const char *p = uuid; *p; p++)
    if (*p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* One logical call. */

typedef struct {
  LwProduct     product;
  char         *action;
  LwParams     *params;
  const LwWireCall *wire;          /* the action's description, NULL for raw calls */
  LwParams     *query_params;      /* placed by the description */
  LwParams     *body_params;
  LwCallFlags   flags;
  guint         attempt;
  GPtrArray    *request_ids;       /* per attempt, NULL entries for no RequestId */
  char         *host;              /* Host header (with port if needed) */
  char         *base_url;          /* scheme://host[:port] */
  GCancellable *attempt_cancellable;
  gulong        cancelled_id;
  GSource      *timeout_source;
  gboolean      timed_out;
  SoupMessage  *message;
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *cd = data;

  g_free (cd->action);
  lw_params_free (cd->params);
  g_clear_pointer (&cd->query_params, lw_params_free);
  g_clear_pointer (&cd->body_params, lw_params_free);
  g_ptr_array_unref (cd->request_ids);
  g_free (cd->host);
  g_free (cd->base_url);
  g_clear_object (&cd->attempt_cancellable);
  if (cd->timeout_source != NULL)
    {
      g_source_destroy (cd->timeout_source);
      g_source_unref (cd->timeout_source);
    }
  g_clear_object (&cd->message);
  g_free (cd);
}

static void start_attempt (GTask *task);

static SoupMessage *
build_message (LwRpcClient  *self,
               CallData     *cd,
               GError      **error)
{
  g_autoptr(LwParams) query = NULL;
  g_autoptr(LwParams) headers = lw_params_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = lw_signer_format_timestamp (now);
  g_autofree char *nonce = lw_signer_new_nonce ();
  g_autofree char *body = NULL;
  g_autofree char *hashed = NULL;
  g_autofree char *query_string = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  const char *token;
  gboolean in_body;
  SoupMessage *msg;
  SoupMessageHeaders *request_headers;

  if (self->credentials == NULL)
    {
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                           "No Alibaba Cloud credentials were given");
      return NULL;
    }

  in_body = lw_product_params_in_body (cd->product);
  if (cd->flags & LW_CALL_FLAGS_IN_QUERY)
    in_body = FALSE;
  if (cd->flags & LW_CALL_FLAGS_IN_BODY)
    in_body = TRUE;

  if (cd->wire != NULL)
    {
      /* Where the official SDK puts each parameter; a form body only when one goes there. */
      query = lw_params_copy (cd->query_params);
      in_body = lw_params_get_length (cd->body_params) > 0;
      body = in_body ? lw_params_to_encoded (cd->body_params) : g_strdup ("");
    }
  else if (in_body)
    {
      query = lw_params_new ();
      body = lw_params_to_encoded (cd->params);
    }
  else
    {
      query = lw_params_copy (cd->params);
      body = g_strdup ("");
    }
  hashed = lw_signer_hex_sha256 (body, strlen (body));

  lw_params_add (headers, "host", cd->host);
  lw_params_add (headers, "x-acs-action", cd->action);
  lw_params_add (headers, "x-acs-version", lw_product_get_version (cd->product));
  lw_params_add (headers, "x-acs-date", date);
  lw_params_add (headers, "x-acs-signature-nonce", nonce);
  lw_params_add (headers, "x-acs-content-sha256", hashed);
  if (in_body)
    lw_params_add (headers, "content-type", "application/x-www-form-urlencoded");
  token = lw_credentials_get_security_token (self->credentials);
  if (token != NULL)
    lw_params_add (headers, "x-acs-security-token", token);

  authorization = lw_signer_v3_authorization (lw_credentials_get_access_key_id (self->credentials),
                                              lw_credentials_get_access_key_secret (self->credentials),
                                              "POST", "/", query, headers, hashed);

  query_string = lw_params_to_canonical (query);
  url = g_strdup_printf ("%s/%s%s", cd->base_url, *query_string ? "?" : "", query_string);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT, "Invalid request URL for %s", cd->host);
      return NULL;
    }

  request_headers = soup_message_get_request_headers (msg);
  for (guint i = 0; i < lw_params_get_length (headers); i++)
    {
      const char *name = lw_params_get_name (headers, i);

      /* libsoup sets the body's Content-Type itself (below). */
      if (!g_str_equal (name, "content-type"))
        soup_message_headers_replace (request_headers, name, lw_params_get_value (headers, i));
    }
  soup_message_headers_replace (request_headers, "Authorization", authorization);
  soup_message_headers_replace (request_headers, "Accept", "application/json");

  if (in_body)
    {
      gsize len = strlen (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), len);

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  return msg;
}

static char *
dup_error_detail (JsonObject *object,
                  const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    return lw_json_dup_string (object, member);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  /* AccessDeniedDetail is an object in some products: keep it as compact JSON. */
  return json_to_string (node, FALSE);
}

/* Builds the error of a non-2xx answer (or a 2xx answer that carries a Code). */
static GError *
error_from_response (guint       status,
                     JsonObject *object)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *recommend = NULL;
  g_autofree char *detail = NULL;
  GError *error;

  if (object != NULL)
    {
      code = lw_json_dup_string (object, "Code");
      if (code == NULL)
        code = lw_json_dup_string (object, "code");
      message = lw_json_dup_string (object, "Message");
      if (message == NULL)
        message = lw_json_dup_string (object, "message");
      request_id = lw_json_dup_string (object, "RequestId");
      if (request_id == NULL)
        request_id = lw_json_dup_string (object, "requestId");
      recommend = lw_json_dup_string (object, "Recommend");
      detail = dup_error_detail (object, "AccessDeniedDetail");
    }
  if (code == NULL)
    code = g_strdup_printf ("HTTP%u", status);
  if (message == NULL)
    message = g_strdup (soup_status_get_phrase (status));

  error = lw_cloud_error_new_api (status, code, message, request_id);
  lw_cloud_error_set_recommend (error, recommend);
  lw_cloud_error_set_access_denied_detail (error, detail);
  return error;
}

static gboolean
code_means_success (const char *code)
{
  /* Some products put Code=200 / "success" in successful answers (Terraform formatError). */
  return code == NULL || g_str_equal (code, "200") || g_ascii_strcasecmp (code, "success") == 0;
}

static void
finish_attempt_timers (CallData     *cd,
                       GCancellable *outer)
{
  if (cd->timeout_source != NULL)
    {
      g_source_destroy (cd->timeout_source);
      g_clear_pointer (&cd->timeout_source, g_source_unref);
    }
  if (cd->cancelled_id != 0)
    {
      g_cancellable_disconnect (outer, cd->cancelled_id);
      cd->cancelled_id = 0;
    }
}

static void
return_error (GTask  *task,
              GError *error)
{
  CallData *cd = g_task_get_task_data (task);

  if (error->domain == LW_CLOUD_ERROR)
    {
      lw_cloud_error_set_action (error, cd->action);
      for (guint i = 0; i < cd->request_ids->len; i++)
        lw_cloud_error_add_attempt (error, g_ptr_array_index (cd->request_ids, i));
    }
  g_task_return_error (task, error);
}

static void
retry_sleep_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!lw_clock_sleep_finish (LW_CLOCK (object), result, &error))
    {
      return_error (task, g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED,
                                               "The request was cancelled"));
      return;
    }
  start_attempt (g_steal_pointer (&task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LwRpcClient *self = g_task_get_source_object (task);
  CallData *cd = g_task_get_task_data (task);
  GCancellable *outer = g_task_get_cancellable (task);
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonObject) object_ref = NULL;
  g_autofree char *request_id = NULL;
  JsonObject *object = NULL;
  guint status = 0;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport_error);
  finish_attempt_timers (cd, outer);

  if (bytes == NULL)
    {
      error = lw_cloud_error_from_transport (transport_error, cd->timed_out,
                                             g_cancellable_is_cancelled (outer), cd->message, cd->host);
    }
  else
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      status = soup_message_get_status (cd->message);
      parser = json_parser_new ();
      if (len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        object = json_node_get_object (json_parser_get_root (parser));

      if (object != NULL)
        request_id = lw_json_dup_string (object, "RequestId");
      /* Only the declared reads go further: a field read without being declared reads as
       * absent, so the description (checked against the official models) stays the truth. */
      if (object != NULL && status >= 200 && status < 300 && cd->wire != NULL && cd->wire->project)
        {
          g_autofree char *code = lw_json_dup_string (object, "Code");
          if (code_means_success (code))
            object = object_ref = lw_wire_project (cd->wire, object);
        }

      if (status >= 200 && status < 300 && object != NULL)
        {
          g_autofree char *code = lw_json_dup_string (object, "Code");
          if (!code_means_success (code))
            error = error_from_response (status, object);
        }
      else if (status >= 200 && status < 300)
        error = g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_PARSE,
                             "%s answered %s with something that is not a JSON object",
                             cd->host, cd->action);
      else
        error = error_from_response (status, object);
    }

  /* A dry run that passed validation answers with the error DryRunOperation. */
  if (error != NULL && (cd->flags & LW_CALL_FLAGS_DRY_RUN) &&
      lw_cloud_error_has_code (error, "DryRunOperation"))
    {
      g_clear_error (&error);
      object_ref = json_object_new ();
      json_object_set_boolean_member (object_ref, "DryRunOperation", TRUE);
      if (request_id != NULL)
        json_object_set_string_member (object_ref, "RequestId", request_id);
      object = object_ref;
    }

  g_ptr_array_add (cd->request_ids, g_strdup (request_id));
  g_debug ("%s %s attempt %u: HTTP %u, request ID %s%s%s", lw_product_get_name (cd->product),
           cd->action, cd->attempt, status, request_id ? request_id : "(none)",
           error ? ": " : "", error ? error->message : "");
  g_signal_emit (self, signals[SIGNAL_ATTEMPT], 0, cd->action, cd->attempt, request_id, error);

  if (error == NULL)
    {
      g_task_return_pointer (task, json_object_ref (object), (GDestroyNotify) json_object_unref);
      return;
    }

  if (!(cd->flags & LW_CALL_FLAGS_NO_RETRY) &&
      cd->attempt < self->policy.max_attempts &&
      lw_cloud_error_is_transient (error))
    {
      double delay = lw_retry_backoff_delay (&self->policy, cd->attempt,
                                             lw_clock_random_double (self->clock));
      gint64 delay_us = (gint64) (delay * self->time_scale * G_USEC_PER_SEC);

      g_debug ("%s: retrying in %.3f s", cd->action, delay * self->time_scale);
      lw_clock_sleep_async (self->clock, delay_us, outer, retry_sleep_cb, g_steal_pointer (&task));
      return;
    }

  return_error (task, g_steal_pointer (&error));
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  CallData *cd = user_data;

  cd->timed_out = TRUE;
  g_clear_pointer (&cd->timeout_source, g_source_unref);
  g_cancellable_cancel (cd->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    gpointer      user_data)
{
  GCancellable *attempt_cancellable = user_data;
  g_cancellable_cancel (attempt_cancellable);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  LwRpcClient *self = g_task_get_source_object (task);
  CallData *cd = g_task_get_task_data (task);

  return lw_tls_accept_with_ca_file (msg, certificate, errors, self->extra_ca,
                                     g_uri_get_host (soup_message_get_uri (msg)) ? g_uri_get_host (soup_message_get_uri (msg)) : cd->host);
}

static void
start_attempt (GTask *task)
{
  LwRpcClient *self = g_task_get_source_object (task);
  CallData *cd = g_task_get_task_data (task);
  GCancellable *outer = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  double timeout_s;

  if (g_cancellable_is_cancelled (outer))
    {
      return_error (task, g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED,
                                               "The request was cancelled"));
      g_object_unref (task);
      return;
    }

  cd->attempt++;
  cd->timed_out = FALSE;
  g_clear_object (&cd->message);
  cd->message = build_message (self, cd, &error);
  if (cd->message == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (self->extra_ca != NULL)
    g_signal_connect (cd->message, "accept-certificate", G_CALLBACK (accept_certificate_cb), task);

  g_clear_object (&cd->attempt_cancellable);
  cd->attempt_cancellable = g_cancellable_new ();
  if (outer != NULL)
    cd->cancelled_id = g_cancellable_connect (outer, G_CALLBACK (outer_cancelled_cb),
                                              g_object_ref (cd->attempt_cancellable), g_object_unref);

  timeout_s = self->timeout * self->time_scale;
  cd->timeout_source = g_timeout_source_new ((guint) MAX (1, timeout_s * 1000));
  g_source_set_callback (cd->timeout_source, attempt_timeout_cb, cd, NULL);
  g_source_attach (cd->timeout_source, g_task_get_context (task));

  self->request_count++;
  soup_session_send_and_read_async (self->session, cd->message, G_PRIORITY_DEFAULT,
                                    cd->attempt_cancellable, send_cb, task);
}

void
lw_rpc_client_call_async (LwRpcClient         *self,
                          LwProduct            product,
                          const char          *action,
                          const LwParams      *params,
                          LwCallFlags          flags,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CallData *cd;

  g_return_if_fail (LW_IS_RPC_CLIENT (self));
  g_return_if_fail (product <= LW_PRODUCT_LAST);
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, lw_rpc_client_call_async);

  cd = g_new0 (CallData, 1);
  cd->product = product;
  cd->action = g_strdup (action);
  cd->params = lw_params_copy (params);
  cd->flags = flags;
  cd->request_ids = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, cd, call_data_free);

  if (flags & LW_CALL_FLAGS_DRY_RUN)
    lw_params_set (cd->params, "DryRun", "true");

  if (!(flags & (LW_CALL_FLAGS_RAW | LW_CALL_FLAGS_IN_QUERY | LW_CALL_FLAGS_IN_BODY)))
    cd->wire = lw_wire_lookup (product, action);
  if (cd->wire != NULL &&
      !lw_wire_place (cd->wire, cd->params, &cd->query_params, &cd->body_params, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->endpoint_override != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (self->endpoint_override, G_URI_FLAGS_NONE, &error);
      int port;

      if (uri == NULL)
        {
          return_error (task, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                           "Invalid endpoint override: %s", error->message));
          return;
        }
      const char *h = g_uri_get_host (uri);
      /* An IPv6 literal keeps its brackets in the Host header. */
      g_autofree char *host = strchr (h, ':') != NULL ? g_strdup_printf ("[%s]", h) : g_strdup (h);

      port = g_uri_get_port (uri);
      cd->host = port > 0 ? g_strdup_printf ("%s:%d", host, port) : g_steal_pointer (&host);
      cd->base_url = g_strdup (self->endpoint_override);
    }
  else
    {
      cd->host = lw_endpoints_get_host (product, self->region_id);
      cd->base_url = g_strdup_printf ("https://%s", cd->host);
    }

  start_attempt (g_steal_pointer (&task));
}

JsonObject *
lw_rpc_client_call_finish (LwRpcClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (LW_IS_RPC_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lw_rpc_client_fuzz_parsers (JsonObject *response)
{
  GError *error = error_from_response (400, response);
  g_error_free (error);
}
