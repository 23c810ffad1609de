/* Physics penalties: the trainer's hook (docs/physics.md).
 *
 * A penalty is a scalar function of a batch of generated samples x with an
 * analytic gradient. It gets its inputs in physical units (terrain: (N, 1,
 * H, W) elevations in metres; foam: film fields phi) through one struct,
 * pg_penalty_input: the samples and, for penalties that compare with the
 * conditioning of a paired model, the conditioning frames. Trainers do not
 * call eval themselves: they build a pg_penalty_list from the job's
 * [physics] keys (physics/penalty_list.h), which converts the generator's
 * normalised output to physical units, evaluates every penalty and
 * applies the chain rule back.
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

/* What a penalty is evaluated on, in physical units. */
typedef struct pg_penalty_input {
    const pg_tensor *x;    /* the generated samples (N, C, H, W) */
    const pg_tensor *cond; /* the samples' conditioning, x's shape (foam:
                              the input frames phi_in), or NULL */
    const int *labels;     /* one class per sample (protein: the family G
                              was asked for), or NULL */
} pg_penalty_input;

typedef struct pg_penalty {
    const char *name;   /* "terrain.slope", "foam.mass", ... */
    double weight;      /* from [physics] in the job file */
    pg_status (*eval)(const struct pg_penalty *p, const pg_penalty_input *in,
                      double *value, pg_tensor *grad_x); /* grad may be NULL */
    void *ctx;
    /* Frees ctx (may be NULL when ctx needs no freeing). An addition to
     * the DESIGN.md struct so the trainer can own penalties it builds
     * from a job file without knowing their types. */
    void (*destroy_ctx)(void *ctx);
} pg_penalty;

/* Evaluate p on in after checking that in->cond and grad_x (when given)
 * have in->x's shape. */
pg_status pg_penalty_eval(const pg_penalty *p, const pg_penalty_input *in,
                          double *value, pg_tensor *grad_x);

/* Free a penalty made by one of the *_penalty_create functions (its ctx
 * through destroy_ctx, then the struct); sets *p to NULL, accepts NULL. */
void pg_penalty_destroy(pg_penalty **p);

#endif
