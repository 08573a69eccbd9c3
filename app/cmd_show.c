/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * unknot show ROUTINE: the routine's whole timeline as the user will hear
 * it, from the engine itself run in virtual time with answers that keep it
 * going (for each question an answer no rule fires on; soreness 2): every
 * spoken text, hold, side switch, rest and question with its start time,
 * then the total.
 * Speech lengths are eSpeak NG's own (audio_speech_ms) with the settings'
 * voice and rate; the first-use health screening is left out (it is asked
 * once, not every session), the daily check is in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_opts.h"
#include "app/commands.h"
#include "app/terminal.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "util/util.h"
#include "util/escape.h"

int cmd_show(int argc, char **argv);

struct show {
    const struct routine *r;
    long long hold_start;
};

static void stamp(long long t_ms)
{
    long long s = t_ms / 1000;
    printf("%3lld:%02lld.%lld  ", s / 60, s % 60, (t_ms % 1000) / 100);
}

static void on_say(void *user, const char *text, long long t_ms)
{
    (void)user;
    stamp(t_ms);
    printf("say       %s\n", term_safe_lines(text));
}

static void on_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)user;
    if (!v->question)
        return;
    stamp(t_ms);
    printf("question  %s (%s)\n", term_safe(v->question->id),
           v->question->kind == ANSWER_YES_NO ? "yes or no"
           : v->answer_max == 10 ? "0 to 10" : "a number");
}

static const struct routine_step *find_step(const struct routine *r,
                                            const char *id)
{
    for (size_t i = 0; id && i < r->step_count; i++)
        if (!strcmp(r->steps[i].id, id))
            return &r->steps[i];
    return NULL;
}

static void on_action(void *user, const struct coach_action *a,
                      long long t_ms)
{
    struct show *sh = user;
    const struct routine_step *st = find_step(sh->r, a->step);
    switch (a->kind) {
    case COACH_ACT_HOLD_START:
        sh->hold_start = t_ms;
        stamp(t_ms);
        printf("hold      %s%s\n", term_safe(a->step),
               a->side == SIDE_LEFT ? ", left side"
               : a->side == SIDE_RIGHT ? ", right side" : "");
        break;
    case COACH_ACT_HOLD_END:
        stamp(t_ms);
        printf("hold end  %s (%lld s)\n", term_safe(a->step),
               (t_ms - sh->hold_start + 500) / 1000);
        break;
    case COACH_ACT_REST_START:
        stamp(t_ms);
        printf("rest      %d s\n", st ? st->rest_s : 0);
        break;
    case COACH_ACT_ANSWER:
        stamp(t_ms);
        printf("answer    %s = %d (assumed)\n", term_safe(a->question),
               a->value);
        break;
    default:
        break;
    }
}

static void on_stop(void *user, const struct coach_action *a, long long t)
{
    (void)user;
    stamp(t);
    printf("rule      %s: %s\n", term_safe(a->rule),
           rule_action_name(a->action));
}

/* Answers that keep the routine going: for each question a step asks,
 * the first value no rule fires on (soreness 2 when it can), and 0 (no)
 * for the check-in questions. */
static char *keep_going_answers(const struct routine *r)
{
    /* A word answers yes-no questions, a number scale ones. */
    char *list = xstrdup("*=no,*=0");
    for (size_t i = 0; i < r->step_count; i++)
        for (size_t k = 0; k < r->steps[i].ask_count; k++) {
            const struct question *q =
                routine_question_find(r, r->steps[i].ask[k]);
            if (!q)
                continue;
            int max = q->kind == ANSWER_SCALE ? 10 : 1, v = -1;
            if (q->kind == ANSWER_SCALE && !question_fired_rule(q, 2))
                v = 2;
            for (int a = 0; v < 0 && a <= max; a++)
                if (!question_fired_rule(q, a))
                    v = a;
            if (v < 0)
                continue;   /* every answer fires: left unanswered */
            char *more = q->kind == ANSWER_YES_NO
                ? xasprintf("%s,%s=%s", list, q->id, v ? "yes" : "no")
                : xasprintf("%s,%s=%d", list, q->id, v);
            free(list);
            list = more;
        }
    return list;
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = { CMD_OPTS_COMMON };
    struct cmd_opts p;
    cmd_opts_begin(&p, "show", argc, argv, "", longopts);
    int c;
    while ((c = cmd_opts_next(&p)) != -1 || argc - p.first != 1) {
        bool help = c == 'h';
        fprintf(help ? stdout : stderr, "usage: unknot show ROUTINE\n"
                "Prints the timeline of ROUTINE as the coach will speak "
                "it, with start times and the total.\n");
        return help ? EXIT_DONE : EXIT_USAGE;
    }
    const char *name = argv[p.first];
    struct settings st;
    if (settings_load_for_app(&st, unknot_config_path) < 0)
        return EXIT_USAGE;
    struct routine *r = cmd_load_routine(name);
    if (!r)
        return EXIT_USAGE;
    char *err = NULL;
    char *list = keep_going_answers(r);
    struct answer_script *keep_going = answer_script_parse(list, &err);
    free(list);
    struct show sh = { .r = r };
    struct session_frontend fe = {
        .say = on_say, .ask = on_ask, .action = on_action, .stop = on_stop,
    };
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = r;
    o.settings = &st;
    o.answers = keep_going;
    o.assume_screened = true;
    printf("%s (%s): %zu step%s, %s prompts, lead-in %d s\n", r->title,
           r->name, r->step_count, r->step_count == 1 ? "" : "s",
           st.detail == DETAIL_DETAILED ? "detailed" : "concise",
           st.lead_in_s);
    int status = EXIT_RUNTIME;
    struct session *s = session_create(&o, &fe, &sh, &err);
    if (s) {
        status = session_run_virtual(s, NULL, NULL);
        long long total = session_elapsed_ms(s);
        printf("total     %lld:%02lld (%lld s)\n", total / 60000,
               (total / 1000) % 60, (total + 500) / 1000);
        if (status != EXIT_DONE)
            fprintf(stderr, "unknot show: the routine did not run to its "
                    "end\n");
        session_destroy(s);
    } else {
        fprintf(stderr, "unknot show: %s\n", err ? err : "failed");
        free(err);
    }
    answer_script_free(keep_going);
    routine_destroy(r);
    return status;
}
