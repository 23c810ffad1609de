/* The training watchdog (watchdog.h). */
#include "train/watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"

enum { HOST_LEN = 64, MSG_LEN = 8192 };

typedef struct peer {
    long pid;
    char host[HOST_LEN];
} peer;

struct pg_watchdog {
    double seconds;
    int rank, size;
    peer *peers;
    char *log_path;
    _Atomic long long beat_ms;   /* pg_clock_now_s of the last beat, ms */
    _Atomic long long longest_ms; /* longest interval between two beats */
    _Atomic int beaten;          /* a beat came: start-up is over */
    _Atomic long long step;
    _Atomic(const char *) what;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;                    /* under lock */
};

static long long now_ms(void) { return (long long)(1e3 * pg_clock_now_s()); }

/* The silence that ends the run now, in ms: start-up (data, models, the
 * checkpoint read) gets PG_WATCHDOG_STARTUP_FACTOR x seconds; after it,
 * seconds or PG_WATCHDOG_INTERVAL_FACTOR x the longest interval between
 * two beats so far, whichever is longer, so that a job whose steps or
 * checkpoints are slow by nature is not ended for them. */
static long long limit_ms(const pg_watchdog *w)
{
    double floor_ms = 1e3 * w->seconds;
    if (!atomic_load(&w->beaten))
        return (long long)(PG_WATCHDOG_STARTUP_FACTOR * floor_ms);
    double seen = PG_WATCHDOG_INTERVAL_FACTOR *
                  (double)atomic_load(&w->longest_ms);
    return (long long)(seen > floor_ms ? seen : floor_ms);
}

/* What /proc says of a process on this host. */
static const char *process_state(long pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return "is gone (killed, or it crashed)";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return "is gone (killed, or it crashed)";
    buf[n] = 0;
    const char *p = strrchr(buf, ')');
    switch (p && p[1] ? p[2] : '?') {
    case 'T': return "is stopped (SIGSTOP or a debugger)";
    case 't': return "is stopped by a debugger";
    case 'Z': case 'X': return "is gone (killed, or it crashed)";
    case 'D': return "is waiting for I/O in the kernel (a hung file system?)";
    case 'R': return "is running (busy, or waiting in a collective)";
    case 'S': return "is sleeping (waiting for a message?)";
    default: return "is in an unknown state";
    }
}

static void report(pg_watchdog *w, long long limit)
{
    char *msg = malloc(MSG_LEN);
    if (!msg) _exit(1);
    const peer *me = &w->peers[w->rank];
    size_t len = (size_t)snprintf(msg, MSG_LEN,
        "watchdog: rank %d of %d (pid %ld on %s): no progress for %.0f s "
        "(%s; [train] watchdog_seconds = %g) after step %lld, while %s\n",
        w->rank, w->size, me->pid, me->host, 1e-3 * (double)limit,
        !atomic_load(&w->beaten) ? "the start-up limit"
        : limit > (long long)(1e3 * w->seconds)
            ? "the limit from the longest interval seen"
            : "the limit",
        w->seconds, (long long)atomic_load(&w->step),
        atomic_load(&w->what));
    for (int k = 0; k < w->size && len < MSG_LEN; k++) {
        if (k == w->rank) continue;
        const peer *p = &w->peers[k];
        if (strcmp(p->host, me->host))
            len += (size_t)snprintf(msg + len, MSG_LEN - len,
                "watchdog:   rank %d (pid %ld on %s): another host, not "
                "checked from here\n", k, p->pid, p->host);
        else
            len += (size_t)snprintf(msg + len, MSG_LEN - len,
                "watchdog:   rank %d (pid %ld on %s) %s\n", k, p->pid,
                p->host, process_state(p->pid));
    }
    if (len < MSG_LEN)
        len += (size_t)snprintf(msg + len, MSG_LEN - len,
            "watchdog: rank %d ends its process (exit 1) so that the job "
            "ends; the newest checkpoint is complete: continue with "
            "--resume\n", w->rank);
    if (len >= MSG_LEN) len = MSG_LEN - 1;
    /* Best effort: the process ends whatever the writes do. */
    if (write(STDERR_FILENO, msg, len) < 0) len = 0;
    int fd = w->log_path ? open(w->log_path, O_WRONLY | O_APPEND) : -1;
    if (fd >= 0) {
        if (write(fd, msg, len) < 0) len = 0;
        close(fd);
    }
    free(msg);
}

static void *watch(void *arg)
{
    pg_watchdog *w = arg;
    /* Look a few times per period, at most once a second. */
    double tick = w->seconds / 4 < 1 ? w->seconds / 4 : 1;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long long ns = until.tv_nsec + (long long)(tick * 1e9);
        until.tv_sec += (time_t)(ns / 1000000000LL);
        until.tv_nsec = (long)(ns % 1000000000LL);
        pthread_cond_timedwait(&w->wake, &w->lock, &until);
        if (w->stop) break;
        long long limit = limit_ms(w);
        if (now_ms() - atomic_load(&w->beat_ms) > limit) {
            report(w, limit);
            /* Not exit(): the main thread is blocked inside MPI, and
             * atexit handlers and MPI's own would wait for it. */
            _exit(1);
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void free_watchdog(pg_watchdog *w)
{
    free(w->peers);
    free(w->log_path);
    free(w);
}

pg_status pg_watchdog_start(MPI_Comm comm, double seconds,
                            const char *log_path, pg_watchdog **out)
{
    *out = NULL;
    if (seconds <= 0) return PG_OK;
    pg_watchdog *w = calloc(1, sizeof *w);
    if (!w) return PG_FAIL(PG_ERR_NOMEM, "watchdog");
    w->seconds = seconds;
    w->size = 1;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &w->rank);
        MPI_Comm_size(comm, &w->size);
    }
    w->peers = calloc((size_t)w->size, sizeof *w->peers);
    w->log_path = log_path ? strdup(log_path) : NULL;
    /* Every rank reaches the exchange, whatever failed before it. */
    peer me = {.pid = (long)getpid()};
    if (gethostname(me.host, HOST_LEN - 1) != 0) strcpy(me.host, "?");
    int ok = w->peers && (!log_path || w->log_path);
    if (comm != MPI_COMM_NULL) {
        int all_ok = 0;
        if (MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm) !=
            MPI_SUCCESS)
            all_ok = 0;
        if (all_ok && MPI_Allgather(&me, (int)sizeof me, MPI_BYTE, w->peers,
                                    (int)sizeof me, MPI_BYTE, comm) !=
                          MPI_SUCCESS) {
            free_watchdog(w);
            return PG_FAIL(PG_ERR_MPI, "watchdog: MPI_Allgather of the "
                           "ranks' pids failed");
        }
        ok = all_ok;
    } else if (ok) {
        w->peers[0] = me;
    }
    if (!ok) {
        free_watchdog(w);
        return PG_FAIL(PG_ERR_NOMEM, "watchdog (on this rank or another)");
    }
    atomic_store(&w->beat_ms, now_ms());
    atomic_store(&w->longest_ms, 0);
    atomic_store(&w->beaten, 0);
    atomic_store(&w->step, 0);
    atomic_store(&w->what, "starting (data, models, the checkpoint to "
                 "resume from)");
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    int rc = pthread_create(&w->thread, NULL, watch, w);
    if (rc != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free_watchdog(w);
        /* The caller agrees on it over the ranks (train_loop.c). */
        return PG_FAIL(PG_ERR_STATE, "watchdog: cannot start its thread: "
                       "%s", strerror(rc));
    }
    *out = w;
    return PG_OK;
}

void pg_watchdog_beat(pg_watchdog *w, int64_t step, const char *what)
{
    if (!w) return;
    long long now = now_ms();
    /* The start-up's own length is not an interval between beats. */
    if (atomic_load(&w->beaten)) {
        long long gap = now - atomic_load(&w->beat_ms);
        if (gap > atomic_load(&w->longest_ms))
            atomic_store(&w->longest_ms, gap);
    }
    atomic_store(&w->step, (long long)step);
    atomic_store(&w->what, what);
    atomic_store(&w->beat_ms, now);
    atomic_store(&w->beaten, 1);
}

void pg_watchdog_stop(pg_watchdog **wp)
{
    if (!wp || !*wp) return;
    pg_watchdog *w = *wp;
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free_watchdog(w);
    *wp = NULL;
}
