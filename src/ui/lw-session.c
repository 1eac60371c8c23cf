/* lw-session.c — what the assistant's pages share
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE
#define G_LOG_DOMAIN "lw-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-session.h"

#include "lw-sim.h"

struct _LwSession
{
  GObject     parent_instance;

  gboolean    simulate;
  char       *endpoint_override;
  double      time_scale;
  double      expected_scale;   /* poll-schedule hints for the simulator's profile; 1.0 = real clouds */
  LwInputs    inputs;
  LwSimServer *sim;
  GHashTable *demo;
  LwDiscovery  *discovery;
  LwRunner     *runner;
  LwSetup      *resume;
  GPtrArray    *retired;   /* runners replaced while a call of theirs may still be in flight */
};

G_DEFINE_FINAL_TYPE (LwSession, lw_session, G_TYPE_OBJECT)

enum {
  INPUTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
lw_session_set_secret (char       **slot,
                       const char  *value)
{
  if (*slot == value)
    return;
  if (*slot != NULL)
    {
      explicit_bzero (*slot, strlen (*slot));
      g_free (*slot);
    }
  *slot = g_strdup (value);
}

void
lw_session_set_string (char       **slot,
                       const char  *value)
{
  char *old = *slot;

  if (old == value)
    return;
  *slot = g_strdup (value);
  g_free (old);
}

LwZoneChoice *
lw_zone_choice_new (const char *zone_id,
                    const char *vswitch_id,
                    const char *cidr,
                    guint       free_ips)
{
  LwZoneChoice *choice = g_new0 (LwZoneChoice, 1);

  choice->zone_id = g_strdup (zone_id);
  choice->vswitch_id = g_strdup (vswitch_id);
  choice->cidr = g_strdup (cidr);
  choice->free_ips = free_ips;
  return choice;
}

void
lw_zone_choice_free (LwZoneChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->zone_id);
  g_free (choice->vswitch_id);
  g_free (choice->cidr);
  g_free (choice);
}

static void
lw_inputs_clear (LwInputs *in)
{
  lw_session_set_string (&in->access_key_id, NULL);
  lw_session_set_secret (&in->access_key_secret, NULL);
  lw_session_set_secret (&in->sts_token, NULL);
  lw_session_set_string (&in->account_id, NULL);
  lw_session_set_string (&in->arn, NULL);
  lw_session_set_string (&in->region, NULL);
  lw_session_set_string (&in->tidb_public_key, NULL);
  lw_session_set_secret (&in->tidb_private_key, NULL);
  lw_session_set_string (&in->tidb_project_id, NULL);
  lw_session_set_string (&in->tidb_cluster_id, NULL);
  lw_session_set_string (&in->tidb_account_id, NULL);
  g_clear_pointer (&in->tidb_zone_ids, g_strfreev);
  lw_session_set_string (&in->rds_instance_id, NULL);
  lw_session_set_string (&in->rds_description, NULL);
  lw_session_set_string (&in->rds_zone_id, NULL);
  lw_session_set_string (&in->vpc_id, NULL);
  lw_session_set_string (&in->rds_ip, NULL);
  lw_session_set_string (&in->source_endpoint_id, NULL);
  lw_session_set_string (&in->source_security_group_id, NULL);
  g_clear_pointer (&in->source_security_group_ids, g_strfreev);
  g_clear_pointer (&in->zones, g_ptr_array_unref);
  g_clear_pointer (&in->region_zones, g_hash_table_unref);
}

static void
lw_session_finalize (GObject *object)
{
  LwSession *self = LW_SESSION (object);

  lw_inputs_clear (&self->inputs);
  g_clear_pointer (&self->endpoint_override, g_free);
  g_clear_pointer (&self->demo, g_hash_table_unref);
  g_clear_object (&self->discovery);
  g_clear_object (&self->runner);
  g_clear_object (&self->resume);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_object (&self->sim);

  G_OBJECT_CLASS (lw_session_parent_class)->finalize (object);
}

static void
lw_session_class_init (LwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lw_session_finalize;

  signals[INPUTS_CHANGED] =
    g_signal_new ("inputs-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lw_session_init (LwSession *self)
{
  self->time_scale = 1.0;
  self->expected_scale = 1.0;
  self->inputs.remember = TRUE;
  self->inputs.tidb_automatic = TRUE;
  self->inputs.rds_port = 3306;
  self->inputs.zones = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_zone_choice_free);
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->inputs.region_zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->demo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LwSession *
lw_session_new (gboolean     simulate,
                const char  *endpoint_override,
                const char  *sim_profile,
                double       time_scale,
                GError     **error)
{
  return lw_session_new_full (simulate, endpoint_override, sim_profile, NULL, time_scale, error);
}

LwSession *
lw_session_new_full (gboolean     simulate,
                     const char  *endpoint_override,
                     const char  *sim_profile,
                     const char  *sim_world,
                     double       time_scale,
                     GError     **error)
{
  g_autoptr(LwSession) self = g_object_new (LW_TYPE_SESSION, NULL);

  self->simulate = simulate;
  self->time_scale = time_scale > 0 ? time_scale : 1.0;
  self->endpoint_override = g_strdup (endpoint_override);

  if (simulate)
    {
      static const char *demo_keys[] = {
        "access-key-id", "access-key-secret", "tidb-public-key", "tidb-private-key", "region",
        "tidb-account-id", "mysql-user", "mysql-password", "rds-instance-id", "world",
        "polardb-cluster-id", "polardb-cluster-id-fix", "ecs-instance-id", "ecs-instance-id-fix",
      };

      self->sim = lw_sim_server_new_world (sim_profile ? sim_profile : "demo", self->time_scale, sim_world, error);
      /* The simulated cloud is much faster than the real one in its demo and instant profiles; the
       * engine's poll schedule must expect that or it sleeps through real-cloud durations. */
      self->expected_scale = lw_engine_expected_scale_for_sim_profile (sim_profile ? sim_profile : "demo");
      if (self->sim == NULL || !lw_sim_server_listen_local (self->sim, 0, error))
        {
          g_prefix_error (error, _("Could not start the simulated cloud: "));
          return NULL;
        }
      g_free (self->endpoint_override);
      self->endpoint_override = g_strdup (lw_sim_server_get_base_url (self->sim));
      for (guint i = 0; i < G_N_ELEMENTS (demo_keys); i++)
        {
          const char *value = lw_sim_server_lookup_demo (self->sim, demo_keys[i]);
          if (value != NULL)
            g_hash_table_insert (self->demo, g_strdup (demo_keys[i]), g_strdup (value));
        }
    }

  return g_steal_pointer (&self);
}

gboolean
lw_session_get_simulate (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), FALSE);
  return self->simulate;
}

const char *
lw_session_get_sim_url (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  if (self->sim != NULL)
    return lw_sim_server_get_base_url (self->sim);
  return NULL;
}

const char *
lw_session_get_endpoint_override (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return self->endpoint_override;
}

double
lw_session_get_time_scale (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), 1.0);
  return self->time_scale;
}

const char *
lw_session_get_demo_value (LwSession  *self,
                           const char *key)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return g_hash_table_lookup (self->demo, key);
}

LwInputs *
lw_session_get_inputs (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return &self->inputs;
}

void
lw_session_inputs_changed (LwSession  *self,
                           const char *what)
{
  g_return_if_fail (LW_IS_SESSION (self));
  g_signal_emit (self, signals[INPUTS_CHANGED], g_quark_from_string (what), what);
}

LwDiscovery *
lw_session_get_discovery (LwSession *self)
{
  g_autoptr(LwEngineContext) context = NULL;

  g_return_val_if_fail (LW_IS_SESSION (self), NULL);

  if (self->discovery == NULL)
    self->discovery = lw_discovery_new ();
  /* The same credentials, keys and endpoint keep the cached answers; others drop them. */
  context = lw_session_create_engine_context (self);
  lw_discovery_set_context (self->discovery, context);
  return self->discovery;
}

LwEngineContext *
lw_session_create_engine_context (LwSession *self)
{
  LwInputs *in;
  LwEngineContext *context;

  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  in = &self->inputs;

  context = lw_engine_context_new (in->access_key_id, in->access_key_secret,
                                   in->sts_token && *in->sts_token ? in->sts_token : NULL);
  if (in->tidb_public_key && *in->tidb_public_key && in->tidb_private_key && *in->tidb_private_key)
    lw_engine_context_set_tidb_keys (context, in->tidb_public_key, in->tidb_private_key);
  if (self->endpoint_override != NULL)
    lw_engine_context_set_endpoint_override (context, self->endpoint_override);
  lw_engine_context_set_time_scale (context, self->time_scale);
  lw_engine_context_set_expected_scale (context, self->expected_scale);
  return context;
}

LwSetup *
lw_session_build_setup (LwSession *self)
{
  LwInputs *in;
  LwSetup *setup;

  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  in = &self->inputs;

  setup = lw_setup_new ();
  lw_setup_set_region (setup, in->region);
  lw_setup_set_source_kind (setup, in->source_kind);
  lw_setup_set_source_endpoint_id (setup, in->source_kind == LW_SOURCE_KIND_POLARDB ? in->source_endpoint_id : NULL);
  lw_setup_set_source_security_group_id (setup, in->source_kind == LW_SOURCE_KIND_ECS ? in->source_security_group_id : NULL);
  lw_setup_set_rds_instance_id (setup, in->rds_instance_id);
  lw_setup_set_rds_ip (setup, in->rds_ip);
  lw_setup_set_rds_port (setup, in->rds_port);
  lw_setup_set_vpc_id (setup, in->vpc_id);
  for (guint i = 0; in->zones != NULL && i < in->zones->len; i++)
    {
      LwZoneChoice *zone = g_ptr_array_index (in->zones, i);
      if (zone->selected)
        lw_setup_add_zone_mapping (setup, zone->zone_id, zone->vswitch_id, zone->cidr);
    }
  lw_setup_set_tidb_mode (setup, in->tidb_automatic ? LW_TIDB_MODE_AUTOMATIC : LW_TIDB_MODE_MANUAL);
  lw_setup_set_tidb_account_id (setup, in->tidb_account_id);
  lw_setup_set_tidb_zone_ids (setup, (const char * const *) in->tidb_zone_ids);
  if (in->tidb_automatic)
    {
      lw_setup_set_tidb_project_id (setup, in->tidb_project_id);
      lw_setup_set_tidb_cluster_id (setup, in->tidb_cluster_id);
    }
  lw_setup_set_fix_whitelist (setup, in->fix_whitelist);
  return setup;
}

LwSetup *
lw_session_get_setup (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return self->runner ? lw_runner_get_setup (self->runner) : NULL;
}

LwRunner *
lw_session_get_runner (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return self->runner;
}

void
lw_session_set_runner (LwSession *self,
                       LwRunner  *runner)
{
  g_return_if_fail (LW_IS_SESSION (self));
  if (self->runner == runner)
    return;
  /* A cancelled run may still have a call in flight: keep its runner alive until the session ends
   * rather than freeing it under that call. */
  if (self->runner != NULL)
    g_ptr_array_add (self->retired, g_steal_pointer (&self->runner));
  self->runner = runner ? g_object_ref (runner) : NULL;
  lw_session_inputs_changed (self, "runner");
}

LwSetup *
lw_session_get_resume_setup (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  return self->resume;
}

void
lw_session_set_resume_setup (LwSession *self,
                             LwSetup   *setup)
{
  g_return_if_fail (LW_IS_SESSION (self));
  g_set_object (&self->resume, setup);
}

const char * const *
lw_session_get_region_zones (LwSession *self)
{
  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  if (self->inputs.region == NULL)
    return NULL;
  return g_hash_table_lookup (self->inputs.region_zones, self->inputs.region);
}

LwRunner *
lw_session_dup_runner_for (LwSession *self,
                           LwSetup   *setup)
{
  LwRunner *current;

  g_return_val_if_fail (LW_IS_SESSION (self), NULL);
  g_return_val_if_fail (LW_IS_SETUP (setup), NULL);

  /* Reuse the current runner only while it is the same setup at rest with nothing left to
   * run; otherwise a fresh runner resumes from the saved state. (After a cancel the old runner
   * may still have a call in flight: restarting it then corrupts that call, so it is retired,
   * alive, by lw_session_set_runner().) */
  current = self->runner;
  if (current != NULL && !lw_runner_get_busy (current) &&
      g_strcmp0 (lw_setup_get_id (lw_runner_get_setup (current)), lw_setup_get_id (setup)) == 0 &&
      lw_setup_get_state (lw_runner_get_setup (current)) == LW_SETUP_STATE_DONE)
    return g_object_ref (current);

  {
    g_autoptr(LwEngineContext) context = lw_session_create_engine_context (self);
    return lw_runner_new (setup, context);
  }
}
