/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The redraw policy shared by every SDL loop (home, session, bench): draw
 * only when something visible changes, and sleep in SDL_WaitEventTimeout
 * until the next input or the next change (the countdown's next second,
 * an engine deadline).  A fixed 60 fps loop costs a Pi about 25 times the
 * CPU (bench/bench_ui.c measures it).
 *
 * Same threading as ui.h: the thread that created the ui.
 */
#ifndef UNKNOT_UI_LOOP_H
#define UNKNOT_UI_LOOP_H

#include <stdbool.h>

#include <SDL.h>

#include "ui/ui.h"

/* When a countdown ending at end_ms next shows a different number, as
 * seen at now_ms; -1 when it has ended (nothing will change). */
long long ui_countdown_next_change(long long end_ms, long long now_ms);

/* Waits for one SDL event until deadline_ms on the clock of util_now_ms()
 * (-1: no deadline).  Returns true with *ev filled when an event came. */
bool ui_wait_event(long long deadline_ms, SDL_Event *ev);

/* A step screen holding a countdown of `seconds`, for the benchmark:
 * fps 0 redraws only when the number changes; fps > 0 redraws that many
 * times a second.  Returns the frames drawn; Escape or closing the
 * window ends it early. */
unsigned long ui_hold_run(struct ui *ui, int seconds, int fps);

#endif
