/* The one lock of the C API. Debian's parallel HDF5 is not built
 * thread-safe and FFTW's planner is not reentrant, so the calls that read
 * a checkpoint (physgan_open, physgan_foam_step when it rebuilds the
 * surrogate for other frames) or plan transforms (physgan_penalty_open)
 * hold this process-wide lock; generating, stepping and evaluating, the
 * calls of a time loop, run in parallel on separate handles. It guards
 * those libraries, not data: the API keeps no state of its own outside
 * its handles. */
#ifndef PG_API_LOCK_H
#define PG_API_LOCK_H

void pg_api_lock(void);
void pg_api_unlock(void);

#endif
