/* Foam datasets with every sequence decomposed over the ranks
 * (foam_simulate.h, pg_foam_simulate_decomposed; foam_decomp.h). */
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "dist/agree.h"
#include "io/h5.h"
#include "physics/foam/io/foam_decomp.h"
#include "physics/foam/io/foam_simulate.h"

enum { TAG_STRIP = 821 };

/* Rank 0: the start of sequence q (n*n ids): the init frame, else the
 * Voronoi start a serial run of the same seed makes (stream
 * PG_FOAM_RNG_STREAM). */
static pg_status start_of(const pg_foam_sim_opts *o, int q, int32_t *out)
{
    size_t frame = (size_t)o->size * o->size;
    if (o->init) {
        memcpy(out, o->init->labels + (size_t)(q % o->init->seqs) * frame,
               frame * sizeof *out);
        return PG_OK;
    }
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    pg_status st = pg_rng_create(o->seed, q, PG_FOAM_RNG_STREAM, &rng);
    if (st == PG_OK)
        st = pg_foam_potts_create(o->size, o->bubbles, o->temperature, rng, &p);
    if (st == PG_OK)
        memcpy(out, pg_foam_potts_labels(p), frame * sizeof *out);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

/* Frame t of sequence q: rank 0 writes its strip, then each other
 * rank's as it arrives (buf: the largest strip). Rank 0 keeps receiving
 * after a write failure, so no sender is left blocked; *st carries it. */
static pg_status frame_write(const pg_foam_sim_opts *o, MPI_Comm comm,
                             int rank, int ranks, pg_foam_decomp *d,
                             pg_h5_file *f, int q, int t, int32_t *buf,
                             pg_status *st)
{
    const int n = o->size;
    const int32_t *mine = pg_foam_decomp_labels(d);
    if (rank != 0) {
        if (MPI_Send(mine, pg_foam_decomp_nrows(d) * n, MPI_INT32_T, 0,
                     TAG_STRIP, comm) != MPI_SUCCESS)
            return PG_FAIL(PG_ERR_MPI, "foam: sending rank %d's strip", rank);
        return PG_OK;
    }
    for (int r = 0; r < ranks; r++) {
        int y0 = 0, rows = 0;
        PG_CHECK(pg_foam_decomp_rows(n, ranks, r, &y0, &rows));
        const int32_t *src = mine;
        if (r) {
            if (MPI_Recv(buf, rows * n, MPI_INT32_T, r, TAG_STRIP, comm,
                         MPI_STATUS_IGNORE) != MPI_SUCCESS)
                return PG_FAIL(PG_ERR_MPI, "foam: receiving rank %d's strip",
                               r);
            src = buf;
        }
        if (*st != PG_OK) continue;
        size_t start[4] = {(size_t)q, (size_t)t, (size_t)y0, 0};
        size_t count[4] = {1, 1, (size_t)rows, (size_t)n};
        *st = pg_h5_dataset_write_block(f, "/labels", PG_H5_I32, start, count,
                                        src);
    }
    return PG_OK;
}

/* Sequence q on all ranks; the frames go to f on rank 0 (*wst: its write
 * status). */
static pg_status run_sequence(const pg_foam_sim_opts *o, MPI_Comm comm,
                              int rank, int ranks, int q, int32_t *start,
                              int32_t *buf, pg_h5_file *f, pg_status *wst,
                              pg_progress *progress, long *done)
{
    pg_status st = rank == 0 ? start_of(o, q, start) : PG_OK;
    PG_CHECK(pg_dist_agree_each(comm, st));
    pg_foam_decomp_opts d_o = {
        .n = o->size, .temperature = o->temperature, .proposal = o->proposal,
        .sweep = o->sweep, .seed = o->seed, .sequence = q,
        .slices = o->slices};
    pg_foam_decomp *d = NULL;
    PG_CHECK(pg_foam_decomp_create(&d_o, comm, start, &d));
    for (int t = 0; t < o->frames && st == PG_OK; t++) {
        long mcs = t ? o->interval : o->start;
        st = pg_foam_decomp_run(d, mcs);
        *done += mcs;
        if (progress) pg_progress_update(progress, *done, NULL);
        if (st == PG_OK)
            st = frame_write(o, comm, rank, ranks, d, f, q, t, buf, wst);
    }
    pg_foam_decomp_destroy(&d);
    return st;
}

pg_status pg_foam_simulate_decomposed(const pg_foam_sim_opts *o,
                                      MPI_Comm comm, const char *path,
                                      pg_progress *progress)
{
    int rank = 0, ranks = 1;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    if (rank != 0) progress = NULL;
    int y0, rows0;
    PG_CHECK(pg_foam_decomp_rows(o->size, ranks, 0, &y0, &rows0));
    size_t frame = (size_t)o->size * o->size;
    pg_h5_file *f = NULL;
    int32_t *start = NULL, *buf = NULL;
    pg_status st = PG_OK, wst = PG_OK;
    if (rank == 0) {
        /* Strip 0 is the largest (the first ranks get the extra pairs). */
        start = malloc(frame * sizeof *start);
        buf = malloc((size_t)rows0 * o->size * sizeof *buf);
        if (!start || !buf)
            st = PG_FAIL(PG_ERR_NOMEM, "foam: a %dx%d frame", o->size,
                         o->size);
        if (st == PG_OK) st = pg_foam_simulate_file_open(o, ranks, path, &f);
    }
    st = pg_dist_agree_each(comm, st);
    long done = 0;
    for (int q = 0; q < o->sequences && st == PG_OK; q++) {
        st = run_sequence(o, comm, rank, ranks, q, start, buf, f, &wst,
                          progress, &done);
        if (st == PG_OK) st = pg_dist_agree_each(comm, wst);
    }
    if (rank == 0 && st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    free(start);
    free(buf);
    st = pg_dist_agree_each(comm, st);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}
