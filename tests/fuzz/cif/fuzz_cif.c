/* Fuzz target "cif": `physgan import cif` on one file holding the input,
 * from COD's CIF parser (libcodcif, not instrumented: coverage counts
 * physgan's side only) through physgan's own handling of what it returns
 * (physics/crystal/io/crystal_cif.c: tags, numbers with uncertainties,
 * symmetry operations, atom sites) and the importer after it
 * (crystal_import.c: symmetry expansion, site merging, spglib, bond
 * valence). Checked: any bytes end in structures or rejections, never a
 * crash, leak or read out of bounds; every rejection has a message naming
 * the file, and every structure kept is one the importer promises (atoms
 * inside the cell, at least one and at most max_atoms of them). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "physics/crystal/io/crystal_cif.h"
#include "physics/crystal/io/crystal_import.h"

/* COD's lexer leaks a token's text at some syntax errors (clean_string
 * in ciflex, allocated through libcexceptions' mallocx; 10 to 20 bytes
 * per malformed file): the library's leak, which physgan cannot free
 * (docs/testing.md, "What was run"). Only allocations made through that
 * allocator are exempt; physgan never calls it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libcexceptions.so\n";
}

static void on_reject(void *ctx, pg_crystal_reject r, const char *message)
{
    const char *path = ctx;
    pg_fuzz_note(message, PG_OK);
    if (r < 0 || r >= PG_CRYSTAL_REJECT_COUNT || !message ||
        !strstr(message, path))
        abort();
}

static void read_cif(const char *path)
{
    pg_crystal_cif *cif = NULL;
    if (pg_fuzz_note("cif", pg_crystal_cif_read(path, &cif)) == PG_OK)
        pg_crystal_cif_destroy(&cif);

    /* Fewer atoms than the default 500 keep spglib and the bond-valence
     * search at fuzzing speed; the limit itself is what is checked. */
    pg_crystal_import_opts o = pg_crystal_import_defaults();
    o.max_atoms = 64;
    pg_crystal_import *im = NULL;
    if (pg_crystal_import_create(&im) != PG_OK)
        return;
    const char *paths[1] = {path};
    if (pg_fuzz_note("import", pg_crystal_import_paths(im, paths, 1, &o,
                                                 on_reject, (void *)path)) ==
        PG_OK) {
        for (int i = 0; i < im->n; i++) {
            const pg_crystal_structure *s = im->e[i].s;
            if (!s || s->n < 1 || s->n > o.max_atoms)
                abort();
            for (int a = 0; a < 3 * s->n; a++)
                if (!(s->frac[a] >= 0 && s->frac[a] < 1))
                    abort();
        }
        pg_crystal_import_unique(im);
    }
    pg_crystal_import_destroy(&im);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_fuzz_read_file(data, size, read_cif);
    return 0;
}
