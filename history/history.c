/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See history.h.  Schema and durability choices are explained here. */
#include "history/history.h"
#include "history/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "history/journal.h"
#include "util/escape.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/util.h"

/* "Unkt": lets us tell our own file from any other SQLite database a user
 * might point --db at, so we never add tables to someone else's file. */
#define HISTORY_APPLICATION_ID 0x556e6b74

/* A writer waits this long for another writer (a second coach, a backup
 * tool holding a lock) before giving up with "database is locked".  Answers
 * are recorded between holds, never inside a timed phase, so a wait here
 * delays a question, not a countdown.  Readers never block us under WAL. */
#define HISTORY_BUSY_TIMEOUT_MS 5000

/*
 * The schema, one step per version: migrations[v] takes a file from
 * user_version v to v + 1 inside one transaction, so a file is always at
 * exactly one known version.  Never edit a released step; add one.
 *
 * sessions.outcome starts as 'interrupted' and is overwritten only by
 * history_session_end(): a session whose process was killed keeps it with
 * no further work.  end_s stays NULL in that case.
 */
static const char *const migrations[HISTORY_SCHEMA_VERSION] = {
    /* 0 -> 1 */
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  routine TEXT NOT NULL,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  start_s INTEGER NOT NULL,"
    "  end_s INTEGER,"
    "  outcome TEXT NOT NULL DEFAULT 'interrupted' CHECK (outcome IN"
    "    ('interrupted', 'completed', 'stopped', 'quit')),"
    "  rule TEXT"
    ");"
    "CREATE INDEX sessions_by_start ON sessions (start_s);"
    "CREATE TABLE answers ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions (id),"
    "  t_s INTEGER NOT NULL,"
    "  question TEXT NOT NULL,"
    "  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),"
    "  step TEXT,"
    "  region TEXT"
    ");"
    "CREATE INDEX answers_by_session ON answers (session_id);"
    "CREATE TABLE screenings ("
    "  id INTEGER PRIMARY KEY,"
    "  t_s INTEGER NOT NULL"
    ");"
    "CREATE TABLE screening_answers ("
    "  screening_id INTEGER NOT NULL REFERENCES screenings (id),"
    "  question TEXT NOT NULL,"
    "  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),"
    "  PRIMARY KEY (screening_id, question)"
    ");",
    /* 1 -> 2: the cross-session memory per body region (coach/memory.h),
     * an append-only log: "worked", "soreness" and "next-day" with a
     * value, "rest" until a time, "bruise" until "bruise-gone". */
    "CREATE TABLE region_memory ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER REFERENCES sessions (id),"
    "  t_s INTEGER NOT NULL,"
    "  region TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('worked', 'soreness', 'next-day',"
    "    'rest', 'bruise', 'bruise-gone')),"
    "  value INTEGER CHECK (value IS NULL OR value BETWEEN 0 AND 10),"
    "  until_s INTEGER"
    ");"
    "CREATE INDEX region_memory_by_time ON region_memory (t_s);",
    /* 2 -> 3: every rule that fired, not only the one that ended the
     * session (skipped regions and lighter sessions go on), for the
     * therapist's report.  action is rule_action_name(): "skip-region",
     * "lighter", "stop", "not-start", "urgent". */
    "CREATE TABLE rule_events ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions (id),"
    "  t_s INTEGER NOT NULL,"
    "  rule TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  region TEXT"
    ");"
    "CREATE INDEX rule_events_by_session ON rule_events (session_id);",
};

/* Same test as history_is_soreness_question(), in SQL. */
#define SORENESS_SQL(col) \
    "(" col " = 'soreness' OR substr(" col ", 1, 9) = 'soreness-')"

enum stmt_id {
    ST_BEGIN,
    ST_ANSWER,
    ST_END,
    ST_LAST,
    ST_SORENESS,
    ST_ANSWERS,
    ST_SCREEN_NEW,
    ST_SCREEN_ANSWER,
    ST_SCREEN_TIME,
    ST_SCREEN_GET,
    ST_LIST,
    ST_COUNT_SESSIONS,
    ST_CSV,
    ST_REGION_ADD,
    ST_REGION_READ,
    ST_COUNT
};

/* Prepared once per handle, on first use. */
static const char *const stmt_sql[ST_COUNT] = {
    [ST_BEGIN] =
        "INSERT INTO sessions (routine, title, start_s) VALUES (?, ?, ?)",
    [ST_ANSWER] =
        "INSERT INTO answers (session_id, t_s, question, value, step, region)"
        " VALUES (?, ?, ?, ?, ?, ?)",
    [ST_END] =
        "UPDATE sessions SET end_s = ?, outcome = ?, rule = ? WHERE id = ?",
    [ST_LAST] =
        "SELECT id, routine, start_s, coalesce(end_s, 0), outcome,"
        " coalesce(rule, '') FROM sessions WHERE start_s < ?"
        " ORDER BY start_s DESC, id DESC LIMIT 1",
    [ST_SORENESS] =
        "SELECT region, max(value) FROM answers WHERE session_id = ?"
        " AND region IS NOT NULL AND " SORENESS_SQL("question")
        " GROUP BY region ORDER BY region",
    [ST_ANSWERS] =
        "SELECT t_s, question, value, step, region FROM answers"
        " WHERE session_id = ? ORDER BY id",
    [ST_SCREEN_NEW] = "INSERT INTO screenings (t_s) VALUES (?)",
    [ST_SCREEN_ANSWER] =
        "INSERT INTO screening_answers (screening_id, question, value)"
        " VALUES (?, ?, ?)",
    [ST_SCREEN_TIME] =
        "SELECT t_s FROM screenings ORDER BY t_s DESC, id DESC LIMIT 1",
    [ST_SCREEN_GET] =
        "SELECT value FROM screening_answers WHERE question = ?"
        " AND screening_id = (SELECT id FROM screenings"
        " ORDER BY t_s DESC, id DESC LIMIT 1)",
    [ST_LIST] =
        "SELECT s.start_s, s.routine, s.end_s, s.outcome, s.rule,"
        " (SELECT max(a.value) FROM answers a WHERE a.session_id = s.id"
        "  AND " SORENESS_SQL("a.question") "),"
        " (SELECT max(a.t_s) FROM answers a WHERE a.session_id = s.id)"
        " FROM sessions s ORDER BY s.start_s DESC, s.id DESC LIMIT ?",
    [ST_COUNT_SESSIONS] = "SELECT count(*) FROM sessions",
    /* One row per answer; a session without answers still gets one row
     * (adherence matters to a therapist).  Screenings are merged in by
     * time.  Columns as documented in docs/history.md. */
    [ST_CSV] =
        "SELECT 'session' AS record, s.id, s.routine, s.title, s.start_s,"
        "  s.end_s, s.outcome, s.rule, a.t_s, a.question, a.value, a.step,"
        "  a.region, s.start_s AS k1, s.id AS k2, a.id AS k3"
        " FROM sessions s LEFT JOIN answers a ON a.session_id = s.id"
        " UNION ALL"
        " SELECT 'screening', c.id, NULL, NULL, NULL, NULL, NULL, NULL,"
        "  c.t_s, sa.question, sa.value, NULL, NULL, c.t_s, c.id, sa.rowid"
        " FROM screenings c JOIN screening_answers sa"
        "  ON sa.screening_id = c.id"
        " ORDER BY k1, record, k2, k3",
    [ST_REGION_ADD] =
        "INSERT INTO region_memory (session_id, t_s, region, kind, value,"
        " until_s) VALUES (?, ?, ?, ?, ?, ?)",
    /* The window, plus what is still open however old: rests not over
     * and every bruise record (a later "bruise-gone" closes it). */
    [ST_REGION_READ] =
        "SELECT t_s, coalesce(session_id, 0), region, kind,"
        " coalesce(value, -1), coalesce(until_s, 0) FROM region_memory"
        " WHERE t_s >= ? OR kind IN ('bruise', 'bruise-gone')"
        " OR (kind = 'rest' AND until_s >= ?2)"
        " ORDER BY t_s, id",
};

struct history {
    sqlite3 *db;
    char *path;
    bool read_only;
    bool empty;         /* read-only view of a file with no schema yet */
    sqlite3_stmt *stmt[ST_COUNT];
    int last_rc;        /* SQLite's code for the last failed query */
    char err[512];
    /* Records SQLite could not write (history/journal.h).  Once one is
     * kept there, later ones follow it, so their order is kept too. */
    struct journal *journal;
    bool journaling;
    bool full;          /* the last failure was a full disk */
};

static void set_error(struct history *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_error(struct history *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->err, sizeof h->err, fmt, ap);
    va_end(ap);
}

/* "what: SQLite's message" */
static void set_db_error(struct history *h, const char *what)
{
    set_error(h, "%s: %s", what, sqlite3_errmsg(h->db));
}

const char *history_error(const struct history *h)
{
    if (!h)
        return "no history open";
    return h->err[0] ? h->err : "no error";
}

bool history_is_soreness_question(const char *question)
{
    return question && (!strcmp(question, "soreness")
                        || str_starts_with(question, "soreness-"));
}

char *history_default_path(const char *data_dir)
{
    if (data_dir && *data_dir)
        return path_join(data_dir, "history.db");
    char *dir = paths_data_dir();
    char *p = path_join(dir, "history.db");
    free(dir);
    return p;
}

static sqlite3_stmt *get_stmt(struct history *h, enum stmt_id id)
{
    if (!h->stmt[id]) {
        int rc = sqlite3_prepare_v3(h->db, stmt_sql[id], -1,
                                    SQLITE_PREPARE_PERSISTENT, &h->stmt[id],
                                    NULL);
        if (rc != SQLITE_OK) {
            set_db_error(h, "preparing a query");
            h->stmt[id] = NULL;
            return NULL;
        }
    }
    return h->stmt[id];
}

/* Resets a statement so it holds no read transaction open (an open read
 * would keep the WAL from being checkpointed) and frees its bindings. */
static void done_stmt(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static int bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (!s)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* Runs a write statement to completion.  In autocommit mode, SQLITE_DONE
 * means the transaction is committed (and, with synchronous=FULL, synced).
 * On failure sets the error and returns -1. */
static int step_write(struct history *h, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        h->last_rc = rc;
        set_db_error(h, what);
        done_stmt(st);
        return -1;
    }
    done_stmt(st);
    return 0;
}

static int exec_sql(struct history *h, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        h->last_rc = rc;
        set_error(h, "%s: %s", what, msg ? msg : sqlite3_errmsg(h->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* One integer from a pragma or query; -1 (error set) on failure. */
static int query_int(struct history *h, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK) {
        set_error(h, "%s", sqlite3_errmsg(h->db));
        h->last_rc = rc;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

/* One text value (e.g. what `PRAGMA journal_mode=WAL` settled on). */
static int query_text(struct history *h, const char *sql, char *buf,
                      size_t size)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            snprintf(buf, size, "%s", t ? (const char *)t : "");
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        set_error(h, "%s", sqlite3_errmsg(h->db));
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Reads who wrote the file and at which version.  Fails on a file that is
 * not a database: nothing has been written to it at this point. */
static int read_header(struct history *h, long long *app_id,
                       long long *version, long long *objects)
{
    if (query_int(h, "PRAGMA application_id", app_id) != 0
        || query_int(h, "PRAGMA user_version", version) != 0
        || query_int(h, "SELECT count(*) FROM sqlite_master", objects) != 0)
        return -1;
    return 0;
}

/* Refuses every file this build did not write, before anything is
 * written to it (no schema, no WAL switch): a version it does not know
 * (negative, or newer than HISTORY_SCHEMA_VERSION), a version without our
 * application id, and tables at version 0 (someone else's database).  An
 * empty file (no tables, version 0, no application id) is a new history.
 * Sets a user-facing error that names the way out. */
static int check_header(struct history *h, long long app_id,
                        long long version, long long objects)
{
    bool ours = app_id == HISTORY_APPLICATION_ID;
    if (version < 0 || (version > HISTORY_SCHEMA_VERSION && !ours)) {
        set_error(h, "a SQLite database with a schema version unknot never "
                  "wrote (%lld); it was left unchanged (move it aside and "
                  "unknot starts a new history)", version);
        return -1;
    }
    if (version > HISTORY_SCHEMA_VERSION) {
        set_error(h, "written by a newer version of unknot (history schema "
                  "%lld; this one reads up to %d); it was left unchanged: "
                  "update unknot, or use --db to read another file",
                  version, HISTORY_SCHEMA_VERSION);
        return -1;
    }
    if ((version == 0 && (objects > 0 || app_id != 0))
        || (version > 0 && !ours)) {
        set_error(h, "a SQLite database, but not an unknot history; it was "
                  "left unchanged");
        return -1;
    }
    return 0;
}

/* Before a session writes anything: a file with a damaged page would
 * take a session row and then fail every answer.  PRAGMA quick_check reads
 * every page and checks the b-tree structure, record formats and
 * constraints (it skips only the index-content cross-check of
 * integrity_check); bench_history measures its cost on a long history. */
static int check_integrity(struct history *h)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h->db, "PRAGMA quick_check(1)", -1, &st,
                                NULL);
    char first[200] = "";
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);
            const char *m = t ? (const char *)t : "";
            const char *skip = "*** in database main ***";
            if (str_starts_with(m, skip))
                m += strlen(skip);
            m += strspn(m, " \n");
            snprintf(first, sizeof first, "%s", m);
            for (char *c = first; *c; c++)
                if (*c == '\n' || *c == '\r' || *c == '\t')
                    *c = ' ';
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK) {
        h->last_rc = rc;
        int code = rc & 0xff;
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
            set_error(h, "database disk image is malformed; it was left "
                      "unchanged (move it aside and keep it: see 'When the "
                      "file cannot be used' in docs/history.md)");
        else
            set_error(h, "checking the file: %s", sqlite3_errmsg(h->db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (strcmp(first, "ok") != 0) {
        h->last_rc = SQLITE_CORRUPT;
        set_error(h, "database disk image is malformed (%s); it was left "
                  "unchanged (move it aside and keep it: see 'When the file "
                  "cannot be used' in docs/history.md)", first);
        return -1;
    }
    return 0;
}

/* Brings the schema up to HISTORY_SCHEMA_VERSION in one transaction.
 * BEGIN IMMEDIATE takes the write lock first, then the version is read
 * again: two coaches starting at once migrate the file only once. */
static int migrate(struct history *h)
{
    if (exec_sql(h, "BEGIN IMMEDIATE", "starting the schema update") != 0)
        return -1;
    long long app_id, version, objects;
    if (read_header(h, &app_id, &version, &objects) != 0
        || check_header(h, app_id, version, objects) != 0)
        goto fail;
    for (long long v = version < 0 ? HISTORY_SCHEMA_VERSION : version;
         v < HISTORY_SCHEMA_VERSION; v++)
        if (exec_sql(h, migrations[v], "updating the schema") != 0)
            goto fail;
    if (version < HISTORY_SCHEMA_VERSION) {
        char *sql = xasprintf("PRAGMA application_id = %d;"
                              "PRAGMA user_version = %d;",
                              HISTORY_APPLICATION_ID, HISTORY_SCHEMA_VERSION);
        int rc = exec_sql(h, sql, "updating the schema");
        free(sql);
        if (rc != 0)
            goto fail;
    }
    if (exec_sql(h, "COMMIT", "updating the schema") != 0)
        goto fail;
    return 0;
fail:
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/*
 * Durability.  WAL with synchronous=FULL: a commit appends the changed
 * pages to the -wal file and fsyncs it before sqlite3_step() returns, so
 * every answer is on the disk when history_record_answer() returns.
 * Killing the process cannot lose a committed answer in any journal mode
 * (the data is in the kernel's page cache once written); FULL is what also
 * survives power loss, which is how a Raspberry Pi usually goes down (the
 * plug is pulled).  synchronous=NORMAL in WAL mode syncs only at
 * checkpoints, so a power cut can take back the last answers: not good
 * enough for pain reports a therapist relies on.  WAL over a rollback
 * journal: one sequential append and one fsync per commit instead of
 * writing a journal, the database and several syncs, which is faster and
 * kinder to SD cards, and `unknot history` can read while a coach writes.
 * bench/bench_history.c measures the cost against the alternatives: on an
 * ext4 virtual disk, about 4-5 ms per answer (WAL, FULL) against 0.02 ms
 * (WAL, NORMAL) and 20 ms (rollback journal, FULL).  A user answers at
 * most every few seconds, between holds, so 5 ms is never noticed.
 */
static int set_durability(struct history *h, const struct history_options *o)
{
    char mode[32];
    const char *want = o->journal == HISTORY_JOURNAL_ROLLBACK ? "delete"
                                                              : "wal";
    char *sql = xasprintf("PRAGMA journal_mode = %s", want);
    int rc = query_text(h, sql, mode, sizeof mode);
    free(sql);
    if (rc != 0)
        return -1;
    if (strcmp(mode, want) != 0)
        /* Some file systems (network mounts) cannot share memory for WAL;
         * SQLite keeps its rollback journal, which with synchronous=FULL
         * is as durable, only slower. */
        log_once("history-journal", LOG_WARN, "history",
                 "%s: journal mode %s unavailable, using %s", h->path, want,
                 mode);
    const char *sync = o->sync == HISTORY_SYNC_NORMAL
                       ? "PRAGMA synchronous = NORMAL"
                       : "PRAGMA synchronous = FULL";
    return exec_sql(h, sync, "setting durability");
}

/* Creates the folder (0700) and an empty file (0600) when missing, so that
 * SQLite, which would use the umask, never makes health data readable by
 * other users.  The -wal and -shm files inherit the file's mode. */
static int create_private_file(const char *path, char *errbuf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char *dir = xstrndup(path, (size_t)(slash - path));
        int rc = paths_mkdir_p(dir);
        if (rc != 0)
            snprintf(errbuf, size, "cannot create folder %s: %s", dir,
                     strerror(errno));
        free(dir);
        if (rc != 0)
            return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (errno == EEXIST)
        return 0;
    snprintf(errbuf, size, "cannot create: %s", strerror(errno));
    return -1;
}

struct history *history_open(const char *path, char **err)
{
    return history_open_with(path, NULL, err);
}

static struct history *open_fail(struct history *h, char **err)
{
    if (err)
        *err = xasprintf("%s: error: %s", h->path, h->err);
    history_close(h);
    return NULL;
}

static void journal_replay(struct history *h);

/* "file:PATH?mode=ro" (or with immutable=1), PATH percent-encoded where
 * a URI needs it, for sqlite3_open_v2(SQLITE_OPEN_URI). */
static char *read_only_uri(const char *path, bool immutable)
{
    size_t n = strlen(path);
    char *uri = xmalloc(3 * n + 40);
    char *o = uri;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    strcpy(o, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
    return uri;
}

/* Is the file in WAL mode with a -wal file beside it (a writer running,
 * or a crash left committed answers there)?  Then a reader must use the
 * WAL index; otherwise everything is in the main file. */
static bool has_live_wal(const char *path)
{
    char *wal = xasprintf("%s-wal", path);
    char *shm = xasprintf("%s-shm", path);
    bool live = access(wal, F_OK) == 0 && access(shm, F_OK) == 0;
    free(wal);
    free(shm);
    return live;
}

/* The file exists and is not a regular file (a FIFO would block SQLite's
 * open or fail with "disk I/O error"; a folder says "unable to open"). */
static const char *not_regular(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT ? NULL : strerror(errno);
    if (S_ISREG(sb.st_mode))
        return NULL;
    return S_ISDIR(sb.st_mode) ? "a folder, not a history file"
         : S_ISFIFO(sb.st_mode) ? "a FIFO (named pipe), not a history file"
         : "not a regular file";
}

struct history *history_open_with(const char *path,
                                  const struct history_options *opt,
                                  char **err)
{
    static const struct history_options defaults;
    const struct history_options *o = opt ? opt : &defaults;
    if (err)
        *err = NULL;

    struct history *h = xcalloc(1, sizeof *h);
    h->path = path ? xstrdup(path) : history_default_path(NULL);
    h->read_only = o->read_only;

    const char *odd = not_regular(h->path);
    if (odd) {
        set_error(h, "%s", odd);
        return open_fail(h, err);
    }
    if (h->read_only) {
        if (o->missing_ok && access(h->path, F_OK) != 0 && errno == ENOENT) {
            h->empty = true;    /* nothing recorded yet; db stays NULL */
            return h;
        }
        if (!path_is_file(h->path)) {
            set_error(h, "%s", access(h->path, F_OK) != 0
                      ? "no such file" : "not a regular file");
            return open_fail(h, err);
        }
    } else if (create_private_file(h->path, h->err, sizeof h->err) != 0) {
        return open_fail(h, err);
    }

    int rc;
    if (h->read_only) {
        /* Truly read-only: mode=ro never writes the file.  Without a live
         * WAL beside it, immutable=1 also skips the WAL index and locks,
         * so no -wal or -shm file is created beside a writable copy and a
         * copy on read-only media opens at all.  (A coach starting to
         * write at that very moment is not seen: listing is a snapshot.) */
        bool immutable = !has_live_wal(h->path);
        char *uri = read_only_uri(h->path, immutable);
        rc = sqlite3_open_v2(uri, &h->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        free(uri);
    } else {
        rc = sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READWRITE, NULL);
    }
    if (rc != SQLITE_OK) {
        set_error(h, "%s", h->db ? sqlite3_errmsg(h->db)
                                 : sqlite3_errstr(rc));
        return open_fail(h, err);
    }
    sqlite3_busy_timeout(h->db, HISTORY_BUSY_TIMEOUT_MS);

    long long app_id, version, objects;
    if (read_header(h, &app_id, &version, &objects) != 0) {
        /* "file is not a database", "database disk image is malformed":
         * say what to do.  Other failures (locked, unreadable) keep
         * SQLite's message alone. */
        int code = h->last_rc & 0xff;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            set_error(h, "%s; it was left unchanged (move it aside and "
                      "unknot starts a new history)", sqlite3_errmsg(h->db));
        return open_fail(h, err);
    }
    if (check_header(h, app_id, version, objects) != 0)
        return open_fail(h, err);

    if (h->read_only) {
        h->empty = version == 0;
        return h;
    }
    /* Nothing has been written yet: a damaged file is refused as it is. */
    if (objects > 0 && check_integrity(h) != 0)
        return open_fail(h, err);
    if (set_durability(h, o) != 0 || exec_sql(h, "PRAGMA foreign_keys = ON",
                                              "enabling checks") != 0)
        return open_fail(h, err);
    if (version < HISTORY_SCHEMA_VERSION && migrate(h) != 0)
        return open_fail(h, err);
    journal_replay(h);
    bool reserved = false;
    h->journal = journal_open(h->path, &reserved);
    if (!h->journal)
        log_msg(LOG_WARN, "history", "%s: cannot keep a journal for "
                "unsaved answers (%s); a full disk would lose them",
                h->path, strerror(errno));
    else if (!reserved)
        log_once("history-reserve", LOG_WARN, "history",
                 "%s: cannot reserve space for unsaved answers (%s)",
                 journal_path(h->journal), strerror(errno));
    return h;
}

/* For history/history_read.c (history/internal.h). */
sqlite3 *history_internal_db(struct history *h, bool *empty, bool *read_only)
{
    *empty = h->empty;
    *read_only = h->read_only;
    return h->db;
}

void history_internal_error(struct history *h, const char *what)
{
    if (h->db)
        set_db_error(h, what);
    else
        set_error(h, "%s", what);
}

void history_close(struct history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(h->stmt[i]);
    journal_close(h->journal);
    if (h->db && sqlite3_close(h->db) != SQLITE_OK)
        log_msg(LOG_WARN, "history", "closing %s: %s", h->path,
                sqlite3_errmsg(h->db));
    free(h->path);
    free(h);
}

static int check_writable(struct history *h)
{
    if (h->read_only) {
        set_error(h, "the history was opened read-only");
        return -1;
    }
    return 0;
}

/* ---- Keeping what SQLite could not write (history/journal.h) ---- */

struct rec {
    char *buf;
    size_t len, cap;
    bool first;
};

static void rec_add(struct rec *r, const char *field)
{
    journal_field(&r->buf, &r->len, &r->cap, field, r->first);
    r->first = false;
}

static void rec_addf(struct rec *r, const char *fmt, long long v)
{
    char num[32];
    snprintf(num, sizeof num, fmt, v);
    rec_add(r, num);
}

/* The database refused a write (or an earlier record is already in the
 * journal): append the record there.  HISTORY_KEPT, or -1 when even that
 * failed (the error then says so). */
static int keep_record(struct history *h, struct rec *r, bool db_failed)
{
    int code = h->last_rc & 0xff;
    if (db_failed && (code == SQLITE_CONSTRAINT || code == SQLITE_MISMATCH
                      || code == SQLITE_RANGE)) {
        free(r->buf);       /* refused on its merits: it would be again */
        return -1;
    }
    if (!db_failed)
        set_error(h, "kept in the journal after an earlier failed write");
    if (db_failed) {
        int e = sqlite3_system_errno(h->db);
        h->full = (h->last_rc & 0xff) == SQLITE_FULL || e == ENOSPC
                  || e == EDQUOT;
    }
    journal_field(&r->buf, &r->len, &r->cap, "", false);
    r->buf[r->len - 1] = '\n';      /* the empty last field's tab */
    int rc = -1;
    if (h->journal && journal_append(h->journal, r->buf, r->len) == 0) {
        if (!h->journaling)
            log_msg(LOG_ERROR, "history", "%s: %s; kept in %s, saved the "
                    "next time unknot starts", h->path,
                    db_failed ? h->err : "an earlier write failed",
                    journal_path(h->journal));
        h->journaling = true;
        rc = HISTORY_KEPT;
    } else {
        size_t n = strlen(h->err);
        snprintf(h->err + n, sizeof h->err - n, "; and it could not be kept "
                 "in the journal either (%s)",
                 h->journal ? strerror(errno) : "no journal");
    }
    free(r->buf);
    return rc;
}

bool history_storage_full(const struct history *h)
{
    return h && h->full;
}

const char *history_journal_path(const struct history *h)
{
    return h && h->journal ? journal_path(h->journal) : NULL;
}

/* One journal line back into the database.  0 done (or skipped: a
 * record for a session the file no longer has), -1 the database cannot
 * take it now (keep the journal). */
static int replay_line(struct history *h, char *line, int *saved)
{
    char *f[64];
    size_t n = journal_split(line, f, ARRAY_LEN(f));
    /* Trailing empty field: the record's terminator. */
    if (n >= 1 && f[n - 1] && !*f[n - 1])
        n--;
    sqlite3_stmt *st = NULL;
    long v1, v2, v3;
    if (n == 7 && f[0] && !strcmp(f[0], "A") && f[1] && f[2] && f[3] && f[4]
        && str_to_int(f[1], &v1) && str_to_int(f[2], &v2)
        && str_to_int(f[4], &v3) && v3 >= 0 && v3 <= 10) {
        st = get_stmt(h, ST_ANSWER);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, v1);
        sqlite3_bind_int64(st, 2, v2);
        sqlite3_bind_text(st, 3, f[3], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, (int)v3);
        bind_text_or_null(st, 5, f[5]);
        bind_text_or_null(st, 6, f[6]);
    } else if (n == 5 && f[0] && !strcmp(f[0], "E") && f[1] && f[2] && f[3]
               && str_to_int(f[1], &v1) && str_to_int(f[2], &v2)) {
        st = get_stmt(h, ST_END);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, v2);
        sqlite3_bind_text(st, 2, f[3], -1, SQLITE_TRANSIENT);
        bind_text_or_null(st, 3, f[4]);
        sqlite3_bind_int64(st, 4, v1);
    } else if (n >= 3 && f[0] && !strcmp(f[0], "S") && f[1] && f[2]
               && str_to_int(f[1], &v1) && str_to_int(f[2], &v2)
               && v2 >= 0 && (size_t)v2 * 2 + 3 == n) {
        st = get_stmt(h, ST_SCREEN_NEW);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, v1);
        if (step_write(h, st, "saving a kept screening") != 0)
            return (h->last_rc & 0xff) == SQLITE_CONSTRAINT ? 0 : -1;
        int64_t id = sqlite3_last_insert_rowid(h->db);
        st = get_stmt(h, ST_SCREEN_ANSWER);
        if (!st)
            return -1;
        for (long i = 0; i < v2; i++) {
            long val;
            if (!f[3 + 2 * i] || !f[4 + 2 * i]
                || !str_to_int(f[4 + 2 * i], &val))
                continue;
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, f[3 + 2 * i], -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 3, (int)val);
            if (step_write(h, st, "saving a kept screening") != 0
                && (h->last_rc & 0xff) != SQLITE_CONSTRAINT)
                return -1;
            (*saved)++;
        }
        return 0;
    } else if (n == 7 && f[0] && !strcmp(f[0], "R") && f[1] && f[2] && f[3]
               && f[4] && f[5] && f[6] && str_to_int(f[1], &v1)
               && str_to_int(f[2], &v2) && str_to_int(f[5], &v3)) {
        long until;
        st = get_stmt(h, ST_REGION_ADD);
        if (!st || !str_to_int(f[6], &until))
            return st ? 0 : -1;
        if (v1 > 0)
            sqlite3_bind_int64(st, 1, v1);
        else
            sqlite3_bind_null(st, 1);
        sqlite3_bind_int64(st, 2, v2);
        sqlite3_bind_text(st, 3, f[3], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, f[4], -1, SQLITE_TRANSIENT);
        if (v3 >= 0)
            sqlite3_bind_int(st, 5, (int)v3);
        else
            sqlite3_bind_null(st, 5);
        if (until > 0)
            sqlite3_bind_int64(st, 6, until);
        else
            sqlite3_bind_null(st, 6);
    } else {
        log_msg(LOG_WARN, "history", "%s: skipping an unreadable kept "
                "record", h->path);
        return 0;
    }
    if (step_write(h, st, "saving a kept record") != 0) {
        if ((h->last_rc & 0xff) == SQLITE_CONSTRAINT) {
            log_msg(LOG_WARN, "history", "%s: skipping a kept record: %s",
                    h->path, h->err);
            return 0;
        }
        return -1;
    }
    if (f[0][0] == 'A')
        (*saved)++;
    return 0;
}

/* Replays one leftover journal in one transaction: all of it or none. */
static int replay_one(void *user, const char *path, char *data, size_t len)
{
    struct history *h = user;
    if (len == 0)
        return 0;
    if (exec_sql(h, "BEGIN IMMEDIATE", "saving kept answers") != 0)
        return -1;
    int saved = 0;
    char *line = data;
    for (char *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = '\0';     /* a last line without '\n' was cut off: skipped */
        if (replay_line(h, line, &saved) != 0) {
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
            log_msg(LOG_WARN, "history", "%s: cannot save the kept answers "
                    "yet (%s); they stay in %s", h->path, h->err, path);
            return -1;
        }
    }
    if (exec_sql(h, "COMMIT", "saving kept answers") != 0) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        log_msg(LOG_WARN, "history", "%s: cannot save the kept answers yet "
                "(%s); they stay in %s", h->path, h->err, path);
        return -1;
    }
    log_msg(LOG_INFO, "history", "%s: saved %d answer(s) kept in %s",
            h->path, saved, path);
    return 0;
}

static void journal_replay(struct history *h)
{
    journal_replay_leftovers(h->path, replay_one, h);
    h->err[0] = '\0';
}

int64_t history_session_begin(struct history *h, const char *routine_name,
                              const char *routine_title, long long start_s)
{
    if (check_writable(h) != 0)
        return -1;
    if (!routine_name || !*routine_name) {
        set_error(h, "starting a session: no routine name");
        return -1;
    }
    sqlite3_stmt *st = get_stmt(h, ST_BEGIN);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, routine_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, routine_title ? routine_title : "", -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, start_s);
    if (step_write(h, st, "starting a session") != 0)
        return -1;
    return sqlite3_last_insert_rowid(h->db);
}

int history_record_answer(struct history *h, int64_t session, long long t_s,
                          const char *question, int value, const char *step,
                          const char *region)
{
    if (check_writable(h) != 0)
        return -1;
    if (!question || !*question) {
        set_error(h, "recording an answer: no question id");
        return -1;
    }
    if (value < 0 || value > 10) {
        set_error(h, "recording '%s': answer %d is outside 0..10", question,
                  value);
        return -1;
    }
    struct rec r = { .first = true };
    rec_add(&r, "A");
    rec_addf(&r, "%lld", (long long)session);
    rec_addf(&r, "%lld", t_s);
    rec_add(&r, question);
    rec_addf(&r, "%lld", value);
    rec_add(&r, step);
    rec_add(&r, region);
    if (h->journaling)
        return keep_record(h, &r, false);
    sqlite3_stmt *st = get_stmt(h, ST_ANSWER);
    if (!st)
        return keep_record(h, &r, true);
    sqlite3_bind_int64(st, 1, session);
    sqlite3_bind_int64(st, 2, t_s);
    sqlite3_bind_text(st, 3, question, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, value);
    bind_text_or_null(st, 5, step);
    bind_text_or_null(st, 6, region);
    char what[160];
    snprintf(what, sizeof what, "recording '%.100s' in session %lld",
             question, (long long)session);
    if (step_write(h, st, what) != 0)
        return keep_record(h, &r, true);
    free(r.buf);
    return 0;
}

int history_session_end(struct history *h, int64_t session, long long end_s,
                        const char *outcome, const char *rule)
{
    if (check_writable(h) != 0)
        return -1;
    if (!outcome || (strcmp(outcome, "completed") && strcmp(outcome, "stopped")
                     && strcmp(outcome, "quit"))) {
        set_error(h, "ending session %lld: outcome '%s' is not completed, "
                  "stopped or quit", (long long)session,
                  outcome ? outcome : "(none)");
        return -1;
    }
    const char *r_rule = rule && *rule ? rule : NULL;
    struct rec r = { .first = true };
    rec_add(&r, "E");
    rec_addf(&r, "%lld", (long long)session);
    rec_addf(&r, "%lld", end_s);
    rec_add(&r, outcome);
    rec_add(&r, r_rule);
    if (h->journaling)
        return keep_record(h, &r, false);
    sqlite3_stmt *st = get_stmt(h, ST_END);
    if (!st)
        return keep_record(h, &r, true);
    sqlite3_bind_int64(st, 1, end_s);
    sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
    bind_text_or_null(st, 3, r_rule);
    sqlite3_bind_int64(st, 4, session);
    if (step_write(h, st, "ending a session") != 0)
        return keep_record(h, &r, true);
    free(r.buf);
    if (sqlite3_changes(h->db) != 1) {
        set_error(h, "ending session %lld: no such session",
                  (long long)session);
        return -1;
    }
    return 0;
}

/* Copies s into a fixed field, cutting at a character boundary so a long
 * non-ASCII name never ends in half a UTF-8 sequence. */
static void copy_field(char *dst, size_t size, const unsigned char *s)
{
    const char *src = s ? (const char *)s : "";
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int history_last_session(struct history *h, long long before_s,
                         struct history_session *out)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_LAST);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, before_s);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        copy_field(out->routine, sizeof out->routine,
                   sqlite3_column_text(st, 1));
        out->start_s = sqlite3_column_int64(st, 2);
        out->end_s = sqlite3_column_int64(st, 3);
        copy_field(out->outcome, sizeof out->outcome,
                   sqlite3_column_text(st, 4));
        copy_field(out->rule, sizeof out->rule, sqlite3_column_text(st, 5));
        done_stmt(st);
        return 1;
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "finding the last session");
    done_stmt(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Rows are read completely before any callback runs, so a callback may use
 * the handle (or take its time) without holding a read transaction. */
struct row_buf {
    struct history_answer *items;
    size_t count, cap;
};

static void row_buf_free(struct row_buf *b)
{
    for (size_t i = 0; i < b->count; i++) {
        free((char *)b->items[i].question);
        free((char *)b->items[i].step);
        free((char *)b->items[i].region);
    }
    free(b->items);
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

int history_session_soreness(struct history *h, int64_t session,
                             void (*fn)(const char *region, int value,
                                        void *user),
                             void *user)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_SORENESS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session);
    struct row_buf b = { 0 };
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        b.items = xgrow(b.items, &b.cap, b.count + 1, sizeof *b.items);
        struct history_answer *a = &b.items[b.count++];
        memset(a, 0, sizeof *a);
        a->region = dup_col(st, 0);
        a->value = sqlite3_column_int(st, 1);
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "reading soreness answers");
    done_stmt(st);
    if (rc == SQLITE_DONE)
        for (size_t i = 0; i < b.count; i++)
            fn(b.items[i].region, b.items[i].value, user);
    row_buf_free(&b);
    return rc == SQLITE_DONE ? 0 : -1;
}

int history_session_answers(struct history *h, int64_t session,
                            void (*fn)(const struct history_answer *a,
                                       void *user),
                            void *user)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_ANSWERS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session);
    struct row_buf b = { 0 };
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        b.items = xgrow(b.items, &b.cap, b.count + 1, sizeof *b.items);
        struct history_answer *a = &b.items[b.count++];
        a->t_s = sqlite3_column_int64(st, 0);
        a->question = dup_col(st, 1);
        a->value = sqlite3_column_int(st, 2);
        a->step = dup_col(st, 3);
        a->region = dup_col(st, 4);
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "reading answers");
    done_stmt(st);
    int n = -1;
    if (rc == SQLITE_DONE) {
        for (size_t i = 0; i < b.count; i++)
            if (fn)
                fn(&b.items[i], user);
        n = (int)b.count;
    }
    row_buf_free(&b);
    return n;
}

int history_save_screening(struct history *h, long long t_s,
                           const char *const *questions, const int *values,
                           size_t count)
{
    if (check_writable(h) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        if (!questions[i] || !*questions[i]) {
            set_error(h, "saving the screening: answer %zu has no question "
                      "id", i + 1);
            return -1;
        }
        if (values[i] < 0 || values[i] > 10) {
            set_error(h, "saving the screening: '%s' answer %d is outside "
                      "0..10", questions[i], values[i]);
            return -1;
        }
    }
    struct rec r = { .first = true };
    rec_add(&r, "S");
    rec_addf(&r, "%lld", t_s);
    rec_addf(&r, "%lld", (long long)count);
    for (size_t i = 0; i < count; i++) {
        rec_add(&r, questions[i]);
        rec_addf(&r, "%lld", values[i]);
    }
    if (h->journaling)
        return keep_record(h, &r, false);
    /* One transaction: a screening is saved whole or not at all, so a
     * kill halfway never leaves a screening that looks complete. */
    if (exec_sql(h, "BEGIN IMMEDIATE", "saving the screening") != 0)
        goto fail;
    sqlite3_stmt *st = get_stmt(h, ST_SCREEN_NEW);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, t_s);
    if (step_write(h, st, "saving the screening") != 0)
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(h->db);
    st = get_stmt(h, ST_SCREEN_ANSWER);
    if (!st)
        goto fail;
    for (size_t i = 0; i < count; i++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, questions[i], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, values[i]);
        if (step_write(h, st, "saving the screening") != 0)
            goto fail;
    }
    if (exec_sql(h, "COMMIT", "saving the screening") != 0)
        goto fail;
    free(r.buf);
    return 0;
fail:
    sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return keep_record(h, &r, true);
}

long long history_screening_time(struct history *h)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_SCREEN_TIME);
    if (!st)
        return -1;
    long long t = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        t = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE) {
        set_db_error(h, "reading the screening");
        t = -1;
    }
    done_stmt(st);
    return t;
}

int history_screening_answer(struct history *h, const char *question,
                             int *value)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_SCREEN_GET);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, question, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int(st, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        set_db_error(h, "reading the screening");
        found = -1;
    }
    done_stmt(st);
    return found;
}

/* ---- Output for `unknot history` ---- */

static void format_local(char *buf, size_t size, long long t, bool iso)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        snprintf(buf, size, "%lld", t);
        return;
    }
    if (!iso) {
        strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
        return;
    }
    /* RFC 3339 / ISO 8601 with the offset, "+01:00", so the time is
     * unambiguous in a file sent to someone in another time zone. */
    char base[32], off[8];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(off, sizeof off, "%z", &tm);
    if (strlen(off) == 5)
        snprintf(buf, size, "%s%.3s:%.2s", base, off, off + 3);
    else
        snprintf(buf, size, "%s", base);
}

static void format_duration(char *buf, size_t size, long long s)
{
    if (s < 0)
        s = 0;
    if (s >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60,
                 s % 60);
    else
        snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}

enum { COL_DATE, COL_ROUTINE, COL_DURATION, COL_OUTCOME, COL_RULE,
       COL_ADJUSTED, COL_SORENESS, COL_N };

/* A rule that ended the session is its stop rule; one recorded for a
 * session that went on (lighter, a region skipped) adjusted it.  The
 * headings in the current language (util/i18n.h). */
static const char *col_name(int c)
{
    switch (c) {
    /* TRANSLATORS: the headings of `unknot history`'s list of sessions;
     * "Stop rule" is the rule that stopped the session, "Adjusted by" a
     * rule that made it lighter or skipped a region and let it go on. */
    case COL_DATE:     return C_("history column", "Date");
    case COL_ROUTINE:  return C_("history column", "Routine");
    case COL_DURATION: return C_("history column", "Duration");
    case COL_OUTCOME:  return C_("history column", "Outcome");
    case COL_RULE:     return C_("history column", "Stop rule");
    case COL_ADJUSTED: return C_("history column", "Adjusted by");
    case COL_SORENESS: return C_("history column", "Max soreness");
    }
    return "";
}

/* A recorded outcome in the current language (the report's and the home
 * screen's words); anything else as recorded. */
static const char *outcome_text(const char *o)
{
    if (!o)
        return NULL;
    if (!strcmp(o, "completed"))
        return _("completed");
    if (!strcmp(o, "stopped"))
        return _("stopped");
    if (!strcmp(o, "quit"))
        return _("quit");
    if (!strcmp(o, "interrupted"))
        return _("interrupted");
    return o;
}

static void print_row(FILE *out, char *const cells[COL_N],
                      const size_t width[COL_N])
{
    for (int c = 0; c < COL_N; c++) {
        fputs(cells[c], out);
        if (c + 1 < COL_N)
            for (size_t w = utf8_width(cells[c]); w < width[c] + 2; w++)
                fputc(' ', out);
    }
    fputc('\n', out);
}

static int check_output(struct history *h, FILE *out)
{
    if (fflush(out) != 0 || ferror(out)) {
        set_error(h, "writing the output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int history_print_sessions(struct history *h, FILE *out, int limit)
{
    long long total = 0;
    if (!h->empty) {
        sqlite3_stmt *cst = get_stmt(h, ST_COUNT_SESSIONS);
        if (!cst)
            return -1;
        int crc = sqlite3_step(cst);
        if (crc == SQLITE_ROW)
            total = sqlite3_column_int64(cst, 0);
        else
            set_db_error(h, "counting sessions");
        done_stmt(cst);
        if (crc != SQLITE_ROW)
            return -1;
    }
    if (total == 0) {
        fprintf(out, "%s\n", _("No sessions recorded yet."));
        return check_output(h, out);
    }

    sqlite3_stmt *st = get_stmt(h, ST_LIST);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
    char **cells = NULL;        /* rows * COL_N strings */
    size_t rows = 0, cap = 0;
    size_t width[COL_N];
    for (int c = 0; c < COL_N; c++)
        width[c] = utf8_width(col_name(c));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cells = xgrow(cells, &cap, (rows + 1) * COL_N, sizeof *cells);
        char **row = &cells[rows++ * COL_N];
        char buf[64];
        long long start = sqlite3_column_int64(st, 0);
        format_local(buf, sizeof buf, start, false);
        row[COL_DATE] = xstrdup(buf);
        row[COL_ROUTINE] = dup_col(st, 1);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
            format_duration(buf, sizeof buf,
                            sqlite3_column_int64(st, 2) - start);
        } else if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
            /* Never ended: it lasted at least until its last answer. */
            format_duration(buf, sizeof buf,
                            sqlite3_column_int64(st, 6) - start);
            strcat(buf, "+");
        } else {
            strcpy(buf, "-");
        }
        row[COL_DURATION] = xstrdup(buf);
        row[COL_OUTCOME] = dup_col(st, 3);
        char *rule = dup_col(st, 4);
        bool stopped = row[COL_OUTCOME] &&
                       !strcmp(row[COL_OUTCOME], "stopped");
        row[COL_RULE] = xstrdup(rule && stopped ? rule : "-");
        if (row[COL_OUTCOME]) {
            char *o = xstrdup(outcome_text(row[COL_OUTCOME]));
            free(row[COL_OUTCOME]);
            row[COL_OUTCOME] = o;
        }
        row[COL_ADJUSTED] = xstrdup(rule && *rule && !stopped ? rule : "-");
        free(rule);
        if (sqlite3_column_type(st, 5) != SQLITE_NULL)
            row[COL_SORENESS] = xasprintf("%d", sqlite3_column_int(st, 5));
        else
            row[COL_SORENESS] = xstrdup("-");
        for (int c = 0; c < COL_N; c++) {
            /* A file a client sent may hold escape sequences. */
            char *safe = term_escape(row[c]);
            free(row[c]);
            row[c] = safe;
            size_t w = utf8_width(row[c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "listing sessions");
    done_stmt(st);
    if (rc == SQLITE_DONE) {
        char *heads[COL_N];
        for (int c = 0; c < COL_N; c++)
            heads[c] = (char *)col_name(c);
        print_row(out, heads, width);
        for (size_t r = 0; r < rows; r++)
            print_row(out, &cells[r * COL_N], width);
        if ((long long)rows < total) {
            /* TRANSLATORS: the sessions listed of all recorded; keep
             * "--limit 0", the option's own spelling. */
            fprintf(out, ngettext("(%zu of %lld session; --limit 0 lists all)",
                                  "(%zu of %lld sessions; --limit 0 lists all)",
                                  (unsigned long)total), rows, total);
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < rows * COL_N; i++)
        free(cells[i]);
    free(cells);
    if (rc != SQLITE_DONE)
        return -1;
    return check_output(h, out);
}

/* One RFC 4180 field, always quoted, quotes doubled.  Text cells that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a
 * CR: OWASP's "CSV Injection" guidance) get a leading single quote, so
 * Excel, LibreOffice and Google Sheets show them as text.  Bytes go out
 * unchanged otherwise (UTF-8 stays UTF-8).  Numbers and times we format
 * ourselves are written bare (csv_plain). */
static void csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    fputc('"', out);
    if (strchr("=+-@\t\r", *s) && *s)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *const csv_columns[] = {
    "record", "session", "routine", "routine_title", "session_start",
    "session_end", "duration_s", "outcome", "stop_rule", "answer_time",
    "elapsed_s", "question", "value", "step", "region",
};

int history_export_csv(struct history *h, FILE *out)
{
    for (size_t i = 0; i < ARRAY_LEN(csv_columns); i++)
        fprintf(out, "%s%s", i ? "," : "", csv_columns[i]);
    fputs("\r\n", out);
    if (h->empty)
        return check_output(h, out);

    sqlite3_stmt *st = get_stmt(h, ST_CSV);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char t[48], num[32];
        bool is_session = !strcmp((const char *)sqlite3_column_text(st, 0),
                                  "session");
        fputs(is_session ? "session" : "screening", out);
        fputc(',', out);
        if (is_session)
            fprintf(out, "%lld", (long long)sqlite3_column_int64(st, 1));
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 2));
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 3));
        fputc(',', out);
        long long start = sqlite3_column_int64(st, 4);
        if (is_session) {
            format_local(t, sizeof t, start, true);
            fputs(t, out);      /* our own format: bare */
        }
        fputc(',', out);
        bool ended = sqlite3_column_type(st, 5) != SQLITE_NULL;
        if (ended) {
            format_local(t, sizeof t, sqlite3_column_int64(st, 5), true);
            fputs(t, out);      /* our own format: bare */
        }
        fputc(',', out);
        if (ended) {
            snprintf(num, sizeof num, "%lld",
                     sqlite3_column_int64(st, 5) - start);
            fputs(num, out);
        }
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 6));
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 7));
        fputc(',', out);
        bool answered = sqlite3_column_type(st, 8) != SQLITE_NULL;
        if (answered) {
            format_local(t, sizeof t, sqlite3_column_int64(st, 8), true);
            fputs(t, out);      /* our own format: bare */
        }
        fputc(',', out);
        if (answered && is_session)
            fprintf(out, "%lld", sqlite3_column_int64(st, 8) - start);
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 9));
        fputc(',', out);
        if (answered)
            fprintf(out, "%d", sqlite3_column_int(st, 10));
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 11));
        fputc(',', out);
        csv_field(out, (const char *)sqlite3_column_text(st, 12));
        fputs("\r\n", out);
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "exporting answers");
    done_stmt(st);
    if (rc != SQLITE_DONE)
        return -1;
    return check_output(h, out);
}

/* ---- The cross-session memory per region (schema 2) ---- */

int history_record_region(struct history *h, int64_t session, long long t_s,
                          const char *region, const char *kind, int value,
                          long long until_s)
{
    if (check_writable(h) != 0)
        return -1;
    if (!region || !*region || !kind || !*kind) {
        set_error(h, "recording the region memory: no region or kind");
        return -1;
    }
    if (value > 10) {
        set_error(h, "recording the region memory: value %d is outside "
                  "0..10", value);
        return -1;
    }
    struct rec r = { .first = true };
    rec_add(&r, "R");
    rec_addf(&r, "%lld", (long long)session);
    rec_addf(&r, "%lld", t_s);
    rec_add(&r, region);
    rec_add(&r, kind);
    rec_addf(&r, "%lld", value);
    rec_addf(&r, "%lld", until_s);
    if (h->journaling)
        return keep_record(h, &r, false);
    sqlite3_stmt *st = get_stmt(h, ST_REGION_ADD);
    if (!st)
        return keep_record(h, &r, true);
    if (session > 0)
        sqlite3_bind_int64(st, 1, session);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, t_s);
    sqlite3_bind_text(st, 3, region, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
    if (value >= 0)
        sqlite3_bind_int(st, 5, value);
    else
        sqlite3_bind_null(st, 5);
    if (until_s > 0)
        sqlite3_bind_int64(st, 6, until_s);
    else
        sqlite3_bind_null(st, 6);
    char what[160];
    snprintf(what, sizeof what, "recording '%.40s' of '%.60s'", kind,
             region);
    if (step_write(h, st, what) != 0)
        return keep_record(h, &r, true);
    free(r.buf);
    return 0;
}

int history_region_records(struct history *h, long long since_s,
                           void (*fn)(const struct history_region_record *r,
                                      void *user),
                           void *user)
{
    if (h->empty)
        return 0;
    sqlite3_stmt *st = get_stmt(h, ST_REGION_READ);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, since_s);
    sqlite3_bind_int64(st, 2, since_s);
    /* Read whole first, as for answers: the callback may use the handle. */
    struct rec {
        struct history_region_record r;
        char *region, *kind;
    } *v = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xgrow(v, &cap, n + 1, sizeof *v);
        struct rec *x = &v[n++];
        x->r.t_s = sqlite3_column_int64(st, 0);
        x->r.session = sqlite3_column_int64(st, 1);
        x->region = dup_col(st, 2);
        x->kind = dup_col(st, 3);
        x->r.value = sqlite3_column_int(st, 4);
        x->r.until_s = sqlite3_column_int64(st, 5);
    }
    if (rc != SQLITE_DONE)
        set_db_error(h, "reading the region memory");
    done_stmt(st);
    for (size_t i = 0; i < n; i++) {
        v[i].r.region = v[i].region ? v[i].region : "";
        v[i].r.kind = v[i].kind ? v[i].kind : "";
        if (rc == SQLITE_DONE && fn)
            fn(&v[i].r, user);
        free(v[i].region);
        free(v[i].kind);
    }
    free(v);
    return rc == SQLITE_DONE ? 0 : -1;
}
