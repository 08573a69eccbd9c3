/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See coach_sim.h. */
#include "tests/coach_sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/util.h"

static void logf_(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_(struct sim *s, const char *fmt, ...)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%9.3f ", (s->now - s->t0) / 1000.0);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    va_end(ap);
    size_t l = strlen(buf);
    s->log = xgrow(s->log, &s->cap, s->len + l + 2, 1);
    memcpy(s->log + s->len, buf, l);
    s->len += l;
    s->log[s->len++] = '\n';
    s->log[s->len] = '\0';
}

static long long say_ms(const char *text)
{
    long long words = 0;
    bool in = false;
    for (const char *p = text; *p; p++) {
        bool sp = *p == ' ';
        if (!sp && !in)
            words++;
        in = !sp;
    }
    return words * 60000 / 160 + 300;
}

static void drain(struct sim *s)
{
    struct coach_action a;
    while (coach_next_action(s->c, &a)) {
        s->actions++;
        if (s->on_action)
            s->on_action(s, &a);
        switch (a.kind) {
        case COACH_ACT_SAY: {
            long long start = s->nspeech ? s->ends[s->nspeech - 1] : s->now;
            if (s->nspeech < 512) {
                s->ids[s->nspeech] = a.speech_id;
                s->ends[s->nspeech++] = start + say_ms(a.text);
            }
            s->says++;
            logf_(s, "say %s", a.text);
            break;
        }
        case COACH_ACT_SILENCE:
            s->nspeech = 0;
            s->silences++;
            break;
        case COACH_ACT_CUE:
        case COACH_ACT_SHOW:
            break;
        case COACH_ACT_REMEMBER:
            logf_(s, "remember %s %s %d %lld", memory_kind_name(a.mem.kind),
                  a.mem.region, a.mem.value, a.mem.until_s);
            break;
        case COACH_ACT_ASK:
            s->asks++;
            s->ask_open = true;
            snprintf(s->ask_q, sizeof s->ask_q, "%s", a.question);
            snprintf(s->ask_region, sizeof s->ask_region, "%s",
                     a.region ? a.region : "");
            snprintf(s->ask_step, sizeof s->ask_step, "%s",
                     a.step ? a.step : "");
            logf_(s, "ask %s %s", a.question, a.region ? a.region : "-");
            break;
        case COACH_ACT_ANSWER:
            s->answers++;
            s->ask_open = false;
            logf_(s, "answer %s %d", a.question, a.value);
            break;
        case COACH_ACT_HOLD_START:
            s->holds++;
            if (s->stopped)
                s->holds_after_stop = true;
            logf_(s, "hold_start %s %d", a.step ? a.step : "-", a.side);
            break;
        case COACH_ACT_HOLD_END:
            s->hold_ends++;
            logf_(s, "hold_end %s %d", a.step ? a.step : "-", a.side);
            break;
        case COACH_ACT_REST_START:
            s->rests++;
            logf_(s, "rest_start %s", a.step ? a.step : "-");
            break;
        case COACH_ACT_STOP:
            s->stops++;
            snprintf(s->last_rule, sizeof s->last_rule, "%s",
                     a.rule ? a.rule : "");
            s->last_action = a.action;
            if (rule_action_rank(a.action) >= rule_action_rank(ACTION_STOP))
                s->stopped = true;
            logf_(s, "stop %s %s", a.rule ? a.rule : "-",
                  rule_action_name(a.action));
            break;
        case COACH_ACT_END:
            s->ends_seen++;
            s->outcome = a.outcome;
            logf_(s, "end %s", coach_outcome_name(a.outcome));
            break;
        }
    }
}

void sim_init(struct sim *s, const struct routine *r,
              const struct coach_options *o, sim_answer_fn fn)
{
    memset(s, 0, sizeof *s);
    s->c = coach_create(r, o);
    s->answer = fn;
    s->now = s->t0 = 1000000;   /* any origin: nothing may assume 0 */
    s->answer_delay_ms = 1000;
}

int sim_event(struct sim *s, const struct coach_event *ev)
{
    int rc = coach_handle(s->c, ev, s->now);
    drain(s);
    return rc;
}

int sim_command(struct sim *s, enum coach_command cmd)
{
    struct coach_event ev = { .kind = COACH_EV_COMMAND, .command = cmd };
    logf_(s, "command %d", (int)cmd);
    return sim_event(s, &ev);
}

int sim_answer_now(struct sim *s, const char *qid, int value)
{
    struct coach_event ev = { .kind = COACH_EV_ANSWER, .question = qid,
                              .value = value };
    return sim_event(s, &ev);
}

int sim_run(struct sim *s, long long max_ms)
{
    if (!s->actions && !coach_ended(s->c)) {
        struct coach_event ev = { .kind = COACH_EV_START };
        sim_event(s, &ev);
    }
    const long long NONE = -1;
    while (!coach_ended(s->c)) {
        long long t_speech = s->nspeech ? s->ends[0] : NONE;
        long long t_dead = coach_next_deadline(s->c);
        long long t_ans = NONE;
        if (s->ask_open && !s->nspeech && s->answer)
            t_ans = s->now + s->answer_delay_ms;
        long long t_cmd = s->next_cmd < s->ncmds
            ? s->t0 + s->cmds[s->next_cmd].t_ms : NONE;
        long long t = NONE;
        int which = 0;
        if (t_speech != NONE) { t = t_speech; which = 1; }
        if (t_dead != NONE && (t == NONE || t_dead < t)) {
            t = t_dead; which = 2;
        }
        if (t_ans != NONE && (t == NONE || t_ans < t)) {
            t = t_ans; which = 3;
        }
        if (t_cmd != NONE && (t == NONE || t_cmd < t)) {
            t = t_cmd; which = 4;
        }
        if (t == NONE)
            return 1;
        if (t - s->t0 > max_ms) {
            if (s->t0 + max_ms > s->now)
                s->now = s->t0 + max_ms;   /* time passes */
            return 2;
        }
        if (t > s->now)
            s->now = t;
        struct coach_event ev = { .kind = COACH_EV_TICK };
        if (which == 1) {
            ev.kind = COACH_EV_SPEECH_DONE;
            ev.speech_id = s->ids[0];
            s->nspeech--;
            memmove(s->ids, s->ids + 1, s->nspeech * sizeof *s->ids);
            memmove(s->ends, s->ends + 1, s->nspeech * sizeof *s->ends);
        } else if (which == 3) {
            int v = s->answer(s, s->ask_q,
                              s->ask_region[0] ? s->ask_region : NULL);
            s->ask_open = false;    /* answered, or left unanswered */
            if (v == SIM_NO_ANSWER)
                continue;
            ev.kind = COACH_EV_ANSWER;
            ev.question = s->ask_q;
            ev.value = v;
        } else if (which == 4) {
            ev.kind = COACH_EV_COMMAND;
            ev.command = s->cmds[s->next_cmd++].cmd;
            logf_(s, "command %d", (int)ev.command);
        }
        sim_event(s, &ev);
    }
    return 0;
}

bool sim_logged(const struct sim *s, const char *needle)
{
    return s->log && strstr(s->log, needle);
}

void sim_free(struct sim *s)
{
    coach_destroy(s->c);
    free(s->log);
    memset(s, 0, sizeof *s);
}

struct routine *sim_routine(const char *text)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(text, strlen(text), "test.ini",
                                            &dl);
    if (!r) {
        diag_print(&dl, stderr);
        abort();
    }
    diag_free(&dl);
    return r;
}
