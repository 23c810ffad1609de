/* HDF5 files written by many ranks: collective create, commit and abort
 * through the MPI-IO driver (see pg_h5_writer_open_mpi in h5.h).
 *
 * The atomic-write rules of h5.c hold: the ranks write "<path>.tmp.<pid of
 * rank 0>", and only after every rank has closed it does rank 0 fsync it
 * and rename it over <path>. Every step that can fail on one rank is
 * followed by an agreement (f->agree, the caller's: dist/agree.h) before
 * the next collective HDF5 call, because a rank that skipped a
 * collective call would leave the others blocked in it forever. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libgen.h>

#include "io/atomic_file.h"
#include "io/h5_impl.h"

/* Rank 0's temporary name, on every rank (pids differ between ranks). */
static pg_status share_tmp_name(pg_h5_file *f, int rank)
{
    int n = (int)strlen(f->path) + 32;
    f->tmp = malloc((size_t)n);
    pg_status st = f->tmp ? PG_OK
                          : PG_FAIL(PG_ERR_NOMEM, "%s: temporary name", f->path);
    PG_CHECK(f->agree(f->comm, st));
    if (rank == 0) {
        snprintf(f->tmp, (size_t)n, "%s.tmp.%ld", f->path, (long)getpid());
        pg_atomic_tmp_clear_stale(f->path, 0);
    }
    if (MPI_Bcast(f->tmp, n, MPI_CHAR, 0, f->comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "%s: MPI_Bcast of the temporary name "
                       "failed", f->path);
    return PG_OK;
}

pg_status pg_h5_writer_open_mpi(const char *path, const char *schema,
                                const char *source, MPI_Comm comm,
                                pg_h5_agree_fn agree, pg_h5_file **out)
{
    *out = NULL;
    pg_h5_quiet();
    if (!path || !*path || !schema || !agree)
        return PG_FAIL(PG_ERR_ARG, "HDF5 writer: path, schema and "
                       "agreement are needed");
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_alloc(path, &f));
    pg_status st = PG_OK;
    if (MPI_Comm_dup(comm, &f->comm) != MPI_SUCCESS) {
        f->comm = MPI_COMM_NULL;
        pg_h5_file_free(f);
        return PG_FAIL(PG_ERR_MPI, "%s: cannot duplicate the communicator",
                       path);
    }
    int rank;
    MPI_Comm_rank(f->comm, &rank);
    f->mpi = 1;
    f->agree = agree;
    st = share_tmp_name(f, rank);
    if (st != PG_OK) {
        free(f->tmp);
        f->tmp = NULL;
        pg_h5_file_free(f);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, f->comm, MPI_INFO_NULL);
    /* Metadata is written by one rank for all (fewer small writes). */
    H5Pset_all_coll_metadata_ops(fapl, 1);
    H5Pset_coll_metadata_write(fapl, 1);
    f->id = H5Fcreate(f->tmp, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f->id < 0) {
        char why[256];
        pg_h5_reason(why, sizeof why);
        st = PG_FAIL(PG_ERR_IO, "cannot create %s (temporary file for %s): "
                     "%s", f->tmp, path, why);
    }
    st = f->agree(f->comm, st);
    if (st != PG_OK) goto fail;
    /* Attributes are metadata: every rank writes the same values. */
    st = pg_h5_attr_write_string(f, "/", "physgan_schema", schema);
    if (st == PG_OK)
        st = pg_h5_attr_write_string(f, "/", "created_by",
                                     pg_h5_created_by());
    if (st == PG_OK)
        st = pg_h5_attr_write_string(f, "/", "source",
                                     source ? source : "unknown");
    PG_CHECK_GOTO(st, f->agree(f->comm, st), fail);
    *out = f;
    return PG_OK;
fail:
    pg_h5_mpi_writer_abort(&f);
    return st;
}

void pg_h5_mpi_writer_abort(pg_h5_file **w)
{
    if (!w || !*w) return;
    pg_h5_file *f = *w;
    /* H5Fclose is collective; an id that failed to open failed on every
     * rank (the agreement after H5Fcreate). */
    if (f->id >= 0) H5Fclose(f->id);
    H5Eclear2(H5E_DEFAULT);
    MPI_Barrier(f->comm);
    int rank;
    MPI_Comm_rank(f->comm, &rank);
    if (rank == 0 && f->tmp) unlink(f->tmp);
    pg_h5_file_free(f);
    *w = NULL;
}

/* Rank 0 after every rank has closed the file: fsync, rename, fsync the
 * directory (as h5.c's commit). */
static pg_status publish(pg_h5_file *f)
{
    PG_CHECK(pg_h5_fsync_path(f->tmp, "file"));
    if (rename(f->tmp, f->path) != 0)
        return PG_FAIL(PG_ERR_IO, "cannot rename %s to %s: %s", f->tmp,
                       f->path, strerror(errno));
    char *dup = strdup(f->path);
    if (!dup) return PG_FAIL(PG_ERR_NOMEM, "directory of %s", f->path);
    pg_status st = pg_h5_fsync_path(dirname(dup), "directory");
    free(dup);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_h5_mpi_writer_commit(pg_h5_file **w)
{
    pg_h5_file *f = *w;
    pg_status st = PG_OK;
    char why[256];
    herr_t rc = H5Fclose(f->id);
    f->id = H5I_INVALID_HID;
    if (rc < 0)
        st = PG_FAIL(PG_ERR_IO, "cannot finish writing %s (temporary %s): %s",
                     f->path, f->tmp, pg_h5_reason(why, sizeof why));
    /* Also the barrier: every rank's data is in the file before rank 0
     * renames it. */
    PG_CHECK_GOTO(st, f->agree(f->comm, st), fail);
    int rank;
    MPI_Comm_rank(f->comm, &rank);
    if (rank == 0) {
        st = publish(f);
        if (st == PG_OK) {
            free(f->tmp);
            f->tmp = NULL; /* renamed: nothing to remove */
        }
    }
    PG_CHECK_GOTO(st, f->agree(f->comm, st), fail);
    pg_h5_file_free(f);
    *w = NULL;
    return PG_OK;
fail:
    pg_h5_mpi_writer_abort(w);
    return st;
}
