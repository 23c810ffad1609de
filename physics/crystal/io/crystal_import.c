/* CIF import (crystal_import.h). */
#include "physics/crystal/io/crystal_import.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_formula.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_oxidation.h"
#include "physics/crystal/crystal_symop.h"
#include "physics/crystal/io/crystal_cif.h"
#include "physics/crystal/io/crystal_spglib.h"

static const char *const REJECT_NAMES[PG_CRYSTAL_REJECT_COUNT] = {
    "unreadable",      "no_atom_sites",   "bad_cell",
    "partial_occupancy", "disorder",      "unknown_element",
    "no_symmetry",     "site_clash",      "too_many_atoms",
    "no_bond_valence_parameters", "no_neutral_oxidation_states",
    "no_space_group"};

const char *pg_crystal_reject_name(pg_crystal_reject r)
{
    return r < PG_CRYSTAL_REJECT_COUNT ? REJECT_NAMES[r] : "?";
}

pg_crystal_import_opts pg_crystal_import_defaults(void)
{
    return (pg_crystal_import_opts){.merge_tol = 0.1, .clash_tol = 0.5,
                                    .symprec = 0.01, .bv_cutoff = 4.5,
                                    .max_atoms = 500};
}

pg_status pg_crystal_import_create(pg_crystal_import **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "crystal import");
    return PG_OK;
}

void pg_crystal_import_destroy(pg_crystal_import **im)
{
    if (!im || !*im) return;
    for (int i = 0; i < (*im)->n; i++)
        pg_crystal_structure_destroy(&(*im)->e[i].s);
    free((*im)->e);
    free(*im);
    *im = NULL;
}

typedef struct reporter {
    pg_crystal_import *im;
    pg_crystal_reject_fn fn;
    void *ctx;
} reporter;

static void reject(reporter *r, pg_crystal_reject why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reject(reporter *r, pg_crystal_reject why, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->im->rejected[why]++;
    if (r->fn) r->fn(r->ctx, why, msg);
}

/* The block's operations: parsed from the file, or from its symbols. */
static pg_status block_ops(const pg_crystal_cif_block *b, const char *where,
                           pg_crystal_symop **ops, int *n)
{
    *ops = NULL;
    *n = 0;
    if (!b->n_ops)
        return pg_crystal_symops_from_symbol(b->hall, b->hm, b->sg_number,
                                             b->cell, ops, n);
    pg_crystal_symop *o = calloc((size_t)b->n_ops, sizeof *o);
    if (!o) return PG_FAIL(PG_ERR_NOMEM, "%s: symmetry operations", where);
    for (int k = 0; k < b->n_ops; k++) {
        pg_status st = pg_crystal_symop_parse(b->ops[k], &o[k]);
        if (st != PG_OK) {
            free(o);
            return PG_FAIL(PG_ERR_FORMAT, "%s: symmetry operation %d '%s' "
                           "is not of the form x,y,z", where, k + 1,
                           b->ops[k]);
        }
    }
    *ops = o;
    *n = b->n_ops;
    return PG_OK;
}

static pg_status append_entry(pg_crystal_import *im, pg_crystal_entry *e)
{
    if (im->n == im->cap) {
        int cap = im->cap ? 2 * im->cap : 64;
        pg_crystal_entry *p = realloc(im->e, (size_t)cap * sizeof *p);
        if (!p) return PG_FAIL(PG_ERR_NOMEM, "crystal import of %d", cap);
        im->e = p;
        im->cap = cap;
    }
    im->e[im->n++] = *e;
    return PG_OK;
}

/* One data block with atom sites: a structure, or a counted rejection. */
static pg_status import_block(reporter *r, const pg_crystal_cif_block *b,
                              const char *where,
                              const pg_crystal_import_opts *o)
{
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    double L[9];
    for (int k = 0; k < 6; k++)
        if (isnan(b->cell[k])) {
            static const char *const T[6] = {
                "_cell_length_a", "_cell_length_b", "_cell_length_c",
                "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
            reject(r, PG_CRYSTAL_REJECT_BAD_CELL, "%s: %s is missing", where,
                   T[k]);
            return PG_OK;
        }
    if (pg_crystal_lattice_from_params(b->cell, L) != PG_OK) {
        reject(r, PG_CRYSTAL_REJECT_BAD_CELL, "%s: %s", where,
               pg_error_message());
        pg_error_clear();
        return PG_OK;
    }
    /* No crystal is thinner than this between lattice planes, and the
     * periodic searches after the expansion (bond valence, spglib) would
     * run over millions of images of such a cell (found by fuzzing: an
     * angle of 0.9 degrees hung the import). */
    double width = pg_crystal_lattice_min_spacing(L);
    if (!(width >= PG_CRYSTAL_IMPORT_MIN_SPACING)) {
        reject(r, PG_CRYSTAL_REJECT_BAD_CELL, "%s: the cell (a b c %g %g %g "
               "A, angles %g %g %g) is %.3g A thin between lattice planes; "
               "a crystal's cell is at least %g A", where, b->cell[0],
               b->cell[1], b->cell[2], b->cell[3], b->cell[4], b->cell[5],
               width, PG_CRYSTAL_IMPORT_MIN_SPACING);
        return PG_OK;
    }
    pg_crystal_site *sites = calloc((size_t)b->n_sites, sizeof *sites);
    if (!sites) return PG_FAIL(PG_ERR_NOMEM, "%s: sites", where);
    int ns = 0;
    pg_status st = PG_OK;
    for (int i = 0; i < b->n_sites; i++) {
        const pg_crystal_cif_site *c = &b->sites[i];
        if (c->dummy) continue;
        if (fabs(c->occupancy - 1) > 1e-3) {
            reject(r, PG_CRYSTAL_REJECT_PARTIAL_OCCUPANCY, "%s: site %s "
                   "(_atom_site_occupancy) is %g: partial occupancy is not "
                   "imported", where, c->label, c->occupancy);
            goto done;
        }
        if (c->disorder) {
            reject(r, PG_CRYSTAL_REJECT_DISORDER, "%s: site %s has a "
                   "disorder group (_atom_site_disorder_group/_assembly): "
                   "disorder is not imported", where, c->label);
            goto done;
        }
        for (int k = 0; k < 3; k++)
            if (isnan(c->frac[k])) {
                reject(r, PG_CRYSTAL_REJECT_NO_SITES, "%s: site %s has no "
                       "_atom_site_fract_%c", where, c->label, 'x' + k);
                goto done;
            }
        int z = pg_crystal_element_z(el, c->type);
        if (!z) {
            reject(r, PG_CRYSTAL_REJECT_UNKNOWN_ELEMENT, "%s: site %s: no "
                   "element '%s' (_atom_site_type_symbol)", where, c->label,
                   c->type);
            goto done;
        }
        sites[ns].z = z;
        for (int k = 0; k < 3; k++) sites[ns].frac[k] = c->frac[k];
        ns++;
    }
    if (!ns) {
        reject(r, PG_CRYSTAL_REJECT_NO_SITES, "%s: no atom sites", where);
        goto done;
    }
    pg_crystal_symop *ops = NULL;
    int nops = 0;
    if (block_ops(b, where, &ops, &nops) != PG_OK) {
        reject(r, PG_CRYSTAL_REJECT_NO_SYMMETRY, "%s: %s", where,
               pg_error_message());
        pg_error_clear();
        goto done;
    }
    pg_crystal_structure *s = NULL;
    PG_CHECK_GOTO(st, pg_crystal_structure_create(ns * nops, &s), done_ops);
    for (int k = 0; k < 9; k++) s->lattice[k] = L[k];
    int ca, cb;
    if (pg_crystal_symop_expand(ops, nops, sites, ns, o->merge_tol,
                                o->clash_tol, o->max_atoms, s, &ca,
                                &cb) != PG_OK) {
        int clash = ca >= 0;
        reject(r, clash ? PG_CRYSTAL_REJECT_SITE_CLASH
                        : PG_CRYSTAL_REJECT_TOO_MANY_ATOMS,
               "%s: %s", where, pg_error_message());
        pg_error_clear();
        goto done_s;
    }
    pg_crystal_entry e = {.s = s, .sg_cif = pg_crystal_spacegroup_of_symbol(
                                      b->hall, b->hm, b->sg_number, b->cell)};
    snprintf(e.source, sizeof e.source, "%s", where);
    if (pg_crystal_spacegroup(s, o->symprec, &e.sg, e.sg_symbol) != PG_OK) {
        reject(r, PG_CRYSTAL_REJECT_SPACEGROUP, "%s: %s", where,
               pg_error_message());
        pg_error_clear();
        goto done_s;
    }
    pg_crystal_ox_fail why;
    if (pg_crystal_oxidation_assign(s, o->bv_cutoff, &e.gii, &why) !=
        PG_OK) {
        reject(r, why == PG_CRYSTAL_OX_NOT_NEUTRAL
                      ? PG_CRYSTAL_REJECT_NOT_NEUTRAL
                      : PG_CRYSTAL_REJECT_NO_BV_PARAMS,
               "%s: %s", where, pg_error_message());
        pg_error_clear();
        goto done_s;
    }
    PG_CHECK_GOTO(st, pg_crystal_formula(s->z, s->n, e.formula,
                                         sizeof e.formula), done_s);
    if (!e.sg_cif)
        r->im->sg_unstated++;
    else if (e.sg_cif == e.sg)
        r->im->sg_agree++;
    else
        r->im->sg_differ++;
    PG_CHECK_GOTO(st, append_entry(r->im, &e), done_s);
    s = NULL;
done_s:
    pg_crystal_structure_destroy(&s);
done_ops:
    free(ops);
done:
    free(sites);
    return st;
}

static pg_status import_file(reporter *r, const char *path,
                             const pg_crystal_import_opts *o)
{
    r->im->files++;
    pg_crystal_cif *cif = NULL;
    if (pg_crystal_cif_read(path, &cif) != PG_OK) {
        reject(r, PG_CRYSTAL_REJECT_UNREADABLE, "%s", pg_error_message());
        pg_error_clear();
        return PG_OK;
    }
    int with_sites = 0;
    for (int i = 0; i < cif->n_blocks; i++)
        with_sites += cif->blocks[i].n_sites > 0;
    if (!with_sites) {
        r->im->blocks++;
        reject(r, PG_CRYSTAL_REJECT_NO_SITES, "%s: no data block has atom "
               "sites (_atom_site_fract_x)", path);
    }
    pg_status st = PG_OK;
    for (int i = 0; i < cif->n_blocks && st == PG_OK; i++) {
        const pg_crystal_cif_block *b = &cif->blocks[i];
        if (!b->n_sites) continue;
        r->im->blocks++;
        char where[512];
        if (with_sites > 1)
            snprintf(where, sizeof where, "%s:data_%s", path, b->name);
        else
            snprintf(where, sizeof where, "%s", path);
        st = import_block(r, b, where, o);
    }
    pg_crystal_cif_destroy(&cif);
    PG_CHECK(st);
    return PG_OK;
}

typedef struct path_list {
    char **p;
    int n, cap;
} path_list;

static pg_status list_push(path_list *l, const char *p)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 256;
        char **q = realloc(l->p, (size_t)cap * sizeof *q);
        if (!q) return PG_FAIL(PG_ERR_NOMEM, "file list");
        l->p = q;
        l->cap = cap;
    }
    if (!(l->p[l->n] = strdup(p))) return PG_FAIL(PG_ERR_NOMEM, "file list");
    l->n++;
    return PG_OK;
}

static int ends_with_cif(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && (!strcmp(name + n - 4, ".cif") ||
                     !strcmp(name + n - 4, ".CIF"));
}

static pg_status walk(const char *dir, path_list *l)
{
    DIR *d = opendir(dir);
    if (!d)
        return PG_FAIL(PG_ERR_IO, "%s: cannot list: %s", dir, strerror(errno));
    pg_status st = PG_OK;
    for (struct dirent *de; st == PG_OK && (de = readdir(d));) {
        if (de->d_name[0] == '.') continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat sb;
        if (stat(p, &sb)) continue;
        if (S_ISDIR(sb.st_mode))
            st = walk(p, l);
        else if (S_ISREG(sb.st_mode) && ends_with_cif(de->d_name))
            st = list_push(l, p);
    }
    closedir(d);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pg_status pg_crystal_import_paths(pg_crystal_import *im,
                                  const char *const *paths, int n,
                                  const pg_crystal_import_opts *o,
                                  pg_crystal_reject_fn report, void *ctx)
{
    path_list l = {0};
    pg_status st = PG_OK;
    for (int i = 0; i < n && st == PG_OK; i++) {
        struct stat sb;
        if (stat(paths[i], &sb)) {
            st = PG_FAIL(PG_ERR_IO, "%s: %s", paths[i], strerror(errno));
            break;
        }
        if (S_ISDIR(sb.st_mode)) {
            int first = l.n;
            st = walk(paths[i], &l);
            qsort(l.p + first, (size_t)(l.n - first), sizeof *l.p, cmp_str);
        } else {
            st = list_push(&l, paths[i]);
        }
    }
    reporter r = {im, report, ctx};
    for (int i = 0; i < l.n && st == PG_OK; i++)
        st = import_file(&r, l.p[i], o);
    for (int i = 0; i < l.n; i++) free(l.p[i]);
    free(l.p);
    PG_CHECK(st);
    return PG_OK;
}

int pg_crystal_import_unique(const pg_crystal_import *im)
{
    int unique = 0;
    for (int i = 0; i < im->n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = im->e[j].sg == im->e[i].sg &&
                   !strcmp(im->e[j].formula, im->e[i].formula);
        unique += !seen;
    }
    return unique;
}
