#include "base/clock.h"

#include <time.h>

static double seconds_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double pg_clock_now_s(void) { return seconds_of(CLOCK_MONOTONIC); }

double pg_clock_cpu_s(void) { return seconds_of(CLOCK_PROCESS_CPUTIME_ID); }
