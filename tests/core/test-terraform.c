/* test-terraform.c — Terraform export against a golden file
 *
 * Set LW_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "lw-core.h"

static LwSetup *
finished_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", "setup-done.json", NULL);
  g_autofree char *json = NULL;
  LwSetup *setup;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  setup = lw_setup_new_from_json (json, &error);
  g_assert_no_error (error);
  return setup;
}

static void
test_terraform_golden (void)
{
  g_autoptr(LwSetup) setup = finished_setup ();
  g_autofree char *hcl = lw_terraform_export (setup);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", "setup-done.tf", NULL);
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
  lw_setup_set_rds_instance_id (setup, "rm-\"x\"${y}");
  lw_setup_set_vpc_id (setup, "vpc-1");
  lw_setup_set_resource_id (setup, LW_STEP_SERVER_GROUP, "sgp-1");
  hcl = lw_terraform_export (setup);
  g_assert_nonnull (strstr (hcl, "alicloud_nlb_server_group"));
  g_assert_nonnull (strstr (hcl, "id = \"sgp-1\""));
  g_assert_null (strstr (hcl, "alicloud_nlb_load_balancer"));
  g_assert_null (strstr (hcl, "alicloud_nlb_listener"));
  /* Quotes escaped, template sequences neutralised. */
  g_assert_nonnull (strstr (hcl, "rm-\\\"x\\\"$${y}"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/terraform/golden", test_terraform_golden);
  g_test_add_func ("/core/terraform/partial-and-escaping", test_terraform_partial_and_escaping);
  return g_test_run ();
}
