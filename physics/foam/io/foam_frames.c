#include "physics/foam/io/foam_frames.h"

#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "io/foam_file.h"
#include "io/h5.h"
#include "io/schema.h"

static pg_status read_labels(pg_h5_file *f, const char *path,
                             const char *dataset, double sigma, int coarsen,
                             pg_foam_frames *fr)
{
    pg_foam_shape sh;
    /* The layout checked is foam/1's, of /labels. */
    if (strcmp(dataset, "/labels"))
        return PG_FAIL(PG_ERR_FORMAT, "%s: the frames of a foam/1 file are "
                       "/labels, not %s", path, dataset);
    PG_CHECK(pg_foam_file_shape(f, path, &sh));
    if (sh.height < 3 || sh.width < 3)
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s must be int32 (S,T,H,W) "
                       "labels with H, W >= 3 (foam/1)", path, dataset);
    if (coarsen < 1 || sh.height % coarsen || sh.width % coarsen ||
        sh.height / coarsen < 3 || sh.width / coarsen < 3)
        return PG_FAIL(PG_ERR_CONFIG, "%s: frames of %dx%d cannot be "
                       "coarsened by [data] coarsen = %d (the sides must be "
                       "multiples of it, at least 3 coarse sites)", path,
                       sh.height, sh.width, coarsen);
    fr->seqs = sh.sequences;
    fr->frames = sh.frames;
    fr->h = sh.height / coarsen;
    fr->w = sh.width / coarsen;
    size_t frame = (size_t)fr->h * (size_t)fr->w;
    size_t fine = (size_t)sh.height * (size_t)sh.width;
    size_t n = (size_t)fr->seqs * (size_t)fr->frames;
    fr->time = malloc((size_t)fr->frames * sizeof *fr->time);
    fr->phi = malloc(n * frame * sizeof *fr->phi);
    /* Fine frames are read as they are stored; coarse ones overwrite the
     * front of the same buffer in place (frame i's coarse copy ends before
     * fine frame i + 1 starts, and coarsening reads a fine frame whole
     * before the next is written: each coarse frame goes to a scratch
     * frame first). */
    int32_t *labels = malloc(n * fine * sizeof *labels);
    int32_t *scratch = coarsen > 1 ? malloc(frame * sizeof *scratch) : NULL;
    pg_status st = PG_OK;
    if (!fr->time || !fr->phi || !labels || (coarsen > 1 && !scratch))
        st = PG_FAIL(PG_ERR_NOMEM, "%s: %zu frames of %dx%d", path, n, fr->h,
                     fr->w);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/time", PG_H5_F64, fr->time,
                                (size_t)fr->frames);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, dataset, PG_H5_I32, labels, n * fine);
    for (size_t i = 0; st == PG_OK && coarsen > 1 && i < n; i++) {
        pg_foam_labels_coarsen(labels + i * fine, sh.height, sh.width,
                               coarsen, scratch);
        memcpy(labels + i * frame, scratch, frame * sizeof *scratch);
    }
    for (int i = 0; st == PG_OK && i < fr->frames; i++)
        fr->time[i] /= (double)coarsen * (double)coarsen;
    pg_foam_field_ws *ws = NULL;
    if (st == PG_OK) st = pg_foam_field_ws_create(fr->h, fr->w, &ws);
    for (size_t i = 0; st == PG_OK && i < n; i++)
        pg_foam_field_wide(ws, labels + i * frame, sigma, fr->phi + i * frame);
    pg_foam_field_ws_destroy(&ws);
    free(scratch);
    free(labels);
    return st;
}

pg_status pg_foam_frames_load(const char *path, const char *dataset,
                              double film_sigma, int coarsen,
                              pg_foam_frames **out)
{
    *out = NULL;
    pg_foam_frames *fr = calloc(1, sizeof *fr);
    if (!fr) return PG_FAIL(PG_ERR_NOMEM, "foam frames");
    pg_h5_file *f = NULL;
    pg_status st = pg_h5_file_open_valid(path, "foam/1", &f);
    if (st == PG_OK) st = read_labels(f, path, dataset, film_sigma, coarsen, fr);
    pg_h5_file_close(&f);
    if (st != PG_OK) {
        pg_foam_frames_free(&fr);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = fr;
    return PG_OK;
}

void pg_foam_frames_free(pg_foam_frames **f)
{
    if (!f || !*f) return;
    free((*f)->phi);
    free((*f)->time);
    free(*f);
    *f = NULL;
}

void pg_foam_frames_get(const pg_foam_frames *f, int seq, int frame, int dy,
                        int dx, float *out)
{
    int h = f->h, w = f->w;
    const float *src = f->phi + ((size_t)seq * (size_t)f->frames + (size_t)frame) *
                                    (size_t)h * (size_t)w;
    dy = ((dy % h) + h) % h;
    dx = ((dx % w) + w) % w;
    for (int y = 0; y < h; y++) {
        const float *row = src + (size_t)((y - dy + h) % h) * (size_t)w;
        float *o = out + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++) {
            int xs = x - dx;
            if (xs < 0) xs += w;
            o[x] = 2.0f * row[xs] - 1.0f;
        }
    }
}
