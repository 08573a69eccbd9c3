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
 */
#ifndef UNKNOT_COACH_ENGINE_H
#define UNKNOT_COACH_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/question.h"
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
    COACH_ACT_STOP,         /* a rule fired: rule, action, text */
    COACH_ACT_END,          /* session over: outcome */
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
    const char *region;         /* region id, or NULL */
    enum coach_side side;
    const char *rule;           /* STOP: rule id */
    enum rule_action action;    /* STOP */
    enum coach_outcome outcome; /* END */
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
};

#endif
