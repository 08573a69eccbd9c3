/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vocabulary and what its words mean to the coach; see listen.h. */
#include "audio/listen.h"

#include <stdio.h>
#include <string.h>

#include "coach/screening.h"
#include "util/util.h"

struct word_meaning {
    const char *word;
    enum heard_kind kind;
    int value;
    enum coach_command command;
    unsigned contexts;          /* LISTEN_CTX_* bits it is heard in */
};

#define ALL_CTX (1u << LISTEN_CTX_ALL | 1u << LISTEN_CTX_YES_NO | \
                 1u << LISTEN_CTX_SCALE | 1u << LISTEN_CTX_REASON | \
                 1u << LISTEN_CTX_COMMAND)
#define ANY (1u << LISTEN_CTX_ALL)
#define SC (ANY | 1u << LISTEN_CTX_SCALE)
#define SR (SC | 1u << LISTEN_CTX_REASON)
#define YN (ANY | 1u << LISTEN_CTX_YES_NO)
#define RE (1u << LISTEN_CTX_REASON)

static const struct word_meaning words[] = {
    { "zero", HEARD_NUMBER, 0, COACH_CMD_STOP, SR },
    { "one", HEARD_NUMBER, 1, COACH_CMD_STOP, SR },
    { "two", HEARD_NUMBER, 2, COACH_CMD_STOP, SR },
    { "three", HEARD_NUMBER, 3, COACH_CMD_STOP, SR },
    { "four", HEARD_NUMBER, 4, COACH_CMD_STOP, SR },
    { "five", HEARD_NUMBER, 5, COACH_CMD_STOP, SC },
    { "six", HEARD_NUMBER, 6, COACH_CMD_STOP, SC },
    { "seven", HEARD_NUMBER, 7, COACH_CMD_STOP, SC },
    { "eight", HEARD_NUMBER, 8, COACH_CMD_STOP, SC },
    { "nine", HEARD_NUMBER, 9, COACH_CMD_STOP, SC },
    { "ten", HEARD_NUMBER, 10, COACH_CMD_STOP, SC },
    { "yes", HEARD_YES, 1, COACH_CMD_STOP, YN },
    { "no", HEARD_NO, 0, COACH_CMD_STOP, YN },
    { "stop", HEARD_COMMAND, -1, COACH_CMD_STOP, ALL_CTX },
    { "pause", HEARD_COMMAND, -1, COACH_CMD_PAUSE, ALL_CTX },
    { "resume", HEARD_COMMAND, -1, COACH_CMD_RESUME, ALL_CTX },
    /* The engine has no "next": moving on is skipping the rest of the
     * current step (or rest), which is what people mean by it. */
    { "next", HEARD_COMMAND, -1, COACH_CMD_SKIP, ALL_CTX },
    { "skip", HEARD_COMMAND, -1, COACH_CMD_SKIP, ALL_CTX },
    { "repeat", HEARD_COMMAND, -1, COACH_CMD_REPEAT, ALL_CTX },
    /* The stop reason's choices by name ("Why did you stop? Say 1 for
     * tingling or numbness, 2 for sharp pain, 3 for dizzy, 4 for chest
     * pain, trouble breathing, coughing blood or fainting, or 0 if
     * you're simply done."): only in its own context, where a number
     * means the same.  Each named sign of 4 can be said alone
     * ("trouble" is left out: it says nothing by itself). */
    { "done", HEARD_REASON, 0, COACH_CMD_STOP, RE },
    { "tingling", HEARD_REASON, 1, COACH_CMD_STOP, RE },
    { "numbness", HEARD_REASON, 1, COACH_CMD_STOP, RE },
    { "sharp", HEARD_REASON, 2, COACH_CMD_STOP, RE },
    { "dizzy", HEARD_REASON, 3, COACH_CMD_STOP, RE },
    { "chest", HEARD_REASON, 4, COACH_CMD_STOP, RE },
    { "breathless", HEARD_REASON, 4, COACH_CMD_STOP, RE },
    { "breathing", HEARD_REASON, 4, COACH_CMD_STOP, RE },
    { "coughing", HEARD_REASON, 4, COACH_CMD_STOP, RE },
    { "blood", HEARD_REASON, 4, COACH_CMD_STOP, RE },
    { "fainting", HEARD_REASON, 4, COACH_CMD_STOP, RE },
};

size_t listen_word_count(void)
{
    return ARRAY_LEN(words);
}

const char *listen_word_at(size_t i)
{
    return i < ARRAY_LEN(words) ? words[i].word : NULL;
}

bool listen_word_in_context(size_t i, enum listen_context c)
{
    return i < ARRAY_LEN(words) && (unsigned)c < LISTEN_CTX_COUNT &&
           (words[i].contexts & 1u << c);
}

static const char *const ctx_names[LISTEN_CTX_COUNT] = {
    [LISTEN_CTX_ALL] = "all", [LISTEN_CTX_YES_NO] = "yes-no",
    [LISTEN_CTX_SCALE] = "scale", [LISTEN_CTX_REASON] = "reason",
    [LISTEN_CTX_COMMAND] = "command",
};

const char *listen_context_name(enum listen_context c)
{
    return (unsigned)c < LISTEN_CTX_COUNT ? ctx_names[c] : "?";
}

bool listen_context_parse(const char *name, enum listen_context *c)
{
    for (int i = 0; i < LISTEN_CTX_COUNT; i++)
        if (name && !strcmp(name, ctx_names[i])) {
            *c = (enum listen_context)i;
            return true;
        }
    return false;
}

static bool is_stop_reason(const struct question *q)
{
    return q && q->kind == ANSWER_SCALE && screening_answer_max(q) < 10;
}

enum listen_context listen_context_for(const struct question *q)
{
    if (!q)
        return LISTEN_CTX_COMMAND;
    if (q->kind == ANSWER_YES_NO)
        return LISTEN_CTX_YES_NO;
    return is_stop_reason(q) ? LISTEN_CTX_REASON : LISTEN_CTX_SCALE;
}

bool listen_classify(struct heard *h, const char *word)
{
    for (size_t i = 0; i < ARRAY_LEN(words); i++) {
        if (strcmp(words[i].word, word) != 0)
            continue;
        snprintf(h->word, sizeof h->word, "%s", word);
        h->kind = words[i].kind;
        h->value = words[i].value;
        h->command = words[i].command;
        return true;
    }
    return false;
}

bool listen_to_event(const struct heard *h, const struct question *q,
                     struct coach_event *ev)
{
    struct coach_event e;
    memset(&e, 0, sizeof e);
    switch (h->kind) {
    case HEARD_COMMAND:
        e.kind = COACH_EV_COMMAND;
        e.command = h->command;
        break;
    case HEARD_NUMBER:
    case HEARD_REASON:
        if (!q || q->kind != ANSWER_SCALE ||
            h->value > screening_answer_max(q) ||
            (h->kind == HEARD_REASON && !is_stop_reason(q)))
            return false;
        e.kind = COACH_EV_ANSWER;
        e.question = q->id;
        e.value = h->value;
        break;
    case HEARD_YES:
    case HEARD_NO:
        if (!q || q->kind != ANSWER_YES_NO)
            return false;
        e.kind = COACH_EV_ANSWER;
        e.question = q->id;
        e.value = h->kind == HEARD_YES ? 1 : 0;
        break;
    default:
        return false;
    }
    *ev = e;
    return true;
}

bool listen_needs_confirmation(const struct heard *h,
                               const struct question *q)
{
    if (h->kind == HEARD_COMMAND)
        return false;   /* "stop" acts at once; the coach asks why anyway */
    if (h->low_confidence)
        return true;
    if (q && listen_context_for(q) == LISTEN_CTX_REASON)
        return screening_stop_rule(h->value) != NULL;
    return q && stop_rule_fires(&q->rule, h->value);
}

const char *listen_strerror(int err)
{
    switch (err) {
    case LISTEN_ERR_ARG: return "bad listener option";
    case LISTEN_ERR_MODEL: return "the speech model did not load";
    case LISTEN_ERR_INPUT: return "the recording cannot be read";
    case LISTEN_ERR_DEVICE: return "no microphone";
    default: return "unknown error";
    }
}
