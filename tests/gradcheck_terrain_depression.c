/* Depression penalty (physics/terrain/terrain_depression.h): the analytic
 * gradient against central differences on rough random patches full of
 * pits (odd sizes, several samples), closed-form values on a bowl and a
 * plane, and the weight scaling. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/terrain/terrain_depression.h"
#include "runner.h"

enum { H = 9, W = 11, NB = 3 };

typedef struct dep_case {
    pg_terrain_depression *d;
} dep_case;

static double dep_fn(void *ctx, const float *x, float *grad)
{
    dep_case *c = ctx;
    if (grad) memset(grad, 0, sizeof(float) * NB * H * W);
    return pg_terrain_depression_penalty(c->d, x, NB, 1.0f, grad);
}

/* Each sample's cells take the levels 0, 0.05, 0.10, ... m in random
 * order: rough, full of pits, and no two levels within 0.05 m, so the
 * +-eps perturbations (1e-2) cross no tie, where the penalty has a kink. */
static void test_gradient(void)
{
    dep_case c;
    PG_ASSERT_OK(pg_terrain_depression_create(H, W, &c.d));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(17, 0, PG_RNG_TEST, &r));
    float z[NB * H * W];
    for (int s = 0; s < NB; s++) {
        float *zs = z + s * H * W;
        for (int k = 0; k < H * W; k++) zs[k] = (float)(0.05 * k);
        for (int k = H * W - 1; k > 0; k--) {
            int j = (int)pg_rng_uniform_int(r, (unsigned long)k + 1);
            float t = zs[k];
            zs[k] = zs[j];
            zs[j] = t;
        }
    }
    /* The check must see real depressions. */
    CU_ASSERT(pg_terrain_depression_penalty(c.d, z, NB, 1.0f, NULL) > 0.01);
    gc_opts o = {.eps = 1e-2, .atol = 1e-6, .rtol = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(dep_fn, &c, z, NB * H * W, &o,
                                      "terrain.depression"), 0);
    pg_rng_destroy(&r);
    pg_terrain_depression_destroy(&c.d);
}

/* A bowl z = r^2 on 5 x 5 (centre 0, edge middles 4): the four corners
 * (8) and four edge middles (4) are outlets; the spill level is 4, so the
 * 3 x 3 interior holds water 4 - r^2: depths 4 (centre), 3 (4 cells), 2 (4
 * cells), P = (16 + 4*9 + 4*4) / 25. A plane holds none. The gradient of
 * weight 2 is twice that of weight 1. */
static void test_values(void)
{
    pg_terrain_depression *d;
    PG_ASSERT_OK(pg_terrain_depression_create(5, 5, &d));
    float z[25], g1[25] = {0}, g2[25] = {0};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            z[i * 5 + j] = (float)((i - 2) * (i - 2) + (j - 2) * (j - 2));
    double p = pg_terrain_depression_penalty(d, z, 1, 1.0f, g1);
    CU_ASSERT_DOUBLE_EQUAL(p, (16.0 + 36 + 16) / 25, 1e-12);
    pg_terrain_depression_penalty(d, z, 1, 2.0f, g2);
    for (int k = 0; k < 25; k++) CU_ASSERT_DOUBLE_EQUAL(g2[k], 2 * g1[k], 1e-6);
    /* The centre deepens the most: its own gradient is -2 * 4 / 25. */
    CU_ASSERT_DOUBLE_EQUAL(g1[12], -8.0 / 25, 1e-6);
    for (int k = 0; k < 25; k++) z[k] = (float)(k % 5);
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_depression_penalty(d, z, 1, 1.0f, NULL),
                           0, 0);
    pg_terrain_depression_destroy(&d);
    CU_ASSERT_PTR_NULL(d);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_terrain_depression");
    PG_TEST(s, test_gradient);
    PG_TEST(s, test_values);
}
