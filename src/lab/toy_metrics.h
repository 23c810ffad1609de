/* Sample-quality metrics of the 2D GAN lab, on plain point arrays (n rows
 * of x, y) against a distribution's mode layout (src/lab/toy2d.h).
 *
 *   near a mode      within 3 sigma of the mode's centre (Euclidean).
 *   mode covered     the share of samples near it is at least
 *                    PG_TOY_COVER_SHARE times the mode's weight (for the 8
 *                    ring modes: 2.5 % of the samples; for the 25 grid
 *                    modes: 0.8 %, the threshold of Srivastava et al. 2017
 *                    with 2500 samples).
 *   high quality     the share of samples near at least one mode.
 *   JSD              Jensen-Shannon divergence, in bits (0 = same, 1 =
 *                    disjoint), between the normalised histograms of two
 *                    point sets on a PG_TOY_JSD_BINS^2 grid over the
 *                    distribution's square [-extent, extent]^2; points
 *                    outside (or not finite) count in the nearest edge bin.
 *                    Finite samples bias it upwards: two independent sets of
 *                    10000 real ring points give about 0.01 (docs/toy.md).
 */
#ifndef PG_TRAIN_TOY_METRICS_H
#define PG_TRAIN_TOY_METRICS_H

#include "lab/toy2d.h"

#define PG_TOY_COVER_SHARE 0.2
enum { PG_TOY_JSD_BINS = 50 };
/* doubles of workspace pg_toy_jsd needs */
enum { PG_TOY_JSD_WORK = 2 * PG_TOY_JSD_BINS * PG_TOY_JSD_BINS };

typedef struct pg_toy_coverage {
    int modes_covered, modes_total;
    double high_quality;                    /* share in [0, 1] */
    double mode_share[PG_TOY2D_MAX_MODES];  /* share of samples near mode k */
    int covered[PG_TOY2D_MAX_MODES];        /* 1 when mode k is covered */
} pg_toy_coverage;

/* Coverage and quality of n > 0 points. */
void pg_toy_coverage_compute(const pg_toy2d *d, const float *xy, int n,
                             pg_toy_coverage *out);

/* Histogram JSD (bits) between point sets a (na > 0) and b (nb > 0); work
 * holds PG_TOY_JSD_WORK doubles. */
double pg_toy_jsd(const pg_toy2d *d, const float *a, int na, const float *b,
                  int nb, double *work);

#endif
