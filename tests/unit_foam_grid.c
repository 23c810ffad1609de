/* Label frames between the frames' grid and a coarse one
 * (data/foam_grid.h, `physgan rollout --coarse`): the block mode and the
 * bilinear-vote refinement on hand-made cases, coarsen(refine(c)) = c for
 * any coarse frame, straight boundaries land on block edges, and a
 * simulated foam refined from its coarsened self keeps its bubbles and
 * almost all of its sites. */
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "data/foam_diag.h"
#include "data/foam_grid.h"
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

/* Coarse columns 0..3 label 1, 4..7 label 2 (8 x 8, stride 4): on the
 * fine grid the two boundaries are exactly the block edges x = 16 and
 * x = 0 (periodic), the same on every row. */
static void test_refine_puts_straight_boundaries_on_block_edges(void)
{
    enum { HC = 8, WC = 8, S = 4 };
    int32_t c[HC * WC], f[HC * S * WC * S];
    for (int i = 0; i < HC * WC; i++) c[i] = i % WC < WC / 2 ? 1 : 2;
    pg_foam_labels_refine(c, HC, WC, S, f);
    int bad = 0;
    for (int y = 0; y < HC * S; y++)
        for (int x = 0; x < WC * S; x++)
            bad += f[y * WC * S + x] != (x < WC / 2 * S ? 1 : 2);
    CU_ASSERT_EQUAL(bad, 0);
}

/* One coarse site of label 1 among 0s, stride 4: its block keeps the 12
 * sites whose own corner weight exceeds 1/2 and loses the 4 corners,
 * which lie nearer to the three neighbours together. */
static void test_refine_of_a_lone_site(void)
{
    enum { N = 4, S = 4, F = N * S };
    int32_t c[N * N] = {0}, f[F * F];
    c[1 * N + 2] = 1;
    pg_foam_labels_refine(c, N, N, S, f);
    int ones = 0, outside = 0;
    for (int y = 0; y < F; y++)
        for (int x = 0; x < F; x++) {
            int in_block = y / S == 1 && x / S == 2;
            int corner = (y % S == 0 || y % S == S - 1)
                         && (x % S == 0 || x % S == S - 1);
            ones += f[y * F + x] == 1;
            outside += f[y * F + x] == 1 && !in_block;
            if (in_block) CU_ASSERT_EQUAL(f[y * F + x], corner ? 0 : 1);
        }
    CU_ASSERT_EQUAL(ones, 12);
    CU_ASSERT_EQUAL(outside, 0);
}

/* Any coarse frame comes back from its refinement: in every block the
 * sites that keep their own label outnumber all others together. */
static void test_coarsen_inverts_refine(void)
{
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &rng));
    const int strides[] = {1, 2, 3, 4, 5, 8};
    int bad = 0;
    for (size_t k = 0; k < sizeof strides / sizeof *strides; k++)
        for (int trial = 0; trial < 10; trial++) {
            int s = strides[k];
            int hc = 2 + (int)(pg_rng_uniform(rng) * 12);
            int wc = 2 + (int)(pg_rng_uniform(rng) * 12);
            int labels = 2 + trial;
            size_t nc = (size_t)(hc * wc), nf = nc * (size_t)(s * s);
            int32_t *c = malloc(nc * sizeof *c), *back = malloc(nc * sizeof *c);
            int32_t *f = malloc(nf * sizeof *f);
            for (size_t i = 0; i < nc; i++)
                c[i] = (int32_t)(pg_rng_uniform(rng) * labels);
            pg_foam_labels_refine(c, hc, wc, s, f);
            pg_foam_labels_coarsen(f, hc * s, wc * s, s, back);
            bad += memcmp(c, back, nc * sizeof *c) != 0;
            free(c);
            free(back);
            free(f);
        }
    CU_ASSERT_EQUAL(bad, 0);
    pg_rng_destroy(&rng);
}

/* A simulated foam (256^2, 1024 bubbles at t = 0, 1000 MCS: about 74
 * bubbles of ~900 sites) coarsened by 4 and refined: the same bubbles
 * (count within 5 %; it keeps all 74), and > 93 % of the sites keep their
 * label (95 %: boundaries move by up to half a block). */
static void test_simulated_round_trip(void)
{
    enum { N = 256, S = 4, NC = N / S };
    int32_t *fine = malloc(sizeof(int32_t) * N * N);
    int32_t *back = malloc(sizeof(int32_t) * N * N);
    int32_t *c = malloc(sizeof(int32_t) * NC * NC);
    foam_simulated_frames(5, N, 1024, 0.5, 1000, 1, 0, fine);
    pg_foam_labels_coarsen(fine, N, N, S, c);
    pg_foam_labels_refine(c, NC, NC, S, back);
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
    CU_ASSERT((double)same / (N * N) > 0.93);
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
    PG_TEST(s, test_refine_of_a_lone_site);
    PG_TEST(s, test_coarsen_inverts_refine);
    PG_TEST(s, test_simulated_round_trip);
}
