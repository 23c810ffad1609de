/* The keys of physgan job files: one schema for every command that reads a
 * job file. docs/config.md's key tables are generated from it
 * (`physgan config --keys`). */
#ifndef PG_TRAIN_JOB_SCHEMA_H
#define PG_TRAIN_JOB_SCHEMA_H

#include "base/config.h"

/* The schema and its number of keys; its [physics] keys are the penalty
 * registry's (physics/penalty_registry.h). */
const pg_key_spec *pg_job_schema(int *n_keys);

/* Load JOB.ini (path may be NULL: defaults only), apply the overrides and
 * validate. */
pg_status pg_job_config_load(const char *path, const char *const *overrides,
                             int n_overrides, pg_config **out);
/* The job text in memory (a checkpoint's /config), named name in messages
 * (base/config.h: pg_config_load_text), validated. */
pg_status pg_job_config_load_text(const char *text, const char *name,
                                  pg_config **out);

#endif
