/* The cell-shape penalty (crystal.cell, docs/crystals.md "Cell shape"):
 * a generated cell should look like the training set's cells, so that
 * the pair penalties are defined on it and it cannot escape them by
 * growing flat or empty.
 *
 *   h_j = V / |r_k x r_l|    plane spacing of lattice planes j (A), the
 *                            rows r of L, (j, k, l) cyclic
 *   n   = sum_i (1 - p_i0)   expected number of atoms (p_i0 = P(slot i
 *                            empty)); v = V / max(n, 1) A^3 per atom
 *   P   = sum_j max(0, 1 - h_j / h_min)^2
 *       + max(0, ln(v_min / v))^2 + max(0, ln(v / v_max))^2   (unitless)
 *
 * Analytic gradient with respect to L only: n is held fixed (a stop-
 * gradient), so the penalty sizes the cell to its atoms and never fills
 * or empties slots to move the volume per atom; the atom count is left to
 * the reconstruction and D (docs/crystals.md, "Results", compares the
 * two versions). The bounds are measured on the training set
 * (pg_crystal_cell_bounds_add) or set by [physics] keys.
 *
 * The pair penalties (spacing, Ewald, GII) skip a cell that is not
 * pg_crystal_cell_evaluable: such a cell would hold millions of atom
 * images within their cutoffs; crystal.cell is what brings it back. */
#ifndef PG_PHYSICS_CRYSTAL_CELL_H
#define PG_PHYSICS_CRYSTAL_CELL_H

/* Cells the pair penalties evaluate: every lattice plane spacing at
 * least MIN_PLANE and every edge at most MAX_LENGTH (A), volume > 0. */
#define PG_CRYSTAL_MIN_PLANE 1.0
#define PG_CRYSTAL_MAX_LENGTH 60.0
int pg_crystal_cell_evaluable(const double L[9]);

/* The three plane spacings of L (A); returns |det L| (A^3). */
double pg_crystal_plane_spacings(const double L[9], double h[3]);

typedef struct pg_crystal_cell_bounds {
    double min_plane;          /* h_min, A */
    double vpa_min, vpa_max;   /* volume per atom range, A^3 */
} pg_crystal_cell_bounds;

/* Bounds that every cell widens: min_plane = +inf, an empty range. */
void pg_crystal_cell_bounds_empty(pg_crystal_cell_bounds *b);
/* Widen b to hold a cell L with natoms atoms (natoms > 0). */
void pg_crystal_cell_bounds_add(pg_crystal_cell_bounds *b, const double L[9],
                                int natoms);

/* P of L with occupancies w_i = 1 - p_i0 (A of them). With gL (9) not
 * NULL, ADD dP/dL (n fixed) into it. */
double pg_crystal_cell_penalty(const double L[9], const double *w, int A,
                               const pg_crystal_cell_bounds *b, double *gL);

#endif
