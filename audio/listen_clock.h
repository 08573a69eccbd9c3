/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The microphone's stream clock: a time stamp for every sample that moves
 * on by the sample count, not by when the samples happened to be read.
 *
 * An input backend can only say roughly when a chunk was captured: a
 * callback runs late, a read happens whenever the main loop polls, so a
 * stamp taken per chunk jitters by a block or more (32 ms with
 * PortAudio).  That was harmless for answers, but the echo canceller
 * takes the coach's output at each frame's time as its reference: a
 * stamp that jitters makes the reference jump back and forth against
 * the microphone, the canceller cannot converge, and the coach's own
 * voice, not cancelled, was taken for someone speaking over it.
 *
 * So the stamps follow the samples.  A backend's stamp can only be late
 * (the samples were there before anyone looked), so the earliest stamp
 * seen over the last one to two seconds is the best estimate of where
 * the stream really is; when that estimate drifts more than
 * LISTEN_CLOCK_SLACK_MS from the count (a device clock running apart
 * from the system's, or samples lost when the reader stalled), the clock
 * slews towards it by one sample per chunk read: the canceller follows a
 * sample's shift at once, where a step of a millisecond (16 samples)
 * made it lose the echo path for a word.  A jump of more than
 * LISTEN_CLOCK_JUMP_MS (a gap in the stream) moves it at once.
 *
 * Stamps in are monotonic milliseconds; positions out are samples at the
 * stream's rate on the same clock (ms x rate / 1000).
 *
 * Plain data, no allocation; one per listener, used by its thread.
 */
#ifndef UNKNOT_AUDIO_LISTEN_CLOCK_H
#define UNKNOT_AUDIO_LISTEN_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

#define LISTEN_CLOCK_SLACK_MS 10
#define LISTEN_CLOCK_JUMP_MS 200

struct listen_clock {
    bool set;
    long long pos;          /* stream time of the next sample, samples */
    long long cur_min, prev_min;    /* earliest (stamp - pos) per window */
    long long window;       /* samples counted in the current window */
    long long slew;         /* samples still to move, one per chunk */
    unsigned long moves;    /* for measuring: samples the clock moved */
};

void listen_clock_reset(struct listen_clock *c);
/* A chunk of n samples arrived; the backend stamped its first sample at
 * t0_ms.  Returns the stream position of that first sample in samples
 * at `rate` on the monotonic clock (divide by rate / 1000 for ms); the
 * clock then stands after the chunk. */
long long listen_clock_feed(struct listen_clock *c, long long t0_ms,
                            size_t n, int rate);

#endif
