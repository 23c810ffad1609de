/* JSON text for the --json outputs and the pages' data: string literals
 * and numbers written one way everywhere. Objects and arrays are plain
 * printf calls at the sites that know their keys. */
#ifndef PG_BASE_JSON_H
#define PG_BASE_JSON_H

#include <stddef.h>
#include <stdio.h>

enum {
    /* Also escape '<', so that the text can sit inside an HTML <script>
     * element (no "</script>" can end it early). */
    PG_JSON_HTML_SAFE = 1
};

/* s as a JSON string literal, quotes included: '"' and '\\' escaped,
 * newline and tab as \n and \t, other control characters as \u00XX;
 * bytes >= 0x80 pass through (UTF-8 stays UTF-8). Writes at most cap
 * bytes, NUL included, into out (out may be NULL when cap is 0) and
 * returns the length of the whole literal, as snprintf does. */
size_t pg_json_quote(char *out, size_t cap, const char *s, unsigned flags);
/* The literal of pg_json_quote(flags 0) to f. */
void pg_json_write_string(FILE *f, const char *s);
/* v with printf's %.<digits>g, or null when it is NaN or infinite
 * (JSON has no such numbers), into out (cap bytes, 32 are enough). */
const char *pg_json_number(char *out, size_t cap, double v, int digits);
/* `"key": v` to f (v as pg_json_number with 6 digits), then ", " when
 * comma is set: one field of a hand-printed object. */
void pg_json_write_field(FILE *f, const char *key, double v, int comma);

#endif
