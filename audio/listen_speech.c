/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test speech from eSpeak NG; see listen_speech.h. */
#include "audio/listen_speech.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/listen_input.h"
#include "audio/speech.h"
#include "audio/listen_vad.h"
#include "util/util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static int sink(const int16_t *wav, size_t n, void *user)
{
    struct speech_clip *c = user;
    c->s = xrealloc(c->s, (c->n + n) * sizeof *wav);
    memcpy(c->s + c->n, wav, n * sizeof *wav);
    c->n += n;
    return 0;
}

int listen_speech_say(const char *text, const char *voice, int rate_wpm,
                      struct speech_clip *out)
{
    *out = (struct speech_clip){ 0 };
    int rate = speech_rate();
    if (rate <= 0)
        return -1;
    struct speech_clip raw = { 0 };
    if (speech_synth(text, voice, rate_wpm, sink, &raw) < 0) {
        free(raw.s);
        return -1;
    }
    out->s = listen_resample(raw.s, raw.n, rate, LISTEN_RATE, &out->n);
    free(raw.s);
    return 0;
}

void listen_speech_silence(struct speech_clip *t, int ms)
{
    size_t k = (size_t)ms * (LISTEN_RATE / 1000);
    t->s = xrealloc(t->s, (t->n + k + 1) * sizeof *t->s);
    memset(t->s + t->n, 0, k * sizeof *t->s);
    t->n += k;
}

void listen_speech_append(struct speech_clip *t, const struct speech_clip *c)
{
    t->s = xrealloc(t->s, (t->n + c->n + 1) * sizeof *t->s);
    memcpy(t->s + t->n, c->s, c->n * sizeof *t->s);
    t->n += c->n;
}

static double uniform(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (double)(*x >> 11) * (1.0 / 9007199254740992.0);
}

static double gauss(uint64_t *x)
{
    double u1 = uniform(x) + 1e-12, u2 = uniform(x);
    return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

void listen_speech_add_noise(struct speech_clip *t, double snr_db,
                             uint64_t seed)
{
    double sum = 0;
    size_t active = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (abs(t->s[i]) > 300) {
            sum += (double)t->s[i] * t->s[i];
            active++;
        }
    }
    double speech = active ? sum / (double)active : 1e6;
    double rms = sqrt(speech / pow(10, snr_db / 10));
    uint64_t x = seed ? seed : 88172645463325252ull;
    double low = 0;
    for (size_t i = 0; i < t->n; i++) {
        double w = gauss(&x);
        /* Unit-power mix of white and a one-pole low-pass of it. */
        low = 0.97 * low + 0.03 * w;
        double v = t->s[i] + rms * (0.7071 * w + 0.7071 * low * 8.1);
        t->s[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768
                                                          : lrint(v));
    }
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16 & 0xffff));
}

int listen_speech_write_wav(const char *path, const struct speech_clip *c)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    unsigned char h[44];
    unsigned long data = (unsigned long)c->n * 2;
    memcpy(h, "RIFF", 4);
    put32(h + 4, 36 + data);
    memcpy(h + 8, "WAVEfmt ", 8);
    put32(h + 16, 16);
    put16(h + 20, 1);
    put16(h + 22, 1);
    put32(h + 24, LISTEN_RATE);
    put32(h + 28, LISTEN_RATE * 2);
    put16(h + 32, 2);
    put16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put32(h + 40, data);
    bool ok = fwrite(h, 1, sizeof h, f) == sizeof h;
    for (size_t i = 0; ok && i < c->n; i++) {
        unsigned char b[2];
        put16(b, (unsigned)(uint16_t)c->s[i]);
        ok = fwrite(b, 1, 2, f) == 2;
    }
    if (fclose(f) != 0)
        ok = false;
    return ok ? 0 : -1;
}
