/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The vocabulary and what its words mean to the coach; see listen.h. */
#include "audio/listen.h"

#include <stdio.h>
#include <string.h>

#include "util/util.h"

struct word_meaning {
    const char *word;
    enum heard_kind kind;
    int value;
    enum coach_command command;
};

static const struct word_meaning words[] = {
    { "zero", HEARD_NUMBER, 0, COACH_CMD_STOP },
    { "one", HEARD_NUMBER, 1, COACH_CMD_STOP },
    { "two", HEARD_NUMBER, 2, COACH_CMD_STOP },
    { "three", HEARD_NUMBER, 3, COACH_CMD_STOP },
    { "four", HEARD_NUMBER, 4, COACH_CMD_STOP },
    { "five", HEARD_NUMBER, 5, COACH_CMD_STOP },
    { "six", HEARD_NUMBER, 6, COACH_CMD_STOP },
    { "seven", HEARD_NUMBER, 7, COACH_CMD_STOP },
    { "eight", HEARD_NUMBER, 8, COACH_CMD_STOP },
    { "nine", HEARD_NUMBER, 9, COACH_CMD_STOP },
    { "ten", HEARD_NUMBER, 10, COACH_CMD_STOP },
    { "yes", HEARD_YES, 1, COACH_CMD_STOP },
    { "no", HEARD_NO, 0, COACH_CMD_STOP },
    { "stop", HEARD_COMMAND, -1, COACH_CMD_STOP },
    { "pause", HEARD_COMMAND, -1, COACH_CMD_PAUSE },
    { "resume", HEARD_COMMAND, -1, COACH_CMD_RESUME },
    /* The engine has no "next": moving on is skipping the rest of the
     * current step (or rest), which is what people mean by it. */
    { "next", HEARD_COMMAND, -1, COACH_CMD_SKIP },
    { "skip", HEARD_COMMAND, -1, COACH_CMD_SKIP },
    { "repeat", HEARD_COMMAND, -1, COACH_CMD_REPEAT },
};

size_t listen_word_count(void)
{
    return ARRAY_LEN(words);
}

const char *listen_word_at(size_t i)
{
    return i < ARRAY_LEN(words) ? words[i].word : NULL;
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
        if (!q || q->kind != ANSWER_SCALE)
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
