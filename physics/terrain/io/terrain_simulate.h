/* Synthetic terrain datasets (`physgan simulate terrain`): COUNT fractal
 * patches by spectral synthesis (physics/terrain/terrain_synth.h) written
 * as one terrain/1 file (/terrain float32 (COUNT, N, N), metres; root
 * attributes cell_size_m, synth_beta, synth_relief_m, synth_seed), one
 * patch in memory at a time, with the spectral exponent and the slopes
 * measured back from what was written (terrain_penalties.h). Not
 * collective. */
#ifndef PG_DATA_TERRAIN_SIMULATE_H
#define PG_DATA_TERRAIN_SIMULATE_H

#include "base/status.h"
#include "physics/terrain/terrain_synth.h"

typedef struct pg_terrain_sim_result {
    double beta;       /* PSD exponent measured; NAN: patches too small */
    double kmin, kmax; /* its fit range, cycles/m */
    double mean_deg, max_deg; /* slopes */
} pg_terrain_sim_result;

/* Write path atomically (io/h5.h) and measure it. */
pg_status pg_terrain_simulate_write(const pg_terrain_synth_params *p,
                                    long count, long seed, const char *path,
                                    pg_terrain_sim_result *res);

#endif
