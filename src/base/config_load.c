/* Loading a job file with libinih.
 *
 * The Debian libinih handler gets no line numbers (INI_HANDLER_LINENO is
 * 0 in the library build), so the file is fed to ini_parse_stream through
 * our own line reader, which counts lines, notes section headers (inih
 * tells nothing about a section without keys) and refuses lines longer
 * than inih's buffer instead of letting it split them. Every error of the
 * file is collected; values are applied only when the file is clean.
 * Text in memory (a checkpoint's job) is read through the same reader. */
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/config_impl.h"

typedef struct header {
    int line;
    char *name;
    int reported; /* its "unknown section" error was given */
} header;

typedef struct load_ctx {
    pg_config *c;
    const char *path; /* as the caller named it, for messages */
    FILE *f;
    char *buf;
    size_t cap;
    int lineno;
    int indented;        /* the current line starts with a blank */
    int key_seen;        /* a key was read since the last section header */
    int key_seen_before; /* key_seen before the current line */
    header *headers;
    int n_headers, cap_headers;
    cfg_value *staged; /* per schema key: value from this file */
    int *staged_line;  /* its line, 0 when not in this file */
    char *base_dir;
    cfg_errors errs;
    int nomem;
} load_ctx;

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* A line inih reads as a section header: "[name]" once leading blanks are
 * skipped, unless inih takes an indented line as a continuation. */
static void note_header(load_ctx *L, const char *s)
{
    if (*s != '[' || (L->indented && L->key_seen)) return;
    const char *start = s + 1, *end = start;
    /* inih stops at ']' or at an inline "; comment". */
    while (*end && *end != ']' && !(*end == ';' && end > start &&
                                    is_blank(end[-1])))
        end++;
    if (*end != ']') return; /* inih reports the syntax error */
    L->key_seen = 0;
    if (L->n_headers == L->cap_headers) {
        int cap = L->cap_headers ? 2 * L->cap_headers : 8;
        header *h = realloc(L->headers, (size_t)cap * sizeof *h);
        if (!h) {
            L->nomem = 1;
            return;
        }
        L->headers = h;
        L->cap_headers = cap;
    }
    char *name = strndup(start, (size_t)(end - start));
    if (!name) {
        L->nomem = 1;
        return;
    }
    L->headers[L->n_headers++] = (header){L->lineno, name, 0};
}

static char *read_line(char *str, int num, void *stream)
{
    load_ctx *L = stream;
    ssize_t len = getline(&L->buf, &L->cap, L->f);
    if (len < 0) return NULL;
    L->lineno++;
    size_t body = (size_t)len;
    while (body && (L->buf[body - 1] == '\n' || L->buf[body - 1] == '\r'))
        body--;
    const char *s = L->buf;
    if (L->lineno == 1 && body >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3; /* UTF-8 byte order mark, which inih skips */
    L->indented = is_blank(*s);
    L->key_seen_before = L->key_seen;
    while (is_blank(*s)) s++;
    note_header(L, s);
    size_t room = (size_t)num - 2; /* "\n\0" */
    if (body > room) {
        if (*s == ';' || *s == '#') {
            body = room; /* a comment loses nothing by being cut */
        } else {
            cfg_errors_add(&L->errs, L->lineno,
                           "%s:%d: line of %zu characters is too long (job "
                           "file lines hold at most %zu)",
                           L->path, L->lineno, body, room);
            body = 0;
        }
    }
    memcpy(str, L->buf, body);
    str[body] = '\n';
    str[body + 1] = '\0';
    return str;
}

static void unknown_section(load_ctx *L, const char *section, int line)
{
    /* The header of the current section is the last one read. */
    header *h = L->n_headers ? &L->headers[L->n_headers - 1] : NULL;
    if (h && strcmp(h->name, section) == 0) {
        if (h->reported) return;
        h->reported = 1;
        line = h->line;
    }
    char why[640];
    cfg_unknown_section(L->c, section, why, sizeof why);
    cfg_errors_add(&L->errs, line, "%s:%d: %s", L->path, line, why);
}

static int on_pair(void *user, const char *section, const char *name,
                   const char *value)
{
    load_ctx *L = user;
    const pg_config *c = L->c;
    const int line = L->lineno;
    const char *p = L->path;
    char why[640];
    L->key_seen = 1;
    if (L->indented && L->key_seen_before) {
        cfg_errors_add(&L->errs, line,
                       "%s:%d: indented line is read as a continuation of "
                       "'%s' (a value takes one line: remove the indent)",
                       p, line, name);
        return 1;
    }
    if (!*section) {
        cfg_errors_add(&L->errs, line, "%s:%d: %s: key before any [section]",
                       p, line, name);
        return 1;
    }
    if (!cfg_section_known(c, section)) {
        unknown_section(L, section, line);
        return 1;
    }
    int i = cfg_find(c, section, name);
    if (i < 0) {
        cfg_unknown_key(c, section, name, why, sizeof why);
        cfg_errors_add(&L->errs, line, "%s:%d: [%s] %s: %s", p, line,
                       section, name, why);
        return 1;
    }
    if (L->staged_line[i]) {
        cfg_errors_add(&L->errs, line,
                       "%s:%d: [%s] %s: set twice, on lines %d and %d", p,
                       line, section, name, L->staged_line[i], line);
        return 1;
    }
    cfg_value v;
    cfg_parse r = cfg_value_parse(&c->schema[i], value, L->base_dir, &v);
    if (r == CFG_PARSE_NOMEM) {
        L->nomem = 1;
        return 1;
    }
    if (r == CFG_PARSE_BAD) {
        cfg_value_describe(&c->schema[i], why, sizeof why);
        cfg_errors_add(&L->errs, line, "%s:%d: [%s] %s = %s: expected %s", p,
                       line, section, name, value, why);
        return 1;
    }
    if (!cfg_line_fits(&c->schema[i], v.text)) {
        cfg_errors_add(&L->errs, line,
                       "%s:%d: [%s] %s: resolved path %s is too long for a "
                       "job file line (%d characters at most)",
                       p, line, section, name, v.text, CFG_LINE_MAX);
        cfg_value_free(&v);
        return 1;
    }
    L->staged[i] = v;
    L->staged_line[i] = line;
    return 1;
}

/* Values of a clean file replace defaults and earlier files, never -o. */
static pg_status commit(load_ctx *L)
{
    pg_config *c = L->c;
    char **files = realloc(c->files, (size_t)(c->n_files + 1) * sizeof *files);
    if (!files) return PG_FAIL(PG_ERR_NOMEM, "config");
    c->files = files;
    if (!(files[c->n_files] = strdup(L->path)))
        return PG_FAIL(PG_ERR_NOMEM, "config");
    int file = c->n_files++;
    for (int i = 0; i < c->n; i++)
        if (L->staged_line[i] && c->e[i].origin != CFG_OVERRIDE)
            cfg_entry_set(c, i, &L->staged[i], CFG_FILE, file,
                          L->staged_line[i]);
    return PG_OK;
}

static void check_empty_sections(load_ctx *L)
{
    for (int h = 0; h < L->n_headers; h++)
        if (!L->headers[h].reported &&
            !cfg_section_known(L->c, L->headers[h].name)) {
            char why[640];
            cfg_unknown_section(L->c, L->headers[h].name, why, sizeof why);
            cfg_errors_add(&L->errs, L->headers[h].line, "%s:%d: %s", L->path,
                           L->headers[h].line, why);
        }
}

/* Parse the job text of f (named path in messages and origins); relative
 * PATHs join base_dir, which this takes over. */
static pg_status load_stream(pg_config *c, FILE *f, const char *path,
                             char *base_dir)
{
    pg_status st = PG_OK;
    load_ctx L = {.c = c, .path = path, .f = f, .base_dir = base_dir};
    L.staged = calloc((size_t)c->n, sizeof *L.staged);
    L.staged_line = calloc((size_t)c->n, sizeof *L.staged_line);
    if (!L.staged || !L.staged_line || !L.base_dir) {
        st = PG_FAIL(PG_ERR_NOMEM, "config: loading %s", path);
        goto fail;
    }
    errno = 0;
    int r = ini_parse_stream(read_line, &L, on_pair, &L);
    if (ferror(L.f)) {
        st = PG_FAIL(PG_ERR_IO, "cannot read job file %s: %s", path,
                     strerror(errno));
        goto fail;
    }
    if (r == -2 || L.nomem) {
        st = PG_FAIL(PG_ERR_NOMEM, "config: loading %s", path);
        goto fail;
    }
    if (r > 0)
        cfg_errors_add(&L.errs, r,
                       "%s:%d: syntax error (expected [section], key = value "
                       "or a ; comment)", path, r);
    check_empty_sections(&L);
    if (L.errs.n || L.errs.lost) {
        char msg[CFG_MSG_MAX];
        cfg_errors_join(&L.errs, msg, sizeof msg);
        st = PG_FAIL(PG_ERR_CONFIG, "%s", msg);
        goto fail;
    }
    PG_CHECK_GOTO(st, commit(&L), fail);
fail:
    for (int i = 0; L.staged && i < c->n; i++) cfg_value_free(&L.staged[i]);
    for (int h = 0; h < L.n_headers; h++) free(L.headers[h].name);
    free(L.headers);
    free(L.staged);
    free(L.staged_line);
    free(L.base_dir);
    free(L.buf);
    cfg_errors_free(&L.errs);
    return st;
}

pg_status pg_config_load(pg_config *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return PG_FAIL(PG_ERR_IO, "cannot open job file %s: %s", path,
                       strerror(errno));
    pg_status st = load_stream(c, f, path, cfg_dir_of(path));
    fclose(f);
    return st;
}

pg_status pg_config_load_text(pg_config *c, const char *text,
                              const char *name)
{
    /* A stream over the text, so that the text is read exactly as a file
     * (line numbers, long lines, a byte order mark). */
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    if (!f)
        return PG_FAIL(PG_ERR_NOMEM, "config: reading %s from memory",
                       name);
    pg_status st = load_stream(c, f, name, cfg_cwd());
    fclose(f);
    return st;
}
