/* physics/terrain/terrain_hydro: filling, depressions, D8 routing,
 * drainage density, Hack's law, hypsometry and curvature on surfaces whose
 * answers are known in closed form. */
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "physics/terrain/terrain_hydro.h"
#include "runner.h"

static const pg_terrain_hydro_params DEFAULTS = {
    PG_TERRAIN_HYDRO_DEPRESSION_FRAC, PG_TERRAIN_HYDRO_CHANNEL_AREA_M2};

static pg_terrain_hydro_summary analyse(const pg_terrain_grid *g,
                                        const pg_terrain_hydro_params *p,
                                        const float *z, size_t n,
                                        pg_terrain_hydro **keep)
{
    pg_terrain_hydro *h = NULL;
    pg_terrain_hydro_summary s = {0};
    PG_ASSERT_OK(pg_terrain_hydro_create(g, p, &h));
    PG_ASSERT_OK(pg_terrain_hydro_add(h, z, n));
    PG_ASSERT_OK(pg_terrain_hydro_summarize(h, &s));
    if (keep) *keep = h;
    else pg_terrain_hydro_destroy(&h);
    return s;
}

/* A plane falling along +y (rows) on non-square cells: no depression;
 * every column drains straight down to the last row (outlets), so a cell
 * in row r drains r + 1 cells; channels (>= T cells) are rows T-1..H-1 and
 * each but the outlet row adds a link of dy: drainage density
 * (H - T) / (H dx) per metre. Hypsometric integral 1/2. Hack: L = r dy
 * and A = (r + 1) dx dy, an exponent just above 1. */
static void test_plane(void)
{
    enum { H = 200, W = 12, T = 16 };
    const double dx = 20, dy = 30;
    pg_terrain_grid g = {H, W, dx, dy};
    pg_terrain_hydro_params p = {0.05, T * dx * dy - 1};
    float *z = malloc(sizeof *z * H * W);
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) z[r * W + c] = (float)(0.1 * (H - r) * dy);
    pg_terrain_hydro *h;
    pg_terrain_hydro_summary s = analyse(&g, &p, z, 1, &h);
    CU_ASSERT_EQUAL(s.depressions, 0);
    CU_ASSERT_DOUBLE_EQUAL(s.depression_cell_frac, 0, 0);
    const int *rec = pg_terrain_hydro_last_receiver(h);
    const double *area = pg_terrain_hydro_last_area(h);
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            int i = r * W + c;
            CU_ASSERT_EQUAL(rec[i], r == H - 1 ? -1 : i + W);
            CU_ASSERT_DOUBLE_EQUAL(area[i], (r + 1) * dx * dy, 1e-6);
        }
    CU_ASSERT_DOUBLE_EQUAL(s.drainage_density_km, (H - T) / (H * dx) * 1e3,
                           1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s.hypsometric_integral, 0.5, 1e-6);
    CU_ASSERT_EQUAL(s.hack_points, (size_t)(H - T + 1) * W);
    CU_ASSERT(s.hack_exponent > 1 && s.hack_exponent < 1.03);
    CU_ASSERT(s.hack_r2 > 0.99);
    CU_ASSERT_DOUBLE_EQUAL(s.plan.mean, 0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s.profile.mean, 0, 1e-9);
    pg_terrain_hydro_destroy(&h);
    free(z);
}

/* A bowl z = (x^2 + y^2) spills at the middle of its nearest edge: one
 * depression, filled flat to that level, covering the cells below it. A
 * cone-shaped pit one cell wide on a plane, shallower than 5 % of the
 * relief, is filled but not counted; deeper, it is. */
static void test_bowl_and_pit(void)
{
    enum { N = 33 };
    pg_terrain_grid g = {N, N, 30, 30};
    float z[N * N];
    int mid = N / 2;
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++)
            z[r * N + c] = (float)((r - mid) * (r - mid) + (c - mid) * (c - mid));
    pg_terrain_hydro *h;
    pg_terrain_hydro_summary s = analyse(&g, &DEFAULTS, z, 1, &h);
    CU_ASSERT_EQUAL(s.depressions, 1);
    const double spill = mid * mid;   /* the lowest boundary cell */
    const double *f = pg_terrain_hydro_last_filled(h);
    size_t below = 0;
    for (int i = 0; i < N * N; i++) {
        CU_ASSERT_DOUBLE_EQUAL(f[i], z[i] < spill ? spill : z[i], 0);
        below += z[i] < spill;
    }
    CU_ASSERT_DOUBLE_EQUAL(s.depression_cell_frac, (double)below / (N * N),
                           1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s.depression_density_km2,
                           1 / (N * N * 900.0 / 1e6), 1e-9);
    pg_terrain_hydro_destroy(&h);

    /* Plane falling 1 m per row (relief N - 1 = 32 m), one pit. */
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) z[r * N + c] = (float)(N - r);
    float depth[2] = {1.0f, 3.0f};   /* 5 % of 32 m = 1.6 m */
    size_t want[2] = {0, 1};
    for (int k = 0; k < 2; k++) {
        float keep = z[mid * N + mid];
        z[mid * N + mid] = (float)(N - mid - 1) - depth[k];
        s = analyse(&g, &DEFAULTS, z, 1, &h);
        CU_ASSERT_EQUAL(s.depressions, want[k]);
        f = pg_terrain_hydro_last_filled(h);
        CU_ASSERT_DOUBLE_EQUAL(f[mid * N + mid], N - mid - 1, 0);
        pg_terrain_hydro_destroy(&h);
        z[mid * N + mid] = keep;
    }
}

/* Zevenbergen-Thorne on quadratics (exact on them): z = a x + b x^2 has
 * profile curvature -2b and plan curvature 0 everywhere; z = a x + b y^2
 * has plan curvature 2b and profile curvature 0 where y = 0, the only
 * interior row of a 3-row patch. */
static void test_curvature(void)
{
    enum { H = 3, W = 40 };
    const double dx = 10, dy = 25, a = 0.3, b = 2e-4;
    pg_terrain_grid g = {H, W, dx, dy};
    float z[H * W];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            double x = c * dx;
            z[r * W + c] = (float)(a * x + b * x * x);
        }
    pg_terrain_hydro_summary s = analyse(&g, &DEFAULTS, z, 1, NULL);
    CU_ASSERT_EQUAL(s.profile.cells, (size_t)(W - 2));
    CU_ASSERT_DOUBLE_EQUAL(s.profile.mean, -2 * b, 2e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.plan.mean, 0, 1e-9);
    /* Only row 1 is interior: y = 0 there (rows run along -y). */
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            double x = c * dx, y = (1 - r) * dy;
            z[r * W + c] = (float)(a * x + b * y * y);
        }
    s = analyse(&g, &DEFAULTS, z, 1, NULL);
    CU_ASSERT_DOUBLE_EQUAL(s.plan.mean, 2 * b, 2e-6);
    CU_ASSERT_DOUBLE_EQUAL(s.profile.mean, 0, 1e-9);
}

/* Random fields: the flow network drains every cell off the patch (no
 * cycle: following receivers ends at -1 within H*W links), contributing
 * areas add up (outlets receive every cell), and no filled level is below
 * the ground. */
static void test_random_network(void)
{
    enum { H = 24, W = 31 };
    pg_terrain_grid g = {H, W, 30, 20};
    float z[H * W];
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(5, 0, 0, &rng));
    for (int trial = 0; trial < 20; trial++) {
        pg_rng_fill_gaussian(rng, z, H * W, 10.0);
        if (trial % 2)   /* plateaus: ties everywhere */
            for (int i = 0; i < H * W; i++) z[i] = roundf(z[i] / 8) * 8;
        pg_terrain_hydro *h;
        analyse(&g, &DEFAULTS, z, 1, &h);
        const int *rec = pg_terrain_hydro_last_receiver(h);
        const double *area = pg_terrain_hydro_last_area(h);
        const double *f = pg_terrain_hydro_last_filled(h);
        double out = 0;
        int ok = 1;
        for (int i = 0; i < H * W; i++) {
            ok &= f[i] >= z[i];
            int j = i, steps = 0;
            while (rec[j] >= 0 && steps <= H * W) {
                j = rec[j];
                steps++;
            }
            ok &= steps <= H * W;
            if (rec[i] < 0) out += area[i];
        }
        CU_ASSERT(ok);
        CU_ASSERT_DOUBLE_EQUAL(out, H * W * 600.0, 1e-6);
        pg_terrain_hydro_destroy(&h);
    }
    pg_rng_destroy(&rng);
}

static void test_errors(void)
{
    pg_terrain_grid g = {8, 8, 30, 30};
    pg_terrain_hydro *h = NULL;
    pg_terrain_hydro_params bad = {1.0, 1e5};
    CU_ASSERT_EQUAL(pg_terrain_hydro_create(&g, &bad, &h), PG_ERR_ARG);
    bad = (pg_terrain_hydro_params){0.05, 0};
    CU_ASSERT_EQUAL(pg_terrain_hydro_create(&g, &bad, &h), PG_ERR_ARG);
    pg_error_clear();
    PG_ASSERT_OK(pg_terrain_hydro_create(&g, &DEFAULTS, &h));
    pg_terrain_hydro_summary s;
    CU_ASSERT_EQUAL(pg_terrain_hydro_summarize(h, &s), PG_ERR_ARG);
    float z[64] = {0};
    z[9] = NAN;
    CU_ASSERT_EQUAL(pg_terrain_hydro_add(h, z, 1), PG_ERR_NUMERIC);
    pg_error_clear();
    pg_terrain_hydro_destroy(&h);
    CU_ASSERT_PTR_NULL(h);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_hydro");
    PG_TEST(s, test_plane);
    PG_TEST(s, test_bowl_and_pit);
    PG_TEST(s, test_curvature);
    PG_TEST(s, test_random_network);
    PG_TEST(s, test_errors);
}
