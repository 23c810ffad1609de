#include "base/json.h"

#include <math.h>
#include <string.h>

/* The escape for ch into e (7 bytes), or 0 when ch stands for itself. */
static int escape_of(unsigned char ch, unsigned flags, char e[7])
{
    if (ch == '"' || ch == '\\') {
        e[0] = '\\';
        e[1] = (char)ch;
        return 2;
    }
    if (ch == '\n') return memcpy(e, "\\n", 2), 2;
    if (ch == '\t') return memcpy(e, "\\t", 2), 2;
    if (ch < 0x20 || (ch == '<' && (flags & PG_JSON_HTML_SAFE)))
        return snprintf(e, 7, "\\u%04x", ch);
    return 0;
}

/* Append n bytes at out + *len while they fit (one byte kept for the
 * NUL); *len counts every byte, fitting or not. */
static void put(char *out, size_t cap, size_t *len, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++, (*len)++)
        if (*len + 1 < cap) out[*len] = p[i];
}

size_t pg_json_quote(char *out, size_t cap, const char *s, unsigned flags)
{
    size_t len = 0;
    char e[7];
    put(out, cap, &len, "\"", 1);
    for (; *s; s++) {
        int n = escape_of((unsigned char)*s, flags, e);
        if (n) put(out, cap, &len, e, (size_t)n);
        else put(out, cap, &len, s, 1);
    }
    put(out, cap, &len, "\"", 1);
    if (cap) out[len < cap ? len : cap - 1] = 0;
    return len;
}

void pg_json_write_string(FILE *f, const char *s)
{
    char e[7];
    fputc('"', f);
    for (; *s; s++) {
        int n = escape_of((unsigned char)*s, 0, e);
        if (n) fwrite(e, 1, (size_t)n, f);
        else fputc(*s, f);
    }
    fputc('"', f);
}

const char *pg_json_number(char *out, size_t cap, double v, int digits)
{
    if (isfinite(v)) snprintf(out, cap, "%.*g", digits, v);
    else snprintf(out, cap, "null");
    return out;
}

void pg_json_write_field(FILE *f, const char *key, double v, int comma)
{
    char num[32];
    fprintf(f, "\"%s\": %s%s", key, pg_json_number(num, sizeof num, v, 6),
            comma ? ", " : "");
}
