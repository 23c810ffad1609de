/* Progress of long work. On a terminal: one line redrawn in place with
 * step/total, a bar, steps/s, ETA and the caller's current metrics. When
 * the stream is not a terminal (batch jobs, pipes): one plain log line
 * every `every_s` seconds and at the end. Only rank 0 should create one. */
#ifndef PG_BASE_PROGRESS_H
#define PG_BASE_PROGRESS_H

#include <stdio.h>

#include "base/status.h"

typedef struct pg_progress pg_progress;

/* total: number of steps (> 0); what: "train", "simulate", ...; out: the
 * stream (stderr usually); force_plain: plain lines even on a terminal. */
pg_status pg_progress_create(const char *what, long total, FILE *out,
                             int force_plain, double every_s,
                             pg_progress **p);
/* The run resumes with `done` steps already done (from a checkpoint):
 * rates and the ETA then count only the steps done since. */
void pg_progress_resume(pg_progress *p, long done);
/* Report that `step` steps are done; metrics is a short text such as
 * "loss_D=0.69 loss_G=0.71" (may be NULL). Cheap when nothing is due. */
void pg_progress_update(pg_progress *p, long step, const char *metrics);
/* Final line; then destroy. */
void pg_progress_finish(pg_progress *p, const char *metrics);
void pg_progress_destroy(pg_progress **p);

#endif
