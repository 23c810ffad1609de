/* protein.profile: KL of G's residue distributions to the training
 * profile, and the per-sample score hinge (protein_pssm_penalty.h). */
#include "physics/protein/protein_pssm_penalty.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"

/* p log p and its derivative's log p at p = 0: a softmax in float can
 * underflow to 0, where p log p -> 0 and the gradient's log p is taken
 * at this floor instead of -inf. */
#define P_FLOOR 1e-30

typedef struct profile_ctx {
    pg_protein_pssm *pssm;
    double score_w, score_target;   /* lambda, tau */
    double end_w;                   /* mu: the end token's forward KL */
    double *target;                 /* F: tau * s*_f (nats per column) */
    pg_protein_profile_stats last;
} profile_ctx;

/* The log-odds the hinge scores residue a at column i (< M) with: its
 * column probability against the background, log(q_i(a) / (1 - h_i) /
 * b(a)), the column as the star alignment gave it, before the stopping
 * hazard h_i took its share. */
static double logodds(const float *lq, int L, int a, int i)
{
    double h = exp(lq[(size_t)PG_PROTEIN_END * L + (size_t)i]);
    return lq[(size_t)a * (size_t)L + (size_t)i] - log1p(-h) -
           log(pg_protein_background[a]);
}

/* Expected log-odds per column of family f's columns under
 * distributions p (21 x L), each position's residue given that it is
 * one: 1/M sum_{i<M} sum_a p_i(a) logodds(a, i) / r_i, r_i = sum_a
 * p_i(a) over the 20 residues. The end token is not scored: where
 * sequences end is the KL's and the end term's job (the stopping
 * hazard). Until session 13 it scored log PG_PROTEIN_PSSM_FLOOR inside
 * the columns, which pushed G's end probability there to about a
 * twentieth of the hazard while a sample was below its target, so G's
 * sequences ran to the centre's length: 13 % of G's kinases ended before
 * the centre's 279 columns against 71 % of the training ones
 * (docs/proteins.md, session 13). g (or NULL): ADDS scale * d/dp of it,
 * (logodds(a, i) - s_i) / (M r_i) on residue a, s_i the position's
 * expected log-odds, and 0 on the end token. */
static double expected_logodds(const pg_protein_pssm *q, int f,
                               const float *p, float *g, double scale)
{
    const float *lq = pg_protein_pssm_family(q, f);
    int L = q->length, M = q->columns[f];
    double s = 0;
    for (int i = 0; i < M; i++) {
        double r = 0, si = 0;
        for (int a = 0; a < PG_PROTEIN_K; a++) {
            double pa = p[(size_t)a * (size_t)L + (size_t)i];
            r += pa;
            si += pa * logodds(lq, L, a, i);
        }
        r = r > P_FLOOR ? r : P_FLOOR;
        si /= r;
        s += si;
        if (!g) continue;
        for (int a = 0; a < PG_PROTEIN_K; a++)
            g[(size_t)a * (size_t)L + (size_t)i] +=
                (float)(scale * (logodds(lq, L, a, i) - si) / (M * r));
    }
    return s / M;
}

/* The end token's forward KL at one position: G's two outcomes, end
 * (e = p(end)) or a residue (r = the residues' summed probability, not
 * 1 - e, which float rounds to 0 once e is near 1), against the profile's
 * stopping hazard h: KL(h || (e, r)) = h log(h/e) + (1-h) log((1-h)/r).
 * *de and *dr get its derivatives in p(end) and in each residue's p,
 * -h/e and -(1-h)/r; through the softmax that is e - h on the end
 * token's logit, which does not vanish where G has learnt e ~ 0 (the
 * reverse KL's e log(e/h) does: docs/proteins.md, session 12). e and r
 * are floored like p log p. */
static double end_kl(double e, double r, double h, double *de, double *dr)
{
    e = e > P_FLOOR ? e : P_FLOOR;
    r = r > P_FLOOR ? r : P_FLOOR;
    *de = -h / e;
    *dr = -(1 - h) / r;
    return h * log(h / e) + (1 - h) * log((1 - h) / r);
}

/* The end term of one sample (distributions p, 21 x L, of family f):
 * its mean KL per position; g (or NULL): ADDS scale * d/dp. Every
 * position counts, those past the centre too (h there is the hazard of
 * the family's longest members, near 1). */
static double end_term(const pg_protein_pssm *q, int f, const float *p,
                       float *g, double scale)
{
    const float *le = pg_protein_pssm_family(q, f) +
                      (size_t)PG_PROTEIN_END * (size_t)q->length;
    int L = q->length;
    double kl = 0;
    for (int i = 0; i < L; i++) {
        double r = 0, de, dr;
        for (int a = 0; a < PG_PROTEIN_K; a++) r += p[(size_t)a * L + i];
        kl += end_kl(p[(size_t)PG_PROTEIN_END * L + i], r, exp(le[i]), &de,
                     &dr);
        if (!g) continue;
        for (int a = 0; a < PG_PROTEIN_K; a++)
            g[(size_t)a * L + i] += (float)(scale * dr);
        g[(size_t)PG_PROTEIN_END * L + i] += (float)(scale * de);
    }
    return kl / L;
}

static pg_status profile_eval(const pg_penalty *pen,
                              const pg_penalty_input *in, double *value,
                              pg_tensor *grad)
{
    profile_ctx *c = pen->ctx;
    const pg_protein_pssm *q = c->pssm;
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
    double kl_sum = 0, score_sum = 0, hinge_sum = 0, end_sum = 0;
    double scale = pen->weight / ((double)n * L);
    double escale = scale * c->end_w;
    double hscale = -pen->weight * c->score_w / n;
    int below = 0;
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
        kl_sum += kl / L;
        if (c->end_w > 0) end_sum += end_term(q, f, p, g, escale);
        /* The hinge: only a sample below the target is pushed, and only
         * until it gets there (the KL keeps its entropy). */
        double sc = expected_logodds(q, f, p, NULL, 0);
        score_sum += sc;
        if (c->score_w > 0 && sc < c->target[f]) {
            below++;
            hinge_sum += c->target[f] - sc;
            if (g) expected_logodds(q, f, p, g, hscale);
        }
    }
    c->last = (pg_protein_profile_stats){kl_sum / n, score_sum / n,
                                         hinge_sum / n, (double)below / n,
                                         end_sum / n};
    *value = c->last.kl + c->score_w * c->last.hinge +
             c->end_w * c->last.end_kl;
    return PG_OK;
}

static void destroy_ctx(void *ctx)
{
    profile_ctx *c = ctx;
    if (!c) return;
    pg_protein_pssm_destroy(&c->pssm);
    free(c->target);
    free(c);
}

double pg_protein_pssm_self_score(const pg_protein_pssm *q, int f)
{
    const float *lq = pg_protein_pssm_family(q, f);
    int L = q->length, M = q->columns[f];
    double s = 0;
    for (int i = 0; i < M; i++) {
        double h = exp(lq[(size_t)PG_PROTEIN_END * L + (size_t)i]);
        for (int a = 0; a < PG_PROTEIN_K; a++)
            s += exp(lq[(size_t)a * (size_t)L + (size_t)i]) / (1 - h) *
                 logodds(lq, L, a, i);
    }
    return s / M;
}

double pg_protein_pssm_background_kl(const pg_protein_pssm *q, int f)
{
    const float *lq = pg_protein_pssm_family(q, f);
    int L = q->length;
    double kl = 0;
    for (int i = 0; i < L; i++) {
        double e = exp(lq[(size_t)PG_PROTEIN_END * L + (size_t)i]);
        for (int a = 0; a < PG_PROTEIN_K; a++) {
            double p = (1 - e) * pg_protein_background[a];
            kl += p * (log(p) - lq[(size_t)a * (size_t)L + (size_t)i]);
        }
    }
    return kl / L;
}

pg_status pg_protein_profile_penalty_create(pg_protein_pssm **pssm,
                                            double weight, double score_w,
                                            double score_target,
                                            double end_w, pg_penalty **out)
{
    *out = NULL;
    pg_penalty *p = calloc(1, sizeof *p);
    profile_ctx *c = calloc(1, sizeof *c);
    double *t = calloc((size_t)(*pssm)->families, sizeof *t);
    if (!p || !c || !t) {
        free(p);
        free(c);
        free(t);
        pg_protein_pssm_destroy(pssm);
        return PG_FAIL(PG_ERR_NOMEM, "protein.profile penalty");
    }
    for (int f = 0; f < (*pssm)->families; f++)
        t[f] = score_target * pg_protein_pssm_self_score(*pssm, f);
    *c = (profile_ctx){.pssm = *pssm, .score_w = score_w,
                       .score_target = score_target, .end_w = end_w,
                       .target = t};
    *p = (pg_penalty){.name = "protein.profile", .weight = weight,
                      .eval = profile_eval, .ctx = c,
                      .destroy_ctx = destroy_ctx};
    *pssm = NULL;
    *out = p;
    return PG_OK;
}

const pg_protein_pssm *pg_protein_profile_penalty_pssm(const pg_penalty *p)
{
    return p ? ((const profile_ctx *)p->ctx)->pssm : NULL;
}

pg_protein_profile_stats pg_protein_profile_penalty_stats(const pg_penalty *p)
{
    return ((const profile_ctx *)p->ctx)->last;
}
