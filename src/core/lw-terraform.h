/* lw-terraform.h — export a setup as Terraform (alicloud provider) with import blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-setup.h"

G_BEGIN_DECLS

/* HCL for the resources the setup created (only those with an ID are imported). Never contains secrets. */
char *lw_terraform_export (LwSetup *setup);

G_END_DECLS
