/* Terrain slope, slope statistics and the slope-limit penalty
 * (physics/terrain/terrain_penalties.h; the PSD half lives in terrain_psd.c). */
#include "physics/terrain/terrain_penalties.h"

#include <math.h>
#include <stdlib.h>

#include "physics/terrain/terrain_impl.h"

static const double DEG_PER_RAD = 180.0 / PG_TERRAIN_PI;

pg_status pg_terrain_grid_check(const pg_terrain_grid *g)
{
    if (!g) return PG_FAIL(PG_ERR_ARG, "terrain: no grid");
    if (g->h < 3 || g->w < 3)
        return PG_FAIL(PG_ERR_ARG, "terrain: patch %d x %d is smaller than "
                       "3 x 3", g->h, g->w);
    if (!(g->dx_m > 0) || !(g->dy_m > 0) || !isfinite(g->dx_m) ||
        !isfinite(g->dy_m))
        return PG_FAIL(PG_ERR_ARG, "terrain: cell size dx = %g m, dy = %g m "
                       "must be positive and finite", g->dx_m, g->dy_m);
    return PG_OK;
}

/* Derivative along a line of n values with spacing d at index j: central
 * inside, one-sided at the two ends. */
static inline double line_diff(const float *v, ptrdiff_t stride, int n, int j,
                               double d)
{
    if (j == 0) return ((double)v[stride] - v[0]) / d;
    if (j == n - 1)
        return ((double)v[(n - 1) * stride] - v[(n - 2) * stride]) / d;
    return ((double)v[(j + 1) * stride] - v[(j - 1) * stride]) / (2 * d);
}

/* Adjoint of line_diff: add c * d(line_diff)/d v into gv. */
static inline void line_diff_adjoint(float *gv, ptrdiff_t stride, int n,
                                     int j, double d, double c)
{
    if (j == 0) {
        gv[stride] += (float)(c / d);
        gv[0] -= (float)(c / d);
    } else if (j == n - 1) {
        gv[(n - 1) * stride] += (float)(c / d);
        gv[(n - 2) * stride] -= (float)(c / d);
    } else {
        gv[(j + 1) * stride] += (float)(c / (2 * d));
        gv[(j - 1) * stride] -= (float)(c / (2 * d));
    }
}

static inline void cell_gradient(const pg_terrain_grid *g, const float *z,
                                 int i, int j, double *zx, double *zy)
{
    *zx = line_diff(z + (size_t)i * g->w, 1, g->w, j, g->dx_m);
    *zy = line_diff(z + j, g->w, g->h, i, g->dy_m);
}

void pg_terrain_gradient(const pg_terrain_grid *g, const float *z, double *zx,
                         double *zy)
{
    for (int i = 0; i < g->h; i++)
        for (int j = 0; j < g->w; j++) {
            size_t c = (size_t)i * g->w + j;
            cell_gradient(g, z, i, j, &zx[c], &zy[c]);
        }
}

void pg_terrain_gradient_adjoint(const pg_terrain_grid *g, const double *cx,
                                 const double *cy, float *gz)
{
    for (int i = 0; i < g->h; i++)
        for (int j = 0; j < g->w; j++) {
            size_t c = (size_t)i * g->w + j;
            if (cx[c] != 0)
                line_diff_adjoint(gz + (size_t)i * g->w, 1, g->w, j, g->dx_m,
                                  cx[c]);
            if (cy[c] != 0)
                line_diff_adjoint(gz + j, g->w, g->h, i, g->dy_m, cy[c]);
        }
}

void pg_terrain_slope_deg(const pg_terrain_grid *g, const float *z,
                          double *deg)
{
    for (int i = 0; i < g->h; i++)
        for (int j = 0; j < g->w; j++) {
            double zx, zy;
            cell_gradient(g, z, i, j, &zx, &zy);
            deg[(size_t)i * g->w + j] = atan(hypot(zx, zy)) * DEG_PER_RAD;
        }
}

double pg_terrain_slope_penalty(const pg_terrain_grid *g, const float *z,
                                int n, double tan_max, float weight,
                                float *grad)
{
    size_t hw = (size_t)g->h * g->w;
    double cells = (double)n * (double)hw, sum = 0;
    for (int p = 0; p < n; p++) {
        const float *zp = z + (size_t)p * hw;
        float *gp = grad ? grad + (size_t)p * hw : NULL;
        for (int i = 0; i < g->h; i++)
            for (int j = 0; j < g->w; j++) {
                double zx, zy;
                cell_gradient(g, zp, i, j, &zx, &zy);
                double s = sqrt(zx * zx + zy * zy), e = s - tan_max;
                if (!(e > 0)) continue;
                sum += e * e;
                if (!gp) continue;
                /* d(e^2)/dzx = 2 e zx / s, with s > tan_max >= 0. */
                double c = weight * 2 * e / s / cells;
                line_diff_adjoint(gp + (size_t)i * g->w, 1, g->w, j, g->dx_m,
                                  c * zx);
                line_diff_adjoint(gp + j, g->w, g->h, i, g->dy_m, c * zy);
            }
    }
    return sum / cells;
}

void pg_terrain_slope_stats_init(pg_terrain_slope_stats *s,
                                 double theta_max_deg)
{
    *s = (pg_terrain_slope_stats){.theta_max_deg = theta_max_deg};
}

void pg_terrain_slope_stats_add(pg_terrain_slope_stats *s,
                                const pg_terrain_grid *g, const float *z,
                                int n, double *deg)
{
    size_t hw = (size_t)g->h * g->w;
    for (int p = 0; p < n; p++) {
        pg_terrain_slope_deg(g, z + (size_t)p * hw, deg);
        for (size_t c = 0; c < hw; c++) {
            double a = deg[c];
            int b = (int)(a / PG_TERRAIN_SLOPE_BIN_DEG);
            s->hist[b < PG_TERRAIN_SLOPE_BINS ? b : PG_TERRAIN_SLOPE_BINS - 1]++;
            s->sum_deg += a;
            if (a > s->max_deg) s->max_deg = a;
            s->over += a > s->theta_max_deg;
        }
        s->cells += hw;
    }
}

double pg_terrain_slope_stats_mean_deg(const pg_terrain_slope_stats *s)
{
    return s->cells ? s->sum_deg / (double)s->cells : NAN;
}

double pg_terrain_slope_stats_frac_over(const pg_terrain_slope_stats *s)
{
    return s->cells ? (double)s->over / (double)s->cells : NAN;
}

/* ---- the trainer's penalty ------------------------------------------------ */

typedef struct slope_ctx {
    pg_terrain_grid g;
    double tan_max;
} slope_ctx;

pg_status pg_terrain_batch_check(const char *name, const pg_terrain_grid *g,
                                 const pg_tensor *x)
{
    if (x->ndim != 4 || x->shape[1] != 1 || x->shape[2] != g->h ||
        x->shape[3] != g->w) {
        char b[64];
        return PG_FAIL(PG_ERR_SHAPE, "%s: input %s, expected (N, 1, %d, %d)",
                       name, pg_tensor_shape_str(x, b, sizeof b), g->h, g->w);
    }
    return PG_OK;
}

static pg_status slope_eval(const pg_penalty *p, const pg_penalty_input *in,
                            double *value, pg_tensor *grad_x)
{
    const pg_tensor *x = in->x;
    const slope_ctx *c = p->ctx;
    PG_CHECK(pg_terrain_batch_check(p->name, &c->g, x));
    *value = pg_terrain_slope_penalty(&c->g, x->data, x->shape[0], c->tan_max,
                                      (float)p->weight,
                                      grad_x ? grad_x->data : NULL);
    return PG_OK;
}

pg_status pg_terrain_slope_penalty_create(const pg_terrain_grid *g,
                                          double theta_max_deg, double weight,
                                          pg_penalty **out)
{
    *out = NULL;
    PG_CHECK(pg_terrain_grid_check(g));
    if (!(theta_max_deg >= 0 && theta_max_deg < 90))
        return PG_FAIL(PG_ERR_ARG, "terrain.slope: theta_max %g degrees is "
                       "outside [0, 90)", theta_max_deg);
    pg_penalty *p = calloc(1, sizeof *p);
    slope_ctx *c = calloc(1, sizeof *c);
    if (!p || !c) {
        free(p);
        free(c);
        return PG_FAIL(PG_ERR_NOMEM, "terrain.slope");
    }
    c->g = *g;
    c->tan_max = tan(theta_max_deg / DEG_PER_RAD);
    *p = (pg_penalty){.name = "terrain.slope", .weight = weight,
                      .eval = slope_eval, .ctx = c, .destroy_ctx = free};
    *out = p;
    return PG_OK;
}
