/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Input mapping with synthesised SDL events: the default keys, a foot
 * pedal and clicker map from the settings' keymap string, gamepad buttons,
 * touch and mouse through a screen's hit test.  Events go through SDL's
 * own queue (SDL_PushEvent / SDL_PollEvent) as they would from a device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "tests/check.h"
#include "ui/demo.h"
#include "ui/input.h"
#include "ui/ui.h"
#include "util/diag.h"

static SDL_Event key_event(SDL_Keycode k, Uint32 t_ms, int repeat)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.timestamp = t_ms;
    e.key.state = SDL_PRESSED;
    e.key.repeat = (Uint8)repeat;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    return e;
}

/* Pushes the event through SDL's queue and maps what comes out. */
static struct ui_input through_queue(struct ui_keymap *km, SDL_Event e,
                                     ui_hit_fn hit, void *user)
{
    struct ui_input none = { UI_CMD_NONE, -1 };
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    if (SDL_PushEvent(&e) != 1) {
        fprintf(stderr, "SDL_PushEvent: %s\n", SDL_GetError());
        return none;
    }
    SDL_Event got;
    while (SDL_PollEvent(&got)) {
        if (got.type == e.type)
            return ui_input_from_event(km, &got, hit, user, 800, 480);
    }
    return none;
}

static struct ui_input key(struct ui_keymap *km, SDL_Keycode k, Uint32 t)
{
    /* The queue stamps its own time; the digit timing test uses the
     * mapper directly with chosen timestamps. */
    SDL_Event e = key_event(k, t, 0);
    return ui_input_from_event(km, &e, NULL, NULL, 800, 480);
}

static void test_default_keys(void)
{
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    struct ui_input in = through_queue(&km, key_event(SDLK_SPACE, 0, 0),
                                       NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_PAUSE);
    in = through_queue(&km, key_event(SDLK_ESCAPE, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_STOP);
    in = through_queue(&km, key_event(SDLK_RETURN, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_OK);
    CHECK_INT(key(&km, SDLK_RIGHT, 10).cmd, ==, UI_CMD_NEXT);
    CHECK_INT(key(&km, SDLK_DOWN, 10).cmd, ==, UI_CMD_NEXT);
    CHECK_INT(key(&km, SDLK_LEFT, 10).cmd, ==, UI_CMD_PREV);
    CHECK_INT(key(&km, SDLK_UP, 10).cmd, ==, UI_CMD_PREV);
    CHECK_INT(key(&km, SDLK_r, 10).cmd, ==, UI_CMD_REPEAT);
    CHECK_INT(key(&km, SDLK_s, 10).cmd, ==, UI_CMD_SKIP);
    CHECK_INT(key(&km, SDLK_h, 10).cmd, ==, UI_CMD_HISTORY);
    /* Y and N are words, never the numbers 1 and 0 (issue 10). */
    in = key(&km, SDLK_y, 10);
    CHECK_INT(in.cmd, ==, UI_CMD_WORD);
    CHECK_INT(in.value, ==, 1);
    in = key(&km, SDLK_n, 10);
    CHECK_INT(in.cmd, ==, UI_CMD_WORD);
    CHECK_INT(in.value, ==, 0);
    for (int d = 0; d <= 9; d++) {
        in = key(&km, SDLK_0 + d, 100000u + 5000u * (Uint32)d);
        CHECK_INT(in.cmd, ==, UI_CMD_ANSWER);
        CHECK_INT(in.value, ==, d);
    }
    in = key(&km, SDLK_KP_7, 200000);
    CHECK_INT(in.cmd, ==, UI_CMD_ANSWER);
    CHECK_INT(in.value, ==, 7);
    CHECK_INT(key(&km, SDLK_F12, 10).cmd, ==, UI_CMD_NONE);
    /* A key held down repeats; a held pedal must not act twice. */
    in = through_queue(&km, key_event(SDLK_ESCAPE, 0, 1), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_NONE);
    SDL_Event q;
    memset(&q, 0, sizeof q);
    q.type = SDL_QUIT;
    CHECK_INT(ui_input_from_event(&km, &q, NULL, NULL, 1, 1).cmd, ==,
              UI_CMD_QUIT);
}

/* "1" then "0" within 1.5 s is ten; slower, it is one and then zero. */
static void test_ten_from_two_digits(void)
{
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    struct ui_input in = key(&km, SDLK_1, 1000);
    CHECK_INT(in.value, ==, 1);
    in = key(&km, SDLK_0, 2400);
    CHECK_INT(in.cmd, ==, UI_CMD_ANSWER);
    CHECK_INT(in.value, ==, 10);
    /* The pair is used up: another 0 is zero. */
    CHECK_INT(key(&km, SDLK_0, 2500).value, ==, 0);
    key(&km, SDLK_1, 5000);
    CHECK_INT(key(&km, SDLK_0, 6600).value, ==, 0);
    /* Something in between breaks the pair. */
    key(&km, SDLK_1, 8000);
    key(&km, SDLK_RIGHT, 8100);
    CHECK_INT(key(&km, SDLK_0, 8200).value, ==, 0);
    key(&km, SDLK_KP_1, 9000);
    CHECK_INT(key(&km, SDLK_KP_0, 9100).value, ==, 10);
}

/* A USB foot pedal sends PageDown / PageUp (or letters); a presentation
 * clicker PageUp, PageDown, B and F5.  The settings' keymap binds them. */
static void test_foot_pedal_map(void)
{
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    struct diag_list dl;
    diag_init(&dl);
    CHECK_INT(ui_keymap_parse(&km, "pagedown=next, PageUp=pause,b=stop,"
                              "F5=ok, period=repeat, a=7, space=none, "
                              "Keypad 9=history",
                              "config.ini", 12, &dl), ==, 0);
    CHECK_INT(dl.count, ==, 0);
    struct ui_input in = through_queue(&km, key_event(SDLK_PAGEDOWN, 0, 0),
                                       NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_NEXT);
    in = through_queue(&km, key_event(SDLK_PAGEUP, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_PAUSE);
    in = through_queue(&km, key_event(SDLK_b, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_STOP);
    in = through_queue(&km, key_event(SDLK_F5, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_OK);
    in = through_queue(&km, key_event(SDLK_PERIOD, 0, 0), NULL, NULL);
    CHECK_INT(in.cmd, ==, UI_CMD_REPEAT);
    in = key(&km, SDLK_a, 0);
    CHECK_INT(in.cmd, ==, UI_CMD_ANSWER);
    CHECK_INT(in.value, ==, 7);
    CHECK_INT(key(&km, SDLK_KP_9, 0).cmd, ==, UI_CMD_HISTORY);
    /* Unbound; the defaults not named stay. */
    CHECK_INT(key(&km, SDLK_SPACE, 0).cmd, ==, UI_CMD_NONE);
    CHECK_INT(key(&km, SDLK_ESCAPE, 0).cmd, ==, UI_CMD_STOP);
    CHECK_INT(key(&km, SDLK_RETURN, 0).cmd, ==, UI_CMD_OK);
    diag_free(&dl);
}

static void test_keymap_errors(void)
{
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    struct diag_list dl;
    diag_init(&dl);
    CHECK_INT(ui_keymap_parse(&km, "pagedown=next,nosuchkey=stop,"
                              "b=explode,justakey", "config.ini", 7, &dl),
              ==, -1);
    CHECK_INT(dl.errors, ==, 3);
    char *a = diag_format(&dl.items[0]);
    char *b = diag_format(&dl.items[1]);
    char *c = diag_format(&dl.items[2]);
    CHECK_CONTAINS(a, "config.ini:7: error:");
    CHECK_CONTAINS(a, "unknown key 'nosuchkey'");
    CHECK_CONTAINS(b, "unknown command 'explode'");
    CHECK_CONTAINS(c, "'justakey' has no '='");
    free(a);
    free(b);
    free(c);
    /* The good entry still applies. */
    CHECK_INT(key(&km, SDLK_PAGEDOWN, 0).cmd, ==, UI_CMD_NEXT);
    CHECK_INT(key(&km, SDLK_b, 0).cmd, ==, UI_CMD_NONE);
    diag_free(&dl);
}

static void test_gamepad(void)
{
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    const struct { Uint8 button; enum ui_cmd cmd; } map[] = {
        { SDL_CONTROLLER_BUTTON_A, UI_CMD_OK },
        { SDL_CONTROLLER_BUTTON_B, UI_CMD_STOP },
        { SDL_CONTROLLER_BUTTON_START, UI_CMD_PAUSE },
        { SDL_CONTROLLER_BUTTON_X, UI_CMD_REPEAT },
        { SDL_CONTROLLER_BUTTON_Y, UI_CMD_SKIP },
        { SDL_CONTROLLER_BUTTON_DPAD_LEFT, UI_CMD_PREV },
        { SDL_CONTROLLER_BUTTON_DPAD_DOWN, UI_CMD_NEXT },
        { SDL_CONTROLLER_BUTTON_RIGHTSHOULDER, UI_CMD_NEXT },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_CONTROLLERBUTTONDOWN;
        e.cbutton.button = map[i].button;
        e.cbutton.state = SDL_PRESSED;
        CHECK_INT(through_queue(&km, e, NULL, NULL).cmd, ==, map[i].cmd);
    }
}

static struct ui_input hit(void *user, int x, int y)
{
    return ui_hit_test(user, x, y);
}

/* Touch and mouse on a rendered question screen: a tap on "7" selects 7
 * once, even though SDL also sends a mouse event for the same tap. */
static void test_touch_and_mouse(void)
{
    struct ui_options o = { .width = 800, .height = 480, .hidden = true,
                            .text_scale = 1.0 };
    char *err = NULL;
    struct ui *ui = ui_create(&o, &err);
    CHECK(ui != NULL);
    if (!ui) {
        free(err);
        return;
    }
    struct ui_screen scr;
    for (size_t i = 0; i < ui_demo_count(); i++)
        if (!strcmp(ui_demo_name(i), "question-scale"))
            ui_demo_screen(i, &scr);
    ui_render(ui, &scr);
    SDL_Rect seven = { 0, 0, 0, 0 }, stop = { 0, 0, 0, 0 };
    for (size_t b = 0; b < ui_button_count(ui); b++) {
        const struct ui_button *bt = ui_button_at(ui, b);
        if (bt->input.cmd == UI_CMD_SELECT && bt->input.value == 7)
            seven = bt->box;
        if (bt->input.cmd == UI_CMD_STOP)
            stop = bt->box;
    }
    CHECK(seven.w > 0);
    CHECK(stop.w > 0);
    struct ui_keymap km;
    ui_keymap_defaults(&km);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_FINGERUP;
    e.tfinger.x = (float)(seven.x + seven.w / 2) / 800.0f;
    e.tfinger.y = (float)(seven.y + seven.h / 2) / 480.0f;
    struct ui_input in = through_queue(&km, e, hit, ui);
    CHECK_INT(in.cmd, ==, UI_CMD_SELECT);
    CHECK_INT(in.value, ==, 7);
    /* The mouse event SDL synthesises from that touch is ignored. */
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.which = SDL_TOUCH_MOUSEID;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = seven.x + 3;
    e.button.y = seven.y + 3;
    CHECK_INT(through_queue(&km, e, hit, ui).cmd, ==, UI_CMD_NONE);
    /* A real mouse click on Stop stops. */
    e.button.which = 0;
    e.button.x = stop.x + stop.w / 2;
    e.button.y = stop.y + stop.h / 2;
    CHECK_INT(through_queue(&km, e, hit, ui).cmd, ==, UI_CMD_STOP);
    /* Between buttons: nothing. */
    e.button.x = seven.x + seven.w + 1;
    e.button.y = 5;
    CHECK_INT(through_queue(&km, e, hit, ui).cmd, ==, UI_CMD_NONE);
    ui_destroy(ui);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS |
                 SDL_INIT_GAMECONTROLLER) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    RUN_TEST(test_default_keys);
    RUN_TEST(test_ten_from_two_digits);
    RUN_TEST(test_foot_pedal_map);
    RUN_TEST(test_keymap_errors);
    RUN_TEST(test_gamepad);
    RUN_TEST(test_touch_and_mouse);
    SDL_Quit();
    return check_summary("test_ui_input");
}
