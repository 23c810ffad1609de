#include "physics/protein/io/protein_record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"

pg_status pg_protein_record_begin(pg_protein_record *r, const char *id,
                                  const char *path, long line)
{
    for (const char *c = id; *c; c++)
        if (*c < 33 || *c > 126)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence id '%s': byte %d "
                           "at position %ld is not printable ASCII", path,
                           line, id, (unsigned char)*c, (long)(c - id) + 1);
    free(r->id);
    size_t n = strlen(id) + 1;
    r->id = malloc(n);
    if (!r->id) return PG_FAIL(PG_ERR_NOMEM, "sequence id %s", id);
    memcpy(r->id, id, n);
    r->line = line;
    r->n = 0;
    r->stopped = 0;
    r->ambiguous = 0;
    r->ambiguous_line = 0;
    return PG_OK;
}

pg_status pg_protein_record_feed(pg_protein_record *r, const char *text,
                                 size_t len, const char *path, long line)
{
    if (r->n + len > r->cap) {
        size_t c = r->cap ? r->cap : 1024;
        while (c < r->n + len) c *= 2;
        uint8_t *b = realloc(r->res, c);
        if (!b) return PG_FAIL(PG_ERR_NOMEM, "%s:%ld: sequence %s", path,
                               line, r->id);
        r->res = b;
        r->cap = c;
    }
    for (size_t j = 0; j < len; j++) {
        int c = (unsigned char)text[j], idx = 0;
        if (c == ' ' || c == '\t') continue;
        pg_protein_char_kind kind = pg_protein_char_classify(c, &idx);
        if (kind == PG_PROTEIN_CHAR_GAP) continue;
        if (kind == PG_PROTEIN_CHAR_INVALID)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence %s: character "
                           "'%c' (code %d) at column %zu is not a residue, "
                           "gap or '*'", path, line, r->id,
                           c >= 32 && c < 127 ? c : '?', c, j + 1);
        if (r->stopped)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence %s: '%c' after "
                           "the stop '*': '*' may only end a sequence",
                           path, line, r->id, c);
        if (kind == PG_PROTEIN_CHAR_STOP) {
            r->stopped = 1;
        } else if (kind == PG_PROTEIN_CHAR_AMBIGUOUS) {
            if (!r->ambiguous) {
                r->ambiguous = c;
                r->ambiguous_line = line;
            }
        } else {
            r->res[r->n++] = (uint8_t)idx;
        }
    }
    return PG_OK;
}

static void message(pg_protein_import_report *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void message(pg_protein_import_report *rep, const char *fmt, ...)
{
    if (rep->n_messages >= PG_PROTEIN_REPORT_MESSAGES) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->messages[rep->n_messages++], sizeof rep->messages[0], fmt,
              ap);
    va_end(ap);
}

pg_status pg_protein_record_end(pg_protein_record *r, const char *path,
                                const pg_protein_import_opts *o, int family,
                                pg_protein_seqs *seqs,
                                pg_protein_import_report *rep)
{
    rep->records++;
    if (r->ambiguous) {
        rep->skipped_ambiguous++;
        message(rep, "%s:%ld: sequence %s skipped: ambiguous or non-standard "
                "residue '%c'", path, r->ambiguous_line, r->id, r->ambiguous);
        return PG_OK;
    }
    if (r->n == 0) {
        rep->skipped_empty++;
        message(rep, "%s:%ld: sequence %s skipped: no residues", path,
                r->line, r->id);
        return PG_OK;
    }
    if (o->max_length > 0 && r->n > (size_t)o->max_length) {
        rep->skipped_long++;
        message(rep, "%s:%ld: sequence %s skipped: %zu residues > "
                "--max-length %d", path, r->line, r->id, r->n, o->max_length);
        return PG_OK;
    }
    if (r->n > (size_t)INT32_MAX / 2)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence %s: %zu residues",
                       path, r->line, r->id, r->n);
    PG_CHECK(pg_protein_seqs_add(seqs, r->id, r->res, (int)r->n, family));
    rep->kept++;
    return PG_OK;
}

void pg_protein_record_free(pg_protein_record *r)
{
    free(r->id);
    free(r->res);
    memset(r, 0, sizeof *r);
}

pg_status pg_protein_family_from_path(const char *path, char **out)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strcspn(base, ".");
    if (n == 0) n = strlen(base);
    *out = malloc(n + 1);
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "family name of %s", path);
    memcpy(*out, base, n);
    (*out)[n] = '\0';
    return PG_OK;
}
