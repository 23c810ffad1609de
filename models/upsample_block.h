/* One doubling of a generator's resolution, three ways ([model] upsample):
 *
 *   transpose  conv_transpose 4x4, stride 2, padding 1 (DCGAN). Its
 *              kernel overlaps unevenly, so outputs carry a checkerboard
 *              at the stride (Odena, Dumoulin & Olah 2016);
 *   nearest    nearest-neighbour x2, then conv 3x3 (resize-convolution);
 *   bilinear   bilinear x2 (half-pixel centres), then conv 3x3: the
 *              smoothest, for fields such as terrain.
 *
 * Each returns the new node (N, out_ch, 2H, 2W) or -1 (graph.h). */
#ifndef PG_MODELS_UPSAMPLE_BLOCK_H
#define PG_MODELS_UPSAMPLE_BLOCK_H

#include "base/config.h"
#include "base/status.h"
#include "nn/graph.h"

typedef enum pg_upsample_mode {
    PG_UPSAMPLE_TRANSPOSE,
    PG_UPSAMPLE_NEAREST,
    PG_UPSAMPLE_BILINEAR,
    PG_UPSAMPLE_COUNT
} pg_upsample_mode;

int pg_upsample_block(pg_graph *g, int x, int out_ch, pg_upsample_mode m);

/* "transpose", ...; "transpose|nearest|bilinear" for messages. */
const char *pg_upsample_mode_name(pg_upsample_mode m);
const char *pg_upsample_mode_choices(void);
/* PG_ERR_CONFIG naming [model] upsample and the choices. */
pg_status pg_upsample_mode_parse(const char *s, pg_upsample_mode *out);
/* The job's [model] upsample. */
pg_status pg_upsample_mode_read(const pg_config *cfg, pg_upsample_mode *out);

#endif
