/* Soft charge neutrality over species probabilities (docs/crystals.md,
 * "Charge neutrality"): with p_is the probability that atom slot i holds
 * species s and q_s that species' common oxidation state (e; 0 for the
 * empty species),
 *   Q = sum_i sum_s p_is q_s   (the expected cell charge, e)
 *   P = Q^2                    (e^2)
 *   dP/dp_is = 2 Q q_s.
 */
#ifndef PG_PHYSICS_CRYSTAL_CHARGE_H
#define PG_PHYSICS_CRYSTAL_CHARGE_H

/* P of n slots with probabilities p (n x S, row-major) and charges q (S);
 * when g is not NULL, ADDS scale * dP/dp into g (n x S). Returns P. */
double pg_crystal_charge_penalty(const double *p, int n, int S,
                                 const double *q, double scale, double *g);

#endif
