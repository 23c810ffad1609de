/* Potts foam simulator: Voronoi start, energy and boundary bookkeeping,
 * T = 0 monotonicity, reproducibility, time accounting, coarsening. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_potts.h"
#include "runner.h"

static pg_foam_potts *make(int n, int bubbles, double temp, uint64_t seed,
                           pg_rng **rng)
{
    pg_foam_potts *p = NULL;
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, rng));
    PG_ASSERT_OK(pg_foam_potts_create(n, bubbles, temp, *rng, &p));
    return p;
}

/* Exactly B ids, each one 4-connected component, ids 0..B-1. */
static void check_voronoi(int n, int b, uint64_t seed)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = make(n, b, 0.5, seed, &rng);
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(n, n, &d));
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), b);
    CU_ASSERT_EQUAL(pg_foam_diag_split_ids(d), 0);
    int *seen = calloc((size_t)b, sizeof *seen), bad = 0;
    const int32_t *ids = pg_foam_diag_ids(d);
    for (int c = 0; c < pg_foam_diag_count(d); c++) {
        if (ids[c] < 0 || ids[c] >= b || seen[ids[c]]++) bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_potts_time(p), 0.0, 0.0);
    free(seen);
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&p);
    CU_ASSERT_PTR_NULL(p);
    pg_rng_destroy(&rng);
}

static void test_voronoi_ids_connected(void)
{
    check_voronoi(64, 40, 1);
    check_voronoi(64, 40, 2);
    check_voronoi(96, 300, 3);
    check_voronoi(32, 256, 4);  /* tiny cells: digital fragments likely */
    check_voronoi(16, 256, 5);  /* every site its own bubble */
    check_voronoi(16, 1, 6);    /* one bubble fills the torus */
}

static void test_bad_arguments(void)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    PG_ASSERT_OK(pg_rng_create(1, 0, PG_RNG_TEST, &rng));
    CU_ASSERT_EQUAL(pg_foam_potts_create(15, 4, 0.5, rng, &p), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_potts_create(16, 0, 0.5, rng, &p), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_potts_create(16, 257, 0.5, rng, &p), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_potts_create(16, 4, -1, rng, &p), PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    pg_error_clear();
    pg_rng_destroy(&rng);
}

/* Every attempt's energy change equals the change of the recomputed
 * total, at random sites (interior ones included). */
static void test_delta_energy_matches_recompute(void)
{
    pg_rng *rng = NULL, *pick = NULL;
    pg_foam_potts *p = make(16, 12, 1.0, 7, &rng);
    PG_ASSERT_OK(pg_rng_create(8, 0, PG_RNG_TEST, &pick));
    long e = pg_foam_potts_energy_recompute(p), mismatches = 0, moved = 0;
    CU_ASSERT_EQUAL(e, pg_foam_potts_energy(p));
    for (int k = 0; k < 20000; k++) {
        int x = (int)pg_rng_uniform_int(pick, 16), y = (int)pg_rng_uniform_int(pick, 16);
        int de = pg_foam_potts_attempt(p, x, y);
        long e2 = pg_foam_potts_energy_recompute(p);
        mismatches += e2 != e + de;
        moved += e2 != e;
        e = e2;
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_TRUE(moved > 100); /* the check saw real flips */
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    pg_rng_destroy(&pick);
}

/* After many sweeps the incremental energy, unlike counts and boundary
 * lists equal a brute-force recomputation. */
static void test_bookkeeping_after_sweeps(void)
{
    const double temps[] = {0.0, 0.5, 2.0};
    for (int t = 0; t < 3; t++) {
        pg_rng *rng = NULL;
        pg_foam_potts *p = make(48, 60, temps[t], 11 + (uint64_t)t, &rng);
        for (int k = 0; k < 10; k++) {
            pg_foam_potts_run(p, 20);
            PG_ASSERT_OK(pg_foam_potts_verify(p));
        }
        CU_ASSERT_TRUE(pg_foam_potts_flips(p) > 0);
        pg_foam_potts_destroy(&p);
        pg_rng_destroy(&rng);
    }
}

static void test_zero_temperature_never_raises_energy(void)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = make(48, 80, 0.0, 21, &rng);
    long e = pg_foam_potts_energy(p), rises = 0;
    long e0 = e;
    for (int k = 0; k < 200; k++) {
        pg_foam_potts_run(p, 1);
        long e2 = pg_foam_potts_energy(p);
        rises += e2 > e;
        e = e2;
    }
    CU_ASSERT_EQUAL(rises, 0);
    CU_ASSERT_TRUE(e < e0);
    CU_ASSERT_EQUAL(e, pg_foam_potts_energy_recompute(p));
    /* Single attempts anywhere never go uphill either. */
    int uphill = 0;
    for (int y = 0; y < 48; y++)
        for (int x = 0; x < 48; x++) uphill += pg_foam_potts_attempt(p, x, y) > 0;
    CU_ASSERT_EQUAL(uphill, 0);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

/* At a finite temperature uphill moves do happen (the threshold works). */
static void test_finite_temperature_goes_uphill(void)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = make(48, 80, 2.0, 22, &rng);
    long rises = 0;
    for (int k = 0; k < 2000; k++) {
        int x = k % 48, y = (k / 48) % 48;
        rises += pg_foam_potts_attempt(p, x, y) > 0;
    }
    CU_ASSERT_TRUE(rises > 0);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

static void test_same_seed_same_run(void)
{
    pg_rng *r1 = NULL, *r2 = NULL, *r3 = NULL;
    pg_foam_potts *a = make(64, 50, 0.5, 31, &r1);
    pg_foam_potts *b = make(64, 50, 0.5, 31, &r2);
    pg_foam_potts *c = make(64, 50, 0.5, 32, &r3);
    pg_foam_potts_run(a, 60);
    pg_foam_potts_run(b, 60);
    pg_foam_potts_run(c, 60);
    size_t bytes = 64 * 64 * sizeof(int32_t);
    CU_ASSERT_EQUAL(memcmp(pg_foam_potts_labels(a), pg_foam_potts_labels(b), bytes), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(pg_foam_potts_labels(a), pg_foam_potts_labels(c), bytes), 0);
    CU_ASSERT_EQUAL(pg_foam_potts_energy(a), pg_foam_potts_energy(b));
    pg_foam_potts_destroy(&a);
    pg_foam_potts_destroy(&b);
    pg_foam_potts_destroy(&c);
    pg_rng_destroy(&r1);
    pg_rng_destroy(&r2);
    pg_rng_destroy(&r3);
}

/* One MCS = n^2 attempted site updates, whatever the boundary size; the
 * skipped interior attempts are no-ops; boundary attempts are the sites
 * actually visited, at most n^2 per MCS. */
static void test_time_accounting(void)
{
    pg_rng *rng = NULL;
    const int n = 64;
    pg_foam_potts *p = make(n, 30, 0.5, 41, &rng);
    long b0 = pg_foam_potts_boundary_count(p);
    CU_ASSERT_TRUE(b0 > 0 && b0 < (long)n * n);
    pg_foam_potts_run(p, 1);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_potts_time(p), 1.0, 0.0);
    CU_ASSERT_EQUAL(pg_foam_potts_site_attempts(p), (long long)n * n);
    long long ba = pg_foam_potts_boundary_attempts(p);
    CU_ASSERT_TRUE(ba > 0 && ba < (long long)n * n);
    pg_foam_potts_run(p, 9);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_potts_time(p), 10.0, 0.0);
    CU_ASSERT_EQUAL(pg_foam_potts_site_attempts(p), 10LL * n * n);
    CU_ASSERT_TRUE(pg_foam_potts_boundary_attempts(p) <= 10LL * n * n);
    /* Interior sites: an attempt proposes the site's own id: nothing moves. */
    int32_t *before = malloc((size_t)n * n * sizeof *before);
    memcpy(before, pg_foam_potts_labels(p), (size_t)n * n * sizeof *before);
    long e = pg_foam_potts_energy(p);
    int interior = 0, changed = 0;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            const int32_t *s = pg_foam_potts_labels(p);
            int all = 1;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    all &= s[((y + dy + n) % n) * n + (x + dx + n) % n] == s[y * n + x];
            if (!all) continue;
            interior++;
            for (int k = 0; k < 8; k++) changed += pg_foam_potts_attempt(p, x, y) != 0;
        }
    CU_ASSERT_TRUE(interior > 0);
    CU_ASSERT_EQUAL(changed, 0);
    CU_ASSERT_EQUAL(memcmp(before, pg_foam_potts_labels(p), (size_t)n * n * sizeof *before), 0);
    CU_ASSERT_EQUAL(pg_foam_potts_energy(p), e);
    free(before);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

/* A plain reference of the documented dynamics: every site of each
 * sublattice in raster order, interior sites (checked by brute force at
 * their turn) skipped without a draw, then the Metropolis rule. Starting
 * from the same labels and generator state it must give the simulator's
 * labels exactly: the bitset sweep visits the same sites in the same order
 * and draws the same numbers. */
static void reference_sweeps(int32_t *s, int n, double temp, gsl_rng *g,
                             long mcs)
{
    for (long m = 0; m < mcs; m++) {
        int first = (int)(gsl_rng_get(g) & 3);
        for (int q = 0; q < 4; q++) {
            int c = first ^ q;
            for (int y = c >> 1; y < n; y += 2)
                for (int x = c & 1; x < n; x += 2) {
                    int xl = (x + n - 1) % n, xr = (x + 1) % n;
                    int yu = (y + n - 1) % n, yd = (y + 1) % n;
                    int nb[8] = {y * n + xl, y * n + xr, yu * n + x, yd * n + x,
                                 yu * n + xl, yu * n + xr, yd * n + xl, yd * n + xr};
                    int32_t a = s[y * n + x];
                    int interior = 1;
                    for (int k = 0; k < 8; k++) interior &= s[nb[k]] == a;
                    if (interior) continue;
                    uint32_t r = (uint32_t)gsl_rng_get(g);
                    int32_t b = s[nb[r & 7]];
                    if (b == a) continue;
                    int ca = 0, cb = 0;
                    for (int k = 0; k < 8; k++) ca += s[nb[k]] == a, cb += s[nb[k]] == b;
                    int de = ca - cb;
                    uint32_t th = temp > 0 ? (uint32_t)(exp(-de / temp) * (double)(1u << 29)) : 0;
                    if (de > 0 && (r >> 3) >= th) continue;
                    s[y * n + x] = b;
                }
        }
    }
}

static void test_matches_plain_reference_sweeps(void)
{
    const double temps[] = {0.0, 0.7};
    for (int t = 0; t < 2; t++) {
        const int n = 40;
        pg_rng *r1 = NULL, *r2 = NULL;
        pg_foam_potts *p = make(n, 50, temps[t], 61, &r1);
        pg_foam_potts *twin = make(n, 50, temps[t], 61, &r2); /* r2 after the start */
        int32_t *ref = malloc((size_t)n * n * sizeof *ref);
        memcpy(ref, pg_foam_potts_labels(twin), (size_t)n * n * sizeof *ref);
        pg_foam_potts_run(p, 30);
        reference_sweeps(ref, n, temps[t], pg_rng_gsl(r2), 30);
        CU_ASSERT_EQUAL(memcmp(ref, pg_foam_potts_labels(p), (size_t)n * n * sizeof *ref), 0);
        CU_ASSERT_TRUE(pg_foam_potts_flips(p) > 0);
        free(ref);
        pg_foam_potts_destroy(&p);
        pg_foam_potts_destroy(&twin);
        pg_rng_destroy(&r1);
        pg_rng_destroy(&r2);
    }
}

static void test_coarsening(void)
{
    pg_rng *rng = NULL;
    const int n = 64;
    pg_foam_potts *p = make(n, 120, 0.5, 51, &rng);
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(n, n, &d));
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    int c0 = pg_foam_diag_count(d);
    double a0 = pg_foam_diag_mean_area(d);
    long e0 = pg_foam_potts_energy(p);
    pg_foam_potts_run(p, 300);
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    CU_ASSERT_EQUAL(c0, 120);
    CU_ASSERT_TRUE(pg_foam_diag_count(d) < c0 * 3 / 4);
    CU_ASSERT_TRUE(pg_foam_diag_mean_area(d) > a0 * 4 / 3);
    CU_ASSERT_TRUE(pg_foam_potts_energy(p) < e0);
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_potts");
    PG_TEST(s, test_voronoi_ids_connected);
    PG_TEST(s, test_bad_arguments);
    PG_TEST(s, test_delta_energy_matches_recompute);
    PG_TEST(s, test_bookkeeping_after_sweeps);
    PG_TEST(s, test_zero_temperature_never_raises_energy);
    PG_TEST(s, test_finite_temperature_goes_uphill);
    PG_TEST(s, test_same_seed_same_run);
    PG_TEST(s, test_time_accounting);
    PG_TEST(s, test_matches_plain_reference_sweeps);
    PG_TEST(s, test_coarsening);
}
