/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the engine says and shows that the front ends rely on: the title
 * and description spoken first; "Well done" only when something was
 * rolled; a STOP action naming the region its rule is about; the rest
 * that runs on while a step's questions are asked, in the view.  Manual
 * clock (tests/coach_sim.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/engine.h"
#include "tests/check.h"
#include "tests/coach_sim.h"

static const char routine_text[] =
    "[routine]\n"
    "title = Calves twice\n"
    "description = Two short holds for the calves.\n"
    "level = gentle\n"
    "\n"
    "[step one]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 20\n"
    "setup = Roller under both calves.\n"
    "ask = soreness\n"
    "\n"
    "[step two]\n"
    "region = calves\n"
    "tool = roller\n"
    "sides = both\n"
    "hold = 30\n"
    "rest = 0\n"
    "setup = Again.\n";

static int soreness_value = 2;
static bool saw_rest_in_question;
static char stop_region[64];

static int answers(struct sim *s, const char *qid, const char *region)
{
    (void)region;
    if (!strcmp(qid, "recent-soreness"))
        return soreness_value;
    if (!strcmp(qid, "soreness")) {
        struct coach_view v;
        coach_view(s->c, &v);
        if (v.phase == PHASE_QUESTION && v.rest_end_ms > s->now)
            saw_rest_in_question = true;
        return soreness_value;
    }
    return 0;   /* no to every yes-no question */
}

static void on_action(struct sim *s, const struct coach_action *a)
{
    (void)s;
    if (a->kind == COACH_ACT_STOP && a->region)
        snprintf(stop_region, sizeof stop_region, "%s", a->region);
}

static void run(struct routine *r, struct sim *s, bool recent, int soreness)
{
    struct coach_options o;
    memset(&o, 0, sizeof o);
    o.skip_daily_check = true;
    struct coach_recent rc = { "calves", 8 };
    if (recent) {
        o.have_recent = true;
        o.recent = &rc;
        o.recent_count = 1;
    }
    soreness_value = soreness;
    saw_rest_in_question = false;
    stop_region[0] = '\0';
    sim_init(s, r, &o, answers);
    s->on_action = on_action;
    CHECK_INT(sim_run(s, 3600 * 1000), ==, 0);
}

static void test_title_and_description_first(void)
{
    struct routine *r = sim_routine(routine_text);
    struct sim s;
    run(r, &s, false, 2);
    /* The first thing said. */
    const char *first = strstr(s.log, " say ");
    CHECK(first != NULL);
    if (first)
        CHECK(!strncmp(first + 5, "Calves twice. Two short holds for the "
                       "calves.", 44));
    CHECK(sim_logged(&s, "Well done."));
    /* The rest runs on while the soreness question is asked, and the view
     * says until when. */
    CHECK(saw_rest_in_question);
    sim_free(&s);
    routine_destroy(r);
}

static void test_nothing_rolled_is_not_well_done(void)
{
    struct routine *r = sim_routine(routine_text);
    struct sim s;
    /* Still 8 from last time: the calves are left for two days. */
    run(r, &s, true, 8);
    CHECK_INT(s.holds, ==, 0);
    CHECK(!sim_logged(&s, "Well done"));
    CHECK(sim_logged(&s, "That's all for today"));
    /* The rule named the region it skipped. */
    CHECK_STR(stop_region, "calves");
    sim_free(&s);
    routine_destroy(r);
}

int main(void)
{
    RUN_TEST(test_title_and_description_first);
    RUN_TEST(test_nothing_rolled_is_not_well_done);
    return check_summary("test_engine_words");
}
