/* Multihit local Viterbi of a search profile (protein_profile.h): the
 * log-likelihood of the best single state path, in log space, two rows.
 *
 * Cells of row i (residue i emitted), node k:
 *   M(i,k) = max(M(i-1,k-1) + mm, I(i-1,k-1) + im, D(i-1,k-1) + dm,
 *                B(i-1) + bm(k)) + e_k(x_i)
 *   I(i,k) = max(M(i-1,k) + mi, I(i-1,k) + ii)          (k < M, score 0)
 *   D(i,k) = max(M(i,k-1) + md, D(i,k-1) + dd)
 *   E(i)   = max_k max(M(i,k), D(i,k))                  (local exits)
 *   J(i) = max(J(i-1) + loop, E(i) + log 1/2), C(i) likewise,
 *   N(i) = N(i-1) + loop, B(i) = max(N(i), J(i)) + move,
 * with N(0) = 0, B(0) = move; the score is C(L) + move. */
#include <math.h>

#include "physics/protein/protein_profile_impl.h"

static inline double max2(double a, double b) { return a > b ? a : b; }

pg_status pg_protein_viterbi_bits(pg_protein_profile *p, const uint8_t *seq,
                                  int L, double *bits)
{
    int M = p->M;
    size_t n = (size_t)M + 1;
    double *r[6], loop, move;
    PG_CHECK(pg_protein_dp_begin(p, L, "Viterbi", r, &loop, &move));
    double *pm = r[0], *pi = r[1], *pd = r[2], *cm = r[3], *ci = r[4],
           *cd = r[5];
    const double half = -log(2.0);
    for (size_t k = 0; k < n; k++) pm[k] = pi[k] = pd[k] = -INFINITY;
    double N = 0.0, B = move, J = -INFINITY, C = -INFINITY;
    cm[0] = ci[0] = cd[0] = -INFINITY;
    for (int i = 1; i <= L; i++) {
        int x = seq[i - 1];
        if (x >= PG_PROTEIN_K)
            return PG_FAIL(PG_ERR_ARG, "residue %d is index %d", i, x);
        double E = -INFINITY;
        for (int k = 1; k <= M; k++) {
            const double *t = p->tsc + (size_t)(k - 1) * PT_N;
            double sc = max2(max2(pm[k - 1] + t[PT_MM], pi[k - 1] + t[PT_IM]),
                             max2(pd[k - 1] + t[PT_DM],
                                  B + p->tsc[(size_t)k * PT_N + PT_BM]));
            cm[k] = sc + p->msc[(size_t)k * PG_PROTEIN_K + x];
            cd[k] = max2(cm[k - 1] + t[PT_MD], cd[k - 1] + t[PT_DD]);
            const double *tk = t + PT_N;
            ci[k] = k < M ? max2(pm[k] + tk[PT_MI], pi[k] + tk[PT_II])
                          : -INFINITY;
            E = max2(E, max2(cm[k], cd[k]));
        }
        J = max2(J + loop, E + half);
        C = max2(C + loop, E + half);
        N = N + loop;
        B = max2(N, J) + move;
        double *s;
        s = pm; pm = cm; cm = s;
        s = pi; pi = ci; ci = s;
        s = pd; pd = cd; cd = s;
    }
    double nats = C + move;
    *bits = (nats - pg_protein_null1_nats(L)) / log(2.0);
    return PG_OK;
}
