/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The screen's side of a coaching session, independent of the loop that
 * runs it: turns the engine's view (coach/engine.h) into a screen model,
 * and the user's input (keys, pedals, touch, gamepad) into engine events.
 *
 * It also keeps what only the screen needs: the highlighted answer before
 * it is confirmed, whether the microphone is listening, the answers of this
 * session for the summary, and a safety stop that stays on screen until
 * the user acknowledges it even after the engine has moved on.
 *
 * Ownership: a struct ui_front is a plain value owned by the caller;
 * screens it fills borrow from it and from the view (valid until the next
 * coach_handle).  One thread.
 */
#ifndef UNKNOT_UI_FRONT_H
#define UNKNOT_UI_FRONT_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/engine.h"
#include "ui/input.h"
#include "ui/ui.h"

#define UI_FRONT_ANSWERS 64
#define UI_FRONT_SERIES 6
#define UI_FRONT_SESSIONS 8
#define UI_FRONT_CHANGES 16
#define UI_FRONT_NOTICE_MS 20000   /* a notice stays this long */

struct ui_front {
    const struct routine *routine;  /* borrowed; may be NULL */
    int selected;                   /* highlighted answer, -1 none */
    const struct question *selected_for;
    bool listening;
    bool ended;                     /* the engine sent COACH_ACT_END */
    bool done;                      /* the user closed the summary */
    long long paused_at;            /* when the view was first paused */
    /* A stop held on screen until acknowledged. */
    bool stop_held;
    enum rule_action stop_action;
    char stop_message[512];
    /* This session's answers, for the summary (screening answers are
     * only counted). */
    struct ui_answer_row rows[UI_FRONT_ANSWERS];
    /* [0] the label (a region and a whole question, which may be a
     * long German or French sentence), [1] the answer. */
    char row_text[UI_FRONT_ANSWERS][2][256];
    char row_id[UI_FRONT_ANSWERS][40];
    size_t row_count;
    size_t first_row;               /* the summary's scroll */
    bool summary_shown;
    size_t screening_count;
    int last_answer_row;            /* a rule right after it flags it */
    /* Every rule that fired and changed the session, in order. */
    struct ui_change_row changes[UI_FRONT_CHANGES];
    char change_text[UI_FRONT_CHANGES][2][200];
    char change_rule[UI_FRONT_CHANGES][40];
    char change_region[UI_FRONT_CHANGES][48];
    size_t change_count;
    /* The same, one line per kind and reason, for the summary. */
    struct ui_change_row grouped[UI_FRONT_CHANGES];
    char grouped_text[UI_FRONT_CHANGES][2][320];
    const char *grouped_reason[UI_FRONT_CHANGES];
    size_t grouped_count;
    /* The notice on screen: the latest change, until notice_until. */
    long long notice_until;
    int notice_index;               /* into changes, -1 none */
    /* How the session ended. */
    enum coach_outcome outcome;
    enum rule_action end_action;    /* the strongest stop that fired */
    char end_message[512];
    bool end_says_what_to_do;   /* end_message says it (coach/rules.h) */
    int stop_reason;                /* answered stop-reason, -1 none */
    size_t holds;                   /* holds started (none: nothing was
                                       rolled) */
    char outcome_text[160];
    /* "Time left" as shown: only goes down, stands still while paused. */
    long long left_ms, left_at;
    bool left_paused;
    /* Soreness per region over past sessions, for the summary chart
     * (filled by the caller from the history, oldest first). */
    struct ui_soreness_series series[UI_FRONT_SERIES];
    char series_name[UI_FRONT_SERIES][48];
    int series_values[UI_FRONT_SERIES][UI_FRONT_SESSIONS];
    long long session_dates[UI_FRONT_SESSIONS];
    size_t series_count, session_count;
    /* Scratch text the screens borrow. */
    char title[160];
    char heading[160];
    char todo[768];
    char notice[420];
};

void ui_front_init(struct ui_front *f, const struct routine *r);

/* Notes an engine action: answers (for the summary), stops (held on
 * screen), the end.  Returns true when the screen should be redrawn. */
bool ui_front_action(struct ui_front *f, const struct coach_action *a);

/* A question was opened (the session's ask callback): a rule that fires
 * now is not about the answer before it. */
void ui_front_asked(struct ui_front *f);

/* The screen for view v at now_ms (the caller's clock).  *out borrows
 * from f and v. */
void ui_front_screen(struct ui_front *f, const struct coach_view *v,
                     long long now_ms, struct ui_screen *out);

/* What an input does.  Returns true with *ev filled when it becomes an
 * engine event; false when the screen alone handles it (moving the
 * highlight, acknowledging a stop, closing the summary) or it does not
 * apply.  *redraw is set when the screen changed. */
bool ui_front_input(struct ui_front *f, const struct coach_view *v,
                    struct ui_input in, struct coach_event *ev,
                    bool *redraw);

/* When the screen next changes by itself (the countdown's next second),
 * or -1. */
long long ui_front_next_change(const struct ui_front *f,
                               const struct coach_view *v, long long now_ms);

/* What to do now after a stop with this action, in plain words. */
const char *ui_stop_advice(enum rule_action a);

#endif
