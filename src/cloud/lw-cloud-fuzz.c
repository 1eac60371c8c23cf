/* lw-cloud-fuzz.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-cloud-fuzz"

#include "lw-cloud-fuzz.h"
#include "lw-cloud-private.h"

void
lw_cloud_fuzz_responses (const guint8 *data,
                         gsize         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *o;

  if (size > G_MAXSSIZE || !json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  o = json_node_get_object (root);

  lw_sts_fuzz_parsers (o);
  lw_rds_fuzz_parsers (o);
  lw_vpc_fuzz_parsers (o);
  lw_nlb_fuzz_parsers (o);
  lw_privatelink_fuzz_parsers (o);
  lw_polardb_fuzz_parsers (o);
  lw_ecs_fuzz_parsers (o);
  lw_rpc_client_fuzz_parsers (o);
  lw_tidb_client_fuzz_parsers (o);
}
