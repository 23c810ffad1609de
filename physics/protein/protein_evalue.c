#include "physics/protein/protein_evalue.h"

#include <math.h>

double pg_protein_gumbel_surv(double x, double mu, double lambda)
{
    /* -expm1(-exp(-y)) keeps full precision in the far tail, where
     * 1 - exp(-tiny) would round to 0. */
    double y = lambda * (x - mu);
    return -expm1(-exp(-y));
}

double pg_protein_exp_tail_surv(double x, double tau, double lambda)
{
    if (x < tau) return 1.0;
    return exp(-lambda * (x - tau));
}
