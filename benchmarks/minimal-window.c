/* minimal-window.c — the start-up baseline: the smallest sensible libadwaita window
 * (AdwApplicationWindow with a header bar and a status page). It prints
 * "FIRST_FRAME <monotonic µs>" after its first frame is painted and quits, exactly as
 * linkwright does with LW_BENCH_FIRST_FRAME_EXIT=1. */
#include <adwaita.h>

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  GApplication *app = user_data;

  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
  g_print ("FIRST_FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (app);
}

static void
mapped (GtkWidget *window,
        gpointer   app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), app);
}

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Minimal");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "network-server-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 680);
  g_signal_connect (window, "map", G_CALLBACK (mapped), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app =
    adw_application_new ("io.github.linkwright.MinimalBaseline", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
