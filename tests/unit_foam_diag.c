/* Foam diagnostics on hand-made label fields: a brick tiling where every
 * bubble has 6 neighbours, periodic wrap-around components, split ids,
 * diagonal contacts, and a von Neumann fit with hand-computed values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_diag.h"
#include "runner.h"

static pg_foam_diag *analyse(int h, int w, const int32_t *lab)
{
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(h, w, &d));
    pg_foam_diag_analyze(d, lab);
    return d;
}

/* Bricks of 4 x 2 sites, every other brick row shifted by 2 columns: a
 * hexagonal topology, each brick touching 2 beside, 2 above, 2 below. */
static void test_brick_tiling_six_neighbours(void)
{
    enum { H = 8, W = 16, BW = 4, BH = 2 };
    int32_t lab[H * W];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int row = y / BH, shift = (row & 1) * BW / 2;
            lab[y * W + x] = 100 + row * (W / BW) + ((x + shift) % W) / BW;
        }
    pg_foam_diag *d = analyse(H, W, lab);
    int n = pg_foam_diag_count(d), bad = 0;
    CU_ASSERT_EQUAL(n, (H / BH) * (W / BW));
    for (int c = 0; c < n; c++)
        bad += pg_foam_diag_areas(d)[c] != BW * BH ||
               pg_foam_diag_neighbors(d)[c] != 6;
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_diag_mean_neighbors(d), 6.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_diag_mean_area(d), BW * BH, 1e-12);
    CU_ASSERT_EQUAL(pg_foam_diag_split_ids(d), 0);
    pg_foam_diag_destroy(&d);
    CU_ASSERT_PTR_NULL(d);
}

/* Id 1 in columns 0 and 7 is one bubble across the periodic edge; id 2 in
 * rows 0 and 7 likewise. Two shared boundaries count as one neighbour. */
static void test_periodic_wraparound(void)
{
    enum { N = 8 };
    int32_t lab[N * N];
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) lab[y * N + x] = (x == 0 || x == N - 1) ? 1 : 2;
    pg_foam_diag *d = analyse(N, N, lab);
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), 2);
    CU_ASSERT_EQUAL(pg_foam_diag_areas(d)[0], 2 * N);
    CU_ASSERT_EQUAL(pg_foam_diag_areas(d)[1], (N - 2) * N);
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[0], 1);
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[1], 1);
    /* Rows instead of columns. */
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) lab[y * N + x] = (y == 0 || y == N - 1) ? 7 : 9;
    pg_foam_diag_analyze(d, lab);
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), 2);
    CU_ASSERT_EQUAL(pg_foam_diag_ids(d)[0], 7);
    CU_ASSERT_EQUAL(pg_foam_diag_areas(d)[0], 2 * N);
    /* A corner blob wrapping both ways: sites (0,0) (7,0) (0,7) (7,7). */
    for (int i = 0; i < N * N; i++) lab[i] = 0;
    lab[0] = lab[N - 1] = lab[(N - 1) * N] = lab[N * N - 1] = 3;
    pg_foam_diag_analyze(d, lab);
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), 2);
    CU_ASSERT_EQUAL(pg_foam_diag_ids(d)[0], 3); /* holds site (0,0) */
    CU_ASSERT_EQUAL(pg_foam_diag_areas(d)[0], 4);
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[0], 1);
    pg_foam_diag_destroy(&d);
}

/* One id in two separate squares: two bubbles, one split id. */
static void test_split_id_counts_components(void)
{
    enum { N = 8 };
    int32_t lab[N * N] = {0};
    for (int y = 1; y <= 2; y++)
        for (int x = 1; x <= 2; x++) lab[y * N + x] = lab[(y + 4) * N + x + 4] = 5;
    pg_foam_diag *d = analyse(N, N, lab);
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), 3);
    CU_ASSERT_EQUAL(pg_foam_diag_split_ids(d), 1);
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[0], 2); /* background */
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[1], 1);
    CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[2], 1);
    CU_ASSERT_DOUBLE_EQUAL(pg_foam_diag_mean_area(d), N * N / 3.0, 1e-12);
    pg_foam_diag_destroy(&d);
}

/* Four quadrants A B / C D: A and D touch only at corners, which is no
 * adjacency in the 4-neighbour stencil (even across the wrap). */
static void test_diagonal_contact_is_not_adjacency(void)
{
    enum { N = 4 };
    int32_t lab[N * N];
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) lab[y * N + x] = (y / 2) * 2 + x / 2;
    pg_foam_diag *d = analyse(N, N, lab);
    CU_ASSERT_EQUAL(pg_foam_diag_count(d), 4);
    for (int c = 0; c < 4; c++) CU_ASSERT_EQUAL(pg_foam_diag_neighbors(d)[c], 2);
    pg_foam_diag_destroy(&d);
}

static void test_fit_line(void)
{
    double x[5] = {0, 1, 2, 3, 4}, y[5];
    for (int i = 0; i < 5; i++) y[i] = 2 * x[i] + 1;
    pg_foam_line l;
    PG_ASSERT_OK(pg_foam_fit_line(x, y, 5, &l));
    CU_ASSERT_DOUBLE_EQUAL(l.slope, 2.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l.intercept, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(l.r2, 1.0, 1e-12);
    CU_ASSERT_EQUAL(pg_foam_fit_line(x, y, 2, &l), PG_ERR_ARG);
    double c[3] = {1, 1, 1};
    CU_ASSERT_EQUAL(pg_foam_fit_line(c, y, 3, &l), PG_ERR_NUMERIC);
    pg_error_clear();
}

static void square(int32_t *lab, int n, int x0, int y0, int w, int h, int32_t id)
{
    for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++) lab[y * n + x] = id;
}

/* Frame a: background 0 with squares 1, 2, 3 (2 x 2). Frame b, dt = 2
 * later: square 1 grew to 2 x 3, square 2 unchanged, square 3 vanished.
 * Points (n - 6, dA/dt): background (-3, +1), square 1 (-5, +1),
 * square 2 (-5, 0); square 3 is left out. Least squares by hand:
 * slope 1/4, intercept 7/4, r = 1/2. With same_n only the squares stay
 * (the background went from 3 to 2 neighbours). */
static void test_von_neumann_fit_by_hand(void)
{
    enum { N = 12 };
    int32_t a[N * N] = {0}, b[N * N] = {0};
    square(a, N, 1, 1, 2, 2, 1);
    square(a, N, 6, 1, 2, 2, 2);
    square(a, N, 1, 7, 2, 2, 3);
    square(b, N, 1, 1, 2, 3, 1);
    square(b, N, 6, 1, 2, 2, 2);
    pg_foam_diag *da = analyse(N, N, a), *db = analyse(N, N, b);
    pg_foam_vn *all = NULL, *same = NULL;
    PG_ASSERT_OK(pg_foam_vn_create(&all));
    PG_ASSERT_OK(pg_foam_vn_create(&same));
    PG_ASSERT_OK(pg_foam_vn_add(all, da, db, 2.0, 0));
    PG_ASSERT_OK(pg_foam_vn_add(same, da, db, 2.0, 1));
    CU_ASSERT_EQUAL(pg_foam_vn_count(all), 3);
    CU_ASSERT_EQUAL(pg_foam_vn_count(same), 2);
    pg_foam_vn_result r;
    PG_ASSERT_OK(pg_foam_vn_fit(all, &r));
    CU_ASSERT_DOUBLE_EQUAL(r.slope, 0.25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.intercept, 1.75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.r, 0.5, 1e-12);
    CU_ASSERT_EQUAL(r.n, 3);
    CU_ASSERT_EQUAL(pg_foam_vn_add(all, da, db, 0.0, 0), PG_ERR_ARG);
    pg_error_clear();
    pg_foam_vn_destroy(&all);
    pg_foam_vn_destroy(&same);
    CU_ASSERT_PTR_NULL(all);
    pg_foam_diag_destroy(&da);
    pg_foam_diag_destroy(&db);
}

/* A split id is no single bubble: it gives no von Neumann point. */
static void test_von_neumann_skips_split_ids(void)
{
    enum { N = 8 };
    int32_t a[N * N] = {0}, b[N * N] = {0};
    square(a, N, 1, 1, 2, 2, 4);
    square(b, N, 1, 1, 2, 2, 4);
    square(b, N, 5, 5, 2, 2, 4);
    pg_foam_diag *da = analyse(N, N, a), *db = analyse(N, N, b);
    pg_foam_vn *v = NULL;
    PG_ASSERT_OK(pg_foam_vn_create(&v));
    PG_ASSERT_OK(pg_foam_vn_add(v, da, db, 1.0, 0));
    CU_ASSERT_EQUAL(pg_foam_vn_count(v), 1); /* the background only */
    pg_foam_vn_destroy(&v);
    pg_foam_diag_destroy(&da);
    pg_foam_diag_destroy(&db);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("foam_diag");
    PG_TEST(s, test_brick_tiling_six_neighbours);
    PG_TEST(s, test_periodic_wraparound);
    PG_TEST(s, test_split_id_counts_components);
    PG_TEST(s, test_diagonal_contact_is_not_adjacency);
    PG_TEST(s, test_fit_line);
    PG_TEST(s, test_von_neumann_fit_by_hand);
    PG_TEST(s, test_von_neumann_skips_split_ids);
}
