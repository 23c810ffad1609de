/* PNG encoding with libpng into memory, and atomic PNG files. */
#include "io/png.h"

#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic_file.h"

/* State reached from libpng callbacks. Heap-allocated so that nothing
 * the callbacks change lives in a local variable across setjmp. */
typedef struct encoder {
    unsigned char *data;
    size_t len, cap;
    int oom;
    char message[160];
} encoder;

static void on_write(png_structp png, png_bytep d, png_size_t n)
{
    encoder *e = png_get_io_ptr(png);
    if (e->oom) return;
    if (e->len + n > e->cap) {
        size_t cap = e->cap ? e->cap : 4096;
        while (cap < e->len + n) cap *= 2;
        unsigned char *p = realloc(e->data, cap);
        if (!p) {
            e->oom = 1;
            return;
        }
        e->data = p;
        e->cap = cap;
    }
    memcpy(e->data + e->len, d, n);
    e->len += n;
}

static void on_flush(png_structp png) { (void)png; }

static void on_error(png_structp png, png_const_charp msg)
{
    encoder *e = png_get_error_ptr(png);
    snprintf(e->message, sizeof e->message, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* warnings do not change the image written */
}

pg_status pg_png_encode(const uint8_t *pixels, int width, int height,
                        int channels, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (channels != 1 && channels != 3)
        return PG_FAIL(PG_ERR_ARG, "PNG: %d channels (1 grey or 3 RGB)",
                       channels);
    if (width < 1 || height < 1 || width > PG_PNG_MAX_SIDE ||
        height > PG_PNG_MAX_SIDE)
        return PG_FAIL(PG_ERR_ARG, "PNG: size %d x %d outside 1..%d", width,
                       height, PG_PNG_MAX_SIDE);
    encoder *e = calloc(1, sizeof *e);
    if (!e) return PG_FAIL(PG_ERR_NOMEM, "PNG encoder");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, e,
                                              on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    pg_status st = PG_OK;
    if (!info) {
        st = PG_FAIL(PG_ERR_NOMEM, "libpng write structures");
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        st = PG_FAIL(PG_ERR_INTERNAL, "libpng: %s", e->message);
        goto done;
    }
    png_set_write_fn(png, e, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    size_t stride = (size_t)width * (size_t)channels;
    for (int r = 0; r < height; r++)
        png_write_row(png, (png_const_bytep)(pixels + (size_t)r * stride));
    png_write_end(png, info);
    if (e->oom) {
        st = PG_FAIL(PG_ERR_NOMEM, "PNG of %d x %d pixels", width, height);
        goto done;
    }
    *out = e->data;
    *out_len = e->len;
    e->data = NULL;
done:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(e->data);
    free(e);
    return st;
}

pg_status pg_png_write_file(const char *path, const uint8_t *pixels,
                            int width, int height, int channels)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    PG_CHECK(pg_png_encode(pixels, width, height, channels, &buf, &len));
    pg_status st = pg_atomic_file_write(path, buf, len, 0644);
    free(buf);
    PG_CHECK(st);
    return PG_OK;
}
