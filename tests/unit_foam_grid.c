/* Label frames between the frames' grid and a coarse one
 * (physics/foam/foam_grid.h, `physgan rollout --coarse`): the block mode and the
 * B-spline-vote refinement on hand-made cases (straight boundaries land on
 * block edges, features of one coarse site are smoothed away, corners are
 * rounded), stride 1 copies, and a simulated foam refined from its
 * coarsened self keeps its bubbles, almost all of its sites, and its
 * coarse frame exactly. */
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_grid.h"
#include "foam_simulated.h"
#include "runner.h"

static void test_check_rejects_bad_strides(void)
{
    CU_ASSERT_EQUAL(pg_foam_grid_check(64, 32, 4, "t"), PG_OK);
    CU_ASSERT_EQUAL(pg_foam_grid_check(64, 30, 4, "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_grid_check(64, 64, 0, "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_grid_check(64, 64, PG_FOAM_GRID_STRIDE_MAX + 1,
                                       "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_grid_check(2, 4, 4, "t"), PG_ERR_ARG);
}

/* A 3 x 3 block: label 7 at 5 sites, 2 at 3, 9 at 1 -> 7. Ties go to
 * the label reached first in row order. */
static void test_coarsen_takes_the_mode(void)
{
    int32_t fine[9] = {2, 7, 7, 9, 7, 2, 7, 2, 7}, c;
    pg_foam_labels_coarsen(fine, 3, 3, 3, &c);
    CU_ASSERT_EQUAL(c, 7);
    int32_t tie[4] = {5, 4, 4, 5};
    pg_foam_labels_coarsen(tie, 2, 2, 2, &c);
    CU_ASSERT_EQUAL(c, 5);
}

/* Coarse columns 0..3 label 1, 4..7 label 2 (8 x 8): on the fine grid
 * the two boundaries are exactly the block edges x = 4 S and x = 0
 * (periodic), the same on every row, for even and odd strides up to the
 * largest. */
static void test_refine_puts_straight_boundaries_on_block_edges(void)
{
    enum { HC = 8, WC = 8, SMAX = PG_FOAM_GRID_STRIDE_MAX };
    static int32_t f[HC * SMAX * WC * SMAX];
    int32_t c[HC * WC];
    for (int i = 0; i < HC * WC; i++) c[i] = i % WC < WC / 2 ? 1 : 2;
    const int strides[] = {2, 3, 4, 5, SMAX};
    for (size_t k = 0; k < sizeof strides / sizeof *strides; k++) {
        int s = strides[k], bad = 0;
        pg_foam_labels_refine(c, HC, WC, s, f);
        for (int y = 0; y < HC * s; y++)
            for (int x = 0; x < WC * s; x++)
                bad += f[y * WC * s + x] != (x < WC / 2 * s ? 1 : 2);
        CU_ASSERT_EQUAL(bad, 0);
    }
}

/* Refinement smooths at the scale of one coarse site: a lone coarse site
 * of label 1 among 0s is smoothed away, while a 3 x 3 square of them
 * keeps the 4 x 4 fine sites of its middle block, does not grow past its
 * 12 x 12 blocks, and loses only its corners, rounded off by three
 * sites each (stride 4, 8 x 8). */
static void test_refine_smooths_at_the_coarse_scale(void)
{
    enum { N = 8, S = 4, F = N * S };
    int32_t c[N * N] = {0}, f[F * F];
    c[3 * N + 4] = 1;
    pg_foam_labels_refine(c, N, N, S, f);
    int ones = 0;
    for (int i = 0; i < F * F; i++) ones += f[i] == 1;
    CU_ASSERT_EQUAL(ones, 0);
    for (int y = 2; y <= 4; y++)
        for (int x = 2; x <= 4; x++) c[y * N + x] = 1;
    pg_foam_labels_refine(c, N, N, S, f);
    int inside = 0, outside = 0, middle = 0;
    for (int y = 0; y < F; y++)
        for (int x = 0; x < F; x++) {
            int one = f[y * F + x] == 1;
            int in_square = y >= 2 * S && y < 5 * S && x >= 2 * S && x < 5 * S;
            inside += one && in_square;
            outside += one && !in_square;
            middle += one && y / S == 3 && x / S == 3;
        }
    CU_ASSERT_EQUAL(middle, S * S);
    CU_ASSERT_EQUAL(outside, 0);
    CU_ASSERT_EQUAL(inside, 144 - 4 * 3); /* 3 sites off each corner */
}

/* Stride 1 is a copy. */
static void test_stride_one_copies(void)
{
    int32_t c[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, f[12];
    pg_foam_labels_refine(c, 3, 4, 1, f);
    CU_ASSERT_EQUAL(memcmp(c, f, sizeof c), 0);
    pg_foam_labels_coarsen(c, 3, 4, 1, f);
    CU_ASSERT_EQUAL(memcmp(c, f, sizeof c), 0);
}

/* A simulated foam (256^2, 1024 bubbles at t = 0, 1000 MCS: about 74
 * bubbles of ~900 sites) coarsened by 4 and refined: the same bubbles
 * (count within 5 %; it keeps all 74), > 95 % of the sites keep their
 * label (96 %: boundaries move by up to half a block), and coarsening the
 * refined frame gives the coarse frame back exactly. */
static void test_simulated_round_trip(void)
{
    enum { N = 256, S = 4, NC = N / S };
    int32_t *fine = malloc(sizeof(int32_t) * N * N);
    int32_t *back = malloc(sizeof(int32_t) * N * N);
    int32_t *c = malloc(sizeof(int32_t) * NC * NC);
    foam_simulated_frames(5, N, 1024, 0.5, 1000, 1, 0, fine);
    pg_foam_labels_coarsen(fine, N, N, S, c);
    pg_foam_labels_refine(c, NC, NC, S, back);
    int32_t *c2 = malloc(sizeof(int32_t) * NC * NC);
    pg_foam_labels_coarsen(back, N, N, S, c2);
    long same_c = 0;
    for (int i = 0; i < NC * NC; i++) same_c += c[i] == c2[i];
    free(c2);
    long same = 0;
    for (int i = 0; i < N * N; i++) same += fine[i] == back[i];
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(N, N, &d));
    pg_foam_diag_analyze(d, fine);
    int before = pg_foam_diag_count(d);
    pg_foam_diag_analyze(d, back);
    int after = pg_foam_diag_count(d);
    CU_ASSERT(before > 60);
    CU_ASSERT(after <= before);
    CU_ASSERT(after >= 0.95 * before);
    CU_ASSERT((double)same / (N * N) > 0.95);
    CU_ASSERT_EQUAL(same_c, NC * NC);
    pg_foam_diag_destroy(&d);
    free(fine);
    free(back);
    free(c);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_grid");
    PG_TEST(s, test_check_rejects_bad_strides);
    PG_TEST(s, test_coarsen_takes_the_mode);
    PG_TEST(s, test_refine_puts_straight_boundaries_on_block_edges);
    PG_TEST(s, test_refine_smooths_at_the_coarse_scale);
    PG_TEST(s, test_stride_one_copies);
    PG_TEST(s, test_simulated_round_trip);
}
