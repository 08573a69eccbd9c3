/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Echo cancellation with speexdsp; see listen_echo.h. */
#include "audio/listen_echo.h"

#include <math.h>
#include <stdlib.h>

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include "util/util.h"

#define ECHO_MAX_FRAME 480      /* 30 ms at 16 kHz */

struct listen_echo {
    int frame;
    SpeexEchoState *echo;
    SpeexPreprocessState *pre;
    unsigned seed;
};

struct listen_echo *echo_open(int frame, int rate)
{
    if (frame <= 0 || frame > ECHO_MAX_FRAME)
        return NULL;
    struct listen_echo *e = xcalloc(1, sizeof *e);
    int tail = rate / 1000 * LISTEN_ECHO_TAIL_MS;
    e->frame = frame;
    e->echo = speex_echo_state_init(frame, tail);
    e->pre = speex_preprocess_state_init(frame, rate);
    if (!e->echo || !e->pre) {
        echo_close(e);
        return NULL;
    }
    speex_echo_ctl(e->echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    /* Only the residual echo suppressor: denoising and gain control
     * would change the spectrum the recogniser was trained on. */
    int off = 0;
    speex_preprocess_ctl(e->pre, SPEEX_PREPROCESS_SET_DENOISE, &off);
    speex_preprocess_ctl(e->pre, SPEEX_PREPROCESS_SET_AGC, &off);
    speex_preprocess_ctl(e->pre, SPEEX_PREPROCESS_SET_DEREVERB, &off);
    speex_preprocess_ctl(e->pre, SPEEX_PREPROCESS_SET_ECHO_STATE, e->echo);
    return e;
}

void echo_close(struct listen_echo *e)
{
    if (!e)
        return;
    if (e->pre)
        speex_preprocess_state_destroy(e->pre);
    if (e->echo)
        speex_echo_state_destroy(e->echo);
    free(e);
}

void echo_cancel(struct listen_echo *e, const int16_t *mic,
                 const int16_t *ref, int16_t *out, double *echo_db,
                 double *resid_db)
{
    /* Digital silence (a monitor source, a muted output) is dithered by
     * one step: on exact zeros speexdsp's filter statistics go to zero
     * and the first word after a pause was not cancelled at all. */
    int16_t m[ECHO_MAX_FRAME], r[ECHO_MAX_FRAME];
    for (int i = 0; i < e->frame; i++) {
        e->seed = e->seed * 1103515245u + 12345u;
        int d = (int)((e->seed >> 16) & 3) - 1;     /* -1, 0, 1, 2 */
        m[i] = (int16_t)(mic[i] == 0 ? (d > 1 ? 0 : d) : mic[i]);
        r[i] = (int16_t)(ref[i] == 0 ? (d > 1 ? 0 : -d) : ref[i]);
    }
    speex_echo_cancellation(e->echo, m, r, out);
    mic = m;
    double ee = 0, rr = 0;
    for (int i = 0; i < e->frame; i++) {
        double y = (double)mic[i] - out[i];     /* the predicted echo */
        ee += y * y;
        rr += (double)out[i] * out[i];
    }
    *echo_db = 10 * log10(ee / e->frame + 1);
    *resid_db = 10 * log10(rr / e->frame + 1);
    speex_preprocess_run(e->pre, out);
}
