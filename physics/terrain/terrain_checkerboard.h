/* Checkerboard score of terrain patches (docs/terrain.md, "Checkerboard"):
 * how much power a generator's upsampling grid leaves in the 2-D PSD
 * (physics/terrain/terrain_penalties.h, pg_terrain_psd_full) at the
 * frequencies of a stride-2 upsampling pyramid, relative to nearby
 * frequencies.
 *
 * For level l = 1, 2, 3 (period 2^l cells) the peak modes are (H/2^l, 0),
 * (0, W/2^l) and (H/2^l, W/2^l) (rows and columns of the FFT); each peak
 * is compared with the mean of its four axis neighbours 3 modes away
 * (outside the Hann window's main lobe, which is 2 modes wide on each
 * side). A level is measured when H/2^l and W/2^l are at least 8 (so the
 * neighbours stay below the peak frequency's octave). The score of a
 * level is the mean over patches and its three peaks of
 * log10(P(peak) / mean P(neighbours)): negative for a smooth power-law
 * spectrum (fractal terrain with beta 2.5: -0.63, -0.28, -0.42 at levels
 * 1-3; at Nyquist both neighbours lie below the peak's frequency), and
 * rising by a decade or more where a grid pattern stands out. Compare a
 * generator's score with the real patches' (eval terrain prints both).
 * The total is the mean over the measured levels. */
#ifndef PG_PHYSICS_TERRAIN_CHECKERBOARD_H
#define PG_PHYSICS_TERRAIN_CHECKERBOARD_H

#include <stddef.h>

#include "base/status.h"
#include "physics/terrain/terrain_penalties.h"

enum { PG_TERRAIN_CHECKER_LEVELS = 3 };

typedef struct pg_terrain_checkerboard {
    double score;                                /* decades */
    double level[PG_TERRAIN_CHECKER_LEVELS];     /* NAN: not measured */
    int levels;                                  /* measured */
} pg_terrain_checkerboard;

/* n >= 1 patches on ws's grid. PG_ERR_ARG when no level can be measured
 * (patches under 16 cells a side); PG_ERR_NUMERIC for a non-finite
 * elevation (from the PSD). Allocates one H*W scratch array. */
pg_status pg_terrain_checkerboard_score(pg_terrain_psd_ws *ws,
                                        const float *z, size_t n,
                                        pg_terrain_checkerboard *out);

#endif
