/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Energy voice-activity detector; see listen_vad.h. */
#include "audio/listen_vad.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void vad_init(struct vad *v)
{
    *v = (struct vad){ 0 };
    /* Speech at 20 dB SNR peaks well above start_db; the lower end level
     * keeps weak final consonants ("six", "eight") inside the utterance. */
    v->start_db = 10.0;
    v->end_db = 6.0;
    /* Digital silence would put the floor at 0 dB and any dither over
     * it; 30 dB is a mean square of 1000, far below a quiet room. */
    v->min_floor_db = 30.0;
    /* 200 ms: longer than the stop closures inside words ("six",
     * "eight"), short enough to answer within the 300 ms target. */
    v->hang_frames = 20;
    v->max_frames = 300;       /* 3 s: longer talk is not a command */
    v->min_voiced = 8;         /* 80 ms: shorter is a click or a knock */
    v->calib_frames = 20;
    v->peak_drop_db = 25.0;
    v->calib_left = v->calib_frames;
    v->floor_db = v->min_floor_db;
}

void vad_reset(struct vad *v)
{
    v->in_speech = false;
    v->peak_db = 0;
    v->above = v->below = v->frames = v->voiced = 0;
}

void vad_begin(struct vad *v, int voiced)
{
    vad_reset(v);
    v->calib_left = 0;
    v->in_speech = true;
    v->frames = v->voiced = voiced;
    v->last_voiced = voiced - 1;
}

double vad_floor_db(const struct vad *v)
{
    return v->floor_db > v->min_floor_db ? v->floor_db : v->min_floor_db;
}

double vad_frame_db(const int16_t *frame, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)frame[i] * frame[i];
    return 10.0 * log10(sum / (double)(n ? n : 1) + 1.0);
}

static double level(const struct vad *v)
{
    return v->floor_db > v->min_floor_db ? v->floor_db : v->min_floor_db;
}

static int cmp_db(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The 20th percentile of the frame energies of the last 1.5 s. */
static double window_low(const struct vad *v)
{
    double tmp[VAD_WINDOW];
    size_t n = v->win_n;
    memcpy(tmp, v->win, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_db);
    return n ? tmp[n / 5] : v->floor_db;
}

enum vad_event vad_feed(struct vad *v, const int16_t *frame)
{
    double db = vad_frame_db(frame, LISTEN_FRAME);
    v->win[v->win_next] = db;
    v->win_next = (v->win_next + 1) % VAD_WINDOW;
    if (v->win_n < VAD_WINDOW)
        v->win_n++;
    if (v->calib_left > 0) {
        /* The first calibration_frames after opening are taken as the
         * room: nobody answers before being asked. */
        v->calib_sum += db;
        if (--v->calib_left == 0)
            v->floor_db = v->calib_sum / v->calib_frames;
        return VAD_QUIET;
    }
    double base = level(v);
    if (!v->in_speech) {
        if (db > base + v->start_db) {
            if (db > v->peak_db)
                v->peak_db = db;
            if (++v->above >= LISTEN_VAD_START_FRAMES) {
                v->in_speech = true;
                v->frames = v->above;
                v->voiced = v->above;
                v->last_voiced = v->frames - 1;
                v->below = 0;
                v->above = 0;
                return VAD_START;
            }
            return VAD_QUIET;
        }
        v->above = 0;
        v->peak_db = 0;
        /* Follow the noise: down fast, up slowly. */
        double k = db < v->floor_db ? 0.2 : 0.01;
        v->floor_db += k * (db - v->floor_db);
        return VAD_QUIET;
    }
    v->frames++;
    /* Talk that never stops (babble, a TV, music) keeps the detector in
     * an utterance, where the floor above does not move: after a second
     * in one, the floor rises to the room's low percentile over the last
     * 1.5 s, so the detector adapts to the noise instead of hearing one
     * endless word. */
    if (v->frames > 100 && v->frames % 10 == 0) {
        double low = window_low(v);
        if (low > v->floor_db)
            v->floor_db = low;
    }
    if (db > v->peak_db)
        v->peak_db = db;
    /* The end level follows the word's own loudness too: in babble or
     * music the noise keeps rising over floor + end_db, and a word ends
     * where it falls well below its own peak. */
    double end_level = base + v->end_db;
    if (v->peak_db - v->peak_drop_db > end_level)
        end_level = v->peak_db - v->peak_drop_db;
    if (db > end_level) {
        v->voiced++;
        v->last_voiced = v->frames - 1;
        v->below = 0;
    } else {
        v->below++;
    }
    if (v->frames >= v->max_frames) {
        vad_reset(v);
        return VAD_DISCARD;
    }
    if (v->below >= v->hang_frames) {
        v->last_peak_db = v->peak_db;
        bool enough = v->voiced >= v->min_voiced;
        v->tail = v->frames - 1 - v->last_voiced;
        vad_reset(v);
        return enough ? VAD_END : VAD_DISCARD;
    }
    return VAD_SPEECH;
}
