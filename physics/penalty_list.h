/* A trainer's physics penalties: built once from the job's [physics] keys
 * through the registry (physics/penalty_registry.h), evaluated by one
 * function that converts the generator's normalised output to physical
 * units and applies the chain rule back (docs/physics.md, "Penalties by
 * name").
 *
 * A trainer names the domain of its samples ("terrain", "foam"); the
 * list offers every kind of that domain (its "slots", registry order) and
 * creates those whose weight key is > 0, in that order. Values come back
 * one per created penalty; pg_penalty_list_slot maps them to slots (the
 * trainer's fixed metric columns).
 */
#ifndef PG_PHYSICS_PENALTY_LIST_H
#define PG_PHYSICS_PENALTY_LIST_H

#include <stddef.h>

#include "base/config.h"
#include "physics/penalty_registry.h"

typedef struct pg_penalty_list pg_penalty_list;

/* pg_penalty_list_create flags. */
enum {
    /* The caller computes no data reference (pg_penalty_list_observe):
     * kinds that need one are not offered, and refused when weighted. */
    PG_PENALTY_LIST_NO_REF = 1
};

/* Refuse, naming the key, a weight > 0 of a kind the list for (domain,
 * flags) would not offer: another domain's, or one that needs a data
 * reference under PG_PENALTY_LIST_NO_REF. who names the caller in the
 * message ("unet_sr"). For a trainer's option reading, before any work. */
pg_status pg_penalty_config_check(const pg_config *cfg, const char *domain,
                                  unsigned flags, const char *who);

/* The sum of the weights of domain's kinds (0: no penalty is on). */
pg_status pg_penalty_config_total_weight(const pg_config *cfg,
                                         const char *domain, double *out);

/* Build the list: pg_penalty_config_check, then every offered kind with
 * weight > 0, in registry order. Kinds that need a data reference are
 * created by pg_penalty_list_finish; the others here. */
pg_status pg_penalty_list_create(const pg_config *cfg, const char *domain,
                                 unsigned flags, const char *who,
                                 const pg_penalty_geom *geom,
                                 pg_penalty_list **out);
/* The same, handing data (the training data in the domain's own form,
 * pg_penalty_args.data; the caller keeps it alive through creation and
 * pg_penalty_list_finish) to
 * every kind's constructor. */
pg_status pg_penalty_list_create_data(const pg_config *cfg,
                                      const char *domain, unsigned flags,
                                      const char *who,
                                      const pg_penalty_geom *geom,
                                      const void *data, pg_penalty_list **out);
void pg_penalty_list_destroy(pg_penalty_list **l);

/* ---- the data reference (kinds with ref_create) -------------------------- */

/* Whether a kind waits for pg_penalty_list_finish. */
int pg_penalty_list_needs_ref(const pg_penalty_list *l);
/* Add n training samples in physical units (n * C*H*W floats) to every
 * waiting kind's sums. */
pg_status pg_penalty_list_observe(pg_penalty_list *l, const float *x,
                                  size_t n);
/* The waiting kinds' sums, back to back (*len doubles, 0 when none), for
 * the caller to sum over ranks in place before pg_penalty_list_finish. */
double *pg_penalty_list_ref_sums(pg_penalty_list *l, int *len);
/* Create the waiting kinds with reference sums / n_samples. A no-op
 * without waiting kinds. */
pg_status pg_penalty_list_finish(pg_penalty_list *l, double n_samples);

/* ---- inspection -------------------------------------------------------- */

int pg_penalty_list_size(const pg_penalty_list *l);  /* created */
const char *pg_penalty_list_name(const pg_penalty_list *l, int i);
double pg_penalty_list_weight(const pg_penalty_list *l, int i);
int pg_penalty_list_slots(const pg_penalty_list *l); /* offered */
const char *pg_penalty_list_slot_name(const pg_penalty_list *l, int s);
int pg_penalty_list_slot(const pg_penalty_list *l, int i); /* of created i */

/* ---- evaluation --------------------------------------------------------- */

/* The map from the generator's normalised output x to physical units,
 * x_phys = scale_i x + offset_i for sample i: per sample (scale, offset:
 * batch values each), computed in double and rounded once; or, with
 * scale NULL, one map for the batch, computed in float. The two
 * arithmetics are those the trainers used before the list, kept so that
 * their checkpoints stay bit-identical. */
typedef struct pg_penalty_units {
    const double *scale, *offset;
    float batch_scale, batch_offset;
} pg_penalty_units;

/* Evaluate every created penalty on the batch x (geom's shape, normalised)
 * and its conditioning cond (x's shape, normalised, or NULL), both mapped
 * by u:
 *   values[i] = P_i(x_phys) (unweighted; one per created penalty),
 *   gx += gain * scale_j * sum_i weight_i dP_i/dx_phys  (sample j),
 * with gain the caller's ramp (1 without). A no-op on an empty list. Not
 * thread-safe (workspaces). */
pg_status pg_penalty_list_eval(pg_penalty_list *l, const float *x,
                               const float *cond, const pg_penalty_units *u,
                               double gain, double *values, float *gx);
/* The last eval's penalty part of gx (geom's size), e.g. for its norm. */
const float *pg_penalty_list_grad(const pg_penalty_list *l);

#endif
