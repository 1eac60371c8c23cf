/* lw-rds-row.h — the content of one row of the RDS picker, drawn by one widget */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LW_TYPE_RDS_ROW (lw_rds_row_get_type ())
G_DECLARE_FINAL_TYPE (LwRdsRow, lw_rds_row, LW, RDS_ROW, GtkWidget)

/*
 * One widget instead of a box of labels and an image: GTK 4.8's list view creates and destroys a
 * row's widgets whenever a search changes which instances are shown (about 200 rows at a time),
 * and then styles, measures and lays them out. This widget has no children, measures its height
 * from font metrics (no text layout, unless it shows a problem that wraps) and lays out its text
 * only when it is drawn. Title (bold), subtitle (small, dimmed), an optional problem (small, in
 * the warning colour, wrapped) and a check mark at the end when selected. The layouts of the 256
 * texts drawn last are shared by all rows (a search moves instances between rows), and setting the
 * texts a row already shows does nothing.
 */
GtkWidget  *lw_rds_row_new          (void);
void        lw_rds_row_set          (LwRdsRow   *self,
                                     const char *title,
                                     const char *subtitle,
                                     const char *problem);
void        lw_rds_row_set_selected (LwRdsRow   *self,
                                     gboolean    selected);
gboolean    lw_rds_row_get_selected (LwRdsRow   *self);
const char *lw_rds_row_get_title    (LwRdsRow   *self);

G_END_DECLS
