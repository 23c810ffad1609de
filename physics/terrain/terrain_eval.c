/* Terrain-set statistics and the KS distance (see terrain_eval.h). */
#include "physics/terrain/terrain_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pg_terrain_eval {
    pg_terrain_grid g;
    pg_terrain_slope_stats stats;
    pg_terrain_psd_ws *psd;
    int nbins;
    double *log_psd_sum;       /* per bin: sum over patches of log10 P */
    double *psd_scratch;       /* nbins */
    double *deg;               /* H*W scratch */
    double *slopes;            /* every cell's slope, grown */
    size_t n_slopes, cap_slopes;
    int sorted;
    size_t patches;
    double relief_sum, relief_sq, elev_sum;
};

pg_status pg_terrain_eval_create(const pg_terrain_grid *g,
                                 double theta_max_deg, pg_terrain_eval **out)
{
    PG_CHECK(pg_terrain_grid_check(g));
    if (!(theta_max_deg >= 0 && theta_max_deg < 90))
        return PG_FAIL(PG_ERR_ARG, "maximum slope %g degrees: must be in "
                       "[0, 90)", theta_max_deg);
    pg_terrain_eval *e = calloc(1, sizeof *e);
    if (!e) return PG_FAIL(PG_ERR_NOMEM, "terrain evaluator");
    e->g = *g;
    pg_terrain_slope_stats_init(&e->stats, theta_max_deg);
    pg_status st = pg_terrain_psd_create(g, PG_TERRAIN_PSD_DEFAULT_BINS,
                                         &e->psd);
    if (st == PG_OK) {
        e->nbins = pg_terrain_psd_nbins(e->psd);
        e->log_psd_sum = calloc((size_t)e->nbins, sizeof(double));
        e->psd_scratch = calloc((size_t)e->nbins, sizeof(double));
        e->deg = malloc((size_t)g->h * (size_t)g->w * sizeof(double));
        if (!e->log_psd_sum || !e->psd_scratch || !e->deg)
            st = PG_FAIL(PG_ERR_NOMEM, "terrain evaluator buffers");
    }
    if (st != PG_OK) {
        pg_terrain_eval_destroy(&e);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = e;
    return PG_OK;
}

void pg_terrain_eval_destroy(pg_terrain_eval **ep)
{
    pg_terrain_eval *e = ep ? *ep : NULL;
    if (!e) return;
    pg_terrain_psd_destroy(&e->psd);
    free(e->log_psd_sum);
    free(e->psd_scratch);
    free(e->deg);
    free(e->slopes);
    free(e);
    *ep = NULL;
}

static pg_status reserve(pg_terrain_eval *e, size_t more)
{
    if (e->n_slopes + more <= e->cap_slopes) return PG_OK;
    size_t cap = e->cap_slopes ? e->cap_slopes : 4096;
    while (cap < e->n_slopes + more) cap *= 2;
    double *p = realloc(e->slopes, cap * sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "slopes of %zu cells", cap);
    e->slopes = p;
    e->cap_slopes = cap;
    return PG_OK;
}

pg_status pg_terrain_eval_add(pg_terrain_eval *e, const float *z, size_t n)
{
    size_t hw = (size_t)e->g.h * (size_t)e->g.w;
    PG_CHECK(reserve(e, n * hw));
    for (size_t p = 0; p < n; p++) {
        const float *zp = z + p * hw;
        float lo = zp[0], hi = zp[0];
        double sum = 0;
        for (size_t i = 0; i < hw; i++) {
            if (!isfinite(zp[i]))
                return PG_FAIL(PG_ERR_NUMERIC, "patch %zu: cell %zu is not "
                               "finite", e->patches, i);
            lo = zp[i] < lo ? zp[i] : lo;
            hi = zp[i] > hi ? zp[i] : hi;
            sum += zp[i];
        }
        double relief = (double)hi - (double)lo;
        e->relief_sum += relief;
        e->relief_sq += relief * relief;
        e->elev_sum += sum;
        pg_terrain_slope_stats_add(&e->stats, &e->g, zp, 1, e->deg);
        memcpy(e->slopes + e->n_slopes, e->deg, hw * sizeof(double));
        e->n_slopes += hw;
        PG_CHECK(pg_terrain_psd_log_mean(e->psd, zp, 1, e->psd_scratch));
        for (int b = 0; b < e->nbins; b++)
            e->log_psd_sum[b] += e->psd_scratch[b];
        e->patches++;
    }
    e->sorted = 0;
    return PG_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

pg_status pg_terrain_eval_summarize(pg_terrain_eval *e,
                                    pg_terrain_eval_summary *out)
{
    if (!e->patches)
        return PG_FAIL(PG_ERR_ARG, "terrain evaluation of no patches");
    if (!e->sorted) {
        qsort(e->slopes, e->n_slopes, sizeof *e->slopes, cmp_double);
        e->sorted = 1;
    }
    double n = (double)e->patches;
    pg_terrain_eval_summary s = {0};
    s.patches = e->patches;
    s.cells = e->n_slopes;
    s.slope_mean_deg = pg_terrain_slope_stats_mean_deg(&e->stats);
    s.slope_max_deg = e->stats.max_deg;
    s.frac_over_max = pg_terrain_slope_stats_frac_over(&e->stats);
    s.relief_mean_m = e->relief_sum / n;
    double var = e->patches > 1
                     ? (e->relief_sq - n * s.relief_mean_m * s.relief_mean_m) /
                           (n - 1)
                     : 0;
    s.relief_std_m = sqrt(var > 0 ? var : 0);
    s.elev_mean_m = e->elev_sum / (double)e->n_slopes;
    double *mean = e->psd_scratch, kmin, kmax;
    for (int b = 0; b < e->nbins; b++) mean[b] = e->log_psd_sum[b] / n;
    pg_terrain_psd_fit_range(e->psd, &kmin, &kmax);
    if (pg_terrain_psd_beta(e->psd, mean, kmin, kmax, &s.psd_beta) != PG_OK) {
        /* Too small a patch for a fit: reported as NAN, not an error. */
        pg_error_clear();
        s.psd_beta = NAN;
    }
    *out = s;
    return PG_OK;
}

const pg_terrain_slope_stats *pg_terrain_eval_slope_stats(
    const pg_terrain_eval *e)
{
    return &e->stats;
}

const double *pg_terrain_eval_sorted_slopes(const pg_terrain_eval *e,
                                            size_t *n)
{
    *n = e->n_slopes;
    return e->slopes;
}

double pg_terrain_ks_distance(const double *a, size_t na, const double *b,
                              size_t nb)
{
    size_t i = 0, j = 0;
    double d = 0;
    while (i < na && j < nb) {
        double x = a[i] <= b[j] ? a[i] : b[j];
        while (i < na && a[i] == x) i++;
        while (j < nb && b[j] == x) j++;
        double diff = fabs((double)i / (double)na - (double)j / (double)nb);
        d = diff > d ? diff : d;
    }
    /* The rest of one sample only moves its CDF towards 1, which the other
     * has reached: the difference shrinks, so the maximum is found. */
    return d;
}
