/* Foam penalties: gas content (mass), the curvature-flow (von Neumann)
 * residual, and the trainer objects for all three (physics/foam/foam_penalties.h). */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "physics/foam/foam_penalties.h"

double pg_foam_gas_content(const float *phi, int h, int w)
{
    size_t hw = (size_t)h * w;
    double s = 0;
    for (size_t c = 0; c < hw; c++) s += 1.0 - phi[c];
    return s / (double)hw;
}

double pg_foam_mass_penalty(const float *x, int n, int h, int w,
                            const double *g_in, double weight, float *grad)
{
    size_t hw = (size_t)h * w;
    double total = 0;
    for (int k = 0; k < n; k++) {
        double rel = (pg_foam_gas_content(x + (size_t)k * hw, h, w) - g_in[k]) /
                     g_in[k];
        total += rel * rel;
        if (!grad) continue;
        /* dG/dphi = -1 / (H W) at every site. */
        float d = (float)(weight * 2 * rel / g_in[k] * (-1.0 / (double)hw) / n);
        float *gk = grad + (size_t)k * hw;
        for (size_t c = 0; c < hw; c++) gk[c] += d;
    }
    return total / n;
}

double pg_foam_vonneumann_penalty(pg_foam_spectral *s, const float *x,
                                  const float *phi_in, int n, double tau,
                                  double weight, double *scratch, float *grad)
{
    /* x and phi_in hold n fields of the workspace's size. */
    int h, w;
    pg_foam_spectral_size(s, &h, &w);
    size_t hw = (size_t)h * w;
    double *t = scratch, *m = scratch + hw, total = 0;
    for (int k = 0; k < n; k++) {
        const float *u = x + (size_t)k * hw, *u0 = phi_in + (size_t)k * hw;
        pg_foam_curvature_flow(s, u0, tau, t, NULL, 0, NULL);
        pg_foam_flank_weight(s, u0, m);
        double sum = 0, scale = weight * 2 / ((double)n * (double)hw);
        float *gk = grad ? grad + (size_t)k * hw : NULL;
        for (size_t c = 0; c < hw; c++) {
            double r = (double)u[c] - u0[c] - t[c];
            sum += m[c] * r * r;
            if (gk) gk[c] += (float)(scale * m[c] * r);
        }
        total += sum / (double)hw;
    }
    return total / n;
}

/* ---- trainer objects -------------------------------------------------------- */

typedef enum foam_kind { FOAM_MASS, FOAM_PLATEAU, FOAM_VONNEUMANN, FOAM_KINDS }
    foam_kind;
static const char *const KIND_NAME[] = {"foam.mass", "foam.plateau",
                                        "foam.vonneumann"};
static_assert(sizeof KIND_NAME / sizeof KIND_NAME[0] == FOAM_KINDS,
              "one name per foam penalty");

typedef struct foam_ctx {
    foam_kind kind;
    int h, w, max_batch;
    double tau;
    double *g_in;         /* max_batch gas contents of the inputs (mass) */
    double *scratch;      /* 2 H W (von Neumann) */
    pg_foam_plateau *plateau;
    pg_foam_spectral *spectral;
} foam_ctx;

static void ctx_destroy(void *v)
{
    foam_ctx *c = v;
    if (!c) return;
    free(c->g_in);
    free(c->scratch);
    pg_foam_plateau_destroy(&c->plateau);
    pg_foam_spectral_destroy(&c->spectral);
    free(c);
}

static pg_status check_batch(const pg_penalty *p, const foam_ctx *c,
                             const pg_penalty_input *in)
{
    const pg_tensor *x = in->x;
    if (x->ndim != 4 || x->shape[1] != 1 || x->shape[2] != c->h ||
        x->shape[3] != c->w || x->shape[0] > c->max_batch) {
        char b[64];
        return PG_FAIL(PG_ERR_SHAPE, "%s: batch %s, need (N <= %d, 1, %d, %d)",
                       p->name, pg_tensor_shape_str(x, b, sizeof b),
                       c->max_batch, c->h, c->w);
    }
    if (c->kind != FOAM_PLATEAU && !in->cond)
        return PG_FAIL(PG_ERR_ARG, "%s compares with the input frames: "
                       "give them as the input's conditioning", p->name);
    return PG_OK;
}

/* The gas contents of the n input frames, the mass penalty's targets. */
static pg_status gas_targets(foam_ctx *c, const float *phi_in, int n)
{
    size_t hw = (size_t)c->h * c->w;
    for (int k = 0; k < n; k++) {
        double g = pg_foam_gas_content(phi_in + (size_t)k * hw, c->h, c->w);
        if (!(g > 0))
            return PG_FAIL(PG_ERR_ARG, "foam.mass: input frame %d has no "
                           "gas (content %g)", k, g);
        c->g_in[k] = g;
    }
    return PG_OK;
}

static pg_status foam_eval(const pg_penalty *p, const pg_penalty_input *in,
                           double *value, pg_tensor *grad_x)
{
    foam_ctx *c = p->ctx;
    PG_CHECK(check_batch(p, c, in));
    const pg_tensor *x = in->x;
    int n = x->shape[0];
    float *g = grad_x ? grad_x->data : NULL;
    switch (c->kind) {
    case FOAM_MASS:
        PG_CHECK(gas_targets(c, in->cond->data, n));
        *value = pg_foam_mass_penalty(x->data, n, c->h, c->w, c->g_in,
                                      p->weight, g);
        break;
    case FOAM_PLATEAU:
        *value = pg_foam_plateau_penalty(c->plateau, x->data, n, p->weight, g);
        break;
    default:
        *value = pg_foam_vonneumann_penalty(c->spectral, x->data,
                                            in->cond->data, n, c->tau,
                                            p->weight, c->scratch, g);
        break;
    }
    if (!isfinite(*value))
        return PG_FAIL(PG_ERR_NUMERIC, "%s is not finite", p->name);
    return PG_OK;
}

static pg_status make(foam_kind kind, int h, int w, int max_batch,
                      double weight, foam_ctx **ctx_out, pg_penalty **out)
{
    *out = NULL;
    if (h < 3 || w < 3 || max_batch < 1)
        return PG_FAIL(PG_ERR_ARG, "%s: grid %d x %d, batch %d", KIND_NAME[kind],
                       h, w, max_batch);
    pg_penalty *p = calloc(1, sizeof *p);
    foam_ctx *c = calloc(1, sizeof *c);
    if (!p || !c) {
        free(p);
        free(c);
        return PG_FAIL(PG_ERR_NOMEM, "%s", KIND_NAME[kind]);
    }
    c->kind = kind;
    c->h = h;
    c->w = w;
    c->max_batch = max_batch;
    p->name = KIND_NAME[kind];
    p->weight = weight;
    p->eval = foam_eval;
    p->ctx = c;
    p->destroy_ctx = ctx_destroy;
    *ctx_out = c;
    *out = p;
    return PG_OK;
}

pg_status pg_foam_mass_penalty_create(int h, int w, int max_batch,
                                      double weight, pg_penalty **out)
{
    foam_ctx *c = NULL;
    PG_CHECK(make(FOAM_MASS, h, w, max_batch, weight, &c, out));
    c->g_in = malloc((size_t)max_batch * sizeof *c->g_in);
    if (!c->g_in) {
        pg_penalty_destroy(out);
        return PG_FAIL(PG_ERR_NOMEM, "foam.mass targets");
    }
    return PG_OK;
}

pg_status pg_foam_plateau_penalty_create(int h, int w, double sigma_sites,
                                         double weight, pg_penalty **out)
{
    foam_ctx *c = NULL;
    PG_CHECK(make(FOAM_PLATEAU, h, w, INT_MAX, weight, &c, out));
    pg_status st = pg_foam_plateau_create(h, w, sigma_sites, &c->plateau);
    if (st != PG_OK) {
        pg_penalty_destroy(out);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

pg_status pg_foam_vonneumann_penalty_create(int h, int w, int max_batch,
                                            double tau, double eps,
                                            double weight, pg_penalty **out)
{
    if (!(tau >= 0))
        return PG_FAIL(PG_ERR_ARG, "foam.vonneumann: tau %g sites^2 < 0", tau);
    foam_ctx *c = NULL;
    PG_CHECK(make(FOAM_VONNEUMANN, h, w, max_batch, weight, &c, out));
    size_t hw = (size_t)h * w;
    c->tau = tau;
    c->scratch = malloc(2 * hw * sizeof *c->scratch);
    pg_status st = PG_OK;
    if (!c->scratch)
        st = PG_FAIL(PG_ERR_NOMEM, "foam.vonneumann buffers");
    else
        st = pg_foam_spectral_create(h, w, eps, &c->spectral);
    if (st != PG_OK) {
        pg_penalty_destroy(out);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}
