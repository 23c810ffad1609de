/* The [optim] and [train] keys that all three trainers (generic, paired,
 * CycleGAN) read the same way (docs/config.md): learning rates and Adam
 * constants, steps, batch, seed, and when to log and checkpoint. Each
 * trainer's options struct holds them as PG_TRAIN_OPTS_MEMBERS, so they
 * keep their plain names there (o.batch, o.g_lr) while
 * pg_train_opts_read fills them in one place; keys only one trainer reads
 * stay in that trainer's read_opts. */
#ifndef PG_TRAIN_TRAIN_OPTS_H
#define PG_TRAIN_TRAIN_OPTS_H

#include "base/config.h"
#include "base/status.h"
#include "nn/gan_loss.h"

#define PG_TRAIN_OPTS_FIELDS                                                  \
    double g_lr, d_lr, beta1, beta2, eps; /* [optim] */                       \
    long steps, batch, seed, log_every;                                       \
    long ckpt_every, keep;  /* [train] checkpoint_every, keep_checkpoints */  \
    double ckpt_minutes;    /* [train] checkpoint_minutes */              \
    double watchdog_s;      /* [train] watchdog_seconds (0: none) */

typedef struct pg_train_opts {
    PG_TRAIN_OPTS_FIELDS
} pg_train_opts;

/* The fields by their names and, overlaid on them (same declarations, same
 * layout), all of them as `train` for pg_train_opts_read. */
#define PG_TRAIN_OPTS_MEMBERS                                                 \
    union {                                                                   \
        struct {                                                              \
            PG_TRAIN_OPTS_FIELDS                                              \
        };                                                                    \
        pg_train_opts train;                                                  \
    }

/* Read [optim] g_lr, d_lr, beta1, beta2, eps and [train] steps, batch,
 * seed, log_every, checkpoint_every, checkpoint_minutes,
 * keep_checkpoints, watchdog_seconds of c into *o (their ranges: the job schema). */
pg_status pg_train_opts_read(const pg_config *c, pg_train_opts *o);

/* Read the adversarial keys every GAN trainer shares: [loss] kind (into
 * *loss), label_smoothing and d_steps. */
pg_status pg_train_gan_keys_read(const pg_config *c, pg_gan_loss *loss,
                                 double *label_smoothing, long *d_steps);

#endif
