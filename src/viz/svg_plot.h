/* Standalone SVG charts (files that browsers and GitHub show as images):
 * ticked, labelled axes with a title, and marks drawn in data
 * coordinates: points, polylines, rectangles (bars, heat-map cells) and a
 * legend. Marks are clipped to the plot area. Build with begin, any
 * marks, end; the text goes into a pg_text_buffer (io/text_buffer.h).
 *
 * The axes extend the data ranges given to begin outwards to "nice" ticks
 * (1, 2 or 5 times a power of ten, about five per axis). Not collective.
 */
#ifndef PG_IO_SVG_PLOT_H
#define PG_IO_SVG_PLOT_H

#include <stddef.h>

#include "io/text_buffer.h"

typedef struct pg_svg_axis {
    double lo, hi, step;
} pg_svg_axis;

typedef struct pg_svg_plot {
    pg_text_buffer *b;
    pg_svg_axis x, y;
    int width, height;     /* whole image, pixels */
    int left, right, top, bottom; /* margins around the plot area */
    int legend_rows;
} pg_svg_plot;

/* The axis over [lo, hi] extended to whole ticks (a single value gets a
 * span around it). */
pg_svg_axis pg_svg_axis_make(double lo, double hi);

/* Start the document: size, title, axis labels (text is escaped), and
 * room for legend_rows legend rows between the title and the plot. */
void pg_svg_plot_begin(pg_svg_plot *p, pg_text_buffer *b, int width,
                       int height, int legend_rows, const char *title,
                       const char *xlabel, const char *ylabel, double xlo,
                       double xhi, double ylo, double yhi);
/* A tick value as text ("%.4g"; values within 1e-9 step of 0 print as
 * 0, not "-0" or "1e-17"). */
void pg_svg_tick_label(char *s, size_t n, double v, double step);

/* Pixel coordinates of data coordinates (uses only the axes, the size
 * and the margins of p). */
double pg_svg_plot_px(const pg_svg_plot *p, double x);
double pg_svg_plot_py(const pg_svg_plot *p, double y);

/* Circles of radius r (pixels); hollow draws rings. Non-finite points
 * are skipped. */
void pg_svg_plot_points(pg_svg_plot *p, const double *x, const double *y,
                        size_t n, const char *color, double r, int hollow);
/* A polyline; dashed draws it dashed. */
void pg_svg_plot_line(pg_svg_plot *p, const double *x, const double *y,
                      size_t n, const char *color, double width, int dashed);
/* A filled rectangle between two data corners. */
void pg_svg_plot_rect(pg_svg_plot *p, double x0, double y0, double x1,
                      double y1, const char *fill, double opacity);
/* A legend row (above the plot, in the room reserved by begin): kind 'l' line, 'p' point,
 * 'r' box, then the text. */
void pg_svg_plot_legend(pg_svg_plot *p, char kind, const char *color,
                        const char *text);
/* Close the document. */
void pg_svg_plot_end(pg_svg_plot *p);

#endif
