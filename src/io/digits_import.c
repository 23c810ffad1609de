#include "io/digits_import.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A well-formed row is under 200 bytes; anything near this is not one. */
enum { LINE_MAX_BYTES = 4096, FIELDS = PG_DIGITS_PIXELS + 1 };

typedef struct reader {
    const char *path;
    long line;
    pg_digits *d;
    int cap;
} reader;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static pg_status grow(reader *r)
{
    if (r->d->n < r->cap) return PG_OK;
    int cap = r->cap ? 2 * r->cap : 256;
    float *im = realloc(r->d->images,
                        (size_t)cap * PG_DIGITS_PIXELS * sizeof *im);
    if (!im) return PG_FAIL(PG_ERR_NOMEM, "%s: %d images", r->path, cap);
    r->d->images = im;
    int32_t *lb = realloc(r->d->labels, (size_t)cap * sizeof *lb);
    if (!lb) return PG_FAIL(PG_ERR_NOMEM, "%s: %d labels", r->path, cap);
    r->d->labels = lb;
    r->cap = cap;
    return PG_OK;
}

/* Parse one field [b, e) of the line starting at `line` as a finite number. */
static pg_status parse_number(const reader *r, const char *line,
                              const char *b, const char *e, int field,
                              double *v)
{
    while (b < e && is_blank(*b)) b++;
    while (e > b && is_blank(e[-1])) e--;
    long col = (long)(b - line) + 1;
    if (b == e)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: field %d is empty",
                       r->path, r->line, col, field);
    char tmp[64];
    size_t len = (size_t)(e - b);
    if (len >= sizeof tmp)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: field %d is not a number",
                       r->path, r->line, col, field);
    memcpy(tmp, b, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    *v = strtod(tmp, &end);
    if (end != tmp + len || errno == ERANGE || !isfinite(*v))
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: field %d '%s' is not a "
                       "finite number", r->path, r->line, col, field, tmp);
    return PG_OK;
}

static pg_status parse_row(reader *r, const char *line, size_t len)
{
    PG_CHECK(grow(r));
    float *px = r->d->images + (size_t)r->d->n * PG_DIGITS_PIXELS;
    const char *p = line, *end = line + len;
    int field = 0;
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *fe = comma ? comma : end;
        field++;
        if (field > FIELDS)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: more than %d fields "
                           "(64 pixels and a label expected)", r->path,
                           r->line, (long)(p - line) + 1, FIELDS);
        double v = 0;
        PG_CHECK(parse_number(r, line, p, fe, field, &v));
        long col = (long)(p - line) + 1;
        if (field <= PG_DIGITS_PIXELS) {
            if (v < 0 || v > PG_DIGITS_MAX_COUNT)
                return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: pixel %d is %g, "
                               "outside [0, %d]", r->path, r->line, col,
                               field, v, PG_DIGITS_MAX_COUNT);
            px[field - 1] = (float)(v / PG_DIGITS_MAX_COUNT);
        } else {
            if (v != floor(v) || v < 0 || v >= PG_DIGITS_CLASSES)
                return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%ld: label %g is not "
                               "an integer in [0, %d]", r->path, r->line,
                               col, v, PG_DIGITS_CLASSES - 1);
            r->d->labels[r->d->n] = (int32_t)v;
        }
        if (!comma) break;
        p = comma + 1;
    }
    if (field != FIELDS)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%zu: %d fields, expected %d "
                       "(64 pixels and a label)", r->path, r->line, len + 1,
                       field, FIELDS);
    r->d->n++;
    return PG_OK;
}

static pg_status read_lines(reader *r, gzFile f)
{
    char buf[LINE_MAX_BYTES];
    while (gzgets(f, buf, sizeof buf)) {
        r->line++;
        size_t len = strlen(buf);
        int has_nl = len > 0 && buf[len - 1] == '\n';
        if (!has_nl && len == sizeof buf - 1 && !gzeof(f))
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%zu: line longer than %d "
                           "bytes", r->path, r->line, len,
                           LINE_MAX_BYTES - 2);
        if (has_nl) len--;
        if (len > 0 && buf[len - 1] == '\r') len--;
        size_t k = 0;
        while (k < len && is_blank(buf[k])) k++;
        if (k == len) continue; /* blank line */
        PG_CHECK(parse_row(r, buf, len));
    }
    int err;
    const char *msg = gzerror(f, &err);
    if (err != Z_OK && err != Z_STREAM_END)
        return PG_FAIL(PG_ERR_IO, "%s: read failed after line %ld: %s",
                       r->path, r->line, msg);
    if (r->d->n == 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:1: no image rows", r->path,
                       r->line + 1);
    return PG_OK;
}

pg_status pg_digits_read(const char *path, pg_digits **out)
{
    *out = NULL;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return PG_FAIL(PG_ERR_IO, "%s: cannot open: %s", path,
                       errno ? strerror(errno) : "out of memory");
    reader r = {.path = path};
    r.d = calloc(1, sizeof *r.d);
    pg_status s = PG_OK;
    if (!r.d) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: digits", path);
        goto fail;
    }
    PG_CHECK_GOTO(s, read_lines(&r, f), fail);
    gzclose(f);
    *out = r.d;
    return PG_OK;
fail:
    gzclose(f);
    pg_digits_destroy(&r.d);
    return s;
}

void pg_digits_destroy(pg_digits **d)
{
    if (!d || !*d) return;
    free((*d)->images);
    free((*d)->labels);
    free(*d);
    *d = NULL;
}
