/* Sequences as the sequence GAN sees them (docs/proteins.md, "Sequence
 * GAN"): a fixed length L, 21 channels per position, the 20 residues and
 * an end token. A sequence of n <= L residues is n residue columns
 * followed by L - n end-token columns, so the generator sets a sequence's
 * length by where it starts emitting the end token; reading a generated
 * sequence back stops at the first end token.
 *
 * Decoys for the function critic are real sequences with their order
 * destroyed: reversed, or shuffled (same composition and length, no
 * family order). Plain arrays; no MPI. */
#ifndef PG_PHYSICS_PROTEIN_ONEHOT_H
#define PG_PHYSICS_PROTEIN_ONEHOT_H

#include <stdint.h>

#include "base/rng.h"
#include "base/status.h"

enum {
    PG_PROTEIN_TOKENS = 21, /* residues 0..19, then the end token */
    PG_PROTEIN_END = 20,
};

/* x (21, L), channel-major: x[c * L + p] = 1 when position p holds token
 * c. res holds n residue indices 0..19, 1 <= n <= L (PG_ERR_ARG
 * otherwise, naming the sequence's n and L). */
pg_status pg_protein_onehot_encode(const uint8_t *res, int n, int L,
                                   float *x);

/* The tokens of x (21, L) (one-hot or any scores: the largest channel of
 * each position) up to the first end token, into res (room for L);
 * returns the number of residues (0 when position 0 is the end). */
int pg_protein_onehot_decode(const float *x, int L, uint8_t *res);

/* Decoys of res (n residues) into out (n): reversed, or a uniformly
 * random permutation (Fisher-Yates from r). */
void pg_protein_decoy_reverse(const uint8_t *res, int n, uint8_t *out);
void pg_protein_decoy_shuffle(const uint8_t *res, int n, pg_rng *r,
                              uint8_t *out);

#endif
