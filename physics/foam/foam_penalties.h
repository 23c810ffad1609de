/* Foam physics on the film field (docs/physics.md, "Foam").
 *
 * The surrogate works on a film field phi in [0, 1] per lattice site, 1 on
 * films (physics/foam/foam_field.h makes it from labels and recovers labels from
 * it). Batches are (N, 1, H, W), row-major, PERIODIC in both directions;
 * lengths are in lattice sites. Three penalties (physics/penalty.h
 * convention: value = batch mean, eval ADDS weight * gradient):
 *
 *   foam.mass     gas content G = sum(1 - phi) / (H W) of each output equals
 *                 the input frame's G_in:  ((G - G_in) / G_in)^2
 *   foam.plateau  films meet three at a time at 120 degrees: angular
 *                 harmonics c_m of the film around every film site
 *                 (|c_1|^2 = force imbalance of equal film tensions, plus a
 *                 4-fold term that vanishes for straight films and Y's)
 *   foam.vonneumann  curvature-flow residual: the output against one
 *                 explicit curvature-flow step from the input, on the
 *                 input's film flanks: the local (Mullins) form of von
 *                 Neumann's law (a proxy: no labels, no per-bubble areas)
 *
 * Workspaces hold FFTW plans and kernels made once for one H x W; eval
 * never allocates and is not thread-safe (one penalty per thread).
 */
#ifndef PG_PHYSICS_FOAM_H
#define PG_PHYSICS_FOAM_H

#include "base/status.h"
#include "physics/penalty.h"

/* ---- spectral curvature --------------------------------------------------- */

typedef struct pg_foam_spectral pg_foam_spectral;

/* FFTW plans and buffers for H x W periodic fields (H, W >= 3); eps is the
 * gradient regulariser of |grad u|_eps = sqrt(|grad u|^2 + eps^2) in
 * field units per site (> 0). */
pg_status pg_foam_spectral_create(int h, int w, double eps,
                                  pg_foam_spectral **out);
void pg_foam_spectral_destroy(pg_foam_spectral **s);
/* The grid the workspace was made for. */
void pg_foam_spectral_size(const pg_foam_spectral *s, int *h, int *w);

/* kappa = div(grad u / |grad u|_eps) of one field (H*W values), with
 * spectral first derivatives (Nyquist modes dropped, so the derivative is
 * real and antisymmetric). Units 1/site: a circle of radius R has |kappa| =
 * 1/R on its rim (negative where u is larger inside). */
void pg_foam_curvature(pg_foam_spectral *s, const float *u, double *kappa);

/* t_out = T(u) = tau kappa(u) |grad u|^2 / |grad u|_eps: the change of u
 * in one step when every level set of u moves along its normal by tau
 * kappa (curvature flow; tau in sites^2, T in field units), switched off
 * where |grad u| << eps (a film's crest, where the level-set normal turns
 * over). When g and grad
 * are not NULL, ADDS scale * (dT/du)^T g into grad (H*W each). */
void pg_foam_curvature_flow(pg_foam_spectral *s, const float *u, double tau,
                            double *t_out, const double *g, double scale,
                            float *grad);

/* ---- Plateau's rules -------------------------------------------------------- */

typedef struct pg_foam_plateau pg_foam_plateau;

/* Kernels for H x W fields: c_m(x) = sum_r K(|r|) e^{i m theta_r}
 * phi(x + r) with K(r) = r^2 exp(-r^2 / (2 sigma^2)) / (sigma^3
 * sqrt(pi / 2)) (minimum-image r, periodic), so a straight film arm of
 * unit width leaving x contributes ~1 to c_0: c_m counts "arms".
 * sigma_sites > 0 (the window peaks at sqrt(2) sigma). */
pg_status pg_foam_plateau_create(int h, int w, double sigma_sites,
                                 pg_foam_plateau **out);
void pg_foam_plateau_destroy(pg_foam_plateau **p);

/* Weight of the 4-fold term beta: 1/16 puts an ideal X (c_4 = 4,
 * c_0^2 - |c_2|^2 = 16) at 16, the |c_1|^2 of four arms all on one side. */
#define PG_FOAM_PLATEAU_BETA (1.0 / 16.0)

/* Penalty density of one field (H*W values, dimensionless):
 *   p(x) = phi(x) [ |c_1|^2 + beta |c_4|^2 (c_0^2 - |c_2|^2) ]
 * 0 on straight films and ideal Y junctions, > 0 for T's, X's, bends and
 * dangling ends. */
void pg_foam_plateau_density(pg_foam_plateau *p, const float *phi,
                             double *density);
/* Mean of the density over n fields (x: n*H*W) and over the sites,
 * averaged over the n fields; when grad is not NULL ADDS weight * d/dphi
 * (the convolutions' adjoints, by FFT). */
double pg_foam_plateau_penalty(pg_foam_plateau *p, const float *x, int n,
                               double weight, float *grad);

/* ---- mass and the von Neumann proxy ------------------------------------- */

/* Gas content of one field: sum(1 - phi) / (H W), dimensionless. */
double pg_foam_gas_content(const float *phi, int h, int w);

/* ((G(x_k) - G_in_k) / G_in_k)^2 averaged over k < n; g_in: n targets
 * (> 0). ADDS weight * gradient when grad is not NULL. */
double pg_foam_mass_penalty(const float *x, int n, int h, int w,
                            const double *g_in, double weight, float *grad);

/* Flank weight of one field: m = |grad u|^2 / (|grad u|^2 + g^2) with g =
 * PG_FOAM_FLANK_SLOPE: ~1 on a film's flanks, ~0 on its crest and in the
 * gas (H*W values). g is in field units per site: a film of height 1 and
 * two or three sites across has flank slopes of about 0.5. */
#define PG_FOAM_FLANK_SLOPE 0.25
void pg_foam_flank_weight(pg_foam_spectral *s, const float *u, double *m);

/* Curvature-flow residual against the input frames phi_in (n*H*W): one
 * explicit step of curvature flow from the input, compared on the input's
 * film flanks (where level-set motion is film motion):
 *   R = phi - phi_in - T(phi_in)   (T: pg_foam_curvature_flow),
 *   V = mean over fields and sites of m(phi_in) R^2,
 * tau = M gamma dt in sites^2 (3 k dt / pi from a von Neumann slope k in
 * sites/MCS and a step dt in MCS). ADDS weight * dV/dphi = weight 2 m R /
 * (n H W) when grad is not NULL. scratch: 2 H W doubles. */
double pg_foam_vonneumann_penalty(pg_foam_spectral *s, const float *x,
                                  const float *phi_in, int n, double tau,
                                  double weight, double *scratch,
                                  float *grad);

/* ---- penalties for the trainer (physics/penalty.h) ------------------------ */

/* Every penalty takes x of shape (N, 1, H, W) with N <= max_batch. The mass
 * and von Neumann penalties compare with the batch's input frames phi_in,
 * given as the input's conditioning (pg_penalty_input.cond, x's shape). */
pg_status pg_foam_mass_penalty_create(int h, int w, int max_batch,
                                      double weight, pg_penalty **out);
pg_status pg_foam_plateau_penalty_create(int h, int w, double sigma_sites,
                                         double weight, pg_penalty **out);
pg_status pg_foam_vonneumann_penalty_create(int h, int w, int max_batch,
                                            double tau, double eps,
                                            double weight, pg_penalty **out);

#endif
