/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Input mapping; see input.h. */
#include "ui/input.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* "1" followed by "0" within this time is 10. */
#define UI_TEN_WINDOW_MS 1500

static void bind(struct ui_keymap *km, SDL_Keycode key, enum ui_cmd cmd,
                 int value)
{
    for (size_t i = 0; i < km->count; i++) {
        if (km->b[i].key == key) {
            km->b[i].input.cmd = cmd;
            km->b[i].input.value = value;
            return;
        }
    }
    if (km->count < UI_KEYMAP_MAX) {
        km->b[km->count].key = key;
        km->b[km->count].input.cmd = cmd;
        km->b[km->count].input.value = value;
        km->count++;
    }
}

void ui_keymap_defaults(struct ui_keymap *km)
{
    memset(km, 0, sizeof *km);
    bind(km, SDLK_SPACE, UI_CMD_PAUSE, 0);
    bind(km, SDLK_PAUSE, UI_CMD_PAUSE, 0);
    bind(km, SDLK_ESCAPE, UI_CMD_STOP, 0);
    bind(km, SDLK_RETURN, UI_CMD_OK, 0);
    bind(km, SDLK_KP_ENTER, UI_CMD_OK, 0);
    bind(km, SDLK_RIGHT, UI_CMD_NEXT, 0);
    bind(km, SDLK_DOWN, UI_CMD_NEXT, 0);
    bind(km, SDLK_TAB, UI_CMD_NEXT, 0);
    bind(km, SDLK_LEFT, UI_CMD_PREV, 0);
    bind(km, SDLK_UP, UI_CMD_PREV, 0);
    bind(km, SDLK_y, UI_CMD_WORD, 1);
    bind(km, SDLK_n, UI_CMD_WORD, 0);
    bind(km, SDLK_r, UI_CMD_REPEAT, 0);
    bind(km, SDLK_s, UI_CMD_SKIP, 0);
    bind(km, SDLK_h, UI_CMD_HISTORY, 0);
    for (int d = 0; d <= 9; d++) {
        bind(km, SDLK_0 + d, UI_CMD_ANSWER, d);
        bind(km, d == 0 ? SDLK_KP_0 : SDLK_KP_1 + d - 1, UI_CMD_ANSWER, d);
    }
}

static const struct {
    const char *alias;
    SDL_Keycode key;
} key_aliases[] = {
    { "space", SDLK_SPACE }, { "enter", SDLK_RETURN },
    { "return", SDLK_RETURN }, { "esc", SDLK_ESCAPE },
    { "escape", SDLK_ESCAPE }, { "pgup", SDLK_PAGEUP },
    { "pgdn", SDLK_PAGEDOWN }, { "pageup", SDLK_PAGEUP },
    { "pagedown", SDLK_PAGEDOWN }, { "page_up", SDLK_PAGEUP },
    { "page_down", SDLK_PAGEDOWN }, { "period", SDLK_PERIOD },
    { "comma", SDLK_COMMA }, { "equals", SDLK_EQUALS },
    { "minus", SDLK_MINUS },
};

static SDL_Keycode key_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(key_aliases); i++)
        if (!SDL_strcasecmp(name, key_aliases[i].alias))
            return key_aliases[i].key;
    return SDL_GetKeyFromName(name);
}

static bool command_from_name(const char *name, struct ui_input *out)
{
    static const struct {
        const char *name;
        enum ui_cmd cmd;
        int value;
    } names[] = {
        { "pause", UI_CMD_PAUSE, 0 }, { "resume", UI_CMD_PAUSE, 0 },
        { "stop", UI_CMD_STOP, 0 }, { "ok", UI_CMD_OK, 0 },
        { "select", UI_CMD_OK, 0 }, { "enter", UI_CMD_OK, 0 },
        { "next", UI_CMD_NEXT, 0 }, { "prev", UI_CMD_PREV, 0 },
        { "previous", UI_CMD_PREV, 0 }, { "repeat", UI_CMD_REPEAT, 0 },
        { "skip", UI_CMD_SKIP, 0 }, { "yes", UI_CMD_WORD, 1 },
        { "no", UI_CMD_WORD, 0 }, { "none", UI_CMD_NONE, 0 },
        { "history", UI_CMD_HISTORY, 0 },
    };
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        if (!SDL_strcasecmp(name, names[i].name)) {
            out->cmd = names[i].cmd;
            out->value = names[i].value;
            return true;
        }
    }
    long v;
    if (str_to_int(name, &v) && v >= 0 && v <= 10) {
        out->cmd = UI_CMD_ANSWER;
        out->value = (int)v;
        return true;
    }
    return false;
}

int ui_keymap_parse(struct ui_keymap *km, const char *spec,
                    const char *file, int line, struct diag_list *diags)
{
    if (!spec)
        return 0;
    char *copy = xstrdup(spec);
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *entry = str_trim(tok);
        if (!*entry)
            continue;
        char *eq = strchr(entry, '=');
        if (!eq) {
            diag_add(diags, DIAG_ERROR, file, line,
                     "keymap entry '%s' has no '=': write KEY=COMMAND, "
                     "e.g. pagedown=next", entry);
            rc = -1;
            continue;
        }
        *eq = '\0';
        char *kname = str_trim(entry), *cname = str_trim(eq + 1);
        SDL_Keycode key = key_from_name(kname);
        if (key == SDLK_UNKNOWN) {
            diag_add(diags, DIAG_ERROR, file, line,
                     "keymap: unknown key '%s': use an SDL key name such "
                     "as PageDown, F5 or B", kname);
            rc = -1;
            continue;
        }
        struct ui_input in;
        if (!command_from_name(cname, &in)) {
            diag_add(diags, DIAG_ERROR, file, line,
                     "keymap: unknown command '%s' for key '%s': use pause, "
                     "stop, ok, next, prev, repeat, skip, yes, no, 0-10, "
                     "history or none", cname, kname);
            rc = -1;
            continue;
        }
        bind(km, key, in.cmd, in.value);
    }
    free(copy);
    return rc;
}

struct ui_input ui_keymap_lookup(const struct ui_keymap *km, SDL_Keycode k)
{
    struct ui_input none = { UI_CMD_NONE, 0 };
    for (size_t i = 0; i < km->count; i++)
        if (km->b[i].key == k)
            return km->b[i].input;
    return none;
}

static struct ui_input from_key(struct ui_keymap *km,
                                const SDL_KeyboardEvent *k)
{
    struct ui_input in = ui_keymap_lookup(km, k->keysym.sym);
    bool is_digit_key = in.cmd == UI_CMD_ANSWER &&
        ((k->keysym.sym >= SDLK_0 && k->keysym.sym <= SDLK_9) ||
         (k->keysym.sym >= SDLK_KP_1 && k->keysym.sym <= SDLK_KP_0));
    if (is_digit_key && in.value == 0 && km->pending_one &&
        k->timestamp - km->last_one_ms <= UI_TEN_WINDOW_MS) {
        in.value = 10;
        km->pending_one = false;
        return in;
    }
    km->pending_one = is_digit_key && in.value == 1;
    km->last_one_ms = k->timestamp;
    return in;
}

static struct ui_input from_button(SDL_GameControllerButton b)
{
    struct ui_input in = { UI_CMD_NONE, 0 };
    switch (b) {
    case SDL_CONTROLLER_BUTTON_A: in.cmd = UI_CMD_OK; break;
    case SDL_CONTROLLER_BUTTON_B: in.cmd = UI_CMD_STOP; break;
    case SDL_CONTROLLER_BUTTON_BACK: in.cmd = UI_CMD_STOP; break;
    case SDL_CONTROLLER_BUTTON_START: in.cmd = UI_CMD_PAUSE; break;
    case SDL_CONTROLLER_BUTTON_X: in.cmd = UI_CMD_REPEAT; break;
    case SDL_CONTROLLER_BUTTON_Y: in.cmd = UI_CMD_SKIP; break;
    case SDL_CONTROLLER_BUTTON_DPAD_UP:
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT:
    case SDL_CONTROLLER_BUTTON_LEFTSHOULDER: in.cmd = UI_CMD_PREV; break;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN:
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT:
    case SDL_CONTROLLER_BUTTON_RIGHTSHOULDER: in.cmd = UI_CMD_NEXT; break;
    default: break;
    }
    return in;
}

struct ui_input ui_input_from_event(struct ui_keymap *km,
                                    const SDL_Event *ev,
                                    ui_hit_fn hit, void *user,
                                    int window_w, int window_h)
{
    struct ui_input none = { UI_CMD_NONE, 0 };
    switch (ev->type) {
    case SDL_QUIT:
        none.cmd = UI_CMD_QUIT;
        return none;
    case SDL_KEYDOWN:
        /* Held keys repeat; a pedal held down must not stop twice or
         * skip a whole routine. */
        if (ev->key.repeat)
            return none;
        return from_key(km, &ev->key);
    case SDL_CONTROLLERBUTTONDOWN:
        return from_button((SDL_GameControllerButton)ev->cbutton.button);
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || !hit ||
            ev->button.button != SDL_BUTTON_LEFT)
            return none;
        return hit(user, ev->button.x, ev->button.y);
    case SDL_FINGERUP:
        if (!hit)
            return none;
        return hit(user, (int)(ev->tfinger.x * (float)window_w),
                   (int)(ev->tfinger.y * (float)window_h));
    default:
        return none;
    }
}

const char *ui_cmd_name(enum ui_cmd c)
{
    switch (c) {
    case UI_CMD_NONE: return "none";
    case UI_CMD_PAUSE: return "pause";
    case UI_CMD_STOP: return "stop";
    case UI_CMD_OK: return "ok";
    case UI_CMD_NEXT: return "next";
    case UI_CMD_PREV: return "prev";
    case UI_CMD_ANSWER: return "answer";
    case UI_CMD_SELECT: return "select";
    case UI_CMD_REPEAT: return "repeat";
    case UI_CMD_SKIP: return "skip";
    case UI_CMD_QUIT: return "quit";
    case UI_CMD_HISTORY: return "history";
    case UI_CMD_WORD:    return "word";
    }
    return "?";
}
