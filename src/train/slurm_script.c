/* sbatch script rendering and Slurm argument checks (slurm_script.h). */
#include "train/slurm_script.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char TIME_FORMATS[] =
    "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS";

/* Parse an unsigned decimal field ending at a delimiter in `stop`. */
static int field(const char **p, const char *stop, long *v)
{
    if (!isdigit((unsigned char)**p)) return -1;
    char *end;
    errno = 0;
    *v = strtol(*p, &end, 10);
    if (errno || (*end && !strchr(stop, *end)) || *v > 100000000) return -1;
    *p = end;
    return 0;
}

pg_status pg_slurm_time_parse(const char *s, long *seconds)
{
    long f[4] = {0}, days = 0;
    int n = 0, has_days = 0;
    const char *p = s;
    if (strchr(s, '-')) {
        if (field(&p, "-", &days) || *p != '-') goto bad;
        p++;
        has_days = 1;
    }
    for (;;) {
        if (n == 3 || field(&p, ":", &f[n])) goto bad;
        n++;
        if (!*p) break;
        p++; /* ':' */
    }
    long h = 0, m = 0, sec = 0;
    if (has_days) { /* D-HH, D-HH:MM, D-HH:MM:SS */
        h = f[0], m = n > 1 ? f[1] : 0, sec = n > 2 ? f[2] : 0;
        if (h >= 24) goto bad;
    } else if (n == 1) {
        m = f[0];
    } else if (n == 2) {
        m = f[0], sec = f[1];
    } else {
        h = f[0], m = f[1], sec = f[2];
    }
    /* Only a leading field may exceed its unit. */
    if ((has_days || n == 3) && m >= 60) goto bad;
    if (sec >= 60) goto bad;
    *seconds = ((days * 24 + h) * 60 + m) * 60 + sec;
    if (*seconds <= 0)
        return PG_FAIL(PG_ERR_ARG, "time limit '%s' is zero", s);
    return PG_OK;
bad:
    return PG_FAIL(PG_ERR_ARG, "time limit '%s' is not one of Slurm's "
                   "formats %s", s, TIME_FORMATS);
}

pg_status pg_slurm_array_check(const char *s)
{
    const char *p = s;
    long a, b;
    for (;;) {
        if (field(&p, ",-:%", &a)) goto bad;
        if (*p == '-') {
            p++;
            if (field(&p, ",:%", &b) || b < a) goto bad;
            if (*p == ':') {
                p++;
                if (field(&p, ",%", &b) || b < 1) goto bad;
            }
        } else if (*p == ':') {
            goto bad;
        }
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '%') {
            p++;
            if (field(&p, "", &b) || b < 1) goto bad;
        }
        if (!*p) return PG_OK;
        goto bad;
    }
bad:
    return PG_FAIL(PG_ERR_ARG, "array '%s' is not a Slurm array "
                   "specification (e.g. 0-7, 1,3,5, 0-15:2, 0-99%%10)", s);
}

void pg_slurm_shell_quote(pg_text_buffer *b, const char *s)
{
    pg_text_buffer_append(b, "'");
    for (; *s; s++) {
        if (*s == '\'') pg_text_buffer_append(b, "'\\''");
        else pg_text_buffer_append_n(b, s, 1);
    }
    pg_text_buffer_append(b, "'");
}

/* #SBATCH lines are not shell-parsed: values must be one word. */
static pg_status sbatch_word(const char *what, const char *v)
{
    for (const char *p = v; *p; p++)
        if (isspace((unsigned char)*p))
            return PG_FAIL(PG_ERR_ARG, "%s '%s' contains white space, which "
                           "an #SBATCH line cannot hold", what, v);
    if (!*v) return PG_FAIL(PG_ERR_ARG, "%s is empty", what);
    return PG_OK;
}

static pg_status check_job(const pg_slurm_job *j)
{
    PG_CHECK(sbatch_word("job name", j->job_name));
    PG_CHECK(sbatch_word("working directory", j->chdir));
    PG_CHECK(sbatch_word("output file", j->output));
    if (j->partition) PG_CHECK(sbatch_word("partition", j->partition));
    if (j->account) PG_CHECK(sbatch_word("account", j->account));
    if (j->array) PG_CHECK(pg_slurm_array_check(j->array));
    long sec;
    PG_CHECK(pg_slurm_time_parse(j->time, &sec));
    if (j->nodes < 1 || j->ntasks_per_node < 1)
        return PG_FAIL(PG_ERR_ARG, "nodes (%ld) and tasks per node (%ld) "
                       "must be positive", j->nodes, j->ntasks_per_node);
    if (strchr(j->command, '\n'))
        return PG_FAIL(PG_ERR_ARG, "the command must be one line");
    return PG_OK;
}

/* Append the value of placeholder name (n bytes); -1 when unknown. */
static int placeholder(pg_text_buffer *b, const char *name, size_t n,
                       const pg_slurm_job *j)
{
#define IS(s) (n == sizeof(s) - 1 && !memcmp(name, s, n))
    if (IS("JOB_NAME")) pg_text_buffer_append(b, j->job_name);
    else if (IS("NODES")) pg_text_buffer_printf(b, "%ld", j->nodes);
    else if (IS("NTASKS_PER_NODE"))
        pg_text_buffer_printf(b, "%ld", j->ntasks_per_node);
    else if (IS("TIME")) pg_text_buffer_append(b, j->time);
    else if (IS("CHDIR")) pg_text_buffer_append(b, j->chdir);
    else if (IS("OUTPUT")) pg_text_buffer_append(b, j->output);
    else if (IS("STOPPED_EXIT"))
        pg_text_buffer_printf(b, "%d", PG_SLURM_TRAIN_STOPPED_EXIT);
    else if (IS("COMMAND")) pg_text_buffer_append(b, j->command);
    else if (IS("PHYSGAN")) pg_slurm_shell_quote(b, j->physgan);
    else if (IS("JOB_FILE")) pg_slurm_shell_quote(b, j->job_file);
    else if (IS("RUN_DIR")) pg_slurm_shell_quote(b, j->run_dir);
    else if (IS("EXTRA_SBATCH")) {
        if (j->partition)
            pg_text_buffer_printf(b, "#SBATCH --partition=%s\n", j->partition);
        if (j->account)
            pg_text_buffer_printf(b, "#SBATCH --account=%s\n", j->account);
        if (j->array) pg_text_buffer_printf(b, "#SBATCH --array=%s\n", j->array);
        if (!j->partition && !j->account && !j->array)
            pg_text_buffer_append(b, "# (no --partition, --account or --array)");
        else if (b->len && b->data[b->len - 1] == '\n')
            b->data[--b->len] = '\0'; /* the template's newline follows */
    } else return -1;
    return 0;
#undef IS
}

pg_status pg_slurm_script_render(const char *text, const char *template_name,
                                 const pg_slurm_job *j, pg_text_buffer *out)
{
    PG_CHECK(check_job(j));
    long line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') line++;
        if (*p != '@') {
            pg_text_buffer_append_n(out, p, 1);
            continue;
        }
        size_t n = 0;
        while (isupper((unsigned char)p[1 + n]) || isdigit((unsigned char)p[1 + n]) ||
               p[1 + n] == '_')
            n++;
        if (n == 0 || p[1 + n] != '@' || !isupper((unsigned char)p[1])) {
            pg_text_buffer_append_n(out, p, 1); /* a plain '@' (USR1@120) */
            continue;
        }
        if (placeholder(out, p + 1, n, j))
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: unknown placeholder "
                           "@%.*s@ (known: JOB_NAME NODES NTASKS_PER_NODE "
                           "TIME CHDIR OUTPUT EXTRA_SBATCH STOPPED_EXIT "
                           "COMMAND PHYSGAN JOB_FILE RUN_DIR)",
                           template_name, line, (int)n, p + 1);
        p += n + 1;
    }
    PG_CHECK(pg_text_buffer_status(out, "the batch script"));
    return PG_OK;
}
