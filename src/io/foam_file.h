/* foam/1 files (docs/formats.md): the layout every reader checks first
 * (/labels int32 (S, T, H, W), not empty, and /time with one value per
 * frame), and the one writer of that layout, used by the simulator
 * (physics/foam/io/foam_simulate.c) and the surrogate's rollout
 * (train/rollout.c). */
#ifndef PG_DATA_FOAM_FILE_H
#define PG_DATA_FOAM_FILE_H

#include <stdint.h>

#include "base/status.h"
#include "io/h5.h"

typedef struct pg_foam_shape {
    int sequences, frames, height, width;
} pg_foam_shape;

/* The shape of f's /labels; PG_ERR_FORMAT naming path when /labels or
 * /time is missing or does not have that layout. Not collective. */
pg_status pg_foam_file_shape(pg_h5_file *f, const char *path,
                             pg_foam_shape *out);

/* What every foam/1 file states about its frames. Frame t of every
 * sequence is at start_mcs + t x interval_mcs Monte Carlo steps; both are
 * float64 root attributes, like /time (a rollout's step need not be a
 * whole number of MCS). */
typedef struct pg_foam_header {
    pg_foam_shape shape;
    double start_mcs, interval_mcs;
    const char *simulator;  /* root attribute `simulator` */
    double temperature;     /* k_B T / J of the dynamics */
    int gzip;               /* /labels compression, 0..9 */
} pg_foam_header;

/* Open an atomic foam/1 writer at path (io/h5.h; source as there) and
 * write /labels int32 (S, T, H, W) from labels (NULL: created empty, its
 * sequences written later with pg_h5_dataset_write_rows), /time float64
 * (T) in MCS, and the root attributes simulator, temperature, size (H),
 * interval_mcs and start_mcs. The caller adds what its producer states
 * (pg_h5_attr_write_*), then pg_h5_writer_commit or _abort. On failure
 * *out is NULL and nothing is left on disk. Not collective. */
pg_status pg_foam_file_create(const char *path, const char *source,
                              const pg_foam_header *h, const int32_t *labels,
                              pg_h5_file **out);

#endif
