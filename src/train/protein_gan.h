/* The family-conditioned sequence GAN trainer behind `physgan train
 * JOB.ini` when [model] arch = protein_gan (docs/proteins.md, "Sequence
 * GAN"): G, the realness discriminator D and the function critic C of
 * models/protein_seqgan.h on the protein/1 training split ([data] path).
 *
 * Each step, on every rank: B real training sequences drawn uniformly
 * (with replacement) and B fakes G(z, f) for families f drawn uniformly;
 *   1. C (F + 1 classes) takes one Adam step of softmax cross-entropy on
 *      the B reals labelled by family and B decoys labelled "decoy" (other
 *      draws, reversed or shuffled, alternately). C never sees a fake
 *      and no profile HMM enters any loss;
 *   2. D takes [loss] d_steps steps of the loss zoo's D term on the reals
 *      against the fakes (one-sided [loss] label_smoothing);
 *   3. G takes one step of  adv(D(G(z, f))) + [loss] critic_weight x
 *      CE(C(G(z, f)), f): the critic rewards a fake that C assigns to
 *      the family it was asked for (AC-GAN conditioning).
 * Gradients reach G through the straight-through Gumbel-softmax.
 *
 * Everything else is every trainer's (run.h, train_loop.h): run
 * directory, metrics.csv, train.log, signals, MPI data parallelism (one
 * gradient allreduce per net update), checkpoints with the three nets,
 * their Adam states and every rank's RNG (batches, latents and Gumbel
 * noise all come from it), so --resume continues bit-identically. */
#ifndef PG_TRAIN_PROTEIN_GAN_H
#define PG_TRAIN_PROTEIN_GAN_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "train/run.h"

typedef struct pg_protein_gan pg_protein_gan;

/* Whether arch names this trainer ("protein_gan"). */
int pg_protein_gan_arch_is(const char *arch);

/* The networks' dimensions from a protein_gan job's [model] keys, for
 * data whose longest sequence has `longest` residues in `families`
 * families (data names the file in messages). PG_ERR_CONFIG when
 * [model] length does not fit. */
struct pg_seqgan_dims;
pg_status pg_protein_gan_dims_read(const pg_config *c, int longest,
                                   int families, const char *data,
                                   struct pg_seqgan_dims *d);

/* Collective over comm (duplicated); as pg_trainer_create. */
pg_status pg_protein_gan_create(const pg_config *cfg, const char *run_dir,
                                int resume, const pg_trainer_hooks *hooks,
                                MPI_Comm comm, pg_protein_gan **out);
/* Collective; as pg_trainer_run. */
pg_status pg_protein_gan_run(pg_protein_gan *t, int plain,
                             pg_train_outcome *out);
long pg_protein_gan_step(const pg_protein_gan *t);
/* Collective. Accepts NULL. */
void pg_protein_gan_destroy(pg_protein_gan **t);

#endif
