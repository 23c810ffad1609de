/* The element table (crystal_elements.h): data/crystal/elements.tsv,
 * embedded by CMake as pg_crystal_elements_tsv[] (generated source). */
#include "physics/crystal/crystal_elements.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

extern const unsigned char pg_crystal_elements_tsv[];
extern const unsigned long pg_crystal_elements_tsv_len;

static pg_crystal_element g_table[PG_CRYSTAL_ZMAX + 1];
static char g_error[160];
static once_flag g_once = ONCE_FLAG_INIT;

static double field_double(const char *s)
{
    if (!strcmp(s, "-")) return NAN;
    char *end;
    double v = strtod(s, &end);
    return (*end || end == s) ? NAN : v;
}

static int parse_row(char *line, int lineno)
{
    char *f[9];
    int n = 0;
    for (char *tok = strtok(line, "\t"); tok && n < 9; tok = strtok(NULL, "\t"))
        f[n++] = tok;
    if (n != 9) {
        snprintf(g_error, sizeof g_error, "elements.tsv line %d: %d fields, "
                 "expected 9", lineno, n);
        return -1;
    }
    int z = atoi(f[0]);
    if (z < 1 || z > PG_CRYSTAL_ZMAX || strlen(f[1]) > 3) {
        snprintf(g_error, sizeof g_error, "elements.tsv line %d: bad Z or "
                 "symbol", lineno);
        return -1;
    }
    pg_crystal_element *e = &g_table[z];
    e->z = z;
    strcpy(e->symbol, f[1]);
    e->chi = field_double(f[2]);
    e->radius = field_double(f[3]);
    e->ox = atoi(f[5]);
    e->n_states = 0;
    if (strcmp(f[6], "-"))
        for (char *p = f[6]; *p && e->n_states < PG_CRYSTAL_MAX_STATES;) {
            char *end;
            long v = strtol(p, &end, 10);
            if (end == p) break;
            e->states[e->n_states++] = (int)v;
            p = *end == ',' ? end + 1 : end;
        }
    e->bv_r = field_double(f[7]);
    e->bv_c = field_double(f[8]);
    return 0;
}

static void parse_table(void)
{
    size_t len = pg_crystal_elements_tsv_len;
    char *text = malloc(len + 1);
    if (!text) {
        snprintf(g_error, sizeof g_error, "out of memory");
        return;
    }
    memcpy(text, pg_crystal_elements_tsv, len);
    text[len] = 0;
    int lineno = 0;
    char *save = NULL;
    for (char *line = text; line; line = save) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl) *nl = 0;
        lineno++;
        if (!*line || line[0] == '#') continue;
        if (parse_row(line, lineno)) break;
    }
    free(text);
}

pg_status pg_crystal_elements(const pg_crystal_element **table)
{
    call_once(&g_once, parse_table);
    *table = NULL;
    if (g_error[0])
        return PG_FAIL(PG_ERR_FORMAT, "shipped element table: %s", g_error);
    *table = g_table;
    return PG_OK;
}

static int match(const pg_crystal_element *t, const char *sym, size_t n)
{
    for (int z = 1; z <= PG_CRYSTAL_ZMAX; z++)
        if (t[z].z && strlen(t[z].symbol) == n &&
            !strncmp(t[z].symbol, sym, n))
            return z;
    return 0;
}

int pg_crystal_element_z(const pg_crystal_element *t, const char *symbol)
{
    char s[3] = {0};
    if (!symbol || !isalpha((unsigned char)symbol[0])) return 0;
    s[0] = (char)toupper((unsigned char)symbol[0]);
    if (isalpha((unsigned char)symbol[1])) {
        s[1] = (char)tolower((unsigned char)symbol[1]);
        int z = match(t, s, 2);
        if (z) return z;
    }
    return match(t, s, 1);
}

double pg_crystal_bv_r0(const pg_crystal_element *a,
                        const pg_crystal_element *b)
{
    double ri = a->bv_r, rj = b->bv_r, ci = a->bv_c, cj = b->bv_c;
    if (isnan(ri) || isnan(rj) || isnan(ci) || isnan(cj)) return NAN;
    double d = sqrt(ci) - sqrt(cj);
    return ri + rj - ri * rj * d * d / (ci * ri + cj * rj);
}
