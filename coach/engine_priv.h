/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private to the coach engine (coach/engine.c, coach/engine_rules.c):
 * the engine's state and the helpers the two halves share.  engine.c
 * keeps the flow (the task queue, timers, commands, the public API);
 * engine_rules.c applies the rule table (coach/rules.h) to what is
 * answered and to what the history remembers: which rule fires, what is
 * said, what is skipped, what is remembered.  Nothing else includes this.
 *
 * One engine is used by one thread; see engine.h for the contract.
 */
#ifndef UNKNOT_COACH_ENGINE_PRIV_H
#define UNKNOT_COACH_ENGINE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/engine.h"
#include "coach/memory.h"
#include "coach/rules.h"
#include "coach/screening.h"

/* After a tingling rule: moved off the spot, a few breaths, then "is it
 * still there?" (rule 15, "stop if it lasts"). */
#define TINGLING_SETTLE_MS 10000

enum task_kind {
    T_SAY,          /* say text, done when it has been spoken */
    T_WAIT,         /* lead-in: done after ms */
    T_HOLD,         /* hold one side for ms */
    T_REST,         /* announce the rest; sets rest_end; done at once */
    T_REST_WAIT,    /* done at rest_end */
    T_ASK,          /* ask q, done when answered */
    T_STEP,         /* begin step `index` */
    T_SAVED,        /* apply the saved screening */
    T_MEMORY,       /* apply what the history remembers per region */
    T_SUMMARY,      /* say the summary, then end */
    T_END,
};

struct task {
    enum task_kind kind;
    enum coach_phase phase;
    char *text;                 /* owned; spoken text */
    const struct question *q;   /* T_ASK */
    const char *region;         /* T_ASK: region it is about */
    int last;                   /* T_ASK recent-soreness: last session */
    int prev;                   /* ... the region's previous next-day */
    /* T_ASK of the screening flow: its item.  Only these answers are
     * screening answers (a routine question never is, whatever its id). */
    const struct screening_item *item;
    const char *only_if;        /* T_ASK: asked only when this screening
                                   item was answered yes */
    bool then_pause;            /* T_ASK: after it, wait for resume */
    enum coach_side side;       /* T_HOLD */
    long long ms;
    size_t index;               /* T_STEP */
};

struct action_buf {
    struct coach_action *items;
    size_t count, cap, head;
};

struct str_set {
    const char **items;
    size_t count, cap;
};

struct sore_entry {
    const char *region;
    int value;
};

struct coach {
    const struct routine *r;
    struct coach_options o;

    struct task *tasks;         /* queue: tasks[0] is next */
    size_t ntasks, cap_tasks;
    struct task cur;            /* the running task */
    bool running;

    struct action_buf act;
    char **pool;                /* strings borrowed by queued actions */
    size_t npool, cap_pool;

    bool started, ended, in_steps;
    enum coach_outcome outcome;
    const char *stop_rule;
    enum rule_action stop_action;
    long long t_start, now;     /* now: logical time of the engine */
    long long deadline;         /* current task's, -1 none */
    uint32_t next_id, wait_speech;
    bool question_spoken;       /* the open question finished speaking */

    /* Hold timers: absolute times, -1 when done. */
    long long hold_end, half_at, last_at, tick_at[10];
    int nticks;

    bool paused, waiting, after_stop;
    long long paused_at;
    int attempts;
    long long rest_end;

    enum coach_phase phase;
    size_t step_index;
    enum coach_side side;
    long long phase_start, phase_end;
    char *message, *summary;

    bool lighter_all, area_check, remembered_all;
    struct str_set skipped, lighter, area_asked, worked, skipped_said;
    struct sore_entry *sore;
    size_t nsore, cap_sore;
    struct coach_answer *screen;
    size_t nscreen, cap_screen;
    long long *setup_ms;        /* spoken length of each step's setup */
    size_t answer_act;          /* index of the last ANSWER action + 1 */
};

/* engine.c */
const struct routine_step *eng_cur_step(const struct coach *c);
struct coach_action *eng_emit(struct coach *c, enum coach_action_kind k);
char *eng_lower_name(const char *id);
struct task eng_mk(enum task_kind k, enum coach_phase ph, const char *text);
struct task eng_mk_ask(const struct question *q, enum coach_phase ph,
                       const char *region, const char *text);
const char *eng_pool_keep(struct coach *c, char *s);
void eng_queue_clear(struct coach *c);
void eng_queue_drop_step(struct coach *c);
void eng_queue_front(struct coach *c, const struct task *t, size_t n);
bool eng_region_lighter(const struct coach *c, const char *region);
uint32_t eng_say(struct coach *c, const char *text);
void eng_set_add(struct str_set *s, const char *v);
bool eng_set_has(const struct str_set *s, const char *v);
void eng_set_message(struct coach *c, const char *text);
void eng_show(struct coach *c);
void eng_silence(struct coach *c);
const char *eng_step_region(const struct routine_step *st);

/* engine_rules.c */
void eng_answered(struct coach *c, const struct task *t, int value);
void eng_apply_memory(struct coach *c, size_t stage);
void eng_apply_saved(struct coach *c);
bool eng_on_blood_thinners(const struct coach *c);
const char *eng_pressure_advice(const struct coach *c, const char *region);
int eng_pressure_cap(const struct coach *c, const char *region);
void eng_remember(struct coach *c, enum memory_kind k, const char *region,
                  int value, long long rest_s);
int eng_screening_value(const struct coach *c, const char *id);

#endif
