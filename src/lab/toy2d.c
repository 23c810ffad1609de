#include "lab/toy2d.h"

#include <assert.h>
#include <math.h>
#include <string.h>

static const char *const toy2d_names[] = {
    [PG_TOY2D_RING] = "ring",
    [PG_TOY2D_GRID] = "grid",
    [PG_TOY2D_SPIRAL] = "spiral",
    [PG_TOY2D_TWO_CLUSTERS] = "two-clusters",
    [PG_TOY2D_MOONS] = "moons",
};
static_assert(sizeof toy2d_names / sizeof toy2d_names[0] == PG_TOY2D_COUNT,
              "one name per toy distribution");

/* Layout constants (data units); docs/toy.md and toy2d.h describe them. */
static const double RING_RADIUS = 2.0, RING_SIGMA = 0.05;
static const int RING_MODES = 8;
static const double GRID_SPACING = 2.0, GRID_SIGMA = 0.05;
static const int GRID_SIDE = 5;
static const double CLUSTER_X = 2.0, CLUSTER_SIGMA = 0.1,
                    CLUSTER_BIG_WEIGHT = 0.75;
static const double SPIRAL_SCALE = 0.4, SPIRAL_NOISE = 0.05;
static const int SPIRAL_MODES = 20;
static const double MOON_RADIUS = 2.0, MOON_NOISE = 0.1;
static const int MOON_MODES = 6; /* per moon */

static const double PI = 3.14159265358979323846;
#define SPIRAL_T0 (0.5 * PI)
#define SPIRAL_T1 (3.0 * PI)

const char *pg_toy2d_name(pg_toy2d_kind k)
{
    return (unsigned)k < PG_TOY2D_COUNT ? toy2d_names[k] : NULL;
}

const char *pg_toy2d_choices(void)
{
    return "ring|grid|spiral|two-clusters|moons";
}

pg_status pg_toy2d_parse(const char *s, pg_toy2d_kind *out)
{
    for (int i = 0; s && i < PG_TOY2D_COUNT; i++)
        if (!strcmp(s, toy2d_names[i])) {
            *out = (pg_toy2d_kind)i;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_ARG, "unknown toy dataset '%s' (expected %s)",
                   s ? s : "(null)", pg_toy2d_choices());
}

static void add_mode(pg_toy2d *d, double x, double y, double sigma, double w)
{
    d->modes[d->n_modes++] = (pg_toy2d_mode){x, y, sigma, w};
}

static void spiral_point(double t, double *x, double *y)
{
    *x = SPIRAL_SCALE * t * cos(t);
    *y = SPIRAL_SCALE * t * sin(t);
}

/* upper = 1: 2 (cos t, sin t) - (1, 0.5); else 2 (1 - cos t, 0.5 - sin t)
 * - (1, 0.5): the two moons, centred on the origin. */
static void moon_point(int upper, double t, double *x, double *y)
{
    if (upper) {
        *x = MOON_RADIUS * cos(t) - 1.0;
        *y = MOON_RADIUS * sin(t) - 0.5;
    } else {
        *x = 1.0 - MOON_RADIUS * cos(t);
        *y = 0.5 - MOON_RADIUS * sin(t);
    }
}

pg_status pg_toy2d_init(pg_toy2d *d, pg_toy2d_kind k)
{
    memset(d, 0, sizeof *d);
    d->kind = k;
    switch (k) {
    case PG_TOY2D_RING:
        for (int i = 0; i < RING_MODES; i++) {
            double a = 2 * PI * i / RING_MODES;
            add_mode(d, RING_RADIUS * cos(a), RING_RADIUS * sin(a),
                     RING_SIGMA, 1.0 / RING_MODES);
        }
        d->extent = 2.5;
        break;
    case PG_TOY2D_GRID:
        for (int i = 0; i < GRID_SIDE; i++)
            for (int j = 0; j < GRID_SIDE; j++)
                add_mode(d, GRID_SPACING * (i - GRID_SIDE / 2),
                         GRID_SPACING * (j - GRID_SIDE / 2), GRID_SIGMA,
                         1.0 / (GRID_SIDE * GRID_SIDE));
        d->extent = 5.0;
        break;
    case PG_TOY2D_TWO_CLUSTERS:
        add_mode(d, -CLUSTER_X, 0, CLUSTER_SIGMA, CLUSTER_BIG_WEIGHT);
        add_mode(d, CLUSTER_X, 0, CLUSTER_SIGMA, 1 - CLUSTER_BIG_WEIGHT);
        d->extent = 2.5;
        break;
    case PG_TOY2D_SPIRAL: {
        double dt = (SPIRAL_T1 - SPIRAL_T0) / SPIRAL_MODES;
        for (int i = 0; i < SPIRAL_MODES; i++) {
            double t = SPIRAL_T0 + (i + 0.5) * dt, x, y;
            spiral_point(t, &x, &y);
            /* arc length between neighbouring centres: |P'(t)| dt */
            double spacing = SPIRAL_SCALE * sqrt(1 + t * t) * dt;
            add_mode(d, x, y, spacing / 3, 1.0 / SPIRAL_MODES);
        }
        d->extent = 4.5;
        break;
    }
    case PG_TOY2D_MOONS: {
        double dt = PI / MOON_MODES, sigma = MOON_RADIUS * dt / 3;
        for (int m = 0; m < 2; m++)
            for (int i = 0; i < MOON_MODES; i++) {
                double x, y;
                moon_point(m == 0, (i + 0.5) * dt, &x, &y);
                add_mode(d, x, y, sigma, 0.5 / MOON_MODES);
            }
        d->extent = 3.5;
        break;
    }
    default:
        return PG_FAIL(PG_ERR_ARG, "toy dataset %d out of range", (int)k);
    }
    return PG_OK;
}

/* Index of a mode drawn with probability proportional to its weight. */
static int pick_mode(const pg_toy2d *d, pg_rng *r)
{
    double u = pg_rng_uniform(r), c = 0;
    for (int i = 0; i < d->n_modes - 1; i++) {
        c += d->modes[i].weight;
        if (u < c) return i;
    }
    return d->n_modes - 1;
}

void pg_toy2d_sample(const pg_toy2d *d, pg_rng *r, float *xy, int n)
{
    for (int i = 0; i < n; i++) {
        double x, y;
        switch (d->kind) {
        case PG_TOY2D_SPIRAL: {
            double t = SPIRAL_T0 + (SPIRAL_T1 - SPIRAL_T0) * pg_rng_uniform(r);
            spiral_point(t, &x, &y);
            x += pg_rng_gaussian(r, SPIRAL_NOISE);
            y += pg_rng_gaussian(r, SPIRAL_NOISE);
            break;
        }
        case PG_TOY2D_MOONS: {
            int upper = pg_rng_uniform(r) < 0.5;
            moon_point(upper, PI * pg_rng_uniform(r), &x, &y);
            x += pg_rng_gaussian(r, MOON_NOISE);
            y += pg_rng_gaussian(r, MOON_NOISE);
            break;
        }
        default: {
            const pg_toy2d_mode *m = &d->modes[pick_mode(d, r)];
            x = m->x + pg_rng_gaussian(r, m->sigma);
            y = m->y + pg_rng_gaussian(r, m->sigma);
        }
        }
        xy[2 * i] = (float)x;
        xy[2 * i + 1] = (float)y;
    }
}
