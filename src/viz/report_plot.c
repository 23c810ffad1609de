/* Inline SVG line plots for reports: one small multiple per metric. */
#include <math.h>
#include <stdio.h>

#include "viz/svg_plot.h"
#include "viz/report.h"

/* Plot geometry in SVG user units (CSS pixels). */
enum { PLOT_W = 340, PLOT_H = 210, LEFT = 62, RIGHT = 14, TOP = 26,
       BOTTOM = 40 };
/* With more points than this, each half-pixel column keeps only its
 * smallest and largest value (the line looks the same, the page stays
 * small). */
enum { DECIMATE_ABOVE = 4 * (PLOT_W - LEFT - RIGHT) };

/* Where data coordinates land in a report plot. */
static pg_svg_plot geometry(pg_svg_axis ax, pg_svg_axis ay)
{
    pg_svg_plot g = {.x = ax, .y = ay, .width = PLOT_W, .height = PLOT_H,
                     .left = LEFT, .right = RIGHT, .top = TOP,
                     .bottom = BOTTOM};
    return g;
}

static void axes(pg_text_buffer *b, const pg_svg_plot *g,
                 const char *xlabel)
{
    const pg_svg_axis *ax = &g->x, *ay = &g->y;
    char s[32];
    int x0 = LEFT, x1 = PLOT_W - RIGHT, y0 = PLOT_H - BOTTOM, y1 = TOP;
    pg_text_buffer_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
                          "height=\"%d\" class=\"frame\"/>\n",
                          x0, y1, x1 - x0, y0 - y1);
    for (int k = 0;; k++) {
        double v = ax->lo + k * ax->step;
        if (v > ax->hi + 1e-9 * ax->step) break;
        double px = pg_svg_plot_px(g, v);
        pg_svg_tick_label(s, sizeof s, v, ax->step);
        pg_text_buffer_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                              "y2=\"%d\" class=\"tick\"/><text x=\"%.1f\" "
                              "y=\"%d\" class=\"xt\">%s</text>\n",
                              px, y0, px, y0 + 4, px, y0 + 15, s);
    }
    for (int k = 0;; k++) {
        double v = ay->lo + k * ay->step;
        if (v > ay->hi + 1e-9 * ay->step) break;
        double py = pg_svg_plot_py(g, v);
        pg_svg_tick_label(s, sizeof s, v, ay->step);
        pg_text_buffer_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                              "y2=\"%.1f\" class=\"grid\"/><text x=\"%d\" "
                              "y=\"%.1f\" class=\"yt\">%s</text>\n",
                              x0, py, x1, py, x0 - 5, py + 4, s);
    }
    pg_text_buffer_printf(b, "<text x=\"%d\" y=\"%d\" class=\"xl\">",
                          (x0 + x1) / 2, PLOT_H - 6);
    pg_text_buffer_append_html(b, xlabel);
    pg_text_buffer_append(b, "</text>\n");
}

/* Emit the data as polylines broken at gaps; a lone point is a dot. */
typedef struct line_writer {
    pg_text_buffer *b;
    double px, py; /* first point of the open line */
    int open;      /* points in the open line */
} line_writer;

static void line_point(line_writer *w, double px, double py)
{
    if (w->open == 0) {
        w->px = px;
        w->py = py;
    } else {
        if (w->open == 1)
            pg_text_buffer_printf(w->b, "<polyline class=\"data\" "
                                  "points=\"%.1f,%.1f", w->px, w->py);
        pg_text_buffer_printf(w->b, " %.1f,%.1f", px, py);
    }
    w->open++;
}

static void line_break(line_writer *w)
{
    if (w->open == 1)
        pg_text_buffer_printf(w->b, "<circle class=\"dot\" cx=\"%.1f\" "
                              "cy=\"%.1f\" r=\"2\"/>\n", w->px, w->py);
    else if (w->open > 1)
        pg_text_buffer_append(w->b, "\"/>\n");
    w->open = 0;
}

void pg_report_plot_svg(pg_text_buffer *b, const char *title,
                        const char *xlabel, const double *x, const double *y,
                        size_t n)
{
    double xlo = NAN, xhi = NAN, ylo = NAN, yhi = NAN;
    size_t finite = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) continue;
        if (!finite++) xlo = xhi = x[i], ylo = yhi = y[i];
        xlo = fmin(xlo, x[i]);
        xhi = fmax(xhi, x[i]);
        ylo = fmin(ylo, y[i]);
        yhi = fmax(yhi, y[i]);
    }
    pg_text_buffer_printf(b, "<svg class=\"plot\" width=\"%d\" height=\"%d\" "
                          "viewBox=\"0 0 %d %d\" role=\"img\">\n<title>",
                          PLOT_W, PLOT_H, PLOT_W, PLOT_H);
    pg_text_buffer_append_html(b, title);
    pg_text_buffer_printf(b, "</title>\n<text x=\"%d\" y=\"16\" "
                          "class=\"title\">", LEFT);
    pg_text_buffer_append_html(b, title);
    pg_text_buffer_append(b, "</text>\n");
    if (!finite) {
        pg_text_buffer_printf(b, "<text x=\"%d\" y=\"%d\" class=\"empty\">"
                              "no values yet</text>\n</svg>\n", PLOT_W / 2,
                              PLOT_H / 2);
        return;
    }
    pg_svg_plot g = geometry(pg_svg_axis_make(xlo, xhi),
                             pg_svg_axis_make(ylo, yhi));
    axes(b, &g, xlabel);
    line_writer w = {b, 0, 0, 0};
    if (n <= DECIMATE_ABOVE) {
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(x[i]) || !isfinite(y[i])) line_break(&w);
            else line_point(&w, pg_svg_plot_px(&g, x[i]), pg_svg_plot_py(&g, y[i]));
        }
    } else {
        /* Buckets of consecutive rows; an all-gap bucket breaks the line. */
        size_t nb = DECIMATE_ABOVE / 2;
        for (size_t k = 0; k < nb; k++) {
            size_t i0 = k * n / nb, i1 = (k + 1) * n / nb, imin = n, imax = n;
            for (size_t i = i0; i < i1; i++) {
                if (!isfinite(x[i]) || !isfinite(y[i])) continue;
                if (imin == n || y[i] < y[imin]) imin = i;
                if (imax == n || y[i] > y[imax]) imax = i;
            }
            if (imin == n) {
                line_break(&w);
                continue;
            }
            size_t a = imin < imax ? imin : imax, c = imin < imax ? imax : imin;
            line_point(&w, pg_svg_plot_px(&g, x[a]), pg_svg_plot_py(&g, y[a]));
            if (c != a) line_point(&w, pg_svg_plot_px(&g, x[c]), pg_svg_plot_py(&g, y[c]));
        }
    }
    line_break(&w);
    pg_text_buffer_append(b, "</svg>\n");
}
