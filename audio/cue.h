/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Cue sounds, generated in code (no sound files to install or lose):
 *   hold start  a soft rising two-note chime (E5 then A5), bell-like decay
 *   hold end    a falling two-note chime (A5 then D5), a little longer
 *   tick        a short, quiet 1.5 kHz tick for the last seconds
 * Every cue starts and ends at zero with a short fade, so it never clicks,
 * and peaks at CUE_PEAK, well under full scale, to sit under speech.
 *
 * Pure functions: thread-safe.  cue_render() does not allocate.
 */
#ifndef UNKNOT_AUDIO_CUE_H
#define UNKNOT_AUDIO_CUE_H

#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"

#define CUE_PEAK 9000

/* Length in samples of a cue at this sample rate. */
size_t cue_length(enum audio_cue cue, int rate);
/* Writes the whole cue into out (at least cue_length() samples). */
void cue_render(enum audio_cue cue, int rate, int16_t *out);

#endif
