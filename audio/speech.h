/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eSpeak NG behind one process-wide lock.
 *
 * eSpeak NG keeps global state and crashes when two threads synthesise at
 * once, so every call into it goes through this module, which holds
 * speech_mutex for the whole call.  It is initialised once, lazily, in
 * synchronous mode: the samples come back to us, on the calling thread,
 * before espeak_Synth returns (plain retrieval mode hands the work to a
 * thread of eSpeak NG's own, which would run the callback after the
 * caller's lock and job are gone), and eSpeak NG never touches a sound
 * device.  It is never terminated: it lives as long as the process.
 *
 * Samples are 16-bit signed mono at speech_rate() Hz (22050 with eSpeak NG
 * 1.51).  Thread-safe; may block while another thread synthesises.
 */
#ifndef UNKNOT_AUDIO_SPEECH_H
#define UNKNOT_AUDIO_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Called with each block of samples; return nonzero to stop synthesis at
 * once (the way an interrupt cuts a long utterance short). */
typedef int (*speech_sink_fn)(const int16_t *samples, size_t n, void *user);

/* Initialises eSpeak NG if needed; returns the sample rate, or <0 with a
 * static message in *msg. */
int speech_init(const char **msg);
int speech_rate(void);

/* 0 when eSpeak NG knows the voice, else AUDIO_ERR_VOICE. */
int speech_check_voice(const char *voice);

/* Synthesises text with voice and rate, feeding sink.  0, or an AUDIO_ERR_*
 * code.  Returns 0 also when the sink stopped it. */
int speech_synth(const char *text, const char *voice, int rate_wpm,
                 speech_sink_fn sink, void *user);

#endif
