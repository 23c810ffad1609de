/* The penalty registry: every physics penalty by name, with the [physics]
 * keys that configure it and the constructor that builds it
 * (docs/physics.md, "Penalties by name").
 *
 * Each domain declares its kinds in a table in its own folder
 * (physics/terrain/terrain_register.c, physics/foam/foam_register.c); the
 * registry (physics/penalty_registry.c) lists the domains' tables in one
 * place. A domain adds a penalty by adding a row to its table: the job
 * schema takes the keys from here and pg_penalty_list (penalty_list.h)
 * builds and evaluates it, so no trainer changes.
 */
#ifndef PG_PHYSICS_PENALTY_REGISTRY_H
#define PG_PHYSICS_PENALTY_REGISTRY_H

#include <stddef.h>

#include "base/config.h"
#include "physics/penalty.h"

/* The samples a penalty will see: (batch, channels, h, w) and the size of
 * a cell in physical units (terrain: metres; foam: 1 site). */
typedef struct pg_penalty_geom {
    int batch, channels, h, w;
    double dx_m, dy_m;
} pg_penalty_geom;

/* Everything a constructor gets. */
typedef struct pg_penalty_args {
    pg_penalty_geom geom;
    double weight;       /* the kind's weight key, > 0 */
    const double *param; /* the kind's parameter keys, in key order */
    const double *ref;   /* the data reference (kinds with ref_create),
                            else NULL */
    const void *data;    /* the training data in the domain's own form,
                            for kinds built from it (protein.profile: the
                            pg_protein_seqs training split), else NULL */
} pg_penalty_args;

/* A statistic of the training data that a penalty compares with (the mean
 * log10 PSD of terrain.roughness): add() ADDS count-weighted per-batch
 * values of len doubles into sums, in physical units. The caller sums
 * `sums` over ranks and the samples seen; the penalty gets sums / n. */
typedef struct pg_penalty_ref {
    int len;
    double *sums;        /* len doubles, owned by the penalty list */
    void *ctx;
    pg_status (*add)(struct pg_penalty_ref *r, const float *x, size_t n);
    void (*destroy_ctx)(void *ctx);
} pg_penalty_ref;

enum { PG_PENALTY_MAX_PARAMS = 8 };

typedef struct pg_penalty_kind {
    const char *name;        /* "terrain.slope" */
    /* [physics] keys: keys[0] is the weight (0 = off), keys[1..] the
     * parameters, all PG_KEY_DOUBLE, in the order of args.param. */
    const pg_key_spec *keys;
    int n_keys;
    pg_status (*create)(const pg_penalty_args *a, pg_penalty **out);
    /* NULL, or the data reference this kind needs before create: made
     * with args.ref = NULL and len set. */
    pg_status (*ref_create)(const pg_penalty_args *a, pg_penalty_ref **out);
} pg_penalty_kind;

typedef struct pg_penalty_domain {
    const char *name;             /* "terrain": kinds are "terrain.*" */
    const pg_penalty_kind *kinds; /* in evaluation order */
    int n_kinds;
    /* [physics] keys of the domain as a whole, after its kinds' keys in
     * the job schema (terrain: warmup_steps). */
    const pg_key_spec *keys;
    int n_keys;
} pg_penalty_domain;

/* The domains' tables (defined in each domain's folder). */
extern const pg_penalty_domain pg_terrain_penalty_domain;
extern const pg_penalty_domain pg_foam_penalty_domain;
extern const pg_penalty_domain pg_crystal_penalty_domain;
extern const pg_penalty_domain pg_protein_penalty_domain;

/* The registered domains, in the job schema's order. */
const pg_penalty_domain *const *pg_penalty_domains(int *n);

/* The kind called name, or PG_ERR_ARG listing the known names. */
pg_status pg_penalty_kind_find(const char *name, const pg_penalty_kind **out);

/* The domain called name, or PG_ERR_ARG listing the known domains. */
pg_status pg_penalty_domain_find(const char *name,
                                 const pg_penalty_domain **out);

/* The [physics] keys of every domain (each kind's, then the domain's), in
 * registry order, into keys (cap entries); *n: the number written.
 * PG_ERR_INTERNAL when cap is too small. */
pg_status pg_penalty_registry_keys(pg_key_spec *keys, int cap, int *n);

/* The ref release every pg_penalty_ref constructor's failure path and the
 * list use: ctx through destroy_ctx, then the struct. NULL-safe. */
void pg_penalty_ref_destroy(pg_penalty_ref **r);

/* The data statistic of kind k over the n samples x (each channels x h x w
 * of a->geom, physical units), gathered in one process the way the trainer
 * gathers it over its data: the sums of add() over n. Into *out (len
 * doubles, the caller's to free). PG_ERR_ARG when k takes no reference. */
pg_status pg_penalty_ref_mean(const pg_penalty_kind *k,
                              const pg_penalty_args *a, const float *x,
                              size_t n, double **out);

#endif
