/* `physgan report RUN_DIR`: a self-contained HTML page about a training run
 * (docs/hpc.md "Reports").
 *
 * The page needs no network: styles are inline, plots are inline SVG and
 * images are PNGs embedded as base64 data URIs. It shows the resolved
 * configuration from RUN_DIR/job.ini, the last value of every metrics.csv
 * column, one plot per column against `step` (any columns: the page follows
 * the header), the samples of the newest samples/step-NNNNNN.h5 and the
 * list of checkpoints. Only metrics.csv is required. Not collective.
 */
#ifndef PG_TRAIN_REPORT_H
#define PG_TRAIN_REPORT_H

#include <stddef.h>

#include "base/status.h"
#include "io/text_buffer.h"

/* metrics.csv read tolerantly: unlike io/csv.h, an empty cell, "nan" or
 * "inf" is a gap (NaN) rather than an error, because a live run's metrics
 * may have them; an unfinished last line (no newline, wrong field count)
 * is dropped and counted. Everything else malformed is PG_ERR_FORMAT with
 * "FILE:LINE:COLUMN: ...". */
typedef struct pg_metrics {
    size_t rows, cols;
    char **names;    /* cols header names */
    double *data;    /* rows x cols, row-major; NaN = gap */
    int dropped_partial_line; /* 1 when an unfinished last line was dropped */
} pg_metrics;

pg_status pg_metrics_read(const char *path, pg_metrics **out);
pg_status pg_metrics_parse(const char *text, size_t len, const char *source,
                           pg_metrics **out);
void pg_metrics_destroy(pg_metrics **m);

/* Append an <svg> line plot of y against x (n points; NaN in y breaks the
 * line) with ticked, labelled axes and a title. */
void pg_report_plot_svg(pg_text_buffer *b, const char *title,
                        const char *xlabel, const double *x, const double *y,
                        size_t n);

/* Append a <section> with the newest samples of run_dir (nothing to show
 * is said in the page, not an error; an unreadable sample file is). */
pg_status pg_report_samples_html(pg_text_buffer *b, const char *run_dir);

/* Build the whole page into b. PG_ERR_IO naming the path when run_dir or
 * run_dir/metrics.csv is missing. */
pg_status pg_report_build(const char *run_dir, pg_text_buffer *b);
/* Build and write atomically to out_path. */
pg_status pg_report_write(const char *run_dir, const char *out_path);

#endif
