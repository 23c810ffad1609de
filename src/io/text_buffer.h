/* A growable text buffer for building HTML, SVG and scripts in memory.
 *
 * Appends never fail visibly: an allocation failure is remembered and
 * reported once by pg_text_buffer_status, so building code stays linear. */
#ifndef PG_IO_TEXT_BUFFER_H
#define PG_IO_TEXT_BUFFER_H

#include <stddef.h>

#include "base/status.h"

typedef struct pg_text_buffer {
    char *data;   /* NUL-terminated (NULL until the first append) */
    size_t len, cap;
    int failed;   /* an allocation failed; contents are incomplete */
} pg_text_buffer;

void pg_text_buffer_append(pg_text_buffer *b, const char *s);
void pg_text_buffer_append_n(pg_text_buffer *b, const char *s, size_t n);
void pg_text_buffer_printf(pg_text_buffer *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s with & < > " ' replaced by character references. */
void pg_text_buffer_append_html(pg_text_buffer *b, const char *s);
/* Append s as a JSON string literal (base/json.h's pg_json_quote; flags
 * PG_JSON_HTML_SAFE for text inside a page). */
void pg_text_buffer_append_json(pg_text_buffer *b, const char *s,
                                unsigned flags);
/* Append the base64 encoding (RFC 4648, with padding) of n bytes. */
void pg_text_buffer_append_base64(pg_text_buffer *b, const unsigned char *d,
                                  size_t n);
/* PG_ERR_NOMEM (naming what) when an append failed, else PG_OK. */
pg_status pg_text_buffer_status(const pg_text_buffer *b, const char *what);
/* Free the contents; the buffer can be reused. */
void pg_text_buffer_free(pg_text_buffer *b);

#endif
