/* A strict little JSON reader for tests that check documents physgan
 * writes (the toy lab's replay and server): parses into a tree, rejects
 * anything RFC 8259 does not allow (trailing commas, bare words, bad
 * escapes, unbalanced brackets, trailing text). Header-only. */
#ifndef PG_TESTS_JSON_CHECK_H
#define PG_TESTS_JSON_CHECK_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct jv {
    char type;          /* 'o' object, 'a' array, 's' string, 'n' number,
                           't' true, 'f' false, 'z' null */
    int n;              /* members or elements */
    char **keys;        /* objects */
    struct jv **items;  /* objects and arrays */
    char *str;          /* strings (escapes kept raw) */
    double num;
} jv;

static inline void jv_free(jv *v)
{
    if (!v) return;
    for (int i = 0; i < v->n; i++) {
        if (v->keys) free(v->keys[i]);
        jv_free(v->items[i]);
    }
    free(v->keys);
    free(v->items);
    free(v->str);
    free(v);
}

static inline const char *jv_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static inline jv *jv_value(const char **pp, int depth);

static inline char *jv_string(const char **pp)
{
    const char *p = *pp;
    if (*p != '"') return NULL;
    const char *s = ++p;
    for (; *p != '"'; p++) {
        if ((unsigned char)*p < 0x20) return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)p[i])) return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
    }
    char *out = malloc((size_t)(p - s) + 1);
    if (!out) return NULL;
    memcpy(out, s, (size_t)(p - s));
    out[p - s] = 0;
    *pp = p + 1;
    return out;
}

static inline int jv_push(jv *v, char *key, jv *item)
{
    jv **items = realloc(v->items, (size_t)(v->n + 1) * sizeof *items);
    if (!items) return -1;
    v->items = items;
    if (v->type == 'o') {
        char **keys = realloc(v->keys, (size_t)(v->n + 1) * sizeof *keys);
        if (!keys) return -1;
        v->keys = keys;
        keys[v->n] = key;
    }
    items[v->n++] = item;
    return 0;
}

static inline jv *jv_container(const char **pp, int depth, char type)
{
    const char *p = jv_ws(*pp + 1);
    char close = type == 'o' ? '}' : ']';
    jv *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->type = type;
    if (*p == close) {
        *pp = p + 1;
        return v;
    }
    for (;;) {
        char *key = NULL;
        if (type == 'o') {
            if (!(key = jv_string(&p))) goto bad;
            p = jv_ws(p);
            if (*p++ != ':') { free(key); goto bad; }
        }
        p = jv_ws(p);
        jv *item = jv_value(&p, depth + 1);
        if (!item || jv_push(v, key, item)) { free(key); jv_free(item); goto bad; }
        p = jv_ws(p);
        if (*p == ',') { p = jv_ws(p + 1); continue; }
        if (*p == close) break;
        goto bad;
    }
    *pp = p + 1;
    return v;
bad:
    jv_free(v);
    return NULL;
}

static inline jv *jv_value(const char **pp, int depth)
{
    const char *p = *pp;
    if (depth > 64) return NULL;
    if (*p == '{') return jv_container(pp, depth, 'o');
    if (*p == '[') return jv_container(pp, depth, 'a');
    jv *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
        if (!strncmp(p, words[i], strlen(words[i]))) {
            v->type = "tfz"[i];
            *pp = p + strlen(words[i]);
            return v;
        }
    if (*p == '"') {
        v->type = 's';
        if (!(v->str = jv_string(pp))) { free(v); return NULL; }
        return v;
    }
    /* number: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
    const char *s = p;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else if (isdigit((unsigned char)*p)) while (isdigit((unsigned char)*p)) p++;
    else { free(v); return NULL; }
    if (*p == '.') {
        if (!isdigit((unsigned char)*++p)) { free(v); return NULL; }
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) { free(v); return NULL; }
        while (isdigit((unsigned char)*p)) p++;
    }
    v->type = 'n';
    v->num = strtod(s, NULL);
    *pp = p;
    return v;
}

/* The document in text (exactly, up to surrounding whitespace), or NULL. */
static inline jv *jv_parse(const char *text)
{
    const char *p = jv_ws(text);
    jv *v = jv_value(&p, 0);
    if (v && *jv_ws(p)) { jv_free(v); v = NULL; }
    return v;
}

/* Member key of object o (NULL when absent or o is not an object). */
static inline jv *jv_get(const jv *o, const char *key)
{
    if (!o || o->type != 'o') return NULL;
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->keys[i], key)) return o->items[i];
    return NULL;
}

#endif
