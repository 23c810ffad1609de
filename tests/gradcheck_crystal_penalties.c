/* The crystal penalties as the trainer calls them (pg_penalty objects on
 * crystal tables, physics/crystal/crystal_sample.h): analytic gradients
 * against central differences of the float32 input, a batch of two
 * triclinic cells with 4 atom slots over 18 species (empty, H..Cl), the
 * species probabilities away from ties so the GII's most probable species
 * does not switch under the perturbation. crystal.cell (gradient w.r.t.
 * the lattice only) with each hinge active (planes below the bound, volume per atom above, then below the
 * range) and its value on a cube worked by hand; the pair penalties read
 * 0 on a cell too thin to enumerate. Also: the registry builds every
 * kind from its [physics] keys and refuses a geometry that is no crystal
 * table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_penalties.h"
#include "physics/penalty_registry.h"
#include "runner.h"

enum { NB = 2, A = 4, S = 18, H = 3 + A, W = 3 + S, PER = H * W };

/* Each slot's favoured species: Na (11), Cl (17), O (8), Li (3). */
static const int FAV[A] = {11, 17, 8, 3};

static void fill(float *x)
{
    memset(x, 0, NB * PER * sizeof *x);
    const double cells[NB][6] = {{4.2, 4.6, 5.0, 80, 97, 110},
                                 {3.9, 5.2, 4.4, 66, 88, 102}};
    for (int b = 0; b < NB; b++) {
        float *t = x + b * PER;
        double L[9];
        PG_ASSERT_OK(pg_crystal_lattice_from_params(cells[b], L));
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) t[r * W + c] = (float)L[3 * r + c];
        for (int i = 0; i < A; i++) {
            float *row = t + (3 + i) * W;
            for (int k = 0; k < 3; k++)
                row[k] = (float)fmod(0.13 + 0.29 * i + 0.41 * k + 0.17 * b +
                                     0.07 * i * k, 1.0);
            double sum = 0;
            for (int s = 0; s < S; s++) {
                double v = 0.2 + 0.1 * sin(1.3 * s + i + b);
                if (s == FAV[i]) v += 3;
                row[3 + s] = (float)v;
                sum += v;
            }
            for (int s = 0; s < S; s++) row[3 + s] = (float)(row[3 + s] / sum);
        }
    }
}

typedef struct pen_case {
    pg_penalty *p;
} pen_case;

static double pen_fn(void *ctx, const float *x, float *grad)
{
    pen_case *c = ctx;
    int shape[4] = {NB, 1, H, W};
    pg_tensor t = {0}, g = {0};
    pg_tensor_shape(&t, 4, shape);
    t.data = (float *)x;
    pg_tensor_shape(&g, 4, shape);
    g.data = grad;
    if (grad) memset(grad, 0, t.size * sizeof *grad);
    pg_penalty_input in = {&t, NULL, NULL};
    double v = NAN;
    if (pg_penalty_eval(c->p, &in, &v, grad ? &g : NULL) != PG_OK) {
        pg_error_print(stderr);
        pg_error_clear();
    }
    return v;
}

static void check(pg_penalty *p, double atol, const char *label)
{
    float x[NB * PER];
    fill(x);
    pen_case c = {p};
    double v = pen_fn(&c, x, NULL);
    printf("%s = %.6g\n", label, v);
    CU_ASSERT(isfinite(v) && v != 0);
    gc_opts o = {.eps = 2e-3, .atol = atol, .rtol = 2e-2,
                 .max_checks = NB * PER};
    CU_ASSERT_EQUAL(gc_check_function(pen_fn, &c, x, NB * PER, &o, label), 0);
    /* the unused columns of the lattice rows get no gradient */
    float g[NB * PER];
    pen_fn(&c, x, g);
    for (int b = 0; b < NB; b++)
        for (int r = 0; r < 3; r++)
            for (int col = 3; col < W; col++)
                CU_ASSERT_EQUAL(g[b * PER + r * W + col], 0);
    pg_penalty_destroy(&p);
}

static const pg_crystal_layout LAYOUT = {A, S};

static void test_spacing(void)
{
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_crystal_spacing_penalty_create(&LAYOUT, 1.2, 1.0, &p));
    check(p, 1e-4, "crystal.spacing");
}

static void test_charge(void)
{
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_crystal_charge_penalty_create(&LAYOUT, 1.0, &p));
    check(p, 1e-4, "crystal.charge");
}

static void test_ewald(void)
{
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_crystal_ewald_penalty_create(&LAYOUT, 1e-8, 1.0, &p));
    check(p, 1e-3, "crystal.ewald");
}

static void test_gii(void)
{
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_crystal_gii_penalty_create(&LAYOUT, 4.5, 1.0, &p));
    check(p, 1e-4, "crystal.gii");
}

/* crystal.cell holds the atom count fixed (crystal_cell.h): its gradient
 * is checked against central differences of the lattice entries (both
 * samples' 3 x 3), and is 0 on every other entry of the table. */
typedef struct lat_case {
    pg_penalty *p;
    float x[NB * PER];
} lat_case;

static double lat_fn(void *ctx, const float *lat, float *grad)
{
    lat_case *c = ctx;
    float g[NB * PER];
    for (int b = 0; b < NB; b++)
        for (int q = 0; q < 9; q++)
            c->x[b * PER + (q / 3) * W + q % 3] = lat[b * 9 + q];
    pen_case pc = {c->p};
    double v = pen_fn(&pc, c->x, grad ? g : NULL);
    for (int b = 0; b < NB && grad; b++)
        for (int q = 0; q < 9; q++)
            grad[b * 9 + q] = g[b * PER + (q / 3) * W + q % 3];
    return v;
}

static void check_lattice_only(pg_penalty *p, const char *label)
{
    lat_case c = {p, {0}};
    fill(c.x);
    float lat[NB * 9], g[NB * PER];
    for (int b = 0; b < NB; b++)
        for (int q = 0; q < 9; q++)
            lat[b * 9 + q] = c.x[b * PER + (q / 3) * W + q % 3];
    double v = lat_fn(&c, lat, NULL);
    printf("%s = %.6g\n", label, v);
    CU_ASSERT(isfinite(v) && v > 0);
    gc_opts o = {.eps = 2e-3, .atol = 1e-4, .rtol = 2e-2,
                 .max_checks = NB * 9};
    CU_ASSERT_EQUAL(gc_check_function(lat_fn, &c, lat, NB * 9, &o, label), 0);
    pen_case pc = {p};
    pen_fn(&pc, c.x, g);
    for (int b = 0; b < NB; b++)
        for (int r = 0; r < 3 + A; r++)
            for (int col = 0; col < W; col++)
                if (r >= 3 || col >= 3) CU_ASSERT_EQUAL(g[b * PER + r * W + col], 0);
    pg_penalty_destroy(&p);
}

static void test_cell(void)
{
    pg_penalty *p = NULL;
    /* cells of about 4-5 A and 20 A^3 per atom: planes below 6 A and
     * volume per atom above 10 A^3 are penalised */
    pg_crystal_cell_bounds hi = {6.0, 2.0, 10.0}, lo = {2.0, 40.0, 80.0};
    PG_ASSERT_OK(pg_crystal_cell_penalty_create(&LAYOUT, &hi, 1.0, &p));
    check_lattice_only(p, "crystal.cell (planes, volume above)");
    PG_ASSERT_OK(pg_crystal_cell_penalty_create(&LAYOUT, &lo, 1.0, &p));
    check_lattice_only(p, "crystal.cell (volume below)");
    /* a 2 A cube with 4 atoms against planes >= 4 A and 1..1.5 A^3 per
     * atom: 3 (1 - 2/4)^2 + ln(2 / 1.5)^2 */
    double L[9] = {2, 0, 0, 0, 2, 0, 0, 0, 2}, w[4] = {1, 1, 1, 1};
    pg_crystal_cell_bounds b = {4.0, 1.0, 1.5};
    CU_ASSERT_DOUBLE_EQUAL(pg_crystal_cell_penalty(L, w, 4, &b, NULL),
                           0.75 + pow(log(2 / 1.5), 2), 1e-12);
    /* inside every bound: 0 */
    b = (pg_crystal_cell_bounds){1.0, 1.0, 3.0};
    CU_ASSERT_EQUAL(pg_crystal_cell_penalty(L, w, 4, &b, NULL), 0);
    /* bounds that make no range are refused */
    b = (pg_crystal_cell_bounds){1.0, 3.0, 2.0};
    CU_ASSERT_EQUAL(pg_crystal_cell_penalty_create(&LAYOUT, &b, 1.0, &p),
                    PG_ERR_ARG);
    pg_error_clear();
}

/* A cell 0.5 A thin: the pair penalties skip it (value 0, no gradient),
 * crystal.cell does not. */
static void test_thin_cell_skipped(void)
{
    float x[NB * PER], g[NB * PER];
    fill(x);
    for (int b = 0; b < NB; b++)
        for (int c = 0; c < 3; c++) x[b * PER + 2 * W + c] *= 0.1f;
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_crystal_spacing_penalty_create(&LAYOUT, 1.2, 1.0, &p));
    pen_case c = {p};
    CU_ASSERT_EQUAL(pen_fn(&c, x, g), 0);
    for (int i = 0; i < NB * PER; i++) CU_ASSERT_EQUAL(g[i], 0);
    pg_penalty_destroy(&p);
    pg_crystal_cell_bounds b = {2.0, 5.0, 50.0};
    PG_ASSERT_OK(pg_crystal_cell_penalty_create(&LAYOUT, &b, 1.0, &p));
    c.p = p;
    CU_ASSERT(pen_fn(&c, x, g) > 0);
    pg_penalty_destroy(&p);
}

static void test_registry(void)
{
    const pg_penalty_domain *d = NULL;
    PG_ASSERT_OK(pg_penalty_domain_find("crystal", &d));
    CU_ASSERT_EQUAL(d->n_kinds, 5);
    double param[3] = {0.7, 0, 0};
    /* crystal.cell's bounds default to the training set's (args.data) */
    pg_crystal_cell_bounds data = {2.0, 5.0, 50.0};
    for (int k = 0; k < d->n_kinds; k++) {
        const pg_penalty_kind *kind = &d->kinds[k];
        for (int j = 1; j < kind->n_keys; j++)
            param[j - 1] = atof(kind->keys[j].def);
        pg_penalty_args a = {.geom = {NB, 1, H, W, 1, 1}, .weight = 1,
                             .param = param, .data = &data};
        pg_penalty *p = NULL;
        PG_ASSERT_OK(kind->create(&a, &p));
        CU_ASSERT_STRING_EQUAL(p->name, kind->name);
        pg_penalty_destroy(&p);
        a.geom.channels = 3; /* an image, not a crystal table */
        CU_ASSERT_EQUAL(kind->create(&a, &p), PG_ERR_SHAPE);
        CU_ASSERT_PTR_NULL(p);
        pg_error_clear();
    }
    /* crystal.cell without the training set's bounds and no keys set */
    const pg_penalty_kind *cell = NULL;
    PG_ASSERT_OK(pg_penalty_kind_find("crystal.cell", &cell));
    double none[3] = {0, 0, 0};
    pg_penalty_args a = {.geom = {NB, 1, H, W, 1, 1}, .weight = 1,
                         .param = none};
    pg_penalty *p = NULL;
    CU_ASSERT_EQUAL(cell->create(&a, &p), PG_ERR_CONFIG);
    pg_error_clear();
    /* keys set: no data needed */
    double keys[3] = {2.0, 5.0, 50.0};
    a.param = keys;
    PG_ASSERT_OK(cell->create(&a, &p));
    pg_penalty_destroy(&p);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_crystal_penalties");
    PG_TEST(s, test_spacing);
    PG_TEST(s, test_charge);
    PG_TEST(s, test_ewald);
    PG_TEST(s, test_gii);
    PG_TEST(s, test_cell);
    PG_TEST(s, test_thin_cell_skipped);
    PG_TEST(s, test_registry);
}
