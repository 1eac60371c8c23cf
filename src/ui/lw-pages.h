/* lw-pages.h — every page of the assistant */
#pragma once

#include "lw-start-page.h"
#include "lw-account-page.h"
#include "lw-tidb-page.h"
#include "lw-rds-page.h"
#include "lw-network-page.h"
#include "lw-review-page.h"
#include "lw-progress-page.h"
#include "lw-done-page.h"
#include "lw-manage-page.h"
