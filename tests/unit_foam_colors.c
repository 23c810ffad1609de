/* Bubble colouring and frame images (src/viz/foam_colors.h, foam_png.h):
 * colours are stable per id, touching bubbles differ in every frame of a
 * simulated sequence (checked site by site, not only by the counter), a
 * touch graph with more ids than colours (K13) gets exactly one conflict,
 * films land on the right pixels at every scale, frame selection is even
 * and keeps the ends, and a negative id is refused. */
#include <string.h>

#include "base/rng.h"
#include "viz/foam_colors.h"
#include "viz/foam_png.h"
#include "physics/foam/foam_potts.h"
#include "foam_simulated.h"
#include "runner.h"

enum { N = 64, BUBBLES = 120, FRAMES = 6, INTERVAL = 40 };

static void test_simulated_neighbours_differ(void)
{
    static int32_t seq[FRAMES * N * N];
    foam_simulated_frames(7, N, BUBBLES, 0.5, 0, FRAMES, INTERVAL, seq);
    pg_foam_colors *c = NULL;
    CU_ASSERT_FATAL(pg_foam_colors_create(seq, FRAMES, N, N, &c) == PG_OK);
    CU_ASSERT_EQUAL(pg_foam_colors_ids(c), BUBBLES);
    CU_ASSERT(pg_foam_colors_pairs(c) > BUBBLES);
    CU_ASSERT_EQUAL(pg_foam_colors_conflicts(c), 0);
    size_t touching = 0, same = 0;
    for (int t = 0; t < FRAMES; t++)
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++) {
                const int32_t *f = seq + (size_t)t * N * N;
                int32_t a = f[y * N + x], r = f[y * N + (x + 1) % N],
                        d = f[((y + 1) % N) * N + x];
                if (a != r) {
                    touching++;
                    same += pg_foam_colors_index(c, a) ==
                            pg_foam_colors_index(c, r);
                }
                if (a != d) {
                    touching++;
                    same += pg_foam_colors_index(c, a) ==
                            pg_foam_colors_index(c, d);
                }
            }
    CU_ASSERT(touching > 0);
    CU_ASSERT_EQUAL(same, 0);
    /* Stable: the same index on every call; within the palette; the
     * palette is used by more than a few colours. */
    int used[PG_FOAM_PALETTE_SIZE] = {0}, distinct = 0;
    for (int32_t id = 0; id < BUBBLES; id++) {
        int k = pg_foam_colors_index(c, id);
        CU_ASSERT(k >= 0 && k < PG_FOAM_PALETTE_SIZE);
        CU_ASSERT_EQUAL(k, pg_foam_colors_index(c, id));
        if (!used[k]++) distinct++;
    }
    CU_ASSERT(distinct >= 6);
    pg_foam_colors_destroy(&c);
    CU_ASSERT_PTR_NULL(c);
}

/* Frames of 1 x 2 sites holding ids (a, b): every pair of 13 ids touches
 * in one frame, a complete graph that 12 colours cannot colour. */
static void test_more_ids_than_colours(void)
{
    enum { K = PG_FOAM_PALETTE_SIZE + 1, PAIRS = K * (K - 1) / 2 };
    int32_t lab[PAIRS * 2];
    int n = 0;
    for (int a = 0; a < K; a++)
        for (int b = a + 1; b < K; b++) {
            lab[2 * n] = a;
            lab[2 * n + 1] = b;
            n++;
        }
    pg_foam_colors *c = NULL;
    CU_ASSERT_FATAL(pg_foam_colors_create(lab, PAIRS, 1, 2, &c) == PG_OK);
    CU_ASSERT_EQUAL(pg_foam_colors_ids(c), K);
    CU_ASSERT_EQUAL(pg_foam_colors_pairs(c), PAIRS);
    CU_ASSERT_EQUAL(pg_foam_colors_conflicts(c), 1);
    pg_foam_colors_destroy(&c);
}

static int is_film(const uint8_t *px)
{
    return !memcmp(px, PG_FOAM_FILM_RGB, 3);
}

/* Two vertical stripes on a 2 x 4 lattice: ids 5 5 9 9 in both rows. */
static void test_render_films(void)
{
    const int32_t lab[8] = {5, 5, 9, 9, 5, 5, 9, 9};
    pg_foam_colors *c = NULL;
    CU_ASSERT_FATAL(pg_foam_colors_create(lab, 1, 2, 4, &c) == PG_OK);
    CU_ASSERT_NOT_EQUAL(pg_foam_colors_index(c, 5),
                        pg_foam_colors_index(c, 9));
    for (int scale = 1; scale <= 3; scale++) {
        int w = 4 * scale, h = 2 * scale;
        uint8_t rgb[6 * 12 * 3];
        pg_foam_colors_render(c, lab, 2, 4, scale, rgb);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                const uint8_t *px = rgb + (y * w + x) * 3;
                int site = x / scale, last = x % scale == scale - 1;
                /* Films: the last pixel column of sites 1 (5 | 9) and
                 * 3 (9 | 5 across the periodic edge); nothing between
                 * rows (equal ids above and below). */
                int film = last && (site == 1 || site == 3);
                CU_ASSERT_EQUAL(is_film(px), film);
                if (!film) {
                    int32_t id = site < 2 ? 5 : 9;
                    CU_ASSERT(!memcmp(px, PG_FOAM_PALETTE
                                      [pg_foam_colors_index(c, id)], 3));
                }
            }
    }
    pg_foam_colors_destroy(&c);
}

static void test_select_and_errors(void)
{
    int idx[16];
    CU_ASSERT_EQUAL(pg_foam_png_select(10, 4, idx), 4);
    CU_ASSERT(idx[0] == 0 && idx[1] == 3 && idx[2] == 6 && idx[3] == 9);
    CU_ASSERT_EQUAL(pg_foam_png_select(5, 10, idx), 5);
    CU_ASSERT(idx[0] == 0 && idx[4] == 4);
    CU_ASSERT_EQUAL(pg_foam_png_select(7, 1, idx), 1);
    CU_ASSERT_EQUAL(idx[0], 0);
    CU_ASSERT_EQUAL(pg_foam_png_select(11, 3, idx), 3);
    CU_ASSERT(idx[0] == 0 && idx[1] == 5 && idx[2] == 10);
    const int32_t bad[4] = {0, 1, -3, 1};
    pg_foam_colors *c = NULL;
    CU_ASSERT_EQUAL(pg_foam_colors_create(bad, 1, 2, 2, &c), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(c);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_foam_colors");
    PG_TEST(s, test_simulated_neighbours_differ);
    PG_TEST(s, test_more_ids_than_colours);
    PG_TEST(s, test_render_films);
    PG_TEST(s, test_select_and_errors);
}
