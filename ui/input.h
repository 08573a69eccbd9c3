/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Input mapping: keys, foot pedals, presentation clickers, gamepads, mouse
 * and touch, all turned into a small set of commands the screens act on.
 *
 * Default keys (docs/screen.md): Space pause/resume, Escape stop, digits
 * 0-9 pick an answer ("1" then "0" within 1.5 s picks 10), Y / N answer
 * yes / no, arrows move, Enter confirms, R repeats, S skips.
 * A key map string from the settings (`keymap = pagedown=next,b=stop`)
 * adds or replaces bindings so a USB foot pedal or a clicker can drive it.
 *
 * Gamepads (SDL_GameController): A confirms, B stops, Start pauses,
 * X repeats, Y skips, the D-pad and shoulder buttons move.  On the home
 * screen H shows the history.
 *
 * A struct ui_keymap is a plain value; not shared between threads.
 */
#ifndef UNKNOT_UI_INPUT_H
#define UNKNOT_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "util/diag.h"

enum ui_cmd {
    UI_CMD_NONE,
    UI_CMD_PAUSE,       /* pause or resume */
    UI_CMD_STOP,        /* stop the routine: always one action away */
    UI_CMD_OK,          /* confirm / start / acknowledge */
    UI_CMD_NEXT,        /* move focus forward (right, down) */
    UI_CMD_PREV,        /* move focus back (left, up) */
    UI_CMD_ANSWER,      /* value 0..10, or 1 yes / 0 no */
    UI_CMD_SELECT,      /* touch on a list item or answer: value = index */
    UI_CMD_REPEAT,
    UI_CMD_SKIP,
    UI_CMD_QUIT,        /* window closed */
    UI_CMD_HISTORY,     /* home: show the soreness history */
    UI_CMD_WORD,        /* a yes/no answer (Y/N keys, the YES/NO
                           buttons): value 1 yes / 0 no.  ANSWER is a
                           number; each is refused on the other kind of
                           question (answer_fits() in coach/answers.h) */
};

struct ui_input {
    enum ui_cmd cmd;
    int value;          /* ANSWER, SELECT */
};

/* What a bound key does: a command, or an answer with its value. */
struct ui_binding {
    SDL_Keycode key;
    struct ui_input input;
};

#define UI_KEYMAP_MAX 96

struct ui_keymap {
    struct ui_binding b[UI_KEYMAP_MAX];
    size_t count;
    /* Digit entry: "1" then "0" quickly means 10. */
    uint32_t last_one_ms;
    bool pending_one;
};

/* The documented defaults. */
void ui_keymap_defaults(struct ui_keymap *km);
/* Adds "key=command,key=command" bindings over the current ones.  Keys are
 * SDL key names ("PageDown", "F5", "B") or aliases (space, enter, esc,
 * pgup, pgdn); commands: pause, stop, ok, next, prev, repeat, skip, yes,
 * no, 0..10, history, none (unbind).  Errors go to diags as
 * "FILE:LINE: error: ..." (file and line name the settings entry).
 * Returns 0, or -1 when an entry was bad (the good ones still apply). */
int ui_keymap_parse(struct ui_keymap *km, const char *spec,
                    const char *file, int line, struct diag_list *diags);
/* The input bound to key, or UI_CMD_NONE. */
struct ui_input ui_keymap_lookup(const struct ui_keymap *km, SDL_Keycode k);

/* Maps one SDL event to an input.  Touch and mouse events need the hit
 * test of the current screen: pass a function that turns a window
 * position into an input (or NULL to ignore pointer events).  Mouse
 * events that SDL synthesises from touch are ignored (the touch itself is
 * used), so a tap counts once. */
typedef struct ui_input (*ui_hit_fn)(void *user, int x, int y);
struct ui_input ui_input_from_event(struct ui_keymap *km,
                                    const SDL_Event *ev,
                                    ui_hit_fn hit, void *user,
                                    int window_w, int window_h);

const char *ui_cmd_name(enum ui_cmd c);

#endif
