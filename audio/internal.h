/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside audio/: the output backend interface and the render entry point
 * the backends call.  Not for use outside audio/ (tests excepted).
 *
 * A backend is a const struct of functions in one static table, chosen by
 * name (see audio.c).  Its state lives in out->priv, one per instance.
 * Calls come from two places:
 *   - open/close from audio_open()/audio_close() or the synthesis thread
 *     (when a lost device is replaced), never at the same time;
 *   - start/check/kick from the synthesis thread only;
 * and the backend's clock (a PortAudio callback or its own thread) calls
 * audio_render(), which is real-time safe.
 */
#ifndef UNKNOT_AUDIO_INTERNAL_H
#define UNKNOT_AUDIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"

struct audio_out;

struct audio_backend {
    const char *name;
    bool is_device;             /* a person hears it */
    /* Opens the output; it may start rendering at once.  <0 with *err. */
    int (*open)(struct audio_out *o, char **err);
    void (*close)(struct audio_out *o);
    /* Makes sure the output is rendering (outputs that stop when idle). */
    int (*start)(struct audio_out *o);
    /* Health: 0, or <0 with *why (static) when the device is gone. */
    int (*check)(struct audio_out *o, const char **why);
    /* Something new to render (outputs that sleep when idle). */
    void (*kick)(struct audio_out *o);
};

struct audio_out {
    const struct audio_backend *be;
    struct audio *a;
    void *priv;
    /* Configuration, borrowed from the audio. */
    int rate;                   /* the backend's open may change it
                                   unless rate_fixed */
    bool rate_fixed;
    int buffer_frames;
    const char *device;
    const char *wav_path;
    bool realtime;
    double pace;
    const char *fault;
};

extern const struct audio_backend audio_out_portaudio;
extern const struct audio_backend audio_out_wav;
extern const struct audio_backend audio_out_null;
extern const struct audio_backend audio_out_capture;

/* Renders up to `frames` frames of mixed speech and cues at the output
 * rate.  pad: always fill all frames, with silence where nothing is ready
 * (a device with a clock); else stop where the ready audio ends (outputs
 * without a clock, so a file gets no gaps).  *idle: nothing is playing,
 * queued or owed.  play_ns: when the first frame is heard (monotonic ns:
 * PortAudio's DAC time, a paced output's deadline, the capture caller's
 * time); what is rendered goes to the reference tap with it (tap.h).
 * Returns frames written.  Real-time safe: no locks, no allocation, no
 * blocking (the done eventfd is written non-blocking). */
size_t audio_render(struct audio *a, int16_t *out, size_t frames, bool pad,
                    bool *idle, long long play_ns);
/* The last audio_render() ran out of speech in the middle of an utterance
 * (an underflow).  For the output's clock thread only. */
bool audio_render_starved(struct audio *a);
/* Frames of idle (see audio_render) since the last sound, for outputs that
 * stop themselves after a while. */
uint64_t audio_idle_frames(struct audio *a);
/* The echo reference is enabled (audio_reference_enable): an output that
 * can stop when idle keeps running instead.  Real-time safe. */
bool audio_reference_wanted(struct audio *a);
/* A device-level underflow reported by the output (PortAudio's flag); it
 * also re-places the echo reference (tap_mark_gap).  For the thread that
 * calls audio_render only. */
void audio_note_underflow(struct audio *a);
/* A pacing output finished a buffer late_ns after its deadline; `paced`
 * when that is beyond one (paced) buffer period, `real` when beyond one
 * buffer period at real time. */
void audio_note_late(struct audio *a, long long late_ns, bool paced,
                     bool real);

/* The capture backend's side of audio_capture_pump/_samples. */
long audio_out_capture_pump(struct audio_out *o, size_t frames, bool pad,
                            long long play_ns);
const int16_t *audio_out_capture_data(struct audio_out *o, size_t *n);

/* PortAudio set-up shared by the backend and audio_list_devices():
 * routes ALSA and JACK chatter to the log, then Pa_Initialize.  0 or <0
 * with *err. */
int audio_pa_init(char **err);
void audio_pa_term(void);

/* Monotonic nanoseconds. */
long long audio_now_ns(void);

#endif
