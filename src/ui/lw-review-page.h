/* lw-review-page.h — the Review page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_REVIEW_PAGE (lw_review_page_get_type ())
G_DECLARE_FINAL_TYPE (LwReviewPage, lw_review_page, LW, REVIEW_PAGE, LwPage)

G_END_DECLS
