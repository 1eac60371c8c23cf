/* test-bad-inputs.c — the bad-input matrix (issue #7, item 4)
 *
 * 1. Every form field's invalid forms against the UI's validation functions (src/ui/lw-validate.c,
 *    compiled into this test: they are pure functions and lwapp_dep would pull in GTK): rejected,
 *    with a message that names the field and says how to fix it.
 * 2. Every setup-level invalid input against the engine's offline input checks
 *    (lw_preflight_check_inputs): a failed check for the right field, with a message.
 * 3. The same setups through the engine's runner and online preflight against a fresh simulator:
 *    no request may reach it (lw_sim_server_count_calls (sim, NULL) == 0).
 * The matrix is printed as TAP comments ("# | field | input | verdict | message |").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core-test-util.h"
#include "lw-validate.h"

typedef gboolean (*Validator) (const char *value, char **message);

typedef struct {
  const char *field;
  Validator   validate;
  const char *keywords;  /* "|"-separated: the message must contain one (case-insensitive) */
} Field;

/* Each field's invalid forms. "\x01LONG" stands for a 300-character value. */
typedef struct {
  const char *field;
  const char *input;
  const char *form;
} Bad;

static const Bad bad_values[] = {
  { "access-key-id", "", "empty" },
  { "access-key-id", "   ", "whitespace" },
  { "access-key-id", "LTAI 5tAbCdEf1234", "inner space" },
  { "access-key-id", "LTAI5tAbCdEf1234\n", "trailing line break" },
  { "access-key-id", "LTAI5t-AbCdEf/1234", "wrong characters" },
  { "access-key-id", "LTAI5t", "too short" },
  { "access-key-id", "\x01LONG", "too long" },
  { "access-key-secret", "", "empty" },
  { "access-key-secret", "  \t ", "whitespace" },
  { "access-key-secret", "abcd efgh ijkl mnop qrst", "inner space" },
  { "access-key-secret", "short", "too short" },
  { "access-key-secret", "\x01LONG", "too long" },
  { "sts-token", "CAIS abc", "inner space" },
  { "region", "", "empty" },
  { "region", " ", "whitespace" },
  { "region", "cn-hangzhou ", "trailing space" },
  { "region", "CN-Hangzhou", "upper case" },
  { "region", "cn_hangzhou", "wrong characters" },
  { "region", "cn-hangzhou;rm -rf", "shell characters" },
  { "tidb-public-key", "", "empty" },
  { "tidb-public-key", " ", "whitespace" },
  { "tidb-public-key", "ABC DEF12", "inner space" },
  { "tidb-public-key", "ABC-DEF-1", "wrong characters" },
  { "tidb-public-key", "ABC1", "too short" },
  { "tidb-public-key", "\x01LONG", "too long" },
  { "tidb-private-key", "", "empty" },
  { "tidb-private-key", "   ", "whitespace" },
  { "tidb-private-key", "abcd efgh", "inner space" },
  { "tidb-private-key", "abc", "too short" },
  { "account-id", "", "empty" },
  { "account-id", " ", "whitespace" },
  { "account-id", "12345678901234ab", "non-numeric" },
  { "account-id", "1234-5678-9012-3456", "dashes" },
  { "account-id", "123456789012345", "15 digits" },
  { "account-id", "12345678901234567", "17 digits" },
  { "account-id", "\x01LONG", "too long" },
  { "port", "", "empty" },
  { "port", " ", "whitespace" },
  { "port", "0", "zero" },
  { "port", "65536", "out of range" },
  { "port", "99999999999999999999", "overflow" },
  { "port", "-1", "negative" },
  { "port", "33 06", "inner space" },
  { "port", "3306a", "non-numeric" },
  { "port", "0x0CEA", "hexadecimal" },
  { "mysql-user", "", "empty" },
  { "mysql-user", "lw check", "inner space" },
  { "mysql-user", "\x01LONG", "too long" },
  { "zone-list", "", "empty" },
  { "zone-list", " , ;", "separators only" },
  { "zone-list", "cn-shanghai-a", "wrong-region zone" },
  { "zone-list", "cn-hangzhou-i, cn-hangzhou-z", "unknown zone" },
  { "zone-list (region unknown)", "Zone_I", "wrong characters" },
  { "zone-selection", "cn-hangzhou-i", "one zone" },
  { "zone-selection", "cn-hangzhou-h,cn-hangzhou-k", "no overlap with TiDB" },
};

static const char *hangzhou_zones[] = { "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k", NULL };
static const char *tidb_zones[] = { "cn-hangzhou-i", "cn-hangzhou-j", NULL };

static gboolean
validate_port (const char *value, char **message)
{
  guint port;
  return lw_validate_port (value, &port, message);
}

static gboolean
validate_zone_list (const char *value, char **message)
{
  g_auto(GStrv) zones = NULL;
  return lw_validate_zone_list (value, hangzhou_zones, &zones, message);
}

static gboolean
validate_zone_list_any (const char *value, char **message)
{
  g_auto(GStrv) zones = NULL;
  return lw_validate_zone_list (value, NULL, &zones, message);
}

static gboolean
validate_zone_selection (const char *value, char **message)
{
  g_auto(GStrv) selected = g_strsplit (value, ",", -1);
  return lw_validate_zone_selection ((const char * const *) selected, tidb_zones, message);
}

static const Field fields[] = {
  { "access-key-id", lw_validate_access_key_id, "AccessKey ID" },
  { "access-key-secret", lw_validate_access_key_secret, "AccessKey secret" },
  { "sts-token", lw_validate_sts_token, "STS token" },
  { "region", lw_validate_region, "region" },
  { "tidb-public-key", lw_validate_tidb_public_key, "public key" },
  { "tidb-private-key", lw_validate_tidb_private_key, "private key" },
  { "account-id", lw_validate_account_id, "account ID" },
  { "port", validate_port, "port" },
  { "mysql-user", lw_validate_mysql_user, "MySQL user" },
  { "zone-list", validate_zone_list, "zone" },
  { "zone-list (region unknown)", validate_zone_list_any, "zone" },
  { "zone-selection", validate_zone_selection, "zone" },
};

static const Field *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (fields[i].field, name) == 0)
      return &fields[i];
  g_assert_not_reached ();
  return NULL;
}

static gboolean
contains_any (const char *message, const char *keywords)
{
  g_autofree char *lower = g_utf8_strdown (message, -1);
  g_auto(GStrv) words = g_strsplit (keywords, "|", -1);

  for (guint i = 0; words[i]; i++)
    {
      g_autofree char *w = g_utf8_strdown (words[i], -1);
      if (strstr (lower, w) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A message says how to fix the input when it gives an instruction or the expected form. */
static gboolean
says_how_to_fix (const char *message)
{
  return contains_any (message, "enter|paste|copy|choose|select|remove|check|use |look like|looks like|is a|are at most|has only|has no|"
                                "between|long|digits|for example|usually|must");
}

static void
test_validators (void)
{
  g_autofree char *long_value = g_strnfill (300, 'a');

  g_test_message ("| field | input | form | verdict | message |");
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      const Bad *b = &bad_values[i];
      const Field *f = find_field (b->field);
      const char *input = b->input[0] == '\x01' ? long_value : b->input;
      g_autofree char *message = NULL;
      g_autofree char *shown = b->input[0] == '\x01' ? g_strdup ("300 × a") : g_strescape (input, NULL);
      gboolean ok = f->validate (input, &message);

      g_test_message ("| %s | \"%s\" | %s | %s | %s |", b->field, shown, b->form, ok ? "ACCEPTED" : "rejected",
                      message ? message : "");
      g_assert_false (ok);
      g_assert_nonnull (message);
      g_assert_true (contains_any (message, f->keywords));
      g_assert_true (says_how_to_fix (message));
    }
}

/* Forms the UI's validators accept although they are invalid (tests/hardening/FINDINGS.md F1): the
 * engine or the cloud rejects them later. Reported as TODO, not hidden. */
static void
test_validator_gaps (void)
{
  g_autofree char *long_region = g_strnfill (300, 'a');
  g_autofree char *long_private = g_strnfill (5000, 'k');
  g_autofree char *m1 = NULL, *m2 = NULL;
  gboolean region_ok = lw_validate_region (long_region, &m1);
  gboolean private_ok = lw_validate_tidb_private_key (long_private, &m2);

  g_test_message ("| region | 300 × a | too long | %s | %s |", region_ok ? "ACCEPTED" : "rejected", m1 ? m1 : "");
  g_test_message ("| tidb-private-key | 5000 × k | too long | %s | %s |", private_ok ? "ACCEPTED" : "rejected",
                  m2 ? m2 : "");
  if (region_ok || private_ok)
    g_test_incomplete ("lw_validate_region and lw_validate_tidb_private_key have no length limit (FINDINGS.md F1)");
}

/* ---- engine level ---- */

typedef void (*Mutate) (LwSetup *setup);

static void m_region_empty (LwSetup *s) { lw_setup_set_region (s, ""); }
static void m_region_space (LwSetup *s) { lw_setup_set_region (s, "  "); }
static void m_region_chars (LwSetup *s) { lw_setup_set_region (s, "cn_hangzhou/../x"); }
static void m_region_null (LwSetup *s) { lw_setup_set_region (s, NULL); }
static void m_rds_null (LwSetup *s) { lw_setup_set_rds_instance_id (s, NULL); }
static void m_rds_ip_null (LwSetup *s) { lw_setup_set_rds_ip (s, NULL); }
static void m_port_zero (LwSetup *s) { lw_setup_set_rds_port (s, 0); }
static void m_vpc_null (LwSetup *s) { lw_setup_set_vpc_id (s, NULL); }
static void m_account_alpha (LwSetup *s) { lw_setup_set_tidb_account_id (s, "50000000000000ab"); }
static void m_account_empty (LwSetup *s) { lw_setup_set_tidb_account_id (s, ""); }
static void m_tidb_zones_none (LwSetup *s) { lw_setup_set_tidb_zone_ids (s, NULL); }
static void m_cluster_null (LwSetup *s) { lw_setup_set_tidb_cluster_id (s, NULL); }

static void
m_one_zone (LwSetup *s)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_zone_mapping_free);
  g_ptr_array_add (zones, lw_zone_mapping_new ("cn-hangzhou-i", "vsw-bp1demoi000000001", "172.16.2.0/24"));
  lw_setup_set_zone_mappings (s, zones);
}

static void
m_wrong_region_zone (LwSetup *s)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_zone_mapping_free);
  g_ptr_array_add (zones, lw_zone_mapping_new ("cn-shanghai-a", "vsw-bp1demoi000000001", "172.16.2.0/24"));
  g_ptr_array_add (zones, lw_zone_mapping_new ("cn-shanghai-b", "vsw-bp1demoj000000001", "172.16.3.0/24"));
  lw_setup_set_zone_mappings (s, zones);
}

static void
m_zone_without_vswitch (LwSetup *s)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_zone_mapping_free);
  g_ptr_array_add (zones, lw_zone_mapping_new ("cn-hangzhou-i", NULL, NULL));
  g_ptr_array_add (zones, lw_zone_mapping_new ("cn-hangzhou-j", "vsw-bp1demoj000000001", "172.16.3.0/24"));
  lw_setup_set_zone_mappings (s, zones);
}

typedef struct {
  const char *name;
  Mutate      mutate;
  const char *field;  /* the LwCheck field that must fail */
} SetupCase;

static const SetupCase setup_cases[] = {
  { "region empty", m_region_empty, "region" },
  { "region whitespace", m_region_space, "region" },
  { "region wrong characters", m_region_chars, "region" },
  { "region unset", m_region_null, "region" },
  { "RDS instance unset", m_rds_null, "rds-instance-id" },
  { "RDS private IP unknown", m_rds_ip_null, "rds-instance-id" },
  { "RDS port 0", m_port_zero, "rds-instance-id" },
  { "VPC unknown", m_vpc_null, "vpc-id" },
  { "one zone only", m_one_zone, "zone-mappings" },
  { "zones of another region", m_wrong_region_zone, "zone-mappings" },
  { "zone without vSwitch", m_zone_without_vswitch, "zone-mappings" },
  { "TiDB account ID non-numeric", m_account_alpha, "tidb-account-id" },
  { "TiDB account ID empty", m_account_empty, "tidb-account-id" },
  { "TiDB zones unknown", m_tidb_zones_none, "tidb-zone-ids" },
  { "TiDB cluster unset (automatic)", m_cluster_null, "tidb-cluster-id" },
};

static LwCheck *
failed_check_for (GListModel *checks, const char *field)
{
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(LwCheck) c = g_list_model_get_item (checks, i);
      if (!lw_check_get_ok (c) && g_strcmp0 (lw_check_get_field (c), field) == 0)
        return g_steal_pointer (&c);
    }
  return NULL;
}

static void
test_engine_offline (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);

  /* The unmodified demo setup passes, so each failure below is the mutation's. */
  {
    g_autoptr(LwSetup) good = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
    g_autoptr(GListModel) checks = lw_preflight_check_inputs (good);
    g_assert_true (lw_checks_all_ok (checks));
  }
  g_test_message ("| setup input | failed check field | message |");
  for (guint i = 0; i < G_N_ELEMENTS (setup_cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(GListModel) checks = NULL;
      g_autoptr(LwCheck) failed = NULL;

      setup_cases[i].mutate (setup);
      checks = lw_preflight_check_inputs (setup);
      failed = failed_check_for (checks, setup_cases[i].field);
      g_test_message ("| %s | %s | %s |", setup_cases[i].name, failed ? lw_check_get_field (failed) : "NONE",
                      failed ? lw_check_get_message (failed) : "");
      if (failed == NULL && (setup_cases[i].mutate == m_region_space || setup_cases[i].mutate == m_region_chars ||
                             setup_cases[i].mutate == m_wrong_region_zone))
        continue; /* known gaps, asserted in /hardening/bad-inputs/engine-gaps */
      g_assert_nonnull (failed);
      g_assert_cmpstr (lw_check_get_message (failed), !=, "");
    }
  g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, 0);
}

static void
test_engine_offline_gaps (void)
{
  const Mutate gaps[] = { m_region_space, m_region_chars, m_wrong_region_zone };
  const char *names[] = { "region whitespace", "region wrong characters", "zones of another region" };
  const char *fields_[] = { "region", "region", "zone-mappings" };
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  GString *missing = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (gaps); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(GListModel) checks = NULL;
      g_autoptr(LwCheck) failed = NULL;

      gaps[i] (setup);
      checks = lw_preflight_check_inputs (setup);
      failed = failed_check_for (checks, fields_[i]);
      if (failed == NULL)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", names[i]);
    }
  if (missing->len > 0)
    {
      g_autofree char *msg = g_strdup_printf ("lw_preflight_check_inputs accepts: %s (FINDINGS.md F2)", missing->str);
      g_test_incomplete (msg);
    }
  g_string_free (missing, TRUE);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
  GListModel *checks;
} Result;

static void
run_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->ok = lw_runner_run_finish (LW_RUNNER (source), res, &r->error);
  r->done = TRUE;
}

static void
preflight_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  Result *r = data;
  r->checks = lw_preflight_run_finish (res, &r->error);
  r->ok = r->checks != NULL;
  r->done = TRUE;
}

/* Through the runner and the online preflight: an input error must stop before the first request. */
static void
test_engine_no_request (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  GString *leaky_runner = g_string_new (NULL);
  GString *leaky_preflight = g_string_new (NULL);

  g_test_message ("| setup input | runner: calls, result | preflight: calls |");
  for (guint i = 0; i < G_N_ELEMENTS (setup_cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(LwRunner) runner = NULL;
      Result r = { 0 }, p = { 0 };
      guint run_calls, creates = 0, preflight_calls;

      setup_cases[i].mutate (setup);
      lw_sim_server_reset (sim);
      runner = lw_runner_new (setup, ctx);
      lw_runner_run_async (runner, NULL, run_cb, &r);
      core_test_wait (&r.done, 60);
      run_calls = lw_sim_server_count_calls (sim, NULL);
      for (guint k = 0; core_test_kinds[k]; k++)
        creates += lw_sim_server_count_created (sim, core_test_kinds[k]);
      if (run_calls > 0)
        g_string_append_printf (leaky_runner, "%s%s (%u calls, %u created)", leaky_runner->len ? ", " : "",
                                setup_cases[i].name, run_calls, creates);

      lw_sim_server_reset (sim);
      lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
      core_test_wait (&p.done, 60);
      preflight_calls = lw_sim_server_count_calls (sim, NULL);
      if (preflight_calls > 0)
        g_string_append_printf (leaky_preflight, "%s%s (%u)", leaky_preflight->len ? ", " : "",
                                setup_cases[i].name, preflight_calls);
      g_test_message ("| %s | %u, %s%s | %u |", setup_cases[i].name, run_calls, r.ok ? "DONE" : "failed: ",
                      r.error ? r.error->message : "", preflight_calls);

      /* The rollback of whatever the runner did cleans the simulator for the next case. */
      if (creates > 0)
        {
          g_autoptr(GError) error = NULL;
          core_test_rollback (runner, &error);
        }
      g_clear_error (&r.error);
      g_clear_error (&p.error);
      g_clear_object (&p.checks);
    }
  if (leaky_runner->len > 0 || leaky_preflight->len > 0)
    {
      g_autofree char *msg = g_strdup_printf ("input errors reach the cloud (FINDINGS.md F3): runner: %s; preflight: %s",
                                              leaky_runner->len ? leaky_runner->str : "none",
                                              leaky_preflight->len ? leaky_preflight->str : "none");
      g_test_incomplete (msg);
    }
  g_string_free (leaky_runner, TRUE);
  g_string_free (leaky_preflight, TRUE);
}

/* Instances that cannot be used (classic network, stopped, PostgreSQL) need one read to be known;
 * the online preflight refuses them with a specific message and nothing is created. */
static void
test_engine_unusable_instances (void)
{
  const struct { const char *id; const char *keywords; } cases[] = {
    { "rm-bp1democlassic01", "classic|VPC" },
    { "rm-bp1demostopped01", "stopped|running" },
    { "pgm-bp1demopg00001", "MySQL" },
    { "rm-bp1doesnotexist1", "not found|does not exist|exist|find" },
  };
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      Result p = { 0 };
      GString *failures = g_string_new (NULL);

      lw_setup_set_rds_instance_id (setup, cases[i].id);
      lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
      core_test_wait (&p.done, 60);
      g_assert_no_error (p.error);
      g_assert_nonnull (p.checks);
      g_assert_false (lw_checks_all_ok (p.checks));
      for (guint k = 0; k < g_list_model_get_n_items (p.checks); k++)
        {
          g_autoptr(LwCheck) c = g_list_model_get_item (p.checks, k);
          if (!lw_check_get_ok (c))
            g_string_append_printf (failures, "[%s/%s] %s ", lw_check_get_id (c), lw_check_get_field (c),
                                    lw_check_get_message (c));
        }
      g_test_message ("| RDS instance %s | %s |", cases[i].id, failures->str);
      g_assert_true (contains_any (failures->str, cases[i].keywords));
      for (guint k = 0; core_test_kinds[k]; k++)
        g_assert_cmpuint (lw_sim_server_count_created (sim, core_test_kinds[k]), ==, 0);
      g_string_free (failures, TRUE);
      g_clear_object (&p.checks);
    }
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/hardening/bad-inputs/validators", test_validators);
  g_test_add_func ("/hardening/bad-inputs/validator-gaps", test_validator_gaps);
  g_test_add_func ("/hardening/bad-inputs/engine-offline", test_engine_offline);
  g_test_add_func ("/hardening/bad-inputs/engine-offline-gaps", test_engine_offline_gaps);
  g_test_add_func ("/hardening/bad-inputs/engine-no-request", test_engine_no_request);
  g_test_add_func ("/hardening/bad-inputs/engine-unusable-instances", test_engine_unusable_instances);
  return g_test_run ();
}
