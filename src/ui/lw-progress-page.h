/* lw-progress-page.h — the Progress page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_PROGRESS_PAGE (lw_progress_page_get_type ())
G_DECLARE_FINAL_TYPE (LwProgressPage, lw_progress_page, LW, PROGRESS_PAGE, LwPage)

G_END_DECLS
