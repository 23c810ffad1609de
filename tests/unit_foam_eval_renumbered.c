/* eval foam on a file whose ids are renumbered every frame (as a rollout's
 * recovered labels are): the same simulated sequence written with its
 * persistent ids (A), renumbered by connected components with the
 * `surrogate` attribute (B), and renumbered without it (C). B is tracked
 * by overlap and gives A's diagnostics and von Neumann fit (up to the
 * pieces of split ids); C, matched by raw ids, does not. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_eval.h"
#include "physics/foam/foam_potts.h"
#include "io/h5.h"
#include "foam_simulated.h"
#include "runner.h"

enum { N = 64, BUBBLES = 200, FRAMES = 10, START = 60, INTERVAL = 20 };

static int32_t orig[FRAMES * N * N], renum[FRAMES * N * N];
static double times[FRAMES];

static void write_file(const char *path, const int32_t *labels, int surrogate)
{
    pg_h5_file *f = NULL;
    size_t dims[4] = {1, FRAMES, N, N}, td = FRAMES;
    CU_ASSERT_FATAL(pg_h5_writer_open(path, "foam/1", "unit test", &f) == PG_OK);
    CU_ASSERT(pg_h5_dataset_write(f, "/labels", PG_H5_I32, 4, dims, labels,
                                  "1", 0) == PG_OK);
    CU_ASSERT(pg_h5_dataset_write(f, "/time", PG_H5_F64, 1, &td, times,
                                  "MCS", 0) == PG_OK);
    CU_ASSERT(pg_h5_attr_write_string(f, "/", "simulator", "test") == PG_OK);
    CU_ASSERT(pg_h5_attr_write_double(f, "/", "temperature", 0.5) == PG_OK);
    if (surrogate) CU_ASSERT(pg_h5_attr_write_int(f, "/", "surrogate", 1) == PG_OK);
    CU_ASSERT_FATAL(pg_h5_writer_commit(&f) == PG_OK);
}

static void test_renumbered_rollout_is_tracked(void)
{
    pg_foam_diag *d = NULL;
    foam_simulated_frames(5, N, BUBBLES, 0.5, START, FRAMES, INTERVAL, orig);
    CU_ASSERT_FATAL(pg_foam_diag_create(N, N, &d) == PG_OK);
    for (int t = 0; t < FRAMES; t++) {
        times[t] = START + t * INTERVAL;
        pg_foam_diag_analyze(d, orig + t * N * N);
        memcpy(renum + t * N * N, pg_foam_diag_components(d),
               sizeof(int32_t) * N * N);
    }
    pg_foam_diag_destroy(&d);
    write_file("a.h5", orig, 0);
    write_file("b.h5", renum, 1);
    write_file("c.h5", renum, 0);
    pg_foam_eval a = {0}, b = {0}, c = {0};
    CU_ASSERT_FATAL(pg_foam_eval_file("a.h5", &a) == PG_OK);
    CU_ASSERT_FATAL(pg_foam_eval_file("b.h5", &b) == PG_OK);
    CU_ASSERT_FATAL(pg_foam_eval_file("c.h5", &c) == PG_OK);
    printf("\n  von Neumann r (points): persistent ids %.4f (%zu), renumbered "
           "+ tracked %.4f (%zu), renumbered by raw ids %.4f (%zu)\n",
           a.vn.r, a.vn.n, b.vn.r, b.vn.n, c.vn.r, c.vn.n);
    CU_ASSERT(!a.pass.tracked && b.pass.tracked && !c.pass.tracked);
    CU_ASSERT(a.vn_ok && b.vn_ok);
    for (int t = 0; t < FRAMES; t++) {
        CU_ASSERT_EQUAL(a.pass.bubbles[t], b.pass.bubbles[t]);
        CU_ASSERT_EQUAL(a.pass.mean_n[t], b.pass.mean_n[t]);
    }
    CU_ASSERT(fabs(a.vn.r - b.vn.r) < 0.02);
    CU_ASSERT(fabs(a.vn.slope - b.vn.slope) < 0.05 * fabs(a.vn.slope));
    CU_ASSERT(b.vn.n >= a.vn.n * 95 / 100 && b.vn.n <= a.vn.n * 105 / 100);
    /* Matched by raw component numbers the pairs are mostly unrelated
     * bubbles: the fit is far from the real one. */
    CU_ASSERT(!c.vn_ok || fabs(c.vn.r - a.vn.r) > 0.3);
    pg_foam_eval_free(&a);
    pg_foam_eval_free(&b);
    pg_foam_eval_free(&c);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_eval_renumbered");
    PG_TEST(s, test_renumbered_rollout_is_tracked);
}
