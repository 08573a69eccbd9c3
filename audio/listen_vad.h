/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Voice-activity detection for the listener: frame energy against a noise
 * floor learnt from the room.  Pure and deterministic (no clock, no I/O);
 * one detector per listener, used by one thread.
 *
 * The floor starts from the first calibration frames, then follows the
 * noise between utterances: quickly down, slowly up, so a fan switched on
 * raises it within seconds while speech (which is short) barely moves it.
 * Speech starts after LISTEN_VAD_START_FRAMES frames above floor + start_db
 * and ends after hang_frames frames below floor + end_db, or below the
 * utterance's peak - peak_drop_db when that is higher (babble, music).
 * Inside an utterance longer than a second (talk that never stops), the
 * floor rises to the low percentile of the last 1.5 s.
 */
#ifndef UNKNOT_AUDIO_LISTEN_VAD_H
#define UNKNOT_AUDIO_LISTEN_VAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LISTEN_RATE 16000
#define LISTEN_FRAME 160            /* 10 ms */
#define LISTEN_VAD_START_FRAMES 3
#define VAD_WINDOW 150              /* 1.5 s of frame energies */

enum vad_event {
    VAD_QUIET,          /* no speech */
    VAD_START,          /* speech began LISTEN_VAD_START_FRAMES - 1 frames
                           before this one (inclusive of this one) */
    VAD_SPEECH,         /* inside an utterance */
    VAD_END,            /* the utterance ended with this frame */
    VAD_DISCARD,        /* ended, but too long (max_frames) or too little
                           voiced to be a word: not a command */
};

struct vad {
    double floor_db;
    int calib_left;             /* calibration frames still to see */
    double calib_sum;
    bool in_speech;
    int above;                  /* consecutive frames above start level */
    int below;                  /* consecutive frames below end level */
    int frames;                 /* frames in the current utterance */
    int voiced;                 /* frames above end level in it */
    int last_voiced;            /* frame index of the last one */
    int tail;                   /* after VAD_END: frames since the last
                                   voiced one (the end of the speech) */
    double peak_db;             /* the loudest frame of this utterance */
    double last_peak_db;        /* after VAD_END: the ended one's */
    double win[VAD_WINDOW];     /* the last frames' energies */
    size_t win_n, win_next;
    /* Tuning (set by vad_init; change before use). */
    double start_db, end_db, min_floor_db;
    double peak_drop_db;        /* also ends this far below the peak */
    int hang_frames, max_frames, min_voiced, calib_frames;
};

void vad_init(struct vad *v);
/* Forget any utterance in progress (the floor is kept). */
void vad_reset(struct vad *v);
/* Enters an utterance already `voiced` frames long, found by another
 * detector (the echo canceller's barge-in): the next frames continue it. */
void vad_begin(struct vad *v, int voiced);
/* The noise floor in use (dB, see vad_frame_db). */
double vad_floor_db(const struct vad *v);
/* Feeds one frame of LISTEN_FRAME samples. */
enum vad_event vad_feed(struct vad *v, const int16_t *frame);
/* Energy of a frame in dB (of the mean square, +1 to stay finite). */
double vad_frame_db(const int16_t *frame, size_t n);

#endif
