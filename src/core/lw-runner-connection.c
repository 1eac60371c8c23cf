/* lw-runner-connection.c — the steps that connect the two clouds
 *
 * Owns the TiDB Cloud private link connection (looked up by its unique name before any POST, since
 * TiDB Cloud has no ClientToken; polled until PENDING_ACCEPTANCE / ACTIVE; deleted on undo), the switch
 * to manual mode when TiDB Cloud refuses its API for the cluster (the fallback), accepting the endpoint
 * connection from the whitelisted account only (waiting for the user in manual mode), and the wait for
 * TiDB Cloud to report the connection active.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-runner-private.h"
#include "lw-tidb-fallback.h"

/* ---- TiDB connection (automatic mode) ---- */

static void
tidb_add_request_id (Op *op, const GError *error)
{
  op_add_request_ids (op, NULL, error);
}

static gboolean
tidb_ready (Op *op)
{
  if (op->runner->tidb == NULL)
    {
      op_fail (op, op->runner->client_error ? g_error_copy (op->runner->client_error)
               : g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                      _("Automatic mode needs the TiDB Cloud API key")));
      return FALSE;
    }
  if (op->runner->cancel_requested)
    {
      op_fail (op, cancelled_error ());
      return FALSE;
    }
  return TRUE;
}

static void tidb_conn_poll_once (Op *op);
static void tidb_conn_find_cb (GObject *source, GAsyncResult *res, gpointer user_data);

static void
tidb_fall_back_saved (Op *op)
{
  lw_step_set_state (op->step, LW_STEP_STATE_SKIPPED);
  step_changed (op->runner, op->step);
  op_finish (op);
}

/* TiDB Cloud refused its (v1beta1) private link API for this cluster — a cluster on a newer API
 * version: go on in manual mode without losing anything. The Alibaba Cloud side is kept, the user
 * creates the connection in the TiDB Cloud console, and the accept step waits for the request from
 * the whitelisted account. The switch (mode and reason) is durable before the accept step starts,
 * so a resume after a crash continues in manual mode. @error is consumed. */
static void
tidb_fall_back (Op *op, GError *error)
{
  LwRunner *self = op->runner;
  LwSetup *setup = self->setup;
  LwStep *active = lw_runner_get_step (self, LW_STEP_TIDB_ACTIVE);

  g_debug ("TiDB Cloud refused the private link API for cluster %s (%s): switching to manual mode",
           lw_setup_get_tidb_cluster_id (setup), error->message);
  lw_setup_set_tidb_fallback_reason (setup, error->message);
  lw_setup_set_tidb_mode (setup, LW_TIDB_MODE_MANUAL);
  /* Nothing exists in TiDB Cloud: no record, so that a rollback does not call the refused API. */
  lw_setup_reset_step (setup, LW_STEP_TIDB_CONNECTION);
  lw_setup_reset_step (setup, LW_STEP_TIDB_ACTIVE);
  lw_step_set_detail (op->step, _("Switched to manual mode: TiDB Cloud refused its API for this cluster"));
  lw_step_set_state (active, LW_STEP_STATE_SKIPPED);
  step_changed (self, active);
  g_error_free (error);
  /* The accept step waits for this one (manual deps): it starts only once the switch is on disk. */
  op_save_then (op, tidb_fall_back_saved);
}

static void
tidb_conn_poll_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;
  gboolean want_active = g_str_equal (op->def->id, LW_STEP_TIDB_ACTIVE);

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL)
    {
      if (op->rollback && lw_cloud_error_is_not_found (error))
        op_succeed (op);
      else if (!op->rollback && !want_active && lw_cloud_error_is_not_found (error) && !op->recreated)
        {
          op->recreated = TRUE;
          lw_setup_reset_step (op->runner->setup, op->def->id);
          lw_step_set_resource_id (op->step, NULL);
          op->def->run (op);
        }
      else if (!op->rollback && !want_active && lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  if (op->rollback)
    {
      op_wait_next (op);
      return;
    }
  if (g_strcmp0 (conn->state, "FAILED") == 0)
    {
      op_fail (op, g_error_new (LW_CLOUD_ERROR, LW_CLOUD_ERROR_API, _("TiDB Cloud reports the connection as failed: %s"),
                                conn->message ? conn->message : _("no reason given")));
      return;
    }
  if (g_strcmp0 (conn->state, "ACTIVE") == 0
      || (!want_active && g_strcmp0 (conn->state, "PENDING_ACCEPTANCE") == 0))
    {
      op->on_ready (op);
      return;
    }
  op_wait_next (op);
}

static void
tidb_conn_poll_once (Op *op)
{
  if (!tidb_ready (op))
    return;
  lw_tidb_client_get_private_link_connection_async (op->runner->tidb,
                                                    lw_setup_get_tidb_cluster_id (op->runner->setup),
                                                    op_setup_id (op, LW_STEP_TIDB_CONNECTION),
                                                    NULL, tidb_conn_poll_cb, op);
}

static void
tidb_conn_after_created (Op *op)
{
  if (op->rollback)
    {
      op->def->undo (op);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting for TiDB Cloud to request the connection…"));
  op_wait (op, op->def->expected, tidb_conn_poll_once, op_succeed);
}

static void
tidb_conn_created (Op *op, const char *id)
{
  LwSetup *setup = op->runner->setup;

  lw_setup_set_resource_id (setup, LW_STEP_TIDB_CONNECTION, id);
  lw_setup_set_step_record (setup, LW_STEP_TIDB_CONNECTION, LW_STEP_RECORD_CREATED);
  lw_step_set_resource_id (op->step, id);
  step_changed (op->runner, op->step);
  op_save_then (op, tidb_conn_after_created);
}

static void
tidb_conn_create_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL)
    {
      gboolean unsure = lw_cloud_error_is_transient (error)
                        || g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_NETWORK)
                        || g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_TIMEOUT);

      /* The POST may have been carried out with its answer lost: look it up by name before any
       * second POST (TiDB Cloud has no idempotency token, and its client does not retry POSTs). */
      if (unsure && ++op->attempts <= 5 && !op->runner->cancel_requested)
        {
          lw_tidb_client_list_private_link_connections_async (op->runner->tidb,
                                                              lw_setup_get_tidb_cluster_id (op->runner->setup),
                                                              NULL, NULL, tidb_conn_find_cb, op);
          return;
        }
      if (lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  tidb_conn_created (op, conn->private_link_connection_id);
}

static void tidb_conn_create_send (Op *op);

static void
tidb_conn_create (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (!tidb_ready (op))
    return;
  lw_setup_set_step_record (setup, LW_STEP_TIDB_CONNECTION, LW_STEP_RECORD_REQUESTED);
  op_save_then (op, tidb_conn_create_send);
}

static void
tidb_conn_create_send (Op *op)
{
  LwSetup *setup = op->runner->setup;
  g_autofree char *name = lw_setup_dup_name (setup);

  if (!tidb_ready (op))
    return;
  lw_step_set_detail (op->step, _("Creating…"));
  lw_tidb_client_create_private_link_connection_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                       name, lw_setup_get_service_name (setup),
                                                       NULL, tidb_conn_create_cb, op);
}

/* TiDB Cloud has no ClientToken: a create that may have been in flight is found again by its unique
 * display name (lw-<rds>-<setup id>) before anything is re-sent. */
static void
tidb_conn_find_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conns = NULL;
  g_autofree char *name = lw_setup_dup_name (op->runner->setup);

  conns = lw_tidb_client_list_private_link_connections_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conns == NULL)
    {
      if (!op->rollback && lw_tidb_error_is_api_refusal (error))
        tidb_fall_back (op, g_steal_pointer (&error));
      else
        op_fail (op, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < conns->len; i++)
    {
      LwTidbPrivateLinkConnection *c = g_ptr_array_index (conns, i);
      if (g_strcmp0 (c->display_name, name) == 0 && g_strcmp0 (c->state, "DELETING") != 0)
        {
          tidb_conn_created (op, c->private_link_connection_id);
          return;
        }
    }
  if (op->rollback)
    op_succeed (op);
  else
    tidb_conn_create (op);
}

void
tidb_conn_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  LwStepRecord record = lw_setup_get_step_record (setup, LW_STEP_TIDB_CONNECTION);

  if (!tidb_ready (op))
    return;
  if ((record == LW_STEP_RECORD_CREATED || record == LW_STEP_RECORD_DONE) && op_setup_id (op, LW_STEP_TIDB_CONNECTION))
    {
      lw_step_set_detail (op->step, _("Checking…"));
      op_wait (op, 0, tidb_conn_poll_once, op_succeed);
    }
  else
    /* Always look for our connection by name first, also on a fresh run: a create of an earlier process
     * may have gone through with its answer lost (TiDB Cloud has no ClientToken). */
    lw_tidb_client_list_private_link_connections_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                        NULL, NULL, tidb_conn_find_cb, op);
}

static void
tidb_conn_delete_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbPrivateLinkConnection) conn = NULL;

  conn = lw_tidb_client_private_link_connection_finish (LW_TIDB_CLIENT (source), res, &error);
  tidb_add_request_id (op, error);
  if (conn == NULL && !lw_cloud_error_is_not_found (error))
    {
      op_fail (op, g_steal_pointer (&error));
      return;
    }
  if (conn == NULL)
    {
      op_succeed (op);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting until it is deleted…"));
  op_wait (op, op->def->expected * 0.5, tidb_conn_poll_once, op_succeed);
}

void
tidb_conn_undo (Op *op)
{
  LwSetup *setup = op->runner->setup;

  if (!tidb_ready (op))
    return;
  if (op_setup_id (op, LW_STEP_TIDB_CONNECTION) == NULL)
    {
      lw_tidb_client_list_private_link_connections_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                          NULL, NULL, tidb_conn_find_cb, op);
      return;
    }
  lw_step_set_detail (op->step, _("Deleting…"));
  lw_tidb_client_delete_private_link_connection_async (op->runner->tidb, lw_setup_get_tidb_cluster_id (setup),
                                                       op_setup_id (op, LW_STEP_TIDB_CONNECTION),
                                                       NULL, tidb_conn_delete_cb, op);
}

void
tidb_active_run (Op *op)
{
  if (!tidb_ready (op))
    return;
  lw_step_set_detail (op->step, _("Waiting for TiDB Cloud to report the connection active…"));
  op_wait (op, lw_setup_get_step_record (op->runner->setup, LW_STEP_TIDB_ACTIVE) == LW_STEP_RECORD_DONE ? 0 : op->def->expected,
           tidb_conn_poll_once, op_succeed);
}

/* ---- accept the endpoint connection (only from the whitelisted account) ---- */

static void accept_poll_once (Op *op);

static void
accept_enable_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  lw_step_set_detail (op->step, _("Waiting until the connection is connected…"));
  op_wait (op, op->def->expected, accept_poll_once, op_succeed);
}

static void
accept_send_enable (Op *op)
{
  LwParams *params = lw_params_new ();

  lw_step_set_detail (op->step, _("Accepting the endpoint connection…"));
  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointId", op->accept_endpoint);
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "EnableVpcEndpointConnection", params, LW_CALL_FLAGS_NONE, accept_enable_cb);
}

/* The endpoint connection found by the last poll (and its ID durable): act on its status. */
static void
accept_on_status (Op *op)
{
  if (g_strcmp0 (op->accept_status, "Connected") == 0)
    op_succeed (op);
  else if (g_strcmp0 (op->accept_status, "Connecting") == 0)
    op_wait_next (op);
  else
    {
      lw_setup_set_step_record (op->runner->setup, LW_STEP_ACCEPT, LW_STEP_RECORD_REQUESTED);
      op_save_then (op, accept_send_enable);
    }
}

static void
accept_poll_cb (Op *op, JsonObject *result, GError *error)
{
  LwRunner *self = op->runner;
  LwSetup *setup = self->setup;
  const char *account = lw_setup_get_tidb_account_id (setup);
  const char *known = op_setup_id (op, LW_STEP_ACCEPT);
  JsonArray *conns;
  JsonObject *mine = NULL;

  if (error != NULL)
    {
      op_fail (op, error);
      return;
    }
  conns = member_array (result, "Connections");
  for (guint i = 0; conns && i < json_array_get_length (conns); i++)
    {
      JsonObject *c = json_array_get_object_element (conns, i);
      /* The filter is also sent to the API, but a request from any other account must never be
       * accepted, so the owner is checked here again. */
      if (!member_equals (c, "EndpointOwnerId", account))
        continue;
      if (!member_equals (c, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE))
          && json_object_has_member (c, "ServiceId"))
        continue;
      if (member_equals (c, "ConnectionStatus", "Deleting") || member_equals (c, "ConnectionStatus", "Deleted"))
        continue;
      /* Prefer the endpoint we already started to accept. */
      if (mine == NULL || (known != NULL && member_equals (c, "EndpointId", known)))
        mine = c;
    }

  if (mine == NULL)
    {
      if (lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_MANUAL)
        {
          if (self->stop_waiting)
            {
              lw_step_set_detail (op->step, NULL);
              op_fail (op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped waiting")));
              return;
            }
          if (lw_step_get_state (op->step) != LW_STEP_STATE_WAITING)
            {
              lw_setup_set_state (setup, LW_SETUP_STATE_WAITING_FOR_USER);
              save_later (setup);
              lw_step_set_detail (op->step, _("Waiting for the endpoint connection request from TiDB Cloud…"));
              lw_step_set_state (op->step, LW_STEP_STATE_WAITING);
              step_changed (self, op->step);
            }
        }
      op_wait_next (op);
      return;
    }

  g_free (op->accept_endpoint);
  g_free (op->accept_status);
  op->accept_endpoint = member_dup_string (mine, "EndpointId");
  op->accept_status = member_dup_string (mine, "ConnectionStatus");
  if (lw_step_get_state (op->step) == LW_STEP_STATE_WAITING)
    {
      lw_step_set_state (op->step, LW_STEP_STATE_RUNNING);
      lw_setup_set_state (setup, LW_SETUP_STATE_RUNNING);
    }
  if (g_strcmp0 (known, op->accept_endpoint) != 0)
    {
      lw_setup_set_resource_id (setup, LW_STEP_ACCEPT, op->accept_endpoint);
      lw_step_set_resource_id (op->step, op->accept_endpoint);
      step_changed (self, op->step);
      op_save_then (op, accept_on_status);
      return;
    }
  accept_on_status (op);
}

static void
accept_poll_once (Op *op)
{
  LwParams *params = lw_params_new ();

  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointOwnerId", lw_setup_get_tidb_account_id (op->runner->setup));
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "ListVpcEndpointConnections", params, LW_CALL_FLAGS_NONE, accept_poll_cb);
}

void
accept_run (Op *op)
{
  LwSetup *setup = op->runner->setup;
  gboolean automatic = lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC;
  LwStepRecord record = lw_setup_get_step_record (setup, LW_STEP_ACCEPT);

  lw_step_set_detail (op->step, automatic ? _("Looking for the endpoint connection request…")
                                          : _("Waiting for the endpoint connection request from TiDB Cloud…"));
  /* In automatic mode TiDB Cloud has already reported PENDING_ACCEPTANCE: the request is there. */
  (void)record;
  op_wait (op, 0, accept_poll_once, op_succeed);
}

static void
accept_undo_cb (Op *op, JsonObject *result, GError *error)
{
  if (error != NULL && !lw_cloud_error_is_not_found (error))
    {
      op_fail (op, error);
      return;
    }
  g_clear_error (&error);
  op_succeed (op);
}

void
accept_undo (Op *op)
{
  LwParams *params;

  if (op_setup_id (op, LW_STEP_ACCEPT) == NULL || op_setup_id (op, LW_STEP_ENDPOINT_SERVICE) == NULL)
    {
      op_succeed (op);
      return;
    }
  params = lw_params_new ();
  lw_params_add (params, "ServiceId", op_setup_id (op, LW_STEP_ENDPOINT_SERVICE));
  lw_params_add (params, "EndpointId", op_setup_id (op, LW_STEP_ACCEPT));
  op_rpc (op, LW_PRODUCT_PRIVATELINK, "DisableVpcEndpointConnection", params, LW_CALL_FLAGS_NONE, accept_undo_cb);
}
