/* Scoring a sequence set with a profile HMM as hmmsearch does
 * (docs/proteins.md, "Scoring"): multihit local Viterbi and Forward bit
 * scores (protein_profile.h) and their P-values from the profile's
 * calibration (protein_evalue.h; NaN when the profile has no STATS
 * line). E-values are Z x P for a search of Z sequences. */
#ifndef PG_PHYSICS_PROTEIN_SCORE_H
#define PG_PHYSICS_PROTEIN_SCORE_H

#include "base/status.h"
#include "physics/protein/protein_hmm.h"
#include "physics/protein/protein_seqs.h"

typedef struct pg_protein_score {
    double viterbi_bits, forward_bits;
    double viterbi_p, forward_p;
    /* With null2: the bias subtracted from forward_bits (forward_p is of
     * the corrected score), the domain regions found and those hmmsearch
     * would split (protein_null2.h); 0 without. */
    double bias_bits;
    int regions, split;
} pg_protein_score;

/* out[0..s->n) for every sequence of s. */
pg_status pg_protein_score_seqs(const pg_protein_hmm *hmm,
                                const pg_protein_seqs *s,
                                pg_protein_score *out);
/* The same, with hmmsearch's null2 correction of the Forward score when
 * null2 != 0. */
pg_status pg_protein_score_seqs_null2(const pg_protein_hmm *hmm,
                                      const pg_protein_seqs *s, int null2,
                                      pg_protein_score *out);

#endif
