#include "base/status.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

static const char *const status_names[] = {
    [PG_OK] = "ok",
    [PG_ERR_ARG] = "invalid argument",
    [PG_ERR_CONFIG] = "configuration error",
    [PG_ERR_IO] = "I/O error",
    [PG_ERR_FORMAT] = "malformed input",
    [PG_ERR_NOMEM] = "out of memory",
    [PG_ERR_SHAPE] = "shape mismatch",
    [PG_ERR_NUMERIC] = "numerical failure",
    [PG_ERR_MPI] = "MPI error",
    [PG_ERR_STATE] = "invalid state",
    [PG_ERR_INTERNAL] = "internal error",
};
static_assert(sizeof status_names / sizeof status_names[0] == PG_STATUS_COUNT,
              "one name per status");

const char *pg_strerror(pg_status s)
{
    if ((int)s < 0 || s >= PG_STATUS_COUNT) return "unknown status";
    return status_names[s];
}

enum { MAX_FRAMES = 32, MSG_LEN = 1024, LOC_LEN = 160 };

/* Per-thread so that OpenMP workers cannot interleave chains. */
static _Thread_local struct {
    pg_status status;
    char message[MSG_LEN];
    int depth;
    char frames[MAX_FRAMES][LOC_LEN];
} chain;

static void add_frame(const char *file, int line, const char *func)
{
    if (chain.depth >= MAX_FRAMES) return;
    const char *slash = strstr(file, "src/");
    if (!slash) slash = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    snprintf(chain.frames[chain.depth++], LOC_LEN, "%s:%d:%s", slash, line,
             func);
}

pg_status pg_error_raise(pg_status s, const char *file, int line,
                         const char *func, const char *fmt, ...)
{
    chain.status = s;
    chain.depth = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(chain.message, MSG_LEN, fmt, ap);
    va_end(ap);
    add_frame(file, line, func);
    return s;
}

pg_status pg_error_trace(pg_status s, const char *file, int line,
                         const char *func)
{
    if (chain.status == PG_OK) {
        /* A status came back without a raised message: still report it. */
        chain.status = s;
        snprintf(chain.message, MSG_LEN, "%s", pg_strerror(s));
        chain.depth = 0;
    }
    add_frame(file, line, func);
    return s;
}

int pg_error_depth(void) { return chain.depth; }
const char *pg_error_message(void) { return chain.status ? chain.message : ""; }
pg_status pg_error_status(void) { return chain.status; }

void pg_error_print(FILE *f)
{
    if (chain.status == PG_OK) return;
    fprintf(f, "error: %s (%s)\n", chain.message, pg_strerror(chain.status));
    for (int i = 0; i < chain.depth; i++)
        fprintf(f, "  %s %s\n", i == 0 ? "at" : "from", chain.frames[i]);
}

void pg_error_clear(void)
{
    chain.status = PG_OK;
    chain.message[0] = '\0';
    chain.depth = 0;
}
