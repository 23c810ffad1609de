/* HMMER3's search profile: a core model (protein_hmm.h) configured for
 * multihit local alignment, as hmmsearch scores sequences
 * (docs/proteins.md, "Scoring"). Plain arrays; not thread-safe (one
 * workspace per profile), no MPI.
 *
 * Configuration (HMMER 3.3, p7_ProfileConfig with p7_LOCAL):
 *   - match emissions score log(e_k(x) / f(x)) with f the null model's
 *     frequencies (pg_protein_background); insert emissions score 0;
 *   - local entry B -> M_k with probability occ(k) / sum_j occ(j) (M-j+1),
 *     occ(k) the probability that a glocal path uses M_k (uniform
 *     2 / (M (M+1)) when every match state is always used); exit M_k -> E
 *     and D_k -> E with probability 1 (score 0);
 *   - multihit: E -> C and E -> J 1/2 each; N, C and J loop with
 *     probability L / (L + 3) and move on with 3 / (L + 3) for a target of
 *     length L (the expected number of J passes is 1);
 *   - the null model emits L residues with f and stops with 1 / (L + 1):
 *     null(L) = L log(L / (L+1)) + log(1 / (L+1)).
 * A bit score is (model log-likelihood - null(L)) / log 2. */
#ifndef PG_PHYSICS_PROTEIN_PROFILE_H
#define PG_PHYSICS_PROTEIN_PROFILE_H

#include <stdint.h>

#include "base/status.h"
#include "physics/protein/protein_hmm.h"

typedef struct pg_protein_profile pg_protein_profile;

/* Configure hmm (which stays owned by the caller and is not kept). */
pg_status pg_protein_profile_create(const pg_protein_hmm *hmm,
                                    pg_protein_profile **out);
void pg_protein_profile_destroy(pg_protein_profile **p);
int pg_protein_profile_length(const pg_protein_profile *p);

/* The null model's log-likelihood of a length-L sequence (nats). */
double pg_protein_null1_nats(int L);

/* Multihit local Viterbi (best single path) and Forward (all paths)
 * log-likelihood ratios of seq[0..L) (indices 0..19), in bits against the
 * null model. L >= 1. */
pg_status pg_protein_viterbi_bits(pg_protein_profile *p, const uint8_t *seq,
                                  int L, double *bits);
pg_status pg_protein_forward_bits(pg_protein_profile *p, const uint8_t *seq,
                                  int L, double *bits);

#endif
