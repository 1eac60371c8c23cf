/* lw-application.h — the Linkwright application: actions, command-line options */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LW_TYPE_APPLICATION (lw_application_get_type ())
G_DECLARE_FINAL_TYPE (LwApplication, lw_application, LW, APPLICATION, AdwApplication)

LwApplication *lw_application_new            (void);
/* Options as parsed from the command line (or set by tests before activation). */
gboolean       lw_application_get_simulate   (LwApplication *self);
void           lw_application_set_simulate   (LwApplication *self,
                                              gboolean       simulate);
const char    *lw_application_get_endpoint_override (LwApplication *self);
const char    *lw_application_get_sim_profile (LwApplication *self);
double         lw_application_get_time_scale (LwApplication *self);

G_END_DECLS
