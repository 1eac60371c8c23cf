/* test-wire-alibaba.c — Linkwright's NLB, PrivateLink, PolarDB and ECS calls and the simulator's
 * answers, held to the official definitions in ../shared/data/alibaba-official-models.json (NLB,
 * PrivateLink: from the official Alibaba Cloud TypeScript SDK's models) and
 * tests/data/alibaba-official-models-polardb-ecs.json (PolarDB, ECS: generated from the pinned npm
 * SDKs' own model files by tests/conformance/lib/extract-models.js, checked by conformance-models).
 *
 * 1. The call table (src/cloud/lw-wire.c): every parameter the client can send exists in the
 *    model for that action, in the same location (query/body), of the same type, flattened the
 *    same way; every answer field the client or the engine reads exists at that path and type.
 * 2. The wire: a preflight, a full setup, a health check, a teardown and fault runs against the
 *    simulator, and every typed PolarDB/ECS call (src/cloud/lw-polardb.c, lw-ecs.c) with answers and
 *    errors, which the simulator records (what arrived where and what it answered): every
 *    parameter arrived where the model says; every answer field is official and of the official
 *    type (and enum values documented in the model are respected); extras only through the
 *    allowlist below, each with its reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "lw-cloud-error.h"
#include "lw-engine-private.h"
#include "lw-ecs.h"
#include "lw-nlb.h"
#include "lw-polardb.h"
#include "lw-privatelink.h"
#include "lw-wire.h"

static JsonParser *models_parser;
static JsonParser *sources_parser;  /* PolarDB and ECS */

static gboolean
is_source_product (LwProduct product)
{
  return product == LW_PRODUCT_POLARDB || product == LW_PRODUCT_ECS;
}

static const char *
model_product_name (LwProduct product)
{
  switch (product)
    {
    case LW_PRODUCT_NLB: return "nlb";
    case LW_PRODUCT_PRIVATELINK: return "privatelink";
    case LW_PRODUCT_POLARDB: return "polardb";
    case LW_PRODUCT_ECS: return "ecs";
    case LW_PRODUCT_STS:
    case LW_PRODUCT_RDS:
    case LW_PRODUCT_VPC:
    default: return NULL;
    }
}

static JsonObject *
model_action (LwProduct   product,
              const char *action)
{
  JsonParser *parser = is_source_product (product) ? sources_parser : models_parser;
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *products = json_object_get_object_member (root, "products");
  const char *name = model_product_name (product);
  JsonObject *p, *actions;

  if (name == NULL || !json_object_has_member (products, name))
    return NULL;
  p = json_object_get_object_member (products, name);
  actions = json_object_get_object_member (p, "actions");
  return json_object_has_member (actions, action) ? json_object_get_object_member (actions, action) : NULL;
}

static JsonObject *
find_field (JsonArray  *fields,
            const char *name)
{
  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      if (g_strcmp0 (json_object_get_string_member (f, "name"), name) == 0)
        return f;
    }
  return NULL;
}

static JsonArray *
children (JsonObject *field)
{
  return json_object_has_member (field, "children") ? json_object_get_array_member (field, "children") : NULL;
}

/* Allowlisted extras in the simulator's answers: "Action.path" and why. */
static const struct { const char *what; const char *why; } allowlist[] = {
  { "GetJobStatus.Status=Failed",
    "the simulator's create-failed fault ends the job with \"Failed\"; the model documents only Succeeded "
    "and processing, and the real service's value for a failed job is undocumented (the client treats any "
    "other value as a failure)" },
};

/* Described actions that the official models file does not hold, and why they are called. */
static const struct { const char *action; const char *why; } outside_models[] = {
  { "ListVpcEndpointServices",
    "read-only account check only (issue #12); described from the PrivateLink API reference" },
};

static gboolean
outside_the_models (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (outside_models); i++)
    if (g_str_equal (outside_models[i].action, action))
      return TRUE;
  return FALSE;
}

static gboolean
allowed (const char *what)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowlist); i++)
    if (g_str_equal (allowlist[i].what, what))
      return TRUE;
  return FALSE;
}

/* ---- 1. the call table against the models ---------------------------------------------------- */

static const char *
wire_in (LwWireIn in)
{
  return in == LW_WIRE_QUERY ? "query" : "body";
}

static void
check_param (const LwWireCall  *call,
             JsonObject        *model,
             const LwWireParam *p,
             GString           *problems)
{
  JsonObject *m = find_field (json_object_get_array_member (model, "request"), p->name);
  const char *style;

  if (m == NULL)
    {
      g_string_append_printf (problems, "%s: parameter %s is not in the official model\n", call->action, p->name);
      return;
    }
  if (!g_str_equal (json_object_get_string_member (m, "in"), wire_in (p->in)))
    g_string_append_printf (problems, "%s: %s is sent in the %s, the official SDK sends it in the %s\n",
                            call->action, p->name, wire_in (p->in), json_object_get_string_member (m, "in"));
  if (!g_str_equal (json_object_get_string_member (m, "type"), lw_wire_type_to_string (p->type)))
    g_string_append_printf (problems, "%s: %s is a %s, the model types it %s\n", call->action, p->name,
                            lw_wire_type_to_string (p->type), json_object_get_string_member (m, "type"));
  style = json_object_get_string_member_with_default (m, "style", NULL);
  if ((p->type == LW_WIRE_ARRAY || p->type == LW_WIRE_OBJECT) != (g_strcmp0 (style, "flat") == 0))
    g_string_append_printf (problems, "%s: %s is sent %s, the model's style is %s\n", call->action, p->name,
                            p->type == LW_WIRE_ARRAY || p->type == LW_WIRE_OBJECT ? "flattened" : "as a scalar",
                            style ? style : "scalar");
  if (p->type == LW_WIRE_ARRAY && p->item_type != LW_WIRE_OBJECT &&
      g_strcmp0 (json_object_get_string_member_with_default (m, "itemType", NULL), lw_wire_type_to_string (p->item_type)) != 0)
    g_string_append_printf (problems, "%s: %s items are %s, the model's are %s\n", call->action, p->name,
                            lw_wire_type_to_string (p->item_type),
                            json_object_get_string_member_with_default (m, "itemType", "?"));
  for (const LwWireParam *mem = p->members; mem != NULL && mem->name != NULL; mem++)
    {
      JsonObject *c = find_field (children (m), mem->name);
      if (c == NULL)
        g_string_append_printf (problems, "%s: %s.%s is not in the official model\n", call->action, p->name, mem->name);
      else if (!g_str_equal (json_object_get_string_member (c, "type"), lw_wire_type_to_string (mem->type)))
        g_string_append_printf (problems, "%s: %s.%s is a %s, the model types it %s\n", call->action, p->name,
                                mem->name, lw_wire_type_to_string (mem->type), json_object_get_string_member (c, "type"));
    }
}

typedef struct {
  const LwWireCall *call;
  JsonObject       *model;
  GString          *problems;
} ReadCheck;

static void
check_read (const char *path,
            LwWireType  type,
            gpointer    user_data)
{
  ReadCheck *rc = user_data;
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  JsonArray *fields = json_object_get_array_member (rc->model, "response");
  JsonObject *f = NULL;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *seg = segments[i];
      gboolean elements = g_str_has_suffix (seg, "[]");

      if (elements)
        seg[strlen (seg) - 2] = '\0';
      f = find_field (fields, seg);
      if (f == NULL)
        {
          g_string_append_printf (rc->problems, "%s: the answer field %s is read, the model has no %s there\n",
                                  rc->call->action, path, seg);
          return;
        }
      if (elements && !g_str_equal (json_object_get_string_member (f, "type"), "array"))
        {
          g_string_append_printf (rc->problems, "%s: %s is read as an array, the model types %s %s\n",
                                  rc->call->action, path, seg, json_object_get_string_member (f, "type"));
          return;
        }
      fields = children (f);
    }
  if (!g_str_equal (json_object_get_string_member (f, "type"), lw_wire_type_to_string (type)))
    g_string_append_printf (rc->problems, "%s: %s is read as a %s, the model types it %s\n", rc->call->action, path,
                            lw_wire_type_to_string (type), json_object_get_string_member (f, "type"));
}

/* Every mismatch between one described call and its official model, one line each. */
static void
check_call (const LwWireCall *call,
            GString          *problems)
{
  JsonObject *model = model_action (call->product, call->action);
  ReadCheck rc = { call, model, problems };

  if (model == NULL)
    {
      g_string_append_printf (problems, "%s: no official model of this action\n", call->action);
      return;
    }
  for (const LwWireParam *p = call->params; p->name != NULL; p++)
    check_param (call, model, p, problems);
  lw_wire_foreach_read (call, check_read, &rc);
}

static void
test_table_vs_models (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n, described = 0, described_sources = 0;
  const LwWireCall *calls = lw_wire_calls (&n);
  const LwProduct both_ways[] = { LW_PRODUCT_NLB, LW_PRODUCT_PRIVATELINK, LW_PRODUCT_POLARDB, LW_PRODUCT_ECS };

  for (guint i = 0; i < n; i++)
    if ((calls[i].product == LW_PRODUCT_NLB || calls[i].product == LW_PRODUCT_PRIVATELINK) &&
        !outside_the_models (calls[i].action))
      {
        check_call (&calls[i], problems);
        described++;
      }
    else if (is_source_product (calls[i].product))
      {
        check_call (&calls[i], problems);
        described_sources++;
      }
  for (guint i = 0; i < G_N_ELEMENTS (outside_models); i++)
    {
      g_assert_nonnull (lw_wire_lookup (LW_PRODUCT_PRIVATELINK, outside_models[i].action));
      g_test_message ("described, not in the models file: %s (%s)", outside_models[i].action, outside_models[i].why);
    }
  /* Both ways: every action of the models (the ones Linkwright uses) is described. */
  for (guint p = 0; p < G_N_ELEMENTS (both_ways); p++)
    {
      JsonParser *parser = is_source_product (both_ways[p]) ? sources_parser : models_parser;
      JsonObject *products = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                            "products");
      JsonObject *actions = json_object_get_object_member (json_object_get_object_member (products,
                                                                                          model_product_name (both_ways[p])),
                                                           "actions");
      g_autoptr(GList) members = json_object_get_members (actions);
      for (GList *l = members; l != NULL; l = l->next)
        if (lw_wire_lookup (both_ways[p], l->data) == NULL)
          g_string_append_printf (problems, "%s: in the models but not described in lw-wire\n", (char *) l->data);
    }
  g_test_message ("%u NLB and PrivateLink actions, %u PolarDB and ECS actions described as data", described,
                  described_sources);
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpuint (described, ==, 28);
  g_assert_cmpuint (described_sources, ==, 9);
  g_assert_cmpstr (problems->str, ==, "");
}

/* The check above must catch a renamed parameter, a parameter moved to the other location, a read
 * field that does not exist and a read at the wrong type (so a passing run means something). */
static void
test_mutations_are_caught (void)
{
  const LwWireCall *orig = lw_wire_lookup (LW_PRODUCT_NLB, "CreateServerGroup");
  const LwWireCall *lb = lw_wire_lookup (LW_PRODUCT_NLB, "GetLoadBalancerAttribute");
  guint n = 0;
  LwWireParam *params;
  LwWireCall mutated;

  g_assert_nonnull (orig);
  while (orig->params[n].name != NULL)
    n++;

  for (guint kind = 0; kind < 3; kind++)
    {
      g_autoptr(GString) problems = g_string_new (NULL);

      params = g_new0 (LwWireParam, n + 1);
      memcpy (params, orig->params, n * sizeof (LwWireParam));
      mutated = *orig;
      mutated.params = params;
      for (guint i = 0; i < n; i++)
        if (g_str_equal (params[i].name, "ServerGroupName"))
          {
            if (kind == 0)
              params[i].name = "ServerGroupNames";        /* renamed */
            else if (kind == 1)
              params[i].in = LW_WIRE_QUERY;               /* moved */
            else
              params[i].type = LW_WIRE_NUMBER;            /* retyped */
          }
      check_call (&mutated, problems);
      g_test_message ("mutation %u: %s", kind, problems->str);
      g_assert_cmpuint (problems->len, >, 0);
      g_assert_nonnull (strstr (problems->str, "ServerGroupName"));
      g_free (params);
    }

  {
    static const LwWireField bad_reads[] = {
      LW_F_READ ("LoadBalancerStatuz", STRING), LW_F_READ ("ZoneMappings[].ZoneId", NUMBER), LW_F_END
    };
    g_autoptr(GString) problems = g_string_new (NULL);

    mutated = *lb;
    mutated.reads = bad_reads;
    check_call (&mutated, problems);
    g_test_message ("read mutations: %s", problems->str);
    g_assert_nonnull (strstr (problems->str, "LoadBalancerStatuz"));
    g_assert_nonnull (strstr (problems->str, "ZoneMappings[].ZoneId is read as a number"));
  }

  /* The same for the source products: a renamed or moved ECS parameter, a renamed flattened
   * member, a PolarDB parameter moved to the query, a field read at the wrong type. */
  {
    const LwWireCall *authorize = lw_wire_lookup (LW_PRODUCT_ECS, "AuthorizeSecurityGroup");
    const LwWireCall *endpoints = lw_wire_lookup (LW_PRODUCT_POLARDB, "DescribeDBClusterEndpoints");
    static const LwWireParam renamed_members[] = {
      LW_M_STR ("IpProtocol"), LW_M_STR ("PortRanges"), LW_WIRE_END
    };
    static const LwWireParam ecs_mutants[][2] = {
      { LW_P_STR ("SecurityGroupIds", QUERY), LW_WIRE_END },
      { LW_P_STR ("SecurityGroupId", BODY), LW_WIRE_END },
      { LW_P_OBJS ("Permissions", QUERY, renamed_members), LW_WIRE_END },
    };
    static const LwWireParam polardb_moved[] = { LW_P_STR ("DBClusterId", QUERY), LW_WIRE_END };
    static const LwWireParam polardb_region[] = { LW_P_STR ("RegionId", BODY), LW_WIRE_END };
    static const char *expect[] = { "SecurityGroupIds", "SecurityGroupId is sent in the query", "PortRanges" };

    g_assert_nonnull (authorize);
    g_assert_nonnull (endpoints);
    for (guint k = 0; k < G_N_ELEMENTS (ecs_mutants); k++)
      {
        g_autoptr(GString) problems = g_string_new (NULL);

        mutated = *authorize;
        mutated.params = ecs_mutants[k];
        check_call (&mutated, problems);
        g_test_message ("ECS mutation %u: %s", k, problems->str);
        g_assert_nonnull (strstr (problems->str, k == 1 ? "SecurityGroupId is sent in the body" : expect[k]));
      }
    for (guint k = 0; k < 2; k++)
      {
        g_autoptr(GString) problems = g_string_new (NULL);

        mutated = *endpoints;
        mutated.params = k == 0 ? polardb_moved : polardb_region;
        check_call (&mutated, problems);
        g_test_message ("PolarDB mutation %u: %s", k, problems->str);
        /* The 1.0.0 model has no RegionId on the per-cluster calls. */
        g_assert_nonnull (strstr (problems->str, k == 0 ? "DBClusterId is sent in the query" : "RegionId is not in"));
      }
    {
      static const LwWireField bad_reads[] = { LW_F_READ ("Items[].AddressItems[].Port", NUMBER), LW_F_END };
      g_autoptr(GString) problems = g_string_new (NULL);

      mutated = *endpoints;
      mutated.reads = bad_reads;
      check_call (&mutated, problems);
      g_assert_nonnull (strstr (problems->str, "Items[].AddressItems[].Port is read as a number"));
    }
  }
}

/* The generic path refuses to send what the table does not describe, and cuts answers down. */
static void
test_place_and_project (void)
{
  const LwWireCall *call = lw_wire_lookup (LW_PRODUCT_NLB, "GetLoadBalancerAttribute");
  const LwWireCall *create = lw_wire_lookup (LW_PRODUCT_NLB, "CreateServerGroup");
  g_autoptr(LwParams) params = lw_params_new ();
  g_autoptr(LwParams) query = NULL;
  g_autoptr(LwParams) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) projected = NULL;

  lw_params_add (params, "RegionId", "ap-southeast-1");
  lw_params_add (params, "LoadBalancerId", "nlb-1");
  g_assert_true (lw_wire_place (call, params, &query, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_params_get_length (query), ==, 2);
  g_assert_cmpuint (lw_params_get_length (body), ==, 0);
  g_clear_pointer (&query, lw_params_free);
  g_clear_pointer (&body, lw_params_free);

  lw_params_add (params, "Bogus", "1");
  g_assert_false (lw_wire_place (call, params, &query, &body, &error));
  g_assert_error (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Bogus"));
  g_clear_error (&error);

  /* Flattened members and value forms. */
  lw_params_free (g_steal_pointer (&params));
  params = lw_params_new ();
  lw_params_add (params, "HealthCheckConfig.HealthCheckEnabled", "true");
  lw_params_add (params, "Tag.1.Key", "k");
  g_assert_true (lw_wire_place (create, params, &query, &body, &error));
  g_assert_cmpuint (lw_params_get_length (body), ==, 2);
  g_clear_pointer (&query, lw_params_free);
  g_clear_pointer (&body, lw_params_free);
  lw_params_add (params, "HealthCheckConfig.HealthCheckEnabled", "yes");
  g_assert_false (lw_wire_place (create, params, &query, &body, &error));
  g_assert_nonnull (strstr (error->message, "boolean"));
  g_clear_error (&error);

  g_assert_true (json_parser_load_from_data (parser,
    "{\"RequestId\":\"r\",\"LoadBalancerStatus\":\"Active\",\"Secret\":\"x\","
    "\"ZoneMappings\":[{\"ZoneId\":\"z\",\"Extra\":1,\"LoadBalancerAddresses\":[{\"PrivateIPv4Address\":\"10.0.0.1\",\"EniId\":\"e\"}]}]}",
    -1, NULL));
  projected = lw_wire_project (call, json_node_get_object (json_parser_get_root (parser)));
  g_assert_true (json_object_has_member (projected, "LoadBalancerStatus"));
  g_assert_false (json_object_has_member (projected, "Secret"));
  {
    JsonObject *zm = json_array_get_object_element (json_object_get_array_member (projected, "ZoneMappings"), 0);
    JsonObject *addr = json_array_get_object_element (json_object_get_array_member (zm, "LoadBalancerAddresses"), 0);
    g_assert_cmpstr (json_object_get_string_member (zm, "ZoneId"), ==, "z");
    g_assert_false (json_object_has_member (zm, "Extra"));
    g_assert_cmpstr (json_object_get_string_member (addr, "PrivateIPv4Address"), ==, "10.0.0.1");
    g_assert_false (json_object_has_member (addr, "EniId"));
  }
}

/* ---- 2. the wire: what the simulator received and answered ----------------------------------- */

static gboolean
json_has_type (JsonNode   *node,
               const char *type)
{
  if (g_str_equal (type, "array"))
    return JSON_NODE_HOLDS_ARRAY (node);
  if (g_str_equal (type, "object"))
    return JSON_NODE_HOLDS_OBJECT (node);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return g_str_equal (type, "string");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE: return g_str_equal (type, "number");
    case G_TYPE_BOOLEAN: return g_str_equal (type, "boolean");
    default: return FALSE;
    }
}

static void check_answer_object (const char *action, const char *prefix, JsonObject *object,
                                 JsonArray *fields, GString *problems);

static void
check_answer_node (const char *action,
                   const char *path,
                   JsonNode   *node,
                   JsonObject *field,
                   GString    *problems)
{
  const char *type = json_object_get_string_member (field, "type");

  if (!json_has_type (node, type))
    {
      g_string_append_printf (problems, "%s: %s answered as %s, the model types it %s\n", action, path,
                              json_node_type_name (node), type);
      return;
    }
  if (json_object_has_member (field, "values") && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      JsonArray *values = json_object_get_array_member (field, "values");
      const char *v = json_node_get_string (node);
      gboolean ok = FALSE;
      g_autofree char *what = g_strdup_printf ("%s.%s=%s", action, path, v);

      for (guint i = 0; i < json_array_get_length (values); i++)
        ok = ok || g_str_equal (json_array_get_string_element (values, i), v);
      if (!ok && !allowed (what))
        g_string_append_printf (problems, "%s: %s = \"%s\" is not one of the documented values\n", action, path, v);
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    check_answer_object (action, path, json_node_get_object (node), children (field), problems);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      const char *item_type = json_object_get_string_member_with_default (field, "itemType", NULL);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          g_autofree char *epath = g_strdup_printf ("%s[]", path);

          if (JSON_NODE_HOLDS_OBJECT (e) && children (field) != NULL)
            check_answer_object (action, epath, json_node_get_object (e), children (field), problems);
          else if (item_type != NULL && !g_str_equal (item_type, "object") && !json_has_type (e, item_type))
            g_string_append_printf (problems, "%s: %s answered as %s, the model's items are %s\n", action, epath,
                                    json_node_type_name (e), item_type);
        }
    }
}

static void
check_answer_object (const char *action,
                     const char *prefix,
                     JsonObject *object,
                     JsonArray  *fields,
                     GString    *problems)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = prefix ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
      g_autofree char *what = g_strdup_printf ("%s.%s", action, path);
      JsonObject *field = find_field (fields, name);

      if (field == NULL)
        {
          if (!allowed (what))
            g_string_append_printf (problems, "%s: the simulator answered %s, which the model does not define\n",
                                    action, path);
          continue;
        }
      check_answer_node (action, path, json_object_get_member (object, name), field, problems);
    }
}

/* The documented error body of every RPC product (alibaba-cloud-api.md §6). */
static void
check_error_body (const char *action,
                  JsonObject *body,
                  GString    *problems)
{
  static const char *error_fields[] = { "RequestId", "HostId", "Code", "Message", "Recommend", "AccessDeniedDetail" };
  g_autoptr(GList) members = json_object_get_members (body);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (error_fields, l->data))
      g_string_append_printf (problems, "%s: an error answer holds %s, not part of the error body\n",
                              action, (char *) l->data);
  for (guint i = 0; i < 4; i++)
    if (!json_object_has_member (body, error_fields[i]))
      g_string_append_printf (problems, "%s: an error answer lacks %s\n", action, error_fields[i]);
}

/* The common parameters of the old (V1, HMAC-SHA1) RPC signature: not part of any action's model. */
static const char *v1_common[] = { "Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
                                   "SignatureNonce", "Timestamp", "Signature", "SecurityToken", NULL };

static void
check_request_side (const char *action,
                    JsonObject *model,
                    JsonObject *received,
                    const char *where,
                    GString    *problems)
{
  g_autoptr(GList) names = json_object_get_members (received);
  gboolean v1 = json_object_has_member (received, "Signature") || json_object_has_member (received, "SignatureNonce");

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *top = g_strndup (name, strcspn (name, "."));
      JsonObject *m = find_field (json_object_get_array_member (model, "request"), top);

      if (v1 && g_strv_contains (v1_common, name))
        continue;
      if (m == NULL)
        g_string_append_printf (problems, "%s: the client sent %s, which the model does not define\n", action, name);
      else if (!g_str_equal (json_object_get_string_member (m, "in"), where))
        g_string_append_printf (problems, "%s: %s arrived in the %s, the official SDK sends it in the %s\n",
                                action, name, where, json_object_get_string_member (m, "in"));
    }
}

typedef struct {
  guint calls;
  guint errors;
  GHashTable *actions;
} WireStats;

static void
check_log (LwSimServer *sim,
           GString     *problems,
           WireStats   *stats)
{
  g_autoptr(JsonArray) calls = lw_sim_server_dup_calls (sim);

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *e = json_array_get_object_element (calls, i);
      const char *product = json_object_get_string_member (e, "product");
      const char *action = json_object_get_string_member (e, "action");
      LwProduct p;
      JsonObject *model, *response;

      if (outside_the_models (action))
        continue;
      if (g_str_equal (product, "Nlb"))
        p = LW_PRODUCT_NLB;
      else if (g_str_equal (product, "Privatelink"))
        p = LW_PRODUCT_PRIVATELINK;
      else if (g_str_equal (product, "Polardb"))
        p = LW_PRODUCT_POLARDB;
      else if (g_str_equal (product, "Ecs"))
        p = LW_PRODUCT_ECS;
      else
        continue;
      g_assert_true (json_object_has_member (e, "response"));
      model = model_action (p, action);
      if (model == NULL)
        {
          g_string_append_printf (problems, "%s: called, but not in the official models\n", action);
          continue;
        }
      stats->calls++;
      g_hash_table_add (stats->actions, g_strdup (action));
      check_request_side (action, model, json_object_get_object_member (e, "query"), "query", problems);
      check_request_side (action, model, json_object_get_object_member (e, "body"), "body", problems);
      response = json_object_get_object_member (e, "response");
      if (json_object_get_int_member (e, "status") == 200)
        check_answer_object (action, NULL, response, json_object_get_array_member (model, "response"), problems);
      else
        {
          stats->errors++;
          check_error_body (action, response, problems);
        }
    }
}

static void
sweep_done (GObject *source, GAsyncResult *res, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (res);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The typed calls that a setup's life does not make (the engine does not need them), once each. */
static void
sweep_typed_reads (LwEngineContext *ctx,
                   LwSetup         *setup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LwRpcClient) rpc = lw_engine_context_create_rpc_client (ctx, lw_setup_get_region (setup), &error);
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GPtrArray) listeners = NULL, resources = NULL;
  g_autoptr(LwNlbListenerHealth) health = NULL;

  g_assert_no_error (error);
  lw_nlb_list_listeners_async (rpc, lw_setup_get_resource_id (setup, LW_STEP_LOAD_BALANCER), NULL, sweep_done, &r1);
  listeners = lw_nlb_list_listeners_finish (rpc, wait_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listeners->len, ==, 1);
  lw_nlb_get_listener_health_status_async (rpc, lw_setup_get_listener_id (setup), NULL, sweep_done, &r2);
  health = lw_nlb_get_listener_health_status_finish (rpc, wait_result (&r2), &error);
  g_assert_no_error (error);
  lw_privatelink_open_service_async (rpc, NULL, sweep_done, &r3);
  g_assert_true (lw_privatelink_open_service_finish (rpc, wait_result (&r3), &error));
  g_assert_no_error (error);
  lw_privatelink_list_resources_async (rpc, lw_setup_get_service_id (setup), NULL, sweep_done, &r4);
  resources = lw_privatelink_list_resources_finish (rpc, wait_result (&r4), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resources->len, >, 0);
}

/* One life of a setup: preflight, run (faults as given), health check, teardown. */
static void
one_life (LwSimServer *sim,
          const char  *faults,
          gboolean     expect_stop)
{
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;

  g_object_unref (core_test_preflight (setup, ctx));
  if (faults != NULL)
    g_assert_true (lw_sim_server_add_faults (sim, faults, &error));
  if (!core_test_run (runner, &error))
    {
      g_assert_true (expect_stop);
      g_clear_error (&error);
      lw_sim_server_clear_faults (sim);
      g_clear_object (&runner);
      runner = lw_runner_new (setup, ctx);
      g_assert_true (core_test_run (runner, &error));
    }
  g_assert_no_error (error);
  g_object_unref (core_test_health (setup, ctx));
  if (faults == NULL)
    sweep_typed_reads (ctx, setup);
  g_clear_object (&runner);
  runner = lw_runner_new (setup, ctx);
  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
}

static void
test_simulator_on_the_wire (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  /* With delays, so that jobs and resources show their intermediate states too. */
  g_autoptr(LwSimServer) slow = core_test_sim_new ("demo", 0.05);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WireStats stats = { 0, 0, actions };
  static const char *runs[][2] = {
    { NULL, NULL },
    { "CreateServerGroup:throttling,ListServerGroups:5xx,AddServersToServerGroup:busy", NULL },
    { "CreateListener:incorrect-status,GetLoadBalancerAttribute:5xx,CreateVpcEndpointService:throttling", NULL },
    { "AddUserToVpcEndpointService:busy,EnableVpcEndpointConnection:5xx,GetJobStatus:throttling", NULL },
    { "CreateLoadBalancer:create-failed", "stops" },
    { "CreateVpcEndpointService:error=Forbidden.RAM", "stops" },
  };

  lw_sim_server_set_record_wire (slow, TRUE);
  one_life (slow, NULL, FALSE);
  check_log (slow, problems, &stats);

  lw_sim_server_set_record_wire (sim, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_test_message ("run %u: faults %s", r, runs[r][0] ? runs[r][0] : "(none)");
      one_life (sim, runs[r][0], runs[r][1] != NULL);
      check_log (sim, problems, &stats);
      lw_sim_server_reset (sim);
      lw_sim_server_set_record_wire (sim, TRUE);
    }
  g_test_message ("%u NLB/PrivateLink calls checked (%u error answers), %u actions", stats.calls, stats.errors,
                  g_hash_table_size (actions));
  {
    guint n;
    const LwWireCall *calls = lw_wire_calls (&n);
    for (guint i = 0; i < n; i++)
      if ((calls[i].product == LW_PRODUCT_NLB || calls[i].product == LW_PRODUCT_PRIVATELINK) &&
          !g_hash_table_contains (actions, calls[i].action) && !outside_the_models (calls[i].action))
        g_test_message ("not called by a setup's life (checked by the table test only): %s", calls[i].action);
  }
  for (guint i = 0; i < G_N_ELEMENTS (allowlist); i++)
    g_test_message ("allowlisted: %s — %s", allowlist[i].what, allowlist[i].why);
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpuint (stats.errors, >, 0);
  g_assert_cmpuint (g_hash_table_size (actions), >=, 20);
  g_assert_cmpstr (problems->str, ==, "");
}

/* The source products on the wire: every typed PolarDB and ECS call (lists in both paging styles,
 * the reads, a whitelist group and security group rules added and removed) and documented error
 * answers, recorded by the simulator and held to the official models. */
static void
test_sources_on_the_wire (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwRpcClient) rpc = lw_engine_context_create_rpc_client (ctx, "cn-hangzhou", &error);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WireStats stats = { 0, 0, actions };
  GAsyncResult *r[16] = { NULL };
  g_autoptr(GPtrArray) clusters = NULL, endpoints = NULL, groups = NULL, instances = NULL;
  g_autoptr(LwPolardbClusterPage) cluster_page = NULL;
  g_autoptr(LwPolardbClusterAttribute) attr = NULL;
  g_autoptr(LwEcsInstancePage) instance_page = NULL;
  g_autoptr(LwEcsSecurityGroup) sg = NULL;
  g_autoptr(GStrvBuilder) created = g_strv_builder_new ();
  g_auto(GStrv) rule_ids = NULL;
  LwPolardbClusterQuery mysql = { .db_type = "MySQL", .status = "Running" };
  LwEcsInstanceQuery running = { .status = "Running", .page_size = 1 };
  const LwEcsPermission perms[] = {
    { "TCP", "3306/3306", "172.16.2.0/24", "accept", "1", "lw-wire-test", "intranet" },
    { "TCP", "3306/3306", "172.16.3.0/24", "accept", "1", "lw-wire-test", "intranet" },
  };
  guint n = 0;

  g_assert_no_error (error);
  lw_sim_server_set_record_wire (sim, TRUE);

  lw_polardb_describe_all_db_clusters_async (rpc, &mysql, NULL, sweep_done, &r[n]);
  clusters = lw_polardb_describe_all_db_clusters_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clusters->len, ==, 2);
  lw_polardb_describe_db_clusters_async (rpc, NULL, 1, NULL, sweep_done, &r[n]);
  cluster_page = lw_polardb_describe_db_clusters_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  lw_polardb_describe_db_cluster_attribute_async (rpc, "pc-bp1demopolar0001", NULL, sweep_done, &r[n]);
  attr = lw_polardb_describe_db_cluster_attribute_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  lw_polardb_describe_db_cluster_endpoints_async (rpc, "pc-bp1demopolar0001", NULL, NULL, sweep_done, &r[n]);
  endpoints = lw_polardb_describe_db_cluster_endpoints_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  g_assert_nonnull (lw_polardb_endpoints_find_type (endpoints, "Cluster"));
  lw_polardb_describe_db_cluster_access_whitelist_async (rpc, "pc-bp1demopolar0002", NULL, sweep_done, &r[n]);
  groups = lw_polardb_describe_db_cluster_access_whitelist_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 2; k++)
    {
      lw_polardb_modify_db_cluster_access_whitelist_async (rpc, "pc-bp1demopolar0002", "lwwiretest",
                                                           "172.16.2.0/24,172.16.3.0/24", k == 0 ? "Append" : "Delete",
                                                           NULL, sweep_done, &r[n]);
      g_assert_true (lw_polardb_modify_db_cluster_access_whitelist_finish (rpc, wait_result (&r[n++]), &error));
      g_assert_no_error (error);
    }

  lw_ecs_describe_all_instances_async (rpc, &running, NULL, sweep_done, &r[n]);
  instances = lw_ecs_describe_all_instances_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 3);
  lw_ecs_describe_instances_async (rpc, NULL, 1, NULL, sweep_done, &r[n]);
  instance_page = lw_ecs_describe_instances_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  lw_ecs_authorize_security_group_async (rpc, "sg-bp1demoecsnorule1", perms, G_N_ELEMENTS (perms), NULL, NULL,
                                         sweep_done, &r[n]);
  g_assert_true (lw_ecs_authorize_security_group_finish (rpc, wait_result (&r[n++]), &error));
  g_assert_no_error (error);
  lw_ecs_describe_security_group_attribute_async (rpc, "sg-bp1demoecsnorule1", "ingress", NULL, sweep_done, &r[n]);
  sg = lw_ecs_describe_security_group_attribute_finish (rpc, wait_result (&r[n++]), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sg->rules->len; i++)
    {
      LwEcsRule *rule = g_ptr_array_index (sg->rules, i);
      if (g_strcmp0 (rule->description, "lw-wire-test") == 0)
        g_strv_builder_add (created, rule->rule_id);
    }
  rule_ids = g_strv_builder_end (created);
  g_assert_cmpuint (g_strv_length (rule_ids), ==, 2);
  lw_ecs_revoke_security_group_async (rpc, "sg-bp1demoecsnorule1", (const char * const *) rule_ids, NULL, NULL,
                                      sweep_done, &r[n]);
  g_assert_true (lw_ecs_revoke_security_group_finish (rpc, wait_result (&r[n++]), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==, 0);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "polardb-whitelist"), ==, 0);

  /* Error answers: the documented error body. */
  lw_polardb_describe_db_cluster_endpoints_async (rpc, "pc-doesnotexist00", NULL, NULL, sweep_done, &r[n]);
  g_assert_null (lw_polardb_describe_db_cluster_endpoints_finish (rpc, wait_result (&r[n++]), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidDBClusterId.NotFound"));
  g_clear_error (&error);
  lw_ecs_revoke_security_group_async (rpc, "sg-bp1demoecsnorule1", (const char * const *) rule_ids, NULL, NULL,
                                      sweep_done, &r[n]);
  g_assert_false (lw_ecs_revoke_security_group_finish (rpc, wait_result (&r[n++]), &error));
  g_assert_true (lw_cloud_error_has_code (error, "InvalidSecurityGroupRuleId.NotFound"));
  g_clear_error (&error);
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (r));
  for (guint i = 0; i < n; i++)
    g_clear_object (&r[i]);

  check_log (sim, problems, &stats);
  g_test_message ("%u PolarDB/ECS calls checked (%u error answers), %u actions", stats.calls, stats.errors,
                  g_hash_table_size (actions));
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpuint (stats.errors, ==, 2);
  g_assert_cmpuint (g_hash_table_size (actions), ==, 9);
  g_assert_cmpstr (problems->str, ==, "");
}

int
main (int argc, char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *shared = g_getenv ("LW_SHARED_DIR");
  int ret;

  g_test_init (&argc, &argv, NULL);
  path = g_build_filename (shared ? shared : "../shared", "data", "alibaba-official-models.json", NULL);
  models_parser = json_parser_new ();
  if (!json_parser_load_from_file (models_parser, path, &error))
    g_error ("cannot read the official models %s: %s", path, error->message);
  g_free (path);
  path = g_build_filename (g_getenv ("LW_SOURCE_ROOT") ? g_getenv ("LW_SOURCE_ROOT") : "..", "tests", "data",
                           "alibaba-official-models-polardb-ecs.json", NULL);
  sources_parser = json_parser_new ();
  if (!json_parser_load_from_file (sources_parser, path, &error))
    g_error ("cannot read the official PolarDB/ECS models %s: %s", path, error->message);

  g_test_add_func ("/wire/alibaba/table-vs-models", test_table_vs_models);
  g_test_add_func ("/wire/alibaba/mutations-are-caught", test_mutations_are_caught);
  g_test_add_func ("/wire/alibaba/place-and-project", test_place_and_project);
  g_test_add_func ("/wire/alibaba/simulator-on-the-wire", test_simulator_on_the_wire);
  g_test_add_func ("/wire/alibaba/sources-on-the-wire", test_sources_on_the_wire);
  ret = g_test_run ();
  g_object_unref (models_parser);
  g_object_unref (sources_parser);
  return ret;
}
