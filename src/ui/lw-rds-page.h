/* lw-rds-page.h — the Rds page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_RDS_PAGE (lw_rds_page_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsPage, lw_rds_page, LW, RDS_PAGE, LwPage)

G_END_DECLS
