/* fuzz-cloud-responses.c — libFuzzer harness: every response parser of the cloud client
 * (RPC JSON of STS/RDS/VPC/NLB/PrivateLink, both error-body parsers, TiDB Cloud JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stddef.h>

#include <glib.h>

#include "lw-cloud-fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical (a failed g_return_if_fail) on parser input is a bug too: make it a crash that
   * libFuzzer records with its input. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lw_cloud_fuzz_responses (data, size);
  return 0;
}
