/* Reduced formulas (crystal_formula.h). */
#include "physics/crystal/crystal_formula.h"

#include <math.h>
#include <stdio.h>

#include "physics/crystal/crystal_elements.h"

static int gcd(int a, int b)
{
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static double order_key(const pg_crystal_element *e)
{
    return isnan(e->chi) ? 10 + e->z * 1e-3 : e->chi + e->z * 1e-6;
}

pg_status pg_crystal_formula(const int *z, int n, char *buf, size_t cap)
{
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    int count[PG_CRYSTAL_ZMAX + 1] = {0};
    for (int i = 0; i < n; i++) {
        if (z[i] < 1 || z[i] > PG_CRYSTAL_ZMAX || !el[z[i]].z)
            return PG_FAIL(PG_ERR_ARG, "formula: atomic number %d", z[i]);
        count[z[i]]++;
    }
    int g = 0;
    for (int k = 1; k <= PG_CRYSTAL_ZMAX; k++) g = gcd(count[k], g);
    size_t len = 0;
    buf[0] = 0;
    int done[PG_CRYSTAL_ZMAX + 1] = {0};
    for (;;) {
        int best = 0;
        for (int k = 1; k <= PG_CRYSTAL_ZMAX; k++)
            if (count[k] && !done[k] &&
                (!best || order_key(&el[k]) < order_key(&el[best])))
                best = k;
        if (!best) break;
        done[best] = 1;
        int c = count[best] / g;
        int w = c > 1 ? snprintf(buf + len, cap - len, "%s%d",
                                 el[best].symbol, c)
                      : snprintf(buf + len, cap - len, "%s", el[best].symbol);
        if (w < 0 || (size_t)w >= cap - len)
            return PG_FAIL(PG_ERR_ARG, "formula longer than %zu characters",
                           cap - 1);
        len += (size_t)w;
    }
    return PG_OK;
}
