/* main-sim.c — linkwright-sim: the simulated cloud as a stand-alone process
 *
 * The first stdout line is exactly LINKWRIGHT_SIM_URL=http://127.0.0.1:PORT (flushed), so that
 * scripts and tests can read it; then the demo credentials for humans. Runs until SIGINT/SIGTERM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "linkwright-sim"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "lw-sim.h"

static const char *
demo_value (LwSimServer *server,
            const char  *key)
{
  const char *value = lw_sim_server_lookup_demo (server, key);

  return value ? value : "(not in the seed)";
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *world = NULL;
  int port = 0;
  double time_scale = 1.0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 = any free port)", "N" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "Latency profile: instant, demo (default), realistic", "NAME" },
    { "time-scale", 0, 0, G_OPTION_ARG_DOUBLE, &time_scale, "Multiply every delay by X (default 1)", "X" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, "Faults to inject, e.g. CreateListener:busy:2", "SPEC" },
    { "world", 0, 0, G_OPTION_ARG_STRING, &world,
      "Built-in world: singapore (default; ap-southeast-1) or hangzhou (cn-hangzhou)", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed, "Seed world JSON instead of a built-in world", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— simulated Alibaba Cloud and TiDB Cloud for Linkwright");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("linkwright-sim: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("linkwright-sim: --port must be between 0 and 65535\n");
      return 2;
    }

  if (seed != NULL && world != NULL)
    {
      g_printerr ("linkwright-sim: --world and --seed exclude each other\n");
      return 2;
    }
  server = seed != NULL ? lw_sim_server_new (profile ? profile : "demo", time_scale, seed, &error)
                        : lw_sim_server_new_world (profile ? profile : "demo", time_scale, world, &error);
  if (server == NULL ||
      (faults != NULL && !lw_sim_server_add_faults (server, faults, &error)) ||
      !lw_sim_server_listen_local (server, (guint) port, &error))
    {
      g_printerr ("linkwright-sim: %s\n", error->message);
      return 1;
    }

  printf ("LINKWRIGHT_SIM_URL=%s\n", lw_sim_server_get_base_url (server));
  fflush (stdout);
  /* The built-in world's credentials exist nowhere but in this simulator, so they are shown for
   * convenience; a custom seed may hold real-looking (or canary) secrets: show only their IDs. */
  printf ("Simulated cloud (world %s, profile %s, time scale %g)\n",
          seed != NULL ? "from the seed file" : world != NULL ? world : LW_SIM_WORLD_DEFAULT,
          profile ? profile : "demo", time_scale);
  printf ("  Alibaba Cloud AccessKey ID:     %s\n", demo_value (server, "access-key-id"));
  printf ("  Alibaba Cloud AccessKey secret: %s\n",
          seed == NULL ? demo_value (server, "access-key-secret") : "(in the seed file)");
  printf ("  Alibaba Cloud account:          %s (region %s)\n",
          demo_value (server, "account-id"), demo_value (server, "region"));
  printf ("  TiDB Cloud API public key:      %s\n", demo_value (server, "tidb-public-key"));
  printf ("  TiDB Cloud API private key:     %s\n",
          seed == NULL ? demo_value (server, "tidb-private-key") : "(in the seed file)");
  printf ("  Sources (happy path):           RDS %s, PolarDB %s, ECS %s\n", demo_value (server, "rds-instance-id"),
          demo_value (server, "polardb-cluster-id"), demo_value (server, "ecs-instance-id"));
  printf ("  Admin API: GET %s/_sim/state\n", lw_sim_server_get_base_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  return 0;
}
