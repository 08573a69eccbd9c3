/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Whole sessions in the window's front end, through the real session
 * driver and engine (ui/script.h: virtual time, scripted answers, a real
 * history file), checking what is drawn at each moment with SDL's dummy
 * video driver at 800x480: the summary's rows, labels and colours after a
 * completed, a stopped and an urgent session; the notice for each rule
 * kind that lets the session go on; "time left" never going up over a
 * left-right step with a pause; PAUSE on question screens; the screening
 * counter; the rest shown with the step's questions; the stop reasons as
 * labelled buttons; a tap on a scrolled home list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "tests/check.h"
#include "ui/front.h"
#include "ui/home.h"
#include "ui/script.h"
#include "ui/ui.h"
#include "util/exit_status.h"

static const char routine_text[] =
    "[routine]\n"
    "title = Test legs\n"
    "description = Calves twice, then the thighs.\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = left-right\n"
    "hold = 30\n"
    "rest = 15\n"
    "setup = Sit with the roller under one calf.\n"
    "ask = soreness\n"
    "\n"
    "[step calves-again]\n"
    "region = calves\n"
    "tool = ball\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = A ball under both calves.\n"
    "\n"
    "[step quads]\n"
    "region = quadriceps\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Lie face down on your forearms.\n"
    "ask = soreness\n";

static const SDL_Color flag_red = { 0xff, 0x8c, 0x8c, 0xff };

static struct ui *ui;
static struct history *hist;
static struct routine *routine;
static struct settings st;

static bool same(SDL_Color a, SDL_Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The drawn text item starting with `prefix`, or NULL. */
static const struct ui_text_item *drawn(const char *prefix)
{
    for (size_t i = 0; i < ui_text_count(ui); i++) {
        const struct ui_text_item *t = ui_text_at(ui, i);
        if (!strncmp(t->text, prefix, strlen(prefix)))
            return t;
    }
    return NULL;
}

static bool has_button(enum ui_cmd cmd, int value)
{
    for (size_t i = 0; i < ui_button_count(ui); i++) {
        const struct ui_button *b = ui_button_at(ui, i);
        if (b->input.cmd == cmd && (value < 0 || b->input.value == value))
            return true;
    }
    return false;
}

/* What a session showed, collected frame by frame. */
struct seen {
    struct ui_screen summary;
    bool summary_drawn;
    char summary_texts[64][64];
    SDL_Color summary_fg[64];
    size_t summary_n;
    /* time left on the step screens */
    long long last_left;
    bool left_went_up, left_moved_paused, saw_paused_step;
    long long paused_left;
    int steps_seen;
    /* questions */
    bool question_without_pause;
    bool saw_rest_with_question;
    bool counter_skipped;
    int last_check_number;
    bool stop_reason_buttons, stop_reason_tap_ok;
    /* notices */
    bool notice[8];     /* by enum rule_action */
    bool notice_drawn[8];
    bool saw_recent_named;
    bool saw_title_spoken;  /* the title and description on screen */
};

static void remember_summary(struct seen *w, const struct ui_screen *scr)
{
    ui_render(ui, scr);
    w->summary = *scr;
    w->summary_drawn = true;
    w->summary_n = 0;
    for (size_t i = 0; i < ui_text_count(ui) && w->summary_n < 64; i++) {
        const struct ui_text_item *t = ui_text_at(ui, i);
        snprintf(w->summary_texts[w->summary_n], 64, "%.63s", t->text);
        w->summary_fg[w->summary_n++] = t->fg;
    }
}

static const char *summary_text_like(struct seen *w, const char *prefix,
                                     SDL_Color *fg)
{
    for (size_t i = 0; i < w->summary_n; i++)
        if (!strncmp(w->summary_texts[i], prefix, strlen(prefix))) {
            if (fg)
                *fg = w->summary_fg[i];
            return w->summary_texts[i];
        }
    return NULL;
}

static void on_frame(void *user, const struct ui_screen *scr,
                     const struct coach_view *v, long long now)
{
    (void)now;
    struct seen *w = user;
    const char *notice = ui_screen_notice(scr);
    if (notice && (size_t)scr->notice_action < 8) {
        w->notice[scr->notice_action] = true;
        ui_render(ui, scr);
        const char *tag = scr->notice_action == ACTION_LIGHTER ? "LIGHTER"
                                                               : "SKIPPED";
        const struct ui_text_item *t = drawn(tag);
        char head[32];
        snprintf(head, sizeof head, "%s", notice);
        const struct ui_text_item *m = drawn(head);
        if (t && m && m->bg.r == 0xff && m->bg.g == 0xd4)
            w->notice_drawn[scr->notice_action] = true;
    }
    switch (scr->kind) {
    case UI_SCREEN_STEP:
    case UI_SCREEN_REST: {
        long long left = scr->u.step.routine_left_ms;
        if (left < 0)
            break;
        w->steps_seen++;
        if (w->last_left >= 0 && left > w->last_left)
            w->left_went_up = true;
        if (scr->u.step.paused) {
            if (w->saw_paused_step && left != w->paused_left)
                w->left_moved_paused = true;
            w->saw_paused_step = true;
            w->paused_left = left;
        }
        w->last_left = left;
        break;
    }
    case UI_SCREEN_QUESTION: {
        const struct ui_question_model *q = &scr->u.question;
        ui_render(ui, scr);
        if (!has_button(UI_CMD_PAUSE, -1) || !has_button(UI_CMD_STOP, -1))
            w->question_without_pause = true;
        if (q->rest_total_ms > 0 && drawn("REST"))
            w->saw_rest_with_question = true;
        int k = 0, of = 0;
        if (q->heading &&
            sscanf(q->heading, "Health check %d of %d", &k, &of) == 2) {
            if (k != w->last_check_number && k != w->last_check_number + 1)
                w->counter_skipped = true;
            w->last_check_number = k;
        }
        if (v->question && !strcmp(v->question->id, "recent-soreness") &&
            q->heading && strstr(q->heading, "Calves") &&
            strstr(q->text, "calves"))
            w->saw_recent_named = true;
        if (q->choices) {
            /* Five labelled buttons; a tap on one is that answer. */
            int found = 0;
            for (int i = 0; i < 5; i++)
                found += has_button(UI_CMD_SELECT, i);
            w->stop_reason_buttons = found == 5 && q->choice_count == 5 &&
                                     !has_button(UI_CMD_SELECT, 7) &&
                                     drawn("Dizzy (3)") != NULL;
            for (size_t i = 0; i < ui_button_count(ui); i++) {
                const struct ui_button *b = ui_button_at(ui, i);
                if (b->input.cmd != UI_CMD_SELECT || b->input.value != 3)
                    continue;
                struct ui_input in = ui_hit_test(ui, b->box.x + b->box.w / 2,
                                                 b->box.y + b->box.h / 2);
                struct ui_front f;
                ui_front_init(&f, routine);
                struct coach_event ev;
                bool redraw;
                w->stop_reason_tap_ok =
                    ui_front_input(&f, v, in, &ev, &redraw) &&
                    ev.kind == COACH_EV_ANSWER && ev.value == 3;
            }
        }
        break;
    }
    case UI_SCREEN_SUMMARY:
        remember_summary(w, scr);
        break;
    case UI_SCREEN_MESSAGE:
        if (scr->u.message.text &&
            !strcmp(scr->u.message.text, "Test legs. Calves twice, then "
                    "the thighs.")) {
            ui_render(ui, scr);
            w->saw_title_spoken = drawn("Test legs. Calves twice") != NULL;
        }
        break;
    default:
        break;
    }
}

static int run(struct ui_script *sc, struct seen *w, struct ui_front *f)
{
    memset(w, 0, sizeof *w);
    w->last_left = -1;
    sc->routine = routine;
    sc->history = hist;
    char *err = NULL;
    int rc = ui_script_run(sc, &st, f, on_frame, w, &err);
    if (rc < 0)
        fprintf(stderr, "ui_script_run: %s\n", err ? err : "?");
    free(err);
    return rc;
}

static const long long day0 = 1790000000;

static void test_completed_session(void)
{
    struct ui_script sc = {
        .answers = "screen-*=no,daily-*=no,soreness=3,*=no",
        .force_screening = true, .wall_start_s = day0,
        .pause_in_hold = 2, .pause_ms = 9000,
    };
    struct seen w;
    struct ui_front *f = calloc(1, sizeof *f);
    CHECK_INT(run(&sc, &w, f), ==, EXIT_DONE);
    CHECK(w.summary_drawn);
    const struct ui_summary_model *m = &w.summary.u.summary;
    CHECK_STR(m->outcome, "Session complete");
    CHECK(m->advice == NULL);
    CHECK_INT(m->change_count, ==, 0);
    /* Screening answers are counted, not listed: today's come first. */
    CHECK(m->screening_count >= 10);
    CHECK(m->answer_count >= 5);
    for (size_t i = 0; i < m->answer_count; i++) {
        const struct ui_answer_row *r = &m->answers[i];
        CHECK(strncmp(r->question_id, "screen-", 7) != 0);
        /* Plain words, never an id; yes-no as yes or no. */
        CHECK(strchr(r->question, '-') == NULL ||
              strstr(r->question, "light-headed"));
        CHECK(!r->flagged);
        if (!strcmp(r->question_id, "daily-unwell"))
            CHECK_STR(r->answer, "no");
    }
    SDL_Color fg = { 0, 0, 0, 0 };
    CHECK(summary_text_like(&w, "Session complete", &fg) != NULL);
    CHECK(summary_text_like(&w, "Calves: soreness after rolling", &fg));
    CHECK(summary_text_like(&w, "3 / 10", &fg) != NULL);
    CHECK(!same(fg, flag_red));
    CHECK(summary_text_like(&w, "Health screening: ", NULL) != NULL);
    /* The chart: one session so far, said in the singular; its scale
     * and the line at 7 explained; the session's day under its bar. */
    CHECK(summary_text_like(&w, "Soreness by region, last session", NULL));
    CHECK(summary_text_like(&w, "Bars from 0 (none) to 10 (worst). The "
                            "line is 7", NULL) != NULL);
    {
        time_t t = (time_t)day0;
        struct tm tm;
        char day[16] = "?";
        if (localtime_r(&t, &tm))
            strftime(day, sizeof day, "%d %b", &tm);
        CHECK(summary_text_like(&w, day, NULL) != NULL);
    }
    CHECK(summary_text_like(&w, "no", NULL) != NULL);
    CHECK(summary_text_like(&w, "0 / 10", NULL) == NULL);
    /* Time left only went down, and stood still while paused. */
    CHECK(w.steps_seen > 20);
    CHECK(w.saw_paused_step);
    CHECK(!w.left_went_up);
    CHECK(!w.left_moved_paused);
    /* Every question screen has STOP and PAUSE; the count never skips;
     * the rest is shown with the step's question. */
    CHECK(!w.question_without_pause);
    CHECK(!w.counter_skipped);
    CHECK(w.last_check_number >= 10);
    CHECK(w.saw_rest_with_question);
    /* What the coach says first is on the screen too. */
    CHECK(w.saw_title_spoken);
    free(f);
}

static void test_stopped_session(void)
{
    struct ui_script sc = {
        .answers = "daily-*=no,recent-soreness=1,soreness=2,stop-reason=3,"
                   "*=no",
        .wall_start_s = day0 + 86400, .stop_in_hold = 1,
    };
    struct seen w;
    struct ui_front *f = calloc(1, sizeof *f);
    CHECK_INT(run(&sc, &w, f), ==, EXIT_SAFETY);
    CHECK(w.stop_reason_buttons);
    CHECK(w.stop_reason_tap_ok);
    CHECK(w.saw_recent_named);
    const struct ui_summary_model *m = &w.summary.u.summary;
    CHECK_STR(m->outcome, "Stopped: you felt dizzy");
    CHECK_INT(m->outcome_action, ==, ACTION_STOP);
    CHECK(m->advice && strstr(m->advice, "rest"));
    SDL_Color fg = { 0, 0, 0, 0 };
    CHECK(summary_text_like(&w, "Stopped: you felt dizzy", &fg) != NULL);
    CHECK(same(fg, flag_red));
    CHECK(summary_text_like(&w, "Why you stopped", &fg) != NULL);
    CHECK(same(fg, flag_red));
    CHECK(summary_text_like(&w, "Dizzy", &fg) != NULL);
    CHECK(same(fg, flag_red));
    CHECK(summary_text_like(&w, "Let's stop.", NULL) != NULL);
    /* The answer that stopped it is in view, not below eight others. */
    bool found = false;
    for (size_t i = 0; i < m->answer_count; i++)
        if (!strcmp(m->answers[i].question_id, "stop-reason")) {
            found = m->answers[i].flagged && m->answers[i].value == 3;
            CHECK(i < 8);
        }
    CHECK(found);
    free(f);
}

/* Stopped by the user, simply done: said so, not "complete". */
static void test_user_stop_done(void)
{
    struct ui_script sc = {
        .answers = "daily-*=no,recent-soreness=1,soreness=2,stop-reason=0,"
                   "*=no",
        .wall_start_s = day0 + 86400 + 3600, .stop_in_hold = 1,
    };
    struct seen w;
    struct ui_front *f = calloc(1, sizeof *f);
    int rc = run(&sc, &w, f);
    CHECK(rc == EXIT_USER_STOP || rc == EXIT_DONE);
    const struct ui_summary_model *m = &w.summary.u.summary;
    CHECK_STR(m->outcome, "You stopped: done for today");
    CHECK(m->advice == NULL);
    free(f);
}

static void test_urgent_session(void)
{
    struct ui_script sc = {
        .answers = "daily-*=no,daily-calf=yes,*=no",
        .wall_start_s = day0 + 2 * 86400,
    };
    struct seen w;
    struct ui_front *f = calloc(1, sizeof *f);
    CHECK_INT(run(&sc, &w, f), ==, EXIT_SAFETY);
    const struct ui_summary_model *m = &w.summary.u.summary;
    CHECK_STR(m->outcome, "Not started: a warning sign");
    CHECK_INT(m->outcome_action, ==, ACTION_URGENT);
    /* The emergency advice again, on dark red. */
    CHECK(m->advice && strstr(m->advice, "blood clot"));
    SDL_Color fg = { 0, 0, 0, 0 };
    const char *adv = summary_text_like(&w, "Those can be signs", &fg);
    CHECK(adv != NULL);
    CHECK(same(fg, (SDL_Color){ 0xff, 0xff, 0xff, 0xff }));
    CHECK(summary_text_like(&w, "yes", &fg) != NULL);
    CHECK(same(fg, flag_red));
    free(f);
}

/* Lighter (still sore from yesterday) and a region skipped (soreness 8
 * after a step) are shown as notices while the session goes on. */
static void test_notices(void)
{
    struct ui_script first = {
        .answers = "daily-*=no,recent-soreness=0,soreness=4,*=no",
        .wall_start_s = day0 + 3 * 86400,
    };
    struct seen w;
    struct ui_front *f = calloc(1, sizeof *f);
    CHECK_INT(run(&first, &w, f), ==, EXIT_DONE);
    struct ui_script next = {
        .answers = "daily-*=no,recent-soreness=5,soreness=8,*=no",
        .wall_start_s = day0 + 3 * 86400 + 7200,
    };
    CHECK_INT(run(&next, &w, f), ==, EXIT_DONE);
    CHECK(w.notice[ACTION_LIGHTER]);
    CHECK(w.notice_drawn[ACTION_LIGHTER]);
    CHECK(w.notice[ACTION_SKIP_REGION]);
    CHECK(w.notice_drawn[ACTION_SKIP_REGION]);
    const struct ui_summary_model *m = &w.summary.u.summary;
    CHECK(m->change_count >= 2);
    CHECK(summary_text_like(&w, "Lighter: Calves", NULL) != NULL);
    CHECK(summary_text_like(&w, "Skipped: Calves", NULL) != NULL);
    CHECK(strstr(m->outcome, "Session complete, with") != NULL);
    /* The soreness 8 answers are red: they fired a rule. */
    bool red = false;
    for (size_t i = 0; i < m->answer_count; i++)
        if (!strcmp(m->answers[i].question_id, "soreness"))
            red = red || m->answers[i].flagged;
    CHECK(red);
    free(f);
}

static void push_tap(int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_FINGERUP;
    e.tfinger.x = (float)x / (float)ui_width(ui);
    e.tfinger.y = (float)y / (float)ui_height(ui);
    SDL_PushEvent(&e);
}

/* In a scrolled list a tap picks the row under the finger and the list
 * does not move: the second tap starts that same routine. */
static void test_tap_on_scrolled_home_list(void)
{
    /* The bundled routines, as the user's own (the test binary is not
     * beside the source tree's routines/). */
    char dir[700];
    snprintf(dir, sizeof dir, "%s/data/unknot/routines", check_tmpdir());
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp routines/*.ini '%s'/",
             dir, dir);
    CHECK_INT(system(cmd), ==, 0);
    snprintf(dir, sizeof dir, "%s/data", check_tmpdir());
    setenv("XDG_DATA_HOME", dir, 1);
    struct ui_home_data d;
    CHECK_INT(ui_home_load(&d, NULL, day0), ==, 0);
    CHECK(d.count >= 7);
    struct ui_screen scr;
    /* At the top, the list says more is below. */
    ui_home_screen(&d, &scr);
    ui_render(ui, &scr);
    CHECK(drawn("\xe2\x96\xbc ") != NULL);      /* "more below" */
    /* The preview of the highlighted routine, before it starts. */
    CHECK(drawn("You need: ") != NULL);
    CHECK(drawn("Steps: ") != NULL);
    CHECK(drawn("Start (Enter)") != NULL);
    CHECK(drawn("Full body") != NULL);
    CHECK(has_button(UI_CMD_OK, -1));
    d.selected = d.count - 1;
    ui_home_screen(&d, &scr);
    ui_render(ui, &scr);
    CHECK(drawn("\xe2\x96\xb2 ") != NULL);      /* "more above" */
    /* The topmost row drawn, far from the highlight. */
    const struct ui_button *b = NULL;
    for (size_t i = 0; i < ui_button_count(ui); i++) {
        const struct ui_button *x = ui_button_at(ui, i);
        if (x->input.cmd == UI_CMD_SELECT &&
            (!b || x->box.y < b->box.y))
            b = x;
    }
    CHECK(b != NULL);
    if (!b) {
        ui_home_free(&d);
        return;
    }
    int want = b->input.value;
    CHECK(want != (int)d.selected);
    int x = b->box.x + b->box.w / 2, y = b->box.y + b->box.h / 2;
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    push_tap(x, y);
    push_tap(x, y);
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    const char *path = NULL;
    CHECK_INT(ui_home_run(ui, &d, &km, &path), ==, 1);
    CHECK(path != NULL);
    if (path)
        CHECK_STR(path, d.paths[want]);
    ui_home_free(&d);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("UNKNOT_LOG", "error", 1);
    struct diag_list dl;
    diag_init(&dl);
    routine = routine_load_string(routine_text, strlen(routine_text),
                                  "test-legs.ini", &dl);
    diag_print(&dl, stderr);
    diag_free(&dl);
    settings_defaults(&st);
    char path[600];
    snprintf(path, sizeof path, "%s/history.db", check_tmpdir());
    char *err = NULL;
    hist = history_open(path, &err);
    free(err);
    struct ui_options uo = { .width = 800, .height = 480, .hidden = true,
                             .text_scale = 1.0 };
    ui = ui_create(&uo, &err);
    free(err);
    CHECK(routine && hist && ui);
    if (routine && hist && ui) {
        RUN_TEST(test_completed_session);
        RUN_TEST(test_stopped_session);
        RUN_TEST(test_user_stop_done);
        RUN_TEST(test_urgent_session);
        RUN_TEST(test_notices);
        RUN_TEST(test_tap_on_scrolled_home_list);
    }
    ui_destroy(ui);
    history_close(hist);
    routine_destroy(routine);
    SDL_Quit();
    return check_summary("test_ui_session");
}
