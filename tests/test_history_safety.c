/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history when things go wrong: a full disk (a real, tiny tmpfs), a
 * damaged page, schema versions it never wrote, and read-only listing that
 * must create nothing.  Every refused file is compared byte for byte. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "history/history.h"
#include "history/journal.h"
#include "tests/check.h"
#include "util/util.h"

static int counter;

static char *new_path(const char *name)
{
    return xasprintf("%s/%d-%s", check_tmpdir(), ++counter, name);
}

static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static long long raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    long long v = -1;
    sqlite3_stmt *st = NULL;
    /* Read-write, so that closing removes the -wal and -shm files a
     * reader of a WAL file makes (a read-only reader would leave them). */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Names in the folder of path that start with its base name. */
static int count_companions(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = xstrndup(path, (size_t)(slash - path));
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (str_starts_with(e->d_name, slash + 1))
            n++;
    if (d)
        closedir(d);
    free(dir);
    return n;
}

/* A history with one session and a few answers, checkpointed into the
 * main file (no -wal left), as a copy a client would send. */
static char *make_history(const char *name)
{
    char *path = new_path(name);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    int64_t s = history_session_begin(h, "calves", "Calves", 1000);
    for (int i = 0; i < 20; i++)
        CHECK(history_record_answer(h, s, 1000 + i, "soreness", i % 11,
                                    "calves", "calves") == 0);
    CHECK(history_session_end(h, s, 1100, "completed", NULL) == 0);
    history_close(h);
    return path;
}

/* Open for writing is refused with `message`, and no byte of the file or
 * of anything beside it changes. */
static void expect_refused_unchanged(const char *path, const char *message)
{
    size_t n0 = 0, n1 = 0;
    char *before = check_read_file(path, &n0);
    int files = count_companions(path);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h == NULL);
    history_close(h);
    CHECK(err != NULL);
    if (err) {
        CHECK(str_starts_with(err, path));
        CHECK_CONTAINS(err, message);
        CHECK_CONTAINS(err, "left unchanged");
        CHECK(!strchr(err, '\n'));
    }
    free(err);
    char *after = check_read_file(path, &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, n0) == 0);
    CHECK_INT(count_companions(path), ==, files);   /* no -wal, no -shm */
    free(before);
    free(after);
}

static void test_negative_version_is_refused_before_any_write(void)
{
    char *path = make_history("negative.db");
    CHECK(raw_exec(path, "PRAGMA journal_mode = DELETE;"
                         "PRAGMA user_version = -1") == 0);
    expect_refused_unchanged(path, "schema version unknot never wrote (-1)");
    /* Still in rollback-journal mode: nothing switched it to WAL. */
    CHECK_INT(raw_int(path, "PRAGMA user_version"), ==, -1);
    free(path);
}

static void test_foreign_versions_are_refused(void)
{
    char *path = make_history("foreign.db");
    CHECK(raw_exec(path, "PRAGMA journal_mode = DELETE;"
                         "PRAGMA application_id = 0;"
                         "PRAGMA user_version = 1") == 0);
    expect_refused_unchanged(path, "not an unknot history");
    CHECK(raw_exec(path, "PRAGMA user_version = 99") == 0);
    expect_refused_unchanged(path, "schema version unknot never wrote (99)");
    free(path);
    /* An application id of someone else's on a file with no tables. */
    path = new_path("appid.db");
    CHECK(raw_exec(path, "PRAGMA journal_mode = DELETE;"
                         "PRAGMA application_id = 1234") == 0);
    expect_refused_unchanged(path, "not an unknot history");
    free(path);
}

/* Damages one page: the b-tree page header of the answers table. */
static void damage_page(const char *path, const char *table)
{
    char *sql = xasprintf("SELECT rootpage FROM sqlite_master WHERE name = "
                          "'%s'", table);
    long long page = raw_int(path, sql);
    free(sql);
    CHECK(page > 1);
    size_t len = 0;
    char *data = check_read_file(path, &len);
    size_t off = (size_t)(page - 1) * 4096;
    CHECK(data && len >= off + 4096);
    if (data && len >= off + 4096) {
        memset(data + off, 0xa5, 8);
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(data, 1, len, f) == len);
        if (f)
            fclose(f);
    }
    free(data);
}

static void test_damaged_page_is_refused_before_a_session_writes(void)
{
    const char *tables[] = { "answers", "sessions", "screening_answers",
                             "answers_by_session" };
    int changed = 0;
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        char *path = make_history("damaged.db");
        damage_page(path, tables[i]);
        size_t n0 = 0, n1 = 0;
        char *before = check_read_file(path, &n0);
        expect_refused_unchanged(path, "malformed");
        char *after = check_read_file(path, &n1);
        changed += !(before && after && n0 == n1
                     && memcmp(before, after, n0) == 0);
        free(before);
        free(after);
        free(path);
    }
    printf("damaged page: %zu files with one damaged page, %d changed\n",
           ARRAY_LEN(tables), changed);
    CHECK_INT(changed, ==, 0);
}

static void test_read_only_creates_nothing(void)
{
    char *path = make_history("copy.db");
    size_t n0 = 0, n1 = 0;
    char *before = check_read_file(path, &n0);
    /* A copy in WAL mode (header bytes 18-19), as a client's would be. */
    CHECK(before && n0 > 100 && before[18] == 2 && before[19] == 2);
    int files = count_companions(path);
    CHECK_INT(files, ==, 1);
    struct history_options ro = { .read_only = true };
    char *err = NULL;
    struct history *h = history_open_with(path, &ro, &err);
    CHECK(h != NULL);
    free(err);
    char *buf = NULL;
    size_t blen = 0;
    FILE *out = open_memstream(&buf, &blen);
    CHECK(history_print_sessions(h, out, 0) == 0);
    CHECK(history_export_csv(h, out) == 0);
    fclose(out);
    CHECK_CONTAINS(buf, "calves");
    free(buf);
    CHECK_INT(count_companions(path), ==, 1);   /* while open, too */
    history_close(h);
    CHECK_INT(count_companions(path), ==, 1);
    char *after = check_read_file(path, &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, n0) == 0);
    free(before);
    free(after);
    free(path);
}

static void test_fifo_database_is_named(void)
{
    char *path = new_path("fifo.db");
    CHECK(mkfifo(path, 0600) == 0);
    char *err = NULL;
    CHECK(history_open(path, &err) == NULL);
    CHECK_CONTAINS(err, "FIFO");
    free(err);
    free(path);
}

static void test_journal_fields_round_trip(void)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    journal_field(&buf, &len, &cap, "A", true);
    journal_field(&buf, &len, &cap, "tab\there\\ and\nline\r", false);
    journal_field(&buf, &len, &cap, NULL, false);
    journal_field(&buf, &len, &cap, "", false);
    CHECK(!strchr(buf, '\n'));
    char *f[8];
    size_t n = journal_split(buf, f, 8);
    CHECK_INT(n, ==, 4);
    CHECK_STR(f[0], "A");
    CHECK_STR(f[1], "tab\there\\ and\nline\r");
    CHECK(f[2] == NULL);
    CHECK_STR(f[3], "");
    free(buf);
}

/* The real thing: a tmpfs of 200 KiB fills while answers are recorded. */
static void test_full_disk_loses_no_answer(void)
{
    char *dir = xasprintf("%s/tiny", check_tmpdir());
    CHECK(mkdir(dir, 0700) == 0);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=200k") != 0) {
        printf("full disk: skipped: cannot mount a tmpfs (%s); run as root "
               "(CI does)\n", strerror(errno));
        rmdir(dir);
        free(dir);
        return;
    }
    char *path = xasprintf("%s/history.db", dir);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    int given = 0, kept = 0, lost = 0;
    int64_t s = h ? history_session_begin(h, "calves", "Calves", 1) : -1;
    CHECK(s > 0);
    /* Long step ids fill the disk quickly; go on past the first failure
     * (the session would stop there; a few more prove the order holds). */
    char step[900];
    memset(step, 's', sizeof step - 1);
    step[sizeof step - 1] = '\0';
    int after_full = 0;
    for (int i = 0; s > 0 && i < 5000 && after_full < 5; i++) {
        int rc = history_record_answer(h, s, 10 + i, "soreness", i % 11,
                                       step, "calves");
        given++;
        if (rc == HISTORY_KEPT) {
            kept++;
            after_full++;
            CHECK(history_storage_full(h));
        } else if (rc < 0) {
            lost++;
        }
    }
    CHECK(kept > 0);
    if (s > 0)
        CHECK(history_session_end(h, s, 9999, "quit", NULL) == HISTORY_KEPT);
    history_close(h);
    /* Space returns; the next start saves what was kept. */
    CHECK(mount("tmpfs", dir, "tmpfs", MS_REMOUNT, "size=16m") == 0);
    h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    history_close(h);
    long long stored = raw_int(path, "SELECT count(*) FROM answers");
    long long ended = raw_int(path, "SELECT count(*) FROM sessions WHERE "
                              "outcome = 'quit' AND end_s = 9999");
    long long ordered = raw_int(path, "SELECT count(*) FROM answers a JOIN "
                                "answers b ON b.id = a.id + 1 WHERE b.t_s "
                                "<= a.t_s");
    printf("full disk: %d answers given, %d kept in the journal, %lld in "
           "the database after the next start, %lld lost\n", given, kept,
           stored, given - stored);
    CHECK_INT(lost, ==, 0);
    CHECK_INT(stored, ==, given);
    CHECK_INT(ended, ==, 1);
    CHECK_INT(ordered, ==, 0);
    CHECK_INT(count_companions(path), <=, 3);   /* the journal is gone */
    char *jpath = xasprintf("%s-unsaved-%ld", path, (long)getpid());
    CHECK(access(jpath, F_OK) != 0);
    free(jpath);
    umount2(dir, MNT_DETACH);
    rmdir(dir);
    free(path);
    free(dir);
}

int main(void)
{
    RUN_TEST(test_negative_version_is_refused_before_any_write);
    RUN_TEST(test_foreign_versions_are_refused);
    RUN_TEST(test_damaged_page_is_refused_before_a_session_writes);
    RUN_TEST(test_read_only_creates_nothing);
    RUN_TEST(test_fifo_database_is_named);
    RUN_TEST(test_journal_fields_round_trip);
    RUN_TEST(test_full_disk_loses_no_answer);
    return check_summary("test_history_safety");
}
