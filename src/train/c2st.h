/* Classifier two-sample test (Lopez-Paz & Oquab 2017) on terrain patches:
 * can a small CNN tell set A (e.g. generated) from set B (e.g. real)?
 * docs/terrain.md, "Two-sample classifier test", has the protocol's
 * calibration on the shipped DEM.
 *
 * The protocol, fixed so that numbers compare across runs and models:
 *   - balanced: n = min(|A|, |B|, max_per_class) patches of each, drawn
 *     without replacement by the seed; a set given as both A and B (the
 *     same pointer) is split into two disjoint random halves, the
 *     calibration of "real against real";
 *   - each patch minus its own mean (absolute elevation is not a
 *     realism cue), then every value divided by one scale, the standard
 *     deviation of all training values of both sets (metres stay
 *     comparable between the sets: relief is a cue);
 *   - a train_frac / (1 - train_frac) split of each set;
 *   - a fixed CNN (models/classifier.h, pg_classifier_build_pyramid, width
 *     8) trained with Adam (lr 1e-3) and cross-entropy for `epochs`
 *     passes, random mirror flips along x and y (valid on any cell shape);
 *   - the held-out accuracy, averaged over `seeds` seeds.
 * 0.5 means the classifier cannot tell the sets apart; 1.0 that it always
 * can. Not collective; one thread of BLAS/OpenMP as set by the caller. */
#ifndef PG_TRAIN_C2ST_H
#define PG_TRAIN_C2ST_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum { PG_C2ST_MAX_SEEDS = 16 };

typedef struct pg_c2st_params {
    int seeds;              /* 1..PG_C2ST_MAX_SEEDS */
    uint64_t seed;          /* seeds seed, seed + 1, ... */
    double train_frac;      /* (0, 1) */
    int epochs;             /* >= 1 */
    int batch;              /* >= 1 */
    double lr;
    int width;              /* channels of the first convolution */
    size_t max_per_class;   /* 0: no cap */
} pg_c2st_params;

/* The documented protocol: 3 seeds from 1, 70/30, 30 epochs, batch 32,
 * lr 1e-3, width 8, at most 1000 patches a set. */
pg_c2st_params pg_c2st_defaults(void);

typedef struct pg_c2st_result {
    double accuracy;            /* mean held-out accuracy */
    double accuracy_std;        /* over seeds (0 for one) */
    double per_seed[PG_C2ST_MAX_SEEDS];
    int seeds;
    size_t per_class, train_per_class, test_per_class;
} pg_c2st_result;

/* a: na patches, b: nb patches, each h*w floats (metres). PG_ERR_ARG when
 * a set is too small for one training and one test patch, or a parameter
 * is out of range; PG_ERR_NUMERIC when a value is not finite. */
pg_status pg_c2st_run(const float *a, size_t na, const float *b, size_t nb,
                      int h, int w, const pg_c2st_params *p,
                      pg_c2st_result *out);

#endif
