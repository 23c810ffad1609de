/* Physics penalties: the trainer's hook (docs/physics.md).
 *
 * A penalty is a scalar function of a batch of generated samples x with an
 * analytic gradient. The trainer calls eval on the generator output (in
 * physical units: terrain penalties take (N, 1, H, W) elevations in metres)
 * and backpropagates grad_x through the generator.
 *
 * Convention (the same as src/nn/loss.h):
 *   - *value is the penalty itself, reduced by the MEAN over the N samples
 *     of the batch, and NOT multiplied by weight;
 *   - when grad_x is not NULL, eval ADDS weight * d value / d x into it
 *     (same shape as x), so several losses and penalties feed one gradient
 *     buffer that the caller clears once per step;
 *   - eval never allocates and never changes x; it is not thread-safe when
 *     ctx holds a workspace (one penalty object per thread).
 * So the trainer's total objective is loss + sum_p weight_p * value_p.
 */
#ifndef PG_PHYSICS_PENALTY_H
#define PG_PHYSICS_PENALTY_H

#include "base/status.h"
#include "base/tensor.h"

typedef struct pg_penalty {
    const char *name;   /* "terrain.slope", "foam.mass", ... */
    double weight;      /* from [physics] in the job file */
    pg_status (*eval)(const struct pg_penalty *p, const pg_tensor *x,
                      double *value, pg_tensor *grad_x); /* grad may be NULL */
    void *ctx;
    /* Frees ctx (may be NULL when ctx needs no freeing). An addition to
     * the DESIGN.md struct so the trainer can own penalties it builds
     * from a job file without knowing their types. */
    void (*destroy_ctx)(void *ctx);
} pg_penalty;

/* Evaluate p on x after checking that grad_x (when given) has x's shape. */
pg_status pg_penalty_eval(const pg_penalty *p, const pg_tensor *x,
                          double *value, pg_tensor *grad_x);

/* Free a penalty made by one of the *_penalty_create functions (its ctx
 * through destroy_ctx, then the struct); sets *p to NULL, accepts NULL. */
void pg_penalty_destroy(pg_penalty **p);

#endif
