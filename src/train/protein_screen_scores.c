/* protein_screen/1 files: the shards of a screen's costly scores
 * (protein_screen_scores.h). */
#include "train/protein_screen_scores.h"

#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "io/schema.h"

enum { COLS = 4 };   /* bits, P, max identity, nearest (screen's v) */

static const char *const NAMES[COLS] = {"/hmm_bits", "/hmm_p",
                                        "/max_identity", "/nearest"};

pg_status pg_protein_screen_scores_write(const char *path,
                                         const pg_protein_screen_key *k,
                                         int first, int count,
                                         const int32_t *length,
                                         const double *v)
{
    if (count < 1)
        return PG_FAIL(PG_ERR_ARG, "%s: a shard without sequences (%d "
                       "unique ones): use fewer shards", path, k->unique);
    size_t m = (size_t)count, dims[1] = {m};
    int32_t *idx = malloc(m * sizeof *idx), *len = malloc(m * sizeof *len),
            *near = malloc(m * sizeof *near);
    double *col = malloc(m * sizeof *col);
    pg_h5_file *w = NULL;
    pg_status st = idx && len && near && col
                       ? PG_OK
                       : PG_FAIL(PG_ERR_NOMEM, "%d scores", count);
    for (size_t j = 0; st == PG_OK && j < m; j++) {
        size_t i = (size_t)first + j, n = (size_t)k->unique;
        idx[j] = (int32_t)i;
        len[j] = length[i];
        near[j] = (int32_t)v[3 * n + i];
    }
    if (st == PG_OK)
        st = pg_h5_writer_open(path, PG_PROTEIN_SCREEN_SCHEMA,
                               "physgan screen proteins --shard", &w);
    if (st == PG_OK)
        st = pg_h5_dataset_write(w, "/index", PG_H5_I32, 1, dims, idx, NULL,
                                 0);
    if (st == PG_OK)
        st = pg_h5_dataset_write(w, "/length", PG_H5_I32, 1, dims, len, NULL,
                                 0);
    for (int c = 0; c < 3 && st == PG_OK; c++) {
        memcpy(col, v + (size_t)c * (size_t)k->unique + (size_t)first,
               m * sizeof *col);
        st = pg_h5_dataset_write(w, NAMES[c], PG_H5_F64, 1, dims, col,
                                 c == 0 ? "bit" : NULL, 0);
    }
    if (st == PG_OK)
        st = pg_h5_dataset_write(w, NAMES[3], PG_H5_I32, 1, dims, near, NULL,
                                 0);
    if (st == PG_OK)
        st = pg_h5_attr_write_string(w, "/", "family", k->family);
    const char *ia[] = {"seed", "n", "unique", "from_profile", "hmm"};
    int64_t iv[] = {(int64_t)k->seed, k->n, k->unique, k->from_profile,
                    k->hmm};
    for (int a = 0; a < 5 && st == PG_OK; a++)
        st = pg_h5_attr_write_int(w, "/", ia[a], iv[a]);
    if (st == PG_OK) st = pg_h5_writer_commit(&w);
    else pg_h5_writer_abort(&w);
    free(idx);
    free(len);
    free(near);
    free(col);
    return st;
}

/* The file's root attributes against the reading run's. */
static pg_status check_key(pg_h5_file *f, const char *path,
                           const pg_protein_screen_key *k)
{
    char *fam = NULL;
    PG_CHECK(pg_h5_attr_read_string(f, "/", "family", &fam));
    int same = !strcmp(fam, k->family);
    free(fam);
    if (!same)
        return PG_FAIL(PG_ERR_ARG, "%s: scores of another family than "
                       "--family %s", path, k->family);
    const char *ia[] = {"seed", "n", "unique", "from_profile", "hmm"};
    const char *what[] = {"--seed", "--n", "unique sequences",
                          "--from-profile (1) or not (0)",
                          "--hmm given (1) or not (0)"};
    int64_t want[] = {(int64_t)k->seed, k->n, k->unique, k->from_profile,
                      k->hmm};
    for (int a = 0; a < 5; a++) {
        int64_t got;
        PG_CHECK(pg_h5_attr_read_int(f, "/", ia[a], &got));
        if (got != want[a])
            return PG_FAIL(PG_ERR_ARG, "%s: attribute %s is %lld, this run's "
                           "%s is %lld: the shards were screened with other "
                           "options", path, ia[a], (long long)got, what[a],
                           (long long)want[a]);
    }
    return PG_OK;
}

/* Rows must be the run's unique sequences 0..n-1 in order, each of its
 * length: the merge of every shard, in shard order. */
static pg_status check_rows(const char *path, const int32_t *idx,
                            const int32_t *len, const int32_t *length,
                            int n)
{
    for (int i = 0; i < n; i++) {
        if (idx[i] != i)
            return PG_FAIL(PG_ERR_ARG, "%s: row %d holds sequence %d, not "
                           "%d: merge every shard, in shard order", path, i,
                           (int)idx[i], i);
        if (len[i] != length[i])
            return PG_FAIL(PG_ERR_ARG, "%s: sequence %d has length %d, this "
                           "run generated %d: another checkpoint?", path, i,
                           (int)len[i], (int)length[i]);
    }
    return PG_OK;
}

pg_status pg_protein_screen_scores_read(const char *path,
                                        const pg_protein_screen_key *k,
                                        const int32_t *length, double *v)
{
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open_valid(path, PG_PROTEIN_SCREEN_SCHEMA, &f));
    size_t n = (size_t)k->unique;
    pg_h5_dataset_info info;
    int32_t *idx = malloc((n + 1) * sizeof *idx),
            *len = malloc((n + 1) * sizeof *len);
    pg_status st = idx && len ? PG_OK
                              : PG_FAIL(PG_ERR_NOMEM, "%d scores", k->unique);
    if (st == PG_OK) st = check_key(f, path, k);
    if (st == PG_OK) st = pg_h5_dataset_info_get(f, "/index", &info);
    if (st == PG_OK && info.dims[0] != n)
        st = PG_FAIL(PG_ERR_ARG, "%s: %zu scored sequences, this run has %d "
                     "unique ones: merge every shard", path, info.dims[0],
                     k->unique);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/index", PG_H5_I32, idx, n);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/length", PG_H5_I32, len, n);
    if (st == PG_OK) st = check_rows(path, idx, len, length, k->unique);
    for (int c = 0; c < 3 && st == PG_OK; c++)
        st = pg_h5_dataset_read(f, NAMES[c], PG_H5_F64, v + (size_t)c * n, n);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, NAMES[3], PG_H5_I32, idx, n);
    for (size_t i = 0; st == PG_OK && i < n; i++) v[3 * n + i] = idx[i];
    pg_h5_file_close(&f);
    free(idx);
    free(len);
    return st;
}
