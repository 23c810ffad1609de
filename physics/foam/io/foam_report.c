/* Foam validation report: the analysis pass (foam_analysis.h), then the
 * growth and von Neumann fits and the tables. */
#include "physics/foam/io/foam_report.h"

#include <string.h>

void pg_foam_report_free(pg_foam_report *r)
{
    pg_foam_analysis_free(&r->pass);
    memset(r, 0, sizeof *r);
}

pg_status pg_foam_report_file(const char *path, double fit_from,
                              pg_foam_report *r)
{
    memset(r, 0, sizeof *r);
    PG_CHECK(pg_foam_analysis_file(path, fit_from,
                                   PG_FOAM_ANALYSIS_SAME_N |
                                       PG_FOAM_ANALYSIS_FITS,
                                   &r->pass));
    pg_status st = pg_foam_analysis_fit_growth(&r->pass, &r->growth);
    if (st == PG_OK) st = pg_foam_vn_fit(r->pass.vn, &r->vn);
    if (st == PG_OK) st = pg_foam_vn_fit(r->pass.vn_same_n, &r->vn_same_n);
    if (st != PG_OK) {
        pg_foam_report_free(r);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

void pg_foam_report_print(const pg_foam_report *r, FILE *f)
{
    const pg_foam_analysis *a = &r->pass;
    fprintf(f, "%d sequence(s) of %d frames, %d x %d sites\n\n", a->sequences,
            a->frames, a->height, a->width);
    fprintf(f, "| t (MCS) | bubbles | mean area (sites) | <n> | split ids |\n"
               "| ---: | ---: | ---: | ---: | ---: |\n");
    for (int t = 0; t < a->frames; t++)
        fprintf(f, "| %.0f | %.1f | %.1f | %.3f | %.1f |\n", a->time[t],
                a->bubbles[t], a->mean_area[t], a->mean_n[t], a->split_ids[t]);
    fprintf(f, "\nfits over t >= %g MCS:\n\n", a->fit_from);
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
