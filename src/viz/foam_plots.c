/* Validation plots of a foam/1 file (foam_plots.h): the analysis pass
 * (physics/foam/io/foam_analysis.h) with the neighbour histogram, the
 * fits, then three SVG files. */
#include "viz/foam_plots.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic_file.h"
#include "viz/svg_plot.h"

enum { PLOT_W = 560, PLOT_H = 400 };
/* Legend rows above each plot (the most any plot has). */
enum { LEGEND_ROWS = 3 };
/* Heat-map rows over the y range of the von Neumann plot. */
enum { VN_ROWS = 40 };
/* Quantiles bounding that y range (the rest is counted, not drawn). */
static const double VN_QUANTILE_LO = 0.005, VN_QUANTILE_HI = 0.995;
static const char *COLOR_DATA = "#1f5fa8", *COLOR_FIT = "#d62728",
                  *COLOR_DIM = "#999999", *COLOR_MEAN = "#111111";

/* ---- the three plots ------------------------------------------------------- */

static void growth_svg(const pg_foam_validation *p, pg_text_buffer *b)
{
    const pg_foam_analysis *a = &p->pass;
    double tmax = a->time[a->frames - 1], amax = 0;
    for (int t = 0; t < a->frames; t++)
        if (a->mean_area[t] > amax) amax = a->mean_area[t];
    pg_svg_plot pl;
    pg_svg_plot_begin(&pl, b, PLOT_W, PLOT_H, LEGEND_ROWS, "Mean bubble area against time",
                      "t (MCS)", "mean area (sites)", fmin(0, a->time[0]),
                      tmax, 0, amax);
    int t0 = pg_foam_analysis_fit_start(a);
    pg_svg_plot_points(&pl, a->time, a->mean_area, (size_t)t0, COLOR_DIM, 3, 1);
    pg_svg_plot_points(&pl, a->time + t0, a->mean_area + t0,
                       (size_t)(a->frames - t0), COLOR_DATA, 3, 0);
    double fx[2] = {a->fit_from, tmax};
    double fy[2] = {p->growth.intercept + p->growth.slope * fx[0],
                    p->growth.intercept + p->growth.slope * fx[1]};
    pg_svg_plot_line(&pl, fx, fy, 2, COLOR_FIT, 2, 0);
    char s[200];
    snprintf(s, sizeof s, "mean over %d sequence(s) of %d x %d; fitted: t >= %g",
             a->sequences, a->height, a->width, a->fit_from);
    pg_svg_plot_legend(&pl, 'p', COLOR_DATA, s);
    pg_svg_plot_legend(&pl, 'p', COLOR_DIM, "before the fit range (transient)");
    snprintf(s, sizeof s, "fit: %.4f sites/MCS x t + %.1f sites, R\xc2\xb2 = %.4f",
             p->growth.slope, p->growth.intercept, p->growth.r2);
    pg_svg_plot_legend(&pl, 'l', COLOR_FIT, s);
    pg_svg_plot_end(&pl);
}

static pg_status von_neumann_svg(const pg_foam_validation *p, pg_text_buffer *b)
{
    const pg_foam_analysis *a = &p->pass;
    const double *x, *y;
    size_t n = pg_foam_vn_count(a->vn);
    pg_foam_vn_points(a->vn, &x, &y);
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted) return PG_FAIL(PG_ERR_NOMEM, "von Neumann plot");
    memcpy(sorted, y, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    double ylo = gsl_stats_quantile_from_sorted_data(sorted, 1, n, VN_QUANTILE_LO);
    double yhi = gsl_stats_quantile_from_sorted_data(sorted, 1, n, VN_QUANTILE_HI);
    free(sorted);
    int xmin = 0, xmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || x[i] < xmin) xmin = (int)x[i];
        if (i == 0 || x[i] > xmax) xmax = (int)x[i];
    }
    int cols = xmax - xmin + 1;
    size_t *cell = calloc((size_t)cols * VN_ROWS, sizeof *cell);
    double *sum = calloc((size_t)cols, sizeof *sum);
    double *cx = malloc((size_t)cols * sizeof *cx);
    double *cy = malloc((size_t)cols * sizeof *cy);
    size_t *cnt = calloc((size_t)cols, sizeof *cnt), outside = 0, cmax = 1;
    if (!cell || !sum || !cx || !cy || !cnt) {
        free(cell); free(sum); free(cx); free(cy); free(cnt);
        return PG_FAIL(PG_ERR_NOMEM, "von Neumann plot");
    }
    double dy = (yhi - ylo) / VN_ROWS;
    for (size_t i = 0; i < n; i++) {
        int c = (int)x[i] - xmin;
        sum[c] += y[i];
        cnt[c]++;
        int r = dy > 0 ? (int)floor((y[i] - ylo) / dy) : 0;
        if (r == VN_ROWS && y[i] <= yhi) r = VN_ROWS - 1; /* y == yhi */
        if (y[i] < ylo || y[i] > yhi || r < 0 || r >= VN_ROWS) {
            outside++;
            continue;
        }
        size_t *k = &cell[(size_t)c * VN_ROWS + r];
        if (++*k > cmax) cmax = *k;
    }
    pg_svg_plot pl;
    pg_svg_plot_begin(&pl, b, PLOT_W, PLOT_H, LEGEND_ROWS,
                      "von Neumann's law: dA/dt against n - 6",
                      "n - 6 (n: neighbours in the first frame)",
                      "dA/dt (sites/MCS)", xmin - 0.5, xmax + 0.5, ylo, yhi);
    for (int c = 0; c < cols; c++)
        for (int r = 0; r < VN_ROWS; r++) {
            size_t k = cell[(size_t)c * VN_ROWS + r];
            if (!k) continue;
            double op = 0.12 + 0.88 * log1p((double)k) / log1p((double)cmax);
            pg_svg_plot_rect(&pl, xmin + c - 0.4, ylo + r * dy, xmin + c + 0.4,
                             ylo + (r + 1) * dy, COLOR_DATA, op);
        }
    int m = 0;
    for (int c = 0; c < cols; c++)
        if (cnt[c]) {
            cx[m] = xmin + c;
            cy[m++] = sum[c] / (double)cnt[c];
        }
    pg_svg_plot_points(&pl, cx, cy, (size_t)m, COLOR_MEAN, 3.5, 0);
    double fx[2] = {xmin - 0.5, xmax + 0.5};
    double fy[2] = {p->vn.intercept + p->vn.slope * fx[0],
                    p->vn.intercept + p->vn.slope * fx[1]};
    pg_svg_plot_line(&pl, fx, fy, 2, COLOR_FIT, 2, 0);
    char s[200];
    snprintf(s, sizeof s, "%zu bubbles (t >= %g), shade: log count; %zu outside "
             "the 0.5-99.5 %% range not drawn", n, a->fit_from, outside);
    pg_svg_plot_legend(&pl, 'r', COLOR_DATA, s);
    pg_svg_plot_legend(&pl, 'p', COLOR_MEAN, "mean dA/dt per n");
    snprintf(s, sizeof s, "fit: k = %.4f sites/MCS, intercept %.4f, r = %.4f",
             p->vn.slope, p->vn.intercept, p->vn.r);
    pg_svg_plot_legend(&pl, 'l', COLOR_FIT, s);
    pg_svg_plot_end(&pl);
    free(cell); free(sum); free(cx); free(cy); free(cnt);
    return PG_OK;
}

static void neighbors_svg(const pg_foam_validation *p, pg_text_buffer *b)
{
    const pg_foam_analysis *a = &p->pass;
    double fmax = 0;
    int nmin = a->n_max;
    for (int k = 0; k <= a->n_max; k++) {
        double fr = (double)a->n_hist[k] / (double)a->n_bubbles;
        if (fr > fmax) fmax = fr;
        if (a->n_hist[k] && k < nmin) nmin = k;
    }
    pg_svg_plot pl;
    pg_svg_plot_begin(&pl, b, PLOT_W, PLOT_H, LEGEND_ROWS, "Neighbour count distribution",
                      "n (neighbours)", "share of bubbles", nmin - 0.5,
                      a->n_max + 0.5, 0, fmax);
    for (int k = nmin; k <= a->n_max; k++)
        if (a->n_hist[k])
            pg_svg_plot_rect(&pl, k - 0.4, 0, k + 0.4,
                             (double)a->n_hist[k] / (double)a->n_bubbles,
                             COLOR_DATA, 1);
    double vx[2] = {6, 6}, vy[2] = {0, pl.y.hi};
    pg_svg_plot_line(&pl, vx, vy, 2, COLOR_FIT, 1.5, 1);
    char s[200];
    snprintf(s, sizeof s, "%zu bubbles in the frames at t >= %g, %d sequence(s)",
             a->n_bubbles, a->fit_from, a->sequences);
    pg_svg_plot_legend(&pl, 'r', COLOR_DATA, s);
    snprintf(s, sizeof s, "<n> = %.3f; n = 6 dashed", a->n_mean);
    pg_svg_plot_legend(&pl, 'l', COLOR_FIT, s);
    pg_svg_plot_end(&pl);
}

static pg_status write_one(const char *dir, const char *name,
                           pg_text_buffer *b)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "plot path");
    snprintf(path, n, "%s/%s", dir, name);
    pg_status st = pg_text_buffer_status(b, path);
    if (st == PG_OK) st = pg_atomic_file_write(path, b->data, b->len, 0644);
    free(path);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_foam_plots_write(const pg_foam_validation *p, const char *dir)
{
    const pg_foam_analysis *a = &p->pass;
    if (pg_foam_vn_count(a->vn) < 3 || a->n_bubbles == 0)
        return PG_FAIL(PG_ERR_ARG, "foam plots: nothing to plot after t = %g",
                       a->fit_from);
    pg_text_buffer b = {0};
    pg_status st = PG_OK;
    growth_svg(p, &b);
    PG_CHECK_GOTO(st, write_one(dir, "foam_growth.svg", &b), done);
    pg_text_buffer_free(&b);
    PG_CHECK_GOTO(st, von_neumann_svg(p, &b), done);
    PG_CHECK_GOTO(st, write_one(dir, "foam_von_neumann.svg", &b), done);
    pg_text_buffer_free(&b);
    neighbors_svg(p, &b);
    PG_CHECK_GOTO(st, write_one(dir, "foam_neighbors.svg", &b), done);
done:
    pg_text_buffer_free(&b);
    return st;
}

void pg_foam_plots_print(const pg_foam_validation *p, const char *dir, FILE *f)
{
    const pg_foam_analysis *a = &p->pass;
    fprintf(f, "view foam: wrote %s/foam_growth.svg, foam_von_neumann.svg, "
            "foam_neighbors.svg (%d sequence(s) x %d frames of %d x %d, fits "
            "over t >= %g MCS)\n", dir, a->sequences, a->frames, a->height,
            a->width, a->fit_from);
    fprintf(f, "mean area vs t: slope %.4f sites/MCS, intercept %.1f sites, "
            "R^2 = %.4f (%zu frames)\n", p->growth.slope, p->growth.intercept,
            p->growth.r2, p->growth.n);
    fprintf(f, "von Neumann: k = %.4f sites/MCS, intercept %.4f sites/MCS, "
            "r = %.4f (%zu bubbles)\n", p->vn.slope, p->vn.intercept, p->vn.r,
            p->vn.n);
    fprintf(f, "neighbours: <n> = %.3f over %zu bubbles; share with n = 6: "
            "%.3f\n", a->n_mean, a->n_bubbles,
            a->n_max >= 6 ? (double)a->n_hist[6] / (double)a->n_bubbles : 0.0);
}
