/* PNG writer (io/png.h), colour maps (viz/colormap.h) and hillshade
 * (viz/hillshade.h): images read back with libpng's own reader equal the
 * pixels written; colour map endpoints and clamping; the hillshade of a
 * plane equals n . s computed by hand. */
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "viz/colormap.h"
#include "viz/hillshade.h"
#include "io/png.h"
#include "viz/field_png.h"
#include "runner.h"

/* Decode with libpng's simplified reader into the given format. */
static unsigned char *decode(const unsigned char *buf, size_t len,
                             int format, int *w, int *h)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    CU_ASSERT_FATAL(png_image_begin_read_from_memory(&img, buf, len) != 0);
    img.format = (png_uint_32)format;
    unsigned char *pix = malloc(PNG_IMAGE_SIZE(img));
    CU_ASSERT_FATAL(pix != NULL);
    CU_ASSERT_FATAL(png_image_finish_read(&img, NULL, pix, 0, NULL) != 0);
    *w = (int)img.width;
    *h = (int)img.height;
    return pix;
}

static void test_grey_round_trip(void)
{
    enum { W = 7, H = 5 }; /* odd sizes catch stride mistakes */
    uint8_t pix[W * H];
    for (int i = 0; i < W * H; i++) pix[i] = (uint8_t)(i * 37 + 11);
    unsigned char *buf = NULL;
    size_t len = 0;
    PG_ASSERT_OK(pg_png_encode(pix, W, H, 1, &buf, &len));
    CU_ASSERT(len > 8 && !memcmp(buf, "\x89PNG\r\n\x1a\n", 8));
    int w, h;
    unsigned char *back = decode(buf, len, PNG_FORMAT_GRAY, &w, &h);
    CU_ASSERT_EQUAL(w, W);
    CU_ASSERT_EQUAL(h, H);
    CU_ASSERT_EQUAL(memcmp(back, pix, sizeof pix), 0);
    free(back);
    free(buf);
}

static void test_rgb_file_round_trip(void)
{
    enum { W = 3, H = 4 };
    uint8_t pix[W * H * 3];
    for (int i = 0; i < W * H * 3; i++) pix[i] = (uint8_t)(255 - i * 7);
    PG_ASSERT_OK(pg_png_write_file("rgb.png", pix, W, H, 3));
    FILE *f = fopen("rgb.png", "rb");
    CU_ASSERT_FATAL(f != NULL);
    unsigned char buf[4096];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    int w, h;
    unsigned char *back = decode(buf, len, PNG_FORMAT_RGB, &w, &h);
    CU_ASSERT_EQUAL(w, W);
    CU_ASSERT_EQUAL(h, H);
    CU_ASSERT_EQUAL(memcmp(back, pix, sizeof pix), 0);
    free(back);
    /* No temporary file is left next to it. */
    char tmp[64];
    snprintf(tmp, sizeof tmp, "rgb.png.tmp.%ld", (long)getpid());
    CU_ASSERT_NOT_EQUAL(access(tmp, F_OK), 0);
}

static void test_bad_arguments(void)
{
    uint8_t pix[4] = {0};
    unsigned char *buf = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL(pg_png_encode(pix, 2, 2, 2, &buf, &len), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "2 channels"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_png_encode(pix, 0, 2, 1, &buf, &len), PG_ERR_ARG);
    pg_error_clear();
    CU_ASSERT_PTR_NULL(buf);
    CU_ASSERT_EQUAL(pg_png_write_file("no/such/dir/x.png", pix, 2, 2, 1),
                    PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no/such/dir/x.png"));
    pg_error_clear();
}

static void test_colormap_endpoints(void)
{
    uint8_t c[3];
    pg_colormap_rgb(PG_COLORMAP_VIRIDIS, 0, c);
    CU_ASSERT(c[0] == 0x44 && c[1] == 0x01 && c[2] == 0x54);
    pg_colormap_rgb(PG_COLORMAP_VIRIDIS, 1, c);
    CU_ASSERT(c[0] == 0xfd && c[1] == 0xe7 && c[2] == 0x25);
    pg_colormap_rgb(PG_COLORMAP_VIRIDIS, 7, c); /* clamped */
    CU_ASSERT(c[0] == 0xfd && c[1] == 0xe7 && c[2] == 0x25);
    pg_colormap_rgb(PG_COLORMAP_GREY, 0.5, c);
    CU_ASSERT(c[0] == 128 && c[1] == 128 && c[2] == 128);
    pg_colormap_rgb(PG_COLORMAP_TERRAIN, 0, c);
    CU_ASSERT(c[0] == 51 && c[1] == 51 && c[2] == 153);
    pg_colormap_rgb(PG_COLORMAP_TERRAIN, 1, c);
    CU_ASSERT(c[0] == 255 && c[1] == 255 && c[2] == 255);
    /* Halfway between the 0.15 and 0.25 terrain stops. */
    pg_colormap_rgb(PG_COLORMAP_TERRAIN, 0.2, c);
    CU_ASSERT(c[0] == 0 && c[1] == 179 && c[2] == 179);
    pg_colormap_rgb(PG_COLORMAP_TERRAIN, NAN, c);
    CU_ASSERT(!memcmp(c, PG_COLORMAP_INVALID_RGB, 3));

    float v[4] = {10, 20, NAN, 15};
    uint8_t rgb[12];
    double lo, hi;
    pg_colormap_range(v, 4, &lo, &hi);
    CU_ASSERT_EQUAL(lo, 10);
    CU_ASSERT_EQUAL(hi, 20);
    pg_colormap_apply(PG_COLORMAP_GREY, v, 4, lo, hi, rgb);
    CU_ASSERT_EQUAL(rgb[0], 0);
    CU_ASSERT_EQUAL(rgb[3], 255);
    CU_ASSERT(!memcmp(rgb + 6, PG_COLORMAP_INVALID_RGB, 3));
    CU_ASSERT_EQUAL(rgb[9], 128);

    pg_colormap m;
    PG_ASSERT_OK(pg_colormap_from_name("terrain", &m));
    CU_ASSERT_EQUAL(m, PG_COLORMAP_TERRAIN);
    CU_ASSERT_EQUAL(pg_colormap_from_name("jet", &m), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "'jet'"));
    pg_error_clear();
}

/* z = a x + b y (x east, y north): n . s by hand in every cell, edges
 * included (one-sided differences are exact on a plane). */
static void check_plane(double a, double b, double cell, double az,
                        double el)
{
    enum { H = 6, W = 9 };
    float z[H * W], shade[H * W];
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++)
            z[r * W + c] = (float)(a * c * cell + b * (H - 1 - r) * cell);
    PG_ASSERT_OK(pg_hillshade_compute(z, H, W, cell, az, el, shade));
    double d = M_PI / 180;
    double want = (-a * sin(az * d) * cos(el * d) -
                   b * cos(az * d) * cos(el * d) + sin(el * d)) /
                  sqrt(1 + a * a + b * b);
    if (want < 0) want = 0;
    for (int i = 0; i < H * W; i++)
        CU_ASSERT_DOUBLE_EQUAL(shade[i], want, 1e-5);
}

static void test_hillshade_plane(void)
{
    check_plane(0, 0, 30, 315, 45);      /* flat: sin 45 deg */
    check_plane(0.5, -0.25, 30, 315, 45);
    check_plane(-1, 0, 2, 90, 30);       /* rises westwards, sun in east */
    check_plane(1, 0, 2, 90, 30);        /* faces away: shadow, 0 */
    check_plane(0, 2, 10, 180, 60);
    float z[4] = {0}, s[4];
    CU_ASSERT_EQUAL(pg_hillshade_compute(z, 1, 4, 1, 0, 45, s), PG_ERR_ARG);
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_hillshade_compute(z, 2, 2, 0, 0, 45, s), PG_ERR_ARG);
    pg_error_clear();
}

static void test_field_png(void)
{
    enum { H = 4, W = 5 };
    float f[H * W], shade[H * W];
    for (int i = 0; i < H * W; i++) {
        f[i] = (float)i;
        shade[i] = 1;
    }
    unsigned char *buf = NULL;
    size_t len = 0;
    PG_ASSERT_OK(pg_field_png_encode(f, H, W, PG_COLORMAP_VIRIDIS, NAN, NAN,
                                     shade, &buf, &len));
    int w, h;
    unsigned char *px = decode(buf, len, PNG_FORMAT_RGB, &w, &h);
    CU_ASSERT(w == W && h == H);
    /* Own range: first cell at the low end, last at the high end; a
     * shade of 1 leaves colours unchanged. */
    CU_ASSERT(px[0] == 0x44 && px[1] == 0x01 && px[2] == 0x54);
    unsigned char *last = px + 3 * (H * W - 1);
    CU_ASSERT(last[0] == 0xfd && last[1] == 0xe7 && last[2] == 0x25);
    free(px);
    free(buf);
    /* Shade 0 leaves the ambient 35 % of the colour. */
    for (int i = 0; i < H * W; i++) shade[i] = 0;
    PG_ASSERT_OK(pg_field_png_encode(f, H, W, PG_COLORMAP_GREY, 0, 19, shade,
                                     &buf, &len));
    px = decode(buf, len, PNG_FORMAT_RGB, &w, &h);
    CU_ASSERT_EQUAL(px[3 * (H * W - 1)], (unsigned char)lround(255 * 0.35));
    free(px);
    free(buf);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("png");
    PG_TEST(s, test_grey_round_trip);
    PG_TEST(s, test_rgb_file_round_trip);
    PG_TEST(s, test_bad_arguments);
    PG_TEST(s, test_colormap_endpoints);
    PG_TEST(s, test_hillshade_plane);
    PG_TEST(s, test_field_png);
}
