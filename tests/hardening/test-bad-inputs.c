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
#include "lw-cloud-error.h"
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
  { "access-key-id", "LWFAKEAbCdEf1234\n", "trailing line break" },
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
  { "region", "\x01LONG", "too long" },
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
  { "tidb-private-key", "\x01LONG", "too long" },
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
  /* issue 16: the RDS instance ID goes into every generated name (src/core/lw-names.c). */
  { "rds-instance-id", "", "empty" },
  { "rds-instance-id", "rm-实例", "Chinese characters" },
  { "rds-instance-id", "rm-bp1: x", "punctuation and space" },
  { "rds-instance-id", "RM-BP1DEMO", "upper case" },
  { "rds-instance-id", "\x01LONG", "too long" },
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
  { "rds-instance-id", lw_validate_rds_instance_id, "RDS|instance" },
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

/* Length caps of the region and the TiDB private key (tests/hardening/FINDINGS.md F1, fixed): just
 * over the cap and far over it are refused with a message that says how to fix it; at the cap passes. */
static void
test_validator_length_caps (void)
{
  const struct { Validator validate; const char *field; gsize cap; char fill; gsize far; } caps[] = {
    { lw_validate_region, "region", 64, 'a', 300 },
    { lw_validate_tidb_private_key, "tidb-private-key", 256, 'k', 5000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (caps); i++)
    {
      const Field *f = find_field (caps[i].field);
      gsize lengths[] = { caps[i].cap + 1, caps[i].far };
      g_autofree char *at_cap = g_strnfill (caps[i].cap, caps[i].fill);

      g_assert_true (caps[i].validate (at_cap, NULL));
      for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
        {
          g_autofree char *value = g_strnfill (lengths[k], caps[i].fill);
          g_autofree char *message = NULL;
          gboolean ok = caps[i].validate (value, &message);

          g_test_message ("| %s | %" G_GSIZE_FORMAT " × %c | too long | %s | %s |", caps[i].field, lengths[k],
                          caps[i].fill, ok ? "ACCEPTED" : "rejected", message ? message : "");
          g_assert_false (ok);
          g_assert_nonnull (message);
          g_assert_true (contains_any (message, f->keywords));
          g_assert_true (says_how_to_fix (message));
        }
    }
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
static void m_rds_chinese (LwSetup *s) { lw_setup_set_rds_instance_id (s, "rm-实例: x"); }

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
  { "RDS instance ID not usable in names", m_rds_chinese, "rds-instance-id" },
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
      g_assert_nonnull (failed);
      g_assert_cmpstr (lw_check_get_message (failed), !=, "");
    }
  g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, 0);
}

/* The region's content and the zones' region (FINDINGS.md F2, fixed): each refused by its own check,
 * with a message that names the problem, not a later, unrelated one. */
static void
test_engine_offline_region (void)
{
  const struct { Mutate mutate; const char *id; const char *field; const char *keywords; } cases[] = {
    { m_region_space, "region", "region", "cn-hangzhou" },
    { m_region_chars, "region", "region", "lower-case letters, digits and dashes" },
    { m_wrong_region_zone, "zone-region", "zone-mappings", "cn-shanghai-a, cn-shanghai-b are not in region cn-hangzhou" },
  };
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(GListModel) checks = NULL;
      g_autoptr(LwCheck) failed = NULL;

      cases[i].mutate (setup);
      checks = lw_preflight_check_inputs (setup);
      failed = failed_check_for (checks, cases[i].field);
      g_assert_nonnull (failed);
      g_assert_cmpstr (lw_check_get_id (failed), ==, cases[i].id);
      g_assert_true (contains_any (lw_check_get_message (failed), cases[i].keywords));
      g_assert_true (says_how_to_fix (lw_check_get_message (failed)));
    }

  /* A region longer than 64 characters, and Singapore's zone IDs (the letter follows the region's digit
   * directly: ap-southeast-1a) which must not count as another region's. */
  {
    g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
    g_autofree char *long_region = g_strnfill (65, 'a');
    g_autoptr(GListModel) checks = NULL;
    g_autoptr(LwCheck) failed = NULL;

    lw_setup_set_region (setup, long_region);
    checks = lw_preflight_check_inputs (setup);
    failed = failed_check_for (checks, "region");
    g_assert_nonnull (failed);
    g_assert_true (contains_any (lw_check_get_message (failed), "64"));
  }
  {
    g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
    g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_zone_mapping_free);
    const char *tidb[] = { "ap-southeast-1a", NULL };
    g_autoptr(GListModel) checks = NULL;

    lw_setup_set_region (setup, "ap-southeast-1");
    g_ptr_array_add (zones, lw_zone_mapping_new ("ap-southeast-1a", "vsw-a", "10.0.1.0/24"));
    g_ptr_array_add (zones, lw_zone_mapping_new ("ap-southeast-1b", "vsw-b", "10.0.2.0/24"));
    lw_setup_set_zone_mappings (setup, zones);
    lw_setup_set_tidb_zone_ids (setup, tidb);
    checks = lw_preflight_check_inputs (setup);
    g_assert_true (lw_checks_all_ok (checks));

    /* ... while "ap-southeast-11a" is not a zone of ap-southeast-1. */
    g_ptr_array_set_size (zones, 0);
    g_ptr_array_add (zones, lw_zone_mapping_new ("ap-southeast-1a", "vsw-a", "10.0.1.0/24"));
    g_ptr_array_add (zones, lw_zone_mapping_new ("ap-southeast-11a", "vsw-b", "10.0.2.0/24"));
    lw_setup_set_zone_mappings (setup, zones);
    g_clear_object (&checks);
    checks = lw_preflight_check_inputs (setup);
    g_assert_false (lw_checks_all_ok (checks));
  }
  g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, 0);
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

/* Through the runner and the online preflight: an input error must stop before the first request
 * (FINDINGS.md F3, fixed). The runner refuses with LW_CLOUD_ERROR_INVALID_INPUT carrying the failed
 * check's message and leaves the setup as it was; the preflight returns the failed offline checks. */
static void
test_engine_no_request (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  g_test_message ("| setup input | runner: calls, created, result | preflight: calls |");
  for (guint i = 0; i < G_N_ELEMENTS (setup_cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(LwRunner) runner = NULL;
      g_autoptr(GListModel) offline = NULL;
      g_autoptr(LwCheck) expected = NULL;
      g_autoptr(LwCheck) reported = NULL;
      Result r = { 0 }, p = { 0 };
      guint run_calls, creates = 0, preflight_calls;

      setup_cases[i].mutate (setup);
      offline = lw_preflight_check_inputs (setup);
      expected = failed_check_for (offline, setup_cases[i].field);
      g_assert_nonnull (expected);

      lw_sim_server_reset (sim);
      runner = lw_runner_new (setup, ctx);
      lw_runner_run_async (runner, NULL, run_cb, &r);
      core_test_wait (&r.done, 60);
      run_calls = lw_sim_server_count_calls (sim, NULL);
      for (guint k = 0; core_test_kinds[k]; k++)
        creates += lw_sim_server_count_created (sim, core_test_kinds[k]);

      lw_sim_server_reset (sim);
      lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
      core_test_wait (&p.done, 60);
      preflight_calls = lw_sim_server_count_calls (sim, NULL);
      g_test_message ("| %s | %u, %u, %s%s | %u |", setup_cases[i].name, run_calls, creates, r.ok ? "DONE" : "failed: ",
                      r.error ? r.error->message : "", preflight_calls);

      g_assert_cmpuint (run_calls, ==, 0);
      g_assert_cmpuint (creates, ==, 0);
      g_assert_false (r.ok);
      g_assert_error (r.error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (r.error->message, lw_check_get_message (expected)));
      /* Refused before it began: nothing ran, nothing changed. */
      g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DRAFT);
      g_assert_false (lw_runner_get_busy (runner));

      g_assert_cmpuint (preflight_calls, ==, 0);
      g_assert_no_error (p.error);
      g_assert_nonnull (p.checks);
      g_assert_false (lw_checks_all_ok (p.checks));
      reported = failed_check_for (p.checks, setup_cases[i].field);
      g_assert_nonnull (reported);
      g_assert_cmpstr (lw_check_get_message (reported), ==, lw_check_get_message (expected));
      for (guint k = 0; core_test_kinds[k]; k++)
        g_assert_cmpuint (lw_sim_server_count_created (sim, core_test_kinds[k]), ==, 0);

      g_clear_error (&r.error);
      g_clear_error (&p.error);
      g_clear_object (&p.checks);
    }
}

/* The gate is on running only: a setup that was created and whose inputs no longer pass (here TiDB's
 * zones were lost afterwards) is refused a run, but can always be rolled back. */
static void
test_engine_rollback_not_gated (void)
{
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);
  g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
  g_autoptr(LwRunner) runner = lw_runner_new (setup, ctx);
  g_autoptr(GError) error = NULL;
  Result r = { 0 };
  guint calls_before;

  g_assert_true (core_test_run (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);

  lw_setup_set_tidb_zone_ids (setup, NULL);
  calls_before = lw_sim_server_count_calls (sim, NULL);
  lw_runner_run_async (runner, NULL, run_cb, &r);
  core_test_wait (&r.done, 60);
  g_assert_error (r.error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT);
  g_assert_cmpuint (lw_sim_server_count_calls (sim, NULL), ==, calls_before);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_DONE);
  g_clear_error (&r.error);

  g_assert_true (core_test_rollback (runner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lw_setup_get_state (setup), ==, LW_SETUP_STATE_ROLLED_BACK);
  for (guint k = 0; core_test_kinds[k]; k++)
    g_assert_cmpuint (lw_sim_server_count_live (sim, core_test_kinds[k]), ==, 0);
}

/* The dry-run check's message (FINDINGS.md F5, fixed): one full stop, and "check the inputs" only when the
 * cloud refused a parameter. (The TLS case is asserted in test-tls.c.) */
static void
test_dry_run_message (void)
{
  const struct { const char *fault; gboolean hint; } cases[] = {
    { "CreateServerGroup:error=InvalidParameter.VpcId", TRUE },
    { "CreateServerGroup:error=MissingParameter", TRUE },
    { "CreateServerGroup:error=OperationDenied.QuotaExceeded", FALSE },
  };
  g_autoptr(LwSimServer) sim = core_test_sim_new ("instant", 1.0);
  g_autoptr(LwEngineContext) ctx = core_test_context_new (sim, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LwSetup) setup = core_test_setup_new (sim, LW_TIDB_MODE_AUTOMATIC);
      g_autoptr(GError) error = NULL;
      g_autoptr(LwCheck) check = NULL;
      Result p = { 0 };
      const char *message;

      lw_sim_server_reset (sim);
      g_assert_true (lw_sim_server_add_faults (sim, cases[i].fault, &error));
      g_assert_no_error (error);
      lw_preflight_run_async (setup, ctx, NULL, preflight_cb, &p);
      core_test_wait (&p.done, 60);
      g_assert_no_error (p.error);
      for (guint k = 0; check == NULL && k < g_list_model_get_n_items (p.checks); k++)
        {
          g_autoptr(LwCheck) c = g_list_model_get_item (p.checks, k);
          if (g_strcmp0 (lw_check_get_id (c), "dry-run-CreateServerGroup") == 0)
            check = g_steal_pointer (&c);
        }
      g_assert_nonnull (check);
      message = lw_check_get_message (check);
      g_test_message ("| %s | %s |", cases[i].fault, message);
      g_assert_false (lw_check_get_ok (check));
      g_assert_true (g_str_has_prefix (message, "The dry run of CreateServerGroup failed: "));
      g_assert_null (strstr (message, ".."));
      g_assert_true ((strstr (message, "Check the inputs of the setup.") != NULL) == cases[i].hint);
      g_clear_object (&p.checks);
    }
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

/* issue 16: one row per rule of data/api-string-rules.json (per action): a value over the length
 * limit and one with characters outside the documented set are refused by the table the engine
 * generates names against (the simulator's refusal with the cloud's error code, for the same rows,
 * is tests/sim/test-strings.c). */
static void
test_string_rules (void)
{
  guint rows = 0;

  g_test_message ("| API | action | parameter | too long | bad characters | cloud error code |");
  for (guint i = 0; i < lw_string_rules_count (); i++)
    {
      const char *api, *parameter, *code;
      const char * const *actions;
      g_autofree char *concrete = NULL;
      g_auto(GStrv) parts = NULL;
      const char *bad;

      lw_string_rules_get (i, &api, &actions, &parameter, &code);
      parts = g_strsplit (parameter, ".N.", -1);
      concrete = g_strjoinv (".1.", parts);
      if (g_str_has_suffix (parameter, ".Key"))
        bad = "aliyun-reserved";
      else if (g_str_has_suffix (parameter, ".Value"))
        bad = "acs:reserved";
      else if (g_str_equal (parameter, "SecurityIps"))
        bad = "10.0.0.0/33";
      else if (g_str_equal (parameter, "DBClusterIPArrayName"))
        bad = "lw_0a1b2c3d";                  /* RDS's group names may have "_", PolarDB's may not */
      else if (g_str_equal (parameter, "Permissions.N.SourceCidrIp"))
        bad = "172.16.1.0/24,172.16.2.0/24";  /* one block per rule */
      else if (g_str_equal (parameter, "Permissions.N.Description"))
        bad = "";                             /* only 1-512 characters are documented */
      else if (g_str_equal (parameter, "displayName"))
        bad = "tab\there";
      else
        bad = "Linkwright: RDS MySQL (x)";
      for (guint k = 0; actions[k] != NULL; k++)
        {
          g_autofree char *long_value = g_strnfill (20001, '1');
          g_autofree char *m1 = NULL;
          g_autofree char *m2 = NULL;
          gboolean long_ok = lw_string_rules_check (api, actions[k], concrete, long_value, &m1);
          gboolean bad_ok = lw_string_rules_check (api, actions[k], concrete, bad, &m2);

          g_test_message ("| %s | %s | %s | %s | %s | %s |", api, actions[k], parameter,
                          long_ok ? "ACCEPTED" : "rejected", bad_ok ? "ACCEPTED" : "rejected", code);
          g_assert_false (long_ok);
          g_assert_false (bad_ok);
          g_assert_nonnull (strstr (m1, concrete));
          g_assert_nonnull (strstr (m2, concrete));
          rows++;
        }
    }
  g_assert_cmpuint (rows, ==, 22);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/hardening/bad-inputs/validators", test_validators);
  g_test_add_func ("/hardening/bad-inputs/validator-length-caps", test_validator_length_caps);
  g_test_add_func ("/hardening/bad-inputs/engine-offline", test_engine_offline);
  g_test_add_func ("/hardening/bad-inputs/engine-offline-region", test_engine_offline_region);
  g_test_add_func ("/hardening/bad-inputs/engine-no-request", test_engine_no_request);
  g_test_add_func ("/hardening/bad-inputs/engine-rollback-not-gated", test_engine_rollback_not_gated);
  g_test_add_func ("/hardening/bad-inputs/engine-unusable-instances", test_engine_unusable_instances);
  g_test_add_func ("/hardening/bad-inputs/dry-run-message", test_dry_run_message);
  g_test_add_func ("/hardening/bad-inputs/string-rules", test_string_rules);
  return g_test_run ();
}
