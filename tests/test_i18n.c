/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The user's language (util/i18n.h, po/): the choice of a session's
 * language and voice; and, for German, French and Spanish, whole sessions
 * of a routine in that language (tests/i18n/LANG.ini) run in virtual time
 * through the real session driver, engine and catalogues, every screen
 * drawn by the SDL screens (dummy video driver) at 800x480 and 1920x1080,
 * at text scales 1 and 2.  Every said and every drawn text is compared
 * with the English msgids of po/unknot.pot: none may come from the
 * English catalogue, and every drawn text must stay on screen and not
 * overlap another.  Run from the source tree (make test does), with the
 * catalogues built into build/locale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/terminal.h"
#include "coach/answers.h"
#include "config/settings.h"
#include "routines/routine.h"
#include "session/session.h"
#include "tests/check.h"
#include "ui/front.h"
#include "ui/ui.h"
#include "util/i18n.h"
#include "util/util.h"

/* ---- the English msgids ------------------------------------------------ */

static char **msgids;
static size_t nmsgids;

static void unescape_append(char **dst, size_t *len, const char *q)
{
    /* q points after the opening quote of a "..." line */
    for (; *q && *q != '"'; q++) {
        char c = *q;
        if (c == '\\' && q[1]) {
            q++;
            c = *q == 'n' ? '\n' : *q == 't' ? '\t' : *q;
        }
        *dst = xrealloc(*dst, *len + 2);
        (*dst)[(*len)++] = c;
        (*dst)[*len] = '\0';
    }
}

static void load_msgids(void)
{
    FILE *f = fopen("po/unknot.pot", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[1024];
    char *cur = NULL;
    size_t len = 0;
    bool in_id = false;
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        bool id = !strncmp(line, "msgid \"", 7) ||
                  !strncmp(line, "msgid_plural \"", 14);
        if (id || (in_id && line[0] == '"')) {
            if (id && cur) {
                if (*cur) {
                    msgids = xgrow(msgids, &cap, nmsgids + 1,
                                   sizeof *msgids);
                    msgids[nmsgids++] = cur;
                } else {
                    free(cur);
                }
                cur = NULL;
                len = 0;
            }
            if (!cur)
                cur = xstrdup("");
            unescape_append(&cur, &len, strchr(line, '"') + 1);
            in_id = true;
        } else {
            in_id = false;
        }
    }
    if (cur && *cur) {
        msgids = xgrow(msgids, &cap, nmsgids + 1, sizeof *msgids);
        msgids[nmsgids++] = cur;
    } else {
        free(cur);
    }
    fclose(f);
}

/* The English text in t, or NULL: a msgid whose translation differs
 * (identical ones, "%d / 10" or French "STOP", are not English), found
 * whole or, for a msgid with placeholders, any of its literal parts of
 * a dozen characters or more. */
static const char *english_in(const char *t)
{
    for (size_t i = 0; i < nmsgids; i++) {
        const char *m = msgids[i];
        if (!strcmp(gettext(m), m))
            continue;
        if (!strcmp(t, m))
            return m;
        char part[512];
        const char *p = m;
        while (*p) {
            size_t k = 0;
            while (*p && *p != '%' && k + 1 < sizeof part)
                part[k++] = *p++;
            part[k] = '\0';
            if (k >= 12 && strstr(t, part))
                return m;
            if (*p == '%') {    /* skip the directive */
                p++;
                while (*p && !strchr("sdzuclf%", *p))
                    p++;
                if (*p)
                    p++;
            }
        }
    }
    return NULL;
}

/* ---- one session, drawn -------------------------------------------------- */

static const int sizes[][2] = { { 800, 480 }, { 1920, 1080 },
                                 { 1280, 720 } };
static const double scales[] = { 1.0, 2.0 };
/* The two sizes a run draws at (indices into sizes[]), each at both text
 * scales: the window's k-th screen is sizes[run_sizes[k / 2]] at
 * scales[k % 2]. */
static size_t run_sizes[2] = { 0, 1 };

struct run {
    const char *lang;
    struct session *s;
    struct ui_front f;
    struct ui *ui[4];
    size_t said, drawn, screens;
    int english, cut;
    size_t summaries;       /* summary screens drawn */
    size_t notices;         /* frames with a rule's notice band */
    /* The summary's rows each window showed whole: the label and, beside
     * it, the answer (red where the row fired a rule). */
    bool row_seen[4][UI_FRONT_ANSWERS];
    bool flag_red[4][UI_FRONT_ANSWERS];
    /* The last size and height each row's label was drawn at, to print. */
    int label_px[4][UI_FRONT_ANSWERS], label_h[4][UI_FRONT_ANSWERS];
};

static bool rect_inside(SDL_Rect r, int w, int h)
{
    return r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
}

/* Marks the summary rows drawn in ui k's last frame: a text item that is
 * the row's label, and to its right, level with it, one that is the
 * row's answer. */
static void see_rows(struct run *r, size_t k, struct ui *ui)
{
    for (size_t i = 0; i < r->f.row_count; i++) {
        const struct ui_answer_row *row = &r->f.rows[i];
        for (size_t t = 0; t < ui_text_count(ui); t++) {
            const struct ui_text_item *q = ui_text_at(ui, t);
            if (strcmp(q->text, row->question))
                continue;
            for (size_t u = 0; u < ui_text_count(ui); u++) {
                const struct ui_text_item *a = ui_text_at(ui, u);
                int mid = a->box.y + a->box.h / 2;
                if (u == t || strcmp(a->text, row->answer) ||
                    a->box.x < q->box.x + q->box.w || mid < q->box.y ||
                    mid > q->box.y + q->box.h)
                    continue;
                r->row_seen[k][i] = true;
                r->label_px[k][i] = q->px;
                r->label_h[k][i] = q->box.h;
                /* The flag colour: a light red on the dark background. */
                if (a->fg.r > a->fg.g + 0x40 && a->fg.r > a->fg.b + 0x40)
                    r->flag_red[k][i] = true;
            }
        }
    }
}

static void check_text(struct run *r, const char *what, const char *t)
{
    const char *m = english_in(t);
    if (m) {
        r->english++;
        check_fail(__FILE__, __LINE__, "%s: %s '%s' holds the English "
                   "msgid '%s'", r->lang, what, t, m);
    }
}

static void draw(struct run *r, const struct coach_view *v)
{
    struct ui_screen scr;
    long long now = v->phase_start_ms > 0 ? v->phase_start_ms : 0;
    for (size_t k = 0; k < 4; k++) {
        struct ui *ui = r->ui[k];
        ui_front_screen(&r->f, v, now, &scr);
        ui_render(ui, &scr);
        if (k == 0 && scr.kind == UI_SCREEN_SUMMARY)
            r->summaries++;
        if (scr.kind == UI_SCREEN_SUMMARY)
            see_rows(r, k, ui);
        if (k == 0 && scr.notice)
            r->notices++;
        int w = ui_width(ui), h = ui_height(ui);
        r->screens++;
        /* UNKNOT_I18N_SHOTS=DIR keeps every frame as a BMP, for a
         * translator to look at. */
        const char *shots = getenv("UNKNOT_I18N_SHOTS");
        if (shots && *shots) {
            char *p = xasprintf("%s/%s-%04zu-%dx%d-x%.0f.bmp", shots,
                                r->lang, r->screens / 4, w, h,
                                scales[k % 2]);
            char *err = NULL;
            if (ui_save_bmp(ui, p, &err) < 0)
                fprintf(stderr, "%s: %s\n", p, err ? err : "?");
            free(err);
            free(p);
        }
        for (size_t t = 0; t < ui_text_count(ui); t++) {
            const struct ui_text_item *it = ui_text_at(ui, t);
            r->drawn++;
            if (k == 0)
                check_text(r, "drawn", it->text);
            if (it->cut) {
                r->cut++;
                check_fail(__FILE__, __LINE__, "%s %dx%d scale %.0f: '%s' "
                           "does not fit (cut)", r->lang, w, h,
                           scales[k % 2], it->text);
            }
            if (!rect_inside(it->box, w, h))
                check_fail(__FILE__, __LINE__, "%s %dx%d scale %.0f: '%s' "
                           "off screen", r->lang, w, h, scales[k % 2],
                           it->text);
            for (size_t u = t + 1; u < ui_text_count(ui); u++) {
                const struct ui_text_item *o = ui_text_at(ui, u);
                SDL_Rect both;
                if (SDL_IntersectRect(&it->box, &o->box, &both) &&
                    both.w > 4 && both.h > it->px / 4 && both.h > o->px / 4)
                    check_fail(__FILE__, __LINE__, "%s %dx%d scale %.0f: "
                               "'%s' overlaps '%s'", r->lang, w, h,
                               scales[k % 2], it->text, o->text);
            }
        }
    }
}

static void redraw(struct run *r)
{
    struct coach_view v;
    coach_view(session_engine(r->s), &v);
    draw(r, &v);
}

static void fe_show(void *user, const struct coach_view *v)
{
    draw(user, v);
}

static void fe_say(void *user, const char *text, long long t_ms)
{
    (void)t_ms;
    struct run *r = user;
    r->said++;
    check_text(r, "said", text);
}

static void fe_ask(void *user, const struct coach_view *v, long long t_ms)
{
    (void)t_ms;
    draw(user, v);
}

static void fe_act(void *user, const struct coach_action *a, long long t_ms)
{
    (void)t_ms;
    struct run *r = user;
    if (ui_front_action(&r->f, a) && r->s)
        redraw(r);
}

/* Set: at the end, the stop screen is acknowledged and the summary drawn. */
static bool ack_stops;
/* Set: the summary is then scrolled up to its first row and down to its
 * last, a row at a time, drawn at each step. */
static bool scroll_summary;

static void fe_end(void *user, enum coach_outcome o, const char *summary)
{
    (void)o;
    struct run *r = user;
    if (summary)
        check_text(r, "summary", summary);
    r->f.ended = true;
    redraw(r);
    if (ack_stops && r->f.stop_held) {
        /* The user acknowledges the stop screen (OK), as in the window:
         * the summary comes next. */
        struct coach_view v;
        coach_view(session_engine(r->s), &v);
        struct coach_event ev;
        bool again = false;
        ui_front_input(&r->f, &v, (struct ui_input){ .cmd = UI_CMD_OK },
                       &ev, &again);
        CHECK(!r->f.stop_held);
        redraw(r);
    }
    /* Up, then Down, as the user would press them, until the list moves
     * no more. */
    for (int dir = 0; scroll_summary && dir < 2; dir++) {
        for (;;) {
            struct coach_view v;
            coach_view(session_engine(r->s), &v);
            struct coach_event ev;
            bool again = false;
            size_t before = r->f.first_row;
            ui_front_input(&r->f, &v, (struct ui_input){
                               .cmd = dir ? UI_CMD_NEXT : UI_CMD_PREV },
                           &ev, &again);
            if (r->f.first_row == before)
                break;
            redraw(r);
        }
    }
}

static struct routine *load(const char *path)
{
    struct diag_list dl;
    diag_init(&dl);
    struct routine *r = routine_load_file(path, &dl);
    if (!r)
        diag_print(&dl, stderr);
    diag_free(&dl);
    return r;
}

/* Runs tests/i18n/LANG.ini with `answers`; returns the exit status. */
static int run_session(const char *lang, const char *answers,
                       struct run *r)
{
    /* English: the German routine without its language, in the English
     * of the `language` setting. */
    bool en = !strcmp(lang, "en");
    char path[64];
    snprintf(path, sizeof path, "tests/i18n/%s.ini", en ? "de" : lang);
    struct routine *rt = load(path);
    CHECK(rt != NULL);
    if (!rt)
        return -1;
    if (en)
        rt->language_set = false;
    memset(r, 0, sizeof *r);
    r->lang = lang;
    for (size_t k = 0; k < 4; k++) {
        struct ui_options uo = { .width = sizes[run_sizes[k / 2]][0],
                                 .height = sizes[run_sizes[k / 2]][1],
                                 .hidden = true,
                                 .text_scale = scales[k % 2] };
        char *err = NULL;
        r->ui[k] = ui_create(&uo, &err);
        CHECK(r->ui[k] != NULL);
        free(err);
        if (!r->ui[k])
            return -1;
    }
    ui_front_init(&r->f, rt);
    char *err = NULL;
    struct answer_script *as = answer_script_parse(answers, &err);
    CHECK(as != NULL);
    free(err);
    struct settings st;
    settings_defaults(&st);
    if (en)
        snprintf(st.language, sizeof st.language, "en");
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = rt;
    o.settings = &st;
    o.answers = as;
    o.wall_start_s = 1800000000;
    struct session_frontend fe = {
        .show = fe_show, .say = fe_say, .ask = fe_ask, .stop = fe_act,
        .action = fe_act, .end = fe_end,
    };
    r->s = session_create(&o, &fe, r, &err);
    CHECK(r->s != NULL);
    free(err);
    int status = -1;
    if (r->s) {
        CHECK_STR(i18n_current(), lang);
        status = session_run_virtual(r->s, NULL, NULL);
        session_destroy(r->s);
    }
    r->s = NULL;
    for (size_t k = 0; k < 4; k++)
        ui_destroy(r->ui[k]);
    answer_script_free(as);
    routine_destroy(rt);
    return status;
}

static const char *const langs[] = { "de", "fr", "es" };

/* From the screening to the summary, entirely in the language. */
static void test_whole_sessions(void)
{
    for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
        struct run r;
        char a[96];
        snprintf(a, sizeof a, "*=no,soreness=2,%s=yes",
                 !strcmp(langs[i], "de") ? "fuss-spuere"
                 : !strcmp(langs[i], "fr") ? "sentir-pied" : "sentir-pie");
        CHECK_INT(run_session(langs[i], a, &r), ==, 0);
        CHECK(r.said > 40);
        CHECK(r.screens > 100);
        CHECK_INT(r.english, ==, 0);
        printf("  %s: %zu utterances, %zu screens, %zu texts drawn\n",
               langs[i], r.said, r.screens, r.drawn);
    }
}

/* The stop screens: the urgent one (chest pain) and not today (unwell),
 * with their messages, in the language. */
static void test_stops(void)
{
    for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
        struct run r;
        CHECK_INT(run_session(langs[i], "chest-pain=yes,*=no,soreness=2",
                              &r), ==, 3);
        CHECK_INT(r.english, ==, 0);
        CHECK(r.f.stop_held);
        CHECK_INT(r.f.stop_action, ==, ACTION_URGENT);
        CHECK_INT(run_session(langs[i], "daily-unwell=yes,*=no", &r), ==, 3);
        CHECK_INT(r.english, ==, 0);
        CHECK_INT(r.f.stop_action, ==, ACTION_NOT_START);
    }
}

/* The summary's advice after a stop, in English and each language: the
 * rule's own words, then the general advice of its action only where the
 * words do not already say what to do (rest, see a doctor, call
 * emergency services).  Which do is the rule table's, not a search of the
 * English words, so it holds in every language. */
static void test_summary_advice(void)
{
    static const char *const all[] = { "en", "de", "fr", "es" };
    static const struct {
        const char *answers;
        enum rule_action action;
        bool says;          /* the message says what to do */
    } cases[] = {
        /* "Sit up slowly and rest. ... please see a doctor." */
        { "tingling=yes,tingling-lasts=yes,*=no,soreness=2", ACTION_STOP,
          true },
        /* "Stop now and call emergency services." */
        { "chest-pain=yes,*=no,soreness=2", ACTION_URGENT, true },
        /* "Let's wait until you feel better.": no advice of its own. */
        { "daily-unwell=yes,*=no", ACTION_NOT_START, false },
    };
    for (size_t i = 0; i < ARRAY_LEN(all); i++)
        for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
            struct run r;
            ack_stops = true;
            run_session(all[i], cases[k].answers, &r);
            ack_stops = false;
            CHECK_INT(r.f.end_action, ==, cases[k].action);
            CHECK(r.summaries > 0);
            i18n_use(all[i]);
            const char *todo = ui_stop_advice(cases[k].action);
            char want[1024];
            if (cases[k].says)
                snprintf(want, sizeof want, "%s", r.f.end_message);
            else
                snprintf(want, sizeof want, "%s %s", r.f.end_message, todo);
            CHECK(r.f.end_message[0] != '\0');
            if (strcmp(r.f.todo, want))
                check_fail(__FILE__, __LINE__, "%s, %s: summary advice "
                           "\"%s\", expected \"%s\"", all[i],
                           cases[k].answers, r.f.todo, want);
            /* The general advice appears once at most. */
            const char *first = strstr(r.f.todo, todo);
            CHECK(!first || !strstr(first + 1, todo));
            if (k == 0)
                printf("  %s: \"%s\"\n", all[i], r.f.todo);
        }
}

/* The terminal with voice answers off (every language but English,
 * docs/voice.md): the coach's sentences that name voice commands come out
 * naming the keys instead, in the session's language; a text around them
 * is kept. */
static void test_keyboard_text(void)
{
    static const char *const all[] = { "en", "de", "fr", "es" };
    static const struct { const char *said; const char *keys[5]; } cases[] = {
        { "You can say pause, resume, repeat, skip or stop at any time.",
          { "p (", "r (", "a (", "s (", "q (" } },
        { "Say pause or stop at any time.", { "p (", "q (" } },
        { "Paused. Say resume when you're ready.", { " r " } },
        { "Say resume to go on with the next area, or stop to finish.",
          { " r " } },
    };
    for (size_t i = 0; i < ARRAY_LEN(all); i++) {
        i18n_use(all[i]);
        for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
            const char *said = _(cases[k].said);
            if (strcmp(all[i], "en"))
                CHECK(strcmp(said, cases[k].said) != 0);   /* translated */
            const char *head = _("Let's begin.");
            const char *tail = _("Stop at once if you feel tingling, "
                                 "numbness, sharp pain or dizziness.");
            char *in = xasprintf("%s %s %s", head, said, tail);
            char out[1024];
            terminal_keyboard_text(in, out, sizeof out);
            CHECK(strstr(out, said) == NULL);
            /* The sentences around it stand. */
            CHECK(!strncmp(out, head, strlen(head)));
            CHECK(strstr(out, tail) != NULL);
            /* The keys named, and Enter in the language's word for it. */
            char padded[1100];
            snprintf(padded, sizeof padded, " %s ", out);
            for (size_t j = 0; j < 5 && cases[k].keys[j]; j++)
                if (!strstr(padded, cases[k].keys[j]))
                    check_fail(__FILE__, __LINE__, "%s: \"%s\" names no "
                               "'%s' key: \"%s\"", all[i], said,
                               cases[k].keys[j], out);
            static const char *const enter[] = { "Enter", "Enter",
                                                 "Entrée", "Intro" };
            CHECK(strstr(out, enter[i]) != NULL);
            if (k == 1)
                printf("  %s: \"%s\"\n", all[i], out);
            free(in);
        }
    }
    i18n_use("en");
}

/* A rule's notice during the session (the routine's own skip-region rule
 * on the feet), then an urgent stop (chest pain, on the forearms) and,
 * once the stop screen is acknowledged, the summary after it with its
 * outcome, advice, changes and answers: all said and drawn in the
 * language, none from the English msgids. */
static void test_summary_after_stop(void)
{
    for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
        struct run r;
        char a[128];
        snprintf(a, sizeof a, "%s=no,chest-pain=yes,*=no,soreness=2",
                 !strcmp(langs[i], "de") ? "fuss-spuere"
                 : !strcmp(langs[i], "fr") ? "sentir-pied" : "sentir-pie");
        ack_stops = true;
        CHECK_INT(run_session(langs[i], a, &r), ==, 3);
        ack_stops = false;
        CHECK_INT(r.english, ==, 0);
        CHECK(r.f.change_count >= 1);       /* the feet skipped */
        CHECK(r.notices > 0);
        CHECK(r.summaries > 0);
        CHECK_INT(r.f.end_action, ==, ACTION_URGENT);
        CHECK(r.f.row_count > 0);
        /* What the summary heads with is the language's, not English. */
        CHECK(strcmp(r.f.outcome_text, "Stopped: a warning sign") != 0);
        CHECK(r.f.outcome_text[0] != '\0');
        /* The English msgids of these texts are in po/unknot.pot, but a
         * text built in code from English words would not be: check the
         * change, the advice and the answers by their English too. */
        CHECK(r.f.grouped_count >= 1);
        if (r.f.grouped_count)
            CHECK(strncmp(r.f.grouped[0].what, "Skipped", 7) != 0);
        for (size_t k = 0; k < r.f.row_count; k++) {
            CHECK(strcmp(r.f.rows[k].answer, "yes") != 0);
            if (strcmp(langs[i], "es"))     /* Spanish "no" is "no" */
                CHECK(strcmp(r.f.rows[k].answer, "no") != 0);
            CHECK(strstr(r.f.rows[k].question, "soreness after") == NULL);
        }
        printf("  %s: summary \"%s\" after %zu notice frames\n", langs[i],
               r.f.outcome_text, r.notices);
    }
}

/* A stop by tingling on the calves ("Any numbness, tingling or shooting
 * pain?" answered yes, and still there after moving off the spot): the
 * summary's row for it is the longest label of the list, in French above
 * all.  At 800x480 and 1280x720, at text scales 1 and 2, scrolled from
 * the row it opens on to the end: every row is drawn whole once, its
 * label and its answer side by side, nothing cut (the checks in draw()),
 * off screen or overlapping, and the tingling row's answer in red. */
static void test_summary_after_tingling(void)
{
    run_sizes[0] = 0;
    run_sizes[1] = 2;
    for (size_t i = 0; i < ARRAY_LEN(langs); i++) {
        struct run r;
        ack_stops = true;
        scroll_summary = true;
        CHECK_INT(run_session(langs[i], "tingling=yes,tingling-lasts=yes,"
                              "*=no,soreness=2", &r), ==, 3);
        ack_stops = false;
        scroll_summary = false;
        CHECK_INT(r.english, ==, 0);
        CHECK_INT(r.cut, ==, 0);
        CHECK(r.summaries > 0);
        CHECK_INT(r.f.end_action, ==, ACTION_STOP);
        size_t tingling = (size_t)-1;
        for (size_t k = 0; k < r.f.row_count; k++)
            if (!strcmp(r.f.rows[k].question_id, "tingling"))
                tingling = k;
        CHECK(tingling != (size_t)-1);
        if (tingling == (size_t)-1)
            continue;
        CHECK(r.f.rows[tingling].flagged);
        /* The region and the question joined as the language does: French
         * puts a space before the colon. */
        CHECK_CONTAINS(r.f.rows[tingling].question,
                       !strcmp(langs[i], "fr") ? "Mollets : "
                       : !strcmp(langs[i], "de") ? "Waden: "
                       : "Pantorrillas: ");
        /* Every row by its words, the follow-up ("is the tingling still
         * there?") too, not by its id. */
        for (size_t row = 0; row < r.f.row_count; row++)
            if (strstr(r.f.rows[row].question, r.f.rows[row].question_id))
                check_fail(__FILE__, __LINE__, "%s: summary row '%s' shows "
                           "its id", langs[i], r.f.rows[row].question);
        for (size_t k = 0; k < 4; k++) {
            for (size_t row = 0; row < r.f.row_count; row++)
                if (!r.row_seen[k][row])
                    check_fail(__FILE__, __LINE__, "%s %dx%d scale %.0f: "
                               "summary row '%s' / '%s' never drawn whole",
                               langs[i], sizes[run_sizes[k / 2]][0],
                               sizes[run_sizes[k / 2]][1], scales[k % 2],
                               r.f.rows[row].question, r.f.rows[row].answer);
            if (!r.flag_red[k][tingling])
                check_fail(__FILE__, __LINE__, "%s %dx%d scale %.0f: the "
                           "tingling answer '%s' is not drawn red", langs[i],
                           sizes[run_sizes[k / 2]][0],
                           sizes[run_sizes[k / 2]][1], scales[k % 2],
                           r.f.rows[tingling].answer);
        }
        printf("  %s: \"%s\" / \"%s\", %zu rows; label", langs[i],
               r.f.rows[tingling].question, r.f.rows[tingling].answer,
               r.f.row_count);
        for (size_t k = 0; k < 4; k++)
            printf("%s %dx%d x%.0f %d px, %d px high", k ? ";" : "",
                   sizes[run_sizes[k / 2]][0], sizes[run_sizes[k / 2]][1],
                   scales[k % 2], r.label_px[k][tingling],
                   r.label_h[k][tingling]);
        printf("\n");
    }
    run_sizes[0] = 0;
    run_sizes[1] = 1;
}

/* Routine, then setting, then system, then English; the voice follows. */
static void test_choice(void)
{
    struct i18n_choice c;
    i18n_choose("de", "fr", "en", &c);
    CHECK_STR(c.catalogue, "de");
    CHECK_STR(c.voice, "de");
    CHECK_INT(c.source, ==, I18N_FROM_ROUTINE);
    i18n_choose(NULL, "fr", "en", &c);
    CHECK_STR(c.catalogue, "fr");
    CHECK_STR(c.voice, "fr");
    CHECK_INT(c.source, ==, I18N_FROM_SETTING);
    i18n_choose("", "system", "en-029", &c);     /* LANGUAGE=es (main) */
    CHECK_STR(c.catalogue, "es");
    CHECK_STR(c.voice, "es");
    CHECK_INT(c.source, ==, I18N_FROM_SYSTEM);
    i18n_choose("en-us", "de", "en-029", &c);
    CHECK_STR(c.catalogue, "en");
    CHECK_STR(c.voice, "en-us");
    i18n_choose(NULL, "en", "en-029", &c);
    CHECK_STR(c.voice, "en-029");
    /* No catalogue: English texts, an English voice. */
    i18n_choose("it", "de", "en", &c);
    CHECK(!c.has_catalogue);
    CHECK_STR(c.asked, "it");
    CHECK_STR(c.catalogue, "en");
    CHECK_STR(c.voice, "en");
    i18n_choose(NULL, "de-AT", "en", &c);
    CHECK_STR(c.catalogue, "de");
}

/* Switching back and forth, with only C.UTF-8 to rely on (this test runs
 * in a C locale whatever the machine has generated). */
static void test_switch(void)
{
    CHECK_INT(i18n_use("de"), ==, 0);
    CHECK_STR(_("Five seconds."), "Noch fünf Sekunden.");
    /* The English check itself finds English, whole or in a sentence. */
    CHECK(english_in("Five seconds.") != NULL);
    CHECK(english_in("Waden, with the roller. Sitzen.") != NULL);
    CHECK(english_in("HOLD") != NULL);
    CHECK(english_in("Noch fünf Sekunden.") == NULL);
    CHECK(english_in("%d / 10") == NULL);
    CHECK_INT(i18n_use("fr"), ==, 0);
    CHECK_STR(_("Five seconds."), "Encore cinq secondes.");
    CHECK_INT(i18n_use("en"), ==, 0);
    CHECK_STR(_("Five seconds."), "Five seconds.");
    CHECK_INT(i18n_use("xx"), ==, -1);
    CHECK_STR(i18n_current(), "en");
    CHECK_INT(i18n_use("es"), ==, 0);
    CHECK_STR(_("Five seconds."), "Quedan cinco segundos.");
    CHECK_STR(ngettext("%lld second", "%lld seconds", 2), "%lld segundos");
    CHECK(i18n_text("") != NULL && !*i18n_text(""));
    CHECK(i18n_text(NULL) == NULL);
    i18n_use("en");
}

struct said {
    char first[256];
    size_t n;
};

static void said_cb(void *user, const char *text, long long t_ms)
{
    (void)t_ms;
    struct said *sd = user;
    if (!sd->n++)
        snprintf(sd->first, sizeof sd->first, "%s", text);
}

/* The first words of a session whose front end left voice input off for
 * its language (or: the session is in English). */
static const char *first_said(const char *routine_path, struct said *sd)
{
    struct routine *rt = load(routine_path);
    CHECK(rt != NULL);
    memset(sd, 0, sizeof *sd);
    if (!rt)
        return "";
    struct session_options o;
    memset(&o, 0, sizeof o);
    o.routine = rt;
    o.voice_off_for_language = true;
    o.assume_screened = true;
    struct session_frontend fe = { .say = said_cb };
    char *err = NULL;
    struct session *s = session_create(&o, &fe, sd, &err);
    free(err);
    CHECK(s != NULL);
    if (s) {
        session_start(s, 0);
        session_destroy(s);
    }
    routine_destroy(rt);
    return sd->first;
}

/* The recogniser is English only: a session in another language says
 * once, first, that voice answers are off; an English one does not. */
static void test_voice_off_notice(void)
{
    struct said sd;
    CHECK_STR(first_said("tests/i18n/de.ini", &sd),
              "Sprachantworten gibt es nur auf Englisch, deshalb sind sie "
              "heute aus. Antworten Sie mit den Tasten oder am Bildschirm.");
    /* English: the session begins as usual, with the routine's title. */
    CHECK(str_starts_with(first_said("routines/full-body-basic.ini", &sd),
                          "Full-body basic."));
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("UNKNOT_LOG", "error", 1);
    /* A machine with no locale but C: gettext must still switch. */
    setenv("LC_ALL", "C", 1);
    setenv("LANGUAGE", "es", 1);
    setenv("XDG_DATA_HOME", check_tmpdir(), 1);
    i18n_init();
    load_msgids();
    CHECK(nmsgids > 150);
    RUN_TEST(test_choice);
    RUN_TEST(test_switch);
    RUN_TEST(test_whole_sessions);
    RUN_TEST(test_stops);
    RUN_TEST(test_summary_after_stop);
    RUN_TEST(test_summary_advice);
    RUN_TEST(test_keyboard_text);
    RUN_TEST(test_summary_after_tingling);
    RUN_TEST(test_voice_off_notice);
    for (size_t i = 0; i < nmsgids; i++)
        free(msgids[i]);
    free(msgids);
    SDL_Quit();
    return check_summary("test_i18n");
}
