/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Routine format v1: parsing, every error class at its line, the malformed
 * corpus in tests/malformed/, the bundled library, and finding routines. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/dose.h"
#include "routines/routine.h"
#include "tests/check.h"
#include "util/util.h"

static const char good[] =
    "[routine]\n"
    "title = Test\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "setup = Sit with the roller under one calf.\n"
    "hold = 45\n";

/* Loads text; returns the routine (or NULL) and leaves the diagnostics,
 * one per line as "LINE: severity: message", in *out (caller frees). */
static struct routine *load_text(const char *text, size_t len, char **out)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(text, len, "t.ini", &dl);
    size_t cap = 1, n = 0;
    char *s = xmalloc(1);
    s[0] = '\0';
    for (size_t i = 0; i < dl.count; i++) {
        char *line = diag_format(&dl.items[i]);
        const char *body = line + strlen("t.ini:");
        while (*body == ' ')
            body++;
        size_t bl = strlen(body);
        s = xgrow(s, &cap, n + bl + 2, 1);
        memcpy(s + n, body, bl);
        n += bl;
        s[n++] = '\n';
        s[n] = '\0';
        free(line);
    }
    diag_free(&dl);
    *out = s;
    return r;
}

static struct routine *load(const char *text, char **out)
{
    return load_text(text, strlen(text), out);
}

/* Expects exactly one diagnostic, `want` ("LINE: error: start of msg"). */
static void expect_one(const char *text, const char *want)
{
    char *out;
    struct routine *r = load(text, &out);
    if (!*want) {
        CHECK(r != NULL);
        CHECK_STR(out, "");
        routine_destroy(r);
        free(out);
        return;
    }
    CHECK(r == NULL || strstr(want, "warning"));
    CHECK(str_starts_with(out, want));
    CHECK(strchr(out, '\n') == out + strlen(out) - 1);
    if (!str_starts_with(out, want))
        fprintf(stderr, "  want: %s\n  got:  %s", want, out);
    routine_destroy(r);
    free(out);
}

static void test_good_defaults(void)
{
    char *out;
    struct routine *r = load(good, &out);
    CHECK(r != NULL);
    CHECK_STR(out, "");
    if (r) {
        CHECK_STR(r->title, "Test");
        CHECK(r->description == NULL);
        CHECK_INT(r->level, ==, LEVEL_MODERATE);
        CHECK_STR(r->language, "en");
        CHECK_STR(r->name, "t");
        CHECK_INT(r->step_count, ==, 1);
        const struct routine_step *s = &r->steps[0];
        CHECK_STR(s->id, "calves");
        CHECK_STR(s->region->id, "calves");
        CHECK_INT(s->hold_s, ==, 45);
        CHECK_INT(s->rest_s, ==, 10);
        CHECK_INT(s->sides, ==, SIDES_BOTH);
        CHECK_INT(s->tool, ==, TOOL_ROLLER);
        CHECK(s->cue == NULL);
        CHECK_INT(s->ask_count, ==, 0);
        CHECK_INT(s->line, ==, 4);
    }
    routine_destroy(r);
    free(out);
}

static void test_every_key(void)
{
    const char *text =
        "; comment\n"
        "# another\n"
        "[routine]\n"
        "title = \"Quoted title\"\n"
        "description = First part,\n"
        "  second part ; an inline comment\n"
        "  ; a comment between continuation lines\n"
        "    third part.\n"
        "level = firm\n"
        "language = en-us\n"
        "\n"
        "[ step  jaw ]\n"
        "region = jaw\n"
        "setup = Sit tall.\n"
        "hold = 30\n"
        "sides = left-right\n"
        "rest = 0\n"
        "cue = Light circles.\n"
        "ask = soreness,tingling , pain\n"
        "\n"
        "[question pain]\n"
        "text = Any pain?\n"
        "answer = yes-no\n"
        "stop_if = yes\n"
        "action = urgent\n"
        "say = Stop now.\n";
    char *out;
    struct routine *r = load(text, &out);
    CHECK_STR(out, "");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->title, "Quoted title");
        CHECK_STR(r->description, "First part, second part third part.");
        CHECK_INT(r->level, ==, LEVEL_FIRM);
        CHECK_STR(r->language, "en-us");
        const struct routine_step *s = &r->steps[0];
        CHECK_STR(s->id, "jaw");
        CHECK_INT(s->line, ==, 12);
        CHECK_INT(s->tool, ==, TOOL_HANDS);     /* the jaw's usual tool */
        CHECK_INT(s->sides, ==, SIDES_LEFT_RIGHT);
        CHECK_INT(s->rest_s, ==, 0);
        CHECK_STR(s->cue, "Light circles.");
        CHECK_INT(s->ask_count, ==, 3);
        CHECK_STR(s->ask[0], "soreness");
        CHECK_STR(s->ask[1], "tingling");
        CHECK_STR(s->ask[2], "pain");
        CHECK_INT(r->question_count, ==, 1);
        const struct question *q = routine_question_find(r, "pain");
        CHECK(q == &r->questions[0].q);
        CHECK_INT(r->questions[0].line, ==, 21);
        CHECK_STR(q->text, "Any pain?");
        CHECK_INT(q->kind, ==, ANSWER_YES_NO);
        CHECK_INT(q->rule.op, ==, RULE_YES);
        CHECK_INT(q->rule.action, ==, ACTION_URGENT);
        CHECK_STR(q->rule.say, "Stop now.");
        CHECK_STR(q->rule.id, "routine-pain");
        CHECK(routine_question_find(r, "soreness")
              == builtin_question_find("soreness"));
        CHECK(routine_question_find(r, "nothing") == NULL);
    }
    routine_destroy(r);
    free(out);
}

/* Windows line ends, a byte-order mark and German and Spanish text.  A
 * routine in another language asks its own questions under its own ids;
 * the built-in ones are translated by the app, never by a routine. */
static void test_crlf_bom_non_english(void)
{
    const char *text =
        "\xEF\xBB\xBF[routine]\r\n"
        "title = Rücken und Schultern\r\n"
        "language = de\r\n"
        "\r\n"
        "[question schmerz]\r\n"
        "text = Wie stark ist der Schmerz, von 0 bis 10?\r\n"
        "answer = scale\r\n"
        "stop_if = >= 6\r\n"
        "action = skip-region\r\n"
        "say = Weniger Druck. Wir lassen diese Stelle heute aus.\r\n"
        "\r\n"
        "[step oberer-ruecken]\r\n"
        "region = upper-back\r\n"
        "setup = Leg dich mit der Rolle unter den oberen Rücken,\r\n"
        "  die Füße auf dem Boden.\r\n"
        "hold = 45\r\n"
        "cue = Atme ruhig. ¡Despacio, señora!\r\n"
        "ask = schmerz, soreness\r\n";
    char *out;
    struct routine *r = load(text, &out);
    CHECK_STR(out, "");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->title, "Rücken und Schultern");
        CHECK_STR(r->language, "de");
        CHECK_STR(r->steps[0].setup, "Leg dich mit der Rolle unter den "
                  "oberen Rücken, die Füße auf dem Boden.");
        CHECK_STR(r->steps[0].cue, "Atme ruhig. ¡Despacio, señora!");
        const struct question *q = routine_question_find(r, "schmerz");
        CHECK_STR(q->text, "Wie stark ist der Schmerz, von 0 bis 10?");
        CHECK_INT(q->rule.value, ==, 6);
        CHECK_STR(q->rule.say, "Weniger Druck. Wir lassen diese Stelle "
                  "heute aus.");
        /* The built-in soreness question is the app's own. */
        CHECK(routine_question_find(r, "soreness")
              == builtin_question_find("soreness"));
    }
    routine_destroy(r);
    free(out);

    /* Line numbers stay right with CR LF. */
    expect_one("[routine]\r\ntitle = T\r\n\r\n[step a]\r\nregion = calves"
               "\r\nsetup = S\r\nhold = 45\r\nrest = x\r\n",
               "8: error: rest = 'x' is not a whole number");
}

static void test_builtin_redefined(void)
{
    const char *strict =
        "[routine]\ntitle = T\n\n[step a]\nregion = calves\nsetup = S\n"
        "hold = 45\nask = soreness\n\n[question soreness]\n"
        "stop_if = >= 5\n";
    char *out;
    struct routine *r = load(strict, &out);
    CHECK_STR(out, "");
    if (r) {
        const struct question *q = routine_question_find(r, "soreness");
        CHECK_INT(q->rule.value, ==, 5);
        CHECK_INT(q->rule.action, ==, ACTION_STOP);     /* the default */
        CHECK_STR(q->rule.id, "routine-soreness");
        CHECK_STR(q->text, builtin_question_find("soreness")->text);
        CHECK(q->rule.say == NULL);     /* no add-on */
        CHECK(question_fired_rule(q, 4) == NULL);
        CHECK(question_fired_rule(q, 5) == &q->rule);
        /* At 7 both fire; stop outranks the built-in skip-region. */
        CHECK(question_fired_rule(q, 7) == &q->rule);
        /* What is said: at 5 only the stricter rule fires (no say: what
         * stop means); at 7 the built-in message. */
        char *m = question_rule_message(q, 5);
        CHECK_STR(m, "Let's stop here. Rest in a comfortable position.");
        free(m);
        m = question_rule_message(q, 7);
        CHECK_STR(m, "Ease off. It should feel like strong pressure, never "
                  "sharp. We'll leave this area for today.");
        free(m);
    }
    routine_destroy(r);
    free(out);

    /* Looser: an error (safety rules fail closed), no routine. */
    const char *loose =
        "[routine]\ntitle = T\n\n[step a]\nregion = calves\nsetup = S\n"
        "hold = 45\nask = soreness\n\n[question soreness]\n"
        "stop_if = >= 9\naction = skip-region\n";
    r = load(loose, &out);
    CHECK(r == NULL);
    CHECK_STR(out, "11: error: this rule is looser than the built-in rule "
              "for 'soreness' (>= 7 -> skip-region): a routine may only "
              "make it stricter; tighten stop_if or remove it\n");
    routine_destroy(r);
    free(out);

    /* Same threshold, milder action: also an error, at the action. */
    const char *milder =
        "[routine]\ntitle = T\n\n[step a]\nregion = calves\nsetup = S\n"
        "hold = 45\nask = dizzy\n\n[question dizzy]\n"
        "stop_if = yes\naction = skip-region\n";
    r = load(milder, &out);
    CHECK(r == NULL);
    CHECK_STR(out, "12: error: action skip-region is less serious than the "
              "built-in rule for 'dizzy' (stop): a routine can only make a "
              "built-in rule stricter; write action = stop (or more "
              "serious)\n");
    routine_destroy(r);
    free(out);

    /* chest-pain with stop_if alone: the default action (stop) is milder
     * than urgent, so the error is at stop_if. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 45\nask = chest-pain\n\n"
               "[question chest-pain]\nstop_if = yes\n",
               "11: error: action stop is less serious than the built-in "
               "rule for 'chest-pain' (urgent)");
}

/* Defect 1: the screening and the coach's own check-in questions cannot
 * be defined or asked by a routine, so a routine can never write a false
 * screening answer. */
static void test_reserved_ids(void)
{
    static const struct { const char *id, *why, *example; } cases[] = {
        { "screen-osteoporosis", "the health screening",
          "osteoporosis-check" },
        { "screen-clot", "the health screening", "clot-check" },
        { "daily-unwell", "the daily check", "unwell-check" },
        { "recent-soreness", "the recent-soreness check",
          "soreness-check" },
        { "area-check", "the coach's check of areas to avoid",
          "my-area-check" },
        { "stop-reason", "the question the coach asks when you stop",
          "why-stopped" },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char text[512], want[512];
        snprintf(text, sizeof text, "[routine]\ntitle = T\n\n[step a]\n"
                 "region = upper-back\nsetup = S\nhold = 45\nask = "
                 "soreness\n\n[question %s]\ntext = Any discomfort there?\n"
                 "answer = yes-no\n", cases[i].id);
        snprintf(want, sizeof want, "10: error: '%s' is reserved for %s; "
                 "give your question its own id, for example '%s'",
                 cases[i].id, cases[i].why, cases[i].example);
        expect_one(text, want);
        snprintf(text, sizeof text, "[routine]\ntitle = T\n\n[step a]\n"
                 "region = upper-back\nsetup = S\nhold = 45\n"
                 "ask = soreness, %s\n", cases[i].id);
        snprintf(want, sizeof want, "8: error: ask names '%s', which is "
                 "reserved for %s: a step cannot ask it; give your question "
                 "its own id, for example '%s'", cases[i].id, cases[i].why,
                 cases[i].example);
        expect_one(text, want);
    }
    CHECK_STR(question_id_reserved("screen-"), "the health screening");
    CHECK(question_id_reserved("screening") == NULL);   /* no '-' */
    CHECK(question_id_reserved("my-screen-check") == NULL);
    CHECK(question_id_reserved("soreness") == NULL);
    CHECK(question_id_reserved(NULL) == NULL);
    /* Every id the screening flows use is reserved. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 45\n\n[question daily-x]\n"
               "text = Q?\nanswer = yes-no\n",
               "9: error: 'daily-x' is reserved for the daily check");
}

/* Defects 5 and 9: a built-in question keeps its wording and answer kind,
 * its say is only an add-on spoken after the built-in message. */
static void test_builtin_wording(void)
{
    /* Rewording tingling to a question whose "no" means numb. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 45\nask = tingling\n\n"
               "[question tingling]\n"
               "text = Can you feel the roller clearly?\n",
               "11: error: 'text' cannot be set for the built-in question "
               "'tingling': built-in questions keep their own wording so "
               "their rule cannot be changed; to ask something else, use "
               "your own id");
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 45\nask = soreness\n\n"
               "[question soreness]\nanswer = scale\n",
               "11: error: 'answer' cannot be set for the built-in question "
               "'soreness'");
    /* Every built-in id, text and answer alike. */
    for (size_t i = 0; i < builtin_question_count(); i++) {
        const char *id = builtin_question_at(i)->id;
        char text[400], want[200];
        snprintf(text, sizeof text, "[routine]\ntitle = T\n\n[step a]\n"
                 "region = calves\nsetup = S\nhold = 45\nask = %s\n\n"
                 "[question %s]\ntext = Something else?\n", id, id);
        snprintf(want, sizeof want, "11: error: 'text' cannot be set for "
                 "the built-in question '%s'", id);
        expect_one(text, want);
    }

    /* chest-pain with a calm say: the routine loads (a say is allowed as
     * an add-on), and what is spoken starts with the emergency advice. */
    const char *calm =
        "[routine]\ntitle = T\n\n[step a]\nregion = upper-back\nsetup = S\n"
        "hold = 45\nask = chest-pain, dizzy\n\n[question chest-pain]\n"
        "say = Okay, take a short break and carry on when you like.\n\n"
        "[question dizzy]\nstop_if = yes\naction = urgent\n"
        "say = Call someone to sit with you.\n";
    char *out;
    struct routine *r = load(calm, &out);
    CHECK_STR(out, "");
    CHECK(r != NULL);
    if (r) {
        const struct question *q = routine_question_find(r, "chest-pain");
        CHECK_STR(q->text, builtin_question_find("chest-pain")->text);
        CHECK_STR(q->rule.say, "Okay, take a short break and carry on when "
                  "you like.");
        const struct stop_rule *f = question_fired_rule(q, 1);
        CHECK(f != NULL && f->action == ACTION_URGENT);
        char *m = question_rule_message(q, 1);
        CHECK_STR(m, "Stop now and call emergency services. Okay, take a "
                  "short break and carry on when you like.");
        free(m);
        q = routine_question_find(r, "dizzy");
        f = question_fired_rule(q, 1);
        CHECK(f != NULL && f->action == ACTION_URGENT);
        m = question_rule_message(q, 1);
        CHECK_STR(m, "Let's stop. Sit or lie on your side and rest. Call "
                  "someone to sit with you.");
        free(m);
        CHECK(question_fired_rule(q, 0) == NULL);
    }
    routine_destroy(r);
    free(out);
}

/* Dose limits the file can break (coach/dose.h), each an error. */
static void test_dose_limits(void)
{
    /* Sets: a 4th step of one region, at its header. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 30\n\n[step b]\nregion = calves\n"
               "setup = S\nhold = 30\n\n[step c]\nregion = calves\n"
               "setup = S\nhold = 30\n\n[step d]\nregion = calves\n"
               "setup = S\nhold = 30\n",
               "19: error: Calves is worked in a 4th step: the safety model "
               "allows up to 3 sets per region");
    /* Three sets are fine, and other regions do not count. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 30\n\n[step b]\nregion = calves\n"
               "setup = S\nhold = 30\n\n[step c]\nregion = hamstrings\n"
               "setup = S\nhold = 30\n\n[step d]\nregion = calves\n"
               "setup = S\nhold = 30\n", "");
    /* Tender spot: a ball at 61 s is an error, at 60 s fine. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = pecs\n"
               "tool = ball\nsetup = Face a wall.\nhold = 61\n",
               "8: error: a ball held 61 s is over the 60 s the safety "
               "model allows on a tender spot: use hold = 60 or less");
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = pecs\n"
               "tool = ball\nsetup = Face a wall.\nhold = 60\n", "");
    /* Tender spot by the cue, with a roller, and by the setup. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = Sit.\nhold = 90\ncue = Find a tender spot and "
               "pause on it.\n",
               "7: error: the cue says 'pause on', so this hold stays on a "
               "tender spot: 90 s is over the 60 s the safety model allows; "
               "use hold = 60 or less");
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = Sit and HOLD STILL on the sore spot.\nhold = 75\n",
               "7: error: the setup says 'hold still', so this hold stays "
               "on a tender spot");
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = Sit.\nhold = 120\ncue = Roll slowly; say pause at "
               "any time.\n", "");
    CHECK_STR(dose_tender_phrase("Pause, on a spot"), "pause on");
    CHECK(dose_tender_phrase("Don't hold your breath.") == NULL);
    CHECK(dose_tender_phrase("upholding") == NULL);
    /* Per-side hold range: the parser's, from the same limits. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 121\n",
               "7: error: hold = 121 is out of range: allowed 30 to 120");
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 29\n",
               "7: error: hold = 29 is out of range: allowed 30 to 120");
    /* Pressure named: over 7 anywhere, over 4 in a gentle routine. */
    expect_one("[routine]\ntitle = T\n\n[step a]\nregion = calves\n"
               "setup = S\nhold = 45\ncue = Press to about 8 out of 10.\n",
               "8: error: cue names pressure 8 out of 10: the safety model "
               "caps pressure at 7 (aim for 3 to 6)");
    expect_one("[routine]\ntitle = T\ndescription = Firm work, up to 9/10."
               "\n\n[step a]\nregion = calves\nsetup = S\nhold = 45\n",
               "3: error: description names pressure 9 out of 10");
    expect_one("[routine]\ntitle = T\nlevel = gentle\n\n[step a]\n"
               "region = calves\nsetup = Keep it at five out of ten.\n"
               "hold = 45\n",
               "7: error: setup names pressure 5 out of 10 in a gentle "
               "routine");
    expect_one("[routine]\ntitle = T\nlevel = gentle\n\n[step a]\n"
               "region = calves\nsetup = Keep it at 3 to 4 out of ten.\n"
               "hold = 45\n", "");
    CHECK_INT(dose_pressure_named("3 to 6 out of 10, never 7/10"), ==, 7);
    CHECK_INT(dose_pressure_named("one out of three"), ==, -1);
    CHECK_INT(dose_pressure_named("Hold for 10 seconds."), ==, -1);
    CHECK_INT(dose_pressure_named("8/100"), ==, -1);
}

/* One test per error class, each at its own line. */
static void test_error_classes(void)
{
    const char *h = "[routine]\ntitle = T\n\n";
    char buf[2048];
#define STEP_BODY "[step a]\nregion = calves\nsetup = S\nhold = 45\n"
    snprintf(buf, sizeof buf, "%s" STEP_BODY "stop_iff = >= 7\n", h);
    expect_one(buf, "8: error: unknown key 'stop_iff': did you mean "
               "'stop_if'?");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "\n" STEP_BODY, h);
    expect_one(buf, "9: error: duplicate step id 'a' (first on line 4)");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "[routine]\n", h);
    expect_one(buf, "8: error: a second [routine] section (the first is on "
               "line 1)");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "region = feet\n", h);
    expect_one(buf, "8: error: duplicate key 'region' (first set on line 5)");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n", h);
    expect_one(buf, "4: error: step 'a' has no 'hold': add hold = 30 to 120");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n"
             "hold = 121\n", h);
    expect_one(buf, "7: error: hold = 121 is out of range: allowed 30 to "
               "120 seconds");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n"
             "hold = -1\n", h);
    expect_one(buf, "7: error: hold = -1 is negative");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n"
             "hold = 45s\n", h);
    expect_one(buf, "7: error: hold = '45s' is not a whole number");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "rest = 301\n", h);
    expect_one(buf, "8: error: rest = 301 is out of range: allowed 0 to 300");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = hamstring\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: unknown region 'hamstring': did you mean "
               "'hamstrings'?");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = piriformis\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: unknown region 'piriformis': did you mean "
               "'glutes'?");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = lower-back\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: 'lower-back' is a do-not-roll area: the lower "
               "back is not rolled directly");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = armpit\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: 'armpit' is a do-not-roll area");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = groin\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: 'groin' is a do-not-roll area");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = abdomen\nsetup = S\n"
             "hold = 45\n", h);
    expect_one(buf, "5: error: 'abdomen' is a do-not-roll area");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "sides = bothe\n", h);
    expect_one(buf, "8: error: unknown sides 'bothe': did you mean 'both'?");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "tool = rollr\n", h);
    expect_one(buf, "8: error: unknown tool 'rollr': did you mean 'roller'?");
    snprintf(buf, sizeof buf, "%slevel = gentel\n" STEP_BODY, h);
    expect_one(buf, "4: error: unknown level 'gentel': did you mean "
               "'gentle'?");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "ask = q\n[question q]\n"
             "text = Q?\nanswer = number\n", h);
    expect_one(buf, "11: error: unknown answer kind 'number'");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "ask = tingle\n", h);
    expect_one(buf, "8: error: ask names question 'tingle', which is not "
               "defined: did you mean 'tingling'?");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "ask = q\n[question q]\n"
             "text = Q?\nanswer = scale\nstop_if = <= 10\n", h);
    expect_one(buf, "12: error: this rule fires on every answer or on none");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "ask = q\n[question q]\n"
             "text = Q?\nanswer = yes-no\nstop_if = >= 5\n", h);
    expect_one(buf, "12: error: a yes-no question is answered yes or no");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "ask = q\n[question q]\n"
             "text = Q?\nanswer = scale\nstop_if = no\n", h);
    expect_one(buf, "12: error: stop_if = no cannot be met by a scale "
               "question");
    expect_one("hold = 45\n[routine]\ntitle = T\n" STEP_BODY,
               "1: error: a key before any section");
    snprintf(buf, sizeof buf, "%s[step a\nregion = calves\n", h);
    expect_one(buf, "4: error: section header has no closing ']'");
    snprintf(buf, sizeof buf, "%s" STEP_BODY "[qestion q]\ntext = Q?\n", h);
    expect_one(buf, "8: error: unknown section [qestion q]: did you mean "
               "[question q]?");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = upper-back\nsetup = S\n"
             "hold = 45\nsides = left-right\n", h);
    expect_one(buf, "8: error: Upper back has no left and right side");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = jaw\nsetup = S\n"
             "hold = 45\ntool = ball\n", h);
    expect_one(buf, "8: error: Jaw is not worked with a ball: use tool = "
               "hands");
    expect_one("[routine]\rtitle = T\r[step a]\rregion = calves\r",
               "1: error: a carriage return (CR) inside the line at column "
               "10");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n"
             "hold = x\x01\n", h);
    expect_one(buf, "7: error: control character 0x01 at column 9");
    snprintf(buf, sizeof buf, "%s[step a]\nregion = calves\nsetup = S\n"
             "hold = 45\ntool = ball\n", h);
    expect_one(buf, "");    /* no diagnostics: a ball suits the calves */
#undef STEP_BODY
}

/* Short inputs that once wrote past the cleaned copy for inih (found by
 * fuzzing): a header line shorter than the "[x]" written in its place. */
static void test_tiny_inputs(void)
{
    static const char *const tiny[] = {
        "[", "[]", "[\n[\n[", "]", "=", ":", " x", "\t=", "[step", "[a]",
        "\n\n[", "\r", "\r\n[", ";", "[routine]", "x=1", " [ ] ",
    };
    for (size_t i = 0; i < ARRAY_LEN(tiny); i++) {
        char *out;
        struct routine *r = load(tiny[i], &out);
        CHECK(r == NULL);
        CHECK(*out != '\0');
        free(out);
    }
    expect_one("[", "1: error: section header has no closing ']'");
}

static void test_file_level(void)
{
    expect_one("", "error: the file is empty");
    expect_one("\n\n; nothing\n", "error: the file is only comments");
    expect_one("[step a]\nregion = calves\nsetup = S\nhold = 45\n",
               "error: no [routine] section");
    expect_one("[routine]\ntitle = T\n", "error: no steps");
    static const char nul[] = "[routine]\ntitle = T\nhold\0 = 45\n";
    char *out;
    struct routine *r = load_text(nul, sizeof nul - 1, &out);
    CHECK(r == NULL);
    CHECK_STR(out, "error: this is not a text file (it holds a NUL byte on "
              "line 3): a routine is plain text saved as UTF-8\n");
    free(out);
    char garbage[512];
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = (char)(1 + (i * 131 + 7) % 255);
    r = load_text(garbage, sizeof garbage, &out);
    CHECK(r == NULL);
    CHECK_STR(out, "error: this is not a text file (it is full of control "
              "characters): a routine is plain text saved as UTF-8\n");
    free(out);

    struct diag_list dl;
    diag_init(&dl);
    CHECK(routine_load_file("/nonexistent/x.ini", &dl) == NULL);
    CHECK_INT(dl.errors, ==, 1);
    char *s = diag_format(&dl.items[0]);
    CHECK_STR(s, "/nonexistent/x.ini: error: cannot open: No such file or "
              "directory");
    free(s);
    diag_free(&dl);

    diag_init(&dl);
    CHECK(routine_load_file(check_tmpdir(), &dl) == NULL);
    CHECK_INT(dl.errors, ==, 1);
    CHECK_CONTAINS(dl.items[0].message, "is a folder, not a routine file");
    diag_free(&dl);

    /* Too large, from a file and from memory. */
    size_t big = 70 * 1024;
    char *text = xmalloc(big);
    memset(text, ';', big);
    for (size_t i = 80; i < big; i += 81)
        text[i] = '\n';
    r = load_text(text, big, &out);
    CHECK(r == NULL);
    CHECK_CONTAINS(out, "error: file is too large");
    free(out);
    char *path = check_write_file("big.ini", text, big);
    diag_init(&dl);
    CHECK(routine_load_file(path, &dl) == NULL);
    CHECK_CONTAINS(dl.items[0].message, "file is too large");
    diag_free(&dl);
    free(path);
    free(text);
}

static void test_line_limit(void)
{
    /* 196 bytes are fine, 197 are reported at their line, and the line
     * after a long one keeps its number (inih alone would shift it). */
    char buf[1024];
    char text[400];
    size_t pre = strlen("setup = ");
    memset(text, 'a', sizeof text);
    text[196 - pre] = '\0';
    snprintf(buf, sizeof buf, "[routine]\ntitle = T\n[step a]\n"
             "region = calves\nsetup = %s\nhold = 45\n", text);
    char *out;
    struct routine *r = load(buf, &out);
    CHECK(r != NULL);
    CHECK_STR(out, "");
    if (r)
        CHECK_INT(strlen(r->steps[0].setup), ==, 196 - pre);
    routine_destroy(r);
    free(out);

    memset(text, 'a', sizeof text);
    text[197 - pre] = '\0';
    snprintf(buf, sizeof buf, "[routine]\ntitle = T\n[step a]\n"
             "region = calves\nsetup = %s\nhold = x\n", text);
    r = load(buf, &out);
    CHECK(r == NULL);
    CHECK_STR(out, "5: error: line is 197 bytes long; the limit is 196: "
              "break it, going on in the next line indented with spaces\n"
              "6: error: hold = 'x' is not a whole number of seconds: "
              "allowed 30 to 120\n");
    free(out);

    /* Long section names are not cut either. */
    snprintf(buf, sizeof buf, "[routine]\ntitle = T\n"
             "[step a-very-long-step-id-that-goes-on-and-on-x]\n"
             "region = calves\nsetup = S\nhold = 45\n"
             "[step a-very-long-step-id-that-goes-on-and-on-y]\n"
             "region = calves\nsetup = S\nhold = 45\n");
    r = load(buf, &out);
    CHECK_STR(out, "3: error: step id 'a-very-long-step-id-that-goes-on-"
              "and-on-x' is too long: at most 40 characters\n"
              "7: error: step id 'a-very-long-step-id-that-goes-on-and-on-y'"
              " is too long: at most 40 characters\n");
    routine_destroy(r);
    free(out);
}

static void test_indented_keys(void)
{
    /* Indented keys are keys, not continuations of the key above. */
    char *out;
    struct routine *r = load("[routine]\n  title = T\n  level = gentle\n"
                             "[step a]\n  region = calves\n  setup = S\n"
                             "     on two lines\n  hold = 45\n", &out);
    CHECK_STR(out, "");
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->level, ==, LEVEL_GENTLE);
        CHECK_STR(r->steps[0].setup, "S on two lines");
    }
    routine_destroy(r);
    free(out);
}

static void test_too_many_problems(void)
{
    size_t cap = 64 * 1000;
    char *text = xmalloc(cap);
    size_t n = (size_t)snprintf(text, cap, "[routine]\ntitle = T\n");
    for (int i = 0; i < 500 && n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "nonsense%d = 1\n", i);
    struct diag_list dl;
    diag_init(&dl);
    CHECK(routine_load_string(text, n, "t.ini", &dl) == NULL);
    CHECK_INT(dl.count, ==, 101);
    CHECK_CONTAINS(dl.items[100].message, "too many problems");
    diag_free(&dl);
    free(text);
}

/* Mutated and cut copies of a good file: never a crash or a leak (this
 * runs under ASan in make check), and a NULL result always comes with an
 * error. */
static void test_robust_on_damage(void)
{
    char *orig = check_read_file("routines/full-body-basic.ini", NULL);
    CHECK(orig != NULL);
    if (!orig)
        return;
    size_t len = strlen(orig);
    for (size_t cut = 0; cut <= len; cut += 7) {
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_string(orig, cut, "cut", &dl);
        CHECK(r != NULL || dl.errors > 0);
        routine_destroy(r);
        diag_free(&dl);
    }
    unsigned seed = 12345;
    static const char bytes[] = "[]=;:\n\r \t,-#\"\x80\xC3\xFF" "a7";
    char *m = xmalloc(len + 1);
    for (int round = 0; round < 3000; round++) {
        memcpy(m, orig, len + 1);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            m[at] = bytes[(seed >> 8) % (sizeof bytes - 1)];
        }
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_string(m, len, "m", &dl);
        CHECK(r != NULL || dl.errors > 0);
        if (r)
            CHECK(routine_estimate_seconds(r) > 0);
        routine_destroy(r);
        diag_free(&dl);
    }
    free(m);
    free(orig);
}

/* Reads "; expect: ..." lines from the top of the file or from a
 * NAME.expect file beside it. */
static char *expected_of(const char *path)
{
    char *side = xasprintf("%.*sexpect", (int)(strlen(path) - 3), path);
    char *text = check_read_file(side, NULL);
    free(side);
    if (!text)
        text = check_read_file(path, NULL);
    if (!text)
        return NULL;
    size_t cap = strlen(text) + 1, n = 0;
    char *out = xmalloc(cap);
    out[0] = '\0';
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (!str_starts_with(line, "; expect: "))
            break;
        n += (size_t)snprintf(out + n, cap - n, "%s\n", line + 10);
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return out;
}

/* An expectation matches the output exactly, except that "<n>" in it
 * stands for any number (the lengths of the 20-minute cap move whenever
 * what the coach says changes; tests/test_dose.c checks them). */
static bool expect_matches(const char *want, const char *got)
{
    while (*want) {
        if (!strncmp(want, "<n>", 3)) {
            if (!isdigit((unsigned char)*got))
                return false;
            while (isdigit((unsigned char)*got))
                got++;
            want += 3;
        } else if (*want++ != *got++) {
            return false;
        }
    }
    return *got == '\0';
}

static void test_malformed_corpus(void)
{
    const char *dir = "tests/malformed";
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d)
        return;
    int files = 0, with_error = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!str_ends_with(e->d_name, ".ini"))
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        char *want = expected_of(path);
        CHECK(want && *want);
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(path, &dl);
        /* As `unknot check --estimate` does it: the 20-minute cap on the
         * engine's timeline, with the speech bound (no eSpeak NG, so this
         * also runs under emulation; tests/test_dose.c covers eSpeak NG's
         * own lengths). */
        if (r) {
            struct dose_speech sp = dose_speech_bound();
            struct dose_length len;
            dose_worst_case(r, &sp, &len);
            if (!dose_check_length(r, &len, true, path, &dl)) {
                routine_destroy(r);
                r = NULL;
            }
        }
        char *got = xstrdup("");
        for (size_t i = 0; i < dl.count; i++) {
            char *f = diag_format(&dl.items[i]);
            const char *body = f + strlen(path) + 1;
            while (*body == ' ')
                body++;
            char *g = xasprintf("%s%s\n", got, body);
            free(got);
            got = g;
            free(f);
        }
        if (!want || !expect_matches(want, got)) {
            check_fail(__FILE__, __LINE__, "%s:\n want: %s got:  %s", path,
                       want ? want : "(nothing)", got);
        }
        /* Errors mean no routine; warnings alone still load. */
        CHECK((r == NULL) == (dl.errors > 0));
        with_error += dl.errors > 0;
        files++;
        routine_destroy(r);
        diag_free(&dl);
        free(got);
        free(want);
        free(path);
    }
    closedir(d);
    CHECK_INT(files, >=, 30);
    CHECK_INT(with_error, >=, 30);
}

static void test_bundled_library(void)
{
    static const char *const need[] = {
        "calves", "hamstrings", "quadriceps", "adductors", "glutes",
        "hip-flexors", "lateral-thigh", "upper-back", "lats", "pecs",
        "forearms", "feet", "upper-traps", "jaw" };
    bool covered[ARRAY_LEN(need)] = { false };
    DIR *d = opendir("routines");
    CHECK(d != NULL);
    if (!d)
        return;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!str_ends_with(e->d_name, ".ini"))
            continue;
        char *path = xasprintf("routines/%s", e->d_name);
        struct diag_list dl;
        diag_init(&dl);
        struct routine *r = routine_load_file(path, &dl);
        if (dl.count) {
            check_fail(__FILE__, __LINE__, "%s is not clean:", path);
            diag_print(&dl, stderr);
        }
        CHECK(r != NULL);
        if (r) {
            int s = routine_estimate_seconds(r);
            CHECK_INT(s, <=, 20 * 60);
            CHECK_INT(s, >=, 3 * 60);
            for (size_t i = 0; i < r->step_count; i++) {
                const struct routine_step *st = &r->steps[i];
                CHECK_INT(st->hold_s, >=, 30);
                CHECK_INT(st->hold_s, <=, 60);  /* default dose */
                CHECK(st->region->tools & (1u << st->tool));
                CHECK(st->ask_count > 0);       /* every step checks in */
                for (size_t k = 0; k < ARRAY_LEN(need); k++)
                    if (!strcmp(st->region->id, need[k]))
                        covered[k] = true;
            }
        }
        count++;
        routine_destroy(r);
        diag_free(&dl);
        free(path);
    }
    closedir(d);
    CHECK_INT(count, >=, 8);
    for (size_t k = 0; k < ARRAY_LEN(need); k++)
        if (!covered[k])
            check_fail(__FILE__, __LINE__, "no bundled routine works %s",
                       need[k]);
}

static void test_estimate(void)
{
    /* Title "Test" (1 word: 1+1 s), setup 7 words (3+1 s), one side:
     * 5 s lead-in + 45 s hold, no rest after the last step, 5 s close. */
    char *out;
    struct routine *r = load(good, &out);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(routine_estimate_seconds(r), ==, 2 + 4 + 50 + 5);
    routine_destroy(r);
    free(out);
    /* left-right doubles the hold and adds a switch; ask adds speech and
     * an answer; rest counts between steps. */
    r = load("[routine]\ntitle = Test\n[step a]\nregion = calves\n"
             "setup = Sit.\nhold = 30\nsides = left-right\nrest = 20\n"
             "ask = sharp-pain\n[step b]\nregion = feet\nsetup = Sit.\n"
             "hold = 30\n", &out);
    CHECK(r != NULL);
    if (r)
        CHECK_INT(routine_estimate_seconds(r), ==,
                  2 + (2 + 70 + 3 + (3 + 4) + 20) + (2 + 35) + 5);
    routine_destroy(r);
    free(out);
}

static void test_names(void)
{
    CHECK_STR(routine_level_name(LEVEL_GENTLE), "gentle");
    CHECK_STR(routine_level_name(LEVEL_FIRM), "firm");
    CHECK_STR(routine_sides_name(SIDES_LEFT_RIGHT), "left-right");
    CHECK_STR(routine_tool_name(TOOL_BALL), "ball");
    CHECK_STR(routine_tool_name(TOOL_HANDS), "hands");
}

static void test_regions(void)
{
    CHECK_INT(region_count(), >=, 14);
    for (size_t i = 0; i < region_count(); i++) {
        const struct region_info *r = region_at(i);
        CHECK(region_find(r->id) == r);
        CHECK(region_no_roll_reason(r->id) == NULL);
        CHECK(r->tools & (1u << r->usual_tool));
    }
    CHECK(region_at(region_count()) == NULL);
    CHECK(!region_find("upper-back")->paired);
    CHECK(region_find("upper-back")->spine_or_ribs);
    CHECK(region_find("calves")->paired);
    CHECK(region_no_roll_reason("front-of-neck") != NULL);
    CHECK(region_no_roll_reason("behind-knee") != NULL);
    CHECK_STR(region_suggest("calfs"), "calves");
    CHECK_STR(region_suggest("thoracic"), "upper-back");
    CHECK(region_suggest("xyzzy") == NULL);
}

static void test_finding(void)
{
    char *data = xasprintf("%s/data", check_tmpdir());
    setenv("XDG_DATA_HOME", data, 1);
    char *dir = xasprintf("%s/unknot/routines", data);
    char *cmd = xasprintf("mkdir -p '%s'", dir);
    CHECK_INT(system(cmd), ==, 0);
    char *mine = xasprintf("%s/jaw-release.ini", dir);
    FILE *f = fopen(mine, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(good, f);
        fclose(f);
    }
    /* A user's routine wins over a bundled one of the same name. */
    char *p = routine_resolve("jaw-release");
    CHECK_STR(p, mine);
    free(p);
    p = routine_resolve(mine);
    CHECK_STR(p, mine);
    free(p);
    CHECK(routine_resolve("no-such-routine") == NULL);
    CHECK(routine_resolve("/no/such/file.ini") == NULL);

    char **paths = routine_list_paths();
    int jaw = 0;
    size_t n = 0;
    for (; paths[n]; n++)
        if (str_ends_with(paths[n], "/jaw-release.ini")) {
            jaw++;
            CHECK_STR(paths[n], mine);
        }
    CHECK_INT(jaw, ==, 1);
    routine_free_paths(paths);
    free(mine);
    free(cmd);
    free(dir);
    free(data);
}

int main(void)
{
    RUN_TEST(test_good_defaults);
    RUN_TEST(test_every_key);
    RUN_TEST(test_crlf_bom_non_english);
    RUN_TEST(test_builtin_redefined);
    RUN_TEST(test_error_classes);
    RUN_TEST(test_tiny_inputs);
    RUN_TEST(test_file_level);
    RUN_TEST(test_line_limit);
    RUN_TEST(test_indented_keys);
    RUN_TEST(test_too_many_problems);
    RUN_TEST(test_robust_on_damage);
    RUN_TEST(test_malformed_corpus);
    RUN_TEST(test_bundled_library);
    RUN_TEST(test_reserved_ids);
    RUN_TEST(test_builtin_wording);
    RUN_TEST(test_dose_limits);
    RUN_TEST(test_estimate);
    RUN_TEST(test_names);
    RUN_TEST(test_regions);
    RUN_TEST(test_finding);
    return check_summary("test_routine");
}
