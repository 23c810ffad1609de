/* Relaxation of an ionic crystal in a rigid-ion force field
 * (docs/crystals.md, "Relaxation"):
 *
 *   E = E_Ewald(formal charges ox) + E_rep(Born-Mayer, Shannon radii)  (eV)
 *
 * (crystal_ewald.h, crystal_repulsion.h) minimised over the fractional
 * coordinates and one isotropic lattice scale L = exp(s) L0 by GSL's
 * vector BFGS (gsl_multimin_fdfminimizer_vector_bfgs2). dE/ds = sum
 * dE/dL_ab L_ab, the pressure is P = -dE/dV = -(dE/ds) / (3 V). The scale
 * is bounded smoothly, s = ln(max_scale) tanh(u / ln(max_scale)) with u the
 * minimiser's variable, so that no trial step collapses the cell. The cell's
 * shape is kept: the structure's symmetry is not broken by the lattice
 * step.
 */
#ifndef PG_PHYSICS_CRYSTAL_RELAX_H
#define PG_PHYSICS_CRYSTAL_RELAX_H

#include "base/status.h"
#include "physics/crystal/crystal_repulsion.h"
#include "physics/crystal/crystal_structure.h"

#define PG_CRYSTAL_EV_A3_PER_GPA (1.0 / 160.21766208) /* 1 GPa in eV/A^3 */

typedef struct pg_crystal_relax_opts {
    double ewald_accuracy; /* crystal_ewald.h (1e-7) */
    double force_tol;      /* converged when every |F| < this, eV/A (0.01) */
    double pressure_tol;   /* ... and |P| < this, GPa (0.5) */
    int max_iter;          /* BFGS iterations (200) */
    double max_scale;      /* bound of the linear scale, and 1/bound (1.5) */
    /* 0 (the default, simulate crystal's): an energy fall by more than
     * half the reference magnitude is a collapse. > 0: such a fall is a
     * collapse only when some cation-anion pair is then closer than this
     * fraction of its radii sum (pg_crystal_overlap_min) and closer than
     * the closest pair of the start; otherwise the
     * reference becomes the current energy and the relaxation goes on:
     * a cell far from a minimum (a generator's) falls by more than half
     * without any ion falling through the repulsion (screen crystals
     * uses 0.75, simulate crystal's --overlap). */
    double collapse_overlap;
    pg_crystal_born_mayer repulsion;
} pg_crystal_relax_opts;

/* The defaults above with the shipped Born-Mayer parameters. */
pg_status pg_crystal_relax_defaults(pg_crystal_relax_opts *o);

typedef struct pg_crystal_relax_result {
    double energy;        /* eV per cell, at the end */
    double e_ewald, e_rep;/* its two parts, eV per cell */
    double energy_start;  /* eV per cell, before */
    double max_force;     /* largest |F_i|, eV/A, at the end */
    double pressure;      /* GPa, at the end */
    double scale;         /* final lattice / starting lattice (linear) */
    int iterations;
    int converged;        /* force and pressure below the tolerances */
    int collapsed;        /* stopped: the energy fell by more than half its
                             reference magnitude (ions collapsing; with
                             collapse_overlap, ions then overlapping) */
    int rebased;          /* collapse_overlap: falls by more than half
                             without overlap (the reference reset) */
} pg_crystal_relax_result;

/* The energy of s (s->ox the charges, sigma (s->n) the radii) and, when
 * forces (n x 3) is not NULL, the Cartesian forces -dE/dr (eV/A);
 * *dE_ds (may be NULL) the derivative with respect to the log scale. */
pg_status pg_crystal_force_field(const pg_crystal_structure *s,
                                 const double *sigma,
                                 const pg_crystal_relax_opts *o,
                                 double *energy, double *e_ewald,
                                 double *e_rep, double *forces,
                                 double *dE_ds);

/* Relax s in place (frac wrapped into [0, 1), lattice scaled); forces
 * (n x 3, may be NULL) gets the final Cartesian forces. A relaxation that
 * stops unconverged is not an error (r->converged = 0); PG_ERR_NUMERIC
 * when the energy is not finite (ions on top of each other). */
pg_status pg_crystal_relax(pg_crystal_structure *s, const double *sigma,
                           const pg_crystal_relax_opts *o, double *forces,
                           pg_crystal_relax_result *r);

#endif
