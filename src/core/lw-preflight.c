/* lw-preflight.c — everything checked before anything billable exists
 *
 * All checks run at once (they are independent reads and DryRun calls); the result keeps a fixed order
 * so the Review page does not jump around.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-preflight"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-engine-private.h"
#include "lw-names.h"
#include "lw-preflight.h"
#include "lw-ram-policy.h"
#include "lw-source-private.h"
#include "lw-tidb-fallback.h"

typedef struct {
  LwSetup *setup;
  LwRpcClient *rpc;
  LwTidbClient *tidb;
  GPtrArray *checks;   /* LwCheck or NULL (slot not filled yet) */
  guint pending;
} Preflight;

typedef struct {
  GTask *task;
  guint slot;
  const char *action;      /* DryRun: the create action */
  gboolean independent;    /* DryRun: parameters are all real (not placeholders) */
  LwProduct product;       /* DryRun: its product (for the RAM action name, "nlb:CreateListener") */
} Slot;

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
preflight_free (Preflight *pf)
{
  g_clear_object (&pf->setup);
  g_clear_object (&pf->rpc);
  g_clear_object (&pf->tidb);
  g_clear_pointer (&pf->checks, g_ptr_array_unref);
  g_free (pf);
}

/* ---- offline checks ---- */

static gboolean
is_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Same rule as the assistant's region field (src/ui/lw-validate.c): lower-case letters, digits and
 * dashes, starting with a letter; real region IDs are about 20 characters, so 64 is generous. */
#define REGION_MAX_LEN 64

static gboolean
region_is_valid (const char *region)
{
  gsize len = strlen (region);

  if (len > REGION_MAX_LEN || !g_ascii_islower (region[0]))
    return FALSE;
  for (const char *p = region; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

/* Alibaba Cloud zone IDs are the region ID plus a suffix: "cn-hangzhou" + "-i", but for regions
 * ending in a digit the letter follows directly ("ap-southeast-1" + "a"), so a bare "<region>-" prefix
 * test would refuse real Singapore zones. */
static gboolean
zone_in_region (const char *zone, const char *region)
{
  gsize len = strlen (region);
  const char *rest;

  if (strncmp (zone, region, len) != 0)
    return FALSE;
  rest = zone + len;
  if (rest[0] == '-')
    return rest[1] != '\0';
  return g_ascii_isdigit (region[len - 1]) && g_ascii_islower (rest[0]);
}

static void
add (GListStore *store, const char *id, const char *field, gboolean ok, const char *message)
{
  g_autoptr(LwCheck) check = lw_check_new (id, field, ok, message);
  g_list_store_append (store, check);
}

GListModel *
lw_preflight_check_inputs (LwSetup *setup)
{
  GListStore *store = g_list_store_new (LW_TYPE_CHECK);
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  const char * const *tidb_zones = lw_setup_get_tidb_zone_ids (setup);
  g_autoptr(GString) overlap = g_string_new (NULL);
  gboolean zones_complete = TRUE;
  const char *region = lw_setup_get_region (setup);
  LwSourceKind kind = lw_setup_get_source_kind (setup);
  gboolean region_ok = FALSE;

  if (region == NULL || *region == '\0')
    add (store, "region", "region", FALSE, _("Choose a region."));
  else if (strlen (region) > REGION_MAX_LEN)
    add (store, "region", "region", FALSE,
         _("The region ID is longer than 64 characters. A region ID looks like cn-hangzhou: choose the region again."));
  else if (!region_is_valid (region))
    add (store, "region", "region", FALSE,
         _("The region ID is not valid: it must look like cn-hangzhou (lower-case letters, digits and dashes, "
           "no spaces). Choose the region again."));
  else
    region_ok = TRUE;
  {
    g_autofree char *rds_msg = NULL;
    const char *source_id = lw_setup_get_rds_instance_id (setup);

    /* The ID goes into every name Linkwright sends (lw-names.c); one it cannot make valid is refused. */
    if (!lw_names_check_rds_instance_id (source_id, &rds_msg))
      {
        if (kind == LW_SOURCE_KIND_POLARDB)
          {
            g_free (rds_msg);
            rds_msg = g_strdup (source_id == NULL || *source_id == '\0'
                                ? _("Choose the PolarDB cluster.")
                                : _("The PolarDB cluster ID is not valid: it has only lower-case letters, digits and "
                                    "dashes (like pc-bp1abc123), at most 48 characters. Choose the cluster again from the list."));
          }
        else if (kind == LW_SOURCE_KIND_ECS)
          {
            g_free (rds_msg);
            rds_msg = g_strdup (source_id == NULL || *source_id == '\0'
                                ? _("Choose the ECS instance.")
                                : _("The ECS instance ID is not valid: it has only lower-case letters, digits and "
                                    "dashes (like i-bp1abc123), at most 48 characters. Choose the instance again from the list."));
          }
        add (store, "rds-instance", "rds-instance-id", FALSE, rds_msg);
      }
  }
  if (lw_setup_get_rds_ip (setup) == NULL)
    add (store, "rds-ip", "rds-instance-id", FALSE,
         kind == LW_SOURCE_KIND_POLARDB
         ? _("The private address of the PolarDB cluster is unknown. Choose the cluster again so that its "
             "private endpoint address and port are read.")
         : kind == LW_SOURCE_KIND_ECS
         ? _("The private IP of the ECS instance is unknown. Choose the instance again so that its private IP is read.")
         : _("The private address of the RDS instance is unknown. Choose the instance again so that its "
             "private IP and port are read."));
  if (lw_setup_get_rds_port (setup) == 0)
    {
      if (kind == LW_SOURCE_KIND_ECS)
        add (store, "rds-port", "rds-port", FALSE, _("Enter the port MySQL listens on, on the ECS instance (usually 3306)."));
      else if (kind == LW_SOURCE_KIND_POLARDB)
        add (store, "rds-port", "rds-instance-id", FALSE, _("The PolarDB port is 0. Choose the cluster again."));
      else
        add (store, "rds-port", "rds-instance-id", FALSE, _("The RDS port is 0. Choose the instance again."));
    }
  if (lw_setup_get_vpc_id (setup) == NULL)
    add (store, "vpc", "vpc-id", FALSE,
         kind == LW_SOURCE_KIND_POLARDB ? _("The VPC of the PolarDB cluster is unknown. Choose the cluster again.")
         : kind == LW_SOURCE_KIND_ECS ? _("The VPC of the ECS instance is unknown. Choose the instance again.")
         : _("The VPC of the RDS instance is unknown. Choose the instance again."));

  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      if (m->zone_id == NULL || m->vswitch_id == NULL)
        zones_complete = FALSE;
      if (m->zone_id != NULL && tidb_zones != NULL && g_strv_contains (tidb_zones, m->zone_id))
        {
          if (overlap->len > 0)
            g_string_append (overlap, ", ");
          g_string_append (overlap, m->zone_id);
        }
    }
  if (!zones_complete)
    add (store, "zone-vswitch", "zone-mappings", FALSE, _("Every chosen zone needs a vSwitch. Choose one per zone."));

  /* Only meaningful once the region itself is valid; otherwise the region check says what to fix. */
  if (region_ok)
    {
      g_autoptr(GString) foreign = g_string_new (NULL);

      for (guint i = 0; i < zones->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (zones, i);
          if (m->zone_id != NULL && !zone_in_region (m->zone_id, region))
            {
              if (foreign->len > 0)
                g_string_append (foreign, ", ");
              g_string_append (foreign, m->zone_id);
            }
        }
      if (foreign->len > 0)
        {
          g_autofree char *msg = g_strdup_printf (_("The zone(s) %s are not in region %s. Choose vSwitches in zones of "
                                                    "%s, or choose the region again."), foreign->str, region, region);
          add (store, "zone-region", "zone-mappings", FALSE, msg);
        }
    }

  if (zones->len < 2)
    add (store, "nlb-zone-minimum", "zone-mappings", FALSE,
         _("A network load balancer needs at least two zones. Choose a vSwitch in one more zone of the RDS VPC."));
  else
    add (store, "nlb-zone-minimum", "zone-mappings", TRUE, _("The load balancer spans enough zones."));

  if (tidb_zones == NULL || tidb_zones[0] == NULL)
    add (store, "zone-overlap", "tidb-zone-ids", FALSE,
         _("TiDB Cloud’s availability zones are unknown. Enter the zones shown in the TiDB Cloud console "
           "(manual mode) or pick the cluster again (automatic mode)."));
  else if (overlap->len == 0)
    {
      g_autofree char *want = g_strjoinv (", ", (char **)tidb_zones);
      g_autofree char *msg = g_strdup_printf (_("None of the chosen zones is one of TiDB Cloud’s zones (%s). "
                                                "Choose a vSwitch in at least one of them."), want);
      add (store, "zone-overlap", "zone-mappings", FALSE, msg);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (_("The load balancer shares zone(s) %s with TiDB Cloud."), overlap->str);
      add (store, "zone-overlap", "zone-mappings", TRUE, msg);
    }

  if (!is_digits (lw_setup_get_tidb_account_id (setup)))
    add (store, "tidb-account-id", "tidb-account-id", FALSE,
         _("The TiDB Cloud account ID must be digits only, as shown in the TiDB Cloud console."));

  if (lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC && lw_setup_get_tidb_cluster_id (setup) == NULL)
    add (store, "tidb-cluster", "tidb-cluster-id", FALSE, _("Choose the TiDB Cloud cluster (automatic mode)."));

  return G_LIST_MODEL (store);
}

/* ---- online checks ---- */

static guint
reserve (Preflight *pf)
{
  g_ptr_array_add (pf->checks, NULL);
  pf->pending++;
  return pf->checks->len - 1;
}

static void
slot_done (Slot *slot, LwCheck *check)
{
  Preflight *pf = g_task_get_task_data (slot->task);

  g_ptr_array_index (pf->checks, slot->slot) = check;
  if (--pf->pending == 0)
    {
      GListStore *store = g_list_store_new (LW_TYPE_CHECK);
      GCancellable *cancellable = g_task_get_cancellable (slot->task);

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_object_unref (store);
          g_task_return_new_error (slot->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
        }
      else
        {
          for (guint i = 0; i < pf->checks->len; i++)
            if (g_ptr_array_index (pf->checks, i) != NULL)
              g_list_store_append (store, g_ptr_array_index (pf->checks, i));
          g_task_return_pointer (slot->task, store, g_object_unref);
        }
    }
  g_object_unref (slot->task);
  g_free (slot);
}

static Slot *
slot_new (GTask *task, const char *action, gboolean independent)
{
  Preflight *pf = g_task_get_task_data (task);
  Slot *slot = g_new0 (Slot, 1);

  slot->task = g_object_ref (task);
  slot->slot = reserve (pf);
  slot->action = action;
  slot->independent = independent;
  return slot;
}

static gboolean
is_permission_error (const GError *error)
{
  const char *code = lw_cloud_error_get_code (error);

  return code != NULL && (g_str_has_prefix (code, "Forbidden") || g_str_has_prefix (code, "NoPermission")
                          || g_str_has_prefix (code, "InvalidAccessKeyId") || g_str_equal (code, "SignatureDoesNotMatch")
                          || g_str_has_prefix (code, "InvalidSecurityToken") || g_str_equal (code, "AccountTypeRestricted"));
}

/* A refused permission, naming the RAM action ("privatelink:CheckProductOpen") the policy must allow. */
static char *
permission_message (LwProduct product, const char *action, const GError *error)
{
  g_autofree char *ram_action = lw_ram_policy_action_name (lw_product_get_name (product), action);

  return g_strdup_printf (_("This AccessKey may not call %s (%s). In the RAM console, attach Linkwright’s RAM "
                            "policy (Account page) to the user, or a policy allowing %s."),
                          ram_action, lw_cloud_error_get_code (error), ram_action);
}

/* The cloud refused a parameter of the call (MissingParameter, InvalidParameter.*, InvalidRegionId, …):
 * only an answer of the API itself, never a transport error (TLS, network, timeout). */
static gboolean
is_parameter_error (const GError *error)
{
  const char *code = lw_cloud_error_get_code (error);

  if (!g_error_matches (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_API) || code == NULL)
    return FALSE;
  return g_str_has_prefix (code, "Missing") || g_str_has_prefix (code, "Invalid")
         || g_str_has_prefix (code, "IllegalParam") || g_str_has_prefix (code, "IncorrectParam");
}

static void
dry_run_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *id = g_strdup_printf ("dry-run-%s", slot->action);
  g_autofree char *msg = NULL;
  gboolean ok;

  (void)result; /* success is all a dry run tells */

  if (error == NULL)
    {
      ok = TRUE;
      msg = g_strdup_printf (_("%s is allowed."), slot->action);
    }
  else if (is_permission_error (error))
    {
      ok = FALSE;
      msg = permission_message (slot->product, slot->action, error);
    }
  else if (!slot->independent && lw_cloud_error_get_code (error) != NULL && !lw_cloud_error_is_transient (error))
    {
      /* The call names resources that do not exist yet (placeholders): any answer past the permission
       * check proves the permission. */
      ok = TRUE;
      msg = g_strdup_printf (_("%s is allowed."), slot->action);
    }
  else
    {
      /* The inner message may end with its own full stop (GnuTLS's do); ours adds one. */
      g_autofree char *inner = g_strstrip (g_strdup (error->message));
      gsize len = strlen (inner);

      while (len > 0 && inner[len - 1] == '.')
        inner[--len] = '\0';
      ok = FALSE;
      /* Checking the inputs only helps when the cloud refused a parameter, not for a certificate or
       * network problem. */
      if (is_parameter_error (error))
        msg = g_strdup_printf (_("The dry run of %s failed: %s. Check the inputs of the setup."), slot->action, inner);
      else
        msg = g_strdup_printf (_("The dry run of %s failed: %s."), slot->action, inner);
    }
  slot_done (slot, lw_check_new (id, "permissions", ok, msg));
}

static void
dry_run (GTask *task, LwProduct product, const char *action, LwParams *params, gboolean independent)
{
  Preflight *pf = g_task_get_task_data (task);
  Slot *slot = slot_new (task, action, independent);

  slot->product = product;
  lw_params_add (params, "RegionId", lw_setup_get_region (pf->setup));
  lw_rpc_client_call_async (pf->rpc, product, action, params, LW_CALL_FLAGS_DRY_RUN,
                            g_task_get_cancellable (task), dry_run_cb, slot);
  lw_params_free (params);
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *node = o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return NULL;
}

/* Items.X[] → the first element. */
static JsonObject *
first_item (JsonObject *r, const char *wrapper, const char *name)
{
  JsonObject *items;
  JsonArray *arr;

  if (r == NULL || !json_object_has_member (r, wrapper))
    return NULL;
  items = json_object_get_object_member (r, wrapper);
  if (items == NULL || !json_object_has_member (items, name))
    return NULL;
  arr = json_object_get_array_member (items, name);
  if (arr == NULL || json_array_get_length (arr) == 0)
    return NULL;
  return json_array_get_object_element (arr, 0);
}

static void
product_open_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autofree char *success = member_string (result, "Success");

  if (error != NULL)
    {
      g_autofree char *msg = is_permission_error (error)
                             ? permission_message (LW_PRODUCT_PRIVATELINK, "CheckProductOpen", error)
                             : g_strdup (error->message);
      slot_done (slot, lw_check_new ("privatelink-open", "permissions", FALSE, msg));
    }
  else if (g_strcmp0 (success, "false") == 0)
    slot_done (slot, lw_check_new ("privatelink-open", "permissions", FALSE,
                                   _("PrivateLink is not activated for this account. Activate it (free) in the "
                                     "PrivateLink console, then check again.")));
  else
    slot_done (slot, lw_check_new ("privatelink-open", "permissions", TRUE, _("PrivateLink is activated.")));
}

static void
rds_attribute_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  JsonObject *attr = first_item (result, "Items", "DBInstanceAttribute");
  g_autofree char *status = member_string (attr, "DBInstanceStatus");
  g_autofree char *network = member_string (attr, "InstanceNetworkType");
  g_autofree char *engine = member_string (attr, "Engine");
  g_autofree char *vpc = member_string (attr, "VpcId");
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (error != NULL && is_permission_error (error))
    msg = permission_message (LW_PRODUCT_RDS, "DescribeDBInstanceAttribute", error);
  else if (error != NULL)
    msg = lw_cloud_error_is_not_found (error)
          ? g_strdup (_("The RDS instance does not exist in this region. Choose it again from the list."))
          : g_strdup_printf (_("Could not read the RDS instance: %s"), error->message);
  else if (attr == NULL)
    msg = g_strdup (_("The RDS instance does not exist in this region. Choose it again from the list."));
  else if (g_strcmp0 (engine, "MySQL") != 0)
    msg = g_strdup_printf (_("The instance runs %s, not MySQL. Choose an RDS MySQL instance."), engine ? engine : "?");
  else if (g_strcmp0 (status, "Running") != 0)
    msg = g_strdup_printf (_("The instance is %s, not Running. Start it (or wait until its change ends), then check again."),
                           status ? status : "?");
  else if (g_strcmp0 (network, "VPC") != 0)
    msg = g_strdup (_("The instance uses the classic network. A private link needs an instance in a VPC: switch "
                      "its network type to VPC in the RDS console first."));
  else if (vpc != NULL && lw_setup_get_vpc_id (pf->setup) != NULL && g_strcmp0 (vpc, lw_setup_get_vpc_id (pf->setup)) != 0)
    msg = g_strdup_printf (_("The instance is in VPC %s, but the setup uses %s. Choose the instance again."),
                           vpc, lw_setup_get_vpc_id (pf->setup));
  else
    {
      ok = TRUE;
      msg = g_strdup (_("The RDS instance is a running MySQL instance in the VPC."));
    }
  slot_done (slot, lw_check_new ("rds-instance", "rds-instance-id", ok, msg));
}

/* IPv4 CIDR containment: does @outer (an IP or a CIDR) cover all of @inner (a CIDR)? */
static gboolean
parse_cidr (const char *text, guint32 *addr, guint *bits)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", 2);
  g_autoptr(GInetAddress) inet = NULL;
  const guint8 *bytes;

  if (parts[0] == NULL)
    return FALSE;
  g_strstrip (parts[0]);
  inet = g_inet_address_new_from_string (parts[0]);
  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV4)
    return FALSE;
  bytes = g_inet_address_to_bytes (inet);
  *addr = ((guint32)bytes[0] << 24) | ((guint32)bytes[1] << 16) | ((guint32)bytes[2] << 8) | bytes[3];
  *bits = 32;
  if (parts[1] != NULL)
    {
      guint64 b;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 32, &b, NULL))
        return FALSE;
      *bits = b;
    }
  return TRUE;
}

static gboolean
cidr_covers (const char *outer, const char *inner)
{
  guint32 oa, ia, mask;
  guint ob, ib;

  if (!parse_cidr (outer, &oa, &ob) || !parse_cidr (inner, &ia, &ib))
    return FALSE;
  if (ob > ib)
    return FALSE;
  mask = ob == 0 ? 0 : 0xffffffffu << (32 - ob);
  return (oa & mask) == (ia & mask);
}

static void
whitelist_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);
  g_autoptr(GPtrArray) allowed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  GPtrArray *zones = lw_setup_get_zone_mappings (pf->setup);
  JsonObject *items;
  JsonArray *arrays = NULL;
  LwCheck *check;

  if (error != NULL)
    {
      g_autofree char *msg = is_permission_error (error)
                             ? permission_message (LW_PRODUCT_RDS, "DescribeDBInstanceIPArrayList", error)
                             : g_strdup_printf (_("Could not read the RDS whitelist: %s"), error->message);
      slot_done (slot, lw_check_new ("rds-whitelist", "fix-whitelist", FALSE, msg));
      return;
    }
  items = json_object_has_member (result, "Items") ? json_object_get_object_member (result, "Items") : NULL;
  if (items != NULL && json_object_has_member (items, "DBInstanceIPArray"))
    arrays = json_object_get_array_member (items, "DBInstanceIPArray");
  for (guint i = 0; arrays && i < json_array_get_length (arrays); i++)
    {
      g_autofree char *list = member_string (json_array_get_object_element (arrays, i), "SecurityIPList");
      g_auto(GStrv) entries = list ? g_strsplit (list, ",", -1) : NULL;
      for (guint j = 0; entries && entries[j]; j++)
        g_ptr_array_add (allowed, g_strdup (entries[j]));
    }
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      gboolean covered = FALSE;
      if (m->cidr == NULL)
        continue;
      for (guint j = 0; j < allowed->len && !covered; j++)
        covered = cidr_covers (g_ptr_array_index (allowed, j), m->cidr);
      if (!covered)
        {
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, m->cidr);
        }
    }

  if (missing->len == 0)
    check = lw_check_new ("rds-whitelist", "fix-whitelist", TRUE,
                          _("The RDS whitelist allows the load balancer’s vSwitches."));
  else if (lw_setup_get_fix_whitelist (pf->setup))
    {
      g_autofree char *msg = g_strdup_printf (_("The RDS whitelist does not allow %s yet; Linkwright will add them as "
                                                "a separate whitelist group (lw_%s)."), missing->str, lw_setup_get_id (pf->setup));
      check = lw_check_new ("rds-whitelist", "fix-whitelist", TRUE, msg);
    }
  else
    {
      g_autofree char *msg = g_strdup_printf (_("The RDS whitelist does not allow %s, so RDS would refuse connections "
                                                "through the load balancer. Let Linkwright add them (a separate "
                                                "whitelist group), or add them in the RDS console."), missing->str);
      check = lw_check_new ("rds-whitelist", "fix-whitelist", FALSE, msg);
      lw_check_set_repairable (check, TRUE);
    }
  slot_done (slot, check);
}

/* ---- PolarDB and ECS sources (lw-source.c reads them) ---- */

static const char *
source_check_id (LwSourceKind kind)
{
  return kind == LW_SOURCE_KIND_POLARDB ? "polardb-cluster" : "ecs-instance";
}

static void
source_instance_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  LwSourceKind kind = lw_setup_get_source_kind (pf->setup);
  gboolean polardb = kind == LW_SOURCE_KIND_POLARDB;
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscInstance) inst = lw_source_finish (res, &error);
  const char *want_vpc = lw_setup_get_vpc_id (pf->setup);
  const char *sg = lw_setup_get_source_security_group_id (pf->setup);
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (error != NULL && is_permission_error (error))
    msg = permission_message (slot->product, slot->action, error);
  else if (error != NULL && (lw_cloud_error_is_not_found (error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)))
    msg = g_strdup (polardb ? _("The PolarDB cluster does not exist in this region. Choose it again from the list.")
                            : _("The ECS instance does not exist in this region. Choose it again from the list."));
  else if (error != NULL)
    msg = g_strdup_printf (polardb ? _("Could not read the PolarDB cluster: %s") : _("Could not read the ECS instance: %s"),
                           error->message);
  else if (polardb && g_strcmp0 (inst->engine, "MySQL") != 0)
    msg = g_strdup_printf (_("The cluster runs %s, not MySQL. Choose a PolarDB for MySQL cluster."),
                           inst->engine ? inst->engine : "?");
  else if (g_strcmp0 (inst->status, "Running") != 0)
    msg = g_strdup_printf (polardb ? _("The cluster is %s, not Running. Start it (or wait until its change ends), then check again.")
                                   : _("The instance is %s, not Running. Start it, then check again."),
                           inst->status ? inst->status : "?");
  else if (g_strcmp0 (inst->network_type, "VPC") != 0)
    msg = g_strdup (polardb ? _("The cluster uses the classic network. A private link needs a cluster in a VPC.")
                            : _("The instance uses the classic network. A private link needs an instance in a VPC: "
                                "migrate it to a VPC first."));
  else if (inst->vpc_id != NULL && want_vpc != NULL && g_strcmp0 (inst->vpc_id, want_vpc) != 0)
    msg = g_strdup_printf (polardb ? _("The cluster is in VPC %s, but the setup uses %s. Choose the cluster again.")
                                   : _("The instance is in VPC %s, but the setup uses %s. Choose the instance again."),
                           inst->vpc_id, want_vpc);
  else if (!polardb && g_strcmp0 (inst->private_ip, lw_setup_get_rds_ip (pf->setup)) != 0)
    msg = g_strdup_printf (_("The instance’s private IP is %s, but the setup uses %s. Choose the instance again."),
                           inst->private_ip ? inst->private_ip : "?", lw_setup_get_rds_ip (pf->setup));
  else if (!polardb && sg != NULL && (inst->security_group_ids == NULL
                                      || !g_strv_contains ((const char * const *) inst->security_group_ids, sg)))
    msg = g_strdup_printf (_("The security group %s is not one of the instance’s. Choose the instance again."), sg);
  else
    {
      ok = TRUE;
      msg = polardb ? g_strdup (_("The PolarDB cluster is a running MySQL cluster in the VPC."))
                    : g_strdup_printf (_("The ECS instance is running in the VPC (MySQL on port %u, as entered)."),
                                       lw_setup_get_rds_port (pf->setup));
    }
  slot_done (slot, lw_check_new (source_check_id (kind), "rds-instance-id", ok, msg));
}

static void
polardb_address_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwDiscAddress) address = lw_source_finish (res, &error);
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (error != NULL && is_permission_error (error))
    msg = permission_message (LW_PRODUCT_POLARDB, "DescribeDBClusterEndpoints", error);
  else if (error != NULL)
    msg = g_strdup_printf (_("Could not read the PolarDB cluster’s endpoints: %s"), error->message);
  else if (address->ip_address == NULL)
    msg = g_strdup (_("The PolarDB cluster’s endpoint has no private address. Choose the cluster again, or give its "
                      "Cluster endpoint a private address in the PolarDB console."));
  else if (g_strcmp0 (address->ip_address, lw_setup_get_rds_ip (pf->setup)) != 0
           || address->port != lw_setup_get_rds_port (pf->setup))
    msg = g_strdup_printf (_("The endpoint’s private address is %s:%u, but the setup uses %s:%u. Choose the cluster again."),
                           address->ip_address, address->port, lw_setup_get_rds_ip (pf->setup),
                           lw_setup_get_rds_port (pf->setup));
  else
    {
      ok = TRUE;
      msg = g_strdup_printf (_("The cluster’s private endpoint address is %s:%u."), address->ip_address, address->port);
    }
  slot_done (slot, lw_check_new ("polardb-address", "rds-instance-id", ok, msg));
}

static void
source_access_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  LwSourceKind kind = lw_setup_get_source_kind (pf->setup);
  gboolean polardb = kind == LW_SOURCE_KIND_POLARDB;
  const char *id = lw_setup_get_access_step_id (pf->setup);
  g_autoptr(GError) error = NULL;
  g_autofree char *allowed = lw_source_finish (res, &error);
  g_autofree char *missing = NULL;
  LwCheck *check;

  if (error != NULL)
    {
      g_autofree char *msg = is_permission_error (error)
                             ? permission_message (slot->product, slot->action, error)
                             : g_strdup_printf (polardb ? _("Could not read the PolarDB whitelist: %s")
                                                        : _("Could not read the ECS instance’s security groups: %s"),
                                                error->message);
      slot_done (slot, lw_check_new (id, "fix-whitelist", FALSE, msg));
      return;
    }
  missing = lw_source_missing_cidrs (pf->setup, allowed);
  if (*missing == '\0')
    check = lw_check_new (id, "fix-whitelist", TRUE,
                          polardb ? _("The PolarDB whitelist allows the load balancer’s vSwitches.")
                                  : _("The instance’s security groups allow the load balancer’s vSwitches on the MySQL port."));
  else if (lw_setup_get_fix_whitelist (pf->setup))
    {
      g_autofree char *group = lw_names_polardb_whitelist_group (lw_setup_get_id (pf->setup));
      g_autofree char *msg = polardb
        ? g_strdup_printf (_("The PolarDB whitelist does not allow %s yet; Linkwright will add them as a separate "
                             "whitelist group (%s)."), missing, group)
        : g_strdup_printf (_("The instance’s security groups do not allow %s on port %u yet; Linkwright will add "
                             "inbound rules for them to %s."), missing, lw_setup_get_rds_port (pf->setup),
                           lw_setup_get_source_security_group_id (pf->setup) ? lw_setup_get_source_security_group_id (pf->setup)
                                                                             : _("the instance’s first security group"));
      check = lw_check_new (id, "fix-whitelist", TRUE, msg);
    }
  else
    {
      g_autofree char *msg = polardb
        ? g_strdup_printf (_("The PolarDB whitelist does not allow %s, so PolarDB would refuse connections through the "
                             "load balancer. Let Linkwright add them (a separate whitelist group), or add them in the "
                             "PolarDB console."), missing)
        : g_strdup_printf (_("The instance’s security groups do not allow %s on port %u, so connections through the "
                             "load balancer would be dropped. Let Linkwright add inbound rules, or add them in the ECS "
                             "console."), missing, lw_setup_get_rds_port (pf->setup));
      check = lw_check_new (id, "fix-whitelist", FALSE, msg);
      lw_check_set_repairable (check, TRUE);
    }
  slot_done (slot, check);
}

/* The source checks of a PolarDB or ECS setup (RDS: the calls in lw_preflight_run_async()). */
static void
check_source (GTask *task)
{
  Preflight *pf = g_task_get_task_data (task);
  LwSetup *setup = pf->setup;
  LwSourceKind kind = lw_setup_get_source_kind (setup);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *region = lw_setup_get_region (setup);
  const char *id = lw_setup_get_rds_instance_id (setup);
  Slot *slot;

  slot = slot_new (task, kind == LW_SOURCE_KIND_POLARDB ? "DescribeDBClusterAttribute" : "DescribeInstances", TRUE);
  slot->product = lw_source_kind_product (kind);
  lw_source_instance_async (pf->rpc, kind, region, id, cancellable, source_instance_cb, slot);
  if (kind == LW_SOURCE_KIND_POLARDB)
    lw_source_address_async (pf->rpc, kind, region, id, lw_setup_get_source_endpoint_id (setup), cancellable,
                             polardb_address_cb, slot_new (task, NULL, TRUE));
  slot = slot_new (task, kind == LW_SOURCE_KIND_POLARDB ? "DescribeDBClusterAccessWhitelist" : "DescribeSecurityGroupAttribute",
                   TRUE);
  slot->product = lw_source_kind_product (kind);
  lw_source_access_async (pf->rpc, kind, region, id, lw_setup_get_rds_port (setup), cancellable, source_access_cb, slot);
  if (kind == LW_SOURCE_KIND_ECS)
    {
      /* ECS documents DryRun for DescribeInstances: the permission, proven without reading anything. PolarDB's
       * ModifyDBClusterAccessWhitelist and ECS's AuthorizeSecurityGroup have none: never "dry-run" them. */
      LwParams *p = lw_params_new ();
      g_autofree char *ids = g_strdup_printf ("[\"%s\"]", id);

      lw_params_add (p, "InstanceIds", ids);
      dry_run (task, LW_PRODUCT_ECS, "DescribeInstances", p, TRUE);
    }
}

static void
tidb_cluster_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbCluster) cluster = lw_tidb_client_get_cluster_finish (LW_TIDB_CLIENT (source), res, &error);
  g_autofree char *want_region = g_strconcat ("alicloud-", lw_setup_get_region (pf->setup), NULL);
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (cluster == NULL)
    msg = lw_cloud_error_get_http_status (error) == 401
          ? g_strdup (_("TiDB Cloud did not accept the API key. Check the public and private key."))
          : g_strdup_printf (_("Could not read the TiDB Cloud cluster: %s"), error->message);
  else if (g_strcmp0 (cluster->cloud_provider, "alicloud") != 0)
    msg = g_strdup (_("The TiDB Cloud cluster is not on Alibaba Cloud. Choose a cluster on Alibaba Cloud."));
  else if (g_strcmp0 (cluster->region_id, want_region) != 0)
    msg = g_strdup_printf (_("The cluster is in %s but the RDS instance is in %s. Cross-region private links are not "
                             "supported: choose a cluster in the same region."), cluster->region_id, lw_setup_get_region (pf->setup));
  else if (g_strcmp0 (cluster->state, "ACTIVE") != 0)
    msg = g_strdup_printf (_("The cluster is %s, not ACTIVE. Wait until it is active, then check again."), cluster->state);
  else
    {
      ok = TRUE;
      msg = g_strdup (_("The TiDB Cloud cluster is active, on Alibaba Cloud, in the same region."));
    }
  slot_done (slot, lw_check_new ("tidb-cluster", "tidb-cluster-id", ok, msg));
}

static void
tidb_zones_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Slot *slot = user_data;
  Preflight *pf = g_task_get_task_data (slot->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LwTidbAvailabilityZones) azs = lw_tidb_client_get_availability_zones_finish (LW_TIDB_CLIENT (source), res, &error);
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (azs == NULL && lw_tidb_error_is_api_refusal (error) && lw_setup_get_tidb_account_id (pf->setup) != NULL)
    {
      /* A cluster on a newer API version: the account and zones come from the console (entered by
       * the user), and the setup switches to manual mode when it reaches TiDB Cloud. */
      ok = TRUE;
      msg = g_strdup_printf (_("TiDB Cloud does not give this cluster’s account and zones through its API (%s). The "
                               "account ID and zones entered from the TiDB Cloud console are used, and the connection "
                               "is created in the console."), error->message);
    }
  else if (azs == NULL)
    msg = g_strdup_printf (_("Could not read TiDB Cloud’s account and zones: %s"), error->message);
  else if (g_strcmp0 (azs->account_id, lw_setup_get_tidb_account_id (pf->setup)) != 0)
    msg = g_strdup_printf (_("TiDB Cloud uses account %s for this cluster, but the setup whitelists %s. Pick the "
                             "cluster again."), azs->account_id, lw_setup_get_tidb_account_id (pf->setup));
  else
    {
      ok = TRUE;
      msg = g_strdup (_("TiDB Cloud’s account ID and zones match the setup."));
    }
  slot_done (slot, lw_check_new ("tidb-account", "tidb-account-id", ok, msg));
}

/* ---- every other action of the RAM policy (lw-ram-policy.c) ---- */

/* Actions the checks above call themselves: their own checks name them. */
static const char * const called_above[] = {
  "privatelink:CheckProductOpen", "rds:DescribeDBInstanceAttribute", "rds:DescribeDBInstanceIPArrayList",
  "nlb:CreateServerGroup", "nlb:AddServersToServerGroup", "nlb:CreateLoadBalancer", "nlb:CreateListener",
  "privatelink:CreateVpcEndpointService", "privatelink:AddUserToVpcEndpointService",
  "polardb:DescribeDBClusterAttribute", "polardb:DescribeDBClusterEndpoints", "polardb:DescribeDBClusterAccessWhitelist",
  "ecs:DescribeInstances", "ecs:DescribeSecurityGroupAttribute", NULL
};

typedef struct {
  Slot *slot;           /* the "ram-policy" check */
  guint pending;
  guint allowed;
  GPtrArray *denied;    /* RAM action names */
  GPtrArray *unknown;   /* "action (message)" */
} Probes;

typedef struct {
  Probes *probes;
  const char *action;   /* RAM action (static) */
} Probe;

static void
probes_finish (Probes *ps)
{
  g_autofree char *msg = NULL;
  gboolean ok = FALSE;

  if (ps->denied->len > 0)
    {
      g_autofree char *names = NULL;
      g_ptr_array_add (ps->denied, NULL);
      names = g_strjoinv (", ", (char **)ps->denied->pdata);
      msg = g_strdup_printf (_("This AccessKey may not call %s, which Linkwright needs for the setup, the health "
                               "check or the teardown. In the RAM console, attach Linkwright’s RAM policy (Account "
                               "page) to the user."), names);
    }
  else if (ps->unknown->len > 0)
    {
      g_autofree char *what = NULL;
      g_ptr_array_add (ps->unknown, NULL);
      what = g_strjoinv ("; ", (char **)ps->unknown->pdata);
      msg = g_strdup_printf (_("Could not check every permission of Linkwright’s RAM policy: %s."), what);
    }
  else
    {
      ok = TRUE;
      msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The AccessKey may call the %u other action Linkwright "
                                          "needs (waits, health check, teardown).",
                                          "The AccessKey may call the %u other actions Linkwright needs (waits, "
                                          "health check, teardown).", ps->allowed), ps->allowed);
    }
  slot_done (ps->slot, lw_check_new ("ram-policy", "permissions", ok, msg));
  g_ptr_array_unref (ps->denied);
  g_ptr_array_unref (ps->unknown);
  g_free (ps);
}

static void
probe_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Probe *probe = user_data;
  Probes *ps = probe->probes;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = lw_rpc_client_call_finish (LW_RPC_CLIENT (source), res, &error);

  (void)result;
  if (error != NULL && is_permission_error (error))
    g_ptr_array_add (ps->denied, g_strdup (probe->action));
  else if (error == NULL || (lw_cloud_error_get_code (error) != NULL && !lw_cloud_error_is_transient (error)))
    ps->allowed++;  /* the call got past the permission check (placeholder IDs answer "not found") */
  else
    g_ptr_array_add (ps->unknown, g_strdup_printf ("%s (%s)", probe->action, error->message));
  g_free (probe);
  if (--ps->pending == 0)
    probes_finish (ps);
}

/* The parameters of a probe: the setup's real IDs where they exist, placeholders for resources that do not
 * exist yet. */
static LwParams *
probe_params (LwProduct product, const char *api, LwSetup *setup)
{
  LwParams *p = lw_params_new ();

  /* Only where the official definition has one (not GetJobStatus, DescribeRegions, ...). */
  if (lw_rpc_action_takes_param (product, api, "RegionId"))
    lw_params_add (p, "RegionId", lw_setup_get_region (setup));
  if (g_str_has_suffix (api, "ServerGroup") || g_str_equal (api, "ListServerGroupServers")
      || g_str_equal (api, "RemoveServersFromServerGroup"))
    lw_params_add (p, "ServerGroupId", "sgp-linkwright-dryrun");
  if (g_str_equal (api, "RemoveServersFromServerGroup"))
    {
      lw_params_add (p, "Servers.1.ServerId", lw_setup_get_rds_ip (setup));
      lw_params_add (p, "Servers.1.ServerType", "Ip");
      lw_params_add (p, "Servers.1.ServerIp", lw_setup_get_rds_ip (setup));
      lw_params_add_uint (p, "Servers.1.Port", lw_setup_get_rds_port (setup));
    }
  if (g_str_equal (api, "GetLoadBalancerAttribute") || g_str_equal (api, "DeleteLoadBalancer"))
    lw_params_add (p, "LoadBalancerId", "nlb-linkwright-dryrun");
  if (g_str_equal (api, "GetListenerAttribute") || g_str_equal (api, "DeleteListener"))
    lw_params_add (p, "ListenerId", "lsn-linkwright-dryrun");
  if (g_str_equal (api, "GetJobStatus"))
    lw_params_add (p, "JobId", "linkwright-dryrun");
  if ((strstr (api, "VpcEndpointService") != NULL || strstr (api, "VpcEndpointConnection") != NULL) &&
      lw_rpc_action_takes_param (product, api, "ServiceId"))
    lw_params_add (p, "ServiceId", "epsrv-linkwright-dryrun");
  if (g_str_equal (api, "RemoveUserFromVpcEndpointService"))
    lw_params_add (p, "UserId", lw_setup_get_tidb_account_id (setup) ? lw_setup_get_tidb_account_id (setup) : "0");
  if (g_str_has_suffix (api, "VpcEndpointConnection"))
    lw_params_add (p, "EndpointId", "ep-linkwright-dryrun");
  if (g_str_equal (api, "DescribeDBInstanceNetInfo"))
    lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
  if (g_str_equal (api, "DescribeVSwitches"))
    lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  return p;
}

/* One "ram-policy" check for every action of the policy that preflight can prove without creating
 * anything (a DryRun, or a read) and that the checks above do not call. */
static void
probe_policy (GTask *task)
{
  Preflight *pf = g_task_get_task_data (task);
  Probes *ps = g_new0 (Probes, 1);
  const LwRamAction *table;
  guint n;

  ps->slot = slot_new (task, NULL, TRUE);
  ps->denied = g_ptr_array_new_with_free_func (g_free);
  ps->unknown = g_ptr_array_new_with_free_func (g_free);
  ps->pending = 1; /* held until every probe is sent */
  table = lw_ram_policy_get_actions (&n);
  for (guint i = 0; i < n; i++)
    {
      const char *api = strchr (table[i].action, ':') + 1;
      LwProduct product;
      LwParams *p;
      Probe *probe;

      if (table[i].probe == LW_RAM_PROBE_NONE || table[i].product == NULL
          || !lw_ram_action_for_kind (&table[i], lw_setup_get_source_kind (pf->setup))
          || g_strv_contains (called_above, table[i].action) || !lw_product_from_name (table[i].product, &product))
        continue;
      probe = g_new0 (Probe, 1);
      probe->probes = ps;
      probe->action = table[i].action;
      ps->pending++;
      p = probe_params (product, api, pf->setup);
      lw_rpc_client_call_async (pf->rpc, product, api, p,
                                table[i].probe == LW_RAM_PROBE_DRY_RUN ? LW_CALL_FLAGS_DRY_RUN : LW_CALL_FLAGS_NONE,
                                g_task_get_cancellable (task), probe_cb, probe);
      lw_params_free (p);
    }
  if (--ps->pending == 0)
    probes_finish (ps);
}

void
lw_preflight_run_async (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GListModel) offline = lw_preflight_check_inputs (setup);
  g_autoptr(GError) error = NULL;
  Preflight *pf = g_new0 (Preflight, 1);
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  g_autofree char *name = lw_setup_dup_name (setup);
  const char *region = lw_setup_get_region (setup);
  Slot *hold;
  LwParams *p;

  g_task_set_source_tag (task, lw_preflight_run_async);
  pf->setup = g_object_ref (setup);
  pf->checks = g_ptr_array_new_with_free_func (unref_nullable);
  g_task_set_task_data (task, pf, (GDestroyNotify)preflight_free);

  for (guint i = 0; i < g_list_model_get_n_items (offline); i++)
    {
      g_ptr_array_add (pf->checks, g_list_model_get_item (offline, i));
    }

  /* An input error is known without asking the cloud, and the online checks would only send it bad
   * parameters: report the offline checks alone, without a single request. */
  if (!lw_checks_all_ok (offline))
    {
      g_task_return_pointer (task, g_object_ref (offline), g_object_unref);
      return;
    }

  pf->rpc = lw_engine_context_create_rpc_client (context, region, &error);
  if (pf->rpc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keeps the task open while the calls are started. */
  hold = slot_new (task, NULL, TRUE);

  lw_rpc_client_call_async (pf->rpc, LW_PRODUCT_PRIVATELINK, "CheckProductOpen", (p = lw_params_new ()),
                            LW_CALL_FLAGS_NONE, cancellable, product_open_cb, slot_new (task, NULL, TRUE));
  lw_params_free (p);

  if (lw_setup_get_source_kind (setup) == LW_SOURCE_KIND_RDS)
    {
      p = lw_params_new ();
      lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
      lw_rpc_client_call_async (pf->rpc, LW_PRODUCT_RDS, "DescribeDBInstanceAttribute", p, LW_CALL_FLAGS_NONE,
                                cancellable, rds_attribute_cb, slot_new (task, NULL, TRUE));
      lw_params_free (p);

      p = lw_params_new ();
      lw_params_add (p, "DBInstanceId", lw_setup_get_rds_instance_id (setup));
      lw_rpc_client_call_async (pf->rpc, LW_PRODUCT_RDS, "DescribeDBInstanceIPArrayList", p, LW_CALL_FLAGS_NONE,
                                cancellable, whitelist_cb, slot_new (task, NULL, TRUE));
      lw_params_free (p);
    }
  else
    check_source (task);

  /* DryRun of every create call, with the real parameters where they exist already. */
  p = lw_params_new ();
  lw_params_add (p, "ServerGroupName", name);
  lw_params_add (p, "ServerGroupType", "Ip");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  lw_params_add (p, "Protocol", "TCP");
  dry_run (task, LW_PRODUCT_NLB, "CreateServerGroup", p, TRUE);

  p = lw_params_new ();
  lw_params_add (p, "ServerGroupId", "sgp-linkwright-dryrun");
  lw_params_add (p, "Servers.1.ServerId", lw_setup_get_rds_ip (setup));
  lw_params_add (p, "Servers.1.ServerType", "Ip");
  lw_params_add (p, "Servers.1.ServerIp", lw_setup_get_rds_ip (setup));
  lw_params_add_uint (p, "Servers.1.Port", lw_setup_get_rds_port (setup));
  dry_run (task, LW_PRODUCT_NLB, "AddServersToServerGroup", p, FALSE);

  p = lw_params_new ();
  lw_params_add (p, "LoadBalancerName", name);
  lw_params_add (p, "AddressType", "Intranet");
  lw_params_add (p, "AddressIpVersion", "ipv4");
  lw_params_add (p, "VpcId", lw_setup_get_vpc_id (setup));
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "ZoneId", m->zone_id);
      lw_params_add_indexed (p, "ZoneMappings", i + 1, "VSwitchId", m->vswitch_id);
    }
  lw_params_add (p, "LoadBalancerBillingConfig.PayType", "PostPay");
  dry_run (task, LW_PRODUCT_NLB, "CreateLoadBalancer", p, zones->len >= 2);

  p = lw_params_new ();
  lw_params_add (p, "ListenerProtocol", "TCP");
  lw_params_add_uint (p, "ListenerPort", lw_setup_get_listener_port (setup));
  lw_params_add (p, "LoadBalancerId", "nlb-linkwright-dryrun");
  lw_params_add (p, "ServerGroupId", "sgp-linkwright-dryrun");
  dry_run (task, LW_PRODUCT_NLB, "CreateListener", p, FALSE);

  p = lw_params_new ();
  lw_params_add (p, "ServiceResourceType", "nlb");
  lw_params_add_bool (p, "AutoAcceptEnabled", FALSE);
  for (guint i = 0; i < zones->len; i++)
    {
      LwZoneMapping *m = g_ptr_array_index (zones, i);
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceType", "nlb");
      lw_params_add_indexed (p, "Resource", i + 1, "ResourceId", "nlb-linkwright-dryrun");
      lw_params_add_indexed (p, "Resource", i + 1, "ZoneId", m->zone_id);
    }
  dry_run (task, LW_PRODUCT_PRIVATELINK, "CreateVpcEndpointService", p, FALSE);

  p = lw_params_new ();
  lw_params_add (p, "ServiceId", "epsrv-linkwright-dryrun");
  lw_params_add (p, "UserId", lw_setup_get_tidb_account_id (setup) ? lw_setup_get_tidb_account_id (setup) : "0");
  dry_run (task, LW_PRODUCT_PRIVATELINK, "AddUserToVpcEndpointService", p, FALSE);

  /* No probe of ModifySecurityIps: RDS documents no DryRun for it, so a "dry run" could really add
   * a whitelist group. A missing permission shows at the whitelist step, which stops cleanly. */

  probe_policy (task);

  if (lw_setup_get_tidb_mode (setup) == LW_TIDB_MODE_AUTOMATIC && lw_setup_get_tidb_cluster_id (setup) != NULL)
    {
      pf->tidb = lw_engine_context_create_tidb_client (context, &error);
      if (pf->tidb == NULL)
        {
          Slot *slot = slot_new (task, NULL, TRUE);
          slot_done (slot, lw_check_new ("tidb-cluster", "tidb-cluster-id", FALSE,
                                         error ? error->message
                                               : _("Automatic mode needs the TiDB Cloud API key (public and private key).")));
        }
      else
        {
          lw_tidb_client_get_cluster_async (pf->tidb, lw_setup_get_tidb_cluster_id (setup), cancellable,
                                            tidb_cluster_cb, slot_new (task, NULL, TRUE));
          lw_tidb_client_get_availability_zones_async (pf->tidb, lw_setup_get_tidb_cluster_id (setup), cancellable,
                                                       tidb_zones_cb, slot_new (task, NULL, TRUE));
        }
    }

  slot_done (hold, NULL);
}

GListModel *
lw_preflight_run_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_privatelink_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (lw_privatelink_open_service_finish (LW_RPC_CLIENT (source), res, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
lw_preflight_open_privatelink_async (LwSetup *setup, LwEngineContext *context, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(LwRpcClient) rpc = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, lw_preflight_open_privatelink_async);
  rpc = lw_engine_context_create_rpc_client (context, lw_setup_get_region (setup), &error);
  if (rpc == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The task keeps the client alive until the call completes. */
  g_task_set_task_data (task, g_object_ref (rpc), g_object_unref);
  lw_privatelink_open_service_async (rpc, cancellable, open_privatelink_cb, g_steal_pointer (&task));
}

gboolean
lw_preflight_open_privatelink_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
