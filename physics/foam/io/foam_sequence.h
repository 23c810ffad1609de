/* One sequence of a foam/1 file in memory: its frames' labels and times,
 * for the outputs that show a sequence (PNG frames, the HTML viewer).
 *
 * Reading checks what those outputs rely on, with errors that name the
 * file: it exists (PG_ERR_IO) and is foam/1 with /labels (S,T,H,W) and
 * /time (T) (PG_ERR_FORMAT), times strictly increasing (PG_ERR_FORMAT),
 * the sequence is in [0, S) (PG_ERR_ARG), and the sequence fits in
 * PG_FOAM_SEQUENCE_MAX_SITES (PG_ERR_ARG). Not collective.
 */
#ifndef PG_DATA_FOAM_SEQUENCE_H
#define PG_DATA_FOAM_SEQUENCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* Largest sequence read whole: T x H x W sites (1 GiB of int32). */
#define PG_FOAM_SEQUENCE_MAX_SITES ((size_t)1 << 28)

typedef struct pg_foam_sequence {
    int sequences;   /* S in the file */
    int seq;         /* the one read */
    int frames, height, width;
    double *time;    /* frames, MCS */
    int32_t *labels; /* frames x height x width */
    /* The file says its ids are renumbered every frame (root attribute
     * `surrogate` != 0, written by physgan rollout). */
    int renumbered;
    /* Set by pg_foam_sequence_track: ids follow bubbles by overlap. */
    int tracked;
} pg_foam_sequence;

/* On failure *s holds nothing to free. */
pg_status pg_foam_sequence_read(const char *path, int seq,
                                pg_foam_sequence *s);
void pg_foam_sequence_free(pg_foam_sequence *s);

/* Relabel the frames so that ids follow bubbles by overlap
 * (physics/foam/foam_track.h); sets tracked. */
pg_status pg_foam_sequence_track(pg_foam_sequence *s);

/* Keep the window of rows y .. y + h - 1 and columns x .. x + w - 1 of
 * every frame (in place; PG_ERR_ARG, naming `what`, unless the window
 * lies inside the frames). */
pg_status pg_foam_sequence_crop(pg_foam_sequence *s, int y, int x, int h,
                                int w, const char *what);

/* Labels of frame t. */
const int32_t *pg_foam_sequence_frame(const pg_foam_sequence *s, int t);

#endif
