/* P-values of profile bit scores from a profile's calibration (its STATS
 * LOCAL lines, protein_hmm.h), as HMMER3 computes them:
 *   - Viterbi (and MSV) scores follow a Gumbel law with location mu and
 *     slope lambda: P(S > x) = 1 - exp(-exp(-lambda (x - mu)));
 *   - Forward scores have an exponential tail from tau:
 *     P(S > x) = exp(-lambda (x - tau)) for x >= tau, 1 below.
 * The E-value of a score in a search of Z sequences is Z P. */
#ifndef PG_PHYSICS_PROTEIN_EVALUE_H
#define PG_PHYSICS_PROTEIN_EVALUE_H

double pg_protein_gumbel_surv(double x, double mu, double lambda);
double pg_protein_exp_tail_surv(double x, double tau, double lambda);

#endif
