/* Charts of the foam viewer (foam_view_charts.h). */
#include "viz/foam_view_charts.h"

#include <math.h>
#include <stdlib.h>

#include "physics/foam/foam_diag.h"
#include "viz/svg_plot.h"

enum { CHART_W = 440, CHART_H = 230, LEGEND_ROWS = 2 };
static const char *COLOR_A = "#1f5fa8", *COLOR_B = "#e6550d";

/* Bubbles and <n> of every frame of s. */
static pg_status series(const pg_foam_sequence *s, double *bubbles,
                        double *mean_n)
{
    pg_foam_diag *d = NULL;
    PG_CHECK(pg_foam_diag_create(s->height, s->width, &d));
    for (int t = 0; t < s->frames; t++) {
        pg_foam_diag_analyze(d, pg_foam_sequence_frame(s, t));
        bubbles[t] = pg_foam_diag_count(d);
        mean_n[t] = pg_foam_diag_mean_neighbors(d);
    }
    pg_foam_diag_destroy(&d);
    return PG_OK;
}

static void range(const double *v, int n, double *lo, double *hi)
{
    for (int i = 0; i < n; i++) {
        if (v[i] < *lo) *lo = v[i];
        if (v[i] > *hi) *hi = v[i];
    }
}

/* One chart as <div class="chart"><img ...><div class="mark"></div>. */
static void chart(pg_text_buffer *html, const char *title, const char *ylabel,
                  const pg_foam_sequence *a, const double *ya,
                  const pg_foam_sequence *b, const double *yb,
                  const char *name_a, const char *name_b, double ylo,
                  double yhi, pg_svg_plot *out)
{
    pg_text_buffer svg = {0};
    double t0 = a->time[0], t1 = a->time[a->frames - 1];
    if (b) {
        t0 = fmin(t0, b->time[0]);
        t1 = fmax(t1, b->time[b->frames - 1]);
    }
    pg_svg_plot pl;
    pg_svg_plot_begin(&pl, &svg, CHART_W, CHART_H, LEGEND_ROWS, title,
                      "t (MCS)", ylabel, t0, t1, ylo, yhi);
    pg_svg_plot_line(&pl, a->time, ya, (size_t)a->frames, COLOR_A, 1.5, 0);
    pg_svg_plot_points(&pl, a->time, ya, (size_t)a->frames, COLOR_A, 2, 0);
    pg_svg_plot_legend(&pl, 'l', COLOR_A, name_a);
    if (b) {
        pg_svg_plot_line(&pl, b->time, yb, (size_t)b->frames, COLOR_B, 1.5, 0);
        pg_svg_plot_points(&pl, b->time, yb, (size_t)b->frames, COLOR_B, 2, 0);
        pg_svg_plot_legend(&pl, 'l', COLOR_B, name_b);
    }
    pg_svg_plot_end(&pl);
    /* base64 keeps the SVG's namespace URL out of the page's text. */
    pg_text_buffer_printf(html, "<div class=\"chart\"><img alt=\"chart\" "
                          "width=\"%d\" height=\"%d\" src=\"data:image/svg+xml;"
                          "base64,", CHART_W, CHART_H);
    pg_text_buffer_append_base64(html, (const unsigned char *)svg.data,
                                 svg.len);
    pg_text_buffer_printf(html, "\"><div class=\"mark\" style=\"top:%dpx;"
                          "height:%dpx\"></div></div>\n", pl.top,
                          CHART_H - pl.top - pl.bottom);
    if (svg.failed) html->failed = 1;
    pg_text_buffer_free(&svg);
    *out = pl;
}

pg_status pg_foam_view_charts(const pg_foam_sequence *a,
                              const pg_foam_sequence *b, const char *name_a,
                              const char *name_b, const double *t, int n,
                              pg_text_buffer *html, pg_text_buffer *js)
{
    int na = a->frames, nb = b ? b->frames : 0;
    double *v = malloc((size_t)(2 * (na + nb)) * sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "viewer charts");
    double *ba = v, *na_ = v + na, *bb = v + 2 * na, *nb_ = bb + nb;
    pg_status st = series(a, ba, na_);
    if (st == PG_OK && b) st = series(b, bb, nb_);
    if (st != PG_OK) {
        free(v);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    double blo = 0, bhi = 0, nlo = INFINITY, nhi = -INFINITY;
    range(ba, na, &blo, &bhi);
    range(bb, nb, &blo, &bhi);
    range(na_, na, &nlo, &nhi);
    range(nb_, nb, &nlo, &nhi);
    pg_svg_plot pl;
    pg_text_buffer_append(html, "<section id=\"charts\">\n");
    chart(html, "Bubbles against time", "bubbles", a, ba, b, bb, name_a,
          name_b, blo, bhi, &pl);
    chart(html, "Mean neighbour count <n> against time", "<n>", a, na_, b,
          nb_, name_a, name_b, nlo, nhi, &pl);
    pg_text_buffer_append(html, "</section>\n");
    /* Both charts share the time axis: one x per shown time. */
    pg_text_buffer_append(js, "const MARK_X = [");
    for (int i = 0; i < n; i++)
        pg_text_buffer_printf(js, "%s%.1f", i ? ", " : "",
                              pg_svg_plot_px(&pl, t[i]));
    pg_text_buffer_append(js, "];\n");
    free(v);
    return PG_OK;
}
