/* Fuzz target "h5_inputs": HDF5 datasets as physgan's readers meet them
 * after the schema check. HDF5's own file format is not fuzzed (the files
 * are always written through the HDF5 library); what is in them is.
 *
 * Once per process the harness writes a valid base file of each kind
 * with physgan's own writers (terrain/1, foam/1, images/1, checkpoint/1)
 * into a private folder (/dev/shm, else /tmp). Each input then:
 *   byte 0: which base file (mod 4); bit 2: leave a changed checkpoint's
 *           checksum stale (else it is recomputed, so the checkpoint
 *           reader gets past the checksum to the contents);
 *   then edits, each an opcode byte and its operands (missing bytes read
 *   as 0), applied with the HDF5 API to a copy of the base file:
 *     0 one element of a dataset set to raw bytes from the input
 *     1 one element or all of a dataset set to a special value (NaN,
 *       +-Inf, -1, huge, INT32_MIN, ...), converted to its type by HDF5
 *     2 a dataset replaced by one of another type and shape (rank 0-3,
 *       up to 4096 elements) holding input bytes, keeping its units
 *     3 a dataset or group deleted
 *     4 a root attribute set to another type / value / string
 *     5 a dataset's units attribute set to input text or a number
 *     6 an attribute of the root or of a dataset deleted
 *     7 a dataset added under a name readers look for
 * and the validating readers run on the result: pg_h5_file_open_valid
 * (what every command does first), then the domain reader of the kind
 * (terrain, foam sequences and frames, images, checkpoint with its
 * checksum and getters), and the schema report `physgan info` prints.
 * Checked: never a crash, leak, read out of bounds or an allocation the
 * file cannot justify; what a reader accepts has the promised form (finite
 * elevations, labels within the class count, values in range). */
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "io/checkpoint.h"
#include "io/checkpoint_seal.h"
#include "io/foam_file.h"
#include "io/h5.h"
#include "io/images_h5.h"
#include "io/schema.h"
#include "io/terrain_file.h"
#include "physics/foam/io/foam_frames.h"
#include "physics/foam/io/foam_sequence.h"

enum { KINDS = 4, MAX_ELEMS = 4096, MAX_OBJECTS = 64 };
static const char *const KIND_NAME[KINDS] = {"terrain", "foam", "images",
                                            "checkpoint"};
static const char *const KIND_SCHEMA[KINDS] = {"terrain/1", "foam/1",
                                              "images/1", "checkpoint/1"};
static char dir[128], base[KINDS][192], work[192];
static unsigned char *base_bytes[KINDS];
static size_t base_size[KINDS];

/* ---- base files ------------------------------------------------------ */

static pg_status write_terrain(const char *path)
{
    float z[2 * 4 * 4];
    uint8_t filled[2 * 4 * 4] = {0};
    int32_t origin[4] = {0, 0, 4, 0};
    float offset[2] = {100, 120}, scale[2] = {5, 7};
    for (int i = 0; i < 32; i++) z[i] = 100.0f + (float)(i % 7);
    filled[3] = 1;
    size_t d3[3] = {2, 4, 4}, d2[2] = {2, 2}, d1[1] = {2};
    pg_h5_file *w = NULL;
    PG_CHECK(pg_h5_writer_open(path, "terrain/1", "fuzz base", &w));
    pg_status st;
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3, d3, z, "m", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/filled", PG_H5_U8, 3, d3, filled, "1", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/origin_rc", PG_H5_I32, 2, d2, origin, "1", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/offset_m", PG_H5_F32, 1, d1, offset, "m", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/scale_m", PG_H5_F32, 1, d1, scale, "m", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_double(w, "/", "cell_size_m", 30), fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_double(w, "/", "cell_size_y_m", 25), fail);
    return pg_h5_writer_commit(&w);
fail:
    pg_h5_writer_abort(&w);
    return st;
}

static pg_status write_foam(const char *path)
{
    /* 1 sequence of 2 frames of 4 x 4: four bubbles, one shrinking. */
    int32_t labels[2 * 16];
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < 16; i++)
            labels[t * 16 + i] = (i / 8) * 2 + (i % 4) / 2 + (t && i == 5);
    pg_foam_header h = {.shape = {1, 2, 4, 4}, .start_mcs = 0,
                        .interval_mcs = 10, .simulator = "potts",
                        .temperature = 0.5};
    pg_h5_file *w = NULL;
    PG_CHECK(pg_foam_file_create(path, "fuzz base", &h, labels, &w));
    return pg_h5_writer_commit(&w);
}

static pg_status write_images(const char *path)
{
    float x[3 * 1 * 2 * 2];
    int32_t labels[3] = {0, 1, 1};
    for (int i = 0; i < 12; i++) x[i] = (float)i / 11.0f;
    pg_images im = {.n = 3, .c = 1, .h = 2, .w = 2, .classes = 2, .x = x,
                    .labels = labels};
    return pg_images_write(path, &im, "fuzz base");
}

static pg_status write_checkpoint(const char *path)
{
    pg_checkpoint *c = NULL;
    PG_CHECK(pg_checkpoint_create(&c));
    float g[5] = {0.5f, -1, 2, 0, 3}, d[3] = {1, 2, 3};
    uint8_t rng[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    pg_status st;
    PG_CHECK_GOTO(st, pg_checkpoint_set_config(c, "[model]\narch = gan\n"), done);
    pg_checkpoint_set_step(c, 7);
    pg_checkpoint_set_loader(c, 1, 2);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(c, "G/params", g, 5), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(c, "D/params", d, 3), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(c, "opt/G/m", g, 5), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(c, "opt/G/step", 7), done);
    PG_CHECK_GOTO(st, pg_checkpoint_set_rng(c, rng, sizeof rng), done);
    st = pg_checkpoint_write(c, path, MPI_COMM_NULL);
done:
    pg_checkpoint_destroy(&c);
    return st;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    unsigned char *b = len > 0 ? malloc((size_t)len) : NULL;
    if (b && fread(b, 1, (size_t)len, f) != (size_t)len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *n = (size_t)len;
    return b;
}

static int setup(void)
{
    if (dir[0]) return 0;
    if (pg_fuzz_private_dir("h5", dir, sizeof dir)) abort();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    static pg_status (*const write[KINDS])(const char *) = {
        write_terrain, write_foam, write_images, write_checkpoint};
    for (int k = 0; k < KINDS; k++) {
        snprintf(base[k], sizeof base[k], "%s/base-%s.h5", dir, KIND_NAME[k]);
        if (write[k](base[k]) != PG_OK) {
            fprintf(stderr, "fuzz_h5_inputs: base %s: %s\n", base[k],
                    pg_error_message());
            abort();
        }
        base_bytes[k] = slurp(base[k], &base_size[k]);
        if (!base_bytes[k]) abort();
    }
    snprintf(work, sizeof work, "%s/work.h5", dir);
    return 0;
}

/* ---- the input as operands ------------------------------------------- */

typedef struct input {
    const uint8_t *p, *end;
} input;

static unsigned take(input *in)
{
    return in->p < in->end ? *in->p++ : 0;
}

static unsigned take16(input *in)
{
    unsigned a = take(in);
    return a | take(in) << 8;
}

static void take_bytes(input *in, void *dst, size_t n)
{
    unsigned char *d = dst;
    for (size_t i = 0; i < n; i++) d[i] = (unsigned char)take(in);
}

/* Text from the input: a length byte (mod 48), then that many bytes. */
static void take_text(input *in, char *dst, size_t cap)
{
    size_t n = take(in) % 48;
    if (n >= cap) n = cap - 1;
    take_bytes(in, dst, n);
    dst[n] = 0;
}

/* ---- the file's objects --------------------------------------------- */

typedef struct objects {
    int n, n_ds;
    char name[MAX_OBJECTS][128];
    int is_ds[MAX_OBJECTS];
} objects;

static herr_t visit(hid_t o, const char *name, const H5O_info_t *info,
                    void *ctx)
{
    (void)o;
    objects *ob = ctx;
    if (ob->n >= MAX_OBJECTS || !strcmp(name, ".")) return 0;
    snprintf(ob->name[ob->n], sizeof ob->name[0], "/%s", name);
    ob->is_ds[ob->n] = info->type == H5O_TYPE_DATASET;
    ob->n_ds += ob->is_ds[ob->n];
    ob->n++;
    return 0;
}

static void list_objects(hid_t f, objects *ob)
{
    memset(ob, 0, sizeof *ob);
    H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit, ob, H5O_INFO_BASIC);
}

static const char *pick_dataset(const objects *ob, unsigned k)
{
    if (!ob->n_ds) return NULL;
    k %= (unsigned)ob->n_ds;
    for (int i = 0; i < ob->n; i++)
        if (ob->is_ds[i] && k-- == 0) return ob->name[i];
    return NULL;
}

/* ---- edits -------------------------------------------------------------- */

static const double SPECIAL[] = {NAN, INFINITY, -INFINITY, -1, 0, 1, 0.5,
                                 -0.5, 1e30, -1e30, 2147483647.0,
                                 -2147483648.0, 255, 256, 65535, 1e-40,
                                 9.3e18, -9.3e18, 20, 21, 118, 119, 230};
enum { N_SPECIAL = sizeof SPECIAL / sizeof SPECIAL[0] };

static hid_t take_type(input *in)
{
    static const hid_t *const T[] = {
        &H5T_NATIVE_FLOAT_g, &H5T_NATIVE_DOUBLE_g, &H5T_NATIVE_INT8_g,
        &H5T_NATIVE_INT16_g, &H5T_NATIVE_INT32_g, &H5T_NATIVE_INT64_g,
        &H5T_NATIVE_UINT8_g, &H5T_NATIVE_UINT16_g, &H5T_NATIVE_UINT32_g};
    H5open();
    unsigned k = take(in) % 10;
    if (k < 9) return H5Tcopy(*T[k]);
    hid_t s = H5Tcopy(H5T_C_S1); /* fixed-length strings */
    H5Tset_size(s, 1 + take(in) % 16);
    return s;
}

/* A rank 0-3 dataspace of at most MAX_ELEMS elements (dims may be 0). */
static hid_t take_space(input *in, size_t *nelem)
{
    int rank = (int)(take(in) % 4);
    hsize_t dims[3];
    size_t n = 1;
    for (int i = 0; i < rank; i++) {
        dims[i] = take(in) % 17;
        if (n * dims[i] > MAX_ELEMS) dims[i] = 1;
        n *= (size_t)dims[i];
    }
    *nelem = n;
    return rank ? H5Screate_simple(rank, dims, NULL) : H5Screate(H5S_SCALAR);
}

/* The element at linear index k of a dataspace selected alone. */
static int select_element(hid_t space, unsigned k)
{
    hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n <= 0) return -1;
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank == 0) return H5Sselect_all(space) < 0 ? -1 : 0;
    hsize_t dims[H5S_MAX_RANK], coord[H5S_MAX_RANK];
    H5Sget_simple_extent_dims(space, dims, NULL);
    hsize_t idx = k % (hsize_t)n;
    for (int i = rank - 1; i >= 0; i--) {
        coord[i] = idx % dims[i];
        idx /= dims[i];
    }
    return H5Sselect_elements(space, H5S_SELECT_SET, 1, coord) < 0 ? -1 : 0;
}

static void edit_element_bytes(hid_t f, const objects *ob, input *in)
{
    const char *name = pick_dataset(ob, take(in));
    unsigned k = take16(in);
    if (!name) return;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t t = d < 0 ? -1 : H5Dget_type(d);
    hid_t s = d < 0 ? -1 : H5Dget_space(d);
    if (t >= 0 && s >= 0 && H5Tget_class(t) != H5T_STRING &&
        H5Tget_size(t) <= 16 && select_element(s, k) == 0) {
        unsigned char v[16];
        take_bytes(in, v, H5Tget_size(t));
        hsize_t one = 1;
        hid_t m = H5Screate_simple(1, &one, NULL);
        H5Dwrite(d, t, m, s, H5P_DEFAULT, v);
        H5Sclose(m);
    }
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    if (d >= 0) H5Dclose(d);
}

static void edit_special(hid_t f, const objects *ob, input *in)
{
    const char *name = pick_dataset(ob, take(in));
    unsigned k = take16(in), how = take(in);
    double v = SPECIAL[how % N_SPECIAL];
    if (!name) return;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t s = d < 0 ? -1 : H5Dget_space(d);
    hssize_t n = s < 0 ? 0 : H5Sget_simple_extent_npoints(s);
    if (n > 0 && n <= 1 << 20) {
        hid_t t = H5Dget_type(d);
        if (H5Tget_class(t) != H5T_STRING) {
            int all = (how / N_SPECIAL) & 1;
            double *buf = malloc((size_t)n * sizeof *buf);
            hsize_t count = all ? (hsize_t)n : 1;
            hid_t m = H5Screate_simple(1, &count, NULL);
            if (buf && (all ? H5Sselect_all(s) : select_element(s, k)) >= 0) {
                for (hssize_t i = 0; i < (hssize_t)count; i++) buf[i] = v;
                H5Dwrite(d, H5T_NATIVE_DOUBLE, m, s, H5P_DEFAULT, buf);
            }
            H5Sclose(m);
            free(buf);
        }
        H5Tclose(t);
    }
    if (s >= 0) H5Sclose(s);
    if (d >= 0) H5Dclose(d);
}

static void write_units(hid_t obj, const char *units)
{
    if (H5Aexists(obj, "units") > 0) H5Adelete(obj, "units");
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(units) + 1);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(obj, "units", t, s, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        H5Awrite(a, t, units);
        H5Aclose(a);
    }
    H5Sclose(s);
    H5Tclose(t);
}

/* The units attribute of a dataset ("" when none). */
static void read_units(hid_t f, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0) return;
    if (H5Aexists(d, "units") > 0) {
        hid_t a = H5Aopen(d, "units", H5P_DEFAULT);
        hid_t t = H5Aget_type(a);
        if (H5Tget_class(t) == H5T_STRING && !H5Tis_variable_str(t) &&
            H5Tget_size(t) < cap) {
            memset(out, 0, cap);
            H5Aread(a, t, out);
        }
        H5Tclose(t);
        H5Aclose(a);
    }
    H5Dclose(d);
}

static void create_dataset(hid_t f, const char *name, input *in,
                           const char *units)
{
    hid_t t = take_type(in);
    size_t n;
    hid_t s = take_space(in, &n);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t d = H5Dcreate2(f, name, t, s, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0) {
        size_t bytes = n * H5Tget_size(t);
        unsigned char *buf = malloc(bytes ? bytes : 1);
        if (buf) {
            /* The input's next bytes, repeated: values with a pattern. */
            size_t use = take(in) % 64, avail = (size_t)(in->end - in->p);
            if (use > avail) use = avail;
            for (size_t i = 0; i < bytes; i++)
                buf[i] = use ? in->p[i % use] : 0;
            in->p += use;
            H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
            free(buf);
        }
        if (units[0]) write_units(d, units);
        H5Dclose(d);
    }
    H5Pclose(lcpl);
    H5Sclose(s);
    H5Tclose(t);
}

static void edit_replace(hid_t f, const objects *ob, input *in)
{
    const char *name = pick_dataset(ob, take(in));
    if (!name) return;
    char units[64];
    read_units(f, name, units, sizeof units);
    H5Ldelete(f, name, H5P_DEFAULT);
    create_dataset(f, name, in, units);
}

static void edit_delete(hid_t f, const objects *ob, input *in)
{
    unsigned k = take(in);
    if (ob->n) H5Ldelete(f, ob->name[k % (unsigned)ob->n], H5P_DEFAULT);
}

/* Replace attribute `name` of obj by a value of a type the input picks. */
static void set_attr(hid_t obj, const char *name, input *in)
{
    unsigned how = take(in) % 6;
    if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
    hid_t t, s;
    unsigned char val[64] = {0};
    if (how == 0) { /* a string */
        char text[48];
        take_text(in, text, sizeof text);
        t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, strlen(text) + 1);
        memcpy(val, text, strlen(text) + 1);
        s = H5Screate(H5S_SCALAR);
    } else if (how == 1) { /* a special double */
        t = H5Tcopy(H5T_NATIVE_DOUBLE);
        double v = SPECIAL[take(in) % N_SPECIAL];
        memcpy(val, &v, sizeof v);
        s = H5Screate(H5S_SCALAR);
    } else if (how == 2) { /* an integer of some width, raw bytes */
        hid_t *w[] = {&H5T_NATIVE_INT8_g, &H5T_NATIVE_INT32_g,
                      &H5T_NATIVE_INT64_g, &H5T_NATIVE_UINT64_g};
        H5open();
        t = H5Tcopy(*w[take(in) % 4]);
        take_bytes(in, val, H5Tget_size(t));
        s = H5Screate(H5S_SCALAR);
    } else if (how == 3) { /* an array of 0-3 doubles */
        t = H5Tcopy(H5T_NATIVE_DOUBLE);
        hsize_t n = take(in) % 4;
        for (hsize_t i = 0; i < n; i++)
            memcpy(val + 8 * i, &SPECIAL[take(in) % N_SPECIAL], 8);
        s = H5Screate_simple(1, &n, NULL);
    } else if (how == 4) { /* a raw double */
        t = H5Tcopy(H5T_NATIVE_DOUBLE);
        take_bytes(in, val, 8);
        s = H5Screate(H5S_SCALAR);
    } else { /* a float32 */
        t = H5Tcopy(H5T_NATIVE_FLOAT);
        float v = (float)SPECIAL[take(in) % N_SPECIAL];
        memcpy(val, &v, sizeof v);
        s = H5Screate(H5S_SCALAR);
    }
    hid_t a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        H5Awrite(a, t, val);
        H5Aclose(a);
    }
    H5Sclose(s);
    H5Tclose(t);
}

/* The k-th attribute name of obj, or a name readers look for. */
static void attr_name(hid_t obj, unsigned k, char *out, size_t cap)
{
    static const char *const KNOWN[] = {
        "physgan_schema", "cell_size_m", "cell_size_y_m", "classes",
        "ranks", "simulator", "temperature", "interval_mcs", "start_mcs",
        "size", "surrogate", "units", "created_by", "source"};
    enum { N_KNOWN = sizeof KNOWN / sizeof KNOWN[0] };
    H5O_info_t info;
    unsigned n = H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS) < 0
                     ? 0 : (unsigned)info.num_attrs;
    out[0] = 0;
    if (k % 2 && n)
        H5Aget_name_by_idx(obj, ".", H5_INDEX_NAME, H5_ITER_INC,
                           (k / 2) % n, out, cap, H5P_DEFAULT);
    if (!out[0]) snprintf(out, cap, "%s", KNOWN[(k / 2) % N_KNOWN]);
}

static void edit_root_attr(hid_t f, input *in)
{
    char name[128];
    attr_name(f, take(in), name, sizeof name);
    set_attr(f, name, in);
}

static void edit_units(hid_t f, const objects *ob, input *in)
{
    const char *name = pick_dataset(ob, take(in));
    if (!name) return;
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0) return;
    set_attr(d, "units", in);
    H5Dclose(d);
}

static void edit_delete_attr(hid_t f, const objects *ob, input *in)
{
    unsigned where = take(in), k = take(in);
    const char *name = where % 2 ? pick_dataset(ob, where / 2) : NULL;
    hid_t obj = name ? H5Dopen2(f, name, H5P_DEFAULT) : f;
    if (obj < 0) return;
    char a[128];
    attr_name(obj, k | 1, a, sizeof a);
    if (H5Aexists(obj, a) > 0) H5Adelete(obj, a);
    if (obj != f) H5Dclose(obj);
}

static void edit_add(hid_t f, input *in)
{
    static const char *const NAMES[] = {
        "/rng/rank_1", "/props/gii", "/G_ema/params", "/E/params",
        "/filled", "/labels", "/time", "/images", "/terrain", "/x",
        "/opt/G/v", "/loader/extra", "/config2", "/step"};
    const char *name = NAMES[take(in) % (sizeof NAMES / sizeof NAMES[0])];
    if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
    create_dataset(f, name, in, take(in) % 2 ? "1" : "");
}

static int apply_edits(input *in)
{
    hid_t f = H5Fopen(work, H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return -1;
    for (int e = 0; e < 32 && in->p < in->end; e++) {
        objects ob;
        list_objects(f, &ob);
        switch (take(in) % 8) {
        case 0: edit_element_bytes(f, &ob, in); break;
        case 1: edit_special(f, &ob, in); break;
        case 2: edit_replace(f, &ob, in); break;
        case 3: edit_delete(f, &ob, in); break;
        case 4: edit_root_attr(f, in); break;
        case 5: edit_units(f, &ob, in); break;
        case 6: edit_delete_attr(f, &ob, in); break;
        default: edit_add(f, in); break;
        }
    }
    H5Fclose(f);
    return 0;
}

/* ---- readers ------------------------------------------------------------ */

static void read_terrain(void)
{
    pg_h5_file *f = NULL;
    if (pg_fuzz_note("terrain open_valid", pg_h5_file_open_valid(work, "terrain/1", &f)) != PG_OK) return;
    size_t n;
    int h, w;
    double dx, dy;
    float *z = NULL;
    if (pg_fuzz_note("terrain read", pg_terrain_file_read(f, &n, &h, &w, &dx, &dy, &z)) == PG_OK) {
        if (!n || h < 1 || w < 1 || !(dx > 0) || !(dy > 0) ||
            !isfinite(dx) || !isfinite(dy))
            abort();
        for (size_t i = 0; i < n * (size_t)h * (size_t)w; i++)
            if (!isfinite(z[i])) abort();
        free(z);
    }
    pg_h5_file_close(&f);
}

static void read_foam(void)
{
    pg_h5_file *f = NULL;
    if (pg_fuzz_note("foam open_valid", pg_h5_file_open_valid(work, "foam/1", &f)) == PG_OK) {
        pg_foam_shape sh;
        if (pg_fuzz_note("foam shape", pg_foam_file_shape(f, work, &sh)) == PG_OK &&
            (sh.sequences < 1 || sh.frames < 1 || sh.height < 1 ||
             sh.width < 1))
            abort();
        pg_h5_file_close(&f);
    }
    pg_error_clear();
    pg_foam_sequence s;
    if (pg_fuzz_note("foam sequence", pg_foam_sequence_read(work, 0, &s)) == PG_OK) {
        pg_fuzz_note("foam track", pg_foam_sequence_track(&s));
        pg_foam_sequence_free(&s);
    }
    pg_error_clear();
    pg_foam_frames *fr = NULL;
    if (pg_fuzz_note("foam frames", pg_foam_frames_load(work, "/labels", 0, 1, &fr)) == PG_OK)
        pg_foam_frames_free(&fr);
}

static void read_images(void)
{
    pg_images *im = NULL;
    if (pg_fuzz_note("images read", pg_images_read(work, &im)) != PG_OK) return;
    if (im->n < 1 || im->classes < 2) abort();
    for (int i = 0; i < im->n; i++)
        if (im->labels[i] < 0 || im->labels[i] >= im->classes) abort();
    for (size_t i = 0; i < (size_t)im->n * im->c * im->h * im->w; i++)
        if (!(im->x[i] >= 0 && im->x[i] <= 1)) abort();
    pg_images_destroy(&im);
}

static void read_checkpoint(void)
{
    pg_fuzz_note("checkpoint verify", pg_checkpoint_verify(work));
    pg_checkpoint *c = NULL;
    if (pg_fuzz_note("checkpoint read", pg_checkpoint_read(work, 0, &c)) != PG_OK) return;
    float g[5];
    int64_t v;
    const void *rng;
    size_t n;
    pg_fuzz_note("checkpoint G/params", pg_checkpoint_get_floats(c, "G/params", g, 5));
    pg_fuzz_note("checkpoint opt/G/step", pg_checkpoint_get_int(c, "opt/G/step", &v));
    pg_fuzz_note("checkpoint rng", pg_checkpoint_get_rng(c, &rng, &n));
    pg_checkpoint_destroy(&c);
}

/* What `physgan info` reports: the schema check without a schema given. */
static void report(void)
{
    pg_h5_file *f = NULL;
    if (pg_h5_file_open(work, NULL, &f) != PG_OK) return;
    pg_schema_report *r = NULL;
    if (pg_schema_validate(f, &r) == PG_OK) {
        for (size_t i = 0; i < r->n; i++)
            if (!r->problems[i] || !r->problems[i][0]) abort();
        pg_schema_report_destroy(&r);
    }
    pg_h5_file_close(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    input in = {data, data + size};
    unsigned head = take(&in);
    int k = (int)(head % KINDS);
    FILE *w = fopen(work, "wb");
    if (!w) return 0;
    int ok = fwrite(base_bytes[k], 1, base_size[k], w) == base_size[k];
    if (fclose(w) || !ok || apply_edits(&in)) return 0;
    if (k == 3 && !(head & 4)) pg_checkpoint_seal(work, NULL);
    pg_error_clear();
    static void (*const read[KINDS])(void) = {read_terrain, read_foam,
                                              read_images, read_checkpoint};
    read[k]();
    pg_error_clear();
    report();
    pg_error_clear();
    pg_h5_file *f = NULL;
    if (pg_h5_file_open_valid(work, KIND_SCHEMA[k], &f) == PG_OK)
        pg_h5_file_close(&f);
    pg_error_clear();
    return 0;
}
