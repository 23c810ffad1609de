/* Oxidation states by the bond-valence method (docs/crystals.md,
 * "Oxidation states"). One state per element (so mixed-valence compounds
 * such as Fe3O4 find no assignment and are rejected, never guessed):
 *   1. a structure of one element gets 0 everywhere;
 *   2. otherwise the signed bond-valence sums V_i are computed with the
 *      electronegativity rule (crystal_bv.h), each element's mean V_e,
 *      and its three oxidation states (those seen in real crystals,
 *      crystal_elements.h, 0 excluded) nearest V_e are its candidates;
 *   3. of the candidate combinations with sum_i ox_i = 0 exactly, the one
 *      with the least sum_i (ox_i - V_i)^2 is taken;
 *   4. none neutral: the structure has no assignment (the stated rule:
 *      rejected with the elements' V_e in the message).
 */
#ifndef PG_PHYSICS_CRYSTAL_OXIDATION_H
#define PG_PHYSICS_CRYSTAL_OXIDATION_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

/* Why an assignment failed (for the importer's counts). */
typedef enum pg_crystal_ox_fail {
    PG_CRYSTAL_OX_NONE = 0,
    PG_CRYSTAL_OX_NO_PARAMS,  /* an element without BV parameters or states */
    PG_CRYSTAL_OX_NOT_NEUTRAL /* no neutral combination */
} pg_crystal_ox_fail;

/* Fill s->ox; *gii: the global instability index of the result (v.u.).
 * cutoff: bond-valence pair cutoff (A). On failure PG_ERR_FORMAT with the
 * reason and *why set. */
pg_status pg_crystal_oxidation_assign(pg_crystal_structure *s, double cutoff,
                                      double *gii, pg_crystal_ox_fail *why);

#endif
