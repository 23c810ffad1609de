#include "io/images_h5.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "io/h5.h"
#include "io/schema.h"

/* Small images compress well; level 4 is near the best ratio at a
 * fraction of level 9's time. */
enum { IMAGES_GZIP = 4 };

static pg_status check_shape(const char *path, const pg_images *im)
{
    if (im->n < 1 || im->c < 1 || im->h < 1 || im->w < 1 || im->classes < 2)
        return PG_FAIL(PG_ERR_ARG, "%s: %d images of (%d, %d, %d) with %d "
                       "classes: all must be positive, classes >= 2", path,
                       im->n, im->c, im->h, im->w, im->classes);
    return PG_OK;
}

pg_status pg_images_write(const char *path, const pg_images *im,
                          const char *source)
{
    PG_CHECK(check_shape(path, im));
    pg_h5_file *f = NULL;
    pg_status s;
    size_t dims[4] = {(size_t)im->n, (size_t)im->c, (size_t)im->h,
                      (size_t)im->w};
    size_t n = (size_t)im->n;
    PG_CHECK(pg_h5_writer_open(path, PG_IMAGES_SCHEMA, source, &f));
    PG_CHECK_GOTO(s, pg_h5_dataset_write(f, "/images", PG_H5_F32, 4, dims,
                                         im->x, "1", IMAGES_GZIP), fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_write(f, "/labels", PG_H5_I32, 1, &n,
                                         im->labels, "1", IMAGES_GZIP), fail);
    PG_CHECK_GOTO(s, pg_h5_attr_write_int(f, "/", "classes", im->classes),
                  fail);
    PG_CHECK(pg_h5_writer_commit(&f));
    return PG_OK;
fail:
    pg_h5_writer_abort(&f);
    return s;
}

static pg_status read_shapes(const char *path, pg_h5_file *f, pg_images *im)
{
    pg_h5_dataset_info ii, li;
    PG_CHECK(pg_h5_dataset_info_get(f, "/images", &ii));
    PG_CHECK(pg_h5_dataset_info_get(f, "/labels", &li));
    if (ii.type != PG_H5_F32 || ii.rank != 4)
        return PG_FAIL(PG_ERR_FORMAT, "%s: /images is %s of rank %d, "
                       "expected float32 (N, C, H, W)", path,
                       pg_h5_type_name(ii.type), ii.rank);
    if (li.type != PG_H5_I32 || li.rank != 1 || li.dims[0] != ii.dims[0])
        return PG_FAIL(PG_ERR_FORMAT, "%s: /labels is %s of rank %d, expected "
                       "int32 (%zu) to match /images", path,
                       pg_h5_type_name(li.type), li.rank, ii.dims[0]);
    for (int i = 0; i < 4; i++)
        if (ii.dims[i] < 1 || ii.dims[i] > INT_MAX / 64)
            return PG_FAIL(PG_ERR_FORMAT, "%s: /images dimension %d is %zu",
                           path, i, ii.dims[i]);
    int64_t classes;
    PG_CHECK(pg_h5_attr_read_int(f, "/", "classes", &classes));
    if (classes < 2 || classes > INT_MAX)
        return PG_FAIL(PG_ERR_FORMAT, "%s: root attribute classes = %lld, "
                       "expected >= 2", path, (long long)classes);
    im->n = (int)ii.dims[0];
    im->c = (int)ii.dims[1];
    im->h = (int)ii.dims[2];
    im->w = (int)ii.dims[3];
    im->classes = (int)classes;
    return PG_OK;
}

static pg_status check_values(const char *path, const pg_images *im)
{
    size_t per = (size_t)im->c * (size_t)im->h * (size_t)im->w;
    for (size_t i = 0; i < (size_t)im->n * per; i++)
        if (!(im->x[i] >= 0.0f && im->x[i] <= 1.0f))
            return PG_FAIL(PG_ERR_FORMAT, "%s: /images[%zu] (image %zu) is "
                           "%g, outside [0, 1]", path, i, i / per,
                           (double)im->x[i]);
    for (int i = 0; i < im->n; i++)
        if (im->labels[i] < 0 || im->labels[i] >= im->classes)
            return PG_FAIL(PG_ERR_FORMAT, "%s: /labels[%d] is %d, outside "
                           "[0, %d) (attribute classes)", path, i,
                           (int)im->labels[i], im->classes);
    return PG_OK;
}

pg_status pg_images_read(const char *path, pg_images **out)
{
    *out = NULL;
    pg_h5_file *f = NULL;
    pg_images *im = calloc(1, sizeof *im);
    pg_status s;
    if (!im) return PG_FAIL(PG_ERR_NOMEM, "%s: images", path);
    PG_CHECK_GOTO(s, pg_h5_file_open_valid(path, PG_IMAGES_SCHEMA, &f), fail);
    PG_CHECK_GOTO(s, read_shapes(path, f, im), fail);
    size_t len = (size_t)im->n * (size_t)im->c * (size_t)im->h * (size_t)im->w;
    im->x = malloc(len * sizeof *im->x);
    im->labels = malloc((size_t)im->n * sizeof *im->labels);
    if (!im->x || !im->labels) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: %zu pixels", path, len);
        goto fail;
    }
    PG_CHECK_GOTO(s, pg_h5_dataset_read(f, "/images", PG_H5_F32, im->x, len),
                  fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_read(f, "/labels", PG_H5_I32, im->labels,
                                        (size_t)im->n), fail);
    PG_CHECK_GOTO(s, check_values(path, im), fail);
    pg_h5_file_close(&f);
    *out = im;
    return PG_OK;
fail:
    pg_h5_file_close(&f);
    pg_images_destroy(&im);
    return s;
}

void pg_images_destroy(pg_images **im)
{
    if (!im || !*im) return;
    free((*im)->x);
    free((*im)->labels);
    free(*im);
    *im = NULL;
}
