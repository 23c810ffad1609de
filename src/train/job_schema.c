#include "train/job_schema.h"

#include <stddef.h>

#define NO_RANGE 1, 0

/* Keep each section's keys together; docs/config.md is generated in this
 * order. Units go in the doc strings. */
static const pg_key_spec job_keys[] = {
    {"model", "arch", PG_KEY_CHOICE, "mlp", NO_RANGE, "mlp",
     "network architecture: mlp (the demo's multilayer perceptron)"},
    {"model", "hidden", PG_KEY_INT, "16", 1, 4096, NULL,
     "units per hidden layer"},
    {"model", "layers", PG_KEY_INT, "2", 1, 16, NULL, "hidden layers"},

    {"optim", "optimizer", PG_KEY_CHOICE, "adam", NO_RANGE, "adam|sgd",
     "adam (AdamW when weight_decay > 0) or sgd with momentum"},
    {"optim", "lr", PG_KEY_DOUBLE, "0.01", 1e-8, 10, NULL, "learning rate"},
    {"optim", "beta1", PG_KEY_DOUBLE, "0.9", 0, 0.999999, NULL,
     "Adam first-moment decay"},
    {"optim", "beta2", PG_KEY_DOUBLE, "0.999", 0, 0.999999999, NULL,
     "Adam second-moment decay"},
    {"optim", "eps", PG_KEY_DOUBLE, "1e-8", 1e-12, 1, NULL,
     "Adam denominator epsilon"},
    {"optim", "weight_decay", PG_KEY_DOUBLE, "0", 0, 1, NULL,
     "decoupled weight decay (Adam) or L2 coefficient (SGD)"},
    {"optim", "momentum", PG_KEY_DOUBLE, "0.9", 0, 0.999999, NULL,
     "SGD momentum"},

    {"train", "steps", PG_KEY_INT, "2000", 1, 1000000000, NULL,
     "optimisation steps"},
    {"train", "batch", PG_KEY_INT, "64", 1, 1000000, NULL,
     "samples per step (per MPI rank)"},
    {"train", "seed", PG_KEY_INT, "1", 0, 4294967295.0, NULL,
     "random seed; runs with equal seeds are identical"},
    {"train", "eval_every", PG_KEY_INT, "100", 1, 1000000000, NULL,
     "steps between evaluations"},
    {"train", "threads", PG_KEY_INT, "1", 1, 1024, NULL,
     "threads for OpenMP loops and BLAS (at most the cores available)"},
};

const pg_key_spec *pg_job_schema(int *n_keys)
{
    *n_keys = (int)(sizeof job_keys / sizeof job_keys[0]);
    return job_keys;
}

pg_status pg_job_config_load(const char *path, const char *const *overrides,
                             int n_overrides, pg_config **out)
{
    int n;
    const pg_key_spec *schema = pg_job_schema(&n);
    pg_config *c = NULL;
    pg_status st;
    PG_CHECK(pg_config_create(schema, n, &c));
    if (path) PG_CHECK_GOTO(st, pg_config_load(c, path), fail);
    for (int i = 0; i < n_overrides; i++)
        PG_CHECK_GOTO(st, pg_config_override(c, overrides[i]), fail);
    PG_CHECK_GOTO(st, pg_config_validate(c), fail);
    *out = c;
    return PG_OK;
fail:
    pg_config_destroy(&c);
    return st;
}
