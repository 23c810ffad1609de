/* DEM reading: .npy through src/io/npy_read.h, everything else through GDAL
 * (band 1 read as float64, no-data and non-finite cells become NaN), then
 * the cell size in metres from the CRS (src/io/dem_read.h). */
#include "io/dem_read.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <errno.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "io/npy_read.h"

static const double DEG_TO_RAD = 3.14159265358979323846 / 180.0;
static const double FOOT_M = 0.3048;               /* international foot */
static const double US_SURVEY_FOOT_M = 1200.0 / 3937.0;
/* Refuse rasters beyond this many cells (a float and a double each). */
static const double MAX_CELLS = 2147483648.0;

void pg_dem_destroy(pg_dem **d)
{
    if (!d || !*d) return;
    free((*d)->z);
    free((*d)->crs);
    free((*d)->crs_name);
    free((*d)->source);
    free(*d);
    *d = NULL;
}

void pg_dem_geographic_cell_size(double lat_deg, double dlon_deg,
                                 double dlat_deg, double a_m, double inv_f,
                                 double *dx_m, double *dy_m)
{
    double f = inv_f > 0 ? 1.0 / inv_f : 0.0;
    double e2 = f * (2.0 - f);                 /* first eccentricity^2 */
    double phi = lat_deg * DEG_TO_RAD;
    double w = sqrt(1.0 - e2 * sin(phi) * sin(phi));
    double n_m = a_m / w;                      /* prime vertical radius */
    double m_m = a_m * (1.0 - e2) / (w * w * w); /* meridional radius */
    *dx_m = n_m * cos(phi) * fabs(dlon_deg) * DEG_TO_RAD;
    *dy_m = m_m * fabs(dlat_deg) * DEG_TO_RAD;
}

/* Elevation unit of a GDAL band in metres per unit, or 0 if unknown. */
static double elevation_unit_m(const char *u)
{
    static const char *const metres[] = {"", "m", "metre", "meter", "metres",
                                         "meters"};
    for (size_t i = 0; i < sizeof metres / sizeof metres[0]; i++)
        if (!strcasecmp(u, metres[i])) return 1.0;
    if (!strcasecmp(u, "ft") || !strcasecmp(u, "foot") ||
        !strcasecmp(u, "feet"))
        return FOOT_M;
    if (!strcasecmp(u, "us-ft") || !strcasecmp(u, "US survey foot"))
        return US_SURVEY_FOOT_M;
    return 0;
}

/* Mark no-data (the given value, NaN, +-Inf) as NaN; count them. A
 * finite value whose elevation does not fit a float (a fuzzing find:
 * "-3276877...7" became -Inf metres) is an error naming its cell. */
static pg_status mark_nodata(pg_dem *d, const double *v, int has_nodata,
                             double nodata, double scale, double offset)
{
    size_t n = (size_t)d->rows * d->cols;
    d->n_nodata = 0;
    for (size_t i = 0; i < n; i++) {
        int bad = !isfinite(v[i]) || (has_nodata && v[i] == nodata);
        d->z[i] = bad ? NAN : (float)(v[i] * scale + offset);
        if (!bad && !isfinite(d->z[i]))
            return PG_FAIL(PG_ERR_FORMAT,
                           "%s: row %zu, column %zu: value %g is not a "
                           "finite elevation in single precision",
                           d->source, i / (size_t)d->cols + 1,
                           i % (size_t)d->cols + 1, v[i]);
        d->n_nodata += bad;
    }
    return PG_OK;
}

/* Cell size from the geotransform and CRS (GDAL rasters). */
static pg_status cell_size_from_crs(pg_dem *d, const double gt[6],
                                    int has_gt)
{
    if (!has_gt)
        return PG_FAIL(PG_ERR_ARG, "%s: no geotransform, so the cell size "
                       "is unknown; give --cell-size M", d->source);
    if (gt[2] != 0.0 || gt[4] != 0.0)
        return PG_FAIL(PG_ERR_FORMAT, "%s: rotated or sheared grid "
                       "(geotransform terms %g, %g) is not supported",
                       d->source, gt[2], gt[4]);
    if (!d->crs[0])
        return PG_FAIL(PG_ERR_ARG, "%s: no coordinate reference system, so "
                       "its cell size (%g x %g in unknown units) cannot be "
                       "converted to metres; give --cell-size M", d->source,
                       fabs(gt[1]), fabs(gt[5]));
    pg_status s = PG_OK;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(d->crs);
    if (!srs)
        return PG_FAIL(PG_ERR_FORMAT, "%s: cannot parse its CRS", d->source);
    const char *name = OSRGetName(srs);
    d->crs_name = strdup(name ? name : "");
    if (!d->crs_name) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: CRS name", d->source);
    } else if (OSRIsGeographic(srs)) {
        OGRErr e1, e2;
        double a = OSRGetSemiMajor(srs, &e1);
        double inv_f = OSRGetInvFlattening(srs, &e2);
        double deg_per_unit = OSRGetAngularUnits(srs, NULL) / DEG_TO_RAD;
        double lat = (gt[3] + gt[5] * d->rows / 2.0) * deg_per_unit;
        if (e1 != OGRERR_NONE || e2 != OGRERR_NONE || !(a > 0))
            s = PG_FAIL(PG_ERR_FORMAT, "%s: CRS %s has no usable ellipsoid",
                        d->source, d->crs_name);
        else if (!(fabs(lat) < 90.0))
            s = PG_FAIL(PG_ERR_FORMAT, "%s: centre latitude %g degrees is "
                        "not within (-90, 90)", d->source, lat);
        else {
            d->centre_lat_deg = lat;
            d->cell_source = PG_DEM_CELL_GEOGRAPHIC;
            pg_dem_geographic_cell_size(lat, gt[1] * deg_per_unit,
                                        gt[5] * deg_per_unit, a, inv_f,
                                        &d->dx_m, &d->dy_m);
        }
    } else if (OSRIsProjected(srs) || OSRIsLocal(srs)) {
        /* A local (engineering) CRS has linear units too: physgan's own
         * GeoTIFFs (io/geotiff.h) and site surveys. */
        double m_per_unit = OSRGetLinearUnits(srs, NULL);
        d->cell_source = PG_DEM_CELL_PROJECTED;
        d->dx_m = fabs(gt[1]) * m_per_unit;
        d->dy_m = fabs(gt[5]) * m_per_unit;
    } else {
        s = PG_FAIL(PG_ERR_ARG, "%s: CRS %s is neither geographic nor "
                    "projected; give --cell-size M", d->source, d->crs_name);
    }
    OSRDestroySpatialReference(srs);
    return s;
}

static pg_status read_gdal(pg_dem *d, const pg_dem_read_options *o,
                           int need_crs_size)
{
    pg_status s = PG_OK;
    double *v = NULL;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(d->source, GDAL_OF_RASTER | GDAL_OF_READONLY,
                                 NULL, NULL, NULL);
    if (!ds) {
        const char *m = CPLGetLastErrorMsg();
        s = PG_FAIL(PG_ERR_IO, "%s: cannot read as a raster: %s", d->source,
                    m && m[0] ? m : "not recognised by GDAL");
        goto done;
    }
    GDALDriverH drv = GDALGetDatasetDriver(ds);
    d->format = drv ? GDALGetDriverShortName(drv) : "GDAL";
    d->rows = GDALGetRasterYSize(ds);
    d->cols = GDALGetRasterXSize(ds);
    if (GDALGetRasterCount(ds) < 1 || d->rows < 1 || d->cols < 1 ||
        (double)d->rows * d->cols > MAX_CELLS) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: %d band(s) of %d x %d cells; need "
                    "a band of 1 to %.0f cells", d->source,
                    GDALGetRasterCount(ds), d->rows, d->cols, MAX_CELLS);
        goto done;
    }
    /* A text grid holds each value as at least a character and a
     * separator: a header promising more is refused before allocating
     * 12 bytes a cell for it (GDAL reads the data only later). */
    if (!strcmp(d->format, "AAIGrid") || !strcmp(d->format, "GRASSASCIIGrid")) {
        struct stat sb;
        if (!stat(d->source, &sb) &&
            (double)d->rows * d->cols > ((double)sb.st_size + 1) / 2) {
            s = PG_FAIL(PG_ERR_FORMAT, "%s: its header promises %d x %d "
                        "values, more than its %lld bytes can hold",
                        d->source, d->rows, d->cols, (long long)sb.st_size);
            goto done;
        }
    }
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    const char *unit = GDALGetRasterUnitType(band);
    double unit_m = elevation_unit_m(unit ? unit : "");
    if (!(unit_m > 0)) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: band 1 elevation unit '%s' is not "
                    "metres or feet", d->source, unit);
        goto done;
    }
    size_t n = (size_t)d->rows * d->cols;
    v = malloc(n * sizeof *v);
    d->z = malloc(n * sizeof *d->z);
    if (!v || !d->z) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: %d x %d raster", d->source, d->rows,
                    d->cols);
        goto done;
    }
    if (GDALRasterIO(band, GF_Read, 0, 0, d->cols, d->rows, v, d->cols,
                     d->rows, GDT_Float64, 0, 0) != CE_None) {
        s = PG_FAIL(PG_ERR_IO, "%s: reading band 1: %s", d->source,
                    CPLGetLastErrorMsg());
        goto done;
    }
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(band, &has_nd);
    if (o->has_nodata) {
        has_nd = 1;
        nd = o->nodata;
    }
    int has_scale = 0, has_offset = 0;
    double scale = GDALGetRasterScale(band, &has_scale);
    double offset = GDALGetRasterOffset(band, &has_offset);
    PG_CHECK_GOTO(s, mark_nodata(d, v, has_nd, nd,
                                 (has_scale ? scale : 1.0) * unit_m,
                                 (has_offset ? offset : 0.0) * unit_m),
                  done);
    const char *wkt = GDALGetProjectionRef(ds);
    d->crs = strdup(wkt ? wkt : "");
    if (!d->crs) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: CRS", d->source);
        goto done;
    }
    double gt[6];
    int has_gt = GDALGetGeoTransform(ds, gt) == CE_None;
    if (need_crs_size) PG_CHECK_GOTO(s, cell_size_from_crs(d, gt, has_gt), done);
done:
    if (ds) GDALClose(ds);
    CPLPopErrorHandler();
    free(v);
    return s;
}

static pg_status read_npy(pg_dem *d, const pg_dem_read_options *o)
{
    double *v = NULL;
    char dtype[8];
    PG_CHECK(pg_npy_read_2d(d->source, &v, &d->rows, &d->cols, dtype));
    d->format = "npy";
    d->z = malloc((size_t)d->rows * d->cols * sizeof *d->z);
    if (!d->z) {
        free(v);
        return PG_FAIL(PG_ERR_NOMEM, "%s: %d x %d array", d->source, d->rows,
                       d->cols);
    }
    pg_status st = mark_nodata(d, v, o->has_nodata, o->nodata, 1.0, 0.0);
    free(v);
    if (st != PG_OK) return st;
    d->crs = strdup("");
    if (!d->crs) return PG_FAIL(PG_ERR_NOMEM, "%s: CRS", d->source);
    return PG_OK;
}

pg_status pg_dem_read(const char *path, const pg_dem_read_options *o,
                      pg_dem **out)
{
    *out = NULL;
    static const pg_dem_read_options none = {0};
    if (!o) o = &none;
    pg_status s = PG_OK;
    pg_dem *d = calloc(1, sizeof *d);
    if (!d || !(d->source = strdup(path))) {
        free(d);
        return PG_FAIL(PG_ERR_NOMEM, "%s: DEM", path);
    }
    FILE *probe = fopen(path, "rb"); /* GDAL says nothing useful here */
    if (!probe) {
        s = PG_FAIL(PG_ERR_IO, "%s: cannot read as a raster: %s", path,
                    strerror(errno));
        goto fail;
    }
    fclose(probe);
    int given = o->cell_size_m > 0;
    int npy = pg_npy_is_npy(path);
    if (npy && !given) {
        s = PG_FAIL(PG_ERR_ARG, "%s: a .npy file has no georeferencing; "
                    "give its cell size with --cell-size M", path);
        goto fail;
    }
    PG_CHECK_GOTO(s, npy ? read_npy(d, o) : read_gdal(d, o, !given), fail);
    if (given) {
        d->cell_source = PG_DEM_CELL_GIVEN;
        d->dx_m = o->cell_size_m;
        d->dy_m = o->cell_size_y_m > 0 ? o->cell_size_y_m : o->cell_size_m;
    }
    if (!d->crs_name && !(d->crs_name = strdup(""))) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: CRS name", path);
        goto fail;
    }
    if (d->n_nodata == (size_t)d->rows * d->cols) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: every one of its %d x %d cells is "
                    "no-data", path, d->rows, d->cols);
        goto fail;
    }
    if (!(d->dx_m > 0) || !(d->dy_m > 0) || !isfinite(d->dx_m) ||
        !isfinite(d->dy_m)) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: cell size %g x %g m is not positive",
                    path, d->dx_m, d->dy_m);
        goto fail;
    }
    *out = d;
    return PG_OK;
fail:
    pg_dem_destroy(&d);
    return s;
}
