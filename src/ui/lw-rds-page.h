/* lw-rds-page.h — the Rds page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_RDS_PAGE (lw_rds_page_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsPage, lw_rds_page, LW, RDS_PAGE, LwPage)

/* Selects the instance with this ID if it is loaded and usable (tests, screenshots). */
gboolean lw_rds_page_select_instance (LwRdsPage  *self,
                                      const char *instance_id);

G_END_DECLS
