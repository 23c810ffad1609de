/* The generated-sample table (crystal_sample.h). */
#include "physics/crystal/crystal_sample.h"

#include "physics/crystal/crystal_elements.h"

pg_status pg_crystal_layout_of(int channels, int h, int w, const char *who,
                               pg_crystal_layout *out)
{
    if (channels != 1 || h < 4 || w < 5 || w - 4 > PG_CRYSTAL_ZMAX)
        return PG_FAIL(PG_ERR_SHAPE, "%s: samples of %d x %d x %d are no "
                       "crystal table (1 x (3 + atoms) x (3 + species), at "
                       "least 1 atom slot and 2 species, at most Z = %d)",
                       who, channels, h, w, PG_CRYSTAL_ZMAX);
    out->atoms = h - 3;
    out->species = w - 3;
    return PG_OK;
}

void pg_crystal_sample_unpack(const pg_crystal_layout *l, const float *x,
                              double L[9], double *frac, double *p)
{
    int W = 3 + l->species;
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++) L[3 * r + c] = x[r * W + c];
    for (int i = 0; i < l->atoms; i++) {
        const float *row = x + (3 + i) * W;
        if (frac)
            for (int c = 0; c < 3; c++) frac[3 * i + c] = row[c];
        if (p)
            for (int s = 0; s < l->species; s++)
                p[i * l->species + s] = row[3 + s];
    }
}

void pg_crystal_sample_add_grad(const pg_crystal_layout *l, double scale,
                                const double *gL, const double *gfrac,
                                const double *gp, float *g)
{
    int W = 3 + l->species;
    if (gL)
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                g[r * W + c] += (float)(scale * gL[3 * r + c]);
    for (int i = 0; i < l->atoms; i++) {
        float *row = g + (3 + i) * W;
        if (gfrac)
            for (int c = 0; c < 3; c++)
                row[c] += (float)(scale * gfrac[3 * i + c]);
        if (gp)
            for (int s = 0; s < l->species; s++)
                row[3 + s] += (float)(scale * gp[i * l->species + s]);
    }
}
