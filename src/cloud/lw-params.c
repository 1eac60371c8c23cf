/* lw-params.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-params"

#include <string.h>

#include "lw-params.h"
#include "lw-signer.h"

typedef struct {
  char *name;
  char *value;
} Pair;

struct _LwParams
{
  GArray *pairs;   /* Pair */
};

static void
pair_clear (gpointer data)
{
  Pair *p = data;
  g_free (p->name);
  g_free (p->value);
}

LwParams *
lw_params_new (void)
{
  LwParams *self = g_new0 (LwParams, 1);
  self->pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_array_set_clear_func (self->pairs, pair_clear);
  return self;
}

LwParams *
lw_params_copy (const LwParams *self)
{
  LwParams *copy = lw_params_new ();

  if (self != NULL)
    for (guint i = 0; i < self->pairs->len; i++)
      lw_params_add (copy, lw_params_get_name (self, i), lw_params_get_value (self, i));
  return copy;
}

void
lw_params_free (LwParams *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->pairs);
  g_free (self);
}

void
lw_params_add (LwParams   *self,
               const char *name,
               const char *value)
{
  Pair p;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  p.name = g_strdup (name);
  p.value = g_strdup (value != NULL ? value : "");
  g_array_append_val (self->pairs, p);
}

void
lw_params_remove (LwParams   *self,
                  const char *name)
{
  for (guint i = self->pairs->len; i > 0; i--)
    if (g_str_equal (g_array_index (self->pairs, Pair, i - 1).name, name))
      g_array_remove_index (self->pairs, i - 1);
}

void
lw_params_set (LwParams   *self,
               const char *name,
               const char *value)
{
  lw_params_remove (self, name);
  lw_params_add (self, name, value);
}

void
lw_params_add_printf (LwParams   *self,
                      const char *name,
                      const char *format,
                      ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  lw_params_add (self, name, value);
}

void
lw_params_add_bool (LwParams   *self,
                    const char *name,
                    gboolean    value)
{
  lw_params_add (self, name, value ? "true" : "false");
}

void
lw_params_add_int (LwParams   *self,
                   const char *name,
                   gint64      value)
{
  lw_params_add_printf (self, name, "%" G_GINT64_FORMAT, value);
}

void
lw_params_add_uint (LwParams   *self,
                    const char *name,
                    guint64     value)
{
  lw_params_add_printf (self, name, "%" G_GUINT64_FORMAT, value);
}

void
lw_params_add_nonnull (LwParams   *self,
                       const char *name,
                       const char *value)
{
  if (value != NULL)
    lw_params_add (self, name, value);
}

void
lw_params_add_list (LwParams           *self,
                    const char         *prefix,
                    const char * const *values)
{
  if (values == NULL)
    return;
  for (guint i = 0; values[i] != NULL; i++)
    lw_params_add_indexed (self, prefix, i + 1, NULL, values[i]);
}

void
lw_params_add_indexed (LwParams   *self,
                       const char *prefix,
                       guint       index,
                       const char *field,
                       const char *value)
{
  g_autofree char *name = NULL;

  if (value == NULL)
    return;
  if (field != NULL)
    name = g_strdup_printf ("%s.%u.%s", prefix, index, field);
  else
    name = g_strdup_printf ("%s.%u", prefix, index);
  lw_params_add (self, name, value);
}

void
lw_params_add_tags (LwParams           *self,
                    const char * const *key_values)
{
  guint n = 0;

  if (key_values == NULL)
    return;
  for (guint i = 0; key_values[i] != NULL && key_values[i + 1] != NULL; i += 2)
    {
      n++;
      lw_params_add_indexed (self, "Tag", n, "Key", key_values[i]);
      lw_params_add_indexed (self, "Tag", n, "Value", key_values[i + 1]);
    }
}

static char *
join_name (const char *prefix,
           const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", prefix, member);
}

void
lw_params_add_json (LwParams   *self,
                    const char *prefix,
                    JsonNode   *node)
{
  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &child))
          {
            g_autofree char *name = join_name (prefix, member);
            lw_params_add_json (self, name, child);
          }
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *name = g_strdup_printf ("%s.%u", prefix != NULL ? prefix : "", i + 1);
            lw_params_add_json (self, name, json_array_get_element (array, i));
          }
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (prefix == NULL || *prefix == '\0')
          break;
        if (type == G_TYPE_BOOLEAN)
          lw_params_add_bool (self, prefix, json_node_get_boolean (node));
        else if (type == G_TYPE_INT64 || type == G_TYPE_INT || type == G_TYPE_LONG)
          lw_params_add_int (self, prefix, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT)
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            lw_params_add (self, prefix, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
        else
          lw_params_add (self, prefix, json_node_get_string (node));
      }
      break;

    default:
      break;
    }
}

guint
lw_params_get_length (const LwParams *self)
{
  return self != NULL ? self->pairs->len : 0;
}

const char *
lw_params_get_name (const LwParams *self,
                    guint           index)
{
  g_return_val_if_fail (index < self->pairs->len, NULL);
  return g_array_index (self->pairs, Pair, index).name;
}

const char *
lw_params_get_value (const LwParams *self,
                     guint           index)
{
  g_return_val_if_fail (index < self->pairs->len, NULL);
  return g_array_index (self->pairs, Pair, index).value;
}

const char *
lw_params_lookup (const LwParams *self,
                  const char     *name)
{
  if (self == NULL)
    return NULL;
  for (guint i = 0; i < self->pairs->len; i++)
    if (g_str_equal (g_array_index (self->pairs, Pair, i).name, name))
      return g_array_index (self->pairs, Pair, i).value;
  return NULL;
}

static void
append_pair (GString    *out,
             const char *name,
             const char *value)
{
  g_autofree char *n = lw_signer_percent_encode (name);
  g_autofree char *v = lw_signer_percent_encode (value);

  if (out->len > 0)
    g_string_append_c (out, '&');
  g_string_append (out, n);
  g_string_append_c (out, '=');
  g_string_append (out, v);
}

char *
lw_params_to_encoded (const LwParams *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lw_params_get_length (self); i++)
    append_pair (out, lw_params_get_name (self, i), lw_params_get_value (self, i));
  return g_string_free (out, FALSE);
}

static int
compare_pairs_by_name (gconstpointer a,
                       gconstpointer b)
{
  const Pair *pa = *(const Pair * const *) a;
  const Pair *pb = *(const Pair * const *) b;

  /* strcmp compares bytes as unsigned char: the byte order the signature requires. */
  return strcmp (pa->name, pb->name);
}

char *
lw_params_to_canonical (const LwParams *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lw_params_get_length (self); i++)
    g_ptr_array_add (sorted, &g_array_index (self->pairs, Pair, i));
  /* g_ptr_array_sort is a stable merge sort, so repeated names keep their order. */
  g_ptr_array_sort (sorted, compare_pairs_by_name);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Pair *p = g_ptr_array_index (sorted, i);
      append_pair (out, p->name, p->value);
    }
  return g_string_free (out, FALSE);
}
