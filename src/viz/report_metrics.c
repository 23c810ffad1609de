/* metrics.csv for reports: numbers with gaps (report.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "viz/report.h"

typedef struct field {
    const char *s; /* trimmed start */
    size_t n;      /* trimmed length */
    size_t col;    /* 1-based byte column of the field's start */
} field;

/* Split one line (without its newline) at commas; quotes around a whole
 * field are removed (names like "terrain.slope" may be quoted). Returns
 * the number of fields, or -1 when there are more than cap. */
static long split(const char *line, size_t len, field *f, size_t cap)
{
    size_t n = 0, i = 0;
    for (;;) {
        size_t start = i;
        while (i < len && line[i] != ',') i++;
        if (n == cap) return -1;
        const char *s = line + start;
        size_t m = i - start, col = start + 1;
        while (m && (*s == ' ' || *s == '\t')) s++, m--, col++;
        while (m && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
            m--;
        if (m >= 2 && s[0] == '"' && s[m - 1] == '"') s++, m -= 2, col++;
        f[n++] = (field){s, m, col};
        if (i >= len) return (long)n;
        i++;
    }
}

/* NaN for a gap, else the number; -1 when the text is not a number. */
static int cell_value(const field *f, double *v)
{
    char buf[64];
    if (f->n == 0) {
        *v = NAN;
        return 0;
    }
    if (f->n >= sizeof buf) return -1;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    const char *p = buf[0] == '-' || buf[0] == '+' ? buf + 1 : buf;
    if (!strcasecmp(p, "nan") || !strcasecmp(p, "inf") ||
        !strcasecmp(p, "infinity")) {
        *v = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    *v = strtod(buf, &end);
    if (end == buf || *end) return -1;
    if (!isfinite(*v)) *v = NAN;
    return 0;
}

void pg_metrics_destroy(pg_metrics **m)
{
    if (!m || !*m) return;
    for (size_t i = 0; i < (*m)->cols; i++) free((*m)->names[i]);
    free((*m)->names);
    free((*m)->data);
    free(*m);
    *m = NULL;
}

/* Fields per line are bounded so a line splits into a stack array. */
enum { MAX_COLUMNS = 256 };

pg_status pg_metrics_parse(const char *text, size_t len, const char *source,
                           pg_metrics **out)
{
    *out = NULL;
    pg_metrics *m = calloc(1, sizeof *m);
    field f[MAX_COLUMNS];
    size_t cap_rows = 0;
    pg_status st = PG_OK;
    if (!m) return PG_FAIL(PG_ERR_NOMEM, "metrics of %s", source);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) text += 3, len -= 3;
    size_t pos = 0;
    for (long line = 1; pos < len; line++) {
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        int unfinished = end == len; /* no newline after this line */
        const char *l = text + pos;
        size_t ll = end - pos;
        pos = end + 1;
        size_t blank = 0;
        while (blank < ll && isspace((unsigned char)l[blank])) blank++;
        if (blank == ll) continue;
        long nf = split(l, ll, f, MAX_COLUMNS);
        if (nf < 0) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s:%ld:1: more than %d columns",
                         source, line, MAX_COLUMNS);
            goto fail;
        }
        if (!m->names) { /* the header */
            m->names = calloc((size_t)nf, sizeof *m->names);
            if (!m->names) goto oom;
            m->cols = (size_t)nf;
            for (size_t c = 0; c < m->cols; c++) {
                if (f[c].n == 0) {
                    st = PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%zu: empty column "
                                 "name", source, line, f[c].col);
                    goto fail;
                }
                m->names[c] = strndup(f[c].s, f[c].n);
                if (!m->names[c]) goto oom;
            }
            continue;
        }
        double row[MAX_COLUMNS];
        size_t bad = 0;
        for (size_t c = 0; c < (size_t)nf && !bad; c++)
            if (cell_value(&f[c], &row[c])) bad = c + 1;
        if ((size_t)nf != m->cols || bad) {
            if (unfinished) { /* a writer may be appending this line now */
                m->dropped_partial_line = 1;
                break;
            }
            if (bad)
                st = PG_FAIL(PG_ERR_FORMAT, "%s:%ld:%zu: '%.*s' in column "
                             "'%s' is not a number", source, line,
                             f[bad - 1].col, (int)f[bad - 1].n, f[bad - 1].s,
                             m->names[bad - 1]);
            else
                st = PG_FAIL(PG_ERR_FORMAT, "%s:%ld:1: %ld fields, the "
                             "header has %zu", source, line, nf, m->cols);
            goto fail;
        }
        if (m->rows == cap_rows) {
            cap_rows = cap_rows ? 2 * cap_rows : 64;
            double *d = realloc(m->data, cap_rows * m->cols * sizeof *d);
            if (!d) goto oom;
            m->data = d;
        }
        memcpy(m->data + m->rows * m->cols, row, m->cols * sizeof *row);
        m->rows++;
    }
    if (!m->names) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s:1:1: empty file (expected a header "
                     "row of column names)", source);
        goto fail;
    }
    *out = m;
    return PG_OK;
oom:
    st = PG_FAIL(PG_ERR_NOMEM, "metrics of %s", source);
fail:
    pg_metrics_destroy(&m);
    return st;
}

pg_status pg_metrics_read(const char *path, pg_metrics **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return PG_FAIL(PG_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (len + n > cap) {
            cap = cap ? 2 * cap : sizeof chunk;
            while (cap < len + n) cap *= 2;
            char *t = realloc(text, cap);
            if (!t) {
                free(text);
                fclose(fp);
                return PG_FAIL(PG_ERR_NOMEM, "reading %s", path);
            }
            text = t;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    int err = ferror(fp);
    fclose(fp);
    if (err) {
        free(text);
        return PG_FAIL(PG_ERR_IO, "cannot read %s", path);
    }
    pg_status st = pg_metrics_parse(text ? text : "", len, path, out);
    free(text);
    PG_CHECK(st);
    return PG_OK;
}
