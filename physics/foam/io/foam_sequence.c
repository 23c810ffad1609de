/* Read one sequence of a foam/1 file (foam_sequence.h). */
#include "physics/foam/io/foam_sequence.h"
#include "io/foam_file.h"

#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/schema.h"
#include "physics/foam/foam_track.h"
#include "io/h5.h"

void pg_foam_sequence_free(pg_foam_sequence *s)
{
    free(s->time);
    free(s->labels);
    memset(s, 0, sizeof *s);
}

const int32_t *pg_foam_sequence_frame(const pg_foam_sequence *s, int t)
{
    return s->labels + (size_t)t * s->height * s->width;
}

static pg_status read_open(pg_h5_file *f, const char *path, int seq,
                           pg_foam_sequence *s)
{
    pg_foam_shape sh;
    PG_CHECK(pg_foam_file_shape(f, path, &sh));
    s->sequences = sh.sequences;
    s->frames = sh.frames;
    s->height = sh.height;
    s->width = sh.width;
    if (seq < 0 || seq >= s->sequences)
        return PG_FAIL(PG_ERR_ARG, "%s: sequence %d out of range: the file "
                       "has %d sequence(s), 0 .. %d", path, seq, s->sequences,
                       s->sequences - 1);
    s->seq = seq;
    size_t sites = (size_t)s->frames * s->height * s->width;
    if (sites > PG_FOAM_SEQUENCE_MAX_SITES)
        return PG_FAIL(PG_ERR_ARG, "%s: one sequence is %d frames of %d x %d "
                       "= %zu sites, more than the %zu read at once", path,
                       s->frames, s->height, s->width, sites,
                       PG_FOAM_SEQUENCE_MAX_SITES);
    s->time = malloc((size_t)s->frames * sizeof *s->time);
    s->labels = malloc(sites * sizeof *s->labels);
    if (!s->time || !s->labels)
        return PG_FAIL(PG_ERR_NOMEM, "%s: sequence of %zu sites", path, sites);
    PG_CHECK(pg_h5_dataset_read(f, "/time", PG_H5_F64, s->time,
                                (size_t)s->frames));
    for (int t = 1; t < s->frames; t++)
        if (!(s->time[t] > s->time[t - 1]))
            return PG_FAIL(PG_ERR_FORMAT, "%s: /time is not increasing at "
                           "frame %d (%g after %g)", path, t, s->time[t],
                           s->time[t - 1]);
    PG_CHECK(pg_h5_dataset_read_rows(f, "/labels", PG_H5_I32, (size_t)seq,
                                     1, s->labels));
    int64_t surrogate = 0;
    if (pg_h5_attr_exists(f, "/", "surrogate"))
        PG_CHECK(pg_h5_attr_read_int(f, "/", "surrogate", &surrogate));
    s->renumbered = surrogate != 0;
    return PG_OK;
}

pg_status pg_foam_sequence_read(const char *path, int seq,
                                pg_foam_sequence *s)
{
    memset(s, 0, sizeof *s);
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open_valid(path, "foam/1", &f));
    pg_status st = read_open(f, path, seq, s);
    pg_h5_file_close(&f);
    if (st != PG_OK) {
        pg_foam_sequence_free(s);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

pg_status pg_foam_sequence_track(pg_foam_sequence *s)
{
    PG_CHECK(pg_foam_track(s->labels, s->frames, s->height, s->width));
    s->tracked = 1;
    return PG_OK;
}

pg_status pg_foam_sequence_crop(pg_foam_sequence *s, int y, int x, int h,
                                int w, const char *what)
{
    if (y < 0 || x < 0 || h < 1 || w < 1 || y + h > s->height
        || x + w > s->width)
        return PG_FAIL(PG_ERR_ARG, "%s: a window of %dx%d sites at row %d, "
                       "column %d is not inside frames of %dx%d", what, h, w,
                       y, x, s->height, s->width);
    /* Rows move towards the start only, so one pass in place is safe. */
    for (int t = 0; t < s->frames; t++)
        for (int r = 0; r < h; r++)
            memmove(s->labels + ((size_t)t * h + r) * (size_t)w,
                    s->labels + ((size_t)t * s->height + (size_t)(y + r))
                                * (size_t)s->width + (size_t)x,
                    (size_t)w * sizeof *s->labels);
    s->height = h;
    s->width = w;
    return PG_OK;
}
