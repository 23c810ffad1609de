/* Growable text buffer with HTML and JSON escaping and base64. */
#include "io/text_buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"

static int reserve(pg_text_buffer *b, size_t extra)
{
    if (b->failed) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = 1;
        return 0;
    }
    b->data = d;
    b->cap = cap;
    return 1;
}

void pg_text_buffer_append_n(pg_text_buffer *b, const char *s, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pg_text_buffer_append(pg_text_buffer *b, const char *s)
{
    pg_text_buffer_append_n(b, s, strlen(s));
}

void pg_text_buffer_printf(pg_text_buffer *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void pg_text_buffer_append_html(pg_text_buffer *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': pg_text_buffer_append(b, "&amp;"); break;
        case '<': pg_text_buffer_append(b, "&lt;"); break;
        case '>': pg_text_buffer_append(b, "&gt;"); break;
        case '"': pg_text_buffer_append(b, "&quot;"); break;
        case '\'': pg_text_buffer_append(b, "&#39;"); break;
        default: pg_text_buffer_append_n(b, s, 1);
        }
    }
}

void pg_text_buffer_append_json(pg_text_buffer *b, const char *s,
                                unsigned flags)
{
    size_t n = pg_json_quote(NULL, 0, s, flags);
    if (!reserve(b, n)) return;
    pg_json_quote(b->data + b->len, n + 1, s, flags);
    b->len += n;
}

void pg_text_buffer_append_base64(pg_text_buffer *b, const unsigned char *d,
                                  size_t n)
{
    static const char A[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (!reserve(b, 4 * ((n + 2) / 3))) return;
    char *o = b->data + b->len;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8 | d[i + 2];
        *o++ = A[v >> 18];
        *o++ = A[(v >> 12) & 63];
        *o++ = A[(v >> 6) & 63];
        *o++ = A[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)d[i] << 16;
        if (i + 1 < n) v |= (unsigned)d[i + 1] << 8;
        *o++ = A[v >> 18];
        *o++ = A[(v >> 12) & 63];
        *o++ = i + 1 < n ? A[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

pg_status pg_text_buffer_status(const pg_text_buffer *b, const char *what)
{
    if (b->failed) return PG_FAIL(PG_ERR_NOMEM, "building %s", what);
    return PG_OK;
}

void pg_text_buffer_free(pg_text_buffer *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
