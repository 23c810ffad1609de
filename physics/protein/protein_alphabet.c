#include "physics/protein/protein_alphabet.h"

#include <ctype.h>
#include <string.h>

const double pg_protein_background[PG_PROTEIN_K] = {
    0.0787945, 0.0151600, 0.0535222, 0.0668298, 0.0397062, /* A C D E F */
    0.0695071, 0.0229198, 0.0590092, 0.0594422, 0.0963728, /* G H I K L */
    0.0237718, 0.0414386, 0.0482904, 0.0395639, 0.0540978, /* M N P Q R */
    0.0683364, 0.0540687, 0.0673417, 0.0114135, 0.0304133, /* S T V W Y */
};

pg_protein_char_kind pg_protein_char_classify(int c, int *index)
{
    if (c == '-' || c == '.') return PG_PROTEIN_CHAR_GAP;
    if (c == '*') return PG_PROTEIN_CHAR_STOP;
    if (c <= 0 || c > 127 || !isalpha(c)) return PG_PROTEIN_CHAR_INVALID;
    int u = toupper(c);
    const char *p = strchr(PG_PROTEIN_ALPHABET, u);
    if (p) {
        if (index) *index = (int)(p - PG_PROTEIN_ALPHABET);
        return PG_PROTEIN_CHAR_RESIDUE;
    }
    if (strchr("BZJXUO", u)) return PG_PROTEIN_CHAR_AMBIGUOUS;
    return PG_PROTEIN_CHAR_INVALID;
}
