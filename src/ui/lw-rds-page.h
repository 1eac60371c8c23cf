/* lw-rds-page.h — the Source Database page of the assistant (page id "rds"; the type keeps its
 * name from when RDS was the only kind) */
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
/* Shows the sources of @kind (as the kind toggles do): the previous kind's lookups are cancelled and
 * its choice is dropped; the search stays. */
void         lw_rds_page_set_kind    (LwRdsPage    *self,
                                      LwSourceKind  kind);
LwSourceKind lw_rds_page_get_kind    (LwRdsPage    *self);
/* Why the listed source with this ID cannot be used (translated), or NULL (usable, or not listed). */
char        *lw_rds_page_dup_problem (LwRdsPage    *self,
                                      const char   *instance_id);

G_END_DECLS
