/* physgan_penalty: a named physics penalty on the caller's arrays
 * (physgan/physgan.h), built through the penalty registry as a trainer
 * builds it from [physics] keys (physics/penalty_registry.h), with weight
 * 1 so that its gradient is d value / d x. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_lock.h"
#include "api_status.h"
#include "physgan/physgan.h"
#include "physics/penalty_registry.h"

struct physgan_penalty {
    pg_penalty *pen;
    int n, c, h, w;
    char msg[PG_API_MSG_LEN];
};

/* The kind's parameters: the caller's, checked against its keys' ranges,
 * or the keys' defaults. */
static pg_status params_read(const pg_penalty_kind *k, const double *given,
                             int n_given, double *out)
{
    int n = k->n_keys - 1;
    if (n_given != 0 && n_given != n)
        return PG_FAIL(PG_ERR_ARG, "penalty %s takes %d parameter(s) (the "
                       "[physics] keys after its weight), %d given", k->name,
                       n, n_given);
    if (n_given && !given)
        return PG_FAIL(PG_ERR_ARG, "penalty %s: n_params %d but params is "
                       "NULL", k->name, n_given);
    for (int i = 0; i < n; i++) {
        const pg_key_spec *key = &k->keys[i + 1];
        if (!n_given) {
            out[i] = strtod(key->def, NULL);
            continue;
        }
        out[i] = given[i];
        if (key->min <= key->max &&
            !(out[i] >= key->min && out[i] <= key->max))
            return PG_FAIL(PG_ERR_ARG, "penalty %s: parameter %d ([%s] %s) "
                           "= %g is outside [%g, %g]", k->name, i,
                           key->section, key->key, out[i], key->min,
                           key->max);
    }
    return PG_OK;
}

static pg_status penalty_open(physgan_penalty *p, const char *name,
                              const pg_penalty_geom *geom,
                              const double *params, int n_params,
                              const float *ref, long n_ref)
{
    if (!name)
        return PG_FAIL(PG_ERR_ARG, "physgan_penalty_open: no penalty name");
    if (geom->batch < 1 || geom->channels < 1 || geom->h < 1 || geom->w < 1 ||
        !(geom->dx_m > 0) || !(geom->dy_m > 0))
        return PG_FAIL(PG_ERR_ARG, "physgan_penalty_open(%s): samples %d x "
                       "%d x %d x %d with %g x %g cells: need every size "
                       ">= 1 and cells > 0", name, geom->batch,
                       geom->channels, geom->h, geom->w, geom->dx_m,
                       geom->dy_m);
    const pg_penalty_kind *k;
    PG_CHECK(pg_penalty_kind_find(name, &k));
    if (k->ref_create && !ref)
        return PG_FAIL(PG_ERR_ARG, "penalty %s compares with a statistic of "
                       "real data: open it with "
                       "physgan_penalty_open_reference and real samples",
                       name);
    if (!k->ref_create && ref)
        return PG_FAIL(PG_ERR_ARG, "penalty %s compares with no data "
                       "statistic: open it with physgan_penalty_open",
                       name);
    if (ref && n_ref < 1)
        return PG_FAIL(PG_ERR_ARG, "penalty %s: %ld reference samples, need "
                       ">= 1", name, n_ref);
    double param[PG_PENALTY_MAX_PARAMS];
    PG_CHECK(params_read(k, params, n_params, param));
    pg_penalty_args a = {*geom, 1.0, param, NULL, NULL};
    double *mean = NULL;
    if (ref) PG_CHECK(pg_penalty_ref_mean(k, &a, ref, (size_t)n_ref, &mean));
    a.ref = mean;
    pg_status st = k->create(&a, &p->pen);
    free(mean);
    return st;
}

int physgan_penalty_open_reference(const char *name, int n, int c, int h,
                                   int w, double dx, double dy,
                                   const double *params, int n_params,
                                   const float *ref, long n_ref,
                                   physgan_penalty **out)
{
    if (!out) return PHYSGAN_ERR_ARG;
    physgan_penalty *p = calloc(1, sizeof *p);
    *out = p;
    if (!p) return PHYSGAN_ERR_NOMEM;
    p->n = n;
    p->c = c;
    p->h = h;
    p->w = w;
    pg_penalty_geom geom = {n, c, h, w, dx, dy};
    pg_api_lock();
    pg_status st = ref || n_ref
                       ? (ref ? penalty_open(p, name, &geom, params,
                                             n_params, ref, n_ref)
                              : PG_FAIL(PG_ERR_ARG, "physgan_penalty_open_"
                                        "reference(%s): ref is NULL",
                                        name ? name : "(null)"))
                       : penalty_open(p, name, &geom, params, n_params,
                                      NULL, 0);
    pg_api_unlock();
    return pg_api_status(st, p->msg, sizeof p->msg);
}

int physgan_penalty_open(const char *name, int n, int c, int h, int w,
                         double dx, double dy, const double *params,
                         int n_params, physgan_penalty **out)
{
    return physgan_penalty_open_reference(name, n, c, h, w, dx, dy, params,
                                          n_params, NULL, 0, out);
}

void physgan_penalty_close(physgan_penalty **pp)
{
    physgan_penalty *p = pp ? *pp : NULL;
    if (!p) return;
    /* FFTW's plan destruction is not reentrant either. */
    pg_api_lock();
    pg_penalty_destroy(&p->pen);
    pg_api_unlock();
    free(p);
    *pp = NULL;
}

const char *physgan_penalty_message(const physgan_penalty *p)
{
    return p ? p->msg : "no handle (NULL)";
}

/* A tensor over the caller's array (not owned; eval never writes x). */
static pg_status wrap(const physgan_penalty *p, const float *data,
                      pg_tensor *t)
{
    PG_CHECK(pg_tensor_shape(t, 4, (int[]){p->n, p->c, p->h, p->w}));
    t->data = (float *)data;
    return PG_OK;
}

static pg_status penalty_eval(physgan_penalty *p, const float *x,
                              const float *cond, double *value, float *grad)
{
    if (!p->pen)
        return PG_FAIL(PG_ERR_STATE, "physgan_penalty_eval: the penalty "
                       "did not open");
    if (!x || !value)
        return PG_FAIL(PG_ERR_ARG, "physgan_penalty_eval(%s): x and value "
                       "are required", p->pen->name);
    pg_tensor tx = {0}, tc = {0}, tg = {0};
    PG_CHECK(wrap(p, x, &tx));
    pg_penalty_input in = {&tx, NULL, NULL};
    if (cond) {
        PG_CHECK(wrap(p, cond, &tc));
        in.cond = &tc;
    }
    if (grad) {
        PG_CHECK(wrap(p, grad, &tg));
        /* eval adds weight (1) x the gradient. */
        memset(grad, 0, tg.size * sizeof *grad);
    }
    PG_CHECK(pg_penalty_eval(p->pen, &in, value, grad ? &tg : NULL));
    return PG_OK;
}

int physgan_penalty_eval(physgan_penalty *p, const float *x,
                         const float *cond, double *value, float *grad)
{
    if (!p) return PHYSGAN_ERR_ARG;
    return pg_api_status(penalty_eval(p, x, cond, value, grad), p->msg,
                         sizeof p->msg);
}
