/* lw-cloud.h: the cloud client library (no GTK): include this one header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define LW_CLOUD_INSIDE

#include "lw-cloud-error.h"
#include "lw-credentials.h"
#include "lw-params.h"
#include "lw-signer.h"
#include "lw-endpoints.h"
#include "lw-retry.h"
#include "lw-rpc-client.h"
#include "lw-sts.h"
#include "lw-rds.h"
#include "lw-vpc.h"
#include "lw-nlb.h"
#include "lw-privatelink.h"
#include "lw-polardb.h"
#include "lw-ecs.h"
#include "lw-tidb-client.h"
#include "lw-account-check.h"

#undef LW_CLOUD_INSIDE
