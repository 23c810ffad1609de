/* `physgan generate`: terrain from a trained generator (docs/terrain.md,
 * "Generating terrain").
 *
 * The checkpoint's /config (the resolved job file) rebuilds the generator
 * (train/terrain_sampler.h, shared with the C API) for the sample shape
 * of the training data: from the data file when it is there ([data] path,
 * or opts.data when the data moved), else as the checkpoint stores it.
 * G runs in evaluation mode with the checkpoint's G/params, or with
 * G_ema/params when ema is set, on Gaussian noise from the pg_rng stream
 * (seed, 0, PG_RNG_NOISE); its output goes back to metres with the
 * checkpoint's m_ref and h_ref.
 *
 * Outputs in out_dir (created if missing), each written atomically:
 *   generated.h5   terrain/1: /terrain (n, H, W) float32 metres, root
 *                  attributes cell_size_m (and cell_size_y_m when the
 *                  data has one), checkpoint, step, seed, ema
 *   generated.xmf  XDMF sidecar (io/xdmf.h) for ParaView
 *   patch-NN.asc   one ESRI ASCII grid per patch (io/ascii_grid.h)
 *   patch-NN.png   hillshaded terrain-coloured image per patch
 * NN is the patch index, zero-padded to at least two digits.
 *
 * Conditional checkpoints (opts.input; generate_cond.h) write the same
 * files from the input's patches instead of noise; seed and ema do not
 * apply to them.
 *
 * One process unless opts.mpi: then pg_generate_run is collective over
 * opts.comm. The n patches are split over the ranks (io/shard.h,
 * remainder-aware); each rank generates its own, with the noise draws the
 * one-process run gives those patches (so the files are the same for any
 * number of ranks), writes its rows of /terrain in collective parallel
 * HDF5 transfers (pg_h5_writer_open_mpi) and its own patch-NN files;
 * rank 0 writes job.ini and generated.xmf. min_m and max_m are over all
 * ranks. Errors are agreed: every rank fails when one does. */
#ifndef PG_TRAIN_GENERATE_H
#define PG_TRAIN_GENERATE_H

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

/* Patches per generator pass. A patch's bits depend on its slot in the
 * pass (train/terrain_sampler.h): the C API generates in passes of the
 * same size so that its patches are the command's. */
enum { PG_GENERATE_BATCH = 16 };

enum pg_generate_format {
    PG_GENERATE_H5 = 1,   /* generated.h5 + generated.xmf */
    PG_GENERATE_ASC = 2,
    PG_GENERATE_PNG = 4,
    PG_GENERATE_TIF = 8,  /* patch-NN.tif: GeoTIFF, local metric CRS */
};

typedef struct pg_generate_opts {
    const char *checkpoint;
    const char *out_dir;
    const char *data;     /* NULL: the checkpoint's [data] path, when it
                             exists, else the shape the checkpoint stores */
    /* Conditional checkpoints (cyclegan, unet_sr; train/generate_cond.h):
     * the terrain/1 file whose first n patches go through G. Required for
     * them, refused (PG_ERR_ARG) for noise-driven ones. */
    const char *input;
    long n;               /* patches, >= 1 */
    uint64_t seed;
    int ema;              /* use G_ema/params (an error when absent) */
    unsigned formats;     /* pg_generate_format bits, at least one */
    FILE *progress;       /* progress stream (NULL: none) */
    int plain;            /* plain progress lines even on a terminal */
    /* > 0: breach every patch's closed depressions with this drop per
     * flow link, metres (physics/terrain/terrain_breach.h); 0: as G made
     * them */
    double breach_m;
    /* unet_sr only (train/generate_cond.h, pg_generate_cond_set_sr): the
     * mean over the 4 mirror images; > 0: drain rounds (breach, then the
     * block means restored); an error for other models */
    int flip_ensemble, drain_rounds;
    int mpi;              /* collective over comm (0: one process) */
    MPI_Comm comm;
} pg_generate_opts;

typedef struct pg_generate_result {
    long step;                 /* the checkpoint's step */
    int h, w;
    double dx_m, dy_m;         /* cell sizes along x and y */
    double offset_m, scale_m;  /* m_ref, h_ref used */
    double min_m, max_m;       /* over all generated cells */
    /* breach_m > 0: cells lowered (of all) and the deepest cut */
    double breach_cells, breach_max_cut_m;
    /* drain_rounds > 0: cell cuts over all rounds and the deepest cut */
    double drain_cells, drain_max_cut_m;
    char model[32];
    int conditional;           /* from --input: no m_ref, h_ref */
    char what[64];             /* conditional: how G turned the input */
} pg_generate_result;

/* "h5,asc,png" (any subset, comma separated) into pg_generate_format bits;
 * PG_ERR_ARG naming an unknown word. */
pg_status pg_generate_formats_parse(const char *s, unsigned *out);

pg_status pg_generate_run(const pg_generate_opts *o, pg_generate_result *r);

/* mkdir -p dir (also for `screen proteins`); PG_ERR_IO naming the part
 * that cannot be made or is not a directory. */
pg_status pg_generate_make_dir(const char *dir);

#endif
