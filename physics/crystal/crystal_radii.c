/* Shannon radii (crystal_radii.h): data/crystal/shannon_radii.tsv, embedded
 * by CMake as pg_crystal_shannon_tsv[] (generated source). */
#include "physics/crystal/crystal_radii.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_table.h"

extern const unsigned char pg_crystal_shannon_tsv[];
extern const unsigned long pg_crystal_shannon_tsv_len;

/* Oxidation states -OX_SPAN..OX_SPAN. */
enum { OX_SPAN = 8, OX_COUNT = 2 * OX_SPAN + 1 };

static double g_radius[PG_CRYSTAL_ZMAX + 1][OX_COUNT];
static char g_error[160];
static once_flag g_once = ONCE_FLAG_INIT;

/* One "Z symbol ox cn radius" row; -1 with g_error set when malformed. */
static int parse_row(const char *line, int lineno, void *ctx)
{
    (void)ctx;
    int z, ox, cn;
    char sym[8];
    double r;
    if (sscanf(line, "%d %7s %d %d %lf", &z, sym, &ox, &cn, &r) != 5 ||
        z < 1 || z > PG_CRYSTAL_ZMAX || ox < -OX_SPAN || ox > OX_SPAN ||
        !isfinite(r)) {
        snprintf(g_error, sizeof g_error, "shannon_radii.tsv line %d: "
                 "expected Z symbol ox cn radius", lineno);
        return -1;
    }
    g_radius[z][ox + OX_SPAN] = r;
    return 0;
}

static void parse_table(void)
{
    for (int z = 0; z <= PG_CRYSTAL_ZMAX; z++)
        for (int k = 0; k < OX_COUNT; k++) g_radius[z][k] = NAN;
    pg_crystal_table_rows(pg_crystal_shannon_tsv, pg_crystal_shannon_tsv_len,
                          parse_row, NULL);
}

pg_status pg_crystal_shannon_radius(int z, int ox, double *radius)
{
    call_once(&g_once, parse_table);
    *radius = NAN;
    if (g_error[0])
        return PG_FAIL(PG_ERR_FORMAT, "shipped radii table: %s", g_error);
    if (z >= 1 && z <= PG_CRYSTAL_ZMAX && ox >= -OX_SPAN && ox <= OX_SPAN)
        *radius = g_radius[z][ox + OX_SPAN];
    return PG_OK;
}
