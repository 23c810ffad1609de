/* Internals shared by the HDF5 helpers (h5.c, h5_dataset.c, h5_attr.c). */
#ifndef PG_IO_H5_IMPL_H
#define PG_IO_H5_IMPL_H

#include <hdf5.h>

#include "io/h5.h"

struct pg_h5_file {
    hid_t id;
    char *path;   /* the target path, used in messages */
    char *tmp;    /* writer: the temporary file; NULL for readers */
    int mpi;      /* opened with the MPI-IO driver: reads are collective */
    size_t in_memory; /* writer with a user block of this many bytes: core
                       * driver, image written at commit (h5.c) */
    MPI_Comm comm;
    pg_h5_agree_fn agree; /* collective writer: the caller's agreement */
};

/* Handle of path with no HDF5 file yet (id invalid, comm null). */
pg_status pg_h5_file_alloc(const char *path, pg_h5_file **out);
/* Free the handle, its duplicated communicator and names; closes nothing
 * else. */
void pg_h5_file_free(pg_h5_file *f);
/* fsync a path opened read-only (a file, or a directory for the rename;
 * a directory that cannot be synced (EINVAL) is not an error). */
pg_status pg_h5_fsync_path(const char *p, const char *what);
/* Collective commit and abort of a writer from pg_h5_writer_open_mpi
 * (h5_mpi.c); pg_h5_writer_commit and pg_h5_writer_abort call them. */
pg_status pg_h5_mpi_writer_commit(pg_h5_file **w);
void pg_h5_mpi_writer_abort(pg_h5_file **w);

/* Switch off HDF5's automatic error printing (idempotent). */
void pg_h5_quiet(void);
/* The innermost message of HDF5's current error stack ("" if none), then
 * clear the stack. */
const char *pg_h5_reason(char *buf, size_t n);
/* Native memory type of t (a library constant, never closed). */
hid_t pg_h5_native(pg_h5_type t);
/* Classify a stored type. */
pg_h5_type pg_h5_classify(hid_t type);
/* Fail with PG_ERR_STATE unless f is a writer. */
pg_status pg_h5_require_writer(const pg_h5_file *f, const char *what);

#endif
