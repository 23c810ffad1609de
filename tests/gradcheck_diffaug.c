/* Differentiable augmentation (nn/diffaug.h): the gradient of each op
 * (flips, translation with zero and with reflection padding, cutout) and
 * of their composition against central differences of sum(R * T(x));
 * forward values against a direct reference (flip the array, pad and
 * shift it, zero the square) for every drawn transform; a hand-computed
 * example; the draws' ranges; the list parser's errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/diffaug.h"
#include "runner.h"

enum { N = 3, C = 2, H = 7, W = 9 };

typedef struct lin_ctx {
    pg_diffaug *a;
    const float *r; /* fixed weights R */
    float *y, *dy;
} lin_ctx;

/* sum(R * T(x)) and its gradient T^T R. */
static double lin_loss(void *ctx, const float *x, float *grad)
{
    lin_ctx *c = ctx;
    size_t len = (size_t)N * C * H * W;
    pg_diffaug_forward(c->a, x, c->y);
    double s = 0;
    for (size_t k = 0; k < len; k++) s += (double)c->r[k] * c->y[k];
    if (grad) pg_diffaug_backward(c->a, c->r, grad);
    return s;
}

/* The reference: y of sample i from its draw, written out step by step. */
static float ref_value(const pg_diffaug_opts *o, const float *x, int i,
                       int ch, int r, int c, int flips, int ty, int tx,
                       int cy, int cx)
{
    int ch_ = (int)lround(o->cutout * H), cw = (int)lround(o->cutout * W);
    if (cy >= 0 && r >= cy - ch_ / 2 && r < cy - ch_ / 2 + ch_ &&
        c >= cx - cw / 2 && c < cx - cw / 2 + cw)
        return 0;
    int rr = r - ty, cc = c - tx;
    if (o->reflect) {
        if (rr < 0) rr = -rr;
        if (rr >= H) rr = 2 * (H - 1) - rr;
        if (cc < 0) cc = -cc;
        if (cc >= W) cc = 2 * (W - 1) - cc;
    } else if (rr < 0 || rr >= H || cc < 0 || cc >= W) {
        return 0;
    }
    if (flips & 1) rr = H - 1 - rr;
    if (flips & 2) cc = W - 1 - cc;
    return x[(((size_t)i * C + ch) * H + rr) * W + cc];
}

static void check_op(unsigned ops, int reflect, const char *label)
{
    pg_diffaug_opts o = {ops, 0.25, 0.5, reflect};
    pg_diffaug *a = NULL;
    pg_rng *rng = NULL;
    size_t len = (size_t)N * C * H * W;
    float *x = malloc(len * sizeof *x), *r = malloc(len * sizeof *r);
    float *y = malloc(len * sizeof *y), *dy = malloc(len * sizeof *dy);
    PG_ASSERT_OK(pg_diffaug_create(&o, N, C, H, W, &a));
    PG_ASSERT_OK(pg_rng_create(17, 0, PG_RNG_TEST, &rng));
    int moved = 0;
    for (int rep = 0; rep < 8; rep++) {
        pg_diffaug_draw(a, rng);
        pg_rng_fill_gaussian(rng, x, len, 1.0);
        pg_rng_fill_gaussian(rng, r, len, 1.0);
        lin_ctx ctx = {a, r, y, dy};
        char what[96];
        snprintf(what, sizeof what, "%s, draw %d", label, rep);
        CU_ASSERT_EQUAL(gc_check_function(lin_loss, &ctx, x, len, NULL, what),
                        0);
        pg_diffaug_forward(a, x, y);
        int bad = 0;
        for (int i = 0; i < N; i++) {
            int fl, ty, tx, cy, cx;
            pg_diffaug_sample_draw(a, i, &fl, &ty, &tx, &cy, &cx);
            if (fl || ty || tx || cy >= 0) moved++;
            /* each draw within its op's range, none of another op */
            if (!(ops & PG_DIFFAUG_FLIPS)) CU_ASSERT_EQUAL(fl, 0);
            if (!(ops & PG_DIFFAUG_TRANSLATION)) {
                CU_ASSERT_EQUAL(ty, 0);
                CU_ASSERT_EQUAL(tx, 0);
            }
            CU_ASSERT(abs(ty) <= 2 && abs(tx) <= 2); /* round(0.25 x 7, 9) */
            if (!(ops & PG_DIFFAUG_CUTOUT)) CU_ASSERT_EQUAL(cy, -1);
            for (int ch = 0; ch < C; ch++)
                for (int rr = 0; rr < H; rr++)
                    for (int cc = 0; cc < W; cc++) {
                        float want = ref_value(&o, x, i, ch, rr, cc, fl, ty,
                                               tx, cy, cx);
                        float got = y[(((size_t)i * C + ch) * H + rr) * W + cc];
                        if (want != got) bad++;
                    }
        }
        CU_ASSERT_EQUAL(bad, 0);
    }
    CU_ASSERT(moved > 0); /* the op did something in 24 draws */
    free(x);
    free(r);
    free(y);
    free(dy);
    pg_rng_destroy(&rng);
    pg_diffaug_destroy(&a);
}

static void test_flips(void) { check_op(PG_DIFFAUG_FLIPS, 0, "flips"); }
static void test_translation_zero(void)
{
    check_op(PG_DIFFAUG_TRANSLATION, 0, "translation, zeros");
}
static void test_translation_reflect(void)
{
    check_op(PG_DIFFAUG_TRANSLATION, 1, "translation, reflection");
}
static void test_cutout(void) { check_op(PG_DIFFAUG_CUTOUT, 0, "cutout"); }
static void test_all(void)
{
    unsigned all = PG_DIFFAUG_FLIPS | PG_DIFFAUG_TRANSLATION |
                   PG_DIFFAUG_CUTOUT;
    check_op(all, 0, "all, zeros");
    check_op(all, 1, "all, reflection");
}

/* A 1 x 5 row shifted right by one cell: zeros bring 0 in, reflection the
 * mirror of the second cell; the transpose sums what reflection read
 * twice. */
static void test_hand_values(void)
{
    for (int reflect = 0; reflect < 2; reflect++) {
        pg_diffaug_opts o = {PG_DIFFAUG_TRANSLATION, 0.2, 0, reflect};
        pg_diffaug *a = NULL;
        pg_rng *rng = NULL;
        PG_ASSERT_OK(pg_diffaug_create(&o, 1, 1, 1, 5, &a));
        PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &rng));
        int fl, ty, tx = 0, cy, cx, tries = 0;
        while (tx != 1 && tries++ < 200) {
            pg_diffaug_draw(a, rng);
            pg_diffaug_sample_draw(a, 0, &fl, &ty, &tx, &cy, &cx);
        }
        CU_ASSERT_EQUAL_FATAL(tx, 1);
        const float x[5] = {1, 2, 3, 4, 5}, dy[5] = {1, 1, 1, 1, 1};
        float y[5], dx[5];
        pg_diffaug_forward(a, x, y);
        pg_diffaug_backward(a, dy, dx);
        const float y0[5] = {0, 1, 2, 3, 4}, y1[5] = {2, 1, 2, 3, 4};
        const float d0[5] = {1, 1, 1, 1, 0}, d1[5] = {1, 2, 1, 1, 0};
        for (int k = 0; k < 5; k++) {
            CU_ASSERT_EQUAL(y[k], reflect ? y1[k] : y0[k]);
            CU_ASSERT_EQUAL(dx[k], reflect ? d1[k] : d0[k]);
        }
        pg_rng_destroy(&rng);
        pg_diffaug_destroy(&a);
    }
}

/* Every shift in [-s, s] is drawn, none outside; a cutout inside the
 * patch zeroes exactly its square. */
static void test_draw_ranges(void)
{
    pg_diffaug_opts o = {PG_DIFFAUG_TRANSLATION | PG_DIFFAUG_CUTOUT, 0.125,
                         0.25, 0};
    pg_diffaug *a = NULL;
    pg_rng *rng = NULL;
    enum { S = 32 };
    PG_ASSERT_OK(pg_diffaug_create(&o, 4, 1, S, S, &a));
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
    int seen[9] = {0}, zeros_ok = 1, inside = 0;
    float *x = malloc(4 * S * S * sizeof *x), *y = malloc(4 * S * S * sizeof *y);
    for (int k = 0; k < 4 * S * S; k++) x[k] = 1;
    for (int rep = 0; rep < 200; rep++) {
        pg_diffaug_draw(a, rng);
        pg_diffaug_forward(a, x, y);
        for (int i = 0; i < 4; i++) {
            int fl, ty, tx, cy, cx;
            pg_diffaug_sample_draw(a, i, &fl, &ty, &tx, &cy, &cx);
            CU_ASSERT(ty >= -4 && ty <= 4 && tx >= -4 && tx <= 4);
            if (ty >= -4 && ty <= 4) seen[ty + 4] = 1;
            CU_ASSERT(cy >= 0 && cy < S && cx >= 0 && cx < S);
            /* with no shift and the square inside, exactly 8 x 8 zeros */
            if (!ty && !tx && cy >= 4 && cy + 4 <= S && cx >= 4 &&
                cx + 4 <= S) {
                int z = 0;
                for (int k = 0; k < S * S; k++) z += y[i * S * S + k] == 0;
                if (z != 64) zeros_ok = 0;
                inside++;
            }
        }
    }
    for (int k = 0; k < 9; k++) CU_ASSERT_EQUAL(seen[k], 1);
    CU_ASSERT(inside > 0);
    CU_ASSERT_EQUAL(zeros_ok, 1);
    free(x);
    free(y);
    pg_rng_destroy(&rng);
    pg_diffaug_destroy(&a);
}

static void test_parse(void)
{
    unsigned ops;
    PG_ASSERT_OK(pg_diffaug_parse("translation,cutout", "[loss] diffaug",
                                  &ops));
    CU_ASSERT_EQUAL(ops, PG_DIFFAUG_TRANSLATION | PG_DIFFAUG_CUTOUT);
    PG_ASSERT_OK(pg_diffaug_parse("none", "[loss] diffaug", &ops));
    CU_ASSERT_EQUAL(ops, 0);
    PG_ASSERT_OK(pg_diffaug_parse("flips", "[loss] diffaug", &ops));
    CU_ASSERT_EQUAL(ops, PG_DIFFAUG_FLIPS);
    CU_ASSERT_NOT_EQUAL(pg_diffaug_parse("translation,color",
                                         "[loss] diffaug", &ops), PG_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "[loss] diffaug"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "'color'"));
    pg_error_clear();
    pg_diffaug_opts bad = {PG_DIFFAUG_TRANSLATION, 0.7, 0, 0};
    pg_diffaug *a = NULL;
    CU_ASSERT_NOT_EQUAL(pg_diffaug_create(&bad, 1, 1, 4, 4, &a), PG_OK);
    CU_ASSERT_PTR_NULL(a);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_diffaug");
    PG_TEST(s, test_flips);
    PG_TEST(s, test_translation_zero);
    PG_TEST(s, test_translation_reflect);
    PG_TEST(s, test_cutout);
    PG_TEST(s, test_all);
    PG_TEST(s, test_hand_values);
    PG_TEST(s, test_draw_ranges);
    PG_TEST(s, test_parse);
}
