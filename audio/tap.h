/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reference tap: what the output renders, for the listener's echo
 * canceller (barge-in).  Inside audio/ only; the public side is
 * audio_reference*() in audio.h.
 *
 * Two sides, two threads, no locks between them:
 *   - tap_write() is called by the output's clock from audio_render():
 *     real-time safe (one memcpy into a lock-free SPSC ring of blocks, no
 *     lock, no allocation, no blocking; a full ring drops the block and
 *     counts it).  Each block carries the output time of its first frame
 *     (monotonic ns: the device's DAC time for PortAudio, the deadline for
 *     the paced outputs, the caller's time for the capture output).
 *   - tap_read() is called by one consumer thread (the listener's, through
 *     its reference callback): it drains the blocks, resamples them to
 *     16 kHz (speexdsp's resampler) into a 2 s history placed on the
 *     clock, and copies out the samples played over a window of time.
 * Blocks are written only while the tap is enabled (tap_enable, any
 * thread), so an unused tap costs one atomic load per render chunk.
 *
 * tap_open allocates everything (called at audio_open); tap_close frees
 * (NULL ok) once neither side runs.
 */
#ifndef UNKNOT_AUDIO_TAP_H
#define UNKNOT_AUDIO_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAP_RATE 16000
#define TAP_HISTORY (1u << 15)      /* 16 kHz samples kept: 2.05 s */

struct audio_tap;

struct audio_tap *tap_open(void);
void tap_close(struct audio_tap *t);

/* Any thread.  Enabling resets the consumer's history on its next read. */
void tap_enable(struct audio_tap *t, bool on);
bool tap_enabled(const struct audio_tap *t);

/* Render side: n frames at `rate` Hz, the first played at play_ns. */
void tap_write(struct audio_tap *t, const int16_t *s, size_t n, int rate,
               long long play_ns);

/* Render side: the device underran (its DAC stopped and started again),
 * so the stream may have moved by less than a jump the stamps show; the
 * next block written re-anchors on its stamp, and the consumer's next
 * read says TAP_MOVED (the echo canceller learns the path again rather
 * than cancel against a reference a few milliseconds off: that stopped a
 * session on the coach's own voice after an underrun). */
void tap_mark_gap(struct audio_tap *t);

/* Consumer side: fills n 16 kHz samples with what was played from at16
 * (monotonic time in 16 kHz samples: ms x 16) on; zeros where nothing was
 * (or is not yet) played.  Returns flags: TAP_MOVED when the stream was
 * placed afresh (anchored: a start, a restart, a gap) since the last
 * read, TAP_NOT_YET when the span reaches past what has been played. */
enum { TAP_MOVED = 1, TAP_NOT_YET = 2 };
int tap_read(struct audio_tap *t, int16_t *buf, size_t n, long long at16);

/* For measuring: blocks dropped because the consumer fell behind, and
 * how the consumer placed the stream (re-anchored on a gap or a jump of
 * the clock; slewed by one sample to follow the clock). */
struct tap_stats {
    uint64_t blocks, dropped, anchors, slews;
};
void tap_get_stats(const struct audio_tap *t, struct tap_stats *st);

#endif
