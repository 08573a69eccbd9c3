/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Mixing speech and cues into one output stream without clipping.
 *
 * Sources are summed in 32 bits, scaled by the master volume and then
 * passed through a soft limiter: below the knee (3/4 of full scale) samples
 * pass untouched, above it the excess is compressed so that even two
 * full-scale sources summed stay inside 16 bits.  Nothing is ever clamped
 * or wrapped, so loud speech under a chime bends instead of crackling.
 *
 * Pure functions on caller buffers: real-time safe, thread-safe.
 */
#ifndef UNKNOT_AUDIO_MIX_H
#define UNKNOT_AUDIO_MIX_H

#include <stddef.h>
#include <stdint.h>

#define MIX_KNEE 24576
/* The loudest sum the limiter maps below full scale: two full-scale
 * sources.  Louder input (not produced by this module) is clamped. */
#define MIX_MAX_IN 65536

/* The limiter curve for one summed sample. */
int16_t mix_limit(int32_t x);
/* acc[i] += src[i] for n samples. */
void mix_add(int32_t *acc, const int16_t *src, size_t n);
/* out[i] = limit(acc[i] * volume / 100); volume 0..100. */
void mix_finish(int16_t *out, const int32_t *acc, size_t n, int volume);
/* True when any of the n samples is not zero. */
int mix_has_sound(const int16_t *s, size_t n);

#endif
