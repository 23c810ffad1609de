/* pg_op_gumbel_assign (ops.h): the forward is a one-hot table holding
 * exactly the given multiset, at the minimum total cost (brute force over
 * every permutation); the backward is the straight-through gradient of
 * the soft sample softmax(x / tau), checked against central differences
 * of sum(softmax(x / tau) * R) in double; with noise it equals
 * gumbel_softmax's soft backward drawn from the same stream; build
 * errors name the op. */
#include <math.h>
#include <string.h>

#include "nn/ops.h"
#include "runner.h"

enum { N = 3, C = 4, A = 6 };

typedef struct fixture {
    pg_graph *g;
    pg_rng *rng, *data;
    int x, f, y;
} fixture;

/* Class shares of the three samples' multisets (counts / A): one with
 * empty slots (class 0), one full, one with a repeated class. */
static const int COUNTS[N][C] = {{2, 1, 2, 1}, {0, 3, 2, 1}, {1, 0, 0, 5}};

static void setup(fixture *f, float tau, uint64_t seed)
{
    PG_ASSERT_OK(pg_graph_create(NULL, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_DROPOUT, &f->rng));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->data));
    pg_graph_set_rng(f->g, f->rng);
    f->x = pg_op_input(f->g, 3, (int[]){N, C, A});
    f->f = pg_op_input(f->g, 2, (int[]){N, C});
    f->y = pg_op_gumbel_assign(f->g, f->x, f->f, tau);
    pg_graph_set_requires_grad(f->g, f->f, 0);
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    pg_tensor *x = pg_graph_out(f->g, f->x);
    pg_rng_fill_gaussian(f->data, x->data, x->size, 1.5);
    float *sh = pg_graph_data(f->g, f->f);
    for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) sh[i * C + c] = COUNTS[i][c] / (float)A;
}

static void teardown(fixture *f)
{
    pg_graph_destroy(&f->g);
    pg_rng_destroy(&f->rng);
    pg_rng_destroy(&f->data);
}

/* -log softmax(x / tau)[c] at slot a of sample i, in double. */
static double nll(const float *x, int i, int c, int a, double tau)
{
    double mx = -INFINITY, s = 0;
    for (int k = 0; k < C; k++) mx = fmax(mx, x[(i * C + k) * A + a] / tau);
    for (int k = 0; k < C; k++) s += exp(x[(i * C + k) * A + a] / tau - mx);
    return mx + log(s) - x[(i * C + c) * A + a] / tau;
}

/* The least total cost over every way to put the multiset into the slots:
 * labels permuted over the slots (A! orders, duplicates included). */
static double brute(const float *x, int i, double tau)
{
    int lab[A], k = 0, perm[A];
    for (int c = 0; c < C; c++)
        for (int m = 0; m < COUNTS[i][c]; m++) lab[k++] = c;
    for (int a = 0; a < A; a++) perm[a] = a;
    double best = INFINITY;
    for (;;) {
        double v = 0;
        for (int j = 0; j < A; j++) v += nll(x, i, lab[j], perm[j], tau);
        best = fmin(best, v);
        /* next permutation (lexicographic) */
        int p = A - 2;
        while (p >= 0 && perm[p] > perm[p + 1]) p--;
        if (p < 0) break;
        int q = A - 1;
        while (perm[q] < perm[p]) q--;
        int t = perm[p];
        perm[p] = perm[q];
        perm[q] = t;
        for (int l = p + 1, r = A - 1; l < r; l++, r--) {
            t = perm[l];
            perm[l] = perm[r];
            perm[r] = t;
        }
    }
    return best;
}

static void test_forward_is_the_optimal_multiset(void)
{
    const float tau = 0.7f;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        fixture f;
        setup(&f, tau, seed);
        pg_graph_set_training(f.g, 0, 0);   /* no noise */
        PG_ASSERT_OK(pg_graph_forward(f.g));
        const float *y = pg_graph_data(f.g, f.y);
        const float *x = pg_graph_data(f.g, f.x);
        for (int i = 0; i < N; i++) {
            int count[C] = {0};
            double cost = 0;
            for (int a = 0; a < A; a++) {
                int ones = 0;
                for (int c = 0; c < C; c++) {
                    float v = y[(i * C + c) * A + a];
                    CU_ASSERT(v == 0.0f || v == 1.0f);
                    if (v == 1.0f) {
                        ones++;
                        count[c]++;
                        cost += nll(x, i, c, a, tau);
                    }
                }
                CU_ASSERT_EQUAL(ones, 1);
            }
            for (int c = 0; c < C; c++) CU_ASSERT_EQUAL(count[c], COUNTS[i][c]);
            CU_ASSERT_DOUBLE_EQUAL(cost, brute(x, i, tau), 1e-4);
        }
        teardown(&f);
    }
}

/* Straight-through: backward from R equals d/dx sum(softmax(x/tau) R),
 * by central differences in double. */
static void test_backward_against_differences(void)
{
    const double tau = 0.8, h = 1e-4;
    fixture f;
    setup(&f, (float)tau, 7);
    pg_graph_set_training(f.g, 0, 0);
    float r[N * C * A];
    for (int i = 0; i < N * C * A; i++) r[i] = (float)sin(0.3 + 1.7 * i);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    pg_graph_zero_grads(f.g);
    memcpy(pg_graph_gradv(f.g, f.y), r, sizeof r);
    PG_ASSERT_OK(pg_graph_backward(f.g));
    const float *dx = pg_graph_gradv(f.g, f.x);
    double x[N * C * A], norm = 0;
    const float *xf = pg_graph_data(f.g, f.x);
    for (int i = 0; i < N * C * A; i++) x[i] = xf[i];
    for (int e = 0; e < N * C * A; e++) {
        double v[2];
        for (int sgn = 0; sgn < 2; sgn++) {
            double xs[N * C * A];
            memcpy(xs, x, sizeof xs);
            xs[e] += sgn ? -h : h;
            double L = 0;
            for (int i = 0; i < N; i++)
                for (int a = 0; a < A; a++) {
                    double mx = -INFINITY, s = 0;
                    for (int c = 0; c < C; c++)
                        mx = fmax(mx, xs[(i * C + c) * A + a] / tau);
                    for (int c = 0; c < C; c++)
                        s += exp(xs[(i * C + c) * A + a] / tau - mx);
                    for (int c = 0; c < C; c++)
                        L += exp(xs[(i * C + c) * A + a] / tau - mx) / s *
                             r[(i * C + c) * A + a];
                }
            v[sgn] = L;
        }
        double fd = (v[0] - v[1]) / (2 * h);
        CU_ASSERT_DOUBLE_EQUAL(dx[e], fd, 1e-4 + 1e-3 * fabs(fd));
        norm += fabs(fd);
    }
    CU_ASSERT(norm > 1e-2);   /* not a comparison of zeros */
    teardown(&f);
}

/* In training mode the soft sample is gumbel_softmax's with the same
 * noise stream: equal backward; and the noise changes the assignment's
 * costs, so some draw differs from the noise-free table. */
static void test_noise_matches_gumbel_softmax(void)
{
    const float tau = 0.9f;
    fixture f;
    setup(&f, tau, 11);
    pg_graph *g2;
    pg_rng *rng2, *data2;
    PG_ASSERT_OK(pg_graph_create(NULL, &g2));
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_DROPOUT, &rng2));
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &data2));
    pg_graph_set_rng(g2, rng2);
    int x2 = pg_op_input(g2, 3, (int[]){N, C, A});
    int y2 = pg_op_gumbel_softmax(g2, x2, tau, 0);
    PG_ASSERT_OK(pg_graph_finalize(g2));
    memcpy(pg_graph_data(g2, x2), pg_graph_data(f.g, f.x),
           N * C * A * sizeof(float));
    float r[N * C * A];
    for (int i = 0; i < N * C * A; i++) r[i] = (float)cos(0.5 + 2.3 * i);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    PG_ASSERT_OK(pg_graph_forward(g2));
    pg_graph_zero_grads(f.g);
    pg_graph_zero_grads(g2);
    memcpy(pg_graph_gradv(f.g, f.y), r, sizeof r);
    memcpy(pg_graph_gradv(g2, y2), r, sizeof r);
    PG_ASSERT_OK(pg_graph_backward(f.g));
    PG_ASSERT_OK(pg_graph_backward(g2));
    const float *d1 = pg_graph_gradv(f.g, f.x), *d2 = pg_graph_gradv(g2, x2);
    for (int i = 0; i < N * C * A; i++)
        CU_ASSERT_DOUBLE_EQUAL(d1[i], d2[i], 1e-6);
    /* several noisy draws: the tables are not all the noise-free one */
    float clean[N * C * A];
    pg_graph_set_training(f.g, 0, 0);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    memcpy(clean, pg_graph_data(f.g, f.y), sizeof clean);
    pg_graph_set_training(f.g, 1, 0);
    int differ = 0;
    for (int k = 0; k < 10; k++) {
        PG_ASSERT_OK(pg_graph_forward(f.g));
        differ += memcmp(clean, pg_graph_data(f.g, f.y), sizeof clean) != 0;
    }
    CU_ASSERT(differ > 0);
    pg_graph_destroy(&g2);
    pg_rng_destroy(&rng2);
    pg_rng_destroy(&data2);
    teardown(&f);
}

static void expect_error(pg_graph *g, int id, pg_status want, const char *who)
{
    CU_ASSERT_EQUAL(id, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), who));
    CU_ASSERT_EQUAL(pg_graph_finalize(g), want);
    pg_error_clear();
}

static void test_build_errors(void)
{
    for (int k = 0; k < 3; k++) {
        pg_graph *g;
        pg_rng *rng;
        PG_ASSERT_OK(pg_graph_create(NULL, &g));
        PG_ASSERT_OK(pg_rng_create(1, 0, PG_RNG_DROPOUT, &rng));
        pg_graph_set_rng(g, rng);
        int x = pg_op_input(g, 3, (int[]){2, 3, 4});
        int f = pg_op_input(g, 2, (int[]){2, k == 0 ? 4 : 3});
        if (k == 0)
            expect_error(g, pg_op_gumbel_assign(g, x, f, 1.0f), PG_ERR_SHAPE,
                         "gumbel_assign");
        if (k == 1)
            expect_error(g, pg_op_gumbel_assign(g, x, f, 0.0f), PG_ERR_ARG,
                         "tau");
        if (k == 2) {
            pg_graph_set_rng(g, NULL);
            expect_error(g, pg_op_gumbel_assign(g, x, f, 1.0f), PG_ERR_STATE,
                         "pg_graph_set_rng");
        }
        pg_graph_destroy(&g);
        pg_rng_destroy(&rng);
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_gumbel_assign");
    PG_TEST(s, test_forward_is_the_optimal_multiset);
    PG_TEST(s, test_backward_against_differences);
    PG_TEST(s, test_noise_matches_gumbel_softmax);
    PG_TEST(s, test_build_errors);
}
