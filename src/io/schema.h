/* File schemas (docs/formats.md) as data, and a validator.
 *
 * A schema lists datasets with their element type, symbolic shape and
 * units, and the root attributes a file must carry. Shapes are written as
 * comma-separated symbols, e.g. "N,H,W": a symbol that appears in several
 * datasets must have the same value in all of them (N, the number of
 * samples, ties every per-sample dataset together); a number is a fixed
 * size; "*" is any size. An empty shape is a scalar.
 *
 * The validator reports every problem it finds, not just the first: a
 * missing dataset or root attribute, a wrong type or rank, a dimension
 * that disagrees, a missing or unexpected `units` attribute, NaN or Inf
 * in a float dataset and values out of the schema's range. Datasets are
 * scanned in blocks of rows, so files larger than memory can be checked.
 */
#ifndef PG_IO_SCHEMA_H
#define PG_IO_SCHEMA_H

#include <stddef.h>

#include "base/status.h"
#include "io/h5.h"

typedef struct pg_schema_dataset {
    const char *name;   /* absolute path, "/terrain" */
    pg_h5_type type;
    const char *shape;  /* "N,H,W"; "" for a scalar */
    const char *units;  /* required value of the units attribute; NULL: any */
    int optional;
    int has_range;      /* values must lie in [lo, hi] */
    double lo, hi;
    /* When set, the upper bound is this root attribute minus one
     * (labels < classes). */
    const char *hi_attr;
    const char *about;  /* one line for docs and `physgan info` */
} pg_schema_dataset;

typedef struct pg_schema {
    const char *name;          /* "terrain/1" */
    const char *about;
    const pg_schema_dataset *datasets;
    size_t n_datasets;
    const char *const *attrs;  /* required root attributes besides the
                                  three every file has; NULL-terminated */
    /* Datasets under this prefix ("/props/") are allowed and must have
     * first dimension `extra_first` (e.g. "N"); NULL: none. */
    const char *extra_prefix, *extra_first;
} pg_schema;

/* The schema called name ("terrain/1"), or NULL. */
const pg_schema *pg_schema_find(const char *name);
/* All known schemas, for listings. */
size_t pg_schema_count(void);
const pg_schema *pg_schema_at(size_t i);

/* Problems found in one file. */
typedef struct pg_schema_report {
    char *schema;      /* the file's physgan_schema ("" when missing) */
    char **problems;   /* each names the dataset or attribute concerned */
    size_t n;
} pg_schema_report;

/* Check the open file against the schema its physgan_schema attribute
 * names. Returns PG_OK whenever the check could run (problems go into
 * the report; n == 0 means the file is valid); an error only on
 * allocation failure. Not collective. */
pg_status pg_schema_validate(pg_h5_file *f, pg_schema_report **out);
/* Open path for reading as a file of `schema` (pg_h5_file_open's checks)
 * and validate all of it before use: a file with problems (a missing
 * dataset or attribute, a wrong type or shape, NaN/Inf, values out of
 * range such as negative labels) is refused with PG_ERR_FORMAT naming the
 * file, the schema and the first problems (each names its dataset or
 * attribute). Reads every value once (in blocks). Not collective. */
pg_status pg_h5_file_open_valid(const char *path, const char *schema,
                                pg_h5_file **out);

/* Append one problem found by a check outside the schema's (a
 * checkpoint's checksum, say). */
pg_status pg_schema_report_add(pg_schema_report *r, const char *text);
void pg_schema_report_destroy(pg_schema_report **r);

#endif
