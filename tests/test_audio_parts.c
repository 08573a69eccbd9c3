/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pieces of the audio path that need no eSpeak NG or device: the
 * lock-free ring (wrap-around, underflow, overflow, two real threads), the
 * mixer's limiter (no clipping, no wrap), the cue generator, the output
 * reference tap and the microphone's stream clock. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "audio/cue.h"
#include "audio/listen_clock.h"
#include "audio/mix.h"
#include "audio/ring.h"
#include "audio/tap.h"
#include "tests/check.h"

static void test_ring_rounds_up_to_power_of_two(void)
{
    struct ring *r = ring_create(5, sizeof(int16_t));
    CHECK_INT(r->cap, ==, 8);
    CHECK_INT(ring_space(r), ==, 8);
    CHECK_INT(ring_available(r), ==, 0);
    ring_destroy(r);
    ring_destroy(NULL);
}

static void test_ring_wraps_around_in_order(void)
{
    struct ring *r = ring_create(8, sizeof(int16_t));
    int16_t in[8], out[8];
    int16_t next_in = 0, next_out = 0;
    /* Uneven writes and reads walk the indices across the end of the
     * storage many times; every item must come out once, in order. */
    for (int round = 0; round < 50; round++) {
        size_t w = (size_t)(round % 7) + 1;
        for (size_t i = 0; i < w; i++)
            in[i] = (int16_t)(next_in + (int16_t)i);
        size_t wrote = ring_write(r, in, w);
        next_in = (int16_t)(next_in + (int16_t)wrote);
        size_t got = ring_read(r, out, (size_t)(round % 5) + 1);
        for (size_t i = 0; i < got; i++)
            CHECK_INT(out[i], ==, next_out++);
    }
    size_t got;
    while ((got = ring_read(r, out, 8)) > 0)
        for (size_t i = 0; i < got; i++)
            CHECK_INT(out[i], ==, next_out++);
    CHECK_INT(next_out, ==, next_in);
    CHECK(ring_write_pos(r) > r->cap * 10);   /* really wrapped */
    CHECK_INT(ring_read_pos(r), ==, ring_write_pos(r));
    ring_destroy(r);
}

static void test_ring_underflow_and_overflow(void)
{
    struct ring *r = ring_create(4, sizeof(int32_t));
    int32_t v[6] = { 1, 2, 3, 4, 5, 6 }, out[6] = { 0 };
    CHECK_INT(ring_read(r, out, 1), ==, 0);          /* empty: nothing */
    CHECK_INT(ring_write(r, v, 6), ==, 4);           /* full: partial */
    CHECK_INT(ring_write(r, v + 4, 2), ==, 0);
    CHECK_INT(ring_space(r), ==, 0);
    CHECK_INT(ring_peek(r, out, 2), ==, 2);
    CHECK_INT(ring_available(r), ==, 4);             /* peek keeps them */
    CHECK_INT(ring_skip(r, 10), ==, 4);              /* skip is bounded */
    CHECK_INT(ring_read(r, out, 6), ==, 0);
    CHECK_INT(ring_write(r, v + 4, 2), ==, 2);
    CHECK_INT(ring_read(r, out, 6), ==, 2);
    CHECK_INT(out[0], ==, 5);
    CHECK_INT(out[1], ==, 6);
    ring_destroy(r);
}

#define STRESS_ITEMS 500000u

static void *stress_writer(void *arg)
{
    struct ring *r = arg;
    uint32_t next = 0, buf[37];
    while (next < STRESS_ITEMS) {
        size_t n = 0;
        while (n < 37 && next + n < STRESS_ITEMS) {
            buf[n] = next + (uint32_t)n;
            n++;
        }
        next += (uint32_t)ring_write(r, buf, n);
    }
    return NULL;
}

static void test_ring_two_threads(void)
{
    /* A real writer thread against this reader: any reordering of the
     * copies against the index updates shows up as a wrong value. */
    struct ring *r = ring_create(64, sizeof(uint32_t));
    pthread_t t;
    CHECK(pthread_create(&t, NULL, stress_writer, r) == 0);
    uint32_t expect = 0, buf[29];
    size_t bad = 0;
    while (expect < STRESS_ITEMS) {
        size_t got = ring_read(r, buf, 29);
        for (size_t i = 0; i < got; i++)
            if (buf[i] != expect++)
                bad++;
    }
    pthread_join(t, NULL);
    CHECK_INT(bad, ==, 0);
    CHECK_INT(ring_available(r), ==, 0);
    ring_destroy(r);
}

static void test_mix_limit_passes_below_knee(void)
{
    for (int32_t x = -MIX_KNEE; x <= MIX_KNEE; x += 97)
        CHECK_INT(mix_limit(x), ==, x);
    CHECK_INT(mix_limit(MIX_KNEE), ==, MIX_KNEE);
    CHECK_INT(mix_limit(-MIX_KNEE), ==, -MIX_KNEE);
}

static void test_mix_limit_never_clips_or_wraps(void)
{
    /* Monotonic over the whole range two sources can reach, symmetric,
     * and inside 16 bits: no flat top, no sign flip. */
    int32_t prev = mix_limit(-MIX_MAX_IN);
    int flat = 0;
    for (int32_t x = -MIX_MAX_IN + 1; x <= MIX_MAX_IN; x++) {
        int32_t y = mix_limit(x);
        if (y < prev)
            CHECK_INT(y, >=, prev);
        if (x > -MIX_MAX_IN + 8 && x < MIX_MAX_IN - 8 && y == 32767)
            flat++;
        CHECK(y >= -32767 && y <= 32767);
        CHECK_INT(mix_limit(-x), ==, -y);
        prev = y;
    }
    CHECK_INT(flat, ==, 0);
    CHECK_INT(mix_limit(MIX_MAX_IN), ==, 32767);
    CHECK_INT(mix_limit(MIX_MAX_IN * 4), ==, 32767);   /* clamped beyond */
    /* The two loudest possible sources. */
    int16_t a[4] = { 32767, -32768, 30000, 100 };
    int16_t b[4] = { 32767, -32768, 30000, -100 };
    int32_t acc[4] = { 0 };
    int16_t out[4];
    mix_add(acc, a, 4);
    mix_add(acc, b, 4);
    mix_finish(out, acc, 4, 100);
    CHECK(out[0] > 30000);
    CHECK(out[1] < -30000);
    CHECK(out[2] > MIX_KNEE && out[2] < out[0]);
    CHECK_INT(out[3], ==, 0);
}

static void test_mix_volume_scales(void)
{
    int16_t s[3] = { 20000, -1000, 7 };
    int32_t acc[3] = { 0 };
    int16_t out[3];
    mix_add(acc, s, 3);
    mix_finish(out, acc, 3, 50);
    CHECK_INT(out[0], ==, 10000);
    CHECK_INT(out[1], ==, -500);
    mix_finish(out, acc, 3, 0);
    CHECK(!mix_has_sound(out, 3));
    mix_finish(out, acc, 3, 100);
    CHECK_INT(out[2], ==, 7);
    CHECK(mix_has_sound(out, 3));
}

static size_t zero_crossings(const int16_t *s, size_t n)
{
    size_t z = 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i - 1] < 0) != (s[i] < 0))
            z++;
    return z;
}

static void test_cues_are_soft_and_distinct(void)
{
    const int rate = 22050;
    int16_t *buf[3];
    size_t len[3];
    for (int c = 0; c < 3; c++) {
        len[c] = cue_length((enum audio_cue)c, rate);
        buf[c] = malloc(len[c] * sizeof(int16_t));
        cue_render((enum audio_cue)c, rate, buf[c]);
        int peak = 0;
        for (size_t i = 0; i < len[c]; i++)
            if (abs(buf[c][i]) > peak)
                peak = abs(buf[c][i]);
        CHECK_INT(peak, <=, CUE_PEAK);
        CHECK_INT(peak, >, CUE_PEAK / 3);
        /* Starts and ends at silence: no click. */
        CHECK_INT(buf[c][0], ==, 0);
        CHECK_INT(buf[c][len[c] - 1], ==, 0);
        /* The first millisecond rises gently (5 ms attack). */
        for (size_t i = 0; i < (size_t)rate / 1000; i++)
            CHECK_INT(abs(buf[c][i]), <, CUE_PEAK / 4);
    }
    CHECK(len[AUDIO_CUE_TICK] < (size_t)rate / 20);          /* < 50 ms */
    CHECK(len[AUDIO_CUE_HOLD_START] > (size_t)rate / 4);
    CHECK(len[AUDIO_CUE_HOLD_END] > len[AUDIO_CUE_HOLD_START]);
    /* Pitch: the start chime opens on E5 (659 Hz), the end chime on A5
     * (880 Hz): over the first 100 ms, about 2 crossings per cycle. */
    size_t tenth = (size_t)rate / 10;
    size_t zs = zero_crossings(buf[AUDIO_CUE_HOLD_START], tenth);
    size_t ze = zero_crossings(buf[AUDIO_CUE_HOLD_END], tenth);
    CHECK(zs > 120 && zs < 145);
    CHECK(ze > 165 && ze < 190);
    /* And the end chime falls to D5 (587 Hz) late in its life. */
    size_t late = (size_t)(0.4 * rate);
    size_t zl = zero_crossings(buf[AUDIO_CUE_HOLD_END] + late, tenth);
    CHECK(zl > 105 && zl < 130);
    for (int c = 0; c < 3; c++)
        free(buf[c]);
}

/* The reference tap: blocks placed on the clock at their stamps, nothing
 * kept while disabled, a gap re-anchors, jitter is followed by slewing. */
static double tap_rms(struct audio_tap *t, long long t_ms, size_t n)
{
    int16_t buf[1600];
    tap_read(t, buf, n, t_ms * 16);
    double e = 0;
    for (size_t i = 0; i < n; i++)
        e += (double)buf[i] * buf[i];
    return sqrt(e / (double)n);
}

static void write_sine(struct audio_tap *t, long long from_ns, int blocks,
                       long long jitter_ns)
{
    int16_t b[256];
    for (int k = 0; k < blocks; k++) {
        for (int i = 0; i < 256; i++)
            b[i] = (int16_t)lrint(10000 * sin(2 * 3.14159265358979 * 1000 *
                                              (k * 256 + i) / 22050.0));
        long long at = from_ns + (long long)(k * 256 * 1e9 / 22050) +
                       (k % 2 ? jitter_ns : 0);
        tap_write(t, b, 256, 22050, at);
    }
}

static void test_tap_places_blocks_on_the_clock(void)
{
    struct audio_tap *t = tap_open();
    struct tap_stats st;
    write_sine(t, 1000000000LL, 10, 0);
    tap_get_stats(t, &st);
    CHECK_INT(st.blocks, ==, 0);        /* disabled: nothing copied */
    tap_enable(t, true);
    CHECK(tap_enabled(t));
    write_sine(t, 1000000000LL, 86, 0);  /* 1.0 s from t = 1000 ms */
    CHECK(tap_rms(t, 500, 1600) < 1);        /* before: silence */
    double r = tap_rms(t, 1300, 1600);
    CHECK(r > 6500 && r < 7600);            /* the sine, 10000 / sqrt 2 */
    CHECK(tap_rms(t, 2100, 1600) < 1);       /* not played yet */
    /* Where the sound starts: within a millisecond of the stamp. */
    int16_t edge[64];
    tap_read(t, edge, 64, 998 * 16);
    int first = -1;
    for (int i = 0; i < 64 && first < 0; i++)
        if (abs(edge[i]) > 500)
            first = i;
    CHECK(first >= 32 && first <= 32 + 16);
    /* A restart 3 s later: placed afresh, silence between, and said to
     * the reader (its echo canceller must learn the path again). */
    int16_t probe[16];
    CHECK(!tap_read(t, probe, 16, 1200 * 16));
    write_sine(t, 5000000000LL, 20, 0);
    tap_get_stats(t, &st);
    CHECK_INT(st.anchors, ==, 1);       /* counted when read */
    CHECK(tap_read(t, probe, 16, 5000 * 16) == TAP_MOVED);
    CHECK(tap_read(t, probe, 16, 5010 * 16) == 0);
    /* Past what has been played: said, so the reader can wait. */
    CHECK(tap_read(t, probe, 16, 5230 * 16) == TAP_NOT_YET);
    CHECK(tap_rms(t, 5050, 800) > 6500);
    tap_get_stats(t, &st);
    CHECK_INT(st.anchors, ==, 2);
    CHECK(tap_rms(t, 3000, 1600) < 1);
    /* DAC times 3 ms off every other block: the stamps' noise, left
     * alone (the stream stays sample-continuous for the canceller). */
    write_sine(t, 5000000000LL + (long long)(20 * 256 * 1e9 / 22050), 40,
               3000000LL);
    CHECK(tap_rms(t, 5400, 1600) > 6000);
    tap_get_stats(t, &st);
    CHECK_INT(st.anchors, ==, 2);
    CHECK_INT(st.slews, ==, 0);
    CHECK_INT(st.dropped, ==, 0);
    /* A device clock 2% slow: 15 ms behind after 0.75 s, followed one
     * sample per block, not re-anchored. */
    long long from = 5000000000LL + (long long)(60 * 256 * 1e9 / 22050);
    for (int k = 0; k < 64; k++) {
        int16_t b[256] = { 0 };
        b[0] = 1000;
        tap_write(t, b, 256, 22050,
                  from + (long long)(k * 256 * 1e9 / 22050 * 1.02));
    }
    tap_rms(t, 6000, 16);
    tap_get_stats(t, &st);
    CHECK_INT(st.anchors, ==, 2);
    CHECK(st.slews > 0);
    /* Nobody reading: the ring fills and blocks are dropped, counted. */
    write_sine(t, 9000000000LL, 400, 0);
    tap_get_stats(t, &st);
    CHECK(st.dropped > 0);
    tap_close(t);
}

/* An underrun the device reports: the stream resumes 20 ms later than
 * its sample count says, under the 40 ms a stamp must jump to re-anchor
 * by itself.  Marked, the next block is placed on its stamp and the reader
 * is told (TAP_MOVED); unmarked, the same 20 ms is only slewed, one
 * sample a block, leaving the reference off for seconds. */
static long long first_loud_ms(struct audio_tap *t, long long from_ms)
{
    int16_t b[16];
    for (long long k = 0; k < 16 * 200; k++) {
        tap_read(t, b, 16, from_ms * 16 + k * 16);
        for (int i = 0; i < 16; i++)
            if (abs(b[i]) > 500)
                return (from_ms * 16 + k * 16 + i) / 16;
    }
    return -1;
}

static void test_tap_underrun_replaces_the_stream(void)
{
    for (int marked = 0; marked < 2; marked++) {
        struct audio_tap *t = tap_open();
        tap_enable(t, true);
        int16_t probe[16];
        write_sine(t, 1000000000LL, 20, 0);     /* 232 ms from 1000 ms */
        CHECK(tap_read(t, probe, 16, 1000 * 16) == TAP_MOVED);
        CHECK(tap_read(t, probe, 16, 1100 * 16) == 0);
        /* Silence, then the sound again: its DAC time 20 ms past where
         * the samples so far would put it. */
        long long resume = 1000000000LL +
                           (long long)(20 * 256 * 1e9 / 22050);
        int16_t zero[256] = { 0 };
        tap_write(t, zero, 256, 22050, resume);
        if (marked)
            tap_mark_gap(t);
        resume += (long long)(256 * 1e9 / 22050) + 20000000LL;
        write_sine(t, resume, 10, 0);
        int r = tap_read(t, probe, 16, 1240 * 16);
        long long at = first_loud_ms(t, 1240);
        long long want = resume / 1000000;
        if (marked) {
            CHECK(r & TAP_MOVED);
            CHECK(at >= want - 1 && at <= want + 1);
        } else {
            CHECK(!(r & TAP_MOVED));
            CHECK(at < want - 15);              /* still 20 ms early */
        }
        tap_close(t);
    }
}

/* The microphone's stream clock (audio/listen_clock.h): stamps that are
 * late by up to a block (as a read on a busy main loop gives them) still
 * give sample-continuous positions; a device clock drifting away is
 * followed one sample per chunk, never by a step; a gap moves at once. */
static void test_listen_clock_follows_samples_not_reads(void)
{
    struct listen_clock c = { 0 };
    listen_clock_reset(&c);
    uint64_t x = 12345;
    long long expect = 1000 * 16, worst_step = 0, prev_at = -1;
    size_t prev_n = 0;
    for (int k = 0; k < 600; k++) {         /* 600 chunks of 512: 19 s */
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        /* 0-32 ms late; the first one 30 ms, so the clock must slew. */
        long long late = k == 0 ? 30 : (long long)(x % 33);
        long long true_ms = 1000 + (long long)k * 32;
        long long at = listen_clock_feed(&c, true_ms + late, 512, 16000);
        if (prev_at >= 0) {
            long long step = llabs(at - (prev_at + (long long)prev_n));
            if (step > worst_step)
                worst_step = step;
        }
        prev_at = at;
        prev_n = 512;
        expect = true_ms * 16;
        /* Never further off than the first late stamp put it; slewed
         * back within the slack by the end (19 s). */
        if (llabs(at - expect) > 31 * 16)
            worst_step = 1000;
        if (k == 599)
            CHECK(llabs(at - expect) <= (LISTEN_CLOCK_SLACK_MS + 1) * 16);
    }
    CHECK_INT(worst_step, <=, 1);     /* also 1000 when ever too far */
    /* The first stamp was late, so the clock slewed back: some moves. */
    CHECK(c.moves > 0);

    /* A device 0.1% slow against the system clock: followed. */
    struct listen_clock d = { 0 };
    long long at = 0;
    worst_step = 0;
    prev_at = -1;
    for (int k = 0; k < 1000; k++) {
        long long true_ms = 5000 + (long long)k * 32 + (long long)k * 32 / 1000;
        at = listen_clock_feed(&d, true_ms, 512, 16000);
        if (prev_at >= 0 && llabs(at - prev_at - 512) > worst_step)
            worst_step = llabs(at - prev_at - 512);
        prev_at = at;
        if (k == 999) {
            if (llabs(at - true_ms * 16) > (LISTEN_CLOCK_SLACK_MS + 4) * 16)
                fprintf(stderr, "drift: %lld samples off\n",
                        at - true_ms * 16);
            CHECK(llabs(at - true_ms * 16) <= (LISTEN_CLOCK_SLACK_MS + 4) * 16);
        }
    }
    CHECK_INT(worst_step, <=, 1);

    /* A gap of a second (the reader stalled, the ring lost samples). */
    at = listen_clock_feed(&d, 5000 + 1000 * 32 + 32 + 1000 + 1000, 512,
                           16000);
    CHECK(llabs(at - (5000 + 1000 * 32 + 32 + 1000 + 1000) * 16) <= 16);
}

int main(void)
{
    RUN_TEST(test_ring_rounds_up_to_power_of_two);
    RUN_TEST(test_ring_wraps_around_in_order);
    RUN_TEST(test_ring_underflow_and_overflow);
    RUN_TEST(test_ring_two_threads);
    RUN_TEST(test_mix_limit_passes_below_knee);
    RUN_TEST(test_mix_limit_never_clips_or_wraps);
    RUN_TEST(test_mix_volume_scales);
    RUN_TEST(test_cues_are_soft_and_distinct);
    RUN_TEST(test_tap_places_blocks_on_the_clock);
    RUN_TEST(test_tap_underrun_replaces_the_stream);
    RUN_TEST(test_listen_clock_follows_samples_not_reads);
    return check_summary("test_audio_parts");
}
