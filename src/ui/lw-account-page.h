/* lw-account-page.h — the Account page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_ACCOUNT_PAGE (lw_account_page_get_type ())
G_DECLARE_FINAL_TYPE (LwAccountPage, lw_account_page, LW, ACCOUNT_PAGE, LwPage)

/* --screenshot only: 1 = the RAM policy expanded, 2 = the account check run and its lines shown
 * (the page is busy until they arrive), 0 = both collapsed again. */
void lw_account_page_set_screenshot_state (LwAccountPage *self,
                                           guint          state);

G_END_DECLS
