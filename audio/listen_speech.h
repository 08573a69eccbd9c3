/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Test speech for the listener: words spoken by eSpeak NG in retrieval
 * mode, resampled to 16 kHz, laid out with silences, with noise mixed in at
 * a chosen signal-to-noise ratio, and written as a WAV file.  Used by the
 * tests, `make bench` and `unknot listen --self-test`: the recogniser can be
 * checked on any machine, without a microphone.
 *
 * Synthesis goes through audio/speech.h, which owns eSpeak NG and its one
 * process-wide lock, so this is safe beside an open audio and never
 * disturbs its speech-length estimates.  Thread-safe.  Deterministic: the
 * same inputs give the same samples.
 */
#ifndef UNKNOT_AUDIO_LISTEN_SPEECH_H
#define UNKNOT_AUDIO_LISTEN_SPEECH_H

#include <stddef.h>
#include <stdint.h>

struct speech_clip {
    int16_t *s;         /* 16 kHz mono; free() it */
    size_t n;
};

/* Speaks text with a voice ("en-us", "en+f3", ...) at rate_wpm into *out.
 * 0, or -1 when eSpeak NG cannot start or has no such voice. */
int listen_speech_say(const char *text, const char *voice, int rate_wpm,
                      struct speech_clip *out);
/* Appends `ms` of silence, or a clip, to *track. */
void listen_speech_silence(struct speech_clip *track, int ms);
void listen_speech_append(struct speech_clip *track,
                          const struct speech_clip *clip);
/* Mixes noise (pink-ish: white plus a low-passed part, as a fan or a
 * room sounds) so that speech power over noise power is snr_db; speech
 * power is measured over samples louder than the quiet parts.  seed makes
 * it repeatable. */
void listen_speech_add_noise(struct speech_clip *track, double snr_db,
                             uint64_t seed);
/* Writes a 16 kHz mono PCM16 WAV file; 0 or -1. */
int listen_speech_write_wav(const char *path, const struct speech_clip *c);

#endif
