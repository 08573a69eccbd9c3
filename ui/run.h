/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Running a session in the SDL window: the session driver (session/session.h)
 * owns the engine, the audio and the history; this is its screen front
 * end.  Input comes from keys, pedals, clickers, touch, mouse and
 * gamepads (ui/input.h); the window redraws only when something visible
 * changes and otherwise sleeps in SDL_WaitEventTimeout, woken by input, a
 * session timer, the countdown's next second, or the audio's events (a
 * small thread watches the audio's event fd and posts an SDL event).
 *
 * One thread (the caller's) runs SDL and the session; the watcher thread
 * only polls the fd.
 */
#ifndef UNKNOT_UI_RUN_H
#define UNKNOT_UI_RUN_H

#include "session/session.h"
#include "config/settings.h"
#include "ui/input.h"
#include "ui/ui.h"

/* Runs the session described by o in ui (audio is opened here from st,
 * as the terminal front end does; o->audio is replaced).  Returns the exit
 * status of app/commands.h. */
int ui_run_session(struct ui *ui, struct session_options *o,
                   const struct settings *st, struct ui_keymap *km);

/* Opens the window from the settings (fullscreen, text scale, key map),
 * runs the session, closes the window.  Returns the exit status, or -1
 * when no window could be opened (nothing was run: fall back to the
 * terminal). */
int ui_run_session_window(struct session_options *o,
                          const struct settings *st);

/* The window options and key map the settings ask for.  Key map errors
 * are printed as "FILE:LINE: error: ..." and the good bindings kept;
 * ui_keymap_from_settings returns 0, or -1 when an entry was bad (so
 * `unknot config` reports a typo before the window opens). */
void ui_options_from_settings(const struct settings *st,
                              struct ui_options *o);
int ui_keymap_from_settings(const struct settings *st,
                            struct ui_keymap *km);

#endif
