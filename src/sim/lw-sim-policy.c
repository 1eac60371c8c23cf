/* lw-sim-policy.c — per-key RAM policies (an allow-list of actions), the simulator's own evaluator
 *
 * Keys added through POST /_sim/keys (or lw_sim_server_add_key_with_policy()) carry a RAM policy document.
 * A call is allowed when an Allow statement's Action matches "<product>:<Action>" and no Deny statement
 * does; the match is RAM's: case-insensitive, "*" and "?" wildcards ("nlb:*", "nlb:List*", "*").
 * Resource and Condition are not evaluated (the simulator has one account and checks actions only).
 * STS GetCallerIdentity needs no permission (its API reference: "No authorization for this operation").
 * Shares nothing with src/cloud or src/core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim"

#include "config.h"

#include <string.h>

#include "lw-sim-private.h"

static gboolean
action_matches (const char *pattern, const char *action)
{
  g_autofree char *p = g_ascii_strdown (pattern, -1);
  g_autofree char *a = g_ascii_strdown (action, -1);

  return g_pattern_match_simple (p, a);
}

/* Does a statement's Action (a string or an array of strings) match? */
static gboolean
statement_matches (JsonObject *statement, const char *action)
{
  JsonNode *node = json_object_get_member (statement, "Action");

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return action_matches (json_node_get_string (node), action);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
              && action_matches (json_node_get_string (e), action))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
policy_allows (JsonNode *policy, const char *action)
{
  JsonArray *statements = json_object_get_array_member (json_node_get_object (policy), "Statement");
  gboolean allowed = FALSE;

  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *st = json_array_get_object_element (statements, i);
      const char *effect = json_object_get_string_member_with_default (st, "Effect", "");

      if (!statement_matches (st, action))
        continue;
      if (g_ascii_strcasecmp (effect, "Deny") == 0)
        return FALSE;
      if (g_ascii_strcasecmp (effect, "Allow") == 0)
        allowed = TRUE;
    }
  return allowed;
}

gboolean
lw_sim_policy_allows_call (LwSimCall *call)
{
  g_autofree char *product = NULL;
  g_autofree char *action = NULL;

  if (call->key == NULL || call->key->policy == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (call->product, "Sts") == 0 && g_strcmp0 (call->action, "GetCallerIdentity") == 0)
    return TRUE;
  product = g_ascii_strdown (call->product, -1);
  action = g_strconcat (product, ":", call->action, NULL);
  return policy_allows (call->key->policy, action);
}

/* A policy document the simulator can evaluate: an object with "Statement": [objects with "Effect"
 * Allow/Deny and "Action" a string or an array of strings]. */
static gboolean
validate_policy (JsonNode *policy, GError **error)
{
  JsonObject *root;
  JsonNode *statements;

  if (policy == NULL || !JSON_NODE_HOLDS_OBJECT (policy))
    goto bad;
  root = json_node_get_object (policy);
  statements = json_object_get_member (root, "Statement");
  if (statements == NULL || !JSON_NODE_HOLDS_ARRAY (statements))
    goto bad;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (statements)); i++)
    {
      JsonNode *st = json_array_get_element (json_node_get_array (statements), i);
      JsonNode *action;
      const char *effect;

      if (!JSON_NODE_HOLDS_OBJECT (st))
        goto bad;
      effect = json_object_get_string_member_with_default (json_node_get_object (st), "Effect", "");
      action = json_object_get_member (json_node_get_object (st), "Action");
      if ((g_ascii_strcasecmp (effect, "Allow") != 0 && g_ascii_strcasecmp (effect, "Deny") != 0) || action == NULL
          || !(JSON_NODE_HOLDS_ARRAY (action)
               || (JSON_NODE_HOLDS_VALUE (action) && json_node_get_value_type (action) == G_TYPE_STRING)))
        goto bad;
    }
  return TRUE;

bad:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The policy must be a RAM policy document: {\"Version\":\"1\",\"Statement\":[{\"Effect\":"
                       "\"Allow\",\"Action\":[…],\"Resource\":…}]}.");
  return FALSE;
}

static gboolean
add_key (LwSimServer *sim, const char *id, const char *secret, JsonNode *policy, const char *account_id,
         const char *user_name, const char *user_id, GError **error)
{
  LwSimAccessKey *key;

  if (id == NULL || *id == '\0' || secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "A key needs an \"id\" and a \"secret\".");
      return FALSE;
    }
  if (g_hash_table_contains (sim->access_keys, id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The key %s exists already.", id);
      return FALSE;
    }
  if (!validate_policy (policy, error))
    return FALSE;
  if (account_id == NULL)
    account_id = lw_sim_server_lookup_demo (sim, "account-id");
  if (account_id == NULL || !g_hash_table_contains (sim->accounts, account_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No account %s in this world.", account_id ? account_id : "");
      return FALSE;
    }

  key = g_new0 (LwSimAccessKey, 1);
  key->id = g_strdup (id);
  key->secret = g_strdup (secret);
  key->account_id = g_strdup (account_id);
  key->forbidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key->identity_type = g_strdup ("RAMUser");
  key->arn = g_strdup_printf ("acs:ram::%s:user/%s", account_id, user_name ? user_name : "linkwright");
  key->principal_id = user_id ? g_strdup (user_id) : g_strdup_printf ("2%015u", g_str_hash (id) % 1000000000u);
  key->policy = json_node_copy (policy);
  g_hash_table_replace (sim->access_keys, key->id, key);
  return TRUE;
}

gboolean
lw_sim_server_add_key_with_policy (LwSimServer *self, const char *id, const char *secret, const char *policy_json,
                                   const char *account_id, GError **error)
{
  g_autoptr(JsonNode) policy = NULL;

  g_return_val_if_fail (LW_IS_SIM_SERVER (self), FALSE);
  policy = policy_json ? json_from_string (policy_json, error) : NULL;
  if (policy_json != NULL && policy == NULL)
    return FALSE;
  return add_key (self, id, secret, policy, account_id, NULL, NULL, error);
}

void
lw_sim_policy_admin_add_key (LwSimServer *sim, SoupServerMessage *msg, JsonObject *reply, guint *status)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o = NULL;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *user;

      o = json_node_get_object (json_parser_get_root (parser));
      user = json_object_has_member (o, "ram_user") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "ram_user"))
             ? json_object_get_object_member (o, "ram_user") : NULL;
      add_key (sim, json_object_get_string_member_with_default (o, "id", NULL),
               json_object_get_string_member_with_default (o, "secret", NULL),
               json_object_get_member (o, "policy"),
               json_object_get_string_member_with_default (o, "account_id", NULL),
               user ? json_object_get_string_member_with_default (user, "name", NULL) : NULL,
               user ? json_object_get_string_member_with_default (user, "id", NULL) : NULL, &error);
    }
  else if (error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The body must be a JSON object.");

  if (error != NULL)
    {
      *status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) ? 409 : 400;
      json_object_set_string_member (reply, "error", error->message);
    }
  else
    {
      json_object_set_boolean_member (reply, "ok", TRUE);
      json_object_set_string_member (reply, "id", json_object_get_string_member (o, "id"));
    }
}
