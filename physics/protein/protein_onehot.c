#include "physics/protein/protein_onehot.h"

#include <string.h>

pg_status pg_protein_onehot_encode(const uint8_t *res, int n, int L,
                                   float *x)
{
    if (n < 1 || n > L)
        return PG_FAIL(PG_ERR_ARG, "protein one-hot: a sequence of %d "
                       "residues does not fit the model's length %d "
                       "(1..%d)", n, L, L);
    memset(x, 0, (size_t)PG_PROTEIN_TOKENS * (size_t)L * sizeof *x);
    for (int p = 0; p < n; p++) {
        if (res[p] >= PG_PROTEIN_END)
            return PG_FAIL(PG_ERR_ARG, "protein one-hot: residue index %d "
                           "at position %d is not one of the 20", res[p], p);
        x[(size_t)res[p] * (size_t)L + (size_t)p] = 1.0f;
    }
    for (int p = n; p < L; p++)
        x[(size_t)PG_PROTEIN_END * (size_t)L + (size_t)p] = 1.0f;
    return PG_OK;
}

int pg_protein_onehot_decode(const float *x, int L, uint8_t *res)
{
    for (int p = 0; p < L; p++) {
        int best = 0;
        for (int c = 1; c < PG_PROTEIN_TOKENS; c++)
            if (x[(size_t)c * (size_t)L + (size_t)p] >
                x[(size_t)best * (size_t)L + (size_t)p])
                best = c;
        if (best == PG_PROTEIN_END)
            return p;
        res[p] = (uint8_t)best;
    }
    return L;
}

void pg_protein_decoy_reverse(const uint8_t *res, int n, uint8_t *out)
{
    for (int i = 0; i < n; i++)
        out[i] = res[n - 1 - i];
}

void pg_protein_decoy_shuffle(const uint8_t *res, int n, pg_rng *r,
                              uint8_t *out)
{
    memmove(out, res, (size_t)n);
    for (int i = n - 1; i > 0; i--) {
        int j = (int)pg_rng_uniform_int(r, (unsigned long)i + 1);
        uint8_t t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}
