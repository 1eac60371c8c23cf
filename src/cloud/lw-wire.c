/* lw-wire.c: the generic path over the per-action descriptions (see lw-wire.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-wire"

#include <string.h>

#include "lw-cloud-private.h"
#include "lw-wire.h"

/* The client's own marker for a passed DryRun (lw-rpc-client.c), not an answer field. */
#define DRY_RUN_MARKER "DryRunOperation"

const char *
lw_wire_type_to_string (LwWireType type)
{
  switch (type)
    {
    case LW_WIRE_STRING: return "string";
    case LW_WIRE_NUMBER: return "number";
    case LW_WIRE_BOOLEAN: return "boolean";
    case LW_WIRE_ARRAY: return "array";
    case LW_WIRE_OBJECT: return "object";
    default: return "?";
    }
}

const LwWireCall *
lw_wire_calls (guint *n_calls)
{
  static GArray *all;

  if (g_once_init_enter (&all))
    {
      const LwWireCall *tables[] = { lw_sts_wire_calls, lw_rds_wire_calls, lw_vpc_wire_calls,
                                     lw_nlb_wire_calls, lw_privatelink_wire_calls,
                                     lw_polardb_wire_calls, lw_ecs_wire_calls };
      GArray *a = g_array_new (FALSE, TRUE, sizeof (LwWireCall));

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        for (const LwWireCall *c = tables[t]; c->action != NULL; c++)
          g_array_append_vals (a, c, 1);
      g_once_init_leave (&all, a);
    }
  if (n_calls != NULL)
    *n_calls = all->len;
  return (const LwWireCall *) (gpointer) all->data;
}

const LwWireCall *
lw_wire_get (LwProduct   product,
             const char *action)
{
  const LwWireCall *call = lw_wire_lookup (product, action);

  g_assert (call != NULL);
  return call;
}

const LwWireCall *
lw_wire_lookup (LwProduct   product,
                const char *action)
{
  guint n;
  const LwWireCall *calls = lw_wire_calls (&n);

  if (action == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (calls[i].product == product && strcmp (calls[i].action, action) == 0)
      return &calls[i];
  return NULL;
}

static const LwWireParam *
find_in (const LwWireParam *list,
         const char        *name,
         gsize              len)
{
  for (const LwWireParam *p = list; p != NULL && p->name != NULL; p++)
    if (strlen (p->name) == len && strncmp (p->name, name, len) == 0)
      return p;
  return NULL;
}

const LwWireParam *
lw_wire_find_param (const LwWireCall *call,
                    const char       *name)
{
  g_return_val_if_fail (call != NULL && name != NULL, NULL);
  return find_in (call->params, name, strlen (name));
}

gboolean
lw_wire_takes_param (LwProduct   product,
                     const char *action,
                     const char *name)
{
  const LwWireCall *call = lw_wire_lookup (product, action);

  return call == NULL || lw_wire_find_param (call, name) != NULL;
}

/* Request side */

static gboolean
value_has_form (LwWireType  type,
                const char *value)
{
  switch (type)
    {
    case LW_WIRE_NUMBER:
      {
        const char *p = value;
        if (*p == '-')
          p++;
        if (*p == '\0')
          return FALSE;
        for (; *p; p++)
          if (!g_ascii_isdigit (*p))
            return FALSE;
        return TRUE;
      }
    case LW_WIRE_BOOLEAN:
      return strcmp (value, "true") == 0 || strcmp (value, "false") == 0;
    case LW_WIRE_STRING:
      return TRUE;
    case LW_WIRE_ARRAY:
    case LW_WIRE_OBJECT:
    default:
      return FALSE;
    }
}

/* "N" or "N.rest" with N a positive decimal; returns the rest (or "" at the end), NULL if bad. */
static const char *
skip_index (const char *s)
{
  const char *p = s;

  if (*p < '1' || *p > '9')
    return NULL;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '\0')
    return p;
  return *p == '.' ? p + 1 : NULL;
}

/* Checks "rest" (the part after "Top.") against @p; returns the type its value must have. */
static gboolean
check_flattened (const LwWireParam *p,
                 const char        *rest,
                 LwWireType        *value_type)
{
  const char *member = rest;
  const LwWireParam *m;

  if (p->type == LW_WIRE_ARRAY)
    {
      member = skip_index (rest);
      if (member == NULL)
        return FALSE;
      if (p->item_type != LW_WIRE_OBJECT)
        {
          *value_type = p->item_type;
          return *member == '\0';
        }
    }
  else if (p->type != LW_WIRE_OBJECT)
    return FALSE;

  m = find_in (p->members, member, strcspn (member, "."));
  if (m == NULL)
    return FALSE;
  if (m->type == LW_WIRE_ARRAY)
    {
      const char *after = member + strlen (m->name);
      *value_type = LW_WIRE_STRING;
      return *after == '.' && skip_index (after + 1) != NULL && *skip_index (after + 1) == '\0';
    }
  *value_type = m->type;
  return member[strlen (m->name)] == '\0';
}

gboolean
lw_wire_place (const LwWireCall  *call,
               const LwParams    *params,
               LwParams         **query,
               LwParams         **body,
               GError           **error)
{
  g_autoptr(LwParams) q = lw_params_new ();
  g_autoptr(LwParams) b = lw_params_new ();

  g_return_val_if_fail (call != NULL && params != NULL, FALSE);

  for (guint i = 0; i < lw_params_get_length (params); i++)
    {
      const char *name = lw_params_get_name (params, i);
      const char *value = lw_params_get_value (params, i);
      gsize top_len = strcspn (name, ".");
      const LwWireParam *p = find_in (call->params, name, top_len);
      LwWireType value_type;

      if (p == NULL)
        {
          g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                       "%s takes no parameter %s in its official definition, so Linkwright did not "
                       "send the request", call->action, name);
          return FALSE;
        }
      if (name[top_len] == '\0')
        value_type = p->type;
      else if (!check_flattened (p, name + top_len + 1, &value_type))
        {
          g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                       "%s: %s is not a member of %s in its official definition, so Linkwright did "
                       "not send the request", call->action, name, p->name);
          return FALSE;
        }
      if (!value_has_form (value_type, value))
        {
          g_set_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                       "%s: %s must be a %s, not \"%s\"", call->action, name,
                       lw_wire_type_to_string (value_type), value);
          return FALSE;
        }
      lw_params_add (p->in == LW_WIRE_QUERY ? q : b, name, value);
    }
  *query = g_steal_pointer (&q);
  *body = g_steal_pointer (&b);
  return TRUE;
}

/* Answer side: the list of reads */

static void
emit_struct (const LwWireStruct *desc,
             const char         *prefix,
             LwWireReadFunc      func,
             gpointer            user_data)
{
  for (const LwWireField *f = desc->fields; f->path != NULL; f++)
    {
      g_autoptr(GString) path = g_string_new (prefix);

      /* "-": a member that is only freed here (filled elsewhere or not by this call). */
      if (strcmp (f->path, DRY_RUN_MARKER) == 0 || strcmp (f->path, "-") == 0)
        continue;
      g_string_append (path, f->path);
      /* "[0]" (first element) reads an array element like "[]" does. */
      g_string_replace (path, "[0]", "[]", 0);
      func (path->str, f->type, user_data);
      if (f->kind == LW_FIELD_LIST && f->item != NULL)
        {
          g_string_append (path, "[].");
          emit_struct (f->item, path->str, func, user_data);
        }
    }
}

void
lw_wire_foreach_read (const LwWireCall *call,
                      LwWireReadFunc    func,
                      gpointer          user_data)
{
  g_return_if_fail (call != NULL && func != NULL);

  func ("RequestId", LW_WIRE_STRING, user_data);
  if (call->pages == LW_WIRE_PAGES_TOKEN)
    func ("NextToken", LW_WIRE_STRING, user_data);
  if (call->result != NULL)
    {
      g_autofree char *prefix = call->list != NULL ? g_strconcat (call->list, "[].", NULL) : g_strdup ("");

      if (call->list != NULL)
        func (call->list, LW_WIRE_ARRAY, user_data);
      emit_struct (call->result, prefix, func, user_data);
    }
  for (const LwWireField *f = call->reads; f != NULL && f->path != NULL; f++)
    func (f->path, f->type, user_data);
}

/* Answer side: projection */

static void
collect_path (const char *path,
              LwWireType  type,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (path));
}

static void project_path (JsonObject *src, JsonObject *dst, const char *path);

static void
project_array (JsonArray  *src,
               JsonObject *dst,
               const char *name,
               const char *rest)
{
  JsonNode *existing = json_object_get_member (dst, name);
  JsonArray *out;

  if (existing == NULL || !JSON_NODE_HOLDS_ARRAY (existing))
    {
      out = json_array_sized_new (json_array_get_length (src));
      for (guint i = 0; i < json_array_get_length (src); i++)
        {
          JsonNode *e = json_array_get_element (src, i);
          if (JSON_NODE_HOLDS_OBJECT (e))
            json_array_add_object_element (out, json_object_new ());
          else
            json_array_add_null_element (out);
        }
      json_object_set_array_member (dst, name, out);
    }
  else
    out = json_node_get_array (existing);

  for (guint i = 0; i < json_array_get_length (src) && i < json_array_get_length (out); i++)
    {
      JsonNode *e = json_array_get_element (src, i);
      if (JSON_NODE_HOLDS_OBJECT (e) && JSON_NODE_HOLDS_OBJECT (json_array_get_element (out, i)))
        project_path (json_node_get_object (e), json_array_get_object_element (out, i), rest);
    }
}

static void
project_path (JsonObject *src,
              JsonObject *dst,
              const char *path)
{
  gsize seg_len = strcspn (path, ".");
  const char *rest = path[seg_len] == '.' ? path + seg_len + 1 : NULL;
  gboolean elements = seg_len > 2 && strncmp (path + seg_len - 2, "[]", 2) == 0;
  g_autofree char *name = g_strndup (path, elements ? seg_len - 2 : seg_len);
  JsonNode *node = json_object_get_member (src, name);

  if (node == NULL)
    return;
  if (rest == NULL)
    {
      if (!json_object_has_member (dst, name))
        json_object_set_member (dst, name, json_node_copy (node));
      return;
    }
  if (elements && JSON_NODE_HOLDS_ARRAY (node))
    project_array (json_node_get_array (node), dst, name, rest);
  else if (!elements && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *existing = json_object_get_member (dst, name);
      if (existing == NULL || !JSON_NODE_HOLDS_OBJECT (existing))
        json_object_set_object_member (dst, name, json_object_new ());
      project_path (json_node_get_object (node), json_object_get_object_member (dst, name), rest);
    }
}

/* A container path ("Servers", "Servers[]") is copied whole only when no declared path goes
 * into it; otherwise only its declared members are. */
static gboolean
is_prefix_of_another (GPtrArray  *paths,
                      const char *path)
{
  gsize len = strlen (path);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *other = g_ptr_array_index (paths, i);
      if (strncmp (other, path, len) == 0 && (other[len] == '.' || (other[len] == '[' && other[len + 1] == ']')))
        return TRUE;
    }
  return FALSE;
}

JsonObject *
lw_wire_project (const LwWireCall *call,
                 JsonObject       *answer)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  JsonObject *out = json_object_new ();

  g_return_val_if_fail (call != NULL && answer != NULL, out);

  lw_wire_foreach_read (call, collect_path, paths);
  g_ptr_array_add (paths, g_strdup (DRY_RUN_MARKER));
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      if (!is_prefix_of_another (paths, path))
        project_path (answer, out, path);
    }
  return out;
}

/* Typed results */

/* The node at @path under @object: segments split by '.', "Name[0]" takes the first element. */
static JsonNode *
resolve (JsonObject *object,
         const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *seg = segments[i];
      gboolean first = g_str_has_suffix (seg, "[0]");

      if (object == NULL)
        return NULL;
      if (first)
        seg[strlen (seg) - 3] = '\0';
      node = json_object_get_member (object, seg);
      if (node != NULL && first)
        {
          if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
            return NULL;
          node = json_array_get_element (json_node_get_array (node), 0);
        }
      if (node == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static char *
node_dup_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);
        if (d == (double) (gint64) d)
          return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) d);
        return g_strdup_printf ("%g", d);
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static guint64
node_get_uint (JsonNode *node,
               guint64   max)
{
  g_autofree char *text = node_dup_text (node);
  guint64 v = 0;

  /* The APIs send some numbers as strings; anything else (negative, garbage) reads as 0. */
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &v, NULL))
    return 0;
  return v;
}

static gboolean
node_get_bool (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return FALSE;
}

static JsonArray *
node_get_list (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  /* XML-style wrapper {"Zone": [...]}: a single member holding the array. */
  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) == 1)
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));
      if (JSON_NODE_HOLDS_ARRAY ((JsonNode *) members->data))
        return json_node_get_array (members->data);
    }
  return NULL;
}

gpointer
lw_wire_parse_struct (const LwWireStruct *desc,
                      JsonObject         *object)
{
  guint8 *data;

  g_return_val_if_fail (desc != NULL, NULL);

  data = g_malloc0 (desc->size);
  for (const LwWireField *f = desc->fields; object != NULL && f->path != NULL; f++)
    {
      JsonNode *node;
      gpointer slot;

      if (f->kind == LW_FIELD_READ || f->offset < 0)
        continue;
      node = resolve (object, f->path);
      slot = data + f->offset;
      switch (f->kind)
        {
        case LW_FIELD_STRING:
          /* Several paths may fill one member (alternative spellings): the first found wins. */
          if (*(char **) slot == NULL)
            *(char **) slot = node_dup_text (node);
          break;
        case LW_FIELD_UINT:
          if (*(guint *) slot == 0)
            *(guint *) slot = (guint) node_get_uint (node, G_MAXUINT);
          break;
        case LW_FIELD_UINT64:
          if (*(guint64 *) slot == 0)
            *(guint64 *) slot = node_get_uint (node, G_MAXUINT64);
          break;
        case LW_FIELD_BOOLEAN:
          *(gboolean *) slot = *(gboolean *) slot || node_get_bool (node);
          break;
        case LW_FIELD_STRV:
          if (*(char ***) slot == NULL)
            {
              JsonArray *array = node_get_list (node);
              g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

              for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
                {
                  char *text = node_dup_text (json_array_get_element (array, i));
                  if (text != NULL)
                    {
                      g_strv_builder_add (b, text);
                      g_free (text);
                    }
                }
              *(char ***) slot = g_strv_builder_end (b);
            }
          break;
        case LW_FIELD_LIST:
          if (*(GPtrArray **) slot == NULL && f->item != NULL)
            {
              JsonArray *array = node_get_list (node);
              GPtrArray *items = g_ptr_array_new_with_free_func (f->item->free);

              for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
                {
                  JsonNode *e = json_array_get_element (array, i);
                  if (JSON_NODE_HOLDS_OBJECT (e))
                    g_ptr_array_add (items, lw_wire_parse_struct (f->item, json_node_get_object (e)));
                }
              *(GPtrArray **) slot = items;
            }
          break;
        case LW_FIELD_READ:
        default:
          break;
        }
    }
  /* Never hand out a NULL list or vector (callers iterate without checks). */
  for (const LwWireField *f = desc->fields; f->path != NULL; f++)
    {
      gpointer slot = data + f->offset;
      if (f->kind == LW_FIELD_LIST && *(GPtrArray **) slot == NULL && f->item != NULL)
        *(GPtrArray **) slot = g_ptr_array_new_with_free_func (f->item->free);
      else if (f->kind == LW_FIELD_STRV && *(char ***) slot == NULL)
        *(char ***) slot = g_new0 (char *, 1);
    }
  return data;
}

void
lw_wire_free_struct (const LwWireStruct *desc,
                     gpointer            data)
{
  guint8 *bytes = data;

  if (data == NULL)
    return;
  for (const LwWireField *f = desc->fields; f->path != NULL; f++)
    {
      gpointer slot = bytes + f->offset;

      switch (f->kind)
        {
        case LW_FIELD_STRING:
          g_clear_pointer ((char **) slot, g_free);
          break;
        case LW_FIELD_STRV:
          g_clear_pointer ((char ***) slot, g_strfreev);
          break;
        case LW_FIELD_LIST:
          g_clear_pointer ((GPtrArray **) slot, g_ptr_array_unref);
          break;
        case LW_FIELD_READ:
        case LW_FIELD_UINT:
        case LW_FIELD_UINT64:
        case LW_FIELD_BOOLEAN:
        default:
          break;
        }
    }
  g_free (data);
}

gpointer
lw_wire_parse_answer (const LwWireCall *call,
                      JsonObject       *answer)
{
  g_return_val_if_fail (call != NULL && call->result != NULL, NULL);

  if (call->list != NULL)
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (call->result->free);
      JsonArray *array = node_get_list (resolve (answer, call->list));

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_OBJECT (e))
            g_ptr_array_add (items, lw_wire_parse_struct (call->result, json_node_get_object (e)));
        }
      return items;
    }
  return lw_wire_parse_struct (call->result, answer);
}

void
lw_wire_fuzz_calls (const LwWireCall *calls,
                    JsonObject       *response)
{
  for (const LwWireCall *c = calls; c->action != NULL; c++)
    if (c->result != NULL)
      {
        gpointer parsed = lw_wire_parse_answer (c, response);
        if (c->list != NULL)
          g_ptr_array_unref (parsed);
        else
          c->result->free (parsed);
      }
}
