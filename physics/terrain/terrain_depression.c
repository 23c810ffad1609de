/* Depression penalty (physics/terrain/terrain_depression.h). */
#include "physics/terrain/terrain_depression.h"

#include <stdlib.h>

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
