/* Per-sample midpoint and half range (sample_range.h). */
#include "base/sample_range.h"

void pg_data_sample_range(const float *x, size_t len, double *mid,
                          double *half)
{
    float lo = x[0], hi = x[0];
    for (size_t i = 1; i < len; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    *mid = 0.5 * ((double)lo + (double)hi);
    *half = 0.5 * ((double)hi - (double)lo);
    if (!(*half > 0)) *half = 1;
}
