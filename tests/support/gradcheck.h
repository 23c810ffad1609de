/* Finite-difference gradient checks.
 *
 * Ops compute in float32. The reference is a central difference of a
 * scalar loss accumulated in double precision:
 *   L = sum_i out_i * R_i   (R fixed random weights),
 * so dL/d out = R, and every input element and every trainable parameter
 * of the graph is perturbed by +-eps in turn. Stochastic ops see the same
 * random numbers in every evaluation (the graph's RNG state is restored
 * before each forward), and state updates are off. An element passes when
 *   |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|).
 */
#ifndef PG_TESTS_GRADCHECK_H
#define PG_TESTS_GRADCHECK_H

#include <stddef.h>

#include "base/rng.h"
#include "nn/graph.h"

typedef struct gc_opts {
    double eps;      /* perturbation (default 1e-2) */
    double atol;     /* default 2e-3 */
    double rtol;     /* default 2e-2 */
    int max_checks;  /* elements checked per array (default 300; random
                        subset when the array is larger) */
} gc_opts;

/* Defaults for any field left at 0. */
gc_opts gc_defaults(const gc_opts *o);

/* Check d(sum(out * R))/d(every input node and every net parameter) of a
 * finalised graph whose inputs and parameters are already filled. training
 * selects batch statistics / dropout. Returns the number of mismatching
 * elements (0 = pass) and prints the worst ones with `label`. */
int gc_check_graph(pg_graph *g, int out, int training, const gc_opts *o,
                   const char *label);

/* A scalar function of a float vector; writes d f / d x into grad when
 * grad is not NULL. */
typedef double (*gc_fn)(void *ctx, const float *x, float *grad);
/* Check grad of f at x (n floats) by central differences. Returns the
 * number of mismatches. */
int gc_check_function(gc_fn f, void *ctx, float *x, size_t n,
                      const gc_opts *o, const char *label);

/* Fill x with N(0, 1) values pushed at least `gap` away from every value
 * in kinks[0..nk) (for ReLU, hinge, L1, ...). */
void gc_fill_away(pg_rng *r, float *x, size_t n, const double *kinks, int nk,
                  double gap);

#endif
