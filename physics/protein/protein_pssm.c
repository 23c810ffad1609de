/* The training split's per-family profiles: star alignment on the medoid,
 * position-based weights, pseudocounts (protein_pssm.h). */
#include "physics/protein/protein_pssm.h"

#include <math.h>
#include <parasail.h>
#include <stdlib.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"
#include "physics/protein/protein_identity.h"
#include "physics/protein/protein_onehot.h"

enum { K = PG_PROTEIN_K, T = PG_PROTEIN_TOKENS, GAP = 255 };

void pg_protein_pssm_destroy(pg_protein_pssm **p)
{
    if (!p || !*p) return;
    free((*p)->columns);
    free((*p)->centre);
    free((*p)->n_eff);
    free((*p)->logq);
    free(*p);
    *p = NULL;
}

/* Members of family f: their indices into idx, the count returned. */
static int members(const pg_protein_seqs *s, int f, int *idx)
{
    int n = 0;
    for (int i = 0; i < s->n; i++)
        if (s->family[i] == f) idx[n++] = i;
    return n;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The lengths [*lo, *hi] between the family's quartiles (the n members'
 * lengths sorted, entries n/4 and 3n/4). */
static pg_status quartile_lengths(const pg_protein_seqs *s, const int *idx,
                                  int n, int *lo, int *hi)
{
    int *len = malloc((size_t)n * sizeof *len);
    if (!len) return PG_FAIL(PG_ERR_NOMEM, "protein profile lengths");
    for (int m = 0; m < n; m++) len[m] = s->length[idx[m]];
    qsort(len, (size_t)n, sizeof *len, cmp_int);
    *lo = len[n / 4];
    *hi = len[3 * n / 4 < n ? 3 * n / 4 : n - 1];
    free(len);
    return PG_OK;
}

/* Among the members of typical length (between the quartiles), the one
 * with the largest mean identity to an evenly spaced sample of all
 * members (itself left out): the family's medoid by identity. The length
 * bound matters because the centre's columns are what the profile covers:
 * fn3's unbounded medoid had 75 residues where the training domains have
 * 86 at the median (and the Pfam profile 86 match states), so every
 * profile draw lacked a stretch of the domain. */
static pg_status pick_centre(pg_protein_identity *w, const pg_protein_seqs *s,
                             const int *idx, int n, int *centre)
{
    int step = n > PG_PROTEIN_PSSM_CENTRE_SAMPLE
                   ? n / PG_PROTEIN_PSSM_CENTRE_SAMPLE : 1;
    int lo = 0, hi = 0;
    PG_CHECK(quartile_lengths(s, idx, n, &lo, &hi));
    double best = -1;
    *centre = idx[0];
    for (int a = 0; a < n; a++) {
        if (s->length[idx[a]] < lo || s->length[idx[a]] > hi) continue;
        double sum = 0;
        int cnt = 0;
        for (int b = 0; b < n; b += step) {
            if (b == a) continue;
            pg_protein_alignment al;
            PG_CHECK(pg_protein_identity_align(
                w, pg_protein_seqs_at(s, idx[a]), s->length[idx[a]],
                pg_protein_seqs_at(s, idx[b]), s->length[idx[b]], &al));
            sum += al.identity;
            cnt++;
        }
        double mean = cnt ? sum / cnt : 0;
        if (mean > best) {
            best = mean;
            *centre = idx[a];
        }
    }
    return PG_OK;
}

static void letters(const uint8_t *r, int n, char *out)
{
    for (int i = 0; i < n; i++) out[i] = PG_PROTEIN_ALPHABET[r[i]];
    out[n] = '\0';
}

/* Member m aligned onto the centre's m_c positions: row[k] = the member's
 * residue at centre position k, or GAP. Semi-global, so overhangs of
 * either sequence cost nothing. */
static pg_status align_row(const parasail_matrix_t *mat, const char *centre,
                           int mc, const char *member, int mm, uint8_t *row)
{
    parasail_result_t *r = parasail_sg_trace_striped_16(
        centre, mc, member, mm, PG_PROTEIN_IDENTITY_GAP_OPEN,
        PG_PROTEIN_IDENTITY_GAP_EXTEND, mat);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "parasail alignment");
    parasail_traceback_t *tb = parasail_result_get_traceback(
        r, centre, mc, member, mm, mat, '|', ':', '.');
    parasail_result_free(r);
    if (!tb) return PG_FAIL(PG_ERR_NOMEM, "parasail traceback");
    memset(row, GAP, (size_t)mc);
    int k = 0;
    for (const char *q = tb->query, *m = tb->ref; *q && *m; q++, m++) {
        if (*q == '-') continue;     /* inserted in the member: dropped */
        int idx;
        if (*m != '-' && k < mc &&
            pg_protein_char_classify(*m, &idx) == PG_PROTEIN_CHAR_RESIDUE)
            row[k] = (uint8_t)idx;
        k++;
    }
    parasail_traceback_free(tb);
    return PG_OK;
}

/* Henikoff position-based weights of the n rows (n x mc), normalised to
 * sum 1; a row without residues gets 0. */
static void henikoff(const uint8_t *rows, int n, int mc, double *w)
{
    int count[K];
    memset(w, 0, (size_t)n * sizeof *w);
    for (int k = 0; k < mc; k++) {
        memset(count, 0, sizeof count);
        int types = 0;
        for (int s = 0; s < n; s++) {
            uint8_t a = rows[(size_t)s * mc + k];
            if (a != GAP && count[a]++ == 0) types++;
        }
        for (int s = 0; s < n; s++) {
            uint8_t a = rows[(size_t)s * mc + k];
            if (a != GAP) w[s] += 1.0 / (types * count[a]);
        }
    }
    double sum = 0;
    for (int s = 0; s < n; s++) sum += w[s];
    for (int s = 0; s < n && sum > 0; s++) w[s] /= sum;
}

/* The stopping hazard of family f's training lengths at each of G's
 * positions: h[i] = P(len = i) / P(len >= i), a sequence being read up
 * to its first end token, so position i holds the end token of a
 * sequence of i residues. P is the length histogram of the n members
 * smoothed by a Gaussian kernel of PG_PROTEIN_PSSM_LENGTH_SIGMA residues
 * (over lengths 1..length), so that a length between two training ones
 * is not forbidden; h is kept in [FLOOR, 1 - FLOOR]. Drawing the end
 * token independently with probability h[i] at each position then gives
 * a first end token at i with probability h[i] prod_{j<i} (1 - h[j]) =
 * P(len = i): the family's length distribution. */
static void end_hazard(const pg_protein_seqs *s, const int *idx, int n,
                       int length, double *pk, double *h)
{
    const double sg = PG_PROTEIN_PSSM_LENGTH_SIGMA;
    double total = 0;
    for (int k = 0; k <= length; k++) {
        double v = 0;
        for (int m = 0; k > 0 && m < n; m++) {
            double d = (k - s->length[idx[m]]) / sg;
            if (fabs(d) < 8) v += exp(-0.5 * d * d);
        }
        pk[k] = v;
        total += v;
    }
    double tail = 1;   /* P(len >= k), from k = 0 up */
    for (int k = 0; k < length; k++) {
        double p = pk[k] / total;
        double hk = tail > 1e-300 ? p / tail : 1;
        if (hk < PG_PROTEIN_PSSM_FLOOR) hk = PG_PROTEIN_PSSM_FLOOR;
        if (hk > 1 - PG_PROTEIN_PSSM_FLOOR) hk = 1 - PG_PROTEIN_PSSM_FLOOR;
        h[k] = hk;
        tail -= p;
    }
}

/* Family f's (21, L) log-probabilities from its aligned rows and the
 * stopping hazard h: position k < mc is column k's residues times
 * 1 - h[k]; past the centre (k >= mc, sequences longer than it) the
 * residues follow the mean of the mc columns (the family's composition
 * under the profile), also times 1 - h[k]; the end token gets h[k]. */
static void fill_columns(const uint8_t *rows, const double *w, int n, int mc,
                         int length, double beta, const double *h,
                         float *logq)
{
    const double *b = pg_protein_background;
    double mean[K] = {0};
    for (int k = 0; k < length; k++) {
        double q[T];
        if (k < mc) {
            double f[K] = {0}, sw = 0, sw2 = 0;
            for (int s = 0; s < n; s++) {
                uint8_t a = rows[(size_t)s * mc + k];
                if (a == GAP) continue;
                f[a] += w[s];
                sw += w[s];
                sw2 += w[s] * w[s];
            }
            double neff = sw2 > 0 ? sw * sw / sw2 : 0;
            for (int a = 0; a < K; a++) {
                double fa = sw > 0 ? f[a] / sw : 0;
                q[a] = (neff * fa + beta * b[a]) / (neff + beta);
                mean[a] += q[a] / mc;
            }
        } else {
            for (int a = 0; a < K; a++) q[a] = mean[a];
        }
        for (int a = 0; a < K; a++) q[a] *= 1 - h[k];
        q[PG_PROTEIN_END] = h[k];
        for (int t = 0; t < T; t++)
            logq[(size_t)t * length + k] = (float)log(q[t]);
    }
}

/* Scratch of one family's build. */
typedef struct work {
    pg_protein_identity *ident;
    const parasail_matrix_t *mat;
    int *idx;
    uint8_t *rows;
    double *w, *pk, *h;
    char *ca, *cb;
} work;

static pg_status build_family(work *k, const pg_protein_seqs *s, int f,
                              double beta, pg_protein_pssm *p)
{
    int n = members(s, f, k->idx);
    if (n < 1)
        return PG_FAIL(PG_ERR_ARG, "protein profile: family %s has no "
                       "training sequence", s->families[f]);
    int c;
    PG_CHECK(pick_centre(k->ident, s, k->idx, n, &c));
    int mc = s->length[c];
    letters(pg_protein_seqs_at(s, c), mc, k->ca);
    for (int m = 0; m < n; m++) {
        int i = k->idx[m];
        letters(pg_protein_seqs_at(s, i), s->length[i], k->cb);
        PG_CHECK(align_row(k->mat, k->ca, mc, k->cb, s->length[i],
                           k->rows + (size_t)m * mc));
    }
    henikoff(k->rows, n, mc, k->w);
    double sw2 = 0;
    for (int m = 0; m < n; m++) sw2 += k->w[m] * k->w[m];
    p->columns[f] = mc;
    p->centre[f] = c;
    p->n_eff[f] = sw2 > 0 ? 1 / sw2 : 0;
    end_hazard(s, k->idx, n, p->length, k->pk, k->h);
    fill_columns(k->rows, k->w, n, mc, p->length, beta, k->h,
                 p->logq + (size_t)f * T * (size_t)p->length);
    return PG_OK;
}

pg_status pg_protein_pssm_build(const pg_protein_seqs *train, int length,
                                double beta, pg_protein_pssm **out)
{
    *out = NULL;
    if (!train || train->n < 1 || train->n_families < 1)
        return PG_FAIL(PG_ERR_ARG, "protein profile: no training sequences");
    if (train->max_length > length)
        return PG_FAIL(PG_ERR_ARG, "protein profile: the longest training "
                       "sequence (%d residues) exceeds the length %d",
                       train->max_length, length);
    if (!(beta > 0))
        return PG_FAIL(PG_ERR_ARG, "protein profile: pseudocount weight "
                       "%g must be > 0", beta);
    pg_protein_pssm *p = calloc(1, sizeof *p);
    work k = {0};
    pg_status st = PG_OK;
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "protein profile");
    int nf = train->n_families, ml = train->max_length;
    p->families = nf;
    p->length = length;
    p->columns = calloc((size_t)nf, sizeof *p->columns);
    p->centre = calloc((size_t)nf, sizeof *p->centre);
    p->n_eff = calloc((size_t)nf, sizeof *p->n_eff);
    p->logq = malloc((size_t)nf * T * (size_t)length * sizeof *p->logq);
    k.idx = malloc((size_t)train->n * sizeof *k.idx);
    k.rows = malloc((size_t)train->n * (size_t)ml);
    k.w = malloc((size_t)train->n * sizeof *k.w);
    k.pk = malloc(((size_t)length + 1) * sizeof *k.pk);
    k.h = malloc((size_t)length * sizeof *k.h);
    k.ca = malloc((size_t)ml + 1);
    k.cb = malloc((size_t)ml + 1);
    k.mat = parasail_matrix_lookup("blosum62");
    if (!p->columns || !p->centre || !p->n_eff || !p->logq || !k.idx ||
        !k.rows || !k.w || !k.pk || !k.h || !k.ca || !k.cb) {
        st = PG_FAIL(PG_ERR_NOMEM, "protein profile");
        goto done;
    }
    if (!k.mat) {
        st = PG_FAIL(PG_ERR_STATE, "parasail has no BLOSUM62 matrix");
        goto done;
    }
    PG_CHECK_GOTO(st, pg_protein_identity_create(&k.ident), done);
    for (int f = 0; f < nf; f++)
        PG_CHECK_GOTO(st, build_family(&k, train, f, beta, p), done);
done:
    pg_protein_identity_destroy(&k.ident);
    free(k.idx);
    free(k.rows);
    free(k.w);
    free(k.pk);
    free(k.h);
    free(k.ca);
    free(k.cb);
    if (st != PG_OK) {
        pg_protein_pssm_destroy(&p);
        return st;
    }
    *out = p;
    return PG_OK;
}

pg_status pg_protein_pssm_centre(const pg_protein_seqs *train, int f,
                                 int *centre)
{
    int *idx = malloc((size_t)(train->n > 0 ? train->n : 1) * sizeof *idx);
    if (!idx) return PG_FAIL(PG_ERR_NOMEM, "protein profile centre");
    int n = members(train, f, idx);
    pg_protein_identity *w = NULL;
    pg_status st = PG_OK;
    if (n < 1)
        st = PG_FAIL(PG_ERR_ARG, "protein profile: family %d has no "
                     "sequence", f);
    if (st == PG_OK) st = pg_protein_identity_create(&w);
    if (st == PG_OK) st = pick_centre(w, train, idx, n, centre);
    pg_protein_identity_destroy(&w);
    free(idx);
    return st;
}

pg_status pg_protein_pssm_star_counts(const pg_protein_seqs *set, int f,
                                      const uint8_t *centre, int mc,
                                      double *counts)
{
    const parasail_matrix_t *mat = parasail_matrix_lookup("blosum62");
    if (!mat) return PG_FAIL(PG_ERR_STATE, "parasail has no BLOSUM62 matrix");
    int ml = set->max_length > mc ? set->max_length : mc;
    char *ca = malloc((size_t)ml + 1), *cb = malloc((size_t)ml + 1);
    uint8_t *row = malloc((size_t)mc);
    pg_status st = PG_OK;
    if (!ca || !cb || !row) {
        st = PG_FAIL(PG_ERR_NOMEM, "star alignment counts");
        goto done;
    }
    letters(centre, mc, ca);
    for (int i = 0; i < set->n; i++) {
        if (f >= 0 && set->family[i] != f) continue;
        letters(pg_protein_seqs_at(set, i), set->length[i], cb);
        PG_CHECK_GOTO(st, align_row(mat, ca, mc, cb, set->length[i], row),
                      done);
        for (int k = 0; k < mc; k++)
            if (row[k] != GAP) counts[(size_t)k * K + row[k]] += 1;
    }
done:
    free(ca);
    free(cb);
    free(row);
    return st;
}

int pg_protein_pssm_sample(const pg_protein_pssm *p, int f, pg_rng *r,
                           uint8_t *res)
{
    const float *lq = pg_protein_pssm_family(p, f);
    int L = p->length;
    for (int i = 0; i < L; i++) {
        double u = pg_rng_uniform(r), acc = 0;
        int t = T - 1;
        for (int c = 0; c < T; c++) {
            acc += exp(lq[(size_t)c * L + i]);
            if (u < acc) {
                t = c;
                break;
            }
        }
        if (t == PG_PROTEIN_END) return i;
        res[i] = (uint8_t)t;
    }
    return L;
}
