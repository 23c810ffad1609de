/* The trainers' shared [optim] and [train] keys (train_opts.h). */
#include "train/train_opts.h"

pg_status pg_train_opts_read(const pg_config *c, pg_train_opts *o)
{
    PG_CHECK(pg_config_get_double(c, "optim", "g_lr", &o->g_lr));
    PG_CHECK(pg_config_get_double(c, "optim", "d_lr", &o->d_lr));
    PG_CHECK(pg_config_get_double(c, "optim", "beta1", &o->beta1));
    PG_CHECK(pg_config_get_double(c, "optim", "beta2", &o->beta2));
    PG_CHECK(pg_config_get_double(c, "optim", "eps", &o->eps));
    PG_CHECK(pg_config_get_int(c, "train", "steps", &o->steps));
    PG_CHECK(pg_config_get_int(c, "train", "batch", &o->batch));
    PG_CHECK(pg_config_get_int(c, "train", "seed", &o->seed));
    PG_CHECK(pg_config_get_int(c, "train", "log_every", &o->log_every));
    PG_CHECK(pg_config_get_int(c, "train", "checkpoint_every",
                               &o->ckpt_every));
    PG_CHECK(pg_config_get_double(c, "train", "checkpoint_minutes",
                                  &o->ckpt_minutes));
    PG_CHECK(pg_config_get_int(c, "train", "keep_checkpoints", &o->keep));
    PG_CHECK(pg_config_get_double(c, "train", "watchdog_seconds",
                                  &o->watchdog_s));
    return PG_OK;
}

pg_status pg_train_gan_keys_read(const pg_config *c, pg_gan_loss *loss,
                                 double *label_smoothing, long *d_steps)
{
    const char *kind;
    PG_CHECK(pg_config_get_string(c, "loss", "kind", &kind));
    PG_CHECK(pg_gan_loss_parse(kind, loss));
    PG_CHECK(pg_config_get_double(c, "loss", "label_smoothing",
                                  label_smoothing));
    return pg_config_get_int(c, "loss", "d_steps", d_steps);
}
