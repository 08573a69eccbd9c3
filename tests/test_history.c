/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session history against real SQLite files, including processes
 * killed with SIGKILL at random points while they record answers. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "history/history.h"
#include "tests/check.h"
#include "util/util.h"

static int path_counter;

/* A fresh database path in the test folder. */
static char *new_db_path(const char *name)
{
    return xasprintf("%s/%d-%s", check_tmpdir(), ++path_counter, name);
}

static struct history *open_ok(const char *path)
{
    char *err = NULL;
    struct history *h = history_open(path, &err);
    if (!h)
        check_fail(__FILE__, __LINE__, "history_open(%s): %s", path,
                   err ? err : "(no message)");
    free(err);
    return h;
}

/* Runs one SQL query on the file with SQLite directly; returns the first
 * column of the first row as a new string ("" when no row), NULL on error. */
static char *raw_query(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *result = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        goto out;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto out;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        result = xstrdup(t ? (const char *)t : "");
    } else if (rc == SQLITE_DONE) {
        result = xstrdup("");
    }
    sqlite3_finalize(st);
out:
    if (!result && db)
        fprintf(stderr, "raw_query(%s): %s\n", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
    return result;
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

static char *capture(int (*fn)(struct history *, FILE *, int),
                     struct history *h, int arg, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *rc = fn(h, f, arg);
    fclose(f);
    return buf;
}

static int export_csv_adapter(struct history *h, FILE *out, int unused)
{
    (void)unused;
    return history_export_csv(h, out);
}

/* ---- Schema, file and durability settings ---- */

static void test_open_creates_private_file_and_schema(void)
{
    char *dir = xasprintf("%s/new/data", check_tmpdir());
    char *path = xasprintf("%s/history.db", dir);
    struct history *h = open_ok(path);
    CHECK(h != NULL);
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(history_session_begin(h, "r", "R", 100) > 0);
    char *wal = xasprintf("%s-wal", path);
    CHECK(stat(wal, &st) == 0 && (st.st_mode & 0777) == 0600);
    history_close(h);

    char *v = raw_query(path, "PRAGMA user_version");
    CHECK_STR(v, "3");
    char *m = raw_query(path, "PRAGMA journal_mode");
    CHECK_STR(m, "wal");
    free(v);
    free(m);
    free(wal);
    free(path);
    free(dir);
}

static void test_default_path_follows_data_dir(void)
{
    char *p = history_default_path("/x/y");
    CHECK_STR(p, "/x/y/history.db");
    free(p);
    char *old = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME"))
                                        : NULL;
    setenv("XDG_DATA_HOME", "/data/home", 1);
    p = history_default_path(NULL);
    CHECK_STR(p, "/data/home/unknot/history.db");
    free(p);
    if (old)
        setenv("XDG_DATA_HOME", old, 1);
    else
        unsetenv("XDG_DATA_HOME");
    free(old);
}

static void test_reopen_keeps_data(void)
{
    char *path = new_db_path("reopen.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "calves", "Calves", 1000);
    CHECK(history_record_answer(h, s, 1010, "soreness", 4, "s1",
                                "calves") == 0);
    history_close(h);
    h = open_ok(path);
    CHECK_INT(history_session_answers(h, s, NULL, NULL), ==, 1);
    history_close(h);
    free(path);
}

/* ---- Sessions and answers ---- */

struct answers_seen {
    int n;
    char text[1024];
};

static void collect_answer(const struct history_answer *a, void *user)
{
    struct answers_seen *seen = user;
    size_t len = strlen(seen->text);
    snprintf(seen->text + len, sizeof seen->text - len, "%lld %s=%d %s %s;",
             a->t_s, a->question, a->value, a->step ? a->step : "-",
             a->region ? a->region : "-");
    seen->n++;
}

static void test_session_round_trip(void)
{
    char *path = new_db_path("round.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "lower-body", "Lower body",
                                      1700000000);
    CHECK(s > 0);
    CHECK(history_record_answer(h, s, 1700000001, "daily-unwell", 0, NULL,
                                NULL) == 0);
    CHECK(history_record_answer(h, s, 1700000100, "soreness", 3,
                                "calves-1", "calves") == 0);
    CHECK(history_record_answer(h, s, 1700000200, "tingling", 1,
                                "hams-1", "hamstrings") == 0);
    CHECK(history_session_end(h, s, 1700000300, "stopped",
                              "tingling-stop") == 0);

    struct answers_seen seen = { 0 };
    CHECK_INT(history_session_answers(h, s, collect_answer, &seen), ==, 3);
    CHECK_STR(seen.text,
              "1700000001 daily-unwell=0 - -;"
              "1700000100 soreness=3 calves-1 calves;"
              "1700000200 tingling=1 hams-1 hamstrings;");

    struct history_session last;
    CHECK_INT(history_last_session(h, 1700000400, &last), ==, 1);
    CHECK_INT(last.id, ==, s);
    CHECK_STR(last.routine, "lower-body");
    CHECK_INT(last.start_s, ==, 1700000000);
    CHECK_INT(last.end_s, ==, 1700000300);
    CHECK_STR(last.outcome, "stopped");
    CHECK_STR(last.rule, "tingling-stop");
    history_close(h);
    free(path);
}

static void test_unended_session_is_interrupted(void)
{
    char *path = new_db_path("interrupted.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "neck", "Neck", 500);
    CHECK(history_record_answer(h, s, 520, "soreness", 2, "a", "upper-back")
          == 0);
    history_close(h);   /* never ended, as when the process dies */

    h = open_ok(path);
    struct history_session last;
    CHECK_INT(history_last_session(h, 1000, &last), ==, 1);
    CHECK_STR(last.outcome, "interrupted");
    CHECK_INT(last.end_s, ==, 0);
    CHECK_STR(last.rule, "");
    history_close(h);
    free(path);
}

static void test_last_session_lookup(void)
{
    char *path = new_db_path("last.db");
    struct history *h = open_ok(path);
    struct history_session last;
    CHECK_INT(history_last_session(h, 999999, &last), ==, 0);
    int64_t a = history_session_begin(h, "a", "", 100);
    int64_t b = history_session_begin(h, "b", "", 300);
    int64_t c = history_session_begin(h, "c", "", 200);   /* out of order */
    CHECK(history_session_end(h, a, 150, "completed", NULL) == 0);
    CHECK(history_session_end(h, b, 350, "quit", "") == 0);

    CHECK_INT(history_last_session(h, 100, &last), ==, 0);  /* strictly */
    CHECK_INT(history_last_session(h, 101, &last), ==, 1);
    CHECK_INT(last.id, ==, a);
    CHECK_STR(last.outcome, "completed");
    CHECK_STR(last.rule, "");
    CHECK_INT(history_last_session(h, 300, &last), ==, 1);
    CHECK_INT(last.id, ==, c);
    CHECK_STR(last.outcome, "interrupted");
    CHECK_INT(history_last_session(h, 10000, &last), ==, 1);
    CHECK_INT(last.id, ==, b);
    CHECK_STR(last.outcome, "quit");
    CHECK_STR(last.rule, "");     /* an empty rule is stored as none */

    /* A long non-ASCII name is cut at a character boundary. */
    char name[300] = "";
    for (int i = 0; i < 100; i++)
        strcat(name, "é");    /* 2 bytes each */
    CHECK(history_session_begin(h, name, "", 20000) > 0);
    CHECK_INT(history_last_session(h, 30000, &last), ==, 1);
    CHECK_INT(strlen(last.routine), ==, 126);
    CHECK(utf8_valid(last.routine, strlen(last.routine), NULL));
    history_close(h);
    free(path);
}

struct soreness_seen {
    char text[512];
};

static void collect_soreness(const char *region, int value, void *user)
{
    struct soreness_seen *seen = user;
    size_t len = strlen(seen->text);
    snprintf(seen->text + len, sizeof seen->text - len, "%s=%d;", region,
             value);
}

static void test_soreness_per_region(void)
{
    char *path = new_db_path("soreness.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "r", "", 10);
    int64_t other = history_session_begin(h, "r", "", 20);
    CHECK(history_record_answer(h, s, 11, "soreness", 3, "s1", "calves")
          == 0);
    CHECK(history_record_answer(h, s, 12, "soreness", 6, "s2", "calves")
          == 0);
    CHECK(history_record_answer(h, s, 13, "soreness", 5, "s3", "calves")
          == 0);
    CHECK(history_record_answer(h, s, 14, "soreness-after", 4, "s4",
                                "quadriceps") == 0);
    CHECK(history_record_answer(h, s, 15, "soreness", 2, "s5",
                                "hamstrings") == 0);
    /* Not soreness: other questions, and answers without a region. */
    CHECK(history_record_answer(h, s, 16, "sharp-pain", 1, "s5",
                                "hamstrings") == 0);
    CHECK(history_record_answer(h, s, 17, "sorenessx", 9, "s5",
                                "hamstrings") == 0);
    CHECK(history_record_answer(h, s, 18, "soreness", 9, NULL, NULL) == 0);
    CHECK(history_record_answer(h, other, 21, "soreness", 10, "s1",
                                "calves") == 0);

    struct soreness_seen seen = { "" };
    CHECK(history_session_soreness(h, s, collect_soreness, &seen) == 0);
    CHECK_STR(seen.text, "calves=6;hamstrings=2;quadriceps=4;");
    CHECK(history_is_soreness_question("soreness"));
    CHECK(history_is_soreness_question("soreness-next-day"));
    CHECK(!history_is_soreness_question("sorenessx"));
    CHECK(!history_is_soreness_question("tingling"));
    history_close(h);
    free(path);
}

static void test_screening_round_trip(void)
{
    char *path = new_db_path("screen.db");
    struct history *h = open_ok(path);
    int value = -1;
    CHECK_INT(history_screening_time(h), ==, 0);
    CHECK_INT(history_screening_answer(h, "screen-clots", &value), ==, 0);

    const char *q1[] = { "screen-clots", "screen-osteoporosis" };
    int v1[] = { 0, 1 };
    CHECK(history_save_screening(h, 1000, q1, v1, 2) == 0);
    CHECK_INT(history_screening_time(h), ==, 1000);
    CHECK_INT(history_screening_answer(h, "screen-osteoporosis", &value), ==,
              1);
    CHECK_INT(value, ==, 1);

    /* A later screening replaces the earlier one as a whole. */
    const char *q2[] = { "screen-clots" };
    int v2[] = { 1 };
    CHECK(history_save_screening(h, 5000, q2, v2, 1) == 0);
    CHECK_INT(history_screening_time(h), ==, 5000);
    CHECK_INT(history_screening_answer(h, "screen-clots", &value), ==, 1);
    CHECK_INT(value, ==, 1);
    CHECK_INT(history_screening_answer(h, "screen-osteoporosis", &value), ==,
              0);

    /* A bad screening is refused whole: the last good one stays. */
    const char *q3[] = { "screen-clots", "screen-clots" };
    int v3[] = { 0, 0 };
    CHECK(history_save_screening(h, 9000, q3, v3, 2) == -1);
    CHECK_CONTAINS(history_error(h), "UNIQUE");
    CHECK_INT(history_screening_time(h), ==, 5000);
    int v4[] = { 0, 11 };
    CHECK(history_save_screening(h, 9000, q1, v4, 2) == -1);
    CHECK_CONTAINS(history_error(h), "outside 0..10");
    CHECK_INT(history_screening_time(h), ==, 5000);
    history_close(h);
    free(path);
}

static void test_bad_input_is_refused_with_message(void)
{
    char *path = new_db_path("bad.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "r", "", 10);
    CHECK(history_record_answer(h, s, 11, "soreness", 11, NULL, NULL) == -1);
    CHECK_CONTAINS(history_error(h), "outside 0..10");
    CHECK(history_record_answer(h, s, 11, "soreness", -1, NULL, NULL) == -1);
    CHECK(history_record_answer(h, s, 11, "", 1, NULL, NULL) == -1);
    CHECK(history_record_answer(h, s + 99, 11, "soreness", 1, NULL, NULL)
          == -1);
    CHECK_CONTAINS(history_error(h), "FOREIGN KEY constraint failed");
    CHECK(history_session_end(h, s, 20, "finished", NULL) == -1);
    CHECK_CONTAINS(history_error(h), "'finished'");
    CHECK(history_session_end(h, s + 99, 20, "quit", NULL) == -1);
    CHECK_CONTAINS(history_error(h), "no such session");
    CHECK(history_session_begin(h, "", "", 10) == -1);
    CHECK_INT(history_session_answers(h, s, NULL, NULL), ==, 0);
    history_close(h);
    history_close(NULL);
    free(path);
}

/* ---- Output ---- */

static void use_utc(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
}

static void test_print_sessions(void)
{
    use_utc();
    char *path = new_db_path("print.db");
    struct history *h = open_ok(path);
    int rc;
    char *out = capture(history_print_sessions, h, 20, &rc);
    CHECK(rc == 0);
    CHECK_STR(out, "No sessions recorded yet.\n");
    free(out);

    /* 2023-11-14 22:13:20 UTC */
    int64_t a = history_session_begin(h, "lower-body", "", 1700000000);
    CHECK(history_record_answer(h, a, 1700000060, "soreness", 3, "s",
                                "calves") == 0);
    CHECK(history_record_answer(h, a, 1700000090, "soreness", 7, "s",
                                "quadriceps") == 0);
    CHECK(history_session_end(h, a, 1700000725, "stopped", "soreness-high")
          == 0);
    int64_t b = history_session_begin(h, "épaules", "", 1700086400);
    CHECK(history_record_answer(h, b, 1700086590, "daily-unwell", 0, NULL,
                                NULL) == 0);
    int64_t c = history_session_begin(h, "upper-back", "", 1700172800);
    CHECK(history_session_end(h, c, 1700176461, "completed", NULL) == 0);

    out = capture(history_print_sessions, h, 20, &rc);
    CHECK(rc == 0);
    CHECK_STR(out,
        "Date              Routine     Duration  Outcome      Stop rule      "
        "Adjusted by  Max soreness\n"
        "2023-11-16 22:13  upper-back  1:01:01   completed    -              "
        "-            -\n"
        "2023-11-15 22:13  épaules     3:10+     interrupted  -              "
        "-            -\n"
        "2023-11-14 22:13  lower-body  12:05     stopped      soreness-high  "
        "-            7\n");
    free(out);

    out = capture(history_print_sessions, h, 1, &rc);
    CHECK(rc == 0);
    CHECK_CONTAINS(out, "upper-back");
    CHECK(!strstr(out, "lower-body"));
    CHECK_CONTAINS(out, "(1 of 3 sessions; --limit 0 lists all)");
    free(out);
    out = capture(history_print_sessions, h, 0, &rc);
    CHECK_CONTAINS(out, "lower-body");
    CHECK(!strstr(out, " of 3 "));
    free(out);
    history_close(h);
    free(path);
}

/* A strict RFC 4180 reader: fills fields[row][col], returns the number of
 * rows or -1 when the text is not well-formed CSV with CRLF endings. */
#define CSV_MAX_ROWS 16
#define CSV_MAX_COLS 20
static int csv_parse(const char *s, char *fields[CSV_MAX_ROWS][CSV_MAX_COLS],
                     int ncols[CSV_MAX_ROWS])
{
    int row = 0, col = 0;
    while (*s) {
        if (row >= CSV_MAX_ROWS || col >= CSV_MAX_COLS)
            return -1;
        char *buf = xmalloc(strlen(s) + 1);
        size_t n = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s) {
                    free(buf);
                    return -1;
                }
                if (*s == '"' && s[1] == '"') {
                    buf[n++] = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    buf[n++] = *s++;
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n') {
                if (*s == '"') {
                    free(buf);
                    return -1;
                }
                buf[n++] = *s++;
            }
        }
        buf[n] = '\0';
        fields[row][col++] = buf;
        if (*s == ',') {
            s++;
        } else if (s[0] == '\r' && s[1] == '\n') {
            ncols[row++] = col;
            col = 0;
            s += 2;
        } else {
            return -1;  /* bare LF, or text after a closing quote */
        }
    }
    return col == 0 ? row : -1;
}

static void test_csv_export_quoting(void)
{
    use_utc();
    char *path = new_db_path("csv.db");
    struct history *h = open_ok(path);
    const char *title = "Hips, \"gentle\"\nversion — 股関節";
    int64_t s = history_session_begin(h, "hips", title, 1700000000);
    CHECK(history_record_answer(h, s, 1700000042, "soreness", 4,
                                "step, one", "glutes") == 0);
    CHECK(history_record_answer(h, s, 1700000050, "cold\r\nfeet", 1,
                                "\"quoted\"", NULL) == 0);
    CHECK(history_session_end(h, s, 1700000600, "completed", NULL) == 0);
    int64_t empty = history_session_begin(h, "calves", "", 1700003600);
    const char *q[] = { "screen-clots" };
    int v[] = { 0 };
    CHECK(history_save_screening(h, 1699999000, q, v, 1) == 0);

    int rc;
    char *out = capture(export_csv_adapter, h, 0, &rc);
    CHECK(rc == 0);
    CHECK(str_starts_with(out,
          "record,session,routine,routine_title,session_start,session_end,"
          "duration_s,outcome,stop_rule,answer_time,elapsed_s,question,"
          "value,step,region\r\n"));
    /* The title exactly as RFC 4180 writes it. */
    CHECK_CONTAINS(out, ",\"Hips, \"\"gentle\"\"\nversion — 股関節\",");

    char *f[CSV_MAX_ROWS][CSV_MAX_COLS] = { { 0 } };
    int ncols[CSV_MAX_ROWS] = { 0 };
    int rows = csv_parse(out, f, ncols);
    CHECK_INT(rows, ==, 5);
    for (int r = 0; r < rows; r++)
        CHECK_INT(ncols[r], ==, 15);
    if (rows == 5) {
        /* Screening first: it is the earliest. */
        CHECK_STR(f[1][0], "screening");
        CHECK_STR(f[1][1], "");
        CHECK_STR(f[1][9], "2023-11-14T21:56:40+00:00");
        CHECK_STR(f[1][11], "screen-clots");
        CHECK_STR(f[1][12], "0");

        CHECK_STR(f[2][0], "session");
        char id[32];
        snprintf(id, sizeof id, "%" PRId64, s);
        CHECK_STR(f[2][1], id);
        CHECK_STR(f[2][2], "hips");
        CHECK_STR(f[2][3], title);
        CHECK_STR(f[2][4], "2023-11-14T22:13:20+00:00");
        CHECK_STR(f[2][5], "2023-11-14T22:23:20+00:00");
        CHECK_STR(f[2][6], "600");
        CHECK_STR(f[2][7], "completed");
        CHECK_STR(f[2][8], "");
        CHECK_STR(f[2][9], "2023-11-14T22:14:02+00:00");
        CHECK_STR(f[2][10], "42");
        CHECK_STR(f[2][11], "soreness");
        CHECK_STR(f[2][12], "4");
        CHECK_STR(f[2][13], "step, one");
        CHECK_STR(f[2][14], "glutes");

        CHECK_STR(f[3][11], "cold\r\nfeet");
        CHECK_STR(f[3][12], "1");
        CHECK_STR(f[3][13], "\"quoted\"");
        CHECK_STR(f[3][14], "");

        /* A session without answers still appears, never ended. */
        snprintf(id, sizeof id, "%" PRId64, empty);
        CHECK_STR(f[4][1], id);
        CHECK_STR(f[4][2], "calves");
        CHECK_STR(f[4][5], "");
        CHECK_STR(f[4][6], "");
        CHECK_STR(f[4][7], "interrupted");
        CHECK_STR(f[4][11], "");
        CHECK_STR(f[4][12], "");
    }
    for (int r = 0; r < CSV_MAX_ROWS; r++)
        for (int c = 0; c < CSV_MAX_COLS; c++)
            free(f[r][c]);
    free(out);
    history_close(h);
    free(path);
}

/* ---- Files that must be refused and left alone ---- */

static void expect_refused(const char *path, const char *message)
{
    size_t before_len = 0, after_len = 0;
    char *before = check_read_file(path, &before_len);
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h == NULL);
    history_close(h);
    CHECK(err != NULL);
    if (err) {
        CHECK(str_starts_with(err, path));
        CHECK_CONTAINS(err, ": error: ");
        CHECK_CONTAINS(err, message);
        CHECK_CONTAINS(err, "left unchanged");
    }
    free(err);
    /* Read-only opening refuses it the same way. */
    struct history_options ro = { .read_only = true };
    h = history_open_with(path, &ro, &err);
    CHECK(h == NULL);
    if (err)
        CHECK_CONTAINS(err, message);
    free(err);
    char *after = check_read_file(path, &after_len);
    CHECK(before && after && before_len == after_len
          && memcmp(before, after, before_len) == 0);
    free(before);
    free(after);
}

static void test_not_a_database_is_left_alone(void)
{
    const char text[] = "date,routine\n2023-01-01,calves\n"
                        "this is the user's own notes file, not SQLite\n";
    char *path = check_write_file("notes.db", text, sizeof text - 1);
    expect_refused(path, "file is not a database");
    free(path);
}

static void test_corrupt_database_is_left_alone(void)
{
    char *path = new_db_path("corrupt.db");
    struct history *h = open_ok(path);
    int64_t s = history_session_begin(h, "r", "", 1);
    CHECK(history_record_answer(h, s, 2, "soreness", 1, NULL, NULL) == 0);
    history_close(h);
    /* Keep SQLite's 100-byte header, overwrite the schema page after it. */
    size_t len = 0;
    char *data = check_read_file(path, &len);
    CHECK(data && len >= 4096);
    if (data && len >= 4096) {
        for (size_t i = 100; i < len; i++)
            data[i] = (char)(i * 37 + 11);
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(data, 1, len, f) == len);
        if (f)
            fclose(f);
        expect_refused(path, "malformed");
    }
    free(data);
    free(path);
}

static void test_newer_schema_is_left_alone(void)
{
    char *path = new_db_path("newer.db");
    struct history *h = open_ok(path);
    CHECK(history_session_begin(h, "r", "", 1) > 0);
    history_close(h);
    CHECK(raw_exec(path, "PRAGMA user_version = 7") == 0);
    expect_refused(path, "newer version of unknot (history schema 7");
    free(path);
}

static void test_other_sqlite_database_is_left_alone(void)
{
    char *path = new_db_path("other.db");
    CHECK(raw_exec(path, "PRAGMA journal_mode = DELETE;"
                         "CREATE TABLE recipes (name TEXT);"
                         "INSERT INTO recipes VALUES ('soup');") == 0);
    expect_refused(path, "not an unknot history");
    free(path);
}

static void test_read_only(void)
{
    char *missing = new_db_path("missing.db");
    struct history_options ro = { .read_only = true };
    char *err = NULL;
    CHECK(history_open_with(missing, &ro, &err) == NULL);
    CHECK_CONTAINS(err, "no such file");
    free(err);
    CHECK(access(missing, F_OK) != 0);   /* nothing created */

    /* An empty file reads as an empty history. */
    char *empty = check_write_file("empty.db", "", 0);
    struct history *h = history_open_with(empty, &ro, NULL);
    CHECK(h != NULL);
    if (h) {
        int rc;
        char *out = capture(history_print_sessions, h, 0, &rc);
        CHECK(rc == 0);
        CHECK_STR(out, "No sessions recorded yet.\n");
        free(out);
        struct history_session last;
        CHECK_INT(history_last_session(h, 100, &last), ==, 0);
        CHECK_INT(history_screening_time(h), ==, 0);
        CHECK(history_session_begin(h, "r", "", 1) == -1);
        CHECK_CONTAINS(history_error(h), "read-only");
        history_close(h);
    }
    size_t len = 1;
    free(check_read_file(empty, &len));
    CHECK_INT(len, ==, 0);

    /* A reader sees a writer's commits while the writer keeps going. */
    char *path = new_db_path("shared.db");
    struct history *w = open_ok(path);
    int64_t s = history_session_begin(w, "r", "", 1);
    CHECK(history_record_answer(w, s, 2, "soreness", 5, "x", "calves") == 0);
    struct history *r = history_open_with(path, &ro, NULL);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(history_session_answers(r, s, NULL, NULL), ==, 1);
        CHECK(history_record_answer(w, s, 3, "soreness", 6, "x", "calves")
              == 0);
        CHECK_INT(history_session_answers(r, s, NULL, NULL), ==, 2);
        history_close(r);
    }
    history_close(w);
    free(path);
    free(empty);
    free(missing);
}

/* ---- SIGKILL at random points ---- */

enum { MSG_BEGIN = 1, MSG_ANSWER, MSG_END, MSG_SCREEN, MSG_FAIL };

/* Written to the pipe after the call it reports has returned; small
 * enough that each write is atomic. */
struct kill_msg {
    int32_t kind;
    int32_t seq;        /* answer number within the session */
    int64_t session;
};

/* What an answer holds is a function of where it was given, so the parent
 * can check every value it was told about. */
static int kill_value(int64_t session, int seq)
{
    return (int)((session * 7 + seq) % 11);
}

static void kill_question(char *buf, size_t size, int seq)
{
    if (seq % 3 == 0)
        snprintf(buf, size, "soreness");
    else
        snprintf(buf, size, "q-%d, \"%d\"", seq, seq);
}

static void send_msg(int fd, int kind, int64_t session, int seq)
{
    struct kill_msg m = { kind, seq, session };
    if (write(fd, &m, sizeof m) != (ssize_t)sizeof m)
        _exit(3);
}

/* The child: records sessions as a coach would, forever, reporting each
 * committed write. */
static void __attribute__((noreturn))
kill_child(const char *path, int fd, long long base_s)
{
    struct history *h = history_open(path, NULL);
    if (!h) {
        send_msg(fd, MSG_FAIL, 0, 0);
        _exit(1);
    }
    for (int n = 0;; n++) {
        long long t = base_s + n * 100;
        int64_t s = history_session_begin(h, "kill-test", "Kill, \"test\"",
                                          t);
        if (s < 0)
            break;
        send_msg(fd, MSG_BEGIN, s, 0);
        for (int i = 0; i < 3 + n % 5; i++) {
            char q[32], step[24];
            kill_question(q, sizeof q, i);
            snprintf(step, sizeof step, "step-%d", i);
            if (history_record_answer(h, s, t + i + 1, q, kill_value(s, i),
                                      step, "calves") != 0)
                goto fail;
            send_msg(fd, MSG_ANSWER, s, i);
        }
        if (n % 4 == 3) {
            const char *sq[] = { "screen-a", "screen-b", "screen-c" };
            int sv[] = { 0, 1, (int)(s % 2) };
            if (history_save_screening(h, t + 50, sq, sv, 3) != 0)
                goto fail;
            send_msg(fd, MSG_SCREEN, s, 0);
        }
        if (history_session_end(h, s, t + 60, "completed", NULL) != 0)
            goto fail;
        send_msg(fd, MSG_END, s, 0);
    }
fail:
    fprintf(stderr, "kill child: %s\n", history_error(h));
    send_msg(fd, MSG_FAIL, 0, 0);
    _exit(1);
}

/* What the parent was told during one run. */
struct kill_log {
    struct kill_msg *m;
    size_t count, cap;
};

/* Reads one message; 1 read, 0 end of file, -1 timeout or error. */
static int read_msg(int fd, struct kill_msg *m, int timeout_ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int rc = poll(&p, 1, timeout_ms);
    if (rc <= 0)
        return -1;
    ssize_t n = read(fd, m, sizeof *m);
    if (n == 0)
        return 0;
    return n == (ssize_t)sizeof *m ? 1 : -1;
}

/* Spins for a random time: this places the kill at a random point of the
 * child's next write (inside a commit, an fsync, between statements). */
static void spin_us(long us)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long end = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 + us;
    long long now;
    do {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        now = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    } while (now < end);
}

static int count_rows(const char *path, const char *sql)
{
    char *v = raw_query(path, sql);
    int n = v ? atoi(v) : -1;
    free(v);
    return n;
}

/* Checks the file after a kill against everything reported committed. */
static void kill_verify(const char *path, const struct kill_log *log,
                        int run)
{
    /* Killed before it even created the file (run 0 only): nothing to
     * check, nothing was reported. */
    if (access(path, F_OK) != 0 && log->count == 0)
        return;
    char *ic = raw_query(path, "PRAGMA integrity_check");
    if (!ic || strcmp(ic, "ok") != 0)
        check_fail(__FILE__, __LINE__, "run %d: integrity_check: %s", run,
                   ic ? ic : "(failed)");
    free(ic);

    /* The application opens it, as the next coach would. */
    struct history *h = open_ok(path);
    if (!h)
        return;
    for (size_t i = 0; i < log->count; i++) {
        const struct kill_msg *m = &log->m[i];
        char *sql;
        int n;
        switch (m->kind) {
        case MSG_BEGIN:
            sql = xasprintf("SELECT count(*) FROM sessions WHERE id = %lld",
                            (long long)m->session);
            n = count_rows(path, sql);
            if (n != 1)
                check_fail(__FILE__, __LINE__, "run %d: session %lld lost",
                           run, (long long)m->session);
            free(sql);
            break;
        case MSG_ANSWER: {
            char q[32];
            kill_question(q, sizeof q, m->seq);
            sql = sqlite3_mprintf("SELECT count(*) FROM answers WHERE "
                                  "session_id = %lld AND question = %Q "
                                  "AND value = %d AND step = 'step-%d'",
                                  (long long)m->session, q,
                                  kill_value(m->session, m->seq), m->seq);
            n = count_rows(path, sql);
            if (n != 1)
                check_fail(__FILE__, __LINE__,
                           "run %d: answer %d of session %lld: %d rows",
                           run, m->seq, (long long)m->session, n);
            sqlite3_free(sql);
            break;
        }
        case MSG_END:
            sql = xasprintf("SELECT count(*) FROM sessions WHERE id = %lld "
                            "AND outcome = 'completed'",
                            (long long)m->session);
            if (count_rows(path, sql) != 1)
                check_fail(__FILE__, __LINE__, "run %d: end of %lld lost",
                           run, (long long)m->session);
            free(sql);
            break;
        case MSG_SCREEN:
            sql = xasprintf("SELECT count(*) FROM screenings WHERE t_s = "
                            "(SELECT start_s + 50 FROM sessions WHERE id = "
                            "%lld)", (long long)m->session);
            if (count_rows(path, sql) != 1)
                check_fail(__FILE__, __LINE__, "run %d: screening of %lld "
                           "lost", run, (long long)m->session);
            free(sql);
            break;
        default:
            break;
        }
    }
    /* Nothing half-written: every screening is whole, and a session the
     * child was in when killed reads as interrupted (or completed when
     * its end committed just before the kill). */
    CHECK_INT(count_rows(path, "SELECT count(*) FROM screenings c WHERE "
                         "(SELECT count(*) FROM screening_answers a WHERE "
                         "a.screening_id = c.id) != 3"), ==, 0);
    CHECK_INT(count_rows(path, "SELECT count(*) FROM sessions WHERE outcome "
                         "NOT IN ('completed', 'interrupted') OR (outcome "
                         "= 'interrupted') != (end_s IS NULL)"), ==, 0);
    history_close(h);
}

static void test_sigkill_loses_nothing_committed(void)
{
    char *path = new_db_path("kill.db");
    unsigned seed = getenv("KILL_SEED") ? (unsigned)atoi(getenv("KILL_SEED"))
                                        : (unsigned)time(NULL);
    srand(seed);
    long long t0 = util_now_ms();
    int runs = 0, reported_answers = 0;
    struct kill_log log = { 0 };
    /* 30 runs, but never more than about 12 s on a slow machine. */
    while (runs < 30 && util_now_ms() - t0 < 12000) {
        int fds[2];
        if (pipe(fds) != 0) {
            check_fail(__FILE__, __LINE__, "pipe: %s", strerror(errno));
            break;
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            kill_child(path, fds[1], (long long)runs * 100000);
        }
        close(fds[1]);
        if (pid < 0) {
            check_fail(__FILE__, __LINE__, "fork: %s", strerror(errno));
            close(fds[0]);
            break;
        }
        /* Kill after a random number of reported writes (0: while it is
         * still opening or creating the schema), plus a random delay. */
        int target = rand() % 40;
        bool failed = false;
        log.count = 0;
        while ((int)log.count < target) {
            struct kill_msg m;
            if (read_msg(fds[0], &m, 10000) != 1 || m.kind == MSG_FAIL) {
                failed = true;
                break;
            }
            log.m = xgrow(log.m, &log.cap, log.count + 1, sizeof *log.m);
            log.m[log.count++] = m;
        }
        spin_us(rand() % 3000);
        kill(pid, SIGKILL);
        /* Reports already in the pipe were committed before the kill. */
        struct kill_msg m;
        int r;
        while ((r = read_msg(fds[0], &m, 10000)) == 1) {
            if (m.kind == MSG_FAIL)
                failed = true;
            log.m = xgrow(log.m, &log.cap, log.count + 1, sizeof *log.m);
            log.m[log.count++] = m;
        }
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        if (failed || r < 0 || !WIFSIGNALED(status)) {
            check_fail(__FILE__, __LINE__, "run %d (seed %u): child failed "
                       "(status %d)", runs, seed, status);
            break;
        }
        for (size_t i = 0; i < log.count; i++)
            reported_answers += log.m[i].kind == MSG_ANSWER;
        kill_verify(path, &log, runs);
        runs++;
    }
    free(log.m);
    printf("sigkill: %d runs, %d answers reported committed, all present "
           "(seed %u, %lld ms)\n", runs, reported_answers, seed,
           util_now_ms() - t0);
    CHECK(runs >= 10);
    CHECK(reported_answers > 0);
    free(path);
}

/* A kill while the very first open is creating the file, switching it to
 * WAL or writing the schema leaves a file the next open completes. */
static void test_sigkill_during_first_open(void)
{
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    int killed = 0, runs;
    for (runs = 0; runs < 15; runs++) {
        char *path = new_db_path("first-open.db");
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            struct history *h = history_open(path, NULL);
            if (h)
                history_session_begin(h, "first", "", 1);
            _exit(h ? 0 : 1);
        }
        CHECK(pid > 0);
        if (pid < 0) {
            free(path);
            break;
        }
        spin_us(rand() % 45000);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) || WEXITSTATUS(status) == 0);
        killed += WIFSIGNALED(status);

        /* The file may not exist yet; when it does it must open. */
        struct history *h = open_ok(path);
        CHECK(h != NULL);
        if (h) {
            CHECK(history_session_begin(h, "after", "", 2) > 0);
            history_close(h);
        }
        char *ic = raw_query(path, "PRAGMA integrity_check");
        CHECK_STR(ic, "ok");
        free(ic);
        char *v = raw_query(path, "PRAGMA user_version");
        CHECK_STR(v, "3");
        free(v);
        free(path);
    }
    printf("first open: %d of %d runs killed before open, first write "
           "and close finished\n", killed, runs);
}

int main(void)
{
    RUN_TEST(test_open_creates_private_file_and_schema);
    RUN_TEST(test_default_path_follows_data_dir);
    RUN_TEST(test_reopen_keeps_data);
    RUN_TEST(test_session_round_trip);
    RUN_TEST(test_unended_session_is_interrupted);
    RUN_TEST(test_last_session_lookup);
    RUN_TEST(test_soreness_per_region);
    RUN_TEST(test_screening_round_trip);
    RUN_TEST(test_bad_input_is_refused_with_message);
    RUN_TEST(test_print_sessions);
    RUN_TEST(test_csv_export_quoting);
    RUN_TEST(test_not_a_database_is_left_alone);
    RUN_TEST(test_corrupt_database_is_left_alone);
    RUN_TEST(test_newer_schema_is_left_alone);
    RUN_TEST(test_other_sqlite_database_is_left_alone);
    RUN_TEST(test_read_only);
    RUN_TEST(test_sigkill_loses_nothing_committed);
    RUN_TEST(test_sigkill_during_first_open);
    return check_summary("test_history");
}
