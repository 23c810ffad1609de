#include "physics/foam/io/foam_init.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/h5.h"
#include "physics/foam/foam_diag.h"
#include "io/schema.h"

static int parse_int(const char *s, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(s, &end, 10);
    return *s && !*end && !errno;
}

/* FILE:SEQ:FRAME split from the right (FILE may contain ':'). */
static pg_status split(const char *spec, char **path, int *all, long *seq,
                       long *frame)
{
    const char *c2 = strrchr(spec, ':');
    const char *c1 = NULL;
    for (const char *q = spec; c2 && q < c2; q++)
        if (*q == ':') c1 = q;
    char buf[64];
    int ok = c1 && c2 && c1 > spec && c2 - c1 - 1 < (long)sizeof buf;
    if (ok) {
        memcpy(buf, c1 + 1, (size_t)(c2 - c1 - 1));
        buf[c2 - c1 - 1] = 0;
        *all = !strcmp(buf, "all");
        ok = (*all || parse_int(buf, seq)) && parse_int(c2 + 1, frame);
    }
    if (!ok)
        return PG_FAIL(PG_ERR_ARG, "--init '%s': expected FILE.h5:SEQ:FRAME "
                       "(SEQ a sequence index or 'all', FRAME a frame index, "
                       "-1 for the last)", spec);
    *path = strndup(spec, (size_t)(c1 - spec));
    if (!*path) return PG_FAIL(PG_ERR_NOMEM, "path");
    return PG_OK;
}

static pg_status read_frames(pg_h5_file *f, const char *path, int all,
                             long seq, long frame, pg_foam_init *in)
{
    pg_foam_shape sh;
    PG_CHECK(pg_foam_file_shape(f, path, &sh));
    long S = sh.sequences, T = sh.frames;
    if (frame < 0) frame += T;
    if (!all && (seq < 0 || seq >= S))
        return PG_FAIL(PG_ERR_ARG, "--init '%s': sequence %ld out of range: "
                       "%s has %ld sequence%s (0..%ld)", in->spec, seq, path,
                       S, S == 1 ? "" : "s", S - 1);
    if (frame < 0 || frame >= T)
        return PG_FAIL(PG_ERR_ARG, "--init '%s': frame out of range: %s has "
                       "%ld frames (0..%ld, or -1..-%ld from the end)",
                       in->spec, path, T, T - 1, T);
    in->seq0 = all ? 0 : (int)seq;
    in->seqs = all ? (int)S : 1;
    in->frame = (int)frame;
    in->h = sh.height;
    in->w = sh.width;
    size_t hw = (size_t)in->h * (size_t)in->w, fr = (size_t)T * hw;
    double *time = malloc((size_t)T * sizeof *time);
    int32_t *row = malloc(fr * sizeof *row);
    in->labels = malloc((size_t)in->seqs * hw * sizeof *in->labels);
    pg_status st = PG_OK;
    if (!time || !row || !in->labels)
        st = PG_FAIL(PG_ERR_NOMEM, "%s: frames of %dx%d", path, in->h, in->w);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/time", PG_H5_F64, time, (size_t)T);
    /* One sequence at a time: only its frames are held. */
    for (int q = 0; st == PG_OK && q < in->seqs; q++) {
        st = pg_h5_dataset_read_rows(f, "/labels", PG_H5_I32,
                                     (size_t)(in->seq0 + q), 1, row);
        if (st == PG_OK)
            memcpy(in->labels + (size_t)q * hw, row + (size_t)frame * hw,
                   hw * sizeof *row);
    }
    if (st == PG_OK) {
        in->time = time[frame];
        in->interval = T > 1 ? time[1] - time[0] : 0;
    }
    free(time);
    free(row);
    return st;
}

pg_status pg_foam_init_read(const char *spec, pg_foam_init **out)
{
    *out = NULL;
    char *path = NULL;
    int all = 0;
    long seq = 0, frame = 0;
    PG_CHECK(split(spec, &path, &all, &seq, &frame));
    pg_foam_init *in = calloc(1, sizeof *in);
    pg_h5_file *f = NULL;
    pg_status st = in ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "foam init");
    if (in) in->spec = spec;
    if (st == PG_OK) st = pg_h5_file_open_valid(path, "foam/1", &f);
    if (st == PG_OK) st = read_frames(f, path, all, seq, frame, in);
    if (st == PG_OK)
        st = pg_h5_attr_read_double(f, "/", "temperature", &in->temperature);
    pg_h5_file_close(&f);
    free(path);
    if (st != PG_OK) {
        pg_foam_init_free(&in);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = in;
    return PG_OK;
}

void pg_foam_init_free(pg_foam_init **init)
{
    if (!init || !*init) return;
    free((*init)->labels);
    free(*init);
    *init = NULL;
}

pg_status pg_foam_init_bubbles(const pg_foam_init *in, int *out)
{
    pg_foam_diag *d = NULL;
    PG_CHECK(pg_foam_diag_create(in->h, in->w, &d));
    pg_foam_diag_analyze(d, in->labels);
    *out = pg_foam_diag_count(d);
    pg_foam_diag_destroy(&d);
    return PG_OK;
}
