/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the damaged-file check costs: before a session writes anything,
 * history_open() runs PRAGMA quick_check over the whole file.  On a long
 * history (BENCH_HISTORY_SESSIONS sessions, default 1000, of 20 answers
 * each: years of daily use) this times, in the same run on the same file:
 *   - history_open() for a session (the check included), cold and warm,
 *   - PRAGMA quick_check alone (what we run),
 *   - PRAGMA integrity_check alone (the stricter alternative: it also
 *     cross-checks every index against its table).
 * The file goes in $BENCH_DIR, else $TMPDIR, else /var/tmp.  Figures only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "history/history.h"
#include "util/util.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double time_pragma(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    double t0 = now_ms();
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
        sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return now_ms() - t0;
}

static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
}

int main(void)
{
    const char *env = getenv("BENCH_HISTORY_SESSIONS");
    int sessions = env && atoi(env) > 0 ? atoi(env) : 1000;
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
    char *path = xasprintf("%s/long.db", dir);
    /* Built fast (no sync per answer): the layout is what matters. */
    struct history_options fast = { .sync = HISTORY_SYNC_NORMAL };
    char *err = NULL;
    struct history *h = history_open_with(path, &fast, &err);
    if (!h) {
        fprintf(stderr, "bench_history_check: %s\n", err);
        return 1;
    }
    static const char *const regions[] = { "calves", "hamstrings",
                                           "quadriceps", "glutes",
                                           "upper-back" };
    for (int s = 0; s < sessions; s++) {
        long long t = 1600000000LL + (long long)s * 86400;
        int64_t id = history_session_begin(h, "full-body-basic",
                                           "Full-body basic", t);
        for (int a = 0; a < 20; a++)
            history_record_answer(h, id, t + a * 40,
                                  a < 5 ? "daily-unwell" : "soreness",
                                  a % 11, a < 5 ? NULL : "calves",
                                  a < 5 ? NULL : regions[a % 5]);
        history_session_end(h, id, t + 900, "completed", NULL);
    }
    history_close(h);
    struct stat sb;
    stat(path, &sb);

    double open_ms[3], quick[3], full[3];
    for (int i = 0; i < 3; i++) {
        double t0 = now_ms();
        h = history_open(path, &err);
        open_ms[i] = now_ms() - t0;
        if (!h) {
            fprintf(stderr, "bench_history_check: %s\n", err);
            return 1;
        }
        history_close(h);
        quick[i] = time_pragma(path, "PRAGMA quick_check");
        full[i] = time_pragma(path, "PRAGMA integrity_check");
    }
    printf("history check: %d sessions, %d answers, %.1f MB file (%s)\n",
           sessions, sessions * 20, (double)sb.st_size / 1e6, dir);
    printf("history check: history_open() for a session, quick_check "
           "included: %.1f ms (median of 3; first %.1f ms)\n",
           median3(open_ms[0], open_ms[1], open_ms[2]), open_ms[0]);
    printf("history check: PRAGMA quick_check alone %.1f ms; "
           "PRAGMA integrity_check %.1f ms (%.1fx)\n",
           median3(quick[0], quick[1], quick[2]),
           median3(full[0], full[1], full[2]),
           median3(full[0], full[1], full[2])
               / median3(quick[0], quick[1], quick[2]));
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_history_check: cannot remove %s\n", dir);
    free(cmd);
    free(path);
    free(dir);
    return 0;
}
