/* Standalone SVG charts (svg_plot.h). */
#include "viz/svg_plot.h"

#include <math.h>
#include <stdio.h>

enum { TICKS = 5, LEGEND_ROW_PX = 16 };

/* A tick step of 1, 2 or 5 times a power of ten giving about TICKS ticks. */
static double nice_step(double span)
{
    double raw = span / (TICKS - 1);
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

pg_svg_axis pg_svg_axis_make(double lo, double hi)
{
    if (!(hi > lo)) {
        double d = fabs(lo) > 0 ? 0.1 * fabs(lo) : 1;
        lo -= d;
        hi += d;
    }
    pg_svg_axis a = {lo, hi, nice_step(hi - lo)};
    a.lo = floor(lo / a.step + 1e-9) * a.step;
    a.hi = ceil(hi / a.step - 1e-9) * a.step;
    return a;
}

double pg_svg_plot_px(const pg_svg_plot *p, double x)
{
    return p->left + (x - p->x.lo) / (p->x.hi - p->x.lo) *
                         (p->width - p->left - p->right);
}

double pg_svg_plot_py(const pg_svg_plot *p, double y)
{
    return p->height - p->bottom - (y - p->y.lo) / (p->y.hi - p->y.lo) *
                                       (p->height - p->top - p->bottom);
}

void pg_svg_tick_label(char *s, size_t n, double v, double step)
{
    if (fabs(v) < 1e-9 * step) v = 0; /* no "-0" or "1e-17" */
    snprintf(s, n, "%.4g", v);
}

static void axes(pg_svg_plot *p, const char *xlabel, const char *ylabel)
{
    pg_text_buffer *b = p->b;
    char s[32];
    int x0 = p->left, x1 = p->width - p->right;
    int y0 = p->height - p->bottom, y1 = p->top;
    pg_text_buffer_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                          "fill=\"#fff\" stroke=\"#888\"/>\n", x0, y1, x1 - x0,
                          y0 - y1);
    for (int k = 0;; k++) {
        double v = p->x.lo + k * p->x.step;
        if (v > p->x.hi + 1e-9 * p->x.step) break;
        double px = pg_svg_plot_px(p, v);
        pg_svg_tick_label(s, sizeof s, v, p->x.step);
        pg_text_buffer_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                              "y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" "
                              "y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                              px, y1, px, y0, px, y0 + 15, s);
    }
    for (int k = 0;; k++) {
        double v = p->y.lo + k * p->y.step;
        if (v > p->y.hi + 1e-9 * p->y.step) break;
        double py = pg_svg_plot_py(p, v);
        pg_svg_tick_label(s, sizeof s, v, p->y.step);
        pg_text_buffer_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
                              "y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" "
                              "y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                              x0, py, x1, py, x0 - 5, py + 4, s);
    }
    pg_text_buffer_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                          "fill=\"none\" stroke=\"#888\"/>\n", x0, y1, x1 - x0,
                          y0 - y1);
    pg_text_buffer_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                          (x0 + x1) / 2.0, p->height - 8);
    pg_text_buffer_append_html(b, xlabel);
    pg_text_buffer_printf(b, "</text>\n<text transform=\"translate(14 %.1f) "
                          "rotate(-90)\" text-anchor=\"middle\">",
                          (y0 + y1) / 2.0);
    pg_text_buffer_append_html(b, ylabel);
    pg_text_buffer_append(b, "</text>\n");
}

void pg_svg_plot_begin(pg_svg_plot *p, pg_text_buffer *b, int width,
                       int height, int legend_rows, const char *title,
                       const char *xlabel,
                       const char *ylabel, double xlo, double xhi, double ylo,
                       double yhi)
{
    *p = (pg_svg_plot){.b = b, .width = width, .height = height, .left = 64,
                       .right = 16, .top = 30 + LEGEND_ROW_PX * legend_rows,
                       .bottom = 44};
    p->x = pg_svg_axis_make(xlo, xhi);
    p->y = pg_svg_axis_make(ylo, yhi);
    pg_text_buffer_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                          "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                          "font-family=\"sans-serif\" font-size=\"11\">\n"
                          "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n",
                          width, height, width, height, width, height);
    pg_text_buffer_printf(b, "<clipPath id=\"area\"><rect x=\"%d\" y=\"%d\" "
                          "width=\"%d\" height=\"%d\"/></clipPath>\n", p->left,
                          p->top, width - p->left - p->right,
                          height - p->top - p->bottom);
    pg_text_buffer_printf(b, "<text x=\"%d\" y=\"18\" font-size=\"13\" "
                          "font-weight=\"bold\">", p->left);
    pg_text_buffer_append_html(b, title);
    pg_text_buffer_append(b, "</text>\n");
    axes(p, xlabel, ylabel);
}

void pg_svg_plot_points(pg_svg_plot *p, const double *x, const double *y,
                        size_t n, const char *color, double r, int hollow)
{
    pg_text_buffer_printf(p->b, "<g clip-path=\"url(#area)\" %s=\"%s\"%s>\n",
                          hollow ? "stroke" : "fill", color,
                          hollow ? " fill=\"none\"" : "");
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i]))
            pg_text_buffer_printf(p->b, "<circle cx=\"%.1f\" cy=\"%.1f\" "
                                  "r=\"%.1f\"/>\n", pg_svg_plot_px(p, x[i]),
                                  pg_svg_plot_py(p, y[i]), r);
    pg_text_buffer_append(p->b, "</g>\n");
}

void pg_svg_plot_line(pg_svg_plot *p, const double *x, const double *y,
                      size_t n, const char *color, double width, int dashed)
{
    pg_text_buffer_printf(p->b, "<polyline clip-path=\"url(#area)\" "
                          "fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s "
                          "points=\"", color, width,
                          dashed ? " stroke-dasharray=\"6 4\"" : "");
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i]))
            pg_text_buffer_printf(p->b, "%s%.1f,%.1f", i ? " " : "",
                                  pg_svg_plot_px(p, x[i]),
                                  pg_svg_plot_py(p, y[i]));
    pg_text_buffer_append(p->b, "\"/>\n");
}

void pg_svg_plot_rect(pg_svg_plot *p, double x0, double y0, double x1,
                      double y1, const char *fill, double opacity)
{
    double a = pg_svg_plot_px(p, x0), c = pg_svg_plot_px(p, x1);
    double b = pg_svg_plot_py(p, y0), d = pg_svg_plot_py(p, y1);
    pg_text_buffer_printf(p->b, "<rect clip-path=\"url(#area)\" x=\"%.1f\" "
                          "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"%s\" fill-opacity=\"%.3f\"/>\n", fmin(a, c),
                          fmin(b, d), fabs(c - a), fabs(d - b), fill, opacity);
}

void pg_svg_plot_legend(pg_svg_plot *p, char kind, const char *color,
                        const char *text)
{
    double x = p->left, y = 36 + LEGEND_ROW_PX * p->legend_rows++;
    if (kind == 'l')
        pg_text_buffer_printf(p->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                              "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                              x, y - 4, x + 18, y - 4, color);
    else if (kind == 'p')
        pg_text_buffer_printf(p->b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
                              "fill=\"%s\"/>\n", x + 9, y - 4, color);
    else
        pg_text_buffer_printf(p->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" "
                              "height=\"9\" fill=\"%s\"/>\n", x, y - 9, color);
    pg_text_buffer_printf(p->b, "<text x=\"%.1f\" y=\"%.1f\" stroke=\"#fff\" "
                          "stroke-width=\"3\" paint-order=\"stroke\">", x + 24, y);
    pg_text_buffer_append_html(p->b, text);
    pg_text_buffer_append(p->b, "</text>\n");
}

void pg_svg_plot_end(pg_svg_plot *p)
{
    pg_text_buffer_append(p->b, "</svg>\n");
}
