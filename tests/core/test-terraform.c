/* test-terraform.c — Terraform export against a golden file
 *
 * Set LW_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-core.h"

static LwSetup *
finished_setup_named (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", file, NULL);
  g_autofree char *json = NULL;
  LwSetup *setup;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  setup = lw_setup_new_from_json (json, &error);
  g_assert_no_error (error);
  return setup;
}

static LwSetup *
finished_setup (void)
{
  return finished_setup_named ("setup-done.json");
}

/* data: "setup-done" (RDS), "setup-polardb-done", "setup-ecs-done": <name>.json → <name>.tf */
static void
test_terraform_golden (gconstpointer data)
{
  g_autofree char *json_name = g_strconcat (data, ".json", NULL);
  g_autofree char *tf_name = g_strconcat (data, ".tf", NULL);
  g_autoptr(LwSetup) setup = finished_setup_named (json_name);
  g_autofree char *hcl = lw_terraform_export (setup);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", tf_name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("LW_UPDATE_GOLDEN") != NULL)
    g_assert_true (g_file_set_contents (path, hcl, -1, NULL));
  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_cmpstr (hcl, ==, expected);
}

static void
test_terraform_partial_and_escaping (void)
{
  g_autoptr(LwSetup) setup = lw_setup_new ();
  g_autofree char *hcl = NULL;

  lw_setup_set_region (setup, "cn-hangzhou");
  lw_setup_set_rds_instance_id (setup, "rm-\"x\"${y}\n# z");
  lw_setup_set_vpc_id (setup, "vpc-\"x\"${y}");
  lw_setup_set_resource_id (setup, LW_STEP_SERVER_GROUP, "sgp-1");
  hcl = lw_terraform_export (setup);
  g_assert_nonnull (strstr (hcl, "alicloud_nlb_server_group"));
  g_assert_nonnull (strstr (hcl, "id = \"sgp-1\""));
  g_assert_null (strstr (hcl, "alicloud_nlb_load_balancer"));
  g_assert_null (strstr (hcl, "alicloud_nlb_listener"));
  /* Quotes escaped, template sequences neutralised. */
  g_assert_nonnull (strstr (hcl, "vpc-\\\"x\\\"$${y}"));
  /* The name is generated valid (no quote or brace reaches it), and a newline in the instance ID
   * cannot end the header comment. */
  g_assert_null (strstr (hcl, "\n# z"));
  g_assert_nonnull (strstr (hcl, "server_group_name          = \"lw-rm-x-y-z-"));
}

/* ---- the provider's schema, as documented ----
 *
 * Read from the aliyun/alicloud provider's resource docs (website/docs/r/<name>.html.markdown, also at
 * help.aliyun.com/zh/terraform/<resource>) for provider 1.289.0 — the version lw-terraform.c names in
 * the file's header. "!" marks ForceNew arguments; blocks are "block.argument". Computed attributes are
 * what the file may reference besides arguments and id. */
typedef struct {
  const char *type;
  const char *arguments;   /* space-separated; "!" = ForceNew */
  const char *computed;    /* space-separated */
  const char *import_id;   /* regex over the import block's id */
  const char *since;       /* provider version that documents this import ID */
  const char *doc;
} TfSchema;

static const TfSchema schema[] = {
  { "alicloud_security_group_rule",
    "!security_group_id !type !ip_protocol !policy !port_range !priority !cidr_ip !source_security_group_id "
    "!source_group_owner_account !ipv6_cidr_ip !prefix_list_id !nic_type description",
    "id",
    "^sg-[a-z0-9]+:ingress:tcp:[0-9]+/[0-9]+:intranet:[0-9./]+:accept:1$", "1.224.0",
    "alicloud_security_group_rule (Attributes: id <security_group_id>:<type>:<ip_protocol>:<port_range>:<nic_type>:"
    "<cidr_ip>:<policy>:<priority>; Import available since v1.224.0; nic_type intranet for a VPC security group)" },
  { "alicloud_nlb_server_group",
    "server_group_name !server_group_type !vpc_id !protocol preserve_client_ip_enabled !address_ip_version "
    "scheduler connection_drain_enabled connection_drain_timeout !any_port_enabled resource_group_id tags "
    "health_check health_check.health_check_enabled health_check.health_check_type "
    "health_check.health_check_connect_port health_check.health_check_connect_timeout "
    "health_check.health_check_interval health_check.healthy_threshold health_check.unhealthy_threshold",
    "id status region_id create_time",
    "^sgp-[a-z0-9]+$", "1.186.0",
    "alicloud_nlb_server_group (Argument Reference: protocol, vpc_id, server_group_type, address_ip_version ForceNew)" },
  { "alicloud_nlb_server_group_server_attachment",
    "!server_group_id !server_id !server_type !server_ip !port description weight",
    "id status zone_id",
    "^sgp-[a-z0-9]+_[0-9.]+_[0-9.]+_Ip_[0-9]+$", "1.245.0",
    "https://help.aliyun.com/zh/terraform/alicloud-nlb-server-group-server-attachment (Import: "
    "<server_group_id>_<server_id>_<server_ip>_<server_type>_<port>; description 2-256 of letters, digits , . ; / @ _ -)" },
  { "alicloud_nlb_load_balancer",
    "load_balancer_name !load_balancer_type address_type !address_ip_version !vpc_id zone_mappings "
    "zone_mappings.zone_id zone_mappings.vswitch_id zone_mappings.private_ipv4_address zone_mappings.allocation_id "
    "cross_zone_enabled resource_group_id tags",
    "id dns_name status region_id create_time ipv6_address_type",
    "^nlb-[a-z0-9]+$", "1.191.0",
    "alicloud_nlb_load_balancer (address_ip_version Optional, ForceNew, Computed; values Ipv4|DualStack as the API returns them)" },
  { "alicloud_nlb_listener",
    "!listener_protocol !listener_port !load_balancer_id server_group_id listener_description idle_timeout "
    "proxy_protocol_enabled !start_port !end_port tags",
    "id status region_id",
    "^lsn-[a-z0-9]+$", "1.191.0",
    "alicloud_nlb_listener (tags: Optional)" },
  { "alicloud_privatelink_vpc_endpoint_service",
    "!service_resource_type auto_accept_connection service_description connect_bandwidth !payer "
    "zone_affinity_enabled address_ip_version resource_group_id dry_run tags",
    "id vpc_endpoint_service_name service_domain status create_time region_id service_business_status",
    "^epsrv-[a-z0-9]+$", "1.109.0",
    "https://help.aliyun.com/zh/terraform/alicloud-privatelink-vpc-endpoint-service (the service name "
    "attribute is vpc_endpoint_service_name; there is no service_name)" },
  { "alicloud_privatelink_vpc_endpoint_service_resource",
    "!service_id !resource_id !resource_type !zone_id dry_run",
    "id",
    "^epsrv-[a-z0-9]+:nlb-[a-z0-9]+:[a-z0-9-]+$", "1.212.0",
    "alicloud_privatelink_vpc_endpoint_service_resource (Import: <service_id>:<resource_id>:<zone_id>)" },
  { "alicloud_privatelink_vpc_endpoint_service_user",
    "!service_id !user_id dry_run",
    "id",
    "^epsrv-[a-z0-9]+:[0-9]+$", "1.110.0",
    "alicloud_privatelink_vpc_endpoint_service_user (Import: <service_id>:<user_id>)" },
};

static const TfSchema *
schema_for (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (schema); i++)
    if (g_str_equal (schema[i].type, type))
      return &schema[i];
  return NULL;
}

static gboolean
has_word (const char *list, const char *word)
{
  g_auto(GStrv) words = g_strsplit (list, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (words[i][0] == '!' ? words[i] + 1 : words[i], word))
      return TRUE;
  return FALSE;
}

/* Every argument (and nested block argument) of every resource block is in the table; every
 * "alicloud_x.name.attr" reference names an argument or a computed attribute of x; every import ID
 * has the documented form. */
static void
check_against_schema (const char *hcl, guint *n_args, guint *n_refs, guint *n_imports)
{
  g_auto(GStrv) lines = g_strsplit (hcl, "\n", -1);
  g_autoptr(GRegex) res_re = g_regex_new ("^resource \"([a-z0-9_]+)\" \"[a-z0-9_]+\" \\{$", 0, 0, NULL);
  g_autoptr(GRegex) arg_re = g_regex_new ("^(  |    )([a-z0-9_]+) *(=|\\{)", 0, 0, NULL);
  g_autoptr(GRegex) ref_re = g_regex_new ("(alicloud_[a-z0-9_]+)\\.[a-z0-9_]+\\.([a-z0-9_]+)", 0, 0, NULL);
  g_autoptr(GRegex) to_re = g_regex_new ("^  to = (alicloud_[a-z0-9_]+)\\.", 0, 0, NULL);
  g_autoptr(GRegex) id_re = g_regex_new ("^  id = \"(.*)\"$", 0, 0, NULL);
  const TfSchema *current = NULL;
  const TfSchema *importing = NULL;
  g_autofree char *block = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      g_autoptr(GMatchInfo) m = NULL;

      if (g_regex_match (res_re, line, 0, &m))
        {
          g_autofree char *type = g_match_info_fetch (m, 1);
          current = schema_for (type);
          if (current == NULL)
            g_error ("resource type %s is not in the schema table", type);
          g_clear_pointer (&block, g_free);
          continue;
        }
      g_clear_pointer (&m, g_match_info_free);
      if (g_str_equal (line, "}"))
        {
          current = NULL;
          importing = NULL;
        }
      if (current != NULL && g_regex_match (arg_re, line, 0, &m))
        {
          g_autofree char *indent = g_match_info_fetch (m, 1);
          g_autofree char *name = g_match_info_fetch (m, 2);
          g_autofree char *op = g_match_info_fetch (m, 3);
          g_autofree char *full = NULL;

          if (strlen (indent) == 2 && g_str_equal (name, "tags"))
            g_clear_pointer (&block, g_free);
          else if (strlen (indent) == 2)
            {
              g_clear_pointer (&block, g_free);
              if (g_str_equal (op, "{"))
                block = g_strdup (name);
            }
          /* Lines inside tags = { … } are tag keys, not arguments. */
          if (strlen (indent) == 4 && block == NULL)
            continue;
          full = strlen (indent) == 4 ? g_strconcat (block, ".", name, NULL) : g_strdup (name);
          if (!has_word (current->arguments, full))
            g_error ("%s: argument %s is not in the provider's schema (%s)", current->type, full, current->doc);
          (*n_args)++;
        }
      if (line[0] != '#')
        {
          g_autoptr(GMatchInfo) r = NULL;

          g_regex_match (ref_re, line, 0, &r);
          while (g_match_info_matches (r))
            {
              g_autofree char *type = g_match_info_fetch (r, 1);
              g_autofree char *attr = g_match_info_fetch (r, 2);
              const TfSchema *target = schema_for (type);

              if (target == NULL)
                g_error ("reference to %s, which is not in the schema table", type);
              if (!g_str_equal (attr, "id") && !has_word (target->arguments, attr) && !has_word (target->computed, attr))
                g_error ("%s has no attribute %s (%s)", type, attr, target->doc);
              (*n_refs)++;
              g_match_info_next (r, NULL);
            }
        }
      g_clear_pointer (&m, g_match_info_free);
      if (g_regex_match (to_re, line, 0, &m))
        {
          g_autofree char *type = g_match_info_fetch (m, 1);
          importing = schema_for (type);
          g_assert_nonnull (importing);
        }
      g_clear_pointer (&m, g_match_info_free);
      if (importing != NULL && g_regex_match (id_re, line, 0, &m))
        {
          g_autofree char *id = g_match_info_fetch (m, 1);
          if (!g_regex_match_simple (importing->import_id, id, 0, 0))
            g_error ("import ID %s of %s is not of the documented form %s (%s)", id, importing->type,
                     importing->import_id, importing->doc);
          (*n_imports)++;
        }
    }
}

static void
test_terraform_schema (void)
{
  g_autoptr(LwSetup) setup = finished_setup ();
  g_autofree char *hcl = lw_terraform_export (setup);
  guint n_args = 0, n_refs = 0, n_imports = 0;

  check_against_schema (hcl, &n_args, &n_refs, &n_imports);
  /* The golden setup has all 8 resources (2 endpoint service resources): every one was checked. */
  g_assert_cmpuint (n_imports, ==, 8);
  g_assert_cmpuint (n_refs, ==, 9);
  g_assert_cmpuint (n_args, >=, 40);

  /* The provider version: the import IDs need >= 1.245.0, and the header says what it was checked against. */
  g_assert_nonnull (strstr (hcl, "version = \">= 1.245.0\""));
  g_assert_nonnull (strstr (hcl, "# Checked against the aliyun/alicloud provider 1.289.0"));
  g_assert_cmpstr (schema_for ("alicloud_nlb_server_group_server_attachment")->since, ==, "1.245.0");

  /* The four mismatches of issue 16. */
  g_assert_nonnull (strstr (hcl, ".vpc_endpoint_service_name"));
  g_assert_null (strstr (hcl, ".service_name"));
  g_assert_null (strstr (hcl, "address_ip_version"));
  g_assert_null (strstr (hcl, "sgp-demo0000000001:172.16.2.10:Ip:3306"));
  {
    const char *listener = strstr (hcl, "resource \"alicloud_nlb_listener\"");
    const char *end = listener ? strstr (listener, "\n}\n") : NULL;
    g_autofree char *block = listener && end ? g_strndup (listener, end - listener) : NULL;

    g_assert_nonnull (block);
    g_assert_nonnull (strstr (block, "\"linkwright-setup\" = \"0a1b2c3d\""));
  }
}

/* PolarDB and ECS setups with the access fix: the security group rules are resources with the documented
 * import ID; the PolarDB whitelist group, which the provider has no standalone resource for, is a note. */
static void
test_terraform_kinds (void)
{
  g_autoptr(LwSetup) ecs = finished_setup_named ("setup-ecs-done.json");
  g_autoptr(LwSetup) polardb = finished_setup_named ("setup-polardb-done.json");
  g_autofree char *ecs_hcl = lw_terraform_export (ecs);
  g_autofree char *polardb_hcl = lw_terraform_export (polardb);
  guint n_args = 0, n_refs = 0, n_imports = 0;

  check_against_schema (ecs_hcl, &n_args, &n_refs, &n_imports);
  /* The eight of RDS plus one rule per vSwitch CIDR. */
  g_assert_cmpuint (n_imports, ==, 10);
  g_assert_nonnull (strstr (ecs_hcl, "id = \"sg-bp1demoecsnorule1:ingress:tcp:3306/3306:intranet:172.16.2.0/24:accept:1\""));
  g_assert_nonnull (strstr (ecs_hcl, "id = \"sg-bp1demoecsnorule1:ingress:tcp:3306/3306:intranet:172.16.3.0/24:accept:1\""));
  g_assert_nonnull (strstr (ecs_hcl, "# Private link from TiDB Cloud to MySQL on ECS i-bp1demomysqlecs02"));

  n_args = n_refs = n_imports = 0;
  check_against_schema (polardb_hcl, &n_args, &n_refs, &n_imports);
  g_assert_cmpuint (n_imports, ==, 8);
  g_assert_null (strstr (polardb_hcl, "resource \"alicloud_polardb"));
  g_assert_nonnull (strstr (polardb_hcl, "# PolarDB whitelist group lw0a1b2c3d of cluster pc-bp1demopolar0002"));
  g_assert_nonnull (strstr (polardb_hcl, "db_cluster_ip_array"));

  /* Without the fix, or before the rule step is done: no rule resource. */
  lw_setup_set_step_record (ecs, LW_STEP_ECS_SECURITY_RULE, LW_STEP_RECORD_REQUESTED);
  {
    g_autofree char *partial = lw_terraform_export (ecs);
    g_assert_null (strstr (partial, "alicloud_security_group_rule"));
  }
}

/* The checker itself refuses what issue 16 found (so the test above can fail). */
static void
test_terraform_schema_refuses (void)
{
  if (g_test_subprocess ())
    {
      guint a = 0, r = 0, n = 0;
      check_against_schema ("output \"x\" {\n  value = alicloud_privatelink_vpc_endpoint_service.rds.service_name\n}\n",
                            &a, &r, &n);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*has no attribute service_name*");
}

static void
test_terraform_strings_valid (void)
{
  g_autoptr(LwSetup) setup = finished_setup ();
  g_autofree char *name = lw_setup_dup_name (setup);
  g_autofree char *description = lw_names_service_description (name);
  g_autofree char *message = NULL;

  /* What the export writes is what the runner sends, and the cloud accepts it. */
  g_assert_true (lw_string_rules_check ("nlb", "AddServersToServerGroup", "Servers.1.Description",
                                        lw_names_backend_description (), &message));
  g_assert_true (lw_string_rules_check ("privatelink", "CreateVpcEndpointService", "ServiceDescription",
                                        description, &message));
  g_assert_false (lw_string_rules_check ("nlb", "AddServersToServerGroup", "Servers.1.Description",
                                         "Linkwright: RDS MySQL private address", &message));
  g_assert_nonnull (message);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/core/terraform/golden", "setup-done", test_terraform_golden);
  g_test_add_data_func ("/core/terraform/golden-polardb", "setup-polardb-done", test_terraform_golden);
  g_test_add_data_func ("/core/terraform/golden-ecs", "setup-ecs-done", test_terraform_golden);
  g_test_add_func ("/core/terraform/kinds", test_terraform_kinds);
  g_test_add_func ("/core/terraform/partial-and-escaping", test_terraform_partial_and_escaping);
  g_test_add_func ("/core/terraform/schema", test_terraform_schema);
  g_test_add_func ("/core/terraform/schema-refuses", test_terraform_schema_refuses);
  g_test_add_func ("/core/terraform/strings-valid", test_terraform_strings_valid);
  return g_test_run ();
}
