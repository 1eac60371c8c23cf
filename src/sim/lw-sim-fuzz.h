/* lw-sim-fuzz.h — entry point for fuzzing the simulator's request parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not part of lw-sim.h. A libFuzzer harness is one line:
 *   int LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { lw_sim_fuzz_request (d, n); return 0; }
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @data is one request in a compact HTTP/1.1-like form:
 *   METHOD SP PATH[?QUERY] LF
 *   Name: value LF            (any number of header lines)
 *   LF
 *   body
 * It runs what the server runs on such a request, without a network: query and form-body parsing,
 * header collection, routing by version/action or TiDB path, V3/V1 signature and timestamp checks,
 * the Digest Authorization parser, the fault-spec parser for POST /_sim/faults, and then the
 * action or TiDB operation itself with the demo credentials (so that the actions' parameter
 * parsing is reached without a valid signature). The world is reset after every input.
 * Never fails; crashes, leaks and sanitizer reports are bugs. */
void lw_sim_fuzz_request (const guint8 *data,
                          gsize         size);

G_END_DECLS
