/* lw-cloud-fuzz.h: entry point for fuzzing the cloud library's response parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not part of lw-cloud.h. A libFuzzer harness is one line:
 *   int LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { lw_cloud_fuzz_responses (d, n); return 0; }
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses @data as JSON and, if it is an object, runs every STS/RDS/VPC/NLB/PrivateLink/PolarDB/ECS/TiDB
 * response parser and both error-body parsers over it. Never fails; crashes and leaks are bugs. */
void lw_cloud_fuzz_responses (const guint8 *data,
                              gsize         size);

G_END_DECLS
