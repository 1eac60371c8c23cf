/* lw-sim-ecs.c — simulated ECS 2014-05-26 (self-managed MySQL on an ECS instance as a source)
 *
 * Instances and security groups come from the seed world ("ecs_instances", "security_groups").
 * Answers carry the fields of the pinned official SDK's models (@alicloud/ecs20140526 7.11.6,
 * src/models/<Action>ResponseBody.ts) with their types; that SDK sends these actions' parameters in the
 * query (V3 signature through @alicloud/openapi-client; the V1 one is accepted too).
 *
 * Rules from the ECS API reference:
 * - DescribeInstances: RegionId required; InstanceIds and PrivateIpAddresses are JSON arrays (at
 *   most 100 entries); an unknown instance ID is simply absent from the answer; InstanceNetworkType
 *   classic or vpc; Status Pending, Running, Starting, Stopping or Stopped; PageNumber > 0, PageSize
 *   1-100 (default 10); MaxResults with NextToken (then PageNumber/PageSize are not used): below 10
 *   counts as 10, above 100 as 100 (default 10); DryRun.
 * - DescribeSecurityGroupAttribute: Direction ingress, egress or all (default all); NicType internet
 *   or intranet (a VPC group: always intranet); MaxResults 10-1000 (default 500) with NextToken.
 * - AuthorizeSecurityGroup / RevokeSecurityGroup: Permissions.N (N 1-100) with IpProtocol TCP, UDP,
 *   ICMP, GRE or ALL (case-insensitive; IANA protocol numbers, accepted in a few regions, are not
 *   simulated); PortRange "a/b" with 1 <= a <= b <= 65535 for TCP and UDP, "-1/-1" for the others;
 *   SourceCidrIp an IPv4 address or CIDR block; Policy accept or drop (case-insensitive, default
 *   accept); Priority 1-100 (default 1); Description 1-512 characters; NicType intranet (a VPC
 *   security group takes nothing else) or internet. An existing identical rule: success, nothing added. At most 200 rules per
 *   security group. ClientToken makes a call idempotent (lw-sim.c). Revoke by SecurityGroupRuleId.N
 *   (an unknown ID: 400 InvalidParam.SecurityGroupRuleId, per the pinned SDK's notice of July 2024)
 *   or by Permissions.N (no match: success).
 * - Unknown SecurityGroupId (or one of another region): 404 InvalidSecurityGroupId.NotFound.
 * Permissions.N.SourceCidrIp's and Permissions.N.Description's forms are rows of data/api-string-rules.json,
 * refused by lw-sim-strings.c before the handler runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-ecs"

#include "lw-sim-private.h"

#include <string.h>

#define RULE_KIND        "ecs-security-rule"
#define MAX_RULES        200
#define MAX_PERMISSIONS  100

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

JsonObject *
lw_sim_ecs_find_instance (LwSimServer *sim,
                          const char  *instance_id)
{
  for (guint i = 0; instance_id && i < sim->ecs->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (sim->ecs, i);
      if (strcmp (str (inst, "InstanceId"), instance_id) == 0)
        return inst;
    }
  return NULL;
}

static JsonObject *
find_group (LwSimServer *sim,
            const char  *group_id)
{
  for (guint i = 0; group_id && i < sim->security_groups->len; i++)
    {
      JsonObject *sg = g_ptr_array_index (sim->security_groups, i);
      if (strcmp (str (sg, "SecurityGroupId"), group_id) == 0)
        return sg;
    }
  return NULL;
}

static gboolean
parse_port_range (const char *range,
                  gint64     *from,
                  gint64     *to)
{
  g_auto(GStrv) parts = range ? g_strsplit (range, "/", -1) : NULL;

  if (parts == NULL || g_strv_length (parts) != 2)
    return FALSE;
  return g_ascii_string_to_signed (parts[0], 10, -1, 65535, from, NULL) &&
         g_ascii_string_to_signed (parts[1], 10, -1, 65535, to, NULL);
}

/* Does @rule let TCP traffic from @cidr reach @port? */
static gboolean
rule_accepts (JsonObject *rule,
              gint64      port,
              const char *cidr)
{
  const char *protocol = str (rule, "IpProtocol");
  gint64 from = 0, to = 0;

  if (g_ascii_strcasecmp (str (rule, "Direction"), "ingress") != 0 ||
      g_ascii_strcasecmp (str (rule, "Policy"), "accept") != 0)
    return FALSE;
  if (g_ascii_strcasecmp (protocol, "ALL") != 0)
    {
      if (g_ascii_strcasecmp (protocol, "TCP") != 0 || !parse_port_range (str (rule, "PortRange"), &from, &to) ||
          port < from || port > to)
        return FALSE;
    }
  return lw_sim_cidr_covers (str (rule, "SourceCidrIp"), cidr);
}

gboolean
lw_sim_ecs_accepts (LwSimServer *sim,
                    JsonObject  *instance,
                    gint64       port,
                    const char  *cidr)
{
  JsonArray *groups = lw_sim_array_member (instance, "SecurityGroupIds");

  /* Simplified: the first matching rule decides only by accepting; drop rules are not ordered
   * against accept rules (Linkwright adds accept rules only). */
  for (guint g = 0; g < json_array_get_length (groups); g++)
    {
      JsonObject *sg = find_group (sim, json_array_get_string_element (groups, g));
      JsonArray *rules = sg ? lw_sim_array_member (sg, "Permissions") : NULL;

      for (guint r = 0; rules && r < json_array_get_length (rules); r++)
        if (rule_accepts (json_array_get_object_element (rules, r), port, cidr))
          return TRUE;
    }
  return FALSE;
}

static JsonObject *
find_group_param (LwSimCall *call)
{
  JsonObject *sg = find_group (call->sim, lw_sim_param (call, "SecurityGroupId"));

  if (sg == NULL || g_strcmp0 (str (sg, "RegionId"), lw_sim_param (call, "RegionId")) != 0)
    {
      lw_sim_call_error (call, 404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.");
      return NULL;
    }
  return sg;
}

/* A JSON array of strings, at most 100 (InstanceIds, PrivateIpAddresses). NULL after answering. */
static GStrv
json_string_list (LwSimCall  *call,
                  const char *name,
                  gboolean   *ok)
{
  const char *text = lw_sim_param (call, name);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GStrvBuilder) b = NULL;
  JsonArray *array;

  *ok = TRUE;
  if (text == NULL || *text == '\0')
    return NULL;
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 100)
    goto bad;
  array = json_node_get_array (node);
  b = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        goto bad;
      g_strv_builder_add (b, json_node_get_string (e));
    }
  return g_strv_builder_end (b);

bad:
  {
    g_autofree char *code = g_strdup_printf ("Invalid%s.Malformed", name);
    lw_sim_call_error (call, 400, code, "The specified parameter %s is not valid: a JSON array of at most 100 strings.",
                       name);
  }
  *ok = FALSE;
  return NULL;
}

static JsonObject *
ip_list (const char *ip)
{
  JsonObject *o = json_object_new ();
  JsonArray *a = json_array_new ();

  if (ip && *ip)
    json_array_add_string_element (a, ip);
  json_object_set_array_member (o, "IpAddress", a);
  return o;
}

static JsonObject *
instance_row (JsonObject *inst)
{
  JsonObject *row = json_object_new ();
  JsonObject *vpc = json_object_new ();
  JsonObject *sgs = json_object_new ();
  JsonObject *nics = json_object_new ();
  JsonObject *nic = json_object_new ();
  JsonObject *ip_sets = json_object_new ();
  JsonObject *ip_set = json_object_new ();
  JsonObject *eip = json_object_new ();
  JsonObject *tags = json_object_new ();
  JsonArray *sg_ids = json_array_new ();
  JsonArray *nic_rows = json_array_new ();
  JsonArray *ip_set_rows = json_array_new ();
  JsonArray *groups = lw_sim_array_member (inst, "SecurityGroupIds");
  gboolean is_vpc = g_strcmp0 (str (inst, "InstanceNetworkType"), "vpc") == 0;
  const char *ip = str (inst, "PrivateIpAddress");
  const char *id = str (inst, "InstanceId");
  g_autofree char *nic_id = g_strdup_printf ("eni-%s", strlen (id) > 2 ? id + 2 : id);

  json_object_set_string_member (row, "InstanceId", id);
  json_object_set_string_member (row, "InstanceName", str (inst, "InstanceName"));
  json_object_set_string_member (row, "Description", "");
  json_object_set_string_member (row, "HostName", "mysql");
  json_object_set_string_member (row, "Status", str (inst, "Status"));
  json_object_set_string_member (row, "InstanceNetworkType", str (inst, "InstanceNetworkType"));
  json_object_set_string_member (row, "RegionId", str (inst, "RegionId"));
  json_object_set_string_member (row, "ZoneId", str (inst, "ZoneId"));
  json_object_set_string_member (row, "InstanceType", "ecs.g7.large");
  json_object_set_string_member (row, "InstanceTypeFamily", "ecs.g7");
  json_object_set_int_member (row, "Cpu", 2);
  json_object_set_int_member (row, "Memory", 8192);
  json_object_set_string_member (row, "OSName", "Alibaba Cloud Linux 3.2104 LTS 64 bit");
  json_object_set_string_member (row, "OSType", "linux");
  json_object_set_string_member (row, "ImageId", "aliyun_3_x64_20G_alibase_20250101.vhd");
  json_object_set_string_member (row, "CreationTime", "2025-06-01T08:00Z");
  json_object_set_string_member (row, "StartTime", "2025-06-01T08:01Z");
  json_object_set_string_member (row, "ExpiredTime", "2099-12-31T15:59Z");
  json_object_set_string_member (row, "InstanceChargeType", "PostPaid");
  json_object_set_string_member (row, "InternetChargeType", "PayByTraffic");
  json_object_set_string_member (row, "StoppedMode", "Not-applicable");
  json_object_set_string_member (row, "SerialNumber", "00000000-0000-0000-0000-000000000000");
  json_object_set_boolean_member (row, "DeletionProtection", FALSE);
  json_object_set_boolean_member (row, "IoOptimized", TRUE);

  json_object_set_string_member (vpc, "VpcId", is_vpc ? str (inst, "VpcId") : "");
  json_object_set_string_member (vpc, "VSwitchId", is_vpc ? str (inst, "VSwitchId") : "");
  json_object_set_string_member (vpc, "NatIpAddress", "");
  json_object_set_object_member (vpc, "PrivateIpAddress", ip_list (is_vpc ? ip : NULL));
  json_object_set_object_member (row, "VpcAttributes", vpc);
  json_object_set_object_member (row, "InnerIpAddress", ip_list (is_vpc ? NULL : ip));
  json_object_set_object_member (row, "PublicIpAddress", ip_list (NULL));

  for (guint i = 0; i < json_array_get_length (groups); i++)
    json_array_add_string_element (sg_ids, json_array_get_string_element (groups, i));
  json_object_set_array_member (sgs, "SecurityGroupId", sg_ids);
  json_object_set_object_member (row, "SecurityGroupIds", sgs);

  if (is_vpc)
    {
      json_object_set_string_member (nic, "NetworkInterfaceId", nic_id);
      json_object_set_string_member (nic, "MacAddress", "00:16:3e:00:00:01");
      json_object_set_string_member (nic, "PrimaryIpAddress", ip);
      json_object_set_string_member (nic, "Type", "Primary");
      json_object_set_string_member (ip_set, "PrivateIpAddress", ip);
      json_object_set_boolean_member (ip_set, "Primary", TRUE);
      json_object_set_string_member (ip_set, "PrivateDnsName", "");
      json_array_add_object_element (ip_set_rows, ip_set);
      json_object_set_array_member (ip_sets, "PrivateIpSet", ip_set_rows);
      json_object_set_object_member (nic, "PrivateIpSets", ip_sets);
      json_array_add_object_element (nic_rows, nic);
    }
  else
    {
      json_object_unref (nic);
      json_object_unref (ip_sets);
      json_object_unref (ip_set);
      json_array_unref (ip_set_rows);
    }
  json_object_set_array_member (nics, "NetworkInterface", nic_rows);
  json_object_set_object_member (row, "NetworkInterfaces", nics);

  json_object_set_string_member (eip, "IpAddress", "");
  json_object_set_string_member (eip, "AllocationId", "");
  json_object_set_string_member (eip, "InternetChargeType", "");
  json_object_set_int_member (eip, "Bandwidth", 0);
  json_object_set_object_member (row, "EipAddress", eip);
  json_object_set_array_member (tags, "Tag", json_array_new ());
  json_object_set_object_member (row, "Tags", tags);
  return row;
}

static gboolean
name_matches (const char *pattern,
              const char *name)
{
  /* InstanceName supports the * wildcard. */
  return pattern == NULL || *pattern == '\0' || g_pattern_match_simple (pattern, name);
}

static void
describe_instances (LwSimCall *call)
{
  const char *region = lw_sim_param (call, "RegionId");
  const char *network_type, *status;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) ips = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  gboolean ok, tokens;
  JsonObject *reply, *instances;
  JsonArray *rows;
  guint number = 1, size = 10;

  if (!lw_sim_param_enum (call, "InstanceNetworkType", "classic|vpc", NULL, &network_type) ||
      !lw_sim_param_enum (call, "Status", "Pending|Running|Starting|Stopping|Stopped", NULL, &status))
    return;
  ids = json_string_list (call, "InstanceIds", &ok);
  if (!ok)
    return;
  ips = json_string_list (call, "PrivateIpAddresses", &ok);
  if (!ok)
    return;

  for (guint i = 0; i < call->sim->ecs->len; i++)
    {
      JsonObject *inst = g_ptr_array_index (call->sim->ecs, i);
      const char *want;

      if (g_strcmp0 (str (inst, "RegionId"), region) != 0)
        continue;
      if ((want = lw_sim_param (call, "VpcId")) && *want && strcmp (want, str (inst, "VpcId")) != 0)
        continue;
      if ((want = lw_sim_param (call, "VSwitchId")) && *want && strcmp (want, str (inst, "VSwitchId")) != 0)
        continue;
      if ((want = lw_sim_param (call, "ZoneId")) && *want && strcmp (want, str (inst, "ZoneId")) != 0)
        continue;
      if (network_type && strcmp (network_type, str (inst, "InstanceNetworkType")) != 0)
        continue;
      if (status && strcmp (status, str (inst, "Status")) != 0)
        continue;
      if (!name_matches (lw_sim_param (call, "InstanceName"), str (inst, "InstanceName")))
        continue;
      if (ids && !g_strv_contains ((const char * const *) ids, str (inst, "InstanceId")))
        continue;
      if (ips && !g_strv_contains ((const char * const *) ips, str (inst, "PrivateIpAddress")))
        continue;
      g_ptr_array_add (hits, inst);
    }

  /* "If you specify MaxResults and NextToken, PageNumber and PageSize are not used." */
  tokens = lw_sim_param (call, "MaxResults") != NULL || lw_sim_param (call, "NextToken") != NULL;
  if (tokens)
    {
      const char *max = lw_sim_param (call, "MaxResults");
      gint64 n = 10;

      /* "If you do not set this parameter or set it to a value less than 10, the default value is
       * 10. If you set this parameter to a value greater than 100, the default value is 100." */
      if (max != NULL && *max != '\0' && !g_ascii_string_to_signed (max, 10, G_MININT32, G_MAXINT32, &n, NULL))
        {
          lw_sim_call_error (call, 400, "InvalidParameter", "The parameter MaxResults must be an integer.");
          return;
        }
      g_hash_table_replace (call->params, g_strdup ("MaxResults"),
                            g_strdup_printf ("%" G_GINT64_FORMAT, CLAMP (n, 10, 100)));
      reply = lw_sim_call_ok (call);
      page = lw_sim_page_tokens (call, hits, 10, 100, reply, FALSE);
      if (page == NULL)
        return;
      json_object_remove_member (reply, "MaxResults");
    }
  else
    {
      page = lw_sim_page_numbers (call, hits, 10, 100, &number, &size);
      if (page == NULL)
        return;
      reply = lw_sim_call_ok (call);
      json_object_set_int_member (reply, "PageNumber", number);
      json_object_set_int_member (reply, "PageSize", size);
      json_object_set_int_member (reply, "TotalCount", hits->len);
    }
  instances = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (rows, instance_row (g_ptr_array_index (page, i)));
  json_object_set_array_member (instances, "Instance", rows);
  json_object_set_object_member (reply, "Instances", instances);
}

static JsonObject *
permission_row (JsonObject *rule)
{
  static const char *fields[] = { "SecurityGroupRuleId", "Direction", "IpProtocol", "PortRange", "SourceCidrIp",
                                  "Policy", "Priority", "Description", "NicType", "CreateTime", "DestCidrIp",
                                  "SourcePortRange", "SourceGroupId", "SourceGroupName", "SourceGroupOwnerAccount",
                                  "DestGroupId", "DestGroupName", "DestGroupOwnerAccount", "SourcePrefixListId",
                                  "SourcePrefixListName", "DestPrefixListId", "DestPrefixListName",
                                  "Ipv6SourceCidrIp", "Ipv6DestCidrIp", "PortRangeListId", "PortRangeListName" };
  JsonObject *row = json_object_new ();

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    json_object_set_string_member (row, fields[f], str (rule, fields[f]));
  if (*str (rule, "CreateTime") == '\0')
    json_object_set_string_member (row, "CreateTime", "2025-06-01T08:00:00Z");
  return row;
}

static void
describe_security_group_attribute (LwSimCall *call)
{
  JsonObject *sg = find_group_param (call);
  const char *direction, *nic_type;
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  JsonObject *reply, *permissions;
  JsonArray *rules, *rows;
  gboolean tokens;

  if (sg == NULL)
    return;
  if (!lw_sim_param_enum (call, "Direction", "ingress|egress|all", "all", &direction) ||
      !lw_sim_param_enum (call, "NicType", "internet|intranet", NULL, &nic_type))
    return;
  /* "For security groups in a VPC, the only valid value is intranet (default) … internet or empty
   * is automatically set to intranet." */
  if (*str (sg, "VpcId") != '\0')
    nic_type = "intranet";
  rules = lw_sim_array_member (sg, "Permissions");
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);

      if (strcmp (direction, "all") != 0 && strcmp (direction, str (rule, "Direction")) != 0)
        continue;
      if (nic_type && strcmp (nic_type, str (rule, "NicType")) != 0)
        continue;
      g_ptr_array_add (hits, rule);
    }

  tokens = lw_sim_param (call, "MaxResults") != NULL || lw_sim_param (call, "NextToken") != NULL;
  reply = lw_sim_call_ok (call);
  if (tokens)
    {
      gint64 max;

      /* MaxResults 10-1000 */
      if (!lw_sim_param_int (call, "MaxResults", 10, 1000, 500, &max))
        return;
      page = lw_sim_page_tokens (call, hits, 500, 1000, reply, FALSE);
      if (page == NULL)
        return;
      json_object_remove_member (reply, "MaxResults");
      json_object_remove_member (reply, "TotalCount");
    }
  else
    page = g_ptr_array_ref (hits);

  json_object_set_string_member (reply, "RegionId", str (sg, "RegionId"));
  json_object_set_string_member (reply, "SecurityGroupId", str (sg, "SecurityGroupId"));
  json_object_set_string_member (reply, "SecurityGroupName", str (sg, "SecurityGroupName"));
  json_object_set_string_member (reply, "Description", str (sg, "Description"));
  json_object_set_string_member (reply, "VpcId", str (sg, "VpcId"));
  json_object_set_string_member (reply, "InnerAccessPolicy", "Accept");
  permissions = json_object_new ();
  rows = json_array_new ();
  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (rows, permission_row (g_ptr_array_index (page, i)));
  json_object_set_array_member (permissions, "Permission", rows);
  json_object_set_object_member (reply, "Permissions", permissions);
}

/* One Permissions.N entry, validated and normalised; NULL after answering the error. */
static JsonObject *
parse_permission (LwSimCall  *call,
                  JsonObject *sg,
                  guint       n,
                  gboolean    revoke)
{
  static const char *protocols[] = { "TCP", "UDP", "ICMP", "GRE", "ALL" };
  const char *protocol = lw_sim_param_nth (call, "Permissions", n, "IpProtocol");
  const char *range = lw_sim_param_nth (call, "Permissions", n, "PortRange");
  const char *cidr = lw_sim_param_nth (call, "Permissions", n, "SourceCidrIp");
  const char *policy = lw_sim_param_nth (call, "Permissions", n, "Policy");
  const char *priority = lw_sim_param_nth (call, "Permissions", n, "Priority");
  const char *description = lw_sim_param_nth (call, "Permissions", n, "Description");
  const char *nic_type = lw_sim_param_nth (call, "Permissions", n, "NicType");
  const char *canonical = NULL;
  gint64 from = 0, to = 0, prio = 1;
  JsonObject *rule;

  for (guint i = 0; protocol && i < G_N_ELEMENTS (protocols); i++)
    if (g_ascii_strcasecmp (protocol, protocols[i]) == 0)
      canonical = protocols[i];
  if (canonical == NULL)
    {
      lw_sim_call_error (call, 400, "InvalidIpProtocol.Malformed",
                         "The specified parameter Permissions.%u.IpProtocol is not valid (TCP, UDP, ICMP, GRE, ALL).",
                         n);
      return NULL;
    }
  if (!parse_port_range (range, &from, &to) ||
      ((strcmp (canonical, "TCP") == 0 || strcmp (canonical, "UDP") == 0)
       ? (from < 1 || to < from || to > 65535)
       : (from != -1 || to != -1)))
    {
      lw_sim_call_error (call, 400, "InvalidPortRange.Malformed",
                         "The specified parameter Permissions.%u.PortRange is not valid: \"from/to\" within 1-65535 "
                         "for TCP and UDP, \"-1/-1\" otherwise.", n);
      return NULL;
    }
  /* SourceCidrIp's and Description's documented forms: data/api-string-rules.json, checked before this
   * handler (lw-sim-strings.c); here only that the rule has a source. */
  if (cidr == NULL)
    {
      lw_sim_call_error (call, 400, "InvalidSourceCidrIp.Malformed",
                         "The specified parameter Permissions.%u.SourceCidrIp is not a valid IPv4 address or CIDR block.",
                         n);
      return NULL;
    }
  if (policy != NULL && *policy != '\0' && g_ascii_strcasecmp (policy, "accept") != 0 &&
      g_ascii_strcasecmp (policy, "drop") != 0)
    {
      lw_sim_call_error (call, 400, "InvalidPolicy.Malformed",
                         "The specified parameter Permissions.%u.Policy is not valid (accept, drop).", n);
      return NULL;
    }
  if (priority != NULL && *priority != '\0' && !g_ascii_string_to_signed (priority, 10, 1, 100, &prio, NULL))
    {
      lw_sim_call_error (call, 400, "InvalidPriority.Malformed",
                         "The specified parameter Permissions.%u.Priority is not valid: an integer from 1 to 100.", n);
      return NULL;
    }
  if (nic_type != NULL && *nic_type != '\0' && strcmp (nic_type, "intranet") != 0 &&
      (strcmp (nic_type, "internet") != 0 || *str (sg, "VpcId") != '\0'))
    {
      lw_sim_call_error (call, 400, "InvalidNicType.ValueNotSupported",
                         "The specified parameter Permissions.%u.NicType is not valid: a VPC security group takes "
                         "intranet only.", n);
      return NULL;
    }

  rule = json_object_new ();
  json_object_set_string_member (rule, "Direction", "ingress");
  json_object_set_string_member (rule, "IpProtocol", canonical);
  json_object_set_string_member (rule, "PortRange", range);
  json_object_set_string_member (rule, "SourceCidrIp", cidr);
  json_object_set_string_member (rule, "Policy", policy && g_ascii_strcasecmp (policy, "drop") == 0 ? "Drop" : "Accept");
  {
    g_autofree char *p = g_strdup_printf ("%" G_GINT64_FORMAT, prio);
    json_object_set_string_member (rule, "Priority", p);
  }
  json_object_set_string_member (rule, "NicType", nic_type && *nic_type ? nic_type : "intranet");
  if (!revoke || description != NULL)
    json_object_set_string_member (rule, "Description", description ? description : "");
  return rule;
}

/* The same rule, as the SDK's documentation determines an inbound rule: source, destination port
 * range, protocol and policy. */
static gboolean
same_rule (JsonObject *a,
           JsonObject *b)
{
  static const char *key[] = { "Direction", "IpProtocol", "PortRange", "SourceCidrIp", "Policy" };

  for (guint i = 0; i < G_N_ELEMENTS (key); i++)
    if (g_ascii_strcasecmp (str (a, key[i]), str (b, key[i])) != 0)
      return FALSE;
  return TRUE;
}

static GPtrArray *
parse_permissions (LwSimCall  *call,
                   JsonObject *sg,
                   gboolean    revoke)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint n = 1; n <= MAX_PERMISSIONS + 1; n++)
    {
      g_autofree char *prefix = g_strdup_printf ("Permissions.%u.", n);
      GHashTableIter iter;
      gpointer k;
      gboolean any = FALSE;
      JsonObject *rule;

      g_hash_table_iter_init (&iter, call->params);
      while (!any && g_hash_table_iter_next (&iter, &k, NULL))
        any = g_str_has_prefix (k, prefix);
      if (!any)
        break;
      if (n > MAX_PERMISSIONS)
        {
          lw_sim_call_error (call, 400, "InvalidParam.Permissions", "At most %u Permissions.N per call.", MAX_PERMISSIONS);
          return NULL;
        }
      rule = parse_permission (call, sg, n, revoke);
      if (rule == NULL)
        return NULL;
      g_ptr_array_add (list, rule);
    }
  return g_steal_pointer (&list);
}

static void
remove_rule (LwSimServer *sim,
             JsonArray   *rules,
             guint        index)
{
  JsonObject *rule = json_array_get_object_element (rules, index);
  GPtrArray *live = lw_sim_res_list (sim, RULE_KIND);

  for (guint i = 0; i < live->len; i++)
    if (g_ptr_array_index (live, i) == rule)
      {
        g_ptr_array_remove_index (live, i);
        break;
      }
  json_array_remove_element (rules, index);
}

static void
authorize_security_group (LwSimCall *call)
{
  JsonObject *sg = find_group_param (call);
  g_autoptr(GPtrArray) wanted = NULL;
  JsonArray *rules;
  guint to_add = 0;

  if (sg == NULL)
    return;
  wanted = parse_permissions (call, sg, FALSE);
  if (wanted == NULL)
    return;
  if (wanted->len == 0)
    {
      lw_sim_call_error (call, 400, "MissingParam.Permissions",
                         "The parameter Permissions.N that is mandatory for processing this request is not supplied.");
      return;
    }
  rules = lw_sim_array_member (sg, "Permissions");
  for (guint i = 0; i < wanted->len; i++)
    {
      gboolean exists = FALSE;
      for (guint r = 0; r < json_array_get_length (rules) && !exists; r++)
        exists = same_rule (json_array_get_object_element (rules, r), g_ptr_array_index (wanted, i));
      if (!exists)
        to_add++;
    }
  if (json_array_get_length (rules) + to_add > MAX_RULES)
    {
      lw_sim_call_error (call, 400, "AuthorizationLimitExceed",
                         "A security group holds at most %u rules.", MAX_RULES);
      return;
    }

  /* "If the specified security group rule already exists, the call succeeds but no rule is added." */
  for (guint i = 0; i < wanted->len; i++)
    {
      JsonObject *rule = g_ptr_array_index (wanted, i);
      gboolean exists = FALSE;
      g_autofree char *id = NULL, *now = NULL;

      for (guint r = 0; r < json_array_get_length (rules) && !exists; r++)
        exists = same_rule (json_array_get_object_element (rules, r), rule);
      if (exists)
        continue;
      id = lw_sim_new_id (call->sim, "sgr-");
      now = lw_sim_now_iso ();
      json_object_set_string_member (rule, "SecurityGroupRuleId", id);
      json_object_set_string_member (rule, "CreateTime", now);
      json_object_set_string_member (rule, "_SecurityGroupId", str (sg, "SecurityGroupId"));
      json_array_add_object_element (rules, json_object_ref (rule));
      lw_sim_res_add (call->sim, RULE_KIND, json_object_ref (rule), lw_sim_param (call, "ClientToken"));
    }
  lw_sim_call_ok (call);
}

static void
revoke_security_group (LwSimCall *call)
{
  JsonObject *sg = find_group_param (call);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) wanted = NULL;
  JsonArray *rules;

  if (sg == NULL)
    return;
  ids = lw_sim_param_list (call, "SecurityGroupRuleId");
  wanted = parse_permissions (call, sg, TRUE);
  if (wanted == NULL)
    return;
  if (ids->len == 0 && wanted->len == 0)
    {
      lw_sim_call_error (call, 400, "MissingParam.Permissions",
                         "Either SecurityGroupRuleId.N or Permissions.N is mandatory for this request.");
      return;
    }
  if (ids->len > 0 && wanted->len > 0)
    {
      lw_sim_call_error (call, 400, "InvalidParam.Conflict",
                         "SecurityGroupRuleId.N and Permissions.N cannot be specified at the same time.");
      return;
    }
  rules = lw_sim_array_member (sg, "Permissions");

  /* By ID: every ID must exist (checked before anything is removed). */
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean found = FALSE;
      for (guint r = 0; r < json_array_get_length (rules) && !found; r++)
        found = g_strcmp0 (str (json_array_get_object_element (rules, r), "SecurityGroupRuleId"),
                           g_ptr_array_index (ids, i)) == 0;
      if (!found)
        {
          lw_sim_call_error (call, 400, "InvalidParam.SecurityGroupRuleId",
                             "The specified security group rule %.64s does not exist.",
                             (const char *) g_ptr_array_index (ids, i));
          return;
        }
    }
  for (guint i = 0; i < ids->len; i++)
    for (guint r = 0; r < json_array_get_length (rules); r++)
      if (g_strcmp0 (str (json_array_get_object_element (rules, r), "SecurityGroupRuleId"),
                     g_ptr_array_index (ids, i)) == 0)
        {
          remove_rule (call->sim, rules, r);
          break;
        }
  /* By the rule's parameters: a rule that does not exist is not an error. */
  for (guint i = 0; i < wanted->len; i++)
    for (guint r = json_array_get_length (rules); r > 0; r--)
      if (same_rule (json_array_get_object_element (rules, r - 1), g_ptr_array_index (wanted, i)))
        remove_rule (call->sim, rules, r - 1);
  lw_sim_call_ok (call);
}

const LwSimAction lw_sim_ecs_actions[] = {
  { "DescribeInstances", "RegionId", describe_instances },
  { "DescribeSecurityGroupAttribute", "RegionId SecurityGroupId", describe_security_group_attribute },
  { "AuthorizeSecurityGroup", "RegionId SecurityGroupId", authorize_security_group },
  { "RevokeSecurityGroup", "RegionId SecurityGroupId", revoke_security_group },
  { NULL, NULL, NULL }
};
