/* Foam frames for training the surrogate: every frame of a foam/1 file
 * (all sequences) as its film field (physics/foam/foam_field.h), kept in memory,
 * and copies of one frame scaled to [-1, 1] with a periodic shift (the
 * data augmentation of the paired trainer). Not collective.
 */
#ifndef PG_DATA_FOAM_FRAMES_H
#define PG_DATA_FOAM_FRAMES_H

#include "base/status.h"

typedef struct pg_foam_frames {
    int seqs, frames, h, w;
    double *time;  /* frames, MCS */
    float *phi;    /* seqs x frames x h x w film field, [0, 1] */
} pg_foam_frames;

/* Read `dataset` (it must be /labels: the foam/1 layout of
 * src/io/foam_file.h, with frames of H, W >= 3) and /time of the foam/1
 * file at path and convert every frame to its film field of width
 * film_sigma (sites; 0: one-site films; physics/foam/foam_field.h).
 * With coarsen = S > 1 every frame is first block-mode coarsened by S
 * (physics/foam/foam_grid.h, as `rollout --coarse S` does to its start)
 * and /time divided by S^2: a foam S times larger in length coarsens S^2
 * times slower, so the times are MCS of the coarse lattice. H and W must
 * be multiples of S, the coarse frames at least 3 x 3 (else
 * PG_ERR_CONFIG naming the file and the key). */
pg_status pg_foam_frames_load(const char *path, const char *dataset,
                              double film_sigma, int coarsen,
                              pg_foam_frames **out);
void pg_foam_frames_free(pg_foam_frames **f);

/* Frame (seq, frame) as 2 phi - 1, shifted periodically by (dy, dx):
 * out[y][x] = in[y - dy][x - dx]. */
void pg_foam_frames_get(const pg_foam_frames *f, int seq, int frame, int dy,
                        int dx, float *out);

#endif
