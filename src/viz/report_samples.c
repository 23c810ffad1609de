/* Sample images for reports: the newest samples/step-NNNNNN.h5 of a run,
 * terrain/1 patches as hillshaded terrain-coloured maps, anything else as
 * grey images of the first channel. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/colormap.h"
#include "io/h5.h"
#include "viz/hillshade.h"
#include "io/png.h"
#include "viz/field_png.h"
#include "viz/report.h"

/* At most this many samples are drawn (the page stays a few MB). */
enum { MAX_SHOWN = 16 };

/* Newest "step-N.h5" in dir (by N); *step = -1 when there is none. */
static void newest_samples(const char *dir, long *step)
{
    *step = -1;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        long s;
        int used = 0;
        if (sscanf(e->d_name, "step-%ld.h5%n", &s, &used) == 1 &&
            e->d_name[used] == '\0' && s > *step)
            *step = s;
    }
    closedir(d);
}

static void embed_png(pg_text_buffer *b, const unsigned char *png,
                      size_t len, const char *caption)
{
    pg_text_buffer_append(b, "<figure><img alt=\"sample\" "
                             "src=\"data:image/png;base64,");
    pg_text_buffer_append_base64(b, png, len);
    pg_text_buffer_append(b, "\"><figcaption>");
    pg_text_buffer_append_html(b, caption);
    pg_text_buffer_append(b, "</figcaption></figure>\n");
}

/* Read rows [0, n) of a numeric dataset of any stored type as floats. */
static pg_status read_rows_float(pg_h5_file *f, const char *name,
                                 const pg_h5_dataset_info *di, size_t n,
                                 size_t row_elems, float *out)
{
    size_t count = n * row_elems, es = pg_h5_type_size(di->type);
    if (di->type == PG_H5_F32) {
        if (di->rank == 2) PG_CHECK(pg_h5_dataset_read(f, name, di->type, out,
                                                       count));
        else PG_CHECK(pg_h5_dataset_read_rows(f, name, di->type, 0, n, out));
        return PG_OK;
    }
    unsigned char *raw = malloc(count * es);
    if (!raw) return PG_FAIL(PG_ERR_NOMEM, "samples of %s", name);
    pg_status st = di->rank == 2
                       ? pg_h5_dataset_read(f, name, di->type, raw, count)
                       : pg_h5_dataset_read_rows(f, name, di->type, 0, n, raw);
    for (size_t i = 0; st == PG_OK && i < count; i++) {
        const void *p = raw + i * es;
        switch (di->type) {
        case PG_H5_F64: out[i] = (float)*(const double *)p; break;
        case PG_H5_I64: out[i] = (float)*(const int64_t *)p; break;
        case PG_H5_I32: out[i] = (float)*(const int32_t *)p; break;
        case PG_H5_I16: out[i] = (float)*(const int16_t *)p; break;
        case PG_H5_U8: out[i] = (float)*(const uint8_t *)p; break;
        default: out[i] = NAN;
        }
    }
    free(raw);
    PG_CHECK(st);
    return PG_OK;
}

static int numeric(pg_h5_type t)
{
    return t != PG_H5_STRING && t != PG_H5_OTHER;
}

/* The dataset to draw: /terrain or /samples when present, else the first
 * numeric dataset of rank >= 2 by name; NULL when there is none. */
static pg_status pick_dataset(pg_h5_file *f, char *name, size_t cap,
                              pg_h5_dataset_info *di)
{
    name[0] = '\0';
    const char *preferred[] = {"/terrain", "/samples"};
    for (int i = 0; i < 2; i++)
        if (pg_h5_is_dataset(f, preferred[i])) {
            PG_CHECK(pg_h5_dataset_info_get(f, preferred[i], di));
            if (numeric(di->type) && di->rank >= 2) {
                snprintf(name, cap, "%s", preferred[i]);
                return PG_OK;
            }
        }
    char **names = NULL;
    size_t n = 0;
    PG_CHECK(pg_h5_dataset_names(f, &names, &n));
    pg_status st = PG_OK;
    for (size_t i = 0; i < n && !name[0]; i++) {
        st = pg_h5_dataset_info_get(f, names[i], di);
        if (st != PG_OK) break;
        if (numeric(di->type) && di->rank >= 2)
            snprintf(name, cap, "%s", names[i]);
    }
    pg_h5_names_free(&names, n);
    PG_CHECK(st);
    return PG_OK;
}

static pg_status draw(pg_text_buffer *b, pg_h5_file *f, const char *schema,
                      const char *name, const pg_h5_dataset_info *di)
{
    size_t h = di->dims[di->rank - 2], w = di->dims[di->rank - 1];
    size_t n = di->rank == 2 ? 1 : di->dims[0];
    size_t row_elems = di->rank == 2 ? h * w : di->nelem / di->dims[0];
    if (h > PG_PNG_MAX_SIDE || w > PG_PNG_MAX_SIDE || h < 1 || w < 1)
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s images of %zu x %zu pixels "
                       "cannot be drawn", pg_h5_file_path(f), name, h, w);
    size_t shown = n < MAX_SHOWN ? n : MAX_SHOWN;
    int terrain = !strcmp(schema, "terrain/1") && !strcmp(name, "/terrain") &&
                  h >= 2 && w >= 2;
    double cell = 1;
    if (terrain && pg_h5_attr_exists(f, "/", "cell_size_m"))
        PG_CHECK(pg_h5_attr_read_double(f, "/", "cell_size_m", &cell));
    float *v = malloc(shown * row_elems * sizeof *v);
    float *shade = malloc(h * w * sizeof *shade);
    pg_status st = PG_OK;
    if (!v || !shade) {
        st = PG_FAIL(PG_ERR_NOMEM, "samples of %s", pg_h5_file_path(f));
        goto done;
    }
    PG_CHECK_GOTO(st, read_rows_float(f, name, di, shown, row_elems, v), done);
    pg_text_buffer_printf(b, "<p>%zu of %zu samples of <code>", shown, n);
    pg_text_buffer_append_html(b, name);
    if (terrain)
        pg_text_buffer_printf(b, "</code>: terrain colours from each patch's "
                              "lowest to highest cell, hillshade with the sun "
                              "at azimuth %g&deg;, elevation %g&deg;, "
                              "cell %g m.</p>\n", PG_HILLSHADE_AZIMUTH_DEG,
                              PG_HILLSHADE_ELEVATION_DEG, cell);
    else
        pg_text_buffer_append(b, "</code>: first channel, grey from each "
                                 "image's lowest (black) to highest (white) "
                                 "value.</p>\n");
    pg_text_buffer_append(b, "<div class=\"samples\">\n");
    for (size_t k = 0; k < shown; k++) {
        const float *img = v + k * row_elems;
        double lo, hi;
        pg_colormap_range(img, h * w, &lo, &hi);
        unsigned char *png = NULL;
        size_t len = 0;
        if (terrain)
            PG_CHECK_GOTO(st, pg_hillshade_compute(img, (int)h, (int)w, cell,
                                                   PG_HILLSHADE_AZIMUTH_DEG,
                                                   PG_HILLSHADE_ELEVATION_DEG,
                                                   shade), done);
        PG_CHECK_GOTO(st, pg_field_png_encode(img, (int)h, (int)w,
                          terrain ? PG_COLORMAP_TERRAIN : PG_COLORMAP_GREY,
                          lo, hi, terrain ? shade : NULL, &png, &len), done);
        char cap[128];
        snprintf(cap, sizeof cap, "#%zu: %.4g to %.4g%s", k, lo, hi,
                 terrain ? " m" : "");
        embed_png(b, png, len, cap);
        free(png);
    }
    pg_text_buffer_append(b, "</div>\n");
done:
    free(v);
    free(shade);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_report_samples_html(pg_text_buffer *b, const char *run_dir)
{
    char dir[4096], path[4200], name[256];
    snprintf(dir, sizeof dir, "%s/samples", run_dir);
    long step;
    newest_samples(dir, &step);
    pg_text_buffer_append(b, "<section><h2>Samples</h2>\n");
    if (step < 0) {
        pg_text_buffer_append(b, "<p>No samples yet (no "
                                 "samples/step-NNNNNN.h5).</p></section>\n");
        return PG_OK;
    }
    snprintf(path, sizeof path, "%s/step-%06ld.h5", dir, step);
    pg_h5_file *f = NULL;
    char *schema = NULL;
    pg_h5_dataset_info di;
    pg_status st = PG_OK;
    PG_CHECK_GOTO(st, pg_h5_file_open(path, NULL, &f), done);
    if (pg_h5_attr_exists(f, "/", "physgan_schema"))
        PG_CHECK_GOTO(st, pg_h5_attr_read_string(f, "/", "physgan_schema",
                                                 &schema), done);
    pg_text_buffer_printf(b, "<p>From <code>samples/step-%06ld.h5</code> "
                          "(step %ld, schema %s).</p>\n", step, step,
                          schema ? schema : "none");
    PG_CHECK_GOTO(st, pick_dataset(f, name, sizeof name, &di), done);
    if (!name[0])
        pg_text_buffer_append(b, "<p>No numeric dataset of rank 2 or more "
                                 "to draw.</p>\n");
    else
        PG_CHECK_GOTO(st, draw(b, f, schema ? schema : "", name, &di), done);
    pg_text_buffer_append(b, "</section>\n");
done:
    free(schema);
    pg_h5_file_close(&f);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}
