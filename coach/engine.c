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

#include "coach/screening.h"
#include "util/util.h"

enum task_kind {
    T_SAY,          /* say text, done when it has been spoken */
    T_WAIT,         /* lead-in: done after ms */
    T_HOLD,         /* hold one side for ms */
    T_REST,         /* announce the rest; sets rest_end; done at once */
    T_REST_WAIT,    /* done at rest_end */
    T_ASK,          /* ask q, done when answered */
    T_STEP,         /* begin step `index` */
    T_SAVED,        /* apply the saved screening */
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

    bool lighter_all, area_check;
    struct str_set skipped, lighter, area_asked, worked, skipped_said;
    struct sore_entry *sore;
    size_t nsore, cap_sore;
    struct coach_answer *screen;
    size_t nscreen, cap_screen;
    long long *setup_ms;        /* spoken length of each step's setup */
    size_t answer_act;          /* index of the last ANSWER action + 1 */
};

/* ---- small helpers ---------------------------------------------------- */

static bool set_has(const struct str_set *s, const char *v)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->items[i], v))
            return true;
    return false;
}

static void set_add(struct str_set *s, const char *v)
{
    if (!v || set_has(s, v))
        return;
    s->items = xgrow(s->items, &s->cap, s->count + 1, sizeof *s->items);
    s->items[s->count++] = v;
}

static const char *pool_keep(struct coach *c, char *s)
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

static void set_message(struct coach *c, const char *text)
{
    char *m = text ? xstrdup(text) : NULL;
    free(c->message);
    c->message = m;
}

static struct coach_action *emit(struct coach *c, enum coach_action_kind k)
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
static uint32_t say(struct coach *c, const char *text)
{
    struct coach_action *a = emit(c, COACH_ACT_SAY);
    a->text = pool_keep(c, xstrdup(text));
    a->speech_id = ++c->next_id;
    return a->speech_id;
}

static void silence(struct coach *c)
{
    emit(c, COACH_ACT_SILENCE);
    c->wait_speech = 0;
}

static void show(struct coach *c)
{
    struct coach_action *a = emit(c, COACH_ACT_SHOW);
    a->text = c->message;
}

static void cue(struct coach *c, enum coach_cue k)
{
    emit(c, COACH_ACT_CUE)->cue = k;
}

static void task_free(struct task *t)
{
    free(t->text);
    t->text = NULL;
}

/* Inserts n tasks at the front of the queue, in order. */
static void queue_front(struct coach *c, const struct task *t, size_t n)
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

static void queue_clear(struct coach *c)
{
    for (size_t i = 0; i < c->ntasks; i++)
        task_free(&c->tasks[i]);
    c->ntasks = 0;
}

/* Drops queued tasks up to (not including) the next T_STEP. */
static void queue_drop_step(struct coach *c)
{
    size_t i = 0;
    while (i < c->ntasks && c->tasks[i].kind != T_STEP)
        task_free(&c->tasks[i++]);
    memmove(c->tasks, c->tasks + i, (c->ntasks - i) * sizeof *c->tasks);
    c->ntasks -= i;
}

static struct task mk(enum task_kind k, enum coach_phase ph, const char *text)
{
    struct task t;
    memset(&t, 0, sizeof t);
    t.kind = k;
    t.phase = ph;
    t.text = text ? xstrdup(text) : NULL;
    t.last = -1;
    return t;
}

static struct task mk_ask(const struct question *q, enum coach_phase ph,
                          const char *region, const char *text)
{
    struct task t = mk(T_ASK, ph, text ? text : q->text);
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
            pool_keep(c, c->cur.text);
        c->cur.text = NULL;
    }
    c->running = false;
    c->deadline = -1;
    c->wait_speech = 0;
}

static const char *region_name(const char *id)
{
    const struct region_info *ri = region_find(id);
    return ri ? ri->name : id;
}

/* "calves" -> "calves", "Upper back" -> "upper back" for mid-sentence. */
static char *lower_name(const char *id)
{
    char *s = xstrdup(region_name(id));
    if (s[0] >= 'A' && s[0] <= 'Z')
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

static char *fmt_duration(long long ms)
{
    long long s = (ms + 500) / 1000;
    if (s < 60)
        return xasprintf("%lld second%s", s, s == 1 ? "" : "s");
    long long m = s / 60;
    s %= 60;
    if (!s)
        return xasprintf("%lld minute%s", m, m == 1 ? "" : "s");
    return xasprintf("%lld minute%s %lld second%s", m, m == 1 ? "" : "s", s,
                     s == 1 ? "" : "s");
}

static bool detailed(const struct coach *c)
{
    return c->o.detail == DETAIL_DETAILED;
}

static const struct routine_step *cur_step(const struct coach *c)
{
    if (!c->r || c->step_index >= c->r->step_count)
        return NULL;
    return &c->r->steps[c->step_index];
}

static const char *step_region(const struct routine_step *st)
{
    return st && st->region ? st->region->id : NULL;
}

static bool region_lighter(const struct coach *c, const char *region)
{
    return c->lighter_all || (region && set_has(&c->lighter, region));
}

static long long hold_ms(const struct coach *c,
                         const struct routine_step *st)
{
    long long ms = (long long)st->hold_s * 1000;
    /* Lighter: half the time (dose notes, pain-monitoring model), but a
     * hold shorter than 10 s does nothing useful. */
    if (region_lighter(c, step_region(st)) && ms > 20000)
        ms /= 2;
    else if (region_lighter(c, step_region(st)) && ms > 10000)
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

static void skip_region(struct coach *c, const char *region)
{
    set_add(&c->skipped, region);
}

static void apply_effect(struct coach *c, enum screening_effect e)
{
    switch (e) {
    case SCREEN_EFFECT_NONE:
        break;
    case SCREEN_EFFECT_AREA:
        c->area_check = true;
        break;
    case SCREEN_EFFECT_SPINE_RIBS:
        for (size_t i = 0; i < region_count(); i++)
            if (region_at(i)->spine_or_ribs)
                skip_region(c, region_at(i)->id);
        c->lighter_all = true;
        break;
    case SCREEN_EFFECT_FEET:
        skip_region(c, "feet");
        break;
    case SCREEN_EFFECT_PREGNANT:
        /* No lying on the back: the upper-back position is face up. */
        skip_region(c, "upper-back");
        c->lighter_all = true;
        break;
    case SCREEN_EFFECT_LIGHTER:
        c->lighter_all = true;
        break;
    }
}

/* A rule fired with `action`: cut speech, record it, say and show the
 * message, and change what is queued so no further hold starts where the
 * rule forbids one. */
static void fire_cut(struct coach *c, const char *rule,
                     enum rule_action action, const char *msg,
                     const char *region, bool cut)
{
    if (action == ACTION_NONE)
        return;
    if (cut)
        silence(c);
    struct coach_action *a = emit(c, COACH_ACT_STOP);
    a->rule = rule;
    a->action = action;
    a->text = pool_keep(c, xstrdup(msg ? msg : ""));
    c->stop_rule = rule;
    if (rule_action_rank(action) > rule_action_rank(c->stop_action))
        c->stop_action = action;
    set_message(c, msg);
    switch (action) {
    case ACTION_NONE:
        break;
    case ACTION_LIGHTER:
        if (region)
            set_add(&c->lighter, region);
        else
            c->lighter_all = true;
        if (msg)
            say(c, msg);
        break;
    case ACTION_SKIP_REGION:
        if (region)
            skip_region(c, region);
        if (msg)
            say(c, msg);
        /* A hold of this region still queued (a question during the
         * step) must not start. */
        if (region && c->in_steps) {
            const struct routine_step *st = cur_step(c);
            if (st && step_region(st) && !strcmp(step_region(st), region))
                for (size_t i = 0; i < c->ntasks; i++)
                    if (c->tasks[i].kind == T_HOLD
                        || c->tasks[i].kind == T_WAIT) {
                        queue_drop_step(c);
                        break;
                    }
        }
        break;
    case ACTION_STOP:
    case ACTION_NOT_START:
    case ACTION_URGENT:
        if (c->o.screening_only) {
            /* `unknot screen`: say what applies and go on asking. */
            if (msg)
                say(c, msg);
            break;
        }
        queue_clear(c);
        c->phase = PHASE_STOPPED;
        c->outcome = OUTCOME_STOPPED;
        c->paused = c->waiting = c->after_stop = false;
        {
            struct task t[2] = {
                mk(T_SAY, PHASE_STOPPED, msg ? msg : ""),
                mk(c->in_steps ? T_SUMMARY : T_END, PHASE_STOPPED, NULL),
            };
            queue_front(c, t, 2);
        }
        show(c);
        break;
    }
}

static void fire(struct coach *c, const char *rule, enum rule_action action,
                 const char *msg, const char *region)
{
    fire_cut(c, rule, action, msg, region, true);
}

/* ---- task starts -------------------------------------------------------- */

static char *setup_text(const struct coach *c, const struct routine_step *st)
{
    const char *name = region_name(step_region(st));
    if (detailed(c))
        return xasprintf("%s, with %s. %s Aim for moderate to strong "
                         "pressure, never very strong.", name,
                         st->tool == TOOL_HANDS ? "your hands"
                         : st->tool == TOOL_BALL ? "the ball"
                                                 : "the roller", st->setup);
    return xasprintf("%s. %s", name, st->setup);
}

static void queue_step(struct coach *c, size_t i)
{
    const struct routine_step *st = &c->r->steps[i];
    const char *region = step_region(st);
    struct task *t = NULL;
    size_t n = 0, cap = 0;
#define PUSH(x) do { t = xgrow(t, &cap, n + 1, sizeof *t); t[n++] = (x); \
    } while (0)
    char *s = setup_text(c, st);
    PUSH(mk(T_SAY, PHASE_SETUP, s));
    free(s);
    long long lead = (long long)c->o.lead_in_s * 1000;
    if (lead > 0) {
        struct task w = mk(T_WAIT, PHASE_LEAD_IN, NULL);
        w.ms = lead;
        PUSH(w);
    }
    struct task h = mk(T_HOLD, PHASE_HOLD, NULL);
    h.ms = hold_ms(c, st);
    if (st->sides == SIDES_LEFT_RIGHT) {
        h.side = SIDE_LEFT;
        PUSH(h);
        struct task sw = mk(T_SAY, PHASE_SWITCH,
                            detailed(c) ? "Release, and switch to the right "
                                          "side. Same position."
                                        : "Switch to the right side.");
        sw.side = SIDE_RIGHT;
        PUSH(sw);
        if (lead > 0) {
            struct task w = mk(T_WAIT, PHASE_SWITCH, NULL);
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
           && set_has(&c->skipped, step_region(&c->r->steps[next])))
        next++;
    bool rest = st->rest_s > 0 && next < c->r->step_count;
    if (rest) {
        char *nn = lower_name(step_region(&c->r->steps[next]));
        char *rt = xasprintf("Rest for %d seconds. Next: %s.", st->rest_s,
                             nn);
        struct task rs = mk(T_REST, PHASE_REST, rt);
        rs.ms = (long long)st->rest_s * 1000;
        PUSH(rs);
        free(nn);
        free(rt);
    }
    for (size_t k = 0; k < st->ask_count; k++) {
        const struct question *q = routine_question_find(c->r, st->ask[k]);
        if (q)
            PUSH(mk_ask(q, PHASE_QUESTION, region, NULL));
    }
    if (rest)
        PUSH(mk(T_REST_WAIT, PHASE_REST, NULL));
    struct task nx = mk(T_STEP, PHASE_SETUP, NULL);
    nx.index = i + 1;
    PUSH(nx);
#undef PUSH
    queue_front(c, t, n);
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
    if (c->outcome == OUTCOME_COMPLETED)
        ADD("Well done. That took %s.", el);
    else
        ADD("We stopped after %s.", el);
    if (c->worked.count) {
        ADD(" You worked on:");
        for (size_t i = 0; i < c->worked.count; i++) {
            char *n = lower_name(c->worked.items[i]);
            ADD("%s %s", i ? "," : "", n);
            free(n);
        }
        ADD(".");
    } else {
        ADD(" No area was worked today.");
    }
    if (c->nsore) {
        ADD(" Soreness:");
        for (size_t i = 0; i < c->nsore; i++) {
            char *n = lower_name(c->sore[i].region);
            ADD("%s %s %d", i ? "," : "", n, c->sore[i].value);
            free(n);
        }
        ADD(".");
    }
    /* Skipped: the regions never worked; one a rule took off after it was
     * worked is already among the worked ones. */
    size_t ns = 0;
    for (size_t i = 0; i < c->skipped_said.count; i++) {
        if (set_has(&c->worked, c->skipped_said.items[i]))
            continue;
        char *n = lower_name(c->skipped_said.items[i]);
        ADD("%s %s", ns++ ? "," : " Skipped:", n);
        free(n);
    }
    if (ns)
        ADD(".");
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
    set_message(c, t->text);
    if (!again) {
        struct coach_action *a = emit(c, COACH_ACT_ASK);
        a->question = t->q->id;
        a->region = t->region ? t->region : a->region;
        a->check_in = t->phase == PHASE_CHECK_IN;
    }
    show(c);
    char *txt;
    if (again)
        txt = xasprintf("I didn't catch that. %s", t->text);
    else if (detailed(c) && t->q->kind == ANSWER_SCALE
             && t->q != screening_stop_reason())
        txt = xasprintf("%s Moderate is 3, strong is 5, very strong is 7.",
                        t->text);
    else
        txt = xstrdup(t->text);
    c->wait_speech = say(c, txt);
    free(txt);
    c->question_spoken = false;
    c->deadline = -1;
}

static void begin_step(struct coach *c, size_t i);

/* Starts c->cur; returns true when it finished at once. */
static bool start_task(struct coach *c)
{
    struct task *t = &c->cur;
    if (t->phase != PHASE_IDLE)
        c->phase = t->phase;
    c->deadline = -1;
    switch (t->kind) {
    case T_SAY:
        if (t->phase == PHASE_SWITCH || t->phase == PHASE_SETUP
            || t->phase == PHASE_INTRO || t->phase == PHASE_STOPPED
            || t->phase == PHASE_CHECK_IN) {
            if (t->phase != PHASE_STOPPED)
                set_message(c, t->text);
            c->phase_start = c->now;
            c->phase_end = 0;
            if (t->phase == PHASE_SWITCH)
                c->side = t->side;
            show(c);
        }
        c->wait_speech = say(c, t->text);
        return false;
    case T_WAIT:
        c->phase_start = c->now;
        c->deadline = c->phase_end = c->now + t->ms;
        show(c);
        return false;
    case T_HOLD: {
        const struct routine_step *st = cur_step(c);
        c->side = t->side;
        set_add(&c->worked, step_region(st));
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
        emit(c, COACH_ACT_HOLD_START);
        cue(c, CUE_HOLD_START);
        char *secs = fmt_duration(t->ms);
        const char *side = t->side == SIDE_LEFT ? "Left side. "
                           : t->side == SIDE_RIGHT ? "Right side. " : "";
        const char *light = region_lighter(c, step_region(st))
                            ? " Keep the pressure light." : "";
        const char *how = !st || st->tool == TOOL_ROLLER
            ? "Roll slowly, two to four seconds a pass,"
            : st->tool == TOOL_BALL
                ? "Roll slowly, and rest on a tender spot,"
                : "Massage gently,";
        char *txt = detailed(c)
            ? xasprintf("%s%s for %s.%s", side, how, secs, light)
            : xasprintf("%sHold for %s.%s", side, secs, light);
        say(c, txt);
        free(txt);
        free(secs);
        show(c);
        return false;
    }
    case T_REST:
        c->side = SIDE_NONE;
        c->phase_start = c->now;
        c->rest_end = c->phase_end = c->now + t->ms;
        emit(c, COACH_ACT_REST_START);
        set_message(c, t->text);
        show(c);
        say(c, t->text);
        return true;
    case T_REST_WAIT:
        if (c->rest_end <= c->now)
            return true;
        c->phase_start = c->now;
        c->deadline = c->phase_end = c->rest_end;
        show(c);
        return false;
    case T_ASK:
        c->attempts = 0;
        start_ask(c, false);
        return false;
    case T_STEP:
        begin_step(c, t->index);
        return true;
    case T_SAVED:
        for (size_t i = 0; i < c->o.saved_count && !c->ended; i++) {
            const struct coach_answer *a = &c->o.saved_screening[i];
            const struct screening_item *it = screening_find(a->question);
            if (!it || !stop_rule_fires(&it->q.rule, a->value))
                continue;
            apply_effect(c, it->effect);
            const struct stop_rule *ru = &it->q.rule;
            if (rule_action_rank(ru->action)
                >= rule_action_rank(ACTION_STOP)) {
                char *m = xasprintf("Your last health screening said: %s "
                                    "When you have the all-clear, run "
                                    "unknot screen to update it.", ru->say);
                fire(c, ru->id, ru->action, m, NULL);
                free(m);
                return true;
            }
            /* Reminders one after the other: nothing to cut off. */
            fire_cut(c, ru->id, ru->action, ru->say, NULL, false);
        }
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
        show(c);
        c->wait_speech = say(c, s);
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
        struct task t = mk(T_SUMMARY, PHASE_SUMMARY, NULL);
        queue_front(c, &t, 1);
        return;
    }
    c->step_index = i;
    const char *region = step_region(&c->r->steps[i]);
    if (set_has(&c->skipped, region)) {
        bool said = set_has(&c->skipped_said, region);
        set_add(&c->skipped_said, region);
        struct task t[2];
        size_t n = 0;
        if (!said) {
            char *nn = lower_name(region);
            char *m = xasprintf("We'll skip the %s today.", nn);
            t[n++] = mk(T_SAY, PHASE_SETUP, m);
            free(m);
            free(nn);
        }
        t[n] = mk(T_STEP, PHASE_SETUP, NULL);
        t[n++].index = i + 1;
        queue_front(c, t, n);
        return;
    }
    if (c->area_check && !set_has(&c->area_asked, region)) {
        set_add(&c->area_asked, region);
        char *nn = lower_name(region);
        char *txt = xasprintf("You told me about an area to avoid. Is it "
                              "your %s?", nn);
        struct task t[2] = {
            mk_ask(screening_area_check(), PHASE_QUESTION, region, txt),
            mk(T_STEP, PHASE_SETUP, NULL),
        };
        t[1].index = i;
        queue_front(c, t, 2);
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
    queue_clear(c);
    finish_task(c);
    c->outcome = o;
    c->ended = true;
    c->paused = c->waiting = false;
    if (o != OUTCOME_STOPPED && c->phase != PHASE_STOPPED)
        c->phase = PHASE_SUMMARY;
    c->phase_end = 0;
    show(c);
    struct coach_action *a = emit(c, COACH_ACT_END);   /* always last */
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
            const struct routine_step *st = cur_step(c);
            const char *cue_text = st && st->cue ? st->cue
                                   : detailed(c) ? "Halfway. Keep breathing "
                                                   "slowly."
                                                 : "Halfway.";
            say(c, cue_text);
        } else if (which == 1) {
            c->last_at = -1;
            say(c, "Five seconds.");
        } else if (which >= 2 && which < 99) {
            c->tick_at[which - 2] = -1;
            cue(c, CUE_TICK);
        } else {
            cue(c, CUE_HOLD_END);
            emit(c, COACH_ACT_HOLD_END);
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
    say(c, "I'll wait. Answer when you're ready.");
    show(c);
}

static bool screening_pending(const struct coach *c)
{
    for (size_t i = 0; i < c->ntasks; i++)
        if (c->tasks[i].kind == T_ASK && screening_find(c->tasks[i].q->id)
            && !strncmp(c->tasks[i].q->id, "screen-", 7))
            return true;
    return false;
}

static void record_screen(struct coach *c, const char *id, int value)
{
    for (size_t i = 0; i < c->nscreen; i++)
        if (!strcmp(c->screen[i].question, id)) {
            c->screen[i].value = value;
            return;
        }
    c->screen = xgrow(c->screen, &c->cap_screen, c->nscreen + 1,
                      sizeof *c->screen);
    c->screen[c->nscreen].question = id;
    c->screen[c->nscreen++].value = value;
}

static void answered(struct coach *c, const struct task *t, int value)
{
    const struct question *q = t->q;
    const struct screening_item *it = screening_find(q->id);
    if (it) {
        bool full = !strncmp(q->id, "screen-", 7);
        if (full)
            record_screen(c, q->id, value);
        if (value) {
            /* Follow-ups of a yes, right after it, in table order. */
            enum screening_set set = full ? SCREEN_FULL : SCREEN_DAILY;
            struct task fu[8];
            size_t n = 0;
            for (size_t i = 0; i < screening_count(set) && n < 8; i++) {
                const struct screening_item *f = screening_at(set, i);
                if (f->follow_up_of && !strcmp(f->follow_up_of, q->id))
                    fu[n++] = mk_ask(&f->q, PHASE_CHECK_IN, NULL, NULL);
            }
            queue_front(c, fu, n);
        }
        if (stop_rule_fires(&it->q.rule, value)) {
            apply_effect(c, it->effect);
            fire(c, it->q.rule.id, it->q.rule.action, it->q.rule.say, NULL);
        }
        if (full && (!screening_pending(c) || c->phase == PHASE_STOPPED)
            && c->answer_act)
            c->act.items[c->answer_act - 1].save_screening = true;
        return;
    }
    if (q == screening_area_check()) {
        if (value) {
            char *nn = lower_name(t->region);
            char *m = xasprintf("Then we'll skip the %s.", nn);
            fire(c, q->rule.id, ACTION_SKIP_REGION, m, t->region);
            set_add(&c->skipped_said, t->region);
            free(m);
            free(nn);
        }
        return;
    }
    if (q == screening_recent_soreness()) {
        bool provider = false;
        enum rule_action a = screening_recent_action(value, t->last,
                                                     &provider);
        char *nn = t->region ? lower_name(t->region) : xstrdup("that area");
        char *m = NULL;
        const char *id = "recent-soreness";
        if (a == ACTION_SKIP_REGION && t->region) {
            m = xasprintf("That's still quite sore. We'll leave the %s for "
                          "two days to settle.", nn);
            id = "recent-soreness-high";
        } else if (a != ACTION_NONE) {
            m = xasprintf("We'll go lighter on the %s today: shorter holds "
                          "and gentle pressure.", nn);
            id = "recent-soreness-lighter";
            a = ACTION_LIGHTER;
        }
        if (provider) {
            char *p = xasprintf("%s%sIt was sore last time too. If it keeps "
                                "coming back, please see a physiotherapist "
                                "or doctor.", m ? m : "", m ? " " : "");
            free(m);
            m = p;
            id = "recent-soreness-provider";
        }
        if (a != ACTION_NONE)
            fire(c, id, a, m, t->region);
        else if (m)
            say(c, m);
        if (a == ACTION_SKIP_REGION && t->region)
            set_add(&c->skipped_said, t->region);
        free(m);
        free(nn);
        return;
    }
    if (q == screening_stop_reason()) {
        const struct stop_rule *ru = screening_stop_rule(value);
        if (!ru) {
            queue_clear(c);
            struct task tt[2] = {
                mk(T_SAY, PHASE_SUMMARY, "Okay, we'll finish here."),
                mk(T_SUMMARY, PHASE_SUMMARY, NULL),
            };
            queue_front(c, tt, 2);
            c->outcome = OUTCOME_QUIT;
            return;
        }
        const char *region = step_region(cur_step(c));
        fire(c, ru->id, ru->action, ru->say, region);
        if (ru->action == ACTION_SKIP_REGION) {
            set_add(&c->skipped_said, region);
            c->after_stop = true;
            c->paused = true;
            c->paused_at = c->now;
            say(c, "Say resume to go on with the next area, or stop to "
                   "finish.");
            show(c);
        }
        return;
    }
    /* A step's question: built-in rules always apply; the routine's and
     * the soreness setting can only add. */
    const struct stop_rule *ru = question_fired_rule(q, value);
    struct stop_rule sore = { RULE_GE, c->o.soreness_stop,
                              ACTION_SKIP_REGION,
                              "That's more than it should be. We'll leave "
                              "this area for today.", "soreness-setting" };
    if (!strcmp(q->id, "soreness") && q->kind == ANSWER_SCALE) {
        if (c->o.soreness_stop > 0 && stop_rule_fires(&sore, value)
            && (!ru || rule_action_rank(ru->action)
                       < rule_action_rank(sore.action)))
            ru = &sore;
        if (t->region) {
            /* The summary gives the highest soreness per region. */
            size_t k = 0;
            while (k < c->nsore && strcmp(c->sore[k].region, t->region))
                k++;
            if (k == c->nsore) {
                c->sore = xgrow(c->sore, &c->cap_sore, c->nsore + 1,
                                sizeof *c->sore);
                c->sore[c->nsore].region = t->region;
                c->sore[c->nsore++].value = value;
            } else if (value > c->sore[k].value) {
                c->sore[k].value = value;
            }
        }
    }
    if (ru) {
        /* A built-in question's message is always its own; a routine's
         * say for it is only an add-on (coach/question.h). */
        char *msg = ru == &sore ? xstrdup(ru->say)
                                : question_rule_message(q, value);
        fire(c, ru->id ? ru->id : q->id, ru->action, msg, t->region);
        free(msg);
        if (ru->action == ACTION_SKIP_REGION)
            set_add(&c->skipped_said, t->region);
    }
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
        silence(c);
        char *m = q->kind == ANSWER_YES_NO
            ? xstrdup("Please answer yes or no.")
            : xasprintf("Please answer with a number from 0 to %d.", max);
        say(c, m);
        free(m);
        c->paused = c->waiting = false;
        start_ask(c, false);
        return -1;
    }
    if (!c->question_spoken)
        silence(c);
    struct coach_action *a = emit(c, COACH_ACT_ANSWER);
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
    answered(c, &t, value);
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
        silence(c);
        c->paused = true;
        c->paused_at = c->now;
        say(c, "Paused. Say resume when you're ready.");
        show(c);
        return 0;
    case COACH_CMD_RESUME:
        if (!c->paused)
            return -1;
        c->paused = false;
        if (c->after_stop) {
            c->after_stop = false;
            say(c, "Going on.");
            return 0;       /* the next T_STEP is queued */
        }
        if (c->waiting) {
            c->waiting = false;
            restart_task(c);
            return 0;
        }
        shift_timers(c, c->now - c->paused_at);
        if (c->cur.kind == T_HOLD) {
            say(c, "Resuming.");
            show(c);
        } else if (c->cur.kind == T_WAIT) {
            c->deadline = c->phase_end = c->now + c->cur.ms;
            c->phase_start = c->now;
            say(c, "Get back into position.");
            show(c);
        } else if (c->cur.kind == T_SAY || c->cur.kind == T_ASK) {
            restart_task(c);
        } else {
            show(c);
        }
        return 0;
    case COACH_CMD_REPEAT:
        if (summary || !c->running)
            return -1;
        if (c->cur.kind == T_ASK || c->cur.kind == T_SAY) {
            silence(c);
            c->paused = c->waiting = false;
            restart_task(c);
            return 0;
        }
        if (c->paused)
            return -1;
        if (c->cur.kind == T_HOLD || c->cur.kind == T_WAIT) {
            const struct routine_step *st = cur_step(c);
            if (st) {
                char *s = setup_text(c, st);
                say(c, s);
                free(s);
            }
            return 0;
        }
        if (c->cur.kind == T_REST_WAIT && c->message) {
            say(c, c->message);
            return 0;
        }
        return -1;
    case COACH_CMD_SKIP:
        if (!in_step_phase(c) || c->after_stop)
            return -1;
        silence(c);
        if (c->cur.kind == T_HOLD)
            emit(c, COACH_ACT_HOLD_END);
        finish_task(c);
        if (c->cur.kind != T_REST_WAIT)
            queue_drop_step(c);
        c->paused = false;
        say(c, "Skipping this one.");
        return 0;
    case COACH_CMD_STOP:
        if (summary)
            return -1;
        silence(c);
        if (c->after_stop
            || (c->running && c->cur.kind == T_ASK
                && c->cur.q == screening_stop_reason())) {
            /* Stopped twice: really stop. */
            c->after_stop = c->paused = c->waiting = false;
            finish_task(c);
            queue_clear(c);
            struct task t = mk(T_SUMMARY, PHASE_SUMMARY, NULL);
            queue_front(c, &t, 1);
            c->outcome = OUTCOME_QUIT;
            return 0;
        }
        if (!c->in_steps) {
            /* Nothing is being rolled yet: no need to ask why. */
            say(c, "Okay, stopping here.");
            end_now(c, OUTCOME_QUIT);
            return 0;
        }
        if (c->running && c->cur.kind == T_HOLD)
            emit(c, COACH_ACT_HOLD_END);
        finish_task(c);
        c->paused = c->waiting = false;
        queue_drop_step(c);
        {
            struct task t = mk_ask(screening_stop_reason(), PHASE_QUESTION,
                                   step_region(cur_step(c)), NULL);
            queue_front(c, &t, 1);
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
    queue_clear(c);
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
    if (full) {
        queue_back(c, mk(T_SAY, PHASE_CHECK_IN,
                         o->screening_only
                             ? "Your health screening. Please answer yes "
                               "or no."
                             : "Before your first session, a few health "
                               "questions. Please answer yes or no."));
        for (size_t i = 0; i < screening_count(SCREEN_FULL); i++) {
            const struct screening_item *it = screening_at(SCREEN_FULL, i);
            if (!it->follow_up_of)
                queue_back(c, mk_ask(&it->q, PHASE_CHECK_IN, NULL, NULL));
        }
    }
    if (o->screening_only) {
        queue_back(c, mk(T_SAY, PHASE_CHECK_IN,
                         "Thank you. Your answers are saved."));
        queue_back(c, mk(T_END, PHASE_SUMMARY, NULL));
        return;
    }
    if (!full && o->saved_count)
        queue_back(c, mk(T_SAVED, PHASE_CHECK_IN, NULL));
    if (!o->skip_daily_check) {
        queue_back(c, mk(T_SAY, PHASE_CHECK_IN, "A quick check before we "
                                                "start."));
        for (size_t i = 0; i < screening_count(SCREEN_DAILY); i++) {
            const struct screening_item *it = screening_at(SCREEN_DAILY, i);
            if (!it->follow_up_of)
                queue_back(c, mk_ask(&it->q, PHASE_CHECK_IN, NULL, NULL));
        }
    }
    if (o->have_recent) {
        size_t asked = 0;
        for (size_t i = 0; i < o->recent_count; i++) {
            const char *reg = o->recent[i].region;
            bool in_routine = false;
            for (size_t k = 0; c->r && k < c->r->step_count; k++)
                if (!strcmp(step_region(&c->r->steps[k]), reg))
                    in_routine = true;
            if (!in_routine || !region_find(reg))
                continue;
            char *nn = lower_name(reg);
            char *txt = xasprintf("How sore are your %s now from last time, "
                                  "from 0, none, to 10, the worst?", nn);
            struct task t = mk_ask(screening_recent_soreness(),
                                   PHASE_CHECK_IN, region_find(reg)->id, txt);
            t.last = o->recent[i].soreness;
            queue_back(c, t);
            free(txt);
            free(nn);
            asked++;
        }
        /* With no region known from last time, ask once in general; when
         * last time's regions are not in today's routine, nothing to ask. */
        if (!asked && !o->recent_count)
            queue_back(c, mk_ask(screening_recent_soreness(),
                                 PHASE_CHECK_IN, NULL, NULL));
    }
    queue_back(c, mk(T_SAY, PHASE_INTRO,
                     detailed(c)
                         ? "Let's begin. You can say pause, resume, repeat, "
                           "skip or stop at any time. Aim for moderate to "
                           "strong pressure, never very strong. Stop at "
                           "once if you feel tingling, numbness, sharp pain "
                           "or dizziness."
                         : "Let's begin. Say pause or stop at any time. Stop "
                           "at once if you feel tingling, numbness, sharp "
                           "pain or dizziness."));
    struct task st = mk(T_STEP, PHASE_SETUP, NULL);
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
    silence(c);
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
    v->step = cur_step(c);
    v->side = c->side;
    v->phase_start_ms = c->phase_start;
    v->phase_end_ms = c->phase_end;
    v->message = c->message;
    v->stop_action = c->stop_action;
    v->summary = c->summary;
    v->elapsed_ms = c->started ? c->now - c->t_start : 0;
    v->lighter = c->lighter_all;
    if (c->running && c->cur.kind == T_ASK) {
        v->question = c->cur.q;
        v->region = c->cur.region;
        v->answer_max = screening_answer_max(c->cur.q);
    }
    long long rem = 0;
    if (c->r && !c->ended) {
        size_t from = c->in_steps ? c->step_index : 0;
        for (size_t i = from; i < c->r->step_count; i++)
            if (!set_has(&c->skipped, step_region(&c->r->steps[i])))
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
