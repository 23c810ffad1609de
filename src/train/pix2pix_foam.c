/* The unet_foam kind of the paired trainer (docs/foam.md, "Surrogate"):
 * pairs (frame t, frame t + k) of foam/1 sequences as film fields in
 * network units (2 phi - 1), k = [data] frame_step, and the foam
 * penalties (physics/foam/foam_register.c) on G's output read as phi = (y +
 * 1) / 2.
 *
 * Data order: every (sequence, t) with t + L k inside the sequence (L =
 * [loss] pf_horizon with Professor Forcing, else 1) is one sample; each
 * epoch permutes the samples and draws a periodic shift per sample (the
 * lattice is periodic, so a shifted foam is an equally valid foam: free
 * augmentation) from the stream (seed, epoch, PG_RNG_DATA), a function of
 * the seed and the epoch, so --resume continues it exactly. Rank r takes
 * positions r, r + P, r + 2P, ... of the permutation. Nothing allocates
 * after setup except the epoch's RNG, once per epoch. */
#include <stdlib.h>
#include <string.h>

#include "train/pix2pix_impl.h"

struct pg_pix2pix_foam {
    pg_foam_frames *frames;
    int horizon;            /* frames after t a sample needs: L */
    int starts;             /* usable t per sequence */
    size_t samples;         /* sequences x starts */
    size_t *perm;           /* this epoch's order */
    int *dy, *dx;           /* per-position shift */
    float *traj;            /* (L + 1) N H W: frames t + j k, frame-major */
    float step_mcs;         /* physical time of one surrogate step (kept
                             * here: checkpoints borrow their arrays) */
};

static pg_status read_opts(const pg_config *c, pg_pix2pix_opts *o)
{
    if (strcmp(o->dataset, "/labels"))
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = unet_foam trains on "
                       "foam/1 label sequences: it needs [data] dataset = "
                       "/labels (it is %s)", o->dataset);
    PG_CHECK(pg_config_get_int(c, "data", "frame_step", &o->frame_step));
    PG_CHECK(pg_config_get_double(c, "data", "film_sigma", &o->film_sigma));
    PG_CHECK(pg_config_get_int(c, "data", "coarsen", &o->coarsen));
    PG_CHECK(pg_config_get_double(c, "loss", "pf_weight", &o->pf_w));
    PG_CHECK(pg_config_get_int(c, "loss", "pf_horizon", &o->pf_horizon));
    PG_CHECK(pg_penalty_config_check(c, "foam", 0, "unet_foam"));
    return PG_OK;
}

static pg_status data_open(pg_pix2pix *p)
{
    pg_pix2pix_foam *f = calloc(1, sizeof *f);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "unet_foam data");
    p->foam = f;
    PG_CHECK(pg_foam_frames_load(p->o.data_path, p->o.dataset,
                                 p->o.film_sigma, (int)p->o.coarsen,
                                 &f->frames));
    const pg_foam_frames *fr = f->frames;
    p->h = fr->h;
    p->w = fr->w;
    f->horizon = p->o.pf_w > 0 ? (int)p->o.pf_horizon : 1;
    long span = (long)f->horizon * p->o.frame_step;
    if (span >= fr->frames)
        return PG_FAIL(PG_ERR_CONFIG, "[data] frame_step = %ld%s needs "
                       "sequences of more than %ld frames; %s has %d",
                       p->o.frame_step, f->horizon > 1
                           ? " times [loss] pf_horizon" : "", span,
                       p->o.data_path, fr->frames);
    f->starts = fr->frames - (int)span;
    f->step_mcs = (float)(fr->time[p->o.frame_step] - fr->time[0]);
    f->samples = (size_t)fr->seqs * (size_t)f->starts;
    size_t mine = f->samples / (size_t)p->size;
    p->batches_per_epoch = (int64_t)(mine / (size_t)p->o.batch);
    if (p->batches_per_epoch < 1)
        return PG_FAIL(PG_ERR_CONFIG, "[train] batch = %ld is more than the "
                       "%zu samples per rank of %s (%d sequences x %d start "
                       "frames over %d ranks)", p->o.batch, mine,
                       p->o.data_path, fr->seqs, f->starts, p->size);
    f->perm = malloc(f->samples * sizeof *f->perm);
    f->dy = malloc(f->samples * sizeof *f->dy);
    f->dx = malloc(f->samples * sizeof *f->dx);
    if (!f->perm || !f->dy || !f->dx)
        return PG_FAIL(PG_ERR_NOMEM, "unet_foam sample order");
    return PG_OK;
}

static pg_status setup(pg_pix2pix *p)
{
    pg_pix2pix_foam *f = p->foam;
    size_t len = (size_t)p->o.batch * (size_t)p->h * (size_t)p->w;
    int n = (int)p->o.batch;
    f->traj = malloc((size_t)(f->horizon + 1) * len * sizeof *f->traj);
    if (!f->traj)
        return PG_FAIL(PG_ERR_NOMEM, "unet_foam buffers");
    pg_penalty_geom geom = {n, 1, p->h, p->w, 1, 1}; /* lattice sites */
    PG_CHECK(pg_pix2pix_penalties_create(p, "foam", 0, &geom));
    return PG_OK;
}

static pg_status data_seek(pg_pix2pix *p)
{
    pg_pix2pix_foam *f = p->foam;
    pg_rng *r = NULL;
    /* The epoch number takes the rank slot of the stream id: one stream
     * per epoch, the same on every rank. */
    PG_CHECK(pg_rng_create((uint64_t)p->o.seed, (int)p->epoch, PG_RNG_DATA,
                           &r));
    for (size_t i = 0; i < f->samples; i++) f->perm[i] = i;
    for (size_t i = f->samples - 1; i > 0; i--) {
        size_t j = (size_t)pg_rng_uniform_int(r, (unsigned long)i + 1);
        size_t t = f->perm[i];
        f->perm[i] = f->perm[j];
        f->perm[j] = t;
    }
    for (size_t i = 0; i < f->samples; i++) {
        f->dy[i] = (int)pg_rng_uniform_int(r, (unsigned long)p->h);
        f->dx[i] = (int)pg_rng_uniform_int(r, (unsigned long)p->w);
    }
    pg_rng_destroy(&r);
    return PG_OK;
}

static pg_status data_next(pg_pix2pix *p)
{
    pg_pix2pix_foam *f = p->foam;
    if (p->index == p->batches_per_epoch) {
        p->epoch++;
        p->index = 0;
        PG_CHECK(data_seek(p));
    }
    int n = (int)p->o.batch;
    size_t hw = (size_t)p->h * (size_t)p->w, len = (size_t)n * hw;
    for (int i = 0; i < n; i++) {
        size_t pos = (size_t)p->rank +
                     (size_t)p->size * ((size_t)p->index * (size_t)n +
                                        (size_t)i);
        size_t s = f->perm[pos];
        int seq = (int)(s / (size_t)f->starts), t = (int)(s % (size_t)f->starts);
        for (int j = 0; j <= f->horizon; j++)
            pg_foam_frames_get(f->frames, seq, t + j * (int)p->o.frame_step,
                               f->dy[pos], f->dx[pos],
                               f->traj + (size_t)j * len + (size_t)i * hw);
    }
    p->index++;
    memcpy(p->cond, f->traj, len * sizeof *p->cond);
    memcpy(p->target, f->traj + len, len * sizeof *p->target);
    return PG_OK;
}

/* The penalties on phi = (y + 1) / 2 against the inputs phi_in = (x + 1)
 * / 2 (the conditions). */
static pg_status penalties(pg_pix2pix *p, const float *y,
                           pg_pix2pix_metrics *m, float *gy)
{
    pg_penalty_units u = {.batch_scale = 0.5f, .batch_offset = 0.5f};
    return pg_pix2pix_penalties_eval(p, y, p->cond, &u, m, gy);
}

/* What `physgan rollout` and `bench foam` need beside G: the physical
 * step and the frame size trained on (physgan rollout refuses others). */
static pg_status ckpt_add(pg_pix2pix *p, pg_checkpoint *c)
{
    PG_CHECK(pg_checkpoint_add_floats(c, "foam/step_mcs",
                                      &p->foam->step_mcs, 1));
    PG_CHECK(pg_checkpoint_add_int(c, "foam/height", p->h));
    PG_CHECK(pg_checkpoint_add_int(c, "foam/width", p->w));
    return PG_OK;
}

static void destroy(pg_pix2pix *p)
{
    pg_pix2pix_foam *f = p->foam;
    if (!f) return;
    pg_foam_frames_free(&f->frames);
    free(f->perm);
    free(f->dy);
    free(f->dx);
    free(f->traj);
    free(f);
    p->foam = NULL;
}

float *pg_pix2pix_pf_frames(pg_pix2pix *p) { return p->foam->traj; }

const pg_pix2pix_kind pg_pix2pix_kind_foam = {
    .arch = "unet_foam",
    .what = "foam surrogate, frame t -> t + frame_step",
    .professor_forcing = 1,
    .read_opts = read_opts,
    .data_open = data_open,
    .setup = setup,
    .data_seek = data_seek,
    .data_next = data_next,
    .penalties = penalties,
    .ckpt_add = ckpt_add,
    .destroy = destroy,
};
