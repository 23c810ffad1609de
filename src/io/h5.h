/* HDF5 files: small helpers over the HDF5 C API.
 *
 * Every physgan HDF5 file carries root attributes physgan_schema (e.g.
 * "terrain/1"), created_by ("physgan VERSION (git HASH)") and source, and
 * every dataset a `units` attribute (docs/formats.md).
 *
 * Writing is atomic: pg_h5_writer_open creates "<path>.tmp.<pid>" in the
 * same directory; pg_h5_writer_commit flushes and closes it, fsyncs the file
 * and the directory and renames it over <path>. On any failure (or
 * pg_h5_writer_abort) the temporary file is removed and a previous <path>
 * is left untouched.
 *
 * HDF5's own error printing is switched off; failures become pg_status
 * errors whose message names the file, the dataset or attribute, and
 * HDF5's innermost reason. Reads require the stored element type to be the
 * one asked for (no silent float -> int conversion).
 *
 * Object names are absolute or relative paths inside the file ("/terrain",
 * "G/params"); writing creates missing intermediate groups.
 *
 * Nothing here is collective unless the file was opened with
 * pg_h5_file_open_mpi: then opening, closing and every dataset read are
 * collective over that communicator (see the functions' comments).
 */
#ifndef PG_IO_H5_H
#define PG_IO_H5_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef enum pg_h5_type {
    PG_H5_F32,
    PG_H5_F64,
    PG_H5_I64,
    PG_H5_I32,
    PG_H5_I16,
    PG_H5_U8,
    PG_H5_STRING, /* only reported by pg_h5_dataset_info */
    PG_H5_OTHER,  /* any other type: reported, never read */
    PG_H5_TYPE_COUNT
} pg_h5_type;

enum { PG_H5_MAX_RANK = 8 };

/* "float32", "int16", "string", ... */
const char *pg_h5_type_name(pg_h5_type t);
/* Bytes per element (0 for STRING and OTHER). */
size_t pg_h5_type_size(pg_h5_type t);

typedef struct pg_h5_file pg_h5_file;

/* Shape and type of a dataset. For a string dataset `dims` is empty and
 * `nelem` is the string length. */
typedef struct pg_h5_dataset_info {
    pg_h5_type type;
    int rank;                      /* 0 for a scalar */
    size_t dims[PG_H5_MAX_RANK];
    size_t nelem;                  /* product of dims (1 for a scalar) */
    size_t chunk_rows;             /* first chunk dimension; 0 if contiguous */
} pg_h5_dataset_info;

/* ---- writing (not collective, except pg_h5_writer_open_mpi's files) ---- */

/* Create "<path>.tmp.<pid>" and write the root attributes physgan_schema
 * = schema, created_by and source (source may be NULL: "unknown"). */
pg_status pg_h5_writer_open(const char *path, const char *schema,
                            const char *source, pg_h5_file **out);
/* As pg_h5_writer_open, reserving a user block of `userblock` bytes (a
 * power of two >= 512, or 0) at the start of the file, which HDF5 ignores
 * (checkpoints keep their whole-file checksum there). */
pg_status pg_h5_writer_open_userblock(const char *path, const char *schema,
                                      const char *source, size_t userblock,
                                      pg_h5_file **out);
/* Close and fsync the temporary file, then call `before_rename(tmp_path,
 * ctx)` when given (it may still rewrite the user block; its failure
 * aborts), then rename over the target and fsync the directory. *w is
 * destroyed (set to NULL) whatever happens; on failure the temporary file
 * is removed and the target is untouched. */
pg_status pg_h5_writer_commit_with(pg_h5_file **w,
                                   pg_status (*before_rename)(const char *tmp,
                                                              void *ctx),
                                   void *ctx);
pg_status pg_h5_writer_commit(pg_h5_file **w);
/* Discard the temporary file. Accepts NULL and *w == NULL. */
void pg_h5_writer_abort(pg_h5_file **w);

/* How the ranks of a collective writer agree on each step's outcome:
 * collective over comm, st on this rank or an error when another rank
 * failed, the same pass/fail on every rank. dist/agree.h's
 * pg_dist_agree_each is the one to pass (io does not use dist: the
 * caller, which does, hands it over). */
typedef pg_status (*pg_h5_agree_fn)(MPI_Comm comm, pg_status st);

/* Collective over comm (duplicated): as pg_h5_writer_open, through the
 * MPI-IO driver, for a file that many ranks write (h5_mpi.c). Rank 0
 * names the temporary file and every rank gets that name. On such a
 * writer every call is collective, with the same arguments on every rank
 * (dataset and attribute creation, attribute values), except that
 * pg_h5_dataset_write_rows takes each rank's own rows (possibly none):
 * it is a collective transfer. pg_h5_writer_commit (without a hook) and
 * pg_h5_writer_abort are collective: close on all ranks, then rank 0
 * fsyncs and renames, or removes the temporary file. Errors are agreed
 * through agree after every step that may fail on one rank: when one
 * rank fails, every rank returns an error (with pg_dist_agree_each the
 * others PG_ERR_MPI, "failed on another rank"), so none is left
 * waiting. */
pg_status pg_h5_writer_open_mpi(const char *path, const char *schema,
                                const char *source, MPI_Comm comm,
                                pg_h5_agree_fn agree, pg_h5_file **out);

/* Create a dataset of `rank` dims (rank 0: a scalar) with attribute
 * units (NULL: "1", dimensionless) and fill it from data (C order), or
 * leave it to pg_h5_dataset_write_rows when data is NULL. Non-scalar
 * datasets are chunked along the first dimension (about 1 MiB a chunk);
 * gzip 1..9 compresses them, 0 does not. */
pg_status pg_h5_dataset_write(pg_h5_file *f, const char *name, pg_h5_type t,
                              int rank, const size_t *dims, const void *data,
                              const char *units, int gzip);
/* Write rows [row0, row0 + nrows) of the first dimension of an existing
 * dataset of type t from data. */
pg_status pg_h5_dataset_write_rows(pg_h5_file *f, const char *name,
                                   pg_h5_type t, size_t row0, size_t nrows,
                                   const void *data);
/* Write the block start[i] .. start[i] + count[i] - 1 along every
 * dimension i of an existing dataset of type t from data (count's shape,
 * C order), e.g. one rank's strip of one frame of a foam. Collective on
 * an MPI writer. */
pg_status pg_h5_dataset_write_block(pg_h5_file *f, const char *name,
                                    pg_h5_type t, const size_t *start,
                                    const size_t *count, const void *data);
/* A scalar fixed-length string dataset (e.g. /config). */
pg_status pg_h5_string_write(pg_h5_file *f, const char *name,
                             const char *text);

/* A 1-D dataset of n fixed-length UTF-8 strings (width: the longest;
 * shorter ones NUL-padded), e.g. the source file of every structure. */
pg_status pg_h5_strings_write(pg_h5_file *f, const char *name,
                              const char *const *text, size_t n);

/* Attributes on object `obj` ("/" for the root, or a dataset or group
 * path). An existing attribute of that name is replaced. */
pg_status pg_h5_attr_write_string(pg_h5_file *f, const char *obj,
                                  const char *name, const char *value);
pg_status pg_h5_attr_write_double(pg_h5_file *f, const char *obj,
                                  const char *name, double value);
pg_status pg_h5_attr_write_int(pg_h5_file *f, const char *obj,
                               const char *name, int64_t value);

/* ---- reading ------------------------------------------------------------ */

/* Open read-only. When schema is not NULL, the root attribute
 * physgan_schema must equal it (PG_ERR_FORMAT otherwise, naming both).
 * A missing file is PG_ERR_IO; a file that is not HDF5 PG_ERR_FORMAT. */
pg_status pg_h5_file_open(const char *path, const char *schema,
                          pg_h5_file **out);
/* Collective over comm: open read-only with the MPI-IO driver and
 * collective metadata operations; dataset reads on this file are
 * collective transfers (every rank of comm must call them, with its own
 * rows, possibly none). comm is duplicated. */
pg_status pg_h5_file_open_mpi(const char *path, const char *schema,
                              MPI_Comm comm, pg_h5_file **out);
/* Close a file opened for reading (collective if opened with _mpi), or
 * abort a writer. Accepts NULL. */
void pg_h5_file_close(pg_h5_file **f);

/* The file's name as given (the target path for a writer). */
const char *pg_h5_file_path(const pg_h5_file *f);

/* 1 when an object (dataset or group) exists at that path, else 0. */
int pg_h5_exists(pg_h5_file *f, const char *name);
/* 1 when name is a dataset. */
int pg_h5_is_dataset(pg_h5_file *f, const char *name);

pg_status pg_h5_dataset_info_get(pg_h5_file *f, const char *name,
                                 pg_h5_dataset_info *out);
/* Read the whole dataset into buf, which holds `capacity` elements of t. */
pg_status pg_h5_dataset_read(pg_h5_file *f, const char *name, pg_h5_type t,
                             void *buf, size_t capacity);
/* Read rows [row0, row0 + nrows) of the first dimension into buf (nrows
 * times the row size elements). Collective on an _mpi file. */
pg_status pg_h5_dataset_read_rows(pg_h5_file *f, const char *name,
                                  pg_h5_type t, size_t row0, size_t nrows,
                                  void *buf);
/* Read the rows listed in rows[0..n) (strictly increasing) into buf, in
 * that order, with one selection. Collective on an _mpi file. */
pg_status pg_h5_dataset_read_row_list(pg_h5_file *f, const char *name,
                                      pg_h5_type t, const size_t *rows,
                                      size_t n, void *buf);
/* Read a string dataset; *out is malloc'd and NUL-terminated. */
pg_status pg_h5_string_read(pg_h5_file *f, const char *name, char **out);

int pg_h5_attr_exists(pg_h5_file *f, const char *obj, const char *name);
/* *out malloc'd. Fixed- and variable-length strings are accepted. */
pg_status pg_h5_attr_read_string(pg_h5_file *f, const char *obj,
                                 const char *name, char **out);
/* Numeric scalar attributes of any integer or float type. */
pg_status pg_h5_attr_read_double(pg_h5_file *f, const char *obj,
                                 const char *name, double *out);
pg_status pg_h5_attr_read_int(pg_h5_file *f, const char *obj,
                              const char *name, int64_t *out);

/* Names of the attributes of obj, sorted by name; free with
 * pg_h5_names_free. */
pg_status pg_h5_attr_names(pg_h5_file *f, const char *obj, char ***names,
                           size_t *n);
/* Absolute paths of every dataset in the file ("/G/params"), sorted. */
pg_status pg_h5_dataset_names(pg_h5_file *f, char ***names, size_t *n);
void pg_h5_names_free(char ***names, size_t n);

/* "physgan VERSION (git HASH)", the created_by attribute of new files. */
const char *pg_h5_created_by(void);

#endif
