/* The layout every reader of a foam/1 file checks first (docs/formats.md):
 * /labels int32 (S, T, H, W), not empty, and /time with one value per
 * frame. */
#ifndef PG_DATA_FOAM_FILE_H
#define PG_DATA_FOAM_FILE_H

#include "base/status.h"
#include "io/h5.h"

typedef struct pg_foam_shape {
    int sequences, frames, height, width;
} pg_foam_shape;

/* The shape of f's /labels; PG_ERR_FORMAT naming path when /labels or
 * /time is missing or does not have that layout. Not collective. */
pg_status pg_foam_file_shape(pg_h5_file *f, const char *path,
                             pg_foam_shape *out);

#endif
