/* lw-health.c — health check of a finished setup, and the RDS-IP drift repair
 *
 * An RDS instance's private IP can change (migration, upgrade, zone switch); the NLB backend then points
 * at nothing. The check compares them, and the repair swaps the backend: add the new address first, wait
 * until it is available, then remove the old one, so that there is no moment without a backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-health"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-engine-private.h"
#include "lw-health.h"
#include "lw-names.h"
#include "lw-poll.h"
#include "lw-source-private.h"

typedef struct {
  LwSetup *setup;
  LwEngineContext *context;
  LwRpcClient *rpc;
  LwTidbClient *tidb;
  GPtrArray *checks;
  guint pending;
  /* repair */
  char *new_ip;
  guint new_port;
  char *old_ip;
  char *old_port;
  char *job_id;
  LwPollSchedule sched;
} Health;

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
health_free (Health *h)
{
  g_clear_object (&h->setup);
  g_clear_pointer (&h->context, lw_engine_context_unref);
  g_clear_object (&h->rpc);
  g_clear_object (&h->tidb);
  g_clear_pointer (&h->checks, g_ptr_array_unref);
  g_free (h->new_ip);
  g_free (h->old_ip);
  g_free (h->old_port);
  g_free (h->job_id);
  g_free (h);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *node = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static JsonArray *
member_array (JsonObject *o, const char *name)
{
  JsonNode *node = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *inner = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (inner);
      if (members != NULL && members->next == NULL
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (inner, members->data)))
        return json_object_get_array_member (inner, members->data);
    }
  return NULL;
}

/* The Private/Normal entry of DescribeDBInstanceNetInfo. */
static gboolean
private_address (JsonObject *r, char **ip, guint *port)
{
  JsonArray *infos = member_array (r, "DBInstanceNetInfos");

  for (guint i = 0; infos && i < json_array_get_length (infos); i++)
    {
      JsonObject *info = json_array_get_object_element (infos, i);
      g_autofree char *type = member_string (info, "IPType");
      g_autofree char *conn_type = member_string (info, "ConnectionStringType");
      g_autofree char *port_text = member_string (info, "Port");

      if (g_strcmp0 (type, "Private") != 0 || (conn_type != NULL && g_strcmp0 (conn_type, "Normal") != 0))
        continue;
      *ip = member_string (info, "IPAddress");
      *port = port_text ? (guint)g_ascii_strtoull (port_text, NULL, 10) : 0;
      return *ip != NULL;
    }
  return FALSE;
}

/* Splits the backend step's resource ID "ip:port". */
static gboolean
backend_address (LwSetup *setup, char **ip, char **port)
{
  const char *rid = lw_setup_get_resource_id (setup, LW_STEP_BACKEND);
  const char *colon = rid ? strrchr (rid, ':') : NULL;

  if (colon == NULL)
    return FALSE;
  *ip = g_strndup (rid, colon - rid);
  *port = g_strdup (colon + 1);
  return TRUE;
}

/* ---- check ---- */

typedef struct {
  GTask *task;
  guint slot;
} Slot;

static Slot *
slot_new (GTask *task)
{
  Health *h = g_task_get_task_data (task);
  Slot *slot = g_new0 (Slot, 1);

  slot->task = g_object_ref (task);
  g_ptr_array_add (h->checks, NULL);
  slot->slot = h->checks->len - 1;
  h->pending++;
  return slot;
}

static void
slot_done (Slot *slot, LwCheck *check)
{
  Health *h = g_task_get_task_data (slot->task);

  g_ptr_array_index (h->checks, slot->slot) = check;
  if (--h->pending == 0)
    {
      GListStore *store = g_list_store_new (LW_TYPE_CHECK);
      for (guint i = 0; i < h->checks->len; i++)
        if (g_ptr_array_index (h->checks, i) != NULL)
          g_list_store_append (store, g_ptr_array_index (h->checks, i));
      g_task_return_pointer (slot->task, store, g_object_unref);
    }
  g_object_unref (slot->task);
  g_free (slot);
}

/* The "backend-ip" check: the source's current private address (@ip NULL when it could not be read)
 * against the backend the setup added. */
static void
backend_ip_done (Slot *slot, const char *ip, guint port, const GError *error)
{
  Health *h = g_task_get_task_data (slot->task);
  LwSourceKind kind = lw_setup_get_source_kind (h->setup);
  g_autofree char *old_ip = NULL, *old_port = NULL, *msg = NULL;
  LwCheck *check;

  if (ip == NULL)
    {
      const char *why = error ? error->message : _("no private address");
      msg = g_strdup_printf (kind == LW_SOURCE_KIND_POLARDB ? _("Could not read the PolarDB cluster’s private address: %s")
                             : kind == LW_SOURCE_KIND_ECS ? _("Could not read the ECS instance’s private IP: %s")
                             : _("Could not read the RDS instance’s private address: %s"), why);
      slot_done (slot, lw_check_new ("backend-ip", "rds-instance-id", FALSE, msg));
      return;
    }
  if (!backend_address (h->setup, &old_ip, &old_port))
    {
      slot_done (slot, lw_check_new ("backend-ip", "rds-instance-id", FALSE, _("The setup has no backend yet.")));
      return;
    }
  if (g_strcmp0 (ip, old_ip) == 0 && port == g_ascii_strtoull (old_port, NULL, 10))
    {
      msg = g_strdup_printf (kind == LW_SOURCE_KIND_POLARDB ? _("The backend still points at the PolarDB cluster (%s:%u).")
                             : kind == LW_SOURCE_KIND_ECS ? _("The backend still points at the ECS instance (%s:%u).")
                             : _("The backend still points at the RDS instance (%s:%u)."), ip, port);
      slot_done (slot, lw_check_new ("backend-ip", "rds-instance-id", TRUE, msg));
      return;
    }
  msg = g_strdup_printf (kind == LW_SOURCE_KIND_POLARDB
                         ? _("The PolarDB cluster’s private address changed from %s:%s to %s:%u, so the load balancer "
                             "points at nothing. Repair swaps the backend.")
                         : kind == LW_SOURCE_KIND_ECS
                         ? _("The ECS instance’s private address changed from %s:%s to %s:%u, so the load balancer "
                             "points at nothing. Repair swaps the backend.")
                         : _("The RDS instance’s private address changed from %s:%s to %s:%u (after a migration or "
                             "upgrade), so the load balancer points at nothing. Repair swaps the backend."),
                         old_ip, old_port, ip, port);
  check = lw_check_new ("backend-ip", "rds-instance-id", FALSE, msg);
  lw_check_set_repairable (check, TRUE);
  slot_done (slot, check);
}

static void
net_info_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *ip = NULL;
  guint port = 0;

  if (r == NULL || !private_address (r, &ip, &port))
    g_clear_pointer (&ip, g_free);
  backend_ip_done (slot, ip, port, error);
}

/* PolarDB: the recorded endpoint's private address; ECS: the primary private IP (the port is the user's). */
static void
source_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Health *h = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) address = lw_source_finish (res, &error);

  backend_ip_done (slot, address ? address->ip_address : NULL,
                   address && address->port ? address->port : lw_setup_get_rds_port (h->setup), error);
}

/* The source still accepts the load balancer's vSwitches (whitelist, or security group rules). */
static void
source_access_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Health *h = g_task_get_task_data (slot->task);
  gboolean polardb = lw_setup_get_source_kind (h->setup) == LW_SOURCE_KIND_POLARDB;
  g_autoptr(GError) error = NULL;
  g_autofree char *allowed = lw_source_finish (res, &error);
  g_autofree char *missing = NULL;
  g_autofree char *msg = NULL;

  if (allowed == NULL)
    {
      msg = g_strdup_printf (polardb ? _("Could not read the PolarDB whitelist: %s")
                                     : _("Could not read the ECS instance’s security groups: %s"), error->message);
      slot_done (slot, lw_check_new ("source-access", "fix-whitelist", FALSE, msg));
      return;
    }
  missing = lw_source_missing_cidrs (h->setup, allowed);
  if (*missing == '\0')
    {
      slot_done (slot, lw_check_new ("source-access", "fix-whitelist", TRUE,
                                     polardb ? _("The PolarDB whitelist still allows the load balancer.")
                                             : _("The instance’s security groups still allow the load balancer on the MySQL port.")));
      return;
    }
  msg = g_strdup_printf (polardb ? _("The PolarDB whitelist no longer allows %s, so the cluster refuses the load "
                                     "balancer. Add them to a whitelist group in the PolarDB console.")
                                 : _("The instance’s security groups no longer allow %s on port %u, so connections "
                                     "through the load balancer are dropped. Add an inbound rule in the ECS console."),
                         missing, lw_setup_get_rds_port (h->setup));
  slot_done (slot, lw_check_new ("source-access", "fix-whitelist", FALSE, msg));
}

static void
servers_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Health *h = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *ip = NULL, *port = NULL;
  JsonArray *servers = member_array (r, "Servers");

  if (r == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not read the server group: %s"), error->message);
      slot_done (slot, lw_check_new ("backend-healthy", NULL, FALSE, msg));
      return;
    }
  backend_address (h->setup, &ip, &port);
  for (guint i = 0; servers && i < json_array_get_length (servers); i++)
    {
      JsonObject *s = json_array_get_object_element (servers, i);
      g_autofree char *sip = member_string (s, "ServerIp");
      g_autofree char *status = member_string (s, "Status");
      if (g_strcmp0 (sip, ip) != 0)
        continue;
      if (g_strcmp0 (status, "Available") == 0)
        slot_done (slot, lw_check_new ("backend-healthy", NULL, TRUE, _("The backend is available.")));
      else
        {
          g_autofree char *msg = g_strdup_printf (_("The backend is %s."), status ? status : "?");
          slot_done (slot, lw_check_new ("backend-healthy", NULL, FALSE, msg));
        }
      return;
    }
  slot_done (slot, lw_check_new ("backend-healthy", NULL, FALSE,
                                 _("The RDS instance is missing from the server group. Roll back and set up again.")));
}

static void
listener_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *status = member_string (r, "ListenerStatus");
  g_autofree char *msg = NULL;

  if (g_strcmp0 (status, "Running") == 0)
    slot_done (slot, lw_check_new ("listener-running", NULL, TRUE, _("The listener is running.")));
  else
    {
      msg = r ? g_strdup_printf (_("The listener is %s, not Running. Start it in the NLB console."), status ? status : "?")
              : g_strdup_printf (_("Could not read the listener: %s"), error->message);
      slot_done (slot, lw_check_new ("listener-running", NULL, FALSE, msg));
    }
}

static void
connections_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Health *h = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  JsonArray *conns = member_array (r, "Connections");
  const char *endpoint = lw_setup_get_endpoint_id (h->setup);

  if (r == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not read the endpoint connections: %s"), error->message);
      slot_done (slot, lw_check_new ("endpoint-connected", NULL, FALSE, msg));
      return;
    }
  for (guint i = 0; conns && i < json_array_get_length (conns); i++)
    {
      JsonObject *c = json_array_get_object_element (conns, i);
      g_autofree char *id = member_string (c, "EndpointId");
      g_autofree char *status = member_string (c, "ConnectionStatus");
      if (g_strcmp0 (id, endpoint) != 0)
        continue;
      if (g_strcmp0 (status, "Connected") == 0)
        slot_done (slot, lw_check_new ("endpoint-connected", NULL, TRUE, _("The endpoint connection is connected.")));
      else
        {
          g_autofree char *msg = g_strdup_printf (_("The endpoint connection is %s, not Connected."), status ? status : "?");
          slot_done (slot, lw_check_new ("endpoint-connected", NULL, FALSE, msg));
        }
      return;
    }
  slot_done (slot, lw_check_new ("endpoint-connected", NULL, FALSE,
                                 _("TiDB Cloud’s endpoint connection is gone. Create the private link connection again.")));
}

static void
tidb_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn =
    lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  g_autofree char *msg = NULL;

  if (conn != NULL && g_strcmp0 (conn->state, "ACTIVE") == 0)
    slot_done (slot, lw_check_new ("tidb-active", NULL, TRUE, _("TiDB Cloud reports the connection ACTIVE.")));
  else
    {
      msg = conn ? g_strdup_printf (_("TiDB Cloud reports the connection %s. %s"), conn->state, conn->message ? conn->message : "")
                 : g_strdup_printf (_("Could not read the TiDB Cloud connection: %s"), error->message);
      slot_done (slot, lw_check_new ("tidb-active", NULL, FALSE, msg));
    }
}

void
lw_health_check_async (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Health *h = g_new0 (Health, 1);
  Slot *hold;
  LwParams *p;

  g_task_set_source_tag (task, lw_health_check_async);
  h->setup = g_object_ref (setup);
  h->checks = g_ptr_array_new_with_free_func (unref_nullable);
  g_task_set_task_data (task, h, (GDestroyNotify)health_free);
  h->rpc = lw_engine_context_create_rpc_client (context, lw_setup_get_region (setup), &error);
  if (h->rpc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hold = slot_new (task);

  if (lw_setup_get_source_kind (setup) == LW_SOURCE_KIND_RDS)
    {
      p = lw_params_new ();
      lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
      lw_rpc_client_call_async (h->rpc, LW_PRODUCT_RDS, "DescribeDBInstanceNetInfo", p, LW_CALL_FLAGS_NONE,
                                cancellable, net_info_cb, slot_new (task));
      lw_params_free (p);
    }
  else
    {
      LwSourceKind kind = lw_setup_get_source_kind (setup);

      lw_source_address_async (h->rpc, kind, lw_setup_get_region (setup), lw_setup_get_rds_instance_id (setup),
                               lw_setup_get_source_endpoint_id (setup), cancellable, source_address_cb, slot_new (task));
      lw_source_access_async (h->rpc, kind, lw_setup_get_region (setup), lw_setup_get_rds_instance_id (setup),
                              lw_setup_get_rds_port (setup), cancellable, source_access_cb, slot_new (task));
    }

  if (lw_setup_get_server_group_id (setup) != NULL)
    {
      p = lw_params_new ();
      lw_params_add (p, "RegionId", lw_setup_get_region (setup));
      lw_params_add (p, "ServerGroupId", lw_setup_get_server_group_id (setup));
      lw_rpc_client_call_async (h->rpc, LW_PRODUCT_NLB, "ListServerGroupServers", p, LW_CALL_FLAGS_NONE,
                                cancellable, servers_cb, slot_new (task));
      lw_params_free (p);
    }
  if (lw_setup_get_listener_id (setup) != NULL)
    {
      p = lw_params_new ();
      lw_params_add (p, "RegionId", lw_setup_get_region (setup));
      lw_params_add (p, "ListenerId", lw_setup_get_listener_id (setup));
      lw_rpc_client_call_async (h->rpc, LW_PRODUCT_NLB, "GetListenerAttribute", p, LW_CALL_FLAGS_NONE,
                                cancellable, listener_cb, slot_new (task));
      lw_params_free (p);
    }
  if (lw_setup_get_service_id (setup) != NULL && lw_setup_get_endpoint_id (setup) != NULL)
    {
      p = lw_params_new ();
      lw_params_add (p, "RegionId", lw_setup_get_region (setup));
      lw_params_add (p, "ServiceId", lw_setup_get_service_id (setup));
      lw_params_add (p, "EndpointOwnerId", lw_setup_get_tidb_account_id (setup));
      lw_rpc_client_call_async (h->rpc, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointConnections", p, LW_CALL_FLAGS_NONE,
                                cancellable, connections_cb, slot_new (task));
      lw_params_free (p);
    }
  if (lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC && lw_setup_get_tidb_connection_id (setup) != NULL)
    {
      h->tidb = lw_engine_context_create_tidb_client (context, NULL);
      if (h->tidb != NULL)
        lw_tidb_client_get_private_link_connection_async (h->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                          lw_setup_get_tidb_connection_id (setup), cancellable,
                                                          tidb_cb, slot_new (task));
    }
  slot_done (hold, NULL);
}

GListModel *
lw_health_check_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- repair: add the new backend, wait, remove the old one, wait ---- */

static void repair_poll_new (GTask *task);

static void
repair_fail (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
repair_sleep_then (GTask *task, GSourceFunc func)
{
  Health *h = g_task_get_task_data (task);
  double delay = lw_poll_schedule_next (&h->sched);

  if (delay < 0)
    {
      repair_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("The backend change did not finish in time")));
      return FALSE;
    }
  g_timeout_add (MAX (1, (guint)(delay * 1000)), func, task);
  return TRUE;
}

static void
repair_saved_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!lw_setup_save_finish (LW_SETUP (source), res, &error))
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
repair_removed_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Health *h = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *rid = NULL;

  if (r == NULL && !lw_cloud_error_is_not_found (error))
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  rid = g_strdup_printf ("%s:%u", h->new_ip, h->new_port);
  lw_setup_set_rds_ip (h->setup, h->new_ip);
  lw_setup_set_rds_port (h->setup, h->new_port);
  lw_setup_set_resource_id (h->setup, LW_STEP_BACKEND, rid);
  /* Off the main thread (fsync); the repair reports success only once the new backend is on disk. */
  lw_setup_save_async (h->setup, NULL, repair_saved_cb, task);
}

static void
repair_remove_old (GTask *task)
{
  Health *h = g_task_get_task_data (task);
  LwParams *p = lw_params_new ();

  lw_params_add (p, "RegionId", lw_setup_get_region (h->setup));
  lw_params_add (p, "ServerGroupId", lw_setup_get_server_group_id (h->setup));
  lw_params_add (p, "Servers.1.ServerId", h->old_ip);
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", h->old_ip);
  lw_params_add (p, "Servers.1.Port", h->old_port);
  lw_rpc_client_call_async (h->rpc, LW_PRODUCT_NLB, "RemoveServersFromServerGroup", p, LW_CALL_FLAGS_NONE,
                            g_task_get_cancellable (task), repair_removed_cb, task);
  lw_params_free (p);
}

static gboolean
repair_poll_new_source (gpointer data)
{
  repair_poll_new (data);
  return G_SOURCE_REMOVE;
}

static void
repair_servers_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Health *h = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  JsonArray *servers = member_array (r, "Servers");

  if (r == NULL)
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; servers && i < json_array_get_length (servers); i++)
    {
      JsonObject *s = json_array_get_object_element (servers, i);
      g_autofree char *sip = member_string (s, "ServerIp");
      g_autofree char *status = member_string (s, "Status");
      if (g_strcmp0 (sip, h->new_ip) == 0 && g_strcmp0 (status, "Available") == 0)
        {
          repair_remove_old (task);
          return;
        }
    }
  repair_sleep_then (task, repair_poll_new_source);
}

static void
repair_poll_new (GTask *task)
{
  Health *h = g_task_get_task_data (task);
  LwParams *p = lw_params_new ();

  lw_params_add (p, "RegionId", lw_setup_get_region (h->setup));
  lw_params_add (p, "ServerGroupId", lw_setup_get_server_group_id (h->setup));
  lw_rpc_client_call_async (h->rpc, LW_PRODUCT_NLB, "ListServerGroupServers", p, LW_CALL_FLAGS_NONE,
                            g_task_get_cancellable (task), repair_servers_cb, task);
  lw_params_free (p);
}

static void
repair_added_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL)
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  repair_poll_new (task);
}

static void repair_swap (GTask *task);

static void
repair_net_info_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Health *h = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  if (r == NULL)
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  if (!private_address (r, &h->new_ip, &h->new_port))
    {
      repair_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The RDS instance has no private address")));
      return;
    }
  repair_swap (task);
}

static void
repair_source_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GTask *task = user_data;
  Health *h = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) address = lw_source_finish (res, &error);

  if (address == NULL)
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  if (address->ip_address == NULL)
    {
      repair_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                              lw_setup_get_source_kind (h->setup) == LW_SOURCE_KIND_POLARDB
                                              ? _("The PolarDB cluster’s endpoint has no private address")
                                              : _("The ECS instance has no private IP")));
      return;
    }
  h->new_ip = g_steal_pointer (&address->ip_address);
  /* ECS answers no port: MySQL still listens where the user said. */
  h->new_port = address->port ? address->port : lw_setup_get_rds_port (h->setup);
  repair_swap (task);
}

static void
repair_swap (GTask *task)
{
  Health *h = g_task_get_task_data (task);
  g_autofree char *token = NULL;
  LwParams *p;
  if (g_strcmp0 (h->new_ip, h->old_ip) == 0 && h->new_port == g_ascii_strtoull (h->old_port, NULL, 10))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  /* A token derived from the setup and the new address: re-running the repair does not add it twice. */
  token = g_compute_checksum_for_string (G_CHECKSUM_MD5, lw_setup_get_id (h->setup), -1);
  {
    g_autofree char *seed = g_strdup_printf ("%s-%s-%u", lw_setup_get_id (h->setup), h->new_ip, h->new_port);
    g_free (token);
    token = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);
  }
  p = lw_params_new ();
  lw_params_add (p, "RegionId", lw_setup_get_region (h->setup));
  lw_params_add (p, "ServerGroupId", lw_setup_get_server_group_id (h->setup));
  lw_params_add (p, "Servers.1.ServerId", h->new_ip);
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", h->new_ip);
  lw_params_add_uint (p, "Servers.1.Port", h->new_port);
  lw_params_add (p, "Servers.1.Description", lw_names_backend_description ());
  lw_params_add (p, "ClientToken", token);
  lw_rpc_client_call_async (h->rpc, LW_PRODUCT_NLB, "AddServersToServerGroup", p, LW_CALL_FLAGS_NONE,
                            g_task_get_cancellable (task), repair_added_cb, task);
  lw_params_free (p);
}

void
lw_health_repair_async (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Health *h = g_new0 (Health, 1);
  LwParams *p;

  g_task_set_source_tag (task, lw_health_repair_async);
  h->setup = g_object_ref (setup);
  h->context = lw_engine_context_ref (context);
  g_task_set_task_data (task, h, (GDestroyNotify)health_free);
  lw_poll_schedule_init (&h->sched, 0.5, 1.5, 5.0, 900, 0, lw_engine_context_get_time_scale (context));
  h->rpc = lw_engine_context_create_rpc_client (context, lw_setup_get_region (setup), &error);
  if (h->rpc == NULL)
    {
      repair_fail (task, g_steal_pointer (&error));
      return;
    }
  if (lw_setup_get_server_group_id (setup) == NULL || !backend_address (setup, &h->old_ip, &h->old_port))
    {
      repair_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The setup has no backend to repair")));
      return;
    }
  if (lw_setup_get_source_kind (setup) != LW_SOURCE_KIND_RDS)
    {
      lw_source_address_async (h->rpc, lw_setup_get_source_kind (setup), lw_setup_get_region (setup),
                               lw_setup_get_rds_instance_id (setup), lw_setup_get_source_endpoint_id (setup),
                               cancellable, repair_source_address_cb, task);
      return;
    }
  p = lw_params_new ();
  lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
  lw_rpc_client_call_async (h->rpc, LW_PRODUCT_RDS, "DescribeDBInstanceNetInfo", p, LW_CALL_FLAGS_NONE,
                            cancellable, repair_net_info_cb, task);
  lw_params_free (p);
}

gboolean
lw_health_repair_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
