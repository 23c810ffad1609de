/* The training watchdog ([train] watchdog_seconds, docs/hpc.md): ends a
 * run that stopped making progress where MPI does not end it.
 *
 * When a rank dies, Open MPI's mpiexec (and srun) end the job and name the
 * rank. When a rank hangs instead (stopped, stuck in I/O, its node cut off
 * without its processes dying), or under a launcher that does not watch
 * its processes, the other ranks wait in a collective call forever. Every
 * rank runs a watchdog thread from the run's start (pg_run_start); the
 * training loop beats it after each step, sample file and checkpoint. When
 * no beat came for the limit (below), the thread prints which rank it is,
 * the last step it finished, and what it can see of the other ranks on
 * its own host (each rank's pid and host are
 * exchanged at the start: /proc tells whether a peer is gone, stopped or
 * running), then ends the process with _exit(1): the launcher ends the
 * others, or their own watchdogs do. The newest checkpoint was committed
 * before the hang (checkpoints are collective and atomic), so --resume
 * continues from it. */
#ifndef PG_TRAIN_WATCHDOG_H
#define PG_TRAIN_WATCHDOG_H

#include <mpi.h>
#include <stdint.h>

#include "base/status.h"

typedef struct pg_watchdog pg_watchdog;

/* The limit: `seconds` (the [train] watchdog_seconds floor), or this many
 * times the longest interval between two beats seen so far when that is
 * longer; from the start to the first beat (start-up: data, models, the
 * checkpoint read), this many times `seconds`. */
#define PG_WATCHDOG_INTERVAL_FACTOR 20.0
#define PG_WATCHDOG_STARTUP_FACTOR 3.0

/* Collective over comm (MPI_COMM_NULL: one process): exchange pids and
 * hosts, then start the thread. seconds <= 0: no watchdog (*out = NULL).
 * log_path: a file the message is also appended to (NULL: none). */
pg_status pg_watchdog_start(MPI_Comm comm, double seconds,
                            const char *log_path, pg_watchdog **out);
/* Progress: `step` finished; `what` says what comes next ("step", "writing
 * a checkpoint"), for the message. Not collective; NULL w is a no-op. */
void pg_watchdog_beat(pg_watchdog *w, int64_t step, const char *what);
/* Stop and join the thread; accepts NULL. */
void pg_watchdog_stop(pg_watchdog **w);

#endif
