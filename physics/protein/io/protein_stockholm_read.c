#include <stdlib.h>
#include <string.h>

#include "physics/protein/io/protein_import.h"
#include "physics/protein/io/protein_lines.h"

/* The rows of one alignment, in order of first appearance. */
typedef struct alignment {
    pg_protein_record *rows;
    int n, cap;
    int next;        /* rows of later blocks usually come in the same order */
    char *id;        /* #=GF ID */
    long start_line; /* of the STOCKHOLM header */
} alignment;

static void alignment_clear(alignment *a)
{
    for (int i = 0; i < a->n; i++) pg_protein_record_free(&a->rows[i]);
    a->n = 0;
    a->next = 0;
    free(a->id);
    a->id = NULL;
}

static pg_status row_for(alignment *a, const char *name, const char *path,
                         long line, pg_protein_record **out)
{
    if (a->next < a->n && strcmp(a->rows[a->next].id, name) == 0) {
        *out = &a->rows[a->next++];
        return PG_OK;
    }
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->rows[i].id, name) == 0) {
            a->next = i + 1;
            *out = &a->rows[i];
            return PG_OK;
        }
    if (a->n == a->cap) {
        int c = a->cap ? 2 * a->cap : 64;
        pg_protein_record *r = realloc(a->rows, (size_t)c * sizeof *r);
        if (!r) return PG_FAIL(PG_ERR_NOMEM, "alignment of %d rows", c);
        memset(r + a->cap, 0, (size_t)(c - a->cap) * sizeof *r);
        a->rows = r;
        a->cap = c;
    }
    PG_CHECK(pg_protein_record_begin(&a->rows[a->n], name, path, line));
    a->next = a->n + 1;
    *out = &a->rows[a->n++];
    return PG_OK;
}

/* "//": every row becomes a sequence of the alignment's family: o->family,
 * else #=GF ID, else (as hmmbuild names an unnamed alignment) the file's
 * name, for one unnamed alignment per file only. */
static pg_status alignment_end(alignment *a, const char *path, long line,
                               const pg_protein_import_opts *o,
                               pg_protein_seqs *seqs,
                               pg_protein_import_report *rep, int *unnamed)
{
    char *from_path = NULL;
    const char *name = o->family ? o->family : a->id;
    if (!name) {
        if ((*unnamed)++)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: a second alignment (from "
                           "line %ld) without a #=GF ID line: name the "
                           "families in the file, or give --family", path,
                           line, a->start_line);
        PG_CHECK(pg_protein_family_from_path(path, &from_path));
        name = from_path;
    }
    int family;
    pg_status s = a->n == 0
                      ? PG_FAIL(PG_ERR_FORMAT, "%s:%ld: alignment (from line "
                                "%ld) has no sequences", path, line,
                                a->start_line)
                      : pg_protein_seqs_family(seqs, name, &family);
    free(from_path);
    PG_CHECK(s);
    for (int i = 0; i < a->n; i++)
        PG_CHECK(pg_protein_record_end(&a->rows[i], path, o, family, seqs,
                                       rep));
    alignment_clear(a);
    return PG_OK;
}

static pg_status markup(alignment *a, char *line, const char *path, long ln)
{
    if (strncmp(line, "#=GF", 4) != 0) return PG_OK;
    char *pos, *tag = strtok_r(line + 4, " \t", &pos);
    if (!tag || strcmp(tag, "ID") != 0) return PG_OK;
    char *v = strtok_r(NULL, " \t", &pos);
    if (!v)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: #=GF ID without a name", path,
                       ln);
    free(a->id);
    a->id = malloc(strlen(v) + 1);
    if (!a->id) return PG_FAIL(PG_ERR_NOMEM, "%s:%ld: family name", path, ln);
    strcpy(a->id, v);
    return PG_OK;
}

static pg_status sequence_row(alignment *a, char *line, const char *path,
                              long ln)
{
    char *pos, *name = strtok_r(line, " \t", &pos);
    char *text = strtok_r(NULL, " \t", &pos);
    if (!text)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence row '%s' without "
                       "aligned text", path, ln, name);
    if (strtok_r(NULL, " \t", &pos))
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: sequence row '%s' has more "
                       "than two fields", path, ln, name);
    pg_protein_record *r = NULL;
    PG_CHECK(row_for(a, name, path, ln, &r));
    return pg_protein_record_feed(r, text, strlen(text), path, ln);
}

pg_status pg_protein_stockholm_read(const char *path,
                                    const pg_protein_import_opts *o,
                                    pg_protein_seqs *seqs,
                                    pg_protein_import_report *rep)
{
    pg_protein_lines *in = NULL;
    alignment a = {0};
    int inside = 0, alignments = 0, unnamed = 0;
    pg_status s = PG_OK;
    PG_CHECK(pg_protein_lines_open(path, &in));
    for (;;) {
        char *line;
        PG_CHECK_GOTO(s, pg_protein_lines_next(in, &line), done);
        if (!line) break;
        long ln = pg_protein_lines_number(in);
        if (strspn(line, " \t") == strlen(line)) continue;
        if (!inside) {
            if (strncmp(line, "# STOCKHOLM 1.", 14) != 0) {
                s = PG_FAIL(PG_ERR_FORMAT, "%s:%ld: expected '# STOCKHOLM "
                            "1.0', found '%.40s'", path, ln, line);
                goto done;
            }
            inside = 1;
            a.start_line = ln;
        } else if (strncmp(line, "//", 2) == 0) {
            PG_CHECK_GOTO(s, alignment_end(&a, path, ln, o, seqs, rep,
                                           &unnamed), done);
            inside = 0;
            alignments++;
        } else if (line[0] == '#') {
            PG_CHECK_GOTO(s, markup(&a, line, path, ln), done);
        } else {
            PG_CHECK_GOTO(s, sequence_row(&a, line, path, ln), done);
        }
    }
    if (inside)
        s = PG_FAIL(PG_ERR_FORMAT, "%s: alignment from line %ld has no "
                    "closing //", path, a.start_line);
    else if (alignments == 0)
        s = PG_FAIL(PG_ERR_FORMAT, "%s: no Stockholm alignment in the file",
                    path);
done:
    alignment_clear(&a);
    free(a.rows);
    pg_protein_lines_close(&in);
    return s;
}
