/* core-test-util.h — shared helpers of the core tests: a simulated cloud and a demo setup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-core.h"
#include "lw-sim.h"

G_BEGIN_DECLS

/* Client-side time scale of the tests: every poll interval and timeout × this. */
#define CORE_TEST_TIME_SCALE 0.002
/* Per-request timeout before the scale: 500 s × 0.002 = 1 s, below the simulator's "timeout" fault
 * (120 s × the fault tests' 0.05 = 6 s) and far above a loopback round trip, even under ASan. */
#define CORE_TEST_REQUEST_TIMEOUT 500.0

/* The kinds whose count must be exactly one after a full setup (automatic mode). */
extern const char *core_test_kinds[];

/* The cn-hangzhou world (HACKING.md), which the core tests' constants are from. */
LwSimServer     *core_test_sim_new        (const char *profile, double time_scale);
/* A named built-in world (NULL = the default, Singapore). */
LwSimServer     *core_test_sim_new_world  (const char *profile, double time_scale, const char *world);
LwEngineContext *core_test_context_new    (LwSimServer *sim, gboolean restricted);
/* The demo happy path: rm-bp1demomysql0001 in cn-hangzhou, zones i + j, TiDB's account. */
LwSetup         *core_test_setup_new      (LwSimServer *sim, LwTidbMode mode);
/* The same setup with a PolarDB or ECS source of the cn-hangzhou world (RDS: core_test_setup_new()):
 * the happy source (its whitelist or security group covers the vSwitches), or with @fix the one whose
 * access must be fixed, with fix_whitelist set. */
LwSetup         *core_test_setup_new_kind (LwSimServer *sim, LwTidbMode mode, LwSourceKind kind, gboolean fix);
/* Iterates the default main context until *done is TRUE; fails the test after @seconds. */
void             core_test_wait           (gboolean *done, double seconds);
/* Runs (or rolls back) synchronously; returns the result and sets @error. */
gboolean         core_test_run            (LwRunner *runner, GError **error);
gboolean         core_test_rollback       (LwRunner *runner, GError **error);
/* Runs preflight / the health check to the end (fails the test on an error or after 60 s), logs
 * every check with g_test_message and returns the checks. */
GListModel      *core_test_preflight      (LwSetup *setup, LwEngineContext *ctx);
GListModel      *core_test_health         (LwSetup *setup, LwEngineContext *ctx);
/* Asserts count_live (and, if @created >= 0, count_created) for every kind of core_test_kinds. */
void             core_test_assert_counts  (LwSimServer *sim, guint live, int created, gboolean with_tidb);
/* TRUE if @needle occurs in any file under @dir (recursively). */
gboolean         core_test_dir_contains   (const char *dir, const char *needle);

/* Points XDG_DATA_HOME (and HOME) at a fresh temporary directory for this process; call before
 * g_test_init(). (Not G_TEST_OPTION_ISOLATE_DIRS: GLib leaks its strings, which LeakSanitizer reports.) */
char            *core_test_isolate_dirs   (void);
/* Removes @dir recursively and frees it. */
void             core_test_remove_dir     (char *dir);

G_END_DECLS
