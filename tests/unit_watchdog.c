/* The training watchdog's limit (train/watchdog.h): a silence longer than
 * the limit ends the process with exit 1, a shorter one does not; the
 * limit grows with the longest interval between beats seen, and start-up
 * gets PG_WATCHDOG_STARTUP_FACTOR times the floor. Each case runs in a
 * forked child (the watchdog _exits its process); seconds are scaled down
 * to keep the test short. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"
#include "train/watchdog.h"

static void sleep_s(double s)
{
    struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&t, &t) != 0) {}
}

/* The child's exit status: start a watchdog of `floor` seconds, beat after
 * each of the n gaps (seconds; gaps[0] is the start-up), then stop it and
 * exit 0. The watchdog's own exit is 1. */
static int run_child(double floor, const double *gaps, int n)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* The watchdog's message would clutter the log: keep it out. */
        if (!freopen("/dev/null", "w", stderr)) _exit(3);
        pg_watchdog *w = NULL;
        if (pg_watchdog_start(MPI_COMM_NULL, floor, NULL, &w) != PG_OK)
            _exit(2);
        for (int i = 0; i < n; i++) {
            sleep_s(gaps[i]);
            pg_watchdog_beat(w, i, "in a step");
        }
        pg_watchdog_stop(&w);
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Floor 0.5 s throughout: the start-up limit is 1.5 s, and the limit after
 * it 0.5 s until an interval longer than 0.025 s is seen (20 x 0.025).
 * Silences that must end the run are at least twice the limit even when a
 * short sleep overruns by 0.1 s on a loaded machine. */
enum { ENDED = 1, PASSED = 0 };

static void test_silence_past_the_floor_ends_the_run(void)
{
    double gaps[] = {0.02, 0.02, 3.0, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, gaps, 4), ENDED);
}

static void test_silence_under_the_floor_passes(void)
{
    double gaps[] = {0.02, 0.02, 0.1, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, gaps, 4), PASSED);
}

static void test_limit_grows_with_the_longest_interval(void)
{
    /* One 0.15 s interval: the limit becomes 20 x 0.15 = 3 s, so 1.5 s of
     * silence passes where the 0.5 s floor alone would end the run ... */
    double slow[] = {0.02, 0.15, 0.02, 1.5, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, slow, 5), PASSED);
    /* ... and 8 s does not (ended at about 3 s). */
    double slower[] = {0.02, 0.15, 0.02, 8.0, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, slower, 5), ENDED);
}

static void test_start_up_gets_three_floors(void)
{
    /* Start-up 1 s: over the 0.5 s floor, under 3 x 0.5 s: passes ... */
    double ok[] = {1.0, 0.02, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, ok, 3), PASSED);
    /* ... and is not an interval: counted, it would lift the limit to
     * 20 s and 3 s of silence later would pass. */
    double late[] = {1.0, 0.02, 3.0, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, late, 4), ENDED);
    /* A start-up past 1.5 s is ended. */
    double hung[] = {4.0, 0.02};
    CU_ASSERT_EQUAL(run_child(0.5, hung, 2), ENDED);
}

static void test_zero_is_off(void)
{
    pg_watchdog *w = (pg_watchdog *)1;
    PG_ASSERT_OK(pg_watchdog_start(MPI_COMM_NULL, 0, NULL, &w));
    CU_ASSERT_PTR_NULL(w);
    pg_watchdog_beat(w, 1, "in a step"); /* NULL: no-op */
    pg_watchdog_stop(&w);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("watchdog");
    PG_TEST(s, test_silence_past_the_floor_ends_the_run);
    PG_TEST(s, test_silence_under_the_floor_passes);
    PG_TEST(s, test_limit_grows_with_the_longest_interval);
    PG_TEST(s, test_start_up_gets_three_floors);
    PG_TEST(s, test_zero_is_off);
}
