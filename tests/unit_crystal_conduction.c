/* The conductivity proxy (physics/crystal/crystal_conduction.h,
 * crystal_percolation.h): percolation levels on synthetic periodic grids
 * whose answers are known (an axis channel, a layer, a diagonal staircase
 * channel that only winding vectors recognise as wrapping, a closed ring
 * that does not wrap), and the Li landscape of antifluorite Li2O built
 * from its Wyckoff positions (cubic: the three levels coincide; the hop
 * is a/2). */
#include <math.h>
#include <stdlib.h>

#include "physics/crystal/crystal_conduction.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_percolation.h"
#include "runner.h"

enum { G = 6, GN = G * G * G };
static int at(int i, int j, int k) { return (i * G + j) * G + k; }

static void fill(double *v, double x)
{
    for (int i = 0; i < GN; i++) v[i] = x;
}

static void test_channel_and_layer(void)
{
    double v[GN], t[3];
    int n[3] = {G, G, G};
    fill(v, 1.0);
    for (int i = 0; i < G; i++) v[at(i, 2, 3)] = 0.1; /* channel along x */
    PG_ASSERT_OK(pg_crystal_percolation(v, n, t));
    CU_ASSERT_EQUAL(t[0], 0.1);
    CU_ASSERT_EQUAL(t[1], 1.0);
    CU_ASSERT_EQUAL(t[2], 1.0);
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++)
            if (j != 2) v[at(i, j, 3)] = 0.2; /* the layer k = 3 */
    PG_ASSERT_OK(pg_crystal_percolation(v, n, t));
    CU_ASSERT_EQUAL(t[0], 0.1);
    CU_ASSERT_EQUAL(t[1], 0.2);
    CU_ASSERT_EQUAL(t[2], 1.0);
    v[at(0, 0, 0)] = INFINITY; /* a closed point leaves 3D intact */
    PG_ASSERT_OK(pg_crystal_percolation(v, n, t));
    CU_ASSERT_EQUAL(t[2], 1.0);
}

static void test_diagonal_staircase(void)
{
    /* (i, i, 0) -> (i + 1, i, 0) -> (i + 1, i + 1, 0): wraps along (1, 1, 0)
     * without ever crossing a face of the cell along one axis alone */
    double v[GN], t[3];
    int n[3] = {G, G, G};
    fill(v, 1.0);
    for (int i = 0; i < G; i++) {
        v[at(i, i, 0)] = 0.3;
        v[at((i + 1) % G, i, 0)] = 0.3;
    }
    PG_ASSERT_OK(pg_crystal_percolation(v, n, t));
    CU_ASSERT_EQUAL(t[0], 0.3);
    CU_ASSERT_EQUAL(t[1], 1.0);
}

static void test_ring_does_not_wrap(void)
{
    double v[GN], t[3];
    int n[3] = {G, G, G};
    fill(v, 1.0);
    int ring[8][2] = {{1, 1}, {1, 2}, {1, 3}, {2, 3},
                      {3, 3}, {3, 2}, {3, 1}, {2, 1}};
    for (int r = 0; r < 8; r++) v[at(ring[r][0], ring[r][1], 2)] = 0.05;
    PG_ASSERT_OK(pg_crystal_percolation(v, n, t));
    CU_ASSERT_EQUAL(t[0], 1.0); /* the loop closes but has no net wrap */
}

static void test_li2o(void)
{
    const double a = 4.619; /* A, antifluorite Li2O */
    pg_crystal_structure *s = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(12, &s));
    double p[6] = {a, a, a, 90, 90, 90};
    PG_ASSERT_OK(pg_crystal_lattice_from_params(p, s->lattice));
    const double fcc[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5},
                              {.5, .5, 0}};
    for (int i = 0; i < 4; i++) {
        PG_ASSERT_OK(pg_crystal_structure_append(s, fcc[i], 8, 0));
        s->ox[s->n - 1] = -2;
        for (int h = 0; h < 2; h++) {
            double f[3];
            for (int k = 0; k < 3; k++) f[k] = fcc[i][k] + (h ? .75 : .25);
            PG_ASSERT_OK(pg_crystal_structure_append(s, f, 3, 1));
            s->ox[s->n - 1] = 1;
        }
    }
    pg_crystal_proxy_opts o = pg_crystal_proxy_defaults(3);
    pg_crystal_proxy r;
    PG_ASSERT_OK(pg_crystal_proxy_compute(s, &o, &r));
    printf("Li2O (proxy): grid %dx%dx%d, min mismatch %.3f v.u., levels "
           "1D %.3f 2D %.3f 3D %.3f v.u., hop %.3f A, %d Li\n", r.n[0],
           r.n[1], r.n[2], r.min_mismatch, r.level[0], r.level[1],
           r.level[2], r.min_hop, r.n_mobile);
    CU_ASSERT_EQUAL(r.n[0], 24); /* ceil(4.619 / 0.2) */
    CU_ASSERT_EQUAL(r.n_mobile, 8);
    CU_ASSERT(fabs(r.min_hop - a / 2) < 1e-9);
    CU_ASSERT(r.min_mismatch < 0.2); /* the Li site is bonded well */
    CU_ASSERT(isfinite(r.level[2]));
    CU_ASSERT(r.level[0] > r.min_mismatch);
    CU_ASSERT_DOUBLE_EQUAL(r.level[0], r.level[2], 1e-12); /* cubic */
    pg_crystal_structure_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_conduction");
    PG_TEST(s, test_channel_and_layer);
    PG_TEST(s, test_diagonal_staircase);
    PG_TEST(s, test_ring_does_not_wrap);
    PG_TEST(s, test_li2o);
}
