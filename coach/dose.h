/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Dose limits: what a routine file may ask of a body, from the "Default
 * dose" section of the safety model (docs/routine-format.md, "Doses",
 * gives the table line by line).  This module holds the limits that can be
 * checked in the file, before anyone lies on a roller:
 *
 *   - hold per side 30 to 120 s (DOSE_HOLD_MIN_S..DOSE_HOLD_MAX_S; the
 *     routine parser refuses other values while reading `hold`);
 *   - at most DOSE_MAX_SETS sets (steps) of one region per routine;
 *   - a tender-spot hold at most DOSE_TENDER_MAX_S: a step with
 *     `tool = ball`, or whose `setup` or `cue` tells the user to hold or
 *     pause on a spot (dose_tender_phrase());
 *   - pressure named in a text ("about 8 out of 10") at most 7, and at most
 *     4 in a `level = gentle` routine (the cap for fibromyalgia, older
 *     users and blood thinners);
 *   - the 20-minute cap (DOSE_SESSION_CAP_S) on the length of the timeline
 *     the engine itself produces for the routine (dose_worst_case()).
 *
 * Everything at run time (frequency, next-day soreness, the lighter mode's
 * pressure cap, the soreness stop) is the engine's: coach/engine.h.
 *
 * The timeline is measured by running the real engine (coach/engine.h) in
 * virtual time, as the session driver does for `unknot show`: every
 * utterance takes its spoken length, a question is answered
 * DOSE_ANSWER_DELAY_MS after it has been spoken with an answer that keeps
 * the routine going, every timer runs out.  The worst case is the longest
 * of these runs, all at the slowest speech rate and the longest lead-in
 * config/settings.def allows, in the routine's language:
 *   - first use: the whole health screening, the daily check, the intro;
 *   - a later session: the daily check and a recent-soreness question for
 *     every region of the routine;
 * each with detailed and with concise prompts.  Time the user takes beyond
 * DOSE_ANSWER_DELAY_MS to answer, and pauses, are not counted: no hold
 * runs meanwhile.
 *
 * Spoken lengths come from a struct dose_speech: eSpeak NG's own
 * (audio_speech_ms, through a dose_cache so each text is synthesised once
 * per process), or dose_speech_bound_ms(), an upper bound from the text
 * alone for where eSpeak NG cannot run (it hangs under qemu user
 * emulation): `unknot check --estimate`.  The bound is verified against
 * eSpeak NG by tests/test_dose.c on every text the bundled routines and
 * the engine speak and on hard cases (numbers, symbols, capitals, other
 * languages); a routine passes the cap on the bound only when it would on
 * eSpeak NG's lengths.
 *
 * Threads: the functions are reentrant; a dose_cache is used by one thread.
 * Nothing here touches eSpeak NG itself: the caller passes the measure.
 */
#ifndef UNKNOT_COACH_DOSE_H
#define UNKNOT_COACH_DOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/settings.h"
#include "routines/routine.h"
#include "util/diag.h"

#define DOSE_HOLD_MIN_S      30     /* per side (Behm 2020: 30-120 s) */
#define DOSE_HOLD_MAX_S      120
#define DOSE_HOLD_USUAL_MAX_S 60    /* the usual dose, 30-60 s: no check */
#define DOSE_MAX_SETS        3      /* sets of one region per routine */
#define DOSE_TENDER_MAX_S    60     /* one tender spot held */
#define DOSE_PRESSURE_CAP    7      /* 0-10, hard cap */
#define DOSE_PRESSURE_GENTLE 4      /* cap for the gentle groups */
#define DOSE_SESSION_CAP_S   (20 * 60)
#define DOSE_ANSWER_DELAY_MS 1000   /* as `unknot show` answers */

/* The phrase in text that tells the user to hold or pause on one spot
 * ("pause on", "hold still", ...; docs/routine-format.md lists them), or
 * NULL.  Case-insensitive, at word boundaries. */
const char *dose_tender_phrase(const char *text);
/* True when step st holds a tender spot: tool = ball, or its setup or cue
 * has a dose_tender_phrase(). */
bool dose_step_is_tender_spot(const struct routine_step *st);
/* The highest pressure a text names on the 0-10 scale ("7 out of 10",
 * "seven out of ten", "8/10"), or -1 when it names none. */
int dose_pressure_named(const char *text);

/* The file checks above (sets, tender spots, named pressure) on a loaded
 * routine: each problem is a FILE:LINE error added to dl.  Returns the
 * number of errors added.  routine_load_* call it, so no loaded routine
 * breaks them. */
size_t dose_check_routine(const struct routine *r, const char *file,
                          struct diag_list *dl);

/* ---- the 20-minute cap -------------------------------------------------- */

/* A spoken length in ms of text in voice at rate_wpm, or < 0 when it
 * cannot be measured (the run then fails). */
struct dose_speech {
    long long (*ms)(const char *text, const char *voice, int rate_wpm,
                    void *user);
    void *user;
};

/* One engine run. */
struct dose_run {
    int rate_wpm;
    int lead_in_s;
    enum prompt_detail detail;
    bool first_use;             /* the health screening first */
    bool recent;                /* a recent-soreness question per region */
};

/* The settings range: config/settings.def's minimum rate and maximum
 * lead-in. */
int dose_slowest_rate_wpm(void);
int dose_longest_lead_in_s(void);

/* Runs the engine on r once in virtual time.  Returns the total length in
 * ms, or -1 when a length could not be measured or the routine did not
 * run to its end. */
long long dose_run_ms(const struct routine *r, const struct dose_run *run,
                      const struct dose_speech *sp);

struct dose_length {
    long long ms;               /* the longest run, or -1 */
    struct dose_run worst;      /* which one */
};

/* Every run listed at the top, at the slowest rate and longest lead-in. */
void dose_worst_case(const struct routine *r, const struct dose_speech *sp,
                     struct dose_length *out);

/* The worst run's kind for a message, in the current language: "first
 * use" or "a later session" (borrowed). */
const char *dose_worst_run_name(const struct dose_run *run);

/* The cap as a FILE:LINE error at the [routine] line when len is over it
 * (or could not be measured); `estimated` words it for the bound.
 * Returns true when the routine is within the cap. */
bool dose_check_length(const struct routine *r, const struct dose_length *len,
                       bool estimated, const char *file,
                       struct diag_list *dl);

/* An upper bound on eSpeak NG's spoken length of text at rate_wpm (any
 * voice), from the text alone; see the top. */
long long dose_speech_bound_ms(const char *text, int rate_wpm);
/* dose_speech_bound_ms as a struct dose_speech. */
struct dose_speech dose_speech_bound(void);

/* A memo of spoken lengths in front of another measure: each distinct
 * (text, voice, rate) is measured once.  dose_cache_speech() returns the
 * struct dose_speech to pass; it borrows the cache. */
struct dose_cache;
struct dose_cache *dose_cache_create(const struct dose_speech *measure);
void dose_cache_destroy(struct dose_cache *c);
struct dose_speech dose_cache_speech(struct dose_cache *c);
/* Texts measured (cache misses) and looked up, for figures. */
void dose_cache_counts(const struct dose_cache *c, size_t *measured,
                       size_t *lookups);

#endif
