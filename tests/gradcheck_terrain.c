/* Terrain penalties (physics/terrain/terrain_penalties.h): analytic gradients against
 * central differences on small odd-sized grids with non-square cells, with
 * slopes on both sides of the limit and a reference PSD away from the
 * sample's own. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/terrain/terrain_penalties.h"
#include "runner.h"

enum { H = 7, W = 9, NB = 2, HR = 9, WR = 11, NBINS = 4 };
static const double DX_M = 2.0, DY_M = 3.0;     /* non-square cells */
static const double DXR_M = 2.0, DYR_M = 3.5;
static const double TAN_MAX = 0.5;               /* about 26.6 degrees */
static const double PLANE_SLOPE = 0.4;           /* m/m, along x */
static const double NOISE_M = 1.0;               /* elevation noise */

/* Tolerances: the penalties' gradients are of order 1e-3 per cell (means
 * over cells), so the default absolute tolerance would accept anything. */
static const gc_opts OPTS = {.eps = 1e-2, .atol = 1e-7, .rtol = 2e-2};

typedef struct slope_case {
    pg_terrain_grid g;
    int n;
} slope_case;

static double slope_fn(void *ctx, const float *x, float *grad)
{
    const slope_case *c = ctx;
    if (grad) memset(grad, 0, sizeof(float) * c->n * c->g.h * c->g.w);
    return pg_terrain_slope_penalty(&c->g, x, c->n, TAN_MAX, 1.0f, grad);
}

static void fill_plane_noise(pg_rng *r, const pg_terrain_grid *g, int n,
                             float *z)
{
    for (int p = 0; p < n; p++)
        for (int i = 0; i < g->h; i++)
            for (int j = 0; j < g->w; j++)
                z[((size_t)p * g->h + i) * g->w + j] =
                    (float)(PLANE_SLOPE * j * g->dx_m +
                            pg_rng_gaussian(r, NOISE_M));
}

static void test_slope_penalty_gradient(void)
{
    slope_case c = {{H, W, DX_M, DY_M}, NB};
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    float z[NB * H * W];
    fill_plane_noise(r, &c.g, NB, z);
    /* Both sides of the limit must be present, else the check is weak. */
    double deg[H * W];
    int above = 0, below = 0;
    for (int p = 0; p < NB; p++) {
        pg_terrain_slope_deg(&c.g, z + p * H * W, deg);
        for (int k = 0; k < H * W; k++) {
            double t = tan(deg[k] * atan(1.0) / 45);
            above += t > TAN_MAX;
            below += t < TAN_MAX;
        }
    }
    CU_ASSERT(above >= 20);
    CU_ASSERT(below >= 20);
    CU_ASSERT(slope_fn(&c, z, NULL) > 0);
    CU_ASSERT_EQUAL(gc_check_function(slope_fn, &c, z, NB * H * W, &OPTS,
                                      "terrain.slope"), 0);
    pg_rng_destroy(&r);
}

typedef struct rough_case {
    pg_terrain_psd_ws *ws;
    double ref[NBINS];
    int n;
    size_t hw;
} rough_case;

static double rough_fn(void *ctx, const float *x, float *grad)
{
    rough_case *c = ctx;
    if (grad) memset(grad, 0, sizeof(float) * c->n * c->hw);
    double v = NAN;
    if (pg_terrain_roughness(c->ws, c->ref, x, c->n, 1.0f, &v, grad))
        pg_error_print(stderr);
    return v;
}

static void test_roughness_gradient(void)
{
    pg_terrain_grid g = {HR, WR, DXR_M, DYR_M};
    rough_case c = {.n = NB, .hw = HR * WR};
    PG_ASSERT_OK(pg_terrain_psd_create(&g, NBINS, &c.ws));
    const int *count = pg_terrain_psd_bin_count(c.ws);
    int used = 0;
    for (int b = 0; b < NBINS; b++) used += count[b] > 0;
    CU_ASSERT(used >= 3);
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    float z[NB * HR * WR];
    fill_plane_noise(r, &g, NB, z);
    /* Reference: the batch's own mean log PSD moved by +-0.3 decades, so
     * every bin contributes a non-zero residual. */
    PG_ASSERT_OK(pg_terrain_psd_log_mean(c.ws, z, NB, c.ref));
    for (int b = 0; b < NBINS; b++)
        if (count[b]) c.ref[b] += (b % 2 ? 0.3 : -0.3);
    CU_ASSERT(rough_fn(&c, z, NULL) > 0.01);
    CU_ASSERT_EQUAL(gc_check_function(rough_fn, &c, z, NB * HR * WR, &OPTS,
                                      "terrain.roughness"), 0);
    pg_rng_destroy(&r);
    pg_terrain_psd_destroy(&c.ws);
}

/* Square grid, even sizes: the r2c Nyquist column is self-conjugate. */
static void test_roughness_gradient_even(void)
{
    pg_terrain_grid g = {8, 10, 1.5, 1.0};
    rough_case c = {.n = 1, .hw = 8 * 10};
    PG_ASSERT_OK(pg_terrain_psd_create(&g, NBINS, &c.ws));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(13, 0, PG_RNG_TEST, &r));
    float z[8 * 10];
    fill_plane_noise(r, &g, 1, z);
    PG_ASSERT_OK(pg_terrain_psd_log_mean(c.ws, z, 1, c.ref));
    for (int b = 0; b < NBINS; b++)
        if (pg_terrain_psd_bin_count(c.ws)[b]) c.ref[b] -= 0.2 * (b + 1);
    CU_ASSERT_EQUAL(gc_check_function(rough_fn, &c, z, 8 * 10, &OPTS,
                                      "terrain.roughness even"), 0);
    pg_rng_destroy(&r);
    pg_terrain_psd_destroy(&c.ws);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_terrain");
    PG_TEST(s, test_slope_penalty_gradient);
    PG_TEST(s, test_roughness_gradient);
    PG_TEST(s, test_roughness_gradient_even);
}
