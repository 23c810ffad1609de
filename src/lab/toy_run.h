/* One batch run of the toy lab (`physgan toy` without --serve): the nets
 * built, D pre-trained, `steps` steps with an evaluation every eval_every
 * steps and after the last, and optionally the self-contained HTML replay
 * (toy_replay.h) recorded and written. Not collective. */
#ifndef PG_LAB_TOY_RUN_H
#define PG_LAB_TOY_RUN_H

#include "base/progress.h"
#include "base/status.h"
#include "lab/toy.h"

typedef struct pg_toy_run_opts {
    pg_toy_config c;
    long steps, eval_every, d_pretrain;
    const char *out;  /* the replay's path, or NULL: none */
    long out_every;   /* steps between replay frames; 0: steps / 50 (>= 1).
                         Frames need fresh evaluation points, so recording
                         evaluates at every frame too: the interval means
                         (|grad G|, losses) are then over the steps since
                         the last frame. */
} pg_toy_run_opts;

typedef struct pg_toy_run_result {
    pg_toy_metrics m;     /* the last evaluation */
    double first_gnorm;   /* |grad G| of the first step */
    long g_params, d_params;
    int frames;           /* replay frames written (0 without out) */
} pg_toy_run_result;

/* progress (may be NULL) gets "modes=... hq=... jsd=... |gG|=..." after
 * every step. */
pg_status pg_toy_run(const pg_toy_run_opts *o, pg_progress *progress,
                     pg_toy_run_result *out);

#endif
