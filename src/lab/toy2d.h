/* 2D target distributions for the GAN lab (physgan toy).
 *
 * Each distribution has a list of modes: a centre, a radius scale sigma
 * and a weight (the share of the distribution's mass the mode stands for).
 * The metrics (lab/toy_metrics.h) call a sample "near" a mode when it
 * lies within 3 sigma of its centre.
 *   ring          8 Gaussians, sigma 0.05, on a circle of radius 2,
 *                 equal weights (Metz et al. 2017 use sigma 0.02; 0.05
 *                 is learnable in seconds, docs/toy.md).
 *   grid          5 x 5 Gaussians, sigma 0.05, centres at {-4,-2,0,2,4}^2.
 *   two-clusters  Gaussians at (-2, 0) with weight 0.75 and (2, 0) with
 *                 weight 0.25, sigma 0.1: does G keep the small one?
 *   spiral        P(t) = 0.4 t (cos t, sin t), t uniform in [pi/2, 3 pi],
 *                 plus N(0, 0.05^2) noise per coordinate. Its 20 modes are
 *                 the curve points at the centres of 20 equal t-intervals
 *                 (weight 1/20 each); a mode's sigma is a third of the arc
 *                 length between neighbouring mode centres there, so the
 *                 3-sigma discs reach the neighbouring centres and cover
 *                 the curve.
 *   moons         scikit-learn's two half circles scaled by 2 and centred
 *                 (upper: 2 (cos t, sin t) - (1, 0.5); lower:
 *                 2 (1 - cos t, 0.5 - sin t) - (1, 0.5), t uniform in
 *                 [0, pi], each moon half the mass) plus N(0, 0.1^2) noise.
 *                 Modes: 6 points per moon at the centres of 6 equal
 *                 t-intervals, weight 1/12, sigma a third of their spacing.
 * The bounding square [-extent, extent]^2 holds the distribution; the
 * histogram JSD uses it.
 */
#ifndef PG_DATA_TOY2D_H
#define PG_DATA_TOY2D_H

#include "base/rng.h"
#include "base/status.h"

typedef enum pg_toy2d_kind {
    PG_TOY2D_RING,
    PG_TOY2D_GRID,
    PG_TOY2D_SPIRAL,
    PG_TOY2D_TWO_CLUSTERS,
    PG_TOY2D_MOONS,
    PG_TOY2D_COUNT
} pg_toy2d_kind;

typedef struct pg_toy2d_mode {
    double x, y;   /* centre */
    double sigma;  /* "near" means within 3 sigma */
    double weight; /* share of the mass; the weights sum to 1 */
} pg_toy2d_mode;

enum { PG_TOY2D_MAX_MODES = 32 };

typedef struct pg_toy2d {
    pg_toy2d_kind kind;
    int n_modes;
    pg_toy2d_mode modes[PG_TOY2D_MAX_MODES];
    double extent; /* the distribution lies in [-extent, extent]^2 */
} pg_toy2d;

/* "ring", "grid", ...; NULL out of range. */
const char *pg_toy2d_name(pg_toy2d_kind k);
/* All names joined by '|'. */
const char *pg_toy2d_choices(void);
/* Unknown names are PG_ERR_ARG with the choices in the message. */
pg_status pg_toy2d_parse(const char *s, pg_toy2d_kind *out);

/* Fill d with the layout of distribution k. */
pg_status pg_toy2d_init(pg_toy2d *d, pg_toy2d_kind k);
/* Draw n points into xy (n rows of x, y). Does not allocate. */
void pg_toy2d_sample(const pg_toy2d *d, pg_rng *r, float *xy, int n);

#endif
