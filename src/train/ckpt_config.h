/* The job file stored in a checkpoint (/config), loaded with the job
 * schema from memory: how `physgan generate`, `eval sr`, `rollout` and
 * `bench foam` rebuild the model a checkpoint was trained with. */
#ifndef PG_TRAIN_CKPT_CONFIG_H
#define PG_TRAIN_CKPT_CONFIG_H

#include "base/config.h"
#include "io/checkpoint.h"

/* The job of checkpoint c (read from path), parsed in memory; errors name
 * "path:/config:LINE". PG_ERR_FORMAT naming path when /config is empty;
 * PG_ERR_CONFIG when [model] arch is not `arch` (what: the model's name
 * for the message); arch NULL takes any model. *cfg is NULL on error. */
pg_status pg_ckpt_job_config(const pg_checkpoint *c, const char *path,
                             const char *arch, const char *what,
                             pg_config **cfg);

#endif
