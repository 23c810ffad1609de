/* eval foam's coarsening law (physics/foam/io/foam_eval.h): the growth
 * exponent and d<A>/dt over a window of frames, and the first-step bubble
 * loss, on per-frame series whose answers are known. */
#include <math.h>
#include <string.h>

#include "physics/foam/io/foam_eval.h"
#include "runner.h"

enum { T = 8 };

/* Frames at t = 0, 100, ..., 700 MCS with <A> = c t^p (t > 0; 5 at t = 0)
 * and bubbles = 1000 / <A>. */
static void series(pg_foam_analysis *a, double *time, double *area,
                   double *bubbles, double c, double p)
{
    memset(a, 0, sizeof *a);
    a->frames = T;
    a->time = time;
    a->mean_area = area;
    a->bubbles = bubbles;
    for (int t = 0; t < T; t++) {
        time[t] = 100.0 * t;
        area[t] = t ? c * pow(time[t], p) : 5;
        bubbles[t] = 1000 / area[t];
    }
}

static void test_exponent_and_rate(void)
{
    double time[T], area[T], bubbles[T];
    pg_foam_analysis a;
    pg_foam_growth g;
    series(&a, time, area, bubbles, 2.0, 1.0);
    pg_foam_eval_growth(&a, -INFINITY, INFINITY, &g);
    CU_ASSERT_TRUE(g.ok);
    CU_ASSERT_EQUAL(g.frames, T - 1); /* t = 0 has no logarithm */
    CU_ASSERT_DOUBLE_EQUAL(g.exponent, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g.rate, 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g.from, 100, 0);
    CU_ASSERT_DOUBLE_EQUAL(g.to, 700, 0);
    series(&a, time, area, bubbles, 0.5, 0.8);
    pg_foam_eval_growth(&a, 200, 500, &g);
    CU_ASSERT_TRUE(g.ok);
    CU_ASSERT_EQUAL(g.frames, 4);
    CU_ASSERT_DOUBLE_EQUAL(g.exponent, 0.8, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g.exponent_r2, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(g.from, 200, 0);
    CU_ASSERT_DOUBLE_EQUAL(g.to, 500, 0);
    /* Too few frames in the window: a result, no error left behind. */
    pg_foam_eval_growth(&a, 250, 420, &g);
    CU_ASSERT_FALSE(g.ok);
    CU_ASSERT_TRUE(isnan(g.exponent));
    CU_ASSERT_EQUAL(pg_error_status(), PG_OK);
}

static void test_bubble_loss(void)
{
    double time[T], area[T], bubbles[T];
    pg_foam_analysis a;
    series(&a, time, area, bubbles, 2.0, 1.0);
    /* bubbles 1000 / (2 t): 5 at 100, 2.5 at 200 MCS. */
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_eval_bubble_loss(&a, 100, 200), 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_eval_bubble_loss(&a, 100, 400), 0.75, 1e-12);
    CU_ASSERT_TRUE(isnan(pg_foam_eval_bubble_loss(&a, 100, 150)));
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_eval_growth");
    PG_TEST(s, test_exponent_and_rate);
    PG_TEST(s, test_bubble_loss);
}
