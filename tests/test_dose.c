/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 20-minute cap on the engine's own timeline (coach/dose.c), with real
 * eSpeak NG lengths: the timeline is the one `unknot show` prints, the
 * worst case is at the slowest settings and includes a first use, the
 * speech bound behind `unknot check --estimate` is never below eSpeak NG's
 * length, and the cache measures each text once.  Needs eSpeak NG, so it
 * is not among the emulated arm64 tests (the Makefile's ARM64_TESTS). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio.h"
#include "coach/answers.h"
#include "coach/dose.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "session/session.h"
#include "tests/check.h"
#include "util/util.h"

static long long espeak_ms(const char *text, const char *voice, int rate,
                           void *user)
{
    (void)user;
    return audio_speech_ms(text, voice, rate);
}

static struct dose_speech espeak_direct = { espeak_ms, NULL };
/* eSpeak NG through one cache for the whole test: each text synthesised
 * once (and so one length per text: eSpeak NG's own lengths move by a
 * few ms from one call to the next). */
static struct dose_speech espeak;

/* Every bundled routine, loaded; NULL-terminated, *n set. */
static struct routine **bundled(size_t *n)
{
    struct routine **rs = xcalloc(64, sizeof *rs);
    *n = 0;
    DIR *d = opendir("routines");
    CHECK(d != NULL);
    struct dirent *e;
    while (d && (e = readdir(d)) && *n < 63) {
        if (!str_ends_with(e->d_name, ".ini"))
            continue;
        char *path = xasprintf("routines/%s", e->d_name);
        struct diag_list dl;
        diag_init(&dl);
        rs[*n] = routine_load_file(path, &dl);
        CHECK(rs[*n] != NULL);
        if (rs[*n])
            (*n)++;
        diag_free(&dl);
        free(path);
    }
    if (d)
        closedir(d);
    CHECK_INT(*n, >=, 9);
    return rs;
}

static void free_bundled(struct routine **rs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        routine_destroy(rs[i]);
    free(rs);
}

/* `unknot show`'s answers (app/cmd_show.c): no rule fires, soreness 2;
 * yes-no answers as words. */
static char *keep_going_answers(const struct routine *r)
{
    char *list = xstrdup("*=no");
    for (size_t i = 0; i < r->step_count; i++)
        for (size_t k = 0; k < r->steps[i].ask_count; k++) {
            const struct question *q =
                routine_question_find(r, r->steps[i].ask[k]);
            int max = q->kind == ANSWER_SCALE ? 10 : 1, v = -1;
            if (q->kind == ANSWER_SCALE && !question_fired_rule(q, 2))
                v = 2;
            for (int a = 0; v < 0 && a <= max; a++)
                if (!question_fired_rule(q, a))
                    v = a;
            char *more = q->kind == ANSWER_YES_NO
                ? xasprintf("%s,%s=%s", list, q->id, v ? "yes" : "no")
                : xasprintf("%s,%s=%d", list, q->id, v);
            free(list);
            list = more;
        }
    return list;
}

/* The total of the session driver's own virtual-time run, as `show`. */
static long long session_total_ms(const struct routine *r,
                                  const struct settings *st)
{
    char *err = NULL;
    char *list = keep_going_answers(r);
    struct answer_script *as = answer_script_parse(list, &err);
    free(list);
    CHECK(as != NULL);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = st;
    o.answers = as;
    o.assume_screened = true;
    struct session *s = session_create(&o, NULL, NULL, &err);
    CHECK(s != NULL);
    long long total = -1;
    if (s) {
        CHECK_INT(session_run_virtual(s, NULL, NULL), ==, 0);
        total = session_elapsed_ms(s);
        session_destroy(s);
    }
    answer_script_free(as);
    free(err);
    return total;
}

/* The timeline is the engine's, exactly as the session driver runs it:
 * the same total as `unknot show` (to eSpeak NG's jitter), for every
 * bundled routine, at the default and at the slowest settings. */
static void test_timeline_is_show(void)
{
    size_t n;
    struct routine **rs = bundled(&n);
    for (size_t i = 0; i < n; i++) {
        struct settings st;
        settings_defaults(&st);
        for (int slow = 0; slow <= 1; slow++) {
            if (slow) {
                st.rate_wpm = dose_slowest_rate_wpm();
                st.lead_in_s = dose_longest_lead_in_s();
                st.detail = DETAIL_CONCISE;
            }
            struct dose_run run = {
                .rate_wpm = st.rate_wpm, .lead_in_s = st.lead_in_s,
                .detail = st.detail, .first_use = false, .recent = false };
            long long a = dose_run_ms(rs[i], &run, &espeak);
            long long b = session_total_ms(rs[i], &st);
            /* eSpeak NG's lengths move by a few ms from call to call (the
             * session measures each text afresh): 1 s over a session. */
            if (llabs(a - b) > 1000)
                check_fail(__FILE__, __LINE__, "%s (%s): dose %lld ms, "
                           "show %lld ms", rs[i]->name, slow ? "slowest"
                           : "default", a, b);
            CHECK(a > 0);
        }
    }
    free_bundled(rs, n);
}

/* The worst case is the longest run: slowest rate, longest lead-in, and a
 * first use with the whole screening is longer than a later session. */
static void test_worst_case(void)
{
    CHECK_INT(dose_slowest_rate_wpm(), ==, 80);
    CHECK_INT(dose_longest_lead_in_s(), ==, 30);
    size_t n;
    struct routine **rs = bundled(&n);
    for (size_t i = 0; i < n; i++) {
        struct dose_length len;
        dose_worst_case(rs[i], &espeak, &len);
        CHECK(len.ms > 0);
        CHECK_INT(len.ms, <=, DOSE_SESSION_CAP_S * 1000LL);
        CHECK_INT(len.worst.rate_wpm, ==, 80);
        CHECK_INT(len.worst.lead_in_s, ==, 30);
        CHECK(len.worst.first_use);
        static const struct dose_run others[] = {
            { 150, 5, DETAIL_DETAILED, false, false },
            { 80, 30, DETAIL_CONCISE, false, true },
            { 80, 30, DETAIL_DETAILED, false, true },
            { 120, 12, DETAIL_DETAILED, true, false },
            { 260, 3, DETAIL_CONCISE, true, false },
        };
        for (size_t k = 0; k < ARRAY_LEN(others); k++)
            CHECK_INT(dose_run_ms(rs[i], &others[k], &espeak), <=, len.ms);
        /* A later session asks a recent-soreness question per region. */
        struct dose_run later = { 80, 30, DETAIL_DETAILED, false, false };
        struct dose_run recent = later;
        recent.recent = true;
        CHECK_INT(dose_run_ms(rs[i], &recent, &espeak), >,
                  dose_run_ms(rs[i], &later, &espeak));
    }
    free_bundled(rs, n);
}

/* Defect 8: a routine that the old word-count estimate put at about 12
 * minutes runs over 20 on the engine's timeline at the slowest settings:
 * an error at [routine], with the measured length. */
static void test_cap_on_engine_timeline(void)
{
    const char *path = "tests/malformed/66-over-cap-engine-timeline.ini";
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_file(path, &dl);
    CHECK(r != NULL);
    if (!r) {
        diag_free(&dl);
        return;
    }
    CHECK_INT(routine_estimate_seconds(r), <, DOSE_SESSION_CAP_S);
    struct dose_length len;
    dose_worst_case(r, &espeak, &len);
    CHECK_INT(len.ms, >, DOSE_SESSION_CAP_S * 1000LL);
    CHECK(!dose_check_length(r, &len, false, path, &dl));
    CHECK_INT(dl.errors, ==, 1);
    if (dl.count == 1) {
        CHECK_INT(dl.items[0].line, ==, r->line);
        char *m = diag_format(&dl.items[0]);
        char want[200];
        long long s = (len.ms + 999) / 1000;
        snprintf(want, sizeof want, "%s:3: error: this routine runs %lld "
                 "min %lld s (first use, 80 words a minute, 30 s lead-in, ",
                 path, s / 60, s % 60);
        CHECK(str_starts_with(m, want));
        CHECK_CONTAINS(m, "over the 20-minute cap");
        free(m);
    }
    /* The bound says so too, and never less. */
    struct dose_speech b = dose_speech_bound();
    struct dose_length est;
    dose_worst_case(r, &b, &est);
    CHECK_INT(est.ms, >=, len.ms);
    /* At or under the cap: no error. */
    struct dose_length at = len;
    at.ms = DOSE_SESSION_CAP_S * 1000LL;
    size_t before = dl.count;
    CHECK(dose_check_length(r, &at, false, path, &dl));
    CHECK_INT(dl.count, ==, before);
    at.ms = -1;     /* could not be measured: fails closed */
    CHECK(!dose_check_length(r, &at, false, path, &dl));
    CHECK_INT(dl.count, ==, before + 1);
    routine_destroy(r);
    diag_free(&dl);
}

/* Every text the engine speaks in the bundled routines' worst-case runs,
 * and the hard cases, collected through a measure that records them. */
struct texts {
    char **t;
    char **voice;
    size_t n, cap;
};

static long long collect_ms(const char *text, const char *voice, int rate,
                            void *user)
{
    struct texts *ts = user;
    for (size_t i = 0; i < ts->n; i++)
        if (!strcmp(ts->t[i], text) && !strcmp(ts->voice[i], voice))
            return dose_speech_bound_ms(text, rate);
    if (ts->n + 1 > ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 256;
        ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
        ts->voice = xrealloc(ts->voice, ts->cap * sizeof *ts->voice);
    }
    ts->t[ts->n] = xstrdup(text);
    ts->voice[ts->n++] = xstrdup(voice);
    return dose_speech_bound_ms(text, rate);
}

static void test_bound_covers_espeak(void)
{
    struct texts ts = { 0 };
    struct dose_speech col = { collect_ms, &ts };
    size_t n;
    struct routine **rs = bundled(&n);
    for (size_t i = 0; i < n; i++) {
        struct dose_length len, real;
        dose_worst_case(rs[i], &col, &len);
        /* Summed over a whole run, the bound is above too. */
        dose_worst_case(rs[i], &espeak, &real);
        CHECK_INT(len.ms, >=, real.ms);
        for (size_t k = 0; k < rs[i]->step_count; k++)
            if (rs[i]->steps[k].cue)
                collect_ms(rs[i]->steps[k].cue, rs[i]->language, 80, &ts);
    }
    free_bundled(rs, n);
    static const char *const hard[][2] = {
        { "1234567", "en" }, { "9999999999999999", "en" },
        { "3, 4, 5, 6, 7, 8, 9, 10", "en" }, { "2024-01-01 12:30", "en" },
        { "100% 10:30 3.14159 #1 $5 a+b=c", "en" }, { "1/2 3/4", "en" },
        { "TFL ITB SMR", "en" }, { "MMMMMMMM", "en" }, { "www.x.com", "en" },
        { "Hmm. Mmm. Shh.", "en" }, { "etc etc etc", "en" },
        { "vs vs vs", "en" }, { "ok ok ok", "en" }, { "OK OK OK", "en" },
        { "Yes. No. Yes. No.", "en" }, { "no no no no no no", "en" },
        { "you, you, you, you.", "en" }, { "Dr. St. Mr. e.g. i.e.", "en" },
        { "supercalifragilisticexpialidocious", "en" },
        { "%&+=@#$", "en" }, { "°C °F µ", "en" }, { "x", "en" },
        { "Q. W. X. Y. Z.", "en" }, { "1st 2nd 3rd 4th", "en" },
        { "Setz dich hin, die Rolle unter einer Wade. Füße locker.", "de" },
        { "Tschüss. Grüße. Öl.", "de" },
        { "¿Qué tal? Señor. Niño. Despacio, por favor.", "es" },
        { "Roule doucement, du genou au talon.", "fr" },
    };
    for (size_t i = 0; i < ARRAY_LEN(hard); i++)
        collect_ms(hard[i][0], hard[i][1], 80, &ts);
    static const int rates[] = { 80, 150, 260 };
    double worst = 0;
    const char *worst_t = "";
    for (size_t r = 0; r < ARRAY_LEN(rates); r++)
        for (size_t i = 0; i < ts.n; i++) {
            long real = audio_speech_ms(ts.t[i], ts.voice[i], rates[r]);
            long long b = dose_speech_bound_ms(ts.t[i], rates[r]);
            CHECK(real >= 0);
            if (real > b)
                check_fail(__FILE__, __LINE__, "at %d wpm (%s) eSpeak NG "
                           "%ld ms > bound %lld ms: %s", rates[r],
                           ts.voice[i], real, b, ts.t[i]);
            if ((double)real / (double)b > worst) {
                worst = (double)real / (double)b;
                worst_t = ts.t[i];
            }
        }
    printf("  speech bound: %zu texts at 80, 150, 260 wpm; highest "
           "eSpeak NG / bound %.3f (\"%.40s\")\n", ts.n, worst, worst_t);
    for (size_t i = 0; i < ts.n; i++) {
        free(ts.t[i]);
        free(ts.voice[i]);
    }
    free(ts.t);
    free(ts.voice);
}

static long long counting_ms(const char *text, const char *voice, int rate,
                             void *user)
{
    (*(int *)user)++;
    return audio_speech_ms(text, voice, rate);
}

/* Each distinct text is synthesised once; the lengths are the same. */
static void test_cache(void)
{
    int calls = 0;
    struct dose_speech counting = { counting_ms, &calls };
    struct dose_cache *c = dose_cache_create(&counting);
    struct dose_speech sp = dose_cache_speech(c);
    size_t n;
    struct routine **rs = bundled(&n);
    struct dose_length a, b;
    dose_worst_case(rs[0], &sp, &a);
    int first = calls;
    dose_worst_case(rs[0], &sp, &b);
    CHECK_INT(calls, ==, first);        /* all from the cache */
    CHECK_INT(a.ms, ==, b.ms);
    dose_worst_case(rs[0], &espeak_direct, &b);
    CHECK_INT(llabs(a.ms - b.ms), <=, 1000);
    size_t measured, lookups;
    dose_cache_counts(c, &measured, &lookups);
    CHECK_INT(measured, ==, (size_t)calls);
    CHECK_INT(lookups, >, 2 * measured);
    /* Another routine reuses the coach's own texts. */
    dose_worst_case(rs[1], &sp, &a);
    dose_cache_counts(c, &measured, &lookups);
    printf("  cache: %zu lookups, %zu texts synthesised for 2 routines\n",
           lookups, measured);
    free_bundled(rs, n);
    dose_cache_destroy(c);
}

int main(void)
{
    struct dose_cache *cache = dose_cache_create(&espeak_direct);
    espeak = dose_cache_speech(cache);
    RUN_TEST(test_timeline_is_show);
    RUN_TEST(test_worst_case);
    RUN_TEST(test_cap_on_engine_timeline);
    RUN_TEST(test_bound_covers_espeak);
    RUN_TEST(test_cache);
    dose_cache_destroy(cache);
    return check_summary("test_dose");
}
