/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screen's side of a session; see front.h. */
#include "ui/front.h"

#include <stdio.h>
#include <string.h>

#include "coach/answers.h"
#include "coach/screening.h"
#include "ui/loop.h"
#include "util/util.h"

void ui_front_init(struct ui_front *f, const struct routine *r)
{
    memset(f, 0, sizeof *f);
    f->routine = r;
    f->selected = -1;
}

const char *ui_stop_advice(enum rule_action a)
{
    switch (a) {
    case ACTION_URGENT:
        return "Stop now. Call emergency services or get urgent care.";
    case ACTION_NOT_START:
        return "No rolling today. Check with your doctor or therapist "
               "before the next session.";
    case ACTION_STOP:
        return "Come off the roller. Sit or lie on your side and rest.";
    default:
        return NULL;
    }
}

static const struct question *find_question(const struct ui_front *f,
                                            const char *id)
{
    if (!id)
        return NULL;
    if (f->routine)
        return routine_question_find(f->routine, id);
    return builtin_question_find(id);
}

bool ui_front_action(struct ui_front *f, const struct coach_action *a)
{
    switch (a->kind) {
    case COACH_ACT_SHOW:
        return true;
    case COACH_ACT_ASK:
        f->selected = -1;
        f->selected_for = NULL;
        return true;
    case COACH_ACT_ANSWER: {
        f->selected = -1;
        f->selected_for = NULL;
        if (f->row_count >= UI_FRONT_ANSWERS)
            return true;
        const struct question *q = find_question(f, a->question);
        size_t i = f->row_count++;
        struct ui_answer_row *row = &f->rows[i];
        const char *text = q ? q->text : a->question;
        if (a->region) {
            snprintf(f->row_text[i][0], sizeof f->row_text[i][0], "%s (%s)",
                     text ? text : "?", a->region);
        } else {
            snprintf(f->row_text[i][0], sizeof f->row_text[i][0], "%s",
                     text ? text : "?");
        }
        if (q && q->kind == ANSWER_YES_NO)
            snprintf(f->row_text[i][1], sizeof f->row_text[i][1], "%s",
                     a->value ? "yes" : "no");
        else
            snprintf(f->row_text[i][1], sizeof f->row_text[i][1],
                     "%d / 10", a->value);
        row->question = f->row_text[i][0];
        row->answer = f->row_text[i][1];
        row->flagged = q && q->rule.op != RULE_NONE &&
                       stop_rule_fires(&q->rule, a->value);
        return true;
    }
    case COACH_ACT_STOP:
        /* Only the stops that end the session hold the screen; skipping a
         * region or going lighter is said and the session goes on. */
        if (a->action == ACTION_STOP || a->action == ACTION_NOT_START ||
            a->action == ACTION_URGENT) {
            if (!f->stop_held ||
                rule_action_rank(a->action) >=
                    rule_action_rank(f->stop_action)) {
                f->stop_held = true;
                f->stop_action = a->action;
                snprintf(f->stop_message, sizeof f->stop_message, "%s",
                         a->text ? a->text : "");
            }
        }
        return true;
    case COACH_ACT_END:
        f->ended = true;
        return true;
    default:
        return false;
    }
}

static const char *phase_label(enum coach_phase p)
{
    switch (p) {
    case PHASE_SETUP: return "GET READY";
    case PHASE_LEAD_IN: return "GET INTO POSITION";
    case PHASE_HOLD: return "HOLD";
    case PHASE_SWITCH: return "SWITCH SIDES";
    case PHASE_REST: return "REST";
    default: return NULL;
    }
}

static enum ui_side side_of(enum coach_side s)
{
    return s == SIDE_LEFT ? UI_SIDE_LEFT
           : s == SIDE_RIGHT ? UI_SIDE_RIGHT : UI_SIDE_NONE;
}

static void fill_step(const struct coach_view *v, long long now_ms,
                      struct ui_step_model *m)
{
    memset(m, 0, sizeof *m);
    const struct routine_step *st = v->step;
    if (st && st->region) {
        m->region_id = st->region->id;
        m->region_name = st->region->name;
        m->back_view = st->region->view == REGION_VIEW_BACK;
    }
    m->side = side_of(v->side);
    m->phase_label = phase_label(v->phase);
    m->setup = st ? st->setup : v->message;
    m->step_number = (int)v->step_index + 1;
    m->step_count = (int)v->step_count;
    m->countdown_ms = -1;
    if (v->phase_end_ms > 0 && v->phase != PHASE_SETUP) {
        long long left = v->phase_end_ms - now_ms;
        m->countdown_ms = left > 0 ? left : 0;
        m->phase_ms = v->phase_end_ms - v->phase_start_ms;
    }
    m->routine_left_ms = v->remaining_ms > 0 ? v->remaining_ms : -1;
    m->paused = v->paused;
}

/* "Health check 3 of 14", "Today's check 1 of 3", or "Check-in". */
static void check_in_heading(const struct question *q, char *buf, size_t n)
{
    static const struct {
        enum screening_set set;
        const char *name;
    } sets[] = {
        { SCREEN_FULL, "Health check" }, { SCREEN_DAILY, "Today's check" },
    };
    for (size_t k = 0; k < ARRAY_LEN(sets); k++) {
        size_t count = screening_count(sets[k].set);
        for (size_t i = 0; i < count; i++) {
            const struct screening_item *it = screening_at(sets[k].set, i);
            if (it && it->q.id && q->id && !strcmp(it->q.id, q->id)) {
                snprintf(buf, n, "%s %zu of %zu", sets[k].name, i + 1,
                         count);
                return;
            }
        }
    }
    snprintf(buf, n, "Check-in");
}

void ui_front_screen(struct ui_front *f, const struct coach_view *v,
                     long long now_ms, struct ui_screen *out)
{
    memset(out, 0, sizeof *out);
    /* Paused, the countdown stands still: the engine moves its deadlines
     * on when the session resumes. */
    if (!v->paused)
        f->paused_at = 0;
    else if (!f->paused_at)
        f->paused_at = now_ms;
    if (v->paused)
        now_ms = f->paused_at;
    if (f->stop_held) {
        out->kind = UI_SCREEN_STOP;
        out->u.stop.action = f->stop_action;
        out->u.stop.message = f->stop_message;
        out->u.stop.todo = ui_stop_advice(f->stop_action);
        return;
    }
    const char *title = f->routine ? f->routine->title : "Unknot";
    if (f->ended || v->phase == PHASE_SUMMARY) {
        out->kind = UI_SCREEN_SUMMARY;
        struct ui_summary_model *m = &out->u.summary;
        snprintf(f->title, sizeof f->title, "%s: %s",
                 f->ended ? "Session over" : "Finishing", title);
        m->title = f->title;
        m->answers = f->rows;
        m->answer_count = f->row_count;
        for (size_t i = 0; i < f->series_count; i++) {
            f->series[i].region_name = f->series_name[i];
            f->series[i].values = f->series_values[i];
        }
        m->series = f->series;
        m->series_count = f->series_count;
        m->session_count = f->session_count;
        return;
    }
    switch (v->phase) {
    case PHASE_CHECK_IN:
    case PHASE_QUESTION:
        if (v->question) {
            out->kind = UI_SCREEN_QUESTION;
            struct ui_question_model *m = &out->u.question;
            const struct routine_step *st = v->step;
            if (v->phase == PHASE_CHECK_IN)
                check_in_heading(v->question, f->heading,
                                 sizeof f->heading);
            else if (st && st->region)
                snprintf(f->heading, sizeof f->heading, "Step %zu of %zu: "
                         "%s", v->step_index + 1, v->step_count,
                         st->region->name);
            else
                f->heading[0] = '\0';
            /* Unanswered, the session waits (a missing answer is never
             * taken as fine): say so where the eye goes first. */
            if (v->paused || v->waiting)
                snprintf(f->heading + strlen(f->heading),
                         sizeof f->heading - strlen(f->heading),
                         "%sWaiting for your answer",
                         f->heading[0] ? "  \xc2\xb7  " : "");
            m->heading = f->heading[0] ? f->heading : NULL;
            m->text = v->question->text;
            m->yes_no = v->question->kind == ANSWER_YES_NO;
            m->selected = f->selected_for == v->question ? f->selected : -1;
            m->listening = f->listening;
            return;
        }
        break;
    case PHASE_SETUP:
    case PHASE_LEAD_IN:
    case PHASE_HOLD:
    case PHASE_SWITCH:
        if (v->step) {
            out->kind = UI_SCREEN_STEP;
            fill_step(v, now_ms, &out->u.step);
            return;
        }
        break;
    case PHASE_REST:
        out->kind = UI_SCREEN_REST;
        fill_step(v, now_ms, &out->u.step);
        out->u.step.side = UI_SIDE_NONE;
        if (!v->step)
            out->u.step.region_name = "the next step";
        return;
    case PHASE_STOPPED:
        out->kind = UI_SCREEN_STOP;
        out->u.stop.action = v->stop_action;
        out->u.stop.message = v->message;
        out->u.stop.todo = ui_stop_advice(v->stop_action);
        return;
    default:
        break;
    }
    out->kind = UI_SCREEN_MESSAGE;
    out->u.message.title = title;
    out->u.message.text = v->message;
}

static bool question_open(const struct coach_view *v)
{
    return v->question && (v->phase == PHASE_QUESTION ||
                           v->phase == PHASE_CHECK_IN);
}

static void answer(const struct coach_view *v, int value,
                   struct coach_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = COACH_EV_ANSWER;
    ev->question = v->question->id;
    ev->value = value;
}

static void command(enum coach_command c, struct coach_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = COACH_EV_COMMAND;
    ev->command = c;
}

bool ui_front_input(struct ui_front *f, const struct coach_view *v,
                    struct ui_input in, struct coach_event *ev,
                    bool *redraw)
{
    *redraw = false;
    if (in.cmd == UI_CMD_QUIT)
        return false;   /* the loop ends the session (coach_quit) */
    if (f->stop_held) {
        /* Held until acknowledged: only OK moves on. */
        if (in.cmd == UI_CMD_OK) {
            f->stop_held = false;
            *redraw = true;
        }
        return false;
    }
    if (f->ended || v->phase == PHASE_SUMMARY) {
        if (f->ended && (in.cmd == UI_CMD_OK || in.cmd == UI_CMD_STOP)) {
            f->done = true;
            *redraw = true;
        }
        return false;
    }
    switch (in.cmd) {
    case UI_CMD_STOP:
        command(COACH_CMD_STOP, ev);
        return true;
    case UI_CMD_PAUSE:
        command(v->paused ? COACH_CMD_RESUME : COACH_CMD_PAUSE, ev);
        return true;
    case UI_CMD_REPEAT:
        command(COACH_CMD_REPEAT, ev);
        return true;
    case UI_CMD_SKIP:
        command(COACH_CMD_SKIP, ev);
        return true;
    default:
        break;
    }
    if (!question_open(v)) {
        /* Outside questions, OK resumes a paused session. */
        if (in.cmd == UI_CMD_OK && v->paused) {
            command(COACH_CMD_RESUME, ev);
            return true;
        }
        return false;
    }
    bool yes_no = v->question->kind == ANSWER_YES_NO;
    int cur = f->selected_for == v->question ? f->selected : -1;
    switch (in.cmd) {
    case UI_CMD_WORD:
    case UI_CMD_ANSWER:
        /* One answer check for keys, voice and --answers: "n" on a scale
         * or "1" on a yes-no question is refused; the coach asks again. */
        if (!answer_fits(v->question->kind, yes_no ? 1 : 10, in.value,
                         in.cmd == UI_CMD_WORD)) {
            answer(v, -1, ev);
            return true;
        }
        if (yes_no) {
            answer(v, in.value, ev);
            return true;
        }
        /* A scale answer matters (8 stops a region): a digit highlights
         * it, Enter or a second tap confirms. */
        f->selected = in.value;
        f->selected_for = v->question;
        *redraw = true;
        return false;
    case UI_CMD_SELECT:
        if (yes_no) {
            answer(v, in.value ? 1 : 0, ev);
            return true;
        }
        if (cur == in.value) {
            answer(v, in.value, ev);
            return true;
        }
        f->selected = in.value;
        f->selected_for = v->question;
        *redraw = true;
        return false;
    case UI_CMD_OK:
        if (cur < 0)
            return false;
        answer(v, cur, ev);
        return true;
    case UI_CMD_NEXT:
    case UI_CMD_PREV: {
        int max = yes_no ? 1 : 10;
        int step = in.cmd == UI_CMD_NEXT ? 1 : -1;
        /* Yes is drawn first, so "next" from yes is no. */
        if (yes_no)
            step = -step;
        int next = cur < 0 ? (yes_no ? 1 : 0) : cur + step;
        if (next < 0)
            next = 0;
        if (next > max)
            next = max;
        f->selected = next;
        f->selected_for = v->question;
        *redraw = true;
        return false;
    }
    default:
        return false;
    }
}

long long ui_front_next_change(const struct ui_front *f,
                               const struct coach_view *v, long long now_ms)
{
    if (f->stop_held || f->ended || v->paused || v->phase_end_ms <= 0)
        return -1;
    switch (v->phase) {
    case PHASE_LEAD_IN:
    case PHASE_HOLD:
    case PHASE_SWITCH:
    case PHASE_REST:
        return ui_countdown_next_change(v->phase_end_ms, now_ms);
    default:
        return -1;
    }
}
