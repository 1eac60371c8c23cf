/* lw-engine-context.c — credentials, endpoint override and time scale for the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-engine-context"
#define _DEFAULT_SOURCE /* explicit_bzero */

#include "config.h"

#include <string.h>

#include "lw-engine-context.h"
#include "lw-engine-private.h"

struct _LwEngineContext
{
  gatomicrefcount ref_count;
  LwCredentials *credentials;
  char *tidb_public_key;
  char *tidb_private_key;
  char *endpoint_override;
  double time_scale;
  double expected_scale;
  double request_timeout;
};

G_DEFINE_BOXED_TYPE (LwEngineContext, lw_engine_context, lw_engine_context_ref, lw_engine_context_unref)

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

LwEngineContext *
lw_engine_context_new (const char *access_key_id, const char *access_key_secret, const char *sts_token)
{
  LwEngineContext *self = g_new0 (LwEngineContext, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->credentials = lw_credentials_new (access_key_id, access_key_secret, sts_token);
  self->time_scale = 1.0;
  self->expected_scale = 1.0;
  return self;
}

LwEngineContext *
lw_engine_context_ref (LwEngineContext *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lw_engine_context_unref (LwEngineContext *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  lw_credentials_unref (self->credentials);
  g_free (self->tidb_public_key);
  wipe_free (self->tidb_private_key);
  g_free (self->endpoint_override);
  g_free (self);
}

void
lw_engine_context_set_tidb_keys (LwEngineContext *self, const char *public_key, const char *private_key)
{
  g_free (self->tidb_public_key);
  wipe_free (self->tidb_private_key);
  self->tidb_public_key = g_strdup (public_key);
  self->tidb_private_key = g_strdup (private_key);
}

void
lw_engine_context_set_endpoint_override (LwEngineContext *self, const char *base_url)
{
  g_free (self->endpoint_override);
  self->endpoint_override = g_strdup (base_url);
}

void
lw_engine_context_set_time_scale (LwEngineContext *self, double time_scale)
{
  self->time_scale = time_scale > 0 ? time_scale : 1.0;
}

void
lw_engine_context_set_expected_scale (LwEngineContext *self, double expected_scale)
{
  self->expected_scale = expected_scale > 0 ? expected_scale : 1.0;
}

double
lw_engine_context_get_expected_scale (LwEngineContext *self)
{
  return self->expected_scale;
}

double
lw_engine_expected_scale_for_sim_profile (const char *profile)
{
  /* "demo" provisions 3–30× faster than "realistic" (src/sim/lw-sim-profile.c: NLB 5 s vs 60 s,
   * endpoint service 3 s vs 60 s, TiDB connection 2 s vs 30 s, ACTIVE 1 s vs 30 s). 0.05 keeps the
   * schedule's first sleep (95 % of the scaled hint) at or below nearly every demo delay, so it never
   * sleeps much past a resource that is already ready; the steady polling near the end covers the rest.
   * "instant" has no delays at all: no sleep before the first check. */
  if (g_strcmp0 (profile, "demo") == 0)
    return 0.05;
  if (g_strcmp0 (profile, "instant") == 0)
    return 0.001;
  return 1.0;
}

void
lw_engine_context_set_request_timeout (LwEngineContext *self, double seconds)
{
  self->request_timeout = seconds;
}

const char *lw_engine_context_get_access_key_id (LwEngineContext *self) { return lw_credentials_get_access_key_id (self->credentials); }
const char *lw_engine_context_get_endpoint_override (LwEngineContext *self) { return self->endpoint_override; }
double lw_engine_context_get_time_scale (LwEngineContext *self) { return self->time_scale; }
gboolean lw_engine_context_has_tidb_keys (LwEngineContext *self) { return self->tidb_public_key != NULL && self->tidb_private_key != NULL; }
LwCredentials *lw_engine_context_get_credentials (LwEngineContext *self) { return self->credentials; }
const char *lw_engine_context_get_tidb_public_key (LwEngineContext *self) { return self->tidb_public_key; }
const char *lw_engine_context_get_tidb_private_key (LwEngineContext *self) { return self->tidb_private_key; }

LwRpcClient *
lw_engine_context_create_rpc_client (LwEngineContext *self, const char *region, GError **error)
{
  g_autoptr(LwRpcClient) client = lw_rpc_client_new (self->credentials, region);

  if (self->endpoint_override != NULL
      && !lw_rpc_client_set_endpoint_override (client, self->endpoint_override, error))
    return NULL;
  lw_rpc_client_set_time_scale (client, self->time_scale);
  if (self->request_timeout > 0)
    lw_rpc_client_set_timeout (client, self->request_timeout);
  return g_steal_pointer (&client);
}

LwTidbClient *
lw_engine_context_create_tidb_client (LwEngineContext *self, GError **error)
{
  g_autoptr(LwTidbClient) client = NULL;

  if (!lw_engine_context_has_tidb_keys (self))
    return NULL;
  client = lw_tidb_client_new (self->tidb_public_key, self->tidb_private_key);
  if (self->endpoint_override != NULL
      && !lw_tidb_client_set_endpoint_override (client, self->endpoint_override, error))
    return NULL;
  lw_tidb_client_set_time_scale (client, self->time_scale);
  if (self->request_timeout > 0)
    lw_tidb_client_set_timeout (client, self->request_timeout);
  return g_steal_pointer (&client);
}
