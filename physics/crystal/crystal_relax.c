/* Relaxation in the Ewald + Born-Mayer force field (crystal_relax.h). */
#include "physics/crystal/crystal_relax.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_ewald.h"
#include "physics/crystal/crystal_lattice.h"

/* First BFGS step and line-search tolerance (GSL's recommended 0.1). The
 * variables are fractional coordinates and a log scale: a first step of
 * 0.01 moves an atom about 0.1 A. */
static const double FIRST_STEP = 0.01, LINE_TOL = 0.1;
/* A relaxation whose energy falls by more than this fraction of its
 * starting magnitude is a collapse, not a relaxation: point charges
 * overcoming the finite Born-Mayer barrier. It is stopped there (with
 * collapse_overlap, only when ions then overlap, crystal_relax.h). */
static const double COLLAPSE = 0.5;

pg_status pg_crystal_relax_defaults(pg_crystal_relax_opts *o)
{
    memset(o, 0, sizeof *o);
    o->ewald_accuracy = 1e-7;
    o->force_tol = 0.01;
    o->pressure_tol = 0.5;
    o->max_iter = 200;
    o->max_scale = 1.5;
    PG_CHECK(pg_crystal_born_mayer_params(&o->repulsion));
    return PG_OK;
}

typedef struct relax_ctx {
    const pg_crystal_structure *s;
    const double *sigma;
    const pg_crystal_relax_opts *o;
    double L0[9];
    double *frac, *q, *g_frac; /* n x 3, n, n x 3 */
    pg_status err;             /* first failure inside a GSL callback */
    double e_ewald, e_rep;
} relax_ctx;

/* The log scale s of the minimiser's last variable u: s = S tanh(u / S)
 * with S = ln(max_scale), so that no line search can try a cell whose
 * periodic sums explode (a collapsed cell has millions of images within
 * the cutoffs). ds/du = 1 - tanh^2. */
static double log_scale(const relax_ctx *c, double u, double *ds_du)
{
    double S = log(c->o->max_scale), t = tanh(u / S);
    if (ds_du) *ds_du = 1 - t * t;
    return S * t;
}

/* E and its gradient at x = (frac, u); g may be NULL. */
static double evaluate(relax_ctx *c, const gsl_vector *x, gsl_vector *g)
{
    int n = c->s->n;
    double dsdu;
    double L[9], gL[9] = {0},
           k = exp(log_scale(c, gsl_vector_get(x, 3 * (size_t)n), &dsdu));
    for (int a = 0; a < 9; a++) L[a] = k * c->L0[a];
    for (int a = 0; a < 3 * n; a++) c->frac[a] = gsl_vector_get(x, (size_t)a);
    memset(c->g_frac, 0, 3 * (size_t)n * sizeof *c->g_frac);
    pg_crystal_ewald_grad eg = {c->g_frac, gL, NULL};
    double ee = 0, er = 0;
    pg_status st = pg_crystal_ewald(L, c->frac, c->q, n, c->o->ewald_accuracy,
                                    &ee, g ? &eg : NULL, NULL);
    if (st == PG_OK)
        st = pg_crystal_repulsion(L, c->frac, c->sigma, c->q, n,
                                  &c->o->repulsion,
                                  &er, g ? c->g_frac : NULL, g ? gL : NULL);
    if (st != PG_OK) {
        if (c->err == PG_OK) c->err = st;
        else pg_error_clear();
        return GSL_NAN;
    }
    c->e_ewald = ee;
    c->e_rep = er;
    if (g) {
        double ds = 0;
        for (int a = 0; a < 9; a++) ds += gL[a] * L[a];
        for (int a = 0; a < 3 * n; a++) gsl_vector_set(g, (size_t)a, c->g_frac[a]);
        gsl_vector_set(g, 3 * (size_t)n, ds * dsdu);
    }
    return ee + er;
}

static double f_only(const gsl_vector *x, void *p)
{
    return evaluate(p, x, NULL);
}

static void df_only(const gsl_vector *x, void *p, gsl_vector *g)
{
    evaluate(p, x, g);
}

static void fdf(const gsl_vector *x, void *p, double *f, gsl_vector *g)
{
    *f = evaluate(p, x, g);
}

/* Cartesian forces -dE/dr = -g_frac L^-T (r = f L) and their largest norm. */
static double cartesian_forces(const double Linv[9], const double *g_frac,
                               int n, double *forces)
{
    double fmax = 0;
    for (int i = 0; i < n; i++) {
        double f2 = 0;
        for (int k = 0; k < 3; k++) {
            double v = 0;
            for (int m = 0; m < 3; m++) v -= g_frac[3 * i + m] * Linv[3 * k + m];
            if (forces) forces[3 * i + k] = v;
            f2 += v * v;
        }
        if (f2 > fmax * fmax) fmax = sqrt(f2);
    }
    return fmax;
}

/* Force and pressure at x (the gradient g already evaluated there). */
static void measure(const relax_ctx *c, const gsl_vector *x,
                    const gsl_vector *g, double *forces, double *fmax,
                    double *pressure)
{
    int n = c->s->n;
    double dsdu, L[9], Linv[9],
           k = exp(log_scale(c, gsl_vector_get(x, 3 * (size_t)n), &dsdu));
    for (int a = 0; a < 9; a++) L[a] = k * c->L0[a];
    double V = fabs(pg_crystal_lattice_inverse(L, Linv));
    double *gf = c->g_frac;
    for (int a = 0; a < 3 * n; a++) gf[a] = gsl_vector_get(g, (size_t)a);
    *fmax = cartesian_forces(Linv, gf, n, forces);
    double ds = gsl_vector_get(g, 3 * (size_t)n) / dsdu;
    *pressure = -ds / (3 * V) / PG_CRYSTAL_EV_A3_PER_GPA;
}

static pg_status ctx_init(relax_ctx *c, const pg_crystal_structure *s,
                          const double *sigma, const pg_crystal_relax_opts *o)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->sigma = sigma;
    c->o = o;
    memcpy(c->L0, s->lattice, sizeof c->L0);
    size_t n = (size_t)(s->n > 0 ? s->n : 1);
    c->frac = malloc(3 * n * sizeof *c->frac);
    c->g_frac = malloc(3 * n * sizeof *c->g_frac);
    c->q = malloc(n * sizeof *c->q);
    if (!c->frac || !c->g_frac || !c->q)
        return PG_FAIL(PG_ERR_NOMEM, "relaxation of %d atoms", s->n);
    for (int i = 0; i < s->n; i++) c->q[i] = s->ox[i];
    return PG_OK;
}

static void ctx_free(relax_ctx *c)
{
    free(c->frac);
    free(c->g_frac);
    free(c->q);
}

static gsl_vector *start_vector(const pg_crystal_structure *s)
{
    gsl_vector *x = gsl_vector_alloc(3 * (size_t)s->n + 1);
    if (!x) return NULL;
    for (int a = 0; a < 3 * s->n; a++) gsl_vector_set(x, (size_t)a, s->frac[a]);
    gsl_vector_set(x, 3 * (size_t)s->n, 0.0);
    return x;
}

pg_status pg_crystal_force_field(const pg_crystal_structure *s,
                                 const double *sigma,
                                 const pg_crystal_relax_opts *o,
                                 double *energy, double *e_ewald,
                                 double *e_rep, double *forces,
                                 double *dE_ds)
{
    relax_ctx c;
    pg_status st = ctx_init(&c, s, sigma, o);
    gsl_vector *x = st == PG_OK ? start_vector(s) : NULL;
    gsl_vector *g = x ? gsl_vector_alloc(x->size) : NULL;
    if (st == PG_OK && (!x || !g))
        st = PG_FAIL(PG_ERR_NOMEM, "force field of %d atoms", s->n);
    if (st == PG_OK) {
        *energy = evaluate(&c, x, g);
        st = c.err;
    }
    if (st == PG_OK) {
        if (e_ewald) *e_ewald = c.e_ewald;
        if (e_rep) *e_rep = c.e_rep;
        double fmax, p;
        measure(&c, x, g, forces, &fmax, &p);
        if (dE_ds) *dE_ds = gsl_vector_get(g, 3 * (size_t)s->n); /* u = 0 */
    }
    gsl_vector_free(g);
    gsl_vector_free(x);
    ctx_free(&c);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

/* The smallest cation-anion r / (sigma_i + sigma_j) at x (0 for a cell
 * the measure refuses: treated as overlapping). */
static double overlap_at(relax_ctx *c, const gsl_vector *x)
{
    int n = c->s->n;
    double L[9], ratio = 0,
           k = exp(log_scale(c, gsl_vector_get(x, 3 * (size_t)n), NULL));
    for (int a = 0; a < 9; a++) L[a] = k * c->L0[a];
    for (int a = 0; a < 3 * n; a++) c->frac[a] = gsl_vector_get(x, (size_t)a);
    if (pg_crystal_overlap_min(L, c->frac, c->sigma, c->q, n, &ratio) !=
        PG_OK) {
        pg_error_clear();
        return 0;
    }
    return ratio;
}

/* Copy the minimiser's point back into s (frac wrapped, lattice scaled). */
static void store(pg_crystal_structure *s, const relax_ctx *c,
                  const gsl_vector *x)
{
    double k = exp(log_scale(c, gsl_vector_get(x, 3 * (size_t)s->n), NULL));
    for (int a = 0; a < 9; a++) s->lattice[a] = k * c->L0[a];
    for (int a = 0; a < 3 * s->n; a++) {
        double f = gsl_vector_get(x, (size_t)a);
        s->frac[a] = f - floor(f);
    }
}

pg_status pg_crystal_relax(pg_crystal_structure *s, const double *sigma,
                           const pg_crystal_relax_opts *o, double *forces,
                           pg_crystal_relax_result *r)
{
    memset(r, 0, sizeof *r);
    relax_ctx c;
    pg_status st = ctx_init(&c, s, sigma, o);
    gsl_vector *x = st == PG_OK ? start_vector(s) : NULL;
    gsl_multimin_fdfminimizer *m =
        x ? gsl_multimin_fdfminimizer_alloc(
                gsl_multimin_fdfminimizer_vector_bfgs2, x->size) : NULL;
    if (st == PG_OK && (!x || !m))
        st = PG_FAIL(PG_ERR_NOMEM, "relaxation of %d atoms", s->n);
    if (st != PG_OK) goto done;
    gsl_multimin_function_fdf fn = {f_only, df_only, fdf, x->size, &c};
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_multimin_fdfminimizer_set(m, &fn, x, FIRST_STEP, LINE_TOL);
    r->energy_start = m->f;
    double fmax = INFINITY, p = INFINITY, ref = m->f;
    double start_overlap = o->collapse_overlap > 0 ? overlap_at(&c, x) : 0;
    int it = 0;
    while (c.err == PG_OK && isfinite(m->f)) {
        if (m->f < ref - COLLAPSE * fabs(ref)) {
            double now = o->collapse_overlap > 0 ? overlap_at(&c, m->x) : 0;
            if (o->collapse_overlap > 0 &&
                (now >= o->collapse_overlap || now >= start_overlap)) {
                ref = m->f;   /* a deep fall, no ion closer than it began */
                r->rebased++;
            } else {
                r->collapsed = 1; /* ions falling onto each other */
                break;
            }
        }
        measure(&c, m->x, m->gradient, NULL, &fmax, &p);
        if (fmax < o->force_tol && fabs(p) < o->pressure_tol) {
            r->converged = 1;
            break;
        }
        if (it >= o->max_iter) break;
        it++;
        if (gsl_multimin_fdfminimizer_iterate(m) != GSL_SUCCESS) {
            /* No progress along the search direction: test once more
             * where it stopped, then give up. */
            measure(&c, m->x, m->gradient, NULL, &fmax, &p);
            r->converged = fmax < o->force_tol && fabs(p) < o->pressure_tol;
            break;
        }
    }
    gsl_set_error_handler(old);
    if (c.err != PG_OK) {
        st = pg_error_trace(c.err, __FILE__, __LINE__, __func__);
        goto done;
    }
    if (!isfinite(m->f)) {
        st = PG_FAIL(PG_ERR_NUMERIC, "relaxation: the energy is not finite "
                     "(ions on top of each other)");
        goto done;
    }
    r->iterations = it;
    /* Final energy, parts and forces at the minimiser's point. */
    gsl_vector *g = gsl_vector_alloc(x->size);
    if (!g) {
        st = PG_FAIL(PG_ERR_NOMEM, "relaxation gradient");
        goto done;
    }
    r->energy = evaluate(&c, m->x, g);
    r->e_ewald = c.e_ewald;
    r->e_rep = c.e_rep;
    measure(&c, m->x, g, forces, &r->max_force, &r->pressure);
    r->scale = exp(log_scale(&c, gsl_vector_get(m->x, 3 * (size_t)s->n),
                             NULL));
    gsl_vector_free(g);
    store(s, &c, m->x);
    st = c.err;
done:
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
    ctx_free(&c);
    return st;
}
