/* Born-Mayer-Huggins repulsion (crystal_repulsion.h). */
#include "physics/crystal/crystal_repulsion.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_pairs.h"
#include "physics/crystal/crystal_table.h"

extern const unsigned char pg_crystal_born_mayer_tsv[];
extern const unsigned long pg_crystal_born_mayer_tsv_len;

static pg_crystal_born_mayer g_params;
static char g_error[160];
static once_flag g_once = ONCE_FLAG_INIT;

/* One "key value" row into the parameters; bit 1 marks b, bit 2 rho. */
static int parse_row(const char *line, int lineno, void *ctx)
{
    int *have = ctx;
    char key[16];
    double v;
    if (sscanf(line, "%15s %lf", key, &v) != 2 || !(v > 0) ||
        (strcmp(key, "b") && strcmp(key, "rho"))) {
        snprintf(g_error, sizeof g_error, "born_mayer.tsv line %d: "
                 "expected 'b' or 'rho' and a positive value", lineno);
        return -1;
    }
    if (!strcmp(key, "b")) g_params.b = v, *have |= 1;
    else g_params.rho = v, *have |= 2;
    return 0;
}

static void parse_table(void)
{
    int have = 0;
    if (pg_crystal_table_rows(pg_crystal_born_mayer_tsv,
                              pg_crystal_born_mayer_tsv_len, parse_row,
                              &have) == 0 && have != 3)
        snprintf(g_error, sizeof g_error, "born_mayer.tsv: b or rho missing");
}

pg_status pg_crystal_born_mayer_params(pg_crystal_born_mayer *p)
{
    call_once(&g_once, parse_table);
    if (g_error[0])
        return PG_FAIL(PG_ERR_FORMAT, "shipped repulsion table: %s", g_error);
    *p = g_params;
    return PG_OK;
}

typedef struct rep_ctx {
    const double *L, *sigma, *z;
    double b, rho, reach, energy;
    double *g_frac, *g_L;
} rep_ctx;

static void rep_pair(const pg_crystal_pair *p, void *vctx)
{
    rep_ctx *c = vctx;
    double s = c->sigma[p->i] + c->sigma[p->j];
    if (p->r > s + c->reach) return;
    double zz = c->z ? fabs(c->z[p->i] * c->z[p->j]) : 1;
    double e = p->weight * c->b * zz * exp((s - p->r) / c->rho);
    c->energy += e;
    if (c->g_frac || c->g_L)
        pg_crystal_pair_grad(p, c->L, -e / c->rho, c->g_frac, c->g_L);
}

pg_status pg_crystal_repulsion(const double L[9], const double *frac,
                               const double *sigma, const double *z, int n,
                               const pg_crystal_born_mayer *p, double *energy,
                               double *g_frac, double g_L[9])
{
    double Linv[9];
    if (pg_crystal_lattice_inverse(L, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "crystal repulsion: singular lattice");
    if (!(p->b > 0) || !(p->rho > 0))
        return PG_FAIL(PG_ERR_ARG, "crystal repulsion: b %g, rho %g must be "
                       "> 0", p->b, p->rho);
    double smax = 0, zmax = 1;
    for (int i = 0; i < n; i++) {
        if (sigma[i] > smax) smax = sigma[i];
        if (z && fabs(z[i]) > zmax) zmax = fabs(z[i]);
    }
    rep_ctx c = {L, sigma, z, p->b, p->rho,
                 p->rho * log(p->b * zmax * zmax / PG_CRYSTAL_REPULSION_EPS),
                 0, g_frac, g_L};
    if (c.reach < 0) c.reach = 0;
    pg_crystal_pairs_each(L, Linv, frac, n, 2 * smax + c.reach, rep_pair, &c);
    *energy = c.energy;
    return PG_OK;
}

typedef struct overlap_ctx {
    const double *sigma, *z;
    double ratio;
} overlap_ctx;

static void overlap_pair(const pg_crystal_pair *p, void *vctx)
{
    overlap_ctx *c = vctx;
    if (c->z[p->i] * c->z[p->j] >= 0) return;
    double q = p->r / (c->sigma[p->i] + c->sigma[p->j]);
    if (q < c->ratio) c->ratio = q;
}

pg_status pg_crystal_overlap_min(const double L[9], const double *frac,
                                 const double *sigma, const double *z, int n,
                                 double *ratio)
{
    double Linv[9];
    if (pg_crystal_lattice_inverse(L, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "crystal overlap: singular lattice");
    double smax = 0;
    for (int i = 0; i < n; i++)
        if (sigma[i] > smax) smax = sigma[i];
    overlap_ctx c = {sigma, z, INFINITY};
    pg_crystal_pairs_each(L, Linv, frac, n, 2 * smax, overlap_pair, &c);
    *ratio = c.ratio;
    return PG_OK;
}
