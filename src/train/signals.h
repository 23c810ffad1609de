/* Stop requests for long runs: SIGTERM, SIGINT and SIGUSR1 (Slurm's
 * preemption warning with --signal=B:USR1@T) only set a flag; the training
 * loop polls it once per step, finishes the step, checkpoints and exits.
 * Tests request a stop through the same flag (pg_signals_request). Not
 * collective: the trainer agrees on the flag across ranks itself. */
#ifndef PG_TRAIN_SIGNALS_H
#define PG_TRAIN_SIGNALS_H

#include "base/status.h"

/* Install the handlers (remembering the previous ones) and clear the
 * flag. */
pg_status pg_signals_install(void);
/* Put the previous handlers back. */
void pg_signals_restore(void);
/* The first signal number received since install (0: none). */
int pg_signals_pending(void);
/* Pseudo signal number of a stop requested by the program (tests). */
enum { PG_SIGNALS_REQUEST = 1000 };
/* Record a stop request as if signal signo had arrived. */
void pg_signals_request(int signo);
/* "SIGTERM", "SIGINT", "SIGUSR1", or "stop request". */
const char *pg_signals_name(int signo);

#endif
