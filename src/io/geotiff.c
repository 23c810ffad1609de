/* GeoTIFF writer; see geotiff.h. */
#include "io/geotiff.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <unistd.h>

#include "io/atomic_file.h"

/* The CRS of every physgan GeoTIFF: metres, no datum, no place. */
static char *local_crs_wkt(void)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *wkt = NULL;
    if (srs && OSRSetLocalCS(srs, "physgan local grid (metres)") == OGRERR_NONE &&
        OSRSetLinearUnits(srs, SRS_UL_METER, 1.0) == OGRERR_NONE)
        OSRExportToWkt(srs, &wkt);
    OSRDestroySpatialReference(srs);
    return wkt;
}

/* The dataset in memory at mem: band, geotransform, CRS, tags. */
static pg_status fill(GDALDatasetH ds, const pg_geotiff *g, const float *z,
                      const char *path)
{
    double gt[6] = {0, g->dx, 0, g->nrows * g->dy, 0, -g->dy};
    if (GDALSetGeoTransform(ds, gt) != CE_None)
        return PG_FAIL(PG_ERR_IO, "%s: geotransform: %s", path,
                       CPLGetLastErrorMsg());
    char *wkt = local_crs_wkt();
    CPLErr e = wkt ? GDALSetProjection(ds, wkt) : CE_Failure;
    CPLFree(wkt);
    if (e != CE_None)
        return PG_FAIL(PG_ERR_IO, "%s: CRS: %s", path, CPLGetLastErrorMsg());
    GDALSetMetadataItem(ds, "AREA_OR_POINT", "Area", NULL);
    GDALSetMetadataItem(ds, "TIFFTAG_SOFTWARE", "physgan", NULL);
    if (g->description)
        GDALSetMetadataItem(ds, "TIFFTAG_IMAGEDESCRIPTION", g->description,
                            NULL);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    size_t n = (size_t)g->ncols * (size_t)g->nrows;
    int any_bad = 0;
    for (size_t i = 0; i < n; i++) any_bad |= !isfinite(z[i]);
    if (any_bad) GDALSetRasterNoDataValue(b, NAN);
    GDALSetRasterUnitType(b, "m");
    if (GDALRasterIO(b, GF_Write, 0, 0, g->ncols, g->nrows, (void *)z,
                     g->ncols, g->nrows, GDT_Float32, 0, 0) != CE_None)
        return PG_FAIL(PG_ERR_IO, "%s: raster: %s", path, CPLGetLastErrorMsg());
    return PG_OK;
}

pg_status pg_geotiff_write(const char *path, const pg_geotiff *g,
                           const float *z)
{
    if (g->ncols < 1 || g->nrows < 1 || !(g->dx > 0) || !(g->dy > 0))
        return PG_FAIL(PG_ERR_ARG, "%s: GeoTIFF of %d x %d cells of %g x %g "
                       "m", path, g->ncols, g->nrows, g->dx, g->dy);
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    if (!drv)
        return PG_FAIL(PG_ERR_IO, "%s: this GDAL has no GTiff driver", path);
    char mem[64];
    snprintf(mem, sizeof mem, "/vsimem/physgan_%ld_%p.tif", (long)getpid(),
             (const void *)z);
    char *opts[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", NULL};
    CPLErrorReset();
    GDALDatasetH ds = GDALCreate(drv, mem, g->ncols, g->nrows, 1, GDT_Float32,
                                 opts);
    if (!ds)
        return PG_FAIL(PG_ERR_IO, "%s: GDAL cannot create it: %s", path,
                       CPLGetLastErrorMsg());
    pg_status st = fill(ds, g, z, path);
    GDALClose(ds);
    vsi_l_offset len = 0;
    /* Take ownership of the bytes: VSIUnlink is then not needed. */
    GByte *bytes = st == PG_OK ? VSIGetMemFileBuffer(mem, &len, TRUE) : NULL;
    if (st == PG_OK && !bytes)
        st = PG_FAIL(PG_ERR_IO, "%s: GDAL wrote no bytes: %s", path,
                     CPLGetLastErrorMsg());
    if (st == PG_OK) st = pg_atomic_file_write(path, bytes, (size_t)len, 0644);
    if (bytes) CPLFree(bytes);
    else VSIUnlink(mem);
    return st;
}
