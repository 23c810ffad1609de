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
 *   value = 1/N sum_n 1/L sum_i KL(p_ni || q_f,i)   (+ the hinge below)
 *         = 1/N sum_n 1/L sum_i sum_t p log p - p log q         (nats)
 *   d value / d p = (log p + 1 - log q) / (N L).
 *
 * -sum p log q is the expected log-odds score against the profile (up to
 * the background's part), the reward; sum p log p, the negative entropy,
 * keeps G from collapsing onto each column's consensus residue: the
 * minimum, 0, is p = q, where G's draws at each position are the
 * profile's.
 *
 * The KL is a mean over positions and samples: a sample may sit far from
 * the profile at many columns while the mean is small, and a G whose
 * distributions lie between the background and the profile has a KL well
 * under the background's yet draws sequences that score below zero
 * (docs/proteins.md, "Why a low profile_kl gave no hits"). The optional
 * score hinge (score_w = lambda > 0) judges each sample as a whole, as a
 * profile HMM judges a sequence: with M_f the family's columns,
 *
 *   s_n  = 1/M_f sum_{i<M_f} sum_a p_ni(a) o_f,i(a) / r_ni
 *          (the expected log-odds per column of sample n's residues,
 *          each position's residue given that it is one, r_ni = sum_a
 *          p_ni(a) over the 20 residues, nats; a residue a scores
 *          o = log(q_f,i(a) / (1 - h_f(i)) / b(a)), its column without
 *          the stopping hazard's share; the end token is not scored)
 *   s*_f = the same for p = q (what the profile's own draws score)
 *   value += lambda 1/N sum_n max(0, tau s*_f - s_n)
 *   d/dp_ni(a) = -lambda (o_f,i(a) - s_ni) / (N M_f r_ni) while sample n
 *   is below (s_ni its position's expected log-odds), 0 on the end token,
 *
 * tau = score_target. A sample at or above tau s*_f feels nothing, so
 * the hinge lifts the low-scoring samples without pulling the rest to
 * the consensus. Its gradient through the softmax on the end token's
 * logit is 0: where sequences end is left to the KL and the end term.
 * (Until session 13 the end token scored log PG_PROTEIN_PSSM_FLOOR
 * inside the columns, which held G's end probability there far under
 * the hazard and ran G's kinases to the centre's length.)
 *
 * The KL above is reverse, KL(p || q): on the end token its gradient
 * through the softmax is about e log(e/h) on the logit, near 0 wherever G
 * has learnt an end probability e ~ 0, so a G that put no mass on the
 * end token inside the columns never learnt to put it back past them
 * (globins ran to L). The optional end term (end_w = mu > 0) adds, per
 * position, the forward KL of the two-outcome distribution (end e_ni =
 * p_ni(end), residue r_ni = sum of the residues' p_ni) from the profile's
 * stopping hazard h_f(i):
 *
 *   value += mu 1/N sum_n 1/L sum_i h log(h/e) + (1-h) log((1-h)/r)
 *   d/de_ni = -mu h / (e N L),  d/dp_ni(a) = -mu (1-h) / (r N L),
 *
 * e - h on the end token's logit through the softmax; at e = h the
 * gradient is the same on every token, nothing through the softmax, so
 * p = q stays the minimum. */
#ifndef PG_PHYSICS_PROTEIN_PSSM_PENALTY_H
#define PG_PHYSICS_PROTEIN_PSSM_PENALTY_H

#include "physics/penalty.h"
#include "physics/protein/protein_pssm.h"

/* Statistics of the last evaluation (unweighted): the mean KL per
 * position, the mean s_n, the mean hinge, the fraction of samples
 * below their target and the end term's mean KL per position (0 when
 * off). */
typedef struct pg_protein_profile_stats {
    double kl, score, hinge, below, end_kl;
} pg_protein_profile_stats;

/* Takes ownership of *pssm (set to NULL), also on failure. score_w >= 0
 * (0: KL only), score_target = tau, end_w = mu >= 0 (0: no end term). */
pg_status pg_protein_profile_penalty_create(pg_protein_pssm **pssm,
                                            double weight, double score_w,
                                            double score_target,
                                            double end_w, pg_penalty **out);

/* The profile inside a protein.profile penalty (for reports). */
const pg_protein_pssm *pg_protein_profile_penalty_pssm(const pg_penalty *p);

pg_protein_profile_stats pg_protein_profile_penalty_stats(const pg_penalty *p);

/* s*_f: the expected log-odds per column of family f's profile draws'
 * residues, sum over its columns of KL(q'_i || b) / M_f, q'_i the
 * column's residues without the stopping hazard's share (nats). */
double pg_protein_pssm_self_score(const pg_protein_pssm *q, int f);
/* profile_kl of a G that gives the end token the profile's own
 * probability e_i at every position (the family's stopping hazard) and
 * spreads the rest as the background b: sum_i KL(p_i || q_f,i) / L with
 * p_i = ((1 - e_i) b, e_i) (nats per position, the KL's own
 * normalisation). A profile_kl at or above it says G has learnt where
 * the family ends and nothing of its columns. */
double pg_protein_pssm_background_kl(const pg_protein_pssm *q, int f);

#endif
