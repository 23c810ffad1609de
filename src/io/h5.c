/* HDF5 files: opening, atomic writing, types and error reasons. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/version.h"
#include "io/atomic_file.h"
#include "io/h5_impl.h"

static const char *const type_names[PG_H5_TYPE_COUNT] = {
    "float32", "float64", "int64", "int32", "int16", "uint8", "string",
    "other"};
static const size_t type_sizes[PG_H5_TYPE_COUNT] = {4, 8, 8, 4, 2, 1, 0, 0};

const char *pg_h5_type_name(pg_h5_type t)
{
    return (unsigned)t < PG_H5_TYPE_COUNT ? type_names[t] : "invalid";
}

size_t pg_h5_type_size(pg_h5_type t)
{
    return (unsigned)t < PG_H5_TYPE_COUNT ? type_sizes[t] : 0;
}

const char *pg_h5_created_by(void)
{
    return "physgan " PHYSGAN_VERSION " (git " PHYSGAN_GIT_HASH ")";
}

void pg_h5_quiet(void)
{
    static int done;
    if (!done) {
        H5open();
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        done = 1;
    }
}

typedef struct reason_ctx {
    char *buf;
    size_t n;
    int sys; /* buf holds a system call's error */
} reason_ctx;

static herr_t take_innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    reason_ctx *r = data;
    if (n == 0 && e->desc) snprintf(r->buf, r->n, "%s", e->desc);
    /* A failed system call (a full disk: "errno = 28, error message = 'No
     * space left on device'") is the reason a user can act on; the
     * innermost entry is then often only a consequence of it. */
    if (e->desc && strstr(e->desc, "errno =") && !r->sys) {
        snprintf(r->buf, r->n, "%s", e->desc);
        r->sys = 1;
    }
    return 0;
}

const char *pg_h5_reason(char *buf, size_t n)
{
    buf[0] = '\0';
    reason_ctx r = {buf, n, 0};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, take_innermost, &r);
    H5Eclear2(H5E_DEFAULT);
    if (!buf[0]) snprintf(buf, n, "HDF5 gave no reason");
    return buf;
}

hid_t pg_h5_native(pg_h5_type t)
{
    switch (t) {
    case PG_H5_F32: return H5T_NATIVE_FLOAT;
    case PG_H5_F64: return H5T_NATIVE_DOUBLE;
    case PG_H5_I64: return H5T_NATIVE_INT64;
    case PG_H5_I32: return H5T_NATIVE_INT32;
    case PG_H5_I16: return H5T_NATIVE_INT16;
    case PG_H5_U8: return H5T_NATIVE_UINT8;
    default: return H5I_INVALID_HID;
    }
}

pg_h5_type pg_h5_classify(hid_t type)
{
    H5T_class_t c = H5Tget_class(type);
    size_t size = H5Tget_size(type);
    if (c == H5T_STRING) return PG_H5_STRING;
    if (c == H5T_FLOAT)
        return size == 4 ? PG_H5_F32 : size == 8 ? PG_H5_F64 : PG_H5_OTHER;
    if (c == H5T_INTEGER) {
        int is_signed = H5Tget_sign(type) == H5T_SGN_2;
        if (!is_signed) return size == 1 ? PG_H5_U8 : PG_H5_OTHER;
        switch (size) {
        case 2: return PG_H5_I16;
        case 4: return PG_H5_I32;
        case 8: return PG_H5_I64;
        default: return PG_H5_OTHER;
        }
    }
    return PG_H5_OTHER;
}

pg_status pg_h5_require_writer(const pg_h5_file *f, const char *what)
{
    if (!f) return PG_FAIL(PG_ERR_ARG, "%s: no file", what);
    if (!f->tmp)
        return PG_FAIL(PG_ERR_STATE, "%s: %s is open for reading, not writing",
                       what, f->path);
    return PG_OK;
}

const char *pg_h5_file_path(const pg_h5_file *f) { return f ? f->path : ""; }

pg_status pg_h5_file_alloc(const char *path, pg_h5_file **out)
{
    pg_h5_file *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path))) {
        free(f);
        return PG_FAIL(PG_ERR_NOMEM, "%s: file handle", path);
    }
    f->id = H5I_INVALID_HID;
    f->comm = MPI_COMM_NULL;
    *out = f;
    return PG_OK;
}

void pg_h5_file_free(pg_h5_file *f)
{
    if (f->comm != MPI_COMM_NULL) MPI_Comm_free(&f->comm);
    free(f->path);
    free(f->tmp);
    free(f);
}

pg_status pg_h5_writer_open_userblock(const char *path, const char *schema,
                                      const char *source, size_t userblock,
                                      pg_h5_file **out)
{
    *out = NULL;
    pg_h5_quiet();
    if (!path || !*path || !schema)
        return PG_FAIL(PG_ERR_ARG, "HDF5 writer: path and schema are needed");
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_alloc(path, &f));
    pg_status st = PG_OK;
    f->tmp = pg_atomic_tmp_name(path);
    if (!f->tmp) {
        st = PG_FAIL(PG_ERR_NOMEM, "%s: temporary name", path);
        goto fail;
    }
    pg_atomic_tmp_clear_stale(path, 0);
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5P_DEFAULT;
    if (userblock) {
        /* Checkpoints are built in memory (they are in memory already) and
         * written whole at commit, so that a full disk is a clean error
         * (save_image). The empty temporary file made here keeps an
         * unwritable directory an error of the open, as for other files. */
        H5Pset_userblock(fcpl, (hsize_t)userblock);
        int fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) close(fd);
        fapl = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_fapl_core(fapl, 1 << 20, 0);
        f->in_memory = userblock;
    }
    f->id = H5Fcreate(f->tmp, H5F_ACC_TRUNC, fcpl, fapl);
    H5Pclose(fcpl);
    if (fapl != H5P_DEFAULT) H5Pclose(fapl);
    if (f->id < 0) {
        char why[256];
        int err = errno;
        pg_h5_reason(why, sizeof why);
        st = PG_FAIL(PG_ERR_IO, "cannot create %s (temporary file for %s): "
                     "%s (%s)", f->tmp, path, why,
                     err ? strerror(err) : "no system error");
        free(f->tmp);
        f->tmp = NULL; /* nothing to remove */
        goto fail;
    }
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(f, "/", "physgan_schema", schema),
                  fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(f, "/", "created_by",
                                              pg_h5_created_by()), fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(f, "/", "source",
                                              source ? source : "unknown"),
                  fail);
    *out = f;
    return PG_OK;
fail:
    pg_h5_writer_abort(&f);
    return st;
}

pg_status pg_h5_writer_open(const char *path, const char *schema,
                            const char *source, pg_h5_file **out)
{
    PG_CHECK(pg_h5_writer_open_userblock(path, schema, source, 0, out));
    return PG_OK;
}

void pg_h5_writer_abort(pg_h5_file **w)
{
    if (!w || !*w) return;
    pg_h5_file *f = *w;
    if (f->mpi) {
        pg_h5_mpi_writer_abort(w);
        return;
    }
    if (f->id >= 0) H5Fclose(f->id);
    if (f->tmp) unlink(f->tmp);
    H5Eclear2(H5E_DEFAULT);
    pg_h5_file_free(f);
    *w = NULL;
}

pg_status pg_h5_fsync_path(const char *p, const char *what)
{
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return PG_FAIL(PG_ERR_IO, "cannot open %s %s to sync it: %s", what, p,
                       strerror(errno));
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    /* Some file systems cannot fsync a directory; the rename still holds. */
    if (rc != 0 && !(err == EINVAL && !strcmp(what, "directory")))
        return PG_FAIL(PG_ERR_IO, "cannot sync %s %s: %s", what, p,
                       strerror(err));
    return PG_OK;
}

/* Write an in-memory file's image to its temporary path and close the
 * HDF5 file. A full disk is then an ordinary write() error: HDF5 1.10 does
 * not survive a close whose flush fails (the file stays open inside the
 * library, whose shutdown then crashes on it). */
static pg_status save_image(pg_h5_file *f)
{
    pg_status st = PG_OK;
    char why[256];
    ssize_t n = H5Fget_file_image(f->id, NULL, 0);
    unsigned char *img = n > 0 ? malloc((size_t)n) : NULL;
    if (n <= 0 || !img || H5Fget_file_image(f->id, img, (size_t)n) != n) {
        st = img ? PG_FAIL(PG_ERR_IO, "cannot take the image of %s: %s",
                           f->path, pg_h5_reason(why, sizeof why))
                 : PG_FAIL(PG_ERR_NOMEM, "image of %s", f->path);
    }
    if (H5Fclose(f->id) < 0 && st == PG_OK)
        st = PG_FAIL(PG_ERR_IO, "cannot close %s: %s", f->path,
                     pg_h5_reason(why, sizeof why));
    if (st == PG_OK) {
        int fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        /* The image leaves out the user block: write zeros in its place
         * (the checkpoint fills it before the rename). */
        size_t done = 0;
        if (fd >= 0 && ftruncate(fd, (off_t)f->in_memory) == 0 &&
            lseek(fd, (off_t)f->in_memory, SEEK_SET) < 0)
            done = (size_t)n + 1;
        while (fd >= 0 && done < (size_t)n) {
            ssize_t w = write(fd, img + done, (size_t)n - done);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) break;
            done += (size_t)w;
        }
        int err = errno;
        if (fd >= 0 && fsync(fd) != 0 && done == (size_t)n) {
            err = errno;
            done = 0;
        }
        if (fd >= 0 && close(fd) != 0 && done == (size_t)n) {
            err = errno;
            done = 0;
        }
        if (done != (size_t)n)
            st = PG_FAIL(PG_ERR_IO, "cannot write %s (temporary file for "
                         "%s, %zd bytes): %s", f->tmp, f->path, n,
                         strerror(err));
    }
    free(img);
    return st;
}

pg_status pg_h5_writer_commit_with(pg_h5_file **w,
                                   pg_status (*before_rename)(const char *tmp,
                                                              void *ctx),
                                   void *ctx)
{
    PG_CHECK(pg_h5_require_writer(w ? *w : NULL, "HDF5 commit"));
    pg_h5_file *f = *w;
    if (f->mpi) {
        /* Nothing calls it with a hook yet; a collective one would need
         * its own agreement on errors. */
        if (before_rename) {
            pg_status st = PG_FAIL(PG_ERR_ARG, "%s: no before_rename hook "
                                   "on a collective writer", f->path);
            pg_h5_writer_abort(w);
            return st;
        }
        PG_CHECK(pg_h5_mpi_writer_commit(w));
        return PG_OK;
    }
    pg_status st = PG_OK;
    char why[256];
    /* The reason is taken right after the flush: that is where a full
     * disk shows, and the close's errors that follow would hide it. */
    why[0] = '\0';
    if (H5Fflush(f->id, H5F_SCOPE_GLOBAL) < 0) pg_h5_reason(why, sizeof why);
    if (f->in_memory && !why[0]) {
        PG_CHECK_GOTO(st, save_image(f), fail);
        f->id = H5I_INVALID_HID; /* closed by save_image */
        goto written;
    }
    herr_t rc = H5Fclose(f->id);
    if (rc < 0 && !why[0]) pg_h5_reason(why, sizeof why);
    f->id = H5I_INVALID_HID;
    if (why[0]) {
        st = PG_FAIL(PG_ERR_IO, "cannot finish writing %s (temporary %s): %s",
                     f->path, f->tmp, why);
        goto fail;
    }
    PG_CHECK_GOTO(st, pg_h5_fsync_path(f->tmp, "file"), fail);
written:
    if (before_rename) PG_CHECK_GOTO(st, before_rename(f->tmp, ctx), fail);
    if (rename(f->tmp, f->path) != 0) {
        st = PG_FAIL(PG_ERR_IO, "cannot rename %s to %s: %s", f->tmp, f->path,
                     strerror(errno));
        goto fail;
    }
    char *dup = strdup(f->path);
    if (!dup) {
        st = PG_FAIL(PG_ERR_NOMEM, "directory of %s", f->path);
    } else {
        st = pg_h5_fsync_path(dirname(dup), "directory");
        free(dup);
    }
    free(f->tmp);
    f->tmp = NULL; /* renamed: nothing to remove */
    pg_h5_file_free(f);
    *w = NULL;
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
fail:
    pg_h5_writer_abort(w);
    return st;
}

pg_status pg_h5_writer_commit(pg_h5_file **w)
{
    PG_CHECK(pg_h5_writer_commit_with(w, NULL, NULL));
    return PG_OK;
}

static pg_status check_schema(pg_h5_file *f, const char *schema)
{
    if (!schema) return PG_OK;
    if (!pg_h5_attr_exists(f, "/", "physgan_schema"))
        return PG_FAIL(PG_ERR_FORMAT, "%s: no root attribute physgan_schema "
                       "(expected \"%s\"); not a physgan file?",
                       f->path, schema);
    char *got = NULL, *by = NULL;
    PG_CHECK(pg_h5_attr_read_string(f, "/", "physgan_schema", &got));
    pg_status st = PG_OK;
    if (!strcmp(got, schema)) goto done;
    /* "name/version": the same kind of file from another format version
     * gets told which side must change. */
    const char *sg = strrchr(got, '/'), *sw = strrchr(schema, '/');
    int same_name = sg && sw && sg - got == sw - schema &&
                    !strncmp(got, schema, (size_t)(sw - schema));
    long vg = same_name ? strtol(sg + 1, NULL, 10) : 0;
    long vw = same_name ? strtol(sw + 1, NULL, 10) : 0;
    if (pg_h5_attr_exists(f, "/", "created_by"))
        (void)pg_h5_attr_read_string(f, "/", "created_by", &by);
    if (same_name && vg > vw)
        st = PG_FAIL(PG_ERR_FORMAT, "%s: schema \"%s\" is newer than the "
                     "\"%s\" this physgan (%s) reads: it was written by a "
                     "later version (%s); use that version or a newer one",
                     f->path, got, schema, pg_h5_created_by(),
                     by ? by : "created_by not recorded");
    else if (same_name && vg < vw)
        st = PG_FAIL(PG_ERR_FORMAT, "%s: schema \"%s\" is older than the "
                     "\"%s\" this physgan (%s) reads (written by %s): make "
                     "the file again with this version (docs/formats.md "
                     "lists what changed)", f->path, got, schema,
                     pg_h5_created_by(), by ? by : "an unknown version");
    else
        st = PG_FAIL(PG_ERR_FORMAT, "%s: schema is \"%s\", expected \"%s\"",
                     f->path, got, schema);
done:
    free(got);
    free(by);
    return st;
}

static pg_status open_common(const char *path, const char *schema,
                             hid_t fapl, pg_h5_file *f)
{
    char why[256];
    struct stat sb;
    if (stat(path, &sb) != 0)
        return PG_FAIL(PG_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) {
        pg_h5_reason(why, sizeof why);
        return PG_FAIL(PG_ERR_FORMAT, "%s is not an HDF5 file (or is "
                       "truncated or damaged): %s", path, why);
    }
    f->id = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    if (f->id < 0)
        return PG_FAIL(PG_ERR_FORMAT, "cannot open %s: %s", path,
                       pg_h5_reason(why, sizeof why));
    PG_CHECK(check_schema(f, schema));
    return PG_OK;
}

pg_status pg_h5_file_open(const char *path, const char *schema,
                          pg_h5_file **out)
{
    *out = NULL;
    pg_h5_quiet();
    if (!path) return PG_FAIL(PG_ERR_ARG, "HDF5 open: no path");
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_alloc(path, &f));
    pg_status st;
    PG_CHECK_GOTO(st, open_common(path, schema, H5P_DEFAULT, f), fail);
    *out = f;
    return PG_OK;
fail:
    pg_h5_file_close(&f);
    return st;
}

pg_status pg_h5_file_open_mpi(const char *path, const char *schema,
                              MPI_Comm comm, pg_h5_file **out)
{
    *out = NULL;
    pg_h5_quiet();
    if (!path) return PG_FAIL(PG_ERR_ARG, "HDF5 open: no path");
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_alloc(path, &f));
    pg_status st = PG_OK;
    if (MPI_Comm_dup(comm, &f->comm) != MPI_SUCCESS) {
        f->comm = MPI_COMM_NULL;
        st = PG_FAIL(PG_ERR_MPI, "%s: cannot duplicate the communicator", path);
        goto fail;
    }
    f->mpi = 1;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, f->comm, MPI_INFO_NULL);
    /* Rank 0 reads metadata and broadcasts it instead of every rank
     * hitting the file system. */
    H5Pset_all_coll_metadata_ops(fapl, 1);
    H5Pset_coll_metadata_write(fapl, 1);
    st = open_common(path, schema, fapl, f);
    H5Pclose(fapl);
    if (st != PG_OK) {
        pg_error_trace(st, __FILE__, __LINE__, __func__);
        goto fail;
    }
    *out = f;
    return PG_OK;
fail:
    pg_h5_file_close(&f);
    return st;
}

void pg_h5_file_close(pg_h5_file **fp)
{
    if (!fp || !*fp) return;
    if ((*fp)->tmp) {
        pg_h5_writer_abort(fp);
        return;
    }
    if ((*fp)->id >= 0) H5Fclose((*fp)->id);
    H5Eclear2(H5E_DEFAULT);
    pg_h5_file_free(*fp);
    *fp = NULL;
}

int pg_h5_exists(pg_h5_file *f, const char *name)
{
    if (!f || !name) return 0;
    if (!strcmp(name, "/")) return 1;
    /* Check each prefix: H5Lexists fails when an intermediate is missing. */
    char buf[1024];
    size_t len = strlen(name);
    if (len >= sizeof buf) return 0;
    memcpy(buf, name, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char c = buf[i];
        buf[i] = '\0';
        htri_t e = H5Lexists(f->id, buf, H5P_DEFAULT);
        buf[i] = c;
        if (e <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return 0;
        }
    }
    return 1;
}

int pg_h5_is_dataset(pg_h5_file *f, const char *name)
{
    if (!pg_h5_exists(f, name)) return 0;
    H5O_info_t oi;
    if (H5Oget_info_by_name(f->id, name, &oi, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return 0;
    }
    return oi.type == H5O_TYPE_DATASET;
}

typedef struct name_list {
    char **v;
    size_t n, cap;
    int failed;
} name_list;

static int push_name(name_list *l, const char *prefix, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    size_t len = strlen(prefix) + strlen(name) + 1;
    char *s = malloc(len);
    if (!s) return -1;
    snprintf(s, len, "%s%s", prefix, name);
    l->v[l->n++] = s;
    return 0;
}

static herr_t visit_dataset(hid_t obj, const char *name, const H5O_info_t *oi,
                            void *data)
{
    (void)obj;
    name_list *l = data;
    if (oi->type != H5O_TYPE_DATASET) return 0;
    if (push_name(l, "/", name)) {
        l->failed = 1;
        return -1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pg_status pg_h5_dataset_names(pg_h5_file *f, char ***names, size_t *n)
{
    name_list l = {0};
    herr_t rc = H5Ovisit(f->id, H5_INDEX_NAME, H5_ITER_INC, visit_dataset, &l);
    if (rc < 0 || l.failed) {
        char why[256];
        pg_h5_reason(why, sizeof why);
        pg_h5_names_free(&l.v, l.n);
        return PG_FAIL(l.failed ? PG_ERR_NOMEM : PG_ERR_FORMAT,
                       "%s: cannot list datasets: %s", f->path, why);
    }
    if (l.n) qsort(l.v, l.n, sizeof *l.v, cmp_str);
    *names = l.v;
    *n = l.n;
    return PG_OK;
}

void pg_h5_names_free(char ***names, size_t n)
{
    if (!names || !*names) return;
    for (size_t i = 0; i < n; i++) free((*names)[i]);
    free(*names);
    *names = NULL;
}

static herr_t visit_attr(hid_t loc, const char *name, const H5A_info_t *ai,
                         void *data)
{
    (void)loc;
    (void)ai;
    name_list *l = data;
    if (push_name(l, "", name)) {
        l->failed = 1;
        return -1;
    }
    return 0;
}

pg_status pg_h5_attr_names(pg_h5_file *f, const char *obj, char ***names,
                           size_t *n)
{
    name_list l = {0};
    hsize_t idx = 0;
    herr_t rc = H5Aiterate_by_name(f->id, obj, H5_INDEX_NAME, H5_ITER_INC,
                                   &idx, visit_attr, &l, H5P_DEFAULT);
    if (rc < 0 || l.failed) {
        char why[256];
        pg_h5_reason(why, sizeof why);
        pg_h5_names_free(&l.v, l.n);
        return PG_FAIL(l.failed ? PG_ERR_NOMEM : PG_ERR_FORMAT,
                       "%s: cannot list the attributes of %s: %s", f->path,
                       obj, why);
    }
    *names = l.v;
    *n = l.n;
    return PG_OK;
}
