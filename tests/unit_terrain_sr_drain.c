/* Draining a super-resolved patch (physics/terrain/terrain_sr_drain.h):
 * block matching makes every block average to its coarse value and
 * leaves a matched patch alone; draining removes a pit the coarse DEM
 * does not show and keeps the block means; a depression the coarse DEM
 * shows is kept, while plain breaching would have cut it open. */
#include <math.h>
#include <string.h>

#include "physics/terrain/terrain_sr_drain.h"
#include "physics/terrain/terrain_sr_pairs.h"
#include "runner.h"

enum { F = 4, H = 24, W = 20, CH = H / F, CW = W / F };

/* Cells priority-flood raises by more than 1 cm (closed depressions). */
static int filled_cells(pg_terrain_fill *f, const float *z)
{
    pg_terrain_fill_run(f, z);
    int n = 0;
    for (int i = 0; i < H * W; i++) n += f->filled[i] > z[i] + 0.01;
    return n;
}

static double block_error(const float *z, const float *coarse)
{
    float m[CH * CW];
    PG_ASSERT_OK(pg_terrain_sr_downsample(z, 1, H, W, F, m));
    double e = 0;
    for (int k = 0; k < CH * CW; k++)
        e = fmax(e, fabs((double)m[k] - (double)coarse[k]));
    return e;
}

static void test_block_match(void)
{
    float z[H * W], coarse[CH * CW], z1[H * W];
    for (int i = 0; i < H * W; i++) z[i] = (float)(200 + 7 * sin(0.37 * i));
    for (int k = 0; k < CH * CW; k++) coarse[k] = (float)(150 + 3 * k);
    CU_ASSERT(block_error(z, coarse) > 10);
    PG_ASSERT_OK(pg_terrain_sr_block_match(z, H, W, coarse, F));
    CU_ASSERT(block_error(z, coarse) < 1e-3);
    /* Matched already: moved by float rounding only. */
    memcpy(z1, z, sizeof z);
    PG_ASSERT_OK(pg_terrain_sr_block_match(z1, H, W, coarse, F));
    for (int i = 0; i < H * W; i++) CU_ASSERT(fabsf(z1[i] - z[i]) < 1e-3f);
    /* The detail inside a block is kept: differences within a block. */
    CU_ASSERT(fabsf((z[1] - z[0]) - (float)(7 * (sin(0.37) - 0))) < 1e-3f);
    CU_ASSERT_EQUAL(pg_terrain_sr_block_match(z, H, W + 1, coarse, F),
                    PG_ERR_ARG);
    pg_error_clear();
}

/* A plane tilted along x with a 6 m deep bowl inside: the coarse patch
 * (its block means) slopes steadily, so the bowl is invented detail. */
static void test_invented_pit_drains(void)
{
    pg_terrain_fill *f = NULL;
    pg_terrain_sr_drain *d = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    PG_ASSERT_OK(pg_terrain_sr_drain_create(H, W, F, &d));
    float z[H * W], coarse[CH * CW], plane[H * W];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            double d2 = (r - 12.0) * (r - 12.0) + (c - 10.0) * (c - 10.0);
            plane[r * W + c] = (float)(100 + 2.0 * c);
            z[r * W + c] = (float)(100 + 2.0 * c - 6 * exp(-d2 / 3));
        }
    PG_ASSERT_OK(pg_terrain_sr_downsample(plane, 1, H, W, F, coarse));
    PG_ASSERT_OK(pg_terrain_sr_block_match(z, H, W, coarse, F));
    CU_ASSERT(filled_cells(f, z) > 0);
    pg_terrain_breach_stats st = {0};
    PG_ASSERT_OK(pg_terrain_sr_drain_run(d, z, coarse,
                                         PG_TERRAIN_SR_DRAIN_ROUNDS,
                                         PG_TERRAIN_BREACH_DROP_M, &st));
    CU_ASSERT(st.cells > 0);
    CU_ASSERT_EQUAL(filled_cells(f, z), 0);
    CU_ASSERT(block_error(z, coarse) < 1e-3);
    CU_ASSERT_EQUAL(pg_terrain_sr_drain_run(d, z, coarse, 0, 1e-3, NULL),
                    PG_ERR_ARG);
    pg_error_clear();
    pg_terrain_sr_drain_destroy(&d);
    pg_terrain_fill_destroy(&f);
}

/* A coarse DEM with a closed basin of its own (the middle blocks 20 m
 * below a level ring): the fine patch must average to it, so a
 * depression remains however often it is breached. */
static void test_coarse_depression_stays(void)
{
    pg_terrain_fill *f = NULL;
    pg_terrain_sr_drain *d = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    PG_ASSERT_OK(pg_terrain_sr_drain_create(H, W, F, &d));
    float z[H * W], coarse[CH * CW], z0[H * W];
    for (int i = 0; i < CH; i++)
        for (int j = 0; j < CW; j++)
            coarse[i * CW + j] =
                i >= 2 && i <= 3 && j >= 1 && j <= 3 ? 80.0f : 100.0f;
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = coarse[(r / F) * CW + c / F];
    memcpy(z0, z, sizeof z);
    PG_ASSERT_OK(pg_terrain_sr_drain_run(d, z, coarse,
                                         PG_TERRAIN_SR_DRAIN_ROUNDS,
                                         PG_TERRAIN_BREACH_DROP_M, NULL));
    CU_ASSERT(block_error(z, coarse) < 1e-3);
    CU_ASSERT(filled_cells(f, z) >= 6 * F * F);
    /* Plain breaching cuts it open. */
    pg_terrain_breach_run(f, z0, PG_TERRAIN_BREACH_DROP_M, NULL);
    CU_ASSERT_EQUAL(filled_cells(f, z0), 0);
    pg_terrain_sr_drain_destroy(&d);
    pg_terrain_fill_destroy(&f);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_sr_drain");
    PG_TEST(s, test_block_match);
    PG_TEST(s, test_invented_pit_drains);
    PG_TEST(s, test_coarse_depression_stays);
}
