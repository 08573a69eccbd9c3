/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See dose.h.  The virtual-time loop below follows session_run_virtual()
 * (session/session.c) step for step, without the history, audio and
 * transcript: tests/test_dose.c checks that both give the same total. */
#include "coach/dose.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coach/engine.h"
#include "coach/question.h"
#include "util/i18n.h"
#include "util/util.h"

/* ---- the settings ranges ------------------------------------------------ */

/* config/settings.def is the one place the ranges are written: read its
 * minimum and maximum columns here. */
static const struct { const char *key; double min, max; } setting_ranges[] = {
#define SETTING(section, key, type, field, def, min, max, ...) \
    { #key, (double)(min), (double)(max) },
#include "config/settings.def"
#undef SETTING
};

static double setting_bound(const char *key, bool max)
{
    for (size_t i = 0; i < ARRAY_LEN(setting_ranges); i++)
        if (!strcmp(setting_ranges[i].key, key))
            return max ? setting_ranges[i].max : setting_ranges[i].min;
    UNKNOT_ASSERT(!"setting not in settings.def");
    return 0;
}

int dose_slowest_rate_wpm(void)
{
    return (int)setting_bound("rate", false);
}

int dose_longest_lead_in_s(void)
{
    return (int)setting_bound("lead_in", true);
}

/* ---- text checks -------------------------------------------------------- */

/* Lower-case words of text separated by single spaces, with a space at
 * each end, so a phrase matches at word boundaries as " pause on ". */
static char *words_of(const char *text)
{
    size_t n = strlen(text);
    char *w = xmalloc(n + 3);
    size_t o = 0;
    w[o++] = ' ';
    for (const char *c = text; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (isalnum(u) || u >= 0x80 || u == '\'') {
            w[o++] = (char)tolower(u);
        } else if (w[o - 1] != ' ') {
            w[o++] = ' ';
        }
    }
    if (w[o - 1] != ' ')
        w[o++] = ' ';
    w[o] = '\0';
    return w;
}

/* Phrases that tell the user to stay on one spot (docs/routine-format.md
 * lists them; keep both in step). */
static const char *const tender_phrases[] = {
    "pause on", "pause over", "pause there", "pause where", "pause for",
    "pauses on", "pausing on", "hold still", "hold it", "hold there",
    "hold the spot", "hold on the spot", "hold on a", "hold on that",
    "keep still", "stay still", "stay there", "stay put", "press and hold",
    "sink into",
};

const char *dose_tender_phrase(const char *text)
{
    if (!text)
        return NULL;
    char *w = words_of(text);
    const char *found = NULL;
    for (size_t i = 0; i < ARRAY_LEN(tender_phrases) && !found; i++) {
        char pat[40];
        snprintf(pat, sizeof pat, " %s ", tender_phrases[i]);
        if (strstr(w, pat))
            found = tender_phrases[i];
    }
    free(w);
    return found;
}

bool dose_step_is_tender_spot(const struct routine_step *st)
{
    return st->tool == TOOL_BALL || dose_tender_phrase(st->cue)
           || dose_tender_phrase(st->setup);
}

static int number_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten" };
    if (n && n <= 2) {
        int v = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isdigit((unsigned char)w[i]))
                return -1;
            v = v * 10 + (w[i] - '0');
        }
        return v <= 10 ? v : -1;
    }
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        if (strlen(words[i]) == n && !memcmp(words[i], w, n))
            return (int)i;
    return -1;
}

int dose_pressure_named(const char *text)
{
    if (!text)
        return -1;
    /* "8/10" becomes "8 out of 10" first, so one word scan finds both. */
    size_t n = strlen(text);
    char *t = xmalloc(n * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '/' && i + 2 < n + 1 && !strncmp(text + i + 1, "10", 2)
            && (i + 3 > n || !isdigit((unsigned char)text[i + 3]))) {
            memcpy(t + o, " out of ", 8);
            o += 8;
            continue;
        }
        t[o++] = text[i];
    }
    t[o] = '\0';
    char *w = words_of(t);
    free(t);
    int best = -1;
    for (char *p = strstr(w, " out of "); p; p = strstr(p + 1, " out of ")) {
        const char *after = p + 8;
        if (strncmp(after, "10 ", 3) && strncmp(after, "ten ", 4))
            continue;
        /* The word before " out of". */
        char *end = p, *start = p;
        while (start > w && start[-1] != ' ')
            start--;
        int v = number_word(start, (size_t)(end - start));
        if (v > best)
            best = v;
    }
    free(w);
    return best;
}

/* ---- file checks -------------------------------------------------------- */

static void check_pressure(const struct routine *r, const char *text,
                           int line, const char *key, const char *file,
                           struct diag_list *dl, size_t *errors)
{
    int v = dose_pressure_named(text);
    if (v < 0)
        return;
    if (v > DOSE_PRESSURE_CAP) {
        diag_add(dl, DIAG_ERROR, file, line, _("%s names pressure %d out of "
                 "10: the safety model caps pressure at %d (aim for 3 to "
                 "6)"), key, v, DOSE_PRESSURE_CAP);
        (*errors)++;
    } else if (r->level == LEVEL_GENTLE && v > DOSE_PRESSURE_GENTLE) {
        diag_add(dl, DIAG_ERROR, file, line, _("%s names pressure %d out of "
                 "10 in a gentle routine: gentle routines are for the "
                 "people the safety model caps at %d (fibromyalgia, older "
                 "users, blood thinners)"), key, v, DOSE_PRESSURE_GENTLE);
        (*errors)++;
    }
}

size_t dose_check_routine(const struct routine *r, const char *file,
                          struct diag_list *dl)
{
    size_t errors = 0;
    size_t nreg = region_count();
    int *sets = xcalloc(nreg ? nreg : 1, sizeof *sets);
    check_pressure(r, r->description, r->description_line, "description",
                   file, dl, &errors);
    for (size_t i = 0; i < r->step_count; i++) {
        const struct routine_step *st = &r->steps[i];
        check_pressure(r, st->setup, st->setup_line, "setup", file, dl,
                       &errors);
        check_pressure(r, st->cue, st->cue_line, "cue", file, dl, &errors);
        if (dose_step_is_tender_spot(st) && st->hold_s > DOSE_TENDER_MAX_S) {
            const char *ph = dose_tender_phrase(st->cue);
            bool in_cue = ph != NULL;
            if (!ph)
                ph = dose_tender_phrase(st->setup);
            if (st->tool == TOOL_BALL)
                diag_add(dl, DIAG_ERROR, file, st->hold_line, _("a ball held "
                         "%d s is over the %d s the safety model allows "
                         "on a tender spot: use hold = %d or less"),
                         st->hold_s, DOSE_TENDER_MAX_S, DOSE_TENDER_MAX_S);
            else
                diag_add(dl, DIAG_ERROR, file, st->hold_line, in_cue
                         ? _("the cue says '%s', so this hold stays on a "
                             "tender spot: %d s is over the %d s the safety "
                             "model allows; use hold = %d or less")
                         : _("the setup says '%s', so this hold stays on a "
                             "tender spot: %d s is over the %d s the safety "
                             "model allows; use hold = %d or less"),
                         ph, st->hold_s, DOSE_TENDER_MAX_S,
                         DOSE_TENDER_MAX_S);
            errors++;
        }
        if (!st->region)
            continue;
        size_t ri = (size_t)(st->region - region_at(0));
        if (ri < nreg && ++sets[ri] == DOSE_MAX_SETS + 1) {
            diag_add(dl, DIAG_ERROR, file, st->line, _("%s is worked in a "
                     "%dth step: the safety model allows up to %d sets per "
                     "region; remove a step or merge it into another"),
                     st->region->name, DOSE_MAX_SETS + 1, DOSE_MAX_SETS);
            errors++;
        }
    }
    free(sets);
    return errors;
}

/* ---- the timeline ------------------------------------------------------- */

struct vq {
    uint32_t id;
    long long end;
};

struct vrun {
    const struct routine *r;
    const struct dose_speech *sp;
    int rate;
    struct coach *c;
    long long now;
    struct vq *q;
    size_t nq, capq;
    long long q_end;
    bool pending;
    int pending_value;
    char pending_q[64];
    long long answer_at;
    bool ended, failed;
    enum coach_outcome outcome;
    long long end_ms;
};

static long long spoken(struct vrun *v, const char *text)
{
    long long ms = v->sp->ms(text, v->r->language, v->rate, v->sp->user);
    if (ms < 0) {
        v->failed = true;
        return 0;
    }
    return ms;
}

static long long engine_speech(const char *text, void *user)
{
    return spoken(user, text);
}

/* An answer that keeps the routine going, as `unknot show` gives: no rule
 * fires on it; soreness 2 when it can; else the lowest such value. */
static int keep_going(const struct question *q, int max)
{
    if (q->kind == ANSWER_SCALE && max >= 2 && !question_fired_rule(q, 2))
        return 2;
    for (int a = 0; a <= max; a++)
        if (!question_fired_rule(q, a))
            return a;
    return -1;
}

static void drain(struct vrun *v)
{
    struct coach_action a;
    struct coach_view view;
    while (coach_next_action(v->c, &a)) {
        switch (a.kind) {
        case COACH_ACT_SAY: {
            long long start = v->q_end > v->now ? v->q_end : v->now;
            v->q = xgrow(v->q, &v->capq, v->nq + 1, sizeof *v->q);
            v->q[v->nq].id = a.speech_id;
            v->q[v->nq++].end = v->q_end = start + spoken(v, a.text);
            break;
        }
        case COACH_ACT_SILENCE:
            v->nq = 0;
            v->q_end = v->now;
            break;
        case COACH_ACT_ASK:
            coach_view(v->c, &view);
            v->pending = false;
            if (view.question) {
                int val = keep_going(view.question, view.answer_max);
                if (val >= 0) {
                    v->pending = true;
                    v->pending_value = val;
                    v->answer_at = -1;
                    snprintf(v->pending_q, sizeof v->pending_q, "%s",
                             a.question ? a.question : view.question->id);
                }
            }
            break;
        case COACH_ACT_ANSWER:
            v->pending = false;
            break;
        case COACH_ACT_END:
            v->ended = true;
            v->outcome = a.outcome;
            v->end_ms = a.t_ms;
            v->pending = false;
            break;
        default:
            break;
        }
    }
}

static void handle(struct vrun *v, const struct coach_event *ev, long long t)
{
    if (t > v->now)
        v->now = t;
    coach_handle(v->c, ev, t);
    drain(v);
}

static bool user_paused(const struct vrun *v)
{
    struct coach_view view;
    coach_view(v->c, &view);
    return view.paused && !view.waiting;
}

static void update(struct vrun *v, long long now)
{
    if (now > v->now)
        v->now = now;
    for (int guard = 0; guard < 100000 && !v->ended; guard++) {
        bool changed = false;
        while (!v->ended && v->nq && v->q[0].end <= now) {
            struct coach_event ev = { .kind = COACH_EV_SPEECH_DONE,
                                      .speech_id = v->q[0].id };
            long long at = v->q[0].end;
            memmove(v->q, v->q + 1, --v->nq * sizeof *v->q);
            handle(v, &ev, at);
            changed = true;
        }
        if (!v->ended && v->pending && !v->nq && !user_paused(v)) {
            if (v->answer_at < 0)
                v->answer_at = v->now + DOSE_ANSWER_DELAY_MS;
            if (v->answer_at <= now) {
                v->pending = false;
                struct coach_event ev = { .kind = COACH_EV_ANSWER,
                                          .question = v->pending_q,
                                          .value = v->pending_value };
                handle(v, &ev, v->answer_at);
                changed = true;
            }
        }
        long long d = coach_next_deadline(v->c);
        if (!v->ended && d >= 0 && d <= now) {
            struct coach_event ev = { .kind = COACH_EV_TICK };
            handle(v, &ev, now);
            changed = true;
        }
        if (!changed)
            break;
    }
}

static long long next_wakeup(const struct vrun *v)
{
    long long w = coach_next_deadline(v->c);
    if (v->nq && (w < 0 || v->q[0].end < w))
        w = v->q[0].end;
    if (v->pending && !v->nq && !user_paused(v)) {
        long long a = v->answer_at >= 0 ? v->answer_at
                                        : v->now + DOSE_ANSWER_DELAY_MS;
        if (w < 0 || a < w)
            w = a;
    }
    return w;
}

long long dose_run_ms(const struct routine *r, const struct dose_run *run,
                      const struct dose_speech *sp)
{
    struct vrun v;
    memset(&v, 0, sizeof v);
    v.r = r;
    v.sp = sp;
    v.rate = run->rate_wpm;

    /* A later session knows a recent soreness for every region of the
     * routine, so it asks about each. */
    struct coach_recent *recent = xcalloc(r->step_count + 1,
                                          sizeof *recent);
    size_t nrecent = 0;
    for (size_t i = 0; run->recent && i < r->step_count; i++) {
        const char *reg = r->steps[i].region ? r->steps[i].region->id : NULL;
        bool seen = !reg;
        for (size_t k = 0; k < nrecent && !seen; k++)
            seen = !strcmp(recent[k].region, reg);
        if (!seen) {
            recent[nrecent].region = reg;
            recent[nrecent++].soreness = 2;
        }
    }
    struct coach_options o;
    memset(&o, 0, sizeof o);
    o.lead_in_s = run->lead_in_s > 0 ? run->lead_in_s : -1;
    o.detail = run->detail;
    o.soreness_stop = SETTINGS_BUILTIN_SORENESS_STOP;
    o.speech_ms = engine_speech;
    o.speech_user = &v;
    o.screening_due = run->first_use;
    o.have_recent = run->recent && !run->first_use;
    o.recent = recent;
    o.recent_count = nrecent;
    v.c = coach_create(r, &o);

    struct coach_event start = { .kind = COACH_EV_START };
    handle(&v, &start, 0);
    long long now = 0;
    while (!v.ended && !v.failed) {
        long long w = next_wakeup(&v);
        if (w < 0)
            break;      /* waits for input no run gives: not a full run */
        if (w > now)
            now = w;
        update(&v, now);
    }
    long long total = v.ended && !v.failed && v.outcome == OUTCOME_COMPLETED
                      ? v.end_ms : -1;
    coach_destroy(v.c);
    free(v.q);
    free(recent);
    return total;
}

void dose_worst_case(const struct routine *r, const struct dose_speech *sp,
                     struct dose_length *out)
{
    out->ms = -1;
    memset(&out->worst, 0, sizeof out->worst);
    static const enum prompt_detail details[] = {
        DETAIL_DETAILED, DETAIL_CONCISE };
    for (int first = 1; first >= 0; first--)
        for (size_t d = 0; d < ARRAY_LEN(details); d++) {
            struct dose_run run = {
                .rate_wpm = dose_slowest_rate_wpm(),
                .lead_in_s = dose_longest_lead_in_s(),
                .detail = details[d],
                .first_use = first,
                .recent = !first,
            };
            long long ms = dose_run_ms(r, &run, sp);
            if (ms < 0) {
                out->ms = -1;
                out->worst = run;
                return;     /* a run that cannot be measured decides */
            }
            if (ms > out->ms) {
                out->ms = ms;
                out->worst = run;
            }
        }
}

const char *dose_worst_run_name(const struct dose_run *run)
{
    return run->first_use ? C_("session length", "first use")
                          : C_("session length", "a later session");
}

bool dose_check_length(const struct routine *r, const struct dose_length *len,
                       bool estimated, const char *file,
                       struct diag_list *dl)
{
    if (len->ms < 0) {
        diag_add(dl, DIAG_ERROR, file, r->line, _("the length of this "
                 "routine could not be measured (the coach could not run "
                 "it to its end, or speech could not be measured), so it "
                 "cannot be shown to be within the %d minute cap"),
                 DOSE_SESSION_CAP_S / 60);
        return false;
    }
    long long s = (len->ms + 999) / 1000;
    if (s <= DOSE_SESSION_CAP_S)
        return true;
    /* TRANSLATORS: the second %s is "first use" or "a later session",
     * the last "detailed" or "concise" (msgctxt "session length"). */
    diag_add(dl, DIAG_ERROR, file, r->line, estimated
             ? _("this routine runs up to %lld min %lld s (%s, %d words a "
                 "minute, %d s lead-in, %s), over the %d-minute cap: "
                 "shorten holds or rests, or remove steps")
             : _("this routine runs %lld min %lld s (%s, %d words a "
                 "minute, %d s lead-in, %s), over the %d-minute cap: "
                 "shorten holds or rests, or remove steps"),
             s / 60, s % 60, dose_worst_run_name(&len->worst),
             len->worst.rate_wpm, len->worst.lead_in_s,
             len->worst.detail == DETAIL_DETAILED
             ? C_("session length", "detailed")
             : C_("session length", "concise"),
             DOSE_SESSION_CAP_S / 60);
    return false;
}

/* ---- the speech bound --------------------------------------------------- */

/* Fitted to eSpeak NG 1.51 with a margin, as costs in ms at 80 words a
 * minute (tests/test_dose.c checks the bound on every text the bundled
 * routines and the engine speak and on hard cases, at 80, 150 and 260
 * words a minute).  eSpeak NG reads a word from its letters, but it
 * spells out a word with no vowel ("TFL", "www"), expands abbreviations
 * ("etc", "vs") and reads digits and symbols as words; so a word without a
 * vowel costs BOUND_SPELL per letter, a short word that is not a common
 * one costs at least BOUND_SHORT_WORD, a long word more per letter, a
 * digit BOUND_DIGIT, a symbol BOUND_SYMBOL.  Speech at a faster rate shrinks less than the rate grows
 * (pauses do not shrink): the bound scales by (80 / rate) ^ 0.85. */
#define BOUND_FIXED_MS   300
#define BOUND_LETTER     110
#define BOUND_UPPER      330
#define BOUND_WORD       250     /* on top of its letters */
#define BOUND_SPELL      600
#define BOUND_SHORT_WORD 1000
#define BOUND_DIGIT      1300
#define BOUND_PAUSE      450     /* . , ; : ! ? - ( ) " */
#define BOUND_SYMBOL     1200
#define BOUND_NON_ASCII  600     /* one character outside ASCII */
#define BOUND_LONG_WORD  40      /* each letter of a word beyond the 8th */
#define BOUND_RATE       80
#define BOUND_RATE_EXP   0.85

static bool is_word_byte(const unsigned char *c)
{
    return isalnum(*c) || *c >= 0x80
           || (*c == '\'' && (isalnum(c[1]) || c[1] >= 0x80));
}

static bool common_short_word(const char *w, size_t n)
{
    static const char common[] =
        " a an the to of in on at is it and or you your we us our be by as "
        "if so no do go up he she his her my me i its off out how now all "
        "any one two six ten few for not but can may let get has had was "
        "are aim sit put lie jaw top leg tip hip arm low red new say use "
        "ear yet hot bad ";
    char pat[8];
    if (n > 3)
        return false;
    pat[0] = ' ';
    for (size_t i = 0; i < n; i++)
        pat[i + 1] = (char)tolower((unsigned char)w[i]);
    pat[n + 1] = ' ';
    pat[n + 2] = '\0';
    return strstr(common, pat) != NULL;
}

static long long word_cost(const unsigned char *w, size_t n)
{
    long long c = 0;
    size_t chars = 0;
    bool vowel = false, digits = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char u = w[i];
        if (u >= 0x80) {
            if ((u & 0xC0) != 0x80) {
                c += BOUND_NON_ASCII;
                chars++;
            }
            vowel = true;       /* letters outside ASCII: read, not spelt */
            digits = false;
            continue;
        }
        chars++;
        if (isdigit(u)) {
            c += BOUND_DIGIT;
            continue;
        }
        digits = false;
        c += isupper(u) ? BOUND_UPPER : BOUND_LETTER;
        if (strchr("aeiouyAEIOUY", u))
            vowel = true;
    }
    if (chars > 8)
        c += (long long)(chars - 8) * BOUND_LONG_WORD;
    if (!digits) {
        if (!vowel && c < (long long)chars * BOUND_SPELL)
            c = (long long)chars * BOUND_SPELL;
        else if (vowel && chars <= 3 && !common_short_word((const char *)w, n)
                 && c < BOUND_SHORT_WORD)
            c = BOUND_SHORT_WORD;
    }
    return c + BOUND_WORD;
}

long long dose_speech_bound_ms(const char *text, int rate_wpm)
{
    if (!text)
        return 0;
    if (rate_wpm < 1)
        rate_wpm = 1;
    long long cost = 0;
    const unsigned char *c = (const unsigned char *)text;
    while (*c) {
        if (is_word_byte(c)) {
            const unsigned char *w = c;
            while (*c && is_word_byte(c))
                c++;
            cost += word_cost(w, (size_t)(c - w));
            continue;
        }
        if (isspace(*c))
            ;
        else if (strchr(".,;:!?-()\"", *c))
            cost += BOUND_PAUSE;
        else
            cost += BOUND_SYMBOL;
        c++;
    }
    double scale = pow((double)BOUND_RATE / rate_wpm, BOUND_RATE_EXP);
    return BOUND_FIXED_MS + (long long)(cost * scale + 0.999);
}

static long long bound_ms(const char *text, const char *voice, int rate,
                          void *user)
{
    (void)voice;
    (void)user;
    return dose_speech_bound_ms(text, rate);
}

struct dose_speech dose_speech_bound(void)
{
    struct dose_speech s = { bound_ms, NULL };
    return s;
}

/* ---- the cache ---------------------------------------------------------- */

struct cache_entry {
    char *key;          /* voice NUL rate NUL text, as one string */
    size_t key_len;
    uint64_t hash;
    long long ms;
};

struct dose_cache {
    struct dose_speech measure;
    struct cache_entry *slots;
    size_t cap, used;
    size_t measured, lookups;
};

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

struct dose_cache *dose_cache_create(const struct dose_speech *measure)
{
    struct dose_cache *c = xcalloc(1, sizeof *c);
    c->measure = *measure;
    c->cap = 256;
    c->slots = xcalloc(c->cap, sizeof *c->slots);
    return c;
}

void dose_cache_destroy(struct dose_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++)
        free(c->slots[i].key);
    free(c->slots);
    free(c);
}

static struct cache_entry *slot_for(struct cache_entry *slots, size_t cap,
                                    uint64_t h, const char *key, size_t n)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].key && !(slots[i].hash == h && slots[i].key_len == n
                             && !memcmp(slots[i].key, key, n)))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(struct dose_cache *c)
{
    size_t cap = c->cap * 2;
    struct cache_entry *s = xcalloc(cap, sizeof *s);
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].key)
            *slot_for(s, cap, c->slots[i].hash, c->slots[i].key,
                      c->slots[i].key_len) = c->slots[i];
    free(c->slots);
    c->slots = s;
    c->cap = cap;
}

static long long cached_ms(const char *text, const char *voice, int rate,
                           void *user)
{
    struct dose_cache *c = user;
    c->lookups++;
    if (!voice)
        voice = "";
    char num[16];
    int nn = snprintf(num, sizeof num, "%d", rate);
    size_t lv = strlen(voice), lt = strlen(text);
    size_t n = lv + 1 + (size_t)nn + 1 + lt;
    char *key = xmalloc(n + 1);
    memcpy(key, voice, lv + 1);
    memcpy(key + lv + 1, num, (size_t)nn + 1);
    memcpy(key + lv + 1 + (size_t)nn + 1, text, lt + 1);
    uint64_t h = fnv1a(key, n);
    struct cache_entry *e = slot_for(c->slots, c->cap, h, key, n);
    if (e->key) {
        free(key);
        return e->ms;
    }
    long long ms = c->measure.ms(text, voice, rate, c->measure.user);
    c->measured++;
    if (ms < 0) {
        free(key);      /* failures are not remembered */
        return ms;
    }
    e->key = key;
    e->key_len = n;
    e->hash = h;
    e->ms = ms;
    if (++c->used * 2 > c->cap)
        grow(c);
    return ms;
}

struct dose_speech dose_cache_speech(struct dose_cache *c)
{
    struct dose_speech s = { cached_ms, c };
    return s;
}

void dose_cache_counts(const struct dose_cache *c, size_t *measured,
                       size_t *lookups)
{
    *measured = c->measured;
    *lookups = c->lookups;
}
