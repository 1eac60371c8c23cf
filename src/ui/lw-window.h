/* lw-window.h — the assistant window: header bar with Back/Next, a stack of pages, toasts */
#pragma once

#include <adwaita.h>

#include "lw-session.h"

G_BEGIN_DECLS

#define LW_TYPE_WINDOW (lw_window_get_type ())
G_DECLARE_FINAL_TYPE (LwWindow, lw_window, LW, WINDOW, AdwApplicationWindow)

/* application is a GtkApplication (an LwApplication in the real app). */
LwWindow   *lw_window_new               (gpointer     application,
                                         LwSession   *session);
LwSession  *lw_window_get_session       (LwWindow    *self);
const char *lw_window_get_visible_page  (LwWindow    *self);
/* The page called name (start, account, …, manage), built now if it was not yet: only Start is
 * built before the first frame, the others when first needed or in idle time after it. */
GtkWidget  *lw_window_get_page          (LwWindow    *self,
                                         const char  *name);
void        lw_window_show_page         (LwWindow    *self,
                                         const char  *name);
void        lw_window_add_toast         (LwWindow    *self,
                                         const char  *message);
/* Accelerators of the win.* actions. */
void        lw_window_set_accels        (GtkApplication *app);
/* Debug aid (--screenshot DIR): renders every page, light and dark, into DIR/<page>-<style>.png,
 * then closes the window. */
void        lw_window_take_screenshots  (LwWindow    *self,
                                         const char  *dir);

/* A bin layout whose width does not depend on the height: for the child of a GtkViewport (or a
 * page in a GtkStack) whose content wraps text, so that GTK 4.8 does not search over widths on every
 * allocation (lw-window.c). In a .ui file: <property name="layout-manager"><object
 * class="LwWidthFirstLayout"/></property>. */
#define LW_TYPE_WIDTH_FIRST_LAYOUT (lw_width_first_layout_get_type ())
G_DECLARE_FINAL_TYPE (LwWidthFirstLayout, lw_width_first_layout, LW, WIDTH_FIRST_LAYOUT, GtkLayoutManager)

/* A vertical box layout whose width does not depend on the height (lw-window.c). lw_layout_adopt()
 * gives it to root and every vertical GtkBox below it (GTK 4.8/4.9) and makes wrapping labels break
 * at words unless a word of theirs is long: call it on rows built at run time, before they are first
 * allocated. */
#define LW_TYPE_WIDTH_FIRST_BOX_LAYOUT (lw_width_first_box_layout_get_type ())
G_DECLARE_FINAL_TYPE (LwWidthFirstBoxLayout, lw_width_first_box_layout, LW, WIDTH_FIRST_BOX_LAYOUT, GtkLayoutManager)

/* TRUE where the box-layout workaround applies (GTK 4.8 and 4.9 at run time); elsewhere adopt only
 * sets the labels' wrap mode. */
gboolean lw_width_first_wanted (void);
void lw_layout_adopt (GtkWidget *root);

/* Hides what @row holds while it is collapsed (shown as it starts to expand, hidden once it has
 * collapsed): GtkRevealer measures its child in any state, so collapsed content would cost every
 * layout of the page (issue #13). */
void lw_expander_row_measure_when_open (AdwExpanderRow *row);

G_END_DECLS
