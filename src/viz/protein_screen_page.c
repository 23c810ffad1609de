#include "viz/protein_screen_page.h"

#include <math.h>
#include <string.h>

#include "viz/protein_logo.h"
#include "viz/svg_plot.h"

enum { BINS = 30 };

static void range(const double *v, int n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            if (v[i] < *lo) *lo = v[i];
            if (v[i] > *hi) *hi = v[i];
        }
}

/* Fraction of v's finite values in each of BINS bins over [lo, hi]. */
static void counts(const double *v, int n, double lo, double hi,
                   double *frac)
{
    int total = 0;
    memset(frac, 0, BINS * sizeof *frac);
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        int k = hi > lo ? (int)((v[i] - lo) / (hi - lo) * BINS) : 0;
        if (k >= BINS) k = BINS - 1;
        frac[k] += 1;
        total++;
    }
    for (int k = 0; k < BINS && total; k++) frac[k] /= total;
}

static void histogram(pg_text_buffer *b, const pg_screen_hist *h, int n_all,
                      int n_top)
{
    double lo, hi, tlo, thi, fa[BINS], ft[BINS];
    range(h->all, n_all, &lo, &hi);
    range(h->top, n_top, &tlo, &thi);
    if (tlo < lo) lo = tlo;
    if (thi > hi) hi = thi;
    if (!isfinite(lo)) {
        pg_text_buffer_printf(b, "<p>%s: no finite value.</p>\n", h->title);
        return;
    }
    if (hi == lo) hi = lo + 1;
    counts(h->all, n_all, lo, hi, fa);
    counts(h->top, n_top, lo, hi, ft);
    double ymax = 0;
    for (int k = 0; k < BINS; k++) {
        if (fa[k] > ymax) ymax = fa[k];
        if (ft[k] > ymax) ymax = ft[k];
    }
    pg_svg_plot p;
    pg_svg_plot_begin(&p, b, 420, 260, 2, h->title, h->xlabel,
                      "fraction of sequences", lo, hi, 0, ymax);
    double w = (hi - lo) / BINS;
    for (int k = 0; k < BINS; k++) {
        pg_svg_plot_rect(&p, lo + k * w, 0, lo + (k + 1) * w, fa[k],
                         "#888888", 0.6);
        pg_svg_plot_rect(&p, lo + k * w, 0, lo + (k + 1) * w, ft[k],
                         "#d62728", 0.5);
    }
    pg_svg_plot_legend(&p, 'r', "#888888", "all unique generated");
    pg_svg_plot_legend(&p, 'r', "#d62728", "top set");
    pg_svg_plot_end(&p);
}

void pg_screen_page_build(const pg_screen_page *p, pg_text_buffer *b)
{
    pg_text_buffer_append(b, "<!DOCTYPE html>\n<html><head><meta "
                          "charset=\"utf-8\"><title>");
    pg_text_buffer_append_html(b, p->title);
    pg_text_buffer_append(b, "</title><style>body{font-family:sans-serif;"
                          "margin:2em} table{border-collapse:collapse} "
                          "td{border:1px solid #ccc;padding:2px 8px} "
                          "svg{margin:4px}</style></head><body>\n<h1>");
    pg_text_buffer_append_html(b, p->title);
    pg_text_buffer_append(b, "</h1>\n<table>\n");
    for (int r = 0; r < p->n_rows; r++) {
        const char *tab = strchr(p->rows[r], '\t');
        pg_text_buffer_append(b, "<tr><td>");
        if (tab) {
            char name[128];
            size_t n = (size_t)(tab - p->rows[r]);
            if (n >= sizeof name) n = sizeof name - 1;
            memcpy(name, p->rows[r], n);
            name[n] = '\0';
            pg_text_buffer_append_html(b, name);
            pg_text_buffer_append(b, "</td><td>");
            pg_text_buffer_append_html(b, tab + 1);
        } else {
            pg_text_buffer_append_html(b, p->rows[r]);
        }
        pg_text_buffer_append(b, "</td></tr>\n");
    }
    pg_text_buffer_append(b, "</table>\n<h2>Scores</h2>\n<div>\n");
    for (int h = 0; h < p->n_hists; h++)
        histogram(b, &p->hists[h], p->n_all, p->n_top);
    pg_text_buffer_append(b, "</div>\n");
    if (p->n_logos > 0)
        pg_text_buffer_append(b, "<h2>Sequence logos</h2>\n<p>Every "
                              "sequence aligned onto the family's centre "
                              "(the training medoid) with parasail's "
                              "semi-global alignment; column k is centre "
                              "position k, letter height its frequency "
                              "times the column's information content "
                              "(bits).</p>\n");
    for (int l = 0; l < p->n_logos; l++)
        pg_protein_logo_svg(b, p->logos[l].counts, p->logos[l].columns,
                            p->logos[l].title);
    pg_text_buffer_append(b, "</body></html>\n");
}
