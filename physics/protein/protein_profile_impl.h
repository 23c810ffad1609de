/* The search profile's layout, shared by its configuration
 * (protein_profile.c) and the two dynamic programs (protein_viterbi.c,
 * protein_forward.c). Private to physics/protein. */
#ifndef PG_PHYSICS_PROTEIN_PROFILE_IMPL_H
#define PG_PHYSICS_PROTEIN_PROFILE_IMPL_H

#include "physics/protein/protein_profile.h"

/* Per-node transitions out of node k (to k + 1), and the entry into M_k. */
enum { PT_MM, PT_MI, PT_MD, PT_IM, PT_II, PT_DM, PT_DD, PT_BM, PT_N };

struct pg_protein_profile {
    int M;
    /* Natural-log scores, for Viterbi: tsc[k * PT_N + t] for k = 0..M
     * (node 0's transitions and node M's are -inf: local entry replaces
     * the former, the end the latter), except PT_BM at k, which is the
     * entry into M_k; msc[k * 20 + x] match emission log-odds. */
    double *tsc, *msc;
    /* The same as probabilities and odds ratios, for Forward, which sums
     * in probability space with a scale per row. */
    double *tp, *mo;
    /* Two rows of match, insert and delete cells (M + 1 each). */
    double *row;
};

/* The start of both programs: check L >= 1, point r at the workspace's
 * six DP rows (previous M, I, D, then current M, I, D; M + 1 cells each;
 * the programs swap previous and current per row) and set the length
 * model's log loop and move probabilities. what names the program. */
pg_status pg_protein_dp_begin(pg_protein_profile *p, int L, const char *what,
                              double *r[6], double *loop, double *move);

/* The length model of a length-L target: log of the loop and move
 * probabilities of N, C and J (multihit, one expected J pass). */
void pg_protein_length_model(int L, double *loop, double *move);

/* One Forward row of the core model (protein_forward.c): cells 1..M of
 * cm, ci, cd from the previous row's pm, pi, pd, the previous row's B
 * and the residue's emission odds e (p->mo + x); returns E, the sum of
 * the row's M and D cells. Shared with protein_null2.c. */
double pg_protein_forward_row(const pg_protein_profile *p, const double *e,
                              double B, const double *pm, const double *pi,
                              const double *pd, double *cm, double *ci,
                              double *cd);

/* Divide a row's match, insert and delete cells (n each) and its nsp
 * specials by their largest; return its log (0 for an all-zero row). The
 * probability-space programs (protein_forward.c, protein_null2.c) keep
 * the sum of these logs. */
double pg_protein_row_rescale(double *m, double *ins, double *d, size_t n,
                              double *sp, int nsp);

#endif
