/* Checkpoints: the in-memory object, writing (with the RNG gather) and
 * reading. Checksums and directories are in checkpoint_dir.c. */
#include "io/checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/checkpoint_seal.h"
#include "io/h5.h"

typedef struct ck_array {
    char *name;          /* without the leading '/' */
    const float *data;   /* borrowed (filled) or == owned (read) */
    float *owned;
    size_t n;
} ck_array;

typedef struct ck_int {
    char *name;
    int64_t value;
} ck_int;

struct pg_checkpoint {
    char *config;
    int64_t step, epoch, index;
    ck_array *arr;
    size_t n_arr;
    ck_int *ints;
    size_t n_int;
    uint8_t *rng;
    size_t rng_n;
    int has_rng;
    int ranks;
};

pg_status pg_checkpoint_create(pg_checkpoint **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "checkpoint");
    (*out)->ranks = 1;
    return PG_OK;
}

void pg_checkpoint_destroy(pg_checkpoint **c)
{
    if (!c || !*c) return;
    for (size_t i = 0; i < (*c)->n_arr; i++) {
        free((*c)->arr[i].name);
        free((*c)->arr[i].owned);
    }
    for (size_t i = 0; i < (*c)->n_int; i++) free((*c)->ints[i].name);
    free((*c)->arr);
    free((*c)->ints);
    free((*c)->config);
    free((*c)->rng);
    free(*c);
    *c = NULL;
}

pg_status pg_checkpoint_set_config(pg_checkpoint *c, const char *text)
{
    char *t = strdup(text ? text : "");
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "checkpoint config");
    free(c->config);
    c->config = t;
    return PG_OK;
}

void pg_checkpoint_set_step(pg_checkpoint *c, int64_t step) { c->step = step; }

void pg_checkpoint_set_loader(pg_checkpoint *c, int64_t epoch, int64_t index)
{
    c->epoch = epoch;
    c->index = index;
}

/* Names are relative to the root and must not collide with the fixed
 * datasets. */
static pg_status check_name(const pg_checkpoint *c, const char *name)
{
    static const char *const reserved[] = {"config", "step", "loader/", "rng/"};
    if (!name || !*name || name[0] == '/' || name[strlen(name) - 1] == '/')
        return PG_FAIL(PG_ERR_ARG, "checkpoint: bad array name \"%s\" "
                       "(want e.g. \"G/params\")", name ? name : "(null)");
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (!strncmp(name, reserved[i], strlen(reserved[i])))
            return PG_FAIL(PG_ERR_ARG, "checkpoint: name \"%s\" is reserved",
                           name);
    if (pg_checkpoint_has(c, name))
        return PG_FAIL(PG_ERR_ARG, "checkpoint: \"%s\" added twice", name);
    return PG_OK;
}

static pg_status push_array(pg_checkpoint *c, const char *name,
                            const float *data, float *owned, size_t n)
{
    ck_array *a = realloc(c->arr, (c->n_arr + 1) * sizeof *a);
    if (!a) return PG_FAIL(PG_ERR_NOMEM, "checkpoint array %s", name);
    c->arr = a;
    char *nm = strdup(name);
    if (!nm) return PG_FAIL(PG_ERR_NOMEM, "checkpoint array %s", name);
    c->arr[c->n_arr++] = (ck_array){nm, data, owned, n};
    return PG_OK;
}

pg_status pg_checkpoint_add_floats(pg_checkpoint *c, const char *name,
                                   const float *data, size_t n)
{
    PG_CHECK(check_name(c, name));
    if (!data && n)
        return PG_FAIL(PG_ERR_ARG, "checkpoint array %s: no data", name);
    PG_CHECK(push_array(c, name, data, NULL, n));
    return PG_OK;
}

pg_status pg_checkpoint_add_int(pg_checkpoint *c, const char *name,
                                int64_t value)
{
    PG_CHECK(check_name(c, name));
    ck_int *v = realloc(c->ints, (c->n_int + 1) * sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "checkpoint value %s", name);
    c->ints = v;
    char *nm = strdup(name);
    if (!nm) return PG_FAIL(PG_ERR_NOMEM, "checkpoint value %s", name);
    c->ints[c->n_int++] = (ck_int){nm, value};
    return PG_OK;
}

pg_status pg_checkpoint_set_rng(pg_checkpoint *c, const void *state, size_t n)
{
    uint8_t *b = malloc(n ? n : 1);
    if (!b) return PG_FAIL(PG_ERR_NOMEM, "checkpoint RNG state");
    if (n) memcpy(b, state, n);
    free(c->rng);
    c->rng = b;
    c->rng_n = n;
    c->has_rng = 1;
    return PG_OK;
}

/* ---- writing ----------------------------------------------------------- */

static pg_status write_scalar_i64(pg_h5_file *w, const char *name, int64_t v)
{
    PG_CHECK(pg_h5_dataset_write(w, name, PG_H5_I64, 0, NULL, &v, NULL, 0));
    return PG_OK;
}

/* Rank 0's part: everything into one file. rng holds `ranks` blobs. */
static pg_status write_file(const pg_checkpoint *c, const char *path,
                            int ranks, const uint8_t *rng, const int *len,
                            const int *off)
{
    pg_h5_file *w = NULL;
    PG_CHECK(pg_h5_writer_open_userblock(path, "checkpoint/1",
                                         "physgan checkpoint",
                                         PG_CHECKPOINT_USERBLOCK, &w));
    pg_status st;
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(w, "/", "ranks", ranks), fail);
    PG_CHECK_GOTO(st, pg_h5_string_write(w, "/config",
                                         c->config ? c->config : ""), fail);
    PG_CHECK_GOTO(st, write_scalar_i64(w, "/step", c->step), fail);
    PG_CHECK_GOTO(st, write_scalar_i64(w, "/loader/epoch", c->epoch), fail);
    PG_CHECK_GOTO(st, write_scalar_i64(w, "/loader/index", c->index), fail);
    char name[512];
    for (size_t i = 0; i < c->n_arr; i++) {
        snprintf(name, sizeof name, "/%s", c->arr[i].name);
        PG_CHECK_GOTO(st, pg_h5_dataset_write(w, name, PG_H5_F32, 1,
                                              &c->arr[i].n, c->arr[i].data,
                                              NULL, 0), fail);
    }
    for (size_t i = 0; i < c->n_int; i++) {
        snprintf(name, sizeof name, "/%s", c->ints[i].name);
        PG_CHECK_GOTO(st, write_scalar_i64(w, name, c->ints[i].value), fail);
    }
    for (int k = 0; k < ranks; k++) {
        snprintf(name, sizeof name, "/rng/rank_%d", k);
        size_t n = (size_t)len[k];
        PG_CHECK_GOTO(st, pg_h5_dataset_write(w, name, PG_H5_U8, 1, &n,
                                              rng + off[k], NULL, 0), fail);
    }
    PG_CHECK(pg_h5_writer_commit_with(&w, pg_checkpoint_seal, NULL));
    return PG_OK;
fail:
    pg_h5_writer_abort(&w);
    return st;
}

pg_status pg_checkpoint_write(const pg_checkpoint *c, const char *path,
                              MPI_Comm comm)
{
    if (!c->has_rng)
        return PG_FAIL(PG_ERR_STATE, "checkpoint %s: no RNG state set", path);
    if (c->rng_n > (size_t)1 << 30)
        return PG_FAIL(PG_ERR_ARG, "checkpoint %s: RNG state of %zu bytes",
                       path, c->rng_n);
    int rank = 0, size = 1;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &size);
    }
    int *len = calloc((size_t)size, sizeof *len);
    int *off = calloc((size_t)size, sizeof *off);
    uint8_t *all = NULL;
    int mine = (int)c->rng_n, ok = len && off;
    pg_status st = PG_OK;
    if (comm != MPI_COMM_NULL) {
        /* Every rank takes part even after a local allocation failure,
         * so that nobody hangs; the outcome is agreed below. */
        MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, comm);
        if (!ok) {
            st = PG_FAIL(PG_ERR_NOMEM, "checkpoint %s: gather buffers", path);
            goto done;
        }
        MPI_Gather(&mine, 1, MPI_INT, len, 1, MPI_INT, 0, comm);
    } else if (ok) {
        len[0] = mine;
    }
    if (!ok) {
        st = PG_FAIL(PG_ERR_NOMEM, "checkpoint %s: buffers", path);
        goto done;
    }
    size_t total = 0;
    for (int k = 0; k < size && rank == 0; k++) {
        off[k] = (int)total;
        total += (size_t)len[k];
    }
    if (rank == 0) all = malloc(total ? total : 1);
    ok = rank != 0 || all;
    if (comm != MPI_COMM_NULL) {
        MPI_Bcast(&ok, 1, MPI_INT, 0, comm);
        if (ok)
            MPI_Gatherv(c->rng, mine, MPI_BYTE, all, len, off, MPI_BYTE, 0,
                        comm);
    } else if (ok) {
        memcpy(all, c->rng, c->rng_n);
    }
    if (!ok) {
        st = PG_FAIL(PG_ERR_NOMEM, "checkpoint %s: RNG gather buffer", path);
        goto done;
    }
    if (rank == 0) st = write_file(c, path, size, all, len, off);
    if (comm != MPI_COMM_NULL) {
        int s = (int)st;
        MPI_Bcast(&s, 1, MPI_INT, 0, comm);
        if (rank != 0 && s != PG_OK)
            st = PG_FAIL((pg_status)s, "checkpoint %s: rank 0 could not "
                         "write it (see rank 0's error)", path);
    }
done:
    free(all);
    free(len);
    free(off);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_checkpoint_save(const pg_checkpoint *c, const char *dir,
                             int keep, MPI_Comm comm, char **path_out)
{
    if (path_out) *path_out = NULL;
    if (keep < 1)
        return PG_FAIL(PG_ERR_ARG, "checkpoint: keep must be >= 1, not %d",
                       keep);
    size_t n = strlen(dir) + 40;
    char *path = malloc(n);
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "checkpoint path");
    snprintf(path, n, "%s/" PG_CHECKPOINT_PREFIX "%06lld.h5", dir,
             (long long)c->step);
    pg_status st;
    PG_CHECK_GOTO(st, pg_checkpoint_write(c, path, comm), fail);
    int rank = 0;
    if (comm != MPI_COMM_NULL) MPI_Comm_rank(comm, &rank);
    /* Rotation is not collective: rank 0 owns the directory. */
    if (rank == 0) PG_CHECK_GOTO(st, pg_checkpoint_rotate(dir, keep), fail);
    if (path_out) *path_out = path;
    else free(path);
    return PG_OK;
fail:
    free(path);
    return st;
}

/* ---- reading -------------------------------------------------------------- */

static pg_status read_i64(pg_h5_file *f, const char *name, int64_t *v)
{
    PG_CHECK(pg_h5_dataset_read(f, name, PG_H5_I64, v, 1));
    return PG_OK;
}

static pg_status read_entry(pg_checkpoint *c, pg_h5_file *f, const char *ds)
{
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_dataset_info_get(f, ds, &info));
    if (info.type == PG_H5_F32 && info.rank == 1) {
        float *buf = malloc(info.nelem ? info.nelem * sizeof *buf : 1);
        if (!buf) return PG_FAIL(PG_ERR_NOMEM, "%s: %s", pg_h5_file_path(f), ds);
        pg_status st = pg_h5_dataset_read(f, ds, PG_H5_F32, buf, info.nelem);
        if (st == PG_OK) st = push_array(c, ds + 1, buf, buf, info.nelem);
        if (st != PG_OK) {
            free(buf);
            return pg_error_trace(st, __FILE__, __LINE__, __func__);
        }
        return PG_OK;
    }
    if (info.type == PG_H5_I64 && info.rank == 0) {
        int64_t v;
        PG_CHECK(read_i64(f, ds, &v));
        PG_CHECK(pg_checkpoint_add_int(c, ds + 1, v));
        return PG_OK;
    }
    return PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s is %s of rank %d; a "
                   "checkpoint holds float32 arrays and int64 scalars",
                   pg_h5_file_path(f), ds, pg_h5_type_name(info.type),
                   info.rank);
}

static pg_status read_all(pg_checkpoint *c, pg_h5_file *f, int rank)
{
    int64_t ranks;
    PG_CHECK(pg_h5_attr_read_int(f, "/", "ranks", &ranks));
    c->ranks = (int)ranks;
    PG_CHECK(pg_h5_string_read(f, "/config", &c->config));
    PG_CHECK(read_i64(f, "/step", &c->step));
    PG_CHECK(read_i64(f, "/loader/epoch", &c->epoch));
    PG_CHECK(read_i64(f, "/loader/index", &c->index));
    char rng_name[64];
    snprintf(rng_name, sizeof rng_name, "/rng/rank_%d", rank);
    if (pg_h5_is_dataset(f, rng_name)) {
        pg_h5_dataset_info info;
        PG_CHECK(pg_h5_dataset_info_get(f, rng_name, &info));
        c->rng = malloc(info.nelem ? info.nelem : 1);
        if (!c->rng) return PG_FAIL(PG_ERR_NOMEM, "%s", rng_name);
        PG_CHECK(pg_h5_dataset_read(f, rng_name, PG_H5_U8, c->rng, info.nelem));
        c->rng_n = info.nelem;
        c->has_rng = 1;
    }
    char **names = NULL;
    size_t n = 0;
    PG_CHECK(pg_h5_dataset_names(f, &names, &n));
    pg_status st = PG_OK;
    for (size_t i = 0; i < n && st == PG_OK; i++) {
        const char *ds = names[i];
        if (!strcmp(ds, "/config") || !strcmp(ds, "/step") ||
            !strncmp(ds, "/loader/", 8) || !strncmp(ds, "/rng/", 5))
            continue;
        st = read_entry(c, f, ds);
    }
    pg_h5_names_free(&names, n);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_checkpoint_read(const char *path, int rank, pg_checkpoint **out)
{
    *out = NULL;
    PG_CHECK(pg_checkpoint_verify(path));
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open(path, "checkpoint/1", &f));
    pg_checkpoint *c = NULL;
    pg_status st;
    PG_CHECK_GOTO(st, pg_checkpoint_create(&c), fail);
    PG_CHECK_GOTO(st, read_all(c, f, rank), fail);
    pg_h5_file_close(&f);
    *out = c;
    return PG_OK;
fail:
    pg_h5_file_close(&f);
    pg_checkpoint_destroy(&c);
    return st;
}

int64_t pg_checkpoint_step(const pg_checkpoint *c) { return c->step; }

const char *pg_checkpoint_config(const pg_checkpoint *c)
{
    return c->config ? c->config : "";
}

void pg_checkpoint_loader(const pg_checkpoint *c, int64_t *epoch,
                          int64_t *index)
{
    *epoch = c->epoch;
    *index = c->index;
}

int pg_checkpoint_ranks(const pg_checkpoint *c) { return c->ranks; }

int pg_checkpoint_has(const pg_checkpoint *c, const char *name)
{
    for (size_t i = 0; i < c->n_arr; i++)
        if (!strcmp(c->arr[i].name, name)) return 1;
    for (size_t i = 0; i < c->n_int; i++)
        if (!strcmp(c->ints[i].name, name)) return 1;
    return 0;
}

pg_status pg_checkpoint_get_floats(const pg_checkpoint *c, const char *name,
                                   float *dst, size_t n)
{
    for (size_t i = 0; i < c->n_arr; i++) {
        if (strcmp(c->arr[i].name, name)) continue;
        if (c->arr[i].n != n)
            return PG_FAIL(PG_ERR_SHAPE, "checkpoint array /%s has %zu "
                           "values, the network has %zu (a different model?)",
                           name, c->arr[i].n, n);
        if (n) memcpy(dst, c->arr[i].data, n * sizeof *dst);
        return PG_OK;
    }
    return PG_FAIL(PG_ERR_FORMAT, "checkpoint has no array /%s", name);
}

pg_status pg_checkpoint_get_int(const pg_checkpoint *c, const char *name,
                                int64_t *value)
{
    for (size_t i = 0; i < c->n_int; i++)
        if (!strcmp(c->ints[i].name, name)) {
            *value = c->ints[i].value;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_FORMAT, "checkpoint has no value /%s", name);
}

pg_status pg_checkpoint_get_rng(const pg_checkpoint *c, const void **state,
                                size_t *n)
{
    if (!c->has_rng)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint written by %d rank%s has no "
                       "RNG state for this rank", c->ranks,
                       c->ranks == 1 ? "" : "s");
    *state = c->rng;
    *n = c->rng_n;
    return PG_OK;
}
