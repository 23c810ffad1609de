#include "nn/ema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Loops shorter than this run on one thread (same threshold as the ops). */
#define PG_EMA_OMP_MIN 32768

struct pg_ema {
    size_t n;
    double decay;
    float *w;
};

pg_status pg_ema_create(size_t n, double decay, pg_ema **out)
{
    *out = NULL;
    if (n == 0 || n > SIZE_MAX / sizeof(float))
        return PG_FAIL(PG_ERR_ARG, "ema: n = %zu weights, must be in [1, %zu]",
                       n, SIZE_MAX / sizeof(float));
    if (!(decay >= 0 && decay < 1))
        return PG_FAIL(PG_ERR_ARG, "ema: decay = %g, must be in [0, 1)",
                       decay);
    pg_ema *e = calloc(1, sizeof *e);
    if (!e) return PG_FAIL(PG_ERR_NOMEM, "ema state");
    e->n = n;
    e->decay = decay;
    e->w = pg_alloc(n * sizeof(float));
    if (!e->w) {
        free(e);
        return PG_FAIL(PG_ERR_NOMEM, "ema copy of %zu weights", n);
    }
    *out = e;
    return PG_OK;
}

void pg_ema_destroy(pg_ema **e)
{
    if (!e || !*e) return;
    pg_free((*e)->w);
    free(*e);
    *e = NULL;
}

void pg_ema_init(pg_ema *e, const float *w)
{
    memcpy(e->w, w, e->n * sizeof(float));
}

void pg_ema_update(pg_ema *e, const float *restrict w)
{
    const float d = (float)e->decay, c = (float)(1.0 - e->decay);
    float *restrict a = e->w;
    const size_t n = e->n;
#pragma omp parallel for if (n > PG_EMA_OMP_MIN)
    for (size_t i = 0; i < n; i++) a[i] = d * a[i] + c * w[i];
}

float *pg_ema_weights(pg_ema *e) { return e->w; }
size_t pg_ema_size(const pg_ema *e) { return e->n; }
