/* physgan submit JOB.ini: render an sbatch script from a template and
 * submit it (docs/hpc.md "Slurm"). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/atomic_file.h"
#include "train/job_schema.h"
#include "train/slurm_script.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: physgan submit JOB.ini --nodes N --ntasks-per-node K --time T\n"
        "                      [--partition P] [--account X] [--array A\n"
        "                      --command CMD] [-o section.key=value]...\n"
        "                      [--template FILE] [--resume] [--dry-run]\n\n"
        "Renders a Slurm batch script that runs `srun physgan train JOB.ini\n"
        "--resume` on N nodes with K ranks each, checkpoints and requeues\n"
        "itself when Slurm warns of preemption or the time limit (USR1 120 s\n"
        "before), and resumes where it stopped. The script is written to\n"
        "RUN_DIR/submit.sbatch (RUN_DIR is the job's [output] dir) and given\n"
        "to sbatch; Slurm's output goes to RUN_DIR/slurm-JOBID.out.\n\n"
        "options:\n"
        "  --nodes N              nodes (required)\n"
        "  --ntasks-per-node K    MPI ranks per node (required)\n"
        "  --time T               time limit: MM, MM:SS, HH:MM:SS, D-HH,\n"
        "                         D-HH:MM or D-HH:MM:SS (required)\n"
        "  --partition P          Slurm partition\n"
        "  --account X            account to charge\n"
        "  --array A              job array (0-7, 1,3,5, 0-15%%4); needs --command\n"
        "  --command CMD          the job step's command instead of physgan\n"
        "                         train (shell text, run after srun; quote\n"
        "                         $SLURM_ARRAY_TASK_ID to expand it in the job)\n"
        "  -o, --set s.key=value  override a job-file key (passed to train)\n"
        "  --template FILE        sbatch template (default: jobs/slurm/\n"
        "                         train.sbatch of the installation, or of\n"
        "                         the source tree)\n"
        "  --resume               allow a run directory that has checkpoints\n"
        "                         (continue an earlier run)\n"
        "  --dry-run              print the script; write and submit nothing\n"
        "  -h, --help             this help\n\n"
        "exit codes: 0 submitted (or printed), 1 sbatch missing or failed or\n"
        "a file could not be written, 2 usage or job-file error\n");
}

typedef struct submit_opts {
    long nodes, ntasks;
    const char *time, *partition, *account, *array, *command, *tmpl;
    int dry_run, resume;
    pg_cli_overrides ov;
} submit_opts;

/* Read a whole text file; NULL (with an error raised) when it cannot. */
static pg_status read_text(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return PG_FAIL(PG_ERR_IO, "cannot open template %s: %s", path,
                       strerror(errno));
    pg_text_buffer b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        pg_text_buffer_append_n(&b, chunk, n);
    fclose(f);
    pg_status s = pg_text_buffer_status(&b, path);
    if (s != PG_OK) {
        pg_text_buffer_free(&b);
        return s;
    }
    *out = b.data ? b.data : strdup("");
    return PG_OK;
}

/* The template of an installed physgan (PREFIX/bin/physgan and
 * PREFIX/share/physgan/jobs/slurm/train.sbatch), else the one of the
 * binary's source tree (the binary in a build directory of it), else
 * jobs/slurm/train.sbatch under the current directory. */
static void default_template(char *out, size_t cap)
{
    static const char *const beside_exe[] = {
        "../share/physgan/jobs/slurm/train.sbatch",
        "../jobs/slurm/train.sbatch"};
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe);
        for (size_t k = 0; k < sizeof beside_exe / sizeof *beside_exe; k++) {
            snprintf(out, cap, "%s/%s", dir, beside_exe[k]);
            if (access(out, R_OK) == 0) return;
        }
    }
    snprintf(out, cap, "jobs/slurm/train.sbatch");
}

static int has_checkpoints(const char *run_dir)
{
    char p[PATH_MAX + 600];
    snprintf(p, sizeof p, "%s/checkpoints", run_dir);
    DIR *d = opendir(p);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d)))
        found = !strncmp(e->d_name, "ckpt-", 5);
    closedir(d);
    return found;
}

static pg_status mkdir_p(const char *path)
{
    char p[PATH_MAX + 600];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s) continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return PG_FAIL(PG_ERR_IO, "cannot create directory %s: %s", p,
                           strerror(errno));
        if (!c) return PG_OK;
        *s = c;
    }
}

/* The directory part of PATH that has an executable `name`, or 0. */
static int in_path(const char *name)
{
    const char *path = getenv("PATH");
    char buf[PATH_MAX];
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, name);
        if (n && access(buf, X_OK) == 0) return 1;
        path += n + (path[n] == ':');
    }
    return 0;
}

/* Run `sbatch --parsable script` and print the job id it reports. */
static pg_status run_sbatch(const char *script)
{
    if (!in_path("sbatch"))
        return PG_FAIL(PG_ERR_IO, "sbatch not found in PATH (is Slurm "
                       "installed here?); the script is %s, or use "
                       "--dry-run to print it", script);
    int fd[2];
    if (pipe(fd) != 0)
        return PG_FAIL(PG_ERR_IO, "pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return PG_FAIL(PG_ERR_IO, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp("sbatch", "sbatch", "--parsable", script, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char out[256] = "";
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = '\0';
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return PG_FAIL(PG_ERR_IO, "sbatch %s failed (exit %d); its message "
                       "is above", script,
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    out[strcspn(out, ";\r\n")] = '\0'; /* "ID" or "ID;cluster" */
    printf("submitted batch job %s (script %s)\n", out, script);
    return PG_OK;
}

static pg_status submit(const char *job, submit_opts *o)
{
    pg_config *cfg = NULL;
    pg_text_buffer cmd = {0}, script = {0};
    char *tmpl_text = NULL, cwd[PATH_MAX], job_abs[PATH_MAX], exe[PATH_MAX];
    enum { RUN_DIR_MAX = PATH_MAX + 512 };
    char run_dir[RUN_DIR_MAX], output[RUN_DIR_MAX + 32], tmpl[PATH_MAX];
    char name[256], script_path[RUN_DIR_MAX + 32];
    pg_status s;
    PG_CHECK_GOTO(s, pg_job_config_load(job, o->ov.items, o->ov.n, &cfg), done);
    if (!getcwd(cwd, sizeof cwd) || !realpath(job, job_abs)) {
        s = PG_FAIL(PG_ERR_IO, "cannot resolve %s: %s", job, strerror(errno));
        goto done;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        s = PG_FAIL(PG_ERR_IO, "cannot find the physgan binary");
        goto done;
    }
    exe[n] = '\0';
    /* The trainer's default run directory, runs/<job name>, is relative to
     * the current directory, which the script keeps (--chdir). */
    char *base = strrchr(job_abs, '/') + 1;
    snprintf(name, sizeof name, "%s", base);
    size_t nl = strlen(name);
    if (nl > 4 && !strcmp(name + nl - 4, ".ini")) name[nl - 4] = '\0';
    const char *dir;
    PG_CHECK_GOTO(s, pg_config_get_string(cfg, "output", "dir", &dir), done);
    if (*dir) snprintf(run_dir, sizeof run_dir, "%s", dir);
    else snprintf(run_dir, sizeof run_dir, "%s/runs/%s", cwd, name);
    if (has_checkpoints(run_dir) && !o->resume && !o->command) {
        s = PG_FAIL(PG_ERR_ARG, "%s already has checkpoints: pass --resume "
                    "to continue that run, or choose another [output] dir",
                    run_dir);
        goto done;
    }
    snprintf(output, sizeof output, "%s/slurm-%s.out", run_dir,
             o->array ? "%A_%a" : "%j");
    if (o->command) {
        pg_text_buffer_append(&cmd, o->command);
    } else {
        pg_slurm_shell_quote(&cmd, exe);
        pg_text_buffer_append(&cmd, " train ");
        pg_slurm_shell_quote(&cmd, job_abs);
        pg_text_buffer_append(&cmd, " --resume --plain");
        for (int i = 0; i < o->ov.n; i++) {
            pg_text_buffer_append(&cmd, " -o ");
            pg_slurm_shell_quote(&cmd, o->ov.items[i]);
        }
    }
    PG_CHECK_GOTO(s, pg_text_buffer_status(&cmd, "the command"), done);
    if (o->tmpl) snprintf(tmpl, sizeof tmpl, "%s", o->tmpl);
    else default_template(tmpl, sizeof tmpl);
    PG_CHECK_GOTO(s, read_text(tmpl, &tmpl_text), done);
    pg_slurm_job sj = {name, o->nodes, o->ntasks, o->time, cwd, output,
                       o->partition, o->account, o->array, cmd.data, exe,
                       job_abs, run_dir};
    PG_CHECK_GOTO(s, pg_slurm_script_render(tmpl_text, tmpl, &sj, &script),
                  done);
    if (o->dry_run) {
        fputs(script.data, stdout);
        goto done;
    }
    PG_CHECK_GOTO(s, mkdir_p(run_dir), done);
    snprintf(script_path, sizeof script_path, "%s/submit.sbatch", run_dir);
    PG_CHECK_GOTO(s, pg_atomic_file_write(script_path, script.data,
                                          script.len, 0755), done);
    PG_CHECK_GOTO(s, run_sbatch(script_path), done);
done:
    free(tmpl_text);
    pg_text_buffer_free(&cmd);
    pg_text_buffer_free(&script);
    pg_config_destroy(&cfg);
    return s;
}

int pg_cmd_submit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"nodes", required_argument, NULL, 'N'},
        {"ntasks-per-node", required_argument, NULL, 'K'},
        {"time", required_argument, NULL, 'T'},
        {"partition", required_argument, NULL, 'P'},
        {"account", required_argument, NULL, 'A'},
        {"array", required_argument, NULL, 'a'},
        {"command", required_argument, NULL, 'c'},
        {"template", required_argument, NULL, 't'},
        {"set", required_argument, NULL, 'o'},
        {"resume", no_argument, NULL, 'r'},
        {"dry-run", no_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    submit_opts o = {0};
    const char *nodes = NULL, *ntasks = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'N': nodes = optarg; break;
        case 'K': ntasks = optarg; break;
        case 'T': o.time = optarg; break;
        case 'P': o.partition = optarg; break;
        case 'A': o.account = optarg; break;
        case 'a': o.array = optarg; break;
        case 'c': o.command = optarg; break;
        case 't': o.tmpl = optarg; break;
        case 'o':
            if (pg_cli_overrides_add(&o.ov, "submit", optarg))
                return PG_EXIT_USAGE;
            break;
        case 'r': o.resume = 1; break;
        case 'd': o.dry_run = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("submit", "bad option");
        }
    }
    if (optind >= argc)
        return pg_cli_usage_error("submit", "JOB.ini is required");
    if (optind + 1 < argc)
        return pg_cli_usage_error("submit", "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (!nodes || !ntasks || !o.time)
        return pg_cli_usage_error("submit", "--nodes, --ntasks-per-node and "
                                  "--time are required");
    if (pg_cli_parse_long("submit", "--nodes", nodes, 1, 100000, &o.nodes) ||
        pg_cli_parse_long("submit", "--ntasks-per-node", ntasks, 1, 100000,
                          &o.ntasks))
        return PG_EXIT_USAGE;
    long sec;
    if (pg_slurm_time_parse(o.time, &sec) != PG_OK ||
        (o.array && pg_slurm_array_check(o.array) != PG_OK)) {
        fprintf(stderr, "physgan submit: %s\n(see 'physgan submit --help')\n",
                pg_error_message());
        pg_error_clear();
        return PG_EXIT_USAGE;
    }
    if (o.array && !o.command)
        return pg_cli_usage_error("submit", "--array needs --command (what "
                                  "each array task runs, e.g. with "
                                  "$SLURM_ARRAY_TASK_ID)");
    pg_status s = submit(argv[optind], &o);
    return s == PG_OK ? PG_EXIT_OK : pg_cli_fail(s);
}
