/* lw-done-page.h — the Done page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_DONE_PAGE (lw_done_page_get_type ())
G_DECLARE_FINAL_TYPE (LwDonePage, lw_done_page, LW, DONE_PAGE, LwPage)

G_END_DECLS
