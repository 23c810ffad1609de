/* bench foam --pareto's baseline of equal error (foam_pareto.h): the
 * cheapest coarse-simulator way at least as accurate on all three errors;
 * a label-choice floor (it reads the answer) is never one. */
#include <string.h>

#include "physics/foam/io/foam_pareto.h"
#include "runner.h"

static void way(pg_foam_pareto *p, int k, int stride, int surrogate,
                double cpu, double count, double area, double ks)
{
    pg_foam_pareto_way *w = &p->ways[k];
    w->stride = stride;
    w->surrogate = surrogate;
    w->cpu_seconds = cpu;
    w->cmp.bubble_count_error = count;
    w->cmp.mean_area_error = area;
    w->cmp.area_ks = ks;
}

static void test_baseline(void)
{
    pg_foam_pareto p;
    memset(&p, 0, sizeof p);
    p.n_ways = 5;
    way(&p, 0, 1, 0, 10.0, 0, 0, 0);       /* full: never a baseline */
    way(&p, 1, 2, 0, 2.0, 0.01, 0.01, 0.03);
    way(&p, 2, 4, 0, 0.5, 0.05, 0.06, 0.07);
    way(&p, 3, 8, 0, 0.2, 0.20, 0.20, 0.14);
    way(&p, 4, 4, 1, 0.1, 0.10, 0.10, 0.10); /* the surrogate */
    /* S = 4 is within all three errors and cheaper than S = 2. */
    CU_ASSERT_EQUAL(pg_foam_pareto_baseline(&p, 4), 2);
    /* Better on count, worse on KS than S = 4: only S = 2 qualifies. */
    way(&p, 4, 4, 1, 0.1, 0.10, 0.10, 0.05);
    CU_ASSERT_EQUAL(pg_foam_pareto_baseline(&p, 4), 1);
    /* More accurate than every coarse way: none. */
    way(&p, 4, 4, 1, 0.1, 0.005, 0.005, 0.01);
    CU_ASSERT_EQUAL(pg_foam_pareto_baseline(&p, 4), -1);
    /* A floor cheaper and more accurate than the surrogate is passed over. */
    p.n_ways = 6;
    way(&p, 5, 8, 0, 0.05, 0.001, 0.001, 0.001);
    p.ways[5].floor_window = 9;
    way(&p, 4, 4, 1, 0.1, 0.10, 0.10, 0.10);
    CU_ASSERT_EQUAL(pg_foam_pareto_baseline(&p, 4), 2);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_pareto_baseline");
    PG_TEST(s, test_baseline);
}
