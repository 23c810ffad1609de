/* The conductivity proxy (crystal_conduction.h). */
#include "physics/crystal/crystal_conduction.h"

#include <math.h>
#include <stdlib.h>

#include "physics/crystal/crystal_bv.h"
#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_percolation.h"
#include "physics/crystal/crystal_spacing.h"

pg_crystal_proxy_opts pg_crystal_proxy_defaults(int mobile_z)
{
    return (pg_crystal_proxy_opts){.mobile_z = mobile_z, .mobile_ox = 1,
                                   .spacing = 0.2, .cutoff = 6.0,
                                   .block = 0.75};
}

/* The atoms the probe sees: anions (with their R0 to M) and blocking
 * cations (with their exclusion radius). */
typedef struct probe_atom {
    double f[3];
    double r0;      /* anion: R0_MX; cation: NAN */
    double r_block; /* cation: exclusion radius; anion: 0 */
} probe_atom;

pg_status pg_crystal_mismatch_map(const pg_crystal_structure *s,
                                  const pg_crystal_proxy_opts *o, int n[3],
                                  double **values)
{
    *values = NULL;
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    if (o->mobile_z < 1 || o->mobile_z > PG_CRYSTAL_ZMAX ||
        !el[o->mobile_z].z || o->mobile_ox <= 0)
        return PG_FAIL(PG_ERR_ARG, "conductivity proxy: mobile ion Z = %d, "
                       "ox %d", o->mobile_z, o->mobile_ox);
    if (!(o->spacing > 0.01) || !(o->cutoff > 0) || !(o->block >= 0))
        return PG_FAIL(PG_ERR_ARG, "conductivity proxy: spacing %g, cutoff "
                       "%g, block %g", o->spacing, o->cutoff, o->block);
    const pg_crystal_element *M = &el[o->mobile_z];
    double Linv[9];
    if (pg_crystal_lattice_inverse(s->lattice, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "conductivity proxy: singular lattice");
    probe_atom *pa = malloc((size_t)(s->n ? s->n : 1) * sizeof *pa);
    if (!pa) return PG_FAIL(PG_ERR_NOMEM, "proxy atoms");
    int np = 0;
    double block_max = 0;
    for (int i = 0; i < s->n; i++) {
        if (s->z[i] == o->mobile_z || !s->ox[i]) continue;
        const pg_crystal_element *E = &el[s->z[i]];
        probe_atom *a = &pa[np];
        for (int k = 0; k < 3; k++) a->f[k] = s->frac[3 * i + k];
        if (s->ox[i] < 0) {
            a->r0 = pg_crystal_bv_r0(M, E);
            a->r_block = 0;
            if (isnan(a->r0)) {
                free(pa);
                return PG_FAIL(PG_ERR_ARG, "conductivity proxy: no "
                               "bond-valence parameters for %s-%s",
                               M->symbol, E->symbol);
            }
        } else {
            double rm = isnan(M->radius) ? 1 : M->radius;
            double rc = isnan(E->radius) ? 1 : E->radius;
            a->r0 = NAN;
            a->r_block = o->block * (rm + rc);
            if (a->r_block > block_max) block_max = a->r_block;
        }
        np++;
    }
    double p[6];
    pg_crystal_lattice_params(s->lattice, p);
    for (int k = 0; k < 3; k++) {
        n[k] = (int)ceil(p[k] / o->spacing);
        if (n[k] < 2) n[k] = 2;
    }
    size_t N = (size_t)n[0] * n[1] * n[2];
    double *v = malloc(N * sizeof *v);
    if (!v) {
        free(pa);
        return PG_FAIL(PG_ERR_NOMEM, "proxy grid of %zu points", N);
    }
    double reach = fmax(o->cutoff, block_max);
    int m[3];
    pg_crystal_image_range(Linv, reach, m);
    const double *L = s->lattice;
    double rc2 = o->cutoff * o->cutoff;
    for (int i = 0; i < n[0]; i++)
        for (int j = 0; j < n[1]; j++)
            for (int k = 0; k < n[2]; k++) {
                double g[3] = {(double)i / n[0], (double)j / n[1],
                               (double)k / n[2]};
                double sum = 0;
                int closed = 0;
                for (int a = 0; a < np && !closed; a++) {
                    double w[3];
                    for (int x = 0; x < 3; x++) {
                        double t = pa[a].f[x] - g[x];
                        w[x] = t - floor(t + 0.5);
                    }
                    for (int A = -m[0]; A <= m[0] && !closed; A++)
                        for (int B = -m[1]; B <= m[1] && !closed; B++)
                            for (int C = -m[2]; C <= m[2]; C++) {
                                double u0 = w[0] + A, u1 = w[1] + B,
                                       u2 = w[2] + C, d2 = 0;
                                for (int x = 0; x < 3; x++) {
                                    double d = u0 * L[x] + u1 * L[3 + x] +
                                               u2 * L[6 + x];
                                    d2 += d * d;
                                }
                                if (isnan(pa[a].r0)) {
                                    if (d2 < pa[a].r_block * pa[a].r_block) {
                                        closed = 1;
                                        break;
                                    }
                                } else if (d2 < rc2) {
                                    sum += exp((pa[a].r0 - sqrt(d2)) /
                                               PG_CRYSTAL_BV_B);
                                }
                            }
                }
                v[((size_t)i * n[1] + j) * n[2] + k] =
                    closed ? INFINITY : fabs(sum - o->mobile_ox);
            }
    free(pa);
    *values = v;
    return PG_OK;
}

pg_status pg_crystal_proxy_compute(const pg_crystal_structure *s,
                                   const pg_crystal_proxy_opts *o,
                                   pg_crystal_proxy *out)
{
    double *v = NULL;
    PG_CHECK(pg_crystal_mismatch_map(s, o, out->n, &v));
    size_t N = (size_t)out->n[0] * out->n[1] * out->n[2];
    out->min_mismatch = INFINITY;
    for (size_t i = 0; i < N; i++)
        if (v[i] < out->min_mismatch) out->min_mismatch = v[i];
    pg_status st = pg_crystal_percolation(v, out->n, out->level);
    free(v);
    PG_CHECK(st);
    /* the shortest hop between M atoms (their own images included) */
    double *f = malloc((size_t)(s->n ? s->n : 1) * 3 * sizeof *f);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "proxy hop");
    int nm = 0;
    for (int i = 0; i < s->n; i++)
        if (s->z[i] == o->mobile_z) {
            for (int k = 0; k < 3; k++) f[3 * nm + k] = s->frac[3 * i + k];
            nm++;
        }
    out->n_mobile = nm;
    out->min_hop = nm ? pg_crystal_min_distance(s->lattice, f, nm) : INFINITY;
    free(f);
    return PG_OK;
}
