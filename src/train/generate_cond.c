/* Conditional generation from an input file (generate_cond.h). */
#include "train/generate_cond.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/sample_range.h"
#include "io/schema.h"
#include "io/terrain_file.h"
#include "physics/terrain/terrain_sr_drain.h"
#include "physics/terrain/terrain_sr_pairs.h"
#include "io/h5.h"
#include "nn/ops.h"
#include "train/cyclegan_model.h"
#include "train/data_reference.h"
#include "train/net_load.h"
#include "train/pix2pix_model.h"

struct pg_generate_cond {
    const char *input;
    int cyclegan;               /* else unet_sr */
    int factor;                 /* unet_sr */
    size_t h, w, ch, cw;        /* output and G-input patch sides */
    double dx_m, dy_m;          /* output cell sizes */
    int batch;
    pg_h5_file *f;
    pg_net *net;
    pg_graph *g;
    int in, out;
    float *fine;                /* batch input patches (metres) */
    double *mid, *half;         /* per patch normalisation */
    char what[64];
    /* unet_sr inference options (pg_generate_cond_set_sr) */
    int flip_ensemble, drain_rounds;
    float *coarse;              /* batch coarse patches, metres */
    float *xin, *acc;           /* G's normalised input; ensemble sum */
    pg_terrain_sr_drain *drain; /* drain_rounds > 0 */
    pg_terrain_breach_stats drained;
};

int pg_generate_cond_arch_is(const char *arch)
{
    return pg_cyclegan_arch_is(arch) || !strcmp(arch, "unet_sr");
}

/* The input's shape and cell sizes; at least n patches. */
static pg_status open_input(pg_generate_cond *g, long n)
{
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_file_open_valid(g->input, "terrain/1", &g->f));
    PG_CHECK(pg_h5_dataset_info_get(g->f, "/terrain", &info));
    if (info.type != PG_H5_F32 || info.rank != 3)
        return PG_FAIL(PG_ERR_FORMAT, "--input %s: /terrain must be float32 "
                       "(N,H,W)", g->input);
    if ((size_t)n > info.dims[0])
        return PG_FAIL(PG_ERR_ARG, "--n %ld: --input %s holds %zu patches "
                       "(output patch i is input patch i)", n, g->input,
                       (size_t)info.dims[0]);
    g->h = info.dims[1];
    g->w = info.dims[2];
    return pg_terrain_file_cells(g->f, &g->dx_m, &g->dy_m);
}

/* The real domain's cell sizes the cyclegan was trained on. */
static pg_status real_grid(pg_generate_cond *g, const pg_checkpoint *c,
                           const char *ckpt)
{
    float dx, dy;
    if (!pg_checkpoint_has(c, "data/cell_size_m") ||
        !pg_checkpoint_has(c, "data/cell_size_y_m"))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no "
                       "/data/cell_size_m and /data/cell_size_y_m (the real "
                       "domain's cells)", ckpt);
    PG_CHECK(pg_checkpoint_get_floats(c, "data/cell_size_m", &dx, 1));
    PG_CHECK(pg_checkpoint_get_floats(c, "data/cell_size_y_m", &dy, 1));
    double in = sqrt(g->dx_m * g->dy_m), real = sqrt((double)dx * dy);
    if (g->dx_m > 0 && fabs(in - real) > 0.05 * real)
        pg_warn("--input %s has %g m cells and the real terrain of %s %g x "
                "%g m: the translated patches are written on the real grid",
                g->input, in, ckpt, (double)dx, (double)dy);
    g->dx_m = dx;
    g->dy_m = dy;
    return PG_OK;
}

static pg_status build(pg_generate_cond *g, const pg_config *cfg,
                       const pg_checkpoint *c, const char *ckpt)
{
    const char *net_name;
    if (g->cyclegan) {
        pg_cyclegan_arch a;
        PG_CHECK(pg_cyclegan_arch_read(cfg, (int)g->h, (int)g->w, &a));
        PG_CHECK(real_grid(g, c, ckpt));
        g->ch = g->h;
        g->cw = g->w;
        /* G_AB is stored as the checkpoint's G (cyclegan_ckpt.c). */
        net_name = "G";
        PG_CHECK(pg_net_create("G_AB", &g->net));
        PG_CHECK(pg_graph_create(g->net, &g->g));
        g->in = pg_op_input(g->g, 4, (int[]){g->batch, 1, (int)g->h,
                                             (int)g->w});
        g->out = pg_cyclegan_generator(g->g, g->in, &a);
        snprintf(g->what, sizeof g->what, "translated by G_AB");
    } else {
        pg_pix2pix_arch a;
        PG_CHECK(pg_pix2pix_arch_read(cfg, (int)g->h, (int)g->w, &a));
        g->factor = a.factor;
        g->ch = g->h / (size_t)a.factor;
        g->cw = g->w / (size_t)a.factor;
        net_name = "G";
        PG_CHECK(pg_net_create(net_name, &g->net));
        PG_CHECK(pg_graph_create(g->net, &g->g));
        g->in = pg_op_input(g->g, 4, (int[]){g->batch, 1, (int)g->ch,
                                             (int)g->cw});
        g->out = pg_pix2pix_generator(g->g, g->in, &a);
        snprintf(g->what, sizeof g->what, "upsampled x%d from block means",
                 a.factor);
    }
    PG_CHECK(pg_graph_finalize(g->g));
    pg_graph_set_training(g->g, 0, 0);
    PG_CHECK(pg_net_load(c, ckpt, net_name, 0, g->net));
    size_t n = (size_t)g->batch;
    g->fine = malloc(n * g->h * g->w * sizeof *g->fine);
    g->mid = malloc(n * sizeof *g->mid);
    g->half = malloc(n * sizeof *g->half);
    g->coarse = malloc(n * g->ch * g->cw * sizeof *g->coarse);
    g->xin = malloc(n * g->ch * g->cw * sizeof *g->xin);
    g->acc = malloc(n * g->h * g->w * sizeof *g->acc);
    if (!g->fine || !g->mid || !g->half || !g->coarse || !g->xin || !g->acc)
        return PG_FAIL(PG_ERR_NOMEM, "generate buffers");
    return PG_OK;
}

pg_status pg_generate_cond_create(const pg_config *cfg,
                                  const pg_checkpoint *c, const char *ckpt,
                                  size_t h, size_t w, double dx_m,
                                  double dy_m, int batch,
                                  pg_generate_cond **out)
{
    *out = NULL;
    const char *arch;
    PG_CHECK(pg_config_get_string(cfg, "model", "arch", &arch));
    if (!pg_generate_cond_arch_is(arch))
        return PG_FAIL(PG_ERR_ARG, "checkpoint %s: [model] arch = %s is not "
                       "a conditional terrain model", ckpt, arch);
    pg_generate_cond *g = calloc(1, sizeof *g);
    if (!g) return PG_FAIL(PG_ERR_NOMEM, "generate");
    g->input = "the input";
    g->batch = batch;
    g->cyclegan = pg_cyclegan_arch_is(arch);
    g->h = h;
    g->w = w;
    g->dx_m = dx_m;
    g->dy_m = dy_m;
    pg_status st = build(g, cfg, c, ckpt);
    if (st != PG_OK) {
        pg_generate_cond_close(&g);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = g;
    return PG_OK;
}

pg_status pg_generate_cond_open(const pg_config *cfg, const pg_checkpoint *c,
                                const char *ckpt, const char *input, long n,
                                int batch, pg_generate_cond **out)
{
    *out = NULL;
    pg_generate_cond probe = {.input = input};
    pg_status st = open_input(&probe, n);
    if (st == PG_OK)
        st = pg_generate_cond_create(cfg, c, ckpt, probe.h, probe.w,
                                     probe.dx_m, probe.dy_m, batch, out);
    if (st == PG_OK) {
        (*out)->input = input;
        (*out)->f = probe.f;
        probe.f = NULL;
    }
    pg_h5_file_close(&probe.f);
    PG_CHECK(st);
    return PG_OK;
}

void pg_generate_cond_shape(const pg_generate_cond *g, size_t *h, size_t *w,
                            double *dx_m, double *dy_m)
{
    *h = g->h;
    *w = g->w;
    *dx_m = g->dx_m;
    *dy_m = g->dy_m;
}

void pg_generate_cond_input_shape(const pg_generate_cond *g, size_t *h,
                                  size_t *w)
{
    *h = g->ch;
    *w = g->cw;
}

const char *pg_generate_cond_what(const pg_generate_cond *g)
{
    return g->what;
}

/* G on the k patches in G's input (normalised), back to metres with
 * each patch's midpoint and half range, into out. */
static pg_status forward(pg_generate_cond *g, size_t k, float *out)
{
    size_t len = g->h * g->w, clen = g->ch * g->cw;
    float *x = pg_graph_data(g->g, g->in);
    memset(x + k * clen, 0, ((size_t)g->batch - k) * clen * sizeof *x);
    PG_CHECK(pg_graph_forward(g->g));
    const float *y = pg_graph_data(g->g, g->out);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < len; j++)
            out[i * len + j] =
                (float)(g->half[i] * (double)y[i * len + j] + g->mid[i]);
    return PG_OK;
}

/* Mirror image m (bit 0: rows, bit 1: columns) of cell (r, c) of an
 * h x w patch, as a flat index. */
static size_t mirror(int m, size_t r, size_t c, size_t h, size_t w)
{
    if (m & 1) r = h - 1 - r;
    if (m & 2) c = w - 1 - c;
    return r * w + c;
}

/* unet_sr: G on the k normalised coarse patches in G's input, averaged
 * over the mirror images when flip_ensemble is set, back to metres, then
 * drained when asked; into out. */
static pg_status sr_forward(pg_generate_cond *g, size_t k, float *out)
{
    size_t len = g->h * g->w, clen = g->ch * g->cw;
    int members = g->flip_ensemble ? 4 : 1;
    if (members > 1) {
        float *x = pg_graph_data(g->g, g->in);
        memcpy(g->xin, x, k * clen * sizeof *x);
        memset(g->acc, 0, k * len * sizeof *g->acc);
        for (int m = 0; m < members; m++) {
            for (size_t i = 0; i < k; i++)
                for (size_t r = 0; r < g->ch; r++)
                    for (size_t c = 0; c < g->cw; c++)
                        x[i * clen + r * g->cw + c] =
                            g->xin[i * clen + mirror(m, r, c, g->ch, g->cw)];
            PG_CHECK(forward(g, k, out));
            /* out holds the mirrored patches in metres: mirror back */
            for (size_t i = 0; i < k; i++)
                for (size_t r = 0; r < g->h; r++)
                    for (size_t c = 0; c < g->w; c++)
                        g->acc[i * len + r * g->w + c] +=
                            out[i * len + mirror(m, r, c, g->h, g->w)];
        }
        for (size_t j = 0; j < k * len; j++)
            out[j] = g->acc[j] / (float)members;
    } else {
        PG_CHECK(forward(g, k, out));
    }
    if (g->drain_rounds > 0)
        for (size_t i = 0; i < k; i++)
            PG_CHECK(pg_terrain_sr_drain_run(
                g->drain, out + i * len, g->coarse + i * clen,
                g->drain_rounds, PG_TERRAIN_BREACH_DROP_M, &g->drained));
    return PG_OK;
}

/* k cyclegan input patches (metres) into G's input, each normalised by
 * its own midpoint and half range, as in training. */
static void cyclegan_input(pg_generate_cond *g, const float *in, size_t k)
{
    size_t len = g->h * g->w;
    float *x = pg_graph_data(g->g, g->in);
    memcpy(x, in, k * len * sizeof *x);
    for (size_t i = 0; i < k; i++) {
        float *s = x + i * len;
        pg_data_sample_range(s, len, &g->mid[i], &g->half[i]);
        for (size_t j = 0; j < len; j++)
            s[j] = (float)(((double)s[j] - g->mid[i]) / g->half[i]);
    }
}

static pg_status check_batch(const pg_generate_cond *g, size_t k)
{
    if (k > (size_t)g->batch)
        return PG_FAIL(PG_ERR_INTERNAL, "generate: %zu patches in a pass of "
                       "%d", k, g->batch);
    return PG_OK;
}

pg_status pg_generate_cond_run(pg_generate_cond *g, size_t row, size_t k,
                               float *out)
{
    PG_CHECK(check_batch(g, k));
    if (!g->f)
        return PG_FAIL(PG_ERR_STATE, "generate: no input file (made by "
                       "pg_generate_cond_create)");
    PG_CHECK(pg_h5_dataset_read_rows(g->f, "/terrain", PG_H5_F32, row, k,
                                     g->fine));
    if (g->cyclegan) {
        cyclegan_input(g, g->fine, k);
    } else {
        float *x = pg_graph_data(g->g, g->in);
        PG_CHECK(pg_terrain_sr_downsample(g->fine, (int)k, (int)g->h,
                                          (int)g->w, g->factor, x));
        memcpy(g->coarse, x, k * g->ch * g->cw * sizeof *x);
        /* Only the coarse patches are normalised (fine_len 0). */
        pg_terrain_sr_normalize(x, g->ch * g->cw, g->fine, 0, (int)k,
                                g->mid, g->half);
        return sr_forward(g, k, out);
    }
    PG_CHECK(forward(g, k, out));
    return PG_OK;
}

pg_status pg_generate_cond_run_input(pg_generate_cond *g, const float *in,
                                     size_t k, float *out)
{
    PG_CHECK(check_batch(g, k));
    if (g->cyclegan) {
        cyclegan_input(g, in, k);
    } else {
        float *x = pg_graph_data(g->g, g->in);
        size_t clen = g->ch * g->cw;
        memcpy(x, in, k * clen * sizeof *x);
        memcpy(g->coarse, in, k * clen * sizeof *x);
        pg_terrain_sr_normalize(x, clen, g->fine, 0, (int)k, g->mid,
                                g->half);
        return sr_forward(g, k, out);
    }
    PG_CHECK(forward(g, k, out));
    return PG_OK;
}

pg_status pg_generate_cond_set_sr(pg_generate_cond *g, int flip_ensemble,
                                  int drain_rounds)
{
    if (g->cyclegan && (flip_ensemble || drain_rounds))
        return PG_FAIL(PG_ERR_ARG, "the flip ensemble and draining are "
                       "options of super-resolution models ([model] arch = "
                       "unet_sr), not of a cyclegan");
    if (drain_rounds < 0)
        return PG_FAIL(PG_ERR_ARG, "draining: %d rounds", drain_rounds);
    if (drain_rounds > 0 && !g->drain)
        PG_CHECK(pg_terrain_sr_drain_create((int)g->h, (int)g->w, g->factor,
                                            &g->drain));
    g->flip_ensemble = flip_ensemble != 0;
    g->drain_rounds = drain_rounds;
    return PG_OK;
}

pg_terrain_breach_stats pg_generate_cond_drain_stats(
    const pg_generate_cond *g)
{
    return g->drained;
}

void pg_generate_cond_close(pg_generate_cond **gp)
{
    pg_generate_cond *g = gp ? *gp : NULL;
    if (!g) return;
    pg_h5_file_close(&g->f);
    pg_graph_destroy(&g->g);
    pg_net_destroy(&g->net);
    free(g->fine);
    free(g->mid);
    free(g->half);
    free(g->coarse);
    free(g->xin);
    free(g->acc);
    pg_terrain_sr_drain_destroy(&g->drain);
    free(g);
    *gp = NULL;
}
