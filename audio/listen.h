/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hands-free answers: offline recognition of a small vocabulary (zero to
 * ten, yes, no, stop, pause, resume, next, skip, repeat) with PocketSphinx
 * and a JSGF grammar, from a microphone (PortAudio, 16 kHz mono) or from a
 * WAV file run through the same pipeline.
 *
 * Pipeline: input backend -> 10 ms frames -> voice-activity detector
 * calibrated to the background noise (audio/listen_vad.h) -> recogniser
 * (audio/listen_recognizer.h) -> a `struct heard` with a confidence.
 *
 * Half duplex: the caller mutes the listener while the coach speaks
 * (listener_set_muted); audio captured from the moment of muting until a
 * guard time after unmuting is thrown away, and an utterance cut by the mute
 * is dropped whole, so the coach never answers itself.  With a far end
 * (listener_options.reference, or listener_set_reference after open:
 * the session driver connects the audio output's reference tap,
 * audio_reference() in audio/audio.h, when there is an output device),
 * the muted listener still hears through an echo canceller and reports
 * someone speaking over the coach (HEARD_INTERRUPT); without one it is
 * deaf while muted.
 *
 * Out-of-vocabulary speech: a grammar maps any sound to one of its words,
 * so every result carries a confidence (0..1).  Below
 * listener_options.reject_below (stop_reject_below for "stop") a result is
 * dropped (or reported with
 * `rejected` set when report_rejected is on); below confirm_below it is
 * flagged low_confidence and the coach should confirm it ("I heard eight.
 * Is that right?").
 *
 * Time: every time here is in ms on the caller's monotonic clock
 * (options.now_ms, util_now_ms by default).  A microphone's samples are
 * stamped when they are read; the WAV backend stamps sample i with
 * open time + i/16 ms.
 *
 * Threads: one thread calls every listener_* function (recognition runs in
 * listener_poll on that thread, a few ms per utterance); the reference
 * callback is called from listener_poll, on that thread, once per 10 ms
 * frame, with the frame's capture time.  The PortAudio
 * callback only copies samples into a lock-free ring and signals the event
 * fd.  No microphone: listener_open says so once through log_once and
 * returns a listener that never hears anything, so the rest works.
 *
 * Ownership: listener_open returns a listener freed by listener_close
 * (NULL ok).  Strings in options are copied.
 */
#ifndef UNKNOT_AUDIO_LISTEN_H
#define UNKNOT_AUDIO_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/engine.h"
#include "coach/question.h"

enum {
    LISTEN_ERR_ARG = -1,        /* bad option */
    LISTEN_ERR_MODEL = -2,      /* the PocketSphinx model did not load */
    LISTEN_ERR_INPUT = -3,      /* the WAV file cannot be read */
    LISTEN_ERR_DEVICE = -4,     /* no microphone */
};

enum heard_kind {
    HEARD_NUMBER, HEARD_YES, HEARD_NO, HEARD_COMMAND,
    HEARD_REASON,       /* a stop reason by name ("dizzy"): value 0..4 */
    HEARD_INTERRUPT,    /* someone spoke over the coach (echo cancelled):
                           stop talking and listen; word "" */
};

/* What the recogniser listens for: the words the coach can take now.  A
 * smaller grammar is both more accurate and rejects more foreign words. */
enum listen_context {
    LISTEN_CTX_ALL,         /* every word but the reason names */
    LISTEN_CTX_YES_NO,      /* yes, no + commands */
    LISTEN_CTX_SCALE,       /* zero..ten + commands */
    LISTEN_CTX_REASON,      /* zero..four, the reasons' names + commands */
    LISTEN_CTX_COMMAND,     /* commands only (hold, rest, setup) */
    LISTEN_CTX_COUNT
};

/* One recognised utterance. */
struct heard {
    char word[16];              /* "eight", "stop", ... */
    enum heard_kind kind;
    int value;                  /* NUMBER 0..10, YES 1, NO 0, else -1 */
    enum coach_command command; /* COMMAND only ("next" is SKIP) */
    double confidence;          /* 0..1 */
    bool low_confidence;        /* below confirm_below: confirm it */
    bool rejected;              /* below reject_below (report_rejected) */
    long long start_ms, end_ms; /* speech start and end (caller's clock) */
    long long ready_ms;         /* audio time at which it was decided */
    double decode_ms;           /* CPU-side time spent finishing it */
    double score_per_frame;     /* raw score, for measuring */
    double snr_db;              /* its peak over the room's floor */
    double margin;              /* score per frame over the next word
                                   (options.margin only; for measuring) */
};

/* What a reference callback returns (flags; 0: all played, no change). */
enum {
    LISTEN_REF_MOVED = 1,
    LISTEN_REF_NOT_YET = 2,
};

struct listener_options {
    const char *backend;        /* "portaudio" (NULL), "wav", "push"
                                   (listener_push), "none" */
    const char *device;         /* NULL/"" default, else name or index */
    const char *wav_path;       /* wav backend input (any rate, PCM16) */
    bool wav_realtime;          /* wav: samples become available as the
                                   clock passes (a stand-in microphone);
                                   else all at once */
    long long (*now_ms)(void *user);   /* NULL: util_now_ms */
    void *clock_user;
    /* Zero means the default for each of these. */
    int guard_ms;               /* after unmuting (default 400) */
    double reject_below;        /* default LISTEN_REJECT_BELOW */
    double confirm_below;       /* default LISTEN_CONFIRM_BELOW */
    double stop_reject_below;   /* "stop" only; default
                                   LISTEN_STOP_REJECT_BELOW */
    bool report_rejected;       /* listener_poll returns rejected too */
    bool margin;                /* fill heard.margin (for measuring) */
    const char *model_dir;      /* NULL: LISTEN_MODEL_DIR */
    enum listen_context context;    /* at open (0: LISTEN_CTX_ALL) */
    /* Comfort noise mixed into the decoder's input (not the detector's),
     * dBFS; 0: LISTEN_COMFORT_DBFS; LISTEN_COMFORT_OFF: none. */
    double comfort_dbfs;
    /* Echo cancellation (audio/listen_echo.h): the far end, i.e. what
     * the coach plays, for the time of a microphone block.  Called on the
     * listener's thread with at16 the capture time of buf[0] in 16 kHz
     * samples on the listener's clock (ms x 16: the reference follows
     * the microphone to the sample, which the canceller needs); fills n
     * 16 kHz samples (zeros where nothing plays) and returns flags:
     * LISTEN_REF_MOVED when the output's stream was placed afresh since
     * the last call (a restart, a gap: the echo path may have moved, and
     * the canceller must converge again before barge-in), and
     * LISTEN_REF_NOT_YET when part of the span has not been played yet
     * (the listener then waits for it, briefly).  NULL: half duplex
     * only, the coach cannot be interrupted by voice. */
    int (*reference)(void *user, int16_t *buf, size_t n, long long at16);
    void *reference_user;
};

#define LISTEN_MODEL_DIR "/usr/share/pocketsphinx/model/en-us"
#define LISTEN_REJECT_BELOW 0.50     /* LISTEN_CTX_ALL; see listen.c for
                                        the other contexts' */
#define LISTEN_COMFORT_DBFS (-46.0)
#define LISTEN_COMFORT_OFF 1.0
#define LISTEN_CONFIRM_BELOW 0.6
/* "Stop" must always work: a missed stop is worse than a false one (the
 * coach only stops and asks why), so it is taken at a lower confidence. */
#define LISTEN_STOP_REJECT_BELOW 0.2

struct listener;

/* Opens the input and loads the model (about 0.1-0.3 s).  NULL with *err
 * (caller frees) for bad options, a model that does not load or an
 * unreadable WAV file.  A missing microphone is not an error: see above;
 * listener_has_input() tells. */
struct listener *listener_open(const struct listener_options *o, char **err);
void listener_close(struct listener *l);

/* Processes the audio available now; true with *out filled when an
 * utterance was recognised (call again until false: several may be
 * ready).  Never blocks. */
bool listener_poll(struct listener *l, struct heard *out);
/* Readable when new microphone audio arrived (an eventfd owned by the
 * listener: poll it, do not read or close it); -1 for backends without one
 * (call listener_poll on each tick). */
int listener_event_fd(const struct listener *l);
/* Mute while the coach speaks: muted=true at the start of each utterance,
 * false when it has finished playing.  now_ms is the caller's clock. */
void listener_set_muted(struct listener *l, bool muted, long long now_ms);
bool listener_has_input(const struct listener *l);
/* The "push" input: the caller hands over microphone samples (16 kHz
 * mono, n a whole number of ms, s[0] captured at t0_ms; contiguous with
 * what came before unless all of that was read).  Copied; heard by the
 * next listener_poll.  On the listener's thread.  For audio captured
 * elsewhere, and for tests that build the microphone signal as the
 * output plays.  LISTEN_ERR_ARG for another backend. */
int listener_push(struct listener *l, const int16_t *s, size_t n,
                  long long t0_ms);
/* Sets (or, with fn NULL, clears) the far end for echo cancellation and
 * barge-in after open, as listener_options.reference does at open (the
 * session driver connects the audio output this way:
 * audio_reference() in audio/audio.h).  The canceller is started on the
 * first set (it adapts again from scratch) and kept while it stays set.
 * -1 when the echo canceller cannot start (the listener stays half
 * duplex).  Call on the listener's thread; user must outlive its use. */
int listener_set_reference(struct listener *l,
                           int (*fn)(void *user, int16_t *buf, size_t n,
                                      long long at16),
                           void *user);
bool listener_has_reference(const struct listener *l);
/* What to listen for from the next utterance on (one already being heard
 * is finished in the context it began in). */
void listener_set_context(struct listener *l, enum listen_context c);
/* The rejection threshold the listener uses in context c. */
double listener_reject_below(const struct listener *l, enum listen_context c);
/* True once the input has been found narrowband (no energy above 4 kHz
 * in speech: an 8 kHz headset or telephone line). */
bool listener_narrowband(const struct listener *l);
/* WAV backend: true once the whole file has been processed. */
bool listener_at_end(const struct listener *l);

/* --- Pure helpers (no listener needed) --------------------------------- */

/* The vocabulary, in grammar order. */
size_t listen_word_count(void);
const char *listen_word_at(size_t i);
/* Fills kind, value and command of *h from h->word; false when the word is
 * not in the vocabulary. */
bool listen_classify(struct heard *h, const char *word);
/* Whether vocabulary word i is listened for in context c. */
bool listen_word_in_context(size_t i, enum listen_context c);
/* "all", "yes-no", "scale", "reason", "command"; parse: false if none. */
const char *listen_context_name(enum listen_context c);
bool listen_context_parse(const char *name, enum listen_context *c);
/* The context for an open question (NULL: none, commands only). */
enum listen_context listen_context_for(const struct question *q);

/* Maps what was heard to a coach event.  `q` is the open question, or NULL
 * when none is open.  Commands always map; a number maps to an answer only
 * for an open scale question (up to its highest answer), a reason's name
 * only for the stop reason, yes/no only for an open yes-no question.
 * Returns false (and leaves *ev alone) when the word means nothing now. */
bool listen_to_event(const struct heard *h, const struct question *q,
                     struct coach_event *ev);
/* True when an answer must be confirmed before it is acted on: it was
 * heard with low confidence, or it would fire the question's stop rule. */
bool listen_needs_confirmation(const struct heard *h,
                               const struct question *q);

const char *listen_strerror(int err);

#endif
