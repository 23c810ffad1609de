/* protein.profile: KL of G's residue distributions to the training
 * profile (protein_pssm_penalty.h). */
#include "physics/protein/protein_pssm_penalty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* p log p and its derivative's log p at p = 0: a softmax in float can
 * underflow to 0, where p log p -> 0 and the gradient's log p is taken
 * at this floor instead of -inf. */
#define P_FLOOR 1e-30

static pg_status profile_eval(const pg_penalty *pen,
                              const pg_penalty_input *in, double *value,
                              pg_tensor *grad)
{
    const pg_protein_pssm *q = pen->ctx;
    const pg_tensor *x = in->x;
    int n = x->shape[0], L = q->length;
    char s[64];
    if (x->ndim != 3 || x->shape[1] != PG_PROTEIN_TOKENS || x->shape[2] != L)
        return PG_FAIL(PG_ERR_SHAPE, "penalty %s: input %s, expected "
                       "(N, %d, %d): the generator's token distributions at "
                       "the profile's length", pen->name,
                       pg_tensor_shape_str(x, s, sizeof s),
                       PG_PROTEIN_TOKENS, L);
    if (!in->labels)
        return PG_FAIL(PG_ERR_ARG, "penalty %s: needs each sample's family "
                       "(labels)", pen->name);
    size_t per = (size_t)PG_PROTEIN_TOKENS * (size_t)L;
    double total = 0, scale = pen->weight / ((double)n * L);
    for (int b = 0; b < n; b++) {
        int f = in->labels[b];
        if (f < 0 || f >= q->families)
            return PG_FAIL(PG_ERR_ARG, "penalty %s: sample %d asks for "
                           "family %d of %d", pen->name, b, f, q->families);
        const float *lq = pg_protein_pssm_family(q, f);
        const float *p = x->data + (size_t)b * per;
        float *g = grad ? grad->data + (size_t)b * per : NULL;
        double kl = 0;
        for (size_t j = 0; j < per; j++) {
            double pj = p[j], lp = log(pj > P_FLOOR ? pj : P_FLOOR);
            if (pj > 0) kl += pj * (lp - lq[j]);
            if (g) g[j] += (float)(scale * (lp + 1 - lq[j]));
        }
        total += kl / L;
    }
    *value = total / n;
    return PG_OK;
}

static void destroy_ctx(void *ctx)
{
    pg_protein_pssm *q = ctx;
    pg_protein_pssm_destroy(&q);
}

pg_status pg_protein_profile_penalty_create(pg_protein_pssm **pssm,
                                            double weight, pg_penalty **out)
{
    *out = NULL;
    pg_penalty *p = calloc(1, sizeof *p);
    if (!p) {
        pg_protein_pssm_destroy(pssm);
        return PG_FAIL(PG_ERR_NOMEM, "protein.profile penalty");
    }
    *p = (pg_penalty){.name = "protein.profile", .weight = weight,
                      .eval = profile_eval, .ctx = *pssm,
                      .destroy_ctx = destroy_ctx};
    *pssm = NULL;
    *out = p;
    return PG_OK;
}

const pg_protein_pssm *pg_protein_profile_penalty_pssm(const pg_penalty *p)
{
    return p ? p->ctx : NULL;
}
