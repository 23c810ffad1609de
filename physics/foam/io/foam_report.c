/* Foam validation report: read one sequence at a time, analyse each frame,
 * pool the von Neumann points, fit growth on the per-frame means. */
#include "physics/foam/io/foam_report.h"

#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/h5.h"

void pg_foam_report_free(pg_foam_report *r)
{
    free(r->time);
    free(r->bubbles);
    free(r->mean_area);
    free(r->mean_n);
    free(r->split_ids);
    memset(r, 0, sizeof *r);
}

static pg_status alloc_frames(pg_foam_report *r)
{
    size_t t = (size_t)r->frames;
    r->time = malloc(t * sizeof *r->time);
    r->bubbles = calloc(t, sizeof *r->bubbles);
    r->mean_area = calloc(t, sizeof *r->mean_area);
    r->mean_n = calloc(t, sizeof *r->mean_n);
    r->split_ids = calloc(t, sizeof *r->split_ids);
    if (!r->time || !r->bubbles || !r->mean_area || !r->mean_n || !r->split_ids)
        return PG_FAIL(PG_ERR_NOMEM, "foam report of %d frames", r->frames);
    return PG_OK;
}

/* Analyse every frame of every sequence; von Neumann points go into vn
 * (all bubbles) and vs (same n in both frames). */
static pg_status analyse(pg_h5_file *f, pg_foam_report *r, pg_foam_vn *vn,
                         pg_foam_vn *vs)
{
    size_t frame = (size_t)r->height * r->width;
    pg_foam_diag *d[2] = {NULL, NULL};
    pg_status st = PG_OK;
    int32_t *seq = malloc(frame * (size_t)r->frames * sizeof *seq);
    if (!seq) return PG_FAIL(PG_ERR_NOMEM, "foam report: one sequence");
    PG_CHECK_GOTO(st, pg_foam_diag_create(r->height, r->width, &d[0]), done);
    PG_CHECK_GOTO(st, pg_foam_diag_create(r->height, r->width, &d[1]), done);
    for (int q = 0; q < r->sequences; q++) {
        PG_CHECK_GOTO(st, pg_h5_dataset_read_rows(f, "/labels", PG_H5_I32,
                                                  (size_t)q, 1, seq), done);
        for (int t = 0; t < r->frames; t++) {
            pg_foam_diag *cur = d[t & 1], *prev = d[(t + 1) & 1];
            pg_foam_diag_analyze(cur, seq + (size_t)t * frame);
            r->bubbles[t] += pg_foam_diag_count(cur);
            r->mean_area[t] += pg_foam_diag_mean_area(cur);
            r->mean_n[t] += pg_foam_diag_mean_neighbors(cur);
            r->split_ids[t] += pg_foam_diag_split_ids(cur);
            if (t == 0 || r->time[t - 1] < r->fit_from) continue;
            double dt = r->time[t] - r->time[t - 1];
            PG_CHECK_GOTO(st, pg_foam_vn_add(vn, prev, cur, dt, 0), done);
            PG_CHECK_GOTO(st, pg_foam_vn_add(vs, prev, cur, dt, 1), done);
        }
    }
    for (int t = 0; t < r->frames; t++) {
        r->bubbles[t] /= r->sequences;
        r->mean_area[t] /= r->sequences;
        r->mean_n[t] /= r->sequences;
        r->split_ids[t] /= r->sequences;
    }
done:
    pg_foam_diag_destroy(&d[0]);
    pg_foam_diag_destroy(&d[1]);
    free(seq);
    return st;
}

static pg_status fit_all(pg_foam_report *r, pg_foam_vn *vn, pg_foam_vn *vs)
{
    int t0 = 0;
    while (t0 < r->frames && r->time[t0] < r->fit_from) t0++;
    if (r->frames - t0 < 3)
        return PG_FAIL(PG_ERR_ARG, "foam report: %d frames at t >= %g MCS; "
                       "the fits need >= 3", r->frames - t0, r->fit_from);
    PG_CHECK(pg_foam_fit_line(r->time + t0, r->mean_area + t0,
                              (size_t)(r->frames - t0), &r->growth));
    PG_CHECK(pg_foam_vn_fit(vn, &r->vn));
    PG_CHECK(pg_foam_vn_fit(vs, &r->vn_same_n));
    return PG_OK;
}

pg_status pg_foam_report_file(const char *path, double fit_from,
                              pg_foam_report *r)
{
    memset(r, 0, sizeof *r);
    r->fit_from = fit_from;
    pg_h5_file *f = NULL;
    pg_foam_vn *vn = NULL, *vs = NULL;
    pg_status st = PG_OK;
    PG_CHECK(pg_h5_file_open(path, "foam/1", &f));
    pg_foam_shape sh;
    PG_CHECK_GOTO(st, pg_foam_file_shape(f, path, &sh), fail);
    r->sequences = sh.sequences;
    r->frames = sh.frames;
    r->height = sh.height;
    r->width = sh.width;
    PG_CHECK_GOTO(st, alloc_frames(r), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_read(f, "/time", PG_H5_F64, r->time,
                                         (size_t)r->frames), fail);
    PG_CHECK_GOTO(st, pg_foam_vn_create(&vn), fail);
    PG_CHECK_GOTO(st, pg_foam_vn_create(&vs), fail);
    PG_CHECK_GOTO(st, analyse(f, r, vn, vs), fail);
    PG_CHECK_GOTO(st, fit_all(r, vn, vs), fail);
    pg_foam_vn_destroy(&vn);
    pg_foam_vn_destroy(&vs);
    pg_h5_file_close(&f);
    return PG_OK;
fail:
    pg_foam_vn_destroy(&vn);
    pg_foam_vn_destroy(&vs);
    pg_h5_file_close(&f);
    pg_foam_report_free(r);
    return st;
}

void pg_foam_report_print(const pg_foam_report *r, FILE *f)
{
    fprintf(f, "%d sequence(s) of %d frames, %d x %d sites\n\n", r->sequences,
            r->frames, r->height, r->width);
    fprintf(f, "| t (MCS) | bubbles | mean area (sites) | <n> | split ids |\n"
               "| ---: | ---: | ---: | ---: | ---: |\n");
    for (int t = 0; t < r->frames; t++)
        fprintf(f, "| %.0f | %.1f | %.1f | %.3f | %.1f |\n", r->time[t],
                r->bubbles[t], r->mean_area[t], r->mean_n[t], r->split_ids[t]);
    fprintf(f, "\nfits over t >= %g MCS:\n\n", r->fit_from);
    fprintf(f, "| quantity | slope | intercept | fit quality | points |\n"
               "| --- | ---: | ---: | ---: | ---: |\n");
    fprintf(f, "| mean area vs t | %.4f sites/MCS | %.1f sites | R^2 = %.4f | "
               "%zu frames |\n", r->growth.slope, r->growth.intercept,
            r->growth.r2, r->growth.n);
    fprintf(f, "| dA/dt vs n-6, all bubbles | %.4f sites/MCS | %.4f sites/MCS "
               "| r = %.4f | %zu |\n", r->vn.slope, r->vn.intercept, r->vn.r,
            r->vn.n);
    fprintf(f, "| dA/dt vs n-6, n unchanged | %.4f sites/MCS | %.4f sites/MCS "
               "| r = %.4f | %zu |\n", r->vn_same_n.slope,
            r->vn_same_n.intercept, r->vn_same_n.r, r->vn_same_n.n);
}
