/* Spectral normalisation of a weight matrix (Miyato et al. 2018).
 *
 * The weight, viewed as rows x cols (first dimension x the rest), is divided
 * by an estimate of its largest singular value sigma. The left singular
 * vector u is state (checkpointed); in a training forward with state
 * updates on, `iters` power iterations refine it. Then v = W^T u / |W^T u|
 * and sigma = |W^T u| = u^T W v. With u fixed this sigma is an exact
 * function of W with d sigma / dW = u v^T, so the backward below is the
 * exact gradient of what forward computed (and passes a finite-difference
 * check):  dL/dW = (G - <G, W_sn> u v^T) / sigma,  G = dL/dW_sn.
 */
#ifndef PG_NN_SPECTRAL_NORM_H
#define PG_NN_SPECTRAL_NORM_H

#include "nn/graph.h"

/* Claim the u state, aux (W_sn, v, sigma) and scratch for node id, whose
 * weight is rows x cols. Returns 0 or -1 (sticky failure). */
int pg_sn_setup(pg_graph *g, int id, int rows, int cols);
/* The normalised weight to use in forward/backward (aux of the node). */
float *pg_sn_weight(pg_node *n);
/* Compute W_sn (and update u when g->update_state) for node n. */
void pg_sn_forward(pg_graph *g, pg_node *n, const float *w, int rows, int cols);
/* Gradient with respect to W_sn is in gsn (rows x cols); add the gradient
 * with respect to W into dw. */
void pg_sn_backward(pg_graph *g, pg_node *n, const float *gsn, int rows,
                    int cols, float *dw);
/* The sigma of the last forward. */
float pg_sn_sigma(const pg_node *n, int rows, int cols);

#endif
