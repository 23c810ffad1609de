/* Status codes and the error chain.
 *
 * Every fallible library function returns a pg_status. On failure the
 * function that detects the problem calls PG_FAIL(...) with a message, and
 * every caller on the way up wraps the call in PG_CHECK(...), which appends
 * file:line:function to a per-thread chain. The CLI prints the chain once at
 * the top. Library code never exits or aborts.
 */
#ifndef PG_BASE_STATUS_H
#define PG_BASE_STATUS_H

#include <stdio.h>

typedef enum pg_status {
    PG_OK = 0,
    PG_ERR_ARG,      /* invalid argument or usage */
    PG_ERR_CONFIG,   /* bad job file or override */
    PG_ERR_IO,       /* file missing, unreadable, unwritable, disk full */
    PG_ERR_FORMAT,   /* file readable but malformed */
    PG_ERR_NOMEM,    /* allocation failed */
    PG_ERR_SHAPE,    /* tensor shapes do not fit together */
    PG_ERR_NUMERIC,  /* NaN, Inf, no convergence */
    PG_ERR_MPI,      /* MPI call failed or ranks disagree */
    PG_ERR_STATE,    /* call not valid in the object's current state */
    PG_ERR_INTERNAL, /* a bug in physgan */
    PG_STATUS_COUNT
} pg_status;

/* Short human-readable name of a status ("invalid argument", ...). */
const char *pg_strerror(pg_status s);

/* Start a new chain with a printf-style message; returns s. */
pg_status pg_error_raise(pg_status s, const char *file, int line,
                         const char *func, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Append a frame (file:line:func) to the current chain; returns s. */
pg_status pg_error_trace(pg_status s, const char *file, int line,
                         const char *func);

/* Number of frames in the chain; frame 0 is where the error was raised. */
int pg_error_depth(void);
/* Message of the raised error ("" when no error is pending). */
const char *pg_error_message(void);
/* Status of the raised error (PG_OK when none). */
pg_status pg_error_status(void);
/* Print "error: <message>" and then one line per frame to f. */
void pg_error_print(FILE *f);
/* Forget the current chain (after handling an error). */
void pg_error_clear(void);

#define PG_FAIL(status, ...) \
    pg_error_raise((status), __FILE__, __LINE__, __func__, __VA_ARGS__)

/* Evaluate a call returning pg_status; on failure trace and return it. */
#define PG_CHECK(call)                                                     \
    do {                                                                   \
        pg_status pg_check_s_ = (call);                                    \
        if (pg_check_s_ != PG_OK)                                          \
            return pg_error_trace(pg_check_s_, __FILE__, __LINE__,         \
                                  __func__);                               \
    } while (0)

/* Same, but jumps to a cleanup label with the status stored in `st`. */
#define PG_CHECK_GOTO(st, call, label)                                     \
    do {                                                                   \
        (st) = (call);                                                     \
        if ((st) != PG_OK) {                                               \
            pg_error_trace((st), __FILE__, __LINE__, __func__);            \
            goto label;                                                    \
        }                                                                  \
    } while (0)

#endif
