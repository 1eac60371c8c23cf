/* bench-util.h — shared helpers of the provisioning benchmarks (not part of the test suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-sim.h"

G_BEGIN_DECLS

/* The simulator profile the delays are read for: "realistic" (default) or "demo". Set it before
 * the first bench_profile_delay(). */
void         bench_set_profile      (const char *profile);
const char  *bench_get_profile      (void);

/* The simulator's provisioning delay for @key ("lb.create", …) in that profile, in
 * unscaled seconds. Read from the simulator's own table (src/sim/lw-sim-profile.c) so that the
 * lower bound follows it; *from_source tells whether that worked or the built-in copy was used. */
double       bench_profile_delay    (const char *key,
                                     gboolean   *from_source);

/* One node of a plan: its delay keys (summed) and the nodes it waits for (by id). */
typedef struct {
  const char *id;
  const char *delay_keys[3];   /* NULL-terminated */
  const char *depends_on[3];   /* NULL-terminated */
  double      poll_interval;   /* Terraform's poll interval after the create (0 = no wait) */
} BenchPlanNode;

/* Longest dependency chain of @nodes (listed in a topological order) with the realistic delays:
 * returns unscaled seconds and sets @chain to "a → b → c". With @half_poll, each node also costs
 * half its poll interval: the expected wait of a fixed-interval poller when the moment a resource
 * becomes ready is uniformly distributed between two polls. */
double       bench_longest_chain    (const BenchPlanNode *nodes,
                                     guint                n_nodes,
                                     gboolean             half_poll,
                                     char               **chain);

/* A simulated cloud on 127.0.0.1 with the built-in demo world. */
LwSimServer *bench_sim_new          (const char *profile,
                                     double      time_scale);

/* Iterates the thread-default main context until *done; aborts after @seconds. */
void         bench_wait             (gboolean *done,
                                     double    seconds);

/* Calls logged by the simulator (GET /_sim/calls), per action, split by cloud. The table maps
 * "RDS:DescribeDBInstances" / "TiDB:CreatePrivateLinkConnection" style keys to counts. */
GHashTable  *bench_sim_call_counts  (LwSimServer *sim,
                                     guint       *n_alibaba,
                                     guint       *n_tidb);

/* Prints the table from bench_sim_call_counts(), sorted, indented. */
void         bench_print_call_counts (GHashTable *counts);

/* A private $XDG_DATA_HOME for the engine's state files; removed by bench_private_data_dir_remove(). */
char        *bench_private_data_dir (void);
void         bench_private_data_dir_remove (const char *dir);

/* bench-terraform-style.c: the same resources created the way the alicloud Terraform provider does
 * (alibaba-cloud-api.md §7): in dependency order, each create followed by a poll every 5 s (the
 * endpoint service every 60 s), all intervals × @time_scale. Returns the wall time in seconds, or
 * a negative value with @error set; *n_calls receives the requests it sent. */
double       bench_terraform_style_run (LwSimServer *sim,
                                        double       time_scale,
                                        guint       *n_calls,
                                        GError     **error);

G_END_DECLS
