/* Foam frames as PNG images: bubbles coloured (src/viz/foam_colors.h), films
 * dark, `scale` pixels per site. One PNG per frame, or a strip of frames
 * side by side. Files are written atomically. Not collective.
 */
#ifndef PG_DATA_FOAM_PNG_H
#define PG_DATA_FOAM_PNG_H

#include <stddef.h>

#include "base/status.h"
#include "viz/foam_colors.h"
#include "physics/foam/io/foam_sequence.h"

enum { PG_FOAM_PNG_MAX_SCALE = 64 };
/* White pixels between the frames of a strip. */
enum { PG_FOAM_STRIP_GAP = 4 };

/* `count` frame indices of 0 .. total - 1, evenly spaced, first and last
 * included (count >= total: all of them); returns how many were written
 * to idx (min(count, total)). */
int pg_foam_png_select(int total, int count, int *idx);

/* Colouring over the frames idx[0..n) of s. */
pg_status pg_foam_png_colors(const pg_foam_sequence *s, const int *idx, int n,
                             pg_foam_colors **out);

/* PNG (malloc'd, free with free) of frame t of s. */
pg_status pg_foam_png_frame(const pg_foam_colors *c, const pg_foam_sequence *s,
                            int t, int scale, unsigned char **png,
                            size_t *len);

/* Write frames idx[0..n) of s as dir/<prefix>-f<TTTT>.png (TTTT: the
 * frame's index in the file, zero-padded to 4 digits). */
pg_status pg_foam_png_write_frames(const pg_foam_sequence *s, const int *idx,
                                   int n, int scale, const char *dir,
                                   const char *prefix);

/* One PNG with the frames idx[0..n) of a in a row, separated by
 * PG_FOAM_STRIP_GAP white columns; with b (not NULL, same height and
 * width), the frames of b at the same times (within tol MCS) in a second
 * row below (white where b has no frame at that time). */
pg_status pg_foam_png_write_strip(const pg_foam_sequence *a,
                                  const pg_foam_sequence *b, const int *idx,
                                  int n, int scale, double tol,
                                  const char *path);

/* Frame of s whose time is within tol of t, or -1. */
int pg_foam_png_at_time(const pg_foam_sequence *s, double t, double tol);

#endif
