/* Ewald summation with its analytic gradient (crystal_ewald.h). */
#include "physics/crystal/crystal_ewald.h"

#include <math.h>
#include <gsl/gsl_sf_erf.h>

#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_pairs.h"

typedef struct real_ctx {
    const double *L, *q;
    double alpha, energy;
    long count;
    const pg_crystal_ewald_grad *g;
} real_ctx;

static void real_pair(const pg_crystal_pair *p, void *vctx)
{
    real_ctx *c = vctx;
    double r = p->r, ar = c->alpha * r;
    double e = gsl_sf_erfc(ar) / r;
    double qq = p->weight * c->q[p->i] * c->q[p->j];
    c->energy += qq * e;
    c->count++;
    const pg_crystal_ewald_grad *g = c->g;
    if (!g) return;
    if (g->frac || g->L) {
        double dedr = -e / r - 2 * c->alpha / sqrt(M_PI) * exp(-ar * ar) / r;
        pg_crystal_pair_grad(p, c->L, qq * dedr, g->frac, g->L);
    }
    if (g->charge) {
        /* an atom with its own image (weight 1/2, q_i^2): d/dq_i = q_i e */
        g->charge[p->i] += p->weight * c->q[p->j] * e;
        g->charge[p->j] += p->weight * c->q[p->i] * e;
    }
}

/* The reciprocal sum and its derivatives (in units of k_e). */
static void recip_sum(const double L[9], const double Linv[9], double V,
                      const double *frac, const double *q, int n,
                      double alpha, double k_cut, double *energy,
                      const pg_crystal_ewald_grad *g, long *count)
{
    /* each atom's phase at the current k, for the sum and its gradient */
    double cos_t[PG_CRYSTAL_EWALD_MAX_ATOMS], sin_t[PG_CRYSTAL_EWALD_MAX_ATOMS];
    int m[3];
    for (int i = 0; i < 3; i++) {
        double len = sqrt(L[3 * i] * L[3 * i] + L[3 * i + 1] * L[3 * i + 1] +
                          L[3 * i + 2] * L[3 * i + 2]);
        m[i] = (int)ceil(k_cut * len / (2 * M_PI));
    }
    double kc2 = k_cut * k_cut, a4 = 1 / (4 * alpha * alpha);
    double e_sum = 0;
    for (int a = -m[0]; a <= m[0]; a++)
        for (int b = -m[1]; b <= m[1]; b++)
            for (int c = -m[2]; c <= m[2]; c++) {
                if (!a && !b && !c) continue;
                double mv[3] = {a, b, c}, k[3], k2 = 0;
                /* k = 2 pi m L^-T: k_x = 2 pi sum_i m_i Linv[x][i] */
                for (int x = 0; x < 3; x++) {
                    k[x] = 2 * M_PI * (mv[0] * Linv[3 * x] +
                                       mv[1] * Linv[3 * x + 1] +
                                       mv[2] * Linv[3 * x + 2]);
                    k2 += k[x] * k[x];
                }
                if (k2 > kc2) continue;
                (*count)++;
                double h = exp(-k2 * a4) / k2;
                double cs = 0, sn = 0;
                for (int j = 0; j < n; j++) {
                    double th = 2 * M_PI * (mv[0] * frac[3 * j] +
                                            mv[1] * frac[3 * j + 1] +
                                            mv[2] * frac[3 * j + 2]);
                    cos_t[j] = cos(th);
                    sin_t[j] = sin(th);
                    cs += q[j] * cos_t[j];
                    sn += q[j] * sin_t[j];
                }
                double s2 = cs * cs + sn * sn;
                double pre = 2 * M_PI / V;
                e_sum += pre * h * s2;
                if (!g) continue;
                if (g->frac || g->charge)
                    for (int j = 0; j < n; j++) {
                        double ct = cos_t[j], st = sin_t[j];
                        if (g->charge)
                            g->charge[j] += pre * h * 2 * (cs * ct + sn * st);
                        if (g->frac) {
                            double t = pre * h * 2 * q[j] * (sn * ct - cs * st) *
                                       2 * M_PI;
                            for (int x = 0; x < 3; x++)
                                g->frac[3 * j + x] += t * mv[x];
                        }
                    }
                if (g->L) {
                    /* d(1/V)/dL = -(1/V) L^-T;  dk^2/dL_xy = -2 w_x k_y with
                     * w = L^-T k;  dh/dk^2 = -h (1/(4 alpha^2) + 1/k^2) */
                    double dh = -h * (a4 + 1 / k2);
                    double w[3];
                    for (int x = 0; x < 3; x++)
                        w[x] = Linv[x] * k[0] + Linv[3 + x] * k[1] +
                               Linv[6 + x] * k[2];
                    for (int x = 0; x < 3; x++)
                        for (int y = 0; y < 3; y++)
                            g->L[3 * x + y] +=
                                pre * s2 * (-h * Linv[3 * y + x] +
                                            dh * (-2 * w[x] * k[y]));
                }
            }
    *energy = e_sum;
}

pg_status pg_crystal_ewald(const double L[9], const double *frac,
                           const double *q, int n, double accuracy,
                           double *energy, const pg_crystal_ewald_grad *g,
                           pg_crystal_ewald_info *info)
{
    double Linv[9];
    double V = pg_crystal_lattice_inverse(L, Linv);
    if (V == 0)
        return PG_FAIL(PG_ERR_ARG, "Ewald: singular lattice");
    if (!(accuracy > 0 && accuracy <= 0.1))
        return PG_FAIL(PG_ERR_ARG, "Ewald: accuracy %g outside (0, 0.1]",
                       accuracy);
    /* a left-handed cell has det < 0: the volume is |det| and d|det|/dL =
     * |det| L^-T still holds, so the sums use V = |det| throughout */
    V = fabs(V);
    double p = -log(accuracy);
    double alpha = sqrt(M_PI) * pow((n > 0 ? n : 1) / (V * V), 1.0 / 6);
    double r_cut = sqrt(p) / alpha, k_cut = 2 * alpha * sqrt(p);
    const double ke = PG_CRYSTAL_COULOMB_EV_A;

    double sq = sqrt(ke);
    /* scaled charges: q' = sqrt(k_e) q, E = sum over q' in units of e^2/A,
     * dE/dq = sqrt(k_e) dE/dq' */
    enum { STACK = PG_CRYSTAL_EWALD_MAX_ATOMS };
    double qs_stack[STACK];
    double *qs = qs_stack;
    if (n > STACK)
        return PG_FAIL(PG_ERR_ARG, "Ewald: %d atoms (at most %d)", n, STACK);
    double Q = 0, q2 = 0;
    for (int i = 0; i < n; i++) {
        qs[i] = sq * q[i];
        Q += qs[i];
        q2 += qs[i] * qs[i];
    }
    double gch_local[STACK];
    pg_crystal_ewald_grad gs = {0};
    if (g) {
        gs.frac = g->frac;
        gs.L = g->L;
        gs.charge = g->charge ? gch_local : NULL;
        if (gs.charge)
            for (int i = 0; i < n; i++) gch_local[i] = 0;
    }

    real_ctx rc = {L, qs, alpha, 0, 0, g ? &gs : NULL};
    pg_crystal_pairs_each(L, Linv, frac, n, r_cut, real_pair, &rc);
    double e_recip = 0;
    long n_recip = 0;
    recip_sum(L, Linv, V, frac, qs, n, alpha, k_cut, &e_recip,
              g ? &gs : NULL, &n_recip);
    double e_self = -alpha / sqrt(M_PI) * q2;
    double e_bg = -M_PI * Q * Q / (2 * V * alpha * alpha);
    *energy = rc.energy + e_recip + e_self + e_bg;
    if (g) {
        if (g->charge)
            for (int i = 0; i < n; i++)
                g->charge[i] += sq * (gch_local[i] -
                                      2 * alpha / sqrt(M_PI) * qs[i] -
                                      M_PI * Q / (V * alpha * alpha));
        if (g->L) {
            /* E_bg = -pi Q^2/(2 alpha^2) (1/V), d(1/V)/dL = -(1/V) L^-T */
            for (int x = 0; x < 3; x++)
                for (int y = 0; y < 3; y++)
                    g->L[3 * x + y] += -e_bg * Linv[3 * y + x];
        }
    }
    if (info) {
        info->alpha = alpha;
        info->r_cut = r_cut;
        info->k_cut = k_cut;
        info->n_real = rc.count;
        info->n_recip = n_recip;
    }
    return PG_OK;
}
