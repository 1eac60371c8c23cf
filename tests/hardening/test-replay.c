/* test-replay.c — every checked-in fuzz input (seed corpora and regressions) through the same entry
 * points as the libFuzzer harnesses, in every build: the regressions stay fixed without clang, and
 * the sanitizer stage sees them under ASan + UBSan + LSan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "lw-cloud-fuzz.h"
#include "lw-sim-fuzz.h"

typedef void (*FuzzFunc) (const guint8 *data, gsize size);

static guint
replay_dir (const char *dir, FuzzFunc func)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (path, &data, &len, &error));
      g_assert_no_error (error);
      g_test_message ("replaying %s (%" G_GSIZE_FORMAT " bytes)", name, len);
      func ((const guint8 *) data, len);
      n++;
    }
  return n;
}

static void
replay (const char *harness, FuzzFunc func, guint min_seeds)
{
  const char *root = g_getenv ("LW_SOURCE_ROOT");
  g_autofree char *corpus = NULL, *regressions = NULL;
  guint seeds, crashes;

  g_assert_nonnull (root);
  corpus = g_build_filename (root, "tests", "fuzz", "corpus", harness, NULL);
  regressions = g_build_filename (root, "tests", "fuzz", "regressions", harness, NULL);
  seeds = replay_dir (corpus, func);
  crashes = replay_dir (regressions, func);
  g_test_message ("%s: %u seed inputs, %u regression inputs replayed", harness, seeds, crashes);
  /* The corpus is there (a wrong path would make this test pass vacuously). */
  g_assert_cmpuint (seeds, >=, min_seeds);
}

static void
test_cloud_responses (void)
{
  replay ("cloud-responses", lw_cloud_fuzz_responses, 20);
}

static void
test_sim_request (void)
{
  replay ("sim-request", lw_sim_fuzz_request, 15);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/replay/cloud-responses", test_cloud_responses);
  g_test_add_func ("/hardening/replay/sim-request", test_sim_request);
  return g_test_run ();
}
