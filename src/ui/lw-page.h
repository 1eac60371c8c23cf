/* lw-page.h — base class of the assistant's pages */
#pragma once

#include <adwaita.h>

#include "lw-session.h"

G_BEGIN_DECLS

#define LW_TYPE_PAGE (lw_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (LwPage, lw_page, LW, PAGE, GtkWidget)

struct _LwPageClass
{
  GtkWidgetClass parent_class;

  /* Called each time the page becomes the visible one. */
  void     (*enter)   (LwPage *self);
  /* Called when another page becomes the visible one: cancel the lookups still running. */
  void     (*leave)   (LwPage *self);
  /* Next was activated on a valid page; return TRUE to move on now. A page that has to do
   * something asynchronous first returns FALSE and calls lw_page_advance() when ready. */
  gboolean (*next)    (LwPage *self);
};

const char *lw_page_get_title      (LwPage     *self);
void        lw_page_set_title      (LwPage     *self,
                                    const char *title);
gboolean    lw_page_get_valid      (LwPage     *self);
void        lw_page_set_valid      (LwPage     *self,
                                    gboolean    valid);
gboolean    lw_page_get_can_go_back (LwPage    *self);
void        lw_page_set_can_go_back (LwPage    *self,
                                    gboolean    can_go_back);
gboolean    lw_page_get_show_next  (LwPage     *self);
void        lw_page_set_show_next  (LwPage     *self,
                                    gboolean    show_next);
const char *lw_page_get_next_label (LwPage     *self);
void        lw_page_set_next_label (LwPage     *self,
                                    const char *label);
gboolean    lw_page_get_busy       (LwPage     *self);
void        lw_page_set_busy       (LwPage     *self,
                                    gboolean    busy);
LwSession  *lw_page_get_session    (LwPage     *self);
void        lw_page_set_session    (LwPage     *self,
                                    LwSession  *session);
void        lw_page_enter          (LwPage     *self);
void        lw_page_leave          (LwPage     *self);
gboolean    lw_page_next           (LwPage     *self);
void        lw_page_advance        (LwPage     *self);
void        lw_page_go_to          (LwPage     *self,
                                    const char *page_name);
void        lw_page_toast          (LwPage     *self,
                                    const char *message);

/* Marks an editable row as wrong (the `error` style) or clears it. */
void        lw_widget_set_error    (GtkWidget  *widget,
                                    gboolean    error);

G_END_DECLS

G_BEGIN_DECLS
/* The app's GSettings, or NULL when the schema is not installed (uninstalled runs). */
GSettings  *lw_settings_get        (void);
/* A plain-language description of a failed cloud call: what happened and what to do. */
char       *lw_ui_explain_error       (const GError *error);
/* Shows message in label (hidden when NULL). */
/* The "Roll back?" confirmation (responses "cancel" and "rollback"). */
GtkWidget  *lw_confirm_rollback_dialog_new (GtkWidget *parent);
/* Works around GTK 4.8 doubling the accessible name of buttons with a mnemonic. */
void        lw_fix_mnemonic_names  (GtkWidget  *root);
/* Asks where to save the setup as Terraform, then saves it. */
void        lw_export_terraform    (LwPage     *page,
                                    LwSetup    *setup);
void        lw_label_set_message   (GtkLabel   *label,
                                    const char *message);
G_END_DECLS
