#include "physics/protein/protein_profile_impl.h"

#include <math.h>
#include <stdlib.h>

void pg_protein_length_model(int L, double *loop, double *move)
{
    double pmove = 3.0 / ((double)L + 3.0);
    *loop = log(1.0 - pmove);
    *move = log(pmove);
}

pg_status pg_protein_dp_begin(pg_protein_profile *p, int L, const char *what,
                              double *r[6], double *loop, double *move)
{
    if (L < 1) return PG_FAIL(PG_ERR_ARG, "%s of an empty sequence", what);
    size_t n = (size_t)p->M + 1;
    for (int j = 0; j < 6; j++) r[j] = p->row + (size_t)j * n;
    pg_protein_length_model(L, loop, move);
    return PG_OK;
}

double pg_protein_null1_nats(int L)
{
    double p1 = (double)L / ((double)L + 1.0);
    return (double)L * log(p1) + log(1.0 - p1);
}

/* occ[k], k = 1..M: probability that a glocal path through the core
 * model visits M_k (it enters M_1 unless B -> D_1, and M_k from a used
 * M_{k-1} or I_{k-1}, or from D_{k-1}). */
static void occupancy(const pg_protein_hmm *h, double *occ)
{
    const double *t0 = pg_protein_hmm_trans(h, 0);
    occ[0] = 0.0;
    occ[1] = t0[PG_HMM_MM] + t0[PG_HMM_MI];
    for (int k = 2; k <= h->M; k++) {
        const double *t = pg_protein_hmm_trans(h, k - 1);
        occ[k] = occ[k - 1] * (t[PG_HMM_MM] + t[PG_HMM_MI]) +
                 (1.0 - occ[k - 1]) * t[PG_HMM_DM];
    }
}

static void set_entry(const pg_protein_hmm *h, pg_protein_profile *p,
                      double *occ)
{
    int M = h->M;
    occupancy(h, occ);
    double Z = 0.0;
    for (int k = 1; k <= M; k++) Z += occ[k] * (double)(M - k + 1);
    for (int k = 1; k <= M; k++)
        p->tsc[(size_t)k * PT_N + PT_BM] = log(occ[k] / Z);
}

static void set_transitions(const pg_protein_hmm *h, pg_protein_profile *p)
{
    static const int from_hmm[7] = {PG_HMM_MM, PG_HMM_MI, PG_HMM_MD,
                                    PG_HMM_IM, PG_HMM_II, PG_HMM_DM,
                                    PG_HMM_DD};
    for (int k = 0; k <= h->M; k++)
        for (int t = 0; t < 7; t++)
            p->tsc[(size_t)k * PT_N + t] =
                (k >= 1 && k < h->M)
                    ? log(pg_protein_hmm_trans(h, k)[from_hmm[t]])
                    : -INFINITY;
    p->tsc[PT_BM] = -INFINITY; /* no M_0 */
}

static void set_emissions(const pg_protein_hmm *h, pg_protein_profile *p)
{
    for (int x = 0; x < PG_PROTEIN_K; x++) p->msc[x] = -INFINITY;
    for (int k = 1; k <= h->M; k++)
        for (int x = 0; x < PG_PROTEIN_K; x++)
            p->msc[(size_t)k * PG_PROTEIN_K + x] =
                log(pg_protein_hmm_mat(h, k)[x] / pg_protein_background[x]);
}

pg_status pg_protein_profile_create(const pg_protein_hmm *hmm,
                                    pg_protein_profile **out)
{
    *out = NULL;
    pg_protein_profile *p = calloc(1, sizeof *p);
    size_t nodes = (size_t)hmm->M + 1;
    double *occ = malloc(nodes * sizeof *occ);
    if (p) {
        p->M = hmm->M;
        p->tsc = malloc(nodes * PT_N * sizeof *p->tsc);
        p->tp = malloc(nodes * PT_N * sizeof *p->tp);
        p->msc = malloc(nodes * PG_PROTEIN_K * sizeof *p->msc);
        p->mo = malloc(nodes * PG_PROTEIN_K * sizeof *p->mo);
        p->row = malloc(6 * nodes * sizeof *p->row);
    }
    if (!p || !occ || !p->tsc || !p->tp || !p->msc || !p->mo || !p->row) {
        free(occ);
        pg_protein_profile_destroy(&p);
        return PG_FAIL(PG_ERR_NOMEM, "search profile of %d nodes", hmm->M);
    }
    set_transitions(hmm, p);
    set_entry(hmm, p, occ);
    set_emissions(hmm, p);
    free(occ);
    for (size_t i = 0; i < nodes * PT_N; i++) p->tp[i] = exp(p->tsc[i]);
    for (size_t i = 0; i < nodes * PG_PROTEIN_K; i++)
        p->mo[i] = exp(p->msc[i]);
    *out = p;
    return PG_OK;
}

void pg_protein_profile_destroy(pg_protein_profile **p)
{
    if (!p || !*p) return;
    free((*p)->tsc);
    free((*p)->tp);
    free((*p)->msc);
    free((*p)->mo);
    free((*p)->row);
    free(*p);
    *p = NULL;
}

int pg_protein_profile_length(const pg_protein_profile *p) { return p->M; }
