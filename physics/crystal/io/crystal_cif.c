/* CIF reading through COD's parser (crystal_cif.h). The only file that
 * includes libcodcif's headers: they install straight into /usr/include
 * under generic names (cif.h, common.h, version.h), so nothing else may
 * see them. */
#include "physics/crystal/io/crystal_cif.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cexceptions.h>
#include <cif.h>
#include <cif_compiler.h>
#include <cif_lex_buffer.h>
#include <cif_options.h>
#include <cifmessage.h>
#include <cifvalue.h>
#include <datablock.h>

/* libcodcif's messages name the program through this global, which the
 * library leaves to the program that links it. */
char *progname = "physgan";

/* Tags are looked up in lower case: the parser stores them so (CIF tags
 * are case-insensitive). */

/* A tag's value text (row `row` of a loop, 0 for a scalar); NULL when the
 * tag is absent or the row does not exist. */
static const char *tag_text(DATABLOCK *b, const char *tag, int row)
{
    ssize_t t = datablock_tag_index(b, (char *)tag);
    if (t < 0) return NULL;
    ssize_t *lens = datablock_value_lengths(b);
    if (row >= lens[t]) return NULL;
    CIFVALUE *v = datablock_cifvalue(b, (int)t, row);
    if (!v) return NULL;
    cif_value_type_t ty = value_type(v);
    if (ty == CIF_LIST || ty == CIF_TABLE) return NULL;
    return value_scalar(v);
}

/* The first of several alternative tags that is present. */
static const char *tag_any(DATABLOCK *b, const char *const *tags, int row,
                           const char **which)
{
    for (int i = 0; tags[i]; i++) {
        const char *s = tag_text(b, tags[i], row);
        if (s) {
            if (which) *which = tags[i];
            return s;
        }
    }
    return NULL;
}

static int tag_rows(DATABLOCK *b, const char *tag)
{
    ssize_t t = datablock_tag_index(b, (char *)tag);
    return t < 0 ? 0 : (int)datablock_value_lengths(b)[t];
}

static int missing(const char *s)
{
    return !s || !strcmp(s, "?") || !strcmp(s, ".");
}

/* A CIF number: "1.234(5)" -> 1.234; missing -> NAN. -1 when malformed. */
static int cif_number(const char *s, double *out)
{
    *out = NAN;
    if (missing(s)) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno) return -1;
    if (*end == '(') {
        while (isdigit((unsigned char)*++end)) {}
        if (*end != ')') return -1;
        end++;
    }
    if (*end) return -1;
    *out = v;
    return 0;
}

static pg_status number_at(DATABLOCK *b, const char *path, const char *bname,
                           const char *tag, int row, double *out)
{
    const char *s = tag_text(b, tag, row);
    if (cif_number(s, out))
        return PG_FAIL(PG_ERR_FORMAT, "%s: data_%s: %s = '%s' is not a "
                       "number", path, bname, tag, s);
    return PG_OK;
}

static void copy_text(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", missing(s) ? "" : s);
}

static pg_status read_block(DATABLOCK *b, const char *path,
                            pg_crystal_cif_block *out)
{
    copy_text(out->name, sizeof out->name, datablock_name(b));
    static const char *const CELL[6] = {
        "_cell_length_a", "_cell_length_b", "_cell_length_c",
        "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
    for (int i = 0; i < 6; i++) {
        PG_CHECK(number_at(b, path, out->name, CELL[i], 0, &out->cell[i]));
        if (i >= 3 && isnan(out->cell[i]) && !tag_text(b, CELL[i], 0))
            out->cell[i] = 90;
    }
    static const char *const OPS[] = {"_space_group_symop_operation_xyz",
                                      "_symmetry_equiv_pos_as_xyz", NULL};
    for (int k = 0; OPS[k] && !out->n_ops; k++) {
        int n = tag_rows(b, OPS[k]);
        if (!n) continue;
        out->ops = calloc((size_t)n, sizeof *out->ops);
        if (!out->ops) return PG_FAIL(PG_ERR_NOMEM, "CIF symmetry operations");
        for (int r = 0; r < n; r++) {
            const char *s = tag_text(b, OPS[k], r);
            out->ops[r] = strdup(s ? s : "");
            if (!out->ops[r]) return PG_FAIL(PG_ERR_NOMEM, "CIF operation");
            out->n_ops++;
        }
    }
    static const char *const NUM[] = {"_space_group_it_number",
                                      "_symmetry_int_tables_number", NULL};
    double sg;
    const char *which = NUM[0];
    tag_any(b, NUM, 0, &which);
    PG_CHECK(number_at(b, path, out->name, which, 0, &sg));
    out->sg_number = isnan(sg) ? 0 : (int)sg;
    static const char *const HM[] = {"_space_group_name_h-m_alt",
                                     "_symmetry_space_group_name_h-m", NULL};
    static const char *const HALL[] = {"_space_group_name_hall",
                                       "_symmetry_space_group_name_hall",
                                       NULL};
    copy_text(out->hm, sizeof out->hm, tag_any(b, HM, 0, NULL));
    copy_text(out->hall, sizeof out->hall, tag_any(b, HALL, 0, NULL));
    copy_text(out->formula, sizeof out->formula,
              tag_text(b, "_chemical_formula_sum", 0));

    int n = tag_rows(b, "_atom_site_fract_x");
    if (!n) return PG_OK;
    out->sites = calloc((size_t)n, sizeof *out->sites);
    if (!out->sites) return PG_FAIL(PG_ERR_NOMEM, "CIF atom sites");
    out->n_sites = n;
    static const char *const XYZ[3] = {"_atom_site_fract_x",
                                       "_atom_site_fract_y",
                                       "_atom_site_fract_z"};
    for (int r = 0; r < n; r++) {
        pg_crystal_cif_site *site = &out->sites[r];
        copy_text(site->label, sizeof site->label,
                  tag_text(b, "_atom_site_label", r));
        const char *type = tag_text(b, "_atom_site_type_symbol", r);
        copy_text(site->type, sizeof site->type,
                  missing(type) ? site->label : type);
        for (int k = 0; k < 3; k++)
            PG_CHECK(number_at(b, path, out->name, XYZ[k], r,
                               &site->frac[k]));
        PG_CHECK(number_at(b, path, out->name, "_atom_site_occupancy", r,
                           &site->occupancy));
        if (isnan(site->occupancy)) site->occupancy = 1;
        const char *dg = tag_text(b, "_atom_site_disorder_group", r);
        const char *da = tag_text(b, "_atom_site_disorder_assembly", r);
        site->disorder = !missing(dg) || !missing(da);
        const char *cf = tag_text(b, "_atom_site_calc_flag", r);
        site->dummy = cf && !strcmp(cf, "dum");
    }
    return PG_OK;
}

/* The first error the parser recorded, as "line N: message". */
static void first_error(CIF *cif, char *buf, size_t cap)
{
    CIFMESSAGE *m;
    buf[0] = 0;
    foreach_cifmessage(m, cif_messages(cif))
    {
        const char *st = cifmessage_status(m);
        if (st && strcmp(st, "ERROR")) continue;
        const char *msg = cifmessage_message(m);
        snprintf(buf, cap, "line %d: %s", cifmessage_lineno(m),
                 msg ? msg : "syntax error");
        return;
    }
}

/* Two states of COD's lexer (libcodcif 3.7, its globals) that crash it,
 * set right before each parse (both found by fuzzing; read from the
 * library's machine code, which has no debug symbols):
 * - a "character pushed back" flag: a parse that aborts right after a
 *   push-back (a CIF opening with a stray value, say) leaves it set; the
 *   next parse then skips recording its first line, and its first value
 *   copies that NULL line (tests/fuzz/cif/regress/second-parse-segv.cif).
 *   getlinec, the lexer's public reader, clears the flag on every read,
 *   end of input included, and touches nothing else there: one read of an
 *   empty stream resets it;
 * - the token buffer, freed after every parse: a quote that ends its
 *   line as the file's first token (a file holding just `"`) makes the
 *   lexer read the byte before the token, which is NULL - 1 while nothing
 *   has been pushed (tests/fuzz/cif/regress/lone-quote-segv.cif). pushchar
 *   allocates it; the library frees it again after the parse. */
static void reset_cod_lexer(void)
{
    FILE *empty = fopen("/dev/null", "r");
    if (empty) {
        (void)getlinec(empty, NULL, NULL);
        fclose(empty);
    }
    pushchar(0, ' ');
}

pg_status pg_crystal_cif_read(const char *path, pg_crystal_cif **out)
{
    *out = NULL;
    FILE *probe = fopen(path, "r");
    if (!probe)
        return PG_FAIL(PG_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
    fclose(probe);

    cexception_t ex;
    CIF *volatile cif = NULL;
    char err[512] = "";
    reset_cod_lexer();
    cexception_guard(ex)
    {
        cif = new_cif_from_cif_file((char *)path,
                                    cif_option_suppress_messages(
                                        cif_option_default()),
                                    &ex);
    }
    cexception_catch
    {
        const char *m = cexception_message(&ex);
        snprintf(err, sizeof err, "%s", m ? m : "parse failed");
        if (cif) delete_cif(cif);
        return PG_FAIL(PG_ERR_FORMAT, "%s: not a readable CIF: %s", path,
                       err);
    }
    if (!cif) return PG_FAIL(PG_ERR_FORMAT, "%s: not a readable CIF", path);
    if (cif_nerrors(cif) > 0) {
        first_error(cif, err, sizeof err);
        delete_cif(cif);
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s", path,
                       err[0] ? err : "CIF syntax errors");
    }
    pg_crystal_cif *c = calloc(1, sizeof *c);
    int nb = 0;
    for (DATABLOCK *b = cif_datablock_list(cif); b; b = datablock_next(b))
        nb++;
    if (!c || !(c->blocks = calloc((size_t)(nb ? nb : 1), sizeof *c->blocks))) {
        free(c);
        delete_cif(cif);
        return PG_FAIL(PG_ERR_NOMEM, "%s: CIF blocks", path);
    }
    pg_status st = PG_OK;
    for (DATABLOCK *b = cif_datablock_list(cif); b && st == PG_OK;
         b = datablock_next(b))
        st = read_block(b, path, &c->blocks[c->n_blocks++]);
    delete_cif(cif);
    if (st != PG_OK) {
        pg_crystal_cif_destroy(&c);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    if (!nb) {
        pg_crystal_cif_destroy(&c);
        return PG_FAIL(PG_ERR_FORMAT, "%s: no data block", path);
    }
    *out = c;
    return PG_OK;
}

void pg_crystal_cif_destroy(pg_crystal_cif **c)
{
    if (!c || !*c) return;
    for (int i = 0; i < (*c)->n_blocks; i++) {
        pg_crystal_cif_block *b = &(*c)->blocks[i];
        for (int k = 0; k < b->n_ops; k++) free(b->ops[k]);
        free(b->ops);
        free(b->sites);
    }
    free((*c)->blocks);
    free(*c);
    *c = NULL;
}
