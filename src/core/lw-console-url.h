/* lw-console-url.h — "Open in console" links: resource kind + region + ID -> the international
 * Alibaba Cloud console URL (the formats of the seed guide, rds-mysql-private-link.zh.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LW_CONSOLE_NLB_INSTANCE,       /* nlb-…   */
  LW_CONSOLE_NLB_SERVER_GROUP,   /* sgp-…   */
  LW_CONSOLE_ENDPOINT_SERVICE,   /* epsrv-… */
  LW_CONSOLE_RDS_INSTANCE,       /* rm-…    */
  LW_CONSOLE_POLARDB_CLUSTER,    /* pc-…    */
  LW_CONSOLE_ECS_INSTANCE,       /* i-…     */
  LW_CONSOLE_ECS_SECURITY_GROUP, /* sg-…    */
} LwConsoleKind;

/* The console page of one resource, or NULL when region_id or resource_id is empty or not shaped
 * like an ID (lower-case letters, digits, '-', '_' and '.'; both are %-escaped anyway). */
char *lw_console_url (LwConsoleKind  kind,
                      const char    *region_id,
                      const char    *resource_id);

G_END_DECLS
