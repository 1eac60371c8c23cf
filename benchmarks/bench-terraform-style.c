/* bench-terraform-style.c — the benchmark's peer: a Terraform-style run on the same simulator
 *
 * Creates the same resources as Linkwright with the cloud client library, but the way the alicloud
 * Terraform provider does (alibaba-cloud-api.md §7): a resource starts when the resources it refers
 * to exist (Terraform walks its graph in parallel), and after each create it waits by polling every
 * 5 s — the endpoint service every 60 s — until the resource is ready. Every interval is multiplied
 * by the same time scale as the simulator's delays.
 *
 * Deviations, stated in the printed notes and in README.md:
 * - the simulator has no AttachResourceToVpcEndpointService, so the endpoint service is created
 *   with its NLB resources (Resource.N) once the NLB is Active, instead of Terraform's separate
 *   alicloud_privatelink_vpc_endpoint_service_resource;
 * - the TiDB connection, the acceptance and the wait for ACTIVE are not alicloud resources (the
 *   provider's connection logic is unconfirmed): they use the same 5 s polling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-terraform-style"

#include <string.h>

#include "lw-cloud.h"
#include "bench-util.h"

/* The demo world's happy path (HACKING.md, src/sim/worlds/demo.json). */
#define TF_REGION      "cn-hangzhou"
#define TF_VPC         "vpc-bp1demo000000000001"
#define TF_RDS_IP      "172.16.2.10"
#define TF_RDS_PORT    3306
#define TF_CLUSTER_ID  "10000000000000000001"

typedef struct _TfRun TfRun;
typedef struct _TfNode TfNode;
typedef void (*TfFunc) (TfNode *node);

struct _TfNode {
  TfRun      *run;
  const char *id;
  const char *depends_on[3];
  double      poll_interval;   /* unscaled seconds; 0 = no wait after the create */
  TfFunc      create;          /* NULL = nothing to create, only wait */
  TfFunc      poll;
  gboolean    started;
  gboolean    done;
};

struct _TfRun {
  LwRpcClient  *rpc;
  LwTidbClient *tidb;
  double        time_scale;
  guint64       tidb_account;
  TfNode       *nodes;
  guint         n_nodes;
  GError       *error;
  gboolean      finished;
  char         *sg_id;
  char         *lb_id;
  char         *listener_id;
  char         *service_id;
  char         *service_name;
  char         *plc_id;
  char         *endpoint_id;
};

static void tf_start_ready (TfRun *run);

static void
tf_fail (TfNode *node,
         GError *error)
{
  if (node->run->error == NULL)
    {
      g_prefix_error (&error, "%s: ", node->id);
      node->run->error = error;
    }
  else
    g_error_free (error);
  node->run->finished = TRUE;
}

static void
tf_done (TfNode *node)
{
  node->done = TRUE;
  tf_start_ready (node->run);
}

static gboolean
tf_poll_timeout (gpointer data)
{
  TfNode *node = data;

  node->poll (node);
  return G_SOURCE_REMOVE;
}

static void
tf_schedule_poll (TfNode *node)
{
  double ms = node->poll_interval * 1000.0 * node->run->time_scale;

  g_timeout_add (ms < 1 ? 1 : (guint) ms, tf_poll_timeout, node);
}

/* After the create call returned: wait (poll) or be done. */
static void
tf_created (TfNode *node)
{
  if (node->poll == NULL || node->poll_interval <= 0)
    tf_done (node);
  else
    tf_schedule_poll (node);
}

static void
tf_polled (TfNode  *node,
           gboolean ready)
{
  if (ready)
    tf_done (node);
  else
    tf_schedule_poll (node);
}

static gboolean
tf_deps_done (TfRun        *run,
              const TfNode *node)
{
  for (guint d = 0; node->depends_on[d] != NULL; d++)
    for (guint j = 0; j < run->n_nodes; j++)
      if (strcmp (run->nodes[j].id, node->depends_on[d]) == 0 && !run->nodes[j].done)
        return FALSE;
  return TRUE;
}

static void
tf_start_ready (TfRun *run)
{
  gboolean all_done = TRUE;

  if (run->finished)
    return;
  for (guint i = 0; i < run->n_nodes; i++)
    {
      TfNode *node = &run->nodes[i];

      all_done &= node->done;
      if (node->started || !tf_deps_done (run, node))
        continue;
      node->started = TRUE;
      if (node->create != NULL)
        node->create (node);
      else
        tf_created (node);
    }
  if (all_done)
    run->finished = TRUE;
}

/* ---- alicloud_nlb_server_group ------------------------------------------------------------- */

static void
sg_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbJobResult) job = lw_nlb_job_finish (LW_RPC_CLIENT (source), result, &error);

  if (job == NULL)
    { tf_fail (node, error); return; }
  node->run->sg_id = g_strdup (job->resource_id);
  tf_created (node);
}

static void
sg_create (TfNode *node)
{
  LwNlbServerGroupSpec spec = {
    .server_group_name = "tf-style-bench", .vpc_id = TF_VPC, .server_group_type = "Ip",
    .protocol = "TCP", .preserve_client_ip_enabled = FALSE, .health_check_enabled = TRUE,
    .health_check_type = "TCP",
  };

  lw_nlb_create_server_group_async (node->run->rpc, &spec, NULL, LW_CALL_FLAGS_NONE, NULL, sg_created, node);
}

static void
sg_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(GPtrArray) groups = lw_nlb_list_server_groups_finish (LW_RPC_CLIENT (source), result, &error);
  gboolean ready = FALSE;

  if (groups == NULL)
    { tf_fail (node, error); return; }
  for (guint i = 0; i < groups->len; i++)
    ready |= g_strcmp0 (((LwNlbServerGroup *) groups->pdata[i])->status, "Available") == 0;
  tf_polled (node, ready);
}

static void
sg_poll (TfNode *node)
{
  const char *ids[] = { node->run->sg_id, NULL };

  lw_nlb_list_server_groups_async (node->run->rpc, ids, NULL, sg_polled, node);
}

/* ---- alicloud_nlb_server_group_server_attachment ------------------------------------------- */

static void
attach_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbJobResult) job = lw_nlb_job_finish (LW_RPC_CLIENT (source), result, &error);

  if (job == NULL)
    { tf_fail (node, error); return; }
  tf_created (node);
}

static void
attach_create (TfNode *node)
{
  LwNlbServerSpec server = {
    .server_id = TF_RDS_IP, .server_type = "Ip", .server_ip = TF_RDS_IP, .port = TF_RDS_PORT,
  };

  lw_nlb_add_servers_to_server_group_async (node->run->rpc, node->run->sg_id, &server, 1, NULL,
                                            LW_CALL_FLAGS_NONE, NULL, attach_created, node);
}

static void
attach_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(GPtrArray) servers = lw_nlb_list_server_group_servers_finish (LW_RPC_CLIENT (source), result, &error);
  gboolean ready = FALSE;

  if (servers == NULL)
    { tf_fail (node, error); return; }
  for (guint i = 0; i < servers->len; i++)
    ready |= g_strcmp0 (((LwNlbBackendServer *) servers->pdata[i])->status, "Available") == 0;
  tf_polled (node, ready);
}

static void
attach_poll (TfNode *node)
{
  lw_nlb_list_server_group_servers_async (node->run->rpc, node->run->sg_id, NULL, attach_polled, node);
}

/* ---- alicloud_nlb_load_balancer ------------------------------------------------------------ */

static void
lb_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbJobResult) job = lw_nlb_job_finish (LW_RPC_CLIENT (source), result, &error);

  if (job == NULL)
    { tf_fail (node, error); return; }
  node->run->lb_id = g_strdup (job->resource_id);
  tf_created (node);
}

static void
lb_create (TfNode *node)
{
  const LwNlbZoneMappingSpec zones[] = {
    { .zone_id = "cn-hangzhou-i", .vswitch_id = "vsw-bp1demoi000000001" },
    { .zone_id = "cn-hangzhou-j", .vswitch_id = "vsw-bp1demoj000000001" },
  };
  LwNlbLoadBalancerSpec spec = {
    .load_balancer_name = "tf-style-bench", .vpc_id = TF_VPC, .address_type = "Intranet",
    .address_ip_version = "ipv4", .zone_mappings = zones, .n_zone_mappings = G_N_ELEMENTS (zones),
  };

  lw_nlb_create_load_balancer_async (node->run->rpc, &spec, NULL, LW_CALL_FLAGS_NONE, NULL, lb_created, node);
}

static void
lb_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbLoadBalancer) lb = lw_nlb_get_load_balancer_finish (LW_RPC_CLIENT (source), result, &error);

  if (lb == NULL)
    { tf_fail (node, error); return; }
  if (g_strcmp0 (lb->status, "CreateFailed") == 0)
    { tf_fail (node, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "CreateFailed")); return; }
  tf_polled (node, g_strcmp0 (lb->status, "Active") == 0);
}

static void
lb_poll (TfNode *node)
{
  lw_nlb_get_load_balancer_async (node->run->rpc, node->run->lb_id, NULL, lb_polled, node);
}

/* ---- alicloud_nlb_listener ----------------------------------------------------------------- */

static void
listener_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbJobResult) job = lw_nlb_job_finish (LW_RPC_CLIENT (source), result, &error);

  if (job == NULL)
    { tf_fail (node, error); return; }
  node->run->listener_id = g_strdup (job->resource_id);
  tf_created (node);
}

static void
listener_create (TfNode *node)
{
  LwNlbListenerSpec spec = {
    .listener_protocol = "TCP", .listener_port = TF_RDS_PORT, .load_balancer_id = node->run->lb_id,
    .server_group_id = node->run->sg_id, .listener_description = "tf-style-bench",
  };

  lw_nlb_create_listener_async (node->run->rpc, &spec, NULL, LW_CALL_FLAGS_NONE, NULL, listener_created, node);
}

static void
listener_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwNlbListener) listener = lw_nlb_get_listener_finish (LW_RPC_CLIENT (source), result, &error);

  if (listener == NULL)
    { tf_fail (node, error); return; }
  tf_polled (node, g_strcmp0 (listener->status, "Running") == 0);
}

static void
listener_poll (TfNode *node)
{
  lw_nlb_get_listener_async (node->run->rpc, node->run->listener_id, NULL, listener_polled, node);
}

/* ---- alicloud_privatelink_vpc_endpoint_service (+ _resource, see above) -------------------- */

static void
eps_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwPrivateLinkService) svc = lw_privatelink_create_endpoint_service_finish (LW_RPC_CLIENT (source), result, &error);

  if (svc == NULL)
    { tf_fail (node, error); return; }
  node->run->service_id = g_strdup (svc->service_id);
  node->run->service_name = g_strdup (svc->service_name);
  tf_created (node);
}

static void
eps_create (TfNode *node)
{
  const LwPrivateLinkResourceSpec resources[] = {
    { .resource_type = "nlb", .resource_id = node->run->lb_id, .zone_id = "cn-hangzhou-i" },
    { .resource_type = "nlb", .resource_id = node->run->lb_id, .zone_id = "cn-hangzhou-j" },
  };
  LwPrivateLinkServiceSpec spec = {
    .service_resource_type = "nlb", .resources = resources, .n_resources = G_N_ELEMENTS (resources),
    .auto_accept_enabled = FALSE, .service_description = "tf-style-bench",
  };

  lw_privatelink_create_endpoint_service_async (node->run->rpc, &spec, NULL, LW_CALL_FLAGS_NONE, NULL,
                                                eps_created, node);
}

static void
eps_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwPrivateLinkService) svc = lw_privatelink_get_endpoint_service_finish (LW_RPC_CLIENT (source), result, &error);

  if (svc == NULL)
    { tf_fail (node, error); return; }
  if (svc->service_name != NULL && node->run->service_name == NULL)
    node->run->service_name = g_strdup (svc->service_name);
  tf_polled (node, g_strcmp0 (svc->service_status, "Active") == 0);
}

static void
eps_poll (TfNode *node)
{
  lw_privatelink_get_endpoint_service_async (node->run->rpc, node->run->service_id, NULL, eps_polled, node);
}

/* ---- alicloud_privatelink_vpc_endpoint_service_user (no wait) ------------------------------ */

static void
user_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;

  if (!lw_privatelink_write_finish (LW_RPC_CLIENT (source), result, &error))
    { tf_fail (node, error); return; }
  tf_created (node);
}

static void
user_create (TfNode *node)
{
  lw_privatelink_add_user_async (node->run->rpc, node->run->service_id, node->run->tidb_account, NULL,
                                 LW_CALL_FLAGS_NONE, NULL, user_created, node);
}

/* ---- TiDB Cloud private link connection ---------------------------------------------------- */

static void
plc_created (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) plc =
    lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), result, &error);

  if (plc == NULL)
    { tf_fail (node, error); return; }
  node->run->plc_id = g_strdup (plc->private_link_connection_id);
  tf_created (node);
}

static void
plc_create (TfNode *node)
{
  lw_tidb_client_create_private_link_connection_async (node->run->tidb, TF_CLUSTER_ID, "tf-style-bench",
                                                       node->run->service_name, NULL, plc_created, node);
}

/* Shared by the wait after the create (PENDING_ACCEPTANCE is enough) and the final wait (ACTIVE). */
static void
plc_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) plc =
    lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), result, &error);
  gboolean want_active = strcmp (node->id, "tidb-active") == 0;

  if (plc == NULL)
    { tf_fail (node, error); return; }
  if (g_strcmp0 (plc->state, "FAILED") == 0)
    { tf_fail (node, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "FAILED: %s", plc->message)); return; }
  tf_polled (node, g_strcmp0 (plc->state, "ACTIVE") == 0 ||
                   (!want_active && g_strcmp0 (plc->state, "PENDING_ACCEPTANCE") == 0));
}

static void
plc_poll (TfNode *node)
{
  lw_tidb_client_get_private_link_connection_async (node->run->tidb, TF_CLUSTER_ID, node->run->plc_id, NULL,
                                                    plc_polled, node);
}

/* ---- accept: ListVpcEndpointConnections → EnableVpcEndpointConnection ---------------------- */

static void
accept_enabled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;

  if (!lw_privatelink_write_finish (LW_RPC_CLIENT (source), result, &error))
    { tf_fail (node, error); return; }
  tf_created (node);
}

static void
accept_listed (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(GPtrArray) conns = lw_privatelink_list_connections_finish (LW_RPC_CLIENT (source), result, &error);

  if (conns == NULL)
    { tf_fail (node, error); return; }
  if (conns->len == 0)
    { tf_fail (node, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no endpoint connection to accept")); return; }
  node->run->endpoint_id = g_strdup (((LwPrivateLinkConnection *) conns->pdata[0])->endpoint_id);
  lw_privatelink_enable_connection_async (node->run->rpc, node->run->service_id, node->run->endpoint_id, NULL,
                                          LW_CALL_FLAGS_NONE, NULL, accept_enabled, node);
}

static void
accept_create (TfNode *node)
{
  lw_privatelink_list_connections_async (node->run->rpc, node->run->service_id, node->run->tidb_account, NULL,
                                         accept_listed, node);
}

static void
accept_polled (GObject *source, GAsyncResult *result, gpointer data)
{
  TfNode *node = data;
  GError *error = NULL;
  g_autoptr(GPtrArray) conns = lw_privatelink_list_connections_finish (LW_RPC_CLIENT (source), result, &error);
  gboolean ready = FALSE;

  if (conns == NULL)
    { tf_fail (node, error); return; }
  for (guint i = 0; i < conns->len; i++)
    {
      LwPrivateLinkConnection *conn = conns->pdata[i];
      ready |= g_strcmp0 (conn->endpoint_id, node->run->endpoint_id) == 0 &&
               g_strcmp0 (conn->connection_status, "Connected") == 0;
    }
  tf_polled (node, ready);
}

static void
accept_poll (TfNode *node)
{
  lw_privatelink_list_connections_async (node->run->rpc, node->run->service_id, node->run->tidb_account, NULL,
                                         accept_polled, node);
}

/* -------------------------------------------------------------------------------------------- */

double
bench_terraform_style_run (LwSimServer *sim,
                           double       time_scale,
                           guint       *n_calls,
                           GError     **error)
{
  g_autoptr(LwCredentials) creds = lw_credentials_new (lw_sim_server_lookup_demo (sim, "access-key-id"),
                                                       lw_sim_server_lookup_demo (sim, "access-key-secret"),
                                                       NULL);
  TfNode nodes[] = {
    { .id = "server-group", .poll_interval = 5, .create = sg_create, .poll = sg_poll },
    { .id = "backend", .depends_on = { "server-group" }, .poll_interval = 5, .create = attach_create, .poll = attach_poll },
    { .id = "load-balancer", .poll_interval = 5, .create = lb_create, .poll = lb_poll },
    /* The listener refers to the server group and the NLB (not to the attachment). */
    { .id = "listener", .depends_on = { "server-group", "load-balancer" }, .poll_interval = 5,
      .create = listener_create, .poll = listener_poll },
    { .id = "endpoint-service", .depends_on = { "load-balancer" }, .poll_interval = 60, .create = eps_create, .poll = eps_poll },
    { .id = "service-user", .depends_on = { "endpoint-service" }, .create = user_create },
    { .id = "tidb-connection", .depends_on = { "service-user", "listener" }, .poll_interval = 5,
      .create = plc_create, .poll = plc_poll },
    { .id = "accept", .depends_on = { "tidb-connection" }, .poll_interval = 5, .create = accept_create, .poll = accept_poll },
    { .id = "tidb-active", .depends_on = { "accept" }, .poll_interval = 5, .poll = plc_poll },
  };
  TfRun run = { 0 };
  gint64 t0;
  double seconds;

  run.rpc = lw_rpc_client_new (creds, TF_REGION);
  run.tidb = lw_tidb_client_new (lw_sim_server_lookup_demo (sim, "tidb-public-key"),
                                 lw_sim_server_lookup_demo (sim, "tidb-private-key"));
  if (!lw_rpc_client_set_endpoint_override (run.rpc, lw_sim_server_get_base_url (sim), error) ||
      !lw_tidb_client_set_endpoint_override (run.tidb, lw_sim_server_get_base_url (sim), error))
    {
      g_object_unref (run.rpc);
      g_object_unref (run.tidb);
      return -1;
    }
  lw_rpc_client_set_time_scale (run.rpc, time_scale);
  lw_tidb_client_set_time_scale (run.tidb, time_scale);
  run.time_scale = time_scale;
  run.tidb_account = g_ascii_strtoull (lw_sim_server_lookup_demo (sim, "tidb-account-id"), NULL, 10);
  run.nodes = nodes;
  run.n_nodes = G_N_ELEMENTS (nodes);
  for (guint i = 0; i < run.n_nodes; i++)
    nodes[i].run = &run;

  t0 = g_get_monotonic_time ();
  tf_start_ready (&run);
  /* Generous: Terraform's own timeouts are 5 min per resource. */
  bench_wait (&run.finished, 3600 * time_scale + 60);
  seconds = (g_get_monotonic_time () - t0) / 1e6;

  *n_calls = lw_rpc_client_get_request_count (run.rpc) + lw_tidb_client_get_request_count (run.tidb);
  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      seconds = -1;
    }
  g_object_unref (run.rpc);
  g_object_unref (run.tidb);
  g_free (run.sg_id);
  g_free (run.lb_id);
  g_free (run.listener_id);
  g_free (run.service_id);
  g_free (run.service_name);
  g_free (run.plc_id);
  g_free (run.endpoint_id);
  return seconds;
}
