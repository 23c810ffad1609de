/* The neighonly proposal rule (SPPARKS potts/neighonly, foam_potts.h):
 * it proposes only ids that an unlike stencil site holds, each distinct id
 * equally likely whatever its multiplicity, accepts by Metropolis, counts
 * N^2 attempted site updates per MCS, keeps the bookkeeping, and leaves
 * the default (stencil) rule untouched. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_potts.h"
#include "runner.h"

enum { N = 8, CX = 3, CY = 3, TRIALS = 20000 };
static const double TEMP = 0.5;

/* An 8 x 8 lattice of id 0 where the stencil of (3, 3) holds id 1 five
 * times, id 2 once and its own id 0 twice: the stencil rule would propose
 * 1 five times as often as 2, neighonly equally often. */
static void crafted(int32_t *s)
{
    for (int i = 0; i < N * N; i++) s[i] = 0;
    /* The stencil of (3, 3): W E N S, NW NE SW SE. */
    s[3 * N + 2] = 1;  /* W */
    s[3 * N + 4] = 1;  /* E */
    s[2 * N + 3] = 1;  /* N */
    s[2 * N + 2] = 1;  /* NW */
    s[2 * N + 4] = 1;  /* NE */
    s[4 * N + 2] = 2;  /* SW; S and SE keep id 0 */
}

static void test_proposes_distinct_ids_uniformly_metropolis(void)
{
    int32_t s[N * N];
    crafted(s);
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
    long count[3] = {0}, accepted[3] = {0}, other = 0;
    for (int k = 0; k < TRIALS; k++) {
        pg_foam_potts *p = NULL;
        PG_ASSERT_OK(pg_foam_potts_create_from(N, s, TEMP, rng, &p));
        int32_t b = -2;
        int de = pg_foam_potts_attempt_neighonly(p, CX, CY, &b);
        int32_t now = pg_foam_potts_labels(p)[CY * N + CX];
        if (b < 1 || b > 2) other++;
        else {
            count[b]++;
            accepted[b] += now == b;
            /* The energy change is the stencil's: ca - cb. */
            if (now == b) CU_ASSERT_EQUAL(de, b == 1 ? 2 - 5 : 2 - 1);
        }
        if (now != b) CU_ASSERT_EQUAL(now, 0);
        pg_foam_potts_destroy(&p);
    }
    CU_ASSERT_EQUAL(other, 0);
    /* Uniform over the 2 distinct ids: 1/2 within 5 sigma (sigma =
     * sqrt(1/4 / TRIALS) = 0.0035); the stencil rule's 1/6 is far out. */
    double f2 = (double)count[2] / TRIALS;
    CU_ASSERT_DOUBLE_EQUAL(f2, 0.5, 5 * sqrt(0.25 / TRIALS));
    /* Downhill (dE = -3) always accepted; uphill dE = +1 with exp(-1/T). */
    CU_ASSERT_EQUAL(accepted[1], count[1]);
    double want = exp(-1 / TEMP), got = (double)accepted[2] / (double)count[2];
    CU_ASSERT_DOUBLE_EQUAL(got, want, 5 * sqrt(want * (1 - want) / (double)count[2]));
    pg_rng_destroy(&rng);
}

/* At T = 0 an uphill proposal is never accepted; an interior site
 * proposes nothing. */
static void test_zero_temperature_and_interior(void)
{
    int32_t s[N * N];
    crafted(s);
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(6, 0, PG_RNG_TEST, &rng));
    long uphill = 0;
    for (int k = 0; k < 2000; k++) {
        pg_foam_potts *p = NULL;
        PG_ASSERT_OK(pg_foam_potts_create_from(N, s, 0.0, rng, &p));
        int32_t b;
        int de = pg_foam_potts_attempt_neighonly(p, CX, CY, &b);
        uphill += de > 0 || pg_foam_potts_labels(p)[CY * N + CX] == 2;
        pg_foam_potts_destroy(&p);
    }
    CU_ASSERT_EQUAL(uphill, 0);
    pg_foam_potts *p = NULL;
    PG_ASSERT_OK(pg_foam_potts_create_from(N, s, TEMP, rng, &p));
    int32_t b = 7;
    CU_ASSERT_EQUAL(pg_foam_potts_attempt_neighonly(p, 7, 7, &b), 0);
    CU_ASSERT_EQUAL(b, -1);
    CU_ASSERT_EQUAL(memcmp(pg_foam_potts_labels(p), s, sizeof s), 0);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

/* On a Voronoi foam at a high temperature: every proposal is an id of an
 * unlike stencil site (never the own id, never an id no neighbour has);
 * every attempt's energy change matches the recomputed total. */
static void test_never_proposes_absent_id(void)
{
    const int n = 32;
    pg_rng *rng = NULL, *pick = NULL;
    pg_foam_potts *p = NULL;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_rng_create(8, 0, PG_RNG_TEST, &pick));
    PG_ASSERT_OK(pg_foam_potts_create(n, 40, 2.0, rng, &p));
    long absent = 0, missed = 0, energy_bad = 0, moved = 0;
    for (int k = 0; k < 20000; k++) {
        int x = (int)pg_rng_uniform_int(pick, n), y = (int)pg_rng_uniform_int(pick, n);
        const int32_t *s = pg_foam_potts_labels(p);
        int32_t own = s[y * n + x];
        int unlike = 0, has = 0, b;
        long e0 = pg_foam_potts_energy_recompute(p);
        int de = pg_foam_potts_attempt_neighonly(p, x, y, &b);
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                if (!dx && !dy) continue;
                int32_t v = s[((y + dy + n) % n) * n + (x + dx + n) % n];
                unlike += v != own;
                has += v == b && v != own;
            }
        if (unlike ? !has : b != -1) absent++;
        if (unlike && b < 0) missed++;
        energy_bad += pg_foam_potts_energy_recompute(p) - e0 != de;
        moved += s[y * n + x] != own;
    }
    CU_ASSERT_EQUAL(absent, 0);
    CU_ASSERT_EQUAL(missed, 0);
    CU_ASSERT_EQUAL(energy_bad, 0);
    CU_ASSERT_TRUE(moved > 100);
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    pg_rng_destroy(&pick);
}

/* Three distinct unlike ids held 3, 2 and 1 times (and the own id twice):
 * each proposed with probability 1/3 (a draw among 3, not a power of two),
 * and an accepted move changes the energy by 2 - c_b. */
static void test_three_candidates_uniform(void)
{
    int32_t s[N * N];
    for (int i = 0; i < N * N; i++) s[i] = 0;
    s[3 * N + 2] = 1; /* W */
    s[3 * N + 4] = 1; /* E */
    s[2 * N + 2] = 1; /* NW */
    s[2 * N + 3] = 2; /* N */
    s[4 * N + 4] = 2; /* SE */
    s[4 * N + 2] = 3; /* SW; S and NE keep id 0 */
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(13, 0, PG_RNG_TEST, &rng));
    long count[4] = {0}, bad_de = 0;
    for (int k = 0; k < TRIALS; k++) {
        pg_foam_potts *p = NULL;
        PG_ASSERT_OK(pg_foam_potts_create_from(N, s, TEMP, rng, &p));
        int32_t b = -2;
        int de = pg_foam_potts_attempt_neighonly(p, CX, CY, &b);
        CU_ASSERT_TRUE(b >= 1 && b <= 3);
        if (b >= 1 && b <= 3) count[b]++;
        if (pg_foam_potts_labels(p)[CY * N + CX] == b)
            bad_de += de != 2 - (4 - b);
        pg_foam_potts_destroy(&p);
    }
    CU_ASSERT_EQUAL(bad_de, 0);
    /* 1/3 each within 5 sigma, sigma = sqrt(2/9 / TRIALS) = 0.0033 (the
     * multiplicity-weighted 1/2 : 1/3 : 1/6 is far out). */
    for (int b = 1; b <= 3; b++)
        CU_ASSERT_DOUBLE_EQUAL((double)count[b] / TRIALS, 1.0 / 3,
                               5 * sqrt(2.0 / 9 / TRIALS));
    pg_rng_destroy(&rng);
}

/* Random order lets the sublattice bitsets go stale (only checkerboard
 * sweeps read them); setting checkerboard order again rebuilds them, so
 * the bookkeeping verifies and checkerboard runs go on exactly. */
static void test_checkerboard_after_random(void)
{
    const int n = 48;
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    PG_ASSERT_OK(pg_rng_create(14, 0, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_foam_potts_create(n, 60, TEMP, rng, &p));
    pg_foam_potts_set_proposal(p, PG_FOAM_PROPOSAL_NEIGHONLY);
    PG_ASSERT_OK(pg_foam_potts_set_sweep(p, PG_FOAM_SWEEP_RANDOM));
    pg_foam_potts_run(p, 30);
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    PG_ASSERT_OK(pg_foam_potts_set_sweep(p, PG_FOAM_SWEEP_CHECKERBOARD));
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    long long before = pg_foam_potts_boundary_attempts(p);
    pg_foam_potts_run(p, 10);
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    CU_ASSERT_TRUE(pg_foam_potts_boundary_attempts(p) > before);
    /* and back: random order again, from the rebuilt state */
    PG_ASSERT_OK(pg_foam_potts_set_sweep(p, PG_FOAM_SWEEP_RANDOM));
    pg_foam_potts_run(p, 10);
    PG_ASSERT_OK(pg_foam_potts_set_sweep(p, PG_FOAM_SWEEP_CHECKERBOARD));
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

/* Runs: N^2 attempted updates per MCS, boundary attempts fewer, the
 * bookkeeping exact, the same seed the same labels, the foam coarsens,
 * and the energy never rises at T = 0. */
static void test_runs(void)
{
    const int n = 64;
    pg_rng *r1 = NULL, *r2 = NULL;
    pg_foam_potts *a = NULL, *b = NULL;
    PG_ASSERT_OK(pg_rng_create(9, 0, PG_RNG_TEST, &r1));
    PG_ASSERT_OK(pg_rng_create(9, 0, PG_RNG_TEST, &r2));
    PG_ASSERT_OK(pg_foam_potts_create(n, 100, TEMP, r1, &a));
    PG_ASSERT_OK(pg_foam_potts_create(n, 100, TEMP, r2, &b));
    pg_foam_potts_set_proposal(a, PG_FOAM_PROPOSAL_NEIGHONLY);
    pg_foam_potts_set_proposal(b, PG_FOAM_PROPOSAL_NEIGHONLY);
    /* Random order (the boundary list, kept through every flip). */
    PG_ASSERT_OK(pg_foam_potts_set_sweep(a, PG_FOAM_SWEEP_RANDOM));
    PG_ASSERT_OK(pg_foam_potts_set_sweep(b, PG_FOAM_SWEEP_RANDOM));
    CU_ASSERT_EQUAL(pg_foam_potts_proposal(a), PG_FOAM_PROPOSAL_NEIGHONLY);
    for (int k = 0; k < 5; k++) {
        pg_foam_potts_run(a, 20);
        PG_ASSERT_OK(pg_foam_potts_verify(a));
    }
    pg_foam_potts_run(b, 100);
    CU_ASSERT_EQUAL(memcmp(pg_foam_potts_labels(a), pg_foam_potts_labels(b),
                           (size_t)n * n * sizeof(int32_t)), 0);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_potts_time(a), 100.0, 0.0);
    CU_ASSERT_EQUAL(pg_foam_potts_site_attempts(a), 100LL * n * n);
    CU_ASSERT_TRUE(pg_foam_potts_boundary_attempts(a) > 0);
    CU_ASSERT_TRUE(pg_foam_potts_boundary_attempts(a) < 100LL * n * n);
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(n, n, &d));
    pg_foam_diag_analyze(d, pg_foam_potts_labels(a));
    CU_ASSERT_TRUE(pg_foam_diag_count(d) < 100);
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&a);
    pg_foam_potts_destroy(&b);
    pg_rng_destroy(&r1);
    pg_rng_destroy(&r2);

    pg_rng *r0 = NULL;
    pg_foam_potts *z = NULL;
    PG_ASSERT_OK(pg_rng_create(10, 0, PG_RNG_TEST, &r0));
    PG_ASSERT_OK(pg_foam_potts_create(48, 80, 0.0, r0, &z));
    pg_foam_potts_set_proposal(z, PG_FOAM_PROPOSAL_NEIGHONLY);
    PG_ASSERT_OK(pg_foam_potts_set_sweep(z, PG_FOAM_SWEEP_RANDOM));
    long e = pg_foam_potts_energy(z), rises = 0;
    for (int k = 0; k < 100; k++) {
        pg_foam_potts_run(z, 1);
        rises += pg_foam_potts_energy(z) > e;
        e = pg_foam_potts_energy(z);
    }
    CU_ASSERT_EQUAL(rises, 0);
    PG_ASSERT_OK(pg_foam_potts_verify(z));
    pg_foam_potts_destroy(&z);
    pg_rng_destroy(&r0);
}

/* Choosing the stencil rule explicitly is the default run, bit for bit;
 * the neighonly rule gives another run. */
static void test_default_rule_unchanged(void)
{
    const int n = 64;
    pg_rng *r[3] = {NULL, NULL, NULL};
    pg_foam_potts *p[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r[k]));
        PG_ASSERT_OK(pg_foam_potts_create(n, 60, TEMP, r[k], &p[k]));
    }
    CU_ASSERT_EQUAL(pg_foam_potts_proposal(p[0]), PG_FOAM_PROPOSAL_STENCIL);
    pg_foam_potts_set_proposal(p[1], PG_FOAM_PROPOSAL_STENCIL);
    pg_foam_potts_set_proposal(p[2], PG_FOAM_PROPOSAL_NEIGHONLY);
    for (int k = 0; k < 3; k++) pg_foam_potts_run(p[k], 50);
    size_t bytes = (size_t)n * n * sizeof(int32_t);
    CU_ASSERT_EQUAL(memcmp(pg_foam_potts_labels(p[0]), pg_foam_potts_labels(p[1]), bytes), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(pg_foam_potts_labels(p[0]), pg_foam_potts_labels(p[2]), bytes), 0);
    for (int k = 0; k < 3; k++) {
        pg_foam_potts_destroy(&p[k]);
        pg_rng_destroy(&r[k]);
    }
}

/* Random order must visit sites as N^2 uniform draws per MCS would, in
 * both of its ways: skipping interior draws by a geometric count and a
 * uniform member of the boundary list (boundary fraction below the
 * threshold), or drawing every site. On horizontal stripes at T = 0
 * nothing ever flips (a site beside a flat interface has dE = 5 - 3 =
 * +2), so the boundary set is fixed: B sites of N^2, q = B / N^2. Then per
 * MCS the boundary attempts are Binomial(N^2, q) (mean B, variance
 * B (1 - q)), and over M MCS each boundary site is visited Poisson(M)-many
 * times, interior sites never. A gap off by one (or off by 2 % in scale),
 * a member draw that misses an end of the list, or a count that does not
 * restart properly at each MCS fails one of these 5-sigma checks. */
static void check_visits_on_stripes(const int *starts, int stripes)
{
    enum { S = 64, M = 400 };
    int32_t s[S * S];
    for (int y = 0; y < S; y++) {
        int id = 0;
        for (int k = 0; k < stripes; k++) id = y >= starts[k] ? k : id;
        for (int x = 0; x < S; x++) s[y * S + x] = id;
    }
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    static uint32_t visits[S * S];
    memset(visits, 0, sizeof visits);
    PG_ASSERT_OK(pg_rng_create(12, (uint64_t)stripes, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_foam_potts_create_from(S, s, 0.0, rng, &p));
    pg_foam_potts_set_proposal(p, PG_FOAM_PROPOSAL_NEIGHONLY);
    PG_ASSERT_OK(pg_foam_potts_set_sweep(p, PG_FOAM_SWEEP_RANDOM));
    pg_foam_potts_count_visits(p, visits);
    const long b = pg_foam_potts_boundary_count(p);
    CU_ASSERT_EQUAL(b, 2L * stripes * S);
    const double q = (double)b / (S * S);
    double sum = 0, sum2 = 0;
    long long before = 0;
    for (int m = 0; m < M; m++) {
        pg_foam_potts_run(p, 1);
        long long now = pg_foam_potts_boundary_attempts(p);
        double c = (double)(now - before);
        before = now;
        sum += c;
        sum2 += c * c;
    }
    CU_ASSERT_EQUAL(memcmp(pg_foam_potts_labels(p), s, sizeof s), 0);
    CU_ASSERT_EQUAL(pg_foam_potts_site_attempts(p), (long long)M * S * S);
    /* Boundary attempts per MCS: binomial mean and variance. */
    double mean = sum / M, var = (sum2 - sum * sum / M) / (M - 1);
    double want_var = (double)b * (1 - q);
    CU_ASSERT_DOUBLE_EQUAL(mean, (double)b, 5 * sqrt(want_var / M));
    /* The sample variance of M draws has s.d. ~ var sqrt(2 / (M - 1)). */
    CU_ASSERT_DOUBLE_EQUAL(var, want_var, 5 * want_var * sqrt(2.0 / (M - 1)));
    /* Per site: interior never; boundary sites each ~Poisson(M), so the
     * Pearson statistic over the B sites is ~chi^2(B): mean B, s.d.
     * sqrt(2 B). */
    long interior_visited = 0, never = 0;
    double chi2 = 0;
    for (int i = 0; i < S * S; i++) {
        int y = i / S, boundary = 0;
        for (int k = 0; k < stripes; k++)
            boundary |= y == starts[k] || y == (starts[k] + S - 1) % S;
        if (!boundary) {
            interior_visited += visits[i] != 0;
            continue;
        }
        never += visits[i] == 0;
        double d = (double)visits[i] - M;
        chi2 += d * d / M;
    }
    CU_ASSERT_EQUAL(interior_visited, 0);
    CU_ASSERT_EQUAL(never, 0);
    CU_ASSERT_DOUBLE_EQUAL(chi2, (double)b, 5 * sqrt(2.0 * (double)b));
    PG_ASSERT_OK(pg_foam_potts_verify(p));
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

static void test_random_order_visits_uniform(void)
{
    /* 4 stripes of 10, 6, 24 and 24 rows: q = 1/8, the skipping way. */
    static const int sparse[] = {0, 10, 16, 40};
    check_visits_on_stripes(sparse, 4);
    /* 16 stripes of 4 rows: q = 1/2, every site drawn. */
    int dense[16];
    for (int k = 0; k < 16; k++) dense[k] = 4 * k;
    check_visits_on_stripes(dense, 16);
}

static void test_names(void)
{
    pg_foam_proposal q;
    PG_ASSERT_OK(pg_foam_proposal_parse("neighonly", &q));
    CU_ASSERT_EQUAL(q, PG_FOAM_PROPOSAL_NEIGHONLY);
    PG_ASSERT_OK(pg_foam_proposal_parse("stencil", &q));
    CU_ASSERT_EQUAL(q, PG_FOAM_PROPOSAL_STENCIL);
    CU_ASSERT_EQUAL(pg_foam_proposal_parse("neigh", &q), PG_ERR_ARG);
    pg_error_clear();
    char buf[256];
    pg_foam_simulator_describe(PG_FOAM_PROPOSAL_STENCIL,
                               PG_FOAM_SWEEP_CHECKERBOARD, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, PG_FOAM_SIMULATOR_NAME);
    pg_foam_simulator_describe(PG_FOAM_PROPOSAL_NEIGHONLY, PG_FOAM_SWEEP_RANDOM,
                               buf, sizeof buf);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "neighonly"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "random-order"));
    pg_foam_sweep w;
    PG_ASSERT_OK(pg_foam_sweep_parse("random", &w));
    CU_ASSERT_EQUAL(w, PG_FOAM_SWEEP_RANDOM);
    CU_ASSERT_EQUAL(pg_foam_sweep_parse("raster", &w), PG_ERR_ARG);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_neighonly");
    PG_TEST(s, test_proposes_distinct_ids_uniformly_metropolis);
    PG_TEST(s, test_zero_temperature_and_interior);
    PG_TEST(s, test_never_proposes_absent_id);
    PG_TEST(s, test_three_candidates_uniform);
    PG_TEST(s, test_runs);
    PG_TEST(s, test_checkerboard_after_random);
    PG_TEST(s, test_default_rule_unchanged);
    PG_TEST(s, test_random_order_visits_uniform);
    PG_TEST(s, test_names);
}
