/* physgan_api_check: the C API driven from the command line, for
 * tests/cli/api.sh, which compares what it writes with the outputs of the
 * physgan commands on the same checkpoints. Linked against the shared
 * libphysgan, so that only the exported API is reachable. Arrays are raw
 * little-endian files (float32 or int32), as `h5dump -b LE` writes them.
 *
 *   physgan_api_check info CKPT
 *   physgan_api_check generate CKPT SEED FIRST N OUT.f32 [ema]
 *   physgan_api_check condition CKPT IN.f32 N H W OUT.f32 [FLIP DRAIN]
 *       with FLIP and DRAIN: one call without options first (the handle
 *       builds its generator), then physgan_terrain_set_sr_options and
 *       the call whose output is written
 *   physgan_api_check foam CKPT IN.i32 N H W COARSE STEPS OUT.i32
 *                     [MIN_BUBBLE PROJECT]
 *   physgan_api_check threads CKPT SEED N T
 *       T threads, each opening its own handle and generating N patches of
 *       SEED at once; exit 0 when every thread's patches equal those of
 *       one handle used alone.
 *
 * Exit 0 on success, 1 with the handle's message on an API error, 2 on
 * bad usage. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physgan/physgan.h"

static int fail(physgan_model *m, int st)
{
    fprintf(stderr, "physgan_api_check: %s: %s\n", physgan_strerror(st),
            physgan_model_message(m));
    physgan_close(&m);
    return 1;
}

static void *read_all(const char *path, size_t bytes)
{
    FILE *f = fopen(path, "rb");
    void *buf = malloc(bytes ? bytes : 1);
    if (!f || !buf || fread(buf, 1, bytes, f) != bytes) {
        fprintf(stderr, "physgan_api_check: cannot read %zu bytes from %s\n",
                bytes, path);
        if (f) fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

static int write_all(const char *path, const void *buf, size_t bytes)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, bytes, f) == bytes;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) fprintf(stderr, "physgan_api_check: cannot write %s\n", path);
    return ok ? 0 : 1;
}

static int info(physgan_model *m)
{
    int ic, ih, iw, oc, oh, ow;
    double dx, dy;
    physgan_model_input_shape(m, &ic, &ih, &iw);
    physgan_model_output_shape(m, &oc, &oh, &ow);
    physgan_model_cell_size(m, &dx, &dy);
    printf("kind %d arch %s step %ld\ninput %d x %d x %d\noutput %d x %d x "
           "%d %s\ncells %g x %g\nsr_factor %d\nstep_mcs %g\n",
           physgan_model_kind(m), physgan_model_arch(m),
           physgan_model_step(m), ic, ih, iw, oc, oh, ow,
           physgan_model_units(m), dx, dy, physgan_model_sr_factor(m),
           physgan_model_step_mcs(m));
    return 0;
}

static int generate(physgan_model *m, char **a, int n_args)
{
    if (n_args < 4) return 2;
    long first = atol(a[1]), n = atol(a[2]);
    int c, h, w;
    physgan_model_output_shape(m, &c, &h, &w);
    size_t len = (size_t)n * (size_t)h * (size_t)w;
    float *out = malloc(len * sizeof *out);
    if (!out) return 1;
    int st = physgan_terrain_generate(m, strtoull(a[0], NULL, 10), first, n,
                                      out);
    int rc = st ? 1 : write_all(a[3], out, len * sizeof *out);
    if (st) fprintf(stderr, "%s\n", physgan_model_message(m));
    free(out);
    return rc;
}

static int condition(physgan_model *m, char **a, int n_args)
{
    if (n_args < 5) return 2;
    long n = atol(a[1]);
    int h = atoi(a[2]), w = atoi(a[3]), f = physgan_model_sr_factor(m);
    size_t in_len = (size_t)n * (size_t)h * (size_t)w;
    size_t out_len = in_len * (size_t)f * (size_t)f;
    float *in = read_all(a[0], in_len * sizeof *in);
    float *out = malloc(out_len * sizeof *out);
    int rc = 1;
    if (in && out) {
        int st = 0;
        if (n_args >= 7) {
            st = physgan_terrain_condition(m, n, h, w, in, out);
            if (!st)
                st = physgan_terrain_set_sr_options(m, atoi(a[5]),
                                                    atoi(a[6]));
        }
        if (!st) st = physgan_terrain_condition(m, n, h, w, in, out);
        if (st) fprintf(stderr, "%s\n", physgan_model_message(m));
        else rc = write_all(a[4], out, out_len * sizeof *out);
    }
    free(in);
    free(out);
    return rc;
}

static int foam(physgan_model *m, char **a, int n_args)
{
    if (n_args < 7) return 2;
    long n = atol(a[1]);
    int h = atoi(a[2]), w = atoi(a[3]), coarse = atoi(a[4]),
        steps = atoi(a[5]);
    size_t len = (size_t)n * (size_t)h * (size_t)w;
    int32_t *labels = read_all(a[0], len * sizeof *labels);
    if (!labels) return 1;
    int st = n_args >= 9 ? physgan_foam_set_options(m, atoi(a[7]),
                                                    atoi(a[8]))
                         : 0;
    /* In place: out may be labels. */
    if (!st) st = physgan_foam_step(m, n, h, w, coarse, steps, labels, labels);
    int rc = st ? 1 : write_all(a[6], labels, len * sizeof *labels);
    if (st) fprintf(stderr, "%s\n", physgan_model_message(m));
    free(labels);
    return rc;
}

typedef struct job {
    const char *ckpt;
    uint64_t seed;
    long n;
    float *out;
    int st;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    physgan_model *m = NULL;
    j->st = physgan_open(j->ckpt, NULL, 0, &m);
    if (!j->st) j->st = physgan_terrain_generate(m, j->seed, 0, j->n, j->out);
    if (j->st) fprintf(stderr, "thread: %s\n", physgan_model_message(m));
    physgan_close(&m);
    return NULL;
}

static int threads(physgan_model *m, const char *ckpt, char **a, int n_args)
{
    enum { MAX_THREADS = 16 };
    if (n_args < 3) return 2;
    long n = atol(a[1]);
    int t = atoi(a[2]), c, h, w;
    if (n < 1 || t < 1 || t > MAX_THREADS) return 2;
    physgan_model_output_shape(m, &c, &h, &w);
    size_t len = (size_t)n * (size_t)h * (size_t)w;
    uint64_t seed = strtoull(a[0], NULL, 10);
    float *ref = malloc(len * sizeof *ref);
    float *outs = malloc((size_t)t * len * sizeof *outs);
    job jobs[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    int rc = 1;
    if (!ref || !outs || physgan_terrain_generate(m, seed, 0, n, ref))
        goto done;
    for (int i = 0; i < t; i++) {
        jobs[i] = (job){ckpt, seed, n, outs + (size_t)i * len, -1};
        if (pthread_create(&ids[i], NULL, run_job, &jobs[i])) t = i;
    }
    rc = 0;
    for (int i = 0; i < t; i++) {
        pthread_join(ids[i], NULL);
        if (jobs[i].st || memcmp(jobs[i].out, ref, len * sizeof *ref)) {
            fprintf(stderr, "thread %d: status %d, patches %s\n", i,
                    jobs[i].st, jobs[i].st ? "none" : "differ");
            rc = 1;
        }
    }
    if (!rc) printf("%d threads: patches identical to one handle's\n", t);
done:
    free(ref);
    free(outs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: physgan_api_check info|generate|condition|"
                        "foam|threads CKPT ...\n");
        return 2;
    }
    const char *cmd = argv[1];
    unsigned flags = 0;
    if (!strcmp(cmd, "generate") && argc > 7 && !strcmp(argv[7], "ema"))
        flags = PHYSGAN_OPEN_EMA;
    physgan_model *m = NULL;
    int st = physgan_open(argv[2], NULL, flags, &m);
    if (st) return fail(m, st);
    int rc = 2;
    if (!strcmp(cmd, "info")) rc = info(m);
    else if (!strcmp(cmd, "generate")) rc = generate(m, argv + 3, argc - 3);
    else if (!strcmp(cmd, "condition")) rc = condition(m, argv + 3, argc - 3);
    else if (!strcmp(cmd, "foam")) rc = foam(m, argv + 3, argc - 3);
    else if (!strcmp(cmd, "threads"))
        rc = threads(m, argv[2], argv + 3, argc - 3);
    if (rc == 2) fprintf(stderr, "physgan_api_check %s: bad arguments\n", cmd);
    physgan_close(&m);
    return rc;
}
