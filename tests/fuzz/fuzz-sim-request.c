/* fuzz-sim-request.c — libFuzzer harness: the simulator's request parsing (query, form body,
 * headers, V3/V1 signature fields, Digest parameters, fault specs) and the actions behind it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stddef.h>

#include <glib.h>

#include "lw-sim-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical (a failed g_return_if_fail) on request input is a bug too: make it a crash that
   * libFuzzer records with its input. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lw_sim_fuzz_request (data, size);
  return 0;
}
