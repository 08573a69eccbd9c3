/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SDL session front end (ui/run.c) with the real session driver, a
 * real history file and the null audio output, in a window of SDL's dummy
 * video driver.  Input is queued in SDL's event queue before the run, as
 * a keyboard or a window manager would send it.  Only the quick ends of a
 * session are run here (stop at once, window closed); a whole routine
 * with keys and taps is run in virtual time in tests/test_ui_front.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/commands.h"
#include "session/session.h"
#include "config/settings.h"
#include "history/history.h"
#include "routines/routine.h"
#include "tests/check.h"
#include "ui/run.h"
#include "ui/ui.h"

static const char routine_text[] =
    "[routine]\n"
    "title = Quick calves\n"
    "level = gentle\n"
    "\n"
    "[step calves]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Sit with the roller under your calves.\n";

static void push_key(SDL_Keycode k)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    SDL_PushEvent(&e);
}

static int run_with(void (*queue)(void), struct ui **out_ui)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_string(routine_text,
                                            strlen(routine_text), "q.ini",
                                            &dl);
    diag_free(&dl);
    CHECK(r != NULL);
    if (!r)
        return -1;
    struct settings st;
    settings_defaults(&st);
    diag_init(&dl);
    CHECK_INT(settings_set(&st, "output", "null", &dl), ==, 0);
    diag_free(&dl);
    char path[600];
    snprintf(path, sizeof path, "%s/history.db", check_tmpdir());
    char *err = NULL;
    struct history *h = history_open(path, &err);
    CHECK(h != NULL);
    free(err);
    struct ui_options uo = { .width = 800, .height = 480, .hidden = true,
                             .text_scale = 1.0 };
    struct ui *ui = ui_create(&uo, &err);
    CHECK(ui != NULL);
    if (!ui || !h) {
        free(err);
        routine_destroy(r);
        history_close(h);
        return -1;
    }
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.history = h;
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    queue();
    int status = ui_run_session(ui, &o, &st, &km);
    struct history_session last;
    CHECK_INT(history_last_session(h, 1LL << 40, &last), ==, 1);
    CHECK_STR(last.outcome, "quit");
    history_close(h);
    routine_destroy(r);
    *out_ui = ui;
    return status;
}

static void queue_close(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    SDL_PushEvent(&e);
}

/* Closing the window ends the session as quit, recorded in the history. */
static void test_window_closed(void)
{
    struct ui *ui = NULL;
    CHECK_INT(run_with(queue_close, &ui), ==, EXIT_USER_STOP);
    if (ui) {
        CHECK(ui_frame_count(ui) >= 1);
        ui_destroy(ui);
    }
}

static void queue_escape_then_done(void)
{
    push_key(SDLK_ESCAPE);      /* stop: one key, wherever the user is */
    push_key(SDLK_RETURN);      /* close the summary */
}

static void test_escape_stops(void)
{
    struct ui *ui = NULL;
    CHECK_INT(run_with(queue_escape_then_done, &ui), ==, EXIT_USER_STOP);
    if (ui) {
        /* A handful of frames (the summary is closed in the same turn);
         * never a frame per loop turn. */
        CHECK(ui_frame_count(ui) >= 1);
        CHECK(ui_frame_count(ui) <= 20);
        ui_destroy(ui);
    }
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("UNKNOT_LOG", "error", 1);
    RUN_TEST(test_window_closed);
    RUN_TEST(test_escape_stops);
    SDL_Quit();
    return check_summary("test_ui_run");
}
