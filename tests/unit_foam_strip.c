/* Strips of a decomposed foam lattice (foam_potts.h, "Strips";
 * physics/foam/io/foam_decomp.h): two strips with halo rows, stepped in
 * the serial sweep's order and drawing from one generator, give the
 * serial run bit for bit (both proposal rules, checkerboard order); the
 * bookkeeping of strips holds under random sector passes and halo
 * updates; the row partition; a one-process decomposition runs, keeps
 * its bookkeeping and gathers its lattice. */
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/io/foam_decomp.h"
#include "runner.h"

enum { N = 64, HALF = N / 2, BUBBLES = 100, MCS = 40 };

/* Strip k (global rows k*HALF .. k*HALF + HALF - 1) of the labels s with
 * its halo rows, periodic in y. */
static void strip_of(const int32_t *s, int k, int32_t *a)
{
    for (int r = 0; r < HALF + 2; r++) {
        int gy = (k * HALF + r - 1 + N) % N;
        memcpy(a + (size_t)r * N, s + (size_t)gy * N, N * sizeof *a);
    }
}

/* The halo exchange of two strips in one process: each strip's first own
 * row is the other's lower halo, its last own row the other's upper. */
static void exchange(pg_foam_potts *st[2])
{
    for (int k = 0; k < 2; k++) {
        pg_foam_potts *o = st[1 - k];
        memcpy(pg_foam_potts_strip_row(o, HALF + 1),
               pg_foam_potts_strip_row(st[k], 1), N * sizeof(int32_t));
        memcpy(pg_foam_potts_strip_row(o, 0),
               pg_foam_potts_strip_row(st[k], HALF), N * sizeof(int32_t));
    }
    for (int k = 0; k < 2; k++) pg_foam_potts_strip_halo_changed(st[k]);
}

static void strips_equal_serial(pg_foam_proposal rule)
{
    pg_rng *r1 = NULL, *r2 = NULL;
    pg_foam_potts *serial = NULL, *start = NULL, *st[2] = {NULL, NULL};
    /* Two generators in the same state after the same Voronoi start. */
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r1));
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r2));
    PG_ASSERT_OK(pg_foam_potts_create(N, BUBBLES, 0.5, r1, &serial));
    PG_ASSERT_OK(pg_foam_potts_create(N, BUBBLES, 0.5, r2, &start));
    int32_t *a = malloc((size_t)(HALF + 2) * N * sizeof *a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    for (int k = 0; k < 2; k++) {
        strip_of(pg_foam_potts_labels(start), k, a);
        PG_ASSERT_OK(pg_foam_potts_create_strip(N, HALF, a, 0.5, r2, &st[k]));
        pg_foam_potts_set_proposal(st[k], rule);
        PG_ASSERT_OK(pg_foam_potts_verify(st[k]));
    }
    pg_foam_potts_set_proposal(serial, rule);
    pg_foam_potts_run(serial, MCS);
    gsl_rng *g = pg_rng_gsl(r2);
    for (int m = 0; m < MCS; m++) {
        /* The serial sweep's draws: the order, then each sublattice in
         * raster order, strip 0's rows before strip 1's. Array row y is
         * global row y - 1 + k HALF: row parity flips (HALF even). */
        int first = (int)(gsl_rng_get(g) & 3);
        for (int q = 0; q < 4; q++) {
            for (int k = 0; k < 2; k++)
                pg_foam_potts_strip_sublattice(st[k], (first ^ q) ^ 2);
            exchange(st);
        }
    }
    int same = 1;
    for (int k = 0; k < 2; k++) {
        PG_ASSERT_OK(pg_foam_potts_verify(st[k]));
        same &= !memcmp(pg_foam_potts_strip_row(st[k], 1),
                        pg_foam_potts_labels(serial) + (size_t)k * HALF * N,
                        (size_t)HALF * N * sizeof(int32_t));
    }
    CU_ASSERT_TRUE(same);
    /* Something happened: the start is not the result. */
    CU_ASSERT_NOT_EQUAL(memcmp(pg_foam_potts_labels(start),
                               pg_foam_potts_labels(serial),
                               (size_t)N * N * sizeof(int32_t)), 0);
    free(a);
    for (int k = 0; k < 2; k++) pg_foam_potts_destroy(&st[k]);
    pg_foam_potts_destroy(&serial);
    pg_foam_potts_destroy(&start);
    pg_rng_destroy(&r1);
    pg_rng_destroy(&r2);
}

static void test_checkerboard_strips_equal_serial(void)
{
    strips_equal_serial(PG_FOAM_PROPOSAL_STENCIL);
    strips_equal_serial(PG_FOAM_PROPOSAL_NEIGHONLY);
}

/* Random sector passes with halo updates in between keep every strip's
 * bookkeeping, at a temperature where many uphill moves happen. */
static void test_random_passes_keep_bookkeeping(void)
{
    pg_rng *r = NULL;
    pg_foam_potts *start = NULL, *st[2] = {NULL, NULL};
    PG_ASSERT_OK(pg_rng_create(4, 0, PG_RNG_TEST, &r));
    PG_ASSERT_OK(pg_foam_potts_create(N, 400, 2.0, r, &start));
    int32_t a[(HALF + 2) * N];
    for (int k = 0; k < 2; k++) {
        strip_of(pg_foam_potts_labels(start), k, a);
        PG_ASSERT_OK(pg_foam_potts_create_strip(N, HALF, a, 2.0, r, &st[k]));
        pg_foam_potts_set_proposal(st[k], k ? PG_FOAM_PROPOSAL_NEIGHONLY
                                            : PG_FOAM_PROPOSAL_STENCIL);
    }
    long long before = pg_foam_potts_flips(st[0]) + pg_foam_potts_flips(st[1]);
    for (int pass = 0; pass < 40; pass++) {
        int r0 = 1 + (pass & 1) * (HALF / 2);
        for (int k = 0; k < 2; k++)
            pg_foam_potts_strip_random(st[k], r0, r0 + HALF / 2, HALF / 2 * N);
        exchange(st);
        for (int k = 0; k < 2; k++) PG_ASSERT_OK(pg_foam_potts_verify(st[k]));
    }
    CU_ASSERT_TRUE(pg_foam_potts_flips(st[0]) + pg_foam_potts_flips(st[1]) >
                   before + 1000);
    /* Halo rows are never updated by the strip itself. */
    int32_t halo[N];
    memcpy(halo, pg_foam_potts_strip_row(st[0], 0), sizeof halo);
    pg_foam_potts_strip_random(st[0], 0, HALF + 2, (long)(HALF + 2) * N * 4);
    pg_foam_potts_strip_sublattice(st[0], 0);
    CU_ASSERT_EQUAL(memcmp(halo, pg_foam_potts_strip_row(st[0], 0), sizeof halo), 0);
    /* Odd or too few rows are refused. */
    pg_foam_potts *bad = NULL;
    CU_ASSERT_EQUAL(pg_foam_potts_create_strip(N, 3, a, 0.5, r, &bad), PG_ERR_ARG);
    pg_error_clear();
    for (int k = 0; k < 2; k++) pg_foam_potts_destroy(&st[k]);
    pg_foam_potts_destroy(&start);
    pg_rng_destroy(&r);
}

static void test_rows_partition(void)
{
    int y0, rows, next = 0;
    /* 10 rows (5 pairs) on 2 ranks: 6 + 4, contiguous from 0. */
    for (int r = 0; r < 2; r++) {
        PG_ASSERT_OK(pg_foam_decomp_rows(10, 2, r, &y0, &rows));
        CU_ASSERT_EQUAL(y0, next);
        CU_ASSERT_EQUAL(rows, r ? 4 : 6);
        next = y0 + rows;
    }
    CU_ASSERT_EQUAL(next, 10);
    CU_ASSERT_EQUAL(pg_foam_decomp_rows(8, 5, 0, &y0, &rows), PG_ERR_ARG);
    pg_error_clear();
}

/* One process, no MPI: both orders run, keep the bookkeeping, coarsen,
 * and the gathered lattice is the strip's own rows. */
static void test_one_process_decomposition(void)
{
    pg_rng *r = NULL;
    pg_foam_potts *start = NULL;
    PG_ASSERT_OK(pg_rng_create(6, 0, PG_RNG_TEST, &r));
    PG_ASSERT_OK(pg_foam_potts_create(N, BUBBLES, 0.5, r, &start));
    for (int w = 0; w < PG_FOAM_SWEEPS; w++) {
        pg_foam_decomp_opts o = {
            .n = N, .temperature = 0.5, .proposal = (pg_foam_proposal)w,
            .sweep = (pg_foam_sweep)w, .seed = 9, .sequence = 0,
            .slices = PG_FOAM_DECOMP_SLICES};
        pg_foam_decomp *d = NULL;
        PG_ASSERT_OK(pg_foam_decomp_create(&o, MPI_COMM_NULL,
                                           pg_foam_potts_labels(start), &d));
        CU_ASSERT_EQUAL(pg_foam_decomp_nrows(d), N);
        PG_ASSERT_OK(pg_foam_decomp_run(d, 30));
        PG_ASSERT_OK(pg_foam_decomp_verify(d));
        CU_ASSERT_TRUE(pg_foam_decomp_attempts(d) > 0);
        int32_t *all = malloc((size_t)N * N * sizeof *all);
        CU_ASSERT_PTR_NOT_NULL_FATAL(all);
        PG_ASSERT_OK(pg_foam_decomp_gather(d, all));
        CU_ASSERT_EQUAL(memcmp(all, pg_foam_decomp_labels(d),
                               (size_t)N * N * sizeof *all), 0);
        CU_ASSERT_NOT_EQUAL(memcmp(all, pg_foam_potts_labels(start),
                                   (size_t)N * N * sizeof *all), 0);
        free(all);
        pg_foam_decomp_destroy(&d);
    }
    pg_foam_potts_destroy(&start);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_strip");
    PG_TEST(s, test_checkerboard_strips_equal_serial);
    PG_TEST(s, test_random_passes_keep_bookkeeping);
    PG_TEST(s, test_rows_partition);
    PG_TEST(s, test_one_process_decomposition);
}
