#include "physics/protein/io/protein_fasta_write.h"

#include "io/atomic_file.h"
#include "physics/protein/protein_alphabet.h"

enum { LINE = 60 };

pg_status pg_protein_fasta_write(const char *path, const pg_protein_seqs *s,
                                 const int *order, int n,
                                 const char *const *desc)
{
    pg_text_buffer b = {0};
    if (!order) n = s->n;
    for (int k = 0; k < n; k++) {
        int i = order ? order[k] : k;
        pg_text_buffer_printf(&b, ">%s", s->ids[i]);
        if (desc && desc[i]) pg_text_buffer_printf(&b, " %s", desc[i]);
        pg_text_buffer_append(&b, "\n");
        const uint8_t *r = pg_protein_seqs_at(s, i);
        char line[LINE + 2];
        for (int p = 0; p < s->length[i]; p += LINE) {
            int m = 0;
            for (; m < LINE && p + m < s->length[i]; m++)
                line[m] = PG_PROTEIN_ALPHABET[r[p + m]];
            line[m++] = '\n';
            pg_text_buffer_append_n(&b, line, (size_t)m);
        }
    }
    return pg_atomic_file_write_text(path, &b);
}
