/* lw-sim-world.c — seed world loading and the store of live resources
 *
 * Resources are JsonObjects holding exactly the fields the real APIs return, plus internal
 * bookkeeping under names starting with "_" which lw_sim_public_node() strips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#define G_LOG_DOMAIN "lw-sim-world"

#include "lw-sim-private.h"
#include "lw-sim-resources.h"

#include <stdio.h>
#include <string.h>

static void
access_key_free (LwSimAccessKey *key)
{
  if (key->secret)
    explicit_bzero (key->secret, strlen (key->secret));
  if (key->security_token)
    explicit_bzero (key->security_token, strlen (key->security_token));
  g_free (key->security_token);
  g_free (key->identity_type);
  g_free (key->arn);
  g_free (key->principal_id);
  g_free (key->secret);
  g_free (key->id);
  g_free (key->account_id);
  g_clear_pointer (&key->forbidden, g_hash_table_unref);
  g_clear_pointer (&key->policy, json_node_unref);
  g_free (key);
}

static void
free_secret_string (gpointer p)
{
  if (p)
    explicit_bzero (p, strlen (p));
  g_free (p);
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_ref (json_node_get_array (node));
  return json_array_new ();
}

static JsonObject *
get_object (JsonObject *obj,
            const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  return NULL;
}

static const char *
get_string (JsonObject *obj,
            const char *member,
            const char *fallback)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

static void
default_string (JsonObject *obj,
                const char *member,
                const char *value)
{
  if (!json_object_has_member (obj, member))
    json_object_set_string_member (obj, member, value);
}

/* json_node_copy() shares nested objects and arrays; the seed must stay pristine for reset. */
static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (src);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (dst, l->data, deep_copy (json_object_get_member (src, l->data)));
      return lw_sim_node_take (dst);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_new ();
      JsonNode *out = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));
      json_node_take_array (out, dst);
      return out;
    }
  return json_node_copy (node);
}

static gboolean
load_seed_node (LwSimServer  *sim,
                GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (sim->seed_file != NULL)
    {
      if (!json_parser_load_from_mapped_file (parser, sim->seed_file, error))
        return FALSE;
    }
  else
    {
      /* The hangzhou world keeps its historical resource name (benchmarks interpose it). */
      const char *path = g_strcmp0 (sim->world, LW_SIM_WORLD_HANGZHOU) == 0
                         ? "/io/github/linkwright/sim/demo.json"
                         : "/io/github/linkwright/sim/singapore.json";
      g_autoptr(GBytes) bytes = g_resource_lookup_data (lw_sim_get_resource (), path,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                       (gssize) g_bytes_get_size (bytes), error))
        return FALSE;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Seed world is not a JSON object");
      return FALSE;
    }
  sim->seed = json_node_copy (json_parser_get_root (parser));
  return TRUE;
}

gboolean
lw_sim_world_load (LwSimServer  *sim,
                   GError      **error)
{
  JsonObject *root, *alibaba, *demo;
  g_autoptr(JsonArray) accounts = NULL;
  g_autoptr(JsonArray) rds = NULL;
  g_autoptr(JsonArray) polardb = NULL;
  g_autoptr(JsonArray) ecs = NULL;
  g_autoptr(JsonArray) security_groups = NULL;
  g_autoptr(JsonArray) users = NULL;
  g_autoptr(JsonArray) tidb_keys = NULL;

  if (sim->seed == NULL && !load_seed_node (sim, error))
    return FALSE;

  root = json_node_get_object (sim->seed);
  alibaba = get_object (root, "alibaba");
  if (alibaba == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Seed world has no \"alibaba\" object");
      return FALSE;
    }

  sim->access_keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) access_key_free);
  sim->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  sim->rds = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->rds_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sim->polardb = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->ecs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->security_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->mysql_users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->tidb_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_secret_string);
  sim->demo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  accounts = get_array (alibaba, "accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *acct = json_array_get_object_element (accounts, i);
      const char *account_id = get_string (acct, "account_id", NULL);
      g_autoptr(JsonArray) keys = get_array (acct, "access_keys");
      JsonObject *state;

      if (account_id == NULL)
        continue;
      state = json_object_new ();
      json_object_set_boolean_member (state, "privatelink_open",
                                      json_object_get_boolean_member_with_default (acct, "privatelink_open", TRUE));
      g_hash_table_replace (sim->accounts, g_strdup (account_id), state);

      for (guint k = 0; k < json_array_get_length (keys); k++)
        {
          JsonObject *ko = json_array_get_object_element (keys, k);
          g_autoptr(JsonArray) forbidden = get_array (ko, "forbidden_actions");
          LwSimAccessKey *key;

          if (get_string (ko, "id", NULL) == NULL || get_string (ko, "secret", NULL) == NULL)
            continue;
          key = g_new0 (LwSimAccessKey, 1);
          key->id = g_strdup (get_string (ko, "id", NULL));
          key->secret = g_strdup (get_string (ko, "secret", NULL));
          key->account_id = g_strdup (account_id);
          key->forbidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          key->security_token = g_strdup (get_string (ko, "security_token", NULL));
          if (get_object (ko, "ram_user") != NULL)
            {
              JsonObject *user = get_object (ko, "ram_user");
              key->identity_type = g_strdup ("RAMUser");
              key->arn = g_strdup_printf ("acs:ram::%s:user/%s", account_id, get_string (user, "name", "user"));
              key->principal_id = g_strdup (get_string (user, "id", account_id));
            }
          else if (get_object (ko, "role") != NULL)
            {
              JsonObject *role = get_object (ko, "role");
              key->identity_type = g_strdup ("AssumedRoleUser");
              key->arn = g_strdup_printf ("acs:ram::%s:assumed-role/%s/%s", account_id,
                                          get_string (role, "name", "role"), get_string (role, "session", "session"));
              key->principal_id = g_strdup_printf ("%s:%s", get_string (role, "id", "0"),
                                                   get_string (role, "session", "session"));
            }
          else
            {
              key->identity_type = g_strdup ("Account");
              key->arn = g_strdup_printf ("acs:ram::%s:root", account_id);
              key->principal_id = g_strdup (account_id);
            }
          for (guint f = 0; f < json_array_get_length (forbidden); f++)
            {
              const char *action = json_array_get_string_element (forbidden, f);
              if (action)
                g_hash_table_add (key->forbidden, g_strdup (action));
            }
          g_hash_table_replace (sim->access_keys, key->id, key);
        }
    }

  sim->regions = get_array (alibaba, "regions");
  sim->vpcs = get_array (alibaba, "vpcs");
  sim->vswitches = get_array (alibaba, "vswitches");

  users = get_array (alibaba, "mysql_users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    g_ptr_array_add (sim->mysql_users, json_object_ref (json_array_get_object_element (users, i)));

  rds = get_array (alibaba, "rds_instances");
  for (guint i = 0; i < json_array_get_length (rds); i++)
    {
      JsonNode *copy = deep_copy (json_array_get_element (rds, i));
      JsonObject *inst;
      const char *id;
      g_autofree char *conn = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (copy) ||
          (id = get_string (json_node_get_object (copy), "DBInstanceId", NULL)) == NULL)
        {
          json_node_unref (copy);
          continue;
        }
      inst = json_object_ref (json_node_get_object (copy));
      json_node_unref (copy);

      conn = g_strdup_printf ("%s.mysql.rds.aliyuncs.com", id);
      default_string (inst, "DBInstanceDescription", id);
      default_string (inst, "Engine", "MySQL");
      default_string (inst, "EngineVersion", "8.0");
      default_string (inst, "DBInstanceStatus", "Running");
      default_string (inst, "InstanceNetworkType", "VPC");
      default_string (inst, "RegionId", "cn-hangzhou");
      default_string (inst, "ZoneId", "cn-hangzhou-i");
      default_string (inst, "VpcId", "vpc-bp1demo000000000001");
      default_string (inst, "VSwitchId", "vsw-bp1demoi000000001");
      default_string (inst, "Port", "3306");
      default_string (inst, "ConnectionString", conn);
      default_string (inst, "DBInstanceType", "Primary");
      default_string (inst, "DBInstanceNetType", "Intranet");
      default_string (inst, "DBInstanceClass", "mysql.n2.medium.1");
      default_string (inst, "PayType", "Postpaid");
      default_string (inst, "LockMode", "Unlock");
      default_string (inst, "Category", "HighAvailability");
      default_string (inst, "CreateTime", "2025-06-01T08:00:00Z");
      if (!json_object_has_member (inst, "SecurityIPGroups"))
        {
          JsonArray *groups = json_array_new ();
          JsonObject *g = json_object_new ();
          json_object_set_string_member (g, "DBInstanceIPArrayName", "default");
          json_object_set_string_member (g, "SecurityIPList", "127.0.0.1");
          json_array_add_object_element (groups, g);
          json_object_set_array_member (inst, "SecurityIPGroups", groups);
        }
      if (g_hash_table_contains (sim->rds_by_id, id))
        {
          json_object_unref (inst);
          continue;
        }
      g_ptr_array_add (sim->rds, inst);
      g_hash_table_insert (sim->rds_by_id, (char *) get_string (inst, "DBInstanceId", NULL), inst);
    }

  /* PolarDB clusters, ECS instances and security groups: deep copies (the API changes whitelists
   * and rules), kept whole; the product files answer with the fields the official models name. */
  polardb = get_array (alibaba, "polardb_clusters");
  ecs = get_array (alibaba, "ecs_instances");
  security_groups = get_array (alibaba, "security_groups");
  for (guint k = 0; k < 3; k++)
    {
      JsonArray *from = k == 0 ? polardb : k == 1 ? ecs : security_groups;
      GPtrArray *into = k == 0 ? sim->polardb : k == 1 ? sim->ecs : sim->security_groups;
      const char *id_member = k == 0 ? "DBClusterId" : k == 1 ? "InstanceId" : "SecurityGroupId";

      for (guint i = 0; i < json_array_get_length (from); i++)
        {
          JsonNode *copy = deep_copy (json_array_get_element (from, i));

          if (JSON_NODE_HOLDS_OBJECT (copy) && get_string (json_node_get_object (copy), id_member, NULL) != NULL)
            g_ptr_array_add (into, json_object_ref (json_node_get_object (copy)));
          json_node_unref (copy);
        }
    }

  if (get_object (root, "tidb") != NULL)
    {
      JsonNode *tidb = deep_copy (json_object_get_member (root, "tidb"));
      sim->tidb = json_object_ref (json_node_get_object (tidb));
      json_node_unref (tidb);
    }
  else
    sim->tidb = json_object_new ();
  sim->tidb_account_id = g_strdup (get_string (sim->tidb, "account_id", LW_SIM_TIDB_ACCOUNT_DEFAULT));
  tidb_keys = get_array (sim->tidb, "api_keys");
  for (guint i = 0; i < json_array_get_length (tidb_keys); i++)
    {
      JsonObject *ko = json_array_get_object_element (tidb_keys, i);
      const char *pub = get_string (ko, "public_key", NULL);
      const char *priv = get_string (ko, "private_key", NULL);

      if (pub && priv)
        g_hash_table_replace (sim->tidb_keys, g_strdup (pub), g_strdup (priv));
    }

  demo = get_object (root, "demo");
  if (demo != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (demo);
      for (GList *l = members; l; l = l->next)
        {
          const char *v = get_string (demo, l->data, NULL);
          if (v)
            g_hash_table_replace (sim->demo, g_strdup (l->data), g_strdup (v));
        }
    }

  sim->live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  sim->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim->token_creations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim->token_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  sim->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sim->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sim->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sim->call_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sim->rate = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return TRUE;
}

void
lw_sim_world_clear (LwSimServer *sim)
{
  g_clear_pointer (&sim->access_keys, g_hash_table_unref);
  g_clear_pointer (&sim->accounts, g_hash_table_unref);
  g_clear_pointer (&sim->regions, json_array_unref);
  g_clear_pointer (&sim->vpcs, json_array_unref);
  g_clear_pointer (&sim->vswitches, json_array_unref);
  g_clear_pointer (&sim->rds_by_id, g_hash_table_unref);
  g_clear_pointer (&sim->rds, g_ptr_array_unref);
  g_clear_pointer (&sim->polardb, g_ptr_array_unref);
  g_clear_pointer (&sim->ecs, g_ptr_array_unref);
  g_clear_pointer (&sim->security_groups, g_ptr_array_unref);
  g_clear_pointer (&sim->mysql_users, g_ptr_array_unref);
  g_clear_pointer (&sim->tidb, json_object_unref);
  g_clear_pointer (&sim->tidb_keys, g_hash_table_unref);
  g_clear_pointer (&sim->tidb_account_id, g_free);
  g_clear_pointer (&sim->demo, g_hash_table_unref);
  g_clear_pointer (&sim->live, g_hash_table_unref);
  g_clear_pointer (&sim->created, g_hash_table_unref);
  g_clear_pointer (&sim->token_creations, g_hash_table_unref);
  g_clear_pointer (&sim->token_replies, g_hash_table_unref);
  g_clear_pointer (&sim->jobs, g_hash_table_unref);
  g_clear_pointer (&sim->nonces, g_hash_table_unref);
  g_clear_pointer (&sim->calls, g_ptr_array_unref);
  g_clear_pointer (&sim->call_counts, g_hash_table_unref);
  g_clear_pointer (&sim->rate, g_hash_table_unref);
}

GPtrArray *
lw_sim_res_list (LwSimServer *sim,
                 const char  *kind)
{
  GPtrArray *list = g_hash_table_lookup (sim->live, kind);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_hash_table_insert (sim->live, g_strdup (kind), list);
    }
  return list;
}

JsonObject *
lw_sim_res_add (LwSimServer *sim,
                const char  *kind,
                JsonObject  *obj,
                const char  *client_token)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sim->created, kind));

  g_hash_table_replace (sim->created, g_strdup (kind), GUINT_TO_POINTER (n + 1));
  if (client_token != NULL && *client_token)
    {
      guint t = GPOINTER_TO_UINT (g_hash_table_lookup (sim->token_creations, client_token));
      g_hash_table_replace (sim->token_creations, g_strdup (client_token), GUINT_TO_POINTER (t + 1));
      json_object_set_string_member (obj, "_ClientToken", client_token);
    }
  g_ptr_array_add (lw_sim_res_list (sim, kind), obj);
  return obj;
}

JsonObject *
lw_sim_res_find (LwSimServer *sim,
                 const char  *kind,
                 const char  *field,
                 const char  *value)
{
  GPtrArray *list = lw_sim_res_list (sim, kind);

  if (value == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *obj = g_ptr_array_index (list, i);
      if (g_strcmp0 (get_string (obj, field, NULL), value) == 0)
        return obj;
    }
  return NULL;
}

void
lw_sim_res_remove (LwSimServer *sim,
                   const char  *kind,
                   JsonObject  *obj)
{
  g_ptr_array_remove (lw_sim_res_list (sim, kind), obj);
}

JsonNode *
lw_sim_public_node (JsonObject *obj)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      const char *name = l->data;
      if (name[0] == '_')
        continue;
      json_object_set_member (copy, name, json_node_copy (json_object_get_member (obj, name)));
    }
  return lw_sim_node_take (copy);
}

char *
lw_sim_new_id (LwSimServer *sim,
               const char  *prefix)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char tail[21];

  /* Random like the real IDs (so a stale ID from an earlier run never matches), plus the
   * serial for uniqueness. */
  sim->serial++;
  for (guint i = 0; i < 14; i++)
    tail[i] = alphabet[g_random_int_range (0, 36)];
  g_snprintf (tail + 14, sizeof tail - 14, "%06" G_GUINT64_FORMAT, sim->serial % 1000000);
  return g_strconcat (prefix, tail, NULL);
}

char *
lw_sim_job_new (LwSimServer *sim)
{
  char *id = g_uuid_string_random ();

  for (char *p = id; *p; p++)
    *p = g_ascii_toupper (*p);
  /* The official model (GetJobStatusResponseBody) documents "processing" in lower case. */
  g_hash_table_replace (sim->jobs, g_strdup (id), g_strdup ("processing"));
  return id;
}

void
lw_sim_job_set (LwSimServer *sim,
                const char  *job_id,
                const char  *status)
{
  if (job_id && g_hash_table_contains (sim->jobs, job_id))
    g_hash_table_replace (sim->jobs, g_strdup (job_id), g_strdup (status));
}

JsonObject *
lw_sim_find_vswitch (LwSimServer *sim,
                     const char  *vswitch_id)
{
  for (guint i = 0; i < json_array_get_length (sim->vswitches); i++)
    {
      JsonObject *vsw = json_array_get_object_element (sim->vswitches, i);
      if (g_strcmp0 (get_string (vsw, "VSwitchId", NULL), vswitch_id) == 0)
        return vsw;
    }
  return NULL;
}

gboolean
lw_sim_region_exists (LwSimServer *sim,
                      const char  *region_id)
{
  for (guint i = 0; i < json_array_get_length (sim->regions); i++)
    {
      JsonObject *r = json_array_get_object_element (sim->regions, i);
      if (g_strcmp0 (get_string (r, "RegionId", NULL), region_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
parse_cidr (const char *s,
            guint32    *addr,
            guint      *len)
{
  guint a, b, c, d, l = 32;
  char tail;
  int n;

  if (s == NULL)
    return FALSE;
  while (*s == ' ')
    s++;
  n = sscanf (s, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &l, &tail);
  if (n != 4 && n != 5)
    return FALSE;
  if (a > 255 || b > 255 || c > 255 || d > 255 || l > 32)
    return FALSE;
  *addr = (a << 24) | (b << 16) | (c << 8) | d;
  *len = l;
  return TRUE;
}

gboolean
lw_sim_cidr_covers (const char *outer,
                    const char *inner)
{
  guint32 oa, ia, mask;
  guint ol, il;

  if (!parse_cidr (outer, &oa, &ol) || !parse_cidr (inner, &ia, &il))
    return FALSE;
  if (ol > il)
    return FALSE;
  mask = ol == 0 ? 0 : (guint32) (0xffffffffu << (32 - ol));
  return (oa & mask) == (ia & mask);
}

JsonArray *
lw_sim_array_member (JsonObject *obj,
                     const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (obj, member, json_array_new ());
      node = json_object_get_member (obj, member);
    }
  return json_node_get_array (node);
}

GPtrArray *
lw_sim_ip_list_apply (const char  *current,
                      char *const *entries,
                      const char  *mode)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  gboolean delete = strcmp (mode, "Delete") == 0;

  if (strcmp (mode, "Cover") != 0)
    {
      g_auto(GStrv) old = g_strsplit (current != NULL ? current : "", ",", -1);
      for (guint i = 0; old[i]; i++)
        if (*old[i])
          g_ptr_array_add (result, g_strdup (old[i]));
    }
  for (guint i = 0; entries[i]; i++)
    {
      gboolean present = FALSE;
      guint at = 0;

      for (guint j = 0; j < result->len; j++)
        if (strcmp (g_ptr_array_index (result, j), entries[i]) == 0)
          {
            present = TRUE;
            at = j;
          }
      if (delete)
        {
          if (present)
            g_ptr_array_remove_index (result, at);
        }
      else if (!present)
        g_ptr_array_add (result, g_strdup (entries[i]));
    }
  return result;
}

char *
lw_sim_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
