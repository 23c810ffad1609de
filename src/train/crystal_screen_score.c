/* Scoring one screening candidate (crystal_screen.h): charge validity of
 * its composition, optional relaxation in the training set's force field,
 * structural validity, space group, the conductivity PROXY. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_cell.h"
#include "physics/crystal/crystal_charge_valid.h"
#include "physics/crystal/crystal_conduction.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_radii.h"
#include "physics/crystal/crystal_relax.h"
#include "physics/crystal/crystal_spacing.h"
#include "physics/crystal/io/crystal_spglib.h"
#include "train/crystal_codec.h"
#include "train/crystal_screen_impl.h"

#define MIN_DIST_A 0.5   /* the structural validity bound */
/* A relaxed candidate with a cation-anion pair closer than this fraction
 * of its radii sum has fallen through the Born-Mayer barrier (collapsed),
 * as simulate crystal's --overlap (0.75) rejects; the same bound tells a
 * deep fall of the energy from a collapse during the relaxation
 * (crystal_relax.h, collapse_overlap). */
#define COLLAPSE_OVERLAP 0.75
/* The PROXY's grid (about 0.2 A) of a larger cell has more than 10^6
 * points a structure: such cells (a generator's inflated ones; the
 * training set's largest is far below) get no PROXY. */
#define PROXY_MAX_VOLUME_A3 8000.0

/* The distinct elements of s and their counts; n_el of them. */
static int composition(const pg_crystal_structure *s, int *z, int *count)
{
    int n = 0;
    for (int i = 0; i < s->n; i++) {
        int k = 0;
        while (k < n && z[k] != s->z[i]) k++;
        if (k == n) {
            if (n == PG_CRYSTAL_VALID_MAX_ELEMENTS + 1) return n;
            z[n] = s->z[i];
            count[n++] = 0;
        }
        count[k]++;
    }
    return n;
}

/* Whether a cation-anion pair of s is closer than COLLAPSE_OVERLAP of
 * its radii sum (a cell the measure refuses counts as overlapping). */
static int overlapping(const pg_crystal_structure *s, const double *sigma)
{
    double *q = malloc((size_t)s->n * sizeof *q), ratio = 0;
    if (!q) return 1;
    for (int i = 0; i < s->n; i++) q[i] = s->ox[i];
    if (pg_crystal_overlap_min(s->lattice, s->frac, sigma, q, s->n, &ratio) !=
        PG_OK)
        pg_error_clear();
    free(q);
    return !(ratio >= COLLAPSE_OVERLAP);
}

/* Relax s (its ox set) in place; *ok: RELAX_CONVERGED when it converged
 * without collapse, else s is left as it was and *ok says why. */
static pg_status relax(pg_crystal_structure *s, int *ok)
{
    pg_crystal_relax_opts o;
    pg_crystal_relax_result r;
    *ok = RELAX_FAILED;
    PG_CHECK(pg_crystal_relax_defaults(&o));
    o.collapse_overlap = COLLAPSE_OVERLAP;
    double *sigma = malloc((size_t)s->n * sizeof *sigma);
    double *frac = malloc((size_t)s->n * 3 * sizeof *frac), L[9];
    if (!sigma || !frac) {
        free(sigma);
        free(frac);
        return PG_FAIL(PG_ERR_NOMEM, "relaxation buffers");
    }
    pg_status st = PG_OK;
    for (int i = 0; i < s->n && st == PG_OK; i++) {
        st = pg_crystal_shannon_radius(s->z[i], s->ox[i], &sigma[i]);
        if (st == PG_OK && !isfinite(sigma[i])) st = PG_ERR_NUMERIC;
    }
    if (st == PG_OK) {
        memcpy(frac, s->frac, (size_t)s->n * 3 * sizeof *frac);
        memcpy(L, s->lattice, sizeof L);
        /* ions on top of each other: no finite energy; not an error here */
        pg_status rs = pg_crystal_relax(s, sigma, &o, NULL, &r);
        *ok = rs != PG_OK    ? RELAX_FAILED
              : r.collapsed  ? RELAX_COLLAPSED
              : !r.converged ? RELAX_UNCONVERGED
                             : RELAX_CONVERGED;
        if (rs != PG_OK) pg_error_clear();
        if (*ok == RELAX_CONVERGED && overlapping(s, sigma))
            *ok = RELAX_COLLAPSED;   /* a minimum of overlapping ions */
        if (*ok != RELAX_CONVERGED) {
            memcpy(s->frac, frac, (size_t)s->n * 3 * sizeof *frac);
            memcpy(s->lattice, L, sizeof L);
        }
    } else {
        pg_error_clear();   /* no Shannon radius: not relaxed */
        *ok = RELAX_FAILED;
        st = PG_OK;
    }
    free(sigma);
    free(frac);
    return st;
}

pg_status pg_crystal_candidate_score(pg_crystal_structure *s, int do_relax,
                                     double symprec, double *f)
{
    int z[PG_CRYSTAL_VALID_MAX_ELEMENTS + 1], count[PG_CRYSTAL_VALID_MAX_ELEMENTS + 1];
    int ox[PG_CRYSTAL_VALID_MAX_ELEMENTS + 1], valid = 0;
    for (int k = 0; k < F_COUNT; k++) f[k] = NAN;
    int n_el = composition(s, z, count);
    f[F_ELEMENTS] = n_el;
    if (n_el <= PG_CRYSTAL_VALID_MAX_ELEMENTS)
        PG_CHECK(pg_crystal_charge_valid(z, count, n_el, &valid, ox));
    f[F_CHARGE_OK] = valid;
    for (int i = 0; i < s->n; i++) {
        s->ox[i] = 0;
        for (int k = 0; valid && k < n_el; k++)
            if (z[k] == s->z[i]) s->ox[i] = ox[k];
    }
    f[F_RELAXED] = 0;
    if (do_relax && valid && s->n > 0) {
        int ok;
        PG_CHECK(relax(s, &ok));
        f[F_RELAXED] = ok;
    }
    double inv[9], V = fabs(pg_crystal_lattice_inverse(s->lattice, inv));
    f[F_VOLUME_PER_ATOM] = s->n ? V / s->n : NAN;
    /* a cell thinner than 1 A between lattice planes or longer than 60 A
     * (crystal_codec.h) is not valid: the image search of the distance
     * would run over millions of translations */
    int cell_ok = V > 0 && pg_crystal_cell_evaluable(s->lattice);
    f[F_MIN_DIST] = s->n && cell_ok
                        ? pg_crystal_min_distance(s->lattice, s->frac, s->n)
                        : NAN;
    f[F_STRUCT_OK] = s->n > 0 && cell_ok && f[F_MIN_DIST] >= MIN_DIST_A;
    f[F_SPACEGROUP] = 0;
    if (f[F_STRUCT_OK]) {
        int number;
        char symbol[16];
        if (pg_crystal_spacegroup(s, symprec, &number, symbol) == PG_OK)
            f[F_SPACEGROUP] = number;
        else
            pg_error_clear();
    }
    int mobile = 0;
    for (int i = 0; i < s->n; i++)
        if (s->z[i] == 3 || (s->z[i] == 11 && mobile != 3)) mobile = s->z[i];
    f[F_MOBILE] = mobile;
    if (mobile && valid && f[F_STRUCT_OK] && V <= PROXY_MAX_VOLUME_A3) {
        pg_crystal_proxy_opts po = pg_crystal_proxy_defaults(mobile);
        pg_crystal_proxy p;
        if (pg_crystal_proxy_compute(s, &po, &p) == PG_OK) {
            f[F_LEVEL1] = p.level[0];
            f[F_LEVEL2] = p.level[1];
            f[F_LEVEL3] = p.level[2];
            f[F_HOP] = p.min_hop;
        } else {
            pg_error_clear();   /* e.g. an element without BV parameters */
        }
    }
    return PG_OK;
}
