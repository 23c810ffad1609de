/* Cross-rank agreement: before a collective step, every rank learns
 * whether any rank has failed (or raised a flag), so that no rank enters
 * a collective call that another one has left and waits there forever.
 * Trainers, generate, the foam simulator and the collective HDF5 writer
 * (io/h5.h, which is handed it as a function because io sits beside
 * dist, not above it) all agree through these. io/checkpoint.c still
 * broadcasts rank 0's write status by itself, inside its RNG gather. */
#ifndef PG_DIST_AGREE_H
#define PG_DIST_AGREE_H

#include <mpi.h>

#include "base/status.h"

/* Each takes MPI_COMM_NULL for one process without MPI (MPI need not
 * be initialised): st, or the flags, as they are. */

/* Collective over comm: PG_OK on every rank only when st is PG_OK on all
 * of them. A failing rank returns its own st; a rank that was fine gets
 * the error of the lowest failing rank, its code and "rank R: message",
 * so that rank 0, which alone prints (train), tells what went wrong and
 * where. */
pg_status pg_dist_agree(MPI_Comm comm, pg_status st);
/* Collective over comm: as pg_dist_agree, for commands in which every
 * rank prints its own error (generate, simulate foam, the collective
 * HDF5 writer): a rank that was fine gets PG_ERR_MPI "failed on another
 * rank (which prints its own error)". Nothing but one integer crosses
 * the ranks. */
pg_status pg_dist_agree_each(MPI_Comm comm, pg_status st);
/* Collective over comm: flags[0..n) <- their maximum over the ranks, in
 * place: a flag that one rank raised (nonzero) is raised on all; what
 * names them in the error message when MPI fails. */
pg_status pg_dist_agree_flags(MPI_Comm comm, int *flags, int n,
                              const char *what);

#endif
