#include "train/job_schema.h"

#include <stddef.h>
#include <string.h>

#include "physics/penalty_registry.h"

#define NO_RANGE 1, 0

/* Keep each section's keys together; docs/config.md is generated in this
 * order. Units go in the doc strings. */
static const pg_key_spec before_physics[] = {
    {"data", "path", PG_KEY_PATH, "", NO_RANGE, NULL,
     "HDF5 dataset to train on (required by physgan train)"},
    {"data", "path_synthetic", PG_KEY_PATH, "", NO_RANGE, NULL,
     "cyclegan only: terrain/1 file of synthetic patches, domain A "
     "(physgan simulate terrain); [data] path is the real domain B"},
    {"data", "dataset", PG_KEY_STRING, "/terrain", NO_RANGE, NULL,
     "float32 dataset in the file, (N,H,W) or (N,C,H,W); /terrain is "
     "terrain/1 elevations in metres"},
    {"data", "normalize", PG_KEY_CHOICE, "patch", NO_RANGE,
     "patch|relief|none",
     "patch: map each sample's [min,max] to [-1,1] (every sample spans "
     "it; paired models need this); relief: subtract each sample's "
     "midpoint and divide by the dataset's largest half range (samples "
     "keep their relative relief); none: use values as stored"},
    {"data", "augment", PG_KEY_CHOICE, "none", NO_RANGE, "none|flips",
     "flips: mirror each real sample left-right and/or up-down at random "
     "(a fixed function of seed, epoch, batch, rank and sample, so resumed "
     "runs see the same batches; physgan train's generic models)"},
    {"data", "frame_step", PG_KEY_INT, "1", 1, 100000, NULL,
     "unet_foam: the surrogate maps frame t to frame t + frame_step of the "
     "foam/1 sequences (one step = frame_step x interval_mcs MCS)"},
    {"data", "film_sigma", PG_KEY_DOUBLE, "0", 0, 4, NULL,
     "unet_foam: film width in sites: phi = exp(-d^2 / (2 film_sigma^2)), "
     "d the periodic distance to the nearest one-site film site; 0: "
     "one-site films (phi 1 on a film, 0 in gas). Training pairs, rollout "
     "and bench foam all use the checkpoint's value"},
    {"data", "coarsen", PG_KEY_INT, "1", 1, 16, NULL,
     "unet_foam: train on the frames block-mode coarsened by this stride "
     "(each S x S block takes its most frequent label, as `rollout "
     "--coarse S` does), times divided by S^2, so the checkpoint's step is "
     "in MCS of G's grid and G learns at the scale a coarse rollout meets; "
     "the frames' sides must be multiples of it"},
    {"data", "min_bubble", PG_KEY_INT, "1", 1, 1000000, NULL,
     "unet_foam: when labels are recovered from G's output (rollout, bench "
     "foam), gas pockets of fewer sites are film, not bubbles; the "
     "checkpoint's value is rollout's default for --min-bubble. Training "
     "does not use it"},

    {"model", "arch", PG_KEY_CHOICE, "mlp", NO_RANGE,
     "mlp|dcgan|dcgan_small|unet_sr|unet_foam|cyclegan|protein_gan|"
     "crystal_vaegan",
     "network architecture: mlp (the demo's multilayer perceptron), dcgan "
     "(1x64x64 DCGAN, train), dcgan_small (DCGAN for 8..128 px, train), "
     "unet_sr (U-Net + PatchGAN terrain super-resolution, paired train), "
     "unet_foam (U-Net + PatchGAN foam surrogate on film fields, paired "
     "train, physgan rollout), cyclegan (two U-Nets + two PatchGANs, "
     "unpaired synthetic-to-real terrain translation, train), protein_gan "
     "(family-conditioned sequence GAN with a realness D and a function "
     "critic on protein/1 sequences, train; docs/proteins.md), "
     "crystal_vaegan (VAE-GAN with a property head on crystal/1 "
     "structures, train; docs/crystals.md)"},
    {"model", "hidden", PG_KEY_INT, "16", 1, 4096, NULL,
     "units per hidden layer (mlp)"},
    {"model", "layers", PG_KEY_INT, "2", 1, 16, NULL,
     "hidden layers (mlp)"},
    {"model", "z_dim", PG_KEY_INT, "64", 1, 4096, NULL,
     "latent dimension (dcgan_small, protein_gan, crystal_vaegan; dcgan "
     "uses 128)"},
    {"model", "width", PG_KEY_INT, "16", 2, 1024, NULL,
     "channels of D's first and G's last hidden layer, doubling per "
     "resolution halving (dcgan_small; unet_sr, unet_foam, cyclegan: first "
     "U-Net and "
     "PatchGAN level; protein_gan: conv1d channels; crystal_vaegan: "
     "per-atom feature channels, 4x for the pooled and latent layers)"},
    {"model", "atoms", PG_KEY_INT, "0", 0, 512, NULL,
     "crystal_vaegan: atom slots per crystal (padded set; 0: the training "
     "set's largest atom count)"},
    {"model", "condition", PG_KEY_CHOICE, "none", NO_RANGE,
     "none|composition",
     "crystal_vaegan: composition: G also gets a composition (each "
     "species' share of the atom slots) and its slots hold exactly those "
     "atoms (minimum-cost assignment on the species logits), so a neutral "
     "composition decodes to a neutral cell; trained on the real "
     "structures' compositions, sampled by screen crystals --compositions "
     "(docs/crystals.md)"},
    {"model", "length", PG_KEY_INT, "0", 0, 65536, NULL,
     "protein_gan: sequence length L of G's output and the judges' input, "
     "a multiple of 4 of at least the longest training sequence (0: the "
     "smallest such)"},
    {"model", "res_blocks", PG_KEY_INT, "2", 0, 32, NULL,
     "protein_gan: residual conv1d blocks of G at full length"},
    {"model", "dilated", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "protein_gan: G's residual block r dilates its convolutions by 2^r "
     "(1, 2, 4, ...: ByteNet), widening what one position sees from "
     "4R + 1 to 2^(R+2) - 3 residues"},
    {"model", "gumbel_tau", PG_KEY_DOUBLE, "1", 0.01, 100, NULL,
     "protein_gan, crystal_vaegan: temperature of G's straight-through "
     "Gumbel-softmax (residues; species)"},
    {"model", "d_spectral_norm", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "dcgan_small, protein_gan, crystal_vaegan: spectral normalisation on "
     "every layer of D (keeps D "
     "from saturating early; docs/terrain.md)"},
    {"model", "g_convs", PG_KEY_INT, "1", 1, 2, NULL,
     "dcgan_small: convolutions per resolution level of G (2: a 3x3 "
     "convolution after every doubling and one making the output, as "
     "ProGAN; more capacity for fine detail)"},
    {"model", "g_margin", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "dcgan_small: G draws a square 5/4 the sample's side and returns its "
     "centre, so the frame its convolutions' zero padding leaves along "
     "the borders stays outside the sample"},
    {"model", "d_patch", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "dcgan_small: D gives one logit per window of about 0.6 of the side "
     "(PatchGAN: 64 local verdicts a sample, each scored by the loss) "
     "instead of one per sample"},
    {"model", "d_mbstd", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "dcgan_small, protein_gan, crystal_vaegan: minibatch-std channel "
     "before D's last layer (D sees "
     "the spread within a batch, against mode collapse)"},
    {"model", "upsample", PG_KEY_CHOICE, "transpose", NO_RANGE,
     "transpose|nearest|bilinear",
     "dcgan_small, unet_sr, unet_foam, cyclegan: how G (the U-Nets' "
     "decoders) doubles its resolution: transpose (DCGAN's 4x4 "
     "stride-2 transposed convolution, which leaves a checkerboard at the "
     "stride), nearest or bilinear (resize-convolution: upsample x2, then "
     "a 3x3 convolution; models/upsample_block.h)"},
    {"model", "depth", PG_KEY_INT, "3", 1, 8, NULL,
     "U-Net encoder levels (unet_sr, unet_foam, cyclegan)"},
    {"model", "d_layers", PG_KEY_INT, "3", 1, 6, NULL,
     "PatchGAN stride-2 layers (unet_sr, unet_foam, cyclegan)"},
    {"model", "sr_factor", PG_KEY_INT, "4", 2, 16, NULL,
     "super-resolution factor: coarse cells are factor x factor block "
     "averages (unet_sr)"},
    {"model", "sr_consistent", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "unet_sr: G starts from the bilinear upsampling of the coarse patch "
     "and its output is moved block by block onto the coarse values, so "
     "it averages back to the coarse DEM exactly (false: nearest "
     "upsampling, block means free)"},

    {"loss", "kind", PG_KEY_CHOICE, "nonsat", NO_RANGE,
     "nonsat|minimax|hinge|lsgan|wgan|ragan",
     "adversarial loss (docs/losses.md)"},
    {"loss", "label_smoothing", PG_KEY_DOUBLE, "0", 0, 0.5, NULL,
     "one-sided label smoothing: real target 1 - value (BCE losses only)"},
    {"loss", "d_steps", PG_KEY_INT, "1", 1, 100, NULL,
     "discriminator steps per generator step"},
    {"loss", "instance_noise", PG_KEY_DOUBLE, "0", 0, 10, NULL,
     "std of Gaussian noise added to D's real and generated inputs "
     "(normalised units), decayed linearly to 0 at [train] steps "
     "(train; 0 = off)"},
    {"loss", "diffaug", PG_KEY_STRING, "none", NO_RANGE, NULL,
     "train (dcgan, dcgan_small): differentiable augmentation of D's real "
     "and generated inputs (DiffAugment), a comma-separated list of flips, "
     "translation, cutout, or none; drawn anew for each batch, G's "
     "gradient passes back through it (docs/terrain.md)"},
    {"loss", "diffaug_shift", PG_KEY_DOUBLE, "0.125", 0, 0.5, NULL,
     "diffaug translation: largest shift along each axis, a fraction of "
     "the side (rounded to cells)"},
    {"loss", "diffaug_cutout", PG_KEY_DOUBLE, "0.5", 0, 1, NULL,
     "diffaug cutout: side of the zeroed square, a fraction of each side"},
    {"loss", "diffaug_pad", PG_KEY_CHOICE, "reflect", NO_RANGE,
     "reflect|zeros",
     "diffaug translation: cells shifted in from outside mirror the patch "
     "about its edge (reflect) or are 0 (zeros, DiffAugment's)"},
    {"loss", "critic_weight", PG_KEY_DOUBLE, "1", 0, 1e6, NULL,
     "protein_gan: weight of the function critic's cross-entropy toward "
     "the asked family in G's loss (AC-GAN conditioning; 0 = off)"},
    {"loss", "profile_pretrain_steps", PG_KEY_INT, "0", 0, 1000000000, NULL,
     "protein_gan: G's first N steps minimise protein.profile alone (no "
     "adversarial or critic term in G's loss; D and C train as usual); "
     "needs [physics] protein_profile_weight > 0 (0 = off)"},
    {"loss", "profile_pretrain_g_lr", PG_KEY_DOUBLE, "0", 0, 1, NULL,
     "protein_gan: G's Adam learning rate during profile_pretrain_steps "
     "(the profile term has no opponent to outrun; 0 = [optim] g_lr)"},
    {"loss", "recon_weight", PG_KEY_DOUBLE, "1", 0, 1e6, NULL,
     "crystal_vaegan: weight of the reconstruction of G(E(x)): lattice "
     "MSE (standardised), species cross-entropy per slot and squared "
     "periodic coordinate error on occupied slots"},
    {"loss", "recon_matching", PG_KEY_BOOL, "false", NO_RANGE, NULL,
     "crystal_vaegan: compare G(E(x))'s slots with x's by a minimum-cost "
     "assignment (species cross-entropy + squared periodic coordinate "
     "distance) instead of the canonical order"},
    {"loss", "volume_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "crystal_vaegan, [model] condition = composition: weight of "
     "(ln V(G(z, c)) - ln V(x))^2 on each prior sample, x the training "
     "structure whose composition c it was given (G's volume for its "
     "composition; 0 = off)"},
    {"loss", "kl_weight", PG_KEY_DOUBLE, "0.01", 0, 1e6, NULL,
     "crystal_vaegan: weight of E's KL divergence to N(0, I)"},
    {"loss", "adv_weight", PG_KEY_DOUBLE, "1", 0, 1e6, NULL,
     "crystal_vaegan: weight of the adversarial term on G's prior "
     "samples"},
    {"loss", "property_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "crystal_vaegan: weight of the property head's prediction on G's "
     "prior samples (standardised conductivity PROXY level: lower is "
     "better connected; 0 = off, the head is still trained)"},
    {"loss", "l1_weight", PG_KEY_DOUBLE, "100", 0, 1e6, NULL,
     "weight of the L1 distance to the target (paired models: unet_sr, "
     "unet_foam)"},
    {"loss", "cycle_weight", PG_KEY_DOUBLE, "10", 0, 1e6, NULL,
     "weight of the cycle-consistency L1 terms A->B->A and B->A->B "
     "(cyclegan)"},
    {"loss", "identity_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of the identity L1 terms |G_AB(b) - b| and |G_BA(a) - a| "
     "(cyclegan; 0 = off)"},
    {"loss", "grad_l1_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of the L1 distance between the x and y differences of the "
     "output and the target (unet_sr, unet_foam: matches slopes where "
     "l1_weight matches values; 0 = off)"},
    {"loss", "mean_match_weight", PG_KEY_DOUBLE, "0", 0, 1e9, NULL,
     "weight of the squared difference between each output's mean and "
     "its target's (unet_sr, unet_foam; unet_foam: the film content, "
     "i.e. the film length and so the bubbles left after a step, on G's "
     "step and on every free-running step of the Professor Forcing "
     "unroll; 0 = off)"},
    {"loss", "fm_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of feature matching on D's last hidden layer (unet_sr, "
     "unet_foam)"},
    {"loss", "pf_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "Professor Forcing (unet_foam): weight of the adversarial term that "
     "makes free-running trajectories look teacher-forced (0 = off)"},
    {"loss", "pf_horizon", PG_KEY_INT, "3", 2, 16, NULL,
     "Professor Forcing: surrogate steps per trajectory (G unrolled this "
     "many times)"},

    /* [physics]: the penalty registry's keys (physics/penalty_registry.h)
     * go here, between these two tables. */
};

static const pg_key_spec after_physics[] = {
    {"optim", "optimizer", PG_KEY_CHOICE, "adam", NO_RANGE, "adam|sgd",
     "adam (AdamW when weight_decay > 0) or sgd with momentum"},
    {"optim", "lr", PG_KEY_DOUBLE, "0.01", 1e-8, 10, NULL, "learning rate"},
    {"optim", "beta1", PG_KEY_DOUBLE, "0.9", 0, 0.999999, NULL,
     "Adam first-moment decay"},
    {"optim", "beta2", PG_KEY_DOUBLE, "0.999", 0, 0.999999999, NULL,
     "Adam second-moment decay"},
    {"optim", "eps", PG_KEY_DOUBLE, "1e-8", 1e-12, 1, NULL,
     "Adam denominator epsilon"},
    {"optim", "weight_decay", PG_KEY_DOUBLE, "0", 0, 1, NULL,
     "decoupled weight decay (Adam) or L2 coefficient (SGD)"},
    {"optim", "momentum", PG_KEY_DOUBLE, "0.9", 0, 0.999999, NULL,
     "SGD momentum"},
    {"optim", "g_lr", PG_KEY_DOUBLE, "2e-4", 1e-8, 10, NULL,
     "generator Adam learning rate (train)"},
    {"optim", "d_lr", PG_KEY_DOUBLE, "2e-4", 1e-8, 10, NULL,
     "discriminator Adam learning rate (train)"},
    {"optim", "g_ema", PG_KEY_DOUBLE, "0", 0, 0.999999, NULL,
     "decay of the EMA generator used for samples (0 = off)"},

    {"train", "steps", PG_KEY_INT, "2000", 1, 1000000000, NULL,
     "optimisation steps"},
    {"train", "batch", PG_KEY_INT, "64", 1, 1000000, NULL,
     "samples per step (per MPI rank)"},
    {"train", "seed", PG_KEY_INT, "1", 0, 4294967295.0, NULL,
     "random seed; runs with equal seeds are identical"},
    {"train", "eval_every", PG_KEY_INT, "100", 1, 1000000000, NULL,
     "steps between evaluations"},
    {"train", "threads", PG_KEY_INT, "1", 1, 1024, NULL,
     "threads of the one OpenMP pool for loops and GEMMs (at most the cores)"},
    {"train", "log_every", PG_KEY_INT, "10", 1, 1000000000, NULL,
     "steps between metrics.csv rows"},
    {"train", "sample_every", PG_KEY_INT, "500", 1, 1000000000, NULL,
     "steps between sample files"},
    {"train", "samples", PG_KEY_INT, "16", 1, 4096, NULL,
     "generated samples per sample file (fixed noise)"},
    {"train", "checkpoint_every", PG_KEY_INT, "1000", 1, 1000000000, NULL,
     "steps between checkpoints"},
    {"train", "checkpoint_minutes", PG_KEY_DOUBLE, "30", 0, 1e6, NULL,
     "also checkpoint when this many minutes passed since the last one "
     "(0 = off)"},
    {"train", "keep_checkpoints", PG_KEY_INT, "3", 1, 1000, NULL,
     "newest checkpoints kept in the run directory"},
    {"train", "watchdog_seconds", PG_KEY_DOUBLE, "600", 0, 1e7, NULL,
     "end the run (exit 1, naming the ranks) when no step, sample file or "
     "checkpoint finished for this long, or 20 times the longest interval "
     "seen if longer (start-up: 3 times this): a hung rank (0 = off; "
     "docs/hpc.md)"},

    {"output", "dir", PG_KEY_PATH, "", NO_RANGE, NULL,
     "run directory (default runs/<job file name>)"},
};

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))
enum { MAX_PHYSICS_KEYS = 64 };

static pg_key_spec job_keys[COUNT(before_physics) + MAX_PHYSICS_KEYS +
                            COUNT(after_physics)];
static int n_job_keys;

/* Built on the first call (single-threaded: the CLI's start). */
const pg_key_spec *pg_job_schema(int *n_keys)
{
    if (!n_job_keys) {
        int n = COUNT(before_physics), np = 0;
        memcpy(job_keys, before_physics, sizeof before_physics);
        /* Fails only past MAX_PHYSICS_KEYS; unit_penalty_registry checks
         * the registry stays below it. */
        if (pg_penalty_registry_keys(job_keys + n, MAX_PHYSICS_KEYS, &np) !=
            PG_OK)
            np = 0;
        n += np;
        memcpy(job_keys + n, after_physics, sizeof after_physics);
        n_job_keys = n + COUNT(after_physics);
    }
    *n_keys = n_job_keys;
    return job_keys;
}

/* The job from the file path, or from text named name, or defaults only
 * (both NULL); then the overrides, then validation. */
static pg_status load(const char *path, const char *text, const char *name,
                      const char *const *overrides, int n_overrides,
                      pg_config **out)
{
    int n;
    const pg_key_spec *schema = pg_job_schema(&n);
    pg_config *c = NULL;
    pg_status st;
    PG_CHECK(pg_config_create(schema, n, &c));
    if (path) PG_CHECK_GOTO(st, pg_config_load(c, path), fail);
    if (text) PG_CHECK_GOTO(st, pg_config_load_text(c, text, name), fail);
    for (int i = 0; i < n_overrides; i++)
        PG_CHECK_GOTO(st, pg_config_override(c, overrides[i]), fail);
    PG_CHECK_GOTO(st, pg_config_validate(c), fail);
    *out = c;
    return PG_OK;
fail:
    pg_config_destroy(&c);
    return st;
}

pg_status pg_job_config_load(const char *path, const char *const *overrides,
                             int n_overrides, pg_config **out)
{
    return load(path, NULL, NULL, overrides, n_overrides, out);
}

pg_status pg_job_config_load_text(const char *text, const char *name,
                                  pg_config **out)
{
    return load(NULL, text, name, NULL, 0, out);
}
