/* Pairwise identity (physics/protein/protein_identity.h) on alignments
 * that can be checked by hand with BLOSUM62's diagonal
 *   A4 C9 D6 E5 F6 G6 H8 I4 K5 L4 M5 N6 P7 Q5 R5 S4 T5 V4 W11 Y7
 * (K/R scores 2, W/A -3) and the gap cost 11 + (k - 1) for k residues. */
#include <stdlib.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"
#include "physics/protein/protein_identity.h"
#include "physics/protein/protein_seqs.h"
#include "runner.h"

/* Residue indices of a string of standard letters. */
static int to_res(const char *s, uint8_t *out)
{
    int n = (int)strlen(s);
    for (int i = 0; i < n; i++)
        out[i] = (uint8_t)(strchr(PG_PROTEIN_ALPHABET, s[i]) -
                           PG_PROTEIN_ALPHABET);
    return n;
}

static pg_protein_alignment align(pg_protein_identity *w, const char *a,
                                  const char *b)
{
    uint8_t ra[64], rb[64];
    int la = to_res(a, ra), lb = to_res(b, rb);
    pg_protein_alignment r;
    PG_ASSERT_OK(pg_protein_identity_align(w, ra, la, rb, lb, &r));
    return r;
}

#define ALL20 "ACDEFGHIKLMNPQRSTVWY"

static void test_hand_alignments(void)
{
    pg_protein_identity *w = NULL;
    PG_ASSERT_OK(pg_protein_identity_create(&w));

    /* Itself: the diagonal sums to 116, 20 identities. */
    pg_protein_alignment r = align(w, ALL20, ALL20);
    CU_ASSERT_EQUAL(r.score, 116);
    CU_ASSERT_EQUAL(r.matches, 20);
    CU_ASSERT_EQUAL(r.length, 20);
    CU_ASSERT_DOUBLE_EQUAL(r.identity, 1.0, 1e-12);

    /* K -> R and PQ deleted: ACDEFGHI K LMN PQ RSTVWY against
     *                        ACDEFGHI R LMN -- RSTVWY
     * 65 (prefix, K/R = 2) - 12 (gap of 2) + 36 (RSTVWY) = 89, 17
     * identities over 20 columns, shorter sequence 18 residues. */
    r = align(w, ALL20, "ACDEFGHIRLMNRSTVWY");
    CU_ASSERT_EQUAL(r.score, 89);
    CU_ASSERT_EQUAL(r.matches, 17);
    CU_ASSERT_EQUAL(r.length, 20);
    CU_ASSERT_DOUBLE_EQUAL(r.identity, 17.0 / 18.0, 1e-12);
    /* Symmetric. */
    pg_protein_alignment s = align(w, "ACDEFGHIRLMNRSTVWY", ALL20);
    CU_ASSERT_EQUAL(s.score, 89);
    CU_ASSERT_EQUAL(s.matches, 17);
    CU_ASSERT_DOUBLE_EQUAL(s.identity, r.identity, 1e-12);

    /* A 2-residue perfect local match (WY, 18) inside otherwise unrelated
     * sequences: identity counts it over the shorter length, 2/10, not
     * 2/2 of the alignment. */
    r = align(w, "AAAAAAAAWY", "GGGGGGGGGGWYGG");
    CU_ASSERT_EQUAL(r.score, 18);
    CU_ASSERT_EQUAL(r.matches, 2);
    CU_ASSERT_DOUBLE_EQUAL(r.identity, 0.2, 1e-12);

    /* Nothing scores above zero (W/A = -3): an empty local alignment. */
    r = align(w, "WWWW", "AAAAAA");
    CU_ASSERT_EQUAL(r.score, 0);
    CU_ASSERT_EQUAL(r.matches, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.identity, 0.0, 1e-12);
    pg_protein_identity_destroy(&w);
    CU_ASSERT_PTR_NULL(w);
}

static void test_set_max_and_mean(void)
{
    pg_protein_identity *w = NULL;
    pg_protein_seqs *s = NULL;
    PG_ASSERT_OK(pg_protein_identity_create(&w));
    PG_ASSERT_OK(pg_protein_seqs_create(&s));
    int fa, fb;
    PG_ASSERT_OK(pg_protein_seqs_family(s, "a", &fa));
    PG_ASSERT_OK(pg_protein_seqs_family(s, "b", &fb));
    const char *seq[3] = {"ACDEFGHIRLMNRSTVWY", "WWWW", ALL20};
    int fam[3] = {fa, fa, fb};
    for (int i = 0; i < 3; i++) {
        uint8_t r[64];
        int n = to_res(seq[i], r);
        PG_ASSERT_OK(pg_protein_seqs_add(s, seq[i], r, n, fam[i]));
    }
    uint8_t q[64];
    int lq = to_res(ALL20, q);
    double best;
    int at;
    /* Every sequence: ALL20 itself (index 2). */
    PG_ASSERT_OK(pg_protein_identity_max(w, q, lq, s, -1, &best, &at));
    CU_ASSERT_EQUAL(at, 2);
    CU_ASSERT_DOUBLE_EQUAL(best, 1.0, 1e-12);
    /* Family a only: the 17/18 one (WWWW shares W: 1/4). */
    PG_ASSERT_OK(pg_protein_identity_max(w, q, lq, s, fa, &best, &at));
    CU_ASSERT_EQUAL(at, 0);
    CU_ASSERT_DOUBLE_EQUAL(best, 17.0 / 18.0, 1e-12);

    /* Mean over the three pairs: 17/18, 1/4 (one W), 1/4. */
    double mean;
    PG_ASSERT_OK(pg_protein_identity_mean_pairwise(w, s, -1, &mean));
    CU_ASSERT_DOUBLE_EQUAL(mean, (17.0 / 18.0 + 0.25 + 0.25) / 3, 1e-12);
    /* Family b has one sequence: no pair. */
    CU_ASSERT_EQUAL(pg_protein_identity_mean_pairwise(w, s, fb, &mean),
                    PG_ERR_ARG);
    pg_error_clear();

    /* The padding index is not a residue. */
    uint8_t bad[3] = {0, PG_PROTEIN_PAD, 1};
    pg_protein_alignment r;
    CU_ASSERT_EQUAL(pg_protein_identity_align(w, bad, 3, q, lq, &r),
                    PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "position 1"));
    pg_error_clear();
    pg_protein_seqs_destroy(&s);
    pg_protein_identity_destroy(&w);
}

/* parasail keeps a pointer to the query's letters for its statistics: a
 * fresh workspace given a short query and a much longer reference must
 * not move those letters while the profile lives (it did: the first
 * query's identity was counted on freed memory, and `screen proteins`
 * gave another max identity on 2 ranks; ASan reports the old code). The
 * short query against a long reference that contains it verbatim has
 * identity 1, on a fresh workspace as on a used one. */
static void test_fresh_workspace_long_reference(void)
{
    enum { LONG = 5000 };
    pg_protein_seqs *ref = NULL;
    PG_ASSERT_OK(pg_protein_seqs_create(&ref));
    uint8_t q[20], *big = malloc(LONG);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    int lq = to_res("WWCHWMYW", q);
    for (int i = 0; i < LONG; i++) big[i] = (uint8_t)(i % 4); /* ACDE.. */
    memcpy(big + LONG / 2, q, (size_t)lq);
    int f;
    PG_ASSERT_OK(pg_protein_seqs_family(ref, "f", &f));
    PG_ASSERT_OK(pg_protein_seqs_add(ref, "long", big, LONG, f));
    for (int round = 0; round < 2; round++) {
        pg_protein_identity *w = NULL;
        PG_ASSERT_OK(pg_protein_identity_create(&w));
        double best = 0;
        int at = -1;
        for (int k = 0; k <= round; k++)
            PG_ASSERT_OK(pg_protein_identity_max(w, q, lq, ref, f, &best, &at));
        CU_ASSERT_EQUAL(at, 0);
        CU_ASSERT_DOUBLE_EQUAL(best, 1.0, 1e-12);
        pg_protein_identity_destroy(&w);
    }
    free(big);
    pg_protein_seqs_destroy(&ref);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("protein_identity");
    PG_TEST(s, test_hand_alignments);
    PG_TEST(s, test_set_max_and_mean);
    PG_TEST(s, test_fresh_workspace_long_reference);
}
