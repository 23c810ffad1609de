/* Foam frames as PNG (foam_png.h). */
#include "viz/foam_png.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/png.h"

int pg_foam_png_select(int total, int count, int *idx)
{
    if (total < 1 || count < 1) return 0;
    if (count >= total) {
        for (int i = 0; i < total; i++) idx[i] = i;
        return total;
    }
    if (count == 1) {
        idx[0] = 0;
        return 1;
    }
    /* Rounded even spacing; distinct because (total - 1) / (count - 1) > 1. */
    for (int i = 0; i < count; i++)
        idx[i] = (int)floor((double)i * (total - 1) / (count - 1) + 0.5);
    return count;
}

pg_status pg_foam_png_colors(const pg_foam_sequence *s, const int *idx, int n,
                             pg_foam_colors **out)
{
    size_t frame = (size_t)s->height * s->width;
    int32_t *sel = malloc((size_t)n * frame * sizeof *sel);
    if (!sel) return PG_FAIL(PG_ERR_NOMEM, "foam colours: %d frames", n);
    for (int i = 0; i < n; i++)
        memcpy(sel + (size_t)i * frame, pg_foam_sequence_frame(s, idx[i]),
               frame * sizeof *sel);
    pg_status st = pg_foam_colors_create(sel, n, s->height, s->width, out);
    free(sel);
    PG_CHECK(st);
    return PG_OK;
}

static pg_status check_scale(int scale, int h, int w)
{
    if (scale < 1 || scale > PG_FOAM_PNG_MAX_SCALE ||
        (long)h * scale > PG_PNG_MAX_SIDE || (long)w * scale > PG_PNG_MAX_SIDE)
        return PG_FAIL(PG_ERR_ARG, "foam PNG: scale %d for %d x %d sites "
                       "(scale 1 .. %d, sides up to %d pixels)", scale, h, w,
                       PG_FOAM_PNG_MAX_SCALE, PG_PNG_MAX_SIDE);
    return PG_OK;
}

pg_status pg_foam_png_frame(const pg_foam_colors *c, const pg_foam_sequence *s,
                            int t, int scale, unsigned char **png, size_t *len)
{
    PG_CHECK(check_scale(scale, s->height, s->width));
    int ph = s->height * scale, pw = s->width * scale;
    uint8_t *rgb = malloc((size_t)ph * pw * 3);
    if (!rgb) return PG_FAIL(PG_ERR_NOMEM, "foam PNG of %d x %d", pw, ph);
    pg_foam_colors_render(c, pg_foam_sequence_frame(s, t), s->height,
                          s->width, scale, rgb);
    pg_status st = pg_png_encode(rgb, pw, ph, 3, png, len);
    free(rgb);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_foam_png_write_frames(const pg_foam_sequence *s, const int *idx,
                                   int n, int scale, const char *dir,
                                   const char *prefix)
{
    PG_CHECK(check_scale(scale, s->height, s->width));
    pg_foam_colors *c = NULL;
    PG_CHECK(pg_foam_png_colors(s, idx, n, &c));
    int ph = s->height * scale, pw = s->width * scale;
    uint8_t *rgb = malloc((size_t)ph * pw * 3);
    size_t plen = strlen(dir) + strlen(prefix) + 32;
    char *path = malloc(plen);
    pg_status st = PG_OK;
    if (!rgb || !path) st = PG_FAIL(PG_ERR_NOMEM, "foam PNG of %d x %d", pw, ph);
    for (int i = 0; st == PG_OK && i < n; i++) {
        snprintf(path, plen, "%s/%s-f%04d.png", dir, prefix, idx[i]);
        pg_foam_colors_render(c, pg_foam_sequence_frame(s, idx[i]), s->height,
                              s->width, scale, rgb);
        st = pg_png_write_file(path, rgb, pw, ph, 3);
    }
    free(rgb);
    free(path);
    pg_foam_colors_destroy(&c);
    PG_CHECK(st);
    return PG_OK;
}

int pg_foam_png_at_time(const pg_foam_sequence *s, double t, double tol)
{
    for (int i = 0; i < s->frames; i++)
        if (fabs(s->time[i] - t) <= tol) return i;
    return -1;
}

/* Copy an h x w RGB image into the canvas (cw pixels wide) at (y0, x0). */
static void blit(uint8_t *canvas, int cw, int y0, int x0, const uint8_t *img,
                 int h, int w)
{
    for (int y = 0; y < h; y++)
        memcpy(canvas + ((size_t)(y0 + y) * cw + x0) * 3,
               img + (size_t)y * w * 3, (size_t)w * 3);
}

pg_status pg_foam_png_write_strip(const pg_foam_sequence *a,
                                  const pg_foam_sequence *b, const int *idx,
                                  int n, int scale, double tol,
                                  const char *path)
{
    PG_CHECK(check_scale(scale, a->height, a->width));
    if (n < 1) return PG_FAIL(PG_ERR_ARG, "%s: a strip needs frames", path);
    if (b && (b->height != a->height || b->width != a->width))
        return PG_FAIL(PG_ERR_ARG, "%s: frames of %d x %d and %d x %d sites",
                       path, a->height, a->width, b->height, b->width);
    int fh = a->height * scale, fw = a->width * scale, rows = b ? 2 : 1;
    long cw = (long)n * fw + (long)(n - 1) * PG_FOAM_STRIP_GAP;
    long ch = (long)rows * fh + (long)(rows - 1) * PG_FOAM_STRIP_GAP;
    if (cw > PG_PNG_MAX_SIDE || ch > PG_PNG_MAX_SIDE)
        return PG_FAIL(PG_ERR_ARG, "%s: a strip of %d frames is %ld x %ld "
                       "pixels, more than %d a side", path, n, cw, ch,
                       PG_PNG_MAX_SIDE);
    pg_foam_colors *ca = NULL, *cb = NULL;
    int *bidx = malloc((size_t)n * sizeof *bidx);
    uint8_t *canvas = malloc((size_t)cw * ch * 3);
    uint8_t *rgb = malloc((size_t)fh * fw * 3);
    pg_status st = PG_OK;
    int nb = 0;
    if (!bidx || !canvas || !rgb) {
        st = PG_FAIL(PG_ERR_NOMEM, "%s: strip of %ld x %ld", path, cw, ch);
        goto done;
    }
    memset(canvas, 0xff, (size_t)cw * ch * 3);
    PG_CHECK_GOTO(st, pg_foam_png_colors(a, idx, n, &ca), done);
    for (int i = 0; b && i < n; i++) {
        int k = pg_foam_png_at_time(b, a->time[idx[i]], tol);
        if (k >= 0) bidx[nb++] = k;
    }
    if (nb) PG_CHECK_GOTO(st, pg_foam_png_colors(b, bidx, nb, &cb), done);
    for (int i = 0; i < n; i++) {
        int x0 = i * (fw + PG_FOAM_STRIP_GAP);
        pg_foam_colors_render(ca, pg_foam_sequence_frame(a, idx[i]),
                              a->height, a->width, scale, rgb);
        blit(canvas, (int)cw, 0, x0, rgb, fh, fw);
        int k = b ? pg_foam_png_at_time(b, a->time[idx[i]], tol) : -1;
        if (k < 0) continue;
        pg_foam_colors_render(cb, pg_foam_sequence_frame(b, k), b->height,
                              b->width, scale, rgb);
        blit(canvas, (int)cw, fh + PG_FOAM_STRIP_GAP, x0, rgb, fh, fw);
    }
    PG_CHECK_GOTO(st, pg_png_write_file(path, canvas, (int)cw, (int)ch, 3),
                  done);
done:
    pg_foam_colors_destroy(&ca);
    pg_foam_colors_destroy(&cb);
    free(bidx);
    free(canvas);
    free(rgb);
    return st;
}
