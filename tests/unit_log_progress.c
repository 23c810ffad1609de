/* Logging (levels, ranks, per-rank files, whole lines from threads) and
 * progress (plain lines, throttling, final line, terminal redraw). */
#define _XOPEN_SOURCE 700 /* posix_openpt for the terminal test */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/progress.h"
#include "runner.h"

static void slurp(FILE *f, char *buf, size_t n)
{
    rewind(f);
    size_t len = fread(buf, 1, n - 1, f);
    buf[len] = '\0';
}

static int count(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* ---- logging ----------------------------------------------------------- */

/* Everything written to stderr while `fn` runs. */
static void capture_stderr(void (*fn)(void), char *buf, size_t n)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fflush(stderr);
    int saved = dup(2);
    CU_ASSERT_TRUE_FATAL(saved >= 0);
    dup2(fileno(f), 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    slurp(f, buf, n);
    fclose(f);
}

static void say_all_levels(void)
{
    pg_debug("debug %d", 1);
    pg_info("info %d", 2);
    pg_warn("warn %d", 3);
    pg_log(PG_LOG_ERROR, "error %d\n", 4); /* a trailing newline is kept single */
}

static void test_log_levels(void)
{
    char out[4096];
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 0, 0, NULL));
    CU_ASSERT_EQUAL(pg_log_level_get(), PG_LOG_INFO);
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "physgan: info 2\n"
                                "physgan: warning: warn 3\n"
                                "physgan: error: error 4\n");
    PG_ASSERT_OK(pg_log_configure(PG_LOG_DEBUG, 0, 0, NULL));
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "physgan: debug: debug 1\n"));
    CU_ASSERT_EQUAL(count(out, "\n"), 4);
    PG_ASSERT_OK(pg_log_configure(PG_LOG_ERROR, 0, 0, NULL));
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "physgan: error: error 4\n");
    PG_ASSERT_OK(pg_log_configure(PG_LOG_QUIET, 0, 0, NULL));
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "");
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 0, 0, NULL));
}

static void test_log_ranks(void)
{
    char out[4096];
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 1, 0, NULL));
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, ""); /* only rank 0 prints */
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 1, 1, NULL));
    capture_stderr(say_all_levels, out, sizeof out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "[rank 1] physgan: info 2\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "[rank 1] physgan: warning: warn 3\n"));
    CU_ASSERT_EQUAL(count(out, "[rank 1] "), 3);
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 0, 0, NULL));
}

static void test_log_file_per_rank(void)
{
    char out[4096], text[4096];
    remove("run.log.3");
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 3, 0, "run.log"));
    capture_stderr(say_all_levels, out, sizeof out);
    pg_log_close();
    CU_ASSERT_STRING_EQUAL(out, ""); /* rank 3 is silent on stderr... */
    FILE *f = fopen("run.log.3", "r"); /* ...but keeps its own file */
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    slurp(f, text, sizeof text);
    fclose(f);
    CU_ASSERT_EQUAL(count(text, "\n"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " [rank 3] info: info 2\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " [rank 3] warn: warn 3\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "debug 1"));
    /* Each line starts with an ISO 8601 time stamp. */
    int y, mo, d, h, mi, s, ms;
    CU_ASSERT_EQUAL(sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d,
                           &h, &mi, &s, &ms),
                    7);
    CU_ASSERT_TRUE(y >= 2024 && mo >= 1 && mo <= 12 && ms >= 0 && ms < 1000);
    /* A second configure truncates the file. */
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 3, 0, "run.log"));
    pg_log_close();
    f = fopen("run.log.3", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    slurp(f, text, sizeof text);
    fclose(f);
    CU_ASSERT_STRING_EQUAL(text, "");
    CU_ASSERT_EQUAL(pg_log_configure(PG_LOG_INFO, 0, 0, "no/such/dir/x"),
                    PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no/such/dir/x.0"));
    pg_error_clear();
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 0, 0, NULL));
}

static void test_log_lines_whole_under_threads(void)
{
    enum { THREADS = 4, EACH = 200 };
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 5, 0, "threads.log"));
#pragma omp parallel for num_threads(THREADS) schedule(static, 1)
    for (int i = 0; i < THREADS * EACH; i++)
        pg_info("message %04d from a worker thread, padded to make the "
                "line long enough to be written in pieces %04d", i, i);
    pg_log_close();
    FILE *f = fopen("threads.log.5", "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[512];
    int whole = 0, lines = 0;
    while (fgets(line, sizeof line, f)) {
        int a = -1, b = -2;
        const char *m = strstr(line, "] info: message ");
        lines++;
        if (m && sscanf(m, "] info: message %d from a worker thread, padded "
                           "to make the line long enough to be written in "
                           "pieces %d", &a, &b) == 2 && a == b &&
            line[strlen(line) - 1] == '\n')
            whole++;
    }
    fclose(f);
    CU_ASSERT_EQUAL(lines, THREADS * EACH);
    CU_ASSERT_EQUAL(whole, THREADS * EACH);
    PG_ASSERT_OK(pg_log_configure(PG_LOG_INFO, 0, 0, NULL));
}

static void test_log_level_parse(void)
{
    pg_log_level l;
    PG_ASSERT_OK(pg_log_level_parse("debug", &l));
    CU_ASSERT_EQUAL(l, PG_LOG_DEBUG);
    PG_ASSERT_OK(pg_log_level_parse("WARN", &l));
    CU_ASSERT_EQUAL(l, PG_LOG_WARN);
    PG_ASSERT_OK(pg_log_level_parse("quiet", &l));
    CU_ASSERT_EQUAL(l, PG_LOG_QUIET);
    CU_ASSERT_EQUAL(pg_log_level_parse("verbose", &l), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "'verbose'"));
    pg_error_clear();
}

/* ---- progress ---------------------------------------------------------- */

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (long)s) * 1e9)};
    nanosleep(&ts, NULL);
}

static void test_progress_plain_lines(void)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_progress *p = NULL;
    /* Not a terminal: plain even without force_plain; every_s = 0 prints
     * on every update. */
    PG_ASSERT_OK(pg_progress_create("train", 5, f, 0, 0.0, &p));
    for (long s = 1; s <= 5; s++) pg_progress_update(p, s, "loss_D=0.69");
    pg_progress_finish(p, "loss_D=0.50");
    pg_progress_finish(p, "again"); /* the final line is written once */
    pg_progress_destroy(&p);
    CU_ASSERT_PTR_NULL(p);
    pg_progress_destroy(&p);
    char text[4096];
    slurp(f, text, sizeof text);
    fclose(f);
    CU_ASSERT_EQUAL(count(text, "\n"), 6);
    CU_ASSERT_PTR_NULL(strchr(text, '\r'));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "train: step 1/5 (20%), "));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "train: step 3/5 (60%), "));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "train: step 5/5 (100%), "));
    CU_ASSERT_EQUAL(count(text, "steps/s, ETA "), 5);
    CU_ASSERT_EQUAL(count(text, ", loss_D=0.69\n"), 5);
    const char *last = strstr(text, "train: done, 5/5 steps in ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(last);
    CU_ASSERT_PTR_NOT_NULL(strstr(last, ", loss_D=0.50\n"));
    CU_ASSERT_PTR_NULL(strstr(text, "again"));
}

static void test_progress_plain_interval(void)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_progress *p = NULL;
    PG_ASSERT_OK(pg_progress_create("simulate", 1000, f, 1, 3600.0, &p));
    for (long s = 1; s <= 400; s++) pg_progress_update(p, s, NULL);
    pg_progress_finish(p, NULL);
    pg_progress_destroy(&p);
    char text[4096];
    slurp(f, text, sizeof text);
    fclose(f);
    /* Nothing within the hour; the final line says where it stopped. */
    CU_ASSERT_EQUAL(count(text, "\n"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "simulate: stopped at step 400/1000 "
                                        "after "));
}

/* Steps before a resume do not count toward the rate. */
static void test_progress_resume_rate(void)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_progress *p = NULL;
    PG_ASSERT_OK(pg_progress_create("train", 2000000, f, 1, 0.0, &p));
    pg_progress_resume(p, 1000000);
    sleep_s(0.05);
    pg_progress_update(p, 1000001, NULL);
    pg_progress_destroy(&p);
    char text[1024];
    slurp(f, text, sizeof text);
    fclose(f);
    /* One step in >= 50 ms: at most 20 steps/s (slower if the machine is
     * busy), not a million steps in 50 ms. */
    const char *r = strstr(text, "(50%), ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    double rate = 0;
    char unit[16] = "";
    CU_ASSERT_EQUAL(sscanf(r, "(50%%), %lf %15s", &rate, unit), 2);
    if (strcmp(unit, "steps/s,") == 0) {
        CU_ASSERT_TRUE(rate <= 20.5);
    } else {
        CU_ASSERT_STRING_EQUAL(unit, "s/step,");
    }
}

static void test_progress_bad_arguments(void)
{
    pg_progress *p = NULL;
    CU_ASSERT_EQUAL(pg_progress_create("x", 0, stderr, 1, 1.0, &p),
                    PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_progress_create("x", 10, stderr, 1, -1.0, &p),
                    PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    pg_error_clear();
}

/* Everything readable from a pty master within a short wait. */
static size_t drain(int fd, char *buf, size_t n)
{
    size_t len = 0;
    struct pollfd pfd = {fd, POLLIN, 0};
    while (len + 1 < n && poll(&pfd, 1, 200) > 0) {
        ssize_t got = read(fd, buf + len, n - 1 - len);
        if (got <= 0) break;
        len += (size_t)got;
    }
    buf[len] = '\0';
    return len;
}

static void test_progress_terminal_redraw(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) {
        fprintf(stderr, "no pseudo-terminal here: terminal mode not tested\n");
        if (master >= 0) close(master);
        return;
    }
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    CU_ASSERT_TRUE_FATAL(slave >= 0);
    struct termios t;
    tcgetattr(slave, &t);
    t.c_oflag &= ~(tcflag_t)OPOST; /* see the bytes as written */
    tcsetattr(slave, TCSANOW, &t);
    struct winsize ws = {.ws_row = 24, .ws_col = 50};
    ioctl(slave, TIOCSWINSZ, &ws);
    FILE *tty = fdopen(slave, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tty);

    pg_progress *p = NULL;
    PG_ASSERT_OK(pg_progress_create("train", 100, tty, 0, 5.0, &p));
    pg_progress_update(p, 50, "loss_D=0.69"); /* drawn at once */
    pg_progress_update(p, 60, "loss_D=0.68"); /* too soon to redraw */
    sleep_s(0.15);
    pg_progress_update(p, 100, "loss_D=0.67");
    pg_progress_finish(p, "loss_D=0.66");
    pg_progress_destroy(&p);
    fflush(tty);
    char text[4096];
    drain(master, text, sizeof text);
    fclose(tty);
    close(master);

    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\rtrain  [##########..........]  "
                                        "50/100  "));
    CU_ASSERT_PTR_NULL(strstr(text, "60/100"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\rtrain  [####################]  "
                                        "100/100  "));
    /* One final newline, after the summary. */
    CU_ASSERT_EQUAL(count(text, "\n"), 1);
    const char *fin = strstr(text, "\rtrain: done, 100/100 steps in ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fin);
    CU_ASSERT_PTR_NOT_NULL(strstr(fin, "loss_D=0.66"));
    /* Redrawn lines fit the 50 columns so that '\r' can erase them. */
    for (const char *s = strchr(text, '\r'); s && s < fin;) {
        const char *e = strchr(s + 1, '\r');
        CU_ASSERT_TRUE((e ? e : fin) - (s + 1) <= 49);
        s = e;
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("log");
    PG_TEST(s, test_log_levels);
    PG_TEST(s, test_log_ranks);
    PG_TEST(s, test_log_file_per_rank);
    PG_TEST(s, test_log_lines_whole_under_threads);
    PG_TEST(s, test_log_level_parse);
    s = pg_test_suite("progress");
    PG_TEST(s, test_progress_plain_lines);
    PG_TEST(s, test_progress_plain_interval);
    PG_TEST(s, test_progress_resume_rate);
    PG_TEST(s, test_progress_bad_arguments);
    PG_TEST(s, test_progress_terminal_redraw);
}
