/* Hydrology and geomorphometry of terrain patches, for `physgan eval
 * terrain` (docs/terrain.md, "Drainage and depressions"): what a
 * geomorphologist looks at first and a slope histogram cannot see.
 *
 * Per patch (H x W elevations in metres on a pg_terrain_grid):
 *   - priority-flood filling (Barnes, Lehman & Mulla 2014): every boundary
 *     cell is an outlet; a cell's filled level is the lowest level at which
 *     water leaves it over the patch edge. Closed depressions are the
 *     8-connected regions where the fill is above the ground; one counts
 *     when its deepest point lies more than depression_frac x the patch's
 *     relief (max - min) below its spill level;
 *   - D8 flow routing on the filled surface: a cell drains to its steepest
 *     strictly lower neighbour (drop / distance); a cell with none (flats,
 *     filled depressions) drains to the neighbour that priority-flood
 *     reached it from; a boundary cell with none leaves the patch. Both
 *     links point to cells filled earlier, so the network has no cycles;
 *   - contributing area (the cell's own area plus all cells draining
 *     through it), channels (area >= channel_area_m2), drainage density
 *     (channel length / patch area; a channel cell adds the length of its
 *     flow link: dx, dy or the diagonal);
 *   - the longest upstream flow path L of every channel cell, for Hack's
 *     law L ~ A^h, fitted (log L on log A, least squares) over all channel
 *     cells of all patches;
 *   - the hypsometric integral (mean - min) / (max - min);
 *   - plan and profile curvature of interior cells (Zevenbergen & Thorne
 *     1987, 3 x 3 window, cell sizes dx and dy; rows run along -y): for a
 *     surface z = a x + b x^2 profile curvature is -2b, for z = a x + b y^2
 *     plan curvature is 2b (1/m). Cells flatter than 1e-6 m/m are skipped.
 *
 * An accumulator takes any number of patches; summarize returns the means
 * over patches, the density figures over the total area, the Hack fit and
 * the curvature distributions. Not collective, not thread-safe. */
#ifndef PG_PHYSICS_TERRAIN_HYDRO_H
#define PG_PHYSICS_TERRAIN_HYDRO_H

#include <stddef.h>

#include "base/status.h"
#include "physics/terrain/terrain_penalties.h"

/* The defaults: the 5 % depth of the realism issue, and 0.1 km^2 (about
 * 110 cells of 30 m, a small first-order catchment). */
#define PG_TERRAIN_HYDRO_DEPRESSION_FRAC 0.05
#define PG_TERRAIN_HYDRO_CHANNEL_AREA_M2 1.0e5

typedef struct pg_terrain_hydro_params {
    double depression_frac;  /* of patch relief, in [0, 1) */
    double channel_area_m2;  /* > 0 */
} pg_terrain_hydro_params;

/* A curvature distribution (1/m). */
typedef struct pg_terrain_curv_stats {
    double mean, std, p05, p50, p95;
    size_t cells;
} pg_terrain_curv_stats;

typedef struct pg_terrain_hydro_summary {
    size_t patches;
    double area_km2;                 /* all patches */
    size_t depressions;              /* counted closed depressions */
    double depression_density_km2;   /* depressions / area_km2 */
    double depression_cell_frac;     /* share of cells inside them */
    double drainage_density_km;      /* channel km / km^2 (1/km) */
    double hack_exponent;            /* NAN with fewer than 3 points or one area */
    double hack_r2;
    size_t hack_points;              /* channel cells fitted */
    double hypsometric_integral;     /* mean over patches (flat patch: 0.5) */
    pg_terrain_curv_stats plan, profile;
} pg_terrain_hydro_summary;

typedef struct pg_terrain_hydro pg_terrain_hydro;

/* PG_ERR_ARG naming the bad grid field or parameter. */
pg_status pg_terrain_hydro_create(const pg_terrain_grid *g,
                                  const pg_terrain_hydro_params *p,
                                  pg_terrain_hydro **out);
void pg_terrain_hydro_destroy(pg_terrain_hydro **h);

/* Analyse n patches of H*W elevations. PG_ERR_NUMERIC naming the patch
 * when a value is not finite. Grows the Hack and curvature arrays. */
pg_status pg_terrain_hydro_add(pg_terrain_hydro *h, const float *z, size_t n);

/* PG_ERR_ARG when no patch was added. May be called again after more
 * patches are added. */
pg_status pg_terrain_hydro_summarize(pg_terrain_hydro *h,
                                     pg_terrain_hydro_summary *out);

/* The last patch's per-cell results (H*W each), for tests and pictures:
 * filled elevation (m), contributing area (m^2), receiver index (-1: the
 * flow leaves the patch). */
const double *pg_terrain_hydro_last_filled(const pg_terrain_hydro *h);
const double *pg_terrain_hydro_last_area(const pg_terrain_hydro *h);
const int *pg_terrain_hydro_last_receiver(const pg_terrain_hydro *h);
/* Counted depressions of the last patch. */
size_t pg_terrain_hydro_last_counted(const pg_terrain_hydro *h);

#endif
