/* A strip of terrain patches for `physgan view terrain` (docs/terrain.md,
 * "Pictures"): each patch drawn as `physgan generate` draws its PNGs
 * (matplotlib's "terrain" colours over the patch's own elevation range,
 * darkened by a hillshade, sun at azimuth 315 deg, elevation 45 deg,
 * ambient 0.35), enlarged `scale` times (nearest neighbour), patches
 * side by side with a white gap. Not collective; rgb only. */
#ifndef PG_DATA_TERRAIN_STRIP_H
#define PG_DATA_TERRAIN_STRIP_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum { PG_TERRAIN_STRIP_GAP = 2, PG_TERRAIN_STRIP_MAX_SCALE = 16 };

/* Width of a row of n patches w cells wide at scale (gaps included). */
int pg_terrain_strip_width(int n, int w, int scale);

/* Draw n patches z (n x h x w metres; cell sizes dx_m, dy_m) as one row
 * of canvas (RGB, canvas_w pixels wide, at least y0 + h * scale rows),
 * starting at row y0. PG_ERR_ARG when the row does not fit or a patch is
 * smaller than 2 x 2; PG_ERR_NOMEM. */
pg_status pg_terrain_strip_row(uint8_t *canvas, int canvas_w, int y0,
                               const float *z, int n, int h, int w,
                               double dx_m, double dy_m, int scale);

/* Patches of one terrain/1 file for a strip, and the file's cell sizes. */
typedef struct pg_terrain_strip_file {
    float *z;     /* n x h x w metres */
    int h, w;
    double dx, dy; /* io/terrain_file.h */
} pg_terrain_strip_file;

/* Patches first, first + step, ... (n of them) of path into t (free t->z).
 * PG_ERR_FORMAT for another layout, PG_ERR_ARG when the file holds too few
 * patches; errors name path. */
pg_status pg_terrain_strip_read(const char *path, long first, long step,
                                long n, pg_terrain_strip_file *t);
/* One row per file (n patches each, all of one size, `scale` pixels per
 * cell, PG_TERRAIN_STRIP_GAP white pixels between rows) written as the
 * RGB PNG out (atomically); its size into *width, *height. */
pg_status pg_terrain_strip_write(const char *out,
                                 const pg_terrain_strip_file *t, int files,
                                 int n, int scale, int *width, int *height);

#endif
