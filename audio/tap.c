/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reference tap; see tap.h.
 *
 * Placing the stream on the clock.  Consecutive blocks of a running
 * output are contiguous in samples, but their stamps jitter (a PortAudio
 * DAC time moves by a few ms from one callback to the next on ALSA) and
 * drift (the sound card's crystal against the system clock, tens of ppm).
 * So the consumer writes the resampled stream contiguously and follows
 * the stamps only slowly: more than 1 ms off, it slips or repeats one
 * sample per block (inaudible to the echo canceller, which re-adapts to
 * a shift of one sample at once); more than 20 ms off (the output
 * stopped when idle and started again, a dropped block, another output
 * after a lost device) it starts afresh at the stamp, zeros between. */
#include "audio/tap.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <speex/speex_resampler.h>

#include "audio/ring.h"
#include "util/util.h"

#define BLOCK_FRAMES 512        /* audio.c renders in chunks of at most this */
#define RING_BLOCKS 256         /* 3 s of 256-frame buffers at 22050 Hz */
/* The stream is placed by its sample count; the stamps only correct it.
 * A stamp more than JUMP_SAMPLES off re-anchors (a restart, a gap); one
 * more than SLEW_SAMPLES off is followed one sample per block (the
 * device's clock drifting from the system's).  Anything smaller is the
 * stamps' own noise and is left alone: the echo canceller models a fixed
 * delay, and following a millisecond of noise in the DAC times moved the
 * reference against the microphone by up to 48 samples, which it had to
 * learn again at every word (docs/voice.md, "Barge-in"). */
#define JUMP_SAMPLES (40 * TAP_RATE / 1000)
#define SLEW_SAMPLES (10 * TAP_RATE / 1000)
#define RESAMPLE_QUALITY 4      /* speexdsp 0..10; 4 is its VoIP default */

struct block {
    long long play_ns;
    int rate;
    bool gap;                       /* the device underran before it */
    uint32_t n;
    int16_t s[BLOCK_FRAMES];
};

struct audio_tap {
    struct ring *blocks;
    _Atomic bool on;
    _Atomic uint32_t epoch;         /* bumped by each enable */
    _Atomic uint64_t st_blocks, st_dropped;

    /* Render side only. */
    bool w_gap;                     /* tap_mark_gap, not yet on a block */

    /* Consumer only. */
    uint32_t seen_epoch;
    SpeexResamplerState *rs;
    int rs_rate;
    bool placed;
    long long w;                    /* next 16 kHz sample index written */
    double expect;                  /* where the next block should start */
    int16_t hist[TAP_HISTORY];
    uint64_t st_anchors, st_slews;
    int16_t out[BLOCK_FRAMES * 2];  /* resampled block (rate >= 8 kHz) */
};

struct audio_tap *tap_open(void)
{
    struct audio_tap *t = xcalloc(1, sizeof *t);
    t->blocks = ring_create(RING_BLOCKS, sizeof(struct block));
    return t;
}

void tap_close(struct audio_tap *t)
{
    if (!t)
        return;
    ring_destroy(t->blocks);
    if (t->rs)
        speex_resampler_destroy(t->rs);
    free(t);
}

void tap_enable(struct audio_tap *t, bool on)
{
    if (on && !atomic_load(&t->on))
        atomic_fetch_add(&t->epoch, 1);
    atomic_store(&t->on, on);
}

bool tap_enabled(const struct audio_tap *t)
{
    return t && atomic_load(&((struct audio_tap *)t)->on);
}

/* ---- render side (real-time safe) ------------------------------------ */

void tap_write(struct audio_tap *t, const int16_t *s, size_t n, int rate,
               long long play_ns)
{
    if (!atomic_load_explicit(&t->on, memory_order_relaxed) || n == 0)
        return;
    while (n) {
        /* Written in place in the ring would save this copy, but 1 KB per
         * chunk is nothing next to the mixing. */
        struct block b;
        b.play_ns = play_ns;
        b.rate = rate;
        b.gap = t->w_gap;
        b.n = (uint32_t)(n < BLOCK_FRAMES ? n : BLOCK_FRAMES);
        memcpy(b.s, s, b.n * sizeof *s);
        if (ring_write(t->blocks, &b, 1) == 1) {
            atomic_fetch_add_explicit(&t->st_blocks, 1, memory_order_relaxed);
            t->w_gap = false;
        } else
            atomic_fetch_add_explicit(&t->st_dropped, 1, memory_order_relaxed);
        play_ns += (long long)((double)b.n * 1e9 / rate);
        s += b.n;
        n -= b.n;
    }
}

void tap_mark_gap(struct audio_tap *t)
{
    if (t)
        t->w_gap = true;
}

/* ---- consumer side --------------------------------------------------- */

static void hist_put(struct audio_tap *t, const int16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        t->hist[(uint64_t)(t->w + (long long)i) & (TAP_HISTORY - 1)] = s[i];
    t->w += (long long)n;
}

static void hist_zero_to(struct audio_tap *t, long long to)
{
    long long from = t->w;
    if (to - from > TAP_HISTORY)
        from = to - TAP_HISTORY;
    for (long long k = from; k < to; k++)
        t->hist[(uint64_t)k & (TAP_HISTORY - 1)] = 0;
}

static bool setup_resampler(struct audio_tap *t, int rate)
{
    if (t->rs && t->rs_rate == rate) {
        speex_resampler_reset_mem(t->rs);
    } else {
        if (t->rs)
            speex_resampler_destroy(t->rs);
        int err = 0;
        t->rs = speex_resampler_init(1, (spx_uint32_t)rate, TAP_RATE,
                                     RESAMPLE_QUALITY, &err);
        t->rs_rate = t->rs ? rate : 0;
        if (!t->rs)
            return false;
    }
    /* No leading zeros: the first sample out is the first sample in, so
     * the resampler adds no delay to the placement. */
    speex_resampler_skip_zeros(t->rs);
    return true;
}

static void take_block(struct audio_tap *t, const struct block *b)
{
    double at = (double)b->play_ns * (TAP_RATE / 1e9);
    double err = at - t->expect;
    if (!t->placed || b->rate != t->rs_rate || b->gap ||
        fabs(err) > JUMP_SAMPLES) {
        if (!setup_resampler(t, b->rate))
            return;
        long long to = llround(at);
        if (t->placed && to > t->w)
            hist_zero_to(t, to);
        else if (!t->placed)
            memset(t->hist, 0, sizeof t->hist);
        t->w = to;
        t->expect = at;
        t->placed = true;
        t->st_anchors++;
    } else if (err > SLEW_SAMPLES) {
        /* Behind the clock: repeat one sample. */
        int16_t last = t->hist[(uint64_t)(t->w - 1) & (TAP_HISTORY - 1)];
        hist_put(t, &last, 1);
        t->expect += 1;
        t->st_slews++;
    } else if (err < -SLEW_SAMPLES) {
        t->w--;             /* ahead: the next sample overwrites one */
        t->expect -= 1;
        t->st_slews++;
    }
    spx_uint32_t in_len = b->n, out_len = ARRAY_LEN(t->out);
    speex_resampler_process_int(t->rs, 0, b->s, &in_len, t->out, &out_len);
    hist_put(t, t->out, out_len);
    t->expect += (double)b->n * TAP_RATE / b->rate;
}

int tap_read(struct audio_tap *t, int16_t *buf, size_t n, long long at16)
{
    uint64_t anchors = t->st_anchors;
    uint32_t epoch = atomic_load(&t->epoch);
    if (epoch != t->seen_epoch) {
        t->seen_epoch = epoch;
        t->placed = false;
    }
    struct block b;
    while (ring_read(t->blocks, &b, 1) == 1)
        take_block(t, &b);
    long long k0 = at16;
    for (size_t i = 0; i < n; i++) {
        long long k = k0 + (long long)i;
        bool have = t->placed && k < t->w && k >= t->w - TAP_HISTORY;
        buf[i] = have ? t->hist[(uint64_t)k & (TAP_HISTORY - 1)] : 0;
    }
    return (t->st_anchors != anchors ? TAP_MOVED : 0) |
           (t->placed && k0 + (long long)n > t->w ? TAP_NOT_YET : 0);
}

void tap_get_stats(const struct audio_tap *ct, struct tap_stats *st)
{
    struct audio_tap *t = (struct audio_tap *)ct;
    st->blocks = atomic_load(&t->st_blocks);
    st->dropped = atomic_load(&t->st_dropped);
    st->anchors = t->st_anchors;
    st->slews = t->st_slews;
}
