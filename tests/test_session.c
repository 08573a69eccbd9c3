/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session driver with the real history (a SQLite file), real speech
 * lengths (eSpeak NG through audio_speech_ms) and the transcript writer,
 * in virtual time: what is recorded when, what the next session reads
 * back, input callbacks, exit statuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "audio/audio.h"
#include "session/session.h"
#include "coach/answers.h"
#include "coach/screening.h"
#include "config/settings.h"
#include "history/history.h"
#include "tests/check.h"
#include "tests/coach_sim.h"
#include "util/util.h"

static const char routine_text[] =
    "[routine]\ntitle = Session test\n"
    "[step calves]\nregion = calves\nsetup = Sit with the roller under "
    "one calf.\nhold = 30\nsides = left-right\nrest = 10\nask = soreness\n"
    "[step back]\nregion = upper-back\nsetup = Lie on the roller.\n"
    "hold = 30\nask = soreness, dizzy\n";

struct counts {
    int answers, says, asks, stops, ends;
    enum coach_outcome outcome;
    char last_say[512];
};

static void on_say(void *u, const char *text, long long t)
{
    struct counts *c = u;
    (void)t;
    c->says++;
    snprintf(c->last_say, sizeof c->last_say, "%s", text);
}

static void on_ask(void *u, const struct coach_view *v, long long t)
{
    struct counts *c = u;
    (void)t;
    CHECK(v->question != NULL);
    c->asks++;
}

static void on_action(void *u, const struct coach_action *a, long long t)
{
    struct counts *c = u;
    (void)t;
    if (a->kind == COACH_ACT_ANSWER)
        c->answers++;
}

static void on_stop(void *u, const struct coach_action *a, long long t)
{
    struct counts *c = u;
    (void)t;
    (void)a;
    c->stops++;
}

static void on_end(void *u, enum coach_outcome o, const char *summary)
{
    struct counts *c = u;
    (void)summary;
    c->ends++;
    c->outcome = o;
}

static const struct session_frontend fe = {
    .say = on_say, .ask = on_ask, .action = on_action, .stop = on_stop,
    .end = on_end,
};

static int count_answer(const struct history_answer *a, void *u)
{
    (void)a;
    return ++*(int *)u;
}

static void count_cb(const struct history_answer *a, void *u)
{
    count_answer(a, u);
}

/* Wall clock of the next run() (0: now), for sessions days apart. */
static long long run_wall_s;

static int run(struct routine *r, struct history *h, const char *answers,
               const char *transcript, struct counts *c,
               int (*input)(void *, struct session *, long long))
{
    char *err = NULL;
    struct answer_script *sc = answer_script_parse(answers, &err);
    CHECK(sc != NULL);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.history = h;
    o.answers = sc;
    o.transcript_path = transcript;
    o.wall_start_s = run_wall_s;
    memset(c, 0, sizeof *c);
    struct session *s = session_create(&o, &fe, c, &err);
    CHECK(s != NULL);
    int st = s ? session_run_virtual(s, input, c) : -1;
    CHECK(!s || session_ended(s));
    CHECK(!s || session_elapsed_ms(s) > 0);
    session_destroy(s);
    answer_script_free(sc);
    return st;
}

static void test_history_round_trip(void)
{
    struct routine *r = sim_routine(routine_text);
    char *db = xasprintf("%s/h.db", check_tmpdir());
    char *tr = xasprintf("%s/t.jsonl", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    CHECK(h != NULL);
    struct counts c;

    /* First use: screening, daily check, the routine.  Sessions are days
     * apart, as the frequency limit wants (2-3 a week to start). */
    long long day0 = util_wall_s() - 20 * 86400;
    run_wall_s = day0;
    CHECK_INT(run(r, h, "*=no,soreness=3", tr, &c, NULL), ==, EXIT_DONE);
    CHECK_INT(c.outcome, ==, OUTCOME_COMPLETED);
    CHECK_INT(c.ends, ==, 1);
    CHECK_INT(c.stops, ==, 0);
    CHECK_CONTAINS(c.last_say, "Well done.");
    CHECK(history_screening_time(h) > 0);
    int v = -1;
    CHECK_INT(history_screening_answer(h, "screen-clot", &v), ==, 1);
    CHECK_INT(v, ==, 0);
    struct history_session hs;
    CHECK_INT(history_last_session(h, day0 + 3600, &hs), ==, 1);
    CHECK_STR(hs.outcome, "completed");
    int n = 0;
    CHECK(history_session_answers(h, hs.id, count_cb, &n) >= 0);
    /* Every answer given is in the history, screening ones included. */
    CHECK_INT(n, ==, c.answers);
    char *t = check_read_file(tr, NULL);
    CHECK(t && strstr(t, "\"event\":\"end\",\"outcome\":\"completed\""));
    free(t);

    /* Second session: no screening; how has the soreness settled? */
    run_wall_s = day0 + 86400;
    CHECK_INT(run(r, h, "*=no,soreness=3,recent-soreness=2", tr, &c, NULL),
              ==, EXIT_DONE);
    t = check_read_file(tr, NULL);
    CHECK(t && !strstr(t, "screen-"));
    CHECK(t && strstr(t, "\"question\":\"recent-soreness\",\"step\":null,"
                         "\"region\":\"calves\""));
    free(t);

    /* Next-day soreness 5, then 7 the next time: not settling twice in a
     * row, so skipped and a provider suggested. */
    run_wall_s = day0 + 5 * 86400 + 43200;
    CHECK_INT(run(r, h, "*=no,soreness=8,recent-soreness=5", NULL, &c,
                  NULL), ==, EXIT_DONE);     /* too late to ask: 4 days */
    run_wall_s = day0 + 7 * 86400 + 3600;
    CHECK_INT(run(r, h, "*=no,soreness=3,recent-soreness=5", tr, &c, NULL),
              ==, EXIT_DONE);
    run_wall_s = day0 + 8 * 86400 + 43200;
    CHECK_INT(run(r, h, "*=no,soreness=3,recent-soreness=7", tr, &c, NULL),
              ==, EXIT_DONE);
    t = check_read_file(tr, NULL);
    CHECK(t && strstr(t, "\"rule\":\"recent-soreness-high\""));
    CHECK(t && strstr(t, "physiotherapist or doctor"));
    free(t);

    /* A stop rule: exit 3 and the rule recorded with the session. */
    run_wall_s = day0 + 13 * 86400;
    CHECK_INT(run(r, h, "*=no,soreness=2,recent-soreness=0,dizzy=yes", NULL,
                  &c, NULL), ==, EXIT_SAFETY);
    CHECK_INT(history_last_session(h, util_wall_s() + 3600, &hs), ==, 1);
    CHECK_STR(hs.outcome, "stopped");
    CHECK_STR(hs.rule, "dizzy");
    run_wall_s = 0;
    history_close(h);
    free(db);
    free(tr);
    routine_destroy(r);
}

static int answers_typed;
/* Types "no" (0) for whatever is open, as a keyboard would. */
static int type_no(void *u, struct session *s, long long now)
{
    (void)u;
    if (!session_waiting_question(s))
        return -1;
    answers_typed++;
    return session_answer(s, NULL, 0, now) == 0 ? 0 : -1;
}

static void test_input_and_no_keyboard(void)
{
    struct routine *r = sim_routine(routine_text);
    struct counts c;
    /* Unscripted yes-no questions answered through the input callback. */
    answers_typed = 0;
    CHECK_INT(run(r, NULL, "soreness=1", NULL, &c, type_no), ==, EXIT_DONE);
    CHECK(answers_typed >= 20);     /* screening + daily + dizzy */
    /* No input possible: the session ends as quit, never hangs. */
    CHECK_INT(run(r, NULL, "screen-*=no", NULL, &c, NULL), ==,
              EXIT_USER_STOP);
    CHECK_INT(c.outcome, ==, OUTCOME_QUIT);
    CHECK_INT(c.ends, ==, 1);
    routine_destroy(r);
}

static void test_transcript_unwritable(void)
{
    struct routine *r = sim_routine(routine_text);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    char *err = NULL;
    o.transcript_path = "/nonexistent/dir/t.jsonl";
    struct session *s = session_create(&o, &fe, NULL, &err);
    CHECK(s == NULL);
    CHECK(err && strstr(err, "/nonexistent/dir/t.jsonl"));
    free(err);
    routine_destroy(r);
}

static void test_screening_only(void)
{
    char *db = xasprintf("%s/s.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(db, &err);
    struct answer_script *sc = answer_script_parse("*=no,screen-numb=yes,"
                                                   "screen-numb-feet=yes",
                                                   &err);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.history = h;
    o.answers = sc;
    o.screening_only = true;
    struct counts c;
    memset(&c, 0, sizeof c);
    struct session *s = session_create(&o, &fe, &c, &err);
    CHECK_INT(session_run_virtual(s, NULL, NULL), ==, EXIT_DONE);
    session_destroy(s);
    int v = -1;
    CHECK_INT(history_screening_answer(h, "screen-numb-feet", &v), ==, 1);
    CHECK_INT(v, ==, 1);
    size_t items = 0;
    for (size_t i = 0; i < screening_count(SCREEN_FULL); i++)
        items += !screening_at(SCREEN_FULL, i)->follow_up_of;
    CHECK_INT(c.answers, ==, items + 1);
    /* The next run skips the feet: the saved answer applies. */
    struct routine *r = sim_routine(
        "[routine]\ntitle = Feet\n[step f]\nregion = feet\nsetup = Ball."
        "\nhold = 30\n[step c]\nregion = calves\nsetup = Roller.\n"
        "hold = 30\n");
    char *tr = xasprintf("%s/f.jsonl", check_tmpdir());
    CHECK_INT(run(r, h, "*=no,area-check=no", tr, &c, NULL), ==, EXIT_DONE);
    char *t = check_read_file(tr, NULL);
    CHECK(t && !strstr(t, "\"hold_start\",\"step\":\"f\""));
    CHECK(t && strstr(t, "\"hold_start\",\"step\":\"c\""));
    CHECK(t && strstr(t, "\"question\":\"area-check\""));
    free(t);
    free(tr);
    routine_destroy(r);
    answer_script_free(sc);
    history_close(h);
    free(db);
}

static void test_answer_script(void)
{
    char *err = NULL;
    struct answer_script *s = answer_script_parse(
        "*=no, screen-*=yes, screen-clot=no, soreness=3, *=7", &err);
    CHECK(s != NULL);
    int v = -1;
    CHECK(answer_script_find(s, "screen-heart", ANSWER_YES_NO, 1, &v));
    CHECK_INT(v, ==, 1);                    /* longer prefix */
    CHECK(answer_script_find(s, "screen-clot", ANSWER_YES_NO, 1, &v));
    CHECK_INT(v, ==, 0);                    /* exact id */
    CHECK(answer_script_find(s, "dizzy", ANSWER_YES_NO, 1, &v));
    CHECK_INT(v, ==, 0);                    /* '*=7' does not fit yes-no */
    CHECK(answer_script_find(s, "soreness", ANSWER_SCALE, 10, &v));
    CHECK_INT(v, ==, 3);
    CHECK(answer_script_find(s, "recent-soreness", ANSWER_SCALE, 10, &v));
    CHECK_INT(v, ==, 7);                    /* '*=no' does not fit a scale */
    CHECK(!answer_script_find(s, "stop-reason", ANSWER_SCALE, 4, &v));
    answer_script_free(s);
    const char *bad[] = { "soreness", "=3", "soreness=11", "a*b=1",
                          "soreness=-1", "x=maybe" };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        err = NULL;
        CHECK(answer_script_parse(bad[i], &err) == NULL);
        CHECK(err != NULL);
        free(err);
    }
    s = answer_script_parse("", &err);
    CHECK(s && !answer_script_find(s, "soreness", ANSWER_SCALE, 10, &v));
    answer_script_free(s);
}

/* The driver with real speech: the capture backend is the device, the test
 * its clock (20 ms of samples per 20 ms step), so utterances report done
 * through the audio's own ring and event fd. */
static int holds_seen;
static long long hold_t[8];
static void count_holds(void *u, const struct coach_action *a, long long t)
{
    on_action(u, a, t);
    if ((a->kind == COACH_ACT_HOLD_START || a->kind == COACH_ACT_HOLD_END)
        && holds_seen < 8)
        hold_t[holds_seen++] = t;
}

static void test_real_speech_capture(void)
{
    struct routine *r = sim_routine(
        "[routine]\ntitle = T\n[step a]\nregion = calves\nsetup = Roller "
        "under one calf.\nhold = 30\nsides = left-right\nask = soreness\n");
    struct audio_options ao = { .backend = "capture", .voice = "en",
                                .rate_wpm = 175, .volume = 80 };
    char *err = NULL;
    struct audio *a = audio_open(&ao, &err);
    CHECK(a != NULL);
    if (!a) {
        free(err);
        routine_destroy(r);
        return;
    }
    struct answer_script *sc = answer_script_parse("*=no,soreness=2", &err);
    struct settings st;
    settings_defaults(&st);
    st.detail = DETAIL_CONCISE;
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.audio = a;
    o.answers = sc;
    o.assume_screened = true;
    struct session_frontend f = fe;
    f.action = count_holds;
    struct counts c;
    memset(&c, 0, sizeof c);
    holds_seen = 0;
    struct session *s = session_create(&o, &f, &c, &err);
    long long now = 5000;
    session_start(s, now);
    int steps = 0;
    while (!session_ended(s) && steps++ < 60000) {     /* 20 minutes */
        audio_capture_pump(a, 441, true);               /* 20 ms */
        now += 20;
        session_update(s, now);
    }
    CHECK(session_ended(s));
    CHECK_INT(session_exit_status(s), ==, EXIT_DONE);
    CHECK_INT(holds_seen, ==, 4);
    /* Holds last their length on the test's clock, whatever the speech. */
    CHECK_INT(hold_t[1] - hold_t[0], ==, 30000);
    CHECK_INT(hold_t[3] - hold_t[2], ==, 30000);
    CHECK_INT(c.answers, ==, 6);    /* daily check and soreness */
    size_t n = 0;
    const int16_t *pcm = audio_capture_samples(a, &n);
    long loud = 0;
    for (size_t i = 0; i < n; i++)
        loud += pcm[i] > 2000 || pcm[i] < -2000;
    CHECK(loud > 1000);             /* speech was played, not just timed */
    session_destroy(s);
    audio_close(a);
    answer_script_free(sc);
    routine_destroy(r);
}

int main(void)
{
    RUN_TEST(test_answer_script);
    RUN_TEST(test_history_round_trip);
    RUN_TEST(test_input_and_no_keyboard);
    RUN_TEST(test_transcript_unwritable);
    RUN_TEST(test_screening_only);
    RUN_TEST(test_real_speech_capture);
    return check_summary("test_session");
}
