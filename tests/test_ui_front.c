/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The screen's side of a session (ui/front.c): engine views to screens,
 * inputs to engine events, stops held until acknowledged, the summary's
 * answers; and a whole routine run through the real coach engine with
 * synthesised key presses alone (and again with taps alone), every screen
 * rendered with the dummy video driver on the way.  The clock is manual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "coach/engine.h"
#include "coach/screening.h"
#include "routines/routine.h"
#include "tests/check.h"
#include "ui/front.h"
#include "ui/input.h"
#include "ui/ui.h"

static const char routine_text[] =
    "[routine]\n"
    "title = Calves test\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = left-right\n"
    "hold = 30\n"
    "rest = 10\n"
    "setup = Sit with the roller under one calf.\n"
    "ask = soreness\n"
    "\n"
    "[step quads]\n"
    "region = quadriceps\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Lie face down on your forearms.\n";

static struct routine *load(void)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(routine_text,
                                            strlen(routine_text),
                                            "test.ini", &dl);
    if (!r)
        diag_print(&dl, stderr);
    diag_free(&dl);
    return r;
}

static void test_step_view_to_screen(void)
{
    struct routine *r = load();
    CHECK(r != NULL);
    if (!r)
        return;
    struct ui_front f;
    ui_front_init(&f, r);
    struct coach_view v;
    memset(&v, 0, sizeof v);
    v.phase = PHASE_HOLD;
    v.step = &r->steps[0];
    v.step_index = 0;
    v.step_count = 2;
    v.side = SIDE_LEFT;
    v.phase_start_ms = 10000;
    v.phase_end_ms = 40000;
    v.remaining_ms = 90000;
    struct ui_screen s;
    ui_front_screen(&f, &v, 25500, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_STEP);
    CHECK_STR(s.u.step.region_id, "calves");
    CHECK(s.u.step.back_view);
    CHECK_INT(s.u.step.side, ==, UI_SIDE_LEFT);
    CHECK_STR(s.u.step.phase_label, "HOLD");
    CHECK_INT(s.u.step.countdown_ms, ==, 14500);
    CHECK_INT(s.u.step.phase_ms, ==, 30000);
    CHECK_INT(s.u.step.step_number, ==, 1);
    CHECK_INT(s.u.step.step_count, ==, 2);
    /* The next redraw is due when 14 s are left. */
    CHECK_INT(ui_front_next_change(&f, &v, 25500), ==, 26000);
    /* Paused: the countdown stands still, and nothing needs a redraw. */
    v.paused = true;
    ui_front_screen(&f, &v, 27000, &s);
    CHECK_INT(s.u.step.countdown_ms, ==, 13000);
    ui_front_screen(&f, &v, 31000, &s);
    CHECK_INT(s.u.step.countdown_ms, ==, 13000);
    CHECK(s.u.step.paused);
    CHECK_INT(ui_front_next_change(&f, &v, 31000), ==, -1);
    v.paused = false;
    v.phase = PHASE_REST;
    v.step = &r->steps[1];
    ui_front_screen(&f, &v, 35000, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_REST);
    CHECK_STR(s.u.step.region_id, "quadriceps");
    CHECK(!s.u.step.back_view);
    routine_destroy(r);
}

static void test_question_inputs(void)
{
    struct ui_front f;
    ui_front_init(&f, NULL);
    const struct question *q = builtin_question_find("soreness");
    CHECK(q != NULL);
    if (!q)
        return;
    CHECK_INT(q->kind, ==, ANSWER_SCALE);
    struct coach_view v;
    memset(&v, 0, sizeof v);
    v.phase = PHASE_QUESTION;
    v.question = q;
    struct coach_event ev;
    bool redraw;
    /* A digit highlights; Enter confirms. */
    struct ui_input in = { UI_CMD_ANSWER, 7 };
    CHECK(!ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK(redraw);
    struct ui_screen s;
    ui_front_screen(&f, &v, 0, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_QUESTION);
    CHECK_INT(s.u.question.selected, ==, 7);
    CHECK(!s.u.question.yes_no);
    in.cmd = UI_CMD_NEXT;
    CHECK(!ui_front_input(&f, &v, in, &ev, &redraw));
    in.cmd = UI_CMD_OK;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.kind, ==, COACH_EV_ANSWER);
    CHECK_STR(ev.question, "soreness");
    CHECK_INT(ev.value, ==, 8);
    /* A tap highlights, a second tap on the same number confirms. */
    ui_front_init(&f, NULL);
    in.cmd = UI_CMD_SELECT;
    in.value = 3;
    CHECK(!ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.value, ==, 3);
    /* Nothing highlighted: Enter does nothing. */
    ui_front_init(&f, NULL);
    in.cmd = UI_CMD_OK;
    CHECK(!ui_front_input(&f, &v, in, &ev, &redraw));
    /* Yes / no answer at once. */
    const struct question *yn = builtin_question_find("dizzy");
    CHECK(yn != NULL);
    if (!yn)
        return;
    v.question = yn;
    in.cmd = UI_CMD_WORD;
    in.value = 1;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_STR(ev.question, "dizzy");
    CHECK_INT(ev.value, ==, 1);
    /* Defect 6 of issue 10: a digit on a yes-no question, or Y/N on a
     * scale, is refused (-1: the coach asks again), never taken as 1/0. */
    in.cmd = UI_CMD_ANSWER;
    in.value = 1;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.value, ==, -1);
    v.question = q;
    in.cmd = UI_CMD_WORD;
    in.value = 0;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.value, ==, -1);
    v.question = yn;
    /* Check-in questions say which check and how far along it is. */
    const struct screening_item *first = screening_at(SCREEN_FULL, 0);
    CHECK(first != NULL);
    if (first) {
        struct coach_view cv;
        memset(&cv, 0, sizeof cv);
        cv.phase = PHASE_CHECK_IN;
        cv.question = &first->q;
        ui_front_screen(&f, &cv, 0, &s);
        CHECK_INT(s.kind, ==, UI_SCREEN_QUESTION);
        CHECK(s.u.question.yes_no);
        /* Counted by the main items, which are always asked: a
         * follow-up takes its item's number, so the count never skips. */
        size_t mains = 0, follow = 0, follow_parent = 0;
        for (size_t i = 0; i < screening_count(SCREEN_FULL); i++) {
            const struct screening_item *it = screening_at(SCREEN_FULL, i);
            if (!it->follow_up_of)
                mains++;
            else if (!follow) {
                follow = i;
                follow_parent = mains;
            }
        }
        CHECK(mains < screening_count(SCREEN_FULL));
        char want[96];
        snprintf(want, sizeof want, "Health check 1 of %zu", mains);
        CHECK_STR(s.u.question.heading, want);
        cv.question = &screening_at(SCREEN_FULL, follow)->q;
        ui_front_screen(&f, &cv, 0, &s);
        snprintf(want, sizeof want, "Health check %zu of %zu, one more "
                 "question", follow_parent, mains);
        CHECK_STR(s.u.question.heading, want);
        /* ... and the next main item is the next number. */
        cv.question = &screening_at(SCREEN_FULL, follow + 1)->q;
        ui_front_screen(&f, &cv, 0, &s);
        snprintf(want, sizeof want, "Health check %zu of %zu",
                 follow_parent + 1, mains);
        CHECK_STR(s.u.question.heading, want);
    }
    /* Stop and pause are commands wherever the user is. */
    in.cmd = UI_CMD_STOP;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.kind, ==, COACH_EV_COMMAND);
    CHECK_INT(ev.command, ==, COACH_CMD_STOP);
    in.cmd = UI_CMD_PAUSE;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.command, ==, COACH_CMD_PAUSE);
    v.paused = true;
    CHECK(ui_front_input(&f, &v, in, &ev, &redraw));
    CHECK_INT(ev.command, ==, COACH_CMD_RESUME);
}

/* A safety stop stays on screen until acknowledged, whatever else comes;
 * the summary lists the answers, flagging the one that fired a rule. */
static void test_stop_held_and_summary(void)
{
    struct ui_front f;
    ui_front_init(&f, NULL);
    struct coach_action a;
    memset(&a, 0, sizeof a);
    a.kind = COACH_ACT_ANSWER;
    a.question = "soreness";
    a.value = 8;
    a.region = "calves";
    CHECK(ui_front_action(&f, &a));
    a.question = "dizzy";
    a.value = 0;
    a.region = NULL;
    ui_front_action(&f, &a);
    CHECK_INT(f.row_count, ==, 2);
    CHECK(f.rows[0].flagged);
    CHECK_STR(f.rows[0].answer, "8 / 10");
    CHECK(!f.rows[1].flagged);
    CHECK_STR(f.rows[1].answer, "no");
    memset(&a, 0, sizeof a);
    a.kind = COACH_ACT_STOP;
    a.action = ACTION_URGENT;
    a.text = "Stop now and call emergency services.";
    ui_front_action(&f, &a);
    a.kind = COACH_ACT_END;
    a.outcome = OUTCOME_STOPPED;
    ui_front_action(&f, &a);
    struct coach_view v;
    memset(&v, 0, sizeof v);
    v.phase = PHASE_SUMMARY;
    struct ui_screen s;
    ui_front_screen(&f, &v, 0, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_STOP);
    CHECK_INT(s.u.stop.action, ==, ACTION_URGENT);
    CHECK_CONTAINS(s.u.stop.message, "emergency");
    CHECK(s.u.stop.todo != NULL);
    struct coach_event ev;
    bool redraw;
    const enum ui_cmd others[] = { UI_CMD_STOP, UI_CMD_PAUSE, UI_CMD_NEXT,
                                   UI_CMD_ANSWER, UI_CMD_SKIP };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        struct ui_input in = { others[i], 1 };
        CHECK(!ui_front_input(&f, &v, in, &ev, &redraw));
        ui_front_screen(&f, &v, 0, &s);
        CHECK_INT(s.kind, ==, UI_SCREEN_STOP);
    }
    struct ui_input ok = { UI_CMD_OK, 0 };
    CHECK(!ui_front_input(&f, &v, ok, &ev, &redraw));
    CHECK(redraw);
    ui_front_screen(&f, &v, 0, &s);
    CHECK_INT(s.kind, ==, UI_SCREEN_SUMMARY);
    CHECK_INT(s.u.summary.answer_count, ==, 2);
    CHECK(!f.done);
    ui_front_input(&f, &v, ok, &ev, &redraw);
    CHECK(f.done);
    /* Going lighter or skipping a region is said, not held. */
    ui_front_init(&f, NULL);
    memset(&a, 0, sizeof a);
    a.kind = COACH_ACT_STOP;
    a.action = ACTION_SKIP_REGION;
    ui_front_action(&f, &a);
    CHECK(!f.stop_held);
}

/* ---- A whole routine with keys alone, or taps alone ---------------- */

struct drive {
    struct coach *c;
    struct ui_front f;
    struct ui_keymap km;
    struct ui *ui;
    long long now;
    unsigned speech_pending;
    uint32_t speech_id;
    int screens[8];
    int answers, stops_shown;
    bool taps;
};

static void drain(struct drive *d)
{
    struct coach_action a;
    while (coach_next_action(d->c, &a)) {
        if (a.kind == COACH_ACT_SAY) {
            d->speech_pending = 1;
            d->speech_id = a.speech_id;
        }
        if (a.kind == COACH_ACT_ANSWER)
            d->answers++;
        ui_front_action(&d->f, &a);
    }
}

static void handle(struct drive *d, const struct coach_event *ev)
{
    coach_handle(d->c, ev, d->now);
    drain(d);
}

static struct ui_input hit(void *user, int x, int y)
{
    return ui_hit_test(user, x, y);
}

/* Presses a key (or taps the button with that input) and feeds the
 * result to the engine. */
static void press(struct drive *d, SDL_Keycode key, enum ui_cmd tap_cmd,
                  int tap_value)
{
    struct coach_view v;
    coach_view(d->c, &v);
    struct ui_screen s;
    ui_front_screen(&d->f, &v, d->now, &s);
    ui_render(d->ui, &s);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    if (d->taps) {
        SDL_Rect box = { -1, -1, 0, 0 };
        for (size_t b = 0; b < ui_button_count(d->ui); b++) {
            const struct ui_button *bt = ui_button_at(d->ui, b);
            if (bt->input.cmd == tap_cmd && bt->input.value == tap_value)
                box = bt->box;
        }
        if (box.w == 0) {
            check_fail(__FILE__, __LINE__, "no button for %s %d on "
                       "screen %d", ui_cmd_name(tap_cmd), tap_value,
                       (int)s.kind);
            return;
        }
        e.type = SDL_FINGERUP;
        e.tfinger.x = (float)(box.x + box.w / 2) / (float)ui_width(d->ui);
        e.tfinger.y = (float)(box.y + box.h / 2) / (float)ui_height(d->ui);
    } else {
        e.type = SDL_KEYDOWN;
        e.key.keysym.sym = key;
        e.key.timestamp = (Uint32)d->now;
    }
    struct ui_input in = ui_input_from_event(&d->km, &e, hit, d->ui,
                                             ui_width(d->ui),
                                             ui_height(d->ui));
    struct coach_event ev;
    bool redraw;
    if (ui_front_input(&d->f, &v, in, &ev, &redraw))
        handle(d, &ev);
}

static void run_routine(bool taps, int soreness, int *outcome)
{
    struct routine *r = load();
    CHECK(r != NULL);
    if (!r)
        return;
    struct ui_options o = { .width = 800, .height = 480, .hidden = true,
                            .text_scale = 1.0 };
    char *err = NULL;
    struct drive d;
    memset(&d, 0, sizeof d);
    d.taps = taps;
    d.ui = ui_create(&o, &err);
    CHECK(d.ui != NULL);
    if (!d.ui) {
        free(err);
        routine_destroy(r);
        return;
    }
    ui_keymap_defaults(&d.km);
    ui_front_init(&d.f, r);
    struct coach_options opts;
    memset(&opts, 0, sizeof opts);
    opts.skip_daily_check = true;
    d.c = coach_create(r, &opts);
    d.now = 1000;
    struct coach_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = COACH_EV_START;
    handle(&d, &ev);
    for (int guard = 0; guard < 5000 && !d.f.done; guard++) {
        struct coach_view v;
        coach_view(d.c, &v);
        struct ui_screen s;
        ui_front_screen(&d.f, &v, d.now, &s);
        if ((int)s.kind < 8)
            d.screens[s.kind]++;
        if (d.speech_pending) {
            /* Speech "plays" for 1.5 s of the manual clock. */
            d.speech_pending = 0;
            d.now += 1500;
            memset(&ev, 0, sizeof ev);
            ev.kind = COACH_EV_SPEECH_DONE;
            ev.speech_id = d.speech_id;
            handle(&d, &ev);
            continue;
        }
        if (s.kind == UI_SCREEN_STOP) {
            d.stops_shown++;
            press(&d, SDLK_RETURN, UI_CMD_OK, 0);
            continue;
        }
        if (s.kind == UI_SCREEN_SUMMARY && d.f.ended) {
            press(&d, SDLK_RETURN, UI_CMD_OK, 0);
            continue;
        }
        if (s.kind == UI_SCREEN_QUESTION) {
            bool yn = s.u.question.yes_no;
            if (yn) {
                press(&d, SDLK_n, UI_CMD_ANSWER, 0);
            } else {
                /* Highlight, then confirm: keys "digit, Enter", taps
                 * the number twice. */
                press(&d, SDLK_0 + soreness, UI_CMD_SELECT, soreness);
                press(&d, SDLK_RETURN, UI_CMD_SELECT, soreness);
            }
            continue;
        }
        long long dl = coach_next_deadline(d.c);
        if (dl < 0) {
            if (coach_ended(d.c) && !d.f.ended)
                break;
            continue;
        }
        if (dl > d.now)
            d.now = dl;
        memset(&ev, 0, sizeof ev);
        ev.kind = COACH_EV_TICK;
        handle(&d, &ev);
    }
    CHECK(d.f.done);
    CHECK(coach_ended(d.c));
    *outcome = (int)coach_outcome(d.c);
    CHECK(d.screens[UI_SCREEN_STEP] > 0);
    CHECK(d.screens[UI_SCREEN_REST] > 0);
    CHECK(d.screens[UI_SCREEN_QUESTION] > 0);
    CHECK(d.answers >= 1);
    if (soreness >= 7)
        CHECK(d.f.rows[0].flagged || d.f.row_count > 0);
    coach_destroy(d.c);
    ui_destroy(d.ui);
    routine_destroy(r);
}

static void test_whole_routine_with_keys(void)
{
    int outcome = -1;
    run_routine(false, 2, &outcome);
    CHECK_INT(outcome, ==, OUTCOME_COMPLETED);
}

static void test_whole_routine_with_taps(void)
{
    int outcome = -1;
    run_routine(true, 3, &outcome);
    CHECK_INT(outcome, ==, OUTCOME_COMPLETED);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    RUN_TEST(test_step_view_to_screen);
    RUN_TEST(test_question_inputs);
    RUN_TEST(test_stop_held_and_summary);
    RUN_TEST(test_whole_routine_with_keys);
    RUN_TEST(test_whole_routine_with_taps);
    SDL_Quit();
    return check_summary("test_ui_front");
}
