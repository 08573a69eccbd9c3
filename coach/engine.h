/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The coaching engine: a pure state machine that walks one user through one
 * routine.  It takes events (start, speech finished, answers, commands, and
 * the passing of time) and queues actions (say this, play a cue, show this,
 * record this answer, stop).  It never sleeps and never touches SDL,
 * PortAudio, eSpeak NG or SQLite; the caller owns the clock and passes the
 * current monotonic time in milliseconds with every call.
 *
 * Timers are absolute deadlines (ms on the caller's monotonic clock), never
 * "sleep N": a late call fires every timer that is due, in order, so nothing
 * drifts over a long session.  Call coach_handle() with COACH_EV_TICK at or
 * after coach_next_deadline().
 *
 * Actions: after each coach_handle(), drain them with coach_next_action().
 * Strings in an action are borrowed from the engine (or the routine) and
 * stay valid until the next coach_handle() call.
 *
 * Ownership: coach_create() borrows the routine (it must outlive the
 * engine) and copies the options.  One engine is used by one thread.
 *
 * A session, as the engine runs it (docs/usage.md, docs/questions.md):
 *   1. check-in (PHASE_CHECK_IN): the health screening when due, else the
 *      saved answers apply; the frequency limit; the daily check (and the
 *      pregnancy warning signs when the screening says pregnant); resting
 *      regions announced; old bruises asked about; how the soreness of
 *      recently worked regions has settled, per region;
 *   2. the introduction (PHASE_INTRO): how to pause and stop, what means
 *      stop;
 *   3. per step: setup (PHASE_SETUP, spoken), lead-in (PHASE_LEAD_IN,
 *      lead_in_s), the hold (PHASE_HOLD; per side for left-right, with a
 *      spoken side switch, PHASE_SWITCH), cues at halfway and 5 s before
 *      the end, CUE_TICK over the last seconds; the rest (PHASE_REST) says
 *      what comes next; then the step's questions (PHASE_QUESTION);
 *   4. the summary (PHASE_SUMMARY, or PHASE_STOPPED after a stop rule),
 *      then COACH_ACT_END, always the last action.
 * Questions: COACH_ACT_ASK comes before the question's SAY and answers
 * are taken from then on, also while it is spoken.  An answer out of range
 * is refused and the question asked again (so is a negative value: a
 * front end sends -1 for an answer of the wrong kind, e.g. "yes" on a
 * scale, see answer_fits() in coach/answers.h); silence for answer_wait_ms
 * asks again once, then the session waits (view.paused and view.waiting)
 * with no deadline.  A rule that fires queues SILENCE, STOP and the SAY of
 * its message before anything else; after stop, not-start or urgent no
 * hold starts again.  The message of a built-in rule is always the rule
 * table's (coach/rules.h); a routine's stricter rule on the same question
 * adds its `say` after it, never instead.  Only the screening flow's own
 * questions change the saved screening, whatever a routine's ids.
 * Commands: pause stops speech and freezes every timer (resume shifts
 * them by the pause); repeat says the instructions or question again; skip
 * ends the current step (not while a question waits); stop asks why
 * ("stop-reason"), and a second stop ends at once.
 */
#ifndef UNKNOT_COACH_ENGINE_H
#define UNKNOT_COACH_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/memory.h"
#include "coach/question.h"
#include "config/settings.h"
#include "routines/routine.h"

enum coach_command {
    COACH_CMD_PAUSE,
    COACH_CMD_RESUME,
    COACH_CMD_REPEAT,   /* repeat the current instructions / question */
    COACH_CMD_SKIP,     /* skip the current step */
    COACH_CMD_STOP,     /* user stops: the coach asks why */
};

enum coach_event_kind {
    COACH_EV_START,
    COACH_EV_TICK,          /* time passed; check deadlines */
    COACH_EV_SPEECH_DONE,   /* utterance `speech_id` finished playing */
    COACH_EV_ANSWER,        /* `question` answered with `value` */
    COACH_EV_COMMAND,
};

struct coach_event {
    enum coach_event_kind kind;
    uint32_t speech_id;
    const char *question;   /* borrowed for the call */
    int value;              /* 0..10, or 1 yes / 0 no */
    enum coach_command command;
};

enum coach_cue { CUE_HOLD_START, CUE_HOLD_END, CUE_TICK };

enum coach_outcome {
    OUTCOME_COMPLETED,
    OUTCOME_STOPPED,        /* a safety rule stopped it or it never started */
    OUTCOME_QUIT,           /* the user stopped it */
};

enum coach_action_kind {
    COACH_ACT_SAY,          /* speak text; report COACH_EV_SPEECH_DONE */
    COACH_ACT_SILENCE,      /* cut off speech now and drop what is queued */
    COACH_ACT_CUE,          /* play a cue sound */
    COACH_ACT_SHOW,         /* the view changed: redraw from coach_view() */
    COACH_ACT_ASK,          /* a question is open: accept an answer */
    COACH_ACT_ANSWER,       /* an answer was accepted: record it */
    COACH_ACT_HOLD_START,
    COACH_ACT_HOLD_END,
    COACH_ACT_REST_START,
    COACH_ACT_STOP,         /* a rule fired: rule, action, text.  After
                               lighter or skip-region the session goes on;
                               it ends only with COACH_ACT_END */
    COACH_ACT_END,          /* session over: outcome */
    COACH_ACT_REMEMBER,     /* record `mem` in the cross-session memory
                               now, before anything else happens */
};

enum coach_side { SIDE_NONE, SIDE_LEFT, SIDE_RIGHT };

struct coach_action {
    enum coach_action_kind kind;
    long long t_ms;             /* when it happened (caller's clock) */
    const char *text;           /* SAY / STOP message; SHOW title */
    uint32_t speech_id;         /* SAY */
    enum coach_cue cue;         /* CUE */
    const char *question;       /* ASK / ANSWER */
    int value;                  /* ANSWER */
    const char *step;           /* step id, or NULL outside steps */
    const char *region;         /* region id, or NULL; STOP: the region
                                   the rule is about, when it has one */
    enum coach_side side;
    const char *rule;           /* STOP: rule id */
    enum rule_action action;    /* STOP */
    /* STOP: text itself says what to do now (a rule table message marked
     * so, coach/rules.h); false for a routine's own message. */
    bool says_what_to_do;
    enum coach_outcome outcome; /* END */
    /* ANSWER: true on the last screening answer of this session: save
     * coach_screening_answers() as the screening now. */
    bool save_screening;
    bool check_in;              /* ASK / ANSWER: a check-in question */
    /* REMEMBER: kind, region, value; mem.until_s is the length of a rest
     * in seconds from t_ms (the driver turns it into wall time); t_s and
     * session are the driver's to fill in. */
    struct memory_event mem;
};

enum coach_phase {
    PHASE_IDLE,
    PHASE_CHECK_IN,     /* screening / daily check / recent soreness */
    PHASE_INTRO,
    PHASE_SETUP,        /* setup instructions being spoken */
    PHASE_LEAD_IN,      /* getting into position */
    PHASE_HOLD,
    PHASE_SWITCH,       /* switching sides */
    PHASE_REST,
    PHASE_QUESTION,
    PHASE_STOPPED,      /* a rule fired; message held until acknowledged */
    PHASE_SUMMARY,
};

/* What a screen shows now.  Pointers are borrowed from the engine. */
struct coach_view {
    enum coach_phase phase;
    bool paused;
    const struct routine_step *step;    /* current (or next, in rest) */
    size_t step_index, step_count;
    enum coach_side side;
    long long phase_start_ms, phase_end_ms;  /* countdown; end 0 if none */
    long long remaining_ms;             /* estimate for the whole routine */
    const struct question *question;    /* PHASE_QUESTION / CHECK_IN */
    const char *message;                /* instructions or safety message */
    enum rule_action stop_action;       /* PHASE_STOPPED */
    /* Added with the engine: */
    const char *region;     /* region the open question is about, or NULL */
    int answer_max;         /* highest accepted answer (min is 0) */
    bool waiting;           /* paused because a question went unanswered */
    bool lighter;           /* lighter pressure / shorter holds in force
                               (everywhere, or for the current step's
                               region) */
    int pressure_cap;       /* 0..10 cap on pressure now, 0 when none */
    const char *summary;    /* the end summary, once said; else NULL */
    long long elapsed_ms;   /* since COACH_EV_START */
    /* The end of the rest that runs on while a step's questions are
     * asked (ms), or 0 when no rest runs now. */
    long long rest_end_ms;
};

/* An answer the history already holds (the last screening). */
struct coach_answer {
    const char *question;
    int value;
};

/* The highest soreness answered for a region in the last session. */
struct coach_recent {
    const char *region;
    int soreness;       /* 0..10, or -1 when not asked */
};

/*
 * Options, copied by coach_create (the arrays and strings they point to
 * are borrowed and must outlive the engine).  Zero means the default
 * where one is given.  The engine never reads the history: the caller
 * passes what the history knows.
 */
struct coach_options {
    int lead_in_s;              /* seconds to get into position (5;
                                   negative for none) */
    enum prompt_detail detail;  /* concise (default) or detailed */
    int soreness_stop;          /* skip a region at soreness >= this; only
                                   tightens the built-in rule (7) */
    long long answer_wait_ms;   /* silence before a question is asked
                                   again, then the session waits (15000) */
    int countdown_s;            /* last seconds of a hold ticked (3) */
    /* Spoken length of a text, for remaining-time estimates; NULL uses a
     * word count at 160 words a minute. */
    long long (*speech_ms)(const char *text, void *user);
    void *speech_user;

    bool screening_due;         /* ask the full screening first */
    const struct coach_answer *saved_screening; /* when not due */
    size_t saved_count;
    bool skip_daily_check;
    const struct coach_recent *recent;  /* last session, when within
                                           RECENT_SESSION_HOURS; else NULL */
    size_t recent_count;
    bool have_recent;           /* ask the recent-soreness check */
    bool screening_only;        /* `unknot screen`: every item, then end */
    /* What the history remembers per region across sessions (borrowed;
     * NULL: nothing).  With it, the check-in announces and skips resting
     * regions, asks whether an old bruise is gone, asks recent-soreness
     * for every region of today's routine worked in the last 48 hours
     * (in any session), and applies the frequency limit; `recent` is then
     * not used. */
    const struct memory *memory;
};

struct coach;

/* Creates an engine for routine r (borrowed; may be NULL only with
 * screening_only).  opts may be NULL for the defaults.  Never NULL. */
struct coach *coach_create(const struct routine *r,
                           const struct coach_options *opts);
void coach_destroy(struct coach *c);

/* Feeds one event at time now_ms (the caller's monotonic clock, never
 * going back).  Returns 0 when the event was taken, -1 when it was
 * ignored or refused (an answer when no question is open, an answer out of
 * range -- the question is then asked again --, a command that does not
 * apply now).  Queued actions are replaced: drain them first. */
int coach_handle(struct coach *c, const struct coach_event *ev,
                 long long now_ms);
/* The user left (window closed, input gone): cut speech, end at once as
 * OUTCOME_QUIT.  Queues SILENCE and END; does nothing once ended. */
void coach_quit(struct coach *c, long long now_ms);
/* Pops the next queued action into *out; false when none is left. */
bool coach_next_action(struct coach *c, struct coach_action *out);
/* The earliest deadline (ms) at which COACH_EV_TICK must be sent, or -1
 * when the engine waits for speech, an answer or a command. */
long long coach_next_deadline(const struct coach *c);
/* The current view (borrowed, valid until the next coach_handle). */
void coach_view(const struct coach *c, struct coach_view *out);

bool coach_ended(const struct coach *c);
enum coach_outcome coach_outcome(const struct coach *c);
/* The rule that stopped the session (or the last that fired), or NULL. */
const char *coach_stop_rule(const struct coach *c);
/* The screening answers given in this session (ids borrowed from the
 * static tables); *count set.  Valid until coach_destroy. */
const struct coach_answer *coach_screening_answers(const struct coach *c,
                                                   size_t *count);
const char *coach_outcome_name(enum coach_outcome o);  /* "completed"... */
const char *coach_phase_name(enum coach_phase p);

#endif
