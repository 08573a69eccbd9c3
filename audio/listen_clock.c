/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The microphone's stream clock; see listen_clock.h. */
#include "audio/listen_clock.h"

#include <limits.h>
#include <stdlib.h>

void listen_clock_reset(struct listen_clock *c)
{
    unsigned long moves = c->moves;
    *c = (struct listen_clock){ .moves = moves };
}

static void move_by(struct listen_clock *c, long long d)
{
    c->pos += d;
    if (c->cur_min != LLONG_MAX)
        c->cur_min -= d;
    if (c->prev_min != LLONG_MAX)
        c->prev_min -= d;
    c->moves += (unsigned long)llabs(d);
}

long long listen_clock_feed(struct listen_clock *c, long long t0_ms,
                            size_t n, int rate)
{
    long long per_ms = rate / 1000;
    long long stamp = t0_ms * per_ms;
    if (!c->set) {
        c->set = true;
        c->pos = stamp;
        c->cur_min = c->prev_min = LLONG_MAX;
        c->window = 0;
        c->slew = 0;
    }
    long long d = stamp - c->pos;
    if (llabs(d) > LISTEN_CLOCK_JUMP_MS * per_ms) {
        move_by(c, d);              /* a gap, or a clock jump: at once */
        c->cur_min = c->prev_min = LLONG_MAX;
        c->window = 0;
        c->slew = 0;
        d = 0;
    }
    if (d < c->cur_min)
        c->cur_min = d;
    c->window += (long long)n;
    if (c->window >= rate) {    /* one window of about a second done */
        long long best = c->cur_min < c->prev_min ? c->cur_min : c->prev_min;
        c->prev_min = c->cur_min;
        c->cur_min = LLONG_MAX;
        c->window = 0;
        c->slew = llabs(best) > LISTEN_CLOCK_SLACK_MS * per_ms ? best : 0;
    }
    if (c->slew) {              /* one sample per chunk: never a jump */
        long long step = c->slew > 0 ? 1 : -1;
        move_by(c, step);
        c->slew -= step;
    }
    long long at = c->pos;
    c->pos += (long long)n;
    return at;
}
