/* The crystal penalties (crystal_penalties.h). */
#include "physics/crystal/crystal_penalties.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_bv.h"
#include "physics/crystal/crystal_cell.h"
#include "physics/crystal/crystal_charge.h"
#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_ewald.h"
#include "physics/crystal/crystal_spacing.h"

typedef enum { SPACING, CHARGE, EWALD, GII, CELL } kind_t;
static const char *const NAME[] = {"crystal.spacing", "crystal.charge",
                                   "crystal.ewald", "crystal.gii",
                                   "crystal.cell"};

/* A radius for the species the tables give none (noble gases), A. */
static const double DEFAULT_RADIUS = 1.0;

typedef struct crystal_ctx {
    kind_t kind;
    pg_crystal_layout l;
    double param;
    pg_crystal_cell_bounds bounds;   /* CELL */
    double *q_s, *r_s;  /* S: common oxidation state, radius */
    int *bv_ok;         /* S: has bond-valence parameters */
    /* workspaces, A or A x 3 or A x S */
    double L[9], gL[9];
    double *frac, *p, *gfrac, *gp, *a1, *a2, *g1, *g2;
    int *z, *ox;
} crystal_ctx;

static void ctx_destroy(void *v)
{
    crystal_ctx *c = v;
    if (!c) return;
    free(c->q_s);
    free(c->r_s);
    free(c->bv_ok);
    free(c->frac);
    free(c->p);
    free(c->gfrac);
    free(c->gp);
    free(c->a1);
    free(c->a2);
    free(c->g1);
    free(c->g2);
    free(c->z);
    free(c->ox);
    free(c);
}

static void zero(double *x, int n)
{
    memset(x, 0, (size_t)n * sizeof *x);
}

static pg_status eval_one(crystal_ctx *c, const float *x, int want_grad,
                          double *value)
{
    int A = c->l.atoms, S = c->l.species;
    pg_crystal_sample_unpack(&c->l, x, c->L, c->frac, c->p);
    zero(c->gL, 9);
    zero(c->gfrac, 3 * A);
    zero(c->gp, A * S);
    /* the pair penalties skip a cell too thin or long to enumerate its
     * images (crystal_cell.h); crystal.cell brings it back */
    if (c->kind != CHARGE && c->kind != CELL &&
        !pg_crystal_cell_evaluable(c->L)) {
        *value = 0;
        return PG_OK;
    }
    switch (c->kind) {
    case SPACING: {
        for (int i = 0; i < A; i++) {
            double r = 0;
            for (int s = 1; s < S; s++) r += c->p[i * S + s] * c->r_s[s];
            c->a1[i] = r;
            c->a2[i] = 1 - c->p[i * S];
        }
        zero(c->g1, A);
        zero(c->g2, A);
        pg_crystal_spacing_grad g = {c->gfrac, c->gL, c->g1, c->g2};
        PG_CHECK(pg_crystal_spacing(c->L, c->frac, c->a1, c->a2, A, c->param,
                                    value, want_grad ? &g : NULL));
        for (int i = 0; i < A && want_grad; i++) {
            c->gp[i * S] -= c->g2[i];
            for (int s = 1; s < S; s++) c->gp[i * S + s] += c->g1[i] * c->r_s[s];
        }
        break;
    }
    case CHARGE:
        *value = pg_crystal_charge_penalty(c->p, A, S, c->q_s, 1,
                                           want_grad ? c->gp : NULL);
        break;
    case EWALD: {
        for (int i = 0; i < A; i++) {
            double q = 0;
            for (int s = 0; s < S; s++) q += c->p[i * S + s] * c->q_s[s];
            c->a1[i] = q;
        }
        zero(c->g1, A);
        pg_crystal_ewald_grad g = {c->gfrac, c->gL, c->g1};
        PG_CHECK(pg_crystal_ewald(c->L, c->frac, c->a1, A, c->param, value,
                                  want_grad ? &g : NULL, NULL));
        for (int i = 0; i < A && want_grad; i++)
            for (int s = 0; s < S; s++) c->gp[i * S + s] += c->g1[i] * c->q_s[s];
        break;
    }
    case GII:
        for (int i = 0; i < A; i++) {
            int best = 0;
            for (int s = 1; s < S; s++)
                if (c->p[i * S + s] > c->p[i * S + best]) best = s;
            c->z[i] = best ? best : 1;
            c->ox[i] = best && c->bv_ok[best] ? (int)c->q_s[best] : 0;
        }
        PG_CHECK(pg_crystal_gii(c->L, c->frac, c->z, c->ox, A, c->param,
                                c->a1, value, want_grad ? c->gfrac : NULL,
                                want_grad ? c->gL : NULL));
        break;
    case CELL:   /* gradient w.r.t. the lattice only (crystal_cell.h) */
        for (int i = 0; i < A; i++) c->a2[i] = 1 - c->p[i * S];
        *value = pg_crystal_cell_penalty(c->L, c->a2, A, &c->bounds,
                                         want_grad ? c->gL : NULL);
        break;
    }
    return PG_OK;
}

static pg_status crystal_eval(const pg_penalty *pen, const pg_penalty_input *in,
                              double *value, pg_tensor *grad_x)
{
    crystal_ctx *c = pen->ctx;
    const pg_tensor *x = in->x;
    int n = pg_tensor_batch(x);
    size_t per = pg_tensor_per_sample(x);
    if (x->ndim != 4 || per != (size_t)pg_crystal_layout_size(&c->l))
        return PG_FAIL(PG_ERR_SHAPE, "%s: samples of %zu values, the layout "
                       "has %d", pen->name, per,
                       pg_crystal_layout_size(&c->l));
    double sum = 0;
    for (int b = 0; b < n; b++) {
        double v = 0;
        PG_CHECK(eval_one(c, x->data + (size_t)b * per, grad_x != NULL, &v));
        sum += v;
        if (grad_x)
            pg_crystal_sample_add_grad(&c->l, pen->weight / n, c->gL,
                                       c->gfrac, c->gp,
                                       grad_x->data + (size_t)b * per);
    }
    *value = sum / n;
    return PG_OK;
}

static pg_status make(kind_t kind, const pg_crystal_layout *l, double param,
                      double weight, pg_penalty **out)
{
    *out = NULL;
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    if (l->atoms < 1 || l->species < 2 || l->species - 1 > PG_CRYSTAL_ZMAX)
        return PG_FAIL(PG_ERR_SHAPE, "%s: %d atom slots, %d species",
                       NAME[kind], l->atoms, l->species);
    if (kind == EWALD && l->atoms > PG_CRYSTAL_EWALD_MAX_ATOMS)
        return PG_FAIL(PG_ERR_SHAPE, "crystal.ewald: %d atom slots (at most "
                       "%d)", l->atoms, PG_CRYSTAL_EWALD_MAX_ATOMS);
    pg_penalty *p = calloc(1, sizeof *p);
    crystal_ctx *c = calloc(1, sizeof *c);
    if (!p || !c) {
        free(p);
        free(c);
        return PG_FAIL(PG_ERR_NOMEM, "%s", NAME[kind]);
    }
    p->name = NAME[kind];
    p->weight = weight;
    p->eval = crystal_eval;
    p->ctx = c;
    p->destroy_ctx = ctx_destroy;
    *out = p;
    c->kind = kind;
    c->l = *l;
    c->param = param;
    size_t A = (size_t)l->atoms, S = (size_t)l->species;
    c->q_s = calloc(S, sizeof *c->q_s);
    c->r_s = calloc(S, sizeof *c->r_s);
    c->bv_ok = calloc(S, sizeof *c->bv_ok);
    c->frac = calloc(3 * A, sizeof *c->frac);
    c->gfrac = calloc(3 * A, sizeof *c->gfrac);
    c->p = calloc(A * S, sizeof *c->p);
    c->gp = calloc(A * S, sizeof *c->gp);
    c->a1 = calloc(A, sizeof *c->a1);
    c->a2 = calloc(A, sizeof *c->a2);
    c->g1 = calloc(A, sizeof *c->g1);
    c->g2 = calloc(A, sizeof *c->g2);
    c->z = calloc(A, sizeof *c->z);
    c->ox = calloc(A, sizeof *c->ox);
    if (!c->q_s || !c->r_s || !c->bv_ok || !c->frac || !c->gfrac || !c->p ||
        !c->gp || !c->a1 || !c->a2 || !c->g1 || !c->g2 || !c->z || !c->ox) {
        pg_penalty_destroy(out);
        return PG_FAIL(PG_ERR_NOMEM, "%s workspaces", NAME[kind]);
    }
    for (size_t s = 1; s < S; s++) {
        const pg_crystal_element *e = &el[s];
        c->q_s[s] = e->ox;
        c->r_s[s] = isnan(e->radius) ? DEFAULT_RADIUS : e->radius;
        c->bv_ok[s] = !isnan(e->bv_r) && !isnan(e->bv_c);
    }
    return PG_OK;
}

pg_status pg_crystal_spacing_penalty_create(const pg_crystal_layout *l,
                                            double fraction, double weight,
                                            pg_penalty **out)
{
    if (!(fraction > 0))
        return PG_FAIL(PG_ERR_ARG, "crystal.spacing: fraction %g <= 0",
                       fraction);
    PG_CHECK(make(SPACING, l, fraction, weight, out));
    return PG_OK;
}

pg_status pg_crystal_charge_penalty_create(const pg_crystal_layout *l,
                                           double weight, pg_penalty **out)
{
    PG_CHECK(make(CHARGE, l, 0, weight, out));
    return PG_OK;
}

pg_status pg_crystal_ewald_penalty_create(const pg_crystal_layout *l,
                                          double accuracy, double weight,
                                          pg_penalty **out)
{
    if (!(accuracy > 0 && accuracy <= 0.1))
        return PG_FAIL(PG_ERR_ARG, "crystal.ewald: accuracy %g outside "
                       "(0, 0.1]", accuracy);
    PG_CHECK(make(EWALD, l, accuracy, weight, out));
    return PG_OK;
}

pg_status pg_crystal_gii_penalty_create(const pg_crystal_layout *l,
                                        double cutoff, double weight,
                                        pg_penalty **out)
{
    if (!(cutoff > 0))
        return PG_FAIL(PG_ERR_ARG, "crystal.gii: cutoff %g A <= 0", cutoff);
    PG_CHECK(make(GII, l, cutoff, weight, out));
    return PG_OK;
}

pg_status pg_crystal_cell_penalty_create(const pg_crystal_layout *l,
                                         const pg_crystal_cell_bounds *b,
                                         double weight, pg_penalty **out)
{
    if (!(b->min_plane > 0 && b->vpa_min > 0 && b->vpa_max >= b->vpa_min &&
          isfinite(b->vpa_max)))
        return PG_FAIL(PG_ERR_ARG, "crystal.cell: bounds min plane %g A, "
                       "volume per atom %g..%g A^3 (need 0 < min, 0 < "
                       "lower <= upper)", b->min_plane, b->vpa_min,
                       b->vpa_max);
    PG_CHECK(make(CELL, l, 0, weight, out));
    ((crystal_ctx *)(*out)->ctx)->bounds = *b;
    return PG_OK;
}
