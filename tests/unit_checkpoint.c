/* Checkpoints: bit-exact round trip, truncated and damaged files detected
 * and the previous one used, failed writes leave the previous file
 * intact, rotation keeps K, killed writers' temporaries are removed. */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/rng.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/h5.h"
#include "io/schema.h"
#include "runner.h"

enum { NG = 1000, ND = 333 };

typedef struct state {
    float g[NG], d[ND], m[NG];
    unsigned char rng[8192]; /* mt19937: about 5 KB */
    size_t rng_n;
} state;

static void fill(state *s, unsigned seed)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &r));
    pg_rng_fill_gaussian(r, s->g, NG, 1.0);
    pg_rng_fill_gaussian(r, s->d, ND, 1e-3);
    pg_rng_fill_uniform(r, s->m, NG, 0, 1);
    /* Values that a lossy path would change. */
    s->g[0] = -0.0f;
    s->g[1] = 1e-42f; /* subnormal */
    s->g[2] = 3.4e38f;
    s->rng_n = pg_rng_state_size(r);
    CU_ASSERT_FATAL(s->rng_n <= sizeof s->rng);
    pg_rng_state_save(r, s->rng);
    pg_rng_destroy(&r);
}

static pg_checkpoint *make(const state *s, int64_t step)
{
    pg_checkpoint *c = NULL;
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    PG_ASSERT_OK(pg_checkpoint_set_config(c, "[train]\nsteps = 40\n"));
    pg_checkpoint_set_step(c, step);
    pg_checkpoint_set_loader(c, 3, 17);
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", s->g, NG));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "D/params", s->d, ND));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "opt/G/m", s->m, NG));
    PG_ASSERT_OK(pg_checkpoint_add_int(c, "opt/G/step", step * 2));
    PG_ASSERT_OK(pg_checkpoint_set_rng(c, s->rng, s->rng_n));
    return c;
}

static void save(const char *dir, unsigned seed, int64_t step, int keep)
{
    state s;
    fill(&s, seed);
    pg_checkpoint *c = make(&s, step);
    char *path = NULL;
    PG_ASSERT_OK(pg_checkpoint_save(c, dir, keep, MPI_COMM_NULL, &path));
    CU_ASSERT_PTR_NOT_NULL(path);
    free(path);
    pg_checkpoint_destroy(&c);
}

/* A fresh, empty directory (the work directory survives earlier runs). */
static void fresh_dir(const char *dir)
{
    mkdir(dir, 0755);
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0) rmdir(p);
    }
    if (d) closedir(d);
}

static void test_round_trip_bit_exact(void)
{
    state s, t;
    fill(&s, 1);
    pg_checkpoint *c = make(&s, 40);
    PG_ASSERT_OK(pg_checkpoint_write(c, "rt.h5", MPI_COMM_NULL));
    pg_checkpoint_destroy(&c);

    PG_ASSERT_OK(pg_checkpoint_read("rt.h5", 0, &c));
    CU_ASSERT_EQUAL(pg_checkpoint_step(c), 40);
    CU_ASSERT_EQUAL(pg_checkpoint_ranks(c), 1);
    CU_ASSERT_STRING_EQUAL(pg_checkpoint_config(c), "[train]\nsteps = 40\n");
    int64_t epoch, index, v;
    pg_checkpoint_loader(c, &epoch, &index);
    CU_ASSERT_EQUAL(epoch, 3);
    CU_ASSERT_EQUAL(index, 17);
    PG_ASSERT_OK(pg_checkpoint_get_floats(c, "G/params", t.g, NG));
    PG_ASSERT_OK(pg_checkpoint_get_floats(c, "D/params", t.d, ND));
    PG_ASSERT_OK(pg_checkpoint_get_floats(c, "opt/G/m", t.m, NG));
    CU_ASSERT_EQUAL(memcmp(s.g, t.g, sizeof s.g), 0);
    CU_ASSERT_EQUAL(memcmp(s.d, t.d, sizeof s.d), 0);
    CU_ASSERT_EQUAL(memcmp(s.m, t.m, sizeof s.m), 0);
    CU_ASSERT_TRUE(signbit(t.g[0]));
    PG_ASSERT_OK(pg_checkpoint_get_int(c, "opt/G/step", &v));
    CU_ASSERT_EQUAL(v, 80);
    const void *rs;
    size_t rn;
    PG_ASSERT_OK(pg_checkpoint_get_rng(c, &rs, &rn));
    CU_ASSERT_EQUAL(rn, s.rng_n);
    CU_ASSERT_EQUAL(memcmp(rs, s.rng, rn), 0);
    /* The restored RNG continues the saved stream exactly. */
    pg_rng *a = NULL, *b = NULL;
    PG_ASSERT_OK(pg_rng_create(1, 0, PG_RNG_TEST, &a));
    PG_ASSERT_OK(pg_rng_create(9, 0, PG_RNG_TEST, &b));
    pg_rng_state_load(a, s.rng, s.rng_n);
    PG_ASSERT_OK(pg_rng_state_load(b, rs, rn));
    CU_ASSERT_EQUAL(pg_rng_uniform(a), pg_rng_uniform(b));
    pg_rng_destroy(&a);
    pg_rng_destroy(&b);

    /* Size mismatch and missing names are errors naming the array. */
    CU_ASSERT_EQUAL(pg_checkpoint_get_floats(c, "G/params", t.g, NG - 1),
                    PG_ERR_SHAPE);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "/G/params has 1000"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_checkpoint_get_floats(c, "E/params", t.g, NG),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "/E/params"));
    pg_error_clear();
    pg_checkpoint_destroy(&c);

    /* Another rank's state is absent from a 1-rank checkpoint. */
    PG_ASSERT_OK(pg_checkpoint_read("rt.h5", 1, &c));
    CU_ASSERT_EQUAL(pg_checkpoint_get_rng(c, &rs, &rn), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "written by 1 rank"));
    pg_error_clear();
    pg_checkpoint_destroy(&c);

    /* The file conforms to checkpoint/1. */
    pg_h5_file *f = NULL;
    pg_schema_report *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("rt.h5", "checkpoint/1", &f));
    PG_ASSERT_OK(pg_schema_validate(f, &r));
    CU_ASSERT_EQUAL(r->n, 0);
    for (size_t i = 0; i < r->n; i++) fprintf(stderr, "%s\n", r->problems[i]);
    pg_schema_report_destroy(&r);
    pg_h5_file_close(&f);
}

static void test_bad_names_and_missing_rng(void)
{
    pg_checkpoint *c = NULL;
    float x = 1;
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    CU_ASSERT_EQUAL(pg_checkpoint_add_floats(c, "/G/params", &x, 1), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_checkpoint_add_floats(c, "step", &x, 1), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_checkpoint_add_int(c, "rng/rank_3", 1), PG_ERR_ARG);
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", &x, 1));
    CU_ASSERT_EQUAL(pg_checkpoint_add_floats(c, "G/params", &x, 1), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "added twice"));
    CU_ASSERT_EQUAL(pg_checkpoint_write(c, "norng.h5", MPI_COMM_NULL),
                    PG_ERR_STATE);
    pg_error_clear();
    pg_checkpoint_destroy(&c);
    CU_ASSERT_PTR_NULL(c);
}

static void flip_byte(const char *path, long off)
{
    int fd = open(path, O_RDWR);
    CU_ASSERT_FATAL(fd >= 0);
    unsigned char b;
    CU_ASSERT_EQUAL(pread(fd, &b, 1, off), 1);
    b ^= 0x10;
    CU_ASSERT_EQUAL(pwrite(fd, &b, 1, off), 1);
    close(fd);
}

static void expect_latest(const char *dir, const char *want)
{
    char *path = NULL;
    PG_ASSERT_OK(pg_checkpoint_find_latest_good(dir, &path));
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(path, want));
    if (!strstr(path, want)) fprintf(stderr, "latest %s, wanted %s\n", path, want);
    free(path);
}

static void test_damaged_files_fall_back(void)
{
    fresh_dir("fb");
    save("fb", 1, 100, 5);
    save("fb", 2, 200, 5);
    save("fb", 3, 300, 5);
    expect_latest("fb", "ckpt-000300.h5");

    /* Truncate the newest: detected by size, the previous one is used. */
    struct stat sb;
    CU_ASSERT_EQUAL_FATAL(stat("fb/ckpt-000300.h5", &sb), 0);
    CU_ASSERT_EQUAL(truncate("fb/ckpt-000300.h5", sb.st_size / 2), 0);
    CU_ASSERT_EQUAL(pg_checkpoint_verify("fb/ckpt-000300.h5"), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "truncated"));
    pg_error_clear();
    expect_latest("fb", "ckpt-000200.h5");

    /* Flip one byte in the middle of the next: checksum mismatch. */
    CU_ASSERT_EQUAL_FATAL(stat("fb/ckpt-000200.h5", &sb), 0);
    flip_byte("fb/ckpt-000200.h5", (long)sb.st_size / 2);
    CU_ASSERT_EQUAL(pg_checkpoint_verify("fb/ckpt-000200.h5"), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "checksum mismatch"));
    pg_error_clear();
    pg_checkpoint *c = NULL;
    CU_ASSERT_EQUAL(pg_checkpoint_read("fb/ckpt-000200.h5", 0, &c),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(c);
    pg_error_clear();
    /* A byte of the checksum header itself. */
    flip_byte("fb/ckpt-000100.h5", 30);
    CU_ASSERT_EQUAL(pg_checkpoint_verify("fb/ckpt-000100.h5"), PG_ERR_FORMAT);
    pg_error_clear();
    flip_byte("fb/ckpt-000100.h5", 30); /* restore */
    expect_latest("fb", "ckpt-000100.h5");

    /* The chosen file reads back the step-100 state. */
    PG_ASSERT_OK(pg_checkpoint_read("fb/ckpt-000100.h5", 0, &c));
    CU_ASSERT_EQUAL(pg_checkpoint_step(c), 100);
    pg_checkpoint_destroy(&c);

    /* Nothing good left: an error naming the directory. */
    flip_byte("fb/ckpt-000100.h5", 1000);
    char *path = NULL;
    CU_ASSERT_EQUAL(pg_checkpoint_find_latest_good("fb", &path), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no good checkpoint"));
    CU_ASSERT_PTR_NULL(path);
    pg_error_clear();
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) n += e->d_name[0] != '.';
    if (d) closedir(d);
    return n;
}

static void test_failed_write_keeps_previous(void)
{
    fresh_dir("fw");
    save("fw", 1, 100, 3);
    /* The target name is taken by a directory: the rename fails after the
     * whole file was written. */
    mkdir("fw/ckpt-000200.h5", 0755);
    state s;
    fill(&s, 2);
    pg_checkpoint *c = make(&s, 200);
    char *path = NULL;
    CU_ASSERT_EQUAL(pg_checkpoint_save(c, "fw", 3, MPI_COMM_NULL, &path),
                    PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "ckpt-000200.h5"));
    pg_error_clear();
    CU_ASSERT_PTR_NULL(path);
    rmdir("fw/ckpt-000200.h5");
    CU_ASSERT_EQUAL(count_files("fw"), 1); /* no temporary left behind */
    expect_latest("fw", "ckpt-000100.h5");

    /* A directory that does not exist. */
    CU_ASSERT_EQUAL(pg_checkpoint_save(c, "fw/missing", 3, MPI_COMM_NULL,
                                       NULL), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "fw/missing"));
    pg_error_clear();

    /* Permissions only bind when not root. */
    if (geteuid() != 0) {
        chmod("fw", 0555);
        CU_ASSERT_EQUAL(pg_checkpoint_save(c, "fw", 3, MPI_COMM_NULL, NULL),
                        PG_ERR_IO);
        pg_error_clear();
        chmod("fw", 0755);
        expect_latest("fw", "ckpt-000100.h5");
    }
    pg_checkpoint_destroy(&c);
}

static void test_rotation_keeps_k(void)
{
    fresh_dir("rot");
    /* A foreign file and a leftover temporary are never touched. */
    FILE *fp = fopen("rot/notes.txt", "w");
    fclose(fp);
    fp = fopen("rot/ckpt-000009.h5.tmp.1", "w");
    fclose(fp);
    for (int step = 1; step <= 5; step++) save("rot", (unsigned)step, step, 2);
    struct stat sb;
    CU_ASSERT_NOT_EQUAL(stat("rot/ckpt-000003.h5", &sb), 0);
    CU_ASSERT_EQUAL(stat("rot/ckpt-000004.h5", &sb), 0);
    CU_ASSERT_EQUAL(stat("rot/ckpt-000005.h5", &sb), 0);
    CU_ASSERT_EQUAL(count_files("rot"), 4);
    /* Steps beyond six digits sort numerically, not by name. */
    save("rot", 7, 1234567, 2);
    CU_ASSERT_EQUAL(stat("rot/ckpt-1234567.h5", &sb), 0);
    CU_ASSERT_NOT_EQUAL(stat("rot/ckpt-000004.h5", &sb), 0);
    expect_latest("rot", "ckpt-1234567.h5");
    CU_ASSERT_EQUAL(pg_checkpoint_rotate("rot", 0), PG_ERR_ARG);
    pg_error_clear();
}

/* A pid that ran and ended (reaped): what a SIGKILLed writer leaves. */
static long dead_pid(void)
{
    pid_t p = fork();
    if (p == 0) _exit(0);
    CU_ASSERT_FATAL(p > 0);
    waitpid(p, NULL, 0);
    return (long)p;
}

static void touch(const char *path)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_FATAL(fp != NULL);
    fclose(fp);
}

/* Killed writers' temporaries go with the next write of the same file (or,
 * for checkpoints, the next rotation); a live process's stay. */
static void test_stale_temporaries_removed(void)
{
    fresh_dir("stale");
    char dead[64], dead_other[64], live[64];
    long pid = dead_pid();
    snprintf(dead, sizeof dead, "stale/ckpt-000002.h5.tmp.%ld", pid);
    snprintf(dead_other, sizeof dead_other, "stale/other.h5.tmp.%ld", pid);
    snprintf(live, sizeof live, "stale/ckpt-000003.h5.tmp.%ld",
             (long)getppid());
    touch(dead);
    touch(dead_other);
    touch(live);
    touch("stale/ckpt-000004.h5.tmp.x12"); /* not a pid: not ours */
    save("stale", 1, 1, 2);
    struct stat sb;
    CU_ASSERT_NOT_EQUAL(stat(dead, &sb), 0);
    CU_ASSERT_EQUAL(stat(dead_other, &sb), 0);
    CU_ASSERT_EQUAL(stat(live, &sb), 0);
    CU_ASSERT_EQUAL(stat("stale/ckpt-000004.h5.tmp.x12", &sb), 0);
    /* Any atomic writer of other.h5 removes its own kind only. */
    CU_ASSERT_EQUAL(pg_atomic_tmp_clear_stale("stale/other.h5", 0), 1);
    CU_ASSERT_NOT_EQUAL(stat(dead_other, &sb), 0);
    CU_ASSERT_EQUAL(stat(live, &sb), 0);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("checkpoint");
    PG_TEST(s, test_round_trip_bit_exact);
    PG_TEST(s, test_bad_names_and_missing_rng);
    PG_TEST(s, test_damaged_files_fall_back);
    PG_TEST(s, test_failed_write_keeps_previous);
    PG_TEST(s, test_rotation_keeps_k);
    PG_TEST(s, test_stale_temporaries_removed);
}
