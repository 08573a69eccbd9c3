/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recogniser behind the listener: PocketSphinx 0.8 with one grammar
 * per listening context (listen_word_in_context), all loaded at open, one
 * utterance at a time in the context given to recognizer_begin.
 *
 * Confidence: the grammar always names some word, so the result carries a
 * confidence from the decoder's best-path score per frame, mapped
 * linearly onto 0..1 between RECOGNIZER_SCORE_LOW and _HIGH (measured on
 * eSpeak NG speech with noise; see docs/voice.md).  Out-of-vocabulary
 * speech scores lower on average, but the two overlap: the threshold is a
 * trade between rejecting foreign words and keeping real ones.
 *
 * Margin, for measuring: the best hypothesis's score per frame over the
 * best hypothesis naming another word (the decoder's N-best list from its
 * lattice).  Added to the score it separated foreign words a little better
 * on the tuning data, not on held-out speakers, so rejection does not use
 * it (docs/voice.md, "What changed the figures, or did not").
 *
 * The dictionary holds only the vocabulary's CMUdict pronunciations, so
 * loading takes a fraction of a second and a few MB.  PocketSphinx's log is
 * silenced.  One recogniser per listener; not thread-safe.
 */
#ifndef UNKNOT_AUDIO_LISTEN_RECOGNIZER_H
#define UNKNOT_AUDIO_LISTEN_RECOGNIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/listen.h"

#define RECOGNIZER_SCORE_LOW (-40.0)
#define RECOGNIZER_SCORE_HIGH (-16.0)
/* The margin counts up to this (score per frame); also the margin when no
 * other word is in the N-best list at all. */
#define RECOGNIZER_MARGIN_CAP 20.0
/* How deep the N-best list is searched for another word. */
#define RECOGNIZER_NBEST 50

/* Probability of each decoy word relative to a command; 0 disables them.
 * UNKNOT_LISTEN_DECOY overrides it (for measuring). */
#define RECOGNIZER_DECOY_WEIGHT 0.0

struct recognizer;

struct recognizer_result {
    char word[16];          /* "" when nothing was recognised */
    double confidence;      /* 0..1 */
    double score_per_frame; /* raw, for tuning */
    double margin;          /* over the next word, 0..RECOGNIZER_MARGIN_CAP;
                               0 unless recognizer_want_margin */
    int frames;
};

/* NULL with *err (caller frees) when the model does not load. */
struct recognizer *recognizer_open(const char *model_dir, char **err);
void recognizer_close(struct recognizer *r);     /* NULL ok */
/* Whether recognizer_end reads the N-best list for the margin (off by
 * default: it is for measuring, and on a long utterance the list costs
 * far more than on a word). */
void recognizer_want_margin(struct recognizer *r, bool on);
/* An utterance: begin, feed 16 kHz mono samples, then end or abort. */
int recognizer_begin(struct recognizer *r, enum listen_context ctx);
int recognizer_feed(struct recognizer *r, const int16_t *s, size_t n);
/* 0 with *res filled (word "" when none), or <0 on a decoder error. */
int recognizer_end(struct recognizer *r, struct recognizer_result *res);
void recognizer_abort(struct recognizer *r);
/* Maps a raw score per frame onto the 0..1 confidence. */
double recognizer_confidence(double score_per_frame);

#endif
