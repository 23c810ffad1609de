/* Soft charge neutrality (crystal_charge.h). */
#include "physics/crystal/crystal_charge.h"

double pg_crystal_charge_penalty(const double *p, int n, int S,
                                 const double *q, double scale, double *g)
{
    double Q = 0;
    for (int i = 0; i < n; i++)
        for (int s = 0; s < S; s++) Q += p[i * S + s] * q[s];
    if (g)
        for (int i = 0; i < n; i++)
            for (int s = 0; s < S; s++) g[i * S + s] += scale * 2 * Q * q[s];
    return Q * Q;
}
