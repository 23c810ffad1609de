/* The 2D GAN lab's HTML replay (`physgan toy --out lab.html`): a recorder
 * that collects the loss curve every step and a frame (toy_frame.h) at
 * chosen evaluations, then writes one self-contained page (toy_page.h) with
 * the data embedded as JSON. Not collective. */
#ifndef PG_TRAIN_TOY_REPLAY_H
#define PG_TRAIN_TOY_REPLAY_H

#include "io/text_buffer.h"
#include "lab/toy.h"

typedef struct pg_toy_replay pg_toy_replay;

/* c: the configuration t was created with; total_steps: how many steps the
 * run will take (the curve keeps one point, the mean of the step losses,
 * per max(1, total_steps / 500) steps). Records the header (the real
 * points, modes, settings) from t now. */
pg_status pg_toy_replay_create(const pg_toy_config *c, const pg_toy *t,
                               long total_steps, pg_toy_replay **out);
void pg_toy_replay_destroy(pg_toy_replay **r);

/* Account one pg_toy_step's losses (call after every step). */
void pg_toy_replay_add_step(pg_toy_replay *r, const pg_toy_step_stats *st);
/* Record a frame from the last pg_toy_evaluate m of t. */
pg_status pg_toy_replay_add_frame(pg_toy_replay *r, pg_toy *t,
                                  const pg_toy_metrics *m);
int pg_toy_replay_frame_count(const pg_toy_replay *r);

/* The whole page into out (appended). */
pg_status pg_toy_replay_html(const pg_toy_replay *r, pg_text_buffer *out);
/* The page written atomically to path (io/atomic_file.h). */
pg_status pg_toy_replay_write(const pg_toy_replay *r, const char *path);

#endif
