/* Depression penalty (physics/terrain/terrain_depression.h). */
#include "physics/terrain/terrain_depression.h"

#include <stdlib.h>

#include "physics/terrain/terrain_impl.h"

pg_status pg_terrain_depression_create(int h, int w,
                                       pg_terrain_depression **out)
{
    *out = NULL;
    pg_terrain_depression *d = calloc(1, sizeof *d);
    if (!d) return PG_FAIL(PG_ERR_NOMEM, "depression penalty");
    pg_status s = pg_terrain_fill_create(h, w, &d->fill);
    if (s != PG_OK) {
        free(d);
        return s;
    }
    *out = d;
    return PG_OK;
}

void pg_terrain_depression_destroy(pg_terrain_depression **d)
{
    if (!d || !*d) return;
    pg_terrain_fill_destroy(&(*d)->fill);
    free(*d);
    *d = NULL;
}

double pg_terrain_depression_penalty(pg_terrain_depression *d, const float *z,
                                     int n, float weight, float *grad)
{
    pg_terrain_fill *f = d->fill;
    size_t cells = (size_t)f->h * (size_t)f->w;
    double total = 0, scale = 2.0 * weight / ((double)cells * n);
    for (int s = 0; s < n; s++) {
        const float *zs = z + (size_t)s * cells;
        pg_terrain_fill_run(f, zs);
        double sum = 0;
        for (size_t i = 0; i < cells; i++) {
            double depth = f->filled[i] - zs[i];
            if (depth <= 0) continue;
            sum += depth * depth;
            if (grad) {
                float *gs = grad + (size_t)s * cells;
                gs[i] -= (float)(scale * depth);
                gs[f->pour[i]] += (float)(scale * depth);
            }
        }
        total += sum / (double)cells;
    }
    return total / n;
}

static pg_status depression_eval(const pg_penalty *p,
                                 const pg_penalty_input *in, double *value,
                                 pg_tensor *grad_x)
{
    const pg_tensor *x = in->x;
    pg_terrain_depression *d = p->ctx;
    pg_terrain_grid g = {d->fill->h, d->fill->w, 1, 1};
    PG_CHECK(pg_terrain_batch_check(p->name, &g, x));
    *value = pg_terrain_depression_penalty(d, x->data, x->shape[0],
                                           (float)p->weight,
                                           grad_x ? grad_x->data : NULL);
    return PG_OK;
}

static void depression_free(void *ctx)
{
    pg_terrain_depression *d = ctx;
    pg_terrain_depression_destroy(&d);
}

pg_status pg_terrain_depression_penalty_create(const pg_terrain_grid *g,
                                              double weight, pg_penalty **out)
{
    *out = NULL;
    PG_CHECK(pg_terrain_grid_check(g));
    pg_penalty *p = calloc(1, sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "terrain.depression");
    pg_terrain_depression *d = NULL;
    pg_status s = pg_terrain_depression_create(g->h, g->w, &d);
    if (s != PG_OK) {
        free(p);
        return s;
    }
    *p = (pg_penalty){.name = "terrain.depression", .weight = weight,
                      .eval = depression_eval, .ctx = d,
                      .destroy_ctx = depression_free};
    *out = p;
    return PG_OK;
}
