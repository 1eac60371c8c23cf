/* lw-terraform.c — a setup as Terraform HCL (alicloud provider) with import blocks
 *
 * The output adopts what Linkwright created: `terraform plan` after `terraform init` shows imports and
 * no changes. Only resources with a known ID are written, so a half-finished setup exports what exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-terraform"

#include "config.h"

#include <string.h>

#include "lw-names.h"
#include "lw-terraform.h"

/* The provider version the output was checked against (its resource docs; the schema table is in
 * tests/core/test-terraform.c), and the oldest one that documents every import ID used here (the
 * server attachment's <server_group_id>_<server_id>_<server_ip>_<server_type>_<port>). */
#define PROVIDER_CHECKED "1.289.0"
#define PROVIDER_MIN ">= 1.245.0"

/* HCL string literal: escape backslash, quote, and the template introducers ${ and %{. */
static void
append_quoted (GString *out, const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value ? value : ""; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '$':
        case '%':
          g_string_append_c (out, *p);
          if (p[1] == '{')
            g_string_append_c (out, *p);
          break;
        default: g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
attr (GString *out, const char *indent, const char *name, int width, const char *value)
{
  g_string_append_printf (out, "%s%-*s = ", indent, width, name);
  append_quoted (out, value);
  g_string_append_c (out, '\n');
}

static void
attr_raw (GString *out, const char *indent, const char *name, int width, const char *value)
{
  g_string_append_printf (out, "%s%-*s = %s\n", indent, width, name, value);
}

static void
import_block (GString *out, const char *address, const char *id)
{
  g_string_append (out, "import {\n");
  attr_raw (out, "  ", "to", 2, address);
  attr (out, "  ", "id", 2, id);
  g_string_append (out, "}\n\n");
}

/* The tags the runner created every resource with (lw-runner-resources.c add_tags), so that a plan after import
 * does not remove them. */
static void
tags (GString *out, LwSetup *setup)
{
  g_autofree char *setup_tag = lw_names_tag_value (lw_setup_get_id (setup));

  g_string_append (out, "  tags = {\n");
  g_string_append (out, "    \"created-by\"       = \"linkwright\"\n");
  g_string_append (out, "    \"linkwright-setup\" = ");
  append_quoted (out, setup_tag);
  g_string_append (out, "\n  }\n");
}

/* A comment line must not be ended early by what it quotes. */
static void
append_comment_text (GString *out, const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    g_string_append_c (out, (guchar) *p < 0x20 || *p == 0x7f ? '?' : *p);
}

/* What opened the source to the load balancer, when Linkwright did it (the opt-in fix). */
static void
source_access (GString *out, LwSetup *setup)
{
  const char *step = lw_setup_get_access_step_id (setup);
  const char *rid = lw_setup_get_resource_id (setup, step);
  LwStepRecord record = lw_setup_get_step_record (setup, step);
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);

  if (rid == NULL || *rid == '\0' || (record != LW_STEP_RECORD_CREATED && record != LW_STEP_RECORD_DONE))
    return;

  if (lw_setup_get_source_kind (setup) == LW_SOURCE_KIND_ECS)
    {
      g_autofree char *name = lw_setup_dup_name (setup);
      g_autofree char *range = g_strdup_printf ("%u/%u", lw_setup_get_rds_port (setup), lw_setup_get_rds_port (setup));
      const char *group = lw_setup_get_source_security_group_id (setup);
      guint n = 0;

      /* One alicloud_security_group_rule per rule AuthorizeSecurityGroup added. Import ID (provider >= 1.224.0):
       * <security_group_id>:<type>:<ip_protocol>:<port_range>:<nic_type>:<cidr_ip>:<policy>:<priority>. */
      for (guint i = 0; group != NULL && i < zones->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (zones, i);
          g_autofree char *address = NULL;
          g_autofree char *id = NULL;

          if (m->cidr == NULL)
            continue;
          n++;
          address = g_strdup_printf ("alicloud_security_group_rule.mysql_%u", n);
          id = g_strdup_printf ("%s:ingress:tcp:%s:intranet:%s:accept:1", group, range, m->cidr);
          g_string_append_printf (out, "resource \"alicloud_security_group_rule\" \"mysql_%u\" {\n", n);
          attr (out, "  ", "security_group_id", 17, group);
          attr (out, "  ", "type", 17, "ingress");
          attr (out, "  ", "ip_protocol", 17, "tcp");
          attr (out, "  ", "nic_type", 17, "intranet");
          attr (out, "  ", "policy", 17, "accept");
          attr (out, "  ", "port_range", 17, range);
          attr_raw (out, "  ", "priority", 17, "1");
          attr (out, "  ", "cidr_ip", 17, m->cidr);
          attr (out, "  ", "description", 17, name);
          g_string_append (out, "}\n\n");
          import_block (out, address, id);
        }
    }
  else if (lw_setup_get_source_kind (setup) == LW_SOURCE_KIND_POLARDB)
    {
      /* The provider models a PolarDB whitelist group only inside alicloud_polardb_cluster (security_ips /
       * db_cluster_ip_array blocks); there is no standalone resource, and importing the whole cluster to
       * manage one group would put the cluster under this configuration. So: a note, not a resource. */
      g_string_append (out, "# PolarDB whitelist group ");
      append_comment_text (out, rid);
      g_string_append (out, " of cluster ");
      append_comment_text (out, lw_setup_get_rds_instance_id (setup));
      g_string_append (out, " (the load balancer's vSwitch CIDRs");
      for (guint i = 0; i < zones->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (zones, i);
          g_string_append (out, i == 0 ? ": " : ", ");
          append_comment_text (out, m->cidr);
        }
      g_string_append (out, ") was added by Linkwright.\n"
                            "# The alicloud provider has no standalone resource for it: it is a db_cluster_ip_array block of\n"
                            "# alicloud_polardb_cluster. Manage it there if that cluster is in your configuration.\n\n");
    }
  /* RDS: the whitelist group is a block of alicloud_db_instance, as before (not exported). */
}

char *
lw_terraform_export (LwSetup *setup)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *port = g_strdup_printf ("%u", lw_setup_get_rds_port (setup));
  GPtrArray *zones = lw_setup_get_zone_mappings (setup);
  const char *sg = lw_setup_get_server_group_id (setup);
  const char *backend = lw_setup_get_resource_id (setup, LW_STEP_BACKEND);
  const char *lb = lw_setup_get_load_balancer_id (setup);
  const char *listener = lw_setup_get_listener_id (setup);
  const char *service = lw_setup_get_service_id (setup);
  const char *user = lw_setup_get_resource_id (setup, LW_STEP_SERVICE_USER);

  g_string_append (out, "# Generated by Linkwright for setup ");
  append_comment_text (out, lw_setup_get_id (setup));
  g_string_append_printf (out, " (%s).\n", name);
  switch (lw_setup_get_source_kind (setup))
    {
    case LW_SOURCE_KIND_POLARDB: g_string_append (out, "# Private link from TiDB Cloud to PolarDB for MySQL "); break;
    case LW_SOURCE_KIND_ECS: g_string_append (out, "# Private link from TiDB Cloud to MySQL on ECS "); break;
    case LW_SOURCE_KIND_RDS:
    default:
      g_string_append (out, "# Private link from TiDB Cloud to RDS ");
      break;
    }
  append_comment_text (out, lw_setup_get_rds_instance_id (setup));
  g_string_append (out, ". Needs Terraform >= 1.5 (import blocks).\n");
  g_string_append (out, "# Checked against the aliyun/alicloud provider " PROVIDER_CHECKED " (argument names, attributes, import IDs);\n");
  g_string_append (out, "# after terraform init and the imports, terraform plan should show no changes.\n");
  g_string_append (out, "# Credentials come from the environment (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET), never from this file.\n\n");

  g_string_append (out, "terraform {\n  required_providers {\n    alicloud = {\n      source  = \"aliyun/alicloud\"\n"
                        "      version = \"" PROVIDER_MIN "\"\n    }\n  }\n}\n\n");
  g_string_append (out, "provider \"alicloud\" {\n");
  attr (out, "  ", "region", 6, lw_setup_get_region (setup));
  g_string_append (out, "}\n\n");

  source_access (out, setup);

  if (sg != NULL)
    {
      g_string_append (out, "resource \"alicloud_nlb_server_group\" \"rds\" {\n");
      attr (out, "  ", "server_group_name", 26, name);
      attr (out, "  ", "server_group_type", 26, "Ip");
      attr (out, "  ", "vpc_id", 26, lw_setup_get_vpc_id (setup));
      attr (out, "  ", "protocol", 26, "TCP");
      attr_raw (out, "  ", "preserve_client_ip_enabled", 26, "false");
      g_string_append (out, "  health_check {\n");
      attr_raw (out, "    ", "health_check_enabled", 20, "true");
      attr (out, "    ", "health_check_type", 20, "TCP");
      g_string_append (out, "  }\n");
      tags (out, setup);
      g_string_append (out, "}\n\n");
      import_block (out, "alicloud_nlb_server_group.rds", sg);
    }

  if (sg != NULL && backend != NULL && strrchr (backend, ':') != NULL)
    {
      g_autofree char *ip = g_strndup (backend, strrchr (backend, ':') - backend);
      const char *backend_port = strrchr (backend, ':') + 1;
      /* <server_group_id>_<server_id>_<server_ip>_<server_type>_<port> (documented since provider 1.245.0). */
      g_autofree char *id = g_strdup_printf ("%s_%s_%s_Ip_%s", sg, ip, ip, backend_port);

      g_string_append (out, "resource \"alicloud_nlb_server_group_server_attachment\" \"rds\" {\n");
      attr_raw (out, "  ", "server_group_id", 15, "alicloud_nlb_server_group.rds.id");
      attr (out, "  ", "server_type", 15, "Ip");
      attr (out, "  ", "server_id", 15, ip);
      attr (out, "  ", "server_ip", 15, ip);
      attr_raw (out, "  ", "port", 15, backend_port);
      attr (out, "  ", "description", 15, lw_names_backend_description ());
      g_string_append (out, "}\n\n");
      import_block (out, "alicloud_nlb_server_group_server_attachment.rds", id);
    }

  if (lb != NULL)
    {
      g_string_append (out, "resource \"alicloud_nlb_load_balancer\" \"rds\" {\n");
      attr (out, "  ", "load_balancer_name", 18, name);
      attr (out, "  ", "load_balancer_type", 18, "Network");
      attr (out, "  ", "address_type", 18, "Intranet");
      /* address_ip_version is left out: optional and computed, and ForceNew and case-sensitive, so a value
       * spelled differently from what the API returns ("ipv4") would replace the load balancer. */
      attr (out, "  ", "vpc_id", 18, lw_setup_get_vpc_id (setup));
      for (guint i = 0; i < zones->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (zones, i);
          g_string_append (out, "  zone_mappings {\n");
          attr (out, "    ", "zone_id", 10, m->zone_id);
          attr (out, "    ", "vswitch_id", 10, m->vswitch_id);
          g_string_append (out, "  }\n");
        }
      tags (out, setup);
      g_string_append (out, "}\n\n");
      import_block (out, "alicloud_nlb_load_balancer.rds", lb);
    }

  if (listener != NULL)
    {
      g_string_append (out, "resource \"alicloud_nlb_listener\" \"rds\" {\n");
      attr (out, "  ", "listener_protocol", 20, "TCP");
      attr_raw (out, "  ", "listener_port", 20, port);
      attr_raw (out, "  ", "load_balancer_id", 20, lb ? "alicloud_nlb_load_balancer.rds.id" : "null");
      attr_raw (out, "  ", "server_group_id", 20, sg ? "alicloud_nlb_server_group.rds.id" : "null");
      attr (out, "  ", "listener_description", 20, name);
      tags (out, setup);
      g_string_append (out, "}\n\n");
      import_block (out, "alicloud_nlb_listener.rds", listener);
    }

  if (service != NULL)
    {
      g_autofree char *description = lw_names_service_description (name);

      g_string_append (out, "resource \"alicloud_privatelink_vpc_endpoint_service\" \"rds\" {\n");
      attr (out, "  ", "service_resource_type", 22, "nlb");
      attr_raw (out, "  ", "auto_accept_connection", 22, "false");
      attr (out, "  ", "service_description", 22, description);
      tags (out, setup);
      g_string_append (out, "}\n\n");
      import_block (out, "alicloud_privatelink_vpc_endpoint_service.rds", service);

      for (guint i = 0; lb != NULL && i < zones->len; i++)
        {
          LwZoneMapping *m = g_ptr_array_index (zones, i);
          g_autofree char *address = g_strdup_printf ("alicloud_privatelink_vpc_endpoint_service_resource.nlb_%u", i + 1);
          g_autofree char *id = g_strdup_printf ("%s:%s:%s", service, lb, m->zone_id);

          g_string_append_printf (out, "resource \"alicloud_privatelink_vpc_endpoint_service_resource\" \"nlb_%u\" {\n", i + 1);
          attr_raw (out, "  ", "service_id", 13, "alicloud_privatelink_vpc_endpoint_service.rds.id");
          attr_raw (out, "  ", "resource_id", 13, "alicloud_nlb_load_balancer.rds.id");
          attr (out, "  ", "resource_type", 13, "nlb");
          attr (out, "  ", "zone_id", 13, m->zone_id);
          g_string_append (out, "}\n\n");
          import_block (out, address, id);
        }

      if (user != NULL)
        {
          g_autofree char *id = g_strdup_printf ("%s:%s", service, user);

          g_string_append (out, "resource \"alicloud_privatelink_vpc_endpoint_service_user\" \"tidb_cloud\" {\n");
          attr_raw (out, "  ", "service_id", 10, "alicloud_privatelink_vpc_endpoint_service.rds.id");
          attr (out, "  ", "user_id", 10, user);
          g_string_append (out, "}\n\n");
          import_block (out, "alicloud_privatelink_vpc_endpoint_service_user.tidb_cloud", id);
        }
    }

  if (service != NULL && lw_setup_get_service_name (setup) != NULL)
    {
      g_string_append (out, "output \"endpoint_service_name\" {\n");
      attr_raw (out, "  ", "value", 5, "alicloud_privatelink_vpc_endpoint_service.rds.vpc_endpoint_service_name");
      g_string_append (out, "}\n");
    }

  /* One trailing newline. */
  while (out->len > 1 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
