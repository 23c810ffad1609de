#include "io/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One field of a line: its unquoted text (a slice of the scratch buffer)
 * and the 1-based byte column where it starts. */
typedef struct field {
    size_t off, len;
    int col;
} field;

typedef struct line_fields {
    field *f;
    size_t n, cap;
    char *text;  /* unquoted field texts, each NUL-terminated */
    size_t text_cap;
} line_fields;

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }

static pg_status push_field(line_fields *lf, size_t off, size_t len, int col)
{
    if (lf->n == lf->cap) {
        size_t cap = lf->cap ? 2 * lf->cap : 16;
        field *f = realloc(lf->f, cap * sizeof *f);
        if (!f) return PG_FAIL(PG_ERR_NOMEM, "csv fields");
        lf->f = f;
        lf->cap = cap;
    }
    lf->f[lf->n++] = (field){off, len, col};
    return PG_OK;
}

/* Split the line [p, p+len) into fields. A line never grows when
 * unquoted, so len + one NUL per field bounds the scratch text. */
static pg_status split_line(const char *src, const char *p, size_t len,
                            long lineno, line_fields *lf)
{
    lf->n = 0;
    if (lf->text_cap < 2 * len + 2) {
        char *t = realloc(lf->text, 2 * len + 2);
        if (!t) return PG_FAIL(PG_ERR_NOMEM, "csv line");
        lf->text = t;
        lf->text_cap = 2 * len + 2;
    }
    size_t i = 0, out = 0;
    for (;;) {
        size_t first = i;
        while (i < len && is_blank(p[i])) i++;
        /* An empty field is reported where it begins, others at their
         * first character. */
        int col = (int)(i == len || p[i] == ',' ? first : i) + 1;
        size_t start = out;
        if (i < len && p[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return PG_FAIL(PG_ERR_FORMAT,
                                   "%s:%ld:%d: unterminated quoted field",
                                   src, lineno, col);
                if (p[i] == '"') {
                    if (i + 1 < len && p[i + 1] == '"') {
                        lf->text[out++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                lf->text[out++] = p[i++];
            }
            while (i < len && is_blank(p[i])) i++;
            if (i < len && p[i] != ',')
                return PG_FAIL(PG_ERR_FORMAT,
                               "%s:%ld:%d: unexpected '%c' after a closing "
                               "quote (expected ',' or the end of the line)",
                               src, lineno, (int)i + 1, p[i]);
        } else {
            while (i < len && p[i] != ',') lf->text[out++] = p[i++];
            while (out > start && is_blank(lf->text[out - 1])) out--;
        }
        lf->text[out++] = '\0';
        PG_CHECK(push_field(lf, start, out - 1 - start, col));
        if (i >= len) break;
        i++; /* the comma */
        if (i == len) { /* a trailing comma starts an empty last field */
            lf->text[out++] = '\0';
            PG_CHECK(push_field(lf, out - 1, 0, (int)i + 1));
            break;
        }
    }
    return PG_OK;
}

static pg_status parse_number(const char *src, long lineno, const field *f,
                              const char *text, const char *name, double *v)
{
    if (f->len == 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%d: empty cell in column '%s'",
                       src, lineno, f->col, name);
    char *end;
    errno = 0;
    double x = strtod(text, &end);
    if (end == text || *end)
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s:%ld:%d: '%s' in column '%s' is not a number", src,
                       lineno, f->col, text, name);
    if (errno == ERANGE && fabs(x) > 1)
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s:%ld:%d: '%s' in column '%s' is out of the range "
                       "of a double", src, lineno, f->col, text, name);
    if (!isfinite(x))
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s:%ld:%d: '%s' in column '%s': NaN and Inf are not "
                       "allowed", src, lineno, f->col, text, name);
    *v = x;
    return PG_OK;
}

static pg_status take_header(pg_csv *c, const line_fields *lf, long lineno)
{
    c->names = calloc(lf->n, sizeof *c->names);
    if (!c->names) return PG_FAIL(PG_ERR_NOMEM, "csv names");
    c->cols = lf->n;
    for (size_t j = 0; j < lf->n; j++) {
        const field *f = &lf->f[j];
        const char *name = lf->text + f->off;
        if (f->len == 0)
            return PG_FAIL(PG_ERR_FORMAT,
                           "%s:%ld:%d: empty name for column %zu in the header",
                           c->source, lineno, f->col, j + 1);
        for (size_t k = 0; k < j; k++)
            if (!strcmp(c->names[k], name))
                return PG_FAIL(PG_ERR_FORMAT,
                               "%s:%ld:%d: duplicate column name '%s' (also "
                               "column %zu)", c->source, lineno, f->col, name,
                               k + 1);
        c->names[j] = strdup(name);
        if (!c->names[j]) return PG_FAIL(PG_ERR_NOMEM, "csv name");
    }
    return PG_OK;
}

static pg_status take_row(pg_csv *c, const line_fields *lf, long lineno,
                          size_t line_len, size_t *cap)
{
    if (lf->n != c->cols) {
        int col = lf->n > c->cols ? lf->f[c->cols].col : (int)line_len + 1;
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s:%ld:%d: row has %zu fields, the header has %zu",
                       c->source, lineno, col, lf->n, c->cols);
    }
    if (c->rows == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        double *d = realloc(c->data, ncap * c->cols * sizeof *d);
        if (!d) return PG_FAIL(PG_ERR_NOMEM, "csv data");
        c->data = d;
        *cap = ncap;
    }
    double *row = c->data + c->rows * c->cols;
    for (size_t j = 0; j < c->cols; j++)
        PG_CHECK(parse_number(c->source, lineno, &lf->f[j],
                              lf->text + lf->f[j].off, c->names[j], &row[j]));
    c->rows++;
    return PG_OK;
}

static pg_status parse_lines(pg_csv *c, const char *text, size_t len,
                             line_fields *lf)
{
    size_t pos = 0, cap = 0;
    long lineno = 0, header_line = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;
    while (pos < len) {
        const char *p = text + pos;
        const char *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + (nl != NULL);
        lineno++;
        if (n > 0 && p[n - 1] == '\r') n--;
        size_t k = 0;
        while (k < n && is_blank(p[k])) k++;
        if (k == n) continue; /* blank line */
        PG_CHECK(split_line(c->source, p, n, lineno, lf));
        if (!c->names) {
            PG_CHECK(take_header(c, lf, lineno));
            header_line = c->header_line = lineno;
        } else {
            PG_CHECK(take_row(c, lf, lineno, n, &cap));
        }
    }
    if (!c->names)
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s:1:1: empty file (expected a header row of column "
                       "names)", c->source);
    if (c->rows == 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld:1: no data rows after the header",
                       c->source, header_line + 1);
    return PG_OK;
}

pg_status pg_csv_parse(const char *text, size_t len, const char *source,
                       pg_csv **out)
{
    *out = NULL;
    pg_csv *c = calloc(1, sizeof *c);
    if (!c) return PG_FAIL(PG_ERR_NOMEM, "csv");
    c->source = strdup(source ? source : "<csv>");
    line_fields lf = {0};
    pg_status s = c->source ? parse_lines(c, text, len, &lf)
                            : PG_FAIL(PG_ERR_NOMEM, "csv source");
    free(lf.f);
    free(lf.text);
    if (s != PG_OK) {
        pg_csv_destroy(&c);
        return pg_error_trace(s, __FILE__, __LINE__, __func__);
    }
    *out = c;
    return PG_OK;
}

pg_status pg_csv_read(const char *path, pg_csv **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return PG_FAIL(PG_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return PG_FAIL(PG_ERR_NOMEM, "csv buffer");
    }
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *b = realloc(buf, 2 * cap);
            if (!b) {
                free(buf);
                fclose(f);
                return PG_FAIL(PG_ERR_NOMEM, "csv buffer");
            }
            buf = b;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return PG_FAIL(PG_ERR_IO, "%s: read error", path);
    }
    pg_status s = pg_csv_parse(buf, len, path, out);
    free(buf);
    if (s != PG_OK) return pg_error_trace(s, __FILE__, __LINE__, __func__);
    return PG_OK;
}

void pg_csv_destroy(pg_csv **pc)
{
    pg_csv *c = *pc;
    if (!c) return;
    if (c->names)
        for (size_t j = 0; j < c->cols; j++) free(c->names[j]);
    free(c->names);
    free(c->data);
    free(c->source);
    free(c);
    *pc = NULL;
}

pg_status pg_csv_column_index(const pg_csv *c, const char *name, size_t *col)
{
    for (size_t j = 0; j < c->cols; j++)
        if (!strcmp(c->names[j], name)) {
            *col = j;
            return PG_OK;
        }
    char list[512] = "";
    size_t used = 0;
    for (size_t j = 0; j < c->cols && used + 1 < sizeof list; j++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'",
                                 j ? ", " : "", c->names[j]);
    return PG_FAIL(PG_ERR_ARG,
                   "%s:%ld:1: no column '%s' in the header (columns: %s)",
                   c->source, c->header_line, name, list);
}
