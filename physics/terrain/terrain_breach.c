/* Depression breaching (physics/terrain/terrain_breach.h). */
#include "physics/terrain/terrain_breach.h"

#include <math.h>

/* The level drop_m below level, strictly lower in float. */
static float below(float level, double drop_m)
{
    float v = (float)((double)level - drop_m);
    return v < level ? v : nextafterf(level, -INFINITY);
}

void pg_terrain_breach_run(pg_terrain_fill *f, float *z, double drop_m,
                           pg_terrain_breach_stats *st)
{
    pg_terrain_breach_run_keep(f, z, drop_m, NULL, st);
}

void pg_terrain_breach_run_keep(pg_terrain_fill *f, float *z, double drop_m,
                                const unsigned char *keep,
                                pg_terrain_breach_stats *st)
{
    pg_terrain_fill_run_ties(f, z, 1);
    size_t n = (size_t)f->h * (size_t)f->w;
    /* filled is free once the links and order are known: it holds each
     * cell's cap, the level its upstream cells require of it. */
    double *cap = f->filled;
    for (size_t i = 0; i < n; i++) cap[i] = INFINITY;
    for (size_t k = n; k-- > 0;) {
        int i = f->order[k];
        if (keep && keep[i]) continue;
        if (cap[i] < z[i]) {
            float cut = (float)cap[i];
            if (st) {
                double d = (double)z[i] - (double)cut;
                st->cells++;
                st->sum_cut_m += d;
                st->max_cut_m = d > st->max_cut_m ? d : st->max_cut_m;
            }
            z[i] = cut;
        }
        int j = f->from[i];
        if (j < 0 || (keep && keep[j])) continue;
        double need = below(z[i], drop_m);
        if (need < cap[j]) cap[j] = need;
    }
}
