/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The safety loop across sessions (issue 10): each defect and each rule
 * added, through the real session driver in virtual time, on a real
 * SQLite history file, with the wall clock set per session (sessions days
 * or minutes apart).  Never sleeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/answers.h"
#include "coach/memory.h"
#include "coach/question.h"
#include "coach/rules.h"
#include "config/settings.h"
#include "history/history.h"
#include "session/session.h"
#include "tests/check.h"
#include "tests/coach_sim.h"
#include "util/exit_status.h"
#include "util/util.h"

#define DAY 86400LL

static const char two_regions[] =
    "[routine]\ntitle = Two\nlevel = moderate\n"
    "[step calves]\nregion = calves\nsetup = Roller under the calves.\n"
    "hold = 30\nask = soreness, tingling, bruise\n"
    "[step back]\nregion = upper-back\nsetup = Roller across the upper "
    "back.\nhold = 30\nask = soreness\n";

static const char jaw_only[] =
    "[routine]\ntitle = Jaw\nlevel = gentle\n"
    "[step jaw]\nregion = jaw\ntool = hands\nsetup = Fingertips on the "
    "jaw.\nhold = 30\nask = soreness\n";

static struct history *h;
static char *tr_path;
static long long base_s;

/* Runs routine text r at wall time `at` with scripted answers; returns the
 * exit status and the transcript (caller frees) in *tr. */
static int run_at(const char *routine, long long at, const char *answers,
                  bool detailed, char **tr)
{
    struct routine *r = sim_routine(routine);
    char *err = NULL;
    struct answer_script *sc = answer_script_parse(answers, &err);
    CHECK(sc != NULL);
    struct settings st;
    settings_defaults(&st);
    st.detail = detailed ? DETAIL_DETAILED : DETAIL_CONCISE;
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.history = h;
    o.answers = sc;
    o.transcript_path = tr_path;
    o.wall_start_s = at;
    struct session *s = session_create(&o, NULL, NULL, &err);
    CHECK(s != NULL);
    int rc = s ? session_run_virtual(s, NULL, NULL) : -1;
    session_destroy(s);
    answer_script_free(sc);
    routine_destroy(r);
    free(err);
    *tr = check_read_file(tr_path, NULL);
    if (!*tr)
        *tr = xstrdup("");
    return rc;
}

static bool held(const char *tr, const char *region)
{
    char needle[96];
    snprintf(needle, sizeof needle, "\"event\":\"hold_start\",\"step\":"
             "\"%s\"", region);
    return strstr(tr, needle) != NULL;
}

static void fresh(void)
{
    if (h)
        history_close(h);
    static int n;
    char *db = xasprintf("%s/loop%d.db", check_tmpdir(), ++n);
    char *err = NULL;
    h = history_open(db, &err);
    CHECK(h != NULL);
    free(err);
    free(db);
    free(tr_path);
    tr_path = xasprintf("%s/loop.jsonl", check_tmpdir());
    base_s = util_wall_s() - 25 * DAY;
}

/* The first session: a screening, all no. */
static void screened(void)
{
    char *tr;
    CHECK_INT(run_at(jaw_only, base_s, "*=no,soreness=1", false, &tr), ==,
              EXIT_DONE);
    free(tr);
}

/* Defect 2: the 48-hour memory covers every session, not the last one. */
static void test_recent_across_sessions(void)
{
    fresh();
    screened();
    char *tr;
    long long t = base_s + 8 * DAY;     /* the first session a week back */
    CHECK_INT(run_at(two_regions, t, "*=no,soreness=8", false, &tr), ==,
              EXIT_DONE);
    free(tr);
    /* In between: not started, then another routine. */
    CHECK_INT(run_at(two_regions, t + 3600, "*=no,daily-unwell=yes", false,
                     &tr), ==, EXIT_SAFETY);
    free(tr);
    CHECK_INT(run_at(jaw_only, t + 7200, "*=no,soreness=1", false, &tr), ==,
              EXIT_DONE);
    free(tr);
    CHECK_INT(run_at(two_regions, t + DAY, "*=no,soreness=2,"
                     "recent-soreness=2", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"question\":\"recent-soreness\",\"step\":null,"
                       "\"region\":\"calves\"");
    CHECK_CONTAINS(tr, "\"question\":\"recent-soreness\",\"step\":null,"
                       "\"region\":\"upper-back\"");
    CHECK_CONTAINS(tr, "How sore are your calves now from last time");
    /* Asked once per region. */
    const char *p = strstr(tr, "region\":\"calves\"");
    CHECK(p && !strstr(strstr(tr, "How sore are your calves") + 10,
                       "How sore are your calves"));
    free(tr);
}

/* Defect 3: "we'll leave the calves for two days" is remembered, by any
 * routine, until the time is up. */
static void test_rest_remembered(void)
{
    fresh();
    screened();
    char *tr;
    long long t = base_s + 8 * DAY;
    CHECK_INT(run_at(two_regions, t, "*=no,soreness=3", false, &tr), ==,
              EXIT_DONE);
    free(tr);
    CHECK_INT(run_at(two_regions, t + DAY, "*=no,soreness=2,"
                     "recent-soreness=7", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"recent-soreness-high\"");
    CHECK(!held(tr, "calves"));
    free(tr);
    /* Minutes later: announced and skipped, not asked again. */
    CHECK_INT(run_at(two_regions, t + DAY + 600, "*=no,soreness=2,"
                     "recent-soreness=0", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"region-resting\"");
    CHECK_CONTAINS(tr, "The calves still need rest after last time");
    CHECK(!held(tr, "calves"));
    CHECK(!held(tr, "back"));       /* answered 7 for it too */
    CHECK(!strstr(tr, "How sore are your calves"));
    free(tr);
    /* Another routine's regions are not resting. */
    CHECK_INT(run_at(jaw_only, t + DAY + 900, "*=no,soreness=2", false, &tr),
              ==, EXIT_DONE);
    CHECK(held(tr, "jaw"));
    free(tr);
    /* After 48 hours it is back. */
    CHECK_INT(run_at(two_regions, t + 8 * DAY, "*=no,soreness=2,"
                     "recent-soreness=0", false, &tr), ==, EXIT_DONE);
    CHECK(!strstr(tr, "region-resting"));
    CHECK(held(tr, "calves"));
    free(tr);
}

/* Defect 1 (runtime guard): a routine question under a screening id never
 * changes the saved screening.  The routine is changed after parsing, as
 * the parser refuses reserved ids. */
static void test_routine_cannot_rescreen(void)
{
    fresh();
    char *tr;
    CHECK_INT(run_at(jaw_only, base_s, "*=no,screen-osteoporosis=yes,"
                     "soreness=1", false, &tr), ==, EXIT_DONE);
    free(tr);
    int v = -1;
    CHECK_INT(history_screening_answer(h, "screen-osteoporosis", &v), ==, 1);
    CHECK_INT(v, ==, 1);
    long long saved_at = history_screening_time(h);
    struct routine *r = sim_routine(
        "[routine]\ntitle = Sneaky\n[question own]\ntext = Any discomfort "
        "there?\nanswer = yes-no\n[step back]\nregion = upper-back\nsetup = "
        "Roller across the upper back.\nhold = 30\nask = own\n"
        "[step calves]\nregion = calves\nsetup = Roller.\nhold = 30\n"
        "ask = own\n");
    CHECK_INT(r->question_count, ==, 1);
    free((char *)r->questions[0].q.id);
    r->questions[0].q.id = xstrdup("screen-osteoporosis");
    free(r->steps[0].ask[0]);
    r->steps[0].ask[0] = xstrdup("screen-osteoporosis");
    free(r->steps[1].ask[0]);
    r->steps[1].ask[0] = xstrdup("screen-osteoporosis");
    char *err = NULL;
    struct answer_script *sc = answer_script_parse("*=no", &err);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.history = h;
    o.answers = sc;
    o.transcript_path = tr_path;
    o.wall_start_s = base_s + 3 * DAY;
    struct session *s = session_create(&o, NULL, NULL, &err);
    CHECK(s != NULL);
    if (s)
        session_run_virtual(s, NULL, NULL);
    session_destroy(s);
    answer_script_free(sc);
    tr = check_read_file(tr_path, NULL);
    CHECK(tr && !held(tr, "back"));     /* weaker bones: no upper back */
    CHECK(tr && held(tr, "calves"));
    free(tr);
    CHECK_INT(history_screening_answer(h, "screen-osteoporosis", &v), ==, 1);
    CHECK_INT(v, ==, 1);
    CHECK(history_screening_time(h) == saved_at);
    routine_destroy(r);
}

/* Defect 5: a routine's say is an add-on, after the built-in message. */
static void test_builtin_message_first(void)
{
    fresh();
    screened();
    char *tr;
    CHECK_INT(run_at("[routine]\ntitle = T\n[question chest-pain]\nstop_if = "
                     "yes\naction = urgent\nsay = Okay, take a short break "
                     "and carry on when you like.\n[question dizzy]\nstop_if "
                     "= yes\naction = stop\nsay = Breathe slowly.\n"
                     "[step a]\nregion = calves\nsetup = Roller.\nhold = 30\n"
                     "ask = chest-pain\n", base_s + 3 * DAY,
                     "*=no,chest-pain=yes", false, &tr), ==, EXIT_SAFETY);
    const char *builtin = strstr(tr, "Stop now and call emergency services.");
    const char *addon = strstr(tr, "Okay, take a short break");
    CHECK(builtin != NULL);
    CHECK(!addon || addon > builtin);
    free(tr);
    CHECK_INT(run_at("[routine]\ntitle = T\n[question dizzy]\nstop_if = yes\n"
                     "action = stop\nsay = Breathe slowly.\n[step a]\n"
                     "region = calves\nsetup = Roller.\nhold = 30\n"
                     "ask = dizzy\n", base_s + 6 * DAY, "*=no,dizzy=yes",
                     false, &tr), ==, EXIT_SAFETY);
    builtin = strstr(tr, "Sit or lie on your side and rest.");
    addon = strstr(tr, "Breathe slowly.");
    CHECK(builtin && addon && addon > builtin);
    free(tr);
    /* A stricter soreness rule: alone (5) its own say; with the built-in
     * one (8) the built-in message first, then the add-on. */
    static const char stricter[] =
        "[routine]\ntitle = T\n[question soreness]\nstop_if = >= 5\n"
        "action = skip-region\nsay = That's more than we want today.\n"
        "[step a]\nregion = calves\nsetup = Roller.\nhold = 30\n"
        "ask = soreness\n";
    CHECK_INT(run_at(stricter, base_s + 9 * DAY, "*=no,soreness=5", false,
                     &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "That's more than we want today.");
    CHECK(!strstr(tr, "never sharp"));
    free(tr);
    CHECK_INT(run_at(stricter, base_s + 12 * DAY, "*=no,soreness=8", false,
                     &tr), ==, EXIT_DONE);
    builtin = strstr(tr, "Ease off. It should feel like strong pressure, "
                         "never sharp.");
    addon = strstr(tr, "That's more than we want today.");
    CHECK(builtin && addon && addon > builtin);
    CHECK_CONTAINS(tr, "\"rule\":\"soreness-high\"");
    free(tr);
}

/* Defect 6: the --answers side of the one check. */
static void test_answer_check(void)
{
    CHECK(!answer_fits(ANSWER_SCALE, 4, 0, true));   /* "n" at stop-reason */
    CHECK(!answer_fits(ANSWER_SCALE, 10, 1, true));  /* "y" on pain */
    CHECK(!answer_fits(ANSWER_YES_NO, 1, 1, false)); /* "1" on yes-no */
    CHECK(answer_fits(ANSWER_YES_NO, 1, 1, true));
    CHECK(answer_fits(ANSWER_SCALE, 4, 3, false));
    CHECK(!answer_fits(ANSWER_SCALE, 4, 7, false));
    char *err = NULL;
    struct answer_script *s = answer_script_parse("tingling=1,stop-reason=n",
                                                  &err);
    int v;
    CHECK(s && !answer_script_find(s, "tingling", ANSWER_YES_NO, 1, &v));
    CHECK(s && !answer_script_find(s, "stop-reason", ANSWER_SCALE, 4, &v));
    answer_script_free(s);
}

/* Defect 7: pressure advice follows lighter mode and the level. */
static void test_pressure_advice(void)
{
    fresh();
    char *tr;
    CHECK_INT(run_at(two_regions, base_s, "*=no,screen-blood-thinners=yes,"
                     "screen-blood-thinners-cleared=yes,soreness=4", true,
                     &tr), ==, EXIT_DONE);
    CHECK(!strstr(tr, "moderate to strong"));
    CHECK_CONTAINS(tr, "Lighter mode today");
    CHECK_CONTAINS(tr, "no more than 3 out of 10");
    /* Soreness 4 is above the cap of 3: the area is left. */
    CHECK_CONTAINS(tr, "\"rule\":\"soreness-lighter\"");
    free(tr);
    fresh();
    CHECK_INT(run_at(jaw_only, base_s, "*=no,soreness=2", true, &tr), ==,
              EXIT_DONE);
    CHECK(!strstr(tr, "moderate to strong"));
    CHECK_CONTAINS(tr, "gentle pressure, no more than 4 out of 10");
    free(tr);
    CHECK_INT(run_at(two_regions, base_s + 3 * DAY, "*=no,soreness=2", true,
                     &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "moderate to strong pressure, never very strong");
    free(tr);
}

/* Rules 19, 20 (daily and in-session) and 21. */
static void test_red_flags(void)
{
    fresh();
    screened();
    char *tr;
    CHECK_INT(run_at(two_regions, base_s + 3 * DAY,
                     "*=no,daily-back-nerve=yes", false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"back-nerve\",\"action\":\"urgent\"");
    CHECK_CONTAINS(tr, "Please go to an emergency department now.");
    CHECK(!strstr(tr, "hold_start"));
    free(tr);
    CHECK_INT(run_at(two_regions, base_s + 6 * DAY,
                     "*=no,daily-headache=yes", false, &tr), ==, EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"headache\",\"action\":\"urgent\"");
    free(tr);
    CHECK_INT(run_at("[routine]\ntitle = T\n[step a]\nregion = upper-traps\n"
                     "tool = ball\nsetup = Ball.\nhold = 30\nask = headache\n",
                     base_s + 9 * DAY, "*=no,headache=yes", false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "Stop and call emergency services now.");
    free(tr);
    /* Pregnancy signs: asked only when the screening says pregnant. */
    CHECK_INT(run_at(jaw_only, base_s + 12 * DAY, "*=no,soreness=1", false,
                     &tr), ==, EXIT_DONE);
    CHECK(!strstr(tr, "daily-pregnancy"));
    free(tr);
    fresh();
    CHECK_INT(run_at(jaw_only, base_s, "*=no,screen-pregnant=yes,"
                     "daily-pregnancy=yes", false, &tr), ==, EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"pregnancy-signs\",\"action\":\"urgent\"");
    CHECK_CONTAINS(tr, "Stop and contact your maternity unit now.");
    free(tr);
    /* Rule 18: the question covers coughing blood and fainting. */
    CHECK_CONTAINS(builtin_question_find("chest-pain")->text, "coughing");
    CHECK_CONTAINS(builtin_question_find("chest-pain")->text, "fainting");
}

/* Rule 15, "stop if it lasts", and the PAR-Q+ follow-ups. */
static void test_tingling_lasts_and_parq(void)
{
    fresh();
    screened();
    char *tr;
    CHECK_INT(run_at(two_regions, base_s + 3 * DAY, "*=no,soreness=2,"
                     "tingling=yes,tingling-lasts=no", false, &tr), ==,
              EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"tingling\",\"action\":\"skip-region\"");
    CHECK_CONTAINS(tr, "\"question\":\"tingling-lasts\"");
    CHECK(held(tr, "back"));
    free(tr);
    CHECK_INT(run_at(two_regions, base_s + 6 * DAY, "*=no,soreness=2,"
                     "tingling=yes,tingling-lasts=yes", false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"tingling-lasts\",\"action\":\"stop\"");
    CHECK(!held(tr, "back"));
    free(tr);
    fresh();
    CHECK_INT(run_at(jaw_only, base_s, "*=no,screen-chronic=yes,"
                     "screen-chronic-cleared=no", false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"screen-chronic-cleared\"");
    free(tr);
    fresh();
    CHECK_INT(run_at(jaw_only, base_s, "*=no,screen-medication=yes,"
                     "screen-medication-cleared=no", false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"screen-medication-cleared\"");
    free(tr);
}

/* Rules 9 and 22: a bruise rests its region until the user says it is
 * gone; a large one or a lump, or one on blood thinners, goes to a
 * provider. */
static void test_bruise_until_gone(void)
{
    fresh();
    screened();
    char *tr;
    long long t = base_s + 3 * DAY;
    CHECK_INT(run_at(two_regions, t, "*=no,soreness=2,bruise=yes,"
                     "bruise-large=yes", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"bruise\"");
    CHECK_CONTAINS(tr, "\"rule\":\"bruise-large\"");
    CHECK_CONTAINS(tr, "Please see your provider about it.");
    free(tr);
    /* A week later, not gone: still skipped. */
    CHECK_INT(run_at(two_regions, t + 7 * DAY, "*=no,soreness=2,"
                     "bruise-gone=no", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"bruise-not-gone\"");
    CHECK(!held(tr, "calves"));
    CHECK(held(tr, "back"));
    free(tr);
    /* Gone: rolled again, and not asked any more. */
    CHECK_INT(run_at(two_regions, t + 10 * DAY, "*=no,soreness=2,"
                     "bruise-gone=yes", false, &tr), ==, EXIT_DONE);
    CHECK(held(tr, "calves"));
    free(tr);
    CHECK_INT(run_at(two_regions, t + 13 * DAY, "*=no,soreness=2", false,
                     &tr), ==, EXIT_DONE);
    CHECK(!strstr(tr, "bruise-gone"));
    free(tr);
    fresh();
    CHECK_INT(run_at(two_regions, base_s, "*=no,screen-blood-thinners=yes,"
                     "screen-blood-thinners-cleared=yes,soreness=2,"
                     "bruise=yes", false, &tr), ==, EXIT_DONE);
    CHECK_CONTAINS(tr, "\"rule\":\"bruise-thinners\"");
    CHECK_CONTAINS(tr, "please tell your provider about this bruise");
    free(tr);
}

/* The frequency limit: a fourth session in a week does not start until
 * next-day soreness has stayed at or below 3. */
static void test_frequency(void)
{
    fresh();
    screened();
    char *tr;
    long long t = base_s + 10 * DAY;
    const char *ok = "*=no,soreness=2,recent-soreness=4";
    CHECK_INT(run_at(two_regions, t, ok, false, &tr), ==, EXIT_DONE);
    free(tr);
    CHECK_INT(run_at(two_regions, t + DAY, ok, false, &tr), ==, EXIT_DONE);
    free(tr);
    CHECK_INT(run_at(two_regions, t + 3 * DAY, ok, false, &tr), ==,
              EXIT_DONE);
    free(tr);
    CHECK_INT(run_at(two_regions, t + 4 * DAY, ok, false, &tr), ==,
              EXIT_SAFETY);
    CHECK_CONTAINS(tr, "\"rule\":\"frequency\",\"action\":\"not-start\"");
    CHECK(!strstr(tr, "hold_start"));
    free(tr);
    /* With next-day soreness at 2 every time, daily is fine. */
    fresh();
    screened();
    ok = "*=no,soreness=2,recent-soreness=2";
    for (int d = 0; d < 5; d++) {
        CHECK_INT(run_at(two_regions, t + d * DAY, ok, false, &tr), ==,
                  d < 3 ? EXIT_DONE : EXIT_DONE);
        CHECK(!strstr(tr, "\"rule\":\"frequency\""));
        free(tr);
    }
    /* Pure: three next-day answers at or below 3 lift it. */
    struct memory m;
    memory_init(&m, 100 * DAY);
    for (int i = 0; i < 3; i++) {
        struct memory_event w = { 100 * DAY - (i + 1) * DAY, i + 1,
                                  MEM_WORKED, "calves", -1, 0 };
        memory_add(&m, &w);
    }
    CHECK(memory_frequency_limited(&m));
    for (int i = 0; i < 3; i++) {
        struct memory_event n = { 100 * DAY - 3600, 9, MEM_NEXT_DAY,
                                  "calves", i == 0 ? 4 : 2, 0 };
        memory_add(&m, &n);
    }
    CHECK(memory_frequency_limited(&m));    /* a 4 among the last three */
    struct memory_event n = { 100 * DAY - 60, 9, MEM_NEXT_DAY, "calves", 3,
                              0 };
    memory_add(&m, &n);
    CHECK(!memory_frequency_limited(&m));
    memory_free(&m);
}

/* The memory itself, pure, and its records in a real history file: the
 * window, old bruises still open, a later session's soreness replacing
 * the last one, a virtual-time stamp ahead of now. */
static void record_cb(const struct history_region_record *r, void *u)
{
    struct memory *m = u;
    struct memory_event e = { r->t_s, r->session, MEM_WORKED, r->region,
                              r->value, r->until_s };
    CHECK(memory_kind_parse(r->kind, &e.kind));
    memory_add(m, &e);
}

static void test_memory_records(void)
{
    fresh();
    long long now = base_s + 40 * DAY;
    int64_t s1 = history_session_begin(h, "r", "R", now - 30 * DAY);
    int64_t s2 = history_session_begin(h, "r", "R", now - DAY);
    CHECK(s1 > 0 && s2 > 0);
    /* Old: a bruise (still open) and soreness (out of the window). */
    CHECK_INT(history_record_region(h, s1, now - 30 * DAY, "calves",
                                    "worked", -1, 0), ==, 0);
    CHECK_INT(history_record_region(h, s1, now - 30 * DAY, "calves",
                                    "soreness", 9, 0), ==, 0);
    CHECK_INT(history_record_region(h, s1, now - 30 * DAY, "calves",
                                    "bruise", -1, 0), ==, 0);
    CHECK_INT(history_record_region(h, s1, now - 30 * DAY, "quadriceps",
                                    "bruise", -1, 0), ==, 0);
    CHECK_INT(history_record_region(h, s1, now - 29 * DAY, "quadriceps",
                                    "bruise-gone", -1, 0), ==, 0);
    /* Recent: worked, soreness, a rest; one stamped ahead of now. */
    CHECK_INT(history_record_region(h, s2, now - DAY, "glutes", "worked", -1,
                                    0), ==, 0);
    CHECK_INT(history_record_region(h, s2, now - DAY + 60, "glutes",
                                    "soreness", 4, 0), ==, 0);
    CHECK_INT(history_record_region(h, s2, now - DAY + 90, "glutes",
                                    "soreness", 6, 0), ==, 0);
    CHECK_INT(history_record_region(h, s2, now + 600, "hamstrings",
                                    "next-day", 7, 0), ==, 0);
    CHECK_INT(history_record_region(h, s2, now + 600, "hamstrings", "rest",
                                    -1, now + 600 + 48 * 3600), ==, 0);
    CHECK_INT(history_record_region(h, s2, now, "x", "nonsense", -1, 0), ==,
              -1);      /* the schema refuses an unknown kind */
    struct memory m;
    memory_init(&m, now);
    CHECK_INT(history_region_records(h, now - MEMORY_WINDOW_DAYS * DAY,
                                     record_cb, &m), ==, 0);
    const struct memory_region *c = memory_find(&m, "calves");
    CHECK(c && c->bruise_open);
    CHECK(c && c->last_worked_s == 0);          /* out of the window */
    const struct memory_region *q = memory_find(&m, "quadriceps");
    CHECK(q && !q->bruise_open);
    const struct memory_region *g = memory_find(&m, "glutes");
    CHECK(g && g->last_soreness == 6);
    CHECK(memory_worked_recently(&m, "glutes"));
    CHECK(!memory_worked_recently(&m, "calves"));
    CHECK(memory_resting(&m, "hamstrings", NULL));
    CHECK(!memory_resting(&m, "glutes", NULL));
    CHECK_INT((int)m.nweek, ==, 1);
    memory_free(&m);
    /* A new session's soreness replaces the old one's. */
    memory_init(&m, now);
    struct memory_event ev[] = {
        { now - 3 * DAY, 1, MEM_WORKED, "calves", -1, 0 },
        { now - 3 * DAY, 1, MEM_SORENESS, "calves", 8, 0 },
        { now - DAY, 2, MEM_WORKED, "calves", -1, 0 },
        { now - DAY, 2, MEM_SORENESS, "calves", 2, 0 },
        { now - DAY, 2, MEM_REST, "*", -1, now + 3600 },
    };
    for (size_t i = 0; i < ARRAY_LEN(ev); i++)
        memory_add(&m, &ev[i]);
    CHECK_INT(memory_find(&m, "calves")->last_soreness, ==, 2);
    CHECK(memory_resting(&m, "jaw", NULL));     /* every region */
    memory_free(&m);
}

/* Every rule id in the table has a message and the docs name it. */
static void test_rule_table(void)
{
    char *doc = check_read_file("docs/questions.md", NULL);
    CHECK(doc != NULL);
    CHECK_INT(rules_count(), >=, 40);
    int rows[23] = { 0 };
    for (size_t i = 0; i < rules_count(); i++) {
        const struct safety_rule *r = rules_at(i);
        CHECK(r->message && *r->message);
        CHECK(rules_find(r->id) == r);
        if (r->model_row >= 1 && r->model_row <= 22)
            rows[r->model_row]++;
        char id[80];
        snprintf(id, sizeof id, "`%s`", r->id);
        if (doc)
            CHECK_CONTAINS(doc, id);
    }
    for (int row = 1; row <= 22; row++)
        if (!rows[row])
            check_fail(__FILE__, __LINE__, "row %d of the safety model has "
                       "no rule", row);
    /* The follow-ups are the coach's own: no routine may define them. */
    CHECK(question_id_reserved("tingling-lasts") != NULL);
    CHECK(question_id_reserved("bruise-large") != NULL);
    CHECK(question_id_reserved("bruise-gone") != NULL);
    char *m = rules_say("area-check", "calves");
    CHECK_STR(m, "Then we'll skip the calves.");
    free(m);
    free(doc);
}

int main(void)
{
    RUN_TEST(test_recent_across_sessions);
    RUN_TEST(test_rest_remembered);
    RUN_TEST(test_routine_cannot_rescreen);
    RUN_TEST(test_builtin_message_first);
    RUN_TEST(test_answer_check);
    RUN_TEST(test_pressure_advice);
    RUN_TEST(test_red_flags);
    RUN_TEST(test_tingling_lasts_and_parq);
    RUN_TEST(test_bruise_until_gone);
    RUN_TEST(test_frequency);
    RUN_TEST(test_memory_records);
    RUN_TEST(test_rule_table);
    if (h)
        history_close(h);
    free(tr_path);
    return check_summary("test_safety_loop");
}
