/* DEM import (src/io/dem_read.h, src/io/npy_read.h, physics/terrain/io/dem_tile.h): values
 * and no-data from hand-written .npy files and GeoTIFFs made with GDAL,
 * cell sizes (projected, US feet, geographic non-square), tiling counts,
 * the region split (every train/validation pair checked for overlap),
 * drop vs fill+flag, offsets back to metres through a terrain/1 file, and
 * the error paths. */
#include <cpl_conv.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/dem_read.h"
#include "physics/terrain/io/dem_tile.h"
#include "io/npy_read.h"
#include "io/h5.h"
#include "io/schema.h"
#include "runner.h"

static const double WGS84_A_M = 6378137.0, WGS84_INV_F = 298.257223563;
static const double ARCSEC_DEG = 1.0 / 3600.0;

/* A .npy file with the given header dict and raw little-endian payload. */
static void write_npy(const char *path, int version, const char *dict,
                      const void *data, size_t bytes)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t pre = version == 1 ? 10 : 12;
    size_t len = strlen(dict) + 1; /* + '\n' */
    size_t pad = (64 - (pre + len) % 64) % 64;
    size_t hlen = len + pad;
    unsigned char p[12] = {0x93, 'N', 'U', 'M', 'P', 'Y', (unsigned char)version, 0,
                           (unsigned char)(hlen & 0xff),
                           (unsigned char)(hlen >> 8), 0, 0};
    fwrite(p, 1, pre, f);
    fputs(dict, f);
    for (size_t i = 0; i < pad; i++) fputc(' ', f);
    fputc('\n', f);
    if (bytes) fwrite(data, 1, bytes, f);
    fclose(f);
}

static void expect_error(pg_status s, pg_status want, const char *a,
                         const char *b)
{
    CU_ASSERT_EQUAL(s, want);
    const char *m = pg_error_message();
    if (!strstr(m, a) || (b && !strstr(m, b)))
        fprintf(stderr, "\nmessage '%s' lacks '%s' / '%s'\n", m, a,
                b ? b : "");
    CU_ASSERT_PTR_NOT_NULL(strstr(m, a));
    if (b) CU_ASSERT_PTR_NOT_NULL(strstr(m, b));
    pg_error_clear();
}

/* A GeoTIFF of rows x cols float32 values (NULL CRS: none). */
static void write_gtiff(const char *path, int rows, int cols, const float *z,
                        const double gt[6], int epsg, int has_nodata,
                        double nodata)
{
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    CU_ASSERT_PTR_NOT_NULL_FATAL(drv);
    GDALDatasetH ds = GDALCreate(drv, path, cols, rows, 1, GDT_Float32, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    if (gt) CU_ASSERT_EQUAL(GDALSetGeoTransform(ds, (double *)gt), CE_None);
    if (epsg) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        CU_ASSERT_EQUAL(OSRImportFromEPSG(srs, epsg), OGRERR_NONE);
        char *wkt = NULL;
        OSRExportToWkt(srs, &wkt);
        CU_ASSERT_EQUAL(GDALSetProjection(ds, wkt), CE_None);
        CPLFree(wkt);
        OSRDestroySpatialReference(srs);
    }
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    if (has_nodata) GDALSetRasterNoDataValue(b, nodata);
    CU_ASSERT_EQUAL(GDALRasterIO(b, GF_Write, 0, 0, cols, rows, (void *)z,
                                 cols, rows, GDT_Float32, 0, 0), CE_None);
    GDALClose(ds);
}

static void test_npy_values(void)
{
    const pg_dem_read_options o = {.cell_size_m = 10.0};
    float f4[6] = {1.5f, -2.0f, NAN, 4.0f, 1000.25f, 0.0f};
    write_npy("a.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (2, 3), }", f4, sizeof f4);
    pg_dem *d = NULL;
    PG_ASSERT_OK(pg_dem_read("a.npy", &o, &d));
    CU_ASSERT_EQUAL(d->rows, 2);
    CU_ASSERT_EQUAL(d->cols, 3);
    CU_ASSERT_EQUAL(d->z[0], 1.5f);
    CU_ASSERT_EQUAL(d->z[1], -2.0f);
    CU_ASSERT(isnan(d->z[2]));
    CU_ASSERT_EQUAL(d->z[4], 1000.25f);
    CU_ASSERT_EQUAL(d->n_nodata, 1);
    CU_ASSERT_EQUAL(d->dx_m, 10.0);
    CU_ASSERT_EQUAL(d->dy_m, 10.0);
    CU_ASSERT_STRING_EQUAL(d->format, "npy");
    pg_dem_destroy(&d);
    CU_ASSERT_PTR_NULL(d);

    /* int16, version 2 header, a no-data value and a y cell size. */
    int16_t i2[4] = {-32768, 300, 301, -5};
    write_npy("b.npy", 2, "{'descr': '<i2', 'fortran_order': False, "
              "'shape': (1, 4), }", i2, sizeof i2);
    pg_dem_read_options o2 = {.cell_size_m = 3, .cell_size_y_m = 4,
                              .has_nodata = 1, .nodata = -32768};
    PG_ASSERT_OK(pg_dem_read("b.npy", &o2, &d));
    CU_ASSERT(isnan(d->z[0]));
    CU_ASSERT_EQUAL(d->z[1], 300.0f);
    CU_ASSERT_EQUAL(d->z[3], -5.0f);
    CU_ASSERT_EQUAL(d->n_nodata, 1);
    CU_ASSERT_EQUAL(d->dy_m, 4.0);
    pg_dem_destroy(&d);

    int32_t i4[2] = {-100000, 8848};
    double f8[2] = {0.125, -11034.5};
    write_npy("c.npy", 1, "{'descr': '<i4', 'fortran_order': False, "
              "'shape': (2, 1), }", i4, sizeof i4);
    write_npy("d.npy", 1, "{'descr': '<f8', 'fortran_order': False, "
              "'shape': (1, 2), }", f8, sizeof f8);
    PG_ASSERT_OK(pg_dem_read("c.npy", &o, &d));
    CU_ASSERT_EQUAL(d->z[0], -100000.0f);
    CU_ASSERT_EQUAL(d->z[1], 8848.0f);
    pg_dem_destroy(&d);
    PG_ASSERT_OK(pg_dem_read("d.npy", &o, &d));
    CU_ASSERT_EQUAL(d->z[0], 0.125f);
    CU_ASSERT_EQUAL(d->z[1], -11034.5f);
    pg_dem_destroy(&d);
}

static void test_npy_errors(void)
{
    const pg_dem_read_options o = {.cell_size_m = 10.0};
    uint16_t u2[2] = {1, 2};
    float f4[2] = {1, 2};
    pg_dem *d = NULL;
    write_npy("u2.npy", 1, "{'descr': '<u2', 'fortran_order': False, "
              "'shape': (1, 2), }", u2, sizeof u2);
    expect_error(pg_dem_read("u2.npy", &o, &d), PG_ERR_FORMAT, "u2.npy",
                 "unsupported .npy dtype '<u2'");
    write_npy("be.npy", 1, "{'descr': '>f4', 'fortran_order': False, "
              "'shape': (1, 2), }", f4, sizeof f4);
    expect_error(pg_dem_read("be.npy", &o, &d), PG_ERR_FORMAT, "be.npy",
                 "'>f4'");
    write_npy("fo.npy", 1, "{'descr': '<f4', 'fortran_order': True, "
              "'shape': (1, 2), }", f4, sizeof f4);
    expect_error(pg_dem_read("fo.npy", &o, &d), PG_ERR_FORMAT, "fo.npy",
                 "Fortran order");
    write_npy("r1.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (2,), }", f4, sizeof f4);
    expect_error(pg_dem_read("r1.npy", &o, &d), PG_ERR_FORMAT, "r1.npy",
                 "1 dimension");
    write_npy("r3.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (1, 1, 2), }", f4, sizeof f4);
    expect_error(pg_dem_read("r3.npy", &o, &d), PG_ERR_FORMAT, "r3.npy",
                 "3 dimensions");
    write_npy("short.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (2, 2), }", f4, sizeof f4);
    expect_error(pg_dem_read("short.npy", &o, &d), PG_ERR_FORMAT,
                 "short.npy", "truncated: 2 of 4");
    /* A header claiming 2^31 cells in a file of a few bytes is refused
     * before anything is allocated (found by fuzzing; the fuzzer's 2 GB
     * malloc limit made the allocation a crash). */
    write_npy("huge.npy", 1, "{'descr': '<f8', 'fortran_order': False, "
              "'shape': (32768, 65536), }", f4, sizeof f4);
    expect_error(pg_dem_read("huge.npy", &o, &d), PG_ERR_FORMAT,
                 "huge.npy", "values after the 128-byte header (shape "
                 "(32768, 65536))");
    write_npy("ok.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (1, 2), }", f4, sizeof f4);
    expect_error(pg_dem_read("ok.npy", NULL, &d), PG_ERR_ARG, "ok.npy",
                 "--cell-size");
    float nan2[2] = {NAN, NAN};
    write_npy("nan.npy", 1, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (1, 2), }", nan2, sizeof nan2);
    expect_error(pg_dem_read("nan.npy", &o, &d), PG_ERR_FORMAT, "nan.npy",
                 "no-data");
    CU_ASSERT_PTR_NULL(d);
    CU_ASSERT_EQUAL(pg_npy_is_npy("no-such.npy"), 0);
}

static void test_gtiff_projected(void)
{
    enum { R = 4, C = 5 };
    float z[R * C];
    for (int i = 0; i < R * C; i++) z[i] = 100.0f + (float)i;
    z[7] = -9999.0f;
    const double gt[6] = {500000, 30, 0, 4000000, 0, -30};
    write_gtiff("utm.tif", R, C, z, gt, 32616, 1, -9999.0); /* UTM 16N */
    pg_dem *d = NULL;
    PG_ASSERT_OK(pg_dem_read("utm.tif", NULL, &d));
    CU_ASSERT_STRING_EQUAL(d->format, "GTiff");
    CU_ASSERT_EQUAL(d->cell_source, PG_DEM_CELL_PROJECTED);
    CU_ASSERT_DOUBLE_EQUAL(d->dx_m, 30.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(d->dy_m, 30.0, 1e-9);
    CU_ASSERT_EQUAL(d->n_nodata, 1);
    CU_ASSERT(isnan(d->z[7]));
    CU_ASSERT_EQUAL(d->z[0], 100.0f);
    CU_ASSERT_EQUAL(d->z[19], 119.0f);
    CU_ASSERT_PTR_NOT_NULL(strstr(d->crs_name, "UTM zone 16N"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d->crs, "UTM"));
    pg_dem_destroy(&d);

    /* NAD83 / Florida East in US survey feet: 100 ft cells. */
    const double gtf[6] = {600000, 100, 0, 3000000, 0, -100};
    write_gtiff("feet.tif", R, C, z, gtf, 2236, 0, 0);
    PG_ASSERT_OK(pg_dem_read("feet.tif", NULL, &d));
    CU_ASSERT_DOUBLE_EQUAL(d->dx_m, 100 * 1200.0 / 3937.0, 1e-6);
    CU_ASSERT_EQUAL(d->n_nodata, 0); /* -9999 is data without a no-data tag */
    pg_dem_destroy(&d);

    /* Given cell sizes win over the CRS. */
    pg_dem_read_options o = {.cell_size_m = 7, .cell_size_y_m = 8};
    PG_ASSERT_OK(pg_dem_read("utm.tif", &o, &d));
    CU_ASSERT_EQUAL(d->cell_source, PG_DEM_CELL_GIVEN);
    CU_ASSERT_EQUAL(d->dx_m, 7.0);
    CU_ASSERT_EQUAL(d->dy_m, 8.0);
    pg_dem_destroy(&d);
}

static void test_geographic_cells(void)
{
    /* 1 arc-second at 45 N on WGS 84: N cos(phi) dlambda and M dphi. */
    double dx, dy;
    pg_dem_geographic_cell_size(45.0, ARCSEC_DEG, ARCSEC_DEG, WGS84_A_M,
                                WGS84_INV_F, &dx, &dy);
    CU_ASSERT_DOUBLE_EQUAL(dx, 21.90, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(dy, 30.87, 0.01);
    /* A sphere: both are R dtheta at the equator. */
    pg_dem_geographic_cell_size(0.0, 1.0, 1.0, 6371000.0, 0, &dx, &dy);
    CU_ASSERT_DOUBLE_EQUAL(dx, 6371000.0 * M_PI / 180, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(dy, dx, 1e-9);

    /* The same through a GeoTIFF in EPSG:4326 centred on 45 N. */
    enum { R = 10, C = 10 };
    float z[R * C];
    for (int i = 0; i < R * C; i++) z[i] = (float)i;
    const double gt[6] = {7.0, ARCSEC_DEG, 0, 45.0 + 5 * ARCSEC_DEG, 0,
                          -ARCSEC_DEG};
    write_gtiff("geo.tif", R, C, z, gt, 4326, 0, 0);
    pg_dem *d = NULL;
    PG_ASSERT_OK(pg_dem_read("geo.tif", NULL, &d));
    CU_ASSERT_EQUAL(d->cell_source, PG_DEM_CELL_GEOGRAPHIC);
    CU_ASSERT_DOUBLE_EQUAL(d->centre_lat_deg, 45.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(d->dx_m, 21.90, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(d->dy_m, 30.87, 0.01);
    pg_dem_destroy(&d);
}

static void test_read_errors(void)
{
    pg_dem *d = NULL;
    expect_error(pg_dem_read("no-such.tif", NULL, &d), PG_ERR_IO,
                 "no-such.tif", "cannot read as a raster");
    FILE *f = fopen("junk.tif", "w");
    fputs("this is not a raster\n", f);
    fclose(f);
    expect_error(pg_dem_read("junk.tif", NULL, &d), PG_ERR_IO, "junk.tif",
                 NULL);
    float z[4] = {1, 2, 3, 4};
    const double gt[6] = {0, 1, 0, 0, 0, -1};
    write_gtiff("nocrs.tif", 2, 2, z, gt, 0, 0, 0);
    expect_error(pg_dem_read("nocrs.tif", NULL, &d), PG_ERR_ARG, "nocrs.tif",
                 "give --cell-size");
    const double rot[6] = {0, 1, 0.5, 0, 0, -1};
    write_gtiff("rot.tif", 2, 2, z, rot, 32616, 0, 0);
    expect_error(pg_dem_read("rot.tif", NULL, &d), PG_ERR_FORMAT, "rot.tif",
                 "rotated");
    float nd[4] = {-1, -1, -1, -1};
    write_gtiff("allnd.tif", 2, 2, nd, gt, 32616, 1, -1);
    expect_error(pg_dem_read("allnd.tif", NULL, &d), PG_ERR_FORMAT,
                 "allnd.tif", "every one of its 2 x 2 cells is no-data");
    /* An ASCII grid whose header promises 40000 x 40000 values in a few
     * bytes: refused before allocating 19 GB for them. */
    f = fopen("huge.asc", "w");
    fputs("ncols 40000\nnrows 40000\nxllcorner 0\nyllcorner 0\n"
          "cellsize 30\n1 2 3\n", f);
    fclose(f);
    pg_dem_read_options o = {.cell_size_m = 30};
    expect_error(pg_dem_read("huge.asc", &o, &d), PG_ERR_FORMAT, "huge.asc",
                 "promises 40000 x 40000 values");
    CU_ASSERT_PTR_NULL(d);
}

/* An in-memory DEM z = a*r + b*c with given no-data cells. */
static pg_dem *make_dem(int rows, int cols, double a, double b)
{
    pg_dem *d = calloc(1, sizeof *d);
    d->rows = rows;
    d->cols = cols;
    d->z = malloc((size_t)rows * cols * sizeof *d->z);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            d->z[(size_t)r * cols + c] = (float)(a * r + b * c + 200.0);
    d->dx_m = 10;
    d->dy_m = 12;
    d->crs = strdup("");
    d->crs_name = strdup("");
    d->source = strdup("mem");
    d->format = "test";
    return d;
}

/* Patches of a and b share no cell. */
static int overlap(const int32_t *a, const int32_t *b, int P)
{
    return a[0] < b[0] + P && b[0] < a[0] + P && a[1] < b[1] + P &&
           b[1] < a[1] + P;
}

static void test_tiling_split(void)
{
    pg_dem *d = make_dem(100, 200, 1.0, 0.5);
    pg_dem_tile_params p = {.patch = 16, .stride = 8, .val_fraction = 0.25,
                            .gap = 16, .max_nodata = 0.05};
    pg_dem_tiling *t = NULL;
    PG_ASSERT_OK(pg_dem_tile(d, &p, &t));
    /* val = 50 columns [150, 200); train [0, 134); (L - 16) / 8 + 1. */
    CU_ASSERT_EQUAL(t->train.col1, 134);
    CU_ASSERT_EQUAL(t->val.col0, 150);
    CU_ASSERT_EQUAL(t->train.n, 11 * 15);
    CU_ASSERT_EQUAL(t->val.n, 11 * 5);
    CU_ASSERT_EQUAL(t->train.candidates, t->train.n);
    size_t overlaps = 0, outside = 0;
    for (size_t i = 0; i < t->train.n; i++) {
        const int32_t *a = t->train.origin_rc + 2 * i;
        outside += a[1] + 16 > 134 || a[0] + 16 > 100;
        for (size_t j = 0; j < t->val.n; j++)
            overlaps += overlap(a, t->val.origin_rc + 2 * j, 16);
    }
    for (size_t j = 0; j < t->val.n; j++)
        outside += t->val.origin_rc[2 * j + 1] < 150 ||
                   t->val.origin_rc[2 * j + 1] + 16 > 200;
    CU_ASSERT_EQUAL(overlaps, 0);
    CU_ASSERT_EQUAL(outside, 0);
    /* The check itself finds an overlap when the gap is negative-free but
     * patches do share cells (sanity of `overlap`). */
    const int32_t x[2] = {0, 0}, y[2] = {15, 15}, z[2] = {16, 0};
    CU_ASSERT(overlap(x, y, 16));
    CU_ASSERT(!overlap(x, z, 16));
    /* Patch contents are the raster's cells. */
    size_t k = 7;
    int r0 = t->train.origin_rc[2 * k], c0 = t->train.origin_rc[2 * k + 1];
    CU_ASSERT_EQUAL(t->train.z[k * 256 + 3 * 16 + 5],
                    d->z[(size_t)(r0 + 3) * 200 + c0 + 5]);
    pg_dem_tiling_destroy(&t);
    CU_ASSERT_PTR_NULL(t);

    /* No validation: the whole width trains. */
    p.val_fraction = 0;
    PG_ASSERT_OK(pg_dem_tile(d, &p, &t));
    CU_ASSERT_EQUAL(t->train.n, 11 * 24);
    CU_ASSERT_EQUAL(t->val.n, 0);
    pg_dem_tiling_destroy(&t);

    /* Errors: patch larger than the raster, strips too narrow, params. */
    p.patch = 101;
    expect_error(pg_dem_tile(d, &p, &t), PG_ERR_SHAPE, "mem",
                 "larger than the raster (100 rows x 200 columns)");
    p.patch = 16;
    p.val_fraction = 0.05; /* 10 columns < 16 */
    expect_error(pg_dem_tile(d, &p, &t), PG_ERR_SHAPE, "validation strip",
                 "narrower");
    p.val_fraction = 0.9;
    expect_error(pg_dem_tile(d, &p, &t), PG_ERR_SHAPE, "training strip",
                 "narrower");
    p.val_fraction = 0.2;
    p.stride = 0;
    expect_error(pg_dem_tile(d, &p, &t), PG_ERR_ARG, "stride", NULL);
    CU_ASSERT_PTR_NULL(t);
    pg_dem_destroy(&d);
}

static void test_nodata_drop_fill(void)
{
    /* 32 x 32, four 16 x 16 patches; z linear so an isolated hole's
     * neighbour mean is exact. */
    pg_dem *d = make_dem(32, 32, 2.0, 1.0);
    const int holes[3][2] = {{5, 5}, {9, 3}, {12, 12}}; /* patch (0, 0) */
    for (int i = 0; i < 3; i++)
        d->z[holes[i][0] * 32 + holes[i][1]] = NAN;
    for (int i = 0; i < 20; i++) /* patch (0, 1): 20 of 256 > 5 % */
        d->z[(i / 10) * 32 + 16 + i % 10] = NAN;
    int n20 = 0;
    for (int r = 0; r < 16; r++)
        for (int c = 16; c < 32; c++) n20 += isnan(d->z[r * 32 + c]);
    for (int r = 16; r < 32; r++)
        for (int c = 0; c < 16; c++) d->z[r * 32 + c] = NAN; /* (1, 0) */
    pg_dem_tile_params p = {.patch = 16, .stride = 16, .val_fraction = 0,
                            .gap = 0, .max_nodata = 0.05};
    pg_dem_tiling *t = NULL;
    PG_ASSERT_OK(pg_dem_tile(d, &p, &t));
    CU_ASSERT_EQUAL(t->train.candidates, 4);
    CU_ASSERT_EQUAL(t->train.dropped, 2);
    CU_ASSERT_EQUAL_FATAL(t->train.n, 2);
    CU_ASSERT_EQUAL(t->train.origin_rc[0], 0);
    CU_ASSERT_EQUAL(t->train.origin_rc[1], 0);
    CU_ASSERT_EQUAL(t->train.origin_rc[2], 16);
    CU_ASSERT_EQUAL(t->train.origin_rc[3], 16);
    CU_ASSERT_EQUAL(t->train.filled_cells, 3);
    CU_ASSERT_EQUAL(t->train.filled_patches, 1);
    int mask_sum = 0;
    for (int i = 0; i < 2 * 256; i++) mask_sum += t->train.filled[i];
    CU_ASSERT_EQUAL(mask_sum, 3);
    for (int i = 0; i < 3; i++) {
        int r = holes[i][0], c = holes[i][1];
        CU_ASSERT_EQUAL(t->train.filled[r * 16 + c], 1);
        CU_ASSERT_DOUBLE_EQUAL(t->train.z[r * 16 + c], 2.0 * r + c + 200.0,
                               1e-3);
    }
    pg_dem_tiling_destroy(&t);

    /* max_nodata 1 keeps the 20-hole patch, filled and flagged; the
     * all-no-data patch is still dropped. */
    p.max_nodata = 1;
    PG_ASSERT_OK(pg_dem_tile(d, &p, &t));
    CU_ASSERT_EQUAL(t->train.n, 3);
    CU_ASSERT_EQUAL(t->train.dropped, 1);
    CU_ASSERT_EQUAL(t->train.filled_cells, (size_t)(3 + n20));
    int left = 0;
    for (size_t i = 0; i < t->train.n * 256; i++) left += isnan(t->train.z[i]);
    CU_ASSERT_EQUAL(left, 0);
    pg_dem_tiling_destroy(&t);

    /* Nothing survives: a hole in the last clean patch, no no-data
     * allowed. */
    d->z[20 * 32 + 20] = NAN;
    p.max_nodata = 0;
    expect_error(pg_dem_tile(d, &p, &t), PG_ERR_FORMAT, "mem",
                 "every one of the 4 training patches");
    pg_dem_destroy(&d);
}

static void test_write_roundtrip(void)
{
    pg_dem *d = make_dem(40, 60, 3.0, -1.5);
    d->z[5 * 60 + 5] = NAN;
    pg_dem_tile_params p = {.patch = 16, .stride = 12, .val_fraction = 0.3,
                            .gap = 4, .max_nodata = 0.05};
    pg_dem_tiling *t = NULL;
    PG_ASSERT_OK(pg_dem_tile(d, &p, &t));
    PG_ASSERT_OK(pg_dem_patches_write("tr.h5", &t->train, d, &p, "train"));
    size_t n = t->train.n, cells = n * 256;
    float *z = malloc(cells * sizeof *z), *off = malloc(n * sizeof *off);
    float *sc = malloc(n * sizeof *sc);
    int32_t *org = malloc(2 * n * sizeof *org);
    pg_h5_file *f = NULL;
    PG_ASSERT_OK(pg_h5_file_open("tr.h5", "terrain/1", &f));
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/terrain", PG_H5_F32, z, cells));
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/offset_m", PG_H5_F32, off, n));
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/scale_m", PG_H5_F32, sc, n));
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/origin_rc", PG_H5_I32, org, 2 * n));
    double cx, cy;
    PG_ASSERT_OK(pg_h5_attr_read_double(f, "/", "cell_size_m", &cx));
    PG_ASSERT_OK(pg_h5_attr_read_double(f, "/", "cell_size_y_m", &cy));
    CU_ASSERT_EQUAL(cx, 10.0);
    CU_ASSERT_EQUAL(cy, 12.0);
    pg_schema_report *rep = NULL;
    PG_ASSERT_OK(pg_schema_validate(f, &rep));
    for (size_t i = 0; i < rep->n; i++)
        fprintf(stderr, "\nproblem: %s\n", rep->problems[i]);
    CU_ASSERT_EQUAL(rep->n, 0);
    pg_schema_report_destroy(&rep);
    pg_h5_file_close(&f);
    /* Metres in /terrain; normalised x spans [-1, 1]; back to metres. */
    double worst = 0, xmin = 1, xmax = -1;
    size_t mism = 0;
    for (size_t k = 0; k < n; k++)
        for (int i = 0; i < 256; i++) {
            int r = org[2 * k] + i / 16, c = org[2 * k + 1] + i % 16;
            float src = d->z[(size_t)r * 60 + c], v = z[k * 256 + i];
            if (!isnan(src) && src != v) mism++;
            double x = (v - off[k]) / sc[k];
            xmin = x < xmin ? x : xmin;
            xmax = x > xmax ? x : xmax;
            double back = sc[k] * x + off[k];
            worst = fabs(back - v) > worst ? fabs(back - v) : worst;
        }
    CU_ASSERT_EQUAL(mism, 0);
    CU_ASSERT_DOUBLE_EQUAL(xmin, -1.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(xmax, 1.0, 1e-6);
    CU_ASSERT(worst < 1e-4);
    free(z);
    free(off);
    free(sc);
    free(org);
    pg_dem_tiling_destroy(&t);
    pg_dem_destroy(&d);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("dem");
    PG_TEST(s, test_npy_values);
    PG_TEST(s, test_npy_errors);
    PG_TEST(s, test_gtiff_projected);
    PG_TEST(s, test_geographic_cells);
    PG_TEST(s, test_read_errors);
    PG_TEST(s, test_tiling_split);
    PG_TEST(s, test_nodata_drop_fill);
    PG_TEST(s, test_write_roundtrip);
}
