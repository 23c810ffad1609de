/* Slope-distribution penalty (physics/terrain/terrain_slope_dist.h): the
 * analytic gradient against central differences on rough random patches
 * with non-square cells (several samples, odd sizes), the reference
 * quantile function against a histogram with a known inverse, the value
 * against a direct sort, zero at the data's own distribution, the weight
 * scaling, and the reference the trainer builds from data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/penalty_registry.h"
#include "physics/terrain/terrain_slope_dist.h"
#include "runner.h"

enum { H = 7, W = 9, NB = 3, BINS = PG_TERRAIN_SLOPE_DIST_BINS };
static const double PI = 3.14159265358979323846;

/* A reference: uniform over [10, 30) degrees. */
static void uniform_ref(double *ref, double lo_deg, double hi_deg)
{
    memset(ref, 0, sizeof(double) * BINS);
    int b0 = (int)lround(lo_deg / PG_TERRAIN_SLOPE_DIST_BIN_DEG);
    int b1 = (int)lround(hi_deg / PG_TERRAIN_SLOPE_DIST_BIN_DEG);
    for (int b = b0; b < b1; b++) ref[b] = 1.0 / (b1 - b0);
}

typedef struct sd_case {
    pg_terrain_slope_dist *d;
} sd_case;

static double sd_fn(void *ctx, const float *x, float *grad)
{
    sd_case *c = ctx;
    if (grad) memset(grad, 0, sizeof(float) * NB * H * W);
    return pg_terrain_slope_dist_penalty(c->d, x, NB, 1.0f, grad);
}

static void test_gradient(void)
{
    static double ref[BINS];
    uniform_ref(ref, 10, 30);
    pg_terrain_grid g = {H, W, 30.0, 40.0};
    sd_case c;
    PG_ASSERT_OK(pg_terrain_slope_dist_create(&g, NB, ref, &c.d));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &r));
    float z[NB * H * W];
    /* relief of tens of metres over 30-40 m cells: slopes of 0-60 deg */
    for (int k = 0; k < NB * H * W; k++)
        z[k] = (float)(40 * pg_rng_uniform(r));
    CU_ASSERT(pg_terrain_slope_dist_penalty(c.d, z, NB, 1.0f, NULL) > 1e-3);
    gc_opts o = {.eps = 1e-3, .atol = 1e-7, .rtol = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(sd_fn, &c, z, NB * H * W, &o,
                                      "terrain.slope_dist"), 0);
    pg_rng_destroy(&r);
    pg_terrain_slope_dist_destroy(&c.d);
}

/* Q of the uniform [10, 30) degree reference is linear; the value equals
 * the mean squared difference of the sorted angles and Q((k + 1/2) / M);
 * a weight of 2 doubles the gradient; more patches than the penalty was
 * made for are refused by the penalty object. */
static void test_values(void)
{
    static double ref[BINS];
    uniform_ref(ref, 10, 30);
    pg_terrain_grid g = {H, W, 30.0, 30.0};
    pg_terrain_slope_dist *d;
    PG_ASSERT_OK(pg_terrain_slope_dist_create(&g, NB, ref, &d));
    for (double u = 0.05; u < 1; u += 0.1)
        CU_ASSERT_DOUBLE_EQUAL(pg_terrain_slope_dist_quantile(d, u),
                               (10 + 20 * u) * PI / 180, 1e-9);

    float z[H * W];
    for (int k = 0; k < H * W; k++)
        z[k] = (float)((k * 37 % 23) * 1.5 + (k % W) * 3.0);
    double deg[H * W], th[H * W];
    pg_terrain_slope_deg(&g, z, deg);
    for (int k = 0; k < H * W; k++) th[k] = deg[k] * PI / 180;
    for (int i = 1; i < H * W; i++) /* insertion sort: a second opinion */
        for (int j = i; j > 0 && th[j - 1] > th[j]; j--) {
            double t = th[j];
            th[j] = th[j - 1];
            th[j - 1] = t;
        }
    double want = 0;
    for (int k = 0; k < H * W; k++) {
        double q = (10 + 20 * (k + 0.5) / (H * W)) * PI / 180;
        want += (th[k] - q) * (th[k] - q) / (H * W);
    }
    float g1[H * W] = {0}, g2[H * W] = {0};
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_slope_dist_penalty(d, z, 1, 1.0f, g1),
                           want, 1e-9);
    pg_terrain_slope_dist_penalty(d, z, 1, 2.0f, g2);
    for (int k = 0; k < H * W; k++)
        CU_ASSERT_DOUBLE_EQUAL(g2[k], 2 * g1[k], 1e-6);
    pg_terrain_slope_dist_destroy(&d);
    CU_ASSERT_PTR_NULL(d);

    /* a reference that is not a distribution is refused */
    ref[0] += 0.5;
    CU_ASSERT_EQUAL(pg_terrain_slope_dist_create(&g, 1, ref, &d),
                    PG_ERR_ARG);
    pg_error_clear();
}

/* A plane of constant slope: its reference (as the trainer builds it,
 * through the registry) is one bin; the penalty of the plane itself is
 * at most the bin's width squared, and a plane twice as steep is
 * penalised by about the squared difference of the two angles. */
static void test_reference_from_data(void)
{
    const pg_penalty_kind *k;
    PG_ASSERT_OK(pg_penalty_kind_find("terrain.slope_dist", &k));
    pg_penalty_args a = {.geom = {.batch = 2, .channels = 1, .h = H, .w = W,
                                  .dx_m = 10, .dy_m = 10},
                         .weight = 1};
    float z[2 * H * W], z2[2 * H * W];
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < H; i++)
            for (int j = 0; j < W; j++) {
                z[(s * H + i) * W + j] = (float)(3.0 * j); /* tan = 0.3 */
                z2[(s * H + i) * W + j] = (float)(6.0 * j);
            }
    double *ref = NULL;
    PG_ASSERT_OK(pg_penalty_ref_mean(k, &a, z, 2, &ref));
    double total = 0;
    for (int b = 0; b < BINS; b++) total += ref[b];
    CU_ASSERT_DOUBLE_EQUAL(total, 1, 1e-12);
    a.ref = ref;
    pg_penalty *p;
    PG_ASSERT_OK(k->create(&a, &p));
    pg_terrain_slope_dist *d = p->ctx;
    double bw = PG_TERRAIN_SLOPE_DIST_BIN_DEG * PI / 180;
    CU_ASSERT(pg_terrain_slope_dist_penalty(d, z, 2, 1.0f, NULL) <= bw * bw);
    double dth = atan(0.6) - atan(0.3);
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_slope_dist_penalty(d, z2, 2, 1.0f, NULL),
                           dth * dth, 2 * dth * bw);
    pg_penalty_destroy(&p);
    free(ref);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_terrain_slope_dist");
    PG_TEST(s, test_gradient);
    PG_TEST(s, test_values);
    PG_TEST(s, test_reference_from_data);
}
