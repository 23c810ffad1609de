/* physgan toy: the 2D GAN lab. A thin front end over lab/toy.h: parse and
 * validate options, drive pg_toy_step / pg_toy_evaluate with a progress
 * bar, print a summary or one JSON object; --out records an HTML replay
 * (lab/toy_replay.h), --serve runs the live lab (lab/toy_server.h). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/progress.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "lab/toy.h"
#include "lab/toy_run.h"
#include "lab/toy_server.h"

static const char CMD[] = "toy";

typedef struct toy_opts {
    pg_toy_config c;
    long steps, eval_every, d_pretrain, threads;
    double label_smoothing;
    int json, plain;
    const char *out;       /* --out: the replay's path */
    long out_every;        /* 0: steps / 50 */
    const char *serve;     /* --serve [ADDR:]PORT */
    int allow_remote, eval_samples_set;
    long max_clients;
} toy_opts;

static void usage(FILE *f)
{
    pg_toy_config d;
    pg_toy_config_default(&d);
    fprintf(f,
            "usage: physgan toy [options]\n\n"
            "Trains an MLP generator against an MLP discriminator on a 2D\n"
            "distribution and reports mode coverage, the share of\n"
            "high-quality samples, the histogram Jensen-Shannon divergence\n"
            "and D's mean outputs (docs/toy.md).\n\n"
            "options (defaults in brackets):\n"
            "  --dataset NAME          %s [%s]\n"
            "  --loss NAME             %s [%s]\n"
            "  --d-steps K             D updates per G update [%d]\n"
            "  --d-lr X, --g-lr X      Adam learning rates [%g, %g]\n"
            "  --d-hidden H            D width [%d]; --d-layers L [%d]\n"
            "  --g-hidden H            G width [%d]; --g-layers L [%d]\n"
            "                          (--g-layers 4 --steps 40000 learns the\n"
            "                          5x5 grid, docs/toy.md)\n"
            "  --noise-dim Z           G's latent dimension [%d]\n"
            "  --label-smoothing X     one-sided: real label 1-X, X in [0, 0.5)\n"
            "                          (minimax, nonsat, ragan) [0]\n"
            "  --feature-matching W    add W x feature matching to the G loss [0]\n"
            "  --ema DECAY             evaluate an EMA of G's weights [off]\n"
            "  --spectral-norm on|off  on D's layers [on for wgan only]\n"
            "  --d-pretrain N          train D alone N updates first [0]\n"
            "  --steps N               G updates [%d]\n"
            "  --batch B               batch size [%d]\n"
            "  --eval-every N          metrics every N steps [%d]\n"
            "  --eval-samples N        size of the evaluation set [%d]\n"
            "  --seed S                [%d]\n"
            "  --threads T             threads for BLAS/OpenMP [1]\n"
            "  --json                  print the result as one JSON object\n"
            "  --out FILE.html         write a self-contained replay of the run\n"
            "  --out-every N           a replay frame every N steps [steps/50]\n"
            "  --serve [ADDR:]PORT     run the live lab at http://ADDR:PORT/\n"
            "                          (ADDR 127.0.0.1 unless given; PORT 0\n"
            "                          picks a free one; Ctrl-C stops)\n"
            "  --allow-remote          let --serve bind a non-loopback address\n"
            "                          (the lab has no authentication)\n"
            "  --max-clients N         --serve: concurrent connections [16]\n"
            "  --plain                 plain progress lines even on a terminal\n"
            "  -h, --help              this help\n",
            pg_toy2d_choices(), pg_toy2d_name(d.dataset),
            pg_gan_loss_choices(), pg_gan_loss_name(d.loss), d.d_steps,
            d.d_lr, d.g_lr, d.d_hidden, d.d_layers, d.g_hidden, d.g_layers,
            d.noise_dim,
            4000, d.batch, 500, d.eval_samples, (int)d.seed);
}

enum {
    O_DATASET = 256, O_LOSS, O_DSTEPS, O_DLR, O_GLR, O_DHIDDEN, O_DLAYERS,
    O_GHIDDEN, O_NOISE, O_SMOOTH, O_FM, O_EMA, O_SN, O_PRETRAIN, O_STEPS,
    O_BATCH, O_EVAL, O_EVALN, O_SEED, O_THREADS, O_JSON, O_PLAIN, O_OUT,
    O_OUT_EVERY, O_SERVE, O_REMOTE, O_MAXCLI, O_GLAYERS
};

/* Returns 0, or an exit code (usage error or --help). */
static int parse(int argc, char **argv, toy_opts *o)
{
    static const struct option opts[] = {
        {"dataset", required_argument, NULL, O_DATASET},
        {"loss", required_argument, NULL, O_LOSS},
        {"d-steps", required_argument, NULL, O_DSTEPS},
        {"d-lr", required_argument, NULL, O_DLR},
        {"g-lr", required_argument, NULL, O_GLR},
        {"d-hidden", required_argument, NULL, O_DHIDDEN},
        {"d-layers", required_argument, NULL, O_DLAYERS},
        {"g-hidden", required_argument, NULL, O_GHIDDEN},
        {"g-layers", required_argument, NULL, O_GLAYERS},
        {"noise-dim", required_argument, NULL, O_NOISE},
        {"label-smoothing", required_argument, NULL, O_SMOOTH},
        {"feature-matching", required_argument, NULL, O_FM},
        {"ema", required_argument, NULL, O_EMA},
        {"spectral-norm", required_argument, NULL, O_SN},
        {"d-pretrain", required_argument, NULL, O_PRETRAIN},
        {"steps", required_argument, NULL, O_STEPS},
        {"batch", required_argument, NULL, O_BATCH},
        {"eval-every", required_argument, NULL, O_EVAL},
        {"eval-samples", required_argument, NULL, O_EVALN},
        {"seed", required_argument, NULL, O_SEED},
        {"threads", required_argument, NULL, O_THREADS},
        {"json", no_argument, NULL, O_JSON},
        {"plain", no_argument, NULL, O_PLAIN},
        {"out", required_argument, NULL, O_OUT},
        {"out-every", required_argument, NULL, O_OUT_EVERY},
        {"serve", required_argument, NULL, O_SERVE},
        {"allow-remote", no_argument, NULL, O_REMOTE},
        {"max-clients", required_argument, NULL, O_MAXCLI},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_toy_config *c = &o->c;
    long v;
    int ch;
    optind = 0;
    opterr = 0;
#define LONG_OPT(name, lo, hi, dst)                                       \
    do {                                                                  \
        if (pg_cli_parse_long(CMD, name, optarg, lo, hi, &v))             \
            return PG_EXIT_USAGE;                                         \
        dst = v;                                                          \
    } while (0)
#define DOUBLE_OPT(name, lo, hi, dst)                                     \
    do {                                                                  \
        if (pg_cli_parse_double(CMD, name, optarg, lo, hi, &(dst)))       \
            return PG_EXIT_USAGE;                                         \
    } while (0)
    while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (ch) {
        case O_DATASET:
            if (pg_toy2d_parse(optarg, &c->dataset) != PG_OK) {
                pg_error_clear();
                return pg_cli_usage_error(CMD, "--dataset '%s': expected %s",
                                          optarg, pg_toy2d_choices());
            }
            break;
        case O_LOSS:
            if (pg_gan_loss_parse(optarg, &c->loss) != PG_OK) {
                pg_error_clear();
                return pg_cli_usage_error(CMD, "--loss '%s': expected %s",
                                          optarg, pg_gan_loss_choices());
            }
            break;
        case O_DSTEPS: LONG_OPT("--d-steps", 1, 100, c->d_steps); break;
        case O_DLR: DOUBLE_OPT("--d-lr", 1e-7, 1, c->d_lr); break;
        case O_GLR: DOUBLE_OPT("--g-lr", 1e-7, 1, c->g_lr); break;
        case O_DHIDDEN: LONG_OPT("--d-hidden", 1, 4096, c->d_hidden); break;
        case O_DLAYERS: LONG_OPT("--d-layers", 1, 8, c->d_layers); break;
        case O_GHIDDEN: LONG_OPT("--g-hidden", 1, 4096, c->g_hidden); break;
        case O_GLAYERS: LONG_OPT("--g-layers", 1, 8, c->g_layers); break;
        case O_NOISE: LONG_OPT("--noise-dim", 1, 64, c->noise_dim); break;
        case O_SMOOTH:
            DOUBLE_OPT("--label-smoothing", 0, 0.499, o->label_smoothing);
            break;
        case O_FM: DOUBLE_OPT("--feature-matching", 0, 1e3, c->fm_weight); break;
        case O_EMA: DOUBLE_OPT("--ema", 0, 0.99999, c->ema_decay); break;
        case O_SN:
            if (!strcmp(optarg, "on")) c->spectral_norm = 1;
            else if (!strcmp(optarg, "off")) c->spectral_norm = 0;
            else
                return pg_cli_usage_error(
                    CMD, "--spectral-norm '%s': expected on|off", optarg);
            break;
        case O_PRETRAIN: LONG_OPT("--d-pretrain", 0, 1000000, o->d_pretrain); break;
        case O_STEPS: LONG_OPT("--steps", 1, 10000000, o->steps); break;
        case O_BATCH: LONG_OPT("--batch", 2, 65536, c->batch); break;
        case O_EVAL: LONG_OPT("--eval-every", 1, 10000000, o->eval_every); break;
        case O_EVALN:
            LONG_OPT("--eval-samples", 100, 1000000, c->eval_samples);
            o->eval_samples_set = 1;
            break;
        case O_SEED: LONG_OPT("--seed", 0, 2147483647L, c->seed); break;
        case O_THREADS: LONG_OPT("--threads", 1, 1024, o->threads); break;
        case O_JSON: o->json = 1; break;
        case O_PLAIN: o->plain = 1; break;
        case O_OUT:
            if (!*optarg) return pg_cli_usage_error(CMD, "--out needs a file name");
            o->out = optarg;
            break;
        case O_OUT_EVERY: LONG_OPT("--out-every", 1, 10000000, o->out_every); break;
        case O_SERVE: o->serve = optarg; break;
        case O_REMOTE: o->allow_remote = 1; break;
        case O_MAXCLI: LONG_OPT("--max-clients", 1, 1000, o->max_clients); break;
        case 'h': usage(stdout); return -1;
        case ':':
            return pg_cli_usage_error(CMD, "option '%s' needs a value",
                                      argv[optind - 1]);
        default:
            return pg_cli_usage_error(CMD, "unknown option '%s'",
                                      argv[optind - 1]);
        }
    }
#undef LONG_OPT
#undef DOUBLE_OPT
    if (optind < argc)
        return pg_cli_usage_error(CMD, "unexpected argument '%s'",
                                  argv[optind]);
    if (o->label_smoothing > 0 && !pg_gan_loss_is_bce(c->loss))
        return pg_cli_usage_error(
            CMD, "--label-smoothing applies to minimax, nonsat and ragan, "
                 "not to --loss %s", pg_gan_loss_name(c->loss));
    c->real_label = 1.0 - o->label_smoothing;
    if (o->serve && (o->out || o->json))
        return pg_cli_usage_error(CMD, "--serve runs until stopped: it does "
                                       "not combine with --out or --json");
    if (!o->serve && (o->allow_remote || o->max_clients))
        return pg_cli_usage_error(CMD, "--allow-remote and --max-clients "
                                       "need --serve");
    if (!o->out && o->out_every)
        return pg_cli_usage_error(CMD, "--out-every needs --out");
    return 0;
}

static volatile sig_atomic_t stop_requested;
static void on_stop_signal(int sig) { (void)sig; stop_requested = 1; }

/* The live lab until SIGINT or SIGTERM. */
static int serve(toy_opts *o)
{
    pg_toy_server_config sc;
    pg_toy_server *srv = NULL;
    pg_status s;
    pg_toy_server_config_default(&sc);
    int eval_samples = sc.toy.eval_samples;
    sc.toy = o->c;
    if (!o->eval_samples_set) sc.toy.eval_samples = eval_samples;
    sc.allow_remote = o->allow_remote;
    if (o->max_clients) sc.max_clients = (int)o->max_clients;
    if (pg_toy_server_parse_listen(o->serve, &sc) != PG_OK) {
        int rc = pg_cli_usage_error(CMD, "--serve %s", pg_error_message());
        pg_error_clear();
        return rc;
    }
    struct sigaction sa = {.sa_handler = on_stop_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    PG_CHECK_GOTO(s, pg_threads_set((int)o->threads), fail);
    PG_CHECK_GOTO(s, pg_toy_server_start(&sc, &srv), fail);
    fprintf(stderr, "physgan toy: the lab is at http://%s:%d/ "
                    "(Ctrl-C stops)\n", sc.addr, pg_toy_server_port(srv));
    fflush(stderr);
    while (!stop_requested) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    pg_toy_server_stop(&srv);
    fprintf(stderr, "physgan toy: stopped\n");
    return PG_EXIT_OK;
fail:
    return pg_cli_fail(s);
}

static void print_json(const toy_opts *o, const pg_toy_run_result *r,
                       double wall, double cpu)
{
    const pg_toy_config *c = &o->c;
    const pg_toy_metrics *m = &r->m;
    long gp = r->g_params, dp = r->d_params;
    double first_gnorm = r->first_gnorm;
    printf("{\"dataset\": \"%s\", \"loss\": \"%s\", \"steps\": %ld, "
           "\"seed\": %lu, \"batch\": %d, \"d_steps\": %d, \"d_lr\": %g, "
           "\"g_lr\": %g, \"label_smoothing\": %g, \"d_pretrain\": %ld, "
           "\"g_params\": %ld, \"d_params\": %ld, \"g_layers\": %d, "
           "\"d_layers\": %d, \"noise_dim\": %d, ",
           pg_toy2d_name(c->dataset), pg_gan_loss_name(c->loss), m->step,
           (unsigned long)c->seed, c->batch, c->d_steps, c->d_lr, c->g_lr,
           o->label_smoothing, o->d_pretrain, gp, dp, c->g_layers,
           c->d_layers, c->noise_dim);
    printf("\"modes_covered\": %d, \"modes_total\": %d, \"covered\": \"",
           m->coverage.modes_covered, m->coverage.modes_total);
    for (int k = 0; k < m->coverage.modes_total; k++)
        putchar(m->coverage.covered[k] ? '1' : '0');
    printf("\", \"high_quality\": %.6f, \"jsd\": %.6f, \"d_real\": %.6f, "
           "\"d_fake\": %.6f, \"g_grad_norm\": %.6g, "
           "\"g_grad_norm_first\": %.6g, \"loss_d\": %.6f, \"loss_g\": %.6f, "
           "\"seconds\": %.3f, \"cpu_seconds\": %.3f}\n",
           m->coverage.high_quality, m->jsd, m->d_real, m->d_fake,
           m->g_grad_norm, first_gnorm, m->loss_d, m->loss_g, wall, cpu);
}

static void print_summary(const toy_opts *o, const pg_toy_metrics *m,
                          double first_gnorm, double wall, double cpu)
{
    const pg_toy_config *c = &o->c;
    printf("toy %s, loss %s, %ld steps (d-steps %d, d-lr %g, g-lr %g, "
           "seed %lu): %.1f s (%.1f s CPU)\n",
           pg_toy2d_name(c->dataset), pg_gan_loss_name(c->loss), m->step,
           c->d_steps, c->d_lr, c->g_lr, (unsigned long)c->seed, wall, cpu);
    printf("  modes covered   %d / %d  [", m->coverage.modes_covered,
           m->coverage.modes_total);
    for (int k = 0; k < m->coverage.modes_total; k++)
        putchar(m->coverage.covered[k] ? '#' : '.');
    printf("]\n  high quality    %.1f %% of samples within 3 sigma of a mode\n"
           "  JSD             %.4f bits (histogram, real vs generated)\n"
           "  D(real) %.4f   D(fake) %.4f   (%s)\n"
           "  |grad G|        %.4g (mean of the last interval; first step "
           "%.4g)\n",
           100 * m->coverage.high_quality, m->jsd, m->d_real, m->d_fake,
           pg_gan_loss_is_bce(c->loss) ? "sigmoid of D's logit"
                                       : "raw D output",
           m->g_grad_norm, first_gnorm);
}

int pg_cmd_toy(int argc, char **argv)
{
    toy_opts o = {.steps = 4000, .eval_every = 500, .threads = 1};
    pg_toy_config_default(&o.c);
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    if (o.serve) return serve(&o);

    pg_progress *prog = NULL;
    pg_toy_run_result r;
    pg_status s;
    PG_CHECK_GOTO(s, pg_threads_set((int)o.threads), fail);
    double wall0 = pg_clock_now_s();
    double cpu0 = pg_clock_cpu_s();
    PG_CHECK_GOTO(s, pg_progress_create("toy", o.steps, stderr, o.plain, 2.0,
                                        &prog), fail);
    pg_toy_run_opts ro = {.c = o.c, .steps = o.steps,
                          .eval_every = o.eval_every,
                          .d_pretrain = o.d_pretrain, .out = o.out,
                          .out_every = o.out_every};
    PG_CHECK_GOTO(s, pg_toy_run(&ro, prog, &r), fail);
    double wall = pg_clock_now_s() - wall0;
    double cpu = pg_clock_cpu_s() - cpu0;
    if (o.out && !o.json)
        printf("replay: %s (%d frames)\n", o.out, r.frames);
    if (o.json) print_json(&o, &r, wall, cpu);
    else print_summary(&o, &r.m, r.first_gnorm, wall, cpu);
    rc = PG_EXIT_OK;
    goto done;
fail:
    rc = pg_cli_fail(s);
done:
    pg_progress_destroy(&prog);
    return rc;
}
