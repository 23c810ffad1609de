#include "lab/toy_metrics.h"

#include <math.h>
#include <string.h>

void pg_toy_coverage_compute(const pg_toy2d *d, const float *xy, int n,
                             pg_toy_coverage *out)
{
    memset(out, 0, sizeof *out);
    out->modes_total = d->n_modes;
    int near_count[PG_TOY2D_MAX_MODES] = {0}, hq = 0;
    for (int i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        int near_any = 0;
        for (int k = 0; k < d->n_modes; k++) {
            const pg_toy2d_mode *m = &d->modes[k];
            double dx = x - m->x, dy = y - m->y, r = 3 * m->sigma;
            /* NaN coordinates compare false: never near. */
            if (dx * dx + dy * dy <= r * r) {
                near_count[k]++;
                near_any = 1;
            }
        }
        hq += near_any;
    }
    for (int k = 0; k < d->n_modes; k++) {
        out->mode_share[k] = n > 0 ? (double)near_count[k] / n : 0;
        out->covered[k] =
            n > 0 && out->mode_share[k] >=
                         PG_TOY_COVER_SHARE * d->modes[k].weight;
        out->modes_covered += out->covered[k];
    }
    out->high_quality = n > 0 ? (double)hq / n : 0;
}

static int bin_of(double v, double extent)
{
    if (!isfinite(v)) return 0;
    double u = (v + extent) / (2 * extent) * PG_TOY_JSD_BINS;
    if (u < 0) return 0;
    if (u >= PG_TOY_JSD_BINS) return PG_TOY_JSD_BINS - 1;
    return (int)u;
}

static void histogram(const pg_toy2d *d, const float *xy, int n, double *h)
{
    memset(h, 0, sizeof(double) * PG_TOY_JSD_BINS * PG_TOY_JSD_BINS);
    for (int i = 0; i < n; i++) {
        int bx = bin_of(xy[2 * i], d->extent);
        int by = bin_of(xy[2 * i + 1], d->extent);
        h[by * PG_TOY_JSD_BINS + bx] += 1.0 / n;
    }
}

double pg_toy_jsd(const pg_toy2d *d, const float *a, int na, const float *b,
                  int nb, double *work)
{
    if (na <= 0 || nb <= 0) return NAN;
    double *p = work, *q = work + PG_TOY_JSD_BINS * PG_TOY_JSD_BINS;
    histogram(d, a, na, p);
    histogram(d, b, nb, q);
    double js = 0;
    for (int i = 0; i < PG_TOY_JSD_BINS * PG_TOY_JSD_BINS; i++) {
        double m = 0.5 * (p[i] + q[i]);
        if (p[i] > 0) js += 0.5 * p[i] * log2(p[i] / m);
        if (q[i] > 0) js += 0.5 * q[i] * log2(q[i] / m);
    }
    return js < 0 ? 0 : js; /* rounding can leave -1e-17 */
}
