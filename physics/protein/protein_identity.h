/* Pairwise sequence identity for novelty and diversity
 * (docs/proteins.md, "Identity"), with Debian's parasail library.
 *
 * Two sequences are aligned locally (Smith-Waterman, BLOSUM62, a gap of
 * k residues costs 11 + (k - 1)), and their identity is
 *
 *     identity = identical aligned pairs / length of the shorter sequence,
 *
 * cd-hit's definition, the one the training/validation/test split is cut
 * at (scripts/protein/build-family-data.sh): a generated sequence with
 * identity >= 0.5 to a training one would not have been allowed into the
 * test split. Dividing by the shorter length rather than by the
 * alignment's length keeps a short, perfect local match (a shared motif)
 * from reading as a copy.
 *
 * A workspace holds the substitution matrix and letter buffers; it is not
 * thread-safe (one per thread). No MPI. */
#ifndef PG_PHYSICS_PROTEIN_IDENTITY_H
#define PG_PHYSICS_PROTEIN_IDENTITY_H

#include <stdint.h>

#include "base/status.h"
#include "physics/protein/protein_seqs.h"

enum {
    PG_PROTEIN_IDENTITY_GAP_OPEN = 11,  /* cost of a gap's first residue */
    PG_PROTEIN_IDENTITY_GAP_EXTEND = 1, /* of each further residue */
};

typedef struct pg_protein_alignment {
    int score;        /* Smith-Waterman score, BLOSUM62 units */
    int matches;      /* identical aligned pairs */
    int length;       /* alignment columns, gaps included */
    double identity;  /* matches / min(la, lb) */
} pg_protein_alignment;

typedef struct pg_protein_identity pg_protein_identity;

pg_status pg_protein_identity_create(pg_protein_identity **out);
void pg_protein_identity_destroy(pg_protein_identity **w);

/* Align a (la >= 1 residues, indices 0..19) with b. */
pg_status pg_protein_identity_align(pg_protein_identity *w, const uint8_t *a,
                                    int la, const uint8_t *b, int lb,
                                    pg_protein_alignment *out);

/* Largest identity of q to the sequences of ref whose family is `family`
 * (every sequence when family < 0): *best, and the index of that
 * sequence in *best_index (-1, with *best = 0, when none is compared). */
pg_status pg_protein_identity_max(pg_protein_identity *w, const uint8_t *q,
                                  int lq, const pg_protein_seqs *ref,
                                  int family, double *best, int *best_index);

/* pg_protein_identity_max for every sequence of q: best[0..q->n) and
 * index[0..q->n) (novelty of a generated set against the training set). */
pg_status pg_protein_identity_nearest(pg_protein_identity *w,
                                      const pg_protein_seqs *q,
                                      const pg_protein_seqs *ref, int family,
                                      double *best, int *index);

/* Mean identity over the pairs i < j of sequences of s in family
 * `family` (all when < 0); 0 pairs (fewer than two sequences) is an
 * error. */
pg_status pg_protein_identity_mean_pairwise(pg_protein_identity *w,
                                            const pg_protein_seqs *s,
                                            int family, double *mean);

#endif
