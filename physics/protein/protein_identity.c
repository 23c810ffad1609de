#include "physics/protein/protein_identity.h"

#include <parasail.h>
#include <stdlib.h>

#include "physics/protein/protein_alphabet.h"

struct pg_protein_identity {
    const parasail_matrix_t *blosum62;
    char *qa, *qb;  /* residue letters of the two sequences, NUL-ended */
    int cap;        /* letters each buffer holds, the NUL excluded */
};

pg_status pg_protein_identity_create(pg_protein_identity **out)
{
    *out = NULL;
    pg_protein_identity *w = calloc(1, sizeof *w);
    if (!w)
        return PG_FAIL(PG_ERR_NOMEM, "protein identity workspace");
    w->blosum62 = parasail_matrix_lookup("blosum62");
    if (!w->blosum62) {
        free(w);
        return PG_FAIL(PG_ERR_STATE,
                              "parasail has no BLOSUM62 matrix (libparasail "
                              "build without its matrices?)");
    }
    *out = w;
    return PG_OK;
}

void pg_protein_identity_destroy(pg_protein_identity **w)
{
    if (!w || !*w)
        return;
    free((*w)->qa);
    free((*w)->qb);
    free(*w);
    *w = NULL;
}

/* Room for n letters in both buffers. */
static pg_status reserve(pg_protein_identity *w, int n)
{
    if (n <= w->cap)
        return PG_OK;
    char *a = realloc(w->qa, (size_t)n + 1);
    if (!a)
        return PG_FAIL(PG_ERR_NOMEM, "protein identity letters");
    w->qa = a;
    char *b = realloc(w->qb, (size_t)n + 1);
    if (!b)
        return PG_FAIL(PG_ERR_NOMEM, "protein identity letters");
    w->qb = b;
    w->cap = n;
    return PG_OK;
}

/* parasail reads letters through the matrix's alphabet. */
static pg_status to_letters(const uint8_t *r, int n, char *out)
{
    for (int i = 0; i < n; i++) {
        if (r[i] >= PG_PROTEIN_K)
            return PG_FAIL(PG_ERR_ARG,
                                  "protein identity: residue index %d at "
                                  "position %d is not one of the 20",
                                  r[i], i);
        out[i] = PG_PROTEIN_ALPHABET[r[i]];
    }
    out[n] = '\0';
    return PG_OK;
}

/* One alignment of the letters already in qa (profile p) with b. */
static pg_status align_profile(const parasail_profile_t *p, int la,
                               const char *b, int lb,
                               pg_protein_alignment *out)
{
    parasail_result_t *r = parasail_sw_stats_striped_profile_sat(
        p, b, lb, PG_PROTEIN_IDENTITY_GAP_OPEN,
        PG_PROTEIN_IDENTITY_GAP_EXTEND);
    if (!r)
        return PG_FAIL(PG_ERR_NOMEM, "parasail alignment");
    out->score = r->score;
    out->matches = parasail_result_get_matches(r);
    out->length = parasail_result_get_length(r);
    out->identity = (double)out->matches / (la < lb ? la : lb);
    parasail_result_free(r);
    return PG_OK;
}

/* The query profile of q, over the letters in qa. parasail keeps a
 * pointer to them for its statistics (matches), so qa must not move while
 * p lives: room for the longest sequence it will meet (other, letters)
 * is made here, before the profile, never after. */
static pg_status make_profile(pg_protein_identity *w, const uint8_t *q,
                              int lq, int other, parasail_profile_t **p)
{
    *p = NULL;
    if (lq < 1)
        return PG_FAIL(PG_ERR_ARG,
                              "protein identity: empty sequence");
    PG_CHECK(reserve(w, lq > other ? lq : other));
    PG_CHECK(to_letters(q, lq, w->qa));
    *p = parasail_profile_create_stats_sat(w->qa, lq, w->blosum62);
    return *p ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "parasail query profile");
}

pg_status pg_protein_identity_align(pg_protein_identity *w, const uint8_t *a,
                                    int la, const uint8_t *b, int lb,
                                    pg_protein_alignment *out)
{
    if (lb < 1)
        return PG_FAIL(PG_ERR_ARG,
                              "protein identity: empty sequence");
    parasail_profile_t *p = NULL;
    pg_status st = PG_OK;
    PG_CHECK(make_profile(w, a, la, lb, &p));
    PG_CHECK_GOTO(st, to_letters(b, lb, w->qb), done);
    st = align_profile(p, la, w->qb, lb, out);
done:
    parasail_profile_free(p);
    return st;
}

pg_status pg_protein_identity_max(pg_protein_identity *w, const uint8_t *q,
                                  int lq, const pg_protein_seqs *ref,
                                  int family, double *best, int *best_index)
{
    *best = 0;
    *best_index = -1;
    parasail_profile_t *p = NULL;
    pg_status st = PG_OK;
    PG_CHECK(make_profile(w, q, lq, ref->max_length, &p));
    for (int i = 0; i < ref->n; i++) {
        if (family >= 0 && ref->family[i] != family)
            continue;
        pg_protein_alignment a = {0};
        PG_CHECK_GOTO(st, to_letters(pg_protein_seqs_at(ref, i),
                                     ref->length[i], w->qb), done);
        PG_CHECK_GOTO(st, align_profile(p, lq, w->qb, ref->length[i], &a),
                      done);
        if (*best_index < 0 || a.identity > *best) {
            *best = a.identity;
            *best_index = i;
        }
    }
done:
    parasail_profile_free(p);
    return st;
}

pg_status pg_protein_identity_nearest(pg_protein_identity *w,
                                      const pg_protein_seqs *q,
                                      const pg_protein_seqs *ref, int family,
                                      double *best, int *index)
{
    for (int i = 0; i < q->n; i++)
        PG_CHECK(pg_protein_identity_max(w, pg_protein_seqs_at(q, i),
                                         q->length[i], ref, family, &best[i],
                                         &index[i]));
    return PG_OK;
}

pg_status pg_protein_identity_mean_pairwise(pg_protein_identity *w,
                                            const pg_protein_seqs *s,
                                            int family, double *mean)
{
    *mean = 0;
    double sum = 0;
    long pairs = 0;
    for (int i = 0; i < s->n; i++) {
        if (family >= 0 && s->family[i] != family)
            continue;
        parasail_profile_t *p = NULL;
        pg_status st = PG_OK;
        PG_CHECK(make_profile(w, pg_protein_seqs_at(s, i), s->length[i],
                              s->max_length, &p));
        for (int j = i + 1; j < s->n; j++) {
            if (family >= 0 && s->family[j] != family)
                continue;
            pg_protein_alignment a = {0};
            PG_CHECK_GOTO(st, to_letters(pg_protein_seqs_at(s, j),
                                         s->length[j], w->qb), next);
            PG_CHECK_GOTO(st, align_profile(p, s->length[i], w->qb,
                                            s->length[j], &a), next);
            sum += a.identity;
            pairs++;
        }
    next:
        parasail_profile_free(p);
        PG_CHECK(st);
    }
    if (pairs == 0)
        return PG_FAIL(PG_ERR_ARG,
                              "protein identity: mean pairwise identity "
                              "needs two sequences of family %d, got fewer",
                              family);
    *mean = sum / (double)pairs;
    return PG_OK;
}
