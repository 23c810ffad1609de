/* Bond-valence sums and the global instability index (crystal_bv.h). */
#include "physics/crystal/crystal_bv.h"

#include <math.h>

#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_pairs.h"

typedef struct bv_ctx {
    const pg_crystal_element *el;
    const double *L;
    const int *z, *ox;
    double *V;
    const double *dgdv; /* pass 2: dGII/dV, else NULL */
    double *g_frac, *g_L;
    int bad_z1, bad_z2;
} bv_ctx;

/* Whether e has an oxidation state of that sign. */
static int has_sign(const pg_crystal_element *e, int sign)
{
    for (int k = 0; k < e->n_states; k++)
        if (e->states[k] * sign > 0) return 1;
    return 0;
}

/* +1 when i is the cation of the pair, -1 when j is, 0: no bond. */
static int pair_side(const bv_ctx *c, int i, int j)
{
    if (c->ox) {
        if (c->ox[i] > 0 && c->ox[j] < 0) return 1;
        if (c->ox[i] < 0 && c->ox[j] > 0) return -1;
        return 0;
    }
    int zi = c->z[i], zj = c->z[j];
    if (zi == zj) return 0;
    const pg_crystal_element *ei = &c->el[zi], *ej = &c->el[zj];
    if (isnan(ei->chi) || isnan(ej->chi) || ei->chi == ej->chi) return 0;
    int side = ei->chi < ej->chi ? 1 : -1;
    /* electronegativity decides unless the elements cannot take those
     * roles (Pb is more electronegative than Te, but never an anion) */
    const pg_crystal_element *cat = side > 0 ? ei : ej, *an = side > 0 ? ej : ei;
    if (has_sign(cat, 1) && has_sign(an, -1)) return side;
    if (has_sign(an, 1) && has_sign(cat, -1)) return -side;
    return 0;
}

static void bv_pair(const pg_crystal_pair *p, void *vctx)
{
    bv_ctx *c = vctx;
    int side = pair_side(c, p->i, p->j);
    if (!side) return;
    double r0 = pg_crystal_bv_r0(&c->el[c->z[p->i]], &c->el[c->z[p->j]]);
    if (isnan(r0)) {
        c->bad_z1 = c->z[p->i];
        c->bad_z2 = c->z[p->j];
        return;
    }
    double s = p->weight * exp((r0 - p->r) / PG_CRYSTAL_BV_B);
    if (!c->dgdv) {
        c->V[p->i] += side * s;
        c->V[p->j] -= side * s;
        return;
    }
    double dgds = side * (c->dgdv[p->i] - c->dgdv[p->j]);
    pg_crystal_pair_grad(p, c->L, dgds * (-s / PG_CRYSTAL_BV_B), c->g_frac,
                         c->g_L);
}

static pg_status run(bv_ctx *c, const double L[9], const double *frac, int n,
                     double cutoff)
{
    double Linv[9];
    if (pg_crystal_lattice_inverse(L, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "bond valence: singular lattice");
    c->bad_z1 = 0;
    pg_crystal_pairs_each(L, Linv, frac, n, cutoff, bv_pair, c);
    if (c->bad_z1)
        return PG_FAIL(PG_ERR_ARG, "no bond-valence parameters for the pair "
                       "%s-%s", c->el[c->bad_z1].symbol,
                       c->el[c->bad_z2].symbol);
    return PG_OK;
}

pg_status pg_crystal_bv_sums(const double L[9], const double *frac,
                             const int *z, const int *ox, int n,
                             double cutoff, double *V)
{
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    for (int i = 0; i < n; i++) V[i] = 0;
    bv_ctx c = {.el = el, .L = L, .z = z, .ox = ox, .V = V};
    PG_CHECK(run(&c, L, frac, n, cutoff));
    return PG_OK;
}

pg_status pg_crystal_gii(const double L[9], const double *frac, const int *z,
                         const int *ox, int n, double cutoff, double *V,
                         double *gii, double *g_frac, double g_L[9])
{
    PG_CHECK(pg_crystal_bv_sums(L, frac, z, ox, n, cutoff, V));
    double sum = 0;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (ox[i]) {
            double d = V[i] - ox[i];
            sum += d * d;
            m++;
        }
    *gii = m ? sqrt(sum / m) : 0;
    if ((!g_frac && !g_L) || *gii == 0) return PG_OK;
    /* V becomes dGII/dV_i = (V_i - ox_i) / (m GII) */
    for (int i = 0; i < n; i++)
        V[i] = ox[i] ? (V[i] - ox[i]) / (m * *gii) : 0;
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    bv_ctx c = {.el = el, .L = L, .z = z, .ox = ox, .dgdv = V,
                .g_frac = g_frac, .g_L = g_L};
    PG_CHECK(run(&c, L, frac, n, cutoff));
    return PG_OK;
}
