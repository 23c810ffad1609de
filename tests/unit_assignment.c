/* Minimum-cost assignment (base/assignment.h) against brute force over
 * every permutation, on random matrices n = 1..7 (continuous costs and
 * small integer costs, which have ties), and on a 40 x 40 matrix whose
 * optimum is known (a permuted diagonal of zeros in positive costs). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/assignment.h"
#include "base/rng.h"
#include "runner.h"

enum { NMAX = 40 };

/* The smallest sum over permutations of 0..n-1 (Heap's algorithm). */
static double brute(const double *c, int n)
{
    int perm[8], cnt[8] = {0};
    for (int i = 0; i < n; i++) perm[i] = i;
    double best = INFINITY;
    for (int k = 0;;) {
        double s = 0;
        for (int i = 0; i < n; i++) s += c[i * n + perm[i]];
        if (s < best) best = s;
        while (k < n && cnt[k] >= k) cnt[k++] = 0;
        if (k >= n) break;
        int j = k % 2 ? cnt[k] : 0, t = perm[j];
        perm[j] = perm[k];
        perm[k] = t;
        cnt[k]++;
        k = 0;
    }
    return best;
}

static int is_permutation(const int *col, int n)
{
    int seen[NMAX] = {0};
    for (int i = 0; i < n; i++) {
        if (col[i] < 0 || col[i] >= n || seen[col[i]]) return 0;
        seen[col[i]] = 1;
    }
    return 1;
}

static void test_against_brute_force(void)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_INIT, &r));
    double c[NMAX * NMAX], w[3 * (NMAX + 1)];
    int col[NMAX], iw[3 * (NMAX + 1)], fails = 0;
    for (int trial = 0; trial < 300; trial++) {
        int n = 1 + trial % 7, ints = trial % 2;
        for (int i = 0; i < n * n; i++) {
            double x = pg_rng_uniform(r);
            c[i] = ints ? floor(4 * x) : 10 * x - 3;
        }
        double got = pg_assign_min_cost(c, n, col, w, iw);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += c[i * n + col[i]];
        if (!is_permutation(col, n) || fabs(got - brute(c, n)) > 1e-9 ||
            fabs(sum - got) > 1e-9)
            fails++;
    }
    CU_ASSERT_EQUAL(fails, 0);
    pg_rng_destroy(&r);
}

static void test_known_optimum_40(void)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_INIT, &r));
    double c[NMAX * NMAX], w[3 * (NMAX + 1)];
    int col[NMAX], iw[3 * (NMAX + 1)], target[NMAX];
    for (int i = 0; i < NMAX; i++) target[i] = i;
    for (int i = NMAX - 1; i > 0; i--) {   /* a random permutation */
        int j = (int)pg_rng_uniform_int(r, (unsigned long)(i + 1)), t = target[i];
        target[i] = target[j];
        target[j] = t;
    }
    for (int i = 0; i < NMAX; i++)
        for (int j = 0; j < NMAX; j++)
            c[i * NMAX + j] = j == target[i] ? 0 : 0.5 + pg_rng_uniform(r);
    CU_ASSERT_DOUBLE_EQUAL(pg_assign_min_cost(c, NMAX, col, w, iw), 0, 0);
    CU_ASSERT_EQUAL(memcmp(col, target, sizeof col), 0);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_assignment");
    PG_TEST(s, test_against_brute_force);
    PG_TEST(s, test_known_optimum_40);
}
