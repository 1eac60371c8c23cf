/* lw-account-check.c — the read-only account check (linkwright-call check, the Account page)
 *
 * Lives in the cloud library (not in core) so that linkwright-call, which links only this library,
 * can run it: the one-way rule ui → core → cloud stays intact. It needs no setup, only the clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-account-check"

#include "config.h"

#include <string.h>

#include "lw-account-check.h"
#include "lw-cloud-error.h"
#include "lw-endpoints.h"
#include "lw-params.h"
#include "lw-sts.h"

enum {
  L_IDENTITY, L_RDS, L_VSWITCHES, L_NLB, L_PRIVATELINK, L_SERVICES,
  L_DRY_SG, L_DRY_BACKEND, L_DRY_LB, L_DRY_LISTENER, L_DRY_EPS, L_DRY_USER,
  L_TIDB_CLUSTER, L_TIDB_ZONES,
  N_LINES
};

G_STATIC_ASSERT (N_LINES == LW_ACCOUNT_CHECK_N_LINES);

static const struct { const char *call; gboolean dry_run; } line_defs[N_LINES] = {
  [L_IDENTITY] = { "sts:GetCallerIdentity", FALSE },
  [L_RDS] = { "rds:DescribeDBInstances", FALSE },
  [L_VSWITCHES] = { "vpc:DescribeVSwitches", FALSE },
  [L_NLB] = { "nlb:ListLoadBalancers", FALSE },
  [L_PRIVATELINK] = { "privatelink:CheckProductOpen", FALSE },
  [L_SERVICES] = { "privatelink:ListVpcEndpointServices", FALSE },
  [L_DRY_SG] = { "nlb:CreateServerGroup", TRUE },
  [L_DRY_BACKEND] = { "nlb:AddServersToServerGroup", TRUE },
  [L_DRY_LB] = { "nlb:CreateLoadBalancer", TRUE },
  [L_DRY_LISTENER] = { "nlb:CreateListener", TRUE },
  [L_DRY_EPS] = { "privatelink:CreateVpcEndpointService", TRUE },
  [L_DRY_USER] = { "privatelink:AddUserToVpcEndpointService", TRUE },
  [L_TIDB_CLUSTER] = { "tidb:GetCluster", FALSE },
  [L_TIDB_ZONES] = { "tidb:GetAvailabilityZones", FALSE },
};

typedef struct {
  LwRpcClient *rpc;
  LwTidbClient *tidb;
  GPtrArray *lines;    /* N_LINES LwAccountCheckLine */
  guint pending;
  char *vpc_id;        /* from DescribeVSwitches, for the DryRuns */
  GPtrArray *zones;    /* "zone\tvswitch", at most two, from DescribeVSwitches */
} Check;

typedef struct {
  GTask *task;
  guint line;
} Pending;

void
lw_account_check_line_free (LwAccountCheckLine *line)
{
  if (line == NULL)
    return;
  g_free (line->call);
  g_free (line->detail);
  g_free (line->code);
  g_free (line->message);
  g_free (line->request_id);
  g_free (line);
}

static void
check_free (Check *c)
{
  g_clear_object (&c->rpc);
  g_clear_object (&c->tidb);
  g_clear_pointer (&c->lines, g_ptr_array_unref);
  g_clear_pointer (&c->zones, g_ptr_array_unref);
  g_free (c->vpc_id);
  g_free (c);
}

static LwAccountCheckLine *
line_at (Check *c, guint i)
{
  return g_ptr_array_index (c->lines, i);
}

static void
line_pass (Check *c, guint i, const char *detail)
{
  line_at (c, i)->ok = TRUE;
  line_at (c, i)->detail = g_strdup (detail);
}

static void
line_fail (Check *c, guint i, const GError *error)
{
  LwAccountCheckLine *l = line_at (c, i);
  const char *message = lw_cloud_error_get_cloud_message (error);

  l->ok = FALSE;
  l->code = g_strdup (lw_cloud_error_get_code (error));
  l->message = g_strdup (message != NULL ? message : error->message);
  l->request_id = g_strdup (lw_cloud_error_get_request_id (error));
}

static void start_dry_runs (GTask *task);

static Pending *
pending_new (GTask *task, guint line)
{
  Check *c = g_task_get_task_data (task);
  Pending *p = g_new0 (Pending, 1);

  p->task = g_object_ref (task);
  p->line = line;
  c->pending++;
  return p;
}

static void
pending_done (Pending *p)
{
  GTask *task = p->task;
  Check *c = g_task_get_task_data (task);

  g_free (p);
  if (--c->pending == 0)
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      else
        g_task_return_pointer (task, g_ptr_array_ref (c->lines), (GDestroyNotify)g_ptr_array_unref);
    }
  g_object_unref (task);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = o != NULL && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  if (json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (n) ? "true" : "false");
  return NULL;
}

/* Items.X[] or X[] or {X: {Y: []}}: the array named @inner under @outer. */
static JsonArray *
list_of (JsonObject *r, const char *outer, const char *inner)
{
  JsonNode *n = r != NULL && json_object_has_member (r, outer) ? json_object_get_member (r, outer) : NULL;

  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    return json_node_get_array (n);
  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n) && inner != NULL && json_object_has_member (json_node_get_object (n), inner)
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (n), inner)))
    return json_object_get_array_member (json_node_get_object (n), inner);
  return NULL;
}

static void
read_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Pending *p = user_data;
  Check *c = g_task_get_task_data (p->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *detail = NULL;

  if (r == NULL)
    line_fail (c, p->line, error);
  else
    {
      switch (p->line)
        {
        case L_IDENTITY:
          {
            g_autofree char *type = member_string (r, "IdentityType");
            g_autofree char *arn = member_string (r, "Arn");
            g_autofree char *account = member_string (r, "AccountId");
            detail = g_strdup_printf ("%s %s (account %s)", type ? type : "?", arn ? arn : "?", account ? account : "?");
          }
          break;
        case L_RDS:
          {
            g_autofree char *total = member_string (r, "TotalRecordCount");
            JsonArray *items = list_of (r, "Items", "DBInstance");
            g_autofree char *count = total ? g_strdup (total) : g_strdup_printf ("%u", items ? json_array_get_length (items) : 0);
            detail = g_strdup_printf ("%s RDS instance(s) in %s", count, lw_rpc_client_get_region (c->rpc));
          }
          break;
        case L_VSWITCHES:
          {
            JsonArray *items = list_of (r, "VSwitches", "VSwitch");
            guint n = items ? json_array_get_length (items) : 0;
            for (guint i = 0; i < n; i++)
              {
                JsonObject *v = json_array_get_object_element (items, i);
                g_autofree char *vpc = member_string (v, "VpcId");
                g_autofree char *zone = member_string (v, "ZoneId");
                g_autofree char *id = member_string (v, "VSwitchId");
                gboolean seen = FALSE;

                if (vpc == NULL || zone == NULL || id == NULL)
                  continue;
                if (c->vpc_id == NULL)
                  c->vpc_id = g_strdup (vpc);
                if (!g_str_equal (vpc, c->vpc_id) || c->zones->len >= 2)
                  continue;
                for (guint j = 0; j < c->zones->len; j++)
                  seen = seen || g_str_has_prefix (g_ptr_array_index (c->zones, j), zone);
                if (!seen)
                  g_ptr_array_add (c->zones, g_strconcat (zone, "\t", id, NULL));
              }
            detail = g_strdup_printf ("%u vSwitch(es) in %s", n, lw_rpc_client_get_region (c->rpc));
          }
          break;
        case L_NLB:
          {
            g_autofree char *total = member_string (r, "TotalCount");
            detail = g_strdup_printf ("%s network load balancer(s)", total ? total : "0");
          }
          break;
        case L_PRIVATELINK:
          {
            g_autofree char *open = member_string (r, "Success");
            detail = g_strdup (g_strcmp0 (open, "false") == 0 ? "PrivateLink is not activated yet"
                                                              : "PrivateLink is activated");
          }
          break;
        default:
          break;
        }
      line_pass (c, p->line, detail);
    }
  if (p->line == L_VSWITCHES && !g_cancellable_is_cancelled (g_task_get_cancellable (p->task)))
    start_dry_runs (p->task);
  pending_done (p);
}

static gboolean
is_permission_code (const char *code)
{
  return code != NULL && (g_str_has_prefix (code, "Forbidden") || g_str_has_prefix (code, "NoPermission")
                          || g_str_has_prefix (code, "InvalidAccessKeyId") || g_str_equal (code, "SignatureDoesNotMatch")
                          || g_str_has_prefix (code, "InvalidSecurityToken"));
}

static void
dry_run_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Pending *p = user_data;
  Check *c = g_task_get_task_data (p->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  const char *code = error ? lw_cloud_error_get_code (error) : NULL;

  if (error == NULL)
    line_pass (c, p->line, "DryRunOperation: the call would be accepted");
  else if (p->line != L_DRY_SG && p->line != L_DRY_LB && code != NULL && !is_permission_code (code)
           && !lw_cloud_error_is_transient (error))
    {
      /* The call names resources that do not exist (placeholders): an answer past the permission check
       * proves the permission. */
      g_autofree char *detail = g_strdup_printf ("allowed (%s for the placeholder resource)", code);
      line_pass (c, p->line, detail);
    }
  else
    line_fail (c, p->line, error);
  pending_done (p);
}

static void
dry_run (GTask *task, guint line, LwProduct product, const char *action, LwParams *params)
{
  Check *c = g_task_get_task_data (task);

  lw_params_add (params, "RegionId", lw_rpc_client_get_region (c->rpc));
  lw_rpc_client_call_async (c->rpc, product, action, params, LW_CALL_FLAGS_DRY_RUN, g_task_get_cancellable (task),
                            dry_run_cb, pending_new (task, line));
  lw_params_free (params);
}

/* After DescribeVSwitches: the VPC and (up to) two zones of the account make the DryRuns realistic. */
static void
start_dry_runs (GTask *task)
{
  Check *c = g_task_get_task_data (task);
  const char *vpc = c->vpc_id != NULL ? c->vpc_id : "vpc-linkwright-dryrun";
  LwParams *p;

  p = lw_params_new ();
  lw_params_add (p, "ServerGroupName", "linkwright-check");
  lw_params_add (p, "ServerGroupType", "Ip");
  lw_params_add (p, "VpcId", vpc);
  lw_params_add (p, "Protocol", "TCP");
  dry_run (task, L_DRY_SG, LW_PRODUCT_NLB, "CreateServerGroup", p);

  p = lw_params_new ();
  lw_params_add (p, "ServerGroupId", "sgp-linkwright-dryrun");
  lw_params_add (p, "Servers.1.ServerId", "192.0.2.10");
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", "192.0.2.10");
  lw_params_add_uint (p, "Servers.1.Port", 3306);
  dry_run (task, L_DRY_BACKEND, LW_PRODUCT_NLB, "AddServersToServerGroup", p);

  p = lw_params_new ();
  lw_params_add (p, "LoadBalancerName", "linkwright-check");
  lw_params_add (p, "AddressType", "Intranet");
  lw_params_add (p, "AddressIpVersion", "ipv4");
  lw_params_add (p, "VpcId", vpc);
  for (guint i = 0; i < c->zones->len; i++)
    {
      g_auto(GStrv) zv = g_strsplit (g_ptr_array_index (c->zones, i), "\t", 2);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "ZoneId", zv[0]);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "VSwitchId", zv[1]);
    }
  lw_params_add (p, "LoadBalancerBillingConfig.PayType", "PostPay");
  dry_run (task, L_DRY_LB, LW_PRODUCT_NLB, "CreateLoadBalancer", p);

  p = lw_params_new ();
  lw_params_add (p, "ListenerProtocol", "TCP");
  lw_params_add_uint (p, "ListenerPort", 3306);
  lw_params_add (p, "LoadBalancerId", "nlb-linkwright-dryrun");
  lw_params_add (p, "ServerGroupId", "sgp-linkwright-dryrun");
  dry_run (task, L_DRY_LISTENER, LW_PRODUCT_NLB, "CreateListener", p);

  p = lw_params_new ();
  lw_params_add (p, "ServiceResourceType", "nlb");
  lw_params_add_bool (p, "AutoAcceptEnabled", FALSE);
  for (guint i = 0; i < MAX (c->zones->len, 1); i++)
    {
      g_auto(GStrv) zv = c->zones->len > 0 ? g_strsplit (g_ptr_array_index (c->zones, i), "\t", 2) : NULL;
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceType", "nlb");
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceId", "nlb-linkwright-dryrun");
      lw_params_add_indexed (p, "Resource", i + 1, "ZoneId", zv != NULL ? zv[0] : lw_rpc_client_get_region (c->rpc));
    }
  dry_run (task, L_DRY_EPS, LW_PRODUCT_PRIVATELINK, "CreateVpcEndpointService", p);

  p = lw_params_new ();
  lw_params_add (p, "ServiceId", "epsrv-linkwright-dryrun");
  lw_params_add (p, "UserId", "1");
  dry_run (task, L_DRY_USER, LW_PRODUCT_PRIVATELINK, "AddUserToVpcEndpointService", p);
}

static void
read_call (GTask *task, guint line, LwProduct product, const char *action, LwParams *params)
{
  Check *c = g_task_get_task_data (task);

  if (lw_rpc_action_takes_param (product, action, "RegionId"))
    lw_params_add (params, "RegionId", lw_rpc_client_get_region (c->rpc));
  lw_rpc_client_call_async (c->rpc, product, action, params, LW_CALL_FLAGS_NONE, g_task_get_cancellable (task),
                            read_cb, pending_new (task, line));
  lw_params_free (params);
}

/* ---- TiDB Cloud ---- */

static void
tidb_zones_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Pending *p = user_data;
  Check *c = g_task_get_task_data (p->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbAvailabilityZones) azs = lw_tidb_client_get_availability_zones_finish (LW_TIDB_CLIENT (source), res, &error);

  if (azs == NULL)
    line_fail (c, p->line, error);
  else
    {
      g_autofree char *zones = azs->az_ids ? g_strjoinv (", ", azs->az_ids) : g_strdup ("");
      g_autofree char *detail = g_strdup_printf ("account %s, zones %s", azs->account_id ? azs->account_id : "?", zones);
      line_pass (c, p->line, detail);
    }
  pending_done (p);
}

static void
tidb_cluster_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Pending *p = user_data;
  Check *c = g_task_get_task_data (p->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbCluster) cluster = lw_tidb_client_get_cluster_finish (LW_TIDB_CLIENT (source), res, &error);

  if (cluster == NULL)
    line_fail (c, p->line, error);
  else
    {
      g_autofree char *detail = g_strdup_printf ("%s (%s, %s, %s)", cluster->display_name ? cluster->display_name : "?",
                                                 cluster->cluster_id, cluster->state ? cluster->state : "?",
                                                 cluster->region_id ? cluster->region_id : "?");
      line_pass (c, p->line, detail);
    }
  pending_done (p);
}

static void
tidb_start (GTask *task, const char *cluster_id)
{
  Check *c = g_task_get_task_data (task);

  lw_tidb_client_get_cluster_async (c->tidb, cluster_id, g_task_get_cancellable (task), tidb_cluster_cb,
                                    pending_new (task, L_TIDB_CLUSTER));
  lw_tidb_client_get_availability_zones_async (c->tidb, cluster_id, g_task_get_cancellable (task), tidb_zones_cb,
                                               pending_new (task, L_TIDB_ZONES));
}

static void
tidb_list_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Pending *p = user_data;
  Check *c = g_task_get_task_data (p->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clusters = lw_tidb_client_list_clusters_finish (LW_TIDB_CLIENT (source), res, &error);

  if (clusters == NULL)
    {
      line_fail (c, L_TIDB_CLUSTER, error);
      line_fail (c, L_TIDB_ZONES, error);
    }
  else if (clusters->len == 0)
    {
      line_pass (c, L_TIDB_CLUSTER, "the key sees no cluster");
      line_at (c, L_TIDB_ZONES)->skipped = TRUE;
      line_at (c, L_TIDB_ZONES)->detail = g_strdup ("no cluster to ask");
    }
  else
    tidb_start (p->task, ((LwTidbCluster *)g_ptr_array_index (clusters, 0))->cluster_id);
  pending_done (p);
}

void
lw_account_check_async (LwRpcClient *rpc, LwTidbClient *tidb, const char *tidb_cluster_id, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Check *c = g_new0 (Check, 1);
  Pending *hold;
  LwParams *p;

  g_return_if_fail (LW_IS_RPC_CLIENT (rpc));
  g_task_set_source_tag (task, lw_account_check_async);
  c->rpc = g_object_ref (rpc);
  c->tidb = tidb ? g_object_ref (tidb) : NULL;
  c->lines = g_ptr_array_new_with_free_func ((GDestroyNotify)lw_account_check_line_free);
  c->zones = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_LINES; i++)
    {
      LwAccountCheckLine *l = g_new0 (LwAccountCheckLine, 1);
      l->call = g_strdup (line_defs[i].call);
      l->dry_run = line_defs[i].dry_run;
      g_ptr_array_add (c->lines, l);
    }
  g_task_set_task_data (task, c, (GDestroyNotify)check_free);
  hold = pending_new (task, N_LINES);

  read_call (task, L_IDENTITY, LW_PRODUCT_STS, "GetCallerIdentity", lw_params_new ());
  p = lw_params_new ();
  lw_params_add_uint (p, "PageSize", 30);
  read_call (task, L_RDS, LW_PRODUCT_RDS, "DescribeDBInstances", p);
  p = lw_params_new ();
  lw_params_add_uint (p, "PageSize", 50);
  read_call (task, L_VSWITCHES, LW_PRODUCT_VPC, "DescribeVSwitches", p);
  p = lw_params_new ();
  lw_params_add_uint (p, "MaxResults", 20);
  read_call (task, L_NLB, LW_PRODUCT_NLB, "ListLoadBalancers", p);
  read_call (task, L_PRIVATELINK, LW_PRODUCT_PRIVATELINK, "CheckProductOpen", lw_params_new ());
  p = lw_params_new ();
  lw_params_add_uint (p, "MaxResults", 50);
  read_call (task, L_SERVICES, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointServices", p);

  if (c->tidb == NULL)
    for (guint i = L_TIDB_CLUSTER; i <= L_TIDB_ZONES; i++)
      {
        line_at (c, i)->skipped = TRUE;
        line_at (c, i)->detail = g_strdup ("no TiDB Cloud API key");
      }
  else if (tidb_cluster_id != NULL && *tidb_cluster_id != '\0')
    tidb_start (task, tidb_cluster_id);
  else
    lw_tidb_client_list_clusters_async (c->tidb, NULL, cancellable, tidb_list_cb, pending_new (task, L_TIDB_CLUSTER));

  pending_done (hold);
}

GPtrArray *
lw_account_check_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
lw_account_check_line_format (const LwAccountCheckLine *line)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s  %s%s", line->ok ? "PASS" : line->skipped ? "SKIP" : "FAIL", line->call,
                          line->dry_run ? " (DryRun)" : "");
  if (line->ok || line->skipped)
    {
      if (line->detail != NULL)
        g_string_append_printf (s, "  %s", line->detail);
    }
  else
    {
      g_string_append (s, "  ");
      if (line->code != NULL)
        g_string_append_printf (s, "%s: ", line->code);
      g_string_append (s, line->message != NULL ? line->message : "?");
      if (line->request_id != NULL)
        g_string_append_printf (s, "  RequestId: %s", line->request_id);
    }
  return g_string_free (s, FALSE);
}
