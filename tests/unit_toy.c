/* The 2D GAN lab: samplers against their mode layouts, the coverage /
 * quality / JSD metrics on hand-made point sets, and the trainer (config
 * checks, reproducibility, every loss runs, a short run learns). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab/toy2d.h"
#include "runner.h"
#include "lab/toy.h"
#include "lab/toy_metrics.h"

enum { NS = 20000 };
static float pts[2 * NS], pts2[2 * NS];

/* Gaussian mixtures: each point's nearest mode; shares match the weights
 * and per-mode means match the centres. */
static void test_mixture_layout(void)
{
    const pg_toy2d_kind kinds[] = {PG_TOY2D_RING, PG_TOY2D_GRID,
                                   PG_TOY2D_TWO_CLUSTERS};
    for (int q = 0; q < 3; q++) {
        pg_toy2d d;
        pg_rng *r;
        PG_ASSERT_OK(pg_toy2d_init(&d, kinds[q]));
        PG_ASSERT_OK(pg_rng_create(21 + q, 0, PG_RNG_TEST, &r));
        pg_toy2d_sample(&d, r, pts, NS);
        double sx[PG_TOY2D_MAX_MODES] = {0}, sy[PG_TOY2D_MAX_MODES] = {0},
               wsum = 0;
        int cnt[PG_TOY2D_MAX_MODES] = {0};
        for (int i = 0; i < NS; i++) {
            int best = 0;
            double bd = INFINITY;
            for (int k = 0; k < d.n_modes; k++) {
                double dx = pts[2 * i] - d.modes[k].x,
                       dy = pts[2 * i + 1] - d.modes[k].y;
                if (dx * dx + dy * dy < bd) bd = dx * dx + dy * dy, best = k;
            }
            cnt[best]++;
            sx[best] += pts[2 * i];
            sy[best] += pts[2 * i + 1];
        }
        for (int k = 0; k < d.n_modes; k++) {
            const pg_toy2d_mode *m = &d.modes[k];
            double share = (double)cnt[k] / NS;
            /* 4 binomial standard deviations */
            double tol = 4 * sqrt(m->weight * (1 - m->weight) / NS);
            CU_ASSERT(fabs(share - m->weight) <= tol);
            CU_ASSERT_FATAL(cnt[k] > 0);
            CU_ASSERT(fabs(sx[k] / cnt[k] - m->x) < 5 * m->sigma / sqrt(cnt[k]));
            CU_ASSERT(fabs(sy[k] / cnt[k] - m->y) < 5 * m->sigma / sqrt(cnt[k]));
            wsum += m->weight;
        }
        CU_ASSERT(fabs(wsum - 1) < 1e-12);
        pg_rng_destroy(&r);
    }
}

/* Every distribution's own samples: all modes covered, almost all points
 * near a mode, inside the JSD square; mode counts as documented. */
static void test_real_samples_score_well(void)
{
    const int n_modes[PG_TOY2D_COUNT] = {8, 25, 20, 2, 12};
    for (int k = 0; k < PG_TOY2D_COUNT; k++) {
        pg_toy2d d;
        pg_rng *r;
        PG_ASSERT_OK(pg_toy2d_init(&d, (pg_toy2d_kind)k));
        CU_ASSERT_EQUAL(d.n_modes, n_modes[k]);
        PG_ASSERT_OK(pg_rng_create(31 + k, 0, PG_RNG_TEST, &r));
        pg_toy2d_sample(&d, r, pts, NS);
        pg_toy_coverage cov;
        pg_toy_coverage_compute(&d, pts, NS, &cov);
        CU_ASSERT_EQUAL(cov.modes_covered, d.n_modes);
        CU_ASSERT_EQUAL(cov.modes_total, d.n_modes);
        CU_ASSERT(cov.high_quality > 0.97);
        int outside = 0;
        for (int i = 0; i < 2 * NS; i++) outside += fabsf(pts[i]) > d.extent;
        CU_ASSERT_EQUAL(outside, 0);
        pg_rng_destroy(&r);
    }
}

static void test_coverage_handmade(void)
{
    pg_toy2d d;
    PG_ASSERT_OK(pg_toy2d_init(&d, PG_TOY2D_RING));
    /* Far away, and NaN: nothing covered, no quality. */
    for (int i = 0; i < 100; i++) pts[2 * i] = pts[2 * i + 1] = 100.0f;
    pts[0] = NAN;
    pg_toy_coverage cov;
    pg_toy_coverage_compute(&d, pts, 100, &cov);
    CU_ASSERT_EQUAL(cov.modes_covered, 0);
    CU_ASSERT_EQUAL(cov.high_quality, 0.0);
    /* Collapse onto mode 3: one mode, full quality. */
    for (int i = 0; i < 100; i++) {
        pts[2 * i] = (float)d.modes[3].x;
        pts[2 * i + 1] = (float)(d.modes[3].y + 2.9 * d.modes[3].sigma);
    }
    pg_toy_coverage_compute(&d, pts, 100, &cov);
    CU_ASSERT_EQUAL(cov.modes_covered, 1);
    CU_ASSERT(cov.covered[3]);
    CU_ASSERT_EQUAL(cov.high_quality, 1.0);
    /* The threshold: share 0.2 * 1/8 = 2.5 % covers, 2 % does not. 1000
     * points, 25 on mode 0, 20 on mode 1, the rest just outside 3 sigma
     * of mode 2. */
    for (int i = 0; i < 1000; i++) {
        int k = i < 25 ? 0 : i < 45 ? 1 : 2;
        double off = k == 2 ? 3.1 * d.modes[2].sigma : 0;
        pts[2 * i] = (float)(d.modes[k].x + off);
        pts[2 * i + 1] = (float)d.modes[k].y;
    }
    pg_toy_coverage_compute(&d, pts, 1000, &cov);
    CU_ASSERT(cov.covered[0]);
    CU_ASSERT(!cov.covered[1]);
    CU_ASSERT(!cov.covered[2]);
    CU_ASSERT(fabs(cov.high_quality - 0.045) < 1e-12);
    CU_ASSERT(fabs(cov.mode_share[0] - 0.025) < 1e-12);
}

static void test_jsd(void)
{
    pg_toy2d d;
    pg_rng *r;
    static double work[PG_TOY_JSD_WORK];
    PG_ASSERT_OK(pg_toy2d_init(&d, PG_TOY2D_RING));
    PG_ASSERT_OK(pg_rng_create(41, 0, PG_RNG_TEST, &r));
    pg_toy2d_sample(&d, r, pts, NS);
    pg_toy2d_sample(&d, r, pts2, NS);
    double same = pg_toy_jsd(&d, pts, NS, pts2, NS, work);
    CU_ASSERT(same >= 0 && same < 0.02);
    CU_ASSERT_EQUAL(pg_toy_jsd(&d, pts, NS, pts, NS, work), 0.0);
    /* Disjoint supports: 1 bit exactly (up to rounding). */
    for (int i = 0; i < 100; i++) pts2[2 * i] = pts2[2 * i + 1] = 0.0f;
    CU_ASSERT(fabs(pg_toy_jsd(&d, pts, NS, pts2, 100, work) - 1.0) < 1e-9);
    /* Half the mass moved to a far corner: 1/2 log2(4/3) + 1/4 log2(2/3)
     * + 1/4 = 0.311 bits in the limit. */
    memcpy(pts2, pts, sizeof pts2);
    for (int i = 0; i < NS; i += 2) pts2[2 * i] = pts2[2 * i + 1] = 50.0f;
    double half = pg_toy_jsd(&d, pts, NS, pts2, NS, work);
    CU_ASSERT(fabs(half - 0.311) < 0.02);
    pg_rng_destroy(&r);
}

static void small_config(pg_toy_config *c)
{
    pg_toy_config_default(c);
    c->g_hidden = c->d_hidden = 64;
    c->batch = 128;
    c->eval_samples = 2000;
}

static void test_config_errors(void)
{
    pg_toy_config c;
    pg_toy *t = NULL;
    small_config(&c);
    c.batch = 1;
    CU_ASSERT_EQUAL(pg_toy_create(&c, &t), PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "batch"));
    pg_error_clear();
    small_config(&c);
    c.real_label = 0.3;
    CU_ASSERT_EQUAL(pg_toy_create(&c, &t), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "real_label"));
    pg_error_clear();
    pg_toy_destroy(&t); /* NULL is fine */
}

/* Every loss (with smoothing, feature matching, EMA and spectral norm
 * switched on where they apply) runs and reports finite metrics; the same
 * seed twice gives bit-identical results. */
static void test_every_loss_runs_and_repeats(void)
{
    for (int l = 0; l < PG_GAN_LOSS_COUNT; l++) {
        pg_toy_metrics m[2];
        for (int rep = 0; rep < 2; rep++) {
            pg_toy_config c;
            small_config(&c);
            c.loss = (pg_gan_loss)l;
            c.d_steps = 2;
            c.real_label = pg_gan_loss_is_bce(c.loss) ? 0.9 : 1.0;
            c.fm_weight = l == PG_GAN_NONSAT ? 0.5 : 0;
            c.ema_decay = l == PG_GAN_HINGE ? 0.9 : 0;
            pg_toy *t;
            PG_ASSERT_OK(pg_toy_create(&c, &t));
            for (int s = 0; s < 5; s++) PG_ASSERT_OK(pg_toy_step(t, NULL));
            PG_ASSERT_OK(pg_toy_evaluate(t, &m[rep]));
            /* D's reported mean on the real set equals the mean of
             * pg_toy_discriminate over the same points. */
            int n = pg_toy_eval_count(t);
            float *o = malloc(sizeof *o * (size_t)n);
            PG_ASSERT_OK(pg_toy_discriminate(t, pg_toy_real_points(t), n, o));
            double s = 0;
            for (int i = 0; i < n; i++) s += o[i];
            CU_ASSERT(fabs(s / n - m[rep].d_real) < 1e-5);
            free(o);
            pg_toy_destroy(&t);
            CU_ASSERT_PTR_NULL(t);
        }
        CU_ASSERT(isfinite(m[0].jsd) && isfinite(m[0].g_grad_norm));
        CU_ASSERT(m[0].g_grad_norm > 0);
        CU_ASSERT_EQUAL(m[0].step, 5);
        CU_ASSERT_EQUAL(memcmp(&m[0], &m[1], sizeof m[0]), 0);
    }
}

/* A few hundred steps on two-clusters: the generated points move from the
 * initial blob near the origin onto the clusters. (Keeping the small
 * cluster as well takes longer: docs/toy.md.) */
static void test_short_run_learns(void)
{
    pg_toy_config c;
    small_config(&c);
    c.dataset = PG_TOY2D_TWO_CLUSTERS;
    pg_toy *t;
    PG_ASSERT_OK(pg_toy_create(&c, &t));
    pg_toy_metrics before, after;
    PG_ASSERT_OK(pg_toy_evaluate(t, &before));
    CU_ASSERT(isnan(before.g_grad_norm));
    for (int s = 0; s < 600; s++) PG_ASSERT_OK(pg_toy_step(t, NULL));
    PG_ASSERT_OK(pg_toy_evaluate(t, &after));
    fprintf(stderr, "\ntwo-clusters, 600 steps: modes %d -> %d, hq %.3f -> "
            "%.3f, jsd %.3f -> %.3f\n", before.coverage.modes_covered,
            after.coverage.modes_covered, before.coverage.high_quality,
            after.coverage.high_quality, before.jsd, after.jsd);
    CU_ASSERT(after.jsd < before.jsd - 0.3);
    CU_ASSERT(after.coverage.high_quality > 0.5);
    CU_ASSERT(before.coverage.high_quality < 0.1);
    CU_ASSERT(after.coverage.modes_covered >= 1);
    CU_ASSERT(isfinite(after.g_grad_norm) && after.g_grad_norm > 0);
    pg_toy_destroy(&t);
}

static void test_names(void)
{
    for (int k = 0; k < PG_TOY2D_COUNT; k++) {
        pg_toy2d_kind back;
        PG_ASSERT_OK(pg_toy2d_parse(pg_toy2d_name((pg_toy2d_kind)k), &back));
        CU_ASSERT_EQUAL(back, k);
    }
    pg_toy2d_kind k;
    CU_ASSERT_EQUAL(pg_toy2d_parse("circle", &k), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "two-clusters"));
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("toy");
    PG_TEST(s, test_mixture_layout);
    PG_TEST(s, test_real_samples_score_well);
    PG_TEST(s, test_coverage_handmade);
    PG_TEST(s, test_jsd);
    PG_TEST(s, test_config_errors);
    PG_TEST(s, test_every_loss_runs_and_repeats);
    PG_TEST(s, test_short_run_learns);
    PG_TEST(s, test_names);
}
