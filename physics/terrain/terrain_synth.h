/* Fractal terrain by spectral synthesis (`physgan simulate terrain`,
 * docs/physics.md "Synthetic terrain").
 *
 * Each N x N patch: Gaussian white noise (pg_rng), transformed by an r2c
 * FFT, its modes multiplied by |k|^(-beta/2) (|k| in cycles per metre,
 * k = 0 set to zero) so that the expected PSD is proportional to
 * |k|^-beta, transformed back, then scaled and shifted so that its
 * elevations span [0, relief_m] metres (relief = max - min). The field
 * is periodic: opposite edges join smoothly, as the FFT implies.
 */
#ifndef PG_DATA_TERRAIN_SYNTH_H
#define PG_DATA_TERRAIN_SYNTH_H

#include "base/rng.h"
#include "base/status.h"

typedef struct pg_terrain_synth_params {
    int size;            /* N, patches are N x N cells, 8..8192 */
    double beta;         /* spectral exponent, 0..8 */
    double cell_size_m;  /* square cells, metres, > 0 */
    double relief_m;     /* max - min elevation of each patch, metres, > 0 */
} pg_terrain_synth_params;

typedef struct pg_terrain_synth pg_terrain_synth;

/* Validates the parameters (PG_ERR_ARG naming the bad one), makes the
 * FFTW plans and the amplitude table once. */
pg_status pg_terrain_synth_create(const pg_terrain_synth_params *p,
                                  pg_terrain_synth **out);
void pg_terrain_synth_destroy(pg_terrain_synth **s);
/* N, the side of its patches. */
int pg_terrain_synth_size(const pg_terrain_synth *s);

/* One patch of N*N elevations (metres, row-major) from r's stream. No
 * allocation; deterministic for a given generator state. */
void pg_terrain_synth_patch(pg_terrain_synth *s, pg_rng *r, float *z);

/* A phase-randomised surrogate of one real n x n patch src (Theiler et al.
 * 1992, "surrogate data"): its least-squares plane removed, the residual
 * mirrored into a 2n x 2n periodic field, the moduli of that field's
 * Fourier modes kept and their phases replaced by those of Gaussian white
 * noise from r, the n x n corner taken, the plane added back, the result
 * scaled and shifted to src's [min, max]. Same spectrum, regional tilt and
 * relief as the patch, Gaussian otherwise: the baseline a generator must
 * beat to have learned more than spectra (valleys, ridges, drainage). s's
 * size must be 2n; its beta, cell size and relief are not used. No
 * allocation. */
void pg_terrain_synth_like(pg_terrain_synth *s, pg_rng *r, const float *src,
                           float *z);

#endif
