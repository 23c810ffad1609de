/* Parsing one job-file value against its key's type and range, and
 * resolving PATH values to absolute paths. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/config_impl.h"

const char *cfg_type_name(pg_key_type t)
{
    switch (t) {
    case PG_KEY_INT: return "integer";
    case PG_KEY_DOUBLE: return "real";
    case PG_KEY_BOOL: return "boolean";
    case PG_KEY_STRING: return "text";
    case PG_KEY_CHOICE: return "choice";
    case PG_KEY_PATH: return "path";
    }
    return "?";
}

static int has_range(const pg_key_spec *k)
{
    return (k->type == PG_KEY_INT || k->type == PG_KEY_DOUBLE) &&
           k->min <= k->max;
}

/* Choices are stored "a|b|c" and shown "a, b, c". */
static void choices_list(const char *choices, char *buf, size_t n)
{
    size_t j = 0;
    for (const char *p = choices ? choices : ""; *p && j + 3 < n; p++) {
        if (*p == '|') {
            buf[j++] = ',';
            buf[j++] = ' ';
        } else {
            buf[j++] = *p;
        }
    }
    buf[j] = '\0';
}

void cfg_value_range(const pg_key_spec *k, char *buf, size_t n)
{
    if (has_range(k))
        snprintf(buf, n, "[%.15g, %.15g]", k->min, k->max);
    else if (k->type == PG_KEY_CHOICE)
        choices_list(k->choices, buf, n);
    else if (k->type == PG_KEY_BOOL)
        snprintf(buf, n, "true, false");
    else if (n > 0)
        buf[0] = '\0';
}

void cfg_value_describe(const pg_key_spec *k, char *buf, size_t n)
{
    char range[256];
    cfg_value_range(k, range, sizeof range);
    switch (k->type) {
    case PG_KEY_INT:
    case PG_KEY_DOUBLE:
        snprintf(buf, n, "%s%s%s",
                 k->type == PG_KEY_INT ? "an integer" : "a real number",
                 *range ? " in " : "", range);
        break;
    case PG_KEY_BOOL:
        snprintf(buf, n, "true or false (or yes/no, on/off, 1/0)");
        break;
    case PG_KEY_CHOICE: snprintf(buf, n, "one of: %s", range); break;
    case PG_KEY_PATH: snprintf(buf, n, "a path"); break;
    case PG_KEY_STRING: snprintf(buf, n, "text"); break;
    }
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0) return *out = 1, 1;
        if (strcasecmp(s, no[i]) == 0) return *out = 0, 1;
    }
    return 0;
}

static int is_choice(const char *choices, const char *s)
{
    size_t len = strlen(s);
    for (const char *p = choices ? choices : ""; *p;) {
        const char *bar = strchr(p, '|');
        size_t w = bar ? (size_t)(bar - p) : strlen(p);
        if (w == len && len > 0 && strncmp(p, s, w) == 0) return 1;
        if (!bar) break;
        p = bar + 1;
    }
    return 0;
}

/* Drop "." and empty components in place; ".." is kept because it cannot
 * be removed lexically when a component is a symbolic link. */
static void path_normalize(char *p)
{
    int absolute = p[0] == '/';
    char *out = p, *in = p;
    if (absolute) *out++ = '/';
    while (*in) {
        while (*in == '/') in++;
        char *end = in;
        while (*end && *end != '/') end++;
        size_t len = (size_t)(end - in);
        if (len && !(len == 1 && in[0] == '.')) {
            if (out > p && out[-1] != '/') *out++ = '/';
            memmove(out, in, len);
            out += len;
        }
        in = end;
    }
    if (out == p) *out++ = absolute ? '/' : '.';
    *out = '\0';
}

static char *path_resolve(const char *text, const char *base_dir)
{
    if (!*text) return strdup(""); /* empty: no file */
    size_t nb = text[0] == '/' || !base_dir ? 0 : strlen(base_dir) + 1;
    char *p = malloc(nb + strlen(text) + 1);
    if (!p) return NULL;
    if (nb) {
        memcpy(p, base_dir, nb - 1);
        p[nb - 1] = '/';
    }
    strcpy(p + nb, text);
    path_normalize(p);
    return p;
}

cfg_parse cfg_value_parse(const pg_key_spec *k, const char *text,
                          const char *base_dir, cfg_value *out)
{
    cfg_value v = {0};
    char *end = NULL;
    switch (k->type) {
    case PG_KEY_INT:
        errno = 0;
        v.i = strtol(text, &end, 10);
        if (end == text || *end || errno == ERANGE) return CFG_PARSE_BAD;
        if (has_range(k) && ((double)v.i < k->min || (double)v.i > k->max))
            return CFG_PARSE_BAD;
        break;
    case PG_KEY_DOUBLE:
        v.d = strtod(text, &end);
        if (end == text || *end || !isfinite(v.d)) return CFG_PARSE_BAD;
        if (has_range(k) && (v.d < k->min || v.d > k->max))
            return CFG_PARSE_BAD;
        break;
    case PG_KEY_BOOL:
        if (!parse_bool(text, &v.b)) return CFG_PARSE_BAD;
        break;
    case PG_KEY_CHOICE:
        if (!is_choice(k->choices, text)) return CFG_PARSE_BAD;
        break;
    case PG_KEY_STRING:
    case PG_KEY_PATH:
        break;
    }
    v.text = k->type == PG_KEY_PATH ? path_resolve(text, base_dir)
                                    : strdup(text);
    if (!v.text) return CFG_PARSE_NOMEM;
    *out = v;
    return CFG_PARSE_OK;
}

void cfg_value_free(cfg_value *v)
{
    free(v->text);
    v->text = NULL;
}

char *cfg_cwd(void)
{
    for (size_t n = 256; n <= (1u << 20); n *= 2) {
        char *buf = malloc(n);
        if (!buf) return NULL;
        if (getcwd(buf, n)) return buf;
        free(buf);
        if (errno != ERANGE) return NULL;
    }
    return NULL;
}

char *cfg_dir_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    size_t nd = slash ? (size_t)(slash - file) : 0;
    char *cwd = file[0] == '/' ? NULL : cfg_cwd();
    if (file[0] != '/' && !cwd) return NULL;
    size_t nc = cwd ? strlen(cwd) : 0;
    char *dir = malloc(nc + 1 + nd + 2);
    if (dir) {
        if (cwd) memcpy(dir, cwd, nc);
        dir[nc] = '/';
        memcpy(dir + nc + 1, file, nd);
        dir[nc + 1 + nd] = '\0';
        path_normalize(dir);
    }
    free(cwd);
    return dir;
}
