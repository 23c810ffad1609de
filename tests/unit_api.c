/* The public C API (physgan/physgan.h) without a checkpoint: versions,
 * status names, errors as codes plus a message kept by the handle (and
 * not left in the thread's error chain), and physics penalties on
 * caller arrays: value as the registry's penalty gives it, gradient
 * against central differences, parameters and refusals. Checkpoints:
 * tests/cli/api.sh (the API against the command line's outputs). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "gradcheck.h"
#include "physgan/physgan.h"
#include "physics/penalty_registry.h"
#include "runner.h"

enum { NB = 2, H = 12, W = 10 };
static const double DX = 10, DY = 12;
/* A 20 % grade plus 1 m noise: slopes on both sides of a 12 deg limit. */
static const double GRADE = 0.2, NOISE_M = 1.0, MAX_DEG = 12;

static void fill_terrain(float *z, uint64_t seed)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &r));
    for (int p = 0; p < NB; p++)
        for (int i = 0; i < H; i++)
            for (int j = 0; j < W; j++)
                z[(p * H + i) * W + j] =
                    (float)(GRADE * j * DX + pg_rng_gaussian(r, NOISE_M));
    pg_rng_destroy(&r);
}

static void test_version_and_names(void)
{
    int major = -1, minor = -1, patch = -1;
    const char *v = physgan_version(&major, &minor, &patch);
    CU_ASSERT_EQUAL(major, PHYSGAN_VERSION_MAJOR);
    CU_ASSERT_EQUAL(minor, PHYSGAN_VERSION_MINOR);
    CU_ASSERT_EQUAL(patch, PHYSGAN_VERSION_PATCH);
    CU_ASSERT_STRING_EQUAL(v, PHYSGAN_VERSION_STRING);
    CU_ASSERT_PTR_NOT_NULL(physgan_version(NULL, NULL, NULL));
    CU_ASSERT_STRING_EQUAL(physgan_strerror(PHYSGAN_ERR_IO), "I/O error");
    CU_ASSERT_STRING_EQUAL(physgan_strerror(99), "unknown status");
}

static void test_open_errors(void)
{
    physgan_model *m = NULL;
    int st = physgan_open("no-such-checkpoint.h5", NULL, 0, &m);
    CU_ASSERT_NOT_EQUAL(st, PHYSGAN_OK);
    /* A handle that carries the message, naming the file. */
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_model_message(m),
                                  "no-such-checkpoint.h5"));
    CU_ASSERT_EQUAL(physgan_model_kind(m), 0);
    /* The thread's error chain is left clean. */
    CU_ASSERT_EQUAL(pg_error_status(), PG_OK);
    /* Calls on it fail with a state error and their own message. */
    float out[4];
    CU_ASSERT_EQUAL(physgan_terrain_generate(m, 1, 0, 1, out),
                    PHYSGAN_ERR_STATE);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_model_message(m),
                                  "physgan_terrain_generate"));
    CU_ASSERT_EQUAL(physgan_model_output_shape(m, NULL, NULL, NULL),
                    PHYSGAN_ERR_STATE);
    physgan_close(&m);
    CU_ASSERT_PTR_NULL(m);
    physgan_close(&m); /* NULL is fine */
    CU_ASSERT_EQUAL(physgan_open(NULL, NULL, 0, &m), PHYSGAN_ERR_ARG);
    physgan_close(&m);
    CU_ASSERT_EQUAL(physgan_open("x.h5", NULL, 0, NULL), PHYSGAN_ERR_ARG);
}

/* terrain.slope through the API: the value of the registry's own
 * penalty, and its gradient by central differences. */
typedef struct api_case {
    physgan_penalty *p;
} api_case;

static double api_fn(void *ctx, const float *x, float *grad)
{
    api_case *c = ctx;
    double v = NAN;
    CU_ASSERT_EQUAL(physgan_penalty_eval(c->p, x, NULL, &v, grad),
                    PHYSGAN_OK);
    return v;
}

static void test_penalty_value_and_gradient(void)
{
    float z[NB * H * W], g[NB * H * W];
    fill_terrain(z, 5);
    api_case c = {NULL};
    double deg = MAX_DEG;
    CU_ASSERT_EQUAL_FATAL(physgan_penalty_open("terrain.slope", NB, 1, H, W,
                                               DX, DY, &deg, 1, &c.p),
                          PHYSGAN_OK);
    CU_ASSERT_STRING_EQUAL(physgan_penalty_message(c.p), "");
    /* The registry's penalty with the same parameter, weight 1. */
    const pg_penalty_kind *k = NULL;
    PG_ASSERT_OK(pg_penalty_kind_find("terrain.slope", &k));
    pg_penalty_args a = {{NB, 1, H, W, DX, DY}, 1.0, &deg, NULL, NULL};
    pg_penalty *ref = NULL;
    PG_ASSERT_OK(k->create(&a, &ref));
    pg_tensor t = {0};
    PG_ASSERT_OK(pg_tensor_shape(&t, 4, (int[]){NB, 1, H, W}));
    t.data = z;
    double want = NAN, got = NAN;
    PG_ASSERT_OK(pg_penalty_eval(ref, &(pg_penalty_input){&t, NULL, NULL}, &want,
                                 NULL));
    pg_penalty_destroy(&ref);
    /* grad is overwritten, not added to. */
    for (int i = 0; i < NB * H * W; i++) g[i] = 1e6f;
    got = api_fn(&c, z, g);
    CU_ASSERT(want > 0);
    CU_ASSERT_EQUAL(got, want);
    double gmax = 0;
    for (int i = 0; i < NB * H * W; i++)
        gmax = fabs(g[i]) > gmax ? fabs(g[i]) : gmax;
    CU_ASSERT(gmax > 0 && gmax < 1e3);
    gc_opts o = {.eps = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(api_fn, &c, z, NB * H * W, &o,
                                      "api terrain.slope"), 0);
    physgan_penalty_close(&c.p);
    CU_ASSERT_PTR_NULL(c.p);
}

/* terrain.roughness against the spectrum of the caller's real samples: 0
 * on a batch of the reference patch, positive elsewhere, with its
 * gradient. */
static void test_penalty_with_reference(void)
{
    float real[NB * H * W], z[NB * H * W];
    fill_terrain(real, 7);
    /* Both samples the same patch, so that the statistic (their mean log
     * spectrum) is each one's own and the penalty (a mean of per-patch
     * squared deviations) is 0 on them. */
    memcpy(real + H * W, real, H * W * sizeof *real);
    fill_terrain(z, 8);
    for (int i = 0; i < NB * H * W; i++) z[i] *= 1.5f; /* rougher */
    api_case c = {NULL};
    CU_ASSERT_EQUAL_FATAL(physgan_penalty_open_reference(
                              "terrain.roughness", NB, 1, H, W, DX, DY,
                              NULL, 0, real, NB, &c.p),
                          PHYSGAN_OK);
    double self = api_fn(&c, real, NULL), other = api_fn(&c, z, NULL);
    CU_ASSERT(fabs(self) < 1e-9);
    CU_ASSERT(other > 1e-3);
    gc_opts o = {.eps = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(api_fn, &c, z, NB * H * W, &o,
                                      "api terrain.roughness"), 0);
    physgan_penalty_close(&c.p);
    /* One reference sample is a valid (if noisy) statistic too. */
    CU_ASSERT_EQUAL(physgan_penalty_open_reference(
                        "terrain.roughness", NB, 1, H, W, DX, DY, NULL, 0,
                        real, 1, &c.p), PHYSGAN_OK);
    physgan_penalty_close(&c.p);
    /* A kind with no statistic refuses a reference; NULL ref is refused. */
    CU_ASSERT_EQUAL(physgan_penalty_open_reference(
                        "terrain.slope", NB, 1, H, W, DX, DY, NULL, 0, real,
                        NB, &c.p), PHYSGAN_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(c.p),
                                  "no data statistic"));
    physgan_penalty_close(&c.p);
    CU_ASSERT_EQUAL(physgan_penalty_open_reference(
                        "terrain.roughness", NB, 1, H, W, DX, DY, NULL, 0,
                        NULL, NB, &c.p), PHYSGAN_ERR_ARG);
    physgan_penalty_close(&c.p);
    CU_ASSERT_EQUAL(physgan_penalty_open_reference(
                        "terrain.roughness", NB, 1, H, W, DX, DY, NULL, 0,
                        real, -1, &c.p), PHYSGAN_ERR_ARG);
    physgan_penalty_close(&c.p);
    CU_ASSERT_EQUAL(pg_error_status(), PG_OK);
}

/* foam.mass compares the output with its input frames (cond). */
static void test_penalty_with_conditioning(void)
{
    enum { N = 1, FH = 8, FW = 8 };
    float phi[N * FH * FW], cond[N * FH * FW], g[N * FH * FW];
    for (int i = 0; i < N * FH * FW; i++) {
        phi[i] = (float)(0.5 + 0.4 * sin(0.7 * i));
        cond[i] = (float)(0.5 + 0.4 * cos(0.3 * i));
    }
    physgan_penalty *p = NULL;
    CU_ASSERT_EQUAL_FATAL(physgan_penalty_open("foam.mass", N, 1, FH, FW, 1,
                                               1, NULL, 0, &p),
                          PHYSGAN_OK);
    double v = NAN, same = NAN;
    CU_ASSERT_EQUAL(physgan_penalty_eval(p, phi, cond, &v, g), PHYSGAN_OK);
    CU_ASSERT(v > 0);
    /* The same frame as its own input has the same gas content. */
    CU_ASSERT_EQUAL(physgan_penalty_eval(p, cond, cond, &same, NULL),
                    PHYSGAN_OK);
    CU_ASSERT(same < 1e-12);
    physgan_penalty_close(&p);
}

static void test_penalty_refusals(void)
{
    physgan_penalty *p = NULL;
    CU_ASSERT_EQUAL(physgan_penalty_open("terrain.nope", 1, 1, 8, 8, 1, 1,
                                         NULL, 0, &p), PHYSGAN_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    /* The message names the unknown kind and lists the known ones. */
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(p),
                                  "terrain.nope"));
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(p),
                                  "terrain.slope"));
    float x[64] = {0};
    double v;
    CU_ASSERT_EQUAL(physgan_penalty_eval(p, x, NULL, &v, NULL),
                    PHYSGAN_ERR_STATE);
    physgan_penalty_close(&p);
    /* terrain.roughness needs real data's spectrum. */
    CU_ASSERT_EQUAL(physgan_penalty_open("terrain.roughness", 1, 1, 8, 8, 1,
                                         1, NULL, 0, &p), PHYSGAN_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(p),
                                  "physgan_penalty_open_reference"));
    physgan_penalty_close(&p);
    /* Parameter count and range, naming the key. */
    double two[2] = {30, 1};
    CU_ASSERT_EQUAL(physgan_penalty_open("terrain.slope", 1, 1, 8, 8, 1, 1,
                                         two, 2, &p), PHYSGAN_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(p),
                                  "takes 1 parameter"));
    physgan_penalty_close(&p);
    double steep = 95;
    CU_ASSERT_EQUAL(physgan_penalty_open("terrain.slope", 1, 1, 8, 8, 1, 1,
                                         &steep, 1, &p), PHYSGAN_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(physgan_penalty_message(p),
                                  "terrain_max_slope_deg"));
    physgan_penalty_close(&p);
    CU_ASSERT_EQUAL(physgan_penalty_open("terrain.slope", 0, 1, 8, 8, 1, 1,
                                         NULL, 0, &p), PHYSGAN_ERR_ARG);
    physgan_penalty_close(&p);
    CU_ASSERT_EQUAL(pg_error_status(), PG_OK);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("api");
    PG_TEST(s, test_version_and_names);
    PG_TEST(s, test_open_errors);
    PG_TEST(s, test_penalty_value_and_gradient);
    PG_TEST(s, test_penalty_with_conditioning);
    PG_TEST(s, test_penalty_with_reference);
    PG_TEST(s, test_penalty_refusals);
}
