/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Speech and sound: eSpeak NG synthesised in-process, cue tones generated
 * in code, mixed and played through an output backend chosen by name.
 *
 * Threads.  audio_open() starts one synthesis thread (eSpeak NG is not
 * thread-safe, so every call into it happens there, or under the same lock
 * in audio_speech_ms()).  That thread also starts and stops the output and
 * replaces a lost device by a silent output.  The output (a PortAudio
 * callback, or a pacing thread for wav/null) reads samples from a lock-free
 * single-producer/single-consumer ring: it never locks, allocates or blocks.
 *
 * When the echo reference is enabled (audio_reference_enable, for
 * barge-in), the output also copies what it renders into a lock-free ring
 * (still no locks, allocation or blocking on its side), and ONE other
 * thread, the listener's, drains it through audio_reference().
 *
 * The functions below are meant for one control thread (the app's main
 * loop); they are nevertheless safe to call from several threads, since
 * their side takes a mutex.  None of them waits for the output (except
 * audio_wait_idle and audio_close); audio_set_voice() and audio_speech_ms()
 * may wait a few milliseconds for a synthesis in progress.
 *
 * Errors are 0 or a negative AUDIO_ERR_* code.
 */
#ifndef UNKNOT_AUDIO_AUDIO_H
#define UNKNOT_AUDIO_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum {
    AUDIO_ERR_ARG = -1,      /* bad argument (NULL, out of range) */
    AUDIO_ERR_VOICE = -2,    /* no such eSpeak NG voice */
    AUDIO_ERR_SYNTH = -3,    /* eSpeak NG failed */
    AUDIO_ERR_DEVICE = -4,   /* the output device failed */
    AUDIO_ERR_QUEUE = -5,    /* too many utterances queued */
};

struct audio_options {
    const char *backend;      /* "portaudio" (default when NULL), "wav", "null" */
    const char *device;       /* NULL/"" default, else name or index */
    const char *wav_path;     /* wav backend output */
    bool wav_realtime;        /* wav: pace in real time (else as fast as possible) */
    const char *voice;        /* eSpeak NG voice name, e.g. "en", "en-us", "de" */
    int rate_wpm;             /* 80..450 (0: 175) */
    int volume;               /* 0..100 (0 is silent, not a default) */
    /* Extra, zero is the default. */
    int buffer_frames;        /* frames per output buffer (default 256) */
    int sample_rate;          /* output rate; 0: the speech rate (22050)
                                 when the device takes it, else the
                                 device's own.  Speech is resampled. */
    double pace;              /* null/wav realtime: speed-up of the pacing
                                 clock, for benchmarks (default 1.0) */
    const char *fault;        /* null backend: simulated faults, e.g.
                                 "lost-after-ms=300" or "open" */
};

struct audio;

/* Never fails just because there is no device: logs once (log_once in
 * util/log.h) and carries on with a null output paced in real time, so
 * "speech done" events still come at the right moment.  NULL only for
 * invalid options (unknown backend or voice, rate or volume out of range,
 * wav without a path, a wav file that cannot be created), with *err set to
 * a message the caller frees. */
struct audio *audio_open(const struct audio_options *o, char **err);
/* Drops what is still queued (no done events), lets the device play out
 * what it already holds, and frees everything.  NULL ok. */
void audio_close(struct audio *a);

/* Queues an utterance (UTF-8 text, copied).  Its id comes back from
 * audio_poll_done() once its last sample has been handed to the device. */
int audio_say(struct audio *a, const char *text, uint32_t id);
/* Voice for the utterances queued after this call.  AUDIO_ERR_VOICE when
 * eSpeak NG has no such voice (the current one is kept). */
int audio_set_voice(struct audio *a, const char *voice);
/* Rate and volume for what is queued after (rate) / at once (volume). */
int audio_set_rate(struct audio *a, int rate_wpm);
int audio_set_volume(struct audio *a, int volume);

enum audio_cue { AUDIO_CUE_HOLD_START, AUDIO_CUE_HOLD_END, AUDIO_CUE_TICK };
/* Plays a cue at once, mixed over any speech. */
int audio_cue(struct audio *a, enum audio_cue cue);

/* Silences speech and cues within one output buffer and drops the queue;
 * the dropped utterances still report done. */
void audio_interrupt(struct audio *a);
/* An utterance finished PLAYING (or was dropped): true and *id set. */
bool audio_poll_done(struct audio *a, uint32_t *id);
/* Readable while a done event is pending (an eventfd), for poll() loops.
 * Owned by the audio; do not close or read it. */
int audio_event_fd(struct audio *a);
/* True from audio_say() until the last queued utterance is done. */
bool audio_is_speaking(struct audio *a);
/* False: no sound (null backend, or no or lost device): text only. */
bool audio_has_device(const struct audio *a);

/* Spoken length in ms of text with this voice and rate, synthesised but
 * not played (for the coach's virtual-time mode and duration estimates).
 * <0 on error.  Callable from any thread: it takes the same lock as the
 * synthesis thread, so it may wait for the synthesis in progress. */
long audio_speech_ms(const char *text, const char *voice, int rate_wpm);

/* Counters for tests and benchmarks (read without locking; approximate
 * while the audio runs). */
struct audio_stats {
    uint64_t frames;          /* frames handed to the output */
    uint64_t underflows;      /* buffers where speech was owed but missing,
                                 plus underflows the device reported */
    uint64_t late_buffers;    /* pacing outputs: a buffer rendered later than
                                 its deadline plus one buffer */
    uint64_t late_realtime_buffers; /* ... later than one buffer period
                                       at real time (differs when paced
                                       faster, see pace) */
    long long worst_late_ns;  /* pacing outputs: the latest a buffer was
                                 finished after its deadline */
    uint64_t utterances_done;
    long long first_sound_ns; /* monotonic ns at the start of the last
                                 buffer that began a stretch of speech */
    int sample_rate;          /* of the output */
    int buffer_frames;
    const char *backend;      /* name of the backend in use */
};
void audio_get_stats(const struct audio *a, struct audio_stats *st);

/* Waits (bounded) until the synthesis thread has nothing left to do and
 * the output has played everything queued.  0, or -1 on timeout. */
int audio_wait_idle(struct audio *a, long timeout_ms);

/* The capture backend ("capture") has no clock: the caller is the device.
 * Renders `frames` frames as a device callback would and appends them to
 * the capture; pad=false renders only what is ready (like the fast wav).
 * Returns the number of frames rendered, <0 when not a capture audio. */
long audio_capture_pump(struct audio *a, size_t frames, bool pad);
/* Everything the capture backend was handed so far (borrowed, valid until
 * the next pump or close). */
const int16_t *audio_capture_samples(struct audio *a, size_t *count);

/* As audio_capture_pump, with the time the first frame is heard (ms on
 * the caller's clock: a test's manual clock) for the reference below;
 * audio_capture_pump stamps it with the monotonic clock's now. */
long audio_capture_pump_at(struct audio *a, size_t frames, bool pad,
                           long long play_ms);

/* The reference for the listener's echo canceller (barge-in): what the
 * output renders, stamped with when it is heard (PortAudio's DAC time,
 * so the device's output latency is counted; the paced outputs' own
 * clock; the capture caller's time), resampled to 16 kHz.
 *
 * audio_reference_available(): the output is one whose sound can reach a
 * microphone (a device, or the capture output of tests); false with no
 * device, a lost one, or the null and WAV outputs.  It can turn false
 * while running (a lost device).  audio_reference_enable(): start or stop
 * copying what is rendered (any thread; off at open, and then it costs
 * the output nothing).
 *
 * audio_reference() has listener_options.reference's signature
 * (audio/listen.h): pass the audio as its user.  It fills n 16 kHz
 * samples with what was heard from at16 on (16 kHz samples, i.e. ms x 16,
 * on the monotonic clock, util_now_ms's, or the capture caller's clock),
 * zeros where nothing
 * played; it returns listen.h's LISTEN_REF_* flags (the stream placed
 * afresh; part of the span not played yet).  ONE consumer thread (the listener's) calls it; it never
 * blocks the output: the render side only copies into a lock-free ring
 * (about 3 s deep; blocks are dropped, and counted, if it is not read).
 * It keeps the last 2 s; the audio must outlive its use. */
bool audio_reference_available(const struct audio *a);
int audio_reference_enable(struct audio *a, bool on);
int audio_reference(void *audio, int16_t *buf, size_t n, long long at16);
/* Blocks copied and dropped by the render side, and how often the
 * consumer re-placed the stream on the clock (a gap, a restart) or
 * slewed it by one sample (drift, jitter). */
void audio_reference_stats(const struct audio *a, uint64_t *blocks,
                           uint64_t *dropped, uint64_t *anchors,
                           uint64_t *slews);

/* Output and input devices, as PortAudio sees them. */
struct audio_device {
    int index;
    char name[128];
    char host_api[32];
    int max_output, max_input;      /* channels */
    double default_rate;
    bool default_output, default_input;
};
/* Fills *list (caller frees) and *count.  0, or AUDIO_ERR_DEVICE with *err
 * (caller frees) when PortAudio cannot start. */
int audio_list_devices(struct audio_device **list, size_t *count, char **err);

/* The message for an AUDIO_ERR_* code (static string). */
const char *audio_strerror(int err);

#endif
