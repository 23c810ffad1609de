/* HDF5 datasets: chunked writes, whole and row-wise reads. */
#include <stdlib.h>
#include <string.h>

#include "io/h5_impl.h"

/* Target bytes per chunk: big enough for efficient I/O and compression,
 * small enough that streaming a batch reads little beyond it. */
static const size_t CHUNK_BYTES = (size_t)1 << 20;
/* A row (all but the first dimension) larger than this is split across
 * chunks too: HDF5 caps a chunk at 4 GiB, and a writer of blocks (e.g.
 * one rank's strip of one frame of a 16384^2 foam) should not rewrite a
 * whole sequence's chunk per block. Smaller rows keep whole-row chunks,
 * the layout of every file written before. */
static const size_t ROW_SPLIT_BYTES = (size_t)64 << 20;

static pg_status fail_h5(pg_status s, const pg_h5_file *f, const char *name,
                         const char *what)
{
    char why[256];
    pg_h5_reason(why, sizeof why);
    return PG_FAIL(s, "%s: %s dataset %s: %s", f->path, what, name, why);
}

/* Little-endian on disk whatever the machine, as numpy and h5py expect. */
static hid_t file_type(pg_h5_type t)
{
    switch (t) {
    case PG_H5_F32: return H5T_IEEE_F32LE;
    case PG_H5_F64: return H5T_IEEE_F64LE;
    case PG_H5_I64: return H5T_STD_I64LE;
    case PG_H5_I32: return H5T_STD_I32LE;
    case PG_H5_I16: return H5T_STD_I16LE;
    default: return H5T_STD_U8LE;
    }
}

pg_status pg_h5_dataset_write(pg_h5_file *f, const char *name, pg_h5_type t,
                              int rank, const size_t *dims, const void *data,
                              const char *units, int gzip)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 dataset write"));
    hid_t mem = pg_h5_native(t);
    if (mem < 0 || rank < 0 || rank > PG_H5_MAX_RANK || (rank && !dims) ||
        gzip < 0 || gzip > 9)
        return PG_FAIL(PG_ERR_ARG, "%s: dataset %s: bad type, rank %d or "
                       "gzip level %d", f->path, name, rank, gzip);
    hsize_t hd[PG_H5_MAX_RANK], chunk[PG_H5_MAX_RANK];
    size_t row = pg_h5_type_size(t), nelem = 1;
    for (int i = 0; i < rank; i++) {
        hd[i] = dims[i];
        chunk[i] = dims[i] ? dims[i] : 1;
        nelem *= dims[i];
        if (i) row *= dims[i];
    }
    hid_t space = rank ? H5Screate_simple(rank, hd, NULL) : H5Screate(H5S_SCALAR);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (rank) {
        size_t rows = row ? CHUNK_BYTES / row : 1;
        if (rows < 1) rows = 1;
        if (rows < chunk[0]) chunk[0] = rows;
        if (row > ROW_SPLIT_BYTES) {
            /* Unit extent along the leading dimensions, then as many of
             * the next one as fit CHUNK_BYTES together with the rest. */
            size_t inner = pg_h5_type_size(t);
            int k = rank - 1;
            while (k > 0 && inner * chunk[k] <= CHUNK_BYTES) inner *= chunk[k--];
            for (int i = 1; i < k; i++) chunk[i] = 1;
            if (k > 0) {
                size_t fit = CHUNK_BYTES / inner;
                chunk[k] = fit < 1 ? 1 : fit < chunk[k] ? fit : chunk[k];
            }
        }
        H5Pset_chunk(dcpl, rank, chunk);
        if (gzip) {
            H5Pset_shuffle(dcpl);
            H5Pset_deflate(dcpl, (unsigned)gzip);
        }
    }
    hid_t d = H5Dcreate2(f->id, name, file_type(t), space, lcpl, dcpl,
                         H5P_DEFAULT);
    H5Pclose(lcpl);
    H5Pclose(dcpl);
    H5Sclose(space);
    if (d < 0) return fail_h5(PG_ERR_IO, f, name, "cannot create");
    herr_t rc = 0;
    if (data && nelem) rc = H5Dwrite(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    H5Dclose(d);
    if (rc < 0) return fail_h5(PG_ERR_IO, f, name, "cannot write");
    PG_CHECK(pg_h5_attr_write_string(f, name, "units", units ? units : "1"));
    return PG_OK;
}

/* Open dataset name and check that it holds elements of type t. */
static pg_status open_typed(pg_h5_file *f, const char *name, pg_h5_type t,
                            hid_t *d)
{
    if (!pg_h5_is_dataset(f, name))
        return PG_FAIL(PG_ERR_FORMAT, "%s: no dataset %s", f->path, name);
    *d = H5Dopen2(f->id, name, H5P_DEFAULT);
    if (*d < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot open");
    hid_t ft = H5Dget_type(*d);
    pg_h5_type got = pg_h5_classify(ft);
    H5Tclose(ft);
    if (got != t) {
        H5Dclose(*d);
        return PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s is %s, expected %s",
                       f->path, name, pg_h5_type_name(got),
                       pg_h5_type_name(t));
    }
    return PG_OK;
}

static hid_t transfer_plist(const pg_h5_file *f)
{
    hid_t x = H5Pcreate(H5P_DATASET_XFER);
    if (f->mpi) H5Pset_dxpl_mpio(x, H5FD_MPIO_COLLECTIVE);
    return x;
}

pg_status pg_h5_dataset_info_get(pg_h5_file *f, const char *name,
                                 pg_h5_dataset_info *out)
{
    memset(out, 0, sizeof *out);
    if (!pg_h5_is_dataset(f, name))
        return PG_FAIL(PG_ERR_FORMAT, "%s: no dataset %s", f->path, name);
    hid_t d = H5Dopen2(f->id, name, H5P_DEFAULT);
    if (d < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot open");
    hid_t ft = H5Dget_type(d), space = H5Dget_space(d), dcpl = H5Dget_create_plist(d);
    out->type = pg_h5_classify(ft);
    int rank = H5Sget_simple_extent_ndims(space);
    pg_status st = PG_OK;
    if (rank < 0 || rank > PG_H5_MAX_RANK) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s has rank %d (at most %d "
                     "supported)", f->path, name, rank, PG_H5_MAX_RANK);
        goto done;
    }
    hsize_t hd[PG_H5_MAX_RANK], ch[PG_H5_MAX_RANK];
    H5Sget_simple_extent_dims(space, hd, NULL);
    out->rank = rank;
    out->nelem = 1;
    for (int i = 0; i < rank; i++) {
        out->dims[i] = (size_t)hd[i];
        out->nelem *= (size_t)hd[i];
    }
    if (out->type == PG_H5_STRING && rank == 0)
        out->nelem = H5Tis_variable_str(ft) > 0 ? 0 : H5Tget_size(ft);
    if (rank && H5Pget_layout(dcpl) == H5D_CHUNKED &&
        H5Pget_chunk(dcpl, rank, ch) == rank)
        out->chunk_rows = (size_t)ch[0];
done:
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Tclose(ft);
    H5Dclose(d);
    return st;
}

pg_status pg_h5_dataset_read(pg_h5_file *f, const char *name, pg_h5_type t,
                             void *buf, size_t capacity)
{
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_dataset_info_get(f, name, &info));
    if (info.nelem > capacity)
        return PG_FAIL(PG_ERR_SHAPE, "%s: dataset %s has %zu elements, more "
                       "than the %zu expected", f->path, name, info.nelem,
                       capacity);
    hid_t d;
    PG_CHECK(open_typed(f, name, t, &d));
    hid_t x = transfer_plist(f);
    herr_t rc = info.nelem ? H5Dread(d, pg_h5_native(t), H5S_ALL, H5S_ALL, x,
                                     buf) : 0;
    H5Pclose(x);
    H5Dclose(d);
    if (rc < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot read");
    return PG_OK;
}

/* Hyperslab over rows; nrows == 0 selects nothing (a rank without rows
 * still takes part in a collective transfer). The memory space is nrows
 * rows (one when empty, selecting none). */
static pg_status row_spaces(pg_h5_file *f, const char *name, hid_t d,
                            const size_t *rows, size_t nrows, size_t row0,
                            hid_t *fs, hid_t *ms)
{
    hsize_t hd[PG_H5_MAX_RANK];
    *fs = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(*fs);
    if (rank < 1) {
        H5Sclose(*fs);
        return PG_FAIL(PG_ERR_SHAPE, "%s: dataset %s is a scalar; it has no "
                       "rows", f->path, name);
    }
    H5Sget_simple_extent_dims(*fs, hd, NULL);
    size_t last = rows ? (nrows ? rows[nrows - 1] + 1 : 0) : row0 + nrows;
    if (last > hd[0]) {
        H5Sclose(*fs);
        return PG_FAIL(PG_ERR_SHAPE, "%s: dataset %s has %llu rows; row %zu "
                       "asked for", f->path, name, (unsigned long long)hd[0],
                       last - 1);
    }
    hsize_t start[PG_H5_MAX_RANK] = {0}, count[PG_H5_MAX_RANK];
    memcpy(count, hd, sizeof hd);
    if (nrows == 0) {
        H5Sselect_none(*fs);
    } else if (!rows) {
        start[0] = row0;
        count[0] = nrows;
        H5Sselect_hyperslab(*fs, H5S_SELECT_SET, start, NULL, count, NULL);
    } else {
        /* Merge runs of consecutive rows into one block each. */
        H5S_seloper_t op = H5S_SELECT_SET;
        for (size_t i = 0; i < nrows;) {
            size_t j = i + 1;
            while (j < nrows && rows[j] == rows[j - 1] + 1) j++;
            if (i && rows[i] <= rows[i - 1]) {
                H5Sclose(*fs);
                return PG_FAIL(PG_ERR_ARG, "%s: dataset %s: row list not "
                               "strictly increasing at %zu", f->path, name, i);
            }
            start[0] = rows[i];
            count[0] = j - i;
            H5Sselect_hyperslab(*fs, op, start, NULL, count, NULL);
            op = H5S_SELECT_OR;
            i = j;
        }
    }
    hsize_t md[PG_H5_MAX_RANK];
    memcpy(md, hd, sizeof hd);
    md[0] = nrows ? nrows : 1;
    *ms = H5Screate_simple(rank, md, NULL);
    if (nrows == 0) H5Sselect_none(*ms);
    return PG_OK;
}

static pg_status read_rows(pg_h5_file *f, const char *name, pg_h5_type t,
                           const size_t *rows, size_t row0, size_t nrows,
                           void *buf)
{
    hid_t d, fs, ms;
    PG_CHECK(open_typed(f, name, t, &d));
    pg_status st = row_spaces(f, name, d, rows, nrows, row0, &fs, &ms);
    if (st != PG_OK) {
        H5Dclose(d);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    hid_t x = transfer_plist(f);
    herr_t rc = H5Dread(d, pg_h5_native(t), ms, fs, x, buf);
    H5Pclose(x);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    if (rc < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot read rows of");
    return PG_OK;
}

pg_status pg_h5_dataset_read_rows(pg_h5_file *f, const char *name,
                                  pg_h5_type t, size_t row0, size_t nrows,
                                  void *buf)
{
    PG_CHECK(read_rows(f, name, t, NULL, row0, nrows, buf));
    return PG_OK;
}

pg_status pg_h5_dataset_read_row_list(pg_h5_file *f, const char *name,
                                      pg_h5_type t, const size_t *rows,
                                      size_t n, void *buf)
{
    PG_CHECK(read_rows(f, name, t, rows, 0, n, buf));
    return PG_OK;
}

pg_status pg_h5_dataset_write_rows(pg_h5_file *f, const char *name,
                                   pg_h5_type t, size_t row0, size_t nrows,
                                   const void *data)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 row write"));
    hid_t d, fs, ms;
    PG_CHECK(open_typed(f, name, t, &d));
    pg_status st = row_spaces(f, name, d, NULL, nrows, row0, &fs, &ms);
    if (st != PG_OK) {
        H5Dclose(d);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    /* Collective on an MPI writer: a rank with no rows selects none. */
    hid_t x = transfer_plist(f);
    herr_t rc = H5Dwrite(d, pg_h5_native(t), ms, fs, x, data);
    H5Pclose(x);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    if (rc < 0) return fail_h5(PG_ERR_IO, f, name, "cannot write rows of");
    return PG_OK;
}

pg_status pg_h5_dataset_write_block(pg_h5_file *f, const char *name,
                                    pg_h5_type t, const size_t *start,
                                    const size_t *count, const void *data)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 block write"));
    hid_t d;
    PG_CHECK(open_typed(f, name, t, &d));
    hid_t fs = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(fs);
    hsize_t hd[PG_H5_MAX_RANK], st[PG_H5_MAX_RANK], ct[PG_H5_MAX_RANK];
    pg_status s = PG_OK;
    if (rank < 1 || rank > PG_H5_MAX_RANK) {
        s = PG_FAIL(PG_ERR_SHAPE, "%s: dataset %s has rank %d: no block to "
                    "write", f->path, name, rank);
        goto done;
    }
    H5Sget_simple_extent_dims(fs, hd, NULL);
    for (int i = 0; i < rank; i++) {
        if (start[i] + count[i] > hd[i]) {
            s = PG_FAIL(PG_ERR_SHAPE, "%s: dataset %s: block [%zu, %zu) of "
                        "dimension %d outside its %llu", f->path, name,
                        start[i], start[i] + count[i], i,
                        (unsigned long long)hd[i]);
            goto done;
        }
        st[i] = start[i];
        ct[i] = count[i];
    }
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, st, NULL, ct, NULL);
    hid_t ms = H5Screate_simple(rank, ct, NULL);
    hid_t x = transfer_plist(f);
    herr_t rc = H5Dwrite(d, pg_h5_native(t), ms, fs, x, data);
    H5Pclose(x);
    H5Sclose(ms);
    if (rc < 0) s = fail_h5(PG_ERR_IO, f, name, "cannot write a block of");
done:
    H5Sclose(fs);
    H5Dclose(d);
    return s;
}

pg_status pg_h5_string_write(pg_h5_file *f, const char *name, const char *text)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 string write"));
    size_t len = strlen(text);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, len ? len : 1);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t d = H5Dcreate2(f->id, name, t, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                      len ? text : "");
    if (d >= 0) H5Dclose(d);
    H5Pclose(lcpl);
    H5Sclose(space);
    H5Tclose(t);
    if (rc < 0) return fail_h5(PG_ERR_IO, f, name, "cannot write");
    return PG_OK;
}

pg_status pg_h5_strings_write(pg_h5_file *f, const char *name,
                              const char *const *text, size_t n)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 string array write"));
    size_t width = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(text[i]) > width) width = strlen(text[i]);
    char *buf = calloc(n ? n : 1, width);
    if (!buf) return PG_FAIL(PG_ERR_NOMEM, "%s: %zu strings", name, n);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * width, text[i], strlen(text[i]));
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hsize_t dim = n;
    hid_t space = H5Screate_simple(1, &dim, NULL);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t d = H5Dcreate2(f->id, name, t, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = d < 0 ? -1 : (n ? H5Dwrite(d, t, H5S_ALL, H5S_ALL,
                                           H5P_DEFAULT, buf) : 0);
    if (d >= 0) H5Dclose(d);
    H5Pclose(lcpl);
    H5Sclose(space);
    H5Tclose(t);
    free(buf);
    if (rc < 0) return fail_h5(PG_ERR_IO, f, name, "cannot write");
    return PG_OK;
}

pg_status pg_h5_string_read(pg_h5_file *f, const char *name, char **out)
{
    *out = NULL;
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_dataset_info_get(f, name, &info));
    if (info.type != PG_H5_STRING || info.rank != 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s is %s of rank %d, "
                       "expected a scalar string", f->path, name,
                       pg_h5_type_name(info.type), info.rank);
    hid_t d = H5Dopen2(f->id, name, H5P_DEFAULT);
    if (d < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot open");
    hid_t ft = H5Dget_type(d), mt = H5Tcopy(H5T_C_S1), x = transfer_plist(f);
    H5Tset_cset(mt, H5Tget_cset(ft)); /* HDF5 will not convert charsets */
    herr_t rc;
    if (H5Tis_variable_str(ft) > 0) {
        char *vs = NULL;
        H5Tset_size(mt, H5T_VARIABLE);
        rc = H5Dread(d, mt, H5S_ALL, H5S_ALL, x, &vs);
        if (rc >= 0) {
            *out = strdup(vs ? vs : "");
            hid_t s = H5Screate(H5S_SCALAR);
            H5Dvlen_reclaim(mt, s, H5P_DEFAULT, &vs);
            H5Sclose(s);
        }
    } else {
        H5Tset_size(mt, info.nelem + 1);
        H5Tset_strpad(mt, H5T_STR_NULLTERM);
        *out = calloc(info.nelem + 1, 1);
        rc = *out ? H5Dread(d, mt, H5S_ALL, H5S_ALL, x, *out) : 0;
        if (rc < 0) {
            free(*out);
            *out = NULL;
        }
    }
    H5Pclose(x);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Dclose(d);
    if (rc < 0) return fail_h5(PG_ERR_FORMAT, f, name, "cannot read");
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "%s: dataset %s", f->path, name);
    return PG_OK;
}
