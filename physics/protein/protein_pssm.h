/* A position-specific profile (PSSM) of each family, built by physgan from
 * the training split only (docs/proteins.md, "The profile term"), for the
 * sequence GAN's protein.profile penalty and the PSSM sampling baseline.
 *
 * Per family, a star alignment:
 *   1. the centre is, among the members whose length lies between the
 *      family's quartiles, the one with the largest mean identity
 *      (protein_identity.h) to an evenly spaced sample of at most
 *      PG_PROTEIN_PSSM_CENTRE_SAMPLE members: the family's medoid of
 *      typical length (its columns are all the profile covers);
 *   2. every member is aligned to the centre with parasail's semi-global
 *      alignment (BLOSUM62, the identity module's gap costs; end gaps
 *      free, since domains are cut at slightly different envelopes); a
 *      member residue aligned to centre position k counts for column k,
 *      residues inserted between centre positions are dropped;
 *   3. members are weighted by Henikoff & Henikoff's position-based
 *      weights (1994): a residue a in column k adds 1 / (r_k n_k(a)), r_k
 *      the number of residue types in the column, n_k(a) how many members
 *      have a there, so that clusters of near-copies count about once;
 *   4. column k's residue probabilities mix the weighted frequencies f_k
 *      with the background b (HMMER's null model) as pseudocounts:
 *          q_k(a) = (N_k f_k(a) + beta b(a)) / (N_k + beta),
 *      N_k = (sum w)^2 / sum w^2 over the members with a residue there
 *      (the weights' effective number).
 *
 * The profile is laid out like the generator's output (21 tokens x L
 * positions, physics/protein/protein_onehot.h). The end token at
 * position i gets the family's stopping hazard h(i) = P(len = i) /
 * P(len >= i) of its training lengths (Gaussian-smoothed histogram,
 * PG_PROTEIN_PSSM_LENGTH_SIGMA), the residues 1 - h(i) times column i
 * for i < M (M the centre's length) and times the mean of the M columns
 * past it. So a sequence read off the profile position by position (up
 * to its first end token) has the family's length distribution and, as
 * far as it goes, the centre's coordinates: a sequence shorter than M
 * lacks the last columns, a longer one continues in the family's
 * composition. The hazard is kept in [FLOOR, 1 - FLOOR]. Plain arrays;
 * not thread-safe; no MPI. */
#ifndef PG_PHYSICS_PROTEIN_PSSM_H
#define PG_PHYSICS_PROTEIN_PSSM_H

#include <stdint.h>

#include "base/rng.h"
#include "base/status.h"
#include "physics/protein/protein_onehot.h"
#include "physics/protein/protein_seqs.h"

enum { PG_PROTEIN_PSSM_CENTRE_SAMPLE = 64 };
/* The least probability of the end token (and the most, as 1 - it): a
 * length no training sequence comes near is rare, not impossible, and
 * log q stays finite. */
#define PG_PROTEIN_PSSM_FLOOR 1e-6
/* Gaussian kernel width (residues) smoothing a family's length histogram:
 * about the spread of domain envelopes cut at slightly different places. */
#define PG_PROTEIN_PSSM_LENGTH_SIGMA 2.0

typedef struct pg_protein_pssm {
    int families, length;  /* F, L */
    int *columns;          /* F: M_f, the centre's length */
    int *centre;           /* F: the centre's index in the training set */
    double *n_eff;         /* F: effective number of members (weights) */
    float *logq;           /* (F, 21, L): log q_f(token, position) */
} pg_protein_pssm;

/* Profiles of every family of train (each with >= 1 member of <= length
 * residues) at G's length L = length; beta > 0 the pseudocount weight. */
pg_status pg_protein_pssm_build(const pg_protein_seqs *train, int length,
                                double beta, pg_protein_pssm **out);
void pg_protein_pssm_destroy(pg_protein_pssm **p);

/* log q of family f, (21, L) channel-major. */
static inline const float *pg_protein_pssm_family(const pg_protein_pssm *p,
                                                  int f)
{
    return p->logq + (size_t)f * PG_PROTEIN_TOKENS * (size_t)p->length;
}

/* The centre of family f of train (step 1 above): its index in train. */
pg_status pg_protein_pssm_centre(const pg_protein_seqs *train, int f,
                                 int *centre);

/* Every sequence of set (of family f; all when f < 0) aligned onto the
 * centre (mc residues) as in step 2 above, unweighted: counts (mc x 20)
 * += how many have residue a at centre position k. For sequence logos in
 * the centre's coordinates. */
pg_status pg_protein_pssm_star_counts(const pg_protein_seqs *set, int f,
                                      const uint8_t *centre, int mc,
                                      double *counts);

/* One sequence of family f drawn column by column from the profile (the
 * simple baseline: independent columns, no indels), read up to its first
 * end token into res (room for L); returns its length. */
int pg_protein_pssm_sample(const pg_protein_pssm *p, int f, pg_rng *r,
                           uint8_t *res);

#endif
