/* Periodic pairs within a cutoff (crystal_pairs.h). */
#include "physics/crystal/crystal_pairs.h"

#include <math.h>

#include "physics/crystal/crystal_lattice.h"

void pg_crystal_pairs_each(const double L[9], const double Linv[9],
                           const double *frac, int n, double cutoff,
                           pg_crystal_pair_fn fn, void *ctx)
{
    int m[3];
    pg_crystal_image_range(Linv, cutoff, m);
    double c2 = cutoff * cutoff;
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            double w[3];
            for (int k = 0; k < 3; k++) {
                double t = frac[3 * j + k] - frac[3 * i + k];
                w[k] = t - floor(t + 0.5);
            }
            for (int a = -m[0]; a <= m[0]; a++)
                for (int b = -m[1]; b <= m[1]; b++)
                    for (int c = -m[2]; c <= m[2]; c++) {
                        if (i == j && !a && !b && !c) continue;
                        pg_crystal_pair p = {.i = i, .j = j};
                        p.u[0] = w[0] + a;
                        p.u[1] = w[1] + b;
                        p.u[2] = w[2] + c;
                        double r2 = 0;
                        for (int k = 0; k < 3; k++) {
                            p.d[k] = p.u[0] * L[k] + p.u[1] * L[3 + k] +
                                     p.u[2] * L[6 + k];
                            r2 += p.d[k] * p.d[k];
                        }
                        if (r2 >= c2 || r2 == 0) continue;
                        p.r = sqrt(r2);
                        p.weight = i == j ? 0.5 : 1.0;
                        fn(&p, ctx);
                    }
        }
}

void pg_crystal_pair_grad(const pg_crystal_pair *p, const double L[9],
                          double dedr, double *g_frac, double g_L[9])
{
    double s = dedr / p->r; /* dr/dd = d / r */
    if (g_frac && p->i != p->j)
        for (int m = 0; m < 3; m++) {
            /* dr/du_m = sum_k L[m][k] d_k / r */
            double g = s * (L[3 * m] * p->d[0] + L[3 * m + 1] * p->d[1] +
                            L[3 * m + 2] * p->d[2]);
            g_frac[3 * p->j + m] += g;
            g_frac[3 * p->i + m] -= g;
        }
    if (g_L)
        for (int m = 0; m < 3; m++)
            for (int k = 0; k < 3; k++) g_L[3 * m + k] += s * p->u[m] * p->d[k];
}
