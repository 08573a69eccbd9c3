/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Questions the coach asks and the stop rules attached to them.
 *
 * A question is either built in (soreness, the screening and daily-check
 * items, the in-session warning signs) or defined by a routine's
 * [question ID] section.  Built-in questions and their rules come from the
 * safety model and always apply; a routine can add rules, never remove or
 * loosen them.  Their wording is the app's own: a routine's section for a
 * built-in id may only tighten the rule and add a message spoken after
 * the built-in one (the routine checker enforces it).
 *
 * Answers are integers: 0..10 for scale questions, 1 (yes) or 0 (no) for
 * yes-no questions.  The built-in table is static and read-only.
 */
#ifndef UNKNOT_COACH_QUESTION_H
#define UNKNOT_COACH_QUESTION_H

#include <stdbool.h>
#include <stddef.h>

enum answer_kind { ANSWER_SCALE, ANSWER_YES_NO };

enum rule_op {
    RULE_NONE,      /* no rule */
    RULE_GE, RULE_GT, RULE_LE, RULE_LT, RULE_EQ,
    RULE_YES,       /* yes-no: fires on yes */
    RULE_NO,        /* yes-no: fires on no */
};

enum rule_action {
    ACTION_NONE,
    ACTION_SKIP_REGION, /* SR: skip this region for the session */
    ACTION_LIGHTER,     /* go on with lighter pressure / shorter holds */
    ACTION_STOP,        /* SP: stop the routine now */
    ACTION_NOT_START,   /* NS: do not start today's session */
    ACTION_URGENT,      /* URG: stop and advise urgent or emergency care */
};

struct stop_rule {
    enum rule_op op;
    int value;              /* threshold for scale rules */
    enum rule_action action;
    const char *say;        /* spoken when it fires (borrowed) */
    const char *id;         /* rule id for the history, e.g. "soreness-high" */
};

struct question {
    const char *id;
    const char *text;       /* spoken and shown */
    enum answer_kind kind;
    struct stop_rule rule;  /* op == RULE_NONE when none */
};

/* True when answer (0..10, or 1/0 for yes/no) meets the rule. */
bool stop_rule_fires(const struct stop_rule *r, int answer);
/* A rule that can never fire or always fires for its answer kind
 * (e.g. "> 10" on a scale, "yes" on a scale) is not satisfiable. */
bool stop_rule_valid_for(const struct stop_rule *r, enum answer_kind kind);
/* Compares two rules on the same question: true when `r` fires on every
 * answer on which `builtin` fires (r is at least as strict). */
bool stop_rule_at_least_as_strict(const struct stop_rule *r,
                                  const struct stop_rule *builtin,
                                  enum answer_kind kind);
/* The rule to act on when question q (a routine's own or a built-in one)
 * is answered `answer`: the more serious of q's own rule and the built-in
 * rule of the same id, because built-in rules always apply even when a
 * routine redefines the question.  NULL when no rule fires.  The result
 * points into q or the static built-in table. */
const struct stop_rule *question_fired_rule(const struct question *q,
                                            int answer);
/* What the coach says when question q (a routine's own or a built-in one)
 * is answered `answer` and a rule fires (question_fired_rule()).  When
 * the built-in rule of q's id fires: always the built-in message, then,
 * when q is a routine's section for that id and its rule fires too, its
 * say (which holds only the add-on).  When only a routine's rule fires
 * (its own question, or a stricter threshold on a built-in one): its say,
 * or the action's default message.  "" when nothing fires.  The caller
 * frees. */
char *question_rule_message(const struct question *q, int answer);
/* The message for an action when a routine's own rule gives no say:
 * "Let's leave this area for today." ... (static; an English msgid,
 * which question_rule_message() gives translated). */
const char *rule_action_default_say(enum rule_action a);
/* How serious an action is, for picking the strongest of several. */
int rule_action_rank(enum rule_action a);

const char *rule_action_name(enum rule_action a);   /* "skip-region" ... */
const char *answer_kind_name(enum answer_kind k);   /* "scale", "yes-no" */

/* Question ids only the coach's own flows may use: "screen-*" (the health
 * screening), "daily-*" (the daily check), "recent-*" (the recent-soreness
 * check), "area-check", "stop-reason" and the follow-ups
 * "tingling-lasts", "bruise-large" and "bruise-gone".  A routine can neither define
 * nor ask them, so only the screening flow writes the screening.  Returns
 * what the id is reserved for ("the health screening"), or NULL. */
const char *question_id_reserved(const char *id);

/* Built-in questions. */
size_t builtin_question_count(void);
const struct question *builtin_question_at(size_t i);
const struct question *builtin_question_find(const char *id);

#endif
