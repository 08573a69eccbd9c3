/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The redraw policy and the benchmark's hold loop; see loop.h. */
#include "ui/loop.h"

#include "ui/demo.h"
#include "util/util.h"

long long ui_countdown_next_change(long long end_ms, long long now_ms)
{
    long long left = end_ms - now_ms;
    if (left <= 0)
        return -1;
    int secs = ui_countdown_seconds(left);
    /* The number shown drops from secs to secs - 1 when exactly
     * (secs - 1) seconds are left. */
    return end_ms - (long long)(secs - 1) * 1000;
}

bool ui_wait_event(long long deadline_ms, SDL_Event *ev)
{
    if (deadline_ms < 0)
        return SDL_WaitEvent(ev) == 1;
    long long wait = deadline_ms - util_now_ms();
    if (wait <= 0)
        return SDL_PollEvent(ev) == 1;
    if (wait > 60000)
        wait = 60000;
    return SDL_WaitEventTimeout(ev, (int)wait) == 1;
}

unsigned long ui_hold_run(struct ui *ui, int seconds, int fps)
{
    struct ui_screen scr;
    for (size_t i = 0; i < ui_demo_count(); i++)
        if (!SDL_strcmp(ui_demo_name(i), "step-hold"))
            ui_demo_screen(i, &scr);
    long long start = util_now_ms();
    long long end = start + (long long)seconds * 1000;
    scr.u.step.phase_ms = (long long)seconds * 1000;
    unsigned long before = ui_frame_count(ui);
    int shown = -1;
    long long next_frame = start, frame = 0;
    for (;;) {
        long long now = util_now_ms();
        if (now >= end)
            break;
        scr.u.step.countdown_ms = end - now;
        int secs = ui_countdown_seconds(end - now);
        if (fps > 0 ? now >= next_frame : secs != shown) {
            ui_draw(ui, &scr);
            shown = secs;
            if (fps > 0) {
                /* Frame k is due at start + k * 1000 / fps, rounded
                 * up: 60 fps is 60 frames a second, not the 62.5 of a
                 * fixed 1000 / 60 = 16 ms step.  A frame drawn a little
                 * late keeps the timeline (the next one comes sooner);
                 * only more than 5 frames behind are frames dropped. */
                frame++;
                if ((now - start) * fps / 1000 > frame + 5)
                    frame = (now - start) * fps / 1000 + 1;
                next_frame = start + (frame * 1000 + fps - 1) / fps;
            }
        }
        long long deadline = fps > 0 ? next_frame
                             : ui_countdown_next_change(end, now);
        if (deadline < 0 || deadline > end)
            deadline = end;
        SDL_Event ev;
        while (ui_wait_event(deadline, &ev)) {
            if (ev.type == SDL_QUIT ||
                (ev.type == SDL_KEYDOWN &&
                 ev.key.keysym.sym == SDLK_ESCAPE))
                return ui_frame_count(ui) - before;
            if (ev.type == SDL_WINDOWEVENT &&
                ev.window.event == SDL_WINDOWEVENT_EXPOSED)
                shown = -1;     /* the window needs its pixels again */
            deadline = 0;       /* drain what is queued, then redraw */
        }
    }
    return ui_frame_count(ui) - before;
}
