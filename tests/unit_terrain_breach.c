/* Depression breaching (physics/terrain/terrain_breach.h): afterwards
 * every cell drains over the patch edge, nothing is raised, patches
 * without depressions are unchanged, breaching is idempotent, and the cut
 * follows the lowest ground. */
#include <math.h>
#include <string.h>

#include "base/rng.h"
#include "physics/terrain/terrain_breach.h"
#include "runner.h"

enum { H = 24, W = 20 };

/* 1 when some interior cell has no strictly lower 8-neighbour. */
static int has_pit(const float *z)
{
    for (int r = 1; r < H - 1; r++)
        for (int c = 1; c < W - 1; c++) {
            int lower = 0;
            for (int k = 0; k < 8; k++)
                lower |= z[(r + PG_TERRAIN_NB_DR[k]) * W + c +
                           PG_TERRAIN_NB_DC[k]] < z[r * W + c];
            if (!lower) return 1;
        }
    return 0;
}

/* Cells that priority-flood would raise (closed depressions). */
static int filled_cells(pg_terrain_fill *f, const float *z)
{
    pg_terrain_fill_run(f, z);
    int n = 0;
    for (int i = 0; i < H * W; i++) n += f->filled[i] > z[i];
    return n;
}

static void test_bowl_is_cut_open(void)
{
    pg_terrain_fill *f = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    float z[H * W], z0[H * W];
    /* A tilted plane with a 5 m deep bowl in the middle. */
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            double d2 = (r - 12.0) * (r - 12.0) + (c - 10.0) * (c - 10.0);
            z[r * W + c] = (float)(100 + 0.5 * c - 5 * exp(-d2 / 8));
        }
    memcpy(z0, z, sizeof z);
    CU_ASSERT(filled_cells(f, z) > 0);
    CU_ASSERT(has_pit(z));
    pg_terrain_breach_stats st = {0};
    pg_terrain_breach_run(f, z, 1e-3, &st);
    CU_ASSERT_EQUAL(filled_cells(f, z), 0);
    CU_ASSERT(!has_pit(z));
    int lowered = 0;
    double deepest = 0;
    for (int i = 0; i < H * W; i++) {
        CU_ASSERT(z[i] <= z0[i]);
        lowered += z[i] < z0[i];
        deepest = fmax(deepest, (double)z0[i] - z[i]);
    }
    CU_ASSERT_EQUAL((size_t)lowered, st.cells);
    CU_ASSERT_DOUBLE_EQUAL(deepest, st.max_cut_m, 1e-9);
    /* A channel, not a filled bowl: far fewer cells than the bowl's. */
    CU_ASSERT(lowered > 0 && lowered < 40);
    CU_ASSERT(st.max_cut_m > 1 && st.max_cut_m < 5);
    pg_terrain_fill_destroy(&f);
}

static void test_noise_drains_and_is_idempotent(void)
{
    pg_terrain_fill *f = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &rng));
    float z[H * W], z1[H * W];
    for (int i = 0; i < H * W; i++)
        z[i] = (float)(1500 + pg_rng_gaussian(rng, 10));
    pg_rng_destroy(&rng);
    CU_ASSERT(has_pit(z));
    pg_terrain_breach_run(f, z, 1e-3, NULL);
    CU_ASSERT(!has_pit(z));
    CU_ASSERT_EQUAL(filled_cells(f, z), 0);
    memcpy(z1, z, sizeof z);
    pg_terrain_breach_stats st = {0};
    pg_terrain_breach_run(f, z1, 1e-3, &st);
    CU_ASSERT_EQUAL(st.cells, 0);
    CU_ASSERT_EQUAL(memcmp(z, z1, sizeof z), 0);
    pg_terrain_fill_destroy(&f);
}

static void test_drained_patch_unchanged(void)
{
    pg_terrain_fill *f = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    float z[H * W], z0[H * W];
    /* A cone rising to the middle: every cell drains outwards. */
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = (float)(300 - hypot(r - 11.5, c - 9.5));
    memcpy(z0, z, sizeof z);
    pg_terrain_breach_stats st = {0};
    pg_terrain_breach_run(f, z, 1e-3, &st);
    CU_ASSERT_EQUAL(st.cells, 0);
    CU_ASSERT_EQUAL(memcmp(z, z0, sizeof z), 0);
    pg_terrain_fill_destroy(&f);
}

/* A basin (floor 80 m, rim 100 m) whose pit (70 m) joins the spill point
 * by an L-shaped groove (75 m): the cut follows the groove, the lowest
 * ground, and leaves the floor alone (a breadth-first path would cross
 * it diagonally). */
static void test_cut_follows_the_valley(void)
{
    pg_terrain_fill *f = NULL;
    PG_ASSERT_OK(pg_terrain_fill_create(H, W, &f));
    float z[H * W], z0[H * W];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = r >= 3 && r <= 20 && c >= 3 && c <= 16 ? 80 : 100;
    for (int c = 4; c <= 14; c++) z[18 * W + c] = 75;
    for (int r = 3; r <= 18; r++) z[r * W + 4] = 75;
    z[18 * W + 14] = 70;                   /* the pit */
    z[2 * W + 4] = 99;                     /* the spill point, */
    z[1 * W + 4] = 98;                     /* its way out */
    z[0 * W + 4] = 97;
    memcpy(z0, z, sizeof z);
    pg_terrain_breach_stats st = {0};
    pg_terrain_breach_run(f, z, 1e-3, &st);
    CU_ASSERT_EQUAL(filled_cells(f, z), 0);
    int floor_cut = 0, groove_cut = 0;
    for (int i = 0; i < H * W; i++) {
        /* The flat floor drains by millimetre steps; a cut is more. */
        floor_cut += z0[i] == 80 && z[i] < z0[i] - 0.1f;
        groove_cut += z0[i] == 75 && z[i] < z0[i];
    }
    CU_ASSERT_EQUAL(floor_cut, 0);
    CU_ASSERT(groove_cut >= 20);
    CU_ASSERT(st.max_cut_m > 25 && st.max_cut_m < 30.1); /* 97 -> ~70 */
    pg_terrain_fill_destroy(&f);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_breach");
    PG_TEST(s, test_bowl_is_cut_open);
    PG_TEST(s, test_noise_drains_and_is_idempotent);
    PG_TEST(s, test_drained_patch_unchanged);
    PG_TEST(s, test_cut_follows_the_valley);
}
