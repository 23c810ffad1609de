/* Wide film fields (physics/foam/foam_field.h, pg_foam_field_wide): sigma = 0 is
 * the one-site field bit for bit; for sigma > 0 phi = exp(-d^2 / (2
 * sigma^2)) with d the exact periodic distance to the nearest film site
 * (checked against a brute-force search over every film site); and a
 * coarsened simulator frame survives labels -> wide field -> labels with
 * its bubble count and mean neighbour number (docs/foam.md, "Wide
 * films"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/foam_potts.h"
#include "foam_simulated.h"
#include "foam_tilings.h"
#include "runner.h"

enum { NT = TILE_H * TILE_W };

/* A coarsened foam as training data starts: 256 bubbles on 128^2 at
 * k_B T / J = 0.5 (simulate foam's default) after 200 MCS. */
enum { SIM_N = 128, SIM_BUBBLES = 256, SIM_MCS = 200 };

/* One frame after mcs MCS (seed 9, k_B T / J = 0.5). */
static int32_t *simulated_frame_of(int n, int bubbles, long mcs)
{
    int32_t *lab = malloc(sizeof(int32_t) * (size_t)(n * n));
    foam_simulated_frames(9, n, bubbles, 0.5, mcs, 1, 0, lab);
    return lab;
}

static int32_t *simulated_frame(void)
{
    return simulated_frame_of(SIM_N, SIM_BUBBLES, SIM_MCS);
}

/* phi by brute force: the minimum over every film site of the periodic
 * squared distance. */
static void brute_force(const int32_t *lab, int h, int w, double sigma,
                        float *phi)
{
    float *film = malloc(sizeof(float) * (size_t)h * (size_t)w);
    pg_foam_field_from_labels(lab, h, w, film);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            long best = -1;
            for (int v = 0; v < h; v++)
                for (int u = 0; u < w; u++) {
                    if (film[v * w + u] < 0.5f) continue;
                    int dy = abs(v - y), dx = abs(u - x);
                    if (h - dy < dy) dy = h - dy;
                    if (w - dx < dx) dx = w - dx;
                    long d2 = (long)dy * dy + (long)dx * dx;
                    if (best < 0 || d2 < best) best = d2;
                }
            phi[y * w + x] = best < 0 ? 0.0f
                             : (float)exp(-(double)best / (2 * sigma * sigma));
        }
    free(film);
}

static void test_sigma_zero_is_one_site_field(void)
{
    int32_t lab[NT];
    float a[NT], b[NT];
    pg_foam_field_ws *ws;
    PG_ASSERT_OK(pg_foam_field_ws_create(TILE_H, TILE_W, &ws));
    tiling_hex(lab);
    pg_foam_field_from_labels(lab, TILE_H, TILE_W, a);
    pg_foam_field_wide(ws, lab, 0, b);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof a), 0);
    pg_foam_field_ws_destroy(&ws);
}

static void test_distance_is_exact(void)
{
    int32_t lab[NT];
    float fast[NT], slow[NT];
    pg_foam_field_ws *ws;
    PG_ASSERT_OK(pg_foam_field_ws_create(TILE_H, TILE_W, &ws));
    void (*tilings[])(int32_t *) = {tiling_hex, tiling_rect, tiling_brick};
    const double sigmas[] = {0.7, 1, 1.5, 4};
    double worst = 0;
    for (int t = 0; t < 3; t++)
        for (int k = 0; k < 4; k++) {
            tilings[t](lab);
            pg_foam_field_wide(ws, lab, sigmas[k], fast);
            brute_force(lab, TILE_H, TILE_W, sigmas[k], slow);
            for (int s = 0; s < NT; s++)
                worst = fmax(worst, fabs((double)fast[s] - slow[s]));
        }
    /* Same squared distances; only float rounding of exp may differ. */
    CU_ASSERT(worst < 1e-6);
    /* One bubble: no film anywhere, phi = 0 (all gas). */
    for (int s = 0; s < NT; s++) lab[s] = 3;
    pg_foam_field_wide(ws, lab, 1, fast);
    for (int s = 0; s < NT; s++) CU_ASSERT_EQUAL(fast[s], 0.0f);
    pg_foam_field_ws_destroy(&ws);
}

/* Bubble count and <n> of an n x n label frame. */
static void frame_stats(const int32_t *lab, int n, int *count, double *mean_n)
{
    pg_foam_diag *d;
    PG_ASSERT_OK(pg_foam_diag_create(n, n, &d));
    pg_foam_diag_analyze(d, lab);
    *count = pg_foam_diag_count(d);
    *mean_n = pg_foam_diag_mean_neighbors(d);
    pg_foam_diag_destroy(&d);
}

/* labels -> film field of width sigma -> labels (gas pockets below
 * min_sites as film): bubble count and <n> of the result; the recovery's
 * own count must agree with the diagnostics'. */
static void round_trip(const int32_t *lab, int n, double sigma, int min_sites,
                       int *count, double *mean_n)
{
    int32_t *back = malloc(sizeof(int32_t) * (size_t)(n * n));
    float *phi = malloc(sizeof(float) * (size_t)(n * n));
    pg_foam_field_ws *ws;
    PG_ASSERT_OK(pg_foam_field_ws_create(n, n, &ws));
    int nb = 0;
    pg_foam_field_wide(ws, lab, sigma, phi);
    pg_foam_field_to_labels_min(ws, phi, PG_FOAM_FIELD_THRESHOLD, min_sites,
                                back, &nb);
    frame_stats(back, n, count, mean_n);
    CU_ASSERT_EQUAL(nb, *count);
    pg_foam_field_ws_destroy(&ws);
    free(phi);
    free(back);
}

/* Bubble count and <n> of labels -> field of width sigma -> labels against
 * the simulator's own labels. Wider films swallow bubbles narrower than
 * about 2.4 sigma (the film is phi >= 1/2, d < 1.18 sigma), so the
 * tolerance is a few bubbles of the ~80 here; the numbers are printed. */
static void test_simulated_round_trip(void)
{
    int32_t *lab = simulated_frame();
    int count0, count;
    double n0, n;
    frame_stats(lab, SIM_N, &count0, &n0);
    printf("\n  simulator frame %d^2 at %d MCS: %d bubbles, <n> %.3f\n",
           SIM_N, SIM_MCS, count0, n0);
    const double sigmas[] = {0, 1, 1.5, 2};
    for (int k = 0; k < 4; k++) {
        round_trip(lab, SIM_N, sigmas[k], 1, &count, &n);
        printf("  film_sigma %.1f: %d bubbles (%+d), <n> %.3f (%+.3f)\n",
               sigmas[k], count, count - count0, n, n - n0);
        if (sigmas[k] > 1.5) continue; /* printed for docs/foam.md: sigma 2
                                        * loses more */
        CU_ASSERT(abs(count - count0) <= 2);
        CU_ASSERT(fabs(n - n0) <= 0.15);
    }
    free(lab);
}

/* The current job's representation (jobs/foam-surrogate.ini: 256^2, 1024
 * bubbles, frames from 400 MCS, film_sigma 3, rollout --min-bubble 20) on
 * a frame as its data start: films 7 sites wide swallow the smallest
 * bubbles (about 6 %), the 20-site floor some more (about 20 % in all;
 * the simulator itself loses 30 % of them in the next 200 MCS, the
 * smallest first), and <n> stays. Numbers printed for docs/foam.md. */
static void test_round_trip_of_the_job(void)
{
    enum { N = 256 };
    int32_t *lab = simulated_frame_of(N, 1024, 400);
    int count0, count;
    double n0, n;
    frame_stats(lab, N, &count0, &n0);
    printf("\n  simulator frame %d^2 at 400 MCS: %d bubbles, <n> %.3f\n", N,
           count0, n0);
    const int floors[] = {1, 20};
    for (int k = 0; k < 2; k++) {
        round_trip(lab, N, 3.0, floors[k], &count, &n);
        printf("  film_sigma 3, min bubble %d: %d bubbles (%+d), <n> %.3f "
               "(%+.3f)\n", floors[k], count, count - count0, n, n - n0);
        CU_ASSERT(count >= (floors[k] > 1 ? 0.75 : 0.9) * count0);
        CU_ASSERT(fabs(n - n0) <= 0.15);
    }
    free(lab);
}

/* The representation of the coarse-scale runs (docs/foam.md, "Training
 * at the coarse scale": [data] coarsen = 2, film_sigma 2, min_bubble 8) on
 * a frame as their data start (256^2 at 400 MCS, block-mode coarsened to
 * 128^2, bubbles of about 100 coarse sites): how many bubbles survive
 * labels -> field -> labels before G does anything. Printed for the docs
 * (measured: 151 -> 124 at floor 1, -> 97 at floor 8); the bounds hold
 * those losses, so a representation that loses far more shows. */
static void test_round_trip_at_the_coarse_scale(void)
{
    enum { N = 256, C = 2, NC = N / C };
    int32_t *fine = simulated_frame_of(N, 1024, 400);
    int32_t *lab = malloc(sizeof(int32_t) * NC * NC);
    pg_foam_labels_coarsen(fine, N, N, C, lab);
    int count0, count;
    double n0, n;
    frame_stats(lab, NC, &count0, &n0);
    printf("\n  the same frame coarsened by %d (%d^2): %d bubbles, <n> %.3f\n",
           C, NC, count0, n0);
    const int floors[] = {1, 8};
    for (int k = 0; k < 2; k++) {
        round_trip(lab, NC, 2.0, floors[k], &count, &n);
        printf("  film_sigma 2, min bubble %d: %d bubbles (%+d), <n> %.3f "
               "(%+.3f)\n", floors[k], count, count - count0, n, n - n0);
        CU_ASSERT(count <= count0);
        CU_ASSERT(count >= (floors[k] > 1 ? 0.55 : 0.75) * count0);
    }
    free(lab);
    free(fine);
}

/* Labels by the definition, slowly: flood fill of the gas (phi < 0.5)
 * from each new gas site in scan order over periodic 4-neighbours, then
 * film sites by multi-source BFS from every gas site in scan order. */
static int reference_labels(const float *phi, int h, int w, int32_t *lab)
{
    int n = h * w, nb = 0, head = 0, tail = 0;
    int *q = malloc(sizeof(int) * (size_t)n);
    for (int s = 0; s < n; s++) lab[s] = -1;
    for (int s0 = 0; s0 < n; s0++) {
        if (phi[s0] >= 0.5f || lab[s0] >= 0) continue;
        head = tail = 0;
        lab[s0] = nb;
        q[tail++] = s0;
        while (head < tail) {
            int s = q[head++], y = s / w, x = s % w;
            int nbr[4] = {y * w + (x + w - 1) % w, y * w + (x + 1) % w,
                          ((y + h - 1) % h) * w + x, ((y + 1) % h) * w + x};
            for (int k = 0; k < 4; k++)
                if (phi[nbr[k]] < 0.5f && lab[nbr[k]] < 0) {
                    lab[nbr[k]] = nb;
                    q[tail++] = nbr[k];
                }
        }
        nb++;
    }
    head = tail = 0;
    for (int s = 0; s < n; s++)
        if (lab[s] >= 0) q[tail++] = s;
    while (head < tail && nb > 0) {
        int s = q[head++], y = s / w, x = s % w;
        int nbr[4] = {y * w + (x + w - 1) % w, y * w + (x + 1) % w,
                      ((y + h - 1) % h) * w + x, ((y + 1) % h) * w + x};
        for (int k = 0; k < 4; k++)
            if (lab[nbr[k]] < 0) {
                lab[nbr[k]] = lab[s];
                q[tail++] = nbr[k];
            }
    }
    free(q);
    return nb;
}

/* The fast labelling (union-find, seeded BFS) gives exactly the labels of
 * the definition on random fields of many sizes and film densities,
 * where components wrap around both periodic edges. */
static void test_labels_match_definition(void)
{
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(17, 0, PG_RNG_TEST, &rng));
    int bad = 0;
    for (int trial = 0; trial < 120; trial++) {
        int h = 3 + (int)(pg_rng_uniform(rng) * 40);
        int w = 3 + (int)(pg_rng_uniform(rng) * 40);
        double film = pg_rng_uniform(rng);
        float *phi = malloc(sizeof(float) * (size_t)(h * w));
        int32_t *a = malloc(sizeof(int32_t) * (size_t)(h * w));
        int32_t *b = malloc(sizeof(int32_t) * (size_t)(h * w));
        for (int i = 0; i < h * w; i++)
            phi[i] = pg_rng_uniform(rng) < film ? 1.0f : 0.0f;
        pg_foam_field_ws *ws = NULL;
        PG_ASSERT_OK(pg_foam_field_ws_create(h, w, &ws));
        int na = 0;
        pg_foam_field_to_labels(ws, phi, 0.5, a, &na);
        int nb = reference_labels(phi, h, w, b);
        if (nb == 0)
            for (int i = 0; i < h * w; i++) b[i] = 0;
        if (na != (nb ? nb : 1) || memcmp(a, b, sizeof(int32_t) * (size_t)(h * w)))
            bad++;
        pg_foam_field_ws_destroy(&ws);
        free(phi);
        free(a);
        free(b);
    }
    CU_ASSERT_EQUAL(bad, 0);
    pg_rng_destroy(&rng);
}

/* Two 7-site-wide gas bands between film columns x = 0 and x = 8 of a
 * 16 x 16 torus, and in band A a 3 x 3 film block with one gas site in
 * its middle: a pocket. With min_sites 1 it is a third bubble; with 2 it
 * joins the films and is grown into by band A; when no component is that
 * large, all are kept. */
static void test_min_bubble_drops_pockets(void)
{
    enum { N = 16 };
    float phi[N * N];
    int32_t lab[N * N];
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++)
            phi[y * N + x] = x == 0 || x == 8 ? 1.0f : 0.0f;
    for (int y = 6; y <= 8; y++)
        for (int x = 3; x <= 5; x++) phi[y * N + x] = 1.0f;
    phi[7 * N + 4] = 0.0f;
    pg_foam_field_ws *ws = NULL;
    PG_ASSERT_OK(pg_foam_field_ws_create(N, N, &ws));
    int nb;
    pg_foam_field_to_labels_min(ws, phi, 0.5, 1, lab, &nb);
    CU_ASSERT_EQUAL(nb, 3);
    CU_ASSERT_NOT_EQUAL(lab[7 * N + 4], lab[7 * N + 2]);
    pg_foam_field_to_labels_min(ws, phi, 0.5, 2, lab, &nb);
    CU_ASSERT_EQUAL(nb, 2);
    CU_ASSERT_EQUAL(lab[7 * N + 4], lab[7 * N + 2]);
    CU_ASSERT_NOT_EQUAL(lab[7 * N + 2], lab[7 * N + 12]);
    for (int s = 0; s < N * N; s++) CU_ASSERT(lab[s] == 0 || lab[s] == 1);
    pg_foam_field_to_labels_min(ws, phi, 0.5, 1000, lab, &nb);
    CU_ASSERT_EQUAL(nb, 3);
    pg_foam_field_ws_destroy(&ws);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_field_wide");
    PG_TEST(s, test_sigma_zero_is_one_site_field);
    PG_TEST(s, test_distance_is_exact);
    PG_TEST(s, test_simulated_round_trip);
    PG_TEST(s, test_min_bubble_drops_pockets);
    PG_TEST(s, test_labels_match_definition);
    PG_TEST(s, test_round_trip_of_the_job);
    PG_TEST(s, test_round_trip_at_the_coarse_scale);
}
