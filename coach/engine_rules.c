/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules half of the engine (see coach/engine_priv.h): what answers and
 * the history's memory make the session do, by the rule table of
 * coach/rules.h.  No rule's message lives here: every message said when
 * a rule fires is the table's, or a routine's add-on after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/engine_priv.h"
#include "util/i18n.h"
#include "util/util.h"

static void skip_region(struct coach *c, const char *region)
{
    eng_set_add(&c->skipped, region);
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
                     bool says_what_to_do, const char *addon,
                     const char *region, bool cut)
{
    if (action == ACTION_NONE)
        return;
    /* Table messages are msgids: said in the session's language (a text
     * already composed, or a routine's own, is left as it is). */
    msg = i18n_text(msg);
    addon = i18n_text(addon);
    if (cut)
        eng_silence(c);
    if (addon && (!*addon || (msg && !strcmp(addon, msg))))
        addon = NULL;   /* nothing to add */
    struct coach_action *a = eng_emit(c, COACH_ACT_STOP);
    a->rule = rule;
    a->action = action;
    a->says_what_to_do = says_what_to_do;
    if (region)     /* a check-in rule names its region too (history) */
        a->region = region;
    a->text = eng_pool_keep(c, xstrdup(msg ? msg : ""));
    if (region)
        a->region = region;     /* the region the rule is about */
    c->stop_rule = rule;
    if (rule_action_rank(action) > rule_action_rank(c->stop_action))
        c->stop_action = action;
    if (addon) {
        char *both = xasprintf("%s %s", msg ? msg : "", addon);
        eng_set_message(c, both);
        free(both);
    } else {
        eng_set_message(c, msg);
    }
    switch (action) {
    case ACTION_NONE:
        break;
    case ACTION_LIGHTER:
        if (region)
            eng_set_add(&c->lighter, region);
        else
            c->lighter_all = true;
        if (msg)
            eng_say(c, msg);
        if (addon)
            eng_say(c, addon);
        break;
    case ACTION_SKIP_REGION:
        if (region)
            skip_region(c, region);
        if (msg)
            eng_say(c, msg);
        if (addon)
            eng_say(c, addon);
        /* A hold of this region still queued (a question during the
         * step) must not start. */
        if (region && c->in_steps) {
            const struct routine_step *st = eng_cur_step(c);
            const char *here = eng_step_region(st);
            if (st && here && !strcmp(here, region))
                for (size_t i = 0; i < c->ntasks; i++)
                    if (c->tasks[i].kind == T_HOLD
                        || c->tasks[i].kind == T_WAIT) {
                        eng_queue_drop_step(c);
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
                eng_say(c, msg);
            if (addon)
                eng_say(c, addon);
            break;
        }
        eng_queue_clear(c);
        c->phase = PHASE_STOPPED;
        c->outcome = OUTCOME_STOPPED;
        c->paused = c->waiting = c->after_stop = false;
        {
            /* The built-in message first, then a routine's add-on. */
            struct task t[3];
            size_t n = 0;
            t[n++] = eng_mk(T_SAY, PHASE_STOPPED, msg ? msg : "");
            if (addon)
                t[n++] = eng_mk(T_SAY, PHASE_STOPPED, addon);
            t[n++] = eng_mk(c->in_steps ? T_SUMMARY : T_END, PHASE_STOPPED,
                            NULL);
            eng_queue_front(c, t, n);
        }
        eng_show(c);
        break;
    }
}

static void fire(struct coach *c, const char *rule, enum rule_action action,
                 const char *msg, const char *region)
{
    const struct safety_rule *ru = rules_find(rule);
    fire_cut(c, rule, action, msg, ru && ru->says_what_to_do, NULL, region,
             true);
}

/* Fires rule `id` of the rule table with its own action and message (the
 * region named where the message has {region}), then `addon` (a routine's
 * say, or NULL). */
static void fire_rule(struct coach *c, const char *id, const char *region,
                      const char *addon, bool cut)
{
    const struct safety_rule *ru = rules_find(id);
    UNKNOT_ASSERT(ru != NULL);
    char *nn = region ? eng_lower_name(region) : NULL;
    char *m = rules_say(id, nn);
    fire_cut(c, ru->id, ru->action, m, ru->says_what_to_do, addon, region,
             cut);
    free(m);
    free(nn);
}

/* The answer this session's screening gave to `id`, else the saved one;
 * -1 when neither has it. */
int eng_screening_value(const struct coach *c, const char *id)
{
    for (size_t i = 0; i < c->nscreen; i++)
        if (!strcmp(c->screen[i].question, id))
            return c->screen[i].value;
    if (!c->o.screening_due)
        for (size_t i = 0; i < c->o.saved_count; i++)
            if (!strcmp(c->o.saved_screening[i].question, id))
                return c->o.saved_screening[i].value;
    return -1;
}

bool eng_on_blood_thinners(const struct coach *c)
{
    return eng_screening_value(c, "screen-blood-thinners") == 1;
}

/* The pressure cap for a region (0 none): at most 3/10 on blood thinners,
 * 4/10 in lighter mode (dose notes). */
int eng_pressure_cap(const struct coach *c, const char *region)
{
    if (eng_on_blood_thinners(c))
        return PRESSURE_CAP_THINNERS;
    return eng_region_lighter(c, region) ? PRESSURE_CAP_LIGHTER : 0;
}

const char *eng_pressure_advice(const struct coach *c, const char *region)
{
    return rules_pressure_advice(eng_pressure_cap(c, region),
                                 c->r && c->r->level == LEVEL_GENTLE);
}

/* Queues a record for the cross-session memory (COACH_ACT_REMEMBER). */
void eng_remember(struct coach *c, enum memory_kind k, const char *region,
                  int value, long long rest_s)
{
    if (!region)
        return;
    struct coach_action *a = eng_emit(c, COACH_ACT_REMEMBER);
    a->mem.kind = k;
    a->mem.region = region;
    a->mem.value = value;
    a->mem.until_s = rest_s;
    a->region = region;
}

static bool routine_has_region(const struct coach *c, const char *region)
{
    for (size_t k = 0; c->r && region && k < c->r->step_count; k++)
        if (!strcmp(eng_step_region(&c->r->steps[k]), region))
            return true;
    return false;
}

/* Today's routine's regions, each once, in step order; *n set. */
static size_t routine_regions(const struct coach *c, const char **out,
                              size_t max)
{
    size_t n = 0;
    for (size_t k = 0; c->r && k < c->r->step_count; k++) {
        const char *reg = eng_step_region(&c->r->steps[k]);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= !strcmp(out[j], reg);
        if (!dup && n < max && region_find(reg))
            out[n++] = region_find(reg)->id;
    }
    return n;
}

static struct task recent_ask(const char *region, int last, int prev)
{
    char *nn = eng_lower_name(region);
    char *txt = xasprintf(_("How sore are your %s now from last time, "
                            "from 0, none, to 10, the worst?"), nn);
    struct task t = eng_mk_ask(screening_recent_soreness(), PHASE_CHECK_IN,
                               region, txt);
    t.last = last;
    t.prev = prev;
    free(txt);
    free(nn);
    return t;
}

/*
 * What the history remembers, at the check-in (after the screening is
 * known): the frequency limit; regions still resting are announced and
 * skipped; an old bruise is asked about; recent-soreness is asked once
 * per region of today's routine worked in the last 48 hours, in any
 * session.  Without a memory, the last session's regions (o.recent).
 */
void eng_apply_memory(struct coach *c, size_t stage)
{
    const struct coach_options *o = &c->o;
    const struct memory *m = o->memory;
    if (stage == 0) {
        /* Every area resting (a general 6 or more): nothing to roll. */
        if (m && m->rest_all_until_s > m->now_s)
            fire_rule(c, "rest-all", NULL, NULL, true);
        else if (m && memory_frequency_limited(m))
            fire_rule(c, "frequency", NULL, NULL, true);
        return;
    }
    const char *regs[64];
    size_t nreg = routine_regions(c, regs, ARRAY_LEN(regs));
    struct task t[130];
    size_t n = 0, asked = 0;
    for (size_t i = 0; m && i < nreg; i++) {
        if (eng_set_has(&c->skipped, regs[i]))
            continue;   /* already off today (screening) */
        if (memory_resting(m, regs[i], NULL)) {
            fire_rule(c, "region-resting", regs[i], NULL, false);
            eng_set_add(&c->skipped_said, regs[i]);
            continue;
        }
        const struct memory_region *mr = memory_find(m, regs[i]);
        if (mr && mr->bruise_open) {
            char *nn = eng_lower_name(regs[i]);
            char *txt = xasprintf(_("Last time you had a bruise on your "
                                    "%s. Is it fully gone?"), nn);
            t[n++] = eng_mk_ask(screening_bruise_gone(), PHASE_CHECK_IN,
                                regs[i], txt);
            free(txt);
            free(nn);
        }
        if (memory_worked_recently(m, regs[i]) && n < ARRAY_LEN(t)) {
            t[n++] = recent_ask(regs[i], mr->last_soreness,
                                mr->prev_next_day);
            asked++;
        }
    }
    if (!m && o->have_recent)
        for (size_t i = 0; i < o->recent_count && n < ARRAY_LEN(t); i++) {
            const char *reg = o->recent[i].region;
            if (!routine_has_region(c, reg) || !region_find(reg))
                continue;
            t[n++] = recent_ask(region_find(reg)->id, o->recent[i].soreness,
                                -1);
            asked++;
        }
    /* A recent session that named no region (an older history): ask once
     * in general.  When the recent regions are not in today's routine,
     * there is nothing to ask. */
    bool none_known = m ? !memory_any_recent(m) : !o->recent_count;
    if (o->have_recent && !asked && none_known && n < ARRAY_LEN(t))
        t[n++] = eng_mk_ask(screening_recent_soreness(), PHASE_CHECK_IN, NULL,
                            NULL);
    eng_queue_front(c, t, n);
}

static bool screening_pending(const struct coach *c)
{
    for (size_t i = 0; i < c->ntasks; i++)
        if (c->tasks[i].kind == T_ASK && c->tasks[i].item
            && !strncmp(c->tasks[i].item->q.id, "screen-", 7))
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

/* Puts the follow-up `q` (about `region`) first in the queue, after
 * `wait_ms` of quiet when given. */
static void follow_up(struct coach *c, const struct question *q,
                      const char *region, long long wait_ms, bool pause)
{
    struct task t[2];
    size_t n = 0;
    if (wait_ms > 0) {
        t[n] = eng_mk(T_WAIT, PHASE_QUESTION, NULL);
        t[n++].ms = wait_ms;
    }
    t[n] = eng_mk_ask(q, PHASE_QUESTION, region, NULL);
    t[n++].then_pause = pause;
    eng_queue_front(c, t, n);
}

/* After a skip-region stop reason: wait for "resume" or "stop". */
static void pause_after_stop(struct coach *c)
{
    c->after_stop = true;
    c->paused = true;
    c->paused_at = c->now;
    eng_say(c, _("Say resume to go on with the next area, or stop to "
                 "finish."));
    eng_show(c);
}

/* An answer of the screening flow (screening or daily check). */
static void answered_screening(struct coach *c, const struct task *t,
                               int value)
{
    const struct screening_item *it = t->item;
    const struct question *q = &it->q;
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
            if (f->follow_up_of && !strcmp(f->follow_up_of, q->id)) {
                fu[n] = eng_mk_ask(&f->q, PHASE_CHECK_IN, NULL, NULL);
                fu[n++].item = f;
            }
        }
        eng_queue_front(c, fu, n);
    }
    if (stop_rule_fires(&q->rule, value)) {
        apply_effect(c, it->effect);
        fire_rule(c, q->rule.id, NULL, NULL, true);
    }
    if (full && (!screening_pending(c) || c->phase == PHASE_STOPPED)
        && c->answer_act)
        c->act.items[c->answer_act - 1].save_screening = true;
}

/* recent-soreness: the pain-monitoring model for one region (or all). */
static void answered_recent(struct coach *c, const struct task *t, int value)
{
    bool provider = false;
    enum rule_action a = screening_recent_action(value, t->last, t->prev,
                                                 &provider);
    const char *region = t->region;
    eng_remember(c, MEM_NEXT_DAY, region ? region : "*", value, -1);
    char *addon = provider ? rules_say("recent-soreness-provider", NULL)
                           : NULL;
    if (a == ACTION_SKIP_REGION && region) {
        eng_remember(c, MEM_REST, region, -1, REGION_REST_HOURS * 3600LL);
        fire_rule(c, "recent-soreness-high", region, addon, true);
        eng_set_add(&c->skipped_said, region);
    } else if (a == ACTION_SKIP_REGION) {
        /* No region known: every area rests for 48 hours. */
        eng_remember(c, MEM_REST, "*", -1, REGION_REST_HOURS * 3600LL);
        const char *regs[64];
        size_t n = routine_regions(c, regs, ARRAY_LEN(regs));
        fire_rule(c, "recent-soreness-all", NULL, addon, true);
        for (size_t i = 0; i < n; i++) {
            skip_region(c, regs[i]);
            eng_set_add(&c->skipped_said, regs[i]);
        }
    } else if (a != ACTION_NONE) {
        fire_rule(c, "recent-soreness-lighter", region, addon, true);
    }
    free(addon);
}

static void answered_stop_reason(struct coach *c, int value)
{
    const struct stop_rule *ru = screening_stop_rule(value);
    if (!ru) {
        eng_queue_clear(c);
        struct task tt[2] = {
            eng_mk(T_SAY, PHASE_SUMMARY, _("Okay, we'll finish here.")),
            eng_mk(T_SUMMARY, PHASE_SUMMARY, NULL),
        };
        eng_queue_front(c, tt, 2);
        c->outcome = OUTCOME_QUIT;
        return;
    }
    const char *region = eng_step_region(eng_cur_step(c));
    fire_rule(c, ru->id, region, NULL, true);
    if (ru->action != ACTION_SKIP_REGION)
        return;
    eng_set_add(&c->skipped_said, region);
    if (value == STOP_REASON_TINGLING)
        follow_up(c, screening_tingling_lasts(), region, TINGLING_SETTLE_MS,
                  true);
    else
        pause_after_stop(c);
}

/*
 * A step's question.  The built-in rule of its id always applies with the
 * rule table's message; the soreness setting and lighter mode tighten the
 * soreness rule.  A routine's own rule can only add: when it fires with
 * the built-in one, the stronger action wins and its say is spoken after
 * the built-in message; alone, its say (or the default) is spoken.
 */
static void answered_step(struct coach *c, const struct task *t, int value)
{
    const struct question *q = t->q;
    const struct question *b = builtin_question_find(q->id);
    if (b && b->kind != q->kind)
        b = NULL;
    const char *builtin = b && stop_rule_fires(&b->rule, value)
                          ? b->rule.id : NULL;
    const struct stop_rule *own = q != b && stop_rule_fires(&q->rule, value)
                                  ? &q->rule : NULL;
    bool soreness = b && !strcmp(b->id, "soreness");
    if (soreness && !builtin) {
        int cap = eng_pressure_cap(c, t->region);
        if (cap && value > cap)
            builtin = "soreness-lighter";   /* pain above the cap */
        else if (c->o.soreness_stop > 0 && value >= c->o.soreness_stop)
            builtin = "soreness-setting";
    }
    if (soreness && t->region) {
        eng_remember(c, MEM_SORENESS, t->region, value, -1);
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
    if (builtin && !strcmp(builtin, "bruise") && eng_on_blood_thinners(c))
        builtin = "bruise-thinners";    /* and tell the provider */
    enum rule_action act;
    if (builtin) {
        const struct safety_rule *br = rules_find(builtin);
        act = br->action;
        const char *id = br->id;
        if (own && rule_action_rank(own->action) > rule_action_rank(act)) {
            act = own->action;
            id = own->id ? own->id : q->id;
        }
        char *nn = t->region ? eng_lower_name(t->region) : NULL;
        char *m = rules_say(br->id, nn);
        fire_cut(c, id, act, m, br->says_what_to_do, own ? own->say : NULL,
                 t->region, true);
        free(m);
        free(nn);
    } else if (own) {
        act = own->action;
        fire_cut(c, own->id ? own->id : q->id, own->action,
                 own->say ? own->say : rule_action_default_say(own->action),
                 false, NULL, t->region, true);
    } else {
        return;
    }
    if (rule_action_rank(act) >= rule_action_rank(ACTION_STOP))
        return;     /* the session ends: no follow-up */
    if (act == ACTION_SKIP_REGION)
        eng_set_add(&c->skipped_said, t->region);
    if (!b || !builtin)
        return;
    if (!strcmp(b->id, "tingling"))
        follow_up(c, screening_tingling_lasts(), t->region,
                  TINGLING_SETTLE_MS, false);
    else if (!strcmp(b->id, "bruise")) {
        eng_remember(c, MEM_BRUISE, t->region, -1, 0);
        follow_up(c, screening_bruise_large(), t->region, 0, false);
    }
}

void eng_answered(struct coach *c, const struct task *t, int value)
{
    const struct question *q = t->q;
    if (t->item) {
        answered_screening(c, t, value);
        return;
    }
    if (q == screening_area_check()) {
        if (value) {
            fire_rule(c, "area-check", t->region, NULL, true);
            eng_set_add(&c->skipped_said, t->region);
        }
        return;
    }
    if (q == screening_recent_soreness()) {
        answered_recent(c, t, value);
        return;
    }
    if (q == screening_stop_reason()) {
        answered_stop_reason(c, value);
        return;
    }
    if (q == screening_tingling_lasts() || q == screening_bruise_large()
        || q == screening_bruise_gone()) {
        if (stop_rule_fires(&q->rule, value)) {
            fire_rule(c, q->rule.id, t->region, NULL, true);
            eng_set_add(&c->skipped_said, t->region);
        } else if (q == screening_bruise_gone()) {
            eng_remember(c, MEM_BRUISE_GONE, t->region, -1, 0);
        }
        if (t->then_pause && c->phase != PHASE_STOPPED)
            pause_after_stop(c);
        return;
    }
    answered_step(c, t, value);
}

/* The saved screening, when it is not due: what it says applies at the
 * start of every session (a not-start answer stops it). */
void eng_apply_saved(struct coach *c)
{
    for (size_t i = 0; i < c->o.saved_count && !c->ended; i++) {
        const struct coach_answer *a = &c->o.saved_screening[i];
        const struct screening_item *it = screening_find(a->question);
        if (!it || !stop_rule_fires(&it->q.rule, a->value))
            continue;
        apply_effect(c, it->effect);
        const struct stop_rule *ru = &it->q.rule;
        if (rule_action_rank(ru->action)
            >= rule_action_rank(ACTION_STOP)) {
            char *m = rules_say_saved(ru->id);
            fire(c, ru->id, ru->action, m, NULL);
            free(m);
            return;
        }
        /* Reminders one after the other: nothing to cut off. */
        fire_rule(c, ru->id, NULL, NULL, false);
    }
}
