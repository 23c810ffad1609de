/* Bubble tracking by overlap (physics/foam/foam_track.h): renumbering every frame
 * (as a rollout's recovered labels are) does not change the result; on a
 * simulated sequence (frames 10 MCS apart) each tracked id stays one
 * simulator bubble and only pieces of split ids get extra ids; a hand-made split and merge take
 * the ids the rules say; components are unchanged. */
#include <stdio.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/foam_track.h"
#include "foam_simulated.h"
#include "runner.h"

/* Frames START MCS after the Voronoi start, INTERVAL apart: close enough
 * that a bubble overlaps its own previous self more than any vanished
 * neighbour's place (in the first tens of MCS whole bubbles vanish
 * between frames 30 MCS apart and a neighbour can inherit the id). */
enum { N = 48, BUBBLES = 150, FRAMES = 8, START = 60, INTERVAL = 10 };

static void simulate(int32_t *seq)
{
    foam_simulated_frames(11, N, BUBBLES, 0, START, FRAMES, INTERVAL, seq);
}

static void test_renumbering_and_persistent_ids(void)
{
    static int32_t orig[FRAMES * N * N], a[FRAMES * N * N], b[FRAMES * N * N];
    simulate(orig);
    memcpy(a, orig, sizeof orig);
    /* b: each frame's ids replaced by another bijection. */
    for (int t = 0; t < FRAMES; t++)
        for (int i = 0; i < N * N; i++) {
            int32_t id = orig[t * N * N + i];
            b[t * N * N + i] = (id * 7 + 13 * t + 5) % BUBBLES + 1000 * (t + 1);
        }
    CU_ASSERT_FATAL(pg_foam_track(a, FRAMES, N, N) == PG_OK);
    CU_ASSERT_FATAL(pg_foam_track(b, FRAMES, N, N) == PG_OK);
    CU_ASSERT(memcmp(a, b, sizeof a) == 0);
    /* The simulator's ids persist: where a simulator id is one bubble, its
     * tracked id labels that simulator bubble and no other; the pieces of
     * split ids (an id in several components) may take new ids. */
    pg_foam_diag *d = NULL, *e = NULL;
    CU_ASSERT_FATAL(pg_foam_diag_create(N, N, &d) == PG_OK);
    CU_ASSERT_FATAL(pg_foam_diag_create(N, N, &e) == PG_OK);
    static int32_t to_tracked[BUBBLES], to_orig[FRAMES * N * N];
    for (int i = 0; i < BUBBLES; i++) to_tracked[i] = -1;
    for (int i = 0; i < FRAMES * N * N; i++) to_orig[i] = -1;
    int mismatches = 0, splits = 0, n_orig = 0, n_tracked = 0;
    for (int t = 0; t < FRAMES; t++) {
        pg_foam_diag_analyze(d, orig + t * N * N);
        splits += pg_foam_diag_split_ids(d);
        /* Pieces per simulator id in this frame. */
        int pieces[BUBBLES] = {0};
        for (int c = 0; c < pg_foam_diag_count(d); c++)
            pieces[pg_foam_diag_ids(d)[c]]++;
        pg_foam_diag_analyze(e, a + t * N * N);
        CU_ASSERT_EQUAL(pg_foam_diag_count(d), pg_foam_diag_count(e));
        CU_ASSERT(memcmp(pg_foam_diag_components(d), pg_foam_diag_components(e),
                         sizeof(int32_t) * N * N) == 0);
        for (int i = 0; i < N * N; i++) {
            int32_t o = orig[t * N * N + i], k = a[t * N * N + i];
            /* A split id's pieces (often single-site specks left where a
             * vanished neighbour was) may carry that neighbour's id. */
            if (pieces[o] > 1) continue;
            if (to_tracked[o] < 0) {
                to_tracked[o] = k;
                n_orig++;
            }
            if (to_orig[k] < 0) {
                to_orig[k] = o;
                n_tracked++;
            }
            mismatches += to_orig[k] != o;
        }
    }
    printf("\n  %d simulator ids, %d tracked ids, %d split ids over the "
           "frames\n", n_orig, n_tracked, splits);
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT(n_tracked >= n_orig && n_tracked <= n_orig + splits);
    pg_foam_diag_destroy(&d);
    pg_foam_diag_destroy(&e);
}

/* 4 x 8 sites: A | B, then A split into X, Y (equal overlaps), B -> Z,
 * then everything one bubble. */
static void test_split_and_merge(void)
{
    enum { H = 4, W = 8 };
    int32_t f[3 * H * W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            f[y * W + x] = x < 4 ? 50 : 60;
            f[H * W + y * W + x] = x < 2 ? 9 : x < 4 ? 8 : 7;
            f[2 * H * W + y * W + x] = 3;
        }
    CU_ASSERT_FATAL(pg_foam_track(f, 3, H, W) == PG_OK);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            CU_ASSERT_EQUAL(f[y * W + x], x < 4 ? 0 : 1);
            /* The split: the first component in scan order (x < 2) keeps
             * A's id 0 (a tie of 8 sites each), the other gets new id 2. */
            CU_ASSERT_EQUAL(f[H * W + y * W + x], x < 2 ? 0 : x < 4 ? 2 : 1);
            /* The merge keeps the id it overlaps most: 1 (16 sites). */
            CU_ASSERT_EQUAL(f[2 * H * W + y * W + x], 1);
        }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_track");
    PG_TEST(s, test_renumbering_and_persistent_ids);
    PG_TEST(s, test_split_and_merge);
}
