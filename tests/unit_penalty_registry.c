/* The penalty registry and list (physics/penalty_registry.h,
 * physics/penalty_list.h): names, keys, which penalties a config creates
 * and in which order, and the list evaluator's gradient against central
 * differences through the unit conversion and the chain rule. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "gradcheck.h"
#include "physics/penalty_list.h"
#include "runner.h"
#include "train/job_schema.h"

enum { MAX_KEYS = 64 };

/* A config of the registry's [physics] keys alone, with overrides. */
static pg_config *physics_config(const char *const *ov, int n_ov)
{
    static pg_key_spec keys[MAX_KEYS];
    int n = 0;
    PG_ASSERT_OK(pg_penalty_registry_keys(keys, MAX_KEYS, &n));
    pg_config *c = NULL;
    PG_ASSERT_OK(pg_config_create(keys, n, &c));
    for (int i = 0; i < n_ov; i++) PG_ASSERT_OK(pg_config_override(c, ov[i]));
    PG_ASSERT_OK(pg_config_validate(c));
    return c;
}

static void test_unknown_names(void)
{
    const pg_penalty_kind *k = NULL;
    PG_ASSERT_OK(pg_penalty_kind_find("foam.plateau", &k));
    CU_ASSERT_STRING_EQUAL(k->name, "foam.plateau");
    CU_ASSERT_STRING_EQUAL(k->keys[0].key, "foam_plateau_weight");
    CU_ASSERT_EQUAL(pg_penalty_kind_find("terrain.nope", &k), PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(k);
    /* The message names the unknown kind and lists the known ones. */
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "terrain.nope"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "terrain.slope"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "foam.vonneumann"));
    pg_error_clear();

    pg_config *c = physics_config(NULL, 0);
    pg_penalty_geom g = {2, 1, 8, 8, 1, 1};
    pg_penalty_list *l = NULL;
    CU_ASSERT_EQUAL(pg_penalty_list_create(c, "plasma", 0, "test", &g, &l),
                    PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(l);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "plasma"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "protein"));
    pg_error_clear();
    pg_config_destroy(&c);
}

/* The keys in the job schema's order, which is the job schema's. */
static void test_keys(void)
{
    static const char *const want[] = {
        "terrain_slope_weight", "terrain_max_slope_deg",
        "terrain_roughness_weight", "terrain_depression_weight",
        "terrain_slope_dist_weight", "warmup_steps", "foam_mass_weight",
        "foam_plateau_weight", "foam_plateau_sigma",
        "foam_vonneumann_weight", "foam_vonneumann_tau",
        "foam_vonneumann_eps", "crystal_spacing_weight",
        "crystal_spacing_fraction", "crystal_charge_weight",
        "crystal_ewald_weight", "crystal_ewald_accuracy",
        "crystal_gii_weight", "crystal_gii_cutoff", "crystal_cell_weight",
        "crystal_cell_min_plane", "crystal_cell_volume_min",
        "crystal_cell_volume_max", "protein_profile_weight",
        "protein_profile_pseudocount", "protein_profile_score_weight",
        "protein_profile_score_target", "protein_profile_end_weight"};
    enum { N = sizeof want / sizeof *want };
    pg_key_spec keys[MAX_KEYS];
    int n = 0;
    PG_ASSERT_OK(pg_penalty_registry_keys(keys, MAX_KEYS, &n));
    CU_ASSERT_EQUAL_FATAL(n, N);
    for (int i = 0; i < N; i++) {
        CU_ASSERT_STRING_EQUAL(keys[i].section, "physics");
        CU_ASSERT_STRING_EQUAL(keys[i].key, want[i]);
    }
    /* The job schema holds them, back to back (its table has room for
     * MAX_KEYS). */
    int ns, at = -1;
    const pg_key_spec *s = pg_job_schema(&ns);
    for (int i = 0; i < ns && at < 0; i++)
        if (!strcmp(s[i].section, "physics")) at = i;
    CU_ASSERT_FATAL(at >= 0 && at + N <= ns);
    for (int i = 0; i < N; i++)
        CU_ASSERT_STRING_EQUAL(s[at + i].key, want[i]);
    CU_ASSERT(at + N == ns || strcmp(s[at + N].section, "physics"));
    CU_ASSERT_EQUAL(pg_penalty_registry_keys(keys, 3, &n), PG_ERR_INTERNAL);
    pg_error_clear();
}

static void expect_names(const pg_penalty_list *l, const char *const *names,
                         int n)
{
    CU_ASSERT_EQUAL_FATAL(pg_penalty_list_size(l), n);
    for (int i = 0; i < n; i++)
        CU_ASSERT_STRING_EQUAL(pg_penalty_list_name(l, i), names[i]);
}

static void test_config_creates(void)
{
    pg_penalty_geom tg = {2, 1, 8, 8, 30, 30}, fg = {2, 1, 9, 8, 1, 1};
    pg_penalty_list *l = NULL;

    /* Nothing weighted: an empty list whose eval is a no-op. */
    pg_config *c = physics_config(NULL, 0);
    PG_ASSERT_OK(pg_penalty_list_create(c, "terrain", 0, "test", &tg, &l));
    CU_ASSERT_EQUAL(pg_penalty_list_size(l), 0);
    CU_ASSERT_EQUAL(pg_penalty_list_slots(l), 4);
    float x[2 * 8 * 8] = {0}, gx[2 * 8 * 8] = {0};
    pg_penalty_units u = {.batch_scale = 1};
    PG_ASSERT_OK(pg_penalty_list_eval(l, x, NULL, &u, 1, NULL, gx));
    pg_penalty_list_destroy(&l);
    CU_ASSERT_PTR_NULL(l);
    pg_config_destroy(&c);

    /* Both terrain kinds, in registry order; roughness waits for its
     * reference. */
    const char *both[] = {"physics.terrain_roughness_weight=3",
                          "physics.terrain_slope_weight=2"};
    c = physics_config(both, 2);
    PG_ASSERT_OK(pg_penalty_list_create(c, "terrain", 0, "test", &tg, &l));
    expect_names(l, (const char *[]){"terrain.slope", "terrain.roughness"},
                 2);
    CU_ASSERT_DOUBLE_EQUAL(pg_penalty_list_weight(l, 0), 2, 0);
    CU_ASSERT_DOUBLE_EQUAL(pg_penalty_list_weight(l, 1), 3, 0);
    CU_ASSERT(pg_penalty_list_needs_ref(l));
    double v[2];
    CU_ASSERT_EQUAL(pg_penalty_list_eval(l, x, NULL, &u, 1, v, gx),
                    PG_ERR_STATE);
    pg_error_clear();
    pg_penalty_list_destroy(&l);
    /* A caller without data references refuses roughness by its key. */
    CU_ASSERT_EQUAL(pg_penalty_list_create(c, "terrain",
                                           PG_PENALTY_LIST_NO_REF, "test",
                                           &tg, &l), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "terrain_roughness_weight"));
    pg_error_clear();
    /* Terrain weights on foam samples are refused by their key. */
    CU_ASSERT_EQUAL(pg_penalty_config_check(c, "foam", 0, "test"),
                    PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "terrain_slope_weight"));
    pg_error_clear();
    double total;
    PG_ASSERT_OK(pg_penalty_config_total_weight(c, "terrain", &total));
    CU_ASSERT_DOUBLE_EQUAL(total, 5, 0);
    pg_config_destroy(&c);

    /* Foam: mass and von Neumann on, plateau off; slots keep all three. */
    const char *foam[] = {"physics.foam_vonneumann_weight=1",
                          "physics.foam_mass_weight=4"};
    c = physics_config(foam, 2);
    PG_ASSERT_OK(pg_penalty_list_create(c, "foam", 0, "test", &fg, &l));
    expect_names(l, (const char *[]){"foam.mass", "foam.vonneumann"}, 2);
    CU_ASSERT_EQUAL(pg_penalty_list_slots(l), 3);
    CU_ASSERT_STRING_EQUAL(pg_penalty_list_slot_name(l, 1), "foam.plateau");
    CU_ASSERT_EQUAL(pg_penalty_list_slot(l, 0), 0);
    CU_ASSERT_EQUAL(pg_penalty_list_slot(l, 1), 2);
    CU_ASSERT(!pg_penalty_list_needs_ref(l));
    pg_penalty_list_destroy(&l);
    pg_config_destroy(&c);
}

/* ---- the evaluator against central differences ---------------------------- */

typedef struct list_case {
    pg_penalty_list *l;
    const float *cond;
    const pg_penalty_units *u;
    double gain;
    size_t len;
    float *gx;
} list_case;

/* gain * sum_i w_i P_i(x_phys(x)), whose gradient the evaluator adds. */
static double list_fn(void *ctx, const float *x, float *grad)
{
    list_case *c = ctx;
    double v[8];
    float *gx = grad ? grad : c->gx;
    memset(gx, 0, c->len * sizeof *gx);
    if (pg_penalty_list_eval(c->l, x, c->cond, c->u, c->gain, v, gx) !=
        PG_OK) {
        pg_error_print(stderr);
        pg_error_clear();
        return NAN;
    }
    double f = 0;
    for (int i = 0; i < pg_penalty_list_size(c->l); i++)
        f += pg_penalty_list_weight(c->l, i) * v[i];
    return c->gain * f;
}

static const gc_opts OPTS = {.eps = 1e-3, .atol = 1e-6, .rtol = 2e-2};

/* The list of domain's penalties for a config with overrides ov (*c:
 * the config, for the caller to destroy after the list). */
static pg_penalty_list *list_of(const char *domain, const char *const *ov,
                                int n_ov, const pg_penalty_geom *g,
                                pg_config **c)
{
    pg_penalty_list *l = NULL;
    *c = physics_config(ov, n_ov);
    PG_ASSERT_OK(pg_penalty_list_create(*c, domain, 0, "test", g, &l));
    return l;
}

/* Terrain: per-sample metres (scale_i, offset_i in double), a warm-up
 * gain, slope and roughness (its reference observed from other
 * patches). */
static void test_terrain_gradient(void)
{
    enum { N = 2, H = 12, W = 10 };
    const size_t len = (size_t)N * H * W;
    const char *ov[] = {"physics.terrain_slope_weight=2",
                        "physics.terrain_max_slope_deg=20",
                        "physics.terrain_roughness_weight=0.5"};
    pg_config *c;
    pg_penalty_geom g = {N, 1, H, W, 20, 25};
    pg_penalty_list *l = list_of("terrain", ov, 3, &g, &c);
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(31, 0, PG_RNG_TEST, &r));
    float x[N * H * W], ref[N * H * W], gx[N * H * W];
    pg_rng_fill_gaussian(r, ref, len, 40.0);
    PG_ASSERT_OK(pg_penalty_list_observe(l, ref, N));
    int n_sums;
    CU_ASSERT_PTR_NOT_NULL(pg_penalty_list_ref_sums(l, &n_sums));
    CU_ASSERT(n_sums > 0);
    PG_ASSERT_OK(pg_penalty_list_finish(l, N));
    CU_ASSERT(!pg_penalty_list_needs_ref(l));
    pg_rng_fill_gaussian(r, x, len, 0.5);
    double scale[N] = {30, 55}, offset[N] = {120, -40};
    pg_penalty_units u = {.scale = scale, .offset = offset};
    list_case lc = {l, NULL, &u, 0.25, len, gx};
    double f = list_fn(&lc, x, NULL);
    CU_ASSERT(isfinite(f) && f > 0);
    CU_ASSERT_EQUAL(gc_check_function(list_fn, &lc, x, len, &OPTS,
                                      "penalty list: terrain"), 0);
    pg_penalty_list_destroy(&l);
    pg_config_destroy(&c);
    pg_rng_destroy(&r);
}

/* Foam: one map for the batch (phi = (y + 1) / 2, in float), the input
 * frames as conditioning, all three penalties. */
static void test_foam_gradient(void)
{
    enum { N = 2, H = 9, W = 8 };
    const size_t len = (size_t)N * H * W;
    const char *ov[] = {"physics.foam_mass_weight=2",
                        "physics.foam_plateau_weight=0.5",
                        "physics.foam_vonneumann_weight=3",
                        "physics.foam_vonneumann_tau=0.7"};
    pg_config *c;
    pg_penalty_geom g = {N, 1, H, W, 1, 1};
    pg_penalty_list *l = list_of("foam", ov, 4, &g, &c);
    CU_ASSERT_EQUAL(pg_penalty_list_size(l), 3);
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(32, 0, PG_RNG_TEST, &r));
    float y[N * H * W], cond[N * H * W], gx[N * H * W];
    /* Film-like fields in (-1, 1): a wavy stripe per sample plus noise. */
    for (int k = 0; k < N; k++)
        for (int i = 0; i < H; i++)
            for (int j = 0; j < W; j++) {
                double y0 = (H - 1) * (0.3 + 0.2 * k) +
                            1.5 * sin(2 * 3.14159265 * j / W);
                double d = fmin(fabs(i - y0), H - fabs(i - y0));
                double phi = exp(-d * d / 2);
                size_t at = ((size_t)k * H + i) * W + j;
                cond[at] = (float)(2 * fmin(phi, 0.9) - 1);
                y[at] = (float)(2 * fmin(phi + 0.2 * pg_rng_uniform(r), 0.95)
                                - 1);
            }
    pg_penalty_units u = {.batch_scale = 0.5f, .batch_offset = 0.5f};
    list_case lc = {l, cond, &u, 1.0, len, gx};
    double f = list_fn(&lc, y, NULL);
    CU_ASSERT(isfinite(f) && f > 0);
    CU_ASSERT_EQUAL(gc_check_function(list_fn, &lc, y, len, &OPTS,
                                      "penalty list: foam"), 0);
    /* Without the input frames, mass and von Neumann refuse. */
    lc.cond = NULL;
    CU_ASSERT(isnan(list_fn(&lc, y, NULL)));
    pg_penalty_list_destroy(&l);
    pg_config_destroy(&c);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_penalty_registry");
    PG_TEST(s, test_unknown_names);
    PG_TEST(s, test_keys);
    PG_TEST(s, test_config_creates);
    PG_TEST(s, test_terrain_gradient);
    PG_TEST(s, test_foam_gradient);
}
