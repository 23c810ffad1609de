/* The crystal penalties (physics/penalty.h convention: value = batch
 * mean, eval ADDS weight * gradient) on generated samples laid out as
 * crystal_sample.h says, with per-species values from the element table
 * (crystal_elements.h: radius, common oxidation state q_s):
 *
 *   crystal.spacing  pg_crystal_spacing with radii R_i = sum_s p_is R_s and
 *                    occupancy weights w_i = 1 - p_i0           (A^2)
 *   crystal.charge   (sum_i sum_s p_is q_s)^2                    (e^2)
 *   crystal.ewald    the Ewald energy of charges q_i = sum_s p_is q_s per
 *                    atom slot                                   (eV)
 *   crystal.gii      the global instability index with each slot's most
 *                    probable species and its common oxidation state
 *                    (gradient w.r.t. positions and lattice only) (v.u.)
 *   crystal.cell     the cell-shape penalty of crystal_cell.h with
 *                    occupancies 1 - p_i0 (gradient w.r.t. the lattice
 *                    only)                                      (unitless)
 *
 * spacing, ewald and gii read 0 (no gradient) on a cell that is not
 * pg_crystal_cell_evaluable (too thin or long to enumerate its images).
 *
 * Workspaces are made at create for one layout; eval never allocates.
 */
#ifndef PG_PHYSICS_CRYSTAL_PENALTIES_H
#define PG_PHYSICS_CRYSTAL_PENALTIES_H

#include "base/status.h"
#include "physics/crystal/crystal_cell.h"
#include "physics/crystal/crystal_sample.h"
#include "physics/penalty.h"

/* fraction: the spacing bound as a fraction of the sum of radii (> 0). */
pg_status pg_crystal_spacing_penalty_create(const pg_crystal_layout *l,
                                            double fraction, double weight,
                                            pg_penalty **out);
pg_status pg_crystal_charge_penalty_create(const pg_crystal_layout *l,
                                           double weight, pg_penalty **out);
/* accuracy: the Ewald truncation target (crystal_ewald.h). */
pg_status pg_crystal_ewald_penalty_create(const pg_crystal_layout *l,
                                          double accuracy, double weight,
                                          pg_penalty **out);
/* cutoff: the bond-valence pair cutoff, A. */
pg_status pg_crystal_gii_penalty_create(const pg_crystal_layout *l,
                                        double cutoff, double weight,
                                        pg_penalty **out);

/* b: the cell bounds (crystal_cell.h). */
pg_status pg_crystal_cell_penalty_create(const pg_crystal_layout *l,
                                         const pg_crystal_cell_bounds *b,
                                         double weight, pg_penalty **out);

#endif
