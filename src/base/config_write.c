/* Writing the resolved configuration back as a job file, and the schema as
 * Markdown tables. */
#include <stdio.h>
#include <string.h>

#include "base/config_impl.h"

/* Sections in the order they first appear in the schema. */
static int first_of_section(const pg_key_spec *s, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(s[j].section, s[i].section) == 0) return 0;
    return 1;
}

static const char *origin(const pg_config *c, const cfg_entry *e, char *buf,
                          size_t n)
{
    switch (e->origin) {
    case CFG_DEFAULT: return "default";
    case CFG_OVERRIDE: return "override";
    case CFG_FILE:
        snprintf(buf, n, "%s:%d", c->files[e->file], e->line);
        return buf;
    case CFG_UNSET: break;
    }
    return "required, not set";
}

static pg_status write_key(const pg_config *c, int i, FILE *f)
{
    const pg_key_spec *k = &c->schema[i];
    const cfg_entry *e = &c->e[i];
    char want[320], from[CFG_LINE_MAX + 1], line[2 * CFG_LINE_MAX];
    cfg_value_describe(k, want, sizeof want);
    snprintf(line, sizeof line, "; %s: %s", k->doc ? k->doc : "", want);
    fprintf(f, "%.*s\n", CFG_LINE_MAX, line);
    const char *o = origin(c, e, from, sizeof from);
    if (e->origin == CFG_UNSET) {
        fprintf(f, "; %s =   ; %s\n", k->key, o);
        return PG_OK;
    }
    if (!cfg_line_fits(k, e->v.text))
        return PG_FAIL(PG_ERR_CONFIG,
                       "[%s] %s: value of %zu characters does not fit a job "
                       "file line (%d characters at most)",
                       k->section, k->key, strlen(e->v.text), CFG_LINE_MAX);
    int n = snprintf(line, sizeof line, "%s = %s", k->key, e->v.text);
    /* The origin goes at the end of the line when it fits there. */
    if (n + 4 + (int)strlen(o) <= CFG_LINE_MAX)
        fprintf(f, "%s   ; %s\n", line, o);
    else
        fprintf(f, "; from %.*s\n%s\n", CFG_LINE_MAX - 7, o, line);
    return PG_OK;
}

pg_status pg_config_write(const pg_config *c, FILE *f)
{
    fprintf(f, "; physgan job file: every key with its resolved value and "
               "where it came from\n; (job file:line, \"override\" for -o, "
               "or \"default\"). Paths are absolute.\n");
    for (int s = 0; s < c->n; s++) {
        if (!first_of_section(c->schema, s)) continue;
        const char *section = c->schema[s].section;
        fprintf(f, "\n[%s]\n", section);
        for (int i = s; i < c->n; i++)
            if (strcmp(c->schema[i].section, section) == 0)
                PG_CHECK(write_key(c, i, f));
    }
    if (fflush(f) != 0 || ferror(f))
        return PG_FAIL(PG_ERR_IO, "writing the configuration failed");
    return PG_OK;
}

/* Table cells cannot hold '|' or line breaks. */
static void cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", f);
        else if (*s == '\n') fputc(' ', f);
        else fputc(*s, f);
    }
}

void pg_config_write_schema_md(const pg_key_spec *schema, int n_keys,
                               FILE *f)
{
    char range[512];
    for (int s = 0; s < n_keys; s++) {
        if (!first_of_section(schema, s)) continue;
        const char *section = schema[s].section;
        fprintf(f, "%s### [%s]\n\n", s ? "\n" : "", section);
        fputs("| key | type | default | range / choices | description |\n"
              "| --- | --- | --- | --- | --- |\n", f);
        for (int i = s; i < n_keys; i++) {
            const pg_key_spec *k = &schema[i];
            if (strcmp(k->section, section) != 0) continue;
            fprintf(f, "| %s | %s | ", k->key, cfg_type_name(k->type));
            if (!k->def) fputs("*required*", f);
            else if (!*k->def) fputs("*(empty)*", f);
            else cell(f, k->def);
            cfg_value_range(k, range, sizeof range);
            fputs(" | ", f);
            cell(f, range);
            fputs(" | ", f);
            cell(f, k->doc ? k->doc : "");
            fputs(" |\n", f);
        }
    }
}
