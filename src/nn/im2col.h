/* For the conv and pool kernels only: im2col / col2im and the batch-group
 * reshuffles that let one sgemm cover several samples.
 *
 * A convolution is seen from its image side: an image of c channels, h x w,
 * read through a kh x kw window with stride (sh, sw) and zero padding
 * (ph, pw) gives an oh x ow grid of window positions. Its columns matrix has
 * c*kh*kw rows, ordered (channel, kernel row, kernel column) like a PyTorch
 * weight's trailing dimensions, and one column per grid position. For conv2d
 * the image is the input and the grid the output; for the transposed conv
 * the image is the output and the grid the input. A dilated window
 * (dilation d) spaces its taps d pixels apart: kernel column j reads
 * offset j*d, so a k-tap window spans d*(k-1) + 1 pixels.
 *
 * Several samples share one GEMM by laying their columns side by side: a
 * matrix of row stride ld = nb * positions, sample b at column b*positions.
 */
#ifndef PG_NN_IM2COL_H
#define PG_NN_IM2COL_H

#include <stddef.h>

#include "nn/graph.h"
#include "base/tensor.h"

typedef struct pg_conv_geom {
    int c, h, w;                /* image */
    int kh, kw, sh, sw, ph, pw; /* window, stride, padding */
    int dh, dw;                 /* dilation: tap (i, j) reads the image at
                                   offset (i*dh, j*dw); 0 reads as 1 */
    int oh, ow;                 /* grid of window positions */
} pg_conv_geom;

/* Dilation of a geometry's axis (0 reads as 1). */
static inline int pg_conv_dil(int d) { return d > 1 ? d : 1; }

/* Spatial extents of an (N, C, H, W) tensor; (N, C, L) counts as H = 1. */
static inline void pg_conv_hw(const pg_tensor *t, int *h, int *w)
{
    *h = t->ndim == 4 ? t->shape[2] : 1;
    *w = t->ndim == 4 ? t->shape[3] : t->shape[2];
}

/* For nb samples, sample b's image at img + b * img_stride and its columns
 * at cols + b * oh*ow: cols[r * ld + p] = padded image value under kernel
 * row r at position p. */
void pg_conv_im2col(const pg_conv_geom *q, const float *img,
                    size_t img_stride, int nb, float *cols, size_t ld);
/* The adjoint: img += the columns summed back onto the pixels they read
 * (same layout of the nb samples). */
void pg_conv_col2im_add(const pg_conv_geom *q, const float *cols, size_t ld,
                        int nb, float *img, size_t img_stride);

/* Samples per GEMM for a batch whose samples have `positions` columns,
 * each costing `floats_per_column` scratch floats: enough columns to keep
 * sgemm efficient on small images, few enough to keep the scratch modest. */
int pg_conv_group(int batch, size_t positions, size_t floats_per_column);

/* Whether the geometry is a 4x4 window, stride 2, padding 1, no dilation,
 * on an image of exactly twice the grid (h = 2 oh, w = 2 ow): every (transposed)
 * conv of dcgan64 and of the U-Net. Its col2im then has a gather form. */
int pg_conv_is_k4s2(const pg_conv_geom *q);
/* col2im of such a geometry as a gather: each image pixel (2m + py,
 * 2n + px) meets exactly the four taps of parity (py, px), so it is
 * computed once from four column values instead of receiving sixteen
 * scattered adds per window. With accumulate img += col2im(cols);
 * otherwise img = col2im(cols) + bias[channel] (bias may be NULL), which
 * saves the separate bias fill. */
void pg_conv_col2im_k4s2(const pg_conv_geom *q, const float *cols,
                         size_t ld, int nb, float *img, size_t img_stride,
                         const float *bias, int accumulate);

/* dst (c, nb*p) <- src (nb, c, p). */
void pg_conv_gather(const float *src, int nb, int c, size_t p, float *dst);
/* dst (nb, c, p) += src (c, nb*p). */
void pg_conv_scatter_add(const float *src, int nb, int c, size_t p,
                         float *dst);
/* dst (nb, c, p) = src (c, nb*p) + bias[c] (bias may be NULL). */
void pg_conv_scatter_bias(const float *src, int nb, int c, size_t p,
                          const float *bias, float *dst);
/* dst (c, p) = bias[c], or zero when bias is NULL. */
void pg_conv_fill_bias(float *dst, int c, size_t p, const float *bias);
/* db[c] += sum over samples and positions of dy (n, c, p). */
void pg_conv_bias_grad(const float *dy, int n, int c, size_t p, float *db);


/* ---- shared by op_conv.c and op_conv_transpose.c ---------------------- */

/* How a conv node runs. The GEMM side of the columns matrix has `k` rows
 * (image channels * kernel taps) and `pos` columns per sample (grid
 * positions); `ch` is the channel count of the other (grid-side) tensor. */
typedef struct pg_conv_plan {
    pg_conv_geom q;
    int batch, ch;
    size_t k, pos;
    int nb;          /* samples per GEMM */
    int direct;      /* 1x1 window, stride 1, no padding: a lone sample's
                        image is its own columns matrix, no im2col */
    size_t cols_len; /* scratch: columns of nb samples (0 when direct and
                        nb == 1) */
    size_t grp_len;  /* scratch: grid-side tensor of the group as (ch, nb*pos)
                        (0 when nb == 1: GEMMs use the tensor in place) */
} pg_conv_plan;

/* Fill the plan's derived fields from q, batch and ch. */
void pg_conv_plan_finish(pg_conv_plan *p);
/* Check out_ch, kernel, stride, padding and flags of a conv builder; records
 * a build failure naming `who` and returns 0 when one is invalid. */
int pg_conv_attr_valid(pg_graph *g, const pg_attr *a, int transposed,
                       const char *who);
/* Claim weight (rows x cols), bias (bias_len unless PG_NO_BIAS) and
 * spectral-norm state for node id, and size its scratch: the plan's
 * buffers side by side with the spectral-norm gradient (rows x cols), which
 * backward needs while the columns are live. Returns id or -1. */
int pg_conv_setup(pg_graph *g, int id, int rows, int cols, int bias_len,
                  int fan_in, int fan_out, const pg_conv_plan *p);
/* The weight forward uses: the spectral-normalised copy (refreshed here)
 * or the net's own. */
const float *pg_conv_weight_forward(pg_graph *g, pg_node *n, int rows,
                                    int cols);
/* The weight the last forward used. */
const float *pg_conv_weight_used(pg_graph *g, pg_node *n);
/* Where backward accumulates d loss / d weight: the net's gradient, or,
 * with spectral norm, zeroed scratch after the plan's buffers that
 * pg_conv_weight_grad_finish then maps onto the net's gradient. */
float *pg_conv_weight_grad_begin(pg_graph *g, pg_node *n,
                                 const pg_conv_plan *p, int rows, int cols);
void pg_conv_weight_grad_finish(pg_graph *g, pg_node *n, const float *dw,
                                int rows, int cols);

#endif
