/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A manual-clock harness for the coach engine, shared by the engine tests:
 * it plays the part of a front end that speaks every SAY for a length
 * estimated from its words, answers questions through a callback one second
 * after the question has been spoken, and sends scheduled commands.  It
 * keeps a text log of what happened ("12.3 say Hold for 45 seconds.") and
 * counters the tests assert on.  Never sleeps.  Single-threaded.
 */
#ifndef UNKNOT_TESTS_COACH_SIM_H
#define UNKNOT_TESTS_COACH_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/engine.h"

#define SIM_NO_ANSWER (-1000)

struct sim;
/* Value for question qid (about region, may be NULL), or SIM_NO_ANSWER. */
typedef int (*sim_answer_fn)(struct sim *s, const char *qid,
                             const char *region);
/* Called for every action as it is drained (for property checks). */
typedef void (*sim_action_fn)(struct sim *s, const struct coach_action *a);

struct sim_cmd {
    long long t_ms;             /* since start */
    enum coach_command cmd;
};

struct sim {
    struct coach *c;
    long long now, t0;
    sim_answer_fn answer;
    sim_action_fn on_action;
    void *user;
    /* Speech queue of the pretend audio. */
    unsigned ids[512];
    long long ends[512];
    size_t nspeech;
    /* The open question, answered once its speech is done. */
    bool ask_open;
    char ask_q[64];
    char ask_region[64];
    char ask_step[64];
    long long answer_delay_ms;
    /* Scheduled commands, in time order. */
    const struct sim_cmd *cmds;
    size_t ncmds, next_cmd;
    /* Log and counters. */
    char *log;
    size_t len, cap;
    int holds, hold_ends, rests, asks, answers, stops, says, silences;
    int ends_seen, actions;
    enum coach_outcome outcome;
    char last_rule[64];
    enum rule_action last_action;
    bool holds_after_stop;  /* a hold started after an SP/NS/URG rule */
    bool stopped;           /* an SP/NS/URG rule fired */
};

void sim_init(struct sim *s, const struct routine *r,
              const struct coach_options *o, sim_answer_fn fn);
/* Runs until the session ends (0), nothing more can happen without input
 * (1: waiting for an answer or a resume), or max_ms passed (2). */
int sim_run(struct sim *s, long long max_ms);
/* Sends one event now and drains its actions; returns coach_handle's. */
int sim_event(struct sim *s, const struct coach_event *ev);
int sim_command(struct sim *s, enum coach_command cmd);
int sim_answer_now(struct sim *s, const char *qid, int value);
/* True when the log holds `needle`. */
bool sim_logged(const struct sim *s, const char *needle);
void sim_free(struct sim *s);

/* A routine from text; aborts the test run when it does not parse. */
struct routine *sim_routine(const char *text);

#endif
