#include "lab/adversarial.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pg_adv_work {
    int max_n, dim;
    float *grad;  /* max_n * dim */
    float *cur;   /* PGD iterate, max_n * dim */
    double *loss; /* max_n */
    double *best; /* max_n */
};

pg_status pg_adv_work_create(int max_n, int dim, pg_adv_work **out)
{
    *out = NULL;
    if (max_n < 1 || dim < 1)
        return PG_FAIL(PG_ERR_ARG, "attack workspace: %d examples of %d "
                       "floats", max_n, dim);
    pg_adv_work *w = calloc(1, sizeof *w);
    if (!w) return PG_FAIL(PG_ERR_NOMEM, "attack workspace");
    size_t len = (size_t)max_n * (size_t)dim;
    w->max_n = max_n;
    w->dim = dim;
    w->grad = malloc(len * sizeof *w->grad);
    w->cur = malloc(len * sizeof *w->cur);
    w->loss = malloc((size_t)max_n * sizeof *w->loss);
    w->best = malloc((size_t)max_n * sizeof *w->best);
    if (!w->grad || !w->cur || !w->loss || !w->best) {
        pg_adv_work_destroy(&w);
        return PG_FAIL(PG_ERR_NOMEM, "attack workspace (%d x %d)", max_n, dim);
    }
    *out = w;
    return PG_OK;
}

void pg_adv_work_destroy(pg_adv_work **w)
{
    if (!w || !*w) return;
    free((*w)->grad);
    free((*w)->cur);
    free((*w)->loss);
    free((*w)->best);
    free(*w);
    *w = NULL;
}

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static float signf(float g) { return (float)((g > 0) - (g < 0)); }

void pg_adv_project(const float *x, float *x_adv, size_t len, double eps)
{
    float e = (float)eps;
    for (size_t i = 0; i < len; i++) {
        /* Intersection of two boxes: clamp to the tighter bounds. */
        float lo = fmaxf(x[i] - e, PG_ADV_PIXEL_MIN);
        float hi = fminf(x[i] + e, PG_ADV_PIXEL_MAX);
        x_adv[i] = clampf(x_adv[i], lo, hi);
    }
}

static pg_status check_call(const pg_adv_oracle *o, const pg_adv_work *w,
                            int n, double eps)
{
    if (n < 1 || n > o->max_n || n > w->max_n || o->dim != w->dim)
        return PG_FAIL(PG_ERR_ARG, "attack of %d examples of %d floats: "
                       "oracle takes %d of %d, workspace %d of %d", n, o->dim,
                       o->max_n, o->dim, w->max_n, w->dim);
    if (!(eps >= 0) || !isfinite(eps))
        return PG_FAIL(PG_ERR_ARG, "attack radius eps = %g must be >= 0", eps);
    return PG_OK;
}

pg_status pg_adv_fgsm(const pg_adv_oracle *o, pg_adv_work *w, const float *x,
                      const int32_t *labels, int n, double eps, float *x_adv)
{
    PG_CHECK(check_call(o, w, n, eps));
    PG_CHECK(o->eval(o->ctx, x, labels, n, NULL, w->grad));
    size_t len = (size_t)n * (size_t)o->dim;
    float e = (float)eps;
    for (size_t i = 0; i < len; i++)
        x_adv[i] = clampf(x[i] + e * signf(w->grad[i]), PG_ADV_PIXEL_MIN,
                          PG_ADV_PIXEL_MAX);
    return PG_OK;
}

pg_status pg_adv_pgd(const pg_adv_oracle *o, pg_adv_work *w, const float *x,
                     const int32_t *labels, int n, const pg_pgd_opts *p,
                     pg_rng *rng, float *x_adv, double *best_loss)
{
    PG_CHECK(check_call(o, w, n, p->eps));
    if (p->steps < 1 || !(p->alpha > 0) || !isfinite(p->alpha))
        return PG_FAIL(PG_ERR_ARG, "PGD needs steps >= 1 and alpha > 0 "
                       "(got %d steps, alpha %g)", p->steps, p->alpha);
    if (p->random_start && !rng)
        return PG_FAIL(PG_ERR_ARG, "PGD random start needs an RNG");
    size_t dim = (size_t)o->dim, len = (size_t)n * dim;
    memcpy(w->cur, x, len * sizeof *x);
    if (p->random_start) {
        for (size_t i = 0; i < len; i++)
            w->cur[i] += (float)((2 * pg_rng_uniform(rng) - 1) * p->eps);
        pg_adv_project(x, w->cur, len, p->eps);
    }
    float a = (float)p->alpha;
    for (int k = 0;; k++) {
        PG_CHECK(o->eval(o->ctx, w->cur, labels, n, w->loss, w->grad));
        for (int i = 0; i < n; i++)
            if (k == 0 || w->loss[i] > w->best[i]) {
                w->best[i] = w->loss[i];
                memcpy(x_adv + i * dim, w->cur + i * dim, dim * sizeof *x);
            }
        if (k == p->steps) break;
        for (size_t i = 0; i < len; i++) w->cur[i] += a * signf(w->grad[i]);
        pg_adv_project(x, w->cur, len, p->eps);
    }
    if (best_loss) memcpy(best_loss, w->best, (size_t)n * sizeof *best_loss);
    return PG_OK;
}

pg_status pg_adv_batch_make(const pg_adv_oracle *o, pg_adv_work *w,
                            const float *x, const int32_t *labels, int n,
                            double share, const pg_pgd_opts *p, pg_rng *rng,
                            float *out)
{
    if (!(share >= 0 && share <= 1))
        return PG_FAIL(PG_ERR_ARG, "adversarial share %g outside [0, 1]",
                       share);
    size_t dim = (size_t)o->dim;
    int k = (int)lround(share * n);
    memcpy(out, x, (size_t)n * dim * sizeof *x);
    if (k > 0) PG_CHECK(pg_adv_pgd(o, w, x, labels, k, p, rng, out, NULL));
    return PG_OK;
}
