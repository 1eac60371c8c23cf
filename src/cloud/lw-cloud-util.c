/* lw-cloud-util.c: JSON helpers, typed and paged calls, TLS and transport errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-cloud-util"

#include <stdlib.h>

#include "lw-cloud-private.h"
#include "lw-wire.h"

char *
lw_json_dup_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double d = json_node_get_double (node);

      /* Integral doubles (e.g. a 17-digit UserId) print without an exponent; the range check
       * comes first because casting an out-of-range double is undefined. */
      if (d > -9.2e18 && d < 9.2e18 && d == (double) (gint64) d)
        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) d);
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
    }
  return NULL;
}

gint64
lw_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      default_value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return default_value;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      return (d > -9.2e18 && d < 9.2e18) ? (gint64) d : default_value;
    }
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      gint64 v;

      /* The APIs send Port and TotalCount as strings. */
      if (s != NULL && g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, &v, NULL))
        return v;
    }
  return default_value;
}

gboolean
lw_json_get_bool (JsonObject *object,
                  const char *member,
                  gboolean    default_value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return default_value;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  if (type == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return default_value;
}

JsonObject *
lw_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonObject *
lw_json_array_get_object (JsonArray *array,
                          guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
lw_json_get_list (JsonObject *object,
                  const char *outer,
                  const char *inner)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, outer)) == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (JSON_NODE_HOLDS_OBJECT (node) && inner != NULL)
    {
      JsonObject *wrapper = json_node_get_object (node);
      JsonNode *child = json_object_get_member (wrapper, inner);

      if (child != NULL && JSON_NODE_HOLDS_ARRAY (child))
        return json_node_get_array (child);
    }
  return NULL;
}

char **
lw_json_dup_strv (JsonObject *object,
                  const char *outer,
                  const char *inner)
{
  JsonArray *array = lw_json_get_list (object, outer, inner);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

void
lw_typed_result_add_region (LwRpcClient *client,
                            LwParams    *params)
{
  const char *region = lw_rpc_client_get_region (client);

  if (region != NULL && lw_params_lookup (params, "RegionId") == NULL)
    lw_params_add (params, "RegionId", region);
}

/* Typed calls */

typedef struct {
  LwParseFunc       parse;
  GDestroyNotify    result_free;
  const LwWireCall *wire;          /* parse by the description instead of @parse */
} TypedData;

static void
typed_call_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TypedData *td = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;
  gpointer parsed;

  response = lw_rpc_client_call_finish (LW_RPC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  parsed = td->wire != NULL ? lw_wire_parse_answer (td->wire, response) : td->parse (response, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, parsed, td->result_free);
}

void
lw_typed_call (LwRpcClient         *client,
               LwProduct            product,
               const char          *action,
               LwParams            *params,
               LwCallFlags          flags,
               LwParseFunc          parse,
               GDestroyNotify       result_free,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(LwParams) owned = params;
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  TypedData *td = g_new0 (TypedData, 1);

  td->parse = parse;
  td->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, g_free);
  lw_rpc_client_call_async (client, product, action, owned, flags, cancellable, typed_call_cb, task);
}

gpointer
lw_typed_call_finish (LwRpcClient   *client,
                      GAsyncResult  *result,
                      gpointer       source_tag,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Paged calls */

typedef struct {
  LwProduct       product;
  char           *action;
  LwParams       *params;
  const LwWireCall *wire;          /* parse by the description instead of @parse_page */
  LwPaging        paging;
  guint           page_size;
  LwPageParseFunc parse_page;
  GPtrArray      *items;
  guint           page;
  char           *next_token;
} PagedData;

static void
paged_data_free (gpointer data)
{
  PagedData *pd = data;

  g_free (pd->action);
  lw_params_free (pd->params);
  g_ptr_array_unref (pd->items);
  g_free (pd->next_token);
  g_free (pd);
}

static void paged_next (GTask *task);

static void
paged_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  PagedData *pd = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;
  guint before = pd->items->len;
  gboolean more;

  response = lw_rpc_client_call_finish (LW_RPC_CLIENT (object), result, &error);
  if (response != NULL && pd->wire != NULL)
    g_ptr_array_extend_and_steal (pd->items, lw_wire_parse_answer (pd->wire, response));
  else if (response == NULL || !pd->parse_page (response, pd->items, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (pd->paging == LW_PAGING_NEXT_TOKEN)
    {
      g_free (pd->next_token);
      pd->next_token = lw_json_dup_string (response, "NextToken");
      more = pd->next_token != NULL && *pd->next_token != '\0';
    }
  else
    {
      gint64 total = lw_json_get_int (response, "TotalRecordCount",
                                      lw_json_get_int (response, "TotalCount", -1));
      guint added = pd->items->len - before;

      more = added >= pd->page_size && added > 0;
      if (total >= 0 && pd->items->len >= (guint64) total)
        more = FALSE;
    }

  if (more && pd->page >= LW_MAX_PAGES)
    {
      g_debug ("%s: stopping after %u pages (hard cap)", pd->action, pd->page);
      more = FALSE;
    }

  if (!more)
    {
      g_task_return_pointer (task, g_ptr_array_ref (pd->items), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  paged_next (task);
}

static void
paged_next (GTask *task)
{
  PagedData *pd = g_task_get_task_data (task);
  g_autoptr(LwParams) params = lw_params_copy (pd->params);

  pd->page++;
  if (pd->paging == LW_PAGING_NEXT_TOKEN)
    {
      lw_params_add_uint (params, "MaxResults", pd->page_size);
      if (pd->next_token != NULL && *pd->next_token != '\0')
        lw_params_add (params, "NextToken", pd->next_token);
    }
  else
    {
      lw_params_add_uint (params, "PageNumber", pd->page);
      lw_params_add_uint (params, "PageSize", pd->page_size);
    }
  lw_rpc_client_call_async (g_task_get_source_object (task), pd->product, pd->action, params,
                            LW_CALL_FLAGS_NONE, g_task_get_cancellable (task), paged_cb, task);
}

void
lw_paged_call (LwRpcClient         *client,
               LwProduct            product,
               const char          *action,
               LwParams            *params,
               LwPaging             paging,
               guint                page_size,
               LwPageParseFunc      parse_page,
               GDestroyNotify       item_free,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  PagedData *pd = g_new0 (PagedData, 1);

  pd->product = product;
  pd->action = g_strdup (action);
  pd->params = params;
  pd->paging = paging;
  pd->page_size = page_size > 0 ? page_size : 50;
  pd->parse_page = parse_page;
  pd->items = g_ptr_array_new_with_free_func (item_free);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, pd, paged_data_free);
  paged_next (task);
}

/* Calls described in lw-wire.c */

void
lw_wire_call_async (LwRpcClient         *client,
                    const LwWireCall    *call,
                    LwParams            *params,
                    LwCallFlags          flags,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (call != NULL && call->result != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  /* Cancellation is reported as LW_CLOUD_ERROR_CANCELLED by the layers below. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, source_tag);
  if (call->pages != LW_WIRE_PAGES_NONE)
    {
      PagedData *pd = g_new0 (PagedData, 1);

      pd->product = call->product;
      pd->action = g_strdup (call->action);
      pd->params = params;
      pd->wire = call;
      pd->paging = call->pages == LW_WIRE_PAGES_TOKEN ? LW_PAGING_NEXT_TOKEN : LW_PAGING_PAGE_NUMBER;
      pd->page_size = call->page_size > 0 ? call->page_size : 50;
      pd->items = g_ptr_array_new_with_free_func (call->result->free);
      g_task_set_task_data (task, pd, paged_data_free);
      paged_next (task);
    }
  else
    {
      g_autoptr(LwParams) owned = params;
      TypedData *td = g_new0 (TypedData, 1);

      td->wire = call;
      td->result_free = call->list != NULL ? (GDestroyNotify) g_ptr_array_unref : call->result->free;
      g_task_set_task_data (task, td, g_free);
      lw_rpc_client_call_async (client, call->product, call->action, owned, flags, cancellable,
                                typed_call_cb, task);
    }
}

/* Transport errors and TLS */

static char *
describe_tls_errors (GTlsCertificateFlags flags)
{
  g_autoptr(GString) out = g_string_new (NULL);

#define ADD(flag, text) if (flags & (flag)) g_string_append_printf (out, "%s%s", out->len ? "; " : "", text)
  ADD (G_TLS_CERTIFICATE_UNKNOWN_CA, "it is not signed by a trusted certificate authority");
  ADD (G_TLS_CERTIFICATE_BAD_IDENTITY, "it does not match the host name");
  ADD (G_TLS_CERTIFICATE_NOT_ACTIVATED, "it is not yet valid");
  ADD (G_TLS_CERTIFICATE_EXPIRED, "it has expired");
  ADD (G_TLS_CERTIFICATE_REVOKED, "it has been revoked");
  ADD (G_TLS_CERTIFICATE_INSECURE, "its algorithm is insecure");
  ADD (G_TLS_CERTIFICATE_GENERIC_ERROR, "it could not be validated");
#undef ADD
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GError *
lw_cloud_error_from_transport (GError      *soup_error,
                               gboolean     timed_out,
                               gboolean     cancelled,
                               SoupMessage *message,
                               const char  *host)
{
  GTlsCertificateFlags tls_errors = message != NULL ? soup_message_get_tls_peer_certificate_errors (message) : 0;

  if (timed_out)
    return g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT,
                        "%s did not answer in time", host);
  if (cancelled || g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_CANCELLED, "The request was cancelled");
  if (soup_error != NULL && (soup_error->domain == G_TLS_ERROR || tls_errors != 0))
    {
      if (tls_errors != 0)
        {
          g_autofree char *why = describe_tls_errors (tls_errors);
          return g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_TLS,
                              "The TLS certificate of %s was refused: %s. The connection was not "
                              "made; check the endpoint, or trust its CA explicitly.", host, why);
        }
      return g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_TLS,
                          "Secure connection to %s failed: %s", host, soup_error->message);
    }
  if (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT, "%s did not answer in time", host);
  return g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK, "Could not reach %s: %s", host,
                      soup_error != NULL ? soup_error->message : "unknown error");
}

GTlsDatabase *
lw_tls_load_ca_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *db = g_tls_file_database_new (path, &local_error);

  if (db == NULL)
    g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                 "Cannot load CA certificates from %s: %s", path, local_error->message);
  return db;
}

gboolean
lw_tls_accept_with_ca_file (SoupMessage          *message,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors,
                            GTlsDatabase         *extra_ca,
                            const char           *host)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  GTlsCertificateFlags verdict;

  /* Only an unknown CA can be fixed by the extra trust anchors; a wrong host name, an expired
   * certificate etc. stay refused. */
  if (extra_ca == NULL || (errors & ~G_TLS_CERTIFICATE_UNKNOWN_CA) != 0)
    return FALSE;

  identity = g_network_address_new (host, 0);
  verdict = g_tls_database_verify_chain (extra_ca, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                         identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return verdict == 0;
}

LwParams *
lw_region_params (LwRpcClient *client)
{
  LwParams *params = lw_params_new ();

  lw_typed_result_add_region (client, params);
  return params;
}

gboolean
lw_json_append_objects (JsonArray  *array,
                        GPtrArray  *items,
                        gpointer  (*parse) (JsonObject *))
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (items, parse (json_node_get_object (node)));
    }
  return TRUE;
}

gpointer
lw_parse_ok (JsonObject  *response,
             GError     **error)
{
  return GINT_TO_POINTER (TRUE);
}
