/* lw-explain.c — plain-language explanations of cloud errors, per step
 *
 * The table maps error codes (or their prefixes) to what a person should do. The cloud's own code,
 * message and request ID stay in the GError for the details expander.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-explain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lw-engine-private.h"
#include "lw-wire.h"

typedef struct {
  const char *code;      /* exact code, or a prefix when it ends with '*' */
  const char *text;
} Explanation;

static const Explanation table[] = {
  { "Forbidden*", N_("The account refused this call. Check the RAM permissions of the AccessKey (the action is "
                     "named in the details), then press Retry.") },
  { "NoPermission*", N_("This AccessKey lacks a permission for this call. Grant it in the RAM console, then press Retry.") },
  { "InvalidAccessKeyId*", N_("The AccessKey ID is not known to Alibaba Cloud. Check it on the account page, then retry.") },
  { "SignatureDoesNotMatch", N_("The AccessKey secret does not match the AccessKey ID. Enter the secret again.") },
  { "InvalidSecurityToken*", N_("The STS token has expired or is wrong. Get a new one and enter it again.") },
  { "QuotaExceeded*", N_("An account quota is reached. Delete unused resources of this kind or ask for a higher "
                         "quota in the Quota Center, then press Retry.") },
  { "ResourceQuotaExceeded*", N_("An account quota is reached. Delete unused resources of this kind or ask for a "
                                 "higher quota in the Quota Center, then press Retry.") },
  { "Account.Arrearage", N_("The Alibaba Cloud account has an overdue payment. Top up the account, then press Retry.") },
  { "OperationDenied.*", N_("Alibaba Cloud does not allow this operation right now. The details say why; fix that, "
                            "then press Retry.") },
  { "AccountTypeRestricted", N_("PrivateLink is not available to this account yet. Activate PrivateLink in the "
                                "console (or apply for it), then press Retry.") },
  { "ResourceNotFound.vSwitch", N_("A chosen vSwitch no longer exists. Go back to the Network page and choose "
                                   "vSwitches again.") },
  { "ResourceNotFound*", N_("A resource this step needs no longer exists. Roll back and start a new setup.") },
  { "InvalidParameter*", N_("Alibaba Cloud rejected a setting of this step (see the details). Check the inputs of "
                            "the setup; Retry does not help until the input is fixed.") },
  { "IncorrectStatus*", N_("The resource is busy with another change. Wait a moment, then press Retry.") },
  { "EndpointServiceConnectionDependence", N_("The endpoint service still has endpoint connections. Delete the "
                                              "private link connection in the TiDB Cloud console, then retry.") },
  { "401", N_("TiDB Cloud did not accept the API key. Check the public and private key (Organization Settings → "
              "API Keys).") },
  { "403", N_("The TiDB Cloud API key may not do this. Use a key of an Organization Owner.") },
};

/* Forbidden.RAM: the system policies that allow the refused call, per source kind. The step that opens
 * the source to the NLB writes (the read-only policies do not cover it); another step's call of a source
 * product reads; the NLB and PrivateLink calls need their full-access policies and the source's reads.
 * Names from the RAM reference's system policies (AliyunRDSReadOnlyAccess, AliyunPolardbReadOnlyAccess,
 * AliyunPolardbFullAccess, AliyunECSReadOnlyAccess); the generated least-privilege policy
 * (lw-ram-policy.c) is the narrower choice. */
static char *
forbidden_hint (const char *step_id, const GError *error)
{
  const char *action = lw_cloud_error_get_action (error);

  if (g_strcmp0 (step_id, LW_STEP_RDS_WHITELIST) == 0)
    return g_strdup (_("This AccessKey may not change the RDS whitelist. In the RAM console, grant the user "
                       "AliyunRDSFullAccess or a custom policy allowing rds:ModifySecurityIps (the least-privilege "
                       "policy of this setup has it), then press Retry."));
  if (g_strcmp0 (step_id, LW_STEP_POLARDB_WHITELIST) == 0)
    return g_strdup (_("This AccessKey may not change the PolarDB whitelist. In the RAM console, grant the user "
                       "AliyunPolardbFullAccess or a custom policy allowing polardb:ModifyDBClusterAccessWhitelist "
                       "(the least-privilege policy of this setup has it), then press Retry."));
  if (g_strcmp0 (step_id, LW_STEP_ECS_SECURITY_RULE) == 0)
    return g_strdup (_("This AccessKey may not add the security group rule. In the RAM console, grant the user a "
                       "custom policy allowing ecs:AuthorizeSecurityGroup, ecs:RevokeSecurityGroup and "
                       "ecs:DescribeSecurityGroupAttribute on the security group (the least-privilege policy of this "
                       "setup has them), or AliyunECSFullAccess, then press Retry."));
  if (action != NULL && lw_wire_lookup (LW_PRODUCT_POLARDB, action) != NULL)
    return g_strdup (_("This AccessKey may not read the PolarDB cluster. In the RAM console, grant the user "
                       "AliyunPolardbReadOnlyAccess (or a custom policy allowing the action named in the details), "
                       "then press Retry."));
  if (action != NULL && lw_wire_lookup (LW_PRODUCT_ECS, action) != NULL)
    return g_strdup (_("This AccessKey may not read the ECS instance or its security group. In the RAM console, "
                       "grant the user AliyunECSReadOnlyAccess (or a custom policy allowing the action named in the "
                       "details), then press Retry."));
  return g_strdup (_("This AccessKey is not allowed to make this call. In the RAM console, grant the user "
                     "AliyunNLBFullAccess, AliyunPrivateLinkFullAccess and the read-only policy of the source: "
                     "AliyunRDSReadOnlyAccess (RDS), AliyunPolardbReadOnlyAccess (PolarDB) or AliyunECSReadOnlyAccess "
                     "(ECS) — or a custom policy allowing the action named in the details — then press Retry."));
}

static gboolean
code_matches (const char *pattern, const char *code)
{
  gsize n = strlen (pattern);

  if (n > 0 && pattern[n - 1] == '*')
    return strncmp (pattern, code, n - 1) == 0;
  return g_str_equal (pattern, code);
}

static char *
explain_hint (const char *step_id, const GError *error)
{
  const char *code = lw_cloud_error_get_code (error);
  g_autofree char *status = NULL;

  if (error == NULL)
    return NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || lw_cloud_error_is_cancelled (error))
    return g_strdup (_("Stopped. Nothing is lost: Retry continues where it stopped, Roll back deletes what was created."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("The resource did not become ready in time. Check it in the Alibaba Cloud console; Retry "
                       "continues waiting without creating a second one."));

  /* TiDB Cloud's codes are numeric google.rpc codes or free-form reasons: its HTTP status says more. */
  if ((code == NULL || g_strcmp0 (step_id, LW_STEP_TIDB_CONNECTION) == 0 || g_strcmp0 (step_id, LW_STEP_TIDB_ACTIVE) == 0)
      && (lw_cloud_error_get_http_status (error) == 401 || lw_cloud_error_get_http_status (error) == 403
          || code == NULL))
    {
      if (lw_cloud_error_get_http_status (error) != 0)
        code = status = g_strdup_printf ("%u", lw_cloud_error_get_http_status (error));
    }

  if (g_strcmp0 (code, "Forbidden.RAM") == 0)
    return forbidden_hint (step_id, error);
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (table); i++)
    if (code_matches (table[i].code, code))
      return g_strdup (_(table[i].text));

  if (error->domain == LW_CLOUD_ERROR)
    switch ((LwCloudError)error->code)
      {
      case LW_CLOUD_ERROR_NETWORK:
      case LW_CLOUD_ERROR_TIMEOUT:
        return g_strdup (_("The cloud could not be reached or did not answer. Check the network, then press Retry: "
                           "nothing will be created twice."));
      case LW_CLOUD_ERROR_TLS:
        return g_strdup (_("The secure connection failed (certificate problem). Linkwright never bypasses this; "
                           "check the system time and any proxy."));
      case LW_CLOUD_ERROR_API:
      case LW_CLOUD_ERROR_PARSE:
      case LW_CLOUD_ERROR_INVALID_INPUT:
      case LW_CLOUD_ERROR_CANCELLED:
      default:
        break;
      }

  if (g_strcmp0 (step_id, LW_STEP_LOAD_BALANCER) == 0 && strstr (error->message, "CreateFailed") != NULL)
    return g_strdup (_("Alibaba Cloud could not create the load balancer in the chosen zones; the failed one is "
                       "being deleted. Press Retry to create a new one, or choose other zones."));
  if (g_strcmp0 (step_id, LW_STEP_TIDB_CONNECTION) == 0 || g_strcmp0 (step_id, LW_STEP_TIDB_ACTIVE) == 0)
    return g_strdup (_("TiDB Cloud could not set up its side of the connection (see its message). Check that the "
                       "cluster is ACTIVE and in the same region, then press Retry."));
  return g_strdup (_("This step failed (see the details for the cloud's message). Retry continues from here "
                     "without creating anything twice; Roll back deletes what this setup created."));
}

/* The service's own message first, our hint after: TiDB Cloud's error reasons are not words for
 * people (and the simulator's are its own), so a user must read what the service said. */
char *
lw_explain_with_message (const GError *error, const char *hint)
{
  const char *message = lw_cloud_error_get_cloud_message (error);

  if (!lw_cloud_error_get_message_first (error) || message == NULL || *message == '\0')
    return g_strdup (hint);
  if (hint == NULL || *hint == '\0')
    return g_strdup (message);
  /* TRANSLATORS: the cloud service's own error message, then Linkwright's advice. */
  return g_strdup_printf (_("%s\n%s"), message, hint);
}

char *
lw_explain_error (const char *step_id, const GError *error)
{
  g_autofree char *hint = NULL;

  if (error == NULL)
    return NULL;
  hint = explain_hint (step_id, error);
  return lw_explain_with_message (error, hint);
}
