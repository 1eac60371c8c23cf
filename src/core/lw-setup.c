/* lw-setup.c — the setup model and its durable state file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-setup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lw-setup.h"
#include "lw-engine-private.h"
#include "lw-names.h"

#define LW_SETUP_FILE_VERSION 1

typedef struct {
  LwStepRecord record;
  char *client_token;
  char *resource_id;
  char *error;
} StepRec;

/* The writer of one setup's state file. Shared (reference-counted) between the setup and its worker
 * thread, so that a save in flight outlives the setup object.
 *
 * Every snapshot gets a sequence number when it is taken (on the caller's thread); a write is skipped
 * when a newer snapshot is already durable, so an older snapshot can never overwrite a newer one,
 * whichever thread writes it (the async worker or a synchronous lw_setup_save()). */
typedef struct _SaveQueue {
  GMutex lock;              /* the fields below */
  guint64 next_seq;
  char *pending_json;       /* newest snapshot not yet handed to the worker, or NULL */
  char *pending_path;
  guint64 pending_seq;
  GPtrArray *pending_waiters; /* GTask, each satisfied by pending_seq (its own snapshot or a newer one) */
  gboolean worker_running;

  GMutex write_lock;        /* held during a write; guards written_seq */
  guint64 written_seq;
} SaveQueue;

static void
save_queue_clear (gpointer data)
{
  SaveQueue *q = data;

  g_assert (!q->worker_running);
  g_free (q->pending_json);
  g_free (q->pending_path);
  g_clear_pointer (&q->pending_waiters, g_ptr_array_unref);
  g_mutex_clear (&q->lock);
  g_mutex_clear (&q->write_lock);
}

static void
save_queue_unref (SaveQueue *q)
{
  g_atomic_rc_box_release_full (q, save_queue_clear);
}

static SaveQueue *
save_queue_new (void)
{
  SaveQueue *q = g_atomic_rc_box_new0 (SaveQueue);

  g_mutex_init (&q->lock);
  g_mutex_init (&q->write_lock);
  q->pending_waiters = g_ptr_array_new ();
  return q;
}

struct _LwSetup
{
  GObject parent_instance;

  char *id;
  LwSetupState state;
  gint64 created;
  gint64 updated;

  LwSourceKind source_kind;
  char *region;
  char *rds_instance_id;
  char *rds_ip;
  guint rds_port;
  char *source_endpoint_id;
  char *source_security_group_id;
  char *vpc_id;
  GPtrArray *zone_mappings;
  LwTidbMode tidb_mode;
  char *tidb_account_id;
  GStrv tidb_zone_ids;
  char *tidb_project_id;
  char *tidb_cluster_id;
  gboolean fix_whitelist;

  char *service_name;
  char *nlb_dns_name;
  char *tidb_fallback_reason;
  GHashTable *steps; /* step id → StepRec */

  struct _SaveQueue *save_queue;
};

G_DEFINE_FINAL_TYPE (LwSetup, lw_setup, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (LwSourceKind, lw_source_kind,
  G_DEFINE_ENUM_VALUE (LW_SOURCE_KIND_RDS, "rds"),
  G_DEFINE_ENUM_VALUE (LW_SOURCE_KIND_POLARDB, "polardb"),
  G_DEFINE_ENUM_VALUE (LW_SOURCE_KIND_ECS, "ecs"))
G_DEFINE_ENUM_TYPE (LwTidbMode, lw_tidb_mode,
  G_DEFINE_ENUM_VALUE (LW_TIDB_MODE_AUTOMATIC, "automatic"),
  G_DEFINE_ENUM_VALUE (LW_TIDB_MODE_MANUAL, "manual"))
G_DEFINE_ENUM_TYPE (LwSetupState, lw_setup_state,
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_WAITING_FOR_USER, "waiting-for-user"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_ROLLING_BACK, "rolling-back"),
  G_DEFINE_ENUM_VALUE (LW_SETUP_STATE_ROLLED_BACK, "rolled-back"))
G_DEFINE_BOXED_TYPE (LwZoneMapping, lw_zone_mapping, lw_zone_mapping_copy, lw_zone_mapping_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_SOURCE_KIND,
  PROP_REGION,
  PROP_RDS_INSTANCE_ID,
  PROP_RDS_IP,
  PROP_RDS_PORT,
  PROP_SOURCE_ENDPOINT_ID,
  PROP_SOURCE_SECURITY_GROUP_ID,
  PROP_VPC_ID,
  PROP_TIDB_MODE,
  PROP_TIDB_ACCOUNT_ID,
  PROP_TIDB_ZONE_IDS,
  PROP_TIDB_PROJECT_ID,
  PROP_TIDB_CLUSTER_ID,
  PROP_FIX_WHITELIST,
  PROP_SERVICE_NAME,
  PROP_UPDATED,
  N_PROPS
};

enum { CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *record_names[] = { "none", "requested", "created", "done", "deleted" };

LwZoneMapping *
lw_zone_mapping_new (const char *zone_id, const char *vswitch_id, const char *cidr)
{
  LwZoneMapping *m = g_new0 (LwZoneMapping, 1);
  m->zone_id = g_strdup (zone_id);
  m->vswitch_id = g_strdup (vswitch_id);
  m->cidr = g_strdup (cidr);
  return m;
}

LwZoneMapping *
lw_zone_mapping_copy (const LwZoneMapping *mapping)
{
  return lw_zone_mapping_new (mapping->zone_id, mapping->vswitch_id, mapping->cidr);
}

void
lw_zone_mapping_free (LwZoneMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_free (mapping->zone_id);
  g_free (mapping->vswitch_id);
  g_free (mapping->cidr);
  g_free (mapping);
}

static void
step_rec_free (gpointer data)
{
  StepRec *rec = data;
  g_free (rec->client_token);
  g_free (rec->resource_id);
  g_free (rec->error);
  g_free (rec);
}

const char *
lw_setup_state_to_string (LwSetupState state)
{
  GEnumClass *klass = g_type_class_ref (LW_TYPE_SETUP_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);
  const char *nick = value ? value->value_nick : "draft";
  g_type_class_unref (klass);
  return nick;
}

static gboolean
setup_state_from_string (const char *nick, LwSetupState *state)
{
  GEnumClass *klass = g_type_class_ref (LW_TYPE_SETUP_STATE);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;
  if (value != NULL)
    *state = value->value;
  g_type_class_unref (klass);
  return value != NULL;
}

const char *
lw_source_kind_to_string (LwSourceKind kind)
{
  switch (kind)
    {
    case LW_SOURCE_KIND_RDS: return "rds";
    case LW_SOURCE_KIND_POLARDB: return "polardb";
    case LW_SOURCE_KIND_ECS: return "ecs";
    default: return "rds";
    }
}

gboolean
lw_source_kind_from_string (const char *nick, LwSourceKind *kind)
{
  static const LwSourceKind kinds[] = { LW_SOURCE_KIND_RDS, LW_SOURCE_KIND_POLARDB, LW_SOURCE_KIND_ECS };

  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (nick, lw_source_kind_to_string (kinds[i])))
      {
        if (kind != NULL)
          *kind = kinds[i];
        return TRUE;
      }
  return FALSE;
}

const char *
lw_source_kind_get_label (LwSourceKind kind)
{
  switch (kind)
    {
    case LW_SOURCE_KIND_RDS: return _("RDS for MySQL");
    case LW_SOURCE_KIND_POLARDB: return _("PolarDB for MySQL");
    case LW_SOURCE_KIND_ECS: return _("MySQL on ECS");
    default: return _("Unknown");
    }
}

const char *
lw_setup_state_get_label (LwSetupState state)
{
  switch (state)
    {
    case LW_SETUP_STATE_DRAFT: return _("Not started");
    case LW_SETUP_STATE_RUNNING: return _("In progress");
    case LW_SETUP_STATE_WAITING_FOR_USER: return _("Waiting for the TiDB Cloud connection request");
    case LW_SETUP_STATE_DONE: return _("Connected");
    case LW_SETUP_STATE_FAILED: return _("Stopped by an error");
    case LW_SETUP_STATE_CANCELLED: return _("Cancelled");
    case LW_SETUP_STATE_ROLLING_BACK: return _("Rolling back");
    case LW_SETUP_STATE_ROLLED_BACK: return _("Rolled back");
    default: return _("Unknown");
    }
}

static void
lw_setup_touch (LwSetup *self)
{
  self->updated = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static StepRec *
lookup_rec (LwSetup *self, const char *step_id, gboolean create)
{
  StepRec *rec = g_hash_table_lookup (self->steps, step_id);
  if (rec == NULL && create)
    {
      rec = g_new0 (StepRec, 1);
      g_hash_table_insert (self->steps, g_strdup (step_id), rec);
    }
  return rec;
}

static void
lw_setup_finalize (GObject *object)
{
  LwSetup *self = (LwSetup *)object;

  g_free (self->id);
  g_free (self->region);
  g_free (self->rds_instance_id);
  g_free (self->rds_ip);
  g_free (self->source_endpoint_id);
  g_free (self->source_security_group_id);
  g_free (self->vpc_id);
  g_clear_pointer (&self->zone_mappings, g_ptr_array_unref);
  g_free (self->tidb_account_id);
  g_strfreev (self->tidb_zone_ids);
  g_free (self->tidb_project_id);
  g_free (self->tidb_cluster_id);
  g_free (self->service_name);
  g_free (self->nlb_dns_name);
  g_free (self->tidb_fallback_reason);
  g_clear_pointer (&self->steps, g_hash_table_unref);
  g_clear_pointer (&self->save_queue, save_queue_unref);

  G_OBJECT_CLASS (lw_setup_parent_class)->finalize (object);
}

static void
lw_setup_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LwSetup *self = LW_SETUP (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_SOURCE_KIND: g_value_set_enum (value, self->source_kind); break;
    case PROP_SOURCE_ENDPOINT_ID: g_value_set_string (value, self->source_endpoint_id); break;
    case PROP_SOURCE_SECURITY_GROUP_ID: g_value_set_string (value, self->source_security_group_id); break;
    case PROP_REGION: g_value_set_string (value, self->region); break;
    case PROP_RDS_INSTANCE_ID: g_value_set_string (value, self->rds_instance_id); break;
    case PROP_RDS_IP: g_value_set_string (value, self->rds_ip); break;
    case PROP_RDS_PORT: g_value_set_uint (value, self->rds_port); break;
    case PROP_VPC_ID: g_value_set_string (value, self->vpc_id); break;
    case PROP_TIDB_MODE: g_value_set_enum (value, self->tidb_mode); break;
    case PROP_TIDB_ACCOUNT_ID: g_value_set_string (value, self->tidb_account_id); break;
    case PROP_TIDB_ZONE_IDS: g_value_set_boxed (value, self->tidb_zone_ids); break;
    case PROP_TIDB_PROJECT_ID: g_value_set_string (value, self->tidb_project_id); break;
    case PROP_TIDB_CLUSTER_ID: g_value_set_string (value, self->tidb_cluster_id); break;
    case PROP_FIX_WHITELIST: g_value_set_boolean (value, self->fix_whitelist); break;
    case PROP_SERVICE_NAME: g_value_set_string (value, self->service_name); break;
    case PROP_UPDATED: g_value_set_int64 (value, self->updated); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_setup_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LwSetup *self = LW_SETUP (object);

  switch (prop_id)
    {
    case PROP_STATE: lw_setup_set_state (self, g_value_get_enum (value)); break;
    case PROP_SOURCE_KIND: lw_setup_set_source_kind (self, g_value_get_enum (value)); break;
    case PROP_SOURCE_ENDPOINT_ID: lw_setup_set_source_endpoint_id (self, g_value_get_string (value)); break;
    case PROP_SOURCE_SECURITY_GROUP_ID: lw_setup_set_source_security_group_id (self, g_value_get_string (value)); break;
    case PROP_REGION: lw_setup_set_region (self, g_value_get_string (value)); break;
    case PROP_RDS_INSTANCE_ID: lw_setup_set_rds_instance_id (self, g_value_get_string (value)); break;
    case PROP_RDS_IP: lw_setup_set_rds_ip (self, g_value_get_string (value)); break;
    case PROP_RDS_PORT: lw_setup_set_rds_port (self, g_value_get_uint (value)); break;
    case PROP_VPC_ID: lw_setup_set_vpc_id (self, g_value_get_string (value)); break;
    case PROP_TIDB_MODE: lw_setup_set_tidb_mode (self, g_value_get_enum (value)); break;
    case PROP_TIDB_ACCOUNT_ID: lw_setup_set_tidb_account_id (self, g_value_get_string (value)); break;
    case PROP_TIDB_ZONE_IDS: lw_setup_set_tidb_zone_ids (self, g_value_get_boxed (value)); break;
    case PROP_TIDB_PROJECT_ID: lw_setup_set_tidb_project_id (self, g_value_get_string (value)); break;
    case PROP_TIDB_CLUSTER_ID: lw_setup_set_tidb_cluster_id (self, g_value_get_string (value)); break;
    case PROP_FIX_WHITELIST: lw_setup_set_fix_whitelist (self, g_value_get_boolean (value)); break;
    case PROP_SERVICE_NAME: lw_setup_set_service_name (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lw_setup_class_init (LwSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lw_setup_finalize;
  object_class->get_property = lw_setup_get_property;
  object_class->set_property = lw_setup_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LW_TYPE_SETUP_STATE, LW_SETUP_STATE_DRAFT, rw);
  properties[PROP_SOURCE_KIND] = g_param_spec_enum ("source-kind", NULL, NULL, LW_TYPE_SOURCE_KIND,
                                                     LW_SOURCE_KIND_RDS, rw);
  properties[PROP_SOURCE_ENDPOINT_ID] = g_param_spec_string ("source-endpoint-id", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE_SECURITY_GROUP_ID] = g_param_spec_string ("source-security-group-id", NULL, NULL, NULL, rw);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, rw);
  properties[PROP_RDS_INSTANCE_ID] = g_param_spec_string ("rds-instance-id", NULL, NULL, NULL, rw);
  properties[PROP_RDS_IP] = g_param_spec_string ("rds-ip", NULL, NULL, NULL, rw);
  properties[PROP_RDS_PORT] = g_param_spec_uint ("rds-port", NULL, NULL, 0, 65535, 3306, rw);
  properties[PROP_VPC_ID] = g_param_spec_string ("vpc-id", NULL, NULL, NULL, rw);
  properties[PROP_TIDB_MODE] = g_param_spec_enum ("tidb-mode", NULL, NULL, LW_TYPE_TIDB_MODE, LW_TIDB_MODE_AUTOMATIC, rw);
  properties[PROP_TIDB_ACCOUNT_ID] = g_param_spec_string ("tidb-account-id", NULL, NULL, NULL, rw);
  properties[PROP_TIDB_ZONE_IDS] = g_param_spec_boxed ("tidb-zone-ids", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_TIDB_PROJECT_ID] = g_param_spec_string ("tidb-project-id", NULL, NULL, NULL, rw);
  properties[PROP_TIDB_CLUSTER_ID] = g_param_spec_string ("tidb-cluster-id", NULL, NULL, NULL, rw);
  properties[PROP_FIX_WHITELIST] = g_param_spec_boolean ("fix-whitelist", NULL, NULL, FALSE, rw);
  properties[PROP_SERVICE_NAME] = g_param_spec_string ("service-name", NULL, NULL, NULL, rw);
  properties[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything changed (inputs, state, a step record): the Manage list re-reads the row. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lw_setup_init (LwSetup *self)
{
  self->id = g_strdup_printf ("%08x", g_random_int ());
  self->state = LW_SETUP_STATE_DRAFT;
  self->rds_port = 3306;
  self->zone_mappings = g_ptr_array_new_with_free_func ((GDestroyNotify)lw_zone_mapping_free);
  self->steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, step_rec_free);
  self->save_queue = save_queue_new ();
  self->created = self->updated = g_get_real_time ();
}

LwSetup *
lw_setup_new (void)
{
  return g_object_new (LW_TYPE_SETUP, NULL);
}

const char *lw_setup_get_id (LwSetup *self) { g_return_val_if_fail (LW_IS_SETUP (self), NULL); return self->id; }
LwSetupState lw_setup_get_state (LwSetup *self) { return self->state; }
gint64 lw_setup_get_created (LwSetup *self) { return self->created; }
gint64 lw_setup_get_updated (LwSetup *self) { return self->updated; }

void
lw_setup_set_state (LwSetup *self, LwSetupState state)
{
  g_return_if_fail (LW_IS_SETUP (self));
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  lw_setup_touch (self);
}

/* Strings are set with g_set_str semantics and notify only on change. */
static void
set_string (LwSetup *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  lw_setup_touch (self);
}

LwSourceKind lw_setup_get_source_kind (LwSetup *self) { g_return_val_if_fail (LW_IS_SETUP (self), LW_SOURCE_KIND_RDS); return self->source_kind; }

void
lw_setup_set_source_kind (LwSetup *self, LwSourceKind kind)
{
  g_return_if_fail (LW_IS_SETUP (self));
  g_return_if_fail (kind <= LW_SOURCE_KIND_ECS);
  if (self->source_kind == kind)
    return;
  self->source_kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_KIND]);
  lw_setup_touch (self);
}

const char *lw_setup_get_source_endpoint_id (LwSetup *self) { return self->source_endpoint_id; }
void lw_setup_set_source_endpoint_id (LwSetup *self, const char *v) { set_string (self, &self->source_endpoint_id, v, PROP_SOURCE_ENDPOINT_ID); }
const char *lw_setup_get_source_security_group_id (LwSetup *self) { return self->source_security_group_id; }
void lw_setup_set_source_security_group_id (LwSetup *self, const char *v) { set_string (self, &self->source_security_group_id, v, PROP_SOURCE_SECURITY_GROUP_ID); }

const char *
lw_setup_get_access_step_id (LwSetup *self)
{
  switch (self->source_kind)
    {
    case LW_SOURCE_KIND_POLARDB: return LW_STEP_POLARDB_WHITELIST;
    case LW_SOURCE_KIND_ECS: return LW_STEP_ECS_SECURITY_RULE;
    case LW_SOURCE_KIND_RDS:
    default:
      return LW_STEP_RDS_WHITELIST;
    }
}

const char *lw_setup_get_region (LwSetup *self) { return self->region; }
void lw_setup_set_region (LwSetup *self, const char *v) { set_string (self, &self->region, v, PROP_REGION); }
const char *lw_setup_get_rds_instance_id (LwSetup *self) { return self->rds_instance_id; }
void lw_setup_set_rds_instance_id (LwSetup *self, const char *v) { set_string (self, &self->rds_instance_id, v, PROP_RDS_INSTANCE_ID); }
const char *lw_setup_get_rds_ip (LwSetup *self) { return self->rds_ip; }
void lw_setup_set_rds_ip (LwSetup *self, const char *v) { set_string (self, &self->rds_ip, v, PROP_RDS_IP); }
guint lw_setup_get_rds_port (LwSetup *self) { return self->rds_port; }
const char *lw_setup_get_vpc_id (LwSetup *self) { return self->vpc_id; }
void lw_setup_set_vpc_id (LwSetup *self, const char *v) { set_string (self, &self->vpc_id, v, PROP_VPC_ID); }
const char *lw_setup_get_tidb_account_id (LwSetup *self) { return self->tidb_account_id; }
void lw_setup_set_tidb_account_id (LwSetup *self, const char *v) { set_string (self, &self->tidb_account_id, v, PROP_TIDB_ACCOUNT_ID); }
const char *lw_setup_get_tidb_project_id (LwSetup *self) { return self->tidb_project_id; }
void lw_setup_set_tidb_project_id (LwSetup *self, const char *v) { set_string (self, &self->tidb_project_id, v, PROP_TIDB_PROJECT_ID); }
const char *lw_setup_get_tidb_cluster_id (LwSetup *self) { return self->tidb_cluster_id; }
void lw_setup_set_tidb_cluster_id (LwSetup *self, const char *v) { set_string (self, &self->tidb_cluster_id, v, PROP_TIDB_CLUSTER_ID); }
const char *lw_setup_get_service_name (LwSetup *self) { return self->service_name; }
void lw_setup_set_service_name (LwSetup *self, const char *v) { set_string (self, &self->service_name, v, PROP_SERVICE_NAME); }
const char *lw_setup_get_nlb_dns_name (LwSetup *self) { return self->nlb_dns_name; }
const char *lw_setup_get_tidb_fallback_reason (LwSetup *self) { return self->tidb_fallback_reason; }

void
lw_setup_set_tidb_fallback_reason (LwSetup *self, const char *v)
{
  if (g_strcmp0 (self->tidb_fallback_reason, v) == 0)
    return;
  g_free (self->tidb_fallback_reason);
  self->tidb_fallback_reason = g_strdup (v);
  lw_setup_touch (self);
}

void
lw_setup_set_nlb_dns_name (LwSetup *self, const char *v)
{
  if (g_strcmp0 (self->nlb_dns_name, v) == 0)
    return;
  g_free (self->nlb_dns_name);
  self->nlb_dns_name = g_strdup (v);
  lw_setup_touch (self);
}

void
lw_setup_set_rds_port (LwSetup *self, guint port)
{
  if (self->rds_port == port)
    return;
  self->rds_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RDS_PORT]);
  lw_setup_touch (self);
}

GPtrArray *lw_setup_get_zone_mappings (LwSetup *self) { return self->zone_mappings; }

void
lw_setup_set_zone_mappings (LwSetup *self, GPtrArray *mappings)
{
  g_ptr_array_set_size (self->zone_mappings, 0);
  for (guint i = 0; mappings != NULL && i < mappings->len; i++)
    g_ptr_array_add (self->zone_mappings, lw_zone_mapping_copy (g_ptr_array_index (mappings, i)));
  lw_setup_touch (self);
}

void
lw_setup_add_zone_mapping (LwSetup *self, const char *zone_id, const char *vswitch_id, const char *cidr)
{
  g_ptr_array_add (self->zone_mappings, lw_zone_mapping_new (zone_id, vswitch_id, cidr));
  lw_setup_touch (self);
}

LwTidbMode lw_setup_get_tidb_mode (LwSetup *self) { return self->tidb_mode; }

void
lw_setup_set_tidb_mode (LwSetup *self, LwTidbMode mode)
{
  if (self->tidb_mode == mode)
    return;
  self->tidb_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIDB_MODE]);
  lw_setup_touch (self);
}

const char * const *lw_setup_get_tidb_zone_ids (LwSetup *self) { return (const char * const *)self->tidb_zone_ids; }

void
lw_setup_set_tidb_zone_ids (LwSetup *self, const char * const *zone_ids)
{
  if (self->tidb_zone_ids && zone_ids && g_strv_equal ((const char * const *)self->tidb_zone_ids, zone_ids))
    return;
  g_strfreev (self->tidb_zone_ids);
  self->tidb_zone_ids = g_strdupv ((char **)zone_ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIDB_ZONE_IDS]);
  lw_setup_touch (self);
}

gboolean lw_setup_get_fix_whitelist (LwSetup *self) { return self->fix_whitelist; }

void
lw_setup_set_fix_whitelist (LwSetup *self, gboolean fix_whitelist)
{
  fix_whitelist = !!fix_whitelist;
  if (self->fix_whitelist == fix_whitelist)
    return;
  self->fix_whitelist = fix_whitelist;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIX_WHITELIST]);
  lw_setup_touch (self);
}

char *
lw_setup_dup_name (LwSetup *self)
{
  /* One generator for every name Linkwright sends (lw-names.c: the rules of data/api-string-rules.json). */
  return lw_names_setup_name (self->rds_instance_id, self->id);
}

guint lw_setup_get_listener_port (LwSetup *self) { return self->rds_port; }

const char *
lw_setup_get_resource_id (LwSetup *self, const char *step_id)
{
  StepRec *rec = lookup_rec (self, step_id, FALSE);
  return rec ? rec->resource_id : NULL;
}

const char *lw_setup_get_server_group_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_SERVER_GROUP); }
const char *lw_setup_get_load_balancer_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_LOAD_BALANCER); }
const char *lw_setup_get_listener_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_LISTENER); }
const char *lw_setup_get_service_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_ENDPOINT_SERVICE); }
const char *lw_setup_get_tidb_connection_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_TIDB_CONNECTION); }
const char *lw_setup_get_endpoint_id (LwSetup *self) { return lw_setup_get_resource_id (self, LW_STEP_ACCEPT); }

LwStepRecord
lw_setup_get_step_record (LwSetup *self, const char *step_id)
{
  StepRec *rec = lookup_rec (self, step_id, FALSE);
  return rec ? rec->record : LW_STEP_RECORD_NONE;
}

void
lw_setup_set_step_record (LwSetup *self, const char *step_id, LwStepRecord record)
{
  StepRec *rec = lookup_rec (self, step_id, TRUE);
  if (rec->record == record)
    return;
  rec->record = record;
  lw_setup_touch (self);
}

const char *
lw_setup_get_client_token (LwSetup *self, const char *step_id)
{
  StepRec *rec = lookup_rec (self, step_id, FALSE);
  return rec ? rec->client_token : NULL;
}

const char *
lw_setup_ensure_client_token (LwSetup *self, const char *step_id)
{
  StepRec *rec = lookup_rec (self, step_id, TRUE);
  if (rec->client_token == NULL)
    {
      /* One token per logical create, kept across retries and restarts: the cloud then returns the same
       * resource instead of a second one. */
      rec->client_token = g_uuid_string_random ();
      lw_setup_touch (self);
    }
  return rec->client_token;
}

void
lw_setup_set_resource_id (LwSetup *self, const char *step_id, const char *resource_id)
{
  StepRec *rec = lookup_rec (self, step_id, TRUE);
  if (g_strcmp0 (rec->resource_id, resource_id) == 0)
    return;
  g_free (rec->resource_id);
  rec->resource_id = g_strdup (resource_id);
  lw_setup_touch (self);
}

const char *
lw_setup_get_step_error (LwSetup *self, const char *step_id)
{
  StepRec *rec = lookup_rec (self, step_id, FALSE);
  return rec ? rec->error : NULL;
}

void
lw_setup_set_step_error (LwSetup *self, const char *step_id, const char *error_text)
{
  StepRec *rec = lookup_rec (self, step_id, TRUE);
  if (g_strcmp0 (rec->error, error_text) == 0)
    return;
  g_free (rec->error);
  rec->error = g_strdup (error_text);
  lw_setup_touch (self);
}

/* ---- JSON ---- */

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

char *
lw_setup_to_json (LwSetup *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = NULL;
  GEnumClass *mode_class;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, LW_SETUP_FILE_VERSION);
  add_string (b, "id", self->id);
  add_string (b, "state", lw_setup_state_to_string (self->state));
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, self->created);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, self->updated);

  json_builder_set_member_name (b, "inputs");
  json_builder_begin_object (b);
  /* Absent = RDS: the files of the versions before PolarDB and ECS sources stay byte-for-byte the same
   * when they are loaded and saved again. */
  if (self->source_kind != LW_SOURCE_KIND_RDS)
    add_string (b, "source_kind", lw_source_kind_to_string (self->source_kind));
  add_string (b, "region", self->region);
  add_string (b, "rds_instance_id", self->rds_instance_id);
  add_string (b, "rds_ip", self->rds_ip);
  json_builder_set_member_name (b, "rds_port");
  json_builder_add_int_value (b, self->rds_port);
  add_string (b, "source_endpoint_id", self->source_endpoint_id);
  add_string (b, "source_security_group_id", self->source_security_group_id);
  add_string (b, "vpc_id", self->vpc_id);
  json_builder_set_member_name (b, "zone_mappings");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->zone_mappings->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (self->zone_mappings, i);
      json_builder_begin_object (b);
      add_string (b, "zone_id", m->zone_id);
      add_string (b, "vswitch_id", m->vswitch_id);
      add_string (b, "cidr", m->cidr);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  mode_class = g_type_class_ref (LW_TYPE_TIDB_MODE);
  add_string (b, "tidb_mode", g_enum_get_value (mode_class, self->tidb_mode)->value_nick);
  g_type_class_unref (mode_class);
  add_string (b, "tidb_account_id", self->tidb_account_id);
  json_builder_set_member_name (b, "tidb_zone_ids");
  json_builder_begin_array (b);
  for (guint i = 0; self->tidb_zone_ids && self->tidb_zone_ids[i]; i++)
    json_builder_add_string_value (b, self->tidb_zone_ids[i]);
  json_builder_end_array (b);
  add_string (b, "tidb_project_id", self->tidb_project_id);
  add_string (b, "tidb_cluster_id", self->tidb_cluster_id);
  json_builder_set_member_name (b, "fix_whitelist");
  json_builder_add_boolean_value (b, self->fix_whitelist);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "results");
  json_builder_begin_object (b);
  add_string (b, "service_name", self->service_name);
  add_string (b, "nlb_dns_name", self->nlb_dns_name);
  add_string (b, "tidb_fallback_reason", self->tidb_fallback_reason);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "steps");
  json_builder_begin_object (b);
  keys = g_hash_table_get_keys (self->steps);
  keys = g_list_sort (keys, (GCompareFunc)g_strcmp0);
  for (const GList *l = keys; l; l = l->next)
    {
      StepRec *rec = g_hash_table_lookup (self->steps, l->data);
      json_builder_set_member_name (b, l->data);
      json_builder_begin_object (b);
      add_string (b, "record", record_names[rec->record]);
      add_string (b, "client_token", rec->client_token);
      add_string (b, "resource_id", rec->resource_id);
      add_string (b, "error", rec->error);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
take_string (JsonObject *o, const char *name, char **field)
{
  const char *v = json_object_get_string_member_with_default (o, name, NULL);
  g_free (*field);
  *field = g_strdup (v);
}

LwSetup *
lw_setup_new_from_json (const char *json, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LwSetup) self = NULL;
  JsonObject *root, *inputs, *results, *steps;
  JsonArray *arr;
  const char *id, *nick;
  GEnumClass *mode_class;
  GEnumValue *mode;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  /* An empty document parses with no root at all. */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;
  root = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (root, "id", NULL);
  if (id == NULL || !json_object_has_member (root, "inputs")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "inputs")))
    goto invalid;

  self = lw_setup_new ();
  g_free (self->id);
  self->id = g_strdup (id);
  if (!setup_state_from_string (json_object_get_string_member_with_default (root, "state", "draft"), &self->state))
    goto invalid;
  self->created = json_object_get_int_member_with_default (root, "created", 0);
  self->updated = json_object_get_int_member_with_default (root, "updated", 0);

  inputs = json_object_get_object_member (root, "inputs");
  if (json_object_has_member (inputs, "source_kind")
      && !lw_source_kind_from_string (json_object_get_string_member_with_default (inputs, "source_kind", NULL),
                                      &self->source_kind))
    goto invalid;   /* a kind this version does not know: never run it as RDS */
  take_string (inputs, "region", &self->region);
  take_string (inputs, "rds_instance_id", &self->rds_instance_id);
  take_string (inputs, "rds_ip", &self->rds_ip);
  self->rds_port = json_object_get_int_member_with_default (inputs, "rds_port", 3306);
  take_string (inputs, "source_endpoint_id", &self->source_endpoint_id);
  take_string (inputs, "source_security_group_id", &self->source_security_group_id);
  take_string (inputs, "vpc_id", &self->vpc_id);
  arr = json_object_has_member (inputs, "zone_mappings") ? json_object_get_array_member (inputs, "zone_mappings") : NULL;
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *m = json_array_get_object_element (arr, i);
      if (m == NULL)
        goto invalid;
      g_ptr_array_add (self->zone_mappings,
                       lw_zone_mapping_new (json_object_get_string_member_with_default (m, "zone_id", NULL),
                                            json_object_get_string_member_with_default (m, "vswitch_id", NULL),
                                            json_object_get_string_member_with_default (m, "cidr", NULL)));
    }
  nick = json_object_get_string_member_with_default (inputs, "tidb_mode", "automatic");
  mode_class = g_type_class_ref (LW_TYPE_TIDB_MODE);
  mode = g_enum_get_value_by_nick (mode_class, nick);
  self->tidb_mode = mode ? mode->value : LW_TIDB_MODE_AUTOMATIC;
  g_type_class_unref (mode_class);
  take_string (inputs, "tidb_account_id", &self->tidb_account_id);
  arr = json_object_has_member (inputs, "tidb_zone_ids") ? json_object_get_array_member (inputs, "tidb_zone_ids") : NULL;
  if (arr != NULL)
    {
      g_autoptr(GStrvBuilder) sb = g_strv_builder_new ();
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          const char *z = json_array_get_string_element (arr, i);
          if (z != NULL)
            g_strv_builder_add (sb, z);
        }
      self->tidb_zone_ids = g_strv_builder_end (sb);
    }
  take_string (inputs, "tidb_project_id", &self->tidb_project_id);
  take_string (inputs, "tidb_cluster_id", &self->tidb_cluster_id);
  self->fix_whitelist = json_object_get_boolean_member_with_default (inputs, "fix_whitelist", FALSE);

  results = json_object_has_member (root, "results") ? json_object_get_object_member (root, "results") : NULL;
  if (results != NULL)
    {
      take_string (results, "service_name", &self->service_name);
      take_string (results, "nlb_dns_name", &self->nlb_dns_name);
      take_string (results, "tidb_fallback_reason", &self->tidb_fallback_reason);
    }

  steps = json_object_has_member (root, "steps") ? json_object_get_object_member (root, "steps") : NULL;
  if (steps != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (steps);
      for (const GList *l = members; l; l = l->next)
        {
          JsonObject *so = json_object_get_object_member (steps, l->data);
          StepRec *rec;
          const char *record;
          if (so == NULL)
            goto invalid;
          rec = lookup_rec (self, l->data, TRUE);
          record = json_object_get_string_member_with_default (so, "record", "none");
          for (guint r = 0; r < G_N_ELEMENTS (record_names); r++)
            if (g_str_equal (record, record_names[r]))
              rec->record = r;
          take_string (so, "client_token", &rec->client_token);
          take_string (so, "resource_id", &rec->resource_id);
          take_string (so, "error", &rec->error);
        }
    }

  return g_steal_pointer (&self);

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The saved setup is not valid"));
  return NULL;
}

/* ---- store ---- */

char *
lw_setup_store_get_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "linkwright", "setups", NULL);
}

char *
lw_setup_store_get_path (const char *setup_id)
{
  g_autofree char *dir = lw_setup_store_get_dir ();
  g_autofree char *base = g_strconcat (setup_id, ".json", NULL);
  return g_build_filename (dir, base, NULL);
}

/* Runs on any thread. Writes @json (snapshot number @seq) unless a newer snapshot is already durable. */
static gboolean
save_queue_write (SaveQueue *q, guint64 seq, const char *path, const char *json, GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&q->write_lock);
  g_autofree char *dir = NULL;

  if (seq <= q->written_seq)
    return TRUE;
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* CONSISTENT + DURABLE = write a temp file, fsync it, rename it over the old one: a crash at any instant
   * leaves either the old or the new state, never a torn file. */
  if (!g_file_set_contents_full (path, json, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;
  q->written_seq = seq;
  return TRUE;
}

static guint64
save_queue_take_seq (SaveQueue *q)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&q->lock);
  return ++q->next_seq;
}

gboolean
lw_setup_save (LwSetup *self, GError **error)
{
  g_autofree char *path = lw_setup_store_get_path (self->id);
  g_autofree char *json = lw_setup_to_json (self);

  return save_queue_write (self->save_queue, save_queue_take_seq (self->save_queue), path, json, error);
}

/* The worker: one per setup at a time, so the saves of a setup are written one after the other. It
 * writes the newest pending snapshot (older queued ones are superseded by it) and answers everyone
 * who waited for it or for an older one, until nothing is pending. */
static void
save_queue_worker (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SaveQueue *q = task_data;

  for (;;)
    {
      g_autofree char *json = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GPtrArray) waiters = NULL;
      g_autoptr(GError) error = NULL;
      guint64 seq;

      g_mutex_lock (&q->lock);
      if (q->pending_json == NULL)
        {
          q->worker_running = FALSE;
          g_mutex_unlock (&q->lock);
          break;
        }
      json = g_steal_pointer (&q->pending_json);
      path = g_steal_pointer (&q->pending_path);
      seq = q->pending_seq;
      waiters = g_steal_pointer (&q->pending_waiters);
      q->pending_waiters = g_ptr_array_new ();
      g_mutex_unlock (&q->lock);

      save_queue_write (q, seq, path, json, &error);
      /* GTask delivers each result in the waiter's own main context. */
      for (guint i = 0; i < waiters->len; i++)
        {
          GTask *waiter = g_ptr_array_index (waiters, i);
          if (error != NULL)
            g_task_return_error (waiter, g_error_copy (error));
          else
            g_task_return_boolean (waiter, TRUE);
          g_object_unref (waiter);
        }
    }
  g_task_return_boolean (task, TRUE);
}

void
lw_setup_save_async (LwSetup *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) waiter = NULL;
  SaveQueue *q;
  gboolean start_worker = FALSE;

  g_return_if_fail (LW_IS_SETUP (self));

  q = self->save_queue;
  /* The snapshot is taken now, on the caller's thread (cheap); only the disk work moves away. A
   * cancellable is accepted for API symmetry, but a save once queued is always carried out. */
  waiter = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (waiter, lw_setup_save_async);

  g_mutex_lock (&q->lock);
  g_free (q->pending_json);
  g_free (q->pending_path);
  q->pending_json = lw_setup_to_json (self);
  q->pending_path = lw_setup_store_get_path (self->id);
  q->pending_seq = ++q->next_seq;
  g_ptr_array_add (q->pending_waiters, g_object_ref (waiter));
  if (!q->worker_running)
    start_worker = q->worker_running = TRUE;
  g_mutex_unlock (&q->lock);

  if (start_worker)
    {
      g_autoptr(GTask) worker = g_task_new (NULL, NULL, NULL, NULL);
      g_task_set_source_tag (worker, save_queue_worker);
      g_task_set_task_data (worker, g_atomic_rc_box_acquire (q), (GDestroyNotify)save_queue_unref);
      g_task_run_in_thread (worker, save_queue_worker);
    }
}

gboolean
lw_setup_save_finish (LwSetup *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

LwSetup *
lw_setup_store_load (const char *setup_id, GError **error)
{
  g_autofree char *path = lw_setup_store_get_path (setup_id);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return lw_setup_new_from_json (contents, error);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  LwSetup *sa = *(LwSetup **)a, *sb = *(LwSetup **)b;
  return (sa->created < sb->created) - (sa->created > sb->created);
}

GPtrArray *
lw_setup_store_list (GError **error)
{
  g_autofree char *dir_path = lw_setup_store_get_dir ();
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&list);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) load_error = NULL;
      LwSetup *setup;

      /* Skips the temp files of an interrupted save (they do not end in .json). */
      if (!g_str_has_suffix (name, ".json"))
        continue;
      id = g_strndup (name, strlen (name) - 5);
      setup = lw_setup_store_load (id, &load_error);
      if (setup == NULL)
        {
          g_debug ("Skipping %s: %s", name, load_error->message);
          continue;
        }
      g_ptr_array_add (list, setup);
    }
  g_ptr_array_sort (list, compare_newest_first);
  return g_steal_pointer (&list);
}

gboolean
lw_setup_store_delete (const char *setup_id, GError **error)
{
  g_autofree char *path = lw_setup_store_get_path (setup_id);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not delete %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
lw_setup_reset_step (LwSetup *self, const char *step_id)
{
  if (g_hash_table_remove (self->steps, step_id))
    lw_setup_touch (self);
}
