/* The job file stored in a checkpoint (/config), loaded with the job
 * schema: how `physgan eval sr`, `physgan rollout` and `bench foam` rebuild
 * the model a checkpoint was trained with. */
#ifndef PG_TRAIN_CKPT_CONFIG_H
#define PG_TRAIN_CKPT_CONFIG_H

#include "base/config.h"
#include "io/checkpoint.h"

/* PG_ERR_FORMAT naming path when /config is empty; PG_ERR_CONFIG when
 * [model] arch is not `arch` (what: the model's name for the message). */
pg_status pg_ckpt_job_config(const pg_checkpoint *c, const char *path,
                             const char *arch, const char *what,
                             pg_config **cfg);

#endif
