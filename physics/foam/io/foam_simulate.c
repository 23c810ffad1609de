/* Foam datasets over MPI: simulate locally, then rank 0 gathers frame by
 * frame (in sequence order) and writes; see foam_simulate.h. */
#include "physics/foam/io/foam_simulate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "dist/agree.h"
#include "dist/comm.h"
#include "physics/foam/foam_potts.h"
#include "io/foam_file.h"
#include "io/h5.h"

enum { TAG_FRAME = 801 };

static const char *TEMPERATURE_UNITS = "J/k_B (J: boundary energy per "
                                       "unlike neighbour pair)";

long pg_foam_simulate_progress_total(const pg_foam_sim_opts *o, int ranks)
{
    /* Rank 0's share; all of them when they are decomposed. */
    long mine = o->decompose ? o->sequences
                             : (o->sequences + ranks - 1) / ranks;
    return mine * (o->start + (long)(o->frames - 1) * o->interval);
}

static pg_status check_opts(const pg_foam_sim_opts *o)
{
    if (o->frames < 1 || o->sequences < 1 || o->interval < 1 || o->start < 0)
        return PG_FAIL(PG_ERR_ARG, "foam: frames %d, sequences %d, interval "
                       "%ld, start %ld: need >= 1, >= 1, >= 1, >= 0",
                       o->frames, o->sequences, o->interval, o->start);
    if ((int)o->proposal < 0 || o->proposal >= PG_FOAM_PROPOSALS ||
        (int)o->sweep < 0 || o->sweep >= PG_FOAM_SWEEPS)
        return PG_FAIL(PG_ERR_ARG, "foam: proposal rule %d or sweep %d "
                       "unknown", (int)o->proposal, (int)o->sweep);
    if (o->decompose && o->slices < 1)
        return PG_FAIL(PG_ERR_ARG, "foam: %d sector rounds per MCS; need >= "
                       "1", o->slices);
    if (o->gzip < 0 || o->gzip > 9)
        return PG_FAIL(PG_ERR_ARG, "foam: gzip level %d not in 0..9", o->gzip);
    if (o->init && (o->init->h != o->size || o->init->w != o->size))
        return PG_FAIL(PG_ERR_ARG, "foam: --init frames of %dx%d for a "
                       "%dx%d lattice", o->init->h, o->init->w, o->size,
                       o->size);
    return PG_OK;
}

/* Run sequence q into out (frames x n x n); progress advanced by `*done`. */
static pg_status simulate_one(const pg_foam_sim_opts *o, int q, int32_t *out,
                              pg_progress *progress, long *done)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    pg_status st = PG_OK;
    size_t frame = (size_t)o->size * o->size;
    PG_CHECK_GOTO(st, pg_rng_create(o->seed, q, PG_FOAM_RNG_STREAM, &rng), done);
    if (o->init)
        PG_CHECK_GOTO(st, pg_foam_potts_create_from(o->size, o->init->labels +
                                                        (size_t)(q % o->init->seqs) * frame,
                                                    o->temperature, rng, &p),
                      done);
    else
        PG_CHECK_GOTO(st, pg_foam_potts_create(o->size, o->bubbles,
                                               o->temperature, rng, &p), done);
    pg_foam_potts_set_proposal(p, o->proposal);
    PG_CHECK_GOTO(st, pg_foam_potts_set_sweep(p, o->sweep), done);
    for (int t = 0; t < o->frames; t++) {
        long mcs = t ? o->interval : o->start;
        pg_foam_potts_run(p, mcs);
        *done += mcs;
        if (progress) pg_progress_update(progress, *done, NULL);
        memcpy(out + (size_t)t * frame, pg_foam_potts_labels(p),
               frame * sizeof *out);
    }
done:
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

/* The simulator's own root attributes, after the foam/1 header. */
static pg_status write_attrs(const pg_foam_sim_opts *o, pg_h5_file *f)
{
    PG_CHECK(pg_h5_attr_write_string(f, "/", "temperature_units",
                                     TEMPERATURE_UNITS));
    PG_CHECK(pg_h5_attr_write_int(f, "/", "bubbles", o->bubbles));
    if (o->init) PG_CHECK(pg_h5_attr_write_string(f, "/", "init", o->init->spec));
    PG_CHECK(pg_h5_attr_write_int(f, "/", "seed", (int64_t)o->seed));
    return PG_OK;
}

pg_status pg_foam_simulate_file_open(const pg_foam_sim_opts *o, int ranks,
                                     const char *path, pg_h5_file **out)
{
    char source[160], simulator[384];
    pg_foam_simulator_describe(o->proposal, o->sweep, simulator,
                               sizeof simulator);
    if (o->decompose) {
        size_t len = strlen(simulator);
        if (o->sweep == PG_FOAM_SWEEP_RANDOM)
            snprintf(simulator + len, sizeof simulator - len, "; strips on %d "
                     "rank(s), 2 sectors per strip, %d sector round(s) per MCS",
                     ranks, o->slices);
        else
            snprintf(simulator + len, sizeof simulator - len, "; strips on %d "
                     "rank(s)", ranks);
    }
    snprintf(source, sizeof source, "physgan simulate foam: %d sequences, "
             "seed %llu", o->sequences, (unsigned long long)o->seed);
    pg_foam_header h = {
        .shape = {o->sequences, o->frames, o->size, o->size},
        .start_mcs = (o->init ? o->init->time : 0) + (double)o->start,
        .interval_mcs = (double)o->interval,
        .simulator = simulator,
        .temperature = o->temperature,
        .gzip = o->gzip};
    PG_CHECK(pg_foam_file_create(path, source, &h, NULL, out));
    pg_status st = write_attrs(o, *out);
    if (st != PG_OK) {
        pg_h5_writer_abort(out);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

/* Rank 0: receive (or take locally) every sequence in order and write it.
 * Keeps receiving after a write failure so no sender is left blocked. */
static pg_status gather_write(const pg_foam_sim_opts *o, MPI_Comm comm,
                              int ranks, const int32_t *local, int32_t *buf,
                              const char *path)
{
    size_t frame = (size_t)o->size * o->size, seq = frame * o->frames;
    pg_h5_file *f = NULL;
    pg_status st = pg_foam_simulate_file_open(o, 0, path, &f);
    if (st != PG_OK) pg_error_trace(st, __FILE__, __LINE__, __func__);
    for (int q = 0; q < o->sequences; q++) {
        int owner = q % ranks;
        const int32_t *src = local + (size_t)(q / ranks) * seq;
        if (owner != 0) {
            for (int t = 0; t < o->frames; t++)
                MPI_Recv(buf + (size_t)t * frame, (int)frame, MPI_INT32_T,
                         owner, TAG_FRAME, comm, MPI_STATUS_IGNORE);
            src = buf;
        }
        if (st == PG_OK) {
            st = pg_h5_dataset_write_rows(f, "/labels", PG_H5_I32, (size_t)q,
                                          1, src);
            if (st != PG_OK) pg_error_trace(st, __FILE__, __LINE__, __func__);
        }
    }
    if (st == PG_OK) {
        st = pg_h5_writer_commit(&f);
        if (st != PG_OK) pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_h5_writer_abort(&f);
    return st;
}

pg_status pg_foam_simulate_write(const pg_foam_sim_opts *o, MPI_Comm comm_in,
                                 const char *path, pg_progress *progress)
{
    PG_CHECK(check_opts(o));
    if (o->decompose)
        return pg_foam_simulate_decomposed(o, comm_in, path, progress);
    MPI_Comm comm;
    int rank, ranks;
    PG_CHECK(pg_dist_comm_dup(comm_in, &comm, &rank, &ranks));
    if (rank != 0) progress = NULL;
    size_t seq = (size_t)o->size * o->size * o->frames;
    int nlocal = o->sequences / ranks + (rank < o->sequences % ranks);
    pg_status st = PG_OK;
    int32_t *local = malloc((size_t)(nlocal ? nlocal : 1) * seq * sizeof *local);
    /* Rank 0's receive buffer: one sequence of another rank. */
    int32_t *gbuf = rank == 0 && ranks > 1 ? malloc(seq * sizeof *gbuf) : NULL;
    if (!local || (rank == 0 && ranks > 1 && !gbuf))
        st = PG_FAIL(PG_ERR_NOMEM, "foam: %d sequences of %zu sites",
                     nlocal, seq);
    long done = 0;
    for (int k = 0; k < nlocal && st == PG_OK; k++) {
        st = simulate_one(o, rank + k * ranks, local + (size_t)k * seq,
                          progress, &done);
        if (st != PG_OK) pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    /* Every rank learns whether any failed before the gather starts (and
     * rank 0, which prints, what failed where). */
    st = pg_dist_agree(comm, st);
    if (st == PG_OK) {
        if (rank == 0) {
            st = gather_write(o, comm, ranks, local, gbuf, path);
        } else {
            for (int k = 0; k < nlocal; k++)
                for (int t = 0; t < o->frames; t++)
                    MPI_Send(local + (size_t)k * seq +
                                 (size_t)t * o->size * o->size,
                             o->size * o->size, MPI_INT32_T, 0, TAG_FRAME, comm);
        }
        st = pg_dist_agree(comm, st);
    }
    free(local);
    free(gbuf);
    pg_dist_comm_free(&comm);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}
