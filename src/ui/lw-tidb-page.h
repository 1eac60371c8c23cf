/* lw-tidb-page.h — the Tidb page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_TIDB_PAGE (lw_tidb_page_get_type ())
G_DECLARE_FINAL_TYPE (LwTidbPage, lw_tidb_page, LW, TIDB_PAGE, LwPage)

G_END_DECLS
