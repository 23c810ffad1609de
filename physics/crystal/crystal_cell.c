/* The cell-shape penalty (crystal_cell.h). */
#include "physics/crystal/crystal_cell.h"

#include <math.h>

static void cross(const double *u, const double *w, double *c)
{
    c[0] = u[1] * w[2] - u[2] * w[1];
    c[1] = u[2] * w[0] - u[0] * w[2];
    c[2] = u[0] * w[1] - u[1] * w[0];
}

static double norm3(const double *v)
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

/* det L = r0 . (r1 x r2) */
static double det3(const double L[9])
{
    double c[3];
    cross(L + 3, L + 6, c);
    return L[0] * c[0] + L[1] * c[1] + L[2] * c[2];
}

double pg_crystal_plane_spacings(const double L[9], double h[3])
{
    double V = fabs(det3(L));
    for (int j = 0; j < 3; j++) {
        double c[3];
        cross(L + 3 * ((j + 1) % 3), L + 3 * ((j + 2) % 3), c);
        double n = norm3(c);
        h[j] = n > 0 ? V / n : 0;
    }
    return V;
}

int pg_crystal_cell_evaluable(const double L[9])
{
    double h[3];
    double V = pg_crystal_plane_spacings(L, h);
    if (!(V > 0) || !isfinite(V)) return 0;
    for (int j = 0; j < 3; j++)
        if (!(h[j] >= PG_CRYSTAL_MIN_PLANE) ||
            !(norm3(L + 3 * j) <= PG_CRYSTAL_MAX_LENGTH))
            return 0;
    return 1;
}

void pg_crystal_cell_bounds_empty(pg_crystal_cell_bounds *b)
{
    b->min_plane = INFINITY;
    b->vpa_min = INFINITY;
    b->vpa_max = 0;
}

void pg_crystal_cell_bounds_add(pg_crystal_cell_bounds *b, const double L[9],
                                int natoms)
{
    double h[3];
    double v = pg_crystal_plane_spacings(L, h) / natoms;
    for (int j = 0; j < 3; j++) b->min_plane = fmin(b->min_plane, h[j]);
    b->vpa_min = fmin(b->vpa_min, v);
    b->vpa_max = fmax(b->vpa_max, v);
}

double pg_crystal_cell_penalty(const double L[9], const double *w, int A,
                               const pg_crystal_cell_bounds *b, double *gL)
{
    double det = det3(L), V = fabs(det), sgn = det < 0 ? -1 : 1;
    if (!(V > 0)) return INFINITY;   /* the codec makes no such cell */
    /* dV/dL = sign(det) cofactor(L): row j of the cofactor matrix is
     * r_k x r_l with (j, k, l) cyclic */
    double cof[9], n_c[3], P = 0, dV = 0;
    for (int j = 0; j < 3; j++) {
        cross(L + 3 * ((j + 1) % 3), L + 3 * ((j + 2) % 3), cof + 3 * j);
        n_c[j] = norm3(cof + 3 * j);
    }
    double dLc[9] = {0};   /* direct gradient, not through V */
    for (int j = 0; j < 3; j++) {
        double h = V / n_c[j], e = 1 - h / b->min_plane;
        if (e <= 0) continue;
        P += e * e;
        if (!gL) continue;
        /* dP/dh = -2 e / h_min; h = V / |c|, c = r_k x r_l */
        double dh = -2 * e / b->min_plane;
        dV += dh / n_c[j];
        double dn = -dh * V / (n_c[j] * n_c[j]), u[3], gk[3], gl[3];
        for (int q = 0; q < 3; q++) u[q] = cof[3 * j + q] / n_c[j];
        int k = (j + 1) % 3, l = (j + 2) % 3;
        /* d|c|/dr_k = r_l x u, d|c|/dr_l = u x r_k */
        cross(L + 3 * l, u, gk);
        cross(u, L + 3 * k, gl);
        for (int q = 0; q < 3; q++) {
            dLc[3 * k + q] += dn * gk[q];
            dLc[3 * l + q] += dn * gl[q];
        }
    }
    double n = 0;
    for (int i = 0; i < A; i++) n += w[i];
    double ne = n > 1 ? n : 1, lv = log(V / ne), dlv = 0;
    double lo = log(b->vpa_min) - lv, hi = lv - log(b->vpa_max);
    if (lo > 0) {
        P += lo * lo;
        dlv -= 2 * lo;
    }
    if (hi > 0) {
        P += hi * hi;
        dlv += 2 * hi;
    }
    if (gL) {
        dV += dlv / V;   /* d ln v / dV = 1 / V; n held fixed */
        for (int q = 0; q < 9; q++) gL[q] += dLc[q] + dV * sgn * cof[q];
    }
    return P;
}
