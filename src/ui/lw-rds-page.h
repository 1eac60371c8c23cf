/* lw-rds-page.h — the Rds page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_RDS_PAGE (lw_rds_page_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsPage, lw_rds_page, LW, RDS_PAGE, LwPage)

/* Selects the instance with this ID if it is loaded and usable (tests, screenshots). */
gboolean lw_rds_page_select_instance (LwRdsPage  *self,
                                      const char *instance_id);
/* Starts listing the region's instances before the page is shown (the window calls it when the
 * page before it appears), so that the list is there when the user arrives. */
void     lw_rds_page_prefetch        (LwRdsPage  *self);

G_END_DECLS
