/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audio path with the real eSpeak NG.  Most tests use the capture
 * output, where the test itself is the device clock (it pumps buffers), so
 * nothing waits for a timer; the fault tests use the null output, paced in
 * real time like a device, and wait for a real thread with bounded polls. */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/audio.h"
#include "audio/internal.h"
#include "audio/mix.h"
#include "tests/check.h"
#include "util/log.h"

#define SENTENCE "Roll slowly along the outside of your thigh, then rest."
#define LONG_TEXT "Lie on your side with the roller under your hip. " \
    "Support yourself on your forearm and keep your other foot on the " \
    "floor. Roll slowly down towards the knee and back up again."

static struct audio *open_capture(const char *voice, int volume)
{
    struct audio_options o = { .backend = "capture", .voice = voice,
                               .rate_wpm = 175, .volume = volume };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    if (!a)
        fprintf(stderr, "audio_open: %s\n", err);
    free(err);
    return a;
}

/* Pumps buffers until utterance `id` reports done (bounded); returns the
 * capture length at that moment, 0 on failure. */
static size_t pump_until_done(struct audio *a, uint32_t id)
{
    CHECK(audio_wait_idle(a, 10000) == 0);
    for (int i = 0; i < 4000; i++) {
        audio_capture_pump(a, 256, true);
        uint32_t got;
        while (audio_poll_done(a, &got))
            if (got == id) {
                size_t n;
                audio_capture_samples(a, &n);
                return n;
            }
    }
    return 0;
}

static size_t last_sound(const int16_t *s, size_t n)
{
    while (n > 0 && s[n - 1] == 0)
        n--;
    return n;
}

static double rms(const int16_t *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)s[i] * s[i];
    return n ? __builtin_sqrt(sum / (double)n) : 0;
}

static void test_sentence_has_plausible_length_and_sound(void)
{
    struct audio *a = open_capture("en", 100);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK(!audio_has_device(a));
    CHECK_INT(audio_say(a, SENTENCE, 7), ==, 0);
    CHECK(audio_is_speaking(a));
    size_t at_done = pump_until_done(a, 7);
    CHECK(at_done > 0);
    CHECK(!audio_is_speaking(a));
    /* Pump a further second: all silence. */
    for (int i = 0; i < 86; i++)
        audio_capture_pump(a, 256, true);
    size_t n;
    const int16_t *s = audio_capture_samples(a, &n);
    size_t end = last_sound(s, n);
    /* Done came once the last sample was handed over, not before, and
     * within the buffer that carried it. */
    CHECK(end <= at_done);
    CHECK(at_done - end < 256 + 22050 / 2);
    /* Nine words at 175 wpm with a comma: about three seconds. */
    double secs = (double)end / 22050;
    CHECK(secs > 2.0 && secs < 5.0);
    long ms = audio_speech_ms(SENTENCE, "en", 175);
    CHECK(ms > 0);
    CHECK(labs(ms - (long)(secs * 1000)) < 300);
    CHECK(rms(s, end) > 1000);
    struct audio_stats st;
    audio_get_stats(a, &st);
    CHECK_INT(st.underflows, ==, 0);
    CHECK_INT(st.utterances_done, ==, 1);
    CHECK_STR(st.backend, "capture");
    audio_close(a);
}

static void test_done_events_in_order_with_event_fd(void)
{
    struct audio *a = open_capture("en", 80);
    CHECK(a != NULL);
    if (!a)
        return;
    int fd = audio_event_fd(a);
    struct pollfd p = { fd, POLLIN, 0 };
    CHECK_INT(poll(&p, 1, 0), ==, 0);
    audio_say(a, "One.", 1);
    audio_say(a, "", 2);                 /* empty still reports done */
    audio_say(a, "Three.", 3);
    CHECK(audio_wait_idle(a, 10000) == 0);
    uint32_t ids[3], id;
    size_t got = 0;
    for (int i = 0; i < 1000 && got < 3; i++) {
        audio_capture_pump(a, 256, true);
        if (poll(&p, 1, 0) == 1)
            while (got < 3 && audio_poll_done(a, &id))
                ids[got++] = id;
    }
    CHECK_INT(got, ==, 3);
    if (got == 3) {
        CHECK_INT(ids[0], ==, 1);
        CHECK_INT(ids[1], ==, 2);
        CHECK_INT(ids[2], ==, 3);
    }
    CHECK_INT(poll(&p, 1, 0), ==, 0);    /* drained: not readable */
    CHECK(!audio_poll_done(a, &id));
    audio_close(a);
}

static void test_interrupt_truncates_within_a_buffer(void)
{
    struct audio *a = open_capture("en", 100);
    CHECK(a != NULL);
    if (!a)
        return;
    long full_ms = audio_speech_ms(LONG_TEXT, "en", 175);
    audio_say(a, LONG_TEXT, 1);
    audio_say(a, "This should never be heard.", 2);
    audio_say(a, "Nor this.", 3);
    CHECK(audio_wait_idle(a, 10000) == 0);
    for (int i = 0; i < 40; i++)         /* about half a second */
        audio_capture_pump(a, 256, true);
    size_t before;
    audio_capture_samples(a, &before);
    audio_interrupt(a);
    /* The buffer rendered after the interrupt is already silent. */
    for (int i = 0; i < 200; i++)
        audio_capture_pump(a, 256, true);
    size_t n;
    const int16_t *s = audio_capture_samples(a, &n);
    CHECK(rms(s, before) > 500);
    CHECK_INT(last_sound(s, n), <=, before);
    uint32_t id, ids[3];
    size_t got = 0;
    CHECK(audio_wait_idle(a, 10000) == 0);
    for (int i = 0; i < 100 && got < 3; i++) {
        audio_capture_pump(a, 256, true);
        while (got < 3 && audio_poll_done(a, &id))
            ids[got++] = id;
    }
    CHECK_INT(got, ==, 3);           /* dropped ones still report done */
    if (got == 3)
        CHECK(ids[0] == 1 && ids[1] == 2 && ids[2] == 3);
    CHECK(full_ms > 6000);
    CHECK(!audio_is_speaking(a));
    /* And speech works again afterwards. */
    audio_say(a, "Again.", 4);
    size_t at = pump_until_done(a, 4);
    s = audio_capture_samples(a, &n);
    CHECK(at > 0 && last_sound(s, n) > before + 200 * 256);
    audio_close(a);
}

static void test_interrupt_mid_synthesis(void)
{
    /* Interrupt before the output ran at all, while the synthesis thread
     * may still be busy: nothing of the old text is ever played. */
    struct audio *a = open_capture("en", 100);
    CHECK(a != NULL);
    if (!a)
        return;
    for (uint32_t i = 1; i <= 20; i++)
        audio_say(a, LONG_TEXT, i);
    audio_interrupt(a);
    audio_say(a, "Stop.", 21);
    size_t at = pump_until_done(a, 21);
    size_t n;
    const int16_t *s = audio_capture_samples(a, &n);
    long stop_ms = audio_speech_ms("Stop.", "en", 175);
    CHECK(at > 0);
    /* Everything heard is at most the word "stop" and a buffer or two of
     * the old text (the ring may have been read before the interrupt was
     * seen: not here, nothing was pumped). */
    CHECK(last_sound(s, n) <= (size_t)(stop_ms * 22050 / 1000) + 256);
    struct audio_stats st;
    audio_get_stats(a, &st);
    CHECK_INT(st.utterances_done, ==, 21);
    audio_close(a);
}

static void test_voice_change_changes_audio(void)
{
    struct audio *a = open_capture("en", 100);
    CHECK(a != NULL);
    if (!a)
        return;
    const char *text = "Hold this position for thirty seconds.";
    audio_say(a, text, 1);
    size_t first = pump_until_done(a, 1);
    CHECK_INT(audio_set_voice(a, "de"), ==, 0);
    CHECK_INT(audio_set_voice(a, "xx-nosuch"), ==, AUDIO_ERR_VOICE);
    audio_say(a, text, 2);
    size_t second = pump_until_done(a, 2);
    size_t n;
    const int16_t *s = audio_capture_samples(a, &n);
    CHECK(first > 0 && second > first);
    size_t len_en = last_sound(s, first);
    size_t len_de = last_sound(s + first, second - first);
    CHECK(len_de > 22050);              /* German speech, not silence */
    CHECK(rms(s + first, len_de) > 1000);
    /* A German reading of English words differs in length and samples. */
    size_t cmp = len_en < len_de ? len_en : len_de, same = 0;
    for (size_t i = 0; i < cmp; i++)
        same += s[i] == s[first + i];
    CHECK(same < cmp / 4);
    CHECK(audio_speech_ms(text, "en", 175) !=
          audio_speech_ms(text, "de", 175));
    audio_close(a);
}

static void test_other_output_rates_resample(void)
{
    /* A device that wants 44.1 or 48 kHz gets the same speech, as long in
     * seconds and as loud, and cues at the same pitch. */
    const char *text = "Hold this position for thirty seconds.";
    double secs[3], level[3];
    size_t crossings[3];
    const int rates[3] = { 0, 44100, 48000 };
    for (int k = 0; k < 3; k++) {
        struct audio_options o = { .backend = "capture", .volume = 100,
                                   .sample_rate = rates[k] };
        char *err = NULL;
        struct audio *a = audio_open(&o, &err);
        CHECK(a != NULL);
        free(err);
        secs[k] = level[k] = 0;
        crossings[k] = 0;
        if (!a)
            continue;
        struct audio_stats st;
        audio_get_stats(a, &st);
        int rate = st.sample_rate;
        CHECK_INT(rate, ==, rates[k] ? rates[k] : 22050);
        audio_say(a, text, 1);
        size_t at = pump_until_done(a, 1);
        size_t n;
        const int16_t *s = audio_capture_samples(a, &n);
        size_t end = last_sound(s, n);
        secs[k] = (double)end / rate;
        level[k] = rms(s, end);
        CHECK(at > 0);
        audio_cue(a, AUDIO_CUE_HOLD_START);
        size_t from = n;
        for (int i = 0; i < 40; i++)
            audio_capture_pump(a, 256, true);
        s = audio_capture_samples(a, &n);
        /* Crossings over the first 100 ms of the chime: pitch. */
        for (size_t i = from + 1; i < from + (size_t)rate / 10 && i < n; i++)
            crossings[k] += (s[i - 1] < 0) != (s[i] < 0);
        audio_close(a);
    }
    for (int k = 1; k < 3; k++) {
        CHECK(secs[k] > secs[0] * 0.99 && secs[k] < secs[0] * 1.01);
        CHECK(level[k] > level[0] * 0.9 && level[k] < level[0] * 1.1);
        CHECK(crossings[k] + 3 >= crossings[0] &&
              crossings[k] <= crossings[0] + 3);
    }
    struct audio_options bad = { .backend = "capture", .sample_rate = 100 };
    char *err = NULL;
    CHECK(audio_open(&bad, &err) == NULL);
    CHECK_CONTAINS(err, "sample rate");
    free(err);
}

static void test_rate_changes_length(void)
{
    long slow = audio_speech_ms(SENTENCE, "en", 100);
    long fast = audio_speech_ms(SENTENCE, "en", 300);
    CHECK(slow > 0 && fast > 0);
    CHECK(slow > fast * 2);
    CHECK(audio_speech_ms(SENTENCE, "xx-nosuch", 175) < 0);
    CHECK(audio_speech_ms(SENTENCE, "en", 20) < 0);
    CHECK(audio_speech_ms(NULL, "en", 175) < 0);
}

static void test_cues_mix_exactly(void)
{
    /* Two cues at once against each alone: the mix is exactly the limiter
     * applied to the sum, sample for sample, and a tick over a chime is
     * allowed (several cue voices). */
    struct audio *x = open_capture("en", 100);
    struct audio *y = open_capture("en", 100);
    struct audio *xy = open_capture("en", 100);
    CHECK(x && y && xy);
    if (!x || !y || !xy)
        goto out;
    CHECK_INT(audio_cue(x, AUDIO_CUE_HOLD_START), ==, 0);
    CHECK_INT(audio_cue(y, AUDIO_CUE_TICK), ==, 0);
    CHECK_INT(audio_cue(xy, AUDIO_CUE_HOLD_START), ==, 0);
    CHECK_INT(audio_cue(xy, AUDIO_CUE_TICK), ==, 0);
    CHECK_INT(audio_cue(xy, (enum audio_cue)7), ==, AUDIO_ERR_ARG);
    for (int i = 0; i < 60; i++) {
        audio_capture_pump(x, 256, true);
        audio_capture_pump(y, 256, true);
        audio_capture_pump(xy, 256, true);
    }
    size_t n1, n2, n3;
    const int16_t *a = audio_capture_samples(x, &n1);
    const int16_t *b = audio_capture_samples(y, &n2);
    const int16_t *m = audio_capture_samples(xy, &n3);
    CHECK(n1 == n2 && n2 == n3);
    size_t bad = 0, both = 0;
    for (size_t i = 0; i < n3; i++) {
        bad += m[i] != mix_limit((int32_t)a[i] + b[i]);
        both += a[i] && b[i];
    }
    CHECK_INT(bad, ==, 0);
    CHECK(both > 22050 / 100);
out:
    audio_close(x);
    audio_close(y);
    audio_close(xy);
}

static void test_cue_over_loud_speech_does_not_clip(void)
{
    /* Full-volume speech with a chime over it: nothing reaches full scale
     * (the limiter bends the peaks), and the difference the chime makes
     * is the chime itself.  eSpeak NG draws its noise from rand(), so the
     * same seed before each synthesis keeps the two runs comparable. */
    const char *text = "Now breathe out slowly and let the roller sink in.";
    struct audio *sp = open_capture("en", 100);
    struct audio *cu = open_capture("en", 100);
    struct audio *mx = open_capture("en", 100);
    CHECK(sp && cu && mx);
    if (!sp || !cu || !mx)
        goto out;
    srand(1);
    audio_say(sp, text, 1);
    CHECK(audio_wait_idle(sp, 10000) == 0);
    srand(1);
    audio_say(mx, text, 1);
    CHECK(audio_wait_idle(mx, 10000) == 0);
    /* Start the chime a second in, over the loudest part. */
    for (int i = 0; i < 86; i++) {
        audio_capture_pump(sp, 256, true);
        audio_capture_pump(cu, 256, true);
        audio_capture_pump(mx, 256, true);
    }
    audio_cue(cu, AUDIO_CUE_HOLD_END);
    audio_cue(mx, AUDIO_CUE_HOLD_END);
    for (int i = 0; i < 100; i++) {
        audio_capture_pump(sp, 256, true);
        audio_capture_pump(cu, 256, true);
        audio_capture_pump(mx, 256, true);
    }
    size_t n1, n2, n3;
    const int16_t *s = audio_capture_samples(sp, &n1);
    const int16_t *c = audio_capture_samples(cu, &n2);
    const int16_t *m = audio_capture_samples(mx, &n3);
    CHECK(n1 == n2 && n2 == n3);
    size_t full = 0, loud = 0;
    double dot = 0, cc = 0;
    for (size_t i = 0; i < n3; i++) {
        full += m[i] >= 32767 || m[i] <= -32767;
        loud += abs((int32_t)s[i] + c[i]) > MIX_KNEE;
        dot += (double)(m[i] - s[i]) * c[i];
        cc += (double)c[i] * c[i];
    }
    CHECK_INT(full, ==, 0);
    CHECK(cc > 0);
    CHECK(dot / cc > 0.8 && dot / cc < 1.1);
    (void)loud;
out:
    audio_close(sp);
    audio_close(cu);
    audio_close(mx);
}

static void test_volume_scales_output(void)
{
    struct audio *a = open_capture("en", 100);
    struct audio *b = open_capture("en", 50);
    CHECK(a && b);
    if (!a || !b)
        goto out;
    audio_say(a, "Relax.", 1);
    audio_say(b, "Relax.", 1);
    pump_until_done(a, 1);
    pump_until_done(b, 1);
    size_t na, nb;
    const int16_t *sa = audio_capture_samples(a, &na);
    const int16_t *sb = audio_capture_samples(b, &nb);
    double ra = rms(sa, na), rb = rms(sb, nb);
    CHECK(ra > 0 && rb > ra * 0.45 && rb < ra * 0.55);
    CHECK_INT(audio_set_volume(b, 101), ==, AUDIO_ERR_ARG);
out:
    audio_close(a);
    audio_close(b);
}

static void test_invalid_options_are_refused(void)
{
    const struct {
        struct audio_options o;
        const char *msg;
    } bad[] = {
        { { .backend = "alsa-direct", .volume = 50 }, "unknown audio output" },
        { { .backend = "null", .rate_wpm = 50, .volume = 50 }, "rate" },
        { { .backend = "null", .volume = 150 }, "volume" },
        { { .backend = "wav", .volume = 50 }, "file name" },
        { { .backend = "null", .voice = "xx-nosuch", .volume = 50 },
          "no voice 'xx-nosuch'" },
        { { .backend = "wav", .wav_path = "/nonexistent/dir/a.wav",
            .volume = 50 }, "/nonexistent/dir/a.wav" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err = NULL;
        struct audio *a = audio_open(&bad[i].o, &err);
        CHECK(a == NULL);
        CHECK_CONTAINS(err, bad[i].msg);
        free(err);
        audio_close(a);
    }
    audio_close(NULL);
    CHECK_INT(audio_say(NULL, "x", 1), ==, AUDIO_ERR_ARG);
}

static char *read_log(FILE *f)
{
    fflush(f);
    long len = ftell(f);
    char *buf = calloc(1, (size_t)len + 1);
    rewind(f);
    size_t got = fread(buf, 1, (size_t)len, f);
    buf[got] = '\0';
    return buf;
}

static size_t count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* Waits for `want` done events from a real-time output; bounded. */
static size_t wait_done(struct audio *a, size_t want, long timeout_ms)
{
    size_t got = 0;
    uint32_t id;
    struct pollfd p = { audio_event_fd(a), POLLIN, 0 };
    for (long waited = 0; got < want && waited < timeout_ms; waited += 50) {
        poll(&p, 1, 50);
        while (audio_poll_done(a, &id))
            got++;
    }
    return got;
}

static void test_no_device_falls_back_to_paced_silence(void)
{
    FILE *log = tmpfile();
    log_set_file(log);
    log_reset_once();
    struct audio_options o = { .backend = "null", .fault = "open",
                               .volume = 50 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    if (a) {
        CHECK(!audio_has_device(a));
        long ms = audio_speech_ms("Ready.", "en", 175);
        long long t0 = audio_now_ns();
        audio_say(a, "Ready.", 1);
        audio_say(a, "Go.", 2);
        CHECK_INT(wait_done(a, 2, 10000), ==, 2);
        /* Paced in real time: done no sooner than the speech lasts. */
        CHECK((audio_now_ns() - t0) / 1000000 >= ms);
        audio_close(a);
    }
    free(err);
    char *text = read_log(log);
    CHECK_INT(count_lines_with(text, "no audio device"), ==, 1);
    CHECK_CONTAINS(text, "simulated failure to open");
    free(text);
    log_set_file(NULL);
    fclose(log);
}

static void test_device_lost_mid_session_carries_on(void)
{
    FILE *log = tmpfile();
    log_set_file(log);
    log_reset_once();
    struct audio_options o = { .backend = "null",
                               .fault = "lost-after-ms=150", .volume = 50 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    if (a) {
        audio_say(a, "First line.", 1);
        audio_cue(a, AUDIO_CUE_TICK);
        audio_say(a, "Second line.", 2);
        audio_say(a, "Third line.", 3);
        CHECK_INT(wait_done(a, 3, 15000), ==, 3);
        CHECK(!audio_has_device(a));
        struct audio_stats st;
        audio_get_stats(a, &st);
        CHECK_STR(st.backend, "null");
        audio_close(a);
    }
    free(err);
    char *text = read_log(log);
    CHECK_INT(count_lines_with(text, "stopped working"), ==, 1);
    CHECK_CONTAINS(text, "simulated device loss");
    free(text);
    log_set_file(NULL);
    fclose(log);
}

static void test_wav_fast_writes_the_speech(void)
{
    char *path = check_write_file("say.wav", "", 0);
    struct audio_options o = { .backend = "wav", .wav_path = path,
                               .volume = 100 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    if (a) {
        audio_say(a, SENTENCE, 1);
        CHECK_INT(wait_done(a, 1, 10000), ==, 1);
        audio_close(a);
    }
    free(err);
    size_t len;
    char *data = check_read_file(path, &len);
    CHECK(data && len > 44);
    if (data && len > 44) {
        CHECK(!memcmp(data, "RIFF", 4) && !memcmp(data + 8, "WAVE", 4));
        uint32_t bytes = (uint32_t)(unsigned char)data[40] |
                         (uint32_t)(unsigned char)data[41] << 8 |
                         (uint32_t)(unsigned char)data[42] << 16 |
                         (uint32_t)(unsigned char)data[43] << 24;
        CHECK_INT(bytes, ==, len - 44);
        long ms = audio_speech_ms(SENTENCE, "en", 175);
        long file_ms = (long)(bytes / 2) * 1000 / 22050;
        /* As fast as possible: exactly the speech, no padding. */
        CHECK(labs(file_ms - ms) < 30);
    }
    free(data);
    free(path);
}

static void test_wav_realtime_records_the_timeline(void)
{
    /* Real time: the file grows with the clock, silence included, so a
     * recorded session keeps its timing. */
    char *path = check_write_file("rt.wav", "", 0);
    struct audio_options o = { .backend = "wav", .wav_path = path,
                               .wav_realtime = true, .volume = 100 };
    char *err = NULL;
    long long t0 = audio_now_ns();
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    long ms = audio_speech_ms("Hold.", "en", 175);
    if (a) {
        audio_say(a, "Hold.", 1);
        CHECK_INT(wait_done(a, 1, 10000), ==, 1);
        audio_close(a);
    }
    long wall_ms = (long)((audio_now_ns() - t0) / 1000000);
    free(err);
    size_t len;
    char *data = check_read_file(path, &len);
    CHECK(data && len > 44);
    if (data && len > 44) {
        long file_ms = (long)((len - 44) / 2) * 1000 / 22050;
        CHECK(file_ms >= ms - 50);           /* the speech (less the
                                                leading silence dropped) */
        CHECK(file_ms <= wall_ms + 20);      /* never ahead of the clock */
        CHECK(file_ms >= wall_ms / 2);       /* and not far behind it */
    }
    free(data);
    free(path);
}

int main(void)
{
    log_set_level(LOG_WARN);
    RUN_TEST(test_sentence_has_plausible_length_and_sound);
    RUN_TEST(test_done_events_in_order_with_event_fd);
    RUN_TEST(test_interrupt_truncates_within_a_buffer);
    RUN_TEST(test_interrupt_mid_synthesis);
    RUN_TEST(test_voice_change_changes_audio);
    RUN_TEST(test_other_output_rates_resample);
    RUN_TEST(test_rate_changes_length);
    RUN_TEST(test_cues_mix_exactly);
    RUN_TEST(test_cue_over_loud_speech_does_not_clip);
    RUN_TEST(test_volume_scales_output);
    RUN_TEST(test_invalid_options_are_refused);
    RUN_TEST(test_no_device_falls_back_to_paced_silence);
    RUN_TEST(test_device_lost_mid_session_carries_on);
    RUN_TEST(test_wav_fast_writes_the_speech);
    RUN_TEST(test_wav_realtime_records_the_timeline);
    return check_summary("test_audio");
}
