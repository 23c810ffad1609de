/* The label-choice oracle (physics/foam/foam_label_choice.h): what a K x K
 * "take a neighbour's label" update can and cannot represent. A frame is
 * its own best update; a periodic shift by d sites is exact for K >= 2d + 1
 * and leaves exactly the sites whose window misses their new label for
 * smaller K; a label absent from the current frame cannot appear; on a
 * simulated foam the unrepresentable share falls with K, and K = 1 keeps
 * the frame; the bubbles an update lost or did not reproduce exactly are
 * counted by label. The Gaussian vote keeps straight boundaries, removes
 * a bubble too small for its kernel, shrinks a disc without creating a
 * label. */
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_label_choice.h"
#include "foam_simulated.h"
#include "runner.h"

static void test_check_rejects_bad_windows(void)
{
    CU_ASSERT_EQUAL(pg_foam_label_choice_check(16, 16, 5, "t"), PG_OK);
    CU_ASSERT_EQUAL(pg_foam_label_choice_check(16, 16, 4, "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_label_choice_check(16, 16, 0, "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_label_choice_check(16, 16,
                                               PG_FOAM_LABEL_CHOICE_K_MAX + 2,
                                               "t"), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_foam_label_choice_check(4, 16, 5, "t"), PG_ERR_ARG);
}

/* Vertical stripes of width 4 (labels 0..3 across 16 columns). */
static void stripes(int shift, int32_t *g)
{
    for (int i = 0; i < 16; i++)
        for (int j = 0; j < 16; j++) g[i * 16 + j] = ((j + 16 - shift) % 16) / 4;
}

static void test_identity_is_exact(void)
{
    int32_t a[256], out[256];
    stripes(0, a);
    CU_ASSERT_EQUAL(pg_foam_label_choice_oracle(a, a, 16, 16, 3, out), 0);
    CU_ASSERT_EQUAL(memcmp(a, out, sizeof a), 0);
}

/* Stripes (width 4) moved by d columns: every column's new label lies d
 * columns away, so K = 2d + 1 represents the shift exactly. With K = 2d - 1
 * a column's new label is out of reach only when the old stripe ends
 * exactly d columns back: one column in 4, for d = 1 and d = 2. */
static void test_shift_needs_the_window(void)
{
    int32_t a[256], b[256], out[256];
    stripes(0, a);
    for (int d = 1; d <= 2; d++) {
        stripes(d, b);
        CU_ASSERT_EQUAL(pg_foam_label_choice_oracle(a, b, 16, 16, 2 * d + 1, out), 0);
        CU_ASSERT_EQUAL(memcmp(b, out, sizeof b), 0);
        long miss = pg_foam_label_choice_oracle(a, b, 16, 16, 2 * d - 1, out);
        CU_ASSERT_EQUAL(miss, 16 * 4);
        long differ = 0;
        for (int s = 0; s < 256; s++) differ += out[s] != b[s];
        CU_ASSERT_EQUAL(differ, miss);
    }
}

/* A label the current frame lacks (a new bubble) cannot be created: its
 * sites are unrepresentable, and it is counted missing. */
static void test_new_label_cannot_appear(void)
{
    int32_t a[256], b[256], out[256];
    stripes(0, a);
    memcpy(b, a, sizeof b);
    b[5 * 16 + 5] = 99;
    b[5 * 16 + 6] = 99;
    CU_ASSERT_EQUAL(pg_foam_label_choice_oracle(a, b, 16, 16, 7, out), 2);
    for (int s = 0; s < 256; s++) CU_ASSERT_NOT_EQUAL(out[s], 99);
    long missing = -1, distinct = -1;
    PG_ASSERT_OK(pg_foam_labels_missing(b, out, 256, &missing, &distinct));
    CU_ASSERT_EQUAL(missing, 1);
    CU_ASSERT_EQUAL(distinct, 5);
    PG_ASSERT_OK(pg_foam_labels_missing(b, b, 256, &missing, NULL));
    CU_ASSERT_EQUAL(missing, 0);
    /* Not exact: the new label (its two sites) and nothing else, since every
     * other site took its true label. */
    long touched = -1;
    PG_ASSERT_OK(pg_foam_labels_touched(b, out, 256, &touched));
    CU_ASSERT_EQUAL(touched, 1);
    PG_ASSERT_OK(pg_foam_labels_touched(b, b, 256, &touched));
    CU_ASSERT_EQUAL(touched, 0);
}

/* A simulated foam 100 MCS apart (64^2): K = 1 keeps the frame (every
 * changed site unrepresentable), and a wider window never represents
 * fewer sites. */
static void test_simulated_share_falls_with_window(void)
{
    enum { N = 64 };
    int32_t *seq = malloc(sizeof(int32_t) * 2 * N * N);
    int32_t *out = malloc(sizeof(int32_t) * N * N);
    foam_simulated_frames(3, N, 64, 0.5, 100, 2, 100, seq);
    const int32_t *a = seq, *b = seq + N * N;
    long changed = 0;
    for (int s = 0; s < N * N; s++) changed += a[s] != b[s];
    CU_ASSERT(changed > 0);
    CU_ASSERT_EQUAL(pg_foam_label_choice_oracle(a, b, N, N, 1, out), changed);
    CU_ASSERT_EQUAL(memcmp(out, a, sizeof(int32_t) * N * N), 0);
    long prev = changed;
    for (int k = 3; k <= 7; k += 2) {
        long miss = pg_foam_label_choice_oracle(a, b, N, N, k, out);
        CU_ASSERT(miss <= prev);
        prev = miss;
    }
    CU_ASSERT(prev < changed);
    free(seq);
    free(out);
}

/* Stripes of width 8: a flat boundary has no curvature, so no site moves;
 * a lone 2 x 2 bubble inside a stripe loses the vote to its surroundings. */
static void test_vote_keeps_flat_boundaries_and_drops_specks(void)
{
    int32_t a[256], out[256];
    for (int s = 0; s < 256; s++) a[s] = (s % 16) / 8;
    pg_foam_label_vote(a, 16, 16, 7, 1.0, out);
    CU_ASSERT_EQUAL(memcmp(a, out, sizeof a), 0);
    a[4 * 16 + 3] = a[4 * 16 + 4] = a[5 * 16 + 3] = a[5 * 16 + 4] = 7;
    pg_foam_label_vote(a, 16, 16, 7, 1.0, out);
    for (int s = 0; s < 256; s++) CU_ASSERT_EQUAL(out[s], (s % 16) / 8);
}

/* A disc of radius 6 (label 1) in label 0 on 32^2: each vote shrinks it
 * (curvature flow moves its boundary inwards), and only 0 and 1 occur. */
static void test_vote_shrinks_a_disc(void)
{
    enum { N = 32 };
    int32_t a[N * N], b[N * N];
    long area = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int di = i - N / 2, dj = j - N / 2;
            a[i * N + j] = di * di + dj * dj <= 36;
            area += a[i * N + j];
        }
    for (int v = 0; v < 3; v++) {
        pg_foam_label_vote(a, N, N, 9, 1.5, b);
        long next = 0;
        for (int s = 0; s < N * N; s++) {
            CU_ASSERT(b[s] == 0 || b[s] == 1);
            next += b[s] == 1;
        }
        CU_ASSERT(next < area);
        CU_ASSERT(next > 0);
        area = next;
        memcpy(a, b, sizeof a);
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_label_choice");
    PG_TEST(s, test_check_rejects_bad_windows);
    PG_TEST(s, test_identity_is_exact);
    PG_TEST(s, test_shift_needs_the_window);
    PG_TEST(s, test_new_label_cannot_appear);
    PG_TEST(s, test_simulated_share_falls_with_window);
    PG_TEST(s, test_vote_keeps_flat_boundaries_and_drops_specks);
    PG_TEST(s, test_vote_shrinks_a_disc);
}
