/* Rank-aware logging to stderr and optional per-rank files.
 *
 * Each message is formatted into a buffer first and written with one call
 * while the stream is locked (flockfile), so lines from OpenMP threads do
 * not interleave. */
#include "base/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static struct {
    pg_log_level level;
    int rank;
    int all_ranks;
    FILE *file;
} lg = {PG_LOG_INFO, 0, 0, NULL};

static const char *const level_names[] = {"debug", "info", "warn", "error",
                                          "quiet"};
_Static_assert(sizeof level_names / sizeof level_names[0] == PG_LOG_QUIET + 1,
               "one name per level");

pg_status pg_log_level_parse(const char *s, pg_log_level *out)
{
    for (int i = 0; i <= PG_LOG_QUIET; i++)
        if (strcasecmp(s, level_names[i]) == 0) {
            *out = (pg_log_level)i;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_ARG,
                   "log level '%s': expected debug, info, warn, error or quiet",
                   s);
}

pg_status pg_log_configure(pg_log_level level, int rank, int all_ranks,
                           const char *file)
{
    if ((int)level < PG_LOG_DEBUG || level > PG_LOG_QUIET || rank < 0)
        return PG_FAIL(PG_ERR_ARG, "log level %d / rank %d out of range",
                       (int)level, rank);
    pg_log_close();
    lg.level = level;
    lg.rank = rank;
    lg.all_ranks = all_ranks != 0;
    if (!file) return PG_OK;
    char name[4096];
    int n = snprintf(name, sizeof name, "%s.%d", file, rank);
    if (n < 0 || (size_t)n >= sizeof name)
        return PG_FAIL(PG_ERR_ARG, "log file name too long: %s", file);
    lg.file = fopen(name, "w");
    if (!lg.file)
        return PG_FAIL(PG_ERR_IO, "cannot open log file %s: %s", name,
                       strerror(errno));
    return PG_OK;
}

pg_log_level pg_log_level_get(void) { return lg.level; }

void pg_log_close(void)
{
    if (lg.file) fclose(lg.file);
    lg.file = NULL;
}

static const char *level_prefix(pg_log_level level)
{
    switch (level) {
    case PG_LOG_DEBUG: return "debug: ";
    case PG_LOG_WARN: return "warning: ";
    case PG_LOG_ERROR: return "error: ";
    default: return "";
    }
}

/* "2024-05-01T12:00:00.123" in local time. */
static void timestamp(char *buf, size_t n)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    size_t len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + len, n - len, ".%03ld", ts.tv_nsec / 1000000);
}

static void write_locked(FILE *f, const char *text)
{
    flockfile(f);
    fputs(text, f);
    fflush(f);
    funlockfile(f);
}

void pg_log(pg_log_level level, const char *fmt, ...)
{
    if (level < lg.level || level >= PG_LOG_QUIET) return;
    int to_stderr = lg.rank == 0 || lg.all_ranks;
    if (!to_stderr && !lg.file) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Callers may or may not end with a newline; every line gets one. */
    size_t len = strlen(msg);
    if (len && msg[len - 1] == '\n') msg[len - 1] = '\0';
    const char *prefix = level_prefix(level);
    char line[2200];
    if (to_stderr) {
        char rank[32] = "";
        if (lg.all_ranks) snprintf(rank, sizeof rank, "[rank %d] ", lg.rank);
        snprintf(line, sizeof line, "%sphysgan: %s%s\n", rank, prefix, msg);
        write_locked(stderr, line);
    }
    if (lg.file) {
        char when[64];
        timestamp(when, sizeof when);
        snprintf(line, sizeof line, "%s [rank %d] %s: %s\n", when, lg.rank,
                 level_names[level], msg);
        write_locked(lg.file, line);
    }
}
