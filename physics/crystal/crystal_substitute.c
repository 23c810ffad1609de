/* Substitutions (crystal_substitute.h). */
#include "physics/crystal/crystal_substitute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_radii.h"

/* Elements a substitution may bring in: up to Bi, without H (its Shannon
 * radius is negative), the noble gases and the radioactive Tc and Pm. */
enum { Z_LAST = 83, Z_LI = 3, Z_NA = 11, N_IONS_MAX = 512 };

static int element_allowed(const pg_crystal_element *e)
{
    static const int banned[] = {1, 2, 10, 18, 36, 54, 43, 61};
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (e->z == banned[i]) return 0;
    return e->z >= 1 && e->z <= Z_LAST && !isnan(e->chi) &&
           !isnan(e->bv_r) && !isnan(e->bv_c);
}

pg_crystal_subst_opts pg_crystal_subst_defaults(void)
{
    return (pg_crystal_subst_opts){.radius_tol = 0.25, .keep = 0.25,
                                   .alkali = 0.8, .split = 0.5,
                                   .jitter = 0.03, .max_tries = 200};
}

typedef struct ion_class {
    pg_crystal_ion from;
    int count;
    int n_options;
    pg_crystal_ion options[N_IONS_MAX];
} ion_class;

static double radius_of(int z, int ox)
{
    double r;
    if (pg_crystal_shannon_radius(z, ox, &r) != PG_OK) {
        pg_error_clear();
        return NAN;
    }
    return r;
}

/* The classes of proto; -1 when there are too many. */
static int classes_of(const pg_crystal_structure *p, ion_class *c,
                      int *atom_class)
{
    int n = 0;
    for (int i = 0; i < p->n; i++) {
        int k = 0;
        while (k < n && (c[k].from.z != p->z[i] || c[k].from.ox != p->ox[i]))
            k++;
        if (k == n) {
            if (n == PG_CRYSTAL_SUBST_MAX_CLASSES) return -1;
            c[n].from = (pg_crystal_ion){p->z[i], p->ox[i],
                                         radius_of(p->z[i], p->ox[i])};
            c[n].count = 0;
            c[n].n_options = 0;
            n++;
        }
        c[k].count++;
        if (atom_class) atom_class[i] = k;
    }
    return n;
}

int pg_crystal_subst_usable(const pg_crystal_structure *proto,
                            const char **why)
{
    const char *w = NULL;
    const pg_crystal_element *t;
    if (pg_crystal_elements(&t) != PG_OK) {
        pg_error_clear();
        w = "element table unreadable";
    }
    ion_class *c = w ? NULL : malloc(PG_CRYSTAL_SUBST_MAX_CLASSES * sizeof *c);
    if (!w && !c) w = "out of memory";
    int n = c ? classes_of(proto, c, NULL) : 0;
    if (!w && n < 0) w = "too many distinct ions";
    for (int k = 0; !w && k < n; k++) {
        if (c[k].from.ox == 0) w = "an atom without oxidation state";
        else if (!(c[k].from.radius > 0)) w = "an ion without Shannon radius";
        else if (!element_allowed(&t[c[k].from.z]))
            w = "an element outside the substitution table";
    }
    free(c);
    if (why) *why = w;
    return w == NULL;
}

/* Every ion of the same charge sign within the radius tolerance. */
static void options_of(const pg_crystal_element *t, double tol, ion_class *c)
{
    c->n_options = 0;
    for (int z = 1; z <= PG_CRYSTAL_ZMAX; z++) {
        if (!t[z].z || !element_allowed(&t[z])) continue;
        for (int k = 0; k < t[z].n_states; k++) {
            int ox = t[z].states[k];
            if (ox == 0 || (ox > 0) != (c->from.ox > 0)) continue;
            double r = radius_of(z, ox);
            if (!(r > 0) || fabs(r - c->from.radius) > tol * c->from.radius)
                continue;
            if (c->n_options < N_IONS_MAX)
                c->options[c->n_options++] = (pg_crystal_ion){z, ox, r};
        }
    }
}

/* The chosen ions pick[] obey the rules: neutral, one state per element,
 * cations less electronegative than anions. */
static int acceptable(const pg_crystal_element *t, const ion_class *c, int n,
                      const pg_crystal_ion *pick)
{
    long q = 0;
    double chi_cation = -INFINITY, chi_anion = INFINITY;
    for (int k = 0; k < n; k++) {
        q += (long)c[k].count * pick[k].ox;
        for (int m = 0; m < k; m++)
            if (pick[m].z == pick[k].z && pick[m].ox != pick[k].ox) return 0;
        double chi = t[pick[k].z].chi;
        if (pick[k].ox > 0 && chi > chi_cation) chi_cation = chi;
        if (pick[k].ox < 0 && chi < chi_anion) chi_anion = chi;
    }
    return q == 0 && chi_cation < chi_anion;
}

/* The cation class of the lowest charge (then the largest radius): where
 * Li+ or Na+ goes first. -1 when none. */
static int alkali_site(const ion_class *c, int n)
{
    int best = -1;
    for (int k = 0; k < n; k++) {
        if (c[k].from.ox <= 0) continue;
        if (best < 0 || c[k].from.ox < c[best].from.ox ||
            (c[k].from.ox == c[best].from.ox &&
             c[k].from.radius > c[best].from.radius))
            best = k;
    }
    return best;
}

/* Li+ or Na+ among the options of class k (either, at random), else
 * nothing: returns 1 and sets *ion when found. */
static int alkali_option(const ion_class *c, pg_rng *rng, pg_crystal_ion *ion)
{
    pg_crystal_ion found[2];
    int n = 0;
    for (int m = 0; m < c->n_options; m++)
        if ((c->options[m].z == Z_LI || c->options[m].z == Z_NA) &&
            c->options[m].ox == 1)
            found[n++] = c->options[m];
    if (!n) return 0;
    *ion = found[pg_rng_uniform_int(rng, (unsigned long)n)];
    return 1;
}

/* Split one class of at least two atoms (chosen at random) in two: a
 * random subset of 1 .. count - 1 of its atoms becomes class *n. */
static void split_class(ion_class *c, int *n, int *atom_class, int n_atoms,
                        pg_rng *rng)
{
    int big[PG_CRYSTAL_SUBST_MAX_CLASSES], nb = 0;
    for (int k = 0; k < *n; k++)
        if (c[k].count >= 2) big[nb++] = k;
    if (!nb || *n >= PG_CRYSTAL_SUBST_MAX_CLASSES) return;
    int k = big[pg_rng_uniform_int(rng, (unsigned long)nb)];
    int m = 1 + (int)pg_rng_uniform_int(rng, (unsigned long)(c[k].count - 1));
    /* m atoms of the class, each remaining one taken with the remaining
     * probability (selection sampling: every subset of m equally likely) */
    int left = c[k].count, want = m;
    for (int i = 0; i < n_atoms && want > 0; i++) {
        if (atom_class[i] != k) continue;
        if (pg_rng_uniform(rng) * left < want) {
            atom_class[i] = *n;
            want--;
        }
        left--;
    }
    c[*n] = c[k];
    c[*n].count = m;
    c[k].count -= m;
    (*n)++;
}

static pg_crystal_ion draw(const ion_class *c, double keep, pg_rng *rng)
{
    if (pg_rng_uniform(rng) < keep || c->n_options == 0) return c->from;
    return c->options[pg_rng_uniform_int(rng, (unsigned long)c->n_options)];
}

static pg_status build(const pg_crystal_structure *p, const ion_class *c,
                       const int *atom_class, const pg_crystal_ion *pick,
                       double jitter, pg_rng *rng, pg_crystal_structure *out,
                       double *sigma)
{
    double v_old = 0, v_new = 0;
    out->n = 0;
    for (int i = 0; i < p->n; i++) {
        const pg_crystal_ion *ion = &pick[atom_class[i]];
        PG_CHECK(pg_crystal_structure_append(out, &p->frac[3 * i], ion->z,
                                             p->site[i]));
        out->ox[i] = ion->ox;
        sigma[i] = ion->radius;
        double r0 = c[atom_class[i]].from.radius;
        v_old += r0 * r0 * r0;
        v_new += ion->radius * ion->radius * ion->radius;
    }
    double k = cbrt(v_new / v_old) *
               (1 + jitter * (2 * pg_rng_uniform(rng) - 1));
    for (int a = 0; a < 9; a++) out->lattice[a] = k * p->lattice[a];
    return PG_OK;
}

pg_status pg_crystal_substitute(const pg_crystal_structure *proto,
                                const pg_crystal_subst_opts *o, pg_rng *rng,
                                pg_crystal_structure *out, double *sigma,
                                int *found)
{
    *found = 0;
    const char *why;
    if (!pg_crystal_subst_usable(proto, &why))
        return PG_FAIL(PG_ERR_ARG, "substitution: prototype has %s", why);
    const pg_crystal_element *t;
    PG_CHECK(pg_crystal_elements(&t));
    ion_class *c = malloc(PG_CRYSTAL_SUBST_MAX_CLASSES * sizeof *c);
    int *atom_class = malloc((size_t)proto->n * sizeof *atom_class);
    if (!c || !atom_class) {
        free(c);
        free(atom_class);
        return PG_FAIL(PG_ERR_NOMEM, "substitution of %d atoms", proto->n);
    }
    int n = classes_of(proto, c, atom_class);
    for (int k = 0; k < n; k++) options_of(t, o->radius_tol, &c[k]);
    if (pg_rng_uniform(rng) < o->split)
        split_class(c, &n, atom_class, proto->n, rng);
    pg_crystal_ion pick[PG_CRYSTAL_SUBST_MAX_CLASSES], alk;
    int site = pg_rng_uniform(rng) < o->alkali ? alkali_site(c, n) : -1;
    if (site >= 0 && !alkali_option(&c[site], rng, &alk)) site = -1;
    pg_status st = PG_OK;
    for (int tries = 0; tries < o->max_tries && !*found; tries++) {
        /* The alkali site is held for the first half of the tries. */
        int hold = site >= 0 && tries < o->max_tries / 2;
        for (int k = 0; k < n; k++)
            pick[k] = hold && k == site ? alk : draw(&c[k], o->keep, rng);
        if (!acceptable(t, c, n, pick)) continue;
        st = build(proto, c, atom_class, pick, o->jitter, rng, out, sigma);
        *found = st == PG_OK;
    }
    free(c);
    free(atom_class);
    return st;
}
