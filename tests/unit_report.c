/* Run reports (viz/report.h): the tolerant metrics reader and its
 * file:line:column errors, the SVG plots (gaps, decimation), and whole
 * pages built from synthetic run directories: one <svg> per column, no
 * network references, the last step's numbers present, samples embedded as
 * PNGs, and errors naming the missing file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/h5.h"
#include "viz/report.h"
#include "runner.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static void test_metrics_gaps(void)
{
    const char *t = "step, loss_d,\"terrain.slope\"\n1,0.5,2\n2,,nan\r\n\n"
                    "3,0.25,-inf\n4,0.125,1e-3\n5,0.1";
    pg_metrics *m = NULL;
    PG_ASSERT_OK(pg_metrics_parse(t, strlen(t), "m.csv", &m));
    CU_ASSERT_EQUAL(m->cols, 3);
    CU_ASSERT_EQUAL(m->rows, 4); /* "5,0.1" is unfinished and dropped */
    CU_ASSERT(m->dropped_partial_line);
    CU_ASSERT_STRING_EQUAL(m->names[1], "loss_d");
    CU_ASSERT_STRING_EQUAL(m->names[2], "terrain.slope");
    CU_ASSERT(isnan(m->data[4]) && isnan(m->data[5]) && isnan(m->data[8]));
    CU_ASSERT_EQUAL(m->data[9], 4);
    CU_ASSERT_EQUAL(m->data[11], 1e-3);
    pg_metrics_destroy(&m);
    CU_ASSERT_PTR_NULL(m);
    /* A complete last line without a newline is kept. */
    PG_ASSERT_OK(pg_metrics_parse("a,b\n1,2", 7, "m.csv", &m));
    CU_ASSERT_EQUAL(m->rows, 1);
    CU_ASSERT(!m->dropped_partial_line);
    pg_metrics_destroy(&m);
}

static void parse_bad(const char *text, const char *where)
{
    pg_metrics *m = NULL;
    CU_ASSERT_EQUAL(pg_metrics_parse(text, strlen(text), "m.csv", &m),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(m);
    if (!strstr(pg_error_message(), where))
        fprintf(stderr, "\n'%s' lacks '%s'\n", pg_error_message(), where);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), where));
    pg_error_clear();
}

static void test_metrics_errors(void)
{
    parse_bad("step,loss\n1,2\n2, abc\n3,4\n", "m.csv:3:4: 'abc' in column "
                                              "'loss' is not a number");
    parse_bad("step,loss\n1,2,3\n2,3\n", "m.csv:2:1: 3 fields, the header "
                                        "has 2");
    parse_bad("", "m.csv:1:1: empty file");
    parse_bad("step,,x\n", "m.csv:1:6: empty column name");
    pg_metrics *m = NULL;
    CU_ASSERT_EQUAL(pg_metrics_read("no-such.csv", &m), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no-such.csv"));
    pg_error_clear();
}

static void test_plot_svg(void)
{
    double x[5] = {0, 10, 20, 30, 40}, y[5] = {1, 2, NAN, 4, 5};
    pg_text_buffer b = {0};
    pg_report_plot_svg(&b, "loss <d>", "step", x, y, 5);
    CU_ASSERT_EQUAL(count(b.data, "<svg"), 1);
    CU_ASSERT_EQUAL(count(b.data, "</svg>"), 1);
    CU_ASSERT_EQUAL(count(b.data, "<polyline"), 2); /* broken at the NaN */
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "loss &lt;d&gt;"));
    /* Ticks at nice numbers covering 0..40 and 1..5. */
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, ">40</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, ">5</text>"));
    pg_text_buffer_free(&b);
    /* A lone point between gaps is a dot; no values at all is said. */
    double y2[5] = {NAN, 3, NAN, NAN, NAN}, y3[5] = {NAN, NAN, NAN, NAN, NAN};
    pg_report_plot_svg(&b, "a", "step", x, y2, 5);
    CU_ASSERT_EQUAL(count(b.data, "<circle"), 1);
    CU_ASSERT_EQUAL(count(b.data, "<polyline"), 0);
    pg_text_buffer_free(&b);
    pg_report_plot_svg(&b, "a", "step", x, y3, 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "no values yet"));
    pg_text_buffer_free(&b);
    /* 100000 points are decimated: the plot stays small but keeps the
     * extremes (the spike at the end reaches the top tick, 1000). */
    enum { N = 100000 };
    double *xs = malloc(N * sizeof *xs), *ys = malloc(N * sizeof *ys);
    for (int i = 0; i < N; i++) {
        xs[i] = i;
        ys[i] = i == N - 3 ? 1000 : sin(i * 0.001);
    }
    pg_report_plot_svg(&b, "big", "step", xs, ys, N);
    CU_ASSERT(b.len < 40000);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, ">1000</text>"));
    pg_text_buffer_free(&b);
    free(xs);
    free(ys);
}

/* A terrain/1 samples file with k patches of n x n cells (a ramp). */
static void write_samples(const char *path, const char *schema,
                          const char *name, int rank, const size_t *dims)
{
    size_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    float *v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = (float)(i % 97);
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open(path, schema, "unit_report", &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, name, PG_H5_F32, rank, dims, v, "m",
                                     0));
    PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "cell_size_m", 30));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    free(v);
}

static char *build(const char *run)
{
    pg_text_buffer b = {0};
    PG_ASSERT_OK(pg_report_build(run, &b));
    return b.data;
}

static void test_page(void)
{
    unlink("run/samples/step-000040.h5"); /* left by an earlier run */
    mkdir("run", 0755);
    mkdir("run/samples", 0755);
    mkdir("run/checkpoints", 0755);
    write_text("run/job.ini", "[train]\nsteps = 30   ; job.ini:3\n"
                              "[output]\ndir = ; default\n");
    write_text("run/metrics.csv",
               "step,epoch,loss_d,loss_g,my.new_column\n"
               "10,0,1.5,0.5,7\n20,1,1.25,,8\n30,1,0.123456789,0.987654321,"
               "4242.5\n");
    write_text("run/checkpoints/ckpt-000030.h5", "x");
    write_text("run/train.log", "step 30: checkpoint <ckpt-000030.h5>\n");
    write_samples("run/samples/step-000010.h5", "terrain/1", "/terrain", 3,
                  (size_t[]){2, 8, 8});
    write_samples("run/samples/step-000030.h5", "terrain/1", "/terrain", 3,
                  (size_t[]){3, 8, 8});
    char *html = build("run");
    CU_ASSERT_FATAL(html != NULL);
    /* One plot per column but step: generic over the header. */
    CU_ASSERT_EQUAL(count(html, "<svg"), 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "my.new_column"));
    CU_ASSERT_EQUAL(count(html, "http"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">0.123456789<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">0.987654321<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, ">4242.5<"));
    /* The newest samples file (step 30, three patches) is drawn. */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "samples/step-000030.h5"));
    CU_ASSERT_EQUAL(count(html, "src=\"data:image/png;base64,iVBORw0KGgo"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "hillshade"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "checkpoints/ckpt-000030.h5"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;ckpt-000030.h5&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>steps</td><td>30</td><td>"
                                        "job.ini:3</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>dir</td><td></td><td>default"));
    free(html);

    /* Other schemas: grey images of the first channel of /samples. */
    write_samples("run/samples/step-000040.h5", "other/1", "/samples", 4,
                  (size_t[]){20, 2, 4, 5});
    html = build("run");
    CU_ASSERT_EQUAL(count(html, "data:image/png;base64,"), 16); /* capped */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "first channel"));
    free(html);

    /* Written atomically where asked. */
    PG_ASSERT_OK(pg_report_write("run", "run/report.html"));
    struct stat st;
    CU_ASSERT(stat("run/report.html", &st) == 0 && st.st_size > 1000);
}

static void test_page_errors(void)
{
    pg_text_buffer b = {0};
    CU_ASSERT_EQUAL(pg_report_build("no-such-run", &b), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no-such-run"));
    pg_error_clear();
    mkdir("empty-run", 0755);
    CU_ASSERT_EQUAL(pg_report_build("empty-run", &b), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "empty-run/metrics.csv"));
    pg_error_clear();
    mkdir("bad-run", 0755);
    write_text("bad-run/metrics.csv", "step,loss\n1,0.5\n2,x1\n");
    CU_ASSERT_EQUAL(pg_report_build("bad-run", &b), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "bad-run/metrics.csv:3:3:"));
    pg_error_clear();
    pg_text_buffer_free(&b);
    CU_ASSERT_NOT_EQUAL(access("bad-run/report.html", F_OK), 0);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("report");
    PG_TEST(s, test_metrics_gaps);
    PG_TEST(s, test_metrics_errors);
    PG_TEST(s, test_plot_svg);
    PG_TEST(s, test_page);
    PG_TEST(s, test_page_errors);
}
