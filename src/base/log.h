/* Logging with levels, aware of the MPI rank: by default only rank 0
 * prints (to stderr); pg_log_configure can let every rank print, prefixed
 * with its rank, and/or mirror every rank's messages into its own file. */
#ifndef PG_BASE_LOG_H
#define PG_BASE_LOG_H

#include "base/status.h"

typedef enum pg_log_level {
    PG_LOG_DEBUG,
    PG_LOG_INFO,
    PG_LOG_WARN,
    PG_LOG_ERROR,
    PG_LOG_QUIET, /* nothing */
} pg_log_level;

/* rank: this process's rank (0 when not under MPI). all_ranks: print on
 * every rank, not only 0. file: when not NULL, every rank also writes to
 * "<file>.<rank>" (created/truncated). */
pg_status pg_log_configure(pg_log_level level, int rank, int all_ranks,
                           const char *file);
pg_log_level pg_log_level_get(void);
/* Parse "debug|info|warn|error|quiet". */
pg_status pg_log_level_parse(const char *s, pg_log_level *out);
void pg_log(pg_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pg_log_close(void);

#define pg_debug(...) pg_log(PG_LOG_DEBUG, __VA_ARGS__)
#define pg_info(...) pg_log(PG_LOG_INFO, __VA_ARGS__)
#define pg_warn(...) pg_log(PG_LOG_WARN, __VA_ARGS__)

#endif
