/* lw-runner.h — runs (or resumes) the plan of a setup, rolls it back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-engine-context.h"
#include "lw-setup.h"
#include "lw-step.h"

G_BEGIN_DECLS

#define LW_TYPE_RUNNER (lw_runner_get_type ())
G_DECLARE_FINAL_TYPE (LwRunner, lw_runner, LW, RUNNER, GObject)

/*
 * Everything happens on the thread-default main context of the caller of lw_runner_new(); nothing blocks.
 * Every ready step starts at once (the server group and the load balancer do not wait for each other).
 * The setup is saved (atomically) before each create call (its ClientToken) and after it (resource ID).
 *
 * Properties: "setup" (LwSetup, construct-only), "busy" (gboolean, notify: a run or rollback is going on),
 * "service-name" (string, notify: the Endpoint Service Name once known — show it in manual mode while
 * the accept step is WAITING).
 * Signal "step-changed" (LwStep *step): any property of a step changed (also available per step via notify).
 * The setup's "state" property (notify) is the overall state.
 */
LwRunner   *lw_runner_new             (LwSetup *setup, LwEngineContext *context);
LwSetup    *lw_runner_get_setup       (LwRunner *self);
/* GListModel of LwStep, in plan order; steps not used by the setup's mode are SKIPPED. */
GListModel *lw_runner_get_steps       (LwRunner *self);
LwStep     *lw_runner_get_step        (LwRunner *self, const char *step_id);
gboolean    lw_runner_get_busy        (LwRunner *self);

/*
 * Runs the plan, or resumes it: finished steps are checked against the cloud, a create that may have been
 * in flight is re-sent with its saved ClientToken. Completes TRUE when the setup is DONE (or, after
 * lw_runner_stop_waiting(), WAITING_FOR_USER); FALSE with the first failure's GError (setup FAILED) or
 * G_IO_ERROR_CANCELLED (setup CANCELLED). A setup whose inputs fail lw_preflight_check_inputs() is refused
 * before anything happens (no request, no state change): FALSE with LW_CLOUD_ERROR_INVALID_INPUT whose
 * message is the failing checks' messages (what is wrong, how to fix it). Rollback is never refused.
 */
void        lw_runner_run_async       (LwRunner *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean    lw_runner_run_finish      (LwRunner *self, GAsyncResult *result, GError **error);
/* Same as run: starts again from the failed step(s). */
void        lw_runner_retry_async     (LwRunner *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean    lw_runner_retry_finish    (LwRunner *self, GAsyncResult *result, GError **error);
/* Stops the run after the calls in flight; state is kept (CANCELLED, resumable). */
void        lw_runner_cancel          (LwRunner *self);
/* Manual mode: stop waiting for the endpoint connection request; the run completes TRUE with the setup in
 * WAITING_FOR_USER (resume later with lw_runner_run_async()). */
void        lw_runner_stop_waiting    (LwRunner *self);

/* Deletes, in reverse order, everything this setup created (also a finished setup: teardown); waits for
 * each job; not-found counts as done. Ends ROLLED_BACK. */
void        lw_runner_rollback_async  (LwRunner *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean    lw_runner_rollback_finish (LwRunner *self, GAsyncResult *result, GError **error);

/* Calls made by this runner, per action ("CreateServerGroup", "tidb:CreateConnection", ...); every attempt
 * counts. Keys and values: (const char *) → GUINT_TO_POINTER(count). */
GHashTable *lw_runner_get_call_counts (LwRunner *self);
guint       lw_runner_get_alibaba_call_count (LwRunner *self);
guint       lw_runner_get_tidb_call_count    (LwRunner *self);

G_END_DECLS
