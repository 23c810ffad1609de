#include "nn/optim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/mem.h"

/* Loops shorter than this run on one thread (same threshold as the ops). */
#define PG_OPTIM_OMP_MIN 32768

struct pg_adam {
    size_t n;
    double lr, beta1, beta2, eps, wd;
    long t;
    float *m, *v;
};

struct pg_sgd {
    size_t n;
    double lr, momentum, wd;
    long t;
    float *b;
};

/* Shared argument checks; the message names the optimiser and the value.
 * Written as !(ok) so that NaN is rejected too. */
static pg_status check_size(const char *who, size_t n)
{
    if (n == 0 || n > SIZE_MAX / sizeof(float))
        return PG_FAIL(PG_ERR_ARG, "%s: n = %zu weights, must be in [1, %zu]",
                       who, n, SIZE_MAX / sizeof(float));
    return PG_OK;
}

static pg_status check_lr(const char *who, double lr)
{
    if (!(lr > 0) || !isfinite(lr))
        return PG_FAIL(PG_ERR_ARG, "%s: lr = %g, must be finite and > 0",
                       who, lr);
    return PG_OK;
}

static pg_status check_unit(const char *who, const char *name, double x)
{
    if (!(x >= 0 && x < 1))
        return PG_FAIL(PG_ERR_ARG, "%s: %s = %g, must be in [0, 1)", who,
                       name, x);
    return PG_OK;
}

static pg_status check_wd(const char *who, double wd)
{
    if (!(wd >= 0) || !isfinite(wd))
        return PG_FAIL(PG_ERR_ARG,
                       "%s: weight_decay = %g, must be finite and >= 0", who,
                       wd);
    return PG_OK;
}

pg_status pg_adam_create(size_t n, double lr, double beta1, double beta2,
                         double eps, double weight_decay, pg_adam **out)
{
    *out = NULL;
    PG_CHECK(check_size("adam", n));
    PG_CHECK(check_lr("adam", lr));
    PG_CHECK(check_unit("adam", "beta1", beta1));
    PG_CHECK(check_unit("adam", "beta2", beta2));
    if (!(eps > 0) || !isfinite(eps))
        return PG_FAIL(PG_ERR_ARG, "adam: eps = %g, must be finite and > 0",
                       eps);
    PG_CHECK(check_wd("adam", weight_decay));
    pg_adam *a = calloc(1, sizeof *a);
    if (!a) return PG_FAIL(PG_ERR_NOMEM, "adam state");
    a->n = n;
    a->lr = lr;
    a->beta1 = beta1;
    a->beta2 = beta2;
    a->eps = eps;
    a->wd = weight_decay;
    a->m = pg_alloc(n * sizeof(float));
    a->v = pg_alloc(n * sizeof(float));
    if (!a->m || !a->v) {
        pg_adam_destroy(&a);
        return PG_FAIL(PG_ERR_NOMEM, "adam moments for %zu weights", n);
    }
    *out = a;
    return PG_OK;
}

void pg_adam_destroy(pg_adam **a)
{
    if (!a || !*a) return;
    pg_free((*a)->m);
    pg_free((*a)->v);
    free(*a);
    *a = NULL;
}

/* The operation order follows PyTorch's single-tensor Adam: m.lerp_(g, 1-b1),
 * v.mul_(b2).addcmul_(g, g, 1-b2), denom = sqrt(v) / sqrt(bc2) + eps,
 * w.addcdiv_(m, denom, -lr/bc1); AdamW first scales w by 1 - lr wd. */
void pg_adam_step(pg_adam *a, float *restrict w, const float *restrict g)
{
    long t = ++a->t;
    double bc1 = 1.0 - pow(a->beta1, (double)t);
    double bc2 = 1.0 - pow(a->beta2, (double)t);
    const float decay = (float)(1.0 - a->lr * a->wd);
    const float c1 = (float)(1.0 - a->beta1);
    const float b2 = (float)a->beta2, c2 = (float)(1.0 - a->beta2);
    const float step = (float)(-a->lr / bc1);
    const float bc2_sqrt = (float)sqrt(bc2);
    const float eps = (float)a->eps;
    float *restrict m = a->m, *restrict v = a->v;
    const size_t n = a->n;
#pragma omp parallel for if (n > PG_OPTIM_OMP_MIN)
    for (size_t i = 0; i < n; i++) {
        float gi = g[i];
        float mi = m[i] + c1 * (gi - m[i]);
        float vi = v[i] * b2 + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] * decay + step * (mi / (sqrtf(vi) / bc2_sqrt + eps));
    }
}

void pg_adam_set_lr(pg_adam *a, double lr) { a->lr = lr; }
size_t pg_adam_size(const pg_adam *a) { return a->n; }
float *pg_adam_m(pg_adam *a) { return a->m; }
float *pg_adam_v(pg_adam *a) { return a->v; }
long pg_adam_steps(const pg_adam *a) { return a->t; }
void pg_adam_set_steps(pg_adam *a, long t) { a->t = t; }

pg_status pg_sgd_create(size_t n, double lr, double momentum,
                        double weight_decay, pg_sgd **out)
{
    *out = NULL;
    PG_CHECK(check_size("sgd", n));
    PG_CHECK(check_lr("sgd", lr));
    PG_CHECK(check_unit("sgd", "momentum", momentum));
    PG_CHECK(check_wd("sgd", weight_decay));
    pg_sgd *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "sgd state");
    s->n = n;
    s->lr = lr;
    s->momentum = momentum;
    s->wd = weight_decay;
    s->b = pg_alloc(n * sizeof(float));
    if (!s->b) {
        pg_sgd_destroy(&s);
        return PG_FAIL(PG_ERR_NOMEM, "sgd momentum buffer for %zu weights", n);
    }
    *out = s;
    return PG_OK;
}

void pg_sgd_destroy(pg_sgd **s)
{
    if (!s || !*s) return;
    pg_free((*s)->b);
    free(*s);
    *s = NULL;
}

/* The buffer starts at zero, so the first step gives b = d as PyTorch's
 * clone does (dampening 0). Two loops rather than a branch per element, so
 * each one vectorises. */
void pg_sgd_step(pg_sgd *s, float *restrict w, const float *restrict g)
{
    const float lr = (float)-s->lr, wd = (float)s->wd;
    const float mom = (float)s->momentum;
    float *restrict b = s->b;
    const size_t n = s->n;
    if (s->momentum == 0) {
#pragma omp parallel for if (n > PG_OPTIM_OMP_MIN)
        for (size_t i = 0; i < n; i++) w[i] = w[i] + lr * (g[i] + wd * w[i]);
    } else {
#pragma omp parallel for if (n > PG_OPTIM_OMP_MIN)
        for (size_t i = 0; i < n; i++) {
            b[i] = b[i] * mom + (g[i] + wd * w[i]);
            w[i] = w[i] + lr * b[i];
        }
    }
    s->t++;
}

void pg_sgd_set_lr(pg_sgd *s, double lr) { s->lr = lr; }
size_t pg_sgd_size(const pg_sgd *s) { return s->n; }
float *pg_sgd_velocity(pg_sgd *s) { return s->b; }
long pg_sgd_steps(const pg_sgd *s) { return s->t; }
void pg_sgd_set_steps(pg_sgd *s, long t) { s->t = t; }
