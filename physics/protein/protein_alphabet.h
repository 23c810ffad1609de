/* The protein alphabet of physgan (docs/proteins.md, "Residues"): the 20
 * standard amino acids in HMMER's order, so a residue index is also the
 * column of a HMMER3 emission line.
 *
 *   index  0..19  A C D E F G H I K L M N P Q R S T V W Y
 *   index  20     padding after a sequence's end (protein/1 /seq)
 *
 * How every other character of an input file is read is one rule, here,
 * shared by every importer and scorer:
 *   - upper or lower case standard letter: that residue (lower case marks
 *     insert states in Stockholm/A2M and soft-masking in FASTA; the
 *     residue is real sequence either way, so it is kept, upper-cased);
 *   - '-' and '.': alignment gaps, dropped (stored sequences are
 *     unaligned);
 *   - '*': a translation stop, allowed only as the record's last
 *     character, dropped;
 *   - B Z J X U O (either case): ambiguous or non-standard residues; the
 *     sequence is rejected (skipped with a message) rather than guessed;
 *   - anything else (digits, punctuation): a format error. */
#ifndef PG_PHYSICS_PROTEIN_ALPHABET_H
#define PG_PHYSICS_PROTEIN_ALPHABET_H

#define PG_PROTEIN_ALPHABET "ACDEFGHIKLMNPQRSTVWY"

enum {
    PG_PROTEIN_K = 20,   /* standard residues */
    PG_PROTEIN_PAD = 20, /* the padding index of protein/1 */
};

typedef enum pg_protein_char_kind {
    PG_PROTEIN_CHAR_RESIDUE,
    PG_PROTEIN_CHAR_GAP,
    PG_PROTEIN_CHAR_STOP,
    PG_PROTEIN_CHAR_AMBIGUOUS,
    PG_PROTEIN_CHAR_INVALID,
} pg_protein_char_kind;

/* The kind of character c; for a residue *index gets 0..19. */
pg_protein_char_kind pg_protein_char_classify(int c, int *index);

/* HMMER3's null-model residue frequencies (p7_AminoFrequencies: counted
 * over Swiss-Prot 50.8, 86.0M residues), in alphabet order. */
extern const double pg_protein_background[PG_PROTEIN_K];

#endif
