/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The session driver: owns one coach engine and carries out its actions,
 * for any front end (the terminal of `unknot run`, the SDL screens, voice
 * input).  It
 *   - speaks through audio/ (audio_say / audio_interrupt / audio_cue), or,
 *     with no audio handle, keeps a timed speech queue whose lengths come
 *     from audio_speech_ms() (virtual time, `show`, headless tests);
 *   - records to the history as things happen: the session row at the
 *     start, every answer the moment it is given (one committed write
 *     each), the screening when it is complete, the outcome at the end,
 *     and each record of the per-region memory (COACH_ACT_REMEMBER, also
 *     one committed write each);
 *   - loads that memory (coach/memory.h) for the engine at the start;
 *   - writes the JSON-lines transcript (coach/transcript.h);
 *   - feeds scripted answers (coach/answers.h) once a question has been
 *     spoken;
 *   - tells the front end what to show through struct session_frontend.
 *
 * Clock: every call takes now_ms on one monotonic clock (util_now_ms() in
 * real time; any manual clock in virtual time).  Nothing here sleeps.
 *
 * A real-time front end's loop:
 *
 *     session_start(s, util_now_ms());
 *     while (!session_ended(s)) {
 *         int ms = session_poll_timeout(s, util_now_ms());  // -1: none
 *         poll session_audio_fd(s) (if >= 0) and your input for ms;
 *         on input: session_answer() / session_command();
 *         session_update(s, util_now_ms());
 *     }
 *     status = session_exit_status(s);
 *
 * A virtual-time front end calls session_run_virtual() instead.
 *
 * Ownership: session_create borrows everything in the options (routine,
 * settings, history, audio, answers) for the session's life; the session
 * owns the engine and the transcript.  One thread.
 */
#ifndef UNKNOT_APP_SESSION_H
#define UNKNOT_APP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/engine.h"

struct audio;
struct history;
struct settings;
struct answer_script;

/* What the front end shows.  Every callback is optional (NULL: ignored),
 * called on the caller's thread from inside session_* calls.  Pointers are
 * borrowed for the call. */
struct session_frontend {
    /* The view changed (phase, countdown, message...). */
    void (*show)(void *user, const struct coach_view *v);
    /* Text to be spoken (print it: the user may have no sound); t_ms is
     * when it starts, after what is queued before it (timed speech), or
     * when it was queued (real audio). */
    void (*say)(void *user, const char *text, long long t_ms);
    /* A question is open: show its answers (0..v->answer_max). */
    void (*ask)(void *user, const struct coach_view *v, long long t_ms);
    /* A rule fired: a->rule, a->action, a->text (the safety message). */
    void (*stop)(void *user, const struct coach_action *a, long long t_ms);
    /* Every other action (holds, rests, answers, cues), for a timeline. */
    void (*action)(void *user, const struct coach_action *a, long long t_ms);
    /* The session ended; summary may be NULL (not started). */
    void (*end)(void *user, enum coach_outcome o, const char *summary);
};

struct session_options {
    const struct routine *routine;      /* NULL only with screening_only */
    const struct settings *settings;    /* NULL: defaults */
    struct history *history;            /* NULL: nothing is recorded */
    struct audio *audio;                /* NULL: timed speech, no sound */
    const struct answer_script *answers;    /* NULL: none scripted */
    const char *transcript_path;        /* NULL: none; "-" stdout */
    bool screening_only;                /* `unknot screen` */
    bool force_screening;               /* ask the screening even if saved */
    bool assume_screened;               /* no screening, nothing saved, no
                                           recent check (`unknot show`) */
    long long answer_delay_ms;          /* scripted answers come this long
                                           after the question (1000) */
    long long wall_start_s;             /* wall clock at the start; 0 now */
    /* Engine knobs beyond the settings (tests); 0 keeps the defaults. */
    long long answer_wait_ms;
    /* Voice input (audio/listen.h), NULL: none.  session_update mutes it
     * while the coach speaks, feeds what it hears as commands or answers,
     * and the front end polls listener_event_fd() beside the audio fd.
     * An answer needing confirmation is kept and the coach asks "I heard
     * eight. Is that right?" (through say()): "yes" gives it to the
     * engine, "no" drops it and asks the question again, any other word
     * or a key or touch answer replaces it. */
    struct listener *listener;
    /* The recogniser knows English words only: in a session in another
     * language the session drops the listener and, with this set or a
     * listener given, says once at the start that voice answers are off
     * (docs/voice.md says why).  A front end that did not open its
     * listener for that reason sets this. */
    bool voice_off_for_language;
};

struct session;
struct routine;
struct i18n_choice;

/* The session's language (util/i18n.h): the routine's `language` when it
 * names one, else the `language` setting, else the system's, else
 * English.  Switches the catalogue to it and fills *out, whose voice the
 * front end opens its audio with, so the voice, the catalogue and the
 * screen agree.  routine and settings may be NULL.  session_create calls
 * it too.  Main thread, before the session starts. */
void session_language(const struct routine *routine,
                      const struct settings *settings,
                      struct i18n_choice *out);

/* NULL with *err (caller frees) when the transcript cannot be written or
 * the history cannot start a session. */
struct session *session_create(const struct session_options *o,
                               const struct session_frontend *fe,
                               void *user, char **err);
void session_destroy(struct session *s);
/* The session lets go of its listener (options.listener): no more reads,
 * and the echo reference is disconnected from it.  Call before closing a
 * listener the session was given while the session lives on (the window
 * closes its microphone on the summary screen). */
void session_drop_listener(struct session *s);

int session_start(struct session *s, long long now_ms);
/* An answer typed, clicked or spoken; question NULL answers the open one.
 * 0 taken, -1 refused (then asked again) or no question open. */
int session_answer(struct session *s, const char *question, int value,
                   long long now_ms);
int session_command(struct session *s, enum coach_command cmd,
                    long long now_ms);
/* The user left (window closed, input gone): ends as quit. */
void session_quit(struct session *s, long long now_ms);
/* Collects speech-done events, feeds due scripted answers and fires due
 * timers.  Call after waking up.  0, or -1 when a history or transcript
 * write failed (the session goes on; session_failed() stays true). */
int session_update(struct session *s, long long now_ms);
/* When session_update must be called next (ms on the same clock), or -1
 * when only input or audio_event_fd can move the session on. */
long long session_next_wakeup(const struct session *s);
/* The timeout for poll() (ms, -1 none) that wakes for the next wakeup on
 * time: it wakes a little early first, because the kernel may return a
 * long poll() up to 0.1% of its timeout late.  Use it rather than
 * next_wakeup - now in a poll loop. */
int session_poll_timeout(const struct session *s, long long now_ms);
/* The audio's event fd, or -1 with no audio. */
int session_audio_fd(const struct session *s);

/* Virtual time: runs to the end on a manual clock starting at 0, as fast
 * as possible, speech taking its real spoken length.  When the engine
 * waits for input (a question with no scripted answer, a pause), calls
 * input(user, s, now_ms), which must call session_answer/command and
 * return 0, or return -1 when no input can come: the session then ends as
 * quit.  input NULL behaves as -1.  Returns session_exit_status(). */
int session_run_virtual(struct session *s,
                        int (*input)(void *user, struct session *s,
                                     long long now_ms),
                        void *user);

bool session_ended(const struct session *s);
bool session_failed(const struct session *s);
/* The question id the session waits for, or NULL. */
const char *session_waiting_question(const struct session *s);
struct coach *session_engine(struct session *s);
/* 0 completed, 3 stopped by a safety rule (or not started), 4 the user
 * stopped or left, 5 stopped because the history could not be written
 * (what was answered is kept in its journal: history.h), 1 when a
 * transcript write failed. */
int session_exit_status(const struct session *s);
/* Why the session stopped early when the history could not be written
 * (also spoken, and given to the front end's end() as the summary), for a
 * screen to show; NULL otherwise. */
const char *session_notice(const struct session *s);
/* Total time from start to end (ms on the session clock). */
long long session_elapsed_ms(const struct session *s);

#endif
