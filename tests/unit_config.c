/* Job files: parsing every type, every error message (file, line, key),
 * defaults, overrides, ranges at their bounds, required keys, PATH
 * resolution, and write -> reload round trips. Fixture files are written
 * into the test's working directory. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "runner.h"

static const pg_key_spec schema[] = {
    {"data", "path", PG_KEY_PATH, NULL, 0, -1, NULL, "dataset file (HDF5)"},
    {"data", "extra", PG_KEY_PATH, "", 0, -1, NULL, "optional second file"},
    {"model", "arch", PG_KEY_CHOICE, "mlp", 0, -1, "mlp|dcgan|unet",
     "generator architecture"},
    {"model", "hidden", PG_KEY_INT, "16", 1, 4096, NULL, "hidden units"},
    {"model", "name", PG_KEY_STRING, "toy", 0, -1, NULL, "run label"},
    {"optim", "g_lr", PG_KEY_DOUBLE, "0.0002", 0, 1, NULL,
     "generator learning rate (1/step)"},
    {"optim", "beta1", PG_KEY_DOUBLE, "0.5", 0, 1, NULL, "Adam beta1"},
    {"train", "steps", PG_KEY_INT, "1000", 1, 1e9, NULL, "training steps"},
    {"train", "batch", PG_KEY_INT, "64", 1, 65536, NULL, "batch (samples)"},
    {"train", "ema", PG_KEY_BOOL, "false", 0, -1, NULL, "keep an EMA of G"},
    {"train", "offset", PG_KEY_INT, "0", 0, -1, NULL, "unbounded integer"},
    {"output", "dir", PG_KEY_PATH, "out", 0, -1, NULL, "output directory"},
};
enum { N_KEYS = sizeof schema / sizeof schema[0] };

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

static pg_config *make(void)
{
    pg_config *c = NULL;
    PG_ASSERT_OK(pg_config_create(schema, N_KEYS, &c));
    return c;
}

/* Write text to job.ini and load it into a fresh config. */
static pg_status load_text(const char *text, pg_config **c)
{
    write_file("job.ini", text);
    *c = make();
    return pg_config_load(*c, "job.ini");
}

/* The call fails with `want` and a message holding every part. */
static void check_error(pg_status got, pg_status want,
                        const char *const *parts)
{
    CU_ASSERT_EQUAL(got, want);
    const char *m = pg_error_message();
    for (; *parts; parts++)
        if (!strstr(m, *parts)) {
            fprintf(stderr, "\nmessage lacks '%s':\n%s\n", *parts, m);
            CU_FAIL("error message incomplete");
        }
    pg_error_clear();
}
#define EXPECT_ERROR(call, want, ...) \
    check_error((call), (want), (const char *const[]){__VA_ARGS__, NULL})

/* Load text and expect a configuration error naming all parts. */
#define EXPECT_LOAD_ERROR(text, ...)                                       \
    do {                                                                   \
        pg_config *c_;                                                     \
        EXPECT_ERROR(load_text((text), &c_), PG_ERR_CONFIG, __VA_ARGS__);  \
        pg_config_destroy(&c_);                                            \
    } while (0)

static long get_int(const pg_config *c, const char *s, const char *k)
{
    long v = -999;
    PG_ASSERT_OK(pg_config_get_int(c, s, k, &v));
    return v;
}

static double get_double(const pg_config *c, const char *s, const char *k)
{
    double v = NAN;
    PG_ASSERT_OK(pg_config_get_double(c, s, k, &v));
    return v;
}

static int get_bool(const pg_config *c, const char *s, const char *k)
{
    int v = -1;
    PG_ASSERT_OK(pg_config_get_bool(c, s, k, &v));
    return v;
}

static const char *get_str(const pg_config *c, const char *s, const char *k)
{
    const char *v = NULL;
    PG_ASSERT_OK(pg_config_get_string(c, s, k, &v));
    return v;
}

/* cwd + "/" + rel, the absolute form PATH values take. */
static char *in_cwd(const char *rel)
{
    static char buf[4096];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(buf, sizeof buf - 256));
    strcat(buf, "/");
    strcat(buf, rel);
    return buf;
}

static void test_defaults(void)
{
    pg_config *c;
    PG_ASSERT_OK(load_text("[data]\npath = d.h5\n", &c));
    PG_ASSERT_OK(pg_config_validate(c));
    CU_ASSERT_STRING_EQUAL(get_str(c, "model", "arch"), "mlp");
    CU_ASSERT_EQUAL(get_int(c, "model", "hidden"), 16);
    CU_ASSERT_STRING_EQUAL(get_str(c, "model", "name"), "toy");
    CU_ASSERT_DOUBLE_EQUAL(get_double(c, "optim", "g_lr"), 0.0002, 0);
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 1000);
    CU_ASSERT_EQUAL(get_bool(c, "train", "ema"), 0);
    CU_ASSERT_STRING_EQUAL(get_str(c, "data", "extra"), "");
    /* A relative default path is taken from the current directory. */
    CU_ASSERT_STRING_EQUAL(get_str(c, "output", "dir"), in_cwd("out"));
    pg_config_destroy(&c);
    CU_ASSERT_PTR_NULL(c);
    pg_config_destroy(&c); /* NULL is accepted */
}

static void test_every_type_from_file(void)
{
    pg_config *c;
    PG_ASSERT_OK(load_text("[model]\narch = unet\nhidden = 128\n"
                           "name = terrain run 3\n"
                           "[optim]\ng_lr = 1e-4\n"
                           "[train]\nsteps = 5000\nema = yes\noffset = -7\n"
                           "[data]\npath = d.h5\n",
                           &c));
    CU_ASSERT_STRING_EQUAL(get_str(c, "model", "arch"), "unet");
    CU_ASSERT_EQUAL(get_int(c, "model", "hidden"), 128);
    CU_ASSERT_STRING_EQUAL(get_str(c, "model", "name"), "terrain run 3");
    CU_ASSERT_DOUBLE_EQUAL(get_double(c, "optim", "g_lr"), 1e-4, 0);
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 5000);
    CU_ASSERT_EQUAL(get_bool(c, "train", "ema"), 1);
    CU_ASSERT_EQUAL(get_int(c, "train", "offset"), -7);
    pg_config_destroy(&c);
}

static void test_bool_spellings(void)
{
    const char *yes[] = {"true", "yes", "on", "1", "TRUE", "Yes"};
    const char *no[] = {"false", "no", "off", "0", "False", "OFF"};
    char text[64];
    for (int i = 0; i < 6; i++)
        for (int want = 0; want <= 1; want++) {
            pg_config *c;
            snprintf(text, sizeof text, "[train]\nema = %s\n",
                     want ? yes[i] : no[i]);
            PG_ASSERT_OK(load_text(text, &c));
            CU_ASSERT_EQUAL(get_bool(c, "train", "ema"), want);
            pg_config_destroy(&c);
        }
    EXPECT_LOAD_ERROR("[train]\nema = maybe\n", "job.ini:2", "ema = maybe",
                      "true or false", "yes/no", "on/off", "1/0");
}

static void test_comments_and_blank_lines(void)
{
    pg_config *c;
    PG_ASSERT_OK(load_text("; a comment\n# another\n\n[train]\n\n"
                           "   ; indented comment\n"
                           "steps = 5 ; inline comment\n\n# end\n",
                           &c));
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 5);
    pg_config_destroy(&c);
    /* An indented comment after a key is no continuation; a section may
     * come back. */
    PG_ASSERT_OK(load_text("[train]\nsteps = 5\n  ; indented\n[model]\n"
                           "hidden = 3\n[train]\nbatch = 9\n",
                           &c));
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 5);
    CU_ASSERT_EQUAL(get_int(c, "train", "batch"), 9);
    pg_config_destroy(&c);
    /* Windows line ends. */
    PG_ASSERT_OK(load_text("[train]\r\nsteps = 8\r\n", &c));
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 8);
    pg_config_destroy(&c);
    /* A comment longer than inih's line buffer is cut, not misread. */
    char text[600] = "[train]\n; ";
    memset(text + strlen(text), 'x', 400);
    strcat(text, "\nsteps = 6\n");
    PG_ASSERT_OK(load_text(text, &c));
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 6);
    pg_config_destroy(&c);
}

static void test_unknown_names(void)
{
    EXPECT_LOAD_ERROR("[data]\npath = x\n[nonsense]\nx = 1\n", "job.ini:3",
                      "unknown section [nonsense]",
                      "known: data, model, optim, train, output");
    /* A section with no keys is still checked, at its header line. */
    EXPECT_LOAD_ERROR("[trian]\n[train]\nsteps = 3\n", "job.ini:1",
                      "[trian]", "did you mean [train]");
    EXPECT_LOAD_ERROR("[train]\nsteps = 10\nstepz = 3\n",
                      "job.ini:3: [train] stepz: unknown key",
                      "did you mean 'steps'");
    EXPECT_LOAD_ERROR("[train]\nsetps = 10\n", "job.ini:2", "setps",
                      "did you mean 'steps'"); /* a transposition */
    EXPECT_LOAD_ERROR("[train]\ng_lr = 0.1\n", "job.ini:2", "g_lr",
                      "belongs in [optim]");
    EXPECT_LOAD_ERROR("[train]\nxyzzy = 1\n", "job.ini:2", "xyzzy",
                      "keys of [train]: steps, batch, ema, offset");
    EXPECT_LOAD_ERROR("steps = 1\n[train]\n", "job.ini:1", "steps",
                      "before any [section]");
}

static void test_bad_values(void)
{
    EXPECT_LOAD_ERROR("[optim]\ng_lr = abc\n",
                      "job.ini:2: [optim] g_lr = abc: expected a real "
                      "number in [0, 1]");
    EXPECT_LOAD_ERROR("[model]\nhidden = 12.5\n", "job.ini:2",
                      "hidden = 12.5", "expected an integer in [1, 4096]");
    EXPECT_LOAD_ERROR("[train]\noffset = 99999999999999999999999\n",
                      "job.ini:2", "offset", "expected an integer");
    EXPECT_LOAD_ERROR("[optim]\nbeta1 = nan\n", "job.ini:2", "beta1");
    EXPECT_LOAD_ERROR("[optim]\nbeta1 = inf\n", "job.ini:2", "beta1");
    EXPECT_LOAD_ERROR("[model]\narch = gan\n", "job.ini:2", "arch = gan",
                      "one of: mlp, dcgan, unet");
    EXPECT_LOAD_ERROR("[train]\nsteps =\n", "job.ini:2", "steps");
}

static void test_syntax_errors(void)
{
    EXPECT_LOAD_ERROR("[train]\nsteps 10\n", "job.ini:2: syntax error");
    EXPECT_LOAD_ERROR("[train\nsteps = 10\n", "job.ini:1: syntax error");
    /* inih would glue an indented line onto the key above. */
    EXPECT_LOAD_ERROR("[train]\nsteps = 1\n  batch = 2\n", "job.ini:3",
                      "continuation of 'steps'");
    char text[600] = "[data]\npath = ";
    memset(text + strlen(text), 'p', 300);
    strcat(text, "\n");
    EXPECT_LOAD_ERROR(text, "job.ini:2", "too long");
}

static void test_duplicate_key(void)
{
    EXPECT_LOAD_ERROR("[train]\nsteps = 1\nbatch = 2\nsteps = 3\n",
                      "job.ini:4: [train] steps", "lines 2 and 4");
}

static void test_all_errors_reported_in_line_order(void)
{
    pg_config *c;
    EXPECT_ERROR(load_text("[train]\nsteps = 7\nstepz = 1\n[optim]\n"
                           "g_lr = x\n[bad]\n",
                           &c),
                 PG_ERR_CONFIG, "job.ini:3", "job.ini:5", "job.ini:6");
    /* The valid key of a rejected file is not applied either. */
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 1000);
    pg_config_destroy(&c);
    EXPECT_ERROR(load_text("[train]\nstepz = 1\n[optim]\ng_lr = x\n", &c),
                 PG_ERR_CONFIG, "job.ini:2");
    pg_config_destroy(&c);
    /* The first error comes first: checked on a fresh message. */
    load_text("[optim]\ng_lr = x\n[train]\nstepz = 1\n", &c);
    const char *m = pg_error_message();
    CU_ASSERT_PTR_NOT_NULL(strstr(m, "job.ini:2"));
    CU_ASSERT_TRUE(strstr(m, "job.ini:2") < strstr(m, "job.ini:4"));
    pg_error_clear();
    pg_config_destroy(&c);
}

static void test_unreadable_file(void)
{
    pg_config *c = make();
    EXPECT_ERROR(pg_config_load(c, "no-such-job.ini"), PG_ERR_IO,
                 "cannot open job file no-such-job.ini", strerror(ENOENT));
    mkdir("a-directory.ini", 0755);
    EXPECT_ERROR(pg_config_load(c, "a-directory.ini"), PG_ERR_IO,
                 "a-directory.ini");
    pg_config_destroy(&c);
}

static void test_range_bounds(void)
{
    struct { const char *text; int ok; } cases[] = {
        {"[model]\nhidden = 1\n", 1},      {"[model]\nhidden = 4096\n", 1},
        {"[model]\nhidden = 0\n", 0},      {"[model]\nhidden = 4097\n", 0},
        {"[optim]\ng_lr = 0\n", 1},        {"[optim]\ng_lr = 1\n", 1},
        {"[optim]\ng_lr = -1e-9\n", 0},    {"[optim]\ng_lr = 1.000001\n", 0},
        {"[train]\nsteps = 1000000000\n", 1},
        {"[train]\nsteps = 1000000001\n", 0},
        {"[train]\noffset = -9000000000\n", 1}, /* min > max: no range */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pg_config *c;
        pg_status st = load_text(cases[i].text, &c);
        if (cases[i].ok) {
            PG_ASSERT_OK(st);
        } else {
            EXPECT_ERROR(st, PG_ERR_CONFIG, "job.ini:2", "expected");
        }
        pg_config_destroy(&c);
    }
}

static void test_overrides(void)
{
    pg_config *c = make();
    /* Override before and after the file: the override wins both times. */
    PG_ASSERT_OK(pg_config_override(c, "train.steps=42"));
    write_file("job.ini", "[train]\nsteps = 10\nbatch = 8\n[model]\n"
                          "hidden = 32\n");
    PG_ASSERT_OK(pg_config_load(c, "job.ini"));
    PG_ASSERT_OK(pg_config_override(c, " model.hidden = 64 "));
    CU_ASSERT_EQUAL(get_int(c, "train", "steps"), 42);
    CU_ASSERT_EQUAL(get_int(c, "model", "hidden"), 64);
    CU_ASSERT_EQUAL(get_int(c, "train", "batch"), 8);
    PG_ASSERT_OK(pg_config_override(c, "model.name=a=b"));
    CU_ASSERT_STRING_EQUAL(get_str(c, "model", "name"), "a=b");
    /* Relative override paths are taken from the current directory. */
    PG_ASSERT_OK(pg_config_override(c, "data.path=sub/x.h5"));
    CU_ASSERT_STRING_EQUAL(get_str(c, "data", "path"), in_cwd("sub/x.h5"));

    EXPECT_ERROR(pg_config_override(c, "optim.g_lr"), PG_ERR_CONFIG,
                 "override 'optim.g_lr': expected section.key=value");
    EXPECT_ERROR(pg_config_override(c, "g_lr=1"), PG_ERR_CONFIG,
                 "override 'g_lr=1': expected section.key=value");
    EXPECT_ERROR(pg_config_override(c, ".g_lr=1"), PG_ERR_CONFIG,
                 "expected section.key=value");
    EXPECT_ERROR(pg_config_override(c, "optim.=1"), PG_ERR_CONFIG,
                 "expected section.key=value");
    EXPECT_ERROR(pg_config_override(c, "train.stepz=3"), PG_ERR_CONFIG,
                 "override 'train.stepz=3': unknown key",
                 "did you mean 'steps'");
    EXPECT_ERROR(pg_config_override(c, "trian.steps=3"), PG_ERR_CONFIG,
                 "override 'trian.steps=3'", "unknown section [trian]");
    EXPECT_ERROR(pg_config_override(c, "optim.g_lr=abc"), PG_ERR_CONFIG,
                 "override 'optim.g_lr=abc'",
                 "expected a real number in [0, 1]");
    EXPECT_ERROR(pg_config_override(c, "model.hidden=0"), PG_ERR_CONFIG,
                 "model.hidden=0", "[1, 4096]");
    /* pg_config_write could not write this back. */
    EXPECT_ERROR(pg_config_override(c, "model.name=a ;b"), PG_ERR_CONFIG,
                 "model.name", "comment");
    /* Failed overrides change nothing. */
    CU_ASSERT_EQUAL(get_int(c, "model", "hidden"), 64);
    CU_ASSERT_DOUBLE_EQUAL(get_double(c, "optim", "g_lr"), 0.0002, 0);
    pg_config_destroy(&c);
}

static void test_required_keys(void)
{
    pg_config *c = make();
    EXPECT_ERROR(pg_config_validate(c), PG_ERR_CONFIG,
                 "[data] path: required key missing (no job file loaded)");
    write_file("job.ini", "[train]\nsteps = 3\n");
    PG_ASSERT_OK(pg_config_load(c, "job.ini"));
    EXPECT_ERROR(pg_config_validate(c), PG_ERR_CONFIG,
                 "[data] path: required key missing (job.ini)");
    const char *s;
    EXPECT_ERROR(pg_config_get_string(c, "data", "path", &s), PG_ERR_CONFIG,
                 "[data] path");
    PG_ASSERT_OK(pg_config_override(c, "data.path=d.h5"));
    PG_ASSERT_OK(pg_config_validate(c));
    pg_config_destroy(&c);
}

static void test_getter_misuse_is_internal(void)
{
    pg_config *c = make();
    long i;
    double d;
    int b;
    const char *s;
    EXPECT_ERROR(pg_config_get_int(c, "train", "nope", &i), PG_ERR_INTERNAL,
                 "[train] nope");
    EXPECT_ERROR(pg_config_get_double(c, "train", "steps", &d),
                 PG_ERR_INTERNAL, "[train] steps");
    EXPECT_ERROR(pg_config_get_bool(c, "model", "name", &b), PG_ERR_INTERNAL,
                 "name");
    EXPECT_ERROR(pg_config_get_string(c, "train", "steps", &s),
                 PG_ERR_INTERNAL, "steps");
    EXPECT_ERROR(pg_config_get_int(c, "optim", "g_lr", &i), PG_ERR_INTERNAL,
                 "g_lr");
    pg_config_destroy(&c);
}

static void test_bad_schema_is_internal(void)
{
    pg_config *c = NULL;
    const pg_key_spec bad_default[] = {
        {"train", "steps", PG_KEY_INT, "ten", 1, 10, NULL, "steps"}};
    EXPECT_ERROR(pg_config_create(bad_default, 1, &c), PG_ERR_INTERNAL,
                 "[train] steps", "ten");
    const pg_key_spec twice[] = {
        {"train", "steps", PG_KEY_INT, "1", 1, 10, NULL, "steps"},
        {"train", "steps", PG_KEY_INT, "1", 1, 10, NULL, "steps"}};
    EXPECT_ERROR(pg_config_create(twice, 2, &c), PG_ERR_INTERNAL, "twice");
    const pg_key_spec no_choices[] = {
        {"model", "arch", PG_KEY_CHOICE, "a", 0, -1, NULL, "arch"}};
    EXPECT_ERROR(pg_config_create(no_choices, 1, &c), PG_ERR_INTERNAL,
                 "choices");
    CU_ASSERT_PTR_NULL(c);
}

static void test_path_resolution(void)
{
    mkdir("sub", 0755);
    write_file("sub/job.ini", "[data]\npath = data.h5\n"
                              "extra = ./a//b/../c/\n"
                              "[output]\ndir = /abs/out\n");
    pg_config *c = make();
    PG_ASSERT_OK(pg_config_load(c, "sub/job.ini"));
    CU_ASSERT_STRING_EQUAL(get_str(c, "data", "path"), in_cwd("sub/data.h5"));
    CU_ASSERT_STRING_EQUAL(get_str(c, "data", "extra"),
                           in_cwd("sub/a/b/../c"));
    CU_ASSERT_STRING_EQUAL(get_str(c, "output", "dir"), "/abs/out");
    pg_config_destroy(&c);
    /* The job file named by an absolute path resolves the same way. */
    c = make();
    PG_ASSERT_OK(pg_config_load(c, in_cwd("sub/job.ini")));
    CU_ASSERT_STRING_EQUAL(get_str(c, "data", "path"), in_cwd("sub/data.h5"));
    pg_config_destroy(&c);
}

static void test_write_round_trip(void)
{
    mkdir("sub", 0755);
    write_file("sub/job.ini", "[data]\npath = d.h5\n[model]\narch = dcgan\n"
                              "name = run ; comment\n[optim]\ng_lr = 1e-4\n"
                              "[train]\nema = on\n");
    pg_config *a = make();
    PG_ASSERT_OK(pg_config_load(a, "sub/job.ini"));
    PG_ASSERT_OK(pg_config_override(a, "train.steps=77"));
    PG_ASSERT_OK(pg_config_override(a, "optim.beta1=0.1"));
    FILE *f = fopen("resolved.ini", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PG_ASSERT_OK(pg_config_write(a, f));
    fclose(f);

    /* Written elsewhere than the job file, and still the same values:
     * paths are written absolute. */
    pg_config *b = make();
    PG_ASSERT_OK(pg_config_load(b, "resolved.ini"));
    PG_ASSERT_OK(pg_config_validate(b));
    for (int i = 0; i < N_KEYS; i++) {
        const char *s = schema[i].section, *k = schema[i].key;
        switch (schema[i].type) {
        case PG_KEY_INT:
            CU_ASSERT_EQUAL(get_int(a, s, k), get_int(b, s, k));
            break;
        case PG_KEY_DOUBLE:
            CU_ASSERT_EQUAL(get_double(a, s, k), get_double(b, s, k));
            break;
        case PG_KEY_BOOL:
            CU_ASSERT_EQUAL(get_bool(a, s, k), get_bool(b, s, k));
            break;
        default:
            CU_ASSERT_STRING_EQUAL(get_str(a, s, k), get_str(b, s, k));
        }
    }
    CU_ASSERT_EQUAL(get_int(b, "train", "steps"), 77);
    CU_ASSERT_STRING_EQUAL(get_str(b, "model", "name"), "run");

    /* Origins and docs are in the comments. */
    char text[8192] = "";
    f = fopen("resolved.ini", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "arch = dcgan   ; sub/job.ini:4\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "steps = 77   ; override\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "hidden = 16   ; default\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "; training steps: an integer in "
                                        "[1, 1000000000]\nsteps"));
    /* Keys in schema order, sections in first-appearance order. */
    CU_ASSERT_TRUE(strstr(text, "[data]") < strstr(text, "[model]"));
    CU_ASSERT_TRUE(strstr(text, "\nsteps") < strstr(text, "\nbatch"));
    pg_config_destroy(&a);
    pg_config_destroy(&b);

    /* A required key without a value is written as a comment. */
    a = make();
    f = fopen("unset.ini", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PG_ASSERT_OK(pg_config_write(a, f));
    fclose(f);
    PG_ASSERT_OK(pg_config_load(a, "unset.ini"));
    EXPECT_ERROR(pg_config_validate(a), PG_ERR_CONFIG, "[data] path");
    pg_config_destroy(&a);
}

static void test_schema_markdown(void)
{
    char text[8192] = "";
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_config_write_schema_md(schema, N_KEYS, f);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "### [model]\n\n| key | type | "
                                        "default | range / choices | "
                                        "description |\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "| hidden | integer | 16 | [1, 4096] | hidden units |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "| path | path | *required* |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "| mlp, dcgan, unet |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "| extra | path | *(empty)* |"));
}

/* Job text in memory (a checkpoint's /config) reads as the same text in
 * a file: values and origins, errors named "NAME:LINE", relative PATHs
 * from the current directory. */
static void test_load_from_memory(void)
{
    const char *text = "[data]\npath = /abs/d.h5\nextra = rel.h5\n"
                       "[model]\narch = dcgan\n[train]\nsteps = 12\n";
    pg_config *a = NULL, *b = make();
    PG_ASSERT_OK(load_text(text, &a));
    PG_ASSERT_OK(pg_config_load_text(b, text, "ck.h5:/config"));
    CU_ASSERT_STRING_EQUAL(get_str(b, "data", "path"), "/abs/d.h5");
    CU_ASSERT_STRING_EQUAL(get_str(b, "model", "arch"), "dcgan");
    CU_ASSERT_EQUAL(get_int(b, "train", "steps"), 12);
    const char *rel = in_cwd("rel.h5");
    CU_ASSERT_STRING_EQUAL(get_str(b, "data", "extra"), rel);
    CU_ASSERT_STRING_EQUAL(get_str(a, "data", "extra"), rel);
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    PG_ASSERT_OK(pg_config_write(b, f));
    rewind(f);
    char out[8192] = "";
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "arch = dcgan   ; ck.h5:/config:5\n"));
    pg_config_destroy(&a);
    pg_config_destroy(&b);

    b = make();
    EXPECT_ERROR(pg_config_load_text(b, "[model]\n\nhidden = many\n",
                                     "ck.h5:/config"),
                 PG_ERR_CONFIG, "ck.h5:/config:3: [model] hidden = many");
    CU_ASSERT_EQUAL(get_int(b, "model", "hidden"), 16); /* unchanged */
    PG_ASSERT_OK(pg_config_load_text(b, "", "empty"));
    pg_config_destroy(&b);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("config");
    PG_TEST(s, test_defaults);
    PG_TEST(s, test_every_type_from_file);
    PG_TEST(s, test_bool_spellings);
    PG_TEST(s, test_comments_and_blank_lines);
    PG_TEST(s, test_unknown_names);
    PG_TEST(s, test_bad_values);
    PG_TEST(s, test_syntax_errors);
    PG_TEST(s, test_duplicate_key);
    PG_TEST(s, test_all_errors_reported_in_line_order);
    PG_TEST(s, test_unreadable_file);
    PG_TEST(s, test_range_bounds);
    PG_TEST(s, test_overrides);
    PG_TEST(s, test_required_keys);
    PG_TEST(s, test_getter_misuse_is_internal);
    PG_TEST(s, test_bad_schema_is_internal);
    PG_TEST(s, test_path_resolution);
    PG_TEST(s, test_write_round_trip);
    PG_TEST(s, test_schema_markdown);
    PG_TEST(s, test_load_from_memory);
}
