/* physics/terrain/terrain_checkerboard: fractal terrain scores near 0; a
 * period-2 grid of 1 % of the relief lifts level 1, a period-4 one level
 * 2; patches too small to measure are refused. */
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "physics/terrain/terrain_checkerboard.h"
#include "physics/terrain/terrain_synth.h"
#include "runner.h"

enum { N = 64, P = 8 };

static pg_terrain_checkerboard score(float *z)
{
    pg_terrain_grid g = {N, N, 30, 30};
    pg_terrain_psd_ws *ws;
    pg_terrain_checkerboard c;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, PG_TERRAIN_PSD_DEFAULT_BINS, &ws));
    PG_ASSERT_OK(pg_terrain_checkerboard_score(ws, z, P, &c));
    pg_terrain_psd_destroy(&ws);
    return c;
}

static void test_levels(void)
{
    pg_terrain_synth_params sp = {N, 2.5, 30, 300};
    pg_terrain_synth *syn;
    pg_rng *r;
    PG_ASSERT_OK(pg_terrain_synth_create(&sp, &syn));
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r));
    float *z = malloc(sizeof *z * N * N * P), *g2 = malloc(sizeof *z * N * N * P);
    for (int p = 0; p < P; p++) pg_terrain_synth_patch(syn, r, z + p * N * N);
    pg_terrain_checkerboard c = score(z);
    CU_ASSERT_EQUAL(c.levels, 3);
    /* A power law has less power at a peak than the mean of its
     * neighbours 3 modes away (convexity; at Nyquist both neighbours are
     * below it): negative, not far from 0. */
    for (int l = 0; l < 3; l++) CU_ASSERT(c.level[l] < 0 && c.level[l] > -1);
    /* Period 2 (level 1) grid of 3 m (1 % of the relief) and period 4
     * (level 2) grid of 15 m: their own level rises by more than a decade,
     * the others stay within noise. */
    int period[2] = {2, 4};
    float amp[2] = {3.0f, 15.0f};
    for (int k = 0; k < 2; k++) {
        for (int p = 0; p < P; p++)
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++) {
                    size_t at = (size_t)p * N * N + (size_t)i * N + j;
                    int on = (i % period[k]) < period[k] / 2 &&
                             (j % period[k]) < period[k] / 2;
                    g2[at] = z[at] + (on ? amp[k] : 0.0f);
                }
        pg_terrain_checkerboard d = score(g2);
        CU_ASSERT(d.level[k] > c.level[k] + 1.0);
        CU_ASSERT(d.score > c.score + 0.3);
        CU_ASSERT_DOUBLE_EQUAL(d.level[2], c.level[2], 0.05);
    }
    free(z);
    free(g2);
    pg_rng_destroy(&r);
    pg_terrain_synth_destroy(&syn);
}

static void test_too_small(void)
{
    pg_terrain_grid g = {12, 12, 30, 30};
    pg_terrain_psd_ws *ws;
    pg_terrain_checkerboard c;
    float z[144] = {0};
    PG_ASSERT_OK(pg_terrain_psd_create(&g, 4, &ws));
    CU_ASSERT_EQUAL(pg_terrain_checkerboard_score(ws, z, 1, &c), PG_ERR_ARG);
    pg_error_clear();
    pg_terrain_psd_destroy(&ws);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_checkerboard");
    PG_TEST(s, test_levels);
    PG_TEST(s, test_too_small);
}
