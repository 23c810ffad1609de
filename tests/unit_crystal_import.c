/* CIF import (physics/crystal/io/crystal_import.h) on CIF files this test
 * writes: rock salt given by its 2 sites and the 192 operations of Fm-3m
 * (from spglib through the symbol path: the file lists only the H-M
 * symbol), rock salt with its operations written out, a partially
 * occupied site, a disorder group, a syntax error, overlapping sites, and
 * a mixed-valence oxide with no neutral assignment. Checks the P1
 * expansion (8 atoms), spglib's group (225), the oxidation states (+1,
 * -1), the reasons counted, the messages naming the file, and the
 * crystal/1 round trip, and the P1 CIF writer read back by the importer.
 * Plus symmetry-operation parsing and formulas. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "physics/crystal/crystal_formula.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_symop.h"
#include "physics/crystal/io/crystal_cif_write.h"
#include "physics/crystal/io/crystal_file.h"
#include "physics/crystal/io/crystal_import.h"
#include "runner.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

#define CELL_NACL                                                          \
    "_cell_length_a 5.6402(3)\n_cell_length_b 5.6402\n_cell_length_c "     \
    "5.6402\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma " \
    "90\n"

static const char *NACL_SYMBOL =
    "data_nacl\n" CELL_NACL "_symmetry_space_group_name_H-M 'F m -3 m'\n"
    "_space_group_IT_number 225\n"
    "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
    "_atom_site_fract_y\n_atom_site_fract_z\nNa1 Na+ 0 0 0\nCl1 Cl- 0.5 0.5 "
    "0.5\n";

/* Fm-3m written out would be 192 lines: the F-centring times the point
 * group m-3m's 48 is what spglib gives; here a subgroup (F-centring and
 * inversion) still generates the full rock-salt cell from the 2 sites. */
static const char *NACL_OPS =
    "data_nacl_ops\n" CELL_NACL "_symmetry_Int_Tables_number 225\n"
    "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n-x,-y,-z\nx,1/2+y,1/2+z\n"
    "1/2+x,y,1/2+z\n1/2+x,1/2+y,z\n-x,1/2-y,1/2-z\n1/2-x,-y,1/2-z\n"
    "1/2-x,1/2-y,-z\n"
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
    "_atom_site_fract_z\n_atom_site_occupancy\nNa1 0 0 0 1.0\nCl1 0.5 0.5 "
    "0.5 1.00\n";

static const char *PARTIAL =
    "data_partial\n" CELL_NACL "_symmetry_space_group_name_H-M 'F m -3 m'\n"
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
    "_atom_site_fract_z\n_atom_site_occupancy\nNa1 0 0 0 0.5\nCl1 0.5 0.5 "
    "0.5 1\n";

static const char *DISORDER =
    "data_disorder\n" CELL_NACL "_symmetry_space_group_name_H-M 'F m -3 m'\n"
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
    "_atom_site_fract_z\n_atom_site_disorder_group\nNa1 0 0 0 1\nCl1 0.5 "
    "0.5 0.5 .\n";

static const char *SYNTAX =
    "data_bad\n" CELL_NACL "loop_\n_atom_site_label\n_atom_site_fract_x\n"
    "_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\nCl1 0.5 0.5\n";

static const char *CLASH =
    "data_clash\n" CELL_NACL "_symmetry_space_group_name_H-M 'P 1'\n"
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
    "_atom_site_fract_z\nNa1 0 0 0\nCl1 0.01 0 0\n";

/* Fe3O4 in a P1 cell of 3 Fe and 4 O: a mixed-valence ratio no single
 * Fe state neutralises (one state per element). */
static const char *MIXED =
    "data_mixed\n_cell_length_a 4.2\n_cell_length_b 4.2\n_cell_length_c "
    "8.4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
    "_symmetry_space_group_name_H-M 'P 1'\n"
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
    "_atom_site_fract_z\nFe1 0 0 0\nFe2 0.5 0.5 0.25\nFe3 0 0 0.5\n"
    "O1 0.5 0 0\nO2 0 0.5 0.25\nO3 0.5 0 0.5\nO4 0 0.5 0.75\n";

typedef struct seen {
    int count;
    char last[1024];
    int mentions_file;
} seen;

static void on_reject(void *ctx, pg_crystal_reject r, const char *msg)
{
    seen *s = ctx;
    (void)r;
    s->count++;
    snprintf(s->last, sizeof s->last, "%s", msg);
    s->mentions_file += strstr(msg, "cifs/") != NULL;
    printf("  rejected: %s\n", msg);
}

static void test_import_directory(void)
{
    mkdir("cifs", 0755);
    mkdir("p1", 0755);
    write_file("cifs/a_nacl_symbol.cif", NACL_SYMBOL);
    write_file("cifs/b_nacl_ops.cif", NACL_OPS);
    write_file("cifs/c_partial.cif", PARTIAL);
    write_file("cifs/d_disorder.cif", DISORDER);
    write_file("cifs/e_syntax.cif", SYNTAX);
    write_file("cifs/f_clash.cif", CLASH);
    write_file("cifs/g_mixed.cif", MIXED);
    write_file("cifs/not_a_cif.txt", "ignored: not *.cif\n");
    pg_crystal_import *im = NULL;
    PG_ASSERT_OK(pg_crystal_import_create(&im));
    pg_crystal_import_opts o = pg_crystal_import_defaults();
    const char *paths[] = {"cifs"};
    seen s = {0};
    PG_ASSERT_OK(pg_crystal_import_paths(im, paths, 1, &o, on_reject, &s));
    CU_ASSERT_EQUAL(im->files, 7);
    CU_ASSERT_EQUAL_FATAL(im->n, 2);
    CU_ASSERT_EQUAL(s.count, 5);
    CU_ASSERT_EQUAL(s.mentions_file, 5);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_PARTIAL_OCCUPANCY], 1);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_DISORDER], 1);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_UNREADABLE], 1);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_SITE_CLASH], 1);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_NOT_NEUTRAL], 1);
    for (int i = 0; i < 2; i++) {
        const pg_crystal_entry *e = &im->e[i];
        CU_ASSERT_EQUAL(e->s->n, 8);
        CU_ASSERT_EQUAL(e->sg, 225);
        CU_ASSERT_EQUAL(e->sg_cif, 225);
        CU_ASSERT_STRING_EQUAL(e->formula, "NaCl");
        for (int a = 0; a < 8; a++)
            CU_ASSERT_EQUAL(e->s->ox[a], e->s->z[a] == 11 ? 1 : -1);
        CU_ASSERT(e->gii < 0.2);
        printf("%s: %d atoms, SG %d (%s), GII %.3f\n", e->source, e->s->n,
               e->sg, e->sg_symbol, e->gii);
    }
    CU_ASSERT_EQUAL(im->sg_agree, 2);
    CU_ASSERT_EQUAL(pg_crystal_import_unique(im), 1);

    /* P1 CIF out and back in: the same atoms, group and oxidation states */
    const pg_crystal_structure *s0 = im->e[0].s;
    PG_ASSERT_OK(pg_crystal_cif_write("p1/nacl_p1.cif", s0, "nacl p1", "test"));
    pg_crystal_import *back = NULL;
    PG_ASSERT_OK(pg_crystal_import_create(&back));
    const char *again[] = {"p1/nacl_p1.cif"};
    PG_ASSERT_OK(pg_crystal_import_paths(back, again, 1, &o, on_reject, &s));
    CU_ASSERT_EQUAL_FATAL(back->n, 1);
    const pg_crystal_structure *s1 = back->e[0].s;
    CU_ASSERT_EQUAL(s1->n, s0->n);
    CU_ASSERT_EQUAL(back->e[0].sg, 225);
    CU_ASSERT_EQUAL(back->e[0].sg_cif, 1);
    double worst = 0;
    for (int i = 0; i < 9; i++)
        worst = fmax(worst, fabs(s1->lattice[i] - s0->lattice[i]));
    for (int a = 0; a < s0->n && a < s1->n; a++) {
        CU_ASSERT_EQUAL(s1->z[a], s0->z[a]);
        CU_ASSERT_EQUAL(s1->ox[a], s0->ox[a]);
        for (int k = 0; k < 3; k++)
            worst = fmax(worst, fabs(s1->frac[3 * a + k] - s0->frac[3 * a + k]));
    }
    CU_ASSERT(worst < 1e-5);
    pg_crystal_import_destroy(&back);

    PG_ASSERT_OK(pg_crystal_file_write("nacl.h5", im, o.symprec, "test"));
    pg_crystal_data *d = NULL;
    PG_ASSERT_OK(pg_crystal_file_read("nacl.h5", &d));
    CU_ASSERT_EQUAL(d->n, 2);
    CU_ASSERT_EQUAL(d->max_atoms, 8);
    CU_ASSERT_EQUAL(d->natoms[1], 8);
    CU_ASSERT_EQUAL(d->spacegroup[0], 225);
    CU_ASSERT(fabs(d->lattice[0] - 5.6402) < 1e-4);
    CU_ASSERT(fabs(d->lattice[3] - 90) < 1e-4);
    int na = 0;
    for (int a = 0; a < 8; a++) na += d->species[a] == 11;
    CU_ASSERT_EQUAL(na, 4);
    pg_crystal_data_destroy(&d);
    pg_crystal_import_destroy(&im);
}

static void test_missing_path(void)
{
    pg_crystal_import *im = NULL;
    PG_ASSERT_OK(pg_crystal_import_create(&im));
    pg_crystal_import_opts o = pg_crystal_import_defaults();
    const char *paths[] = {"no/such/dir"};
    CU_ASSERT_EQUAL(pg_crystal_import_paths(im, paths, 1, &o, NULL, NULL),
                    PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no/such/dir"));
    pg_error_clear();
    pg_crystal_import_destroy(&im);
}

static void test_symop_parse(void)
{
    pg_crystal_symop op;
    PG_ASSERT_OK(pg_crystal_symop_parse("-x+y, 1/2-x ,Z+0.25", &op));
    const double r[9] = {-1, 1, 0, -1, 0, 0, 0, 0, 1};
    for (int i = 0; i < 9; i++) CU_ASSERT_EQUAL(op.r[i], r[i]);
    CU_ASSERT_EQUAL(op.t[0], 0);
    CU_ASSERT_EQUAL(op.t[1], 0.5);
    CU_ASSERT_EQUAL(op.t[2], 0.25);
    CU_ASSERT_EQUAL(pg_crystal_symop_parse("x,y", &op), PG_ERR_FORMAT);
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_crystal_symop_parse("x,y,w", &op), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "x,y,w"));
    pg_error_clear();
}

static void test_formula(void)
{
    int z1[5] = {20, 6, 8, 8, 8}, z2[10] = {13, 13, 13, 13, 8, 8, 8, 8, 8, 8};
    char buf[32];
    PG_ASSERT_OK(pg_crystal_formula(z1, 5, buf, sizeof buf));
    CU_ASSERT_STRING_EQUAL(buf, "CaCO3");
    PG_ASSERT_OK(pg_crystal_formula(z2, 10, buf, sizeof buf));
    CU_ASSERT_STRING_EQUAL(buf, "Al2O3");
}

/* A cell 0.09 A thin between lattice planes (alpha = 0.9 degrees, the
 * input of tests/fuzz/cif/regress/timeout-thin-cell.cif): rejected at
 * once as a bad cell naming the file and the thickness, not searched over
 * millions of periodic images (before, the import hung). */
static void test_thin_cell(void)
{
    mkdir("thin", 0755);
    write_file("thin/thin.cif",
               "data_thin\n_cell_length_a 5.6402\n_cell_length_b 5.6402\n"
               "_cell_length_c 5.6402\n_cell_angle_alpha .90\n"
               "_cell_angle_beta 90\n_cell_angle_gamma 90\n"
               "_space_group_IT_number 225\nloop_\n_atom_site_label\n"
               "_atom_site_type_symbol\n_atom_site_fract_x\n"
               "_atom_site_fract_y\n_atom_site_fract_z\nNa1 Na+ 0 0 0\n"
               "Cl1 Cl- 0.2 0.5 0.5\n");
    CU_ASSERT_DOUBLE_EQUAL(pg_crystal_lattice_min_spacing(
        (const double[9]){2, 0, 0, 0, 3, 0, 0, 0, 4}), 2, 1e-12);
    pg_crystal_import *im = NULL;
    PG_ASSERT_OK(pg_crystal_import_create(&im));
    pg_crystal_import_opts o = pg_crystal_import_defaults();
    const char *paths[] = {"thin/thin.cif"};
    seen s = {0};
    PG_ASSERT_OK(pg_crystal_import_paths(im, paths, 1, &o, on_reject, &s));
    CU_ASSERT_EQUAL(im->n, 0);
    CU_ASSERT_EQUAL(im->rejected[PG_CRYSTAL_REJECT_BAD_CELL], 1);
    CU_ASSERT(strstr(s.last, "thin/thin.cif") != NULL);
    CU_ASSERT(strstr(s.last, "0.0886 A thin") != NULL);
    pg_crystal_import_destroy(&im);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_import");
    PG_TEST(s, test_import_directory);
    PG_TEST(s, test_missing_path);
    PG_TEST(s, test_symop_parse);
    PG_TEST(s, test_formula);
    PG_TEST(s, test_thin_cell);
}
