/* protein.profile: the training profile as a differentiable reward on the
 * generator's residue distributions (docs/proteins.md, "The profile
 * term"; physics/penalty.h convention: value = batch mean, eval ADDS
 * weight * gradient).
 *
 * x (N, 21, L) holds, per sample n and position i, G's distribution p over
 * the 21 tokens (the softmax of its logits, from which the
 * Gumbel-softmax draws), and labels[n] the family f asked for; with
 * q = the family's profile column (protein_pssm.h),
 *
 *   value = 1/N sum_n 1/L sum_i KL(p_ni || q_f,i)
 *         = 1/N sum_n 1/L sum_i sum_t p log p - p log q         (nats)
 *   d value / d p = (log p + 1 - log q) / (N L).
 *
 * -sum p log q is the expected log-odds score against the profile (up to
 * the background's part), the reward; sum p log p, the negative entropy,
 * keeps G from collapsing onto each column's consensus residue: the
 * minimum, 0, is p = q, where G's draws at each position are the
 * profile's. */
#ifndef PG_PHYSICS_PROTEIN_PSSM_PENALTY_H
#define PG_PHYSICS_PROTEIN_PSSM_PENALTY_H

#include "physics/penalty.h"
#include "physics/protein/protein_pssm.h"

/* Takes ownership of *pssm (set to NULL), also on failure. */
pg_status pg_protein_profile_penalty_create(pg_protein_pssm **pssm,
                                            double weight, pg_penalty **out);

/* The profile inside a protein.profile penalty (for reports). */
const pg_protein_pssm *pg_protein_profile_penalty_pssm(const pg_penalty *p);

#endif
