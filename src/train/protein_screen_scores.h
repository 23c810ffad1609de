/* The costly scores of `physgan screen proteins` in a file, for job arrays
 * (docs/proteins.md, "Job arrays"): a run with --shard I/N scores its
 * contiguous part of the unique sequences and writes them as a
 * protein_screen/1 file; `physgan merge` concatenates the parts in shard
 * order; a run with --scores MERGED.h5 regenerates the same sequences
 * (cheap), takes their scores from the file instead of computing them,
 * and ranks and writes the files one unsharded run would, byte for byte.
 *
 * protein_screen/1 (docs/formats.md): per scored sequence /index (its
 * index among the run's unique sequences, generation order), /length,
 * /hmm_bits, /hmm_p (Forward bits and P-value; 0 without a profile),
 * /max_identity, /nearest (training index, -1 for none); root attributes
 * family, seed, n, unique, from_profile, hmm (1 when scored with a
 * profile), which a --scores run checks against its own. */
#ifndef PG_TRAIN_PROTEIN_SCREEN_SCORES_H
#define PG_TRAIN_PROTEIN_SCREEN_SCORES_H

#include <stdint.h>

#include "base/status.h"

#define PG_PROTEIN_SCREEN_SCHEMA "protein_screen/1"

/* What a scores file must agree on with the run that reads it. */
typedef struct pg_protein_screen_key {
    const char *family;
    uint64_t seed;
    int n, unique, from_profile, hmm;
} pg_protein_screen_key;

/* Write sequences [first, first + count) of the run's unique ones:
 * length[i] their lengths and v (4 x unique: Forward bits, Forward P,
 * max identity, nearest; as screen's score exchange) their scores, at
 * their indices i. Atomic. */
pg_status pg_protein_screen_scores_write(const char *path,
                                         const pg_protein_screen_key *k,
                                         int first, int count,
                                         const int32_t *length, const double *v);

/* Read path (every unique sequence, in order, as the merge of all shards
 * gives) into v (4 x unique), after checking its attributes against k,
 * that /index is 0..unique-1 (a missing or repeated shard names the
 * first wrong row) and that every /length is length[i]. */
pg_status pg_protein_screen_scores_read(const char *path,
                                        const pg_protein_screen_key *k,
                                        const int32_t *length, double *v);

#endif
