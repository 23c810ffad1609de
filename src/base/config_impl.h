/* Internals shared by config.c (object, getters, overrides, validation),
 * config_load.c (INI files through libinih), config_value.c (parsing one
 * value) and config_write.c (resolved INI and Markdown output). */
#ifndef PG_BASE_CONFIG_IMPL_H
#define PG_BASE_CONFIG_IMPL_H

#include <stddef.h>

#include "base/config.h"

/* libinih reads lines into a buffer of this many bytes (INI_MAX_LINE of the
 * Debian build), so a job file line may hold this minus "\n\0" characters. */
enum { CFG_LINE_MAX = 200 - 2 };
/* Room for every error of one load; pg_error_message keeps ~1 KiB of it. */
enum { CFG_MSG_MAX = 1024 };

typedef enum cfg_origin {
    CFG_UNSET,    /* required key with no value yet */
    CFG_DEFAULT,
    CFG_FILE,
    CFG_OVERRIDE,
} cfg_origin;

/* A parsed value. text is the canonical text (as written; PATHs resolved
 * to absolute paths) and is the value of STRING, CHOICE and PATH keys. */
typedef struct cfg_value {
    char *text;
    long i;
    double d;
    int b;
} cfg_value;

typedef struct cfg_entry {
    cfg_value v;
    cfg_origin origin;
    int file; /* index into pg_config.files when origin == CFG_FILE */
    int line;
} cfg_entry;

struct pg_config {
    const pg_key_spec *schema;
    int n;
    cfg_entry *e;   /* one per schema key, same order */
    char **files;   /* job files loaded, as named by the caller */
    int n_files;
};

typedef enum cfg_parse {
    CFG_PARSE_OK,
    CFG_PARSE_BAD,   /* the text is not a valid value for the key */
    CFG_PARSE_NOMEM,
} cfg_parse;

/* Parse text for key k. Relative PATHs are joined to base_dir (absolute).
 * On CFG_PARSE_OK, *out owns a new text. */
cfg_parse cfg_value_parse(const pg_key_spec *k, const char *text,
                          const char *base_dir, cfg_value *out);
void cfg_value_free(cfg_value *v);
/* What key k accepts, e.g. "a real number in [0, 1]". */
void cfg_value_describe(const pg_key_spec *k, char *buf, size_t n);
/* "integer", "real", ... for tables. */
const char *cfg_type_name(pg_key_type t);
/* The range or choices of k as text ("[0, 1]", "adam, sgd"), "" if none. */
void cfg_value_range(const pg_key_spec *k, char *buf, size_t n);

/* Absolute directory holding `file` (the current directory for a bare
 * name); NULL when out of memory or the current directory is unknown. */
char *cfg_dir_of(const char *file);
/* Absolute current directory, or NULL. */
char *cfg_cwd(void);

/* Index of [section] key in the schema, or -1. */
int cfg_find(const pg_config *c, const char *section, const char *key);
int cfg_section_known(const pg_config *c, const char *section);
/* Explanations for names not in the schema, written into buf:
 * "unknown key (did you mean 'steps'?)" and
 * "unknown section [foo] (known: data, model, ...)". */
void cfg_unknown_key(const pg_config *c, const char *section,
                     const char *key, char *buf, size_t n);
void cfg_unknown_section(const pg_config *c, const char *section, char *buf,
                         size_t n);
/* Whether "key = text" fits on one job file line (so that
 * pg_config_write can write it back). */
int cfg_line_fits(const pg_key_spec *k, const char *text);
/* Replace entry i's value (taking ownership of v). */
void cfg_entry_set(pg_config *c, int i, cfg_value *v, cfg_origin origin,
                   int file, int line);

/* Errors of one load, kept sorted by line and joined one per line. */
typedef struct cfg_errors {
    struct cfg_error { int line; char *text; } *items;
    int n, cap;
    int lost; /* errors not kept for want of memory */
} cfg_errors;
void cfg_errors_add(cfg_errors *e, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Join the errors (first line first) into buf; says how many were left
 * out when they do not fit. */
void cfg_errors_join(const cfg_errors *e, char *buf, size_t n);
void cfg_errors_free(cfg_errors *e);

#endif
