/* Label frames between the simulator's grid and a grid `stride` times
 * coarser, for a surrogate that steps the foam on the coarse grid and
 * writes its frames on the fine one (`physgan rollout --coarse S`,
 * docs/foam.md, "Coarse-grid rollout").
 *
 * Coarse site (I, J) covers the fine block [I s, I s + s) x [J s, J s + s)
 * and sits at its centre, fine coordinates ((I + 1/2) s - 1/2, ...).
 * Both grids are periodic.
 *
 * fine -> coarse: each coarse site takes the label most frequent in its
 * block (ties: the one first reached in row order).
 * coarse -> fine: each fine site takes the label of largest total weight
 * among the 4 x 4 coarse sites around it, weights the cubic B-spline of
 * its distance to each (the argmax of the one-hot label fields smoothed
 * by a cubic B-spline), so boundaries are smooth curves, not s-site
 * stairs, and meet near 120 degrees where the coarse labels meet three at
 * a time. Straight boundaries along block edges stay there; a feature of
 * a single coarse site is smoothed away. Stride 1 copies.
 */
#ifndef PG_DATA_FOAM_GRID_H
#define PG_DATA_FOAM_GRID_H

#include <stdint.h>

#include "base/status.h"

/* Largest stride accepted (blocks of up to 16 x 16 sites). */
#define PG_FOAM_GRID_STRIDE_MAX 16

/* PG_ERR_ARG unless 1 <= stride <= PG_FOAM_GRID_STRIDE_MAX and h, w are
 * positive multiples of stride; `what` names the frames in the message. */
pg_status pg_foam_grid_check(int h, int w, int stride, const char *what);

/* Fine h x w labels -> coarse (h / stride) x (w / stride) labels. */
void pg_foam_labels_coarsen(const int32_t *fine, int h, int w, int stride,
                            int32_t *coarse);

/* Coarse hc x wc labels -> fine (hc stride) x (wc stride) labels. */
void pg_foam_labels_refine(const int32_t *coarse, int hc, int wc, int stride,
                           int32_t *fine);

#endif
