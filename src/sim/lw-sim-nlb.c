/* lw-sim-nlb.c — simulated NLB 2022-04-30: server groups, backends, load balancers, listeners, jobs
 *
 * Writes are asynchronous as in the real service: they answer at once with a JobId (or, for
 * CreateLoadBalancer, a LoadbalancerId) while the resource goes through its states on timers
 * from the latency profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-nlb"

#include "lw-sim-private.h"

#include <stdio.h>
#include <string.h>

static const char *
str (JsonObject *obj,
     const char *member)
{
  return json_object_get_string_member_with_default (obj, member, "");
}

static const char *
region_of (LwSimCall *call)
{
  const char *region = lw_sim_param (call, "RegionId");

  if (region == NULL || *region == '\0')
    region = g_hash_table_lookup (call->sim->demo, "region");
  return region ? region : "cn-hangzhou";
}

static gboolean
valid_name (LwSimCall  *call,
            const char *param,
            gboolean    required)
{
  const char *name = lw_sim_param (call, param);
  glong len;

  if (name == NULL || *name == '\0')
    return !required;
  len = g_utf8_strlen (name, -1);
  if (len < 2 || len > 128 || !g_unichar_isalpha (g_utf8_get_char (name)))
    {
      g_autofree char *code = g_strconcat ("IllegalParam.", param, NULL);
      lw_sim_call_error (call, 400, code,
                         "The param of %s is illegal: 2 to 128 characters, starting with a letter.", param);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
find_vpc (LwSimServer *sim,
          const char  *vpc_id,
          const char  *region)
{
  for (guint i = 0; i < json_array_get_length (sim->vpcs); i++)
    {
      JsonObject *vpc = json_array_get_object_element (sim->vpcs, i);
      if (g_strcmp0 (str (vpc, "VpcId"), vpc_id) == 0 && g_strcmp0 (str (vpc, "RegionId"), region) == 0)
        return vpc;
    }
  return NULL;
}

static void
reply_job (LwSimCall  *call,
           const char *job_id)
{
  JsonObject *reply = lw_sim_call_ok (call);

  json_object_set_string_member (reply, "JobId", job_id);
}

static gboolean
in_list (GPtrArray  *values,
         const char *value)
{
  if (values->len == 0)
    return TRUE;
  for (guint i = 0; i < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Server groups                                                                                */

static JsonObject *
find_server_group (LwSimCall *call)
{
  JsonObject *sg = lw_sim_res_find (call->sim, "server-group", "ServerGroupId",
                                    lw_sim_param (call, "ServerGroupId"));
  if (sg == NULL)
    lw_sim_call_error (call, 404, "ResourceNotFound.serverGroup", "The specified resource %s is not found.",
                       lw_sim_param (call, "ServerGroupId"));
  return sg;
}

static void
create_server_group (LwSimCall *call)
{
  const char *type, *protocol, *ip_version, *scheduler, *hc_type;
  gboolean preserve, drain, any_port, hc_enabled;
  gint64 drain_timeout, hc_port, hc_timeout, hc_interval, healthy, unhealthy;
  const char *region = region_of (call);
  const char *vpc_id = lw_sim_param (call, "VpcId");
  g_autofree char *id = NULL;
  g_autofree char *job = NULL;
  JsonObject *sg, *hc, *reply;

  if (!valid_name (call, "ServerGroupName", TRUE) ||
      !lw_sim_param_enum (call, "ServerGroupType", "Instance|Ip", "Instance", &type) ||
      !lw_sim_param_enum (call, "Protocol", "TCP|UDP|TCP_UDP|TCPSSL", "TCP", &protocol) ||
      !lw_sim_param_enum (call, "AddressIPVersion", "ipv4|DualStack", "ipv4", &ip_version) ||
      !lw_sim_param_enum (call, "Scheduler", "Wrr|Wlc|rr|Rr|sch|Sch|tch|Tch|qch|Qch", "Wrr", &scheduler) ||
      !lw_sim_param_bool (call, "PreserveClientIpEnabled", TRUE, &preserve) ||
      !lw_sim_param_bool (call, "ConnectionDrainEnabled", FALSE, &drain) ||
      !lw_sim_param_int (call, "ConnectionDrainTimeout", 0, 900, 10, &drain_timeout) ||
      !lw_sim_param_bool (call, "AnyPortEnabled", FALSE, &any_port) ||
      !lw_sim_param_bool (call, "HealthCheckConfig.HealthCheckEnabled", TRUE, &hc_enabled) ||
      !lw_sim_param_enum (call, "HealthCheckConfig.HealthCheckType", "TCP|HTTP|UDP", "TCP", &hc_type) ||
      !lw_sim_param_int (call, "HealthCheckConfig.HealthCheckConnectPort", 0, 65535, 0, &hc_port) ||
      !lw_sim_param_int (call, "HealthCheckConfig.HealthCheckConnectTimeout", 1, 300, 5, &hc_timeout) ||
      !lw_sim_param_int (call, "HealthCheckConfig.HealthCheckInterval", 1, 50, 5, &hc_interval) ||
      !lw_sim_param_int (call, "HealthCheckConfig.HealthyThreshold", 2, 10, 2, &healthy) ||
      !lw_sim_param_int (call, "HealthCheckConfig.UnhealthyThreshold", 2, 10, 2, &unhealthy))
    return;

  if (find_vpc (call->sim, vpc_id, region) == NULL)
    {
      lw_sim_call_error (call, 404, "ResourceNotFound.vpc", "The specified resource %s is not found.", vpc_id);
      return;
    }

  id = lw_sim_new_id (call->sim, "sgp-");
  job = lw_sim_job_new (call->sim);
  sg = json_object_new ();
  json_object_set_string_member (sg, "ServerGroupId", id);
  json_object_set_string_member (sg, "ServerGroupName", lw_sim_param (call, "ServerGroupName"));
  json_object_set_string_member (sg, "ServerGroupType", type);
  json_object_set_string_member (sg, "ServerGroupStatus", "Creating");
  json_object_set_string_member (sg, "VpcId", vpc_id);
  json_object_set_string_member (sg, "Protocol", protocol);
  json_object_set_string_member (sg, "Scheduler", scheduler);
  json_object_set_string_member (sg, "AddressIPVersion", ip_version);
  json_object_set_string_member (sg, "RegionId", region);
  json_object_set_boolean_member (sg, "PreserveClientIpEnabled", preserve);
  json_object_set_boolean_member (sg, "ConnectionDrainEnabled", drain);
  json_object_set_int_member (sg, "ConnectionDrainTimeout", drain_timeout);
  json_object_set_boolean_member (sg, "AnyPortEnabled", any_port);
  /* No CreateTime: ListServerGroups' official model has none. */
  hc = json_object_new ();
  json_object_set_boolean_member (hc, "HealthCheckEnabled", hc_enabled);
  json_object_set_string_member (hc, "HealthCheckType", hc_type);
  json_object_set_int_member (hc, "HealthCheckConnectPort", hc_port);
  json_object_set_int_member (hc, "HealthCheckConnectTimeout", hc_timeout);
  json_object_set_int_member (hc, "HealthCheckInterval", hc_interval);
  json_object_set_int_member (hc, "HealthyThreshold", healthy);
  json_object_set_int_member (hc, "UnhealthyThreshold", unhealthy);
  json_object_set_object_member (sg, "HealthCheck", hc);
  lw_sim_res_add (call->sim, "server-group", sg, lw_sim_param (call, "ClientToken"));

  lw_sim_schedule_transition (call->sim, "sg.create", "server-group", "ServerGroupId", id,
                              "ServerGroupStatus", "Available", job, "Succeeded");

  reply_job (call, job);
  reply = call->reply;
  json_object_set_string_member (reply, "ServerGroupId", id);
}

static void
decorate_server_group (LwSimServer *sim,
                       JsonObject  *public_sg)
{
  const char *id = str (public_sg, "ServerGroupId");
  GPtrArray *servers = lw_sim_res_list (sim, "server");
  GPtrArray *listeners = lw_sim_res_list (sim, "listener");
  JsonArray *lbs = json_array_new ();
  guint count = 0;

  for (guint i = 0; i < servers->len; i++)
    if (g_strcmp0 (str (g_ptr_array_index (servers, i), "ServerGroupId"), id) == 0)
      count++;
  for (guint i = 0; i < listeners->len; i++)
    {
      JsonObject *lsn = g_ptr_array_index (listeners, i);
      if (g_strcmp0 (str (lsn, "ServerGroupId"), id) == 0)
        json_array_add_string_element (lbs, str (lsn, "LoadBalancerId"));
    }
  json_object_set_int_member (public_sg, "ServerCount", count);
  json_object_set_array_member (public_sg, "RelatedLoadBalancerIds", lbs);
}

static void
list_server_groups (LwSimCall *call)
{
  g_autoptr(GPtrArray) ids = lw_sim_param_list (call, "ServerGroupIds");
  g_autoptr(GPtrArray) names = lw_sim_param_list (call, "ServerGroupNames");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all = lw_sim_res_list (call->sim, "server-group");
  const char *vpc = lw_sim_param (call, "VpcId");
  const char *type = lw_sim_param (call, "ServerGroupType");
  JsonObject *reply = lw_sim_call_ok (call);
  JsonArray *rows;

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *sg = g_ptr_array_index (all, i);
      if (in_list (ids, str (sg, "ServerGroupId")) && in_list (names, str (sg, "ServerGroupName")) &&
          (vpc == NULL || g_strcmp0 (vpc, str (sg, "VpcId")) == 0) &&
          (type == NULL || g_strcmp0 (type, str (sg, "ServerGroupType")) == 0) &&
          g_strcmp0 (region_of (call), str (sg, "RegionId")) == 0)
        g_ptr_array_add (hits, sg);
    }
  page = lw_sim_page_tokens (call, hits, 20, 100, reply, FALSE);
  if (page == NULL)
    return;
  rows = lw_sim_public_array (page);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    decorate_server_group (call->sim, json_array_get_object_element (rows, i));
  json_object_set_array_member (reply, "ServerGroups", rows);
}

static JsonObject *
listener_using_group (LwSimServer *sim,
                      const char  *sg_id)
{
  return lw_sim_res_find (sim, "listener", "ServerGroupId", sg_id);
}

static void
delete_server_group (LwSimCall *call)
{
  JsonObject *sg = find_server_group (call);
  JsonObject *lsn;
  g_autofree char *job = NULL;
  GPtrArray *servers;
  const char *id;

  if (sg == NULL)
    return;
  id = str (sg, "ServerGroupId");
  if (g_strcmp0 (str (sg, "ServerGroupStatus"), "Available") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.serverGroup",
                         "The status of the server group %s is %s.", id, str (sg, "ServerGroupStatus"));
      return;
    }
  if ((lsn = listener_using_group (call->sim, id)) != NULL)
    {
      lw_sim_call_error (call, 400, "ResourceInUse.serverGroup",
                         "The server group %s is used by listener %s.", id, str (lsn, "ListenerId"));
      return;
    }

  /* Backends go with their group. */
  servers = lw_sim_res_list (call->sim, "server");
  for (guint i = servers->len; i > 0; i--)
    if (g_strcmp0 (str (g_ptr_array_index (servers, i - 1), "ServerGroupId"), id) == 0)
      g_ptr_array_remove_index (servers, i - 1);

  job = lw_sim_job_new (call->sim);
  json_object_set_string_member (sg, "ServerGroupStatus", "Deleting");
  lw_sim_schedule_transition (call->sim, "sg.delete", "server-group", "ServerGroupId", id,
                              NULL, NULL, job, "Succeeded");
  reply_job (call, job);
}

static gboolean
parse_ipv4 (const char *s)
{
  guint a, b, c, d;
  char tail;

  return s != NULL && sscanf (s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 &&
         a <= 255 && b <= 255 && c <= 255 && d <= 255;
}

static const char *
zone_of_ip (LwSimServer *sim,
            const char  *vpc_id,
            const char  *ip)
{
  for (guint i = 0; i < json_array_get_length (sim->vswitches); i++)
    {
      JsonObject *vsw = json_array_get_object_element (sim->vswitches, i);
      if (g_strcmp0 (str (vsw, "VpcId"), vpc_id) == 0 && lw_sim_cidr_covers (str (vsw, "CidrBlock"), ip))
        return str (vsw, "ZoneId");
    }
  return "";
}

static void
add_servers (LwSimCall *call)
{
  JsonObject *sg = find_server_group (call);
  g_autofree char *job = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *sg_id;
  guint n;

  if (sg == NULL)
    return;
  sg_id = str (sg, "ServerGroupId");
  if (lw_sim_param_nth (call, "Servers", 1, "ServerId") == NULL)
    {
      lw_sim_call_error (call, 400, "MissingParam.Servers.1.ServerId",
                         "The parameter Servers.1.ServerId that is mandatory for processing this request is not supplied.");
      return;
    }
  if (g_strcmp0 (str (sg, "ServerGroupStatus"), "Available") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.serverGroup",
                         "The status of the server group %s is %s.", sg_id, str (sg, "ServerGroupStatus"));
      return;
    }

  for (n = 1; n <= 200 && lw_sim_param_nth (call, "Servers", n, "ServerId"); n++)
    {
      const char *server_id = lw_sim_param_nth (call, "Servers", n, "ServerId");
      const char *type = lw_sim_param_nth (call, "Servers", n, "ServerType");
      const char *ip = lw_sim_param_nth (call, "Servers", n, "ServerIp");
      const char *port_s = lw_sim_param_nth (call, "Servers", n, "Port");
      const char *weight_s = lw_sim_param_nth (call, "Servers", n, "Weight");
      const char *desc = lw_sim_param_nth (call, "Servers", n, "Description");
      gint64 port = 0, weight = 100;
      g_autofree char *key = NULL;
      JsonObject *server;

      if (type == NULL || !g_strv_contains ((const char *[]) { "Ecs", "Eni", "Eci", "Ip", NULL }, type))
        {
          lw_sim_call_error (call, 400, "IllegalParam.ServerType", "The param of Servers.%u.ServerType is illegal.", n);
          return;
        }
      if (g_strcmp0 (str (sg, "ServerGroupType"), "Ip") == 0)
        {
          if (strcmp (type, "Ip") != 0)
            {
              lw_sim_call_error (call, 400, "IllegalParam.ServerType",
                                 "Only servers of type Ip can be added to an Ip server group.");
              return;
            }
          if (ip == NULL)
            ip = server_id;
          if (!parse_ipv4 (server_id) || g_strcmp0 (ip, server_id) != 0)
            {
              lw_sim_call_error (call, 400, "IllegalParam.ServerIp",
                                 "The param of Servers.%u.ServerIp is illegal.", n);
              return;
            }
        }
      else if (strcmp (type, "Ip") == 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ServerType",
                             "Servers of type Ip need a server group of type Ip.");
          return;
        }
      if ((port_s && !g_ascii_string_to_signed (port_s, 10, 0, 65535, &port, NULL)) ||
          (weight_s && !g_ascii_string_to_signed (weight_s, 10, 0, 100, &weight, NULL)))
        {
          lw_sim_call_error (call, 400, "IllegalParam.Port", "The param of Servers.%u.Port or Weight is illegal.", n);
          return;
        }
      if (port == 0 && !json_object_get_boolean_member_with_default (sg, "AnyPortEnabled", FALSE))
        {
          lw_sim_call_error (call, 400, "IllegalParam.Port",
                             "Servers.%u.Port must be set unless the server group has AnyPortEnabled.", n);
          return;
        }
      key = g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT, sg_id, server_id, port);
      if (lw_sim_res_find (call->sim, "server", "_Key", key))
        {
          lw_sim_call_error (call, 400, "ResourceAlreadyAssociated.BackendServer",
                             "The server %s:%" G_GINT64_FORMAT " is already in server group %s.",
                             server_id, port, sg_id);
          return;
        }

      server = json_object_new ();
      json_object_set_string_member (server, "_Key", key);
      json_object_set_string_member (server, "ServerGroupId", sg_id);
      json_object_set_string_member (server, "ServerId", server_id);
      json_object_set_string_member (server, "ServerIp", ip ? ip : "");
      json_object_set_string_member (server, "ServerType", type);
      json_object_set_int_member (server, "Port", port);
      json_object_set_int_member (server, "Weight", weight);
      json_object_set_string_member (server, "Description", desc ? desc : "");
      json_object_set_string_member (server, "Status", "Adding");
      json_object_set_string_member (server, "ZoneId", zone_of_ip (call->sim, str (sg, "VpcId"), ip));
      g_ptr_array_add (batch, server);
    }

  job = lw_sim_job_new (call->sim);
  for (guint i = 0; i < batch->len; i++)
    {
      JsonObject *server = json_object_ref (g_ptr_array_index (batch, i));

      lw_sim_res_add (call->sim, "server", server, lw_sim_param (call, "ClientToken"));
      lw_sim_schedule_transition (call->sim, "server.add", "server", "_Key", str (server, "_Key"),
                                  "Status", "Available", i + 1 == batch->len ? job : NULL, "Succeeded");
    }
  reply_job (call, job);
  json_object_set_string_member (call->reply, "ServerGroupId", sg_id);
}

static void
list_server_group_servers (LwSimCall *call)
{
  g_autoptr(GPtrArray) ids = lw_sim_param_list (call, "ServerIds");
  g_autoptr(GPtrArray) ips = lw_sim_param_list (call, "ServerIps");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all = lw_sim_res_list (call->sim, "server");
  const char *sg_id = lw_sim_param (call, "ServerGroupId");
  JsonObject *reply;

  if (sg_id && *sg_id && lw_sim_res_find (call->sim, "server-group", "ServerGroupId", sg_id) == NULL)
    {
      find_server_group (call);
      return;
    }
  reply = lw_sim_call_ok (call);
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *s = g_ptr_array_index (all, i);
      if ((sg_id == NULL || g_strcmp0 (sg_id, str (s, "ServerGroupId")) == 0) &&
          in_list (ids, str (s, "ServerId")) && in_list (ips, str (s, "ServerIp")))
        g_ptr_array_add (hits, s);
    }
  page = lw_sim_page_tokens (call, hits, 20, 100, reply, FALSE);
  if (page == NULL)
    return;
  json_object_set_array_member (reply, "Servers", lw_sim_public_array (page));
}

static void
remove_servers (LwSimCall *call)
{
  JsonObject *sg = find_server_group (call);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree char *job = NULL;
  const char *sg_id;

  if (sg == NULL)
    return;
  sg_id = str (sg, "ServerGroupId");
  if (lw_sim_param_nth (call, "Servers", 1, "ServerId") == NULL)
    {
      lw_sim_call_error (call, 400, "MissingParam.Servers.1.ServerId",
                         "The parameter Servers.1.ServerId that is mandatory for processing this request is not supplied.");
      return;
    }
  if (g_strcmp0 (str (sg, "ServerGroupStatus"), "Available") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.serverGroup",
                         "The status of the server group %s is %s.", sg_id, str (sg, "ServerGroupStatus"));
      return;
    }
  for (guint n = 1; n <= 200 && lw_sim_param_nth (call, "Servers", n, "ServerId"); n++)
    {
      const char *server_id = lw_sim_param_nth (call, "Servers", n, "ServerId");
      const char *port_s = lw_sim_param_nth (call, "Servers", n, "Port");
      GPtrArray *all = lw_sim_res_list (call->sim, "server");
      JsonObject *match = NULL;

      for (guint i = 0; i < all->len && match == NULL; i++)
        {
          JsonObject *s = g_ptr_array_index (all, i);
          g_autofree char *port = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (s, "Port"));

          if (g_strcmp0 (str (s, "ServerGroupId"), sg_id) == 0 && g_strcmp0 (str (s, "ServerId"), server_id) == 0 &&
              (port_s == NULL || g_strcmp0 (port_s, port) == 0))
            match = s;
        }
      if (match == NULL)
        {
          lw_sim_call_error (call, 404, "ResourceNotFound.BackendServer",
                             "The specified resource %s is not found.", server_id);
          return;
        }
      if (g_strcmp0 (str (match, "Status"), "Available") != 0)
        {
          lw_sim_call_error (call, 400, "IncorrectStatus.serverGroup",
                             "The backend server %s is %s.", server_id, str (match, "Status"));
          return;
        }
      g_ptr_array_add (found, match);
    }

  job = lw_sim_job_new (call->sim);
  for (guint i = 0; i < found->len; i++)
    {
      JsonObject *s = g_ptr_array_index (found, i);
      json_object_set_string_member (s, "Status", "Removing");
      lw_sim_schedule_transition (call->sim, "server.remove", "server", "_Key", str (s, "_Key"),
                                  NULL, NULL, i + 1 == found->len ? job : NULL, "Succeeded");
    }
  reply_job (call, job);
  json_object_set_string_member (call->reply, "ServerGroupId", sg_id);
}

/* ------------------------------------------------------------------------------------------ */
/* Load balancers                                                                               */

static JsonObject *
find_load_balancer (LwSimCall *call)
{
  JsonObject *lb = lw_sim_res_find (call->sim, "load-balancer", "LoadBalancerId",
                                    lw_sim_param (call, "LoadBalancerId"));
  if (lb == NULL)
    lw_sim_call_error (call, 404, "ResourceNotFound.loadBalancer", "The specified resource %s is not found.",
                       lw_sim_param (call, "LoadBalancerId"));
  return lb;
}

static guint
region_zone_count (LwSimServer *sim,
                   const char  *region)
{
  for (guint i = 0; i < json_array_get_length (sim->regions); i++)
    {
      JsonObject *r = json_array_get_object_element (sim->regions, i);
      if (g_strcmp0 (str (r, "RegionId"), region) == 0 && json_object_has_member (r, "Zones"))
        return json_array_get_length (json_object_get_array_member (r, "Zones"));
    }
  return 0;
}

static char *
address_in (const char *cidr,
            guint       host)
{
  guint a = 0, b = 0, c = 0, d = 0;

  if (sscanf (cidr, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
    return g_strdup ("0.0.0.0");
  return g_strdup_printf ("%u.%u.%u.%u", a, b, c, host);
}

typedef struct {
  char *id;
  char *status;
} LbDone;

static void
lb_done_free (gpointer p)
{
  LbDone *d = p;
  g_free (d->id);
  g_free (d->status);
  g_free (d);
}

static void
lb_done_fire (LwSimServer *sim,
              gpointer     data)
{
  LbDone *d = data;
  JsonObject *lb = lw_sim_res_find (sim, "load-balancer", "LoadBalancerId", d->id);

  if (lb == NULL)
    return;
  json_object_set_string_member (lb, "LoadBalancerStatus", d->status);
  lw_sim_job_set (sim, str (lb, "_JobId"), strcmp (d->status, "Active") == 0 ? "Succeeded" : "Failed");
  lw_sim_reconcile (sim);
}

static void
create_load_balancer (LwSimCall *call)
{
  const char *address_type, *ip_version;
  const char *region = region_of (call);
  const char *vpc_id = lw_sim_param (call, "VpcId");
  g_autofree char *id = NULL;
  g_autofree char *dns = NULL;
  g_autofree char *now = lw_sim_now_iso ();
  g_autoptr(GPtrArray) seen_zones = g_ptr_array_new ();
  JsonArray *mappings;
  JsonObject *lb, *reply, *dp, *mp;
  LbDone *done;
  guint n;

  if (!lw_sim_param_enum (call, "AddressType", "Internet|Intranet", NULL, &address_type) ||
      !lw_sim_param_enum (call, "AddressIpVersion", "ipv4|DualStack", "ipv4", &ip_version) ||
      !valid_name (call, "LoadBalancerName", FALSE))
    return;
  if (lw_sim_param (call, "LoadBalancerBillingConfig.PayType") &&
      g_strcmp0 (lw_sim_param (call, "LoadBalancerBillingConfig.PayType"), "PostPay") != 0)
    {
      lw_sim_call_error (call, 400, "IllegalParam.PayType", "The param of LoadBalancerBillingConfig.PayType is illegal.");
      return;
    }
  if (find_vpc (call->sim, vpc_id, region) == NULL)
    {
      lw_sim_call_error (call, 404, "ResourceNotFound.vpc", "The specified resource %s is not found.", vpc_id);
      return;
    }

  mappings = json_array_new ();
  for (n = 1; lw_sim_param_nth (call, "ZoneMappings", n, "ZoneId") ||
              lw_sim_param_nth (call, "ZoneMappings", n, "VSwitchId"); n++)
    {
      const char *zone = lw_sim_param_nth (call, "ZoneMappings", n, "ZoneId");
      const char *vsw_id = lw_sim_param_nth (call, "ZoneMappings", n, "VSwitchId");
      JsonObject *vsw = lw_sim_find_vswitch (call->sim, vsw_id);
      JsonObject *m, *addr;
      JsonArray *addrs;
      g_autofree char *ip = NULL;
      g_autofree char *eni = NULL;

      if (zone == NULL || vsw_id == NULL)
        {
          lw_sim_call_error (call, 400, zone ? "MissingParam.VSwitchId" : "MissingParam.ZoneId",
                             "ZoneMappings.%u needs both ZoneId and VSwitchId.", n);
          json_array_unref (mappings);
          return;
        }
      if (vsw == NULL || g_strcmp0 (str (vsw, "VpcId"), vpc_id) != 0)
        {
          lw_sim_call_error (call, 404, "ResourceNotFound.vSwitch",
                             "The specified resource %s is not found in %s.", vsw_id, vpc_id);
          json_array_unref (mappings);
          return;
        }
      if (g_strcmp0 (str (vsw, "ZoneId"), zone) != 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ZoneId",
                             "The vSwitch %s is in zone %s, not %s.", vsw_id, str (vsw, "ZoneId"), zone);
          json_array_unref (mappings);
          return;
        }
      if (in_list (seen_zones, zone) && seen_zones->len > 0)
        {
          lw_sim_call_error (call, 400, "IllegalParam.ZoneMappings", "Zone %s is given twice.", zone);
          json_array_unref (mappings);
          return;
        }
      g_ptr_array_add (seen_zones, (gpointer) zone);

      ip = address_in (str (vsw, "CidrBlock"), 200 + (guint) (call->sim->serial % 50));
      eni = lw_sim_new_id (call->sim, "eni-");
      addr = json_object_new ();
      json_object_set_string_member (addr, "PrivateIPv4Address", ip);
      json_object_set_string_member (addr, "EniId", eni);
      json_object_set_string_member (addr, "PrivateIPv4HcStatus", "Healthy");
      addrs = json_array_new ();
      json_array_add_object_element (addrs, addr);
      m = json_object_new ();
      json_object_set_string_member (m, "ZoneId", zone);
      json_object_set_string_member (m, "VSwitchId", vsw_id);
      json_object_set_string_member (m, "Status", "Active");
      json_object_set_array_member (m, "LoadBalancerAddresses", addrs);
      json_array_add_object_element (mappings, m);
    }

  if (json_array_get_length (mappings) == 0)
    {
      lw_sim_call_error (call, 400, "MissingParam.ZoneMappings",
                         "The parameter ZoneMappings that is mandatory for processing this request is not supplied.");
      json_array_unref (mappings);
      return;
    }
  if (json_array_get_length (mappings) < 2 && region_zone_count (call->sim, region) >= 2)
    {
      lw_sim_call_error (call, 400, "IllegalParam.ZoneMappings",
                         "The region %s has two or more zones: specify at least two zones.", region);
      json_array_unref (mappings);
      return;
    }

  id = lw_sim_new_id (call->sim, "nlb-");
  dns = g_strdup_printf ("%s.%s.nlb.aliyuncs.com", id, region);
  lb = json_object_new ();
  json_object_set_string_member (lb, "LoadBalancerId", id);
  json_object_set_string_member (lb, "LoadBalancerName",
                                 lw_sim_param (call, "LoadBalancerName") ? lw_sim_param (call, "LoadBalancerName") : "");
  json_object_set_string_member (lb, "LoadBalancerType", "Network");
  json_object_set_string_member (lb, "LoadBalancerStatus", "Provisioning");
  json_object_set_string_member (lb, "LoadBalancerBusinessStatus", "Normal");
  json_object_set_string_member (lb, "AddressType", address_type);
  json_object_set_string_member (lb, "AddressIpVersion", ip_version);
  json_object_set_string_member (lb, "VpcId", vpc_id);
  json_object_set_string_member (lb, "RegionId", region);
  json_object_set_string_member (lb, "DNSName", dns);
  json_object_set_boolean_member (lb, "CrossZoneEnabled", TRUE);
  json_object_set_string_member (lb, "CreateTime", now);
  json_object_set_array_member (lb, "ZoneMappings", mappings);
  json_object_set_array_member (lb, "SecurityGroupIds", json_array_new ());
  json_object_set_array_member (lb, "Tags", json_array_new ());
  dp = json_object_new ();
  json_object_set_boolean_member (dp, "Enabled", FALSE);
  json_object_set_object_member (lb, "DeletionProtectionConfig", dp);
  mp = json_object_new ();
  json_object_set_string_member (mp, "Status", "NonProtection");
  json_object_set_object_member (lb, "ModificationProtectionConfig", mp);
  {
    g_autofree char *job = lw_sim_job_new (call->sim);
    json_object_set_string_member (lb, "_JobId", job);
  }
  lw_sim_res_add (call->sim, "load-balancer", lb, lw_sim_param (call, "ClientToken"));

  done = g_new0 (LbDone, 1);
  done->id = g_strdup (id);
  done->status = g_strdup (call->create_failed ? "CreateFailed" : "Active");
  lw_sim_schedule (call->sim, "lb.create", lb_done_fire, done, lb_done_free);

  reply = lw_sim_call_ok (call);
  /* Lower-case "b": the real response's spelling, which clients must read. */
  json_object_set_string_member (reply, "LoadbalancerId", id);
  json_object_set_int_member (reply, "OrderId", (gint64) (call->sim->serial + 200000000000000));
}

static void
get_load_balancer_attribute (LwSimCall *call)
{
  JsonObject *lb = find_load_balancer (call);
  g_autoptr(JsonNode) pub = NULL;
  JsonObject *reply;
  g_autoptr(GList) members = NULL;

  if (lb == NULL)
    return;
  pub = lw_sim_public_node (lb);
  reply = lw_sim_call_ok (call);
  members = json_object_get_members (json_node_get_object (pub));
  for (GList *l = members; l; l = l->next)
    json_object_set_member (reply, l->data,
                            json_node_copy (json_object_get_member (json_node_get_object (pub), l->data)));
}

static void
list_load_balancers (LwSimCall *call)
{
  g_autoptr(GPtrArray) ids = lw_sim_param_list (call, "LoadBalancerIds");
  g_autoptr(GPtrArray) names = lw_sim_param_list (call, "LoadBalancerNames");
  g_autoptr(GPtrArray) vpcs = lw_sim_param_list (call, "VpcIds");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all = lw_sim_res_list (call->sim, "load-balancer");
  const char *status = lw_sim_param (call, "LoadBalancerStatus");
  JsonObject *reply = lw_sim_call_ok (call);

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *lb = g_ptr_array_index (all, i);
      if (in_list (ids, str (lb, "LoadBalancerId")) && in_list (names, str (lb, "LoadBalancerName")) &&
          in_list (vpcs, str (lb, "VpcId")) && g_strcmp0 (region_of (call), str (lb, "RegionId")) == 0 &&
          (status == NULL || g_strcmp0 (status, str (lb, "LoadBalancerStatus")) == 0))
        g_ptr_array_add (hits, lb);
    }
  page = lw_sim_page_tokens (call, hits, 20, 100, reply, FALSE);
  if (page == NULL)
    return;
  json_object_set_array_member (reply, "LoadBalancers", lw_sim_public_array (page));
}

static void
delete_load_balancer (LwSimCall *call)
{
  JsonObject *lb = find_load_balancer (call);
  GPtrArray *resources, *listeners;
  g_autofree char *job = NULL;
  const char *id;

  if (lb == NULL)
    return;
  id = str (lb, "LoadBalancerId");
  if (g_strcmp0 (str (lb, "LoadBalancerStatus"), "Provisioning") == 0 ||
      g_strcmp0 (str (lb, "LoadBalancerStatus"), "Configuring") == 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.loadBalancer",
                         "The status of the load balancer %s is %s.", id, str (lb, "LoadBalancerStatus"));
      return;
    }
  resources = lw_sim_res_list (call->sim, "endpoint-service");
  for (guint i = 0; i < resources->len; i++)
    {
      JsonObject *svc = g_ptr_array_index (resources, i);
      JsonArray *res = json_object_get_array_member (svc, "_Resources");
      for (guint r = 0; res && r < json_array_get_length (res); r++)
        if (g_strcmp0 (str (json_array_get_object_element (res, r), "ResourceId"), id) == 0)
          {
            lw_sim_call_error (call, 400, "ResourceInUse.loadBalancer",
                               "The load balancer %s is a resource of endpoint service %s.", id,
                               str (svc, "ServiceId"));
            return;
          }
    }

  /* Deleting a load balancer deletes its listeners. */
  listeners = lw_sim_res_list (call->sim, "listener");
  for (guint i = listeners->len; i > 0; i--)
    if (g_strcmp0 (str (g_ptr_array_index (listeners, i - 1), "LoadBalancerId"), id) == 0)
      g_ptr_array_remove_index (listeners, i - 1);

  job = lw_sim_job_new (call->sim);
  lw_sim_schedule_transition (call->sim, "lb.delete", "load-balancer", "LoadBalancerId", id,
                              NULL, NULL, job, "Succeeded");
  reply_job (call, job);
}

/* ------------------------------------------------------------------------------------------ */
/* Listeners                                                                                    */

static JsonObject *
find_listener (LwSimCall *call)
{
  JsonObject *lsn = lw_sim_res_find (call->sim, "listener", "ListenerId", lw_sim_param (call, "ListenerId"));
  if (lsn == NULL)
    lw_sim_call_error (call, 404, "ResourceNotFound.listener", "The specified resource %s is not found.",
                       lw_sim_param (call, "ListenerId"));
  return lsn;
}

static void
create_listener (LwSimCall *call)
{
  const char *protocol;
  gint64 port, start_port, end_port, idle;
  gboolean proxy;
  JsonObject *lb, *sg, *lsn;
  GPtrArray *listeners;
  const char *sg_protocol;
  g_autofree char *id = NULL;
  g_autofree char *job = NULL;
  const char *desc = lw_sim_param (call, "ListenerDescription");

  if (!lw_sim_param_enum (call, "ListenerProtocol", "TCP|UDP|TCPSSL", NULL, &protocol) ||
      !lw_sim_param_int (call, "ListenerPort", 0, 65535, 0, &port) ||
      !lw_sim_param_int (call, "StartPort", 0, 65535, 0, &start_port) ||
      !lw_sim_param_int (call, "EndPort", 0, 65535, 0, &end_port) ||
      !lw_sim_param_int (call, "IdleTimeout", 1, 900, 900, &idle) ||
      !lw_sim_param_bool (call, "ProxyProtocolEnabled", FALSE, &proxy))
    return;
  if (port == 0 && (start_port == 0 || end_port == 0 || start_port > end_port))
    {
      lw_sim_call_error (call, 400, "IllegalParam.ListenerPort",
                         "ListenerPort 0 (all ports) needs StartPort and EndPort.");
      return;
    }
  if (desc && (g_utf8_strlen (desc, -1) < 2 || g_utf8_strlen (desc, -1) > 256))
    {
      lw_sim_call_error (call, 400, "IllegalParam.ListenerDescription", "The param of ListenerDescription is illegal.");
      return;
    }

  lb = find_load_balancer (call);
  if (lb == NULL)
    return;
  sg = find_server_group (call);
  if (sg == NULL)
    return;
  if (g_strcmp0 (str (lb, "LoadBalancerStatus"), "Active") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.loadBalancer",
                         "The status of the load balancer %s is %s; it must be Active.",
                         str (lb, "LoadBalancerId"), str (lb, "LoadBalancerStatus"));
      return;
    }
  if (g_strcmp0 (str (sg, "ServerGroupStatus"), "Available") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.serverGroup",
                         "The status of the server group %s is %s.", str (sg, "ServerGroupId"),
                         str (sg, "ServerGroupStatus"));
      return;
    }
  if (g_strcmp0 (str (sg, "VpcId"), str (lb, "VpcId")) != 0)
    {
      lw_sim_call_error (call, 400, "IllegalParam.ServerGroupId",
                         "The server group and the load balancer are in different VPCs.");
      return;
    }
  sg_protocol = str (sg, "Protocol");
  if ((strcmp (protocol, "TCP") == 0 && strcmp (sg_protocol, "TCP") != 0 && strcmp (sg_protocol, "TCP_UDP") != 0) ||
      (strcmp (protocol, "UDP") == 0 && strcmp (sg_protocol, "UDP") != 0 && strcmp (sg_protocol, "TCP_UDP") != 0) ||
      (strcmp (protocol, "TCPSSL") == 0 && strcmp (sg_protocol, "TCP") != 0))
    {
      lw_sim_call_error (call, 400, "IllegalParam.ServerGroupId",
                         "A %s listener cannot use a %s server group.", protocol, sg_protocol);
      return;
    }
  listeners = lw_sim_res_list (call->sim, "listener");
  for (guint i = 0; i < listeners->len; i++)
    {
      JsonObject *other = g_ptr_array_index (listeners, i);
      if (g_strcmp0 (str (other, "LoadBalancerId"), str (lb, "LoadBalancerId")) == 0 &&
          json_object_get_int_member (other, "ListenerPort") == port &&
          g_strcmp0 (str (other, "ListenerProtocol"), protocol) == 0)
        {
          lw_sim_call_error (call, 400, "Conflict.Port",
                             "Listener %s already uses %s port %" G_GINT64_FORMAT " on this load balancer.",
                             str (other, "ListenerId"), protocol, port);
          return;
        }
    }

  id = lw_sim_new_id (call->sim, "lsn-");
  job = lw_sim_job_new (call->sim);
  lsn = json_object_new ();
  json_object_set_string_member (lsn, "ListenerId", id);
  json_object_set_string_member (lsn, "ListenerProtocol", protocol);
  json_object_set_int_member (lsn, "ListenerPort", port);
  /* Numbers in the request, strings in GetListenerAttribute / ListListeners (official model). */
  {
    char text[24];
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, start_port);
    json_object_set_string_member (lsn, "StartPort", text);
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, end_port);
    json_object_set_string_member (lsn, "EndPort", text);
  }
  json_object_set_string_member (lsn, "LoadBalancerId", str (lb, "LoadBalancerId"));
  json_object_set_string_member (lsn, "ServerGroupId", str (sg, "ServerGroupId"));
  json_object_set_string_member (lsn, "ListenerStatus", "Provisioning");
  json_object_set_string_member (lsn, "ListenerDescription", desc ? desc : "");
  json_object_set_int_member (lsn, "IdleTimeout", idle);
  json_object_set_boolean_member (lsn, "ProxyProtocolEnabled", proxy);
  json_object_set_string_member (lsn, "RegionId", str (lb, "RegionId"));
  lw_sim_res_add (call->sim, "listener", lsn, lw_sim_param (call, "ClientToken"));
  lw_sim_schedule_transition (call->sim, "listener.create", "listener", "ListenerId", id,
                              "ListenerStatus", "Running", job, "Succeeded");

  reply_job (call, job);
  json_object_set_string_member (call->reply, "ListenerId", id);
}

static void
get_listener_attribute (LwSimCall *call)
{
  JsonObject *lsn = find_listener (call);
  g_autoptr(JsonNode) pub = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *reply;

  if (lsn == NULL)
    return;
  pub = lw_sim_public_node (lsn);
  reply = lw_sim_call_ok (call);
  members = json_object_get_members (json_node_get_object (pub));
  for (GList *l = members; l; l = l->next)
    json_object_set_member (reply, l->data,
                            json_node_copy (json_object_get_member (json_node_get_object (pub), l->data)));
}

static void
list_listeners (LwSimCall *call)
{
  g_autoptr(GPtrArray) ids = lw_sim_param_list (call, "ListenerIds");
  g_autoptr(GPtrArray) lbs = lw_sim_param_list (call, "LoadBalancerIds");
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = NULL;
  GPtrArray *all = lw_sim_res_list (call->sim, "listener");
  const char *protocol = lw_sim_param (call, "ListenerProtocol");
  JsonObject *reply = lw_sim_call_ok (call);

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *lsn = g_ptr_array_index (all, i);
      if (in_list (ids, str (lsn, "ListenerId")) && in_list (lbs, str (lsn, "LoadBalancerId")) &&
          (protocol == NULL || g_strcmp0 (protocol, str (lsn, "ListenerProtocol")) == 0))
        g_ptr_array_add (hits, lsn);
    }
  page = lw_sim_page_tokens (call, hits, 20, 100, reply, FALSE);
  if (page == NULL)
    return;
  json_object_set_array_member (reply, "Listeners", lw_sim_public_array (page));
}

static void
delete_listener (LwSimCall *call)
{
  JsonObject *lsn = find_listener (call);
  g_autofree char *job = NULL;

  if (lsn == NULL)
    return;
  if (g_strcmp0 (str (lsn, "ListenerStatus"), "Running") != 0 &&
      g_strcmp0 (str (lsn, "ListenerStatus"), "Stopped") != 0)
    {
      lw_sim_call_error (call, 400, "IncorrectStatus.listener",
                         "The status of the listener %s is %s.", str (lsn, "ListenerId"), str (lsn, "ListenerStatus"));
      return;
    }
  job = lw_sim_job_new (call->sim);
  json_object_set_string_member (lsn, "ListenerStatus", "Deleting");
  lw_sim_schedule_transition (call->sim, "listener.delete", "listener", "ListenerId", str (lsn, "ListenerId"),
                              NULL, NULL, job, "Succeeded");
  reply_job (call, job);
}

gboolean
lw_sim_nlb_server_healthy (LwSimServer *sim,
                           JsonObject  *server,
                           const char  *vpc_id)
{
  g_autoptr(GPtrArray) cidrs = NULL;

  if (g_strcmp0 (str (server, "Status"), "Available") != 0)
    return FALSE;
  /* The health check reaches a backend when a running database listens there and lets the load
   * balancer's vSwitches in (lw-sim-sources.c: PolarDB whitelist, ECS security group rules). */
  cidrs = lw_sim_nlb_group_cidrs (sim, str (server, "ServerGroupId"));
  return lw_sim_source_healthy (sim, str (server, "ServerIp"), json_object_get_int_member (server, "Port"), vpc_id,
                                cidrs, NULL, NULL);
}

static void
get_listener_health_status (LwSimCall *call)
{
  JsonObject *lsn = find_listener (call);
  JsonObject *sg, *reply, *row, *info;
  JsonArray *rows, *infos, *bad;
  GPtrArray *servers;

  if (lsn == NULL)
    return;
  sg = lw_sim_res_find (call->sim, "server-group", "ServerGroupId", str (lsn, "ServerGroupId"));
  reply = lw_sim_call_ok (call);
  rows = json_array_new ();
  row = json_object_new ();
  json_object_set_string_member (row, "ListenerId", str (lsn, "ListenerId"));
  json_object_set_int_member (row, "ListenerPort", json_object_get_int_member (lsn, "ListenerPort"));
  json_object_set_string_member (row, "ListenerProtocol", str (lsn, "ListenerProtocol"));
  infos = json_array_new ();
  info = json_object_new ();
  json_object_set_string_member (info, "ServerGroupId", str (lsn, "ServerGroupId"));
  json_object_set_boolean_member (info, "HeathCheckEnabled", TRUE);
  bad = json_array_new ();
  servers = lw_sim_res_list (call->sim, "server");
  for (guint i = 0; sg && i < servers->len; i++)
    {
      JsonObject *s = g_ptr_array_index (servers, i);
      JsonObject *entry, *reason;

      if (g_strcmp0 (str (s, "ServerGroupId"), str (sg, "ServerGroupId")) != 0 ||
          g_strcmp0 (str (s, "Status"), "Available") != 0 ||
          lw_sim_nlb_server_healthy (call->sim, s, str (sg, "VpcId")))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "ServerId", str (s, "ServerId"));
      json_object_set_string_member (entry, "ServerIp", str (s, "ServerIp"));
      json_object_set_int_member (entry, "Port", json_object_get_int_member (s, "Port"));
      json_object_set_string_member (entry, "Status", "Unhealthy");
      reason = json_object_new ();
      json_object_set_string_member (reason, "ReasonCode", "CONNECT_TIMEOUT");
      json_object_set_object_member (entry, "Reason", reason);
      json_array_add_object_element (bad, entry);
    }
  json_object_set_array_member (info, "NonNormalServers", bad);
  json_array_add_object_element (infos, info);
  json_object_set_array_member (row, "ServerGroupInfos", infos);
  json_array_add_object_element (rows, row);
  json_object_set_array_member (reply, "ListenerHealthStatus", rows);
}

static void
get_job_status (LwSimCall *call)
{
  const char *status = g_hash_table_lookup (call->sim->jobs, lw_sim_param (call, "JobId"));
  JsonObject *reply;

  if (status == NULL)
    {
      lw_sim_call_error (call, 404, "ResourceNotFound.job", "The specified job %s is not found.",
                         lw_sim_param (call, "JobId"));
      return;
    }
  reply = lw_sim_call_ok (call);
  json_object_set_string_member (reply, "Status", status);
}

const LwSimAction lw_sim_nlb_actions[] = {
  { "CreateServerGroup", "ServerGroupName VpcId", create_server_group },
  { "ListServerGroups", NULL, list_server_groups },
  { "DeleteServerGroup", "ServerGroupId", delete_server_group },
  { "AddServersToServerGroup", "ServerGroupId", add_servers },
  { "ListServerGroupServers", NULL, list_server_group_servers },
  { "RemoveServersFromServerGroup", "ServerGroupId", remove_servers },
  { "CreateLoadBalancer", "AddressType VpcId", create_load_balancer },
  { "GetLoadBalancerAttribute", "LoadBalancerId", get_load_balancer_attribute },
  { "ListLoadBalancers", NULL, list_load_balancers },
  { "DeleteLoadBalancer", "LoadBalancerId", delete_load_balancer },
  { "CreateListener", "ListenerProtocol ListenerPort LoadBalancerId ServerGroupId", create_listener },
  { "GetListenerAttribute", "ListenerId", get_listener_attribute },
  { "ListListeners", NULL, list_listeners },
  { "DeleteListener", "ListenerId", delete_listener },
  { "GetListenerHealthStatus", "ListenerId", get_listener_health_status },
  { "GetJobStatus", "JobId", get_job_status },
  { NULL, NULL, NULL }
};
