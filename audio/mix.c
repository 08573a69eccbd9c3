/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See mix.h. */
#include "audio/mix.h"

int16_t mix_limit(int32_t x)
{
    int32_t mag = x < 0 ? -x : x;
    if (mag <= MIX_KNEE)
        return (int16_t)x;
    if (mag > MIX_MAX_IN)
        mag = MIX_MAX_IN;
    /* Linear from the knee up to MIX_MAX_IN, mapped onto the knee up to
     * full scale: continuous and monotonic, so no step in the waveform. */
    int64_t over = (int64_t)(mag - MIX_KNEE) * (32767 - MIX_KNEE);
    int32_t y = MIX_KNEE + (int32_t)(over / (MIX_MAX_IN - MIX_KNEE));
    return (int16_t)(x < 0 ? -y : y);
}

void mix_add(int32_t *acc, const int16_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        acc[i] += src[i];
}

void mix_finish(int16_t *out, const int32_t *acc, size_t n, int volume)
{
    if (volume < 0)
        volume = 0;
    if (volume > 100)
        volume = 100;
    for (size_t i = 0; i < n; i++)
        out[i] = mix_limit((int32_t)((int64_t)acc[i] * volume / 100));
}

int mix_has_sound(const int16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i])
            return 1;
    return 0;
}
