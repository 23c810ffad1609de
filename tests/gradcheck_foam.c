/* Foam penalties (physics/foam/foam_penalties.h): analytic gradients against central
 * differences on small odd and even periodic grids, with film fields that
 * cross the periodic edges (so the wrap is part of every check), through
 * the trainer objects (pg_penalty) with the input frames as the input's
 * conditioning, as the penalty list calls them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/foam/foam_penalties.h"
#include "runner.h"

enum { NB = 2 };
static const double SIGMA_SITES = 1.5;  /* Plateau window */
static const double TAU_SITES2 = 0.7;   /* curvature-flow step */
static const double EPS = 0.3;          /* |grad phi| regulariser */

/* The penalties' gradients are O(1 / (H W)) per site: a tight absolute
 * tolerance, the default relative one. */
static const gc_opts OPTS = {.eps = 1e-3, .atol = 1e-6, .rtol = 2e-2};

typedef struct pen_case {
    pg_penalty *p;
    int n, h, w;
    const float *in; /* input frames (conditioning) or NULL */
} pen_case;

static double pen_fn(void *ctx, const float *x, float *grad)
{
    pen_case *c = ctx;
    int shape[4] = {c->n, 1, c->h, c->w};
    pg_tensor t = {0}, g = {0}, cond = {0};
    pg_tensor_shape(&t, 4, shape);
    t.data = (float *)x;
    pg_tensor_shape(&cond, 4, shape);
    cond.data = (float *)c->in;
    pg_penalty_input pin = {&t, c->in ? &cond : NULL, NULL};
    pg_tensor_shape(&g, 4, shape);
    g.data = grad;
    if (grad) memset(grad, 0, t.size * sizeof *grad);
    double v = NAN;
    if (pg_penalty_eval(c->p, &pin, &v, grad ? &g : NULL) != PG_OK) {
        pg_error_print(stderr);
        pg_error_clear();
    }
    return v;
}

/* A smooth film field: a bent stripe that wraps around both edges, plus
 * noise, clamped into (0, 1). */
static void fill_film(pg_rng *r, int n, int h, int w, float *x)
{
    for (int k = 0; k < n; k++)
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                double y0 = (h - 1) * (0.2 + 0.1 * k) +
                            1.5 * sin(2 * 3.14159265 * j / w);
                double d = fmin(fabs(i - y0), h - fabs(i - y0));
                double v = exp(-d * d / 2) + 0.15 * pg_rng_uniform(r);
                if (j == (k + 2) % w) v = fmax(v, 0.8); /* a crossing film */
                x[((size_t)k * h + i) * w + j] = (float)fmin(v, 0.95);
            }
}

static void check(pg_penalty *p, int h, int w, const float *in, float *x,
                  const char *label)
{
    pen_case c = {p, NB, h, w, in};
    double v = pen_fn(&c, x, NULL);
    CU_ASSERT(isfinite(v) && v > 0);
    CU_ASSERT_EQUAL(gc_check_function(pen_fn, &c, x, (size_t)NB * h * w,
                                      &OPTS, label), 0);
}

static void run_sizes(int h, int w)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(21, 0, PG_RNG_TEST, &r));
    size_t n = (size_t)NB * h * w;
    float *x = malloc(n * sizeof *x), *in = malloc(n * sizeof *in);
    CU_ASSERT_FATAL(x && in);
    fill_film(r, NB, h, w, x);
    fill_film(r, NB, h, w, in);
    for (size_t c = 0; c < n; c++) in[c] = 0.9f * in[c];

    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_foam_mass_penalty_create(h, w, NB, 1.0, &p));
    check(p, h, w, in, x, "foam.mass");
    pg_penalty_destroy(&p);

    PG_ASSERT_OK(pg_foam_plateau_penalty_create(h, w, SIGMA_SITES, 1.0, &p));
    check(p, h, w, NULL, x, "foam.plateau");
    pg_penalty_destroy(&p);

    PG_ASSERT_OK(pg_foam_vonneumann_penalty_create(h, w, NB, TAU_SITES2, EPS,
                                                   1.0, &p));
    check(p, h, w, in, x, "foam.vonneumann");
    pg_penalty_destroy(&p);
    free(x);
    free(in);
    pg_rng_destroy(&r);
}

static void test_odd_grid(void) { run_sizes(9, 11); }
static void test_even_grid(void) { run_sizes(8, 10); }

/* The curvature-flow operator's adjoint (pg_foam_curvature_flow): L =
 * sum g T(u) for fixed random g. */
typedef struct flow_case {
    pg_foam_spectral *s;
    double *g, *t;
    int hw;
} flow_case;

static double flow_fn(void *ctx, const float *x, float *grad)
{
    flow_case *c = ctx;
    if (grad) memset(grad, 0, (size_t)c->hw * sizeof *grad);
    pg_foam_curvature_flow(c->s, x, TAU_SITES2, c->t, c->g, 1.0, grad);
    double l = 0;
    for (int k = 0; k < c->hw; k++) l += c->g[k] * c->t[k];
    return l;
}

static void test_curvature_flow_adjoint(void)
{
    const int sizes[2][2] = {{9, 11}, {8, 10}};
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(23, 0, PG_RNG_TEST, &r));
    for (int q = 0; q < 2; q++) {
        int h = sizes[q][0], w = sizes[q][1];
        flow_case c = {NULL, malloc((size_t)h * w * sizeof(double)),
                       malloc((size_t)h * w * sizeof(double)), h * w};
        float *x = malloc((size_t)h * w * sizeof *x);
        CU_ASSERT_FATAL(c.g && c.t && x);
        PG_ASSERT_OK(pg_foam_spectral_create(h, w, EPS, &c.s));
        fill_film(r, 1, h, w, x);
        for (int k = 0; k < h * w; k++) c.g[k] = pg_rng_gaussian(r, 1.0) / (h * w);
        CU_ASSERT_EQUAL(gc_check_function(flow_fn, &c, x, (size_t)h * w, &OPTS,
                                          "foam curvature flow"), 0);
        pg_foam_spectral_destroy(&c.s);
        free(c.g);
        free(c.t);
        free(x);
    }
    pg_rng_destroy(&r);
}

/* The weight scales the gradient and not the value. */
static void test_weight_scales_gradient(void)
{
    enum { H = 7, W = 9 };
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(22, 0, PG_RNG_TEST, &r));
    float x[NB * H * W], g1[NB * H * W], g3[NB * H * W];
    fill_film(r, NB, H, W, x);
    pg_penalty *p = NULL;
    PG_ASSERT_OK(pg_foam_plateau_penalty_create(H, W, SIGMA_SITES, 1.0, &p));
    pen_case c = {p, NB, H, W, NULL};
    double v1 = pen_fn(&c, x, g1);
    p->weight = 3.0;
    double v3 = pen_fn(&c, x, g3);
    CU_ASSERT_DOUBLE_EQUAL(v1, v3, 1e-12);
    double worst = 0;
    for (int k = 0; k < NB * H * W; k++)
        worst = fmax(worst, fabs(g3[k] - 3 * g1[k]));
    CU_ASSERT(worst < 1e-6);
    pg_penalty_destroy(&p);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_foam");
    PG_TEST(s, test_odd_grid);
    PG_TEST(s, test_even_grid);
    PG_TEST(s, test_curvature_flow_adjoint);
    PG_TEST(s, test_weight_scales_gradient);
}
