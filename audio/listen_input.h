/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the listener: its input backends, a const struct of functions per
 * backend chosen by name (listen.c holds the table), state in in->priv.
 * Not for use outside audio/listen*.c (tests excepted).
 *
 * open, read and close are called by the listener's thread.  The PortAudio
 * backend's callback runs on PortAudio's thread and only writes a ring and
 * an eventfd.
 */
#ifndef UNKNOT_AUDIO_LISTEN_INPUT_H
#define UNKNOT_AUDIO_LISTEN_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct listen_input;

struct listen_input_backend {
    const char *name;
    /* <0 with *err (caller frees); LISTEN_ERR_DEVICE for no microphone. */
    int (*open)(struct listen_input *in, char **err);
    void (*close)(struct listen_input *in);
    /* Copies up to max 16 kHz mono samples available at now_ms into buf
     * and sets *t0_ms to the time of the first.  Returns the count, 0 when
     * nothing is ready yet, -1 at the end of the input. */
    long (*read)(struct listen_input *in, int16_t *buf, size_t max,
                 long long now_ms, long long *t0_ms);
    /* Readable when audio arrived, or -1. */
    int (*event_fd)(const struct listen_input *in);
};

struct listen_input {
    const struct listen_input_backend *be;
    void *priv;
    const char *device;     /* borrowed from the listener */
    const char *wav_path;
    bool realtime;
    long long open_ms;      /* the caller's clock at open */
};

extern const struct listen_input_backend listen_in_wav;
extern const struct listen_input_backend listen_in_portaudio;
extern const struct listen_input_backend listen_in_push;

/* The push backend's side of listener_push (contiguous samples: t0_ms
 * is used when nothing is pending).  n a whole number of ms. */
int listen_push_samples(struct listen_input *in, const int16_t *s, size_t n,
                        long long t0_ms);

/* Reads a PCM16 WAV file (any rate, mono or stereo) as 16 kHz mono.
 * 0, or LISTEN_ERR_INPUT with *err.  *samples is the caller's to free. */
int listen_wav_load(const char *path, int16_t **samples, size_t *count,
                    char **err);
/* Resamples 16-bit mono audio (windowed sinc); the result is the caller's
 * to free.  Used for WAV files and for test speech (eSpeak's 22050 Hz). */
int16_t *listen_resample(const int16_t *in, size_t n, int rate_in,
                         int rate_out, size_t *n_out);

#endif
