/* lw-vpc.h: VPC 2016-04-28
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

typedef struct {
  char   *vswitch_id;
  char   *vswitch_name;
  char   *vpc_id;
  char   *zone_id;
  char   *cidr_block;
  char   *status;                 /* "Pending" | "Available" */
  gint64  available_ip_count;
  gboolean is_default;
} LwVpcVSwitch;

typedef struct {
  char *zone_id;
  char *local_name;
  char *zone_type;
} LwVpcZone;

void       lw_vpc_vswitch_free              (LwVpcVSwitch        *self);
void       lw_vpc_zone_free                 (LwVpcZone           *self);

/* DescribeVSwitches in the client's region, every page → GPtrArray of LwVpcVSwitch.
 * @zone_id NULL = every zone. */
void       lw_vpc_describe_vswitches_async  (LwRpcClient         *client,
                                             const char          *vpc_id,
                                             const char          *zone_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *lw_vpc_describe_vswitches_finish (LwRpcClient         *client,
                                             GAsyncResult        *result,
                                             GError             **error);

/* DescribeZones in the client's region → GPtrArray of LwVpcZone. */
void       lw_vpc_describe_zones_async      (LwRpcClient         *client,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *lw_vpc_describe_zones_finish     (LwRpcClient         *client,
                                             GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwVpcVSwitch, lw_vpc_vswitch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwVpcZone, lw_vpc_zone_free)

G_END_DECLS
