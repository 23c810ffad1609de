/* The crystal VAE-GAN trainer behind `physgan train JOB.ini` when
 * [model] arch = crystal_vaegan (docs/crystals.md, "The VAE-GAN"): the
 * encoder E, generator/decoder G, discriminator D and property head P of
 * models/crystal_vaegan.h on a crystal/1 training set ([data] path, from
 * `physgan simulate crystal`), encoded by train/crystal_codec.h.
 *
 * Each step, on every rank, with B structures drawn uniformly (with
 * replacement) from the rank's stream:
 *   1. P takes one Adam step of the mean squared error to the standardised
 *      PROXY level on B draws among the training structures that have one
 *      (those with Li or Na); a tenth of them (by a hash of the index) is
 *      held out, and the Spearman rank correlation of P on the held-out
 *      ones is computed with every metrics row (prop_rho);
 *   2. D takes [loss] d_steps steps of the loss zoo's D term: B reals
 *      against B samples G(z), z ~ N(0, I);
 *   3. E and G take one step of
 *        recon_weight (lattice MSE + species cross-entropy per slot +
 *                      squared periodic coordinate error on occupied slots)
 *        + kl_weight KL(q(z|x) || N(0, I))          (on G(E(x)))
 *        + adv_weight adv(D(G(z)))
 *        + property_weight mean P(G(z))             (lower PROXY level)
 *        + the [physics] crystal penalties on G(z)  (crystal_codec.h table)
 *      with the gradient reaching G's discrete species through the
 *      straight-through Gumbel-softmax.
 *
 * Everything else is every trainer's (run.h, train_loop.h): run
 * directory, metrics.csv, train.log, signals, MPI data parallelism (one
 * gradient allreduce per net update), checkpoints with the four nets,
 * their Adam states, the codec and every rank's RNG, so --resume
 * continues bit-identically. */
#ifndef PG_TRAIN_CRYSTAL_VAEGAN_H
#define PG_TRAIN_CRYSTAL_VAEGAN_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "io/checkpoint.h"
#include "train/crystal_codec.h"
#include "train/run.h"

typedef struct pg_crystal_vaegan pg_crystal_vaegan;

/* Whether arch names this trainer ("crystal_vaegan"). */
int pg_crystal_vaegan_arch_is(const char *arch);

/* The networks' dimensions from a crystal_vaegan job's [model] keys and
 * a codec. */
struct pg_crystal_vaegan_dims;
pg_status pg_crystal_vaegan_dims_read(const pg_config *c,
                                      const pg_crystal_codec *codec,
                                      struct pg_crystal_vaegan_dims *d);

/* The codec stored in a checkpoint (PG_ERR_FORMAT naming path when it is
 * not a crystal_vaegan checkpoint). */
pg_status pg_crystal_vaegan_codec_get(const pg_checkpoint *k,
                                      const char *path, pg_crystal_codec *c);

/* Spearman's rank correlation of x and y (n values; ties get their mean
 * rank); NAN when n < 2 or a side is constant. */
double pg_crystal_spearman(const double *x, const double *y, int n);

/* Collective over comm (duplicated); as pg_trainer_create. */
pg_status pg_crystal_vaegan_create(const pg_config *cfg, const char *run_dir,
                                   int resume, const pg_trainer_hooks *hooks,
                                   MPI_Comm comm, pg_crystal_vaegan **out);
/* Collective; as pg_trainer_run. */
pg_status pg_crystal_vaegan_run(pg_crystal_vaegan *t, int plain,
                                pg_train_outcome *out);
long pg_crystal_vaegan_step(const pg_crystal_vaegan *t);
/* Collective. Accepts NULL. */
void pg_crystal_vaegan_destroy(pg_crystal_vaegan **t);

#endif
