#include "physics/protein/io/protein_lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct pg_protein_lines {
    gzFile f;
    char *path;
    long number;
    char *buf;
    size_t cap;
};

pg_status pg_protein_lines_open(const char *path, pg_protein_lines **out)
{
    *out = NULL;
    pg_protein_lines *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "%s: reader", path);
    r->cap = 4096;
    r->buf = malloc(r->cap);
    r->path = malloc(strlen(path) + 1);
    if (!r->buf || !r->path) {
        pg_protein_lines_close(&r);
        return PG_FAIL(PG_ERR_NOMEM, "%s: reader", path);
    }
    strcpy(r->path, path);
    r->f = gzopen(path, "rb");
    if (!r->f) {
        int e = errno;
        pg_protein_lines_close(&r);
        return PG_FAIL(PG_ERR_IO, "%s: cannot open: %s", path,
                       e ? strerror(e) : "out of memory");
    }
    *out = r;
    return PG_OK;
}

void pg_protein_lines_close(pg_protein_lines **r)
{
    if (!r || !*r) return;
    if ((*r)->f) gzclose((*r)->f);
    free((*r)->buf);
    free((*r)->path);
    free(*r);
    *r = NULL;
}

pg_status pg_protein_lines_next(pg_protein_lines *r, char **line)
{
    *line = NULL;
    size_t len = 0;
    for (;;) {
        if (!gzgets(r->f, r->buf + len, (int)(r->cap - len))) break;
        len += strlen(r->buf + len);
        if (len > 0 && r->buf[len - 1] == '\n') break;
        if (len + 1 < r->cap) break; /* last line without a newline */
        char *b = realloc(r->buf, r->cap * 2);
        if (!b) return PG_FAIL(PG_ERR_NOMEM, "%s:%ld: line of %zu bytes",
                               r->path, r->number + 1, len);
        r->buf = b;
        r->cap *= 2;
    }
    int err = 0;
    const char *msg = gzerror(r->f, &err);
    if (err != Z_OK && err != Z_BUF_ERROR)
        return PG_FAIL(PG_ERR_IO, "%s:%ld: read error: %s", r->path,
                       r->number + 1, msg);
    if (len == 0 && gzeof(r->f)) return PG_OK;
    while (len > 0 && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
        r->buf[--len] = '\0';
    r->number++;
    *line = r->buf;
    return PG_OK;
}

long pg_protein_lines_number(const pg_protein_lines *r) { return r->number; }
const char *pg_protein_lines_path(const pg_protein_lines *r)
{
    return r->path;
}
