/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session history a therapist reads: a SQLite database, by default
 * $XDG_DATA_HOME/unknot/history.db.  Sessions (routine, start, end, outcome,
 * the rule that stopped it), every answer with its time, step and region,
 * and the saved health screening.
 *
 * Durability: every write is its own transaction committed before the call
 * returns (WAL journal, synchronous=FULL), so killing the process at any
 * moment loses nothing already recorded.
 *
 * Errors: functions return 0 or -1; history_error() has SQLite's message.
 * Ownership: history_open() returns a handle freed by history_close();
 * strings passed in are copied into the database.  One handle per thread.
 */
#ifndef UNKNOT_HISTORY_H
#define UNKNOT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct history;

/* Where the history lives: DATA_DIR/history.db; data_dir NULL means
 * paths_data_dir() ($XDG_DATA_HOME/unknot).  Caller frees. */
char *history_default_path(const char *data_dir);

/* Opens (creating the folder, file and schema as needed).  New files and
 * folders are private to the user (0600 / 0700): this is health data.
 * On failure returns NULL and, when err is not NULL, a message in *err
 * (caller frees): "PATH: error: WHAT", naming the way out. */
struct history *history_open(const char *path, char **err);

/* What history_open() does, with choices for read-only use and for the
 * benchmark.  opt NULL (or all fields zero) means the defaults. */
enum history_sync {
    HISTORY_SYNC_FULL,      /* default: every commit reaches the disk */
    HISTORY_SYNC_NORMAL,    /* WAL synced at checkpoints only: the last
                             * answers may be lost on power loss (bench) */
};
enum history_journal {
    HISTORY_JOURNAL_WAL,        /* default */
    HISTORY_JOURNAL_ROLLBACK,   /* classic rollback journal (bench) */
};
struct history_options {
    bool read_only;     /* creates and changes nothing; a missing file is
                         * an error; an empty file reads as no sessions */
    bool missing_ok;    /* with read_only: a missing file reads as an
                         * empty history instead of an error */
    enum history_sync sync;
    enum history_journal journal;
};
struct history *history_open_with(const char *path,
                                  const struct history_options *opt,
                                  char **err);

/* The schema version this build writes (PRAGMA user_version).  A file with
 * a higher version, a file that is not a database, and a SQLite database
 * that is not an Unknot history are refused, never changed. */
#define HISTORY_SCHEMA_VERSION 3
void history_close(struct history *h);
const char *history_error(const struct history *h);

/*
 * When SQLite cannot write (a full disk, an I/O error), the answer, the
 * screening, the region memory and the end of a session are not lost:
 * they go to a journal
 * beside the database (history/journal.h; space for it is reserved when
 * the history is opened) and the next history_open() for writing saves
 * them into the database.  history_record_answer, history_session_end,
 * history_save_screening and history_record_region then return
 * HISTORY_KEPT (and every later write
 * of this handle goes to the journal too, keeping their order); -1 means
 * the record is lost (even the journal failed) or was refused.  The error
 * says why either way; history_storage_full() tells a full disk apart.
 */
#define HISTORY_KEPT 1
bool history_storage_full(const struct history *h);
/* This process's journal file, or NULL. */
const char *history_journal_path(const struct history *h);

/* Starts a session; returns its id (> 0) or -1. */
int64_t history_session_begin(struct history *h, const char *routine_name,
                              const char *routine_title, long long start_s);
/* Records one answer at wall time t_s.  step and region may be NULL
 * (screening, daily check).  value is 0..10, or 1 yes / 0 no. */
int history_record_answer(struct history *h, int64_t session, long long t_s,
                          const char *question, int value, const char *step,
                          const char *region);
/* Ends a session.  outcome: "completed", "stopped" or "quit"; rule may be
 * NULL.  A session never ended (the process was killed) keeps outcome
 * "interrupted". */
int history_session_end(struct history *h, int64_t session, long long end_s,
                        const char *outcome, const char *rule);

/* The most recent session that started before `before_s`, for the
 * recent-session soreness check. */
struct history_session {
    int64_t id;
    char routine[128];
    long long start_s, end_s;       /* end_s 0 when never ended */
    char outcome[16];
    char rule[64];
};
/* 1 found, 0 none, -1 error. */
int history_last_session(struct history *h, long long before_s,
                         struct history_session *out);
/* Per region, the highest soreness answered in a session; calls fn for
 * each (region, max value), in region order.  Returns 0 or -1.
 * A soreness answer is one to a question whose id is "soreness" or starts
 * with "soreness-" (history_is_soreness_question). */
int history_session_soreness(struct history *h, int64_t session,
                             void (*fn)(const char *region, int value,
                                        void *user),
                             void *user);

/* Screening: the answers of the last full screening and when it was done.
 * history_save_screening stores a set of (question, value) pairs at t_s as
 * one screening; history_screening_time returns its time (0 when never).
 * history_screening_answer: 1 and *value when that question was answered
 * in the last screening, 0 when not, -1 on error. */
int history_save_screening(struct history *h, long long t_s,
                           const char *const *questions, const int *values,
                           size_t count);
long long history_screening_time(struct history *h);
int history_screening_answer(struct history *h, const char *question,
                             int *value);

bool history_is_soreness_question(const char *question);

/* The cross-session memory per body region (schema 2; coach/memory.h).
 * history_record_region appends one record, committed before it returns
 * (as an answer): kind is "worked", "soreness", "next-day", "rest",
 * "bruise" or "bruise-gone"; value 0..10 or -1 for none; until_s the end
 * of a rest or 0; session may be 0 (none). */
int history_record_region(struct history *h, int64_t session, long long t_s,
                          const char *region, const char *kind, int value,
                          long long until_s);
/* Calls fn for every region record from since_s on, plus rests still
 * running at since_s and every bruise record, in time order (strings
 * borrowed for the call).  Returns 0 or -1. */
struct history_region_record {
    long long t_s;
    int64_t session;
    const char *region;
    const char *kind;
    int value;              /* -1 none */
    long long until_s;      /* 0 none */
};
int history_region_records(struct history *h, long long since_s,
                           void (*fn)(const struct history_region_record *r,
                                      void *user),
                           void *user);

/* Answers recorded for a session, in the order given; calls fn for each.
 * Returns the number of answers, or -1. */
struct history_answer {
    long long t_s;
    const char *question;   /* borrowed for the call */
    int value;
    const char *step;       /* NULL when none */
    const char *region;     /* NULL when none */
};
int history_session_answers(struct history *h, int64_t session,
                            void (*fn)(const struct history_answer *a,
                                       void *user),
                            void *user);

/* `unknot history`: recent sessions as text, newest first, `limit` of
 * them (0 or less: all), or every answer and screening as CSV (RFC 4180:
 * CRLF, quotes doubled) with the documented columns (docs/history.md).
 * Times are shown in local time.  Return 0, or -1 (also when writing to
 * `out` failed). */
int history_print_sessions(struct history *h, FILE *out, int limit);
int history_export_csv(struct history *h, FILE *out);

/* ---- For reports and exports (history/history_read.c) ----
 * Each reads everything first and then calls fn, so fn may use the
 * handle.  Strings are borrowed for the call.  Work on read-only handles
 * (history_options.read_only) and on files of schema version 1 (no rule
 * events then).  Return the number of rows, or -1. */

/* Every session that started at or after since_s (0: all), oldest first. */
struct history_session_row {
    int64_t id;
    const char *routine, *title;
    long long start_s, end_s;       /* end_s 0 when never ended */
    const char *outcome;            /* "completed", "stopped", "quit",
                                     * "interrupted" */
    const char *rule;               /* the stop rule, or NULL */
};
int history_each_session(struct history *h, long long since_s,
                         void (*fn)(const struct history_session_row *s,
                                    void *user),
                         void *user);

/* Records a rule that fired during a session (schema 2): the rule id,
 * what the coach did (rule_action_name(): "skip-region", "lighter",
 * "stop", "not-start", "urgent") and the region, NULL for none. */
int history_record_rule(struct history *h, int64_t session, long long t_s,
                        const char *rule, const char *action,
                        const char *region);
struct history_rule_event {
    int64_t session;
    long long t_s;
    const char *rule, *action;
    const char *region;             /* NULL when none */
};
/* The rules that fired in one session (session > 0) or in all (0), in
 * the order they fired. */
int history_each_rule(struct history *h, int64_t session,
                      void (*fn)(const struct history_rule_event *e,
                                 void *user),
                      void *user);

/* The answers of the last screening, by question id. */
int history_screening_answers(struct history *h,
                              void (*fn)(const char *question, int value,
                                         void *user),
                              void *user);

/* Every screening answer ever saved, oldest screening first. */
int history_each_screening(struct history *h,
                           void (*fn)(int64_t screening, long long t_s,
                                      const char *question, int value,
                                      void *user),
                           void *user);

#endif
