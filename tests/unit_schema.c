/* Schema validator: a valid file of every schema passes, and each kind of
 * defect is reported with the dataset or attribute named. Files are built
 * from the schema tables themselves, with one defect injected at a time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/schema.h"
#include "runner.h"

enum { N_SAMPLES = 5, OTHER_DIM = 3, N_CLASSES = 4 };

typedef enum defect {
    OK,
    SKIP_DATASET,  /* leave target out */
    WRONG_TYPE,    /* target stored as float64 (or int32 for floats64) */
    WRONG_RANK,    /* one extra dimension */
    SHORT_N,       /* first dimension one less */
    NAN_VALUE,     /* a NaN in row 2 */
    OUT_OF_RANGE,  /* a value of 1000 in row 3 */
    SKIP_ATTR,     /* leave root attribute target out */
} defect;

static size_t dim_of(const char *sym)
{
    if (!strcmp(sym, "N")) return N_SAMPLES;
    char *end;
    unsigned long v = strtoul(sym, &end, 10);
    return *end ? OTHER_DIM : v;
}

static int shape_of(const char *shape, size_t *dims)
{
    int rank = 0;
    for (const char *p = shape; *p;) {
        size_t len = strcspn(p, ",");
        char sym[16];
        snprintf(sym, sizeof sym, "%.*s", (int)len, p);
        dims[rank++] = dim_of(sym);
        p += len + (p[len] == ',');
    }
    return rank;
}

static void write_attr(pg_h5_file *w, const char *name)
{
    if (!strcmp(name, "alphabet") || !strcmp(name, "simulator") ||
        !strcmp(name, "crs"))
        PG_ASSERT_OK(pg_h5_attr_write_string(w, "/", name, "ACDEFGHIKLMNPQRSTVWY"));
    else if (!strcmp(name, "classes") || !strcmp(name, "ranks"))
        PG_ASSERT_OK(pg_h5_attr_write_int(w, "/", name, N_CLASSES));
    else
        PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", name, 2.5));
}

/* Write a file of schema s (all values zero: valid everywhere) with defect
 * d applied to target. */
static void make_file(const char *path, const pg_schema *s, defect d,
                      const char *target)
{
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open(path, s->name, "unit_schema", &w));
    for (const char *const *a = s->attrs; a && *a; a++)
        if (!(d == SKIP_ATTR && !strcmp(*a, target))) write_attr(w, *a);
    for (size_t i = 0; i < s->n_datasets; i++) {
        const pg_schema_dataset *ds = &s->datasets[i];
        int hit = target && !strcmp(ds->name, target);
        if (hit && d == SKIP_DATASET) continue;
        if (ds->type == PG_H5_STRING) {
            PG_ASSERT_OK(pg_h5_string_write(w, ds->name, "[train]\nsteps = 1\n"));
            continue;
        }
        size_t dims[PG_H5_MAX_RANK];
        int rank = shape_of(ds->shape, dims);
        if (!strcmp(ds->shape, "*")) dims[0] = 7;
        if (hit && d == WRONG_RANK) dims[rank++] = 2;
        if (hit && d == SHORT_N) dims[0]--;
        pg_h5_type t = ds->type;
        if (hit && d == WRONG_TYPE) t = t == PG_H5_F64 ? PG_H5_I32 : PG_H5_F64;
        size_t n = 1;
        for (int k = 0; k < rank; k++) n *= dims[k];
        double *v = calloc(n ? n : 1, sizeof *v);
        size_t row = rank && dims[0] ? n / dims[0] : 1;
        if (hit && d == NAN_VALUE) v[2 * row] = NAN;
        if (hit && d == OUT_OF_RANGE) v[3 * row + 1] = 1000;
        /* Convert to the element type. */
        void *buf = malloc((n ? n : 1) * 8);
        for (size_t k = 0; k < n; k++) {
            switch (t) {
            case PG_H5_F32: ((float *)buf)[k] = (float)v[k]; break;
            case PG_H5_F64: ((double *)buf)[k] = v[k]; break;
            case PG_H5_I64: ((int64_t *)buf)[k] = (int64_t)v[k]; break;
            case PG_H5_I32: ((int32_t *)buf)[k] = (int32_t)v[k]; break;
            case PG_H5_I16: ((int16_t *)buf)[k] = (int16_t)v[k]; break;
            default: ((uint8_t *)buf)[k] = (uint8_t)v[k]; break;
            }
        }
        PG_ASSERT_OK(pg_h5_dataset_write(w, ds->name, t, rank, dims, buf,
                                         ds->units ? ds->units : "x", 0));
        free(buf);
        free(v);
    }
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
}

/* Validate path; return the report (caller destroys). */
static pg_schema_report *validate(const char *path)
{
    pg_h5_file *f = NULL;
    PG_ASSERT_OK(pg_h5_file_open(path, NULL, &f));
    pg_schema_report *r = NULL;
    PG_ASSERT_OK(pg_schema_validate(f, &r));
    pg_h5_file_close(&f);
    return r;
}

/* Exactly one problem, mentioning both a and b. */
static void expect_one_problem(const pg_schema_report *r, const char *a,
                               const char *b)
{
    CU_ASSERT_EQUAL(r->n, 1);
    int found = 0;
    for (size_t i = 0; i < r->n; i++)
        found |= strstr(r->problems[i], a) && (!b || strstr(r->problems[i], b));
    CU_ASSERT_TRUE(found);
    if (r->n != 1 || !found) {
        fprintf(stderr, "wanted one problem with '%s' and '%s'; got:\n", a,
                b ? b : "");
        for (size_t i = 0; i < r->n; i++)
            fprintf(stderr, "  %s\n", r->problems[i]);
    }
}

static void test_valid_file_of_each_schema_passes(void)
{
    CU_ASSERT_TRUE(pg_schema_count() >= 6);
    for (size_t i = 0; i < pg_schema_count(); i++) {
        const pg_schema *s = pg_schema_at(i);
        make_file("valid.h5", s, OK, NULL);
        pg_schema_report *r = validate("valid.h5");
        CU_ASSERT_STRING_EQUAL(r->schema, s->name);
        CU_ASSERT_EQUAL(r->n, 0);
        for (size_t k = 0; k < r->n; k++)
            fprintf(stderr, "%s: %s\n", s->name, r->problems[k]);
        pg_schema_report_destroy(&r);
        CU_ASSERT_PTR_NULL(r);
    }
    CU_ASSERT_PTR_NOT_NULL(pg_schema_find("images/1"));
    CU_ASSERT_PTR_NULL(pg_schema_find("terrain/2"));
}

static void check_defect(const char *schema, defect d, const char *target,
                         const char *a, const char *b)
{
    make_file("bad.h5", pg_schema_find(schema), d, target);
    pg_schema_report *r = validate("bad.h5");
    expect_one_problem(r, a, b);
    pg_schema_report_destroy(&r);
}

static void test_each_defect_is_named(void)
{
    check_defect("terrain/1", SKIP_DATASET, "/terrain", "/terrain",
                 "missing dataset");
    check_defect("images/1", WRONG_TYPE, "/images", "/images",
                 "type float64, expected float32");
    check_defect("foam/1", WRONG_TYPE, "/time", "/time",
                 "type int32, expected float64");
    check_defect("crystal/1", WRONG_RANK, "/frac", "/frac",
                 "rank 4, expected 3");
    check_defect("protein/1", SHORT_N, "/family", "/family",
                 "is 4 but /seq has N = 5");
    check_defect("terrain/1", NAN_VALUE, "/terrain", "/terrain",
                 "1 NaN or Inf value (first in row 2)");
    check_defect("checkpoint/1", NAN_VALUE, "/D/params", "/D/params", "NaN");
    check_defect("images/1", OUT_OF_RANGE, "/images", "/images",
                 "outside [0, 1] (first 1000 in row 3)");
    /* labels must be < classes (a root attribute). */
    check_defect("images/1", OUT_OF_RANGE, "/labels", "/labels",
                 "outside [0, 3]");
    check_defect("crystal/1", OUT_OF_RANGE, "/species", "/species",
                 "outside [0, 118]");
    check_defect("foam/1", SKIP_ATTR, "temperature", "/:",
                 "missing root attribute temperature");
    check_defect("images/1", SKIP_ATTR, "classes", "missing root attribute "
                 "classes", NULL);
}

static void test_units_attrs_and_unknown_schema(void)
{
    /* Wrong units on terrain. */
    pg_h5_file *w = NULL;
    float z[2 * 2 * 2] = {0};
    PG_ASSERT_OK(pg_h5_writer_open("units.h5", "terrain/1", "t", &w));
    PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "cell_size_m", 30));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3,
                                     (size_t[]){2, 2, 2}, z, "ft", 0));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    pg_schema_report *r = validate("units.h5");
    expect_one_problem(r, "/terrain", "units are \"ft\", expected \"m\"");
    pg_schema_report_destroy(&r);

    /* Unknown schema, listing the known ones. */
    PG_ASSERT_OK(pg_h5_writer_open("unknown.h5", "weather/3", "t", &w));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    r = validate("unknown.h5");
    expect_one_problem(r, "unknown schema \"weather/3\"", "terrain/1");
    pg_schema_report_destroy(&r);

    /* crystal: datasets under /props/ must have N rows. */
    PG_ASSERT_OK(pg_h5_writer_open("props.h5", "crystal/1", "t", &w));
    float lat[5 * 6] = {0}, frac[5 * 3 * 3] = {0}, e[4] = {0};
    int16_t sp[5 * 3] = {0};
    int32_t na[5] = {0};
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/lattice", PG_H5_F32, 2,
                                     (size_t[]){5, 6}, lat, "angstrom|deg", 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/frac", PG_H5_F32, 3,
                                     (size_t[]){5, 3, 3}, frac, "1", 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/species", PG_H5_I16, 2,
                                     (size_t[]){5, 3}, sp, "1", 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/natoms", PG_H5_I32, 1,
                                     (size_t[]){5}, na, "1", 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/props/energy", PG_H5_F32, 1,
                                     (size_t[]){4}, e, "eV", 0));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    r = validate("props.h5");
    expect_one_problem(r, "/props/energy", "is 4 but /lattice has N = 5");
    pg_schema_report_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("schema");
    PG_TEST(s, test_valid_file_of_each_schema_passes);
    PG_TEST(s, test_each_defect_is_named);
    PG_TEST(s, test_units_attrs_and_unknown_schema);
}
