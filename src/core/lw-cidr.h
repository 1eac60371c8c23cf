/* lw-cidr.h — IPv4 coverage: does an address list let a vSwitch CIDR block in?
 *
 * One implementation for the engine (preflight, health, the runner's ECS rule step) and the UI (the
 * Network page's whitelist hint). Entries are IPv4 addresses ("127.0.0.1", a /32) or CIDR blocks
 * ("172.16.0.0/16"), as RDS/PolarDB whitelists (SecurityIps) and ECS rules (SourceCidrIp) hold them;
 * anything else (IPv6, names, garbage) covers nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Does @outer (an address or a CIDR block) cover all of the CIDR block @inner? */
gboolean lw_cidr_covers      (const char *outer,
                              const char *inner);
/* Does one entry of the comma-separated @allowed (NULL covers nothing) cover all of @cidr? */
gboolean lw_cidr_list_covers (const char *allowed,
                              const char *cidr);

G_END_DECLS
