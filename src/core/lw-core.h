/* lw-core.h — the provisioning engine (no GTK): include this one header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-check.h"
#include "lw-cidr.h"
#include "lw-connection-test.h"
#include "lw-console-url.h"
#include "lw-discovery.h"
#include "lw-engine-context.h"
#include "lw-engine-error.h"
#include "lw-health.h"
#include "lw-names.h"
#include "lw-preflight.h"
#include "lw-ram-policy.h"
#include "lw-runner.h"
#include "lw-setup.h"
#include "lw-step.h"
#include "lw-terraform.h"
#include "lw-tidb-fallback.h"
