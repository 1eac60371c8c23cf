/* test-wire-tidb.c — wire truth for TiDB Cloud (issue 11): the client's call table and the simulated
 * cloud's answers, both held to the official OpenAPI definition in
 * $LW_SHARED_DIR/data/tidb-cloud-official-api.json.
 *
 * 1. /cloud/wire-tidb/table: every entry of lw_tidb_client_get_call_table() names an official
 *    operation with that method, host and path template; every query parameter and body field it can
 *    send is defined there (at the right type, with every required field), every constant it sends is
 *    a value of the field's enum, and every answer field it reads is defined (at the type it reads).
 * 2. /cloud/wire-tidb/simulator: the engine's full setup, health check and teardown, every typed call,
 *    error answers and an injected fault on every operation, against the in-process simulator with
 *    its wire record on; every TiDB request (query, body, enum values, filter keys) and every answer
 *    (200 bodies and both error shapes) is checked against the definition. Fields beyond it are
 *    accepted only through the allowlist below, each with its reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "../core/core-test-util.h"
#include "lw-cloud.h"
#include "lw-cloud-private.h"
#include "lw-sim-private.h"

/* Answer fields the simulator may send although the definition does not have them: "where" is the
 * schema location as reported by check_value() ("Model.field"). Empty today; an entry needs a reason. */
typedef struct {
  const char *where;
  const char *reason;
} Extra;

static const Extra allowlist[] = {
  { NULL, NULL },
};

static JsonObject *definition;

/* ---- the definition ------------------------------------------------------------------------ */

static void
load_definition (void)
{
  const char *shared = g_getenv ("LW_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (definition != NULL)
    return;
  g_assert_nonnull (shared);
  path = g_build_filename (shared, "data", "tidb-cloud-official-api.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  definition = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The operation whose id is @id (the IAM list has no operationId: "ListProjects (IAM, …)"). */
static JsonObject *
find_operation (const char *id)
{
  JsonArray *ops = json_object_get_array_member (definition, "operations");

  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);
      const char *op_id = json_object_get_string_member (op, "id");
      gsize n = strlen (id);

      if (g_str_equal (op_id, id) || (g_str_has_prefix (op_id, id) && op_id[n] == ' ' && op_id[n + 1] == '('))
        return op;
    }
  return NULL;
}

/* A model by name; "Project" finds "Project (IAM)". */
static JsonObject *
find_model (const char *name,
            const char **key)
{
  JsonObject *models = json_object_get_object_member (definition, "models");
  g_autoptr(GList) names = json_object_get_members (models);

  for (GList *l = names; l; l = l->next)
    {
      const char *k = l->data;
      gsize n = strlen (name);

      if (g_str_equal (k, name) || (g_str_has_prefix (k, name) && k[n] == ' '))
        {
          if (key)
            *key = k;
          return json_object_get_object_member (models, k);
        }
    }
  return NULL;
}

/* A type, from a spec that is a type text ("string RO", "array of Cluster", "map<string,string> …",
 * "enum A|B RO", "integer int64", a model name…) or an object ({"type","enum"} or an inline field set). */
typedef enum { T_STRING, T_INTEGER, T_BOOLEAN, T_ARRAY, T_OBJECT, T_MAP, T_ANY_OBJECT, T_UNKNOWN } Kind;

typedef struct {
  Kind        kind;
  char       *name;        /* the model or "inline" for T_OBJECT */
  JsonObject *fields;      /* T_OBJECT */
  JsonArray  *required;    /* T_OBJECT, may be NULL */
  char      **enum_values; /* T_STRING with an enum, else NULL */
  JsonNode   *items;       /* T_ARRAY: the item spec (NULL = Any) */
  gboolean    any_items;   /* T_ARRAY of google.protobuf.Any */
  gboolean    nullable;
} Type;

static void
type_clear (Type *t)
{
  g_free (t->name);
  g_strfreev (t->enum_values);
  g_clear_pointer (&t->items, json_node_unref);
}

static char *
first_word (const char *text)
{
  gsize n = strcspn (text, " (");
  return g_strndup (text, n);
}

static char **
enum_from_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (b, json_array_get_string_element (array, i));
  return g_strv_builder_end (b);
}

static gboolean
resolve (JsonNode *spec,
         Type     *t)
{
  const char *text;

  memset (t, 0, sizeof *t);
  if (JSON_NODE_HOLDS_OBJECT (spec))
    {
      JsonObject *o = json_node_get_object (spec);

      if (json_object_has_member (o, "enum"))
        {
          t->kind = T_STRING;
          t->enum_values = enum_from_array (json_object_get_array_member (o, "enum"));
          return TRUE;
        }
      if (json_object_has_member (o, "type") && JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "type")))
        return resolve (json_object_get_member (o, "type"), t);
      t->kind = T_OBJECT;
      t->name = g_strdup ("inline");
      t->fields = json_object_has_member (o, "fields") ? json_object_get_object_member (o, "fields") : o;
      t->required = json_object_has_member (o, "required") ? json_object_get_array_member (o, "required") : NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (spec) || json_node_get_value_type (spec) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (spec);
  t->nullable = strstr (text, "nullable") != NULL;
  if (g_str_has_prefix (text, "array of "))
    {
      g_autofree char *item = first_word (text + strlen ("array of "));

      t->kind = T_ARRAY;
      if (g_str_equal (item, "Any"))
        t->any_items = TRUE;
      else
        t->items = json_node_init_string (json_node_alloc (), item);
      return TRUE;
    }
  if (g_str_has_prefix (text, "map<string,string>"))
    return (t->kind = T_MAP), TRUE;
  if (g_str_has_prefix (text, "string"))
    return (t->kind = T_STRING), TRUE;
  if (g_str_has_prefix (text, "integer"))
    return (t->kind = T_INTEGER), TRUE;
  if (g_str_has_prefix (text, "boolean"))
    return (t->kind = T_BOOLEAN), TRUE;
  if (g_str_has_prefix (text, "object") || g_str_has_prefix (text, "{"))
    return (t->kind = T_ANY_OBJECT), TRUE;
  if (g_str_has_prefix (text, "empty object"))
    {
      static JsonObject *empty;
      if (empty == NULL)
        empty = json_object_new ();
      t->kind = T_OBJECT;
      t->name = g_strdup ("empty");
      t->fields = empty;
      return TRUE;
    }
  if (g_str_has_prefix (text, "enum "))
    {
      g_autofree char *values = first_word (text + strlen ("enum "));
      t->kind = T_STRING;
      t->enum_values = g_strsplit (values, "|", -1);
      return TRUE;
    }
  {
    g_autofree char *word = first_word (text);
    const char *key = NULL;
    JsonObject *model = find_model (word, &key);

    if (model == NULL)
      return FALSE;
    if (json_object_has_member (model, "enum"))
      {
        t->kind = T_STRING;
        t->enum_values = enum_from_array (json_object_get_array_member (model, "enum"));
        return TRUE;
      }
    t->kind = T_OBJECT;
    t->name = g_strdup (key);
    t->fields = json_object_get_object_member (model, "fields");
    t->required = json_object_has_member (model, "required") ? json_object_get_array_member (model, "required") : NULL;
    return TRUE;
  }
}

static const char *
kind_name (Kind k)
{
  static const char *names[] = { "string", "integer", "boolean", "array", "object", "map", "object", "?" };
  return names[k];
}

static gboolean
allowed_extra (const char *where)
{
  for (guint i = 0; allowlist[i].where != NULL; i++)
    if (g_str_equal (allowlist[i].where, where))
      {
        g_assert_nonnull (allowlist[i].reason);
        g_assert_cmpstr (allowlist[i].reason, !=, "");
        return TRUE;
      }
  return FALSE;
}

/* Checks @value against @spec; every problem is appended to @problems ("at: what"). */
static void
check_value (JsonNode   *spec,
             JsonNode   *value,
             const char *at,
             GPtrArray  *problems)
{
  Type t;

  if (!resolve (spec, &t))
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s: the definition's type is not understood", at));
      return;
    }
  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (!t.nullable)
        g_ptr_array_add (problems, g_strdup_printf ("%s: null, but the definition has no nullable %s", at, kind_name (t.kind)));
      type_clear (&t);
      return;
    }
  switch (t.kind)
    {
    case T_STRING:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        g_ptr_array_add (problems, g_strdup_printf ("%s: not a string", at));
      else if (t.enum_values != NULL && !g_strv_contains ((const char * const *) t.enum_values, json_node_get_string (value)))
        g_ptr_array_add (problems, g_strdup_printf ("%s: \"%s\" is not a value of the enum", at, json_node_get_string (value)));
      break;
    case T_INTEGER:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        g_ptr_array_add (problems, g_strdup_printf ("%s: not an integer", at));
      break;
    case T_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        g_ptr_array_add (problems, g_strdup_printf ("%s: not a boolean", at));
      break;
    case T_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        g_ptr_array_add (problems, g_strdup_printf ("%s: not an array", at));
      else
        for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
          {
            JsonNode *item = json_array_get_element (json_node_get_array (value), i);
            g_autofree char *where = g_strdup_printf ("%s[%u]", at, i);

            if (t.any_items)
              {
                /* google.protobuf.Any: {"@type": string, …any members of that type}. */
                JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
                if (o == NULL || json_object_get_string_member_with_default (o, "@type", NULL) == NULL)
                  g_ptr_array_add (problems, g_strdup_printf ("%s: not an Any ({\"@type\": …})", where));
              }
            else
              check_value (t.items, item, where, problems);
          }
      break;
    case T_MAP:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        g_ptr_array_add (problems, g_strdup_printf ("%s: not an object (map)", at));
      else
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (value));
          for (GList *l = members; l; l = l->next)
            {
              JsonNode *v = json_object_get_member (json_node_get_object (value), l->data);
              if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
                g_ptr_array_add (problems, g_strdup_printf ("%s.%s: not a string", at, (char *) l->data));
            }
        }
      break;
    case T_ANY_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        g_ptr_array_add (problems, g_strdup_printf ("%s: not an object", at));
      break;
    case T_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        g_ptr_array_add (problems, g_strdup_printf ("%s: not an object", at));
      else
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (value));
          for (GList *l = members; l; l = l->next)
            {
              const char *name = l->data;
              g_autofree char *where = g_strdup_printf ("%s.%s", at, name);
              g_autofree char *schema_where = g_strdup_printf ("%s.%s", t.name, name);

              if (json_object_has_member (t.fields, name))
                check_value (json_object_get_member (t.fields, name),
                             json_object_get_member (json_node_get_object (value), name), where, problems);
              else if (!allowed_extra (schema_where))
                g_ptr_array_add (problems, g_strdup_printf ("%s: not in the definition (%s)", where, schema_where));
            }
        }
      break;
    case T_UNKNOWN:
    default:
      g_ptr_array_add (problems, g_strdup_printf ("%s: unknown type", at));
      break;
    }
  type_clear (&t);
}

static void
assert_no_problems (GPtrArray  *problems,
                    const char *what)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", what, (char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    g_error ("%s: %u difference(s) from the official definition, the first: %s", what, problems->len,
             (char *) g_ptr_array_index (problems, 0));
}

/* ---- 1. the call table --------------------------------------------------------------------- */

/* RFC 6901 segments of @pointer. */
static char **
pointer_segments (const char *pointer)
{
  g_auto(GStrv) raw = g_strsplit (pointer + 1, "/", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_assert_true (pointer[0] == '/');
  for (guint i = 0; raw[i]; i++)
    {
      g_autoptr(GString) s = g_string_new (raw[i]);
      g_string_replace (s, "~1", "/", 0);
      g_string_replace (s, "~0", "~", 0);
      g_strv_builder_add (b, s->str);
    }
  return g_strv_builder_end (b);
}

/* Follows @pointer from @spec through the definition's types; returns the leaf spec (a new
 * reference) or NULL with a problem added. Object types met on the way are recorded in @objects
 * (pointer prefix -> Type name) for the required-field check. */
static JsonNode *
spec_at (JsonNode   *spec,
         const char *pointer,
         const char *what,
         GPtrArray  *problems,
         GHashTable *objects)
{
  g_auto(GStrv) segments = pointer_segments (pointer);
  JsonNode *current = json_node_ref (spec);
  g_autoptr(GString) prefix = g_string_new ("");

  for (guint i = 0; segments[i]; i++)
    {
      Type t;
      JsonNode *next = NULL;

      if (!resolve (current, &t))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s %s: type not understood at /%s", what, pointer, segments[i]));
          json_node_unref (current);
          return NULL;
        }
      if (t.kind == T_OBJECT && json_object_has_member (t.fields, segments[i]))
        {
          if (objects != NULL && t.required != NULL)
            g_hash_table_insert (objects, g_strdup (prefix->str), json_array_ref (t.required));
          next = json_node_ref (json_object_get_member (t.fields, segments[i]));
        }
      else if (t.kind == T_MAP)
        next = json_node_init_string (json_node_alloc (), "string");
      type_clear (&t);
      json_node_unref (current);
      if (next == NULL)
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s %s: \"%s\" is not in the definition", what, pointer, segments[i]));
          return NULL;
        }
      g_string_append_printf (prefix, "/%s", segments[i]);
      current = next;
    }
  return current;
}

static gboolean
kind_fits (LwTidbValueKind kind,
           JsonNode       *leaf)
{
  Type t;
  gboolean ok;

  if (!resolve (leaf, &t))
    return FALSE;
  switch (kind)
    {
    case LW_TIDB_VALUE_STRING:
      ok = t.kind == T_STRING;
      break;
    case LW_TIDB_VALUE_INT:
    case LW_TIDB_VALUE_UINT:
      ok = t.kind == T_INTEGER;
      break;
    case LW_TIDB_VALUE_STRV:
      {
        Type item;
        ok = t.kind == T_ARRAY && t.items != NULL && resolve (t.items, &item) && item.kind == T_STRING;
        if (t.kind == T_ARRAY && t.items != NULL)
          type_clear (&item);
      }
      break;
    default:
      ok = FALSE;
      break;
    }
  type_clear (&t);
  return ok;
}

static gboolean
constant_fits (JsonNode   *leaf,
               const char *constant)
{
  Type t;
  gboolean ok;

  if (!resolve (leaf, &t))
    return FALSE;
  ok = t.enum_values == NULL || g_strv_contains ((const char * const *) t.enum_values, constant);
  type_clear (&t);
  return ok;
}

static const char *
host_name (LwTidbHost host)
{
  return host == LW_TIDB_HOST_IAM ? "iam.tidbapi.com" : "serverless.tidbapi.com";
}

/* Problems of one table entry against the definition. */
static void
check_call_def (const LwTidbCallDef *def,
                GPtrArray           *problems)
{
  JsonObject *op = find_operation (def->operation_id);
  JsonObject *query;

  if (op == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s: no such operation in the definition", def->operation_id));
      return;
    }
  if (g_strcmp0 (json_object_get_string_member (op, "method"), def->method) != 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: method %s, the definition says %s", def->operation_id, def->method,
                                                json_object_get_string_member (op, "method")));
  if (g_strcmp0 (json_object_get_string_member (op, "path"), def->path) != 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: path %s, the definition says %s", def->operation_id, def->path,
                                                json_object_get_string_member (op, "path")));
  if (g_strcmp0 (json_object_get_string_member (op, "host"), host_name (def->host)) != 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: host %s, the definition says %s", def->operation_id,
                                                host_name (def->host), json_object_get_string_member (op, "host")));

  /* Query parameters. */
  query = json_object_has_member (op, "query") ? json_object_get_object_member (op, "query") : NULL;
  for (const LwTidbSend *q = def->query; q != NULL && q->name != NULL; q++)
    {
      if (query == NULL || !json_object_has_member (query, q->name))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: query parameter %s is not in the definition",
                                                      def->operation_id, q->name));
          continue;
        }
      if (!kind_fits (q->kind, json_object_get_member (query, q->name)))
        g_ptr_array_add (problems, g_strdup_printf ("%s: query parameter %s is sent as another type",
                                                    def->operation_id, q->name));
      if (q->constant != NULL && !constant_fits (json_object_get_member (query, q->name), q->constant))
        g_ptr_array_add (problems, g_strdup_printf ("%s: query %s=%s is not a value of its enum",
                                                    def->operation_id, q->name, q->constant));
    }
  if (def->items != NULL && (query == NULL || !json_object_has_member (query, "pageToken")))
    g_ptr_array_add (problems, g_strdup_printf ("%s: paged, but the definition has no pageToken", def->operation_id));

  /* Body fields, their enums, and every required field of each object the body builds. */
  if (def->body != NULL)
    {
      JsonObject *rb = json_object_has_member (op, "request_body") ? json_object_get_object_member (op, "request_body") : NULL;
      g_autoptr(JsonNode) root = rb ? json_node_init_object (json_node_alloc (), rb) : NULL;
      g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_array_unref);
      g_autoptr(GHashTable) sent = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer key, value;

      if (root == NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: sends a body, the definition has none", def->operation_id));
      for (const LwTidbSend *f = def->body; root != NULL && f->name != NULL; f++)
        {
          g_autoptr(JsonNode) leaf = spec_at (root, f->name, def->operation_id, problems, objects);
          g_autofree char *parent = NULL;

          g_hash_table_add (sent, (gpointer) f->name);
          if (leaf == NULL)
            continue;
          if (!kind_fits (f->kind, leaf))
            g_ptr_array_add (problems, g_strdup_printf ("%s: body field %s is sent as another type", def->operation_id, f->name));
          if (f->constant != NULL && !constant_fits (leaf, f->constant))
            g_ptr_array_add (problems, g_strdup_printf ("%s: body %s=%s is not a value of its enum", def->operation_id,
                                                        f->name, f->constant));
        }
      /* Each object on the way: its required members must be sent (as a leaf or as a parent). */
      g_hash_table_iter_init (&iter, objects);
      while (g_hash_table_iter_next (&iter, &key, &value))
        for (guint i = 0; i < json_array_get_length (value); i++)
          {
            g_autofree char *member = g_strdup_printf ("%s/%s", (char *) key, json_array_get_string_element (value, i));
            gboolean found = FALSE;

            for (const LwTidbSend *f = def->body; f->name != NULL && !found; f++)
              found = g_str_equal (f->name, member) ||
                      (g_str_has_prefix (f->name, member) && f->name[strlen (member)] == '/');
            if (!found)
              g_ptr_array_add (problems, g_strdup_printf ("%s: required body field %s is never sent",
                                                          def->operation_id, member));
          }
    }

  /* Answer fields read. */
  if (def->reads != NULL)
    {
      g_autoptr(JsonNode) response = json_node_ref (json_object_get_member (op, "response_200"));
      g_autoptr(JsonNode) item = NULL;

      if (def->items != NULL)
        {
          g_autofree char *items_ptr = g_strdup_printf ("/%s", def->items);
          g_autoptr(JsonNode) array = spec_at (response, items_ptr, def->operation_id, problems, NULL);
          g_autoptr(JsonNode) next = spec_at (response, "/nextPageToken", def->operation_id, problems, NULL);
          Type t;

          if (array != NULL && resolve (array, &t))
            {
              if (t.kind == T_ARRAY && t.items != NULL)
                item = json_node_ref (t.items);
              else
                g_ptr_array_add (problems, g_strdup_printf ("%s: %s is not an array of objects", def->operation_id, def->items));
              type_clear (&t);
            }
        }
      else
        item = json_node_ref (response);
      for (const LwTidbRead *r = def->reads; item != NULL && r->path != NULL; r++)
        {
          g_autoptr(JsonNode) leaf = spec_at (item, r->path, def->operation_id, problems, NULL);

          if (leaf != NULL && !kind_fits (r->kind, leaf))
            g_ptr_array_add (problems, g_strdup_printf ("%s: answer field %s is read as another type",
                                                        def->operation_id, r->path));
        }
    }
}

static void
test_table (void)
{
  guint n = 0;
  const LwTidbCallDef *table = lw_tidb_client_get_call_table (&n);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  load_definition ();
  g_assert_cmpuint (n, ==, 9);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_hash_table_add (ids, (gpointer) table[i].operation_id));   /* each call once */
      check_call_def (&table[i], problems);
    }
  assert_no_problems (problems, "client call table");
}

/* The checker itself: a renamed body field, an unofficial query key, a wrong enum constant, a
 * misread answer field and an unofficial answer member are each found. */
static void
test_checker_catches (void)
{
  guint n = 0;
  const LwTidbCallDef *table = lw_tidb_client_get_call_table (&n);
  static const LwTidbSend bad_body[] = {
    { "/privateLinkConnection/clusterId", LW_TIDB_VALUE_STRING, "clusterId", NULL, FALSE },
    { "/privateLinkConnection/name", LW_TIDB_VALUE_STRING, "displayName", NULL, FALSE },   /* renamed */
    { "/privateLinkConnection/type", LW_TIDB_VALUE_STRING, NULL, "ALIBABA_ENDPOINT_SERVICE", FALSE },
    { NULL, 0, NULL, NULL, FALSE }
  };
  static const LwTidbSend bad_query[] = {
    { "filterBy", LW_TIDB_VALUE_STRING, "filter", NULL, FALSE },
    { NULL, 0, NULL, NULL, FALSE }
  };
  static const LwTidbRead bad_reads[] = {
    { "/region/provider_name", LW_TIDB_VALUE_STRING, 0 },
    { "/state", LW_TIDB_VALUE_UINT, 0 },
    { NULL, 0, 0 }
  };
  LwTidbCallDef def = table[0];
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) plc = NULL;
  g_autoptr(JsonNode) cluster_spec = json_node_init_string (json_node_alloc (), "Cluster");

  load_definition ();
  for (guint i = 0; i < n; i++)
    if (g_str_has_suffix (table[i].operation_id, "_CreatePrivateLinkConnection"))
      def = table[i];
  def.body = bad_body;
  check_call_def (&def, problems);
  /* name is not a PrivateLinkConnection field; the enum; displayName and the endpoint service are required. */
  g_assert_cmpuint (problems->len, >=, 3);
  g_ptr_array_set_size (problems, 0);

  for (guint i = 0; i < n; i++)
    if (g_str_has_suffix (table[i].operation_id, "_ListClusters"))
      def = table[i];
  def.query = bad_query;
  def.reads = bad_reads;
  check_call_def (&def, problems);
  g_assert_cmpuint (problems->len, ==, 3);
  g_ptr_array_set_size (problems, 0);

  plc = json_from_string ("{\"clusterId\":\"1\",\"displayName\":\"d\",\"region\":{\"name\":\"regions/x\",\"cloudProvider\":7},"
                          "\"labels\":{\"a\":\"b\"},\"unofficial\":true,\"state\":\"SLEEPING\"}", NULL);
  check_value (cluster_spec, plc, "Cluster", problems);
  g_assert_cmpuint (problems->len, ==, 3);   /* cloudProvider type, unofficial, state enum */
}

/* ---- 2. the simulator's wire ------------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  gpointer  result;
  gboolean  ok;
  GError   *error;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;
  LwTidbClient *c = LW_TIDB_CLIENT (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == lw_tidb_client_list_projects_async)
    w->result = lw_tidb_client_list_projects_finish (c, result, &w->error);
  else if (tag == lw_tidb_client_list_clusters_async)
    w->result = lw_tidb_client_list_clusters_finish (c, result, &w->error);
  else if (tag == lw_tidb_client_get_cluster_async)
    w->result = lw_tidb_client_get_cluster_finish (c, result, &w->error);
  else if (tag == lw_tidb_client_get_availability_zones_async)
    w->result = lw_tidb_client_get_availability_zones_finish (c, result, &w->error);
  else if (tag == lw_tidb_client_list_private_link_connections_async)
    w->result = lw_tidb_client_list_private_link_connections_finish (c, result, &w->error);
  else if (tag == lw_tidb_client_test_mysql_sink_async)
    w->ok = lw_tidb_client_test_mysql_sink_finish (c, result, &w->error);
  else
    w->result = lw_tidb_client_private_link_connection_finish (c, result, &w->error);
  w->ok = w->ok || w->result != NULL;
  w->done = TRUE;
}

/* Runs call @i of the table through its typed API; TRUE if it succeeded. The error is kept in @error. */
static gboolean
run_typed (LwTidbClient *tidb,
           const char   *operation_id,
           const char   *plc_id,
           const char   *password,
           GError      **error)
{
  const char *cluster = "10000000000000000001";
  Wait w = { 0 };

  if (g_str_equal (operation_id, "ListProjects"))
    lw_tidb_client_list_projects_async (tidb, NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_ListClusters"))
    lw_tidb_client_list_clusters_async (tidb, "region.provider=\"alicloud\" AND projectId=\"1372813089209061\"",
                                        NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_GetCluster"))
    lw_tidb_client_get_cluster_async (tidb, cluster, NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_GetAvailabilityZones"))
    lw_tidb_client_get_availability_zones_async (tidb, cluster, NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_ListPrivateLinkConnections"))
    lw_tidb_client_list_private_link_connections_async (tidb, cluster, "ACTIVE", NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_GetPrivateLinkConnection"))
    lw_tidb_client_get_private_link_connection_async (tidb, cluster, plc_id, NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_DeletePrivateLinkConnection"))
    lw_tidb_client_delete_private_link_connection_async (tidb, cluster, plc_id, NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_CreatePrivateLinkConnection"))
    lw_tidb_client_create_private_link_connection_async (tidb, cluster, "lw-wire",
                                                         "com.aliyuncs.privatelink.cn-hangzhou.epsrv-wire0000000001",
                                                         NULL, wait_cb, &w);
  else if (g_str_has_suffix (operation_id, "_TestChangefeed"))
    lw_tidb_client_test_mysql_sink_async (tidb, cluster, plc_id, 3306, "lw_check", password, NULL, wait_cb, &w);
  else
    g_assert_not_reached ();
  core_test_wait (&w.done, 30);

  if (w.result != NULL)
    {
      if (g_str_equal (operation_id, "ListProjects") || g_str_has_suffix (operation_id, "_ListClusters") ||
          g_str_has_suffix (operation_id, "_ListPrivateLinkConnections"))
        g_ptr_array_unref (w.result);
      else if (g_str_has_suffix (operation_id, "_GetCluster"))
        lw_tidb_cluster_free (w.result);
      else if (g_str_has_suffix (operation_id, "_GetAvailabilityZones"))
        lw_tidb_availability_zones_free (w.result);
      else
        lw_tidb_private_link_connection_free (w.result);
    }
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

/* The table entry the simulator's log pattern "tidb:METHOD /path" belongs to. */
static const LwTidbCallDef *
def_for_pattern (const char *pattern)
{
  guint n = 0;
  const LwTidbCallDef *table = lw_tidb_client_get_call_table (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("tidb:%s %s", table[i].method, table[i].path);
      if (g_str_equal (p, pattern))
        return &table[i];
    }
  return NULL;
}

/* The official filter keys of ClusterService_ListClusters, from its description. */
static gboolean
filter_key_official (JsonObject *op,
                     const char *key)
{
  const char *text = json_object_get_string_member (json_object_get_object_member (op, "query"), "filter");
  const char *keys = strstr (text, "keys ");
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (keys);
  parts = g_strsplit (keys + strlen ("keys "), ", ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *word = first_word (parts[i]);

      if (g_str_has_suffix (word, "{key}"))
        {
          /* labels.{key}: any key after the prefix. */
          word[strlen (word) - strlen ("{key}")] = '\0';
          if (g_str_has_prefix (key, word) && strlen (key) > strlen (word))
            return TRUE;
        }
      else if (g_str_equal (word, key))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  guint ok_answers;
  guint error_answers;
  guint iam_errors;
  GHashTable *seen_ok;      /* operation id */
  GHashTable *seen_error;   /* operation id */
} WireStats;

static void
check_entry (JsonObject *entry,
             GPtrArray  *problems,
             WireStats  *stats)
{
  const char *pattern = json_object_get_string_member (entry, "action");
  const LwTidbCallDef *def = def_for_pattern (pattern);
  JsonObject *op;
  JsonObject *query = json_object_get_object_member (entry, "query");
  JsonObject *op_query;
  g_autoptr(GList) names = NULL;
  guint status = (guint) json_object_get_int_member (entry, "status");
  JsonNode *response = json_object_get_member (entry, "response");
  g_autofree char *where = NULL;

  if (def == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf ("%s: a TiDB call that is not in the client's table", pattern));
      return;
    }
  op = find_operation (def->operation_id);
  where = g_strdup_printf ("%s (HTTP %u)", def->operation_id, status);
  g_assert_nonnull (query);
  g_assert_nonnull (response);

  /* The request as the simulator received it. */
  op_query = json_object_has_member (op, "query") ? json_object_get_object_member (op, "query") : NULL;
  names = json_object_get_members (query);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      const char *value = json_object_get_string_member (query, name);

      if (op_query == NULL || !json_object_has_member (op_query, name))
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: query parameter %s is not in the definition", where, name));
          continue;
        }
      if (!constant_fits (json_object_get_member (op_query, name), value))
        g_ptr_array_add (problems, g_strdup_printf ("%s: query %s=%s is not a value of its enum", where, name, value));
      if (g_str_equal (name, "filter"))
        {
          g_auto(GStrv) terms = g_strsplit (value, " AND ", -1);
          for (guint i = 0; terms[i]; i++)
            {
              g_autofree char *key = g_strstrip (g_strndup (terms[i], strcspn (terms[i], "=")));
              if (!filter_key_official (op, key))
                g_ptr_array_add (problems, g_strdup_printf ("%s: filter key %s is not an official one", where, key));
            }
        }
    }
  if (json_object_has_member (entry, "body"))
    {
      JsonObject *rb = json_object_get_object_member (op, "request_body");
      g_autoptr(JsonNode) spec = rb ? json_node_init_object (json_node_alloc (), rb) : NULL;
      g_autofree char *at = g_strdup_printf ("%s request", def->operation_id);

      if (spec == NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: a body, the definition has none", where));
      else
        check_value (spec, json_object_get_member (entry, "body"), at, problems);
    }

  /* The answer. */
  if (status == 200)
    {
      g_autofree char *at = g_strdup_printf ("%s answer", def->operation_id);

      check_value (json_object_get_member (op, "response_200"), response, at, problems);
      stats->ok_answers++;
      g_hash_table_add (stats->seen_ok, (gpointer) def->operation_id);
    }
  else
    {
      JsonObject *errors = json_object_get_object_member (definition, "error_body");
      JsonObject *shape = json_object_get_object_member (errors, def->host == LW_TIDB_HOST_IAM ? "iam_service"
                                                                                                  : "serverless_services");
      g_autoptr(JsonNode) spec = json_node_init_object (json_node_alloc (), shape);
      g_autofree char *at = g_strdup_printf ("%s error", def->operation_id);

      check_value (spec, response, at, problems);
      stats->error_answers++;
      stats->iam_errors += def->host == LW_TIDB_HOST_IAM;
      g_hash_table_add (stats->seen_error, (gpointer) def->operation_id);
    }
}

static void
health_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      data)
{
  Wait *w = data;
  w->result = lw_health_check_finish (res, &w->error);
  w->done = TRUE;
}

static void
test_simulator (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(LwTidbClient) tidb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *plc = NULL;
  const char *password = lw_sim_server_lookup_demo (sim, "mysql-password");
  WireStats stats = { 0 };
  Wait hw = { 0 };
  guint n = 0;
  const LwTidbCallDef *table = lw_tidb_client_get_call_table (&n);
  const LwRetryPolicy no_retry = { .max_attempts = 1 };

  load_definition ();
  lw_sim_server_set_record_wire (sim, TRUE);
  tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                             lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  g_assert_true (lw_tidb_client_set_endpoint_override (tidb, lw_sim_server_get_base_url (sim), &error));
  g_assert_no_error (error);

  /* Discovery as the TiDB page does it. */
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i].operation_id, "ListProjects") || g_str_has_suffix (table[i].operation_id, "_ListClusters") ||
        g_str_has_suffix (table[i].operation_id, "_GetCluster") || g_str_has_suffix (table[i].operation_id, "_GetAvailabilityZones"))
      {
        g_assert_true (run_typed (tidb, table[i].operation_id, NULL, NULL, &error));
        g_assert_no_error (error);
      }

  /* A full setup, the health check, the connection test (right and wrong password). */
  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  plc = g_strdup (lw_setup_get_tidb_connection_id (setup));
  g_assert_nonnull (plc);
  lw_health_check_async (setup, ctx, NULL, health_cb, &hw);
  core_test_wait (&hw.done, 30);
  g_assert_no_error (hw.error);
  g_assert_true (lw_checks_all_ok (hw.result));
  g_clear_object (&hw.result);
  g_assert_true (run_typed (tidb, "ChangefeedService_TestChangefeed", plc, password, &error));
  g_assert_no_error (error);
  g_assert_true (run_typed (tidb, "PrivateLinkConnectionService_ListPrivateLinkConnections", plc, NULL, &error));
  g_assert_false (run_typed (tidb, "ChangefeedService_TestChangefeed", plc, "wrong-password", &error));
  g_assert_cmpstr (lw_cloud_error_get_code (error), ==, "MYSQL_ACCESS_DENIED");
  g_clear_error (&error);

  /* An injected fault on every operation: each answers an error (the IAM one its own shape). */
  lw_tidb_client_set_retry_policy (tidb, &no_retry);
  for (guint i = 0; i < n; i++)
    {
      const char *sim_ops[] = { "ListProjects", "ListClusters", "GetCluster", "GetAvailabilityZones",
                                "CreateConnection", "GetConnection", "ListConnections", "DeleteConnection",
                                "TestChangefeed" };
      const char *ids[] = { "ListProjects", "_ListClusters", "_GetCluster", "_GetAvailabilityZones",
                            "_CreatePrivateLinkConnection", "_GetPrivateLinkConnection", "_ListPrivateLinkConnections",
                            "_DeletePrivateLinkConnection", "_TestChangefeed" };

      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        if (g_str_has_suffix (table[i].operation_id, ids[k]))
          {
            g_autofree char *spec = g_strdup_printf ("tidb:%s:error=Forbidden.Wire,tidb:%s:5xx", sim_ops[k], sim_ops[k]);

            g_assert_true (lw_sim_server_add_faults (sim, spec, &error));
            g_assert_false (run_typed (tidb, table[i].operation_id, plc, password, &error));
            g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 403);
            g_clear_error (&error);
            g_assert_false (run_typed (tidb, table[i].operation_id, plc, password, &error));
            g_assert_cmpuint (lw_cloud_error_get_http_status (error), ==, 503);
            g_clear_error (&error);
          }
    }

  /* Natural errors: a missing cluster (404), a connection to an unknown service (created, then FAILED). */
  {
    Wait w = { 0 };
    lw_tidb_client_get_cluster_async (tidb, "42", NULL, wait_cb, &w);
    core_test_wait (&w.done, 30);
    g_assert_cmpuint (lw_cloud_error_get_http_status (w.error), ==, 404);
    g_clear_error (&w.error);
  }

  /* Teardown. */
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "tidb-connection"), ==, 0);

  /* Every TiDB entry of the log, request and answer, against the definition. */
  stats.seen_ok = g_hash_table_new (g_str_hash, g_str_equal);
  stats.seen_error = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < sim->calls->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (sim->calls, i);
      if (g_str_equal (json_object_get_string_member (entry, "product"), "TiDB"))
        check_entry (entry, problems, &stats);
    }
  g_test_message ("checked %u TiDB answers (%u errors, %u of them IAM)", stats.ok_answers + stats.error_answers,
                  stats.error_answers, stats.iam_errors);
  assert_no_problems (problems, "simulator wire");
  /* Every call of the table was seen answering 200 and answering an error. */
  for (guint i = 0; i < n; i++)
    {
      if (!g_hash_table_contains (stats.seen_ok, table[i].operation_id))
        g_error ("%s never answered 200", table[i].operation_id);
      if (!g_hash_table_contains (stats.seen_error, table[i].operation_id))
        g_error ("%s never answered an error", table[i].operation_id);
    }
  g_assert_cmpuint (stats.iam_errors, >=, 2);
  g_hash_table_unref (stats.seen_ok);
  g_hash_table_unref (stats.seen_error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/wire-tidb/table", test_table);
  g_test_add_func ("/cloud/wire-tidb/checker-catches", test_checker_catches);
  g_test_add_func ("/cloud/wire-tidb/simulator", test_simulator);
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  g_clear_pointer (&definition, json_object_unref);
  return ret;
}
