/* lw-start-page.h — the Start page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_START_PAGE (lw_start_page_get_type ())
G_DECLARE_FINAL_TYPE (LwStartPage, lw_start_page, LW, START_PAGE, LwPage)

G_END_DECLS
