/* P1 CIF writing (crystal_cif_write.h). */
#include "physics/crystal/io/crystal_cif_write.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic_file.h"
#include "io/h5.h"
#include "io/text_buffer.h"
#include "physics/crystal/crystal_elements.h"
#include "physics/crystal/crystal_lattice.h"

/* "Na1+", "O2-", or the bare symbol for ox 0. */
static void type_symbol(const pg_crystal_element *e, int ox, char *buf,
                        size_t cap)
{
    if (ox)
        snprintf(buf, cap, "%s%d%c", e->symbol, abs(ox), ox > 0 ? '+' : '-');
    else
        snprintf(buf, cap, "%s", e->symbol);
}

pg_status pg_crystal_cif_write(const char *path, const pg_crystal_structure *s,
                               const char *block, const char *note)
{
    const pg_crystal_element *el;
    PG_CHECK(pg_crystal_elements(&el));
    double Linv[9], V = pg_crystal_lattice_inverse(s->lattice, Linv);
    if (V == 0)
        return PG_FAIL(PG_ERR_ARG, "%s: singular lattice", path);
    for (int i = 0; i < s->n; i++)
        if (s->z[i] < 1 || s->z[i] > PG_CRYSTAL_ZMAX || !el[s->z[i]].z)
            return PG_FAIL(PG_ERR_ARG, "%s: atom %d has atomic number %d",
                           path, i + 1, s->z[i]);
    double p[6];
    pg_crystal_lattice_params(s->lattice, p);
    pg_text_buffer b = {0};
    pg_text_buffer_printf(&b, "# %s\n", pg_h5_created_by());
    if (note) pg_text_buffer_printf(&b, "# %s\n", note);
    pg_text_buffer_append(&b, "data_");
    for (const char *c = block && *block ? block : "physgan"; *c; c++) {
        char ch = (isalnum((unsigned char)*c) || strchr("_-.", *c)) ? *c : '_';
        pg_text_buffer_append_n(&b, &ch, 1);
    }
    pg_text_buffer_append(&b, "\n");
    /* the cell's content, elements in order of Z */
    int count[PG_CRYSTAL_ZMAX + 1] = {0};
    for (int i = 0; i < s->n; i++) count[s->z[i]]++;
    pg_text_buffer_append(&b, "_chemical_formula_sum '");
    int first = 1;
    for (int z = 1; z <= PG_CRYSTAL_ZMAX; z++)
        if (count[z]) {
            pg_text_buffer_printf(&b, "%s%s%d", first ? "" : " ", el[z].symbol,
                                  count[z]);
            first = 0;
        }
    pg_text_buffer_append(&b, "'\n");
    static const char *const CELL[6] = {
        "_cell_length_a", "_cell_length_b", "_cell_length_c",
        "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
    for (int k = 0; k < 6; k++)
        pg_text_buffer_printf(&b, "%-20s %.6f\n", CELL[k], p[k]);
    pg_text_buffer_printf(&b, "%-20s %.4f\n", "_cell_volume", fabs(V));
    pg_text_buffer_append(&b, "_symmetry_space_group_name_H-M 'P 1'\n"
                              "_symmetry_Int_Tables_number 1\n"
                              "loop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n");
    /* oxidation numbers of the types used */
    int any_ox = 0;
    for (int i = 0; i < s->n; i++) any_ox |= s->ox[i] != 0;
    if (any_ox) {
        pg_text_buffer_append(&b, "loop_\n_atom_type_symbol\n"
                                  "_atom_type_oxidation_number\n");
        for (int i = 0; i < s->n; i++) {
            int seen = 0;
            for (int j = 0; j < i && !seen; j++)
                seen = s->z[j] == s->z[i] && s->ox[j] == s->ox[i];
            if (seen) continue;
            char t[16];
            type_symbol(&el[s->z[i]], s->ox[i], t, sizeof t);
            pg_text_buffer_printf(&b, "%s %d\n", t, s->ox[i]);
        }
    }
    pg_text_buffer_append(&b, "loop_\n_atom_site_label\n_atom_site_type_symbol\n"
                              "_atom_site_fract_x\n_atom_site_fract_y\n"
                              "_atom_site_fract_z\n_atom_site_occupancy\n");
    int label[PG_CRYSTAL_ZMAX + 1] = {0};
    for (int i = 0; i < s->n; i++) {
        char t[16];
        type_symbol(&el[s->z[i]], s->ox[i], t, sizeof t);
        pg_text_buffer_printf(&b, "%s%d %s %.6f %.6f %.6f 1\n",
                              el[s->z[i]].symbol, ++label[s->z[i]], t,
                              s->frac[3 * i], s->frac[3 * i + 1],
                              s->frac[3 * i + 2]);
    }
    pg_status st = pg_text_buffer_status(&b, path);
    if (st == PG_OK) st = pg_atomic_file_write(path, b.data, b.len, 0644);
    pg_text_buffer_free(&b);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_crystal_import_write_cifs(const pg_crystal_import *im,
                                       const char *dir)
{
    for (int i = 0; i < im->n; i++) {
        const pg_crystal_entry *e = &im->e[i];
        char path[4096], block[96], note[600];
        snprintf(path, sizeof path, "%s/%04d_%s.cif", dir, i, e->formula);
        snprintf(block, sizeof block, "%04d_%s", i, e->formula);
        snprintf(note, sizeof note, "P1 expansion of %s (space group %d, %s, "
                 "found by spglib)", e->source, e->sg, e->sg_symbol);
        PG_CHECK(pg_crystal_cif_write(path, e->s, block, note));
    }
    return PG_OK;
}
