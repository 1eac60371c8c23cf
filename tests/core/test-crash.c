/* test-crash.c — SIGKILL at every step boundary and inside every create call, then resume
 *
 * The simulated cloud runs in this process; crash-driver runs the setup in a child process. The child
 * dies (a) when a step starts, (b) when it has just recorded a ClientToken, (c) when a step is done,
 * or (d) inside a create call: the call reached the cloud and was carried out, but its answer is held
 * back (fault "timeout") and the child is killed while waiting for it. A second child resumes the same
 * state file; the simulator must then hold exactly one of each resource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>

#include "core-test-util.h"

typedef struct {
  gboolean exited;
  GSubprocess *proc;
} Child;

static void
wait_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Child *child = data;
  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  child->exited = TRUE;
}

static GSubprocess *
spawn_driver (LwSimServer *sim, const char *setup_id, const char *kill_spec)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *driver = g_test_build_filename (G_TEST_BUILT, "core", "crash-driver", NULL);
  GSubprocess *proc;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_URL", lw_sim_server_get_base_url (sim), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_AK_ID", lw_sim_server_lookup_demo (sim, "access-key-id"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_AK_SECRET", lw_sim_server_lookup_demo (sim, "access-key-secret"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_TIDB_PUBLIC", lw_sim_server_lookup_demo (sim, "tidb-public-key"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LW_TEST_TIDB_PRIVATE", lw_sim_server_lookup_demo (sim, "tidb-private-key"), TRUE);
  if (kill_spec != NULL)
    proc = g_subprocess_launcher_spawn (launcher, &error, driver, setup_id, kill_spec, NULL);
  else
    proc = g_subprocess_launcher_spawn (launcher, &error, driver, setup_id, NULL);
  g_assert_no_error (error);
  return proc;
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the driver until it exits; with @kill_on_call, SIGKILLs it as soon as the simulator has carried
 * out that call (whose answer the "timeout" fault holds back). Returns the finished process. */
static GSubprocess *
run_driver (LwSimServer *sim, const char *setup_id, const char *kill_spec, const char *kill_on_call)
{
  Child child = { FALSE, spawn_driver (sim, setup_id, kill_spec) };
  gboolean expired = FALSE;
  gboolean killed = FALSE;
  guint deadline = g_timeout_add_seconds (60, deadline_cb, &expired);
  g_subprocess_wait_async (child.proc, NULL, wait_cb, &child);
  while (!child.exited && !expired)
    {
      g_main_context_iteration (NULL, TRUE);
      if (kill_on_call != NULL && !killed && lw_sim_server_count_calls (sim, kill_on_call) > 0)
        {
          g_subprocess_send_signal (child.proc, SIGKILL);
          killed = TRUE;
        }
    }
  if (expired)
    {
      g_subprocess_force_exit (child.proc);
      g_error ("crash-driver did not finish within 60 s (%s)", kill_spec ? kill_spec : kill_on_call);
    }
  g_source_remove (deadline);
  return child.proc;
}

typedef struct {
  char *kill_spec;          /* driver-side: start:/saved:/done:STEP */
  const char *call;         /* parent-side: kill inside this create call */
  gboolean rollback;        /* after the kill, roll back instead of resuming */
  LwSourceKind kind;        /* RDS: the happy path; PolarDB / ECS: the source whose access Linkwright fixes */
} CrashPoint;

/* The access fix's live resources after a full setup: one PolarDB whitelist group, one ECS rule per
 * vSwitch CIDR (two zones). */
static void
assert_access_live (LwSimServer *sim, LwSourceKind kind, guint setups)
{
  g_assert_cmpuint (lw_sim_server_count_live (sim, "polardb-whitelist"), ==,
                    kind == LW_SOURCE_KIND_POLARDB ? setups : 0);
  g_assert_cmpuint (lw_sim_server_count_live (sim, "ecs-security-rule"), ==,
                    kind == LW_SOURCE_KIND_ECS ? 2 * setups : 0);
}

static void
crash_point_free (gpointer data)
{
  CrashPoint *point = data;
  g_free (point->kill_spec);
  g_free (point);
}

static void
test_crash_point (gconstpointer data)
{
  const CrashPoint *point = data;
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 0.05);
  g_autoptr(LwSetup) setup = point->kind == LW_SOURCE_KIND_RDS
                             ? core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC)
                             : core_test_setup_new_kind (sim, LW_TIDB_MODE_AUTOMATIC, point->kind, TRUE);
  g_autoptr(LwSetup) final = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_assert_true (lw_setup_save (setup, &error));
  if (point->call != NULL)
    {
      g_autofree char *spec = g_strdup_printf ("%s:timeout", point->call);
      g_assert_true (lw_sim_server_add_faults (sim, spec, &error));
    }

  proc = run_driver (sim, lw_setup_get_id (setup), point->kill_spec, point->call);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);
  g_object_unref (proc);
  lw_sim_server_clear_faults (sim);

  /* The ClientToken was durable before the process died. */
  if (point->kill_spec != NULL && g_str_has_prefix (point->kill_spec, "saved:"))
    {
      g_autoptr(LwSetup) killed = lw_setup_store_load (lw_setup_get_id (setup), &error);
      g_assert_no_error (error);
      g_assert_cmpint (lw_setup_get_step_record (killed, point->kill_spec + strlen ("saved:")), ==,
                       LW_STEP_RECORD_REQUESTED);
    }

  if (point->rollback)
    {
      /* Roll back what the dead process left: a create whose answer never came is found again through
       * its ClientToken (or, for TiDB Cloud, its name) and deleted too. */
      g_autoptr(LwSetup) left = lw_setup_store_load (lw_setup_get_id (setup), &error);
      g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
      g_autoptr(LwRunner) runner = NULL;

      g_assert_no_error (error);
      runner = lw_runner_new (left, ctx);
      g_assert_true (core_test_rollback (runner, &error));
      g_assert_no_error (error);
      core_test_assert_counts (sim, 0, -1, TRUE);
      assert_access_live (sim, point->kind, 0);
      return;
    }

  /* A new process resumes from the state file. */
  proc = run_driver (sim, lw_setup_get_id (setup), NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_object_unref (proc);

  final = lw_setup_store_load (lw_setup_get_id (setup), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (final), ==, LW_SETUP_STATE_DONE);
  core_test_assert_counts (sim, 1, 1, TRUE);
  assert_access_live (sim, point->kind, 1);
}

static const char *steps[] = {
  LW_STEP_SERVER_GROUP, LW_STEP_BACKEND, LW_STEP_LOAD_BALANCER, LW_STEP_LISTENER, LW_STEP_ENDPOINT_SERVICE,
  LW_STEP_SERVICE_USER, LW_STEP_TIDB_CONNECTION, LW_STEP_ACCEPT, LW_STEP_TIDB_ACTIVE,
};
static const char *creates[] = {
  "CreateServerGroup", "AddServersToServerGroup", "CreateLoadBalancer", "CreateListener", "CreateVpcEndpointService",
  "AddUserToVpcEndpointService", "tidb:CreateConnection", "EnableVpcEndpointConnection",
};

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func (crash_point_free);

  g_autofree char *tmp = NULL;
  int ret;

  tmp = core_test_isolate_dirs ();
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const char *kinds[] = { "start", "saved", "done" };
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          CrashPoint *p;
          g_autofree char *path = NULL;
          /* Steps without a create call record no ClientToken. */
          if (k == 1 && (g_str_equal (steps[i], LW_STEP_TIDB_ACTIVE) || g_str_equal (steps[i], LW_STEP_ACCEPT)))
            continue;
          p = g_new0 (CrashPoint, 1);
          p->kill_spec = g_strdup_printf ("%s:%s", kinds[k], steps[i]);
          path = g_strdup_printf ("/core/crash/%s-%s", kinds[k], steps[i]);
          g_test_add_data_func (path, p, test_crash_point);
          g_ptr_array_add (points, p);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (creates); i++)
    for (guint r = 0; r < 2; r++)
      {
        CrashPoint *p = g_new0 (CrashPoint, 1);
        g_autofree char *path = g_strdup_printf ("/core/crash/inside-%s%s", creates[i], r ? "-then-rollback" : "");
        p->call = creates[i];
        p->rollback = r;
        g_test_add_data_func (path, p, test_crash_point);
        g_ptr_array_add (points, p);
      }
  /* The source-access steps of PolarDB (ModifyDBClusterAccessWhitelist, no ClientToken) and ECS
   * (AuthorizeSecurityGroup, then DescribeSecurityGroupAttribute for the rule IDs). */
  {
    static const struct { LwSourceKind kind; const char *step; const char *create; } access[] = {
      { LW_SOURCE_KIND_POLARDB, LW_STEP_POLARDB_WHITELIST, "ModifyDBClusterAccessWhitelist" },
      { LW_SOURCE_KIND_ECS, LW_STEP_ECS_SECURITY_RULE, "AuthorizeSecurityGroup" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (access); i++)
      {
        const char *kinds[] = { "start", "saved", "done" };

        for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
          {
            CrashPoint *p = g_new0 (CrashPoint, 1);
            g_autofree char *path = g_strdup_printf ("/core/crash/%s-%s", kinds[k], access[i].step);

            p->kill_spec = g_strdup_printf ("%s:%s", kinds[k], access[i].step);
            p->kind = access[i].kind;
            g_test_add_data_func (path, p, test_crash_point);
            g_ptr_array_add (points, p);
          }
        for (guint r = 0; r < 2; r++)
          {
            CrashPoint *p = g_new0 (CrashPoint, 1);
            g_autofree char *path = g_strdup_printf ("/core/crash/inside-%s%s", access[i].create,
                                                     r ? "-then-rollback" : "");
            p->call = access[i].create;
            p->rollback = r;
            p->kind = access[i].kind;
            g_test_add_data_func (path, p, test_crash_point);
            g_ptr_array_add (points, p);
          }
        /* Killed inside the server group's create of a setup of this kind, then rolled back: the access
         * fix is undone too. */
        {
          CrashPoint *p = g_new0 (CrashPoint, 1);
          g_autofree char *path = g_strdup_printf ("/core/crash/inside-CreateServerGroup-then-rollback-%s",
                                                   lw_source_kind_to_string (access[i].kind));
          p->call = "CreateServerGroup";
          p->rollback = TRUE;
          p->kind = access[i].kind;
          g_test_add_data_func (path, p, test_crash_point);
          g_ptr_array_add (points, p);
        }
      }
  }
  ret = g_test_run ();
  core_test_remove_dir (g_steal_pointer (&tmp));
  return ret;
}
