#include "io/h5_merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5_impl.h"
#include "io/schema.h"

/* Whether a dataset is indexed by sample: its schema shape starts with N,
 * or it lives under the schema's extra prefix (e.g. /props/). */
static int per_sample(const pg_schema *s, const char *name)
{
    if (s->extra_prefix &&
        !strncmp(name, s->extra_prefix, strlen(s->extra_prefix)))
        return 1;
    for (size_t i = 0; i < s->n_datasets; i++)
        if (!strcmp(s->datasets[i].name, name)) {
            const char *sh = s->datasets[i].shape;
            return sh[0] == 'N' && (sh[1] == ',' || sh[1] == '\0');
        }
    return 0;
}

typedef struct attr_copy {
    hid_t dst;
    const char *path;
    pg_status st;
} attr_copy;

/* Copy one root attribute with its stored type (numbers, fixed or
 * variable-length strings), unless the writer already set it. */
static herr_t copy_attr(hid_t loc, const char *name, const H5A_info_t *info,
                        void *data)
{
    (void)info;
    attr_copy *c = data;
    if (!strcmp(name, "physgan_schema") || !strcmp(name, "created_by") ||
        !strcmp(name, "source") || H5Aexists(c->dst, name) > 0)
        return 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1;
    hid_t sp = a >= 0 ? H5Aget_space(a) : -1;
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int vlen = t >= 0 && H5Tis_variable_str(t) > 0;
    size_t elem = vlen ? sizeof(char *) : (t >= 0 ? H5Tget_size(t) : 0);
    void *buf = n > 0 && elem ? calloc((size_t)n, elem) : NULL;
    herr_t rc = buf ? H5Aread(a, t, buf) : -1;
    hid_t b = rc >= 0 ? H5Acreate2(c->dst, name, t, sp, H5P_DEFAULT,
                                   H5P_DEFAULT) : -1;
    rc = b >= 0 ? H5Awrite(b, t, buf) : -1;
    if (vlen && buf) H5Dvlen_reclaim(t, sp, H5P_DEFAULT, buf);
    free(buf);
    if (b >= 0) H5Aclose(b);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    if (rc < 0) {
        char why[256];
        c->st = PG_FAIL(PG_ERR_IO, "%s: cannot copy root attribute %s: %s",
                        c->path, name, pg_h5_reason(why, sizeof why));
        return -1;
    }
    return 0;
}

static pg_status same_names(char **a, size_t na, char **b, size_t nb,
                            const char *first, const char *other)
{
    for (size_t i = 0; i < na || i < nb; i++)
        if (i >= na || i >= nb || strcmp(a[i], b[i]))
            return PG_FAIL(PG_ERR_FORMAT, "%s and %s hold different datasets "
                           "(%s vs %s)", first, other, i < na ? a[i] : "none",
                           i < nb ? b[i] : "none");
    return PG_OK;
}

/* Rows of every input of dataset `name`, concatenated into out. */
static pg_status concat(pg_h5_file *out, pg_h5_file **in, int n,
                        const char *name, size_t *rows_total)
{
    pg_h5_dataset_info first, info;
    PG_CHECK(pg_h5_dataset_info_get(in[0], name, &first));
    if (first.rank < 1)
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s is a scalar, not per sample",
                       pg_h5_file_path(in[0]), name);
    size_t total = 0, row = 1;
    for (int d = 1; d < first.rank; d++) row *= first.dims[d];
    for (int i = 0; i < n; i++) {
        PG_CHECK(pg_h5_dataset_info_get(in[i], name, &info));
        int ok = info.type == first.type && info.rank == first.rank;
        for (int d = 1; ok && d < first.rank; d++)
            ok = info.dims[d] == first.dims[d];
        if (!ok)
            return PG_FAIL(PG_ERR_FORMAT, "%s: %s has another type or sample "
                           "shape than in %s", pg_h5_file_path(in[i]), name,
                           pg_h5_file_path(in[0]));
        total += info.dims[0];
    }
    size_t dims[PG_H5_MAX_RANK];
    memcpy(dims, first.dims, sizeof dims);
    dims[0] = total;
    char *units = NULL;
    if (pg_h5_attr_exists(in[0], name, "units"))
        PG_CHECK(pg_h5_attr_read_string(in[0], name, "units", &units));
    pg_status st = pg_h5_dataset_write(out, name, first.type, first.rank,
                                       dims, NULL, units, 0);
    free(units);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    size_t esize = pg_h5_type_size(first.type), row0 = 0;
    for (int i = 0; i < n && st == PG_OK; i++) {
        PG_CHECK(pg_h5_dataset_info_get(in[i], name, &info));
        size_t len = info.dims[0] * row;
        void *buf = malloc(len ? len * esize : 1);
        if (!buf) return PG_FAIL(PG_ERR_NOMEM, "%s: %zu values", name, len);
        st = pg_h5_dataset_read(in[i], name, first.type, buf, len);
        if (st == PG_OK && info.dims[0])
            st = pg_h5_dataset_write_rows(out, name, first.type, row0,
                                          info.dims[0], buf);
        free(buf);
        row0 += info.dims[0];
    }
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    *rows_total = total;
    return PG_OK;
}

/* A dataset that is not per sample: identical in every input, copied. */
static pg_status copy_shared(pg_h5_file *out, pg_h5_file **in, int n,
                             const char *name)
{
    pg_h5_dataset_info first, info;
    PG_CHECK(pg_h5_dataset_info_get(in[0], name, &first));
    size_t bytes = first.nelem * pg_h5_type_size(first.type);
    char *a = malloc(bytes ? bytes : 1), *b = malloc(bytes ? bytes : 1);
    pg_status st = a && b ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "%s", name);
    if (st == PG_OK)
        st = pg_h5_dataset_read(in[0], name, first.type, a, first.nelem);
    for (int i = 1; i < n && st == PG_OK; i++) {
        st = pg_h5_dataset_info_get(in[i], name, &info);
        if (st == PG_OK && (info.type != first.type ||
                            info.nelem != first.nelem))
            st = PG_FAIL(PG_ERR_FORMAT, "%s: %s differs from %s's (it is "
                         "copied, not concatenated)", pg_h5_file_path(in[i]),
                         name, pg_h5_file_path(in[0]));
        if (st == PG_OK)
            st = pg_h5_dataset_read(in[i], name, first.type, b, first.nelem);
        if (st == PG_OK && memcmp(a, b, bytes))
            st = PG_FAIL(PG_ERR_FORMAT, "%s: %s differs from %s's (it is "
                         "copied, not concatenated)", pg_h5_file_path(in[i]),
                         name, pg_h5_file_path(in[0]));
    }
    char *units = NULL;
    if (st == PG_OK && pg_h5_attr_exists(in[0], name, "units"))
        st = pg_h5_attr_read_string(in[0], name, "units", &units);
    if (st == PG_OK)
        st = pg_h5_dataset_write(out, name, first.type, first.rank,
                                 first.dims, a, units, 0);
    free(units);
    free(a);
    free(b);
    return st == PG_OK ? PG_OK
                       : pg_error_trace(st, __FILE__, __LINE__, __func__);
}

pg_status pg_h5_merge(const char *out, const char *const *inputs, int n,
                      size_t *n_samples)
{
    if (n < 1) return PG_FAIL(PG_ERR_ARG, "merge: no input files");
    pg_h5_file **in = calloc((size_t)n, sizeof *in), *w = NULL;
    char **names = NULL, **other = NULL, *schema_name = NULL;
    size_t n_names = 0, n_other = 0, total = 0;
    pg_status st;
    if (!in) return PG_FAIL(PG_ERR_NOMEM, "merge");
    PG_CHECK_GOTO(st, pg_h5_file_open(inputs[0], NULL, &in[0]), done);
    PG_CHECK_GOTO(st, pg_h5_attr_read_string(in[0], "/", "physgan_schema",
                                             &schema_name), done);
    /* Every input is validated whole before anything is merged. */
    pg_h5_file_close(&in[0]);
    PG_CHECK_GOTO(st, pg_h5_file_open_valid(inputs[0], schema_name, &in[0]),
                  done);
    const pg_schema *schema = pg_schema_find(schema_name);
    if (!schema || !strcmp(schema_name, "checkpoint/1")) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: schema %s has no samples to merge",
                     inputs[0], schema_name);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_h5_dataset_names(in[0], &names, &n_names), done);
    for (int i = 1; i < n; i++) {
        PG_CHECK_GOTO(st, pg_h5_file_open_valid(inputs[i], schema_name,
                                                &in[i]), done);
        PG_CHECK_GOTO(st, pg_h5_dataset_names(in[i], &other, &n_other), done);
        st = same_names(names, n_names, other, n_other, inputs[0], inputs[i]);
        pg_h5_names_free(&other, n_other);
        if (st != PG_OK) goto done;
    }
    char source[1024];
    int len = snprintf(source, sizeof source, "physgan merge of %d files:", n);
    for (int i = 0; i < n && len < (int)sizeof source; i++)
        len += snprintf(source + len, sizeof source - (size_t)len, " %s",
                        inputs[i]);
    PG_CHECK_GOTO(st, pg_h5_writer_open(out, schema_name, source, &w), done);
    for (size_t k = 0; k < n_names; k++) {
        if (per_sample(schema, names[k])) {
            size_t rows = 0;
            PG_CHECK_GOTO(st, concat(w, in, n, names[k], &rows), done);
            total = rows;
        } else {
            PG_CHECK_GOTO(st, copy_shared(w, in, n, names[k]), done);
        }
    }
    attr_copy ac = {.dst = w->id, .path = inputs[0], .st = PG_OK};
    if (H5Aiterate2(in[0]->id, H5_INDEX_NAME, H5_ITER_INC, NULL, copy_attr,
                    &ac) < 0) {
        st = ac.st != PG_OK ? ac.st
                            : PG_FAIL(PG_ERR_IO, "%s: root attributes",
                                      inputs[0]);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_h5_writer_commit(&w), done);
    *n_samples = total;
done:
    pg_h5_writer_abort(&w);
    pg_h5_names_free(&names, n_names);
    for (int i = 0; i < n; i++) pg_h5_file_close(&in[i]);
    free(in);
    free(schema_name);
    return st;
}
