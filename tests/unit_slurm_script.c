/* sbatch rendering (train/slurm_script.h): Slurm time formats and array
 * specifications accepted and refused, placeholders filled, plain '@'
 * kept, unknown placeholders named with template:line, shell quoting. */
#include <string.h>

#include "train/slurm_script.h"
#include "runner.h"

static void time_ok(const char *s, long want)
{
    long sec = -1;
    PG_ASSERT_OK(pg_slurm_time_parse(s, &sec));
    CU_ASSERT_EQUAL(sec, want);
}

static void time_bad(const char *s)
{
    long sec;
    CU_ASSERT_EQUAL(pg_slurm_time_parse(s, &sec), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), s));
    pg_error_clear();
}

static void test_time(void)
{
    time_ok("30", 1800);
    time_ok("90:30", 5430);
    time_ok("1:30:00", 5400);
    time_ok("2-12", 216000);
    time_ok("1-01:02", 90120);
    time_ok("1-00:00:05", 86405);
    time_bad("0");
    time_bad("");
    time_bad("1:60:00");
    time_bad("5:75");
    time_bad("1-24");
    time_bad("1:2:3:4");
    time_bad("abc");
    time_bad("-5");
    time_bad("10m");
}

static void test_array(void)
{
    const char *ok[] = {"0-7", "1,3,5", "0-15:2", "0-99%10", "3", "0-3,8-9%2"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        PG_ASSERT_OK(pg_slurm_array_check(ok[i]));
    const char *bad[] = {"", "7-0", "a-b", "0-7%0", "1,,2", "0-", "3:2", "0-7:0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(pg_slurm_array_check(bad[i]), PG_ERR_ARG);
        pg_error_clear();
    }
}

static pg_slurm_job job(void)
{
    return (pg_slurm_job){"tiny", 2, 4, "1:00:00", "/work", "/run/slurm-%j.out",
                          NULL, NULL, NULL, "'/bin/physgan' train x.ini",
                          "/bin/physgan", "/jobs/it's.ini", "/run"};
}

static void test_render(void)
{
    const char *t = "#SBATCH --nodes=@NODES@ -n @NTASKS_PER_NODE@ @TIME@\n"
                    "#SBATCH --signal=B:USR1@120 mail me@example\n"
                    "@EXTRA_SBATCH@\nexit @STOPPED_EXIT@ @JOB_FILE@\n"
                    "srun @COMMAND@\n";
    pg_slurm_job j = job();
    pg_text_buffer b = {0};
    PG_ASSERT_OK(pg_slurm_script_render(t, "t.sbatch", &j, &b));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "--nodes=2 -n 4 1:00:00\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "USR1@120 mail me@example\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\n# (no --partition"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "exit 3 '/jobs/it'\\''s.ini'\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "srun '/bin/physgan' train x.ini"));
    pg_text_buffer_free(&b);

    j.partition = "gpu";
    j.array = "0-7";
    PG_ASSERT_OK(pg_slurm_script_render(t, "t.sbatch", &j, &b));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "#SBATCH --partition=gpu\n"
                                          "#SBATCH --array=0-7\nexit"));
    pg_text_buffer_free(&b);

    j = job();
    CU_ASSERT_EQUAL(pg_slurm_script_render("a\nb @NODEZ@\n", "t.sbatch", &j,
                                           &b), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "t.sbatch:2: unknown "
                                                      "placeholder @NODEZ@"));
    pg_error_clear();
    pg_text_buffer_free(&b);
    j.chdir = "/my dir";
    CU_ASSERT_EQUAL(pg_slurm_script_render("x", "t", &j, &b), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "white space"));
    pg_error_clear();
    j = job();
    j.nodes = 0;
    CU_ASSERT_EQUAL(pg_slurm_script_render("x", "t", &j, &b), PG_ERR_ARG);
    pg_error_clear();
    pg_text_buffer_free(&b);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("slurm_script");
    PG_TEST(s, test_time);
    PG_TEST(s, test_array);
    PG_TEST(s, test_render);
}
