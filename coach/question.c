/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See question.h.  The built-in in-session questions are the safety
 * model's in-session warning signs (rules 15 to 18, 20 and 22); their
 * texts are spoken to someone lying on a roller, so they stay short and
 * plain.  The
 * screening and daily-check questions live in coach/screening.c. */
#include "coach/question.h"
#include "coach/rules.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/util.h"

/* Each rule's message is in coach/rules.c, found by its id; `say` stays
 * NULL here (a routine's stricter rule may carry an add-on text). */
static const struct question builtins[] = {
    { "soreness",
      N_("How strong is the pain there now, from 0, none, to 10, the worst?"),
      ANSWER_SCALE,
      { RULE_GE, 7, ACTION_SKIP_REGION, NULL, "soreness-high" } },
    { "tingling",
      N_("Any numbness, tingling or shooting pain?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_SKIP_REGION, NULL, "tingling" } },
    { "sharp-pain",
      N_("Any sharp pain?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_SKIP_REGION, NULL, "sharp-pain" } },
    { "dizzy",
      N_("Do you feel dizzy or light-headed?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_STOP, NULL, "dizzy" } },
    { "bruise",
      N_("Any new bruise or swelling where you rolled?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_SKIP_REGION, NULL, "bruise" } },
    { "chest-pain",
      N_("Any chest pain, sudden trouble breathing, coughing up blood, or "
         "fainting?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_URGENT, NULL, "chest-pain" } },
    { "headache",
      N_("Any sudden, very bad headache, new weakness, or trouble speaking or "
         "seeing?"),
      ANSWER_YES_NO,
      { RULE_YES, 0, ACTION_URGENT, NULL, "headache" } },
};

static int answer_max(enum answer_kind kind)
{
    return kind == ANSWER_SCALE ? 10 : 1;
}

bool stop_rule_fires(const struct stop_rule *r, int answer)
{
    switch (r->op) {
    case RULE_NONE: return false;
    case RULE_GE:   return answer >= r->value;
    case RULE_GT:   return answer > r->value;
    case RULE_LE:   return answer <= r->value;
    case RULE_LT:   return answer < r->value;
    case RULE_EQ:   return answer == r->value;
    case RULE_YES:  return answer != 0;
    case RULE_NO:   return answer == 0;
    }
    return false;
}

bool stop_rule_valid_for(const struct stop_rule *r, enum answer_kind kind)
{
    if (r->op == RULE_NONE)
        return true;
    bool yes_no_op = r->op == RULE_YES || r->op == RULE_NO;
    if (yes_no_op != (kind == ANSWER_YES_NO))
        return false;
    if (yes_no_op)
        return true;
    if (r->value < 0 || r->value > 10)
        return false;
    /* A rule must fire on some answers and not on others. */
    int fires = 0, max = answer_max(kind);
    for (int a = 0; a <= max; a++)
        fires += stop_rule_fires(r, a);
    return fires > 0 && fires <= max;
}

bool stop_rule_at_least_as_strict(const struct stop_rule *r,
                                  const struct stop_rule *builtin,
                                  enum answer_kind kind)
{
    int max = answer_max(kind);
    for (int a = 0; a <= max; a++)
        if (stop_rule_fires(builtin, a) && !stop_rule_fires(r, a))
            return false;
    return true;
}

int rule_action_rank(enum rule_action a)
{
    switch (a) {
    case ACTION_NONE:        return 0;
    case ACTION_LIGHTER:     return 1;
    case ACTION_SKIP_REGION: return 2;
    case ACTION_STOP:        return 3;
    case ACTION_NOT_START:   return 4;
    case ACTION_URGENT:      return 5;
    }
    return 0;
}

const struct stop_rule *question_fired_rule(const struct question *q,
                                            int answer)
{
    const struct stop_rule *best = NULL;
    if (stop_rule_fires(&q->rule, answer))
        best = &q->rule;
    const struct question *b = builtin_question_find(q->id);
    if (b && b != q && b->kind == q->kind && stop_rule_fires(&b->rule, answer)
        && (!best || rule_action_rank(b->rule.action)
                     > rule_action_rank(best->action)))
        best = &b->rule;
    return best;
}

const char *rule_action_default_say(enum rule_action a)
{
    switch (a) {
    case ACTION_URGENT:
        return N_("Stop now and get medical help.");
    case ACTION_SKIP_REGION:
        return N_("Let's leave this area for today.");
    default:
        return N_("Let's stop here. Rest in a comfortable position.");
    }
}

char *question_rule_message(const struct question *q, int answer)
{
    const struct question *b = q ? builtin_question_find(q->id) : NULL;
    if (b && b->kind != q->kind)
        b = NULL;
    bool builtin = b && stop_rule_fires(&b->rule, answer);
    bool own = q && q != b && stop_rule_fires(&q->rule, answer);
    if (builtin) {
        /* The built-in message, always (the rule table's, coach/rules.h);
         * a routine's section for the id adds its say after it. */
        const char *addon = own && q->rule.say && *q->rule.say
                            ? q->rule.say : NULL;
        char *msg = rules_say(b->rule.id, NULL);
        if (!msg)
            msg = xstrdup(i18n_text(rule_action_default_say(
                b->rule.action)));
        if (addon) {
            char *both = xasprintf("%s %s", msg, addon);
            free(msg);
            return both;
        }
        return msg;
    }
    if (own)
        return xstrdup(i18n_text(q->rule.say ? q->rule.say
                                             : rule_action_default_say(
                                                   q->rule.action)));
    return xstrdup("");
}

const char *question_id_reserved(const char *id)
{
    static const struct { const char *id; bool prefix; const char *what; }
    reserved[] = {
        { "screen-", true, N_("the health screening") },
        { "daily-", true, N_("the daily check") },
        { "recent-", true, N_("the recent-soreness check") },
        { "area-check", false, N_("the coach's check of areas to avoid") },
        { "stop-reason", false, N_("the question the coach asks when "
                                   "you stop") },
        /* The follow-ups of rules 15 and 22 (coach/screening.h). */
        { "tingling-lasts", false, N_("the coach's follow-up after tingling") },
        { "bruise-large", false, N_("the coach's follow-up after a bruise") },
        { "bruise-gone", false, N_("the coach's check of an old bruise") },
    };
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(reserved); i++)
        if (reserved[i].prefix
                ? !strncmp(id, reserved[i].id, strlen(reserved[i].id))
                : !strcmp(id, reserved[i].id))
            return reserved[i].what;
    return NULL;
}

const char *rule_action_name(enum rule_action a)
{
    switch (a) {
    case ACTION_NONE:        return "none";
    case ACTION_SKIP_REGION: return "skip-region";
    case ACTION_LIGHTER:     return "lighter";
    case ACTION_STOP:        return "stop";
    case ACTION_NOT_START:   return "not-start";
    case ACTION_URGENT:      return "urgent";
    }
    return "none";
}

const char *answer_kind_name(enum answer_kind k)
{
    return k == ANSWER_SCALE ? "scale" : "yes-no";
}

size_t builtin_question_count(void)
{
    return ARRAY_LEN(builtins);
}

const struct question *builtin_question_at(size_t i)
{
    return i < ARRAY_LEN(builtins) ? &builtins[i] : NULL;
}

const struct question *builtin_question_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < ARRAY_LEN(builtins); i++)
        if (!strcmp(builtins[i].id, id))
            return &builtins[i];
    return NULL;
}
