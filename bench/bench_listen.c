/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Voice answers: accuracy on the vocabulary, out-of-vocabulary words
 * wrongly accepted, and time from the end of a word to the answer.
 *
 * Set-up: every word spoken by eSpeak NG (5 voices x 3 rates), resampled to
 * 16 kHz, one track per voice and rate (600 ms of room first, 900 ms
 * between words), pink-ish noise mixed in at SNR dB (default 20; set
 * BENCH_SNR), run through the WAV input backend: the same VAD, recogniser
 * and thresholds as a microphone.  Latency is measured in audio time from
 * the true end of the word (last sample above the quiet level in the clean
 * clip) to the frame at which the listener decided, plus the wall time it
 * took to finish decoding; a microphone adds up to one 32 ms capture block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/listen.h"
#include "audio/listen_speech.h"
#include "audio/listen_vad.h"
#include "util/util.h"

static const char *voices[] = { "en-us", "en", "en-us+f3", "en+m3",
                                "en-gb-scotland" };
static const int rates[] = { 140, 175, 210 };
/* Words a person might say that are not commands, some close in sound to
 * the vocabulary ("nice", "stock", "seventeen"). */
static const char *oov[] = {
    "hello", "water", "banana", "twenty", "maybe", "okay", "thanks", "what",
    "left", "right", "start", "again", "nothing", "pizza", "nice", "stock",
    "seventeen", "later", "coffee", "window", "morning", "sorry", "please",
    "never", "lovely", "tomorrow", "music", "yellow", "purple", "kitchen",
};

#define MAXW 64
#define NTH 21

struct mark {
    const char *word;
    long long start_ms, end_ms;     /* where it was placed, true end */
};

struct tally {
    int iv, oov;
    int iv_ok[NTH], oov_acc[NTH];   /* per confidence threshold */
    int accepted_ok, accepted_wrong, oov_accepted, missed;
    double lat_sum, lat_max;
    int lat_n;
};

static int build_track(const char *voice, int rate, const char **words,
                       size_t n, double snr, const char *path,
                       struct mark *marks)
{
    struct speech_clip t = { 0 };
    listen_speech_silence(&t, 600);
    for (size_t i = 0; i < n; i++) {
        struct speech_clip c;
        if (listen_speech_say(words[i], voice, rate, &c) < 0)
            return -1;
        size_t last = 0;
        for (size_t k = 0; k < c.n; k++)
            if (abs(c.s[k]) > 300)
                last = k;
        marks[i].word = words[i];
        marks[i].start_ms = (long long)t.n / 16;
        marks[i].end_ms = (long long)(t.n + last) / 16;
        listen_speech_append(&t, &c);
        listen_speech_silence(&t, 900);
        free(c.s);
    }
    listen_speech_add_noise(&t, snr, 12345 + (uint64_t)rate);
    int rc = listen_speech_write_wav(path, &t);
    free(t.s);
    return rc;
}

/* Time 0 at the start of the recording, so results line up with marks. */
static long long zero_clock(void *user)
{
    (void)user;
    return 0;
}

static void run_track(const char *path, const struct mark *marks, size_t n,
                      bool in_vocab, struct tally *ty)
{
    struct listener_options o = { .backend = "wav", .wav_path = path,
                                  .report_rejected = true,
                                  .now_ms = zero_clock };
    char *err;
    struct listener *l = listener_open(&o, &err);
    if (!l) {
        fprintf(stderr, "bench_listen: %s\n", err);
        exit(1);
    }
    struct heard got[MAXW];
    bool have[MAXW] = { false };
    struct heard h;
    for (;;) {
        if (!listener_poll(l, &h)) {
            if (listener_at_end(l))
                break;
            continue;
        }
        /* The word whose span holds the middle of the utterance. */
        long long mid = (h.start_ms + h.end_ms) / 2;
        for (size_t i = 0; i < n; i++) {
            if (mid >= marks[i].start_ms - 300 &&
                mid <= marks[i].end_ms + 300 && !have[i]) {
                got[i] = h;
                have[i] = true;
                break;
            }
        }
    }
    listener_close(l);
    for (size_t i = 0; i < n; i++) {
        bool right = have[i] && !strcmp(got[i].word, marks[i].word);
        if (in_vocab)
            ty->iv++;
        else
            ty->oov++;
        for (int k = 0; k < NTH; k++) {
            double th = k / (double)(NTH - 1);
            bool acc = have[i] && got[i].confidence >= th;
            if (in_vocab && acc && right)
                ty->iv_ok[k]++;
            if (!in_vocab && acc)
                ty->oov_acc[k]++;
        }
        bool accepted = have[i] && !got[i].rejected;
        if (!have[i])
            ty->missed++;
        if (in_vocab && accepted && right)
            ty->accepted_ok++;
        else if (in_vocab && accepted)
            ty->accepted_wrong++;
        if (!in_vocab && accepted)
            ty->oov_accepted++;
        if (have[i]) {
            double lat = (double)(got[i].ready_ms - marks[i].end_ms) +
                         got[i].decode_ms;
            ty->lat_sum += lat;
            if (lat > ty->lat_max)
                ty->lat_max = lat;
            ty->lat_n++;
        }
    }
}

int main(void)
{
    const char *e = getenv("BENCH_SNR");
    double snr = e ? atof(e) : 20;
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench-listen-%d.wav", (int)getpid());
    const char *iv[MAXW];
    size_t niv = listen_word_count();
    for (size_t i = 0; i < niv; i++)
        iv[i] = listen_word_at(i);
    struct tally ty = { 0 };
    struct mark marks[MAXW];
    long long t0 = util_now_ms();
    for (size_t v = 0; v < ARRAY_LEN(voices); v++) {
        for (size_t r = 0; r < ARRAY_LEN(rates); r++) {
            if (build_track(voices[v], rates[r], iv, niv, snr, path,
                            marks) < 0) {
                fprintf(stderr, "bench_listen: eSpeak NG failed\n");
                return 1;
            }
            run_track(path, marks, niv, true, &ty);
            if (build_track(voices[v], rates[r], oov, ARRAY_LEN(oov), snr,
                            path, marks) < 0)
                return 1;
            run_track(path, marks, ARRAY_LEN(oov), false, &ty);
        }
    }
    remove(path);
    printf("voice input: %zu voices x %zu rates, eSpeak NG at 16 kHz, noise "
           "at %.0f dB SNR\n", ARRAY_LEN(voices), ARRAY_LEN(rates), snr);
    printf("  in-vocabulary words: %d; correct and accepted: %.1f%% "
           "(wrong but accepted %.1f%%, not detected %d)\n", ty.iv,
           100.0 * ty.accepted_ok / ty.iv, 100.0 * ty.accepted_wrong / ty.iv,
           ty.missed);
    printf("  out-of-vocabulary words: %d; wrongly accepted: %.1f%%\n",
           ty.oov, 100.0 * ty.oov_accepted / ty.oov);
    printf("  end of word to answer: mean %.0f ms, max %.0f ms (audio time "
           "+ decode)\n", ty.lat_n ? ty.lat_sum / ty.lat_n : 0, ty.lat_max);
    printf("  default thresholds: reject below %.2f, confirm below %.2f\n",
           LISTEN_REJECT_BELOW, LISTEN_CONFIRM_BELOW);
    printf("  trade-off by rejection threshold (confidence):\n"
           "    threshold  correct%%  oov-accepted%%\n");
    for (int k = 0; k < NTH; k++)
        printf("    %9.2f  %8.1f  %13.1f\n", k / (double)(NTH - 1),
               100.0 * ty.iv_ok[k] / ty.iv, 100.0 * ty.oov_acc[k] / ty.oov);
    printf("  (%.1f s)\n", (util_now_ms() - t0) / 1000.0);
    return 0;
}
