/* Terrain physics: slope, slope statistics, the slope-limit penalty, the
 * radially averaged power spectral density (PSD), its exponent beta and the
 * roughness penalty (docs/physics.md, "Terrain").
 *
 * A patch is H x W elevations z in metres, row-major: row i is y = i dy,
 * column j is x = j dx. Cells may be non-square (dx != dy). Batches are n
 * patches back to back (the (N, 1, H, W) generator output).
 *
 * Slope uses second-order central differences inside the patch and
 * first-order one-sided differences on its border (patches are cut from
 * non-periodic rasters), in physical units:
 *   zx = (z[i][j+1] - z[i][j-1]) / (2 dx),  zx = (z[i][1] - z[i][0]) / dx
 *   at j = 0, (z[i][W-1] - z[i][W-2]) / dx at j = W-1; zy likewise along
 *   rows with dy. |grad z| = sqrt(zx^2 + zy^2) is dimensionless (m/m),
 *   the slope angle is atan(|grad z|).
 * Every gradient below is the exact adjoint of that stencil.
 */
#ifndef PG_PHYSICS_TERRAIN_H
#define PG_PHYSICS_TERRAIN_H

#include <stddef.h>

#include "base/status.h"
#include "physics/penalty.h"

typedef struct pg_terrain_grid {
    int h, w;      /* rows (y) and columns (x), each >= 3 */
    double dx_m;   /* cell size along x (between columns), metres, > 0 */
    double dy_m;   /* cell size along y (between rows), metres, > 0 */
} pg_terrain_grid;

/* PG_ERR_ARG naming the bad field. */
pg_status pg_terrain_grid_check(const pg_terrain_grid *g);

/* ---- slope ---------------------------------------------------------------- */

/* Slope components of one patch (H*W values each, m/m). */
void pg_terrain_gradient(const pg_terrain_grid *g, const float *z, double *zx,
                         double *zy);
/* The adjoint of pg_terrain_gradient: ADDS into gz (H*W floats) the
 * gradient of sum_c (cx[c] zx[c] + cy[c] zy[c]) with respect to z, for
 * per-cell cotangents cx, cy (H*W values each). */
void pg_terrain_gradient_adjoint(const pg_terrain_grid *g, const double *cx,
                                 const double *cy, float *gz);
/* Slope angle in degrees of every cell of one patch (H*W values). */
void pg_terrain_slope_deg(const pg_terrain_grid *g, const float *z,
                          double *deg);

/* Slope-limit penalty over n patches, t = tan(theta_max):
 *   P = mean over patches and cells of max(0, |grad z| - t)^2   (1)
 * Returns P (not weighted). When grad is not NULL it ADDS weight * dP/dz
 * (units 1/m) into grad (n*H*W floats):
 *   dP/dzx = 2 (s - t) zx / s / (n H W) where s = |grad z| > t, else 0,
 * scattered through the adjoint of the difference stencil. s > t >= 0
 * there, so s = 0 never divides. No allocation. */
double pg_terrain_slope_penalty(const pg_terrain_grid *g, const float *z,
                                int n, double tan_max, float weight,
                                float *grad);

/* Slope statistics accumulated over any number of patches, for
 * `physgan eval terrain`: a histogram in 1-degree bins over [0, 90), the
 * mean and maximum slope and the share of cells steeper than theta_max. */
#define PG_TERRAIN_SLOPE_BIN_DEG 1.0
enum { PG_TERRAIN_SLOPE_BINS = 90 };
typedef struct pg_terrain_slope_stats {
    double theta_max_deg;
    size_t cells, over;                 /* cells seen, cells > theta_max */
    double sum_deg, max_deg;
    size_t hist[PG_TERRAIN_SLOPE_BINS]; /* bin b: [b, b + 1) degrees */
} pg_terrain_slope_stats;

void pg_terrain_slope_stats_init(pg_terrain_slope_stats *s,
                                 double theta_max_deg);
/* Add n patches; deg is scratch of H*W doubles (no allocation here). */
void pg_terrain_slope_stats_add(pg_terrain_slope_stats *s,
                                const pg_terrain_grid *g, const float *z,
                                int n, double *deg);
double pg_terrain_slope_stats_mean_deg(const pg_terrain_slope_stats *s);
double pg_terrain_slope_stats_frac_over(const pg_terrain_slope_stats *s);

/* ---- power spectral density ------------------------------------------------ */

/* Workspace for one grid: FFTW plans, window, detrending and bin tables,
 * made once; every function below runs without allocating. Not for use
 * by two threads at once.
 *
 * PSD of a patch: remove the least-squares plane a + b x + c y, multiply by
 * the separable Hann window w[i][j] = sin^2(pi (i + 1/2) / H) sin^2(pi (j +
 * 1/2) / W), take U = DFT(w z') and
 *   P(k) = dx dy |U(k)|^2 / (H W mean(w^2))       [m^2 / (cycle/m)^2 = m^4]
 * at k = (m / (W dx), q / (H dy)) cycles per metre. With this
 * normalisation sum_k P(k) dkx dky = mean((w z')^2) / mean(w^2) (Parseval),
 * the variance of the detrended patch for a stationary field, and white
 * noise of variance s^2 has P = s^2 dx dy at every k.
 * Radial bins: nbins log-spaced in |k| from k_lo = min(1/(W dx), 1/(H dy))
 * to k_hi = min(1/(2 dx), 1/(2 dy)) (the coarser Nyquist, so each bin is a
 * full ring); a bin's value is the mean of P over the modes in it. Bins
 * without a mode (at small |k| the modes are sparse) have count 0, value
 * NAN, and are left out of fits and penalties. */
typedef struct pg_terrain_psd_ws pg_terrain_psd_ws;

enum { PG_TERRAIN_PSD_DEFAULT_BINS = 12 };

pg_status pg_terrain_psd_create(const pg_terrain_grid *g, int nbins,
                                pg_terrain_psd_ws **out);
void pg_terrain_psd_destroy(pg_terrain_psd_ws **ws);

const pg_terrain_grid *pg_terrain_psd_grid(const pg_terrain_psd_ws *ws);
int pg_terrain_psd_nbins(const pg_terrain_psd_ws *ws);
/* Per bin: number of modes (full plane) and the mean log10 |k| of its
 * modes, k in cycles/m. */
const int *pg_terrain_psd_bin_count(const pg_terrain_psd_ws *ws);
const double *pg_terrain_psd_bin_log10k(const pg_terrain_psd_ws *ws);
/* The default beta fit range in cycles/m: [4 k_lo, k_hi] (below 4 k_lo the
 * window's main lobe and the plane removal bias the spectrum). */
void pg_terrain_psd_fit_range(const pg_terrain_psd_ws *ws, double *kmin,
                              double *kmax);

/* Full 2-D PSD of one patch, H*W values (m^4) in FFT order: row q is
 * ky = q' / (H dy) with q' = q or q - H, column m likewise in x. */
pg_status pg_terrain_psd_full(pg_terrain_psd_ws *ws, const float *z,
                              double *psd);
/* Radially binned PSD of one patch (nbins values, m^4; NAN where empty). */
pg_status pg_terrain_psd_binned(pg_terrain_psd_ws *ws, const float *z,
                                double *psd);
/* Mean over n patches of log10 of the binned PSD: the roughness
 * reference computed from training patches, and the curve beta is fit to
 * (NAN where empty). */
pg_status pg_terrain_psd_log_mean(pg_terrain_psd_ws *ws, const float *z,
                                  size_t n, double *log10_psd);
/* Least-squares line (gsl_fit_linear) through (log10 k, log10 P) of the
 * non-empty bins whose mean |k| lies in [kmin, kmax] cycles/m; PSD ~
 * k^-beta, so beta = -slope. PG_ERR_ARG with fewer than 3 bins there. */
pg_status pg_terrain_psd_beta(const pg_terrain_psd_ws *ws,
                              const double *log10_psd, double kmin,
                              double kmax, double *beta);

/* Roughness penalty over n patches against a reference log10 PSD:
 *   R = mean over patches of (1/B) sum_b (log10 P_b(z) - ref_b)^2  (2)
 * over the B non-empty bins. Returns R in *value; when grad is not NULL
 * ADDS weight * dR/dz (1/m) into grad (n*H*W floats), computed through
 * the FFT: dR/du = 2 IDFT(G U) with G(k) = dR/dP_b * dx dy / (H W
 * mean(w^2)) / count_b for k in bin b, then the window and the plane
 * removal (an orthogonal projection, its own adjoint). P_b is floored at
 * PG_TERRAIN_PSD_FLOOR_M4 so a flat patch gives a finite value. */
#define PG_TERRAIN_PSD_FLOOR_M4 1e-30
pg_status pg_terrain_roughness(pg_terrain_psd_ws *ws, const double *ref,
                               const float *z, int n, float weight,
                               double *value, float *grad);

/* ---- penalties for the trainer (physics/penalty.h) ------------------------ */

/* "terrain.slope": (1) on x of shape (N, 1, H, W) of the grid's H, W. */
pg_status pg_terrain_slope_penalty_create(const pg_terrain_grid *g,
                                          double theta_max_deg, double weight,
                                          pg_penalty **out);
/* "terrain.roughness": (2) against ref (nbins values, copied), e.g. from
 * pg_terrain_psd_log_mean over the training patches with the same grid and
 * nbins. */
pg_status pg_terrain_roughness_penalty_create(const pg_terrain_grid *g,
                                              int nbins, const double *ref,
                                              double weight,
                                              pg_penalty **out);

#endif
