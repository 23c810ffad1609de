/* Relaxation in the Ewald + Born-Mayer force field
 * (physics/crystal/crystal_relax.h):
 *   - rock salt NaCl, started 5 % expanded and with displaced ions,
 *     converges (forces < 0.01 eV/A, |P| < 0.5 GPa) to the cubic cell with
 *     every ion back on its site; the lattice constant the published
 *     parameters give (5.956 A, 5.6 % above the measured 5.640 A: the force
 *     field has no dispersion term, docs/crystals.md) must lie within 7 %;
 *   - the relaxed cell is a minimum: shrinking or expanding it by 1 %
 *     raises the energy;
 *   - five rock-salt crystals relaxed from their ideal sites in their
 *     measured cells: the lattice constants the force field gives are
 *     printed beside the measured ones and must lie within 10 % (LiF
 *     +0.7 %, NaCl +5.6 %, KCl +7.8 %, MgO -0.7 %, CaO -0.3 %: no
 *     dispersion term, so the large, polarisable halides come out too big,
 *     docs/crystals.md); without the |z_i z_j| factor of the repulsion
 *     MgO would collapse to 3.0 A;
 *   - the failure mode of the force field: rock-salt LiF with its ions
 *     displaced by 0.04 A falls to a lower-energy arrangement with Li-F at
 *     1.43 A (0.68 of the radii sum), which the overlap measure
 *     (pg_crystal_overlap_min) flags below 0.75 while relaxed rock salt
 *     reads about 0.97;
 *   - a deep energy fall that is no collapse (rock salt from a shifted,
 *     repulsive start): the energy rule alone stops it as a collapse,
 *     with collapse_overlap it converges to rock salt;
 *   - the substitution rules (crystal_substitute.h) on rock salt: every
 *     draw is neutral, with radii within the tolerance. */
#include <math.h>
#include <string.h>

#include "base/rng.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_radii.h"
#include "physics/crystal/crystal_relax.h"
#include "physics/crystal/crystal_substitute.h"
#include "crystal_rock_salt.h"
#include "runner.h"

static const double NACL_A = 5.640; /* A, measured at room temperature */

static pg_crystal_structure *rock_salt(double a, double shake, double *sigma)
{
    const double cell[6] = {a, a, a, 90, 90, 90};
    pg_crystal_structure *s = rock_salt_cell(cell, shake, 11, 17, 1);
    for (int i = 0; sigma && i < 8; i++)
        PG_ASSERT_OK(pg_crystal_shannon_radius(s->z[i], s->ox[i], &sigma[i]));
    return s;
}

static void test_rock_salt(void)
{
    double sigma[8], forces[24];
    pg_crystal_structure *s = rock_salt(NACL_A * 1.05, 0.02, sigma);
    printf("Shannon radii: Na+ %.3f, Cl- %.3f A\n", sigma[0], sigma[4]);
    CU_ASSERT(fabs(sigma[0] - 1.16) < 1e-9 && fabs(sigma[4] - 1.67) < 1e-9);
    pg_crystal_relax_opts o;
    PG_ASSERT_OK(pg_crystal_relax_defaults(&o));
    pg_crystal_relax_result r;
    PG_ASSERT_OK(pg_crystal_relax(s, sigma, &o, forces, &r));
    double p[6];
    pg_crystal_lattice_params(s->lattice, p);
    printf("NaCl: %d iterations, converged %d, E %.4f -> %.4f eV/cell, "
           "a = %.4f A (measured %.3f), |F|max %.4f eV/A, P %.3f GPa\n",
           r.iterations, r.converged, r.energy_start, r.energy, p[0],
           NACL_A, r.max_force, r.pressure);
    CU_ASSERT(r.converged);
    CU_ASSERT(r.energy < r.energy_start);
    CU_ASSERT(r.max_force < o.force_tol && fabs(r.pressure) < o.pressure_tol);
    CU_ASSERT(fabs(p[0] - NACL_A) < 0.07 * NACL_A);
    CU_ASSERT(fabs(p[3] - 90) < 1e-9 && fabs(p[1] - p[0]) < 1e-9);
    /* every ion back on a rock-salt site relative to ion 0 */
    double worst = 0;
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 3; k++) {
            double d = s->frac[3 * i + k] - s->frac[k] -
                       ROCK_SALT_SITES[i][k];
            d -= 0.5 * round(2 * d); /* sites are a half-cell lattice */
            if (fabs(d) > worst) worst = fabs(d);
        }
    printf("largest displacement from the ideal sites: %.2e\n", worst);
    CU_ASSERT(worst < 2e-3);
    /* a minimum in the scale */
    double e0 = r.energy, L0[9];
    memcpy(L0, s->lattice, sizeof L0);
    for (int sign = -1; sign <= 1; sign += 2) {
        for (int a = 0; a < 9; a++) s->lattice[a] = L0[a] * (1 + 0.01 * sign);
        double e;
        PG_ASSERT_OK(pg_crystal_force_field(s, sigma, &o, &e, NULL, NULL,
                                            NULL, NULL));
        CU_ASSERT(e > e0);
    }
    pg_crystal_structure_destroy(&s);
}

/* Rock salts: cation Z, anion Z, charges +q/-q, measured a (A; room
 * temperature, standard tables). */
static const struct {
    int zc, za, q;
    double a;
} ROCK_SALTS[] = {{3, 9, 1, 4.027},   /* LiF */
                  {11, 17, 1, 5.640}, /* NaCl */
                  {19, 17, 1, 6.293}, /* KCl */
                  {12, 8, 2, 4.212},  /* MgO */
                  {20, 8, 2, 4.811}}; /* CaO */

static void test_rock_salt_table(void)
{
    pg_crystal_relax_opts o;
    PG_ASSERT_OK(pg_crystal_relax_defaults(&o));
    for (size_t t = 0; t < sizeof ROCK_SALTS / sizeof *ROCK_SALTS; t++) {
        double sigma[8], p[6];
        pg_crystal_structure *s = rock_salt(ROCK_SALTS[t].a, 0, NULL);
        for (int i = 0; i < 8; i++) {
            s->z[i] = i < 4 ? ROCK_SALTS[t].zc : ROCK_SALTS[t].za;
            s->ox[i] = i < 4 ? ROCK_SALTS[t].q : -ROCK_SALTS[t].q;
            PG_ASSERT_OK(pg_crystal_shannon_radius(s->z[i], s->ox[i],
                                                   &sigma[i]));
        }
        pg_crystal_relax_result r;
        PG_ASSERT_OK(pg_crystal_relax(s, sigma, &o, NULL, &r));
        pg_crystal_lattice_params(s->lattice, p);
        double err = (p[0] - ROCK_SALTS[t].a) / ROCK_SALTS[t].a;
        printf("rock salt Z %d/%d: a = %.3f A, measured %.3f (%+.1f %%), "
               "converged %d\n", ROCK_SALTS[t].zc, ROCK_SALTS[t].za, p[0],
               ROCK_SALTS[t].a, 100 * err, r.converged);
        CU_ASSERT(r.converged);
        CU_ASSERT(fabs(err) < 0.10);
        pg_crystal_structure_destroy(&s);
    }
}

/* Overlap of rock-salt LiF relaxed from ideal and from displaced sites. */
static double lif_overlap(double shake, double *energy)
{
    double sigma[8], z[8], ratio = NAN;
    pg_crystal_structure *s = rock_salt(4.027, shake, NULL);
    for (int i = 0; i < 8; i++) {
        s->z[i] = i < 4 ? 3 : 9;
        z[i] = s->ox[i];
        PG_ASSERT_OK(pg_crystal_shannon_radius(s->z[i], s->ox[i], &sigma[i]));
    }
    pg_crystal_relax_opts o;
    PG_ASSERT_OK(pg_crystal_relax_defaults(&o));
    pg_crystal_relax_result r;
    PG_ASSERT_OK(pg_crystal_relax(s, sigma, &o, NULL, &r));
    PG_ASSERT_OK(pg_crystal_overlap_min(s->lattice, s->frac, sigma, z, 8,
                                        &ratio));
    *energy = r.energy;
    pg_crystal_structure_destroy(&s);
    return ratio;
}

static void test_overlap(void)
{
    double e0, e1;
    double ideal = lif_overlap(0, &e0), shaken = lif_overlap(0.01, &e1);
    printf("LiF: overlap %.3f (E %.3f eV) from ideal sites, %.3f (E %.3f eV) "
           "from displaced sites\n", ideal, e0, shaken, e1);
    CU_ASSERT(ideal > 0.9 && ideal < 1.1);
    CU_ASSERT(shaken < 0.75);
    CU_ASSERT(e1 < e0);
}

/* Rock-salt NaCl with its Cl sublattice shifted 0.3 a along x (Na-Cl
 * 1.7 A, 0.6 of the radii sum: a repulsive start): the relaxation's
 * energy falls by far more than half its start on the way back to rock
 * salt. The energy rule alone calls that a collapse; with
 * collapse_overlap (screen crystals') it is a relaxation that converges
 * to rock salt with every Na-Cl pair clear (overlap about 0.97). */
static void test_deep_fall(void)
{
    for (int with_overlap = 0; with_overlap < 2; with_overlap++) {
        double sigma[8], z[8], ratio = NAN, p[6];
        pg_crystal_structure *s = rock_salt(NACL_A, 0, sigma);
        for (int i = 4; i < 8; i++) s->frac[3 * i] += 0.3;
        for (int i = 0; i < 8; i++) z[i] = s->ox[i];
        pg_crystal_relax_opts o;
        PG_ASSERT_OK(pg_crystal_relax_defaults(&o));
        o.collapse_overlap = with_overlap ? 0.75 : 0;
        pg_crystal_relax_result r;
        PG_ASSERT_OK(pg_crystal_relax(s, sigma, &o, NULL, &r));
        PG_ASSERT_OK(pg_crystal_overlap_min(s->lattice, s->frac, sigma, z, 8,
                                            &ratio));
        pg_crystal_lattice_params(s->lattice, p);
        printf("NaCl, Cl shifted 0.3 a, collapse_overlap %.2f: E %.3f -> "
               "%.3f eV, collapsed %d, rebased %d, converged %d, a = %.3f "
               "A, overlap %.3f\n", o.collapse_overlap, r.energy_start,
               r.energy, r.collapsed, r.rebased, r.converged, p[0], ratio);
        if (!with_overlap) {
            CU_ASSERT(r.collapsed);
        } else {
            CU_ASSERT(!r.collapsed && r.rebased >= 1 && r.converged);
            CU_ASSERT(fabs(p[0] - NACL_A) < 0.07 * NACL_A);
            CU_ASSERT(ratio > 0.9);
        }
        pg_crystal_structure_destroy(&s);
    }
}

static void test_substitutions(void)
{
    pg_crystal_structure *proto = rock_salt(NACL_A, 0, NULL), *out = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(8, &out));
    pg_crystal_subst_opts o = pg_crystal_subst_defaults();
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &rng));
    int found_any = 0, other = 0;
    for (int t = 0; t < 50; t++) {
        double sigma[8];
        int found;
        PG_ASSERT_OK(pg_crystal_substitute(proto, &o, rng, out, sigma, &found));
        if (!found) continue;
        found_any++;
        int q = 0;
        for (int i = 0; i < 8; i++) {
            q += out->ox[i];
            double r0 = i < 4 ? 1.16 : 1.67;
            CU_ASSERT(fabs(sigma[i] - r0) <= o.radius_tol * r0 + 1e-12);
            CU_ASSERT((out->ox[i] > 0) == (i < 4));
        }
        CU_ASSERT_EQUAL(q, 0);
        other += out->z[0] != 11 || out->z[4] != 17;
    }
    printf("rock salt: %d of 50 draws found, %d substituted\n", found_any,
           other);
    CU_ASSERT(found_any == 50 && other > 10);
    pg_rng_destroy(&rng);
    pg_crystal_structure_destroy(&out);
    pg_crystal_structure_destroy(&proto);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_relax");
    PG_TEST(s, test_rock_salt);
    PG_TEST(s, test_rock_salt_table);
    PG_TEST(s, test_overlap);
    PG_TEST(s, test_deep_fall);
    PG_TEST(s, test_substitutions);
}
