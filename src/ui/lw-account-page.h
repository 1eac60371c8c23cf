/* lw-account-page.h — the Account page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_ACCOUNT_PAGE (lw_account_page_get_type ())
G_DECLARE_FINAL_TYPE (LwAccountPage, lw_account_page, LW, ACCOUNT_PAGE, LwPage)

G_END_DECLS
