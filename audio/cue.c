/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See cue.h. */
#include "audio/cue.h"

#include <math.h>

#include "util/util.h"

struct note {
    double start_s, freq, amp, decay_s;
};

struct cue_def {
    double length_s;
    const struct note *notes;
    size_t count;
};

/* A bell: the fundamental plus a quieter octave, each decaying
 * exponentially; a 5 ms attack avoids the click of a sudden onset. */
static const struct note hold_start[] = {
    { 0.00, 659.26, 1.0, 0.18 },
    { 0.12, 880.00, 1.0, 0.22 },
};
static const struct note hold_end[] = {
    { 0.00, 880.00, 1.0, 0.18 },
    { 0.15, 587.33, 1.0, 0.30 },
};
static const struct note tick[] = {
    { 0.00, 1500.0, 1.0, 0.010 },
};

static const struct cue_def defs[] = {
    [AUDIO_CUE_HOLD_START] = { 0.55, hold_start, ARRAY_LEN(hold_start) },
    [AUDIO_CUE_HOLD_END] = { 0.75, hold_end, ARRAY_LEN(hold_end) },
    [AUDIO_CUE_TICK] = { 0.035, tick, ARRAY_LEN(tick) },
};

size_t cue_length(enum audio_cue cue, int rate)
{
    UNKNOT_ASSERT((unsigned)cue < ARRAY_LEN(defs) && rate > 0);
    return (size_t)(defs[cue].length_s * rate);
}

void cue_render(enum audio_cue cue, int rate, int16_t *out)
{
    const struct cue_def *d = &defs[cue];
    size_t n = cue_length(cue, rate);
    const double attack = 0.005, fade = 0.010;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate, v = 0.0;
        for (size_t k = 0; k < d->count; k++) {
            const struct note *nt = &d->notes[k];
            double u = t - nt->start_s;
            if (u < 0)
                continue;
            double env = exp(-u / nt->decay_s);
            if (u < attack)
                env *= u / attack;
            double w = 2.0 * M_PI * nt->freq * u;
            v += nt->amp * env * (0.8 * sin(w) + 0.2 * sin(2.0 * w));
        }
        /* The notes overlap; halve so two at their peak stay in range. */
        v *= 0.5 * (d->count > 1 ? 1.0 : 2.0);
        double left = (double)(n - 1 - i) / rate;
        if (left < fade)
            v *= left / fade;
        if (v > 1.0)
            v = 1.0;
        if (v < -1.0)
            v = -1.0;
        out[i] = (int16_t)lrint(v * CUE_PEAK);
    }
}
