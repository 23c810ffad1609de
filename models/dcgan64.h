/* dcgan64: the benchmark DCGAN for 64x64 single-channel images, layer for
 * layer the model of the PyTorch reference (bench/compare_torch.sh runs
 * /work/shared/bench/torch_dcgan_step.py):
 *
 *   G: dense z(128) -> 4*4*256, reshape (256, 4, 4), BN, ReLU,
 *      convT 4x4 s2 p1 to 128, 64, 32 channels, each + BN + ReLU,
 *      convT 4x4 s2 p1 to 1 channel, tanh                 -> (N, 1, 64, 64)
 *   D: conv 4x4 s2 p1 1 -> 32 -> 64 -> 128 -> 256, each + leaky ReLU 0.2,
 *      dense 256*4*4 -> 1 (a logit)                        -> (N, 1)
 *
 * Batch norm uses PyTorch's defaults (momentum 0.1, eps 1e-5); every layer
 * has a bias, as in the script. Weights start from physgan's He/zero init
 * (PyTorch's default init differs; speed does not depend on it). */
#ifndef PG_MODELS_DCGAN64_H
#define PG_MODELS_DCGAN64_H

#include "nn/graph.h"

enum {
    PG_DCGAN64_Z = 128,    /* latent dimension */
    PG_DCGAN64_SIDE = 64,  /* image height and width */
};

/* Generator on latent input node z of shape (N, PG_DCGAN64_Z). Returns the
 * image node (N, 1, 64, 64) in [-1, 1], or -1 (see pg_graph_finalize). */
int pg_dcgan64_generator(pg_graph *g, int z);

/* Discriminator on image input node x of shape (N, 1, 64, 64). Returns the
 * logit node (N, 1), or -1. */
int pg_dcgan64_discriminator(pg_graph *g, int x);

#endif
