/* physgan generate: rebuild G from a checkpoint, sample, write terrain
 * files (see generate.h). */
#include "train/generate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/progress.h"
#include "base/rng.h"
#include "dist/agree.h"
#include "io/ascii_grid.h"
#include "io/geotiff.h"
#include "io/checkpoint.h"
#include "viz/colormap.h"
#include "io/h5.h"
#include "viz/hillshade.h"
#include "io/png.h"
#include "viz/field_png.h"
#include "io/shard.h"
#include "io/xdmf.h"
#include "physics/terrain/terrain_breach.h"
#include "train/ckpt_config.h"
#include "train/data_reference.h"
#include "train/generate_cond.h"
#include "train/run_dir.h"
#include "train/terrain_sampler.h"

/* Patches per generator pass: bounds memory for any n. */
enum { BATCH = PG_GENERATE_BATCH };
/* Value of cells that are not finite in the ASCII grids. */
static const double ASC_NODATA = -9999;

pg_status pg_generate_formats_parse(const char *s, unsigned *out)
{
    static const struct { const char *name; unsigned bit; } words[] = {
        {"h5", PG_GENERATE_H5}, {"asc", PG_GENERATE_ASC},
        {"png", PG_GENERATE_PNG}, {"tif", PG_GENERATE_TIF}};
    unsigned bits = 0;
    const char *p = s;
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i = 0;
        for (; i < sizeof words / sizeof *words; i++)
            if (strlen(words[i].name) == len && !strncmp(p, words[i].name, len))
                break;
        if (i == sizeof words / sizeof *words)
            return PG_FAIL(PG_ERR_ARG, "--format: '%.*s' is not one of h5, "
                           "asc, png, tif", (int)len, p);
        bits |= words[i].bit;
        p += len + (p[len] == ',');
    }
    if (!bits) return PG_FAIL(PG_ERR_ARG, "--format: give at least one of "
                              "h5, asc, png, tif");
    *out = bits;
    return PG_OK;
}

pg_status pg_generate_make_dir(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return PG_FAIL(PG_ERR_ARG, "output directory name too long");
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p) continue;
        char keep = *p;
        *p = 0;
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return PG_FAIL(PG_ERR_IO, "cannot create directory %s: %s", path,
                           strerror(errno));
        if (!keep) break;
        *p = keep;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return PG_FAIL(PG_ERR_IO, "%s is not a directory", dir);
    return PG_OK;
}

typedef struct gen_state {
    pg_config *cfg;
    pg_data_reference ref;
    pg_terrain_sampler *sampler; /* noise-driven checkpoints */
    pg_rng *noise;
    pg_generate_cond *cond; /* conditional checkpoints: G on the input */
    float *cond_out;        /* their BATCH patches in metres */
    const char *model_name;
    pg_h5_file *h5;
    float *shade;
    int rank, ranks;      /* 0 and 1 without MPI */
    /* o->comm under MPI, MPI_COMM_NULL on one process: every step that
     * may fail on some ranks only is agreed (pg_dist_agree_each) before
     * the next collective one, so that no rank enters a collective step
     * that another one has left. */
    MPI_Comm comm;
    size_t row0, count;   /* this rank's patches [row0, row0 + count) */
    pg_terrain_fill *fill;        /* o->breach_m > 0 */
    double breach_m;
    pg_terrain_breach_stats breach;
} gen_state;

/* The job of the checkpoint (loaded from it, train/ckpt_config.h) to
 * DIR/job.ini for provenance: by rank 0, with the directory. */
static pg_status write_config(const pg_checkpoint *c,
                              const pg_generate_opts *o)
{
    PG_CHECK(pg_generate_make_dir(o->out_dir));
    char path[4200];
    snprintf(path, sizeof path, "%s/job.ini", o->out_dir);
    PG_CHECK(pg_run_dir_write_file(path, pg_checkpoint_config(c)));
    return PG_OK;
}

static pg_status build(const pg_checkpoint *c, const pg_generate_opts *o,
                       gen_state *s)
{
    const char *data, *dataset, *arch;
    PG_CHECK(pg_config_get_string(s->cfg, "data", "path", &data));
    PG_CHECK(pg_config_get_string(s->cfg, "data", "dataset", &dataset));
    PG_CHECK(pg_config_get_string(s->cfg, "model", "arch", &arch));
    if (strcmp(dataset, "/terrain"))
        return PG_FAIL(PG_ERR_ARG, "checkpoint %s was trained on [data] "
                       "dataset = %s; physgan generate writes terrain and "
                       "needs a /terrain model", o->checkpoint, dataset);
    s->model_name = arch;
    if (pg_generate_cond_arch_is(arch)) {
        if (!o->input)
            return PG_FAIL(PG_ERR_ARG, "checkpoint %s is a conditional "
                           "model ([model] arch = %s): give the patches to "
                           "%s with --input FILE.h5", o->checkpoint, arch,
                           strcmp(arch, "unet_sr") ? "translate"
                                                   : "upsample");
        if (o->ema)
            return PG_FAIL(PG_ERR_ARG, "--ema: checkpoint %s ([model] arch "
                           "= %s) has no EMA generator", o->checkpoint, arch);
        PG_CHECK(pg_generate_cond_open(s->cfg, c, o->checkpoint, o->input,
                                       o->n, BATCH, &s->cond));
        PG_CHECK(pg_generate_cond_set_sr(s->cond, o->flip_ensemble,
                                         o->drain_rounds));
        s->ref.c = 1;
        pg_generate_cond_shape(s->cond, &s->ref.h, &s->ref.w,
                               &s->ref.cell_size_m, &s->ref.cell_size_y_m);
        s->ref.offset = NAN;
        s->ref.scale = NAN;
        s->cond_out = malloc((size_t)BATCH * s->ref.h * s->ref.w *
                             sizeof *s->cond_out);
        if (!s->cond_out) return PG_FAIL(PG_ERR_NOMEM, "generate buffer");
        return PG_OK;
    }
    if (o->input)
        return PG_FAIL(PG_ERR_ARG, "--input: checkpoint %s ([model] arch = "
                       "%s) generates from noise; --input is for conditional "
                       "checkpoints (cyclegan, unet_sr)", o->checkpoint,
                       arch);
    if (o->flip_ensemble || o->drain_rounds)
        return PG_FAIL(PG_ERR_ARG, "--flip-ensemble and --drain are for "
                       "super-resolution checkpoints ([model] arch = "
                       "unet_sr); %s is %s", o->checkpoint, arch);
    /* The data file gives exact cell sizes when it is still there; a
     * checkpoint that stores the sample shape needs none. */
    if (o->data) data = o->data;
    else if (access(data, R_OK) != 0) data = NULL;
    PG_CHECK(pg_terrain_sampler_open(s->cfg, c, o->checkpoint, data, o->ema,
                                     BATCH, &s->sampler));
    s->ref = *pg_terrain_sampler_ref(s->sampler);
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_NOISE, &s->noise));
    return PG_OK;
}

static pg_status open_h5(const pg_generate_opts *o, const pg_checkpoint *c,
                         gen_state *s)
{
    char path[4200], source[4400];
    snprintf(path, sizeof path, "%s/generated.h5", o->out_dir);
    snprintf(source, sizeof source, "physgan generate: %s, model %s, step "
             "%lld, seed %llu%s", o->checkpoint, s->model_name,
             (long long)pg_checkpoint_step(c), (unsigned long long)o->seed,
             o->ema ? ", EMA weights" : "");
    if (s->cond)
        snprintf(source, sizeof source, "physgan generate: %s, model %s, "
                 "step %lld, patches of %s %s", o->checkpoint,
                 s->model_name, (long long)pg_checkpoint_step(c), o->input,
                 pg_generate_cond_what(s->cond));
    size_t dims[3] = {(size_t)o->n, s->ref.h, s->ref.w};
    if (o->mpi)
        PG_CHECK(pg_h5_writer_open_mpi(path, "terrain/1", source, o->comm,
                                       pg_dist_agree_each, &s->h5));
    else
        PG_CHECK(pg_h5_writer_open(path, "terrain/1", source, &s->h5));
    PG_CHECK(pg_h5_dataset_write(s->h5, "/terrain", PG_H5_F32, 3, dims, NULL,
                                 "m", 0));
    PG_CHECK(pg_h5_attr_write_double(s->h5, "/", "cell_size_m",
                                     s->ref.cell_size_m));
    if (s->ref.cell_size_y_m != s->ref.cell_size_m)
        PG_CHECK(pg_h5_attr_write_double(s->h5, "/", "cell_size_y_m",
                                         s->ref.cell_size_y_m));
    PG_CHECK(pg_h5_attr_write_string(s->h5, "/", "checkpoint",
                                     o->checkpoint));
    /* Breached patches are no longer G's own: say so in the file. */
    PG_CHECK(pg_h5_attr_write_double(s->h5, "/", "breach_drop_m",
                                     o->breach_m));
    if (s->cond && (o->flip_ensemble || o->drain_rounds)) {
        PG_CHECK(pg_h5_attr_write_int(s->h5, "/", "flip_ensemble",
                                      o->flip_ensemble));
        PG_CHECK(pg_h5_attr_write_int(s->h5, "/", "drain_rounds",
                                      o->drain_rounds));
    }
    PG_CHECK(pg_h5_attr_write_int(s->h5, "/", "step",
                                  pg_checkpoint_step(c)));
    if (s->cond) {
        PG_CHECK(pg_h5_attr_write_string(s->h5, "/", "input", o->input));
        return PG_OK;
    }
    PG_CHECK(pg_h5_attr_write_int(s->h5, "/", "seed", (int64_t)o->seed));
    PG_CHECK(pg_h5_attr_write_int(s->h5, "/", "ema", o->ema));
    return PG_OK;
}

/* DIR/patch-NN.ext; NN has at least two digits, more for n > 100. */
static pg_status patch_path(const pg_generate_opts *o, long index,
                            const char *ext, char *path, size_t cap)
{
    int digits = o->n > 100 ? (int)floor(log10((double)(o->n - 1))) + 1 : 2;
    int len = snprintf(path, cap, "%s/patch-%0*ld.%s", o->out_dir, digits,
                       index, ext);
    if (len < 0 || (size_t)len >= cap)
        return PG_FAIL(PG_ERR_ARG, "output path in %s too long", o->out_dir);
    return PG_OK;
}

/* patch-NN.asc, .tif and .png of one patch z. */
static pg_status write_patch(const pg_generate_opts *o, gen_state *s,
                             long index, const float *z)
{
    int h = (int)s->ref.h, w = (int)s->ref.w;
    char path[4200];
    if (o->formats & PG_GENERATE_ASC) {
        pg_ascii_grid g = {w, h, 0, 0, s->ref.cell_size_m,
                           s->ref.cell_size_y_m, ASC_NODATA};
        PG_CHECK(patch_path(o, index, "asc", path, sizeof path));
        PG_CHECK(pg_ascii_grid_write(path, &g, z));
    }
    if (o->formats & PG_GENERATE_TIF) {
        pg_geotiff g = {w, h, s->ref.cell_size_m, s->ref.cell_size_y_m,
                        "physgan generate: elevation in metres"};
        PG_CHECK(patch_path(o, index, "tif", path, sizeof path));
        PG_CHECK(pg_geotiff_write(path, &g, z));
    }
    if (o->formats & PG_GENERATE_PNG) {
        /* hillshade.h takes one cell size: the geometric mean for
         * non-square cells (exact for square ones). */
        double cell = sqrt(s->ref.cell_size_m * s->ref.cell_size_y_m);
        PG_CHECK(pg_hillshade_compute(z, h, w, cell, PG_HILLSHADE_AZIMUTH_DEG,
                                      PG_HILLSHADE_ELEVATION_DEG, s->shade));
        PG_CHECK(patch_path(o, index, "png", path, sizeof path));
        PG_CHECK(pg_field_png_write_file(path, z, h, w, PG_COLORMAP_TERRAIN,
                                         NAN, NAN, s->shade));
    }
    return PG_OK;
}

/* Fail on the first non-finite elevation among the n values of x (a
 * diverged checkpoint): neither breaching nor the file may see one. */
static pg_status check_finite(const gen_state *s, const float *x, size_t n,
                              size_t i0)
{
    size_t len = s->ref.h * s->ref.w;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return PG_FAIL(PG_ERR_NUMERIC, "generated patch %zu has a "
                           "non-finite elevation (a diverged checkpoint?)",
                           s->row0 + i0 + i / len);
    return PG_OK;
}

/* Check the k patches x, breach them when asked, then fold them into the
 * elevation range. */
static pg_status finish_batch(gen_state *s, float *x, size_t k, size_t i0,
                              pg_generate_result *r)
{
    size_t len = s->ref.h * s->ref.w;
    PG_CHECK(check_finite(s, x, k * len, i0));
    for (size_t i = 0; s->fill && i < k; i++)
        pg_terrain_breach_run(s->fill, x + i * len, s->breach_m, &s->breach);
    for (size_t i = 0; i < k * len; i++) {
        r->min_m = x[i] < r->min_m ? x[i] : r->min_m;
        r->max_m = x[i] > r->max_m ? x[i] : r->max_m;
    }
    return PG_OK;
}

/* Generate patches [i0, i0 + k) of this rank into x (metres) and fold
 * them into the elevation range. */
static pg_status generate_batch(gen_state *s, size_t i0, size_t k,
                                pg_generate_result *r)
{
    if (s->cond) {
        float *x = s->cond_out;
        PG_CHECK(pg_generate_cond_run(s->cond, s->row0 + i0, k, x));
        return finish_batch(s, x, k, i0, r);
    }
    float *x;
    PG_CHECK(pg_terrain_sampler_pass(s->sampler, s->noise, k, &x));
    return finish_batch(s, x, k, i0, r);
}

/* Where generate_batch leaves its patches. */
static float *batch_out(const gen_state *s)
{
    return s->cond ? s->cond_out : pg_terrain_sampler_buffer(s->sampler);
}

/* The ranks share whole passes of BATCH patches, so that patch i always
 * sits at slot i % BATCH of its pass: BLAS kernels may round a column
 * differently by its position in the matrix, and the file must not depend
 * on the number of ranks. Rank `rank` gets patches [*row0, *row0 + *count). */
static void shard_passes(size_t n, int rank, int ranks, size_t *row0,
                         size_t *count)
{
    size_t p0, np;
    pg_shard_range((n + BATCH - 1) / BATCH, rank, ranks, &p0, &np);
    size_t end = (p0 + np) * BATCH < n ? (p0 + np) * BATCH : n;
    *row0 = p0 * BATCH < n ? p0 * BATCH : n;
    *count = end - *row0;
}

/* Every rank runs the same number of passes, that of rank 0's (largest)
 * share, because each pass's /terrain write is collective under MPI: a
 * rank past its share writes no rows. */
static pg_status generate_all(const pg_generate_opts *o, gen_state *s,
                              pg_generate_result *r)
{
    size_t len = s->ref.h * s->ref.w, first, most;
    float *x = batch_out(s);
    shard_passes((size_t)o->n, 0, s->ranks, &first, &most);
    size_t passes = (most + BATCH - 1) / BATCH;
    pg_progress *prog = NULL;
    pg_status st = PG_OK;
    if (o->progress && s->rank == 0)
        st = pg_progress_create("generate", (long)s->count, o->progress,
                                o->plain, 1.0, &prog);
    PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    r->min_m = INFINITY;
    r->max_m = -INFINITY;
    if (!s->cond)
        pg_terrain_sampler_skip(s->sampler, s->noise, s->row0);
    for (size_t p = 0; p < passes; p++) {
        size_t i0 = p * BATCH;
        size_t k = i0 >= s->count ? 0
                   : s->count - i0 < BATCH ? s->count - i0 : BATCH;
        if (k && st == PG_OK) st = generate_batch(s, i0, k, r);
        PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
        if (s->h5) {
            /* A rank past its share joins the collective write with no
             * rows, at row 0 (its own next row may lie past the end). */
            st = pg_h5_dataset_write_rows(s->h5, "/terrain", PG_H5_F32,
                                          k ? s->row0 + i0 : 0, k, x);
            PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
        }
        /* A failure here is agreed at the next pass or after the loop. */
        for (size_t i = 0; i < k && st == PG_OK; i++)
            st = write_patch(o, s, (long)(s->row0 + i0 + i), x + i * len);
        if (prog && st == PG_OK) pg_progress_update(prog, (long)(i0 + k),
                                                    NULL);
    }
    PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    if (o->mpi &&
        (MPI_Allreduce(MPI_IN_PLACE, &r->min_m, 1, MPI_DOUBLE, MPI_MIN,
                       o->comm) != MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &r->max_m, 1, MPI_DOUBLE, MPI_MAX,
                       o->comm) != MPI_SUCCESS)) {
        st = PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the elevation range "
                     "failed");
        goto done;
    }
    r->breach_cells = (double)s->breach.cells;
    r->breach_max_cut_m = s->breach.max_cut_m;
    if (s->cond) {
        pg_terrain_breach_stats d = pg_generate_cond_drain_stats(s->cond);
        r->drain_cells = (double)d.cells;
        r->drain_max_cut_m = d.max_cut_m;
    }
    if (o->mpi &&
        (MPI_Allreduce(MPI_IN_PLACE, &r->breach_cells, 1, MPI_DOUBLE, MPI_SUM,
                       o->comm) != MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &r->breach_max_cut_m, 1, MPI_DOUBLE,
                       MPI_MAX, o->comm) != MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &r->drain_cells, 1, MPI_DOUBLE, MPI_SUM,
                       o->comm) != MPI_SUCCESS ||
         MPI_Allreduce(MPI_IN_PLACE, &r->drain_max_cut_m, 1, MPI_DOUBLE,
                       MPI_MAX, o->comm) != MPI_SUCCESS)) {
        st = PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the breaching counts "
                     "failed");
        goto done;
    }
    if (prog) pg_progress_finish(prog, NULL);
done:
    pg_progress_destroy(&prog);
    return st;
}

static pg_status write_xdmf(const pg_generate_opts *o, const gen_state *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/generated.xmf", o->out_dir);
    pg_xdmf_field f = {"generated.h5", "/terrain", "elevation_m", PG_H5_F32,
                       3, {(size_t)o->n, s->ref.h, s->ref.w, 0},
                       s->ref.cell_size_m, s->ref.cell_size_y_m, NULL, 1};
    PG_CHECK(pg_xdmf_write(path, &f));
    return PG_OK;
}

/* Under MPI every step that may fail on some ranks only is agreed before
 * the next collective one (gen_state.comm); rank 0 alone makes the directory
 * and writes job.ini and generated.xmf. */
static pg_status run(const pg_generate_opts *o, gen_state *s,
                     pg_generate_result *r)
{
    pg_checkpoint *c = NULL;
    pg_status st = pg_checkpoint_read(o->checkpoint, 0, &c);
    if (st == PG_OK)
        st = pg_ckpt_job_config(c, o->checkpoint, NULL, NULL, &s->cfg);
    if (st == PG_OK && s->rank == 0) st = write_config(c, o);
    PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    st = build(c, o, s);
    if (st == PG_OK &&
        !(s->shade = malloc(s->ref.h * s->ref.w * sizeof *s->shade)))
        st = PG_FAIL(PG_ERR_NOMEM, "hillshade");
    if (st == PG_OK && o->breach_m > 0) {
        s->breach_m = o->breach_m;
        st = pg_terrain_fill_create((int)s->ref.h, (int)s->ref.w, &s->fill);
    }
    PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    if (o->formats & PG_GENERATE_H5) {
        st = open_h5(o, c, s);
        PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    }
    PG_CHECK_GOTO(st, generate_all(o, s, r), done);
    if (s->h5) {
        PG_CHECK_GOTO(st, pg_h5_writer_commit(&s->h5), done);
        if (s->rank == 0) st = write_xdmf(o, s);
        PG_CHECK_GOTO(st, pg_dist_agree_each(s->comm, st), done);
    }
    r->step = (long)pg_checkpoint_step(c);
    r->h = (int)s->ref.h;
    r->w = (int)s->ref.w;
    r->dx_m = s->ref.cell_size_m;
    r->dy_m = s->ref.cell_size_y_m;
    r->offset_m = s->ref.offset;
    r->scale_m = s->ref.scale;
    snprintf(r->model, sizeof r->model, "%s", s->model_name);
    r->conditional = s->cond != NULL;
    snprintf(r->what, sizeof r->what, "%s",
             s->cond ? pg_generate_cond_what(s->cond) : "");
    st = PG_OK;
done:
    pg_checkpoint_destroy(&c);
    return st;
}

pg_status pg_generate_run(const pg_generate_opts *o, pg_generate_result *r)
{
    if (o->n < 1 || !o->formats || !o->out_dir || !*o->out_dir)
        return PG_FAIL(PG_ERR_ARG, "generate: n = %ld, formats %u, out dir "
                       "'%s'", o->n, o->formats,
                       o->out_dir ? o->out_dir : "");
    gen_state s = {.ranks = 1, .comm = MPI_COMM_NULL};
    if (o->mpi) {
        s.comm = o->comm;
        MPI_Comm_rank(o->comm, &s.rank);
        MPI_Comm_size(o->comm, &s.ranks);
    }
    shard_passes((size_t)o->n, s.rank, s.ranks, &s.row0, &s.count);
    pg_status st = run(o, &s, r);
    pg_h5_writer_abort(&s.h5);
    free(s.shade);
    pg_rng_destroy(&s.noise);
    pg_generate_cond_close(&s.cond);
    free(s.cond_out);
    pg_terrain_sampler_close(&s.sampler);
    pg_terrain_fill_destroy(&s.fill);
    pg_config_destroy(&s.cfg);
    PG_CHECK(st);
    return PG_OK;
}
