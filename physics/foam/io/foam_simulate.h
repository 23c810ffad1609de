/* Foam datasets: many Potts coarsening sequences (physics/foam/foam_potts.h) in
 * parallel over MPI ranks, written as one foam/1 HDF5 file:
 *
 *   /labels  int32 (S, T, N, N)  bubble ids >= 0, units "1"
 *   /time    float64 (T)         Monte Carlo time of each frame, units "MCS"
 *   root attrs: physgan_schema "foam/1", created_by, source, simulator,
 *   temperature (k_B T / J), temperature_units, size, bubbles, interval_mcs,
 *   start_mcs (float64, MCS), seed; the layout written by the one foam/1
 *   writer, pg_foam_file_create (io/foam_file.h).
 *
 * Sequence q runs on rank q mod P with its own RNG stream (seed, q,
 * PG_FOAM_RNG_STREAM), so the file does not depend on the rank count.
 * Rank 0 receives the other ranks' sequences one frame per message and
 * writes them in order through the atomic writer (io/h5.h).
 */
#ifndef PG_DATA_FOAM_SIMULATE_H
#define PG_DATA_FOAM_SIMULATE_H

#include <mpi.h>
#include <stdint.h>

#include "base/progress.h"
#include "base/status.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/io/foam_init.h"
#include "io/h5.h"

typedef struct pg_foam_sim_opts {
    int size;           /* lattice side N (even) */
    int bubbles;        /* Voronoi seeds B */
    int frames;         /* frames T per sequence (>= 1) */
    int sequences;      /* sequences S (>= 1) */
    long interval;      /* MCS between frames (>= 1) */
    long start;         /* MCS run before the first frame (>= 0) */
    double temperature; /* k_B T / J */
    pg_foam_proposal proposal; /* physics/foam/foam_potts.h; 0: stencil */
    pg_foam_sweep sweep;       /* 0: checkerboard */
    uint64_t seed;
    int gzip;           /* 0..9 for /labels */
    /* NULL: Voronoi starts. Else every sequence q starts from the init's
     * frame q mod init->seqs (size and bubbles are taken from it), time
     * counted from the frame's time: /time = init time + start + t
     * interval (`simulate foam --init`). */
    const pg_foam_init *init;
    /* Nonzero: every sequence is one lattice decomposed into strips over
     * all ranks (foam_decomp.h), sequences one after another; else each
     * sequence runs whole on one rank. */
    int decompose;
    int slices;         /* sector rounds per MCS, random order (>= 1) */
} pg_foam_sim_opts;

/* Collective over comm (duplicated inside; MPI_COMM_NULL: a serial run
 * that makes no MPI call, for processes without MPI_Init). Rank 0 writes
 * `path`; its
 * progress (may be NULL; on other ranks ignored) counts the MCS of rank
 * 0's own sequences, `(frames - 1) * interval + start` per sequence. Every
 * rank returns the same status. */
pg_status pg_foam_simulate_write(const pg_foam_sim_opts *o, MPI_Comm comm,
                                 const char *path, pg_progress *progress);

/* The decomposed run behind pg_foam_simulate_write when o->decompose
 * (foam_simulate_decomp.c): rank 0 makes each sequence's start, the
 * ranks run it together, rank 0 writes each frame strip by strip as the
 * other ranks send theirs (rank 0 holds the start frame and one strip in transit; the
 * other ranks their strips only). The file equals a serial run's in layout and attributes
 * (`simulator` names the decomposition). Collective over comm. */
pg_status pg_foam_simulate_decomposed(const pg_foam_sim_opts *o,
                                      MPI_Comm comm, const char *path,
                                      pg_progress *progress);

/* Rank 0: open the atomic foam/1 writer for o's file with the
 * simulator's root attributes (/labels created empty; `simulator` names
 * the decomposition over `ranks` when o->decompose). Not collective. */
pg_status pg_foam_simulate_file_open(const pg_foam_sim_opts *o, int ranks,
                                     const char *path, pg_h5_file **out);

/* MCS a rank-0 progress bar should be created with. */
long pg_foam_simulate_progress_total(const pg_foam_sim_opts *o, int ranks);

#endif
