/* The schemas of docs/formats.md, and the validator. */
#include "io/schema.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Highest atomic number a species may have (oganesson). */
static const double MAX_ATOMIC_NUMBER = 118;
/* Bytes of a dataset read at once while scanning values. */
static const size_t SCAN_BYTES = (size_t)4 << 20;

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const pg_schema_dataset terrain_ds[] = {
    {"/terrain", PG_H5_F32, "N,H,W", "m", 0, 0, 0, 0, NULL,
     "elevation grids, row-major, metres"},
    /* Optional, written by `physgan import dem` (docs/terrain.md). */
    {"/filled", PG_H5_U8, "N,H,W", "1", 1, 1, 0, 1, NULL,
     "1 where a no-data cell was filled by neighbour averaging"},
    {"/origin_rc", PG_H5_I32, "N,2", "1", 1, 1, 0, INT32_MAX, NULL,
     "source raster row and column of each patch's cell (0, 0)"},
    {"/offset_m", PG_H5_F32, "N", "m", 1, 0, 0, 0, NULL,
     "per-patch midpoint (min + max) / 2: z = scale_m * x + offset_m"},
    {"/scale_m", PG_H5_F32, "N", "m", 1, 0, 0, 0, NULL,
     "per-patch half range (max - min) / 2, 1 for a flat patch"},
};
static const char *const terrain_attrs[] = {"cell_size_m", NULL};

static const pg_schema_dataset foam_ds[] = {
    {"/labels", PG_H5_I32, "N,T,H,W", "1", 0, 1, 0, INT32_MAX, NULL,
     "bubble id of every cell, per frame"},
    {"/time", PG_H5_F64, "T", NULL, 0, 0, 0, 0, NULL,
     "time of each frame (units as stored: Monte Carlo steps for the Potts "
     "simulator)"},
};
static const char *const foam_attrs[] = {"simulator", "temperature", NULL};

static const pg_schema_dataset crystal_ds[] = {
    {"/lattice", PG_H5_F32, "N,6", NULL, 0, 0, 0, 0, NULL,
     "a, b, c in angstrom and alpha, beta, gamma in degrees"},
    {"/frac", PG_H5_F32, "N,A,3", "1", 0, 1, 0, 1, NULL,
     "fractional coordinates of up to A atoms"},
    {"/species", PG_H5_I16, "N,A", "1", 0, 1, 0, MAX_ATOMIC_NUMBER, NULL,
     "atomic number Z of each site, 0 for an empty slot"},
    {"/natoms", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "number of occupied sites"},
    /* Optional, written by `physgan import cif` (docs/crystals.md). */
    {"/matrix", PG_H5_F32, "N,3,3", "A", 1, 0, 0, 0, NULL,
     "lattice vectors a, b, c as rows, angstrom"},
    {"/oxidation", PG_H5_I16, "N,A", "e", 1, 1, -8, 8, NULL,
     "oxidation state of each site (bond-valence assignment), 0 on padding"},
    {"/spacegroup", PG_H5_I32, "N", "1", 1, 1, 0, 230, NULL,
     "space-group number found by spglib, 0 when none was found"},
    {"/spacegroup_cif", PG_H5_I32, "N", "1", 1, 1, 0, 230, NULL,
     "space-group number the source file states, 0 when none"},
    {"/props/gii", PG_H5_F32, "N", "v.u.", 1, 0, 0, 0, NULL,
     "global instability index of the bond-valence sums"},
};

static const pg_schema_dataset protein_ds[] = {
    {"/seq", PG_H5_U8, "N,L", "1", 0, 1, 0, 20, NULL,
     "residue index into the alphabet attribute (0..19), 20 = padding"},
    {"/length", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "sequence length (1..L; the protein/1 reader checks the bounds)"},
    {"/family", PG_H5_I32, "N", "1", 0, 1, 0, 0, "classes",
     "family index into the families attribute"},
    {"/ids", PG_H5_U8, "N,W", "1", 0, 1, 0, 127, NULL,
     "sequence id, ASCII, NUL-padded"},
};
static const char *const protein_attrs[] = {"alphabet", "families",
                                            "classes", NULL};

static const pg_schema_dataset protein_screen_ds[] = {
    {"/index", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "the sequence's index among the screen's unique sequences "
     "(generation order)"},
    {"/length", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "its length in residues"},
    {"/hmm_bits", PG_H5_F64, "N", "bit", 0, 0, 0, 0, NULL,
     "Forward score with the --hmm profile (0 without one)"},
    {"/hmm_p", PG_H5_F64, "N", "1", 0, 1, 0, 1, NULL,
     "Forward P-value (E = unique count x P; 0 without a profile)"},
    {"/max_identity", PG_H5_F64, "N", "1", 0, 1, 0, 1, NULL,
     "largest identity to the family's training sequences"},
    {"/nearest", PG_H5_I32, "N", "1", 0, 1, -1, INT32_MAX, NULL,
     "that training sequence's index in the training split (-1: none)"},
};
static const char *const protein_screen_attrs[] = {
    "family", "seed", "n", "unique", "from_profile", "hmm", NULL};

static const pg_schema_dataset crystal_screen_ds[] = {
    {"/index", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "the candidate's index among the screen's candidates"},
    {"/natoms", PG_H5_I32, "N", "1", 0, 1, 0, INT32_MAX, NULL,
     "its atoms"},
    {"/species", PG_H5_I32, "N,A", "1", 0, 1, 0, 118, NULL,
     "Z of each atom, 0 on padding"},
    {"/oxidation", PG_H5_I32, "N,A", "e", 0, 1, -8, 8, NULL,
     "oxidation state of the charge assignment (0: none, padding)"},
    {"/scores", PG_H5_F64, "N,F", "1", 0, 0, 0, 0, NULL,
     "the screen's per-candidate scores (0 where /finite is not 1)"},
    {"/finite", PG_H5_U8, "N,F", "1", 0, 1, 0, 3, NULL,
     "1: the score is finite; 0 NaN, 2 +Inf, 3 -Inf"},
    {"/lattice", PG_H5_F64, "N,3,3", "A", 0, 0, 0, 0, NULL,
     "lattice vectors as rows, after relaxation"},
    {"/frac", PG_H5_F64, "N,A,3", "1", 0, 0, 0, 0, NULL,
     "fractional coordinates after relaxation, 0 on padding"},
};
static const char *const crystal_screen_attrs[] = {
    "seed", "n", "candidates", "from", "relax", "latent_steps", "symprec",
    "latent_step", "compositions", NULL};

static const pg_schema_dataset images_ds[] = {
    {"/images", PG_H5_F32, "N,C,H,W", "1", 0, 1, 0, 1, NULL,
     "images, NCHW, intensities in [0, 1]"},
    {"/labels", PG_H5_I32, "N", "1", 0, 1, 0, 0, "classes",
     "class index in [0, classes)"},
};
static const char *const images_attrs[] = {"classes", NULL};

static const pg_schema_dataset checkpoint_ds[] = {
    {"/config", PG_H5_STRING, "", NULL, 0, 0, 0, 0, NULL,
     "the resolved job file"},
    {"/step", PG_H5_I64, "", NULL, 0, 0, 0, 0, NULL,
     "training steps completed"},
    {"/G/params", PG_H5_F32, "P", NULL, 0, 0, 0, 0, NULL,
     "generator weights (flat buffer)"},
    {"/D/params", PG_H5_F32, "Q", NULL, 0, 0, 0, 0, NULL,
     "discriminator weights (flat buffer)"},
    {"/E/params", PG_H5_F32, "*", NULL, 1, 0, 0, 0, NULL,
     "encoder weights, when the model has one"},
    {"/G_ema/params", PG_H5_F32, "P", NULL, 1, 0, 0, 0, NULL,
     "EMA of the generator weights"},
    {"/loader/epoch", PG_H5_I64, "", NULL, 0, 0, 0, 0, NULL,
     "data loader epoch"},
    {"/loader/index", PG_H5_I64, "", NULL, 0, 0, 0, 0, NULL,
     "next sample position within the epoch"},
    {"/rng/rank_0", PG_H5_U8, "*", NULL, 0, 0, 0, 0, NULL,
     "RNG state of rank 0 (one /rng/rank_K per rank)"},
};
static const char *const checkpoint_attrs[] = {"ranks", NULL};

static const pg_schema schemas[] = {
    {"terrain/1", "elevation tiles", terrain_ds, N_OF(terrain_ds),
     terrain_attrs, NULL, NULL},
    {"foam/1", "2D foam frame sequences", foam_ds, N_OF(foam_ds), foam_attrs,
     NULL, NULL},
    {"crystal/1", "crystal structures", crystal_ds, N_OF(crystal_ds), NULL,
     "/props/", "N"},
    {"protein/1", "protein sequences", protein_ds, N_OF(protein_ds),
     protein_attrs, NULL, NULL},
    {"protein_screen/1", "scores of a protein screen's shard",
     protein_screen_ds, N_OF(protein_screen_ds), protein_screen_attrs, NULL,
     NULL},
    {"crystal_screen/1", "scores of a crystal screen's shard",
     crystal_screen_ds, N_OF(crystal_screen_ds), crystal_screen_attrs, NULL,
     NULL},
    {"images/1", "labelled images for classification", images_ds,
     N_OF(images_ds), images_attrs, NULL, NULL},
    {"checkpoint/1", "training checkpoint", checkpoint_ds,
     N_OF(checkpoint_ds), checkpoint_attrs, NULL, NULL},
};

const pg_schema *pg_schema_find(const char *name)
{
    for (size_t i = 0; name && i < N_OF(schemas); i++)
        if (!strcmp(schemas[i].name, name)) return &schemas[i];
    return NULL;
}

size_t pg_schema_count(void) { return N_OF(schemas); }

const pg_schema *pg_schema_at(size_t i)
{
    return i < N_OF(schemas) ? &schemas[i] : NULL;
}

/* ---- report ------------------------------------------------------------ */

typedef struct checker {
    pg_h5_file *f;
    pg_schema_report *r;
    int nomem;
    /* Symbol bindings: symbol -> value and the dataset that set it. */
    struct { char sym[16]; size_t value; const char *from; } sym[32];
    size_t n_sym;
} checker;

__attribute__((format(printf, 2, 3)))
static void problem(checker *c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **p = realloc(c->r->problems, (c->r->n + 1) * sizeof *p);
    char *s = strdup(buf);
    if (!p || !s) {
        free(s);
        if (p) c->r->problems = p;
        c->nomem = 1;
        return;
    }
    c->r->problems = p;
    p[c->r->n++] = s;
}

pg_status pg_schema_report_add(pg_schema_report *r, const char *text)
{
    checker c = {.r = r};
    problem(&c, "%s", text);
    return c.nomem ? PG_FAIL(PG_ERR_NOMEM, "validation report") : PG_OK;
}

void pg_schema_report_destroy(pg_schema_report **r)
{
    if (!r || !*r) return;
    for (size_t i = 0; i < (*r)->n; i++) free((*r)->problems[i]);
    free((*r)->problems);
    free((*r)->schema);
    free(*r);
    *r = NULL;
}

/* ---- shape --------------------------------------------------------------- */

/* Bind or compare one symbol. */
static void check_dim(checker *c, const char *ds, int axis, const char *sym,
                      size_t value)
{
    if (!strcmp(sym, "*")) return;
    char *end;
    unsigned long fixed = strtoul(sym, &end, 10);
    if (*end == '\0') {
        if (value != fixed)
            problem(c, "%s: dimension %d is %zu, expected %lu", ds, axis,
                    value, fixed);
        return;
    }
    for (size_t i = 0; i < c->n_sym; i++) {
        if (strcmp(c->sym[i].sym, sym)) continue;
        if (c->sym[i].value != value)
            problem(c, "%s: dimension %d (%s) is %zu but %s has %s = %zu",
                    ds, axis, sym, value, c->sym[i].from, sym,
                    c->sym[i].value);
        return;
    }
    if (c->n_sym < N_OF(c->sym)) {
        snprintf(c->sym[c->n_sym].sym, sizeof c->sym[0].sym, "%s", sym);
        c->sym[c->n_sym].value = value;
        c->sym[c->n_sym++].from = ds;
    }
}

/* Compare a dataset's shape with "N,H,W"; returns 0 if the rank differs. */
static int check_shape(checker *c, const char *ds, const char *shape,
                       const pg_h5_dataset_info *info)
{
    char syms[PG_H5_MAX_RANK][16];
    int rank = 0;
    for (const char *p = shape; *p && rank < PG_H5_MAX_RANK;) {
        size_t len = strcspn(p, ",");
        snprintf(syms[rank++], sizeof syms[0], "%.*s", (int)len, p);
        p += len + (p[len] == ',');
    }
    if (info->rank != rank) {
        problem(c, "%s: rank %d, expected %d (%s)", ds, info->rank, rank,
                rank ? shape : "a scalar");
        return 0;
    }
    for (int i = 0; i < rank; i++) check_dim(c, ds, i, syms[i], info->dims[i]);
    return 1;
}

/* ---- values --------------------------------------------------------------- */

static double value_at(const void *buf, pg_h5_type t, size_t i)
{
    switch (t) {
    case PG_H5_F32: return ((const float *)buf)[i];
    case PG_H5_F64: return ((const double *)buf)[i];
    case PG_H5_I64: return (double)((const int64_t *)buf)[i];
    case PG_H5_I32: return ((const int32_t *)buf)[i];
    case PG_H5_I16: return ((const int16_t *)buf)[i];
    default: return ((const uint8_t *)buf)[i];
    }
}

/* Scan values block by block: count non-finite values and values outside
 * [lo, hi], remembering the first row of each. */
static void check_values(checker *c, const char *ds, const pg_h5_dataset_info *info,
                         int range, double lo, double hi)
{
    int is_float = info->type == PG_H5_F32 || info->type == PG_H5_F64;
    if (!is_float && !range) return;
    size_t rows = info->rank ? info->dims[0] : 1;
    size_t row_elems = info->rank && rows ? info->nelem / rows : info->nelem;
    size_t row_bytes = row_elems * pg_h5_type_size(info->type);
    if (!row_bytes || !rows) return;
    size_t block = SCAN_BYTES / row_bytes ? SCAN_BYTES / row_bytes : 1;
    if (info->chunk_rows && block > info->chunk_rows)
        block -= block % info->chunk_rows; /* whole chunks per read */
    void *buf = malloc(block * row_bytes);
    if (!buf) {
        c->nomem = 1;
        return;
    }
    size_t bad = 0, out = 0, bad_row = 0, out_row = 0;
    double out_val = 0;
    for (size_t r0 = 0; r0 < rows; r0 += block) {
        size_t nr = rows - r0 < block ? rows - r0 : block;
        pg_status st = info->rank
            ? pg_h5_dataset_read_rows(c->f, ds, info->type, r0, nr, buf)
            : pg_h5_dataset_read(c->f, ds, info->type, buf, 1);
        if (st != PG_OK) {
            problem(c, "%s: unreadable at rows %zu..%zu: %s", ds, r0,
                    r0 + nr - 1, pg_error_message());
            pg_error_clear();
            break;
        }
        for (size_t i = 0; i < nr * row_elems; i++) {
            double v = value_at(buf, info->type, i);
            if (!isfinite(v)) {
                if (!bad++) bad_row = r0 + i / row_elems;
            } else if (range && (v < lo || v > hi)) {
                if (!out++) {
                    out_row = r0 + i / row_elems;
                    out_val = v;
                }
            }
        }
    }
    free(buf);
    if (bad)
        problem(c, "%s: %zu NaN or Inf value%s (first in row %zu)", ds, bad,
                bad == 1 ? "" : "s", bad_row);
    if (out)
        problem(c, "%s: %zu value%s outside [%g, %g] (first %g in row %zu)",
                ds, out, out == 1 ? "" : "s", lo, hi, out_val, out_row);
}

static void check_units(checker *c, const char *ds, const char *want)
{
    if (!pg_h5_attr_exists(c->f, ds, "units")) {
        problem(c, "%s: no units attribute", ds);
        return;
    }
    char *u = NULL;
    if (pg_h5_attr_read_string(c->f, ds, "units", &u) != PG_OK) {
        problem(c, "%s: units: %s", ds, pg_error_message());
        pg_error_clear();
        return;
    }
    if (want && strcmp(u, want))
        problem(c, "%s: units are \"%s\", expected \"%s\"", ds, u, want);
    free(u);
}

static void check_dataset(checker *c, const pg_schema_dataset *d)
{
    if (!pg_h5_is_dataset(c->f, d->name)) {
        if (!d->optional) problem(c, "%s: missing dataset", d->name);
        return;
    }
    pg_h5_dataset_info info;
    if (pg_h5_dataset_info_get(c->f, d->name, &info) != PG_OK) {
        problem(c, "%s: %s", d->name, pg_error_message());
        pg_error_clear();
        return;
    }
    if (info.type != d->type) {
        problem(c, "%s: type %s, expected %s", d->name,
                pg_h5_type_name(info.type), pg_h5_type_name(d->type));
        return;
    }
    if (d->type == PG_H5_STRING) return;
    if (!check_shape(c, d->name, d->shape, &info)) return;
    check_units(c, d->name, d->units);
    double hi = d->hi;
    int range = d->has_range;
    if (d->hi_attr) {
        int64_t v;
        if (pg_h5_attr_exists(c->f, "/", d->hi_attr) &&
            pg_h5_attr_read_int(c->f, "/", d->hi_attr, &v) == PG_OK)
            hi = (double)v - 1;
        else
            range = 0; /* the missing attribute is reported on its own */
        pg_error_clear();
    }
    check_values(c, d->name, &info, range, d->lo, hi);
}

static void check_extras(checker *c, const pg_schema *s)
{
    char **names = NULL;
    size_t n = 0;
    if (pg_h5_dataset_names(c->f, &names, &n) != PG_OK) {
        problem(c, "/: %s", pg_error_message());
        pg_error_clear();
        return;
    }
    size_t plen = strlen(s->extra_prefix);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(names[i], s->extra_prefix, plen)) continue;
        pg_h5_dataset_info info;
        if (pg_h5_dataset_info_get(c->f, names[i], &info) != PG_OK) {
            problem(c, "%s: %s", names[i], pg_error_message());
            pg_error_clear();
            continue;
        }
        if (info.rank < 1) {
            problem(c, "%s: a scalar; expected one value per sample",
                    names[i]);
            continue;
        }
        check_dim(c, names[i], 0, s->extra_first, info.dims[0]);
        check_units(c, names[i], NULL);
        check_values(c, names[i], &info, 0, 0, 0);
    }
    pg_h5_names_free(&names, n);
}

pg_status pg_schema_validate(pg_h5_file *f, pg_schema_report **out)
{
    *out = NULL;
    pg_schema_report *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "schema report");
    checker c = {.f = f, .r = r};
    static const char *const common[] = {"physgan_schema", "created_by",
                                         "source"};
    for (size_t i = 0; i < N_OF(common); i++)
        if (!pg_h5_attr_exists(f, "/", common[i]))
            problem(&c, "/: missing root attribute %s", common[i]);
    const pg_schema *s = NULL;
    if (pg_h5_attr_exists(f, "/", "physgan_schema")) {
        if (pg_h5_attr_read_string(f, "/", "physgan_schema", &r->schema) !=
            PG_OK) {
            problem(&c, "/: physgan_schema: %s", pg_error_message());
            pg_error_clear();
        } else if (!(s = pg_schema_find(r->schema))) {
            char known[256] = "";
            for (size_t i = 0; i < N_OF(schemas); i++)
                snprintf(known + strlen(known), sizeof known - strlen(known),
                         "%s%s", i ? ", " : "", schemas[i].name);
            problem(&c, "/: unknown schema \"%s\" (known: %s)", r->schema,
                    known);
        }
    }
    if (!r->schema) r->schema = strdup("");
    if (s) {
        for (const char *const *a = s->attrs; a && *a; a++)
            if (!pg_h5_attr_exists(f, "/", *a))
                problem(&c, "/: missing root attribute %s", *a);
        for (size_t i = 0; i < s->n_datasets; i++)
            check_dataset(&c, &s->datasets[i]);
        if (s->extra_prefix) check_extras(&c, s);
    }
    if (c.nomem || !r->schema) {
        pg_schema_report_destroy(&r);
        return PG_FAIL(PG_ERR_NOMEM, "%s: validation report",
                       pg_h5_file_path(f));
    }
    *out = r;
    return PG_OK;
}

pg_status pg_h5_file_open_valid(const char *path, const char *schema,
                                pg_h5_file **out)
{
    enum { SHOWN = 3 };
    *out = NULL;
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open(path, schema, &f));
    pg_schema_report *r = NULL;
    pg_status st = pg_schema_validate(f, &r);
    if (st == PG_OK && r->n) {
        char list[1536] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->n && i < SHOWN && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    i ? "; " : "", r->problems[i]);
        st = PG_FAIL(PG_ERR_FORMAT, "%s: not a valid %s file, %zu "
                     "problem%s: %s%s", path, r->schema, r->n,
                     r->n == 1 ? "" : "s", list,
                     r->n > SHOWN ? "; ... (physgan info lists them all)"
                                  : "");
    }
    pg_schema_report_destroy(&r);
    if (st != PG_OK) {
        pg_h5_file_close(&f);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = f;
    return PG_OK;
}
