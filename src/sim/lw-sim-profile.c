/* lw-sim-profile.c — latency profiles as a table
 *
 * "instant" is all zeros (unit tests), "demo" makes a whole setup take about 20 s, "realistic"
 * follows what is documented (source given) or is marked as an assumption. The realistic waits
 * are deliberately not multiples of 5 s (real durations never line up with a client's poll
 * interval; issue #13): a poll-based client such as the Terraform-style benchmark driver, which
 * polls every 5 s and the endpoint service every 60 s, pays its real polling slack. Every value is
 * multiplied by the server's time scale. README.md reproduces this table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-profile"

#include "lw-sim-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *key;
  guint       demo_ms;
  guint       realistic_ms;
  const char *source;
} LwSimDelay;

static const LwSimDelay delays[] = {
  /* per-call network round trip, added to every response */
  { "network",           30,    120, "assumption: a client in the same continent as the region" },
  { "sg.create",        1000,   4300, "assumption; Terraform polls ListServerGroups every 5 s" },
  { "sg.delete",         500,   5300, "assumption; Terraform waits on GetJobStatus every 5 s" },
  { "server.add",       1500,   9700, "assumption; Terraform polls ListServerGroupServers every 5 s" },
  { "server.remove",    1000,   9700, "assumption" },
  { "lb.create",        5000,  58700, "issue #4: NLB creation takes about a minute" },
  { "lb.delete",        2000,  28700, "assumption; Terraform polls the delete job every 30 s" },
  { "listener.create",  2000,   8900, "assumption; Terraform polls GetListenerAttribute every 5 s" },
  { "listener.delete",  1000,  10300, "assumption" },
  { "eps.create",       3000,  57700, "assumption; Terraform polls the service every 60 s" },
  { "eps.delete",       1000,  21300, "assumption" },
  { "conn.create",      2000,  29300, "assumption: TiDB creates its endpoint (CREATING -> PENDING_ACCEPTANCE)" },
  { "conn.enable",      2000,  27900, "assumption: Connecting -> Connected" },
  { "conn.disable",     1000,  10900, "assumption: Disconnecting -> Disconnected" },
  { "plc.active",       1000,  28600, "assumption: TiDB notices Connected and goes ACTIVE" },
  { "plc.delete",       1000,  18700, "assumption" },
};

gboolean
lw_sim_profile_exists (const char *profile)
{
  return g_strcmp0 (profile, "instant") == 0 ||
         g_strcmp0 (profile, "demo") == 0 ||
         g_strcmp0 (profile, "realistic") == 0;
}

guint
lw_sim_delay_ms (LwSimServer *sim,
                 const char  *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      double ms;

      if (strcmp (delays[i].key, key) != 0)
        continue;
      if (g_strcmp0 (sim->profile, "demo") == 0)
        ms = delays[i].demo_ms;
      else if (g_strcmp0 (sim->profile, "realistic") == 0)
        ms = delays[i].realistic_ms;
      else
        ms = 0;
      ms *= sim->time_scale;
      return ms > G_MAXINT ? G_MAXINT : (guint) lround (ms);
    }
  g_warning ("unknown delay key %s", key);
  return 0;
}
