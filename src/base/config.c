/* The job configuration: one typed value per schema key, with its origin;
 * getters, -o overrides, validation and the messages for unknown names. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/config_impl.h"

/* ---- schema lookups and hints --------------------------------------- */

int cfg_find(const pg_config *c, const char *section, const char *key)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->schema[i].section, section) == 0 &&
            strcmp(c->schema[i].key, key) == 0)
            return i;
    return -1;
}

int cfg_section_known(const pg_config *c, const char *section)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->schema[i].section, section) == 0) return 1;
    return 0;
}

/* Optimal string alignment distance: Levenshtein plus transpositions,
 * so "setps" is one edit from "steps". Names longer than 63 characters
 * are never close to a key. */
static int edit_distance(const char *a, const char *b)
{
    enum { M = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= M || lb >= M) return M;
    int d[M][M];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int cost = tolower((unsigned char)a[i - 1]) !=
                       tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* Close enough to be a typo: about one edit per three characters. */
static int is_close(const char *typed, const char *name, int *dist)
{
    size_t len = strlen(typed);
    int limit = (int)((len + 2) / 3);
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    *dist = edit_distance(typed, name);
    return *dist <= limit;
}

/* Append ", name" (or "name" first) to buf if not already listed. */
static void list_add(char *buf, size_t n, const char *name)
{
    size_t len = strlen(buf);
    if (len >= n) return;
    snprintf(buf + len, n - len, "%s%s", len ? ", " : "", name);
}

static int first_of_section(const pg_config *c, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(c->schema[j].section, c->schema[i].section) == 0)
            return 0;
    return 1;
}

void cfg_unknown_section(const pg_config *c, const char *section, char *buf,
                         size_t n)
{
    char known[512] = "";
    const char *best = NULL;
    int best_d = 1 << 30, d;
    for (int i = 0; i < c->n; i++) {
        if (!first_of_section(c, i)) continue;
        list_add(known, sizeof known, c->schema[i].section);
        if (is_close(section, c->schema[i].section, &d) && d < best_d) {
            best = c->schema[i].section;
            best_d = d;
        }
    }
    if (best)
        snprintf(buf, n, "unknown section [%s] (did you mean [%s]? known: %s)",
                 section, best, known);
    else
        snprintf(buf, n, "unknown section [%s] (known: %s)", section, known);
}

void cfg_unknown_key(const pg_config *c, const char *section,
                     const char *key, char *buf, size_t n)
{
    char known[512] = "";
    const char *best = NULL, *elsewhere = NULL;
    int best_d = 1 << 30, d;
    for (int i = 0; i < c->n; i++) {
        const pg_key_spec *k = &c->schema[i];
        if (strcmp(k->section, section) != 0) {
            if (strcmp(k->key, key) == 0 && !elsewhere) elsewhere = k->section;
            continue;
        }
        list_add(known, sizeof known, k->key);
        if (is_close(key, k->key, &d) && d < best_d) {
            best = k->key;
            best_d = d;
        }
    }
    if (best)
        snprintf(buf, n, "unknown key (did you mean '%s'?)", best);
    else if (elsewhere)
        snprintf(buf, n, "unknown key (it belongs in [%s])", elsewhere);
    else
        snprintf(buf, n, "unknown key (keys of [%s]: %s)", section, known);
}

int cfg_line_fits(const pg_key_spec *k, const char *text)
{
    return strlen(k->key) + strlen(" = ") + strlen(text) <= CFG_LINE_MAX;
}

/* ---- error lists ------------------------------------------------------ */

void cfg_errors_add(cfg_errors *e, int line, const char *fmt, ...)
{
    char text[CFG_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 8;
        void *items = realloc(e->items, (size_t)cap * sizeof *e->items);
        if (!items) {
            e->lost++;
            return;
        }
        e->items = items;
        e->cap = cap;
    }
    char *copy = strdup(text);
    if (!copy) {
        e->lost++;
        return;
    }
    /* Insert in line order, after errors of the same line (stable). */
    int at = e->n;
    while (at > 0 && e->items[at - 1].line > line) at--;
    memmove(&e->items[at + 1], &e->items[at],
            (size_t)(e->n - at) * sizeof *e->items);
    e->items[at].line = line;
    e->items[at].text = copy;
    e->n++;
}

void cfg_errors_join(const cfg_errors *e, char *buf, size_t n)
{
    /* Leave room for the closing "(and N more errors)". */
    const size_t tail = 40;
    size_t len = 0;
    int shown = 0;
    buf[0] = '\0';
    for (int i = 0; i < e->n; i++) {
        size_t need = strlen(e->items[i].text) + (i ? 1 : 0);
        if (i > 0 && len + need + tail >= n) break;
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "\n" : "",
                                e->items[i].text);
        if (len >= n) len = n - 1;
        shown++;
    }
    int more = e->n - shown + e->lost;
    if (more > 0 && len + 1 < n)
        snprintf(buf + len, n - len, "%s(and %d more error%s)",
                 len ? "\n" : "", more, more == 1 ? "" : "s");
}

void cfg_errors_free(cfg_errors *e)
{
    for (int i = 0; i < e->n; i++) free(e->items[i].text);
    free(e->items);
    *e = (cfg_errors){0};
}

/* ---- the object -------------------------------------------------------- */

void cfg_entry_set(pg_config *c, int i, cfg_value *v, cfg_origin origin,
                   int file, int line)
{
    cfg_entry *e = &c->e[i];
    cfg_value_free(&e->v);
    e->v = *v;
    *v = (cfg_value){0};
    e->origin = origin;
    e->file = file;
    e->line = line;
}

/* Schema mistakes are bugs in physgan, found when the config is made. */
static pg_status check_schema(const pg_key_spec *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (!s[i].section || !s[i].key || !*s[i].section || !*s[i].key)
            return PG_FAIL(PG_ERR_INTERNAL, "schema entry %d has no name", i);
        if (s[i].type == PG_KEY_CHOICE && (!s[i].choices || !*s[i].choices))
            return PG_FAIL(PG_ERR_INTERNAL, "schema: [%s] %s has no choices",
                           s[i].section, s[i].key);
        for (int j = 0; j < i; j++)
            if (strcmp(s[i].section, s[j].section) == 0 &&
                strcmp(s[i].key, s[j].key) == 0)
                return PG_FAIL(PG_ERR_INTERNAL, "schema: [%s] %s twice",
                               s[i].section, s[i].key);
    }
    return PG_OK;
}

pg_status pg_config_create(const pg_key_spec *schema, int n_keys,
                           pg_config **out)
{
    *out = NULL;
    if (!schema || n_keys <= 0)
        return PG_FAIL(PG_ERR_ARG, "config: empty schema");
    PG_CHECK(check_schema(schema, n_keys));
    pg_status st = PG_OK;
    char *cwd = NULL;
    pg_config *c = calloc(1, sizeof *c);
    if (!c) return PG_FAIL(PG_ERR_NOMEM, "config");
    c->schema = schema;
    c->n = n_keys;
    c->e = calloc((size_t)n_keys, sizeof *c->e);
    cwd = cfg_cwd();
    if (!c->e || !cwd) {
        st = PG_FAIL(PG_ERR_NOMEM, "config: cannot allocate or find the "
                                   "current directory");
        goto fail;
    }
    for (int i = 0; i < n_keys; i++) {
        const pg_key_spec *k = &schema[i];
        if (!k->def) continue; /* required: unset until given */
        cfg_value v;
        cfg_parse r = cfg_value_parse(k, k->def, cwd, &v);
        if (r == CFG_PARSE_NOMEM) {
            st = PG_FAIL(PG_ERR_NOMEM, "config");
            goto fail;
        }
        if (r == CFG_PARSE_BAD) {
            char want[320];
            cfg_value_describe(k, want, sizeof want);
            st = PG_FAIL(PG_ERR_INTERNAL,
                         "schema: [%s] %s default '%s' is not %s", k->section,
                         k->key, k->def, want);
            goto fail;
        }
        cfg_entry_set(c, i, &v, CFG_DEFAULT, -1, 0);
    }
    free(cwd);
    *out = c;
    return PG_OK;
fail:
    free(cwd);
    pg_config_destroy(&c);
    return st;
}

void pg_config_destroy(pg_config **c)
{
    if (!c || !*c) return;
    pg_config *p = *c;
    for (int i = 0; p->e && i < p->n; i++) cfg_value_free(&p->e[i].v);
    for (int i = 0; i < p->n_files; i++) free(p->files[i]);
    free(p->files);
    free(p->e);
    free(p);
    *c = NULL;
}

/* ---- overrides --------------------------------------------------------- */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1])) *--end = '\0';
    return s;
}

/* A value that a job file line would read differently: pg_config_write
 * must be able to write every value back. */
static const char *unwritable(const char *v)
{
    if (strpbrk(v, "\n\r")) return "a value cannot span lines";
    for (const char *p = v; *p; p++)
        if (*p == ';' && (p == v || isspace((unsigned char)p[-1])))
            return "a value cannot contain ';' at its start or after a "
                   "space (job files read that as a comment)";
    return NULL;
}

pg_status pg_config_override(pg_config *c, const char *assignment)
{
    pg_status st = PG_OK;
    char *copy = strdup(assignment), *cwd = NULL;
    if (!copy) return PG_FAIL(PG_ERR_NOMEM, "config override");
    char *eq = strchr(copy, '=');
    char *dot = eq ? memchr(copy, '.', (size_t)(eq - copy)) : NULL;
    if (!eq || !dot) {
        st = PG_FAIL(PG_ERR_CONFIG,
                     "override '%s': expected section.key=value", assignment);
        goto fail;
    }
    *eq = *dot = '\0';
    char *section = trim(copy), *key = trim(dot + 1), *value = trim(eq + 1);
    if (!*section || !*key) {
        st = PG_FAIL(PG_ERR_CONFIG,
                     "override '%s': expected section.key=value", assignment);
        goto fail;
    }
    char why[640];
    if (!cfg_section_known(c, section)) {
        cfg_unknown_section(c, section, why, sizeof why);
        st = PG_FAIL(PG_ERR_CONFIG, "override '%s': %s", assignment, why);
        goto fail;
    }
    int i = cfg_find(c, section, key);
    if (i < 0) {
        cfg_unknown_key(c, section, key, why, sizeof why);
        st = PG_FAIL(PG_ERR_CONFIG, "override '%s': %s", assignment, why);
        goto fail;
    }
    const char *bad = unwritable(value);
    if (bad) {
        st = PG_FAIL(PG_ERR_CONFIG, "override '%s': %s", assignment, bad);
        goto fail;
    }
    cwd = cfg_cwd();
    if (!cwd) {
        st = PG_FAIL(PG_ERR_IO, "override '%s': cannot find the current "
                                "directory", assignment);
        goto fail;
    }
    cfg_value v;
    cfg_parse r = cfg_value_parse(&c->schema[i], value, cwd, &v);
    if (r == CFG_PARSE_NOMEM) {
        st = PG_FAIL(PG_ERR_NOMEM, "config override");
        goto fail;
    }
    if (r == CFG_PARSE_BAD) {
        cfg_value_describe(&c->schema[i], why, sizeof why);
        st = PG_FAIL(PG_ERR_CONFIG, "override '%s': expected %s", assignment,
                     why);
        goto fail;
    }
    if (!cfg_line_fits(&c->schema[i], v.text)) {
        st = PG_FAIL(PG_ERR_CONFIG, "override '%s': value of %zu characters "
                     "does not fit a job file line (%d characters at most)",
                     assignment, strlen(v.text), CFG_LINE_MAX);
        cfg_value_free(&v);
        goto fail;
    }
    cfg_entry_set(c, i, &v, CFG_OVERRIDE, -1, 0);
fail:
    free(cwd);
    free(copy);
    return st;
}

/* ---- validation and getters ------------------------------------------- */

static void files_list(const pg_config *c, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int i = 0; i < c->n_files; i++) list_add(buf, n, c->files[i]);
    if (!*buf) snprintf(buf, n, "no job file loaded");
}

pg_status pg_config_validate(const pg_config *c)
{
    cfg_errors errs = {0};
    char files[512], want[320];
    files_list(c, files, sizeof files);
    for (int i = 0; i < c->n; i++) {
        const pg_key_spec *k = &c->schema[i];
        const cfg_entry *e = &c->e[i];
        if (e->origin == CFG_UNSET) {
            cfg_errors_add(&errs, i, "[%s] %s: required key missing (%s)",
                           k->section, k->key, files);
            continue;
        }
        /* Stored values passed this check when set; re-parsing the
         * canonical text guards against a value changed behind our back. */
        cfg_value v;
        cfg_parse r = cfg_value_parse(k, e->v.text, NULL, &v);
        if (r == CFG_PARSE_OK) {
            cfg_value_free(&v);
            continue;
        }
        cfg_value_describe(k, want, sizeof want);
        cfg_errors_add(&errs, i, "[%s] %s = %s: expected %s", k->section,
                       k->key, e->v.text, want);
    }
    if (errs.n == 0 && errs.lost == 0) return PG_OK;
    char msg[CFG_MSG_MAX];
    cfg_errors_join(&errs, msg, sizeof msg);
    cfg_errors_free(&errs);
    return PG_FAIL(PG_ERR_CONFIG, "%s", msg);
}

static pg_status lookup(const pg_config *c, const char *section,
                        const char *key, int want_string, pg_key_type type,
                        const cfg_entry **out)
{
    int i = cfg_find(c, section, key);
    if (i < 0)
        return PG_FAIL(PG_ERR_INTERNAL, "config: no key [%s] %s in the schema",
                       section, key);
    pg_key_type t = c->schema[i].type;
    int ok = want_string ? (t == PG_KEY_STRING || t == PG_KEY_CHOICE ||
                            t == PG_KEY_PATH)
                         : t == type;
    if (!ok)
        return PG_FAIL(PG_ERR_INTERNAL,
                       "config: [%s] %s is of type %s, asked as %s", section,
                       key, cfg_type_name(t),
                       want_string ? "text" : cfg_type_name(type));
    if (c->e[i].origin == CFG_UNSET)
        return PG_FAIL(PG_ERR_CONFIG, "[%s] %s: required key missing",
                       section, key);
    *out = &c->e[i];
    return PG_OK;
}

pg_status pg_config_get_int(const pg_config *c, const char *section,
                            const char *key, long *out)
{
    const cfg_entry *e = NULL;
    PG_CHECK(lookup(c, section, key, 0, PG_KEY_INT, &e));
    *out = e->v.i;
    return PG_OK;
}

pg_status pg_config_get_double(const pg_config *c, const char *section,
                               const char *key, double *out)
{
    const cfg_entry *e = NULL;
    PG_CHECK(lookup(c, section, key, 0, PG_KEY_DOUBLE, &e));
    *out = e->v.d;
    return PG_OK;
}

pg_status pg_config_get_bool(const pg_config *c, const char *section,
                             const char *key, int *out)
{
    const cfg_entry *e = NULL;
    PG_CHECK(lookup(c, section, key, 0, PG_KEY_BOOL, &e));
    *out = e->v.b;
    return PG_OK;
}

pg_status pg_config_get_string(const pg_config *c, const char *section,
                               const char *key, const char **out)
{
    const cfg_entry *e = NULL;
    PG_CHECK(lookup(c, section, key, 1, PG_KEY_STRING, &e));
    *out = e->v.text;
    return PG_OK;
}
