/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Scripted answers for demos and tests (`unknot run --answers LIST`):
 * a comma list of ID=VALUE.  An ID ending in '*' matches every question id
 * with that prefix ('*' alone matches all).  VALUE is a number 0..10, or
 * yes / no (also y, n, true, false); a number 0 or 1 also answers a yes-no
 * question, a word answers only yes-no questions.
 *
 * The most specific entry whose value fits the question wins: an exact id
 * before any prefix, a longer prefix before a shorter one, and among equals
 * the later entry.  So '*=no,soreness=3' answers every yes-no question no
 * and soreness 3, and leaves other scale questions unanswered.  A question
 * with no fitting entry is unanswered.
 *
 * Ownership: answer_script_parse returns a script freed with
 * answer_script_free.  Read-only after parsing; thread-safe to read.
 */
#ifndef UNKNOT_COACH_ANSWERS_H
#define UNKNOT_COACH_ANSWERS_H

#include <stdbool.h>

#include "coach/question.h"

struct answer_script;

/* NULL on a malformed list, with *err (caller frees) naming the entry and
 * the fix. */
struct answer_script *answer_script_parse(const char *list, char **err);
void answer_script_free(struct answer_script *s);

/* True and *value when an entry answers question `id` of this kind whose
 * highest answer is `max` (10 scale, 1 yes-no, 4 stop-reason). */
bool answer_script_find(const struct answer_script *s, const char *id,
                        enum answer_kind kind, int max, int *value);

/* Parses one typed or spoken answer ("7", "yes", "n"); false when it is
 * not one. */
bool answer_parse_value(const char *text, int *value, bool *is_word);

/* The one check every way of answering uses (keys, voice, --answers):
 * true when `value`, given as a word (yes/no) or not, answers a question
 * of this kind whose highest answer is `max`.  A yes-no word on a scale
 * question, or a number on a yes-no question, does not: the front end
 * then sends -1 and the coach asks again. */
bool answer_fits(enum answer_kind kind, int max, int value, bool is_word);

#endif
