/* lw-manage-page.h — the Manage page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_MANAGE_PAGE (lw_manage_page_get_type ())
G_DECLARE_FINAL_TYPE (LwManagePage, lw_manage_page, LW, MANAGE_PAGE, LwPage)

G_END_DECLS
