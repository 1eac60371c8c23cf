/* lw-names.c — the names and descriptions Linkwright sends, and the table of rules they must meet
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-names"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "lw-core-resources.h"
#include "lw-names.h"
#include "lw-params.h"

#define RULES_RESOURCE "/io/github/linkwright/core/api-string-rules.json"

typedef struct {
  char    *api;
  GStrv    actions;
  char    *parameter;   /* "Tag.N.Key" */
  GRegex  *parameter_re; /* ^Tag\.[1-9][0-9]*\.Key$ */
  gint64   min_length;
  gint64   max_length;
  gint64   max_items;   /* 0: not a list */
  GRegex  *pattern;
  char    *allowed;
  char    *error_code;
  char    *source;      /* title + url, for messages */
} Rule;

static GPtrArray *
rules (void)
{
  static GPtrArray *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resource_lookup_data (lw_core_get_resource (), RULES_RESOURCE,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      GPtrArray *list = g_ptr_array_new ();
      JsonArray *array;

      /* The table is compiled in: failing to read it is a build error, not a runtime condition. */
      g_assert_no_error (error);
      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
        g_error ("%s: %s", RULES_RESOURCE, error->message);
      array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rules");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);
          JsonObject *source = json_object_get_object_member (o, "source");
          JsonArray *actions = json_object_get_array_member (o, "actions");
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          g_autofree char *escaped = NULL;
          g_autofree char *param_re = NULL;
          g_auto(GStrv) parts = NULL;
          Rule *r = g_new0 (Rule, 1);

          r->api = g_strdup (json_object_get_string_member (o, "api"));
          for (guint k = 0; k < json_array_get_length (actions); k++)
            g_strv_builder_add (b, json_array_get_string_element (actions, k));
          r->actions = g_strv_builder_end (b);
          r->parameter = g_strdup (json_object_get_string_member (o, "parameter"));
          /* "Servers.N.Description" → ^Servers\.[1-9][0-9]*\.Description$ */
          parts = g_strsplit (r->parameter, ".N.", -1);
          for (guint k = 0; parts[k] != NULL; k++)
            {
              g_autofree char *part = g_regex_escape_string (parts[k], -1);
              g_autofree char *prev = escaped;
              escaped = prev ? g_strconcat (prev, "\\.[1-9][0-9]*\\.", part, NULL) : g_strdup (part);
            }
          param_re = g_strconcat ("^", escaped, "$", NULL);
          r->parameter_re = g_regex_new (param_re, G_REGEX_OPTIMIZE, 0, &error);
          g_assert_no_error (error);
          r->min_length = json_object_get_int_member (o, "min_length");
          r->max_length = json_object_get_int_member (o, "max_length");
          r->max_items = json_object_get_int_member_with_default (o, "max_items", 0);
          r->pattern = g_regex_new (json_object_get_string_member (o, "pattern"), G_REGEX_DOTALL, 0, &error);
          g_assert_no_error (error);
          r->allowed = g_strdup (json_object_get_string_member (o, "allowed"));
          r->error_code = g_strdup (json_object_get_string_member (o, "error_code"));
          r->source = g_strdup (json_object_get_string_member (source, "title"));
          g_ptr_array_add (list, r);
        }
      g_once_init_leave (&table, list);
    }
  return table;
}

static gboolean
rule_applies (Rule *r, const char *api, const char *action, const char *parameter)
{
  return g_strcmp0 (r->api, api) == 0 && action != NULL && g_strv_contains ((const char * const *) r->actions, action)
         && parameter != NULL && g_regex_match (r->parameter_re, parameter, 0, NULL);
}

static gboolean
rule_check (Rule *r, const char *parameter, const char *value, char **message)
{
  glong len;

  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    {
      if (message != NULL)
        *message = g_strdup_printf (_("%s is not valid UTF-8."), parameter);
      return FALSE;
    }
  len = g_utf8_strlen (value, -1);
  if (len < r->min_length || len > r->max_length)
    {
      if (message != NULL)
        *message = g_strdup_printf (_("%s must be %d to %d characters long (it has %d): %s (%s)"),
                                    parameter, (int) r->min_length, (int) r->max_length, (int) MIN (len, G_MAXINT),
                                    r->allowed, r->source);
      return FALSE;
    }
  if (r->max_items > 0)
    {
      g_auto(GStrv) items = g_strsplit (value, ",", -1);
      if (g_strv_length (items) > (guint) r->max_items)
        {
          if (message != NULL)
            *message = g_strdup_printf (_("%s has more than %d entries (%s)"),
                                        parameter, (int) r->max_items, r->source);
          return FALSE;
        }
    }
  if (!g_regex_match (r->pattern, value, 0, NULL))
    {
      if (message != NULL)
        *message = g_strdup_printf (_("%s has characters the cloud does not accept: %s (%s)"),
                                    parameter, r->allowed, r->source);
      return FALSE;
    }
  return TRUE;
}

gboolean
lw_string_rules_check (const char *api,
                       const char *action,
                       const char *parameter,
                       const char *value,
                       char      **message)
{
  GPtrArray *table = rules ();

  for (guint i = 0; i < table->len; i++)
    {
      Rule *r = g_ptr_array_index (table, i);
      if (rule_applies (r, api, action, parameter) && !rule_check (r, parameter, value, message))
        return FALSE;
    }
  return TRUE;
}

gboolean
lw_string_rules_check_params (const char     *api,
                              const char     *action,
                              const LwParams *params,
                              char          **message)
{
  for (guint i = 0; params != NULL && i < lw_params_get_length (params); i++)
    if (!lw_string_rules_check (api, action, lw_params_get_name (params, i), lw_params_get_value (params, i), message))
      return FALSE;
  return TRUE;
}

guint
lw_string_rules_count (void)
{
  return rules ()->len;
}

void
lw_string_rules_get (guint        i,
                     const char **api,
                     const char * const **actions,
                     const char **parameter,
                     const char **error_code)
{
  Rule *r = g_ptr_array_index (rules (), i);

  if (api != NULL)
    *api = r->api;
  if (actions != NULL)
    *actions = (const char * const *) r->actions;
  if (parameter != NULL)
    *parameter = r->parameter;
  if (error_code != NULL)
    *error_code = r->error_code;
}

/* ---- generators ---- */

static char *
short_hash (const char *value)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, value, -1);
  return g_strndup (sha, 8);
}

/* Keeps ASCII letters and digits and the characters of keep; every run of anything else becomes one
 * replacement character (none at either end). When that changed the value or it is longer than max,
 * the result is cut to leave room for "<sep><8 hex digits of SHA-256 of the original>". */
static char *
sanitize (const char *value, const char *keep, char replacement, gsize max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *hash = NULL;
  gboolean pending = FALSE;

  for (const char *p = value ? value : ""; *p; p++)
    {
      if (g_ascii_isalnum (*p) || (keep != NULL && strchr (keep, *p) != NULL))
        {
          if (pending && out->len > 0 && out->str[out->len - 1] != replacement && *p != replacement)
            g_string_append_c (out, replacement);
          pending = FALSE;
          g_string_append_c (out, *p);
        }
      else
        pending = TRUE;
    }
  if (g_strcmp0 (out->str, value ? value : "") == 0 && out->len <= max)
    return g_string_free (g_steal_pointer (&out), FALSE);

  hash = short_hash (value ? value : "");
  if (out->len > max - 9)
    g_string_truncate (out, max - 9);
  while (out->len > 0 && out->str[out->len - 1] == replacement)
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, replacement);
  g_string_append (out, hash);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
lw_names_setup_name (const char *rds_instance_id,
                     const char *setup_id)
{
  g_autofree char *raw = g_strdup_printf ("lw-%s-%s",
                                          rds_instance_id && *rds_instance_id ? rds_instance_id : "rds",
                                          setup_id ? setup_id : "");
  /* Starts with "lw", so with a letter, whatever follows. */
  return sanitize (raw, "-", '-', LW_NAMES_MAX_LENGTH);
}

char *
lw_names_service_description (const char *setup_name)
{
  g_autofree char *name = sanitize (setup_name, "-_", '-', LW_NAMES_MAX_LENGTH);
  g_autofree char *raw = g_strdup_printf ("%s_created-by-Linkwright-for-TiDB-Cloud", name);
  return sanitize (raw, "-_", '-', 256);
}

const char *
lw_names_backend_description (void)
{
  return "Linkwright/RDS-MySQL-private-address";
}

char *
lw_names_whitelist_group (const char *setup_id)
{
  g_autofree char *lower = g_ascii_strdown (setup_id ? setup_id : "", -1);
  g_autofree char *raw = g_strdup_printf ("lw_%s", lower);
  g_autofree char *name = sanitize (raw, "_", '_', 120);

  /* No upper-case letters are left after g_ascii_strdown (); the rule wants a letter or digit last. */
  if (g_str_has_suffix (name, "_"))
    {
      g_autofree char *hash = short_hash (raw);
      return g_strconcat (name, hash, NULL);
    }
  return g_steal_pointer (&name);
}

char *
lw_names_polardb_whitelist_group (const char *setup_id)
{
  g_autofree char *lower = g_ascii_strdown (setup_id ? setup_id : "", -1);
  g_autoptr(GString) out = g_string_new ("lw");
  gboolean changed = FALSE;

  for (const char *p = lower; *p; p++)
    {
      if (g_ascii_islower (*p) || g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else
        changed = TRUE;
    }
  /* A changed or over-long id keeps its identity through the hash (lower-case hex digits). */
  if (changed || out->len > 120)
    {
      g_autofree char *hash = short_hash (setup_id ? setup_id : "");
      if (out->len > 120 - 8)
        g_string_truncate (out, 120 - 8);
      g_string_append (out, hash);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
lw_names_tag_value (const char *value)
{
  g_autofree char *name = sanitize (value, "-_.", '-', 128);

  if (g_str_has_prefix (name, "aliyun") || g_str_has_prefix (name, "acs"))
    return g_strconcat ("lw-", name, NULL);
  return g_steal_pointer (&name);
}

gboolean
lw_names_check_rds_instance_id (const char *rds_instance_id,
                                char      **message)
{
  gsize len = rds_instance_id ? strlen (rds_instance_id) : 0;

  if (len == 0)
    {
      if (message != NULL)
        *message = g_strdup (_("Choose the RDS MySQL instance."));
      return FALSE;
    }
  if (len > 48 || !g_ascii_islower (rds_instance_id[0]))
    goto bad;
  for (const char *p = rds_instance_id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      goto bad;
  return TRUE;

bad:
  if (message != NULL)
    *message = g_strdup (_("The RDS instance ID is not valid: it has only lower-case letters, digits and dashes "
                           "(like rm-bp1abc123), at most 48 characters. Choose the instance again from the list."));
  return FALSE;
}
