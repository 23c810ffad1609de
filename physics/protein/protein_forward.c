/* Multihit local Forward of a search profile (protein_profile.h): the
 * log-likelihood summed over all state paths. The recursion is Viterbi's
 * (protein_viterbi.c) with sums for maxima, computed in probability space
 * (odds ratios for emissions) with every row divided by its largest cell:
 * the logs of those factors add up to the score, and no cell that matters
 * can underflow (one smaller than 1e-308 of its row's largest is below
 * double precision of the sum anyway). */
#include <math.h>

#include "physics/protein/protein_profile_impl.h"

/* (protein_profile_impl.h) */
double pg_protein_row_rescale(double *m, double *ins, double *d, size_t n,
                              double *sp, int nsp)
{
    double s = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (m[k] > s) s = m[k];
        if (ins[k] > s) s = ins[k];
        if (d[k] > s) s = d[k];
    }
    for (int j = 0; j < nsp; j++)
        if (sp[j] > s) s = sp[j];
    if (s <= 0.0) return 0.0;
    double r = 1.0 / s;
    for (size_t k = 0; k < n; k++) {
        m[k] *= r;
        ins[k] *= r;
        d[k] *= r;
    }
    for (int j = 0; j < nsp; j++) sp[j] *= r;
    return log(s);
}

/* (protein_profile_impl.h) */
double pg_protein_forward_row(const pg_protein_profile *p, const double *e,
                              double B, const double *pm, const double *pi,
                              const double *pd, double *cm, double *ci,
                              double *cd)
{
    int M = p->M;
    double E = 0.0;
        for (int k = 1; k <= M; k++) {
            const double *t = p->tp + (size_t)(k - 1) * PT_N;
            const double *tk = t + PT_N;
            cm[k] = (pm[k - 1] * t[PT_MM] + pi[k - 1] * t[PT_IM] +
                     pd[k - 1] * t[PT_DM] + B * tk[PT_BM]) *
                    e[(size_t)k * PG_PROTEIN_K];
            cd[k] = cm[k - 1] * t[PT_MD] + cd[k - 1] * t[PT_DD];
            ci[k] = k < M ? pm[k] * tk[PT_MI] + pi[k] * tk[PT_II] : 0.0;
            E += cm[k] + cd[k];
        }
    return E;
}

pg_status pg_protein_forward_bits(pg_protein_profile *p, const uint8_t *seq,
                                  int L, double *bits)
{
    int M = p->M;
    size_t n = (size_t)M + 1;
    double *r[6], lloop, lmove;
    PG_CHECK(pg_protein_dp_begin(p, L, "Forward", r, &lloop, &lmove));
    double *pm = r[0], *pi = r[1], *pd = r[2], *cm = r[3], *ci = r[4],
           *cd = r[5];
    double loop = exp(lloop), move = exp(lmove);
    for (size_t k = 0; k < n; k++) pm[k] = pi[k] = pd[k] = 0.0;
    cm[0] = ci[0] = cd[0] = 0.0;
    /* Specials N, B, J, C of the previous row, then of this one. */
    double sp[4] = {1.0, move, 0.0, 0.0};
    double logscale = 0.0;
    for (int i = 1; i <= L; i++) {
        int x = seq[i - 1];
        if (x >= PG_PROTEIN_K)
            return PG_FAIL(PG_ERR_ARG, "residue %d is index %d", i, x);
        const double *e = p->mo + (size_t)x;
        double E = pg_protein_forward_row(p, e, sp[1], pm, pi, pd, cm, ci,
                                          cd);
        double row[5];
        row[0] = sp[0] * loop;                 /* N */
        row[2] = sp[2] * loop + 0.5 * E;       /* J */
        row[3] = sp[3] * loop + 0.5 * E;       /* C */
        row[1] = (row[0] + row[2]) * move;     /* B */
        row[4] = E;
        logscale += pg_protein_row_rescale(cm, ci, cd, n, row, 5);
        for (int j = 0; j < 4; j++) sp[j] = row[j];
        double *s;
        s = pm; pm = cm; cm = s;
        s = pi; pi = ci; ci = s;
        s = pd; pd = cd; cd = s;
    }
    double nats = log(sp[3] * move) + logscale;
    *bits = (nats - pg_protein_null1_nats(L)) / log(2.0);
    return PG_OK;
}
