/* The process's clocks, in seconds as doubles: every timer of the
 * toolkit (progress bars, training rates and checkpoint intervals,
 * benchmarks, profiles) reads one of these two. */
#ifndef PG_BASE_CLOCK_H
#define PG_BASE_CLOCK_H

/* Wall time from CLOCK_MONOTONIC: never steps back when the system
 * clock is set, so differences are durations. The origin is arbitrary. */
double pg_clock_now_s(void);
/* CPU time of the whole process (CLOCK_PROCESS_CPUTIME_ID: every
 * thread); against a pg_clock_now_s interval it tells how many cores
 * the work kept busy. */
double pg_clock_cpu_s(void);

#endif
