#include "physics/crystal/crystal_charge_valid.h"

#include <math.h>
#include <stdlib.h>

#include "physics/crystal/crystal_elements.h"

typedef struct search {
    const pg_crystal_element *tab;
    const int *z, *count;
    int n;
    int cur[PG_CRYSTAL_VALID_MAX_ELEMENTS];
    int best_cost, *best;
} search;

/* Pauling: every cation (ox > 0) less electronegative than every anion. */
static int pauling_ok(const search *s)
{
    for (int i = 0; i < s->n; i++)
        for (int j = 0; j < s->n; j++) {
            if (s->cur[i] <= 0 || s->cur[j] >= 0) continue;
            double ci = s->tab[s->z[i]].chi, cj = s->tab[s->z[j]].chi;
            if (!(isfinite(ci) && isfinite(cj)) || ci >= cj) return 0;
        }
    return 1;
}

static void walk(search *s, int e, long charge, int cost)
{
    if (cost >= s->best_cost) return;
    if (e == s->n) {
        if (charge != 0 || !pauling_ok(s)) return;
        s->best_cost = cost;
        for (int i = 0; i < s->n; i++) s->best[i] = s->cur[i];
        return;
    }
    const pg_crystal_element *el = &s->tab[s->z[e]];
    for (int k = 0; k < el->n_states; k++) {
        int q = el->states[k];
        if (q == 0) continue;
        s->cur[e] = q;
        walk(s, e + 1, charge + (long)q * s->count[e], cost + abs(q));
    }
}

pg_status pg_crystal_charge_valid(const int *z, const int *count, int n,
                                  int *valid, int *ox)
{
    const pg_crystal_element *tab;
    PG_CHECK(pg_crystal_elements(&tab));
    *valid = 0;
    if (n < 2 || n > PG_CRYSTAL_VALID_MAX_ELEMENTS) return PG_OK;
    for (int i = 0; i < n; i++)
        if (z[i] < 1 || z[i] > PG_CRYSTAL_ZMAX || count[i] < 1)
            return PG_FAIL(PG_ERR_ARG, "charge validity: element %d with Z = "
                           "%d and count %d", i, z[i], count[i]);
    search s = {.tab = tab, .z = z, .count = count, .n = n,
                .best_cost = 1 << 30, .best = ox};
    walk(&s, 0, 0, 0);
    *valid = s.best_cost < (1 << 30);
    return PG_OK;
}
