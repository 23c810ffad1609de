/* How the crystal VAE-GAN sees a crystal (docs/crystals.md, "The
 * VAE-GAN"): the encoding of crystal/1 structures into the networks'
 * inputs (models/crystal_vaegan.h) and back, and the conversion of a
 * generated batch into the physics penalties' table
 * (physics/crystal/crystal_sample.h) with the chain rule back.
 *
 * A codec is fitted once on the training set and stored in checkpoints:
 *   - the vocabulary: species k = 1..K-1 are the elements of the data in
 *     order of Z (k = 0 the empty slot);
 *   - the lattice (lower-triangular: a along x, b in the xy plane) as six
 *     parameters log a_x, b_x / a_x, log b_y, c_x / a_x, c_y / b_y,
 *     log c_z, standardised by their means and deviations (every value
 *     is a cell of positive volume);
 *   - the property target (the conductivity PROXY's 3D percolation level,
 *     v.u., capped at `cap` when no level percolates) standardised.
 * Atoms are encoded in a canonical order (by Z, then x, y, z), padded
 * with empty slots to A. */
#ifndef PG_TRAIN_CRYSTAL_CODEC_H
#define PG_TRAIN_CRYSTAL_CODEC_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"
#include "physics/crystal/io/crystal_file.h"

/* Z < VOCAB; at most MAX_ATOMS slots (crystal/1 files of import cif
 * hold at most 500 atoms a cell). */
enum { PG_CRYSTAL_CODEC_VOCAB = 97, PG_CRYSTAL_CODEC_MAX_ATOMS = 512 };

typedef struct pg_crystal_codec {
    int atoms;                          /* A slots */
    int species;                        /* K, the empty species included */
    int vocab[PG_CRYSTAL_CODEC_VOCAB];  /* Z of species k; vocab[0] = 0 */
    double lat_mean[6], lat_std[6];
    double prop_mean, prop_std, prop_cap;
} pg_crystal_codec;

/* Fit on d with A = atoms (0: d's largest atom count) and the property
 * values target[i] of the structures with has[i] (either may be NULL:
 * no property). PG_ERR_ARG naming path when a structure has more atoms
 * than A. */
pg_status pg_crystal_codec_fit(const pg_crystal_data *d, int atoms,
                               const float *target, const int *has,
                               double cap, const char *path,
                               pg_crystal_codec *c);

/* Floats of one encoded atoms table, (3 + K) x A. */
static inline int pg_crystal_codec_atoms_len(const pg_crystal_codec *c)
{
    return (3 + c->species) * c->atoms;
}

/* Structure i of d into lat (6) and atoms ((3 + K) x A, channel-major).
 * PG_ERR_ARG when an element is outside the vocabulary. */
pg_status pg_crystal_codec_encode(const pg_crystal_codec *c,
                                  const pg_crystal_data *d, int i, float *lat,
                                  float *atoms);

/* The lattice matrix (rows a, b, c, A) of a standardised lat. */
void pg_crystal_codec_matrix(const pg_crystal_codec *c, const float *lat,
                             double L[9]);

/* The penalty table's species count: 1 + the largest Z of the vocabulary. */
int pg_crystal_codec_table_species(const pg_crystal_codec *c);
/* One sample's penalty table ((3 + A) x (3 + S), S as above). */
void pg_crystal_codec_table(const pg_crystal_codec *c, const float *lat,
                            const float *atoms, float *table);
/* ADD the gradient of a penalty table into the sample's lat and atoms
 * gradients (the chain rule of pg_crystal_codec_table). */
void pg_crystal_codec_table_grad(const pg_crystal_codec *c, const float *lat,
                                 const float *gtable, float *glat,
                                 float *gatoms);

/* [loss] volume_weight's term on one prior sample of a composition-
 * conditional G: w (ln V(fake) - ln V(real))^2 with ln V = ln a_x +
 * ln b_y + ln c_z of the de-standardised lattices (standardised lat, 6
 * each) and real the training structure whose composition G was given
 * (the same atoms, so a log ratio of volumes per atom). Returns the term
 * and ADDS its gradient with respect to fake into gfake (6). */
double pg_crystal_codec_volume_loss(const pg_crystal_codec *c,
                                    const float *fake, const float *real,
                                    double w, float *gfake);

/* A generated sample as a structure, empty slots left out, oxidation
 * states unset (0). With G's species logits (K x A) a slot is occupied
 * when its probability of being empty is below one half, by its most
 * probable element (the plain mode would empty a slot whose probability
 * is spread over many elements); without (NULL), each slot takes the
 * largest entry of the atoms table. */
pg_status pg_crystal_codec_decode(const pg_crystal_codec *c, const float *lat,
                                  const float *atoms, const float *logits,
                                  pg_crystal_structure **out);

/* The standardised property value of a proxy level (v.u.) and back. */
double pg_crystal_codec_prop_norm(const pg_crystal_codec *c, double level);
double pg_crystal_codec_prop_value(const pg_crystal_codec *c, double y);

#endif
