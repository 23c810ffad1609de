/* Job files: INI (libinih) checked against a schema of known keys.
 *
 * A schema is an array of pg_key_spec (section, key, type, default, range,
 * documentation). Loading a file rejects unknown sections and keys and
 * values that do not parse or lie outside their range, with the file, line
 * and key in the message. `-o section.key=value` overrides are applied on
 * top and checked the same way. Every lookup returns the file value, the
 * override, or the schema default, and remembers which (for
 * `physgan config`).
 */
#ifndef PG_BASE_CONFIG_H
#define PG_BASE_CONFIG_H

#include <stdio.h>

#include "base/status.h"

typedef enum pg_key_type {
    PG_KEY_INT,     /* integer in [min, max] */
    PG_KEY_DOUBLE,  /* finite real in [min, max] */
    PG_KEY_BOOL,    /* true/false, yes/no, on/off, 1/0 */
    PG_KEY_STRING,  /* any text */
    PG_KEY_CHOICE,  /* one of the '|'-separated words in `choices` */
    PG_KEY_PATH,    /* a path; relative paths are taken relative to the
                       job file's directory (for -o and defaults: the
                       current directory) and stored absolute; "" = none */
} pg_key_type;

typedef struct pg_key_spec {
    const char *section;
    const char *key;
    pg_key_type type;
    const char *def;      /* default as text; NULL means required */
    double min, max;      /* INT/DOUBLE range (ignored when min > max) */
    const char *choices;  /* CHOICE: "minimax|nonsat|hinge" */
    const char *doc;      /* one line, with units */
} pg_key_spec;

typedef struct pg_config pg_config;

/* The schema is borrowed and must outlive the config. */
pg_status pg_config_create(const pg_key_spec *schema, int n_keys,
                           pg_config **out);
void pg_config_destroy(pg_config **c);

/* Parse an INI file. Errors name "file:line: [section] key: problem";
 * every error of the file is reported, and a file with errors changes
 * nothing. A later file replaces values of an earlier one. */
pg_status pg_config_load(pg_config *c, const char *path);
/* As pg_config_load, for job text in memory (a checkpoint's /config):
 * name stands for the file in messages and origins ("CKPT.h5:/config"),
 * and relative PATHs (a resolved job has none) are taken relative to the
 * current directory, as for -o. */
pg_status pg_config_load_text(pg_config *c, const char *text,
                              const char *name);
/* Apply "section.key=value" (from -o). */
pg_status pg_config_override(pg_config *c, const char *assignment);
/* Check that every required key has a value and every value is valid. */
pg_status pg_config_validate(const pg_config *c);

/* Typed getters: the resolved value (override > file > default). Asking
 * for a key missing from the schema or of another type is PG_ERR_INTERNAL. */
pg_status pg_config_get_int(const pg_config *c, const char *section,
                            const char *key, long *out);
pg_status pg_config_get_double(const pg_config *c, const char *section,
                               const char *key, double *out);
pg_status pg_config_get_bool(const pg_config *c, const char *section,
                             const char *key, int *out);
/* STRING, CHOICE and PATH keys; the string lives as long as the config. */
pg_status pg_config_get_string(const pg_config *c, const char *section,
                               const char *key, const char **out);

/* Write the fully resolved configuration as INI, every key of the schema,
 * each annotated with its origin (default / file:line / override) and doc. */
pg_status pg_config_write(const pg_config *c, FILE *f);
/* Write the schema as a Markdown table (docs/config.md is made from it). */
void pg_config_write_schema_md(const pg_key_spec *schema, int n_keys,
                               FILE *f);

#endif
