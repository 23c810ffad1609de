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
    long count;        /* patches written */
    double breach_cells; /* breach_m > 0: cells lowered */
} pg_terrain_sim_result;

/* Write path atomically (io/h5.h) and measure it. breach_m > 0: every
 * patch breached first with that drop (physics/terrain/terrain_breach.h;
 * root attribute breach_drop_m, 0 when not). */
pg_status pg_terrain_simulate_write(const pg_terrain_synth_params *p,
                                    long count, long seed, double breach_m,
                                    const char *path,
                                    pg_terrain_sim_result *res);

/* Phase-randomised surrogates (pg_terrain_synth_like) of the patches of
 * the terrain/1 file src: patch k of out is a surrogate of src's patch
 * k mod N, count patches in all (N when count is 0); cell sizes copied from src, root
 * attributes synth_like (src's path) and synth_seed. src's patches must
 * be square (H == W). Writes out atomically and measures it as above. */
pg_status pg_terrain_simulate_like_write(const char *src, long count,
                                         long seed, double breach_m,
                                         const char *out,
                                         pg_terrain_sim_result *res);

#endif
