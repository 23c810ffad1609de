/* physgan's public C API: a trained model inside another program
 * (docs/api.md is the reference, with the ownership rule of every
 * pointer).
 *
 *   physgan_model    a checkpoint opened for inference: query its kind,
 *                    shapes, units and conditioning; generate terrain
 *                    patches from seeds (GANs) or conditions (CycleGAN,
 *                    super-resolution); step the foam surrogate on the
 *                    caller's labels (optionally on a coarser grid).
 *   physgan_penalty  a named physics penalty ("terrain.slope",
 *                    "foam.mass", ...) evaluated, with its gradient, on the
 *                    caller's arrays.
 *
 * Rules that hold for every function:
 *   - Every fallible function returns an int status: PHYSGAN_OK (0) or a
 *     PHYSGAN_ERR_* code; the handle keeps the message of its last error
 *     (physgan_model_message, physgan_penalty_message). Nothing exits or
 *     aborts.
 *   - No global state: everything lives in the handles. A handle is used
 *     by one thread at a time; different handles may be used by different
 *     threads at once (one handle per thread).
 *   - No MPI: nothing here calls MPI (the library links it, through
 *     parallel HDF5, but never initialises or uses it). Ranks that share
 *     work give each its own patches (physgan_terrain_generate's `first`).
 *   - Arrays are row-major C arrays of float (float32) or int32_t, owned by
 *     the caller, never kept after the call returns.
 */
#ifndef PHYSGAN_H
#define PHYSGAN_H

#include <stddef.h>
#include <stdint.h>

#include "physgan/physgan_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes ------------------------------------------------------ */

enum {
    PHYSGAN_OK = 0,
    PHYSGAN_ERR_ARG = 1,      /* invalid argument (a NULL, a bad size) */
    PHYSGAN_ERR_CONFIG = 2,   /* the checkpoint's job is unusable */
    PHYSGAN_ERR_IO = 3,       /* file missing or unreadable */
    PHYSGAN_ERR_FORMAT = 4,   /* file readable but not what was expected */
    PHYSGAN_ERR_NOMEM = 5,    /* allocation failed */
    PHYSGAN_ERR_SHAPE = 6,    /* array sizes do not fit the model */
    PHYSGAN_ERR_NUMERIC = 7,  /* NaN or Inf */
    PHYSGAN_ERR_MPI = 8,      /* (not returned by this API today) */
    PHYSGAN_ERR_STATE = 9,    /* call not valid for this model kind */
    PHYSGAN_ERR_INTERNAL = 10 /* a bug in physgan */
};

/* Short name of a status ("invalid argument"); a static string. */
const char *physgan_strerror(int status);

/* The library's version at run time (the macros of physgan_version.h give
 * the headers'). Any pointer may be NULL. Returns the version string
 * ("0.1.0"), static. */
const char *physgan_version(int *major, int *minor, int *patch);

/* ---- models -------------------------------------------------------------- */

typedef struct physgan_model physgan_model;

/* What a checkpoint holds (physgan_model_kind). */
enum {
    PHYSGAN_KIND_TERRAIN_GAN = 1,      /* noise -> terrain patch
                                          (dcgan, dcgan_small) */
    PHYSGAN_KIND_TERRAIN_CYCLEGAN = 2, /* synthetic terrain -> realistic */
    PHYSGAN_KIND_TERRAIN_SR = 3,       /* coarse DEM -> fine (unet_sr) */
    PHYSGAN_KIND_FOAM_SURROGATE = 4    /* foam frame -> later frame
                                          (unet_foam) */
};

/* physgan_open flags. */
enum {
    /* Terrain GANs: use the EMA generator weights (G_ema), as
     * `physgan generate --ema`; PHYSGAN_ERR_FORMAT when absent. */
    PHYSGAN_OPEN_EMA = 1
};

/* Open checkpoint `path` (any model `physgan train` makes). `data` is the
 * training data file, needed only for terrain GAN checkpoints made before
 * checkpoints stored the sample shape (NULL otherwise; it then also
 * overrides the job's [data] path, as `physgan generate --data`).
 *
 * *out is set in every case but an allocation failure (then NULL): on an
 * error it is a handle that only carries the message
 * (physgan_model_message) and must still be closed. */
int physgan_open(const char *path, const char *data, unsigned flags,
                 physgan_model **out);
/* Free the handle and set *m to NULL; accepts NULL and *m == NULL. */
void physgan_close(physgan_model **m);

/* The message of the handle's last error ("" after a success). The string
 * belongs to the handle and is valid until its next call or close. */
const char *physgan_model_message(const physgan_model *m);

/* PHYSGAN_KIND_*; 0 for a handle whose open failed. */
int physgan_model_kind(const physgan_model *m);
/* [model] arch of the checkpoint's job ("dcgan_small", "unet_foam", ...);
 * the handle's string. */
const char *physgan_model_arch(const physgan_model *m);
/* Training steps the checkpoint was saved at. */
long physgan_model_step(const physgan_model *m);
/* The checkpoint's job file (INI text, the run's resolved settings); the
 * handle's string. */
const char *physgan_model_job(const physgan_model *m);

/* What one call consumes per sample (the conditioning), as channels x
 * height x width:
 *   TERRAIN_GAN        z_dim x 1 x 1: z_dim standard normal draws, made
 *                      from the seed (physgan_terrain_generate);
 *   TERRAIN_CYCLEGAN   1 x H x W: a synthetic terrain patch in metres;
 *                      H and W as the caller chooses (0 x 0 here: any
 *                      size the network accepts);
 *   TERRAIN_SR         1 x h x w: a coarse DEM in metres (0 x 0: any);
 *   FOAM_SURROGATE     1 x h x w: bubble labels (int32) of the frame, any
 *                      size that physgan_foam_step accepts (0 x 0).
 * Any pointer may be NULL. */
int physgan_model_input_shape(const physgan_model *m, int *channels,
                              int *height, int *width);
/* What one call produces per sample: TERRAIN_GAN: 1 x H x W, the
 * training patches' size; TERRAIN_SR: 1 x 0 x 0 (sr_factor times the
 * input's sides); CYCLEGAN and FOAM: 1 x 0 x 0 (the input's size). */
int physgan_model_output_shape(const physgan_model *m, int *channels,
                               int *height, int *width);
/* The physical units of the output values: "m" (terrain elevations) or
 * "label" (foam bubble ids); the handle's string. */
const char *physgan_model_units(const physgan_model *m);
/* Output cell sizes: terrain in metres along x and y (0 when the input
 * decides: super-resolution gives the input's cells / sr_factor); foam 1
 * site. */
int physgan_model_cell_size(const physgan_model *m, double *dx,
                            double *dy);
/* TERRAIN_SR: the upsampling factor; 1 for the others. */
int physgan_model_sr_factor(const physgan_model *m);
/* FOAM_SURROGATE: Monte Carlo steps (MCS) one surrogate step stands for
 * on its own grid (coarse = 1); a step on a grid `coarse` times coarser
 * stands for coarse^2 times as many. 0 for the others. */
double physgan_model_step_mcs(const physgan_model *m);

/* ---- terrain -------------------------------------------------------------- */

/* TERRAIN_GAN: patches [first, first + n) of seed's noise stream into out
 * (n x H x W floats, metres): bit for bit the rows first.. of
 * `physgan generate CKPT --seed SEED --n N` (N >= first + n) with the
 * same checkpoint (and --ema when opened with PHYSGAN_OPEN_EMA). */
int physgan_terrain_generate(physgan_model *m, uint64_t seed, long first,
                             long n, float *out);

/* TERRAIN_CYCLEGAN: translate n synthetic patches in (n x h x w, metres)
 * into realistic ones (out, same size), each normalised by its own
 * midpoint and half range as in training: bit for bit
 * `physgan generate CKPT --input FILE` on the same patches.
 * TERRAIN_SR: upsample n coarse DEMs in (n x h x w, metres) into out
 * (n x h f x w f, f = physgan_model_sr_factor): `physgan generate CKPT
 * --input FILE` gives the same as this on FILE's block means. h and w
 * must suit the network, as the job's [model] keys require of its
 * training patches (multiples of 2^depth, large enough for its layers);
 * PHYSGAN_ERR_CONFIG otherwise, naming the key and the size. */
int physgan_terrain_condition(physgan_model *m, long n, int h, int w,
                              const float *in, float *out);

/* TERRAIN_SR: the inference options of `physgan generate` for later
 * physgan_terrain_condition calls on this handle (docs/terrain.md, "Flip
 * ensemble and draining"); both 0 when opened.
 *   flip_ensemble 1: the output is the mean over the 4 mirror images of
 *                 each coarse DEM (x, y, both, none), each mirrored back,
 *                 as `--flip-ensemble` (four passes of G);
 *   drain         1: the closed depressions the coarse DEM does not show
 *                 are breached and the block means restored, 8 rounds,
 *                 as `--drain`.
 * physgan_terrain_condition then equals `physgan generate CKPT --input
 * FILE [--flip-ensemble] [--drain]` on FILE's block means, bit for bit.
 * PHYSGAN_ERR_STATE for another kind; PHYSGAN_ERR_ARG for values other
 * than 0 and 1. */
int physgan_terrain_set_sr_options(physgan_model *m, int flip_ensemble,
                                   int drain);

/* ---- foam ------------------------------------------------------------------ */

/* FOAM_SURROGATE: `steps` surrogate steps from the n frames labels
 * (n x h x w bubble ids, int32) into out (same size; may be labels
 * itself), as `physgan rollout` does: G on a grid `coarse` times coarser
 * than the frames (1: the frames' own; the labels are coarsened by block
 * mode and the result refined back), labels recovered by connected
 * components after each step (gas pockets smaller than the job's
 * min_bubble are film), the next input projected from them. The last
 * frame of `physgan rollout CKPT --init F:all:T --steps K --coarse C` for
 * the frames of F at T equals out for steps = K, bit for bit. h and w
 * must be multiples of coarse x 2^depth. Time advanced: steps x
 * physgan_model_step_mcs x coarse^2 MCS. */
int physgan_foam_step(physgan_model *m, long n, int h, int w, int coarse,
                      int steps, const int32_t *labels, int32_t *out);

/* FOAM_SURROGATE: the options of `physgan rollout` that change later
 * physgan_foam_step calls on this handle. min_bubble: gas pockets of fewer
 * sites (of the grid G steps on) are film, as `--min-bubble A` (0: the
 * job's [data] min_bubble, the default). project: 1 (the default) feeds G
 * the film field of the recovered labels, 0 its raw output, as
 * `--no-project`. physgan_foam_step then equals `physgan rollout
 * --min-bubble A [--no-project]` bit for bit. PHYSGAN_ERR_ARG for
 * min_bubble < 0 or project not 0/1. */
int physgan_foam_set_options(physgan_model *m, int min_bubble, int project);

/* ---- physics penalties ------------------------------------------------------ */

typedef struct physgan_penalty physgan_penalty;

/* Penalty `name` (docs/physics.md, "Penalties by name": "terrain.slope",
 * "terrain.roughness", "foam.mass", ...) for batches of n x c x h x w
 * samples with cells of dx x dy (terrain: metres; foam: 1 site).
 * params: the kind's parameters in the order of its [physics] keys after
 * the weight (docs/physics.md), n_params of them; NULL and 0 take the
 * defaults. Kinds that compare with a statistic of the training data
 * (terrain.roughness) are refused (PHYSGAN_ERR_ARG): open them with
 * physgan_penalty_open_reference.
 * *out is set as physgan_open's is: a handle carrying the message on an
 * error, to be closed. */
int physgan_penalty_open(const char *name, int n, int c, int h, int w,
                         double dx, double dy, const double *params,
                         int n_params, physgan_penalty **out);
/* A penalty that compares with a statistic of real data
 * (terrain.roughness: the mean log10 power spectrum of real patches), as
 * physgan train computes it from the training data: here from the caller's
 * n_ref real samples ref (n_ref x c x h x w floats, the same units and
 * sample size as the batches). Any kind may be opened this way; a kind
 * that compares with no statistic refuses a reference (PHYSGAN_ERR_ARG),
 * as physgan_penalty_open refuses a kind that needs one. */
int physgan_penalty_open_reference(const char *name, int n, int c, int h,
                                   int w, double dx, double dy,
                                   const double *params, int n_params,
                                   const float *ref, long n_ref,
                                   physgan_penalty **out);
void physgan_penalty_close(physgan_penalty **p);
const char *physgan_penalty_message(const physgan_penalty *p);

/* The penalty of the batch x (n c h w floats, physical units: terrain
 * elevations in metres, foam film fields phi in [0, 1]) as the trainer
 * sees it (the mean over the n samples, unweighted) into *value; when grad
 * is not NULL, d value / d x into grad (n c h w floats, overwritten).
 * cond: the conditioning frames of penalties that compare with them
 * (foam.mass: the input frames phi_in), x's size, else NULL. */
int physgan_penalty_eval(physgan_penalty *p, const float *x,
                         const float *cond, double *value, float *grad);

#ifdef __cplusplus
}
#endif

#endif
