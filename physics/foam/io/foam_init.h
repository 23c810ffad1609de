/* A start for a foam run taken from a frame of a foam/1 file: the
 * `--init FILE.h5:SEQ:FRAME` of `physgan rollout` and `physgan simulate
 * foam`. SEQ is a sequence index or "all" (every sequence of the file, one
 * run each); FRAME a frame index (negative: from the end, -1 = last). */
#ifndef PG_DATA_FOAM_INIT_H
#define PG_DATA_FOAM_INIT_H

#include <stdint.h>

#include "base/status.h"

typedef struct pg_foam_init {
    const char *spec;      /* as given (not owned) */
    int seq0, seqs;        /* first sequence and how many were read */
    int frame;             /* the frame index (resolved) */
    int h, w;
    int32_t *labels;       /* seqs * h * w */
    double time;           /* MCS of the frame (/time) */
    double temperature;    /* the file's temperature attribute (k_B T / J) */
    double interval;       /* MCS between frames of the file, 0 if one frame */
} pg_foam_init;

/* Parse spec and read the frame(s). PG_ERR_ARG naming the spec for a
 * malformed spec or an index out of range; file errors as pg_h5. */
pg_status pg_foam_init_read(const char *spec, pg_foam_init **out);
void pg_foam_init_free(pg_foam_init **init);
/* Bubbles (connected components, physics/foam/foam_diag.h) of the first
 * start frame: the `bubbles` a simulation from it states. */
pg_status pg_foam_init_bubbles(const pg_foam_init *init, int *out);

#endif
