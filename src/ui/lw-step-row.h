/* lw-step-row.h — one step of the plan as a row of the Progress page */
#pragma once

#include <adwaita.h>

#include "lw-core.h"

G_BEGIN_DECLS

/* An AdwExpanderRow that follows step: state icon, title, resource ID, elapsed time; expanded,
 * the request IDs and, on failure, the cloud's code, message, recommendation and an explanation. */
GtkWidget *lw_step_row_new            (LwStep    *step);
LwStep    *lw_step_row_get_step       (GtkWidget *row);
/* Refreshes the elapsed time (called every second while a run goes on). */
void       lw_step_row_update_elapsed (GtkWidget *row);

G_END_DECLS
