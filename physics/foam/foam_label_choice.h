/* The floor of a label-choice foam update (docs/foam.md, "The floor of a
 * label-choice surrogate"): a surrogate that, at each site of a (coarse)
 * label grid, picks one of the labels present in the k x k window around
 * the site (a learned long-step Potts update, "which neighbour's label do I
 * take") keeps bubble identities by construction, but cannot move a
 * boundary more than (k - 1) / 2 sites in one step, nor bring a label back
 * once it is gone. The best such update, given the true next frame, is the
 * oracle below: how much of the true next frame it cannot represent is the
 * accuracy floor of any network of that form, measured before training one.
 *
 * Grids are periodic, h x w, row-major; labels are any int32 ids (the
 * simulator's spins: a bubble keeps its id from frame to frame).
 */
#ifndef PG_PHYSICS_FOAM_LABEL_CHOICE_H
#define PG_PHYSICS_FOAM_LABEL_CHOICE_H

#include <stdint.h>

#include "base/status.h"

/* Largest window side accepted. */
#define PG_FOAM_LABEL_CHOICE_K_MAX 15

/* PG_ERR_ARG naming `what` unless k is odd, 1 <= k <= K_MAX and k <= h, w. */
pg_status pg_foam_label_choice_check(int h, int w, int k, const char *what);

/* The oracle update: out[i] = target[i] where target[i] occurs among cur's
 * k x k window around i (representable); elsewhere the window label of cur
 * that occurs most often in target's k x k window around i (ties: the first
 * in row order of the window; none occurring: cur[i]), the choice that keeps
 * the site in the bubble nearest to its true one. Returns the number of
 * sites that were not representable. out must not alias cur or target. */
long pg_foam_label_choice_oracle(const int32_t *cur, const int32_t *target,
                                 int h, int w, int k, int32_t *out);

/* Distinct labels of `target` that occur nowhere in `got` (n sites each):
 * the bubbles an update lost. *distinct (may be NULL) gets the number of
 * distinct labels of target. PG_ERR_NOMEM only. */
pg_status pg_foam_labels_missing(const int32_t *target, const int32_t *got,
                                 long n, long *missing, long *distinct);

/* The Gaussian vote, a label-choice update that needs no answer: every
 * site takes the label of largest Gaussian weight exp(-r^2 / (2 sigma^2))
 * summed over the sites of its k x k window that hold it (r the distance
 * to the site; ties keep the site's own label, then the first in row
 * order). One vote is one step of threshold dynamics (Merriman, Bence and
 * Osher; Esedoglu and Otto for many phases), a long step of multiphase
 * mean-curvature flow, the continuum limit of the Potts coarsening: small
 * bubbles lose the vote and vanish, boundaries move toward their centres
 * of curvature, and no label is created. k should cover about 2.5 sigma
 * either side. out must not alias cur. */
void pg_foam_label_vote(const int32_t *cur, int h, int w, int k, double sigma,
                        int32_t *out);

/* Distinct labels of `target` at the sites where `got` differs from it
 * (n sites each): the bubbles an update did not reproduce exactly.
 * PG_ERR_NOMEM only. */
pg_status pg_foam_labels_touched(const int32_t *target, const int32_t *got,
                                 long n, long *touched);

#endif
