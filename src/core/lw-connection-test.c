/* lw-connection-test.c — step 10: TiDB Cloud tests the path to RDS (changefeeds:test)
 *
 * The request itself (body shape, password wiping) is the cloud client's lw_tidb_client_test_mysql_sink_async();
 * this unit maps TiDB Cloud's reasons to plain words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-connection-test"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lw-connection-test.h"
#include "lw-engine-private.h"

typedef struct {
  const char *reason;
  const char *text;
} Verdict;

static const Verdict verdicts[] = {
  { "MYSQL_ACCESS_DENIED", N_("TiDB Cloud reached RDS, but the MySQL user name or password is wrong (or the user may "
                              "not log in from the load balancer’s addresses). Check the account in the RDS console.") },
  { "MYSQL_HOST_NOT_ALLOWED", N_("TiDB Cloud reached RDS, but the RDS whitelist blocks the load balancer’s addresses. "
                                 "Add the chosen vSwitch CIDRs to the RDS whitelist (Linkwright can do it: run the "
                                 "setup with “Add to the RDS whitelist”).") },
  { "CONNECTION_REFUSED", N_("TiDB Cloud could not reach the listener through the private link. Check that the "
                             "listener is running on the RDS port (health check).") },
  { "BACKEND_UNHEALTHY", N_("The load balancer has no healthy backend: the RDS address may have changed. Run the "
                            "health check and repair the backend.") },
  { "PRIVATE_LINK_CONNECTION_NOT_ACTIVE", N_("The TiDB Cloud private link connection is not active yet. Wait until "
                                             "the setup is connected, then test again.") },
  { "PRIVATE_LINK_CONNECTION_NOT_FOUND", N_("TiDB Cloud does not know this private link connection any more. Run the "
                                            "setup again to create it.") },
};

static void
test_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (lw_tidb_client_test_mysql_sink_finish (LW_TIDB_CLIENT (source), res, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lw_connection_test_async (LwSetup *setup, LwEngineContext *context, const char *mysql_user,
                          const char *mysql_password, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(LwTidbClient) tidb = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, lw_connection_test_async);
  tidb = lw_engine_context_create_tidb_client (context, &error);
  if (tidb == NULL)
    {
      g_task_return_error (task, error ? error : g_error_new_literal (LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                                                                      _("The test needs the TiDB Cloud API key")));
      return;
    }
  if (lw_setup_get_tidb_connection_id (setup) == NULL || lw_setup_get_tidb_cluster_id (setup) == NULL)
    {
      g_task_return_new_error (task, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                               _("The setup has no TiDB Cloud private link connection to test"));
      return;
    }
  /* The task keeps the client alive until the answer; the client wipes its copy of the password. */
  g_task_set_task_data (task, g_object_ref (tidb), g_object_unref);
  lw_tidb_client_test_mysql_sink_async (tidb, lw_setup_get_tidb_cluster_id (setup),
                                        lw_setup_get_tidb_connection_id (setup), lw_setup_get_listener_port (setup),
                                        mysql_user ? mysql_user : "", mysql_password ? mysql_password : "",
                                        cancellable, test_cb, g_steal_pointer (&task));
}

gboolean
lw_connection_test_finish (GAsyncResult *result, char **explanation, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *reason;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      if (explanation != NULL)
        *explanation = g_strdup (_("TiDB Cloud reached the RDS instance through the private link and logged in."));
      return TRUE;
    }
  reason = lw_cloud_error_get_code (local_error);
  if (explanation != NULL)
    {
      *explanation = NULL;
      for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (verdicts); i++)
        if (g_str_equal (reason, verdicts[i].reason))
          *explanation = lw_explain_with_message (local_error, _(verdicts[i].text));
      if (*explanation == NULL)
        *explanation = lw_explain_error (LW_STEP_TIDB_ACTIVE, local_error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
