/* Bond-valence oxidation states (crystal_oxidation.h). */
#include "physics/crystal/crystal_oxidation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "physics/crystal/crystal_bv.h"
#include "physics/crystal/crystal_elements.h"

enum { MAX_EL = 12, N_CAND = 3 };

typedef struct ox_search {
    int ne;
    int count[MAX_EL];
    int nc[MAX_EL];
    int cand[MAX_EL][N_CAND];
    double cost[MAX_EL][N_CAND]; /* sum over the element's atoms */
    int pick[MAX_EL], best[MAX_EL];
    double best_cost;
} ox_search;

static void search(ox_search *o, int e, int charge, double cost)
{
    if (cost >= o->best_cost) return;
    if (e == o->ne) {
        if (charge) return;
        o->best_cost = cost;
        for (int k = 0; k < o->ne; k++) o->best[k] = o->pick[k];
        return;
    }
    for (int c = 0; c < o->nc[e]; c++) {
        o->pick[e] = c;
        search(o, e + 1, charge + o->count[e] * o->cand[e][c],
               cost + o->cost[e][c]);
    }
}

pg_status pg_crystal_oxidation_assign(pg_crystal_structure *s, double cutoff,
                                      double *gii, pg_crystal_ox_fail *why)
{
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    *why = PG_CRYSTAL_OX_NONE;
    *gii = 0;
    int zs[MAX_EL], ne = 0, idx[PG_CRYSTAL_ZMAX + 1];
    for (int z = 0; z <= PG_CRYSTAL_ZMAX; z++) idx[z] = -1;
    ox_search o = {0};
    for (int i = 0; i < s->n; i++) {
        int z = s->z[i];
        if (idx[z] < 0) {
            if (ne == MAX_EL) {
                *why = PG_CRYSTAL_OX_NO_PARAMS;
                return PG_FAIL(PG_ERR_FORMAT, "more than %d elements",
                               MAX_EL);
            }
            idx[z] = ne;
            zs[ne++] = z;
        }
        o.count[idx[z]]++;
    }
    if (ne <= 1) {
        for (int i = 0; i < s->n; i++) s->ox[i] = 0;
        return PG_OK;
    }
    double *V = malloc((size_t)s->n * sizeof *V);
    if (!V) return PG_FAIL(PG_ERR_NOMEM, "bond-valence sums");
    pg_status st = pg_crystal_bv_sums(s->lattice, s->frac, s->z, NULL, s->n,
                                      cutoff, V);
    if (st != PG_OK) {
        free(V);
        *why = PG_CRYSTAL_OX_NO_PARAMS;
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    double mean[MAX_EL] = {0};
    for (int i = 0; i < s->n; i++) mean[idx[s->z[i]]] += V[i];
    char vtext[256];
    size_t len = 0;
    vtext[0] = 0;
    o.ne = ne;
    for (int e = 0; e < ne; e++) {
        const pg_crystal_element *E = &el[zs[e]];
        mean[e] /= o.count[e];
        if (len < sizeof vtext)
            len += (size_t)snprintf(vtext + len, sizeof vtext - len,
                                    "%s%s %+.2f", e ? ", " : "", E->symbol,
                                    mean[e]);
        /* the N_CAND non-zero states nearest the mean sum */
        int used[PG_CRYSTAL_MAX_STATES] = {0};
        for (int c = 0; c < N_CAND; c++) {
            int bk = -1;
            for (int k = 0; k < E->n_states; k++) {
                if (used[k] || !E->states[k]) continue;
                if (bk < 0 || fabs(E->states[k] - mean[e]) <
                                  fabs(E->states[bk] - mean[e]))
                    bk = k;
            }
            if (bk < 0) break;
            used[bk] = 1;
            o.cand[e][o.nc[e]++] = E->states[bk];
        }
        if (!o.nc[e]) {
            free(V);
            *why = PG_CRYSTAL_OX_NO_PARAMS;
            return PG_FAIL(PG_ERR_FORMAT, "no known oxidation states for %s",
                           E->symbol);
        }
    }
    for (int i = 0; i < s->n; i++) {
        int e = idx[s->z[i]];
        for (int c = 0; c < o.nc[e]; c++) {
            double d = o.cand[e][c] - V[i];
            o.cost[e][c] += d * d;
        }
    }
    o.best_cost = INFINITY;
    search(&o, 0, 0, 0);
    if (isinf(o.best_cost)) {
        free(V);
        *why = PG_CRYSTAL_OX_NOT_NEUTRAL;
        return PG_FAIL(PG_ERR_FORMAT, "no charge-neutral assignment of "
                       "oxidation states near the bond-valence sums (%s)",
                       vtext);
    }
    for (int i = 0; i < s->n; i++) {
        int e = idx[s->z[i]];
        s->ox[i] = o.cand[e][o.best[e]];
    }
    st = pg_crystal_gii(s->lattice, s->frac, s->z, s->ox, s->n, cutoff, V,
                        gii, NULL, NULL);
    free(V);
    if (st != PG_OK) {
        *why = PG_CRYSTAL_OX_NO_PARAMS;
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}
