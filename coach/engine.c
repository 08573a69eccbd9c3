/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See engine.h.
 *
 * The engine runs a queue of tasks: say a text and wait until it has been
 * spoken, wait for a lead-in, hold a side, announce a rest, ask a question,
 * begin a step.  A step's tasks are queued when the step begins, so a rule
 * that fires (skip a region, stop) only has to drop or rewrite what is
 * queued; nothing else holds state about the future.
 *
 * Time: every task starts at the logical time its predecessor ended -- the
 * deadline when it ended by a timer, the event's time when it ended by an
 * event -- so a late TICK fires every due timer in order and no error
 * accumulates from one boundary to the next.
 */
#include "coach/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/engine_priv.h"
#include "util/i18n.h"
#include "util/util.h"


/* ---- small helpers ---------------------------------------------------- */

bool eng_set_has(const struct str_set *s, const char *v)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->items[i], v))
            return true;
    return false;
}

void eng_set_add(struct str_set *s, const char *v)
{
    if (!v || eng_set_has(s, v))
        return;
    s->items = xgrow(s->items, &s->cap, s->count + 1, sizeof *s->items);
    s->items[s->count++] = v;
}

const char *eng_pool_keep(struct coach *c, char *s)
{
    c->pool = xgrow(c->pool, &c->cap_pool, c->npool + 1, sizeof *c->pool);
    c->pool[c->npool++] = s;
    return s;
}

static void pool_clear(struct coach *c)
{
    for (size_t i = 0; i < c->npool; i++)
        free(c->pool[i]);
    c->npool = 0;
}

void eng_set_message(struct coach *c, const char *text)
{
    char *m = text ? xstrdup(text) : NULL;
    free(c->message);
    c->message = m;
}

struct coach_action *eng_emit(struct coach *c, enum coach_action_kind k)
{
    struct action_buf *a = &c->act;
    a->items = xgrow(a->items, &a->cap, a->count + 1, sizeof *a->items);
    struct coach_action *x = &a->items[a->count++];
    memset(x, 0, sizeof *x);
    x->kind = k;
    x->t_ms = c->now;
    x->outcome = c->outcome;
    if (c->in_steps && c->r && c->step_index < c->r->step_count) {
        const struct routine_step *st = &c->r->steps[c->step_index];
        x->step = st->id;
        x->region = st->region ? st->region->id : NULL;
    }
    x->side = c->side;
    return x;
}

/* Queues speech; returns its id.  `text` is copied. */
uint32_t eng_say(struct coach *c, const char *text)
{
    struct coach_action *a = eng_emit(c, COACH_ACT_SAY);
    a->text = eng_pool_keep(c, xstrdup(text));
    a->speech_id = ++c->next_id;
    return a->speech_id;
}

void eng_silence(struct coach *c)
{
    eng_emit(c, COACH_ACT_SILENCE);
    c->wait_speech = 0;
}

void eng_show(struct coach *c)
{
    struct coach_action *a = eng_emit(c, COACH_ACT_SHOW);
    a->text = c->message;
}

static void cue(struct coach *c, enum coach_cue k)
{
    eng_emit(c, COACH_ACT_CUE)->cue = k;
}

static void task_free(struct task *t)
{
    free(t->text);
    t->text = NULL;
}

/* Inserts n tasks at the front of the queue, in order. */
void eng_queue_front(struct coach *c, const struct task *t, size_t n)
{
    c->tasks = xgrow(c->tasks, &c->cap_tasks, c->ntasks + n, sizeof *t);
    memmove(c->tasks + n, c->tasks, c->ntasks * sizeof *t);
    memcpy(c->tasks, t, n * sizeof *t);
    c->ntasks += n;
}

static void queue_back(struct coach *c, struct task t)
{
    c->tasks = xgrow(c->tasks, &c->cap_tasks, c->ntasks + 1, sizeof t);
    c->tasks[c->ntasks++] = t;
}

void eng_queue_clear(struct coach *c)
{
    for (size_t i = 0; i < c->ntasks; i++)
        task_free(&c->tasks[i]);
    c->ntasks = 0;
}

/* Drops queued tasks up to (not including) the next T_STEP. */
void eng_queue_drop_step(struct coach *c)
{
    size_t i = 0;
    while (i < c->ntasks && c->tasks[i].kind != T_STEP)
        task_free(&c->tasks[i++]);
    memmove(c->tasks, c->tasks + i, (c->ntasks - i) * sizeof *c->tasks);
    c->ntasks -= i;
}

struct task eng_mk(enum task_kind k, enum coach_phase ph, const char *text)
{
    struct task t;
    memset(&t, 0, sizeof t);
    t.kind = k;
    t.phase = ph;
    t.text = text ? xstrdup(text) : NULL;
    t.last = t.prev = -1;
    return t;
}

struct task eng_mk_ask(const struct question *q, enum coach_phase ph,
                       const char *region, const char *text)
{
    struct task t = eng_mk(T_ASK, ph, text ? text : i18n_text(q->text));
    t.q = q;
    t.region = region;
    return t;
}

static void finish_task(struct coach *c)
{
    if (c->running) {
        /* Actions may still point at the text: keep it until the next
         * coach_handle. */
        if (c->cur.text)
            eng_pool_keep(c, c->cur.text);
        c->cur.text = NULL;
    }
    c->running = false;
    c->deadline = -1;
    c->wait_speech = 0;
}

/* A region's name in the session's language: "Upper back" for the start
 * of a sentence, region_phrase's "upper back" inside one. */
static const char *region_name(const char *id)
{
    const struct region_info *ri = region_find(id);
    return ri ? region_title(ri) : id;
}

char *eng_lower_name(const char *id)
{
    const struct region_info *ri = region_find(id);
    return xstrdup(ri ? region_phrase(ri) : id);
}

/* Seconds and minutes as words are spoken: eSpeak NG reads digits in the
 * voice's language ("10" is zehn, dix, diez), but "1:30" as a time of day
 * and "1 Minute" as "eins Minute" (fr "un minute", es "uno minuto"), so
 * a one is its own msgid, for the translation to spell out. */
static char *fmt_unit(long long n, bool minutes)
{
    if (n == 1)
        /* TRANSLATORS: spell the one out where the voice would read
         * "1" wrongly ("eine Minute", "une minute", "un minuto"). */
        return xstrdup(minutes ? _("1 minute") : _("1 second"));
    return minutes ? xasprintf(ngettext("%lld minute", "%lld minutes",
                                        (unsigned long)n), n)
                   : xasprintf(ngettext("%lld second", "%lld seconds",
                                        (unsigned long)n), n);
}

static char *fmt_duration(long long ms)
{
    long long s = (ms + 500) / 1000;
    if (s < 60)
        return fmt_unit(s, false);
    long long m = s / 60;
    s %= 60;
    if (!s)
        return fmt_unit(m, true);
    char *a = fmt_unit(m, true), *b = fmt_unit(s, false);
    /* TRANSLATORS: minutes and seconds, "2 minutes 30 seconds". */
    char *r = xasprintf(_("%s %s"), a, b);
    free(a);
    free(b);
    return r;
}

static bool detailed(const struct coach *c)
{
    return c->o.detail == DETAIL_DETAILED;
}

const struct routine_step *eng_cur_step(const struct coach *c)
{
    if (!c->r || c->step_index >= c->r->step_count)
        return NULL;
    return &c->r->steps[c->step_index];
}

const char *eng_step_region(const struct routine_step *st)
{
    return st && st->region ? st->region->id : NULL;
}

bool eng_region_lighter(const struct coach *c, const char *region)
{
    return c->lighter_all || (region && eng_set_has(&c->lighter, region));
}

static long long hold_ms(const struct coach *c,
                         const struct routine_step *st)
{
    long long ms = (long long)st->hold_s * 1000;
    /* Lighter: half the time (dose notes, pain-monitoring model), but a
     * hold shorter than 10 s does nothing useful. */
    if (eng_region_lighter(c, eng_step_region(st)) && ms > 20000)
        ms /= 2;
    else if (eng_region_lighter(c, eng_step_region(st)) && ms > 10000)
        ms = 10000;
    return ms;
}

static long long words_ms(const char *text)
{
    long long words = 0;
    bool in = false;
    for (const char *p = text; p && *p; p++) {
        bool sp = *p == ' ' || *p == '\n' || *p == '\t';
        if (!sp && !in)
            words++;
        in = !sp;
    }
    return words * 60000 / 160 + 300;
}

static long long speech_ms(const struct coach *c, const char *text)
{
    if (c->o.speech_ms)
        return c->o.speech_ms(text, c->o.speech_user);
    return words_ms(text);
}

/* ---- rules ------------------------------------------------------------ */

static void end_now(struct coach *c, enum coach_outcome o);

/* ---- task starts -------------------------------------------------------- */

static char *setup_text(const struct coach *c, const struct routine_step *st)
{
    const char *name = region_name(eng_step_region(st));
    /* TRANSLATORS: the region, the therapist's setup text, then the
     * pressure advice ("Aim for moderate to strong pressure..."). */
    if (detailed(c))
        return xasprintf(st->tool == TOOL_HANDS
                         ? _("%s, with your hands. %s %s")
                         : st->tool == TOOL_BALL
                         ? _("%s, with the ball. %s %s")
                         : _("%s, with the roller. %s %s"),
                         name, st->setup,
                         eng_pressure_advice(c, eng_step_region(st)));
    /* TRANSLATORS: the region, then the therapist's setup text. */
    return xasprintf(_("%s. %s"), name, st->setup);
}

static void queue_step(struct coach *c, size_t i)
{
    const struct routine_step *st = &c->r->steps[i];
    const char *region = eng_step_region(st);
    struct task *t = NULL;
    size_t n = 0, cap = 0;
#define PUSH(x) do { t = xgrow(t, &cap, n + 1, sizeof *t); t[n++] = (x); \
    } while (0)
    char *s = setup_text(c, st);
    PUSH(eng_mk(T_SAY, PHASE_SETUP, s));
    free(s);
    long long lead = (long long)c->o.lead_in_s * 1000;
    if (lead > 0) {
        struct task w = eng_mk(T_WAIT, PHASE_LEAD_IN, NULL);
        w.ms = lead;
        PUSH(w);
    }
    struct task h = eng_mk(T_HOLD, PHASE_HOLD, NULL);
    h.ms = hold_ms(c, st);
    if (st->sides == SIDES_LEFT_RIGHT) {
        h.side = SIDE_LEFT;
        PUSH(h);
        struct task sw = eng_mk(T_SAY, PHASE_SWITCH,
                                detailed(c) ? _("Release, and switch to the "
                                                "right side. Same position.")
                                            : _("Switch to the right side."));
        sw.side = SIDE_RIGHT;
        PUSH(sw);
        if (lead > 0) {
            struct task w = eng_mk(T_WAIT, PHASE_SWITCH, NULL);
            w.ms = lead;
            w.side = SIDE_RIGHT;
            PUSH(w);
        }
        h.side = SIDE_RIGHT;
    }
    PUSH(h);
    /* The next step that will run, for "what comes next". */
    size_t next = i + 1;
    while (next < c->r->step_count
           && eng_set_has(&c->skipped, eng_step_region(&c->r->steps[next])))
        next++;
    bool rest = st->rest_s > 0 && next < c->r->step_count;
    if (rest) {
        char *nn = eng_lower_name(eng_step_region(&c->r->steps[next]));
        char *rt = st->rest_s == 1
            ? xasprintf(_("Rest for 1 second. Next: %s."), nn)
            /* TRANSLATORS: %1$d seconds of rest, %2$s the next region. */
            : xasprintf(ngettext("Rest for %d second. Next: %s.",
                                 "Rest for %d seconds. Next: %s.",
                                 (unsigned long)st->rest_s), st->rest_s, nn);
        struct task rs = eng_mk(T_REST, PHASE_REST, rt);
        rs.ms = (long long)st->rest_s * 1000;
        PUSH(rs);
        free(nn);
        free(rt);
    }
    for (size_t k = 0; k < st->ask_count; k++) {
        const struct question *q = routine_question_find(c->r, st->ask[k]);
        if (q)
            PUSH(eng_mk_ask(q, PHASE_QUESTION, region, NULL));
    }
    if (rest)
        PUSH(eng_mk(T_REST_WAIT, PHASE_REST, NULL));
    struct task nx = eng_mk(T_STEP, PHASE_SETUP, NULL);
    nx.index = i + 1;
    PUSH(nx);
#undef PUSH
    eng_queue_front(c, t, n);
    free(t);
}

static char *summary_text(struct coach *c)
{
    char *el = fmt_duration(c->now - c->t_start);
    size_t cap = 512, len = 0;
    char *s = xmalloc(cap);
    s[0] = '\0';
#define ADD(...) do { char *p_ = xasprintf(__VA_ARGS__); \
        size_t l_ = strlen(p_); \
        s = xgrow(s, &cap, len + l_ + 1, 1); \
        memcpy(s + len, p_, l_ + 1); len += l_; free(p_); } while (0)
    /* Each sentence is one msgid; the lists in it are the regions'
     * in-sentence names joined with ", ". */
    char *list = NULL;
#define LIST_ADD(...) do { char *p_ = xasprintf(__VA_ARGS__); \
        char *l_ = list ? xasprintf("%s, %s", list, p_) : xstrdup(p_); \
        free(p_); free(list); list = l_; } while (0)
    /* "Well done" only when something was rolled: a session whose every
     * region a rule skipped is over, not done. */
    if (c->outcome == OUTCOME_COMPLETED && c->worked.count)
        ADD(_("Well done. That took %s."), el);
    else if (c->outcome == OUTCOME_COMPLETED)
        ADD(_("That's all for today, after %s."), el);
    else
        ADD(_("We stopped after %s."), el);
    if (c->worked.count) {
        for (size_t i = 0; i < c->worked.count; i++) {
            char *n = eng_lower_name(c->worked.items[i]);
            LIST_ADD("%s", n);
            free(n);
        }
        ADD(" ");
        /* TRANSLATORS: %s is a list of regions, "calves, hamstrings". */
        ADD(_("You worked on: %s."), list);
        free(list);
        list = NULL;
    } else {
        ADD(" ");
        ADD("%s", _("No area was worked today."));
    }
    if (c->nsore) {
        for (size_t i = 0; i < c->nsore; i++) {
            char *n = eng_lower_name(c->sore[i].region);
            /* TRANSLATORS: a region and its soreness 0-10, "calves 3". */
            LIST_ADD(_("%s %d"), n, c->sore[i].value);
            free(n);
        }
        ADD(" ");
        /* TRANSLATORS: %s is a list, "calves 3, hamstrings 5". */
        ADD(_("Soreness: %s."), list);
        free(list);
        list = NULL;
    }
    /* Skipped: the regions never worked; one a rule took off after it was
     * worked is already among the worked ones. */
    for (size_t i = 0; i < c->skipped_said.count; i++) {
        if (eng_set_has(&c->worked, c->skipped_said.items[i]))
            continue;
        char *n = eng_lower_name(c->skipped_said.items[i]);
        LIST_ADD("%s", n);
        free(n);
    }
    if (list) {
        ADD(" ");
        /* TRANSLATORS: %s is a list of regions. */
        ADD(_("Skipped: %s."), list);
        free(list);
    }
#undef LIST_ADD
#undef ADD
    free(el);
    return s;
}

static void start_ask(struct coach *c, bool again)
{
    struct task *t = &c->cur;
    c->phase = t->phase;
    c->phase_start = c->now;
    c->phase_end = 0;
    eng_set_message(c, t->text);
    if (!again) {
        struct coach_action *a = eng_emit(c, COACH_ACT_ASK);
        a->question = t->q->id;
        a->region = t->region ? t->region : a->region;
        a->check_in = t->phase == PHASE_CHECK_IN;
    }
    eng_show(c);
    char *txt;
    if (again)
        txt = xasprintf(_("I didn't catch that. %s"), t->text);
    else if (detailed(c) && t->q->kind == ANSWER_SCALE
             && t->q != screening_stop_reason())
        txt = xasprintf(_("%s Moderate is 3, strong is 5, very strong is "
                          "7."), t->text);
    else
        txt = xstrdup(t->text);
    c->wait_speech = eng_say(c, txt);
    free(txt);
    c->question_spoken = false;
    c->deadline = -1;
}

static void begin_step(struct coach *c, size_t i);

/* The introduction; lighter mode (from the screening or a general
 * recent-soreness answer) is announced with its pressure cap. */
static char *intro_text(const struct coach *c)
{
    int cap = eng_on_blood_thinners(c) ? PRESSURE_CAP_THINNERS
              : c->lighter_all ? PRESSURE_CAP_LIGHTER : 0;
    /* Whole sentences, joined with spaces: "Let's begin.", the lighter
     * mode, the commands, the pressure advice, the warning signs. */
    char *light = cap ? xasprintf(_("Lighter mode today: shorter holds, and "
                                    "pressure no more than %d out of 10."),
                                  cap)
                      : NULL;
    const char *advice = i18n_text(rules_pressure_advice(
        cap, c->r && c->r->level == LEVEL_GENTLE));
    char *s = detailed(c)
        ? xasprintf("%s%s%s %s %s %s", _("Let's begin."), light ? " " : "",
                    light ? light : "",
                    _("You can say pause, resume, repeat, skip or stop at "
                      "any time."), advice,
                    _("Stop at once if you feel tingling, numbness, sharp "
                      "pain or dizziness."))
        : xasprintf("%s%s%s %s %s", _("Let's begin."), light ? " " : "",
                    light ? light : "",
                    _("Say pause or stop at any time."),
                    _("Stop at once if you feel tingling, numbness, sharp "
                      "pain or dizziness."));
    free(light);
    return s;
}

/* Starts c->cur; returns true when it finished at once. */
static bool start_task(struct coach *c)
{
    struct task *t = &c->cur;
    if (t->phase != PHASE_IDLE)
        c->phase = t->phase;
    c->deadline = -1;
    switch (t->kind) {
    case T_SAY:
        if (!t->text && t->phase == PHASE_INTRO)
            t->text = intro_text(c);
        if (t->phase == PHASE_SWITCH || t->phase == PHASE_SETUP
            || t->phase == PHASE_INTRO || t->phase == PHASE_STOPPED
            || t->phase == PHASE_CHECK_IN) {
            if (t->phase != PHASE_STOPPED)
                eng_set_message(c, t->text);
            c->phase_start = c->now;
            c->phase_end = 0;
            if (t->phase == PHASE_SWITCH)
                c->side = t->side;
            eng_show(c);
        }
        c->wait_speech = eng_say(c, t->text);
        return false;
    case T_WAIT:
        c->phase_start = c->now;
        c->deadline = c->phase_end = c->now + t->ms;
        eng_show(c);
        return false;
    case T_HOLD: {
        const struct routine_step *st = eng_cur_step(c);
        c->side = t->side;
        if (!eng_set_has(&c->worked, eng_step_region(st)))
            eng_remember(c, MEM_WORKED, eng_step_region(st), -1, 0);
        eng_set_add(&c->worked, eng_step_region(st));
        c->phase_start = c->now;
        c->hold_end = c->phase_end = c->now + t->ms;
        c->half_at = t->ms >= 20000 ? c->now + t->ms / 2 : -1;
        c->last_at = t->ms >= 15000 ? c->hold_end - 5000 : -1;
        int nt = c->o.countdown_s;
        if (nt > 10)
            nt = 10;
        if ((long long)nt * 1000 >= t->ms)
            nt = (int)(t->ms / 1000) - 1;
        c->nticks = nt > 0 ? nt : 0;
        for (int k = 0; k < c->nticks; k++)
            c->tick_at[k] = c->hold_end - (long long)(c->nticks - k) * 1000;
        eng_emit(c, COACH_ACT_HOLD_START);
        cue(c, CUE_HOLD_START);
        char *secs = fmt_duration(t->ms);
        bool light = eng_pressure_cap(c, eng_step_region(st)) != 0;
        enum { ROLLER, BALL, HANDS } tool = !st || st->tool == TOOL_ROLLER
            ? ROLLER : st->tool == TOOL_BALL ? BALL : HANDS;
        const char *how;
        if (!detailed(c))
            how = _("Hold for %s.");
        else if (tool == ROLLER)
            how = _("Roll slowly, two to four seconds a pass, for %s.");
        else if (tool == BALL)
            how = _("Roll slowly, and rest on a tender spot, for %s.");
        else
            how = _("Massage gently, for %s.");
        char *body = xasprintf(how, secs);
        char *txt = xasprintf("%s%s%s%s%s",
                              t->side == SIDE_LEFT ? _("Left side.")
                              : t->side == SIDE_RIGHT ? _("Right side.") : "",
                              t->side != SIDE_NONE ? " " : "", body,
                              light ? " " : "",
                              light ? _("Keep the pressure light.") : "");
        free(body);
        eng_say(c, txt);
        free(txt);
        free(secs);
        eng_show(c);
        return false;
    }
    case T_REST:
        c->side = SIDE_NONE;
        c->phase_start = c->now;
        c->rest_end = c->phase_end = c->now + t->ms;
        eng_emit(c, COACH_ACT_REST_START);
        eng_set_message(c, t->text);
        eng_show(c);
        eng_say(c, t->text);
        return true;
    case T_REST_WAIT:
        if (c->rest_end <= c->now)
            return true;
        c->phase_start = c->now;
        c->deadline = c->phase_end = c->rest_end;
        eng_show(c);
        return false;
    case T_ASK:
        if (t->only_if && eng_screening_value(c, t->only_if) != 1)
            return true;    /* not asked: the condition does not hold */
        if (t->q == screening_recent_soreness() && t->region
            && eng_set_has(&c->skipped, t->region))
            return true;    /* already off today (a bruise not gone) */
        c->attempts = 0;
        start_ask(c, false);
        return false;
    case T_MEMORY:
        eng_apply_memory(c, t->index);
        return true;
    case T_STEP:
        begin_step(c, t->index);
        return true;
    case T_SAVED:
        eng_apply_saved(c);
        return true;
    case T_SUMMARY: {
        char *s = summary_text(c);
        free(c->summary);
        c->summary = s;
        if (c->phase != PHASE_STOPPED)
            c->phase = PHASE_SUMMARY;
        c->side = SIDE_NONE;
        c->phase_start = c->now;
        c->phase_end = 0;
        eng_show(c);
        c->wait_speech = eng_say(c, s);
        return false;
    }
    case T_END:
        end_now(c, c->outcome);
        return true;
    }
    return true;
}

static void begin_step(struct coach *c, size_t i)
{
    c->in_steps = true;
    c->side = SIDE_NONE;
    if (!c->r || i >= c->r->step_count) {
        c->step_index = c->r ? c->r->step_count : 0;
        struct task t = eng_mk(T_SUMMARY, PHASE_SUMMARY, NULL);
        eng_queue_front(c, &t, 1);
        return;
    }
    c->step_index = i;
    const char *region = eng_step_region(&c->r->steps[i]);
    if (eng_set_has(&c->skipped, region)) {
        bool said = eng_set_has(&c->skipped_said, region);
        eng_set_add(&c->skipped_said, region);
        struct task t[2];
        size_t n = 0;
        if (!said) {
            char *nn = eng_lower_name(region);
            /* TRANSLATORS: %s is a region inside a sentence. */
            char *m = xasprintf(_("We'll skip the %s today."), nn);
            t[n++] = eng_mk(T_SAY, PHASE_SETUP, m);
            free(m);
            free(nn);
        }
        t[n] = eng_mk(T_STEP, PHASE_SETUP, NULL);
        t[n++].index = i + 1;
        eng_queue_front(c, t, n);
        return;
    }
    if (c->area_check && !eng_set_has(&c->area_asked, region)) {
        eng_set_add(&c->area_asked, region);
        char *nn = eng_lower_name(region);
        char *txt = xasprintf(_("You told me about an area to avoid. Is "
                                "it your %s?"), nn);
        struct task t[2] = {
            eng_mk_ask(screening_area_check(), PHASE_QUESTION, region, txt),
            eng_mk(T_STEP, PHASE_SETUP, NULL),
        };
        t[1].index = i;
        eng_queue_front(c, t, 2);
        free(txt);
        free(nn);
        return;
    }
    queue_step(c, i);
}

static void end_now(struct coach *c, enum coach_outcome o)
{
    if (c->ended)
        return;
    eng_queue_clear(c);
    finish_task(c);
    c->outcome = o;
    c->ended = true;
    c->paused = c->waiting = false;
    if (o != OUTCOME_STOPPED && c->phase != PHASE_STOPPED)
        c->phase = PHASE_SUMMARY;
    c->phase_end = 0;
    eng_show(c);
    struct coach_action *a = eng_emit(c, COACH_ACT_END);   /* always last */
    a->outcome = o;
    a->rule = c->stop_rule;
    a->action = c->stop_action;
    a->text = c->summary;
}

/* ---- the run loop ------------------------------------------------------- */

/* Fires the hold's inner timers due at or before `until`, in order; returns
 * true when the hold itself ended. */
static bool hold_advance(struct coach *c, long long until)
{
    for (;;) {
        long long next = -1;
        int which = -1;     /* 0 half, 1 last, 2+k tick k, 99 end */
        if (c->half_at >= 0) {
            next = c->half_at;
            which = 0;
        }
        if (c->last_at >= 0 && (next < 0 || c->last_at < next)) {
            next = c->last_at;
            which = 1;
        }
        for (int k = 0; k < c->nticks; k++)
            if (c->tick_at[k] >= 0 && (next < 0 || c->tick_at[k] < next)) {
                next = c->tick_at[k];
                which = 2 + k;
            }
        if (next < 0 || c->hold_end <= next) {
            next = c->hold_end;
            which = 99;
        }
        if (next > until)
            return false;
        c->now = next;
        if (which == 0) {
            c->half_at = -1;
            const struct routine_step *st = eng_cur_step(c);
            const char *cue_text = st && st->cue ? st->cue
                                   : detailed(c) ? _("Halfway. Keep breathing "
                                                     "slowly.")
                                                 : _("Halfway.");
            eng_say(c, cue_text);
        } else if (which == 1) {
            c->last_at = -1;
            eng_say(c, _("Five seconds."));
        } else if (which >= 2 && which < 99) {
            c->tick_at[which - 2] = -1;
            cue(c, CUE_TICK);
        } else {
            cue(c, CUE_HOLD_END);
            eng_emit(c, COACH_ACT_HOLD_END);
            return true;
        }
    }
}

static long long task_deadline(const struct coach *c)
{
    if (!c->running || c->paused)
        return -1;
    if (c->cur.kind == T_HOLD) {
        long long d = c->hold_end;
        if (c->half_at >= 0 && c->half_at < d)
            d = c->half_at;
        if (c->last_at >= 0 && c->last_at < d)
            d = c->last_at;
        for (int k = 0; k < c->nticks; k++)
            if (c->tick_at[k] >= 0 && c->tick_at[k] < d)
                d = c->tick_at[k];
        return d;
    }
    return c->deadline;
}

static void ask_timeout(struct coach *c);

/* Runs tasks until one waits past `until`. */
static void run(struct coach *c, long long until)
{
    int guard = 0;
    while (!c->ended && !c->paused) {
        UNKNOT_ASSERT(++guard < 100000);
        if (!c->running) {
            if (!c->ntasks) {
                /* Nothing left: only happens after a rule emptied the
                 * queue without queueing an end. */
                end_now(c, c->outcome);
                return;
            }
            c->cur = c->tasks[0];
            memmove(c->tasks, c->tasks + 1,
                    (c->ntasks - 1) * sizeof *c->tasks);
            c->ntasks--;
            c->running = true;
            if (start_task(c))
                finish_task(c);
            continue;
        }
        if (c->cur.kind == T_HOLD) {
            if (hold_advance(c, until))
                finish_task(c);
            else
                return;
            continue;
        }
        if (c->deadline < 0 || c->deadline > until)
            return;
        c->now = c->deadline;
        if (c->cur.kind == T_ASK) {
            ask_timeout(c);
            continue;
        }
        finish_task(c);
    }
}

/* ---- questions ------------------------------------------------------- */

static void ask_timeout(struct coach *c)
{
    c->deadline = -1;
    c->attempts++;
    if (c->attempts < 2) {
        start_ask(c, true);
        return;
    }
    /* Asked twice with no answer: never taken as fine.  Wait. */
    c->paused = c->waiting = true;
    c->paused_at = c->now;
    c->wait_speech = 0;
    eng_say(c, _("I'll wait. Answer when you're ready."));
    eng_show(c);
}

static int take_answer(struct coach *c, const char *qid, int value)
{
    if (!c->running || c->cur.kind != T_ASK)
        return -1;
    const struct question *q = c->cur.q;
    if (qid && strcmp(qid, q->id))
        return -1;
    int max = screening_answer_max(q);
    if (value < 0 || value > max) {
        eng_silence(c);
        char *m = q->kind == ANSWER_YES_NO
            ? xstrdup(_("Please answer yes or no."))
            : xasprintf(_("Please answer with a number from 0 to %d."), max);
        eng_say(c, m);
        free(m);
        c->paused = c->waiting = false;
        start_ask(c, false);
        return -1;
    }
    if (!c->question_spoken)
        eng_silence(c);
    struct coach_action *a = eng_emit(c, COACH_ACT_ANSWER);
    a->question = q->id;
    a->value = value;
    a->check_in = c->cur.phase == PHASE_CHECK_IN;
    if (c->cur.region)
        a->region = c->cur.region;
    c->answer_act = c->act.count;
    c->paused = c->waiting = false;
    struct task t = c->cur;
    t.text = NULL;
    finish_task(c);
    eng_answered(c, &t, value);
    return 0;
}

/* ---- commands --------------------------------------------------------- */

static bool in_step_phase(const struct coach *c)
{
    if (!c->running || !c->in_steps)
        return false;
    switch (c->cur.kind) {
    case T_SAY:
        return c->cur.phase == PHASE_SETUP || c->cur.phase == PHASE_SWITCH;
    case T_WAIT:
        /* The breaths before a follow-up ("is the tingling still
         * there?") are not skipped past: the question must come. */
        return c->cur.phase != PHASE_QUESTION;
    case T_HOLD:
    case T_REST_WAIT:
        return true;
    default:
        return false;
    }
}

static void shift_timers(struct coach *c, long long d)
{
    if (c->hold_end >= 0)
        c->hold_end += d;
    if (c->half_at >= 0)
        c->half_at += d;
    if (c->last_at >= 0)
        c->last_at += d;
    for (int k = 0; k < c->nticks; k++)
        if (c->tick_at[k] >= 0)
            c->tick_at[k] += d;
    c->rest_end += d;
    if (c->deadline >= 0)
        c->deadline += d;
    if (c->phase_end)
        c->phase_end += d;
}

/* Restarts the current task from its beginning (after a pause or to
 * repeat it). */
static void restart_task(struct coach *c)
{
    if (c->cur.kind == T_ASK) {
        c->attempts = 0;
        start_ask(c, false);
        return;
    }
    if (start_task(c))
        finish_task(c);
}

static int command(struct coach *c, enum coach_command cmd)
{
    if (!c->started || c->ended)
        return -1;
    bool summary = c->running && (c->cur.kind == T_SUMMARY
                                  || c->phase == PHASE_STOPPED);
    switch (cmd) {
    case COACH_CMD_PAUSE:
        if (c->paused || summary || !c->running)
            return -1;
        eng_silence(c);
        c->paused = true;
        c->paused_at = c->now;
        eng_say(c, _("Paused. Say resume when you're ready."));
        eng_show(c);
        return 0;
    case COACH_CMD_RESUME:
        if (!c->paused)
            return -1;
        c->paused = false;
        if (c->after_stop) {
            c->after_stop = false;
            eng_say(c, _("Going on."));
            return 0;       /* the next T_STEP is queued */
        }
        if (c->waiting) {
            c->waiting = false;
            restart_task(c);
            return 0;
        }
        shift_timers(c, c->now - c->paused_at);
        if (c->cur.kind == T_HOLD) {
            eng_say(c, _("Resuming."));
            eng_show(c);
        } else if (c->cur.kind == T_WAIT) {
            c->deadline = c->phase_end = c->now + c->cur.ms;
            c->phase_start = c->now;
            eng_say(c, c->cur.phase == PHASE_QUESTION
                       ? _("Resuming.") : _("Get back into position."));
            eng_show(c);
        } else if (c->cur.kind == T_SAY || c->cur.kind == T_ASK) {
            restart_task(c);
        } else {
            eng_show(c);
        }
        return 0;
    case COACH_CMD_REPEAT:
        if (summary || !c->running)
            return -1;
        if (c->cur.kind == T_ASK || c->cur.kind == T_SAY) {
            eng_silence(c);
            c->paused = c->waiting = false;
            restart_task(c);
            return 0;
        }
        if (c->paused)
            return -1;
        if (c->cur.kind == T_HOLD || c->cur.kind == T_WAIT) {
            const struct routine_step *st = eng_cur_step(c);
            if (st) {
                char *s = setup_text(c, st);
                eng_say(c, s);
                free(s);
            }
            return 0;
        }
        if (c->cur.kind == T_REST_WAIT && c->message) {
            eng_say(c, c->message);
            return 0;
        }
        return -1;
    case COACH_CMD_SKIP:
        if (!in_step_phase(c) || c->after_stop)
            return -1;
        eng_silence(c);
        if (c->cur.kind == T_HOLD)
            eng_emit(c, COACH_ACT_HOLD_END);
        finish_task(c);
        if (c->cur.kind != T_REST_WAIT)
            eng_queue_drop_step(c);
        c->paused = false;
        eng_say(c, _("Skipping this one."));
        return 0;
    case COACH_CMD_STOP:
        if (summary)
            return -1;
        eng_silence(c);
        if (c->after_stop
            || (c->running && c->cur.kind == T_ASK
                && c->cur.q == screening_stop_reason())) {
            /* Stopped twice: really stop. */
            c->after_stop = c->paused = c->waiting = false;
            finish_task(c);
            eng_queue_clear(c);
            struct task t = eng_mk(T_SUMMARY, PHASE_SUMMARY, NULL);
            eng_queue_front(c, &t, 1);
            c->outcome = OUTCOME_QUIT;
            return 0;
        }
        if (!c->in_steps) {
            /* Nothing is being rolled yet: no need to ask why. */
            eng_say(c, _("Okay, stopping here."));
            end_now(c, OUTCOME_QUIT);
            return 0;
        }
        if (c->running && c->cur.kind == T_HOLD)
            eng_emit(c, COACH_ACT_HOLD_END);
        finish_task(c);
        c->paused = c->waiting = false;
        eng_queue_drop_step(c);
        {
            struct task t = eng_mk_ask(screening_stop_reason(), PHASE_QUESTION,
                                       eng_step_region(eng_cur_step(c)), NULL);
            eng_queue_front(c, &t, 1);
        }
        return 0;
    }
    return -1;
}

/* ---- public API ----------------------------------------------------- */

struct coach *coach_create(const struct routine *r,
                           const struct coach_options *opts)
{
    struct coach *c = xcalloc(1, sizeof *c);
    c->r = r;
    if (opts)
        c->o = *opts;
    if (c->o.lead_in_s < 0)
        c->o.lead_in_s = 0;         /* none */
    else if (c->o.lead_in_s == 0)
        c->o.lead_in_s = 5;
    if (c->o.answer_wait_ms <= 0)
        c->o.answer_wait_ms = 15000;
    if (c->o.countdown_s == 0)
        c->o.countdown_s = 3;
    /* The setting may only tighten the built-in soreness rule. */
    const struct question *sq = builtin_question_find("soreness");
    int builtin = sq && sq->rule.op == RULE_GE ? sq->rule.value : 7;
    if (c->o.soreness_stop <= 0 || c->o.soreness_stop > builtin)
        c->o.soreness_stop = builtin;
    /* Measured once: speech_ms may synthesise, and views are frequent. */
    size_t n = r ? r->step_count : 0;
    c->setup_ms = xcalloc(n ? n : 1, sizeof *c->setup_ms);
    for (size_t i = 0; i < n; i++) {
        char *t = setup_text(c, &r->steps[i]);
        c->setup_ms[i] = speech_ms(c, t);
        free(t);
    }
    c->deadline = -1;
    c->hold_end = c->half_at = c->last_at = -1;
    c->phase = PHASE_IDLE;
    c->outcome = OUTCOME_COMPLETED;
    return c;
}

void coach_destroy(struct coach *c)
{
    if (!c)
        return;
    eng_queue_clear(c);
    free(c->tasks);
    task_free(&c->cur);
    pool_clear(c);
    free(c->pool);
    free(c->act.items);
    free(c->message);
    free(c->summary);
    free(c->skipped.items);
    free(c->lighter.items);
    free(c->area_asked.items);
    free(c->worked.items);
    free(c->skipped_said.items);
    free(c->sore);
    free(c->screen);
    free(c->setup_ms);
    free(c);
}

static void queue_start(struct coach *c)
{
    const struct coach_options *o = &c->o;
    bool full = o->screening_only || o->screening_due;
    /* The routine's title, then its description, first of all
     * (docs/routine-format.md). */
    if (c->r && !o->screening_only && c->r->title && *c->r->title) {
        const char *d = c->r->description;
        char *t = d && *d ? xasprintf("%s. %s", c->r->title, d)
                          : xasprintf("%s.", c->r->title);
        queue_back(c, eng_mk(T_SAY, PHASE_INTRO, t));
        free(t);
    }
    if (full) {
        queue_back(c, eng_mk(T_SAY, PHASE_CHECK_IN,
                             o->screening_only
                                 ? _("Your health screening. Please answer "
                                     "yes or no.")
                                 : _("Before your first session, a few "
                                     "health questions. Please answer yes "
                                     "or no.")));
        for (size_t i = 0; i < screening_count(SCREEN_FULL); i++) {
            const struct screening_item *it = screening_at(SCREEN_FULL, i);
            if (!it->follow_up_of) {
                struct task t = eng_mk_ask(&it->q, PHASE_CHECK_IN, NULL, NULL);
                t.item = it;
                queue_back(c, t);
            }
        }
    }
    if (o->screening_only) {
        queue_back(c, eng_mk(T_SAY, PHASE_CHECK_IN,
                             _("Thank you. Your answers are saved.")));
        queue_back(c, eng_mk(T_END, PHASE_SUMMARY, NULL));
        return;
    }
    if (!full && o->saved_count)
        queue_back(c, eng_mk(T_SAVED, PHASE_CHECK_IN, NULL));
    /* The frequency limit comes before the daily questions: on a rest
     * day there is nothing to ask. */
    queue_back(c, eng_mk(T_MEMORY, PHASE_CHECK_IN, NULL));
    if (!o->skip_daily_check)
        queue_back(c, eng_mk(T_SAY, PHASE_CHECK_IN,
                             _("A quick check before we start.")));
    for (size_t i = 0; i < screening_count(SCREEN_DAILY); i++) {
        const struct screening_item *it = screening_at(SCREEN_DAILY, i);
        /* A daily item that follows a screening item (the pregnancy
         * warning signs) is asked whenever that answer is yes, even with
         * the daily check turned off. */
        bool on_screening = it->follow_up_of
                            && !strncmp(it->follow_up_of, "screen-", 7);
        if ((it->follow_up_of && !on_screening)
            || (o->skip_daily_check && !on_screening))
            continue;
        struct task t = eng_mk_ask(&it->q, PHASE_CHECK_IN, NULL, NULL);
        t.item = it;
        t.only_if = on_screening ? it->follow_up_of : NULL;
        queue_back(c, t);
    }
    struct task mem = eng_mk(T_MEMORY, PHASE_CHECK_IN, NULL);
    mem.index = 1;
    queue_back(c, mem);
    /* Its text once the check-in is done (lighter mode is known then). */
    queue_back(c, eng_mk(T_SAY, PHASE_INTRO, NULL));
    struct task st = eng_mk(T_STEP, PHASE_SETUP, NULL);
    st.index = 0;
    queue_back(c, st);
}

int coach_handle(struct coach *c, const struct coach_event *ev,
                 long long now_ms)
{
    pool_clear(c);
    c->act.count = c->act.head = 0;
    c->answer_act = 0;
    if (c->ended)
        return -1;
    if (now_ms < c->now)
        now_ms = c->now;    /* the clock never goes back */
    int rc = 0;
    if (ev->kind == COACH_EV_START) {
        if (c->started)
            return -1;
        c->started = true;
        c->t_start = c->now = now_ms;
        queue_start(c);
        run(c, now_ms);
        return 0;
    }
    if (!c->started)
        return -1;
    /* Timers due before the event fire first, at their own times. */
    run(c, now_ms);
    if (c->ended)
        return ev->kind == COACH_EV_TICK ? 0 : -1;
    c->now = now_ms;
    switch (ev->kind) {
    case COACH_EV_START:
    case COACH_EV_TICK:
        break;
    case COACH_EV_SPEECH_DONE:
        if (!ev->speech_id || ev->speech_id != c->wait_speech || !c->running)
            return -1;
        c->wait_speech = 0;
        if (c->cur.kind == T_ASK) {
            c->question_spoken = true;
            c->deadline = c->now + c->o.answer_wait_ms;
        } else {
            finish_task(c);
        }
        break;
    case COACH_EV_ANSWER:
        rc = take_answer(c, ev->question, ev->value);
        break;
    case COACH_EV_COMMAND:
        rc = command(c, ev->command);
        break;
    }
    run(c, now_ms);
    return rc;
}

void coach_quit(struct coach *c, long long now_ms)
{
    pool_clear(c);
    c->act.count = c->act.head = 0;
    if (c->ended)
        return;
    if (now_ms > c->now)
        c->now = now_ms;
    eng_silence(c);
    end_now(c, OUTCOME_QUIT);
}

bool coach_next_action(struct coach *c, struct coach_action *out)
{
    if (c->act.head >= c->act.count)
        return false;
    *out = c->act.items[c->act.head++];
    return true;
}

long long coach_next_deadline(const struct coach *c)
{
    if (c->ended)
        return -1;
    return task_deadline(c);
}

static long long step_estimate(const struct coach *c, size_t i)
{
    const struct routine_step *st = &c->r->steps[i];
    int sides = st->sides == SIDES_LEFT_RIGHT ? 2 : 1;
    return c->setup_ms[i] + sides * ((long long)c->o.lead_in_s * 1000
                                     + hold_ms(c, st))
           + (long long)st->rest_s * 1000;
}

void coach_view(const struct coach *c, struct coach_view *v)
{
    memset(v, 0, sizeof *v);
    v->phase = c->phase;
    v->paused = c->paused;
    v->waiting = c->waiting;
    v->step_count = c->r ? c->r->step_count : 0;
    v->step_index = c->step_index;
    v->step = eng_cur_step(c);
    v->side = c->side;
    v->phase_start_ms = c->phase_start;
    v->phase_end_ms = c->phase_end;
    v->message = c->message;
    v->stop_action = c->stop_action;
    v->summary = c->summary;
    v->elapsed_ms = c->started ? c->now - c->t_start : 0;
    /* Lighter mode as the screen must show it: everywhere, or for the
     * region of the step in hand. */
    v->lighter = eng_region_lighter(c, eng_step_region(v->step));
    /* A rest runs on while the step's questions are asked. */
    v->rest_end_ms = c->in_steps && c->rest_end > c->now ? c->rest_end : 0;
    v->pressure_cap = eng_pressure_cap(c, eng_step_region(v->step));
    if (c->running && c->cur.kind == T_ASK) {
        v->question = c->cur.q;
        v->region = c->cur.region;
        v->answer_max = screening_answer_max(c->cur.q);
    }
    long long rem = 0;
    if (c->r && !c->ended) {
        size_t from = c->in_steps ? c->step_index : 0;
        for (size_t i = from; i < c->r->step_count; i++)
            if (!eng_set_has(&c->skipped, eng_step_region(&c->r->steps[i])))
                rem += step_estimate(c, i);
        if (c->in_steps && c->phase_end > c->now && v->step
            && c->phase == PHASE_HOLD)
            rem -= (c->paused ? c->paused_at : c->now) - c->phase_start;
        if (rem < 0)
            rem = 0;
    }
    v->remaining_ms = rem;
}

bool coach_ended(const struct coach *c)
{
    return c->ended;
}

enum coach_outcome coach_outcome(const struct coach *c)
{
    return c->outcome;
}

const char *coach_stop_rule(const struct coach *c)
{
    return c->stop_rule;
}

const struct coach_answer *coach_screening_answers(const struct coach *c,
                                                   size_t *count)
{
    *count = c->nscreen;
    return c->screen;
}

const char *coach_outcome_name(enum coach_outcome o)
{
    switch (o) {
    case OUTCOME_COMPLETED: return "completed";
    case OUTCOME_STOPPED:   return "stopped";
    case OUTCOME_QUIT:      return "quit";
    }
    return "completed";
}

const char *coach_phase_name(enum coach_phase p)
{
    static const char *const names[] = {
        "idle", "check-in", "intro", "setup", "lead-in", "hold", "switch",
        "rest", "question", "stopped", "summary",
    };
    return (size_t)p < ARRAY_LEN(names) ? names[p] : "?";
}
