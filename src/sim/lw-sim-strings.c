/* lw-sim-strings.c — the documented length and character rules of names and descriptions
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator's own reading of data/api-string-rules.json (compiled into this library's GResource;
 * the client reads the same file through its own code in src/core/lw-names.c). A request whose string
 * parameter breaks a rule is refused with the rule's error code, as the real service would, so that a
 * test fails the day Linkwright sends something the real API refuses.
 */
#define G_LOG_DOMAIN "lw-sim-strings"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "lw-sim-private.h"
#include "lw-sim-resources.h"

typedef struct {
  char   *api;
  GStrv   actions;
  char   *parameter;
  GRegex *name_re;
  gint64  min_length, max_length, max_items;
  GRegex *pattern;
  char   *allowed;
  char   *code;
  guint   status;
} SimRule;

static GPtrArray *
sim_rules (void)
{
  static GPtrArray *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resource_lookup_data (lw_sim_get_resource (), "/io/github/linkwright/sim/api-string-rules.json",
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      GPtrArray *list = g_ptr_array_new ();
      JsonArray *array;

      g_assert_no_error (error);
      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
        g_error ("api-string-rules.json: %s", error->message);
      array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rules");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);
          JsonArray *actions = json_object_get_array_member (o, "actions");
          SimRule *r = g_new0 (SimRule, 1);
          g_autoptr(GString) re = g_string_new ("^");
          const char *p;

          r->api = g_strdup (json_object_get_string_member (o, "api"));
          r->actions = g_new0 (char *, json_array_get_length (actions) + 1);
          for (guint k = 0; k < json_array_get_length (actions); k++)
            r->actions[k] = g_strdup (json_array_get_string_element (actions, k));
          r->parameter = g_strdup (json_object_get_string_member (o, "parameter"));
          /* "Tag.N.Key": N is any 1-based index. */
          for (p = r->parameter; *p; p++)
            {
              if (p[0] == '.' && p[1] == 'N' && p[2] == '.')
                {
                  g_string_append (re, "\\.[1-9][0-9]*\\.");
                  p += 2;
                }
              else if (g_ascii_isalnum (*p))
                g_string_append_c (re, *p);
              else
                g_string_append_printf (re, "\\%c", *p);
            }
          g_string_append_c (re, '$');
          r->name_re = g_regex_new (re->str, 0, 0, &error);
          g_assert_no_error (error);
          r->min_length = json_object_get_int_member (o, "min_length");
          r->max_length = json_object_get_int_member (o, "max_length");
          r->max_items = json_object_get_int_member_with_default (o, "max_items", 0);
          r->pattern = g_regex_new (json_object_get_string_member (o, "pattern"), G_REGEX_DOTALL, 0, &error);
          g_assert_no_error (error);
          r->allowed = g_strdup (json_object_get_string_member (o, "allowed"));
          r->code = g_strdup (json_object_get_string_member (o, "error_code"));
          r->status = (guint) json_object_get_int_member_with_default (o, "http_status", 400);
          g_ptr_array_add (list, r);
        }
      g_once_init_leave (&table, list);
    }
  return table;
}

/* NULL when value meets every rule for (api, action, name); otherwise the broken rule, and *message. */
static SimRule *
broken_rule (const char *api, const char *action, const char *name, const char *value, char **message)
{
  GPtrArray *table = sim_rules ();

  for (guint i = 0; i < table->len; i++)
    {
      SimRule *r = g_ptr_array_index (table, i);
      glong len;

      if (g_strcmp0 (r->api, api) != 0 || !g_strv_contains ((const char * const *) r->actions, action)
          || !g_regex_match (r->name_re, name, 0, NULL))
        continue;
      len = g_utf8_validate (value, -1, NULL) ? g_utf8_strlen (value, -1) : -1;
      if (len < r->min_length || len > r->max_length)
        {
          *message = g_strdup_printf ("The param %s is illegal: %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                                      " characters (%s).", name, r->min_length, r->max_length, r->allowed);
          return r;
        }
      if (r->max_items > 0)
        {
          g_auto(GStrv) items = g_strsplit (value, ",", -1);
          if (g_strv_length (items) > (guint) r->max_items)
            {
              *message = g_strdup_printf ("The param %s is illegal: at most %" G_GINT64_FORMAT " entries.",
                                          name, r->max_items);
              return r;
            }
        }
      if (!g_regex_match (r->pattern, value, 0, NULL))
        {
          *message = g_strdup_printf ("The param %s is illegal: %s.", name, r->allowed);
          return r;
        }
    }
  return NULL;
}

gboolean
lw_sim_strings_check_rpc (LwSimCall *call)
{
  g_autofree char *api = g_ascii_strdown (call->product, -1);
  g_autoptr(GList) names = g_hash_table_get_keys (call->params);

  /* Sorted, so that a request breaking two rules always gets the same answer. */
  names = g_list_sort (names, (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = g_hash_table_lookup (call->params, l->data);
      g_autofree char *message = NULL;
      SimRule *r = broken_rule (api, call->action, l->data, value ? value : "", &message);

      if (r != NULL)
        {
          lw_sim_call_error (call, r->status, r->code, "%s", message);
          return FALSE;
        }
    }
  return TRUE;
}

char *
lw_sim_strings_check_value (const char *api,
                            const char *action,
                            const char *name,
                            const char *value)
{
  char *message = NULL;

  if (broken_rule (api, action, name, value ? value : "", &message) != NULL)
    return message;
  return NULL;
}
