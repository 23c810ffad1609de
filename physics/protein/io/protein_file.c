#include "physics/protein/io/protein_file.h"

#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "physics/protein/protein_alphabet.h"
#include "io/schema.h"

/* Short rows of small integers compress well; level 4 as images/1. */
enum { PROTEIN_GZIP = 4 };

static size_t id_width(const pg_protein_seqs *s)
{
    size_t w = 1;
    for (int i = 0; i < s->n; i++) {
        size_t n = strlen(s->ids[i]) + 1;
        if (n > w) w = n;
    }
    return w;
}

static char *join_families(const pg_protein_seqs *s)
{
    size_t len = 1;
    for (int f = 0; f < s->n_families; f++) len += strlen(s->families[f]) + 1;
    char *j = calloc(len, 1);
    if (!j) return NULL;
    for (int f = 0; f < s->n_families; f++) {
        if (f) strcat(j, "\n");
        strcat(j, s->families[f]);
    }
    return j;
}

static pg_status write_data(pg_h5_file *f, const pg_protein_seqs *s)
{
    size_t n = (size_t)s->n, L = (size_t)s->max_length, w = id_width(s);
    uint8_t *seq = malloc(n * L), *ids = calloc(n * w, 1);
    char *fam = join_families(s);
    pg_status st = PG_OK;
    if (!seq || !ids || !fam) {
        st = PG_FAIL(PG_ERR_NOMEM, "%zu sequences of up to %zu", n, L);
        goto out;
    }
    memset(seq, PG_PROTEIN_PAD, n * L);
    for (size_t i = 0; i < n; i++) {
        memcpy(seq + i * L, pg_protein_seqs_at(s, (int)i),
               (size_t)s->length[i]);
        memcpy(ids + i * w, s->ids[i], strlen(s->ids[i]));
    }
    size_t d2[2] = {n, L}, dw[2] = {n, w};
    PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/seq", PG_H5_U8, 2, d2, seq,
                                          "1", PROTEIN_GZIP), out);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/length", PG_H5_I32, 1, &n,
                                          s->length, "1", PROTEIN_GZIP), out);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/family", PG_H5_I32, 1, &n,
                                          s->family, "1", PROTEIN_GZIP), out);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/ids", PG_H5_U8, 2, dw, ids,
                                          "1", PROTEIN_GZIP), out);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(f, "/", "alphabet",
                                              PG_PROTEIN_ALPHABET), out);
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(f, "/", "pad_index",
                                           PG_PROTEIN_PAD), out);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(f, "/", "families", fam), out);
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(f, "/", "classes",
                                           s->n_families), out);
out:
    free(seq);
    free(ids);
    free(fam);
    return st;
}

pg_status pg_protein_file_write(const char *path, const pg_protein_seqs *s,
                                const char *source)
{
    if (s->n < 1 || s->n_families < 1)
        return PG_FAIL(PG_ERR_ARG, "%s: no sequences to write", path);
    pg_h5_file *f = NULL;
    pg_status st;
    PG_CHECK(pg_h5_writer_open(path, PG_PROTEIN_SCHEMA, source, &f));
    PG_CHECK_GOTO(st, write_data(f, s), fail);
    PG_CHECK(pg_h5_writer_commit(&f));
    return PG_OK;
fail:
    pg_h5_writer_abort(&f);
    return st;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct raw {
    size_t n, L, w;
    uint8_t *seq, *ids;
    int32_t *length, *family;
    char *families, *alphabet;
    int64_t classes;
} raw;

static void raw_free(raw *r)
{
    free(r->seq);
    free(r->ids);
    free(r->length);
    free(r->family);
    free(r->families);
    free(r->alphabet);
}

static pg_status dims2(const char *path, pg_h5_file *f, const char *name,
                       size_t *a, size_t *b)
{
    pg_h5_dataset_info in;
    PG_CHECK(pg_h5_dataset_info_get(f, name, &in));
    if (in.type != PG_H5_U8 || in.rank != 2 || in.dims[0] < 1 ||
        in.dims[1] < 1)
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s is %s of rank %d, expected "
                       "uint8 (N, *) with N >= 1", path, name,
                       pg_h5_type_name(in.type), in.rank);
    *a = in.dims[0];
    *b = in.dims[1];
    return PG_OK;
}

static pg_status read_raw(const char *path, pg_h5_file *f, raw *r)
{
    size_t n2;
    PG_CHECK(dims2(path, f, "/seq", &r->n, &r->L));
    PG_CHECK(dims2(path, f, "/ids", &n2, &r->w));
    if (n2 != r->n || r->n > (size_t)INT32_MAX / 2)
        return PG_FAIL(PG_ERR_FORMAT, "%s: /ids has %zu rows, /seq %zu", path,
                       n2, r->n);
    r->seq = malloc(r->n * r->L);
    r->ids = malloc(r->n * r->w);
    r->length = malloc(r->n * sizeof *r->length);
    r->family = malloc(r->n * sizeof *r->family);
    if (!r->seq || !r->ids || !r->length || !r->family)
        return PG_FAIL(PG_ERR_NOMEM, "%s: %zu sequences", path, r->n);
    PG_CHECK(pg_h5_dataset_read(f, "/seq", PG_H5_U8, r->seq, r->n * r->L));
    PG_CHECK(pg_h5_dataset_read(f, "/ids", PG_H5_U8, r->ids, r->n * r->w));
    PG_CHECK(pg_h5_dataset_read(f, "/length", PG_H5_I32, r->length, r->n));
    PG_CHECK(pg_h5_dataset_read(f, "/family", PG_H5_I32, r->family, r->n));
    PG_CHECK(pg_h5_attr_read_string(f, "/", "alphabet", &r->alphabet));
    PG_CHECK(pg_h5_attr_read_string(f, "/", "families", &r->families));
    PG_CHECK(pg_h5_attr_read_int(f, "/", "classes", &r->classes));
    if (strcmp(r->alphabet, PG_PROTEIN_ALPHABET) != 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s: attribute alphabet is '%s', "
                       "expected '%s'", path, r->alphabet,
                       PG_PROTEIN_ALPHABET);
    return PG_OK;
}

static pg_status add_families(const char *path, raw *r, pg_protein_seqs *s)
{
    char *save, *name = strtok_r(r->families, "\n", &save);
    for (; name; name = strtok_r(NULL, "\n", &save)) {
        int idx;
        PG_CHECK(pg_protein_seqs_family(s, name, &idx));
    }
    if (s->n_families != r->classes)
        return PG_FAIL(PG_ERR_FORMAT, "%s: attribute families names %d "
                       "distinct families, attribute classes says %lld", path,
                       s->n_families, (long long)r->classes);
    return PG_OK;
}

static pg_status add_rows(const char *path, raw *r, pg_protein_seqs *s)
{
    char *id = malloc(r->w + 1);
    if (!id) return PG_FAIL(PG_ERR_NOMEM, "%s: ids", path);
    pg_status st = PG_OK;
    for (size_t i = 0; i < r->n && st == PG_OK; i++) {
        const uint8_t *row = r->seq + i * r->L;
        int32_t len = r->length[i];
        if (len < 1 || (size_t)len > r->L) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: /length[%zu] = %d, outside 1..%zu",
                         path, i, (int)len, r->L);
            break;
        }
        for (size_t j = 0; j < r->L; j++)
            if ((j < (size_t)len && row[j] >= PG_PROTEIN_K) ||
                (j >= (size_t)len && row[j] != PG_PROTEIN_PAD)) {
                st = PG_FAIL(PG_ERR_FORMAT, "%s: /seq[%zu, %zu] = %d: expected "
                             "%s", path, i, j, (int)row[j],
                             j < (size_t)len ? "a residue 0..19"
                                             : "padding 20 after /length");
                break;
            }
        if (st != PG_OK) break;
        if (r->family[i] < 0 || r->family[i] >= s->n_families) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: /family[%zu] = %d, outside "
                         "[0, %d) (attribute classes)", path, i,
                         (int)r->family[i], s->n_families);
            break;
        }
        memcpy(id, r->ids + i * r->w, r->w);
        id[r->w] = '\0';
        st = pg_protein_seqs_add(s, id, row, len, r->family[i]);
    }
    free(id);
    return st;
}

pg_status pg_protein_file_read(const char *path, pg_protein_seqs **out)
{
    *out = NULL;
    pg_h5_file *f = NULL;
    pg_protein_seqs *s = NULL;
    raw r = {0};
    pg_status st;
    PG_CHECK_GOTO(st, pg_h5_file_open_valid(path, PG_PROTEIN_SCHEMA, &f), fail);
    PG_CHECK_GOTO(st, read_raw(path, f, &r), fail);
    PG_CHECK_GOTO(st, pg_protein_seqs_create(&s), fail);
    PG_CHECK_GOTO(st, add_families(path, &r, s), fail);
    PG_CHECK_GOTO(st, add_rows(path, &r, s), fail);
    pg_h5_file_close(&f);
    raw_free(&r);
    *out = s;
    return PG_OK;
fail:
    pg_h5_file_close(&f);
    raw_free(&r);
    pg_protein_seqs_destroy(&s);
    return st;
}
