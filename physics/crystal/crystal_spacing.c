/* The spacing penalty (crystal_spacing.h). */
#include "physics/crystal/crystal_spacing.h"

#include <math.h>

#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_pairs.h"

typedef struct spacing_ctx {
    const double *L, *radius, *weight;
    double fraction, value;
    const pg_crystal_spacing_grad *g;
} spacing_ctx;

static void spacing_pair(const pg_crystal_pair *p, void *vctx)
{
    spacing_ctx *c = vctx;
    int i = p->i, j = p->j;
    double b = c->fraction * (c->radius[i] + c->radius[j]);
    double gap = b - p->r;
    if (gap <= 0) return;
    double ww = p->weight * c->weight[i] * c->weight[j];
    c->value += ww * gap * gap;
    const pg_crystal_spacing_grad *g = c->g;
    if (!g) return;
    pg_crystal_pair_grad(p, c->L, -2 * ww * gap, g->frac, g->L);
    if (g->radius) {
        double t = 2 * ww * gap * c->fraction;
        g->radius[i] += t;
        g->radius[j] += t;
    }
    if (g->weight) {
        double t = p->weight * gap * gap;
        g->weight[i] += t * c->weight[j];
        g->weight[j] += t * c->weight[i];
    }
}

pg_status pg_crystal_spacing(const double L[9], const double *frac,
                             const double *radius, const double *weight,
                             int n, double fraction, double *value,
                             const pg_crystal_spacing_grad *g)
{
    double Linv[9];
    if (pg_crystal_lattice_inverse(L, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "crystal spacing: singular lattice");
    if (!(fraction > 0))
        return PG_FAIL(PG_ERR_ARG, "crystal spacing: fraction %g <= 0",
                       fraction);
    double rmax = 0;
    for (int i = 0; i < n; i++)
        if (radius[i] > rmax) rmax = radius[i];
    spacing_ctx c = {L, radius, weight, fraction, 0, g};
    if (rmax > 0)
        pg_crystal_pairs_each(L, Linv, frac, n, 2 * fraction * rmax,
                              spacing_pair, &c);
    *value = c.value;
    return PG_OK;
}

double pg_crystal_min_distance(const double L[9], const double *frac, int n)
{
    double Linv[9], best = INFINITY;
    if (pg_crystal_lattice_inverse(L, Linv) == 0) return 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double r = pg_crystal_min_image(L, Linv, frac + 3 * i,
                                            frac + 3 * j, NULL);
            if (r < best) best = r;
        }
    /* an atom's nearest own image: the shortest lattice vector */
    if (n > 0) {
        int m[3];
        double lmin = INFINITY;
        for (int k = 0; k < 3; k++) {
            double l = sqrt(L[3 * k] * L[3 * k] + L[3 * k + 1] * L[3 * k + 1] +
                            L[3 * k + 2] * L[3 * k + 2]);
            if (l < lmin) lmin = l;
        }
        pg_crystal_image_range(Linv, lmin, m);
        for (int a = -m[0]; a <= m[0]; a++)
            for (int b = -m[1]; b <= m[1]; b++)
                for (int c = -m[2]; c <= m[2]; c++) {
                    if (!a && !b && !c) continue;
                    double v[3] = {a, b, c}, d2 = 0;
                    for (int k = 0; k < 3; k++) {
                        double x = v[0] * L[k] + v[1] * L[3 + k] +
                                   v[2] * L[6 + k];
                        d2 += x * x;
                    }
                    if (sqrt(d2) < best) best = sqrt(d2);
                }
    }
    return best;
}
