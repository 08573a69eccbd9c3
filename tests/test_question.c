/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Stop rules and the built-in in-session questions (coach/question.c). */
#include <stdlib.h>
#include <string.h>

#include "coach/question.h"
#include "coach/rules.h"
#include "tests/check.h"
#include "util/util.h"

static struct stop_rule rule(enum rule_op op, int value, enum rule_action a)
{
    struct stop_rule r = { op, value, a, NULL, NULL };
    return r;
}

static void test_fires(void)
{
    struct stop_rule ge7 = rule(RULE_GE, 7, ACTION_STOP);
    CHECK(!stop_rule_fires(&ge7, 6));
    CHECK(stop_rule_fires(&ge7, 7));
    CHECK(stop_rule_fires(&ge7, 10));
    struct stop_rule gt7 = rule(RULE_GT, 7, ACTION_STOP);
    CHECK(!stop_rule_fires(&gt7, 7));
    CHECK(stop_rule_fires(&gt7, 8));
    struct stop_rule le2 = rule(RULE_LE, 2, ACTION_STOP);
    CHECK(stop_rule_fires(&le2, 2));
    CHECK(!stop_rule_fires(&le2, 3));
    struct stop_rule lt2 = rule(RULE_LT, 2, ACTION_STOP);
    CHECK(!stop_rule_fires(&lt2, 2));
    CHECK(stop_rule_fires(&lt2, 1));
    struct stop_rule eq5 = rule(RULE_EQ, 5, ACTION_STOP);
    CHECK(stop_rule_fires(&eq5, 5));
    CHECK(!stop_rule_fires(&eq5, 4));
    struct stop_rule yes = rule(RULE_YES, 0, ACTION_STOP);
    CHECK(stop_rule_fires(&yes, 1));
    CHECK(!stop_rule_fires(&yes, 0));
    struct stop_rule no = rule(RULE_NO, 0, ACTION_STOP);
    CHECK(stop_rule_fires(&no, 0));
    CHECK(!stop_rule_fires(&no, 1));
    struct stop_rule none = rule(RULE_NONE, 0, ACTION_NONE);
    for (int a = 0; a <= 10; a++)
        CHECK(!stop_rule_fires(&none, a));
}

static void test_valid_for(void)
{
    struct stop_rule r = rule(RULE_GE, 7, ACTION_STOP);
    CHECK(stop_rule_valid_for(&r, ANSWER_SCALE));
    CHECK(!stop_rule_valid_for(&r, ANSWER_YES_NO));
    r = rule(RULE_GT, 10, ACTION_STOP);         /* never fires */
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_GE, 0, ACTION_STOP);          /* always fires */
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_LE, 10, ACTION_STOP);         /* always fires */
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_LT, 0, ACTION_STOP);          /* never fires */
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_GE, 11, ACTION_STOP);
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_EQ, 10, ACTION_STOP);
    CHECK(stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_YES, 0, ACTION_STOP);
    CHECK(stop_rule_valid_for(&r, ANSWER_YES_NO));
    CHECK(!stop_rule_valid_for(&r, ANSWER_SCALE));
    r = rule(RULE_NO, 0, ACTION_STOP);
    CHECK(stop_rule_valid_for(&r, ANSWER_YES_NO));
    r = rule(RULE_NONE, 0, ACTION_NONE);
    CHECK(stop_rule_valid_for(&r, ANSWER_SCALE));
}

static void test_strictness(void)
{
    struct stop_rule b = rule(RULE_GE, 7, ACTION_SKIP_REGION);
    struct stop_rule r = rule(RULE_GE, 5, ACTION_STOP);
    CHECK(stop_rule_at_least_as_strict(&r, &b, ANSWER_SCALE));
    r = rule(RULE_GT, 6, ACTION_STOP);           /* same set as >= 7 */
    CHECK(stop_rule_at_least_as_strict(&r, &b, ANSWER_SCALE));
    r = rule(RULE_GE, 8, ACTION_STOP);
    CHECK(!stop_rule_at_least_as_strict(&r, &b, ANSWER_SCALE));
    r = rule(RULE_EQ, 7, ACTION_STOP);
    CHECK(!stop_rule_at_least_as_strict(&r, &b, ANSWER_SCALE));
    struct stop_rule yes = rule(RULE_YES, 0, ACTION_STOP);
    struct stop_rule no = rule(RULE_NO, 0, ACTION_STOP);
    CHECK(stop_rule_at_least_as_strict(&yes, &yes, ANSWER_YES_NO));
    CHECK(!stop_rule_at_least_as_strict(&no, &yes, ANSWER_YES_NO));
}

static void test_ranks_and_names(void)
{
    CHECK(rule_action_rank(ACTION_NONE) < rule_action_rank(ACTION_LIGHTER));
    CHECK(rule_action_rank(ACTION_LIGHTER)
          < rule_action_rank(ACTION_SKIP_REGION));
    CHECK(rule_action_rank(ACTION_SKIP_REGION)
          < rule_action_rank(ACTION_STOP));
    CHECK(rule_action_rank(ACTION_STOP) < rule_action_rank(ACTION_NOT_START));
    CHECK(rule_action_rank(ACTION_NOT_START) < rule_action_rank(ACTION_URGENT));
    CHECK_STR(rule_action_name(ACTION_SKIP_REGION), "skip-region");
    CHECK_STR(rule_action_name(ACTION_URGENT), "urgent");
    CHECK_STR(rule_action_name(ACTION_STOP), "stop");
    CHECK_STR(answer_kind_name(ANSWER_SCALE), "scale");
    CHECK_STR(answer_kind_name(ANSWER_YES_NO), "yes-no");
}

/* The safety model's in-session rules, one by one. */
static void test_builtins(void)
{
    static const struct {
        const char *id;
        enum answer_kind kind;
        enum rule_action action;
        const char *say_part;
    } want[] = {
        { "soreness", ANSWER_SCALE, ACTION_SKIP_REGION, "never sharp" },
        { "tingling", ANSWER_YES_NO, ACTION_SKIP_REGION, "nerve" },
        { "sharp-pain", ANSWER_YES_NO, ACTION_SKIP_REGION, "never sharp" },
        { "dizzy", ANSWER_YES_NO, ACTION_STOP, "lie on your side" },
        { "bruise", ANSWER_YES_NO, ACTION_SKIP_REGION, "healed" },
        { "chest-pain", ANSWER_YES_NO, ACTION_URGENT, "emergency" },
    };
    CHECK_INT(builtin_question_count(), >=, 6);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct question *q = builtin_question_find(want[i].id);
        CHECK(q != NULL);
        if (!q)
            continue;
        CHECK_STR(q->id, want[i].id);
        CHECK_INT(q->kind, ==, want[i].kind);
        CHECK_INT(q->rule.action, ==, want[i].action);
        /* The message is the rule table's (a built-in rule has no say of
         * its own: that field is a routine's add-on). */
        CHECK(q->rule.say == NULL);
        char *m = rules_say(q->rule.id, NULL);
        CHECK_CONTAINS(m, want[i].say_part);
        const struct safety_rule *ru = rules_find(q->rule.id);
        CHECK(ru && ru->action == q->rule.action);
        free(m);
        CHECK(q->rule.id && *q->rule.id);
        CHECK(stop_rule_valid_for(&q->rule, q->kind));
        /* Spoken on a roller: one short sentence. */
        CHECK_INT(strlen(q->text), <=, 80);
        if (q->kind == ANSWER_YES_NO) {
            CHECK(stop_rule_fires(&q->rule, 1));
            CHECK(!stop_rule_fires(&q->rule, 0));
        }
    }
    const struct question *s = builtin_question_find("soreness");
    CHECK(!stop_rule_fires(&s->rule, 6));
    CHECK(stop_rule_fires(&s->rule, 7));
    CHECK_STR(s->rule.id, "soreness-high");
    CHECK(builtin_question_find("nonsense") == NULL);
    CHECK(builtin_question_find(NULL) == NULL);
    CHECK(builtin_question_at(builtin_question_count()) == NULL);
    for (size_t i = 0; i < builtin_question_count(); i++)
        CHECK(builtin_question_find(builtin_question_at(i)->id)
              == builtin_question_at(i));
}

static void test_fired_rule(void)
{
    const struct question *b = builtin_question_find("soreness");
    CHECK(question_fired_rule(b, 6) == NULL);
    CHECK(question_fired_rule(b, 8) == &b->rule);

    /* A routine's looser redefinition: the built-in still fires. */
    struct question loose = { "soreness", "How sore?", ANSWER_SCALE,
                              { RULE_GE, 9, ACTION_SKIP_REGION, "x", "y" } };
    CHECK(question_fired_rule(&loose, 7) == &b->rule);
    CHECK(question_fired_rule(&loose, 9) == &loose.rule);   /* a tie */
    /* A stricter one fires first, and wins when more serious. */
    struct question strict = { "soreness", "How sore?", ANSWER_SCALE,
                               { RULE_GE, 5, ACTION_STOP, "x", "y" } };
    CHECK(question_fired_rule(&strict, 5) == &strict.rule);
    CHECK(question_fired_rule(&strict, 8) == &strict.rule);
    /* A routine's own question has only its own rule. */
    struct question own = { "numb-hand", "Numb?", ANSWER_YES_NO,
                            { RULE_YES, 0, ACTION_STOP, "x", "y" } };
    CHECK(question_fired_rule(&own, 0) == NULL);
    CHECK(question_fired_rule(&own, 1) == &own.rule);
}

/* The parser-facing contract: which ids only the coach's own flows may
 * use, and what is said when a rule fires on a built-in question. */
static void test_reserved(void)
{
    CHECK_STR(question_id_reserved("screen-heart"), "the health screening");
    CHECK_STR(question_id_reserved("screen-osteoporosis"),
              "the health screening");
    CHECK_STR(question_id_reserved("daily-unwell"), "the daily check");
    CHECK_STR(question_id_reserved("recent-soreness"),
              "the recent-soreness check");
    CHECK(question_id_reserved("area-check") != NULL);
    CHECK(question_id_reserved("stop-reason") != NULL);
    CHECK(question_id_reserved("area-check-2") == NULL);
    CHECK(question_id_reserved("screening") == NULL);
    CHECK(question_id_reserved("soreness") == NULL);
    CHECK(question_id_reserved("numb-hand") == NULL);
    /* No built-in in-session question is reserved: a routine may tighten
     * them. */
    for (size_t i = 0; i < builtin_question_count(); i++)
        CHECK(question_id_reserved(builtin_question_at(i)->id) == NULL);
}

static int firing_answer(const struct question *q)
{
    for (int a = 0; a <= (q->kind == ANSWER_SCALE ? 10 : 1); a++)
        if (stop_rule_fires(&q->rule, a))
            return a;
    return -1;
}

static void test_rule_message(void)
{
    for (size_t i = 0; i < builtin_question_count(); i++) {
        const struct question *b = builtin_question_at(i);
        int yes = firing_answer(b);
        CHECK(yes >= 0);
        /* The built-in question itself: its own message. */
        char *base = question_rule_message(b, yes);
        CHECK(strlen(base) > 10);
        /* A routine's section for it with a calm add-on: the built-in
         * message first, then the add-on. */
        struct question q = *b;
        q.rule.say = "Take it easy.";
        char *m = question_rule_message(&q, yes);
        char *want = xasprintf("%s Take it easy.", base);
        CHECK_STR(m, want);
        free(m);
        free(want);
        /* No add-on, or a more serious action: the built-in message. */
        q.rule.say = NULL;
        q.rule.action = ACTION_URGENT;
        m = question_rule_message(&q, yes);
        CHECK_STR(m, base);
        free(m);
        /* Nothing fires: nothing to say. */
        m = question_rule_message(&q, b->kind == ANSWER_SCALE ? 0 : !yes);
        CHECK_STR(m, "");
        free(m);
        free(base);
    }
    /* A stricter soreness threshold that fires where the built-in one does
     * not: the routine's say, or its action's default message. */
    struct question q = *builtin_question_find("soreness");
    q.rule.value = 5;
    q.rule.action = ACTION_STOP;
    q.rule.say = "Too sore.";
    char *m = question_rule_message(&q, 5);
    CHECK_STR(m, "Too sore.");
    free(m);
    q.rule.say = NULL;
    m = question_rule_message(&q, 6);
    CHECK_STR(m, rule_action_default_say(ACTION_STOP));
    free(m);
    /* A routine's own question: its say, as it is. */
    struct question own = { "numb-hand", "Is your hand more numb?",
                            ANSWER_YES_NO,
                            { RULE_YES, 0, ACTION_STOP, "Rest your hand.",
                              "routine-numb-hand" } };
    m = question_rule_message(&own, 1);
    CHECK_STR(m, "Rest your hand.");
    free(m);
    m = question_rule_message(&own, 0);
    CHECK_STR(m, "");
    free(m);
}

int main(void)
{
    RUN_TEST(test_fires);
    RUN_TEST(test_valid_for);
    RUN_TEST(test_strictness);
    RUN_TEST(test_ranks_and_names);
    RUN_TEST(test_builtins);
    RUN_TEST(test_fired_rule);
    RUN_TEST(test_reserved);
    RUN_TEST(test_rule_message);
    return check_summary("test_question");
}
