/* The foam/1 layout check (src/io/foam_file.h) as its readers see it: the
 * --init reader (foam_init.h) and the surrogate's frame loader
 * (foam_frames.h) take the shape from pg_foam_file_shape and refuse a file
 * whose /labels or /time break the layout with its message, naming the
 * file; and the one writer (pg_foam_file_create) writes what they read. */
#include <string.h>

#include "base/status.h"
#include "io/foam_file.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/io/foam_frames.h"
#include "physics/foam/io/foam_init.h"
#include "io/h5.h"
#include "runner.h"

enum { S = 2, T = 3, H = 4, W = 5, HW_MAX = 12 * 12 };

/* A foam/1 file with labels of type lt, /time of nt values and frames of
 * h x w (labels: frame index, so each frame is recognisable). */
static void write_file(const char *path, pg_h5_type lt, size_t nt, int h,
                       int w)
{
    static int32_t labels[S * T * HW_MAX];
    static float flabels[S * T * HW_MAX];
    double times[T + 1] = {100, 120, 140, 160};
    size_t n = (size_t)S * T * (size_t)h * (size_t)w;
    for (size_t i = 0; i < n; i++) {
        /* frame index, split into quarters by a boundary off the block
         * edges where frames are large enough to coarsen */
        size_t fr = i / ((size_t)h * w), y = i / (size_t)w % (size_t)h,
               x = i % (size_t)w;
        int32_t id = h >= 12 ? (int32_t)(fr * 4 + (y > 4) * 2 + (x > 6))
                            : (int32_t)fr;
        flabels[i] = (float)(labels[i] = id);
    }
    size_t dims[4] = {S, T, (size_t)h, (size_t)w};
    pg_h5_file *f = NULL;
    CU_ASSERT_FATAL(pg_h5_writer_open(path, "foam/1", "unit test", &f) ==
                    PG_OK);
    CU_ASSERT(pg_h5_dataset_write(f, "/labels", lt, 4, dims,
                                  lt == PG_H5_I32 ? (void *)labels
                                                  : (void *)flabels,
                                  "1", 0) == PG_OK);
    CU_ASSERT(pg_h5_dataset_write(f, "/time", PG_H5_F64, 1, &nt, times,
                                  "MCS", 0) == PG_OK);
    CU_ASSERT(pg_h5_attr_write_string(f, "/", "simulator", "test") == PG_OK);
    CU_ASSERT(pg_h5_attr_write_double(f, "/", "temperature", 0.5) == PG_OK);
    CU_ASSERT_FATAL(pg_h5_writer_commit(&f) == PG_OK);
}

static int error_has(const char *a, const char *b)
{
    const char *m = pg_error_message();
    return strstr(m, a) != NULL && strstr(m, b) != NULL;
}

static void test_good_file(void)
{
    write_file("good.h5", PG_H5_I32, T, H, W);
    pg_h5_file *f = NULL;
    pg_foam_shape sh;
    CU_ASSERT_FATAL(pg_h5_file_open("good.h5", "foam/1", &f) == PG_OK);
    CU_ASSERT(pg_foam_file_shape(f, "good.h5", &sh) == PG_OK);
    pg_h5_file_close(&f);
    CU_ASSERT(sh.sequences == S && sh.frames == T && sh.height == H &&
              sh.width == W);

    pg_foam_init *in = NULL;
    CU_ASSERT_FATAL(pg_foam_init_read("good.h5:1:-1", &in) == PG_OK);
    CU_ASSERT(in->seq0 == 1 && in->seqs == 1 && in->frame == T - 1);
    CU_ASSERT(in->h == H && in->w == W);
    CU_ASSERT(in->labels[0] == T + T - 1); /* sequence 1, last frame */
    CU_ASSERT(in->time == 140 && in->interval == 20);
    pg_foam_init_free(&in);

    pg_foam_frames *fr = NULL;
    CU_ASSERT_FATAL(pg_foam_frames_load("good.h5", "/labels", 0, 1, &fr) ==
                    PG_OK);
    CU_ASSERT(fr->seqs == S && fr->frames == T && fr->h == H && fr->w == W);
    CU_ASSERT(fr->time[T - 1] == 140);
    pg_foam_frames_free(&fr);
}

/* Both readers refuse a broken layout with the schema validation's
 * message (io/schema.h), before any use. */
static void test_broken_layout(void)
{
    static const struct {
        const char *path, *msg;
        pg_h5_type lt;
        size_t nt;
    } bad[] = {
        {"float_labels.h5", "/labels: type float32, expected int32", PG_H5_F32,
         T},
        {"long_time.h5", "/time: dimension 0 (T) is 4 but /labels has T = 3",
         PG_H5_I32, T + 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        write_file(bad[i].path, bad[i].lt, bad[i].nt, H, W);
        char spec[64];
        snprintf(spec, sizeof spec, "%s:0:0", bad[i].path);
        pg_foam_init *in = NULL;
        CU_ASSERT(pg_foam_init_read(spec, &in) == PG_ERR_FORMAT);
        CU_ASSERT(error_has(bad[i].path, bad[i].msg));
        CU_ASSERT_PTR_NULL(in);
        pg_foam_frames *fr = NULL;
        CU_ASSERT(pg_foam_frames_load(bad[i].path, "/labels", 0, 1, &fr) ==
                  PG_ERR_FORMAT);
        CU_ASSERT(error_has(bad[i].path, bad[i].msg));
        CU_ASSERT_PTR_NULL(fr);
    }
}

/* The frame loader's own conditions: frames of at least 3 x 3 (film
 * fields need neighbours), and /labels as the frames. */
static void test_frames_conditions(void)
{
    write_file("thin.h5", PG_H5_I32, T, 2, W);
    pg_foam_frames *fr = NULL;
    CU_ASSERT(pg_foam_frames_load("thin.h5", "/labels", 0, 1, &fr) ==
              PG_ERR_FORMAT);
    CU_ASSERT(error_has("thin.h5", "H, W >= 3"));
    write_file("good.h5", PG_H5_I32, T, H, W);
    CU_ASSERT(pg_foam_frames_load("good.h5", "/time", 0, 1, &fr) ==
              PG_ERR_FORMAT);
    CU_ASSERT(error_has("good.h5", "/labels, not /time"));
    CU_ASSERT_PTR_NULL(fr);
}

/* [data] coarsen: the loader's frames are the film fields of the
 * block-mode coarsened labels (the same call `rollout --coarse` makes),
 * its times divided by S^2; a stride that does not divide the frames is
 * refused naming the file. */
static void test_frames_coarsen(void)
{
    enum { N = 12, C = 2, NC = N / C };
    write_file("big.h5", PG_H5_I32, T, N, N);
    pg_foam_frames *fr = NULL;
    CU_ASSERT_FATAL(pg_foam_frames_load("big.h5", "/labels", 0, C, &fr) ==
                    PG_OK);
    CU_ASSERT(fr->seqs == S && fr->frames == T && fr->h == NC &&
              fr->w == NC);
    CU_ASSERT(fr->time[0] == 100.0 / (C * C) && fr->time[2] == 140.0 / (C * C));
    pg_foam_field_ws *ws = NULL;
    CU_ASSERT_FATAL(pg_foam_field_ws_create(NC, NC, &ws) == PG_OK);
    int32_t fine[N * N], coarse[NC * NC];
    float phi[NC * NC];
    int same = 1, films = 0;
    for (int f = 0; f < S * T; f++) {
        for (int i = 0; i < N * N; i++)
            fine[i] = f * 4 + (i / N > 4) * 2 + (i % N > 6);
        pg_foam_labels_coarsen(fine, N, N, C, coarse);
        pg_foam_field_wide(ws, coarse, 0, phi);
        const float *got = fr->phi + (size_t)f * NC * NC;
        for (int i = 0; i < NC * NC; i++) {
            same &= got[i] == phi[i];
            films += got[i] > 0.5f;
        }
    }
    CU_ASSERT(same);
    CU_ASSERT(films > 0 && films < S * T * NC * NC);
    pg_foam_field_ws_destroy(&ws);
    pg_foam_frames_free(&fr);
    CU_ASSERT(pg_foam_frames_load("big.h5", "/labels", 0, 5, &fr) ==
              PG_ERR_CONFIG);
    CU_ASSERT(error_has("big.h5", "[data] coarsen = 5"));
    CU_ASSERT_PTR_NULL(fr);
}

/* The one writer: its file reads back through the layout check and the
 * --init reader, /time = start + t interval, and the common attributes. */
static void test_writer(void)
{
    static int32_t labels[S * T * H * W];
    for (int i = 0; i < S * T * H * W; i++) labels[i] = i / (H * W);
    pg_foam_header hd = {.shape = {S, T, H, W}, .start_mcs = 30,
                         .interval_mcs = 2.5, .simulator = "unit test",
                         .temperature = 0.25, .gzip = 1};
    pg_h5_file *f = NULL;
    CU_ASSERT_FATAL(pg_foam_file_create("written.h5", "unit test", &hd, labels,
                                        &f) == PG_OK);
    CU_ASSERT(pg_h5_attr_write_int(f, "/", "extra", 7) == PG_OK);
    CU_ASSERT_FATAL(pg_h5_writer_commit(&f) == PG_OK);

    pg_foam_shape sh;
    double time[T], interval = 0, start = 0, temp = 0;
    int64_t size = 0, extra = 0;
    CU_ASSERT_FATAL(pg_h5_file_open("written.h5", "foam/1", &f) == PG_OK);
    CU_ASSERT(pg_foam_file_shape(f, "written.h5", &sh) == PG_OK);
    CU_ASSERT(pg_h5_dataset_read(f, "/time", PG_H5_F64, time, T) == PG_OK);
    CU_ASSERT(pg_h5_attr_read_double(f, "/", "interval_mcs", &interval) ==
              PG_OK);
    CU_ASSERT(pg_h5_attr_read_double(f, "/", "start_mcs", &start) == PG_OK);
    CU_ASSERT(pg_h5_attr_read_double(f, "/", "temperature", &temp) == PG_OK);
    CU_ASSERT(pg_h5_attr_read_int(f, "/", "size", &size) == PG_OK);
    CU_ASSERT(pg_h5_attr_read_int(f, "/", "extra", &extra) == PG_OK);
    pg_h5_file_close(&f);
    CU_ASSERT(sh.sequences == S && sh.frames == T && sh.height == H &&
              sh.width == W);
    for (int t = 0; t < T; t++) CU_ASSERT_EQUAL(time[t], 30 + 2.5 * t);
    CU_ASSERT(interval == 2.5 && start == 30 && temp == 0.25);
    CU_ASSERT(size == H && extra == 7);

    pg_foam_init *in = NULL;
    CU_ASSERT_FATAL(pg_foam_init_read("written.h5:1:-1", &in) == PG_OK);
    CU_ASSERT(in->labels[0] == T + T - 1 && in->time == 35);
    CU_ASSERT(in->temperature == 0.25 && in->interval == 2.5);
    pg_foam_init_free(&in);
}

void pg_test_register(void)
{
    CU_pSuite s = CU_add_suite("foam_file", NULL, NULL);
    CU_add_test(s, "a good file through the three readers", test_good_file);
    CU_add_test(s, "broken layouts refused by both readers",
                test_broken_layout);
    CU_add_test(s, "frame loader conditions", test_frames_conditions);
    CU_add_test(s, "frame loader coarsens by [data] coarsen",
                test_frames_coarsen);
    CU_add_test(s, "the one foam/1 writer", test_writer);
}
