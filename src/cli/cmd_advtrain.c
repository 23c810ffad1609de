/* physgan advtrain DATA.h5: train the small conv classifier twice on the
 * same split from the same initial weights -- once on clean minibatches,
 * once on PGD examples against the current weights -- and report clean
 * accuracy and accuracy under FGSM and PGD at several radii for both
 * (docs/adversarial.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/progress.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "io/images_h5.h"
#include "lab/adv_trainer.h"

enum { MAX_EVAL_EPS = 16 };

typedef struct adv_opts {
    long epochs, batch, seed, pgd_steps, eval_steps, width, threads;
    double lr, eps_train, alpha, share, test_fraction;
    double eval_eps[MAX_EVAL_EPS];
    int n_eval, json, plain;
    const char *data;
} adv_opts;

/* One trained model's results. */
typedef struct adv_result {
    double clean, fgsm[MAX_EVAL_EPS], pgd[MAX_EVAL_EPS];
    double final_loss, seconds;
    size_t weights;
} adv_result;

static void usage(FILE *f)
{
    fprintf(f,
        "usage: physgan advtrain DATA.h5 [options]\n\n"
        "Trains a small convolutional classifier on an images/1 file twice,\n"
        "with the same split and initial weights: standard training, and\n"
        "PGD adversarial training (each minibatch's examples replaced by\n"
        "PGD examples against the current model). Reports the held-out\n"
        "clean accuracy and the accuracy under FGSM and PGD (l-infinity,\n"
        "random start) at each evaluation radius, for both models.\n\n"
        "options:\n"
        "  --epochs E          passes over the training split (default 20)\n"
        "  --batch B           minibatch size (default 32)\n"
        "  --lr X              Adam learning rate (default 0.002)\n"
        "  --width W           channels of the first convolution (default 16)\n"
        "  --eps-train E       PGD radius during training (default 0.1)\n"
        "  --pgd-steps K       PGD steps during training (default 7)\n"
        "  --pgd-alpha A       PGD step during training (default 2.5 E / K)\n"
        "  --adv-share S       share of each minibatch replaced (default 1;\n"
        "                      0.5 trains on half clean, half PGD examples)\n"
        "  --eval-eps LIST     radii to evaluate (default 0,0.05,0.1,0.2)\n"
        "  --eval-pgd-steps K  PGD steps at evaluation (default 20; step\n"
        "                      2.5 eps / K)\n"
        "  --seed S            weights, split, shuffling, attacks (default 1)\n"
        "  --test-fraction F   held-out share of the images (default 0.2)\n"
        "  --threads T         threads for loops and GEMMs\n"
        "  --json              print the results as one JSON object\n"
        "  --plain             plain progress lines even on a terminal\n"
        "  -h, --help          this help\n");
}

static int parse_args(int argc, char **argv, adv_opts *o)
{
    static const struct option opts[] = {
        {"epochs", required_argument, NULL, 'e'},
        {"batch", required_argument, NULL, 'b'},
        {"lr", required_argument, NULL, 'l'},
        {"width", required_argument, NULL, 'w'},
        {"eps-train", required_argument, NULL, 'E'},
        {"pgd-steps", required_argument, NULL, 'k'},
        {"pgd-alpha", required_argument, NULL, 'a'},
        {"adv-share", required_argument, NULL, 'S'},
        {"eval-eps", required_argument, NULL, 'v'},
        {"eval-pgd-steps", required_argument, NULL, 'K'},
        {"seed", required_argument, NULL, 's'},
        {"test-fraction", required_argument, NULL, 'f'},
        {"threads", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"plain", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    *o = (adv_opts){.epochs = 20, .batch = 32, .seed = 1, .pgd_steps = 7,
                    .eval_steps = 20, .width = 16, .lr = 2e-3,
                    .eps_train = 0.1, .alpha = -1, .share = 1,
                    .test_fraction = 0.2, .n_eval = 4,
                    .eval_eps = {0, 0.05, 0.1, 0.2}};
    const char *cmd = "advtrain";
    int c, bad = 0;
    optind = 0;
    while (!bad && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'e': bad = pg_cli_parse_long(cmd, "--epochs", optarg, 1, 100000, &o->epochs); break;
        case 'b': bad = pg_cli_parse_long(cmd, "--batch", optarg, 1, 65536, &o->batch); break;
        case 'l': bad = pg_cli_parse_double(cmd, "--lr", optarg, 1e-8, 10, &o->lr); break;
        case 'w': bad = pg_cli_parse_long(cmd, "--width", optarg, 1, 1024, &o->width); break;
        case 'E': bad = pg_cli_parse_double(cmd, "--eps-train", optarg, 0, 1, &o->eps_train); break;
        case 'k': bad = pg_cli_parse_long(cmd, "--pgd-steps", optarg, 1, 1000, &o->pgd_steps); break;
        case 'a': bad = pg_cli_parse_double(cmd, "--pgd-alpha", optarg, 1e-6, 1, &o->alpha); break;
        case 'S': bad = pg_cli_parse_double(cmd, "--adv-share", optarg, 0, 1, &o->share); break;
        case 'v': bad = pg_cli_parse_double_list(cmd, "--eval-eps", optarg, 0, 1, o->eval_eps, MAX_EVAL_EPS, &o->n_eval); break;
        case 'K': bad = pg_cli_parse_long(cmd, "--eval-pgd-steps", optarg, 1, 1000, &o->eval_steps); break;
        case 's': bad = pg_cli_parse_long(cmd, "--seed", optarg, 0, 2147483647L, &o->seed); break;
        case 'f': bad = pg_cli_parse_double(cmd, "--test-fraction", optarg, 0.01, 0.99, &o->test_fraction); break;
        case 't': bad = pg_cli_parse_long(cmd, "--threads", optarg, 1, 4096, &o->threads); break;
        case 'j': o->json = 1; break;
        case 'p': o->plain = 1; break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
    }
    if (bad) return PG_EXIT_USAGE;
    if (optind >= argc)
        return pg_cli_usage_error(cmd, "expected the data file (images/1 HDF5)");
    if (optind + 1 < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    o->data = argv[optind];
    if (o->eps_train == 0 && o->share > 0)
        return pg_cli_usage_error(cmd, "--eps-train 0 gives no adversarial "
                                  "examples; use a positive radius");
    if (o->alpha < 0) o->alpha = PG_PGD_ALPHA_RATIO * o->eps_train / o->pgd_steps;
    return PG_EXIT_OK;
}

typedef struct bar {
    pg_progress *p;
    char metrics[64];
} bar;

static void on_step(void *ctx, long step, long total, double loss)
{
    bar *b = ctx;
    (void)total;
    snprintf(b->metrics, sizeof b->metrics, "loss=%.4f", loss);
    pg_progress_update(b->p, step, b->metrics);
}

static pg_status run_one(const pg_image_batch *tr, const pg_image_batch *te,
                         const adv_opts *o, double share, adv_result *res)
{
    pg_adv_train_opts to = {
        .epochs = (int)o->epochs, .batch = (int)o->batch,
        .width = (int)o->width, .lr = o->lr, .seed = (uint64_t)o->seed,
        .adv_share = share,
        .pgd = {o->eps_train, o->alpha, (int)o->pgd_steps, 1}};
    bar b = {0};
    pg_classifier *cl = NULL;
    pg_status s;
    PG_CHECK(pg_progress_create(share > 0 ? "advtrain adversarial"
                                          : "advtrain standard",
                                pg_adv_train_steps(&to, tr->n), stderr,
                                o->plain, 2.0, &b.p));
    double t0 = pg_clock_now_s();
    PG_CHECK_GOTO(s, pg_adv_train(tr, &to, on_step, &b, &cl, &res->final_loss),
                  done);
    res->seconds = pg_clock_now_s() - t0;
    res->weights = cl->net->nw;
    pg_progress_finish(b.p, b.metrics);
    PG_CHECK_GOTO(s, pg_adv_robustness(cl, te, o->eval_eps, o->n_eval,
                                       (int)o->eval_steps, (uint64_t)o->seed,
                                       &res->clean, res->fgsm, res->pgd),
                  done);
done:
    pg_progress_destroy(&b.p);
    pg_classifier_destroy(&cl);
    return s;
}

static void put_json_list(const char *key, const double *v, int n)
{
    printf("\"%s\": [", key);
    for (int i = 0; i < n; i++) printf("%s%.6g", i ? ", " : "", v[i]);
    printf("]");
}

static void put_json_result(const char *name, const adv_result *r, int n)
{
    printf("\"%s\": {\"clean_accuracy\": %.6f, ", name, r->clean);
    put_json_list("fgsm_accuracy", r->fgsm, n);
    printf(", ");
    put_json_list("pgd_accuracy", r->pgd, n);
    printf(", \"final_train_loss\": %.6f, \"train_seconds\": %.3f}",
           r->final_loss, r->seconds);
}

static void print_json(const adv_opts *o, const pg_images *im, int n_train,
                       int n_test, const adv_result *std,
                       const adv_result *adv)
{
    printf("{\"data\": ");
    pg_json_write_string(stdout, o->data);
    printf(", \"images\": %d, \"shape\": [%d, %d, %d], \"classes\": %d, "
           "\"train_images\": %d, \"test_images\": %d, \"epochs\": %ld, "
           "\"batch\": %ld, \"lr\": %g, \"width\": %ld, \"weights\": %zu, "
           "\"seed\": %ld, "
           "\"eps_train\": %g, \"pgd_steps\": %ld, \"pgd_alpha\": %g, "
           "\"adv_share\": %g, \"eval_pgd_steps\": %ld, ",
           im->n, im->c, im->h, im->w, im->classes, n_train, n_test,
           o->epochs, o->batch, o->lr, o->width, std->weights, o->seed,
           o->eps_train,
           o->pgd_steps, o->alpha, o->share, o->eval_steps);
    put_json_list("eval_eps", o->eval_eps, o->n_eval);
    printf(", ");
    put_json_result("standard", std, o->n_eval);
    printf(", ");
    put_json_result("adversarial", adv, o->n_eval);
    printf("}\n");
}

static void print_table(const adv_opts *o, const pg_images *im, int n_train,
                        int n_test, const adv_result *std,
                        const adv_result *adv)
{
    printf("advtrain: %s: %d train / %d test images (%d, %d, %d), %d "
           "classes\n", o->data, n_train, n_test, im->c, im->h, im->w,
           im->classes);
    printf("training: %ld epochs, batch %ld, Adam lr %g, width %ld (%zu "
           "weights), seed %ld\n", o->epochs, o->batch, o->lr, o->width,
           std->weights, o->seed);
    printf("adversarial training: PGD eps %g, %ld steps of %.4g, random "
           "start, share %g of each minibatch\n", o->eps_train, o->pgd_steps,
           o->alpha, o->share);
    printf("evaluation: FGSM; PGD %ld steps of 2.5 eps / %ld, random start\n\n",
           o->eval_steps, o->eval_steps);
    printf("  %-6s | %-17s | %-17s\n", "", "standard", "adversarial");
    printf("  %-6s | %8s %8s | %8s %8s\n", "eps", "FGSM", "PGD", "FGSM", "PGD");
    for (int i = 0; i < o->n_eval; i++)
        printf("  %-6.3f | %8.4f %8.4f | %8.4f %8.4f\n", o->eval_eps[i],
               std->fgsm[i], std->pgd[i], adv->fgsm[i], adv->pgd[i]);
    printf("\n  clean accuracy: standard %.4f, adversarial %.4f\n", std->clean,
           adv->clean);
    printf("  final epoch training loss: standard %.4f, adversarial %.4f "
           "(on its minibatches with PGD examples)\n", std->final_loss,
           adv->final_loss);
    printf("  training time: standard %.1f s, adversarial %.1f s\n",
           std->seconds, adv->seconds);
}

int pg_cmd_advtrain(int argc, char **argv)
{
    adv_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc < 0) return PG_EXIT_OK; /* --help */
    if (rc) return rc;
    pg_images *im = NULL;
    float *x_tr = NULL, *x_te = NULL;
    int32_t *y_tr = NULL, *y_te = NULL;
    adv_result std = {0}, adv = {0};
    pg_status s;
    if (o.threads) PG_CHECK_GOTO(s, pg_threads_set((int)o.threads), fail);
    PG_CHECK_GOTO(s, pg_images_read(o.data, &im), fail);
    int n_test = (int)lround(o.test_fraction * im->n);
    int n_train = im->n - n_test;
    if (n_test < 1 || n_train < 1) {
        s = PG_FAIL(PG_ERR_ARG, "%s: %d images cannot be split with test "
                    "fraction %g", o.data, im->n, o.test_fraction);
        goto fail;
    }
    size_t dim = (size_t)im->c * (size_t)im->h * (size_t)im->w;
    x_tr = malloc((size_t)n_train * dim * sizeof *x_tr);
    x_te = malloc((size_t)n_test * dim * sizeof *x_te);
    y_tr = malloc((size_t)n_train * sizeof *y_tr);
    y_te = malloc((size_t)n_test * sizeof *y_te);
    if (!x_tr || !x_te || !y_tr || !y_te) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: split buffers", o.data);
        goto fail;
    }
    PG_CHECK_GOTO(s, pg_adv_split(im, (uint64_t)o.seed, n_test, x_tr, y_tr,
                                  x_te, y_te), fail);
    pg_image_batch tr = {x_tr, y_tr, n_train, im->c, im->h, im->w, im->classes};
    pg_image_batch te = {x_te, y_te, n_test, im->c, im->h, im->w, im->classes};
    PG_CHECK_GOTO(s, run_one(&tr, &te, &o, 0, &std), fail);
    PG_CHECK_GOTO(s, run_one(&tr, &te, &o, o.share, &adv), fail);
    if (o.json) print_json(&o, im, n_train, n_test, &std, &adv);
    else print_table(&o, im, n_train, n_test, &std, &adv);
    rc = PG_EXIT_OK;
    goto done;
fail:
    rc = pg_cli_fail(s);
done:
    free(x_tr);
    free(x_te);
    free(y_tr);
    free(y_te);
    pg_images_destroy(&im);
    return rc;
}
