/* lw-step.h — one row of the plan, observable by the Progress page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  LW_STEP_STATE_PENDING,
  LW_STEP_STATE_RUNNING,
  LW_STEP_STATE_DONE,
  LW_STEP_STATE_FAILED,
  LW_STEP_STATE_SKIPPED,
  LW_STEP_STATE_WAITING,  /* manual mode: waiting for the user (endpoint connection request) */
} LwStepState;

GType lw_step_state_get_type (void) G_GNUC_CONST;
#define LW_TYPE_STEP_STATE (lw_step_state_get_type ())

#define LW_TYPE_STEP (lw_step_get_type ())
G_DECLARE_FINAL_TYPE (LwStep, lw_step, LW, STEP, GObject)

/*
 * Properties (all read-only for the UI, all emit notify on change, always on the main context):
 *   "id"           string   LW_STEP_* (see lw-setup.h)
 *   "title"        string   translated, e.g. "Create the server group"
 *   "state"        LwStepState
 *   "resource-id"  string   NULL until known
 *   "started"      int64    g_get_monotonic_time() when it started running (0 = not yet)
 *   "finished"     int64    g_get_monotonic_time() when it ended (0 = not yet)
 *   "request-ids"  GStrv    the cloud request IDs of this step's calls, oldest first
 *   "error"        GError   (boxed, G_TYPE_ERROR) the failure, NULL unless FAILED
 *   "explanation"  string   translated plain-language explanation of the error and what to do
 *   "detail"       string   translated short status text while running ("Waiting for Active…")
 * The GError of a cloud failure is in the engine's domain (LW_ENGINE_ERROR, lw-engine-error.h: its
 * accessors give the service's code, message, request ID and recommendation link).
 */
const char         *lw_step_get_id          (LwStep *self);
const char         *lw_step_get_title       (LwStep *self);
LwStepState         lw_step_get_state       (LwStep *self);
const char         *lw_step_get_resource_id (LwStep *self);
gint64              lw_step_get_started     (LwStep *self);
gint64              lw_step_get_finished    (LwStep *self);
/* Microseconds spent running: finished - started, or now - started while running, 0 before. */
gint64              lw_step_get_elapsed     (LwStep *self);
const char * const *lw_step_get_request_ids (LwStep *self);
const GError       *lw_step_get_error       (LwStep *self);
const char         *lw_step_get_explanation (LwStep *self);
const char         *lw_step_get_detail      (LwStep *self);
/* Step ids this one waits for (the plan's edges). */
const char * const *lw_step_get_depends_on  (LwStep *self);

/* Used by the runner. */
LwStep *lw_step_new             (const char *id, const char *title, const char * const *depends_on);
void    lw_step_set_state       (LwStep *self, LwStepState state);
void    lw_step_set_resource_id (LwStep *self, const char *resource_id);
void    lw_step_add_request_id  (LwStep *self, const char *request_id);
void    lw_step_set_error       (LwStep *self, const GError *error, const char *explanation);
void    lw_step_set_detail      (LwStep *self, const char *detail);

G_END_DECLS
