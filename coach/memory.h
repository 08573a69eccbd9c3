/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The cross-session memory of the safety loop, per body region: when it
 * was last worked and how sore it was then, its next-day soreness answers,
 * "rest until" after it was skipped for 48 hours, and an open bruise (kept
 * until the user says it is gone); plus what the frequency limit needs
 * (sessions in the last week, whether next-day soreness stays at or below
 * 3).
 *
 * Pure: it never touches the history.  The session driver reads the
 * history's region events (history_region_events()), adds them here in
 * time order with memory_add() and hands the snapshot to the engine
 * (coach_options.memory).  The engine emits COACH_ACT_REMEMBER actions
 * (struct memory_event) that the driver records at once, each committed
 * before the coach moves on (the same durability as answers).
 *
 * Times are wall-clock seconds.  A session run in virtual time stamps its
 * records ahead of the real clock; an event "in the future" counts as
 * just now.
 *
 * Ownership: a struct memory owns copies of the region ids; free it with
 * memory_free().  One thread.
 */
#ifndef UNKNOT_COACH_MEMORY_H
#define UNKNOT_COACH_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum memory_kind {
    MEM_WORKED,         /* a hold of the region started */
    MEM_SORENESS,       /* soreness answered about it in that session */
    MEM_NEXT_DAY,       /* recent-soreness answered about it */
    MEM_REST,           /* rest until until_s (region "*": every region) */
    MEM_BRUISE,         /* a new bruise there: skip until gone */
    MEM_BRUISE_GONE,    /* the user says the bruise is gone */
};
#define MEM_KIND_COUNT 6

/* One record.  region is borrowed. */
struct memory_event {
    long long t_s;
    int64_t session;        /* history session id (0 unknown) */
    enum memory_kind kind;
    const char *region;
    int value;              /* SORENESS, NEXT_DAY: 0..10; else -1 */
    long long until_s;      /* REST: wall time the rest ends; else 0 */
};

/* How far back the driver needs to read: the frequency limit looks at a
 * week, next-day soreness at two.  Open bruises and rests still running
 * are read whatever their age. */
#define MEMORY_WINDOW_DAYS 14
/* The recent-soreness check covers regions worked this recently. */
#define MEMORY_RECENT_HOURS 48
/* Frequency (dose notes): 2-3 sessions a week to start ... */
#define MEMORY_WEEK_SESSIONS 3
/* ... daily only once this many next-day answers in a row are at or
 * below MEMORY_DAILY_SORENESS. */
#define MEMORY_DAILY_ANSWERS 3
#define MEMORY_DAILY_SORENESS 3

struct memory_region {
    char *region;
    int64_t last_session;       /* session that last worked it */
    long long last_worked_s;    /* 0: not in the window */
    int last_soreness;          /* highest soreness in that session, -1 */
    int prev_next_day;          /* its last next-day answer, -1 none */
    long long rest_until_s;     /* 0 none */
    bool bruise_open;
};

struct memory {
    struct memory_region *regions;
    size_t count, cap;
    long long now_s;
    long long rest_all_until_s;     /* a general 6+ answer; 0 none */
    /* Sessions that worked a region in the last 7 days (distinct ids). */
    int64_t week[64];
    size_t nweek;
    /* Next-day answers, newest last (the last MEMORY_DAILY_ANSWERS). */
    int next_day[MEMORY_DAILY_ANSWERS];
    size_t nnext_day;
    int64_t last_session;           /* highest session id of any record */
};

void memory_init(struct memory *m, long long now_s);
void memory_free(struct memory *m);
/* Adds one record (in time order). */
void memory_add(struct memory *m, const struct memory_event *e);

/* The region's entry, or NULL when the memory knows nothing of it. */
const struct memory_region *memory_find(const struct memory *m,
                                        const char *region);
/* True, and *until_s, when the region must rest now. */
bool memory_resting(const struct memory *m, const char *region,
                    long long *until_s);
/* True when the region was worked in the last MEMORY_RECENT_HOURS. */
bool memory_worked_recently(const struct memory *m, const char *region);
/* True when any region was worked in the last MEMORY_RECENT_HOURS. */
bool memory_any_recent(const struct memory *m);
/* The frequency limit: MEMORY_WEEK_SESSIONS or more sessions in the last
 * 7 days, and next-day soreness not yet shown to stay at or below 3. */
bool memory_frequency_limited(const struct memory *m);

const char *memory_kind_name(enum memory_kind k);   /* "worked", ... */
/* false when the name is not a kind. */
bool memory_kind_parse(const char *name, enum memory_kind *out);

#endif
