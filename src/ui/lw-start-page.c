/* lw-start-page.c — what Linkwright does, and where to begin
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-start-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-start-page.h"
#include "lw-window.h"

struct _LwStartPage
{
  LwPage     parent_instance;

  GtkButton *new_button;
  GtkButton *resume_button;
  GtkButton *manage_button;

  LwSetup   *unfinished;
  guint      refresh_source;
  gboolean   entered;
};

G_DEFINE_FINAL_TYPE (LwStartPage, lw_start_page, LW_TYPE_PAGE)

static gboolean
setup_is_unfinished (LwSetup *setup)
{
  switch (lw_setup_get_state (setup))
    {
    case LW_SETUP_STATE_RUNNING:
    case LW_SETUP_STATE_WAITING_FOR_USER:
    case LW_SETUP_STATE_FAILED:
    case LW_SETUP_STATE_CANCELLED:
    case LW_SETUP_STATE_ROLLING_BACK:
      return TRUE;
    case LW_SETUP_STATE_DRAFT:
    case LW_SETUP_STATE_DONE:
    case LW_SETUP_STATE_ROLLED_BACK:
    default:
      return FALSE;
    }
}

static void
refresh_unfinished (LwStartPage *self)
{
  g_autoptr(GPtrArray) setups = NULL;
  g_autoptr(GError) error = NULL;

  /* The store is a handful of small local files: reading it here does not stall the main loop. */
  g_clear_object (&self->unfinished);
  setups = lw_setup_store_list (&error);
  for (guint i = 0; setups != NULL && i < setups->len; i++)
    {
      LwSetup *setup = g_ptr_array_index (setups, i);

      if (setup_is_unfinished (setup))
        {
          self->unfinished = g_object_ref (setup);
          break;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), self->unfinished != NULL);
}

static gboolean
refresh_idle (gpointer user_data)
{
  LwStartPage *self = user_data;

  self->refresh_source = 0;
  refresh_unfinished (self);
  return G_SOURCE_REMOVE;
}

static void
lw_start_page_enter (LwPage *page)
{
  LwStartPage *self = LW_START_PAGE (page);

  /* At start-up the disk is read only after the first frame (G_PRIORITY_LOW runs after the
   * redraw): the window appears first, the Resume button a moment later if there is anything to
   * resume. Later visits read it at once so that the page is right when it slides in. */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (!self->entered)
    self->refresh_source = g_idle_add_full (G_PRIORITY_LOW, refresh_idle, self, NULL);
  else
    refresh_unfinished (self);
  self->entered = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self->new_button));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LwSession *session = lw_page_get_session (LW_PAGE (widget));

  if (session != NULL)
    lw_session_set_resume_setup (session, NULL);
  lw_page_go_to (LW_PAGE (widget), "account");
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LwStartPage *self = LW_START_PAGE (widget);
  LwSession *session = lw_page_get_session (LW_PAGE (widget));

  if (self->unfinished == NULL || session == NULL)
    return;
  /* Resuming needs the credentials again (they are never stored with the setup). */
  lw_session_set_resume_setup (session, self->unfinished);
  lw_page_go_to (LW_PAGE (widget), "account");
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  lw_page_go_to (LW_PAGE (widget), "manage");
}

static void
lw_start_page_dispose (GObject *object)
{
  LwStartPage *self = LW_START_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->unfinished);
  gtk_widget_dispose_template (GTK_WIDGET (self), LW_TYPE_START_PAGE);

  G_OBJECT_CLASS (lw_start_page_parent_class)->dispose (object);
}

static void
lw_start_page_class_init (LwStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LwPageClass *page_class = LW_PAGE_CLASS (klass);

  object_class->dispose = lw_start_page_dispose;
  page_class->enter = lw_start_page_enter;

  g_type_ensure (LW_TYPE_WIDTH_FIRST_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/linkwright/Linkwright/ui/lw-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LwStartPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, LwStartPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, LwStartPage, manage_button);
  /* For tests (the application icon), not kept in the instance. */
  gtk_widget_class_bind_template_child_full (widget_class, "icon", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "start.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "start.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "start.manage", NULL, manage_action);
}

static void
lw_start_page_init (LwStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lw_page_set_title (LW_PAGE (self), _("Linkwright"));
  lw_page_set_show_next (LW_PAGE (self), FALSE);
  lw_page_set_can_go_back (LW_PAGE (self), FALSE);
}
