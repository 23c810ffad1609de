#include <stdlib.h>
#include <string.h>

#include "physics/protein/io/protein_import.h"
#include "physics/protein/io/protein_lines.h"

/* The id of a '>' line: its first word. */
static pg_status header_id(const char *path, long line, char *text,
                           char **id)
{
    char *p = text + 1;
    p += strspn(p, " \t");
    size_t n = strcspn(p, " \t");
    if (n == 0)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: '>' line without a sequence "
                       "id", path, line);
    p[n] = '\0';
    *id = p;
    return PG_OK;
}

pg_status pg_protein_fasta_read(const char *path,
                                const pg_protein_import_opts *o,
                                pg_protein_seqs *seqs,
                                pg_protein_import_report *rep)
{
    pg_protein_lines *in = NULL;
    pg_protein_record rec = {0};
    char *fam_name = NULL;
    int family = 0, open_rec = 0;
    pg_status s;
    if (o->family) {
        PG_CHECK(pg_protein_seqs_family(seqs, o->family, &family));
    } else {
        PG_CHECK(pg_protein_family_from_path(path, &fam_name));
        s = pg_protein_seqs_family(seqs, fam_name, &family);
        free(fam_name);
        PG_CHECK(s);
    }
    PG_CHECK(pg_protein_lines_open(path, &in));
    for (;;) {
        char *line;
        PG_CHECK_GOTO(s, pg_protein_lines_next(in, &line), done);
        if (!line) break;
        long ln = pg_protein_lines_number(in);
        if (line[0] == '>') {
            if (open_rec)
                PG_CHECK_GOTO(s, pg_protein_record_end(&rec, path, o, family,
                                                       seqs, rep), done);
            char *id = NULL;
            PG_CHECK_GOTO(s, header_id(path, ln, line, &id), done);
            PG_CHECK_GOTO(s, pg_protein_record_begin(&rec, id, path, ln), done);
            open_rec = 1;
        } else if (!open_rec) {
            if (strspn(line, " \t") != strlen(line)) {
                s = PG_FAIL(PG_ERR_FORMAT, "%s:%ld: text before the first "
                            "'>' line: not a FASTA file?", path, ln);
                goto done;
            }
        } else {
            PG_CHECK_GOTO(s, pg_protein_record_feed(&rec, line, strlen(line),
                                                    path, ln), done);
        }
    }
    if (open_rec)
        PG_CHECK_GOTO(s, pg_protein_record_end(&rec, path, o, family, seqs,
                                               rep), done);
    else
        s = PG_FAIL(PG_ERR_FORMAT, "%s: no '>' record in the file", path);
done:
    pg_protein_record_free(&rec);
    pg_protein_lines_close(&in);
    return s;
}
