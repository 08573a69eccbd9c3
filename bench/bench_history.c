/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cost of recording one answer durably: history_record_answer() timed
 * call by call with the shipped setting (WAL, synchronous=FULL) beside the
 * obvious alternatives, in the same run, on the same file system:
 *   - WAL with synchronous=NORMAL (no fsync per commit: faster, but a power
 *     cut can take back the last answers),
 *   - a rollback journal with synchronous=FULL (as durable, more syncs).
 * The modes take turns in rounds so a busy disk affects them alike.
 *
 * The files go in $BENCH_DIR, else $TMPDIR, else /var/tmp (a disk, where
 * fsync costs what it costs on a device; tmpfs would make it free).
 * Prints figures; asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "history/history.h"
#include "util/util.h"

#define ROUNDS 6
#define PER_ROUND 50
#define SAMPLES (ROUNDS * PER_ROUND)
#define TMPFS_MAGIC_ 0x01021994

struct mode {
    const char *name;
    struct history_options opt;
    struct history *h;
    int64_t session;
    char *path;
    double us[SAMPLES];
    int n;
};

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void remove_db(const char *path)
{
    static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
        char *p = xasprintf("%s%s", path, suffix[i]);
        unlink(p);
        free(p);
    }
}

int main(void)
{
    const char *base = getenv("BENCH_DIR");
    if (!base || !*base)
        base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/var/tmp";
    char *dir = xasprintf("%s/unknot-bench-XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror(dir);
        return 1;
    }
    struct statfs fs;
    bool on_tmpfs = statfs(dir, &fs) == 0 && fs.f_type == TMPFS_MAGIC_;

    struct mode modes[] = {
        { .name = "WAL, synchronous=FULL (shipped)",
          .opt = { .sync = HISTORY_SYNC_FULL,
                   .journal = HISTORY_JOURNAL_WAL } },
        { .name = "WAL, synchronous=NORMAL",
          .opt = { .sync = HISTORY_SYNC_NORMAL,
                   .journal = HISTORY_JOURNAL_WAL } },
        { .name = "rollback journal, synchronous=FULL",
          .opt = { .sync = HISTORY_SYNC_FULL,
                   .journal = HISTORY_JOURNAL_ROLLBACK } },
    };
    const size_t nmodes = ARRAY_LEN(modes);
    int status = 0;
    for (size_t m = 0; m < nmodes; m++) {
        modes[m].path = xasprintf("%s/mode%zu.db", dir, m);
        char *err = NULL;
        modes[m].h = history_open_with(modes[m].path, &modes[m].opt, &err);
        if (!modes[m].h) {
            fprintf(stderr, "%s\n", err);
            free(err);
            status = 1;
            goto out;
        }
        modes[m].session = history_session_begin(modes[m].h, "bench",
                                                 "Bench", 1);
    }

    for (int r = 0; r < ROUNDS; r++) {
        for (size_t m = 0; m < nmodes; m++) {
            struct mode *md = &modes[m];
            for (int i = 0; i < PER_ROUND; i++) {
                int k = md->n;
                double t0 = now_us();
                int rc = history_record_answer(md->h, md->session, 2 + k,
                                               "soreness", k % 11, "step-1",
                                               "calves");
                md->us[md->n++] = now_us() - t0;
                if (rc != 0) {
                    fprintf(stderr, "%s: %s\n", md->name,
                            history_error(md->h));
                    status = 1;
                    goto out;
                }
            }
        }
    }

    printf("history: cost per committed answer, %d answers per mode, in %s"
           "%s\n", SAMPLES, base,
           on_tmpfs ? " (tmpfs: fsync is free here; set BENCH_DIR to a "
                      "disk)" : "");
    printf("  %-36s %11s %11s %11s  %s\n", "mode", "median", "p90", "worst",
           "shipped/this (median)");
    double ours = 0;
    for (size_t m = 0; m < nmodes; m++) {
        struct mode *md = &modes[m];
        qsort(md->us, (size_t)md->n, sizeof md->us[0], cmp_double);
        double med = md->us[md->n / 2];
        double p90 = md->us[md->n * 9 / 10];
        double worst = md->us[md->n - 1];
        if (m == 0)
            ours = med;
        printf("  %-36s %8.3f ms %8.3f ms %8.3f ms", md->name, med / 1000,
               p90 / 1000, worst / 1000);
        if (m == 0)
            printf("  1.00x\n");
        else
            printf("  %.2fx\n", med > 0 ? ours / med : 0.0);
    }
    printf("  (ratio > 1: the shipped setting costs that many times more "
           "per answer)\n");

out:
    for (size_t m = 0; m < nmodes; m++) {
        history_close(modes[m].h);
        if (modes[m].path)
            remove_db(modes[m].path);
        free(modes[m].path);
    }
    rmdir(dir);
    free(dir);
    return status;
}
