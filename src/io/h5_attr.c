/* HDF5 attributes: scalar strings, doubles and integers. */
#include <stdlib.h>
#include <string.h>

#include "io/h5_impl.h"

static pg_status fail_h5(pg_status s, const pg_h5_file *f, const char *obj,
                         const char *name, const char *what)
{
    char why[256];
    pg_h5_reason(why, sizeof why);
    return PG_FAIL(s, "%s: %s attribute %s of %s: %s", f->path, what, name,
                   obj, why);
}

/* Replace attribute name on obj with a scalar of type `type`. */
static pg_status write_scalar(pg_h5_file *f, const char *obj, const char *name,
                              hid_t type, const void *value)
{
    PG_CHECK(pg_h5_require_writer(f, "HDF5 attribute"));
    if (H5Aexists_by_name(f->id, obj, name, H5P_DEFAULT) > 0)
        H5Adelete_by_name(f->id, obj, name, H5P_DEFAULT);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate_by_name(f->id, obj, name, type, space, H5P_DEFAULT,
                                H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, type, value);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    if (rc < 0) return fail_h5(PG_ERR_IO, f, obj, name, "cannot write");
    return PG_OK;
}

pg_status pg_h5_attr_write_string(pg_h5_file *f, const char *obj,
                                  const char *name, const char *value)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    size_t len = strlen(value);
    H5Tset_size(t, len ? len : 1);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Tset_cset(t, H5T_CSET_UTF8);
    pg_status st = write_scalar(f, obj, name, t, len ? value : "");
    H5Tclose(t);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_h5_attr_write_double(pg_h5_file *f, const char *obj,
                                  const char *name, double value)
{
    PG_CHECK(write_scalar(f, obj, name, H5T_NATIVE_DOUBLE, &value));
    return PG_OK;
}

pg_status pg_h5_attr_write_int(pg_h5_file *f, const char *obj,
                               const char *name, int64_t value)
{
    PG_CHECK(write_scalar(f, obj, name, H5T_NATIVE_INT64, &value));
    return PG_OK;
}

int pg_h5_attr_exists(pg_h5_file *f, const char *obj, const char *name)
{
    if (!pg_h5_exists(f, obj)) return 0;
    htri_t e = H5Aexists_by_name(f->id, obj, name, H5P_DEFAULT);
    if (e < 0) H5Eclear2(H5E_DEFAULT);
    return e > 0;
}

static pg_status open_attr(pg_h5_file *f, const char *obj, const char *name,
                           hid_t *a)
{
    if (!pg_h5_attr_exists(f, obj, name))
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s has no attribute %s", f->path,
                       obj, name);
    *a = H5Aopen_by_name(f->id, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    if (*a < 0) return fail_h5(PG_ERR_FORMAT, f, obj, name, "cannot open");
    hid_t space = H5Aget_space(*a);
    hssize_t npoints = H5Sget_simple_extent_npoints(space);
    H5Sclose(space);
    if (npoints != 1) {
        H5Aclose(*a);
        return PG_FAIL(PG_ERR_FORMAT, "%s: attribute %s of %s has %lld values,"
                       " expected one", f->path, name, obj, (long long)npoints);
    }
    return PG_OK;
}

pg_status pg_h5_attr_read_string(pg_h5_file *f, const char *obj,
                                 const char *name, char **out)
{
    *out = NULL;
    hid_t a;
    PG_CHECK(open_attr(f, obj, name, &a));
    hid_t ft = H5Aget_type(a);
    pg_status st = PG_OK;
    if (H5Tget_class(ft) != H5T_STRING) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: attribute %s of %s is not a string",
                     f->path, name, obj);
        goto done;
    }
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_cset(mt, H5Tget_cset(ft)); /* HDF5 will not convert charsets */
    if (H5Tis_variable_str(ft) > 0) {
        char *vs = NULL;
        H5Tset_size(mt, H5T_VARIABLE);
        if (H5Aread(a, mt, &vs) < 0) {
            st = fail_h5(PG_ERR_FORMAT, f, obj, name, "cannot read");
        } else {
            *out = strdup(vs ? vs : "");
            H5free_memory(vs);
        }
    } else {
        size_t len = H5Tget_size(ft);
        H5Tset_size(mt, len + 1);
        H5Tset_strpad(mt, H5T_STR_NULLTERM);
        *out = calloc(len + 1, 1);
        if (*out && H5Aread(a, mt, *out) < 0) {
            st = fail_h5(PG_ERR_FORMAT, f, obj, name, "cannot read");
            free(*out);
            *out = NULL;
        }
    }
    H5Tclose(mt);
    if (st == PG_OK && !*out)
        st = PG_FAIL(PG_ERR_NOMEM, "%s: attribute %s", f->path, name);
done:
    H5Tclose(ft);
    H5Aclose(a);
    return st;
}

static pg_status read_number(pg_h5_file *f, const char *obj, const char *name,
                             hid_t mem, void *out)
{
    hid_t a;
    PG_CHECK(open_attr(f, obj, name, &a));
    hid_t ft = H5Aget_type(a);
    H5T_class_t c = H5Tget_class(ft);
    H5Tclose(ft);
    pg_status st = PG_OK;
    if (c != H5T_INTEGER && c != H5T_FLOAT)
        st = PG_FAIL(PG_ERR_FORMAT, "%s: attribute %s of %s is not a number",
                     f->path, name, obj);
    else if (H5Aread(a, mem, out) < 0)
        st = fail_h5(PG_ERR_FORMAT, f, obj, name, "cannot read");
    H5Aclose(a);
    return st;
}

pg_status pg_h5_attr_read_double(pg_h5_file *f, const char *obj,
                                 const char *name, double *out)
{
    PG_CHECK(read_number(f, obj, name, H5T_NATIVE_DOUBLE, out));
    return PG_OK;
}

pg_status pg_h5_attr_read_int(pg_h5_file *f, const char *obj,
                              const char *name, int64_t *out)
{
    double d;
    PG_CHECK(read_number(f, obj, name, H5T_NATIVE_DOUBLE, &d));
    PG_CHECK(read_number(f, obj, name, H5T_NATIVE_INT64, out));
    /* A float attribute converts by truncation: refuse a fraction. */
    if ((double)*out != d)
        return PG_FAIL(PG_ERR_FORMAT, "%s: attribute %s of %s is %g, expected"
                       " an integer", f->path, name, obj, d);
    return PG_OK;
}
