#include "train/sr_eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/schema.h"
#include "io/terrain_file.h"
#include "physics/terrain/terrain_sr_pairs.h"
#include "io/checkpoint.h"
#include "io/h5.h"
#include "physics/terrain/terrain_penalties.h"
#include "physics/terrain/terrain_bicubic.h"
#include "physics/terrain/terrain_hydro.h"
#include "train/ckpt_config.h"
#include "train/generate_cond.h"
#include "train/pix2pix_model.h"
#include "train/run_dir.h"

/* Running sums of one method. */
typedef struct acc {
    double se, se_slope, *logpsd;
    double block_max;  /* largest |block mean - coarse value|, metres */
    size_t cells;
    pg_terrain_hydro *hydro;  /* closed depressions of every patch */
} acc;

typedef struct sr_state {
    pg_config *cfg;
    pg_generate_cond *gen;
    float *truth, *coarse, *model, *bicubic, *backproj;
    float *blocks;  /* block means of a reconstruction (coarse size) */
    double *deg_t, *deg_x, *psd;
    pg_terrain_bicubic *bc;
    pg_terrain_psd_ws *ws;
    pg_terrain_grid grid;
    pg_pix2pix_arch arch;
} sr_state;

static pg_status load_config(const pg_checkpoint *c, const char *path,
                             pg_config **cfg)
{
    return pg_ckpt_job_config(c, path, "unet_sr", "super-resolution model",
                              cfg);
}

static pg_status acc_add(acc *a, sr_state *s, const float *x)
{
    size_t len = (size_t)s->grid.h * (size_t)s->grid.w;
    for (size_t k = 0; k < len; k++) {
        double d = (double)x[k] - (double)s->truth[k];
        a->se += d * d;
    }
    pg_terrain_slope_deg(&s->grid, x, s->deg_x);
    for (size_t k = 0; k < len; k++) {
        double d = s->deg_x[k] - s->deg_t[k];
        a->se_slope += d * d;
    }
    a->cells += len;
    PG_CHECK(pg_terrain_hydro_add(a->hydro, x, 1));
    /* x's block means, as the coarse patch was made from the truth */
    PG_CHECK(pg_terrain_sr_downsample(x, 1, s->grid.h, s->grid.w,
                                      s->arch.factor, s->blocks));
    size_t clen = len / ((size_t)s->arch.factor * (size_t)s->arch.factor);
    for (size_t k = 0; k < clen; k++) {
        double e = fabs((double)s->blocks[k] - (double)s->coarse[k]);
        if (e > a->block_max) a->block_max = e;
    }
    return PG_OK;
}

static double psd_error(const double *a, const double *b, int nb)
{
    double s = 0;
    int m = 0;
    for (int k = 0; k < nb; k++)
        if (isfinite(a[k]) && isfinite(b[k])) {
            s += (a[k] - b[k]) * (a[k] - b[k]);
            m++;
        }
    return m ? sqrt(s / m) : NAN;
}

/* The share of cells in closed depressions of the patches h has seen. */
static pg_status depression_frac(pg_terrain_hydro *h, double *out)
{
    pg_terrain_hydro_summary sum;
    PG_CHECK(pg_terrain_hydro_summarize(h, &sum));
    *out = sum.depression_cell_frac;
    return PG_OK;
}

static pg_status scores(const acc *a, const double *lpsd,
                        const double *ltruth, int nb, pg_sr_scores *out)
{
    out->rmse_m = sqrt(a->se / (double)a->cells);
    out->slope_rmse_deg = sqrt(a->se_slope / (double)a->cells);
    out->psd_error = psd_error(lpsd, ltruth, nb);
    out->block_error_m = a->block_max;
    return depression_frac(a->hydro, &out->depression_cell_frac);
}

/* One depression counter per method (model, bicubic, back-projection)
 * and the truth's, with eval terrain's defaults. */
static pg_status hydro_create(const pg_terrain_grid *g, pg_terrain_hydro **h,
                              int n)
{
    const pg_terrain_hydro_params p = {
        .depression_frac = PG_TERRAIN_HYDRO_DEPRESSION_FRAC,
        .channel_area_m2 = PG_TERRAIN_HYDRO_CHANNEL_AREA_M2};
    for (int k = 0; k < n; k++)
        PG_CHECK(pg_terrain_hydro_create(g, &p, &h[k]));
    return PG_OK;
}

static pg_status build(sr_state *s, const pg_checkpoint *c,
                       const char *path, const pg_sr_eval_opts *o)
{
    PG_CHECK(pg_pix2pix_arch_read(s->cfg, s->grid.h, s->grid.w, &s->arch));
    int ch = s->grid.h / s->arch.factor, cw = s->grid.w / s->arch.factor;
    /* The model runs as generate runs it (one patch per pass). */
    PG_CHECK(pg_generate_cond_create(s->cfg, c, path, (size_t)s->grid.h,
                                     (size_t)s->grid.w, s->grid.dx_m,
                                     s->grid.dy_m, 1, &s->gen));
    PG_CHECK(pg_generate_cond_set_sr(s->gen, o->flip_ensemble,
                                     o->drain_rounds));
    size_t len = (size_t)s->grid.h * (size_t)s->grid.w;
    s->truth = malloc(len * sizeof *s->truth);
    s->coarse = malloc((size_t)ch * (size_t)cw * sizeof *s->coarse);
    s->blocks = malloc((size_t)ch * (size_t)cw * sizeof *s->blocks);
    s->model = malloc(len * sizeof *s->model);
    s->bicubic = malloc(len * sizeof *s->bicubic);
    s->backproj = malloc(len * sizeof *s->backproj);
    s->deg_t = malloc(len * sizeof *s->deg_t);
    s->deg_x = malloc(len * sizeof *s->deg_x);
    if (!s->truth || !s->coarse || !s->blocks || !s->model || !s->bicubic ||
        !s->backproj || !s->deg_t || !s->deg_x)
        return PG_FAIL(PG_ERR_NOMEM, "eval sr buffers");
    PG_CHECK(pg_terrain_bicubic_create(ch, cw, s->arch.factor, &s->bc));
    PG_CHECK(pg_terrain_psd_create(&s->grid, PG_TERRAIN_PSD_DEFAULT_BINS,
                                   &s->ws));
    return PG_OK;
}

/* Model reconstruction of s->truth's coarse version, in metres. */
static pg_status predict(sr_state *s)
{
    PG_CHECK(pg_terrain_sr_downsample(s->truth, 1, s->grid.h, s->grid.w,
                                      s->arch.factor, s->coarse));
    PG_CHECK(pg_terrain_bicubic_upsample(s->bc, s->coarse, s->bicubic));
    PG_CHECK(pg_terrain_bicubic_backproject(s->bc, s->coarse,
                                            PG_TERRAIN_BACKPROJECT_ITERS,
                                            s->backproj));
    return pg_generate_cond_run_input(s->gen, s->coarse, 1, s->model);
}

/* The n-patch log PSD means of the truth and the three methods. */
typedef struct psd_means {
    double truth[PG_TERRAIN_PSD_DEFAULT_BINS], model[PG_TERRAIN_PSD_DEFAULT_BINS],
        bicubic[PG_TERRAIN_PSD_DEFAULT_BINS], backproj[PG_TERRAIN_PSD_DEFAULT_BINS];
} psd_means;

static pg_status psd_add(sr_state *s, const float *x, size_t n, double *mean)
{
    double one[PG_TERRAIN_PSD_DEFAULT_BINS];
    PG_CHECK(pg_terrain_psd_log_mean(s->ws, x, 1, one));
    for (int k = 0; k < PG_TERRAIN_PSD_DEFAULT_BINS; k++)
        mean[k] += one[k] / (double)n;
    return PG_OK;
}

/* Patch i of n: reconstruct it three ways and add each to its sums. */
static pg_status evaluate_patch(sr_state *s, pg_h5_file *f, size_t i,
                                size_t n, acc a[3], pg_terrain_hydro *truth,
                                psd_means *pm)
{
    PG_CHECK(pg_h5_dataset_read_rows(f, "/terrain", PG_H5_F32, i, 1,
                                     s->truth));
    PG_CHECK(predict(s));
    pg_terrain_slope_deg(&s->grid, s->truth, s->deg_t);
    PG_CHECK(acc_add(&a[0], s, s->model));
    PG_CHECK(acc_add(&a[1], s, s->bicubic));
    PG_CHECK(acc_add(&a[2], s, s->backproj));
    PG_CHECK(pg_terrain_hydro_add(truth, s->truth, 1));
    PG_CHECK(psd_add(s, s->truth, n, pm->truth));
    PG_CHECK(psd_add(s, s->model, n, pm->model));
    PG_CHECK(psd_add(s, s->bicubic, n, pm->bicubic));
    PG_CHECK(psd_add(s, s->backproj, n, pm->backproj));
    return PG_OK;
}

static pg_status evaluate(sr_state *s, pg_h5_file *f, size_t n,
                          pg_sr_eval *out)
{
    int nb = PG_TERRAIN_PSD_DEFAULT_BINS;
    psd_means pm;
    memset(&pm, 0, sizeof pm);
    acc a[3];
    memset(a, 0, sizeof a);
    pg_terrain_hydro *hy[4] = {NULL, NULL, NULL, NULL}; /* + the truth's */
    pg_status st = hydro_create(&s->grid, hy, 4);
    for (int k = 0; k < 3; k++) a[k].hydro = hy[k];
    for (size_t i = 0; st == PG_OK && i < n; i++)
        st = evaluate_patch(s, f, i, n, a, hy[3], &pm);
    if (st == PG_OK) st = scores(&a[0], pm.model, pm.truth, nb, &out->model);
    if (st == PG_OK)
        st = scores(&a[1], pm.bicubic, pm.truth, nb, &out->bicubic);
    if (st == PG_OK)
        st = scores(&a[2], pm.backproj, pm.truth, nb, &out->backproj);
    if (st == PG_OK)
        st = depression_frac(hy[3], &out->truth_depression_cell_frac);
    for (int k = 0; k < 4; k++) pg_terrain_hydro_destroy(&hy[k]);
    return st;
}

pg_status pg_sr_eval_run(const char *ckpt_path, const char *val_path,
                         const pg_sr_eval_opts *opts, pg_sr_eval *out)
{
    pg_checkpoint *c = NULL;
    pg_h5_file *f = NULL;
    sr_state s;
    pg_h5_dataset_info info;
    pg_status st;
    memset(&s, 0, sizeof s);
    memset(out, 0, sizeof *out);
    PG_CHECK(pg_checkpoint_read(ckpt_path, 0, &c));
    PG_CHECK_GOTO(st, load_config(c, ckpt_path, &s.cfg), done);
    PG_CHECK_GOTO(st, pg_h5_file_open_valid(val_path, "terrain/1", &f), done);
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, "/terrain", &info), done);
    if (info.type != PG_H5_F32 || info.rank != 3 || !info.dims[0]) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W) "
                     "with N > 0", val_path);
        goto done;
    }
    s.grid.h = (int)info.dims[1];
    s.grid.w = (int)info.dims[2];
    PG_CHECK_GOTO(st, pg_terrain_file_cells(f, &s.grid.dx_m, &s.grid.dy_m),
                  done);
    PG_CHECK_GOTO(st, build(&s, c, ckpt_path, opts), done);
    PG_CHECK_GOTO(st, evaluate(&s, f, (size_t)info.dims[0], out), done);
    out->patches = (size_t)info.dims[0];
    out->factor = s.arch.factor;
    out->h = s.grid.h;
    out->w = s.grid.w;
    out->step = (long)pg_checkpoint_step(c);
    out->opts = *opts;
    out->drained = pg_generate_cond_drain_stats(s.gen);
    st = PG_OK;
done:
    pg_h5_file_close(&f);
    pg_checkpoint_destroy(&c);
    pg_terrain_bicubic_destroy(&s.bc);
    pg_terrain_psd_destroy(&s.ws);
    free(s.truth);
    free(s.coarse);
    free(s.blocks);
    free(s.model);
    free(s.bicubic);
    free(s.backproj);
    free(s.deg_t);
    free(s.deg_x);
    pg_generate_cond_close(&s.gen);
    pg_config_destroy(&s.cfg);
    return st;
}
