/* Colour map tables and interpolation. */
#include "viz/colormap.h"

#include <assert.h>
#include <math.h>
#include <string.h>

const uint8_t PG_COLORMAP_INVALID_RGB[3] = {255, 0, 255};

typedef struct stop {
    double t;
    uint8_t rgb[3];
} stop;

static const stop GREY[] = {{0.0, {0, 0, 0}}, {1.0, {255, 255, 255}}};

/* matplotlib viridis sampled at t = 0, 0.1, ..., 1. */
static const stop VIRIDIS[] = {
    {0.0, {0x44, 0x01, 0x54}}, {0.1, {0x48, 0x24, 0x75}},
    {0.2, {0x41, 0x44, 0x87}}, {0.3, {0x35, 0x5f, 0x8d}},
    {0.4, {0x2a, 0x78, 0x8e}}, {0.5, {0x21, 0x91, 0x8c}},
    {0.6, {0x22, 0xa8, 0x84}}, {0.7, {0x44, 0xbf, 0x70}},
    {0.8, {0x7a, 0xd1, 0x51}}, {0.9, {0xbd, 0xdf, 0x26}},
    {1.0, {0xfd, 0xe7, 0x25}}};

/* matplotlib's _terrain_data control points, scaled to bytes. */
static const stop TERRAIN[] = {
    {0.00, {51, 51, 153}},  {0.15, {0, 153, 255}},    {0.25, {0, 204, 102}},
    {0.50, {255, 255, 153}}, {0.75, {128, 92, 84}}, {1.00, {255, 255, 255}}};

static const struct {
    const char *name;
    const stop *stops;
    int n;
} MAPS[] = {
    [PG_COLORMAP_GREY] = {"grey", GREY, 2},
    [PG_COLORMAP_VIRIDIS] = {"viridis", VIRIDIS, 11},
    [PG_COLORMAP_TERRAIN] = {"terrain", TERRAIN, 6},
};
static_assert(sizeof MAPS / sizeof MAPS[0] == PG_COLORMAP_COUNT,
              "one table entry per colour map");

const char *pg_colormap_name(pg_colormap m)
{
    return (unsigned)m < PG_COLORMAP_COUNT ? MAPS[m].name : "?";
}

pg_status pg_colormap_from_name(const char *name, pg_colormap *out)
{
    for (int i = 0; i < PG_COLORMAP_COUNT; i++)
        if (!strcmp(name, MAPS[i].name)) {
            *out = (pg_colormap)i;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_ARG,
                   "unknown colour map '%s' (known: grey, viridis, terrain)",
                   name);
}

void pg_colormap_rgb(pg_colormap m, double t, uint8_t rgb[3])
{
    if (isnan(t) || (unsigned)m >= PG_COLORMAP_COUNT) {
        memcpy(rgb, PG_COLORMAP_INVALID_RGB, 3);
        return;
    }
    const stop *s = MAPS[m].stops;
    int n = MAPS[m].n;
    if (t <= 0) t = 0;
    if (t >= 1) t = 1;
    int i = 0;
    while (i < n - 2 && t > s[i + 1].t) i++;
    double f = (t - s[i].t) / (s[i + 1].t - s[i].t);
    for (int c = 0; c < 3; c++)
        rgb[c] = (uint8_t)lround(s[i].rgb[c] +
                                 f * (s[i + 1].rgb[c] - s[i].rgb[c]));
}

void pg_colormap_apply(pg_colormap m, const float *v, size_t n, double lo,
                       double hi, uint8_t *rgb)
{
    for (size_t i = 0; i < n; i++) {
        double t;
        if (!isfinite(v[i])) t = NAN;
        else if (hi > lo) t = (v[i] - lo) / (hi - lo);
        else t = 0.5;
        pg_colormap_rgb(m, t, rgb + 3 * i);
    }
}

void pg_colormap_range(const float *v, size_t n, double *lo, double *hi)
{
    double a = NAN, b = NAN;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        if (isnan(a) || v[i] < a) a = v[i];
        if (isnan(b) || v[i] > b) b = v[i];
    }
    *lo = a;
    *hi = b;
}
