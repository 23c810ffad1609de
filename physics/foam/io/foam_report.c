/* Foam validation report: the tables of a validation (foam_analysis.h). */
#include "physics/foam/io/foam_report.h"

void pg_foam_report_print(const pg_foam_validation *r, FILE *f)
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
