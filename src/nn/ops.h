/* Graph builders: one function per op. Each takes the graph and input node
 * ids and returns the new node's id (or -1 after any build failure; see
 * graph.h). Shapes: (N, F) features, (N, C, L) sequences, (N, C, H, W)
 * images; N is the batch. */
#ifndef PG_NN_OPS_H
#define PG_NN_OPS_H

#include "nn/graph.h"

/* Input placeholder of the given shape; the caller fills its data. */
int pg_op_input(pg_graph *g, int ndim, const int *shape);

/* y = x W^T + b on x flattened to (N, F). W is (out, F). flags: PG_NO_BIAS,
 * PG_SPECTRAL_NORM. */
int pg_op_dense(pg_graph *g, int x, int out, int flags);

/* 2D convolution, weight (OC, IC, KH, KW), cross-correlation as in PyTorch;
 * output H' = (H + 2p - k) / s + 1. */
int pg_op_conv2d(pg_graph *g, int x, int out_ch, int k, int stride, int pad,
                 int flags);
int pg_op_conv2d_ex(pg_graph *g, int x, const pg_attr *a);
/* Transposed convolution, weight (IC, OC, KH, KW) as in PyTorch;
 * H' = (H - 1) s - 2p + k + output_padding. */
int pg_op_conv_transpose2d(pg_graph *g, int x, int out_ch, int k, int stride,
                           int pad, int flags);
int pg_op_conv_transpose2d_ex(pg_graph *g, int x, const pg_attr *a);
/* The same on (N, C, L) sequences; weights (OC, IC, K) / (IC, OC, K). */
int pg_op_conv1d(pg_graph *g, int x, int out_ch, int k, int stride, int pad,
                 int flags);
int pg_op_conv_transpose1d(pg_graph *g, int x, int out_ch, int k, int stride,
                           int pad, int flags);
/* Dilated 1D convolution, stride 1: tap j reads x at l - pad + j*dilation
 * (WaveNet/ByteNet's residual blocks: a stack of dilations 1, 2, 4, ...
 * sees 2^n positions with k = 3 convolutions); L' = L + 2 pad -
 * dilation (k - 1), so pad = dilation (k - 1) / 2 keeps L. conv2d_ex takes
 * dilation through pg_attr's dh, dw. */
int pg_op_conv1d_dilated(pg_graph *g, int x, int out_ch, int k, int dilation,
                         int pad, int flags);

/* Batch norm over (N, H, W) per channel (or over N for (N, F)); learned
 * gamma/beta; running mean/var with the given momentum (PyTorch: 0.1) used
 * in eval mode. The running variance is updated with the unbiased batch
 * variance, and left alone when a channel has a single value. */
int pg_op_batchnorm(pg_graph *g, int x, float momentum, float eps);
/* Instance norm over (H, W) (or L) per sample and channel, which must hold
 * more than one value; PG_AFFINE adds gamma/beta. */
int pg_op_instancenorm(pg_graph *g, int x, float eps, int flags);

int pg_op_relu(pg_graph *g, int x);
int pg_op_leaky_relu(pg_graph *g, int x, float slope);
int pg_op_tanh(pg_graph *g, int x);
int pg_op_sigmoid(pg_graph *g, int x);
/* Softmax over dim 1 (features or channels), per sample and position. */
int pg_op_softmax(pg_graph *g, int x);
/* softmax((x + Gumbel noise) / tau) over dim 1; with PG_HARD the forward
 * value is the one-hot argmax and the backward is the soft one's
 * (straight-through). Noise comes from the graph's RNG in training mode;
 * in eval mode no noise is added. */
int pg_op_gumbel_softmax(pg_graph *g, int x, float tau, int flags);

/* Concatenate along dim 1; other extents must agree. */
int pg_op_concat(pg_graph *g, int a, int b);
/* Elementwise a + b (same shape). */
int pg_op_add(pg_graph *g, int a, int b);
/* Same data, new shape; the batch extent must be kept. */
int pg_op_reshape(pg_graph *g, int x, int ndim, const int *shape);
/* Dropout, Gumbel-softmax and reparam draw from the graph's RNG: call
 * pg_graph_set_rng before building them (a build error otherwise). */

/* Nearest-neighbour upsampling by an integer factor (H, W or L). */
int pg_op_upsample(pg_graph *g, int x, int factor);
/* Bilinear upsampling by an integer factor with half-pixel centres (output
 * index o samples the input at (o + 1/2) / factor - 1/2, edges clamped:
 * PyTorch's align_corners = False): the smooth half of a
 * resize-convolution, which leaves no checkerboard. */
int pg_op_upsample_bilinear(pg_graph *g, int x, int factor);
/* Average pooling, square window k, stride s, no padding. */
int pg_op_avgpool(pg_graph *g, int x, int k, int stride);
/* y = h + up(c - blockmean(h)): h (N, C, H, W) moved, block by block, onto
 * the images whose factor x factor block means are c (N, C, H/f, W/f):
 * super-resolution output consistent with its coarse input. */
int pg_op_block_match(pg_graph *g, int h, int c, int factor);
/* The h x w window of x (N, C, H, W) whose first cell is (top, left). */
int pg_op_crop(pg_graph *g, int x, int top, int left, int h, int w);
/* Inverted dropout with drop probability p (identity in eval mode). */
int pg_op_dropout(pg_graph *g, int x, float p);
/* Append one channel holding the mean over features of the per-feature
 * standard deviation across the batch (ProGAN's minibatch stddev). */
int pg_op_mbstd(pg_graph *g, int x);
/* z = mu + exp(logvar / 2) * e with e ~ N(0, 1) from the graph's RNG
 * (e = 0 in eval mode). */
int pg_op_reparam(pg_graph *g, int mu, int logvar);
/* Channels [begin, end) of x. */
int pg_op_slice(pg_graph *g, int x, int begin, int end);
/* Masked set mean over the last axis: h (N, C, A) features of A set
 * elements (padded slots), m (N, 1, A) their weights w in [0, 1] (w = 1 - m
 * with PG_SET_COMPLEMENT, for a probability of an empty slot); returns
 * (N, C) = sum_a w h / (sum_a w + 1e-6): invariant under reordering the
 * slots, padding ignored. Gradients to h and m. */
enum { PG_SET_COMPLEMENT = 1 };
int pg_op_set_mean(pg_graph *g, int h, int m, int flags);

/* Gumbel-softmax constrained to a multiset of classes (the crystal
 * VAE-GAN's composition conditioning): x (N, C, A) logits of A slots over
 * C classes, frac (N, C) the share of the A slots each class takes (count
 * c = round(frac_c A); counts are taken in class order until A slots are
 * filled, and slots left over go to class 0). The forward value is one-hot
 * per slot: the minimum-cost assignment (base/assignment.h) of the
 * multiset to the slots, the cost of giving slot a class c being
 * -log soft[c][a], soft = softmax((x + Gumbel noise) / tau) over C (noise
 * in training mode from the graph's RNG, none in eval mode). Backward is
 * soft's (straight-through, as gumbel_softmax's PG_HARD): the assignment
 * is piecewise constant in x. frac gets no gradient. */
int pg_op_gumbel_assign(pg_graph *g, int x, int frac, float tau);

#endif
