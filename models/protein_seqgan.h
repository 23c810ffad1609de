/* The family-conditioned sequence GAN's three networks (docs/proteins.md,
 * "Sequence GAN"), on sequences of fixed length L as 21-channel one-hot
 * maps (N, 21, L) (physics/protein/protein_onehot.h: 20 residues and the
 * end token). L must be a multiple of 4.
 *
 * Generator G(z, family):
 *   concat(z (N, Z), family one-hot (N, F)) -> dense -> (N, W, L/4)
 *   -> [upsample x2 -> conv1d k5 -> leaky 0.2] x 2          (N, W, L)
 *   -> R residual blocks x + conv1d k3(leaky(conv1d k3(x)))
 *      (with `dilated`, ByteNet's form: both convolutions of block r
 *      dilated by 2^r, so R blocks see 2^(R+2) - 3 positions instead of
 *      4R + 1, enough to tie a motif to one 60 residues away)
 *   -> conv1d k1 -> 21 logits per position
 *   -> Gumbel-softmax (tau), straight-through one-hot (PG_HARD)
 * so G emits a residue distribution per position and a discrete sequence
 * whose gradient is the relaxed one's.
 *
 * Realness discriminator D(x) (unconditional; family is the critic's):
 *   [conv1d k5 stride 2 -> leaky 0.2] x 3 (W, 2W, 4W channels)
 *   -> minibatch standard deviation (diversity; when d_mbstd)
 *   -> dense -> 1 logit, every weight spectrally normalised when d_sn.
 *
 * Function critic C(x), the AC-GAN classifier: the same convolutions
 * (no spectral norm, no minibatch statistic: it judges one sequence)
 * -> dense -> F + 1 logits, the families and a decoy class. */
#ifndef PG_MODELS_PROTEIN_SEQGAN_H
#define PG_MODELS_PROTEIN_SEQGAN_H

#include "nn/graph.h"

typedef struct pg_seqgan_dims {
    int length;     /* L, a multiple of 4 */
    int families;   /* F >= 1 */
    int z_dim;      /* Z */
    int width;      /* W */
    int res_blocks; /* R >= 0 */
    int dilated;    /* residual block r dilates by 2^r (1, 2, 4, ...) */
    float tau;      /* Gumbel-softmax temperature > 0 */
    int d_sn;       /* spectral norm in D */
    int d_mbstd;    /* minibatch standard deviation in D */
} pg_seqgan_dims;

/* z: (N, Z) node, fam: (N, F) node; returns the (N, 21, L) output node
 * (one-hot in the forward pass) or -1. The graph needs an RNG
 * (pg_graph_set_rng) for the Gumbel noise. */
int pg_seqgan_generator(pg_graph *g, int z, int fam, const pg_seqgan_dims *d);
/* The node before the Gumbel-softmax: G's residue logits (N, 21, L). */
int pg_seqgan_generator_logits(pg_graph *g, int z, int fam,
                               const pg_seqgan_dims *d);
/* x: (N, 21, L); returns the (N, 1) realness logit node. */
int pg_seqgan_discriminator(pg_graph *g, int x, const pg_seqgan_dims *d);
/* x: (N, 21, L); returns the (N, F + 1) logit node. */
int pg_seqgan_critic(pg_graph *g, int x, const pg_seqgan_dims *d);

#endif
