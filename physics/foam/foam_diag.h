/* Non-differentiable diagnostics of foam label fields (foam/1 frames).
 *
 * A bubble is a 4-connected component of equal ids on the periodic H x W
 * lattice: ids may split in a simulation (and a surrogate's labels are
 * recovered this way), so bubbles are counted as components, never as
 * distinct ids. Areas are in lattice sites; two bubbles are neighbours when
 * they share at least one edge of the 4-neighbour stencil (periodic).
 *
 * Von Neumann's law for a 2D dry foam: dA/dt = k (n - 6). The accumulator
 * collects (n - 6, dA/dt) per bubble between two frames and fits k by least
 * squares (gsl_fit_linear) with the Pearson correlation
 * (gsl_stats_correlation).
 */
#ifndef PG_DATA_FOAM_DIAG_H
#define PG_DATA_FOAM_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct pg_foam_diag pg_foam_diag;

/* Workspace for h x w frames (h, w >= 1). */
pg_status pg_foam_diag_create(int h, int w, pg_foam_diag **out);
void pg_foam_diag_destroy(pg_foam_diag **d);

/* Find the components of labels (h*w ids, row-major), their areas and
 * neighbour counts. No allocation; replaces the previous frame's results. */
void pg_foam_diag_analyze(pg_foam_diag *d, const int32_t *labels);

/* Results of the last analyze. Arrays are indexed by component 0..count-1
 * (components numbered in order of their first site, row-major). */
int pg_foam_diag_count(const pg_foam_diag *d);
const int32_t *pg_foam_diag_components(const pg_foam_diag *d); /* per site */
const int32_t *pg_foam_diag_ids(const pg_foam_diag *d);   /* label of each */
const int32_t *pg_foam_diag_areas(const pg_foam_diag *d); /* sites */
const int32_t *pg_foam_diag_neighbors(const pg_foam_diag *d); /* n */
/* Mean area in sites (h*w / count) and mean neighbour count <n>. */
double pg_foam_diag_mean_area(const pg_foam_diag *d);
double pg_foam_diag_mean_neighbors(const pg_foam_diag *d);
/* Number of distinct ids that occur as more than one component. */
int pg_foam_diag_split_ids(const pg_foam_diag *d);

/* Least-squares line y = intercept + slope x with r^2 (coefficient of
 * determination); n >= 3 points and x not all equal. */
typedef struct pg_foam_line {
    double slope, intercept, r2;
    size_t n;
} pg_foam_line;
pg_status pg_foam_fit_line(const double *x, const double *y, size_t n,
                           pg_foam_line *out);

/* ---- von Neumann's law ---------------------------------------------------- */

typedef struct pg_foam_vn pg_foam_vn;

typedef struct pg_foam_vn_result {
    double slope;     /* k in dA/dt = k (n - 6): sites per MCS */
    double intercept; /* sites per MCS; 0 for an ideal foam */
    double r;         /* Pearson correlation of dA/dt with n - 6 */
    size_t n;         /* bubbles (pairs of frames) in the fit */
} pg_foam_vn_result;

pg_status pg_foam_vn_create(pg_foam_vn **out);
void pg_foam_vn_destroy(pg_foam_vn **v);
/* Add one point per bubble of frame a that is found in frame b, dt MCS
 * later (dt > 0): the id must be exactly one component in both frames
 * (bubbles that vanished or split are left out, as their area change is
 * not a growth rate). x = n - 6 with n taken in frame a, y = (A_b - A_a)
 * / dt. When same_n is set, only bubbles whose n is the same in both
 * frames count (no topological change in between). */
pg_status pg_foam_vn_add(pg_foam_vn *v, const pg_foam_diag *a,
                         const pg_foam_diag *b, double dt, int same_n);
/* Fit the points collected so far (at least 3, n - 6 not all equal). */
pg_status pg_foam_vn_fit(const pg_foam_vn *v, pg_foam_vn_result *out);
/* Points collected so far. */
size_t pg_foam_vn_count(const pg_foam_vn *v);
/* The points themselves (x = n - 6, y = dA/dt), pg_foam_vn_count of each;
 * valid until the next add or destroy. */
void pg_foam_vn_points(const pg_foam_vn *v, const double **x,
                       const double **y);

#endif
