/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real PortAudio path, headless: ALSA_CONFIG_PATH appends a file whose
 * default PCM is ALSA's `file` plugin over a `null` slave, so what
 * PortAudio plays lands in a raw file.  That sink has no clock (it takes
 * samples as fast as the CPU gives them), which the output handles by
 * starting once an utterance is ready and stopping itself when idle. */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio.h"
#include "tests/check.h"
#include "util/log.h"
#include "util/util.h"

#define SENTENCE "Roll slowly along the outside of your thigh, then rest."

static char *raw_path, *conf_path, *alsa_path;

static void write_alsa_conf(void)
{
    raw_path = xasprintf("%s/out.raw", check_tmpdir());
    char *conf = xasprintf("pcm.!default {\n"
                           "    type file\n"
                           "    slave.pcm { type null }\n"
                           "    file \"%s\"\n"
                           "    format \"raw\"\n"
                           "}\n", raw_path);
    conf_path = check_write_file("asound.conf", conf, strlen(conf));
    free(conf);
    alsa_path = xasprintf("/usr/share/alsa/alsa.conf:%s", conf_path);
    setenv("ALSA_CONFIG_PATH", alsa_path, 1);
}

static int16_t *read_samples(const char *path, size_t skip_bytes, size_t *n)
{
    size_t len = 0;
    char *data = check_read_file(path, &len);
    *n = 0;
    if (!data || len < skip_bytes)
        return NULL;
    *n = (len - skip_bytes) / 2;
    int16_t *s = xmalloc(*n * sizeof *s + 1);
    const unsigned char *p = (const unsigned char *)data + skip_bytes;
    for (size_t i = 0; i < *n; i++)
        s[i] = (int16_t)(p[2 * i] | p[2 * i + 1] << 8);
    free(data);
    return s;
}

static size_t first_sound(const int16_t *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == 0)
        i++;
    return i;
}

static size_t last_sound(const int16_t *s, size_t n)
{
    while (n > 0 && s[n - 1] == 0)
        n--;
    return n;
}

static size_t wait_done(struct audio *a, uint32_t want, long timeout_ms)
{
    uint32_t id;
    struct pollfd p = { audio_event_fd(a), POLLIN, 0 };
    for (long waited = 0; waited < timeout_ms; waited += 20) {
        poll(&p, 1, 20);
        while (audio_poll_done(a, &id))
            if (id == want)
                return 1;
    }
    return 0;
}

static void test_speech_arrives_in_the_alsa_file_intact(void)
{
    /* Two fresh processes, so eSpeak NG starts from the same state and the
     * same rand() seed: one writes the WAV directly, the other plays
     * through PortAudio into the ALSA file sink.  The samples must be
     * identical, with no gap and no runaway silence. */
    char *wav = xasprintf("%s/ref.wav", check_tmpdir());
    char *cmd = xasprintf("'%s' say --volume 90 --wav '%s' '%s'",
                          check_unknot_bin(), wav, SENTENCE);
    char *out = NULL;
    CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
    free(out);
    free(cmd);
    remove(raw_path);
    cmd = xasprintf("ALSA_CONFIG_PATH='%s' '%s' say --output portaudio "
                    "--volume 90 '%s'", alsa_path, check_unknot_bin(),
                    SENTENCE);
    CHECK_INT(check_run_cmd(cmd, &out), ==, 0);
    /* Heard through a device: no text fallback, no library chatter. */
    CHECK_STR(out, "");
    free(out);
    free(cmd);
    size_t nr, np;
    int16_t *ref = read_samples(wav, 44, &nr);
    int16_t *pa = read_samples(raw_path, 0, &np);
    CHECK(ref && pa);
    if (ref && pa) {
        size_t r0 = first_sound(ref, nr), r1 = last_sound(ref, nr);
        size_t p0 = first_sound(pa, np), p1 = last_sound(pa, np);
        CHECK(r1 - r0 > 22050 * 2);
        CHECK_INT(p1 - p0, ==, r1 - r0);
        if (p1 - p0 == r1 - r0)
            CHECK(!memcmp(ref + r0, pa + p0, (r1 - r0) * sizeof *ref));
        /* Stopped once idle: at most a little over two seconds of
         * silence, not the hundreds of megabytes a clockless sink eats. */
        CHECK(np < r1 + 22050 * 3);
    }
    free(ref);
    free(pa);
    free(wav);
}

static void test_portaudio_output_restarts_after_idle(void)
{
    remove(raw_path);
    struct audio_options o = { .backend = "portaudio", .volume = 80 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    free(err);
    if (!a)
        return;
    CHECK(audio_has_device(a));
    long ms1 = audio_speech_ms("First.", "en", 175);
    long ms2 = audio_speech_ms(SENTENCE, "en", 175);
    audio_say(a, "First.", 1);
    CHECK(wait_done(a, 1, 10000));
    /* The stream stops itself after two seconds of stream time; on this
     * clockless sink that is at once.  Then it must start again. */
    CHECK(audio_wait_idle(a, 10000) == 0);
    audio_say(a, SENTENCE, 2);
    CHECK(wait_done(a, 2, 10000));
    CHECK(audio_wait_idle(a, 10000) == 0);
    /* A cue alone starts it too.  (Not while a sentence is still being
     * synthesised: on a sink with no clock the stream would race ahead
     * and write silence as fast as the CPU allows.) */
    audio_cue(a, AUDIO_CUE_HOLD_START);
    CHECK(audio_wait_idle(a, 10000) == 0);
    CHECK(audio_has_device(a));
    struct audio_stats st;
    audio_get_stats(a, &st);
    CHECK_STR(st.backend, "portaudio");
    audio_close(a);
    size_t n;
    int16_t *s = read_samples(raw_path, 0, &n);
    size_t sound = 0;
    for (size_t i = 0; s && i < n; i++)
        sound += s[i] != 0;
    /* Both utterances and the chime are in the file, with at most ~2 s
     * of silence after each. */
    CHECK(sound > (size_t)((ms1 + ms2) * 22050 / 1000) * 8 / 10);
    CHECK(n < (size_t)((ms1 + ms2) * 22050 / 1000) + 22050 * 8);
    free(s);
}

static void test_portaudio_at_48k_resamples(void)
{
    remove(raw_path);
    struct audio_options o = { .backend = "portaudio", .volume = 80,
                               .sample_rate = 48000 };
    char *err = NULL;
    struct audio *a = audio_open(&o, &err);
    CHECK(a != NULL);
    free(err);
    if (!a)
        return;
    long ms = audio_speech_ms(SENTENCE, "en", 175);
    audio_say(a, SENTENCE, 1);
    CHECK(wait_done(a, 1, 10000));
    struct audio_stats st;
    audio_get_stats(a, &st);
    CHECK_INT(st.sample_rate, ==, 48000);
    audio_close(a);
    size_t n;
    int16_t *s = read_samples(raw_path, 0, &n);
    CHECK(s != NULL);
    if (s) {
        size_t len = last_sound(s, n) - first_sound(s, n);
        long file_ms = (long)(len * 1000 / 48000);
        CHECK(labs(file_ms - ms) < 60);
    }
    free(s);
}

static void test_named_device_that_is_missing_falls_back(void)
{
    struct audio_options o = { .backend = "portaudio",
                               .device = "No Such Speaker", .volume = 80 };
    char *err = NULL;
    log_set_level(LOG_ERROR);     /* the expected "no audio device" line */
    struct audio *a = audio_open(&o, &err);
    log_set_level(LOG_WARN);
    CHECK(a != NULL);
    CHECK(err == NULL);
    if (a) {
        CHECK(!audio_has_device(a));
        audio_say(a, "Hi.", 1);
        CHECK(wait_done(a, 1, 10000));
        audio_close(a);
    }
    free(err);
}

static void test_devices_lists_the_file_sink(void)
{
    struct audio_device *d;
    size_t n;
    char *err;
    CHECK_INT(audio_list_devices(&d, &n, &err), ==, 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(d[i].name, "default") && d[i].max_output > 0 &&
            d[i].default_output)
            found = true;
    CHECK(found);
    free(d);
}

int main(void)
{
    write_alsa_conf();
    RUN_TEST(test_speech_arrives_in_the_alsa_file_intact);
    RUN_TEST(test_portaudio_output_restarts_after_idle);
    RUN_TEST(test_portaudio_at_48k_resamples);
    RUN_TEST(test_named_device_that_is_missing_falls_back);
    RUN_TEST(test_devices_lists_the_file_sink);
    free(raw_path);
    free(conf_path);
    free(alsa_path);
    return check_summary("test_audio_pa");
}
