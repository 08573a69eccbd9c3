/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screen's side of a session; see front.h. */
#include "ui/front.h"

#include <stdio.h>
#include <string.h>

#include "coach/answers.h"
#include "coach/screening.h"
#include "routines/region.h"
#include "ui/loop.h"
#include "util/i18n.h"
#include "util/util.h"

void ui_front_init(struct ui_front *f, const struct routine *r)
{
    memset(f, 0, sizeof *f);
    f->routine = r;
    f->selected = -1;
    f->last_answer_row = -1;
    f->notice_index = -1;
    f->stop_reason = -1;
    f->left_at = -1;
}

const char *ui_stop_advice(enum rule_action a)
{
    switch (a) {
    case ACTION_URGENT:
        return _("Stop now. Call emergency services or get urgent care.");
    case ACTION_NOT_START:
        return _("No rolling today. Check with your doctor or therapist "
                 "before the next session.");
    case ACTION_STOP:
        return _("Come off the roller. Sit or lie on your side and rest.");
    default:
        return NULL;
    }
}

/* The answers of "why did you stop?" (coach/screening.h, STOP_REASON_*),
 * as buttons and as the summary says them. */
static const char *const stop_reason_labels[] = {
    N_("Done for today"), N_("Tingling or numbness"), N_("Sharp pain"),
    N_("Dizzy"), N_("Chest pain or breathless"),
};
/* The summary's heading after a stop, by its reason (0, done, is "You
 * stopped: done for today", a quit). */
static const char *const stop_reason_outcomes[] = {
    N_("Stopped: you were done"),
    /* TRANSLATORS: the summary's heading after the user stopped and gave
     * this reason. */
    N_("Stopped: you felt tingling or numbness"),
    N_("Stopped: you felt sharp pain"), N_("Stopped: you felt dizzy"),
    N_("Stopped: you had chest pain or were breathless"),
};

/* The reason buttons in the session's language (the UI is one thread). */
static const char *const *stop_reason_choices(void)
{
    static const char *labels[ARRAY_LEN(stop_reason_labels)];
    for (size_t i = 0; i < ARRAY_LEN(stop_reason_labels); i++)
        labels[i] = _(stop_reason_labels[i]);
    return labels;
}

static bool is_stop_reason(const struct question *q)
{
    return q && q->id && !strcmp(q->id, "stop-reason");
}

static const struct question *find_question(const struct ui_front *f,
                                            const char *id)
{
    if (!id)
        return NULL;
    if (!strcmp(id, "stop-reason"))
        return screening_stop_reason();
    if (!strcmp(id, "recent-soreness"))
        return screening_recent_soreness();
    if (!strcmp(id, "area-check"))
        return screening_area_check();
    /* The coach's follow-ups ("is the tingling still there?"). */
    const struct question *follow[] = { screening_tingling_lasts(),
                                        screening_bruise_large(),
                                        screening_bruise_gone() };
    for (size_t i = 0; i < ARRAY_LEN(follow); i++)
        if (follow[i] && follow[i]->id && !strcmp(id, follow[i]->id))
            return follow[i];
    const struct screening_item *it = screening_find(id);
    if (it)
        return &it->q;
    if (f->routine)
        return routine_question_find(f->routine, id);
    return builtin_question_find(id);
}

static const char *region_label(const char *id)
{
    const struct region_info *g = id ? region_find(id) : NULL;
    return g ? region_title(g) : id;
}

/* A question as the summary lists it, in plain words. */
static void row_question(const struct question *q, const char *id,
                         const char *region, char *buf, size_t n)
{
    const char *reg = region_label(region);
    /* TRANSLATORS: the summary's list of answers; %s is a body region
     * ("Calves"). */
    if (!strcmp(id, "soreness") && reg)
        snprintf(buf, n, _("%s: soreness after rolling"), reg);
    else if (!strcmp(id, "recent-soreness") && reg)
        /* TRANSLATORS: %s is a body region. */
        snprintf(buf, n, _("%s: still sore from last time"), reg);
    else if (!strcmp(id, "recent-soreness"))
        snprintf(buf, n, "%s", _("Still sore? still sore from last time"));
    else if (!strcmp(id, "stop-reason"))
        snprintf(buf, n, "%s", _("Why you stopped"));
    else if (!strcmp(id, "area-check") && reg)
        /* TRANSLATORS: %s is a body region. */
        snprintf(buf, n, _("%s: the area to avoid?"), reg);
    else if (reg)
        /* TRANSLATORS: the summary's row of a question asked in a region:
         * the region ("Calves"), then the question; French puts a space
         * before the colon. */
        snprintf(buf, n, C_("summary row", "%s: %s"), reg,
                 q && q->text ? i18n_text(q->text) : id);
    else
        snprintf(buf, n, "%s", q && q->text ? i18n_text(q->text) : id);
    /* A label longer than the buffer ends on a whole character. */
    size_t bad;
    if (!utf8_valid(buf, strlen(buf), &bad))
        buf[bad] = '\0';
}

static void add_answer(struct ui_front *f, const struct coach_action *a)
{
    const struct question *q = find_question(f, a->question);
    /* The health screening is saved and reviewed on its own (unknot
     * screen, history --csv); today's summary counts it only. */
    if (a->check_in && a->question && !strncmp(a->question, "screen-", 7)) {
        f->screening_count++;
        f->last_answer_row = -1;
        return;
    }
    if (is_stop_reason(q))
        f->stop_reason = a->value;
    if (f->row_count >= UI_FRONT_ANSWERS) {
        f->last_answer_row = -1;
        return;
    }
    size_t i = f->row_count++;
    struct ui_answer_row *row = &f->rows[i];
    row_question(q, a->question ? a->question : "?", a->region,
                 f->row_text[i][0], sizeof f->row_text[i][0]);
    if (is_stop_reason(q) && a->value >= 0 &&
        (size_t)a->value < ARRAY_LEN(stop_reason_labels))
        snprintf(f->row_text[i][1], sizeof f->row_text[i][1], "%s",
                 _(stop_reason_labels[a->value]));
    else if (q && q->kind == ANSWER_YES_NO)
        snprintf(f->row_text[i][1], sizeof f->row_text[i][1], "%s",
                 a->value ? _("yes") : _("no"));
    else
        /* TRANSLATORS: a soreness answer, 0 to 10. */
        snprintf(f->row_text[i][1], sizeof f->row_text[i][1],
                 _("%d / 10"), a->value);
    snprintf(f->row_id[i], sizeof f->row_id[i], "%s",
             a->question ? a->question : "?");
    row->question = f->row_text[i][0];
    row->answer = f->row_text[i][1];
    row->question_id = f->row_id[i];
    row->value = a->value;
    row->flagged = q && q->rule.op != RULE_NONE &&
                   stop_rule_fires(&q->rule, a->value);
    f->last_answer_row = (int)i;
}

static void add_change(struct ui_front *f, const struct coach_action *a)
{
    if (f->change_count >= UI_FRONT_CHANGES)
        return;
    size_t i = f->change_count++;
    const char *reg = region_label(a->region);
    char *what = f->change_text[i][0];
    size_t n = sizeof f->change_text[i][0];
    if (a->action == ACTION_LIGHTER && reg)
        /* TRANSLATORS: a change a safety rule made; %s is a body region. */
        snprintf(what, n, _("%s: lighter pressure"), reg);
    else if (a->action == ACTION_LIGHTER)
        snprintf(what, n, "%s", _("All regions: lighter pressure"));
    else if (reg)
        /* TRANSLATORS: %s is a body region. */
        snprintf(what, n, _("%s skipped"), reg);
    else
        snprintf(what, n, "%s", _("An area skipped"));
    snprintf(f->change_text[i][1], sizeof f->change_text[i][1], "%s",
             a->text ? a->text : "");
    snprintf(f->change_rule[i], sizeof f->change_rule[i], "%s",
             a->rule ? a->rule : "");
    snprintf(f->change_region[i], sizeof f->change_region[i], "%s",
             reg ? reg : "");
    f->changes[i].action = a->action;
    f->changes[i].what = what;
    f->changes[i].why = f->change_text[i][1];
    f->notice_index = (int)i;
    f->notice_until = a->t_ms + UI_FRONT_NOTICE_MS;
}

void ui_front_asked(struct ui_front *f)
{
    f->last_answer_row = -1;
}

bool ui_front_action(struct ui_front *f, const struct coach_action *a)
{
    switch (a->kind) {
    case COACH_ACT_SHOW:
        return true;
    case COACH_ACT_ASK:
        f->selected = -1;
        f->selected_for = NULL;
        f->last_answer_row = -1;
        return true;
    case COACH_ACT_ANSWER:
        f->selected = -1;
        f->selected_for = NULL;
        add_answer(f, a);
        return true;
    case COACH_ACT_HOLD_START:
        f->holds++;
        f->last_answer_row = -1;
        return false;
    case COACH_ACT_REST_START:
        f->last_answer_row = -1;
        return false;
    case COACH_ACT_STOP:
        /* The answer just given fired it: red in the summary. */
        if (f->last_answer_row >= 0)
            f->rows[f->last_answer_row].flagged = true;
        if (a->action == ACTION_LIGHTER || a->action == ACTION_SKIP_REGION) {
            /* The session goes on: said, shown as a notice, listed in
             * the summary. */
            add_change(f, a);
            return true;
        }
        if (rule_action_rank(a->action) >= rule_action_rank(f->end_action)) {
            f->end_action = a->action;
            snprintf(f->end_message, sizeof f->end_message, "%s",
                     a->text ? a->text : "");
            f->end_says_what_to_do = a->says_what_to_do;
        }
        /* Only the stops that end the session hold the screen. */
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
        f->outcome = a->outcome;
        return true;
    default:
        return false;
    }
}

/* Why a rule fired, in a few words, from its id. */
static const char *rule_reason(const char *rule)
{
    if (!rule)
        return NULL;
    /* TRANSLATORS: why a region was skipped or rolled lighter, shown
     * after "Lighter: Calves, Buttocks". */
    if (!strncmp(rule, "recent-soreness", 15))
        return _("still sore from last time");
    if (!strncmp(rule, "soreness", 8))
        return _("too sore after rolling");
    if (!strncmp(rule, "screen-", 7))
        return _("from your health screening");
    if (!strncmp(rule, "daily-", 6))
        return _("from today's check");
    if (!strcmp(rule, "area-check"))
        return _("the area to avoid");
    return NULL;
}

/* The summary's changes: one line per kind and reason ("Lighter: Calves,
 * Buttocks - still sore from last time"), not one per region. */
static void group_changes(struct ui_front *f)
{
    /* Per group: the regions, comma separated, gathered first and put
     * into the whole sentence at the end; none[g]: its first change had
     * no region ("every region", "an area"). */
    bool none[UI_FRONT_CHANGES] = { false };
    f->grouped_count = 0;
    for (size_t i = 0; i < f->change_count; i++) {
        const struct ui_change_row *c = &f->changes[i];
        const char *reason = rule_reason(f->change_rule[i]);
        size_t g = 0;
        for (; g < f->grouped_count; g++)
            if (f->grouped[g].action == c->action &&
                reason && f->grouped_reason[g] &&
                !strcmp(f->grouped_reason[g], reason))
                break;
        const char *reg = f->change_region[i][0] ? f->change_region[i]
                                                 : NULL;
        char *what = f->grouped_text[g][0];
        size_t n = sizeof f->grouped_text[g][0];
        if (g == f->grouped_count) {
            if (g >= UI_FRONT_CHANGES)
                break;
            f->grouped_count++;
            f->grouped[g].action = c->action;
            f->grouped_reason[g] = reason;
            none[g] = !reg;
            snprintf(what, n, "%s", reg ? reg : "");
            /* The reason, or the coach's words when it has none. */
            snprintf(f->grouped_text[g][1], sizeof f->grouped_text[g][1],
                     "%s", reason ? reason : c->why);
            f->grouped[g].what = what;
            f->grouped[g].why = f->grouped_text[g][1];
        } else if (reg && !strstr(what, reg)) {
            size_t len = strlen(what);
            snprintf(what + len, n - len, len ? ", %s" : "%s", reg);
        }
    }
    for (size_t g = 0; g < f->grouped_count; g++) {
        char *what = f->grouped_text[g][0];
        size_t n = sizeof f->grouped_text[g][0];
        bool lighter = f->grouped[g].action == ACTION_LIGHTER;
        char list[sizeof f->grouped_text[g][0]];
        snprintf(list, sizeof list, "%s", what);
        if (none[g])
            /* A region named later is listed after "every region". */
            snprintf(what, n, list[0] ? "%s, %s" : "%s",
                     lighter ? _("Lighter: every region")
                             : _("Skipped: an area"), list);
        else
            /* TRANSLATORS: %s is a list of body regions ("Calves,
             * Buttocks"). */
            snprintf(what, n, lighter ? _("Lighter: %s") : _("Skipped: %s"),
                     list);
    }
}

/* The outcome in plain words, for the summary's heading. */
static const char *outcome_text(struct ui_front *f, bool ended)
{
    char *b = f->outcome_text;
    size_t n = sizeof f->outcome_text;
    enum coach_outcome o = ended ? f->outcome
                           : f->end_action != ACTION_NONE ? OUTCOME_STOPPED
                                                          : OUTCOME_COMPLETED;
    bool reason = f->stop_reason > 0 &&
                  (size_t)f->stop_reason < ARRAY_LEN(stop_reason_outcomes);
    if (o == OUTCOME_STOPPED || f->end_action >= ACTION_STOP) {
        if (f->end_action == ACTION_NOT_START)
            snprintf(b, n, "%s", _("Not started today"));
        else if (f->holds == 0 && f->end_action == ACTION_URGENT)
            snprintf(b, n, "%s", _("Not started: a warning sign"));
        else if (f->holds == 0 && !reason)
            snprintf(b, n, "%s", _("Not started today"));
        else if (reason)
            snprintf(b, n, "%s", _(stop_reason_outcomes[f->stop_reason]));
        else if (f->end_action == ACTION_URGENT)
            snprintf(b, n, "%s", _("Stopped: a warning sign"));
        else
            snprintf(b, n, "%s", _("Stopped by a safety rule"));
    } else if (o == OUTCOME_QUIT) {
        if (f->stop_reason == 0)
            snprintf(b, n, "%s", _("You stopped: done for today"));
        else
            snprintf(b, n, "%s", _("You stopped the session"));
    } else if (f->holds == 0) {
        snprintf(b, n, "%s", _("Nothing was rolled today"));
    } else if (f->change_count) {
        group_changes(f);
        /* TRANSLATORS: the summary's heading; the changes are regions a
         * safety rule skipped or rolled lighter. */
        snprintf(b, n, ngettext("Session complete, with %zu change",
                                "Session complete, with %zu changes",
                                f->grouped_count), f->grouped_count);
    } else {
        snprintf(b, n, "%s", _("Session complete"));
    }
    return b;
}

static const char *phase_label(enum coach_phase p)
{
    switch (p) {
    case PHASE_SETUP: return _("GET READY");
    case PHASE_LEAD_IN: return _("GET INTO POSITION");
    case PHASE_HOLD: return _("HOLD");
    case PHASE_SWITCH: return _("SWITCH SIDES");
    case PHASE_REST: return _("REST");
    default: return NULL;
    }
}

static enum ui_side side_of(enum coach_side s)
{
    return s == SIDE_LEFT ? UI_SIDE_LEFT
           : s == SIDE_RIGHT ? UI_SIDE_RIGHT : UI_SIDE_NONE;
}

/* "Time left" as shown: the engine's estimate, but never going up (a
 * side switch or a resume would make it jump) and standing still while
 * paused.  real_now is the caller's clock, also while paused. */
static long long time_left(struct ui_front *f, const struct coach_view *v,
                           long long real_now)
{
    long long est = v->remaining_ms > 0 ? v->remaining_ms : 0;
    /* Only the steps count down the routine: the check-in before them
     * does not shorten it. */
    bool steps = v->step && v->phase != PHASE_CHECK_IN &&
                 v->phase != PHASE_INTRO && v->phase != PHASE_IDLE;
    if (f->left_at < 0 || !steps) {
        f->left_ms = est;
    } else if (v->paused) {
        /* stands still */
    } else if (f->left_paused) {
        /* Just resumed: the pause does not count. */
        if (est < f->left_ms)
            f->left_ms = est;
    } else {
        long long down = f->left_ms - (real_now - f->left_at);
        if (down < 0)
            down = 0;
        f->left_ms = est < down ? est : down;
    }
    f->left_at = real_now;
    f->left_paused = v->paused;
    return f->left_ms;
}

static void fill_step(const struct coach_view *v, long long now_ms,
                      struct ui_step_model *m)
{
    memset(m, 0, sizeof *m);
    const struct routine_step *st = v->step;
    if (st && st->region) {
        m->region_id = st->region->id;
        m->region_name = region_title(st->region);
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
    m->routine_left_ms = -1;
    m->paused = v->paused;
    /* Lighter for this step's region: shown all through the step, not
     * only in the notice when the rule fired. */
    m->lighter = v->lighter;
    m->pressure_cap = v->pressure_cap > 0 && v->pressure_cap <= 10
                      ? v->pressure_cap : 0;
}

/* "Health check 3 of 14", "Today's check 1 of 3", "Since last time:
 * Calves".  Numbered by the main items, which are always asked; a
 * follow-up shares its item's number, so the count never skips. */
static void check_in_heading(const struct question *q, const char *region,
                             char *buf, size_t n)
{
    /* TRANSLATORS: a question's heading: its number among the health
     * screening's (or today's check's) questions, and the count. */
    static const struct {
        enum screening_set set;
        const char *heading, *follow_up;
    } sets[] = {
        { SCREEN_FULL, N_("Health check %zu of %zu"),
          N_("Health check %zu of %zu, one more question") },
        { SCREEN_DAILY, N_("Today's check %zu of %zu"),
          N_("Today's check %zu of %zu, one more question") },
    };
    if (q->id && !strcmp(q->id, "recent-soreness")) {
        const char *reg = region_label(region);
        if (reg)
            /* TRANSLATORS: a heading; %s is a body region. */
            snprintf(buf, n, _("Since last time: %s"), reg);
        else
            snprintf(buf, n, "%s", _("Since last time"));
        return;
    }
    if (q->id && !strcmp(q->id, "area-check")) {
        const char *reg = region_label(region);
        if (reg)
            /* TRANSLATORS: a heading; %s is a body region. */
            snprintf(buf, n, _("Area check: %s"), reg);
        else
            snprintf(buf, n, "%s", _("Area check"));
        return;
    }
    for (size_t k = 0; k < ARRAY_LEN(sets); k++) {
        size_t count = screening_count(sets[k].set), mains = 0, number = 0;
        bool follow = false;
        for (size_t i = 0; i < count; i++) {
            const struct screening_item *it = screening_at(sets[k].set, i);
            if (!it->follow_up_of)
                mains++;
            if (it->q.id && q->id && !strcmp(it->q.id, q->id)) {
                number = mains;
                follow = it->follow_up_of != NULL;
            }
        }
        if (number) {
            snprintf(buf, n, follow ? _(sets[k].follow_up)
                                    : _(sets[k].heading), number, mains);
            return;
        }
    }
    snprintf(buf, n, _("Check-in"));
}

void ui_front_screen(struct ui_front *f, const struct coach_view *v,
                     long long now_ms, struct ui_screen *out)
{
    memset(out, 0, sizeof *out);
    long long real_now = now_ms;
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
        m->title = title;
        m->outcome = outcome_text(f, f->ended);
        m->outcome_action = f->end_action >= ACTION_STOP ? f->end_action
                                                         : ACTION_NONE;
        /* After a stop, what to do now is said again here: the stop
         * screen was acknowledged, the advice still stands. */
        const char *todo = ui_stop_advice(m->outcome_action);
        if (todo) {
            /* The rule's own words first; the general advice only where
             * they do not already say what to do.  Which messages do is a
             * property of the rule table's row (coach/rules.h), the same
             * in every language; a routine's own message always gets the
             * advice. */
            bool said = f->end_says_what_to_do;
            const char *after = said ? "" : todo;
            snprintf(f->todo, sizeof f->todo, "%s%s%s", f->end_message,
                     f->end_message[0] && after[0] ? " " : "", after);
            m->advice = f->todo;
        }
        group_changes(f);
        m->changes = f->grouped;
        m->change_count = f->grouped_count;
        m->answers = f->rows;
        m->answer_count = f->row_count;
        if (!f->summary_shown) {
            /* The answers that fired a rule in view from the start: the
             * list opens a couple of rows above the last of them. */
            f->summary_shown = true;
            for (size_t i = 0; i < f->row_count; i++)
                if (f->rows[i].flagged)
                    f->first_row = i >= 2 ? i - 2 : 0;
        }
        if (f->first_row >= f->row_count)
            f->first_row = f->row_count ? f->row_count - 1 : 0;
        m->first_row = f->first_row;
        m->screening_count = f->screening_count;
        for (size_t i = 0; i < f->series_count; i++) {
            f->series[i].region_name = f->series_name[i];
            f->series[i].values = f->series_values[i];
        }
        m->series = f->series;
        m->series_count = f->series_count;
        m->session_count = f->session_count;
        m->session_dates = f->session_dates;
        return;
    }
    long long left = time_left(f, v, real_now);
    /* The notice of a rule that just changed the session. */
    if (f->notice_index >= 0 && real_now < f->notice_until) {
        const struct ui_change_row *c = &f->changes[f->notice_index];
        /* What the coach said, word for word. */
        snprintf(f->notice, sizeof f->notice, "%s", c->why);
        out->notice = f->notice;
        out->notice_action = c->action;
    }
    switch (v->phase) {
    case PHASE_CHECK_IN:
    case PHASE_QUESTION:
        if (v->question) {
            out->kind = UI_SCREEN_QUESTION;
            struct ui_question_model *m = &out->u.question;
            const struct routine_step *st = v->step;
            if (v->phase == PHASE_CHECK_IN)
                check_in_heading(v->question, v->region, f->heading,
                                 sizeof f->heading);
            else if (is_stop_reason(v->question))
                snprintf(f->heading, sizeof f->heading, "%s",
                         _("You stopped"));
            else if (st && st->region)
                /* TRANSLATORS: a question's heading; %s is a body region. */
                snprintf(f->heading, sizeof f->heading, _("Step %zu of %zu: "
                         "%s"), v->step_index + 1, v->step_count,
                         region_title(st->region));
            else
                f->heading[0] = '\0';
            /* Unanswered, the session waits (a missing answer is never
             * taken as fine): say so where the eye goes first. */
            if (v->waiting)
                snprintf(f->heading + strlen(f->heading),
                         sizeof f->heading - strlen(f->heading),
                         "%s%s", f->heading[0] ? "  \xc2\xb7  " : "",
                         _("Waiting for your answer"));
            m->heading = f->heading[0] ? f->heading : NULL;
            /* What the coach says ("How sore are your calves now from
             * last time..."), not the generic text. */
            m->text = v->message && *v->message ? v->message
                                                : i18n_text(v->question->text);
            m->yes_no = v->question->kind == ANSWER_YES_NO;
            if (is_stop_reason(v->question)) {
                m->yes_no = false;
                m->choices = stop_reason_choices();
                m->choice_count = (int)ARRAY_LEN(stop_reason_labels);
            }
            m->selected = f->selected_for == v->question ? f->selected : -1;
            m->listening = f->listening;
            m->paused = v->paused && !v->waiting;
            /* The rest goes on while the step's questions are asked. */
            if (v->phase == PHASE_QUESTION && v->rest_end_ms > 0 && st &&
                st->rest_s > 0) {
                long long rest = v->rest_end_ms - now_ms;
                m->rest_ms = rest > 0 ? rest : 0;
                m->rest_total_ms = (long long)st->rest_s * 1000;
                size_t next = v->step_index + 1;
                if (f->routine && next < f->routine->step_count &&
                    f->routine->steps[next].region) {
                    /* TRANSLATORS: during a rest; %s is a body region. */
                    snprintf(f->title, sizeof f->title, _("Next: %s"),
                             region_title(f->routine->steps[next].region));
                    m->rest_next = f->title;
                }
            }
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
            out->u.step.routine_left_ms = left;
            return;
        }
        break;
    case PHASE_REST:
        out->kind = UI_SCREEN_REST;
        fill_step(v, now_ms, &out->u.step);
        out->u.step.routine_left_ms = left;
        out->u.step.side = UI_SIDE_NONE;
        if (!v->step)
            out->u.step.region_name = _("the next step");
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
        /* The answers scroll: Up / Down, or a tap on "more". */
        if (in.cmd == UI_CMD_NEXT && f->first_row + 1 < f->row_count) {
            f->first_row++;
            *redraw = true;
        } else if (in.cmd == UI_CMD_PREV && f->first_row > 0) {
            f->first_row--;
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
    bool choices = is_stop_reason(v->question);
    int max = yes_no ? 1 : v->answer_max > 0 ? v->answer_max : 10;
    int cur = f->selected_for == v->question ? f->selected : -1;
    switch (in.cmd) {
    case UI_CMD_WORD:
    case UI_CMD_ANSWER:
        /* One answer check for keys, voice and --answers: "n" on a scale
         * or "1" on a yes-no question is refused; the coach asks again. */
        if (!answer_fits(v->question->kind, max, in.value,
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
        if (in.value < 0 || in.value > max)
            return false;
        if (choices) {
            /* A labelled button says what it means: it answers at once. */
            answer(v, in.value, ev);
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
    if (f->stop_held || f->ended || v->paused)
        return -1;
    long long notice = f->notice_index >= 0 && now_ms < f->notice_until
                       ? f->notice_until : -1;
    if (v->phase == PHASE_QUESTION && v->rest_end_ms > now_ms) {
        long long c = ui_countdown_next_change(v->rest_end_ms, now_ms);
        return notice >= 0 && (c < 0 || notice < c) ? notice : c;
    }
    if (v->phase_end_ms <= 0)
        return notice;
    switch (v->phase) {
    case PHASE_LEAD_IN:
    case PHASE_HOLD:
    case PHASE_SWITCH:
    case PHASE_REST: {
        long long c = ui_countdown_next_change(v->phase_end_ms, now_ms);
        return notice >= 0 && (c < 0 || notice < c) ? notice : c;
    }
    default:
        return notice;
    }
}
