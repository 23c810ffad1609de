/* protein.profile and the training profile it is built from
 * (physics/protein/protein_pssm.h, protein_pssm_penalty.h):
 *   - the star alignment on a hand-made family: the medoid is the centre,
 *     a member's overhang and a deletion land where they should, a column
 *     equals the pseudocount formula with the family's effective number,
 *     every position a distribution, the end token's stopping hazard
 *     from the smoothed training lengths, the family's mean column past
 *     the centre;
 *   - the penalty's analytic gradient against central differences on
 *     softmax distributions of two families, its value 0 at p = q and
 *     positive elsewhere, its errors (no labels, shape, family);
 *   - the per-sample score hinge: value, gradient against central
 *     differences, a sample above its target let go;
 *   - the registry builds it only from training data;
 *   - sampling the profile gives the training length distribution and
 *     column 0's residue. */
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "physics/penalty_registry.h"
#include "physics/protein/protein_alphabet.h"
#include "physics/protein/protein_pssm_penalty.h"
#include "runner.h"

enum { L = 12, NB = 3, T = PG_PROTEIN_TOKENS };
#define BETA 2.0

static int to_res(const char *s, uint8_t *r)
{
    int n = 0;
    for (; s[n]; n++) {
        int idx = -1;
        CU_ASSERT_EQUAL(pg_protein_char_classify(s[n], &idx),
                        PG_PROTEIN_CHAR_RESIDUE);
        r[n] = (uint8_t)idx;
    }
    return n;
}

/* Family "k": two copies of the centre, a substitution (E -> W at 3), a
 * member with an extra N-terminal M (an overhang: dropped) and one
 * without F (a deletion at column 4). Family "g": three glycine-rich
 * sequences. */
static pg_protein_seqs *family_set(void)
{
    static const char *const seqs[] = {
        "ACDEFGHIKL", "ACDEFGHIKL", "ACDWFGHIKL", "MACDEFGHIKL", "ACDEGHIKL",
        "GGSGGSGG", "GGSGGTGG", "GGAGGSGG"};
    static const int fams[] = {0, 0, 0, 0, 0, 1, 1, 1};
    pg_protein_seqs *s = NULL;
    int f;
    PG_ASSERT_OK(pg_protein_seqs_create(&s));
    PG_ASSERT_OK(pg_protein_seqs_family(s, "k", &f));
    PG_ASSERT_OK(pg_protein_seqs_family(s, "g", &f));
    for (int i = 0; i < (int)(sizeof seqs / sizeof *seqs); i++) {
        uint8_t r[16];
        int n = to_res(seqs[i], r);
        PG_ASSERT_OK(pg_protein_seqs_add(s, seqs[i], r, n, fams[i]));
    }
    return s;
}

static double q_at(const pg_protein_pssm *p, int f, int token, int pos)
{
    return exp(pg_protein_pssm_family(p, f)[token * L + pos]);
}

static int res_of(char c)
{
    int idx = -1;
    pg_protein_char_classify(c, &idx);
    return idx;
}

/* The documented hazard, recomputed here: the Gaussian-smoothed
 * histogram pk of the lengths (over 1..L, normalised over 0..L) and
 * h(i) = pk(i) / sum_{k>=i} pk(k), kept in [FLOOR, 1 - FLOOR]. */
static void hazard_of(const int *len, int n, double *pk, double *h)
{
    double tot = 0, sg = PG_PROTEIN_PSSM_LENGTH_SIGMA;
    for (int k = 0; k <= L; k++) {
        pk[k] = 0;
        for (int m = 0; k > 0 && m < n; m++)
            pk[k] += exp(-0.5 * (k - len[m]) * (k - len[m]) / (sg * sg));
        tot += pk[k];
    }
    for (int k = 0; k <= L; k++) pk[k] /= tot;
    for (int i = 0; i < L; i++) {
        double tail = 0;
        for (int k = i; k <= L; k++) tail += pk[k];
        double v = tail > 0 ? pk[i] / tail : 1;
        h[i] = fmin(fmax(v, PG_PROTEIN_PSSM_FLOOR), 1 - PG_PROTEIN_PSSM_FLOOR);
    }
}

static void test_profile_build(void)
{
    pg_protein_seqs *s = family_set();
    pg_protein_pssm *p = NULL;
    PG_ASSERT_OK(pg_protein_pssm_build(s, L, BETA, &p));
    CU_ASSERT_EQUAL(p->families, 2);
    /* the medoid of "k" is one of the two copies of ACDEFGHIKL */
    CU_ASSERT(p->centre[0] == 0 || p->centre[0] == 1);
    CU_ASSERT_EQUAL(p->columns[0], 10);
    CU_ASSERT_EQUAL(p->columns[1], 8);
    /* every position is a distribution over the 21 tokens */
    for (int f = 0; f < 2; f++)
        for (int i = 0; i < L; i++) {
            double sum = 0;
            for (int t = 0; t < T; t++) sum += q_at(p, f, t, i);
            CU_ASSERT_DOUBLE_EQUAL(sum, 1.0, 1e-5);
        }
    /* column 0: every member has A there (the overhang M is dropped),
     * so q(A) = (n_eff + beta b(A)) / (n_eff + beta) */
    const double *b = pg_protein_background;
    double ne = p->n_eff[0], ia = res_of('A');
    CU_ASSERT(ne > 1 && ne < 5);
    CU_ASSERT_DOUBLE_EQUAL(q_at(p, 0, (int)ia, 0),
                           (1 - PG_PROTEIN_PSSM_FLOOR) *
                               (ne + BETA * b[(int)ia]) / (ne + BETA),
                           1e-5);
    /* column 3: E above W above the background of an absent residue */
    double qe = q_at(p, 0, res_of('E'), 3), qw = q_at(p, 0, res_of('W'), 3);
    CU_ASSERT(qe > qw);
    CU_ASSERT(qw > 0.05);
    CU_ASSERT(q_at(p, 0, res_of('Y'), 3) < 0.05);
    /* column 4 (F, deleted in one member) still favours F */
    CU_ASSERT(q_at(p, 0, res_of('F'), 4) > 0.5);
    /* end tokens: the stopping hazard of the smoothed training lengths
     * (protein_pssm.h), rare before the shortest member, certain well
     * past the longest */
    static const int klen[] = {10, 10, 10, 11, 9}, glen[] = {8, 8, 8};
    double pk[L + 1], hk[L];
    hazard_of(klen, 5, pk, hk);
    for (int i = 0; i < L; i++)
        CU_ASSERT_DOUBLE_EQUAL(q_at(p, 0, PG_PROTEIN_END, i), hk[i],
                               1e-6 + 1e-5 * hk[i]);
    CU_ASSERT(q_at(p, 0, PG_PROTEIN_END, 3) < 1e-3);
    CU_ASSERT(q_at(p, 0, PG_PROTEIN_END, 10) > 0.3);
    double pg[L + 1], hg[L];
    hazard_of(glen, 3, pg, hg);
    for (int i = 0; i < L; i++)
        CU_ASSERT_DOUBLE_EQUAL(q_at(p, 1, PG_PROTEIN_END, i), hg[i],
                               1e-6 + 1e-5 * hg[i]);
    /* past the centre (column 10 of "k"), the residues follow the mean
     * of the 10 columns */
    for (int a = 0; a < PG_PROTEIN_K; a++) {
        double mean = 0;
        for (int i = 0; i < 10; i++)
            mean += q_at(p, 0, a, i) / (1 - hk[i]) / 10;
        CU_ASSERT_DOUBLE_EQUAL(q_at(p, 0, a, 10) / (1 - hk[10]), mean, 1e-5);
    }

    /* sampling: lengths follow the smoothed training distribution
     * (mass at 9..11 as pk says, within 4 standard errors), column 0 is
     * mostly A */
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r));
    uint8_t res[L];
    int a_first = 0, ns = 4000, hist[L + 1] = {0};
    for (int k = 0; k < ns; k++) {
        int n = pg_protein_pssm_sample(p, 0, r, res);
        CU_ASSERT(n >= 0 && n <= L);
        hist[n]++;
        a_first += n > 0 && res[0] == ia;
    }
    for (int k = 1; k <= L; k++) {
        double e = ns * pk[k], sd = sqrt(e * (1 - pk[k])) + 1;
        CU_ASSERT(fabs(hist[k] - e) < 4 * sd);
    }
    CU_ASSERT(hist[9] + hist[10] + hist[11] > ns / 2);
    CU_ASSERT(a_first > ns * 6 / 10);
    pg_rng_destroy(&r);
    pg_protein_pssm_destroy(&p);
    CU_ASSERT_PTR_NULL(p);

    /* a length shorter than the longest sequence, beta <= 0 */
    CU_ASSERT_EQUAL(pg_protein_pssm_build(s, 8, BETA, &p), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "exceeds the length"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_protein_pssm_build(s, L, 0, &p), PG_ERR_ARG);
    pg_error_clear();
    pg_protein_seqs_destroy(&s);
}

typedef struct pen_case {
    pg_penalty *p;
    const int *labels;
} pen_case;

static double pen_fn(void *ctx, const float *x, float *grad)
{
    pen_case *c = ctx;
    int shape[3] = {NB, T, L};
    pg_tensor t = {0}, g = {0};
    pg_tensor_shape(&t, 3, shape);
    t.data = (float *)x;
    pg_tensor_shape(&g, 3, shape);
    g.data = grad;
    if (grad) memset(grad, 0, t.size * sizeof *grad);
    pg_penalty_input in = {&t, NULL, c->labels};
    double v = NAN;
    if (pg_penalty_eval(c->p, &in, &v, grad ? &g : NULL) != PG_OK) {
        pg_error_print(stderr);
        pg_error_clear();
    }
    return v;
}

/* Softmax over the tokens of random logits, position by position; logits
 * of spread 0.5 keep every p well above the perturbation. */
static void softmax_fill(pg_rng *r, float *x)
{
    for (int b = 0; b < NB; b++)
        for (int i = 0; i < L; i++) {
            double z[T], sum = 0;
            for (int t = 0; t < T; t++) sum += z[t] = exp(pg_rng_gaussian(r, 0.5));
            for (int t = 0; t < T; t++)
                x[(b * T + t) * L + i] = (float)(z[t] / sum);
        }
}

/* score_w = 0 and end_w = 0: the KL alone. */
static pg_penalty *make_penalty_end(double weight, double score_w,
                                    double tau, double end_w)
{
    pg_protein_seqs *s = family_set();
    const pg_penalty_kind *k;
    PG_ASSERT_OK(pg_penalty_kind_find("protein.profile", &k));
    CU_ASSERT_EQUAL(k->n_keys, 5);
    double param[4] = {BETA, score_w, tau, end_w};
    pg_penalty_args a = {.geom = {NB, T, 1, L, 1, 1}, .weight = weight,
                         .param = param, .data = s};
    pg_penalty *p = NULL;
    PG_ASSERT_OK(k->create(&a, &p));
    pg_protein_seqs_destroy(&s);
    return p;
}

static pg_penalty *make_penalty(double weight, double score_w, double tau)
{
    return make_penalty_end(weight, score_w, tau, 0);
}

static void test_penalty_gradient(void)
{
    static const int labels[NB] = {0, 1, 0};
    /* weight 1: the value is unweighted, the gradient weighted */
    pg_penalty *p = make_penalty(1.0, 0, 0.5);
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    float x[NB * T * L];
    softmax_fill(r, x);
    pen_case c = {p, labels};
    double v = pen_fn(&c, x, NULL);
    CU_ASSERT(isfinite(v) && v > 0);
    gc_opts o = {.eps = 2e-4, .atol = 1e-4, .rtol = 1e-2,
                 .max_checks = NB * T * L};
    CU_ASSERT_EQUAL(gc_check_function(pen_fn, &c, x, NB * T * L, &o,
                                      "protein.profile"), 0);
    pg_penalty_destroy(&p);
    p = make_penalty(1.7, 0, 0.5);
    c.p = p;

    /* p = q: KL 0, gradient weight (1 / (N L)) at every entry */
    const pg_protein_pssm *q = pg_protein_profile_penalty_pssm(p);
    for (int b = 0; b < NB; b++)
        for (int j = 0; j < T * L; j++)
            x[b * T * L + j] = expf(pg_protein_pssm_family(q, labels[b])[j]);
    float g[NB * T * L];
    CU_ASSERT_DOUBLE_EQUAL(pen_fn(&c, x, g), 0.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(g[5], 1.7 / (NB * L), 1e-4);

    /* train.log's scale: background residues with the profile's own end
     * probabilities have profile_kl pg_protein_pssm_background_kl */
    double want_bg = 0;
    for (int b = 0; b < NB; b++) {
        const float *lq = pg_protein_pssm_family(q, labels[b]);
        float *xb = x + b * T * L;
        for (int i = 0; i < L; i++) {
            double e = exp(lq[PG_PROTEIN_END * L + i]);
            for (int a = 0; a < PG_PROTEIN_K; a++)
                xb[a * L + i] = (float)((1 - e) * pg_protein_background[a]);
            xb[PG_PROTEIN_END * L + i] = (float)e;
        }
        want_bg += pg_protein_pssm_background_kl(q, labels[b]) / NB;
    }
    pen_fn(&c, x, NULL);
    CU_ASSERT(want_bg > 0.1);
    CU_ASSERT_DOUBLE_EQUAL(pg_protein_profile_penalty_stats(p).kl, want_bg,
                           1e-4);

    /* errors: no labels, a family out of range, the wrong length */
    int shape[3] = {NB, T, L};
    pg_tensor t = {0};
    pg_tensor_shape(&t, 3, shape);
    t.data = x;
    double val;
    pg_penalty_input none = {&t, NULL, NULL};
    CU_ASSERT_EQUAL(pg_penalty_eval(p, &none, &val, NULL), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "family"));
    pg_error_clear();
    static const int bad[NB] = {0, 2, 0};
    pg_penalty_input out_of_range = {&t, NULL, bad};
    CU_ASSERT_EQUAL(pg_penalty_eval(p, &out_of_range, &val, NULL),
                    PG_ERR_ARG);
    pg_error_clear();
    pg_tensor_shape(&t, 3, (int[]){NB, T, L - 1});
    pg_penalty_input short_x = {&t, NULL, labels};
    CU_ASSERT_EQUAL(pg_penalty_eval(p, &short_x, &val, NULL), PG_ERR_SHAPE);
    pg_error_clear();
    pg_rng_destroy(&r);
    pg_penalty_destroy(&p);
}

/* Expected log-odds per column of sample b's distributions, by hand: a
 * residue against the background, its column probability taken without
 * the stopping hazard's share (q / (1 - h)); the end token at log FLOOR. */
static double score_of(const pg_protein_pssm *q, int f, const float *x)
{
    const float *lq = pg_protein_pssm_family(q, f);
    double s = 0;
    for (int i = 0; i < q->columns[f]; i++) {
        double h = exp(lq[PG_PROTEIN_END * L + i]), si = 0, r = 0;
        for (int t = 0; t < PG_PROTEIN_K; t++) {
            si += x[t * L + i] * (log(exp(lq[t * L + i]) / (1 - h)) -
                                  log(pg_protein_background[t]));
            r += x[t * L + i];
        }
        s += si / r;
    }
    return s / q->columns[f];
}

/* The score hinge: its value and gradient against central differences
 * while every sample is below the target (random distributions score
 * below zero); a sample at p = q with tau = 0.5 is above its target and
 * adds nothing; the statistics name the samples below. */
static void test_score_hinge(void)
{
    static const int labels[NB] = {0, 1, 0};
    pg_penalty *p = make_penalty(1.0, 0.8, 0.9);
    const pg_protein_pssm *q = pg_protein_profile_penalty_pssm(p);
    /* s*: the profile's own draws score about sum KL(q_i || b) / M > 0 */
    double s0 = pg_protein_pssm_self_score(q, 0);
    CU_ASSERT(s0 > 0.5);
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    float x[NB * T * L];
    softmax_fill(r, x);
    pen_case c = {p, labels};
    double v = pen_fn(&c, x, NULL);
    pg_protein_profile_stats st = pg_protein_profile_penalty_stats(p);
    CU_ASSERT_DOUBLE_EQUAL(st.below, 1.0, 1e-12);
    double want = 0, mean = 0;
    for (int b = 0; b < NB; b++) {
        double sb = score_of(q, labels[b], x + b * T * L);
        mean += sb / NB;
        want += (0.9 * pg_protein_pssm_self_score(q, labels[b]) - sb) / NB;
    }
    CU_ASSERT_DOUBLE_EQUAL(st.score, mean, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(st.hinge, want, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(v, st.kl + 0.8 * want, 1e-6);
    gc_opts o = {.eps = 2e-4, .atol = 1e-4, .rtol = 1e-2,
                 .max_checks = NB * T * L};
    CU_ASSERT_EQUAL(gc_check_function(pen_fn, &c, x, NB * T * L, &o,
                                      "protein.profile score hinge"), 0);

    /* The hinge scores residues given that they are residues: it leaves
     * the end token's probability alone (0 on the end token, and through
     * the softmax 0 on its logit: e (g_e - sum_t p_t g_t)), while it
     * pulls the residues' logits; before session 13 it scored the end
     * token at log 1e-6 inside the columns and pushed it down. */
    pg_penalty *pk = make_penalty(1.0, 0, 0.9);
    pen_case ck = {pk, labels};
    float gh[NB * T * L], gk[NB * T * L];
    pen_fn(&c, x, gh);
    pen_fn(&ck, x, gk);
    double res_pull = 0;
    for (int i = 0; i < q->columns[0]; i++) {
        double dot = 0;
        for (int t = 0; t < T; t++)
            dot += x[t * L + i] * (gh[t * L + i] - gk[t * L + i]);
        int e = PG_PROTEIN_END * L + i;
        CU_ASSERT_DOUBLE_EQUAL(gh[e] - gk[e], 0, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(x[e] * (gh[e] - gk[e] - dot), 0, 1e-7);
        for (int a = 0; a < PG_PROTEIN_K; a++)
            res_pull += fabs(x[a * L + i] * (gh[a * L + i] - gk[a * L + i] -
                                             dot));
    }
    CU_ASSERT(res_pull > 1e-3);
    pg_penalty_destroy(&pk);
    pg_penalty_destroy(&p);

    /* tau = 0.5: sample 1 at its profile (score s*_1 > 0.5 s*_1) is let
     * go, so its gradient is the KL's alone: 1/(N L) at p = q */
    p = make_penalty(1.0, 0.8, 0.5);
    c.p = p;
    q = pg_protein_profile_penalty_pssm(p);
    for (int j = 0; j < T * L; j++)
        x[T * L + j] = expf(pg_protein_pssm_family(q, 1)[j]);
    float g[NB * T * L];
    pen_fn(&c, x, g);
    st = pg_protein_profile_penalty_stats(p);
    CU_ASSERT_DOUBLE_EQUAL(st.below, 2.0 / 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(score_of(q, 1, x + T * L),
                           pg_protein_pssm_self_score(q, 1), 1e-5);
    for (int j = 0; j < T * L; j++)
        CU_ASSERT_DOUBLE_EQUAL(g[T * L + j], 1.0 / (NB * L), 1e-4);
    /* ... while sample 0's tokens feel the hinge beside the KL */
    int off = 0;
    for (int j = 0; j < T * L; j++) {
        double lp = log(x[j]), lq = pg_protein_pssm_family(q, 0)[j];
        off += fabs(g[j] - (lp + 1 - lq) / (NB * L)) > 1e-4;
    }
    CU_ASSERT(off > 0);
    pg_rng_destroy(&r);
    pg_penalty_destroy(&p);
}

/* The softmax's backward over the tokens of one position, in the
 * arithmetic of the trainer's op (src/nn/op_softmax.c: dot in double,
 * the rest in float). */
static void softmax_back(const float *y, const float *dy, float *dx)
{
    double dot = 0;
    for (int t = 0; t < T; t++) dot += (double)y[t] * dy[t];
    for (int t = 0; t < T; t++) dx[t] = y[t] * (float)(dy[t] - dot);
}

/* The end token's forward KL: its value per position by hand against
 * the profile's hazard, the whole penalty's gradient against central
 * differences (KL + hinge + end term), 0 at p = q; and where G gives the
 * end token ~0 past the family's lengths, the end term's pull on the end
 * token's logit (e - h through the softmax) stays near -h while the
 * reverse KL's has vanished. */
static void test_end_term(void)
{
    static const int labels[NB] = {0, 1, 0};
    const double mu = 1.3;
    pg_penalty *p0 = make_penalty_end(1.0, 0.8, 0.9, 0);
    pg_penalty *p = make_penalty_end(1.0, 0.8, 0.9, mu);
    const pg_protein_pssm *q = pg_protein_profile_penalty_pssm(p);
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(13, 0, PG_RNG_TEST, &r));
    float x[NB * T * L];
    softmax_fill(r, x);
    pen_case c0 = {p0, labels}, c = {p, labels};
    double v0 = pen_fn(&c0, x, NULL), v = pen_fn(&c, x, NULL);
    double want = 0;
    for (int b = 0; b < NB; b++) {
        const float *lq = pg_protein_pssm_family(q, labels[b]);
        for (int i = 0; i < L; i++) {
            double h = exp(lq[PG_PROTEIN_END * L + i]);
            double e = x[(b * T + PG_PROTEIN_END) * L + i], res = 0;
            for (int a = 0; a < PG_PROTEIN_K; a++)
                res += x[(b * T + a) * L + i];
            want += (h * log(h / e) + (1 - h) * log((1 - h) / res)) /
                    ((double)NB * L);
        }
    }
    CU_ASSERT(want > 0.01);
    CU_ASSERT_DOUBLE_EQUAL(pg_protein_profile_penalty_stats(p).end_kl, want,
                           1e-6);
    CU_ASSERT_DOUBLE_EQUAL(v, v0 + mu * want, 1e-6);
    gc_opts o = {.eps = 2e-4, .atol = 1e-4, .rtol = 1e-2,
                 .max_checks = NB * T * L};
    CU_ASSERT_EQUAL(gc_check_function(pen_fn, &c, x, NB * T * L, &o,
                                      "protein.profile end term"), 0);

    /* p = q: the end term is 0 and adds the same to every token of a
     * position (-mu/(N L): nothing through the softmax) */
    for (int b = 0; b < NB; b++)
        for (int j = 0; j < T * L; j++)
            x[b * T * L + j] = expf(pg_protein_pssm_family(q, labels[b])[j]);
    float g0[NB * T * L], g[NB * T * L];
    pen_fn(&c0, x, g0);
    pen_fn(&c, x, g);
    CU_ASSERT_DOUBLE_EQUAL(pg_protein_profile_penalty_stats(p).end_kl, 0,
                           1e-6);
    for (int j = 0; j < NB * T * L; j++)
        CU_ASSERT_DOUBLE_EQUAL(g[j] - g0[j], -mu / (NB * L), 1e-4);

    /* the vanishing gradient: sample 0 gives the end token 1e-12 at its
     * last position, where the hazard is large; the softmax's chain rule
     * on the end logit, dz = e (g_e - sum_t p_t g_t), of each penalty;
     * and the softmax's own backward (float, as the trainer runs it) on a
     * position where e rounds to 1 inside the columns (h ~ 0) gives
     * about e - h = 1 on the end logit, not the 1/(1-e) blow-up that
     * computing 1 - e in float gave */
    int i = L - 1, b = 0;
    const float *lq0 = pg_protein_pssm_family(q, labels[b]);
    double h = exp(lq0[PG_PROTEIN_END * L + i]);
    CU_ASSERT(h > 0.5);
    for (int t = 0; t < T; t++)
        x[(b * T + t) * L + i] =
            t == PG_PROTEIN_END ? 1e-12f : (float)((1 - 1e-12) / PG_PROTEIN_K);
    pen_fn(&c0, x, g0);
    pen_fn(&c, x, g);
    double dz0 = 0, dz = 0;
    for (int t = 0; t < T; t++) {
        double pt = x[(b * T + t) * L + i];
        dz0 -= pt * g0[(b * T + t) * L + i];
        dz -= pt * g[(b * T + t) * L + i];
    }
    double e = x[(b * T + PG_PROTEIN_END) * L + i];
    dz0 = e * (g0[(b * T + PG_PROTEIN_END) * L + i] + dz0);
    dz = e * (g[(b * T + PG_PROTEIN_END) * L + i] + dz);
    double unit = 1.0 / ((double)NB * L);
    CU_ASSERT(fabs(dz0) < 1e-9 * unit);
    CU_ASSERT_DOUBLE_EQUAL(dz - dz0, mu * (e - h) * unit, 1e-3 * unit);

    i = 2;
    h = exp(lq0[PG_PROTEIN_END * L + i]);
    CU_ASSERT(h < 1e-3);
    for (int t = 0; t < T; t++)
        x[(b * T + t) * L + i] = t == PG_PROTEIN_END ? 1.0f : 2e-9f;
    pen_fn(&c0, x, g0);
    pen_fn(&c, x, g);
    float y[T], dy[T], dx[T] = {0}, dx0[T] = {0};
    for (int t = 0; t < T; t++) {
        y[t] = x[(b * T + t) * L + i];
        dy[t] = g0[(b * T + t) * L + i];
    }
    softmax_back(y, dy, dx0);
    for (int t = 0; t < T; t++) dy[t] = g[(b * T + t) * L + i];
    softmax_back(y, dy, dx);
    double sum = 0;
    for (int t = 0; t < PG_PROTEIN_K; t++) sum += dx[t] - dx0[t];
    CU_ASSERT_DOUBLE_EQUAL(dx[PG_PROTEIN_END] - dx0[PG_PROTEIN_END],
                           mu * (1 - h) * unit, 0.05 * mu * unit);
    CU_ASSERT_DOUBLE_EQUAL(sum, -mu * (1 - h) * unit, 0.05 * mu * unit);
    pg_rng_destroy(&r);
    pg_penalty_destroy(&p0);
    pg_penalty_destroy(&p);
}

/* Without training data (a terrain trainer, the C API) the kind is
 * refused with the reason. */
static void test_registry_needs_data(void)
{
    const pg_penalty_kind *k;
    PG_ASSERT_OK(pg_penalty_kind_find("protein.profile", &k));
    CU_ASSERT_STRING_EQUAL(k->keys[0].key, "protein_profile_weight");
    double param[4] = {BETA, 0, 0.5, 0};
    pg_penalty_args a = {.geom = {NB, T, 1, L, 1, 1}, .weight = 1,
                         .param = param};
    pg_penalty *p = NULL;
    CU_ASSERT_EQUAL(k->create(&a, &p), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "training split"));
    CU_ASSERT_PTR_NULL(p);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_protein_profile");
    PG_TEST(s, test_profile_build);
    PG_TEST(s, test_penalty_gradient);
    PG_TEST(s, test_score_hinge);
    PG_TEST(s, test_end_term);
    PG_TEST(s, test_registry_needs_data);
}
