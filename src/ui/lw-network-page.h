/* lw-network-page.h — the Network page of the assistant */
#pragma once

#include "lw-page.h"

G_BEGIN_DECLS

#define LW_TYPE_NETWORK_PAGE (lw_network_page_get_type ())
G_DECLARE_FINAL_TYPE (LwNetworkPage, lw_network_page, LW, NETWORK_PAGE, LwPage)

G_END_DECLS
