/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See history.h ("For reports and exports").  Kept apart from history.c:
 * these are whole-history reads for the report, the FHIR export and the
 * rule events, prepared per call (they run once per command, not per
 * answer). */
#include "history/history.h"
#include "history/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* One row of text columns and integers, copied out of SQLite so that the
 * callbacks run with no statement open. */
#define ROW_TEXT 6
#define ROW_INT 4
struct row {
    char *t[ROW_TEXT];
    long long n[ROW_INT];
};
struct rows {
    struct row *r;
    size_t count, cap;
};

static void rows_free(struct rows *b)
{
    for (size_t i = 0; i < b->count; i++)
        for (int k = 0; k < ROW_TEXT; k++)
            free(b->r[i].t[k]);
    free(b->r);
}

/* Runs sql with the int64 parameters given (bound in order) and keeps
 * each row: columns listed in `layout` as 't' (text, NULL kept) or 'n'
 * (integer).  Returns 0 or -1 with the history's error set. */
static int fetch(struct history *h, const char *sql, const long long *args,
                 int nargs, const char *layout, struct rows *out,
                 const char *what)
{
    bool empty, ro;
    sqlite3 *db = history_internal_db(h, &empty, &ro);
    memset(out, 0, sizeof *out);
    if (empty || !db)
        return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        history_internal_error(h, what);
        return -1;
    }
    for (int i = 0; i < nargs; i++)
        sqlite3_bind_int64(st, i + 1, args[i]);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->r = xgrow(out->r, &out->cap, out->count + 1, sizeof *out->r);
        struct row *r = &out->r[out->count++];
        memset(r, 0, sizeof *r);
        int nt = 0, nn = 0;
        for (int c = 0; layout[c]; c++) {
            if (layout[c] == 't') {
                const unsigned char *s = sqlite3_column_text(st, c);
                r->t[nt++] = s ? xstrdup((const char *)s) : NULL;
            } else {
                r->n[nn++] = sqlite3_column_int64(st, c);
            }
        }
    }
    if (rc != SQLITE_DONE)
        history_internal_error(h, what);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rows_free(out);
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}

/* 1 when the file has the table (files of schema 1 have no rule_events). */
static int has_table(struct history *h, const char *name)
{
    bool empty, ro;
    sqlite3 *db = history_internal_db(h, &empty, &ro);
    if (empty || !db)
        return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type ="
                           " 'table' AND name = ?", -1, &st, NULL)
        != SQLITE_OK) {
        history_internal_error(h, "reading the schema");
        return -1;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        history_internal_error(h, "reading the schema");
        return -1;
    }
    return rc == SQLITE_ROW;
}

int history_each_session(struct history *h, long long since_s,
                         void (*fn)(const struct history_session_row *s,
                                    void *user),
                         void *user)
{
    struct rows b;
    long long arg = since_s;
    if (fetch(h, "SELECT id, start_s, coalesce(end_s, 0), routine, title,"
              " outcome, rule FROM sessions WHERE start_s >= ?"
              " ORDER BY start_s, id", &arg, 1, "nnnttt" "t", &b,
              "reading the sessions") != 0)
        return -1;
    for (size_t i = 0; i < b.count && fn; i++) {
        const struct row *r = &b.r[i];
        struct history_session_row s = {
            .id = r->n[0], .start_s = r->n[1], .end_s = r->n[2],
            .routine = r->t[0] ? r->t[0] : "",
            .title = r->t[1] ? r->t[1] : "",
            .outcome = r->t[2] ? r->t[2] : "interrupted",
            .rule = r->t[3] && *r->t[3] ? r->t[3] : NULL,
        };
        fn(&s, user);
    }
    int n = (int)b.count;
    rows_free(&b);
    return n;
}

int history_record_rule(struct history *h, int64_t session, long long t_s,
                        const char *rule, const char *action,
                        const char *region)
{
    bool empty, ro;
    sqlite3 *db = history_internal_db(h, &empty, &ro);
    if (ro || !db) {
        history_internal_error(h, "the history was opened read-only");
        return -1;
    }
    if (!rule || !*rule || !action || !*action) {
        history_internal_error(h, "recording a rule: no rule id or action");
        return -1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO rule_events (session_id, t_s,"
                           " rule, action, region) VALUES (?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        history_internal_error(h, "recording a rule");
        return -1;
    }
    sqlite3_bind_int64(st, 1, session);
    sqlite3_bind_int64(st, 2, t_s);
    sqlite3_bind_text(st, 3, rule, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
    if (region && *region)
        sqlite3_bind_text(st, 5, region, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 5);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        history_internal_error(h, "recording a rule");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int history_each_rule(struct history *h, int64_t session,
                      void (*fn)(const struct history_rule_event *e,
                                 void *user),
                      void *user)
{
    int have = has_table(h, "rule_events");
    if (have <= 0)
        return have;
    struct rows b;
    long long arg = session;
    if (fetch(h, "SELECT session_id, t_s, rule, action, region"
              " FROM rule_events WHERE ?1 = 0 OR session_id = ?1"
              " ORDER BY t_s, id", &arg, 1, "nnttt", &b,
              "reading the rules that fired") != 0)
        return -1;
    for (size_t i = 0; i < b.count && fn; i++) {
        const struct row *r = &b.r[i];
        struct history_rule_event e = {
            .session = r->n[0], .t_s = r->n[1],
            .rule = r->t[0] ? r->t[0] : "", .action = r->t[1] ? r->t[1] : "",
            .region = r->t[2],
        };
        fn(&e, user);
    }
    int n = (int)b.count;
    rows_free(&b);
    return n;
}

int history_screening_answers(struct history *h,
                              void (*fn)(const char *question, int value,
                                         void *user),
                              void *user)
{
    struct rows b;
    if (fetch(h, "SELECT value, question FROM screening_answers"
              " WHERE screening_id = (SELECT id FROM screenings"
              " ORDER BY t_s DESC, id DESC LIMIT 1) ORDER BY question",
              NULL, 0, "nt", &b, "reading the screening") != 0)
        return -1;
    for (size_t i = 0; i < b.count && fn; i++)
        fn(b.r[i].t[0] ? b.r[i].t[0] : "", (int)b.r[i].n[0], user);
    int n = (int)b.count;
    rows_free(&b);
    return n;
}

int history_each_screening(struct history *h,
                           void (*fn)(int64_t screening, long long t_s,
                                      const char *question, int value,
                                      void *user),
                           void *user)
{
    struct rows b;
    if (fetch(h, "SELECT c.id, c.t_s, sa.value, sa.question"
              " FROM screenings c JOIN screening_answers sa"
              " ON sa.screening_id = c.id ORDER BY c.t_s, c.id, sa.rowid",
              NULL, 0, "nnnt", &b, "reading the screenings") != 0)
        return -1;
    for (size_t i = 0; i < b.count && fn; i++)
        fn(b.r[i].n[0], b.r[i].n[1], b.r[i].t[0] ? b.r[i].t[0] : "",
           (int)b.r[i].n[2], user);
    int n = (int)b.count;
    rows_free(&b);
    return n;
}
