/* lw-sim.c — the simulated cloud: HTTP server, routing, authentication, admin API
 *
 * One loopback SoupServer for every product. RPC requests (path "/") are routed by API version
 * (x-acs-version header for the V3 signature, Version parameter for the old one); TiDB Cloud
 * requests by path (/v1beta1/...), behind HTTP Digest; /_sim/... is the unauthenticated admin API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#define G_LOG_DOMAIN "lw-sim"

#include "lw-sim-private.h"
#include "lw-sim-fuzz.h"

#include <string.h>

#define SKEW_LIMIT_S    (15 * 60)
#define MAX_BODY_BYTES  (1024 * 1024)
#define MAX_PARAM_BYTES (32 * 1024)
#define TIMEOUT_HOLD_MS 120000.0

G_DEFINE_FINAL_TYPE (LwSimServer, lw_sim_server, G_TYPE_OBJECT)

typedef struct {
  const char        *version;
  const char        *product;
  const char        *host_id;
  const LwSimAction *actions;
} LwSimProduct;

static const LwSimProduct products[] = {
  { "2014-08-15", "Rds", "rds.aliyuncs.com", lw_sim_rds_actions },
  { "2016-04-28", "Vpc", "vpc.aliyuncs.com", lw_sim_vpc_actions },
  { "2015-04-01", "Sts", "sts.aliyuncs.com", lw_sim_sts_actions },
  { "2022-04-30", "Nlb", "nlb.aliyuncs.com", lw_sim_nlb_actions },
  { "2020-04-15", "Privatelink", "privatelink.aliyuncs.com", lw_sim_privatelink_actions },
  { "2017-08-01", "Polardb", "polardb.aliyuncs.com", lw_sim_polardb_actions },
  { "2014-05-26", "Ecs", "ecs.aliyuncs.com", lw_sim_ecs_actions },
};

/* ------------------------------------------------------------------------------------------ */
/* Timers: every delay is a GSource on the server's context, tracked so that dispose and reset  */
/* can cancel them.                                                                              */

typedef struct {
  LwSimServer    *sim;
  LwSimTimerFunc  func;
  gpointer        data;
  GDestroyNotify  destroy;
  GSource        *source;
} LwSimTimer;

static gboolean
timer_fire (gpointer user_data)
{
  LwSimTimer *timer = user_data;

  g_hash_table_remove (timer->sim->sources, timer->source);
  timer->func (timer->sim, timer->data);
  return G_SOURCE_REMOVE;
}

static void
timer_free (gpointer user_data)
{
  LwSimTimer *timer = user_data;

  if (timer->destroy)
    timer->destroy (timer->data);
  g_free (timer);
}

static void
schedule_ms (LwSimServer    *sim,
             guint           ms,
             LwSimTimerFunc  func,
             gpointer        data,
             GDestroyNotify  destroy)
{
  LwSimTimer *timer = g_new0 (LwSimTimer, 1);

  timer->sim = sim;
  timer->func = func;
  timer->data = data;
  timer->destroy = destroy;
  timer->source = g_timeout_source_new (ms);
  g_source_set_name (timer->source, "[lw-sim] delay");
  g_source_set_callback (timer->source, timer_fire, timer, timer_free);
  g_hash_table_add (sim->sources, timer->source);
  g_source_attach (timer->source, sim->context);
  g_source_unref (timer->source);
}

void
lw_sim_schedule (LwSimServer    *sim,
                 const char     *delay_key,
                 LwSimTimerFunc  func,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  schedule_ms (sim, lw_sim_delay_ms (sim, delay_key), func, data, destroy);
}

static void
cancel_timers (LwSimServer *sim)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, sim->sources);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sources, g_source_ref (key));
  g_hash_table_remove_all (sim->sources);
  for (guint i = 0; i < sources->len; i++)
    {
      g_source_destroy (g_ptr_array_index (sources, i));
      g_source_unref (g_ptr_array_index (sources, i));
    }
}

typedef struct {
  char *kind, *id_field, *id, *field, *value, *job_id, *job_status;
} LwSimTransition;

static void
transition_free (gpointer p)
{
  LwSimTransition *t = p;

  g_free (t->kind);
  g_free (t->id_field);
  g_free (t->id);
  g_free (t->field);
  g_free (t->value);
  g_free (t->job_id);
  g_free (t->job_status);
  g_free (t);
}

static void
transition_fire (LwSimServer *sim,
                 gpointer     data)
{
  LwSimTransition *t = data;
  JsonObject *obj = lw_sim_res_find (sim, t->kind, t->id_field, t->id);

  if (obj != NULL)
    {
      if (t->value == NULL)
        lw_sim_res_remove (sim, t->kind, obj);
      else
        json_object_set_string_member (obj, t->field, t->value);
    }
  if (t->job_id)
    lw_sim_job_set (sim, t->job_id, t->job_status ? t->job_status : "Succeeded");
  lw_sim_reconcile (sim);
}

void
lw_sim_schedule_transition (LwSimServer *sim,
                            const char  *delay_key,
                            const char  *kind,
                            const char  *id_field,
                            const char  *id,
                            const char  *field,
                            const char  *value,
                            const char  *job_id,
                            const char  *job_status)
{
  LwSimTransition *t = g_new0 (LwSimTransition, 1);

  t->kind = g_strdup (kind);
  t->id_field = g_strdup (id_field);
  t->id = g_strdup (id);
  t->field = g_strdup (field);
  t->value = g_strdup (value);
  t->job_id = g_strdup (job_id);
  t->job_status = g_strdup (job_status);
  lw_sim_schedule (sim, delay_key, transition_fire, t, transition_free);
}

/* ------------------------------------------------------------------------------------------ */
/* Responses                                                                                    */

typedef struct {
  SoupServerMessage *msg;
  gulong             finished_id;
  gboolean           done;
} LwSimHeld;

static void
held_finished (SoupServerMessage *msg,
               gpointer           user_data)
{
  LwSimHeld *held = user_data;

  held->done = TRUE;
}

static void
held_release (LwSimServer *sim,
              gpointer     data)
{
  LwSimHeld *held = data;

  if (!held->done)
    {
      held->done = TRUE;
      soup_server_message_unpause (held->msg);
    }
}

static void
held_free (gpointer data)
{
  LwSimHeld *held = data;

  /* Cancelled (reset or dispose): answer now rather than leave the client hanging. */
  if (!held->done)
    soup_server_message_unpause (held->msg);
  g_signal_handler_disconnect (held->msg, held->finished_id);
  g_object_unref (held->msg);
  g_free (held);
}

static void
hold_response (LwSimServer       *sim,
               SoupServerMessage *msg,
               guint              ms)
{
  LwSimHeld *held = g_new0 (LwSimHeld, 1);

  held->msg = g_object_ref (msg);
  held->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (held_finished), held);
  soup_server_message_pause (msg);
  schedule_ms (sim, ms, held_release, held, held_free);
}

static void
drop_connection (LwSimServer *sim,
                 gpointer     data)
{
  SoupServerMessage *msg = data;
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               JsonNode          *body)
{
  g_autofree char *text = json_to_string (body, FALSE);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json;charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

void
lw_sim_respond_json (LwSimServer       *sim,
                     SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *body,
                     const char        *action,
                     gboolean           apply_after_faults)
{
  LwSimFault *fault = apply_after_faults && action ? lw_sim_faults_take (sim, action, FALSE) : NULL;
  guint net = lw_sim_delay_ms (sim, "network");

  set_json_body (msg, status, body);

  if (fault != NULL && fault->kind == LW_SIM_FAULT_DROP)
    {
      /* The action has run; the client never hears about it. Stealing from inside the
       * handler confuses libsoup's I/O, so do it from the next iteration. */
      soup_server_message_pause (msg);
      schedule_ms (sim, 0, drop_connection, g_object_ref (msg), g_object_unref);
      return;
    }
  if (fault != NULL && fault->kind == LW_SIM_FAULT_TIMEOUT)
    {
      double ms = TIMEOUT_HOLD_MS * sim->time_scale;
      hold_response (sim, msg, ms > G_MAXINT ? G_MAXINT : (guint) ms);
      return;
    }
  if (net > 0)
    hold_response (sim, msg, net);
}

static void
respond_object (LwSimServer       *sim,
                SoupServerMessage *msg,
                guint              status,
                JsonObject        *obj,
                const char        *action,
                gboolean           apply_after_faults)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);

  /* json_node_init_object() took its own reference; obj stays the caller's. */
  lw_sim_respond_json (sim, msg, status, node, action, apply_after_faults);
}

static char *
new_request_id (void)
{
  char *id = g_uuid_string_random ();

  for (char *p = id; *p; p++)
    *p = g_ascii_toupper (*p);
  return id;
}

static JsonObject *
error_body (const char *request_id,
            const char *host_id,
            const char *product,
            const char *code,
            const char *message)
{
  JsonObject *obj = json_object_new ();
  g_autofree char *recommend = g_strdup_printf ("https://api.aliyun.com/troubleshoot?q=%s&product=%s&requestId=%s",
                                                code, product ? product : "", request_id);

  json_object_set_string_member (obj, "RequestId", request_id);
  json_object_set_string_member (obj, "HostId", host_id ? host_id : "aliyuncs.com");
  json_object_set_string_member (obj, "Code", code);
  json_object_set_string_member (obj, "Message", message);
  json_object_set_string_member (obj, "Recommend", recommend);
  return obj;
}

JsonObject *
lw_sim_log_call (LwSimServer *sim,
                 const char  *product,
                 const char  *action,
                 const char  *operation,
                 const char  *key_id,
                 guint        status,
                 const char  *code)
{
  JsonObject *entry = json_object_new ();
  g_autofree char *now = lw_sim_now_iso ();

  json_object_set_string_member (entry, "time", now);
  json_object_set_string_member (entry, "product", product);
  json_object_set_string_member (entry, "action", action);
  if (operation)
    json_object_set_string_member (entry, "operation", operation);
  /* Key IDs are not secrets; secrets never reach the log. */
  json_object_set_string_member (entry, "key", key_id ? key_id : "");
  json_object_set_int_member (entry, "status", status);
  if (code)
    json_object_set_string_member (entry, "code", code);
  g_ptr_array_add (sim->calls, entry);

  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? action : operation;
      guint n;

      if (name == NULL)
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (sim->call_counts, name));
      g_hash_table_replace (sim->call_counts, g_strdup (name), GUINT_TO_POINTER (n + 1));
    }
  return entry;
}

static JsonObject *
params_to_object (GHashTable *params)
{
  JsonObject *o = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  if (params == NULL)
    return o;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    /* Secrets are headers, never parameters, except the V1 signature (not a secret). */
    json_object_set_string_member (o, k, v);
  return o;
}

JsonArray *
lw_sim_server_dup_calls (LwSimServer *self)
{
  JsonArray *calls;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), NULL);
  calls = json_array_new ();
  for (guint i = 0; i < self->calls->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, g_ptr_array_index (self->calls, i));
      json_array_add_element (calls, json_node_copy (node));
    }
  return calls;
}

void
lw_sim_server_set_record_wire (LwSimServer *self,
                               gboolean     record)
{
  g_return_if_fail (LW_IS_SIM_SERVER (self));
  self->record_wire = record;
}

/* ------------------------------------------------------------------------------------------ */
/* Call helpers for the product files                                                          */

JsonObject *
lw_sim_call_ok (LwSimCall *call)
{
  g_clear_pointer (&call->reply, json_object_unref);
  call->reply = json_object_new ();
  call->status = 200;
  json_object_set_string_member (call->reply, "RequestId", call->request_id);
  return call->reply;
}

void
lw_sim_call_error (LwSimCall  *call,
                   guint       status,
                   const char *code,
                   const char *format,
                   ...)
{
  g_autofree char *message = NULL;
  const char *host_id = "aliyuncs.com";
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    if (g_strcmp0 (products[i].product, call->product) == 0)
      host_id = products[i].host_id;

  g_clear_pointer (&call->reply, json_object_unref);
  call->reply = error_body (call->request_id, host_id, call->product, code, message);
  call->status = status;
}

const char *
lw_sim_param (LwSimCall  *call,
              const char *name)
{
  return g_hash_table_lookup (call->params, name);
}

const char *
lw_sim_param_nth (LwSimCall  *call,
                  const char *list,
                  guint       n,
                  const char *member)
{
  g_autofree char *key = member ? g_strdup_printf ("%s.%u.%s", list, n, member)
                                : g_strdup_printf ("%s.%u", list, n);
  return g_hash_table_lookup (call->params, key);
}

GPtrArray *
lw_sim_param_list (LwSimCall  *call,
                   const char *list)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint n = 1; n <= 1000; n++)
    {
      const char *v = lw_sim_param_nth (call, list, n, NULL);
      if (v == NULL)
        break;
      g_ptr_array_add (values, (gpointer) v);
    }
  return values;
}

gboolean
lw_sim_param_enum (LwSimCall   *call,
                   const char  *name,
                   const char  *allowed,
                   const char  *fallback,
                   const char **out)
{
  const char *v = lw_sim_param (call, name);
  g_auto(GStrv) options = NULL;

  if (v == NULL || *v == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  options = g_strsplit (allowed, "|", -1);
  for (guint i = 0; options[i]; i++)
    if (strcmp (options[i], v) == 0)
      {
        *out = v;
        return TRUE;
      }
  {
    /* the real NLB code names the parameter */
    g_autofree char *code = g_strconcat ("IllegalParam.", name, NULL);
    lw_sim_call_error (call, 400, code, "The param of %s is illegal.", name);
  }
  return FALSE;
}

gboolean
lw_sim_param_int (LwSimCall  *call,
                  const char *name,
                  gint64      min,
                  gint64      max,
                  gint64      fallback,
                  gint64     *out)
{
  const char *v = lw_sim_param (call, name);

  if (v == NULL || *v == '\0')
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (v, 10, min, max, out, NULL))
    {
      lw_sim_call_error (call, 400, "InvalidParameter",
                         "The parameter %s must be an integer between %" G_GINT64_FORMAT
                         " and %" G_GINT64_FORMAT ".", name, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
lw_sim_param_bool (LwSimCall  *call,
                   const char *name,
                   gboolean    fallback,
                   gboolean   *out)
{
  const char *v = lw_sim_param (call, name);

  if (v == NULL || *v == '\0')
    *out = fallback;
  else if (g_ascii_strcasecmp (v, "true") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (v, "false") == 0)
    *out = FALSE;
  else
    {
      lw_sim_call_error (call, 400, "InvalidParameter", "The parameter %s must be true or false.", name);
      return FALSE;
    }
  return TRUE;
}

JsonArray *
lw_sim_public_array (GPtrArray *items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, lw_sim_public_node (g_ptr_array_index (items, i)));
  return array;
}

GPtrArray *
lw_sim_page_tokens (LwSimCall  *call,
                    GPtrArray  *items,
                    guint       default_max,
                    guint       max,
                    JsonObject *reply,
                    gboolean    total_as_string)
{
  const char *token = lw_sim_param (call, "NextToken");
  gint64 max_results;
  guint64 start = 0;
  GPtrArray *page;

  if (!lw_sim_param_int (call, "MaxResults", 1, max, default_max, &max_results))
    return NULL;
  if (token != NULL && *token != '\0')
    {
      /* Opaque to clients; an offset with a prefix so that garbage is recognisable. */
      if (!g_str_has_prefix (token, "lwnt-") ||
          !g_ascii_string_to_unsigned (token + 5, 10, 0, items->len, &start, NULL))
        {
          lw_sim_call_error (call, 400, "IllegalParam.NextToken", "The param of NextToken is illegal.");
          return NULL;
        }
    }

  page = g_ptr_array_new ();
  for (guint64 i = start; i < items->len && page->len < (guint) max_results; i++)
    g_ptr_array_add (page, g_ptr_array_index (items, i));

  if (start + page->len < items->len)
    {
      g_autofree char *next = g_strdup_printf ("lwnt-%" G_GUINT64_FORMAT, start + page->len);
      json_object_set_string_member (reply, "NextToken", next);
    }
  else
    json_object_set_string_member (reply, "NextToken", "");
  json_object_set_int_member (reply, "MaxResults", max_results);
  if (total_as_string)
    {
      g_autofree char *total = g_strdup_printf ("%u", items->len);
      json_object_set_string_member (reply, "TotalCount", total);
    }
  else
    json_object_set_int_member (reply, "TotalCount", items->len);
  return page;
}

GPtrArray *
lw_sim_page_numbers (LwSimCall *call,
                     GPtrArray *items,
                     guint      default_size,
                     guint      max_size,
                     guint     *page_number,
                     guint     *page_size)
{
  gint64 number, size;
  GPtrArray *page;
  guint64 start;

  if (!lw_sim_param_int (call, "PageNumber", 1, G_MAXINT32, 1, &number) ||
      !lw_sim_param_int (call, "PageSize", 1, max_size, default_size, &size))
    return NULL;

  page = g_ptr_array_new ();
  start = (guint64) (number - 1) * (guint64) size;
  for (guint64 i = start; i < items->len && page->len < (guint) size; i++)
    g_ptr_array_add (page, g_ptr_array_index (items, i));
  *page_number = (guint) number;
  *page_size = (guint) size;
  return page;
}

/* ------------------------------------------------------------------------------------------ */
/* Request parsing                                                                              */

static GHashTable *
parse_form (const char  *text,
            gssize       len,
            GError     **error)
{
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer k, v;

  if (text == NULL || len == 0 || (len < 0 && *text == '\0'))
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  params = g_uri_parse_params (text, len, "&", G_URI_PARAMS_WWW_FORM, error);
  if (params == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      if (!g_utf8_validate (k, -1, NULL) || !g_utf8_validate (v, -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A parameter is not valid UTF-8.");
          return NULL;
        }
      if (strlen (v) > MAX_PARAM_BYTES || strlen (k) > 256)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A parameter is too long.");
          return NULL;
        }
    }
  return g_steal_pointer (&params);
}

static GHashTable *
collect_headers (SoupMessageHeaders *headers)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  GHashTable *joined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GHashTableIter hi;
  gpointer k, v;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      GPtrArray *values = g_hash_table_lookup (table, lower);

      if (values == NULL)
        {
          values = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (table, g_strdup (lower), values);
        }
      g_ptr_array_add (values, g_strstrip (g_strdup (value)));
    }

  /* Repeated headers: values sorted and comma-joined, as the Go SDK's signer does. */
  g_hash_table_iter_init (&hi, table);
  while (g_hash_table_iter_next (&hi, &k, &v))
    {
      GPtrArray *values = v;
      g_ptr_array_sort (values, (GCompareFunc) g_strcmp0);
      if (values->len > 1)
        {
          GString *s = g_string_new (NULL);
          for (guint i = 0; i < values->len; i++)
            {
              const char *const *pv = (const char *const *) &g_ptr_array_index (values, i);
              if (i)
                g_string_append_c (s, ',');
              g_string_append (s, *pv);
            }
          g_hash_table_insert (joined, g_strdup (k), g_string_free (s, FALSE));
        }
      else
        g_hash_table_insert (joined, g_strdup (k), g_strdup (g_ptr_array_index (values, 0)));
    }
  g_hash_table_unref (table);
  return joined;
}

static void
merge_params (GHashTable *into,
              GHashTable *from)
{
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_replace (into, g_strdup (k), g_strdup (v));
}

static void
call_free (LwSimCall *call)
{
  g_clear_pointer (&call->params, g_hash_table_unref);
  g_clear_pointer (&call->query_params, g_hash_table_unref);
  g_clear_pointer (&call->body_params, g_hash_table_unref);
  g_clear_pointer (&call->reply, json_object_unref);
  g_free (call->action);
  g_free (call->request_id);
  g_free (call);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwSimCall, call_free)

static gboolean
nonce_seen (LwSimServer *sim,
            const char  *key_id,
            const char  *nonce)
{
  g_autofree char *k = g_strconcat (key_id, "\n", nonce, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 *expiry;

  /* Nonces only need remembering for as long as the timestamp is acceptable. */
  if (g_hash_table_size (sim->nonces) > 50000)
    {
      GHashTableIter iter;
      gpointer v;

      g_hash_table_iter_init (&iter, sim->nonces);
      while (g_hash_table_iter_next (&iter, NULL, &v))
        if (*(gint64 *) v < now)
          g_hash_table_iter_remove (&iter);
    }

  if (g_hash_table_contains (sim->nonces, k))
    return TRUE;
  expiry = g_new (gint64, 1);
  *expiry = now + 2 * SKEW_LIMIT_S;
  g_hash_table_insert (sim->nonces, g_steal_pointer (&k), expiry);
  return FALSE;
}

/* A temporary (STS.) key needs its token; a permanent key must not come with one. */
static gboolean
check_security_token (LwSimCall  *call,
                      const char *token)
{
  if (token != NULL && *token == '\0')
    token = NULL;
  if (call->key->security_token == NULL && token == NULL)
    return TRUE;
  if (call->key->security_token == NULL)
    {
      lw_sim_call_error (call, 400, "InvalidSecurityToken.MismatchWithAccessKey",
                         "The security token you provided does not match the access key.");
      return FALSE;
    }
  if (token == NULL)
    {
      lw_sim_call_error (call, 400, "MissingSecurityToken", "SecurityToken is mandatory for this access key.");
      return FALSE;
    }
  if (!lw_sim_constant_time_equal (token, call->key->security_token))
    {
      lw_sim_call_error (call, 400, "InvalidSecurityToken.Malformed", "The security token you provided is malformed.");
      return FALSE;
    }
  return TRUE;
}

/* Checks the timestamp; fills call->reply with the error and returns FALSE when it fails. */
static gboolean
check_timestamp (LwSimCall  *call,
                 const char *timestamp)
{
  gint64 t, now = g_get_real_time () / G_USEC_PER_SEC;

  if (timestamp == NULL || !lw_sim_parse_timestamp (timestamp, &t))
    {
      lw_sim_call_error (call, 400, "InvalidTimeStamp.Format",
                         "Specified time stamp or date value is not well formatted.");
      return FALSE;
    }
  if (ABS (now - t) > SKEW_LIMIT_S)
    {
      lw_sim_call_error (call, 400, "InvalidTimeStamp.Expired",
                         "Specified time stamp or date value is expired.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
authenticate_v3 (LwSimCall   *call,
                 const char  *authorization,
                 GHashTable  *headers,
                 GHashTable  *query,
                 const char  *method,
                 const char  *path,
                 GBytes      *body)
{
  g_autofree char *credential = NULL, *signed_headers = NULL, *signature = NULL;
  g_autofree char *expected = NULL, *sts = NULL;
  const char *nonce;

  if (!lw_sim_parse_v3_authorization (authorization, &credential, &signed_headers, &signature))
    {
      lw_sim_call_error (call, 400, "IncompleteSignature",
                         "The request signature does not conform to Aliyun standards.");
      return FALSE;
    }
  call->key = g_hash_table_lookup (call->sim->access_keys, credential);
  if (call->key == NULL)
    {
      lw_sim_call_error (call, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
      return FALSE;
    }
  if (!check_timestamp (call, g_hash_table_lookup (headers, "x-acs-date")))
    return FALSE;
  if (!check_security_token (call, g_hash_table_lookup (headers, "x-acs-security-token")))
    return FALSE;

  expected = lw_sim_v3_signature (method, path, query, headers, signed_headers,
                                  g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  call->key->secret, &sts, NULL);
  if (!lw_sim_constant_time_equal (expected, signature))
    {
      lw_sim_call_error (call, 400, "SignatureDoesNotMatch",
                         "Specified signature does not match our calculation. The string to sign is: %s", sts);
      return FALSE;
    }

  nonce = g_hash_table_lookup (headers, "x-acs-signature-nonce");
  if (nonce == NULL || *nonce == '\0')
    {
      lw_sim_call_error (call, 400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");
      return FALSE;
    }
  if (nonce_seen (call->sim, call->key->id, nonce))
    {
      lw_sim_call_error (call, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
authenticate_v1 (LwSimCall  *call,
                 const char *method)
{
  const char *key_id = lw_sim_param (call, "AccessKeyId");
  const char *signature = lw_sim_param (call, "Signature");
  const char *nonce = lw_sim_param (call, "SignatureNonce");
  const char *sig_method = lw_sim_param (call, "SignatureMethod");
  g_autofree char *expected = NULL, *sts = NULL;

  if (key_id == NULL || *key_id == '\0')
    {
      lw_sim_call_error (call, 400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
      return FALSE;
    }
  call->key = g_hash_table_lookup (call->sim->access_keys, key_id);
  if (call->key == NULL)
    {
      lw_sim_call_error (call, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
      return FALSE;
    }
  if (g_strcmp0 (sig_method, "HMAC-SHA1") != 0)
    {
      lw_sim_call_error (call, 400, "InvalidSignatureMethod", "Specified signature method is not supported.");
      return FALSE;
    }
  if (!check_timestamp (call, lw_sim_param (call, "Timestamp")))
    return FALSE;
  if (!check_security_token (call, lw_sim_param (call, "SecurityToken")))
    return FALSE;

  /* The old signature covers the merge of query and form body (what tea-rpc sends). */
  expected = lw_sim_v1_signature (method, call->params, call->key->secret, &sts);
  if (!lw_sim_constant_time_equal (expected, signature))
    {
      lw_sim_call_error (call, 400, "SignatureDoesNotMatch",
                         "Specified signature is not matched with our calculation. server string to sign is:%s", sts);
      return FALSE;
    }
  if (nonce == NULL || *nonce == '\0')
    {
      lw_sim_call_error (call, 400, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.");
      return FALSE;
    }
  if (nonce_seen (call->sim, call->key->id, nonce))
    {
      lw_sim_call_error (call, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
      return FALSE;
    }
  return TRUE;
}

static const char *
incorrect_status_code (const char *action)
{
  if (strstr (action, "Listener"))
    return "IncorrectStatus.listener";
  if (strstr (action, "Server"))
    return "IncorrectStatus.serverGroup";
  if (strstr (action, "LoadBalancer"))
    return "IncorrectStatus.loadBalancer";
  if (strstr (action, "Endpoint"))
    return "IncorrectStatus.endpointService";
  if (strstr (action, "DBInstance") || strstr (action, "SecurityIps"))
    return "IncorrectDBInstanceState";
  return "IncorrectStatus";
}

/* Returns TRUE when a before-fault answered the call. */
static gboolean
apply_before_fault (LwSimCall *call)
{
  LwSimFault *fault = lw_sim_faults_take (call->sim, call->action, TRUE);

  if (fault == NULL)
    return FALSE;

  switch (fault->kind)
    {
    case LW_SIM_FAULT_THROTTLING:
      lw_sim_call_error (call, 400, "Throttling.User", "Request was denied due to user flow control.");
      return TRUE;
    case LW_SIM_FAULT_5XX:
      lw_sim_call_error (call, 503, "ServiceUnavailable",
                         "The request has failed due to a temporary failure of the server.");
      return TRUE;
    case LW_SIM_FAULT_BUSY:
      lw_sim_call_error (call, 400, "SystemBusy", "System is busy, please try again later.");
      return TRUE;
    case LW_SIM_FAULT_INCORRECT_STATUS:
      lw_sim_call_error (call, 400, incorrect_status_code (call->action),
                         "The status of the resource is incorrect.");
      return TRUE;
    case LW_SIM_FAULT_ERROR:
      lw_sim_call_error (call, g_str_has_prefix (fault->code, "Forbidden") ? 403 : 400, fault->code,
                         "Injected permanent error %s.", fault->code);
      return TRUE;
    case LW_SIM_FAULT_CREATE_FAILED:
      call->create_failed = TRUE;
      return FALSE;
    case LW_SIM_FAULT_DROP:
    case LW_SIM_FAULT_TIMEOUT:
    default:
      return FALSE;
    }
}

static void
run_action (LwSimCall         *call,
            const LwSimAction *action)
{
  LwSimServer *sim = call->sim;
  const char *token = lw_sim_param (call, "ClientToken");
  const char *region = lw_sim_param (call, "RegionId");
  gboolean dry_run = FALSE;
  g_autofree char *token_key = NULL;
  JsonObject *cached;

  if (g_hash_table_contains (call->key->forbidden, call->action) || !lw_sim_policy_allows_call (call))
    {
      g_autofree char *detail = NULL;
      g_autofree char *product = g_ascii_strdown (call->product, -1);

      lw_sim_call_error (call, 403, "Forbidden.RAM",
                         "User not authorized to operate on the specified resource, or this API doesn't support RAM.");
      detail = g_strdup_printf ("Authorization failed: no policy allows %s:%s for %s.",
                                product, call->action, call->key->id);
      json_object_set_string_member (call->reply, "AccessDeniedDetail", detail);
      return;
    }

  if (apply_before_fault (call))
    return;

  if (action->required != NULL)
    {
      g_auto(GStrv) names = g_strsplit (action->required, " ", -1);
      for (guint i = 0; names[i]; i++)
        {
          const char *v = lw_sim_param (call, names[i]);
          if (*names[i] && (v == NULL || *v == '\0'))
            {
              g_autofree char *code = g_strconcat ("MissingParam.", names[i], NULL);
              lw_sim_call_error (call, 400, code,
                                 "The parameter %s that is mandatory for processing this request is not supplied.",
                                 names[i]);
              return;
            }
        }
    }
  /* Names and descriptions: the documented rules (data/api-string-rules.json), DryRun included. */
  if (!lw_sim_strings_check_rpc (call))
    return;
  if (region != NULL && *region != '\0' && !lw_sim_region_exists (sim, region))
    {
      lw_sim_call_error (call, 400, "InvalidRegionId", "The specified region %s does not exist.", region);
      return;
    }

  if (!lw_sim_param_bool (call, "DryRun", FALSE, &dry_run))
    return;
  if (dry_run)
    {
      lw_sim_call_error (call, 400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
      return;
    }

  if (token != NULL && *token != '\0')
    {
      token_key = g_strconcat (call->key->account_id, "\n", call->action, "\n", token, NULL);
      cached = g_hash_table_lookup (sim->token_replies, token_key);
      if (cached != NULL)
        {
          /* Same token, same action: the same result, and nothing new is created. */
          JsonNode *copy = lw_sim_public_node (cached);
          g_clear_pointer (&call->reply, json_object_unref);
          call->reply = json_object_ref (json_node_get_object (copy));
          json_node_unref (copy);
          call->status = 200;
          json_object_set_string_member (call->reply, "RequestId", call->request_id);
          return;
        }
    }

  action->func (call);

  if (call->status == 200 && token_key != NULL && call->reply != NULL)
    {
      JsonNode *copy = lw_sim_public_node (call->reply);
      g_hash_table_replace (sim->token_replies, g_steal_pointer (&token_key),
                            json_object_ref (json_node_get_object (copy)));
      json_node_unref (copy);
    }
}

/* Everything of one RPC call but the answer: parsing, routing, authentication, the action, the call
 * log. No SoupServerMessage, so that the fuzzer (lw_sim_fuzz_request) runs exactly this code.
 * @trusted_key skips authentication: only the fuzzer sets it, to reach the actions' parameter
 * parsing with inputs that no signature covers. Returns whether after-faults apply to the answer. */
static gboolean
process_rpc (LwSimCall          *call,
             const char         *method,
             const char         *path,
             const char         *raw_query,
             SoupMessageHeaders *request_headers,
             GBytes             *body,
             LwSimAccessKey     *trusted_key)
{
  LwSimServer *sim = call->sim;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GHashTable) body_params = NULL;
  g_autoptr(GHashTable) headers = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *authorization;
  const char *version = NULL;
  const LwSimProduct *product = NULL;
  const LwSimAction *action = NULL;

  call->request_id = new_request_id ();
  call->product = "";

  headers = collect_headers (request_headers);
  content_type = g_hash_table_lookup (headers, "content-type");
  authorization = g_hash_table_lookup (headers, "authorization");

  if (strcmp (method, "GET") != 0 && strcmp (method, "POST") != 0)
    {
      lw_sim_call_error (call, 400, "UnsupportedHTTPMethod", "The HTTP method %s is not supported.", method);
      goto out;
    }
  if (g_bytes_get_size (body) > MAX_BODY_BYTES)
    {
      lw_sim_call_error (call, 400, "InvalidParameter", "The request body is too large.");
      goto out;
    }

  query = parse_form (raw_query, -1, &error);
  if (query == NULL)
    {
      lw_sim_call_error (call, 400, "InvalidParameter", "The query string is malformed: %s", error->message);
      goto out;
    }
  if (g_bytes_get_size (body) > 0 && content_type != NULL &&
      g_str_has_prefix (content_type, "application/x-www-form-urlencoded"))
    {
      body_params = parse_form (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error);
      if (body_params == NULL)
        {
          lw_sim_call_error (call, 400, "InvalidParameter", "The form body is malformed: %s", error->message);
          goto out;
        }
    }

  call->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  merge_params (call->params, query);
  if (body_params)
    merge_params (call->params, body_params);
  if (sim->record_wire)
    {
      call->query_params = g_hash_table_ref (query);
      call->body_params = body_params ? g_hash_table_ref (body_params) : NULL;
    }

  if (authorization != NULL)
    {
      version = g_hash_table_lookup (headers, "x-acs-version");
      call->action = g_strdup (g_hash_table_lookup (headers, "x-acs-action"));
    }
  else
    {
      version = lw_sim_param (call, "Version");
      call->action = g_strdup (lw_sim_param (call, "Action"));
    }

  if (version == NULL || call->action == NULL || *call->action == '\0')
    {
      lw_sim_call_error (call, 400, "MissingParameter", "The Action and Version of the request are mandatory.");
      goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    if (strcmp (products[i].version, version) == 0)
      product = &products[i];
  if (product == NULL)
    {
      lw_sim_call_error (call, 400, "InvalidVersion", "Specified parameter Version is not valid.");
      goto out;
    }
  call->product = product->product;
  for (guint i = 0; product->actions[i].name; i++)
    if (strcmp (product->actions[i].name, call->action) == 0)
      action = &product->actions[i];
  if (action == NULL || strcmp (path, "/") != 0)
    {
      lw_sim_call_error (call, 404, "InvalidAction.NotFound",
                         "Specified api is not found, please check your url and method.");
      goto out;
    }

  if (trusted_key != NULL)
    call->key = trusted_key;
  else if (authorization != NULL)
    {
      if (!authenticate_v3 (call, authorization, headers, query, method, path, body))
        goto out;
    }
  else if (lw_sim_param (call, "Signature") != NULL)
    {
      if (!authenticate_v1 (call, method))
        goto out;
    }
  else
    {
      lw_sim_call_error (call, 400, "IncompleteSignature",
                         "The request signature does not conform to Aliyun standards.");
      goto out;
    }

  run_action (call, action);

out:
  if (call->reply == NULL)
    lw_sim_call_error (call, 500, "InternalError", "The request processing has failed due to some unknown error.");

  if (call->action != NULL && action != NULL)
    {
      JsonObject *entry = lw_sim_log_call (sim, call->product, call->action, NULL, call->key ? call->key->id : NULL,
                                           call->status,
                                           json_object_get_string_member_with_default (call->reply, "Code", NULL));
      if (sim->record_wire)
        {
          json_object_set_object_member (entry, "query", params_to_object (call->query_params));
          json_object_set_object_member (entry, "body", params_to_object (call->body_params));
          json_object_set_object_member (entry, "response", json_object_ref (call->reply));
        }
    }
  return action != NULL && call->key != NULL;
}

static void
handle_rpc (LwSimServer       *sim,
            SoupServerMessage *msg,
            const char        *path)
{
  g_autoptr(LwSimCall) call = g_new0 (LwSimCall, 1);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gboolean after_faults;

  call->sim = sim;
  call->msg = msg;
  after_faults = process_rpc (call, soup_server_message_get_method (msg), path,
                              g_uri_get_query (soup_server_message_get_uri (msg)),
                              soup_server_message_get_request_headers (msg), body, NULL);
  respond_object (sim, msg, call->status, call->reply, call->action, after_faults);
}

/* ------------------------------------------------------------------------------------------ */
/* Admin API                                                                                    */

static void
handle_admin (LwSimServer       *sim,
              SoupServerMessage *msg,
              const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  JsonObject *reply = json_object_new ();
  guint status = 200;

  if (strcmp (path, "/_sim/state") == 0 && strcmp (method, "GET") == 0)
    {
      g_autoptr(JsonNode) state = lw_sim_server_dump_state (sim);
      set_json_body (msg, 200, state);
      json_object_unref (reply);
      return;
    }
  else if (strcmp (path, "/_sim/calls") == 0 && strcmp (method, "GET") == 0)
    {
      JsonArray *calls = json_array_new ();
      for (guint i = 0; i < sim->calls->len; i++)
        json_array_add_object_element (calls, json_object_ref (g_ptr_array_index (sim->calls, i)));
      json_object_set_array_member (reply, "calls", calls);
    }
  else if (strcmp (path, "/_sim/faults") == 0 && strcmp (method, "POST") == 0)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *spec = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(GError) error = NULL;

      if (!g_utf8_validate (spec, -1, NULL))
        {
          status = 400;
          json_object_set_string_member (reply, "error", "The fault spec is not valid UTF-8.");
        }
      else if (!lw_sim_server_add_faults (sim, g_strstrip (spec), &error))
        {
          status = 400;
          json_object_set_string_member (reply, "error", error->message);
        }
      else
        json_object_set_boolean_member (reply, "ok", TRUE);
    }
  else if (strcmp (path, "/_sim/faults") == 0 && strcmp (method, "DELETE") == 0)
    {
      lw_sim_server_clear_faults (sim);
      json_object_set_boolean_member (reply, "ok", TRUE);
    }
  else if (strcmp (path, "/_sim/keys") == 0 && strcmp (method, "POST") == 0)
    lw_sim_policy_admin_add_key (sim, msg, reply, &status);
  else if (strcmp (path, "/_sim/reset") == 0 && strcmp (method, "POST") == 0)
    {
      lw_sim_server_reset (sim);
      json_object_set_boolean_member (reply, "ok", TRUE);
    }
  else if (strcmp (path, "/_sim/tidb-console/connect") == 0 && strcmp (method, "POST") == 0)
    {
      /* The user's part of a manual setup: create the connection "in the TiDB Cloud console". */
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *in = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;

      if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL)
          && json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        in = json_node_get_object (json_parser_get_root (parser));
      if (in != NULL)
        id = lw_sim_server_tidb_console_connect (sim, json_object_get_string_member_with_default (in, "clusterId", NULL),
                                                 json_object_get_string_member_with_default (in, "serviceName", NULL),
                                                 &error);
      if (id == NULL)
        {
          status = 400;
          json_object_set_string_member (reply, "error", error ? error->message : "Expected {\"clusterId\",\"serviceName\"}.");
        }
      else
        json_object_set_string_member (reply, "privateLinkConnectionId", id);
    }
  else
    {
      status = 404;
      json_object_set_string_member (reply, "error", "No such admin endpoint.");
    }

  {
    g_autoptr(JsonNode) node = lw_sim_node_take (reply);
    set_json_body (msg, status, node);
  }
}

/* HTTP Digest (RFC 7616; MD5, qop=auth) done here rather than with SoupAuthDomainDigest: libsoup
 * 3.2's server side compares the digest "uri" with the request URI after different escaping, so
 * a query with %XX escapes (a TiDB filter) never authenticates although curl and libsoup's
 * client sign it correctly. Returns the public key, or NULL after answering 401. */
static char *
md5_hex (const char *s)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, s, -1);
}

static gboolean
digest_uri_matches (const char *digest_uri,
                    const char *path,
                    const char *query)
{
  g_autofree char *want = NULL, *want_plain = NULL, *got_plain = NULL;

  want = query ? g_strconcat (path, "?", query, NULL) : g_strdup (path);
  want_plain = g_uri_unescape_string (want, NULL);
  got_plain = g_uri_unescape_string (digest_uri, NULL);
  return want_plain != NULL && got_plain != NULL && strcmp (want_plain, got_plain) == 0;
}

static void
digest_challenge (LwSimServer       *sim,
                  SoupServerMessage *msg,
                  gboolean           stale)
{
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *header = NULL;
  JsonObject *body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  gint64 *expiry = g_new (gint64, 1);

  *expiry = g_get_monotonic_time () / G_USEC_PER_SEC + 3600;
  if (g_hash_table_size (sim->digest_nonces) > 10000)
    g_hash_table_remove_all (sim->digest_nonces);
  g_hash_table_insert (sim->digest_nonces, g_strdup (nonce), expiry);

  /* domain= keeps a client's cached Digest credentials to /v1beta1/: the simulator serves the
   * RPC products from the same host, and their Authorization header must not be replaced. */
  header = g_strdup_printf ("Digest realm=\"tidbcloud\", domain=\"/v1beta1/\", nonce=\"%s\", qop=\"auth\", algorithm=MD5%s",
                            nonce, stale ? ", stale=true" : "");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", header);
  json_object_set_int_member (body, "code", 16);
  json_object_set_string_member (body, "message", "The API key is not authenticated.");
  json_object_set_array_member (body, "details", json_array_new ());
  node = lw_sim_node_take (body);
  set_json_body (msg, 401, node);
}

/* Checks a Digest Authorization header (NULL: none) without a SoupServerMessage, so that the
 * fuzzer runs it too. Returns the public key, or NULL with *stale set for the challenge. */
static char *
digest_check (LwSimServer *sim,
              const char  *method,
              const char  *path,
              const char  *query,
              const char  *header,
              gboolean    *stale)
{
  g_autoptr(GHashTable) params = NULL;
  const char *user, *realm, *nonce, *uri, *response, *qop, *nc, *cnonce, *algorithm, *password;
  g_autofree char *a1 = NULL, *ha1 = NULL, *a2 = NULL, *ha2 = NULL, *kd = NULL, *expected = NULL;

  *stale = FALSE;
  if (header == NULL || g_ascii_strncasecmp (header, "Digest ", 7) != 0)
    return NULL;
  params = soup_header_parse_param_list (header + 7);
  user = g_hash_table_lookup (params, "username");
  realm = g_hash_table_lookup (params, "realm");
  nonce = g_hash_table_lookup (params, "nonce");
  uri = g_hash_table_lookup (params, "uri");
  response = g_hash_table_lookup (params, "response");
  qop = g_hash_table_lookup (params, "qop");
  nc = g_hash_table_lookup (params, "nc");
  cnonce = g_hash_table_lookup (params, "cnonce");
  algorithm = g_hash_table_lookup (params, "algorithm");
  password = user ? g_hash_table_lookup (sim->tidb_keys, user) : NULL;

  if (user == NULL || password == NULL || g_strcmp0 (realm, "tidbcloud") != 0 || nonce == NULL || uri == NULL ||
      response == NULL || g_strcmp0 (qop, "auth") != 0 || nc == NULL || cnonce == NULL ||
      (algorithm != NULL && g_ascii_strcasecmp (algorithm, "MD5") != 0) || !digest_uri_matches (uri, path, query))
    return NULL;

  a1 = g_strdup_printf ("%s:%s:%s", user, realm, password);
  ha1 = md5_hex (a1);
  explicit_bzero (a1, strlen (a1));
  a2 = g_strdup_printf ("%s:%s", method, uri);
  ha2 = md5_hex (a2);
  kd = g_strdup_printf ("%s:%s:%s:%s:%s:%s", ha1, nonce, nc, cnonce, qop, ha2);
  expected = md5_hex (kd);
  if (!lw_sim_constant_time_equal (expected, response))
    return NULL;
  if (!g_hash_table_contains (sim->digest_nonces, nonce))
    {
      /* Right key, but a nonce this server did not issue (e.g. after a restart). */
      *stale = TRUE;
      return NULL;
    }
  return g_strdup (user);
}

static char *
digest_authenticate (LwSimServer       *sim,
                     SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean stale;
  char *user = digest_check (sim, soup_server_message_get_method (msg), g_uri_get_path (uri), g_uri_get_query (uri),
                             soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization"),
                             &stale);

  if (user == NULL)
    digest_challenge (sim, msg, stale);
  return user;
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  LwSimServer *sim = user_data;

  if (g_str_has_prefix (path, "/_sim/"))
    handle_admin (sim, msg, path);
  else if (g_str_has_prefix (path, "/v1beta1/"))
    {
      g_autofree char *user = digest_authenticate (sim, msg);
      if (user != NULL)
        lw_sim_tidb_handle (sim, msg, path, user);
    }
  else
    handle_rpc (sim, msg, path);
}

/* ------------------------------------------------------------------------------------------ */
/* GObject and public API                                                                       */

static void
lw_sim_server_dispose (GObject *object)
{
  LwSimServer *self = LW_SIM_SERVER (object);

  if (self->sources)
    cancel_timers (self);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (lw_sim_server_parent_class)->dispose (object);
}

static void
lw_sim_server_finalize (GObject *object)
{
  LwSimServer *self = LW_SIM_SERVER (object);

  lw_sim_world_clear (self);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->digest_nonces, g_hash_table_unref);
  g_clear_pointer (&self->seed, json_node_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->base_url);
  g_free (self->profile);
  g_free (self->seed_file);
  g_free (self->world);

  G_OBJECT_CLASS (lw_sim_server_parent_class)->finalize (object);
}

static void
lw_sim_server_class_init (LwSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lw_sim_server_dispose;
  object_class->finalize = lw_sim_server_finalize;
}

static void
lw_sim_server_init (LwSimServer *self)
{
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sim_fault_free);
  self->sources = g_hash_table_new (NULL, NULL);
  self->digest_nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->context = g_main_context_ref_thread_default ();
}

static LwSimServer *
sim_server_new (const char  *profile,
                double       time_scale,
                const char  *seed_file,
                const char  *world,
                GError     **error)
{
  g_autoptr(LwSimServer) self = NULL;

  if (profile == NULL)
    profile = "demo";
  if (!lw_sim_profile_exists (profile))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown latency profile “%s” (instant, demo, realistic)", profile);
      return NULL;
    }
  if (!(time_scale >= 0.0) || time_scale > 1000.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Time scale must be between 0 and 1000");
      return NULL;
    }

  self = g_object_new (LW_TYPE_SIM_SERVER, NULL);
  self->profile = g_strdup (profile);
  self->time_scale = time_scale;
  self->seed_file = g_strdup (seed_file);
  self->world = g_strdup (world != NULL ? world : LW_SIM_WORLD_DEFAULT);
  if (seed_file == NULL && !g_strv_contains (lw_sim_world_names (), self->world))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) lw_sim_world_names ());
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown simulated world “%s” (%s)", self->world, names);
      return NULL;
    }
  if (!lw_sim_world_load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

LwSimServer *
lw_sim_server_new (const char  *profile,
                   double       time_scale,
                   const char  *seed_file,
                   GError     **error)
{
  return sim_server_new (profile, time_scale, seed_file, NULL, error);
}

LwSimServer *
lw_sim_server_new_world (const char  *profile,
                         double       time_scale,
                         const char  *world,
                         GError     **error)
{
  return sim_server_new (profile, time_scale, NULL, world, error);
}

const char * const *
lw_sim_world_names (void)
{
  static const char * const names[] = { LW_SIM_WORLD_DEFAULT, LW_SIM_WORLD_HANGZHOU, NULL };

  return names;
}

gboolean
lw_sim_server_listen_local (LwSimServer  *self,
                            guint         port,
                            GError      **error)
{
  g_autoptr(GSList) uris = NULL;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  self->soup = soup_server_new ("server-header", "linkwright-sim ", NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  if (!soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The server has no listening address");
      return FALSE;
    }
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return TRUE;
}

const char *
lw_sim_server_get_base_url (LwSimServer *self)
{
  g_return_val_if_fail (LW_IS_SIM_SERVER (self), NULL);
  return self->base_url;
}

const char *
lw_sim_server_lookup_demo (LwSimServer *self,
                           const char  *key)
{
  g_return_val_if_fail (LW_IS_SIM_SERVER (self), NULL);
  return g_hash_table_lookup (self->demo, key);
}

gboolean
lw_sim_server_add_faults (LwSimServer  *self,
                          const char   *spec,
                          GError      **error)
{
  g_autoptr(GPtrArray) faults = NULL;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), FALSE);

  faults = lw_sim_faults_parse (spec, error);
  if (faults == NULL)
    return FALSE;
  for (guint i = 0; i < faults->len; i++)
    g_ptr_array_add (self->faults, g_ptr_array_steal_index (faults, i--));
  return TRUE;
}

void
lw_sim_server_clear_faults (LwSimServer *self)
{
  g_return_if_fail (LW_IS_SIM_SERVER (self));
  g_ptr_array_set_size (self->faults, 0);
}

guint
lw_sim_server_count_live (LwSimServer *self,
                          const char  *kind)
{
  g_return_val_if_fail (LW_IS_SIM_SERVER (self), 0);
  return lw_sim_res_list (self, kind)->len;
}

guint
lw_sim_server_count_created (LwSimServer *self,
                             const char  *kind)
{
  g_return_val_if_fail (LW_IS_SIM_SERVER (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->created, kind));
}

guint
lw_sim_server_count_calls (LwSimServer *self,
                           const char  *action)
{
  g_return_val_if_fail (LW_IS_SIM_SERVER (self), 0);
  if (action == NULL)
    return self->calls->len;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->call_counts, action));
}

static JsonObject *
counts_object (GHashTable *table)
{
  JsonObject *obj = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    json_object_set_int_member (obj, k, GPOINTER_TO_UINT (v));
  return obj;
}

JsonNode *
lw_sim_server_dump_state (LwSimServer *self)
{
  static const char *kinds[] = { "server-group", "server", "load-balancer", "listener", "endpoint-service",
                                 "endpoint-service-user", "endpoint-connection", "tidb-connection",
                                 "polardb-whitelist", "ecs-security-rule" };
  JsonObject *root = json_object_new ();
  JsonObject *live = json_object_new ();
  JsonObject *jobs = json_object_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    json_object_set_array_member (live, kinds[i], lw_sim_public_array (lw_sim_res_list (self, kinds[i])));
  json_object_set_object_member (root, "live", live);
  json_object_set_object_member (root, "created", counts_object (self->created));
  json_object_set_object_member (root, "client_tokens", counts_object (self->token_creations));
  json_object_set_object_member (root, "calls", counts_object (self->call_counts));
  json_object_set_int_member (root, "total_calls", self->calls->len);
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &k, &v))
    json_object_set_string_member (jobs, k, v);
  json_object_set_object_member (root, "jobs", jobs);
  json_object_set_string_member (root, "profile", self->profile);
  json_object_set_double_member (root, "time_scale", self->time_scale);
  return lw_sim_node_take (root);
}

void
lw_sim_server_reset (LwSimServer *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LW_IS_SIM_SERVER (self));

  cancel_timers (self);
  lw_sim_server_clear_faults (self);
  lw_sim_world_clear (self);
  /* The seed node is kept, so this cannot fail for a world that loaded once. */
  if (!lw_sim_world_load (self, &error))
    g_critical ("Reloading the seed world failed: %s", error->message);
}

/* ------------------------------------------------------------------------------------------ */
/* Fuzzing entry point (lw-sim-fuzz.h)                                                          */

static LwSimServer *fuzz_sim;

static void
fuzz_rpc (const char         *method,
          const char         *path,
          const char         *raw_query,
          SoupMessageHeaders *headers,
          GBytes             *body,
          LwSimAccessKey     *trusted_key)
{
  g_autoptr(LwSimCall) call = g_new0 (LwSimCall, 1);

  call->sim = fuzz_sim;
  process_rpc (call, method, path, raw_query, headers, body, trusted_key);
  /* What the handler would send back must serialise. */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), call->reply);
    g_autofree char *json = json_to_string (node, FALSE);
    g_assert (json != NULL);
  }
}

void
lw_sim_fuzz_request (const guint8 *data,
                     gsize         size)
{
  g_autoptr(SoupMessageHeaders) request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMessageHeaders) response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *method = NULL, *target = NULL;
  const char *p = (const char *) data, *end = p + size, *eol, *query;
  g_autofree char *path = NULL;

  if (fuzz_sim == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* No listening socket: the requests come from here. Time scale 0: every delay is immediate
       * and nothing is left waiting between inputs. */
      /* The hangzhou world: the corpus was written against its IDs. */
      fuzz_sim = lw_sim_server_new_world ("instant", 0.0, LW_SIM_WORLD_HANGZHOU, &error);
      g_assert_no_error (error);
    }

  /* Request line: METHOD SP TARGET */
  eol = memchr (p, '\n', (gsize) (end - p));
  if (eol == NULL)
    return;
  {
    g_autofree char *line = g_strndup (p, (gsize) (eol - p));
    char *sp = strchr (line, ' ');

    if (sp == NULL || sp == line)
      return;
    method = g_strndup (line, (gsize) (sp - line));
    target = g_strdup (g_strchomp (sp + 1));
  }
  p = eol + 1;
  if (target[0] != '/')
    return;

  /* Header lines up to an empty line. libsoup's own parser rejects what append() would refuse
   * (bad names, CR/LF in values), so such lines are skipped here too. */
  while (p < end)
    {
      g_autofree char *line = NULL;
      char *colon;

      eol = memchr (p, '\n', (gsize) (end - p));
      line = g_strndup (p, eol ? (gsize) (eol - p) : (gsize) (end - p));
      p = eol ? eol + 1 : end;
      g_strchomp (line);
      if (*line == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL || colon == line)
        continue;
      *colon = '\0';
      if (strpbrk (line, " \t\r\n") != NULL || strpbrk (colon + 1, "\r\n") != NULL ||
          !g_utf8_validate (line, -1, NULL))
        continue;
      soup_message_headers_append (request_headers, line, g_strchug (colon + 1));
    }
  {
    /* As libsoup flattens a body: a terminating NUL after the bytes, never a NULL pointer. */
    gsize len = (gsize) (end - p);
    char *copy = g_malloc (len + 1);

    memcpy (copy, p, len);
    copy[len] = '\0';
    body = g_bytes_new_take (copy, len);
  }

  /* Split the target the way GUri does for the server: path, then the raw query. */
  query = strchr (target, '?');
  path = query ? g_strndup (target, (gsize) (query - target)) : g_strdup (target);
  if (query)
    query++;
  if (!g_utf8_validate (path, -1, NULL) || (query && !g_utf8_validate (query, -1, NULL)))
    return;

  if (g_str_has_prefix (path, "/_sim/"))
    {
      if (strcmp (path, "/_sim/faults") == 0 && strcmp (method, "POST") == 0)
        {
          g_autofree char *spec = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

          if (g_utf8_validate (spec, -1, NULL))
            lw_sim_server_add_faults (fuzz_sim, g_strstrip (spec), NULL);
        }
    }
  else if (g_str_has_prefix (path, "/v1beta1/"))
    {
      gboolean stale;
      g_autofree char *user = digest_check (fuzz_sim, method, path, query,
                                            soup_message_headers_get_one (request_headers, "Authorization"), &stale);
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *operation = NULL;

      /* Unauthenticated inputs still reach the operations, as the demo key. */
      lw_sim_tidb_process (fuzz_sim, method, path, query, request_headers, body, response_headers,
                           user ? user : lw_sim_server_lookup_demo (fuzz_sim, "tidb-public-key"), &reply, &operation);
      g_assert (reply != NULL);
    }
  else
    {
      LwSimAccessKey *demo = g_hash_table_lookup (fuzz_sim->access_keys,
                                                  lw_sim_server_lookup_demo (fuzz_sim, "access-key-id"));

      fuzz_rpc (method, path, query, request_headers, body, NULL);
      fuzz_rpc (method, path, query, request_headers, body, demo);
    }

  /* The next input starts from the seed world: no resources, nonces, faults or timers carried over. */
  lw_sim_server_reset (fuzz_sim);
}
