/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rule table: every rule of the safety model (rows 1 to 22 of its rule
 * table, the frequency line of its dose notes and the pain-monitoring
 * rules) in one place, with its id, the question(s) that fire it, where
 * they are asked, its action and the message the coach says.
 *
 * Contract:
 *  - A rule id is what the history and the transcript record when the
 *    rule fires ("rule" of a stop event, of a session).
 *  - The message of a built-in rule is the app's own and comes only from
 *    this table, never from a routine.  A routine can add a stricter rule
 *    to a built-in question; when that one also fires, its `say` is an
 *    add-on spoken after this message (coach/engine.c), never instead.
 *  - A message may contain "{region}": the engine puts the region's name
 *    there (rules_say()).
 *  - The questions' own stop rules (coach/question.c, coach/screening.c)
 *    carry the rule id and the action; tests/test_engine.c checks that
 *    every built-in question's rule is in this table with the same action.
 *
 * The table is static and read-only: thread-safe, nothing to free except
 * what rules_say() returns.  docs/questions.md documents it for therapists.
 */
#ifndef UNKNOT_COACH_RULES_H
#define UNKNOT_COACH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/question.h"

/* Where the question of a rule is asked. */
enum rule_where {
    WHERE_SCREENING,    /* the health screening (first use, 30 days) */
    WHERE_DAILY,        /* the daily check, before every session */
    WHERE_CHECK_IN,     /* the check-in, from what the history remembers */
    WHERE_STEP,         /* after a step (a routine's `ask`) */
    WHERE_STOP_REASON,  /* after the user stops: "why did you stop?" */
    WHERE_FOLLOW_UP,    /* right after another rule fired */
    WHERE_START,        /* no question: from the history at the start */
};

struct safety_rule {
    const char *id;         /* rule id in the history and transcript */
    int model_row;          /* row of the safety model's rule table, 0 for
                               the dose notes and PAR-Q+ follow-ups */
    const char *questions;  /* question id(s), comma-separated ("" none) */
    enum rule_where where;
    enum rule_action action;
    const char *message;    /* what the coach says; may hold {region} */
    /* The message itself says what to do now (rest, see a doctor, call
     * emergency services): the summary then gives it without the general
     * advice of its action (ui_stop_advice).  A property of the message,
     * set here beside it, so that it holds in every language. */
    bool says_what_to_do;
};

size_t rules_count(void);
const struct safety_rule *rules_at(size_t i);
/* The rule of that id, or NULL. */
const struct safety_rule *rules_find(const char *id);
/* The message of rule `id` with {region} replaced by `region_name` (or
 * "that area" when NULL).  NULL when the id is not in the table.  Caller
 * frees. */
char *rules_say(const char *id, const char *region_name);
/* A stopping rule from the saved screening, at the start of a session:
 * "Your last health screening said: MESSAGE When you have the
 * all-clear, run unknot screen to update it."  Caller frees. */
char *rules_say_saved(const char *id);
const char *rule_where_name(enum rule_where w);

/* Pressure on the 0-10 scale (Borg CR10 anchors), from the dose notes. */
#define PRESSURE_CAP_LIGHTER 4   /* lighter mode: cap 3-4, half the time */
#define PRESSURE_CAP_THINNERS 3  /* blood thinners: at most 3/10 */
/* The pressure advice for a hold: `cap` is 0 for none (the routine's
 * level decides: `gentle` is true for level = gentle, whose packs are
 * for fibromyalgia and the like, capped at 4), else the cap. */
const char *rules_pressure_advice(int cap, int gentle);

#endif
