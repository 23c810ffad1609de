/* The crystal VAE-GAN's four networks (docs/crystals.md, "The VAE-GAN"),
 * on crystals as a lattice and a padded set of A atom slots:
 *   lattice (N, 6)          the lower-triangular lattice matrix entries
 *                           (a_x, b_x, b_y, c_x, c_y, c_z), standardised
 *                           by the training set's mean and deviation
 *   atoms   (N, 3 + K, A)   per slot: fractional coordinates (3), then
 *                           probabilities over K species, species 0 the
 *                           empty slot (padding), 1..K-1 the elements of
 *                           the training set's vocabulary
 *
 * Judges (encoder E, discriminator D, property head P) share one
 * permutation-invariant feature extractor (DeepSets): every slot sees its
 * own atom and the lattice through 1x1 convolutions, the slots are pooled
 * by the masked set mean (pg_op_set_mean, weights 1 - p_empty, so padding
 * and reordering do not matter), the pooled vector is broadcast back to
 * every slot for a second round, pooled again and joined with the
 * lattice features.
 *   E: features -> dense -> (mu, logvar) (Z each) -> z (reparameterised)
 *   D: features [-> minibatch std] -> dense -> 1 logit (spectral norm on
 *      every layer when d_sn)
 *   P: features -> dense -> 1 (the standardised proxy barrier)
 * Generator/decoder G(z): dense -> the 6 lattice values, and dense ->
 * (W, A) slot features -> 1x1 convolutions -> coordinates (sigmoid, in
 * (0, 1)) and species logits -> Gumbel-softmax (tau, straight-through
 * one-hot). Conditional on a composition (cond): G also gets the share
 * of the A slots each species takes (N, K; species 0 the empty slots),
 * joined to z, and its slots are that multiset (pg_op_gumbel_assign: the
 * minimum-cost assignment of the composition's atoms to the slots on the
 * species logits), so a neutral composition decodes to a neutral cell.
 * G emits the slots in the order the data are encoded in (canonical: by
 * species, then coordinates), so its reconstruction can be compared slot
 * by slot; every judge is blind to that order. */
#ifndef PG_MODELS_CRYSTAL_VAEGAN_H
#define PG_MODELS_CRYSTAL_VAEGAN_H

#include "nn/graph.h"

enum { PG_CRYSTAL_LATTICE_DIM = 6 };

typedef struct pg_crystal_vaegan_dims {
    int atoms;    /* A slots */
    int species;  /* K, the empty species included (>= 2) */
    int z_dim;    /* Z */
    int width;    /* W */
    float tau;    /* Gumbel-softmax temperature */
    int d_sn;     /* spectral norm in D */
    int d_mbstd;  /* minibatch standard deviation in D */
    int cond;     /* G conditional on a composition ([model] condition) */
} pg_crystal_vaegan_dims;

/* G's nodes. */
typedef struct pg_crystal_gen_nodes {
    int lattice;  /* (N, 6) */
    int coords;   /* (N, 3, A), sigmoid */
    int logits;   /* (N, K, A), before the Gumbel-softmax */
    int atoms;    /* (N, 3 + K, A): coords and one-hot species */
} pg_crystal_gen_nodes;

/* z: (N, Z); comp: (N, K) slot shares of the composition when d->cond,
 * else -1. Returns 0, or -1 after a build failure (sticky in g). The
 * graph needs an RNG (pg_graph_set_rng) for the Gumbel noise. */
int pg_crystal_generator(pg_graph *g, int z, int comp,
                         const pg_crystal_vaegan_dims *d,
                         pg_crystal_gen_nodes *out);

/* E's nodes. */
typedef struct pg_crystal_enc_nodes {
    int mu, logvar, z;  /* (N, Z) each */
} pg_crystal_enc_nodes;

/* lattice (N, 6), atoms (N, 3 + K, A). The graph needs an RNG. */
int pg_crystal_encoder(pg_graph *g, int lattice, int atoms,
                       const pg_crystal_vaegan_dims *d,
                       pg_crystal_enc_nodes *out);
/* Returns the (N, 1) realness logit node (or -1). */
int pg_crystal_discriminator(pg_graph *g, int lattice, int atoms,
                             const pg_crystal_vaegan_dims *d);
/* Returns the (N, 1) property node (or -1). */
int pg_crystal_property_head(pg_graph *g, int lattice, int atoms,
                             const pg_crystal_vaegan_dims *d);

#endif
