#include "physics/protein/protein_hmm.h"

#include <stdlib.h>

pg_status pg_protein_hmm_create(int M, pg_protein_hmm **out)
{
    *out = NULL;
    if (M < 1 || M > 100000)
        return PG_FAIL(PG_ERR_ARG, "profile of %d nodes (1..100000)", M);
    pg_protein_hmm *h = calloc(1, sizeof *h);
    if (!h) return PG_FAIL(PG_ERR_NOMEM, "profile HMM");
    size_t nodes = (size_t)M + 1;
    h->M = M;
    h->mat = calloc(nodes * PG_PROTEIN_K, sizeof *h->mat);
    h->ins = calloc(nodes * PG_PROTEIN_K, sizeof *h->ins);
    h->t = calloc(nodes * PG_HMM_NTRANS, sizeof *h->t);
    if (!h->mat || !h->ins || !h->t) {
        pg_protein_hmm_destroy(&h);
        return PG_FAIL(PG_ERR_NOMEM, "profile HMM of %d nodes", M);
    }
    *out = h;
    return PG_OK;
}

void pg_protein_hmm_destroy(pg_protein_hmm **h)
{
    if (!h || !*h) return;
    free((*h)->name);
    free((*h)->acc);
    free((*h)->desc);
    free((*h)->mat);
    free((*h)->ins);
    free((*h)->t);
    free(*h);
    *h = NULL;
}
