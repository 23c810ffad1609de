/* Lattice geometry (crystal_lattice.h). */
#include "physics/crystal/crystal_lattice.h"

#include <math.h>

pg_status pg_crystal_lattice_from_params(const double p[6], double L[9])
{
    static const char *const NAME[6] = {"a", "b", "c", "alpha", "beta",
                                        "gamma"};
    for (int i = 0; i < 6; i++)
        if (!(p[i] > 0) || !isfinite(p[i]) || (i >= 3 && p[i] >= 180))
            return PG_FAIL(PG_ERR_ARG, "cell parameter %s = %g is out of "
                           "range", NAME[i], p[i]);
    double d2r = M_PI / 180;
    double ca = cos(p[3] * d2r), cb = cos(p[4] * d2r), cg = cos(p[5] * d2r);
    double sg = sin(p[5] * d2r);
    double cx = cb, cy = (ca - cb * cg) / sg;
    double cz2 = 1 - cx * cx - cy * cy;
    if (!(cz2 > 1e-12))
        return PG_FAIL(PG_ERR_ARG, "cell angles alpha=%g beta=%g gamma=%g "
                       "make no cell (zero volume)", p[3], p[4], p[5]);
    double m[9] = {p[0], 0, 0, p[1] * cg, p[1] * sg, 0,
                   p[2] * cx, p[2] * cy, p[2] * sqrt(cz2)};
    for (int i = 0; i < 9; i++) L[i] = m[i];
    return PG_OK;
}

void pg_crystal_lattice_params(const double L[9], double p[6])
{
    for (int i = 0; i < 3; i++)
        p[i] = sqrt(L[3 * i] * L[3 * i] + L[3 * i + 1] * L[3 * i + 1] +
                    L[3 * i + 2] * L[3 * i + 2]);
    for (int k = 0; k < 3; k++) {
        int i = (k + 1) % 3, j = (k + 2) % 3; /* alpha: b.c, beta: c.a, ... */
        double dot = L[3 * i] * L[3 * j] + L[3 * i + 1] * L[3 * j + 1] +
                     L[3 * i + 2] * L[3 * j + 2];
        p[3 + k] = acos(dot / (p[i] * p[j])) * 180 / M_PI;
    }
}

double pg_crystal_lattice_inverse(const double L[9], double inv[9])
{
    double c00 = L[4] * L[8] - L[5] * L[7], c01 = L[5] * L[6] - L[3] * L[8],
           c02 = L[3] * L[7] - L[4] * L[6];
    double det = L[0] * c00 + L[1] * c01 + L[2] * c02;
    if (det == 0) return 0;
    double r = 1 / det;
    inv[0] = c00 * r;
    inv[1] = (L[2] * L[7] - L[1] * L[8]) * r;
    inv[2] = (L[1] * L[5] - L[2] * L[4]) * r;
    inv[3] = c01 * r;
    inv[4] = (L[0] * L[8] - L[2] * L[6]) * r;
    inv[5] = (L[2] * L[3] - L[0] * L[5]) * r;
    inv[6] = c02 * r;
    inv[7] = (L[1] * L[6] - L[0] * L[7]) * r;
    inv[8] = (L[0] * L[4] - L[1] * L[3]) * r;
    return det;
}

double pg_crystal_lattice_min_spacing(const double L[9])
{
    double inv[9];
    if (pg_crystal_lattice_inverse(L, inv) == 0) return 0;
    double best = INFINITY;
    for (int i = 0; i < 3; i++) {
        double c = sqrt(inv[i] * inv[i] + inv[3 + i] * inv[3 + i] +
                        inv[6 + i] * inv[6 + i]);
        if (1 / c < best) best = 1 / c;
    }
    return best;
}

void pg_crystal_image_range(const double Linv[9], double r, int n[3])
{
    /* f_i = r . (column i of L^-1): a point within r of the origin has
     * |f_i| <= r |col_i|; with u_i in [-1/2, 1/2], |k_i| <= that + 1/2. */
    for (int i = 0; i < 3; i++) {
        double c = sqrt(Linv[i] * Linv[i] + Linv[3 + i] * Linv[3 + i] +
                        Linv[6 + i] * Linv[6 + i]);
        n[i] = (int)ceil(r * c + 0.5);
    }
}

double pg_crystal_min_image(const double L[9], const double Linv[9],
                            const double fi[3], const double fj[3],
                            double d[3])
{
    double u[3], best[3], best2;
    for (int k = 0; k < 3; k++) {
        double t = fj[k] - fi[k];
        u[k] = t - floor(t + 0.5);
    }
    for (int k = 0; k < 3; k++)
        best[k] = u[0] * L[k] + u[1] * L[3 + k] + u[2] * L[6 + k];
    best2 = best[0] * best[0] + best[1] * best[1] + best[2] * best[2];
    int n[3];
    pg_crystal_image_range(Linv, sqrt(best2), n);
    for (int a = -n[0]; a <= n[0]; a++)
        for (int b = -n[1]; b <= n[1]; b++)
            for (int c = -n[2]; c <= n[2]; c++) {
                double v[3], v2 = 0;
                for (int k = 0; k < 3; k++) {
                    v[k] = (u[0] + a) * L[k] + (u[1] + b) * L[3 + k] +
                           (u[2] + c) * L[6 + k];
                    v2 += v[k] * v[k];
                }
                if (v2 < best2) {
                    best2 = v2;
                    for (int k = 0; k < 3; k++) best[k] = v[k];
                }
            }
    if (d)
        for (int k = 0; k < 3; k++) d[k] = best[k];
    return sqrt(best2);
}
