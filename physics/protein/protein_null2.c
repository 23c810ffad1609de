/* HMMER3's biased-composition correction ("null2") of the full-sequence
 * score (protein_profile.h; docs/proteins.md, "Validation"):
 *
 *   1. posterior decoding of the whole sequence (Forward and Backward of
 *      the multihit local profile): per residue i the probability mocc(i)
 *      that the core model emits it, and the expected numbers of B and E
 *      states before and at i;
 *   2. regions, as hmmsearch's domain definition finds them: a region
 *      starts where mocc reaches 0.25, extended back to the last residue
 *      where mocc minus the chance of a begin there was below 0.10, and
 *      ends at the first residue where mocc minus the chance of an end
 *      there falls below 0.10;
 *   3. per region (its envelope), posterior decoding of the envelope
 *      alone with the profile in unihit mode (E -> C only; N and C loop
 *      with L / (L + 2) for the whole sequence's length L): in multihit
 *      mode 6 of hmmsearch's 39 unsplit fn3 scores of
 *      tests/data/protein were missed by 0.11-0.2 bits, in unihit none
 *      (docs/proteins.md, "Validation"); null2 is
 *      the expected emission odds of the states it used,
 *        null2(x) = 1/Ld sum_i [sum_k pM_k(i) e_k(x)/f(x) + sum_k pI_k(i)
 *                               + pN(i) + pJ(i) + pC(i)],
 *      (inserts and N, C, J emit the background: odds 1), and each
 *      residue of the envelope adds log null2(x_i);
 *   4. bias = log(1 + omega exp(sum)) with omega = 1/256, the prior of
 *      null2 against the standard null model; hmmsearch's score is the
 *      Forward score minus the bias, or, where higher, its domain-sum
 *      reconstruction: the envelopes' Forward scores (those above their
 *      own correction max(0, sum over the envelope)), the residues
 *      outside them at the N/C/J loop, minus the null model and the bias
 *      of those envelopes' corrections.
 *
 * A region whose posteriors say it holds more than one domain (expected
 * ends before and begins after some residue both >= 0.2) hmmsearch
 * splits by sampling 200 tracebacks from Easel's RNG (reseeded per
 * region) and clustering them; its null2 is the mean over the samples
 * (split_region_sum below). Here such a region is counted in *split, its
 * null2 is that mean's expectation over the multihit posterior (pooled
 * over the region's domains), and it is one envelope for the domain-sum
 * reconstruction: 50 of 472 split sequences stay > 0.1 bits off
 * (docs/proteins.md, "null2"). Each DP
 * row is divided by its largest cell (as protein_forward.c does), and the
 * logs of those factors are kept to put rows on one scale. */
#include "physics/protein/protein_null2.h"

#include <math.h>
#include <stdlib.h>

#include "physics/protein/protein_profile_impl.h"

enum { RT1_X100 = 25, RT2_X100 = 10, RT3_X100 = 20 };
#define OMEGA (1.0 / 256.0)

/* Specials of one row: N, B, J, C, E and the loop parts of J and C (the
 * chance J or C emits this row's residue, the rest of J and C entered
 * from E after an M emitted it). */
enum { SN, SB, SJ, SC, SE, SJL, SCL, NS };

typedef struct fb {
    int M, L;
    size_t n;          /* M + 1 */
    double loop, move; /* probabilities */
    double ej;         /* E -> J (E -> C the rest) */
    double *m, *ins, *d, *sp, *lscale; /* forward, rows 0..L */
    double *bm, *bi, *bd, bsp[2][NS];  /* backward: two rows */
} fb;

/* Forward over seq[0..L), every row kept; returns log Z (nats). */
static double forward_all(const pg_protein_profile *p, const uint8_t *seq,
                          fb *f)
{
    size_t n = f->n;
    for (size_t k = 0; k < n; k++) f->m[k] = f->ins[k] = f->d[k] = 0.0;
    double *sp0 = f->sp;
    for (int j = 0; j < NS; j++) sp0[j] = 0.0;
    sp0[SN] = 1.0;
    sp0[SB] = f->move;
    f->lscale[0] = 0.0;
    for (int i = 1; i <= f->L; i++) {
        const double *e = p->mo + (size_t)seq[i - 1];
        size_t at = (size_t)(i - 1) * n;
        double *pm = f->m + at, *pi = f->ins + at, *pd = f->d + at;
        double *cm = pm + n, *ci = pi + n, *cd = pd + n;
        const double *ps = f->sp + (size_t)(i - 1) * NS;
        double *cs = f->sp + (size_t)i * NS;
        cm[0] = ci[0] = cd[0] = 0.0;
        double E = pg_protein_forward_row(p, e, ps[SB], pm, pi, pd, cm, ci, cd);
        cs[SN] = ps[SN] * f->loop;
        cs[SJL] = ps[SJ] * f->loop;
        cs[SCL] = ps[SC] * f->loop;
        cs[SJ] = cs[SJL] + f->ej * E;
        cs[SC] = cs[SCL] + (1 - f->ej) * E;
        cs[SB] = (cs[SN] + cs[SJ]) * f->move;
        cs[SE] = E;
        f->lscale[i] = f->lscale[i - 1] +
                       pg_protein_row_rescale(cm, ci, cd, n, cs, NS);
    }
    const double *sl = f->sp + (size_t)f->L * NS;
    return log(sl[SC] * f->move) + f->lscale[f->L];
}

/* What a Backward pass hands its caller per row i = 1..L: the row's
 * posterior factor (multiply forward x backward cells by it) and the
 * backward row; also called for row 0 with only bsp[SB] set. */
typedef void (*row_fn)(void *ctx, const fb *f, int i, double factor,
                       const double *bm, const double *bi,
                       const double *bsp);

static void backward_all(const pg_protein_profile *p, const uint8_t *seq,
                         fb *f, double logz, row_fn cb, void *ctx)
{
    int M = f->M, L = f->L;
    size_t n = f->n;
    double *nm = f->bm, *ni = f->bi, *cm = f->bm + n, *ci = f->bi + n;
    double *cd = f->bd;
    double *ns = f->bsp[0], *cs = f->bsp[1];
    double lt = 0.0; /* log of the factor of the current backward row */
    for (int i = L; i >= 0; i--) {
        if (i == L) {
            for (int j = 0; j < NS; j++) cs[j] = 0.0;
            cs[SC] = f->move;
        } else {
            const double *e = p->mo + (size_t)seq[i];
            double bB = 0.0;
            for (int k = 1; k <= M; k++)
                bB += p->tp[(size_t)k * PT_N + PT_BM] *
                      e[(size_t)k * PG_PROTEIN_K] * nm[k];
            cs[SB] = bB;
            cs[SC] = f->loop * ns[SC];
            cs[SJ] = f->loop * ns[SJ] + f->move * bB;
            cs[SN] = f->loop * ns[SN] + f->move * bB;
        }
        if (i == 0) {
            cb(ctx, f, 0, exp(f->lscale[0] + lt - logz), NULL, NULL, cs);
            break;
        }
        double bE = (1 - f->ej) * cs[SC] + f->ej * cs[SJ];
        cs[SE] = bE;
        const double *e = i < L ? p->mo + (size_t)seq[i] : NULL;
        cm[0] = ci[0] = cd[0] = 0.0;
        for (int k = M; k >= 1; k--) {
            const double *t = p->tp + (size_t)k * PT_N;
            double toM = 0.0, dd = 0.0, md = 0.0, mi = 0.0, im = 0.0, ii = 0.0;
            if (k < M) {
                dd = t[PT_DD] * cd[k + 1];
                md = t[PT_MD] * cd[k + 1];
                if (e) {
                    toM = e[(size_t)(k + 1) * PG_PROTEIN_K] * nm[k + 1];
                    mi = t[PT_MI] * ni[k];
                    im = t[PT_IM] * toM;
                    ii = t[PT_II] * ni[k];
                }
            }
            cd[k] = bE + t[PT_DM] * toM + dd;
            cm[k] = bE + t[PT_MM] * toM + mi + md;
            ci[k] = k < M ? im + ii : 0.0;
        }
        double s = pg_protein_row_rescale(cm, ci, cd, n, cs, NS);
        lt += s;
        cb(ctx, f, i, exp(f->lscale[i] + lt - logz), cm, ci, cs);
        double *x;
        x = nm; nm = cm; cm = x;
        x = ni; ni = ci; ci = x;
        x = ns; ns = cs; cs = x;
    }
}

/* Whole-sequence decoding: mocc(i), and the posteriors of B at i - 1
 * and E at i (the increments of hmmsearch's btot and etot at i). */
typedef struct dom_ctx {
    double *mocc, *bgin, *end; /* 1..L; bgin[i]: B before residue i */
} dom_ctx;

static void dom_row(void *ctx, const fb *f, int i, double factor,
                    const double *bm, const double *bi, const double *bsp)
{
    (void)bm;
    (void)bi;
    dom_ctx *c = ctx;
    const double *fs = f->sp + (size_t)i * NS;
    if (i + 1 <= f->L) c->bgin[i + 1] = fs[SB] * bsp[SB] * factor;
    if (i == 0) return;
    double out = (fs[SN] * bsp[SN] + fs[SJL] * bsp[SJ] + fs[SCL] * bsp[SC]) *
                 factor;
    c->mocc[i] = 1.0 - out;
    c->end[i] = fs[SE] * bsp[SE] * factor;
}

/* Envelope decoding: expected uses of each emitting state; pout (or
 * NULL): per row 1..L the chance that N, J or C emits it. */
typedef struct env_ctx {
    double *um, *ui; /* M + 1 each */
    double unjc;
    double *pout;
} env_ctx;

static void env_row(void *ctx, const fb *f, int i, double factor,
                    const double *bm, const double *bi, const double *bsp)
{
    if (i == 0) return;
    env_ctx *c = ctx;
    size_t n = f->n;
    const double *fm = f->m + (size_t)i * n, *fi = f->ins + (size_t)i * n;
    for (size_t k = 1; k < n; k++) {
        c->um[k] += fm[k] * bm[k] * factor;
        c->ui[k] += fi[k] * bi[k] * factor;
    }
    const double *fs = f->sp + (size_t)i * NS;
    double out = (fs[SN] * bsp[SN] + fs[SJL] * bsp[SJ] + fs[SCL] * bsp[SC]) *
                 factor;
    c->unjc += out;
    if (c->pout) c->pout[i] = out;
}

static void fb_free(fb *f)
{
    free(f->m);
    free(f->ins);
    free(f->d);
    free(f->sp);
    free(f->lscale);
    free(f->bm);
    free(f->bi);
    free(f->bd);
}

static pg_status fb_alloc(fb *f, int M, int L, int Lcfg, int unihit)
{
    *f = (fb){.M = M, .L = L, .n = (size_t)M + 1, .ej = unihit ? 0.0 : 0.5};
    double lloop, lmove;
    pg_protein_length_model(Lcfg, &lloop, &lmove);
    f->loop = exp(lloop);
    f->move = exp(lmove);
    if (unihit) {
        f->loop = (double)Lcfg / (Lcfg + 2.0);
        f->move = 2.0 / (Lcfg + 2.0);
    }
    size_t cells = ((size_t)L + 1) * f->n;
    f->m = malloc(cells * sizeof *f->m);
    f->ins = malloc(cells * sizeof *f->ins);
    f->d = malloc(cells * sizeof *f->d);
    f->sp = malloc(((size_t)L + 1) * NS * sizeof *f->sp);
    f->lscale = malloc(((size_t)L + 1) * sizeof *f->lscale);
    f->bm = malloc(2 * f->n * sizeof *f->bm);
    f->bi = malloc(2 * f->n * sizeof *f->bi);
    f->bd = malloc((f->n + 1) * sizeof *f->bd);
    if (!f->m || !f->ins || !f->d || !f->sp || !f->lscale || !f->bm ||
        !f->bi || !f->bd) {
        fb_free(f);
        return PG_FAIL(PG_ERR_NOMEM, "null2: DP matrices of %d x %d", L, M);
    }
    f->bd[f->n] = 0.0;
    return PG_OK;
}

/* null2(x) = (extra + expected match-state emission odds of x + expected
 * insert uses) / denom, from the state uses an env_row decoding summed. */
static void null2_odds(const pg_protein_profile *p, const env_ctx *c,
                       double extra, double denom, double *null2)
{
    int M = p->M;
    for (int x = 0; x < PG_PROTEIN_K; x++) {
        double v = extra;
        for (int k = 1; k <= M; k++)
            v += c->um[k] * p->mo[(size_t)k * PG_PROTEIN_K + (size_t)x] +
                 (k < M ? c->ui[k] : 0.0);
        null2[x] = v / denom;
    }
}

static void env_free(env_ctx *c)
{
    free(c->um);
    free(c->ui);
    free(c->pout);
}

/* Decodes seq[i0..i0+Ld) alone into *c: in unihit mode (an envelope), or
 * for a split region in multihit mode with pout. *logz: its Forward
 * log-odds (nats, emissions against the background, no null length
 * term: hmmsearch's envsc). */
static pg_status decode_env(const pg_protein_profile *p, const uint8_t *seq,
                            int i0, int Ld, int Lcfg, int split, env_ctx *c,
                            double *logz)
{
    fb f;
    PG_CHECK(fb_alloc(&f, p->M, Ld, Lcfg, !split));
    *c = (env_ctx){calloc(f.n, sizeof(double)), calloc(f.n, sizeof(double)),
                   0, split ? calloc((size_t)Ld + 1, sizeof(double)) : NULL};
    if (!c->um || !c->ui || (split && !c->pout)) {
        env_free(c);
        fb_free(&f);
        return PG_FAIL(PG_ERR_NOMEM, "null2: region of %d", Ld);
    }
    *logz = forward_all(p, seq + i0, &f);
    backward_all(p, seq + i0, &f, *logz, env_row, c);
    fb_free(&f);
    return PG_OK;
}

/* Sum over the envelope seq[i0..i1] (0-based) of log null2(x), and the
 * envelope's Forward log-odds *envsc. */
static pg_status envelope_sum(const pg_protein_profile *p, const uint8_t *seq,
                              int i0, int i1, int Lcfg, double *sum,
                              double *envsc)
{
    int Ld = i1 - i0 + 1;
    env_ctx c;
    PG_CHECK(decode_env(p, seq, i0, Ld, Lcfg, 0, &c, envsc));
    double null2[PG_PROTEIN_K];
    null2_odds(p, &c, c.unjc, Ld, null2);
    double s = 0.0;
    for (int i = i0; i <= i1; i++) s += log(null2[seq[i]]);
    *sum = s;
    env_free(&c);
    return PG_OK;
}

/* A region hmmsearch splits: hmmsearch samples 200 tracebacks of the
 * region in multihit mode and gives residue i log of the mean over them
 * of null2_d(x_i), null2_d that of the sampled domain d holding i
 * (expected emission odds of the domain's match and insert states), or 1
 * outside every sampled domain. The deterministic counterpart here:
 * decode the region in multihit mode (the distribution the traces are
 * drawn from), pool the domains' state uses into one null2 over the
 * expected in-domain residues, and give residue i
 * log(pout(i) + (1 - pout(i)) null2(x_i)). *sum gets the region's sum. */
static pg_status split_region_sum(const pg_protein_profile *p,
                                  const uint8_t *seq, int i0, int i1,
                                  int Lcfg, double *sum)
{
    int Ld = i1 - i0 + 1;
    env_ctx c;
    double logz;
    PG_CHECK(decode_env(p, seq, i0, Ld, Lcfg, 1, &c, &logz));
    double in = (double)Ld - c.unjc, null2[PG_PROTEIN_K];
    if (in > 0.0) null2_odds(p, &c, 0.0, in, null2);
    else for (int x = 0; x < PG_PROTEIN_K; x++) null2[x] = 1.0;
    double s = 0.0;
    for (int i = 1; i <= Ld; i++) {
        double out = c.pout[i] < 1.0 ? c.pout[i] : 1.0;
        s += log(out + (1.0 - out) * null2[seq[i0 + i - 1]]);
    }
    *sum = s;
    env_free(&c);
    return PG_OK;
}

/* log(1 + e^a) without overflow. */
static double logsum1(double a)
{
    return a > 0 ? a + log1p(exp(-a)) : log1p(exp(a));
}

/* hmmsearch's test for a region holding more than one domain. */
static int multidomain(const double *btot, const double *etot, int i, int j)
{
    double most = 0.0;
    for (int k = i; k <= j; k++) {
        double a = etot[k] - etot[i - 1], b = btot[j] - btot[k - 1];
        double x = a < b ? a : b;
        if (x > most) most = x;
    }
    return most >= RT3_X100 / 100.0;
}

pg_status pg_protein_null2_bits(pg_protein_profile *p, const uint8_t *seq,
                                int L, double *bias_bits, int *regions,
                                int *split)
{
    *bias_bits = 0.0;
    *regions = *split = 0;
    if (L < 1) return PG_FAIL(PG_ERR_ARG, "null2 of an empty sequence");
    for (int i = 0; i < L; i++)
        if (seq[i] >= PG_PROTEIN_K)
            return PG_FAIL(PG_ERR_ARG, "residue %d is index %d", i + 1, seq[i]);
    fb f;
    PG_CHECK(fb_alloc(&f, p->M, L, L, 0));
    double *buf = calloc(5 * ((size_t)L + 1), sizeof *buf);
    if (!buf) {
        fb_free(&f);
        return PG_FAIL(PG_ERR_NOMEM, "null2: decoding of %d residues", L);
    }
    dom_ctx c = {buf, buf + (L + 1), buf + 2 * (size_t)(L + 1)};
    double *btot = buf + 3 * (size_t)(L + 1), *etot = buf + 4 * (size_t)(L + 1);
    double logz = forward_all(p, seq, &f);
    backward_all(p, seq, &f, logz, dom_row, &c);
    fb_free(&f);
    /* the domain-sum reconstruction: envelopes whose Forward beats their
     * own correction, their residues, their corrections */
    double dsum = 0.0, dcorr = 0.0;
    int dlen = 0;
    for (int i = 1; i <= L; i++) {
        btot[i] = btot[i - 1] + c.bgin[i];
        etot[i] = etot[i - 1] + c.end[i];
    }
    const double rt1 = RT1_X100 / 100.0, rt2 = RT2_X100 / 100.0;
    double sum = 0.0;
    int start = -1, back = -1, on = 0;
    pg_status st = PG_OK;
    for (int j = 1; j <= L && st == PG_OK; j++) {
        if (!on) {
            if (c.mocc[j] - c.bgin[j] < rt2) back = j;
            else if (back == -1) back = j;
            if (c.mocc[j] >= rt1) {
                on = 1;
                start = back;
            }
        } else if (c.mocc[j] - c.end[j] < rt2) {
            double s = 0.0, envsc = 0.0;
            (*regions)++;
            int multi = multidomain(btot, etot, start, j);
            *split += multi;
            st = envelope_sum(p, seq, start - 1, j - 1, L, &s, &envsc);
            if (st == PG_OK && multi)
                st = split_region_sum(p, seq, start - 1, j - 1, L, &s);
            sum += s;
            double corr = s > 0.0 ? s : 0.0;
            if (envsc - corr > 0.0) {
                dsum += envsc;
                dcorr += corr;
                dlen += j - start + 1;
            }
            on = 0;
        }
    }
    free(buf);
    if (st != PG_OK) return st;
    /* hmmsearch's score: Forward minus the bias (with no region, sum 0,
     * it still subtracts log(1 + omega)); or, when higher, the sum of the
     * envelopes that score after their own correction, the residues
     * outside them at N/C/J's loop and the bias of their corrections */
    double null1 = pg_protein_null1_nats(L), loop, move;
    pg_protein_length_model(L, &loop, &move);
    double score = logz - null1 - logsum1(log(OMEGA) + sum);
    if (dlen > 0) {
        double rec = dsum + (double)(L - dlen) * loop - null1 -
                     logsum1(log(OMEGA) + dcorr);
        if (rec > score) score = rec;
    }
    *bias_bits = (logz - null1 - score) / log(2.0);
    return PG_OK;
}
