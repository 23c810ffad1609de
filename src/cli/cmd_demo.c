/* physgan demo xor: the engine's end-to-end self-check (lab/xor_demo.h);
 * here the options, the job file and the result lines. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/progress.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "lab/xor_demo.h"
#include "train/job_schema.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan demo xor [JOB.ini] [options]\n\n"
            "Trains a multilayer perceptron on XOR-labelled points (label 1\n"
            "when x*y > 0) and reports the held-out accuracy. Succeeds (exit\n"
            "0) when the accuracy reaches %.0f %% by the last step; with the\n"
            "defaults it does so well within 2000 steps. Settings come from\n"
            "the job file's [model], [optim] and [train] sections.\n\n"
            "options:\n"
            "  -o, --set section.key=value  override a job-file key\n"
            "      --steps N                same as -o train.steps=N\n"
            "      --seed S                 same as -o train.seed=S\n"
            "      --threads T              same as -o train.threads=T\n"
            "      --json                   print the result as one JSON object\n"
            "      --plain                  plain progress lines even on a terminal\n"
            "  -h, --help                   this help\n",
            100 * PG_XOR_DEMO_TARGET);
}

int pg_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 'o'},
        {"steps", required_argument, NULL, 's'},
        {"seed", required_argument, NULL, 'S'},
        {"threads", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"plain", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    static char sugar[3][64];
    pg_cli_overrides ov = {0};
    int json = 0, plain = 0, c, n_sugar = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        const char *key = NULL;
        switch (c) {
        case 'o':
            if (pg_cli_overrides_add(&ov, "demo", optarg)) return PG_EXIT_USAGE;
            break;
        case 's': key = "train.steps"; break;
        case 'S': key = "train.seed"; break;
        case 't': key = "train.threads"; break;
        case 'j': json = 1; break;
        case 'p': plain = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("demo", "bad option");
        }
        if (key) {
            snprintf(sugar[n_sugar], sizeof sugar[0], "%s=%s", key, optarg);
            if (pg_cli_overrides_add(&ov, "demo", sugar[n_sugar++]))
                return PG_EXIT_USAGE;
        }
    }
    if (optind >= argc || strcmp(argv[optind], "xor") != 0)
        return pg_cli_usage_error("demo", "expected the demo name 'xor'");
    const char *job = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (optind + 2 < argc)
        return pg_cli_usage_error("demo", "unexpected argument '%s'",
                                  argv[optind + 2]);

    pg_config *cfg = NULL;
    pg_xor_demo_opts o;
    pg_xor_demo_result r;
    pg_progress *prog = NULL;
    pg_status s;
    int rc = PG_EXIT_FAILURE;
    PG_CHECK_GOTO(s, pg_job_config_load(job, ov.items, ov.n, &cfg), fail);
    PG_CHECK_GOTO(s, pg_xor_demo_opts_read(cfg, &o), fail);
    PG_CHECK_GOTO(s, pg_threads_set((int)o.threads), fail);
    PG_CHECK_GOTO(s, pg_progress_create("demo xor", o.steps, stderr, plain,
                                        2.0, &prog), fail);
    PG_CHECK_GOTO(s, pg_xor_demo_run(&o, prog, &r), fail);
    if (json)
        printf("{\"demo\": \"xor\", \"steps\": %ld, \"parameters\": %zu, "
               "\"final_loss\": %.6f, \"test_accuracy\": %.6f, "
               "\"target_accuracy\": %.2f, \"reached_target_at_step\": %ld, "
               "\"passed\": %s}\n",
               o.steps, r.parameters, r.loss, r.accuracy, PG_XOR_DEMO_TARGET,
               r.reached, r.passed ? "true" : "false");
    else
        printf("demo xor: %ld steps, %zu parameters, final loss %.4f, "
               "held-out accuracy %.1f %% (target %.0f %%%s)\n",
               o.steps, r.parameters, r.loss, 100 * r.accuracy,
               100 * PG_XOR_DEMO_TARGET, r.passed ? ", reached" : ", NOT reached");
    if (r.passed && r.reached > 0 && !json)
        printf("demo xor: target first reached at step %ld\n", r.reached);
    rc = r.passed ? PG_EXIT_OK : PG_EXIT_FAILURE;
    if (!r.passed)
        fprintf(stderr, "physgan demo: accuracy %.3f below the target %.2f\n",
                r.accuracy, PG_XOR_DEMO_TARGET);
    goto done;
fail:
    rc = pg_cli_fail(s);
done:
    pg_progress_destroy(&prog);
    pg_config_destroy(&cfg);
    return rc;
}
