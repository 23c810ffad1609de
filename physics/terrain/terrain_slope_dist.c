/* The slope-distribution penalty (terrain_slope_dist.h). */
#include "physics/terrain/terrain_slope_dist.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

#include "physics/terrain/terrain_impl.h"

static const double RAD_PER_BIN =
    PG_TERRAIN_SLOPE_DIST_BIN_DEG * PG_TERRAIN_PI / 180.0;

struct pg_terrain_slope_dist {
    pg_terrain_grid g;
    int max_n;
    double cdf[PG_TERRAIN_SLOPE_DIST_BINS + 1]; /* cdf[b]: share below bin b */
    /* per cell of the largest batch: slope s, components, angle, rank */
    double *s, *zx, *zy, *theta;
    size_t *order;
};

void pg_terrain_slope_dist_hist_add(const pg_terrain_grid *g, const float *z,
                                    size_t n, double *deg, double *hist)
{
    size_t hw = (size_t)g->h * g->w;
    double share = 1.0 / (double)hw;
    for (size_t p = 0; p < n; p++) {
        pg_terrain_slope_deg(g, z + p * hw, deg);
        for (size_t c = 0; c < hw; c++) {
            int b = (int)(deg[c] / PG_TERRAIN_SLOPE_DIST_BIN_DEG);
            hist[b < PG_TERRAIN_SLOPE_DIST_BINS ? b
                                                : PG_TERRAIN_SLOPE_DIST_BINS - 1]
                += share;
        }
    }
}

void pg_terrain_slope_dist_destroy(pg_terrain_slope_dist **d)
{
    if (!d || !*d) return;
    free((*d)->s);
    free((*d)->zx);
    free((*d)->zy);
    free((*d)->theta);
    free((*d)->order);
    free(*d);
    *d = NULL;
}

pg_status pg_terrain_slope_dist_create(const pg_terrain_grid *g, int max_n,
                                       const double *ref,
                                       pg_terrain_slope_dist **out)
{
    *out = NULL;
    PG_CHECK(pg_terrain_grid_check(g));
    if (max_n < 1)
        return PG_FAIL(PG_ERR_ARG, "terrain.slope_dist: batch %d", max_n);
    double total = 0;
    for (int b = 0; b < PG_TERRAIN_SLOPE_DIST_BINS; b++) {
        if (!(ref[b] >= 0) || !isfinite(ref[b]))
            return PG_FAIL(PG_ERR_ARG, "terrain.slope_dist: reference bin %d "
                           "(%.2f-%.2f deg) is %g", b,
                           b * PG_TERRAIN_SLOPE_DIST_BIN_DEG,
                           (b + 1) * PG_TERRAIN_SLOPE_DIST_BIN_DEG, ref[b]);
        total += ref[b];
    }
    if (fabs(total - 1) > 1e-6)
        return PG_FAIL(PG_ERR_ARG, "terrain.slope_dist: the reference "
                       "histogram sums to %.9g, not 1", total);
    pg_terrain_slope_dist *d = calloc(1, sizeof *d);
    size_t cells = (size_t)max_n * (size_t)g->h * (size_t)g->w;
    if (!d || !(d->s = malloc(cells * sizeof *d->s)) ||
        !(d->zx = malloc(cells * sizeof *d->zx)) ||
        !(d->zy = malloc(cells * sizeof *d->zy)) ||
        !(d->theta = malloc(cells * sizeof *d->theta)) ||
        !(d->order = malloc(cells * sizeof *d->order))) {
        pg_terrain_slope_dist_destroy(&d);
        return PG_FAIL(PG_ERR_NOMEM, "terrain.slope_dist: %zu cells", cells);
    }
    d->g = *g;
    d->max_n = max_n;
    d->cdf[0] = 0;
    for (int b = 0; b < PG_TERRAIN_SLOPE_DIST_BINS; b++)
        d->cdf[b + 1] = d->cdf[b] + ref[b] / total;
    d->cdf[PG_TERRAIN_SLOPE_DIST_BINS] = 1;
    *out = d;
    return PG_OK;
}

/* Q(u) starting the bin search at *bin (quantiles asked in increasing
 * order walk the bins once); *bin ends at the bin holding u. */
static double quantile_from(const pg_terrain_slope_dist *d, double u, int *bin)
{
    int b = *bin;
    while (b < PG_TERRAIN_SLOPE_DIST_BINS - 1 && d->cdf[b + 1] <= u) b++;
    *bin = b;
    double width = d->cdf[b + 1] - d->cdf[b];
    double f = width > 0 ? (u - d->cdf[b]) / width : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return (b + f) * RAD_PER_BIN;
}

double pg_terrain_slope_dist_quantile(const pg_terrain_slope_dist *d,
                                      double u)
{
    int b = 0;
    return quantile_from(d, u, &b);
}

double pg_terrain_slope_dist_penalty(pg_terrain_slope_dist *d, const float *z,
                                     int n, float weight, float *grad)
{
    const pg_terrain_grid *g = &d->g;
    size_t hw = (size_t)g->h * g->w, m = (size_t)n * hw;
    for (int p = 0; p < n; p++)
        pg_terrain_gradient(g, z + p * hw, d->zx + p * hw, d->zy + p * hw);
    for (size_t c = 0; c < m; c++) {
        d->s[c] = hypot(d->zx[c], d->zy[c]);
        d->theta[c] = atan(d->s[c]);
    }
    gsl_sort_index(d->order, d->theta, 1, m);
    double sum = 0;
    int bin = 0;
    for (size_t k = 0; k < m; k++) {
        size_t c = d->order[k];
        double q = quantile_from(d, ((double)k + 0.5) / (double)m, &bin);
        double e = d->theta[c] - q;
        sum += e * e;
        if (!grad) continue;
        /* the cotangents of zx, zy, overwriting the components once read */
        double s = d->s[c];
        double k_s = s > 0 ? weight * 2 * e / (double)m / (1 + s * s) / s : 0;
        d->zx[c] *= k_s;
        d->zy[c] *= k_s;
    }
    if (grad)
        for (int p = 0; p < n; p++)
            pg_terrain_gradient_adjoint(g, d->zx + p * hw, d->zy + p * hw,
                                        grad + p * hw);
    return sum / (double)m;
}

/* ---- the trainer's penalty ------------------------------------------------ */

static pg_status slope_dist_eval(const pg_penalty *p,
                                 const pg_penalty_input *in, double *value,
                                 pg_tensor *grad_x)
{
    pg_terrain_slope_dist *d = p->ctx;
    const pg_tensor *x = in->x;
    PG_CHECK(pg_terrain_batch_check(p->name, &d->g, x));
    if (x->shape[0] > d->max_n)
        return PG_FAIL(PG_ERR_SHAPE, "%s: batch of %d patches, made for at "
                       "most %d", p->name, x->shape[0], d->max_n);
    *value = pg_terrain_slope_dist_penalty(d, x->data, x->shape[0],
                                           (float)p->weight,
                                           grad_x ? grad_x->data : NULL);
    return PG_OK;
}

static void slope_dist_free(void *v)
{
    pg_terrain_slope_dist *d = v;
    pg_terrain_slope_dist_destroy(&d);
}

pg_status pg_terrain_slope_dist_penalty_create(const pg_terrain_grid *g,
                                               int max_n, const double *ref,
                                               double weight,
                                               pg_penalty **out)
{
    *out = NULL;
    pg_terrain_slope_dist *d;
    PG_CHECK(pg_terrain_slope_dist_create(g, max_n, ref, &d));
    pg_penalty *p = calloc(1, sizeof *p);
    if (!p) {
        pg_terrain_slope_dist_destroy(&d);
        return PG_FAIL(PG_ERR_NOMEM, "terrain.slope_dist");
    }
    *p = (pg_penalty){.name = "terrain.slope_dist", .weight = weight,
                      .eval = slope_dist_eval, .ctx = d,
                      .destroy_ctx = slope_dist_free};
    *out = p;
    return PG_OK;
}
