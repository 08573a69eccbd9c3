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
 *
 * In the session's language (session_language: the routine's `language`,
 * else the `language` setting, else the system's), like the session it
 * shows: the spoken texts come from the engine in that language, and the
 * timeline's own words (the line kinds, sides, answer kinds, units, the
 * header) from the catalogue.  Ids (steps, questions, rules) and rule
 * actions are the routine format's keywords and stay as written.
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
#include "session/session.h"
#include "util/util.h"
#include "util/escape.h"
#include "util/i18n.h"

int cmd_show(int argc, char **argv);

struct show {
    const struct routine *r;
    long long hold_start;
};

/* The kinds of timeline line, each a word in a column of its own. */
enum show_kind { K_SAY, K_QUESTION, K_HOLD, K_HOLD_END, K_REST, K_ANSWER,
                 K_RULE, K_TOTAL, K_N };

static const char *kind_label(enum show_kind k)
{
    switch (k) {
    /* TRANSLATORS: `unknot show` prints a timeline, one line per event:
     * the time, this word (the kind of line), then what happens.  Short
     * words keep the column narrow. */
    case K_SAY:      return C_("show line", "say");
    case K_QUESTION: return C_("show line", "question");
    case K_HOLD:     return C_("show line", "hold");
    case K_HOLD_END: return C_("show line", "hold end");
    case K_REST:     return C_("show line", "rest");
    case K_ANSWER:   return C_("show line", "answer");
    case K_RULE:     return C_("show line", "rule");
    case K_TOTAL:    return C_("show line", "total");
    case K_N:        break;
    }
    return "";
}

/* The kind column: as wide as the language's longest word plus two
 * spaces (10 in English: "question  "). */
static size_t kind_width(void)
{
    size_t w = 0;
    for (int k = 0; k < K_N; k++)
        if (utf8_width(kind_label(k)) > w)
            w = utf8_width(kind_label(k));
    return w + 2;
}

static void kind(enum show_kind k)
{
    const char *l = kind_label(k);
    fputs(l, stdout);
    for (size_t w = utf8_width(l), want = kind_width(); w < want; w++)
        putchar(' ');
}

static void stamp(long long t_ms)
{
    long long s = t_ms / 1000;
    /* TRANSLATORS: a time in the timeline: minutes, seconds, tenths of
     * a second ("1:06.3").  Use your language's decimal separator. */
    printf(C_("show line", "%3lld:%02lld.%lld"), s / 60, s % 60,
           (t_ms % 1000) / 100);
    fputs("  ", stdout);
}

static void on_say(void *user, const char *text, long long t_ms)
{
    (void)user;
    stamp(t_ms);
    kind(K_SAY);
    printf("%s\n", term_safe_lines(text));
}

static void on_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)user;
    if (!v->question)
        return;
    stamp(t_ms);
    kind(K_QUESTION);
    const char *id = term_safe(v->question->id);
    /* TRANSLATORS: %s is a question's id, such as "soreness". */
    if (v->question->kind == ANSWER_YES_NO)
        printf(C_("show line", "%s (yes or no)"), id);
    else if (v->answer_max == 10)
        printf(C_("show line", "%s (0 to 10)"), id);
    else
        printf(C_("show line", "%s (a number)"), id);
    putchar('\n');
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
        kind(K_HOLD);
        /* TRANSLATORS: %s is a step's id, such as "calves". */
        printf(a->side == SIDE_LEFT ? C_("show line", "%s, left side")
               : a->side == SIDE_RIGHT ? C_("show line", "%s, right side")
               : "%s", term_safe(a->step));
        putchar('\n');
        break;
    case COACH_ACT_HOLD_END:
        stamp(t_ms);
        kind(K_HOLD_END);
        /* TRANSLATORS: a step's id and how long its hold lasted, in
         * seconds. */
        printf(C_("show line", "%s (%lld s)"), term_safe(a->step),
               (t_ms - sh->hold_start + 500) / 1000);
        putchar('\n');
        break;
    case COACH_ACT_REST_START:
        stamp(t_ms);
        kind(K_REST);
        /* TRANSLATORS: a rest's length in seconds. */
        printf(C_("show line", "%d s"), st ? st->rest_s : 0);
        putchar('\n');
        break;
    case COACH_ACT_ANSWER:
        stamp(t_ms);
        kind(K_ANSWER);
        /* TRANSLATORS: a question's id and the answer `unknot show`
         * assumes for it (0 is no, 1 yes, or a number on the scale). */
        printf(C_("show line", "%s = %d (assumed)"), term_safe(a->question),
               a->value);
        putchar('\n');
        break;
    default:
        break;
    }
}

static void on_stop(void *user, const struct coach_action *a, long long t)
{
    (void)user;
    stamp(t);
    kind(K_RULE);
    printf("%s: %s\n", term_safe(a->rule), rule_action_name(a->action));
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
        fputs(_("usage: unknot show ROUTINE\n"
                "Prints the timeline of ROUTINE as the coach will speak "
                "it, with start times and the total.\n"),
              help ? stdout : stderr);
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
    /* The language before the first line: the session would choose the
     * same one, but only once it is created. */
    struct i18n_choice lang;
    session_language(r, &st, &lang);
    const char *title = term_safe(r->title), *rname = term_safe(r->name);
    unsigned long n = (unsigned long)r->step_count;
    if (st.detail == DETAIL_DETAILED)
        /* TRANSLATORS: the routine's title, its name, the number of
         * steps and the lead-in before the first hold, in seconds. */
        printf(ngettext("%s (%s): %lu step, detailed prompts, lead-in %d s",
                        "%s (%s): %lu steps, detailed prompts, lead-in %d s",
                        n), title, rname, n, st.lead_in_s);
    else
        printf(ngettext("%s (%s): %lu step, concise prompts, lead-in %d s",
                        "%s (%s): %lu steps, concise prompts, lead-in %d s",
                        n), title, rname, n, st.lead_in_s);
    putchar('\n');
    int status = EXIT_RUNTIME;
    struct session *s = session_create(&o, &fe, &sh, &err);
    if (s) {
        status = session_run_virtual(s, NULL, NULL);
        long long total = session_elapsed_ms(s);
        kind(K_TOTAL);
        /* TRANSLATORS: the routine's length: minutes:seconds, then in
         * seconds. */
        printf(C_("show line", "%lld:%02lld (%lld s)"), total / 60000,
               (total / 1000) % 60, (total + 500) / 1000);
        putchar('\n');
        if (status != EXIT_DONE)
            fprintf(stderr, "unknot show: %s\n",
                    _("the routine did not run to its end"));
        session_destroy(s);
    } else {
        fprintf(stderr, "unknot show: %s\n", err ? err : _("failed"));
        free(err);
    }
    answer_script_free(keep_going);
    routine_destroy(r);
    return status;
}
