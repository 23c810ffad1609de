/* A HMMER3 profile HMM in probability form, as a .hmm file holds it
 * (docs/proteins.md, "Profiles"): the core model of M match nodes, read by
 * physics/protein/io/protein_hmm_read.h. Plain arrays, base layer only.
 *
 * Nodes are 0..M. Node 0 has only an insert state and the begin
 * transitions; node k >= 1 has match, insert and delete states. The
 * transitions of node k go to node k+1 (node M's to the end). */
#ifndef PG_PHYSICS_PROTEIN_HMM_H
#define PG_PHYSICS_PROTEIN_HMM_H

#include "base/status.h"
#include "physics/protein/protein_alphabet.h"

/* Transition columns of a .hmm file, in its order. */
enum {
    PG_HMM_MM, PG_HMM_MI, PG_HMM_MD, PG_HMM_IM, PG_HMM_II, PG_HMM_DM,
    PG_HMM_DD, PG_HMM_NTRANS
};

/* The calibrations of a STATS LOCAL line: location (mu for the Gumbel
 * laws of MSV and Viterbi, tau for Forward's exponential tail) and
 * lambda, for bit scores. */
enum { PG_HMM_STATS_MSV, PG_HMM_STATS_VITERBI, PG_HMM_STATS_FORWARD,
       PG_HMM_NSTATS };

typedef struct pg_protein_hmm {
    int M;
    char *name, *acc, *desc;  /* acc, desc: "" when absent */
    double *mat;   /* (M + 1) x 20 match emission probabilities (row 0 unused) */
    double *ins;   /* (M + 1) x 20 insert emission probabilities */
    double *t;     /* (M + 1) x 7 transition probabilities */
    int has_stats[PG_HMM_NSTATS];
    double stats_loc[PG_HMM_NSTATS], stats_lambda[PG_HMM_NSTATS];
    int has_ga, has_tc, has_nc;   /* Pfam's curated bit-score thresholds */
    double ga[2], tc[2], nc[2];   /* sequence, domain */
} pg_protein_hmm;

/* Zeroed arrays for M >= 1 nodes; names are set by the caller. */
pg_status pg_protein_hmm_create(int M, pg_protein_hmm **out);
void pg_protein_hmm_destroy(pg_protein_hmm **h);

static inline double *pg_protein_hmm_mat(const pg_protein_hmm *h, int k)
{
    return h->mat + (size_t)k * PG_PROTEIN_K;
}
static inline double *pg_protein_hmm_trans(const pg_protein_hmm *h, int k)
{
    return h->t + (size_t)k * PG_HMM_NTRANS;
}

#endif
