/* physgan_model: a checkpoint opened for inference (physgan/physgan.h).
 * Each kind runs the code its command runs, so that the API gives the
 * command's bits: train/terrain_sampler (physgan generate), train/
 * generate_cond (generate --input), train/foam_surrogate (physgan
 * rollout). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api_lock.h"
#include "api_status.h"
#include "base/rng.h"
#include "io/checkpoint.h"
#include "physgan/physgan.h"
#include "physics/foam/foam_grid.h"
#include "physics/terrain/terrain_sr_drain.h"
#include "train/ckpt_config.h"
#include "train/cyclegan_model.h"
#include "train/foam_surrogate.h"
#include "train/generate.h"
#include "train/generate_cond.h"
#include "train/model_registry.h"
#include "train/terrain_sampler.h"

struct physgan_model {
    int kind;              /* PHYSGAN_KIND_*, 0 until open succeeds */
    char *path;
    pg_checkpoint *ckpt;   /* conditional models only, after open */
    pg_config *cfg;        /* the checkpoint's job */
    const char *arch;      /* in cfg */
    char *job;             /* the job text */
    long step;
    int sr_factor;
    double dx, dy;         /* output cells (0: given by the input) */
    double step_mcs;       /* foam */
    int out_c, out_h, out_w, in_c, in_h, in_w;
    /* TERRAIN_GAN */
    pg_terrain_sampler *sampler;
    /* CYCLEGAN, SR: built for batches of PG_GENERATE_BATCH patches of one
     * size, rebuilt when the size changes */
    pg_generate_cond *cond;
    size_t cond_h, cond_w; /* output patch sides of cond */
    int sr_flip, sr_drain; /* physgan_terrain_set_sr_options */
    /* FOAM: built for n frames of one size and grid, rebuilt likewise */
    pg_foam_surrogate *sur;
    long sur_n;
    int sur_h, sur_w, sur_coarse;
    float *phi;            /* film fields on G's grid, sur_n frames */
    int min_bubble;        /* physgan_foam_set_options; 0: the job's */
    int no_project;        /* 1: feed G its raw output (--no-project) */
    char msg[PG_API_MSG_LEN];
};

/* Parameter checks common to every call: a live handle of this kind. */
static pg_status check_kind(const physgan_model *m, int kind,
                            const char *func)
{
    if (m->kind != kind)
        return PG_FAIL(PG_ERR_STATE, "%s: checkpoint %s holds [model] arch "
                       "= %s, not a model this call runs", func,
                       m->path ? m->path : "(not opened)",
                       m->arch ? m->arch : "?");
    return PG_OK;
}

static pg_status open_gan(physgan_model *m, const char *data, unsigned flags)
{
    PG_CHECK(pg_terrain_sampler_open(m->cfg, m->ckpt, m->path, data,
                                     (flags & PHYSGAN_OPEN_EMA) != 0,
                                     PG_GENERATE_BATCH, &m->sampler));
    const pg_data_reference *r = pg_terrain_sampler_ref(m->sampler);
    m->kind = PHYSGAN_KIND_TERRAIN_GAN;
    m->in_c = pg_terrain_sampler_z_dim(m->sampler);
    m->in_h = m->in_w = 1;
    m->out_c = 1;
    m->out_h = (int)r->h;
    m->out_w = (int)r->w;
    m->dx = r->cell_size_m;
    m->dy = r->cell_size_y_m;
    return PG_OK;
}

static pg_status open_conditional(physgan_model *m)
{
    if (pg_cyclegan_arch_is(m->arch)) {
        float dx, dy;
        /* The real domain's cells, which translated patches take. */
        if (!pg_checkpoint_has(m->ckpt, "data/cell_size_m") ||
            !pg_checkpoint_has(m->ckpt, "data/cell_size_y_m"))
            return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no "
                           "/data/cell_size_m and /data/cell_size_y_m",
                           m->path);
        PG_CHECK(pg_checkpoint_get_floats(m->ckpt, "data/cell_size_m", &dx,
                                          1));
        PG_CHECK(pg_checkpoint_get_floats(m->ckpt, "data/cell_size_y_m", &dy,
                                          1));
        m->dx = dx;
        m->dy = dy;
        m->kind = PHYSGAN_KIND_TERRAIN_CYCLEGAN;
        return PG_OK;
    }
    long factor;
    PG_CHECK(pg_config_get_int(m->cfg, "model", "sr_factor", &factor));
    m->sr_factor = (int)factor;
    m->kind = PHYSGAN_KIND_TERRAIN_SR;
    return PG_OK;
}

static pg_status open_foam(physgan_model *m)
{
    /* Loaded once at the trained size, for its numbers; physgan_foam_step
     * rebuilds it for the caller's frames. */
    PG_CHECK(pg_foam_surrogate_load(m->path, 1, 0, 0, &m->sur));
    pg_foam_surrogate_trained_size(m->sur, &m->sur_h, &m->sur_w);
    m->sur_n = 1;
    m->sur_coarse = 1;
    m->step_mcs = pg_foam_surrogate_step_mcs(m->sur);
    m->dx = m->dy = 1;
    m->phi = malloc((size_t)m->sur_h * (size_t)m->sur_w * sizeof *m->phi);
    if (!m->phi) return PG_FAIL(PG_ERR_NOMEM, "foam film field");
    m->kind = PHYSGAN_KIND_FOAM_SURROGATE;
    return PG_OK;
}

static pg_status open_model(physgan_model *m, const char *path,
                            const char *data, unsigned flags)
{
    if (!path || !*path)
        return PG_FAIL(PG_ERR_ARG, "physgan_open: no checkpoint path");
    if (flags & ~(unsigned)PHYSGAN_OPEN_EMA)
        return PG_FAIL(PG_ERR_ARG, "physgan_open: unknown flags 0x%x",
                       flags & ~(unsigned)PHYSGAN_OPEN_EMA);
    m->path = strdup(path);
    if (!m->path) return PG_FAIL(PG_ERR_NOMEM, "checkpoint path");
    PG_CHECK(pg_checkpoint_read(path, 0, &m->ckpt));
    PG_CHECK(pg_ckpt_job_config(m->ckpt, path, NULL, NULL, &m->cfg));
    PG_CHECK(pg_config_get_string(m->cfg, "model", "arch", &m->arch));
    m->job = strdup(pg_checkpoint_config(m->ckpt));
    if (!m->job) return PG_FAIL(PG_ERR_NOMEM, "checkpoint job");
    m->step = (long)pg_checkpoint_step(m->ckpt);
    m->sr_factor = 1;
    m->out_c = m->in_c = 1;
    int ema = (flags & PHYSGAN_OPEN_EMA) != 0;
    if (!strcmp(m->arch, "unet_foam") || pg_generate_cond_arch_is(m->arch)) {
        if (ema)
            return PG_FAIL(PG_ERR_ARG, "PHYSGAN_OPEN_EMA: checkpoint %s "
                           "([model] arch = %s) has no EMA generator", path,
                           m->arch);
        if (data)
            return PG_FAIL(PG_ERR_ARG, "physgan_open: a data file is for "
                           "terrain GAN checkpoints, not %s ([model] arch "
                           "= %s)", path, m->arch);
    }
    /* Conditional models rebuild G from the checkpoint in memory for
     * each new patch size; the others need it no more (the foam
     * surrogate rereads the file when the frames change): its optimiser
     * states and discriminator would only take memory. */
    if (pg_generate_cond_arch_is(m->arch)) return open_conditional(m);
    if (!strcmp(m->arch, "unet_foam")) {
        PG_CHECK(open_foam(m));
    } else {
        const pg_gan_model *gan;
        if (pg_gan_model_find(m->arch, &gan) != PG_OK)
            return PG_FAIL(PG_ERR_CONFIG, "checkpoint %s: [model] arch = %s "
                           "is not a model the API runs (dcgan, "
                           "dcgan_small, cyclegan, unet_sr, unet_foam)", path,
                           m->arch);
        PG_CHECK(open_gan(m, data, flags));
    }
    pg_checkpoint_destroy(&m->ckpt);
    return PG_OK;
}

int physgan_open(const char *path, const char *data, unsigned flags,
                 physgan_model **out)
{
    if (!out) return PHYSGAN_ERR_ARG;
    physgan_model *m = calloc(1, sizeof *m);
    *out = m;
    if (!m) return PHYSGAN_ERR_NOMEM;
    pg_api_lock();
    pg_status st = open_model(m, path, data, flags);
    pg_api_unlock();
    if (st != PG_OK) m->kind = 0;
    return pg_api_status(st, m->msg, sizeof m->msg);
}

void physgan_close(physgan_model **mp)
{
    physgan_model *m = mp ? *mp : NULL;
    if (!m) return;
    pg_terrain_sampler_close(&m->sampler);
    pg_generate_cond_close(&m->cond);
    pg_foam_surrogate_destroy(&m->sur);
    pg_config_destroy(&m->cfg);
    pg_checkpoint_destroy(&m->ckpt);
    free(m->phi);
    free(m->job);
    free(m->path);
    free(m);
    *mp = NULL;
}

const char *physgan_model_message(const physgan_model *m)
{
    return m ? m->msg : "no handle (NULL)";
}

int physgan_model_kind(const physgan_model *m) { return m ? m->kind : 0; }

const char *physgan_model_arch(const physgan_model *m)
{
    return m && m->arch ? m->arch : "";
}

long physgan_model_step(const physgan_model *m) { return m ? m->step : 0; }

const char *physgan_model_job(const physgan_model *m)
{
    return m && m->job ? m->job : "";
}

/* The three ints through optional pointers. */
static int shape_out(int c, int h, int w, int *pc, int *ph, int *pw)
{
    if (pc) *pc = c;
    if (ph) *ph = h;
    if (pw) *pw = w;
    return PHYSGAN_OK;
}

int physgan_model_input_shape(const physgan_model *m, int *channels,
                              int *height, int *width)
{
    if (!m || !m->kind) return PHYSGAN_ERR_STATE;
    return shape_out(m->in_c, m->in_h, m->in_w, channels, height, width);
}

int physgan_model_output_shape(const physgan_model *m, int *channels,
                               int *height, int *width)
{
    if (!m || !m->kind) return PHYSGAN_ERR_STATE;
    return shape_out(m->out_c, m->out_h, m->out_w, channels, height, width);
}

const char *physgan_model_units(const physgan_model *m)
{
    if (!m || !m->kind) return "";
    return m->kind == PHYSGAN_KIND_FOAM_SURROGATE ? "label" : "m";
}

int physgan_model_cell_size(const physgan_model *m, double *dx, double *dy)
{
    if (!m || !m->kind) return PHYSGAN_ERR_STATE;
    if (dx) *dx = m->dx;
    if (dy) *dy = m->dy;
    return PHYSGAN_OK;
}

int physgan_model_sr_factor(const physgan_model *m)
{
    return m && m->kind ? m->sr_factor : 0;
}

double physgan_model_step_mcs(const physgan_model *m)
{
    return m && m->kind == PHYSGAN_KIND_FOAM_SURROGATE ? m->step_mcs : 0;
}

/* ---- terrain ------------------------------------------------------------- */

/* Patches [first, first + n) of the stream in passes that start at
 * multiples of the batch, as `physgan generate` runs them. */
static pg_status generate(physgan_model *m, uint64_t seed, long first,
                          long n, float *out)
{
    PG_CHECK(check_kind(m, PHYSGAN_KIND_TERRAIN_GAN,
                        "physgan_terrain_generate"));
    if (first < 0 || n < 1 || !out)
        return PG_FAIL(PG_ERR_ARG, "physgan_terrain_generate: first %ld, "
                       "n %ld, out %p: need first >= 0, n >= 1 and an "
                       "array", first, n, (void *)out);
    size_t batch = (size_t)pg_terrain_sampler_batch(m->sampler);
    size_t len = (size_t)m->out_h * (size_t)m->out_w;
    size_t lo = (size_t)first, hi = lo + (size_t)n;
    pg_rng *noise = NULL;
    PG_CHECK(pg_rng_create(seed, 0, PG_RNG_NOISE, &noise));
    pg_terrain_sampler_skip(m->sampler, noise, lo / batch * batch);
    pg_status st = PG_OK;
    for (size_t p = lo / batch * batch; p < hi && st == PG_OK; p += batch) {
        size_t k = hi - p < batch ? hi - p : batch;
        float *x;
        st = pg_terrain_sampler_pass(m->sampler, noise, k, &x);
        for (size_t i = p < lo ? lo : p; st == PG_OK && i < p + k; i++) {
            const float *src = x + (i - p) * len;
            for (size_t j = 0; j < len; j++)
                if (!isfinite(src[j]))
                    st = PG_FAIL(PG_ERR_NUMERIC, "generated patch %zu of "
                                 "%s has a non-finite elevation (a "
                                 "diverged checkpoint?)", i, m->path);
            memcpy(out + (i - lo) * len, src, len * sizeof *out);
        }
    }
    pg_rng_destroy(&noise);
    PG_CHECK(st);
    return PG_OK;
}

int physgan_terrain_generate(physgan_model *m, uint64_t seed, long first,
                             long n, float *out)
{
    if (!m) return PHYSGAN_ERR_ARG;
    return pg_api_status(generate(m, seed, first, n, out), m->msg,
                         sizeof m->msg);
}

/* The handle's SR options on its conditional generator (as generate
 * sets them from --flip-ensemble and --drain). */
static pg_status cond_set_sr(physgan_model *m)
{
    if (m->kind != PHYSGAN_KIND_TERRAIN_SR) return PG_OK;
    return pg_generate_cond_set_sr(m->cond, m->sr_flip,
                                   m->sr_drain ? PG_TERRAIN_SR_DRAIN_ROUNDS
                                               : 0);
}

/* The conditional generator for output patches of h x w (rebuilt when
 * they change). */
static pg_status cond_ready(physgan_model *m, size_t h, size_t w)
{
    if (m->cond && m->cond_h == h && m->cond_w == w) return PG_OK;
    pg_generate_cond_close(&m->cond);
    PG_CHECK(pg_generate_cond_create(m->cfg, m->ckpt, m->path, h, w, 0, 0,
                                     PG_GENERATE_BATCH, &m->cond));
    m->cond_h = h;
    m->cond_w = w;
    return cond_set_sr(m);
}

static pg_status condition(physgan_model *m, long n, int h, int w,
                           const float *in, float *out)
{
    if (m->kind != PHYSGAN_KIND_TERRAIN_SR)
        PG_CHECK(check_kind(m, PHYSGAN_KIND_TERRAIN_CYCLEGAN,
                            "physgan_terrain_condition"));
    if (n < 1 || h < 1 || w < 1 || !in || !out)
        return PG_FAIL(PG_ERR_ARG, "physgan_terrain_condition: n %ld, "
                       "%d x %d, in %p, out %p: need n, h, w >= 1 and two "
                       "arrays", n, h, w, (const void *)in, (void *)out);
    size_t f = (size_t)m->sr_factor;
    PG_CHECK(cond_ready(m, (size_t)h * f, (size_t)w * f));
    size_t in_len = (size_t)h * (size_t)w, out_len = in_len * f * f;
    for (size_t i = 0; i < (size_t)n; i += PG_GENERATE_BATCH) {
        size_t k = (size_t)n - i < PG_GENERATE_BATCH ? (size_t)n - i
                                                     : PG_GENERATE_BATCH;
        PG_CHECK(pg_generate_cond_run_input(m->cond, in + i * in_len, k,
                                            out + i * out_len));
    }
    return PG_OK;
}

int physgan_terrain_condition(physgan_model *m, long n, int h, int w,
                              const float *in, float *out)
{
    if (!m) return PHYSGAN_ERR_ARG;
    return pg_api_status(condition(m, n, h, w, in, out), m->msg,
                         sizeof m->msg);
}

static pg_status set_sr_options(physgan_model *m, int flip_ensemble,
                                int drain)
{
    PG_CHECK(check_kind(m, PHYSGAN_KIND_TERRAIN_SR,
                        "physgan_terrain_set_sr_options"));
    if ((flip_ensemble != 0 && flip_ensemble != 1) ||
        (drain != 0 && drain != 1))
        return PG_FAIL(PG_ERR_ARG, "physgan_terrain_set_sr_options: "
                       "flip_ensemble %d, drain %d: need 0 or 1 each",
                       flip_ensemble, drain);
    m->sr_flip = flip_ensemble;
    m->sr_drain = drain;
    return m->cond ? cond_set_sr(m) : PG_OK;
}

int physgan_terrain_set_sr_options(physgan_model *m, int flip_ensemble,
                                   int drain)
{
    if (!m) return PHYSGAN_ERR_ARG;
    return pg_api_status(set_sr_options(m, flip_ensemble, drain), m->msg,
                         sizeof m->msg);
}

/* ---- foam ------------------------------------------------------------------ */

/* The surrogate for n frames of h x w on a grid coarse times coarser
 * (rebuilt when any of them changes). */
static pg_status foam_ready(physgan_model *m, long n, int h, int w,
                            int coarse)
{
    if (m->sur_n == n && m->sur_h == h && m->sur_w == w &&
        m->sur_coarse == coarse)
        return PG_OK;
    PG_CHECK(pg_foam_grid_check(h, w, coarse, "physgan_foam_step"));
    pg_foam_surrogate_destroy(&m->sur);
    m->sur_n = 0;
    PG_CHECK(pg_foam_surrogate_load(m->path, (int)n, h / coarse, w / coarse,
                                    &m->sur));
    size_t len = (size_t)n * (size_t)(h / coarse) * (size_t)(w / coarse);
    float *phi = realloc(m->phi, len * sizeof *phi);
    if (!phi) return PG_FAIL(PG_ERR_NOMEM, "foam film fields");
    m->phi = phi;
    m->sur_n = n;
    m->sur_h = h;
    m->sur_w = w;
    m->sur_coarse = coarse;
    return PG_OK;
}

static pg_status foam_step(physgan_model *m, long n, int h, int w,
                           int coarse, int steps, const int32_t *labels,
                           int32_t *out)
{
    PG_CHECK(check_kind(m, PHYSGAN_KIND_FOAM_SURROGATE,
                        "physgan_foam_step"));
    if (n < 1 || n > 1 << 20 || h < 1 || w < 1 || coarse < 1 || steps < 0 ||
        !labels || !out)
        return PG_FAIL(PG_ERR_ARG, "physgan_foam_step: n %ld, %d x %d, "
                       "coarse %d, steps %d, labels %p, out %p: need n, h, "
                       "w, coarse >= 1, steps >= 0 and two arrays", n, h, w,
                       coarse, steps, (const void *)labels, (void *)out);
    size_t hw = (size_t)h * (size_t)w;
    memmove(out, labels, (size_t)n * hw * sizeof *out);
    if (!steps) return PG_OK;
    pg_api_lock();
    pg_status st = foam_ready(m, n, h, w, coarse);
    pg_api_unlock();
    PG_CHECK(st);
    size_t hwc = hw / ((size_t)coarse * (size_t)coarse);
    for (long q = 0; q < n; q++)
        pg_foam_surrogate_start(m->sur, (int)q, out + (size_t)q * hw, coarse,
                                m->phi + (size_t)q * hwc);
    int min_bubble = m->min_bubble ? m->min_bubble
                                   : pg_foam_surrogate_min_bubble(m->sur);
    for (int t = 0; t < steps; t++)
        PG_CHECK(pg_foam_surrogate_advance(m->sur, min_bubble, coarse,
                                           !m->no_project, m->phi, hwc, out,
                                           hw));
    return PG_OK;
}

static pg_status foam_set_options(physgan_model *m, int min_bubble,
                                  int project)
{
    PG_CHECK(check_kind(m, PHYSGAN_KIND_FOAM_SURROGATE,
                        "physgan_foam_set_options"));
    if (min_bubble < 0 || (project != 0 && project != 1))
        return PG_FAIL(PG_ERR_ARG, "physgan_foam_set_options: min_bubble "
                       "%d, project %d: need min_bubble >= 0 (0: the "
                       "job's) and project 0 or 1", min_bubble, project);
    m->min_bubble = min_bubble;
    m->no_project = !project;
    return PG_OK;
}

int physgan_foam_set_options(physgan_model *m, int min_bubble, int project)
{
    if (!m) return PHYSGAN_ERR_ARG;
    return pg_api_status(foam_set_options(m, min_bubble, project), m->msg,
                         sizeof m->msg);
}

int physgan_foam_step(physgan_model *m, long n, int h, int w, int coarse,
                      int steps, const int32_t *labels, int32_t *out)
{
    if (!m) return PHYSGAN_ERR_ARG;
    return pg_api_status(foam_step(m, n, h, w, coarse, steps, labels, out),
                         m->msg, sizeof m->msg);
}
