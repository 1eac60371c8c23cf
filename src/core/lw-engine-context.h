/* lw-engine-context.h — how the engine reaches the clouds: credentials, endpoint override, time scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LwEngineContext:
 * Reference-counted, immutable once handed to a runner. Holds secrets in memory only: they are wiped
 * (explicit_bzero) when the last reference goes, never logged, never written.
 */
typedef struct _LwEngineContext LwEngineContext;

#define LW_TYPE_ENGINE_CONTEXT (lw_engine_context_get_type ())
GType            lw_engine_context_get_type (void) G_GNUC_CONST;

/* sts_token may be NULL. */
LwEngineContext *lw_engine_context_new (const char *access_key_id,
                                        const char *access_key_secret,
                                        const char *sts_token);
LwEngineContext *lw_engine_context_ref   (LwEngineContext *self);
void             lw_engine_context_unref (LwEngineContext *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEngineContext, lw_engine_context_unref)

/* Optional: automatic TiDB mode needs the API key. */
void  lw_engine_context_set_tidb_keys         (LwEngineContext *self, const char *public_key, const char *private_key);
/* Optional: a loopback base URL (the simulator) used for every product, Alibaba Cloud and TiDB Cloud. */
void  lw_engine_context_set_endpoint_override (LwEngineContext *self, const char *base_url);
/* Optional: scales every client-side timer (poll intervals, timeouts, backoff); default 1.0. */
void  lw_engine_context_set_time_scale        (LwEngineContext *self, double time_scale);

/* Optional: multiplies every "typical duration" hint of the poll schedule (how long a resource usually
 * takes to become ready, e.g. about 60 s for an NLB), independently of the time scale; default 1.0 =
 * real-cloud durations. The poll schedule sleeps through 95 % of the hint before its first check, so
 * against a cloud that is faster than the real one (the simulator's "demo" profile) the hints must
 * shrink with it or every wait ends late. Set it from lw_engine_expected_scale_for_sim_profile() when
 * running on the simulator; never needed for the real clouds. Values <= 0 mean 1.0. */
void  lw_engine_context_set_expected_scale    (LwEngineContext *self, double expected_scale);
double lw_engine_context_get_expected_scale   (LwEngineContext *self);
/* The expected scale that fits a simulator latency profile: "realistic" (and unknown names) → 1.0,
 * "demo" → 0.05, "instant" → 0.001. */
double lw_engine_expected_scale_for_sim_profile (const char *profile);

/* Optional: per-request timeout in seconds before the time scale (default: the cloud clients' 30 s). */
void  lw_engine_context_set_request_timeout   (LwEngineContext *self, double seconds);

const char *lw_engine_context_get_access_key_id     (LwEngineContext *self);
const char *lw_engine_context_get_endpoint_override (LwEngineContext *self);
double      lw_engine_context_get_time_scale        (LwEngineContext *self);
gboolean    lw_engine_context_has_tidb_keys         (LwEngineContext *self);

G_END_DECLS
