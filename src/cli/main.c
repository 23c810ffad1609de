/* physgan: entry point and subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "base/version.h"
#include "cli/cli.h"

static const pg_command commands[] = {
    {"config", "check a job file and print the resolved configuration",
     pg_cmd_config},
    {"demo", "train a small network end to end (engine self-check)",
     pg_cmd_demo},
    {"toy", "the 2D GAN lab: train a small GAN, report mode coverage", pg_cmd_toy},
    {"bench", "measure speed (sgemm, a DCGAN training step)", pg_cmd_bench},
    {"robust", "worst-case (adversarial) loss linear regression", pg_cmd_robust},
    {"import", "convert external data to HDF5 (import digits FILE.csv.gz)", pg_cmd_import},
    {"advtrain", "FGSM/PGD attacks, standard vs adversarial training", pg_cmd_advtrain},
    {"train", "train a GAN from a job file (1 rank or mpiexec/srun; --resume)", pg_cmd_train},
    {"simulate", "write a synthetic dataset (simulate terrain ...)", pg_cmd_simulate},
    {"info", "show an HDF5 file's schema, datasets and attributes; validate it", pg_cmd_info},
    {"report", "write a self-contained HTML report of a run directory", pg_cmd_report},
    {"submit", "render an sbatch script for a job file and submit it to Slurm", pg_cmd_submit},
    {"merge", "concatenate files of one schema (job-array shards)", pg_cmd_merge},
    {"generate", "terrain patches from a checkpoint (.h5 + .xmf, .asc, .png)", pg_cmd_generate},
    {"eval", "compare generated samples with reference data (eval terrain)", pg_cmd_eval},
    {"rollout", "roll a foam surrogate out from a frame of a foam/1 file", pg_cmd_rollout},
    {"score", "score protein sequences: HMMER3 profile, identity (score hmm|identity)", pg_cmd_score},
    {"screen", "generate, score and rank candidates (screen proteins)", pg_cmd_screen},
    {"view", "pictures of a dataset: HTML player, PNG frames, plots (view foam)", pg_cmd_view},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void print_help(FILE *f)
{
    fprintf(f,
            "physgan %s - physics-informed GANs for HPC clusters\n\n"
            "usage: physgan COMMAND [OPTIONS]\n"
            "       physgan COMMAND --help\n"
            "       physgan --version\n\n"
            "commands:\n",
            PHYSGAN_VERSION);
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nexit codes: 0 success, 1 run-time failure, "
               "2 usage or job-file error\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return PG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        print_help(stdout);
        return PG_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("physgan %s (git %s)\n", PHYSGAN_VERSION, PHYSGAN_GIT_HASH);
        return PG_EXIT_OK;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "physgan: unknown command '%s' (see 'physgan --help')\n",
            cmd);
    return PG_EXIT_USAGE;
}
